"""Property: whatever bytes an article holds, reading it gives an article or located problems, never an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content_model import parse_article, resolve_terms

from .test_bad_inputs import GOOD

KEYS = ["title", "date", "company", "product", "indications", "regulator", "event", "phase", "summary", "source", "updated", "slug", "status", "titel", ""]
YAML_BITS = ["[", "]", "{", "}", ":", ": ", "- ", "'", '"', "&a ", "*a", "!!python/object ", "|", ">", "#", "\t", "\n", "  ", ",", "~", "null", "2024-02-30", "中源协和", "\x00", "\ufeff", "\r\n", "---", "..."]

values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Vcanbio", "ACLF", "[ACLF, ARDS]", "2024-05-20", "2024-13-45", "trial-approval", "{name: X}", "[", "null", "600645"]),
    st.lists(st.sampled_from(YAML_BITS), max_size=8).map("".join),
)
front_matter = st.lists(st.tuples(st.sampled_from(KEYS), values), max_size=12).map(
    lambda pairs: "---\n" + "\n".join(f"{key}: {value}" for key, value in pairs) + "\n---\nBody\n"
)


def mutate(text: str, position: int, insert: str, cut: int) -> str:
    position %= len(text) + 1
    return text[:position] + insert + text[position + cut :]


mutated_good = st.builds(mutate, st.just(GOOD), st.integers(0, len(GOOD)), st.sampled_from(YAML_BITS), st.integers(0, 5))
raw_bytes = st.binary(max_size=300)
encodings = st.sampled_from(["utf-8", "utf-16", "gb18030", "latin-1"])


def check(data: bytes, registries, config) -> None:
    article, problems = parse_article(data, "a.md", config, "a", "2024")
    if article is None:
        assert problems and all(problem.path == "a.md" and problem.line >= 1 for problem in problems)
        return
    assert problems == []
    assert article.title and article.summary and article.slug and article.date.tzinfo is not None
    _, problems = resolve_terms(article, registries, config)
    assert all(problem.line >= 1 for problem in problems)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(front_matter, mutated_good), encoding=encodings)
def test_any_front_matter_gives_an_article_or_located_problems(text, encoding, registries, config):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    check(data, registries, config)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=raw_bytes)
def test_any_bytes_give_an_article_or_located_problems(data, registries, config):
    check(data, registries, config)
