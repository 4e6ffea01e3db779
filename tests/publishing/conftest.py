"""Production builds of the sample content, post-processed once per session, and helpers for the servers.

One sample article gets an alias (``with_alias``), as an editor gives one after
renaming a file, so that the build writes its redirect page and ``urls.json``
names it, and the redirect rules meet real requests. The theme's ``favicon.ico``
is published at the site's root under its own name (``ASSETS_UNHASHED``), so the
cache rules meet a theme file that is not named by its content too.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

import sitebuild
from publishing.postprocess import postprocess
from publishing.settings import PublishSettings

from ..conftest import ROOT

PUBLISH_SETTINGS = ROOT / "publishconf.py"
SITE_URL = "https://news.example.com"
SETTINGS = PublishSettings(site_url=SITE_URL, rsync_retain=(".well-known/",))
# The article that gets an alias, and the one that the edited build changes.
ALIASED_ARTICLE = "content/articles/2024/cde-accepts-vum02-filing-in-agvhd.md"
EDITED_ARTICLE = "content/articles/2023/northwind-prices-nasdaq-ipo.md"
EDIT = "\nThe offering was priced at the top of its range, a spokesperson said.\n"


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file of a folder by relative path, with the SHA-256 of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def changed_files(before: dict[str, str], after: dict[str, str]) -> tuple[set[str], set[str]]:
    """(paths new or different in ``after``, paths gone from it)."""
    return {path for path, digest in after.items() if before.get(path) != digest}, set(before) - set(after)


def article_url(output: Path, source: str) -> str:
    """The site-relative URL the build gave the article written in ``source`` (found by its slug)."""
    slug = Path(source).stem
    (page,) = output.glob(f"news/*/*/{slug}/index.html")
    return page.parent.relative_to(output).as_posix() + "/"


def with_alias(content: Path) -> Path:
    """The content with ALIASED_ARTICLE given an earlier URL under ``aliases:``."""
    article = content / Path(ALIASED_ARTICLE).relative_to("content")
    text = article.read_text(encoding="utf-8")
    assert "\naliases:" not in text
    date = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("date:"))
    alias = f"news/{date[:4]}/{date[5:7]}/{article.stem}-first-headline/"
    article.write_text(text.replace("\ndate:", f"\naliases: [{alias}]\ndate:", 1), encoding="utf-8")
    return content


def production_build(content: Path, output: Path, theme: Path, finish=None) -> Path:
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(output), "SITEURL": SITE_URL, "CACHE_PATH": f"{output}-cache",
                 "THEME": str(theme)}
    return sitebuild.build(PUBLISH_SETTINGS, overrides, finish=finish)


@pytest.fixture(scope="session")
def theme() -> Path:
    return ROOT / "theme"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, theme) -> Path:
    """The sample content (one article with an alias) built for production, not post-processed: copy it before changing anything."""
    folder = tmp_path_factory.mktemp("built")
    content = with_alias(shutil.copytree(ROOT / "content", folder / "content"))
    return production_build(content, folder / "output", theme)


@pytest.fixture(scope="session")
def compression_cache(tmp_path_factory) -> Path:
    """One compression cache for the session's production sites, as ``invoke publish`` keeps one."""
    return tmp_path_factory.mktemp("compression-cache")


@pytest.fixture(scope="session")
def published_site(built_site, compression_cache, tmp_path_factory) -> Path:
    """``built_site`` post-processed: what every deploy target sends."""
    output = tmp_path_factory.mktemp("published") / "output"
    shutil.copytree(built_site, output)
    postprocess(output, SETTINGS, cache=compression_cache)
    return output


@pytest.fixture(scope="session")
def edited_site(published_site, compression_cache, theme, tmp_path_factory) -> Path:
    """The sample content with one sentence added to one article, built and post-processed."""
    folder = tmp_path_factory.mktemp("edited")
    content = with_alias(shutil.copytree(ROOT / "content", folder / "content"))
    article = content / Path(EDITED_ARTICLE).relative_to("content")
    article.write_text(article.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    output = production_build(content, folder / "output", theme)
    # A copy of the cache, which this run prunes to its own files: the session's stays ``published_site``'s.
    cache = shutil.copytree(compression_cache, folder / "cache")
    postprocess(output, SETTINGS, cache=cache)
    return output


def require_tool(name: str, package: str) -> str:
    """The program's path; skipped locally when missing, a failure in CI (whose .ci/run installs it)."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run must apt-get install {package}")
        pytest.skip(f"{name} is not installed (apt-get install {package})")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    """Return once something accepts connections on 127.0.0.1:port; fail with the server's log if it exits."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    process.kill()
    pytest.fail(f"nothing listened on 127.0.0.1:{port} within 15 s:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
