"""The EntityPagesGenerator: a page for every entity and term of every kind, and an A–Z directory per kind."""

from __future__ import annotations

import functools
import itertools
import logging
import re
from dataclasses import dataclass

from pelican.generators import Generator, PelicanTemplateNotFound

from content_model import Entity, Kind, RegistryKind, Site, Taxonomy, VocabularyKind, absolute_site_url, feed_links
from content_model.schema import Names, Text
from content_model.structured import breadcrumb_data, entity_data
from content_model.taxonomy import PipelineRow
from site_writer import PageOutput
from site_writer.outputs import paginate

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RelatedGroup:
    """A list of related entities on an entity page: a heading, (entity, article count) pairs, how many more."""

    title: str
    entries: tuple
    more: int
    empty_text: str


@dataclass(frozen=True)
class Name:
    """A name as a page shows it, with its language when that is not the page's: a Chinese alias is
    marked ``lang="zh"`` so browsers choose a Chinese font and screen readers a Chinese voice."""

    text: str
    lang: str | None = None


@dataclass(frozen=True)
class PipelineEntry:
    """A row of a pipeline: the furthest phase's index in the phase vocabulary (-1: none reported),
    and the regulators of the latest step as (short name, full name)."""

    row: PipelineRow
    rank: int
    regulators: tuple


HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def shown_name(text: str) -> Name:
    return Name(text, "zh" if HAN.search(text) else None)


def short_name(entity) -> str:
    """The shortest of an entity's name and its Latin-script aliases ("NMPA" for the National Medical
    Products Administration), for tables where the full name would not fit."""
    return min((entity.name, *(alias for alias in entity.values.get("aliases") or () if alias.isascii())), key=len)


