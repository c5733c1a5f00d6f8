"""Corrupt or contended state: a truncated, corrupted or locked database, a run folder
deleted by hand, a manifest or briefing edited by hand. Each gives one clear line and a
way forward; none hangs or prints a traceback."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from briefing import store
from briefing.cli import app
from briefing.outputs import render
from briefing.store import sqlite as sqlite_store
from tests.conftest import EMBEDDED_MODEL, SEEDS, model_cmd
from tests.faultserver import FaultServer

runner = CliRunner()
FAST = {"BRIEFING_MAX_RETRIES": "1", "BRIEFING_TIMEOUT": "5", "BRIEFING_PASSAGES": "3"}


def home() -> Path:
    return Path(os.environ["BRIEFING_HOME"])


def db_path() -> Path:
    return home() / "briefing.db"


def one_error(result: Result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    lines = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output and "unexpected" not in lines[0]
    return lines[0]


def checkpointed_db() -> Path:
    """The state database after `briefing ingest`, its WAL folded in and removed."""
    result = runner.invoke(app, ["ingest", str(SEEDS)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path())
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path()}{suffix}").unlink(missing_ok=True)
    return db_path()


@pytest.mark.parametrize("keep", [0.5, 0.01], ids=["half", "header-only"])
def test_truncated_database_names_doctor_and_rebuild_recovers(keep: float) -> None:
    db = checkpointed_db()
    os.truncate(db, int(db.stat().st_size * keep))
    failed = 0
    for args in (["runs"], ["ingest", str(SEEDS)], ["search", "Kremlin", "--corpus", str(SEEDS)]):
        result = runner.invoke(app, args)
        if result.exit_code == 0:
            continue  # the pages this command needs survived
        line = one_error(result)
        assert str(db) in line and "briefing doctor --rebuild" in line
        failed += 1
    assert failed
    doctor = runner.invoke(app, ["doctor"])
    assert "--rebuild" in one_error(doctor, 1) and "problem:" in doctor.stdout
    rebuilt = runner.invoke(app, ["doctor", "--rebuild", "--corpus", str(SEEDS)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "old database kept as" in rebuilt.stderr
    assert store.check(db) == []
    assert list(db.parent.glob("briefing.db.broken-*"))
    assert runner.invoke(app, ["runs", "--json"]).exit_code == 0


def test_corruption_anywhere_is_one_line_never_a_traceback() -> None:
    """Garbage over each page in turn: every command either works or says to run doctor."""
    db = checkpointed_db()
    pristine = db.read_bytes()
    page = 4096
    failures = 0
    for n in range(1, len(pristine) // page):
        damaged = bytearray(pristine)
        damaged[n * page : (n + 1) * page] = b"\xa5" * page
        db.write_bytes(bytes(damaged))
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        for args in (["runs", "--json"], ["search", "Kremlin Trump", "--corpus", str(SEEDS)]):
            result = runner.invoke(app, args)
            if result.exit_code != 0:
                line = one_error(result)
                assert "briefing doctor" in line, (n, line)
                failures += 1
    assert failures, "no page of the database mattered: the sweep proves nothing"


def test_database_errors_that_escape_the_store_are_mapped(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a: object, **_k: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    # An SQLite error inside a Store method (here, reading the runs) leaves it as a StoreError.
    monkeypatch.setattr(store.Store, "list_runs", sqlite_store.translate_errors(broken))
    line = one_error(runner.invoke(app, ["runs"]))
    assert "is unusable (database disk image is malformed)" in line
    assert "briefing doctor --rebuild" in line


@pytest.fixture
def locked_db() -> Iterator[sqlite3.Connection]:
    """Another process's connection holding the write lock on the state database."""
    db = checkpointed_db()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield holder
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_locked_database_fails_after_the_busy_timeout(
    locked_db: sqlite3.Connection, seeds_copy: Path
) -> None:
    (seeds_copy / "zz_new.txt").write_text(
        (SEEDS / "000_e7022d255b5320db.txt").read_text() + "\nOne more paragraph.\n"
    )
    started = time.monotonic()
    result = runner.invoke(app, ["ingest", str(seeds_copy)], env={"BRIEFING_DB_TIMEOUT": "0.5"})
    assert time.monotonic() - started < 10
    line = one_error(result)
    assert "locked by another process (waited 0.5 s)" in line and "BRIEFING_DB_TIMEOUT" in line
    # Reading is not blocked by a writer (WAL): the history and doctor still answer.
    assert runner.invoke(app, ["runs"]).exit_code == 0
    assert runner.invoke(app, ["doctor"]).exit_code == 0
    assert runner.invoke(app, ["search", "Kremlin", "--corpus", str(SEEDS)]).exit_code == 0


