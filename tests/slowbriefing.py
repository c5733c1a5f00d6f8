"""`python -m tests.slowbriefing STAGE SECONDS ARGS...`: the briefing CLI with one stage slowed.

Interrupt tests send real signals to a real process; slowing a stage down gives them a
window to land in it. STAGE is `ingest` (each file read takes SECONDS longer), `write`
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
