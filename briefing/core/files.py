"""Which files briefing may read, and how much of them: one rule shared by every reader.

`ingest` lists the corpus with `corpus_name_problem`, and `verify`, the HTML page and the
digest open cited documents with `read_corpus_file`, so a name ingest skips is one the
verifier refuses, and the verifier opens nothing ingest would not read: a `.txt`/`.md`
regular file (no device, FIFO or socket) inside the corpus root, at most `max_file_mb`.
Every other input (briefing.json, URL lists, saved pages) goes through `read_capped`, so an
endless stream such as the zero device is cut off at its limit instead of filling memory.
"""

from __future__ import annotations

import fcntl
import os
import re
import stat
import time
from pathlib import Path
from typing import IO

from briefing.core.errors import CorpusError

SUFFIXES: frozenset[str] = frozenset({".txt", ".md"})
MB = 1024 * 1024
DEFAULT_MAX_FILE_MB = 50.0  # the 1 MB single-line file of the hostile tests, with room to spare
MAX_BRIEFING_MB = 100.0  # a 100,000-document corpus lists about 20 MB of sources

# Characters a corpus name may not hold. `\` and `:` make a Windows path (a separator, a
# drive or a stream), which the verifier must treat as absolute; control characters would
# break the one-line messages that name the file.
_BAD_NAME_CHARS = re.compile(r"[\\:\x00-\x1f\x7f-\x9f]")


class InputTooLargeError(CorpusError):
    """A file (or stream) is larger than briefing's limit for it."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escaped(name: str) -> str:
    """A file name as messages show it: undecodable bytes and control characters as \\xNN."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _describe(char: str) -> str:
    """A character a name may not hold, in words."""
    names = {"\\": "a backslash (a Windows path separator)", ":": "a colon (a Windows drive)"}
    return names.get(char, f"a control character (U+{ord(char):04X})")


def corpus_name_problem(rel: str) -> str | None:
    """Why `rel` (a corpus-relative POSIX path) is not a valid corpus file name, or None.

    The one rule ingest lists files by and verify opens citations by.
    """
    if not rel.strip():
        return "empty document path"
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return f"name '{escaped(rel)}' is not valid UTF-8; rename the file"
    bad = _BAD_NAME_CHARS.search(rel)
    if bad:
        return (
            f"name '{escaped(rel)}' contains {_describe(bad.group())}, which no corpus file name"
            " may hold; rename the file"
        )
    if rel.startswith("/"):
        return f"absolute path {rel!r} is not allowed; cite a path relative to the corpus"
    parts = rel.split("/")
    if ".." in parts:
        return f"path {rel!r} contains '..'; cite a path inside the corpus"
    if any(p in ("", ".") for p in parts):
        return f"path {rel!r} has an empty or '.' part; cite the path ingest lists"
    if any(p.startswith(".") for p in parts):
        return f"{rel!r} is hidden (a name starting with '.'), which ingest never reads"
    if os.path.splitext(parts[-1])[1].lower() not in SUFFIXES:
        return f"{rel!r} is not in the corpus (only .txt and .md files are)"
    return None


def _too_large(path: object, limit: int, fix: str) -> InputTooLargeError:
    return InputTooLargeError(f"'{path}' is larger than the {limit / MB:g} MB limit: {fix}")


def read_capped(path: Path, limit: int, fix: str) -> bytes:
    """Read a file or stream, never more than `limit` bytes; over it, an error saying `fix`."""
    with open(path, "rb") as fh:
        info = os.fstat(fh.fileno())
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > limit:
            raise _too_large(path, limit, fix)
        # One byte over tells a file at the limit from an endless one. A regular file is read
        # to its size first: read(limit + 1) allocated the whole limit (50 MB by default) for
        # every file, two thirds of the time reading a 5 KB capture took.
        want = min(info.st_size, limit) + 1 if regular else limit + 1
        data = fh.read(want)
        if len(data) == want <= limit:  # it grew since fstat: on to the limit, as before
            data += fh.read(limit + 1 - want)
    if len(data) > limit:
        raise _too_large(path, limit, fix)
    return data


def max_file_fix(limit: int) -> str:
    """The fix for a corpus file over the `max_file_mb` limit."""
    return (
        "split it, remove it from the corpus, or raise max_file_mb (BRIEFING_MAX_FILE_MB,"
        f" now {limit / MB:g})"
    )


def read_corpus_file(root: Path, rel: str, limit: int) -> bytes:
    """The bytes of corpus file `rel` under the resolved `root`, if ingest would read it.

    Raises `CorpusError` with a one-phrase reason otherwise: a bad name, a path that resolves
    (symlinks included) outside `root`, anything but a regular file, a file over `limit`.
    Nothing is opened before the checks, and a FIFO is never opened at all.
    """
    reason = corpus_name_problem(rel)
    if reason:
        raise CorpusError(reason)
    try:
        target = (root / rel).resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # symlink loops, odd names
        raise CorpusError(f"cannot resolve {rel!r}: {exc}") from None
    # Checked on the resolved path, so a symlink inside the corpus that points outside it is
    # refused before anything is opened.
    if not target.is_relative_to(root):
        raise CorpusError(f"{rel!r} resolves outside the corpus root")
    try:
        info = target.stat()
    except OSError:
        raise CorpusError(f"{rel} is not in the corpus folder") from None
    if not stat.S_ISREG(info.st_mode):
        raise CorpusError(f"{rel!r} is not a regular file (a device, FIFO or folder)")
    if info.st_size > limit:
        raise _too_large(rel, limit, max_file_fix(limit))
    try:
        # O_NONBLOCK: a file swapped for a FIFO since the check must not hang the open.
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise CorpusError(f"cannot read {rel!r}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise CorpusError(f"{rel!r} is not a regular file (a device, FIFO or folder)")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _too_large(rel, limit, max_file_fix(limit))
    return data


def flock_within(fh: IO[str], wait: float) -> bool:
    """Take an exclusive flock on `fh`, retrying for up to `wait` seconds; False if it stayed held.

    An flock is released by the kernel when its holder dies, so a lock never goes stale.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.2)
