"""Writes the site: every output rendered once, on every core, with a fingerprint of what it shows.

Generators of the other plugins hand their pages and files to
``writer.write_outputs`` from their ``generate_output``; see ``writer``.
"""

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican import signals

from content_model import Setting
from content_model.settings import install_declared

from .fingerprint import Unfingerprintable, fingerprint
from .outputs import FileOutput, FolderOutput, OutputCollision, PageOutput, UnsafeOutputPath, paginate, relative_root
from .writer import Manifest, SiteWriter, WriteStats, site_fingerprint

SETTINGS = (
    Setting("WRITER_WORKERS", int, 0, "Processes that render pages; 0 uses one per CPU core.",
            check=lambda value: None if value >= 0 else "must be 0 (one per core) or more"),
    Setting("TEMPLATE_SETTINGS", (tuple, list), ("SITENAME", "SITESUBTITLE", "DEFAULT_LANG", "SEARCH_URL"),
            "The settings templates may read (SITEURL is every page's own)."),
)  # fmt: skip


def get_writer(pelican):
    return SiteWriter


def cache_compiled_templates(generator) -> None:
    """Every generator has its own Jinja environment: compiled templates kept in CACHE_PATH are shared
    by them all and by the next build (compiling the theme was most of a small site's build)."""
    folder = Path(generator.settings["CACHE_PATH"]) / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    generator.env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def register() -> None:
    signals.initialized.connect(install_declared)
    signals.generator_init.connect(cache_compiled_templates)
    signals.get_writer.connect(get_writer)


__all__ = [
    "SETTINGS",
    "FileOutput",
    "FolderOutput",
    "Manifest",
    "OutputCollision",
    "PageOutput",
    "SiteWriter",
    "Unfingerprintable",
    "UnsafeOutputPath",
    "WriteStats",
    "fingerprint",
    "paginate",
    "register",
    "relative_root",
    "site_fingerprint",
]
