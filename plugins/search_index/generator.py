"""The SearchIndexGenerator: the Pagefind bundle from every published article, and the search page."""

from __future__ import annotations

import functools
import logging
import time

from pelican.generators import Generator

from content_model import Site
from site_writer import FolderOutput, PageOutput, fingerprint

from .canonical import canonicalize_bundle
from .errors import SearchIndexFailed
from .records import search_document, search_filters, search_record
from .service import PagefindService
from .shards import Shard, plan_shards

logger = logging.getLogger(__name__)


class SearchIndexGenerator(Generator):
    """Shares the search page's URL with every page (the header's search form); writes the search index, in
    shards (``shards``) made in the background while the pages render, and the search page that reads them."""

    def generate_context(self):
        self.context.setdefault("page_globals", {})["search_url"] = self.settings["SEARCH_URL"]
        site: Site = self.context["site"]
        self.shards = plan_shards(site.listed_articles, self.settings["SEARCH_SHARD_ARTICLES"])

    def bundle_folder(self, position: int) -> str:
        """The newest shard is the bundle at SEARCH_BUNDLE_DIR; older ones are under SEARCH_ARCHIVE_DIR, by period."""
        if position == len(self.shards) - 1:
            return self.settings["SEARCH_BUNDLE_DIR"]
        return f"{self.settings['SEARCH_ARCHIVE_DIR']}/{self.shards[position].key}"

    def documents(self, articles, kinds) -> list[tuple[str, str]]:
        """(URL, HTML) of these articles, as Pagefind indexes them."""
        weight = self.settings["SEARCH_INDEX_HEADLINE_NAMES_WEIGHT"]
        language = self.settings["DEFAULT_LANG"]
        return [(f"/{article.url}", search_document(article, search_record(article, kinds, weight), language)) for article in articles]

    def bundle(self, shard: Shard, kinds) -> dict[str, bytes]:
        """The Pagefind bundle of one shard, reproducible: name inside the bundle folder -> bytes."""
        started = time.perf_counter()
        documents = self.documents(shard.articles, kinds)
        with PagefindService(self.settings["DEFAULT_LANG"], self.settings["SEARCH_INDEX_TIMEOUT"]) as service:
            service.add_pages(documents)
            files = service.files()
        bundle = canonicalize_bundle({path.removeprefix("pagefind/"): data for path, data in files.items()})
        if len([path for path in bundle if path.startswith("fragment/")]) != len(documents):
            raise SearchIndexFailed(f"{len(documents)} articles were given to Pagefind but its bundle has other fragments")
        logger.info("Search index %s: %d articles in %.1f s", shard.key, len(documents), time.perf_counter() - started)
        return bundle

    def start_output(self, writer):
        """The shards' bundles, made in the background; each is made again only when what it indexes changed:
        its articles (their digests cover their entities' names) and their bodies."""
        kinds = self.context["site"].config.kinds
        settings = (self.settings["SEARCH_INDEX_HEADLINE_NAMES_WEIGHT"], self.settings["DEFAULT_LANG"])
        writer.write_outputs(self, [
            FolderOutput(self.bundle_folder(position),
                         fingerprint([(article.digest, article.body_digest) for article in shard.articles], kinds, settings),
                         functools.partial(self.bundle, shard, kinds), f"the search index of {shard.key}")
            for position, shard in enumerate(self.shards)
        ])  # fmt: skip

    def generate_output(self, writer):
        site: Site = self.context["site"]
        bundles = [f"{self.bundle_folder(position)}/" for position in reversed(range(len(self.shards)))]
        context = {"filters": search_filters(site.config.kinds), "search_bundles": bundles}
        writer.write_outputs(self, [PageOutput(self.settings["SEARCH_SAVE_AS"], "search", context, self.settings["SEARCH_URL"], "the search page")])
