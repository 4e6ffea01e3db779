"""The development server behind ``invoke serve``: the site in memory, a page rendered when it is asked for.

On every change to content or theme, the site is read again with the content
cache kept in memory (only changed files are parsed; unchanged articles keep
their resolved objects), every generator plans its outputs without rendering
them, and every open page is told to reload (server-sent events). A page is
rendered when the browser asks for it, with the same writer code as a build,
so it shows the same bytes a build would write, plus a reload script, and drafts
and embargoed stories (never in a build) marked as such. While the content has
problems, every page shows them in an overlay (and the terminal lists them)
until they are fixed; the last good site stays browsable underneath. A change
to the project's code or settings restarts the server process.
"""

from __future__ import annotations

import errno
import html
import http.server
import logging
import mimetypes
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import watchfiles

import sitebuild
from content_model import ContentCache, ContentInvalid, SettingsInvalid, printable
from site_writer import FolderOutput, PageOutput, SiteWriter

logger = logging.getLogger(__name__)

EVENTS_PATH = "/__preview__/events"
# The page says which version of the site it shows, so a change made while it loaded still reloads it.
RELOAD_SCRIPT = (
    f'<script>new EventSource("{EVENTS_PATH}?seen={{seen}}").addEventListener("reload", () => location.reload());</script>'
)
# Seconds watchfiles waits for a burst of changes (an editor's save) to end before reporting it.
DEBOUNCE_MS = 30
FEED_TYPES = {".rss.xml": "application/rss+xml", ".atom.xml": "application/atom+xml", ".json": "application/feed+json",
              ".opml": "text/x-opml"}


class PortInUse(Exception):
    """The port is taken; the message says how to choose another."""


class PreviewWriter(SiteWriter):
    """A writer that renders nothing until asked: it remembers every output and which generator made it."""

    def __init__(self, settings):
        super().__init__(settings["OUTPUT_PATH"], settings=settings)
        self.outputs: dict[str, tuple[object, object]] = {}
        self.folders: list[tuple[object, FolderOutput]] = []

    def write_outputs(self, generator, outputs) -> None:
        self.prepare(generator)
        for output in outputs:
            if isinstance(output, FolderOutput):
                self.folders.append((generator, output))
                continue
            self.claim(output.save_as, output.source or output.save_as)
            self.outputs[output.save_as] = (generator, output)
            self.fingerprints[output.save_as] = b""


@dataclass
class Snapshot:
    """One reading of the site: its outputs, and the problems of the reading that followed it, if any."""

    writer: PreviewWriter | None = None
    generation: int = 0
    problems: list[str] = field(default_factory=list)
    folders: dict[str, dict[str, bytes]] = field(default_factory=dict)


class Preview:
    """The site in memory; ``refresh`` after a change, ``page`` for a request."""

    def __init__(self, settings_file: Path, overrides: dict | None = None):
        self.settings_file = settings_file
        self.overrides = {**(overrides or {}), "PREVIEW": True}
        self.cache: ContentCache | None = None  # the first reading takes the one on disk (CACHE_PATH), if any
        self.snapshot = Snapshot()
        self.lock = threading.Lock()
        self.changed = threading.Condition()

    def refresh(self) -> list[str]:
        """Read the site again; return its problems (the last good site stays on show if there are any)."""
        started = time.perf_counter()
        try:
            settings = sitebuild.load_settings(self.settings_file, self.overrides)
            _, context, generators = sitebuild.prepare(settings, {"content_cache": self.cache} if self.cache else None)
            self.cache = context["content_cache"]
            writer = PreviewWriter(settings)
            sitebuild.write(generators, writer)
        except (ContentInvalid, SettingsInvalid) as error:
            problems = [str(problem) for problem in error.problems]
        except Exception as error:  # noqa: BLE001 - a broken edit must not stop the server
            problems = [f"error: {printable(str(error))}"]
        else:
            problems = []
            with self.lock:
                self.snapshot = Snapshot(writer, self.snapshot.generation + 1)
            logger.info("Ready in %.2f s: %d pages and files", time.perf_counter() - started, len(writer.outputs))
        with self.lock:
            self.snapshot.problems = problems
        with self.changed:
            self.changed.notify_all()
        return problems

    def generation(self) -> tuple[int, int]:
        return self.snapshot.generation, len(self.snapshot.problems)

    def folder_file(self, snapshot: Snapshot, path: str) -> bytes | None:
        """A file of a folder output (the search bundle), made on first request and kept for the snapshot."""
        for generator, output in snapshot.writer.folders:
            prefix = output.prefix.rstrip("/") + "/"
            if path.startswith(prefix):
                with self.lock:
                    if prefix not in snapshot.folders:
                        snapshot.folders[prefix] = dict(output.make())
                return snapshot.folders[prefix].get(path[len(prefix) :])
        return None

    def page(self, path: str) -> tuple[int, str, bytes] | str:
        """(status, content type, body) for a URL path, or the URL to redirect to."""
        snapshot = self.snapshot
        if snapshot.writer is None:
            return 503, "text/html; charset=utf-8", self.decorate(b"<!DOCTYPE html><title>Starting</title><p>The site is being read.</p>", snapshot)
        save_as = unquote(path).lstrip("/")
        save_as = f"{save_as}index.html" if save_as.endswith("/") or not save_as else save_as
        outputs = snapshot.writer.outputs
        if save_as not in outputs and f"{save_as}/index.html" in outputs:
            return f"/{unquote(path).lstrip('/')}/"
        found = outputs.get(save_as)
        if found is not None:
            generator, output = found
            data = self.render(snapshot.writer, generator, output)
        elif (data := self.folder_file(snapshot, save_as)) is None:
            not_found = outputs.get(snapshot.writer.settings["NOT_FOUND_SAVE_AS"])
            body = self.render(snapshot.writer, *not_found) if not_found else b"Not found"
            return 404, "text/html; charset=utf-8", self.decorate(body, snapshot)
        kind = content_type(save_as)
        return 200, kind, self.decorate(data, snapshot) if kind.startswith("text/html") else data

    @staticmethod
    def render(writer: PreviewWriter, generator, output) -> bytes:
        if isinstance(output, PageOutput):
            return writer.render(output, generator.get_template(output.template), output.values())
        return output.data()

    @staticmethod
    def decorate(page: bytes, snapshot: Snapshot) -> bytes:
        """The page with the reload script and, while the content has problems, the overlay listing them."""
        extra = RELOAD_SCRIPT.format(seen="-".join(map(str, (snapshot.generation, len(snapshot.problems)))))
        if snapshot.problems:
            items = "".join(f"<li>{html.escape(line)}</li>" for line in snapshot.problems)
            extra += (
                '<div role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;'
                'background:rgba(20,20,20,.92);color:#fff;font:15px/1.5 ui-monospace,monospace">'
                f"<h2 style='color:#ff8a80;margin-top:0'>{len(snapshot.problems)} problem{'s' if len(snapshot.problems) > 1 else ''}"
                f" in the content: the page below is the last good version</h2><ul>{items}</ul>"
                "<p>Fix them and save: this page reloads by itself.</p></div>"
            )
        marker = b"</body>"
        index = page.rfind(marker)
        addition = extra.encode()
        return page[:index] + addition + page[index:] if index >= 0 else page + addition


