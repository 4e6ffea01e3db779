"""The Nu HTML checker (vnu.jar, as the W3C validator runs it) on every page, stylesheet and SVG of the
sample site: no error."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from .conftest import VNU, require


def test_every_page_stylesheet_and_svg_is_valid(sample_site):
    vnu = require(VNU, "The Nu HTML checker")
    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu HTML checker needs Java: apt-get install default-jre-headless")
    pages = sorted(str(path) for path in sample_site.rglob("*.html"))
    theme = sorted(str(path) for path in (sample_site / "theme").rglob("*") if path.suffix in (".css", ".svg"))
    assert len(pages) > 50 and theme
    run = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", "--also-check-css", "--also-check-svg", *pages, *theme],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    messages = json.loads(run.stderr)["messages"]
    errors = [f'{message.get("url", "").removeprefix("file:")}:{message.get("lastLine", "?")}: {message["message"]}' for message in messages]
    assert errors == [], "\n".join(errors)
    assert run.returncode == 0
