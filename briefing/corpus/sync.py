"""Corpus sync: read the files, find their bodies, split and chunk them, hand the rows to the store.

Above the store (which only persists) and below the stages: every command that reads the
corpus calls `sync_corpus` once, then works from the store.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from briefing.core.errors import BriefingError, CorpusError
from briefing.core.files import DEFAULT_MAX_FILE_MB, MB
from briefing.core.models import DocumentRows, IngestReport
from briefing.core.protocols import CorpusStore
from briefing.corpus import ingest, listing, parse

# Parsed documents are written in batches, each one transaction: a transaction per document
# made FTS5 write (and merge) a segment per document, and PostgreSQL a postings segment.
# A batch is also written once it is FLUSH_SECONDS old, so a slow ingest stores as it goes.
BATCH_FILES = 256
BATCH_BYTES = 4 * MB
FLUSH_SECONDS = 1.0


def sync_corpus(
    store: CorpusStore,
    max_tokens: int,
    warn: Callable[[str], None] = lambda _msg: None,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    indexing: Callable[[int, int], None] | None = None,
    max_file_bytes: int = int(DEFAULT_MAX_FILE_MB * MB),
    workers: int | None = None,
) -> IngestReport:
    """Bring the store in line with its corpus: only files whose sha256 changed are re-read into it.

    `progress` counts files; `indexing` counts passages added to the search postings (a first
    ingest of 100k documents spends minutes there). Files over `max_file_bytes` are skipped.
    `workers` processes parse (default: one per core; 1, or little to parse: this process).
    """
    root = store.root
    listed, refused = listing.list_corpus(root)
    files = [path for _, path in listed]
    report = IngestReport(root=str(root))
    for line in refused:
        report.skipped.append(line)
        warn(line)
    seen: set[str] = set()
    known = store.document_hashes()
    sizes = {rel: _size(path) for rel, path in listed if rel not in known}
    # A large ingest sets up the search postings before it writes (SQLite: no FTS5 then).
    store.prepare_ingest(sum(sizes.values()))
    writer = _Writer(store, report)
    jobs = _jobs(listed, known, sizes, max_file_bytes, report, warn, seen)
    workers = parse.default_workers() if workers is None else workers
    with cyclic_gc_paused():
        for i, parsed in parse.parse_in_order(jobs, max_tokens, max_file_bytes, workers):
            if isinstance(parsed, str):
                report.skipped.append(parsed)
                warn(parsed)
            elif parsed is not None:
                seen.add(parsed.document.doc)
                writer.add(parsed)
            progress(i + 1, len(files))
        writer.flush()
    report.unchanged.sort()  # unchanged when read, or when written (see _Writer.flush)
    report.removed = sorted(set(known) - seen)
    if report.removed:
        store.remove_documents(report.removed)
    if not seen:
        raise_no_files(root, files, report)
    store.refresh_index(indexing)
    return report


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (reference counting goes on)."""
    # An ingest allocates millions of objects (the workers' rows, unpickled) and frees them by
    # reference counting: it makes no reference cycles (gc.collect() finds none after one), yet
    # the collector scanned the growing heap over and over, 1.5 of the writer's 11 CPU-seconds
    # for 10,000 captures (issue 30). Cycles other threads make meanwhile wait until the end.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _jobs(
    listed: list[tuple[str, Path]],
    known: dict[str, str],
    sizes: dict[str, int],
    max_file_bytes: int,
    report: IngestReport,
    warn: Callable[[str], None],
    seen: set[str],
) -> Iterator[tuple[int, parse.Job | None]]:
    """Per corpus file in order, what there is to parse: nothing if it did not change.

    A file the store has is read here, to compare its sha256; a new one is left to the parser.
    """
    for i, (rel, path) in enumerate(listed):
        if rel not in known:
            yield i, parse.Job(rel, str(path), None, "", sizes[rel])
            continue
        try:
            text, sha, size = ingest.read_text(path, max_file_bytes)
        except BriefingError as exc:
            report.skipped.append(str(exc))
            warn(str(exc))
            yield i, None
            continue
        seen.add(rel)
        if known[rel] == sha:
            report.unchanged.append(rel)
            yield i, None
        else:
            yield i, parse.Job(rel, str(path), text, sha, size)


def _size(path: Path) -> int:
    """A new file's size, to decide whether there is enough to parse in parallel."""
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it will say why


class _Writer:
    """Parsed documents to the store, a batch per transaction, statuses into the report."""

    def __init__(self, store: CorpusStore, report: IngestReport) -> None:
        self.store = store
        self.report = report
        self.batch: list[DocumentRows] = []
        self.size = 0
        self.since = 0.0

    def add(self, rows: DocumentRows) -> None:
        """Queue a document; write the batch when it is full or old enough."""
        if not self.batch:
            self.since = time.monotonic()
        self.batch.append(rows)
        self.size += rows.document.size
        if (
            len(self.batch) >= BATCH_FILES
            or self.size >= BATCH_BYTES
            or time.monotonic() - self.since >= FLUSH_SECONDS
        ):
            self.flush()

    def flush(self) -> None:
        """Write the queued documents in one transaction."""
        if not self.batch:
            return
        # The store says what it found under its write lock: a concurrent ingest that
        # stored this very version first makes it unchanged here, not added twice.
        statuses = self.store.replace_documents(self.batch)
        for rows, status in zip(self.batch, statuses, strict=True):
            rel = rows.document.doc
            if status == "unchanged":
                self.report.unchanged.append(rel)
                continue
            (self.report.changed if status == "changed" else self.report.added).append(rel)
            self.report.sentences += len(rows.sentences)
            self.report.passages += len(rows.passages)
        self.batch, self.size = [], 0


def raise_no_files(root: Path, files: list[Path], report: IngestReport) -> None:
    """No readable file: a usage error naming the directory and what was skipped."""
    if not files:
        raise CorpusError(
            f"corpus directory {root} has no .txt or .md files: add articles to it"
            " or pass another folder (briefing ingest DIR / --corpus DIR)"
        )
    empty = sum(1 for line in report.skipped if "is empty or only white space" in line)
    if empty == len(report.skipped):
        raise CorpusError(
            f"corpus directory {root} has no text: its {empty} file(s) are empty or only white"
            " space; add articles to it or pass another folder (--corpus DIR)"
        )
    raise CorpusError(
        f"corpus directory {root} has no readable file ({len(report.skipped)} skipped, the"
        f" warnings above say why; the first: {report.skipped[0]})"
    )
