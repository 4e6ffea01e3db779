"""Reproducible Pagefind bundles.

Pagefind 1.5 writes the values of each filter in hash-map order, which changes
from run to run (upstream issue Pagefind/pagefind#638: fragments became stable
in 1.3, filter indexes did not). So do the file names derived from them, the
metadata file that lists those names and the entry file that names it. This
module rewrites exactly those files in a fixed order, under names derived from
their new content, so the same site always gives a byte-identical bundle.

The files are gzip-compressed CBOR after the signature ``pagefind_dcd``; only
the CBOR types Pagefind writes (integers, strings, arrays, maps) are handled,
and anything else fails the build rather than produce a bundle the browser
cannot read.
"""

from __future__ import annotations

import gzip
import hashlib
import json

from .errors import SearchIndexFailed

SIGNATURE = b"pagefind_dcd"
# Position of the [filter name, file hash] list in a pf_meta file (Pagefind 1.5:
# version, pages, index chunks, filters, sorts, metadata keys).
META_FILTERS = 3


class _Reader:
    """Decodes one CBOR item at a time from a byte string."""

    def __init__(self, data: bytes):
        self.data = data
        self.position = 0

    def take(self, size: int) -> bytes:
        chunk = self.data[self.position : self.position + size]
        if len(chunk) != size:
            raise ValueError("truncated CBOR data")
        self.position += size
        return chunk

    def argument(self, info: int) -> int:
        if info < 24:
            return info
        if info > 27:
            raise ValueError(f"unsupported CBOR length encoding {info}")
        return int.from_bytes(self.take(1 << (info - 24)), "big")

    def item(self):
        head = self.take(1)[0]
        major, info = head >> 5, head & 0x1F
        if major > 5:
            raise ValueError(f"unsupported CBOR item type {major}")
        value = self.argument(info)
        if major == 0:
            return value
        if major == 1:
            return -1 - value
        if major == 2:
            return self.take(value)
        if major == 3:
            return self.take(value).decode("utf-8")
        if major == 4:
            return [self.item() for _ in range(value)]
        return {self.item(): self.item() for _ in range(value)}


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError(f"integer too large for CBOR: {value}")


def encode(item) -> bytes:
    """CBOR with definite lengths and shortest integers, as Pagefind writes it."""
    if isinstance(item, bool) or item is None:
        raise ValueError(f"unsupported value for CBOR: {item!r}")
    if isinstance(item, int):
        return _head(0, item) if item >= 0 else _head(1, -1 - item)
    if isinstance(item, bytes):
        return _head(2, len(item)) + item
    if isinstance(item, str):
        data = item.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(encode(element) for element in item)
    if isinstance(item, dict):
        return _head(5, len(item)) + b"".join(encode(key) + encode(value) for key, value in item.items())
    raise ValueError(f"unsupported value for CBOR: {item!r}")


def decode(data: bytes):
    reader = _Reader(data)
    item = reader.item()
    if reader.position != len(data):
        raise ValueError("trailing bytes after CBOR item")
    return item


def unpack(data: bytes):
    """The CBOR item a Pagefind data file holds."""
    data = gzip.decompress(data)
    if not data.startswith(SIGNATURE):
        raise ValueError("not a Pagefind data file")
    return decode(data[len(SIGNATURE) :])


def pack(item) -> bytes:
    """A Pagefind data file's bytes; gzip without a time stamp, so equal items give equal bytes."""
    return gzip.compress(SIGNATURE + encode(item), compresslevel=9, mtime=0)


def content_name(language: str, data: bytes, length: int) -> str:
    """A file name stem in Pagefind's style (``en_1a2b3c4``), from the file's content."""
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"


def canonicalize_filters(bundle: dict[str, bytes], language: str, filters: list) -> list:
    """Sort every filter file's values; return the [name, file stem] list, sorted by name."""
    renamed = []
    for name, stem in filters:
        path = f"filter/{stem}.pf_filter"
        filter_name, values = unpack(bundle.pop(path))
        if filter_name != name or not all(isinstance(value, list) and isinstance(value[0], str) for value in values):
            raise ValueError(f"unexpected content in {path}")
        data = pack([filter_name, sorted(values, key=lambda value: value[0])])
        new_stem = content_name(language, data, len(stem) - len(language) - 1)
        bundle[f"filter/{new_stem}.pf_filter"] = data
        renamed.append([name, new_stem])
    return sorted(renamed)


def canonicalize_bundle(bundle: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle (path inside it -> bytes) with its filter, metadata and entry files in a fixed order."""
    bundle = dict(bundle)
    try:
        entry = json.loads(bundle["pagefind-entry.json"])
        for info in entry["languages"].values():
            language, _, _ = info["hash"].partition("_")
            meta = unpack(bundle.pop(f"pagefind.{info['hash']}.pf_meta"))
            meta[META_FILTERS] = canonicalize_filters(bundle, language, meta[META_FILTERS])
            data = pack(meta)
            info["hash"] = content_name(language, data, len(info["hash"]) - len(language) - 1)
            bundle[f"pagefind.{info['hash']}.pf_meta"] = data
    except (ValueError, KeyError, IndexError, TypeError, EOFError, gzip.BadGzipFile) as error:
        raise SearchIndexFailed(
            f"cannot make the Pagefind bundle reproducible ({error}); its file format may have changed with a new "
            "Pagefind version, see plugins/search_index/canonical.py"
        ) from None
    bundle["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return bundle
