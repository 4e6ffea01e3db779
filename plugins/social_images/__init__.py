"""Social images: the picture a link to an article or an entity page shows when it is shared.

At every build, each article gets a 1200×630 PNG with its event, headline, date and the names of
its companies and products, and each entity or term page one with its kind, name and facts; the
site gets one for its other pages. They are drawn with Pillow (``render``), with the DejaVu fonts
the theme ships (theme/fonts) and, for text in Chinese, Debian's Noto CJK (fonts-noto-cjk) when
installed: a character no font has stops the build with a message naming it, the file and the fix.

An image sits beside its page, at the page's URL + ``SOCIAL_IMAGE_NAME``
(``news/2024/05/<slug>/social.png``), so templates find it from the page's own object; they read
the name and size from ``social_images`` in the page globals (``macros.social_meta``).
"""

from pathlib import Path

from pelican import signals

from content_model import Setting
from content_model.settings import install_declared

from .generator import SocialImagesGenerator
from .render import Card, CardRenderer, FontFile, FontMissing, GlyphMissing

REQUIRES = ("news", "entity_pages")

NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"


def _theme_fonts(settings) -> dict:
    fonts = Path(settings["THEME"]) / "fonts"
    return {"bold": (str(fonts / "DejaVuSans-Bold.ttf"),), "regular": (str(fonts / "DejaVuSans.ttf"),)}


def _fonts_problem(value) -> str | None:
    if set(value) != {"bold", "regular"} or not all(isinstance(paths, (tuple, list)) for paths in value.values()):
        return 'must map "bold" and "regular" to lists of font files, e.g. {"bold": ("fonts/Bold.ttf",), "regular": (...)}'
    return None


SETTINGS = (
    Setting("SOCIAL_IMAGE_NAME", str, "social.png", "File name of a page's social image, appended to the page's URL."),
    Setting("SOCIAL_IMAGE_SITE_SAVE_AS", str, "social.png", "The site's social image, for pages without their own."),
    Setting("SOCIAL_IMAGE_FONTS", dict, _theme_fonts,
            "Font files the social images are drawn with, tried in order for each string: they must exist.", check=_fonts_problem),
    Setting("SOCIAL_IMAGE_FALLBACK_FONTS", dict, {"bold": (NOTO_CJK.format("Bold"),), "regular": (NOTO_CJK.format("Regular"),)},
            "Font files tried after SOCIAL_IMAGE_FONTS (Chinese: Debian's fonts-noto-cjk); those missing are left out.",
            check=_fonts_problem),
)  # fmt: skip


def get_generators(pelican):
    return SocialImagesGenerator


def register() -> None:
    signals.initialized.connect(install_declared)
    signals.get_generators.connect(get_generators)


__all__ = ["REQUIRES", "SETTINGS", "Card", "CardRenderer", "FontFile", "FontMissing", "GlyphMissing", "SocialImagesGenerator", "register"]
