"""Output folder benchmark: what ``outputdir`` publish() and commit() cost on a large site's tree.

Writes synthetic sites of ``--files`` files in ``--folders`` folders (30,000 in 10,000 by
default: a big site's pages, feeds and assets) into a temporary folder, and times, ``--repeat``
times each (the median is reported):

- writing the tree into a staging folder: for scale, the least a full build pays for these files;
- publish(), as a build sees it (the old site deleted by a detached process), and the time until
  that process has deleted the old site;
- publish(wait=True): the swap and the deletion of the old site before returning;
- lock() finding a whole retired site (its remover killed): what the next build then pays;
- commit() replacing N pages spread over the tree and deleting N/10, journal and fsync included.

The trees are fresh in the page cache, as they are right after a build. The file system decides
most of these numbers (this one is slow for metadata), so compare runs on one machine.

    .venv/bin/python bench/output_bench.py --json output-bench.json
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from outputdir import OutputFolder  # noqa: E402

PAGE = b"<!doctype html><title>page</title>" + b"<p>Synthetic article text.</p>" * 60
KEPT = {"CNAME": b"news.example.org\n", ".nojekyll": b"", ".git/HEAD": b"ref: refs/heads/main\n"}


def tree_paths(files: int, folders: int) -> list[str]:
    """``files`` paths spread evenly over ``folders`` folders, two levels deep (as a site's sections and pages)."""
    tops = max(1, round(folders**0.5))
    subfolders = [f"section-{top}/page-{sub}" for top in range(tops) for sub in range(folders // tops - 1)]
    all_folders = [f"section-{top}" for top in range(tops)] + subfolders
    return [f"{all_folders[number % len(all_folders)]}/file-{number}.html" for number in range(files)]


def write_tree(root: Path, paths: list[str], files: dict[str, bytes] | None = None) -> None:
    for path in paths:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(PAGE)
    for path, content in (files or {}).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content)


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def staged(folder: OutputFolder, paths: list[str]) -> tuple[Path, float]:
    staging = folder.staging()
    return staging, timed(lambda: write_tree(staging, paths))


def measure(root: Path, paths: list[str], repeat: int, commit_sizes: list[int]) -> dict[str, list[float]]:
    site = root / "output"
    write_tree(site, paths, KEPT)
    folder = OutputFolder(site)
    results: dict[str, list[float]] = {}

    def record(key: str, seconds: float) -> None:
        results.setdefault(key, []).append(seconds)

    def lock_and_release() -> None:
        with folder.lock():
            pass

    for round_number in range(repeat):
        print(f"round {round_number + 1} of {repeat}", file=sys.stderr)
        record("lock", timed(lock_and_release))
        with folder.lock():
            staging, seconds = staged(folder, paths)
            record("write_tree", seconds)
            start = time.perf_counter()
            folder.publish(staging)
            record("publish_background", time.perf_counter() - start)
            while any(entry.name.startswith(".output.trash-") for entry in root.iterdir()):
                time.sleep(0.01)
            record("old_site_deleted", time.perf_counter() - start)

            staging, _ = staged(folder, paths)
            record("publish_waiting", timed(lambda: folder.publish(staging, wait=True)))

            for size in commit_sizes:
                step = len(paths) // size
                replaced = {path: f"<p>round {round_number}</p>".encode() for path in paths[::step][:size]}
                deleted = paths[step // 2 :: step][: max(1, size // 10)]
                record(f"commit_{size}", timed(lambda: folder.commit(replaced, deleted)))
                write_tree(site, deleted)
        write_tree(root / f".output.trash-{secrets.token_hex(8)}", paths)
        record("lock_with_leftover", timed(lock_and_release))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=30_000)
    parser.add_argument("--folders", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--commit-sizes", default="1,10,100,1000", help="files replaced per commit, comma-separated")
    parser.add_argument("--dir", type=Path, help="where to write the trees (default: the system's temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    options = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    commit_sizes = [int(size) for size in options.commit_sizes.split(",")]
    paths = tree_paths(options.files, options.folders)
    folders = len({str(Path(path).parent) for path in paths} | {path.split("/")[0] for path in paths})
    with tempfile.TemporaryDirectory(dir=options.dir, prefix="output-bench-") as root:
        results = measure(Path(root), paths, options.repeat, commit_sizes)
    rows = [
        ("lock", "lock(), nothing to clean"),
        ("write_tree", "write the tree into staging (scale)"),
        ("publish_background", "publish(): the build waits"),
        ("old_site_deleted", "  until the old site is deleted"),
        ("publish_waiting", "publish(wait=True)"),
        ("lock_with_leftover", "lock() deleting a whole leftover site"),
    ] + [(f"commit_{size}", f"commit() {size} files, delete {max(1, size // 10)}") for size in commit_sizes]
    print(f"{len(paths)} files in {folders} folders, median of {options.repeat}, seconds")
    for key, label in rows:
        print(f"{label:<42} {statistics.median(results[key]):8.3f}")
    if options.json:
        report = {
            "files": len(paths),
            "folders": folders,
            "repeat": options.repeat,
            "machine": platform.platform(),
            "seconds": {key: statistics.median(values) for key, values in results.items()},
            "runs": results,
        }
        options.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
