"""Strict, atomic site builds, shared by ``invoke build``, ``invoke check``, ``invoke serve`` and the tests.

Settings are checked before anything else: a misspelt or mistyped setting of
``pelicanconf.py`` or ``publishconf.py`` is reported on its line, every one at
once. The build then runs Pelican's plugins the way ``Pelican.run`` does
(plugins registered, each generator's context filled, then its output
written) with two differences: only the plugins' generators run, since the
news plugin reads all content itself, in one pass; and the writer is the site
writer, which renders on every core. The site is written into a fresh
staging folder beside the output folder, and only when the whole run succeeds
(content and settings valid, every page written, no error logged) is it
exchanged with the output folder (``outputdir``: one build at a time, kept
entries such as .git, nothing left behind by an interrupted build), so a
failed build leaves the previous site exactly as it was. Problems come out as
plain ``path:line: message`` lines, never as a traceback.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from pelican import Pelican, signals
from pelican.settings import DEFAULT_CONFIG, read_settings

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

from content_model import BuildError, ContentInvalid, Problem, SettingsInvalid, display_path, printable  # noqa: E402
from outputdir import BuildInProgress, OutputFolder, OutputFolderError  # noqa: E402
from content_model.settings import Location, assigned_names, check_settings, install  # noqa: E402
from site_writer import Manifest, SiteWriter, site_fingerprint  # noqa: E402
from site_writer.writer import Stamp  # noqa: E402
from publishing.settings import SETTINGS as PUBLISH_SETTINGS  # noqa: E402

logger = logging.getLogger(__name__)

# In CACHE_PATH: what the last build wrote, by output path, with fingerprints (site_writer.Manifest).
MANIFEST_FILE = "build-manifest.pickle"

# Settings Pelican reads that are not in its DEFAULT_CONFIG.
PELICAN_SETTINGS = frozenset({
    "TIMEZONE", "SITESUBTITLE", "AUTHOR", "FEED_DOMAIN", "FEED_ALL_RSS", "CATEGORY_FEED_RSS", "TAG_FEED_ATOM", "TAG_FEED_RSS",
    "TRANSLATION_FEED_RSS", "CATEGORIES_SAVE_AS", "TAGS_SAVE_AS", "AUTHORS_SAVE_AS", "ARCHIVES_SAVE_AS", "INDEX_URL", "MENUITEMS",
    "LINKS", "SOCIAL", "TWITTER_USERNAME", "GITHUB_URL", "DISQUS_SITENAME", "GOOGLE_ANALYTICS", "PAGE_TRANSLATION_ID",
})  # fmt: skip


class BuildFailed(Exception):
    """The build did not produce a site; the message lists why, one line each."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


class _ErrorRecorder(logging.Handler):
    """Collects every ERROR logged during a run: Pelican logs some failures and carries on."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def plugin_modules(settings: dict) -> list:
    """The plugin packages PLUGINS names, imported from PLUGIN_PATHS."""
    for folder in settings.get("PLUGIN_PATHS", []):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    return [importlib.import_module(name) for name in settings.get("PLUGINS") or []]


def order_problems(plugins: list, where: Location) -> list[Problem]:
    """A plugin whose REQUIRES are not listed before it: receivers fire in PLUGINS order."""
    names = [plugin.__name__ for plugin in plugins]
    problems = []
    for position, plugin in enumerate(plugins):
        for required in getattr(plugin, "REQUIRES", ()):
            if required not in names[:position]:
                problems.append(Problem(where.path, where.line, f'PLUGINS: "{plugin.__name__}" needs "{required}" listed before it'))
    return problems


def load_settings(settings_file: str | Path = "pelicanconf.py", overrides: dict | None = None) -> dict:
    """Pelican's settings with every plugin's defaults; SettingsInvalid lists every problem with its line."""
    settings_file = Path(settings_file)
    settings = read_settings(str(settings_file), override=dict(overrides or {}))
    assigned = assigned_names(settings_file, lambda path: display_path(path, None))
    assigned.update({name: Location("settings given to the build", 0) for name in overrides or {}})
    try:
        plugins = plugin_modules(settings)
    except ImportError as error:
        where = assigned.get("PLUGINS", Location(str(settings_file), 0))
        raise SettingsInvalid([Problem(where.path, where.line, f"PLUGINS: {error}; check the name and PLUGIN_PATHS")]) from None
    schema = [entry for plugin in plugins for entry in getattr(plugin, "SETTINGS", ())] + list(PUBLISH_SETTINGS)
    problems = check_settings(settings, assigned, schema, set(DEFAULT_CONFIG) | PELICAN_SETTINGS)
    problems += order_problems(plugins, assigned.get("PLUGINS", Location(str(settings_file), 0)))
    if problems:
        raise SettingsInvalid(problems)
    for plugin in plugins:
        install(settings, getattr(plugin, "SETTINGS", ()))
    return settings


def prepare(settings: dict, shared: dict | None = None) -> tuple[Pelican, dict, list]:
    """Plugins registered and every generator's context filled, as ``Pelican.run`` does before writing.

    ``shared`` goes into the context for the generators: the development server hands the news
    plugin the content cache it keeps in memory between rebuilds (``content_cache``).
    """
    pelican = Pelican(settings)
    context = settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={}, localsiteurl=settings["SITEURL"], **(shared or {}))
    classes = [
        generator
        for _, generators in signals.get_generators.send(pelican)
        for generator in (generators if isinstance(generators, Iterable) else (generators,))
        if generator is not None
    ]
    generators = [
        cls(context=context, settings=settings, path=settings["PATH"], theme=settings["THEME"], output_path=settings["OUTPUT_PATH"])
        for cls in classes
    ]
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
    signals.all_generators_finalized.send(generators)
    return pelican, context, generators


def write(generators: list, writer) -> None:
    """Every generator's outputs through the writer. A generator's ``start_output`` (slow outputs made in the
    background, as the search index is) runs before any ``generate_output``, so that work overlaps the pages'."""
    try:
        for generator in generators:
            if hasattr(generator, "start_output"):
                generator.start_output(writer)
        for generator in generators:
            generator.generate_output(writer)
        writer.complete()
    except BaseException:
        writer.cancel()
        raise


