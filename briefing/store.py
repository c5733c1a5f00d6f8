"""The SQLite state: documents, sentences, passages with an FTS5 index, runs and the model cache."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from briefing import index, ingest, passages
from briefing.errors import BriefingError, CorpusError, StoreError
from briefing.models import Document, IngestReport, Passage, Sentence, Span

# Append-only: never edit a shipped migration, add a new one (simonw/llm's habit).
MIGRATIONS: list[tuple[str, str]] = [
    (
        "001_documents",
        """
        CREATE TABLE documents (
            root TEXT NOT NULL, doc TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
            title TEXT NOT NULL, outlet TEXT NOT NULL, author TEXT NOT NULL, date TEXT NOT NULL,
            body TEXT NOT NULL, ingested_at REAL NOT NULL,
            PRIMARY KEY (root, doc)
        );
        CREATE TABLE sentences (
            root TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, ord INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
            PRIMARY KEY (root, id)
        );
        CREATE INDEX sentences_doc ON sentences (root, doc, ord);
        CREATE TABLE passages (
            rowid INTEGER PRIMARY KEY, root TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL,
            ord INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, tokens INTEGER NOT NULL, sentence_ids TEXT NOT NULL,
            UNIQUE (root, id)
        );
        CREATE INDEX passages_doc ON passages (root, doc, ord);
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            text, content='passages', content_rowid='rowid',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
            INSERT INTO passages_fts (rowid, text) VALUES (new.rowid, new.text);
        END;
        CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
            INSERT INTO passages_fts (passages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        END;
        """,
    ),
    (
        "002_runs",
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, created_at TEXT NOT NULL,
            status TEXT NOT NULL, topic TEXT NOT NULL, model TEXT NOT NULL,
            root TEXT NOT NULL, out_dir TEXT NOT NULL, verified INTEGER NOT NULL,
            dropped INTEGER NOT NULL, cost REAL NOT NULL, documents TEXT NOT NULL
        );
        CREATE INDEX runs_kind ON runs (kind, created_at);
        """,
    ),
    (
        "003_llm_cache",
        """
        CREATE TABLE llm_cache (
            key TEXT PRIMARY KEY, response TEXT NOT NULL, created_at REAL NOT NULL
        );
        """,
    ),
    (
        # BM25 postings next to FTS5 (briefing/index.py). A corpus gets postings on its next
        # ingest; until then, and while the log holds changes, FTS5 answers its searches.
        "004_bm25_postings",
        """
        CREATE TABLE bm25_stats (
            root TEXT PRIMARY KEY, passages INTEGER NOT NULL, tokens INTEGER NOT NULL
        );
        CREATE TABLE bm25_segments (
            root TEXT NOT NULL, segment INTEGER NOT NULL, passages INTEGER NOT NULL,
            PRIMARY KEY (root, segment)
        );
        CREATE TABLE bm25_postings (
            id INTEGER PRIMARY KEY, root TEXT NOT NULL, term TEXT NOT NULL,
            segment INTEGER NOT NULL, rowids BLOB NOT NULL, tfs BLOB NOT NULL, lens BLOB NOT NULL
        );
        -- A rowid table with the key in an index: the blobs are large, and a WITHOUT ROWID
        -- B-tree moving them on every insert made a full build 4x slower.
        CREATE UNIQUE INDEX bm25_postings_term ON bm25_postings (root, term, segment);
        CREATE TABLE bm25_log (
            seq INTEGER PRIMARY KEY, root TEXT NOT NULL, passage INTEGER NOT NULL, text TEXT
        );
        CREATE INDEX bm25_log_root ON bm25_log (root, seq);
        CREATE TRIGGER passages_bm25_ai AFTER INSERT ON passages
        WHEN EXISTS (SELECT 1 FROM bm25_stats WHERE root = new.root) BEGIN
            INSERT INTO bm25_log (root, passage, text) VALUES (new.root, new.rowid, NULL);
        END;
        CREATE TRIGGER passages_bm25_ad AFTER DELETE ON passages
        WHEN EXISTS (SELECT 1 FROM bm25_stats WHERE root = old.root) BEGIN
            INSERT INTO bm25_log (root, passage, text) VALUES (old.root, old.rowid, old.text);
        END;
        """,
    ),
]


