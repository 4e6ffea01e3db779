"""A safe output folder for site builds: one build at a time, atomic publication, kept entries, journaled updates.

Plain Python (no Pelican import), POSIX only (``fcntl``). Everything this module makes sits *beside* the
output folder, in its parent, named after it (for an output folder ``site``)::

    .site.lock          the build lock; holds the PID of the build holding it; never removed
    .site.making-<hex>  a staging folder being made (empty)
    .site.staging-<n>   a build's staging folder, named after its own inode number <n>
    .site.old-<hex>     the previous site while a two-rename swap is under way
    .site.trash-<hex>   a retired site whose kept entries are already back: anyone may delete it
    .site.journal       an incremental commit under way, or interrupted (until the next full build)

A symlinked output folder is written through: the folder the link points to is the one that gets
replaced, and all of the above sit beside *it*; the link itself is never touched.

Why the inode in the staging name: after the atomic exchange the staging name holds the *old* site.
Comparing a staging folder's inode with its name tells, after any crash, a build's unpublished
output (delete it) from an old site that was swapped out (first move its kept entries back), with
no extra write to disk.

Guarantees (against interruption at any point: exception, Ctrl-C, kill -9; not against power loss,
except for ``commit``, which syncs its data and journal):

- Entries of the output folder named in ``retention`` (Pelican's OUTPUT_RETENTION: top-level names)
  are never deleted. At every moment each is either in the output folder or in a leftover
  (``old``/``staging``) that the next ``lock()`` recognises and moves it back from, before it
  deletes anything. If the build itself writes an entry with a kept name, the build's one wins,
  as it does in Pelican.
- Publication exchanges the staging folder and the output folder with one ``renameat2(...,
  RENAME_EXCHANGE)`` call, so a reader always finds a complete site, old or new. Where that call is
  missing (not Linux, kernel before 3.15, glibc before 2.28, file systems that refuse the flag), it
  falls back to two renames, with a moment of a few microseconds without a site; a crash inside
  that moment is repaired by the next ``lock()``, which puts the old site back.
- ``lock()`` holds ``flock`` on the lock file for the whole build and, before it returns, removes
  every leftover of interrupted builds (after moving their kept entries back).
- Folders are made with mode ``0o777`` and the umask applied (``tempfile.mkdtemp`` would give 0o700).

Deleting the old site: ``publish()`` hands it to a detached process and returns. Measured with
bench/output_bench.py on 30,000 files in 10,000 folders on this project's test machine, publish()
returns in 1 ms, while deleting the old site takes 12-32 s (6 s when its files were never flushed
to disk). Leaving it to the next build's ``lock()`` instead would make that build, often seconds
later under ``invoke serve``, wait for exactly that. The process holds ``flock`` on the folder it
deletes: a later ``lock()`` leaves it alone while the process lives, and deletes the folder itself if
the process died (killed, machine stopped), so no abandoned old site outlives the next build.

Fault injection: ``on_step`` is called with the name of each step just taken (see ``STEPS``), so
tests can raise or ``os._exit`` between any two steps.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Self

logger = logging.getLogger(__name__)

DEFAULT_RETENTION = ("CNAME", ".nojekyll", ".git")

# The steps ``on_step`` is told about; a trailing ":" means the step is followed by a path or name.
STEPS = (
    "staging made",  # staging(): the folder exists under its temporary name
    "exchanged",  # publish(): staging and output swapped atomically
    "moved aside",  # publish(), two-rename fallback: the old site renamed away, no site in place
    "moved in",  # publish(), two-rename fallback: the new site in place
    "published",  # publish(): the first site renamed into place (there was none)
    "kept:",  # publish() or lock(): one kept entry moved into the output folder
    "retired",  # publish() or lock(): an old site renamed to trash
    "journal dropped",  # publish(): an interrupted commit's journal removed, the site being whole again
    "journal written",  # commit(): the journal is on disk
    "written:",  # commit(): one new file written beside its destination under a temporary name
    "replaced:",  # commit(): one file renamed over its destination
    "deleted:",  # commit(): one file deleted
    "pruned:",  # commit(): one emptied folder removed
    "restored",  # lock(): an old site put back in place after a crash inside a two-rename swap
)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# renameat2 errors meaning "no such operation here" rather than "this operation failed".
_EXCHANGE_UNSUPPORTED = frozenset({errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP})
_REMOVER = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_OPEN_FOLDERS = 32
_SYNC_THREADS = 16
_SYNC_BATCH = 32


class BuildInProgress(Exception):
    """Another build holds the output folder's lock; the message is one line (with its PID when known)."""


