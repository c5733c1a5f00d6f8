"""BM25 postings on PostgreSQL: the same terms, statistics and formula as `index.py` on SQLite.

PostgreSQL's `ts_rank` is not BM25 and its stemmer is not FTS5's, so a query ranked by it would
give users other passages than SQLite does. Instead the terms come from FTS5's own tokenizer
(`porter unicode61 remove_diacritics 2`, run in an in-memory SQLite in this process), and each
term's postings (passage rowid, term frequency, passage length) are packed into bytea arrays,
one row per (corpus, term, segment), scored with numpy exactly as `lookup._score` does.

Every write happens in the caller's transaction, the one that stores the passages: a stored
document brings its postings (a new small segment) and the corpus's counts (`corpora.passages`,
`corpora.tokens`) with it, and a deleted passage leaves a tombstone in `bm25_deleted` until
its segment is next merged. Segments merge in tiers (FANOUT of a size into one of the next),
so a query reads a few dozen rows per term at a million passages, never one row per document.
Only this module and `pgstore.py` run SQL on the archive.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import sqlite3
import struct
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from briefing.core.errors import StoreError
from briefing.core.models import DocumentRows, PassageTerms
from briefing.store import index, lookup

if TYPE_CHECKING:
    import numpy as np
    from psycopg import Connection

K1, B = index.K1, index.B  # FTS5's bm25() defaults, shared with the SQLite postings
_U32 = index._U32  # little-endian uint32: rowids, term frequencies and lengths
FANOUT = 8  # this many segments of one size tier merge into one of the next
MAX_MERGED = 500_000  # passages: segments this large are left alone (a merge reads them whole)
SEGMENT_PASSAGES = index.SEGMENT_PASSAGES  # passages per segment when building in bulk
MERGE_EVERY = 64  # segments written between two merge checks during a long ingest

# FTS5's tokenizer, in an in-memory database of this process: the archive's terms are the
# ones a SQLite state would have, whatever machine computes them. One connection, one lock:
# the map step's threads may rank at once.
_TOKENIZER = sqlite3.connect(":memory:", check_same_thread=False)
_TOKENIZER_LOCK = threading.Lock()


def count_terms(texts: Sequence[str]) -> tuple[list[dict[str, int]], list[int]]:
    """Per text: FTS5 term -> frequency, and its length in FTS5 tokens."""
    with _TOKENIZER_LOCK:
        return index._count_terms(_TOKENIZER, texts)


def terms_of(text: str) -> list[str]:
    """The FTS5 terms of a text, in order."""
    with _TOKENIZER_LOCK:
        return index.terms_of(_TOKENIZER, text)


def lock_key(text: str) -> int:
    """A signed 64-bit advisory-lock key for a name (stable across machines and versions)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big", signed=True)


# --- writing ------------------------------------------------------------------------------


def add_passages(
    conn: Connection[Any], corpus: int, rows: list[tuple[int, dict[str, int], int]]
) -> None:
    """Write one new segment holding these (rowid, term frequencies, length) passages."""
    if not rows:
        return
    if max(r for r, _, _ in rows) > 0xFFFFFFFF:
        raise StoreError(
            "passage row ids outgrew the search index (2**32): copy the archive into a new"
            " database with `briefing store copy`, which renumbers them"
        )
    postings: dict[str, list[tuple[int, int, int]]] = {}
    for rowid, tf, length in sorted(rows):
        for term, n in tf.items():
            postings.setdefault(term, []).append((rowid, n, length))
    segment = conn.execute("SELECT nextval('bm25_segment_seq')").fetchone()
    assert segment is not None
    seg = int(segment[0])
    conn.execute(
        "INSERT INTO bm25_segments (corpus, segment, passages) VALUES (%s, %s, %s)",
        (corpus, seg, len(rows)),
    )
    if postings:
        terms = sorted(postings)
        rids, tfs, lens = zip(*(p for t in terms for p in postings[t]), strict=True)
        counts = [len(postings[t]) for t in terms]
        _copy_postings(conn, corpus, seg, [(terms, counts, rids, tfs, lens)])


