"""The publish benchmark runs end to end on a small corpus and records what it measured."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT


def test_the_publish_benchmark_measures_a_cold_and_a_warm_publish(tmp_path):
    record = tmp_path / "publish.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "publish_bench.py"), "--articles", "20", "--json", str(record)],
                   cwd=tmp_path, check=True, capture_output=True, text=True)
    result = json.loads(record.read_text())
    first, edited = result["first_publish"], result["after_one_edit"]
    assert first["from_cache"] == 0 and first["text_files"] > 20
    assert 0 < edited["files_changed"] < edited["files"] / 5
    assert edited["text_files"] - edited["from_cache"] <= edited["files_changed"]
    assert first["brotli_mib"] < first["gzip_mib"] < first["text_mib"]
    assert first["publish_seconds"] > first["postprocess_seconds"] >= first["compress_seconds"] > 0
