"""The registries: one YAML file per entity under ``content/<plural>/``, for every registry kind.

Every name an editor may write for an entity (canonical name, Chinese name,
aliases, synonyms, abbreviations, tickers, slug) is a lookup key; two entities
of one kind claiming the same key, or names that only differ by look-alike
letters (a Cyrillic "а" in a Latin name), is an error, so resolution is never
ambiguous. Vocabulary kinds (event types, therapeutic areas) get the same
lookup interface over their vocabulary.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import ContentConfig
from .confusables import confusable_skeleton, invisible_character_problem, mixed_script_problem
from .fields import Fields
from .kinds import Kind, RegistryKind, VocabularyKind
from .problems import Problem
from .schema import COMMON_FIELDS, PendingReference, Reference
from .source import decode_source, link_problem, read_bytes
from .text import SLUG_PATTERN, did_you_mean, lookup_key, nearest, quoted_choice, slugify
from .vocabulary import Term, Vocabulary
from .yamlfile import Located, parse_yaml


def digest(*parts) -> bytes:
    """A short content digest: what incremental builds compare to know that something changed."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\x1f")
    return hasher.digest()


@dataclass(eq=False)
class Entity:
    """A registry entry. Identity is the object: one entity, one page, one feed.

    The kind's own fields (``tickers``, ``therapeutic_area`` ...) are attributes
    too; a declared field the file leaves out reads as None.
    """

    kind: RegistryKind
    slug: str
    name: str
    source_path: str
    name_zh: str | None = None
    description: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    save_as: str = ""
    source_digest: bytes = b""
    # Of everything its pages show of it, references included; set once references resolve.
    digest: bytes = b""

    def __getattr__(self, name: str):
        values = self.__dict__.get("values")
        if values is not None and name in values:
            return values[name]
        kind = self.__dict__.get("kind")
        if kind is not None and any(spec.name == name for spec in kind.fields):
            return None
        raise AttributeError(name)

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<{self.kind.name} {self.slug}>"

    @property
    def sort_key(self) -> str:
        return lookup_key(self.name)

    @property
    def lookup_names(self) -> tuple[str, ...]:
        """Every name that resolves to this entity (and that search indexes)."""
        names = [self.name, self.slug, *([self.name_zh] if self.name_zh else [])]
        for spec in self.kind.fields:
            names += spec.lookup_names(self.values.get(spec.name))
        return tuple(names)

    def facts(self) -> list[tuple[Any, Any]]:
        """(field, value) for every field of the kind that has a value, in declared order: the fact rows of its page."""
        return [(spec, value) for spec in self.kind.fields if (value := self.values.get(spec.name)) not in (None, (), {}, "")]


class Registry:
    """The entities of one registry kind, with case- and punctuation-insensitive name lookup."""

    def __init__(self, kind: Kind, entities: list):
        self.kind = kind
        self.entities = sorted(entities, key=lambda entity: entity.sort_key)
        self.by_slug = {entity.slug: entity for entity in self.entities}
        self.index: dict[str, Any] = {}
        self._resolved: dict[str, Any] = {}  # names as written -> entity: articles repeat the same spellings

    def __iter__(self):
        return iter(self.entities)

    def __len__(self) -> int:
        return len(self.entities)

    def resolve(self, name: str):
        if name not in self._resolved:
            self._resolved[name] = self.index.get(lookup_key(name))
        return self._resolved[name]

    def suggest(self, name: str, limit: int = 3) -> str:
        """' Did you mean "Vcanbio" (Vcanbio Cell & Gene ...)?' or an empty string."""
        names = [n for entity in self.entities for n in entity.lookup_names if n != entity.slug]
        shown, seen = [], set()
        for match in nearest(name, names, limit * 2):
            entity = self.index[lookup_key(match)]
            if entity in seen:
                continue
            seen.add(entity)
            shown.append(f'"{match}"' if match == entity.name else f'"{match}" ({entity.name})')
        return f" Did you mean {quoted_choice(shown[:limit])}?" if shown else ""