class OutputFolderError(Exception):
    """The output folder cannot be used safely, or a commit was refused; the message is one line saying what to do."""


class LockError(RuntimeError):
    """An OutputFolder method that needs the lock was called without it, or the lock was taken twice."""


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where the system does not offer it.

    Python's ``os`` module has no renameat2, hence ctypes on the C library's own wrapper.
    """
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _EXCHANGE_UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def remove_tree(path: Path) -> None:
    """Delete a folder tree; tolerate another process deleting it at the same time, fail clearly otherwise."""
    shutil.rmtree(path, ignore_errors=True)
    if os.path.lexists(path):
        raise OutputFolderError(f"cannot remove {path} (permissions?); remove it by hand, then build again")


def _sync_folder(path: Path) -> None:
    folder = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


class _Folders:
    """The output folder's subfolders, opened by relative path without ever following a link.

    Each step is an ``openat(..., O_NOFOLLOW)`` relative to the folder above, so no path, however
    spelt and whatever is swapped in meanwhile, can lead outside the output folder. At most
    ``_OPEN_FOLDERS`` handles stay open (least recently used closed first), well under the usual
    limit of 1,024 open files however many folders a commit touches.
    """

    def __init__(self, root: Path):
        self._root = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        self._handles: OrderedDict[PurePosixPath, int] = OrderedDict()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        for handle in self._handles.values():
            os.close(handle)
        os.close(self._root)

    def open(self, folder: PurePosixPath, create: bool = False) -> int | None:
        """The handle of ``folder`` (made, with its parents, if ``create``), or None if it does not exist.

        The handle is valid until the next call; ``os.dup`` it to keep it longer.
        """
        if folder == PurePosixPath():
            return self._root
        if folder in self._handles:
            self._handles.move_to_end(folder)
            return self._handles[folder]
        parent = self.open(folder.parent, create)
        if parent is None:
            return None
        try:
            handle = os.open(folder.name, _DIRECTORY_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            if not create:
                return None
            os.mkdir(folder.name, 0o777, dir_fd=parent)
            handle = os.open(folder.name, _DIRECTORY_FLAGS, dir_fd=parent)
        except OSError as error:
            if error.errno not in (errno.ELOOP, errno.ENOTDIR):
                raise
            kind = "a link" if stat.S_ISLNK(os.lstat(folder.name, dir_fd=parent).st_mode) else "a file"
            raise OutputFolderError(f"{folder} is {kind}, not a folder: no path may lead through it") from None
        self._handles[folder] = handle
        if len(self._handles) > _OPEN_FOLDERS:
            os.close(self._handles.popitem(last=False)[1])
        return handle

    def handle(self, folder: PurePosixPath) -> int:
        """The handle of a folder that must exist (valid until the next call)."""
        handle = self.open(folder)
        if handle is None:
            raise OutputFolderError(f"{folder} vanished from the output folder while a commit was under way")
        return handle

    def entry(self, path: PurePosixPath) -> os.stat_result | None:
        """lstat of ``path`` in its (existing) folder, or None where it or its folder does not exist."""
        folder = self.open(path.parent)
        if folder is None:
            return None
        try:
            return os.lstat(path.name, dir_fd=folder)
        except FileNotFoundError:
            return None

    def forget(self, folder: PurePosixPath) -> None:
        if folder in self._handles:
            os.close(self._handles.pop(folder))

    def sync(self, paths: Iterable[PurePosixPath]) -> None:
        """fsync files and folders, many at a time: concurrent calls share the file system's journal
        commits (on this project's test machine 1,000 files take 0.3 s instead of 1.4 s)."""
        paths = list(paths)
        with ThreadPoolExecutor(_SYNC_THREADS) as pool:
            for start in range(0, len(paths), _SYNC_BATCH):
                handles = [self._open_to_sync(path) for path in paths[start : start + _SYNC_BATCH]]
                try:
                    for _ in pool.map(os.fsync, handles):
                        pass
                finally:
                    for handle in handles:
                        os.close(handle)

    def _open_to_sync(self, path: PurePosixPath) -> int:
        if path == PurePosixPath():
            return os.dup(self._root)
        return os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.handle(path.parent))


