"""GitHub Pages through ghp-import: commits on gh-pages of a bare repository behind a file:// remote."""

from __future__ import annotations

import subprocess

import pytest

from publishing import github_pages
from publishing.errors import DeployFailed

from .conftest import SETTINGS, changed_files, require_tool, tree_digest

GIT_IDENTITY = {"user.name": "Publisher", "user.email": "publisher@example.com"}


def git(*args: str, cwd=None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def clone_of(remote, folder):
    """A working repository whose ``origin`` is the bare repository, as a CI checkout would be."""
    folder.mkdir()
    git("init", "--quiet", "--initial-branch=main", cwd=folder)
    for key, value in GIT_IDENTITY.items():
        git("config", key, value, cwd=folder)
    git("remote", "add", "origin", remote.as_uri(), cwd=folder)
    return folder


@pytest.fixture
def remote(tmp_path):
    require_tool("git", "git")
    bare = tmp_path / "pages.git"
    git("init", "--quiet", "--bare", str(bare))
    return bare


def published_tree(bare) -> dict[str, str]:
    """Path -> blob id of every file on the remote's gh-pages branch."""
    tree = {}
    for line in git("--git-dir", str(bare), "ls-tree", "-r", "gh-pages").splitlines():
        meta, path = line.split("\t", 1)
        tree[path] = meta.split()[2]
    return tree


def test_the_site_is_published_with_cname_and_nojekyll(published_site, remote, tmp_path):
    report = github_pages.deploy(published_site, SETTINGS, clone_of(remote, tmp_path / "clone"))
    tree = published_tree(remote)
    assert set(tree) == set(tree_digest(published_site)) | {"CNAME", ".nojekyll"}
    assert set(report.transferred) == set(tree)
    assert git("--git-dir", str(remote), "show", "gh-pages:CNAME") == "news.example.com"
    assert git("--git-dir", str(remote), "show", "gh-pages:.nojekyll") == ""
    assert git("--git-dir", str(remote), "show", "gh-pages:index.html") == (published_site / "index.html").read_text()


def test_a_fresh_clone_publishes_one_edit_as_the_next_commit(published_site, edited_site, remote, tmp_path):
    github_pages.deploy(published_site, SETTINGS, clone_of(remote, tmp_path / "first"))
    first = git("--git-dir", str(remote), "rev-parse", "gh-pages").strip()
    fresh = clone_of(remote, tmp_path / "fresh")
    changed, gone = changed_files(tree_digest(published_site), tree_digest(edited_site))

    planned = github_pages.deploy(edited_site, SETTINGS, fresh, dry_run=True)
    assert git("--git-dir", str(remote), "rev-parse", "gh-pages").strip() == first
    done = github_pages.deploy(edited_site, SETTINGS, fresh)
    assert set(planned.transferred) == set(done.transferred) == changed
    assert set(planned.deleted) == set(done.deleted) == gone
    assert git("--git-dir", str(remote), "rev-parse", "gh-pages^").strip() == first
    assert set(published_tree(remote)) == set(tree_digest(edited_site)) | {"CNAME", ".nojekyll"}


def test_a_folder_that_is_not_a_git_repository_is_an_error(published_site, tmp_path):
    require_tool("git", "git")
    with pytest.raises(DeployFailed, match="not a git repository"):
        github_pages.deploy(published_site, SETTINGS, tmp_path)
