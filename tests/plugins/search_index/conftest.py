"""Fixtures of the search tests: tiny sites for Pagefind (the browser and the served sample site
are in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


def article_html(title: str, company: str, year: str, marked: bool = True) -> str:
    """A minimal page in the shape of the theme's article page."""
    body = " data-pagefind-body" if marked else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>'
        f"<article{body}><h1>{title}</h1><p>{title} is a story about {company}.</p>"
        f'<div hidden data-pagefind-ignore><span data-pagefind-filter="company">{company}</span>'
        f'<span data-pagefind-filter="year">{year}</span><span data-pagefind-sort="date">{year}-01-01</span></div>'
        "</article></body></html>"
    )


@pytest.fixture
def html_site(tmp_path) -> Path:
    """Five article pages with filters, and a home page that must not be indexed."""
    site = tmp_path / "site"
    stories = [("Alpha", "Northwind", "2023"), ("Beta", "Vcanbio", "2024"), ("Gamma", "Silverfir", "2024"),
               ("Delta", "Jadeleaf", "2025"), ("Epsilon", "Bluegate", "2025")]  # fmt: skip
    for title, company, year in stories:
        page = site / "news" / title.lower() / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(article_html(title, company, year), encoding="utf-8")
    (site / "index.html").write_text(article_html("Home", "Everyone", "2025", marked=False), encoding="utf-8")
    return site
