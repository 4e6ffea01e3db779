"""Failures of the machine rather than of the content: a full disk, a file deleted while the build runs.

The previous site must stay whole, and the user should read one line, not a traceback. The full
disk is a small tmpfs of its own (mounting one needs root; elsewhere those tests skip).
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pelican import signals

import sitebuild

from ..conftest import FIXTURE_SITE, build_content, write_site

STORY = "---\ntitle: Big\ndate: 2024-03-01\ncompany: Vcanbio\nsummary: A story.\n---\n[data]({static}/files/big.bin)\n"


def tree_digest(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}  # fmt: skip


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A 3 MB file system: room for one build of the fixture site (about 1.2 MB), not for a second with 2.5 MB more."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here ({mounted.stderr.strip()}); the test needs root")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


@pytest.fixture
def full_build(small_disk, tmp_path):
    """A site built on the small disk, then a build that does not fit: (output, digest before, what the build raised)."""
    output = build_content(FIXTURE_SITE, small_disk / "output")
    before = tree_digest(output)
    content = write_site(tmp_path, {"articles/2024/big.md": STORY, "files/big.bin": ""})
    (content / "files/big.bin").write_bytes(b"\x00" * 2_500_000)
    with pytest.raises(Exception) as raised:
        build_content(content, output)
    return output, before, raised.value


def test_a_build_that_fills_the_disk_leaves_the_previous_site_and_nothing_else(full_build):
    output, before, _ = full_build
    assert tree_digest(output) == before
    assert sorted(path.name for path in output.parent.iterdir()) == [".cache-output", ".output.lock", "output"]


def test_a_build_that_fills_the_disk_says_so_in_one_line(full_build):
    _, _, raised = full_build
    assert isinstance(raised, sitebuild.BuildFailed)
    [line] = raised.lines
    assert line.startswith("error: ") and "No space left on device" in line


@pytest.fixture
def vanished_file(tmp_path):
    """A site built, then a build during which a linked file is deleted: after the content is read, before the site is
    written (Pelican's all_generators_finalized). (output, digest before, what the build raised)."""
    content = write_site(tmp_path, {"articles/2024/big.md": STORY, "files/big.bin": "data"})
    output = build_content(content, tmp_path / "output")
    before = tree_digest(output)

    def delete_the_file(generators) -> None:
        (content / "files/big.bin").unlink()

    signals.all_generators_finalized.connect(delete_the_file)
    try:
        with pytest.raises(Exception) as raised:
            build_content(content, output)
    finally:
        signals.all_generators_finalized.disconnect(delete_the_file)
    return output, before, raised.value


def test_a_linked_file_deleted_while_the_site_is_written_leaves_the_previous_site(vanished_file):
    output, before, _ = vanished_file
    assert tree_digest(output) == before
    assert sorted(path.name for path in output.parent.iterdir()) == [".cache-output", ".output.lock", "content", "output"]


def test_a_linked_file_deleted_while_the_site_is_written_is_reported_in_one_line(vanished_file):
    _, _, raised = vanished_file
    assert isinstance(raised, sitebuild.BuildFailed), repr(raised)
    [line] = raised.lines
    assert line.startswith("error: ") and "big.bin" in line
