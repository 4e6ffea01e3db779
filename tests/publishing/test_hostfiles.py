"""_headers and _redirects as Netlify and Cloudflare Pages read them, and nginx's redirect locations."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re

import pytest

from publishing import policy
from publishing.hostfiles import headers_text, nginx_redirects_text, redirects_text
from publishing.urlmap import Redirect

from .conftest import SETTINGS

HOST_ONLY = ("_headers", "_redirects", "_nginx/")


def parse_headers(text: str) -> list[tuple[str, dict[str, str]]]:
    """The rules of a _headers file: a URL pattern line, then indented ``Name: value`` lines."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith(" "):
            name, value = line.strip().split(": ", 1)
            rules[-1][1][name] = value
        else:
            rules.append((line, {}))
    return rules


def matches(pattern: str, path: str) -> bool:
    """Netlify's and Cloudflare's matching: ``*`` stands for any characters, slashes included."""
    return re.fullmatch(".*".join(map(re.escape, pattern.split("*"))), path) is not None


def reader_urls(site) -> dict[str, str]:
    """Every URL a reader can request, with the file it serves (a folder's URL serves its index.html)."""
    urls = {}
    for path in site.rglob("*"):
        relative = path.relative_to(site).as_posix()
        if path.is_dir() or relative.startswith(HOST_ONLY) or path.suffix in (".gz", ".br"):
            continue
        urls[f"/{relative}"] = relative
        if path.name == "index.html":
            urls["/" + relative.removesuffix("index.html")] = relative
    return urls


@pytest.fixture(scope="module")
def header_rules(published_site):
    return parse_headers((published_site / "_headers").read_text())


def named_by_content(site, relative: str) -> bool:
    """A theme file whose name holds the start of its content's SHA-256, or one of Pagefind's index files."""
    digits = re.search(r"\.([0-9a-f]{10})(\.[^./]+)?$", relative)
    if relative.startswith("theme/") and digits:
        return hashlib.sha256((site / relative).read_bytes()).hexdigest().startswith(digits.group(1))
    return policy.is_pagefind_hashed(relative, ("pagefind", "pagefind-archive"))


def test_every_url_gets_exactly_one_cache_lifetime_a_year_only_if_its_name_is_its_content(published_site, header_rules):
    urls = reader_urls(published_site)
    assert len(urls) > 300
    hashed_theme_files = 0
    for url, relative in urls.items():
        lifetimes = [headers["Cache-Control"] for pattern, headers in header_rules
                     if "Cache-Control" in headers and matches(pattern, url)]
        hashed = named_by_content(published_site, relative)
        hashed_theme_files += hashed and relative.startswith("theme/")
        assert lifetimes == [policy.IMMUTABLE if hashed else policy.SHORT], url
    assert hashed_theme_files >= 3
    assert "/favicon.ico" in urls


def test_feeds_get_their_own_content_types(published_site, header_rules):
    expected = {
        "/feeds/all.rss.xml": "application/rss+xml; charset=utf-8",
        "/feeds/companies/vcanbio.atom.xml": "application/atom+xml; charset=utf-8",
        "/feeds/all.json": "application/feed+json; charset=utf-8",
        "/feeds/entities.opml": "text/x-opml; charset=utf-8",
        "/pagefind/pagefind-entry.json": None,
        "/sitemap.xml": None,
    }
    for url, media_type in expected.items():
        assert (published_site / url.lstrip("/")).is_file(), url
        types = [headers["Content-Type"] for pattern, headers in header_rules
                 if "Content-Type" in headers and matches(pattern, url)]
        assert types == ([media_type] if media_type else []), url


def test_the_headers_file_fits_cloudflare_pages(header_rules):
    assert len(header_rules) <= 100
    assert all(pattern.count("*") <= 1 and pattern.startswith("/") for pattern, _ in header_rules)


def test_redirects_list_every_alias_as_a_permanent_redirect(published_site):
    urls = json.loads((published_site / "urls.json").read_text())
    (article,) = [article for article in urls["articles"] if article["aliases"]]
    lines = [line for line in (published_site / "_redirects").read_text().splitlines() if not line.startswith("#")]
    assert lines == [f"/{article['aliases'][0]} /{article['url']} 301"]


def test_forced_redirects_for_netlify():
    settings = dataclasses.replace(SETTINGS, redirects_force=True)
    text = redirects_text([Redirect("news/2024/05/old/", "news/2024/05/new/")], settings)
    assert text.splitlines()[1:] == ["/news/2024/05/old/ /news/2024/05/new/ 301!"]


def test_nginx_redirects_cover_the_folder_with_and_without_slash_and_its_index():
    text = nginx_redirects_text([Redirect("news/2024/05/old/", "news/2024/05/new/"),
                                 Redirect("2019/story.html", "news/2024/05/new/")], SETTINGS)
    assert text.splitlines()[1:] == [
        "location = /2019/story.html { return 301 /news/2024/05/new/; }",
        "location = /news/2024/05/old { return 301 /news/2024/05/new/; }",
        "location = /news/2024/05/old/ { return 301 /news/2024/05/new/; }",
        "location = /news/2024/05/old/index.html { return 301 /news/2024/05/new/; }",
    ]


def test_a_site_below_a_path_keeps_the_path_in_every_rule(built_site):
    settings = dataclasses.replace(SETTINGS, site_url="https://example.org/news")
    assert redirects_text([Redirect("a/", "b/")], settings).splitlines()[1] == "/news/a/ /news/b/ 301"
    patterns = [pattern for pattern, _ in parse_headers(headers_text(built_site, settings))]
    assert {"/news/theme/*", "/news/favicon.ico", "/news/"} <= set(patterns)
    assert all(pattern.startswith("/news/") for pattern in patterns)
