"""`python -m tests.slowbriefing STAGE SECONDS ARGS...`: the briefing CLI with one stage slowed.

Interrupt tests send real signals to a real process; slowing a stage down gives them a
window to land in it. STAGE is `ingest` (each file read takes SECONDS longer),
`parallel-ingest` (files are parsed by worker processes, and each write of a batch of five
documents to the store takes SECONDS longer), `write`
(each output file's fsync takes SECONDS longer) or `none`. Nothing else changes.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any


def main() -> None:
    stage, seconds = sys.argv[1], float(sys.argv[2])
    if stage == "ingest":
        from briefing.corpus import ingest

        real_read = ingest.read_text

        def slow_read(*args: Any, **kwargs: Any) -> Any:
            time.sleep(seconds)
            return real_read(*args, **kwargs)

        ingest.read_text = slow_read  # type: ignore[assignment]
    elif stage == "parallel-ingest":
        from briefing.corpus import parse, sync
        from briefing.store.sqlite import Store

        parse.PARALLEL_MIN_BYTES = 0  # any corpus is parsed by worker processes
        sync.BATCH_FILES = 5
        real_replace = Store.replace_documents

        def slow_replace(*args: Any, **kwargs: Any) -> Any:
            time.sleep(seconds)
            return real_replace(*args, **kwargs)

        Store.replace_documents = slow_replace  # type: ignore[method-assign]
    elif stage == "write":
        real_fsync = os.fsync

        def slow_fsync(fd: int) -> None:
            time.sleep(seconds)
            real_fsync(fd)

        os.fsync = slow_fsync
    elif stage != "none":
        raise SystemExit(f"unknown stage {stage!r}")
    from briefing.cli import app

    sys.argv = ["briefing", *sys.argv[3:]]
    app()


if __name__ == "__main__":
    main()
