"""Articles and pages: front matter validation and entity resolution.

Parsing needs no registry, so a Pelican reader can use it per file; resolving
the names an article gives against the registries is a second step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo

from .fields import Fields
from .problems import Problem
from .registry import KINDS, Entity, Registries
from .source import decode_source
from .text import SLUG_MAX_BYTES, slugify
from .vocabulary import EVENT_TYPES, PHASES, Term, Vocabulary
from .yamlfile import parse_yaml, split_front_matter

ARTICLE_KEYS = (
    "title",
    "date",
    "company",
    "product",
    "indications",
    "regulator",
    "event",
    "phase",
    "summary",
    "source",
    "updated",
    "slug",
    "status",
)
ARTICLE_REQUIRED = ("title", "date", "company", "summary")
ARTICLE_STATUSES = Vocabulary.from_labels("status", {"published": "Published", "draft": "Draft"})
PAGE_KEYS = ("title", "slug", "summary", "status")
PAGE_STATUSES = Vocabulary.from_labels("status", {"published": "Published", "hidden": "Hidden", "draft": "Draft"})
SOURCE_KEYS = ("name", "url")


@dataclass(frozen=True)
class ArticleRules:
    """What a valid article is, as configured by settings (see ``rules_from_settings``)."""

    timezone: tzinfo = timezone.utc
    events: Vocabulary = Vocabulary.from_labels("event", EVENT_TYPES)
    phases: Vocabulary = Vocabulary.from_labels("phase", PHASES)
    slug_max_bytes: int = SLUG_MAX_BYTES
    title_max_length: int = 200
    summary_max_length: int = 400
    article_save_as: str = "news/{date:%Y}/{date:%m}/{slug}/index.html"
    page_save_as: str = "{slug}/index.html"


@dataclass(frozen=True)
class Source:
    name: str
    url: str | None = None

    def __str__(self) -> str:
        return self.name


@dataclass
class ParsedArticle:
    """An article's validated front matter and its Markdown body; entities still by name."""

    path: str
    title: str
    date: datetime
    summary: str
    slug: str
    status: str
    body: str
    event: Term | None = None
    phase: Term | None = None
    source: Source | None = None
    updated: datetime | None = None
    # front matter key -> [(name as written, line)]
    entity_names: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    slug_line: int = 1

    def save_as(self, rules: ArticleRules) -> str:
        return rules.article_save_as.format(date=self.date, slug=self.slug)


@dataclass
class ParsedPage:
    path: str
    title: str
    slug: str
    status: str
    body: str
    summary: str | None = None
    slug_line: int = 1

    def save_as(self, rules: ArticleRules) -> str:
        return rules.page_save_as.format(slug=self.slug)


def _front_matter(data: bytes, path: str) -> tuple[Fields | None, str, list[Problem]]:
    text, problems = decode_source(data, path)
    if text is None:
        return None, "", problems
    document, problems = split_front_matter(text, path)
    if document is None:
        return None, "", problems
    located, problems = parse_yaml(document.front_matter, path, document.front_matter_line)
    if located is None:
        return None, "", problems
    return located, document.body, []


def _slug(fields: Fields, title: str | None, rules: ArticleRules) -> tuple[str | None, int]:
    if "slug" in fields.values:
        return fields.slug("slug", rules.slug_max_bytes), fields.line("slug")
    if title is None:
        return None, 1
    slug = slugify(title, rules.slug_max_bytes)
    if not slug:
        fields.problem(fields.line("title"), 'title: gives an empty URL slug; add a "slug:" key with a-z, 0-9 and hyphens')
        return None, 1
    return slug, fields.line("title")


