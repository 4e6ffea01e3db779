"""Writes the site: every output rendered once, on every core, with a fingerprint of what it shows.

Generators of the other plugins hand their pages and files to
``writer.write_outputs`` from their ``generate_output``; see ``writer``.
"""

from pelican import signals

from content_model import Setting
from content_model.settings import install_declared

from .fingerprint import Unfingerprintable, fingerprint
from .outputs import FileOutput, OutputCollision, PageOutput, UnsafeOutputPath, relative_root
from .writer import SiteWriter, WriteStats

SETTINGS = (
    Setting("WRITER_WORKERS", int, 0, "Processes that render pages; 0 uses one per CPU core.",
            check=lambda value: None if value >= 0 else "must be 0 (one per core) or more"),
    Setting("TEMPLATE_SETTINGS", (tuple, list), ("SITENAME", "SITESUBTITLE", "DEFAULT_LANG", "SEARCH_URL", "SEARCH_BUNDLE_DIR"),
            "The settings templates may read (SITEURL is every page's own)."),
)  # fmt: skip


def get_writer(pelican):
    return SiteWriter


def register() -> None:
    signals.initialized.connect(install_declared)
    signals.get_writer.connect(get_writer)


__all__ = [
    "SETTINGS",
    "FileOutput",
    "OutputCollision",
    "PageOutput",
    "SiteWriter",
    "Unfingerprintable",
    "UnsafeOutputPath",
    "WriteStats",
    "fingerprint",
    "register",
    "relative_root",
]
