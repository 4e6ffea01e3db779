"""The feed catalog and settings, in plain Python: ids, URLs, limits and setting errors."""

from __future__ import annotations

import copy
import re
from datetime import datetime, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from content_model import Taxonomy, Term, rules_from_settings
from content_model.registry import load_registries
from entity_pages.generator import directories_from
from feeds import DEFAULT_SETTINGS, FeedConfig, FeedSettingsError, build_catalog

from ...conftest import FIXTURES

SHANGHAI = ZoneInfo("Asia/Shanghai")
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}(-\d{2}){0,2}:[A-Za-z0-9/._~!$&'()*+,;=:@?-]+$")


@pytest.fixture(scope="module")
def registries():
    _, registry_rules = rules_from_settings({})
    registries, problems = load_registries(FIXTURES / "registry", registry_rules, display_root=FIXTURES)
    assert problems == []
    return registries


def article(slug: str, day: int, **entities):
    return SimpleNamespace(
        slug=slug,
        title=slug,
        date=datetime(2024, 5, day, 9, 30, tzinfo=SHANGHAI),
        url=f"news/2024/05/{slug}/",
        event=None,
        **{attribute: entities.get(attribute, []) for attribute in ("companies", "products", "indications", "regulators")},
    )


def test_item_id_is_a_tag_uri_of_authority_date_and_slug():
    config = FeedConfig.from_settings({})
    item_id = config.item_id(article("vcanbio-cleared", 20))
    assert item_id == "tag:pharma-pipeline.example.com,2024:news/2024-05-20/vcanbio-cleared"
    assert TAG_URI.match(item_id)


def test_item_id_depends_on_neither_siteurl_nor_url_patterns():
    story = article("vcanbio-cleared", 20)
    local = FeedConfig.from_settings({"SITEURL": ""})
    published = FeedConfig.from_settings({"SITEURL": "https://news.example.org", "ARTICLE_URL": "{slug}.html"})
    assert local.item_id(story) == published.item_id(story)
    assert local.site_url != published.site_url


@pytest.mark.parametrize(
    ("settings", "site_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"SITEURL": ""}, "http://127.0.0.1:8000"),
        ({"SITEURL": "https://pharma-pipeline.example.com"}, "https://pharma-pipeline.example.com"),
        ({"SITEURL": "https://example.org/news/"}, "https://example.org/news"),
        ({"SITEURL": "..", "FEED_LOCAL_SITEURL": "http://localhost:9000"}, "http://localhost:9000"),
    ],
)
def test_links_are_absolute_from_siteurl_or_the_local_fallback(settings, site_url):
    config = FeedConfig.from_settings(settings)
    assert config.site_url == site_url
    assert config.absolute("news/2024/05/x/") == f"{site_url}/news/2024/05/x/"


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"FEED_MAX_ITEMS": 0}, "FEED_MAX_ITEMS"),
        ({"FEED_MAX_ITEMS": "10"}, "FEED_MAX_ITEMS"),
        ({"FEED_MAX_ITEMS": True}, "FEED_MAX_ITEMS"),
        ({"FEED_ID_AUTHORITY": "https://example.com"}, "FEED_ID_AUTHORITY"),
        ({"FEED_ID_AUTHORITY": "example.com"}, "FEED_ID_AUTHORITY"),
        ({"FEED_ID_AUTHORITY": "example.com,2024-13-01"}, "FEED_ID_AUTHORITY"),
        ({"FEED_LOCAL_SITEURL": "127.0.0.1:8000"}, "FEED_LOCAL_SITEURL"),
        ({"COMPANY_FEED_ATOM": "../companies/{slug}.xml"}, "COMPANY_FEED_ATOM"),
        ({"SITE_FEED_RSS": "/etc/feed.xml"}, "SITE_FEED_RSS"),
        ({"PRODUCT_FEED_RSS": "feeds/products.rss.xml"}, "PRODUCT_FEED_RSS"),
        ({"DEFAULT_LANG": "en_US"}, "DEFAULT_LANG"),
    ],
)
def test_unusable_settings_fail_with_the_setting_named(settings, named):
    with pytest.raises(FeedSettingsError, match=named):
        FeedConfig.from_settings(settings)


def test_settings_passed_in_are_not_changed():
    settings = {"SITEURL": "https://example.org/", "FEED_MAX_ITEMS": 5, "COMPANY_FEED_RSS": "f/{slug}.xml"}
    before = copy.deepcopy(settings)
    FeedConfig.from_settings(settings)
    assert settings == before
    assert DEFAULT_SETTINGS["FEED_MAX_ITEMS"] == 100


def test_empty_feeds_report_the_authority_date_not_the_clock():
    assert FeedConfig.from_settings({}).epoch == datetime(2024, 1, 1, tzinfo=timezone.utc)
    by_mail = FeedConfig.from_settings({"FEED_ID_AUTHORITY": "news@example.com,2019-03-04"})
    assert by_mail.epoch == datetime(2019, 3, 4, tzinfo=timezone.utc)


def test_catalog_has_a_feed_for_every_entity_with_its_newest_articles(registries):
    vcanbio = registries.companies.by_slug["vcanbio"]
    northwind = registries.companies.by_slug["northwind-biologics"]
    vum02 = registries.products.by_slug["vum02"]
    aclf = registries.diseases.by_slug["acute-on-chronic-liver-failure"]
    stories = [article(f"story-{day}", day, companies=[vcanbio], products=[vum02], indications=[aclf]) for day in range(1, 6)]
    taxonomy = Taxonomy(registries, stories)
    config = FeedConfig.from_settings({"FEED_MAX_ITEMS": 3, "SITENAME": "Pharma News"})
    catalog = build_catalog(config, taxonomy, directories_from({}))

    assert [story.slug for story in catalog.site.articles] == ["story-5", "story-4", "story-3"]
    assert catalog.of(vcanbio).articles == catalog.site.articles
    assert catalog.of(vcanbio).rss == "feeds/companies/vcanbio.rss.xml"
    assert catalog.of(vcanbio).atom == "feeds/companies/vcanbio.atom.xml"
    assert catalog.of(vcanbio).page_url == "companies/vcanbio/"
    # An entity no story names yet still has its (empty) feed, so it can be followed.
    assert catalog.of(northwind).articles == ()
    assert catalog.of(northwind).atom == "feeds/companies/northwind-biologics.atom.xml"
    hepatology = aclf.therapeutic_area
    assert catalog.of(hepatology).atom == f"feeds/therapeutic-areas/{hepatology.slug}.atom.xml"
    assert len(catalog.of(hepatology).articles) == 3
    assert catalog.of(Term("deal", "Deal")) is None

    groups = {group.kind: group for group in catalog.groups}
    assert list(groups) == ["company", "disease", "product", "regulator", "therapeutic_area"]
    assert [feed.name for feed in groups["company"].feeds] == [entity.name for entity in registries.companies]
    ids = [feed.id for feed in catalog.all()]
    assert len(set(ids)) == len(ids)
    assert all(TAG_URI.match(feed_id) for feed_id in ids)
