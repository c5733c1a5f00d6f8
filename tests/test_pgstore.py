"""The team archive on a real PostgreSQL server (tests/pgserver.py): the same ranking as SQLite,
migrations under an advisory lock, masked passwords, `store copy`, doctor's one-line errors,
and a server that goes away mid-run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from typer.testing import CliRunner

from briefing import store
from briefing.cli import app
from briefing.core import dburl
from briefing.core.config import load_settings
from briefing.core.errors import LockedError, StoreError
from briefing.corpus import sync
from briefing.retrieval import retrieve
from briefing.store import pg_connection, pg_schema, pgindex
from briefing.store import postgres as pgstore
from tests.conftest import ROOT, SEEDS
from tests.pgserver import PASSWORD, PgServer, running_server

runner = CliRunner()
CORPUS2 = ROOT / "tests" / "fixtures" / "corpus2"

QUERIES = [
    "what the Kremlin wants from Trump",
    "sanctions sanction oil",  # two words, one stem: counted twice on both backends
    "Ukraine peace deal 2025",
    "Putin Witkoff meeting Alaska",
    "ceasefire negotiations territory",
    "Beijing tariffs trade war",
    "Trump",  # in many passages: the idf is small, ties are many
    "the",  # a stop word: no query at all
    "foo_bar Kremlin",  # FTS5 searches foo_bar as the phrase "foo bar"
    "zzzunknownword",
]


@pytest.fixture
def archive(pg_url: str) -> Iterator[Any]:
    """A function opening a PostgresStore on a fresh database for a corpus folder."""
    opened: list[pgstore.PostgresStore] = []

    def open_(root: Path) -> pgstore.PostgresStore:
        st = pgstore.PostgresStore.open(pg_url, root)
        opened.append(st)
        return st

    yield open_
    for st in opened:
        st.close()


def two_corpora(tmp_path: Path) -> Path:
    """The seeds and the trade corpus in one folder, with a phrase for `foo_bar` to find."""
    corpus = tmp_path / "mixed"
    shutil.copytree(SEEDS, corpus)
    for f in CORPUS2.iterdir():
        shutil.copy(f, corpus / f"trade_{f.name}")
    (corpus / "zz_phrase.txt").write_text(
        "Foo bar notes.\n\nThe foo bar committee met the Kremlin; foo and bar disagreed. Foo bar"
        " again, said the Kremlin.\n",
        encoding="utf-8",
    )
    return corpus


def ranking(st: Any, query: str, limit: int = 10, docs: list[str] | None = None) -> list[Any]:
    return [(p.id, s) for p, s in st.rank(retrieve.query_terms(query), limit, docs)]


def assert_same(got: list[Any], want: list[Any]) -> None:
    """Identical ids in the same order, scores within 1e-9."""
    assert [i for i, _ in got] == [i for i, _ in want]
    assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-9, abs=1e-12)


def test_same_top10_as_sqlite(archive: Any, tmp_path: Path) -> None:
    corpus = two_corpora(tmp_path)
    lite = store.Store.open(tmp_path / "b.db", corpus)
    pg = archive(corpus)
    assert sync.sync_corpus(lite, 120).passages == sync.sync_corpus(pg, 120).passages
    nonempty = 0
    for q in QUERIES:
        want = ranking(lite, q)
        assert_same(ranking(pg, q), want)
        nonempty += bool(want)
    assert nonempty >= 7
    assert ranking(pg, "foo_bar")[0][0] == ranking(lite, "foo_bar")[0][0]
    docs = ["001_8d5cd8e739546e10.txt", "004_a03813502d365a1c.txt"]
    assert_same(ranking(pg, QUERIES[0], 20, docs), ranking(lite, QUERIES[0], 20, docs))
    # And as users get them: the same hits from `retrieve.search`, which diversifies.
    for q in QUERIES[:5]:
        assert [(h.id, round(h.score, 9)) for h in retrieve.search(pg, q, k=10)] == [
            (h.id, round(h.score, 9)) for h in retrieve.search(lite, q, k=10)
        ]


def test_same_ranking_after_changes_merges_and_tombstones(
    archive: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pgindex, "FANOUT", 2)  # merge at every second segment of a size
    corpus = two_corpora(tmp_path)
    lite = store.Store.open(tmp_path / "b.db", corpus)
    pg = archive(corpus)
    for st in (lite, pg):
        sync.sync_corpus(st, 120)
    files = sorted(corpus.glob("*.txt"))
    files[0].write_text(files[0].read_text() + "\nA new paragraph about sanctions on oil.\n")
    files[1].unlink()
    (corpus / "zz_new.txt").write_text(files[2].read_text().replace("Kremlin", "Moscow"))
    for day in range(4):
        (corpus / f"day{day}.txt").write_text(f"Day {day}.\n\nNew talks on sanctions, day {day}.\n")
        for st in (lite, pg):
            sync.sync_corpus(st, 120)
    with psycopg.connect(pg.url) as conn:
        segments = conn.execute("SELECT count(*) FROM bm25_segments").fetchone()
        live = conn.execute("SELECT passages FROM corpora").fetchone()
        actual = conn.execute("SELECT count(*) FROM passages").fetchone()
    assert segments is not None and segments[0] <= 2 * 8  # merged, not one per document
    assert live is not None and actual is not None and live[0] == actual[0]
    for q in [*QUERIES, "Moscow sanctions oil", "day talks sanctions"]:
        assert_same(ranking(pg, q), ranking(lite, q))


def test_each_corpus_keeps_its_own_rows_and_statistics(archive: Any, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("Kremlin notes.\n\nThe Kremlin said nothing about the budget.\n")
    alone = store.Store.open(tmp_path / "alone.db", seeds)
    sync.sync_corpus(alone, 120)
    sync.sync_corpus(archive(other), 120)
    pg = archive(seeds)
    sync.sync_corpus(pg, 120)
    assert_same(ranking(pg, QUERIES[0]), ranking(alone, QUERIES[0]))
    assert [p.doc for p, _ in archive(other).rank(["kremlin"], 10)] == ["a.txt"]
    assert set(pg.corpora()) == {seeds.resolve(), other.resolve()}


@settings(max_examples=300, deadline=None)
@given(
    columns=hs.lists(
        hs.dictionaries(hs.integers(1000, 1040), hs.sampled_from([1e-6, 0.5, 1.0, 1.25, 2.0])),
        min_size=1,
        max_size=4,
    ),
    limit=hs.integers(1, 12),
    allowed=hs.none() | hs.sets(hs.integers(990, 1050), max_size=30),
)
def test_best_is_the_summed_scores_in_order_ties_by_rowid(
    columns: list[dict[int, float]], limit: int, allowed: set[int] | None
) -> None:
    """Whatever the floor leaves out could never be in the answer: many ties, few passages."""
    hits = [(np.array(list(c), dtype=np.int64), np.array(list(c.values()))) for c in columns if c]
    total: dict[int, float] = {}
    for c in columns:
        for rowid, score in c.items():
            total[rowid] = total.get(rowid, 0.0) + score
    if allowed is not None:
        total = {r: s for r, s in total.items() if r in allowed}
    want = sorted(total.items(), key=lambda rs: (-rs[1], rs[0]))[:limit]
    assert pgindex.best(hits, limit, None if allowed is None else sorted(allowed)) == want


def test_two_machines_same_path_never_collide(pg_url: str, seeds_copy: Path) -> None:
    a = pgstore.PostgresStore.open(pg_url, seeds_copy, machine="laptop-a")
    b = pgstore.PostgresStore.open(pg_url, seeds_copy, machine="laptop-b")
    try:
        sync.sync_corpus(a, 120)
        assert b.document_hashes() == {}  # the same path on another machine: another folder
        assert a.key == f"laptop-a:{seeds_copy.resolve()}" and b.corpora() == []
    finally:
        a.close()
        b.close()


def test_password_is_masked_everywhere(pg_server: PgServer, pg_url: str) -> None:
    assert dburl.mask(pg_url) == pg_url.replace(PASSWORD, "***")
    assert PASSWORD not in dburl.mask("postgresql://u@h/db?password=" + PASSWORD)
    settings, _ = load_settings({"database_url": pg_url}, env={})
    assert PASSWORD not in json.dumps(settings.public_dict())
    doctor = runner.invoke(app, ["doctor", "--json", "--database-url", pg_url])
    assert PASSWORD not in doctor.output and "***" in doctor.stdout
    # A wrong password, echoed nowhere: not in the error line, nor with --debug's traceback.
    wrong = pg_server.url(pg_url.rsplit("/", 1)[1], password="not-the-" + PASSWORD)
    for args in (["runs"], ["--debug", "runs"], ["search", "Kremlin"]):
        result = runner.invoke(app, args, env={"BRIEFING_DATABASE_URL": wrong})
        assert result.exit_code == 2
        assert "not-the-" not in result.output and PASSWORD not in result.output
        assert "refused the password" in result.output


def test_migrations_are_applied_once_by_four_processes_at_once(pg_url: str) -> None:
    code = (
        "import sys; from pathlib import Path; from briefing.store import postgres as pgstore;"
        "pgstore.PostgresStore.open(sys.argv[1], Path('.')).close()"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, pg_url], cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    with psycopg.connect(pg_url) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM briefing_migrations ORDER BY name")]
        assert pg_connection.migrate(conn) == []
    assert names == [name for name, _ in pg_schema.MIGRATIONS]


def test_a_schema_from_a_newer_briefing_is_refused(pg_url: str) -> None:
    pgstore.PostgresStore.open(pg_url, Path(".")).close()
    with psycopg.connect(pg_url) as conn:
        conn.execute("INSERT INTO briefing_migrations VALUES ('999_future', 0)")
    with pytest.raises(StoreError, match=r"newer than this briefing.*upgrade briefing"):
        pgstore.PostgresStore.open(pg_url, Path("."))


def one_error(result: Any, code: int) -> str:
    assert result.exit_code == code, result.output
    lines = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output and "unexpected" not in lines[0]
    return lines[0]


def test_doctor_reports_the_server(pg_url: str, seeds_copy: Path) -> None:
    assert runner.invoke(app, ["ingest", str(seeds_copy), "--database-url", pg_url]).exit_code == 0
    result = runner.invoke(app, ["doctor", "--json", "--database-url", pg_url])
    archive = json.loads(result.stdout)["state"]["archive"]
    assert archive["reachable"] and archive["version"].startswith(("13", "14", "15", "16", "17"))
    assert archive["schema"] == [n for n, _ in pg_schema.MIGRATIONS]
    assert archive["counts"]["documents"] == 5 and archive["counts"]["passages"] == 42
    text = runner.invoke(app, ["doctor", "--database-url", pg_url])
    assert "PostgreSQL" in text.stdout and "5 documents, 42 passages" in text.stdout


def test_doctor_finds_counts_that_disagree_with_the_rows(pg_url: str, seeds_copy: Path) -> None:
    assert runner.invoke(app, ["ingest", str(seeds_copy), "--database-url", pg_url]).exit_code == 0
    healthy = json.loads(runner.invoke(app, ["doctor", "--json", "--database-url", pg_url]).stdout)
    assert healthy["state"]["archive"]["problems"] == []
    assert healthy["state"]["database_problems"] == []
    with psycopg.connect(pg_url) as conn:
        conn.execute("UPDATE corpora SET passages = passages + 1")
    result = runner.invoke(app, ["doctor", "--json", "--database-url", pg_url])
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["state"]["database_problems"]
    assert "43 passages" in problem and "its rows 5, 42" in problem
    with psycopg.connect(pg_url) as conn:
        conn.execute("UPDATE corpora SET passages = passages - 1")
        conn.execute(
            "DELETE FROM bm25_segments WHERE segment = (SELECT min(segment) FROM bm25_segments)"
        )
    (problem,) = json.loads(
        runner.invoke(app, ["doctor", "--json", "--database-url", pg_url]).stdout
    )["state"]["database_problems"]
    assert "search postings" in problem and "the archive 42" in problem


@pytest.mark.parametrize("fault", ["wrong password", "missing database", "unreachable"])
def test_doctor_says_what_is_wrong_with_the_server_in_one_line(
    pg_server: PgServer, fault: str
) -> None:
    url, expected = {
        "wrong password": (pg_server.url(password="wrong"), "refused the password"),
        "missing database": (pg_server.url("no_such_db"), "does not exist"),
        "unreachable": (
            f"postgresql://{pgserver_user()}@127.0.0.1:{free_port()}/x",
            "cannot reach the PostgreSQL server",
        ),
    }[fault]
    result = runner.invoke(app, ["doctor", "--database-url", url])
    line = one_error(result, 1)
    assert expected in line and "BRIEFING_DATABASE_URL" in line
    assert "password" not in url or "wrong" not in line
    for args in (["runs"], ["ingest", str(SEEDS)]):
        assert expected in one_error(runner.invoke(app, [*args, "--database-url", url]), 2)


def pgserver_user() -> str:
    from tests.pgserver import ADMIN

    return ADMIN


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_server_too_old_is_refused(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg_connection, "MIN_SERVER", 990000)  # no real server is that new
    with pytest.raises(StoreError, match=r"too old for briefing \(it needs 99\.0 or newer\)"):
        pgstore.PostgresStore.open(pg_url, Path("."))


def test_store_copy_round_trip(pg_url: str, seeds_copy: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["ingest", str(seeds_copy)]).exit_code == 0
    db = Path(os.environ["BRIEFING_HOME"]) / "briefing.db"
    lite = store.Store.open(db, seeds_copy)
    run = {
        "id": "run-1", "kind": "generate", "created_at": "2025-03-12T07:00:00Z", "status": "ok",
        "topic": "t", "model": "m", "out_dir": "/tmp/x", "verified": 3, "dropped": 1,
        "cost": 0.5, "documents": {"a.txt": "0" * 64},
    }  # fmt: skip
    lite.record_run(run)
    lite.replies.put("req-hash", {"choices": [1, 2]})
    result = runner.invoke(app, ["store", "copy", f"sqlite://{db}", pg_url, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert PASSWORD not in result.output
    assert report["corpora"][0]["documents"] == 5 and report["corpora"][0]["passages"] == 42
    assert (report["runs"], report["replies"]) == (1, 1)
    pg = pgstore.PostgresStore.open(pg_url, seeds_copy)
    try:
        for q in QUERIES:
            assert_same(ranking(pg, q), ranking(lite, q))
        assert pg.list_runs()[0]["root"].endswith(f":{seeds_copy.resolve()}")
        assert pg.replies.get("req-hash") == {"choices": [1, 2]}
    finally:
        pg.close()
    again = runner.invoke(app, ["store", "copy", f"sqlite://{db}", pg_url])
    assert again.exit_code == 0 and "0 documents (5 already there)" in again.stdout
    back = tmp_path / "back.db"
    text = runner.invoke(app, ["store", "copy", pg_url, f"sqlite://{back}"])
    assert text.exit_code == 0, text.output
    assert "5 documents" in text.stdout and PASSWORD not in text.output
    copy = store.Store.open(back, seeds_copy)
    assert copy.documents() == lite.documents()
    assert list(copy.iter_passages()) == list(lite.iter_passages())
    assert list(copy.iter_sentences()) == list(lite.iter_sentences())
    assert copy.list_runs() == lite.list_runs()
    assert copy.replies.get("req-hash") == {"choices": [1, 2]}
    for q in QUERIES:
        assert_same(ranking(copy, q), ranking(lite, q))


def test_store_copy_of_nothing_is_one_line(tmp_path: Path, pg_url: str) -> None:
    line = one_error(runner.invoke(app, ["store", "copy", str(tmp_path / "no.db"), pg_url]), 2)
    assert "no state database at" in line


def test_concurrent_writers_store_each_document_once(pg_url: str, seeds_copy: Path) -> None:
    """Four processes ingest the same corpus at once: every document once, counts that add up."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BRIEFING_DATABASE_URL": pg_url}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "briefing", "ingest", str(seeds_copy), "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    added = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        added += json.loads(out)["added"]
    assert sorted(added) == sorted(f.name for f in seeds_copy.iterdir())  # each added once
    with psycopg.connect(pg_url) as conn:
        docs, passages, stats = conn.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM passages),"
            " (SELECT passages FROM corpora)"
        ).fetchone() or (0, 0, 0)
    assert (docs, passages, stats) == (5, 42, 42)


