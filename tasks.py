"""Invoke tasks: build, serve, check, new, bench, publish, clean.

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


def _build(settings_file: Path, output: str | None = None, finish=None) -> Path:
    overrides = {"OUTPUT_PATH": output} if output else None
    try:
        return sitebuild.build(settings_file, overrides, finish=finish)
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
    """Build with publishconf.py (SITEURL required), write host files and .gz/.br, then deploy with --target."""
    conf = sitebuild.load_settings(PUBLISH_SETTINGS, {"OUTPUT_PATH": output} if output else None)
    try:
        settings = publish_settings.from_settings(conf)
        if target:
            publish_targets.check_ready(target, settings)
        elif dry_run:
            raise publish_errors.SettingInvalid("--dry-run needs a --target: " + " | ".join(publish_targets.NAMES))
    except publish_errors.PublishError as error:
        raise Exit(f"publish: {error}", code=1) from None
    # Compressed copies of text files by content, kept beside the output folder between publishes.
    cache = Path(conf["OUTPUT_PATH"]).parent / ".publish-cache"
    reports = []

    def finish(staging: Path) -> None:
        """Post-process in the build's staging folder, so a failure leaves the published site as it was."""
        reports.append(postprocess(staging, settings, cache=cache))

    try:
        path = _build(PUBLISH_SETTINGS, output, finish=finish)
    except publish_errors.PublishError as error:
        raise Exit(f"publish: {error}\nNothing was published; the previous site, if any, is unchanged.",
                   code=1) from None
    print(f"Production site built in {path}")
    for line in reports[0].lines():
        print(f"  {line}")
    if not target:
        print(f"Not deployed; deploy with --target {' | '.join(publish_targets.NAMES)} (see README, Publishing).")
        return
    try:
        deployed = publish_targets.deploy(target, path, settings, ROOT, dry_run)
    except publish_errors.PublishError as error:
        raise Exit(f"publish: {error}", code=1) from None
    print("\n".join(deployed.lines()))


@task
def clean(c):
    """Remove the built site."""
    conf = sitebuild.load_settings(LOCAL_SETTINGS)
    shutil.rmtree(conf["OUTPUT_PATH"], ignore_errors=True)


@task(help={"port": "the port to serve on (default 8000)", "bind": "the address to serve on (default 127.0.0.1)",
            "settings": "the settings file (default pelicanconf.py)"})  # fmt: skip
def serve(c, port=8000, bind="127.0.0.1", settings=str(LOCAL_SETTINGS)):
    """Preview the site on http://127.0.0.1:8000: drafts shown, pages reload by themselves after every save."""
    import devserver

    conf = sitebuild.load_settings(settings)
    content = [Path(conf["PATH"]).resolve(), Path(conf["THEME"]).resolve()]
    code = [ROOT / "plugins", Path(settings).resolve(), ROOT / "sitebuild.py", ROOT / "devserver.py"]
    try:
        devserver.serve(Path(settings), bind, int(port), content, code)
    except devserver.PortInUse as error:
        raise Exit(str(error), code=1) from None


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
