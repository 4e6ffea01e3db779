"""Bodies render through the MARKDOWN setting, then the sanitiser keeps what the extensions make and nothing live."""

from __future__ import annotations

import copy

import pytest
from bs4 import BeautifulSoup

from frontmatter_reader import BodyRenderer, markdown_options
from frontmatter_reader.render import MAX_NESTING

TRADE_STORY = """\
## Trial design

The study randomised patients 2:1.[^design]

| Arm | Patients | Dose |
|:----|---------:|:----:|
| VUM02 | 120 | 1×10⁶ cells/kg |
| Placebo | 60 | — |

Primary endpoint
:   Transplant-free survival at day 90.

*[ACLF]: acute-on-chronic liver failure

ACLF has no approved medicine.

```python
print("dose")
```

[^design]: From the company's filing with the exchange.
"""


@pytest.fixture(scope="module")
def renderer(fixture_settings):
    return BodyRenderer(fixture_settings)


def render(renderer, text, first_line=10):
    html, links, problems = renderer.render(text, "content/articles/2024/x.md", first_line)
    return BeautifulSoup(html, "html.parser"), links, problems


def test_tables_keep_their_column_alignment(renderer):
    soup, _, problems = render(renderer, TRADE_STORY)
    assert problems == []
    headers = soup.select("table thead th")
    assert [(th.get_text(), th.get("align")) for th in headers] == [("Arm", "left"), ("Patients", "right"), ("Dose", "center")]
    assert [td.get_text() for td in soup.select("table tbody tr")[0].find_all("td")] == ["VUM02", "120", "1×10⁶ cells/kg"]
    assert soup.find(style=True) is None


def test_footnotes_link_both_ways(renderer):
    soup, _, _ = render(renderer, TRADE_STORY)
    reference = soup.select_one("sup a.footnote-ref")
    note = soup.select_one("div.footnote li")
    assert reference["href"] == f"#{note['id']}"
    assert soup.select_one("a.footnote-backref")["href"] == f"#{soup.select_one('sup')['id']}"
    assert "From the company's filing" in note.get_text()


def test_code_is_highlighted_by_classes_not_inline_styles(renderer):
    soup, _, _ = render(renderer, TRADE_STORY)
    block = soup.select_one("div.highlight pre")
    assert block is not None and block.select("span.nb, span.s2")
    assert not soup.select("[style]")


def test_definition_lists_abbreviations_and_heading_ids(renderer):
    soup, _, _ = render(renderer, TRADE_STORY)
    assert [(dt.get_text(), dd.get_text(strip=True)) for dt, dd in zip(soup.select("dt"), soup.select("dd"))] == [
        ("Primary endpoint", "Transplant-free survival at day 90.")
    ]
    assert soup.select_one("abbr")["title"] == "acute-on-chronic liver failure"
    assert soup.select_one("h2")["id"] == "trial-design"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        "<style>body{display:none}</style>",
        '<iframe src="https://evil.example.com"></iframe>',
        '<div onclick="alert(1)" style="position:fixed">x</div>',
        '<form action="https://evil.example.com"><input name="x"></form>',
        "Text {: onclick=alert(1) style=color:red }",
        '<span class="search" data-x="1">fake ui</span>',
    ],
)
def test_nothing_live_survives(renderer, hostile):
    soup, _, _ = render(renderer, hostile)
    html = str(soup)
    for tag in ("script", "style", "iframe", "form", "input"):
        assert soup.find(tag) is None, html
    for element in soup.find_all(True):
        assert not [name for name in element.attrs if name.startswith("on") or name in ("style", "data-x")], html
        assert "search" not in element.get("class", []), html
        for name in ("href", "src"):
            assert not element.get(name, "").lower().startswith(("javascript:", "data:")), html


def test_links_to_content_files_are_found_on_their_lines(renderer):
    text = "Intro.\n\nSee [filing]({filename}../2024/a.md) and\n![chart]({static}/images/c.png).\n"
    _, links, problems = render(renderer, text, first_line=7)
    assert problems == []
    assert [(link.what, link.target, link.line) for link in links] == [("filename", "../2024/a.md", 9), ("static", "/images/c.png", 10)]


def test_each_link_gets_the_line_of_its_own_mention_in_any_form(renderer):
    text = ("One ![a]({static}/a.png).\n\nTwo ![a again]({static}/a.png).\n\n[ref][r] and ![c](<{static}/my chart.png>)\n\n"
            '<img src="{static}/a&amp;b.png"> ![d]({static}/c&d.png)\n\n[r]: {static}/r.pdf\n')  # fmt: skip
    _, links, _ = render(renderer, text, first_line=7)
    assert [(link.target, link.line) for link in links] == [
        ("/a.png", 7), ("/a.png", 9), ("/r.pdf", 15), ("/my chart.png", 11), ("/a&amp;b.png", 13), ("/c&amp;d.png", 13),
    ]  # fmt: skip


def test_runaway_nesting_is_refused_on_its_line(renderer):
    text = "Start.\n\n" + "".join("  " * depth + "- item\n" for depth in range(MAX_NESTING + 4))
    _, _, [problem] = render(renderer, text, first_line=7)
    assert problem.line == 7 + 2 + MAX_NESTING
    assert f"at most {MAX_NESTING}" in problem.message


def test_the_markdown_setting_is_followed_and_never_changed(fixture_settings):
    configured = copy.deepcopy(fixture_settings["MARKDOWN"])
    options = markdown_options(fixture_settings["MARKDOWN"])
    assert fixture_settings["MARKDOWN"] == configured
    assert set(configured["extension_configs"]) <= set(options["extensions"])
    assert "markdown.extensions.meta" not in options["extensions"]
    plain = BodyRenderer({**fixture_settings, "MARKDOWN": {"output_format": "html5"}})
    html, _, _ = plain.render("| a | b |\n|---|---|\n| 1 | 2 |\n", "x.md", 1)
    assert "<table>" not in html  # without the tables extension, as configured


def test_a_body_that_starts_like_metadata_stays_text(renderer):
    soup, _, _ = render(renderer, "Note: the trial is ongoing.\n\nMore text.")
    assert soup.p.get_text() == "Note: the trial is ongoing."
