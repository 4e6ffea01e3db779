"""The news: every article and page read once, and the pages that show them.

``NewsGenerator.generate_context`` reads the whole site through the
frontmatter_reader (``content_model.load_site``: every file parsed and
rendered once, on every core, or taken from the content cache), stops the
build with every problem at once, and shares the ``Site`` and its ``Taxonomy``
in the context for the other plugins. ``generate_output`` hands the writer the
article pages (with related stories and the previous and next story of their
product), the paginated front page, the site's pages, the 404 page, a redirect
page at every alias, the files bodies link to, and ``urls.json``, the list of
published URLs that checks and deploys compare against.

Pelican's own article, page and static generators are not run (sitebuild):
they would read every file a second time, and cost 4.4 s per 10,000 articles
before doing anything.
"""

from pelican import signals

from content_model import DEFAULT_KINDS, EXCHANGES, NO_DEFAULT, VOCABULARY_SETTINGS, PerKind, Setting, check_kinds
from content_model.articles import article_keys
from content_model.settings import install_declared, save_as_of

from .generator import NewsGenerator


def _kinds_problem(kinds) -> str | None:
    problems = check_kinds(tuple(kinds), tuple(key.name for key in article_keys(())))
    return "is not a valid table of kinds: " + "; ".join(problems) if problems else None


def _autoescape_problem(environment) -> str | None:
    if not environment.get("autoescape"):
        return 'must have "autoescape": True, so that metadata is escaped in every template'
    return None


def _vocabulary_problem(terms) -> str | None:
    if not terms or not all(isinstance(slug, str) and isinstance(label, str) for slug, label in terms.items()):
        return "must map slugs to labels, e.g. {\"approval\": \"Approval\"}"
    return None


SETTINGS = (
    Setting("KINDS", (tuple, list), DEFAULT_KINDS, "The kinds of entity and term the site has pages for (content_model.kinds).",
            check=_kinds_problem),
    *(Setting(setting, dict, default, f"The {name.replace('_', ' ')} vocabulary: slug -> label.", check=_vocabulary_problem)
      for name, (setting, default) in VOCABULARY_SETTINGS.items()),
    Setting("EXCHANGES", dict, EXCHANGES, "Stock exchanges: code -> (name, (other codes ...))."),
    PerKind("{NAME}_URL", "{plural}/{{slug}}/", "URL of a {name}'s page; {{slug}} is its slug."),
    PerKind("{NAME}_SAVE_AS", lambda settings, kind: save_as_of(settings[f"{kind.setting_prefix}_URL"]),
            "Where a {name}'s page is written (its URL + index.html)."),
    Setting("RELATED_ARTICLES_COUNT", int, 5, "Stories listed under Related at the end of an article."),
    Setting("RELATED_ARTICLES_BY", (tuple, list), ("product", "company", "disease"),
            "Kinds whose shared entities make stories related, most telling first."),
    Setting("NEIGHBOURS_KIND", str, "product", "The kind whose previous and next story an article links to."),
    Setting("FRONT_PAGE_EVENTS", dict,
            {"approval": "Approvals", "trial-approval": "Trial approvals", "deal": "Deals", "data": "Data readouts"},
            "Event types the front page links to, in order: slug -> link text (a type no story has is left out)."),
    Setting("FRONT_PAGE_ACTIVE_KINDS", (tuple, list), ("company", "disease"),
            "Kinds whose most active entities of the week the front page lists."),
    Setting("FRONT_PAGE_ACTIVE_DAYS", int, 7,
            "The front page's week: this many days up to the newest story's date (not the build's, so builds repeat).",
            check=lambda value: None if value >= 1 else "must be 1 or more"),
    Setting("FRONT_PAGE_ACTIVE_SHOWN", int, 5, "Entities of each kind the front page lists as most active."),
    Setting("PREVIEW", bool, False, "Show drafts and embargoed stories, marked as such (the development server)."),
    Setting("READ_WORKERS", int, 0, "Processes that read content; 0 uses one per CPU core."),
    Setting("LOCAL_SITEURL", str, "http://127.0.0.1:8000",
            "The site's absolute URL where one is needed (feeds, sitemap, structured data) while SITEURL is relative."),
    Setting("NOT_FOUND_SAVE_AS", str, "404.html", "The page servers show for a missing URL."),
    Setting("URLS_SAVE_AS", str, "urls.json", "The list of published URLs and redirects, for checks and deploys."),
    Setting("JINJA_ENVIRONMENT", dict, NO_DEFAULT, "Jinja options; autoescape must be on.", check=_autoescape_problem),
)  # fmt: skip


def get_generators(pelican):
    return NewsGenerator


def register() -> None:
    signals.initialized.connect(install_declared)
    signals.get_generators.connect(get_generators)


__all__ = ["SETTINGS", "NewsGenerator", "register"]
