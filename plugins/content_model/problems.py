"""Problems found in content or settings, and the exceptions that carry them.

A problem is located (``path:line: message``) so an editor can jump to it;
validation collects every problem before failing, so one run lists them all.
"""

from __future__ import annotations

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
