"""BM25 postings kept next to FTS5, so a query reads a few blobs instead of scoring every match.

FTS5 ranks by calling bm25() once per row that matches any of the OR-ed query words: about
0.9 µs a row, so at 100k passages a 3-word query costs ~10 ms. Here each term's postings
(passage rowid, term frequency, passage length) are packed into one blob per segment, and a
query scores them as numpy arrays. Tokens, statistics and formula are FTS5's own, so both
paths rank alike. A corpus has either postings or FTS5, never both (migration 005): FTS5
indexes only the small corpora that are alone in their database.

Triggers on `passages` log every insert and delete (with the deleted text) for corpora that
have postings; `refresh` turns the log into postings changes inside the caller's transaction,
so a crash leaves either the old postings and the log, or the new postings. A query reads
the log too: passages logged since the last refresh are scored from their text, so a search
ranks exactly what is committed, whether or not the postings caught up.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from briefing.core.errors import StoreError
from briefing.core.models import PassageTerms
from briefing.store.terms import (
    _MEMO,
    _RUN,
    FTS_TOKENIZE,
    Pending,
    _count_terms,
    _fts_terms,
    terms_of,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = ["FTS_TOKENIZE", "Pending", "terms_of"]  # also this module's names
K1, B = 1.2, 0.75  # FTS5 bm25() defaults
# Below this many passages FTS5 answers alone (2 ms a query at 10k passages), and the corpus
# pays neither the postings nor numpy's import (0.1-0.2 s, more than ingesting the seeds).
MIN_PASSAGES = 20_000
# Bytes of new files per passage when guessing, before an ingest, whether the corpus will
# need postings (`Store.prepare_ingest`). 120-token passages take 447 of the benchmark's
# captures, 810 of the seeds (long headers): guessing few keeps small corpora on FTS5; a
# corpus guessed short gets its postings at the end of the ingest, as before.
BYTES_PER_PASSAGE = 1024
SEGMENT_PASSAGES = 50_000  # passages per segment in a full build: bounds its memory
SMALL_SEGMENT = 5_000  # segments under this many passages get merged ...
MAX_SEGMENTS = 8  # ... once there are more than this many of them
_BATCH = 512  # passages read and counted at a time
# Blob layout: little-endian uint32 rowids, term frequencies and passage lengths (12 bytes a
# posting). Rowids only grow past 2**32 after 4 billion passage inserts; _add refuses that.
# numpy is imported where postings are built or scored: commands that do neither (verify,
# diff, runs) do not pay its ~90 ms import.
_U32 = "<u4"
_INSERT = (
    "INSERT INTO bm25_postings (root, term, segment, rowids, tfs, lens) VALUES (?, ?, ?, ?, ?, ?)"
)

# --- maintenance --------------------------------------------------------------


def has_postings(conn: sqlite3.Connection, key: str) -> bool:
    """Whether a corpus is searched by its postings (else FTS5 indexes its passages)."""
    return conn.execute("SELECT 1 FROM bm25_stats WHERE root = ?", (key,)).fetchone() is not None


def stale(conn: sqlite3.Connection, key: str) -> bool:
    """True when passages changed since the postings were written, or a corpus needs them."""
    if not has_postings(conn, key):
        return needs_postings(conn, key)
    return (
        conn.execute("SELECT 1 FROM bm25_log WHERE root = ? LIMIT 1", (key,)).fetchone() is not None
    )


def needs_postings(conn: sqlite3.Connection, key: str, coming: int = 0) -> bool:
    """Whether a corpus without postings needs them, with `coming` more passages expected.

    A corpus needs postings when it is large, or when another corpus shares the database:
    FTS5's bm25() counts every row of its table, so beside another corpus a search's scores,
    and the briefing built on them, would depend on what else was ingested.
    """
    n = conn.execute("SELECT count(*) FROM passages WHERE root = ?", (key,)).fetchone()[0]
    if n + coming >= MIN_PASSAGES:
        return True
    # A range on the (root, ...) index, not `root != ?`: that would scan every passage.
    other = conn.execute(
        "SELECT 1 FROM passages WHERE root < ? OR root > ? LIMIT 1", (key, key)
    ).fetchone()
    return bool((n or coming) and other is not None)


def check(conn: sqlite3.Connection) -> list[str]:
    """Problems with the postings: counts that disagree with the passages, changes not applied."""
    problems = []
    for key, n in conn.execute("SELECT root, passages FROM bm25_stats").fetchall():
        pending = conn.execute("SELECT count(*) FROM bm25_log WHERE root = ?", (key,)).fetchone()[0]
        actual = conn.execute("SELECT count(*) FROM passages WHERE root = ?", (key,)).fetchone()[0]
        if pending:
            problems.append(
                f"search postings of {key} are {pending} passage changes behind (searches"
                f" tokenize those passages meanwhile): run `briefing ingest {key}`"
            )
        elif n != actual:
            problems.append(
                f"search postings of {key} count {n} passages, the store {actual}:"
                " run `briefing doctor --rebuild`"
            )
    return problems


def refresh(
    conn: sqlite3.Connection,
    key: str,
    progress: Callable[[int, int], None] | None = None,
    pending: Pending | None = None,
) -> bool:
    """Bring one corpus's postings up to date; call inside a write transaction. True if changed."""
    if not has_postings(conn, key):
        start(conn, key, progress, pending)
        return True
    log = conn.execute(
        "SELECT seq, passage, text FROM bm25_log WHERE root = ? ORDER BY seq", (key,)
    ).fetchall()
    if not log:
        return False
    removed, added = _net([(rowid, text) for _, rowid, text in log])
    if removed:
        _remove(conn, key, removed)
    _add(conn, key, added, progress, pending)
    conn.execute("DELETE FROM bm25_log WHERE root = ? AND seq <= ?", (key, log[-1][0]))
    _merge_small_segments(conn, key)
    return True


