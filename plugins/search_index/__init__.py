"""Search: a Pagefind index of every published article, built at every build, and the search page.

The records (the story's text, filters by kind and year, result metadata, and
every alias, ticker and Chinese name of its entities) come from the content
model, not from written pages: each article becomes a small HTML document
handed to ``pagefind --service`` in memory (``service``), and the bundle it
returns is made reproducible (``canonical``) and written by the site writer like
every other output. The search page at SEARCH_URL searches it in the browser.
"""

from pelican import signals

from content_model import Setting
from content_model.settings import install_declared

from .errors import SearchIndexFailed
from .generator import SearchIndexGenerator
from .records import SearchFilter, search_document, search_filters, search_record

REQUIRES = ("news",)

SETTINGS = (
    Setting("SEARCH_URL", str, "search/", "URL of the search page."),
    Setting("SEARCH_SAVE_AS", str, "search/index.html", "Where the search page is written."),
    Setting("SEARCH_BUNDLE_DIR", str, "pagefind", "The folder of the Pagefind bundle of the newest stories."),
    Setting("SEARCH_ARCHIVE_DIR", str, "pagefind-archive", "The folder of the bundles of older stories, one per period."),
    Setting("SEARCH_SHARD_ARTICLES", int, 4000,
            "Most stories in one bundle: Pagefind holds a whole bundle in memory (about 90 KiB a story) and makes it again "
            "when one of its stories changes; a search reads every bundle."),
    Setting("SEARCH_INDEX_HEADLINE_NAMES_WEIGHT", (int, float), 7.0,
            "Pagefind weight of the names of entities a headline names; the headline weighs 7, text 1."),
    Setting("SEARCH_INDEX_TIMEOUT", (int, float), 600, "Seconds Pagefind may take before the build fails rather than hang."),
)  # fmt: skip


def get_generators(pelican):
    return SearchIndexGenerator


def register() -> None:
    signals.initialized.connect(install_declared)
    signals.get_generators.connect(get_generators)


__all__ = ["REQUIRES", "SETTINGS", "SearchFilter", "SearchIndexFailed", "SearchIndexGenerator", "register", "search_document",
           "search_filters", "search_record"]  # fmt: skip
