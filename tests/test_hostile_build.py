"""Hostile or careless content and settings, each tried in a real build against the build guarantees.

A refused build must name every problem as ``path:line: message`` (never a traceback), give
``invoke check`` (``sitebuild.check``) the very same problems, and leave the previous site byte for
byte; what is allowed must publish exactly the files it links, once each, and nothing a draft links.
The classes: linked files ({static}, {attach}, {filename}), aliases, special files and pathological
input, text that reaches the terminal, values, and settings that would make a build destroy its sources.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from content_model.source import MAX_FILE_BYTES
from content_model.yamlfile import MAX_YAML_CHARACTERS
from frontmatter_reader import render

import sitebuild

from .conftest import FIXTURE_SITE, LOCAL_SETTINGS, ROOT, build_content, write_site
from .test_links import target_of

ARTICLE = "articles/2024/x.md"
BODY_LINE = 7  # the first body line of an article written by story() without extra keys
# path:line: message, or path: message for a whole file; the path and message printable (no raw control character).
LOCATED = re.compile(r"^[^\x00-\x1f\x7f]+?(?::[0-9]+)?: [^\x00-\x1f\x7f]+$")


def story(body: str = "Body.", *extra: str, title: str = "A story", date: str = "2024-03-01") -> str:
    """An article (the body starts on BODY_LINE + len(extra))."""
    return "\n".join(["---", f"title: {title}", f"date: {date}", "company: Vcanbio", "summary: A story.", *extra, "---", body, ""])


def page(body: str, *extra: str, title: str = "About") -> str:
    """A page (the body starts on line 4 + len(extra))."""
    return "\n".join(["---", f"title: {title}", *extra, "---", body, ""])


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A site built from the fixture content: every refused build below goes into its folder."""
    output = build_content(FIXTURE_SITE, tmp_path_factory.mktemp("previous") / "output")
    return output, tree_digest(output)


def refused(previous, content: Path, **settings) -> list[str]:
    """Build ``content`` into the previous site's folder: the problems, checked against the guarantees."""
    output, before = previous
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_content(content, output, **settings)
    lines = failure.value.lines
    assert tree_digest(output) == before
    assert all(LOCATED.match(line) for line in lines), lines
    _, problems = sitebuild.check(LOCAL_SETTINGS, {"PATH": str(content), **settings})
    assert sorted(str(problem) for problem in problems) == sorted(lines)
    return lines


def refused_with(previous, tmp_path: Path, files: dict, prepare, problems) -> None:
    """Write ``files`` (then ``prepare`` the content folder, if given): the build is refused with exactly
    ``problems``, each (path inside content, line, fragment of the message)."""
    content = write_site(tmp_path, files)
    if prepare is not None:
        prepare(content)
    expect(refused(previous, content), *((located(content, path, line), fragment) for path, line, fragment in problems))


def located(content: Path, relative: str, line: int | None = None) -> str:
    """The start of a problem line for ``relative`` (a path inside the content folder)."""
    shown = os.path.relpath(content / relative)
    return f"{shown}:{line}: " if line else f"{shown}: "


def expect(lines: list[str], *problems: tuple[str, str]) -> None:
    """One line for each problem, starting with its location and holding its fragment."""
    assert len(lines) == len(problems), lines
    unmatched = list(lines)
    for start, fragment in problems:
        line = next((line for line in unmatched if line.startswith(start) and fragment in line), None)
        assert line is not None, (start, fragment, lines)
        unmatched.remove(line)


def fifo(relative: str):
    def make(content: Path) -> None:
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(content / relative)

    return make


def symlink(relative: str, target: str):
    """``relative`` becomes a link to ``target`` (inside the content folder unless it is absolute)."""

    def make(content: Path) -> None:
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target if target.startswith("/") else content / target)

    return make


def unix_socket(relative: str):
    def make(content: Path) -> None:
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        os.mknod(content / relative, 0o600 | stat.S_IFSOCK)

    return make


def char_device(relative: str):
    def make(content: Path) -> None:
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        os.mknod(content / relative, 0o600 | stat.S_IFCHR, os.makedev(1, 5))

    return make


ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
LINK = BODY_LINE + 2  # the line of the link in bodies written as "Intro.\n\n<link>"


def linking(link: str, *extra: str) -> dict[str, str]:
    """An article whose body links on line LINK (+ extra keys), and the files it may link to."""
    return {ARTICLE: story(f"Intro.\n\n{link}", *extra)}