class TermRegistry(Registry):
    """The terms of a vocabulary kind, looked up by slug or label like entities by name."""

    def __init__(self, kind: VocabularyKind, vocabulary: Vocabulary):
        super().__init__(kind, list(vocabulary))
        self.index = {lookup_key(name): term for term in vocabulary for name in (term.slug, term.label)}

    def suggest(self, name: str, limit: int = 3) -> str:
        slugs = [term.slug for term in self.entities]
        return f"{did_you_mean(name, slugs, 1)} Use one of: {', '.join(slugs)}."


class Registries:
    """Every kind's registry, by kind name, in the order of the kinds table."""

    def __init__(self, registries: dict[str, Registry]):
        self.by_kind = registries

    def __getitem__(self, kind_name: str) -> Registry:
        return self.by_kind[kind_name]

    def __iter__(self):
        return iter(self.by_kind.values())

    def find(self, name: str, exclude: str | None = None) -> tuple[Kind, Any] | None:
        """The first entity of another kind that ``name`` resolves to, for "is a product, not a company" hints."""
        for kind_name, registry in self.by_kind.items():
            if kind_name != exclude and isinstance(registry.kind, RegistryKind) and (found := registry.resolve(name)):
                return registry.kind, found
        return None


@dataclass
class _Claim:
    entity: Entity
    name: str
    line: int


