"""BM25 postings (briefing/store/index.py): the same ranking as FTS5, kept current by every ingest."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import store
from briefing.core.models import PassageTerms
from briefing.corpus import sync
from briefing.retrieval import retrieve
from briefing.store import index, lookup

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

QUERIES = [
    "what the Kremlin wants from Trump",
    "sanctions sanction oil",  # two words, one stem: FTS5 counts it twice
    "Ukraine peace deal 2025",
    "Putin Witkoff meeting Alaska",
    "ceasefire negotiations territory",
    "zzzunknownword",
]


def _store(conn: sqlite3.Connection, root: Path) -> store.Store:
    """A Store over the test's connection, seen from `root`."""
    return store.Store(conn, Path("briefing.db"), root, timeout=30.0)


def fts(
    conn: sqlite3.Connection,
    root: Path,
    words: list[str],
    limit: int,
    docs: list[str] | None = None,
) -> list[tuple[str, float]]:
    """FTS5's own ranking for the same OR query over this corpus alone (what the postings
    replace): its passages, under their rowids, in a fresh FTS5 table of the same tokenizer."""
    key = store.root_key(root)
    rows = conn.execute("SELECT rowid, id, text FROM passages WHERE root = ?", (key,)).fetchall()
    ids = {r[0]: r[1] for r in rows}
    ref = sqlite3.connect(":memory:")
    ref.execute(f"CREATE VIRTUAL TABLE ref USING fts5(text, tokenize='{index.FTS_TOKENIZE}')")
    ref.executemany("INSERT INTO ref (rowid, text) VALUES (?, ?)", [(r[0], r[2]) for r in rows])
    allowed = None if docs is None else set(_store(conn, root).passage_rowids(docs))
    expr = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
    found = [
        (r, -s)
        for r, s in ref.execute("SELECT rowid, bm25(ref) FROM ref WHERE ref MATCH ?", (expr,))
        if allowed is None or r in allowed
    ]
    ref.close()
    found.sort(key=lambda x: (-x[1], x[0]))  # best first, ties by rowid, as the store does
    return [(ids[r], score) for r, score in found[:limit]]


def fts_rowids(conn: sqlite3.Connection) -> set[int]:
    """The passages FTS5 indexes (its docsize table: the index itself, not its content)."""
    return {r[0] for r in conn.execute("SELECT id FROM passages_fts_docsize")}


def assert_fts_consistent(conn: sqlite3.Connection) -> None:
    """FTS5 indexes exactly the passages of corpora without postings, and checks clean."""
    conn.execute("INSERT INTO passages_fts (passages_fts) VALUES ('integrity-check')")
    conn.execute("INSERT INTO passages_fts (passages_fts, rank) VALUES ('integrity-check', 1)")
    want = {
        r[0]
        for r in conn.execute(
            "SELECT rowid FROM passages WHERE root NOT IN (SELECT root FROM bm25_stats)"
        )
    }
    assert fts_rowids(conn) == want


def postings(
    conn: sqlite3.Connection,
    root: Path,
    words: list[str],
    limit: int,
    docs: list[str] | None = None,
) -> list[tuple[str, float]]:
    """The postings' ranking; fails if FTS5 answered instead."""
    key = store.root_key(root)
    assert not index.stale(conn, key)
    allowed = None if docs is None else _store(conn, root).passage_rowids(docs)
    ranked = lookup.top(conn, key, words, limit, allowed)
    assert ranked is not None, "the postings did not answer"
    return [(p.id, s) for p, s in _store(conn, root)._by_rowid(ranked)]


def assert_same_ranking(got: list[tuple[str, float]], want: list[tuple[str, float]]) -> None:
    """Same scores in the same order; the same passages, except which of a tie at the cut."""
    assert len(got) == len(want)
    assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-9, abs=1e-12)
    if not want:
        return
    cut = want[-1][1]
    above = [i for i, s in want if s > cut * (1 + 1e-9)]
    assert {i for i, s in got if s > cut * (1 + 1e-9)} == set(above)