def parse_article(data: bytes, path: str, rules: ArticleRules) -> tuple[ParsedArticle | None, list[Problem]]:
    """Validate one article file's front matter; return it (or None) and every problem."""
    located, body, problems = _front_matter(data, path)
    if located is None:
        return None, problems
    fields = Fields(located, path, ARTICLE_KEYS, ARTICLE_REQUIRED, missing_line=1)
    title = fields.text("title", max_length=rules.title_max_length)
    date = fields.date("date", rules.timezone)
    summary = fields.text("summary", max_length=rules.summary_max_length, multiline=True)
    slug, slug_line = _slug(fields, title, rules)
    status = fields.choice("status", ARTICLE_STATUSES)
    event = fields.choice("event", rules.events)
    phase = fields.choice("phase", rules.phases)
    updated = fields.date("updated", rules.timezone)
    if date and updated and updated < date:
        fields.problem(fields.line("updated"), "updated: is earlier than the article's date; a correction comes after publication")
    source = None
    if "source" in fields.values and isinstance(fields.values["source"].value, str):
        source = Source(fields.text("source"))
    else:
        nested = fields.nested("source", SOURCE_KEYS, ("name",))
        if nested is not None and (name := nested.text("name")):
            source = Source(name, nested.url("url"))
    entity_names = {spec.article_key: fields.text_list(spec.article_key) for spec in KINDS.values()}
    if fields.problems or None in (title, date, summary, slug):
        return None, fields.problems
    return (
        ParsedArticle(
            path=path,
            title=title,
            date=date,
            summary=" ".join(summary.split()),
            slug=slug,
            slug_line=slug_line,
            status=status.slug if status else "published",
            body=body,
            event=event,
            phase=phase,
            source=source,
            updated=updated,
            entity_names=entity_names,
        ),
        [],
    )


def parse_page(data: bytes, path: str, rules: ArticleRules) -> tuple[ParsedPage | None, list[Problem]]:
    """Validate one page file (about, subscribe ...): title, optional slug and summary."""
    located, body, problems = _front_matter(data, path)
    if located is None:
        return None, problems
    fields = Fields(located, path, PAGE_KEYS, ("title",), missing_line=1)
    title = fields.text("title", max_length=rules.title_max_length)
    summary = fields.text("summary", max_length=rules.summary_max_length, multiline=True)
    slug, slug_line = _slug(fields, title, rules)
    status = fields.choice("status", PAGE_STATUSES)
    if fields.problems or None in (title, slug):
        return None, fields.problems
    return (
        ParsedPage(
            path=path,
            title=title,
            slug=slug,
            slug_line=slug_line,
            status=status.slug if status else "published",
            body=body,
            summary=summary,
        ),
        [],
    )


def _unknown_name_message(kind: str, key: str, name: str, registries: Registries) -> str:
    registry = registries[kind]
    spec = KINDS[kind]
    if "," in name:
        parts = [part.strip() for part in name.split(",") if part.strip()]
        if all(registry.resolve(part) or any(registries[k].resolve(part) for k in KINDS) for part in parts):
            return (
                f'{key}: "{name}" is one piece of text with commas in it; to name several, '
                f"write a YAML list: {key}: [{', '.join(parts)}]"
            )
    for other_kind, other_spec in KINDS.items():
        if other_kind != kind and (other := registries[other_kind].resolve(name)) is not None:
            return (
                f'{key}: "{name}" is a {other_kind} ({other.name}), not a {kind}; '
                f"list it under {other_spec.article_key}: instead"
            )
    return (
        f'{key}: "{name}" is not a known {kind}.{registry.suggest(name)} '
        f"Use a name, alias or slug from content/{spec.plural}/, "
        f"or add the {kind} as content/{spec.plural}/<slug>.yaml (see README, \"Adding a {kind}\")"
    )


def resolve_entities(
    entity_names: dict[str, list[tuple[str, int]]], registries: Registries, path: str
) -> tuple[dict[str, list[Entity]], list[Problem]]:
    """Map the names an article gives (``ParsedArticle.entity_names``) to registry entities.

    The result is keyed by article attribute (companies, products, indications,
    regulators); a name listed twice, even spelt two ways, counts once.
    """
    resolved: dict[str, list[Entity]] = {}
    problems = []
    for kind, spec in KINDS.items():
        entities: list[Entity] = []
        for name, line in entity_names.get(spec.article_key, []):
            entity = registries[kind].resolve(name)
            if entity is None:
                problems.append(Problem(path, line, _unknown_name_message(kind, spec.article_key, name, registries)))
            elif entity not in entities:
                entities.append(entity)
        resolved[spec.attribute] = entities
    return resolved, problems


def newest_first(article) -> tuple:
    """Sort key for anything with ``date`` and ``slug``: newest first, ties by slug.

    The tie-break keeps the order (and so every list and feed) identical between
    builds and machines, whatever order the file system lists files in.
    """
    return (-article.date.timestamp(), article.slug)
