"""The build refuses bad content with every problem at once, exactly as the check reports it."""

from __future__ import annotations

import os
import shutil

import pytest

import sitebuild

from ...conftest import FIXTURE_SITE, build_content
from ...content_model.test_bad_inputs import BAD_INPUTS


@pytest.fixture(scope="module")
def failed_build(tmp_path_factory):
    """The tiny site with every bad input of the table added as its own article file, built once."""
    root = tmp_path_factory.mktemp("bad-corpus")
    content = root / "content"
    shutil.copytree(FIXTURE_SITE, content)
    expected = {}
    for number, (case, data, line, fragments) in enumerate(BAD_INPUTS):
        path = content / "articles" / "2024" / f"bad-{number:02d}.md"
        path.write_bytes(data)  # one file, so one URL, each
        expected[os.path.relpath(path)] = (case, line, fragments)
    output = root / "output"
    output.mkdir()
    (output / "index.html").write_text("previous site")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_content(content, output)
    return failure.value.lines, expected, output


def test_every_bad_file_is_reported_with_its_line_and_fix(failed_build):
    lines, expected, _ = failed_build
    reported = {}
    for line in lines:
        path, number, message = line.split(":", 2)
        reported.setdefault(path, []).append((int(number), message))
    assert set(reported) == set(expected)
    for path, (case, line, fragments) in expected.items():
        [(number, message)] = reported[path]
        assert number == line, case
        assert all(fragment in message for fragment in fragments), (case, message)


def test_the_refused_build_left_the_old_site(failed_build):
    _, _, output = failed_build
    assert [path.name for path in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text() == "previous site"
    assert sorted(path.name for path in output.parent.iterdir() if not path.name.startswith(".cache")) == [".output.lock", "content", "output"]


def fifo(content):
    os.mkfifo(content / "articles/2024/pipe.md")


def link_articles_folder_outside(content):
    (content / "articles").rename(content.parent / "elsewhere")
    (content / "articles").symlink_to(content.parent / "elsewhere")


def add_page_named_companies(content):
    (content / "pages").mkdir()
    (content / "pages/companies.md").write_text("---\ntitle: Companies\n---\n")


def copy_an_article(content):
    (content / "articles/copies").mkdir()
    (content / "articles/copies/vum02-filing.md").write_bytes((content / "articles/2024/vum02-filing.md").read_bytes())


UNSAFE_FILES = [
    ("link out of content", lambda c: (c / "articles/2024/leak.md").symlink_to("/etc/passwd"), "symbolic link to a place outside content/"),
    ("articles folder linked out", link_articles_folder_outside, "symbolic link to a place outside content/"),
    ("linked folder", lambda c: (c / "articles/2023").symlink_to(c / "articles/2024"), "symbolic link to a folder"),
    ("dangling link", lambda c: (c / "companies/ghost.yaml").symlink_to(c / "nowhere.yaml"), "does not exist"),
    ("stray file type", lambda c: (c / "articles/2024/note.markdown").write_text("x"), "only Markdown files ending in .md"),
    ("page taking a section", add_page_named_companies, 'the slug "companies" is a section'),
    ("two articles one URL", copy_an_article, "would be written to news/2024/02/vum02-filing/index.html, like"),
    ("a FIFO named .md", fifo, "is not a regular file"),
    ("registry file name with a newline", lambda c: (c / "companies/bad\nname.yaml").write_text("name: X\n"), "bad\\nname.yaml: the file name must be the slug"),
]


@pytest.mark.parametrize(("setup", "fragment"), [case[1:] for case in UNSAFE_FILES], ids=[case[0] for case in UNSAFE_FILES])
def test_unsafe_files_fail_the_build_cleanly(tmp_path, setup, fragment):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    setup(content)
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_content(content, tmp_path / "output")
    assert len(failure.value.lines) == 1, failure.value.lines
    assert fragment in failure.value.lines[0]
    assert not (tmp_path / "output" / "index.html").exists()