def test_the_digest_lock_is_held_across_connections(pg_url: str, seeds_copy: Path) -> None:
    first = pgstore.PostgresStore.open(pg_url, seeds_copy, machine="a")
    other_machine = pgstore.PostgresStore.open(pg_url, seeds_copy, machine="a")
    elsewhere = pgstore.PostgresStore.open(pg_url, seeds_copy, machine="b")
    try:
        with first.digest_lock():
            with (
                pytest.raises(LockedError, match=r"another digest is running.*--wait"),
                other_machine.digest_lock(wait=0.3),
            ):
                pass
            with elsewhere.digest_lock():  # another machine's folder: its own lock
                pass
            result = runner.invoke(
                app,
                ["digest", "--corpus", str(seeds_copy)],
                env={"BRIEFING_MACHINE": "a", "BRIEFING_DATABASE_URL": pg_url},
            )
            line = one_error(result, 2)
            assert "another digest is running" in line and "briefing pid" in line
        with other_machine.digest_lock():  # released with its holder
            pass
    finally:
        for st in (first, other_machine, elsewhere):
            st.close()


@pytest.fixture
def own_server() -> Iterator[PgServer]:
    """A server of the test's own, which it may stop."""
    from tests.pgserver import find_bin

    if find_bin() is None:
        pytest.skip("PostgreSQL is not installed")
    with running_server() as server:
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE archive")
        yield server


