"""Fingerprints: a digest of everything an output shows, to know without rendering it that it is unchanged.

A page's fingerprint covers its template (and every template it extends or
includes), the site-wide data every page shows, the settings, the code, and
the values its generator handed it. Content objects carry a ``digest`` of
their own (computed once by the content model), so a listing of ten stories
costs ten lookups; other values are walked. A value of a type the walk does
not know is an error, not a guess: a silently ignored value would leave a
stale page behind.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import types
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path, PurePath

import jinja2.meta

# Packages whose version changes what the build writes.
RENDERING_PACKAGES = ("pelican", "jinja2", "markupsafe", "markdown", "pygments", "nh3", "lxml", "pagefind", "pyyaml")
# Settings that say where things are, not what is written.
PLACE_SETTINGS = frozenset({"OUTPUT_PATH", "PATH", "CACHE_PATH", "PLUGIN_PATHS", "THEME", "THEME_TEMPLATES_OVERRIDES"})


class Unfingerprintable(TypeError):
    """A value handed to a template has a type the fingerprint cannot cover."""


def _scalar(hasher, value) -> None:
    hasher.update(f"{type(value).__name__}:{value!r};".encode("utf-8", "surrogatepass"))


def _sequence(hasher, value) -> None:
    hasher.update(f"[{len(value)}".encode())
    for item in value:
        _feed(hasher, item)
    hasher.update(b"]")


def _mapping(hasher, value) -> None:
    hasher.update(f"({len(value)}".encode())
    for key, item in value.items():
        _feed(hasher, key)
        _feed(hasher, item)
    hasher.update(b")")


def _moment(hasher, value) -> None:
    hasher.update(f"t:{value.isoformat()};".encode())


# The types pages are made of, found by exact type first: most values are one of these.
_BY_TYPE = {
    str: _scalar, int: _scalar, float: _scalar, bool: _scalar, type(None): _scalar,
    tuple: _sequence, list: _sequence, dict: _mapping,
    datetime: _moment, date: _moment, time: _moment,
    bytes: lambda hasher, value: hasher.update(b"b:" + value + b";"),
}  # fmt: skip


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, looked up once per class (``dataclasses.fields`` is slow for every output)."""
    return tuple(field.name for field in dataclasses.fields(cls))


def _feed(hasher, value) -> None:
    handler = _BY_TYPE.get(type(value))
    if handler is not None:
        handler(hasher, value)
        return
    known = getattr(value, "digest", None)
    if isinstance(known, bytes):
        hasher.update(b"#" + known)
    elif isinstance(value, (bool, int, float, str)):
        _scalar(hasher, value)
    elif isinstance(value, (datetime, date, time)):
        _moment(hasher, value)
    elif isinstance(value, (list, tuple)):
        _sequence(hasher, value)
    elif isinstance(value, dict):
        _mapping(hasher, value)
    elif isinstance(value, (set, frozenset)):
        parts = sorted(fingerprint(item) for item in value)
        hasher.update(b"{" + b"".join(parts) + b"}")
    elif isinstance(value, timedelta):
        hasher.update(f"d:{value.total_seconds()};".encode())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        hasher.update(type(value).__qualname__.encode())
        for name in _field_names(type(value)):
            _feed(hasher, getattr(value, name))
    elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
        hasher.update(f"f:{value.__module__}.{value.__qualname__};".encode())
    elif isinstance(value, tzinfo):
        hasher.update(f"z:{value};".encode())
    elif isinstance(value, PurePath):
        hasher.update(f"p:{value.as_posix()};".encode())
    else:
        raise Unfingerprintable(f"cannot fingerprint a {type(value).__qualname__} ({value!r:.80}); give it a digest or make it a dataclass")


def fingerprint(*values) -> bytes:
    hasher = hashlib.blake2b(digest_size=16)
    for value in values:
        _feed(hasher, value)
    return hasher.digest()


def settings_fingerprint(settings: dict) -> bytes:
    """What the settings make the site look like (not where its files are)."""
    return fingerprint({key: settings[key] for key in sorted(settings) if key.isupper() and key not in PLACE_SETTINGS})


def code_fingerprint(folders: list[Path]) -> bytes:
    """The project's Python code in the given folders, and the versions of the packages that render."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.py")):
            hasher.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    for package in RENDERING_PACKAGES:
        try:
            hasher.update(f"{package}={importlib.metadata.version(package)};".encode())
        except importlib.metadata.PackageNotFoundError:
            hasher.update(f"{package}=-;".encode())
    return hasher.digest()


class TemplateFingerprints:
    """The digest of a template with every template it extends, includes or imports, by name."""

    def __init__(self, environment: jinja2.Environment):
        self.environment = environment
        self.known: dict[str, bytes] = {}

    def __call__(self, name: str) -> bytes:
        if name not in self.known:
            self.known[name] = b""  # a template that includes itself must not recurse forever
            source, _, _ = self.environment.loader.get_source(self.environment, name)
            referenced = list(jinja2.meta.find_referenced_templates(self.environment.parse(source)))
            if None in referenced:  # a template chosen at render time: it could be any of them
                referenced = self.environment.list_templates()
            self.known[name] = fingerprint(name, source, [self(ref) for ref in sorted(set(referenced)) if ref != name])
        return self.known[name]
