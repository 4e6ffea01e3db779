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

import feedparser
import pytest

import sitebuild
from content_model import ContentConfig, Taxonomy, load_site
from frontmatter_reader import FrontMatterReader

from ...conftest import LOCAL_SETTINGS, ROOT, settings_for

ATOM_SCHEMA = Path(__file__).resolve().parent / "atom.rnc"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
LOCAL_BASE = "http://127.0.0.1:8000/"
FORMATS = {"rss": ".rss.xml", "atom": ".atom.xml", "json": ".json"}


def expected_taxonomy(content: Path = ROOT / "content") -> Taxonomy:
    """The taxonomy of a content folder, from the content model alone (no Pelican run)."""
    settings = settings_for(content)
    config = ContentConfig.from_settings(settings)
    site, problems = load_site(config, FrontMatterReader(settings), workers=1)
    assert problems == []
    return Taxonomy(config.kinds, site.registries, site.published_articles, list(config.vocabularies["phase"]))


def entity_feeds(taxonomy: Taxonomy) -> list[tuple[str, object, list]]:
    """(feed path without extension, entity, its articles newest first) for every entity feed DESIGN.md promises."""
    return [
        (f"feeds/{kind.plural}/{term.slug}", term, taxonomy.articles_of(term))
        for kind in taxonomy.kinds
        if kind.feeds
        for term in taxonomy.terms(kind)
    ]


def feed_files(site: Path) -> list[Path]:
    return sorted(site.glob("feeds/**/*.xml"))


def json_feed_files(site: Path) -> list[Path]:
    return sorted(site.glob("feeds/**/*.json"))


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
    return expected_taxonomy()


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The sample content built with production settings (absolute SITEURL)."""
    output = tmp_path_factory.mktemp("published") / "output"
    return sitebuild.build(PUBLISH_SETTINGS, {"OUTPUT_PATH": str(output), "SITEURL": "https://pharma-pipeline.example.com",
                                              "CACHE_PATH": str(output) + "-cache"})


@pytest.fixture(scope="session")
def rebuilt_site(tmp_path_factory) -> Path:
    """The sample content built a second time into another folder, by another process with
    another hash seed, so no set or dict order of one Python run can hide in the output."""
    output = tmp_path_factory.mktemp("rebuilt") / "output"
    script = (f"import sitebuild; sitebuild.build({str(LOCAL_SETTINGS)!r}, {{'OUTPUT_PATH': {str(output)!r}, "
              f"'CACHE_PATH': {str(output)!r} + '-cache'}})")
    environment = {**os.environ, "PYTHONHASHSEED": "4242"}
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, check=True, capture_output=True)
    return output


@pytest.fixture(scope="session")
def limited_site(tmp_path_factory) -> Path:
    """The sample content with three items per feed and the full text in entity feeds too."""
    output = tmp_path_factory.mktemp("limited") / "output"
    return sitebuild.build(LOCAL_SETTINGS, {"OUTPUT_PATH": str(output), "FEED_MAX_ITEMS": 3, "ENTITY_FEED_CONTENT": "full",
                                            "CACHE_PATH": str(output) + "-cache"})
