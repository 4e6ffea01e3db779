"""The command line: ``invoke check`` and ``invoke build`` on content with planted mistakes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

INVOKE = Path(sys.executable).parent / "invoke"


def settings_for(content: Path, output: Path) -> Path:
    """A settings file that is the project's, pointed at another content folder."""
    settings = content.parent / "testconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        f"PATH = {str(content)!r}\nOUTPUT_PATH = {str(output)!r}\n"
    )
    return settings


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(INVOKE), "-r", str(ROOT), *args], cwd=cwd, capture_output=True, text=True, check=False)


def set_line(content: Path, relative: str, key: str, new: str | None) -> int:
    """Replace (or, with None, delete) the front matter line starting ``key:``; return its number."""
    path = content / relative
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key}:"))
    if new is None:
        del lines[number - 1]
    else:
        lines[number - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number


@pytest.fixture
def planted(content_copy, tmp_path):
    """The sample content with the judged mistakes planted, one per file, and the lines they must be reported on."""
    mistakes = [
        # (file, key, new line, message fragment); a None line deletes the key and is reported on line 1
        ("articles/2024/cde-accepts-vum02-filing-in-agvhd.md", "company", "company: Vcanbo", 'company: "Vcanbo" is not a known company. Did you mean "Vcanbio"'),
        ("articles/2024/cde-accepts-vum02-filings-in-aclf-and-ards.md", "title", 'title: "VUM02 filings accepted', "quotation mark that opens this value is never closed"),
        ("articles/2024/cde-approves-vum02-trial-in-ipf.md", "title", None, 'required key "title" is missing'),
        ("articles/2024/crestmoor-starts-phase-1-study-of-cmp-601.md", "date", "date: 2023-02-29", "February 2023 has 28 days"),
        ("articles/2024/nwb-101-phase-2-data-in-lung-and-liver-cancer.md", "indications", "indications: NSCLC, HCC", "write a YAML list: indications: [NSCLC, HCC]"),
        ("articles/2024/nmpa-approves-bluegate-lung-cancer-gene-panel.md", "summary", "sumary: A gene panel was approved.", 'unknown key "sumary". Did you mean "summary"?'),
    ]
    expected = {}
    for relative, key, new, fragment in mistakes:
        number = set_line(content_copy, relative, key, new)
        expected[f"content/{relative}"] = (number if new is not None else 1, fragment)
    gbk = "---\ntitle: 中源协和获批\ndate: 2025-05-01\ncompany: 中源协和\nsummary: 测试\n---\n正文\n".encode("gbk")
    (content_copy / "articles" / "2025" / "gbk-encoded.md").write_bytes(gbk)
    expected["content/articles/2025/gbk-encoded.md"] = (2, "not UTF-8: byte 0xD6 at byte offset 11")
    return settings_for(content_copy, tmp_path / "output"), expected


def test_check_passes_on_the_sample_content():
    result = run("check", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")


def test_check_lists_one_located_problem_per_planted_mistake(planted, tmp_path):
    settings, expected = planted
    result = run("check", "--settings", str(settings), cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert len(lines) == len(expected), result.stderr
    for line in lines:
        path, number, message = line.split(":", 2)
        expected_line, fragment = expected[path]
        assert int(number) == expected_line, line
        assert fragment in message, line


def test_build_refuses_the_same_content_and_keeps_the_old_site(planted, tmp_path):
    settings, expected = planted
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous site")
    result = run("build", "--settings", str(settings), cwd=tmp_path)
    assert result.returncode == 1
    reported = {line.split(":", 1)[0] for line in result.stderr.splitlines() if line.startswith("content/")}
    assert reported == set(expected)
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text() == "previous site"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output-")]


def test_new_starts_an_article_that_check_then_asks_to_complete(content_copy, tmp_path):
    settings = settings_for(content_copy, tmp_path / "output")
    result = run("new", "--title", "Northwind files NWB-101 in China", "--company", "Northwind Biologics", "--date", "2025-06-01", "--settings", str(settings), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    created = content_copy / "articles/2025/northwind-files-nwb-101-in-china.md"
    assert created.is_file()
    again = run("new", "--title", "Northwind files NWB-101 in China", "--company", "x", "--date", "2025-06-01", "--settings", str(settings), cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    check = run("check", "--settings", str(settings), cwd=tmp_path)
    assert check.returncode == 1
    assert check.stderr.splitlines()[0] == 'content/articles/2025/northwind-files-nwb-101-in-china.md:9: required key "summary" is missing or empty'
