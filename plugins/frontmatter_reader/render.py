"""Article and page bodies: Markdown exactly as ``MARKDOWN`` configures it, then an allowlist sanitiser.

The allowlist keeps what the configured extensions produce (tables with their
column alignment, footnotes, highlighted code by class, definition lists,
abbreviations, heading ids) and nothing live: no script, no style, no event
handler, no ``javascript:`` link. Links to content files (``{filename}``,
``{static}``, ``{attach}``) are found in the result with the line they are
written on, for the content model to resolve or refuse.
"""

from __future__ import annotations

import bisect
import copy
import re
import signal
import threading
from contextlib import contextmanager
from html import unescape

import nh3
from markdown import Markdown
from pygments.token import STANDARD_TYPES

from content_model import LinkRef, Problem

# Python-Markdown's front matter extension would eat a body's first "Key: value" lines.
NOT_FOR_BODIES = frozenset({"markdown.extensions.meta", "meta"})
# Deeper lists or quotes than this are no article's, and Python-Markdown's time grows steeply with depth.
MAX_NESTING = 16
# Seconds one body may take to render before it is refused (a bound for input no limit above foresaw).
RENDER_SECONDS = 10

DEFAULT_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"figure", "figcaption", "dl", "dt", "dd", "abbr", "sup", "sub"}
DEFAULT_ATTRIBUTES = {
    "*": {"id", "lang", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
}
# Classes the Markdown extensions set: Pygments' token classes on code, footnote links and blocks.
DEFAULT_CLASSES = {
    "span": {name for name in STANDARD_TYPES.values() if name},
    "div": {"highlight", "footnote"},
    "a": {"footnote-ref", "footnote-backref", "headerlink"},
    "code": set(),
    "pre": set(),
}
DEFAULT_URL_SCHEMES = frozenset({"http", "https", "mailto"})

# A link marker and its target as an editor writes them, up to the first character that ends a URL in Markdown or HTML.
_WRITTEN_LINK = re.compile(r"(?:\{|%7B|\|)[a-z]+(?:\}|%7D|\|)(?P<target>[^\s\"'<>()\[\]]*)", re.IGNORECASE)
_LINK = re.compile(r'(?:href|src)="(?P<marker>(?:\{|%7B|\|)(?P<what>[a-z]+)(?:\}|%7D|\|)(?P<target>[^"]*))"', re.IGNORECASE)
_QUOTE_DEPTH = re.compile(r"^(?:[ \t]*>)+")
_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|[0-9]+[.)])[ \t]")
LINK_KINDS = ("filename", "static", "attach")


class RenderTimeout(BaseException):
    """A body took longer than RENDER_SECONDS to render. A BaseException, as KeyboardInterrupt is, so that
    Markdown code catching ``Exception`` around a step cannot swallow it and go on rendering."""


def markdown_options(configured: dict) -> dict:
    """Keyword arguments for ``Markdown`` from the ``MARKDOWN`` setting, without changing the setting.

    Pelican's own reader adds every key of ``extension_configs`` to ``extensions``
    (in the user's dict); this does the same on a copy, and leaves out ``meta``.
    """
    options = copy.deepcopy(configured)
    configs = {name: config for name, config in options.pop("extension_configs", {}).items() if name not in NOT_FOR_BODIES}
    extensions = [name for name in options.pop("extensions", []) if isinstance(name, str) and name not in NOT_FOR_BODIES]
    extensions += [name for name in configs if name not in extensions]
    return {**options, "extensions": extensions, "extension_configs": configs}


