"""Which feeds the site has, where they are written, and the ids that name them.

Plain Python over the content model's ``Taxonomy``, so it runs in tests
without Pelican. Item ids are what a feed reader uses to tell a new story from
one it has seen, so they depend on nothing that can move: not SITEURL nor the
source file's path. Each is a tag URI (RFC 4151) of the fixed
``FEED_ID_AUTHORITY`` and the URL the story was first published at (its first
alias after a rename, else its URL, which a corrected headline never changes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

from content_model import Kind, Taxonomy, absolute_site_url, feed_links

# authorityName "," date, as RFC 4151 defines them (a DNS name or an e-mail address; YYYY[-MM[-DD]]).
AUTHORITY = re.compile(
    r"^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|[^@\s,:]+@[A-Za-z0-9.-]+),(?P<date>[0-9]{4}(?:-[0-9]{2}){0,2})$"
)
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
FORMATS = ("atom", "rss", "json")


def authority_problem(value) -> str | None:
    match = AUTHORITY.match(value) if isinstance(value, str) else None
    if match is None:
        return 'must be a domain you own and a year (or date) it was yours, e.g. "example.com,2024"'
    parts = [int(part) for part in match["date"].split("-")] + [1, 1]
    try:
        date(*parts[:3])
    except ValueError:
        return "has an impossible date"
    return None


def path_problem(value) -> str | None:
    """A feed path must stay inside the site."""
    if not value or value.startswith("/") or ".." in value.split("/"):
        return 'must be a path inside the site, such as "feeds/all.atom.xml"'
    return None


def slug_pattern_problem(value) -> str | None:
    return path_problem(value) or (None if "{slug}" in value else "must contain {slug}, or every entity would share one file")


@dataclass(frozen=True)
class FeedConfig:
    """The settings every feed is built with."""

    site_url: str
    authority: str
    epoch: datetime
    max_items: int
    entity_content: str
    sitename: str
    description: str
    language: str
    hub: str
    site_paths: dict[str, str]

    @classmethod
    def from_settings(cls, settings: dict) -> FeedConfig:
        authority = settings["FEED_ID_AUTHORITY"]
        year, *rest = (int(part) for part in AUTHORITY.match(authority)["date"].split("-"))
        start = date(year, *(rest + [1, 1])[:2])
        return cls(
            site_url=absolute_site_url(settings),
            authority=authority,
            epoch=datetime(start.year, start.month, start.day, tzinfo=timezone.utc),
            max_items=settings["FEED_MAX_ITEMS"],
            entity_content=settings["ENTITY_FEED_CONTENT"],
            sitename=settings["SITENAME"],
            description=settings.get("SITESUBTITLE") or settings["SITENAME"],
            language=settings["DEFAULT_LANG"],
            hub=settings["FEED_WEBSUB_HUB"],
            site_paths={name: settings[f"SITE_FEED_{name.upper()}"] for name in FORMATS},
        )

    def absolute(self, url: str) -> str:
        """A site-relative URL ("news/2024/05/x/", "" for home) as an absolute one."""
        return f"{self.site_url}/{url}"

    def tag(self, specific: str) -> str:
        return f"tag:{self.authority}:{specific}"

    def item_id(self, article) -> str:
        """The article's id in every feed: the URL it was first published at."""
        return self.tag(article.aliases[0] if article.aliases else article.url)


@dataclass(frozen=True)
class Feed:
    """One feed, in every format: ``paths`` by format (atom, rss, json), which are also their URLs."""

    id: str
    name: str
    title: str
    description: str
    page_url: str
    paths: dict[str, str]
    articles: tuple
    full_content: bool

    @property
    def atom(self) -> str:
        return self.paths["atom"]

    @property
    def rss(self) -> str:
        return self.paths["rss"]

    @property
    def json(self) -> str:
        return self.paths["json"]


@dataclass(frozen=True)
class FeedGroup:
    """The feeds of one kind, in the registry's order."""

    kind: Kind
    directory_url: str
    feeds: tuple[Feed, ...]


def site_feed(config: FeedConfig, taxonomy: Taxonomy) -> Feed:
    return Feed(config.tag("feeds/all"), "All news", config.sitename, config.description, "", dict(config.site_paths),
                tuple(taxonomy.articles[: config.max_items]), True)  # fmt: skip


def entity_groups(config: FeedConfig, taxonomy: Taxonomy, settings: dict) -> tuple[FeedGroup, ...]:
    """A feed for every entity of every kind with feeds, even one no article names yet, so a
    subscriber can follow it before its first story."""
    groups = []
    for kind in taxonomy.kinds:
        if not kind.feeds:
            continue
        feeds = []
        for term in taxonomy.terms(kind):
            description = getattr(term, "description", None) or f"News about {term.name} from {config.sitename}"
            feeds.append(Feed(
                config.tag(f"feeds/{kind.name}/{term.slug}"), term.name, f"{term.name} · {config.sitename}", description, term.url,
                feed_links(settings, kind, term.slug), tuple(taxonomy.articles_of(term)[: config.max_items]),
                config.entity_content == "full",
            ))  # fmt: skip
        groups.append(FeedGroup(kind, settings[f"{kind.directory_prefix}_URL"], tuple(feeds)))
    return tuple(groups)


__all__ = ["FORMATS", "Feed", "FeedConfig", "FeedGroup", "authority_problem", "entity_groups", "path_problem", "site_feed"]
