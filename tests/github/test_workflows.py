"""The GitHub workflows: they pass actionlint, and they gate pull requests and deploy main as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from ..conftest import ROOT

ACTIONLINT = Path(sys.executable).parent / "actionlint"
WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def test_actionlint_passes_on_the_workflows():
    result = subprocess.run([str(ACTIONLINT), "-color=false"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_is_not_a_test_that_cannot_fail(tmp_path):
    broken = tmp_path / ".github" / "workflows"
    broken.mkdir(parents=True)
    (broken / "ci.yml").write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    result = subprocess.run([str(ACTIONLINT), "-color=false"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1 and "nope" in result.stdout


def test_pull_requests_run_the_check_against_the_base_then_build_and_test():
    workflow = load("pull-request.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key "on" as True
    job = workflow["jobs"]["check"]
    assert job["container"].startswith("python:3.11-bookworm")  # Debian, for .ci/run's packages
    runs = [step.get("run", "") for step in job["steps"]]
    check = next(index for index, run in enumerate(runs) if "invoke check" in run)
    assert '--base "origin/$BASE_REF"' in runs[check] and "--published" in runs[check]
    assert any('invoke" build --output' in run for run in runs[:check])  # the base branch's urls.json
    assert runs.index(".venv/bin/invoke build") > check
    assert runs[-1] == "bash .ci/run"
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0


def test_main_is_built_for_production_and_deployed_with_the_pages_actions():
    workflow = load("deploy.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    build = steps(workflow, "build")
    uses = [step.get("uses", "").split("@")[0] for step in build]
    assert "actions/configure-pages" in uses and "actions/upload-pages-artifact" in uses
    publish = next(step for step in build if step.get("run") == ".venv/bin/invoke publish")
    assert publish["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert next(step for step in build if "upload-pages-artifact" in step.get("uses", ""))["with"]["path"] == "output"
    assert any("invoke check --published" in step.get("run", "") for step in build)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert steps(workflow, "deploy")[0]["uses"].startswith("actions/deploy-pages@")


def test_the_pre_commit_hook_runs_the_check_on_changed_content():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert config["repos"][0]["repo"] == "local"
    assert hook["entry"] == ".venv/bin/python contentcheck.py" and hook["language"] == "system"
    assert hook["files"] == "^(content|schemas)/"
