"""The taxonomy over plain objects: no Pelican run."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from content_model import Taxonomy
from content_model.taxonomy import index_letter


def story(registries, day, slug, companies=(), products=(), indications=(), regulators=(), event=None):
    return SimpleNamespace(
        date=datetime(2024, 1, day, tzinfo=timezone.utc),
        slug=slug,
        title=slug,
        companies=[registries.companies.resolve(name) for name in companies],
        products=[registries.products.resolve(name) for name in products],
        indications=[registries.diseases.resolve(name) for name in indications],
        regulators=[registries.regulators.resolve(name) for name in regulators],
        event=event,
    )


@pytest.fixture
def stories(registries):
    return [
        story(registries, 1, "filing", ["Vcanbio"], ["VUM02"], ["ACLF", "ARDS"], ["CDE"]),
        story(registries, 5, "approval", ["中源协和"], ["VUM02"], ["acute-on-chronic liver failure"], ["NMPA"]),
        story(registries, 9, "northwind-deal", ["Northwind", "Vcanbio"], [], ["ARDS"]),
        story(registries, 12, "northwind-data", ["Northwind"], [], ["ARDS"]),
        story(registries, 20, "vum02-round-up", ["Vcanbio"], ["VUM02 Injection"], []),
    ]


def slugs(articles):
    return [article.slug for article in articles]


def test_articles_per_entity_newest_first_whatever_the_spelling(registries, stories):
    taxonomy = Taxonomy(registries, stories)
    aclf = registries.diseases.resolve("ACLF")
    assert slugs(taxonomy.articles_of(aclf)) == ["approval", "filing"]
    vcanbio = registries.companies.resolve("vcanbio")
    assert slugs(taxonomy.articles_of(vcanbio)) == ["vum02-round-up", "northwind-deal", "approval", "filing"]
    assert slugs(taxonomy.articles_of(registries.regulators.resolve("CDE"))) == ["filing"]


def test_cooccurrence_counts(registries, stories):
    taxonomy = Taxonomy(registries, stories)
    vcanbio = registries.companies.resolve("vcanbio")
    related = [(entity.slug, count) for entity, count in taxonomy.related(vcanbio, "disease")]
    assert related == [("acute-on-chronic-liver-failure", 2), ("acute-respiratory-distress-syndrome", 2)]
    ards = registries.diseases.resolve("ARDS")
    assert [(e.slug, n) for e, n in taxonomy.related(ards, "company")] == [("northwind-biologics", 2), ("vcanbio", 2)]
    assert [(p.slug, n) for p, n in taxonomy.products_of(vcanbio)] == [("vum02", 3)]


def test_therapeutic_areas_roll_up_their_diseases(registries, stories):
    taxonomy = Taxonomy(registries, stories)
    hepatology = registries.therapeutic_areas["hepatology"]
    assert slugs(taxonomy.area_articles(hepatology)) == ["approval", "filing"]
    assert [d.slug for d, _ in taxonomy.diseases_in(hepatology)] == ["acute-on-chronic-liver-failure"]
    assert {area.slug for area in taxonomy.areas()} == {"hepatology", "pulmonology"}


def test_timeline_is_in_date_order(registries, stories):
    taxonomy = Taxonomy(registries, stories)
    timeline = taxonomy.timeline(registries.products.resolve("VUM02"))
    assert [entry.article.slug for entry in timeline] == ["filing", "approval", "vum02-round-up"]
    assert [d.slug for d in timeline[0].indications] == ["acute-on-chronic-liver-failure", "acute-respiratory-distress-syndrome"]


def test_related_stories_rank_product_then_company_then_disease(registries, stories):
    taxonomy = Taxonomy(registries, stories)
    approval = stories[1]
    assert slugs(taxonomy.related_articles(approval, 10)) == ["vum02-round-up", "filing", "northwind-deal"]
    assert slugs(taxonomy.related_articles(approval, 2)) == ["vum02-round-up", "filing"]
    northwind_data = stories[3]
    assert slugs(taxonomy.related_articles(northwind_data, 10)) == ["northwind-deal", "filing"]


def test_previous_and_next_story_of_the_same_product(registries, stories):
    taxonomy = Taxonomy(registries, stories)
    older, newer = taxonomy.product_neighbours(stories[1])
    assert (older.slug, newer.slug) == ("filing", "vum02-round-up")
    assert taxonomy.product_neighbours(stories[0])[0] is None
    assert taxonomy.product_neighbours(stories[2]) == (None, None)


def test_directory_is_a_to_z_with_counts_including_unused(registries, stories):
    taxonomy = Taxonomy(registries, stories)
    groups = taxonomy.directory("company")
    assert [group.letter for group in groups] == ["N", "V"]
    assert [(entity.slug, count) for group in groups for entity, count in group.entries] == [
        ("northwind-biologics", 2),
        ("vcanbio", 4),
    ]
    assert Taxonomy(registries, []).directory("company")[0].entries[0][1] == 0


@pytest.mark.parametrize(("name", "letter"), [("Vcanbio", "V"), ("中源协和", "Z"), ("4D Pharma", "#"), ("éclair", "E")])
def test_index_letter(name, letter):
    assert index_letter(name) == letter
