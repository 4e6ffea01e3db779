"""Feed items and the XML of RSS 2.0, Atom 1.0 (RFC 4287) and OPML 2.0 documents.

Written with lxml rather than feedgenerator: every element the formats need
(categories with schemes, the source, content:encoded) is available, text is
escaped by the serialiser, and no date comes from the clock, so the same
content always gives the same bytes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from lxml import etree

from .catalog import Feed, FeedCatalog, FeedConfig

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

# Characters XML 1.0 forbids (C0 controls but tab and line ends, surrogates, U+FFFE/U+FFFF)
# plus DEL and C1 controls, which it discourages. Content checks refuse them already; this
# keeps a feed well-formed whatever text reaches it.
NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Article attributes that become categories: the kinds a subscriber filters by.
CATEGORY_ATTRIBUTES = ("companies", "products", "indications")


def xml_text(value) -> str:
    return NOT_XML.sub("", str(value))


@dataclass(frozen=True)
class Category:
    term: str
    label: str
    scheme: str


@dataclass(frozen=True)
class FeedItem:
    """One article as every feed shows it."""

    id: str
    title: str
    link: str
    published: datetime
    updated: datetime | None
    summary: str
    content: str | None
    categories: tuple[Category, ...]
    source_name: str | None
    source_url: str | None

    @property
    def last_changed(self) -> datetime:
        return self.updated or self.published


def _source_html(name: str, url: str | None) -> str:
    shown = html.escape(name)
    if url:
        shown = f'<a href="{html.escape(url)}">{shown}</a>'
    return f"<p>Source: {shown}</p>"


def feed_item(article, content_html: str, config: FeedConfig, schemes: dict[str, str]) -> FeedItem:
    """The item for an article; ``content_html`` is its body with absolute links, ``schemes``
    the absolute URL of the directory each category attribute's entities are listed in."""
    source = getattr(article, "source", None)
    content = None
    if config.full_content:
        content = content_html + (_source_html(source.name, source.url) if source else "")
    return FeedItem(
        id=config.item_id(article),
        title=article.title,
        link=config.absolute(article.url),
        published=article.date,
        updated=getattr(article, "modified", None),
        summary=article.summary,
        content=content,
        categories=tuple(
            Category(entity.slug, entity.name, schemes[attribute])
            for attribute in CATEGORY_ATTRIBUTES
            for entity in getattr(article, attribute, ())
        ),
        source_name=source.name if source else None,
        source_url=source.url if source else None,
    )


def _add(parent, tag: str, text=None, /, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag, {name: xml_text(value) for name, value in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _updated(items: list[FeedItem], config: FeedConfig) -> datetime:
    """When the feed last changed: its newest item's date; for an empty feed a fixed date, never now."""
    return max((item.last_changed for item in items), default=config.epoch)


def rfc3339(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def render_rss(feed: Feed, items: list[FeedItem], config: FeedConfig) -> bytes:
    """An RSS 2.0 document; item guids are the tag: ids, marked as not permalinks."""
    rss = etree.Element("rss", {"version": "2.0"}, nsmap={"atom": ATOM_NS, "content": CONTENT_NS})
    channel = _add(rss, "channel")
    _add(channel, "title", feed.title)
    _add(channel, "link", config.absolute(feed.page_url))
    _add(channel, "description", feed.description)
    _add(channel, "language", config.language)
    _add(channel, "lastBuildDate", format_datetime(_updated(items, config)))
    _add(channel, f"{{{ATOM_NS}}}link", rel="self", type="application/rss+xml", href=config.absolute(feed.rss))
    for item in items:
        element = _add(channel, "item")
        _add(element, "title", item.title)
        _add(element, "link", item.link)
        _add(element, "description", html.escape(item.summary, quote=False))
        if item.content is not None:
            _add(element, f"{{{CONTENT_NS}}}encoded", item.content)
        _add(element, "guid", item.id, isPermaLink="false")
        _add(element, "pubDate", format_datetime(item.published))
        if item.updated:
            _add(element, f"{{{ATOM_NS}}}updated", rfc3339(item.updated))
        for category in item.categories:
            _add(element, "category", category.label, domain=category.scheme)
        if item.source_url:
            _add(element, "source", item.source_name, url=item.source_url)
    return _serialise(rss)


def render_atom(feed: Feed, items: list[FeedItem], config: FeedConfig) -> bytes:
    """An Atom 1.0 document valid against the RELAX NG schema of RFC 4287."""
    root = etree.Element(f"{{{ATOM_NS}}}feed", {XML_LANG: config.language}, nsmap={None: ATOM_NS})

    def add(parent, name: str, text=None, /, **attributes):
        return _add(parent, f"{{{ATOM_NS}}}{name}", text, **attributes)

    add(root, "id", feed.id)
    add(root, "title", feed.title, type="text")
    add(root, "subtitle", feed.description, type="text")
    add(root, "updated", rfc3339(_updated(items, config)))
    add(root, "link", rel="alternate", type="text/html", href=config.absolute(feed.page_url))
    add(root, "link", rel="self", type="application/atom+xml", href=config.absolute(feed.atom))
    author = add(root, "author")
    add(author, "name", config.sitename)
    add(author, "uri", config.absolute(""))
    for item in items:
        entry = add(root, "entry", **{XML_BASE: item.link})
        add(entry, "id", item.id)
        add(entry, "title", item.title, type="text")
        add(entry, "link", rel="alternate", type="text/html", href=item.link)
        add(entry, "published", rfc3339(item.published))
        add(entry, "updated", rfc3339(item.last_changed))
        add(entry, "summary", item.summary, type="text")
        if item.content is not None:
            add(entry, "content", item.content, type="html")
        for category in item.categories:
            add(entry, "category", term=category.term, scheme=category.scheme, label=category.label)
        if item.source_url:
            add(entry, "link", rel="via", href=item.source_url, title=item.source_name)
    return _serialise(root)


def render_opml(catalog: FeedCatalog) -> bytes:
    """An OPML 2.0 subscription list of every entity's Atom feed, one folder per kind."""
    config = catalog.config
    opml = etree.Element("opml", {"version": "2.0"})
    head = _add(opml, "head")
    _add(head, "title", f"{config.sitename} feeds: " + ", ".join(group.title for group in catalog.groups))
    _add(head, "docs", "http://opml.org/spec2.opml")
    body = _add(opml, "body")
    for group in catalog.groups:
        folder = _add(body, "outline", text=group.title, title=group.title)
        for feed in group.feeds:
            _add(
                folder,
                "outline",
                type="rss",
                text=feed.title,
                title=feed.title,
                xmlUrl=config.absolute(feed.atom),
                htmlUrl=config.absolute(feed.page_url),
            )
    return _serialise(opml)


__all__ = ["Category", "FeedItem", "feed_item", "render_atom", "render_opml", "render_rss", "xml_text"]
