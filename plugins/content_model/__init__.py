"""The content model of the site, in plain Python: no Pelican needed.

Registries of companies, diseases, products and regulators; articles and pages
with validated YAML front matter; name resolution; and ``check_site``, the one
validation shared by the build and by ``invoke check``. The Pelican plugins
beside this package only wire it into a build.
"""

from .articles import (
    ArticleRules,
    ParsedArticle,
    ParsedPage,
    Source,
    newest_first,
    parse_article,
    parse_page,
    resolve_entities,
)
from .problems import ArticleCountMismatch, BuildError, ContentError, ContentInvalid, Problem, UnsafeSettings
from .registry import KINDS, Company, Disease, Entity, Product, Registries, Registry, RegistryRules, Regulator
from .site import SiteContent, check_site, find_sources, rules_from_settings
from .taxonomy import Taxonomy, TimelineEntry
from .text import lookup_key, slugify
from .vocabulary import Term, Vocabulary

__all__ = [
    "KINDS",
    "ArticleCountMismatch",
    "ArticleRules",
    "BuildError",
    "Company",
    "ContentError",
    "ContentInvalid",
    "Disease",
    "Entity",
    "ParsedArticle",
    "ParsedPage",
    "Problem",
    "Product",
    "Registries",
    "Registry",
    "RegistryRules",
    "Regulator",
    "SiteContent",
    "Taxonomy",
    "TimelineEntry",
    "UnsafeSettings",
    "Source",
    "Term",
    "Vocabulary",
    "check_site",
    "find_sources",
    "lookup_key",
    "newest_first",
    "parse_article",
    "parse_page",
    "resolve_entities",
    "rules_from_settings",
    "slugify",
]
