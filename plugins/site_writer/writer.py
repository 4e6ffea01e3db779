"""The SiteWriter: renders every output once, on every core, and only what changed.

Pelican's ``Writer.write_file`` renders one template at a time, copies the whole
context for each page and resolves every path it writes; at 10,000 articles
that alone costs more than the rest of the build. Generators here hand the
writer all their outputs at once (``write_outputs``): pages to render, files of
bytes and folders of files, each with a fingerprint of everything it shows. The
writer refuses two outputs at one path and renders in forked workers
(templates and content are inherited, not pickled).

Two modes. A full build writes everything into an empty staging folder. An
incremental build (``previous`` given: the manifest of the last build, and what
is on disk now) renders only outputs whose fingerprint changed or whose file is
not as the last build left it, keeps the new bytes of those that differ from
the file on disk in ``changes``, and writes nothing: the build commits them to
the live site at once (outputdir), after every generator has succeeded.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pelican.writers import Writer

from content_model import SITE_ROOT, Background, parallel_map
from content_model.parallel import default_workers

from .fingerprint import TemplateFingerprints, code_fingerprint, fingerprint, settings_fingerprint
from .outputs import FileOutput, FolderOutput, Output, OutputCollision, PageOutput, checked_save_as, relative_root

logger = logging.getLogger(__name__)

MANIFEST_FORMAT = 1
# What a file on disk is taken to be unchanged by: its size and modification time.
Stamp = tuple[int, int]


# The folder of CACHE_PATH where kept outputs (FileOutput.kept) are stored by fingerprint.
KEPT_FOLDER = "outputs"


@dataclass
class Manifest:
    """What a build wrote: each output path with its fingerprint and stamp, for the next build to compare."""

    site: str  # the output folder it describes (resolved)
    site_fingerprint: bytes
    outputs: dict[str, tuple[bytes, Stamp]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest | None:
        """The manifest at ``path``, or None if there is none or it cannot be trusted (corrupt, another format)."""
        try:
            with open(path, "rb") as stream:
                saved_format, manifest = pickle.load(stream)
        except FileNotFoundError:
            return None
        except Exception as error:  # noqa: BLE001 - an unreadable manifest only means a full build
            logger.info("Ignoring the build manifest %s: %s", path, error)
            return None
        return manifest if saved_format == MANIFEST_FORMAT and isinstance(manifest, cls) else None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}-", delete=False) as stream:
            pickle.dump((MANIFEST_FORMAT, self), stream, pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, path)


def site_fingerprint(settings: dict, context: dict) -> bytes:
    """Settings, code and the data every page shows (menu, pages, site feeds): a change re-renders everything."""
    code = code_fingerprint([Path(folder) for folder in settings["PLUGIN_PATHS"]])
    return fingerprint(settings_fingerprint(settings), code, context.get("page_globals", {}))


def _make_all(makers: list, workers: int) -> tuple[list, float]:
    """Every folder output's files, made on up to ``workers`` cores, and the seconds it took (in the background)."""
    started = time.perf_counter()
    folders = parallel_map(lambda make: make(), makers, workers, min_items=1)
    return folders, time.perf_counter() - started


@dataclass
class WriteStats:
    """What a build wrote: outputs given, rendered (or made), and the folder outputs' time in the background."""

    outputs: int = 0
    rendered: int = 0
    folder_seconds: float = 0.0
    folder_wait_seconds: float = 0.0
    seconds_by_generator: dict[str, float] = field(default_factory=dict)


