"""The SitemapGenerator."""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET

from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join

from content_model import KINDS

logger = logging.getLogger(__name__)

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
DEFAULT_SETTINGS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    # Used when SITEURL is empty (local builds with relative URLs).
    "SITEMAP_SITEURL": "http://127.0.0.1:8000",
}


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULT_SETTINGS[name])


def site_root(settings: dict) -> str:
    return (settings.get("SITEURL") or setting(settings, "SITEMAP_SITEURL")).rstrip("/")


def sitemap_entries(context: dict) -> list[tuple[str, str | None]]:
    """(site-relative URL, ISO lastmod or None) for every page worth indexing."""
    entries = [("", None)]
    for article in context["articles"]:
        changed = getattr(article, "modified", None) or article.date
        entries.append((article.url, changed.isoformat()))
    entries += [(page.url, None) for page in context["pages"]]
    taxonomy = context["taxonomy"]
    for kind in KINDS:
        entries += [(entity.url, None) for entity in taxonomy.registries[kind] if taxonomy.count(entity)]
    entries += [(area.url, None) for area in taxonomy.areas()]
    entries += [(event.url, None) for event in taxonomy.events()]
    entries += [(directory.url, None) for directory in context["directories"].values()]
    return entries


def render_sitemap(root: str, entries: list[tuple[str, str | None]]) -> bytes:
    urlset = ET.Element("urlset", xmlns=SITEMAP_NAMESPACE)
    for url, lastmod in entries:
        item = ET.SubElement(urlset, "url")
        ET.SubElement(item, "loc").text = f"{root}/{url}"
        if lastmod:
            ET.SubElement(item, "lastmod").text = lastmod
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


class SitemapGenerator(Generator):
    """Writes sitemap.xml and a robots.txt that points to it."""

    def write(self, name: str, data: bytes) -> None:
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)

    def generate_output(self, writer):
        root = site_root(self.settings)
        sitemap_name = setting(self.settings, "SITEMAP_SAVE_AS")
        entries = sitemap_entries(self.context)
        self.write(sitemap_name, render_sitemap(root, entries))
        self.write(setting(self.settings, "ROBOTS_SAVE_AS"), f"User-agent: *\nAllow: /\n\nSitemap: {root}/{sitemap_name}\n".encode())
        logger.info("Sitemap: %d URLs", len(entries))


def get_generators(pelican):
    return SitemapGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
