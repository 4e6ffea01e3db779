"""A build in a process of its own, for tests/test_outputdir.py: ``python outputdir_child.py ACTION FOLDER ...``.

Actions: ``hold`` (take the lock, say so, keep it until a line arrives on stdin), ``build`` (write a
site of ``--version`` and publish it), ``killed`` (write a site, then die by SIGKILL before
publishing), ``umask`` (build and commit under ``--umask``). With ``--go``, the process waits for a
line on stdin before it takes the lock, so that two of them can be started together. Refusals
print their one-line message on stderr and exit 3.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from outputdir import BuildInProgress, OutputFolder, OutputFolderError  # noqa: E402

REFUSED = 3


def write_version(folder: Path, version: int, pages: int) -> None:
    (folder / "index.html").write_text(f"v{version}")
    for page in range(pages):
        (folder / "news" / str(page)).mkdir(parents=True)
        (folder / "news" / str(page) / "index.html").write_text(f"v{version} page {page}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["hold", "build", "killed", "umask"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--wait", action="store_true")
    parser.add_argument("--go", action="store_true")
    parser.add_argument("--version", type=int, default=1)
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--umask", type=lambda text: int(text, 8))
    options = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if options.umask is not None:
        os.umask(options.umask)
    if options.go:
        sys.stdin.readline()
    folder = OutputFolder(options.folder)
    try:
        with folder.lock(wait=options.wait):
            if options.action == "hold":
                print(f"locked {os.getpid()}", flush=True)
                sys.stdin.readline()
                return 0
            staging = folder.staging()
            write_version(staging, options.version, options.pages)
            if options.action == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            folder.publish(staging, wait=True)
            if options.action == "umask":
                folder.commit({"made/by/commit.html": b"commit"})
            print("published", flush=True)
    except (BuildInProgress, OutputFolderError) as refusal:
        print(refusal, file=sys.stderr)
        return REFUSED
    return 0


if __name__ == "__main__":
    sys.exit(main())
