"""Registries: loading, name resolution through every kind of name, and conflicts."""

from __future__ import annotations

import pytest

from content_model import ContentConfig, load_registries

from ..conftest import settings_for


@pytest.mark.parametrize(
    ("kind", "name", "slug"),
    [
        ("company", "Vcanbio", "vcanbio"),
        ("company", "VCANBIO", "vcanbio"),
        ("company", "vcanbio cell & gene engineering corp., ltd", "vcanbio"),
        ("company", "中源协和", "vcanbio"),
        ("company", "中源协和细胞基因工程股份有限公司", "vcanbio"),
        ("company", "600645", "vcanbio"),
        ("company", "SSE 600645", "vcanbio"),
        ("company", "SSE:600645", "vcanbio"),
        ("company", "SHA:600645", "vcanbio"),
        ("company", "northwind-biologics", "northwind-biologics"),
        ("disease", "ACLF", "acute-on-chronic-liver-failure"),
        ("disease", "aclf", "acute-on-chronic-liver-failure"),
        ("disease", "acute-on-chronic liver failure", "acute-on-chronic-liver-failure"),
        ("disease", "Acute on chronic liver failure", "acute-on-chronic-liver-failure"),
        ("disease", "acute-on-chronic (subacute) liver failure", "acute-on-chronic-liver-failure"),
        ("disease", "慢加急性肝衰竭", "acute-on-chronic-liver-failure"),
        ("product", "vum02 injection", "vum02"),
        ("regulator", "nmpa", "nmpa"),
        ("regulator", "国家药品监督管理局", "nmpa"),
    ],
)
def test_names_resolve_case_insensitively_through_every_alias(registries, kind, name, slug):
    assert registries[kind].resolve(name).slug == slug


def test_unknown_names_resolve_to_nothing(registries):
    assert registries["company"].resolve("Vcanbo") is None
    assert registries["disease"].resolve("Vcanbio") is None


def test_cross_references_resolve_to_entities(registries):
    vum02 = registries["product"].resolve("VUM02")
    assert vum02.company is registries["company"].resolve("Vcanbio")
    assert vum02.modality.label == "Cell therapy"
    assert registries["regulator"].resolve("CDE").parent.slug == "nmpa"
    aclf = registries["disease"].resolve("ACLF")
    assert aclf.therapeutic_area.slug == "hepatology"
    assert registries["disease"].resolve("ARDS").codes == {"mesh": "D012128", "icd10": "J80"}


def config_for(path, **overrides) -> ContentConfig:
    return ContentConfig.from_settings(settings_for(path, **overrides))


def test_entities_get_urls_from_the_settings(tmp_path):
    folder = tmp_path / "companies"
    folder.mkdir()
    (folder / "acme.yaml").write_text("name: Acme\n")
    registries, problems = load_registries(config_for(tmp_path, COMPANY_URL="firms/{slug}.html"), display_root=tmp_path)
    assert problems == []
    acme = registries["company"].resolve("acme")
    assert (acme.url, acme.save_as) == ("firms/acme.html", "firms/acme.html")


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def problems_of(tmp_path):
    _, problems = load_registries(config_for(tmp_path), display_root=tmp_path)
    return [str(problem) for problem in problems]


def test_an_alias_claimed_by_two_entities_is_reported_once_on_its_line(tmp_path):
    write(tmp_path / "companies", "alpha.yaml", "name: Alpha Bio\naliases: [AB]\n")
    write(tmp_path / "companies", "beta.yaml", "name: Beta Bio\ndescription: x\naliases:\n  - Beta\n  - ab\n")
    [problem] = problems_of(tmp_path)
    assert problem.startswith("companies/beta.yaml:5:")
    assert 'is already company companies/alpha.yaml (line 2: "AB")' in problem


def test_a_look_alike_name_is_refused(tmp_path):
    write(tmp_path / "companies", "vcanbio.yaml", "name: Vcanbio\n")
    write(tmp_path / "companies", "spoof.yaml", "name: Spoof\naliases: [V\u0441anbi\u043e]\n")  # Cyrillic es and o
    [problem] = problems_of(tmp_path)
    assert problem.startswith("companies/spoof.yaml:2:")
    assert "mixes alphabets" in problem and "U+0441 CYRILLIC SMALL LETTER ES" in problem


