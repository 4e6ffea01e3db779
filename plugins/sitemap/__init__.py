"""sitemap.xml and robots.txt, so search engines find every article and entity page.

A Generator over the ``Site`` and ``Taxonomy`` the news plugin shares: the
front page, every article, page, entity and term page with articles, and the
directories, with absolute URLs and each page's last change as ``lastmod``,
in a fixed order so that rebuilds are byte-identical.
"""

from pelican import signals

from content_model import Setting
from content_model.settings import install_declared

from .generator import SitemapGenerator, render_sitemap, sitemap_entries

REQUIRES = ("news", "entity_pages")

SETTINGS = (
    Setting("SITEMAP_SAVE_AS", str, "sitemap.xml", "Where the sitemap is written."),
    Setting("ROBOTS_SAVE_AS", str, "robots.txt", "Where robots.txt is written."),
)


def get_generators(pelican):
    return SitemapGenerator


def register() -> None:
    signals.initialized.connect(install_declared)
    signals.get_generators.connect(get_generators)


__all__ = ["REQUIRES", "SETTINGS", "SitemapGenerator", "register", "render_sitemap", "sitemap_entries"]