# (files, how to prepare the content folder, [(file, line, fragment of the message)])
LINKED_FILES = {
    "static over the home page": ({"index.html": "x", **linking("[x]({static}/index.html)")}, None,
                                  [(ARTICLE, LINK, "would take the place of the site's own index.html")]),
    "static over a feed": ({"feeds/all.atom.xml": "x", **linking("[x]({static}/feeds/all.atom.xml)")}, None,
                           [(ARTICLE, LINK, "the site's own feeds/all.atom.xml")]),
    "static over the theme's CSS": ({"theme/css/site.css": "x", **linking("[x]({static}/theme/css/site.css)")}, None,
                                    [(ARTICLE, LINK, "the site's own theme/css/site.css")]),
    "static over the search bundle": ({"pagefind/pagefind.js": "x", **linking("[x]({static}/pagefind/pagefind.js)")}, None,
                                      [(ARTICLE, LINK, "the site's own pagefind/pagefind.js")]),
    "static over the sitemap": ({"sitemap.xml": "x", **linking("[x]({static}/sitemap.xml)")}, None,
                                [(ARTICLE, LINK, "the site's own sitemap.xml")]),
    "static over urls.json": ({"urls.json": "x", **linking("[x]({static}/urls.json)")}, None, [(ARTICLE, LINK, "the site's own urls.json")]),
    "static over robots.txt": ({"robots.txt": "x", **linking("[x]({static}/robots.txt)")}, None, [(ARTICLE, LINK, "the site's own robots.txt")]),
    "static over the 404 page": ({"404.html": "x", **linking("[x]({static}/404.html)")}, None, [(ARTICLE, LINK, "the site's own 404.html")]),
    "static over the host headers": ({"_headers": "x", **linking("[x]({static}/_headers)")}, None, [(ARTICLE, LINK, "the site's own _headers")]),
    "static over another article": (
        {"news/2024/02/vum02-filing/index.html": "x", **linking("[x]({static}/news/2024/02/vum02-filing/index.html)")}, None,
        [(ARTICLE, LINK, "the site's own news/2024/02/vum02-filing/index.html")]),
    "static over an event page": ({"events/approval/index.html": "x", **linking("[x]({static}/events/approval/index.html)")}, None,
                                  [(ARTICLE, LINK, "the site's own events/approval/index.html")]),
    "static over the second front page": ({"page/2/index.html": "x", **linking("[x]({static}/page/2/index.html)")}, None,
                                          [(ARTICLE, LINK, "the site's own page/2/index.html")]),
    "static over a page": ({"about/index.html": "x", "pages/about.md": page("About us."), **linking("[x]({static}/about/index.html)")},
                           None, [(ARTICLE, LINK, "the site's own about/index.html, written for")]),
    "a file where a page's folder is": ({"about": "x", "pages/about.md": page("About us."), **linking("[x]({static}/about)")}, None,
                                        [(ARTICLE, LINK, "the folder about/ the site writes pages into")]),
    "a file in the place of a site file's folder": ({"urls.json/x.png": "x", **linking("![x]({static}/urls.json/x.png)")}, None,
                                                    [(ARTICLE, LINK, "the site's own urls.json, which would have to be a folder")]),
    "attach over its own page": ({"images/index.html": "x", **linking("[x]({attach}/images/index.html)")}, None,
                                 [(ARTICLE, LINK, "the site's own news/2024/03/x/index.html, written for")]),
    "case trick on the home page": ({"Index.html": "x", **linking("[x]({static}/Index.html)")}, None,
                                    [(ARTICLE, LINK, "the site's own Index.html")]),
    "case trick on the feeds": ({"FEEDS/all.atom.xml": "x", **linking("[x]({static}/FEEDS/all.atom.xml)")}, None,
                                [(ARTICLE, LINK, "the site's own FEEDS/all.atom.xml")]),
    "case trick on the theme": ({"Theme/js/search.js": "x", **linking("[x]({static}/Theme/js/search.js)")}, None,
                                [(ARTICLE, LINK, "the site's own Theme/js/search.js")]),
    "the articles under another case, linked": ({**linking("[x]({static}/Articles/2024/vum02-filing.md)")},
                                                symlink("Articles", "articles"), [(ARTICLE, LINK, "is a content source file")]),
    "a kept entry of the output folder": ({"CNAME": "evil.example", **linking("[x]({static}/CNAME)")}, None,
                                          [(ARTICLE, LINK, "CNAME, which the output folder keeps from one build to the next")]),
    "a file in the deploy checkout": ({".git/HEAD": "x", **linking("[x]({static}/.git/HEAD)")}, None, [(ARTICLE, LINK, "is a hidden file")]),
    "a hidden file": ({".env": "SECRET=1", **linking("[x]({static}/.env)")}, None, [(ARTICLE, LINK, "is a hidden file")]),
    "a hidden file through a link": ({".env": "SECRET=1", **linking("[x]({static}/images/env.txt)")}, symlink("images/env.txt", ".env"),
                                     [(ARTICLE, LINK, "is a hidden file")]),
    "two files attached under one name": (
        {"images/a/c.png": "1", "images/b/c.png": "2", ARTICLE: story("Intro.\n\n![a]({attach}/images/a/c.png)\n\n![b]({attach}/images/b/c.png)")},
        None, [(ARTICLE, LINK + 2, "images/b/c.png would be written to news/2024/03/x/c.png, where")]),
    "a static and an attached file at one path": (
        {"about/c.png": "1", "images/c.png": "2", "pages/about.md": page("![a]({attach}/images/c.png)"),
         **linking("![b]({static}/about/c.png)")}, None, [("pages/about.md", 4, "images/c.png would be written to about/c.png, where")]),
    "two files whose names differ in case only": (
        {"images/A.png": "1", "images/a.png": "2", ARTICLE: story("Intro.\n\n![a]({static}/images/A.png)\n\n![b]({static}/images/a.png)")},
        None, [(ARTICLE, LINK + 2, "(the names differ only in case)")]),
    "a missing file": (linking("![x]({static}/images/none.png)"), None, [(ARTICLE, LINK, "there is no file content/images/none.png")]),
    "a missing file in raw HTML": (linking('<p><img src="{static}/images/none.png"></p>'), None,
                                   [(ARTICLE, LINK, "there is no file content/images/none.png")]),
    "a missing file in the |static| form": (linking("![x](|static|/images/none.png)"), None, [(ARTICLE, LINK, "content/images/none.png")]),
    "a missing file in the %7Bstatic%7D form": (linking("![x](%7Bstatic%7D/images/none.png)"), None,
                                               [(ARTICLE, LINK, "content/images/none.png")]),
    "a missing file linked from a page": ({"pages/about.md": page("Intro.\n\n![x]({static}/images/none.png)")}, None,
                                          [("pages/about.md", 6, "there is no file content/images/none.png")]),
    "a missing file linked from a draft": (linking("![x]({static}/images/none.png)", "status: draft"), None,
                                           [(ARTICLE, LINK + 1, "there is no file content/images/none.png")]),
    "a folder": ({"images/sub/c.png": "x", **linking("[x]({static}/images/sub)")}, None, [(ARTICLE, LINK, "it is a folder, not a file")]),
    "the content folder": (linking("[x]({static}/)"), None, [(ARTICLE, LINK, "is the content folder itself")]),
    "a FIFO": (linking("![x]({static}/images/p.png)"), fifo("images/p.png"), [(ARTICLE, LINK, "it is not a regular file")]),
    "a socket": (linking("![x]({static}/images/s.png)"), unix_socket("images/s.png"), [(ARTICLE, LINK, "it is not a regular file")]),
    "a character device": pytest.param(linking("![x]({static}/images/z.png)"), char_device("images/z.png"),
                                       [(ARTICLE, LINK, "it is not a regular file")], marks=ROOT_ONLY),
    "a symbolic link that loops": (linking("![x]({static}/images/l.png)"), symlink("images/l.png", "images/l.png"),
                                   [(ARTICLE, LINK, "a symbolic link that leads to itself")]),
    "a symbolic link out of content": (linking("![x]({static}/images/h.png)"), symlink("images/h.png", "/etc/hostname"),
                                       [(ARTICLE, LINK, "leads outside content/ (through a link)")]),
    "a symbolic link to a device": (linking("![x]({static}/images/z.png)"), symlink("images/z.png", "/dev/zero"),
                                    [(ARTICLE, LINK, "leads outside content/ (through a link)")]),
    "a symbolic link to a draft's source": ({"articles/2024/d.md": story("Secret.", "status: draft"), **linking("[x]({static}/images/d.md)")},
                                            symlink("images/d.md", "articles/2024/d.md"), [(ARTICLE, LINK, "is a content source file")]),
    "a linked folder to the articles": (linking("[x]({static}/linked/2024/vum02-filing.md)"), symlink("linked", "articles"),
                                        [(ARTICLE, LINK, "is a content source file")]),
    "a registry file": (linking("[x]({static}/companies/vcanbio.yaml)"), None, [(ARTICLE, LINK, "is a content source file")]),
    "dot-dot out of content": (linking("![x]({static}../../../etc/passwd)"), None, [(ARTICLE, LINK, "points outside content/")]),
    "percent-encoded dot-dot": (linking("![x]({static}/%2e%2e/%2e%2e/etc/passwd)"), None, [(ARTICLE, LINK, "points outside content/")]),
    "a percent-encoded NUL": (linking("![x]({static}/images/a%00b.png)"), None, [(ARTICLE, LINK, "it holds a NUL character")]),
    "a very long path": (linking(f"[x]({{static}}/{'a' * 5000})"), None, [(ARTICLE, LINK, "the path is too long")]),
    "a very long name": (linking(f"[x]({{static}}/{'a' * 300}.png)"), None, [(ARTICLE, LINK, "the path is too long")]),
    "a very deep path": (linking(f"[x]({{static}}/{'/'.join(['folder'] * 700)})"), None, [(ARTICLE, LINK, "the path is too long")]),
    "a link to a missing article": (linking("[x]({filename}missing.md)"), None, [(ARTICLE, LINK, "there is no article or page")]),
    "a link to a draft": ({"articles/2024/d.md": story("x", "status: draft"), **linking("[x]({filename}d.md)")}, None,
                          [(ARTICLE, LINK, "leads to a draft, so the link would lead nowhere")]),
    "a link to a held-back story": ({"articles/2099/d.md": story("x", date="2099-03-01"), **linking("[x]({filename}/articles/2099/d.md)")},
                                    None, [(ARTICLE, LINK, "leads to a story held back until 2099-03-01")]),
    "a link to a draft page": ({"pages/d.md": page("x", "status: draft"), **linking("[x]({filename}/pages/d.md)")}, None,
                               [(ARTICLE, LINK, "leads to a draft page")]),
    "an unknown kind of link": (linking("[x]({tag}news)"), None, [(ARTICLE, LINK, "{tag} is not a kind of link here")]),
}  # fmt: skip