def content_type(save_as: str) -> str:
    if save_as.startswith("feeds/"):
        for suffix, kind in FEED_TYPES.items():
            if save_as.endswith(suffix):
                return f"{kind}; charset=utf-8"
    guessed, _ = mimetypes.guess_type(save_as)
    kind = guessed or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind in ("application/javascript", "application/json") else kind


class BuiltSiteHandler(http.server.SimpleHTTPRequestHandler):
    """A built output folder served as a static host serves it (the search tests and benchmark read the built
    bundles through it): folder URLs give their index.html, a missing file the site's 404 page."""

    def guess_type(self, path) -> str:
        return content_type(os.path.relpath(path, self.directory).replace(os.sep, "/"))

    def send_error(self, code, message=None, explain=None):
        not_found_page = Path(self.directory) / "404.html"
        if code != 404 or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """Pages from the preview; server-sent reload events at EVENTS_PATH."""

    preview: Preview

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            self.events(parse_qs(urlsplit(self.path).query).get("seen", [""])[0])
            return
        answer = self.preview.page(path)
        if isinstance(answer, str):
            self.send_response(301)
            self.send_header("Location", answer)
            self.end_headers()
            return
        status, kind, body = answer
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def events(self, page_seen: str) -> None:
        """One event per change of the site (or of its problems), until the page goes away; one at once if the
        site changed since the page was made (``page_seen``: its generation and number of problems)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.preview.generation()
        try:
            self.wfile.write(b": connected\n\n" if page_seen in ("", "-".join(map(str, seen))) else b"event: reload\ndata: now\n\n")
            self.wfile.flush()
            while True:
                with self.preview.changed:
                    self.preview.changed.wait(timeout=15)
                now = self.preview.generation()
                self.wfile.write(b"event: reload\ndata: now\n\n" if now != seen else b": still here\n\n")
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def start(preview: Preview, bind: str, port: int) -> http.server.ThreadingHTTPServer:
    """The HTTP server, serving in a thread; PortInUse with the way out when the port is taken."""
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    try:
        server = http.server.ThreadingHTTPServer((bind, port), handler)
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortInUse(
                f"port {port} on {bind} is in use (another server?): choose another with `make serve PORT={port + 1}` "
                f"or `invoke serve --port {port + 1}`"
            ) from None
        raise
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
    return server


def report(problems: list[str]) -> None:
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} problem{'s' if len(problems) > 1 else ''}; the last good site stays on show.", file=sys.stderr)
    else:
        print("Rebuilt.", file=sys.stderr)


def serve(settings_file: Path, bind: str, port: int, content: list[Path], code: list[Path]) -> None:
    """Serve the preview and refresh it on every change to ``content`` (content, theme); restart on ``code``."""
    preview = Preview(settings_file)
    server = start(preview, bind, port)
    print(f"Serving the preview on http://{bind}:{port}/ (drafts and embargoed stories shown, marked); Ctrl-C to stop")
    report(preview.refresh())
    code_folders = [path.resolve() for path in code]
    try:
        for changes in watchfiles.watch(*content, *code, debounce=DEBOUNCE_MS, step=10, rust_timeout=0):
            paths = [Path(path).resolve() for _, path in changes]
            if any(folder == path or folder in path.parents for path in paths for folder in code_folders):
                print("The code or settings changed: restarting the server", file=sys.stderr)
                server.server_close()
                os.execv(sys.executable, [sys.executable, *sys.argv])
            print(f"Changed: {', '.join(sorted({path.name for path in paths}))}", file=sys.stderr)
            report(preview.refresh())
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


__all__ = ["PortInUse", "Preview", "PreviewWriter", "serve", "start"]
