"""The built sample site: article pages, the home page and its pagination."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def published_article_files() -> list[Path]:
    files = sorted((ROOT / "content" / "articles").rglob("*.md"))
    return [path for path in files if "\nstatus: draft" not in path.read_text(encoding="utf-8")]


def article_pages(site: Path) -> list[Path]:
    return sorted(site.glob("news/*/*/*/index.html"))


def test_article_count_in_equals_article_pages_out(sample_site):
    assert len(published_article_files()) >= 25
    assert len(article_pages(sample_site)) == len(published_article_files())


def test_every_article_page_shows_its_parts(sample_site):
    for page in article_pages(sample_site):
        html = soup(page)
        story = html.select_one("article.story")
        assert story.h1.get_text(strip=True), page
        assert story.select_one("time[datetime]"), page
        assert story.select_one(".standfirst").get_text(strip=True), page
        assert story.select_one(".story__body p"), page
        companies = [a["href"] for a in story.select(".entity-links a") if "/companies/" in a["href"]]
        assert companies, page


def test_founding_story_links_its_entities(sample_site):
    page = sample_site / "news/2024/05/vcanbio-cleared-to-test-vum02-in-aclf-and-ards/index.html"
    html = soup(page)
    links = {a["href"] for a in html.select(".entity-links a")}
    assert links == {
        "../../../../companies/vcanbio/",
        "../../../../products/vum02/",
        "../../../../diseases/acute-on-chronic-liver-failure/",
        "../../../../diseases/acute-respiratory-distress-syndrome/",
        "../../../../regulators/nmpa/",
        "../../../../events/trial-approval/",
    }
    assert "Fineline Info & Tech" in html.select_one(".byline").get_text()


def test_json_ld_describes_the_article_and_types_what_it_is_about(sample_site):
    page = sample_site / "news/2024/05/vcanbio-cleared-to-test-vum02-in-aclf-and-ards/index.html"
    data = json.loads(soup(page).select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == soup(page).h1.get_text(strip=True)
    assert data["datePublished"].startswith("2024-05-20")
    [company] = data["about"]
    assert (company["@type"], company["tickerSymbol"]) == ("Organization", ["SSE:600645"])
    mentioned = {item["@type"]: item for item in data["mentions"]}
    assert mentioned["Drug"] == {"@type": "Drug", "name": "VUM02", "url": "http://127.0.0.1:8000/products/vum02/"}
    assert {"@type": "MedicalCode", "codeValue": "J80", "codingSystem": "ICD-10"} in [
        code for item in data["mentions"] if item["@type"] == "MedicalCondition" for code in item.get("code", [])
    ]


def home_pages(site: Path) -> list[Path]:
    pages = [site / "index.html"]
    number = 2
    while (site / "page" / str(number) / "index.html").exists():
        pages.append(site / "page" / str(number) / "index.html")
        number += 1
    return pages


def test_home_lists_every_article_newest_first_across_pages(sample_site):
    pages = home_pages(sample_site)
    per_page = 20
    assert len(pages) == math.ceil(len(published_article_files()) / per_page)
    dates = []
    for page in pages:
        cards = soup(page).select("article.card")
        assert 0 < len(cards) <= per_page
        dates += [card.time["datetime"] for card in cards]
    assert len(dates) == len(published_article_files())
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("number", [1, 2])
def test_pagination_links_point_to_existing_pages(sample_site, number):
    page = home_pages(sample_site)[number - 1]
    for link in soup(page).select(".pagination a"):
        target = (page.parent / link["href"]).resolve()
        assert (target / "index.html").exists() or target.is_file(), link["href"]


def test_pages_and_404_are_built(sample_site):
    assert soup(sample_site / "about" / "index.html").h1.get_text(strip=True)
    assert "not found" in soup(sample_site / "404.html").h1.get_text().lower()
