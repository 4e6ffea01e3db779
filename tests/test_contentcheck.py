"""``invoke check`` as editors and CI run it: every mistake once, on its line; clashes in the changed file;
published URLs that must keep working; the pre-commit hook in a real git repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

INVOKE = Path(sys.executable).parent / "invoke"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
STORY = "articles/2024/cde-accepts-vum02-filing-in-agvhd.md"


def invoke(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    return subprocess.run([str(INVOKE), "-r", str(ROOT), *args], cwd=cwd, capture_output=True, text=True, check=False,
                          env={**environment, **(env or {})})  # fmt: skip


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def make_project(root: Path) -> Path:
    """A copy of the sample content and schemas with a settings file of its own, as a git repository on main."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    (root / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\nPATH = 'content'\n"
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "editor@example.com")
    git(root, "config", "user.name", "Editor")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Published site")
    return root


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def annotations(stderr: str) -> list[tuple[str, str, int, str]]:
    """(level, file, line, message) of every GitHub workflow command."""
    found = []
    for line in stderr.splitlines():
        match = re.match(r"^::(error|warning) file=([^,:]+)(?:,line=(\d+))?(?:,col=\d+)?::(.*)$", line)
        if match:
            found.append((match[1], match[2], int(match[3] or 0), match[4]))
    return found


FOUR_MISTAKES = """---
title: Four mistakes
date: 2024-13-01
company: Vcanbo
event: trial-aproval
sumary: x
summary: A story.
---
Body.
"""


def test_a_file_with_four_kinds_of_mistake_reports_all_four_in_one_run(project):
    write(project / "content/articles/2024/four.md", FOUR_MISTAKES)
    result = invoke("check", "--settings", "conf.py", "--format", "github", cwd=project)
    assert result.returncode == 1
    found = [
        (line, message)
        for level, path, line, message in annotations(result.stderr)
        if path == "content/articles/2024/four.md"
    ]
    assert [line for line, _ in found] == [3, 4, 5, 6], result.stderr
    assert 'date%3A "2024-13-01" is not a real date' not in found[0][1]  # ":" is escaped only in properties
    assert found[0][1].startswith('date: "2024-13-01" is not a real date: there is no month 13')
    assert found[1][1].startswith('company: "Vcanbo" is not a known company. Did you mean "Vcanbio"')
    assert 'invoke new --kind company "Vcanbo"' in found[1][1]
    assert found[2][1].startswith('event: "trial-aproval" is not a known event. Did you mean "trial-approval"?')
    assert found[3][1].startswith('unknown key "sumary". Did you mean "summary"?')


PLANTED = {
    # file -> (text, {line: message fragment})
    "articles/2024/colon.md": ("---\ntitle: Deal: A and B\ndate: 2024-05-01\ncompany: Vcanbio\nsummary: x\n---\n",
                               {2: "a value that contains ': ' must be put in quotes"}),
    "articles/2024/curly.md": ("---\ntitle: \u201cVcanbio wins\u201d\ndate: 2024-05-02\ncompany: Vcanbio\nsummary: x\n---\n",
                               {2: "typographic quotes"}),
    "articles/2023/wrong-year.md": ("---\ntitle: Filed in 2023\ndate: 2024-05-03\ncompany: Vcanbio\nsummary: x\n---\n",
                                    {3: "filed in the folder 2023/; move it to a folder 2024/"}),
    "articles/2024/list.md": ("---\ntitle: List\ndate: 2024-05-04\ncompany: Vcanbio\nindications: ACLF, ARDS\nsummary: x\n---\n",
                              {5: "write a YAML list: indications: [ACLF, ARDS]"}),
    "articles/2024/product-as-company.md": ("---\ntitle: P\ndate: 2024-05-05\ncompany: VUM02\nsummary: x\n---\n",
                                            {4: 'is a product (VUM02), not a company; list it under product: instead'}),
    "articles/2024/phase.md": ("---\ntitle: Phase\ndate: 2024-05-06\ncompany: Vcanbio\nphase: phase 5\nsummary: x\n---\n",
                               {5: 'phase: "phase 5" is not a known phase'}),
    "articles/2024/missing.md": ("---\ntitle: Missing\ndate: 2024-05-07\nsummary: x\n---\n", {1: 'required key "company" is missing'}),
    "companies/vcanbio-clone.yaml": ("name: Vcanbio Clone\naliases: [Vcanbio]\n", {2: 'the name "Vcanbio" is already company content/companies/vcanbio.yaml (its file name "vcanbio")'}),
}  # fmt: skip


