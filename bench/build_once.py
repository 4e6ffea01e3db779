"""One build in this process, and what it cost as JSON: the child process of ``build_bench.py``.

A fresh process per build makes its peak memory that build's alone, and its
imports part of its time, as they are for ``invoke build`` or ``pelican``.

    build_once.py {ours,stock} CONTENT OUTPUT SETTINGS RESULT_JSON

``ours`` builds through ``sitebuild`` (checks, plugins, Pagefind, atomic swap);
``stock`` runs Pelican's own command line, as ``python -m pelican`` does.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time
from pathlib import Path

import pelican
from pelican import signals

ROOT = Path(__file__).resolve().parents[1]


class Phases(logging.Handler):
    """When Pelican starts writing and stops, from its signals; Pagefind's time from the search_index log record."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.marks: dict[str, float] = {}
        self.pagefind: tuple[float, float] | None = None  # (started, seconds)

    def mark(self, name: str):
        def receiver(sender, **kwargs):
            self.marks.setdefault(name, time.time())

        return receiver

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "search_index_seconds"):
            self.pagefind = (record.created - record.search_index_seconds, record.search_index_seconds)


def build_ours(content: str, output: str, settings: str) -> None:
    # Imported here, not above: stock Pelican's process must not load the project at all.
    sys.path.insert(0, str(ROOT))
    import sitebuild

    sitebuild.build(settings, {"PATH": content, "OUTPUT_PATH": output})


def build_stock(content: str, output: str, settings: str) -> None:
    pelican.main([content, "--settings", settings, "--output", output])


def main() -> None:
    kind, content, output, settings, result = sys.argv[1:]
    phases = Phases()
    # Receivers run in no fixed order: ours may see ``finalized`` before or after Pagefind's.
    signals.get_writer.connect(phases.mark("writing"), weak=False)
    signals.finalized.connect(phases.mark("finalized"), weak=False)
    logging.getLogger("search_index").addHandler(phases)
    logging.getLogger("search_index").setLevel(logging.INFO)

    started = time.time()
    {"ours": build_ours, "stock": build_stock}[kind](content, output, settings)
    ended = time.time()

    writing = phases.marks["writing"]
    written = min(phases.marks["finalized"], phases.pagefind[0]) if phases.pagefind else phases.marks["finalized"]
    measured = {
        "seconds": ended - started,
        "read_seconds": writing - started,
        "write_seconds": written - writing,
        "pagefind_seconds": phases.pagefind[1] if phases.pagefind else None,
        # ru_maxrss is in KiB on Linux. The children are Pagefind, the only process a build starts.
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "children_peak_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }
    Path(result).write_text(json.dumps(measured), encoding="utf-8")


if __name__ == "__main__":
    main()
