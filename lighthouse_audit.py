"""Lighthouse over a production build, as readers get it: ``invoke lighthouse``.

The site is built with publishconf.py for a local address, post-processed as ``invoke publish``
does (hashed assets, gzip and Brotli copies) and served by Debian's nginx with deploy/nginx.conf,
the example the README gives; Lighthouse (npm, pinned in package.json) then audits one page of
each type with its mobile defaults (a mid-range phone, slow 4G) in Debian's Chromium, and the
scores are printed as a table beside the budget.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sitebuild
from publishing import settings as publish_settings
from publishing.postprocess import postprocess

ROOT = Path(__file__).resolve().parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
NGINX_EXAMPLE = ROOT / "deploy" / "nginx.conf"
CHROME = Path("/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# One page of each type, by site-relative URL in the sample content.
PAGES = {
    "home": "",
    "article": "news/2024/05/vcanbio-cleared-to-test-vum02-in-aclf-and-ards/",
    "company": "companies/vcanbio/",
    "disease": "diseases/acute-on-chronic-liver-failure/",
    "product": "products/vum02/",
    "directory": "companies/",
    "search": "search/?q=VUM02",
}


class AuditUnavailable(RuntimeError):
    """A tool the audit needs is missing; the message says how to install it."""


@dataclass(frozen=True)
class PageScores:
    name: str
    url: str
    scores: dict  # category -> 0..100
    metrics: dict  # LCP (s), TBT (ms), CLS
    failing: tuple  # (category, audit title) of audits that cost points

    def within_budget(self) -> bool:
        return all(self.scores[category] >= minimum for category, minimum in BUDGET.items())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_tools() -> None:
    missing = []
    if not LIGHTHOUSE.exists():
        missing.append(f"Lighthouse ({LIGHTHOUSE.relative_to(ROOT)}): run `npm ci` in {ROOT}")
    if not CHROME.exists():
        missing.append(f"Chromium ({CHROME}): apt-get install chromium")
    if shutil.which("nginx") is None:
        missing.append("nginx: apt-get install nginx")
    if missing:
        raise AuditUnavailable("; ".join(missing))


def production_build(output: Path, site_url: str) -> Path:
    """The site built with publishconf.py for ``site_url`` and post-processed as `invoke publish` does."""
    overrides = {"SITEURL": site_url, "OUTPUT_PATH": str(output), "CACHE_PATH": str(output.parent / ".cache")}
    conf = sitebuild.load_settings(ROOT / "publishconf.py", overrides)
    site = sitebuild.build(ROOT / "publishconf.py", overrides)
    postprocess(site, publish_settings.from_settings(conf), cache=output.parent / ".publish-cache")
    return site


@contextmanager
def nginx(site: Path, port: int, workspace: Path) -> Iterator[None]:
    """Debian's nginx serving ``site`` on 127.0.0.1:``port`` with deploy/nginx.conf (its folder and port replaced)."""
    config = NGINX_EXAMPLE.read_text().replace("/var/www/pharma-news", str(site)).replace("listen 80;", f"listen 127.0.0.1:{port};")
    (workspace / "site.conf").write_text(config)
    main = ["user root;"] if os.geteuid() == 0 else []
    main += [f"pid {workspace}/nginx.pid;", f"error_log {workspace}/error.log;", "events {}", "http {", "  access_log off;",
             *(f"  {kind}_temp_path {workspace}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
             f"  include {workspace}/site.conf;", "}"]  # fmt: skip
    (workspace / "nginx.conf").write_text("\n".join(main) + "\n")
    process = subprocess.Popen(["nginx", "-p", str(workspace), "-c", str(workspace / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AuditUnavailable(f"nginx did not start: {(workspace / 'error.log').read_text(errors='replace')}") from None
                time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def audit(name: str, url: str) -> PageScores:
    """Lighthouse's report on one URL (mobile, simulated slow 4G and a 4× slower CPU)."""
    command = [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet", f"--chrome-flags={CHROME_FLAGS}",
               f"--only-categories={','.join(CATEGORIES)}"]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": str(CHROME)})
    if run.returncode != 0:
        raise AuditUnavailable(f"Lighthouse failed on {url}: {run.stderr.strip()[-2000:]}")
    report = json.loads(run.stdout)
    scores = {category: round(report["categories"][category]["score"] * 100) for category in CATEGORIES}
    audits = report["audits"]
    metrics = {
        "LCP": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "TBT": audits["total-blocking-time"]["numericValue"],
        "CLS": audits["cumulative-layout-shift"]["numericValue"],
    }
    failing = tuple(
        (category, audits[ref["id"]]["title"])
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    )
    return PageScores(name, url, scores, metrics, failing)


def run(pages: dict[str, str] = PAGES) -> list[PageScores]:
    """Build, serve and audit every page; the scores in the order of ``pages``."""
    require_tools()
    port = _free_port()
    site_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        workspace = Path(folder)
        site = production_build(workspace / "output", site_url)
        with nginx(site, port, workspace):
            return [audit(name, f"{site_url}/{path}") for name, path in pages.items()]


def table(results: list[PageScores]) -> list[str]:
    """The scores as a Markdown table, then what cost points."""
    header = ["page", *CATEGORIES, "LCP", "TBT", "CLS"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    budget = "| budget | " + " | ".join(f"≥ {BUDGET[category]}" for category in CATEGORIES) + " | | | |"
    for result in results:
        cells = [result.name, *(str(result.scores[category]) for category in CATEGORIES),
                 f"{result.metrics['LCP']:.1f} s", f"{result.metrics['TBT']:.0f} ms", f"{result.metrics['CLS']:.3f}"]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(budget)
    for result in results:
        lines += [f"{result.name}: {category}: {title}" for category, title in result.failing]
    return lines