def _net(log: list[tuple[int, str | None]]) -> tuple[dict[int, str], list[int]]:
    """What a log (rowid, deleted text or None for an insert) changed: the passages the
    postings hold that are gone, with their text, and the passages present now, by rowid."""
    # Per rowid, the log alternates insert (text NULL) and delete (old text); rowids can be
    # reused. Indexed before = its first entry is a delete; present now = its last is an insert.
    first: dict[int, str | None] = {}
    last_insert: dict[int, bool] = {}
    for rowid, text in log:
        first.setdefault(rowid, text)
        last_insert[rowid] = text is None
    removed = {rowid: text for rowid, text in first.items() if text is not None}
    return removed, sorted(rowid for rowid, ins in last_insert.items() if ins)


def start(
    conn: sqlite3.Connection,
    key: str,
    progress: Callable[[int, int], None] | None = None,
    pending: Pending | None = None,
) -> None:
    """Move a corpus from FTS5 to postings; call inside a write transaction.

    Its passages leave FTS5 first: an external-content FTS5 table deletes a row only given
    the exact text it indexed, which `passages` still holds; the stats row then keeps them
    (and the corpus's later passages) out of it (migration 005's triggers and view).
    """
    conn.execute(
        "INSERT INTO passages_fts (passages_fts, rowid, text)"
        " SELECT 'delete', rowid, text FROM passages WHERE root = ?",
        (key,),
    )
    _full_build(conn, key, progress, pending)


def _full_build(
    conn: sqlite3.Connection,
    key: str,
    progress: Callable[[int, int], None] | None,
    pending: Pending | None,
) -> None:
    """Postings for every passage of a corpus that has none yet (new, or an older database)."""
    for table in ("bm25_postings", "bm25_segments", "bm25_log"):
        conn.execute(f"DELETE FROM {table} WHERE root = ?", (key,))
    conn.execute("INSERT INTO bm25_stats (root, passages, tokens) VALUES (?, 0, 0)", (key,))
    rowids = [r[0] for r in conn.execute("SELECT rowid FROM passages WHERE root = ?", (key,))]
    _add(conn, key, sorted(rowids), progress, pending)


