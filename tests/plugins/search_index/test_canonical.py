"""Reproducible Pagefind bundles: the CBOR subset, and canonical filter files."""

from __future__ import annotations

import gzip

import pytest

from search_index.canonical import SIGNATURE, canonicalize_bundle, decode, encode, pack, unpack
from search_index.errors import SearchIndexFailed

from .test_service import bundle


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


def test_pagefind_files_decode_and_encode_to_the_same_bytes():
    files = {name: data for name, data in bundle().items() if name.endswith((".pf_meta", ".pf_filter", ".pf_index"))}
    assert len(files) > 3
    for name, data in files.items():
        assert encode(unpack(data)) == gzip.decompress(data)[len(SIGNATURE) :], name


def test_filter_values_are_sorted_and_the_names_follow_the_content():
    canonical = canonicalize_bundle(bundle())
    [meta_name] = [name for name in canonical if name.endswith(".pf_meta")]
    assert meta_name.removeprefix("pagefind.").removesuffix(".pf_meta") in canonical["pagefind-entry.json"].decode()
    filters = unpack(canonical[meta_name])[3]
    assert [name for name, _ in filters] == ["company", "year"]
    for _, stem in filters:
        values = unpack(canonical[f"filter/{stem}.pf_filter"])[1]
        assert [value for value, _ in values] == sorted(value for value, _ in values)
    assert len([name for name in canonical if name.startswith("filter/")]) == 2


def test_an_unreadable_bundle_fails_the_build():
    files = bundle()
    [meta_name] = [name for name in files if name.endswith(".pf_meta")]
    files[meta_name] = gzip.compress(b"something else")
    with pytest.raises(SearchIndexFailed, match="file format may have changed"):
        canonicalize_bundle(files)
