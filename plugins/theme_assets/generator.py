"""The ThemeAssetsGenerator."""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path

from pelican.generators import Generator

from content_model import digest
from site_writer import FileOutput

HASH_LENGTH = 10


def hashed_name(path: str, data: bytes) -> str:
    """``css/site.css`` -> ``css/site.<first hex digits of its SHA-256>.css``."""
    stem, extension = posixpath.splitext(path)
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:HASH_LENGTH]}{extension}"


class ThemeAssetsGenerator(Generator):
    """Shares the published name of every theme static file; writes them."""

    def generate_context(self):
        self.files: dict[str, tuple[Path, bytes]] = {}
        for folder in self.settings["THEME_STATIC_PATHS"]:
            root = Path(self.theme, folder)
            for path in sorted(item for item in root.rglob("*") if item.is_file() and not item.name.startswith(".")):
                self.files[path.relative_to(root).as_posix()] = (path, path.read_bytes())
        unhashed = set(self.settings["ASSETS_UNHASHED"])
        prefix = self.settings["THEME_STATIC_DIR"]
        self.names = {
            name: name if name in unhashed else posixpath.join(prefix, hashed_name(name, data)) for name, (_, data) in self.files.items()
        }
        self.context.setdefault("page_globals", {})["assets"] = dict(self.names)

    def generate_output(self, writer):
        writer.write_outputs(self, [
            FileOutput(self.names[name], digest(data), path=path, source=f"the theme's {name}") for name, (path, data) in self.files.items()
        ])  # fmt: skip
