"""Reads Markdown files that open with a YAML front matter block.

The front matter is validated by ``content_model``; the body is rendered with
Python-Markdown exactly as the ``MARKDOWN`` setting configures it, then passed
through an allowlist sanitiser, so raw HTML in an article cannot inject script
or styles. The reader is Pelican's reader for ``.md``; the news plugin reads
every article and page through it, once per build.
"""

from pelican import signals

from content_model import Setting
from content_model.settings import install_declared

from .reader import FrontMatterReader
from .render import DEFAULT_ATTRIBUTES, DEFAULT_CLASSES, DEFAULT_TAGS, DEFAULT_URL_SCHEMES, BodyRenderer, markdown_options

SETTINGS = (
    Setting("BODY_ALLOWED_TAGS", (set, frozenset, list, tuple), DEFAULT_TAGS, "HTML tags kept in article and page bodies."),
    Setting("BODY_ALLOWED_ATTRIBUTES", dict, DEFAULT_ATTRIBUTES, 'Attributes kept, by tag ("*": on every tag); never class or style.'),
    Setting("BODY_ALLOWED_CLASSES", dict, DEFAULT_CLASSES, "Classes kept, by tag: those of highlighted code and footnotes."),
    Setting("BODY_URL_SCHEMES", (set, frozenset, list, tuple), DEFAULT_URL_SCHEMES, "URL schemes links and images may use."),
)


def add_reader(readers) -> None:
    readers.reader_classes["md"] = FrontMatterReader


def register() -> None:
    signals.initialized.connect(install_declared)
    signals.readers_init.connect(add_reader)


__all__ = ["SETTINGS", "BodyRenderer", "FrontMatterReader", "markdown_options", "register"]
