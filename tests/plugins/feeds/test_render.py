"""RSS, Atom and JSON Feed documents, rendered without a build: empty feeds and hostile text."""

from __future__ import annotations

import html
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from lxml import etree

from content_model import SITE_ROOT, NewsSource
from feeds import FeedConfig
from feeds.catalog import Feed
from feeds.render import atom_entry, feed_item, json_item, render_atom, render_json, render_rss, rss_item

from .conftest import validate_atom

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOSTILE = 'R&D <b>"大胆"</b> \'quoted\' ]]> &amp; 中源协和'
CONTROLS = "\x00\x07\x0b\x1b\x7f\x85\ufffe"


class Story:
    """What a feed reads of an article."""

    def __init__(self, text=""):
        self.title, self.summary = f"Title {text}", f"Summary {text}"
        self.date, self.updated = datetime(2024, 5, 20, tzinfo=SHANGHAI), datetime(2024, 5, 22, tzinfo=SHANGHAI)
        self.url, self.aliases, self.slug = "news/2024/05/story/", (), "story"
        self.source = NewsSource(f"Source {text}", "https://example.com/report?a=1&b=2")
        self.body = f'<p>Body {text} <a href="{SITE_ROOT}/companies/vcanbio/">Vcanbio</a></p>'

    def named(self, kind):
        return ()


def feed(articles=(), title="Vcanbio · Pharma News", full=True) -> Feed:
    paths = {"rss": "feeds/x.rss.xml", "atom": "feeds/x.atom.xml", "json": "feeds/x.json"}
    return Feed("tag:pharma-pipeline.example.com,2024:feeds/company/vcanbio", "Vcanbio", title, "News", "companies/vcanbio/",
                paths, tuple(articles), full)  # fmt: skip


RENDERERS = [(render_rss, rss_item), (render_atom, atom_entry)]


@pytest.fixture
def config(fixture_settings):
    return FeedConfig.from_settings(fixture_settings)


@pytest.mark.parametrize(("render", "item"), RENDERERS)
def test_an_empty_feed_is_valid_and_the_same_every_time(render, item, config, tmp_path):
    first, second = render(feed(), [], config, lambda i: item(i, True)), render(feed(), [], config, lambda i: item(i, True))
    assert first == second
    parsed = feedparser.parse(first)
    assert not parsed.bozo and parsed.entries == []
    assert parsed.feed.updated_parsed[:3] == (2024, 1, 1)  # the authority's date, never the clock
    if render is render_atom:
        (tmp_path / "empty.atom.xml").write_bytes(first)
        validate_atom([tmp_path / "empty.atom.xml"])


def test_hostile_text_and_control_characters_never_break_a_feed(fixture_settings, tmp_path):
    config = FeedConfig.from_settings({**fixture_settings, "SITENAME": f"Pharma {HOSTILE}{CONTROLS}"})
    article = Story(HOSTILE + CONTROLS)
    item = feed_item(article, config, {})
    hostile = feed([article], title=f"Vcanbio {HOSTILE}{CONTROLS}")
    for render, serialise in RENDERERS:
        data = render(hostile, [item], config, lambda i, s=serialise: s(i, True))
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.bozo_exception
        [entry] = parsed.entries
        assert 'href="http://127.0.0.1:8000/companies/vcanbio/"' in entry.content[0].value
        item_element = etree.fromstring(data).find(".//{*}entry") if render is render_atom else etree.fromstring(data).find(".//item")
        title = item_element.find("{*}title")
        # Atom sends text with a "<" as escaped HTML; RSS titles are text.
        shown = html.unescape(title.text) if title.get("type") == "html" else title.text
        assert shown == f"Title {HOSTILE}"
    (tmp_path / "hostile.atom.xml").write_bytes(render_atom(hostile, [item], config, lambda i: atom_entry(i, True)))
    validate_atom([tmp_path / "hostile.atom.xml"])
    document = json.loads(render_json(hostile, [item], config, lambda i: json_item(i, True)))
    assert document["items"][0]["title"] == f"Title {HOSTILE}"
    assert "\x00" not in json.dumps(document)


def test_no_entry_has_a_base_equal_to_its_own_link(config):
    """The W3C validator warns "Same-document reference" when an entry's xml:base is its own link."""
    data = render_atom(feed([Story()]), [feed_item(Story(), config, {})], config, lambda i: atom_entry(i, True))
    assert b"xml:base" not in data


def test_a_websub_hub_is_announced_in_every_format(fixture_settings):
    config = FeedConfig.from_settings({**fixture_settings, "FEED_WEBSUB_HUB": "https://hub.example.com/"})
    item = feed_item(Story(), config, {})
    rss = feedparser.parse(render_rss(feed([Story()]), [item], config, lambda i: rss_item(i, True)))
    atom = feedparser.parse(render_atom(feed([Story()]), [item], config, lambda i: atom_entry(i, True)))
    for parsed in (rss, atom):
        assert {"rel": "hub", "href": "https://hub.example.com/"}.items() <= next(l for l in parsed.feed.links if l.rel == "hub").items()
    assert json.loads(render_json(feed(), [], config, json_item))["hubs"] == [{"type": "WebSub", "url": "https://hub.example.com/"}]