@pytest.mark.parametrize(("files", "prepare", "problems"), LINKED_FILES.values(), ids=LINKED_FILES.keys())
def test_a_linked_file_is_published_only_from_inside_content_and_never_over_the_site(previous, tmp_path, files, prepare, problems):
    refused_with(previous, tmp_path, files, prepare, problems)


ALIAS_LINE = BODY_LINE - 1
ALIASES = {
    "into the feeds": ("aliases: [feeds/]", "lies in feeds, which the site writes itself"),
    "into a company's page": ("aliases: [companies/vcanbio/]", "lies in companies, which the site writes itself"),
    "through a site file": ("aliases: [urls.json/]", "lies in urls.json, which the site writes itself"),
    "onto another article": ("aliases: [news/2024/02/vum02-filing/]", "would be written to news/2024/02/vum02-filing/index.html"),
}


@pytest.mark.parametrize(("key", "fragment"), ALIASES.values(), ids=ALIASES.keys())
def test_an_alias_never_takes_the_place_of_a_page_the_site_writes(previous, tmp_path, key, fragment):
    content = write_site(tmp_path, {ARTICLE: story("Body.", key)})
    expect(refused(previous, content), (located(content, ARTICLE, ALIAS_LINE), fragment))


def big(relative: str, size: int):
    def make(content: Path) -> None:
        with open(content / relative, "wb") as stream:
            stream.truncate(size)

    return make


