"""What the index holds for one article: plain objects, no Pelican."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from content_model import Term
from search_index.records import SEARCH_FILTERS, named_in, search_record

SHANGHAI = timezone(timedelta(hours=8))


def article(registries, title, companies=(), products=(), indications=(), regulators=(), event=None, date=None):
    return SimpleNamespace(
        title=title,
        date=date or datetime(2024, 5, 20, tzinfo=SHANGHAI),
        summary="China's regulator approved trials of VUM02.",
        locale_date="20 May 2024",
        companies=[registries.companies.resolve(name) for name in companies],
        products=[registries.products.resolve(name) for name in products],
        indications=[registries.diseases.resolve(name) for name in indications],
        regulators=[registries.regulators.resolve(name) for name in regulators],
        event=event,
    )


@pytest.fixture
def vum02_story(registries):
    return article(
        registries,
        "Vcanbio cleared by NMPA to test VUM02 stem cells in ACLF and ARDS",
        companies=["Vcanbio"],
        products=["VUM02"],
        indications=["ACLF", "ARDS"],
        regulators=["NMPA"],
        event=Term("trial-approval", "Trial approval"),
    )


def all_names(record) -> list[str]:
    return [name for group in record.names for name in group.names]


def test_filters_name_each_entity_once_by_its_canonical_name(vum02_story):
    record = search_record(vum02_story)
    assert record.filters == {
        "company": ["Vcanbio Cell & Gene Engineering Corp., Ltd"],
        "disease": ["Acute-on-chronic liver failure", "Acute respiratory distress syndrome"],
        "product": ["VUM02"],
        "regulator": ["National Medical Products Administration"],
        "event": ["Trial approval"],
        "year": ["2024"],
    }
    assert set(record.filters) <= {search_filter.key for search_filter in SEARCH_FILTERS}


def test_filters_without_values_are_left_out(registries):
    record = search_record(article(registries, "Northwind raises funds", companies=["Northwind"]))
    assert record.filters == {"company": ["Northwind Biologics"], "year": ["2024"]}


def test_result_metadata_and_a_utc_sort_key(vum02_story):
    record = search_record(vum02_story)
    assert record.meta == {
        "title": vum02_story.title,
        "date": "2024-05-20",
        "date_label": "20 May 2024",
        "summary": vum02_story.summary,
        "companies": "Vcanbio Cell & Gene Engineering Corp., Ltd",
    }
    # Midnight in Shanghai is the previous day in UTC: text order must be time order.
    assert record.sort == {"date": "2024-05-19T16:00:00Z"}


def test_several_companies_are_listed_in_the_metadata(registries):
    record = search_record(article(registries, "A licensing deal", companies=["Northwind", "Vcanbio"]))
    assert record.meta["companies"] == "Northwind Biologics; Vcanbio Cell & Gene Engineering Corp., Ltd"


def test_every_alias_ticker_abbreviation_and_chinese_name_is_indexed(vum02_story):
    names = all_names(search_record(vum02_story))
    for wanted in ("600645", "SSE 600645", "中源协和", "中源协和细胞基因工程股份有限公司", "Vcanbio", "ACLF",
                   "Acute-on-chronic liver failure", "acute-on-chronic (subacute) liver failure", "慢加急性肝衰竭",
                   "ARDS", "VUM02 Injection", "NMPA", "国家药品监督管理局"):  # fmt: skip
        assert wanted in names


def test_names_that_differ_only_in_case_or_punctuation_are_indexed_once(vum02_story):
    names = [name.casefold() for name in all_names(search_record(vum02_story))]
    assert names.count("vcanbio") == 1
    # The slug spells the disease name with hyphens: the name is kept, the slug dropped.
    assert "acute-on-chronic-liver-failure" not in names
    assert "nmpa" in names and "NMPA" in all_names(search_record(vum02_story))


def test_names_of_entities_in_the_headline_weigh_more(registries):
    story = article(registries, "CDE accepts VUM02 filings in ACLF", companies=["Vcanbio"], products=["VUM02"],
                    indications=["ACLF"], regulators=["CDE"])  # fmt: skip
    record = search_record(story, headline_weight=7.0)
    weights = {group.weight: group.names for group in record.names}
    assert set(weights) == {7.0, 1.0}
    assert {"VUM02", "ACLF", "CDE", "慢加急性肝衰竭"} <= set(weights[7.0])
    assert {"中源协和", "600645"} <= set(weights[1.0])


def test_no_empty_name_group(registries):
    record = search_record(article(registries, "A quiet week"))
    assert record.names == []


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
    assert named_in(registries.companies.resolve("Vcanbio"), title) is expected


def test_the_same_article_always_gives_the_same_record(vum02_story):
    assert search_record(vum02_story) == search_record(vum02_story)
