"""The development server behind ``invoke serve``: serve the built site, rebuild on change.

Each rebuild runs in a fresh Python process, so edits to plugins and settings
take effect, and goes through ``sitebuild`` so a broken edit prints its
problems and leaves the last good site being served.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import watchfiles

import sitebuild


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves pretty URLs (folder/index.html) and the site's 404.html for missing pages."""

    def send_error(self, code, message=None, explain=None):
        not_found_page = Path(self.directory) / "404.html"
        if code == 404 and not_found_page.is_file():
            body = not_found_page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def rebuild(settings_file: Path) -> bool:
    """Build in a child process; True when it succeeded."""
    code = (
        "import sys, sitebuild\n"
        "try:\n"
        f"    sitebuild.build({str(settings_file)!r})\n"
        "except sitebuild.BuildFailed as failure:\n"
        "    print('\\n'.join(failure.lines), file=sys.stderr)\n"
        "    sys.exit(1)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=settings_file.parent, check=False)
    return result.returncode == 0


def serve(settings_file: Path, bind: str, port: int, watch: list[Path]) -> None:
    output = Path(sitebuild.load_settings(settings_file)["OUTPUT_PATH"]).resolve()
    if not rebuild(settings_file) and not output.is_dir():
        output.mkdir(parents=True)
    handler = functools.partial(SiteRequestHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer((bind, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving {output} on http://{bind}:{port}/ — rebuilding on changes (Ctrl-C to stop)")
    try:
        for changes in watchfiles.watch(*watch):
            changed = sorted({Path(path).name for _, path in changes})
            print(f"Changed: {', '.join(changed)}; rebuilding")
            print("Rebuilt." if rebuild(settings_file) else "Build failed; still serving the last good site.")
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
