"""The favicon set: the committed files are what theme/tools/icons.py draws, and every page links them."""

from __future__ import annotations

import importlib.util

from bs4 import BeautifulSoup
from PIL import Image

from ..conftest import ROOT

STATIC = ROOT / "theme" / "static"


def icons_module():
    spec = importlib.util.spec_from_file_location("icons", ROOT / "theme" / "tools" / "icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_icons_are_what_the_script_draws():
    for name, data in icons_module().files().items():
        assert (STATIC / name).read_bytes() == data, f"theme/static/{name} is stale: run python theme/tools/icons.py"


def test_icon_sizes():
    assert Image.open(STATIC / "img" / "apple-touch-icon.png").size == (180, 180)
    assert Image.open(STATIC / "img" / "icon-192.png").size == (192, 192)
    assert Image.open(STATIC / "favicon.ico").info["sizes"] == {(16, 16), (32, 32)}


def test_every_page_links_the_icons_and_the_browser_asks_for_nothing_missing(sample_site):
    assert (sample_site / "favicon.ico").read_bytes() == (STATIC / "favicon.ico").read_bytes()  # where browsers look by name
    for page in ("index.html", "news/2024/05/vcanbio-cleared-to-test-vum02-in-aclf-and-ards/index.html", "404.html"):
        head = BeautifulSoup((sample_site / page).read_text(encoding="utf-8"), "lxml").head
        icons = head.select("link[rel=icon], link[rel=apple-touch-icon]")
        assert sorted(link["href"].rsplit(".", 1)[1] for link in icons) == ["ico", "png", "png", "svg"]
        for link in icons:
            target = (sample_site / page).parent / link["href"] if not link["href"].startswith("/") else sample_site / link["href"][1:]
            assert target.resolve().is_file(), (page, link["href"])
        assert head.select_one("link[type='image/svg+xml']")["href"].endswith(".svg")
        colours = [meta["content"] for meta in head.select("meta[name=theme-color]")]
        assert len(colours) == 2 and all(colour.startswith("#") for colour in colours)
