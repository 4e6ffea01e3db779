"""Strict, atomic, deterministic builds."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

import sitebuild

from .conftest import FIXTURES, LOCAL_SETTINGS, build_content


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def tiny_content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "tiny-site", target)
    return target


def test_two_builds_of_the_same_content_are_byte_identical(sample_site, tmp_path):
    again = sitebuild.build(LOCAL_SETTINGS, {"OUTPUT_PATH": str(tmp_path / "again")})
    assert tree_digest(again) == tree_digest(sample_site)


def test_a_failed_build_leaves_the_previous_site_byte_for_byte(tiny_content, tmp_path):
    output = build_content(tiny_content, tmp_path / "output")
    before = tree_digest(output)
    (tiny_content / "articles/2024/broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_content(tiny_content, output)
    [line] = failure.value.lines
    assert line.startswith(f"{os.path.relpath(tiny_content / 'articles/2024/broken.md')}:2: YAML syntax error")
    assert tree_digest(output) == before
    assert sorted(p.name for p in output.parent.iterdir()) == ["content", "output"]


def test_a_successful_build_replaces_the_old_site_entirely(tiny_content, tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "stale.html").write_text("old")
    build_content(tiny_content, output)
    assert not (output / "stale.html").exists()
    assert (output / "index.html").is_file()


def test_autoescape_off_refuses_to_build(tiny_content, tmp_path):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_content(tiny_content, tmp_path / "output", JINJA_ENVIRONMENT={"autoescape": False})
    assert "autoescape" in str(failure.value)
    assert not (tmp_path / "output").exists()


def test_future_articles_are_held_back_until_their_date(tiny_content, tmp_path, caplog):
    (tiny_content / "articles/2024/from-the-future.md").write_text(
        "---\ntitle: Embargoed news\ndate: 2099-01-01\ncompany: Vcanbio\nsummary: Not yet.\n---\nLater.\n", encoding="utf-8"
    )
    site = build_content(tiny_content, tmp_path / "held")
    assert not list(site.glob("news/2099/**/index.html"))
    assert "Held back until 2099-01-01" in caplog.text
    site = build_content(tiny_content, tmp_path / "published", WITH_FUTURE_DATES=True)
    assert (site / "news/2099/01/embargoed-news/index.html").is_file()


def test_links_in_the_output_are_reported(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("ok")
    (tmp_path / "site" / "leak").symlink_to("/etc/passwd")
    assert sitebuild.escaping_outside(tmp_path / "site") == ["error: leak is a link or leads outside the output folder"]


def test_drafts_are_checked_but_not_published(tiny_content, tmp_path):
    (tiny_content / "articles/2024/draft.md").write_text(
        "---\ntitle: Draft story\ndate: 2024-01-01\ncompany: Vcanbio\nsummary: Not ready.\nstatus: draft\n---\nx\n", encoding="utf-8"
    )
    site = build_content(tiny_content, tmp_path / "output")
    assert not (site / "news/2024/01/draft-story").exists()
    (tiny_content / "articles/2024/draft.md").write_text(
        "---\ntitle: Draft story\ndate: 2024-01-01\ncompany: Nobody\nsummary: Not ready.\nstatus: draft\n---\nx\n", encoding="utf-8"
    )
    with pytest.raises(sitebuild.BuildFailed, match='"Nobody" is not a known company'):
        build_content(tiny_content, tmp_path / "output")


def test_bom_and_crlf_files_build_like_any_other(tiny_content, tmp_path):
    text = "---\r\ntitle: Windows editor story\r\ndate: 2024-03-01\r\ncompany: Vcanbio\r\nsummary: Saved with a BOM and CRLF.\r\n---\r\nBody line.\r\n"
    (tiny_content / "articles/2024/windows.md").write_bytes("\ufeff".encode() + text.encode())
    site = build_content(tiny_content, tmp_path / "output")
    page = (site / "news/2024/03/windows-editor-story/index.html").read_text(encoding="utf-8")
    assert "<h1>Windows editor story</h1>" in page and "\r" not in page
