"""Work shared among forked processes, for reading thousands of files on every core.

``multiprocessing`` would pickle the function and every argument to each
worker; a fork inherits the registries, the Markdown instance and the items
as they are, so only results travel back, through a pipe. Each worker takes
every n-th item, so a folder of long articles does not all land on one core.
Where fork is missing (or there is little work) everything runs in this process.
"""

from __future__ import annotations

import os
import pickle
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

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


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], workers: int | None = None) -> list[Result]:
    """``[function(item) for item in items]``, computed by up to ``workers`` forked processes."""
    workers = min(workers or default_workers(), max(1, len(items) // MIN_ITEMS_PER_WORKER))
    if workers <= 1 or not hasattr(os, "fork"):
        return [function(item) for item in items]
    children = []
    for index in range(workers):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: compute its share, send it, and leave without running any cleanup of the parent's
            os.close(read_end)
            status = 0
            try:
                payload = pickle.dumps((True, [function(item) for item in items[index::workers]]), pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - every failure must reach the parent
                payload = pickle.dumps((False, traceback.format_exc()))
                status = 1
            with os.fdopen(write_end, "wb") as stream:
                stream.write(payload)
            os._exit(status)
        os.close(write_end)
        children.append((pid, read_end))
    shares, failures = [], []
    for pid, read_end in children:
        data = _read_all(read_end)
        os.close(read_end)
        os.waitpid(pid, 0)
        if not data:
            failures.append(f"worker {pid} died without a result")
            continue
        ok, share = pickle.loads(data)
        if not ok:
            failures.append(share)
        shares.append(share)
    if failures:
        raise WorkerFailed("\n".join(failures))
    results: list = [None] * len(items)
    for index, share in enumerate(shares):
        results[index::workers] = share
    return results
