"""No broken internal link anywhere in the built sample site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def target_of(page: Path, reference: str, site: Path) -> tuple[Path | None, str]:
    """The file an internal reference points to (None for external links) and its fragment."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith(("mailto:", "data:", "javascript:")):
        return None, ""
    if not parts.path:
        return page, parts.fragment
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path.lstrip("/"))).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_and_anchor_resolves(sample_site):
    site = sample_site.resolve()
    broken, parsed = [], {}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        references = [tag.get("href") for tag in html.find_all(["a", "link"])] + [tag.get("src") for tag in html.find_all(["script", "img"])]
        references += [form.get("action") for form in html.find_all("form")]
        for reference in filter(None, references):
            target, fragment = target_of(page, reference, site)
            if target is None:
                continue
            if not target.is_file() or site not in target.parents:
                broken.append(f"{page.relative_to(site)} -> {reference}")
                continue
            if fragment and target.suffix == ".html":
                if target not in parsed:
                    parsed[target] = BeautifulSoup(target.read_text(encoding="utf-8"), "lxml")
                if not parsed[target].find(id=fragment):
                    broken.append(f"{page.relative_to(site)} -> {reference} (no #{fragment})")
    assert broken == []
