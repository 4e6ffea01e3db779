"""The EntityPagesGenerator: a page for every entity and term of every kind, and an A–Z directory per kind."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from pelican.generators import Generator, PelicanTemplateNotFound

from content_model import Entity, Kind, RegistryKind, Site, Taxonomy, VocabularyKind, absolute_site_url, feed_links
from content_model.structured import breadcrumb_data, entity_data
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
            "facts": tuple(term.facts()) if isinstance(term, Entity) else (),
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

    def kind_views(self, kind: Kind, term, taxonomy: Taxonomy) -> dict:
        """What a company, product or disease page shows beyond the list of news."""
        if kind.name == "company":
            return {"pipeline": tuple(taxonomy.pipeline(term))}
        if kind.name == "product":
            return {"timeline": tuple(taxonomy.timeline(term))}
        if kind.name == "disease":
            return {"in_development": tuple((phase, tuple(rows)) for phase, rows in taxonomy.in_development(term))}
        return {}

    def directory(self, kind: Kind, taxonomy: Taxonomy) -> PageOutput:
        url, save_as = self.directory_place(kind)
        context = {"kind": kind, "groups": tuple(taxonomy.directory(kind)), "crumbs": ((kind.title, url),)}
        return PageOutput(save_as, "directory", context, url, f"the {kind.plural} directory")