def connect(db_path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the state database and apply pending migrations."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        # Shared by the map step's worker threads; store calls are serialised by the caller.
        conn = sqlite3.connect(db_path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"state database {db_path} is unusable ({exc}): run `briefing doctor --rebuild`"
            " to recreate it from the corpus, or set BRIEFING_HOME to another directory"
        ) from exc
    except OSError as exc:
        raise StoreError(
            f"cannot create the state directory {db_path.parent} ({exc.strerror}):"
            " set BRIEFING_HOME to a writable directory"
        ) from exc
    return conn


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply migrations not yet recorded in the _migrations table; return their names."""
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at REAL)")
    applied: list[str] = []
    done = {r[0] for r in conn.execute("SELECT name FROM _migrations")}
    if all(name in done for name, _ in MIGRATIONS):
        return applied  # the common case: no write lock, so a busy writer does not block readers
    for name, sql in MIGRATIONS:
        # Check again inside the write lock: two processes opening a new
        # database at once must not both run the same migration.
        with transaction(conn):
            if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone():
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO _migrations VALUES (?, ?)", (name, time.time()))
        applied.append(name)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out, buf = [], ""
    for line in sql.strip().splitlines():
        buf += line + "\n"
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (Ctrl-C included)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def root_key(root: Path) -> str:
    """The key under which a corpus directory's rows are stored."""
    return str(root.resolve())


def document_hashes(conn: sqlite3.Connection, root: Path) -> dict[str, str]:
    """doc -> sha256 of every stored document of this corpus."""
    rows = conn.execute("SELECT doc, sha256 FROM documents WHERE root = ?", (root_key(root),))
    return {r["doc"]: r["sha256"] for r in rows}


def replace_document(
    conn: sqlite3.Connection,
    root: Path,
    document: Document,
    sentences: list[Sentence],
    passages: list[Passage],
) -> None:
    """Store a document with its sentences and passages, replacing any earlier version."""
    key = root_key(root)
    with transaction(conn):
        _delete_document(conn, key, document.doc)
        conn.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                key,
                document.doc,
                document.sha256,
                document.size,
                document.title,
                document.outlet,
                document.author,
                document.date,
                json.dumps([[s.start, s.end] for s in document.body]),
                time.time(),
            ),
        )
        conn.executemany(
            "INSERT INTO sentences VALUES (?,?,?,?,?,?,?)",
            [(key, s.id, s.doc, i, s.start, s.end, s.text) for i, s in enumerate(sentences)],
        )
        conn.executemany(
            'INSERT INTO passages (root, id, doc, ord, start, "end", text, tokens, sentence_ids)'
            " VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (key, p.id, p.doc, i, p.start, p.end, p.text, p.tokens, json.dumps(p.sentence_ids))
                for i, p in enumerate(passages)
            ],
        )


def remove_documents(conn: sqlite3.Connection, root: Path, docs: list[str]) -> None:
    """Drop documents (deleted from the corpus) and everything derived from them."""
    key = root_key(root)
    with transaction(conn):
        for doc in docs:
            _delete_document(conn, key, doc)


def _delete_document(conn: sqlite3.Connection, key: str, doc: str) -> None:
    conn.execute("DELETE FROM passages WHERE root = ? AND doc = ?", (key, doc))
    conn.execute("DELETE FROM sentences WHERE root = ? AND doc = ?", (key, doc))
    conn.execute("DELETE FROM documents WHERE root = ? AND doc = ?", (key, doc))


def get_documents(
    conn: sqlite3.Connection, root: Path, only: list[str] | None = None
) -> list[Document]:
    """Stored documents of this corpus (all, or those named in `only`), sorted by path."""
    key = root_key(root)
    if only is None:
        rows = conn.execute(
            "SELECT * FROM documents WHERE root = ? ORDER BY doc", (key,)
        ).fetchall()
    else:
        names = sorted(set(only))
        rows = []
        for i in range(0, len(names), 500):
            chunk = names[i : i + 500]
            rows += conn.execute(
                f"SELECT * FROM documents WHERE root = ? AND doc IN ({','.join('?' * len(chunk))})",
                (key, *chunk),
            ).fetchall()
        rows.sort(key=lambda r: r["doc"])
    return [_document(r) for r in rows]


