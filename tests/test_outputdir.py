"""The output folder: kept entries, links, permissions, the build lock, atomic swaps, journaled commits.

Crashes are real: a forked process runs the operation and ``os._exit``s at a named step; the
survivor then checks what is on disk. Concurrency uses separate processes (tests/outputdir_child.py).
"""

from __future__ import annotations

import fcntl
import logging
import multiprocessing
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import outputdir
from outputdir import BuildInProgress, LockError, OutputFolder, OutputFolderError

from .outputdir_child import REFUSED, write_version

CHILD = Path(__file__).resolve().parent / "outputdir_child.py"
CRASHED = 77
KEPT = {
    "CNAME": b"news.example.org\n",
    ".nojekyll": b"",
    ".git/HEAD": b"ref: refs/heads/main\n",
    ".git/objects/ab/cdef": b"blob",
}
EXCHANGE_STEPS = ["staging made", "exchanged", "kept:CNAME", "kept:.nojekyll", "kept:.git", "retired"]
FIRST_PUBLISH_STEPS = ["staging made", "published"]
FALLBACK_STEPS = ["staging made", "moved aside", "moved in", "kept:CNAME", "kept:.nojekyll", "kept:.git", "retired"]
COMMIT_FILES = {"index.html": b"<h1>updated</h1>", "news/2025/c/index.html": b"c new"}
COMMIT_DELETED = ["news/2024/b/index.html"]
COMMIT_STEPS = [
    "journal written",
    "written:index.html",
    "written:news/2025/c/index.html",
    "replaced:index.html",
    "replaced:news/2025/c/index.html",
    "deleted:news/2024/b/index.html",
    "pruned:news/2024/b",
]
READER = """
import os, sys
path, stop, expected = sys.argv[1], sys.argv[2], set(sys.argv[3:])
reads = missing = wrong = 0
print("reading", flush=True)
while not os.path.exists(stop):
    try:
        with open(path) as page:
            wrong += page.read() not in expected
    except FileNotFoundError:
        missing += 1
    reads += 1
print(reads, missing, wrong)
"""


class Interrupted(Exception):
    """Raised by a step hook to interrupt an operation between two steps."""


def site_files(version: int) -> dict[str, bytes]:
    return {
        "index.html": f"<h1>version {version}</h1>".encode(),
        "news/2024/a/index.html": f"a {version}".encode(),
        "news/2024/b/index.html": f"b {version}".encode(),
        "feeds/all.atom.xml": f"<feed>{version}</feed>".encode(),
    }


def committed_files() -> dict[str, bytes]:
    files = site_files(1) | COMMIT_FILES
    for name in COMMIT_DELETED:
        del files[name]
    return files


def write_tree(folder: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)


def read_tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    }


def beside(folder: Path) -> list[str]:
    """What sits beside the output folder, other than it and its lock file."""
    return sorted(
        entry.name for entry in folder.parent.iterdir() if entry.name not in (folder.name, f".{folder.name}.lock")
    )


def build(folder: OutputFolder, files: dict[str, bytes], **options) -> None:
    staging = folder.staging()
    write_tree(staging, files)
    folder.publish(staging, **options)


def child_site(version: int, pages: int) -> dict[str, bytes]:
    """The files tests/outputdir_child.py builds for ``version``."""
    with tempfile.TemporaryDirectory() as folder:
        write_version(Path(folder), version, pages)
        return read_tree(Path(folder))


def child(*args, **options) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(CHILD), *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,
    )


def in_child(function, *args) -> int:
    """Run ``function(*args)`` in a forked process; its exit code (CRASHED if it died at its step)."""
    process = multiprocessing.get_context("fork").Process(target=function, args=args)
    process.start()
    process.join()
    return process.exitcode


def exit_at(step: str):
    def hook(name: str) -> None:
        if name == step:
            os._exit(CRASHED)

    return hook


def exit_at_nth(count: int):
    taken = []

    def hook(name: str) -> None:
        taken.append(name)
        if len(taken) == count:
            os._exit(CRASHED)

    return hook


def raise_at(step: str):
    def hook(name: str) -> None:
        if name == step:
            raise Interrupted(step)

    return hook