def test_a_server_stopped_mid_write_leaves_nothing_half_written(
    own_server: PgServer, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = own_server.url("archive")
    st = pgstore.PostgresStore.open(url, seeds_copy, timeout=3)
    sync.sync_corpus(st, 120)
    (seeds_copy / "zz_new.txt").write_text(
        "Zebracorn talks.\n\nThe zebracorn envoy met the Kremlin about zebracorn sanctions.\n"
    )
    real = pgindex.add_passages

    def crash_midway(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs)  # documents, sentences, passages and postings are written ...
        own_server.stop("immediate")  # ... when the server dies, before the commit

    monkeypatch.setattr(pgindex, "add_passages", crash_midway)
    with pytest.raises(StoreError) as info:
        sync.sync_corpus(st, 120)
    message = str(info.value)
    assert "went away mid-command" in message and "run the command again" in message
    assert "\n" not in message and PASSWORD not in message
    monkeypatch.undo()
    st.close()
    # While it is down: one line naming the fix, from every command.
    line = one_error(runner.invoke(app, ["ingest", str(seeds_copy), "--database-url", url]), 2)
    assert "cannot reach the PostgreSQL server" in line and PASSWORD not in line
    own_server.start()
    with psycopg.connect(url) as conn:
        new = conn.execute("SELECT count(*) FROM documents WHERE doc = 'zz_new.txt'").fetchone()
        counts = conn.execute(
            "SELECT (SELECT passages FROM corpora), (SELECT count(*) FROM passages),"
            " (SELECT count(*) FROM bm25_segments),"
            " (SELECT count(*) FROM passages WHERE doc = 'zz_new.txt')"
        ).fetchone()
    assert new is not None and new[0] == 0  # the unfinished document is not there at all
    assert counts is not None and counts[0] == counts[1] == 42 and counts[3] == 0
    again = pgstore.PostgresStore.open(url, seeds_copy)
    try:
        assert sync.sync_corpus(again, 120).added == ["zz_new.txt"]  # run again: it finishes
        assert [p.doc for p, _ in again.rank(["zebracorn"], 5)] == ["zz_new.txt"]
    finally:
        again.close()


def test_schedule_carries_the_archive_but_never_its_password(tmp_path: Path) -> None:
    plain = "postgresql://alice@db.example.org/briefing"
    lines = runner.invoke(app, ["schedule"], env={"BRIEFING_DATABASE_URL": plain}).stdout
    assert f"BRIEFING_DATABASE_URL={plain}" in lines
    secret = "postgresql://alice:hunter22@db.example.org/briefing"
    lines = runner.invoke(app, ["schedule"], env={"BRIEFING_DATABASE_URL": secret}).stdout
    assert "hunter22" not in lines and "~/.pgpass" in lines


def test_a_readable_briefing_toml_with_a_database_password_is_warned_about(
    tmp_path: Path,
) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text('database_url = "postgresql://alice:hunter22@db.example.org/briefing"\n')
    config.chmod(0o644)
    _, warnings = load_settings({}, env={}, cwd=tmp_path)
    assert any("database password" in w and "chmod 600" in w for w in warnings)
    config.chmod(0o600)
    assert load_settings({}, env={}, cwd=tmp_path)[1] == []


@settings(max_examples=200, deadline=None)
@given(
    segments=hs.lists(
        hs.dictionaries(
            hs.sampled_from(["a", "b", "kremlin", "oil", "z"]),
            hs.sets(hs.integers(1, 60), min_size=1, max_size=8),
            min_size=1,
        ),
        min_size=1,
        max_size=4,
    ),
    deleted=hs.sets(hs.integers(1, 60), max_size=20),
)
def test_a_merge_keeps_every_live_posting_once_by_term_and_rowid(
    segments: list[dict[str, set[int]]], deleted: set[int]
) -> None:
    """What `merge` writes, against a term -> rowid dictionary of the same postings."""
    # Segments hold disjoint passages; each posting's tf and length derive from its rowid.
    owner = {r: i for i, seg in enumerate(segments) for ids in seg.values() for r in ids}
    want: dict[str, list[int]] = {}
    rows = []
    for i, seg in enumerate(segments):
        for term, ids in seg.items():
            mine = sorted(r for r in ids if owner[r] == i)
            if not mine:
                continue
            rows.append((term, *(np.asarray(v, dtype="<u4").tobytes() for v in (
                mine, [r % 7 + 1 for r in mine], [r + 100 for r in mine]))))  # fmt: skip
            want.setdefault(term, []).extend(r for r in mine if r not in deleted)
    rows.sort(key=lambda r: r[0])  # the merge reads them ORDER BY term
    chunk = pgindex.MERGE_CHUNK
    try:
        pgindex.MERGE_CHUNK = 3  # chunks of a few terms, each whole
        small = pgindex._merged(rows, np.asarray(sorted(deleted), dtype=np.int64))
    finally:
        pgindex.MERGE_CHUNK = chunk
    out, purged = pgindex._merged(rows, np.asarray(sorted(deleted), dtype=np.int64))
    assert small == (out, purged)
    got = {t: np.frombuffer(r, dtype="<u4").tolist() for t, r, _, _ in out}
    assert got == {t: sorted(v) for t, v in want.items() if v}
    assert [t for t, *_ in out] == sorted(got)
    for _, r, f, n in out:
        ids = np.frombuffer(r, dtype="<u4")
        assert (np.frombuffer(f, dtype="<u4") == ids % 7 + 1).all()
        assert (np.frombuffer(n, dtype="<u4") == ids + 100).all()
    assert purged == {r for r in owner if r in deleted}


@pytest.mark.parametrize("per_write", [1, 2, 4, pgindex._COPY_POSTINGS])
def test_postings_copied_in_binary_read_back_as_given(
    archive: Any, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch, per_write: int
) -> None:
    """COPY's binary format as `_copy_postings` lays it out, a few postings a write or all."""
    monkeypatch.setattr(pgindex, "_COPY_POSTINGS", per_write)
    st = archive(seeds_copy)
    terms = ["caf\u00e9", "foo", "x", "\u043a\u0440\u0435\u043c\u043b\u044c"]
    counts = [1, 3, 2, 1]
    columns = [[7, 1, 5, 2**32 - 1, 3, 4, 9], [1, 2, 3, 4, 5, 6, 7], [9] * 7]
    blobs = [np.asarray(c, dtype="<u4").tobytes() for c in columns]
    rows, at = [], 0
    for term, n in zip(terms, counts, strict=True):
        rows.append((term, *(b[4 * at : 4 * (at + n)] for b in blobs)))
        at += n
    with st._tx() as conn:
        pgindex._copy_postings(conn, 12, 2**40 + 3, pgindex._merged_parts(rows))
        got = conn.execute(
            "SELECT term, rowids, tfs, lens, corpus, segment FROM bm25_postings"
            " WHERE corpus = 12 ORDER BY term",
            binary=True,
        ).fetchall()
    assert [(t, bytes(r), bytes(f), bytes(n), *rest) for t, r, f, n, *rest in got] == sorted(
        (*row, 12, 2**40 + 3) for row in rows
    )