def _add(
    conn: sqlite3.Connection,
    key: str,
    rowids: list[int],
    progress: Callable[[int, int], None] | None,
    pending: Pending | None = None,
) -> None:
    """Write the postings of these passages as new segments of at most SEGMENT_PASSAGES."""
    import numpy as np

    done = 0
    for i in range(0, len(rowids), SEGMENT_PASSAGES):
        chunk = rowids[i : i + SEGMENT_PASSAGES]
        seg = _Segment()
        counted, rest = _counted(conn, chunk, pending)
        for first, ids, pt in counted:
            seg.add_counted(np.arange(first, first + len(ids), dtype=np.int64), pt)
            done += len(ids)
            if progress is not None and done % _BATCH < len(ids):
                progress(done, len(rowids))
        for j in range(0, len(rest), _BATCH):
            part = rest[j : j + _BATCH]
            rows = sorted(
                (r[0], r[1])
                for r in conn.execute(
                    f"SELECT rowid, text FROM passages WHERE rowid IN ({','.join('?' * len(part))})",
                    part,
                )
            )
            seg.add_texts(conn, rows)
            done += len(part)
            if progress is not None:
                progress(done, len(rowids))
        segment = conn.execute(
            "SELECT coalesce(max(segment), 0) + 1 FROM bm25_segments WHERE root = ?", (key,)
        ).fetchone()[0]
        conn.execute("INSERT INTO bm25_segments VALUES (?, ?, ?)", (key, segment, seg.passages))
        if seg.parts:
            names, groups = seg.groups()
            conn.executemany(
                _INSERT,
                ((key, names[t], segment, rid, tf, dl) for t, rid, tf, dl in groups),
            )
        conn.execute(
            "UPDATE bm25_stats SET passages = passages + ?, tokens = tokens + ? WHERE root = ?",
            (seg.passages, seg.tokens, key),
        )


def _counted(
    conn: sqlite3.Connection, chunk: list[int], pending: Pending | None
) -> tuple[list[tuple[int, list[str], PassageTerms]], list[int]]:
    """The documents of `chunk` whose terms were counted while parsing, and the other rowids.

    A document is taken whole, and only when every one of its passages is in the chunk with
    the id it was stored with.
    """
    if not pending or not pending.docs:
        return [], chunk
    stored: dict[int, str] = by_rowid(conn, "id", chunk)
    counted = []
    covered: set[int] = set()
    for first in sorted({pending.first[r] for r in chunk if r in pending.first}):
        ids, pt = pending.docs[first]
        if all(stored.get(first + k) == pid for k, pid in enumerate(ids)):
            counted.append((first, ids, pt))
            covered.update(range(first, first + len(ids)))
    return counted, [r for r in chunk if r not in covered]


class Terms(NamedTuple):
    """A segment's terms in name order: names, ids in the segment, and postings counts."""

    names: list[str]
    ids: np.ndarray
    counts: np.ndarray


