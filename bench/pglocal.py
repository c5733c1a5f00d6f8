"""A PostgreSQL server for the benchmarks, kept in a folder so its databases survive between runs.

    python bench/pglocal.py start /tmp/briefing-pgbench/pg     # prints the admin URL
    python bench/pglocal.py stop /tmp/briefing-pgbench/pg

The first start runs initdb (as tests/pgserver.py does: UTF8, locale C, a password over TCP);
later starts reuse the cluster, so a 1M-passage archive is copied in once. Settings are
PostgreSQL's defaults except the ones in SETTINGS, each with its reason. Durability stays on
(fsync, synchronous_commit): the soak and the copy are timed as a real server would run them.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.pgserver import ADMIN, PASSWORD, _runner, find_bin

SETTINGS = {
    "listen_addresses": "127.0.0.1",
    # A server for a team archive is given memory: 1 GB holds the postings of a 1M-passage
    # archive (the default 128 MB would leave them to this VM's small page cache).
    "shared_buffers": "1GB",
    "max_connections": "100",
    # Autovacuum's default naptime is a minute: ten minutes of soak then see few runs of it.
    "autovacuum_naptime": "10s",
}


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(folder: Path) -> str:
    """Start the cluster in `folder` (initdb on first use); the admin URL of its `postgres` db."""
    binaries = find_bin()
    if binaries is None:
        raise SystemExit("PostgreSQL is not installed: apt-get install postgresql")
    prefix, owner = _runner()
    folder.mkdir(parents=True, exist_ok=True)
    meta_path = folder / "server.json"
    data = folder / "data"
    if not meta_path.exists():
        if owner is not None:
            import pwd

            info = pwd.getpwnam(owner)
            os.chown(folder, info.pw_uid, info.pw_gid)
        pwfile = folder / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if owner is not None:
            os.chown(pwfile, info.pw_uid, info.pw_gid)
        subprocess.run(
            [*prefix, str(binaries / "initdb"), "-D", str(data), "-U", ADMIN, "-E", "UTF8",
             "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256",
             f"--pwfile={pwfile}"],
            check=True, stdout=subprocess.DEVNULL, timeout=300,
        )  # fmt: skip
        meta_path.write_text(json.dumps({"port": _free_port()}))
    port = int(json.loads(meta_path.read_text())["port"])
    url = f"postgresql://{ADMIN}:{PASSWORD}@127.0.0.1:{port}/postgres"
    if not _port_free(port):
        return url  # already running
    options = f"-p {port} -k {folder} " + " ".join(f"-c {k}={v}" for k, v in SETTINGS.items())
    subprocess.run(
        [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w",
         "-t", "120", "-o", options, "start"],
        check=True, stdout=subprocess.DEVNULL, timeout=180,
    )  # fmt: skip
    return url


def stop(folder: Path) -> None:
    """Stop the cluster in `folder` (its data stays)."""
    binaries = find_bin()
    prefix, _ = _runner()
    if binaries is not None:
        subprocess.run(
            [*prefix, str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "-w",
             "stop"],
            check=False, timeout=180,
        )  # fmt: skip


def database_url(admin_url: str, name: str, fresh: bool = False) -> str:
    """A database `name` on the server of `admin_url` (created if missing, or anew if `fresh`)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def server_version(admin_url: str) -> str:
    """The server's version string (for the report)."""
    import psycopg

    with psycopg.connect(admin_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        raise SystemExit("usage: python bench/pglocal.py start|stop FOLDER")
    if sys.argv[1] == "start":
        print(start(Path(sys.argv[2])))
    else:
        stop(Path(sys.argv[2]))
