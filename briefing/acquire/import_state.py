"""What imports remember: per-source state, its atomic file, and the import lock."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from briefing.core.errors import BriefingError, LockedError
from briefing.core.files import flock_within, read_capped
from briefing.core.models import Strict

MAX_STATE_BYTES = 256 * 1024 * 1024  # imports/state.json: a damaged or endless one is dropped
LOCK_WAIT = 60.0  # seconds an import waits for another one (a digest's) to finish


class SourceState(Strict):
    """What the last import of one source produced."""

    capture: str
    sha256: str = Field(description="sha256 of the original bytes.")
    content_sha256: str = Field(description="sha256 of what was extracted (see content_hash).")
    entry_digests: list[str] = Field(
        default_factory=list, description="What the feeds listing it said (digests, newest last)."
    )
    retrieved_at: str


class ImportState(Strict):
    """imports/state.json: per corpus folder, per source key."""

    version: Literal[1] = 1
    corpora: dict[str, dict[str, SourceState]] = Field(default_factory=dict)


# --- state -------------------------------------------------------------------------------------


def load_state(path: Path) -> ImportState:
    """imports/state.json, or an empty state (captures describe themselves, so it can be rebuilt)."""
    try:
        return ImportState.model_validate_json(read_capped(path, MAX_STATE_BYTES, ""))
    except FileNotFoundError:
        return ImportState()
    except (OSError, ValidationError, ValueError, BriefingError):
        # A damaged state only costs re-downloading feed entries: captures carry their own hash.
        return ImportState()


def save_state(path: Path, state: ImportState) -> None:
    """Write the state atomically."""
    data = json.dumps(state.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
    write_atomic(path, data.encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a hidden temporary sibling and rename: a crash leaves no partial file.

    The temporary name starts with a dot, which `ingest` skips, so not even a leftover from a
    SIGKILL can become a document.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


@contextlib.contextmanager
def import_lock(home: Path) -> Iterator[None]:
    """One import at a time per state directory (they share state.json)."""
    lock = home / "imports" / "lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a+") as fh:
        if not flock_within(fh, LOCK_WAIT):
            raise LockedError(
                f"another import is running (lock {lock}, waited {LOCK_WAIT:g} s): let it"
                " finish and run again"
            )
        yield  # closing the file releases the lock


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