class _Segment:
    """One segment's postings while they are collected: (term id, rowid, tf, length) arrays."""

    def __init__(self) -> None:
        self.terms: dict[str, int] = {}  # term -> id within this segment
        self.word_ids: dict[str, tuple[int, ...]] = {}
        self.parts: list[tuple[np.ndarray, ...]] = []
        self.passages = self.tokens = 0

    def add_counted(self, rowids: np.ndarray, pt: PassageTerms) -> None:
        """A document's passages (these rowids, in order) from the terms its parser counted."""
        import numpy as np

        self.passages += len(rowids)
        self.tokens += sum(pt.lengths)
        if not pt.terms:
            return
        terms = self.terms
        # Most of a document's terms are known by now: looked up in C, only new ones added.
        known = list(map(terms.get, pt.vocab))
        if None in known:
            known = [terms.setdefault(t, len(terms)) if i is None else i
                     for t, i in zip(pt.vocab, known, strict=True)]  # fmt: skip
        ids = np.asarray(known, dtype=np.int64)
        pairs = np.asarray(pt.pairs, dtype=np.int64)
        self.parts.append(
            (
                ids[np.frombuffer(pt.terms, dtype=_U32)],
                np.repeat(rowids, pairs),
                np.frombuffer(pt.tfs, dtype=_U32),
                np.repeat(np.asarray(pt.lengths, dtype=np.int64), pairs),
            )
        )

    def add_texts(self, conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> None:
        """Passages from their (rowid, text), tokenized here."""
        import numpy as np

        runs = [_RUN.findall(text) for _, text in rows]
        word_ids = self.word_ids
        fresh = set(itertools.chain.from_iterable(runs)).difference(word_ids)
        _fts_terms(conn, fresh)
        for w in fresh:
            word_ids[w] = tuple(self.terms.setdefault(t, len(self.terms)) for t in _MEMO[w])
        # Token stream -> term ids, then one np.unique per batch gives (term, passage, tf):
        # per-token work stays in C; a dict per passage cost 3x more.
        streams = [
            np.fromiter(itertools.chain.from_iterable(map(word_ids.__getitem__, rs)), np.int64)
            for rs in runs
        ]
        lengths = np.array([len(x) for x in streams], dtype=np.int64)
        if lengths.sum():
            which = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
            pair, tf = np.unique(np.concatenate(streams) * _BATCH + which, return_counts=True)
            doc = pair % _BATCH
            ids = np.array([r for r, _ in rows], dtype=np.int64)
            self.parts.append((pair // _BATCH, ids[doc], tf.astype(_U32), lengths[doc]))
        self.passages += len(rows)
        self.tokens += int(lengths.sum())

    def groups(self) -> tuple[list[str], Iterator[tuple[int, bytes, bytes, bytes]]]:
        """The term names in name order, and per term: (its index there, rowids, tfs, lengths)."""
        terms, rid, tf, dl = self.columns()
        bounds = [0, *itertools.accumulate(terms.counts.tolist())]
        return terms.names, (
            (k, rid[a:b].tobytes(), tf[a:b].tobytes(), dl[a:b].tobytes())
            for k, (a, b) in enumerate(itertools.pairwise(bounds))
        )

    def columns(self) -> tuple[Terms, np.ndarray, np.ndarray, np.ndarray]:
        """The terms in name order, and all their postings in that order (by rowid within a
        term): rowids, tfs, lengths, as little-endian uint32 arrays."""
        import numpy as np

        tid, rid, tf, dl = (np.concatenate(c) for c in zip(*self.parts, strict=True))
        if rid.max() > 0xFFFFFFFF:
            raise StoreError(
                "passage row ids outgrew the search index (2**32):"
                " run `briefing doctor --rebuild` to renumber them"
            )
        names = list(self.terms)
        # Terms in name order (the unique index is then appended to rather than split at
        # random), each term's postings by rowid: one sort in numpy, no Python key per term.
        rank = np.empty(len(names), dtype=np.int64)
        rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
        order = np.lexsort((rid, rank[tid]))
        tid = tid[order]
        starts = np.flatnonzero(np.diff(tid, prepend=-1))  # where each term's postings begin
        ids = tid[starts]
        return (
            Terms([names[i] for i in ids.tolist()], ids, np.diff(starts, append=len(tid))),
            rid[order].astype(_U32),
            tf[order].astype(_U32),
            dl[order].astype(_U32),
        )


def _remove(conn: sqlite3.Connection, key: str, removed: dict[int, str]) -> None:
    """Drop deleted passages from the postings of the terms their (logged) text contained."""
    import numpy as np

    ids = np.fromiter(removed, dtype=np.int64, count=len(removed))
    counts, lengths = _count_terms(conn, list(removed.values()))
    touched = sorted({t for c in counts for t in c})
    for term in touched:
        rows = conn.execute(
            "SELECT segment, rowids, tfs, lens FROM bm25_postings WHERE root = ? AND term = ?",
            (key, term),
        ).fetchall()
        for segment, r, f, n in rows:
            rowids = np.frombuffer(r, dtype=_U32)
            keep = ~np.isin(rowids, ids)
            if keep.all():
                continue
            if not keep.any():
                conn.execute(
                    "DELETE FROM bm25_postings WHERE root = ? AND term = ? AND segment = ?",
                    (key, term, segment),
                )
                continue
            conn.execute(
                "UPDATE bm25_postings SET rowids = ?, tfs = ?, lens = ?"
                " WHERE root = ? AND term = ? AND segment = ?",
                (
                    rowids[keep].tobytes(),
                    np.frombuffer(f, dtype=_U32)[keep].tobytes(),
                    np.frombuffer(n, dtype=_U32)[keep].tobytes(),
                    key,
                    term,
                    segment,
                ),
            )
    conn.execute(
        "UPDATE bm25_stats SET passages = passages - ?, tokens = tokens - ? WHERE root = ?",
        (len(removed), sum(lengths), key),
    )


def _merge_small_segments(conn: sqlite3.Connection, key: str) -> None:
    """Merge small segments (one per daily digest, say) once there are too many of them.

    Only segments under SMALL_SEGMENT passages merge, so a merge reads a bounded amount; a
    query reads one blob per segment and term, which stays cheap.
    """
    import numpy as np

    small = [
        (s, n)
        for s, n in conn.execute(
            "SELECT segment, passages FROM bm25_segments WHERE root = ? AND passages < ?",
            (key, SMALL_SEGMENT),
        )
    ]
    if len(small) <= MAX_SEGMENTS:
        return
    merge = [s for s, _ in small]
    target = conn.execute(
        "SELECT max(segment) + 1 FROM bm25_segments WHERE root = ?", (key,)
    ).fetchone()[0]
    marks = ",".join("?" * len(merge))
    # fetchall before inserting: a SELECT still stepping would otherwise meet its own output.
    rows = conn.execute(
        f"SELECT term, rowids, tfs, lens FROM bm25_postings WHERE root = ? AND segment IN ({marks})"
        " ORDER BY term",
        (key, *merge),
    ).fetchall()
    out = []
    for term, group in itertools.groupby(rows, key=lambda r: r[0]):
        blobs = list(group)
        rowids = np.concatenate([np.frombuffer(b[1], dtype=_U32) for b in blobs])
        order = np.argsort(rowids, kind="stable")
        tfs, lens = (
            np.concatenate([np.frombuffer(b[i], dtype=_U32) for b in blobs])[order] for i in (2, 3)
        )
        out.append((key, term, target, rowids[order].tobytes(), tfs.tobytes(), lens.tobytes()))
    conn.execute(
        f"DELETE FROM bm25_postings WHERE root = ? AND segment IN ({marks})", (key, *merge)
    )
    conn.execute(
        f"DELETE FROM bm25_segments WHERE root = ? AND segment IN ({marks})", (key, *merge)
    )
    conn.executemany(_INSERT, out)
    conn.execute(
        "INSERT INTO bm25_segments VALUES (?, ?, ?)", (key, target, sum(n for _, n in small))
    )


def by_rowid(conn: sqlite3.Connection, column: str, rowids: list[int]) -> dict[int, str]:
    """rowid -> one column of these passages, 500 rowids a query (SQLite's variable limit)."""
    out: dict[int, str] = {}
    for i in range(0, len(rowids), 500):
        part = rowids[i : i + 500]
        out.update(
            conn.execute(
                f"SELECT rowid, {column} FROM passages WHERE rowid IN ({','.join('?' * len(part))})",
                part,
            ).fetchall()
        )
    return out
