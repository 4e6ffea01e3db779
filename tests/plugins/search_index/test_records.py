"""What the index holds for one article: the content model's Article, no Pelican, no Pagefind."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from search_index import search_document, search_filters
from search_index.records import HEADLINE_ID
from search_index.records import named_in, search_record

from ...conftest import make_article


@pytest.fixture
def article(config, registries):
    def make(title, **keys):
        return make_article(config, registries, "story", "2024-05-20", title=f'"{title}"', summary="China's regulator approved trials of VUM02.", **keys)

    return make


@pytest.fixture
def record(config):
    return lambda story, weight=1.0: search_record(story, config.kinds, weight)


@pytest.fixture
def vum02_story(article):
    return article("Vcanbio cleared by NMPA to test VUM02 stem cells in ACLF and ARDS", company="Vcanbio", product="VUM02",
                   indications=["ACLF", "ARDS"], regulator="NMPA", event="trial-approval")  # fmt: skip


def all_names(record) -> list[str]:
    return [name for group in record.names for name in group.names]


def test_filters_name_each_entity_once_by_its_canonical_name(vum02_story, record, config):
    assert record(vum02_story).filters == {
        "company": ["Vcanbio Cell & Gene Engineering Corp., Ltd"],
        "disease": ["Acute-on-chronic liver failure", "Acute respiratory distress syndrome"],
        "product": ["VUM02"],
        "regulator": ["National Medical Products Administration"],
        "event": ["Trial approval"],
        "year": ["2024"],
    }
    assert [f.key for f in search_filters(config.kinds)] == ["company", "disease", "product", "regulator", "event", "year"]


def test_filters_without_values_are_left_out(article, record):
    assert record(article("Northwind raises funds", company="Northwind")).filters == {"company": ["Northwind Biologics"], "year": ["2024"]}


def test_result_metadata_and_a_utc_sort_key(vum02_story, record):
    record = record(vum02_story)
    assert record.meta == {
        "title": vum02_story.title,
        "date": "2024-05-20",
        "date_label": "20 May 2024",
        "summary": vum02_story.summary,
        "companies": "Vcanbio Cell & Gene Engineering Corp., Ltd",
    }
    # Midnight in Shanghai is the previous day in UTC: text order must be time order.
    assert record.sort == {"date": "2024-05-19T16:00:00Z"}


def test_several_companies_are_listed_in_the_metadata(article, record):
    assert record(article("A licensing deal", company=["Northwind", "Vcanbio"])).meta["companies"] == "Northwind Biologics; Vcanbio Cell & Gene Engineering Corp., Ltd"


def test_every_alias_ticker_abbreviation_and_chinese_name_is_indexed(vum02_story, record):
    names = all_names(record(vum02_story))
    for wanted in ("600645", "SSE 600645", "中源协和", "中源协和细胞基因工程股份有限公司", "Vcanbio", "ACLF",
                   "Acute-on-chronic liver failure", "acute-on-chronic (subacute) liver failure", "慢加急性肝衰竭",
                   "ARDS", "VUM02 Injection", "NMPA", "国家药品监督管理局"):  # fmt: skip
        assert wanted in names


def test_names_that_differ_only_in_case_or_punctuation_are_indexed_once(vum02_story, record):
    names = [name.casefold() for name in all_names(record(vum02_story))]
    assert names.count("vcanbio") == 1
    # The slug spells the disease name with hyphens: the name is kept, the slug dropped.
    assert "acute-on-chronic-liver-failure" not in names
    assert "nmpa" in names and "NMPA" in all_names(record(vum02_story))


def test_names_of_entities_in_the_headline_weigh_more(article, record):
    story = article("CDE accepts VUM02 filings in ACLF", company="Vcanbio", product="VUM02", indications=["ACLF"], regulator="CDE")
    weights = {group.weight: group.names for group in record(story, 7.0).names}
    assert set(weights) == {7.0, 1.0}
    assert {"VUM02", "ACLF", "CDE", "慢加急性肝衰竭"} <= set(weights[7.0])
    assert {"中源协和", "600645"} <= set(weights[1.0])


def test_the_document_holds_the_story_then_the_headline_and_names_in_sections_of_their_own(vum02_story, record):
    html = BeautifulSoup(search_document(vum02_story, record(vum02_story), "en"), "html.parser")
    main = html.select_one("main[data-pagefind-body]")
    # The story's own words come first, before any heading with an id: Pagefind's page-level sub-result.
    first_heading = main.find(id=True)
    story = " ".join(sibling.get_text() for sibling in first_heading.find_previous_siblings())
    assert vum02_story.summary in story and "Body." in story and vum02_story.title not in story
    assert main.find(id=HEADLINE_ID).get_text() == vum02_story.title
    names = " ".join(heading.get_text() for heading in main.select("h3[id^='pagefind:names']"))
    assert "中源协和" in names and "600645" in names
    assert not main.find(string=lambda text: "Other names" in text)
    assert [span.get_text() for span in main.select('[data-pagefind-filter="event"]')] == ["Trial approval"]
    assert main.select_one('[data-pagefind-meta="title"]').get_text() == vum02_story.title


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Vcanbio cleared to test VUM02", True),
        ("VCANBIO SHARES RISE", True),
        ("SSE:600645 rises", True),  # the ticker, whatever the punctuation
        ("中源协和获批临床试验", True),  # Chinese has no spaces: a name counts anywhere
        ("Vcanbiology is not a company", False),  # whole words only
        ("Northwind raises funds", False),
    ],
)
def test_named_in(registries, title, expected):
    assert named_in(registries["company"].resolve("Vcanbio"), title) is expected


def test_the_same_article_always_gives_the_same_record(vum02_story, record):
    assert record(vum02_story) == record(vum02_story)
