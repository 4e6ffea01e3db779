"""axe-core on one page of every type, at a phone's and a desktop's width: no violation of WCAG 2.x
A/AA or of axe's best practices; in dark mode (where only colours change), none of its colour rules."""

from __future__ import annotations

import pytest

from .conftest import AXE, PAGE_TYPES, WIDTHS, open_page, require

pytestmark = pytest.mark.browser

COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def describe(violation: dict) -> str:
    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
    return f'{violation["id"]} ({violation["impact"]}): {violation["help"]} at {targets}'


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violations(browser, site_url, width, scheme):
    axe = require(AXE, "axe-core").read_text(encoding="utf-8")
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    found = []
    try:
        for name, path in PAGE_TYPES.items():
            tab = open_page(context, site_url, path)
            tab.evaluate(axe)
            options = {"resultTypes": ["violations"], **({"runOnly": COLOUR_RULES} if scheme == "dark" else {})}
            result = tab.evaluate("options => axe.run(document, options)", options)
            found += [f"{name} ({path or '/'}): {describe(violation)}" for violation in result["violations"]]
            assert result["testEngine"]["name"] == "axe-core" and result["passes"], f"axe checked nothing on {name}"
            tab.close()
    finally:
        context.close()
    assert found == [], "\n".join(found)
