"""The theme's checks on the built sample site: one page of every type, the npm tools that check
them (axe-core, the Nu HTML checker; package.json pins them, `npm ci` installs them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..conftest import ROOT

NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDTHS = (390, 1366)

# One page of each type the sample site has, by site-relative URL.
PAGE_TYPES = {
    "home": "",
    "home, page 2": "page/2/",
    "article": "news/2024/05/vcanbio-cleared-to-test-vum02-in-aclf-and-ards/",
    "company": "companies/vcanbio/",
    "disease": "diseases/acute-on-chronic-liver-failure/",
    "product": "products/vum02/",
    "regulator": "regulators/nmpa/",
    "therapeutic area": "therapeutic-areas/hepatology/",
    "event": "events/approval/",
    "directory": "companies/",
    "search": "search/?q=VUM02",
    "subscribe": "feeds/",
    "page": "about/",
    "404": "404.html",
}


def require(path: Path, what: str) -> Path:
    """An installed npm file: missing, it fails the run in CI and skips the test elsewhere."""
    if not path.is_file():
        message = f"{what} needs {path.relative_to(ROOT)}: run `npm ci` in {ROOT}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def open_page(context, site_url: str, path: str):
    """A tab on the page, settled: the search page once its results are shown."""
    tab = context.new_page()
    missing = path == "404.html"
    response = tab.goto(f"{site_url}/{'no-such-page/' if missing else path}")  # the 404 page as servers show it
    assert response.status == (404 if missing else 200), path
    if path.startswith("search/"):
        tab.locator("[data-search-results] li").first.wait_for()
    return tab
