"""Declared fields of registry entries: one declaration drives reading, display and JSON Schema.

A kind of entity (see ``kinds``) lists its fields; each field knows how to read
its value from YAML (with located problems), which names it adds to the
entity's lookup names, how a page shows it (``display``) and how it looks in
the JSON Schema that gives editors completion. So a new field, or a new kind,
is a declaration, not code in five places.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from .fields import Fields
from .text import did_you_mean
from .vocabulary import Term, Vocabulary

# Exchange codes and stock symbols are ASCII: a ticker in Arabic-Indic digits is not a ticker.
SYMBOL = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{0,11}$", re.ASCII)
# Classification codes (MeSH D000081208, ICD-10 K72.9) are ASCII too.
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,31}$", re.ASCII)


@dataclass(frozen=True)
class Ticker:
    exchange: str
    symbol: str
    exchange_name: str
    exchange_aliases: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.exchange} {self.symbol}"

    @property
    def lookup_names(self) -> tuple[str, ...]:
        return (self.symbol, str(self), *(f"{alias} {self.symbol}" for alias in self.exchange_aliases))


@dataclass(frozen=True)
class PendingReference:
    """The name of another entity as written, resolved once every registry is loaded."""

    text: str
    line: int


@dataclass(frozen=True)
class ReadContext:
    """What reading a field may look up: the site's vocabularies and stock exchanges."""

    vocabularies: dict[str, Vocabulary]
    exchanges: dict[str, tuple[str, tuple[str, ...]]]


@dataclass(frozen=True)
class Field:
    """One key of a registry entry."""

    name: str
    label: str
    help: str
    required: bool = False
    schema_property: str = ""  # the schema.org property its value becomes in structured data, if any
    display: ClassVar[str] = "text"

    @functools.cached_property
    def digest(self) -> bytes:
        """Of the declaration, for fingerprints of the pages that show the field."""
        return hashlib.blake2b(repr(self).encode(), digest_size=16).digest()

    def read(self, fields: Fields, context: ReadContext) -> Any:
        raise NotImplementedError

    def lookup_names(self, value) -> tuple[str, ...]:
        """Names this value adds to those an article may use for the entity."""
        return ()

    def json_schema(self, context: ReadContext) -> dict:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Field):
    max_length: int = 200
    multiline: bool = False

    def read(self, fields, context):
        return fields.text(self.name, max_length=self.max_length, multiline=self.multiline)

    def json_schema(self, context):
        return {"type": "string", "minLength": 1, "maxLength": self.max_length, "description": self.help}


@dataclass(frozen=True)
class Names(Field):
    """A list of other names (aliases, synonyms, abbreviations); each resolves to the entity."""

    display: ClassVar[str] = "names"

    def read(self, fields, context):
        return fields.strings(self.name)

    def lookup_names(self, value):
        return tuple(value or ())

    def json_schema(self, context):
        item = {"type": "string", "minLength": 1}
        return {"description": self.help, "anyOf": [item, {"type": "array", "items": item}]}


@dataclass(frozen=True)
class Url(Field):
    display: ClassVar[str] = "link"

    def read(self, fields, context):
        return fields.url(self.name)

    def json_schema(self, context):
        return {"type": "string", "format": "uri", "pattern": "^https?://", "description": self.help}


@dataclass(frozen=True)
class Choice(Field):
    """One term of a vocabulary (modality, therapeutic area ...), by slug or label."""

    vocabulary: str = ""
    display: ClassVar[str] = "term"

    def read(self, fields, context) -> Term | None:
        return fields.choice(self.name, context.vocabularies[self.vocabulary])

    def json_schema(self, context):
        terms = list(context.vocabularies[self.vocabulary])
        return {
            "type": "string",
            "description": f"{self.help} One of: {', '.join(term.slug for term in terms)}.",
            "enum": [term.slug for term in terms] + [term.label for term in terms],
        }


@dataclass(frozen=True)
class Reference(Field):
    """Another entity, by any of its names; resolved after every registry is read.

    ``listed_as`` titles the reverse list on the referenced entity's page (a
    company page lists its "Products", a regulator its "Includes").
    """

    kind: str = ""
    listed_as: str = ""
    display: ClassVar[str] = "entity"

    def read(self, fields, context) -> PendingReference | None:
        text = fields.text(self.name)
        return PendingReference(text, fields.line(self.name)) if text else None

    def json_schema(self, context):
        return {"type": "string", "minLength": 1, "description": self.help}


