"""Invoke tasks: build, serve, check, new, schemas, bench, publish, lighthouse, clean.

Run them with the project's virtual environment, e.g. ``.venv/bin/invoke check``
(``make serve`` and ``make test`` create it).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))

import contentcheck  # noqa: E402
import sitebuild  # noqa: E402
from content_model import ContentConfig, RegistryKind, SettingsInvalid, load_registries  # noqa: E402
from content_model import jsonschema, scaffold  # noqa: E402
from publishing import errors as publish_errors  # noqa: E402
from publishing import settings as publish_settings  # noqa: E402
from publishing import targets as publish_targets  # noqa: E402
from publishing.postprocess import postprocess  # noqa: E402

LOCAL_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
# The benchmark's baselines: installed into this environment on first use, not needed by a build.
BENCH_REQUIREMENTS = ROOT / "bench" / "requirements.txt"
CONSTRAINTS = ROOT / "constraints.txt"


def _build(settings_file: Path, output: str | None = None, finish=None, full: bool = False) -> Path:
    overrides = {"OUTPUT_PATH": output} if output else None
    try:
        return sitebuild.build(settings_file, overrides, full=full, finish=finish)
    except sitebuild.BuildFailed as failure:
        for line in failure.lines:
            print(line, file=sys.stderr)
        raise Exit(f"Build failed; the previous site, if any, is unchanged ({len(failure.lines)} problems).", code=1) from None


@task(
    iterable=["changed"],
    help={
        "format": "text (path:line: message), github (annotations on the pull request's lines) or json; "
                  "github when GITHUB_ACTIONS=true, else text",
        "settings": "the settings file (default pelicanconf.py)",
        "changed": "a file being added or changed (repeat the option): a clash with another file is reported in it",
        "base": "the branch the site is published from, e.g. origin/main: the files changed since it count as changed, "
                "and every URL its articles were published at must still work",
        "published": "a production build's urls.json (a file, or its URL on the site): no URL in it may break",
        "only-changed": "read only the --changed files (and every registry): the quick check of a commit",
    },
)  # fmt: skip
def check(c, settings=str(LOCAL_SETTINGS), format=None, changed=None, base=None, published=None,  # noqa: A002
          only_changed=False):  # fmt: skip
    """Validate the settings and all content without building: every problem at once, exit 1 if any."""
    style = format or contentcheck.default_style()
    if style not in contentcheck.STYLES:
        raise Exit(f"--format must be text, github or json, not {style!r}", code=2)
    try:
        result = contentcheck.run_check(settings, changed=tuple(changed or ()), base=base, published=published,
                                        only_changed=only_changed)  # fmt: skip
    except SettingsInvalid as error:
        result = contentcheck.CheckResult(None, error.problems, [])
    except (contentcheck.GitError, contentcheck.CheckUnavailable) as error:
        raise Exit(f"check: {error}", code=2) from None
    contentcheck.print_result(result, style)
    problems, site = result.problems, result.site
    if problems:
        raise Exit(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found." if style != "json" else None, code=1)
    if style != "json":
        print(f"OK: {len(site.published_articles)} articles to publish, {len(site.pages)} pages, "
              + ", ".join(f"{len(registry)} {registry.kind.plural}" for registry in site.registries if isinstance(registry.kind, RegistryKind)))


@task(help={"settings": "the settings file (default pelicanconf.py)"})
def schemas(c, settings=str(LOCAL_SETTINGS)):
    """Regenerate schemas/: the JSON Schemas that give editors completion, from the content model and registries."""
    config, registries = _registries(settings)
    folder = jsonschema.schema_folder(config)
    written = jsonschema.write(folder, jsonschema.generate(config, registries))
    print(f"Wrote {', '.join(written)} in {folder}" if written else f"{folder}: every schema is up to date")


def _registries(settings: str):
    """The content configuration and the registries as they read now (``invoke check`` reports their problems)."""
    try:
        config = ContentConfig.from_settings(sitebuild.load_settings(settings))
    except SettingsInvalid as error:
        raise Exit("\n".join(str(problem) for problem in error.problems), code=1) from None
    registries, problems = load_registries(config, Path.cwd())
    if problems:
        print(f"Note: the registries have {len(problems)} problem(s); `invoke check` lists them.", file=sys.stderr)
    return config, registries


@task(help={
    "settings": "the settings file (default pelicanconf.py)",
    "output": "the output folder (default OUTPUT_PATH)",
    "full": "ignore the last build's manifest and build the whole site in a staging folder",
})
def build(c, settings=str(LOCAL_SETTINGS), output=None, full=False):
    """Build the site into output/, atomically: only what changed since the last build, or everything with --full."""
    path = _build(Path(settings), output, full=full)
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


def _fields(options: list[str]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for option in options:
        key, equals, value = option.partition("=")
        if not equals or not key.strip() or not value.strip():
            raise Exit(f'--field "{option}": write it as key=value, e.g. --field modality=antibody', code=2)
        fields.setdefault(key.strip(), []).append(value.strip())
    return fields


@task(
    iterable=["company", "product", "indication", "regulator", "field"],
    auto_shortflags=False,
    help={
        "title": "the headline (for --kind company and the other registries: the name)",
        "kind": "article (default), or a registry kind: company, disease, product, regulator",
        "company": "a company, by any name the registry knows (repeat for several); for --kind product, its company",
        "product": "a product (repeat for several)",
        "indication": "a disease (repeat for several)",
        "regulator": "a regulator (repeat for several)",
        "event": "the event type, e.g. trial-approval",
        "phase": "the clinical phase, e.g. phase-2",
        "date": "YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: today, in the site's time zone)",
        "summary": "one or two plain sentences (else the check asks for it)",
        "slug": "the file name and URL slug (default: made from the title)",
        "field": "for a registry kind: a field as key=value, e.g. modality=antibody, aliases=NWB (repeat for lists)",
        "settings": "the settings file (default pelicanconf.py)",
    },
)  # fmt: skip
def new(c, title, kind="article", company=None, product=None, indication=None, regulator=None, event=None, phase=None,
        date=None, summary=None, slug=None, field=None, settings=str(LOCAL_SETTINGS)):  # fmt: skip
    """Start an article (content/articles/YYYY/<slug>.md) or a registry entry (--kind company ...) the check accepts."""
    if title in ("--help", "-h"):
        # Invoke takes the token after the task name as the title it still lacks, so `invoke new --help` lands here.
        subprocess.run([sys.executable, "-m", "invoke", "--search-root", str(ROOT), "--help", "new"], check=False)
        return
    config, registries = _registries(settings)
    try:
        if kind == "article":
            if field:
                raise scaffold.ScaffoldRefused("--field is for registry kinds (--kind company ...); an article takes "
                                               "--company, --product ...")  # fmt: skip
            date = date or datetime.now(config.timezone).date().isoformat()
            names = {"company": company, "product": product, "indications": indication, "regulator": regulator,
                     "event": [event] if event else None, "phase": [phase] if phase else None}  # fmt: skip
            given = {key: value for key, value in names.items() if value}
            made = scaffold.article(config, registries, title, date, given, summary=summary, slug=slug)
        else:
            registry_kind = scaffold.kind_named(config, kind)
            fields = _fields(field or [])
            if company:
                fields.setdefault("company", []).extend(company)
            if product or indication or regulator or event or phase or summary or slug:
                raise scaffold.ScaffoldRefused(f"--kind {kind} takes the name and --field key=value options only")
            made = scaffold.registry_entry(config, registries, registry_kind, title, fields)
    except scaffold.ScaffoldRefused as refused:
        raise Exit(f"Nothing written: {refused}", code=1) from None
    shown = os.path.relpath(made.path)
    if made.path.exists():
        other = "title or --slug" if kind == "article" else "name"
        raise Exit(f"{shown} already exists; edit that file, or choose another {other}.", code=1)
    made.path.parent.mkdir(parents=True, exist_ok=True)
    made.path.write_text(made.text, encoding="utf-8")
    if kind != "article":
        _, problems = load_registries(config, Path.cwd())
        own = [problem for problem in problems if Path(problem.path).absolute() == made.path.absolute()
               and not problem.message.startswith("required key")]  # fmt: skip
        if own:
            made.path.unlink()
            raise Exit("Nothing written:\n" + "\n".join(str(problem) for problem in own), code=1)
        if jsonschema.schema_folder(config).is_dir():
            schemas(c, settings)
    fill = f"fill in {', '.join(made.to_fill)} and " if made.to_fill else ""
    print(f"Created {shown}: {fill}check it with `invoke check`.")
