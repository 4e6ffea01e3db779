"""sitemap.xml and robots.txt, so search engines find every article and entity page.

A Generator: ``generate_output`` lists the home page, every article, page,
entity, therapeutic-area and directory page with absolute URLs (SITEURL, or
SITEMAP_SITEURL for local builds whose SITEURL is empty) and each article's
last change as ``lastmod``, in a fixed order so rebuilds are byte-identical.
"""

from .generator import SitemapGenerator, register

__all__ = ["SitemapGenerator", "register"]
