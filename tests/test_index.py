"""BM25 postings (briefing/store/index.py): the same ranking as FTS5, kept current by every ingest."""

from __future__ import annotations

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
from briefing.corpus import sync
from briefing.retrieval import retrieve
from briefing.store import index

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
    """FTS5's own ranking for the same OR query (the path the postings replace)."""
    expr = " OR ".join(f'"{w}"' for w in words)
    return [(p.id, s) for p, s in _store(conn, root).match(expr, limit, docs)]


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
    ranked = index.top(conn, key, words, limit, allowed)
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
        index.refresh(conn, key)
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
            if any(len(index.terms_of(c, w)) != 1 for w in words):
                # "1_000" is the phrase "1 000" to FTS5: it answers such queries itself
                assert index.top(c, store.root_key(corpus), words, 5) is None
                continue
            assert_same_ranking(postings(c, corpus, words, 5), fts(c, corpus, words, 5))
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


def test_fts5_answers_while_postings_are_behind(
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
    assert index.top(conn, key, ["zebracorn"], 5) is None
    hits = retrieve.search(_store(conn, seeds_copy), "zebracorn", k=3)
    assert [h.doc for h in hits] == ["zz_new.txt"]  # FTS5 is current
    db = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    (problem,) = store.check(db)  # doctor says so, and what to run
    assert "passage changes behind" in problem and f"briefing ingest {key}" in problem
    monkeypatch.undo()
    sync.sync_corpus(_store(conn, seeds_copy), 120)  # the log is still there: it catches up
    assert not index.stale(conn, key)
    assert store.check(db) == []
    assert [i for i, _ in postings(conn, seeds_copy, ["zebracorn"], 5)] == [hits[0].id]


def test_a_database_from_before_the_postings_gets_them_on_next_ingest(
    conn: sqlite3.Connection,
) -> None:
    sync.sync_corpus(_store(conn, SEEDS), 120)
    key = store.root_key(SEEDS)
    with store.transaction(conn):  # what migration 004 leaves for an existing corpus
        for table in ("bm25_stats", "bm25_segments", "bm25_postings", "bm25_log"):
            conn.execute(f"DELETE FROM {table}")
    assert index.stale(conn, key)
    assert index.top(conn, key, ["kremlin"], 5) is None
    assert retrieve.search(_store(conn, SEEDS), "Kremlin", k=3)  # FTS5 answers meanwhile
    sync.sync_corpus(_store(conn, SEEDS), 120)
    assert not index.stale(conn, key) and index.top(conn, key, ["kremlin"], 5)


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
    assert not index.stale(conn, key) and index.top(conn, key, ["kremlin"], 5) is None
    assert retrieve.search(_store(conn, seeds_copy), "Kremlin", k=3)
    name = sorted(SEEDS.glob("*.txt"))[0]  # one more article: past the threshold
    (seeds_copy / f"copy_{name.name}").write_text(name.read_text() + "\nOne more line.\n")
    sync.sync_corpus(_store(conn, seeds_copy), 120)
    assert stats(conn, seeds_copy)[0] > 43
    words = retrieve.query_terms("Kremlin sanctions")
    assert_same_ranking(postings(conn, seeds_copy, words, 10), fts(conn, seeds_copy, words, 10))


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
