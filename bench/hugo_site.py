"""The benchmark's corpus as a Hugo site with the same pages at the same paths as this project's build.

Hugo is the build benchmark's second baseline: a compiled generator given the
same work as ours. From one ``Corpus`` this writes a Hugo site folder: the
articles (JSON front matter, Markdown body) at our article URLs; one taxonomy per
kind of entity page (companies, diseases, products, regulators, events,
therapeutic areas, an article's areas being those of its diseases), each term
paginated like ours with an RSS feed (events have none, as on our site); the home
page, paginated, with its feed; one list page per taxonomy; 404; the sample
site's pages. The templates (``hugo_layouts/``) are minimal but show what ours
show: an article's title, date, summary, entity links and body; cards (title
link, date, summary, company links) on every listing.

Terms are named by our slugs, and every term of the registries gets an
``_index.md`` (its name as title) so that Hugo writes a page for an entity no
article names, as ours does. Page size, pagination paths, article URL, time zone
and feed length come from ``pelicanconf.py``; a value Hugo cannot express stops
with ``HugoSiteError``.

    python bench/hugo_site.py --articles 1000 SITE    # then: hugo --source SITE
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
LAYOUTS = BENCH / "hugo_layouts"
# The project, its plugins (content_model) and this folder (corpus), also when imported as bench.hugo_site.
for folder in (ROOT, ROOT / "plugins", BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from corpus import Corpus, product_slug, regulator_slug, write  # noqa: E402
from content_model.vocabulary import EVENT_TYPES, THERAPEUTIC_AREAS  # noqa: E402
from pelican.settings import get_settings_from_file  # noqa: E402

# Hugo taxonomy (singular -> plural): the plural is the URL segment of our entity pages and directories.
TAXONOMIES = {
    "company": "companies",
    "disease": "diseases",
    "product": "products",
    "regulator": "regulators",
    "event": "events",
    "therapeutic_area": "therapeutic-areas",
}
# Taxonomies whose terms have no feed on our site.
WITHOUT_FEEDS = ("events",)
ARTICLES_SECTION = "articles"
# The sample site's pages (about ...): at our PAGE_URL, and, as on our site, in no listing or feed.
PAGES_SECTION = "pages"
# Pelican's article URL placeholders and Hugo's permalink tokens for them.
PERMALINK_TOKENS = {"{date:%Y}": ":year", "{date:%m}": ":month", "{date:%d}": ":day", "{slug}": ":slug"}
# Hugo has one pagination path for every list: "<list URL><path>/<number>/".
HUGO_PAGE_PATTERN = re.compile(r"^\{base_name\}/(?P<path>[a-z0-9-]+)/\{number\}/$")
FEED_LOCAL_SITEURL = "http://127.0.0.1:8000/"


class HugoSiteError(Exception):
    """A setting of ours that Hugo cannot reproduce; the message names it and says what works."""


def hugo_permalink(settings: dict, name: str) -> str:
    """A Pelican URL setting as a Hugo permalink pattern, e.g. news/{date:%Y}/{slug}/ -> /news/:year/:slug/."""
    permalink = settings[name]
    for placeholder, token in PERMALINK_TOKENS.items():
        permalink = permalink.replace(placeholder, token)
    if "{" in permalink:
        raise HugoSiteError(
            f"{name} {settings[name]!r} uses a placeholder the Hugo baseline cannot translate; "
            f"use only {', '.join(PERMALINK_TOKENS)}"
        )
    return "/" + permalink.lstrip("/")


def hugo_pagination_path(patterns) -> str:
    """The folder of pages 2 and later from PAGINATION_PATTERNS, which Hugo can only have as <list>/<path>/N/."""
    later = [pattern for pattern in patterns if pattern[0] > 1]
    urls = {url for _, url, _ in later}
    match = HUGO_PAGE_PATTERN.match(urls.pop()) if len(urls) == 1 else None
    first = [url for number, url, _ in patterns if number == 1]
    if match is None or first != ["{url}"]:
        raise HugoSiteError(
            f"PAGINATION_PATTERNS {patterns!r} cannot be built by Hugo, which puts page 1 at the list's URL "
            'and page N at one folder below it; use ((1, "{url}", "{save_as}"), '
            '(2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"))'
        )
    return match["path"]


def hugo_config(settings: dict) -> dict:
    """hugo.json: our page size, pagination path, article URL, time zone, feed length; HTML as ours."""
    return {
        "baseURL": FEED_LOCAL_SITEURL,
        "title": settings["SITENAME"],
        "locale": settings["DEFAULT_LANG"],
        "timeZone": settings["TIMEZONE"],
        "relativeURLs": settings["RELATIVE_URLS"],
        "enableRobotsTXT": True,
        "disableHugoGeneratorInject": True,
        # Our articles have no section page.
        "disableKinds": ["section"],
        "buildFuture": settings["WITH_FUTURE_DATES"],
        "taxonomies": TAXONOMIES,
        "permalinks": {
            "page": {
                ARTICLES_SECTION: hugo_permalink(settings, "ARTICLE_URL"),
                PAGES_SECTION: hugo_permalink(settings, "PAGE_URL"),
            }
        },
        # Out of site.RegularPages, so that listings and feeds take it whole, unfiltered.
        "cascade": [{"build": {"list": "never"}, "target": {"path": f"/{PAGES_SECTION}/**"}}],
        "pagination": {
            "pagerSize": settings["DEFAULT_PAGINATION"],
            "path": hugo_pagination_path(settings["PAGINATION_PATTERNS"]),
            # Ours has no page/1/ redirecting to the list.
            "disableAliases": True,
        },
        "outputs": {"home": ["html", "rss"], "term": ["html", "rss"], "taxonomy": ["html"], "page": ["html"]},
        "services": {"rss": {"limit": settings["FEED_MAX_ITEMS"]}},
    }


def regulator_names() -> dict[str, str]:
    """Slug -> name of the sample site's regulators, which the corpus copies into every content folder."""
    names = {}
    for path in sorted((ROOT / "content" / "regulators").glob("*.yaml")):
        names[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))["name"]
    return names