class EntityPagesGenerator(Generator):
    """Shares the menu; writes entity pages (paginated) and directories for every kind of the table."""

    def generate_context(self):
        kinds = self.context["site"].config.kinds
        self.context.setdefault("page_globals", {})["menu"] = tuple(
            (kind.title, self.settings[f"{kind.directory_prefix}_URL"]) for kind in kinds if kind.menu
        )

    def template_for(self, kind: Kind) -> str:
        """The kind's own template (``company``), or ``entity`` when the theme has none."""
        try:
            self.get_template(kind.name)
        except PelicanTemplateNotFound:
            return "entity"
        return kind.name

    def generate_output(self, writer):
        site: Site = self.context["site"]
        taxonomy: Taxonomy = self.context["taxonomy"]
        outputs = []
        for kind in site.config.kinds:
            template = self.template_for(kind)
            for term in taxonomy.terms(kind):
                articles = taxonomy.articles_of(term)
                if articles or self.settings["ENTITY_PAGES_FOR_UNUSED"] or isinstance(kind, VocabularyKind):
                    outputs += self.entity_pages(kind, term, articles, template, site, taxonomy)
            outputs.append(self.directory(kind, taxonomy))
        logger.info("Entity pages: %s", ", ".join(f"{len(taxonomy.terms(kind))} {kind.plural}" for kind in site.config.kinds))
        writer.write_outputs(self, outputs)

    def directory_place(self, kind: Kind) -> tuple[str, str]:
        return self.settings[f"{kind.directory_prefix}_URL"], self.settings[f"{kind.directory_prefix}_SAVE_AS"]

    def entity_pages(self, kind: Kind, term, articles: list, template: str, site: Site, taxonomy: Taxonomy) -> list[PageOutput]:
        """The entity's pages: its news paginated, the first page with its facts, relations and views."""
        settings = self.settings
        pages = paginate(articles, settings["DEFAULT_PAGINATION"], term.url, term.save_as, settings["PAGINATION_PATTERNS"])
        source = getattr(term, "source_path", f"{kind.name} {term.slug}")
        return [
            PageOutput(page.save_as, template, functools.partial(self.entity_context, kind, term, page, taxonomy), page.url, source,
                       derived=functools.partial(self.entity_data, kind, term))
            for page in pages
        ]  # fmt: skip

    def crumbs(self, kind: Kind, term) -> list[tuple[str, str]]:
        crumbs = [(kind.title, self.directory_place(kind)[0])]
        if isinstance(term, Entity) and kind.name == "disease" and term.therapeutic_area is not None:
            crumbs.append((term.therapeutic_area.name, term.therapeutic_area.url))
        return [*crumbs, (term.name, term.url)]

    def entity_context(self, kind: Kind, term, page, taxonomy: Taxonomy) -> dict:
        context = {
            "entity": term,
            "kind": kind,
            "facts": self.facts(term) if isinstance(term, Entity) else (),
            "crumbs": tuple(self.crumbs(kind, term)),
            "feed": feed_links(self.settings, kind, term.slug),
            "articles_page": page,
        }
        if page.number == 1:
            context.update(related=self.related_groups(kind, term, taxonomy), **self.kind_views(kind, term, taxonomy))
        return context

    def entity_data(self, kind: Kind, term) -> dict:
        site_url = absolute_site_url(self.settings)
        crumbs = [("Home", ""), *self.crumbs(kind, term)]
        return {"structured_data": [entity_data(term, site_url) | {"@context": "https://schema.org"}, breadcrumb_data(crumbs, site_url)]}

    def related_groups(self, kind: Kind, term, taxonomy: Taxonomy) -> tuple[RelatedGroup, ...]:
        """What the side column of an entity's first page lists: what refers to it, then what its news names."""
        shown = self.settings["RELATED_ENTITIES_SHOWN"]
        groups = [
            RelatedGroup(referrers.title, referrers.entries[:shown], max(0, len(referrers.entries) - shown), "")
            for referrers in taxonomy.referrers(term)
        ]
        if isinstance(term, Entity):
            taken = {group.title for group in groups}
            for other in taxonomy.kinds:
                if isinstance(other, RegistryKind) and other.name != kind.name and other.title not in taken:
                    pairs = taxonomy.related(term, other)
                    groups.append(RelatedGroup(f"{other.row_title} in its news", tuple(pairs[:shown]), max(0, len(pairs) - shown),
                                               "None named in its news yet."))  # fmt: skip
        return tuple(groups)

    @staticmethod
    def facts(entity: Entity) -> tuple:
        """The entity's (field, value) rows, names and text as ``Name`` with their language."""
        rows = []
        for spec, value in entity.facts():
            if isinstance(spec, Names):
                value = tuple(shown_name(name) for name in value)
            elif isinstance(spec, Text):
                value = shown_name(value)
            rows.append((spec, value))
        return tuple(rows)

    def kind_views(self, kind: Kind, term, taxonomy: Taxonomy) -> dict:
        """What a company or disease page shows beyond its news (a product's news is its history).

        ``phases`` is the phase vocabulary, the steps of the bars that show how far each product got."""
        phases = tuple(taxonomy.phase_rank)
        rank = taxonomy.phase_rank.get
        if kind.name == "company":
            entries = [
                PipelineEntry(row, rank(row.phase, -1), tuple((short_name(regulator), regulator.name) for regulator in row.regulators))
                for row in taxonomy.pipeline(term)
            ]  # fmt: skip
            grouped = tuple((product, tuple(rows)) for product, rows in itertools.groupby(entries, key=lambda entry: entry.row.product))
            return {"pipeline": grouped, "phases": phases}
        if kind.name == "disease":
            stages = tuple((phase, rank(phase, -1), tuple(rows)) for phase, rows in taxonomy.in_development(term))
            return {"in_development": stages, "phases": phases}
        return {}

    def directory(self, kind: Kind, taxonomy: Taxonomy) -> PageOutput:
        url, save_as = self.directory_place(kind)
        context = {"kind": kind, "groups": tuple(taxonomy.directory(kind)), "crumbs": ((kind.title, url),)}
        return PageOutput(save_as, "directory", context, url, f"the {kind.plural} directory")
