"""The focus ring: every element the Tab key reaches shows an outline of at least 3:1 against the
colour behind it (WCAG 2.2, 1.4.11 and 2.4.13), on light and dark pages, in the dark header too."""

from __future__ import annotations

import pytest

from .conftest import PAGE_TYPES, WIDTHS, open_page

pytestmark = pytest.mark.browser

# After one Tab press (so the browser shows focus as for the keyboard), focus each element a Tab
# could reach and read its outline and the first opaque background behind it, as sRGB triples.
RINGS = """() => {
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const tabbable = [...document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")]
    .filter((element) => element.tabIndex >= 0 && !element.disabled && element.checkVisibility({ visibilityProperty: true }));
  return tabbable.map((element) => {
    element.focus();
    const style = getComputedStyle(element);
    // An outline outside the element is seen against what is behind the element, not the element's own fill.
    let node = parseFloat(style.outlineOffset) >= 0 ? element.parentElement : element, background = null;
    while (node && !background) {
      const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor);
      if (a > 0.5) background = [r, g, b];
      node = node.parentElement;
    }
    return {
      element: element.outerHTML.slice(0, 80),
      focused: document.activeElement === element && element.matches(":focus-visible"),
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      ring: rgb(style.outlineColor).slice(0, 3),
      background: background || rgb(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3),
    };
  });
}"""


def luminance(rgb) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_follows_wcag():
    assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0
    assert round(contrast((118, 118, 118), (255, 255, 255)), 2) == 4.54


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_focus_ring_stands_out(browser, site_url, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    weak, checked = [], 0
    try:
        for name, path in PAGE_TYPES.items():
            tab = open_page(context, site_url, path)
            tab.keyboard.press("Tab")
            for ring in tab.evaluate(RINGS):
                checked += 1
                ratio = contrast(ring["ring"], ring["background"])
                if not ring["focused"] or ring["style"] == "none" or ring["width"] < 2 or ratio < 3:
                    weak.append(f"{name}: {ring['element']}: {ring['style']} {ring['width']}px, {ratio:.2f}:1")
            tab.close()
    finally:
        context.close()
    assert checked > len(PAGE_TYPES) * 10
    assert weak == [], "\n".join(weak)
