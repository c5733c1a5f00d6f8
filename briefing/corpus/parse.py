"""Parse corpus files into store rows, in this process or in a pool of worker processes.

Body detection, metadata, sentence splitting, token counting and the content ids are pure
functions of a file's text: they run in worker processes when there is enough of it, and the
results come back in corpus order to the one process that writes the store. A new file is read
and hashed by the worker too; a file the store already has is read by the caller (to learn
whether it changed), and its text is handed over.

Workers come from a forkserver: a process started fresh for the purpose, which imports this
module once and forks each worker from itself. A plain fork would copy the ingesting process
as it is, with the threads it may run (rich's progress bar, psycopg's pool, the map step's
clients) and the locks, sockets or model they hold; spawn would import tiktoken and the
parsers again in every worker. As with spawn, each worker imports the main script (as
`__mp_main__`): a script that ingests must keep its work under `if __name__ == "__main__":`.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from briefing.core.errors import BriefingError, CorpusError
from briefing.core.models import Document, DocumentRows
from briefing.corpus import ingest
from briefing.store import terms
from briefing.text import passages

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.connection import Connection

K = TypeVar("K")

# Less changed text than this is parsed in this process: starting the pool (the forkserver's
# imports, 0.3 s, and tiktoken's tables in each worker, 0.2 s) costs what parsing about 1 MB
# does on one core (2.2 MB/s), and a few files (the seeds' `briefing generate`) must not pay it.
PARALLEL_MIN_BYTES = 2 * 1024 * 1024
CHUNK_BYTES = 128 * 1024  # text sent to a worker at a time: few round trips, steady order
CHUNK_FILES = 64  # ... or this many files (unchanged ones travel with the chunk, unparsed)
# Text in flight (sent, its rows not yet handed on): more than the writer's batch
# (sync.BATCH_BYTES, 4 MB), so the workers keep parsing while the writer stores one. With a
# few chunks a worker (768 KB) they sat idle through every batch's transaction, and the
# writer then waited for them (7 s of a profiled 50 s ingest of 10,000 captures).
AHEAD_BYTES = 8 * 1024 * 1024


class Job(NamedTuple):
    """A file to parse: its text when the caller read it already, else read from `path`."""

    doc: str
    path: str
    text: str | None
    sha256: str
    size: int


Parsed = DocumentRows | str  # the rows, or the one-line reason the file was skipped


def default_workers() -> int:
    """One parsing process per core: the default of the `ingest_workers` setting."""
    return os.cpu_count() or 1


def parse(job: Job, max_tokens: int, max_file_bytes: int) -> Parsed:
    """Read (if needed), find the body and metadata, split and chunk one file."""
    text, sha256, size = job.text, job.sha256, job.size
    if text is None:
        try:
            # Through the module, not a copy of the name: tests slow `ingest.read_text` down.
            text, sha256, size = ingest.read_text(Path(job.path), max_file_bytes)
        except BriefingError as exc:
            return str(exc)
    body = ingest.detect_body(text)
    meta = ingest.extract_metadata(text, body)
    document = Document(doc=job.doc, sha256=sha256, size=size, body=body, **meta)
    sentences, chunks = passages.chunk_rows(job.doc, text, body, max_tokens)
    return DocumentRows(document, sentences, chunks)


def parse_in_order(
    items: Iterable[tuple[K, Job | None]],
    max_tokens: int,
    max_file_bytes: int,
    workers: int,
) -> Iterator[tuple[K, Parsed | None]]:
    """Each item with its job parsed (None: nothing to parse), in the order given.

    Up to PARALLEL_MIN_BYTES of jobs are looked at first: when that is all there is, or
    `workers` is 1, everything is parsed here; otherwise a pool of `workers` processes does it.
    """
    it = iter(items)
    head: list[tuple[K, Job | None]] = []
    size = 0
    if workers > 1:
        for key, job in it:
            if job is None and not head:
                # Nothing waits before it: handed on now, so the progress of an unchanged
                # re-ingest (100,000 files read and hashed) moves as it goes.
                yield key, None
                continue
            head.append((key, job))
            size += job.size if job is not None else 0
            if size >= PARALLEL_MIN_BYTES:
                break
    rest = itertools.chain(head, it)
    if not head or size < PARALLEL_MIN_BYTES:
        for key, job in rest:
            yield key, None if job is None else parse(job, max_tokens, max_file_bytes)
        return
    yield from _pooled(rest, max_tokens, max_file_bytes, workers)


class _Chunk(NamedTuple, Generic[K]):
    """Consecutive items sent to one worker: their keys, which have a job, and the result."""

    keys: list[tuple[K, bool]]
    future: Future[list[Parsed]] | None
    size: int = 0  # bytes of text sent


def _pooled(
    items: Iterable[tuple[K, Job | None]], max_tokens: int, max_file_bytes: int, workers: int
) -> Iterator[tuple[K, Parsed | None]]:
    """`parse_in_order` through a process pool, never more than AHEAD_BYTES ahead."""
    # Imported here: a command that parses in-process does not pay for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    # Nothing is ever sent down this pipe: its end closing tells the workers this process
    # is gone, even killed (see _start_worker); only this process holds the other end.
    alive_r, alive_w = context.Pipe(duplex=False)
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(alive_r,)
    )
    window: deque[_Chunk[K]] = deque()
    ahead = 0  # bytes of text in the window
    try:
        keys: list[tuple[K, bool]] = []
        jobs: list[Job] = []
        size = 0
        for key, job in items:
            keys.append((key, job is not None))
            if job is not None:
                jobs.append(job)
                size += job.size
            if size < CHUNK_BYTES and len(keys) < CHUNK_FILES:
                continue
            future = pool.submit(_parse_chunk, jobs, max_tokens, max_file_bytes) if jobs else None
            window.append(_Chunk(keys, future, size))
            ahead += size
            keys, jobs, size = [], [], 0
            # Hand back what is ready; wait only when the window is full.
            while window and (ahead > AHEAD_BYTES or _ready(window[0])):
                ahead -= window[0].size
                yield from _results(window.popleft())
        if keys:
            future = pool.submit(_parse_chunk, jobs, max_tokens, max_file_bytes) if jobs else None
            window.append(_Chunk(keys, future, size))
        while window:
            yield from _results(window.popleft())
    finally:
        # On Ctrl-C, an error or an abandoned generator: drop the queued chunks, let the
        # running ones end (workers ignore SIGINT; a chunk takes a few hundredths of a second).
        pool.shutdown(wait=True, cancel_futures=True)
        alive_w.close()
        alive_r.close()


def _ready(chunk: _Chunk[K]) -> bool:
    return chunk.future is None or chunk.future.done()


def _results(chunk: _Chunk[K]) -> Iterator[tuple[K, Parsed | None]]:
    """A chunk's items with their results, waiting for the worker if need be."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        parsed = iter(chunk.future.result() if chunk.future is not None else ())
    except BrokenProcessPool as exc:
        raise CorpusError(
            f"an ingest worker process died ({exc}): run the command again; if it keeps"
            " happening (out of memory?), set BRIEFING_INGEST_WORKERS=1 to parse in one process"
        ) from exc
    for key, has_job in chunk.keys:
        yield key, next(parsed) if has_job else None


