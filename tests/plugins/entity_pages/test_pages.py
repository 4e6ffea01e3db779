"""Entity pages, directories and article navigation in built sites."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from ...conftest import FIXTURE_SITE, ROOT, build_content


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def page_chain(first: Path) -> list[Path]:
    """An entity page and its pagination pages, in order."""
    pages, number = [first], 2
    while (first.parent / "page" / str(number) / "index.html").exists():
        pages.append(first.parent / "page" / str(number) / "index.html")
        number += 1
    return pages


def listed_articles(site: Path, url: str) -> list[str]:
    """Article URLs (site-relative) listed on an entity page and its later pages."""
    urls = []
    for page in page_chain(site / url / "index.html"):
        for link in soup(page).select(".entity-articles article.card h3 a"):
            target = (page.parent / link["href"]).resolve()
            urls.append(target.relative_to(site.resolve()).as_posix() + "/")
    return urls


def sample_articles() -> list[dict]:
    """Front matter of every sample article, with its site-relative URL under "url"."""
    articles = []
    for path in (ROOT / "content" / "articles").rglob("*.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        date = str(meta["date"])
        meta["url"] = f"news/{date[:4]}/{date[5:7]}/{meta.get('slug', path.stem)}/"
        articles.append(meta)
    return articles


def as_list(value) -> list[str]:
    return [str(item) for item in (value if isinstance(value, list) else [value] if value else [])]


def articles_naming(key: str, *names: str) -> set[str]:
    """URLs of sample articles whose ``key`` lists one of ``names`` exactly as written."""
    return {meta["url"] for meta in sample_articles() if set(as_list(meta.get(key))) & set(names)}


def test_vcanbio_page_lists_every_vum02_article(sample_site):
    vum02 = articles_naming("product", "VUM02", "vum02", "VUM02 Injection")
    assert len(vum02) >= 7
    listed = listed_articles(sample_site, "companies/vcanbio")
    assert vum02 <= set(listed)
    assert len(listed) == len(set(listed))


def test_aclf_page_holds_the_story_whatever_spelling_the_article_used(sample_site):
    spellings = {
        spelling: articles_naming("indications", spelling)
        for spelling in ("ACLF", "acute-on-chronic liver failure", "慢加急性肝衰竭")
    }
    assert all(spellings.values()), spellings
    listed = set(listed_articles(sample_site, "diseases/acute-on-chronic-liver-failure"))
    for urls in spellings.values():
        assert urls <= listed


def test_vum02_history_lists_each_story_once_newest_first(sample_site):
    html = soup(sample_site / "products/vum02/index.html")
    items = html.select(".entity-articles .timeline > li")
    dates = [item.time["datetime"] for item in items]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == len(articles_naming("product", "VUM02", "vum02", "VUM02 Injection"))
    assert len(html.select("main article.card")) == len(items)  # one list: no second list of the same news
    oldest = items[-1].get_text(" ", strip=True)
    assert "Trial approval" in oldest and "COVID-19" in oldest and "National Medical Products Administration" in oldest


def test_directory_counts_equal_the_articles_on_entity_pages(sample_site):
    for kind in ("companies", "diseases", "products", "regulators"):
        directory = soup(sample_site / kind / "index.html")
        entries = directory.select(".directory-list li")
        assert entries, kind
        for entry in entries:
            link = entry.a["href"]
            count = int(entry.select_one(".count").get_text())
            url = (sample_site / kind / link).resolve().relative_to(sample_site.resolve()).as_posix()
            assert len(listed_articles(sample_site, url)) == count, url


def test_directory_has_letter_jump_links_and_chinese_names(sample_site):
    directory = soup(sample_site / "companies/index.html")
    for link in directory.select(".letter-index a"):
        assert directory.select_one(link["href"]), link["href"]
    vcanbio = next(li for li in directory.select(".directory-list li") if "Vcanbio" in li.a.get_text())
    assert vcanbio.select_one(".name-zh").get_text() == "中源协和细胞基因工程股份有限公司"


@pytest.fixture(scope="module")
def one_per_page(tmp_path_factory) -> Path:
    return build_content(FIXTURE_SITE, tmp_path_factory.mktemp("one") / "output", RELATED_ENTITIES_SHOWN=1, DEFAULT_PAGINATION=1)


def test_pagination_has_no_empty_last_page(one_per_page):
    chain = page_chain(one_per_page / "companies/vcanbio/index.html")
    assert len(chain) == 2
    for page in chain:
        assert len(soup(page).select(".entity-articles article.card")) == 1


def test_company_page_shows_facts_products_and_diseases(sample_site):
    html = soup(sample_site / "companies/vcanbio/index.html")
    assert "SSE" in html.select_one(".facts").get_text() and "600645" in html.select_one(".facts").get_text()
    asides = {section.h2.get_text(): section for section in html.select(".related-entities")}
    assert "VUM02" in asides["Products"].get_text()
    assert "acute-on-chronic liver failure" in asides["Indications in its news"].get_text().lower()
    [vum02] = html.select(".pipeline tbody")
    assert vum02.select_one("th[scope=rowgroup]").a.get_text() == "VUM02"
    pipeline = [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in vum02.select("tr.row")]
    aclf = next(row for row in pipeline if row[0] == "Acute-on-chronic liver failure")
    assert aclf[1] == "Not reported" and aclf[2] == "Trial approval by NMPA , 20 May 2024"
    assert vum02.select_one("abbr[title='National Medical Products Administration']").get_text() == "NMPA"
    covid = next(row for row in vum02.select("tr.row") if row.td.get_text() == "COVID-19")
    assert covid.select_one(".phase__label").get_text() == "Phase 1/2"  # the furthest phase its news reports
    assert len(covid.select(".phase__bar .reached")) == 3  # preclinical, phase 1, phase 1/2


def test_disease_page_links_its_therapeutic_area_which_rolls_it_up(sample_site):
    html = soup(sample_site / "diseases/acute-on-chronic-liver-failure/index.html")
    crumbs = [a.get_text() for a in html.select(".breadcrumbs a")]
    assert crumbs == ["Home", "Diseases", "Hepatology"]
    area = soup(sample_site / "therapeutic-areas/hepatology/index.html")
    assert "acute-on-chronic liver failure" in area.select_one(".entity-aside").get_text().lower()
    areas = soup(sample_site / "therapeutic-areas/index.html")
    hepatology = next(li for li in areas.select(".directory-list > li") if li.a.get_text() == "Hepatology")
    assert "Acute-on-chronic liver failure" in hepatology.select_one(".inline-list").get_text()


def test_regulator_page_shows_parent_and_children(sample_site):
    cde = soup(sample_site / "regulators/cde/index.html")
    assert "National Medical Products Administration" in cde.select_one(".facts").get_text()
    nmpa = soup(sample_site / "regulators/nmpa/index.html")
    includes = next(section for section in nmpa.select(".related-entities") if section.h2.get_text() == "Includes")
    assert "Center for Drug Evaluation" in includes.get_text()


def test_article_ends_with_related_stories_and_product_sequence(sample_site):
    html = soup(sample_site / "news/2024/05/vcanbio-cleared-to-test-vum02-in-aclf-and-ards/index.html")
    related = html.select(".related-stories li a")
    assert 0 < len(related) <= 5
    vum02 = articles_naming("product", "VUM02", "vum02", "VUM02 Injection")
    first = (sample_site / "news/2024/05/vcanbio-cleared-to-test-vum02-in-aclf-and-ards" / related[0]["href"]).resolve()
    assert first.relative_to(sample_site.resolve()).as_posix() + "/" in vum02
    sequence = {a["rel"][0]: a for a in html.select(".product-sequence a")}
    assert set(sequence) == {"prev", "next"}
    assert "ACLF and ARDS" in sequence["prev"].get_text()


def test_unused_entity_gets_a_page_that_says_so(fixture_site):
    html = soup(fixture_site / "companies/northwind-biologics/index.html")
    assert "No news about Northwind Biologics yet." in html.get_text()
    directory = soup(fixture_site / "companies/index.html")
    counts = {li.a.get_text(): li.select_one(".count").get_text() for li in directory.select(".directory-list li")}
    assert counts["Northwind Biologics"] == "0"


def test_unused_entity_pages_can_be_switched_off(tmp_path):
    site = build_content(FIXTURE_SITE, tmp_path / "output", ENTITY_PAGES_FOR_UNUSED=False)
    assert not (site / "companies/northwind-biologics").exists()
    assert (site / "companies/vcanbio/index.html").exists()


def test_related_entities_are_capped_and_on_the_first_page_only(one_per_page):
    site = one_per_page
    first = soup(site / "companies/vcanbio/index.html")
    diseases = next(section for section in first.select(".related-entities") if section.h2.get_text() == "Indications in its news")
    assert len(diseases.select("li")) == 1
    assert diseases.select_one(".more").get_text() == "and 1 more"
    assert not soup(site / "companies/vcanbio/page/2/index.html").select(".entity-aside")


def test_cards_do_not_repeat_the_entity_the_page_is_about(sample_site):
    html = soup(sample_site / "companies/vcanbio/index.html")
    cards = html.select(".entity-articles article.card")
    assert cards
    for card in cards:
        assert "Vcanbio" not in [a.get_text() for a in card.select(".card__entities a")]


def test_entity_pages_carry_typed_structured_data_and_breadcrumbs(sample_site):
    import json

    html = soup(sample_site / "diseases/acute-respiratory-distress-syndrome/index.html")
    [entity, crumbs] = json.loads(html.select_one('script[type="application/ld+json"]').string)
    assert entity["@type"] == "MedicalCondition" and {"@type": "MedicalCode", "codeValue": "J80", "codingSystem": "ICD-10"} in entity["code"]
    assert crumbs["@type"] == "BreadcrumbList" and [item["name"] for item in crumbs["itemListElement"]][:2] == ["Home", "Diseases"]
