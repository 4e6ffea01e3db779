"""Problems found in content, and the exceptions that carry them.

A problem is always located (``path:line: message``) so an editor can jump to
it; validation collects every problem before failing, so one run lists them
all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, with the 1-based line it is on."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class BuildError(Exception):
    """A build step failed for a reason it can state (not a bug): the build reports it without a traceback."""


class ContentError(BuildError):
    """Base class for every error caused by content rather than by code."""


class ContentInvalid(ContentError):
    """The content has problems; the build must not go on."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} content {noun}:\n{lines}")


class ArticleCountMismatch(ContentError):
    """Fewer article pages were written than there are published article files."""


class UnsafeSettings(ContentError):
    """A setting would make the build unsafe or non-strict (for example autoescape off)."""
