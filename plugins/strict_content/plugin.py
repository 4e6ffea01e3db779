"""Signal receivers of the strict_content plugin."""

from __future__ import annotations

import logging
from pathlib import Path

from frontmatter_reader import FRONT_MATTER
from pelican import signals

from content_model import ArticleCountMismatch, ContentInvalid, UnsafeSettings, check_site, newest_first, resolve_entities

logger = logging.getLogger(__name__)

SITE_CONTENT = "site_content"  # context key of the validated SiteContent


def require_autoescape(pelican) -> None:
    """Metadata is text: a theme rendered without autoescape would let a title inject HTML."""
    if not pelican.settings.get("JINJA_ENVIRONMENT", {}).get("autoescape"):
        raise UnsafeSettings('JINJA_ENVIRONMENT must have "autoescape": True so that metadata is escaped in templates')


def validate_site(generator) -> None:
    """Run the full check; stop the build on any problem, else share the result."""
    site, problems = check_site(Path(generator.path), generator.settings, display_root=Path.cwd())
    if problems:
        raise ContentInvalid(problems)
    generator.context[SITE_CONTENT] = site
    generator.context["registries"] = site.registries
    for article in site.embargoed:
        logger.warning("Held back until %s (dated in the future): %s", article.date.isoformat(), article.path)
    logger.info("Content check passed: %d articles, %d pages", len(site.articles), len(site.pages))


def attach_entities(generator, metadata: dict) -> None:
    """Give the article the registry entities its front matter names (companies, products ...)."""
    article = metadata.pop(FRONT_MATTER, None)
    if article is None:
        return
    resolved, problems = resolve_entities(article.entity_names, generator.context["registries"], article.path)
    if problems:
        raise ContentInvalid(problems)
    metadata.update(resolved)


def order_articles(generator) -> None:
    """Newest first with a stable tie-break, so equal dates never reorder between builds."""
    generator.articles.sort(key=newest_first)


def drop_unwritten_drafts(generator) -> None:
    """Forget drafts (and embargoed articles) when DRAFT_SAVE_AS writes nothing.

    Pelican 4.12 still walks drafts when writing and reads ``draft.category``,
    which this site's articles do not have, so an unwritten draft would crash the build.
    """
    if not generator.settings.get("DRAFT_SAVE_AS"):
        generator.drafts = []
        generator.drafts_translations = []


def verify_article_count(generator, writer) -> None:
    """Every published article file must have produced its page on disk."""
    site = generator.context[SITE_CONTENT]
    expected = site.published_articles
    output = Path(generator.output_path)
    missing = [article.path for article in expected if not (output / article.save_as(site.rules)).is_file()]
    if missing or len(generator.articles) != len(expected):
        raise ArticleCountMismatch(
            f"{len(expected)} published article files but {len(generator.articles)} articles built; "
            f"pages missing for: {', '.join(missing) or 'none'}"
        )


def register() -> None:
    signals.initialized.connect(require_autoescape)
    signals.article_generator_init.connect(validate_site)
    signals.article_generator_context.connect(attach_entities)
    signals.article_generator_pretaxonomy.connect(order_articles)
    signals.article_generator_finalized.connect(drop_unwritten_drafts)
    signals.article_writer_finalized.connect(verify_article_count)