# The articles of the fixture site name these regulators: without the registry, they are unknown.
UNKNOWN_REGULATORS = [("articles/2024/vum02-filing.md", 7, 'regulator: "CDE" is not a known regulator'),
                      ("articles/2024/vum02-trial-approval.md", 7, 'regulator: "NMPA" is not a known regulator')]
# Each alias repeats the one before nine times: the fourth (a3, line 4 of the YAML) passes MAX_NODES.
LAUGHS = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 9))
SPECIAL_FILES = {
    "a FIFO named like an article": ({}, fifo("articles/2024/pipe.md"), [("articles/2024/pipe.md", None, "is not a regular file")]),
    "a FIFO named like a page": ({"pages/about.md": page("x")}, fifo("pages/pipe.md"), [("pages/pipe.md", None, "is not a regular file")]),
    "a FIFO named like a registry entry": ({}, fifo("companies/pipe.yaml"), [("companies/pipe.yaml", None, "is not a regular file")]),
    "a socket named like an article": ({}, unix_socket("articles/2024/s.md"), [("articles/2024/s.md", None, "is not a regular file")]),
    "an article that is a symbolic link loop": ({}, symlink("articles/2024/loop.md", "articles/2024/loop.md"),
                                                [("articles/2024/loop.md", None, "leads to itself (a loop)")]),
    "the articles folder is a file": ({}, lambda content: (shutil.rmtree(content / "articles"), (content / "articles").write_text("x")),
                                      [("articles", None, "is a file, but articles/ is the folder of the site's articles")]),
    "a registry folder is a file": ({}, lambda content: (shutil.rmtree(content / "regulators"), (content / "regulators").write_text("x")),
                                    [("regulators", None, "is a file, but regulators/ is the folder of the registry"), *UNKNOWN_REGULATORS]),
    "a registry folder linked from outside": ({}, lambda content: (shutil.rmtree(content / "regulators"),
                                                                   (content / "regulators").symlink_to(FIXTURE_SITE / "regulators")),
                                              [("regulators", None, "is a symbolic link to a place outside content/"), *UNKNOWN_REGULATORS]),
    "a huge article": ({}, big("articles/2024/huge.md", MAX_FILE_BYTES + 1), [("articles/2024/huge.md", None, "a content file may have at most")]),
    "a huge registry entry": ({}, big("companies/huge.yaml", MAX_FILE_BYTES + 1), [("companies/huge.yaml", None, "may have at most")]),
    "YAML aliases that explode": ({ARTICLE: story("Body.", *LAUGHS.splitlines())}, None,
                                  [(ARTICLE, 9, "repeats anchors too often")]),
    "YAML aliases that explode in a registry": ({"companies/bomb.yaml": "name: Bomb\n" + LAUGHS}, None,
                                                [("companies/bomb.yaml", 5, "repeats anchors too often")]),
    "front matter far too long": ({ARTICLE: story("Body.", "aliases: [" + ", ".join(f"news/2020/01/a{n}/" for n in range(4000)) + "]")},
                                  None, [(ARTICLE, 2, f"more than the {MAX_YAML_CHARACTERS:,} allowed")]),
    "a deeply nested YAML value": ({ARTICLE: story("Body.", "source: " + "[" * 20 + "]" * 20)}, None,
                                   [(ARTICLE, BODY_LINE - 1, "nested too deeply")]),
    "a hand-written YAML tag": ({ARTICLE: story("Body.").replace("title: A story", "title: !Important news")}, None,
                                [(ARTICLE, 2, '"!Important" is a YAML tag')]),
    "a Python YAML tag": ({ARTICLE: story("Body.").replace("title: A story", "title: !!python/object/apply:os.system [ls]")}, None,
                          [(ARTICLE, 2, '"!!python/object/apply:os.system" is a YAML tag'), (ARTICLE, 2, "title: must be text")]),
    "quotes nested beyond the limit": ({ARTICLE: story("Intro.\n\n" + "> " * 40 + "deep")}, None, [(ARTICLE, LINK, "nested 40 levels deep")]),
    "lists nested beyond the limit": ({ARTICLE: story("\n".join("  " * depth + "- item" for depth in range(30)))}, None,
                                      [(ARTICLE, BODY_LINE + 16, "nested 17 levels deep")]),
}  # fmt: skip