def count_batch(batch: Sequence[DocumentRows]) -> tuple[list[dict[str, int]] | None, list[int]]:
    """Per passage of a batch: its term counts (None when its parser counted them), its length."""
    counted = [r.terms for r in batch if r.passages]
    if all(t is not None for t in counted):
        return None, [n for t in counted if t is not None for n in t.lengths]
    return count_terms([p.text for r in batch for p in r.passages])


def add_batch(
    conn: Connection[Any],
    corpus: int,
    batch: Sequence[DocumentRows],
    rowids: list[int],
    counts: list[dict[str, int]] | None,
    lengths: list[int],
) -> None:
    """One new segment for a batch's passages (`rowids` in batch order), as `count_batch` said."""
    if counts is not None:
        add_passages(conn, corpus, list(zip(rowids, counts, lengths, strict=True)))
        return
    docs, at = [], 0
    for rows in batch:
        if rows.passages and rows.terms is not None:
            docs.append((rowids[at : at + len(rows.passages)], rows.terms))
        at += len(rows.passages)
    add_counted(conn, corpus, docs)


def add_counted(
    conn: Connection[Any], corpus: int, docs: list[tuple[list[int], PassageTerms]]
) -> None:
    """`add_passages` for documents whose terms the parser counted: (rowids, terms) each."""
    import numpy as np

    seg = index._Segment()
    for rowids, terms in docs:
        if rowids and max(rowids) > 0xFFFFFFFF:
            raise StoreError(
                "passage row ids outgrew the search index (2**32): copy the archive into a new"
                " database with `briefing store copy`, which renumbers them"
            )
        seg.add_counted(np.asarray(rowids, dtype=np.int64), terms)
    if not seg.passages:
        return
    segment = conn.execute("SELECT nextval('bm25_segment_seq')").fetchone()
    assert segment is not None
    conn.execute(
        "INSERT INTO bm25_segments (corpus, segment, passages) VALUES (%s, %s, %s)",
        (corpus, int(segment[0]), seg.passages),
    )
    if seg.parts:
        names, rid, tf, dl = seg.columns()
        _copy_postings(conn, corpus, int(segment[0]), [(names.names, names.counts, rid, tf, dl)])


# PostgreSQL's binary COPY format: a header (no flags, no extension) and an end marker.
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
_COPY_END = b"\xff\xff"
_COPY_POSTINGS = 0x100000  # postings per COPY write, at most (unless one term has more)

Part = tuple[list[str], Any, Any, Any, Any]  # terms, their postings counts, rowids, tfs, lens


def _copy_postings(conn: Connection[Any], corpus: int, segment: int, parts: Iterable[Part]) -> None:
    """COPY a segment's postings in, a row per term: term k has the next counts[k] postings.

    In COPY's binary format, laid out by numpy: as text, psycopg escaped every blob as hex
    row by row (with the rows' tuples, a third of the writer's CPU on a 10k-capture ingest;
    BENCHMARKS.md, issue 30), and the server decoded it again.
    """
    # A row: 6 fields; corpus (int4) and segment (int8), each after its byte length; rowids,
    # tfs and lens, each a big-endian byte length and its uint32 words; the term's text.
    head = struct.pack(">hiiiq", 6, 4, corpus, 8, segment)
    code = conn.info.encoding  # text goes in the connection's encoding, as psycopg's would
    with (
        conn.cursor() as cur,
        cur.copy(
            "COPY bm25_postings (corpus, segment, rowids, tfs, lens, term)"
            " FROM STDIN (FORMAT BINARY)"
        ) as copy,
    ):
        copy.write(_COPY_HEADER)
        for terms, counts, *columns in parts:
            copy.write(_binary_rows(head, code, terms, counts, columns))
        copy.write(_COPY_END)


