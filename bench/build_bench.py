"""Build benchmark: this project's build against stock Pelican on the same synthetic corpus.

Generates fictional articles (``corpus.py``) in a temporary folder, twice: in
this project's format, over registries, and in stock Pelican's Markdown metadata
format, the entities as tags. Each is built in a child process of its own
(``build_once.py``), so that wall time and peak memory are that build's alone:
ours through ``sitebuild`` with ``pelicanconf.py``; stock by Pelican's command
line with its default theme and feeds, no plugins, and our article and listing
URLs, time zone and listing length. Each build runs ``--repeat`` times, ours
and stock taking turns, and the median is reported with the ratio ours/stock:
machines differ and are noisy, so compare ratios across runs, not seconds.

    .venv/bin/python bench/build_bench.py --articles 1000 --json build-1000.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

import pelican  # noqa: E402
from pelican.settings import get_settings_from_file  # noqa: E402
from corpus import Corpus  # noqa: E402
from search_index.indexer import BUNDLE_DIR, pages_glob  # noqa: E402

CHILD = Path(__file__).resolve().parent / "build_once.py"
OUR_SETTINGS = ROOT / "pelicanconf.py"
# What stock Pelican takes from our settings, so both sites have the same pages at the same URLs.
# Pelican's default listing URLs collide on this corpus (page 2 of tag HEL-114 is tag HEL-1142).
SHARED_SETTINGS = (
    "SITENAME",
    "DEFAULT_LANG",
    "TIMEZONE",
    "RELATIVE_URLS",
    "ARTICLE_URL",
    "ARTICLE_SAVE_AS",
    "DEFAULT_PAGINATION",
    "PAGINATION_PATTERNS",
)
# (key, label, format) of each line of the table; indented lines are parts of the one above.
ROWS = [
    ("seconds", "build time, s", "{:.2f}"),
    ("startup_seconds", "  start Python, import", "{:.2f}"),
    ("read_seconds", "  read and check content", "{:.2f}"),
    ("write_seconds", "  write pages and feeds", "{:.2f}"),
    ("pagefind_seconds", "  Pagefind", "{:.2f}"),
    ("after_seconds", "  after the run", "{:.2f}"),
    ("peak_rss_mib", "peak memory, MiB", "{:.0f}"),
    ("pelican_peak_rss_mib", "  Pelican process", "{:.0f}"),
    ("output_bytes", "output, bytes", "{:,.0f}"),
    ("output_files", "output, files", "{:,.0f}"),
    ("index_bytes", "search index, bytes", "{:,.0f}"),
    ("index_files", "search index, files", "{:,.0f}"),
]
# Rows with a ratio: the others are absent from stock Pelican's build or too small to divide by.
RATIOS = (
    "seconds",
    "read_seconds",
    "write_seconds",
    "peak_rss_mib",
    "pelican_peak_rss_mib",
    "output_bytes",
    "output_files",
)


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def write_stock_settings(path: Path, ours: dict) -> None:
    """Pelican's defaults (theme notmyidea, feeds, tag and category pages) but for the shared settings."""
    settings = {"PLUGINS": [], **{key: ours[key] for key in SHARED_SETTINGS}}
    path.write_text("".join(f"{key} = {value!r}\n" for key, value in settings.items()), encoding="utf-8")


