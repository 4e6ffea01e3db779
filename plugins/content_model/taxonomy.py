"""The taxonomy: which articles belong to which entity, and how entities relate.

Built in one pass over the articles (cost linear in articles plus entities,
never a scan of all articles per entity) from objects with ``date``, ``slug``,
``companies``, ``products``, ``indications``, ``regulators`` and ``event``:
Pelican articles in a build, plain objects in tests.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from unidecode import unidecode

from .articles import newest_first
from .registry import KINDS, Entity, Product, Registries, Regulator
from .vocabulary import Term

ENTITY_ATTRIBUTES = tuple(spec.attribute for spec in KINDS.values())
KIND_OF_ATTRIBUTE = {spec.attribute: spec.kind for spec in KINDS.values()}


def entities_of(article) -> list[Entity]:
    """Every entity an article names, of every kind."""
    return [entity for attribute in ENTITY_ATTRIBUTES for entity in getattr(article, attribute, ())]


@dataclass(frozen=True)
class TimelineEntry:
    """One step in a product's history."""

    date: object
    event: Term | None
    regulators: tuple[Entity, ...]
    indications: tuple[Entity, ...]
    article: object


@dataclass
class LetterGroup:
    letter: str
    entries: list = field(default_factory=list)  # (entity, article count)

    @property
    def anchor(self) -> str:
        """The id of the group's heading, for A–Z jump links."""
        return "letter-" + ("other" if self.letter == "#" else self.letter.lower())


def index_letter(name: str) -> str:
    """The A–Z heading a name files under; Chinese names file under their pinyin initial."""
    first = unidecode(unicodedata.normalize("NFKC", name)).strip()[:1].upper()
    return first if "A" <= first <= "Z" else "#"


class Taxonomy:
    """Articles per entity, therapeutic area and event, and co-occurrence counts, from one pass."""

    def __init__(self, registries: Registries, articles: list):
        self.registries = registries
        self.articles = sorted(articles, key=newest_first)
        self._by_entity: dict[Entity, list] = defaultdict(list)
        self._by_area: dict[Term, list] = defaultdict(list)
        self._by_event: dict[Term, list] = defaultdict(list)
        self._cooccurrence: dict[Entity, Counter] = defaultdict(Counter)
        for article in self.articles:
            entities = entities_of(article)
            for entity in entities:
                self._by_entity[entity].append(article)
                others = self._cooccurrence[entity]
                for other in entities:
                    if other.kind != entity.kind:
                        others[other] += 1
            areas = {disease.therapeutic_area for disease in article.indications if disease.therapeutic_area}
            for area in sorted(areas, key=lambda area: area.slug):
                self._by_area[area].append(article)
            if getattr(article, "event", None):
                self._by_event[article.event].append(article)
        self._position = {}
        for entity, entity_articles in self._by_entity.items():
            if entity.kind == "product":
                for index, article in enumerate(entity_articles):
                    self._position.setdefault((entity, id(article)), index)
        self._children: dict[Regulator, list[Regulator]] = defaultdict(list)
        for regulator in registries.regulators:
            if regulator.parent:
                self._children[regulator.parent].append(regulator)
        self._products_of: dict[Entity, list[Product]] = defaultdict(list)
        for product in registries.products:
            if product.company:
                self._products_of[product.company].append(product)
        self._diseases_of: dict[Term, list] = defaultdict(list)
        for disease in registries.diseases:
            if disease.therapeutic_area:
                self._diseases_of[disease.therapeutic_area].append(disease)

    # Articles

    def articles_of(self, entity: Entity) -> list:
        """The entity's articles, newest first."""
        return self._by_entity.get(entity, [])

    def count(self, entity: Entity) -> int:
        return len(self._by_entity.get(entity, ()))

    def area_articles(self, area: Term) -> list:
        return self._by_area.get(area, [])

    def event_articles(self, event: Term) -> list:
        return self._by_event.get(event, [])

    # Relations

    def related(self, entity: Entity, kind: str) -> list[tuple[Entity, int]]:
        """Entities of ``kind`` named together with ``entity``, most shared articles first."""
        counts = self._cooccurrence.get(entity, Counter())
        pairs = [(other, count) for other, count in counts.items() if other.kind == kind]
        return sorted(pairs, key=lambda pair: (-pair[1], pair[0].sort_key))

    def products_of(self, company: Entity) -> list[tuple[Product, int]]:
        """The company's products from the registry, with their article counts."""
        return [(product, self.count(product)) for product in self._products_of.get(company, [])]

    def children_of(self, regulator: Regulator) -> list[Regulator]:
        return self._children.get(regulator, [])

    def diseases_in(self, area: Term) -> list[tuple[Entity, int]]:
        return [(disease, self.count(disease)) for disease in self._diseases_of.get(area, [])]

    def areas(self) -> list[Term]:
        """Therapeutic areas that have at least one disease in the registry."""
        return [area for area in self.registries.therapeutic_areas.values() if area in self._diseases_of]

    def events(self) -> list[Term]:
        return sorted(self._by_event, key=lambda term: term.label)

    # Per-article navigation

    def related_articles(self, article, limit: int) -> list:
        """Other stories sharing the article's products, then companies, then diseases; newest first in each tier."""
        chosen, seen = [], {id(article)}
        for attribute in ("products", "companies", "indications"):
            streams = [self.articles_of(entity) for entity in getattr(article, attribute, ())]
            for candidate in heapq.merge(*streams, key=newest_first):
                if len(chosen) == limit:
                    return chosen
                if id(candidate) not in seen:
                    seen.add(id(candidate))
                    chosen.append(candidate)
        return chosen

    def product_neighbours(self, article) -> tuple[object | None, object | None]:
        """(previous, next) story of the article's first product, in date order."""
        if not article.products:
            return None, None
        product = article.products[0]
        stories = self.articles_of(product)
        index = self._position[(product, id(article))]
        newer = stories[index - 1] if index > 0 else None
        older = stories[index + 1] if index + 1 < len(stories) else None
        return older, newer

    def timeline(self, product: Product) -> list[TimelineEntry]:
        """The product's events, oldest first."""
        return [
            TimelineEntry(
                article.date, getattr(article, "event", None), tuple(article.regulators), tuple(article.indications), article
            )
            for article in reversed(self.articles_of(product))
        ]

    # Directories

    def directory(self, kind: str) -> list[LetterGroup]:
        """All entities of a kind, A–Z under letter headings, with article counts."""
        groups: dict[str, LetterGroup] = {}
        for entity in self.registries[kind]:
            letter = index_letter(entity.name)
            groups.setdefault(letter, LetterGroup(letter)).entries.append((entity, self.count(entity)))
        return [groups[letter] for letter in sorted(groups, key=lambda letter: (letter == "#", letter))]


__all__ = ["ENTITY_ATTRIBUTES", "LetterGroup", "Taxonomy", "TimelineEntry", "entities_of", "index_letter"]
