"""The front page: the newest story as the lead, the latest, the week's most active companies and
diseases (the days up to the newest story, whatever the build's date) and links to event pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

import sitebuild

from ...conftest import build_content, write_site


def story(title: str, date: str, company: str, event: str, indications: str = "[]") -> str:
    return f"""
        ---
        title: {title}
        date: {date}
        company: {company}
        indications: {indications}
        event: {event}
        summary: {title}.
        ---
        Body of {title}.
        """


WEEK = {
    "articles/2024/deal.md": story("Northwind signs a deal", "2024-06-10", "Northwind", "deal", "[ARDS]"),
    "articles/2024/data.md": story("Vcanbio reports data", "2024-06-05", "Vcanbio", "data", "[ACLF]"),
    "articles/2024/financing.md": story("Northwind raises money", "2024-06-04", "Northwind", "financing"),  # six days before: in
    "articles/2024/approval.md": story("Vcanbio wins approval", "2024-06-03", "Vcanbio", "approval", "[ACLF]"),  # seven: out
}


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    root = tmp_path_factory.mktemp("front")
    site = build_content(write_site(root, WEEK), root / "output")
    return BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")


def ranking(front, kind: str) -> list[tuple[str, str]]:
    section = front.select_one(f"#active-{kind}").find_parent("section")
    return [(item.a.get_text(), item.select_one(".count").contents[0]) for item in section.select(".ranking li")]


def test_the_newest_story_leads_and_the_latest_follow_without_it(front):
    assert front.select_one(".front__lead .lead .card__title").get_text() == "Northwind signs a deal"
    latest = [title.get_text() for title in front.select(".front__latest .card__title")]
    assert latest[0] == "Vcanbio reports data" and "Northwind signs a deal" not in latest
    assert len(front.select("article.card")) == 6  # the fixture's two stories and these four, once each


def test_the_week_is_the_seven_days_up_to_the_newest_story(front):
    assert ranking(front, "company") == [("Northwind Biologics", "2"), ("Vcanbio Cell & Gene Engineering Corp., Ltd", "1")]
    assert ranking(front, "disease") == [("Acute-on-chronic liver failure", "1"), ("Acute respiratory distress syndrome", "1")]
    dates = [time["datetime"] for time in front.select(".week > p time")]
    assert dates == ["2024-06-04", "2024-06-10"]


def test_event_links_lead_to_the_event_pages_in_the_order_set(front):
    links = [(link.contents[0], link["href"], link.select_one(".count").contents[0]) for link in front.select(".event-links a")]
    assert links == [("Approvals", "./events/approval/", "1"), ("Trial approvals", "./events/trial-approval/", "1"),
                     ("Deals", "./events/deal/", "1"), ("Data readouts", "./events/data/", "1")]  # fmt: skip


def test_later_pages_are_plain_lists(tmp_path):
    site = build_content(write_site(tmp_path, WEEK), tmp_path / "output", DEFAULT_PAGINATION=2)
    second = BeautifulSoup((site / "page" / "2" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert not second.select(".front, .week, .event-links")
    assert len(second.select("article.card h2")) == 2


def test_an_unknown_event_or_kind_is_refused_with_the_known_ones(tmp_path):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_content(write_site(tmp_path, WEEK), tmp_path / "output", FRONT_PAGE_EVENTS={"approvals": "Approvals"},
                      FRONT_PAGE_ACTIVE_KINDS=("company", "drug"))  # fmt: skip
    message = "\n".join(failure.value.lines)
    assert 'FRONT_PAGE_EVENTS names "approvals", which is not an event type (known: filing-accepted, trial-approval' in message
    assert 'FRONT_PAGE_ACTIVE_KINDS names "drug", which is not a kind (known: company, disease' in message
