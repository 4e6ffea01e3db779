"""The build's ``urls.json``: every article's URL, its earlier URLs, and the redirects they need.

Format (version 1), paths relative to the site root without a leading slash::

    {"version": 1,
     "articles": [{"url": "news/2024/05/slug/", "aliases": ["news/2024/05/old-slug/"]}],
     "redirects": [{"from": "news/2024/05/old-slug/", "to": "news/2024/05/slug/"}]}

Each article's aliases and the ``redirects`` list together give the redirects;
chains (A to B, B to C) are followed so every redirect is a single hop. Every
problem is reported at once, by position in the file.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import UrlMapInvalid

logger = logging.getLogger(__name__)

FILENAME = "urls.json"
VERSION = 1
# Characters a redirect path may hold: what article URLs are made of. Anything else would need
# escaping differently for nginx, Netlify and Cloudflare, so it is refused rather than guessed.
SAFE_PATH = re.compile(r"[A-Za-z0-9._~/-]+")


@dataclass(frozen=True, order=True)
class Redirect:
    """A permanent redirect between two site-relative paths."""

    source: str
    target: str


def _path_problem(value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return f"must be a non-empty string, not {value!r}"
    if value.startswith("/"):
        return f"{value!r} must be relative to the site root, without the leading slash"
    if not SAFE_PATH.fullmatch(value):
        return f"{value!r} may hold only letters, digits and . _ ~ / -"
    if any(part in ("", ".", "..") for part in value.rstrip("/").split("/")):
        return f"{value!r} has an empty, '.' or '..' segment"
    return None


def _collect(document: object) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Every (source, target, where) pair the document declares, and its problems."""
    problems: list[str] = []
    if not isinstance(document, dict):
        return [], [f"{FILENAME}: the top level must be an object with \"version\", \"articles\" and \"redirects\""]
    if document.get("version") != VERSION:
        problems.append(
            f"{FILENAME}: version {document.get('version')!r} is not supported; this code reads version {VERSION}")
    pairs: list[tuple[str, str, str]] = []
    articles = document.get("articles", [])
    if not isinstance(articles, list):
        problems.append(f"{FILENAME}: \"articles\" must be a list")
        articles = []
    for index, article in enumerate(articles):
        where = f"{FILENAME}: articles[{index}]"
        if not isinstance(article, dict):
            problems.append(f"{where} must be an object with \"url\" and \"aliases\"")
            continue
        url = article.get("url")
        if problem := _path_problem(url):
            problems.append(f"{where}.url {problem}")
            continue
        aliases = article.get("aliases", [])
        if not isinstance(aliases, list):
            problems.append(f"{where}.aliases must be a list")
            continue
        for number, alias in enumerate(aliases):
            if problem := _path_problem(alias):
                problems.append(f"{where}.aliases[{number}] {problem}")
            else:
                pairs.append((alias, url, f"{where}.aliases[{number}]"))
    redirects = document.get("redirects", [])
    if not isinstance(redirects, list):
        problems.append(f"{FILENAME}: \"redirects\" must be a list")
        redirects = []
    for index, redirect in enumerate(redirects):
        where = f"{FILENAME}: redirects[{index}]"
        if not isinstance(redirect, dict):
            problems.append(f"{where} must be an object with \"from\" and \"to\"")
            continue
        found = [(key, _path_problem(redirect.get(key))) for key in ("from", "to")]
        problems.extend(f"{where}.{key} {problem}" for key, problem in found if problem)
        if not any(problem for _, problem in found):
            pairs.append((redirect["from"], redirect["to"], where))
    return pairs, problems


def _exists(output: Path, relative: str) -> bool:
    """True if a request for ``relative`` finds a page: the file itself, or a folder's index.html."""
    path = output / relative
    if relative.endswith("/"):
        return (path / "index.html").is_file()
    return path.is_file() or (path / "index.html").is_file()


def read_redirects(output: Path) -> list[Redirect]:
    """The redirects of a built site, single-hop and sorted; none (with a warning) when the build wrote no urls.json."""
    path = output / FILENAME
    if not path.is_file():
        logger.warning("%s: not found in %s; no redirects are written", FILENAME, output)
        return []
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UrlMapInvalid([f"{path}: not valid UTF-8 JSON: {error}"]) from None
    pairs, problems = _collect(document)
    targets: dict[str, str] = {}
    for source, target, where in pairs:
        if source == target:
            problems.append(f"{where}: {source!r} redirects to itself")
        elif targets.setdefault(source, target) != target:
            problems.append(f"{where}: {source!r} redirects to both {targets[source]!r} and {target!r}; keep one")
    resolved = {}
    for source in targets:
        seen = [source]
        target = targets[source]
        while target in targets and target not in seen:
            seen.append(target)
            target = targets[target]
        if target in seen:
            problems.append(f"{FILENAME}: redirects loop: {' -> '.join(seen + [target])}")
        elif not _exists(output, target):
            problems.append(f"{FILENAME}: {source!r} redirects to {target!r}, a page the build did not write")
        resolved[source] = target
    if problems:
        raise UrlMapInvalid(problems)
    return sorted(Redirect(source, target) for source, target in resolved.items())
