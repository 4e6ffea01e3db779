"""The steps between a production build and a deploy, in the order they depend on each other."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from . import policy
from .compress import CompressionReport, precompress
from .errors import MisleadingAssetName
from .hostfiles import write_host_files
from .settings import PublishSettings
from .urlmap import Redirect, read_redirects

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PostprocessReport:
    """What post-processing added to the site."""

    redirects: list[Redirect]
    host_files: list[str]
    compression: CompressionReport

    def lines(self) -> list[str]:
        return [
            f"redirects (from urls.json): {len(self.redirects)}",
            "host files: " + ", ".join(self.host_files),
            f"compressed: {self.compression}",
        ]


def check_asset_names(output: Path, static_dir: str) -> None:
    """Refuse theme files that hosts would cache for a year by their names although their content may change."""
    if lookalikes := policy.unhashed_lookalikes(output, static_dir):
        raise MisleadingAssetName(
            f"{', '.join(lookalikes)}: named like a content-hashed file (name.<{policy.HASH_LENGTH} hex digits>.ext) "
            "but the digits are not its content's hash, so hosts would cache it for a year even after it changes. "
            "Rename it in the theme's static folder (for instance without the digits)."
        )


def postprocess(output: Path, settings: PublishSettings, workers: int | None = None,
                cache: Path | None = None) -> PostprocessReport:
    """Prepare a complete production build at ``output`` (the build's staging folder) for any host.

    urls.json and the theme's file names are checked first, so a problem stops
    publishing before anything is written. Compression comes last, after the
    final bytes of every text file are known. ``cache`` keeps compressed copies
    between runs (see ``publishing.compress``).
    """
    redirects = read_redirects(output)
    check_asset_names(output, settings.theme_static_dir)
    host_files = write_host_files(output, redirects, settings)
    compression = precompress(output, workers, cache)
    return PostprocessReport(redirects, host_files, compression)
