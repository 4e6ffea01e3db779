"""``invoke publish`` from the command line: its help, its refusal without SITEURL, and a whole publish by rsync."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, require_tool, tree_digest

INVOKE = Path(sys.executable).parent / "invoke"


def invoke(*args: str, cwd: Path, **environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if key not in ("SITEURL", "RSYNC_DESTINATION", "RCLONE_REMOTE")}
    return subprocess.run([str(INVOKE), "-r", str(ROOT), *args], cwd=cwd, env={**env, **environment},
                          capture_output=True, text=True, check=False)


def test_help_lists_the_targets_and_options(tmp_path):
    result = invoke("publish", "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    for option in ("--target", "rsync | github-pages | rclone", "--dry-run", "--output"):
        assert option in text


def test_without_siteurl_it_stops_before_building_and_says_how_to_set_it(tmp_path):
    result = invoke("publish", "--output", str(tmp_path / "output"), cwd=ROOT)
    assert result.returncode == 1
    assert "SITEURL is not set" in result.stderr
    assert "SITEURL=https://news.example.com invoke publish" in result.stderr
    assert not (tmp_path / "output").exists()


def test_a_target_without_its_destination_stops_before_building(tmp_path):
    result = invoke("publish", "--target", "rclone", "--output", str(tmp_path / "output"), cwd=ROOT,
                    SITEURL="https://news.example.com")
    assert result.returncode == 1
    assert "RCLONE_REMOTE is not set" in result.stderr
    assert not (tmp_path / "output").exists()


def test_publish_builds_post_processes_and_deploys_by_rsync(tmp_path):
    require_tool("rsync", "rsync")
    server = tmp_path / "www"
    result = invoke("publish", "--target", "rsync", "--output", str(tmp_path / "output"), cwd=ROOT,
                    SITEURL="https://news.example.com", RSYNC_DESTINATION=f"{server}/")
    assert result.returncode == 0, result.stderr
    assert f"Production site built in {tmp_path / 'output'}" in result.stdout
    assert re.search(rf"rsync -> {server}/: sent \d+ files, deleted 0", result.stdout)
    (stylesheet,) = server.glob("theme/css/site.*.css")
    assert stylesheet.name in (server / "index.html").read_text()
    assert (server / "index.html.gz").is_file() and (server / "index.html.br").is_file()
    assert (server / "_headers").is_file()
    assert (tmp_path / ".publish-cache").is_dir()

    # A publish whose post-processing fails publishes nothing and says why.
    published = tree_digest(tmp_path / "output")
    shutil.rmtree(tmp_path / ".publish-cache")
    (tmp_path / ".publish-cache").write_text("not a folder")
    result = invoke("publish", "--output", str(tmp_path / "output"), cwd=ROOT, SITEURL="https://news.example.org")
    assert result.returncode == 1
    assert ".publish-cache cannot be used" in result.stderr
    assert "Nothing was published; the previous site, if any, is unchanged." in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(tmp_path / "output") == published
