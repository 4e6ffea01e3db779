"""The taxonomy over the fixture registries and articles made by the content model: no Pelican run."""

from __future__ import annotations

import pytest

from content_model import Taxonomy
from content_model.taxonomy import index_letter

from ..conftest import make_article


def story(config, registries, day, slug, *, companies, products=(), diseases=(), regulators=(), **keys):
    named = {"company": companies, "product": products, "indications": diseases, "regulator": regulators}
    return make_article(config, registries, slug, f"2024-01-{day:02d}", **{key: list(value) for key, value in named.items() if value}, **keys)


@pytest.fixture
def stories(config, registries):
    return [
        story(config, registries, 1, "filing", companies=["Vcanbio"], products=["VUM02"], diseases=["ACLF", "ARDS"], regulators=["CDE"],
              event="filing-accepted", phase="preclinical"),
        story(config, registries, 5, "approval", companies=["中源协和"], products=["VUM02"], diseases=["acute-on-chronic liver failure"],
              regulators=["NMPA"], event="trial-approval", phase="phase-1-2"),
        story(config, registries, 9, "northwind-deal", companies=["Northwind", "Vcanbio"], diseases=["ARDS"], event="deal"),
        story(config, registries, 12, "northwind-data", companies=["Northwind"], diseases=["ARDS"]),
        story(config, registries, 20, "vum02-round-up", companies=["Vcanbio"], products=["VUM02 Injection"], phase="phase-2"),
    ]  # fmt: skip


@pytest.fixture
def taxonomy(config, registries, stories):
    return Taxonomy(config.kinds, registries, stories, list(config.vocabularies["phase"]))


def slugs(articles):
    return [article.slug for article in articles]


def test_articles_per_entity_newest_first_whatever_the_spelling(registries, taxonomy):
    aclf = registries["disease"].resolve("ACLF")
    assert slugs(taxonomy.articles_of(aclf)) == ["approval", "filing"]
    vcanbio = registries["company"].resolve("vcanbio")
    assert slugs(taxonomy.articles_of(vcanbio)) == ["vum02-round-up", "northwind-deal", "approval", "filing"]
    assert slugs(taxonomy.articles_of(registries["regulator"].resolve("CDE"))) == ["filing"]


def test_terms_reach_articles_through_their_entities(registries, taxonomy):
    hepatology = registries["therapeutic_area"].resolve("Hepatology")
    assert slugs(taxonomy.articles_of(hepatology)) == ["approval", "filing"]
    assert slugs(taxonomy.articles_of(registries["event"].resolve("deal"))) == ["northwind-deal"]


def test_cooccurrence_counts(config, registries, taxonomy):
    vcanbio = registries["company"].resolve("vcanbio")
    related = [(entity.slug, count) for entity, count in taxonomy.related(vcanbio, config.kind("disease"))]
    assert related == [("acute-on-chronic-liver-failure", 2), ("acute-respiratory-distress-syndrome", 2)]
    ards = registries["disease"].resolve("ARDS")
    assert [(e.slug, n) for e, n in taxonomy.related(ards, config.kind("company"))] == [("northwind-biologics", 2), ("vcanbio", 2)]


def test_referrers_come_from_reference_fields(registries, taxonomy):
    vcanbio = registries["company"].resolve("vcanbio")
    [products] = taxonomy.referrers(vcanbio)
    assert products.title == "Products"
    assert [(product.slug, count) for product, count in products.entries] == [("vum02", 3)]
    [includes] = taxonomy.referrers(registries["regulator"].resolve("NMPA"))
    assert (includes.title, [entity.slug for entity, _ in includes.entries]) == ("Includes", ["cde"])
    [diseases] = taxonomy.referrers(registries["therapeutic_area"].resolve("hepatology"))
    assert [entity.slug for entity, _ in diseases.entries] == ["acute-on-chronic-liver-failure"]


def test_related_articles_share_products_then_companies_then_diseases(stories, taxonomy):
    filing = stories[0]
    related = taxonomy.related_articles(filing, ("product", "company", "disease"), 3)
    assert slugs(related) == ["vum02-round-up", "approval", "northwind-deal"]


def test_neighbours_are_the_previous_and_next_story_of_the_product(stories, taxonomy):
    approval = stories[1]
    older, newer = taxonomy.neighbours(approval, "product")
    assert (older.slug, newer.slug) == ("filing", "vum02-round-up")
    assert taxonomy.neighbours(stories[3], "product") == (None, None)


def test_timeline_is_oldest_first(registries, taxonomy):
    timeline = taxonomy.timeline(registries["product"].resolve("VUM02"))
    assert [entry.article.slug for entry in timeline] == ["filing", "approval", "vum02-round-up"]
    assert [entry.event.slug if entry.event else None for entry in timeline] == ["filing-accepted", "trial-approval", None]


def test_pipeline_has_the_furthest_phase_and_latest_regulatory_step(registries, taxonomy):
    rows = taxonomy.pipeline(registries["company"].resolve("Vcanbio"))
    by_indication = {(row.indication.slug if row.indication else None): row for row in rows}
    aclf = by_indication["acute-on-chronic-liver-failure"]
    assert (aclf.phase.slug, aclf.event.slug, [r.slug for r in aclf.regulators]) == ("phase-1-2", "trial-approval", ["nmpa"])
    ards = by_indication["acute-respiratory-distress-syndrome"]
    assert (ards.phase.slug, ards.event.slug) == ("preclinical", "filing-accepted")
    assert by_indication[None].phase.slug == "phase-2"  # the round-up names no indication


def test_in_development_groups_products_by_furthest_phase(registries, taxonomy):
    [(phase, rows)] = taxonomy.in_development(registries["disease"].resolve("ACLF"))
    assert phase.slug == "phase-1-2" and [row.product.slug for row in rows] == ["vum02"]


def test_directory_groups_by_letter_and_counts(config, registries, taxonomy):
    groups = taxonomy.directory(config.kind("company"))
    assert [(group.letter, [(entity.slug, count) for entity, count, _ in group.entries]) for group in groups] == [
        ("N", [("northwind-biologics", 2)]),
        ("V", [("vcanbio", 4)]),
    ]
    [group] = [group for group in taxonomy.directory(config.kind("therapeutic_area")) if group.letter == "H"]
    [(area, count, children)] = group.entries
    assert (area.slug, count, [entity.slug for entity, _ in children]) == ("hepatology", 2, ["acute-on-chronic-liver-failure"])


@pytest.mark.parametrize(("name", "letter"), [("Vcanbio", "V"), ("acute-on-chronic liver failure", "A"), ("中源协和", "Z"), ("3SBio", "#")])
def test_index_letter(name, letter):
    assert index_letter(name) == letter
