"""Typed settings: each plugin declares its settings once; misspelt or mistyped ones are refused.

A plugin's package exposes ``SETTINGS``, a tuple of ``Setting`` (one name) and
``PerKind`` (one name per kind of the kinds table, e.g. ``COMPANY_FEED_RSS``)
declarations, each with its type, default and one line of help; MkDocs'
``config_options`` are the model. ``check_settings`` compares what the
settings files set with every declaration (and Pelican's own names) and
reports every problem at once, on its line: ``pelicanconf.py:41: unknown
setting FEED_MAX_ITEM; did you mean FEED_MAX_ITEMS?``. ``install`` gives a
settings dict the defaults of what it leaves unset.
"""

from __future__ import annotations

import ast
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .kinds import DEFAULT_KINDS, Kind
from .problems import Problem
from .text import nearest

NO_DEFAULT = object()  # a Pelican setting the plugin only checks; Pelican gives its default


@dataclass(frozen=True)
class Setting:
    """One setting: its name, accepted type(s), default and what it does.

    ``default`` may be a function of the other settings (a save_as that follows
    its URL); ``check`` returns what is wrong with an acceptable-typed value, or None.
    """

    name: str
    type: type | tuple[type, ...]
    default: Any
    help: str
    check: Callable[[Any], str | None] | None = None

    def default_for(self, settings: Mapping[str, Any]):
        return self.default(settings) if isinstance(self.default, types.FunctionType) else self.default


@dataclass(frozen=True)
class PerKind:
    """A setting each kind has: ``name`` and a string ``default`` are patterns over the kind
    (``{NAME}`` COMPANY, ``{PLURAL}`` COMPANIES, ``{name}`` company, ``{plural}`` companies)."""

    name: str
    default: str | Callable[[Mapping[str, Any], Kind], Any]
    help: str
    applies: Callable[[Kind], bool] = lambda kind: True
    type: type | tuple[type, ...] = str
    check: Callable[[Any], str | None] | None = None

    def expand(self, kind: Kind) -> Setting:
        names = {"NAME": kind.setting_prefix, "PLURAL": kind.directory_prefix, "name": kind.name, "plural": kind.plural}
        if isinstance(self.default, str):
            default: Any = self.default.format_map(_Keep(names))
        else:
            default = _bind(self.default, kind)
        return Setting(self.name.format(**names), self.type, default, self.help.format_map(_Keep(names)), self.check)


