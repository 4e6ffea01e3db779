from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from content_model import ArticleRules, RegistryRules
from content_model.registry import load_registries

from ..conftest import FIXTURES

REGISTRY_FIXTURE = FIXTURES / "registry"


@pytest.fixture(scope="session")
def registries():
    registries, problems = load_registries(REGISTRY_FIXTURE, RegistryRules(), display_root=REGISTRY_FIXTURE)
    assert problems == []
    return registries


@pytest.fixture(scope="session")
def rules() -> ArticleRules:
    return ArticleRules(timezone=ZoneInfo("Asia/Shanghai"))