def publish_until(output: Path, atomic: bool, step: str) -> None:
    folder = OutputFolder(output, atomic_exchange=atomic, on_step=exit_at(step))
    with folder.lock():
        build(folder, site_files(2), wait=True)


def commit_until(output: Path, step: str) -> None:
    folder = OutputFolder(output, on_step=exit_at(step))
    with folder.lock():
        folder.commit(COMMIT_FILES, COMMIT_DELETED)


def lock_until(output: Path, count: int) -> None:
    """Take the lock (which repairs) and die at the ``count``-th step of the repair."""
    with OutputFolder(output, on_step=exit_at_nth(count)).lock():
        pass


def lock_as_an_ordinary_user(path: Path) -> str:
    """Take the lock in a process that has no root rights (so cannot write where it must not); its refusal."""
    receiver, sender = multiprocessing.Pipe(duplex=False)

    def lock() -> None:
        if os.geteuid() == 0:
            os.setgid(65534)
            os.setuid(65534)
        try:
            with OutputFolder(path).lock():
                sender.send("locked")
        except OutputFolderError as refusal:
            sender.send(str(refusal))

    assert in_child(lock) == 0
    return receiver.recv()


def kept_somewhere(output: Path) -> None:
    """Every kept entry, intact, in the output folder or in a leftover beside it."""
    places = [output] + [output.parent / name for name in beside(output)]
    for name, content in KEPT.items():
        assert any((place / name).is_file() and (place / name).read_bytes() == content for place in places), name


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temporary folder that an ordinary user may enter (pytest's own are private to their owner)."""
    folder = Path(tempfile.mkdtemp())
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.fixture
def output(tmp_path) -> Path:
    """An output folder holding version 1 of a site, and the entries OUTPUT_RETENTION keeps."""
    folder = tmp_path / "output"
    write_tree(folder, site_files(1) | KEPT)
    return folder


# Kept entries


def test_a_build_replaces_the_site_and_keeps_the_retained_entries(output):
    folder = OutputFolder(output)
    with folder.lock():
        build(folder, site_files(2), wait=True)
    assert read_tree(output) == site_files(2) | KEPT
    assert beside(output) == []


def test_entries_not_named_for_retention_go(output):
    (output / "stale.html").write_bytes(b"made by hand")
    folder = OutputFolder(output, retention=["CNAME"])
    with folder.lock():
        build(folder, site_files(2), wait=True)
    assert read_tree(output) == site_files(2) | {"CNAME": KEPT["CNAME"]}


def test_a_kept_name_the_build_writes_itself_is_the_builds(output):
    folder = OutputFolder(output)
    with folder.lock():
        build(folder, site_files(2) | {"CNAME": b"pipeline.example.org\n"}, wait=True)
    assert read_tree(output) == site_files(2) | KEPT | {"CNAME": b"pipeline.example.org\n"}


@pytest.mark.parametrize("name", ["a/b", "..", ".", ""])
def test_retention_takes_top_level_names_only(tmp_path, name):
    with pytest.raises(OutputFolderError, match="top-level names"):
        OutputFolder(tmp_path / "output", retention=["CNAME", name])


@pytest.mark.parametrize(("atomic", "steps"), [(True, EXCHANGE_STEPS), (False, FALLBACK_STEPS)])
def test_publish_takes_the_steps_the_crash_tests_interrupt(output, atomic, steps):
    taken = []
    folder = OutputFolder(output, atomic_exchange=atomic, on_step=taken.append)
    with folder.lock():
        build(folder, site_files(2), wait=True)
    assert taken == steps


PUBLISH_CRASHES = [(True, step) for step in EXCHANGE_STEPS] + [(False, step) for step in FALLBACK_STEPS]


def published_version(atomic: bool, step: str) -> int:
    """The site in place after a crash at ``step`` and the repair: the new one once it was swapped in."""
    steps = EXCHANGE_STEPS if atomic else FALLBACK_STEPS
    return 2 if steps.index(step) >= steps.index("exchanged" if atomic else "moved in") else 1


@pytest.mark.parametrize(("atomic", "step"), PUBLISH_CRASHES)
def test_a_build_killed_at_any_step_and_its_repair_killed_at_any_step_lose_nothing(output, atomic, step):
    assert in_child(publish_until, output, atomic, step) == CRASHED
    kept_somewhere(output)
    repairs_killed = 0
    while in_child(lock_until, output, repairs_killed + 1) == CRASHED:
        kept_somewhere(output)
        repairs_killed += 1
        assert repairs_killed < 10
    assert read_tree(output) == site_files(published_version(atomic, step)) | KEPT
    assert beside(output) == []


@pytest.mark.parametrize("step", FIRST_PUBLISH_STEPS)
def test_a_first_build_killed_at_any_step_leaves_no_site_or_a_whole_one(tmp_path, step):
    output = tmp_path / "output"
    assert in_child(publish_until, output, True, step) == CRASHED
    with OutputFolder(output).lock():
        pass
    assert read_tree(output) == (site_files(2) if step == "published" else {})
    assert beside(output) == []


def test_the_repair_after_a_crash_between_two_renames_puts_the_old_site_back(output):
    assert in_child(publish_until, output, False, "moved aside") == CRASHED
    assert not output.exists()
    taken = []
    with OutputFolder(output, on_step=taken.append).lock():
        pass
    assert taken == ["restored"]
    assert read_tree(output) == site_files(1) | KEPT


def test_the_repair_after_an_exchange_moves_the_kept_entries_back(output):
    assert in_child(publish_until, output, True, "exchanged") == CRASHED
    taken = []
    with OutputFolder(output, on_step=taken.append).lock():
        pass
    assert taken == ["kept:CNAME", "kept:.nojekyll", "kept:.git", "retired"]


def test_every_step_is_interrupted_by_some_test():
    interrupted = [*EXCHANGE_STEPS, *FALLBACK_STEPS, *FIRST_PUBLISH_STEPS, *COMMIT_STEPS, "journal dropped", "restored"]
    assert {step.partition(":")[0] + step.partition(":")[1] for step in interrupted} == set(outputdir.STEPS)


@pytest.mark.parametrize(("atomic", "step"), [crash for crash in PUBLISH_CRASHES if crash[1] != "staging made"])
def test_an_exception_inside_publish_is_repaired_before_it_propagates(output, atomic, step):
    folder = OutputFolder(output, atomic_exchange=atomic, on_step=raise_at(step))
    with folder.lock():
        staging = folder.staging()
        write_tree(staging, site_files(2))
        with pytest.raises(Interrupted):
            folder.publish(staging, wait=True)
        assert beside(output) == []
        assert read_tree(output) == site_files(published_version(atomic, step)) | KEPT
        folder.discard(staging)


# Leftovers


def test_a_killed_build_leaves_the_site_and_its_leftovers_go_with_the_next_build(output):
    killed = subprocess.run([sys.executable, str(CHILD), "killed", output, "--version", "2"], check=False, timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert [name for name in beside(output) if name.startswith(".output.staging-")]
    assert read_tree(output) == site_files(1) | KEPT
    with OutputFolder(output).lock():
        assert beside(output) == []
    assert read_tree(output) == site_files(1) | KEPT


def test_only_this_modules_own_leftovers_are_removed(output):
    ours = output.parent / ".output.trash-0123456789abcdef"
    write_tree(ours, {"deep/page.html": b"half deleted"})
    look_alikes = [
        ".output-old-backup",
        ".output.old-notes",
        ".output.trash-zz",
        ".output.staging-12ab",
        ".other.trash-0123456789abcdef",
    ]
    for name in look_alikes:
        write_tree(output.parent / name, {"mine.txt": b"keep"})
    with OutputFolder(output).lock():
        pass
    assert beside(output) == sorted(look_alikes)


def test_a_failed_build_is_discarded_at_once(output):
    folder = OutputFolder(output)
    with folder.lock():
        staging = folder.staging()
        write_tree(staging, site_files(2))
        folder.discard(staging)
        assert beside(output) == []
    assert read_tree(output) == site_files(1) | KEPT


def test_publish_takes_only_a_staging_folder_of_its_own(output, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = OutputFolder(output)
    with folder.lock(), pytest.raises(OutputFolderError, match="make one with staging"):
        folder.publish(elsewhere)
    assert read_tree(output) == site_files(1) | KEPT


def test_the_old_site_is_deleted_by_a_detached_process_that_locks_it_meanwhile(output, caplog):
    caplog.set_level(logging.DEBUG, logger="outputdir")
    folder = OutputFolder(output)
    with folder.lock():
        build(folder, site_files(2))
    [record] = [record for record in caplog.records if record.msg.startswith("Deleting")]
    trash, remover = record.args
    os.kill(remover, signal.SIGSTOP)  # long before its interpreter has started up
    assert trash.is_dir()
    handle = os.open(trash, os.O_RDONLY)
    with pytest.raises(BlockingIOError):
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.close(handle)
    with folder.lock():
        assert beside(output) == [trash.name]  # left to its remover
    assert os.getsid(remover) != os.getsid(0)
    os.kill(remover, signal.SIGCONT)
    assert os.waitpid(remover, 0) == (remover, 0)
    assert beside(output) == []
    assert read_tree(output) == site_files(2) | KEPT


def test_the_next_lock_deletes_an_old_site_whose_remover_died(output):
    abandoned = output.parent / ".output.trash-00000000000000bb"
    write_tree(abandoned, {f"bulk/{number // 50}/{number}.html": b"x" * 100 for number in range(500)})
    with OutputFolder(output).lock():
        assert beside(output) == []


# The lock


def test_a_second_build_fails_at_once_with_one_line_naming_the_first(output):
    holder = child("hold", output)
    assert holder.stdout.readline() == f"locked {holder.pid}\n"
    second = subprocess.run(
        [sys.executable, str(CHILD), "build", output, "--version", "2"], check=False, capture_output=True, text=True
    )
    holder.communicate("\n", timeout=60)
    assert second.returncode == REFUSED
    assert second.stderr == f"another build is running on {output} (PID {holder.pid}); try again when it has finished\n"
    assert read_tree(output) == site_files(1) | KEPT
    assert beside(output) == []


def test_a_waiting_build_runs_when_the_first_one_ends(output):
    holder = child("hold", output)
    assert holder.stdout.readline() == f"locked {holder.pid}\n"
    waiter = child("build", output, "--wait", "--version", "2")
    assert waiter.stderr.readline() == f"Waiting for the build (PID {holder.pid}) on {output} to finish\n"
    holder.communicate("\n", timeout=60)
    out, _ = waiter.communicate(timeout=60)
    assert (waiter.returncode, out) == (0, "published\n")
    assert read_tree(output) == child_site(2, 3) | KEPT


@pytest.mark.parametrize("wait", [False, True])
def test_two_builds_started_together_leave_one_whole_site_and_nothing_else(output, wait):
    sites = [child_site(version, 20) | KEPT for version in (2, 3)]
    for _ in range(3):
        builds = [
            child("build", output, "--go", "--pages", 20, "--version", version, *["--wait"] * wait)
            for version in (2, 3)
        ]
        for process in builds:
            process.stdin.write("\n")
            process.stdin.flush()
        errors = [process.communicate(timeout=120)[1] for process in builds]
        codes = [process.returncode for process in builds]
        if wait:
            assert codes == [0, 0]
        else:
            assert 0 in codes and set(codes) <= {0, REFUSED}
            for code, error in zip(codes, errors):
                if code == REFUSED:  # the PID is missing if the lock was taken a moment ago and not yet signed
                    assert re.fullmatch(
                        rf"another build is running on {output}( \(PID \d+\))?; try again when it has finished\n", error
                    )
        assert read_tree(output) in sites
        assert beside(output) == []


def test_the_lock_is_needed_and_taken_once(output):
    folder = OutputFolder(output)
    for operation in (folder.staging, folder.interrupted_commit, lambda: folder.commit({"a.html": b"a"})):
        with pytest.raises(LockError, match="hold the lock"):
            operation()
    with folder.lock(), pytest.raises(LockError, match="already held"), folder.lock():
        pass


def test_the_lock_holds_between_objects_of_one_process_too(output):
    with OutputFolder(output).lock(), pytest.raises(BuildInProgress) as refusal, OutputFolder(output).lock():
        pass
    assert (
        str(refusal.value)
        == f"another build is running on {output} (PID {os.getpid()}); try again when it has finished"
    )


# The swap


def test_exchange_swaps_two_folders_in_one_call(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    write_tree(first, {"page.html": b"first"})
    second.mkdir()
    inodes = first.stat().st_ino, second.stat().st_ino
    assert outputdir.exchange(first, second) is True
    assert (second.stat().st_ino, first.stat().st_ino) == inodes
    assert read_tree(second) == {"page.html": b"first"}


@pytest.mark.parametrize("atomic", [True, False])
def test_a_reader_finds_the_home_page_throughout_unless_the_exchange_is_missing(output, tmp_path, atomic):
    stop = tmp_path / "stop"
    versions = range(2, 22)
    expected = [site_files(1)["index.html"].decode()] + [f"v{version}" for version in versions]
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, output / "index.html", stop, *expected], stdout=subprocess.PIPE, text=True
    )
    assert reader.stdout.readline() == "reading\n"
    # A pause at every step widens each moment between two renames to something a reader is sure to meet.
    folder = OutputFolder(output, atomic_exchange=atomic, on_step=lambda step: time.sleep(0.002))
    with folder.lock():
        for version in versions:
            build(folder, {"index.html": f"v{version}".encode()}, wait=True)
    stop.touch()
    reads, missing, wrong = map(int, reader.communicate(timeout=60)[0].split())
    assert reads > 0 and wrong == 0
    assert (missing == 0) if atomic else (missing > 0)


# Links, places, permissions


def test_a_linked_output_folder_is_written_through(tmp_path):
    real = tmp_path / "real"
    write_tree(real / "site", site_files(1) | KEPT)
    write_tree(real, {"neighbour.txt": b"mine", "other/page.html": b"mine too"})
    link = tmp_path / "project" / "output"
    link.parent.mkdir()
    link.symlink_to(real / "site")
    folder = OutputFolder(link)
    with folder.lock():
        build(folder, site_files(2), wait=True)
        folder.commit({"extra.html": b"extra"})
    assert os.readlink(link) == str(real / "site")
    assert read_tree(real / "site") == site_files(2) | KEPT | {"extra.html": b"extra"}
    assert sorted(entry.name for entry in real.iterdir()) == [".site.lock", "neighbour.txt", "other", "site"]
    assert (real / "neighbour.txt").read_bytes() == b"mine"
    assert read_tree(real / "other") == {"page.html": b"mine too"}
    assert os.listdir(link.parent) == ["output"]


def test_a_link_to_a_folder_not_made_yet_gets_the_site(tmp_path):
    (tmp_path / "real").mkdir()
    link = tmp_path / "output"
    link.symlink_to(tmp_path / "real" / "site")
    folder = OutputFolder(link)
    with folder.lock():
        build(folder, site_files(1))
    assert link.is_symlink() and read_tree(tmp_path / "real" / "site") == site_files(1)


def test_an_output_folder_on_a_mount_point_is_refused(open_tmp):
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == shm.parent.stat().st_dev:
        pytest.skip("needs /dev/shm mounted on a file system of its own")
    link = open_tmp / "output"
    link.symlink_to(shm)
    assert lock_as_an_ordinary_user(link) == (
        f"output folder {shm} (where the link {link} leads) is a mount point, so it cannot be swapped by a rename;"
        " point the output at a folder inside it"
    )


def test_a_link_into_a_folder_the_build_cannot_write_is_refused(open_tmp):
    real = open_tmp / "real"
    (real / "site").mkdir(parents=True)
    link = open_tmp / "output"
    link.symlink_to(real / "site")
    real.chmod(0o555)
    assert lock_as_an_ordinary_user(link) == (
        f"{link} leads to {real / 'site'}, but {real} is not writable (Permission denied): builds need to write"
        " beside the output folder; make it writable or choose an output folder in a writable place"
    )
    assert os.listdir(real) == ["site"]


def test_an_output_path_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "output").write_text("not a folder")
    with pytest.raises(OutputFolderError, match="is a file; move it away"), OutputFolder(tmp_path / "output").lock():
        pass
    assert (tmp_path / "output").read_text() == "not a folder"


def test_an_output_folder_holding_the_current_folder_is_refused(output, monkeypatch):
    monkeypatch.chdir(output / "news")
    with pytest.raises(OutputFolderError, match="holds the current folder"), OutputFolder(output).lock():
        pass
    with pytest.raises(OutputFolderError, match="file-system root"), OutputFolder("/").lock():
        pass


@pytest.mark.parametrize(
    ("umask", "folders", "files"),
    [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640), (0o002, 0o775, 0o664)],
    ids=["umask 022", "umask 027", "umask 002"],
)
def test_folders_and_written_files_get_permissions_from_the_umask(output, umask, folders, files):
    built = subprocess.run(
        [sys.executable, str(CHILD), "umask", output, "--umask", f"{umask:o}"], check=False, capture_output=True
    )
    assert built.returncode == 0, built.stderr
    for folder in (output, output / "made", output / "made" / "by"):
        assert stat.S_IMODE(folder.stat().st_mode) == folders, folder
    assert stat.S_IMODE((output / "made" / "by" / "commit.html").stat().st_mode) == files


