"""Reading urls.json: redirects from aliases and the redirect list, single-hop, every problem at once."""

from __future__ import annotations

import json
import logging

import pytest

from publishing.errors import UrlMapInvalid
from publishing.urlmap import Redirect, read_redirects


@pytest.fixture
def site(tmp_path):
    """A built site with two article pages."""
    for page in ("news/2024/05/slug", "news/2024/06/other"):
        (tmp_path / page).mkdir(parents=True)
        (tmp_path / page / "index.html").write_text("<!doctype html>")
    return tmp_path


def write(site, articles=(), redirects=(), version=1):
    document = {"version": version, "articles": list(articles), "redirects": list(redirects)}
    (site / "urls.json").write_text(json.dumps(document))


def test_aliases_and_redirects_become_one_sorted_list(site):
    write(site,
          articles=[{"url": "news/2024/05/slug/", "aliases": ["news/2024/05/old-slug/"]},
                    {"url": "news/2024/06/other/", "aliases": []}],
          redirects=[{"from": "news/2024/05/old-slug/", "to": "news/2024/05/slug/"},
                     {"from": "2019/old.html", "to": "news/2024/06/other/"}])
    assert read_redirects(site) == [
        Redirect("2019/old.html", "news/2024/06/other/"),
        Redirect("news/2024/05/old-slug/", "news/2024/05/slug/"),
    ]


def test_a_chain_of_renames_redirects_in_one_hop(site):
    write(site, redirects=[{"from": "news/2024/05/first/", "to": "news/2024/05/second/"},
                           {"from": "news/2024/05/second/", "to": "news/2024/05/slug/"}])
    assert read_redirects(site) == [
        Redirect("news/2024/05/first/", "news/2024/05/slug/"),
        Redirect("news/2024/05/second/", "news/2024/05/slug/"),
    ]


def test_no_urls_json_means_no_redirects_and_a_warning(site, caplog):
    with caplog.at_level(logging.WARNING):
        assert read_redirects(site) == []
    assert "urls.json: not found" in caplog.text


def test_every_problem_is_reported_at_once(site):
    write(site, version=2,
          articles=[{"url": "/news/2024/05/slug/", "aliases": ["news/2024/05/a b/"]}, "news/x/"],
          redirects=[{"from": "news/../etc/", "to": "news/2024/05/slug/"},
                     {"from": "news/2024/05/gone/", "to": "news/2024/05/missing/"},
                     {"from": "a/", "to": "b/"}, {"from": "b/", "to": "a/"},
                     {"from": "news/2024/06/other/", "to": "news/2024/06/other/"},
                     {"from": "c/", "to": "news/2024/05/slug/"}, {"from": "c/", "to": "news/2024/06/other/"}])
    with pytest.raises(UrlMapInvalid) as error:
        read_redirects(site)
    problems = error.value.problems
    expected = [
        "version 2 is not supported; this code reads version 1",
        "articles[0].url '/news/2024/05/slug/' must be relative to the site root",
        "articles[1] must be an object",
        "redirects[0].from 'news/../etc/' has an empty, '.' or '..' segment",
        "'news/2024/05/gone/' redirects to 'news/2024/05/missing/', a page the build did not write",
        "redirects loop: a/ -> b/ -> a/",
        "redirects[4]: 'news/2024/06/other/' redirects to itself",
        "redirects[6]: 'c/' redirects to both 'news/2024/05/slug/' and 'news/2024/06/other/'; keep one",
    ]
    for fragment in expected:
        assert any(fragment in problem for problem in problems), (fragment, problems)


def test_a_path_with_characters_hosts_would_read_differently_is_refused(site):
    write(site, redirects=[{"from": "news/2024/05/a b;/", "to": "news/2024/05/slug/"}])
    with pytest.raises(UrlMapInvalid, match="may hold only letters, digits"):
        read_redirects(site)


def test_a_file_that_is_not_json_is_an_error_naming_it(site):
    (site / "urls.json").write_text('{"version": 1,')
    with pytest.raises(UrlMapInvalid, match="urls.json: not valid UTF-8 JSON"):
        read_redirects(site)
