"""Precompressed copies: beside every text file that shrinks, byte-identical on every run, none for binary files."""

from __future__ import annotations

import gzip
import hashlib
import shutil

import brotli
import pytest

from publishing.compress import compress_file, precompress
from publishing.postprocess import postprocess

from .conftest import SETTINGS, tree_digest


@pytest.fixture(scope="module")
def postprocessed_in_process(built_site, published_site, compression_cache, tmp_path_factory):
    """The production build post-processed again, in this process, from the cache ``published_site`` filled."""
    site = tmp_path_factory.mktemp("in-process") / "site"
    shutil.copytree(built_site, site)
    report = postprocess(site, SETTINGS, workers=1, cache=compression_cache)
    assert report.compression.from_cache == report.compression.files
    return site


def test_every_text_file_has_gzip_and_brotli_copies_that_decompress_to_it(published_site):
    text = [path for path in published_site.rglob("*")
            if path.suffix in {".html", ".css", ".js", ".xml", ".json", ".opml"} and path.stat().st_size > 200]
    assert len(text) > 100
    for path in text:
        data = path.read_bytes()
        assert gzip.decompress((path.parent / f"{path.name}.gz").read_bytes()) == data
        assert brotli.decompress((path.parent / f"{path.name}.br").read_bytes()) == data


def test_pagefind_index_files_and_other_binaries_get_no_copies(published_site):
    site = published_site
    binaries = [path for path in site.rglob("*") if path.suffix.startswith(".pf_") or path.suffix == ".pagefind"]
    assert len(binaries) > 10
    for path in binaries:
        assert not (path.parent / f"{path.name}.gz").exists() and not (path.parent / f"{path.name}.br").exists()
    # Pagefind's own JavaScript is text like any other.
    assert (site / "pagefind" / "pagefind.js.br").is_file()


def test_post_processing_again_gives_the_same_bytes(published_site, postprocessed_in_process):
    assert tree_digest(published_site) == tree_digest(postprocessed_in_process)


def test_gzip_copies_carry_no_time_and_no_name(published_site):
    header = (published_site / "index.html.gz").read_bytes()[:10]
    assert header[3] == 0  # FLG: no FNAME, no FCOMMENT
    assert header[4:8] == b"\0\0\0\0"  # MTIME


def test_a_copy_that_would_not_be_smaller_is_not_written_and_a_stale_one_goes(tmp_path):
    tiny = tmp_path / "robots.txt"
    tiny.write_text("a")
    (tmp_path / "robots.txt.gz").write_bytes(b"stale")
    result = compress_file(tiny)
    assert (result.size, result.gzip_size, result.brotli_size) == (1, None, None)
    assert [path.name for path in tmp_path.iterdir()] == ["robots.txt"]


def test_the_cache_serves_unchanged_files_and_is_checked_before_use(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<p>" + "Northwind prices its IPO. " * 200 + "</p>")
    first = precompress(site, workers=1, cache=cache)
    assert first.from_cache == 0 and sorted(path.suffix for path in cache.iterdir()) == [".br", ".gz"]
    digest = next(cache.iterdir()).name.split(".")[0]
    # A valid entry that differs from what this code writes shows the cache, not a new compression, was used.
    (cache / f"{digest}.gz").write_bytes(gzip.compress(page.read_bytes(), compresslevel=1, mtime=0))
    assert precompress(site, workers=1, cache=cache).from_cache == 1
    assert (site / "index.html.gz").read_bytes() == (cache / f"{digest}.gz").read_bytes()
    # An entry that does not decompress to the file is replaced, never served.
    (cache / f"{digest}.br").write_bytes(brotli.compress(b"another page"))
    (cache / f"{digest}.gz").write_bytes(b"\x1f\x8b truncated")
    assert precompress(site, workers=1, cache=cache).from_cache == 0
    assert brotli.decompress((site / "index.html.br").read_bytes()) == page.read_bytes()
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == page.read_bytes()


def test_the_cache_keeps_only_what_the_site_still_uses(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    page = site / "index.html"
    page.write_text("first version " * 100)
    precompress(site, workers=1, cache=cache)
    page.write_text("second version " * 100)
    precompress(site, workers=1, cache=cache)
    digest = hashlib.sha256(page.read_bytes()).hexdigest()
    assert sorted(path.name for path in cache.iterdir()) == [f"{digest}.br", f"{digest}.gz"]
