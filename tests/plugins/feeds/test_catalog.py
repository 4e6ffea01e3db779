"""The feed catalog and settings, in plain Python: ids, paths, limits and refused settings."""

from __future__ import annotations

import re

import pytest

from content_model import Taxonomy
from feeds import FeedConfig, authority_problem, path_problem, slug_pattern_problem
from feeds.catalog import entity_groups, site_feed

from ...conftest import make_article

TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}(-\d{2}){0,2}:[A-Za-z0-9/._~!$&'()*+,;=:@?-]+$")


def story(config, registries, slug, day, **keys):
    return make_article(config, registries, slug, f"2024-05-{day:02d}", company="Vcanbio", product="VUM02", **keys)


@pytest.fixture
def taxonomy(config, registries):
    stories = [story(config, registries, f"s{day}", day) for day in range(1, 8)]
    return Taxonomy(config.kinds, registries, stories, list(config.vocabularies["phase"]))


def test_feeds_hold_the_newest_max_items_and_every_entity_has_one(fixture_settings, taxonomy):
    config = FeedConfig.from_settings({**fixture_settings, "FEED_MAX_ITEMS": 3})
    assert [article.slug for article in site_feed(config, taxonomy).articles] == ["s7", "s6", "s5"]
    groups = {group.kind.name: group for group in entity_groups(config, taxonomy, fixture_settings)}
    assert set(groups) == {"company", "disease", "product", "regulator", "therapeutic_area"}
    northwind = next(feed for feed in groups["company"].feeds if feed.name.startswith("Northwind"))
    assert northwind.articles == () and northwind.paths["atom"] == "feeds/companies/northwind-biologics.atom.xml"
    assert not any(feed.full_content for group in groups.values() for feed in group.feeds)


def test_ids_are_tag_uris_of_the_first_url(config, registries, fixture_settings):
    feeds = FeedConfig.from_settings(fixture_settings)
    plain = story(config, registries, "plain", 1)
    renamed = story(config, registries, "new-name", 1, aliases=["news/2024/05/old-name/"])
    assert feeds.item_id(plain) == "tag:pharma-pipeline.example.com,2024:news/2024/05/plain/"
    assert feeds.item_id(renamed) == "tag:pharma-pipeline.example.com,2024:news/2024/05/old-name/"
    assert TAG_URI.match(feeds.item_id(plain))
    local = FeedConfig.from_settings({**fixture_settings, "SITEURL": "https://news.example.com/"})
    assert local.item_id(plain) == feeds.item_id(plain) and local.absolute("x/") == "https://news.example.com/x/"


@pytest.mark.parametrize("value", ["example.com", "example.com,24", "-bad-.com,2024", "example.com,2024-02-30", 2024])
def test_bad_authorities_are_refused(value):
    assert authority_problem(value)


@pytest.mark.parametrize("value", ["/etc/passwd", "../x.xml", "feeds/../../x", ""])
def test_feed_paths_must_stay_inside_the_site(value):
    assert path_problem(value)


def test_entity_feed_paths_need_the_slug():
    assert slug_pattern_problem("feeds/companies.xml") and slug_pattern_problem("feeds/{slug}.xml") is None