def _binary_rows(
    head: bytes, code: str, terms: list[str], counts: Any, columns: list[Any]
) -> bytes:
    """Postings rows in COPY's binary format, each `head`, three blob fields and the term."""
    import numpy as np

    k = np.asarray(counts, dtype=np.int64)
    width = k + 1  # words per blob field: its length, then its postings
    start = 3 * (np.cumsum(width) - width)  # each row's first word
    words = np.empty(3 * int(width.sum()), dtype=_U32)
    # Where each posting goes: its row's first word, past the length, at its index there.
    at = np.repeat(start + 1 - (np.cumsum(k) - k), k) + np.arange(int(k.sum()))
    step = np.repeat(width, k)
    length = (4 * k).astype(">u4").view(_U32)  # big-endian bytes, kept as they are
    for c, col in enumerate(columns):
        words[start + c * width] = length
        words[at + c * step] = np.asarray(col).astype(_U32, copy=False)
    cuts = (4 * np.append(start, len(words))).tolist()
    blobs = words.data.cast("B")
    names = [len(b).to_bytes(4, "big") + b for b in (t.encode(code) for t in terms)]
    return b"".join(
        itertools.chain.from_iterable(
            zip(itertools.repeat(head), map(blobs.__getitem__, map(slice, cuts, cuts[1:])), names)
        )
    )


