"""Feeds across builds: production URLs, byte-identical rebuilds, ids that survive a move,
the item limit, and hostile text in the content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

import sitebuild

from ...conftest import ROOT, build_content
from .conftest import LOCAL_BASE, entity_feeds, feed_files, parse_feed, validate_atom

PUBLISHED_BASE = "https://pharma-pipeline.example.com/"
FOUNDING_STORY = "articles/2024/vcanbio-cleared-to-test-vum02-in-aclf-and-ards.md"
ALL_FEEDS = ("feeds/all.atom.xml", "feeds/companies/vcanbio.atom.xml")
HOSTILE_TITLE = 'Vcanbio & "Partners" sign <deal> for 干细胞 in 中国 — R&D < 5 > 3'
HOSTILE_SUMMARY = "Tom & Jerry's <b>not bold</b> summary: a < b > c, \"quoted\", 'single', 慢加急性肝衰竭 & ARDS."
HOSTILE_SOURCE = 'R&D <Weekly> "新闻" & Co'
HOSTILE_ARTICLE = f"""---
title: '{HOSTILE_TITLE}'
slug: vcanbio-hostile-deal
date: 2024-07-01
updated: 2024-07-03
company: Vcanbio
product: VUM02
indications: [ACLF]
summary: '{HOSTILE_SUMMARY.replace("'", "''")}'
source: {{name: '{HOSTILE_SOURCE}', url: "https://example.com/report?a=1&b=2"}}
---
A body with <b>raw HTML</b>, an ampersand & a [link](https://example.com/?a=1&b=2), 中文 and <script>alert(1)</script>.
"""


def shown(detail) -> str:
    """The text a reader shows for an Atom text construct as feedparser gives it: HTML is rendered, text kept."""
    return BeautifulSoup(detail.value, "lxml").get_text() if detail.type == "text/html" else detail.value


def ids_by_path(site: Path, base: str) -> dict[str, str]:
    """Every item's id, keyed by the item's URL path, over all the site's feeds."""
    ids = {}
    for path in feed_files(site):
        for entry in parse_feed(path).entries:
            assert ids.setdefault(entry.link.removeprefix(base), entry.id) == entry.id
    return ids


def feed_bytes(site: Path) -> dict[str, bytes]:
    files = feed_files(site) + [site / "feeds" / "entities.opml"]
    return {str(path.relative_to(site)): path.read_bytes() for path in files}


def test_published_feeds_link_to_siteurl_and_keep_the_local_ids(published_site, sample_site):
    for path in feed_files(published_site):
        parsed = parse_feed(path)
        assert parsed.feed.link.startswith(PUBLISHED_BASE), path
        assert all(entry.link.startswith(PUBLISHED_BASE) for entry in parsed.entries), path
    assert b"127.0.0.1" not in (published_site / "feeds" / "entities.opml").read_bytes()
    ids = ids_by_path(published_site, PUBLISHED_BASE)
    assert ids == ids_by_path(sample_site, LOCAL_BASE)
    home = (published_site / "index.html").read_text(encoding="utf-8")
    assert f'href="{PUBLISHED_BASE}feeds/all.atom.xml"' in home


def test_rebuilding_unchanged_content_changes_no_feed_byte(sample_site, rebuilt_site):
    first, second = feed_bytes(sample_site), feed_bytes(rebuilt_site)
    assert len(first) > 100
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_moving_an_article_file_changes_no_id_and_no_feed(content_copy, tmp_path, sample_site):
    moved = content_copy / "articles" / "archive" / "vcanbio" / Path(FOUNDING_STORY).name
    moved.parent.mkdir(parents=True)
    (content_copy / FOUNDING_STORY).rename(moved)
    site = build_content(content_copy, tmp_path / "output")
    assert ids_by_path(site, LOCAL_BASE) == ids_by_path(sample_site, LOCAL_BASE)
    assert feed_bytes(site) == feed_bytes(sample_site)


def test_each_feed_holds_the_newest_feed_max_items(limited_site, sample_taxonomy):
    for path, _, articles in [("feeds/all", None, sample_taxonomy.articles), *entity_feeds(sample_taxonomy)]:
        for extension in ("rss", "atom"):
            parsed = parse_feed(limited_site / f"{path}.{extension}.xml")
            assert [entry.link for entry in parsed.entries] == [LOCAL_BASE + a.url for a in articles[:3]], path
            assert all("content" in entry for entry in parsed.entries), 'ENTITY_FEED_CONTENT = "full" sends the text everywhere'
    assert len(sample_taxonomy.articles_of(sample_taxonomy.registries["company"].by_slug["vcanbio"])) > 3


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The sample content plus one article whose every text field is hostile to XML."""
    content = tmp_path_factory.mktemp("hostile") / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "articles" / "2024" / "vcanbio-hostile-deal.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    return build_content(content, content.parent / "output")


def test_hostile_text_gives_valid_feeds(hostile_site):
    for path in feed_files(hostile_site):
        parse_feed(path)
    validate_atom(sorted(hostile_site.glob("feeds/**/*.atom.xml")))
    etree.parse(str(hostile_site / "feeds" / "entities.opml"))


@pytest.mark.parametrize(
    "feed", ["feeds/all", "feeds/companies/vcanbio", "feeds/products/vum02", "feeds/diseases/acute-on-chronic-liver-failure"]
)
def test_hostile_text_reaches_subscribers_unchanged(hostile_site, feed):
    link = LOCAL_BASE + "news/2024/07/vcanbio-hostile-deal/"
    [entry] = [entry for entry in parse_feed(hostile_site / f"{feed}.atom.xml").entries if entry.link == link]
    assert (shown(entry.title_detail), shown(entry.summary_detail)) == (HOSTILE_TITLE, HOSTILE_SUMMARY)
    assert entry.updated == "2024-07-03T00:00:00+08:00"
    assert "<script" not in (entry.content[0].value if feed == "feeds/all" else entry.summary)
    via = next(link for link in entry.links if link.rel == "via")
    assert (via.href, via.title) == ("https://example.com/report?a=1&b=2", HOSTILE_SOURCE)
    items = etree.parse(str(hostile_site / f"{feed}.rss.xml")).getroot().iter("item")
    [item] = [item for item in items if item.findtext("link") == link]
    assert item.findtext("title") == HOSTILE_TITLE
    # An RSS description is HTML: the summary, escaped, shows as written.
    assert BeautifulSoup(item.findtext("description"), "lxml").get_text() == HOSTILE_SUMMARY


@pytest.mark.parametrize("field", ["title", "summary", "source"])
def test_control_characters_fail_the_build_with_the_file_and_line(content_copy, tmp_path, field):
    text = HOSTILE_ARTICLE.replace(
        {"title": "sign <deal>", "summary": "not bold", "source": "Weekly"}[field],
        {"title": "sign \x07<deal>", "summary": "not\x1b bold", "source": "Week\x0bly"}[field],
    )
    article = content_copy / "articles" / "2024" / "vcanbio-hostile-deal.md"
    article.write_text(text, encoding="utf-8")
    line = next(number for number, content in enumerate(text.splitlines(), 1) if content.startswith(field))
    output = tmp_path / "output"
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_content(content_copy, output)
    assert any(
        f"vcanbio-hostile-deal.md:{line}:" in problem and "control character" in problem for problem in failure.value.lines
    ), failure.value.lines
    assert not (output / "index.html").exists()

