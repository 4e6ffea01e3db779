"""rclone into an S3 bucket served on 127.0.0.1 by ``rclone serve s3``: headers per file, only changes uploaded."""

from __future__ import annotations

import dataclasses
import json
import subprocess

import pytest

from publishing import policy, rclone
from publishing.tools import find_tool

from .conftest import SETTINGS, changed_files, free_port, stop, tree_digest, wait_for_port

ACCESS_KEY = "AKIAPUBLISHTESTS0001"
SECRET_KEY = "publish-tests-secret-key-0000000000000001"
REMOTE_NAME = "PUBLISHTEST"
NOT_UPLOADED = ("_headers", "_redirects", "_nginx/")


def uploaded_part(site) -> dict[str, str]:
    """The files of a site that belong in object storage: no precompressed copies, no host files."""
    return {path: digest for path, digest in tree_digest(site).items()
            if not path.endswith((".gz", ".br")) and not path.startswith(NOT_UPLOADED)}


@pytest.fixture
def bucket(tmp_path):
    """An S3 server over a local folder, and the environment that configures an rclone remote for it."""
    rclone_binary = find_tool("rclone")
    storage = tmp_path / "storage"
    (storage / "site-bucket").mkdir(parents=True)
    port = free_port()
    log = tmp_path / "serve.log"
    process = subprocess.Popen([rclone_binary, "serve", "s3", str(storage), "--addr", f"127.0.0.1:{port}",
                                "--auth-key", f"{ACCESS_KEY},{SECRET_KEY}", "--config", "/dev/null"],
                               stdout=subprocess.DEVNULL, stderr=log.open("w"))
    wait_for_port(port, process, log)
    environment = {"TYPE": "s3", "PROVIDER": "Other", "ENDPOINT": f"http://127.0.0.1:{port}",
                   "ACCESS_KEY_ID": ACCESS_KEY, "SECRET_ACCESS_KEY": SECRET_KEY}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RCLONE_CONFIG", "/dev/null")
        for option, value in environment.items():
            patch.setenv(f"RCLONE_CONFIG_{REMOTE_NAME}_{option}", value)
        yield storage / "site-bucket" / "news"
    stop(process)


def stored_objects() -> dict[str, dict]:
    """Every object under the remote path with its stored metadata, as an S3 client sees it."""
    result = subprocess.run([find_tool("rclone"), "lsjson", "--recursive", "--metadata", "--files-only",
                             f"{REMOTE_NAME}:site-bucket/news"], capture_output=True, text=True, check=True)
    return {entry["Path"]: entry["Metadata"] for entry in json.loads(result.stdout)}


SETTINGS_FOR_BUCKET = dataclasses.replace(SETTINGS, rclone_remote=f"{REMOTE_NAME}:site-bucket/news")


def test_each_file_is_stored_with_its_cache_lifetime_and_type_and_no_precompressed_copies(published_site, bucket):
    report = rclone.deploy(published_site, SETTINGS_FOR_BUCKET)
    expected = uploaded_part(published_site)
    assert set(report.transferred) == set(expected)
    assert tree_digest(bucket) == expected
    objects = stored_objects()
    assert set(objects) == set(expected)
    stylesheet = next(path for path in objects if path.startswith("theme/css/site."))
    assert objects[stylesheet]["cache-control"] == policy.IMMUTABLE
    assert objects[stylesheet]["content-type"].startswith("text/css")
    fragment = next(path for path in objects if path.startswith("pagefind/fragment/"))
    assert objects[fragment]["cache-control"] == policy.IMMUTABLE
    assert objects["favicon.ico"]["cache-control"] == policy.SHORT
    assert objects["index.html"]["cache-control"] == policy.SHORT
    assert objects["index.html"]["content-type"].startswith("text/html")
    assert objects["pagefind/pagefind.js"]["cache-control"] == policy.SHORT
    assert objects["feeds/all.rss.xml"]["content-type"] == "application/rss+xml; charset=utf-8"
    assert objects["feeds/companies/vcanbio.atom.xml"]["content-type"] == "application/atom+xml; charset=utf-8"
    assert objects["feeds/all.json"]["content-type"] == "application/feed+json; charset=utf-8"
    assert objects["feeds/all.json"]["cache-control"] == policy.SHORT
    assert "content-encoding" not in objects["index.html"]


def test_after_one_edit_only_changed_files_are_uploaded_and_stale_ones_deleted(published_site, edited_site, bucket):
    rclone.deploy(published_site, SETTINGS_FOR_BUCKET)
    before = tree_digest(bucket)
    changed, gone = changed_files(uploaded_part(published_site), uploaded_part(edited_site))
    assert changed and gone

    planned = rclone.deploy(edited_site, SETTINGS_FOR_BUCKET, dry_run=True)
    assert tree_digest(bucket) == before
    done = rclone.deploy(edited_site, SETTINGS_FOR_BUCKET)
    assert set(planned.transferred) == set(done.transferred) == changed
    assert set(planned.deleted) == set(done.deleted) == gone
    assert tree_digest(bucket) == uploaded_part(edited_site)
    assert rclone.deploy(edited_site, SETTINGS_FOR_BUCKET).transferred == []
