"""Running Pagefind over a built site.

The CLI of the extended binary (it segments Chinese) shipped by the pinned
``pagefind[extended]`` package runs in an empty working folder with every
``PAGEFIND_*`` variable removed, so only the options given here apply: no stray
``pagefind.yml`` or environment can change what a build produces.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import tempfile
from pathlib import Path

from pagefind_bin_extended import get_executable

from .canonical import canonicalize_bundle
from .errors import SearchIndexFailed

logger = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
# Pages with an element carrying this attribute are indexed; once one page has it, Pagefind
# ignores all others. Matched in a tag only: text that mentions it is escaped, so never is one.
PAGE_MARKER = re.compile(rb"<[A-Za-z][^<>]*\sdata-pagefind-body[\s/>=]")


def pages_glob(save_as: str) -> str:
    """The glob of the pages a Pelican ``*_SAVE_AS`` pattern writes: each ``{field}`` becomes ``*``.

    Pagefind reads only these files: on a big site it would otherwise parse every
    entity and listing page just to find they are not marked for the index.
    """
    return re.sub(r"\{[^{}]*\}", "*", save_as)


def marked_pages(site: Path, glob: str) -> int:
    """How many of the pages the glob matches ask to be indexed."""
    return sum(1 for path in site.glob(glob) if PAGE_MARKER.search(path.read_bytes()))


def run_pagefind(site: Path, glob: str, language: str, timeout: float) -> None:
    """Index the pages matching ``glob`` into ``site/pagefind``; raise ``SearchIndexFailed`` on any failure."""
    command = [
        str(get_executable()),
        "--site", str(site.resolve()),
        "--glob", glob,
        "--output-subdir", BUNDLE_DIR,
        "--force-language", language,
        "--quiet",
    ]  # fmt: skip
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    with tempfile.TemporaryDirectory(prefix="pagefind-") as workdir:
        try:
            result = subprocess.run(
                command, cwd=workdir, env=environment, capture_output=True, encoding="utf-8", errors="replace",
                timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired:
            raise SearchIndexFailed(f"Pagefind did not finish indexing {site} within {timeout} seconds") from None
        except OSError as error:
            raise SearchIndexFailed(f"Pagefind could not be started ({command[0]}): {error}") from None
    output = "\n".join(part.strip() for part in (result.stdout, result.stderr) if part.strip())
    if result.returncode != 0:
        raise SearchIndexFailed(f"Pagefind failed with exit status {result.returncode}: {output or 'no message'}")
    if output:
        logger.warning("Pagefind: %s", output)


def indexed_pages(bundle: Path) -> int:
    """The number of pages in the written index, as its entry file records it."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SearchIndexFailed(f"Pagefind wrote no readable index in {bundle}: {error}") from None


def index_site(site: Path, glob: str, language: str, timeout: float) -> int:
    """Index the marked pages among those ``glob`` matches, make the bundle reproducible,
    and return the number of pages indexed (0, and no bundle, when none is marked)."""
    expected = marked_pages(site, glob)
    if expected == 0:
        return 0
    run_pagefind(site, glob, language, timeout)
    bundle = site / BUNDLE_DIR
    indexed = indexed_pages(bundle)
    canonicalize_bundle(bundle)
    if indexed != expected:
        raise SearchIndexFailed(f"{expected} pages are marked for the search index but Pagefind indexed {indexed}")
    return indexed
