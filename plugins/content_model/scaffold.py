"""New articles and registry entries (``invoke new``) that the check accepts from the start.

Every name is resolved against the registries before anything is written (an
unknown one is refused with the nearest names and the command that adds it),
the date must be ISO 8601, values go through a YAML emitter (PyYAML's
``safe_dump`` quotes a colon, a leading ``@`` or digits that YAML would read as
a number), and the text is validated by the same code as ``invoke check``
before it is written. What only the editor can supply (the summary, a
product's modality) is left as an empty key that the check then asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

import yaml

from .articles import article_keys, parse_article, unknown_name_message
from .config import ContentConfig
from .fields import parse_date
from .jsonschema import ARTICLE_SCHEMA, modeline, schema_file, schema_folder
from .kinds import RegistryKind, VocabularyKind
from .registry import Registries
from .schema import COMMON_FIELDS, Choice, Codes, Names, Tickers
from .text import slugify

# 20/05/2024, 20.05.2024, 5-20-2024: day and month first, the year last.
_DAY_FIRST = re.compile(r"^\s*([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})\s*$")
SUMMARY_MISSING = 'required key "summary" is missing or empty'
ARTICLE_BODY = "Write the article here, in Markdown: two to five short paragraphs.\n"


class ScaffoldRefused(Exception):
    """What was asked cannot make a valid file; the message says why and what to write instead."""


@dataclass(frozen=True)
class Scaffold:
    """A file to create and what the editor still has to fill in."""

    path: Path
    text: str
    to_fill: tuple[str, ...] = ()


def iso_date(text: str, config: ContentConfig) -> str:
    """``text`` if it is an ISO 8601 date or date-time, else ScaffoldRefused with the ISO spelling to use."""
    value, error = parse_date(text, config.timezone)
    if value is not None:
        return text.strip()
    match = _DAY_FIRST.match(text)
    if match:
        first, second, year = (int(part) for part in match.groups())
        readings = []
        for day, month in ((first, second), (second, first)):
            try:
                readings.append(Date(year, month, day))
            except ValueError:
                continue
        spelled = " or ".join(
            f"{reading.isoformat()} ({reading.day} {reading:%B})" for reading in dict.fromkeys(readings)
        )
        if spelled:
            raise ScaffoldRefused(f'--date "{text}" is not an ISO date: write the year first, --date {spelled}')
    raise ScaffoldRefused(f"--date {error}")


def _emit(key: str, value) -> str:
    """One ``key: value`` line through the YAML emitter; an empty key for a value still to fill in."""
    if value is None or value == [] or value == {}:
        return f"{key}:\n"
    if isinstance(value, list) and len(value) == 1 and not isinstance(value[0], dict):
        value = value[0]
    # A list of names in [ ] (as editors write them), anything else in block style.
    flow = None if isinstance(value, list) and not any(isinstance(item, dict) for item in value) else False
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=4096)


def _date_value(text: str):
    """A plain date is emitted unquoted (a ``date`` object); a date-time as the text the editor gave."""
    try:
        return Date.fromisoformat(text)
    except ValueError:
        return text


def article(config: ContentConfig, registries: Registries, title: str, date: str, names: dict[str, list[str]],
            summary: str | None = None, slug: str | None = None) -> Scaffold:  # fmt: skip
    """``content/articles/YYYY/<slug>.md`` with the front matter given; ``names`` maps front matter keys
    (company, product, indications, regulator, event, phase) to the names or terms as typed."""
    refused = []
    try:
        date = iso_date(date, config)
    except ScaffoldRefused as error:
        refused.append(str(error))
    slug = slug or slugify(title, config.slug_max_bytes)
    if not slug:
        refused.append(
            f'the title "{title}" gives no URL slug (it has no letters or digits); add --slug with a-z, 0-9 and hyphens'
        )
    keyed = {kind.article_key: kind for kind in config.kinds if kind.article_key}
    for key, given in names.items():
        if key == "phase":
            if given and config.vocabularies["phase"].lookup(given[0]) is None:
                terms = ", ".join(term.slug for term in config.vocabularies["phase"])
                refused.append(f'phase: "{given[0]}" is not a known phase. Use one of: {terms}')
            continue
        kind = keyed[key]
        for name in given:
            if registries[kind.name].resolve(name) is None:
                refused.append(unknown_name_message(kind, name, registries))
        if kind.single and len(given) > 1:
            refused.append(f"{key}: give one {kind.name}, not {len(given)}")
    if refused:
        raise ScaffoldRefused("\n".join(refused))
    path = config.content_path / config.article_folders[0] / date[:4] / f"{slug}.md"
    phase = names["phase"][0] if names.get("phase") else None
    values = {"title": title, "date": _date_value(date), **{key: names.get(key) or None for key in keyed}}
    values.update(phase=phase, summary=summary, source=None)
    order = [key.name for key in article_keys(config.kinds) if key.name in values]
    head = modeline(path, schema_folder(config) / ARTICLE_SCHEMA)
    lines = ["---\n", head + "\n", *(_emit(key, values[key]) for key in order), "---\n", ARTICLE_BODY]
    text = "".join(lines)
    source, problems = parse_article(text.encode(), str(path), config, slug, date[:4])
    left = [problem for problem in problems if not (summary is None and problem.message == SUMMARY_MISSING)]
    if left:
        raise ScaffoldRefused("\n".join(problem.message for problem in left))
    return Scaffold(path, text, () if summary else ("summary",))


def _field_value(spec, texts: list[str]):
    """A registry field's value from ``--field key=value`` options (repeated for lists)."""
    if isinstance(spec, Names):
        return texts
    if isinstance(spec, Tickers):
        tickers = []
        for text in texts:
            parts = text.replace(":", " ").split()
            if len(parts) != 2:
                raise ScaffoldRefused(
                    f'--field tickers="{text}": write the exchange and the symbol, e.g. --field tickers="SSE 600645"'
                )
            tickers.append({"exchange": parts[0], "symbol": parts[1]})
        return tickers
    if isinstance(spec, Codes):
        codes = {}
        for text in texts:
            system, _, code = text.partition(":")
            if not code:
                raise ScaffoldRefused(
                    f'--field codes="{text}": write the system and the code, e.g. --field codes=icd10:K72.9'
                )
            codes[system.strip()] = code.strip()
        return codes
    if len(texts) > 1:
        raise ScaffoldRefused(f"--field {spec.name}= is given {len(texts)} times; it takes one value")
    return texts[0]


