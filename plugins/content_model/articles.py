"""Articles and pages: front matter validation, then resolution against the registries.

``parse_article`` turns one file's bytes into an ``ArticleSource`` (validated
front matter, names as written) with no registry needed, so readers can run it
on many files in parallel and a cache can keep it by the file's content;
``resolve_article`` then maps its names to entities and gives the ``Article``
that templates, feeds and search share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .config import ContentConfig
from .fields import Fields
from .kinds import Kind, RegistryKind, VocabularyKind
from .problems import Problem
from .registry import Registries, digest
from .source import decode_source
from .text import SLUG_PATTERN, printable, slugify
from .vocabulary import Term, Vocabulary
from .yamlfile import parse_yaml, split_front_matter

ARTICLE_STATUSES = Vocabulary.from_labels("status", {"published": "Published", "draft": "Draft"})
PAGE_STATUSES = Vocabulary.from_labels("status", {"published": "Published", "hidden": "Hidden", "draft": "Draft"})
SOURCE_KEYS = ("name", "url")
# A site path an article was once at: "news/2024/05/old-slug/" (a leading slash is allowed).
ALIAS_PATH = re.compile(r"^/?(?:[a-z0-9][a-z0-9._~-]*/)+$", re.ASCII)
# Stands for SITEURL in rendered bodies and templates; the writer puts each page's own SITEURL
# there (relative, "../..", in local builds), feeds the absolute URL. Content cannot contain it.
SITE_ROOT = "\x00"


@dataclass(frozen=True)
class FrontMatterKey:
    """One key an article's front matter may have, with what editors are told about it."""

    name: str
    help: str
    required: bool = False


def article_keys(kinds: tuple[Kind, ...]) -> tuple[FrontMatterKey, ...]:
    """Every front matter key of an article, in the order editors write them; kinds add theirs."""
    named = [
        FrontMatterKey(kind.article_key, f"The {kind.name if kind.single else kind.plural} it is about: "
                       f"{'one name' if kind.single else 'one name, or a list [A, B]'} from content/{kind.plural}/."
                       if isinstance(kind, RegistryKind) else f"One {kind.label.lower()} (see the list below).",
                       required=kind.name == "company")
        for kind in kinds if kind.article_key
    ]  # fmt: skip
    return (
        FrontMatterKey("title", "The headline, plain text.", required=True),
        FrontMatterKey("date", "ISO 8601 date or date-time, e.g. 2024-05-20 or 2024-05-20T09:30+08:00.", required=True),
        *named,
        FrontMatterKey("phase", "The furthest clinical phase the story reports."),
        FrontMatterKey("summary", "One or two plain sentences for lists, feeds and search.", required=True),
        FrontMatterKey("source", "The original report: {name: ..., url: https://...} or just its name."),
        FrontMatterKey("updated", "Date of a correction; shown on the page and in feeds."),
        FrontMatterKey("slug", "Overrides the URL slug, which is the file's name; a-z, 0-9 and hyphens."),
        FrontMatterKey("aliases", "Earlier URLs of this article after a rename, e.g. [news/2024/05/old-slug/]."),
        FrontMatterKey("status", "published (the default) or draft."),
    )


PAGE_KEYS = (
    FrontMatterKey("title", "The page title.", required=True),
    FrontMatterKey("slug", "Overrides the URL slug, which is the file's name."),
    FrontMatterKey("summary", "One sentence for search engines."),
    FrontMatterKey("status", "published (the default), hidden (no menu link) or draft."),
)


@dataclass(frozen=True)
class NewsSource:
    """Where a story was first reported."""

    name: str
    url: str | None = None

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class LinkRef:
    """A link to a content file in a body: ``{filename}`` (an article or page), ``{static}`` (a
    file published at its content path) or ``{attach}`` (a file published beside the page)."""

    what: str
    target: str
    line: int
    marker: str  # the attribute value as it stands in the rendered body


