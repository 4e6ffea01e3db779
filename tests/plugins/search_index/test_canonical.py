"""Reproducible Pagefind bundles: the CBOR subset, and canonical filter files."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from search_index.canonical import SIGNATURE, canonicalize_bundle, decode, encode, pack, read_file
from search_index.errors import SearchIndexFailed
from search_index.indexer import run_pagefind


@pytest.mark.parametrize(
    "item",
    [0, 23, 24, 255, 256, 65535, 65536, 2**32, -1, -500, "", "VUM02", "中源协和", b"\x00\xff",
     [], [1, [2, ["three"]]], {"en": {"hash": "en_1a2b3c4", "page_count": 38}}],  # fmt: skip
)
def test_cbor_round_trip(item):
    assert decode(encode(item)) == item


def test_integers_take_the_shortest_form():
    assert encode(23) == b"\x17"
    assert encode(24) == b"\x18\x18"
    assert encode(256) == b"\x19\x01\x00"
    assert encode("a") == b"\x61a"


@pytest.mark.parametrize("data", [b"\xf9\x3c\x00", b"\x9f\xff", b"\x82\x01", b"\x01\x02"])
def test_unsupported_or_broken_cbor_is_refused(data):
    with pytest.raises(ValueError):
        decode(data)


def test_pack_has_no_time_stamp():
    assert pack(["company", []]) == pack(["company", []])
    assert gzip.decompress(pack([1])) == SIGNATURE + b"\x81\x01"


def bundle_bytes(bundle: Path) -> dict[str, bytes]:
    return {str(path.relative_to(bundle)): path.read_bytes() for path in sorted(bundle.rglob("*")) if path.is_file()}


def test_pagefind_files_decode_and_encode_to_the_same_bytes(html_site):
    run_pagefind(html_site, "news/*/index.html", "en", timeout=60)
    bundle = html_site / "pagefind"
    files = [*bundle.glob("*.pf_meta"), *bundle.glob("filter/*.pf_filter"), *bundle.glob("index/*.pf_index")]
    assert len(files) > 3
    for path in files:
        data = gzip.decompress(path.read_bytes())
        assert encode(read_file(path)) == data[len(SIGNATURE) :], path.name


def test_two_runs_over_one_site_give_identical_bundles(html_site, tmp_path):
    bundles = []
    for run in range(3):
        site = tmp_path / f"run-{run}"
        shutil.copytree(html_site, site)
        run_pagefind(site, "news/*/index.html", "en", timeout=60)
        canonicalize_bundle(site / "pagefind")
        bundles.append(bundle_bytes(site / "pagefind"))
    assert bundles[0] == bundles[1] == bundles[2]


def test_filter_values_are_sorted_and_the_names_follow_the_content(html_site):
    run_pagefind(html_site, "news/*/index.html", "en", timeout=60)
    bundle = html_site / "pagefind"
    canonicalize_bundle(bundle)
    (meta_path,) = bundle.glob("*.pf_meta")
    entry = (bundle / "pagefind-entry.json").read_text(encoding="utf-8")
    assert meta_path.name.removeprefix("pagefind.").removesuffix(".pf_meta") in entry
    filters = read_file(meta_path)[3]
    assert [name for name, _ in filters] == ["company", "year"]
    for name, stem in filters:
        values = read_file(bundle / "filter" / f"{stem}.pf_filter")[1]
        assert [value for value, _ in values] == sorted(value for value, _ in values)
    companies = dict(read_file(bundle / "filter" / f"{dict(filters)['company']}.pf_filter")[1])
    assert set(companies) == {"Northwind", "Vcanbio", "Silverfir", "Jadeleaf", "Bluegate"}
    assert len(list((bundle / "filter").iterdir())) == 2


def test_an_unreadable_bundle_fails_the_build(html_site):
    run_pagefind(html_site, "news/*/index.html", "en", timeout=60)
    bundle = html_site / "pagefind"
    (meta_path,) = bundle.glob("*.pf_meta")
    meta_path.write_bytes(gzip.compress(b"something else"))
    with pytest.raises(SearchIndexFailed, match="file format may have changed"):
        canonicalize_bundle(bundle)
