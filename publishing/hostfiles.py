"""Files that tell hosts how to serve the site: ``_headers``, ``_redirects`` and nginx's redirects.

``_headers`` and ``_redirects`` are read by Netlify and Cloudflare Pages.
Both hosts merge the headers of every rule a path matches (two Cache-Control
values would be joined by a comma), so the cache rules here never overlap: the
theme's folder (or its subfolders and files, where a theme file keeps its own
name), Pagefind's index files by folder, each of Pagefind's fixed-name files,
and each other top-level entry of the site get one rule each. Cloudflare allows 100 header rules and
2,000 static redirects, and rejects Netlify's forced ``301!``; Netlify needs
``301!`` to redirect a path where a file exists, such as the HTML redirect page
the build writes at each alias (REDIRECTS_FORCE).

``_nginx/redirects.conf`` holds the same redirects as nginx locations, which
``deploy/nginx.conf`` includes, so a deploy carries its redirects with it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from . import policy
from .compress import ENCODINGS
from .settings import PublishSettings
from .urlmap import Redirect

logger = logging.getLogger(__name__)

HEADERS_FILE = "_headers"
REDIRECTS_FILE = "_redirects"
NGINX_REDIRECTS_FILE = "_nginx/redirects.conf"
CLOUDFLARE_HEADER_RULES = 100
CLOUDFLARE_STATIC_REDIRECTS = 2000


def _pagefind_rules(output: Path, settings: PublishSettings) -> dict[str, str]:
    """Pagefind's content-named files by folder and suffix (stable across builds), its fixed-name files one by one."""
    rules: dict[str, str] = {}
    files = sorted(path for folder in settings.search_dirs if (output / folder).is_dir() for path in (output / folder).rglob("*"))
    for path in files:
        relative = path.relative_to(output).as_posix()
        if not path.is_file() or path.name.endswith(ENCODINGS):
            continue
        if policy.is_pagefind_hashed(relative, settings.search_dirs):
            folder = path.parent.relative_to(output).as_posix()
            rules[settings.url_path(f"{folder}/*{path.suffix}")] = policy.IMMUTABLE
        else:
            rules[settings.url_path(relative)] = policy.SHORT
    return rules


def _theme_rules(output: Path, folder: Path, settings: PublishSettings) -> list[tuple[str, str]]:
    """One rule per largest folder whose files share a lifetime (a year for hashed names), else per file.

    The build hashes every theme file but those ``ASSETS_UNHASHED`` names, so
    this is one ``/theme/*`` rule unless the theme has such a file.
    """
    def lifetime(path: Path) -> str:
        hashed = policy.is_hashed_theme_file(path.relative_to(output).as_posix(), settings.theme_static_dir)
        return policy.IMMUTABLE if hashed else policy.SHORT

    files = [path for path in folder.rglob("*") if path.is_file() and not path.name.endswith(ENCODINGS)]
    lifetimes = {lifetime(path) for path in files}
    relative = folder.relative_to(output).as_posix()
    if len(lifetimes) == 1:
        return [(settings.url_path(f"{relative}/*"), lifetimes.pop())]
    rules = []
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            rules += _theme_rules(output, entry, settings)
        elif not entry.name.endswith(ENCODINGS):
            rules.append((settings.url_path(entry.relative_to(output).as_posix()), lifetime(entry)))
    return rules


def _cache_rules(output: Path, settings: PublishSettings) -> list[tuple[str, str]]:
    """(URL pattern, Cache-Control) for every file of the site, no two patterns matching the same file."""
    url = settings.url_path
    theme = output / settings.theme_static_dir
    rules = _theme_rules(output, theme, settings) if theme.is_dir() else []
    rules += _pagefind_rules(output, settings).items()
    skipped = {settings.theme_static_dir.split("/")[0], *settings.search_dirs, HEADERS_FILE, REDIRECTS_FILE,
               NGINX_REDIRECTS_FILE.split("/")[0]}
    rules.append((url(""), policy.SHORT))
    for entry in sorted(output.iterdir()):
        if entry.name in skipped or entry.name.endswith(ENCODINGS):
            continue
        rules.append((url(f"{entry.name}/*") if entry.is_dir() else url(entry.name), policy.SHORT))
    return rules


def headers_text(output: Path, settings: PublishSettings) -> str:
    """The ``_headers`` file for the site at ``output``."""
    blocks = ["# Cache lifetimes: a year for content-hashed files, five minutes for everything else."]
    for pattern, cache_control in _cache_rules(output, settings):
        blocks.append(f"{pattern}\n  Cache-Control: {cache_control}")
    for description, glob, media_type in policy.FEED_TYPES:
        folder, _, suffix = glob.rpartition("**")
        if any(output.glob(f"{folder}**/*{suffix}")):
            blocks.append(f"# {description}\n{settings.url_path(folder)}*{suffix}\n  Content-Type: {media_type}")
    rules = sum(1 for block in blocks if not block.startswith("# Cache"))
    if rules > CLOUDFLARE_HEADER_RULES:
        logger.warning("%s has %d rules; Cloudflare Pages reads only %d", HEADERS_FILE, rules, CLOUDFLARE_HEADER_RULES)
    return "\n".join(blocks) + "\n"


def redirects_text(redirects: list[Redirect], settings: PublishSettings) -> str:
    """The ``_redirects`` file: one permanent redirect per line."""
    status = "301!" if settings.redirects_force else "301"
    lines = ["# Earlier URLs of articles (urls.json), moved permanently."]
    lines += [f"{settings.url_path(r.source)} {settings.url_path(r.target)} {status}" for r in redirects]
    if len(redirects) > CLOUDFLARE_STATIC_REDIRECTS:
        logger.warning("%s has %d redirects; Cloudflare Pages reads only %d", REDIRECTS_FILE, len(redirects),
                       CLOUDFLARE_STATIC_REDIRECTS)
    return "\n".join(lines) + "\n"


def nginx_redirects_text(redirects: list[Redirect], settings: PublishSettings) -> str:
    """``location =`` blocks for nginx: each source, and for a folder also its form without slash and its index.html.

    Exact locations rather than a ``map``: long article URLs would need a bigger
    map_hash_bucket_size, an http-level setting that other sites may set too.
    """
    entries: dict[str, str] = {}
    for redirect in redirects:
        entries[settings.url_path(redirect.source)] = settings.url_path(redirect.target)
    for redirect in redirects:
        if redirect.source.endswith("/"):
            for variant in (redirect.source.rstrip("/"), redirect.source + "index.html"):
                entries.setdefault(settings.url_path(variant), settings.url_path(redirect.target))
    lines = ["# Redirects from urls.json, included in the server block of deploy/nginx.conf."]
    lines += [f"location = {source} {{ return 301 {target}; }}" for source, target in sorted(entries.items())]
    return "\n".join(lines) + "\n"


def write_host_files(output: Path, redirects: list[Redirect], settings: PublishSettings) -> list[str]:
    """Write ``_headers``, ``_redirects`` and ``_nginx/redirects.conf`` into the site; return their paths in it."""
    written = []
    for name, text in ((HEADERS_FILE, headers_text(output, settings)),
                       (REDIRECTS_FILE, redirects_text(redirects, settings)),
                       (NGINX_REDIRECTS_FILE, nginx_redirects_text(redirects, settings))):
        path = output / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(name)
    return written