@dataclass(frozen=True)
class Tickers(Field):
    """Stock listings: ``[{exchange: SSE, symbol: "600645"}]``; each symbol, with or without its
    exchange or the exchange's other codes (SHA 600645), resolves to the company."""

    display: ClassVar[str] = "tickers"

    def read(self, fields, context) -> tuple[Ticker, ...]:
        located = fields.values.get(self.name)
        if located is None or located.value is None:
            return ()
        items = located.value if isinstance(located.value, list) else [located]
        tickers = []
        for item in items:
            ticker = Fields(item, fields.path, ("exchange", "symbol"), ("exchange", "symbol"), problems=fields.problems, what=self.name)
            exchange, symbol = ticker.text("exchange"), ticker.text("symbol")
            if exchange is None or symbol is None:
                continue
            code = exchange_code(exchange, context.exchanges)
            if code is None:
                codes = list(context.exchanges)
                ticker.problem(
                    ticker.line("exchange"),
                    f'exchange: "{exchange}" is not a known exchange.{did_you_mean(exchange, codes)} Use one of: {", ".join(codes)}',
                )
                continue
            if not SYMBOL.match(symbol.upper()):
                ticker.problem(
                    ticker.line("symbol"),
                    f'symbol: "{symbol}" is not a stock symbol; use the exchange\'s code in ASCII letters and digits, e.g. "600645"',
                )
                continue
            name, aliases = context.exchanges[code]
            tickers.append(Ticker(code, symbol.upper(), name, aliases))
        return tuple(tickers)

    def lookup_names(self, value):
        return tuple(name for ticker in value or () for name in ticker.lookup_names)

    def json_schema(self, context):
        return {
            "description": self.help,
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["exchange", "symbol"],
                "properties": {
                    "exchange": {"type": "string", "enum": sorted(exchange_names(context.exchanges))},
                    "symbol": {"type": "string", "pattern": SYMBOL.pattern},
                },
            },
        }


@dataclass(frozen=True)
class Codes(Field):
    """Codes in classification systems: ``{mesh: D000081208, icd10: K72.9}``; ``systems`` maps each key to its label."""

    systems: tuple[tuple[str, str], ...] = ()
    display: ClassVar[str] = "codes"

    def read(self, fields, context) -> dict[str, str]:
        keys = tuple(key for key, _ in self.systems)
        nested = fields.nested(self.name, keys)
        if nested is None:
            return {}
        codes = {}
        for key in keys:
            value = nested.text(key)
            if value is not None and not CODE.match(value):
                message = f'{key}: "{value}" is not a code; write it in ASCII letters and digits, e.g. K72.9'
                nested.problem(nested.line(key), message)
            elif value is not None:
                codes[key] = value
        return codes

    def labelled(self, value: dict[str, str]) -> list[tuple[str, str]]:
        return [(label, value[key]) for key, label in self.systems if key in value]

    def json_schema(self, context):
        return {
            "description": self.help,
            "type": "object",
            "additionalProperties": False,
            "properties": {key: {"type": "string", "description": label} for key, label in self.systems},
        }


def exchange_code(text: str, exchanges: dict[str, tuple[str, tuple[str, ...]]]) -> str | None:
    """The exchange's code for any code editors use for it (SHA, SH -> SSE)."""
    wanted = text.strip().upper()
    for code, (_, aliases) in exchanges.items():
        if wanted == code or wanted in aliases:
            return code
    return None


def exchange_names(exchanges: dict[str, tuple[str, tuple[str, ...]]]) -> set[str]:
    return {name for code, (_, aliases) in exchanges.items() for name in (code, *aliases)}


# Every registry entry has these; a kind's own fields come after them.
NAME = Text("name", "Name", "The name readers know it by, as the heading of its page.", required=True)
NAME_ZH = Text("name_zh", "Chinese name", "Its name in Chinese, if it has one; it resolves to the entity like any alias.")
DESCRIPTION = Text("description", "Description", "One or two plain sentences for its page and feed.", max_length=2000, multiline=True)
COMMON_FIELDS = (NAME, NAME_ZH, DESCRIPTION)
ALIASES = Names("aliases", "Also known as", "Other names, short names and former names; each resolves to the entity.",
                schema_property="alternateName")

__all__ = [
    "ALIASES",
    "COMMON_FIELDS",
    "Choice",
    "Codes",
    "Field",
    "Names",
    "PendingReference",
    "ReadContext",
    "Reference",
    "Text",
    "Ticker",
    "Tickers",
    "Url",
]
