"""Search benchmark: build time, index size, and the bytes one query costs a reader.

Generates a corpus of fictional articles (default 10,000) about fictional
companies, diseases and products, with registries made on the fly, in a
temporary content folder; builds it with the project's settings through
``sitebuild`` (so Pagefind runs exactly as in every build); then serves the site
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
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

import devserver  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
import sitebuild  # noqa: E402
from content_model.vocabulary import EVENT_TYPES, MODALITIES, THERAPEUTIC_AREAS  # noqa: E402

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
SYLLABLES = "ar bel cor da en fir gal hel io jun ka lum mor nor ost pra qin ros sil tor ul ver wen xan yor".split()
COMPANY_KINDS = ["Biologics", "Pharma", "Therapeutics", "Biotech", "Medicines", "Cellworks", "Genomics", "Biosciences"]
DISEASE_KINDS = ["syndrome", "fibrosis", "nephropathy", "dystrophy", "carcinoma", "arthritis", "hepatitis", "anaemia"]
HANZI = "安邦宝北博长辰诚达德东方丰复广海恒红华汇嘉健金景康科蓝力联林龙美明南宁普齐瑞润盛石顺泰天通万维"
EXCHANGES = ["SSE", "SZSE", "HKEX", "NASDAQ"]
EVENT_VERBS = {
    "filing-accepted": "accepts filing for",
    "trial-approval": "clears trial of",
    "trial-start": "starts study of",
    "data": "reports data for",
    "approval": "approves",
    "deal": "licenses",
    "financing": "raises funds for",
    "policy": "sets new rules affecting",
    "other": "updates plans for",
}
FILLER = (
    "the study enrolled patients across sites in China the United States and Europe with a primary endpoint "
    "at week twenty four and secondary endpoints covering safety tolerability and durability of response while "
    "investigators expect to present further results at a medical meeting next year and the company said it "
    "would discuss the registration path with regulators before starting a confirmatory programme"
).split()


@dataclass
class Company:
    name: str
    short: str
    name_zh: str
    ticker: tuple[str, str] | None
    products: list[str] = field(default_factory=list)


@dataclass
class Disease:
    name: str
    abbreviation: str
    name_zh: str
    area: str


class Corpus:
    """Fictional registries and articles, all drawn from one seeded random generator."""

    def __init__(self, articles: int, seed: int):
        self.rng = random.Random(seed)
        self.used: set[str] = set()
        self.companies = [self.company() for _ in range(max(20, articles // 20))]
        self.diseases = [self.disease() for _ in range(max(20, articles // 40))]
        self.products: dict[str, Company] = {}
        for index in range(max(40, articles // 8)):
            company = self.rng.choice(self.companies)
            code = f"{company.short[:3].upper()}-{100 + index}"
            company.products.append(code)
            self.products[code] = company
        self.article_count = articles

    def unique(self, make) -> str:
        while (value := make()).casefold() in self.used:
            pass
        self.used.add(value.casefold())
        return value

    def word(self, syllables: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()

    def hanzi(self, length: int, suffix: str) -> str:
        return "".join(self.rng.choice(HANZI) for _ in range(length)) + suffix

    def company(self) -> Company:
        short = self.unique(lambda: self.word(3))
        ticker = None
        if self.rng.random() < 0.6:
            exchange = self.rng.choice(EXCHANGES)
            digits = 4 if exchange == "HKEX" else 6
            ticker = (exchange, self.unique(lambda: f"{self.rng.randrange(10 ** (digits - 1), 10**digits)}"))
        name_zh = self.unique(lambda: self.hanzi(4, "生物"))
        return Company(f"{short} {self.rng.choice(COMPANY_KINDS)}", short, name_zh, ticker)

    def disease(self) -> Disease:
        root = self.unique(lambda: self.word(2))
        name = self.unique(lambda: f"{root} {self.rng.choice(DISEASE_KINDS)}")
        abbreviation = self.unique(lambda: f"{name[0]}{name.split()[1][0]}{self.rng.randrange(2, 99)}".upper())
        area = self.rng.choice(list(THERAPEUTIC_AREAS))
        return Disease(name, abbreviation, self.unique(lambda: self.hanzi(3, "综合征")), area)

    def write_registries(self, content: Path) -> None:
        for folder in ("companies", "diseases", "products", "regulators", "articles"):
            (content / folder).mkdir(parents=True)
        for company in self.companies:
            lines = [f"name: {company.name}", f"name_zh: {company.name_zh}", f"aliases: [{company.short}]"]
            if company.ticker:
                lines.append(f'tickers: [{{exchange: {company.ticker[0]}, symbol: "{company.ticker[1]}"}}]')
            lines.append(f"description: A fictional company that makes {len(company.products)} products.")
            write(content / "companies" / f"{company.short.lower()}.yaml", lines)
        for disease in self.diseases:
            lines = [
                f"name: {disease.name}",
                f"name_zh: {disease.name_zh}",
                f"abbreviations: [{disease.abbreviation}]",
                f"therapeutic_area: {disease.area}",
                "description: A fictional disease for the search benchmark.",
            ]
            write(content / "diseases" / f"{disease.name.lower().replace(' ', '-')}.yaml", lines)
        modalities = list(MODALITIES)
        for code, company in self.products.items():
            lines = [f'name: "{code}"', f"company: {company.short}", f"modality: {self.rng.choice(modalities)}"]
            write(content / "products" / f"{code.lower()}.yaml", lines)
        for path in (ROOT / "content" / "regulators").glob("*.yaml"):
            shutil.copy(path, content / "regulators" / path.name)
        shutil.copytree(ROOT / "content" / "pages", content / "pages")

    def body(self, company: Company, product: str, diseases: list[Disease]) -> str:
        paragraphs = []
        for _ in range(self.rng.randint(3, 5)):
            words = self.rng.sample(FILLER, 30)
            words[self.rng.randrange(30)] = product
            words[self.rng.randrange(30)] = self.rng.choice(diseases).name
            if self.rng.random() < 0.5:
                words[self.rng.randrange(30)] = company.short
            paragraphs.append(" ".join(words).capitalize() + ".")
        return "\n\n".join(paragraphs)

    def write_articles(self, content: Path) -> Counter:
        """Write the articles; return how many name each company (by short name)."""
        per_company: Counter = Counter()
        codes = list(self.products)
        first_day, days = date(2016, 1, 1), (date(2025, 12, 31) - date(2016, 1, 1)).days
        for index in range(self.article_count):
            product = self.rng.choice(codes)
            company = self.products[product]
            diseases = self.rng.sample(self.diseases, self.rng.choice([1, 1, 2]))
            event = self.rng.choice(list(EVENT_TYPES))
            regulator = self.rng.choice(["NMPA", "CDE", "FDA", "EMA", "PMDA"])
            day = first_day + timedelta(days=self.rng.randrange(days))
            title = f"{regulator} {EVENT_VERBS[event]} {company.short}'s {product} in {diseases[0].name}"
            per_company[company.short] += 1
            front_matter = "\n".join([
                "---",
                f'title: "{title}"',
                f"slug: story-{index:05d}",
                f"date: {day.isoformat()}",
                f"company: {company.short}",
                f'product: "{product}"',
                f"indications: [{', '.join(disease.abbreviation for disease in diseases)}]",
                f"regulator: {regulator}",
                f"event: {event}",
                f'summary: "{company.name} news on {product} in {diseases[0].name}, number {index}."',
                "---",
            ])  # fmt: skip
            folder = content / "articles" / str(day.year)
            folder.mkdir(exist_ok=True)
            write(folder / f"story-{index:05d}.md", [front_matter, self.body(company, product, diseases)])
        return per_company


def write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


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
    handler = functools.partial(devserver.SiteRequestHandler, directory=str(site))
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
        corpus.write_registries(content)
        per_company = corpus.write_articles(content)
        generated = time.perf_counter() - started
        print(f"Corpus: {args.articles} articles, {len(corpus.companies)} companies, {len(corpus.diseases)} diseases, "
              f"{len(corpus.products)} products, generated in {generated:.1f} s")  # fmt: skip

        timer = IndexTimer()
        logging.getLogger("search_index").addHandler(timer)
        logging.getLogger("search_index").setLevel(logging.INFO)
        started = time.perf_counter()
        sitebuild.build(ROOT / "pelicanconf.py", {"PATH": str(content), "OUTPUT_PATH": str(output)})
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
