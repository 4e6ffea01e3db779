"""Feeds: RSS 2.0 and Atom 1.0 for the whole site and for every company, disease,
product, regulator and therapeutic area, an OPML list of the entity feeds, a
Subscribe page, and ``<link rel="alternate">`` discovery in every page.

A Generator, like entity_pages (which must be listed before it in PLUGINS): its
``generate_context`` puts the ``feeds`` catalog in the context for templates
(``feeds.site``, ``feeds.groups``, ``feeds.of(entity)``); ``generate_output``
writes the files. Pelican's own feeds stay switched off.

Item ids are what a feed reader uses to tell a new story from one it has seen,
so they depend on nothing that can move: not SITEURL, the source file's path,
nor the URL patterns. Each is a tag URI (RFC 4151) made of the fixed
``FEED_ID_AUTHORITY`` and the article's publication date and slug::

    tag:pharma-pipeline.example.com,2024:news/2024-05-20/vcanbio-cleared-to-test-vum02-in-aclf-and-ards

It is the Atom ``<id>`` and the RSS ``<guid isPermaLink="false">``. A
correction (front matter ``updated``) keeps the id and changes the updated
date. Feed ids follow the same scheme (``...:feeds/all``,
``...:feeds/company/vcanbio``).

Links in feeds are absolute, from SITEURL (publishconf.py), or from
``FEED_LOCAL_SITEURL`` when SITEURL is not absolute (local builds). Dates come
from the articles only, so rebuilding unchanged content gives identical bytes.
"""

from .catalog import DEFAULT_SETTINGS, FeedCatalog, FeedConfig, FeedSettingsError, build_catalog
from .generator import FeedsGenerator, FeedsNeedTaxonomy, register

__all__ = [
    "DEFAULT_SETTINGS",
    "FeedCatalog",
    "FeedConfig",
    "FeedSettingsError",
    "FeedsGenerator",
    "FeedsNeedTaxonomy",
    "build_catalog",
    "register",
]
