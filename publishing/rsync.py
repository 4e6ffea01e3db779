"""Deploy by rsync (over SSH, or to a local folder) into the folder a web server serves.

Files are compared by checksum, not by size and modification time: every build
writes every file anew, so times always differ, while the bytes of an unchanged
page stay the same (builds are deterministic). Times are not copied either, so
an unchanged file keeps its time on the server and with it nginx's ETag and
Last-Modified, and browsers keep their cached copy. Permissions are set to
755/644 whatever the local umask. Updated files are put in place together at
the end and stale files deleted after that, so readers never get a page whose
new stylesheet has not arrived yet. Paths listed in RSYNC_RETAIN (such as
``.well-known/``) are never deleted on the server. The remote shell is rsync's
own: ``ssh`` by default, or what the RSYNC_RSH environment variable says.
"""

from __future__ import annotations

from pathlib import Path

from .settings import PublishSettings
from .tools import DeployReport, find_tool, run

TARGET = "rsync"


def rsync_command(output: Path, destination: str, retain: tuple[str, ...], dry_run: bool) -> list[str]:
    command = [
        find_tool("rsync"), "--recursive", "--perms", "--chmod=D755,F644", "--checksum", "--compress",
        "--delete", "--delete-delay", "--delay-updates", "--itemize-changes",
    ]
    command += [f"--filter=P /{path}" for path in retain]
    if dry_run:
        command.append("--dry-run")
    return command + [f"{output}/", destination]


def parse_itemized(stdout: str) -> tuple[list[str], list[str]]:
    """(files sent, paths deleted) from rsync's ``--itemize-changes`` lines such as ``>f.st...... index.html``."""
    sent, deleted = [], []
    for line in stdout.splitlines():
        if line.startswith("*deleting"):
            deleted.append(line[12:])
        elif len(line) > 12 and line[0] in "<>" and line[1] == "f":
            sent.append(line[12:])
    return sent, deleted


def deploy(output: Path, settings: PublishSettings, dry_run: bool = False) -> DeployReport:
    """Make the server folder RSYNC_DESTINATION an exact copy of ``output`` (but for RSYNC_RETAIN)."""
    destination = settings.required("RSYNC_DESTINATION")
    result = run(rsync_command(output, destination, settings.rsync_retain, dry_run))
    sent, deleted = parse_itemized(result.stdout)
    return DeployReport(TARGET, destination, dry_run, sent, deleted)