def test_planted_mistakes_give_one_annotation_each_on_their_line(project):
    shutil.rmtree(project / "schemas")  # the new registry entry would make them stale: one more (true) problem
    for relative, (text, _) in PLANTED.items():
        write(project / "content" / relative, text)
    changed = [arg for relative in PLANTED for arg in ("--changed", f"content/{relative}")]
    result = invoke("check", "--settings", "conf.py", *changed, cwd=project, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    errors = [(path, line, message) for level, path, line, message in annotations(result.stderr) if level == "error"]
    expected = {(f"content/{relative}", line) for relative, (_, lines) in PLANTED.items() for line in lines}
    assert {(path, line) for path, line, _ in errors} == expected, result.stderr
    assert len(errors) == len(expected)
    for path, line, message in errors:
        fragment = PLANTED[path.removeprefix("content/")][1][line]
        assert fragment in message.replace("%3A", ":"), (path, line, message)


def test_an_embargoed_story_and_a_likely_duplicate_are_notices_with_their_line(project):
    write(
        project / "content/articles/2099/future.md",
        "---\ntitle: Future\ndate: 2099-03-01T09:30\ncompany: Vcanbio\nsummary: x\n---\n",
    )
    original = (project / "content" / STORY).read_text()
    write(
        project / "content/articles/2024/again.md",
        original.replace("title: CDE accepts VUM02 filing in aGvHD", "title: Again"),
    )
    result = invoke("check", "--settings", "conf.py", "--changed", "content/articles/2024/again.md", cwd=project)
    assert result.returncode == 0, result.stderr
    notices = [line for line in result.stderr.splitlines() if line.endswith("(notice)")]
    assert ("content/articles/2099/future.md:3: held back until 2099-03-01 09:30 (1 March 2099 at 09:30, UTC+08:00): it is "
            "dated in the future, and appears on the site with the first build after that (notice)") in notices  # fmt: skip
    assert f"content/articles/2024/again.md:3: looks like the same story as content/{STORY}" in "\n".join(notices)


def test_a_registry_clash_is_reported_once_on_the_changed_file(project):
    # "aaa" sorts before "vcanbio": without knowing what changed, the clash lands on vcanbio.yaml.
    write(project / "content/companies/aaa-holdings.yaml", "name: AAA Holdings\naliases:\n  - AAA\n  - 中源协和\n")
    unaware = invoke("check", "--settings", "conf.py", cwd=project)
    assert [line.split(":")[0] for line in unaware.stderr.splitlines() if "already company" in line] == [
        "content/companies/vcanbio.yaml"
    ]
    for how in (["--changed", "content/companies/aaa-holdings.yaml"], ["--base", "main"]):
        result = invoke("check", "--settings", "conf.py", *how, cwd=project)
        clashes = [line for line in result.stderr.splitlines() if "already company" in line]
        assert clashes == ['content/companies/aaa-holdings.yaml:4: the name "中源协和" is already company '
                           'content/companies/vcanbio.yaml (line 6: "中源协和"); a name must identify one company: change '
                           "or remove it here or there"], result.stderr  # fmt: skip


def article_url(project: Path, relative: str) -> str:
    front = yaml.safe_load((project / "content" / relative).read_text().split("---")[1])
    return f"news/{str(front['date'])[:4]}/{str(front['date'])[5:7]}/{Path(relative).stem}/"


def test_a_corrected_headline_keeps_its_url(project):
    path = project / "content" / STORY
    path.write_text(
        path.read_text().replace(
            "title: CDE accepts VUM02 filing in aGvHD", "title: CDE accepts Vcanbio's VUM02 filing in aGvHD"
        )
    )
    result = invoke("check", "--settings", "conf.py", "--base", "main", cwd=project)
    assert result.returncode == 0, result.stderr


def test_a_renamed_file_is_asked_for_its_old_url_then_passes(project):
    old_url = article_url(project, STORY)
    git(project, "mv", f"content/{STORY}", "content/articles/2024/vum02-agvhd-filing-accepted.md")
    result = invoke("check", "--settings", "conf.py", "--base", "main", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"content/articles/2024/vum02-agvhd-filing-accepted.md:1: this story was published at {old_url} and its URL is now "
        "news/2024/09/vum02-agvhd-filing-accepted/, so links to the old one would break. Add the old URL to the front matter, "
        f"first in the list (feeds know the story by it): aliases: [{old_url}]"
    )
    renamed = project / "content/articles/2024/vum02-agvhd-filing-accepted.md"
    renamed.write_text(
        renamed.read_text().replace("event: filing-accepted\n", f"event: filing-accepted\naliases: [{old_url}]\n")
    )
    assert invoke("check", "--settings", "conf.py", "--base", "main", cwd=project).returncode == 0


def test_the_first_alias_must_stay_the_original_url(project):
    old_url = article_url(project, STORY)
    git(project, "mv", f"content/{STORY}", "content/articles/2024/renamed.md")
    renamed = project / "content/articles/2024/renamed.md"
    renamed.write_text(
        renamed.read_text().replace(
            "event: filing-accepted\n", f"event: filing-accepted\naliases:\n  - news/2024/09/x/\n  - {old_url}\n"
        )
    )
    result = invoke("check", "--settings", "conf.py", "--base", "main", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        f"content/articles/2024/renamed.md:10: aliases: the first alias must be {old_url}, the URL this story was first published at"
    )


def test_a_deleted_file_names_its_url_and_the_alias_to_add(project):
    old_url = article_url(project, STORY)
    git(project, "rm", "-q", f"content/{STORY}")
    result = invoke("check", "--settings", "conf.py", "--base", "main", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"content/{STORY}: this file was published at {old_url} and is gone, so that URL would break. If you renamed or moved "
        f"it, add to the front matter of the renamed file: aliases: [{old_url}] (first in the list: feeds know the story by it). "
        f"If the story is withdrawn, list {old_url} under aliases: of the article that replaces it"
    )


def test_a_story_unpublished_on_the_branch_is_free_to_move(project):
    git(project, "checkout", "-q", "-b", "draft-work")
    write(
        project / "content/articles/2025/brand-new.md",
        "---\ntitle: New\ndate: 2025-01-02\ncompany: Vcanbio\nsummary: x\n---\n",
    )
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "New story")
    git(project, "mv", "content/articles/2025/brand-new.md", "content/articles/2025/brand-new-story.md")
    assert invoke("check", "--settings", "conf.py", "--base", "main", cwd=project).returncode == 0


