"""Profile of one build of ours: where the time goes, by stage, on one core.

Builds a synthetic corpus (``corpus.py``) once under cProfile, with one reading
and one rendering process (``READ_WORKERS = WRITER_WORKERS = 1``) so that every
stage runs in the profiled process; the search index, made in a background
process, is timed by the build itself. Each stage is the cumulative time of the
functions that do it, so the stages do not add up to the total: feeds render
their own XML and JSON (not through Jinja), and the writer fingerprints every
output before it renders and writes it. The profiler slows Python code more than
C code: read the shares, not the seconds.

    .venv/bin/python bench/profile_build.py --articles 2000
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "plugins"), str(Path(__file__).resolve().parent)]

import sitebuild  # noqa: E402
from corpus import Corpus  # noqa: E402

# (stage, (path ending, function name) of the functions whose cumulative time it is).
STAGES = (
    ("front matter (YAML)", (("content_model/yamlfile.py", "parse_yaml"),)),
    ("Markdown", (("markdown/core.py", "convert"),)),
    ("sanitising (nh3)", (("~", "<built-in method nh3.nh3.clean>"),)),
    ("templates (Jinja)", (("jinja2/environment.py", "render"),)),
    ("feeds (RSS, Atom, JSON Feed)", (("feeds/generator.py", "generate_output"),)),
    ("social images (Pillow)", (("social_images/render.py", "render"),)),
    ("fingerprints of outputs", (("site_writer/fingerprint.py", "fingerprint"),)),
    ("writing files", (("site_writer/writer.py", "deliver"),)),
    ("reading content (all of it)", (("content_model/site.py", "load_site"),)),
)


class Stages(logging.Handler):
    """Keeps the stage times the build logs (``build_stages``): the search index's among them."""

    stages: dict | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "build_stages"):
            self.stages = record.build_stages


def stage_seconds(stats: pstats.Stats) -> dict[str, float]:
    """Each stage's cumulative seconds: for each of its functions, the time of its outermost calls."""
    found = {}
    for stage, functions in STAGES:
        seconds = 0.0
        for (path, _, name), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
            if any(path.endswith(ending) and name == function for ending, function in functions):
                seconds += cumulative
        found[stage] = seconds
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="number of articles (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus (default 1)")
    parser.add_argument("--top", type=int, default=15, help="functions listed by their own time (default 15)")
    parser.add_argument("--json", type=Path, help="also write the stage times here")
    args = parser.parse_args()
    handler = Stages()
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    with tempfile.TemporaryDirectory(prefix="profile-build-") as workdir:
        work = Path(workdir)
        Corpus(args.articles, args.seed).write_content(work / "content")
        overrides = {"PATH": str(work / "content"), "OUTPUT_PATH": str(work / "output"), "CACHE_PATH": str(work / "cache"),
                     "LOAD_CONTENT_CACHE": False, "READ_WORKERS": 1, "WRITER_WORKERS": 1}  # fmt: skip
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.runcall(sitebuild.build, ROOT / "pelicanconf.py", overrides)
        total = time.perf_counter() - started
    stats = pstats.Stats(profile)
    stages = stage_seconds(stats)
    logged = handler.stages or {}
    print(f"{args.articles:,} articles, one core, under cProfile: {total:.1f} s")
    print(f"{'stage':<34} {'seconds':>8} {'share':>6}")
    for stage, seconds in stages.items():
        print(f"{stage:<34} {seconds:>8.1f} {seconds / total:>6.0%}")
    if "folders" in logged:
        print(f"{'search index (Pagefind, background)':<34} {logged['folders']:>8.1f}   (not profiled: another process)")
    print()
    stats.sort_stats("tottime").print_stats(args.top)
    if args.json:
        args.json.write_text(json.dumps({"articles": args.articles, "seconds": total, "stages": stages, "logged": logged}, indent=2))


if __name__ == "__main__":
    main()
