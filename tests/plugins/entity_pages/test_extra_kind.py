"""A new kind of entity is one entry in the table of kinds: registry, pages, directory, menu, feeds, front matter key and search filter follow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from content_model import DEFAULT_KINDS, Names, Reference, RegistryKind, Text

from ...conftest import build_content, write_site

TRIALS = RegistryKind(
    "trial", "trials", "Clinical trials", "Clinical trial", attribute="trials", article_key="trial", schema_type="MedicalTrial",
    fields=(
        Names("registrations", "Registrations", "Registry numbers, e.g. NCT01234567; each resolves to the trial.", schema_property="identifier"),
        Reference("sponsor", "Sponsor", "The company that runs it.", kind="company", listed_as="Trials"),
        Text("design", "Design", "Randomised, blinded ... in one line."),
    ),
)  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("trials")
    content = write_site(root, {
        "trials/vum02-aclf-1.yaml": "name: VUM02 in ACLF, phase 1/2\nregistrations: [CTR20241234]\nsponsor: Vcanbio\ndesign: Randomised, open label\n",
        "trials/vum02-ards-1.yaml": "name: VUM02 in ARDS, phase 1\nsponsor: Vcanbio\n",
        "articles/2024/first-patient.md": """\
            ---
            title: First patient dosed in the VUM02 trial in ACLF
            date: 2024-07-01
            company: Vcanbio
            product: VUM02
            trial: CTR20241234
            summary: The first patient received VUM02.
            ---
            Dosing has started.
            """,
    })  # fmt: skip
    return build_content(content, root / "output", KINDS=(*DEFAULT_KINDS, TRIALS))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_each_trial_gets_a_page_with_its_facts_and_news(site):
    html = soup(site / "trials/vum02-aclf-1/index.html")
    assert html.h1.get_text(strip=True) == "VUM02 in ACLF, phase 1/2"
    facts = html.select_one(".facts").get_text(" ", strip=True)
    assert "CTR20241234" in facts and "Vcanbio Cell & Gene Engineering Corp., Ltd" in facts and "Randomised, open label" in facts
    assert [a.get_text() for a in html.select(".entity-articles .card__title a")] == ["First patient dosed in the VUM02 trial in ACLF"]
    assert "No news about" in soup(site / "trials/vum02-ards-1/index.html").get_text()


def test_the_directory_menu_and_article_links_follow(site):
    directory = soup(site / "trials/index.html")
    assert directory.h1.get_text() == "Clinical trials"
    assert len(directory.select(".directory-list li")) == 2
    menu = [a.get_text() for a in soup(site / "index.html").select(".site-nav a")]
    assert "Clinical trials" in menu
    article = soup(site / "news/2024/07/first-patient/index.html")
    rows = {row.dt.get_text(): [a.get_text() for a in row.select("dd a")] for row in article.select(".entity-links > div")}
    assert rows["Clinical trials"] == ["VUM02 in ACLF, phase 1/2"]
    company = soup(site / "companies/vcanbio/index.html")
    assert "VUM02 in ACLF, phase 1/2" in next(s for s in company.select(".related-entities") if s.h2.get_text() == "Trials").get_text()


def test_each_trial_has_feeds_in_every_format(site):
    for suffix in ("rss.xml", "atom.xml", "json"):
        assert (site / f"feeds/trials/vum02-aclf-1.{suffix}").is_file()
    feed = json.loads((site / "feeds/trials/vum02-aclf-1.json").read_text())
    assert [item["title"] for item in feed["items"]] == ["First patient dosed in the VUM02 trial in ACLF"]
    assert "feeds/trials/vum02-ards-1.atom.xml" in (site / "feeds/index.html").read_text()


def test_the_search_page_filters_by_trial(site):
    legends = [legend.get_text() for legend in soup(site / "search/index.html").select("fieldset.search-filter legend")]
    assert "Clinical trial" in legends
    assert (site / "sitemap.xml").read_text().count("/trials/vum02-aclf-1/") == 1