def test_the_published_manifest_of_a_production_build_is_compared(project, sample_site):
    published = sample_site / "urls.json"
    old_url = article_url(project, STORY)
    assert old_url in {entry["url"] for entry in json.loads(published.read_text())["articles"]}
    (project / "content" / STORY).rename(project / "content/articles/2024/moved.md")
    result = invoke("check", "--settings", "conf.py", "--published", str(published), cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        f"content/{STORY}: this file was published at {old_url} and is gone"
    )
    broken = project / "urls.json"
    broken.write_text('{"articles": []}')
    refused = invoke("check", "--settings", "conf.py", "--published", str(broken), cwd=project)
    assert refused.returncode == 2
    assert 'is not a urls.json of this site (an object with "version": 1 and "articles")' in refused.stderr


def test_stale_schemas_are_a_problem_until_regenerated(project):
    write(project / "content/companies/eastbridge-biologics.yaml", "name: Eastbridge Biologics\n")
    result = invoke("check", "--settings", "conf.py", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == ('schemas/article.schema.json: it is out of date with the registries (a name was added or '
                                             'changed); run "invoke schemas" and commit schemas/')  # fmt: skip
    assert invoke("schemas", "--settings", "conf.py", cwd=project).returncode == 0
    assert "Eastbridge Biologics" in (project / "schemas/article.schema.json").read_text()
    assert invoke("check", "--settings", "conf.py", cwd=project).returncode == 0


def test_github_format_writes_every_problem_to_the_step_summary(project, tmp_path):
    for number in range(12):  # GitHub shows ten error annotations per step; the summary has them all
        write(
            project / f"content/articles/2024/bad-{number:02d}.md",
            f"---\ntitle: Bad\ndate: 2024-05-{number + 1:02d}\ncompany: Nobody\nsummary: x\n---\n",
        )
    summary = tmp_path / "summary.md"
    result = invoke(
        "check",
        "--settings",
        "conf.py",
        cwd=project,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.returncode == 1
    assert len(annotations(result.stderr)) == 12
    rows = [line for line in summary.read_text().splitlines() if line.startswith("| `content/")]
    assert len(rows) == 12 and '| 4 | company: "Nobody" is not a known company.' in rows[0]


def hook_project(root: Path) -> Path:
    """A project whose pre-commit hook is this repository's, pointed at the project's own settings."""
    project = make_project(root)
    (project / ".venv").symlink_to(ROOT / ".venv")
    (project / "contentcheck.py").symlink_to(ROOT / "contentcheck.py")
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    config["repos"][0]["hooks"][0]["args"] = ["--settings", "conf.py"]
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    (project / ".gitignore").write_text(".venv\ncontentcheck.py\n")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Hook")
    return project


def test_the_pre_commit_hook_refuses_a_broken_commit_and_lets_a_good_one_through(tmp_path):
    project = hook_project(tmp_path / "project")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    subprocess.run([str(PRE_COMMIT), "install"], cwd=project, check=True, capture_output=True, env=env)
    bad = project / "content/articles/2025/bad.md"
    write(bad, "---\ntitle: Bad\ndate: 20/05/2025\ncompany: Vcanbio\nsummary: x\n---\n")
    git(project, "add", "-A")
    refused = subprocess.run(["git", "commit", "-m", "Bad"], cwd=project, capture_output=True, text=True, env=env)
    assert refused.returncode == 1
    assert (
        'content/articles/2025/bad.md:3: date: "20/05/2025" is not an ISO 8601 date' in refused.stdout + refused.stderr
    )
    write(bad, "---\ntitle: Good\ndate: 2025-05-20\ncompany: Vcanbio\nsummary: x\n---\n")
    git(project, "add", "-A")
    accepted = subprocess.run(["git", "commit", "-m", "Good"], cwd=project, capture_output=True, text=True, env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    git(project, "mv", "content/articles/2025/bad.md", "content/articles/2025/good.md")
    # bad.md is on main only through this branch's own commits: published is what origin's branch has, here main itself
    moved = subprocess.run(["git", "commit", "-m", "Rename"], cwd=project, capture_output=True, text=True, env=env)
    assert moved.returncode == 1 and "this story was published at news/2025/05/bad/" in moved.stdout + moved.stderr


def test_the_hook_regenerates_stale_schemas_for_the_commit(tmp_path):
    project = hook_project(tmp_path / "project")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    write(project / "content/companies/eastbridge-biologics.yaml", "name: Eastbridge Biologics\n")
    git(project, "add", "-A")
    first = subprocess.run([str(PRE_COMMIT), "run"], cwd=project, capture_output=True, text=True, env=env)
    assert first.returncode == 1
    assert (
        "schemas/article.schema.json: it was out of date and has been regenerated; add it to this commit"
        in first.stdout
    )
    git(project, "add", "-A")
    second = subprocess.run([str(PRE_COMMIT), "run"], cwd=project, capture_output=True, text=True, env=env)
    assert second.returncode == 0, second.stdout


def atom_ids(site: Path) -> dict[str, str]:
    """Each entry of the site's Atom feed: its link -> its id."""
    import feedparser

    return {entry.link: entry.id for entry in feedparser.parse((site / "feeds/all.atom.xml").read_bytes()).entries}


def test_a_corrected_headline_keeps_its_url_and_feed_id_in_the_build(project, sample_site, tmp_path):
    from .conftest import build_content

    path = project / "content" / STORY
    path.write_text(
        path.read_text().replace(
            "title: CDE accepts VUM02 filing in aGvHD", "title: CDE accepts Vcanbio's VUM02 filing in aGvHD"
        )
    )
    site = build_content(project / "content", tmp_path / "output")
    url = article_url(project, STORY)
    assert (
        "Vcanbio&#39;s VUM02" in (site / url / "index.html").read_text()
        or "Vcanbio's VUM02" in (site / url / "index.html").read_text()
    )
    before, after = atom_ids(sample_site), atom_ids(site)
    assert after == before and any(link.endswith(url) for link in after)
