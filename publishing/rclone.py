"""Deploy to object storage or a CDN origin (S3, R2, GCS, B2, Azure ...) with rclone.

The destination is RCLONE_REMOTE, e.g. ``s3remote:bucket/site``; the remote
itself is configured the way rclone always is (``rclone config``, or
``RCLONE_CONFIG_<NAME>_<OPTION>`` environment variables). Files are compared by
checksum (the MD5 that object stores keep), so only changed files are uploaded.

Object stores send one stored body to every client and do not negotiate
``Accept-Encoding``, so only the uncompressed originals are uploaded, without
Content-Encoding; the ``.gz``/``.br`` copies would reach clients that cannot
read them. Put a CDN that compresses in front (CloudFront, Cloudflare and
Fastly do). Host files (``_headers``, ``_redirects``, ``_nginx/``) are not
uploaded either.

rclone sets one set of headers per run, so the site goes up in several runs,
each with its own Cache-Control (and Content-Type, where the extension alone
would give feeds a generic XML or JSON type): content-hashed files first, then
feeds, then everything else, and a final ``rclone sync`` that deletes what the
site no longer has. New pages are thus never online before the assets they name.
Changing a header alone does not re-upload an unchanged file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import policy
from .errors import DeployFailed
from .settings import PublishSettings
from .tools import DeployReport, find_tool, run

TARGET = "rclone"
# What stays local: precompressed copies and the files written for other hosts.
NOT_UPLOADED = ("*.gz", "*.br", "/_headers", "/_redirects", "/_nginx/**")


@dataclass(frozen=True)
class Upload:
    """One rclone run: the files its filter patterns select, and the headers they are stored with."""

    description: str
    patterns: tuple[str, ...]
    headers: tuple[str, ...]


def uploads(settings: PublishSettings) -> list[Upload]:
    """The runs that upload files, in order; the last takes everything the others did not."""
    # rclone reads {{...}} in a filter pattern as a regular expression.
    theme_hashed = f"/{settings.theme_static_dir}/**{{{{{policy.HASHED_SUFFIX}}}}}"
    hashed = Upload("content-hashed files", (theme_hashed, *(f"/{folder}/**.pf_*" for folder in settings.search_dirs)),
                    (f"Cache-Control: {policy.IMMUTABLE}",))
    feeds = [Upload(description, (f"/{glob}",), (f"Cache-Control: {policy.SHORT}", f"Content-Type: {media_type}"))
             for description, glob, media_type in policy.FEED_TYPES]
    taken = tuple(pattern for upload in [hashed, *feeds] for pattern in upload.patterns)
    return [hashed, *feeds, Upload("pages and everything else", taken, (f"Cache-Control: {policy.SHORT}",))]


def _filters(upload: Upload, last: bool) -> list[str]:
    rules = [f"- {pattern}" for pattern in NOT_UPLOADED]
    if last:
        rules += [f"- {pattern}" for pattern in upload.patterns] + ["+ **"]
    else:
        rules += [f"+ {pattern}" for pattern in upload.patterns] + ["- **"]
    return [argument for rule in rules for argument in ("--filter", rule)]


def rclone_command(verb: str, output: Path, remote: str, upload: Upload, last: bool, dry_run: bool) -> list[str]:
    command = [find_tool("rclone"), verb, f"{output}/", remote, "--checksum", "--fast-list", "--use-json-log",
               "--log-level", "INFO"]
    for header in upload.headers:
        command += ["--header-upload", header]
    command += _filters(upload, last)
    return command + (["--dry-run"] if dry_run else [])


def parse_log(stderr: str) -> tuple[list[str], list[str], list[str]]:
    """(files copied, files deleted, errors) from rclone's JSON log; a dry run's "skipped" lines count as well."""
    copied, deleted, errors = [], [], []
    for line in stderr.splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        message, path = entry.get("msg", ""), entry.get("object")
        if entry.get("level") in ("error", "critical"):
            errors.append(f"{path}: {message}" if path else message)
        elif path and (message.startswith("Copied") or entry.get("skipped") == "copy"):
            copied.append(path)
        elif path and (message == "Deleted" or entry.get("skipped") == "delete"):
            deleted.append(path)
    return copied, deleted, errors


def deploy(output: Path, settings: PublishSettings, dry_run: bool = False) -> DeployReport:
    """Make RCLONE_REMOTE hold the site at ``output``: upload changed files with their headers, delete stale ones."""
    remote = settings.required("RCLONE_REMOTE")
    runs = uploads(settings)
    steps = [("copy", upload, upload is runs[-1]) for upload in runs]
    # Uploads nothing (all is in place by now) but deletes every remote file the site no longer has.
    steps.append(("sync", Upload("files the site no longer has", (), runs[-1].headers), True))
    copied: dict[str, None] = {}
    deleted: list[str] = []
    for verb, upload, last in steps:
        result = run(rclone_command(verb, output, remote, upload, last, dry_run))
        step_copied, step_deleted, errors = parse_log(result.stderr)
        if errors:
            raise DeployFailed(
                f"rclone {verb} of {upload.description} to {remote} reported errors:\n" + "\n".join(errors))
        copied.update(dict.fromkeys(step_copied))
        deleted += step_deleted
    return DeployReport(TARGET, remote, dry_run, list(copied), deleted)
