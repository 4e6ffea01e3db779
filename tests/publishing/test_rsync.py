"""rsync into a local server folder: an exact copy, and after one edit only the changed files move."""

from __future__ import annotations

import dataclasses
import stat

import pytest

from publishing import rsync
from publishing.errors import SettingMissing

from .conftest import SETTINGS, article_url, changed_files, require_tool, tree_digest


@pytest.fixture
def server_folder(tmp_path):
    """A server's web root with a file the site does not have, and a retained ACME challenge."""
    require_tool("rsync", "rsync")
    root = tmp_path / "www"
    (root / ".well-known" / "acme-challenge").mkdir(parents=True)
    (root / ".well-known" / "acme-challenge" / "token").write_text("proof")
    (root / "stale.html").write_text("an old page")
    return root


def settings_for(folder):
    return dataclasses.replace(SETTINGS, rsync_destination=f"{folder}/")


def test_the_first_deploy_copies_the_site_deletes_strays_and_keeps_retained_paths(published_site, server_folder):
    report = rsync.deploy(published_site, settings_for(server_folder))
    site = tree_digest(published_site)
    assert set(report.transferred) == set(site)
    assert report.deleted == ["stale.html"]
    served = tree_digest(server_folder)
    assert served.pop(".well-known/acme-challenge/token")
    assert served == site
    for path in server_folder.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path


def test_after_one_edit_only_changed_files_move_and_a_dry_run_says_so_first(published_site, edited_site, server_folder):
    settings = settings_for(server_folder)
    rsync.deploy(published_site, settings)
    before = tree_digest(server_folder)
    changed, gone = changed_files(tree_digest(published_site), tree_digest(edited_site))
    edited_page = article_url(edited_site, "northwind-prices-nasdaq-ipo.md") + "index.html"
    assert edited_page in changed and len(changed) < len(tree_digest(edited_site)) / 5

    planned = rsync.deploy(edited_site, settings, dry_run=True)
    assert tree_digest(server_folder) == before
    done = rsync.deploy(edited_site, settings)
    assert set(planned.transferred) == set(done.transferred) == changed
    assert set(planned.deleted) == set(done.deleted) == gone
    served = tree_digest(server_folder)
    served.pop(".well-known/acme-challenge/token")
    assert served == tree_digest(edited_site)
    assert rsync.deploy(edited_site, settings).transferred == []


def test_without_a_destination_nothing_runs(published_site):
    with pytest.raises(SettingMissing, match="RSYNC_DESTINATION is not set"):
        rsync.deploy(published_site, SETTINGS)
