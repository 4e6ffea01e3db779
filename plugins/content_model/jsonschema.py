"""JSON Schemas of article front matter and of each registry kind, made from the model the validator uses.

Editors' YAML tools (the YAML language server in VS Code and other editors,
``check-jsonschema``) complete keys, event types and registry names from them
and describe each key on hover. They are generated, never written by hand: the
keys and their help come from ``articles.article_keys`` and the kinds' declared
fields (``schema``), the vocabularies from the settings, and the names of
companies, diseases, products and regulators from the registries, offered as
suggestions (``anyOf: [{enum: [...]}, {type: string}]``), since the validator
also accepts any spelling and letter case of them. ``invoke schemas`` writes
them to ``schemas/`` beside the content folder; ``invoke check`` reports when
the committed files are out of date.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .articles import ALIAS_PATH, ARTICLE_STATUSES, SOURCE_KEYS, article_keys
from .config import ContentConfig
from .fields import _DATE
from .kinds import RegistryKind, VocabularyKind
from .registry import Registries
from .schema import COMMON_FIELDS, Names, Reference
from .text import SLUG_PATTERN
from .vocabulary import Vocabulary

DRAFT = "http://json-schema.org/draft-07/schema#"
ARTICLE_SCHEMA = "article.schema.json"
MODELINE = "# yaml-language-server: $schema="


class SchemaDeclarationMissing(LookupError):
    """A front matter key has no JSON Schema rule here: add one beside the others."""


def _pattern(compiled: re.Pattern) -> str:
    """A Python pattern as JSON Schema (ECMAScript) reads it: named groups become plain groups."""
    return re.sub(r"\(\?P<\w+>", "(", compiled.pattern)


def schema_folder(config: ContentConfig) -> Path:
    """Where the schemas live: ``schemas/`` beside the content folder."""
    return config.content_path.absolute().parent / "schemas"


def schema_file(kind_name: str) -> str:
    return f"{kind_name}.schema.json"


def modeline(document: Path, schema: Path) -> str:
    """The comment that points YAML tools at ``schema``, relative to the document's folder."""
    return MODELINE + Path(os.path.relpath(schema.absolute(), document.absolute().parent)).as_posix()


def suggested_names(registries: Registries, kind_name: str) -> list[str]:
    """The names editors write for a kind's entities: names, Chinese names, aliases, synonyms, abbreviations."""
    names = set()
    for entity in registries[kind_name]:
        names.add(entity.name)
        if entity.name_zh:
            names.add(entity.name_zh)
        for spec in entity.kind.fields:
            if isinstance(spec, Names):
                names.update(entity.values.get(spec.name) or ())
    return sorted(names, key=lambda name: (name.casefold(), name))


def _name(registries: Registries, kind_name: str) -> dict:
    text = {"type": "string", "minLength": 1}
    names = suggested_names(registries, kind_name)
    return {"anyOf": [{"enum": names}, text]} if names else text


def _name_reference(kind_name: str) -> dict:
    """A name of an entity of the kind: the file's ``definitions`` hold the names, once."""
    return {"$ref": f"#/definitions/{kind_name}_name"}


def _definitions(registries: Registries, kind_names) -> dict:
    return {f"{name}_name": _name(registries, name) for name in sorted(set(kind_names))}


def _terms(vocabulary: Vocabulary) -> dict:
    terms = list(vocabulary)
    return {"type": "string", "enum": [term.slug for term in terms] + [term.label for term in terms]}


def _one_or_list(item: dict) -> dict:
    return {"anyOf": [item, {"type": "array", "items": item, "minItems": 1}]}


def _with_help(schema: dict, help_text: str) -> dict:
    return {"description": help_text, **schema}


