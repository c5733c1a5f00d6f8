"""Searching the SQLite BM25 postings (`index.py`), and the phrase matching both backends share.

A query reads each term's blobs and scores them with numpy as FTS5's bm25() would: the same
statistics, formula, idf floor and tie-break. Passages still in the log (stored since the
postings were last built) are scored from their text, so a search ranks exactly what is
committed; a word FTS5 splits into several terms ("foo_bar") is matched as a phrase.
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from briefing.store.index import _U32, K1, B, _net, by_rowid, has_postings, terms_of

if TYPE_CHECKING:
    import numpy as np


def top(
    conn: sqlite3.Connection,
    key: str,
    words: list[str],
    limit: int,
    allowed: list[int] | None = None,
) -> list[tuple[int, float]] | None:
    """(rowid, BM25 score) of the best `limit` passages for OR-ed words; None if FTS5 must answer.

    FTS5 answers a corpus without postings only. Scores equal FTS5's bm25() for the same OR
    query of quoted words over that corpus alone; a word FTS5 splits into several terms
    ("foo_bar") is a phrase, as FTS5 searches it. `allowed` restricts the answer to those
    passage rowids.
    """
    if not has_postings(conn, key):
        return None  # a small corpus (or one not ingested since migration 004): FTS5 answers
    phrases: Counter[tuple[str, ...]] = Counter()
    for word in words:
        terms = tuple(terms_of(conn, word))
        if terms:
            phrases[terms] += 1  # a word given twice counts twice, as two FTS5 phrases would
    if not phrases:
        return []
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")  # one snapshot: a refresh committing mid-query must not mix in
    try:
        return _score(conn, key, phrases, limit, allowed)
    finally:
        if began:
            conn.execute("COMMIT")


Column = tuple["np.ndarray", "np.ndarray", "np.ndarray"]  # rowids, frequencies, lengths


def _score(
    conn: sqlite3.Connection,
    key: str,
    phrases: Counter[tuple[str, ...]],
    limit: int,
    allowed: list[int] | None,
) -> list[tuple[int, float]]:
    import numpy as np

    stats = conn.execute(
        "SELECT passages, tokens FROM bm25_stats WHERE root = ?", (key,)
    ).fetchone()
    lag = _Lag(conn, key)
    n_rows, tokens = stats[0] + lag.passages, stats[1] + lag.tokens
    if n_rows <= 0 or tokens <= 0:
        return []
    avgdl = tokens / n_rows
    columns: dict[str, Column] = {}
    for term in sorted({t for p in phrases for t in p}):
        rows = conn.execute(
            "SELECT rowids, tfs, lens FROM bm25_postings WHERE root = ? AND term = ?", (key, term)
        ).fetchall()
        if not rows:
            continue
        rowids = np.concatenate([np.frombuffer(r[0], dtype=_U32) for r in rows]).astype(np.int64)
        tf = np.concatenate([np.frombuffer(r[1], dtype=_U32) for r in rows]).astype(float)
        dl = np.concatenate([np.frombuffer(r[2], dtype=_U32) for r in rows]).astype(float)
        if len(lag.removed):
            live = ~np.isin(rowids, lag.removed)
            rowids, tf, dl = rowids[live], tf[live], dl[live]
        columns[term] = (rowids, tf, dl)
    size = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM passages").fetchone()[0]
    acc = np.zeros(size, dtype=np.float64)
    for phrase, times in phrases.items():
        if len(phrase) == 1:
            found = columns.get(phrase[0])
        else:
            found = phrase_column(phrase, columns, lambda ids: _texts(conn, ids), conn_terms(conn))
        found = lag.extend(phrase, found)
        if found is None or not len(found[0]):
            continue
        rowids, tf, dl = found
        # A word given twice counts twice, as two FTS5 phrases would.
        acc[rowids] += times * bm25(tf, dl, len(rowids), n_rows, avgdl)
    if allowed is not None:
        keep = np.asarray(allowed, dtype=np.int64)
        keep = keep[keep < size]
        cand = keep[acc[keep] > 0]
    else:
        cand = np.flatnonzero(acc)
    scores = acc[cand]
    if len(cand) > limit:
        # Everything that ties with the limit-th score stays in, so ties break by rowid
        # below rather than by where argpartition happened to put them.
        kth = -np.partition(-scores, limit - 1)[limit - 1]
        cand, scores = cand[scores >= kth], scores[scores >= kth]
    order = np.lexsort((cand, -scores))[:limit]  # best first, ties by rowid
    return [(int(cand[i]), float(scores[i])) for i in order]


def bm25(tf: np.ndarray, dl: np.ndarray, df: int, n_rows: int, avgdl: float) -> np.ndarray:
    """One phrase's BM25 over its postings as FTS5's bm25() scores it (both backends)."""
    idf = math.log((n_rows - df + 0.5) / (df + 0.5))
    if idf <= 0.0:
        idf = 1e-6  # FTS5's floor: a word in most passages still counts, barely
    result: np.ndarray = idf * (tf * (K1 + 1.0)) / (tf + K1 * (1 - B + B * dl / avgdl))
    return result


def conn_terms(conn: sqlite3.Connection) -> Callable[[str], list[str]]:
    """`terms_of` bound to a connection."""
    return lambda text: terms_of(conn, text)


def _texts(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, str]:
    """rowid -> text of these passages."""
    return by_rowid(conn, "text", rowids)


class _Lag:
    """The passages a corpus's log holds: scored from their text until `refresh` runs.

    What a search sees while an ingest stores a corpus's passages but has not yet built
    their postings (it builds them every SEGMENT_PASSAGES logged passages, and at the end):
    every committed passage, ranked as the postings will rank it once built.
    """

    def __init__(self, conn: sqlite3.Connection, key: str) -> None:
        import numpy as np

        log = conn.execute(
            "SELECT passage, text FROM bm25_log WHERE root = ? ORDER BY seq", (key,)
        ).fetchall()
        removed, added = _net([(r[0], r[1]) for r in log])
        self.removed = np.fromiter(removed, dtype=np.int64, count=len(removed))
        texts = _texts(conn, added)
        # Term sequences of the passages added since the postings were written.
        self.added = {r: terms_of(conn, texts[r]) for r in added if r in texts}
        gone = sum(len(terms_of(conn, t)) for t in removed.values())
        self.passages = len(self.added) - len(removed)
        self.tokens = sum(len(seq) for seq in self.added.values()) - gone

    def extend(self, phrase: tuple[str, ...], found: Column | None) -> Column | None:
        """A phrase's column from the postings, with the logged passages that hold it."""
        import numpy as np

        rid, tf, dl = [], [], []
        for r, seq in self.added.items():
            n = _occurrences(seq, phrase)
            if n:
                rid.append(r)
                tf.append(n)
                dl.append(len(seq))
        if not rid:
            return found
        more = (
            np.asarray(rid, dtype=np.int64),
            np.asarray(tf, dtype=float),
            np.asarray(dl, dtype=float),
        )
        if found is None:
            return more
        return (
            np.concatenate([found[0], more[0]]),
            np.concatenate([found[1], more[1]]),
            np.concatenate([found[2], more[2]]),
        )


