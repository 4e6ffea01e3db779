"""RSS 2.0, Atom 1.0 (RFC 4287), JSON Feed 1.1 and OPML 2.0, as bytes.

Each item is serialised once per format and reused by every feed that carries
it (a story is in the site feed and in the feeds of its companies, products,
diseases and regulators); a feed is its head, its items and its tail. The XML
is written from strings with every value escaped, rather than by building a
tree per feed: thousands of feeds share the same few thousand items. No date
comes from the clock, so the same content always gives the same bytes.

The W3C feed validator (github w3c/feedvalidator) reports no error and no
warning on these feeds; the rules it applies are named where they shape the
output: an item's links are absolute (ContainsRelRef), an RSS description is
HTML, so the plain-text summary is escaped for HTML first (NotHtml), and the
OPML list keeps to the elements and attributes the validator knows
(UndefinedElement, MissingOutlineType). Atom text with a "<" is sent as
escaped HTML (ContainsUndeclaredHTML). One warning is left to content: an RSS
title holding an HTML end tag as text (``</b>``) gets ContainsHTML, since RSS
titles have no form that every reader reads as text.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html
from lxml.html import defs as lxml_defs

from content_model import SITE_ROOT

from .catalog import Feed, FeedConfig, FeedGroup

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

# Characters XML 1.0 forbids (C0 controls but tab and line ends, surrogates, U+FFFE/U+FFFF) plus DEL
# and C1 controls, which it discourages. Content checks refuse them already; this keeps a feed
# well-formed whatever text reaches it.
NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Attributes that hold a URL (lxml's list), and a quick test for one whose value starts without a scheme.
LINK_ATTRIBUTES = frozenset(lxml_defs.link_attrs)
MAYBE_RELATIVE = re.compile(
    # No "\b" before the names: it would cost re its quick scan for their first letters (a match inside
    # "data-src=" only costs a parse).
    "(?:" + "|".join(map(re.escape, sorted(LINK_ATTRIBUTES))) + r")\s*=\s*[\"']?(?![\"']|[A-Za-z][A-Za-z0-9+.-]*:)"
)
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def xml_text(value) -> str:
    """Text (or an attribute value) safe inside XML."""
    return NOT_XML.sub("", str(value)).translate(_ESCAPES)


def absolute_links(body: str, base: str) -> str:
    """``body`` (HTML) with every relative link resolved against ``base``, the URL of the article's page.

    A feed reader shows an item away from its page, where ``#results`` or
    ``../other/`` would resolve against the feed's URL, or not at all. Which
    attributes hold URLs is lxml's list; the loop is ours because lxml's
    ``make_links_absolute`` also scans every style for CSS URLs, at about 0.1 ms
    a link, and most bodies (links written with {filename}) have no relative
    link at all and are returned untouched.
    """
    if not MAYBE_RELATIVE.search(body):
        return body
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    for element in root.iter(etree.Element):
        for name in LINK_ATTRIBUTES.intersection(element.attrib):
            try:
                element.set(name, urljoin(base, element.get(name).strip()))
            except ValueError:  # not a URL (an unbalanced "[" ...): kept as written
                continue
    return lxml_html.tostring(root, encoding="unicode").removeprefix("<div>").removesuffix("</div>")


def rfc3339(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class Category:
    term: str
    label: str
    scheme: str


@dataclass(frozen=True)
class FeedItem:
    """One article as every feed shows it; ``content`` is its body with absolute links."""

    id: str
    title: str
    link: str
    published: datetime
    updated: datetime | None
    summary: str
    content: str
    categories: tuple[Category, ...]
    source_name: str | None
    source_url: str | None

    @property
    def last_changed(self) -> datetime:
        return self.updated or self.published


def feed_item(article, config: FeedConfig, schemes: dict[str, str]) -> FeedItem:
    """The item of an article; ``schemes`` maps kind names to the absolute URL of their directory."""
    source = article.source
    link = config.absolute(article.url)
    content = absolute_links(article.body.replace(SITE_ROOT, config.site_url), link)
    if source is not None:
        shown = xml_text(source.name)
        content += f'<p>Source: <a href="{xml_text(source.url)}">{shown}</a></p>' if source.url else f"<p>Source: {shown}</p>"
    return FeedItem(
        id=config.item_id(article),
        title=article.title,
        link=link,
        published=article.date,
        updated=article.updated,
        summary=article.summary,
        content=content,
        categories=tuple(
            Category(entity.slug, entity.name, scheme) for kind_name, scheme in schemes.items() for entity in article.named(kind_name)
        ),
        source_name=source.name if source else None,
        source_url=source.url if source else None,
    )


def _updated(items: list[FeedItem], config: FeedConfig) -> datetime:
    """When the feed last changed: its newest item's date; for an empty feed a fixed date, never now."""
    return max((item.last_changed for item in items), default=config.epoch)


