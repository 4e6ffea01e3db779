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

logger = logging.getLogger(__name__)


class SearchIndexGenerator(Generator):
    """Shares the search page's URL with every page (the header's search form); writes the bundle and the page."""

    def generate_context(self):
        self.context.setdefault("page_globals", {})["search_url"] = self.settings["SEARCH_URL"]

    def documents(self, site: Site) -> list[tuple[str, str]]:
        """(URL, HTML) of every article the site lists, as Pagefind indexes it."""
        weight = self.settings["SEARCH_INDEX_HEADLINE_NAMES_WEIGHT"]
        language = self.settings["DEFAULT_LANG"]
        return [
            (f"/{article.url}", search_document(article, search_record(article, site.config.kinds, weight), language))
            for article in site.listed_articles
        ]

    def bundle(self, site: Site) -> dict[str, bytes]:
        """The Pagefind bundle of the site's articles, reproducible: name inside the bundle folder -> bytes."""
        started = time.perf_counter()
        documents = self.documents(site)
        with PagefindService(self.settings["DEFAULT_LANG"], self.settings["SEARCH_INDEX_TIMEOUT"]) as service:
            service.add_pages(documents)
            files = service.files()
        bundle = canonicalize_bundle({path.removeprefix("pagefind/"): data for path, data in files.items()})
        if len([path for path in bundle if path.startswith("fragment/")]) != len(documents):
            raise SearchIndexFailed(f"{len(documents)} articles were given to Pagefind but its bundle has other fragments")
        seconds = time.perf_counter() - started
        logger.info("Search index: %d articles in %.1f s", len(documents), seconds, extra={"search_index_seconds": seconds})
        return bundle

    def generate_output(self, writer):
        site: Site = self.context["site"]
        outputs = [PageOutput(self.settings["SEARCH_SAVE_AS"], "search", {"filters": search_filters(site.config.kinds)},
                              self.settings["SEARCH_URL"], "the search page")]  # fmt: skip
        if site.listed_articles:
            # Pagefind runs only when what it indexes changed: the articles (their digests cover their entities' names) and bodies.
            inputs = fingerprint([(article.digest, article.body_digest) for article in site.listed_articles], site.config.kinds,
                                 self.settings["SEARCH_INDEX_HEADLINE_NAMES_WEIGHT"], self.settings["DEFAULT_LANG"])
            outputs.append(FolderOutput(self.settings["SEARCH_BUNDLE_DIR"], inputs, functools.partial(self.bundle, site), "the search index"))
        writer.write_outputs(self, outputs)