def _parse_chunk(jobs: list[Job], max_tokens: int, max_file_bytes: int) -> list[Parsed]:
    """What a worker runs: a chunk of jobs, parsed in order, with their passages' terms."""
    out = [parse(job, max_tokens, max_file_bytes) for job in jobs]
    # Counted here, beside the parsing, rather than by the one writer when it builds the
    # search postings (in-process ingests are small: few get postings at all); the chunk's
    # documents at once, which costs less than one at a time.
    rows = [parsed for parsed in out if not isinstance(parsed, str)]
    counted = iter(terms.documents_terms([[p.text for p in r.passages] for r in rows]))
    return [p if isinstance(p, str) else p._replace(terms=next(counted)) for p in out]


def _start_worker(ingest_alive: Connection) -> None:
    """Set up a worker: the ingesting process decides when to stop, and its death stops us."""
    # Ctrl-C reaches the whole process group: the ingesting process stops the pool itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Parsing makes no reference cycles (gc.collect() finds none after 5,000 captures):
    # reference counting frees everything, and the cyclic collector's scans of the word
    # memos and rows were 4% of a worker's CPU (issue 30). A worker ends with its ingest.
    gc.disable()
    # Killed (SIGKILL, the OOM killer), the ingesting process cannot stop the pool; the
    # forkserver stays up as long as its workers do, so nobody would, and idle workers would
    # wait for work forever.
    threading.Thread(target=_exit_at_eof, args=(ingest_alive,), daemon=True).start()


def _exit_at_eof(ingest_alive: Connection) -> None:
    """Exit this worker once the ingesting process's end of the pipe has closed."""
    with contextlib.suppress(EOFError, OSError):
        ingest_alive.recv()
    os._exit(1)
