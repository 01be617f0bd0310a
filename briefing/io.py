"""Files in and out: bounded reads, atomic writes, and text made safe for a terminal or a file.

Every input file (articles, facts JSON, the settings, feeds and glossary files) is read by
`read_bounded`, which never holds more than its limit plus one byte, whatever the file is:
`st_size` is 0 for /dev/zero, FIFOs and other devices, so a size check alone lets them through.
Every output file is written by `atomic_write`: a temporary `.part` file beside the target,
fsync, rename. Text from articles and feeds that reaches a terminal, a log or an output file
goes through `printable` first. This module sits low in the layers (only `errors` below it),
so that `config` can read its file through it too and every layer can clean its text.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import InputError, OutputError, TooLargeError

# C0 controls except tab and newline, DEL, and the C1 controls: ESC ] 0;title BEL retitles a
# terminal, ESC c resets it, CR overwrites the line, NUL and the rest corrupt files and logs.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
PART_SUFFIX = ".part"
# A temporary file older than this was left by a killed writer (ours live for milliseconds).
STALE_PART_SECONDS = 3600.0
# What atomic_open's mkstemp names: .<target name>.<8 random characters>.part
_PART_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.part")


def printable(text: str) -> str:
    """Remove control characters except tab and newline (C0, DEL, C1) from `text`."""
    return _CONTROLS.sub("", text)


def one_line(text: str) -> str:
    """Return `text` as one printable line: controls removed, line breaks turned into spaces."""
    return " ".join(printable(text).split())


def read_bounded(path: str | Path, max_bytes: int, *, hint: str = "", stdin: bool = False) -> bytes:
    """Read at most `max_bytes` from a file (or stdin for '-' when `stdin`), else InputError.

    The file is opened without waiting for a FIFO's writer (a FIFO nobody writes reads as
    empty) and read with one bounded read, so devices and pipes cannot outgrow the limit.
    `hint` is added to the over-the-limit message (how to raise the limit).
    """
    if stdin and str(path) == "-":
        return _limit(sys.stdin.buffer.read(max_bytes + 1), "-", max_bytes, hint)
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{p}: is a directory, not a file")
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise TooLargeError(
                f"{p}: file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit{hint}"
            )
        os.set_blocking(fd, True)  # O_NONBLOCK was only for open(); reads may wait
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return _limit(data, str(p), max_bytes, hint)


def _limit(data: bytes, origin: str, max_bytes: int, hint: str) -> bytes:
    if len(data) > max_bytes:
        raise TooLargeError(f"{origin}: input is over the {max_bytes:,}-byte limit{hint}")
    return data


def read_text_bounded(path: str | Path, max_bytes: int, *, hint: str = "") -> str:
    """Read a UTF-8 text file of at most `max_bytes` (a leading BOM is dropped)."""
    data = read_bounded(path, max_bytes, hint=hint)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "wb") -> Iterator[IO[Any]]:
    """Open a temporary file beside `path`; rename it over `path` only if the block succeeds."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PART_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror or exc}") from None
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write `data` to `path` atomically and return the path."""
    mode = "wb" if isinstance(data, bytes) else "w"
    try:
        with atomic_open(path, mode) as fh:
            fh.write(data)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return Path(path)


def remove_stale_parts(directory: Path, older_than: float = STALE_PART_SECONDS) -> list[Path]:
    """Delete the temporary files a killed writer left in `directory`; return what went.

    Only our own pattern (`.NAME.XXXX.part`) is touched, and only files older than
    `older_than` seconds, so a write in progress in another process is never disturbed.
    """
    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(directory))
    except OSError:  # no folder yet: nothing left behind
        return removed
    for entry in entries:
        if not _PART_NAME.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
