"""Signal receivers of the strict_content plugin."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from content_model import ArticleCountMismatch, ContentInvalid, check_site, newest_first, resolve_entities

logger = logging.getLogger(__name__)

SITE_CONTENT = "site_content"  # context key of the validated SiteContent


def validate_site(generator) -> None:
    """Run the full check; stop the build on any problem, else share the result."""
    site, problems = check_site(Path(generator.path), generator.settings, display_root=Path.cwd())
    if problems:
        raise ContentInvalid(problems)
    generator.context[SITE_CONTENT] = site
    generator.context["registries"] = site.registries
    logger.info("Content check passed: %d articles, %d pages", len(site.articles), len(site.pages))


def attach_entities(generator, metadata: dict) -> None:
    """Swap the names an article gave for the registry entities they resolve to."""
    names = metadata.pop("entity_names", None)
    if names is None:
        return
    resolved, problems = resolve_entities(names, generator.context["registries"], metadata["title"])
    if problems:
        raise ContentInvalid(problems)
    metadata.update(resolved)


def order_articles(generator) -> None:
    """Newest first with a stable tie-break, so equal dates never reorder between builds."""
    generator.articles.sort(key=newest_first)


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
    signals.article_generator_init.connect(validate_site)
    signals.article_generator_context.connect(attach_entities)
    signals.article_generator_pretaxonomy.connect(order_articles)
    signals.article_writer_finalized.connect(verify_article_count)
