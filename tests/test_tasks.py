"""The command line: ``invoke check`` and ``invoke build`` on content with planted mistakes."""

from __future__ import annotations

import re
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
    result = run("new", "Northwind: NWB-101 filed in China", "--company", "Northwind Biologics", "--company", "600645",
                 "--product", "NWB-101", "--indication", "NSCLC", "--event", "filing-accepted", "--date", "2025-06-01",
                 "--settings", str(settings), cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    created = content_copy / "articles/2025/northwind-nwb-101-filed-in-china.md"
    assert created.read_text().splitlines()[:6] == [
        "---",
        "# yaml-language-server: $schema=../../../schemas/article.schema.json",
        "title: 'Northwind: NWB-101 filed in China'",
        "date: 2025-06-01",
        "company: [Northwind Biologics, '600645']",
        "indications: NSCLC",
    ]
    again = run("new", "Northwind: NWB-101 filed in China", "--company", "Vcanbio", "--date", "2025-06-01", "--settings", str(settings), cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    check = run("check", "--settings", str(settings), cwd=tmp_path)
    assert check.returncode == 1
    assert check.stderr.splitlines()[0] == 'content/articles/2025/northwind-nwb-101-filed-in-china.md:11: required key "summary" is missing or empty'


def test_new_with_a_summary_passes_the_check_at_once(content_copy, tmp_path):
    settings = settings_for(content_copy, tmp_path / "output")
    result = run("new", "Vcanbio starts VUM02 trial", "--company", "vcanbio", "--summary", "Dosing began: 12 patients.",
                 "--date", "2025-07-01T09:30", "--settings", str(settings), cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "summary: 'Dosing began: 12 patients.'" in (content_copy / "articles/2025/vcanbio-starts-vum02-trial.md").read_text()
    assert run("check", "--settings", str(settings), cwd=tmp_path).returncode == 0


def test_new_refuses_unknown_names_and_dates_that_are_not_iso(content_copy, tmp_path):
    settings = settings_for(content_copy, tmp_path / "output")
    result = run("new", "Eastbridge deal", "--company", "Eastbridge", "--event", "merger", "--date", "20/05/2024",
                 "--settings", str(settings), cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == 'Nothing written: --date "20/05/2024" is not an ISO date: write the year first, --date 2024-05-20 (20 May)'
    assert lines[1].startswith('company: "Eastbridge" is not a known company.') and lines[1].endswith('(invoke new --kind company "Eastbridge")')
    assert lines[2].startswith('event: "merger" is not a known event. Use one of: approval')
    assert not (content_copy / "articles/2024/eastbridge-deal.md").exists()
    ambiguous = run("new", "X", "--company", "Vcanbio", "--date", "05/06/2024", "--settings", str(settings), cwd=tmp_path)
    assert "--date 2024-06-05 (5 June) or 2024-05-06 (6 May)" in ambiguous.stderr


def test_new_kind_adds_registry_entries_the_check_then_completes(content_copy, tmp_path):
    settings = settings_for(content_copy, tmp_path / "output")
    company = run("new", "--kind", "company", "Eastbridge Biologics", "--field", "aliases=Eastbridge", "--field", "tickers=HKEX 2269",
                  "--settings", str(settings), cwd=tmp_path)  # fmt: skip
    assert company.returncode == 0, company.stderr
    assert (content_copy / "companies/eastbridge-biologics.yaml").read_text().splitlines() == [
        "# yaml-language-server: $schema=../../schemas/company.schema.json",
        "name: Eastbridge Biologics", "name_zh:", "description:", "aliases: Eastbridge", "tickers:", "- exchange: HKEX",
        "  symbol: '2269'", "headquarters:", "website:",
    ]  # fmt: skip
    product = run("new", "--kind", "product", "EBX-12", "--company", "Eastbridge", "--settings", str(settings), cwd=tmp_path)
    assert product.returncode == 0 and "fill in modality (one of: small-molecule, antibody," in product.stdout
    check = run("check", "--settings", str(settings), cwd=tmp_path)
    assert [line for line in check.stderr.splitlines() if line.startswith("content/")] == [
        'content/products/ebx-12.yaml:7: required key "modality" is missing or empty'
    ]
    for refused, message in [
        (["--kind", "company", "Vcanbio"], '"Vcanbio" is already the company content/companies/vcanbio.yaml'),
        (["--kind", "product", "EBX-13", "--company", "Eastbrdge"], 'company: "Eastbrdge" is not a known company. Did you mean "Eastbridge"'),
        (["--kind", "disease", "Foo syndrome", "--field", "therapeutic_area=oncolgy"], 'therapeutic_area: "oncolgy" is not a known'),
        (["--kind", "widget", "W"], '--kind "widget": use article or one of: company, disease, product, regulator'),
    ]:
        result = run("new", *refused, "--settings", str(settings), cwd=tmp_path)
        assert result.returncode == 1 and message in result.stderr, result.stderr
    assert not (content_copy / "products/ebx-13.yaml").exists() and not (content_copy / "diseases/foo-syndrome.yaml").exists()


def test_new_help_works_both_ways(tmp_path):
    for args in (["new", "--help"], ["--help", "new"]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 0 and "--indication" in result.stdout and "--kind" in result.stdout, result.stderr


def test_readme_lists_every_task():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("Other tasks", 1)[1].split("\n\n|", 1)[1].split("\n\n", 1)[0]
    listed = set(re.findall(r"^\| `([a-z]+)` \|", "|" + table, re.MULTILINE))
    tasks = subprocess.run([str(INVOKE), "-r", str(ROOT), "--list"], capture_output=True, text=True, check=True).stdout
    assert listed == set(re.findall(r"^  ([a-z]+)", tasks, re.MULTILINE))
