"""Turning a content file into text, or into a located problem.

Editors' files arrive from many editors and operating systems: a UTF-8 BOM and
CRLF line ends are accepted, while another encoding (GBK from a Chinese
Windows editor is the usual one) or a stray control character is refused with
the byte offset or line, never decoded by guesswork. Only regular files are
read: a FIFO named ``*.md`` would block the build forever, a device could feed
it without end.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from .problems import Problem

BOM = "\ufeff"
MAX_FILE_BYTES = 4 * 1024 * 1024

# C0 controls other than tab, newline and carriage return, DEL, and C1 controls:
# they are invisible in editors and invalid in XML feeds.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_HINT = "delete it (it often comes from copying text out of PDFs or Word)"
NOT_REGULAR = "is not a regular file (a pipe, socket or device); remove it from content/"
NO_SUCH_FILE = "there is no such file"


def control_character_message(character: str) -> str:
    return f"invisible control character U+{ord(character):04X} is not allowed; {CONTROL_HINT}"


def _encoding_hint(data: bytes) -> str:
    for encoding, name in (("gb18030", "GBK/GB18030"), ("big5", "Big5"), ("shift_jis", "Shift-JIS")):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return f"it looks like {name}; "
    return ""


def read_bytes(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file, or the problem that keeps it from being read.

    The type is checked on the open descriptor (opened without blocking, so a
    FIFO cannot hang the build), so nothing can swap the file in between.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket: opening it fails rather than giving a descriptor to check
            return None, [Problem(shown, 0, NOT_REGULAR)]
        return None, [Problem(shown, 0, f"cannot be read: {error.strerror}; check that the file exists and you may read it")]
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return None, [Problem(shown, 0, NOT_REGULAR)]
        if info.st_size > MAX_FILE_BYTES:
            return None, [
                Problem(shown, 0, f"is {info.st_size:,} bytes; a content file may have at most {MAX_FILE_BYTES:,}; split it or move media out")
            ]
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read(MAX_FILE_BYTES + 1), []
    except OSError as error:
        return None, [Problem(shown, 0, f"cannot be read: {error.strerror}")]
    finally:
        os.close(descriptor)


def decode_source(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode a file's bytes as UTF-8 and normalise its line ends.

    Returns the text (or None) and the problems that make the file unusable.
    """
    if not data.strip():
        return None, [Problem(path, 1, "file is empty; write the YAML front matter and text, or delete the file")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        hint = _encoding_hint(data)
        return None, [
            Problem(
                path,
                line,
                f"file is not UTF-8: byte 0x{byte:02X} at byte offset {error.start} cannot be decoded; "
                f"{hint}re-save the file with UTF-8 encoding",
            )
        ]
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    problems = [
        Problem(path, text.count("\n", 0, match.start()) + 1, control_character_message(match.group()))
        for match in CONTROL_CHARACTERS.finditer(text)
    ]
    if problems:
        return None, problems
    return text, []


def publishable_file_problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot be published as it is (missing, a folder, a pipe, unreadable), or None.

    The file is opened (without blocking, so a FIFO cannot hang the build) and its
    type checked on the descriptor, as ``read_bytes`` does: whatever the build
    later copies is then known to be a regular file it may read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (FileNotFoundError, NotADirectoryError):
        return NO_SUCH_FILE
    except OSError as error:
        reasons = {
            errno.ELOOP: "it is a symbolic link that leads to itself",
            errno.ENAMETOOLONG: "the path is too long",
            errno.EACCES: "it cannot be read (permission denied)",
            errno.ENXIO: "it is not a regular file (a pipe, socket or device)",  # a socket cannot be opened
        }
        return reasons.get(error.errno, f"it cannot be read ({error.strerror})")
    except ValueError:
        return "the path holds a NUL character"
    try:
        mode = os.fstat(descriptor).st_mode
    finally:
        os.close(descriptor)
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "it is not a regular file (a pipe, socket or device)"
    return None


def link_problem(path: Path, content_root: Path, shown: str, allow_folder: bool = False) -> Problem | None:
    """A problem if ``path`` is a symbolic link the build must not follow.

    Links to files inside the content folder are fine; a link that leaves it
    would publish whatever it points to (a key, a password file), a linked
    folder would be read twice, and a dangling link reads nothing.
    ``allow_folder`` admits a linked folder that stays inside the content folder.
    """
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return Problem(shown, 0, "is a symbolic link to a file that does not exist; delete it")
    except (OSError, RuntimeError):
        return Problem(shown, 0, "is a symbolic link that leads to itself (a loop); delete it")
    if target.is_dir() and not allow_folder:
        return Problem(shown, 0, "is a symbolic link to a folder; links to folders are not followed, move the folder here instead")
    if content_root.resolve() not in target.parents:
        return Problem(shown, 0, "is a symbolic link to a place outside content/; copy the files into content/ instead")
    return None