def rss_item(item: FeedItem, full: bool) -> str:
    """An RSS item; its description is HTML (as readers take it), so the plain-text summary is escaped for HTML."""
    parts = [
        f"<item><title>{xml_text(item.title)}</title><link>{xml_text(item.link)}</link>",
        f"<description>{xml_text(html.escape(item.summary, quote=False))}</description>",
        f"<content:encoded>{xml_text(item.content)}</content:encoded>" if full else "",
        f'<guid isPermaLink="false">{xml_text(item.id)}</guid><pubDate>{format_datetime(item.published)}</pubDate>',
        *(f'<category domain="{xml_text(category.scheme)}">{xml_text(category.label)}</category>' for category in item.categories),
        "</item>\n",
    ]
    return "".join(parts)


def render_rss(feed: Feed, items: list[FeedItem], config: FeedConfig, item_text) -> bytes:
    """An RSS 2.0 document; item guids are the tag: ids, marked as not permalinks."""
    hub = f'<atom:link rel="hub" href="{xml_text(config.hub)}"/>' if config.hub else ""
    head = (
        f"<?xml version='1.0' encoding='utf-8'?>\n"
        f'<rss version="2.0" xmlns:atom="{ATOM_NS}" xmlns:content="{CONTENT_NS}"><channel>\n'
        f"<title>{xml_text(feed.title)}</title><link>{xml_text(config.absolute(feed.page_url))}</link>"
        f"<description>{xml_text(feed.description)}</description><language>{xml_text(config.language)}</language>"
        f"<lastBuildDate>{format_datetime(_updated(items, config))}</lastBuildDate>"
        f'<atom:link rel="self" type="application/rss+xml" href="{xml_text(config.absolute(feed.rss))}"/>{hub}\n'
    )
    return (head + "".join(item_text(item) for item in items) + "</channel></rss>\n").encode("utf-8")


def atom_text(element: str, text: str) -> str:
    """An Atom text construct holding plain ``text``.

    Text with a "<" goes as type="html", escaped for HTML: readers that take any
    title for HTML whatever its type would drop "<b>" as a tag (the validator's
    ContainsUndeclaredHTML); escaped, every reader shows it as written.
    """
    if "<" in text:
        return f'<{element} type="html">{xml_text(html.escape(text, quote=False))}</{element}>'
    return f'<{element} type="text">{xml_text(text)}</{element}>'


def atom_entry(item: FeedItem, full: bool) -> str:
    parts = [
        f"<entry><id>{xml_text(item.id)}</id>{atom_text('title', item.title)}",
        f'<link rel="alternate" type="text/html" href="{xml_text(item.link)}"/>',
        f"<published>{rfc3339(item.published)}</published><updated>{rfc3339(item.last_changed)}</updated>",
        atom_text("summary", item.summary),
        f'<content type="html">{xml_text(item.content)}</content>' if full else "",
        *(f'<category term="{xml_text(c.term)}" scheme="{xml_text(c.scheme)}" label="{xml_text(c.label)}"/>' for c in item.categories),
        f'<link rel="via" href="{xml_text(item.source_url)}" title="{xml_text(item.source_name)}"/>' if item.source_url else "",
        "</entry>\n",
    ]
    return "".join(parts)