@dataclass
class ArticleSource:
    """One article file, validated, with its body rendered; names of entities still as written."""

    path: str
    title: str
    date: datetime
    summary: str
    slug: str
    status: str
    body: str  # Markdown
    body_line: int
    source_digest: bytes  # of the front matter and path only: the body's digest is the Article's body_digest
    phase: Term | None = None
    source: NewsSource | None = None
    updated: datetime | None = None
    aliases: tuple[tuple[str, int], ...] = ()
    names: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # front matter key -> [(name, line)]
    slug_line: int = 1
    date_line: int = 1
    html: str = ""
    links: tuple[LinkRef, ...] = ()


@dataclass
class PageSource:
    """One page file (about, editorial guide ...), validated, body rendered."""

    path: str
    title: str
    slug: str
    status: str
    body: str
    body_line: int
    source_digest: bytes
    summary: str | None = None
    slug_line: int = 1
    html: str = ""
    links: tuple[LinkRef, ...] = ()


def _front_matter(data: bytes, path: str):
    text, problems = decode_source(data, path)
    if text is None:
        return None, None, problems
    document, problems = split_front_matter(text, path)
    if document is None:
        return None, None, problems
    located, problems = parse_yaml(document.front_matter, path, document.front_matter_line)
    return located, document, problems


def _slug(fields: Fields, stem: str, config: ContentConfig) -> tuple[str | None, int]:
    """``slug:`` when given, else the file's name: a corrected headline never moves a story."""
    if "slug" in fields.values:
        return fields.slug("slug", config.slug_max_bytes), fields.line("slug")
    if SLUG_PATTERN.match(stem) and len(stem) <= config.slug_max_bytes:
        return stem, 1
    suggestion = slugify(stem, config.slug_max_bytes) or "a-short-name"
    fields.problem(
        1,
        f'the file name "{printable(stem)}" is not a URL slug (a-z, 0-9 and single hyphens, at most '
        f'{config.slug_max_bytes} characters); rename the file to {suggestion}.md or add "slug: {suggestion}"',
    )
    return None, 1


def _names(fields: Fields, kind: Kind) -> list[tuple[str, int]]:
    names = fields.text_list(kind.article_key)
    if kind.single and len(names) > 1:
        fields.problem(names[1][1], f"{kind.article_key}: give one {kind.name}, not a list; choose the main one")
        return names[:1]
    return names


def _aliases(fields: Fields) -> tuple[tuple[str, int], ...]:
    aliases = []
    for text, line in fields.text_list("aliases"):
        if not ALIAS_PATH.match(text) or "/../" in f"/{text}" or "/./" in f"/{text}":
            fields.problem(line, f'aliases: "{text}" is not a path of this site; write it like news/2024/05/old-slug/ (ending in /)')
            continue
        aliases.append((text.lstrip("/"), line))
    return tuple(aliases)


def parse_article(data: bytes, path: str, config: ContentConfig, stem: str, folder: str = "") -> tuple[ArticleSource | None, list[Problem]]:
    """Validate one article file's front matter; return it (body not yet rendered) or None, and every problem.

    ``stem`` is the file name without ``.md`` (the default slug), ``folder`` the name of the folder it is in.
    """
    located, document, problems = _front_matter(data, path)
    if located is None:
        return None, problems
    keys = article_keys(config.kinds)
    fields = Fields(located, path, tuple(key.name for key in keys), tuple(key.name for key in keys if key.required),
                    missing_line=1, problems=problems)  # fmt: skip
    title = fields.text("title", max_length=config.title_max_length)
    date = fields.date("date", config.timezone)
    summary = fields.text("summary", max_length=config.summary_max_length, multiline=True)
    slug, slug_line = _slug(fields, stem, config)
    status = fields.choice("status", ARTICLE_STATUSES)
    phase = fields.choice("phase", config.vocabularies["phase"])
    updated = fields.date("updated", config.timezone)
    if date and updated and updated < date:
        fields.problem(fields.line("updated"), "updated: is earlier than the article's date; a correction comes after publication")
    if date and re.fullmatch(r"[0-9]{4}", folder) and int(folder) != date.year:
        fields.problem(
            fields.line("date"),
            f"date: the article is dated {date.year} but filed in the folder {folder}/; move it to a folder {date.year}/ or correct the date",
        )
    source = None
    if "source" in fields.values and isinstance(fields.values["source"].value, str):
        source = NewsSource(fields.text("source"))
    elif (nested := fields.nested("source", SOURCE_KEYS, ("name",))) is not None and (name := nested.text("name")):
        source = NewsSource(name, nested.url("url"))
    names = {kind.article_key: _names(fields, kind) for kind in config.kinds if kind.article_key}
    aliases = _aliases(fields)
    if fields.problems or None in (title, date, summary, slug):
        return None, fields.problems
    return (
        ArticleSource(
            path=path, title=title, date=date, summary=" ".join(summary.split()), slug=slug, slug_line=slug_line,
            status=status.slug if status else "published", body=document.body, body_line=document.body_line,
            source_digest=digest(document.front_matter, path), phase=phase, source=source, updated=updated, aliases=aliases, names=names,
            date_line=fields.line("date"),
        ),
        [],
    )  # fmt: skip