def _document(r: sqlite3.Row) -> Document:
    return Document(
        doc=r["doc"],
        sha256=r["sha256"],
        size=r["size"],
        title=r["title"],
        outlet=r["outlet"],
        author=r["author"],
        date=r["date"],
        body=[Span(start=a, end=b) for a, b in json.loads(r["body"])],
    )


def get_sentences(conn: sqlite3.Connection, root: Path, ids: list[str]) -> dict[str, Sentence]:
    """Sentences by id (missing ids are simply absent)."""
    key = root_key(root)
    out: dict[str, Sentence] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f'SELECT id, doc, start, "end", text FROM sentences WHERE root = ? AND id IN ({marks})',
            (key, *chunk),
        )
        for r in rows:
            out[r["id"]] = Sentence(
                id=r["id"], doc=r["doc"], start=r["start"], end=r["end"], text=r["text"]
            )
    return out


def iter_sentences(conn: sqlite3.Connection, root: Path) -> Iterator[Sentence]:
    """Every stored sentence of this corpus, in document order."""
    rows = conn.execute(
        'SELECT id, doc, start, "end", text FROM sentences WHERE root = ? ORDER BY doc, ord',
        (root_key(root),),
    )
    for r in rows:
        yield Sentence(id=r["id"], doc=r["doc"], start=r["start"], end=r["end"], text=r["text"])


def iter_passages(conn: sqlite3.Connection, root: Path) -> Iterator[Passage]:
    """Every stored passage of this corpus, in document order."""
    rows = conn.execute(
        "SELECT * FROM passages WHERE root = ? ORDER BY doc, ord", (root_key(root),)
    )
    for r in rows:
        yield _passage(r)


def _passage(r: sqlite3.Row) -> Passage:
    return Passage(
        id=r["id"],
        doc=r["doc"],
        start=r["start"],
        end=r["end"],
        text=r["text"],
        tokens=r["tokens"],
        sentence_ids=json.loads(r["sentence_ids"]),
    )


def rank_passages(
    conn: sqlite3.Connection,
    root: Path,
    words: list[str],
    limit: int,
    docs: list[str] | None = None,
) -> list[tuple[Passage, float]]:
    """The best passages for OR-ed words with their BM25 score: postings, else FTS5."""
    key = root_key(root)
    allowed = None if docs is None else passage_rowids(conn, root, docs)
    ranked = index.top(conn, key, words, limit, allowed)
    if ranked is None:
        expr = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        return match_passages(conn, root, expr, limit, docs) if expr else []
    return _by_rowid(conn, key, ranked)


def passage_rowids(conn: sqlite3.Connection, root: Path, docs: list[str]) -> list[int]:
    """Row ids of the passages of these documents (what the postings know them by)."""
    out: list[int] = []
    for i in range(0, len(docs), 500):
        chunk = docs[i : i + 500]
        out += [
            r[0]
            for r in conn.execute(
                f"SELECT rowid FROM passages WHERE root = ? AND doc IN ({','.join('?' * len(chunk))})",
                (root_key(root), *chunk),
            )
        ]
    return out


def _by_rowid(
    conn: sqlite3.Connection, key: str, ranked: list[tuple[int, float]]
) -> list[tuple[Passage, float]]:
    """Passages for (rowid, score) pairs, in that order."""
    rows: dict[int, sqlite3.Row] = {}
    ids = [r for r, _ in ranked]
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        # `+root`: look rows up by rowid; an index on root would scan the whole corpus.
        for r in conn.execute(
            f"SELECT * FROM passages WHERE rowid IN ({','.join('?' * len(chunk))}) AND +root = ?",
            (*chunk, key),
        ):
            rows[r["rowid"]] = r
    return [(_passage(rows[r]), score) for r, score in ranked if r in rows]


