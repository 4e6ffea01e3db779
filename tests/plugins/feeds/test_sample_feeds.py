"""The feeds of the built sample site: every feed valid, complete, and holding exactly its entity's news."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from .conftest import LOCAL_BASE, entity_feeds, feed_files, json_feed_files, parse_feed, validate_atom

TAG_ID = re.compile(r"^tag:pharma-pipeline\.example\.com,2024:news/\d{4}/\d{2}/[a-z0-9-]+/$")
CORRECTED = "news/2024/06/nwb-101-phase-2-data-in-lung-and-liver-cancer/"


def links(parsed) -> list[str]:
    return [entry.link for entry in parsed.entries]


def absolute(articles) -> list[str]:
    return [LOCAL_BASE + article.url for article in articles]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_every_feed_of_design_md_exists_and_nothing_else(sample_site, sample_taxonomy):
    expected = {"feeds/all.rss.xml", "feeds/all.atom.xml", "feeds/all.json"}
    for path, _, _ in entity_feeds(sample_taxonomy):
        expected |= {f"{path}.rss.xml", f"{path}.atom.xml", f"{path}.json"}
    found = feed_files(sample_site) + json_feed_files(sample_site)
    assert {str(path.relative_to(sample_site)) for path in found} == expected
    assert len(expected) > 150


def test_every_feed_parses_clean_with_its_required_elements(sample_site):
    for path in feed_files(sample_site):
        parsed = parse_feed(path)
        assert parsed.feed.title and parsed.feed.link.startswith(LOCAL_BASE), path
        assert parsed.entries, f"{path} is empty"
        site_feed = path.name.startswith("all.")
        for entry in parsed.entries:
            assert entry.title and entry.summary, path
            assert ("content" in entry) == site_feed, f"{path}: the site feed carries full text, entity feeds summaries"
            assert entry.link.startswith(LOCAL_BASE + "news/"), path
            assert TAG_ID.match(entry.id), entry.id
            assert entry.published_parsed, path
            assert entry.tags, path
        if path.name.endswith(".rss.xml"):
            assert parsed.version == "rss20", path
            assert parsed.feed.subtitle, path  # the channel's description
        else:
            assert parsed.version == "atom10", path
            assert parsed.feed.id.startswith("tag:pharma-pipeline.example.com,2024:feeds/"), path
            assert parsed.feed.updated_parsed and parsed.feed.author, path
            assert all(entry.updated_parsed for entry in parsed.entries), path
        self_link = next(link.href for link in parsed.feed.links if link.rel == "self")
        assert self_link == LOCAL_BASE + str(path.relative_to(sample_site)), path


def test_rss_items_have_guids_that_are_not_permalinks(sample_site):
    for path in sample_site.glob("feeds/**/*.rss.xml"):
        channel = etree.parse(str(path)).getroot().find("channel")
        for name in ("title", "link", "description", "language", "lastBuildDate"):
            assert channel.findtext(name), f"{path}: channel has no {name}"
        for item in channel.findall("item"):
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "false", path
            assert TAG_ID.match(guid.text), guid.text
            for name in ("title", "link", "description", "pubDate"):
                assert item.findtext(name), f"{path}: item has no {name}"


def test_every_atom_feed_validates_against_rfc_4287(sample_site):
    validate_atom(sorted(sample_site.glob("feeds/**/*.atom.xml")))


def json_links(path: Path) -> list[str]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == LOCAL_BASE + str(path).split("/output/", 1)[1]
    for item in document["items"]:
        assert TAG_ID.match(item["id"]) and item["title"] and item["date_published"], path
        assert ("content_html" in item) == path.name.startswith("all.") and ("content_text" in item) != ("content_html" in item)
    return [item["url"] for item in document["items"]]


def test_each_entity_feed_holds_exactly_its_newest_articles(sample_site, sample_taxonomy):
    for path, entity, articles in entity_feeds(sample_taxonomy):
        for extension in ("rss", "atom"):
            parsed = parse_feed(sample_site / f"{path}.{extension}.xml")
            assert links(parsed) == absolute(articles[:50]), f"{path}.{extension}.xml"
        assert json_links(sample_site / f"{path}.json") == absolute(articles[:50])
    for extension in ("rss", "atom"):
        assert links(parse_feed(sample_site / f"feeds/all.{extension}.xml")) == absolute(sample_taxonomy.articles[:50])
    assert json_links(sample_site / "feeds/all.json") == absolute(sample_taxonomy.articles[:50])


def test_the_vcanbio_feed_holds_exactly_the_vum02_stories(sample_site, sample_taxonomy):
    vum02 = sample_taxonomy.registries["product"].by_slug["vum02"]
    stories = absolute(sample_taxonomy.articles_of(vum02))
    assert len(stories) >= 8
    for extension in ("rss", "atom"):
        assert links(parse_feed(sample_site / f"feeds/companies/vcanbio.{extension}.xml")) == stories
        assert links(parse_feed(sample_site / f"feeds/products/vum02.{extension}.xml")) == stories


def test_an_item_is_the_same_in_every_feed_that_carries_it(sample_site):
    ids_by_link: dict[str, set[str]] = {}
    for path in feed_files(sample_site):
        for entry in parse_feed(path).entries:
            ids_by_link.setdefault(entry.link, set()).add(entry.id)
    assert all(len(ids) == 1 for ids in ids_by_link.values())
    all_ids = [ids.pop() for ids in ids_by_link.values()]
    assert len(set(all_ids)) == len(all_ids)


def test_items_carry_categories_source_and_correction_date(sample_site):
    atom = {entry.link: entry for entry in parse_feed(sample_site / "feeds/all.atom.xml").entries}
    rss = {entry.link: entry for entry in parse_feed(sample_site / "feeds/all.rss.xml").entries}
    founding = LOCAL_BASE + "news/2024/05/vcanbio-cleared-to-test-vum02-in-aclf-and-ards/"
    labels = {(tag.scheme, tag.label) for tag in atom[founding].tags}
    assert labels == {
        (LOCAL_BASE + "companies/", "Vcanbio Cell & Gene Engineering Corp., Ltd"),
        (LOCAL_BASE + "products/", "VUM02"),
        (LOCAL_BASE + "diseases/", "Acute-on-chronic liver failure"),
        (LOCAL_BASE + "diseases/", "Acute respiratory distress syndrome"),
    }
    assert {tag.term for tag in rss[founding].tags} == {label for _, label in labels}
    assert "Fineline Info &amp; Tech" in atom[founding].content[0].value
    via = next(link for link in atom[founding].links if link.rel == "via")
    assert (via.href, via.title) == ("https://www.flcube.com", "Fineline Info & Tech")
    assert atom[founding].published == atom[founding].updated == "2024-05-20T00:00:00+08:00"
    corrected = LOCAL_BASE + CORRECTED
    assert (atom[corrected].published, atom[corrected].updated) == ("2024-06-03T00:00:00+08:00", "2024-06-10T00:00:00+08:00")
    assert rss[corrected].published == "Mon, 03 Jun 2024 00:00:00 +0800"


def site_path(site: Path, page: Path, href: str) -> str:
    """The file a link on a page (relative, or root-relative as on 404.html) leads to, relative to the site; it must exist."""
    target = (site / href.lstrip("/") if href.startswith("/") else page.parent / href).resolve()
    if target.is_dir():
        target = target / "index.html"
    assert target.is_file(), f"{page}: {href}"
    return str(target.relative_to(site.resolve()))


def advertised_feeds(site: Path, page: Path) -> dict[str, str]:
    """The feeds a page names in <link rel="alternate">: site path -> type."""
    return {site_path(site, page, link["href"]): link["type"] for link in soup(page).select('head link[rel="alternate"]')}


def test_every_page_advertises_the_site_feeds(sample_site):
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        advertised = advertised_feeds(sample_site, page)
        assert advertised.get("feeds/all.atom.xml") == "application/atom+xml", page
        assert advertised.get("feeds/all.rss.xml") == "application/rss+xml", page
        assert advertised.get("feeds/all.json") == "application/feed+json", page


@pytest.mark.parametrize("kind", ["companies", "diseases", "products", "regulators", "therapeutic-areas"])
def test_entity_pages_link_their_own_feeds(sample_site, sample_taxonomy, kind):
    feeds = [(path, entity) for path, entity, _ in entity_feeds(sample_taxonomy) if path.startswith(f"feeds/{kind}/")]
    assert feeds
    for path, entity in feeds:
        page = sample_site / entity.url / "index.html"
        advertised = advertised_feeds(sample_site, page)
        assert advertised[f"{path}.atom.xml"] == "application/atom+xml", page
        assert advertised[f"{path}.rss.xml"] == "application/rss+xml", page
        assert advertised[f"{path}.json"] == "application/feed+json", page
        visible = {site_path(sample_site, page, a["href"]) for a in soup(page).select(".subscribe-links a")}
        assert visible == {f"{path}.atom.xml", f"{path}.rss.xml", f"{path}.json", "feeds/index.html"}, page


def test_subscribe_page_lists_every_feed_and_the_opml(sample_site):
    page = sample_site / "feeds" / "index.html"
    html = soup(page)
    targets = {site_path(sample_site, page, a["href"]) for a in html.select("main a[href]")}
    assert {str(path.relative_to(sample_site)) for path in feed_files(sample_site) + json_feed_files(sample_site)} <= targets
    assert "feeds/entities.opml" in targets
    footer = {a["href"] for a in soup(sample_site / "index.html").select(".site-footer a")}
    assert "./feeds/" in footer


def test_opml_lists_every_entity_atom_feed(sample_site, sample_taxonomy):
    root = etree.parse(str(sample_site / "feeds" / "entities.opml")).getroot()
    assert root.get("version") == "2.0"
    outlines = root.findall("body/outline/outline")
    assert all(outline.get("type") == "rss" and outline.get("text") for outline in outlines)
    listed = [outline.get("xmlUrl") for outline in outlines]
    assert listed == [LOCAL_BASE + f"{path}.atom.xml" for path, _, _ in entity_feeds(sample_taxonomy)]
    assert all((sample_site / url.removeprefix(LOCAL_BASE)).is_file() for url in listed)
    assert [folder.get("text") for folder in root.findall("body/outline")] == [
        "Companies",
        "Diseases",
        "Products",
        "Regulators",
        "Therapeutic areas",
    ]
