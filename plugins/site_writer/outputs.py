"""What generators hand the writer: pages to render from templates, files of bytes, and folders of files."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from content_model import BuildError


class UnsafeOutputPath(BuildError):
    """A save_as that is absolute, climbs out with .., or is not a plain relative path."""


class OutputCollision(BuildError):
    """Two outputs would be written to one path."""


Context = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


@dataclass(frozen=True)
class PageOutput:
    """A page rendered from ``template`` with ``context`` (plus the settings and the page globals).

    ``context`` may be a function that makes it: it is then called where the page is
    rendered (in a worker, or in the development server only when the page is asked
    for), so planning thousands of pages costs nothing. ``source`` names what the page
    is made from, for messages.
    """

    save_as: str
    template: str
    context: Context = field(default_factory=dict)
    url: str = ""
    source: str = ""
    # Served at any depth (the 404 page): links from the site's root, not relative to the page.
    root_relative: bool = False
    # Values made from `context` alone (structured data): rendered, left out of the fingerprint,
    # which `context` already decides. A mapping or a function, like `context`.
    derived: Context = field(default_factory=dict)

    def values(self) -> Mapping[str, Any]:
        return self.context() if callable(self.context) else self.context

    def derived_values(self) -> Mapping[str, Any]:
        return self.derived() if callable(self.derived) else self.derived


@dataclass(frozen=True)
class FileOutput:
    """A file of bytes: made by ``make`` or copied from ``path``; ``fingerprint`` changes when the bytes would
    (bytes, or a function computing them where the file is written)."""

    save_as: str
    fingerprint: bytes | Callable[[], bytes]
    make: Callable[[], bytes] | None = None
    path: Path | None = None
    source: str = ""
    # Bytes slow to make (a drawn image): kept in CACHE_PATH by fingerprint, so a full build reuses them.
    kept: bool = False

    def data(self) -> bytes:
        return self.make() if self.make is not None else self.path.read_bytes()

    def fingerprint_value(self) -> bytes:
        return self.fingerprint() if callable(self.fingerprint) else self.fingerprint


@dataclass(frozen=True)
class FolderOutput:
    """Files under ``prefix`` whose names are only known once they are made (a search bundle named by
    content): ``make`` returns {name inside the folder: bytes}; ``fingerprint`` changes when any would."""

    prefix: str
    fingerprint: bytes
    make: Callable[[], Mapping[str, bytes]]
    source: str = ""

    @property
    def save_as(self) -> str:
        return self.prefix


Output = PageOutput | FileOutput | FolderOutput


def checked_save_as(save_as: str) -> str:
    """``save_as`` if it is a plain path inside the output folder, else UnsafeOutputPath."""
    if (
        not isinstance(save_as, str)
        or not save_as
        or save_as.startswith("/")
        or "\\" in save_as
        or "\0" in save_as
        or posixpath.normpath(save_as) != save_as
        or save_as.split("/", 1)[0] == ".."
    ):
        raise UnsafeOutputPath(f"refusing to write {save_as!r}: an output path must be relative and stay inside the output folder")
    return save_as


def relative_root(save_as: str) -> str:
    """The relative URL from the page at ``save_as`` to the site's root ("." or "../..")."""
    depth = save_as.count("/")
    return "/".join([".."] * depth) if depth else "."


@dataclass(frozen=True)
class Pagination:
    """One page of a paginated listing, with the URLs of its neighbours."""

    number: int
    num_pages: int
    count: int
    object_list: tuple
    url: str
    save_as: str
    previous_url: str | None
    next_url: str | None

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1


def _page_place(patterns, url: str, save_as: str, number: int) -> tuple[str, str]:
    """URL and save_as of page ``number`` by Pelican's PAGINATION_PATTERNS (the last rule that applies)."""
    name, extension = posixpath.splitext(save_as)
    folder, file_name = posixpath.split(save_as)
    base_name = folder if file_name in ("index.htm", "index.html") else name
    values = {"save_as": save_as, "url": url, "name": name, "base_name": base_name, "extension": extension, "number": number}
    rule = None
    for pattern in patterns:
        if pattern[0] <= number:
            rule = pattern
    return tuple(part.format(**values).removeprefix("/") for part in (rule[1], rule[2]))  # type: ignore[return-value]


def paginate(items, per_page: int, url: str, save_as: str, patterns) -> list[Pagination]:
    """The pages of a listing (one empty page when there are no items, never an empty last page)."""
    items = tuple(items)
    count = max(1, -(-len(items) // per_page))
    places = [_page_place(patterns, url, save_as, number) for number in range(1, count + 1)]
    return [
        Pagination(
            number, count, len(items), items[(number - 1) * per_page : number * per_page], *places[number - 1],
            places[number - 2][0] if number > 1 else None, places[number][0] if number < count else None,
        )  # fmt: skip
        for number in range(1, count + 1)
    ]
