"""The SiteWriter: renders every output once, on every core, and writes only what changed.

Pelican's ``Writer.write_file`` renders one template at a time, copies the whole
context for each page and resolves every path it writes; at 10,000 articles
that alone costs more than the rest of the build. Generators here hand the
writer all their outputs at once (``write_outputs``): pages to render and
files of bytes, each with a fingerprint of everything it shows. The writer
refuses two outputs at one path, renders in forked workers (templates and
content are inherited, not pickled), and keeps a manifest of fingerprints so
that the next build can tell which outputs its changes affect.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pelican.writers import Writer

from content_model import SITE_ROOT, parallel_map
from content_model.parallel import default_workers

from .fingerprint import TemplateFingerprints, code_fingerprint, fingerprint, settings_fingerprint
from .outputs import FileOutput, OutputCollision, PageOutput, checked_save_as, relative_root

logger = logging.getLogger(__name__)


@dataclass
class WriteStats:
    outputs: int = 0
    written: int = 0
    unchanged: int = 0
    by_generator: dict[str, int] = field(default_factory=dict)


class SiteWriter(Writer):
    """Writes generators' outputs into ``output_path``; see the module docstring.

    ``previous`` maps each output path of the last build to its fingerprint;
    an output whose fingerprint is unchanged and whose file is still there as
    written is kept, not rendered (incremental builds; see sitebuild).
    """

    def __init__(self, output_path, settings=None, previous: dict[str, bytes] | None = None):
        super().__init__(output_path, settings=settings)
        self.workers = settings["WRITER_WORKERS"] or default_workers()
        self.previous = previous or {}
        self.claims: dict[str, str] = {}
        self.manifest: dict[str, bytes] = {}
        self.stats = WriteStats()
        # A folder that starts empty (a full build's staging folder) has no file to compare with.
        self.fresh = not any(os.scandir(output_path)) if os.path.isdir(output_path) else True
        self._site_fingerprint: bytes | None = None
        self._templates: dict[int, TemplateFingerprints] = {}

    def site_fingerprint(self, context: dict) -> bytes:
        """Settings, code and the data every page shows (menu, pages, site feeds)."""
        if self._site_fingerprint is None:
            code = code_fingerprint([Path(folder) for folder in self.settings["PLUGIN_PATHS"]])
            self._site_fingerprint = fingerprint(settings_fingerprint(self.settings), code, context.get("page_globals", {}))
        return self._site_fingerprint

    def claim(self, output, producer: str) -> None:
        save_as = checked_save_as(output.save_as)
        first = self.claims.setdefault(save_as, producer)
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
        if id(environment) not in self._templates:
            environment.globals.update({name: self.settings[name] for name in self.settings["TEMPLATE_SETTINGS"] if name in self.settings})
            environment.globals.update(generator.context.get("page_globals", {}))
            environment.globals["SITEURL"] = SITE_ROOT
            self._templates[id(environment)] = TemplateFingerprints(environment)
        return self._templates[id(environment)]

    def write_outputs(self, generator, outputs: Iterable[PageOutput | FileOutput]) -> None:
        """Render and write every output of one generator."""
        outputs = list(outputs)
        name = type(generator).__name__
        for output in outputs:
            self.claim(output, output.source or f"{name} ({output.save_as})")
        templates = self.prepare(generator)
        site = self.site_fingerprint(generator.context)
        jobs = [
            (output, generator.get_template(output.template), site, templates) if isinstance(output, PageOutput) else (output, None, site, None)
            for output in outputs
        ]
        results = parallel_map(self.write_one, jobs, self.workers)
        for (output, *_), (print_, written) in zip(jobs, results):
            self.manifest[output.save_as] = print_
            self.stats.written += written
            self.stats.unchanged += not written
        self.stats.outputs += len(jobs)
        self.stats.by_generator[name] = self.stats.by_generator.get(name, 0) + len(jobs)
        logger.debug("%s: %d outputs", name, len(jobs))

    def page_siteurl(self, output: PageOutput) -> str:
        if not self.settings["RELATIVE_URLS"]:
            return self.settings["SITEURL"]
        return "" if output.root_relative else relative_root(output.save_as)

    def render(self, output: PageOutput, template) -> bytes:
        html = template.render({**output.context, **output.derived, "output_file": output.save_as, "page_url": output.url})
        return html.replace(SITE_ROOT, self.page_siteurl(output)).encode("utf-8")

    def write_one(self, job) -> tuple[bytes, bool]:
        """Fingerprint, render or make one output, and write it unless the file already holds those bytes:
        (fingerprint, written). Runs in a worker."""
        output, template, site, templates = job
        if template is not None:
            print_ = fingerprint(site, templates(template.name), output.save_as, output.context, output.url, output.root_relative)
            data = self.render(output, template)
        else:
            print_ = fingerprint(site, output.save_as, output.fingerprint)
            data = output.data()
        path = os.path.join(self.output_path, output.save_as)
        if not self.fresh and self.holds(path, data):
            return print_, False
        try:
            stream = open(path, "wb")
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            stream = open(path, "wb")
        except IsADirectoryError as error:
            raise OutputCollision(f"{output.save_as} is a folder of the site and cannot be written as a file") from error
        with stream:
            stream.write(data)
        return print_, True

    @staticmethod
    def holds(path: str, data: bytes) -> bool:
        """Whether the file at ``path`` already has exactly these bytes."""
        try:
            with open(path, "rb") as existing:
                return existing.read(len(data) + 1) == data
        except (FileNotFoundError, NotADirectoryError):
            return False
