"""Incremental builds: only what a change affects is rendered, and the result is byte-identical to a clean build."""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sitebuild

from .conftest import FIXTURE_SITE, LOCAL_SETTINGS, ROOT


def tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build(content: Path, output: Path, cache: Path, **settings) -> Path:
    """A build with a cache of its own (incremental when the cache describes ``output``)."""
    return sitebuild.build(LOCAL_SETTINGS, {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache), **settings})


def clean_build(content: Path, output: Path) -> Path:
    if output.exists():
        shutil.rmtree(output)
    return build(content, output, output.parent / f"{output.name}-cache", LOAD_CONTENT_CACHE=False, CACHE_CONTENT=False)


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    output, cache = tmp_path / "output", tmp_path / "cache"
    build(content, output, cache)
    return content, output, cache


def incremental_log(caplog) -> str:
    return next(record.getMessage() for record in caplog.records if record.getMessage().startswith("Incremental build"))


def test_a_build_with_nothing_changed_renders_and_writes_nothing(site, caplog):
    content, output, cache = site
    before = {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()}
    with caplog.at_level(logging.INFO):
        build(content, output, cache)
    assert incremental_log(caplog).startswith("Incremental build: 0 of ")
    assert {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()} == before


def test_a_body_edit_rerenders_its_page_feeds_and_search_only(site, caplog, tmp_path):
    content, output, cache = site
    article = content / "articles/2024/vum02-filing.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA second paragraph.\n", encoding="utf-8")
    with caplog.at_level(logging.INFO):
        build(content, output, cache)
    message = incremental_log(caplog)
    rendered = int(message.split(": ", 1)[1].split(" of ")[0])
    assert 0 < rendered < 10, message
    assert "A second paragraph." in (output / "news/2024/02/vum02-filing/index.html").read_text(encoding="utf-8")
    assert tree(output) == tree(clean_build(content, tmp_path / "clean"))


def test_a_file_added_by_hand_to_the_output_is_removed_like_a_clean_build_would(site, tmp_path):
    content, output, cache = site
    (output / "stray.html").write_text("not made by the build")
    (output / "news" / "index.html").write_text("not made either")
    build(content, output, cache)
    assert not (output / "stray.html").exists() and not (output / "news" / "index.html").exists()


def test_an_output_changed_by_hand_is_rendered_again(site):
    content, output, cache = site
    page = output / "companies/vcanbio/index.html"
    original = page.read_bytes()
    page.write_bytes(b"tampered")
    build(content, output, cache)
    assert page.read_bytes() == original


def test_a_corrupt_manifest_is_ignored_and_the_build_is_full(site, caplog):
    content, output, cache = site
    (cache / sitebuild.MANIFEST_FILE).write_bytes(b"not a pickle")
    (output / "stray.html").write_text("x")
    with caplog.at_level(logging.INFO):
        build(content, output, cache)
    assert not any(record.getMessage().startswith("Incremental build") for record in caplog.records)
    assert not (output / "stray.html").exists()


# The property: any sequence of edits, built incrementally after each, gives a clean build's bytes.

STORY = "---\ntitle: {title}\ndate: {date}\ncompany: {company}\n{product}summary: {summary}\n{status}---\n{body}\n"
TITLES = ["VUM02 trial starts", "Vcanbio raises funds", "Northwind licenses a drug", "中源协和 news"]
COMPANIES = ["Vcanbio", "Northwind", "[Vcanbio, Northwind]", "SSE 600645"]


@st.composite
def stories(draw):
    return STORY.format(
        title=draw(st.sampled_from(TITLES)),
        date=draw(st.sampled_from(["2024-01-15", "2024-02-06", "2024-06-30T09:30+08:00", "2023-12-31"])),
        company=draw(st.sampled_from(COMPANIES)),
        product=draw(st.sampled_from(["", "product: VUM02\n"])),
        summary=draw(st.sampled_from(["A short summary.", "Another summary & more."])),
        status=draw(st.sampled_from(["", "", "status: draft\n"])),
        body=draw(st.sampled_from(["Body.", "Body with a [link](https://example.com).", "| a | b |\n|---|---|\n| 1 | 2 |"])),
    )


NAMES = ["a.md", "b.md", "c.md"]
edits = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(NAMES), stories()),
    st.tuples(st.just("delete"), st.sampled_from(NAMES), st.none()),
    st.tuples(st.just("rename"), st.sampled_from(NAMES), st.sampled_from(NAMES)),
    st.tuples(st.just("registry"), st.just("companies/vcanbio.yaml"), st.sampled_from(["Vcanbio Cell & Gene", "Vcanbio Renamed Ltd"])),
    st.tuples(st.just("template"), st.just("partials/footer.html"), st.sampled_from(["<p>Footer one</p>", "<p>Footer two</p>"])),
)


def apply(edit, content: Path, theme: Path) -> None:
    action, target, value = edit
    folder = content / "articles" / "2024"
    dated = value.split("date: ")[1][:4] if action == "write" else None
    if action == "write":
        path = content / "articles" / dated / target
        for old in content.glob(f"articles/*/{target}"):
            old.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value, encoding="utf-8")
    elif action == "delete":
        for old in content.glob(f"articles/*/{target}"):
            old.unlink()
    elif action == "rename":
        for old in content.glob(f"articles/*/{target}"):
            new = old.with_name(value)
            if not new.exists():
                old.rename(new)
    elif action == "registry":
        path = content / target
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[0] = f'name: "{value}"'
        path.write_text("\n".join(lines), encoding="utf-8")
    else:
        path = theme / "templates" / target
        text = path.read_text(encoding="utf-8")
        path.write_text(text.split("<!-- edit -->")[0] + f"<!-- edit -->{value}", encoding="utf-8")
    assert folder.is_dir()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=st.lists(edits, min_size=1, max_size=3))
def test_incremental_builds_equal_clean_builds_after_any_edits(tmp_path_factory, sequence):
    work = tmp_path_factory.mktemp("edits")
    content, theme = work / "content", work / "theme"
    shutil.copytree(FIXTURE_SITE, content)
    shutil.copytree(ROOT / "theme", theme)
    output, cache = work / "output", work / "cache"
    build(content, output, cache, THEME=str(theme))
    for edit in sequence:
        apply(edit, content, theme)
        build(content, output, cache, THEME=str(theme))
        clean = build(content, work / "clean", work / "clean-cache", THEME=str(theme), LOAD_CONTENT_CACHE=False, CACHE_CONTENT=False)
        assert tree(output) == tree(clean), edit
        shutil.rmtree(clean)