class _Keep(dict):
    """format_map mapping that leaves unknown fields (such as {slug}) in place."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _bind(function, kind: Kind):
    def default(settings):
        return function(settings, kind)

    return default


def expand(schema: Iterable[Setting | PerKind], kinds: Iterable[Kind]) -> list[Setting]:
    """Every concrete setting of a schema for the given kinds."""
    kinds = tuple(kinds)
    settings = []
    for entry in schema:
        if isinstance(entry, PerKind):
            settings += [entry.expand(kind) for kind in kinds if entry.applies(kind)]
        else:
            settings.append(entry)
    return settings


def save_as_of(url: str) -> str:
    """Where a page with this URL is written: a folder URL gets its index.html (pretty URLs)."""
    return f"{url}index.html" if url.endswith("/") or not url else url


def kinds_of(settings: Mapping[str, Any]) -> tuple[Kind, ...]:
    kinds = settings.get("KINDS", DEFAULT_KINDS)
    return tuple(kinds) if isinstance(kinds, (tuple, list)) else DEFAULT_KINDS


def install(settings: dict, schema: Iterable[Setting | PerKind]) -> None:
    """Give ``settings`` the default of every declared setting it leaves unset (Pelican's settings dict,
    never one the user passed: values are not copied into the user's own dicts)."""
    for setting in expand(schema, kinds_of(settings)):
        if setting.default is not NO_DEFAULT and setting.name not in settings:
            settings[setting.name] = setting.default_for(settings)


def install_declared(pelican) -> None:
    """``initialized`` receiver: install the defaults every loaded plugin declares in its ``SETTINGS``,
    in the order of ``PLUGINS`` (so settings derived from ``KINDS`` see the kinds)."""
    for plugin in pelican.plugins:
        install(pelican.settings, getattr(plugin, "SETTINGS", ()))


def _type_names(expected) -> str:
    expected = expected if isinstance(expected, tuple) else (expected,)
    names = {str: "text", int: "a whole number", float: "a number", bool: "True or False", dict: "a dict", list: "a list",
             tuple: "a tuple", type(None): "None"}  # fmt: skip
    return " or ".join(names.get(kind, kind.__name__) for kind in expected)


def _type_ok(value, expected) -> bool:
    expected = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in expected:
        return False  # True is an int to Python, not to a reader of settings
    if isinstance(value, int) and float in expected:
        return True
    return isinstance(value, expected)


@dataclass(frozen=True)
class Location:
    path: str
    line: int


def assigned_names(settings_file: Path, shown: Callable[[Path], str]) -> dict[str, Location]:
    """The upper-case names a settings file assigns, with their lines; ``from x import *`` of a
    file beside it (publishconf.py imports pelicanconf.py) is followed, later assignments win."""
    found: dict[str, Location] = {}
    try:
        tree = ast.parse(settings_file.read_text(encoding="utf-8"), str(settings_file))
    except (OSError, SyntaxError, ValueError):
        return found  # Pelican itself reports a settings file it cannot read
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and any(alias.name == "*" for alias in node.names):
            imported = settings_file.parent / f"{node.module.replace('.', '/')}.py"
            if imported.is_file() and imported.resolve() != settings_file.resolve():
                found.update(assigned_names(imported, shown))
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and name.id.isupper():
                    found[name.id] = Location(shown(settings_file), node.lineno)
    return found


def check_settings(
    settings: Mapping[str, Any],
    assigned: Mapping[str, Location],
    schema: Iterable[Setting | PerKind],
    core_names: Iterable[str],
) -> list[Problem]:
    """Every problem with the settings: a name nobody declares (with the nearest known name), a value of
    the wrong type or refused by its check. ``assigned`` maps what the user set to where they set it."""
    declared = {setting.name: setting for setting in expand(schema, kinds_of(settings))}
    known = set(declared) | set(core_names)
    problems = []
    for name, where in sorted(assigned.items(), key=lambda item: (item[1].path, item[1].line, item[0])):
        if name not in known:
            match = nearest(name, sorted(known), 1)
            advice = f"did you mean {match[0]}?" if match else "neither Pelican nor a plugin has a setting of this name; remove it"
            problems.append(Problem(where.path, where.line, f"unknown setting {name}; {advice}"))
    for name, setting in declared.items():
        if name not in settings:
            continue
        value = settings[name]
        where = assigned.get(name, Location("settings", 0))
        if not _type_ok(value, setting.type):
            problems.append(Problem(where.path, where.line, f"{name} must be {_type_names(setting.type)}, not {value!r}; {setting.help}"))
        elif setting.check is not None and (message := setting.check(value)):
            problems.append(Problem(where.path, where.line, f"{name} {message}"))
    return problems + output_path_problems(settings, assigned)


# Folders a build reads, which its output folder must neither be nor hold nor lie in.
SOURCE_FOLDERS = ("PATH", "THEME", "PLUGIN_PATHS")


def output_path_problems(settings: Mapping[str, Any], assigned: Mapping[str, Location]) -> list[Problem]:
    """OUTPUT_PATH where a build would destroy or read its own sources.

    A build replaces its output folder whole: pointed at the content folder, the theme, a plugin
    folder, the content cache or a folder that holds one of them, it would delete them.
    """
    output = settings.get("OUTPUT_PATH")
    if not isinstance(output, (str, Path)) or not output:
        return []
    output = Path(output).resolve()
    where = assigned.get("OUTPUT_PATH", Location("settings", 0))
    sources = [(name, folder) for name in SOURCE_FOLDERS for folder in _folders(settings.get(name))]
    for name, folder in [*sources, *(("CACHE_PATH", folder) for folder in _folders(settings.get("CACHE_PATH")))]:
        if folder == output or output in folder.parents:
            held = "is" if folder == output else "holds"
            message = (f"OUTPUT_PATH {output} {held} the folder of {name} ({folder}); a build replaces its output folder "
                       "whole and would delete it: choose a folder of its own, e.g. output")  # fmt: skip
            return [Problem(where.path, where.line, message)]
    for name, folder in sources:
        if folder in output.parents:
            message = (f"OUTPUT_PATH {output} lies inside the folder of {name} ({folder}), which builds read: choose a "
                       "folder outside it, e.g. output beside the content folder")  # fmt: skip
            return [Problem(where.path, where.line, message)]
    return []


def _folders(value) -> list[Path]:
    """The folders a path setting names (PLUGIN_PATHS names several), resolved."""
    values = value if isinstance(value, (list, tuple)) else [value]
    return [Path(item).resolve() for item in values if isinstance(item, (str, Path)) and item]


__all__ = ["NO_DEFAULT", "Location", "PerKind", "Setting", "assigned_names", "check_settings", "expand", "install", "install_declared", "kinds_of", "save_as_of"]
