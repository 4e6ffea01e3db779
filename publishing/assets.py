"""Content-hashed names for the theme's static files, with every reference to them rewritten.

``theme/css/site.css`` becomes ``theme/css/site.3f2a1b9c.css`` (the first eight
hex digits of the SHA-256 of its final bytes), so hosts can let browsers cache
it for a year: a changed file is a new URL. Every HTML, CSS, JS, XML, JSON and
SVG file of the site is searched for references, whatever their form (absolute
``https://host/theme/...``, root-relative ``/theme/...`` or relative
``../css/x.png``): each occurrence of an asset's file name is extended back to
the URL around it, resolved against the referring file's own URL, and rewritten
when it resolves to that asset. Assets that refer to other assets (a stylesheet
naming a font) are hashed after the files they name, so a font's new name
changes the stylesheet's hash too.

Pelican has no such step (its webassets plugin versions only the bundles that
templates declare), so this module does it over the built site. Pagefind's bundle is left alone: it names its
index files by content already, and its loader (``pagefind.js``) is loaded by a
fixed name that it and its worker rely on.
"""

from __future__ import annotations

import graphlib
import hashlib
import logging
import re
import string
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from .errors import AssetCycle

logger = logging.getLogger(__name__)

HASH_LENGTH = 8
# Files searched for references to assets.
REFERRING_SUFFIXES = frozenset({".html", ".htm", ".css", ".js", ".mjs", ".json", ".webmanifest", ".xml", ".xsl",
                                ".svg", ".opml", ".map", ".txt"})
# Characters a URL may be written with in HTML, CSS, JS and XML, up to the file name. Quotes, brackets,
# whitespace, "=", ";" and "," end it on the left; "?" and "#" cannot come before a file name.
URL_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~:/@!$&+%")
ALREADY_HASHED = re.compile(rf"\.([0-9a-f]{{{HASH_LENGTH}}})(?:\.[^./]+)?$")


@dataclass(frozen=True)
class Reference:
    """Where an asset's file name stands in a file's text."""

    name_start: int
    name_end: int
    asset: str


def hashed_name(name: str, digest: str) -> str:
    """``site.css`` -> ``site.<digest>.css``; a name without extension gets the digest at its end."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and stem else f"{name}.{digest}"


def _read(path: Path) -> str:
    # surrogateescape keeps any byte that is not UTF-8 exactly as it was when the text is written back.
    return path.read_bytes().decode("utf-8", errors="surrogateescape")


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))


class _Site:
    """The built site's URLs and assets, for finding and resolving references."""

    def __init__(self, site_url: str, assets: list[str]):
        self.base = site_url.rstrip("/") + "/"
        self.asset_by_url = {self.base + asset: asset for asset in assets}
        names = sorted({asset.rsplit("/", 1)[-1] for asset in assets}, key=len, reverse=True)
        self.names = re.compile("(?:" + "|".join(map(re.escape, names)) + r")(?![A-Za-z0-9_.~%-])")

    def references(self, relative: str, text: str) -> list[Reference]:
        """Every place in ``text`` (the file at ``relative``) that names an asset by a URL resolving to it."""
        found = []
        file_url = self.base + relative
        for match in self.names.finditer(text):
            start = match.start()
            while start > 0 and text[start - 1] in URL_CHARACTERS:
                start -= 1
            asset = self.asset_by_url.get(urljoin(file_url, text[start:match.end()]))
            if asset is not None:
                found.append(Reference(match.start(), match.end(), asset))
        return found


def _rewritten(text: str, references: list[Reference], new_paths: dict[str, str]) -> str:
    parts, position = [], 0
    for reference in references:
        parts += [text[position:reference.name_start], new_paths[reference.asset].rsplit("/", 1)[-1]]
        position = reference.name_end
    parts.append(text[position:])
    return "".join(parts)


def hash_assets(output: Path, site_url: str, static_dir: str = "theme") -> dict[str, str]:
    """Rename every file under ``output/static_dir`` to its content-hashed name; return {old path: new path}.

    Paths are relative to ``output``. Running it again on its own result changes
    nothing: a name that already carries its content's hash is kept.
    """
    folder = output / static_dir
    assets = sorted(path.relative_to(output).as_posix() for path in folder.rglob("*") if path.is_file())
    if not assets:
        logger.info("No files under %s: no asset to hash", folder)
        return {}
    site = _Site(site_url, assets)
    texts: dict[str, str] = {}
    references: dict[str, list[Reference]] = {}
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output).as_posix()
        if path.suffix.lower() in REFERRING_SUFFIXES and path.is_file():
            text = _read(path)
            if found := site.references(relative, text):
                texts[relative], references[relative] = text, found
    order = graphlib.TopologicalSorter({asset: {ref.asset for ref in references.get(asset, [])} for asset in assets})
    try:
        ordered = list(order.static_order())
    except graphlib.CycleError as error:
        raise AssetCycle(
            f"{' -> '.join(error.args[1])}: these theme files refer to each other in a circle, so none can be "
            "named by a hash of its content; break the circle (e.g. move the shared part into a third file)."
        ) from None
    new_paths: dict[str, str] = {}
    for asset in ordered:
        path = output / asset
        if asset in references:
            _write(path, _rewritten(texts.pop(asset), references.pop(asset), new_paths))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
        already = ALREADY_HASHED.search(path.name)
        if already and already.group(1) == digest:
            new_paths[asset] = asset
            continue
        new_path = path.with_name(hashed_name(path.name, digest))
        path.replace(new_path)
        new_paths[asset] = new_path.relative_to(output).as_posix()
    for relative, text in texts.items():
        _write(output / relative, _rewritten(text, references[relative], new_paths))
    renamed = {old: new for old, new in new_paths.items() if old != new}
    logger.info("Hashed %d theme files; rewrote references in %d files", len(renamed), len(texts))
    return renamed
