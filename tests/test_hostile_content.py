"""Hostile but valid metadata and bodies come out inert in every context."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import FIXTURES, build_content

HOSTILE_ARTICLE = "news/2024/06/hostile-title/index.html"


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    return build_content(FIXTURES / "hostile-site", tmp_path_factory.mktemp("hostile") / "output")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_gains_a_script_handler_or_javascript_url(hostile_site):
    for page in html_pages(hostile_site):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for script in html.find_all("script"):
            assert script.get("type") == "application/ld+json" or script.get("src"), (page, script)
        for tag in html.find_all(True):
            assert not [name for name in tag.attrs if name.lower().startswith("on")], (page, tag)
            for name in ("href", "src", "action"):
                assert not str(tag.get(name, "")).strip().lower().startswith("javascript:"), (page, tag)
        for name in ("iframe", "style", "object", "embed"):
            assert not html.find(name), (page, name)


def test_hostile_title_is_text_in_heading_title_and_meta(hostile_site):
    page = hostile_site / HOSTILE_ARTICLE
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    title = "<script>alert('title')</script> & \"quotes\" 中源协和 </title>"
    assert html.h1.get_text() == title
    assert html.title.get_text().startswith(title)
    assert html.find("meta", attrs={"name": "description"})["content"].startswith("Summary with </script>")


def test_json_ld_holds_the_text_and_cannot_close_its_script(hostile_site):
    raw = (hostile_site / HOSTILE_ARTICLE).read_text(encoding="utf-8")
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    assert data["headline"] == "<script>alert('title')</script> & \"quotes\" 中源协和 </title>"
    assert "<" not in block


def test_hostile_entity_name_stays_inside_its_attribute_and_text(hostile_site):
    page = hostile_site / HOSTILE_ARTICLE
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    link = next(a for a in html.select(".entity-links a") if "onmouseover" in a.get_text())
    assert link.get_text() == '" onmouseover="alert(1)'
    disease = BeautifulSoup((hostile_site / "diseases/hostile/index.html").read_text(encoding="utf-8"), "lxml")
    assert disease.h1.get_text(strip=True) == '" onmouseover="alert(1)'
    assert "</script><script>alert(2)</script>" in disease.select_one(".standfirst").get_text()


def test_body_keeps_safe_markup_only(hostile_site):
    html = BeautifulSoup((hostile_site / HOSTILE_ARTICLE).read_text(encoding="utf-8"), "lxml")
    body = html.select_one(".story__body")
    assert body.find("a", href="https://example.com/ok")
    assert body.find("strong").get_text() == "bold"
    assert not body.find("form") and not body.find("input")
    assert [img.attrs for img in body.find_all("img")] in ([], [{"src": "x"}])