def test_a_whole_name_in_look_alike_letters_is_refused(tmp_path):
    write(tmp_path / "companies", "axa.yaml", "name: AXA\n")
    write(tmp_path / "companies", "spoof.yaml", "name: \u0410\u0425\u0410\n")  # all Cyrillic
    [problem] = problems_of(tmp_path)
    assert problem.startswith("companies/spoof.yaml:1:") and 'looks like "AXA"' in problem


def test_chinese_beside_latin_is_fine(tmp_path):
    write(tmp_path / "products", "vum02.yaml", "name: VUM02\naliases: [VUM02注射液]\ncompany: c\nmodality: cell-therapy\n")
    write(tmp_path / "companies", "c.yaml", "name: C\n")
    assert problems_of(tmp_path) == []


def test_the_same_name_in_two_kinds_is_allowed(tmp_path):
    write(tmp_path / "companies", "ab.yaml", "name: AB\n")
    write(tmp_path / "regulators", "ab.yaml", "name: AB\n")
    assert problems_of(tmp_path) == []


@pytest.mark.parametrize(
    ("folder", "name", "text", "expected"),
    [
        ("products", "x.yaml", "name: X\ncompany: Nobody\nmodality: antibody\n", 'x.yaml:2: company: "Nobody" is not a known company'),
        ("products", "x.yaml", "name: X\ncompany: x\nmodality: pill\n", 'x.yaml:3: modality: "pill" is not a known modality'),
        ("diseases", "x.yaml", "name: X\ntherapeutic_area: Hepatolgy\n", 'x.yaml:2: therapeutic_area: "Hepatolgy" is not a known therapeutic area. Did you mean "hepatology"'),
        ("diseases", "x.yaml", "name: X\n", 'x.yaml:1: required key "therapeutic_area" is missing'),
        ("diseases", "x.yaml", "name: X\ntherapeutic_area: Oncology\ncodes: {mesh: D1, icd9: 1}\n", 'x.yaml:3: codes: unknown key "icd9"'),
        ("companies", "x.yaml", "name: X\ntickers:\n  - {exchange: NASDQ, symbol: XX}\n", 'x.yaml:3: tickers: exchange: "NASDQ" is not a known exchange. Did you mean "NASDAQ"?'),
        ("companies", "x.yaml", "name: X\nwebsite: example.com\n", 'x.yaml:2: website: "example.com" is not a web address'),
        ("companies", "x.yaml", "nme: X\n", 'x.yaml:1: unknown key "nme". Did you mean "name"'),
        ("companies", "Bad Name.yaml", "name: X\n", 'must be the slug'),
        ("companies", "bad\nname.yaml", "name: X\n", 'companies/bad\\nname.yaml: the file name must be the slug'),
        ("companies", "x.yaml", "name: X\ntickers:\n  - {exchange: SSE, symbol: \"\u0666\u0660\u0660\u0666\u0664\u0665\"}\n", 'x.yaml:3: tickers: symbol: "'),
        ("companies", "x.yml", "name: X\n", "only <slug>.yaml files belong in companies/"),
        ("companies", "x.yaml", "name: [X\n", "x.yaml:1: YAML syntax error"),
        ("companies", "x.yaml", "", "x.yaml:1: file is empty"),
        ("regulators", "x.yaml", "name: X\nparent: x\n", "x.yaml:2: parent: an entity cannot be its own parent"),
    ],
)
def test_bad_registry_entries_are_located(tmp_path, folder, name, text, expected):
    write(tmp_path / folder, name, text)
    if folder == "products" and "company: x" in text:
        write(tmp_path / "companies", "x.yaml", "name: X Co\n")
    problems = problems_of(tmp_path)
    assert len(problems) == 1, problems
    assert expected in problems[0]


def test_a_parent_loop_is_an_error(tmp_path):
    write(tmp_path / "regulators", "a.yaml", "name: A\nparent: b\n")
    write(tmp_path / "regulators", "b.yaml", "name: B\nparent: a\n")
    problems = problems_of(tmp_path)
    assert any("loops back" in problem for problem in problems)
