"""briefing: turn a folder of source documents into a short cited briefing, and prove every citation.

The library API, for notebooks and other programs (the `briefing` command is built on the
same stages):

    import briefing
    result = briefing.generate("seeds", "What does the Kremlin want from Trump?")
    report = briefing.verify(result.out_dir / "briefing.json", corpus="seeds")
    hits = briefing.search("sanctions relief", corpus="seeds", k=5)

Settings are keyword arguments named as in `briefing.toml` (`model`, `base_url`, `out`,
`passages`, `database_url`, …); as on the command line, `BRIEFING_*` variables and a
`briefing.toml` in the working directory fill in what is not passed. Failures raise
`briefing.core.errors.BriefingError` subclasses whose message says the problem and the fix;
nothing is printed. The stages are imported when a function is called, so `import briefing`
stays cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefing.core.config import Settings
    from briefing.core.models import SearchHit, VerificationReport
    from briefing.core.protocols import Judge, Progress
    from briefing.generation.generate import RunResult

__version__ = "0.1.0"
__all__ = ["__version__", "generate", "search", "verify"]


def _settings(**flags: Any) -> Settings:
    """Settings from these keyword arguments, then BRIEFING_* variables, briefing.toml, defaults."""
    from briefing.core.config import load_settings

    settings, _warnings = load_settings({k: v for k, v in flags.items() if v is not None})
    return settings


def _quiet(message: str, done: int | None = None, total: int | None = None) -> None:
    """Progress that goes nowhere (the library prints nothing)."""


def generate(
    corpus: str | Path | None = None,
    topic: str | None = None,
    *,
    progress: Progress | None = None,
    **settings: Any,
) -> RunResult:
    """Write a verified, cited briefing of `corpus` on `topic`; returns the run (its folder, briefing, report)."""
    from briefing.generation.generate import run_generate
    from briefing.outputs import render
    from briefing.store.opening import open_state

    resolved = _settings(corpus=corpus, topic=topic, **settings)
    render.check_writable(resolved.out)  # before any model call is spent
    store = open_state(resolved)
    try:
        return run_generate(store, resolved, progress or _quiet)
    finally:
        store.close()


def verify(
    briefing_json: str | Path,
    corpus: str | Path,
    *,
    strict: bool = False,
    judge: Judge | None = None,
    support_threshold: float | None = None,
) -> VerificationReport:
    """Check every citation of a briefing.json against the corpus folder it cites."""
    from briefing import verification

    resolved = _settings(corpus=corpus, support_threshold=support_threshold)
    return verification.verify_briefing(
        verification.load_briefing(Path(briefing_json)),
        resolved.corpus,
        strict=strict,
        support_threshold=resolved.support_threshold,
        max_file_bytes=resolved.max_file_bytes,
        judge=judge,
    )


def search(
    query: str, corpus: str | Path | None = None, *, k: int = 10, **settings: Any
) -> list[SearchHit]:
    """The `k` best body passages of `corpus` for `query`, after bringing its index up to date."""
    from briefing.corpus.sync import sync_corpus
    from briefing.retrieval import retrieve
    from briefing.store.opening import open_state

    resolved = _settings(corpus=corpus, **settings)
    store = open_state(resolved)
    try:
        sync_corpus(
            store, resolved.passage_tokens, warn=_quiet, max_file_bytes=resolved.max_file_bytes
        )
        return retrieve.search(store, query, k=k)
    finally:
        store.close()
