"""Structured data (schema.org JSON-LD) for articles and entity pages, from the kinds' declarations.

Each kind says its schema.org type (Organization, Drug, MedicalCondition ...)
and each field the property its value becomes (``tickerSymbol``,
``manufacturer``, ``code`` ...), so an entity is described the same way
wherever it appears: as the ``about`` of a story, in its ``mentions``, or as
the subject of its own page.
"""

from __future__ import annotations

from .articles import Article
from .registry import Entity
from .schema import Codes, Names, Reference, Tickers, Url


def entity_data(entity, site_url: str, depth: int = 0, brief: bool = False) -> dict:
    """A schema.org node for an entity or term: its type, name, page and the fields that map to properties.

    ``brief`` (an article's about and mentions) keeps what identifies it: its codes and tickers,
    not its other names and related entities, which its own page describes.
    """
    node = {"@type": entity.kind.schema_type if hasattr(entity, "kind") else "DefinedTerm", "name": entity.name}
    if entity.url:
        node["url"] = f"{site_url}/{entity.url}"
    if not isinstance(entity, Entity):
        return node
    if entity.name_zh and not brief:
        node.setdefault("alternateName", []).append(entity.name_zh)
    for spec, value in entity.facts():
        if not spec.schema_property or (brief and isinstance(spec, (Names, Reference))):
            continue
        if isinstance(spec, Names):
            node.setdefault(spec.schema_property, []).extend(value)
        elif isinstance(spec, Tickers):
            node[spec.schema_property] = [f"{ticker.exchange}:{ticker.symbol}" for ticker in value]
        elif isinstance(spec, Codes):
            node[spec.schema_property] = [
                {"@type": "MedicalCode", "codeValue": code, "codingSystem": label} for label, code in spec.labelled(value)
            ]
        elif isinstance(spec, Reference) and depth == 0:
            node[spec.schema_property] = entity_data(value, site_url, depth + 1)
        elif isinstance(spec, Url):
            node[spec.schema_property] = value
    return node


def article_data(article: Article, kinds, site_url: str, sitename: str) -> dict:
    """NewsArticle: ``about`` its companies, ``mentions`` its products, diseases and regulators."""
    about = [entity_data(entity, site_url, brief=True) for entity in article.named("company")]
    mentions = [
        entity_data(entity, site_url, brief=True)
        for kind in kinds
        if kind.article_key and kind.name != "company" and not kind.single
        for entity in article.named(kind.name)
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.date.isoformat(),
        "dateModified": (article.updated or article.date).isoformat(),
        "url": f"{site_url}/{article.url}",
        "mainEntityOfPage": f"{site_url}/{article.url}",
        "about": about,
        "mentions": mentions,
        "publisher": {"@type": "Organization", "name": sitename, "url": f"{site_url}/"},
    }
    if article.source is not None and article.source.url:
        data["isBasedOn"] = article.source.url
    return data


def breadcrumb_data(crumbs: list[tuple[str, str]], site_url: str) -> dict:
    """BreadcrumbList from (name, site-relative URL) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": f"{site_url}/{url}"}
            for position, (name, url) in enumerate(crumbs, 1)
        ],
    }
