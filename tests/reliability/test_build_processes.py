"""Whole builds in processes of their own: two at once, a build killed at any moment, a reader polling the site.

Each build is ``sitebuild.build`` of the fixture site in a fresh Python process, as ``invoke build``
runs it; what these tests check is what a user would see: the exit status, the lines printed, the
files on disk.
"""

from __future__ import annotations

import hashlib
import signal
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import FIXTURE_SITE, LOCAL_SETTINGS, ROOT

BUILD = """
import sys
sys.path.insert(0, {root!r})
import sitebuild
content, output, wait, together = sys.argv[1], sys.argv[2], sys.argv[3] == "wait", sys.argv[4] == "together"
if sys.argv[5:] == ["pause"]:  # the site written, wait before publishing it: a signal then always finds the build running
    import time
    run = sitebuild.run
    def paused(*arguments, **options):
        writer = run(*arguments, **options)
        time.sleep(300)
        return writer
    sitebuild.run = paused
if together:  # start when told to, everything imported: so that two builds reach the lock together
    print("ready", flush=True)
    sys.stdin.readline()
try:
    sitebuild.build({settings!r}, {{"PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": output + "-cache", "LOAD_CONTENT_CACHE": False}},
                    wait=wait)
except sitebuild.BuildFailed as failure:
    print("\\n".join(failure.lines))
    sys.exit(1)
"""
READER = """
import os, sys, time
path, stop = sys.argv[1], sys.argv[2]
reads = missing = partial = 0
print("reading", flush=True)
while not os.path.exists(stop):
    try:
        with open(path, encoding="utf-8") as page:
            partial += not page.read().rstrip().endswith("</html>")
    except FileNotFoundError:
        missing += 1
    reads += 1
    time.sleep(0.0002)  # leaves the builds a core
print(reads, missing, partial)
"""


