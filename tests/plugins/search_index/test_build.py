"""The built sample site: what article pages give Pagefind, what is indexed, the search page."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

import search_index.indexer as indexer
import sitebuild
from search_index.records import SEARCH_FILTERS

from ...conftest import FIXTURES, build_content

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


def test_every_article_page_is_marked_for_the_index_with_its_data(sample_site):
    pages = article_pages(sample_site)
    assert len(pages) >= 25
    for path in pages:
        page = soup(path)
        [body] = page.select("[data-pagefind-body]")
        assert body.name == "article" and "story" in body["class"], path
        filters = pagefind_values(page, "data-pagefind-filter")
        assert filters["company"] and filters["year"], path
        assert set(filters) <= {search_filter.key for search_filter in SEARCH_FILTERS}, path
        meta = pagefind_values(page, "data-pagefind-meta")
        assert set(meta) == {"title", "date", "date_label", "summary", "companies"}, path
        assert meta["title"] == [page.h1.get_text(strip=True)], path
        assert meta["date"] == [page.select_one(".byline time")["datetime"][:10]], path
        [sort] = pagefind_values(page, "data-pagefind-sort")["date"]
        assert sort.endswith("Z"), path
        # The data is there for Pagefind only: hidden, and never indexed as page text twice.
        assert all(element.find_parent(attrs={"hidden": True}) or element.has_attr("hidden")
                   for element in page.select("[data-pagefind-filter], [data-pagefind-meta]")), path  # fmt: skip


def test_the_vum02_story_indexes_every_name_of_its_entities(sample_site):
    page = soup(sample_site / VUM02_STORY)
    indexed_names = " ".join(p.get_text() for p in page.select("article.story section[hidden] p[data-pagefind-weight]"))
    for name in ("600645", "中源协和", "ACLF", "acute-on-chronic liver failure", "慢加急性肝衰竭", "ARDS", "NMPA"):
        assert name in indexed_names
    filters = pagefind_values(page, "data-pagefind-filter")
    assert filters["company"] == ["Vcanbio Cell & Gene Engineering Corp., Ltd"]
    assert filters["product"] == ["VUM02"]
    assert filters["regulator"] == ["National Medical Products Administration"]
    assert filters["event"] == ["Trial approval"]
    assert filters["year"] == ["2024"]
    assert len(filters["disease"]) == 2


def test_no_other_page_is_marked_for_the_index(sample_site):
    articles = set(article_pages(sample_site))
    others = [path for path in sample_site.rglob("*.html") if path not in articles and "pagefind" not in path.parts]
    assert {"index.html", "404.html"} <= {path.name for path in others}
    assert len(others) > 50
    for path in others:
        assert "data-pagefind-body" not in path.read_text(encoding="utf-8"), path


def test_the_index_is_written_and_holds_exactly_the_article_pages(sample_site):
    bundle = sample_site / "pagefind"
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.5.2"
    assert entry["languages"]["en"]["page_count"] == len(article_pages(sample_site))
    assert (bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").is_file()
    assert len(list((bundle / "filter").glob("*.pf_filter"))) == len(SEARCH_FILTERS)
    assert list((bundle / "fragment").glob("*.pf_fragment"))
    assert not (bundle / "playground").exists()


def test_the_search_page_has_a_form_filters_and_a_no_script_notice(sample_site):
    page = soup(sample_site / "search" / "index.html")
    app = page.select_one("[data-search]")
    assert app.has_attr("hidden")  # shown by the script only
    query = app.select_one("form[role=search] input[type=search][name=q]")
    assert page.select_one(f"label[for={query['id']}]").get_text(strip=True)
    assert [fieldset["data-filter"] for fieldset in app.select("fieldset[data-filter]")] == [
        search_filter.key for search_filter in SEARCH_FILTERS
    ]
    assert app.select_one("[role=status]")
    notice = page.select_one("main noscript")
    assert "JavaScript" in notice.get_text()
    links = {urljoin("/search/", a["href"]) for a in BeautifulSoup(notice.decode_contents(), "lxml").select("a")}
    assert links == {"/companies/", "/diseases/", "/products/", "/regulators/"}
    [script] = page.select("script[type=module][src]")
    assert (sample_site / "search" / script["src"]).resolve().is_file()
    bundle = urljoin("/search/", app["data-bundle"])
    assert bundle == "/pagefind/"
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


def test_a_failed_index_fails_the_build_and_keeps_the_old_site(tmp_path, monkeypatch):
    output = build_content(FIXTURES / "tiny-site", tmp_path / "output")
    before = tree_digest(output)
    failing = tmp_path / "fake-pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: disk full' >&2\nexit 1\n", encoding="utf-8")
    failing.chmod(failing.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(indexer, "get_executable", lambda: failing)
    with pytest.raises(sitebuild.BuildFailed, match="disk full"):
        build_content(FIXTURES / "tiny-site", output)
    assert tree_digest(output) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["fake-pagefind", "output"]
