"""The client of pagefind --service: pages in, a reproducible bundle out, failures reported."""

from __future__ import annotations

import pytest

import search_index.service as service
from search_index.canonical import canonicalize_bundle, unpack
from search_index.errors import SearchIndexFailed
from search_index.service import PagefindService

from .conftest import article_html

STORIES = [("Alpha", "Northwind", "2023"), ("Beta", "Vcanbio", "2024"), ("Gamma", "Silverfir", "2024"),
           ("Delta", "Jadeleaf", "2025"), ("Epsilon", "Bluegate", "2025")]  # fmt: skip


def pages():
    return [(f"/news/{title.lower()}/", article_html(title, company, year)) for title, company, year in STORIES]


def bundle(documents=None):
    with PagefindService("en", 60) as index:
        index.add_pages(documents if documents is not None else pages())
        return index.files()


def test_every_page_is_indexed_with_its_filters():
    files = bundle()
    fragments = [name for name in files if name.startswith("fragment/")]
    assert len(fragments) == len(STORIES)
    assert "pagefind.js" in files and "pagefind-entry.json" in files
    filters = {unpack(data)[0]: unpack(data)[1] for name, data in files.items() if name.startswith("filter/")}
    assert sorted(value[0] for value in filters["company"]) == sorted(company for _, company, _ in STORIES)


def test_two_runs_give_identical_canonical_bundles():
    assert canonicalize_bundle(bundle()) == canonicalize_bundle(bundle())


def test_stray_configuration_in_the_environment_cannot_change_the_index(monkeypatch):
    expected = canonicalize_bundle(bundle())
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "fr")
    monkeypatch.setenv("PAGEFIND_EXCLUDE_SELECTORS", "h1")
    assert canonicalize_bundle(bundle()) == expected


def test_a_missing_binary_fails_with_its_path(monkeypatch, tmp_path):
    monkeypatch.setattr(service, "get_executable", lambda: tmp_path / "no-pagefind")
    with pytest.raises(SearchIndexFailed, match="could not be started"):
        bundle()


def test_a_service_that_stops_fails_instead_of_hanging(monkeypatch, tmp_path):
    script = tmp_path / "pagefind"
    script.write_text("#!/bin/sh\nexit 3\n")
    script.chmod(0o755)
    monkeypatch.setattr(service, "get_executable", lambda: script)
    with pytest.raises(SearchIndexFailed, match="stopped|did not answer"):
        bundle()


def test_a_silent_service_fails_after_the_timeout(monkeypatch, tmp_path):
    script = tmp_path / "pagefind"
    script.write_text("#!/bin/sh\nexec sleep 30\n")
    script.chmod(0o755)
    monkeypatch.setattr(service, "get_executable", lambda: script)
    with pytest.raises(SearchIndexFailed, match="did not answer within 1 seconds"):
        with PagefindService("en", 1):
            pass
