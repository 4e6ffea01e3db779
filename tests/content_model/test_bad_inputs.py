"""The table of bad inputs: each must give exactly one problem, on its line, saying what to do."""

from __future__ import annotations

import pytest

from content_model import parse_article, resolve_terms

GOOD = """---
title: Vcanbio cleared to test VUM02
date: 2024-05-20
company: Vcanbio
product: VUM02
indications: [ACLF, ARDS]
regulator: NMPA
event: trial-approval
summary: The regulator approved trials in two indications.
---
Body text.
"""


def replace(line: str, new: str) -> bytes:
    """The good article with the line starting ``line`` replaced (or removed, if new is empty)."""
    lines = GOOD.split("\n")
    index = next(i for i, text in enumerate(lines) if text.startswith(line))
    if new:
        lines[index] = new
    else:
        del lines[index]
    return "\n".join(lines).encode()


BAD_INPUTS = [
    # (case id, file bytes, expected line, fragments the message must contain)
    ("misspelt company", replace("company:", "company: Vcanbo"), 4, ['"Vcanbo" is not a known company', 'Did you mean "Vcanbio"', "content/companies/<slug>.yaml"]),
    ("misspelt disease", replace("indications:", "indications: [ACLF, ARDSS]"), 6, ['"ARDSS" is not a known disease', 'Did you mean "ARDS"']),
    ("misspelt product", replace("product:", "product: VUM2"), 5, ['"VUM2" is not a known product', '"VUM02"']),
    ("unknown regulator", replace("regulator:", "regulator: MHRA"), 7, ['"MHRA" is not a known regulator', "content/regulators/<slug>.yaml"]),
    ("product under company", replace("company:", "company: VUM02"), 4, ['"VUM02" is a product', "list it under product:"]),
    ("comma string list", replace("indications:", "indications: ACLF, ARDS"), 6, ['"ACLF, ARDS" is one piece of text with commas', "indications: [ACLF, ARDS]"]),
    ("unclosed quote", replace("title:", 'title: "Vcanbio cleared'), 2, ["quotation mark", "never closed"]),
    ("tab indentation", replace("indications:", "indications:\n\t- ACLF"), 7, ["YAML syntax error", "spaces, not tabs"]),
    ("colon in plain value", replace("title:", "title: Deal: A and B"), 2, ["YAML syntax error", "in quotes"]),
    ("missing title", replace("title:", ""), 1, ['required key "title" is missing']),
    ("missing summary", replace("summary:", ""), 1, ['required key "summary" is missing']),
    ("missing company", replace("company:", ""), 1, ['required key "company" is missing']),
    ("empty title", replace("title:", "title:"), 2, ['required key "title" is missing or empty']),
    ("impossible date", replace("date:", "date: 2024-02-30"), 3, ["not a real date", "February 2024 has 29 days"]),
    ("month 13", replace("date:", "date: 2024-13-01"), 3, ["no month 13"]),
    ("not ISO date", replace("date:", "date: 20 May 2024"), 3, ["not an ISO 8601 date", "YYYY-MM-DD"]),
    ("impossible time", replace("date:", "date: 2024-05-20T25:00"), 3, ["not a real time of day"]),
    ("implausible year", replace("date:", "date: 0024-05-20"), 3, ["year 24"]),
    ("misspelt key", replace("summary:", "sumary: The regulator approved trials."), 9, ['unknown key "sumary"', 'Did you mean "summary"']),
    ("singular indication key", replace("indications:", "indication: ACLF"), 6, ['unknown key "indication"', 'Did you mean "indications"']),
    ("event outside vocabulary", replace("event:", "event: approved"), 8, ['"approved" is not a known event', "approval"]),
    ("phase outside vocabulary", replace("event:", "phase: phase 5"), 8, ['"phase 5" is not a known phase']),
    ("title is a list", replace("title:", "title: [a, b]"), 2, ["title: must be text, found a list"]),
    ("summary is a mapping", replace("summary:", "summary: {a: b}"), 9, ["summary: must be text, found a mapping"]),
    ("duplicate key", replace("event:", "event: trial-approval\ntitle: again"), 9, ['key "title" appears twice', "line 2"]),
    ("bad slug", replace("event:", "slug: ../../etc/evil"), 8, ["not a valid slug"]),
    ("escaped control character", replace("title:", 'title: "Vcanbio\\e cleared"'), 2, ["control character U+001B", "escape"]),
    ("typographic quotes", replace("title:", "title: \u201cVcanbio cleared\u201d"), 2, ["typographic quotes", "straight quotes"]),
    ("time zone offset out of range", replace("date:", "date: 2024-05-20T09:30+00:99"), 3, ["has the time-zone offset +00:99, which no time zone has"]),
    ("non-ASCII digits", replace("date:", "date: \u0662\u0660\u0662\u0664-05-20"), 3, ["not an ISO 8601 date"]),
    ("two events", replace("event:", "event: [approval, deal]"), 8, ["give one event, not a list"]),
    ("alias not a site path", replace("event:", "aliases: [https://example.com/x]"), 8, ["is not a path of this site"]),
    ("year folder", replace("date:", "date: 2023-05-20"), 3, ["dated 2023 but filed in the folder 2024/"]),
    ("updated before date", replace("event:", "updated: 2024-01-01"), 8, ["earlier than the article's date"]),
    ("bad status", replace("event:", "status: archived"), 8, ['"archived" is not a known status']),
    ("source without name", replace("event:", "source: {url: https://example.com}"), 8, ['source: required key "name"']),
    ("source url not a URL", replace("event:", "source: {name: X, url: www.example.com}"), 8, ["not a web address"]),
    ("no front matter", b"Just a body\n", 1, ["must start with a line '---'"]),
    ("front matter never closed", b"---\ntitle: x\n", 1, ["never closed"]),
    ("front matter not a mapping", b"---\n- a\n- b\n---\nbody\n", 2, ["expected keys and values"]),
    ("empty file", b"", 1, ["file is empty"]),
    ("whitespace-only file", b"  \n\n", 1, ["file is empty"]),
    ("GBK encoded", GOOD.replace("Body text.", "中源协和").encode("gbk"), 11, ["not UTF-8", "byte offset", "GBK", "re-save the file with UTF-8"]),
    ("control character", replace("title:", "title: Vcanbio\x07 cleared"), 2, ["control character U+0007"]),
    ("title too long", replace("title:", "title: " + "x" * 201), 2, ["keep it to 200"]),
    ("alias bomb", b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n", 5, ["repeats anchors"]),
]


def read(data: bytes, config, registries, path="content/articles/2024/x.md"):
    """Every problem one article file has: its front matter's, then its names'."""
    article, problems = parse_article(data, path, config, "x", "2024")
    if article is not None:
        _, problems = resolve_terms(article, registries, config)
    return article, problems


@pytest.mark.parametrize(("data", "line", "fragments"), [case[1:] for case in BAD_INPUTS], ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_gives_one_located_problem(data, line, fragments, registries, config):
    _, problems = read(data, config, registries)
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.path == "content/articles/2024/x.md"
    assert problem.line == line, str(problem)
    for fragment in fragments:
        assert fragment in problem.message, str(problem)


def test_the_good_article_is_valid(registries, config):
    article, problems = read(GOOD.encode(), config, registries)
    assert problems == []
    terms, _ = resolve_terms(article, registries, config)
    assert [entity.slug for entity in terms["disease"]] == ["acute-on-chronic-liver-failure", "acute-respiratory-distress-syndrome"]
    assert [term.slug for term in terms["therapeutic_area"]] == ["hepatology", "pulmonology"]
    assert article.slug == "x"  # the file's name, whatever the headline says


def test_every_problem_in_a_file_is_reported_at_once(config):
    data = b"---\ntitel: x\ndate: 2024-02-30\ncompany: A\nphase: nope\n---\n"
    _, problems = parse_article(data, "x.md", config, "x", "2024")
    assert sorted((p.line, p.message.split(":")[0]) for p in problems) == [
        (1, 'required key "summary" is missing or empty'),
        (2, 'unknown key "titel". Did you mean "title"? Allowed keys'),
        (3, "date"),
        (5, "phase"),
    ]
