"""Invoke tasks: build, serve, check, new, bench, publish, lighthouse, clean.

Run them with the project's virtual environment, e.g. ``.venv/bin/invoke check``
(``make serve`` and ``make test`` create it).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))

import sitebuild  # noqa: E402
from content_model import RegistryKind, SettingsInvalid, slugify  # noqa: E402
from content_model.problems import report  # noqa: E402
from publishing import errors as publish_errors  # noqa: E402
from publishing import settings as publish_settings  # noqa: E402
from publishing import targets as publish_targets  # noqa: E402
from publishing.postprocess import postprocess  # noqa: E402

LOCAL_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
# The benchmark's baselines: installed into this environment on first use, not needed by a build.
BENCH_REQUIREMENTS = ROOT / "bench" / "requirements.txt"
CONSTRAINTS = ROOT / "constraints.txt"


def _build(settings_file: Path, output: str | None = None) -> Path:
    overrides = {"OUTPUT_PATH": output} if output else None
    try:
        return sitebuild.build(settings_file, overrides)
    except sitebuild.BuildFailed as failure:
        for line in failure.lines:
            print(line, file=sys.stderr)
        raise Exit(f"Build failed; the previous site, if any, is unchanged ({len(failure.lines)} problems).", code=1) from None


@task(help={
    "format": "text (path:line: message), github (annotations on the pull request's lines) or json; "
              "github when GITHUB_ACTIONS=true, else text",
    "settings": "the settings file (default pelicanconf.py)",
})  # fmt: skip
def check(c, settings=str(LOCAL_SETTINGS), format=None):  # noqa: A002 - the option's name
    """Validate the settings and all content without building: every problem at once, exit 1 if any."""
    style = format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if style not in ("text", "github", "json"):
        raise Exit(f"--format must be text, github or json, not {style!r}", code=2)
    try:
        site, problems = sitebuild.check(settings)
    except SettingsInvalid as error:
        site, problems = None, error.problems
    notices = site.notices if site is not None else []
    stream = sys.stdout if style == "json" else sys.stderr
    for line in report(problems, notices, style):
        print(line, file=stream)
    if problems:
        raise Exit(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found." if style != "json" else None, code=1)
    if style != "json":
        print(f"OK: {len(site.published_articles)} articles to publish, {len(site.pages)} pages, "
              + ", ".join(f"{len(registry)} {registry.kind.plural}" for registry in site.registries if isinstance(registry.kind, RegistryKind)))


@task
def build(c, settings=str(LOCAL_SETTINGS), output=None):
    """Build the site (local settings by default) into output/, atomically."""
    path = _build(Path(settings), output)
    print(f"Site built in {path}")


@task(help={
    "target": "deploy after building: " + " | ".join(publish_targets.NAMES) + " (default: build and post-process only)",
    "dry-run": "with --target: print what the deploy would send and delete, and change nothing",
    "output": "the folder to build into (default: OUTPUT_PATH, output/)",
})
def publish(c, target=None, dry_run=False, output=None):
    """Build with publishconf.py (SITEURL required), hash assets, write .gz/.br and host files, then deploy."""
    conf = sitebuild.load_settings(PUBLISH_SETTINGS, {"OUTPUT_PATH": output} if output else None)
    try:
        settings = publish_settings.from_settings(conf)
        if target:
            publish_targets.check_ready(target, settings)
        elif dry_run:
            raise publish_errors.SettingInvalid("--dry-run needs a --target: " + " | ".join(publish_targets.NAMES))
    except publish_errors.PublishError as error:
        raise Exit(f"publish: {error}", code=1) from None
    path = _build(PUBLISH_SETTINGS, output)
    try:
        # Compressed copies of text files by content, kept beside the output between publishes.
        report = postprocess(path, settings, cache=path.parent / ".publish-cache")
        print(f"Production site built in {path}")
        for line in report.lines():
            print(f"  {line}")
        if target:
            deployed = publish_targets.deploy(target, path, settings, ROOT, dry_run)
            print("\n".join(deployed.lines()))
        else:
            print(f"Not deployed; deploy with --target {' | '.join(publish_targets.NAMES)} (see README, Publishing).")
    except publish_errors.PublishError as error:
        raise Exit(f"publish: {error}", code=1) from None


@task(help={"page": "audit only this page type (repeatable): home, article, company, disease, product, directory, search"},
      iterable=["page"])  # fmt: skip
def lighthouse(c, page=None):
    """Lighthouse (mobile) on a production build served by nginx: a table of scores; exit 1 below the budget."""
    import lighthouse_audit

    unknown = [name for name in page or () if name not in lighthouse_audit.PAGES]
    if unknown:
        raise Exit(f"unknown page type {', '.join(unknown)}; choose from {', '.join(lighthouse_audit.PAGES)}", code=2)
    pages = {name: path for name, path in lighthouse_audit.PAGES.items() if not page or name in page}
    try:
        results = lighthouse_audit.run(pages)
    except (lighthouse_audit.AuditUnavailable, sitebuild.BuildFailed) as error:
        raise Exit(f"lighthouse: {error}", code=1) from None
    print("\n".join(lighthouse_audit.table(results)))
    below = [result.name for result in results if not result.within_budget()]
    if below:
        raise Exit(f"Below the budget: {', '.join(below)}", code=1)


@task
def clean(c):
    """Remove the built site."""
    conf = sitebuild.load_settings(LOCAL_SETTINGS)
    shutil.rmtree(conf["OUTPUT_PATH"], ignore_errors=True)


@task
def serve(c, port=8000, bind="127.0.0.1"):
    """Build, serve on http://127.0.0.1:8000 and rebuild whenever content, theme or code changes."""
    import devserver

    devserver.serve(LOCAL_SETTINGS, bind, int(port), watch=[ROOT / "content", ROOT / "theme", ROOT / "plugins", LOCAL_SETTINGS])


