"""Problems found in content or settings, and the exceptions that carry them.

A problem is located (``path:line: message``) so an editor can jump to it;
validation collects every problem before failing, so one run lists them all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .text import printable


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file: the 1-based line (0 when it concerns the whole file) and column."""

    path: str
    line: int
    message: str
    column: int = 0

    def __str__(self) -> str:
        where = f"{printable(self.path)}:{self.line}" if self.line else printable(self.path)
        return f"{where}: {printable(self.message)}"


@dataclass(frozen=True)
class Notice:
    """Something an editor should know that does not stop the build (an embargo, a likely duplicate)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}: {printable(self.message)}"


class BuildError(Exception):
    """A build step failed for a reason it can state (not a bug): the build reports it without a traceback."""


class ContentError(BuildError):
    """Base class for every error caused by content or settings rather than by code."""


class ContentInvalid(ContentError):
    """The content has problems; the build must not go on."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} content {noun}:\n{lines}")


class SettingsInvalid(ContentError):
    """Settings are misspelt, of the wrong type or unsafe; every problem is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ArticleCountMismatch(ContentError):
    """Fewer article pages were written than there are published article files."""


def _github_escape(text: str, property_value: bool = False) -> str:
    """GitHub workflow-command escaping: % and line ends always, , and : in properties."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(",", "%2C").replace(":", "%3A") if property_value else text


def github_annotation(item: Problem | Notice, level: str) -> str:
    """``::error file=…,line=…,col=…::message``: GitHub shows it on that line of the pull request's diff."""
    where = f"file={_github_escape(printable(item.path), True)}"
    if item.line:
        where += f",line={item.line}"
    if getattr(item, "column", 0):
        where += f",col={item.column}"
    return f"::{level} {where}::{_github_escape(printable(item.message))}"


def report(problems: list[Problem], notices: list[Notice], style: str) -> list[str]:
    """Problems (and notices) as lines of ``style``: "text" (path:line: message), "github" or "json" (one document)."""
    if style == "json":

        def record(item):
            return {"path": item.path, "line": item.line, "column": getattr(item, "column", 0), "message": item.message}

        document = {"ok": not problems, "problems": [record(p) for p in sorted(problems)], "notices": [record(n) for n in notices]}
        return [json.dumps(document, ensure_ascii=False, indent=1)]
    if style == "github":
        return [github_annotation(problem, "error") for problem in sorted(problems)] + [github_annotation(notice, "warning") for notice in notices]
    return [str(problem) for problem in sorted(problems)] + [f"{notice} (notice)" for notice in notices]
