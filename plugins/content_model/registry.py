"""The entity registries: companies, diseases, products and regulators.

Each entity is one YAML file, ``content/<kind plural>/<slug>.yaml``. Every name
an editor may write for an entity (canonical name, Chinese name, aliases,
synonyms, abbreviations, tickers, slug) is a lookup key; two entities of one
kind claiming the same key is an error, so resolution is never ambiguous.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from .fields import Fields
from .problems import Problem
from .source import decode_source, link_problem
from .text import SLUG_PATTERN, did_you_mean, lookup_key, nearest
from .vocabulary import EXCHANGES, MODALITIES, THERAPEUTIC_AREAS, Term, Vocabulary
from .yamlfile import parse_yaml


@dataclass(frozen=True)
class Ticker:
    exchange: str
    symbol: str
    exchange_name: str

    def __str__(self) -> str:
        return f"{self.exchange} {self.symbol}"

    def lookup_names(self, exchange_aliases: tuple[str, ...]) -> tuple[str, ...]:
        names = [self.symbol, str(self)]
        names += [f"{alias} {self.symbol}" for alias in exchange_aliases]
        return tuple(names)


@dataclass(eq=False)
class Entity:
    """A registry entry. Identity is the object: one entity, one page, one feed."""

    kind: ClassVar[str] = ""
    slug: str
    name: str
    source_path: str
    name_zh: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None
    url: str = ""
    save_as: str = ""

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.slug}>"

    @property
    def sort_key(self) -> str:
        return lookup_key(self.name)

    @property
    def lookup_names(self) -> tuple[str, ...]:
        """Every name that resolves to this entity (and that search should index)."""
        names = [self.name, self.slug, *self.aliases]
        if self.name_zh:
            names.append(self.name_zh)
        return tuple(names)


@dataclass(eq=False, repr=False)
class Company(Entity):
    kind: ClassVar[str] = "company"
    tickers: tuple[Ticker, ...] = ()
    headquarters: str | None = None
    website: str | None = None
    exchange_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def lookup_names(self) -> tuple[str, ...]:
        names = list(super().lookup_names)
        for ticker in self.tickers:
            names += ticker.lookup_names(self.exchange_aliases.get(ticker.exchange, ()))
        return tuple(names)


@dataclass(eq=False, repr=False)
class Disease(Entity):
    kind: ClassVar[str] = "disease"
    synonyms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    therapeutic_area: Term | None = None  # a term of RegistryRules.therapeutic_areas
    codes: dict[str, str] = field(default_factory=dict)

    @property
    def lookup_names(self) -> tuple[str, ...]:
        return super().lookup_names + self.synonyms + self.abbreviations


@dataclass(eq=False, repr=False)
class Product(Entity):
    kind: ClassVar[str] = "product"
    company: Company | None = None
    modality: Term | None = None


@dataclass(eq=False, repr=False)
class Regulator(Entity):
    kind: ClassVar[str] = "regulator"
    country: str | None = None
    parent: Regulator | None = None
    website: str | None = None


@dataclass(frozen=True)
class KindSpec:
    """How one kind of entity is stored and referred to."""

    kind: str
    plural: str  # folder under content/, URL segment, and the article attribute ...
    article_key: str  # ... while this is the front matter key that names it
    attribute: str
    entity_class: type[Entity]
    allowed: tuple[str, ...]
    required: tuple[str, ...] = ("name",)


COMMON_KEYS = ("name", "name_zh", "aliases", "description")
KINDS = {
    spec.kind: spec
    for spec in (
        KindSpec("company", "companies", "company", "companies", Company, COMMON_KEYS + ("tickers", "headquarters", "website")),
        KindSpec(
            "disease",
            "diseases",
            "indications",
            "indications",
            Disease,
            ("name", "name_zh", "synonyms", "abbreviations", "therapeutic_area", "codes", "description"),
            ("name", "therapeutic_area"),
        ),
        KindSpec("product", "products", "product", "products", Product, COMMON_KEYS + ("company", "modality"), ("name", "company", "modality")),
        KindSpec("regulator", "regulators", "regulator", "regulators", Regulator, COMMON_KEYS + ("country", "parent", "website")),
    )
}
DISEASE_CODE_KEYS = ("mesh", "icd10", "icd11")


@dataclass(frozen=True)
class RegistryRules:
    """Vocabularies and URL patterns a registry is read with (settings, or the defaults)."""

    modalities: Vocabulary = Vocabulary.from_labels("modality", MODALITIES)
    # Its terms carry the area pages' URLs (THERAPEUTIC_AREA_URL), see rules_from_settings.
    therapeutic_areas: Vocabulary = Vocabulary.from_labels("therapeutic area", THERAPEUTIC_AREAS)
    exchanges: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=lambda: dict(EXCHANGES))
    # kind -> (URL pattern, save_as pattern), formatted with {slug}
    urls: dict[str, tuple[str, str]] = field(default_factory=dict)


class Registry:
    """The entities of one kind, with case- and punctuation-insensitive name lookup."""

    def __init__(self, spec: KindSpec, entities: list[Entity]):
        self.spec = spec
        self.entities = sorted(entities, key=lambda entity: entity.sort_key)
        self.by_slug = {entity.slug: entity for entity in self.entities}
        self.index: dict[str, Entity] = {}

    def __iter__(self):
        return iter(self.entities)

    def __len__(self) -> int:
        return len(self.entities)

    def resolve(self, name: str) -> Entity | None:
        return self.index.get(lookup_key(name))

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
        if not shown:
            return ""
        shown = shown[:limit]
        return " Did you mean " + (shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]) + "?"


@dataclass
class Registries:
    companies: Registry
    diseases: Registry
    products: Registry
    regulators: Registry
    therapeutic_areas: dict[str, Term]

    def __getitem__(self, kind: str) -> Registry:
        return getattr(self, KINDS[kind].plural)

    def __iter__(self):
        return iter((self.companies, self.diseases, self.products, self.regulators))


def _format_urls(rules: RegistryRules, kind: str, slug: str) -> tuple[str, str]:
    url, save_as = rules.urls.get(kind, ("", ""))
    return url.format(slug=slug), save_as.format(slug=slug)


class _RegistryLoader:
    """Reads all registry files, collecting problems; resolves cross-references last."""

    def __init__(self, content_path: Path, rules: RegistryRules, display_root: Path | None):
        self.content_path = content_path
        self.rules = rules
        self.display_root = display_root
        self.problems: list[Problem] = []
        self.pending_refs: list[tuple[Entity, str, str, int, str]] = []  # entity, attr, text, line, kind
        self.areas = dict(rules.therapeutic_areas.terms)

    def display(self, path: Path) -> str:
        return display_path(path, self.display_root)

    def load(self) -> Registries:
        registries = {}
        for spec in KINDS.values():
            folder = self.content_path / spec.plural
            entities = [entity for path in _registry_files(folder, self) if (entity := self.load_file(spec, path))]
            registry = Registry(spec, entities)
            self.index(registry)
            registries[spec.plural] = registry
        result = Registries(therapeutic_areas=self.areas, **registries)
        self.resolve_refs(result)
        return result

    def load_file(self, spec: KindSpec, path: Path) -> Entity | None:
        shown = self.display(path)
        slug = path.stem
        text, problems = decode_source(path.read_bytes(), shown)
        if text is None:
            self.problems += problems
            return None
        located, problems = parse_yaml(text, shown)
        if located is None:
            self.problems += problems
            return None
        fields = Fields(located, shown, spec.allowed, spec.required, missing_line=1, problems=self.problems)
        if not SLUG_PATTERN.match(slug):
            self.problems.append(
                Problem(shown, 1, f'file name "{path.name}" must be the slug: lowercase a-z, digits and hyphens, e.g. northwind-biologics.yaml')
            )
        name = fields.text("name", max_length=200)
        if name is None:
            return None
        common = dict(
            slug=slug,
            name=name,
            source_path=shown,
            name_zh=fields.text("name_zh", max_length=200),
            description=fields.text("description", max_length=2000, multiline=True),
        )
        common["url"], common["save_as"] = _format_urls(self.rules, spec.kind, slug)
        build = getattr(self, f"build_{spec.kind}")
        return build(fields, common)

    def build_company(self, fields: Fields, common: dict) -> Company:
        tickers = []
        located = fields.values.get("tickers")
        items = located.value if located is not None and isinstance(located.value, list) else ([located] if located and located.value else [])
        for item in items:
            ticker = Fields(item, fields.path, ("exchange", "symbol"), ("exchange", "symbol"), problems=self.problems, what="tickers")
            exchange, symbol = ticker.text("exchange"), ticker.text("symbol")
            if exchange is None or symbol is None:
                continue
            code = self.exchange_code(exchange)
            if code is None:
                ticker.problem(
                    ticker.line("exchange"),
                    f'exchange: "{exchange}" is not a known exchange.{did_you_mean(exchange, list(self.rules.exchanges))} '
                    f"Use one of: {', '.join(self.rules.exchanges)}",
                )
                continue
            tickers.append(Ticker(code, symbol, self.rules.exchanges[code][0]))
        return Company(
            **common,
            aliases=fields.strings("aliases"),
            tickers=tuple(tickers),
            headquarters=fields.text("headquarters"),
            website=fields.url("website"),
            exchange_aliases={code: aliases for code, (_, aliases) in self.rules.exchanges.items()},
        )

    def exchange_code(self, text: str) -> str | None:
        wanted = text.strip().upper()
        for code, (_, aliases) in self.rules.exchanges.items():
            if wanted == code or wanted in aliases:
                return code
        return None

    def build_disease(self, fields: Fields, common: dict) -> Disease:
        area_term = fields.choice("therapeutic_area", self.rules.therapeutic_areas)
        codes_fields = fields.nested("codes", DISEASE_CODE_KEYS)
        codes = {}
        if codes_fields is not None:
            codes = {key: value for key in DISEASE_CODE_KEYS if (value := codes_fields.text(key))}
        return Disease(
            **common,
            synonyms=fields.strings("synonyms"),
            abbreviations=fields.strings("abbreviations"),
            therapeutic_area=self.areas.get(area_term.slug) if area_term else None,
            codes=codes,
        )

    def build_product(self, fields: Fields, common: dict) -> Product:
        product = Product(**common, aliases=fields.strings("aliases"), modality=fields.choice("modality", self.rules.modalities))
        company = fields.text("company")
        if company:
            self.pending_refs.append((product, "company", company, fields.line("company"), "company"))
        return product

    def build_regulator(self, fields: Fields, common: dict) -> Regulator:
        regulator = Regulator(
            **common, aliases=fields.strings("aliases"), country=fields.text("country"), website=fields.url("website")
        )
        parent = fields.text("parent")
        if parent:
            self.pending_refs.append((regulator, "parent", parent, fields.line("parent"), "regulator"))
        return regulator

    def index(self, registry: Registry) -> None:
        claimed: dict[str, tuple[Entity, str]] = {}
        for entity in registry:
            for name in entity.lookup_names:
                key = lookup_key(name)
                if not key:
                    continue
                owner = claimed.get(key)
                if owner is None:
                    claimed[key] = (entity, name)
                elif owner[0] is not entity:
                    self.problems.append(
                        Problem(
                            entity.source_path,
                            1,
                            f'the name "{name}" is also claimed by {owner[0].source_path} ("{owner[1]}"); '
                            f"a name must identify one {registry.spec.kind}: remove or change it in one of the two files",
                        )
                    )
        registry.index = {key: entity for key, (entity, _) in claimed.items()}

    def resolve_refs(self, registries: Registries) -> None:
        for entity, attribute, text, line, kind in self.pending_refs:
            target = registries[kind].resolve(text)
            if target is None:
                spec = KINDS[kind]
                self.problems.append(
                    Problem(
                        entity.source_path,
                        line,
                        f'{attribute}: "{text}" is not a known {kind}.{registries[kind].suggest(text)} '
                        f"Add it as content/{spec.plural}/<slug>.yaml or use a name from that folder",
                    )
                )
            elif target is entity:
                self.problems.append(Problem(entity.source_path, line, f"{attribute}: an entity cannot be its own {attribute}"))
            else:
                setattr(entity, attribute, target)
        for regulator in registries.regulators:
            seen = {regulator}
            parent = regulator.parent
            while parent is not None:
                if parent in seen:
                    self.problems.append(Problem(regulator.source_path, 1, "parent: the chain of parents loops back to this regulator"))
                    regulator.parent = None
                    break
                seen.add(parent)
                parent = parent.parent


def display_path(path: Path, root: Path | None) -> str:
    """A path as the editor knows it: relative to the project (or working) folder."""
    try:
        return os.path.relpath(path, root or Path.cwd()).replace(os.sep, "/")
    except ValueError:
        return str(path)


def _registry_files(folder: Path, loader: _RegistryLoader) -> list[Path]:
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if (problem := link_problem(path, loader.content_path, loader.display(path))) is not None:
            loader.problems.append(problem)
        elif path.is_file() and path.suffix == ".yaml":
            files.append(path)
        else:
            loader.problems.append(
                Problem(
                    loader.display(path),
                    1,
                    f"only <slug>.yaml files belong in {folder.name}/; rename this file to end in .yaml or move it out",
                )
            )
    return files


def load_registries(
    content_path: Path, rules: RegistryRules | None = None, display_root: Path | None = None
) -> tuple[Registries, list[Problem]]:
    """Read every registry under ``content_path``; return them with all problems found."""
    loader = _RegistryLoader(Path(content_path), rules or RegistryRules(), display_root)
    registries = loader.load()
    return registries, loader.problems


__all__ = [
    "KINDS",
    "Company",
    "Disease",
    "Entity",
    "KindSpec",
    "Product",
    "Registries",
    "Registry",
    "RegistryRules",
    "Regulator",
    "Ticker",
    "load_registries",
]