def parse_page(data: bytes, path: str, config: ContentConfig, stem: str) -> tuple[PageSource | None, list[Problem]]:
    """Validate one page file (about, editorial guide ...): title, optional slug and summary."""
    located, document, problems = _front_matter(data, path)
    if located is None:
        return None, problems
    fields = Fields(located, path, tuple(key.name for key in PAGE_KEYS), ("title",), missing_line=1, problems=problems)
    title = fields.text("title", max_length=config.title_max_length)
    summary = fields.text("summary", max_length=config.summary_max_length, multiline=True)
    slug, slug_line = _slug(fields, stem, config)
    status = fields.choice("status", PAGE_STATUSES)
    if fields.problems or None in (title, slug):
        return None, fields.problems
    return (
        PageSource(
            path=path, title=title, slug=slug, slug_line=slug_line, status=status.slug if status else "published",
            body=document.body, body_line=document.body_line, source_digest=digest(data),
            summary=" ".join(summary.split()) if summary else None,
        ),
        [],
    )  # fmt: skip


class Article:
    """A published (or previewed) story as every output shows it: its front matter, rendered
    body, URL and the entities and terms it names, by kind (``article.companies``)."""

    def __init__(self, source: ArticleSource, terms: dict[str, tuple], config: ContentConfig, body: str, embargoed: bool,
                 content_path: str = ""):  # fmt: skip
        self.source_path = source.path
        self.content_path = content_path  # inside the content folder, e.g. articles/2024/x.md
        self.title = source.title
        self.date = source.date
        self.summary = source.summary
        self.slug = source.slug
        self.status = source.status
        self.phase = source.phase
        self.source = source.source
        self.updated = source.updated
        self.aliases = tuple(alias for alias, _ in source.aliases)
        self.alias_lines = source.aliases
        self.slug_line = source.slug_line
        self.body = body
        self.terms = terms
        self.embargoed = embargoed
        self.url = config.article_url.format(date=source.date, slug=source.slug)
        self.save_as = config.article_save_as.format(date=source.date, slug=source.slug)
        self.locale_date = config.format_date(source.date)
        self.locale_updated = config.format_date(source.updated) if source.updated else None
        self._attributes = {kind.attribute: kind.name for kind in config.kinds}
        # What lists of stories show (a card): the front matter and the entities' names; the body has
        # its own digest, so a corrected paragraph re-renders its page, not every list it is in.
        self.digest = digest(source.source_digest, self.url, embargoed, *(term.digest for values in terms.values() for term in values))
        self.body_digest = digest(body)

    def __getattr__(self, name: str):
        attributes = self.__dict__.get("_attributes", {})
        if name in attributes:
            return self.terms.get(attributes[name], ())
        raise AttributeError(name)

    def __repr__(self) -> str:
        return f"<Article {self.source_path}>"

    @property
    def event(self) -> Term | None:
        """The article's event type, if it names one."""
        events = self.terms.get("event", ())
        return events[0] if events else None

    @property
    def modified(self) -> datetime | None:
        return self.updated

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def named(self, kind_name: str) -> tuple:
        return self.terms.get(kind_name, ())


class Page:
    """A page of the site (about, editorial guide)."""

    def __init__(self, source: PageSource, config: ContentConfig, body: str):
        self.source_path = source.path
        self.title = source.title
        self.slug = source.slug
        self.status = source.status
        self.summary = source.summary
        self.slug_line = source.slug_line
        self.body = body
        self.url = config.page_url.format(slug=source.slug)
        self.save_as = config.page_save_as.format(slug=source.slug)
        self.digest = digest(source.source_digest, body if source.links else "", self.url)

    def __repr__(self) -> str:
        return f"<Page {self.source_path}>"


