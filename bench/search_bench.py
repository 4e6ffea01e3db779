"""Search benchmark: build time, index size, and the bytes one query costs a reader.

Generates a corpus of fictional articles (default 10,000) about fictional
companies, diseases and products, with registries made on the fly (``corpus.py``,
shared with ``build_bench.py``), in a temporary content folder; builds it with
the project's settings through ``sitebuild`` (so Pagefind runs exactly as in
every build); then serves the site
on 127.0.0.1 and, in Debian's Chromium, loads ``/search/?q=<term>`` once per
query in a fresh browser (empty cache), summing the bytes of every response
under ``/pagefind/``. The corpus is the same for the same ``--seed``.

    .venv/bin/python bench/search_bench.py --articles 10000
"""

from __future__ import annotations

import argparse
import functools
import http.server
import logging
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

import devserver  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
import sitebuild  # noqa: E402
from corpus import Corpus  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class IndexTimer(logging.Handler):
    """Picks up how long Pagefind took from the search_index plugin's log record."""

    seconds: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "search_index_seconds"):
            self.seconds = record.search_index_seconds


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def bundle_breakdown(bundle: Path) -> dict[str, tuple[int, int]]:
    parts = {name: folder_size(bundle / name) for name in ("fragment", "index", "filter")}
    top = [path for path in bundle.iterdir() if path.is_file()]
    meta = [path for path in top if path.suffix == ".pf_meta"]
    code = [path for path in top if path.suffix != ".pf_meta"]
    for name, files in (("meta", meta), ("scripts, wasm, css", code)):
        parts[name] = (sum(path.stat().st_size for path in files), len(files))
    return parts


def measure_queries(site: Path, queries: list[str]) -> list[dict]:
    """For each query, in a fresh browser: results shown, and bytes fetched from /pagefind/ and in all."""
    handler = functools.partial(devserver.BuiltSiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    measurements = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                responses = []
                page.on("response", lambda response: responses.append(response))
                started = time.perf_counter()
                page.goto(f"{base}/search/?q={quote(query)}")
                expect(page.locator("[data-search-status]")).to_contain_text(f"“{query}”", timeout=60_000)
                shown = time.perf_counter() - started
                page.wait_for_load_state("networkidle")
                sizes = [(urlsplit(response.url).path, len(response.body())) for response in responses if response.ok]
                pagefind = [size for path, size in sizes if path.startswith("/pagefind/")]
                measurements.append({
                    "query": query,
                    "status": page.locator("[data-search-status]").inner_text(),
                    "seconds": shown,
                    "pagefind_bytes": sum(pagefind),
                    "pagefind_requests": len(pagefind),
                    "all_bytes": sum(size for _, size in sizes),
                })  # fmt: skip
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return measurements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="number of articles (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the corpus (default 1)")
    parser.add_argument(
        "--query",
        action="append",
        help="a query to measure, repeatable (default: a company, a ticker, a Chinese name, a disease, 'trial')",
    )
    parser.add_argument("--workdir", type=Path, help="folder for content and output, kept (default: a temporary one)")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="search-bench-"))
    content, output = workdir / "content", workdir / "output"
    shutil.rmtree(content, ignore_errors=True)
    try:
        started = time.perf_counter()
        corpus = Corpus(args.articles, args.seed)
        corpus.write_content(content)
        per_company = Counter(article.company.short for article in corpus.articles)
        generated = time.perf_counter() - started
        print(f"Corpus: {args.articles} articles, {len(corpus.companies)} companies, {len(corpus.diseases)} diseases, "
              f"{len(corpus.products)} products, generated in {generated:.1f} s")  # fmt: skip

        timer = IndexTimer()
        logging.getLogger("search_index").addHandler(timer)
        logging.getLogger("search_index").setLevel(logging.INFO)
        started = time.perf_counter()
        sitebuild.build(ROOT / "pelicanconf.py", {"PATH": str(content), "OUTPUT_PATH": str(output), "LOAD_CONTENT_CACHE": False,
                                                 "CACHE_PATH": f"{output}-cache"})
        built = time.perf_counter() - started
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        site_bytes, site_files = folder_size(output)
        bundle_bytes, bundle_files = folder_size(output / "pagefind")
        print(f"Build: {built:.1f} s in all, of which Pagefind {timer.seconds:.1f} s (peak memory {peak_mib:.0f} MiB)")
        print(f"Site: {site_bytes:,} bytes in {site_files:,} files")
        print(f"Search index: {bundle_bytes:,} bytes in {bundle_files:,} files")
        for name, (size, count) in bundle_breakdown(output / "pagefind").items():
            print(f"  {name:<20} {size:>14,} bytes {count:>7,} files")

        top = max(corpus.companies, key=lambda company: (per_company[company.short], company.short))
        ticker = next((company.ticker[1] for company in corpus.companies if company.ticker), top.short)
        queries = args.query or [top.short, ticker, top.name_zh, corpus.diseases[0].abbreviation, "trial"]
        print("One query each, in a fresh browser (cold cache):")
        for result in measure_queries(output, queries):
            print(f"  {result['query']!r:<24} {result['pagefind_bytes']:>10,} bytes from /pagefind/ in "
                  f"{result['pagefind_requests']:>3} requests, {result['all_bytes']:>10,} bytes in all, "
                  f"results shown after {result['seconds']:.2f} s: {result['status']}")  # fmt: skip
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
