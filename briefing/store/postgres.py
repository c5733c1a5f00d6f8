"""The PostgreSQL state: a team archive on one server, shared by analysts on several machines.

`PostgresStore` is the second backend of `protocols.StateStore` (and of what the CLI needs
besides, `protocols.CommandStore`): documents, sentences, passages, the BM25 postings
(`pgindex.py`), runs and the reply cache, through a small psycopg connection pool. Every
method is one transaction, so a server lost mid-command leaves each document, run or reply
either whole or absent. A `psycopg` error never leaves a method: it becomes a `StoreError`
saying the fix, with any password in the URL masked.

Corpus folders are keyed `machine:path` (`corpus_key`): the same path on two machines is two
corpora, so two analysts' folders never collide; machines that mount one shared folder at the
same path share its ingested corpus when they are given the same `machine` name.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, Literal, ParamSpec, TypeVar

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from briefing.core import dburl
from briefing.core.errors import StoreError
from briefing.core.models import Document, DocumentRows, Passage, Sentence
from briefing.store import pgindex

if TYPE_CHECKING:
    from psycopg import Connection

from briefing.store.pg_connection import (
    _said,
    connect,
    corpus_key,
    machine_name,
    migrate,
    session_lock,
    statement_error,
)
from briefing.store.replies import StoreReplies
from briefing.store.rows import RUN_COLUMNS, ids_json
from briefing.store.rows import document_of as _document
from briefing.store.rows import passage_of as _passage
from briefing.store.rows import sentence_of as _sentence

P = ParamSpec("P")
R = TypeVar("R")


def translate_errors(
    method: Callable[Concatenate[PostgresStore, P], R],
) -> Callable[Concatenate[PostgresStore, P], R]:
    """Turn a psycopg or pool error escaping a method into a StoreError that says the fix."""

    @functools.wraps(method)
    def wrapper(self: PostgresStore, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except (psycopg.Error, PoolTimeout) as exc:
            raise self._error(exc) from exc

    return wrapper


class PostgresStore:
    """The archive seen from one corpus: documents, passages, ranking, runs, reply cache."""

    def __init__(
        self, pool: ConnectionPool[Any], url: str, root: Path, machine: str, timeout: float
    ) -> None:
        self.pool = pool
        self.url = url
        self.root = root
        self.machine = machine
        self.key = corpus_key(root, machine)  # computed once: every row of this corpus has it
        self.timeout = timeout
        self.replies = StoreReplies(self)
        self._corpus: int | None = None

    @classmethod
    def open(
        cls, url: str, root: Path, *, timeout: float = 30.0, machine: str | None = None
    ) -> PostgresStore:
        """Connect (checking the server and migrating the schema if needed) for the corpus at `root`."""
        conn = connect(url, timeout)
        try:
            migrate(conn)
        except psycopg.Error as exc:
            raise statement_error(url, exc) from None
        finally:
            conn.close()
        pool: ConnectionPool[Any] = ConnectionPool(
            url,
            min_size=1,
            max_size=4,
            timeout=timeout,
            num_workers=1,
            name="briefing",
            kwargs={
                "connect_timeout": max(1, int(min(timeout, 30))),
                "application_name": f"briefing pid {os.getpid()} on {machine_name(machine)}",
            },
            open=False,
        )
        pool.open(wait=False)
        return cls(pool, url, root, machine_name(machine), timeout)

    def for_corpus(self, root: Path) -> PostgresStore:
        """The same archive seen from another corpus directory (the pool is shared)."""
        return PostgresStore(self.pool, self.url, root, self.machine, self.timeout)

    def close(self) -> None:
        """Close the pool (every PostgresStore sharing it stops working)."""
        self.pool.close()

    def _error(self, exc: BaseException) -> StoreError:
        """A one-line message and the fix for a driver or pool error."""
        where = dburl.mask(self.url)
        if isinstance(exc, PoolTimeout):
            return StoreError(
                f"no connection to the PostgreSQL server at {where} within {self.timeout:g} s:"
                " check that it is up (`briefing doctor`) and run the command again;"
                " BRIEFING_DB_TIMEOUT sets how long to wait"
            )
        if isinstance(exc, psycopg.OperationalError) and (
            exc.sqlstate is None or exc.sqlstate.startswith(("08", "57P"))
        ):
            return StoreError(
                f"the PostgreSQL server at {where} went away mid-command ({_said(exc)}): nothing"
                " half-written was kept (each document and run is one transaction); check the"
                " server with `briefing doctor` and run the command again"
            )
        return statement_error(self.url, exc)

    @contextmanager
    def _tx(self, read_only: bool = False) -> Iterator[Connection[Any]]:
        """One pooled connection in one transaction (committed on success, rolled back on error)."""
        with self.pool.connection(timeout=self.timeout) as conn:
            if read_only:
                # One snapshot for the statements of a query: a merge or an ingest committing
                # meanwhile must not mix old counts with new postings.
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield conn

    def _corpus_id(self, conn: Connection[Any], create: bool = False) -> int | None:
        """This corpus's row id (created on the first write), cached once known."""
        if self._corpus is not None:
            return self._corpus
        if create:
            conn.execute(
                "INSERT INTO corpora (key, machine, path) VALUES (%s, %s, %s)"
                " ON CONFLICT (key) DO NOTHING",
                (self.key, self.machine, str(self.root.resolve())),
            )
        row = conn.execute("SELECT id FROM corpora WHERE key = %s", (self.key,)).fetchone()
        if row is not None:
            self._corpus = int(row[0])
        return self._corpus

    # --- documents, sentences, passages -------------------------------------

    @translate_errors
    def corpora(self) -> list[Path]:
        """This machine's corpus folders with documents in the archive, latest ingested first.

        Other machines' folders are not listed: the same path here may be another folder.
        """
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT path FROM corpora WHERE machine = %s AND documents > 0"
                " ORDER BY latest DESC, path",
                (self.machine,),
            ).fetchall()
        return [Path(r[0]) for r in rows]

    @translate_errors
    def document_hashes(self) -> dict[str, str]:
        """doc -> sha256 of every stored document of this corpus."""
        with self._tx() as conn:
            corpus = self._corpus_id(conn)
            if corpus is None:
                return {}
            rows = conn.execute(
                "SELECT doc, sha256 FROM documents WHERE corpus = %s", (corpus,)
            ).fetchall()
        return {r[0]: r[1] for r in rows}

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
        """`replace_document` for several documents in one transaction (and one segment)."""
        with self._tx() as conn:
            corpus = self._corpus_id(conn, create=True)
            assert corpus is not None
            # Writers of one document queue here (on any machine): the second finds the
            # first's version and says unchanged instead of storing it twice.
            docs = sorted({rows.document.doc for rows in batch})
            conn.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(d)) FROM unnest(%s::text[]) AS d",
                (corpus, docs),
            )
            known = dict(
                conn.execute(
                    "SELECT doc, sha256 FROM documents WHERE corpus = %s AND doc = ANY(%s)",
                    (corpus, docs),
                ).fetchall()
            )
            statuses: list[Literal["added", "changed", "unchanged"]] = []
            todo = []
            for rows in batch:
                document = rows.document
                if known.get(document.doc) == document.sha256:
                    statuses.append("unchanged")  # another process stored this version meanwhile
                    continue
                statuses.append("changed" if document.doc in known else "added")
                known[document.doc] = document.sha256
                todo.append(rows)
            if not todo:
                return statuses
            removed = self._delete_documents(conn, corpus, [r.document.doc for r in todo])
            self._insert(conn, corpus, todo, removed)
        if pgindex.MERGE_EVERY and len(todo) and self._merge_due():
            self._merge()
        return statuses

    def _insert(
        self,
        conn: Connection[Any],
        corpus: int,
        todo: list[DocumentRows],
        removed: tuple[int, int, int],
    ) -> None:
        """Insert documents, sentences, passages and postings, and update the corpus's counts."""
        now = time.time()
        with conn.cursor() as cur:
            with cur.copy(
                "COPY documents (corpus, doc, sha256, size, title, outlet, author, date, body,"
                " ingested_at) FROM STDIN"
            ) as copy:
                for d in (entry.document for entry in todo):
                    copy.write_row(
                        (corpus, d.doc, d.sha256, d.size, d.title, d.outlet, d.author, d.date,
                         json.dumps([[s.start, s.end] for s in d.body]), now)
                    )  # fmt: skip
            with cur.copy(
                'COPY sentences (corpus, id, doc, ord, start, "end", text) FROM STDIN'
            ) as copy:
                for entry in todo:
                    doc = entry.document.doc
                    for i, s in enumerate(entry.sentences):
                        copy.write_row((corpus, s.id, doc, i, s.start, s.end, s.text))
        flat = [(r.document.doc, i, p) for r in todo for i, p in enumerate(r.passages)]
        counts, lengths = pgindex.count_batch(todo)
        rowids = []
        if flat:
            # COPY, not INSERT ... FROM unnest(arrays) RETURNING: psycopg builds array
            # parameters in Python, a tenth of the writer's time (BENCHMARKS.md, issue 30).
            cols = 'corpus, id, doc, ord, start, "end", text, tokens, sentence_ids, terms'
            with conn.cursor() as cur, cur.copy(f"COPY passages ({cols}) FROM STDIN") as copy:
                for (doc, i, p), n in zip(flat, lengths, strict=True):
                    copy.write_row((corpus, p.id, doc, i, p.start, p.end, p.text, p.tokens,
                                    ids_json(p.sentence_ids), n))  # fmt: skip
            # Rowids (identity values) follow the rows' order, which ties break by. These
            # documents were rewritten in this transaction, under their advisory locks.
            sql = "SELECT id, rowid FROM passages WHERE corpus = %s AND doc = ANY(%s)"
            docs = [r.document.doc for r in todo]
            by_id = dict(conn.execute(sql, (corpus, docs)).fetchall())
            rowids = [by_id[p.id] for _, _, p in flat]
        pgindex.add_batch(conn, corpus, todo, rowids, counts, lengths)
        gone_docs, gone_passages, gone_tokens = removed
        # Last, so the corpus row is locked only for the end of the transaction.
        conn.execute(
            "UPDATE corpora SET documents = documents + %s, passages = passages + %s,"
            " tokens = tokens + %s, latest = greatest(latest, %s) WHERE id = %s",
            (
                len(todo) - gone_docs,
                len(flat) - gone_passages,
                sum(lengths) - gone_tokens,
                now,
                corpus,
            ),
        )

    def _delete_documents(
        self, conn: Connection[Any], corpus: int, docs: list[str]
    ) -> tuple[int, int, int]:
        """Delete documents and what derives from them; (documents, passages, tokens) deleted."""
        gone = conn.execute(
            "DELETE FROM passages WHERE corpus = %s AND doc = ANY(%s) RETURNING rowid, terms",
            (corpus, docs),
        ).fetchall()
        conn.execute("DELETE FROM sentences WHERE corpus = %s AND doc = ANY(%s)", (corpus, docs))
        n_docs = conn.execute(
            "DELETE FROM documents WHERE corpus = %s AND doc = ANY(%s)", (corpus, docs)
        ).rowcount
        pgindex.remove_passages(conn, corpus, [int(r[0]) for r in gone])
        return n_docs, len(gone), sum(int(r[1]) for r in gone)

    @translate_errors
    def remove_documents(self, docs: list[str]) -> None:
        """Drop documents (deleted from the corpus) and everything derived from them."""
        with self._tx() as conn:
            corpus = self._corpus_id(conn)
            if corpus is None or not docs:
                return
            conn.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(d)) FROM unnest(%s::text[]) AS d",
                (corpus, sorted(set(docs))),
            )
            n_docs, n_passages, n_tokens = self._delete_documents(conn, corpus, docs)
            conn.execute(
                "UPDATE corpora SET documents = documents - %s, passages = passages - %s,"
                " tokens = tokens - %s WHERE id = %s",
                (n_docs, n_passages, n_tokens, corpus),
            )

    def prepare_ingest(self, new_bytes: int) -> None:
        """Nothing to set up: every corpus has postings, written with its passages."""

    @translate_errors
    def refresh_index(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Merge small postings segments (the postings themselves are always current)."""
        self._merge()

    def _merge_due(self) -> bool:
        with self._tx() as conn:
            row = conn.execute("SELECT last_value FROM bm25_segment_seq").fetchone()
        return row is not None and int(row[0]) % pgindex.MERGE_EVERY == 0

    def _merge(self) -> None:
        """Merge segment tiers until none is full, each merge in its own transaction."""
        while True:
            with self._tx() as conn:
                corpus = self._corpus_id(conn)
                if corpus is None or not pgindex.merge(conn, corpus):
                    return

    @translate_errors
    def documents(self, only: list[str] | None = None) -> list[Document]:
        """Stored documents of this corpus (all, or those named in `only`), sorted by path."""
        with self._tx() as conn:
            corpus = self._corpus_id(conn)
            if corpus is None:
                return []
            sql = (
                "SELECT doc, sha256, size, title, outlet, author, date, body FROM documents"
                " WHERE corpus = %s"
            )
            if only is None:
                rows = conn.execute(sql + ' ORDER BY doc COLLATE "C"', (corpus,)).fetchall()
            else:
                rows = conn.execute(
                    sql + ' AND doc = ANY(%s) ORDER BY doc COLLATE "C"', (corpus, sorted(set(only)))
                ).fetchall()
        return [_document(r) for r in rows]

    def _sentence_rows(
        self, conn: Connection[Any], columns: str, ids: list[str]
    ) -> list[tuple[Any, ...]]:
        corpus = self._corpus_id(conn)
        if corpus is None or not ids:
            return []
        return conn.execute(
            f"SELECT {columns} FROM sentences WHERE corpus = %s AND id = ANY(%s)",
            (corpus, list(ids)),
        ).fetchall()

    @translate_errors
    def sentences(self, ids: list[str]) -> dict[str, Sentence]:
        """Sentences by id (missing ids are simply absent)."""
        with self._tx() as conn:
            rows = self._sentence_rows(conn, 'id, doc, start, "end", text', ids)
        return {r[0]: _sentence(r) for r in rows}

    @translate_errors
    def preceding(self, ids: list[str], reach: int) -> dict[str, Sentence]:
        """Sentence id -> the sentence before it in its document, for these and `reach` back."""
        out: dict[str, Sentence] = {}
        with self._tx() as conn:
            for doc, ord_ in self._sentence_rows(conn, "doc, ord", ids):
                for a, b in pairwise(self._in_order(conn, doc, ord_ - reach, ord_)):
                    out[b.id] = a
        return out

    @translate_errors
    def following(self, ids: list[str]) -> dict[str, Sentence]:
        """Sentence id -> the sentence after it in its document (none for a document's last)."""
        out: dict[str, Sentence] = {}
        with self._tx() as conn:
            for sid, doc, ord_ in self._sentence_rows(conn, "id, doc, ord", ids):
                for nxt in self._in_order(conn, doc, ord_ + 1, ord_ + 1):
                    out[sid] = nxt
        return out

    def _in_order(self, conn: Connection[Any], doc: str, first: int, last: int) -> list[Sentence]:
        """A document's sentences from position `first` to `last`, in document order."""
        rows = conn.execute(
            'SELECT id, doc, start, "end", text FROM sentences'
            " WHERE corpus = %s AND doc = %s AND ord BETWEEN %s AND %s ORDER BY ord",
            (self._corpus, doc, first, last),
        ).fetchall()
        return [_sentence(r) for r in rows]

    def iter_sentences(self) -> Iterator[Sentence]:
        """Every stored sentence of this corpus, in document order."""
        rows = self._rows(
            'SELECT id, doc, start, "end", text FROM sentences WHERE corpus = %s'
            ' ORDER BY doc COLLATE "C", ord'
        )
        return (_sentence(r) for r in rows)

    def iter_passages(self) -> Iterator[Passage]:
        """Every stored passage of this corpus, in document order."""
        rows = self._rows(
            'SELECT id, doc, start, "end", text, tokens, sentence_ids FROM passages'
            ' WHERE corpus = %s ORDER BY doc COLLATE "C", ord'
        )
        return (_passage(r) for r in rows)

    def iter_passages_by_rowid(self) -> Iterator[tuple[int, Passage]]:
        """(rowid, passage) of this corpus in insertion order (what ties break by)."""
        rows = self._rows(
            'SELECT id, doc, start, "end", text, tokens, sentence_ids, rowid FROM passages'
            " WHERE corpus = %s ORDER BY rowid"
        )
        return ((int(r[7]), _passage(r)) for r in rows)

    def _rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """Rows of this corpus read lazily through a server-side cursor, errors translated."""
        try:
            with self._tx() as conn:
                corpus = self._corpus_id(conn)
                if corpus is None:
                    return
                with conn.cursor(name="briefing_rows") as cur:
                    cur.itersize = 1000
                    cur.execute(sql, (corpus,))
                    yield from cur
        except (psycopg.Error, PoolTimeout) as exc:
            raise self._error(exc) from exc

    @translate_errors
    def passage_sentences(self, passage_ids: list[str]) -> dict[str, list[Sentence]]:
        """passage id -> its sentences, in order."""
        with self._tx() as conn:
            corpus = self._corpus_id(conn)
            if corpus is None or not passage_ids:
                return {}
            wanted = {
                pid: json.loads(ids)
                for pid, ids in conn.execute(
                    "SELECT id, sentence_ids FROM passages WHERE corpus = %s AND id = ANY(%s)",
                    (corpus, list(passage_ids)),
                ).fetchall()
            }
        found = self.sentences([s for ids in wanted.values() for s in ids])
        return {
            pid: [found[s] for s in wanted[pid] if s in found]
            for pid in passage_ids
            if pid in wanted
        }

    # --- ranking ------------------------------------------------------------

    @translate_errors
    def rank(
        self, words: list[str], limit: int, docs: list[str] | None = None
    ) -> list[tuple[Passage, float]]:
        """The best passages for OR-ed words with their BM25 score (FTS5's, computed here)."""
        with self._tx(read_only=True) as conn:
            corpus = self._corpus_id(conn)
            if corpus is None or not words:
                return []
            allowed = None if docs is None else self._rowids(conn, corpus, docs)
            ranked = pgindex.top(conn, corpus, words, limit, allowed)
            if not ranked:
                return []
            rows = {
                int(r[7]): r
                for r in conn.execute(
                    'SELECT id, doc, start, "end", text, tokens, sentence_ids, rowid FROM passages'
                    " WHERE rowid = ANY(%s)",
                    ([r for r, _ in ranked],),
                ).fetchall()
            }
        return [(_passage(rows[r]), score) for r, score in ranked if r in rows]

    def _rowids(self, conn: Connection[Any], corpus: int, docs: list[str]) -> list[int]:
        return [
            int(r[0])
            for r in conn.execute(
                "SELECT rowid FROM passages WHERE corpus = %s AND doc = ANY(%s)",
                (corpus, list(docs)),
            ).fetchall()
        ]

    @translate_errors
    def passage_rowids(self, docs: list[str]) -> list[int]:
        """Row ids of the passages of these documents (what the postings know them by)."""
        with self._tx() as conn:
            corpus = self._corpus_id(conn)
            return [] if corpus is None else self._rowids(conn, corpus, docs)

    # --- runs ---------------------------------------------------------------

    @translate_errors
    def record_run(self, run: dict[str, Any]) -> None:
        """Insert or update one run row; `root` defaults to this corpus."""
        run = {"root": self.key, **run}
        values = [
            json.dumps(run[c], sort_keys=True) if c == "documents" else run[c] for c in RUN_COLUMNS
        ]
        updates = ", ".join(f"{c} = excluded.{c}" for c in RUN_COLUMNS if c not in ("id", "root"))
        with self._tx() as conn:
            conn.execute(
                f"INSERT INTO runs ({','.join(RUN_COLUMNS)})"
                f" VALUES ({','.join(['%s'] * len(RUN_COLUMNS))})"
                f" ON CONFLICT (root, id) DO UPDATE SET {updates}",
                values,
            )

    @translate_errors
    def list_runs(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Run rows of every corpus (every machine's), oldest first."""
        sql = f"SELECT {','.join(RUN_COLUMNS)} FROM runs"
        args: tuple[Any, ...] = ()
        if kind:
            sql += " WHERE kind = %s"
            args = (kind,)
        with self._tx() as conn, conn.cursor(row_factory=dict_row) as cur:
            rows = cur.execute(sql + " ORDER BY created_at, id, root", args).fetchall()
        for r in rows:
            r["documents"] = json.loads(r["documents"])
        return rows

    # --- model response cache -------------------------------------------------

    @translate_errors
    def _cache_get(self, key: str) -> dict[str, Any] | None:
        with self._tx() as conn:
            row = conn.execute("SELECT response FROM llm_cache WHERE key = %s", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    @translate_errors
    def _cache_put(
        self, key: str, response: dict[str, Any], created_at: float | None = None
    ) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO llm_cache VALUES (%s, %s, %s)"
                " ON CONFLICT (key) DO UPDATE SET response = excluded.response,"
                " created_at = excluded.created_at",
                (key, json.dumps(response, sort_keys=True), created_at or time.time()),
            )

    def iter_replies(self) -> Iterator[tuple[str, dict[str, Any], float]]:
        """Every cached reply: (request hash, response, when it was stored)."""
        try:
            with self._tx() as conn, conn.cursor(name="briefing_replies") as cur:
                cur.itersize = 500
                cur.execute("SELECT key, response, created_at FROM llm_cache ORDER BY key")
                for key, response, created in cur:
                    yield key, json.loads(response), float(created)
        except (psycopg.Error, PoolTimeout) as exc:
            raise self._error(exc) from exc

    # --- the digest lock ------------------------------------------------------

    @contextmanager
    def digest_lock(self, wait: float = 0.0) -> Iterator[None]:
        """One digest of this corpus at a time on any machine: a session advisory lock.

        Held by its own connection for the whole digest, which the server releases when that
        ends: a digest that dies leaves no stale lock (as with flock)."""
        lock = pgindex.lock_key(f"briefing digest {self.key}")
        busy = f"another digest is running on {self.root}"
        try:
            with session_lock(self.url, self.timeout, lock, busy, wait):
                yield
        except psycopg.Error as exc:
            raise self._error(exc) from exc
