"""Drawing a social image (the picture a link preview shows) with Pillow: plain Python, no Pelican.

A ``Card`` says what the image shows (a kicker, the headline, a line of facts); ``CardRenderer``
draws it on the site's colours with the fonts it is given. Pillow draws each string with one font,
so a string is drawn with the first font that has every one of its characters (DejaVu for Latin,
Greek and Cyrillic, Noto CJK for Chinese): a character no font has is an error that names it,
never a box in the picture.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from PIL import Image, ImageDraw, ImageFont

from content_model import BuildError

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BACKGROUND = "#0b2545"
MARK = "#0e7c86"
KICKER = "#7fd6de"
TITLE = "#ffffff"
FACTS = "#c5d3e6"
TITLE_SIZES = (68, 60, 54, 48, 44)
# The bars of the site's mark on its 64-unit square, as theme/tools/icons.py draws the favicons.
MARK_BARS = ((14, 16, 18, 8), (14, 28, 28, 8), (14, 40, 36, 8))
TITLE_LINES = 4
# Scripts written without spaces between words (CJK ideographs, kana, Hangul, full-width forms).
_UNSPACED = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
# What a line may break after: a word with its spaces, a hyphen, or any one character of those scripts.
_TOKENS = re.compile(rf"[{_UNSPACED}]\s*|[^\s{_UNSPACED}-]*-\s*|[^\s{_UNSPACED}-]+\s*|\s+")


class FontMissing(BuildError):
    """A font file the social images need is not there."""


class GlyphMissing(BuildError):
    """Text to draw has a character that none of the social images' fonts has."""


@dataclass(frozen=True)
class Card:
    """What one social image shows; ``source`` names what it is made from, for messages."""

    kicker: str
    title: str
    facts: str
    site_name: str
    source: str = ""


@dataclass(frozen=True)
class FontFile:
    """A font file (of a .ttc collection, its first font); its characters are read when first needed,
    so a fallback font costs nothing while the first fonts have every character."""

    path: Path

    @classmethod
    def load(cls, path: Path) -> FontFile:
        if not path.is_file():
            raise FontMissing(f"{path}: no such font file; see SOCIAL_IMAGE_FONTS")
        return cls(path)

    @functools.cached_property
    def characters(self) -> frozenset[str]:
        if self.path.suffix.lower() == ".ttc":
            font = TTCollection(str(self.path), lazy=True).fonts[0]
        else:
            font = TTFont(str(self.path), lazy=True)
        # As strings: a set of a text's characters is compared with it in one step.
        return frozenset(map(chr, font.getBestCmap()))


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[index : index + 2], 16) for index in (1, 3, 5))  # type: ignore[return-value]


def palette_image() -> Image.Image:
    """A "P" image whose palette holds every colour a card can have: each text colour on its background
    and the 32 blends between them that anti-aliasing makes."""
    pairs = ((BACKGROUND, TITLE), (BACKGROUND, KICKER), (BACKGROUND, FACTS), (BACKGROUND, MARK), (MARK, "#ffffff"))
    colours = []
    for start, end in pairs:
        low, high = _rgb(start), _rgb(end)
        colours += [tuple(round(a + (b - a) * step / 31) for a, b in zip(low, high)) for step in range(32)]
    image = Image.new("P", (1, 1))
    image.putpalette([channel for colour in colours for channel in colour])
    return image


