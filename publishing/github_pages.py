"""Deploy to GitHub Pages: the site becomes the next commit of a branch (gh-pages), pushed to a remote.

ghp-import writes that commit with git's fast-import, from the built folder,
without touching the work tree, and adds ``.nojekyll`` (Pages then publishes
the files as they are, without running Jekyll, which drops names starting with
an underscore) and ``CNAME`` (the custom
domain: GITHUB_PAGES_CNAME, else SITEURL's host unless it is a github.io host).
The remote's branch is fetched first, so the new commit follows the published
one even from a fresh clone. The changed files are reported from git's diff
between the old and the new commit; a dry run compares git's hashes of the
built files with the published branch instead (after the same fetch, which
changes only the remote-tracking ref).
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from .errors import DeployFailed
from .settings import PublishSettings
from .tools import DeployReport, find_tool, run

TARGET = "github-pages"
EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"


def _git(repository: Path, *args: str) -> subprocess.CompletedProcess:
    return run([find_tool("git"), "-C", str(repository), *args])


def _revision(repository: Path, ref: str) -> str | None:
    result = subprocess.run([find_tool("git"), "-C", str(repository), "rev-parse", "--verify", "--quiet", ref],
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() or None


def _fetch_published(repository: Path, remote: str, branch: str) -> None:
    """Bring the remote's branch in as ``<remote>/<branch>``, which ghp-import builds on; none yet is fine."""
    result = subprocess.run([find_tool("git"), "-C", str(repository), "fetch", "--quiet", remote,
                             f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0 and "couldn't find remote ref" not in result.stderr:
        raise DeployFailed(f"git fetch {remote} {branch} failed in {repository}:\n{result.stderr.strip()}")


def _pending_changes(repository: Path, output: Path, settings: PublishSettings) -> tuple[list[str], list[str]]:
    """(files that differ from the published branch, published files that would go), by git blob hashes."""
    published_ref = f"refs/remotes/{settings.github_pages_remote}/{settings.github_pages_branch}"
    published = {}
    if _revision(repository, published_ref):
        for line in _git(repository, "ls-tree", "-r", published_ref).stdout.splitlines():
            meta, path = line.split("\t", 1)
            published[path] = meta.split()[2]
    files = sorted(path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file())
    hashes = run([find_tool("git"), "hash-object", "--no-filters", "--stdin-paths"], cwd=output,
                 input_text="\n".join(files)).stdout.split()
    local = dict(zip(files, hashes, strict=True))
    local[".nojekyll"] = EMPTY_BLOB
    if settings.cname:
        local["CNAME"] = run([find_tool("git"), "hash-object", "--stdin"], input_text=settings.cname).stdout.strip()
    sent = sorted(path for path, blob in local.items() if published.get(path) != blob)
    return sent, sorted(set(published) - set(local))


def ghp_import_command(output: Path, settings: PublishSettings, message: str) -> list[str]:
    command = [find_tool("ghp-import"), "--no-jekyll", "--push", "--remote", settings.github_pages_remote,
               "--branch", settings.github_pages_branch, "--message", message]
    if settings.cname:
        command += ["--cname", settings.cname]
    return command + [str(output)]


def deploy(output: Path, settings: PublishSettings, repository: Path, dry_run: bool = False) -> DeployReport:
    """Commit ``output`` to GITHUB_PAGES_BRANCH in the git repository ``repository`` and push it to GITHUB_PAGES_REMOTE.

    The remote is a remote's name in that repository (``origin`` by default).
    """
    remote, branch = settings.github_pages_remote, settings.github_pages_branch
    _git(repository, "rev-parse", "--git-dir")
    source = subprocess.run([find_tool("git"), "-C", str(repository), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip()
    message = f"Publish {settings.site_url}" + (f" from {source}" if source else "")
    command = ghp_import_command(output, settings, message)
    destination = f"{remote} {branch}"
    _fetch_published(repository, remote, branch)
    if dry_run:
        sent, deleted = _pending_changes(repository, output, settings)
        return DeployReport(TARGET, destination, True, sent, deleted,
                            notes=[f"  would run in {repository}: {shlex.join(command)}"])
    earlier = {_revision(repository, f"refs/remotes/{remote}/{branch}"), _revision(repository, f"refs/heads/{branch}")}
    run(command, cwd=repository)
    head = _revision(repository, f"refs/heads/{branch}")
    if head is None or head in earlier:
        # ghp-import reports a failed commit on its output but still exits 0.
        raise DeployFailed(f"ghp-import made no new commit on {branch} in {repository}; nothing was published.")
    parent = _revision(repository, f"{head}^")
    if parent:
        changes = _git(repository, "diff", "--name-status", "--no-renames", parent, head).stdout.splitlines()
    else:
        changes = [f"A\t{path}" for path in _git(repository, "ls-tree", "-r", "--name-only", head).stdout.splitlines()]
    sent = [line.split("\t", 1)[1] for line in changes if not line.startswith("D")]
    deleted = [line.split("\t", 1)[1] for line in changes if line.startswith("D")]
    return DeployReport(TARGET, destination, False, sent, deleted, notes=[f"  commit {head[:12]}: {message}"])