def match_passages(
    conn: sqlite3.Connection,
    root: Path,
    fts_query: str,
    limit: int,
    docs: list[str] | None = None,
) -> list[tuple[Passage, float]]:
    """Passages matching an FTS5 query with their BM25 score (higher is better), optionally within docs."""
    where, args = "", []
    if docs is not None:
        where = f" AND p.doc IN ({','.join('?' * len(docs))})"
        args = list(docs)
    try:
        if docs is None:
            top = _match_top(conn, root_key(root), fts_query, limit)
            if top is not None:
                return top
        rows = conn.execute(
            "SELECT p.*, bm25(passages_fts) AS rank FROM passages_fts"
            " JOIN passages p ON p.rowid = passages_fts.rowid"
            f" WHERE passages_fts MATCH ? AND p.root = ?{where} ORDER BY rank LIMIT ?",
            (fts_query, root_key(root), *args, limit),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        raise StoreError(f"search query {fts_query!r} failed ({exc}): simplify the query") from exc
    return [(_passage(r), -float(r["rank"])) for r in rows]


def _match_top(
    conn: sqlite3.Connection, key: str, fts_query: str, limit: int
) -> list[tuple[Passage, float]] | None:
    """The top `limit` matches ranked by FTS5 alone, then joined; None if another corpus crowds them out.

    Joining every match to `passages` to test its root before sorting cost as much as the ranking
    itself (measured: 19 ms of a 19 ms p50 query at 107k passages, 7 ms without the join). The
    best `limit` matches of the whole index, filtered to this corpus, are exactly this corpus's
    best when at least `limit` of them belong to it (always, with one corpus per database);
    otherwise the caller falls back to the joined query.
    """
    ranked = conn.execute(
        "SELECT rowid, bm25(passages_fts) AS score FROM passages_fts"
        " WHERE passages_fts MATCH ? ORDER BY score LIMIT ?",
        (fts_query, limit),
    ).fetchall()
    # Best first, ties by rowid (the order this function always gave). bm25() is negative.
    pairs = sorted(((r[0], -float(r[1])) for r in ranked), key=lambda x: (-x[1], x[0]))
    found = _by_rowid(conn, key, pairs)
    if len(found) < limit and len(ranked) == limit:
        return None  # other corpora's passages took some of the top places: more may rank next
    return found


# --- runs ------------------------------------------------------------------


def record_run(conn: sqlite3.Connection, run: dict[str, Any]) -> None:
    """Insert or update one run row."""
    cols = [
        "id",
        "kind",
        "created_at",
        "status",
        "topic",
        "model",
        "root",
        "out_dir",
        "verified",
        "dropped",
        "cost",
        "documents",
    ]
    values = [run[c] if c != "documents" else json.dumps(run[c], sort_keys=True) for c in cols]
    with transaction(conn):
        conn.execute(
            f"INSERT OR REPLACE INTO runs ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
            values,
        )


def list_runs(conn: sqlite3.Connection, kind: str | None = None) -> list[dict[str, Any]]:
    """Run rows, oldest first."""
    sql = "SELECT * FROM runs"
    args: tuple[Any, ...] = ()
    if kind:
        sql += " WHERE kind = ?"
        args = (kind,)
    rows = conn.execute(sql + " ORDER BY created_at, id", args).fetchall()
    out = []
    for r in rows:
        d = dict(r)
        d["documents"] = json.loads(d["documents"])
        out.append(d)
    return out


# --- model response cache -----------------------------------------------------


def cache_get(conn: sqlite3.Connection, key: str) -> dict[str, Any] | None:
    """A cached model response by request hash."""
    row = conn.execute("SELECT response FROM llm_cache WHERE key = ?", (key,)).fetchone()
    return json.loads(row["response"]) if row else None


def cache_put(conn: sqlite3.Connection, key: str, response: dict[str, Any]) -> None:
    """Remember a model response under its request hash."""
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO llm_cache VALUES (?, ?, ?)",
            (key, json.dumps(response, sort_keys=True), time.time()),
        )


# --- ingest -------------------------------------------------------------------


