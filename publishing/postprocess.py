"""The steps between a production build and a deploy, in the order they depend on each other."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .assets import hash_assets
from .compress import CompressionReport, precompress
from .hostfiles import write_host_files
from .settings import PublishSettings
from .urlmap import Redirect, read_redirects

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PostprocessReport:
    """What post-processing changed in the site."""

    renamed_assets: dict[str, str]
    redirects: list[Redirect]
    host_files: list[str]
    compression: CompressionReport

    def lines(self) -> list[str]:
        return [
            f"theme files renamed by content hash: {len(self.renamed_assets)}",
            f"redirects (from urls.json): {len(self.redirects)}",
            "host files: " + ", ".join(self.host_files),
            f"compressed: {self.compression}",
        ]


def postprocess(output: Path, settings: PublishSettings, workers: int | None = None,
                cache: Path | None = None) -> PostprocessReport:
    """Prepare a fresh production build at ``output`` for any host.

    urls.json is checked first, so a broken redirect list stops publishing before
    anything is changed. Assets are hashed before the host files are written and
    compression comes last, after the final bytes of every text file are known.
    ``cache`` keeps compressed copies between runs (see ``publishing.compress``).
    """
    redirects = read_redirects(output)
    # The build's atomic swap renames a private (0700) temporary folder into place; a web server must read it.
    output.chmod(0o755)
    renamed = hash_assets(output, settings.site_url, settings.theme_static_dir)
    host_files = write_host_files(output, redirects, settings)
    compression = precompress(output, workers, cache)
    return PostprocessReport(renamed, redirects, host_files, compression)
