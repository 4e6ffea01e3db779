"""`invoke lighthouse`: its table and budget (Lighthouse itself runs in the task, not in the suite: minutes)."""

from __future__ import annotations

import pytest

import lighthouse_audit
from lighthouse_audit import PageScores, table


def scores(performance: int, others: int = 100) -> dict:
    return {"performance": performance, "accessibility": others, "best-practices": others, "seo": others}


def test_a_page_is_within_budget_at_95_performance_and_100_elsewhere():
    assert PageScores("home", "/", scores(95), {}, ()).within_budget()
    assert not PageScores("home", "/", scores(94), {}, ()).within_budget()
    assert not PageScores("home", "/", scores(100, others=99), {}, ()).within_budget()


def test_the_table_has_a_row_per_page_the_budget_and_what_cost_points():
    metrics = {"LCP": 1.234, "TBT": 81.6, "CLS": 0.0123}
    lines = table([PageScores("search", "/search/", scores(97), metrics, (("performance", "Speed Index"),))])
    assert lines[0] == "| page | performance | accessibility | best-practices | seo | LCP | TBT | CLS |"
    assert lines[2] == "| search | 97 | 100 | 100 | 100 | 1.2 s | 82 ms | 0.012 |"
    assert lines[3].startswith("| budget | ≥ 95 | ≥ 100")
    assert lines[4] == "search: performance: Speed Index"


def test_every_page_type_of_the_budget_is_audited():
    assert set(lighthouse_audit.PAGES) == {"home", "article", "company", "disease", "product", "directory", "search"}


def test_missing_tools_are_named_with_their_install_command(monkeypatch, tmp_path):
    monkeypatch.setattr(lighthouse_audit, "LIGHTHOUSE", tmp_path / "node_modules" / ".bin" / "lighthouse")
    monkeypatch.setattr(lighthouse_audit, "ROOT", tmp_path)
    with pytest.raises(lighthouse_audit.AuditUnavailable, match="run `npm ci`"):
        lighthouse_audit.require_tools()