def sync_corpus(
    conn: sqlite3.Connection,
    root: Path,
    max_tokens: int,
    warn: Callable[[str], None] = lambda _msg: None,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    indexing: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Bring the store in line with the corpus: only files whose sha256 changed are re-read into it.

    `progress` counts files; `indexing` counts passages added to the search postings (a first
    ingest of 100k documents spends minutes there).
    """
    listed = ingest.find_corpus_files(root)
    files = [path for _, path in listed]
    known = document_hashes(conn, root)
    report = IngestReport(root=str(root))
    seen: set[str] = set()
    for i, (rel, path) in enumerate(listed):
        try:
            text, sha, size = ingest.read_text(path)
        except BriefingError as exc:
            report.skipped.append(str(exc))
            warn(str(exc))
            continue
        seen.add(rel)
        if known.get(rel) == sha:
            report.unchanged.append(rel)
        else:
            body = ingest.detect_body(text)
            meta = ingest.extract_metadata(text, body)
            document = Document(doc=rel, sha256=sha, size=size, body=body, **meta)
            sents, passes = passages.chunk_document(document, text, max_tokens)
            replace_document(conn, root, document, sents, passes)
            (report.changed if rel in known else report.added).append(rel)
            report.sentences += len(sents)
            report.passages += len(passes)
        progress(i + 1, len(files))
    report.removed = sorted(set(known) - seen)
    if report.removed:
        remove_documents(conn, root, report.removed)
    if not seen:
        raise_no_files(root, files, report)
    if index.stale(conn, root_key(root)):  # checked first: an unchanged corpus takes no write lock
        with transaction(conn):
            index.refresh(conn, root_key(root), indexing)
    return report


def raise_no_files(root: Path, files: list[Path], report: IngestReport) -> None:
    """No readable file: a usage error naming the directory and what was skipped."""
    if not files:
        raise CorpusError(
            f"corpus directory {root} has no .txt or .md files: add articles to it"
            " or pass another folder (briefing ingest DIR / --corpus DIR)"
        )
    raise CorpusError(
        f"corpus directory {root} has no readable file ({len(report.skipped)} skipped):"
        " convert the files to UTF-8 text"
    )


def passage_sentences(
    conn: sqlite3.Connection, root: Path, passage_ids: list[str]
) -> dict[str, list[Sentence]]:
    """passage id -> its sentences, in order."""
    key = root_key(root)
    wanted: dict[str, list[str]] = {}
    for pid in passage_ids:
        row = conn.execute(
            "SELECT sentence_ids FROM passages WHERE root = ? AND id = ?", (key, pid)
        ).fetchone()
        if row:
            wanted[pid] = json.loads(row["sentence_ids"])
    found = get_sentences(conn, root, [s for ids in wanted.values() for s in ids])
    return {pid: [found[s] for s in ids if s in found] for pid, ids in wanted.items()}


def check(db_path: Path) -> list[str]:
    """Problems with the state database (empty when it is healthy or does not exist yet)."""
    if not db_path.exists():
        return []
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if rows == ["ok"] else rows[:10]
        names = {r[0] for r in conn.execute("SELECT name FROM _migrations")}
        missing = [n for n, _ in MIGRATIONS if n not in names]
        if missing:
            problems.append(f"migrations not applied: {', '.join(missing)}")
        if not missing:
            problems += index.check(conn)
        try:
            conn.execute("INSERT INTO passages_fts(passages_fts) VALUES('integrity-check')")
        except sqlite3.OperationalError as exc:
            # The FTS check writes nothing but needs a writable handle; the problems found
            # above still stand (they used to be dropped along with this error).
            if "readonly" not in str(exc).lower():
                problems.append(str(exc))
        conn.close()
        return problems
    except sqlite3.DatabaseError as exc:
        return [str(exc)]


def set_aside(db_path: Path) -> Path | None:
    """Rename a (possibly corrupt) database and its WAL files out of the way; return the new name."""
    if not db_path.exists():
        return None
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = db_path.with_name(f"{db_path.name}.broken-{stamp}")
    db_path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target
