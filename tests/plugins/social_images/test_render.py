"""Drawing one social image: lines that fit, the font that has every character, the same bytes each time."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from social_images import Card, CardRenderer, FontFile, FontMissing, GlyphMissing
from social_images.render import HEIGHT, WIDTH

from ...conftest import ROOT

FONTS = ROOT / "theme" / "fonts"
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")


@pytest.fixture(scope="module")
def renderer() -> CardRenderer:
    return CardRenderer([FontFile.load(FONTS / "DejaVuSans-Bold.ttf")], [FontFile.load(FONTS / "DejaVuSans.ttf")])


def card(title: str, facts: str = "20 May 2024 · Vcanbio · VUM02") -> Card:
    return Card("Trial approval", title, facts, "Pharma Pipeline News", "articles/2024/story.md")


def test_a_card_is_a_small_palette_png_of_the_open_graph_size(renderer):
    data = renderer.render(card("Vcanbio cleared by NMPA to test VUM02 stem cells in ACLF and ARDS"))
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.mode, image.size) == ("PNG", "P", (WIDTH, HEIGHT)) == ("PNG", "P", (1200, 630))
    assert len(data) < 60_000
    colours = {colour for _, colour in image.convert("RGB").getcolors(256)}
    assert (255, 255, 255) in colours and (11, 37, 69) in colours  # white text on the site's navy


def test_the_same_card_gives_the_same_bytes(renderer):
    assert renderer.render(card("Same title")) == renderer.render(card("Same title"))
    assert renderer.render(card("Same title")) != renderer.render(card("Other title"))


def test_lines_break_between_words_and_within_words_too_long_for_a_line(renderer):
    font = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 60)
    lines = renderer.wrap("Vcanbio cleared by NMPA to test acute-on-chronic liver failure", font, 500)
    assert " ".join(lines).replace("- ", "-") == "Vcanbio cleared by NMPA to test acute-on-chronic liver failure"
    assert all(font.getlength(line) <= 500 for line in lines)
    long_word = renderer.wrap("Pneumonoultramicroscopicsilicovolcanoconiosis", font, 400)
    assert len(long_word) > 1 and "".join(long_word) == "Pneumonoultramicroscopicsilicovolcanoconiosis"
    assert renderer.wrap("中源协和细胞基因工程股份有限公司", font, 200) != ["中源协和细胞基因工程股份有限公司"]


def test_a_long_headline_shrinks_then_ends_with_an_ellipsis(renderer):
    short_font, short = renderer.title_lines(card("A short headline"), 1056)
    long_font, long = renderer.title_lines(card(" ".join(["Northwind"] * 40)), 1056)
    assert len(short) == 1 and long_font.size < short_font.size
    assert len(long) == 4 and long[-1].endswith("…")


def test_a_character_no_font_has_is_an_error_that_names_it_the_file_and_the_fix(renderer):
    with pytest.raises(GlyphMissing) as error:
        renderer.fonts_of(card("Vcanbio 中源协和 wins approval"))
    message = str(error.value)
    assert message.startswith("articles/2024/story.md: the social image cannot draw 中 (U+4E2D)")
    assert "apt-get install fonts-noto-cjk" in message and "SOCIAL_IMAGE_FALLBACK_FONTS" in message


def test_chinese_is_drawn_with_the_fallback_font():
    if not NOTO_CJK.is_file():
        pytest.skip(f"{NOTO_CJK} is missing (apt-get install fonts-noto-cjk)")
    fallback = CardRenderer([FontFile.load(FONTS / "DejaVuSans-Bold.ttf"), FontFile(NOTO_CJK)], [FontFile.load(FONTS / "DejaVuSans.ttf")])
    used = fallback.fonts_of(card("中源协和获批临床试验"))
    assert FontFile(NOTO_CJK) in used
    assert Image.open(io.BytesIO(fallback.render(card("中源协和获批临床试验")))).size == (1200, 630)


def test_a_missing_font_file_is_named():
    with pytest.raises(FontMissing, match="nowhere/Bold.ttf: no such font file"):
        FontFile.load(Path("nowhere/Bold.ttf"))
