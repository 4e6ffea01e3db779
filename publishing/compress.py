"""``.gz`` and ``.br`` beside every text file, for servers that send precompressed files (nginx's gzip_static).

Only text compresses well: images, fonts and Pagefind's index files (its
``.pf_*`` and ``.pagefind`` files are gzip data already, unpacked by its own
JavaScript) are left alone. A compressed copy is written only when it is smaller
than the file. Bytes are deterministic: gzip with mtime 0 and no file name,
Brotli at quality 11 in text mode, so the same site gives the same files and a
deploy moves only what changed.

Brotli at quality 11 compresses about 0.35 MB/s per core (``bench/publish_bench.py``),
so files are spread over one process per core, and each compressed copy is kept
in a cache folder named by the SHA-256 of the original: a publish after a small
change compresses only the files that changed. A cached copy is used only after
it decompresses to the original, so a damaged cache costs time, never content.
Entries that the site no longer uses are removed at the end of each run.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import tempfile
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import brotli

from .errors import CacheUnusable

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".html", ".htm", ".css", ".js", ".mjs", ".json", ".webmanifest", ".map", ".xml", ".xsl",
                           ".txt", ".csv", ".svg", ".opml", ".ics"})
ENCODINGS = (".gz", ".br")
# Below this many files, starting worker processes costs more than it saves.
POOL_THRESHOLD = 64


@dataclass(frozen=True)
class CompressionReport:
    """Totals over the text files of a site."""

    files: int
    original_bytes: int
    gzip_bytes: int
    brotli_bytes: int
    gzip_skipped: int
    brotli_skipped: int
    from_cache: int

    def __str__(self) -> str:
        mib = 1024 * 1024
        return (f"{self.files} text files, {self.original_bytes / mib:.1f} MiB: gzip {self.gzip_bytes / mib:.1f} MiB, "
                f"brotli {self.brotli_bytes / mib:.1f} MiB; {self.from_cache} from the cache; not smaller, so not "
                f"written: gzip {self.gzip_skipped}, brotli {self.brotli_skipped}")


@dataclass(frozen=True)
class _Compressor:
    suffix: str
    compress: Callable[[bytes], bytes]
    decompress: Callable[[bytes], bytes]


@dataclass(frozen=True)
class FileResult:
    """One file: its size and SHA-256, each copy's size (None where not written), and whether the cache gave both."""

    size: int
    gzip_size: int | None
    brotli_size: int | None
    digest: str
    from_cache: bool


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=11)


COMPRESSORS = (_Compressor(".gz", gzip_bytes, gzip.decompress), _Compressor(".br", brotli_bytes, brotli.decompress))


def compressible(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES


def _cached(cache: Path, digest: str, data: bytes, compressor: _Compressor) -> bytes | None:
    """The cached compressed copy of ``data``, if there is one and it decompresses to ``data``."""
    try:
        packed = (cache / f"{digest}{compressor.suffix}").read_bytes()
        return packed if compressor.decompress(packed) == data else None
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile, brotli.error):
        return None


def _store(cache: Path, digest: str, packed: bytes, suffix: str) -> None:
    """Write a cache entry by rename, so a concurrent run never reads half of one."""
    handle, temporary = tempfile.mkstemp(dir=cache, prefix=".entry-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(packed)
    os.replace(temporary, cache / f"{digest}{suffix}")


def compress_file(path: Path, cache: Path | None = None) -> FileResult:
    """Write ``path.gz`` and ``path.br`` where smaller than the file."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    sizes, all_cached = [], True
    for compressor in COMPRESSORS:
        packed = _cached(cache, digest, data, compressor) if cache else None
        if packed is None:
            all_cached = False
            packed = compressor.compress(data)
            if cache:
                _store(cache, digest, packed, compressor.suffix)
        target = path.with_name(path.name + compressor.suffix)
        if len(packed) < len(data):
            target.write_bytes(packed)
            sizes.append(len(packed))
        else:
            target.unlink(missing_ok=True)
            sizes.append(None)
    return FileResult(len(data), sizes[0], sizes[1], digest, all_cached and cache is not None)


def _prune(cache: Path, used: set[str]) -> None:
    for entry in cache.iterdir():
        if entry.name.split(".", 1)[0] not in used:
            entry.unlink(missing_ok=True)


def precompress(output: Path, workers: int | None = None, cache: Path | None = None) -> CompressionReport:
    """Compress every text file of the built site at ``output``; run it after the last change to those files.

    ``cache`` is a folder kept between runs (created if missing); without it every file is compressed anew.
    """
    paths = sorted(path for path in output.rglob("*") if compressible(path) and path.is_file())
    workers = workers or os.cpu_count() or 1
    if cache:
        try:
            cache.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CacheUnusable(f"the compression cache {cache} cannot be used ({error.strerror}); remove it: "
                                "the next publish makes it anew") from None
    task = partial(compress_file, cache=cache)
    if workers == 1 or len(paths) < POOL_THRESHOLD:
        results = [task(path) for path in paths]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(task, paths, chunksize=max(1, len(paths) // (workers * 16))))
    if cache:
        _prune(cache, {result.digest for result in results})
    report = CompressionReport(
        files=len(results),
        original_bytes=sum(result.size for result in results),
        gzip_bytes=sum(result.gzip_size or 0 for result in results),
        brotli_bytes=sum(result.brotli_size or 0 for result in results),
        gzip_skipped=sum(result.gzip_size is None for result in results),
        brotli_skipped=sum(result.brotli_size is None for result in results),
        from_cache=sum(result.from_cache for result in results),
    )
    logger.info("Compressed %s", report)
    return report
