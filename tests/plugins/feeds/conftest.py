"""Helpers of the feed tests: the expected taxonomy, feed files, and the Atom schema check.

Each extra site is built once per session; the sample site itself is the
shared ``sample_site`` fixture.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest

import sitebuild
from content_model import KINDS, Taxonomy, check_site, resolve_entities

from ...conftest import LOCAL_SETTINGS, ROOT

ATOM_SCHEMA = Path(__file__).resolve().parent / "atom.rnc"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
LOCAL_BASE = "http://127.0.0.1:8000/"

# The feed folders of DESIGN.md, by kind.
FEED_FOLDERS = {
    "company": "companies",
    "disease": "diseases",
    "product": "products",
    "regulator": "regulators",
    "therapeutic_area": "therapeutic-areas",
}


def expected_taxonomy(content: Path = ROOT / "content") -> tuple[Taxonomy, dict]:
    """The taxonomy of a content folder, from the content model alone (no Pelican run), and the settings."""
    settings = sitebuild.load_settings(LOCAL_SETTINGS, {"PATH": str(content)})
    site, problems = check_site(content, settings)
    assert problems == []
    articles = []
    for parsed in site.published_articles:
        entities, problems = resolve_entities(parsed.entity_names, site.registries, parsed.path)
        assert problems == []
        url = settings["ARTICLE_URL"].format(date=parsed.date, slug=parsed.slug)
        articles.append(
            SimpleNamespace(title=parsed.title, date=parsed.date, slug=parsed.slug, event=parsed.event, url=url, **entities)
        )
    return Taxonomy(site.registries, articles), settings


def entity_feeds(taxonomy: Taxonomy) -> list[tuple[str, object, list]]:
    """(feed path without extension, entity, its articles newest first) for every entity feed DESIGN.md promises."""
    feeds = []
    for kind in KINDS:
        for entity in taxonomy.registries[kind]:
            feeds.append((f"feeds/{FEED_FOLDERS[kind]}/{entity.slug}", entity, taxonomy.articles_of(entity)))
    for area in taxonomy.areas():
        feeds.append((f"feeds/{FEED_FOLDERS['therapeutic_area']}/{area.slug}", area, taxonomy.area_articles(area)))
    return feeds


def feed_files(site: Path) -> list[Path]:
    return sorted(site.glob("feeds/**/*.xml"))


def parse_feed(path: Path) -> feedparser.FeedParserDict:
    """Parse a feed as a feed reader would; a bozo (malformed) feed fails the test."""
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


def validate_atom(paths: list[Path]) -> None:
    """Validate Atom documents against the RELAX NG schema of RFC 4287 with jing."""
    jing = shutil.which("jing")
    if jing is None:
        if os.environ.get("CI"):
            pytest.fail("jing is not installed, so the Atom feeds cannot be validated; CI must apt-get install jing")
        pytest.skip("jing is not installed (apt-get install jing): Atom schema validation skipped locally")
    assert paths
    result = subprocess.run([jing, "-c", str(ATOM_SCHEMA), *map(str, paths)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


@pytest.fixture(scope="session")
def sample_taxonomy() -> Taxonomy:
    return expected_taxonomy()[0]


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The sample content built with production settings (absolute SITEURL)."""
    output = tmp_path_factory.mktemp("published") / "output"
    return sitebuild.build(PUBLISH_SETTINGS, {"OUTPUT_PATH": str(output), "SITEURL": "https://pharma-pipeline.example.com"})


@pytest.fixture(scope="session")
def rebuilt_site(tmp_path_factory) -> Path:
    """The sample content built a second time into another folder, by another process with
    another hash seed, so no set or dict order of one Python run can hide in the output."""
    output = tmp_path_factory.mktemp("rebuilt") / "output"
    script = f"import sitebuild; sitebuild.build({str(LOCAL_SETTINGS)!r}, {{'OUTPUT_PATH': {str(output)!r}}})"
    environment = {**os.environ, "PYTHONHASHSEED": "4242"}
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, check=True, capture_output=True)
    return output


@pytest.fixture(scope="session")
def limited_site(tmp_path_factory) -> Path:
    """The sample content with three items per feed and summaries only."""
    output = tmp_path_factory.mktemp("limited") / "output"
    return sitebuild.build(LOCAL_SETTINGS, {"OUTPUT_PATH": str(output), "FEED_MAX_ITEMS": 3, "FEED_FULL_CONTENT": False})
