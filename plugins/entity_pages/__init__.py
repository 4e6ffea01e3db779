"""Entity pages: a page for every entity and term of every kind of the table, and A–Z directories.

A Generator over the ``Site`` and ``Taxonomy`` the news plugin shares (it must
be listed after news): a company's page has its pipeline, a product's its
timeline, a disease's the products in development by phase; every page lists
what refers to the entity (a company's products, an area's diseases) and what
its news names, its feeds, and its news, paginated. The header menu lists the
directories of the kinds marked ``menu``.
"""

from pelican import signals

from content_model import PerKind, Setting
from content_model.settings import install_declared, save_as_of

from .generator import EntityPagesGenerator, RelatedGroup

REQUIRES = ("news",)

SETTINGS = (
    PerKind("{PLURAL}_URL", "{plural}/", "URL of the A–Z directory of {plural}."),
    PerKind("{PLURAL}_SAVE_AS", lambda settings, kind: save_as_of(settings[f"{kind.directory_prefix}_URL"]),
            "Where the directory of {plural} is written."),
    Setting("ENTITY_PAGES_FOR_UNUSED", bool, True, 'An entity no article names yet still gets a page ("No news yet").'),
    Setting("RELATED_ENTITIES_SHOWN", int, 20, "Related companies, diseases ... listed on an entity's first page."),
)  # fmt: skip


def get_generators(pelican):
    return EntityPagesGenerator


def register() -> None:
    signals.initialized.connect(install_declared)
    signals.get_generators.connect(get_generators)


__all__ = ["REQUIRES", "SETTINGS", "EntityPagesGenerator", "RelatedGroup", "register"]
