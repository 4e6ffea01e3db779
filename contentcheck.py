"""``invoke check``'s engine, and the pre-commit hook (``python contentcheck.py FILE...``).

One check, three ways to run it:

- the whole site (``invoke check``): settings, every registry, article and page;
- a pull request (``invoke check --base origin/main --published base/urls.json``): the same,
  knowing which files the branch changed (``git diff`` against the merge base), so a clash
  between an old file and a new one is reported in the new one, on the line the pull request
  shows, and comparing URLs with what is published, so a renamed story keeps its old URL;
- a commit (the pre-commit hook, ``--only-changed``): only the files being committed, with every
  registry, fast enough for every commit.

Published URLs come from a production build's ``urls.json`` (``--published``, a file or its
address on the site) and, with ``--base``, from the base's version of every article file the
branch changed or removed (a story already on the base branch is published: main deploys).
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

import sitebuild  # noqa: E402
from content_model import ContentConfig, Notice, Problem, SettingsInvalid, Site, display_path, load_site, parse_article  # noqa: E402
from content_model import jsonschema  # noqa: E402
from content_model.manifest import ManifestError, PublishedArticle, broken_urls, load_manifest  # noqa: E402
from content_model.problems import report  # noqa: E402

logger = logging.getLogger(__name__)

STYLES = ("text", "github", "json")


class GitError(Exception):
    """A git command failed (not a repository, an unknown base branch ...)."""


class CheckUnavailable(Exception):
    """The check cannot run as asked (an unreadable published manifest, a bad option)."""


@dataclass(frozen=True)
class Changes:
    """What a branch or commit changes, as absolute paths: changed (added, edited, renamed to) and removed
    (deleted, renamed from) files, renames old -> new, and the commit they are compared with."""

    changed: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    renamed: dict[str, str] = field(default_factory=dict)
    base: str | None = None


@dataclass
class CheckResult:
    site: Site | None
    problems: list[Problem]
    notices: list[Notice]


def git(cwd: Path, *args: str) -> bytes:
    try:
        completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed; install it, or run the check without --base") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args)}: {message[-1] if message else f'exit {completed.returncode}'}")
    return completed.stdout


def default_base(cwd: Path) -> str:
    """The branch the site is published from: origin's default branch when there is one, else HEAD."""
    try:
        return git(cwd, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD").decode().strip()
    except GitError:
        return "HEAD"


def changes_since(ref: str, cwd: Path) -> Changes:
    """Files the working tree changes since its merge base with ``ref`` (untracked files included)."""
    root = Path(git(cwd, "rev-parse", "--show-toplevel").decode().strip())
    try:
        base = git(cwd, "merge-base", ref, "HEAD").decode().strip()
    except GitError as error:
        raise GitError(f"{error}; is {ref} fetched? (in CI, check out with fetch-depth: 0)") from None
    fields = git(cwd, "diff", "--name-status", "-M", "-z", base).decode("utf-8", "surrogateescape").split("\0")
    changed, removed, renamed = set(), set(), {}
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index]
        if status[0] in "RC":
            old, new = (str(root / fields[index + 1]), str(root / fields[index + 2]))
            changed.add(new)
            if status[0] == "R":
                removed.add(old)
                renamed[old] = new
            index += 3
            continue
        path = str(root / fields[index + 1])
        (removed if status[0] == "D" else changed).add(path)
        index += 2
    untracked = git(cwd, "ls-files", "--others", "--exclude-standard", "-z").decode("utf-8", "surrogateescape")
    changed.update(str((cwd / name).absolute()) for name in untracked.split("\0") if name)
    return Changes(frozenset(changed), frozenset(removed), renamed, base)


def _content_path(config: ContentConfig, path: str) -> str | None:
    """``articles/2024/x.md`` for an article file's absolute path, None for anything else."""
    try:
        relative = Path(path).relative_to(config.content_path.absolute())
    except ValueError:
        return None
    if relative.suffix != ".md" or relative.parts[0] not in config.article_folders:
        return None
    return relative.as_posix()


def published_at(commit: str, paths, config: ContentConfig, cwd: Path, now: datetime) -> list[PublishedArticle]:
    """The articles among ``paths`` (absolute) that were published at ``commit``: status published, date passed."""
    root = Path(git(cwd, "rev-parse", "--show-toplevel").decode().strip())
    entries = []
    for path in sorted(paths):
        content_path = _content_path(config, path)
        if content_path is None:
            continue
        try:
            data = git(cwd, "show", f"{commit}:{Path(path).relative_to(root).as_posix()}")
        except GitError:
            continue  # not in the base: new on this branch
        source, _ = parse_article(data, content_path, config, Path(path).stem, Path(path).parent.name)
        if source is None or source.status != "published" or source.date > now:
            continue
        url = config.article_url.format(date=source.date, slug=source.slug)
        entries.append(PublishedArticle(url, content_path, tuple(alias for alias, _ in source.aliases)))
    return entries


def _mentioning(config: ContentConfig, urls: set[str]) -> set[str]:
    """Article files (absolute paths) whose text contains any of ``urls``: where a quick check finds the
    aliases of a removed story without reading every article."""
    needles = [url.encode() for url in urls]
    found = set()
    for folder in config.article_folders:
        for path in (config.content_path / folder).rglob("*.md"):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if any(needle in data for needle in needles):
                found.add(os.path.abspath(path))
    return found


