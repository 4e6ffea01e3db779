"""Which articles belong to which entity or term, and how entities relate: one pass over the articles.

Cost linear in articles plus entities, never a scan of all articles per entity.
Every kind of the table is handled alike; the few news-specific views (a
product's timeline, a company's pipeline, related stories) name the kinds they
read.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from unidecode import unidecode

from .articles import Article, newest_first
from .kinds import Kind, RegistryKind, VocabularyKind
from .registry import Entity, Registries
from .schema import Choice, Reference
from .vocabulary import Term


@dataclass(frozen=True)
class TimelineEntry:
    """One step in a product's history."""

    date: datetime
    event: Term | None
    regulators: tuple
    indications: tuple
    article: Article


@dataclass(frozen=True)
class PipelineRow:
    """A product in one indication: the furthest phase its news reports, and its latest regulatory step."""

    product: Entity
    indication: Entity | None
    phase: Term | None
    event: Term | None
    regulators: tuple
    date: datetime | None
    article: Article | None


@dataclass
class LetterGroup:
    letter: str
    entries: list = field(default_factory=list)  # (entity, article count, referring entities)

    @property
    def anchor(self) -> str:
        """The id of the group's heading, for A–Z jump links."""
        return "letter-" + ("other" if self.letter == "#" else self.letter.lower())


@dataclass(frozen=True)
class Referrers:
    """Entities whose field points at an entity or term: a company's products, an area's diseases."""

    title: str
    entries: tuple  # (entity, article count)


def index_letter(name: str) -> str:
    """The A–Z heading a name files under; Chinese names file under their pinyin initial."""
    first = unidecode(unicodedata.normalize("NFKC", name)).strip()[:1].upper()
    return first if "A" <= first <= "Z" else "#"


