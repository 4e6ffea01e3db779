"""Publish benchmark: post-processing a production build of a synthetic corpus, cold and after one edit.

Builds the corpus (``corpus.py``) with ``publishconf.py``, then times each
post-processing step with an empty compression cache; then adds a sentence to
one article, builds again and post-processes with the cache the first run
filled, as the next ``invoke publish`` would. It reports the seconds of each
step, the site's text and compressed sizes, and how many files the edit changed
(what a deploy moves). Compare runs on one machine: Brotli's speed is the
machine's.

    .venv/bin/python bench/publish_bench.py --articles 2000 --json publish-2000.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

import sitebuild  # noqa: E402
from corpus import Corpus  # noqa: E402
from publishing.compress import precompress  # noqa: E402
from publishing.hostfiles import write_host_files  # noqa: E402
from publishing.settings import PublishSettings  # noqa: E402
from publishing.urlmap import read_redirects  # noqa: E402

SITE_URL = "https://news.example.com"
EDIT = "\nThe company confirmed the figures in a statement.\n"


def digests(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file()}


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def publish(content: Path, output: Path, cache: Path) -> dict:
    """Build and post-process, step by step; the seconds of each step and the compression totals."""
    settings = PublishSettings(site_url=SITE_URL)
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(output), "SITEURL": SITE_URL}
    _, build_seconds = timed(sitebuild.build, ROOT / "publishconf.py", overrides)
    redirects, urls_seconds = timed(read_redirects, output)
    _, host_seconds = timed(write_host_files, output, redirects, settings)
    report, compress_seconds = timed(precompress, output, None, cache)
    return {
        "build_seconds": build_seconds,
        "urls_seconds": urls_seconds,
        "host_files_seconds": host_seconds,
        "compress_seconds": compress_seconds,
        "text_files": report.files,
        "text_mib": report.original_bytes / 2**20,
        "gzip_mib": report.gzip_bytes / 2**20,
        "brotli_mib": report.brotli_bytes / 2**20,
        "from_cache": report.from_cache,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus (default 1)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as workdir:
        work = Path(workdir)
        corpus = Corpus(args.articles, args.seed)
        corpus.write_content(work / "content")
        cold = publish(work / "content", work / "first", work / "cache")
        article = work / "content" / corpus.articles[0].path
        article.write_text(article.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
        warm = publish(work / "content", work / "second", work / "cache")
        before, after = digests(work / "first"), digests(work / "second")
        changed = sum(1 for path, digest in after.items() if before.get(path) != digest)
    result = {
        "articles": args.articles,
        "seed": args.seed,
        "environment": {"python": platform.python_version(), "machine": platform.platform(), "cpus": os.cpu_count()},
        "first_publish": cold,
        "after_one_edit": {**warm, "files": len(after), "files_changed": changed,
                           "files_gone": len(set(before) - set(after))},
    }
    rows = [("build, s", "build_seconds"), ("check urls.json, s", "urls_seconds"),
            ("write host files, s", "host_files_seconds"),
            ("compress (.gz, .br), s", "compress_seconds"), ("text files", "text_files"), ("text, MiB", "text_mib"),
            ("gzip, MiB", "gzip_mib"), ("brotli, MiB", "brotli_mib"), ("copies from the cache", "from_cache")]
    print(f"{args.articles:,} articles (seed {args.seed}), {os.cpu_count()} CPUs")
    print(f"{'':34} {'first publish':>14} {'after one edit':>15}")
    for label, key in rows:
        print(f"{label:34} {cold[key]:>14.2f} {warm[key]:>15.2f}" if isinstance(cold[key], float)
              else f"{label:34} {cold[key]:>14,} {warm[key]:>15,}")
    edit = result["after_one_edit"]
    print(f"files changed by the edit (what a deploy moves): {edit['files_changed']:,} of {edit['files']:,}, "
          f"{edit['files_gone']:,} gone")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"Results written to {args.json}")


if __name__ == "__main__":
    main()
