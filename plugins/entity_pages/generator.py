"""The EntityPagesGenerator and its settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pelican import signals
from pelican.generators import Generator

from content_model import KINDS, Taxonomy

logger = logging.getLogger(__name__)

DEFAULT_SETTINGS = {
    # Directory (A–Z) pages; entity page URLs are COMPANY_URL etc., see content_model.site.
    "COMPANIES_URL": "companies/",
    "COMPANIES_SAVE_AS": "companies/index.html",
    "DISEASES_URL": "diseases/",
    "DISEASES_SAVE_AS": "diseases/index.html",
    "PRODUCTS_URL": "products/",
    "PRODUCTS_SAVE_AS": "products/index.html",
    "REGULATORS_URL": "regulators/",
    "REGULATORS_SAVE_AS": "regulators/index.html",
    "THERAPEUTIC_AREAS_URL": "therapeutic-areas/",
    "THERAPEUTIC_AREAS_SAVE_AS": "therapeutic-areas/index.html",
    "EVENTS_URL": "events/",
    "EVENTS_SAVE_AS": "events/index.html",
    # An entity no article names yet still gets a page saying so; False skips it.
    "ENTITY_PAGES_FOR_UNUSED": True,
    # Stories listed under "Related" at the end of an article.
    "RELATED_ARTICLES_COUNT": 5,
    # Related companies, diseases, products ... listed (most shared articles first) on an entity page.
    "RELATED_ENTITIES_SHOWN": 20,
}

DIRECTORY_TITLES = {
    "company": "Companies",
    "disease": "Diseases",
    "product": "Products",
    "regulator": "Regulators",
}


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULT_SETTINGS[name])


@dataclass(frozen=True)
class Directory:
    """A listing page: the A–Z of one kind of entity, or of areas or events."""

    key: str
    title: str
    url: str
    save_as: str


def directories_from(settings: dict) -> dict[str, Directory]:
    """Every directory page, keyed by kind plural (companies ...), in menu order."""
    names = {spec.plural: DIRECTORY_TITLES[kind] for kind, spec in KINDS.items()}
    names.update({"therapeutic_areas": "Therapeutic areas", "events": "Events"})
    return {
        key: Directory(key, title, setting(settings, f"{key.upper()}_URL"), setting(settings, f"{key.upper()}_SAVE_AS"))
        for key, title in names.items()
    }


class EntityPagesGenerator(Generator):
    """Writes entity pages (paginated), therapeutic-area and event pages, and directories."""

    def generate_context(self):
        taxonomy = Taxonomy(self.context["registries"], self.context["articles"])
        self.context["taxonomy"] = taxonomy
        self.context["directories"] = directories_from(self.settings)
        for name in ("RELATED_ARTICLES_COUNT", "RELATED_ENTITIES_SHOWN"):
            self.context[name] = setting(self.settings, name)
        logger.info(
            "Entity pages: %s",
            ", ".join(f"{len(registry)} {registry.spec.plural}" for registry in taxonomy.registries),
        )

    def write_paginated(self, writer, obj, template: str, articles: list, **context) -> None:
        writer.write_file(
            obj.save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            paginated={"articles": articles},
            template_name=template,
            url=obj.url,
            **context,
        )

    def write_page(self, writer, obj, template: str, **context) -> None:
        writer.write_file(
            obj.save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=obj.url,
            **context,
        )

    def generate_output(self, writer):
        taxonomy: Taxonomy = self.context["taxonomy"]
        directories: dict[str, Directory] = self.context["directories"]
        write_unused = setting(self.settings, "ENTITY_PAGES_FOR_UNUSED")
        for kind, spec in KINDS.items():
            for entity in taxonomy.registries[kind]:
                articles = taxonomy.articles_of(entity)
                if articles or write_unused:
                    self.write_paginated(writer, entity, kind, articles, entity=entity, directory=directories[spec.plural])
            self.write_page(
                writer, directories[spec.plural], "directory", directory=directories[spec.plural], groups=taxonomy.directory(kind)
            )
        for area in taxonomy.areas():
            self.write_paginated(
                writer, area, "therapeutic_area", taxonomy.area_articles(area), entity=area, directory=directories["therapeutic_areas"]
            )
        self.write_page(writer, directories["therapeutic_areas"], "therapeutic_areas", directory=directories["therapeutic_areas"])
        for event in taxonomy.events():
            self.write_paginated(writer, event, "event", taxonomy.event_articles(event), entity=event, directory=directories["events"])
        self.write_page(writer, directories["events"], "events", directory=directories["events"])


def get_generators(pelican):
    return EntityPagesGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