class _RegistryLoader:
    """Reads all registry files, collecting problems; resolves references between entities last."""

    def __init__(self, config: ContentConfig, display_root: Path | None, changed: frozenset[str] = frozenset()):
        self.config = config
        self.display_root = display_root
        self.context = config.read_context
        self.changed = changed
        self.problems: list[Problem] = []
        self.pending: list[tuple[Entity, Reference, PendingReference]] = []
        self.name_lines: dict[Entity, list[tuple[str, int]]] = {}
        self.changed_entities: set[Entity] = set()

    def display(self, path: Path) -> str:
        return display_path(path, self.display_root)

    def load(self) -> Registries:
        registries: dict[str, Registry] = {}
        for kind in self.config.kinds:
            if isinstance(kind, RegistryKind):
                folder = self.config.content_path / kind.plural
                entities = [entity for path in self.files(folder) if (entity := self.load_file(kind, path))]
                registries[kind.name] = Registry(kind, entities)
                self.index(registries[kind.name])
            else:
                registries[kind.name] = TermRegistry(kind, self.config.vocabularies[kind.vocabulary])
        result = Registries(registries)
        self.resolve_references(result)
        return result

    def files(self, folder: Path) -> list[Path]:
        """The registry files of a folder; anything else in it, or a folder the build cannot use, is a problem."""
        if not os.path.lexists(folder):
            return []
        shown = self.display(folder)
        if (problem := link_problem(folder, self.config.content_path, shown, allow_folder=True)) is not None:
            self.problems.append(problem)
            return []
        if not folder.is_dir():
            message = f"is a file, but {folder.name}/ is the folder of the registry; move it away"
            self.problems.append(Problem(shown, 0, message))
            return []
        try:
            entries = sorted(folder.iterdir())
        except OSError as error:
            message = f"the folder cannot be listed ({error.strerror}); let the build read it"
            self.problems.append(Problem(shown, 0, message))
            return []
        files = []
        for path in entries:
            if path.name.startswith("."):
                continue
            shown = self.display(path)
            if (problem := link_problem(path, self.config.content_path, shown)) is not None:
                self.problems.append(problem)
            elif path.suffix == ".yaml" and not path.is_dir():
                files.append(path)
            else:
                self.problems.append(
                    Problem(shown, 0, f"only <slug>.yaml files belong in {folder.name}/; rename it to end in .yaml or move it out")
                )
        return files

    def load_file(self, kind: RegistryKind, path: Path) -> Entity | None:
        shown = self.display(path)
        slug = path.stem
        if not SLUG_PATTERN.match(slug) or len(slug) > self.config.slug_max_bytes:
            longest = self.config.slug_max_bytes
            self.problems.append(Problem(
                shown, 0, f"the file name must be the slug: lowercase a-z, digits and single hyphens, at most {longest} "
                f"characters, e.g. {kind.plural}/{nearest_slug(slug, longest)}.yaml",
            ))  # fmt: skip
            return None
        data, problems = read_bytes(path, shown)
        text, more = decode_source(data, shown) if data is not None else (None, [])
        located, yaml_problems = parse_yaml(text, shown) if text is not None else (None, [])
        self.problems += problems + more + yaml_problems
        if located is None:
            return None
        specs = COMMON_FIELDS + kind.fields
        fields = Fields(
            located, shown, tuple(spec.name for spec in specs), tuple(spec.name for spec in specs if spec.required),
            missing_line=1, problems=self.problems,
        )  # fmt: skip
        common = {spec.name: spec.read(fields, self.context) for spec in COMMON_FIELDS}
        values = {spec.name: spec.read(fields, self.context) for spec in kind.fields}
        if common["name"] is None:
            return None
        url, save_as = self.config.kind_urls[kind.name]
        entity = Entity(
            kind, slug, common["name"], shown, name_zh=common["name_zh"], description=common["description"],
            values={name: value for name, value in values.items() if not isinstance(value, PendingReference)},
            url=url.format(slug=slug), save_as=save_as.format(slug=slug), source_digest=digest(data),
        )  # fmt: skip
        for spec in kind.fields:
            if isinstance(spec, Reference) and isinstance(values[spec.name], PendingReference):
                self.pending.append((entity, spec, values[spec.name]))
        self.name_lines[entity] = located_names(entity, fields)
        if os.path.abspath(path) in self.changed:
            self.changed_entities.add(entity)
        return entity

    def index(self, registry: Registry) -> None:
        """Map every lookup name to its entity; report a name two entities claim, once, on its line
        in the second file, and names that only look alike. Changed files come last, so a clash is
        reported in the file being added or edited, where a pull request shows it."""
        claimed: dict[str, _Claim] = {}
        skeletons: dict[str, _Claim] = {}
        for entity in sorted(registry, key=lambda entity: entity in self.changed_entities):
            for name, line in self.name_lines.get(entity, []):
                if not (key := lookup_key(name)):
                    continue
                owner = claimed.get(key)
                if owner is not None and owner.entity is not entity:
                    self.problems.append(Problem(
                        entity.source_path, line,
                        f'the name "{name}" is already {registry.kind.name} {owner.entity.source_path} ({_where(owner)}); '
                        f"a name must identify one {registry.kind.name}: change or remove it here or there",
                    ))  # fmt: skip
                    continue
                claimed.setdefault(key, _Claim(entity, name, line))
                if (problem := invisible_character_problem(name) or mixed_script_problem(name)) is not None:
                    self.problems.append(Problem(entity.source_path, line, problem))
                    continue
                skeleton = lookup_key(confusable_skeleton(unicodedata.normalize("NFKC", name)))
                look_alike = skeletons.get(skeleton)
                if look_alike is not None and look_alike.entity is not entity and lookup_key(look_alike.name) != key:
                    self.problems.append(Problem(
                        entity.source_path, line,
                        f'the name "{name}" looks like "{look_alike.name}" of {look_alike.entity.source_path} but is spelt with other '
                        "letters (look-alike characters from another alphabet); type it again in the alphabet of the other",
                    ))  # fmt: skip
                skeletons.setdefault(skeleton, _Claim(entity, name, line))
        registry.index = {key: claim.entity for key, claim in claimed.items()}

    def resolve_references(self, registries: Registries) -> None:
        for entity, spec, pending in self.pending:
            target = registries[spec.kind].resolve(pending.text)
            if target is None:
                kind = registries[spec.kind].kind
                self.problems.append(Problem(
                    entity.source_path, pending.line,
                    f'{spec.name}: "{pending.text}" is not a known {kind.name}.{registries[spec.kind].suggest(pending.text)} '
                    f'Use a name from content/{kind.plural}/, or add it (invoke new --kind {kind.name} "{pending.text}")',
                ))  # fmt: skip
            elif target is entity:
                self.problems.append(Problem(entity.source_path, pending.line, f"{spec.name}: an entity cannot be its own {spec.name}"))
            else:
                entity.values[spec.name] = target
        self.break_cycles(registries)
        for registry in registries:
            for entity in registry:
                if isinstance(entity, Entity):
                    references = [value for value in entity.values.values() if isinstance(value, Entity)]
                    entity.digest = digest(entity.source_digest, entity.url, *(ref.source_digest for ref in references))

    def break_cycles(self, registries: Registries) -> None:
        """A chain of references of one field (parent of parent ...) must end."""
        for registry in registries:
            if not isinstance(registry.kind, RegistryKind):
                continue
            for spec in registry.kind.fields:
                if not isinstance(spec, Reference) or spec.kind != registry.kind.name:
                    continue
                for entity in registry:
                    seen, current = {entity}, entity.values.get(spec.name)
                    while isinstance(current, Entity):
                        if current in seen:
                            self.problems.append(Problem(entity.source_path, 1, f"{spec.name}: the chain of {spec.name}s loops back to this {registry.kind.name}"))
                            entity.values[spec.name] = None
                            break
                        seen.add(current)
                        current = current.values.get(spec.name)


