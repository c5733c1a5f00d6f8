"""The store: migrations, incremental re-ingest by sha256, deletions, bad input.

Tests taking `open_state` or `backend` run on both backends: SQLite and a PostgreSQL archive."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st_
from typer.testing import CliRunner

from briefing import store
from briefing.cli import app
from briefing.core.errors import CorpusError, StoreError
from briefing.core.models import Passage, Sentence
from briefing.corpus import sync
from briefing.store import rows
from briefing.store.rows import ids_json

runner = CliRunner()


def test_migrations_are_recorded_and_idempotent(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "db.sqlite")
    names = [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == [name for name, _ in store.MIGRATIONS]
    assert store.migrate(conn) == []


def test_incremental_reingest(seeds_copy: Path, open_state: Any) -> None:
    st = open_state(seeds_copy)
    first = sync.sync_corpus(st, 120)
    assert len(first.added) == 5 and first.passages > 0
    again = sync.sync_corpus(st, 120)
    assert again.added == [] and again.changed == [] and len(again.unchanged) == 5
    assert again.passages == 0  # nothing was re-chunked

    victim = sorted(seeds_copy.iterdir())[0]
    victim.write_text(
        victim.read_text() + "\nA brand new closing paragraph about sanctions relief.\n"
    )
    (seeds_copy / "sub").mkdir()
    (seeds_copy / "sub" / "new.md").write_text(
        "# Fresh article\n\nThe Kremlin wants sanctions relief above all, analysts said on Monday."
        " They expect talks to begin soon and to last for many months, officials added.\n"
    )
    gone = sorted(seeds_copy.iterdir())[1]
    gone.unlink()
    third = sync.sync_corpus(st, 120)
    assert third.changed == [victim.name]
    assert third.added == ["sub/new.md"]
    assert third.removed == [gone.name]
    docs = {d.doc for d in st.documents()}
    assert gone.name not in docs and "sub/new.md" in docs
    assert not [p for p in st.iter_passages() if p.doc == gone.name]
    assert not [s for s in st.iter_sentences() if s.doc == gone.name]
    # The search index forgot the deleted passages too.
    hits = st.rank(["sanctions"], 100)
    assert hits and all(p.doc != gone.name for p, _ in hits)


def _third_seed(open_state: Any, seeds_copy: Path) -> tuple[Any, list[Passage], list[Sentence]]:
    """The seeds ingested; the third seed's passages and sentences, in document order."""
    st = open_state(seeds_copy)
    sync.sync_corpus(st, 120)
    doc = sorted(p.name for p in seeds_copy.iterdir())[2]
    passages = [p for p in st.iter_passages() if p.doc == doc]
    return st, passages, [s for s in st.iter_sentences() if s.doc == doc]


def test_preceding_reaches_back_past_a_passage_in_document_order(
    seeds_copy: Path, open_state: Any
) -> None:
    st, passages, first_of_doc = _third_seed(open_state, seeds_copy)
    second = st.passage_sentences([passages[1].id])[passages[1].id]
    before = st.preceding([second[0].id], 3)
    # The passage's first sentence gets the last one of the passage before it, and so on back.
    at = [s.id for s in first_of_doc].index(second[0].id)
    assert before[second[0].id] == first_of_doc[at - 1]
    assert before[first_of_doc[at - 1].id] == first_of_doc[at - 2]
    assert len(before) == min(3, at)
    assert st.preceding([first_of_doc[0].id], 3) == {}  # nothing before a document's start


def test_following_gives_the_next_sentence_in_document_order(
    seeds_copy: Path, open_state: Any
) -> None:
    st, passages, order = _third_seed(open_state, seeds_copy)
    last = st.passage_sentences([passages[0].id])[passages[0].id][-1]
    at = [s.id for s in order].index(last.id)
    # Across the passage boundary: the next passage's first sentence.
    assert st.following([last.id]) == {last.id: order[at + 1]}
    assert st.following([order[-1].id]) == {}  # nothing after a document's end


def test_store_invariant_over_all_rows(seeds_copy: Path, open_state: Any) -> None:
    st = open_state(seeds_copy)
    sync.sync_corpus(st, 120)
    texts = {p.name: p.read_bytes().decode("utf-8") for p in seeds_copy.iterdir()}
    n = 0
    for s in st.iter_sentences():
        assert texts[s.doc][s.start : s.end] == s.text
        n += 1
    for p in st.iter_passages():
        assert texts[p.doc][p.start : p.end] == p.text
        n += 1
    assert n > 50


