"""The SQLite schema, as append-only migrations."""

from __future__ import annotations

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
    (
        # FTS5 indexes only the passages of corpora without postings (small ones, alone in
        # their database): a postings corpus never needed it but as a fallback, and feeding it
        # was a quarter of a first ingest's CPU (BENCHMARKS.md, issue 30). Its content is a view
        # of exactly those passages, so the index matches its content table (FTS5's
        # integrity-check against content passes); `index.start` takes a corpus's passages
        # out of FTS5 before giving it postings. The rebuild re-indexes the small corpora only.
        "005_fts5_without_postings_corpora",
        """
        DROP TRIGGER passages_ai;
        DROP TRIGGER passages_ad;
        DROP TABLE passages_fts;
        CREATE VIEW passages_fts_rows AS
            SELECT p.rowid AS rowid, p.text AS text FROM passages p
            WHERE NOT EXISTS (SELECT 1 FROM bm25_stats s WHERE s.root = p.root);
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            text, content='passages_fts_rows', content_rowid='rowid',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        INSERT INTO passages_fts (passages_fts) VALUES ('rebuild');
        CREATE TRIGGER passages_ai AFTER INSERT ON passages
        WHEN NOT EXISTS (SELECT 1 FROM bm25_stats WHERE root = new.root) BEGIN
            INSERT INTO passages_fts (rowid, text) VALUES (new.rowid, new.text);
        END;
        CREATE TRIGGER passages_ad AFTER DELETE ON passages
        WHEN NOT EXISTS (SELECT 1 FROM bm25_stats WHERE root = old.root) BEGIN
            INSERT INTO passages_fts (passages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        END;
        """,
    ),
]
