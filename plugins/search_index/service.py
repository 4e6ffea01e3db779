"""A client of ``pagefind --service``: pages in, the search bundle's files out, nothing on disk.

Pagefind's own Python API (``pagefind.index.PagefindIndex``) speaks the same
protocol but sleeps 0.1 s before reading each response, so indexing 10,000
pages through it takes over 16 minutes (measured: 100 ms a page, whether the
requests are awaited one by one or gathered). The protocol is small: each
message is base64-encoded JSON followed by a comma, answered by one of the same
form with the request's ``message_id``. Here requests are written as fast as
the service takes them while a thread collects the answers.

The binary is the extended one of the pinned ``pagefind[extended]`` package (it
segments Chinese), run in an empty working folder with every ``PAGEFIND_*``
variable removed, so no stray configuration changes what a build produces.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import tempfile
import threading
from pathlib import Path

from pagefind_bin_extended import get_executable

from .errors import SearchIndexFailed


class PagefindService:
    """One running ``pagefind --service`` with one index; use as a context manager."""

    def __init__(self, language: str, timeout: float):
        self.language = language
        self.timeout = timeout
        self.answers: dict[int, dict] = {}
        self.arrived = threading.Condition()
        self.next_id = 0
        self.process: subprocess.Popen | None = None
        self.workdir: tempfile.TemporaryDirectory | None = None
        self.index_id: int | None = None

    def __enter__(self) -> PagefindService:
        environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
        self.workdir = tempfile.TemporaryDirectory(prefix="pagefind-")
        try:
            self.process = subprocess.Popen(
                [str(get_executable()), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                cwd=self.workdir.name, env=environment,
            )  # fmt: skip
        except OSError as error:
            raise SearchIndexFailed(f"Pagefind could not be started ({get_executable()}): {error}") from None
        threading.Thread(target=self._collect, name="pagefind-answers", daemon=True).start()
        answer = self.ask({"type": "NewIndex", "config": {"force_language": self.language}})
        self.index_id = answer["index_id"]
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.workdir is not None:
            self.workdir.cleanup()

    def _collect(self) -> None:
        """Read answers until the service closes its output (runs in a thread)."""
        pending = b""
        while chunk := self.process.stdout.read1(1 << 20):
            pending += chunk
            *messages, pending = pending.split(b",")
            for message in messages:
                answer = json.loads(base64.b64decode(message))
                with self.arrived:
                    self.answers[answer.get("message_id", -1)] = answer["payload"]
                    self.arrived.notify_all()
        with self.arrived:
            self.answers[-1] = {"type": "Error", "message": "the Pagefind service stopped"}
            self.arrived.notify_all()

    def send(self, payload: dict) -> int:
        self.next_id += 1
        message = json.dumps({"message_id": self.next_id, "payload": payload}, ensure_ascii=False).encode()
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
        except BrokenPipeError:
            raise SearchIndexFailed("the Pagefind service stopped while taking pages") from None
        return self.next_id

    def wait(self, message_id: int) -> dict:
        try:
            self.process.stdin.flush()
        except BrokenPipeError:
            raise SearchIndexFailed(f"the Pagefind service stopped (exit status {self.process.wait()})") from None
        with self.arrived:
            ready = self.arrived.wait_for(lambda: message_id in self.answers or -1 in self.answers, timeout=self.timeout)
            answer = self.answers.pop(message_id, None) or self.answers.get(-1)
        if not ready or answer is None:
            raise SearchIndexFailed(f"Pagefind did not answer within {self.timeout} seconds")
        if answer.get("type") == "Error":
            raise SearchIndexFailed(f"Pagefind failed: {answer.get('message', answer)}")
        return answer

    def ask(self, payload: dict) -> dict:
        return self.wait(self.send(payload))

    def add_pages(self, pages: list[tuple[str, str]]) -> None:
        """Index (url, html) pages; an answer that is not an indexed file is a failure."""
        last = None
        for url, html in pages:
            last = self.send({"type": "AddFile", "index_id": self.index_id, "url": url, "file_contents": html})
        if last is not None:
            self.wait(last)
        failed = [answer for answer in self.answers.values() if answer.get("type") not in ("IndexedFile",)]
        if failed:
            raise SearchIndexFailed(f"Pagefind refused {len(failed)} pages: {failed[0]}")
        self.answers.clear()

    def files(self) -> dict[str, bytes]:
        """The bundle: path inside it -> bytes."""
        answer = self.ask({"type": "GetFiles", "index_id": self.index_id})
        return {Path(item["path"]).as_posix(): base64.b64decode(item["content"]) for item in answer["files"]}