class Interrupts:
    """Ctrl-C (SIGINT) during a build, remembered as well as raised: Python drops a KeyboardInterrupt raised
    while a finaliser or callback runs, and an interrupted build must never publish. ``check`` before
    publishing raises it again. Installed only where SIGINT has Python's own handler (a build started in
    the background, with SIGINT ignored, keeps ignoring it)."""

    def __init__(self):
        self.received = False
        self.previous = None

    def __enter__(self) -> Interrupts:
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self.previous = signal.signal(signal.SIGINT, self.handle)
        return self

    def __exit__(self, *exc_info) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    def handle(self, signum, frame) -> None:
        self.received = True
        raise KeyboardInterrupt

    def check(self) -> None:
        if self.received:
            raise KeyboardInterrupt


def run(settings: dict, make_writer: Callable[[dict], object]):
    """Run the plugins' generators as ``Pelican.run`` does, with the writer ``make_writer(context)`` gives
    once every context is filled (it may choose to write everything, or only what changed); return it."""
    recorder = _ErrorRecorder()
    logging.getLogger().addHandler(recorder)
    try:
        started = time.perf_counter()
        pelican, context, generators = prepare(settings)
        read = time.perf_counter()
        writer = make_writer(context)
        write(generators, writer)
        signals.finalized.send(pelican)
        stats = writer.stats
        stages = {"read": read - started, "write": time.perf_counter() - read, "folders": stats.folder_seconds,
                  "folders_waited": stats.folder_wait_seconds, "by_generator": dict(stats.seconds_by_generator)}  # fmt: skip
        logger.info("Read in %.1f s, written in %.1f s (folder outputs: %.1f s beside the pages, %.1f s waited for)",
                    stages["read"], stages["write"], stages["folders"], stages["folders_waited"], extra={"build_stages": stages})  # fmt: skip
    finally:
        logging.getLogger().removeHandler(recorder)
    if recorder.messages:
        raise BuildFailed([f"error: {printable(message)}" for message in recorder.messages])
    return writer


def scan(folder: Path, retention: Iterable[str] = ()) -> dict[str, Stamp]:
    """The stamp (size, modification time) of every file of a built site, by path; kept entries left out."""
    stamps: dict[str, Stamp] = {}
    skipped = set(retention)
    for root, folders, files in os.walk(folder):
        relative = os.path.relpath(root, folder)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        if not prefix:
            folders[:] = [name for name in folders if name not in skipped]
            files = [name for name in files if name not in skipped]
        for name in files:
            info = os.lstat(os.path.join(root, name))
            stamps[prefix + name] = (info.st_size, info.st_mtime_ns)
    return stamps