@task(
    help={
        "articles": "how many fictional articles to generate (default 2000)",
        "seed": "random seed of the corpus",
        "stock": "also build with stock Pelican (--no-stock leaves it out)",
        "hugo": "also build with Hugo (--no-hugo leaves it out)",
    },
    # -h would be --hugo.
    auto_shortflags=False,
)
def bench(c, articles=2000, seed=1, stock=True, hugo=True):
    """Build a synthetic corpus with this project, stock Pelican and Hugo: time, peak memory, output by part."""
    if missing := _missing_requirements(BENCH_REQUIREMENTS):
        print(f"Installing {', '.join(missing)} from {BENCH_REQUIREMENTS.relative_to(ROOT)} for the benchmark")
        install = ["-m", "pip", "install", "--quiet", "-r", str(BENCH_REQUIREMENTS), "-c", str(CONSTRAINTS)]
        c.run(shlex.join([sys.executable, *install]))
    options = ["--articles", str(articles), "--seed", str(seed)]
    options += ([] if stock else ["--no-stock"]) + ([] if hugo else ["--no-hugo"])
    c.run(shlex.join([sys.executable, str(ROOT / "bench" / "build_bench.py"), *options]))


def _missing_requirements(path: Path) -> list[str]:
    """The requirements of a pinned requirements file that this Python lacks, or has at another version."""
    from packaging.requirements import Requirement

    missing = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        requirement = Requirement(text)
        try:
            installed = version(requirement.name)
        except PackageNotFoundError:
            installed = None
        if installed is None or not requirement.specifier.contains(installed, prereleases=True):
            missing.append(text)
    return missing


ARTICLE_TEMPLATE = """---
title: {title}
date: {date}
company: {company}
product:
indications: []
regulator:
event:
summary:
source:
---
Write the article here, in Markdown.
"""


@task(help={"title": "the headline", "company": "a company name, alias, ticker or slug", "date": "YYYY-MM-DD (default: today)"})
def new(c, title, company, date=None, settings=str(LOCAL_SETTINGS)):
    """Start an article: content/articles/YYYY/<slug>.md with the front matter to fill in."""
    conf = sitebuild.load_settings(settings)
    date = date or datetime.now(ZoneInfo(conf["TIMEZONE"])).date().isoformat()
    path = Path(conf["PATH"]) / "articles" / date[:4] / f"{slugify(title)}.md"
    if path.exists():
        raise Exit(f"{path} already exists; choose another title or edit that file.", code=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE_TEMPLATE.format(title=title, date=date, company=company), encoding="utf-8")
    print(f"Created {path}: fill in the summary and the other keys, then run `invoke check`.")
