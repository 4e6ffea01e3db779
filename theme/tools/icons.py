"""The site's mark (a rounded square with three bars, like the phases of a pipeline chart) in every
form browsers ask for: ``img/icon.svg``, ``favicon.ico`` (16 and 32 px), ``img/icon-192.png`` and
``img/apple-touch-icon.png``.

One geometry drawn twice, as SVG text and with Pillow, so the files cannot drift apart; the files are
committed under theme/static and tests/theme/test_icons.py checks that this script still makes them.
Run ``python theme/tools/icons.py`` after changing the mark.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parents[1] / "static"
SIZE = 64  # the design grid
SQUARE = "#0e7c86"
BARS = "#ffffff"
BACKGROUND = "#0b2545"  # behind the square where a platform wants no transparency (apple-touch-icon)
CORNER = 14
# (x, y, width, height) of each bar on the 64-unit grid: further phases, longer bars.
BAR_SHAPES = ((14, 16, 18, 8), (14, 28, 28, 8), (14, 40, 36, 8))
SUPERSAMPLE = 8


def svg() -> str:
    bars = "".join(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{h // 2}" fill="{BARS}"/>' for x, y, w, h in BAR_SHAPES)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">'
            f'<rect width="{SIZE}" height="{SIZE}" rx="{CORNER}" fill="{SQUARE}"/>{bars}</svg>\n')  # fmt: skip


def raster(pixels: int, background: str | None = None, inset: float = 0.0) -> Image.Image:
    """The mark at ``pixels`` square; ``inset`` (a fraction) leaves a margin of ``background``."""
    big = pixels * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), background or (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    margin = big * inset
    unit = (big - 2 * margin) / SIZE

    def box(x, y, w, h):
        return (margin + x * unit, margin + y * unit, margin + (x + w) * unit - 1, margin + (y + h) * unit - 1)

    radius = 0 if background and not inset else CORNER * unit
    draw.rounded_rectangle(box(0, 0, SIZE, SIZE), radius=radius, fill=SQUARE)
    for x, y, w, h in BAR_SHAPES:
        draw.rounded_rectangle(box(x, y, w, h), radius=h / 2 * unit, fill=BARS)
    return image.resize((pixels, pixels), Image.Resampling.LANCZOS)


def files() -> dict[str, bytes]:
    """Path under theme/static -> bytes."""
    touch = io.BytesIO()
    raster(180, background=SQUARE).convert("RGB").save(touch, "PNG", optimize=True)
    icon = io.BytesIO()
    raster(192).save(icon, "PNG", optimize=True)
    ico = io.BytesIO()
    raster(32).save(ico, "ICO", sizes=[(16, 16), (32, 32)])
    return {"img/icon.svg": svg().encode(), "img/icon-192.png": icon.getvalue(), "img/apple-touch-icon.png": touch.getvalue(),
            "favicon.ico": ico.getvalue()}


def main() -> int:
    for name, data in files().items():
        (STATIC / name).parent.mkdir(parents=True, exist_ok=True)
        (STATIC / name).write_bytes(data)
        print(f"wrote theme/static/{name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