class OutputFolder:
    """The folder a site is built into, kept safe across concurrent, interrupted and incremental builds.

    Full build::

        folder = OutputFolder(settings["OUTPUT_PATH"], settings["OUTPUT_RETENTION"])
        with folder.lock():                      # BuildInProgress at once, or lock(wait=True)
            staging = folder.staging()
            try:
                run_the_build(into=staging)
            except BaseException:
                folder.discard(staging)
                raise
            folder.publish(staging)              # the old site is deleted by a detached process

    Incremental update::

        with folder.lock():
            if folder.interrupted_commit():
                ...                              # do a full build instead
            folder.commit({"news/a/index.html": b"...", "feeds/all.atom.xml": staged}, deleted=["news/b/index.html"])
    """

    def __init__(
        self,
        path: str | os.PathLike,
        retention: Iterable[str] = DEFAULT_RETENTION,
        *,
        atomic_exchange: bool = True,
        on_step: Callable[[str], None] | None = None,
    ):
        """``path`` is resolved now (links followed); ``atomic_exchange=False`` forces the two-rename swap."""
        self.path = Path(path)
        try:
            self.site = Path(os.path.abspath(self.path)).resolve()
        except (OSError, RuntimeError) as error:
            raise OutputFolderError(f"output folder {self.path}: {error}; point it at a real folder") from None
        if isinstance(retention, (str, bytes)):
            raise OutputFolderError(
                f"OUTPUT_RETENTION {retention!r} is one text, not a list of names: write it as [{retention!r}]"
            )
        self.retention = tuple(retention)
        for name in self.retention:
            if not name or "/" in name or name in (".", "..") or "\0" in name:
                raise OutputFolderError(f"OUTPUT_RETENTION entry {name!r} is not a name: give top-level names only")
        self.parent = self.site.parent
        name = self.site.name
        self.lock_file = self.parent / f".{name}.lock"
        self.journal = self.parent / f".{name}.journal"
        self._leftover = re.compile(rf"\.{re.escape(name)}\.(making|staging|old|trash)-([0-9a-f]{{16}}|[0-9]+)")
        self._atomic_exchange = atomic_exchange
        self._on_step = on_step
        self._lock_handle: int | None = None

    # Lock

    @contextlib.contextmanager
    def lock(self, wait: bool = False) -> Iterator[OutputFolder]:
        """Hold the build lock for the ``with`` block; first remove what interrupted builds left behind.

        Without ``wait``, a build already running raises ``BuildInProgress`` at once.
        """
        if self._lock_handle is not None:
            raise LockError(f"the lock on {self.site} is already held by this object")
        self._check_place()
        handle = self._open_lock_file()
        try:
            self._acquire(handle, wait)
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
            self._lock_handle = handle
            try:
                self._remove_leftovers()
                yield self
            finally:
                self._lock_handle = None
                os.ftruncate(handle, 0)
        finally:
            os.close(handle)

    def _check_place(self) -> None:
        """Refuse output folders that cannot be replaced by a rename: every message says what to do."""
        via = f" (where the link {self.path} leads)" if self.path.is_symlink() else ""
        if self.site == self.parent:
            raise OutputFolderError(
                f"output folder {self.site}{via} is a file-system root; point it at a folder inside"
            )
        cwd = Path.cwd().resolve()
        if cwd == self.site or self.site in cwd.parents:
            raise OutputFolderError(
                f"output folder {self.site}{via} holds the current folder, and a build replaces it whole;"
                " point it at a folder of its own"
            )
        if not self.parent.is_dir():
            if via:
                raise OutputFolderError(
                    f"{self.path} is a link to {self.site}, whose folder {self.parent} does not exist"
                )
            self.parent.mkdir(parents=True, exist_ok=True)
        try:
            site = os.lstat(self.site)
        except FileNotFoundError:
            return
        if not stat.S_ISDIR(site.st_mode):
            raise OutputFolderError(f"output folder {self.site}{via} is a file; move it away or choose another folder")
        if site.st_dev != os.lstat(self.parent).st_dev:
            raise OutputFolderError(
                f"output folder {self.site}{via} is a mount point, so it cannot be swapped by a rename;"
                " point the output at a folder inside it"
            )

    def _open_lock_file(self) -> int:
        try:
            return os.open(self.lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as error:
            if os.path.lexists(self.lock_file):
                raise OutputFolderError(
                    f"cannot open the build lock {self.lock_file} ({error.strerror}); give it to the user who builds"
                ) from None
            via = f"{self.path} leads to {self.site}, but " if self.path.is_symlink() else ""
            raise OutputFolderError(
                f"{via}{self.parent} is not writable ({error.strerror}): builds need to write beside the output folder;"
                " make it writable or choose an output folder in a writable place"
            ) from None

    def _acquire(self, handle: int, wait: bool) -> None:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode(errors="replace").strip()
            holder = f" (PID {holder})" if holder.isdigit() else ""
        if not wait:
            raise BuildInProgress(f"another build is running on {self.site}{holder}; try again when it has finished")
        logger.info("Waiting for the build%s on %s to finish", holder, self.site)
        fcntl.flock(handle, fcntl.LOCK_EX)

    def _require_lock(self) -> None:
        if self._lock_handle is None:
            raise LockError(f"hold the lock on {self.site} first: with folder.lock(): ...")

    def _step(self, name: str) -> None:
        if self._on_step is not None:
            self._on_step(name)

    # Leftovers

    def _leftovers(self) -> dict[str, list[Path]]:
        found: dict[str, list[Path]] = {"making": [], "staging": [], "old": [], "trash": []}
        with os.scandir(self.parent) as entries:
            for entry in entries:
                match = self._leftover.fullmatch(entry.name)
                if match and entry.is_dir(follow_symlinks=False):
                    found[match[1]].append(Path(entry.path))
        return found

    def _is_unpublished(self, staging: Path) -> bool:
        """A staging folder still holding its build's output, not an old site exchanged into its place."""
        return str(os.lstat(staging).st_ino) == staging.name.rsplit("-", 1)[1]

    def _remove_leftovers(self) -> None:
        """Repair what an interruption left: old site back in place, kept entries rescued, leftovers deleted."""
        self._clean_interrupted_commit()
        found = self._leftovers()
        if found["old"] and not os.path.lexists(self.site):
            newest = max(found["old"], key=lambda old: os.lstat(old).st_ctime_ns)
            logger.warning("Putting back the previous site from %s: a build was interrupted while swapping", newest)
            os.rename(newest, self.site)
            self._step("restored")
            found["old"].remove(newest)
        for staging in found["staging"]:
            if self._is_unpublished(staging):
                found["making"].append(staging)
            else:
                found["old"].append(staging)
        for old in found["old"]:
            logger.warning("Recovering kept entries from %s, left by an interrupted build", old)
            self._keep_retained(old)
            found["trash"].append(self._retire(old))
        for trash in found["trash"]:
            if self._being_removed(trash):
                logger.debug("%s is being deleted by the build that retired it", trash)
            else:
                found["making"].append(trash)
        for leftover in found["making"]:
            logger.info("Removing %s, left by an interrupted build", leftover)
            remove_tree(leftover)

    def _keep_retained(self, old: Path) -> None:
        """Move the kept entries from an old site into the output folder, unless the build made its own."""
        for name in self.retention:
            if not os.path.lexists(old / name):
                continue
            if os.path.lexists(self.site / name):
                logger.info("The build wrote its own %s; the previous one is not kept", name)
                continue
            self.site.mkdir(exist_ok=True)
            os.rename(old / name, self.site / name)
            self._step(f"kept:{name}")

    def _retire(self, old: Path) -> Path:
        trash = self.parent / f".{self.site.name}.trash-{secrets.token_hex(8)}"
        os.rename(old, trash)
        self._step("retired")
        return trash

    # Full builds

    def staging(self) -> Path:
        """A new empty folder beside the output folder (same file system) for a build to write into."""
        self._require_lock()
        making = self.parent / f".{self.site.name}.making-{secrets.token_hex(8)}"
        os.mkdir(making, 0o777)
        self._step("staging made")
        staging = self.parent / f".{self.site.name}.staging-{os.lstat(making).st_ino}"
        os.rename(making, staging)
        return staging

    def _check_staging(self, staging: Path) -> None:
        staging = Path(staging)
        match = self._leftover.fullmatch(staging.name)
        if staging.parent != self.parent or not match or match[1] != "staging" or not self._is_unpublished(staging):
            raise OutputFolderError(f"{staging} is not a staging folder of {self.site}: make one with staging()")

    def publish(self, staging: Path, *, wait: bool = False) -> None:
        """Put a finished build in place of the site atomically, keep the kept entries, retire the old site.

        The old site is deleted by a detached process, so the caller does not wait for it (``wait=True``
        deletes it before returning); if that process is killed, the next ``lock()`` finishes the job.
        An interruption leaves nothing that the next ``lock()`` does not repair; an exception repairs at once.
        """
        self._require_lock()
        self._check_staging(staging)
        try:
            trash = None
            if os.path.lexists(self.site):
                old = self._swap(Path(staging))
                self._keep_retained(old)
                trash = self._retire(old)
            else:
                os.rename(staging, self.site)
                self._step("published")
            if os.path.lexists(self.journal):
                os.unlink(self.journal)
                self._step("journal dropped")
        except BaseException:
            logger.error("Publishing %s was interrupted; repairing the output folder", self.site)
            self._remove_leftovers()
            raise
        if trash is not None:
            self._remove_old_site(trash, wait)

    def _swap(self, staging: Path) -> Path:
        """Put ``staging`` in the output folder's place; return where the old site now is."""
        if self._atomic_exchange:
            if exchange(staging, self.site):
                self._step("exchanged")
                return staging
            logger.info("No atomic exchange on %s; swapping with two renames", self.parent)
            self._atomic_exchange = False
        old = self.parent / f".{self.site.name}.old-{secrets.token_hex(8)}"
        os.rename(self.site, old)
        self._step("moved aside")
        os.rename(staging, self.site)
        self._step("moved in")
        return old

    def _remove_old_site(self, trash: Path, wait: bool) -> None:
        """Delete a retired site now, or in a detached process that holds ``flock`` on it until done.

        The lock is taken here and handed over (``pass_fds``), so from the moment publish() returns a
        later ``lock()`` can tell a site being deleted (locked: left alone) from one whose remover died
        (free: deleted then). The process has a session of its own, so Ctrl-C in the terminal spares it.
        """
        if not wait and sys.executable:
            handle = os.open(trash, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
                remover = subprocess.Popen(
                    [sys.executable, "-I", "-S", "-c", _REMOVER, str(trash)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    pass_fds=(handle,),
                    start_new_session=True,
                )
                logger.debug("Deleting %s in process %d", trash, remover.pid)
                return
            except OSError as error:
                logger.info("Cannot start a process to delete %s (%s); deleting it now", trash, error)
            finally:
                os.close(handle)
        remove_tree(trash)

    @staticmethod
    def _being_removed(trash: Path) -> bool:
        """Whether a live remover holds the lock on a retired site."""
        try:
            handle = os.open(trash, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            return True
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(handle)
        return False

    def discard(self, staging: Path) -> None:
        """Delete the staging folder of a failed build (now: it is rarely a whole site)."""
        self._require_lock()
        if os.path.lexists(staging):
            self._check_staging(staging)
            remove_tree(Path(staging))

    # Incremental builds

    def interrupted_commit(self) -> bool:
        """Whether an incremental commit was interrupted since the last full build: if so, build in full."""
        self._require_lock()
        return os.path.lexists(self.journal)

    def _clean_interrupted_commit(self) -> None:
        """Delete the temporary files an interrupted commit names in its journal; keep the journal."""
        try:
            temporary = json.loads(self.journal.read_bytes())["temporary"]
        except FileNotFoundError:
            return
        except (ValueError, KeyError, TypeError):
            temporary = []  # torn while being written: nothing had been written yet
        logger.warning("An incremental update of %s was interrupted; the next build must be a full one", self.site)
        if not self.site.is_dir():
            return
        with _Folders(self.site) as folders:
            for name in temporary:
                path = PurePosixPath(name)
                with contextlib.suppress(OutputFolderError):
                    folder = folders.open(path.parent)
                    if folder is not None and folders.entry(path) is not None:
                        os.unlink(path.name, dir_fd=folder)

    def _relative(self, name: str | os.PathLike) -> PurePosixPath:
        """A commit path, checked: relative, no ``..``, not in a kept entry."""
        text = os.fspath(name)
        path = PurePosixPath(text)
        if not text or "\0" in text or path.is_absolute() or ".." in path.parts or not path.parts:
            raise OutputFolderError(f"{text!r} is not a path inside the output folder: give it relative, without '..'")
        if path.parts[0] in self.retention:
            raise OutputFolderError(f"{text}: {path.parts[0]} is kept by OUTPUT_RETENTION, builds do not write there")
        return path

    def commit(self, files: Mapping[str, bytes | os.PathLike], deleted: Iterable[str] = ()) -> None:
        """Replace, add and delete a few files in the live site, each atomically, under a journal.

        ``files`` maps a path relative to the output folder to its new bytes, or to a finished file
        (a ``Path``) that is moved in (copied, then deleted, if it is on another file system); it keeps
        its mode, while bytes get ``0o666`` less the umask. ``deleted`` names files to delete;
        folders left empty by that are removed. Everything is checked before anything is written,
        so a refused commit changes nothing. An interrupted commit leaves its journal: then
        ``interrupted_commit()`` is true until the next ``publish()``, and ``commit()`` refuses.
        """
        self._require_lock()
        if os.path.lexists(self.journal):
            raise OutputFolderError(f"the last incremental update of {self.site} was interrupted: do a full build")
        if not self.site.is_dir():
            raise OutputFolderError(f"there is no site in {self.site} to update: do a full build")
        writes = self._checked_paths(files, "written")
        removals = self._checked_paths(deleted, "deleted")
        if both := sorted(writes.keys() & removals.keys()):
            raise OutputFolderError(f"{both[0]} is both written and deleted by one commit")
        for path in writes:
            for folder in path.parents:
                if folder in writes or folder in removals:
                    raise OutputFolderError(f"{folder} is a file in this commit and the folder of {path}")
        with _Folders(self.site) as folders:
            self._check_commit(folders, files, writes, removals)
            temporary = {path: path.parent / f".commit-{secrets.token_hex(8)}.tmp" for path in writes}
            self._write_journal([str(path) for path in temporary.values()])
            for path, key in writes.items():
                self._write_temporary(folders.open(path.parent, create=True), temporary[path].name, files[key])
                self._step(f"written:{path}")
            folders.sync(temporary.values())
            for path in writes:
                folder = folders.handle(path.parent)
                os.replace(temporary[path].name, path.name, src_dir_fd=folder, dst_dir_fd=folder)
                self._step(f"replaced:{path}")
            for path in removals:
                os.unlink(path.name, dir_fd=folders.handle(path.parent))
                self._step(f"deleted:{path}")
            pruned = self._prune(folders, removals)
            changed = {folder for path in [*writes, *removals] for folder in path.parents} - pruned
            folders.sync(sorted(changed, key=lambda folder: len(folder.parts), reverse=True))
        os.unlink(self.journal)
        _sync_folder(self.parent)

    def _checked_paths(self, names: Iterable, what: str) -> dict[PurePosixPath, object]:
        """Checked relative paths, each mapped to the name the caller gave."""
        checked: dict[PurePosixPath, object] = {}
        for name in names:
            path = self._relative(name)
            if path in checked:
                raise OutputFolderError(f"{path} is {what} twice by one commit (as {checked[path]!r} and {name!r})")
            checked[path] = name
        return checked

    def _check_commit(self, folders: _Folders, files: Mapping, writes: Mapping, removals: Mapping) -> None:
        """Refuse, before writing anything, what the commit cannot do."""
        for path, key in writes.items():
            content = files[key]
            if isinstance(content, os.PathLike):
                if not os.path.isfile(content):
                    raise OutputFolderError(f"{path}: the staged file {os.fspath(content)} does not exist")
            elif not isinstance(content, (bytes, bytearray, memoryview)):
                raise TypeError(f"{path}: new content must be bytes or a Path, not {type(content).__name__}")
            entry = folders.entry(path)
            if entry is not None and stat.S_ISDIR(entry.st_mode):
                raise OutputFolderError(f"{path} is a folder in the output folder; a commit writes files only")
        for path in removals:
            entry = folders.entry(path)
            if entry is None:
                raise OutputFolderError(f"{path} cannot be deleted: it is not in {self.site}")
            if stat.S_ISDIR(entry.st_mode):
                raise OutputFolderError(f"{path} is a folder; a commit deletes files, and the folders they leave empty")

    def _write_journal(self, temporary: list[str]) -> None:
        """Write the journal, durably, before anything in the site changes."""
        handle = os.open(self.journal, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        try:
            os.write(handle, json.dumps({"pid": os.getpid(), "temporary": temporary}).encode())
            os.fsync(handle)
        finally:
            os.close(handle)
        _sync_folder(self.parent)
        self._step("journal written")

    @staticmethod
    def _write_temporary(folder: int, name: str, content: bytes | os.PathLike) -> None:
        """Write new bytes, or move a staged file, under a temporary name (synced later, all at once)."""
        if isinstance(content, os.PathLike):
            try:
                os.rename(content, name, dst_dir_fd=folder)
                return
            except OSError as error:
                if error.errno != errno.EXDEV:
                    raise
        handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666, dir_fd=folder)
        try:
            with open(handle, "wb", closefd=False) as writer:
                if isinstance(content, os.PathLike):
                    with open(content, "rb") as reader:
                        shutil.copyfileobj(reader, writer)
                    os.fchmod(handle, stat.S_IMODE(os.stat(content).st_mode))
                else:
                    writer.write(content)
        finally:
            os.close(handle)
        if isinstance(content, os.PathLike):
            os.unlink(content)

    def _prune(self, folders: _Folders, removals: Iterable[PurePosixPath]) -> set[PurePosixPath]:
        """Remove the folders that deletions left empty, deepest first, never the output folder itself."""
        candidates = {folder for path in removals for folder in path.parents if folder != PurePosixPath()}
        pruned = set()
        for folder in sorted(candidates, key=lambda folder: len(folder.parts), reverse=True):
            try:
                os.rmdir(folder.name, dir_fd=folders.handle(folder.parent))
            except OSError as error:
                if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
                continue
            folders.forget(folder)
            pruned.add(folder)
            self._step(f"pruned:{folder}")
        return pruned
