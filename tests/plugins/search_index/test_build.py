"""The built sample site: what article pages give Pagefind, what is indexed, the search page."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

import search_index.service as service
import sitebuild
from content_model import DEFAULT_KINDS
from search_index import search_filters

from ...conftest import FIXTURE_SITE, build_content

VUM02_STORY = "news/2024/05/vcanbio-cleared-to-test-vum02-in-aclf-and-ards/index.html"


def tree_digest(folder: Path) -> dict[str, str]:
    files = (path for path in folder.rglob("*") if path.is_file())
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def article_pages(site: Path) -> list[Path]:
    return sorted(site.glob("news/*/*/*/index.html"))


def pagefind_values(page: BeautifulSoup, attribute: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for element in page.select(f"[{attribute}]"):
        values.setdefault(element[attribute], []).append(element.get_text())
    return values


def test_no_page_carries_search_markup(sample_site):
    """The index is built from the content model: pages need no hidden data for it."""
    for path in sample_site.rglob("*.html"):
        if "pagefind" not in path.parts:
            assert "data-pagefind" not in path.read_text(encoding="utf-8"), path


def test_the_index_is_written_and_holds_exactly_the_article_pages(sample_site):
    bundle = sample_site / "pagefind"
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.5.2"
    assert entry["languages"]["en"]["page_count"] == len(article_pages(sample_site))
    assert (bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").is_file()
    assert len(list((bundle / "filter").glob("*.pf_filter"))) == len(search_filters(DEFAULT_KINDS))
    assert list((bundle / "fragment").glob("*.pf_fragment"))
    assert not (bundle / "playground").exists()


def test_the_search_page_has_a_form_filters_and_a_no_script_notice(sample_site):
    page = soup(sample_site / "search" / "index.html")
    app = page.select_one("[data-search]")
    # In place from the first paint (nothing shifts when the script starts); without JavaScript a stylesheet hides it.
    assert not app.has_attr("hidden")
    [noscript_css] = page.select("head noscript link[rel=stylesheet]")
    assert ".search { display: none; }" in (sample_site / "search" / noscript_css["href"]).resolve().read_text()
    query = app.select_one("form[role=search] input[type=search][name=q]")
    assert page.select_one(f"label[for={query['id']}]").get_text(strip=True)
    assert [fieldset["data-filter"] for fieldset in app.select("fieldset[data-filter]")] == [
        search_filter.key for search_filter in search_filters(DEFAULT_KINDS)
    ]
    assert app.select_one("[role=status]")
    notice = page.select_one("main noscript")
    assert "JavaScript" in notice.get_text()
    links = {urljoin("/search/", a["href"]) for a in BeautifulSoup(notice.decode_contents(), "lxml").select("a")}
    assert links == {"/companies/", "/diseases/", "/products/", "/regulators/", "/therapeutic-areas/"}
    [script] = page.select("script[type=module][src]")
    assert (sample_site / "search" / script["src"]).resolve().is_file()
    bundles = [urljoin("/search/", bundle) for bundle in app["data-bundles"].split()]
    assert bundles == ["/pagefind/"]
    for stylesheet in page.select("link[rel=stylesheet]"):
        assert (sample_site / "search" / stylesheet["href"]).resolve().is_file()


@pytest.mark.parametrize(
    "page", ["index.html", VUM02_STORY, "companies/vcanbio/index.html", "diseases/index.html", "404.html"]
)
def test_every_page_header_has_a_plain_get_form_to_the_search_page(sample_site, page):
    form = soup(sample_site / page).select_one("header form[role=search]")
    assert form["method"].lower() == "get"
    assert urljoin(f"/{page}", form["action"]) == "/search/"
    assert form.select_one("input[name=q]")


def test_the_index_searches_every_name_of_the_vum02_story(sample_site):
    """Pagefind's word index of the sample holds the ticker, the Chinese and the abbreviated names."""
    from search_index.canonical import unpack

    words = set()
    for chunk in (sample_site / "pagefind" / "index").glob("*.pf_index"):
        words |= {entry[0] for entry in unpack(chunk.read_bytes())[0]}
    assert {"600645", "aclf", "nmpa"} <= words
    assert any("中源" in word or "协和" in word for word in words)


def test_a_failed_index_fails_the_build_and_keeps_the_old_site(tmp_path, monkeypatch):
    output = build_content(FIXTURE_SITE, tmp_path / "output")
    before = tree_digest(output)
    failing = tmp_path / "fake-pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: disk full' >&2\nexit 1\n", encoding="utf-8")
    failing.chmod(failing.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(service, "get_executable", lambda: failing)
    with pytest.raises(sitebuild.BuildFailed, match="Pagefind"):
        build_content(FIXTURE_SITE, output)
    assert tree_digest(output) == before
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.startswith(".cache")) == [".output.lock", "fake-pagefind", "output"]