def unknown_name_message(kind: Kind, name: str, registries: Registries) -> str:
    """Why ``name`` does not resolve, and what to write instead."""
    key = kind.article_key
    registry = registries[kind.name]
    if "," in name:
        parts = [part.strip() for part in name.split(",") if part.strip()]
        if all(registry.resolve(part) or registries.find(part) for part in parts):
            return f'{key}: "{name}" is one piece of text with commas in it; to name several, write a YAML list: {key}: [{", ".join(parts)}]'
    if (other := registries.find(name, exclude=kind.name)) is not None:
        other_kind, entity = other
        return f'{key}: "{name}" is a {other_kind.name} ({entity.name}), not a {kind.name}; list it under {other_kind.article_key}: instead'
    if isinstance(kind, VocabularyKind):
        return f'{key}: "{name}" is not a known {kind.label.lower()}.{registry.suggest(name)}'
    return (
        f'{key}: "{name}" is not a known {kind.name}.{registry.suggest(name)} Use a name, alias or slug from '
        f'content/{kind.plural}/, or add the {kind.name} as content/{kind.plural}/<slug>.yaml '
        f'(invoke new --kind {kind.name} "{name}")'
    )


def written_names(data: bytes, path: str, config: ContentConfig) -> dict[str, list[tuple[str, int]]]:
    """The names an article's front matter gives, by key, whatever else is wrong in it.

    ``parse_article`` gives no source when any key is wrong; this reads just the
    names again, so that one run reports an unknown company beside a bad date.
    Problems of the other keys are parse_article's to report, and dropped here.
    """
    located, _, _ = _front_matter(data, path)
    if located is None:
        return {}
    fields = Fields(located, path, tuple(key.name for key in article_keys(config.kinds)))
    return {kind.article_key: _names(fields, kind) for kind in config.kinds if kind.article_key}


def resolve_terms(source: ArticleSource, registries: Registries, config: ContentConfig) -> tuple[dict[str, tuple], list[Problem]]:
    """Map the names an article gives to entities and terms, by kind name; a name listed twice, even
    spelt two ways, counts once. Kinds that come ``through`` another get the terms of its entities."""
    return resolve_names(source.path, source.names, registries, config)


def resolve_names(path: str, names: dict[str, list[tuple[str, int]]], registries: Registries,
                  config: ContentConfig) -> tuple[dict[str, tuple], list[Problem]]:  # fmt: skip
    """``resolve_terms`` for names as ``written_names`` or ``ArticleSource.names`` hold them."""
    terms: dict[str, tuple] = {}
    problems = []
    for kind in config.kinds:
        if not kind.article_key:
            continue
        found: list[Any] = []
        for name, line in names.get(kind.article_key, []):
            entity = registries[kind.name].resolve(name)
            if entity is None:
                problems.append(Problem(path, line, unknown_name_message(kind, name, registries)))
            elif entity not in found:
                found.append(entity)
        terms[kind.name] = tuple(found)
    for kind in config.kinds:
        if isinstance(kind, VocabularyKind) and kind.through:
            via, field_name = kind.through
            values = [getattr(entity, field_name, None) for entity in terms.get(via, ())]
            terms[kind.name] = tuple(dict.fromkeys(value for value in values if value is not None))
    return terms, problems


def newest_first(article) -> tuple:
    """Sort key for anything with ``date`` and ``slug``: newest first, ties by slug.

    The tie-break keeps the order (and so every list and feed) identical between
    builds and machines, whatever order the file system lists files in.
    """
    return (-article.date.timestamp(), article.slug)


__all__ = [
    "ALIAS_PATH",
    "Article",
    "ArticleSource",
    "FrontMatterKey",
    "LinkRef",
    "NewsSource",
    "PAGE_KEYS",
    "Page",
    "PageSource",
    "SITE_ROOT",
    "article_keys",
    "newest_first",
    "parse_article",
    "parse_page",
    "resolve_names",
    "resolve_terms",
    "unknown_name_message",
    "written_names",
]
