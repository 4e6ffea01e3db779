"""How long each kind of file may be cached, and the content types that file extensions alone get wrong.

One policy for every host: ``_headers`` (Netlify, Cloudflare Pages), the rclone
upload headers and ``deploy/nginx.conf`` (which spells the same rules in nginx's
terms) all follow it.

- The build names theme files by their content (plugins/theme_assets:
  ``theme/css/site.<10 hex digits of its SHA-256>.css``), and Pagefind names its
  index files (``*.pf_meta``, ``*.pf_index``, ``*.pf_fragment``, ``*.pf_filter``, in
  the search index's folders, ``pagefind/`` and ``pagefind-archive/``) by their
  content: cached for a year, never revalidated.
- Everything else (pages, feeds, theme files published under their own names,
  ``ASSETS_UNHASHED`` such as ``favicon.ico``, and Pagefind's fixed-name loader
  files) changes under the same name: cached for five minutes, then revalidated.

nginx can tell a hashed theme file only by its name (``HASHED_NAME``), so
``unhashed_lookalikes`` finds the theme files whose names look hashed but are
not their content's hash: publishing refuses them rather than let a host cache
a changing file for a year.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
PAGEFIND_HASHED_SUFFIX = ".pf_"
# plugins/theme_assets: ``name.ext`` -> ``name.<first HASH_LENGTH hex digits of the SHA-256>.ext``.
HASH_LENGTH = 10
# The end of such a name, as a regular expression; deploy/nginx.conf's ``location`` for theme files spells it
# out, and the rclone target passes it to rclone's filter.
HASHED_SUFFIX = rf"\.[0-9a-f]{{{HASH_LENGTH}}}(?:\.[^./]+)?"
HASHED_NAME = re.compile(HASHED_SUFFIX + "$")

# (description of the files, glob relative to the site root, content type). Globs use ``**``
# for any folders; the feeds plugin writes JSON Feeds only under feeds/.
FEED_TYPES = (
    ("RSS feeds", "**.rss.xml", "application/rss+xml; charset=utf-8"),
    ("Atom feeds", "**.atom.xml", "application/atom+xml; charset=utf-8"),
    ("JSON Feeds", "feeds/**.json", "application/feed+json; charset=utf-8"),
    ("OPML subscription lists", "**.opml", "text/x-opml; charset=utf-8"),
)


def is_pagefind_hashed(relative: str, search_dirs: tuple[str, ...]) -> bool:
    """True for Pagefind's index files in the search index's folders, which it names by their content."""
    in_index = any(relative.startswith(f"{folder}/") for folder in search_dirs)
    return in_index and PurePosixPath(relative).suffix.startswith(PAGEFIND_HASHED_SUFFIX)


def is_hashed_theme_file(relative: str, static_dir: str) -> bool:
    """True for a file under the theme's folder whose name carries a content hash (by its name, as nginx sees it)."""
    return relative.startswith(f"{static_dir}/") and HASHED_NAME.search(PurePosixPath(relative).name) is not None


def unhashed_lookalikes(output: Path, static_dir: str) -> list[str]:
    """Theme files named like ``name.<10 hex>.ext`` whose hex digits are not the start of their content's SHA-256."""
    folder = output / static_dir
    found = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        match = HASHED_NAME.search(path.name)
        digits = match.group(0)[1:HASH_LENGTH + 1] if match else None
        if digits and path.is_file() and not hashlib.sha256(path.read_bytes()).hexdigest().startswith(digits):
            found.append(path.relative_to(output).as_posix())
    return found
