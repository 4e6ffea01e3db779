"""JSON-LD of articles and entity pages, checked offline against schema.org's vocabulary (the terms
rdflib ships as its SDO namespace): every type is a schema.org class, every property a schema.org
property, and what search engines need of a NewsArticle and a BreadcrumbList is there."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from rdflib import RDF, Graph, URIRef, namespace

from .conftest import PAGE_TYPES

SCHEMA = "https://schema.org/"
TERMS = frozenset(namespace.SDO.__annotations__)
# Stands in for the remote https://schema.org context (no network): every term in schema.org's vocabulary.
LOCAL_CONTEXT = {"@vocab": SCHEMA}


def json_ld(site, url: str) -> list[dict]:
    html = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")
    blocks = [json.loads(script.string) for script in html.select('script[type="application/ld+json"]')]
    return [item for block in blocks for item in (block if isinstance(block, list) else [block])]


def graph_of(items: list[dict]) -> Graph:
    documents = []
    for item in items:
        assert item["@context"] == "https://schema.org"
        documents.append({**item, "@context": LOCAL_CONTEXT})
    return Graph().parse(data=json.dumps(documents), format="json-ld")


def schema_term(uri) -> str:
    assert isinstance(uri, URIRef) and str(uri).startswith(SCHEMA), uri
    return str(uri).removeprefix(SCHEMA)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("name", ["article", "company", "disease", "product", "regulator", "therapeutic area", "event"])
def test_types_and_properties_are_schema_org_terms(sample_site, name):
    graph = graph_of(json_ld(sample_site, PAGE_TYPES[name]))
    assert len(graph) > 5
    for _, predicate, value in graph:
        if predicate == RDF.type:
            term = schema_term(value)
            assert term in TERMS and term[0].isupper(), f"{term} is not a schema.org type"
        else:
            term = schema_term(predicate)
            assert term in TERMS and term[0].islower(), f"{term} is not a schema.org property"


def test_an_article_is_a_news_article_about_typed_entities(sample_site):
    [article] = json_ld(sample_site, PAGE_TYPES["article"])
    assert article["@type"] == "NewsArticle"
    for key in ("headline", "datePublished", "dateModified", "url", "mainEntityOfPage", "publisher"):
        assert article[key], key
    assert len(article["headline"]) <= 110  # what Google shows of a headline
    assert {item["@type"] for item in article["about"]} == {"Organization"}
    assert {item["@type"] for item in article["mentions"]} == {"Drug", "MedicalCondition", "GovernmentOrganization"}
    assert all(item["url"].startswith("http") for item in article["about"] + article["mentions"])


def test_entity_pages_have_their_entity_and_a_breadcrumb_trail(sample_site):
    entity, crumbs = json_ld(sample_site, PAGE_TYPES["disease"])
    assert entity["@type"] == "MedicalCondition"
    assert crumbs["@type"] == "BreadcrumbList"
    items = crumbs["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert items[-1]["item"] == entity["url"]