def start_build(output: Path, content: Path = FIXTURE_SITE, wait: bool = False, together: bool = False,
                pause: bool = False) -> subprocess.Popen:  # fmt: skip
    code = BUILD.format(root=str(ROOT), settings=str(LOCAL_SETTINGS))
    arguments = [str(content), str(output), "wait" if wait else "now", "together" if together else "alone", *(["pause"] if pause else [])]
    # SIGINT as in a terminal, even when the tests run as a background job (which starts with it ignored).
    process = subprocess.Popen([sys.executable, "-c", code, *arguments], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
    if together:
        assert process.stdout.readline() == "ready\n"
    return process


def go(*processes: subprocess.Popen) -> None:
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def tree_digest(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}  # fmt: skip


def settled_neighbours(output: Path, timeout: float = 60) -> list[str]:
    """What is beside the output folder once retired sites are deleted (a detached process deletes them)."""
    deadline = time.monotonic() + timeout
    while True:
        names = sorted(entry.name for entry in output.parent.iterdir() if entry.name not in (output.name, f"{output.name}-cache"))
        if not any(".trash-" in name for name in names) or time.monotonic() > deadline:
            return names
        time.sleep(0.05)


@pytest.fixture
def built(tmp_path) -> tuple[Path, dict[str, str]]:
    """A site built by a build process, and its digest."""
    output = tmp_path / "output"
    assert finish(start_build(output))[0] == 0
    return output, tree_digest(output)


def staging_appears(output: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not any(".staging-" in entry.name for entry in output.parent.iterdir()):
        assert time.monotonic() < deadline, "no build started"
        time.sleep(0.005)


def test_of_two_builds_started_together_one_builds_and_the_other_fails_at_once_with_one_line(built):
    output, before = built
    builds = [start_build(output, together=True) for _ in range(2)]
    go(*builds)
    results = [finish(process) for process in builds]
    [(status, out, err)] = [result for result in results if result[0] != 0]
    [winner] = [process for process, result in zip(builds, results) if result[0] == 0]
    assert status == 1 and err == ""
    assert out.splitlines() == [f"error: another build is running on {output.resolve()} (PID {winner.pid}); try again when it has finished"]
    assert tree_digest(output) == before
    assert settled_neighbours(output) == [".output.lock"]


def test_a_build_that_waits_runs_when_the_other_one_ends(built):
    output, before = built
    builds = [start_build(output, wait=True, together=True) for _ in range(2)]
    go(*builds)
    assert [finish(process)[0] for process in builds] == [0, 0]
    assert tree_digest(output) == before
    assert settled_neighbours(output) == [".output.lock"]


@pytest.fixture(scope="module")
def build_seconds(tmp_path_factory) -> float:
    """How long a build process takes here, from start to end."""
    started = time.monotonic()
    assert finish(start_build(tmp_path_factory.mktemp("timed") / "output"))[0] == 0
    return time.monotonic() - started


@pytest.mark.parametrize("moment", [0.0, 0.6])
def test_a_build_killed_at_any_moment_leaves_the_old_site_and_the_next_build_removes_what_it_left(built, build_seconds, moment):
    """``moment``: when, as a fraction of a whole build's time after its staging folder appears, it is killed."""
    output, before = built
    victim = start_build(output)
    staging_appears(output)
    time.sleep(moment * build_seconds)
    victim.kill()
    victim.wait()
    assert tree_digest(output) == before
    assert finish(start_build(output))[0] == 0
    assert tree_digest(output) == before
    assert settled_neighbours(output) == [".output.lock"]


def test_a_reader_polling_the_home_page_never_finds_it_missing_or_cut(built, tmp_path):
    output, _ = built
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(output / "index.html"), str(stop)], stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline() == "reading\n"
    for _ in range(2):
        assert finish(start_build(output))[0] == 0
    stop.touch()
    reads, missing, partial = map(int, reader.communicate(timeout=60)[0].split())
    assert reads > 100 and (missing, partial) == (0, 0)


def test_an_interrupted_build_leaves_the_old_site_too(built):
    """Ctrl-C (SIGINT) rather than kill -9: the build discards its staging folder itself. The build pauses
    before publishing, so that on a busy machine it cannot have finished before the signal arrives. On a
    heavily loaded machine a signal sent the instant the staging folder appears was seen lost (the
    process kept running, no Python handler called); as a user would, the test presses Ctrl-C again."""
    output, before = built
    victim = start_build(output, pause=True)
    staging_appears(output)
    for _ in range(12):
        victim.send_signal(signal.SIGINT)
        try:
            victim.wait(timeout=5)
            break
        except subprocess.TimeoutExpired:
            continue
    assert finish(victim)[0] != 0
    assert tree_digest(output) == before
    assert settled_neighbours(output) == [".output.lock"]


@pytest.mark.parametrize(("umask", "folders", "files"), [(0o027, 0o750, 0o640), (0o077, 0o700, 0o600)])
def test_every_file_and_folder_of_the_site_gets_the_permissions_of_the_umask(tmp_path, umask, folders, files):
    """Linked files too: a file linked with mode 0755 is published with the umask's mode, not its own."""
    content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(FIXTURE_SITE), str(content)], check=True)
    (content / "images").mkdir()
    (content / "images/chart.png").write_bytes(b"PNG")
    (content / "images/chart.png").chmod(0o755)
    story = content / "articles/2024/vum02-filing.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n![chart]({static}/images/chart.png)\n", encoding="utf-8")
    output = tmp_path / "output"
    old = os.umask(umask)
    try:
        status, out, _ = finish(start_build(output, content))
    finally:
        os.umask(old)
    assert status == 0, out
    modes = {path.relative_to(output).as_posix(): path.stat().st_mode & 0o777 for path in output.rglob("*")}
    assert (output / "images/chart.png").is_file() and output.stat().st_mode & 0o777 == folders
    assert {name: mode for name, mode in modes.items() if mode != (folders if (output / name).is_dir() else files)} == {}
