"""Work shared among forked processes: thousands of files read on every core, slow work beside the rest.

``multiprocessing`` would pickle the function and every argument to each
worker; a fork inherits the registries, the Markdown instance and the items
as they are, so only results travel back, through a pipe. Each worker takes
every n-th item, so a folder of long articles does not all land on one core.
Where fork is missing (or there is little work) everything runs in this process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items, forking costs more than it saves.
MIN_ITEMS_PER_WORKER = 64


class WorkerFailed(RuntimeError):
    """A worker process raised or died; the message carries its traceback."""


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _read_all(descriptor: int) -> bytes:
    chunks = []
    while chunk := os.read(descriptor, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _fork(compute: Callable[[], object]) -> tuple[int, int]:
    """Start a child that sends ``compute()``, or the exception it raised, through a pipe: (pid, read end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any cleanup of the parent's
        os.close(read_end)
        status = 0
        try:
            payload = pickle.dumps((True, compute()), pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # noqa: BLE001 - every failure must reach the parent
            status = 1
            try:
                payload = pickle.dumps((False, (error, traceback.format_exc())))
            except Exception:  # noqa: BLE001 - an exception that cannot travel goes as its traceback
                payload = pickle.dumps((False, (None, traceback.format_exc())))
        with os.fdopen(write_end, "wb") as stream:
            stream.write(payload)
        os._exit(status)
    os.close(write_end)
    return pid, read_end


def _receive(pid: int, read_end: int) -> tuple[bool, object]:
    """(True, result) or (False, (exception or None, traceback)) from a child of ``_fork``."""
    try:
        data = _read_all(read_end)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    if not data:
        return False, (None, f"worker {pid} died without a result")
    return pickle.loads(data)


def _raise(failures: list[tuple[BaseException | None, str]]):
    """The first failure's own exception when it could travel (a build error keeps its message), else WorkerFailed."""
    error, _ = failures[0]
    if isinstance(error, Exception):
        raise error from WorkerFailed("\n".join(trace for _, trace in failures))
    raise WorkerFailed("\n".join(trace for _, trace in failures))


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], workers: int | None = None,
                 min_items: int = MIN_ITEMS_PER_WORKER) -> list[Result]:  # fmt: skip
    """``[function(item) for item in items]``, computed by up to ``workers`` forked processes, each given
    at least ``min_items`` items (fewer workers when there is little work)."""
    workers = min(workers or default_workers(), max(1, len(items) // min_items))
    if workers <= 1 or not hasattr(os, "fork"):
        return [function(item) for item in items]
    children = [_fork(lambda index=index: [function(item) for item in items[index::workers]]) for index in range(workers)]
    answers = [_receive(pid, read_end) for pid, read_end in children]
    failures = [detail for ok, detail in answers if not ok]
    if failures:
        _raise(failures)
    results: list = [None] * len(items)
    for index, (_, share) in enumerate(answers):
        results[index::workers] = share
    return results


class Background(Generic[Result]):
    """``compute()`` running in a forked process while this one goes on; ``result()`` waits for it.

    For slow work that needs nothing the parent does next (the search index while pages render).
    ``cancel()`` stops it when its result is no longer wanted. Where fork is missing it runs at ``result()``.
    """

    def __init__(self, compute: Callable[[], Result]):
        self.compute = compute
        self.child = _fork(compute) if hasattr(os, "fork") else None

    def result(self) -> Result:
        if self.child is None:
            return self.compute()
        pid, read_end = self.child
        self.child = None
        ok, detail = _receive(pid, read_end)
        if not ok:
            _raise([detail])
        return detail

    def cancel(self) -> None:
        if self.child is not None:
            pid, read_end = self.child
            self.child = None
            os.close(read_end)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
