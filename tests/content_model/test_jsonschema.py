"""The JSON Schemas editors' tools read: generated from the model, committed, and true to the sample content."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sitebuild
from content_model import ContentConfig, load_registries
from content_model import jsonschema
from content_model.yamlfile import split_front_matter

from ..conftest import ROOT

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


@pytest.fixture(scope="module")
def sample():
    config = ContentConfig.from_settings(sitebuild.load_settings(ROOT / "pelicanconf.py"))
    registries, problems = load_registries(config, ROOT)
    assert problems == []
    return config, registries


def test_the_committed_schemas_are_what_the_model_generates(sample):
    generated = jsonschema.generate(*sample)
    assert sorted(generated) == sorted(path.name for path in (ROOT / "schemas").glob("*.json"))
    assert jsonschema.stale(ROOT / "schemas", generated) == [], 'run "invoke schemas" and commit schemas/'


def test_every_key_and_kind_is_described_and_named(sample):
    config, registries = sample
    article = jsonschema.article_schema(config, registries)
    assert list(article["properties"]) == [key.name for key in __import__("content_model").article_keys(config.kinds)]
    assert all(rule["description"] for rule in article["properties"].values())
    assert article["properties"]["event"]["enum"][:2] == ["filing-accepted", "trial-approval"]
    assert "One of: preclinical, phase-1" in article["properties"]["phase"]["description"]
    names = article["definitions"]["company_name"]["anyOf"][0]["enum"]
    assert {"Vcanbio", "中源协和", "Northwind Biologics", "Northwind Bio"} <= set(names)
    product = jsonschema.registry_schema(config.kind("product"), config, registries)
    assert product["required"] == ["name", "company", "modality"]
    assert product["properties"]["company"]["$ref"] == "#/definitions/company_name"
    assert "antibody" in product["properties"]["modality"]["enum"]


def check_jsonschema(schema: Path, *documents: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), *map(str, documents)], capture_output=True, text=True
    )


def front_matter_files(articles, folder: Path) -> list[Path]:
    """Each article's front matter as a YAML file of its own, as an editor's tool sees it."""
    files = []
    for path in articles:
        document, problems = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        assert problems == []
        files.append(folder / f"{path.parent.name}-{path.stem}.yaml")
        files[-1].write_text(document.front_matter, encoding="utf-8")
    return files


def test_check_jsonschema_passes_on_the_sample(tmp_path, sample):
    config, _ = sample
    articles = sorted((ROOT / "content/articles").rglob("*.md"))
    result = check_jsonschema(ROOT / "schemas" / jsonschema.ARTICLE_SCHEMA, *front_matter_files(articles, tmp_path))
    assert result.returncode == 0, result.stdout
    for kind in config.registry_kinds:
        entries = sorted((ROOT / "content" / kind.plural).glob("*.yaml"))
        result = check_jsonschema(ROOT / "schemas" / jsonschema.schema_file(kind.name), *entries)
        assert result.returncode == 0, result.stdout


def test_the_schemas_refuse_what_the_check_refuses(tmp_path):
    bad = {
        "event": "event: trial-aproval\n",
        "unknown key": "sumary: x\n",
        "date": "date: 20/05/2024\n",
        "status": "status: publshed\n",
    }
    for what, line in bad.items():
        document = tmp_path / f"{what.replace(' ', '-')}.yaml"
        base = {"title": "T\n", "date": "2024-05-20\n", "company": "Vcanbio\n", "summary": "S\n"}
        text = "".join(f"{key}: {value}" for key, value in base.items() if not line.startswith(f"{key}:")) + line
        document.write_text(text)
        result = check_jsonschema(ROOT / "schemas" / jsonschema.ARTICLE_SCHEMA, document)
        assert result.returncode == 1, (what, result.stdout)
    company = tmp_path / "company.yaml"
    company.write_text("name: X\ntickers:\n  - exchange: NOPE\n    symbol: '1'\n")
    assert check_jsonschema(ROOT / "schemas" / "company.schema.json", company).returncode == 1


def test_registry_files_and_vscode_point_at_their_schema(sample):
    config, _ = sample
    settings = json.loads((ROOT / ".vscode/settings.json").read_text())
    expected = {
        f"./schemas/{jsonschema.schema_file(kind.name)}": f"content/{kind.plural}/*.yaml"
        for kind in config.registry_kinds
    }
    assert settings["yaml.schemas"] == expected
    for kind in config.registry_kinds:
        for path in (ROOT / "content" / kind.plural).glob("*.yaml"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == jsonschema.modeline(path, ROOT / "schemas" / jsonschema.schema_file(kind.name)), path
            assert (path.parent / first.split("=", 1)[1]).resolve() == (
                ROOT / "schemas" / jsonschema.schema_file(kind.name)
            )
