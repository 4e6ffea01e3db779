"""What the search index holds for one article, beyond its visible text.

Plain Python over any object with an article's attributes (``title``, ``date``,
``summary``, ``companies``, ``products``, ``indications``, ``regulators``,
``event``), so it is tested without Pelican; the theme's
``partials/search_metadata.html`` turns a record into Pagefind attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timezone

from content_model import lookup_key


@dataclass(frozen=True)
class SearchFilter:
    """One facet of the search page: its Pagefind filter key (also its URL parameter) and label."""

    key: str
    label: str


# In the order the search page lists them.
SEARCH_FILTERS = (
    SearchFilter("company", "Company"),
    SearchFilter("disease", "Disease"),
    SearchFilter("product", "Product"),
    SearchFilter("regulator", "Regulator"),
    SearchFilter("event", "Event"),
    SearchFilter("year", "Year"),
)
# Filter key -> the article attribute holding that filter's entities.
ENTITY_FILTERS = {"company": "companies", "disease": "indications", "product": "products", "regulator": "regulators"}
COMPANIES_SEPARATOR = "; "


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


def search_record(article, headline_weight: float = 1.0) -> SearchRecord:
    """The search data of one article (see ``SearchRecord``).

    The names of entities the headline names weigh ``headline_weight``: a story
    whose headline says "Vcanbio" is about Vcanbio, so it should rank as high for
    "600645" or "中源协和" as for "Vcanbio" itself.
    """
    filters = {
        key: _unique(entity.name for entity in getattr(article, attribute, ()))
        for key, attribute in ENTITY_FILTERS.items()
    }
    event = getattr(article, "event", None)
    filters["event"] = [event.label] if event else []
    filters["year"] = [f"{article.date.year:04d}"]
    entities = [entity for attribute in ENTITY_FILTERS.values() for entity in getattr(article, attribute, ())]
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
            "date_label": getattr(article, "locale_date", None) or article.date.date().isoformat(),
            "summary": article.summary,
            "companies": COMPANIES_SEPARATOR.join(filters["company"]),
        },
        # UTC, so that text order is time order whatever offset each article gave.
        sort={"date": article.date.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")},
        names=names,
    )
