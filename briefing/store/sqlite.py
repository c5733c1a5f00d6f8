"""The SQLite state: documents, sentences, passages and their search index, runs, the model cache.

`Store` owns the connection, the corpus root's key and every SQL statement; the stages see it
through `protocols.StateStore`. `index.py` (the BM25 postings) is the store's own helper: it
runs SQL on the store's connection and nothing else calls it. Reading and chunking files is
`sync.py`'s job, above the store: this module imports neither `ingest` nor `passages`.
An `sqlite3.Error` never leaves a `Store` method: it becomes a `StoreError` saying the fix.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar

from briefing.core.errors import StoreError
from briefing.core.models import Document, DocumentRows, Passage, Sentence
from briefing.store import index, lookup
from briefing.store.connection import connect, transaction
from briefing.store.replies import StoreReplies
from briefing.store.rows import (
    DOCUMENT_COLUMNS,
    PASSAGE_COLUMNS,
    RUN_COLUMNS,
    SENTENCE_COLUMNS,
    document_of,
    ids_json,
    passage_of,
    sentence_of,
)

P = ParamSpec("P")
R = TypeVar("R")


def root_key(root: Path) -> str:
    """The key under which a corpus directory's rows are stored."""
    return str(root.resolve())


def translate_errors(
    method: Callable[Concatenate[Store, P], R],
) -> Callable[Concatenate[Store, P], R]:
    """Turn an SQLite error escaping a Store method into a StoreError that says the fix."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    return wrapper


CACHE_KIB = 128 * 1024  # the connection's page cache


class Store:
    """The state database seen from one corpus: documents, passages, ranking, runs, reply cache."""

    def __init__(self, conn: sqlite3.Connection, db_path: Path, root: Path, timeout: float) -> None:
        self.conn = conn
        self.db_path = db_path
        self.root = root
        self.key = root_key(root)  # computed once: every row of this corpus carries it
        self.timeout = timeout
        self.replies = StoreReplies(self)
        # Terms the ingest workers counted for passages stored since the last refresh_index.
        self._pending = index.Pending()
        self._postings = False  # whether prepare_ingest found (or gave) the corpus postings

    @classmethod
    def open(cls, db_path: Path, root: Path, *, timeout: float = 30.0) -> Store:
        """Open (creating and migrating if needed) the state database for the corpus at `root`."""
        conn = connect(db_path)
        store = cls(conn, db_path, root, timeout)
        # How long a write waits for another process's lock before a clear error (not forever).
        store._execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        # SQLite's default 2 MB page cache: a first ingest inserts sentence and passage keys
        # (content hashes) at random places in indexes of tens of MB, reading and rewriting
        # a page per row. 128 MB cut 6 s of a 51 s single-process ingest of 10,000
        # captures (BENCHMARKS.md); it is a bound, filled only as pages are read.
        store._execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        return store

    def for_corpus(self, root: Path) -> Store:
        """The same database seen from another corpus directory (one connection, shared)."""
        return Store(self.conn, self.db_path, root, self.timeout)

    def close(self) -> None:
        """Close the connection (every Store sharing it stops working)."""
        self.conn.close()

    def _error(self, exc: sqlite3.Error) -> StoreError:
        """A one-line message and the fix for an SQLite error."""
        said = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, sqlite3.OperationalError) and ("locked" in said or "busy" in said):
            return StoreError(
                f"the state database {self.db_path} is locked by another process"
                f" (waited {self.timeout:g} s): let the other briefing command finish (or stop it)"
                " and run again; BRIEFING_DB_TIMEOUT sets how long to wait"
            )
        return StoreError(
            f"the state database {self.db_path} is unusable ({said}): run `briefing doctor` to"
            " check it and `briefing doctor --rebuild` to recreate it from the corpus"
        )

    @translate_errors
    def _execute(self, sql: str) -> None:
        self.conn.execute(sql)

    # --- documents, sentences, passages -------------------------------------

    @translate_errors
    def corpora(self) -> list[Path]:
        """Every corpus directory with documents in the database, the latest ingested first."""
        rows = self.conn.execute(
            "SELECT root, MAX(ingested_at) AS latest FROM documents GROUP BY root"
            " ORDER BY latest DESC, root"
        )
        return [Path(r["root"]) for r in rows]

    @translate_errors
    def document_hashes(self) -> dict[str, str]:
        """doc -> sha256 of every stored document of this corpus."""
        rows = self.conn.execute("SELECT doc, sha256 FROM documents WHERE root = ?", (self.key,))
        return {r["doc"]: r["sha256"] for r in rows}

    @translate_errors
    def replace_document(
        self, document: Document, sentences: list[Sentence], passages: list[Passage]
    ) -> Literal["added", "changed", "unchanged"]:
        """Store a document with its sentences and passages, replacing any earlier version."""
        return self.replace_documents([DocumentRows.of(document, sentences, passages)])[0]

    @translate_errors
    def replace_documents(
        self, batch: Sequence[DocumentRows]
    ) -> list[Literal["added", "changed", "unchanged"]]:
        """`replace_document` for several documents in one transaction, rows in batch order."""
        conn, key = self.conn, self.key
        with transaction(conn):
            known = self._hashes([rows.document.doc for rows in batch])
            statuses: list[Literal["added", "changed", "unchanged"]] = []
            todo: list[DocumentRows] = []
            for rows in batch:
                doc = rows.document.doc
                if known.get(doc) == rows.document.sha256:
                    statuses.append("unchanged")  # another process stored this version meanwhile
                    continue
                statuses.append("changed" if doc in known else "added")
                if doc in known:
                    self._delete_document(doc)
                known[doc] = rows.document.sha256
                todo.append(rows)
            now = time.time()
            first = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM passages").fetchone()[0]
            conn.executemany(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        key,
                        d.doc,
                        d.sha256,
                        d.size,
                        d.title,
                        d.outlet,
                        d.author,
                        d.date,
                        json.dumps([[s.start, s.end] for s in d.body]),
                        now,
                    )
                    for d in (rows.document for rows in todo)
                ],
            )
            conn.executemany(
                "INSERT INTO sentences VALUES (?,?,?,?,?,?,?)",
                [
                    (key, s.id, rows.document.doc, i, s.start, s.end, s.text)
                    for rows in todo
                    for i, s in enumerate(rows.sentences)
                ],
            )
            conn.executemany(
                'INSERT INTO passages (root, id, doc, ord, start, "end", text, tokens, sentence_ids)'
                " VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    (
                        key,
                        p.id,
                        rows.document.doc,
                        i,
                        p.start,
                        p.end,
                        p.text,
                        p.tokens,
                        ids_json(p.sentence_ids),
                    )
                    for rows in todo
                    for i, p in enumerate(rows.passages)
                ],
            )
            last = conn.execute("SELECT coalesce(max(rowid), 0) FROM passages").fetchone()[0]
            # Kept before the commit: were it rolled back, its rowids would go to other
            # passages, whose ids then differ from these (the postings check each id).
            self._remember_terms(todo, first, last)
            self._catch_up()
        return statuses

    def _catch_up(self) -> None:
        """Build the postings of a long log in the batch's transaction, while the workers parse.

        Searches score logged passages from their text (`lookup._Lag`): bounding the log
        bounds that work, and the build overlaps the parsing instead of following it.
        """
        if not self._postings:
            return
        logged = self.conn.execute(
            "SELECT count(*) FROM bm25_log WHERE root = ?", (self.key,)
        ).fetchone()[0]
        if logged >= index.SEGMENT_PASSAGES:
            index.refresh(self.conn, self.key, None, self._pending)
            self._pending.clear()

    def _remember_terms(self, todo: list[DocumentRows], first: int, last: int) -> None:
        """Keep the parser's term counts of the passages just stored, by rowid, for the postings."""
        # Rowids are the table's largest plus one, one insert after another, under the write
        # lock: the batch got first..last in order, which the count confirms.
        if last - first + 1 != sum(len(rows.passages) for rows in todo):
            return
        for rows in todo:
            if rows.terms is not None and rows.passages:
                self._pending.add(first, [p.id for p in rows.passages], rows.terms)
            first += len(rows.passages)

    def _hashes(self, docs: list[str]) -> dict[str, str]:
        """doc -> sha256 of these documents, for those stored (500 a query: SQLite's limit)."""
        out: dict[str, str] = {}
        for i in range(0, len(docs), 500):
            chunk = docs[i : i + 500]
            rows = self.conn.execute(
                "SELECT doc, sha256 FROM documents WHERE root = ?"
                f" AND doc IN ({','.join('?' * len(chunk))})",
                (self.key, *chunk),
            )
            out.update((r["doc"], r["sha256"]) for r in rows)
        return out

    @translate_errors
    def remove_documents(self, docs: list[str]) -> None:
        """Drop documents (deleted from the corpus) and everything derived from them."""
        with transaction(self.conn):
            for doc in docs:
                self._delete_document(doc)

    def _delete_document(self, doc: str) -> None:
        for table in ("passages", "sentences", "documents"):
            self.conn.execute(f"DELETE FROM {table} WHERE root = ? AND doc = ?", (self.key, doc))

    @translate_errors
    def prepare_ingest(self, new_bytes: int) -> None:
        """Told before an ingest writes about this many bytes of new files: set up the index.

        A corpus that will need postings gets them now, before its passages are written,
        so they never enter FTS5 only to be taken out again at the end of the ingest.
        """
        self._postings = index.has_postings(self.conn, self.key)
        if self._postings:
            return
        coming = new_bytes // index.BYTES_PER_PASSAGE
        # Checked first: an ingest that will not need postings takes no write lock here.
        if index.needs_postings(self.conn, self.key, coming):
            with transaction(self.conn):
                if not index.has_postings(self.conn, self.key):
                    index.start(self.conn, self.key)
            self._postings = True

    @translate_errors
    def refresh_index(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Bring the search postings up to date with the passages, if they lag behind."""
        try:
            # Checked first: an unchanged corpus takes no write lock.
            if index.stale(self.conn, self.key):
                with transaction(self.conn):
                    index.refresh(self.conn, self.key, progress, self._pending)
        finally:
            self._pending.clear()

    @translate_errors
    def documents(self, only: list[str] | None = None) -> list[Document]:
        """Stored documents of this corpus (all, or those named in `only`), sorted by path."""
        if only is None:
            rows = self.conn.execute(
                "SELECT * FROM documents WHERE root = ? ORDER BY doc", (self.key,)
            ).fetchall()
        else:
            names = sorted(set(only))
            rows = []
            for i in range(0, len(names), 500):
                chunk = names[i : i + 500]
                rows += self.conn.execute(
                    "SELECT * FROM documents WHERE root = ?"
                    f" AND doc IN ({','.join('?' * len(chunk))})",
                    (self.key, *chunk),
                ).fetchall()
            rows.sort(key=lambda r: r["doc"])
        return [_document(r) for r in rows]

    def _sentence_rows(self, columns: str, ids: list[str]) -> Iterator[sqlite3.Row]:
        """Rows of this corpus's sentences with these ids, 500 ids a query (SQLite's limit)."""
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.conn.execute(
                f"SELECT {columns} FROM sentences WHERE root = ? AND id IN ({marks})",
                (self.key, *chunk),
            ).fetchall()

    @translate_errors
    def sentences(self, ids: list[str]) -> dict[str, Sentence]:
        """Sentences by id (missing ids are simply absent)."""
        rows = self._sentence_rows('id, doc, start, "end", text', ids)
        return {r["id"]: _sentence(r) for r in rows}

    @translate_errors
    def preceding(self, ids: list[str], reach: int) -> dict[str, Sentence]:
        """Sentence id -> the sentence before it in its document, for these and `reach` back.

        What "This…", "It…" or "Third, …" points back at is often in the passage before the one
        retrieved; the document's own order knows it.
        """
        out: dict[str, Sentence] = {}
        for r in list(self._sentence_rows("doc, ord", ids)):
            for a, b in pairwise(self._in_order(r["doc"], r["ord"] - reach, r["ord"])):
                out[b.id] = a
        return out

    @translate_errors
    def following(self, ids: list[str]) -> dict[str, Sentence]:
        """Sentence id -> the sentence after it in its document (none for a document's last)."""
        out: dict[str, Sentence] = {}
        for r in list(self._sentence_rows("id, doc, ord", ids)):
            for nxt in self._in_order(r["doc"], r["ord"] + 1, r["ord"] + 1):
                out[r["id"]] = nxt
        return out

    def _in_order(self, doc: str, first: int, last: int) -> list[Sentence]:
        """A document's sentences from position `first` to `last`, in document order."""
        rows = self.conn.execute(
            'SELECT id, doc, start, "end", text FROM sentences'
            " WHERE root = ? AND doc = ? AND ord BETWEEN ? AND ? ORDER BY ord",
            (self.key, doc, first, last),
        )
        return [_sentence(x) for x in rows]

    def iter_sentences(self) -> Iterator[Sentence]:
        """Every stored sentence of this corpus, in document order."""
        rows = self._rows(
            'SELECT id, doc, start, "end", text FROM sentences WHERE root = ? ORDER BY doc, ord',
            (self.key,),
        )
        return (_sentence(r) for r in rows)

    def iter_passages(self) -> Iterator[Passage]:
        """Every stored passage of this corpus, in document order."""
        rows = self._rows("SELECT * FROM passages WHERE root = ? ORDER BY doc, ord", (self.key,))
        return (_passage(r) for r in rows)

    def _rows(self, sql: str, args: tuple[Any, ...]) -> Iterator[sqlite3.Row]:
        """Rows read lazily, with the same error translation as the methods."""
        try:
            cursor = self.conn.execute(sql, args)
            while rows := cursor.fetchmany(1000):
                yield from rows
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    @translate_errors
    def passage_sentences(self, passage_ids: list[str]) -> dict[str, list[Sentence]]:
        """passage id -> its sentences, in order."""
        wanted: dict[str, list[str]] = {}
        for pid in passage_ids:
            row = self.conn.execute(
                "SELECT sentence_ids FROM passages WHERE root = ? AND id = ?", (self.key, pid)
            ).fetchone()
            if row:
                wanted[pid] = json.loads(row["sentence_ids"])
        found = self.sentences([s for ids in wanted.values() for s in ids])
        return {pid: [found[s] for s in ids if s in found] for pid, ids in wanted.items()}

    # --- ranking ------------------------------------------------------------

    @translate_errors
    def rank(
        self, words: list[str], limit: int, docs: list[str] | None = None
    ) -> list[tuple[Passage, float]]:
        """The best passages for OR-ed words with their BM25 score: postings, else FTS5."""
        allowed = None if docs is None else self.passage_rowids(docs)
        ranked = lookup.top(self.conn, self.key, words, limit, allowed)
        if ranked is None:
            expr = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
            return self.match(expr, limit, docs) if expr else []
        return self._by_rowid(ranked)

    @translate_errors
    def passage_rowids(self, docs: list[str]) -> list[int]:
        """Row ids of the passages of these documents (what the postings know them by)."""
        out: list[int] = []
        for i in range(0, len(docs), 500):
            chunk = docs[i : i + 500]
            out += [
                r[0]
                for r in self.conn.execute(
                    "SELECT rowid FROM passages WHERE root = ?"
                    f" AND doc IN ({','.join('?' * len(chunk))})",
                    (self.key, *chunk),
                )
            ]
        return out

    def _by_rowid(self, ranked: list[tuple[int, float]]) -> list[tuple[Passage, float]]:
        """Passages for (rowid, score) pairs, in that order."""
        rows: dict[int, sqlite3.Row] = {}
        ids = [r for r, _ in ranked]
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            # `+root`: look rows up by rowid; an index on root would scan the whole corpus.
            for r in self.conn.execute(
                f"SELECT * FROM passages WHERE rowid IN ({','.join('?' * len(chunk))}) AND +root = ?",
                (*chunk, self.key),
            ):
                rows[r["rowid"]] = r
        return [(_passage(rows[r]), score) for r, score in ranked if r in rows]

    @translate_errors
    def match(
        self, fts_query: str, limit: int, docs: list[str] | None = None
    ) -> list[tuple[Passage, float]]:
        """Passages matching an FTS5 query with their BM25 score (higher is better), optionally within docs."""
        where, args = "", []
        if docs is not None:
            where = f" AND p.doc IN ({','.join('?' * len(docs))})"
            args = list(docs)
        try:
            if docs is None:
                top = self._match_top(fts_query, limit)
                if top is not None:
                    return top
            rows = self.conn.execute(
                "SELECT p.*, bm25(passages_fts) AS rank FROM passages_fts"
                " JOIN passages p ON p.rowid = passages_fts.rowid"
                f" WHERE passages_fts MATCH ? AND p.root = ?{where} ORDER BY rank LIMIT ?",
                (fts_query, self.key, *args, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"search query {fts_query!r} failed ({exc}): simplify the query"
            ) from exc
        return [(_passage(r), -float(r["rank"])) for r in rows]

    def _match_top(self, fts_query: str, limit: int) -> list[tuple[Passage, float]] | None:
        """The top `limit` matches ranked by FTS5 alone, then joined; None if another corpus crowds them out.

        Joining every match to `passages` to test its root before sorting cost as much as the ranking
        itself (measured: 19 ms of a 19 ms p50 query at 107k passages, 7 ms without the join). The
        best `limit` matches of the whole index, filtered to this corpus, are exactly this corpus's
        best when at least `limit` of them belong to it (always, with one corpus per database);
        otherwise the caller falls back to the joined query.
        """
        ranked = self.conn.execute(
            "SELECT rowid, bm25(passages_fts) AS score FROM passages_fts"
            " WHERE passages_fts MATCH ? ORDER BY score LIMIT ?",
            (fts_query, limit),
        ).fetchall()
        # Best first, ties by rowid (the order this function always gave). bm25() is negative.
        pairs = sorted(((r[0], -float(r[1])) for r in ranked), key=lambda x: (-x[1], x[0]))
        found = self._by_rowid(pairs)
        if len(found) < limit and len(ranked) == limit:
            return None  # other corpora's passages took some of the top places: more may rank next
        return found

    # --- runs ---------------------------------------------------------------

    @translate_errors
    def record_run(self, run: dict[str, Any]) -> None:
        """Insert or update one run row; `root` defaults to this corpus."""
        run = {"root": self.key, **run}
        values = [
            json.dumps(run[c], sort_keys=True) if c == "documents" else run[c] for c in RUN_COLUMNS
        ]
        with transaction(self.conn):
            self.conn.execute(
                f"INSERT OR REPLACE INTO runs ({','.join(RUN_COLUMNS)})"
                f" VALUES ({','.join('?' * len(RUN_COLUMNS))})",
                values,
            )

    @translate_errors
    def list_runs(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Run rows of every corpus, oldest first."""
        sql = "SELECT * FROM runs"
        args: tuple[Any, ...] = ()
        if kind:
            sql += " WHERE kind = ?"
            args = (kind,)
        rows = self.conn.execute(sql + " ORDER BY created_at, id", args).fetchall()
        out = []
        for r in rows:
            d = dict(r)
            d["documents"] = json.loads(d["documents"])
            out.append(d)
        return out

    # --- model response cache -------------------------------------------------

    @translate_errors
    def _cache_get(self, key: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT response FROM llm_cache WHERE key = ?", (key,)).fetchone()
        return json.loads(row["response"]) if row else None

    @translate_errors
    def _cache_put(self, key: str, response: dict[str, Any]) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR REPLACE INTO llm_cache VALUES (?, ?, ?)",
                (key, json.dumps(response, sort_keys=True), time.time()),
            )

    def iter_replies(self) -> Iterator[tuple[str, dict[str, Any], float]]:
        """Every cached reply: (request hash, response, when it was stored); for `store copy`."""
        rows = self._rows("SELECT key, response, created_at FROM llm_cache ORDER BY key", ())
        return ((r["key"], json.loads(r["response"]), float(r["created_at"])) for r in rows)


def _document(r: sqlite3.Row) -> Document:
    return document_of([r[c] for c in DOCUMENT_COLUMNS])


def _sentence(r: sqlite3.Row) -> Sentence:
    return sentence_of([r[c] for c in SENTENCE_COLUMNS])


def _passage(r: sqlite3.Row) -> Passage:
    return passage_of([r[c] for c in PASSAGE_COLUMNS])