def _occurrences(seq: list[str], phrase: tuple[str, ...]) -> int:
    """How many times the terms of `phrase` occur in a row in `seq` (FTS5's phrase frequency)."""
    m = len(phrase)
    if m == 1:
        return seq.count(phrase[0])
    return sum(1 for i in range(len(seq) - m + 1) if tuple(seq[i : i + m]) == phrase)


def phrase_column(
    phrase: tuple[str, ...],
    columns: dict[str, Column],
    texts_of: Callable[[list[int]], dict[int, str]],
    terms: Callable[[str], list[str]],
) -> Column | None:
    """(rowid, phrase frequency, length) of the passages holding the terms in a row.

    Postings keep no positions: the passages holding every term are read (`texts_of`) and
    tokenized again (`terms`). Phrase words are rare in queries ("foo_bar", "1_000"), so
    this stays cheap. Shared by both backends.
    """
    import numpy as np

    if any(t not in columns for t in phrase):
        return None
    cand = columns[phrase[0]][0]
    for t in phrase[1:]:
        cand = np.intersect1d(cand, columns[t][0])
    if not len(cand):
        return None
    texts = texts_of(cand.tolist())
    rid, tf = [], []
    for r in cand.tolist():
        n = _occurrences(terms(texts.get(r, "")), phrase)
        if n:
            rid.append(r)
            tf.append(n)
    if not rid:
        return None
    first_rid, _, first_dl = columns[phrase[0]]
    order = np.argsort(first_rid)  # a column need not be sorted (pgindex.top)
    at = order[np.searchsorted(first_rid, np.asarray(rid, dtype=np.int64), sorter=order)]
    return np.asarray(rid, dtype=np.int64), np.asarray(tf, dtype=float), first_dl[at]
