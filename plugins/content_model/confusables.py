"""Names that only look alike: a Cyrillic "с" in "Vсanbio" makes a second Vcanbio.

The Unicode confusables data comes from the maintained ``confusable_homoglyphs``
package; this module only reduces a name to a skeleton (each letter replaced by
its Latin look-alike) and spots words that mix Latin, Cyrillic and Greek
letters and invisible characters, which honest names never hold. Chinese
beside Latin ("VUM02注射液") is fine.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from confusable_homoglyphs import categories, confusables

LOOK_ALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})
_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)
def _latin_look_alike(character: str) -> str:
    found = confusables.is_confusable(character, preferred_aliases=["latin"])
    if not found:
        return character
    for glyph in found[0]["homoglyphs"]:
        if glyph["c"].isascii():
            return glyph["c"].lower()
    return character


def confusable_skeleton(text: str) -> str:
    """``text`` with every letter that has a Latin look-alike replaced by it."""
    return "".join(character if character.isascii() else _latin_look_alike(character) for character in text)


def invisible_character_problem(name: str) -> str | None:
    """A message if ``name`` holds an invisible format character (zero-width space, soft hyphen, direction mark):
    "Vcan\u200bbio" shows as "Vcanbio" but is another name."""
    for character in name:
        if unicodedata.category(character) == "Cf":
            described = f"U+{ord(character):04X} {unicodedata.name(character, '')}".rstrip()
            return f'the name "{name}" holds the invisible character {described}; delete it, so it is spelt as it looks'
    return None


def mixed_script_problem(name: str) -> str | None:
    """A message if a word of ``name`` mixes Latin, Cyrillic or Greek letters, else None."""
    if name.isascii():
        return None
    for word in _WORD.findall(name):
        scripts = {categories.alias(character) for character in word} & LOOK_ALIKE_SCRIPTS
        if len(scripts) < 2:
            continue
        counts = {script: sum(categories.alias(c) == script for c in word) for script in scripts}
        main = max(sorted(counts), key=counts.get)
        odd = [c for c in word if categories.alias(c) in scripts - {main}]
        described = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in dict.fromkeys(odd))
        return (
            f'the name "{name}" mixes alphabets in the word "{word}" ({described}); '
            f"it looks like plain {main.title()} but is not: type it again"
        )
    return None