def _merged_parts(merged: list[tuple[str, bytes, bytes, bytes]]) -> Iterator[Part]:
    """A merge's rows as parts of about _COPY_POSTINGS postings (a copy of a part at a time)."""
    import numpy as np

    at = 0
    while at < len(merged):
        end, size = at, 0
        while end < len(merged) and (
            end == at or size + len(merged[end][1]) // 4 <= _COPY_POSTINGS
        ):
            size += len(merged[end][1]) // 4
            end += 1
        rows = merged[at:end]
        rids = np.frombuffer(b"".join([r[1] for r in rows]), dtype=_U32)
        tfs = np.frombuffer(b"".join([r[2] for r in rows]), dtype=_U32)
        lens = np.frombuffer(b"".join([r[3] for r in rows]), dtype=_U32)
        yield [r[0] for r in rows], [len(r[1]) // 4 for r in rows], rids, tfs, lens
        at = end


def remove_passages(conn: Connection[Any], corpus: int, rowids: list[int]) -> None:
    """Tombstone deleted passages: their postings stay until their segment is merged."""
    if rowids:
        conn.execute(
            "INSERT INTO bm25_deleted (corpus, rowid) SELECT %s, unnest(%s::bigint[])"
            " ON CONFLICT DO NOTHING",
            (corpus, rowids),
        )


def _tier(passages: int) -> int:
    return int(math.log(max(passages, 1), FANOUT))


def merge(conn: Connection[Any], corpus: int) -> bool:
    """Merge one tier of segments that has FANOUT or more; call in its own transaction.

    One merger per corpus at a time (a transaction-level advisory lock: a second one skips);
    writers keep adding segments meanwhile. Tombstoned passages found in the merged segments
    are dropped with their tombstones. True if a merge happened.
    """
    import numpy as np

    got = conn.execute(
        "SELECT pg_try_advisory_xact_lock(%s)", (lock_key(f"briefing merge {corpus}"),)
    ).fetchone()
    if not got or not got[0]:
        return False
    tiers: dict[int, list[tuple[int, int]]] = {}
    for seg, n in conn.execute(
        "SELECT segment, passages FROM bm25_segments WHERE corpus = %s AND passages < %s"
        " ORDER BY segment",
        (corpus, MAX_MERGED),
    ):
        tiers.setdefault(_tier(n), []).append((seg, n))
    full = [group for _, group in sorted(tiers.items()) if len(group) >= FANOUT]
    if not full:
        return False
    group = full[0]
    segments = [s for s, _ in group]
    deleted = np.array(
        [
            r
            for (r,) in conn.execute(
                "SELECT rowid FROM bm25_deleted WHERE corpus = %s", (corpus,)
            ).fetchall()
        ],
        dtype=np.int64,
    )
    rows = conn.execute(
        "SELECT term, rowids, tfs, lens FROM bm25_postings"
        " WHERE corpus = %s AND segment = ANY(%s) ORDER BY term",
        (corpus, segments),
        binary=True,  # the blobs as bytes: hex text would double what a merge reads
    ).fetchall()
    target_row = conn.execute("SELECT nextval('bm25_segment_seq')").fetchone()
    assert target_row is not None
    target = int(target_row[0])
    merged, purged = _merged(rows, deleted)
    live = sum(n for _, n in group) - len(purged)
    conn.execute(
        "DELETE FROM bm25_postings WHERE corpus = %s AND segment = ANY(%s)", (corpus, segments)
    )
    conn.execute(
        "DELETE FROM bm25_segments WHERE corpus = %s AND segment = ANY(%s)", (corpus, segments)
    )
    conn.execute(
        "INSERT INTO bm25_segments (corpus, segment, passages) VALUES (%s, %s, %s)",
        (corpus, target, max(live, 0)),
    )
    _copy_postings(conn, corpus, target, _merged_parts(merged))
    if purged:
        conn.execute(
            "DELETE FROM bm25_deleted WHERE corpus = %s AND rowid = ANY(%s)",
            (corpus, sorted(purged)),
        )
    return True


MERGE_CHUNK = 1 << 20  # postings merged at a time: bounds the merge's working arrays


def _merged(
    rows: list[Any], deleted: np.ndarray
) -> tuple[list[tuple[str, bytes, bytes, bytes]], set[int]]:
    """Postings rows (term, rowids, tfs, lens), grouped by term, as one row a term sorted by
    rowid, without the deleted passages; and the deleted rowids that were found.

    Many terms at once, up to MERGE_CHUNK postings: numpy calls per term (and per row)
    made the merge after a first ingest of 10,000 captures 7 s on one core after the last
    file was parsed.
    """
    import numpy as np

    out: list[tuple[str, bytes, bytes, bytes]] = []
    purged: set[int] = set()
    if not rows:
        return out, purged
    names: list[str] = []
    row_term = np.empty(len(rows), dtype=np.int64)
    for i, row in enumerate(rows):
        if not names or names[-1] != row[0]:
            names.append(row[0])
        row_term[i] = len(names) - 1
    sizes = np.fromiter((len(r[1]) for r in rows), dtype=np.int64, count=len(rows)) // 4
    total = np.cumsum(sizes)
    starts = np.flatnonzero(np.diff(row_term)) + 1  # rows where a term begins
    at = 0
    while at < len(rows):
        # A chunk ends where a term does, once it holds MERGE_CHUNK postings.
        full = int(np.searchsorted(total, (total[at - 1] if at else 0) + MERGE_CHUNK)) + 1
        k = int(np.searchsorted(starts, full))
        end = int(starts[k]) if k < len(starts) else len(rows)
        chunk = rows[at:end]
        # One buffer per column: a frombuffer per row cost more than the merge itself.
        rids, tfs, dls = (
            np.frombuffer(b"".join([r[c] for r in chunk]), dtype=_U32) for c in (1, 2, 3)
        )
        tid = np.repeat(row_term[at:end], sizes[at:end])
        if len(deleted):
            dead = np.isin(rids.astype(np.int64), deleted)
            if dead.any():
                purged.update(rids[dead].tolist())
                live = ~dead
                tid, rids, tfs, dls = tid[live], rids[live], tfs[live], dls[live]
        order = np.lexsort((rids, tid))  # by term (in the rows' order), then rowid
        tid, rids, tfs, dls = tid[order], rids[order], tfs[order], dls[order]
        bounds = [0, *(np.flatnonzero(np.diff(tid)) + 1).tolist(), len(tid)]
        out.extend(
            (names[int(tid[a])], rids[a:b].tobytes(), tfs[a:b].tobytes(), dls[a:b].tobytes())
            for a, b in itertools.pairwise(bounds)
            if b > a
        )
        at = end
    return out, purged


def check(conn: Connection[Any]) -> list[str]:
    """Corpora whose counters or postings segments disagree with their rows (empty: consistent).

    One statement, so one snapshot: writers committing meanwhile cannot make a false alarm.
    Segments count tombstoned passages until they are merged away, hence the subtraction.
    """
    rows = conn.execute(
        "SELECT c.key, c.documents, c.passages, c.tokens,"
        " (SELECT count(*) FROM documents d WHERE d.corpus = c.id), p.n, p.tokens,"
        " (SELECT coalesce(sum(s.passages), 0) FROM bm25_segments s WHERE s.corpus = c.id),"
        " (SELECT count(*) FROM bm25_deleted t WHERE t.corpus = c.id)"
        " FROM corpora c, LATERAL (SELECT count(*) AS n, coalesce(sum(terms), 0) AS tokens"
        " FROM passages WHERE corpus = c.id) p ORDER BY c.key"
    ).fetchall()
    problems = []
    for key, docs, passages, tokens, rows_docs, rows_passages, rows_tokens, seg, dead in rows:
        if (docs, passages, tokens) != (rows_docs, rows_passages, rows_tokens):
            problems.append(
                f"the archive counts {docs} documents, {passages} passages and {tokens} tokens"
                f" for {key}, its rows {rows_docs}, {rows_passages} and {rows_tokens}: search"
                " scores use these counts; `briefing store copy` into a new database rebuilds them"
            )
        elif seg - dead != rows_passages:
            problems.append(
                f"the search postings of {key} hold {seg - dead} live passages, the archive"
                f" {rows_passages}: `briefing store copy` into a new database rebuilds them"
            )
    return problems


# --- query --------------------------------------------------------------------------------


def top(
    conn: Connection[Any],
    corpus: int,
    words: list[str],
    limit: int,
    allowed: list[int] | None = None,
) -> list[tuple[int, float]]:
    """(rowid, BM25 score) of the best `limit` passages for OR-ed words, as FTS5 would rank them.

    Call in one REPEATABLE READ transaction: the counts, postings and tombstones then come from
    one snapshot. A word FTS5 splits into several terms ("foo_bar") is a phrase, as FTS5
    searches it: its passages are those holding the terms in a row.
    """
    import numpy as np

    phrases: Counter[tuple[str, ...]] = Counter()
    for word in words:
        terms = tuple(terms_of(word))
        if terms:
            phrases[terms] += 1  # a word given twice counts twice, as two FTS5 phrases would
    # The counts and the tombstones in one round trip; each is a few bytes per passage at most.
    stats = conn.execute(
        "SELECT passages, tokens, ARRAY(SELECT rowid FROM bm25_deleted d WHERE d.corpus = c.id)"
        " FROM corpora c WHERE id = %s",
        (corpus,),
    ).fetchone()
    if not phrases or stats is None or stats[0] <= 0 or stats[1] <= 0:
        return []
    n_rows, avgdl = int(stats[0]), int(stats[1]) / int(stats[0])
    deleted = np.asarray(stats[2], dtype=np.int64)
    wanted = sorted({t for p in phrases for t in p})
    blobs: dict[str, list[tuple[bytes, bytes, bytes]]] = {}
    # Binary results: bytea arrives as its bytes, not as hex text twice their size to decode.
    for term, r, f, n in conn.execute(
        "SELECT term, rowids, tfs, lens FROM bm25_postings WHERE corpus = %s AND term = ANY(%s)",
        (corpus, wanted),
        binary=True,
    ):
        blobs.setdefault(term, []).append((r, f, n))
    columns: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for term, parts in blobs.items():
        rid = np.concatenate([np.frombuffer(p[0], dtype=_U32) for p in parts]).astype(np.int64)
        tf = np.concatenate([np.frombuffer(p[1], dtype=_U32) for p in parts]).astype(float)
        dl = np.concatenate([np.frombuffer(p[2], dtype=_U32) for p in parts]).astype(float)
        if len(deleted):
            live = ~np.isin(rid, deleted)
            rid, tf, dl = rid[live], tf[live], dl[live]
        # Unsorted: scores are summed by rowid whatever the segments' order (a sort of a
        # common term's 300k postings cost more than the rest of the query at 1M passages).
        columns[term] = (rid, tf, dl)
    hits: list[tuple[np.ndarray, np.ndarray]] = []
    for phrase, times in phrases.items():
        found = (
            columns.get(phrase[0]) if len(phrase) == 1 else _phrase_column(conn, phrase, columns)
        )
        if found is None or not len(found[0]):
            continue
        rid, tf, dl = found
        hits.append((rid, times * lookup.bm25(tf, dl, len(rid), n_rows, avgdl)))
    return best(hits, limit, allowed)


def best(
    hits: list[tuple[np.ndarray, np.ndarray]], limit: int, allowed: list[int] | None = None
) -> list[tuple[int, float]]:
    """The `limit` best (rowid, summed score) of per-phrase (rowids, scores), ties by rowid."""
    import numpy as np

    if not hits:
        return []
    # Rowids of one corpus are close together, but the archive's run to billions: sum the
    # scores over the span the hits cover, not over every rowid.
    lo = min(int(r.min()) for r, _ in hits)
    hi = max(int(r.max()) for r, _ in hits)
    acc = np.zeros(hi - lo + 1, dtype=np.float64)
    for rid, score in hits:
        acc[rid - lo] += score
    if allowed is not None:
        keep = np.asarray(allowed, dtype=np.int64) - lo
        keep = keep[(keep >= 0) & (keep < len(acc))]
        cand = keep[acc[keep] > 0]
    else:
        cand = np.flatnonzero(acc >= _floor(hits, limit))
    scores = acc[cand]
    if len(cand) > limit:
        # Everything that ties with the limit-th score stays in, so ties break by rowid
        # below rather than by where argpartition happened to put them.
        kth = -np.partition(-scores, limit - 1)[limit - 1]
        cand, scores = cand[scores >= kth], scores[scores >= kth]
    order = np.lexsort((cand, -scores))[:limit]  # best first, ties by rowid (insertion order)
    return [(int(cand[i]) + lo, float(scores[i])) for i in order]


def _floor(hits: list[tuple[np.ndarray, np.ndarray]], limit: int) -> float:
    """A score the limit-th best passage reaches for sure: the least one worth looking at.

    The rarest phrase with `limit` passages alone gives that many at least its limit-th best
    score, and a sum of positive scores is never below one of them. At a million passages
    half of them match some common word: keeping only those above the floor spares sorting
    through them all (np.flatnonzero(acc) alone took a third of a query).
    """
    import numpy as np

    enough = [score for _, score in hits if len(score) >= limit]
    if not enough:
        return float(np.finfo(np.float64).tiny)  # every passage with a positive score
    score = min(enough, key=len)
    return float(np.partition(score, len(score) - limit)[len(score) - limit])


def _phrase_column(
    conn: Connection[Any],
    phrase: tuple[str, ...],
    columns: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(rowid, phrase frequency, length) of the passages holding the terms in a row."""

    def texts_of(rowids: list[int]) -> dict[int, str]:
        return dict(
            conn.execute(
                "SELECT rowid, text FROM passages WHERE rowid = ANY(%s)", (rowids,)
            ).fetchall()
        )

    return lookup.phrase_column(phrase, columns, texts_of, terms_of)