def build(
    settings_file: str | Path = "pelicanconf.py",
    overrides: dict | None = None,
    wait: bool = False,
    full: bool = False,
    finish: Callable[[Path], object] | None = None,
) -> Path:
    """Build the site and return its folder; raise ``BuildFailed`` (old output untouched) on any problem.

    When the last build's manifest (in CACHE_PATH) still describes the output folder and the settings,
    code and page globals are those it was made with, only what changed is rendered, and the changed
    files are committed to the live site at once (``outputdir``); otherwise (or with ``full``) the
    whole site is built in a staging folder and exchanged with the output folder. Both give the same
    bytes. ``wait``: when another build holds the output folder, wait for it instead of failing at once.
    ``finish``: called with the staging folder of a full build once it is written without error, before it
    is published (``invoke publish`` post-processes there). Whatever it raises fails the build: the staging
    folder is discarded, the output folder stays as it was, and the exception reaches the caller unchanged.
    A finished folder holds files the build did not write, so the next build is a full one.
    """
    try:
        settings = load_settings(settings_file, overrides)
        folder = OutputFolder(Path(settings["OUTPUT_PATH"]), settings["OUTPUT_RETENTION"])
        manifest_path = Path(settings["CACHE_PATH"]) / MANIFEST_FILE
        with folder.lock(wait=wait), Interrupts() as interrupts:
            incremental = not (full or finish is not None) and settings["LOAD_CONTENT_CACHE"]
            previous = Manifest.load(manifest_path) if incremental else None
            if previous is not None and (previous.site != str(folder.site) or folder.interrupted_commit() or not folder.site.is_dir()):
                previous = None
            manifest = _build_into(folder, settings, previous, finish, interrupts)
            if finish is not None:
                manifest_path.unlink(missing_ok=True)
            elif settings["CACHE_CONTENT"]:
                manifest.save(manifest_path)
    except (ContentInvalid, SettingsInvalid) as error:
        raise BuildFailed([str(problem) for problem in error.problems]) from None
    except (BuildError, BuildInProgress, OutputFolderError) as error:
        raise BuildFailed([f"error: {printable(str(error))}"]) from None
    except OSError as error:  # the machine's failure (a full disk, a file gone meanwhile): the old site stays
        where = f": {printable(str(error.filename))}" if error.filename else ""
        raise BuildFailed([f"error: {printable(error.strerror or str(error))}{where}"]) from None
    return folder.path


def _build_into(folder: OutputFolder, settings: dict, previous: Manifest | None, finish: Callable[[Path], object] | None,
                interrupts: Interrupts) -> Manifest:  # fmt: skip
    """One build under the lock: incremental into the live folder, or full into a staging folder."""
    staging: Path | None = None

    def make_writer(context: dict) -> SiteWriter:
        nonlocal staging
        site = site_fingerprint(settings, context)
        if previous is not None and previous.site_fingerprint == site:
            return SiteWriter(str(folder.site), settings, previous, scan(folder.site, folder.retention), site)
        staging = folder.staging()
        return SiteWriter(str(staging), settings, site=site)

    try:
        writer = run(settings, make_writer)
        if staging is not None and finish is not None:
            finish(staging)
        interrupts.check()
    except BaseException:
        if staging is not None:
            folder.discard(staging)
        raise
    if staging is not None:
        folder.publish(staging)
        return writer.manifest(folder.site, scan(folder.site, folder.retention))
    deleted = sorted(set(writer.on_disk) - set(writer.claims))
    if writer.changes or deleted:
        folder.commit(writer.changes, deleted)
    stamps = {path: stamp for path, stamp in writer.on_disk.items() if path in writer.claims}
    for path in writer.changes:
        info = os.lstat(folder.site / path)
        stamps[path] = (info.st_size, info.st_mtime_ns)
    logger.info("Incremental build: %d of %d outputs rendered, %d files changed, %d deleted",
                writer.stats.rendered, writer.stats.outputs, len(writer.changes), len(deleted))  # fmt: skip
    return writer.manifest(folder.site, stamps)


def check(settings_file: str | Path = "pelicanconf.py", overrides: dict | None = None):
    """Validate settings and all content without building (``invoke check``): the Site and every problem.

    The same reader and one pass as the build, so a check that passes is a build that passes.
    """
    from content_model import ContentConfig, load_site
    from frontmatter_reader import FrontMatterReader

    settings = load_settings(settings_file, overrides)
    reader = FrontMatterReader(settings)
    return load_site(ContentConfig.from_settings(settings), reader, display_root=Path.cwd(), workers=settings["READ_WORKERS"] or None)
