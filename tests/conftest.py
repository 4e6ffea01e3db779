"""Shared fixtures: the sample site is built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sitebuild
from content_model import RegistryRules
from content_model.registry import load_registries

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LOCAL_SETTINGS = ROOT / "pelicanconf.py"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own content, built with local settings."""
    output = tmp_path_factory.mktemp("sample-site") / "output"
    return sitebuild.build(LOCAL_SETTINGS, {"OUTPUT_PATH": str(output)})


@pytest.fixture(scope="session")
def registries():
    """The fixture registries (tests/fixtures/registry), loaded once."""
    registry = FIXTURES / "registry"
    registries, problems = load_registries(registry, RegistryRules(), display_root=registry)
    assert problems == []
    return registries


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the sample content, for planting mistakes."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def build_content(content: Path, output: Path, **settings) -> Path:
    """Build a content folder with the project's settings (plus any overrides) into ``output``."""
    return sitebuild.build(LOCAL_SETTINGS, {"PATH": str(content), "OUTPUT_PATH": str(output), **settings})


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory) -> Path:
    """Two VUM02 articles over the fixture registry, where Northwind has no article."""
    return build_content(FIXTURES / "tiny-site", tmp_path_factory.mktemp("tiny-site") / "output")
