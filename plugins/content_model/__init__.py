"""The content model of the site, in plain Python: no Pelican needed.

The table of kinds (``kinds``), registries of their entities, articles and
pages with validated YAML front matter, name resolution, the one pass that
reads a whole site (``load_site``) and the taxonomy over it. The Pelican
plugins beside this package only wire it into a build; what they share is the
types defined here.
"""

from .articles import (
    ALIAS_PATH,
    SITE_ROOT,
    Article,
    ArticleSource,
    FrontMatterKey,
    LinkRef,
    NewsSource,
    Page,
    PageSource,
    article_keys,
    newest_first,
    parse_article,
    parse_page,
    resolve_terms,
)
from .cache import ContentCache
from .config import ContentConfig, absolute_site_url, feed_links, format_date
from .kinds import DEFAULT_KINDS, Kind, KindsError, RegistryKind, VocabularyKind, check_kinds
from .parallel import Background, WorkerFailed, parallel_map
from .problems import ArticleCountMismatch, BuildError, ContentError, ContentInvalid, Notice, Problem, SettingsInvalid
from .registry import Entity, Registries, Registry, TermRegistry, digest, display_path, load_registries
from .schema import Choice, Codes, Field, Names, Reference, Text, Ticker, Tickers, Url
from .settings import NO_DEFAULT, PerKind, Setting
from .site import ContentReader, LinkedFile, Site, load_site
from .taxonomy import LetterGroup, PipelineRow, Referrers, Taxonomy, TimelineEntry
from .text import lookup_key, printable, slugify
from .vocabulary import EXCHANGES, VOCABULARY_SETTINGS, Term, Vocabulary

__all__ = [
    "Background",
    "WorkerFailed",
    "ALIAS_PATH",
    "DEFAULT_KINDS",
    "EXCHANGES",
    "NO_DEFAULT",
    "SITE_ROOT",
    "VOCABULARY_SETTINGS",
    "Article",
    "ArticleCountMismatch",
    "ArticleSource",
    "BuildError",
    "Choice",
    "Codes",
    "ContentCache",
    "ContentConfig",
    "ContentError",
    "ContentInvalid",
    "ContentReader",
    "Entity",
    "Field",
    "FrontMatterKey",
    "Kind",
    "KindsError",
    "LetterGroup",
    "LinkRef",
    "LinkedFile",
    "Names",
    "NewsSource",
    "Notice",
    "Page",
    "PageSource",
    "PerKind",
    "PipelineRow",
    "Problem",
    "Reference",
    "Referrers",
    "Registries",
    "Registry",
    "RegistryKind",
    "Setting",
    "SettingsInvalid",
    "Site",
    "Taxonomy",
    "Term",
    "TermRegistry",
    "Text",
    "Ticker",
    "Tickers",
    "TimelineEntry",
    "Url",
    "Vocabulary",
    "VocabularyKind",
    "absolute_site_url",
    "feed_links",
    "article_keys",
    "check_kinds",
    "digest",
    "display_path",
    "format_date",
    "load_registries",
    "load_site",
    "lookup_key",
    "newest_first",
    "parallel_map",
    "parse_article",
    "parse_page",
    "printable",
    "resolve_terms",
    "slugify",
]
