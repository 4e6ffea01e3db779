"""The SitemapGenerator: sitemap.xml and robots.txt."""

from __future__ import annotations

import logging
from xml.sax.saxutils import escape

from pelican.generators import Generator

from content_model import Site, Taxonomy, absolute_site_url, digest
from site_writer import FileOutput

logger = logging.getLogger(__name__)

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_entries(site: Site, taxonomy: Taxonomy, settings: dict) -> list[tuple[str, str | None]]:
    """(site-relative URL, ISO lastmod or None) for every page worth indexing: the last change of an
    article, the newest story of an entity's page or of the front page."""
    newest = taxonomy.articles[0].date.isoformat() if taxonomy.articles else None
    entries = [("", newest)]
    entries += [(article.url, (article.updated or article.date).isoformat()) for article in taxonomy.articles]
    entries += [(page.url, None) for page in site.listed_pages if page.status == "published"]
    for kind in taxonomy.kinds:
        for term in taxonomy.terms(kind):
            articles = taxonomy.articles_of(term)
            if articles:
                entries.append((term.url, articles[0].date.isoformat()))
        entries.append((settings[f"{kind.directory_prefix}_URL"], None))
    return entries


def render_sitemap(root: str, entries: list[tuple[str, str | None]]) -> bytes:
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<urlset xmlns="{SITEMAP_NAMESPACE}">']
    for url, lastmod in entries:
        modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(f'{root}/{url}')}</loc>{modified}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


class SitemapGenerator(Generator):
    """Writes sitemap.xml, with absolute URLs in a fixed order, and a robots.txt that points to it."""

    def generate_output(self, writer):
        root = absolute_site_url(self.settings)
        name = self.settings["SITEMAP_SAVE_AS"]
        entries = sitemap_entries(self.context["site"], self.context["taxonomy"], self.settings)
        sitemap = render_sitemap(root, entries)
        robots = f"User-agent: *\nAllow: /\n\nSitemap: {root}/{name}\n".encode()
        writer.write_outputs(self, [
            FileOutput(name, digest(sitemap), make=lambda: sitemap, source="the sitemap"),
            FileOutput(self.settings["ROBOTS_SAVE_AS"], digest(robots), make=lambda: robots, source="robots.txt"),
        ])  # fmt: skip
        logger.info("Sitemap: %d URLs", len(entries))
