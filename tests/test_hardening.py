"""Issue 15, hardening round two: a briefing.json cannot read outside its corpus, size caps on
every input, one rule for corpus file names, and the remaining bad inputs (items 1-11)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefing import store
from briefing.cli import app
from briefing.config import load_settings
from briefing.errors import ConfigError

runner = CliRunner()


def error_line(result: Any) -> str:
    """The one error line of a failed command (exit 2 unless said otherwise)."""
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines, result.output
    return lines[-1]


# --- store: the migration race, read-only and missing state directories (items 4, 7) --------


def test_wal_switch_is_retried_while_another_process_creates_the_database() -> None:
    # SQLite answers this PRAGMA with "database is locked" at once (no busy handler) while
    # another process is creating the same new database; that made 1 in ~100 concurrent
    # first opens fail (tests/test_store.py::test_two_processes_opening_a_new_database_at_once).
    class Flaky:
        calls = 0

        def execute(self, sql: str) -> None:
            Flaky.calls += 1
            if Flaky.calls < 3:
                raise sqlite3.OperationalError("database is locked")

    store._set_wal(Flaky(), 5.0)  # type: ignore[arg-type]
    assert Flaky.calls == 3


def test_wal_switch_gives_up_after_the_timeout() -> None:
    class Locked:
        def execute(self, sql: str) -> None:
            raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError):
        store._set_wal(Locked(), 0.05)  # type: ignore[arg-type]


def _healthy_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    store.connect(home / "briefing.db").close()
    return home


def test_a_read_only_state_directory_is_named_not_called_corrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _healthy_home(tmp_path)
    (home / "briefing.db-wal").mkdir()  # sqlite cannot open its log: a real failure
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == home else real_access(p, m))
    with pytest.raises(store.StoreError, match="read-only") as exc:
        store.connect(home / "briefing.db")
    assert "doctor --rebuild" not in str(exc.value)
    assert "BRIEFING_HOME" in str(exc.value)

    rebuilt = runner.invoke(app, ["doctor", "--rebuild"])
    assert rebuilt.exit_code == 2
    assert "read-only" in error_line(rebuilt) and "unexpected" not in rebuilt.output
    assert (home / "briefing.db").is_file()  # nothing was moved aside


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_state_directory_for_real(tmp_path: Path) -> None:
    home = _healthy_home(tmp_path)
    home.chmod(0o555)
    try:
        result = runner.invoke(app, ["runs"])
        assert result.exit_code == 2
        assert "read-only" in error_line(result)
        doctor = runner.invoke(app, ["doctor"])
        assert doctor.exit_code == 1 and "database ok" in doctor.output
        rebuilt = runner.invoke(app, ["doctor", "--rebuild"])
        assert rebuilt.exit_code == 2 and "read-only" in error_line(rebuilt)
    finally:
        home.chmod(0o755)


def test_doctor_with_a_missing_state_directory_is_not_ok(tmp_path: Path) -> None:
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "does not exist" in error_line(result) and "ok" not in result.output.split()


def test_doctor_with_a_file_as_state_directory_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home-file"
    home.write_text("not a folder")
    monkeypatch.setenv("BRIEFING_HOME", str(home))
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 2
    assert "is a file, not a directory" in error_line(result)


# --- settings (item 10) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "toml", "expected"),
    [
        ({"BRIEFING_PROMPTS": "/nonexistent"}, "", "prompts folder /nonexistent does not exist"),
        ({}, "per_doc = true\n", "not true/false"),
        ({"BRIEFING_TIMEOUT": "inf"}, "", "finite"),
        ({"BRIEFING_DB_TIMEOUT": "nan"}, "", "BRIEFING_DB_TIMEOUT"),
        ({"BRIEFING_TIMOUT": "5"}, "", "did you mean BRIEFING_TIMEOUT?"),
        ({}, '[briefing.prices]\n"m" = [0.5, inf]\n', "finite"),
    ],
)
def test_bad_settings_are_refused(
    tmp_path: Path, env: dict[str, str], toml: str, expected: str
) -> None:
    if toml:
        (tmp_path / "briefing.toml").write_text(toml)
    with pytest.raises(ConfigError) as exc:
        load_settings(env=env, cwd=tmp_path)
    assert expected in str(exc.value)


def test_a_bad_price_names_briefing_toml_not_a_flag(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").write_text('[briefing.prices]\n"my-model" = [0.5, "x"]\n')
    with pytest.raises(ConfigError) as exc:
        load_settings(env={}, cwd=tmp_path)
    assert "prices in briefing.toml" in str(exc.value)
    assert "--" not in str(exc.value)


def test_an_endless_briefing_toml_is_cut_off(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").symlink_to("/dev/zero")
    with pytest.raises(ConfigError, match="limit"):
        load_settings(env={}, cwd=tmp_path)
