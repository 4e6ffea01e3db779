"""Files and folders the build may not read: each is a problem on its path, never a traceback, never skipped.

Root reads whatever the permissions say, so as root the build runs in a forked process that has
become an ordinary user (nobody); as an ordinary user it runs in this process.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import sitebuild

from ..conftest import FIXTURE_SITE, LOCAL_SETTINGS

NOBODY = 65534


def as_ordinary_user(function: Callable[[], object]) -> object:
    """``function()``'s result, computed by a user whom permissions bind."""
    if os.geteuid() != 0:
        return function()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, compute, send the result, leave without the parent's cleanup
        os.close(reader)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = function()
        except BaseException:  # noqa: BLE001 - whatever happens must reach the test
            result = ("raised", traceback.format_exc())
        with os.fdopen(writer, "wb") as stream:
            stream.write(pickle.dumps(result))
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as stream:
        data = stream.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)


@pytest.fixture
def shared(fixture_site) -> Iterator[Path]:
    """A folder every user may enter, with a copy of the fixture site (the fixture site's build has imported
    every module the build needs, so the unprivileged process imports nothing from root's folders)."""
    root = Path(tempfile.mkdtemp())
    root.chmod(0o777)
    content = root / "content"
    shutil.copytree(FIXTURE_SITE, content)
    for path in [content, *content.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield content
    for path in [root, *root.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o777 if path.is_dir() else 0o666)
    shutil.rmtree(root)


def build_and_check(content: Path) -> tuple[object, object]:
    """What the build and the check say, run by an ordinary user."""
    output = content.parent / "output"

    def build():
        overrides = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(content.parent / "cache"), "LOAD_CONTENT_CACHE": False}
        try:
            sitebuild.build(LOCAL_SETTINGS, overrides)
        except sitebuild.BuildFailed as failure:
            return ("failed", sorted(failure.lines))
        return ("built", [])

    def check():
        _, problems = sitebuild.check(LOCAL_SETTINGS, {"PATH": str(content)})
        return ("checked", sorted(str(problem) for problem in problems))

    return as_ordinary_user(build), as_ordinary_user(check)


STORY = "---\ntitle: Linker\ndate: 2024-03-01\ncompany: Vcanbio\nsummary: A story.\n---\nIntro.\n\n![chart]({static}/images/chart.png)\n"
CASES = {
    "an article": ({}, "articles/2024/vum02-filing.md", 0o200, "articles/2024/vum02-filing.md: ", "cannot be read: Permission denied"),
    "a folder of articles it may not list": ({}, "articles/2024", 0o311, "articles/2024: ", "the folder cannot be listed (Permission denied)"),
    "a folder of articles it may not enter": ({}, "articles/2024", 0o000, "articles/2024: ", "the folder cannot be listed (Permission denied)"),
    "a page": ({"pages/about.md": "---\ntitle: About\n---\nUs.\n"}, "pages/about.md", 0o000, "pages/about.md: ",
               "cannot be read: Permission denied"),
    "a registry entry": ({"companies/acme.yaml": "name: Acme\n"}, "companies/acme.yaml", 0o000, "companies/acme.yaml: ",
                         "cannot be read: Permission denied"),
    "a registry folder": ({}, "diseases", 0o000, "diseases: ", "the folder cannot be listed (Permission denied)"),
    "a linked file": ({"images/chart.png": "PNG", "articles/2024/linker.md": STORY}, "images/chart.png", 0o000,
                      "articles/2024/linker.md:9: ", "content/images/chart.png cannot be published: it cannot be read (permission denied)"),
}  # fmt: skip


@pytest.mark.parametrize(("files", "locked", "mode", "where", "message"), CASES.values(), ids=CASES.keys())
def test_what_the_build_may_not_read_is_reported_on_its_path(shared, files, locked, mode, where, message):
    for relative, text in files.items():
        (shared / relative).parent.mkdir(parents=True, exist_ok=True)
        (shared / relative).parent.chmod(0o755)
        (shared / relative).write_text(text, encoding="utf-8")
        (shared / relative).chmod(0o644)
    (shared / locked).chmod(mode)
    (status, lines), (_, checked) = build_and_check(shared)
    assert status == "failed", lines
    assert lines == checked
    start = os.path.relpath(shared) + "/" + where
    assert [line for line in lines if line.startswith(start) and message in line], lines
    assert not (shared.parent / "output").exists()
