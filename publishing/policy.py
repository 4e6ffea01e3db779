"""How long each kind of file may be cached, and the content types that file extensions alone get wrong.

One policy for every host: ``_headers`` (Netlify, Cloudflare Pages), the rclone
upload headers and ``deploy/nginx.conf`` (which spells the same rules in nginx's
terms) all follow it.

- Theme assets carry a content hash in their names, and Pagefind names its index
  files (``*.pf_meta``, ``*.pf_index``, ``*.pf_fragment``, ``*.pf_filter``) by
  their content: cached for a year, never revalidated.
- Everything else (pages, feeds, Pagefind's fixed-name loader files) changes
  under the same name: cached for five minutes, then revalidated.
"""

from __future__ import annotations

from pathlib import PurePosixPath

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
# The folder the search_index plugin has Pagefind write its bundle to.
PAGEFIND_DIR = "pagefind"
PAGEFIND_HASHED_SUFFIX = ".pf_"

# (description of the files, glob relative to the site root, content type). Globs use ``**``
# for any folders; the feeds plugin writes JSON Feeds only under feeds/.
FEED_TYPES = (
    ("RSS feeds", "**.rss.xml", "application/rss+xml; charset=utf-8"),
    ("Atom feeds", "**.atom.xml", "application/atom+xml; charset=utf-8"),
    ("JSON Feeds", "feeds/**.json", "application/feed+json; charset=utf-8"),
    ("OPML subscription lists", "**.opml", "text/x-opml; charset=utf-8"),
)


def is_pagefind_hashed(relative: str) -> bool:
    """True for Pagefind's index files, which it names by their content."""
    return relative.startswith(f"{PAGEFIND_DIR}/") and PurePosixPath(relative).suffix.startswith(PAGEFIND_HASHED_SUFFIX)

