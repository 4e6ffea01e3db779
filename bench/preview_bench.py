"""Preview benchmark: from saving a file to the open page showing the change, in Chromium, and rebuilds after one edit.

On a synthetic corpus (``corpus.py``) it measures, each in a process of its
own so the numbers are what an editor waits for:

- server start with a warm cache: ``invoke serve`` until the front page is served;
- save to page: an article's body is changed on disk while Chromium shows the
  article; the time until the page shows the new text (it reloads by itself);
  the median of ``--repeat`` saves;
- a company's description changed while its page is open, the same way;
- ``invoke build`` after one edit, against a clean full build of the same
  content, both timed in this run (the ratio is what to compare);
- the same save-to-page time with Hugo's own server (``hugo server``, which
  reloads pages by itself too) on the same corpus as a Hugo site (hugo_site.py),
  unless ``--no-hugo``.

    .venv/bin/python bench/preview_bench.py --articles 10000 --repeat 10
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "plugins"), str(ROOT / "bench")]

from pelican.settings import get_settings_from_file  # noqa: E402

from corpus import Corpus  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
INVOKE = Path(sys.executable).parent / "invoke"
SETTINGS = """import sys
sys.path.insert(0, {root!r})
from pelicanconf import *
PATH = {content!r}
OUTPUT_PATH = {output!r}
CACHE_PATH = {cache!r}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 600) -> float:
    """Seconds until ``url`` answers 200."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        try:
            with urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


def timed_build(settings: Path, *, full: bool) -> float:
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); import sitebuild; sitebuild.build({str(settings)!r}, full={full})"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=settings.parent, capture_output=True)
    return time.perf_counter() - started


def save_to_page(page, path: Path, url: str, old: str, repeat: int, selector: str) -> list[float]:
    """Seconds from writing a changed ``path`` to the page at ``url`` showing the change, ``repeat`` times."""
    page.goto(url)
    times = []
    text = path.read_text(encoding="utf-8")
    for number in range(repeat):
        marker = f"Edited {number} {time.time_ns()}"
        new = text.replace(old, marker, 1)
        started = time.perf_counter()
        path.write_text(new, encoding="utf-8")
        page.wait_for_function(f"document.querySelector({selector!r})?.textContent.includes({marker!r})", timeout=120_000)
        times.append(time.perf_counter() - started)
        text = new
        old = marker
        time.sleep(0.3)
    return times


def ours(work: Path, corpus: Corpus, repeat: int, browser) -> dict:
    content, output, cache = work / "content", work / "output", work / "cache"
    settings = work / "conf.py"
    settings.write_text(SETTINGS.format(root=str(ROOT), content=str(content), output=str(output), cache=str(cache)), encoding="utf-8")
    results = {"clean_build_seconds": timed_build(settings, full=True)}
    article = next(path for path in sorted((content / "articles").rglob("*.md")))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    results["build_after_one_edit_seconds"] = timed_build(settings, full=False)
    port = free_port()
    server = subprocess.Popen([str(INVOKE), "-r", str(ROOT), "serve", "--port", str(port), "--settings", str(settings)], cwd=work,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        results["server_start_warm_seconds"] = wait_for(base + "/")
        page = browser.new_page()
        url = base + "/" + article_url(article)
        body = article.read_text(encoding="utf-8").split("---\n", 2)[2]
        first_word = body.split()[0]
        results["save_to_page_seconds"] = save_to_page(page, article, url, first_word, repeat, ".story__body")
        company = sorted((content / "companies").glob("*.yaml"))[0]
        results["company_edit_to_page_seconds"] = save_to_page(
            page, company, f"{base}/companies/{company.stem}/", "A fictional company", max(3, repeat // 3), ".entity-header"
        )
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def article_url(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    date = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("date:"))
    slug = next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("slug:")), path.stem)
    return f"news/{date[:4]}/{date[5:7]}/{slug}/"


def hugo(work: Path, corpus: Corpus, repeat: int, browser) -> dict:
    from hugo_site import write_site

    site = work / "hugo-site"
    write_site(corpus, site, get_settings_from_file(str(ROOT / "pelicanconf.py")))
    from build_once import hugo_binary

    executable = hugo_binary()
    port = free_port()
    server = subprocess.Popen([str(executable), "server", "--port", str(port), "--bind", "127.0.0.1", "--config", str(site / "hugo.json"),
                               "--disableFastRender"], cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        started = wait_for(base + "/")
        article = sorted((site / "content" / "articles").rglob("*.md"))[0]
        head, body = article.read_text(encoding="utf-8").split("\n", 1)  # JSON front matter, then the body
        front = json.loads(head)
        url = f"{base}/news/{front['date'][:4]}/{front['date'][5:7]}/{front['slug']}/"
        body_word = body.split()[0]
        page = browser.new_page()
        times = save_to_page(page, article, url, body_word, repeat, "body")
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"server_start_seconds": started, "save_to_page_seconds": times}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=10, help="saves measured (the median is reported)")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="preview-bench-") as folder, sync_playwright() as playwright:
        work = Path(folder)
        corpus = Corpus(args.articles, args.seed)
        corpus.write_content(work / "ours" / "content")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = {"articles": args.articles, "cpus": os.cpu_count(), "ours": ours(work / "ours", corpus, args.repeat, browser)}
        if not args.no_hugo:
            results["hugo"] = hugo(work, corpus, args.repeat, browser)
        browser.close()
        shutil.rmtree(work, ignore_errors=True)
    mine = results["ours"]
    print(f"{args.articles:,} articles, {os.cpu_count()} CPUs")
    print(f"server start, warm cache            {mine['server_start_warm_seconds']:8.2f} s")
    print(f"save article body -> page (median)  {statistics.median(mine['save_to_page_seconds']):8.2f} s   "
          f"(min {min(mine['save_to_page_seconds']):.2f}, max {max(mine['save_to_page_seconds']):.2f})")
    print(f"save company description -> page    {statistics.median(mine['company_edit_to_page_seconds']):8.2f} s")
    print(f"invoke build after one edit         {mine['build_after_one_edit_seconds']:8.2f} s   "
          f"= {mine['build_after_one_edit_seconds'] / mine['clean_build_seconds']:.2f} x the clean build ({mine['clean_build_seconds']:.2f} s)")
    if "hugo" in results:
        print(f"hugo server: save -> page (median)  {statistics.median(results['hugo']['save_to_page_seconds']):8.2f} s   "
              f"start {results['hugo']['server_start_seconds']:.2f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