class Taxonomy:
    """Articles per entity and term, co-occurrence counts and references, from one pass."""

    def __init__(self, kinds: tuple[Kind, ...], registries: Registries, articles: list[Article], phases: list[Term]):
        self.kinds = kinds
        self.registries = registries
        self.articles = sorted(articles, key=newest_first)
        self.phase_rank = {term: rank for rank, term in enumerate(phases)}
        self._by_term: dict = defaultdict(list)
        self._cooccurrence: dict = defaultdict(Counter)
        registry_kinds = {kind.name for kind in kinds if isinstance(kind, RegistryKind)}
        for article in self.articles:
            named = [term for kind in kinds for term in article.named(kind.name)]
            entities = [term for kind in kinds if kind.name in registry_kinds for term in article.named(kind.name)]
            for term in named:
                self._by_term[term].append(article)
            for entity in entities:
                others = self._cooccurrence[entity]
                for other in entities:
                    if other.kind.name != entity.kind.name:
                        others[other] += 1
        self._position = {
            (term, id(article)): index for term, stories in self._by_term.items() for index, article in enumerate(stories)
        }
        self._referrers: dict = defaultdict(list)  # target -> [(field, entity)]
        for kind in kinds:
            if not isinstance(kind, RegistryKind):
                continue
            for spec in kind.fields:
                if isinstance(spec, (Reference, Choice)):
                    for entity in registries[kind.name]:
                        if (target := entity.values.get(spec.name)) is not None:
                            self._referrers[target].append((spec, entity))

    # Articles

    def articles_of(self, term) -> list[Article]:
        """The entity's (or term's) articles, newest first."""
        return self._by_term.get(term, [])

    def count(self, term) -> int:
        return len(self._by_term.get(term, ()))

    def terms(self, kind: Kind) -> list:
        """The kind's entities (every one) or terms (those some article or entity names), in name order."""
        registry = self.registries[kind.name]
        if isinstance(kind, VocabularyKind):
            return [term for term in registry if term in self._by_term or term in self._referrers]
        return list(registry)

    # Relations

    def related(self, entity: Entity, kind: Kind) -> list[tuple[Entity, int]]:
        """Entities of ``kind`` named together with ``entity``, most shared articles first."""
        counts = self._cooccurrence.get(entity, Counter())
        pairs = [(other, count) for other, count in counts.items() if other.kind.name == kind.name]
        return sorted(pairs, key=lambda pair: (-pair[1], pair[0].sort_key))

    def referrers(self, target) -> list[Referrers]:
        """Entities that point at ``target``, grouped by the field they do it with (a company's Products)."""
        grouped: dict = defaultdict(list)
        for spec, entity in self._referrers.get(target, []):
            grouped[spec].append((entity, self.count(entity)))
        return [
            Referrers(getattr(spec, "listed_as", "") or entities[0][0].kind.title, tuple(sorted(entities, key=lambda pair: pair[0].sort_key)))
            for spec, entities in grouped.items()
        ]

    # Per-article navigation

    def related_articles(self, article: Article, kind_names: tuple[str, ...], limit: int) -> list[Article]:
        """Other stories sharing the article's entities of each kind in turn, newest first in each tier."""
        chosen, seen = [], {id(article)}
        for kind_name in kind_names:
            streams = [self.articles_of(term) for term in article.named(kind_name)]
            for candidate in heapq.merge(*streams, key=newest_first):
                if len(chosen) == limit:
                    return chosen
                if id(candidate) not in seen:
                    seen.add(id(candidate))
                    chosen.append(candidate)
        return chosen

    def neighbours(self, article: Article, kind_name: str) -> tuple[Article | None, Article | None]:
        """(older, newer) story of the article's first entity of the kind (its product), in date order."""
        named = article.named(kind_name)
        if not named:
            return None, None
        stories = self.articles_of(named[0])
        index = self._position.get((named[0], id(article)))
        if index is None:
            return None, None
        newer = stories[index - 1] if index > 0 else None
        older = stories[index + 1] if index + 1 < len(stories) else None
        return older, newer

    def timeline(self, product: Entity) -> list[TimelineEntry]:
        """The product's stories, oldest first, each with its event, regulators and indications."""
        return [
            TimelineEntry(article.date, article.event, article.named("regulator"), article.named("disease"), article)
            for article in reversed(self.articles_of(product))
        ]

    def progress(self, articles: list[Article], keep) -> list[PipelineRow]:
        """For each (product, indication) the articles name and ``keep(product, indication)`` accepts: the
        furthest phase reached, and the latest step (the newest story with an event, other than
        "other", preferring those that name a regulator)."""
        rank = self.phase_rank.get
        rows: dict = {}
        for article in reversed(articles):  # oldest first: later stories win
            for product in article.named("product"):
                for indication in article.named("disease") or (None,):
                    if not keep(product, indication):
                        continue
                    row = rows.setdefault((product, indication), {"phase": None, "step": None})
                    if article.phase is not None and rank(article.phase, -1) >= rank(row["phase"], -1):
                        row["phase"] = article.phase
                    if article.event is None or article.event.slug == "other":
                        continue
                    if article.named("regulator") or not (row["step"] and row["step"].named("regulator")):
                        row["step"] = article
        progress = [
            PipelineRow(product, indication, row["phase"], step.event if step else None, step.named("regulator") if step else (),
                        step.date if step else None, step)
            for (product, indication), row in rows.items() for step in (row["step"],)
        ]  # fmt: skip
        return sorted(progress, key=lambda row: (row.product.sort_key, -rank(row.phase, -1), row.indication.sort_key if row.indication else ""))

    def pipeline(self, company: Entity) -> list[PipelineRow]:
        """The company's products in each indication its news names (a product of another company,
        named in a deal, is left to that company's pipeline)."""
        return self.progress(self.articles_of(company), lambda product, _: getattr(product, "company", None) in (company, None))

    def in_development(self, disease: Entity) -> list[tuple[Term | None, list[PipelineRow]]]:
        """The products tested in the disease, grouped by the furthest phase reached, furthest first."""
        by_phase: dict = defaultdict(list)
        for row in self.progress(self.articles_of(disease), lambda _, indication: indication is disease):
            by_phase[row.phase].append(row)
        return [(phase, by_phase[phase]) for phase in sorted(by_phase, key=lambda phase: -self.phase_rank.get(phase, -1))]

    # Directories

    def directory(self, kind: Kind) -> list[LetterGroup]:
        """All entities (or terms) of a kind, A–Z under letter headings: (entity, article count, the entities
        that refer to it: a therapeutic area's diseases)."""
        groups: dict[str, LetterGroup] = {}
        for term in self.terms(kind):
            letter = index_letter(term.name)
            children = tuple(pair for referrers in self.referrers(term) for pair in referrers.entries) if isinstance(kind, VocabularyKind) else ()
            groups.setdefault(letter, LetterGroup(letter)).entries.append((term, self.count(term), children))
        return [groups[letter] for letter in sorted(groups, key=lambda letter: (letter == "#", letter))]


__all__ = ["LetterGroup", "PipelineRow", "Referrers", "Taxonomy", "TimelineEntry", "index_letter"]
