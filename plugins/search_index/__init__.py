"""Search index: Pagefind indexes the built article pages at every build.

Articles carry their filters, result metadata, date sort key and every name of
their entities (``records``, rendered by the theme's search_metadata partial);
once Pelican has written the site, Pagefind indexes it in place (``indexer``),
so a failed index fails the build before the new site is swapped in.
"""

from .plugin import register

__all__ = ["register"]
