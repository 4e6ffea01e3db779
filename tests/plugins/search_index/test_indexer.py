"""Running Pagefind: what is indexed, and every way it can fail the build."""

from __future__ import annotations

import json
import stat

import pytest

import search_index.indexer as indexer
from search_index.errors import SearchIndexFailed
from search_index.indexer import index_site, marked_pages, pages_glob

GLOB = "news/*/index.html"


def fake_pagefind(tmp_path, script: str):
    path = tmp_path / "fake-pagefind"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return lambda: path


def test_only_marked_pages_are_indexed(html_site):
    assert marked_pages(html_site, GLOB) == 5
    assert index_site(html_site, GLOB, "en", timeout=60) == 5
    entry = json.loads((html_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]
    assert (html_site / "pagefind" / "pagefind.js").is_file()
    assert not (html_site / "pagefind" / "playground").exists()


def test_the_glob_of_article_pages_comes_from_their_save_as_pattern():
    assert pages_glob("news/{date:%Y}/{date:%m}/{slug}/index.html") == "news/*/*/*/index.html"
    assert pages_glob("{slug}.html") == "*.html"


def test_marked_pages_outside_the_glob_are_not_indexed(html_site):
    page = html_site / "index.html"
    marked = page.read_text(encoding="utf-8").replace("<article>", "<article data-pagefind-body>")
    page.write_text(marked, encoding="utf-8")
    assert index_site(html_site, GLOB, "en", timeout=60) == 5


def test_text_that_mentions_the_marker_does_not_count(html_site):
    (html_site / "guide.html").write_text(
        "<html><body><p>Mark pages with &lt;article data-pagefind-body&gt;.</p></body></html>", encoding="utf-8"
    )
    assert marked_pages(html_site, GLOB) == 5


def test_a_site_without_marked_pages_gets_no_index(html_site):
    for page in html_site.rglob("*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace(" data-pagefind-body", ""), encoding="utf-8")
    assert index_site(html_site, GLOB, "en", timeout=60) == 0
    assert not (html_site / "pagefind").exists()


@pytest.mark.parametrize("source", ["environment", "config file"])
def test_stray_configuration_cannot_change_the_index(html_site, tmp_path, monkeypatch, source):
    # Either would leave Pagefind nothing to index if it were read.
    if source == "environment":
        monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "#nothing")
    else:
        (tmp_path / "pagefind.yml").write_text('root_selector: "#nothing"\n', encoding="utf-8")
        monkeypatch.chdir(tmp_path)
    assert index_site(html_site, GLOB, "en", timeout=60) == 5


def test_a_failing_pagefind_fails_with_its_message(html_site, tmp_path, monkeypatch):
    failing = fake_pagefind(tmp_path, 'echo "Error: out of disk space" >&2; exit 3')
    monkeypatch.setattr(indexer, "get_executable", failing)
    with pytest.raises(SearchIndexFailed, match="exit status 3: Error: out of disk space"):
        index_site(html_site, GLOB, "en", timeout=60)


def test_a_hanging_pagefind_fails_after_the_timeout(html_site, tmp_path, monkeypatch):
    monkeypatch.setattr(indexer, "get_executable", fake_pagefind(tmp_path, "exec sleep 30"))
    with pytest.raises(SearchIndexFailed, match="within 0.5 seconds"):
        index_site(html_site, GLOB, "en", timeout=0.5)


def test_a_missing_pagefind_binary_fails_the_build(html_site, tmp_path, monkeypatch):
    monkeypatch.setattr(indexer, "get_executable", lambda: tmp_path / "no-such-binary")
    with pytest.raises(SearchIndexFailed, match="could not be started"):
        index_site(html_site, GLOB, "en", timeout=60)


def test_a_pagefind_that_writes_nothing_fails_the_build(html_site, tmp_path, monkeypatch):
    monkeypatch.setattr(indexer, "get_executable", fake_pagefind(tmp_path, "exit 0"))
    with pytest.raises(SearchIndexFailed, match="Pagefind wrote no readable index"):
        index_site(html_site, GLOB, "en", timeout=60)


def test_pages_pagefind_skipped_fail_the_build(html_site, monkeypatch):
    # Pagefind counts one page fewer than were marked: the build must not publish a partial index.
    monkeypatch.setattr(indexer, "marked_pages", lambda site, glob: 6)
    with pytest.raises(SearchIndexFailed, match="6 pages are marked for the search index but Pagefind indexed 5"):
        index_site(html_site, GLOB, "en", timeout=60)
