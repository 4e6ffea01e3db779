"""The NewsGenerator: reads the site once, shares it, and plans article, front and site pages."""

from __future__ import annotations

import functools
import json
import logging
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pelican.generators import Generator

from content_model import (
    Article,
    ArticleCountMismatch,
    ContentCache,
    ContentError,
    ContentInvalid,
    RegistryKind,
    Site,
    Taxonomy,
    absolute_site_url,
    digest,
    load_site,
)
from content_model.structured import article_data
from frontmatter_reader import FrontMatterReader
from site_writer import FileOutput, PageOutput, fingerprint
from site_writer.fingerprint import code_fingerprint
from site_writer.outputs import paginate

logger = logging.getLogger(__name__)

CACHE_FILE = "content.pickle"


class ReaderMissing(ContentError):
    """The .md reader is not the frontmatter_reader's: that plugin must be listed before news."""


class FrontPageSettingInvalid(ContentError):
    """FRONT_PAGE_EVENTS or FRONT_PAGE_ACTIVE_KINDS names an event type or kind the site does not have."""


@dataclass(frozen=True)
class ActiveGroup:
    """The entities of one kind most named in the front page's week: (entity, stories that week), most first."""

    kind: object
    entries: tuple


@dataclass(frozen=True)
class FrontPage:
    """What the first front page shows beyond its list: the lead story, the week's most active entities
    and quick links to event pages. The week is the ``FRONT_PAGE_ACTIVE_DAYS`` days up to the newest
    story's date, not the build's, so the same content always gives the same page."""

    lead: Article
    latest: tuple
    events: tuple  # (link text, event term, stories)
    active: tuple  # ActiveGroup per FRONT_PAGE_ACTIVE_KINDS
    days: int
    week_start: date
    week_start_label: str
    week_end: date
    week_end_label: str