def dump(conn: sqlite3.Connection, root: Path) -> dict[str, list[tuple[int, int, int]]]:
    """term -> sorted (rowid, tf, length) of one corpus, whatever the segments."""
    out: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for term, r, f, n in conn.execute(
        "SELECT term, rowids, tfs, lens FROM bm25_postings WHERE root = ?",
        (store.root_key(root),),
    ):
        rows = zip(
            np.frombuffer(r, index._U32).tolist(),
            np.frombuffer(f, index._U32).tolist(),
            np.frombuffer(n, index._U32).tolist(),
            strict=True,
        )
        out[term] += rows
    return {t: sorted(v) for t, v in out.items()}


def rebuilt(
    conn: sqlite3.Connection, root: Path
) -> tuple[dict[str, list[tuple[int, int, int]]], tuple[int, int]]:
    """Postings and stats from a full build, for comparison with incremental ones."""
    key = store.root_key(root)
    with store.transaction(conn):
        conn.execute("DELETE FROM bm25_stats WHERE root = ?", (key,))
        index._full_build(conn, key, None, None)  # its passages are not in FTS5: no start()
    return dump(conn, root), stats(conn, root)


def stats(conn: sqlite3.Connection, root: Path) -> tuple[int, int]:
    row = conn.execute(
        "SELECT passages, tokens FROM bm25_stats WHERE root = ?", (store.root_key(root),)
    ).fetchone()
    return (row[0], row[1])


@pytest.fixture(autouse=True)
def postings_for_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """These corpora are small: give them postings anyway (production starts at 20,000)."""
    monkeypatch.setattr(index, "MIN_PASSAGES", 0)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    c = store.connect(tmp_path / "state" / "briefing.db")
    yield c
    c.close()


def test_the_tokenizer_is_the_fts_tables() -> None:
    first = store.MIGRATIONS[0][1]
    assert f"tokenize='{index.FTS_TOKENIZE}'" in first


def test_terms_are_fts5s_own(conn: sqlite3.Connection) -> None:
    # Stems, case, diacritics (composed and combining) and `_` splitting all come from FTS5.
    assert index.terms_of(conn, "Sanctions RUNNING café cafe\u0301s foo_bar Кремль") == [
        "sanction",
        "run",
        "cafe",
        "cafe",
        "foo",
        "bar",
        "кремль",
    ]


def test_seeds_rank_exactly_as_fts5(conn: sqlite3.Connection) -> None:
    sync.sync_corpus(_store(conn, SEEDS), 120)
    for q in QUERIES:
        words = retrieve.query_terms(q)
        for limit in (3, 10, 100):
            assert_same_ranking(postings(conn, SEEDS, words, limit), fts(conn, SEEDS, words, limit))
    # a filter to some documents
    docs = ["001_8d5cd8e739546e10.txt", "004_a03813502d365a1c.txt"]
    words = retrieve.query_terms(QUERIES[0])
    got = postings(conn, SEEDS, words, 20, docs)
    assert got and all(i.startswith("p-") for i, _ in got)
    assert_same_ranking(got, fts(conn, SEEDS, words, 20, docs))


VOCABULARY = (
    "kremlin trump putin sanction sanctions sanctioned oil oils pipeline talks talking talked "
    "ceasefire peace deal deals 2025 1_000 foo_bar café cafe\u0301 naïve NAÏVE Кремль Путин "
    "Ünïcode run running runs ran summit Alaska alaskan envoy envoys territory territorial"
)
WORDS = VOCABULARY.split()


@st.composite
def corpora(draw: st.DrawFn) -> list[str]:
    """A few articles of word-salad sentences over a small vocabulary (plenty of shared terms)."""
    docs = []
    for _ in range(draw(st.integers(1, 4))):
        paras = []
        for _ in range(draw(st.integers(1, 4))):
            sents = []
            for _ in range(draw(st.integers(1, 5))):
                words = draw(st.lists(st.sampled_from(WORDS), min_size=6, max_size=18))
                sents.append(" ".join(words).capitalize() + ".")
            paras.append(" ".join(sents))
        docs.append("\n\n".join(paras) + "\n")
    return docs


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    docs=corpora(),
    queries=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), max_size=4),
)
def test_any_corpus_ranks_exactly_as_fts5(docs: list[str], queries: list[list[str]]) -> None:
    tmp = Path(tempfile.mkdtemp())
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        for i, text in enumerate(docs):
            (corpus / f"{i:03}.txt").write_text(text, encoding="utf-8")
        c = store.connect(tmp / "b.db")
        report = sync.sync_corpus(_store(c, corpus), 40)
        n = c.execute("SELECT count(*) FROM passages").fetchone()[0]
        assert stats(c, corpus)[0] == n == report.passages
        for q in queries:
            words = retrieve.query_terms(" ".join(q))
            if not words:
                continue
            # "1_000" is the phrase "1 000" to FTS5: the postings answer it as one too
            assert_same_ranking(postings(c, corpus, words, 5), fts(c, corpus, words, 5))
        assert_fts_consistent(c)
        c.close()
    finally:
        shutil.rmtree(tmp)


