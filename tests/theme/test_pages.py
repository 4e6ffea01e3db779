"""What every page of the theme promises: a canonical link and sharing tags, Chinese text marked as
Chinese, the section menu marked where the reader is, a menu that opens without JavaScript, nothing
fixed on the screen, dates that do not wrap, a print stylesheet and the article page's weight."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from .conftest import PAGE_TYPES, WIDTHS, open_page

LOCAL = "http://127.0.0.1:8000/"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
ARTICLE = PAGE_TYPES["article"]


def page_file(site: Path, url: str) -> Path:
    path = site / urlsplit(url).path
    return path / "index.html" if url == "" or url.endswith("/") else path


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(page_file(site, url).read_text(encoding="utf-8"), "lxml")


def meta(html: BeautifulSoup, key: str) -> str | None:
    tag = html.find("meta", attrs={"property": key}) or html.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_every_page_has_canonical_link_and_sharing_tags(sample_site, name):
    url = PAGE_TYPES[name].split("?")[0]
    html = soup(sample_site, url)
    if name != "404":
        assert html.find("link", rel="canonical")["href"] == LOCAL + url
    assert meta(html, "og:title") and meta(html, "og:description") and meta(html, "og:site_name") == "Pharma Pipeline News"
    assert meta(html, "twitter:card") == "summary_large_image"
    image = meta(html, "og:image")
    assert image.startswith(LOCAL)
    with Image.open(sample_site / image.removeprefix(LOCAL)) as picture:
        assert picture.size == (int(meta(html, "og:image:width")), int(meta(html, "og:image:height"))) == (1200, 630)


def test_an_article_is_shared_with_its_own_image_and_dates(sample_site):
    html = soup(sample_site, ARTICLE)
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == html.h1.get_text()
    assert meta(html, "og:image") == LOCAL + ARTICLE + "social.png"
    assert meta(html, "article:published_time").startswith("2024-05-20")
    assert meta(html, "article:section") == "Trial approval"


def test_an_entity_page_is_shared_with_its_own_image(sample_site):
    for url in ("companies/vcanbio/", "diseases/acute-on-chronic-liver-failure/", "events/approval/"):
        assert meta(soup(sample_site, url), "og:image") == LOCAL + url + "social.png"
    # Its later pages share the entity's image too.
    assert meta(soup(sample_site, "companies/vcanbio/"), "og:image") == LOCAL + "companies/vcanbio/social.png"


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_every_chinese_text_is_marked_as_chinese(sample_site, name):
    html = soup(sample_site, PAGE_TYPES[name].split("?")[0])
    unmarked = [
        text.strip() for text in html.body.find_all(string=HAN)
        if text.parent.name not in ("script", "style") and text.find_parent(attrs={"lang": True}).get("lang") != "zh"
    ]  # fmt: skip
    assert unmarked == []


def test_a_chinese_alias_among_the_facts_is_marked(sample_site):
    facts = soup(sample_site, "companies/vcanbio/").select_one(".facts")
    assert [span.get_text() for span in facts.select('[lang="zh"]')] == ["中源协和"]


@pytest.mark.parametrize(
    ("url", "current"),
    [("", "Latest"), ("companies/", "Companies"), ("companies/vcanbio/", "Companies"), ("diseases/acute-on-chronic-liver-failure/", "Diseases"),
     ("therapeutic-areas/hepatology/", "Therapeutic areas"), ("about/", None)],
)  # fmt: skip
def test_the_menu_marks_the_section_of_the_page(sample_site, url, current):
    marked = [link.get_text() for link in soup(sample_site, url).select(".site-nav a[aria-current=page]")]
    assert marked == ([current] if current else [])


def test_print_stylesheet_leaves_out_navigation(sample_site):
    stylesheet = next((sample_site / "theme" / "css").glob("site.*.css")).read_text(encoding="utf-8")
    rules = stylesheet[stylesheet.index("@media print"):]
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".related-stories"):
        assert hidden in rules.split("display: none")[0]


def test_an_article_page_weighs_at_most_50_kb_with_its_css_and_js(sample_site):
    page = page_file(sample_site, ARTICLE)
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    parts = [page] + [(page.parent / link["href"]).resolve() for link in html.select("link[rel=stylesheet]")]
    parts += [(page.parent / script["src"]).resolve() for script in html.select("script[src]")]
    assert sum(part.stat().st_size for part in parts) <= 50 * 1024


@pytest.mark.browser
def test_the_phone_menu_opens_without_javascript(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False, is_mobile=True, has_touch=True)
    try:
        tab = context.new_page()
        tab.goto(f"{site_url}/{ARTICLE}")
        nav = tab.get_by_role("navigation", name="Sections")
        assert not nav.is_visible()
        header = tab.locator(".site-header").bounding_box()
        assert header["height"] <= 64  # one row: the wordmark, search and the menu button
        tab.locator(".site-menu summary").click()
        assert nav.get_by_role("link", name="Companies").is_visible()
        assert tab.get_by_role("link", name="Search").is_visible()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_is_fixed_on_the_screen_and_dates_do_not_wrap(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        for name, path in PAGE_TYPES.items():
            tab = open_page(context, site_url, path)
            fixed = tab.evaluate("""() => [...document.querySelectorAll("body *")]
                .filter((element) => ["fixed", "sticky"].includes(getComputedStyle(element).position)).map((element) => element.className)""")
            assert fixed == [], name
            wrapped = tab.evaluate("""() => [...document.querySelectorAll("time")]
                .filter((time) => time.getClientRects().length > 1 || getComputedStyle(time).whiteSpace !== "nowrap").map((time) => time.textContent)""")
            assert wrapped == [], name
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, name
            tab.close()
    finally:
        context.close()
