"""The whole-site check: registries, every article and page, and URL collisions.

``check_site`` is the single validation used both by the build (before Pelican
writes anything) and by ``invoke check`` (with no Pelican run at all).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .articles import ArticleRules, ParsedArticle, ParsedPage, parse_article, parse_page, resolve_entities
from .problems import Problem
from .source import link_problem
from .registry import KINDS, Registries, RegistryRules, display_path, load_registries
from .vocabulary import EVENT_TYPES, EXCHANGES, MODALITIES, PHASES, THERAPEUTIC_AREAS, Vocabulary

ARTICLE_EXTENSION = ".md"

URL_SETTINGS = {
    "company": ("COMPANY_URL", "COMPANY_SAVE_AS", "companies/{slug}/"),
    "disease": ("DISEASE_URL", "DISEASE_SAVE_AS", "diseases/{slug}/"),
    "product": ("PRODUCT_URL", "PRODUCT_SAVE_AS", "products/{slug}/"),
    "regulator": ("REGULATOR_URL", "REGULATOR_SAVE_AS", "regulators/{slug}/"),
    "therapeutic_area": ("THERAPEUTIC_AREA_URL", "THERAPEUTIC_AREA_SAVE_AS", "therapeutic-areas/{slug}/"),
    "event": ("EVENT_URL", "EVENT_SAVE_AS", "events/{slug}/"),
}


def rules_from_settings(settings: dict) -> tuple[ArticleRules, RegistryRules]:
    """Content rules from Pelican settings (or any dict of them), defaults for what is unset."""
    zone_name = settings.get("TIMEZONE", "UTC")
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f'TIMEZONE "{zone_name}" is not a known time zone, e.g. Asia/Shanghai') from error
    urls = {}
    for kind, (url_key, save_as_key, default) in URL_SETTINGS.items():
        url = settings.get(url_key, default)
        urls[kind] = (url, settings.get(save_as_key, url + "index.html"))
    article_rules = ArticleRules(
        timezone=zone,
        events=Vocabulary.from_labels("event", settings.get("EVENT_TYPES", EVENT_TYPES), *urls["event"]),
        phases=Vocabulary.from_labels("phase", settings.get("PHASES", PHASES)),
        article_save_as=settings.get("ARTICLE_SAVE_AS", ArticleRules.article_save_as),
        page_save_as=settings.get("PAGE_SAVE_AS", ArticleRules.page_save_as),
    )
    registry_rules = RegistryRules(
        modalities=Vocabulary.from_labels("modality", settings.get("MODALITIES", MODALITIES)),
        therapeutic_areas=Vocabulary.from_labels(
            "therapeutic area", settings.get("THERAPEUTIC_AREAS", THERAPEUTIC_AREAS), *urls["therapeutic_area"]
        ),
        exchanges=dict(settings.get("EXCHANGES", EXCHANGES)),
        urls=urls,
    )
    return article_rules, registry_rules


@dataclass
class SiteContent:
    """Everything validated about a site's content, ready for the build to use."""

    registries: Registries
    rules: ArticleRules
    articles: list[ParsedArticle] = field(default_factory=list)
    pages: list[ParsedPage] = field(default_factory=list)
    # Articles dated after the build (when WITH_FUTURE_DATES is False): held back, not published yet.
    embargoed: list[ParsedArticle] = field(default_factory=list)

    @property
    def published_articles(self) -> list[ParsedArticle]:
        held = {id(article) for article in self.embargoed}
        return [article for article in self.articles if article.status == "published" and id(article) not in held]


FIXED_FOLDERS = ("page", "pagefind", "feeds", "search")


def reserved_folders(settings: dict) -> set[str]:
    """Top-level output folders that sections of the site write into, which no page may take."""
    patterns = [default for _, _, default in URL_SETTINGS.values()]
    patterns += [value for key, value in settings.items() if key.endswith(("_SAVE_AS", "_URL")) and isinstance(value, str)]
    folders = {pattern.split("/", 1)[0] for pattern in patterns if "/" in pattern}
    folders.update(FIXED_FOLDERS)
    folders.add(settings.get("THEME_STATIC_DIR", "theme"))
    return {folder for folder in folders if folder and "{" not in folder}