def test_incremental_postings_equal_a_full_build(
    conn: sqlite3.Connection, seeds_copy: Path
) -> None:
    sync.sync_corpus(_store(conn, seeds_copy), 120)
    first = sorted(seeds_copy.glob("*.txt"))
    # change one article, delete one, add one: all three kinds of log entry
    first[0].write_text(first[0].read_text() + "\nA new paragraph about sanctions on oil.\n")
    first[1].unlink()
    (seeds_copy / "zz_new.txt").write_text(first[2].read_text().replace("Kremlin", "Moscow"))
    sync.sync_corpus(_store(conn, seeds_copy), 120)
    assert not index.stale(conn, store.root_key(seeds_copy))
    incremental, incremental_stats = dump(conn, seeds_copy), stats(conn, seeds_copy)
    assert incremental_stats[0] == conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    full, full_stats = rebuilt(conn, seeds_copy)
    assert incremental == full
    assert incremental_stats == full_stats
    words = retrieve.query_terms("Moscow sanctions oil Kremlin")
    assert_same_ranking(postings(conn, seeds_copy, words, 10), fts(conn, seeds_copy, words, 10))


def test_small_segments_merge_and_stay_exact(
    conn: sqlite3.Connection, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "MAX_SEGMENTS", 2)
    sync.sync_corpus(_store(conn, seeds_copy), 120)
    base = (SEEDS / "000_e7022d255b5320db.txt").read_text()
    for day in range(5):  # one small segment per "morning"
        (seeds_copy / f"day{day}.txt").write_text(base + f"\nDay {day}: new talks on sanctions.\n")
        sync.sync_corpus(_store(conn, seeds_copy), 120)
    segments = conn.execute("SELECT count(*) FROM bm25_segments").fetchone()[0]
    assert segments <= 3
    words = retrieve.query_terms("day talks sanctions Kremlin")
    assert_same_ranking(postings(conn, seeds_copy, words, 15), fts(conn, seeds_copy, words, 15))
    incremental = dump(conn, seeds_copy)
    assert incremental == rebuilt(conn, seeds_copy)[0]