@pytest.mark.parametrize(("files", "prepare", "problems"), SPECIAL_FILES.values(), ids=SPECIAL_FILES.keys())
def test_special_files_and_pathological_input_are_refused_on_their_line(previous, tmp_path, files, prepare, problems):
    refused_with(previous, tmp_path, files, prepare, problems)


RUNAWAY_BODIES = {
    "nested emphasis": "*a " * 20000 + "b" + " a*" * 20000,
    "open brackets": "[" * 100000,
    "nested brackets": "[" * 20000 + "a" + "]" * 20000 + "(x)",
    "a runaway table": "|a" * 3000 + "|\n" + "|-" * 3000 + "|\n" + ("|x" * 3000 + "|\n") * 40,
}


@pytest.mark.parametrize("body", RUNAWAY_BODIES.values(), ids=RUNAWAY_BODIES.keys())
def test_a_body_that_takes_too_long_to_render_is_refused_not_waited_for(previous, tmp_path, monkeypatch, body):
    """Each body is refused at the reader's time limit (shortened here to one second); none hangs the build."""
    monkeypatch.setattr(render, "RENDER_SECONDS", 1)
    content = write_site(tmp_path, {ARTICLE: story(body)})
    expect(refused(previous, content), (located(content, ARTICLE, BODY_LINE), "could not be rendered within"))


