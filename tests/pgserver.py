"""A real PostgreSQL server for the tests: initdb into a temporary folder, postgres on a free port.

Never a mock. The binaries are looked up in BRIEFING_TEST_PG_BIN, then on PATH, then in Debian's
/usr/lib/postgresql/<version>/bin (the `postgresql` package `.ci/run` installs). postgres refuses
to run as root, so under root the cluster belongs to an unprivileged user (`postgres`, which
Debian's package creates, or `nobody`) and its commands run through `runuser`.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ADMIN = "briefing_admin"
PASSWORD = "s3cret-pw-4-tests"


def find_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    override = os.environ.get("BRIEFING_TEST_PG_BIN")
    if override:
        return Path(override)
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _runner() -> tuple[list[str], str | None]:
    """The prefix to run postgres's commands with, and the user that owns the cluster."""
    if os.geteuid() != 0:
        return [], None
    for user in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(user)
            return ["runuser", "-u", user, "--"], user
    raise RuntimeError(
        "running as root and no unprivileged user (postgres, nobody) to run postgres"
    )


@dataclass
class PgServer:
    """A running cluster: its admin URL parts and how to stop or restart it."""

    bin: Path
    data: Path
    port: int
    prefix: list[str]
    log: Path

    def url(self, database: str = "postgres", user: str = ADMIN, password: str = PASSWORD) -> str:
        """A postgresql:// URL over TCP to this server."""
        auth = f"{user}:{password}" if password else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def pg_ctl(self, *args: str) -> None:
        """Run pg_ctl on this cluster (as its owner)."""
        subprocess.run(
            [*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=120,
        )

    def start(self) -> None:
        """Start (or restart) the server and wait until it accepts connections."""
        options = (
            f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1"
            # fsync off: only an OS crash could lose data, never a stopped server (the
            # mid-run test stops it); synchronous_commit stays on for the same reason.
            " -c fsync=off -c max_connections=200"
        )
        self.pg_ctl("-l", str(self.log), "-w", "-t", "60", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (mode `immediate` is a crash: connections drop at once)."""
        self.pg_ctl("-m", mode, "-w", "stop")


@contextlib.contextmanager
def running_server() -> Iterator[PgServer]:
    """initdb into a fresh folder, start postgres on a free port, and remove it all afterwards."""
    binaries = find_bin()
    if binaries is None:
        raise FileNotFoundError("PostgreSQL binaries not found")
    prefix, owner = _runner()
    base = Path(tempfile.mkdtemp(prefix="briefing-pg-"))
    try:
        if owner is not None:
            info = pwd.getpwnam(owner)
            os.chown(base, info.pw_uid, info.pw_gid)
        pwfile = base / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if owner is not None:
            os.chown(pwfile, info.pw_uid, info.pw_gid)
        data = base / "data"
        subprocess.run(
            [*prefix, str(binaries / "initdb"), "-D", str(data), "-U", ADMIN, "-E", "UTF8",
             "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256",
             f"--pwfile={pwfile}", "--no-sync"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120,
        )  # fmt: skip
        server = PgServer(binaries, data, _free_port(), prefix, base / "log")
        server.start()
        try:
            yield server
        finally:
            with contextlib.suppress(subprocess.SubprocessError):
                server.stop("immediate")
    finally:
        shutil.rmtree(base, ignore_errors=True)


def wait_until_down(server: PgServer, timeout: float = 10.0) -> None:
    """Wait until nothing listens on the server's port any more."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", server.port)) != 0:
                return
        time.sleep(0.1)