def run_build(kind: str, content: Path, output: Path, settings: Path, article_pages: str, articles: int) -> dict:
    """Build once in a child process; return its measurements, or exit with the child's log if it failed."""
    shutil.rmtree(output, ignore_errors=True)
    result, log = output.parent / f"{kind}.json", output.parent / f"{kind}.log"
    command = [sys.executable, str(CHILD), kind, str(content), str(output), str(settings), str(result)]
    started = time.perf_counter()
    # Pelican lays its log out to the terminal's width, 80 columns in a file unless told otherwise.
    environment = {**os.environ, "COLUMNS": "160"}
    with log.open("w", encoding="utf-8") as stream:
        status = subprocess.run(
            command, cwd=output.parent, env=environment, stdout=stream, stderr=subprocess.STDOUT, check=False
        )
    wall = time.perf_counter() - started
    pages = len(list(output.glob(article_pages)))
    if status.returncode != 0 or pages != articles:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        problem = f"exit status {status.returncode}, {pages} of {articles} article pages"
        sys.exit(f"The {kind} build failed ({problem}); the end of its log:\n{tail}")
    child = json.loads(result.read_text(encoding="utf-8"))
    output_bytes, output_files = folder_size(output)
    index_bytes, index_files = folder_size(output / BUNDLE_DIR) if (output / BUNDLE_DIR).is_dir() else (None, None)
    pagefind = child["pagefind_seconds"]
    return {
        "seconds": wall,
        "startup_seconds": wall - child["seconds"],
        "read_seconds": child["read_seconds"],
        "write_seconds": child["write_seconds"],
        "pagefind_seconds": pagefind,
        # Ours: sitebuild's checks of the written site and its swap into place; stock: Pelican's summary.
        "after_seconds": child["seconds"] - child["read_seconds"] - child["write_seconds"] - (pagefind or 0),
        # Of the largest process. Pagefind's figure cannot be told apart from Pelican's: Linux counts
        # in a child's peak the memory its parent had when it started it.
        "peak_rss_mib": max(child["peak_rss_kib"], child["children_peak_rss_kib"]) / 1024,
        "pelican_peak_rss_mib": child["peak_rss_kib"] / 1024,
        "output_bytes": output_bytes,
        "output_files": output_files,
        "index_bytes": index_bytes,
        "index_files": index_files,
    }


def medians(runs: list[dict]) -> dict:
    return {
        key: statistics.median(values) if (values := [run[key] for run in runs if run[key] is not None]) else None
        for key in runs[0]
    }


def table(result: dict) -> str:
    ours, stock, ratio = result["ours"]["median"], result["stock"]["median"], result["ratio"]
    lines = [f"{'':<30} {'ours':>15} {'stock':>15} {'ours/stock':>11}"]
    for key, label, number in ROWS:
        cells = [number.format(side[key]) if side[key] is not None else "-" for side in (ours, stock)]
        lines.append(f"{label:<30} {cells[0]:>15} {cells[1]:>15} {f'{ratio[key]:.2f}' if key in ratio else '':>11}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="number of articles (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus (default 1)")
    parser.add_argument("--repeat", type=int, default=1, help="builds of each kind; the median is reported (default 1)")
    parser.add_argument("--json", type=Path, help="also write the results, every run included, to this file")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    with tempfile.TemporaryDirectory(prefix="build-bench-") as workdir:
        work = Path(workdir)
        started = time.perf_counter()
        corpus = Corpus(args.articles, args.seed)
        corpus.write_content(work / "ours" / "content")
        corpus.write_pelican_content(work / "stock" / "content")
        # As written in the file: Pelican's processed settings do not all print as Python.
        ours_settings = get_settings_from_file(str(OUR_SETTINGS))
        write_stock_settings(work / "stock" / "settings.py", ours_settings)
        article_pages = pages_glob(ours_settings["ARTICLE_SAVE_AS"])
        print(f"Corpus: {args.articles:,} articles, {len(corpus.companies)} companies, {len(corpus.diseases)} diseases, "
              f"{len(corpus.products)} products (seed {args.seed}), written in {time.perf_counter() - started:.1f} s")  # fmt: skip
        runs: dict[str, list[dict]] = {"ours": [], "stock": []}
        for _ in range(args.repeat):
            for kind, settings in (("ours", OUR_SETTINGS), ("stock", work / "stock" / "settings.py")):
                folder = work / kind
                measured = run_build(
                    kind, folder / "content", folder / "output", settings, article_pages, args.articles
                )
                runs[kind].append(measured)

    ours, stock = medians(runs["ours"]), medians(runs["stock"])
    result = {
        "articles": args.articles,
        "seed": args.seed,
        "repeat": args.repeat,
        "corpus": {
            "companies": len(corpus.companies),
            "diseases": len(corpus.diseases),
            "products": len(corpus.products),
        },
        "environment": {
            "python": platform.python_version(),
            "pelican": pelican.__version__,
            "machine": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "ours": {"median": ours, "runs": runs["ours"]},
        "stock": {"median": stock, "runs": runs["stock"]},
        "ratio": {key: ours[key] / stock[key] for key in RATIOS},
    }
    builds = f"{args.repeat} build{'s' if args.repeat > 1 else ''}"
    print(f"Median of {builds} each, ours and stock Pelican {pelican.__version__}:")
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"Results written to {args.json}")


if __name__ == "__main__":
    main()
