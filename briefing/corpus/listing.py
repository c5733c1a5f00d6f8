"""The corpus folder's files: which are sources, read as text (UTF-8, else a legacy encoding)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from briefing.core import files
from briefing.core.errors import CorpusError
from briefing.core.files import SUFFIXES as SUFFIXES  # re-exported: the corpus file types

# --- files -----------------------------------------------------------------------------------


def find_files(root: Path) -> list[Path]:
    """All .txt/.md files under root (recursive, no hidden entries), sorted by relative path."""
    return [path for _, path in find_corpus_files(root)]


def find_corpus_files(root: Path) -> list[tuple[str, Path]]:
    """`find_files` with each file's path relative to root (POSIX form), as the store keys it."""
    return list_corpus(root)[0]


def list_corpus(root: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """The corpus files as (relative POSIX path, path), and a 'skipped ...' line for each refused one.

    Refused: a name `files.corpus_name_problem` rejects (not UTF-8, a backslash or colon, a
    control character), and a symlink that leads out of the corpus. Hidden entries and other
    file types are not corpus files at all and are passed over silently.
    """
    if not root.exists():
        raise CorpusError(
            f"corpus directory '{root}' does not exist: pass an existing folder of .txt/.md files "
            "(briefing ingest DIR or --corpus DIR)"
        )
    if not root.is_dir():
        raise CorpusError(
            f"corpus path '{root}' is not a directory: pass a folder of .txt/.md files "
            "(briefing ingest DIR or --corpus DIR)"
        )
    real_root = os.path.realpath(root)
    top = os.fspath(root)
    prefix = top if top.endswith(os.sep) else top + os.sep
    found: list[tuple[str, Path]] = []
    skipped: list[str] = []
    # Symlinked folders are not followed: one inside the root is walked under its real name
    # anyway, one outside it would leak files the verifier must not read, and loops are avoided.
    # Plain strings and os.path below: pathlib's parsing and a realpath() per file took 3.5 s
    # of a 6.3 s unchanged re-ingest of 100,000 files (BENCHMARKS.md, bench/bench_changes.py).
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        kept_dirs = []
        for d in dirnames:
            if d.startswith("."):
                continue
            sub = os.path.join(dirpath, d)
            if os.path.islink(sub):
                skipped.append(
                    f"skipped '{files.escaped(sub)}': a symlinked folder, which ingest does not"
                    " follow; move or copy the folder into the corpus"
                )
                continue
            if os.path.isfile(os.path.join(sub, "manifest.json")) and os.path.isfile(
                os.path.join(sub, "briefing.json")
            ):
                # A run folder written with --out inside the corpus: its briefing.md is a
                # briefing, not a source, and must never be read back as evidence.
                skipped.append(
                    f"skipped '{files.escaped(sub)}': a briefing run folder, not a source;"
                    " write runs outside the corpus (--out)"
                )
                continue
            kept_dirs.append(d)
        dirnames[:] = kept_dirs
        rel_dir = "" if dirpath == top else dirpath[len(prefix) :].replace(os.sep, "/") + "/"
        base: Path | None = None
        for name in filenames:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in SUFFIXES:
                continue
            full = os.path.join(dirpath, name)
            if not os.path.isfile(full):
                continue
            # The verifier opens citations by the same rule, so a name refused here can never
            # be a passage that no citation of it could verify.
            problem = files.corpus_name_problem(rel_dir + name)
            if problem:
                skipped.append(f"skipped '{files.escaped(full)}': {problem}")
                continue
            # A symlinked file may point outside the corpus: only keep it if it stays inside.
            # Any other file's real path is its real folder's, which os.walk keeps inside root.
            if os.path.islink(full):
                real = os.path.realpath(full)
                if not _inside(real, real_root):
                    skipped.append(
                        f"skipped '{files.escaped(full)}': a symlink to '{files.escaped(real)}',"
                        " outside the corpus; copy the file into the corpus if it belongs there"
                    )
                    continue
            base = base or Path(dirpath)
            found.append((rel_dir + name, base / name))
    found.sort(key=lambda item: item[0])
    return found, skipped


def _inside(path: str, root: str) -> bool:
    """Whether the real path `path` is `root` or below it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def read_text(
    path: Path, max_bytes: int = int(files.DEFAULT_MAX_FILE_MB * files.MB)
) -> tuple[str, str, int]:
    """Read a file once: (text decoded as strict UTF-8, sha256 hex of the bytes, size in bytes)."""
    try:
        data = files.read_capped(path, max_bytes, files.max_file_fix(max_bytes))
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise CorpusError(
            f"cannot read '{path}': {reason}: check that it exists and is readable"
        ) from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CorpusError(
            f"'{path}' looks binary (NUL byte at byte {nul}): only UTF-8 text can be ingested; "
            "remove it from the corpus or convert it to .txt"
        )
    try:
        # Strict UTF-8, not utf-8-sig: offsets must index exactly what the verifier decodes.
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"'{path}' is not valid UTF-8 (byte {exc.start}: {exc.reason}): convert it, e.g. "
            f"iconv -f {_legacy_encoding(data)} -t utf-8 '{path}' > fixed.txt"
        ) from exc
    if not text or text.isspace():
        raise EmptyFileError(f"'{path}' is empty or only white space: add text or remove the file")
    return text, hashlib.sha256(data).hexdigest(), len(data)


class EmptyFileError(CorpusError):
    """A corpus file holds no text at all."""


def _legacy_encoding(data: bytes) -> str:
    """The iconv name of the 8-bit encoding a non-UTF-8 file most likely uses.

    Windows-1252 puts curly quotes, dashes and the euro sign in 0x80-0x9F, where Latin-1 has
    only control characters: a 0x92 apostrophe is CP1252, and iconv -f LATIN1 would turn it
    into an invisible control character.
    """
    if any(0x80 <= b <= 0x9F for b in data):
        try:
            data.decode("cp1252")
            return "CP1252"
        except UnicodeDecodeError:
            pass
    return "LATIN1"
