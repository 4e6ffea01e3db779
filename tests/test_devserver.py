"""The development server as an editor uses it: in Chromium, with `invoke serve` running in its own process."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect

from .conftest import FIXTURE_SITE, ROOT, write_site

pytestmark = pytest.mark.browser

INVOKE = Path(sys.executable).parent / "invoke"
ARTICLE = "articles/2024/vum02-filing.md"
ARTICLE_URL = "/news/2024/02/vum02-filing/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_served(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stderr.read()}")
        try:
            with urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} was not served within {seconds} s")


@pytest.fixture
def served(tmp_path):
    """`invoke serve` on a copy of the fixture site: (content folder, base URL, the process)."""
    content = write_site(tmp_path, {"pages/about.md": "---\ntitle: About\n---\nAbout us.\n"}, base=FIXTURE_SITE)
    settings = tmp_path / "conf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\nPATH = {str(content)!r}\n"
                        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\nOUTPUT_PATH = {str(tmp_path / 'output')!r}\n")  # fmt: skip
    port = free_port()
    process = subprocess.Popen([str(INVOKE), "-r", str(ROOT), "serve", "--port", str(port), "--settings", str(settings)],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(base + "/", process)
        yield content, base, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_saved_edit_shows_in_the_open_page_by_itself(served, page):
    content, base, _ = served
    page.goto(base + ARTICLE_URL)
    expect(page.locator(".story__body")).to_contain_text("The filings are under review.")
    article = content / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace("under review", "now accepted"), encoding="utf-8")
    expect(page.locator(".story__body")).to_contain_text("The filings are now accepted.", timeout=10_000)


def test_a_mistake_shows_over_the_page_until_it_is_fixed(served, page):
    content, base, _ = served
    page.goto(base + ARTICLE_URL)
    article = content / ARTICLE
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("company: SSE 600645", "company: Vcanbo"), encoding="utf-8")
    overlay = page.get_by_role("alert")
    expect(overlay).to_contain_text(f"{ARTICLE}:4: company: \"Vcanbo\" is not a known company", timeout=10_000)
    expect(page.locator("h1")).to_contain_text("CDE accepts VUM02 filings")  # the last good page, underneath
    article.write_text(good, encoding="utf-8")
    expect(overlay).to_have_count(0, timeout=10_000)


def test_drafts_and_embargoed_stories_are_shown_marked(served, page):
    content, base, _ = served
    (content / "articles/2024/draft-note.md").write_text(
        "---\ntitle: A draft note\ndate: 2024-03-01\ncompany: Vcanbio\nsummary: Not ready.\nstatus: draft\n---\nDraft text.\n", encoding="utf-8"
    )
    (content / "articles/2099").mkdir()
    (content / "articles/2099/future-note.md").write_text(
        "---\ntitle: A future note\ndate: 2099-01-02\ncompany: Vcanbio\nsummary: Later.\n---\nLater text.\n", encoding="utf-8"
    )
    page.goto(base + "/")
    expect(page.get_by_role("link", name="A draft note")).to_be_visible(timeout=10_000)
    page.goto(base + "/news/2024/03/draft-note/")
    expect(page.get_by_role("status")).to_contain_text("Draft")
    page.goto(base + "/news/2099/01/future-note/")
    expect(page.get_by_role("status")).to_contain_text("Embargoed until 2 January 2099")


def test_a_busy_port_gives_one_line_saying_how_to_choose_another(served, tmp_path):
    _, base, _ = served
    port = base.rsplit(":", 1)[1]
    second = subprocess.run([str(INVOKE), "-r", str(ROOT), "serve", "--port", port], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert second.returncode == 1
    assert second.stderr.strip().splitlines()[-1] == (
        f"port {port} on 127.0.0.1 is in use (another server?): choose another with `make serve PORT={int(port) + 1}` "
        f"or `invoke serve --port {int(port) + 1}`"
    )
