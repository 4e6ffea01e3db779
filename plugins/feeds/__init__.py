"""Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole site and for every entity of every
kind with feeds (companies, diseases, products, regulators, therapeutic areas), an OPML list of
the entity feeds, a Subscribe page, and the site feeds' links for every page's head.

A Generator over the ``Taxonomy`` the news plugin shares (it must be listed
after news). The site feed carries each story's full text; entity feeds carry
its summary and link by default (``ENTITY_FEED_CONTENT``): a story is in five
feeds on average, and full bodies in all of them made feeds four tenths of the
site's bytes. Links in feeds are absolute: SITEURL, or LOCAL_SITEURL in local
builds. An optional WebSub hub (``FEED_WEBSUB_HUB``) is announced in every feed.
"""

from pelican import signals

from content_model import PerKind, Setting
from content_model.settings import install_declared

from .catalog import FeedConfig, authority_problem, path_problem, slug_pattern_problem
from .generator import FeedsGenerator

REQUIRES = ("news",)


def _entity_content_problem(value) -> str | None:
    return None if value in ("summary", "full") else 'must be "summary" or "full"'


def _hub_problem(value) -> str | None:
    return None if value == "" or value.startswith(("https://", "http://")) else "must be an http(s) URL, or empty for none"


SETTINGS = (
    *(Setting(f"SITE_FEED_{name.upper()}", str, f"feeds/all.{suffix}", f"The site's {label} feed.", check=path_problem)
      for name, suffix, label in (("atom", "atom.xml", "Atom"), ("rss", "rss.xml", "RSS"), ("json", "json", "JSON Feed"))),
    *(PerKind(f"{{NAME}}_FEED_{name.upper()}", f"feeds/{{plural}}/{{{{slug}}}}.{suffix}", f"Each {{name}}'s {label} feed.",
              applies=lambda kind: kind.feeds, check=slug_pattern_problem)
      for name, suffix, label in (("atom", "atom.xml", "Atom"), ("rss", "rss.xml", "RSS"), ("json", "json", "JSON Feed"))),
    Setting("SUBSCRIBE_URL", str, "feeds/", "The Subscribe page, which lists every feed."),
    Setting("SUBSCRIBE_SAVE_AS", str, "feeds/index.html", "Where the Subscribe page is written.", check=path_problem),
    Setting("ENTITY_FEEDS_OPML", str, "feeds/entities.opml", "One OPML file of every entity feed, to import at once.", check=path_problem),
    Setting("FEED_MAX_ITEMS", int, 50, "Items per feed: the newest N.", check=lambda value: None if value >= 1 else "must be 1 or more"),
    Setting("ENTITY_FEED_CONTENT", str, "summary", 'What entity feeds carry: "summary" (and the link) or "full" text.',
            check=_entity_content_problem),
    Setting("FEED_ID_AUTHORITY", str, "pharma-pipeline.example.com,2024",
            "Tagging authority of every feed and item id (RFC 4151); never change it once feeds are public.", check=authority_problem),
    Setting("FEED_WEBSUB_HUB", str, "", "A WebSub hub to announce in every feed (e.g. https://pubsubhubbub.appspot.com/); empty for none.",
            check=_hub_problem),
)  # fmt: skip


def get_generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.initialized.connect(install_declared)
    signals.get_generators.connect(get_generators)


__all__ = ["REQUIRES", "SETTINGS", "FeedConfig", "FeedsGenerator", "authority_problem", "path_problem", "register", "slug_pattern_problem"]
