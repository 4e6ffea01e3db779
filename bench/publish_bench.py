"""Publish benchmark: ``invoke publish`` (no target) on a synthetic corpus or any content folder, cold and after one edit.

Builds the content with ``publishconf.py`` and post-processes it in the build's
staging folder (the ``finish`` step ``invoke publish`` gives the build), timing
each post-processing step, with an empty compression cache; then adds a
sentence to one article and publishes again into the same output folder with
the cache the first run filled, as the next ``invoke publish`` would. It
reports the seconds of the whole publish and of each step, the site's text and
compressed sizes, and how many files the edit changed (what a deploy moves).
Compare runs on one machine: Brotli's speed is the machine's.

    .venv/bin/python bench/publish_bench.py --articles 2000 --json publish-2000.json
    .venv/bin/python bench/publish_bench.py --content content
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
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
from publishing.postprocess import check_asset_names  # noqa: E402
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
    """One publish: the build, then publishing.postprocess's steps in the staging folder, each timed."""
    settings = PublishSettings(site_url=SITE_URL)
    overrides = {"PATH": str(content), "OUTPUT_PATH": str(output), "SITEURL": SITE_URL,
                 "CACHE_PATH": str(output.parent / "content-cache")}
    steps: dict = {}

    def finish(staging: Path) -> None:
        redirects, steps["urls_seconds"] = timed(read_redirects, staging)
        _, steps["asset_names_seconds"] = timed(check_asset_names, staging, settings.theme_static_dir)
        _, steps["host_files_seconds"] = timed(write_host_files, staging, redirects, settings)
        steps["report"], steps["compress_seconds"] = timed(precompress, staging, None, cache)

    _, publish_seconds = timed(sitebuild.build, ROOT / "publishconf.py", overrides, finish=finish)
    report = steps.pop("report")
    postprocess_seconds = sum(steps.values())
    return {
        "publish_seconds": publish_seconds,
        "build_seconds": publish_seconds - postprocess_seconds,
        "postprocess_seconds": postprocess_seconds,
        **steps,
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
    parser.add_argument("--content", type=Path, help="publish a copy of this content folder instead of a corpus")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as workdir:
        work = Path(workdir)
        content = work / "content"
        if args.content:
            shutil.copytree(args.content, content)
            article = min(content.glob("articles/*/*.md"))
            label = f"{args.content} ({len(list(content.glob('articles/*/*.md'))):,} articles)"
        else:
            corpus = Corpus(args.articles, args.seed)
            corpus.write_content(content)
            article = content / corpus.articles[0].path
            label = f"{args.articles:,} articles (seed {args.seed})"
        cold = publish(content, work / "output", work / "cache")
        before = digests(work / "output")
        article.write_text(article.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
        warm = publish(content, work / "output", work / "cache")
        after = digests(work / "output")
        changed = sum(1 for path, digest in after.items() if before.get(path) != digest)
    result = {
        "content": label,
        "environment": {"python": platform.python_version(), "machine": platform.platform(), "cpus": os.cpu_count()},
        "first_publish": cold,
        "after_one_edit": {**warm, "files": len(after), "files_changed": changed,
                           "files_gone": len(set(before) - set(after))},
    }
    rows = [("invoke publish, s", "publish_seconds"), ("  build, s", "build_seconds"),
            ("  post-processing, s", "postprocess_seconds"), ("    check urls.json, s", "urls_seconds"),
            ("    check theme file names, s", "asset_names_seconds"), ("    write host files, s", "host_files_seconds"),
            ("    compress (.gz, .br), s", "compress_seconds"), ("text files", "text_files"),
            ("text, MiB", "text_mib"), ("gzip, MiB", "gzip_mib"), ("brotli, MiB", "brotli_mib"),
            ("copies from the cache", "from_cache")]
    print(f"{label}, {os.cpu_count()} CPUs")
    print(f"{'':34} {'first publish':>14} {'after one edit':>15}")
    for name, key in rows:
        print(f"{name:34} {cold[key]:>14.2f} {warm[key]:>15.2f}" if isinstance(cold[key], float)
              else f"{name:34} {cold[key]:>14,} {warm[key]:>15,}")
    edit = result["after_one_edit"]
    print(f"files changed by the edit (what a deploy moves): {edit['files_changed']:,} of {edit['files']:,}, "
          f"{edit['files_gone']:,} gone")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"Results written to {args.json}")


if __name__ == "__main__":
    main()