def _where(claim: _Claim) -> str:
    """Where an entity's file gives a name: its line, or its file name for the slug."""
    if claim.name == claim.entity.slug:
        return f'its file name "{claim.name}"'
    return f'line {claim.line}: "{claim.name}"'


def located_names(entity: Entity, fields: Fields) -> list[tuple[str, int]]:
    """The entity's lookup names with the file line each is written on (its slug: line 1)."""
    found = [(entity.name, fields.line("name")), (entity.slug, 1)]
    if entity.name_zh:
        found.append((entity.name_zh, fields.line("name_zh")))
    for spec in entity.kind.fields:
        names = spec.lookup_names(entity.values.get(spec.name))
        if not names:
            continue
        items = _items(fields.values.get(spec.name))
        for name in names:
            line = next((item.line for item in items if _mentions(item, name)), fields.line(spec.name))
            found.append((name, line))
    return found


def _items(located: Located | None) -> list[Located]:
    if located is None:
        return []
    return located.value if isinstance(located.value, list) else [located]


def _mentions(item: Located, name: str) -> bool:
    """Whether a list item (a plain name, or a mapping such as a ticker) holds ``name``."""
    if isinstance(item.value, str):
        return item.value.strip() == name
    if isinstance(item.value, dict):
        return any(isinstance(v.value, str) and v.value.strip().upper() in name.upper().split() for v in item.value.values())
    return False


def nearest_slug(name: str, max_bytes: int) -> str:
    return slugify(name, max_bytes) or "new-name"


def display_path(path: Path, root: Path | None) -> str:
    """A path as the editor knows it: relative to the project (or working) folder."""
    try:
        return os.path.relpath(path, root or Path.cwd()).replace(os.sep, "/")
    except ValueError:
        return str(path)


def load_registries(config: ContentConfig, display_root: Path | None = None,
                    changed: frozenset[str] = frozenset()) -> tuple[Registries, list[Problem]]:  # fmt: skip
    """Read every registry; return them with all problems found.

    ``changed``: absolute paths of files being added or edited; a name two files claim is reported in the changed one.
    """
    loader = _RegistryLoader(config, display_root, changed)
    registries = loader.load()
    return registries, loader.problems


def registries_key(config: ContentConfig) -> bytes:
    """What the registries are read from: the settings and each registry file's stamp (size, time, inode).

    Equal keys mean equal registries, so a reader of thousands of articles need not parse
    thousands of registry files again when none changed.
    """
    stamps = []
    for kind in config.registry_kinds:
        folder = config.content_path / kind.plural
        try:
            info = os.lstat(folder)
            stamps.append(f"{kind.plural}:{info.st_mtime_ns}:{info.st_ino}:{info.st_mode}")
            if folder.is_dir():
                with os.scandir(folder) as entries:
                    for entry in sorted(entries, key=lambda entry: entry.name):
                        info = entry.stat(follow_symlinks=False)
                        stamps.append(f"{kind.plural}/{entry.name}:{info.st_size}:{info.st_mtime_ns}:{info.st_ino}:{info.st_mode}")
        except OSError as error:  # reported by load_registries, which then runs every time
            stamps.append(f"{kind.plural}:{error}:{os.urandom(8).hex()}")
    return digest(repr(config), *stamps)


__all__ = ["Entity", "Registries", "Registry", "Term", "TermRegistry", "digest", "display_path", "load_registries", "registries_key"]
