"""Which feeds the site has, where they are written, and the ids that name them.

Plain Python over ``content_model.Taxonomy`` and the directories of the
entity_pages plugin, so it runs in tests without Pelican.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from urllib.parse import urlsplit

from content_model import ContentError

DEFAULT_SETTINGS = {
    # The site-wide feeds. (Pelican's own FEED_ALL_ATOM etc. stay None: this plugin writes every feed.)
    "SITE_FEED_RSS": "feeds/all.rss.xml",
    "SITE_FEED_ATOM": "feeds/all.atom.xml",
    # One RSS and one Atom feed per entity; {slug} is the entity's slug.
    "COMPANY_FEED_RSS": "feeds/companies/{slug}.rss.xml",
    "COMPANY_FEED_ATOM": "feeds/companies/{slug}.atom.xml",
    "DISEASE_FEED_RSS": "feeds/diseases/{slug}.rss.xml",
    "DISEASE_FEED_ATOM": "feeds/diseases/{slug}.atom.xml",
    "PRODUCT_FEED_RSS": "feeds/products/{slug}.rss.xml",
    "PRODUCT_FEED_ATOM": "feeds/products/{slug}.atom.xml",
    "REGULATOR_FEED_RSS": "feeds/regulators/{slug}.rss.xml",
    "REGULATOR_FEED_ATOM": "feeds/regulators/{slug}.atom.xml",
    "THERAPEUTIC_AREA_FEED_RSS": "feeds/therapeutic-areas/{slug}.rss.xml",
    "THERAPEUTIC_AREA_FEED_ATOM": "feeds/therapeutic-areas/{slug}.atom.xml",
    # The Subscribe page that lists every feed, and one OPML file of all entity feeds to import at once.
    "SUBSCRIBE_URL": "feeds/",
    "SUBSCRIBE_SAVE_AS": "feeds/index.html",
    "ENTITY_FEEDS_OPML": "feeds/entities.opml",
    # Items per feed: the newest N. (Pelican's own default; pelicanconf.py may set it.)
    "FEED_MAX_ITEMS": 100,
    # Full article body in every item besides the summary; False sends the summary only.
    "FEED_FULL_CONTENT": True,
    # Tagging authority of every feed and item id (RFC 4151 tag: URI). Never change it once
    # feeds are published: every subscriber would see every item again as new.
    "FEED_ID_AUTHORITY": "pharma-pipeline.example.com,2024",
    # Absolute site URL for links in feeds when SITEURL is not absolute (local builds).
    "FEED_LOCAL_SITEURL": "http://127.0.0.1:8000",
}

# Feed kind -> (settings prefix, key of its directory in the entity_pages plugin's directories).
FEED_KINDS = {
    "company": ("COMPANY", "companies"),
    "disease": ("DISEASE", "diseases"),
    "product": ("PRODUCT", "products"),
    "regulator": ("REGULATOR", "regulators"),
    "therapeutic_area": ("THERAPEUTIC_AREA", "therapeutic_areas"),
}

# authorityName "," date, as RFC 4151 defines them (a DNS name or an e-mail address; YYYY[-MM[-DD]]).
AUTHORITY = re.compile(
    r"^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|[^@\s,:]+@[A-Za-z0-9.-]+),(?P<date>\d{4}(?:-\d{2}){0,2})$"
)
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")


class FeedSettingsError(ContentError):
    """A feeds setting is unusable; the message names the setting and what it takes."""


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULT_SETTINGS[name])


def _relative_path(name: str, value) -> str:
    """A file path inside the output folder, or FeedSettingsError: feeds never write outside it."""
    if not isinstance(value, str) or not value or value.startswith("/") or ".." in value.split("/"):
        raise FeedSettingsError(f'{name} must be a path inside the site such as "feeds/all.atom.xml", not {value!r}')
    return value


def _authority_start(value) -> datetime:
    """The date in the tagging authority, as a UTC instant: what an empty feed reports as updated."""
    match = AUTHORITY.match(value) if isinstance(value, str) else None
    if match is None:
        raise FeedSettingsError(
            "FEED_ID_AUTHORITY must be a domain you own and a year (or date) it was yours, "
            f'e.g. "example.com,2024"; not {value!r}'
        )
    parts = [int(part) for part in match["date"].split("-")] + [1, 1]
    try:
        day = date(*parts[:3])
    except ValueError as error:
        raise FeedSettingsError(f"FEED_ID_AUTHORITY has an impossible date: {value!r}") from error
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _absolute_siteurl(settings: dict) -> str:
    """Feed readers need absolute links, but a local build's SITEURL is empty (or relative)."""
    siteurl = settings.get("SITEURL", "")
    fallback = setting(settings, "FEED_LOCAL_SITEURL")
    for candidate in (siteurl, fallback):
        parts = urlsplit(candidate or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            return candidate.rstrip("/")
    raise FeedSettingsError(
        f'FEED_LOCAL_SITEURL must be an absolute http(s) URL such as "http://127.0.0.1:8000", not {fallback!r}'
    )


@dataclass(frozen=True)
class FeedConfig:
    """The validated settings every feed is built with."""

    site_url: str
    authority: str
    epoch: datetime
    max_items: int
    full_content: bool
    sitename: str
    description: str
    language: str
    site_rss: str
    site_atom: str
    entity_paths: dict[str, tuple[str, str]]
    subscribe_url: str
    subscribe_save_as: str
    opml: str

    @classmethod
    def from_settings(cls, settings: dict) -> FeedConfig:
        """Read and check the settings; raise FeedSettingsError naming the first unusable one."""
        max_items = setting(settings, "FEED_MAX_ITEMS")
        if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1:
            raise FeedSettingsError(f"FEED_MAX_ITEMS must be a whole number of 1 or more, not {max_items!r}")
        language = settings.get("DEFAULT_LANG", "en")
        if not isinstance(language, str) or not LANGUAGE_TAG.match(language):
            raise FeedSettingsError(f'DEFAULT_LANG must be a language tag such as "en" or "zh-CN", not {language!r}')
        authority = setting(settings, "FEED_ID_AUTHORITY")
        sitename = settings.get("SITENAME", "")
        entity_paths = {}
        for kind, (prefix, _) in FEED_KINDS.items():
            names = (f"{prefix}_FEED_RSS", f"{prefix}_FEED_ATOM")
            entity_paths[kind] = tuple(_relative_path(name, setting(settings, name)) for name in names)
            for name, pattern in zip(names, entity_paths[kind]):
                if "{slug}" not in pattern:
                    raise FeedSettingsError(f"{name} must contain {{slug}}, or every {kind} would share one file: {pattern!r}")
        return cls(
            site_url=_absolute_siteurl(settings),
            authority=authority,
            epoch=_authority_start(authority),
            max_items=max_items,
            full_content=bool(setting(settings, "FEED_FULL_CONTENT")),
            sitename=sitename,
            description=settings.get("SITESUBTITLE") or sitename,
            language=language,
            site_rss=_relative_path("SITE_FEED_RSS", setting(settings, "SITE_FEED_RSS")),
            site_atom=_relative_path("SITE_FEED_ATOM", setting(settings, "SITE_FEED_ATOM")),
            entity_paths=entity_paths,
            subscribe_url=setting(settings, "SUBSCRIBE_URL"),
            subscribe_save_as=_relative_path("SUBSCRIBE_SAVE_AS", setting(settings, "SUBSCRIBE_SAVE_AS")),
            opml=_relative_path("ENTITY_FEEDS_OPML", setting(settings, "ENTITY_FEEDS_OPML")),
        )

    def absolute(self, url: str) -> str:
        """A site-relative URL ("news/2024/05/x/", "" for home) as an absolute one."""
        return f"{self.site_url}/{url}"

    def tag(self, specific: str) -> str:
        """A tag: URI under the site's authority; it depends on nothing that can move."""
        return f"tag:{self.authority}:{specific}"

    def item_id(self, article) -> str:
        """The id of an article in every feed: its publication date and slug, never its path or URL."""
        return self.tag(f"news/{article.date:%Y-%m-%d}/{article.slug}")


@dataclass(frozen=True)
class Feed:
    """One feed, in both formats: ``rss`` and ``atom`` are its files' paths, which are also their URLs."""

    id: str
    name: str
    title: str
    description: str
    page_url: str
    rss: str
    atom: str
    articles: tuple


@dataclass(frozen=True)
class FeedGroup:
    """The feeds of one kind of entity, in the registry's order."""

    kind: str
    title: str
    directory_url: str
    feeds: tuple[Feed, ...]


@dataclass(frozen=True)
class FeedCatalog:
    """Every feed of the site; templates find an entity's feeds with ``of(entity)``."""

    config: FeedConfig
    site: Feed
    groups: tuple[FeedGroup, ...]
    by_entity: dict = field(repr=False)

    @property
    def subscribe_url(self) -> str:
        return self.config.subscribe_url

    @property
    def opml(self) -> str:
        return self.config.opml

    def of(self, entity) -> Feed | None:
        """The entity's feed, or None for anything without one (an event type, say)."""
        return self.by_entity.get(entity)

    def all(self) -> list[Feed]:
        return [self.site] + [feed for group in self.groups for feed in group.feeds]


def _entity_feed(config: FeedConfig, kind: str, entity, articles: list) -> Feed:
    rss, atom = config.entity_paths[kind]
    description = getattr(entity, "description", None) or f"News about {entity.name} from {config.sitename}"
    return Feed(
        id=config.tag(f"feeds/{kind}/{entity.slug}"),
        name=entity.name,
        title=f"{entity.name} · {config.sitename}",
        description=description,
        page_url=entity.url,
        rss=rss.format(slug=entity.slug),
        atom=atom.format(slug=entity.slug),
        articles=tuple(articles[: config.max_items]),
    )


def build_catalog(config: FeedConfig, taxonomy, directories: dict) -> FeedCatalog:
    """The site feed and a feed for every company, disease, product, regulator and therapeutic area.

    Every registry entity gets its feeds, even one no article names yet, so a
    subscriber can follow it before its first story.
    """
    site = Feed(
        id=config.tag("feeds/all"),
        name="All news",
        title=config.sitename,
        description=config.description,
        page_url="",
        rss=config.site_rss,
        atom=config.site_atom,
        articles=tuple(taxonomy.articles[: config.max_items]),
    )
    groups, by_entity = [], {}
    for kind, (_, directory_key) in FEED_KINDS.items():
        if kind == "therapeutic_area":
            pairs = [(area, taxonomy.area_articles(area)) for area in taxonomy.areas()]
        else:
            pairs = [(entity, taxonomy.articles_of(entity)) for entity in taxonomy.registries[kind]]
        feeds = []
        for entity, articles in pairs:
            by_entity[entity] = _entity_feed(config, kind, entity, articles)
            feeds.append(by_entity[entity])
        directory = directories[directory_key]
        groups.append(FeedGroup(kind, directory.title, directory.url, tuple(feeds)))
    return FeedCatalog(config, site, tuple(groups), by_entity)


__all__ = [
    "DEFAULT_SETTINGS",
    "FEED_KINDS",
    "Feed",
    "FeedCatalog",
    "FeedConfig",
    "FeedGroup",
    "FeedSettingsError",
    "build_catalog",
]
