"""The FeedsGenerator: feed files in three formats, the OPML list and the Subscribe page."""

from __future__ import annotations

import functools
import logging

from pelican.generators import Generator

from content_model import RegistryKind, Taxonomy, digest
from site_writer import FileOutput, PageOutput, fingerprint

from .catalog import FORMATS, Feed, FeedConfig, entity_groups, site_feed
from .render import atom_entry, feed_item, json_item, render_atom, render_json, render_opml, render_rss, rss_item

logger = logging.getLogger(__name__)

RENDERERS = {"rss": (render_rss, rss_item), "atom": (render_atom, atom_entry), "json": (render_json, json_item)}


class FeedsGenerator(Generator):
    """Shares the site feeds' links for every page's head; writes every feed, the OPML list and the Subscribe page."""

    def generate_context(self):
        taxonomy: Taxonomy = self.context["taxonomy"]
        self.config = FeedConfig.from_settings(self.settings)
        self.site_feed = site_feed(self.config, taxonomy)
        self.groups = entity_groups(self.config, taxonomy, self.settings)
        self.context.setdefault("page_globals", {}).update(
            site_feeds={"title": self.site_feed.title, **self.site_feed.paths}, subscribe_url=self.settings["SUBSCRIBE_URL"]
        )
        self.schemes = {
            kind.name: self.config.absolute(self.settings[f"{kind.directory_prefix}_URL"])
            for kind in taxonomy.kinds
            if isinstance(kind, RegistryKind) and kind.name != "regulator"
        }
        self._items: dict = {}
        self._texts: dict = {}

    def item(self, article):
        key = id(article)
        if key not in self._items:
            self._items[key] = feed_item(article, self.config, self.schemes)
        return self._items[key]

    def item_text(self, format_name: str, full: bool):
        """The serialiser of one format's items, remembering each item's text for the next feed that carries it."""
        serialise = RENDERERS[format_name][1]

        def text(item):
            key = (item.id, format_name, full)
            if key not in self._texts:
                self._texts[key] = serialise(item, full)
            return self._texts[key]

        return text

    def render(self, feed: Feed, format_name: str) -> bytes:
        render = RENDERERS[format_name][0]
        return render(feed, [self.item(article) for article in feed.articles], self.config, self.item_text(format_name, feed.full_content))

    def feed_fingerprint(self, feed: Feed, format_name: str) -> bytes:
        bodies = [article.body_digest for article in feed.articles] if feed.full_content else ()
        return fingerprint(self.config, feed, bodies, format_name)

    def feed_outputs(self, feed: Feed) -> list[FileOutput]:
        return [
            FileOutput(feed.paths[name], functools.partial(self.feed_fingerprint, feed, name), functools.partial(self.render, feed, name),
                       source=f"the {name} feed {feed.id}")
            for name in FORMATS
            if name in feed.paths
        ]  # fmt: skip

    def generate_output(self, writer):
        feeds = [self.site_feed] + [feed for group in self.groups for feed in group.feeds]
        outputs = [output for feed in feeds for output in self.feed_outputs(feed)]
        opml = render_opml(self.groups, self.config)
        outputs.append(FileOutput(self.settings["ENTITY_FEEDS_OPML"], digest(opml), make=lambda: opml, source="the OPML list of feeds"))
        outputs.append(PageOutput(self.settings["SUBSCRIBE_SAVE_AS"], "subscribe", {"site_feed": self.site_feed, "groups": self.groups,
                                                                                      "opml": self.settings["ENTITY_FEEDS_OPML"],
                                                                                      "crumbs": (("Subscribe", self.settings["SUBSCRIBE_URL"]),)},
                                  self.settings["SUBSCRIBE_URL"], "the Subscribe page"))  # fmt: skip
        logger.info("Feeds: %d, each as %s", len(feeds), ", ".join(FORMATS))
        writer.write_outputs(self, outputs)
