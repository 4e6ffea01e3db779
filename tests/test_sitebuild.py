"""Strict, atomic, deterministic builds, and settings checked before anything is built."""

from __future__ import annotations

import hashlib
import locale
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sitebuild

from .conftest import FIXTURE_SITE, LOCAL_SETTINGS, ROOT, build_content, write_site


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def content(tmp_path) -> Path:
    return write_site(tmp_path, {})


def test_a_failed_build_leaves_the_previous_site_byte_for_byte(content, tmp_path):
    output = build_content(content, tmp_path / "output")
    before = tree_digest(output)
    (content / "articles/2024/broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_content(content, output)
    [line] = failure.value.lines
    assert line.startswith(f"{os.path.relpath(content / 'articles/2024/broken.md')}:2: YAML syntax error")
    assert tree_digest(output) == before
    assert sorted(path.name for path in output.parent.iterdir() if not path.name.startswith(".cache")) == [".output.lock", "content", "output"]


class FinishFailed(Exception):
    """Raised by the finish step of the test below."""


def test_finish_works_in_the_complete_staging_folder_and_its_failure_leaves_the_previous_site(content, tmp_path):
    output = build_content(content, tmp_path / "output")
    before = tree_digest(output)
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / ".cache-output")}
    seen = []

    def finish(staging: Path) -> None:
        seen.append((staging, (staging / "index.html").is_file(), tree_digest(output) == before))
        (staging / "index.html").write_text("changed by finish")
        raise FinishFailed("post-processing failed")

    with pytest.raises(FinishFailed):
        sitebuild.build(LOCAL_SETTINGS, overrides, finish=finish)
    [(staging, complete, published_untouched)] = seen
    assert staging.parent == output.parent and staging != output
    assert complete and published_untouched
    assert tree_digest(output) == before
    assert not staging.exists()

    sitebuild.build(LOCAL_SETTINGS, overrides, finish=lambda staging: (staging / "added.txt").write_text("added"))
    assert (output / "added.txt").read_text() == "added"


def test_a_build_replaces_what_it_did_not_make_but_keeps_retained_entries(content, tmp_path):
    output = tmp_path / "output"
    (output / ".git").mkdir(parents=True)
    (output / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (output / "CNAME").write_text("news.example.com\n")
    (output / "stale.html").write_text("old")
    build_content(content, output)
    assert not (output / "stale.html").exists()
    assert (output / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (output / "CNAME").read_text() == "news.example.com\n"
    assert (output / "index.html").is_file()


def test_the_site_gets_the_permissions_the_umask_gives(content, tmp_path):
    old = os.umask(0o022)
    try:
        output = build_content(content, tmp_path / "output")
    finally:
        os.umask(old)
    assert (output.stat().st_mode & 0o777, (output / "news").stat().st_mode & 0o777) == (0o755, 0o755)
    assert (output / "index.html").stat().st_mode & 0o777 == 0o644


def test_a_build_into_a_symlinked_output_folder_writes_through_it(content, tmp_path):
    real = tmp_path / "srv" / "site"
    real.mkdir(parents=True)
    (tmp_path / "srv" / "neighbour.txt").write_text("keep me")
    link = tmp_path / "output"
    link.symlink_to(real)
    build_content(content, link)
    assert link.is_symlink() and (real / "index.html").is_file()
    assert (tmp_path / "srv" / "neighbour.txt").read_text() == "keep me"


def test_autoescape_off_is_refused_on_its_line(tmp_path):
    settings = tmp_path / "conf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\nJINJA_ENVIRONMENT = {{'autoescape': False}}\n")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        sitebuild.build(settings, {"PATH": str(FIXTURE_SITE), "OUTPUT_PATH": str(tmp_path / "output")})
    assert failure.value.lines == [f"{os.path.relpath(settings)}:4: JINJA_ENVIRONMENT must have \"autoescape\": True, so that metadata is escaped in every template"]
    assert not (tmp_path / "output").exists()


def test_misspelt_and_mistyped_settings_are_all_refused_on_their_lines(tmp_path):
    settings = tmp_path / "conf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        "FEED_MAX_ITEM = 5\nRELATED_ARTICLES_COUNT = 'five'\nPLUGINS = ['site_writer', 'frontmatter_reader', 'entity_pages', 'news']\n"
    )
    with pytest.raises(sitebuild.BuildFailed) as failure:
        sitebuild.build(settings, {"PATH": str(FIXTURE_SITE), "OUTPUT_PATH": str(tmp_path / "output")})
    shown = os.path.relpath(settings)
    assert failure.value.lines == [
        f"{shown}:4: unknown setting FEED_MAX_ITEM; did you mean FEED_MAX_ITEMS?",
        f"{shown}:5: RELATED_ARTICLES_COUNT must be a whole number, not 'five'; Stories listed under Related at the end of an article.",
        f'{shown}:6: PLUGINS: "entity_pages" needs "news" listed before it',
    ]


