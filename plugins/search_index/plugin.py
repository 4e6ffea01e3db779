"""Signal receivers of the search_index plugin, and its settings."""

from __future__ import annotations

import functools
import logging
import time
from pathlib import Path

from pelican import signals

from .indexer import BUNDLE_DIR, index_site, pages_glob
from .records import SEARCH_FILTERS, search_record

logger = logging.getLogger(__name__)

DEFAULT_SETTINGS = {
    # Pagefind weight of the names (aliases, tickers, Chinese names ...) of the entities an
    # article's headline names; the headline itself weighs 7, ordinary text 1.
    "SEARCH_INDEX_HEADLINE_NAMES_WEIGHT": 7.0,
    # Seconds Pagefind may take before the build fails rather than hang.
    "SEARCH_INDEX_TIMEOUT": 600,
}


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULT_SETTINGS[name])


def add_template_helpers(generator) -> None:
    """Templates get ``article | search_record``, ``search_filters`` and ``search_bundle_url``."""
    weight = float(setting(generator.settings, "SEARCH_INDEX_HEADLINE_NAMES_WEIGHT"))
    generator.env.filters["search_record"] = functools.partial(search_record, headline_weight=weight)
    generator.env.globals["search_filters"] = SEARCH_FILTERS
    generator.env.globals["search_bundle_url"] = f"{BUNDLE_DIR}/"


def build_index(pelican) -> None:
    """Index the site Pelican has just written: under sitebuild, the staging folder."""
    settings = pelican.settings
    started = time.perf_counter()
    glob = pages_glob(settings["ARTICLE_SAVE_AS"])
    timeout = setting(settings, "SEARCH_INDEX_TIMEOUT")
    pages = index_site(Path(pelican.output_path), glob, settings["DEFAULT_LANG"], timeout)
    seconds = time.perf_counter() - started
    if pages:
        logger.info("Search index: %d article pages in %.1f s", pages, seconds, extra={"search_index_seconds": seconds})
    else:
        logger.warning("Search index: no page matching %s is marked data-pagefind-body; nothing to search", glob)


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
    signals.finalized.connect(build_index)
