"""Theme files: content-hashed names under THEME_STATIC_DIR, except those browsers ask for by name."""

from __future__ import annotations

import hashlib
import re

from ...conftest import ROOT

STATIC = ROOT / "theme" / "static"


def test_theme_files_are_published_under_content_hashed_names(sample_site):
    published = {path.relative_to(sample_site / "theme").as_posix() for path in (sample_site / "theme").rglob("*") if path.is_file()}
    for source in (STATIC / "css" / "site.css", STATIC / "img" / "icon.svg"):
        relative = source.relative_to(STATIC).as_posix()
        stem, suffix = relative.rsplit(".", 1)
        expected = f"{stem}.{hashlib.sha256(source.read_bytes()).hexdigest()[:10]}.{suffix}"
        assert expected in published
        assert (sample_site / "theme" / expected).read_bytes() == source.read_bytes()
    assert all(re.search(r"\.[0-9a-f]{10}\.[a-z]+$", name) for name in published)


def test_unhashed_files_keep_their_names_at_the_site_root(sample_site):
    assert (sample_site / "favicon.ico").is_file()
    assert not list((sample_site / "theme").rglob("favicon*"))
