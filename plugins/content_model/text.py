"""Small text helpers: slugs, lookup keys, "did you mean" suggestions and terminal-safe text."""

from __future__ import annotations

import difflib
import re
import unicodedata

from unidecode import unidecode

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", re.ASCII)
SLUG_MAX_BYTES = 80
_NON_WORD = re.compile(r"[\W_]+")
# Categories that show nothing or move the cursor: controls, format characters (bidi overrides,
# zero-width joiners), separators other than the space, surrogates, private use, unassigned.
_UNPRINTABLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def slugify(text: str, max_bytes: int = SLUG_MAX_BYTES) -> str:
    """A URL slug of [a-z0-9-]: transliterated (so Chinese becomes pinyin), cut at a word."""
    ascii_text = unidecode(unicodedata.normalize("NFKC", text)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_bytes:
        slug = slug[: max_bytes + 1].rsplit("-", 1)[0] if "-" in slug[:max_bytes] else slug[:max_bytes]
    return slug.strip("-")


def lookup_key(text: str) -> str:
    """The form names are compared in: NFKC, case-folded, punctuation and spacing collapsed.

    So "acute-on-chronic liver failure", "Acute on chronic liver failure" and
    "SSE:600645" / "sse 600645" meet; Chinese characters count as letters.
    """
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def printable(text: str) -> str:
    """``text`` with every invisible or cursor-moving character written as an escape.

    Messages quote what editors wrote; a newline in a name must not forge a second
    ``path:line:`` line, and ESC or BEL must not reach the terminal raw.
    """
    if text.isprintable():
        return text
    out = []
    for character in text:
        if character in _ESCAPES:
            out.append(_ESCAPES[character])
        elif character != " " and unicodedata.category(character) in _UNPRINTABLE_CATEGORIES:
            code = ord(character)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(character)
    return "".join(out)


def nearest(word: str, candidates, limit: int = 3) -> list[str]:
    """The candidates closest in spelling to ``word``, best first."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(lookup_key(candidate), candidate)
    matches = difflib.get_close_matches(lookup_key(word), list(by_key), n=limit, cutoff=0.6)
    return [by_key[match] for match in matches]


def quoted_choice(items: list[str]) -> str:
    """'"A"', '"A" or "B"', '"A", "B" or "C"'."""
    quoted = [f'"{item}"' if not item.startswith('"') else item for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def did_you_mean(word: str, candidates, limit: int = 3) -> str:
    """' Did you mean "A" or "B"?' or an empty string."""
    matches = nearest(word, candidates, limit)
    return f" Did you mean {quoted_choice(matches)}?" if matches else ""
