"""Connecting to the PostgreSQL archive: one-line errors, migrations under an advisory lock.

Also corpus keys, the digest's session lock, and the doctor's report of the server.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg

from briefing.core import dburl
from briefing.core.errors import LockedError, StoreError

if TYPE_CHECKING:
    from psycopg import Connection

from briefing.store import pgindex
from briefing.store.pg_schema import MIGRATION_LOCK, MIGRATIONS, MIGRATIONS_TABLE, MIN_SERVER

# psycopg_pool logs a failed background connect at WARNING; with no handler configured Python
# would print it on stderr, beside (and before) the one error line the CLI gives.
logging.getLogger("psycopg.pool").addHandler(logging.NullHandler())
logging.getLogger("psycopg.pool").propagate = False


def machine_name(machine: str | None = None) -> str:
    """The machine part of corpus keys: the `machine` setting, else the host name."""
    return machine or socket.gethostname() or "localhost"


def corpus_key(root: Path, machine: str) -> str:
    """The key under which a corpus folder's rows are stored: machine:resolved path."""
    return f"{machine}:{root.resolve()}"


def _said(exc: BaseException) -> str:
    """The first line of a driver message, without libpq's 'connection failed:' prefix."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    for prefix in ("connection failed: ",):
        text = text.removeprefix(prefix)
    return " ".join(text.split())


def connect_error(url: str, exc: BaseException) -> StoreError:
    """The one-line error for a server that cannot be used: unreachable, refused, or missing."""
    where = dburl.mask(url)
    said = dburl.mask(_said(exc)) if "://" in _said(exc) else _said(exc)
    password = dburl.password_of(url)
    if password:
        said = said.replace(password, "***")
    low = said.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        return StoreError(
            f"the PostgreSQL server at {where} refused the password ({said}): fix the password in"
            " BRIEFING_DATABASE_URL or in ~/.pgpass"
        )
    if "database" in low and "does not exist" in low:
        return StoreError(
            f"the database named in {where} does not exist ({said}): create it (`createdb`, as"
            " the README's team archive section shows) or fix the name in BRIEFING_DATABASE_URL"
        )
    if "role" in low and "does not exist" in low:
        return StoreError(
            f"the PostgreSQL server at {where} knows no such user ({said}): create the role"
            " (README, team archive) or fix the user in BRIEFING_DATABASE_URL"
        )
    if "permission denied" in low or "not permitted" in low or "pg_hba.conf" in low:
        return StoreError(
            f"the PostgreSQL server at {where} does not let this user in ({said}): ask its"
            " administrator for the grants in the README's team archive section"
        )
    return StoreError(
        f"cannot reach the PostgreSQL server at {where} ({said}): start the server, or fix the"
        " host and port in BRIEFING_DATABASE_URL (`briefing doctor` checks it)"
    )


def connect(url: str, timeout: float, autocommit: bool = False) -> Connection[Any]:
    """One connection to the server, checked for a usable version; StoreError saying the fix."""
    try:
        conn = psycopg.connect(
            url,
            autocommit=autocommit,
            connect_timeout=max(1, int(min(timeout, 30))),
            application_name=f"briefing pid {os.getpid()} on {machine_name()}",
        )
    except psycopg.Error as exc:
        raise connect_error(url, exc) from None
    version = conn.info.server_version
    if version < MIN_SERVER:
        conn.close()
        raise StoreError(
            f"the PostgreSQL server at {dburl.mask(url)} runs version {_version(version)}, too old"
            f" for briefing (it needs {_version(MIN_SERVER)} or newer): upgrade the server, or"
            " unset BRIEFING_DATABASE_URL to keep the state in SQLite"
        )
    return conn


def _version(number: int) -> str:
    return f"{number // 10000}.{number % 10000}"


def migrate(conn: Connection[Any]) -> list[str]:
    """Apply migrations not yet recorded, once, under an advisory lock; return their names.

    The common case (everything applied) takes no lock. Otherwise the first process to get the
    lock applies them, each in its own transaction, and the others find them recorded.
    """
    try:
        done = _applied(conn)
    except psycopg.errors.UndefinedTable:
        conn.rollback()
        done = set()
    _check_known(conn, done)
    if all(name in done for name, _ in MIGRATIONS):
        conn.rollback()
        return []
    conn.rollback()
    conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
    conn.commit()
    applied: list[str] = []
    try:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE}"
            " (name text PRIMARY KEY, applied_at double precision NOT NULL)"
        )
        conn.commit()
        done = _applied(conn)
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with conn.transaction():
                conn.execute(sql)  # psycopg sends a parameterless script as one simple query
                conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} VALUES (%s, %s)", (name, time.time()))
            applied.append(name)
        conn.commit()
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
        conn.commit()
    return applied


def _applied(conn: Connection[Any]) -> set[str]:
    return {r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}").fetchall()}


def _check_known(conn: Connection[Any], done: set[str]) -> None:
    """A schema from a newer briefing is refused: this one would misread its tables."""
    unknown = sorted(done - {name for name, _ in MIGRATIONS})
    if unknown:
        raise StoreError(
            f"the archive's schema is newer than this briefing (migration {unknown[-1]}):"
            " upgrade briefing on this machine (pip install -U briefing)"
        )


def statement_error(url: str, exc: BaseException) -> StoreError:
    """The one-line error for a statement the server refused (a grant missing, say)."""
    where = dburl.mask(url)
    said = _said(exc)
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return StoreError(
            f"the PostgreSQL archive at {where} refused this user ({said}): ask its administrator"
            " for the grants in the README's team archive section"
        )
    return StoreError(
        f"the PostgreSQL archive at {where} failed a statement ({said}): run `briefing doctor`"
        " to check the server and its schema"
    )


# --- doctor ---------------------------------------------------------------------------------


def server_report(url: str, timeout: float = 10.0) -> dict[str, Any]:
    """What doctor shows of the archive: reachable, version, schema, counts; `error` if unusable.

    Reads only: it applies no migration and creates nothing.
    """
    info: dict[str, Any] = {
        "url": dburl.mask(url),
        "reachable": False,
        "version": None,
        "schema": [],
        "pending_migrations": [],
        "counts": {},
        "problems": [],
        "error": None,
    }
    try:
        conn = connect(url, timeout)
    except StoreError as exc:
        info["error"] = str(exc)
        return info
    info["reachable"] = True
    info["version"] = _version(conn.info.server_version)
    try:
        try:
            done = _applied(conn)
        except psycopg.errors.UndefinedTable:
            conn.rollback()
            done = set()
        info["schema"] = sorted(done)
        info["pending_migrations"] = [n for n, _ in MIGRATIONS if n not in done]
        _check_known(conn, done)
        if not info["pending_migrations"]:
            counts = {}
            for table in ("corpora", "documents", "passages", "runs", "llm_cache"):
                row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
                counts[table] = int(row[0]) if row else 0
            row = conn.execute("SELECT count(*) FROM bm25_deleted").fetchone()
            counts["bm25_tombstones"] = int(row[0]) if row else 0
            info["counts"] = counts
            info["problems"] = pgindex.check(conn)
    except StoreError as exc:
        info["error"] = str(exc)
    except psycopg.Error as exc:
        info["error"] = str(statement_error(url, exc))
    finally:
        conn.close()
    return info


@contextmanager
def session_lock(url: str, timeout: float, lock: int, busy: str, wait: float) -> Iterator[None]:
    """Hold a session advisory lock for the block; LockedError saying `busy` after `wait` s.

    The lock lives on a connection of its own: ending that session releases it.
    """
    conn = connect(url, timeout, autocommit=True)
    try:
        deadline = time.monotonic() + wait
        while True:
            got = conn.execute("SELECT pg_try_advisory_lock(%s)", (lock,)).fetchone()
            if got and got[0]:
                break
            if time.monotonic() >= deadline:
                raise LockedError(
                    f"{busy} ({lock_holder(conn, lock)}; an advisory lock on {dburl.mask(url)}):"
                    " wait for it to finish, or pass --wait SECONDS to queue behind it"
                )
            time.sleep(0.2)
        yield
    finally:
        conn.close()  # ending the session releases the lock


def lock_holder(conn: Connection[Any], lock: int) -> str:
    """Who holds an advisory lock, as its connection named itself (or 'holder unknown')."""
    row = conn.execute(
        "SELECT a.application_name, a.backend_start FROM pg_locks l"
        " JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
        " AND l.classid::bigint = %s AND l.objid::bigint = %s",
        ((lock >> 32) & 0xFFFFFFFF, lock & 0xFFFFFFFF),
    ).fetchone()
    if not row or not row[0]:
        return "holder unknown"
    return f"{row[0]} since {row[1]:%Y-%m-%d %H:%M:%S}" if row[1] else str(row[0])
