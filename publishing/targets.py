"""The deploy targets by the name ``invoke publish --target`` takes."""

from __future__ import annotations

from pathlib import Path

from . import github_pages, rclone, rsync
from .errors import SettingInvalid
from .settings import PublishSettings
from .tools import DeployReport

NAMES = (rsync.TARGET, github_pages.TARGET, rclone.TARGET)
# The setting each target cannot run without.
REQUIRED = {rsync.TARGET: "RSYNC_DESTINATION", rclone.TARGET: "RCLONE_REMOTE"}


def check_ready(target: str, settings: PublishSettings) -> None:
    """Fail before the build if the target is unknown or its destination is not set."""
    if target not in NAMES:
        raise SettingInvalid(f"unknown deploy target {target!r}; choose one of: {', '.join(NAMES)}")
    if target in REQUIRED:
        settings.required(REQUIRED[target])


def deploy(target: str, output: Path, settings: PublishSettings, repository: Path, dry_run: bool) -> DeployReport:
    """Deploy the post-processed site at ``output``; ``repository`` is the git clone GitHub Pages commits in."""
    check_ready(target, settings)
    if target == rsync.TARGET:
        return rsync.deploy(output, settings, dry_run)
    if target == github_pages.TARGET:
        return github_pages.deploy(output, settings, repository, dry_run)
    return rclone.deploy(output, settings, dry_run)
