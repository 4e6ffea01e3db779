"""The search page in a real browser: Debian's Chromium through Playwright, on the served sample site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VUM02_STORY = "/news/2024/05/vcanbio-cleared-to-test-vum02-in-aclf-and-ards/"
NORTHWIND = "Northwind Biologics"


def status(page):
    return page.locator("[data-search-status]")


def result_links(page):
    return page.locator("[data-search-results] .search-result__title a")


def result_paths(page) -> list[str]:
    """Every result's path, clicking "Show more results" until all are listed."""
    more = page.locator("[data-search-more]")
    while more.is_visible():
        count = result_links(page).count()
        more.click()
        expect(result_links(page)).not_to_have_count(count)
    return [urlsplit(href).path for href in result_links(page).evaluate_all("links => links.map(link => link.href)")]


def search_for(page, site_url, query: str):
    page.goto(f"{site_url}/search/")
    box = page.get_by_role("searchbox", name="Search for")
    box.focus()
    page.keyboard.type(query)
    expect(status(page)).to_contain_text(f"“{query}”")


def articles_of_company(site: Path, company: str) -> set[str]:
    """Article paths whose company links name the company, read from the built pages."""
    paths = set()
    for path in site.glob("news/*/*/*/index.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        row = next((row for row in page.select(".entity-links > div") if row.dt.get_text() == "Companies"), None)
        if row is not None and company in [a.get_text() for a in row.select("dd a")]:
            paths.add("/" + path.parent.relative_to(site).as_posix() + "/")
    return paths


@pytest.mark.parametrize("query", ["600645", "中源协和", "ACLF", "acute-on-chronic liver failure"])
def test_each_name_of_the_story_finds_it_near_the_top(page, site_url, query):
    search_for(page, site_url, query)
    assert VUM02_STORY in result_paths(page)[:3]
    first = page.locator("[data-search-results] li").first
    expect(first.locator("time[datetime]")).to_have_count(1)
    expect(first.locator(".search-result__companies")).not_to_be_empty()
    expect(page.locator("[data-search-results] mark").first).to_be_visible()
    assert parse_qs(urlsplit(page.url).query)["q"] == [query]


def test_a_match_on_another_name_shows_the_summary_and_that_name(page, site_url):
    search_for(page, site_url, "600645")
    excerpts = page.locator("[data-search-results] .search-result__excerpt")
    expect(excerpts.first).to_be_visible()
    texts = excerpts.all_inner_texts()
    assert not [text for text in texts if "SHA 600645" in text], texts
    matched = page.locator("[data-search-results] .search-result__matched")
    expect(matched.first).to_have_text("Matched name: 600645")


def test_a_company_filter_narrows_a_broad_query_to_that_company(page, site_url, sample_site):
    search_for(page, site_url, "trial")
    everything = result_paths(page)
    northwind = page.get_by_role("group", name="Company").get_by_role("checkbox", name=re.compile(NORTHWIND))
    label = northwind.evaluate("box => box.closest('label').textContent.trim()")
    offered = int(re.search(r"(\d+) results?$", label)[1])
    northwind.check()
    expect(status(page)).to_contain_text(f"Company: {NORTHWIND}")
    narrowed = result_paths(page)
    northwind_articles = articles_of_company(sample_site, NORTHWIND)
    expected = [path for path in everything if path in northwind_articles]
    assert 0 < len(narrowed) < len(everything)
    assert sorted(narrowed) == sorted(expected)
    assert len(narrowed) == offered  # the count beside the filter told the truth
    assert parse_qs(urlsplit(page.url).query) == {"q": ["trial"], "company": [NORTHWIND]}


def test_a_shared_url_restores_the_query_and_its_results(page, site_url, browser):
    page.goto(f"{site_url}/search/?q=ACLF")
    expect(page.get_by_role("searchbox", name="Search for")).to_have_value("ACLF")
    expect(status(page)).to_contain_text("“ACLF”")
    shown = result_paths(page)
    assert VUM02_STORY in shown
    other = browser.new_page()
    try:
        other.goto(page.url)
        expect(status(other)).to_contain_text("“ACLF”")
        assert result_paths(other) == shown
    finally:
        other.close()


def test_filters_and_sort_in_the_url_are_restored(page, site_url, sample_site):
    page.goto(f"{site_url}/search/?q=trial&company={NORTHWIND.replace(' ', '+')}&sort=newest")
    expect(status(page)).to_contain_text(f"Company: {NORTHWIND}")
    expect(page.get_by_role("checkbox", name=re.compile(NORTHWIND))).to_be_checked()
    expect(page.get_by_label("Sort by")).to_have_value("newest")
    paths = result_paths(page)
    assert paths and set(paths) <= articles_of_company(sample_site, NORTHWIND)
    dates = page.locator("[data-search-results] time").evaluate_all("times => times.map(time => time.dateTime)")
    assert dates == sorted(dates, reverse=True)


def test_filters_alone_browse_the_stories_newest_first(page, site_url, sample_site):
    page.goto(f"{site_url}/search/?year=2025&company={NORTHWIND.replace(' ', '+')}")
    expect(status(page)).to_contain_text("Year: 2025")
    paths = result_paths(page)
    assert paths and set(paths) <= articles_of_company(sample_site, NORTHWIND)
    assert all(path.startswith("/news/2025/") for path in paths)


def test_by_keyboard_alone(page, site_url):
    page.goto(f"{site_url}/search/")
    page.get_by_role("searchbox", name="Search for").focus()
    page.keyboard.type("VUM02")
    expect(result_links(page).first).to_be_visible()
    # A filter is a checkbox: Space picks it, and focus stays on it while the results change.
    page.keyboard.press("Enter")
    box = page.get_by_role("group", name="Year").get_by_role("checkbox").first
    box.focus()
    page.keyboard.press("Space")
    expect(status(page)).to_contain_text("Year:")
    expect(page.get_by_role("group", name="Year").get_by_role("checkbox", checked=True)).to_be_focused()
    first = result_links(page).first
    first.focus()
    href = first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    expect(page.locator("article.story h1")).to_be_visible()


def test_the_header_form_of_any_page_starts_a_search(page, site_url):
    page.goto(f"{site_url}{VUM02_STORY}")
    page.locator("header").get_by_role("searchbox").fill("中源协和")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    expect(status(page)).to_contain_text("“中源协和”")
    assert VUM02_STORY in result_paths(page)[:3]


def test_without_javascript_the_page_says_so_and_links_the_directories(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/search/?q=ACLF")
        # Playwright's text and role locators skip <noscript>; CSS ones see what the reader sees.
        notice = page.locator("main noscript p")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("needs JavaScript")
        hrefs = notice.locator("a").evaluate_all("links => links.map(link => link.pathname)")
        assert hrefs == ["/companies/", "/diseases/", "/products/", "/regulators/", "/therapeutic-areas/"]
        expect(page.locator("#search-query")).to_be_hidden()
    finally:
        context.close()


def test_fits_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/search/?q=NMPA")
        expect(status(page)).to_contain_text("“NMPA”")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        filters = page.locator("[data-search-filters]")
        expect(filters).not_to_have_attribute("open", "")  # folded, so results come first
        page.get_by_text("Filters", exact=False).first.click()
        expect(page.get_by_role("group", name="Company")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_excerpts_are_the_story_own_words_not_its_headline_or_names(page, site_url):
    search_for(page, site_url, "VUM02")
    expect(page.locator("[data-search-results] .search-result__excerpt").first).to_be_visible()
    results = page.locator("[data-search-results] li").evaluate_all(
        """items => items.map(item => ({title: item.querySelector("h3").textContent,
                                        excerpt: item.querySelector(".search-result__excerpt").textContent}))""")
    assert len(results) >= 5
    for result in results:
        assert result["title"] not in result["excerpt"], result
        assert not result["excerpt"].startswith("Other"), result
        assert "; " not in result["excerpt"].split("Matched name:")[0], result  # no run of names


# A layout-shift observer installed before the page's own scripts run.
LAYOUT_SHIFTS = """window.layoutShift = 0;
new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value; })
  .observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_the_page_does_not_shift_while_search_starts_and_shows_results(browser, site_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        context.add_init_script(LAYOUT_SHIFTS)
        tab = context.new_page()
        tab.goto(f"{site_url}/search/?q=VUM02")
        expect(status(tab)).to_contain_text("“VUM02”")
        expect(result_links(tab).first).to_be_visible()
        tab.wait_for_timeout(300)
        assert tab.evaluate("window.layoutShift") < 0.05
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_the_first_result_is_within_five_tab_presses(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(f"{site_url}/search/?q=VUM02")
        first = result_links(tab).first
        expect(first).to_be_visible()
        expect(tab.get_by_role("searchbox", name="Search for")).to_be_focused()
        for presses in range(1, 6):
            tab.keyboard.press("Tab")
            if first.evaluate("link => link === document.activeElement"):
                break
        expect(first).to_be_focused()
        assert presses <= 5
    finally:
        context.close()
