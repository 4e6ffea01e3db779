"""YAML parsing that keeps line numbers and never guesses types.

PyYAML's C parser composes the node tree; this module turns nodes into
``Located`` values itself instead of letting the constructor resolve implicit
types. Plain YAML would read ``title: No`` as ``False``, ``date: 2024-02-30`` as
a crash and a duplicated key as a silent overwrite; here every scalar stays
the text the editor typed, with its line, so validation can say exactly what
is wrong and where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

import yaml

from .problems import Problem
from .source import CONTROL_CHARACTERS, control_character_message

Value = Union[str, None, list["Located"], dict[str, "Located"]]

MAX_NODES = 5000
MAX_DEPTH = 12
# Front matter and registry entries are a few hundred characters; parsing time grows with size (and worse with
# nesting), so anything far longer is refused before it is parsed.
MAX_YAML_CHARACTERS = 64 * 1024
# The tags YAML gives plain values and collections by itself; any other tag was written by hand ("!Important news"
# would silently lose "!Important") and is refused.
YAML_TAG_PREFIX = "tag:yaml.org,2002:"
IMPLICIT_TAGS = frozenset(
    YAML_TAG_PREFIX + name for name in ("str", "int", "float", "bool", "null", "timestamp", "merge", "value", "seq", "map")
)
# Bidirectional embeddings, overrides and isolates: invisible, they reorder how the text around them is shown.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
NULL_SCALARS = frozenset({"", "~", "null", "Null", "NULL"})
# Word processors and phones turn straight quotes into these; YAML does not treat them as quotes.
TYPOGRAPHIC_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"
TYPOGRAPHIC_HINT = (
    'typographic quotes (\u201c \u201d \u2018 \u2019) are not YAML quotes; type straight quotes, e.g. title: "Deal: A and B"'
)


@dataclass(frozen=True)
class Located:
    """A YAML value with the 1-based file line of its key (or list item)."""

    value: Value
    line: int

    def plain(self):
        """The value as plain Python (str, None, list, dict), lines dropped."""
        if isinstance(self.value, list):
            return [item.plain() for item in self.value]
        if isinstance(self.value, dict):
            return {key: item.plain() for key, item in self.value.items()}
        return self.value


class YamlShapeError(Exception):
    """The YAML parsed but cannot be content (duplicate key, runaway aliases ...)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


_SYNTAX_HINTS = (
    ("found character '\\t'", "indent with spaces, not tabs"),
    ("mapping values are not allowed", "a value that contains ': ' must be put in quotes, e.g. title: \"Deal: A and B\""),
    ("while scanning a quoted scalar", "a quotation mark is not closed"),
    ("found undefined alias", "'*' starts a YAML alias; put the value in quotes"),
    ("while parsing a flow sequence", "a list in [ ] is not closed or has a stray character; check the brackets and commas"),
    ("while parsing a flow mapping", "a mapping in { } is not closed; check the braces"),
    ("did not find expected key", "check the indentation of this line and the one above"),
    ("while scanning an alias", "'*' starts a YAML alias; put the value in quotes"),
    ("while scanning an anchor", "'&' starts a YAML anchor; put the value in quotes"),
    ("found character '@'", "a value starting with '@' or '`' must be put in quotes"),
    ("found character '`'", "a value starting with '@' or '`' must be put in quotes"),
)


# The key starts with a character that is not a space, so that the spaces before it are matched one way only.
_OPENING_QUOTE = re.compile(r"^\s*(?:-\s+|[^:#'\"\s][^:#'\"]*:\s+)(?P<quote>[\"'])")


def _unclosed_quote_line(text: str) -> int | None:
    """The first line whose value opens a quotation it never closes, if any.

    A quoted YAML value may run over several lines, so the parser reports an
    unclosed quote only where it finally gives up, often many lines later.
    """
    for number, line in enumerate(text.split("\n")):
        match = _OPENING_QUOTE.match(line)
        if match and line.rstrip().count(match["quote"]) % 2 == 1:
            return number
    return None