def test_future_articles_are_held_back_until_their_date(content, tmp_path, caplog):
    (content / "articles/2099").mkdir()
    (content / "articles/2099/embargoed.md").write_text(
        "---\ntitle: Embargoed news\ndate: 2099-01-01\ncompany: Vcanbio\nsummary: Not yet.\n---\nLater.\n", encoding="utf-8"
    )
    site = build_content(content, tmp_path / "held")
    assert not list(site.glob("news/2099/**/index.html"))
    assert "held back until 2099-01-01" in caplog.text
    site = build_content(content, tmp_path / "published", WITH_FUTURE_DATES=True)
    assert (site / "news/2099/01/embargoed/index.html").is_file()


def test_drafts_are_checked_but_not_published(content, tmp_path):
    draft = content / "articles/2024/draft.md"
    draft.write_text("---\ntitle: Draft story\ndate: 2024-01-01\ncompany: Vcanbio\nsummary: Not ready.\nstatus: draft\n---\nx\n", encoding="utf-8")
    site = build_content(content, tmp_path / "output")
    assert not (site / "news/2024/01/draft").exists()
    assert "draft" not in (site / "urls.json").read_text()
    draft.write_text("---\ntitle: Draft story\ndate: 2024-01-01\ncompany: Nobody\nsummary: Not ready.\nstatus: draft\n---\nx\n", encoding="utf-8")
    with pytest.raises(sitebuild.BuildFailed, match='"Nobody" is not a known company'):
        build_content(content, tmp_path / "output")


def test_bom_and_crlf_files_build_like_any_other(content, tmp_path):
    text = "---\r\ntitle: Windows editor story\r\ndate: 2024-03-01\r\ncompany: Vcanbio\r\nsummary: Saved with a BOM and CRLF.\r\n---\r\nBody line.\r\n"
    (content / "articles/2024/windows.md").write_bytes("\ufeff".encode() + text.encode())
    site = build_content(content, tmp_path / "output")
    page = (site / "news/2024/03/windows/index.html").read_text(encoding="utf-8")
    assert "<h1>Windows editor story</h1>" in page and "\r" not in page


BUILD_IN_CHILD = """
import sys
sys.path.insert(0, {root!r})
import sitebuild
sitebuild.build({settings!r}, {{"PATH": {content!r}, "OUTPUT_PATH": sys.argv[1], "CACHE_PATH": sys.argv[1] + "-cache", "LOAD_CONTENT_CACHE": False}})
"""


def build_in_child(output: Path, environment: dict) -> None:
    """A build in a fresh process, so that hash seed, locale and time zone are its own."""
    code = BUILD_IN_CHILD.format(root=str(ROOT), settings=str(LOCAL_SETTINGS), content=str(ROOT / "content"))
    subprocess.run([sys.executable, "-c", code, str(output)], env={**os.environ, **environment}, check=True, capture_output=True)


def available_locale(*names: str) -> str | None:
    for name in names:
        try:
            locale.setlocale(locale.LC_ALL, name)
        except locale.Error:
            continue
        finally:
            locale.setlocale(locale.LC_ALL, "C")
        return name
    return None


def test_the_sample_site_is_byte_identical_under_another_locale_time_zone_hash_seed_and_file_system(sample_site, tmp_path):
    """The German month names of LC_ALL=de_DE would show in dates if anything used the locale's strftime."""
    german = available_locale("de_DE.UTF-8", "de_DE.utf8")
    if german is None and os.environ.get("CI"):
        pytest.fail("the de_DE.UTF-8 locale is missing: .ci/run installs it (locales)")
    if german is None:
        pytest.skip("no German locale on this machine (apt-get install locales; CI installs it)")
    other_fs = Path("/dev/shm") if Path("/dev/shm").is_dir() else tmp_path
    output = Path(os.environ.get("TMPDIR_OTHER_FS", str(other_fs))) / f"site-{os.getpid()}"
    try:
        build_in_child(output, {"LC_ALL": german, "LANG": german, "TZ": "America/Los_Angeles", "PYTHONHASHSEED": "12345"})
        assert tree_digest(output) == tree_digest(sample_site)
    finally:
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(f"{output}-cache", ignore_errors=True)