class NewsGenerator(Generator):
    """Shares ``site`` and ``taxonomy`` in the context; writes articles, the front page, pages, 404 and redirects."""

    def reader(self) -> FrontMatterReader:
        reader = self.readers.readers.get("md")
        if not isinstance(reader, FrontMatterReader):
            raise ReaderMissing('the news plugin reads .md files with the frontmatter_reader: list "frontmatter_reader" in PLUGINS')
        return reader

    def content_cache(self, reader: FrontMatterReader) -> tuple[ContentCache, Path | None]:
        """The cache the runner shares (the development server keeps one in memory), or the one in CACHE_PATH."""
        if "content_cache" in self.context:
            return self.context["content_cache"], None
        path = Path(self.settings["CACHE_PATH"]) / CACHE_FILE
        code = code_fingerprint([Path(folder) for folder in self.settings["PLUGIN_PATHS"]])
        key = digest(fingerprint(reader.renderer.sanitise_options, self.settings["MARKDOWN"], reader.config.kinds), code)
        if self.settings["LOAD_CONTENT_CACHE"]:
            return ContentCache.load(path, key), path
        return ContentCache(key), path

    def generate_context(self):
        started = time.perf_counter()
        reader = self.reader()
        cache, cache_path = self.content_cache(reader)
        site, problems = load_site(
            reader.config, reader, cache=cache, display_root=Path.cwd(), workers=self.settings["READ_WORKERS"] or None,
        )  # fmt: skip
        if problems:
            raise ContentInvalid(problems)
        if cache_path is not None and self.settings["CACHE_CONTENT"]:
            cache.save(cache_path)
        self.context["content_cache"] = cache  # for a runner that reads the site again (the development server)
        for notice in site.notices:
            logger.warning("%s", notice)
        phases = list(reader.config.vocabularies["phase"])
        taxonomy = Taxonomy(reader.config.kinds, site.registries, site.listed_articles, phases)
        self.context["site"] = site
        self.context["taxonomy"] = taxonomy
        self.context["articles"] = site.listed_articles
        self.context["pages"] = site.listed_pages
        self.context.setdefault("page_globals", {}).update(
            pages=tuple((page.title, page.url) for page in site.listed_pages if page.status == "published"),
            site_url=absolute_site_url(self.settings),
        )
        stats = site.stats
        logger.info(
            "Read %d files (%d parsed, %d from the cache) in %.1f s: %d articles to publish, %d pages",
            stats.files, stats.parsed, stats.from_cache, time.perf_counter() - started, len(site.published_articles), len(site.pages),
        )  # fmt: skip

    def generate_output(self, writer):
        site: Site = self.context["site"]
        taxonomy: Taxonomy = self.context["taxonomy"]
        outputs = [
            PageOutput(article.save_as, "article", functools.partial(self.article_context, article, site, taxonomy), article.url,
                       article.source_path, derived=functools.partial(self.article_data, article, site))
            for article in site.listed_articles
        ]  # fmt: skip
        outputs += self.front_pages(site)
        outputs += [PageOutput(page.save_as, "page", {"page": page}, page.url, page.source_path) for page in site.listed_pages]
        outputs.append(PageOutput(self.settings["NOT_FOUND_SAVE_AS"], "404", {}, "", "the 404 page", root_relative=True))
        outputs += self.redirects(site)
        outputs += [
            FileOutput(linked.save_as, digest(linked.path.read_bytes()), path=linked.path, source=f"{linked.linked_from}:{linked.line}")
            for linked in site.linked_files
        ]
        outputs.append(self.urls_file(site))
        writer.write_outputs(self, outputs)
        missing = [article.source_path for article in site.published_articles if article.save_as not in writer.fingerprints]
        if missing:
            raise ArticleCountMismatch(f"{len(site.published_articles)} articles to publish but no page written for: {', '.join(missing)}")

    def article_context(self, article: Article, site: Site, taxonomy: Taxonomy) -> dict:
        """What an article page shows: the story, its entities by kind, related stories, the previous
        and next story of its product, breadcrumbs, and (in a preview) why it is not published yet."""
        settings = self.settings
        kinds = site.config.kinds
        series_kind = settings["NEIGHBOURS_KIND"]
        older, newer = taxonomy.neighbours(article, series_kind)
        series = article.named(series_kind)[0] if (older or newer) else None
        rows = [(kind.row_title, article.named(kind.name)) for kind in kinds if isinstance(kind, RegistryKind) and article.named(kind.name)]
        companies = article.named("company")
        directory = next((kind for kind in kinds if kind.name == "company"), None)
        crumbs = [(directory.title, settings[f"{directory.directory_prefix}_URL"]), (companies[0].name, companies[0].url)] if companies and directory else []
        crumbs.append((article.title, article.url))
        return {
            "article": article,
            "body": article.body,
            "entity_rows": rows,
            "related": tuple(taxonomy.related_articles(article, tuple(settings["RELATED_ARTICLES_BY"]), settings["RELATED_ARTICLES_COUNT"])),
            "series": series,
            "older": older,
            "newer": newer,
            "crumbs": tuple(crumbs),
            "banner": self.banner(article, site),
        }

    def article_data(self, article: Article, site: Site) -> dict:
        return {"structured_data": article_data(article, site.config.kinds, absolute_site_url(self.settings), self.settings["SITENAME"])}

    def banner(self, article: Article, site: Site) -> str | None:
        """What a preview says above a story no build publishes yet."""
        if not site.preview:
            return None
        if article.is_draft:
            return "Draft: not published by any build until its status is published."
        if article.embargoed:
            return f"Embargoed until {site.config.format_date(article.date)} {article.date:%H:%M %Z}: not published before then."
        return None

    def front_pages(self, site: Site) -> list[PageOutput]:
        settings = self.settings
        pages = paginate(site.listed_articles, settings["DEFAULT_PAGINATION"], "", settings["INDEX_SAVE_AS"], settings["PAGINATION_PATTERNS"])
        first = {"front": self.front_page(site, self.context["taxonomy"], pages[0].object_list)} if pages[0].object_list else {}
        return [
            PageOutput(page.save_as, "index", {"articles_page": page, **(first if page.number == 1 else {})}, page.url, "the front page")
            for page in pages
        ]

    def front_page(self, site: Site, taxonomy: Taxonomy, stories: tuple) -> FrontPage:
        """The lead story (the newest), the week's most active entities and the event quick links."""
        settings = self.settings
        kinds = {kind.name: kind for kind in site.config.kinds}
        unknown_kinds = [name for name in settings["FRONT_PAGE_ACTIVE_KINDS"] if name not in kinds]
        event_kind = next((kind for kind in site.config.kinds if kind.name == "event"), None)
        event_terms = {term.slug: term for term in taxonomy.terms(event_kind)} if event_kind else {}
        known_events = site.config.vocabularies["event"].terms if "event" in site.config.vocabularies else {}
        unknown_events = [slug for slug in settings["FRONT_PAGE_EVENTS"] if slug not in known_events]
        if unknown_kinds or unknown_events:
            raise FrontPageSettingInvalid("; ".join(
                [f'FRONT_PAGE_ACTIVE_KINDS names "{name}", which is not a kind (known: {", ".join(kinds)})' for name in unknown_kinds]
                + [f'FRONT_PAGE_EVENTS names "{slug}", which is not an event type (known: {", ".join(known_events)})' for slug in unknown_events]
            ))  # fmt: skip
        lead = stories[0]
        week_end = lead.date.date()
        week_start = week_end - timedelta(days=settings["FRONT_PAGE_ACTIVE_DAYS"] - 1)
        week = [article for article in site.listed_articles if week_start <= article.date.date() <= week_end]
        shown = settings["FRONT_PAGE_ACTIVE_SHOWN"]
        active = []
        for name in settings["FRONT_PAGE_ACTIVE_KINDS"]:
            counts = Counter(entity for article in week for entity in article.named(name))
            ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].sort_key))
            active.append(ActiveGroup(kinds[name], tuple(ranked[:shown])))
        events = tuple(
            (label, event_terms[slug], taxonomy.count(event_terms[slug])) for slug, label in settings["FRONT_PAGE_EVENTS"].items() if slug in event_terms
        )  # fmt: skip
        return FrontPage(
            lead, tuple(stories[1:]), events, tuple(active), settings["FRONT_PAGE_ACTIVE_DAYS"],
            week_start, site.config.format_date(week_start), week_end, site.config.format_date(week_end),
        )  # fmt: skip

    def redirects(self, site: Site) -> list[PageOutput]:
        """A page at every alias that sends readers (and search engines) to the article's URL."""
        return [
            PageOutput(f"{alias}index.html", "redirect", {"article": article, "target": article.url}, alias, f"{article.source_path} (alias)")
            for article in site.listed_articles
            for alias in article.aliases
        ]

    def urls_file(self, site: Site) -> FileOutput:
        """urls.json: every published article URL with its aliases, and the redirects they make."""
        articles = [{"url": article.url, "source": article.content_path, "aliases": list(article.aliases)} for article in site.published_articles]
        redirects = [{"from": alias, "to": article.url} for article in site.published_articles for alias in article.aliases]
        data = json.dumps({"version": 1, "articles": articles, "redirects": sorted(redirects, key=lambda item: item["from"])},
                          ensure_ascii=False, indent=1, sort_keys=True).encode()  # fmt: skip
        return FileOutput(self.settings["URLS_SAVE_AS"], digest(data), make=lambda: data, source="the list of published URLs")