CONTROL_NAMES = {"newline": "a\nb", "escape sequence": "a\x1b[31mb", "terminal title and bell": "a\x1b]0;pwn\x07b"}


@pytest.mark.parametrize("name", CONTROL_NAMES.values(), ids=CONTROL_NAMES.keys())
def test_control_characters_in_file_names_come_out_escaped(previous, tmp_path, name):
    content = write_site(tmp_path, {f"articles/2024/{name}.md": story(), f"companies/{name}.yaml": "name: X\n",
                                    f"articles/{name}/x.md": "no front matter"})  # fmt: skip
    lines = refused(previous, content)
    assert len(lines) == 3
    assert not any(character in "".join(lines) for character in "\n\x1b\x07")
    escaped = name.replace("\n", "\\n").replace("\x1b", "\\x1b").replace("\x07", "\\x07")
    assert all(escaped in line for line in lines), lines


YAML_ESCAPES = {"NUL": ("\\0", "U+0000"), "BEL": ("\\a", "U+0007"), "ESC": ("\\e", "U+001B"), "NEL": ("\\x85", "U+0085"),
                "CR": ("\\r", "U+000D"), "line separator": ("\\L", "U+2028")}  # fmt: skip


@pytest.mark.parametrize(("escape", "code"), YAML_ESCAPES.values(), ids=YAML_ESCAPES.keys())
def test_yaml_escapes_of_control_characters_are_refused_on_their_line(previous, tmp_path, escape, code):
    content = write_site(tmp_path, {
        ARTICLE: story("Body.").replace("title: A story", f'title: "A{escape}story"'),
        "companies/acme.yaml": f'name: Acme\ndescription: "Tom{escape}Jerry"\n',
    })  # fmt: skip
    expect(refused(previous, content), (located(content, ARTICLE, 2), f"control character {code}"),
           (located(content, "companies/acme.yaml", 2), f"control character {code}"))


VALUES = {
    "an offset of +00:99": ({ARTICLE: story().replace("2024-03-01", "2024-03-01T10:00+00:99")}, (ARTICLE, 3, "no time zone has")),
    "an offset of +14:30": ({ARTICLE: story().replace("2024-03-01", "2024-03-01T10:00+14:30")}, (ARTICLE, 3, "no time zone has")),
    "an offset of -12:30": ({ARTICLE: story().replace("2024-03-01", "2024-03-01T10:00-12:30")}, (ARTICLE, 3, "no time zone has")),
    "an offset of +08:07": ({ARTICLE: story().replace("2024-03-01", "2024-03-01T10:00+08:07")}, (ARTICLE, 3, "no time zone has")),
    "a date in Arabic-Indic digits": ({ARTICLE: story(date="٢٠٢٤-٠٣-٠١")}, (ARTICLE, 3, "is not an ISO 8601 date")),
    "a date in full-width digits": ({ARTICLE: story(date="２０２４-03-01")}, (ARTICLE, 3, "is not an ISO 8601 date")),
    "a ticker in Arabic-Indic digits": ({"companies/acme.yaml": 'name: Acme\ntickers:\n  - {exchange: SSE, symbol: "٦٠٠٦٤٦"}\n'},
                                        ("companies/acme.yaml", 3, "is not a stock symbol")),
    "a disease code in Arabic-Indic digits": ({"diseases/xd.yaml": "name: Xd\ntherapeutic_area: Hepatology\ncodes: {icd10: K٧٢.9}\n"},
                                              ("diseases/xd.yaml", 3, 'icd10: "K٧٢.9" is not a code')),
    "a Cyrillic letter in a Latin name": ({"companies/acme.yaml": "name: Vсanbio\n"}, ("companies/acme.yaml", 1, "mixes alphabets")),
    "a Greek name that looks Latin": ({"companies/abe.yaml": "name: ABE\n", "companies/greek.yaml": "name: ΑΒΕ\n"},
                                      ("companies/greek.yaml", 1, 'looks like "ABE" of')),
    "a zero-width space in a name": ({"companies/acme.yaml": 'name: "Vcan\\u200bbio"\n'},
                                     ("companies/acme.yaml", 1, "holds the invisible character U+200B ZERO WIDTH SPACE")),
    "a soft hyphen in an alias": ({"companies/acme.yaml": 'name: Acme\naliases: ["Vcan\\xadbio"]\n'},
                                  ("companies/acme.yaml", 2, "holds the invisible character U+00AD SOFT HYPHEN")),
    "a right-to-left override in a title": ({ARTICLE: story(title='"Vcanbio \\u202eevorppa"')},
                                            (ARTICLE, 2, "bidirectional control character U+202E")),
    "a registry file name longer than a slug": ({f"companies/{'a' * 81}.yaml": "name: Long\n"},
                                                (f"companies/{'a' * 81}.yaml", None, "at most 80 characters")),
}  # fmt: skip