def _syntax_problem(error: yaml.MarkedYAMLError, path: str, first_line: int, text: str) -> Problem:
    unclosed = _unclosed_quote_line(text)
    if unclosed is not None:
        return Problem(
            path,
            first_line + unclosed,
            "YAML syntax error: the quotation mark that opens this value is never closed; "
            "close it at the end of the value, or remove it",
        )
    # An unclosed [ ], { } or quote is found far from where it opened: point at the opening.
    opened = error.context and any(word in error.context for word in ("flow", "quoted"))
    mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
    line = first_line + (mark.line if mark else 0)
    column = mark.column + 1 if mark else 1
    described = " ".join(part for part in (error.context, error.problem) if part)
    hint = next((fix for needle, fix in _SYNTAX_HINTS if needle in str(error)), "check the quoting and indentation")
    lines = text.split("\n")
    if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        hint = "indent with spaces, not tabs"
    elif mark and mark.line < len(lines) and any(quote in lines[mark.line] for quote in TYPOGRAPHIC_QUOTES):
        hint = TYPOGRAPHIC_HINT
    return Problem(path, line, f"YAML syntax error at column {column}: {described}; {hint}", column)


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document into a ``Located`` tree.

    ``first_line`` is the file line that the text starts on, so that front
    matter lines are reported as lines of the whole file.
    """
    if len(text) > MAX_YAML_CHARACTERS:
        message = (f"the YAML is {len(text):,} characters long, more than the {MAX_YAML_CHARACTERS:,} allowed; keep it to "
                   "short values (long text belongs in the body)")  # fmt: skip
        return None, [Problem(path, first_line, message)]
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, path, first_line, text)]
    except yaml.YAMLError as error:
        return None, [Problem(path, first_line, f"YAML error: {error}")]
    if node is None:
        return Located(None, first_line), []
    converter = _Converter(path, first_line)
    try:
        located = converter.convert(node, 0, None)
    except YamlShapeError as error:
        return None, [Problem(path, error.line, error.message)]
    return located, converter.problems


class _Converter:
    """Walks a composed node tree, bounding its size so aliases cannot explode.

    Mistakes that leave the tree readable (a repeated key, an escaped control
    character) are collected, so that the rest of the file is still checked.
    """

    def __init__(self, path: str, first_line: int):
        self.path = path
        self.first_line = first_line
        self.visited = 0
        self.top_line = first_line  # line of the top-level key being converted
        self.problems: list[Problem] = []

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def convert(self, node: yaml.Node, depth: int, line: int | None) -> Located:
        self.visited += 1
        line = line if line is not None else self.line_of(node)
        if self.visited > MAX_NODES or depth > MAX_DEPTH:
            raise YamlShapeError(self.top_line, "YAML is nested too deeply or repeats anchors too often; write plain values")
        if node.tag not in IMPLICIT_TAGS:
            tag = node.tag.replace(YAML_TAG_PREFIX, "!!", 1)
            message = (f'"{tag}" is a YAML tag, which content does not use; if it belongs to the value, put the value in '
                       'quotes, e.g. title: "!Important news"')  # fmt: skip
            self.problems.append(Problem(self.path, self.line_of(node), message))
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in NULL_SCALARS:  # the C parser gives plain style as ""
                return Located(None, line)
            return Located(self.checked_scalar(node, line), line)
        if isinstance(node, yaml.SequenceNode):
            return Located([self.convert(item, depth + 1, None) for item in node.value], line)
        mapping: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key_line = self.line_of(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlShapeError(key_line, "a key must be plain text")
            key = key_node.value
            if depth == 0:
                self.top_line = key_line
            if key in mapping:
                self.problems.append(
                    Problem(self.path, key_line, f'key "{key}" appears twice (first on line {mapping[key].line}); keep one')
                )
                continue
            mapping[key] = self.convert(value_node, depth + 1, key_line)
        return Located(mapping, line)

    def checked_scalar(self, node: yaml.ScalarNode, line: int) -> str:
        """The scalar's text; what a quoted scalar smuggles in as an escape (\\0, \\e, \\x85, \\r)
        is reported and dropped, and typographic quotes used as YAML quotes are reported."""
        value = node.value
        if (control := CONTROL_CHARACTERS.search(value)) is not None or any(c in value for c in "\r\u2028\u2029"):
            shown = control.group() if control else next(c for c in value if c in "\r\u2028\u2029")
            self.problems.append(Problem(self.path, line, control_character_message(shown) + " (written here as an escape)"))
            value = CONTROL_CHARACTERS.sub("", value).translate({0x0D: None, 0x2028: None, 0x2029: None})
        if (bidi := BIDI_CONTROLS.search(value)) is not None:
            message = (f"invisible bidirectional control character U+{ord(bidi.group()):04X} is not allowed: it reverses "
                       "how the text around it is shown; delete it")  # fmt: skip
            self.problems.append(Problem(self.path, line, message))
            value = BIDI_CONTROLS.sub("", value)
        stripped = value.strip()
        if not node.style and len(stripped) > 1 and stripped[0] in TYPOGRAPHIC_QUOTES and stripped[-1] in TYPOGRAPHIC_QUOTES:
            self.problems.append(Problem(self.path, line, TYPOGRAPHIC_HINT))
        return value


@dataclass(frozen=True)
class SplitDocument:
    """A Markdown file cut into its front matter and body."""

    front_matter: str
    front_matter_line: int  # file line of the first front matter line
    body: str
    body_line: int


def split_front_matter(text: str, path: str) -> tuple[SplitDocument | None, list[Problem]]:
    """Cut ``---``-delimited YAML front matter off a Markdown document."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [
            Problem(
                path,
                1,
                "the file must start with a line '---' opening the YAML front matter "
                "(title, date, company, summary), closed by another '---' line",
            )
        ]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return (
                SplitDocument(
                    front_matter="\n".join(lines[1:index]),
                    front_matter_line=2,
                    body="\n".join(lines[index + 1 :]),
                    body_line=index + 2,
                ),
                [],
            )
    return None, [Problem(path, 1, "the front matter is never closed; add a line '---' after its last key")]
