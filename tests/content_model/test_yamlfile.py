"""YAML reading keeps the editor's text and lines, and splits front matter strictly."""

from __future__ import annotations

from content_model.source import decode_source
from content_model.yamlfile import parse_yaml, split_front_matter


def test_scalars_stay_text_as_typed():
    located, problems = parse_yaml("title: No\nticker: 600645\ndate: 2024-05-20\nempty:\n", "x")
    assert problems == []
    assert located.plain() == {"title": "No", "ticker": "600645", "date": "2024-05-20", "empty": None}


def test_lines_are_file_lines():
    located, _ = parse_yaml("a: 1\nb:\n  - x\n  - y\n", "x", first_line=2)
    assert located.value["a"].line == 2
    assert [item.line for item in located.value["b"].value] == [4, 5]


def test_front_matter_split_reports_body_line():
    document, problems = split_front_matter("---\na: 1\n---\nbody\n", "x")
    assert problems == []
    assert (document.front_matter, document.body, document.body_line) == ("a: 1", "body\n", 4)


def test_bom_and_crlf_are_accepted():
    text, problems = decode_source("\ufeff---\r\ntitle: x\r\n---\r\n".encode(), "x")
    assert problems == []
    assert text == "---\ntitle: x\n---\n"