def registry_entry(config: ContentConfig, registries: Registries, kind: RegistryKind, name: str,
                   fields: dict[str, list[str]]) -> Scaffold:  # fmt: skip
    """``content/<plural>/<slug>.yaml`` for a new entity: every field as a key, the given ones filled in."""
    slug = slugify(name, config.slug_max_bytes)
    if not slug:
        raise ScaffoldRefused(f'the name "{name}" gives no file name (it has no letters or digits)')
    existing = registries[kind.name].resolve(name)
    if existing is not None:
        raise ScaffoldRefused(f'"{name}" is already the {kind.name} {existing.source_path} ({existing.name}); '
                              "articles can name it as it is, or add another alias there")  # fmt: skip
    specs = COMMON_FIELDS + kind.fields
    by_name = {spec.name: spec for spec in specs}
    unknown = [key for key in fields if key not in by_name or key == "name"]
    if unknown:
        keys = ", ".join(spec.name for spec in specs if spec.name != "name")
        raise ScaffoldRefused(
            f"--field {unknown[0]}=...: a {kind.name} has no such field (the name is the argument). Fields: {keys}"
        )
    path = config.content_path / kind.plural / f"{slug}.yaml"
    values = {"name": name, **{key: _field_value(by_name[key], texts) for key, texts in fields.items()}}
    to_fill = tuple(_to_fill(spec, config) for spec in specs if spec.required and spec.name not in values)
    lines = [
        modeline(path, schema_folder(config) / schema_file(kind.name)) + "\n",
        *(_emit(spec.name, values.get(spec.name)) for spec in specs),
    ]
    return Scaffold(path, "".join(lines), to_fill)


def _to_fill(spec, config: ContentConfig) -> str:
    """A field the editor must fill in, with its choices when it takes a term."""
    if isinstance(spec, Choice):
        return f"{spec.name} (one of: {', '.join(term.slug for term in config.vocabularies[spec.vocabulary])})"
    return spec.name


def kind_named(config: ContentConfig, name: str) -> RegistryKind:
    """The registry kind called ``name`` (company) or by its plural (companies)."""
    for kind in config.kinds:
        if name in (kind.name, kind.plural) and isinstance(kind, RegistryKind):
            return kind
    names = ", ".join(kind.name for kind in config.registry_kinds)
    vocabularies = [kind.name for kind in config.kinds if isinstance(kind, VocabularyKind)]
    hint = f" ({', '.join(vocabularies)} are fixed lists in the settings)" if vocabularies else ""
    raise ScaffoldRefused(f'--kind "{name}": use article or one of: {names}{hint}')


__all__ = ["Scaffold", "ScaffoldRefused", "article", "iso_date", "kind_named", "registry_entry"]
