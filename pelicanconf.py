"""Settings for local builds: relative URLs, no analytics.

Every setting of the project's plugins is declared, with its default and help,
in the ``SETTINGS`` of its package under plugins/; a name no plugin or Pelican
knows is refused with the nearest known name.
"""

import sys
from pathlib import Path

project = Path(__file__).resolve().parent
plugins_folder = str(project / "plugins")
if plugins_folder not in sys.path:
    sys.path.insert(0, plugins_folder)

SITENAME = "Pharma Pipeline News"
SITESUBTITLE = "Approvals, trials, deals and data from China's drug industry and beyond"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "en"

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
THEME = str(project / "theme")
OUTPUT_PATH = "output"
# Entries of output/ a build keeps although it did not make them (a deploy checkout, a host's files).
OUTPUT_RETENTION = ["CNAME", ".nojekyll", ".git"]
CACHE_PATH = str(project / ".cache")

PLUGIN_PATHS = [plugins_folder]
# List order is firing order; each plugin's REQUIRES must come before it (checked).
PLUGINS = ["site_writer", "frontmatter_reader", "news", "theme_assets", "entity_pages", "social_images", "feeds", "search_index", "sitemap"]

# Pretty URLs: every page is a folder with an index.html. Entity pages follow COMPANY_URL,
# DISEASE_URL ... (plugins/news), their directories COMPANIES_URL ... (plugins/entity_pages).
ARTICLE_URL = "news/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "news/{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# Markdown of articles and pages, as Python-Markdown takes it: tables (with column alignment),
# footnotes, fenced code highlighted by classes, definition lists, abbreviations (all in
# "extra"), and heading ids so a section can be linked.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {"tables": {"use_align_attribute": True}, "footnotes": {"BACKLINK_TITLE": "Back to the text"}},
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
        "markdown.extensions.toc": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# An article dated in the future is held back (embargoed) until a build on or after its date.
WITH_FUTURE_DATES = False
# The content cache (CACHE_PATH) keeps what each file gave; a changed file is read again.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True

JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "auto_reload": False, "extensions": []}

# Pelican's own feeds stay off: plugins/feeds writes every feed.
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

# Feeds (plugins/feeds). Every item's id starts with this tag: URI authority. Never change it once
# feeds are public: subscribers would see every story again as new.
FEED_MAX_ITEMS = 50
FEED_ID_AUTHORITY = "pharma-pipeline.example.com,2024"
