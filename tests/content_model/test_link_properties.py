"""Property: whatever a body links to, reading the site gives the article with every link resolved inside
content/, or problems on the article's lines; never an exception, never a file published from elsewhere."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from content_model import SITE_ROOT, ContentConfig, load_site
from frontmatter_reader import FrontMatterReader
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import settings_for, write_site

ARTICLE = "articles/2024/prop.md"
HEAD = "---\ntitle: Linker\ndate: 2024-03-01\ncompany: Vcanbio\nsummary: A story.\n---\n"
DRAFT_HEAD = HEAD.replace("summary:", "status: draft\nsummary:")
BODY_LINE = 7
SEGMENTS = ["images", "sub", "a.png", "b.png", "my%20chart.png", "my chart.png", "\u56fe.png", "..", ".", "%2e%2e", "pipe.png",
            "inside.png", "outside.png", "loop.png", ".secret", "index.html", "Index.html", "articles", "Articles", "2024",
            "vum02-filing.md", "prop.md", "feeds", "all.atom.xml", "pages", "about.md", "companies", "vcanbio.yaml", "%00",
            "a&amp;b.png", "a&b.png", "CNAME", "theme", "", "a" * 300]  # fmt: skip
KINDS = ["static", "attach", "filename", "STATIC", "Static", "tag"]
MARKERS = ["{%s}", "|%s|", "%%7B%s%%7D", "{%s"]
SUFFIXES = ["", "#part", "?v=1", "?a=1&b=2#x"]
FORMS = ["[link]({url})", "![image]({url})", '<img src="{url}">', "<a href='{url}'>raw</a>", "[ref][r]\n\n[r]: {url}", "`{url}`",
         "<{url}>", "text {url} text"]  # fmt: skip

targets = st.builds(
    lambda kind, marker, prefix, segments, suffix: (marker % kind) + prefix + "/".join(segments) + suffix,
    st.sampled_from(KINDS), st.sampled_from(MARKERS), st.sampled_from(["", "/", "//", "./", "../", "%2F"]),
    st.lists(st.sampled_from(SEGMENTS), min_size=0, max_size=5), st.sampled_from(SUFFIXES),
)  # fmt: skip
links = st.builds(lambda form, target: form.replace("{url}", target), st.sampled_from(FORMS), targets)
bodies = st.lists(st.one_of(links, st.sampled_from(["Text.", "", "> quoted", "- item", "    code"])), max_size=6).map("\n\n".join)


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """A content folder with every kind of thing a link may lead to: files, folders, links in and out, a FIFO."""
    root = tmp_path_factory.mktemp("link-properties")
    content = write_site(root, {"images/a.png": "A", "images/sub/b.png": "B", "images/my chart.png": "C", "images/\u56fe.png": "D",
                                "images/.secret": "S", "images/a&b.png": "E", "index.html": "I", "CNAME": "N",
                                "pages/about.md": "---\ntitle: About\n---\nUs.\n", ".secret": "S"})  # fmt: skip
    os.mkfifo(content / "images/pipe.png")
    (content / "images/inside.png").symlink_to(content / "images/a.png")
    (root / "secret.txt").write_text("key")
    (content / "images/outside.png").symlink_to(root / "secret.txt")
    (content / "images/loop.png").symlink_to(content / "images/loop.png")
    return content


@pytest.fixture(scope="module")
def loader(content):
    full = settings_for(content)
    return ContentConfig.from_settings(full), FrontMatterReader(full)


def check(content: Path, loader, head: str, body: str) -> None:
    config, reader = loader
    (content / ARTICLE).write_text(head + body + "\n", encoding="utf-8")
    site, problems = load_site(config, reader, display_root=content.parent, workers=1)
    shown = f"content/{ARTICLE}"
    assert all(problem.path == shown and problem.line >= BODY_LINE for problem in problems), problems
    if problems:
        return
    [article] = [article for article in site.articles if article.slug == "prop"]
    root = content.resolve()
    for linked in site.linked_files:
        assert root in linked.path.parents and stat.S_ISREG(os.stat(linked.path).st_mode)
        assert not any(part.startswith(".") for part in linked.path.relative_to(root).parts)
        assert linked.path.relative_to(root).parts[0] not in ("articles", "pages", "companies", "diseases", "products", "regulators")
        assert not linked.save_as.startswith("/") and ".." not in linked.save_as.split("/")
        assert linked.save_as.split("/", 1)[0].casefold() not in config.reserved_folders or linked.beside_page
    for marker in ("{static}", "{attach}", "{filename}", "%7Bstatic%7D", "|static|"):
        assert f'="{marker}' not in article.body.replace(SITE_ROOT, "")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_any_links_in_a_published_body_resolve_inside_content_or_are_problems_on_their_lines(content, loader, body):
    check(content, loader, HEAD, body)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_a_draft_publishes_no_linked_file_whatever_it_links(content, loader, body):
    config, reader = loader
    (content / ARTICLE).write_text(DRAFT_HEAD + body + "\n", encoding="utf-8")
    site, problems = load_site(config, reader, display_root=content.parent, workers=1)
    assert all(problem.path == f"content/{ARTICLE}" and problem.line >= BODY_LINE + 1 for problem in problems), problems
    assert site.linked_files == []