@pytest.mark.parametrize(("files", "problem"), VALUES.values(), ids=VALUES.keys())
def test_impossible_values_and_look_alike_names_are_refused_on_their_line(previous, tmp_path, files, problem):
    content = write_site(tmp_path, files)
    path, line, fragment = problem
    expect(refused(previous, content), (located(content, path, line), fragment))


def test_a_refused_build_lists_every_problem_of_every_class_at_once(previous, tmp_path):
    content = write_site(tmp_path, {
        ARTICLE: story("Intro.\n\n![x]({static}/index.html)", "aliases: [feeds/]"),
        "articles/2024/y.md": story(date="2024-03-01T10:00+00:99"),
        "companies/acme.yaml": 'name: "Vcan\\u200bbio"\n',
        "index.html": "x",
    })  # fmt: skip
    (content / "pages").mkdir()
    os.mkfifo(content / "pages/pipe.md")
    expect(refused(previous, content),
           (located(content, ARTICLE, BODY_LINE - 1), "lies in feeds"), (located(content, ARTICLE, LINK + 1), "the site's own index.html"),
           (located(content, "articles/2024/y.md", 3), "no time zone has"), (located(content, "companies/acme.yaml", 1), "U+200B"),
           (located(content, "pages/pipe.md"), "is not a regular file"))  # fmt: skip


# Settings that would make a build delete what it reads


@pytest.fixture
def sources(tmp_path) -> tuple[Path, Path]:
    """A content folder and a theme of this test's own (a build must never replace them)."""
    content = write_site(tmp_path, {})
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    return content, theme


OUTPUT_PLACES = {
    "the content folder": (lambda content, theme: content, "is the folder of PATH"),
    "the folder holding the content": (lambda content, theme: content.parent, "holds the folder of PATH"),
    "a folder inside the content": (lambda content, theme: content / "articles", "lies inside the folder of PATH"),
    "the theme": (lambda content, theme: theme, "is the folder of THEME"),
    "the content cache": (lambda content, theme: content.parent / "cache", "is the folder of CACHE_PATH"),
}


@pytest.mark.parametrize(("place", "fragment"), OUTPUT_PLACES.values(), ids=OUTPUT_PLACES.keys())
def test_an_output_folder_that_would_replace_the_sources_is_refused_before_anything_is_written(sources, place, fragment):
    content, theme = sources
    before = {folder: tree_digest(folder) for folder in (content, theme)}
    settings = {"PATH": str(content), "THEME": str(theme), "OUTPUT_PATH": str(place(content, theme)),
                "CACHE_PATH": str(content.parent / "cache"), "LOAD_CONTENT_CACHE": False}  # fmt: skip
    with pytest.raises(sitebuild.BuildFailed) as failure:
        sitebuild.build(LOCAL_SETTINGS, settings)
    [line] = failure.value.lines
    assert line.startswith("settings given to the build: OUTPUT_PATH ") and fragment in line
    assert {folder: tree_digest(folder) for folder in (content, theme)} == before
    with pytest.raises(sitebuild.SettingsInvalid):
        sitebuild.check(LOCAL_SETTINGS, settings)


def test_output_retention_written_as_one_name_is_refused(previous, tmp_path):
    """OUTPUT_RETENTION = "CNAME" would keep entries named C, N, A, M and E, and delete the CNAME."""
    output, before = previous
    (output / "CNAME").write_text("news.example.com\n")
    try:
        with pytest.raises(sitebuild.BuildFailed) as failure:
            build_content(write_site(tmp_path, {}), output, OUTPUT_RETENTION="CNAME")
        assert failure.value.lines == ["error: OUTPUT_RETENTION 'CNAME' is one text, not a list of names: write it as ['CNAME']"]
        assert (output / "CNAME").read_text() == "news.example.com\n"
    finally:
        (output / "CNAME").unlink()
    assert tree_digest(output) == before