def _schema_problems(config: ContentConfig, registries, cwd: Path, fix: bool) -> list[Problem]:
    """The committed JSON Schemas must match the model and registries (they list names as suggestions)."""
    folder = jsonschema.schema_folder(config)
    if not folder.is_dir():
        return []
    generated = jsonschema.generate(config, registries)
    out_of_date = jsonschema.write(folder, generated) if fix else jsonschema.stale(folder, generated)
    shown = display_path(folder, cwd)
    if fix:
        advice = f"it was out of date and has been regenerated; add it to this commit: git add {shown}/"
    else:
        advice = (
            'it is out of date with the registries (a name was added or changed); run "invoke schemas" '
            f"and commit {shown}/"
        )
    return [Problem(f"{shown}/{name}", 0, advice) for name in out_of_date]


def run_check(
    settings_file: str | Path,
    *,
    changed: tuple[str, ...] = (),
    base: str | None = None,
    published: str | None = None,
    only_changed: bool = False,
    fix_schemas: bool = False,
    cwd: Path | None = None,
    now: datetime | None = None,
) -> CheckResult:
    """Check the content; SettingsInvalid when the settings are wrong, CheckUnavailable or GitError when
    the check cannot be made as asked."""
    cwd = (cwd or Path.cwd()).absolute()
    now = now or datetime.now(timezone.utc)
    settings = sitebuild.load_settings(settings_file)
    config = ContentConfig.from_settings(settings)
    changes = changes_since(base, cwd) if base else Changes()
    given = frozenset(os.path.abspath(cwd / path) for path in changed)
    entries: list[PublishedArticle] = []
    if published:
        try:
            entries += load_manifest(published)
        except ManifestError as error:
            raise CheckUnavailable(f"--published: {error}") from None
    if changes.base:
        entries += published_at(changes.base, changes.removed | changes.changed | given, config, cwd, now)
    only = None
    if only_changed:
        gone = {url for entry in entries if not (config.content_path / entry.source).is_file() for url in entry.urls}
        only = given | (_mentioning(config, gone) if gone else set())
    from frontmatter_reader import FrontMatterReader

    site, problems = load_site(
        config, FrontMatterReader(settings), display_root=cwd, workers=settings["READ_WORKERS"] or None, now=now,
        changed=given | changes.changed, only=only,
    )  # fmt: skip
    if entries:
        renamed = {_content_path(config, old): _content_path(config, new) for old, new in changes.renamed.items()}
        broken, url_notices = broken_urls(
            entries, site.articles, renamed={old: new for old, new in renamed.items() if old and new},
            exists=lambda content_path: (config.content_path / content_path).is_file(),
            shown=lambda content_path: display_path(config.content_path / content_path, cwd),
        )  # fmt: skip
        problems += broken
        site.notices += url_notices
    problems += _schema_problems(config, site.registries, cwd, fix_schemas)
    return CheckResult(site, sorted(set(problems)), site.notices)


def step_summary(result: CheckResult) -> str:
    """Markdown for the pull request's check page: GitHub shows at most ten annotations of a kind per step."""
    if not result.problems and not result.notices:
        return "### Content check: no problems\n"
    lines = [f"### Content check: {len(result.problems)} problem(s), {len(result.notices)} notice(s)", "",
             "| file | line | message |", "|---|---|---|"]  # fmt: skip
    for item in [*result.problems, *result.notices]:
        message = item.message.replace("|", "\\|")
        lines.append(
            f"| `{item.path}` | {item.line or ''} | {'' if isinstance(item, Problem) else 'notice: '}{message} |"
        )
    return "\n".join(lines) + "\n"


def print_result(result: CheckResult, style: str) -> None:
    stream = sys.stdout if style == "json" else sys.stderr
    for line in report(result.problems, result.notices, style):
        print(line, file=stream)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if style == "github" and summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(step_summary(result))


def default_style() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def main(argv: list[str] | None = None) -> int:
    """The pre-commit hook: check the files being committed (and every registry); exit 1 on any problem."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("files", nargs="*", help="the changed files (pre-commit passes them)")
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument(
        "--format", choices=STYLES, default=None, help="default: github under GitHub Actions, else text"
    )
    parser.add_argument(
        "--base", default="auto", help="the published branch to compare URLs with (default: origin's default branch)"
    )
    parser.add_argument("--published", help="a production build's urls.json, a file or its URL")
    parser.add_argument("--all", action="store_true", help="read every article, not only the given files")
    args = parser.parse_args(argv)
    cwd = Path.cwd()
    style = args.format or default_style()
    try:
        base = default_base(cwd) if args.base == "auto" else args.base
        result = run_check(args.settings, changed=tuple(args.files), base=base, published=args.published,
                           only_changed=not args.all, fix_schemas=True, cwd=cwd)  # fmt: skip
    except SettingsInvalid as error:
        result = CheckResult(None, error.problems, [])
    except (GitError, CheckUnavailable) as error:
        print(f"check: {error}", file=sys.stderr)
        return 2
    print_result(result, style)
    return 1 if result.problems else 0


__all__ = ["Changes", "CheckResult", "CheckUnavailable", "GitError", "changes_since", "default_base", "main",
           "print_result", "published_at", "run_check", "step_summary"]  # fmt: skip

if __name__ == "__main__":
    sys.exit(main())
