"""`briefing store copy SRC DST`: move a state between SQLite and a PostgreSQL archive.

Documents, sentences, passages, runs and the reply cache are copied as stored (nothing is
re-read from the corpus folders or re-chunked); the target builds its own search postings
as the passages arrive. Each document is written in a transaction of the target, so an
interrupted copy can simply be run again: documents already there are "unchanged".

Only this machine's corpora of an archive are copied (another machine's folder may be a
different one at the same path here), with their runs; the reply cache is copied whole.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import Field

from briefing.core import dburl
from briefing.core.errors import StoreError
from briefing.core.models import Document, DocumentRows, Passage, Sentence, Strict
from briefing.core.protocols import CommandStore

BATCH = 200  # documents per transaction


class CorpusCopy(Strict):
    """What was copied of one corpus."""

    root: str = Field(description="The corpus folder.")
    documents: int = Field(default=0, description="Documents written to the target.")
    unchanged: int = Field(default=0, description="Documents the target already held as they are.")
    sentences: int = Field(default=0, description="Sentences written.")
    passages: int = Field(default=0, description="Passages written (and indexed for search).")


class CopyReport(Strict):
    """What `briefing store copy` did."""

    source: str = Field(description="The source state (any password masked).")
    target: str = Field(description="The target state (any password masked).")
    corpora: list[CorpusCopy] = Field(default_factory=list)
    runs: int = Field(default=0, description="Run rows copied.")
    runs_skipped: int = Field(
        default=0, description="Runs of other machines' corpora, left in the archive."
    )
    replies: int = Field(default=0, description="Cached model replies copied.")

    def summary(self) -> str:
        """One line saying what was copied."""
        docs = sum(c.documents for c in self.corpora)
        same = sum(c.unchanged for c in self.corpora)
        sents = sum(c.sentences for c in self.corpora)
        passes = sum(c.passages for c in self.corpora)
        skipped = f" ({self.runs_skipped} of other machines left out)" if self.runs_skipped else ""
        return (
            f"copied {len(self.corpora)} corpora from {self.source} to {self.target}: {docs}"
            f" documents ({same} already there), {sents} sentences, {passes} passages,"
            f" {self.runs} runs{skipped}, {self.replies} cached replies"
        )


def open_url(url: str, *, timeout: float, machine: str | None, create: bool) -> CommandStore:
    """A store for sqlite:///path (or a path) or postgresql://...; the source must exist."""
    from briefing.store import Store

    if dburl.is_postgres(url):
        from briefing.store.postgres import PostgresStore

        dburl.check_postgres_url(url)
        return PostgresStore.open(url, Path.cwd(), timeout=timeout, machine=machine)
    path = dburl.sqlite_path(url)
    if path is None:
        raise StoreError(
            f"{dburl.mask(url)} is neither sqlite:///path/briefing.db nor postgresql://...:"
            " name the state as one of those"
        )
    if not create and not path.is_file():
        raise StoreError(
            f"there is no state database at {path}: check the path (the default one is"
            " BRIEFING_HOME/briefing.db)"
        )
    return Store.open(path, Path.cwd(), timeout=timeout)


def copy_state(
    source: CommandStore,
    target: CommandStore,
    names: tuple[str, str],
    progress: Callable[[str, int | None, int | None], None] | None = None,
) -> CopyReport:
    """Copy every corpus of `source` (this machine's), its runs and the reply cache into `target`."""
    report = CopyReport(source=names[0], target=names[1])
    keys: dict[str, str] = {}  # source corpus key -> target corpus key
    for root in source.corpora():
        src, dst = source.for_corpus(root), target.for_corpus(root)
        keys[src.key] = dst.key
        report.corpora.append(_copy_corpus(src, dst, progress))
    for run in source.list_runs():
        folder = _local_root(source, run["root"])
        if folder is None:
            report.runs_skipped += 1
            continue
        key = keys.get(run["root"]) or target.for_corpus(Path(folder)).key
        target.record_run({**run, "root": key})
        report.runs += 1
    for key, response, _ in source.iter_replies():
        target.replies.put(key, response)
        report.replies += 1
    return report


def _copy_corpus(
    src: CommandStore,
    dst: CommandStore,
    progress: Callable[[str, int | None, int | None], None] | None,
) -> CorpusCopy:
    """One corpus, document by document in path order (what a first ingest stores)."""
    done = CorpusCopy(root=str(src.root))
    documents = src.documents()
    sentences = _DocGroups(src.iter_sentences())
    passages = _DocGroups(src.iter_passages())
    batch: list[tuple[Document, list[Sentence], list[Passage]]] = []
    dst.prepare_ingest(sum(d.size for d in documents))  # as an ingest of these files would

    def flush() -> None:
        statuses = _write(dst, batch)
        for (_, sents, passes), status in zip(batch, statuses, strict=True):
            if status == "unchanged":
                done.unchanged += 1
            else:
                done.documents += 1
                done.sentences += len(sents)
                done.passages += len(passes)
        batch.clear()

    for n, document in enumerate(documents, 1):
        batch.append((document, sentences.take(document.doc), passages.take(document.doc)))
        if len(batch) >= BATCH:
            flush()
        if progress is not None:
            progress(f"copying {src.root}", n, len(documents))
    if batch:
        flush()
    dst.refresh_index()
    return done


def _write(
    dst: CommandStore, batch: list[tuple[Document, list[Sentence], list[Passage]]]
) -> list[str]:
    """Write a batch in one transaction."""
    return list(dst.replace_documents([DocumentRows.of(d, s, p) for d, s, p in batch]))


class _DocGroups:
    """Rows ordered by document, handed out one document at a time."""

    def __init__(self, rows: Iterator[Any]) -> None:
        self._groups = itertools.groupby(rows, key=lambda r: r.doc)
        self._ahead: tuple[str, list[Any]] | None = None

    def take(self, doc: str) -> list[Any]:
        """The rows of `doc` (documents are asked for in the rows' order)."""
        while True:
            if self._ahead is None:
                nxt = next(self._groups, None)
                if nxt is None:
                    return []
                self._ahead = (nxt[0], list(nxt[1]))
            key, rows = self._ahead
            if key == doc:
                self._ahead = None
                return rows
            if key > doc:
                return []  # a document with no rows of this kind
            self._ahead = None  # rows of a document that is not stored: skip them


def _local_root(source: CommandStore, key: str) -> str | None:
    """The folder a run's corpus key names on this machine, or None for another machine's."""
    from briefing.store.postgres import PostgresStore

    if not isinstance(source, PostgresStore):
        return key  # SQLite keys are paths
    owner, _, path = key.partition(":")
    return path if owner == source.machine else None