# What is allowed is published exactly


LINKED = {
    "images/chart.png": b"PNG chart",
    "images/my chart.png": b"PNG with a space",
    "images/\u56fe\u8868.png": b"PNG with a Chinese name",
    "images/raw.png": b"PNG in raw HTML",
    "images/pipe-form.png": b"PNG in the |static| form",
    "images/braces.png": b"PNG in the %7Bstatic%7D form",
    "images/dots.png": b"PNG through ..",
    "images/real.png": b"PNG behind a link",
    "files/report.pdf": b"PDF attached",
    "files/about.pdf": b"PDF attached to a page",
    "images/draft-only.png": b"never published",
    "images/held-back.png": b"never published either",
}
LINKING_BODY = """\
Intro.

![chart]({static}/images/chart.png) and again ![chart]({static}/images/chart.png).

![space](<{static}/images/my chart.png>) ![encoded]({static}/images/my%20chart.png) ![chinese]({static}/images/\u56fe\u8868.png)

<p><img src="{static}/images/raw.png" alt="raw"></p>

![pipe](|static|/images/pipe-form.png) ![braces](%7Bstatic%7D/images/braces.png)

![dots]({static}/articles/../images/dots.png) ![relative]({static}../../images/dots.png)

![linked]({static}/images/alias.png) [report]({attach}/files/report.pdf?v=2#page=3) [filing]({filename}vum02-filing.md#top)
"""


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("linked")
    content = write_site(root, {
        ARTICLE: story(LINKING_BODY),
        "articles/2024/second.md": story("![chart]({static}/images/chart.png)", title="Second"),
        "articles/2024/draft.md": story("![x]({static}/images/draft-only.png) ![y]({attach}/images/draft-only.png)", "status: draft"),
        "articles/2099/later.md": story("![x]({static}/images/held-back.png)", date="2099-01-01"),
        "pages/about.md": page("[report]({attach}/files/about.pdf) ![chart]({static}/images/chart.png)"),
    })  # fmt: skip
    for relative, data in LINKED.items():
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_bytes(data)
    (content / "images/alias.png").symlink_to(content / "images/real.png")
    os.mkfifo(content / "images/unlinked-pipe.png")
    return build_content(content, root / "output")


def test_each_linked_file_is_published_once_with_its_bytes_and_nothing_a_draft_links(linked_site):
    published = {
        "images/chart.png": b"PNG chart",
        "images/my chart.png": b"PNG with a space",
        "images/\u56fe\u8868.png": b"PNG with a Chinese name",
        "images/raw.png": b"PNG in raw HTML",
        "images/pipe-form.png": b"PNG in the |static| form",
        "images/braces.png": b"PNG in the %7Bstatic%7D form",
        "images/dots.png": b"PNG through ..",
        "images/alias.png": b"PNG behind a link",
        "news/2024/03/x/report.pdf": b"PDF attached",
        "about/about.pdf": b"PDF attached to a page",
    }
    made_by_the_build = ("theme/", "social.png")  # the theme's images and each page's social image
    found = {relative: (linked_site / relative).read_bytes()
             for relative in (path.relative_to(linked_site).as_posix() for path in linked_site.rglob("*") if path.is_file())
             if relative.endswith((".png", ".pdf")) and not relative.startswith(made_by_the_build[0])
             and not relative.endswith(made_by_the_build[1])}  # fmt: skip
    assert found == published


def test_every_link_to_a_content_file_leads_to_it(linked_site):
    story_page = linked_site / "news/2024/03/x/index.html"
    body = BeautifulSoup(story_page.read_text(encoding="utf-8"), "lxml").select_one(".story__body")
    references = [tag.get("src") or tag.get("href") for tag in body.find_all(["img", "a"])]
    assert "{" not in "".join(references) and "%7B" not in "".join(references) and "|" not in "".join(references)
    assert "../../../../images/my%20chart.png" in references and "../../../../news/2024/03/x/report.pdf?v=2#page=3" in references
    for reference in references:
        target, _ = target_of(story_page, reference, linked_site)
        assert target is not None and target.is_file(), reference
