"""What the search index holds for one article: its text, filters, result metadata and every name
of its entities, as the small HTML document Pagefind is given for it.

Plain Python over the content model's ``Article``, so it is tested without
Pelican or Pagefind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timezone
from html import escape

from content_model import SITE_ROOT, lookup_key

COMPANIES_SEPARATOR = "; "


@dataclass(frozen=True)
class SearchFilter:
    """One facet of the search page: its Pagefind filter key (also its URL parameter) and label."""

    key: str
    label: str


def search_filters(kinds) -> tuple[SearchFilter, ...]:
    """The filters of the search page, in its order: every kind marked ``search_filter``, then the year."""
    return (*(SearchFilter(kind.name, kind.label) for kind in kinds if kind.search_filter), SearchFilter("year", "Year"))


@dataclass(frozen=True)
class WeightedNames:
    """Names indexed with one Pagefind weight (1 is ordinary text, 7 a headline)."""

    weight: float
    names: list[str]


@dataclass(frozen=True)
class SearchRecord:
    """Filters (key -> values), result metadata, sort keys, and the names of the
    article's entities: every alias, synonym, abbreviation, ticker and Chinese name."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)
    names: list[WeightedNames] = field(default_factory=list)


def _unique(values) -> list[str]:
    """Values in first-seen order, without repeats: a record never varies between builds."""
    return list(dict.fromkeys(value for value in values if value))


def _unique_names(names) -> list[str]:
    """Names without those that differ only in case, spacing or punctuation (a slug, say)."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(lookup_key(name), name)
    return [name for key, name in by_key.items() if key]


def _names_slug_last(entity) -> list[str]:
    """An entity's names, its slug after the names that read as text."""
    return sorted(entity.lookup_names, key=lambda name: name == entity.slug)


def named_in(entity, text: str) -> bool:
    """Whether any name of the entity occurs in the text as whole words (Chinese: anywhere)."""
    text_key = f" {lookup_key(text)} "
    for name in entity.lookup_names:
        key = lookup_key(name)
        if key and (f" {key} " in text_key if key.isascii() else key in text_key):
            return True
    return False


def search_record(article, kinds, headline_weight: float = 1.0) -> SearchRecord:
    """The search data of one article (see ``SearchRecord``).

    The names of entities the headline names weigh ``headline_weight``: a story
    whose headline says "Vcanbio" is about Vcanbio, so it should rank as high for
    "600645" or "中源协和" as for "Vcanbio" itself.
    """
    filter_kinds = [kind for kind in kinds if kind.search_filter]
    filters = {kind.name: _unique(term.name for term in article.named(kind.name)) for kind in filter_kinds}
    filters["year"] = [f"{article.date.year:04d}"]
    entities = [entity for kind in filter_kinds if not kind.single for entity in article.named(kind.name)]
    headline = [entity for entity in entities if named_in(entity, article.title)]
    others = [entity for entity in entities if entity not in headline]
    names = [
        WeightedNames(weight, _unique_names(name for entity in group for name in _names_slug_last(entity)))
        for weight, group in ((headline_weight, headline), (1.0, others))
        if group
    ]
    return SearchRecord(
        filters={key: values for key, values in filters.items() if values},
        meta={
            "title": article.title,
            "date": article.date.date().isoformat(),
            "date_label": article.locale_date,
            "summary": article.summary,
            "companies": COMPANIES_SEPARATOR.join(filters.get("company", [])),
        },
        # UTC, so that text order is time order whatever offset each article gave.
        sort={"date": article.date.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")},
        names=names,
    )


# Ids of the sections that hold the headline and the names (":" is in no id Markdown gives a heading),
# so the search page tells a match in the story from one in its headline or names (js/search.js).
HEADLINE_ID = "pagefind:headline"
NAMES_ID = "pagefind:names"
# What Pagefind gives a page's h1: the headline weighs as much wherever it stands.
HEADLINE_WEIGHT = 7.0


def search_document(article, record: SearchRecord, language: str) -> str:
    """The HTML Pagefind indexes for an article, built in memory (no page is read back from disk).

    The story comes first, its summary then its body, so that Pagefind's first sub-result and its
    excerpt are words of the story. The headline (weighing like a page's h1) and the entities' names
    follow in sections of their own: they rank a story but never make its excerpt, so a result does
    not repeat its headline or start with a list of names; the search page shows them its own way.
    """
    attributes = "".join(
        f'<span data-pagefind-filter="{escape(key)}">{escape(value)}</span>' for key, values in record.filters.items() for value in values
    )
    attributes += "".join(f'<span data-pagefind-meta="{escape(key)}">{escape(value)}</span>' for key, value in record.meta.items())
    attributes += "".join(f'<span data-pagefind-sort="{escape(key)}">{escape(value)}</span>' for key, value in record.sort.items())
    names = "".join(
        f'<h3 id="{NAMES_ID}-{index}" data-pagefind-weight="{group.weight}">{escape("; ".join(group.names))}</h3>'
        for index, group in enumerate(record.names, 1)
    )
    body = article.body.replace(SITE_ROOT, "")
    return (
        f'<html lang="{escape(language)}"><head><title>{escape(article.title)}</title></head><body>'
        f'<main data-pagefind-body><p>{escape(article.summary)}</p>{body}'
        f'<h2 id="{HEADLINE_ID}" data-pagefind-weight="{HEADLINE_WEIGHT}">{escape(article.title)}</h2>{names}'
        f'<div data-pagefind-ignore>{attributes}</div></main></body></html>'
    )
