"""Settings for local builds: relative URLs, no analytics."""

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent
# Plugins share the plain-Python content model that lives beside them.
PLUGINS_FOLDER = str(PROJECT / "plugins")
if PLUGINS_FOLDER not in sys.path:
    sys.path.insert(0, PLUGINS_FOLDER)

SITENAME = "Pharma Pipeline News"
SITESUBTITLE = "Approvals, trials, deals and data from China's drug industry and beyond"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "en"

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
THEME = str(PROJECT / "theme")
OUTPUT_PATH = "output"

PLUGIN_PATHS = [PLUGINS_FOLDER]
# List order is firing order: the reader must be in place before the checks run.
PLUGINS = ["frontmatter_reader", "strict_content", "entity_pages", "sitemap", "search_index", "feeds"]

# Pretty URLs: every page is a folder with an index.html.
ARTICLE_URL = "news/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "news/{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# An article is known by its URL alone; two articles never pair up as translations.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

DIRECT_TEMPLATES = ["index", "404", "search"]
PAGINATED_TEMPLATES = {
    "index": None,
    "company": None,
    "disease": None,
    "product": None,
    "regulator": None,
    "therapeutic_area": None,
    "event": None,
}
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Pelican's blog-style taxonomies are replaced by companies, diseases, products and regulators.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# An article dated in the future is held back (embargoed) until a build on or after its date.
WITH_FUTURE_DATES = False

DEFAULT_DATE_FORMAT = "%-d %B %Y"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []}
# Directories in the header menu, by key of the entity_pages plugin's directories.
SECTIONS_MENU = ["companies", "diseases", "products", "regulators", "therapeutic_areas"]
SEARCH_URL = "search/"

# Feeds (plugins/feeds): RSS and Atom for the site and every entity; defaults in plugins/feeds/catalog.py.
FEED_MAX_ITEMS = 50
# Every feed item's id starts with this (tag: URI, RFC 4151). Never change it once feeds are public:
# subscribers would see every story again as new.
FEED_ID_AUTHORITY = "pharma-pipeline.example.com,2024"

# Search (plugins/search_index): Pagefind indexes the article pages at every build; the page
# at SEARCH_URL searches them in the browser. Plugin defaults in plugins/search_index/plugin.py.
SEARCH_SAVE_AS = "search/index.html"