def test_bad_files_are_skipped_with_a_warning(seeds_copy: Path, open_state: Any) -> None:
    (seeds_copy / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (seeds_copy / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (seeds_copy / "empty.md").write_text("  \n")
    warnings: list[str] = []
    st = open_state(seeds_copy)
    report = sync.sync_corpus(st, 120, warn=warnings.append)
    assert len(report.added) == 5
    assert len(warnings) == 3
    for name in ("binary.txt", "latin1.txt", "empty.md"):
        assert any(name in w for w in warnings)
    assert all("\n" not in w for w in warnings)


def test_empty_or_missing_corpus_is_a_usage_error(tmp_path: Path, open_state: Any) -> None:
    st = open_state(tmp_path)
    with pytest.raises(CorpusError, match=r"no \.txt or \.md"):
        sync.sync_corpus(st, 120)
    with pytest.raises(CorpusError, match="missing"):
        sync.sync_corpus(st.for_corpus(tmp_path / "missing"), 120)
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "x.txt").write_bytes(b"\x00")
    with pytest.raises(CorpusError, match="no readable file"):
        sync.sync_corpus(st.for_corpus(only_bad), 120)


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "missing"),
        ("empty", "no .txt or .md"),
        ("unreadable", "no readable file"),
    ],
)
def test_cli_ingest_bad_input_exit_2_one_line(
    tmp_path: Path, setup: str, expected: str, backend: str
) -> None:
    corpus = tmp_path / setup
    if setup != "missing":
        corpus.mkdir()
    if setup == "unreadable":
        (corpus / "a.txt").write_bytes(b"\xff\xfe\x00\x00")
    result = runner.invoke(app, ["ingest", str(corpus)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert any(expected in line and str(corpus.name) in line for line in lines)
    assert "Traceback" not in result.output


def test_corrupt_database_gives_a_way_forward(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    db.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="doctor --rebuild"):
        store.connect(db)


def test_cli_ingest_and_search_json(seeds_copy: Path, backend: str) -> None:
    result = runner.invoke(app, ["ingest", str(seeds_copy), "--json"])
    assert result.exit_code == 0, result.output
    assert '"added"' in result.stdout
    search = runner.invoke(
        app, ["search", "what the Kremlin wants from Trump", "--corpus", str(seeds_copy), "--json"]
    )
    assert search.exit_code == 0, search.output
    import json

    hits = json.loads(search.stdout)
    assert len(hits) == 10
    for h in hits:
        text = (seeds_copy / h["doc"]).read_bytes().decode("utf-8")
        assert text[h["start"] : h["end"]] == h["text"]
        assert {"doc", "start", "end", "text", "score"} <= set(h)
    # Body passages only: no sidebar stories or headline lists.
    joined = " ".join(h["text"] for h in hits)
    for boilerplate in ("Small plane crashes", "More news", "Leave a Reply", "client/title"):
        assert boilerplate not in joined
    # Diversity: one article cannot fill the top 10.
    docs = [h["doc"] for h in hits]
    assert max(docs.count(d) for d in set(docs)) <= 4
    assert len(set(docs)) >= 4


def test_db_is_under_briefing_home(seeds_copy: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(seeds_copy)])
    assert result.exit_code == 0
    assert (tmp_path / "home" / "briefing.db").is_file()
    conn = sqlite3.connect(tmp_path / "home" / "briefing.db")
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5


def test_two_processes_opening_a_new_database_at_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "race.sqlite"
    code = "import sys; from briefing import store; store.connect(__import__('pathlib').Path(sys.argv[1]))"
    for _ in range(3):
        if db.exists():
            db.unlink()
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE, text=True
            )
            for _ in range(4)
        ]
        for p in procs:
            _, err = p.communicate(timeout=60)
            assert p.returncode == 0, err
        conn = sqlite3.connect(db)
        names = [r[0] for r in conn.execute("SELECT name FROM _migrations")]
        assert sorted(names) == [name for name, _ in store.MIGRATIONS]
        conn.close()
        for side in ("-wal", "-shm"):
            Path(str(db) + side).unlink(missing_ok=True)


def test_the_connection_caches_enough_pages_for_an_ingest(tmp_path: Path) -> None:
    # SQLite's default 2 MB made a first ingest of 10,000 captures 12% slower (BENCHMARKS.md).
    st = store.Store.open(tmp_path / "db.sqlite", tmp_path)
    assert st.conn.execute("PRAGMA cache_size").fetchone()[0] == -128 * 1024


@given(st_.lists(st_.text()))
def test_ids_json_is_json_dumps(ids: list[str]) -> None:
    assert ids_json(ids) == json.dumps(ids)


def test_ids_json_of_content_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    ids = ["s-0123456789abcdef", "s-fedcba9876543210"]
    assert ids_json(ids) == json.dumps(ids) and json.loads(ids_json(ids)) == ids
    # ... without json.dumps: the fast path once took only one-sentence passages.
    monkeypatch.setattr(rows.json, "dumps", None)
    assert json.loads(ids_json(ids)) == ids
