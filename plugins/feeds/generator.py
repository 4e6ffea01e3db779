"""The FeedsGenerator: feed files, the OPML list and the Subscribe page."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from content_model import KINDS, ContentError

from .catalog import FeedCatalog, FeedConfig, build_catalog
from .render import CATEGORY_ATTRIBUTES, feed_item, render_atom, render_opml, render_rss

logger = logging.getLogger(__name__)


class FeedsNeedTaxonomy(ContentError):
    """The entity_pages plugin did not run first, so there is no taxonomy to build feeds from."""


class FeedsGenerator(Generator):
    """Shares the feed catalog in the context (for page templates) and writes every feed."""

    def generate_context(self):
        if "taxonomy" not in self.context:
            raise FeedsNeedTaxonomy(
                'the feeds plugin reads the entity_pages taxonomy: list "entity_pages" before "feeds" in PLUGINS'
            )
        config = FeedConfig.from_settings(self.settings)
        catalog = build_catalog(config, self.context["taxonomy"], self.context["directories"])
        self.context["feeds"] = catalog
        logger.info("Feeds: %d, each as RSS and Atom", len(catalog.all()))

    def write_bytes(self, path: str, data: bytes) -> None:
        """Feeds are finished XML bytes; Pelican's writer only renders templates or feedgenerator feeds."""
        target = Path(self.output_path, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def generate_output(self, writer):
        catalog: FeedCatalog = self.context["feeds"]
        config = catalog.config
        directories = self.context["directories"]
        # A category's scheme is the directory that lists its kind of entity.
        plurals = {spec.attribute: spec.plural for spec in KINDS.values()}
        schemes = {attribute: config.absolute(directories[plurals[attribute]].url) for attribute in CATEGORY_ATTRIBUTES}
        # Each article becomes an item once, however many feeds carry it.
        articles = {id(article): article for feed in catalog.all() for article in feed.articles}
        items = {
            key: feed_item(article, article.get_content(config.site_url), config, schemes) for key, article in articles.items()
        }
        for feed in catalog.all():
            feed_items = [items[id(article)] for article in feed.articles]
            self.write_bytes(feed.rss, render_rss(feed, feed_items, config))
            self.write_bytes(feed.atom, render_atom(feed, feed_items, config))
        self.write_bytes(catalog.opml, render_opml(catalog))
        writer.write_file(
            config.subscribe_save_as,
            self.get_template("subscribe"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=config.subscribe_url,
            template_name="subscribe",
        )


def get_generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