@pytest.mark.live_endpoint
def test_a_locked_database_during_generate_publishes_nothing(
    locked_db: sqlite3.Connection, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with FaultServer() as server:
        result = runner.invoke(
            app,
            [
                *model_cmd("generate", server.url, out),
            ],
            env={**FAST, "BRIEFING_DB_TIMEOUT": "0.5"},
        )
    assert "locked by another process" in one_error(result)
    assert not out.exists() or not [p for p in out.iterdir() if p.name != "failed"]
    assert store.check(db_path()) == []


def test_publishing_is_undone_when_recording_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"

    def record(final: Path) -> None:
        assert (final / "a.txt").is_file()  # the folder is in place while it is recorded
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError):
        render.write_atomic_dir(out / "run", {"a.txt": "x"}, on_publish=record)
    assert not out.exists() or list(out.iterdir()) == []


def test_a_taken_name_moves_the_run_aside_instead_of_failing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = render.write_atomic_dir(out / "run", {"a.txt": "1"}, unique=True)
    second = render.write_atomic_dir(out / "run", {"a.txt": "2"}, unique=True)
    assert (first.name, second.name) == ("run", "run-2")
    assert (first / "a.txt").read_text() == "1" and (second / "a.txt").read_text() == "2"


# --- runs whose files were deleted or edited by hand -------------------------------------


def generate_twice(corpus: Path, out: Path) -> list[Path]:
    runs = []
    with FaultServer() as server:
        for _ in range(2):
            result = runner.invoke(
                app,
                [
                    *model_cmd("generate", server.url, out, corpus),
                    "--json",
                ],
                env=FAST,
            )
            assert result.exit_code == 0, result.output
    runs = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(runs) == 2
    return runs


@pytest.mark.live_endpoint
def test_a_deleted_run_folder_is_reported_clearly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old, new = generate_twice(SEEDS, out)
    shutil.rmtree(new)
    listing = runner.invoke(app, ["runs", "--json"])
    assert listing.exit_code == 0
    rows = {r["id"]: r for r in json.loads(listing.stdout)}
    assert rows[old.name]["out_dir_exists"] and not rows[new.name]["out_dir_exists"]
    text = runner.invoke(app, ["runs"])
    assert text.exit_code == 0 and "(folder deleted)" in text.stdout
    assert "were deleted" in text.stderr
    for args in (["diff", "--last"], ["diff", old.name, new.name]):
        line = one_error(runner.invoke(app, args))
        assert f"run id {new.name} is in the store but" in line and "briefing runs" in line
    still = runner.invoke(app, ["diff", str(old), str(old)])
    assert still.exit_code == 0, still.output


@pytest.mark.live_endpoint
def test_hand_edited_manifest_and_briefing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old, new = generate_twice(SEEDS, out)
    # Nothing reads manifest.json back: a broken one does not stop verify or diff ...
    (new / "manifest.json").write_text('{"inputs": [ oops')
    ok = runner.invoke(app, ["verify", str(new / "briefing.json"), "--corpus", str(SEEDS)])
    assert ok.exit_code == 0, ok.output
    assert runner.invoke(app, ["diff", str(old), str(new)]).exit_code in (0, 1)
    # ... and handing it to verify says what is wrong with it, in one line.
    line = one_error(runner.invoke(app, ["verify", str(new / "manifest.json")]))
    assert "manifest.json:1:" in line and "malformed JSON" in line
    # A hand-broken briefing.json is named, with its line and column.
    (new / "briefing.json").write_text('{"schema_version": 1,,}')
    line = one_error(runner.invoke(app, ["diff", str(old), str(new)]))
    assert f"{new / 'briefing.json'}:1:" in line and "regenerate" in line


@pytest.mark.live_endpoint
def test_digest_after_its_predecessor_was_deleted_or_edited(
    seeds_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = [
        "digest",
        "--corpus",
        str(seeds_copy),
        "--out",
        str(out),
        "--model",
        EMBEDDED_MODEL,
        "--strategy",
        "map-reduce",
        "--json",
    ]
    with FaultServer() as server:
        first = runner.invoke(app, [*args, "--base-url", server.url], env=FAST)
        assert first.exit_code == 0, first.output
        d1 = Path(json.loads(first.stdout)["out_dir"])
        (d1 / "briefing.json").write_text("{ not json")
        (seeds_copy / "zz_one.txt").write_text(
            (SEEDS / "001_8d5cd8e739546e10.txt").read_text().replace("Putin", "Vladimir Putin")
            + "\nThe Kremlin wants Trump to end sanctions on Russian banks, officials said.\n"
        )
        second = runner.invoke(app, [*args, "--base-url", server.url], env=FAST)
        assert second.exit_code == 0, second.output
        assert "previous digest is unreadable" in second.stderr
        assert json.loads(second.stdout)["carried"] == 0
        shutil.rmtree(Path(json.loads(second.stdout)["out_dir"]))
        (seeds_copy / "zz_two.txt").write_text(
            (SEEDS / "003_9d950e5d5b89fb94.txt").read_text().replace("Kremlin", "Moscow")
        )
        third = runner.invoke(app, [*args, "--base-url", server.url], env=FAST)
    assert third.exit_code == 0, third.output
    assert "is gone" in third.stderr
    assert store.check(db_path()) == []
