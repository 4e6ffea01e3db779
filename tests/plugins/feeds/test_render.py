"""RSS, Atom and OPML documents, rendered without a build: empty feeds and hostile text."""

from __future__ import annotations

import html
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import feedparser
import pytest
from lxml import etree

from content_model import Source
from feeds import FeedConfig
from feeds.catalog import Feed, FeedCatalog, FeedGroup
from feeds.render import feed_item, render_atom, render_opml, render_rss

from .conftest import validate_atom

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOSTILE = 'R&D <b>"大胆"</b> \'quoted\' ]]> &amp; 中源协和'
CONTROLS = "\x00\x07\x0b\x1b\x7f\x85\ufffe"
SCHEMES = {
    "companies": "http://127.0.0.1:8000/companies/",
    "products": "http://127.0.0.1:8000/products/",
    "indications": "http://127.0.0.1:8000/diseases/",
}


def feed(articles=(), title="Vcanbio · Pharma News") -> Feed:
    return Feed(
        id="tag:pharma-pipeline.example.com,2024:feeds/company/vcanbio",
        name="Vcanbio",
        title=title,
        description="News about Vcanbio",
        page_url="companies/vcanbio/",
        rss="feeds/companies/vcanbio.rss.xml",
        atom="feeds/companies/vcanbio.atom.xml",
        articles=tuple(articles),
    )


def story(text: str = "", **extra):
    entity = SimpleNamespace(slug="vcanbio", name=f"Vcanbio {text}")
    return SimpleNamespace(
        slug="vcanbio-story",
        title=f"Title {text}",
        summary=f"Summary {text}",
        date=datetime(2024, 5, 20, tzinfo=SHANGHAI),
        url="news/2024/05/vcanbio-story/",
        source=Source(f"Source {text}", "https://example.com/report?a=1&b=2"),
        companies=[entity],
        products=[],
        indications=[],
        **extra,
    )


@pytest.mark.parametrize("render", [render_rss, render_atom])
def test_an_empty_feed_is_valid_and_the_same_every_time(render, tmp_path):
    config = FeedConfig.from_settings({"SITENAME": "Pharma News"})
    first, second = render(feed(), [], config), render(feed(), [], config)
    assert first == second
    parsed = feedparser.parse(first)
    assert not parsed.bozo
    assert parsed.entries == []
    assert parsed.feed.updated_parsed[:3] == (2024, 1, 1)  # the authority's date, never the clock
    if render is render_atom:
        path = tmp_path / "empty.atom.xml"
        path.write_bytes(first)
        validate_atom([path])


def test_hostile_text_and_control_characters_never_break_a_feed(tmp_path):
    config = FeedConfig.from_settings({"SITENAME": f"Pharma {HOSTILE}{CONTROLS}"})
    article = story(HOSTILE + CONTROLS, modified=datetime(2024, 5, 22, tzinfo=SHANGHAI))
    item = feed_item(article, f"<p>Body {html.escape(HOSTILE)}{CONTROLS}</p>", config, SCHEMES)
    hostile_feed = feed([article], title=f"Vcanbio {HOSTILE}{CONTROLS}")

    rss, atom = render_rss(hostile_feed, [item], config), render_atom(hostile_feed, [item], config)
    for document in (rss, atom):
        etree.fromstring(document)  # well-formed XML, or this raises
        assert not any(character.encode() in document for character in CONTROLS)
    path = tmp_path / "hostile.atom.xml"
    path.write_bytes(atom)
    validate_atom([path])

    # RSS has no way to say a title is plain text: check it in the XML, as written.
    channel = etree.fromstring(rss).find("channel")
    assert channel.findtext("title") == f"Vcanbio {HOSTILE}"
    assert channel.findtext("item/title") == f"Title {HOSTILE}"
    assert html.unescape(channel.findtext("item/description")) == f"Summary {HOSTILE}"
    assert channel.find("item/source").attrib == {"url": "https://example.com/report?a=1&b=2"}
    assert channel.findtext("item/source") == f"Source {HOSTILE}"
    assert channel.findtext("item/category") == f"Vcanbio {HOSTILE}"
    assert not feedparser.parse(rss).bozo

    # Atom says so (type="text"), so a feed reader gets every field back exactly.
    parsed = feedparser.parse(atom)
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = parsed.entries[0]
    assert parsed.feed.title == f"Vcanbio {HOSTILE}"
    assert entry.title == f"Title {HOSTILE}"
    assert entry.summary == f"Summary {HOSTILE}"
    assert entry.tags[0].label == f"Vcanbio {HOSTILE}"
    assert (entry.published, entry.updated) == ("2024-05-20T00:00:00+08:00", "2024-05-22T00:00:00+08:00")
    assert f"Source {html.escape(HOSTILE)}" in entry.content[0].value
    via = next(link for link in entry.links if link.rel == "via")
    assert (via.href, via.title) == ("https://example.com/report?a=1&b=2", f"Source {HOSTILE}")


def test_summary_only_feeds_carry_no_body():
    config = FeedConfig.from_settings({"FEED_FULL_CONTENT": False})
    item = feed_item(story(), "<p>Body</p>", config, SCHEMES)
    assert item.content is None
    assert b"content:encoded" not in render_rss(feed(), [item], config)
    assert b"<content" not in render_atom(feed(), [item], config)


def test_opml_lists_every_entity_atom_feed_by_kind():
    config = FeedConfig.from_settings({"SITENAME": "Pharma & News"})
    group = FeedGroup("company", "Companies", "companies/", (feed(),))
    catalog = FeedCatalog(config, feed(), (group,), {})
    root = etree.fromstring(render_opml(catalog))
    assert root.get("version") == "2.0"
    assert root.findtext("head/title").startswith("Pharma & News")
    [folder] = root.findall("body/outline")
    assert folder.get("text") == "Companies"
    [outline] = folder.findall("outline")
    assert outline.attrib == {
        "type": "rss",
        "text": "Vcanbio · Pharma News",
        "title": "Vcanbio · Pharma News",
        "xmlUrl": "http://127.0.0.1:8000/feeds/companies/vcanbio.atom.xml",
        "htmlUrl": "http://127.0.0.1:8000/companies/vcanbio/",
    }


def test_without_jing_the_schema_check_fails_in_ci_and_skips_locally(monkeypatch, tmp_path):
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="jing"):
        validate_atom([tmp_path / "feed.atom.xml"])
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="jing"):
        validate_atom([tmp_path / "feed.atom.xml"])
