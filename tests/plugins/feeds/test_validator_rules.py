"""The rules of the W3C feed validator (github w3c/feedvalidator) that these feeds once broke, one test each.

The validator's rule names are in the test names. Run by hand over every feed of
a production build of the sample (README, Publishing), it reports no error and
no warning; these tests keep it that way without running it.
"""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from lxml import html as lxml_html

from content_model import SITE_ROOT
from feeds import FeedConfig
from feeds.catalog import Feed
from feeds.render import absolute_links, atom_entry, feed_item, json_item, render_atom, render_json, render_rss, rss_item

from .conftest import validate_atom

ARTICLE_URL = "news/2024/05/story/"
# What authors write in Markdown that ends as a relative link: a footnote, a section, a sibling page, an image.
RELATIVE_BODY = (
    '<p>Text<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>, <a href="#results">results</a>, '
    '<a href="../other/">an earlier story</a>, <a href="https://example.com/x?a=1&amp;b=2">elsewhere</a>, '
    f'<a href="{SITE_ROOT}/companies/vcanbio/">Vcanbio</a> and <a href="mailto:desk@example.com">the desk</a>.</p>'
    '<p><img src="chart.png" alt="A chart"></p>'
)
# OPML elements and attributes the validator knows (its opml.py); an outline with any of OUTLINE_TYPED needs a type.
OPML_HEAD = {"title", "dateCreated", "dateModified", "ownerName", "ownerEmail", "ownerId", "expansionState",
             "vertScrollState", "windowTop", "windowLeft", "windowBottom", "windowRight"}
OUTLINE_TYPED = {"description", "htmlUrl", "language", "title", "version", "xmlUrl"}


class Story:
    """What a feed reads of an article."""

    def __init__(self, title="A story", summary="A summary.", body="<p>Body.</p>"):
        self.title, self.summary, self.body = title, summary, body
        self.date, self.updated = datetime(2024, 5, 20, tzinfo=ZoneInfo("Asia/Shanghai")), None
        self.url, self.aliases, self.slug, self.source = ARTICLE_URL, (), "story", None

    def named(self, kind):
        return ()


@pytest.fixture
def config(fixture_settings):
    return FeedConfig.from_settings(fixture_settings)


def one_item_feeds(config, story) -> dict[str, bytes]:
    """The feed of one story in each format, with its full text."""
    item = feed_item(story, config, {})
    feed = Feed("tag:pharma-pipeline.example.com,2024:feeds/test", "Test", "Test feed", "News", "",
                {"rss": "feeds/t.rss.xml", "atom": "feeds/t.atom.xml", "json": "feeds/t.json"}, (story,), True)
    return {
        "rss": render_rss(feed, [item], config, lambda i: rss_item(i, True)),
        "atom": render_atom(feed, [item], config, lambda i: atom_entry(i, True)),
        "json": render_json(feed, [item], config, lambda i: json_item(i, True)),
    }


def item_contents(feeds: dict[str, bytes]) -> dict[str, str]:
    """The HTML content of the one item of each format."""
    rss, atom = etree.fromstring(feeds["rss"]), etree.fromstring(feeds["atom"])
    return {
        "rss": rss.findtext(".//item/{http://purl.org/rss/1.0/modules/content/}encoded"),
        "atom": atom.findtext(".//{*}entry/{*}content"),
        "json": json.loads(feeds["json"])["items"][0]["content_html"],
    }


def test_contains_rel_ref_every_link_in_item_content_is_absolute_as_on_the_page(config):
    page = config.absolute(ARTICLE_URL)
    body = RELATIVE_BODY.replace(SITE_ROOT, config.site_url)
    written = [link for _, _, link, _ in lxml_html.fragment_fromstring(body, create_parent="div").iterlinks()]
    expected = [urljoin(page, link) for link in written]
    assert f"{config.site_url}/news/2024/05/other/" in expected and f"{page}#fn:1" in expected
    for name, content in item_contents(one_item_feeds(config, Story(body=RELATIVE_BODY))).items():
        found = [link for _, _, link, _ in lxml_html.fragment_fromstring(content, create_parent="div").iterlinks()]
        assert found == expected, name


def test_a_body_whose_links_are_all_absolute_is_kept_byte_for_byte():
    body = ('<p><a href="https://example.com/a?b=1&amp;c=2">a</a> <a href="mailto:desk@example.com">b</a> '
            '<img src="https://example.com/c.png" alt="&lt;chart&gt;"></p>\n<p>No link, R&amp;D.</p>')
    assert absolute_links(body, "https://pharma-pipeline.example.com/news/2024/05/story/") == body
    assert absolute_links(body + '<a href="x/">x</a>', "https://example.com/") != body + '<a href="x/">x</a>'


def test_not_html_an_rss_description_is_html_that_reads_as_the_plain_summary(config):
    summary = 'Results <tags> & "quotes": a < b > c, R&D and &amp; as typed, 中文.'
    rss = one_item_feeds(config, Story(summary=summary))["rss"]
    description = etree.fromstring(rss).findtext(".//item/description")
    fragment = BeautifulSoup(description, "lxml")
    assert fragment.find("tags") is None
    assert fragment.get_text() == summary


@pytest.mark.parametrize("title", ["Vcanbio <b>reports</b> data", "p < 0.05 & more"])
def test_contains_undeclared_html_atom_text_with_a_less_than_sign_is_escaped_html(config, title, tmp_path):
    atom = one_item_feeds(config, Story(title=title, summary=title))["atom"]
    entry = etree.fromstring(atom).find(".//{*}entry")
    for element in ("title", "summary"):
        text = entry.find("{*}" + element)
        assert text.get("type") == "html"
        assert BeautifulSoup(text.text, "lxml").get_text() == title
    (tmp_path / "feed.atom.xml").write_bytes(atom)
    validate_atom([tmp_path / "feed.atom.xml"])


def test_atom_text_without_a_less_than_sign_stays_plain_text(config):
    entry = etree.fromstring(one_item_feeds(config, Story(title="R&D at J&J"))["atom"]).find(".//{*}entry")
    assert (entry.find("{*}title").get("type"), entry.findtext("{*}title")) == ("text", "R&D at J&J")


def test_undefined_element_the_opml_head_holds_only_elements_the_validator_knows(sample_site):
    head = etree.parse(str(sample_site / "feeds" / "entities.opml")).getroot().find("head")
    assert [child.tag for child in head] == ["title"]
    assert {child.tag for child in head} <= OPML_HEAD


def test_missing_outline_type_every_outline_with_more_than_text_has_a_type(sample_site):
    outlines = list(etree.parse(str(sample_site / "feeds" / "entities.opml")).getroot().iter("outline"))
    folders = [outline for outline in outlines if len(outline)]
    assert len(folders) == 5 and all(dict(folder.attrib) == {"text": folder.get("text")} for folder in folders)
    for outline in outlines:
        if OUTLINE_TYPED & set(outline.attrib):
            assert outline.get("type") == "rss" and outline.get("xmlUrl") and outline.get("title"), dict(outline.attrib)