# Incremental commits


def test_commit_takes_the_steps_the_crash_tests_interrupt(output):
    taken = []
    folder = OutputFolder(output, on_step=taken.append)
    with folder.lock():
        folder.commit(COMMIT_FILES, COMMIT_DELETED)
        assert not folder.interrupted_commit()
    assert taken == COMMIT_STEPS
    assert read_tree(output) == committed_files() | KEPT
    assert not (output / "news" / "2024" / "b").exists()
    assert beside(output) == []


def test_commit_removes_emptied_folders_but_never_the_output_folder(tmp_path):
    output = tmp_path / "output"
    write_tree(output, {"a/b/c/page.html": b"page"})
    folder = OutputFolder(output, retention=())
    with folder.lock():
        folder.commit({}, ["a/b/c/page.html"])
    assert output.is_dir() and list(output.iterdir()) == []


def test_a_commit_over_many_folders_stays_within_a_low_open_files_limit(output):
    pages = {f"news/{number}/index.html": f"page {number}".encode() for number in range(300)}

    def commit_with_few_open_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (128, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
        folder = OutputFolder(output)
        with folder.lock():
            folder.commit(pages)

    assert in_child(commit_with_few_open_files) == 0
    assert read_tree(output) == site_files(1) | KEPT | pages


def test_staged_files_are_moved_in_or_copied_from_another_file_system(output, tmp_path):
    same = tmp_path / "staged.html"
    same.write_bytes(b"same file system")
    inode = same.stat().st_ino
    other = Path(tempfile.mkstemp(dir="/dev/shm")[1])
    other.write_bytes(b"other file system")
    other.chmod(0o640)
    folder = OutputFolder(output)
    with folder.lock():
        folder.commit({"same.html": same, "other.html": other})
    assert (output / "same.html").read_bytes() == b"same file system"
    assert (output / "same.html").stat().st_ino == inode
    assert (output / "other.html").read_bytes() == b"other file system"
    assert stat.S_IMODE((output / "other.html").stat().st_mode) == 0o640
    assert not same.exists() and not other.exists()


REFUSED_COMMITS = {
    "absolute": ({"/etc/passwd": b"x"}, [], "not a path inside the output folder"),
    "up": ({"../escape.html": b"x"}, [], "not a path inside the output folder"),
    "up inside": ({"news/../../escape.html": b"x"}, [], "not a path inside the output folder"),
    "empty": ({"": b"x"}, [], "not a path inside the output folder"),
    "kept folder": ({".git/config": b"x"}, [], ".git is kept by OUTPUT_RETENTION"),
    "kept file": ({}, ["CNAME"], "CNAME is kept by OUTPUT_RETENTION"),
    "through a link": ({"linked/escape.html": b"x"}, [], "linked is a link, not a folder"),
    "deleting through a link": ({}, ["linked/target.html"], "linked is a link, not a folder"),
    "through a file": ({"index.html/page.html": b"x"}, [], "index.html is a file, not a folder"),
    "over a folder": ({"news": b"x"}, [], "news is a folder in the output folder"),
    "deleting a folder": ({}, ["news/2024"], "news/2024 is a folder"),
    "deleting nothing": ({}, ["missing.html"], "missing.html cannot be deleted"),
    "written and deleted": ({"index.html": b"x"}, ["index.html"], "both written and deleted"),
    "file and folder": ({"new": b"x", "new/page.html": b"y"}, [], "new is a file in this commit and the folder"),
    "written twice": ({"a.html": b"x", "./a.html": b"y"}, [], "a.html is written twice"),
    "no staged file": ({"a.html": Path("/nonexistent/staged.html")}, [], "staged file /nonexistent/staged.html"),
}


@pytest.mark.parametrize("case", REFUSED_COMMITS)
def test_a_bad_commit_is_refused_before_it_changes_anything(output, tmp_path, case):
    files, deleted, message = REFUSED_COMMITS[case]
    write_tree(tmp_path / "outside", {"target.html": b"outside"})
    (output / "linked").symlink_to(tmp_path / "outside")
    folder = OutputFolder(output)
    with folder.lock():
        before = read_tree(tmp_path)
        del before[".output.lock"]
        with pytest.raises(OutputFolderError) as refusal:
            folder.commit(files, deleted)
        assert not folder.interrupted_commit()
    assert message in str(refusal.value) and "\n" not in str(refusal.value)
    assert read_tree(tmp_path) == before | {".output.lock": b""}
    assert beside(output) == ["outside"]


def test_commit_content_is_bytes_or_a_path(output):
    folder = OutputFolder(output)
    with folder.lock(), pytest.raises(TypeError, match="bytes or a Path"):
        folder.commit({"a.html": "text"})


@pytest.mark.parametrize("step", COMMIT_STEPS)
def test_an_interrupted_commit_is_detected_cleaned_and_cured_by_a_full_build(output, step):
    assert in_child(commit_until, output, step) == CRASHED
    folder = OutputFolder(output)
    with folder.lock():
        assert folder.interrupted_commit()
        assert not [path for path in output.rglob(".commit-*")]
        now, old, new = read_tree(output), site_files(1) | KEPT, committed_files() | KEPT
        assert set(now) <= old.keys() | new.keys()
        for name in old.keys() | new.keys():
            assert now.get(name) in (old.get(name), new.get(name)), name
        with pytest.raises(OutputFolderError, match="interrupted: do a full build"):
            folder.commit({"index.html": b"again"})
        build(folder, site_files(2), wait=True)
        assert not folder.interrupted_commit()
        folder.commit(COMMIT_FILES)
    assert read_tree(output) == site_files(2) | COMMIT_FILES | KEPT
    assert beside(output) == []


@pytest.mark.parametrize(("step", "still_interrupted"), [("retired", True), ("journal dropped", False)])
def test_a_full_build_killed_before_it_drops_the_journal_still_asks_for_one(output, step, still_interrupted):
    assert in_child(commit_until, output, "replaced:index.html") == CRASHED
    assert (output.parent / ".output.journal").exists()

    def publish_and_die() -> None:
        folder = OutputFolder(output, on_step=exit_at(step))
        with folder.lock():
            build(folder, site_files(2), wait=True)

    assert in_child(publish_and_die) == CRASHED
    folder = OutputFolder(output)
    with folder.lock():
        assert read_tree(output) == site_files(2) | KEPT
        assert folder.interrupted_commit() is still_interrupted
        build(folder, site_files(3), wait=True)
        assert not folder.interrupted_commit()


# Any state the output folder may be found in


KEPT_NAMES = ("CNAME", ".nojekyll", ".git")
ENTRY_FILES = {"CNAME": "CNAME", ".nojekyll": ".nojekyll", ".git": ".git/HEAD", "stale": "stale.html", "old page": "news/old/index.html"}
LEFTOVERS = ("making", "unpublished staging", "swapped staging", "old", "trash")

entries = st.lists(st.sampled_from(sorted(ENTRY_FILES)), unique=True, max_size=5)
folder_states = st.fixed_dictionaries({
    "output": st.sampled_from(["missing", "folder", "link"]),
    "entries": entries,
    "leftovers": st.lists(st.tuples(st.sampled_from(LEFTOVERS), entries), max_size=4),
    "journal": st.sampled_from([None, b"", b"{torn", b'{"pid": 1, "temporary": ["news/.commit-x.tmp", "../../escape"]}']),
    "built": st.lists(st.sampled_from(["CNAME", "stale"]), unique=True, max_size=2),
})  # fmt: skip


def plant(folder: Path, names: list[str], origin: str) -> dict[str, bytes]:
    """Files for ``names`` (see ENTRY_FILES) in ``folder``, each holding where it came from; what was written."""
    files = {ENTRY_FILES[name]: f"{name} from {origin}".encode() for name in names}
    write_tree(folder, files)
    return files


def leftover(parent: Path, name: str, kind: str, number: int) -> Path:
    """A folder such as an interrupted build leaves beside the output folder ``name``."""
    if kind in ("unpublished staging", "swapped staging"):
        making = parent / f"tmp-{number}"
        making.mkdir()
        inode = making.stat().st_ino
        # A swapped staging folder holds an old site, so its name is not its own inode number.
        return making.rename(parent / f".{name}.staging-{inode if kind == 'unpublished staging' else f'{inode}0{number}'}")
    folder = parent / f".{name}.{kind}-{number:016x}"
    folder.mkdir()
    return folder


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=folder_states)
def test_from_any_state_a_build_leaves_its_site_the_kept_entries_and_nothing_else(tmp_path, state):
    parent = Path(tempfile.mkdtemp(dir=tmp_path))
    real = parent / "real-site"
    output = parent / "output"
    site = real if state["output"] == "link" else output  # the folder replaced; its lock and leftovers are named after it
    neighbours = {".output.notes": b"not ours", "output-backup/index.html": b"a backup", ".output.trash-notahexname/x": b"not ours either"}
    write_tree(parent, neighbours)
    live: dict[str, bytes] = {}
    if state["output"] != "missing":
        live = plant(site, state["entries"], "the live site")
        write_tree(site, site_files(1))
        if state["output"] == "link":
            output.symlink_to(real)
    recoverable: dict[str, set[bytes]] = {}
    for number, (kind, names) in enumerate(state["leftovers"]):
        files = plant(leftover(parent, site.name, kind, number), names, f"{kind} {number}")
        if kind in ("old", "swapped staging"):
            for path, data in files.items():
                recoverable.setdefault(path, set()).add(data)
    if state["journal"] is not None:
        (parent / f".{site.name}.journal").write_bytes(state["journal"])
    new = site_files(2) | {ENTRY_FILES[name]: b"built" for name in state["built"]}

    folder = OutputFolder(output, KEPT_NAMES)
    with folder.lock():
        build(folder, new, wait=True)

    now = read_tree(site)
    kept = {path: data for path, data in now.items() if path.split("/", 1)[0] in KEPT_NAMES}
    assert {path: data for path, data in now.items() if path not in kept} == {p: d for p, d in new.items() if p.split("/", 1)[0] not in KEPT_NAMES}
    for path in {ENTRY_FILES[name] for name in KEPT_NAMES}:
        if path in new:
            assert kept.get(path) == new[path], path
        elif path in live:
            assert kept.get(path) == live[path], path
        elif path in recoverable and state["output"] != "missing":
            assert kept.get(path) in recoverable[path], path
        elif state["output"] != "missing":
            assert path not in kept, path
    assert read_tree(parent) == {**neighbours, f".{site.name}.lock": b"", **{f"{site.name}/{p}": d for p, d in now.items()}}
    assert sorted(entry.name for entry in parent.iterdir()) == sorted(
        {f".{site.name}.lock", "output", site.name, *(name.split("/", 1)[0] for name in neighbours)}
    )
    assert output.is_symlink() == (state["output"] == "link")