def find_sources(content_path: Path, folders: list[str], display_root: Path | None) -> tuple[list[Path], list[Problem]]:
    """Every article (or page) file under the given content folders.

    A file that is not ``.md`` is a problem rather than ignored: an article saved
    as ``.markdown`` or ``.txt`` would otherwise vanish from the site unnoticed.
    """
    files, problems = [], []
    for folder in folders:
        root = content_path / folder
        if not root.is_dir():
            continue
        if (problem := link_problem(root, content_path, display_path(root, display_root), allow_folder=True)) is not None:
            problems.append(problem)
            continue
        for path in sorted(root.rglob("*")):
            if any(part.startswith(".") for part in path.relative_to(root).parts):
                continue
            shown = display_path(path, display_root)
            if (problem := link_problem(path, content_path, shown)) is not None:
                problems.append(problem)
            elif path.is_dir():
                continue
            elif path.suffix == ARTICLE_EXTENSION:
                files.append(path)
            else:
                problems.append(
                    Problem(
                        shown,
                        1,
                        f"only Markdown files ending in {ARTICLE_EXTENSION} belong in {folder}/; "
                        f"rename it to end in {ARTICLE_EXTENSION} or move it out of content/",
                    )
                )
    return files, problems


def _collisions(items, rules: ArticleRules, what: str) -> list[Problem]:
    problems = []
    first_by_target: dict[str, object] = {}
    for item in items:
        target = item.save_as(rules)
        first = first_by_target.setdefault(target, item)
        if first is not item:
            problems.append(
                Problem(
                    item.path,
                    item.slug_line,
                    f"this {what} would be written to {target}, like {first.path}; "
                    f'give one of them a different "slug:"',
                )
            )
    return problems


def check_site(
    content_path: Path,
    settings: dict,
    article_files: list[Path] | None = None,
    page_files: list[Path] | None = None,
    display_root: Path | None = None,
    now: datetime | None = None,
) -> tuple[SiteContent, list[Problem]]:
    """Validate the registries, every article and page, and the URLs they will take.

    ``article_files``/``page_files`` default to what ``find_sources`` discovers
    under the ``ARTICLE_PATHS``/``PAGE_PATHS`` settings.
    """
    content_path = Path(content_path)
    article_rules, registry_rules = rules_from_settings(settings)
    registries, problems = load_registries(content_path, registry_rules, display_root)
    if article_files is None:
        article_files, found = find_sources(content_path, settings.get("ARTICLE_PATHS", ["articles"]), display_root)
        problems += found
    if page_files is None:
        page_files, found = find_sources(content_path, settings.get("PAGE_PATHS", ["pages"]), display_root)
        problems += found
    site = SiteContent(registries, article_rules)
    for path in article_files:
        shown = display_path(path, display_root)
        article, found = parse_article(Path(path).read_bytes(), shown, article_rules)
        problems += found
        if article is not None:
            _, found = resolve_entities(article.entity_names, registries, shown)
            problems += found
            site.articles.append(article)
    for path in page_files:
        page, found = parse_page(Path(path).read_bytes(), display_path(path, display_root), article_rules)
        problems += found
        if page is not None:
            site.pages.append(page)
    if not settings.get("WITH_FUTURE_DATES", True):
        now = now or datetime.now(timezone.utc)
        site.embargoed = [article for article in site.articles if article.date > now]
    reserved = reserved_folders(settings)
    for page in site.pages:
        if page.slug in reserved:
            problems.append(
                Problem(page.path, page.slug_line, f'the slug "{page.slug}" is a section of the site ({page.slug}/); choose another "slug:"')
            )
    problems += _collisions([a for a in site.articles if a.status != "draft"], article_rules, "article")
    problems += _collisions([p for p in site.pages if p.status != "draft"], article_rules, "page")
    return site, problems


__all__ = ["KINDS", "SiteContent", "check_site", "find_sources", "rules_from_settings"]