def test_the_postings_answer_while_they_are_behind(
    conn: sqlite3.Connection, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sync.sync_corpus(_store(conn, seeds_copy), 120)
    key = store.root_key(seeds_copy)
    (seeds_copy / "zz_new.txt").write_text(
        "Zebracorn talks.\n\nThe zebracorn envoy met the Kremlin about zebracorn sanctions today.\n"
    )

    def interrupted(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt

    # Ctrl-C while the postings are being updated: documents are in, postings roll back.
    monkeypatch.setattr(index, "_add", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sync.sync_corpus(_store(conn, seeds_copy), 120)
    assert index.stale(conn, key)
    hits = retrieve.search(_store(conn, seeds_copy), "zebracorn", k=3)
    assert [h.doc for h in hits] == ["zz_new.txt"]  # scored from the logged text
    for words in (["zebracorn", "kremlin"], ["sanctions", "envoy"]):
        got = [(i, s) for i, s in _ranked_anyway(conn, seeds_copy, words, 10)]
        assert_same_ranking(got, fts(conn, seeds_copy, words, 10))
    assert fts_rowids(conn) == set()  # nothing went to FTS5 meanwhile
    db = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    (problem,) = store.check(db)  # doctor says so, and what to run
    assert "passage changes behind" in problem and f"briefing ingest {key}" in problem
    monkeypatch.undo()
    sync.sync_corpus(_store(conn, seeds_copy), 120)  # the log is still there: it catches up
    assert not index.stale(conn, key)
    assert store.check(db) == []
    assert [i for i, _ in postings(conn, seeds_copy, ["zebracorn"], 5)] == [hits[0].id]


def _ranked_anyway(
    conn: sqlite3.Connection, root: Path, words: list[str], limit: int
) -> list[tuple[str, float]]:
    """The postings' ranking, stale or not."""
    ranked = lookup.top(conn, store.root_key(root), words, limit)
    assert ranked is not None
    return [(p.id, s) for p, s in _store(conn, root)._by_rowid(ranked)]


def test_a_database_from_before_the_postings_gets_them_on_next_ingest(
    conn: sqlite3.Connection,
) -> None:
    sync.sync_corpus(_store(conn, SEEDS), 120)
    key = store.root_key(SEEDS)
    with store.transaction(conn):  # what migrations 004 and 005 leave for an existing corpus
        for table in ("bm25_stats", "bm25_segments", "bm25_postings", "bm25_log"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')")
    assert_fts_consistent(conn)
    assert index.stale(conn, key)
    assert lookup.top(conn, key, ["kremlin"], 5) is None
    assert retrieve.search(_store(conn, SEEDS), "Kremlin", k=3)  # FTS5 answers meanwhile
    sync.sync_corpus(_store(conn, SEEDS), 120)
    assert not index.stale(conn, key) and lookup.top(conn, key, ["kremlin"], 5)
    assert_fts_consistent(conn)  # its passages left FTS5, with the text they were indexed with


def test_each_corpus_has_its_own_postings(conn: sqlite3.Connection, seeds_copy: Path) -> None:
    other = seeds_copy.parent / "other"
    other.mkdir()
    (other / "a.txt").write_text(
        "Kremlin notes.\n\nThe Kremlin said nothing about the Kremlin budget this week.\n"
    )
    sync.sync_corpus(_store(conn, seeds_copy), 120)
    sync.sync_corpus(_store(conn, other), 120)
    mine = postings(conn, other, ["kremlin"], 10)
    assert (
        len(mine) == 1
        and mine[0][0]
        == conn.execute(
            "SELECT id FROM passages WHERE root = ?", (store.root_key(other),)
        ).fetchone()[0]
    )
    theirs = postings(conn, seeds_copy, ["kremlin"], 100)
    assert mine[0][0] not in {i for i, _ in theirs}
    assert stats(conn, other)[0] == 1


def test_a_small_corpus_is_searched_by_fts5_until_it_grows(
    conn: sqlite3.Connection, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "MIN_PASSAGES", 43)  # the seeds have 42 passages
    key = store.root_key(seeds_copy)
    assert sync.sync_corpus(_store(conn, seeds_copy), 120).passages == 42
    assert conn.execute("SELECT count(*) FROM bm25_stats").fetchone()[0] == 0
    assert not index.stale(conn, key) and lookup.top(conn, key, ["kremlin"], 5) is None
    assert retrieve.search(_store(conn, seeds_copy), "Kremlin", k=3)
    name = sorted(SEEDS.glob("*.txt"))[0]  # one more article: past the threshold
    (seeds_copy / f"copy_{name.name}").write_text(name.read_text() + "\nOne more line.\n")
    assert fts_rowids(conn)  # FTS5 holds the small corpus
    sync.sync_corpus(_store(conn, seeds_copy), 120)
    assert stats(conn, seeds_copy)[0] > 43
    words = retrieve.query_terms("Kremlin sanctions")
    assert_same_ranking(postings(conn, seeds_copy, words, 10), fts(conn, seeds_copy, words, 10))
    assert_fts_consistent(conn)
    assert fts_rowids(conn) == set()  # ... and no longer


def test_a_corpus_ranks_the_same_whatever_else_shares_the_database(
    tmp_path: Path, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FTS5's bm25() counts every corpus in its table; a small corpus beside another is
    searched by its own postings, so its ranking is the one it has alone."""
    monkeypatch.setattr(index, "MIN_PASSAGES", 20_000)  # production's threshold
    alone = store.connect(tmp_path / "alone.db")
    shared = store.connect(tmp_path / "shared.db")
    other = tmp_path / "other"
    other.mkdir()
    for i in range(3):  # an unrelated corpus that uses the query's words often
        (other / f"o{i}.txt").write_text(
            f"Note {i}.\n\n" + "Sanctions and the Kremlin budget, again and again. " * 20 + "\n"
        )
    sync.sync_corpus(_store(alone, seeds_copy), 120)
    sync.sync_corpus(_store(shared, other), 120)
    sync.sync_corpus(_store(shared, seeds_copy), 120)
    assert not index.stale(alone, store.root_key(seeds_copy))  # alone: FTS5 answers
    assert stats(shared, seeds_copy)[0] == 42  # beside another corpus: its own postings
    for query in QUERIES[:3]:
        mine = retrieve.search(_store(shared, seeds_copy), query, k=10)
        want = retrieve.search(_store(alone, seeds_copy), query, k=10)
        assert [(h.id, round(h.score, 6)) for h in mine] == [
            (h.id, round(h.score, 6)) for h in want
        ], query
    alone.close()
    shared.close()


def test_generating_on_a_small_corpus_never_imports_numpy(tmp_path: Path) -> None:
    """numpy's import costs more than ingesting the seeds: only large corpora pay it."""
    code = (
        "import sys; from pathlib import Path; from briefing import store;"
        "from briefing.retrieval import retrieve; from briefing.corpus import sync;"
        f"c = store.Store.open(Path({str(tmp_path / 'b.db')!r}), Path({str(SEEDS)!r}));"
        "sync.sync_corpus(c, 120);"
        "assert retrieve.search(c, 'Kremlin Trump', k=5);"
        "print('numpy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "False"


def test_building_the_postings_reports_progress(conn: sqlite3.Connection) -> None:
    calls: list[tuple[int, int]] = []
    report = sync.sync_corpus(_store(conn, SEEDS), 120, indexing=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1] == (report.passages, report.passages)
    assert all(d <= t for d, t in calls)
    calls.clear()
    sync.sync_corpus(_store(conn, SEEDS), 120, indexing=lambda d, t: calls.append((d, t)))
    assert calls == []  # nothing changed: nothing to build


def test_a_large_ingest_never_feeds_fts5(
    conn: sqlite3.Connection, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its postings exist before its first passage is written, so FTS5 never sees them."""
    monkeypatch.setattr(index, "MIN_PASSAGES", 20)  # the seeds' 34 KB guess 33 passages
    monkeypatch.setattr(sync, "BATCH_FILES", 1)
    st = _store(conn, seeds_copy)
    key = store.root_key(seeds_copy)
    real = st.replace_documents
    batches: list[bool] = []

    def spy(batch: list) -> list:  # type: ignore[type-arg]
        batches.append(index.has_postings(conn, key) and fts_rowids(conn) == set())
        return real(batch)

    monkeypatch.setattr(st, "replace_documents", spy)
    sync.sync_corpus(st, 120)
    assert batches and all(batches)
    assert_fts_consistent(conn)
    assert fts_rowids(conn) == set()
    words = retrieve.query_terms("Kremlin sanctions oil")
    assert_same_ranking(postings(conn, seeds_copy, words, 10), fts(conn, seeds_copy, words, 10))


def test_a_search_during_an_ingest_sees_every_committed_passage(
    tmp_path: Path, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another connection searching between two batches ranks what is committed, as FTS5
    would: passages in the postings and passages only in the log alike, phrases too."""
    monkeypatch.setattr(sync, "BATCH_FILES", 1)
    monkeypatch.setattr(index, "SEGMENT_PASSAGES", 10)  # postings built mid-ingest, twice
    (seeds_copy / "zz_phrase.txt").write_text(
        "Foo bar notes.\n\nThe foo bar talks and foo_bar sanctions went on, foo bar again.\n"
    )
    db = tmp_path / "state" / "briefing.db"
    writer, reader = store.connect(db), store.connect(db)
    st = _store(writer, seeds_copy)
    real = st.replace_documents
    seen: list[tuple[int, int]] = []

    def batch_then_search(batch: list) -> list:  # type: ignore[type-arg]
        out = real(batch)
        logged = reader.execute("SELECT count(*) FROM bm25_log").fetchone()[0]
        stored = reader.execute("SELECT count(*) FROM passages").fetchone()[0]
        seen.append((logged, stored))
        for q in ("Kremlin sanctions oil", "foo_bar talks", "Trump Putin summit"):
            words = retrieve.query_terms(q)
            assert_same_ranking(
                _ranked_anyway(reader, seeds_copy, words, 10), fts(reader, seeds_copy, words, 10)
            )
        return out

    monkeypatch.setattr(st, "replace_documents", batch_then_search)
    sync.sync_corpus(st, 120)
    # Searches read a log both long and just emptied by a build in a batch's transaction;
    # it never held more than SEGMENT_PASSAGES and one batch.
    stored = [0] + [n for _, n in seen]
    largest_batch = max(b - a for a, b in itertools.pairwise(stored))
    assert any(logged for logged, _ in seen) and any(not logged for logged, _ in seen)
    assert max(logged for logged, _ in seen) < 10 + largest_batch
    assert not index.stale(reader, store.root_key(seeds_copy))
    assert_fts_consistent(reader)
    writer.close()
    reader.close()


def test_migration_005_takes_postings_corpora_out_of_fts5(
    tmp_path: Path, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database from before it: FTS5 indexed every passage, postings or not."""
    from briefing.store import connection

    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_text("Kremlin notes.\n\nThe Kremlin said little about oil today.\n")
    db = tmp_path / "old" / "briefing.db"
    with monkeypatch.context() as old:
        old.setattr(connection, "MIGRATIONS", store.MIGRATIONS[:4])
        old.setattr(index, "MIN_PASSAGES", 20_000)
        # What the code of migration 004 did: postings, and the passages left in FTS5.
        old.setattr(index, "start", lambda c, k, *a: index._full_build(c, k, None, None))
        c = store.connect(db)
        sync.sync_corpus(_store(c, small), 120)  # alone: FTS5 only
        sync.sync_corpus(_store(c, seeds_copy), 120)  # beside it: postings too
        assert not index.has_postings(c, store.root_key(small))
        assert index.has_postings(c, store.root_key(seeds_copy))
        indexed = fts_rowids(c)
        assert len(indexed) == c.execute("SELECT count(*) FROM passages").fetchone()[0]
        c.close()
    c = store.connect(db)  # applies 005
    assert_fts_consistent(c)
    small_rowids = {
        r[0]
        for r in c.execute("SELECT rowid FROM passages WHERE root = ?", (store.root_key(small),))
    }
    assert fts_rowids(c) == small_rowids
    monkeypatch.setattr(index, "MIN_PASSAGES", 10**9)
    hits = retrieve.search(_store(c, small), "Kremlin oil", k=3)
    assert [h.doc for h in hits] == ["a.txt"]  # FTS5 still answers the small corpus
    words = retrieve.query_terms("Kremlin sanctions oil")
    assert_same_ranking(postings(c, seeds_copy, words, 10), fts(c, seeds_copy, words, 10))
    assert store.check(db) == []
    c.close()


@pytest.mark.parametrize(
    "texts",
    [
        ["plain words only, plain words"],  # every word one term: the fast path
        ["Sanctions RUNNING café cafe\u0301s foo_bar Кремль foo_bar", "", "\u0301 1_000 x"],
        [],
    ],
)
def test_workers_count_the_terms_fts5_indexes(conn: sqlite3.Connection, texts: list[str]) -> None:
    from briefing.store import terms

    counts, lengths = index._count_terms(conn, texts)
    assert counted(terms.passage_terms(texts)) == list(zip(counts, lengths, strict=True))


def counted(pt: PassageTerms) -> list[tuple[dict[str, int], int]]:
    """Per passage, term -> frequency and its length, checking the vocabulary is its own."""
    tids = np.frombuffer(pt.terms, index._U32).tolist()
    tfs = np.frombuffer(pt.tfs, index._U32).tolist()
    got, at = [], 0
    for n, length in zip(pt.pairs, pt.lengths, strict=True):
        pairs = zip(tids[at : at + n], tfs[at : at + n], strict=True)
        got.append(({pt.vocab[t]: f for t, f in pairs}, length))
        at += n
    assert at == len(tids) == len(tfs)
    assert sorted(pt.vocab) == sorted({t for c, _ in got for t in c})
    return got


def test_documents_counted_together_get_the_terms_each_gets_alone(
    conn: sqlite3.Connection,
) -> None:
    from briefing.store import terms

    docs = [
        ["plain words only, plain words", "Plain WORDS again"],
        [],
        ["Sanctions RUNNING café cafe\u0301s foo_bar Кремль", "", "\u0301 1_000 x"],
        ["", "straße İstanbul ﬁsh – “quoted” words"],
        ["plain words, once more: running"],
    ]
    together = terms.documents_terms(docs)
    assert len(together) == len(docs)
    for texts, pt in zip(docs, together, strict=True):
        counts, lengths = index._count_terms(conn, texts)
        assert counted(pt) == list(zip(counts, lengths, strict=True))
