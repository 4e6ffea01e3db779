"""Post-processing through the build's ``finish`` step: never in the published folder, refused before any write."""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import pytest

from publishing import policy
from publishing.errors import CacheUnusable, MisleadingAssetName
from publishing.postprocess import postprocess

from .conftest import EDIT, EDITED_ARTICLE, ROOT, SETTINGS, production_build, tree_digest, with_alias


def test_a_failing_post_process_leaves_the_published_site_byte_identical(theme, tmp_path):
    content = with_alias(shutil.copytree(ROOT / "content", tmp_path / "content"))
    output = production_build(content, tmp_path / "output", theme,
                              finish=partial(postprocess, settings=SETTINGS, cache=tmp_path / "cache"))
    assert (output / "_headers").is_file() and (output / "index.html.br").is_file()
    before, neighbours = tree_digest(output), sorted(path.name for path in tmp_path.iterdir())

    article = content / Path(EDITED_ARTICLE).relative_to("content")
    article.write_text(article.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    blocked = tmp_path / "cache-file"
    blocked.write_text("a file where the compression cache folder should be")
    with pytest.raises(CacheUnusable, match="cache-file cannot be used .File exists.; remove it"):
        # Compression comes last: the host files are written in the staging folder by then.
        production_build(content, output, theme, finish=partial(postprocess, settings=SETTINGS, cache=blocked))
    assert tree_digest(output) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*neighbours, "cache-file"])


def test_a_theme_file_named_like_a_hashed_one_is_refused_before_anything_is_written(built_site, tmp_path):
    site = shutil.copytree(built_site, tmp_path / "site")
    lookalike = site / "theme" / "css" / "print.0123456789.css"
    lookalike.write_text("@media print { nav { display: none } }\n")
    before = tree_digest(site)
    with pytest.raises(MisleadingAssetName, match=r"theme/css/print\.0123456789\.css: named like a content-hashed"):
        postprocess(site, SETTINGS)
    assert tree_digest(site) == before


def test_every_theme_file_the_build_hashed_carries_its_content_hash_and_the_others_are_asset_unhashed(built_site):
    files = sorted(path for path in (built_site / "theme").rglob("*") if path.is_file())
    hashed = {path.relative_to(built_site).as_posix() for path in files
              if policy.is_hashed_theme_file(path.relative_to(built_site).as_posix(), "theme")}
    assert {path.relative_to(built_site).as_posix() for path in files} == hashed
    assert (built_site / "favicon.ico").read_bytes() == (ROOT / "theme" / "static" / "favicon.ico").read_bytes()
    assert {"theme/css", "theme/js"} <= {name.rsplit("/", 1)[0] for name in hashed}
    assert policy.unhashed_lookalikes(built_site, "theme") == []