def _front_matter_rules(config: ContentConfig, registries: Registries) -> tuple[dict[str, dict], dict[str, Vocabulary]]:
    """The schema of each front matter key (without its description), and the vocabulary of each key that takes one."""
    date = {"type": "string", "pattern": _pattern(_DATE), "examples": ["2024-05-20", "2024-05-20T09:30+08:00"]}
    rules = {
        "title": {"type": "string", "minLength": 1, "maxLength": config.title_max_length},
        "date": date,
        "updated": date,
        "summary": {"type": "string", "minLength": 1, "maxLength": config.summary_max_length},
        "phase": _terms(config.vocabularies["phase"]),
        "source": {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name"],
                    "properties": {
                        key: {"type": "string", "minLength": 1, **({"pattern": "^https?://"} if key == "url" else {})}
                        for key in SOURCE_KEYS
                    },
                },
            ]
        },  # fmt: skip
        "slug": {"type": "string", "pattern": SLUG_PATTERN.pattern, "maxLength": config.slug_max_bytes},
        "aliases": _one_or_list(
            {"type": "string", "pattern": _pattern(ALIAS_PATH), "examples": ["news/2024/05/old-slug/"]}
        ),
        "status": {"type": "string", "enum": [term.slug for term in ARTICLE_STATUSES]},
    }
    vocabularies = {"phase": config.vocabularies["phase"]}
    for kind in config.kinds:
        if not kind.article_key:
            continue
        if isinstance(kind, VocabularyKind):
            vocabularies[kind.article_key] = config.vocabularies[kind.vocabulary]
            item = _terms(vocabularies[kind.article_key])
        else:
            item = _name_reference(kind.name)
        rules[kind.article_key] = item if kind.single else _one_or_list(item)
    return rules, vocabularies


def _help(key_help: str, vocabulary: Vocabulary | None) -> str:
    """A key's help; where it takes a term of a vocabulary, the terms."""
    if vocabulary is not None:
        return (
            key_help.replace(" (see the list below).", ".") + f" One of: {', '.join(term.slug for term in vocabulary)}."
        )
    return key_help


def article_schema(config: ContentConfig, registries: Registries) -> dict:
    """The schema of an article's front matter."""
    rules, vocabularies = _front_matter_rules(config, registries)
    properties = {}
    for key in article_keys(config.kinds):
        if key.name not in rules:
            raise SchemaDeclarationMissing(
                f'front matter key "{key.name}" has no JSON Schema rule; add it to jsonschema._front_matter_rules'
            )
        properties[key.name] = _with_help(rules[key.name], _help(key.help, vocabularies.get(key.name)))
    return {
        "$schema": DRAFT,
        "title": "Article front matter",
        "description": f"The YAML between the two --- lines of {config.article_folders[0]}/YYYY/<slug>.md.",
        "type": "object",
        "additionalProperties": False,
        "required": [key.name for key in article_keys(config.kinds) if key.required],
        "properties": properties,
        "definitions": _definitions(registries, (kind.name for kind in config.registry_kinds if kind.article_key)),
    }


def registry_schema(kind: RegistryKind, config: ContentConfig, registries: Registries) -> dict:
    """The schema of one entry of a registry kind (``companies/<slug>.yaml``)."""
    context = config.read_context
    properties = {}
    for spec in COMMON_FIELDS + kind.fields:
        rule = spec.json_schema(context)
        if isinstance(spec, Reference):
            rule = _with_help(_name_reference(spec.kind), rule["description"])
        properties[spec.name] = rule
    specs = COMMON_FIELDS + kind.fields
    return {
        "$schema": DRAFT,
        "title": f"{kind.label} ({kind.plural}/<slug>.yaml)",
        "description": f"One {kind.name} of the registry: the file's name is its slug, the end of its page's URL.",
        "type": "object",
        "additionalProperties": False,
        "required": [spec.name for spec in specs if spec.required],
        "properties": properties,
        **(
            {"definitions": _definitions(registries, referenced)}
            if (referenced := [spec.kind for spec in specs if isinstance(spec, Reference)])
            else {}
        ),
    }


def generate(config: ContentConfig, registries: Registries) -> dict[str, str]:
    """Every schema file's text, by file name: the article's and one per registry kind."""
    documents = {ARTICLE_SCHEMA: article_schema(config, registries)}
    for kind in config.registry_kinds:
        documents[schema_file(kind.name)] = registry_schema(kind, config, registries)
    return {name: json.dumps(document, indent=2, ensure_ascii=False) + "\n" for name, document in documents.items()}


def stale(folder: Path, generated: dict[str, str]) -> list[str]:
    """The schema files in ``folder`` that are missing or differ from the generated ones."""
    out_of_date = []
    for name, text in generated.items():
        path = folder / name
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            out_of_date.append(name)
    return out_of_date


def write(folder: Path, generated: dict[str, str]) -> list[str]:
    """Write the schemas that changed; return their names."""
    changed = stale(folder, generated)
    folder.mkdir(parents=True, exist_ok=True)
    for name in changed:
        (folder / name).write_text(generated[name], encoding="utf-8")
    return changed


__all__ = [
    "ARTICLE_SCHEMA",
    "MODELINE",
    "SchemaDeclarationMissing",
    "article_schema",
    "generate",
    "modeline",
    "registry_schema",
    "schema_file",
    "schema_folder",
    "stale",
    "suggested_names",
    "write",
]
