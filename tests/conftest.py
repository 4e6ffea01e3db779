"""Shared fixtures: one fixture site on disk, inline sites, the sample site built once per session,
and a real browser (Debian's Chromium, through Playwright) on the served sample site."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import textwrap
import threading
from pathlib import Path

import pytest

import sitebuild
from content_model import ContentConfig, load_registries

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_SITE = FIXTURES / "site"
LOCAL_SETTINGS = ROOT / "pelicanconf.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def settings_for(content: Path, **overrides) -> dict:
    """The project's settings (defaults of every plugin installed) pointed at another content folder."""
    return sitebuild.load_settings(LOCAL_SETTINGS, {"PATH": str(content), **overrides})


def build_content(content: Path, output: Path, **settings) -> Path:
    """Build a content folder with the project's settings (plus overrides) into ``output``; no content cache."""
    cache = output.parent / f".cache-{output.name}"
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache), "LOAD_CONTENT_CACHE": False}
    return sitebuild.build(LOCAL_SETTINGS, {**overrides, **settings})


def write_site(root: Path, files: dict[str, str], base: Path | None = FIXTURE_SITE) -> Path:
    """A content folder: a copy of ``base`` (the fixture site) with ``files`` (path -> text) added or replaced."""
    content = root / "content"
    if base is not None:
        shutil.copytree(base, content)
    for relative, text in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return content


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own content, built with local settings."""
    return build_content(ROOT / "content", tmp_path_factory.mktemp("sample-site") / "output")


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """tests/fixtures/site built once: two VUM02 stories; Northwind has none."""
    return build_content(FIXTURE_SITE, tmp_path_factory.mktemp("fixture-site") / "output")


@pytest.fixture(scope="session")
def fixture_settings() -> dict:
    return settings_for(FIXTURE_SITE)


@pytest.fixture(scope="session")
def config(fixture_settings) -> ContentConfig:
    return ContentConfig.from_settings(fixture_settings)


@pytest.fixture(scope="session")
def registries(config):
    """The fixture site's registries, loaded once."""
    registries, problems = load_registries(config, display_root=FIXTURE_SITE)
    assert problems == []
    return registries


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the sample content, for planting mistakes."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def make_article(config, registries, slug: str, date: str = "2024-01-01", body: str = "Body.", **keys):
    """An Article as the content model makes it from front matter: ``keys`` are front matter keys
    (``company="Vcanbio"``, ``indications=["ACLF", "ARDS"]``, ``event="deal"``); a title and a summary are given if missing."""
    from content_model import Article, parse_article, resolve_terms

    fields = {"title": slug, "date": date, "summary": "A story.", **keys}
    lines = [f"{key}: [{', '.join(value)}]" if isinstance(value, (list, tuple)) else f"{key}: {value}" for key, value in fields.items()]
    data = ("---\n" + "\n".join(lines) + f"\n---\n{body}\n").encode()
    source, problems = parse_article(data, f"{slug}.md", config, slug, date[:4])
    assert problems == [], problems
    terms, problems = resolve_terms(source, registries, config)
    assert problems == [], problems
    return Article(source, terms, config, f"<p>{body}</p>", embargoed=False)


# Browser tests


@contextlib.contextmanager
def served(folder: Path):
    """A built site served over HTTP on a free local port, as a static host serves it: its base URL."""
    import devserver

    handler = functools.partial(devserver.BuiltSiteHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(sample_site):
    """The session's built sample site, served over HTTP on a free local port."""
    with served(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium: a missing one fails the run in CI and skips the tests elsewhere."""
    if not CHROMIUM.is_file():
        message = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; it is missing in CI")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab; any script error on the page fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(error))
    yield tab
    context.close()
    assert errors == []