class CardRenderer:
    """Draws cards with ``bold`` and ``regular`` font lists, each tried in order for every string."""

    def __init__(self, bold: list[FontFile], regular: list[FontFile]):
        self.bold = bold
        self.regular = regular
        self.palette = palette_image()
        self.loaded: dict[tuple[Path, int], ImageFont.FreeTypeFont] = {}
        self.backgrounds: dict[str, Image.Image] = {}

    def font_for(self, text: str, fonts: list[FontFile], size: int, card: Card) -> ImageFont.FreeTypeFont:
        """The font for ``text`` at ``size``, loaded once per renderer (a few sizes of two or three files make every card)."""
        key = (self.font_file(text, fonts, card).path, size)
        if key not in self.loaded:
            self.loaded[key] = ImageFont.truetype(str(key[0]), size, layout_engine=ImageFont.Layout.BASIC)
        return self.loaded[key]

    @staticmethod
    def font_file(text: str, fonts: list[FontFile], card: Card) -> FontFile:
        """The first of ``fonts`` with every character of ``text``; GlyphMissing if none has."""
        present = set(text)
        if present <= fonts[0].characters:  # the common case, in one comparison: every card is checked each build
            return fonts[0]
        needed = {character for character in present if not character.isspace() and unicodedata.category(character)[0] != "C"}
        for font in fonts:
            if needed <= font.characters:
                return font
        missing = sorted(map(ord, needed - set().union(*(font.characters for font in fonts))))
        shown = ", ".join(f"{chr(code)} (U+{code:04X})" for code in missing[:5]) or "a mix no single font has"
        raise GlyphMissing(
            f"{card.source}: the social image cannot draw {shown}: no font of {', '.join(str(font.path) for font in fonts)} has it. "
            "For Chinese, install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk); or add a font that has it to "
            "SOCIAL_IMAGE_FALLBACK_FONTS."
        )

    @staticmethod
    def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
        """Lines of at most ``width`` pixels, broken between words (or characters of Chinese text)."""
        lines, line = [], ""
        for token in _TOKENS.findall(text):
            if font.getlength((line + token).rstrip()) <= width:
                line += token
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = token.lstrip()
            while font.getlength(line.rstrip()) > width:  # a word wider than the line: cut it
                cut = len(line) - 1
                while cut > 1 and font.getlength(line[:cut]) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        if line.strip():
            lines.append(line.rstrip())
        return lines

    def fonts_of(self, card: Card) -> set[FontFile]:
        """The font files the card is drawn with; GlyphMissing if a string has a character none has."""
        strings = ((card.kicker.upper(), self.bold), (card.title, self.bold), (card.facts, self.regular), (card.site_name, self.bold))
        return {self.font_file(text, fonts, card) for text, fonts in strings}

    def title_lines(self, card: Card, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
        """The largest title size at which the headline fits; at the smallest, cut with an ellipsis."""
        for size in TITLE_SIZES:
            font = self.font_for(card.title, self.bold, size, card)
            lines = self.wrap(card.title, font, width)
            if len(lines) <= TITLE_LINES:
                return font, lines
        lines = lines[:TITLE_LINES]
        last = lines[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
        return font, lines

    def background(self, card: Card) -> Image.Image:
        """A copy of what every card of a site shows: the colours, the bar and the site's mark and name
        (drawn once per renderer: a tenth of a card's time). Nothing else is drawn where the mark is."""
        if card.site_name not in self.backgrounds:
            image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
            draw = ImageDraw.Draw(image)
            draw.rectangle((0, 0, 16, HEIGHT), fill=MARK)
            self.brand(draw, card, HEIGHT - MARGIN)
            self.backgrounds[card.site_name] = image
        return self.backgrounds[card.site_name].copy()

    def render(self, card: Card) -> bytes:
        image = self.background(card)
        draw = ImageDraw.Draw(image)
        text_width = WIDTH - 2 * MARGIN
        top = MARGIN
        if card.kicker:
            kicker = self.font_for(card.kicker.upper(), self.bold, 28, card)
            draw.text((MARGIN, top), card.kicker.upper(), font=kicker, fill=KICKER)
            top += 64
        font, lines = self.title_lines(card, text_width)
        line_height = round(font.size * 1.18)
        for line in lines:
            draw.text((MARGIN, top), line, font=font, fill=TITLE)
            top += line_height
        bottom = HEIGHT - MARGIN
        if card.facts:
            facts_font = self.font_for(card.facts, self.regular, 30, card)
            facts = self.wrap(card.facts, facts_font, text_width)[:2]
            y = bottom - 64 - 42 * len(facts)
            for line in facts:
                draw.text((MARGIN, y), line, font=facts_font, fill=FACTS)
                y += 42
        data = io.BytesIO()
        # A palette PNG of the card's colours and the blends of their anti-aliased edges: a third of the
        # bytes of RGB, and mapping to a fixed palette is four times faster than choosing one per image.
        image.quantize(palette=self.palette, dither=Image.Dither.NONE).save(data, "PNG", compress_level=3)
        return data.getvalue()

    def brand(self, draw: ImageDraw.ImageDraw, card: Card, bottom: int) -> None:
        """The site's mark and name, bottom left."""
        size = 40
        top = bottom - size
        draw.rounded_rectangle((MARGIN, top, MARGIN + size, bottom), radius=9, fill=MARK)
        unit = size / 64
        for x, y, w, h in MARK_BARS:
            draw.rounded_rectangle((MARGIN + x * unit, top + y * unit, MARGIN + (x + w) * unit, top + (y + h) * unit), radius=h * unit / 2,
                                   fill="#ffffff")  # fmt: skip
        name = self.font_for(card.site_name, self.bold, 30, card)
        draw.text((MARGIN + size + 16, top + size / 2), card.site_name, font=name, fill=TITLE, anchor="lm")
