"""The kinds of things the site gives a page, a directory and feeds: the one table.

Like Hugo's ``taxonomies`` map and Pelican's ``URLWrapper`` settings, each
entry is declared once, here or in the ``KINDS`` setting, and everything else
derives from it: the registry folder and its fields (``content/companies/``),
the front matter key that names it (``company:``) and the article attribute
that holds it (``article.companies``), the URL and save_as settings
(``COMPANY_URL``, ``COMPANIES_URL``), directory titles and the menu, feed paths
(``COMPANY_FEED_ATOM``), search filters, and the page template (``company.html``,
or ``entity.html`` when the kind has none of its own).

A registry kind's entities are YAML files; a vocabulary kind's terms are a
vocabulary of the settings (event types), and may reach articles through
another kind (an article is in the therapeutic areas of its diseases).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from .schema import ALIASES, Choice, Codes, Field, Names, Reference, Text, Tickers, Url


@dataclass(frozen=True)
class Kind:
    """What every kind declares: its names, where articles name it, and what the site derives."""

    name: str  # "company": template name, settings prefix (COMPANY_URL), search filter key
    plural: str  # "companies": URL segment and folder; COMPANIES_URL is its directory
    title: str  # "Companies": directory title, menu label, feed group
    label: str  # "Company": what a page of this kind says it is
    attribute: str  # "companies": the article attribute holding its entities, always a tuple
    article_key: str | None = None  # "company": the front matter key naming it; None when derived
    single: bool = False  # the front matter key takes one value (an article's event)
    menu: bool = True  # its directory is in the header menu
    feeds: bool = True  # each entity has RSS, Atom and JSON feeds
    search_filter: bool = True  # the search page filters by it
    article_title: str = ""  # heading of its row on an article page ("Indications"); the title if empty
    schema_type: str = "Thing"  # schema.org type of its entities in structured data

    @functools.cached_property
    def digest(self) -> bytes:
        """Of the whole declaration, for fingerprints of the pages that show the kind."""
        return hashlib.blake2b(repr(self).encode(), digest_size=16).digest()

    @property
    def row_title(self) -> str:
        return self.article_title or self.title

    @property
    def setting_prefix(self) -> str:
        return self.name.upper()

    @property
    def directory_prefix(self) -> str:
        return self.plural.replace("-", "_").upper()


@dataclass(frozen=True)
class RegistryKind(Kind):
    """Entities kept as YAML files under ``content/<plural>/``, one per entity, with these fields
    besides name, name_zh and description."""

    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class VocabularyKind(Kind):
    """Terms of a vocabulary (``VOCABULARY_SETTINGS``). ``through`` = (kind, field) gives articles the
    terms that field holds on their entities of that kind, instead of a front matter key."""

    vocabulary: str = ""
    through: tuple[str, str] | None = None


DEFAULT_KINDS: tuple[Kind, ...] = (
    RegistryKind(
        "company", "companies", "Companies", "Company", attribute="companies", article_key="company", schema_type="Organization",
        fields=(
            ALIASES,
            Tickers("tickers", "Listed", "Stock listings, e.g. [{exchange: SSE, symbol: \"600645\"}].", schema_property="tickerSymbol"),
            Text("headquarters", "Headquarters", "City and country of its head office."),
            Url("website", "Website", "Its own website, starting with https://.", schema_property="sameAs"),
        ),
    ),
    RegistryKind(
        "disease", "diseases", "Diseases", "Disease", attribute="indications", article_key="indications",
        article_title="Indications", schema_type="MedicalCondition",
        fields=(
            Names("abbreviations", "Abbreviations", "Abbreviations in use, e.g. ACLF; each resolves to the disease."),
            Names("synonyms", "Also called", "Other names of the disease; each resolves to it.", schema_property="alternateName"),
            Choice("therapeutic_area", "Therapeutic area", "The therapeutic area its page is filed under.", required=True,
                   vocabulary="therapeutic_area"),
            Codes("codes", "Codes", "Codes in MeSH, ICD-10 or ICD-11.", schema_property="code",
                  systems=(("mesh", "MeSH"), ("icd10", "ICD-10"), ("icd11", "ICD-11"))),
        ),
    ),
    RegistryKind(
        "product", "products", "Products", "Product", attribute="products", article_key="product", schema_type="Drug",
        fields=(
            ALIASES,
            Reference("company", "Company", "The company that develops it, by any of its names.", required=True,
                      kind="company", listed_as="Products", schema_property="manufacturer"),
            Choice("modality", "Modality", "What kind of product it is.", required=True, vocabulary="modality"),
        ),
    ),
    RegistryKind(
        "regulator", "regulators", "Regulators", "Regulator", attribute="regulators", article_key="regulator",
        schema_type="GovernmentOrganization",
        fields=(
            ALIASES,
            Text("country", "Country", "The country (or region, e.g. European Union) it regulates."),
            Reference("parent", "Part of", "The regulator it belongs to (CDE belongs to NMPA).", kind="regulator",
                      listed_as="Includes", schema_property="parentOrganization"),
            Url("website", "Website", "Its website, starting with https://.", schema_property="sameAs"),
        ),
    ),
    VocabularyKind(
        "therapeutic_area", "therapeutic-areas", "Therapeutic areas", "Therapeutic area", attribute="therapeutic_areas",
        vocabulary="therapeutic_area", through=("disease", "therapeutic_area"), search_filter=False,
        schema_type="MedicalSpecialty",
    ),
    VocabularyKind(
        "event", "events", "Events", "Event", attribute="events", article_key="event", single=True,
        vocabulary="event", menu=False, feeds=False, schema_type="DefinedTerm",
    ),
)  # fmt: skip


class KindsError(ValueError):
    """The table of kinds contradicts itself (two kinds with one name, a field naming no kind ...)."""


def check_kinds(kinds: tuple[Kind, ...], reserved_keys: tuple[str, ...]) -> list[str]:
    """What is wrong with a table of kinds, one message each; ``reserved_keys`` are the
    article's own front matter keys, which no kind may take."""
    problems = []
    seen: dict[str, str] = {}
    names = {kind.name for kind in kinds}
    for kind in kinds:
        if not isinstance(kind, Kind):
            problems.append(f"{kind!r} is not a Kind; declare it as RegistryKind(...) or VocabularyKind(...)")
            continue
        for what, value in (("name", kind.name), ("plural", kind.plural), ("attribute", kind.attribute), ("front matter key", kind.article_key)):
            if value is None:
                continue
            if value in seen and seen[value] != kind.name:
                problems.append(f'kind "{kind.name}": its {what} "{value}" is already used by kind "{seen[value]}"')
            seen.setdefault(value, kind.name)
        if kind.article_key in reserved_keys:
            problems.append(f'kind "{kind.name}": the front matter key "{kind.article_key}" is an article field')
        if isinstance(kind, RegistryKind):
            for spec in kind.fields:
                if isinstance(spec, Reference) and spec.kind not in names:
                    problems.append(f'kind "{kind.name}": field "{spec.name}" refers to kind "{spec.kind}", which is not declared')
        if isinstance(kind, VocabularyKind) and kind.through and kind.through[0] not in names:
            problems.append(f'kind "{kind.name}": it comes through kind "{kind.through[0]}", which is not declared')
    return problems


__all__ = ["DEFAULT_KINDS", "Kind", "KindsError", "RegistryKind", "VocabularyKind", "check_kinds"]
