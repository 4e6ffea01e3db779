"""The search index in shards answers as one: the sample built with bundles of at most eight stories,
searched in Chromium beside the same sample built with one bundle."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode, urljoin

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from ...conftest import ROOT, build_content, served
from .test_browser import result_links, result_paths, status

SHARD_ARTICLES = 8


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory) -> Path:
    return build_content(ROOT / "content", tmp_path_factory.mktemp("sharded") / "output", SEARCH_SHARD_ARTICLES=SHARD_ARTICLES)


@pytest.fixture(scope="module")
def sharded_url(sharded_site):
    with served(sharded_site) as url:
        yield url


def bundles_of(site: Path) -> list[str]:
    page = BeautifulSoup((site / "search" / "index.html").read_text(encoding="utf-8"), "lxml")
    return [urljoin("/search/", bundle) for bundle in page.select_one("[data-search]")["data-bundles"].split()]


def test_every_story_is_in_exactly_one_bundle_of_at_most_the_limit(sharded_site, sample_site):
    bundles = bundles_of(sharded_site)
    assert bundles[0] == "/pagefind/"
    assert len(bundles) >= 4 and all(bundle.startswith("/pagefind-archive/") for bundle in bundles[1:])
    fragments = [len(list((sharded_site / bundle.strip("/") / "fragment").iterdir())) for bundle in bundles]
    assert all(0 < count <= SHARD_ARTICLES for count in fragments)
    assert sum(fragments) == len(list((sample_site / "pagefind" / "fragment").iterdir()))
    assert sorted(path.name for path in (sharded_site / "pagefind-archive").iterdir()) == sorted(
        bundle.strip("/").split("/", 1)[1] for bundle in bundles[1:]
    )


def search(page, base: str, query: str, sort: str = "") -> tuple[list[str], list[str], list[str]]:
    """(result paths, their dates, the filter values with counts shown) for a search by URL."""
    page.goto(f"{base}/search/?{urlencode({'q': query, **({'sort': sort} if sort else {})})}")
    expect(status(page)).to_contain_text(f"“{query}”")
    expect(result_links(page).first).to_be_visible()
    paths = result_paths(page)
    dates = page.locator("[data-search-results] li time[datetime]").evaluate_all("times => times.map(time => time.dateTime)")
    counts = page.locator("[data-filter] label").all_inner_texts()
    return paths, dates, counts


@pytest.mark.browser
@pytest.mark.parametrize("query", ["trial", "VUM02"])
def test_shards_give_the_results_and_counts_of_one_bundle(page, site_url, sharded_url, query):
    for sort in ("newest", "oldest", ""):
        one_paths, _, one_counts = search(page, site_url, query, sort)
        paths, dates, counts = search(page, sharded_url, query, sort)
        assert sorted(paths) == sorted(one_paths)
        assert counts == one_counts
        if sort:
            assert dates == sorted(dates, reverse=sort == "newest")
