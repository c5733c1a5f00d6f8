"""The SQLite database file: opening it in WAL mode, migrating, transactions, health checks, setting it aside."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing.core.errors import StoreError
from briefing.store import index
from briefing.store.schema import MIGRATIONS


def connect(db_path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the state database and apply pending migrations."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        # Shared by the map step's worker threads; store calls are serialised by the caller.
        conn = sqlite3.connect(db_path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 30000")
        _set_wal(conn, 30.0)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        if is_read_only(db_path):
            raise StoreError(read_only_message(db_path)) from exc
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


def _set_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch to WAL, retrying while another process holds the lock.

    SQLite answers this PRAGMA with "database is locked" at once, without its busy handler,
    when another connection is creating or switching the same new database: four processes
    opening a fresh state directory together failed about one time in a hundred.
    """
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def is_read_only(db_path: Path) -> bool:
    """Whether the state directory (or the database in it) cannot be written by this user."""
    directory = db_path.parent
    if not directory.is_dir():
        return False
    return not os.access(directory, os.W_OK) or (
        db_path.exists() and not os.access(db_path, os.W_OK)
    )


def read_only_message(db_path: Path) -> str:
    """The error for a state directory briefing cannot write to (the database may be healthy)."""
    return (
        f"the state directory {db_path.parent} is read-only (briefing writes its database"
        f" {db_path.name} and lock files there): make it writable (chmod u+w), or set"
        " BRIEFING_HOME to a writable directory"
    )


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


def check(db_path: Path) -> list[str]:
    """Problems with the state database (empty when it is healthy or does not exist yet)."""
    if not db_path.exists():
        return []
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        except sqlite3.OperationalError:
            if not is_read_only(db_path):
                raise
            # A WAL database needs its -shm file even to be read; in a read-only directory
            # nobody can write it either, so it is checked as the immutable file it is.
            conn.close()
            conn = sqlite3.connect(f"file:{db_path}?mode=ro&immutable=1", uri=True, timeout=5)
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
    if is_read_only(db_path):
        raise StoreError(read_only_message(db_path))
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = db_path.with_name(f"{db_path.name}.broken-{stamp}")
    db_path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target
