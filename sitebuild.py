"""Strict, atomic site builds, shared by ``invoke build``, ``invoke serve`` and the tests.

Pelican writes into a fresh staging folder beside the output folder. Only when
the whole run succeeds (content check, every page written, article count
verified, no error logged by Pelican or a plugin) is the staging folder
swapped into place; a failed build leaves the previous site exactly as it was.
Content problems come out as plain ``path:line: message`` lines, never as a
traceback. Pelican's own command line does neither: it logs and drops broken
files, exits 0, and empties the output folder before it knows the build will
succeed.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings
from pelican.writers import FileOverwriteFailedError

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from content_model import BuildError, ContentInvalid  # noqa: E402

logger = logging.getLogger(__name__)


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


def load_settings(settings_file: str | Path = "pelicanconf.py", overrides: dict | None = None) -> dict:
    return read_settings(str(settings_file), override=dict(overrides or {}))


def _swap_into_place(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` with two renames on one file system."""
    retired = None
    if output.exists() or output.is_symlink():
        retired = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
        output.rename(retired / output.name)
    staging.rename(output)
    if retired is not None:
        shutil.rmtree(retired)


def escaping_outside(folder: Path) -> list[str]:
    """Paths in a built folder that are links, or resolve outside it; none may be published."""
    root = folder.resolve()
    found = []
    for path in folder.rglob("*"):
        if path.is_symlink() or root not in path.resolve().parents:
            found.append(f"error: {path.relative_to(folder)} is a link or leads outside the output folder")
    return found


def build(settings_file: str | Path = "pelicanconf.py", overrides: dict | None = None) -> Path:
    """Build the site and return its folder; raise ``BuildFailed`` (old output untouched) on any problem."""
    settings = load_settings(settings_file, overrides)
    output = Path(settings["OUTPUT_PATH"]).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    settings = load_settings(settings_file, {**(overrides or {}), "OUTPUT_PATH": str(staging)})
    recorder = _ErrorRecorder()
    logging.getLogger().addHandler(recorder)
    try:
        Pelican(settings).run()
        if recorder.messages:
            raise BuildFailed([f"error: {message}" for message in recorder.messages])
        if escaped := escaping_outside(staging):
            raise BuildFailed(escaped)
    except ContentInvalid as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed([str(problem) for problem in error.problems]) from None
    except (BuildError, FileOverwriteFailedError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed([f"error: {error}"]) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logging.getLogger().removeHandler(recorder)
    _swap_into_place(staging, output)
    return output