def article_text(article) -> str:
    """JSON front matter (Hugo reads it as such when the file opens with "{"), then the Markdown body."""
    front_matter = {
        "title": article.title,
        "slug": article.slug,
        "date": article.day.isoformat(),
        "summary": article.summary,
        "companies": [article.company.slug],
        "products": [product_slug(article.product)],
        "diseases": [disease.slug for disease in article.diseases],
        "regulators": [regulator_slug(article.regulator)],
        "events": [article.event],
        "therapeutic-areas": article.areas,
    }
    return f"{json.dumps(front_matter, ensure_ascii=False)}\n\n{article.body}\n"


def terms(corpus: Corpus) -> dict[str, dict[str, str]]:
    """Taxonomy -> term slug -> title, for every term our site has a page for."""
    return {
        "companies": {company.slug: company.name for company in corpus.companies},
        "diseases": {disease.slug: disease.name for disease in corpus.diseases},
        "products": {product_slug(code): code for code in corpus.products},
        "regulators": regulator_names(),
        # Ours: areas with a disease in the registry; events some article has.
        "therapeutic-areas": {disease.area: THERAPEUTIC_AREAS[disease.area] for disease in corpus.diseases},
        "events": {article.event: EVENT_TYPES[article.event] for article in corpus.articles},
    }


def write_site(corpus: Corpus, site: Path, settings: dict) -> None:
    """A Hugo site folder for ``corpus`` (which must not exist yet): hugo.json, layouts/, content/."""
    content = site / "content"
    write(site / "hugo.json", json.dumps(hugo_config(settings), indent=2) + "\n")
    shutil.copytree(LAYOUTS, site / "layouts")
    for page in (ROOT / "content" / "pages").glob("*.md"):
        write(content / PAGES_SECTION / page.name, page.read_text(encoding="utf-8"))
    for taxonomy, titles in terms(corpus).items():
        outputs = ["html"] if taxonomy in WITHOUT_FEEDS else ["html", "rss"]
        write(content / taxonomy / "_index.md", json.dumps({"title": taxonomy.replace("-", " ").capitalize()}) + "\n")
        for slug, title in titles.items():
            write(content / taxonomy / slug / "_index.md", json.dumps({"title": title, "outputs": outputs}) + "\n")
    for article in corpus.articles:
        write(content / ARTICLES_SECTION / Path(article.path).relative_to("articles"), article_text(article))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="folder to write the Hugo site into (must not exist)")
    parser.add_argument("--articles", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus (default 1)")
    args = parser.parse_args()
    if args.site.exists():
        parser.error(f"{args.site} exists; name a new folder")
    try:
        write_site(Corpus(args.articles, args.seed), args.site, get_settings_from_file(str(ROOT / "pelicanconf.py")))
    except HugoSiteError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
