"""What reading a content file gave last time, kept by the file's content digest.

A file whose size, modification time and inode are those recorded is taken to
have the recorded digest without being read (git's index does the same); any
other file is read and hashed, and parsed again only if its digest is new. The
whole cache belongs to one ``key`` (the reader's settings and the code's
version): a cache saved under another key, or one that cannot be read back, is
ignored, never trusted.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FORMAT = 2


def stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


@dataclass
class ContentCache:
    """Results of reading content files: ``results`` by content digest, ``seen`` by path."""

    key: bytes
    results: dict[bytes, Any] = field(default_factory=dict)
    seen: dict[str, tuple[tuple[int, int, int], bytes]] = field(default_factory=dict)
    # (registries_key, registries, problems) of the last read
    registries: tuple[bytes, Any, list] | None = None
    # Resolved articles of the last read, kept in memory only (a long-running preview reuses them):
    # id(source) -> (source, what it was resolved with, article, problems).
    articles: dict[int, tuple] = field(default_factory=dict, repr=False)

    def known_digest(self, path: str, stamp: tuple[int, int, int] | None) -> bytes | None:
        """The digest recorded for ``path`` if the file still has the recorded stamp."""
        entry = self.seen.get(path)
        return entry[1] if entry is not None and stamp is not None and entry[0] == stamp else None

    def remember(self, path: str, stamp: tuple[int, int, int] | None, content_digest: bytes, result: Any) -> None:
        if stamp is not None:
            self.seen[path] = (stamp, content_digest)
        self.results[content_digest] = result

    def prune(self, paths: set[str]) -> None:
        """Forget files that are gone and results no file has any more."""
        self.seen = {path: entry for path, entry in self.seen.items() if path in paths}
        live = {content_digest for _, content_digest in self.seen.values()}
        self.results = {content_digest: result for content_digest, result in self.results.items() if content_digest in live}

    @classmethod
    def load(cls, path: Path, key: bytes) -> ContentCache:
        """The cache saved at ``path`` under ``key``, or an empty one (a missing, corrupt or foreign file is ignored)."""
        try:
            with open(path, "rb") as stream:
                saved_format, saved_key, results, seen, registries = pickle.load(stream)
        except FileNotFoundError:
            return cls(key)
        except Exception as error:  # noqa: BLE001 - any unreadable cache is only a slower build
            logger.info("Ignoring the content cache %s: %s", path, error)
            return cls(key)
        if saved_format != FORMAT or saved_key != key:
            logger.info("Ignoring the content cache %s: made by other settings or another version", path)
            return cls(key)
        return cls(key, results, seen, registries)

    def save(self, path: Path) -> None:
        """Write atomically, so an interrupted build leaves the old cache or the new one, never half of one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}-", delete=False) as stream:
            pickle.dump((FORMAT, self.key, self.results, self.seen, self.registries), stream, pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, path)