def render_atom(feed: Feed, items: list[FeedItem], config: FeedConfig, item_text) -> bytes:
    """An Atom 1.0 document valid against the RELAX NG schema of RFC 4287."""
    hub = f'<link rel="hub" href="{xml_text(config.hub)}"/>' if config.hub else ""
    head = (
        f"<?xml version='1.0' encoding='utf-8'?>\n"
        f'<feed xmlns="{ATOM_NS}" xml:lang="{xml_text(config.language)}">\n'
        f"<id>{xml_text(feed.id)}</id>{atom_text('title', feed.title)}{atom_text('subtitle', feed.description)}"
        f"<updated>{rfc3339(_updated(items, config))}</updated>"
        f'<link rel="alternate" type="text/html" href="{xml_text(config.absolute(feed.page_url))}"/>'
        f'<link rel="self" type="application/atom+xml" href="{xml_text(config.absolute(feed.atom))}"/>{hub}'
        f"<author><name>{xml_text(config.sitename)}</name><uri>{xml_text(config.absolute(''))}</uri></author>\n"
    )
    return (head + "".join(item_text(item) for item in items) + "</feed>\n").encode("utf-8")


def _clean(text: str) -> str:
    """Text without the characters no feed carries (json.dumps would write them as escapes)."""
    return NOT_XML.sub("", text)


def json_item(item: FeedItem, full: bool) -> dict:
    data = {"id": item.id, "url": item.link, "title": _clean(item.title), "summary": _clean(item.summary)}
    if full:
        data["content_html"] = _clean(item.content)
    else:
        data["content_text"] = _clean(item.summary)
    data["date_published"] = rfc3339(item.published)
    if item.updated:
        data["date_modified"] = rfc3339(item.updated)
    if item.categories:
        data["tags"] = list(dict.fromkeys(_clean(category.label) for category in item.categories))
    if item.source_url:
        data["external_url"] = item.source_url
    return data


def render_json(feed: Feed, items: list[FeedItem], config: FeedConfig, item_data) -> bytes:
    """A JSON Feed 1.1 document."""
    document = {
        "version": JSON_FEED_VERSION,
        "title": _clean(feed.title),
        "home_page_url": config.absolute(feed.page_url),
        "feed_url": config.absolute(feed.json),
        "description": _clean(feed.description),
        "language": config.language,
        "authors": [{"name": _clean(config.sitename), "url": config.absolute("")}],
        "items": [item_data(item) for item in items],
    }
    if config.hub:
        document["hubs"] = [{"type": "WebSub", "url": config.hub}]
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def render_opml(groups: tuple[FeedGroup, ...], config: FeedConfig) -> bytes:
    """An OPML 2.0 subscription list of every entity's Atom feed, one folder per kind.

    A folder outline has only ``text``: any other attribute would need a ``type``.
    """
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        '<opml version="2.0"><head>',
        f"<title>{xml_text(config.sitename)} feeds: {xml_text(', '.join(group.kind.title for group in groups))}</title>",
        "</head><body>",
    ]
    for group in groups:
        lines.append(f'<outline text="{xml_text(group.kind.title)}">')
        lines += [
            f'<outline type="rss" text="{xml_text(feed.title)}" title="{xml_text(feed.title)}" '
            f'xmlUrl="{xml_text(config.absolute(feed.atom))}" htmlUrl="{xml_text(config.absolute(feed.page_url))}"/>'
            for feed in group.feeds
        ]
        lines.append("</outline>")
    lines.append("</body></opml>\n")
    return "\n".join(lines).encode("utf-8")


__all__ = ["Category", "FeedItem", "absolute_links", "atom_entry", "atom_text", "feed_item", "json_item", "render_atom",
           "render_json", "render_opml", "render_rss", "rss_item", "xml_text"]  # fmt: skip