class SiteWriter(Writer):
    """Writes generators' outputs; see the module docstring.

    ``previous`` (incremental builds): the last build's manifest; ``on_disk``: the stamp of every
    file now in the output folder.
    """

    def __init__(self, output_path, settings=None, previous: Manifest | None = None, on_disk: Mapping[str, Stamp] | None = None,
                 site: bytes = b""):  # fmt: skip
        super().__init__(output_path, settings=settings)
        self.workers = settings["WRITER_WORKERS"] or default_workers()
        self.previous = previous
        self.on_disk = on_disk or {}
        self.site = site
        self.claims: dict[str, str] = {}
        self.fingerprints: dict[str, bytes] = {}
        self.changes: dict[str, bytes] = {}
        self.stats = WriteStats()
        self._prepared: set[int] = set()
        self._template_prints: TemplateFingerprints | None = None
        self._making: list[tuple[list, Background]] = []
        self._kept: set[str] = set()

    @property
    def incremental(self) -> bool:
        return self.previous is not None

    def claim(self, save_as: str, producer: str) -> None:
        first = self.claims.setdefault(checked_save_as(save_as), producer)
        if first != producer:
            raise OutputCollision(f"{save_as} would be written twice: for {first} and for {producer}")

    def prepare(self, generator) -> TemplateFingerprints:
        """Give the generator's templates the settings and page globals once, not a copy per page.

        SITEURL is the SITE_ROOT mark for every page, replaced by the page's own SITEURL once it
        is rendered: so macros need no per-page context and templates are imported once. Of the
        settings, templates see those TEMPLATE_SETTINGS names: Jinja walks every global at each
        import, and all of Pelican's settings made that a third of the rendering time.
        """
        environment = generator.env
        if id(environment) not in self._prepared:
            environment.globals.update({name: self.settings[name] for name in self.settings["TEMPLATE_SETTINGS"] if name in self.settings})
            environment.globals.update(generator.context.get("page_globals", {}))
            environment.globals["SITEURL"] = SITE_ROOT
            self._prepared.add(id(environment))
        if self._template_prints is None:  # every generator's loader finds the same theme
            self._template_prints = TemplateFingerprints(environment)
        return self._template_prints

    def write_outputs(self, generator, outputs: Iterable[Output]) -> None:
        """Render and write (or, incrementally, collect the changes of) every output of one generator."""
        started = time.perf_counter()
        outputs = list(outputs)
        name = type(generator).__name__
        templates = self.prepare(generator)
        jobs, folders = [], []
        for output in outputs:
            producer = output.source or f"{name} ({output.save_as})"
            if isinstance(output, FolderOutput):
                folders.append((output, producer))
                continue
            self.claim(output.save_as, producer)
            if isinstance(output, FileOutput) and output.kept:
                self._kept.add(output.save_as)
            template = generator.get_template(output.template) if isinstance(output, PageOutput) else None
            jobs.append((output, template, templates(template.name) if template else b""))
        for (output, *_), (print_, rendered, data) in zip(jobs, parallel_map(self.write_one, jobs, self.workers)):
            self.fingerprints[output.save_as] = print_
            self.stats.rendered += rendered
            if data is not None:
                self.changes[output.save_as] = data
        if folders:
            self.start_folders(folders)
        self.stats.outputs += len(outputs)
        self.stats.seconds_by_generator[name] = self.stats.seconds_by_generator.get(name, 0.0) + time.perf_counter() - started

    def unchanged(self, save_as: str, print_: bytes) -> bool:
        """Whether the last build wrote this output with this fingerprint and its file is still as it left it."""
        recorded = self.previous.outputs.get(save_as) if self.previous else None
        return recorded is not None and recorded[0] == print_ and self.on_disk.get(save_as) == recorded[1]

    def page_siteurl(self, output: PageOutput) -> str:
        if not self.settings["RELATIVE_URLS"]:
            return self.settings["SITEURL"]
        return "" if output.root_relative else relative_root(output.save_as)

    def render(self, output: PageOutput, template, context: Mapping) -> bytes:
        values = {**context, **output.derived_values(), "output_file": output.save_as, "page_url": output.url}
        return template.render(values).replace(SITE_ROOT, self.page_siteurl(output)).encode("utf-8")

    def write_one(self, job) -> tuple[bytes, bool, bytes | None]:
        """Fingerprint one output; render it unless unchanged; write it (full build) or return its new bytes
        (incremental build, when they differ from the file on disk): (fingerprint, rendered, new bytes). Runs in a worker."""
        output, template, template_print = job
        if template is not None:
            context = output.values()
            print_ = fingerprint(self.site, template_print, output.save_as, context, output.url, output.root_relative)
        else:
            print_ = fingerprint(self.site, output.save_as, output.fingerprint_value())
        if self.unchanged(output.save_as, print_):
            return print_, False, None
        if template is not None:
            data = self.render(output, template, context)
        else:
            data = self.kept_data(output, print_) if output.kept and self.settings["CACHE_CONTENT"] else output.data()
        return print_, True, self.deliver(output.save_as, data)

    def kept_data(self, output: FileOutput, print_: bytes) -> bytes:
        """The output's bytes from the cache of kept outputs, made and stored there if missing."""
        path = Path(self.settings["CACHE_PATH"], KEPT_FOLDER, print_.hex())
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        data = output.data()
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as stream:
            stream.write(data)
        os.replace(stream.name, path)
        return data

    def prune_kept(self) -> None:
        """Remove kept outputs no output of this build has (made for pages since changed or gone)."""
        folder = Path(self.settings["CACHE_PATH"], KEPT_FOLDER)
        if not self._kept or not folder.is_dir():
            return
        wanted = {self.fingerprints[save_as].hex() for save_as in self._kept if save_as in self.fingerprints}
        for entry in os.scandir(folder):
            if entry.name not in wanted:
                os.unlink(entry.path)

    def deliver(self, save_as: str, data: bytes) -> bytes | None:
        """Write the bytes (full build), or return them if the file on disk differs (incremental)."""
        path = os.path.join(self.output_path, save_as)
        if self.incremental:
            return None if self.holds(path, data) else data
        try:
            stream = open(path, "wb")
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            stream = open(path, "wb")
        except IsADirectoryError as error:
            raise OutputCollision(f"{save_as} is a folder of the site and cannot be written as a file") from error
        with stream:
            stream.write(data)
        return None

    def start_folders(self, folders: list[tuple[FolderOutput, str]]) -> None:
        """Folder outputs are made only if their fingerprint changed or their files are not as they were left;
        those to make are made in a background process, all at once on the writer's cores, and written by
        ``complete``: a generator that writes them before the pages are rendered has them made meanwhile."""
        to_make = []
        for output, producer in folders:
            print_ = fingerprint(self.site, output.prefix, output.fingerprint)
            prefix = output.prefix.rstrip("/") + "/"
            kept = [path for path in (self.previous.outputs if self.previous else {}) if path.startswith(prefix)]
            if kept and all(self.unchanged(path, print_) for path in kept):
                self.record_folder(prefix, producer, print_, {path: None for path in kept})
            else:
                to_make.append((prefix, producer, print_, output.make))
        if to_make:
            makers = [make for *_, make in to_make]
            self._making.append((to_make, Background(functools.partial(_make_all, makers, self.workers))))

    def complete(self) -> None:
        """Wait for the folder outputs being made and write them, then drop the kept outputs no page has any more;
        call once every generator has written."""
        while self._making:
            to_make, made = self._making.pop(0)
            waited = time.perf_counter()
            folders, seconds = made.result()
            waited = time.perf_counter() - waited
            self.stats.folder_seconds += seconds
            self.stats.folder_wait_seconds += waited
            for (prefix, producer, print_, _), files in zip(to_make, folders):
                self.stats.rendered += 1
                self.record_folder(prefix, producer, print_, {prefix + name: data for name, data in files.items()})
            logger.info("%d folder outputs made in %.1f s beside the pages; the build waited %.1f s for them",
                        len(to_make), seconds, waited)  # fmt: skip
        if self.settings["CACHE_CONTENT"]:
            self.prune_kept()

    def cancel(self) -> None:
        """Stop making folder outputs (the build failed)."""
        for _, made in self._making:
            made.cancel()
        self._making.clear()

    def record_folder(self, prefix: str, producer: str, print_: bytes, files: Mapping[str, bytes | None]) -> None:
        """Claim a folder's files and write those with bytes (None: kept as the last build left it)."""
        for path, data in sorted(files.items()):
            self.claim(path, producer)
            self.fingerprints[path] = print_
            if data is not None and (changed := self.deliver(path, data)) is not None:
                self.changes[path] = changed

    @staticmethod
    def holds(path: str, data: bytes) -> bool:
        """Whether the file at ``path`` already has exactly these bytes."""
        try:
            with open(path, "rb") as existing:
                return existing.read(len(data) + 1) == data
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return False

    def manifest(self, site_folder: Path, stamps: Mapping[str, Stamp]) -> Manifest:
        """The manifest of what this build leaves in ``site_folder``, given the stamps of its files as they now are."""
        return Manifest(str(site_folder), self.site, {path: (print_, stamps[path]) for path, print_ in self.fingerprints.items() if path in stamps})