@contextmanager
def _time_limit(seconds: float):
    """Raise RenderTimeout after ``seconds`` (only in the main thread, where signals are delivered)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    expired = []

    def expire(signum, frame):
        expired.append(True)
        raise RenderTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:  # raised where something dropped it (a finaliser, a callback): the time still ran out
        raise RenderTimeout


def nesting_problem(text: str, path: str, first_line: int) -> Problem | None:
    """A problem on the first line that nests lists or quotes deeper than MAX_NESTING."""
    for number, line in enumerate(text.split("\n")):
        quote = _QUOTE_DEPTH.match(line)
        depth = quote.group().count(">") if quote else 0
        item = _LIST_ITEM.match(line)
        if item:
            depth = max(depth, len(item["indent"].expandtabs(4)) // 2 + 1)
        if depth > MAX_NESTING:
            return Problem(path, first_line + number, f"lists or quotes are nested {depth} levels deep here; at most {MAX_NESTING} "
                           "are allowed, so flatten them")  # fmt: skip
    return None


class BodyRenderer:
    """Renders bodies with one Markdown instance (reset between bodies) and one sanitiser configuration."""

    def __init__(self, settings: dict):
        self.markdown = Markdown(**markdown_options(settings["MARKDOWN"]))
        self.sanitise_options = {
            "tags": set(settings["BODY_ALLOWED_TAGS"]),
            "attributes": {tag: set(names) for tag, names in settings["BODY_ALLOWED_ATTRIBUTES"].items()},
            "allowed_classes": {tag: set(names) for tag, names in settings["BODY_ALLOWED_CLASSES"].items()},
            "url_schemes": set(settings["BODY_URL_SCHEMES"]),
        }

    def render(self, text: str, path: str, first_line: int) -> tuple[str, tuple[LinkRef, ...], list[Problem]]:
        """The body's safe HTML, its links to content files, and problems (a bad link kind, runaway nesting)."""
        if (problem := nesting_problem(text, path, first_line)) is not None:
            return "", (), [problem]
        try:
            with _time_limit(RENDER_SECONDS):
                html = self.markdown.reset().convert(text)
        except (RenderTimeout, RecursionError):
            return "", (), [Problem(path, first_line, f"the text could not be rendered within {RENDER_SECONDS} s; "
                                    "simplify deeply nested or very long constructs")]  # fmt: skip
        html = nh3.clean(html, **self.sanitise_options)
        links, problems = [], []
        lines = _LineFinder(text, first_line)
        for match in _LINK.finditer(html):
            what, target = match["what"].lower(), match["target"]
            line = lines.line_of(target)
            if what not in LINK_KINDS:
                problems.append(Problem(path, line, f"{{{what}}} is not a kind of link here; use {{filename}} for an article or page, "
                                        "{static} or {attach} for a file"))  # fmt: skip
                continue
            links.append(LinkRef(what, target, line, match["marker"]))
        return html, tuple(links), problems


class _LineFinder:
    """The file lines link targets are written on.

    Every link marker of the text is found once, with its line; a target is then looked up, and
    the n-th link to one target gets the line of its n-th mention. A target written otherwise than
    the HTML has it (in angle brackets, with spaces) is searched for in the whole text, at most
    MAX_SEARCHES times, so a body with thousands of links costs about one reading of it.
    """

    MAX_SEARCHES = 50

    def __init__(self, text: str, first_line: int):
        self.text = text
        self.first_line = first_line
        self.line_ends = [match.start() for match in re.finditer("\n", text)]
        self.mentions: dict[str, list[int]] = {}
        for match in _WRITTEN_LINK.finditer(text):
            self.mentions.setdefault(match["target"], []).append(self.line_at(match.start()))
        self.used: dict[str, int] = {}
        self.searches = 0

    def line_at(self, index: int) -> int:
        return self.first_line + bisect.bisect_left(self.line_ends, index)

    def line_of(self, target: str) -> int:
        """The line of ``target`` (as the rendered HTML has it: entities written, as in raw HTML, or not) in the text,
        or the body's first line."""
        needles = [needle for needle in dict.fromkeys((unescape(target), target)) if needle]
        for needle in needles:
            if lines := self.mentions.get(needle):
                used = self.used.get(needle, 0)
                self.used[needle] = used + 1
                return lines[min(used, len(lines) - 1)]
        for needle in needles:
            if self.searches < self.MAX_SEARCHES:
                self.searches += 1
                if (index := self.text.find(needle)) >= 0:
                    return self.line_at(index)
        return self.first_line
