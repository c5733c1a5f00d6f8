"""`briefing import` downloads are bounded in time and memory, whatever the server does.

A server dripping a byte at a time (body, headers or robots.txt) meets the overall deadline
(fetch.DEADLINE_FACTOR x fetch_timeout); a layered gzip bomb stops at max_download_mb as it is
decoded, with memory near the cap; robots.txt is read to 500 KiB (decoded) and no further.

The sites are a small http.server on 127.0.0.1 defined here: tests/siteserver.py cannot drip or
send raw bytes. Memory is measured in a subprocess with resource.getrusage().ru_maxrss: the
peak resident size of a fresh process is the real cost (zlib buffers included), which
tracemalloc would not see in full and the pytest process's own high-water mark would hide.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from briefing.acquire import fetch
from briefing.cli import app
from tests.conftest import ROOT

pytestmark = pytest.mark.live_endpoint  # talks to a test-local HTTP server

runner = CliRunner()
SUMMIT = (ROOT / "tests" / "fixtures" / "import" / "kremlin-summit.html").read_bytes()
HTML = "text/html; charset=utf-8"
TIMEOUT = 0.3  # fetch_timeout in the drip tests: the deadline is DEADLINE_FACTOR times this
DRIP = 0.05  # seconds between dripped bytes: well inside the read timeout
GIVE_UP = 10.0  # a drip ends after this long anyway, so a regression fails instead of hanging
MEMORY_BOUND_KIB = 200 * 1024  # peak RSS growth allowed for a download capped at 20 MB
MIB = 1024 * 1024

Route = Callable[["Handler"], None]


# --- a local site that can misbehave ------------------------------------------------------------


class Web:
    """Routes map a path to a function writing the answer; hits, client ports and body bytes
    sent are recorded per path."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.hits: Counter[str] = Counter()
        self.ports: dict[str, list[int]] = {}
        self.sent: Counter[str] = Counter()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.web = self

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self) -> Web:
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    web: Web

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up mid-answer is what these tests provoke


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: robots.txt and the page share a connection
    server: Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        web = self.server.web
        with web.lock:
            web.hits[self.path] += 1
            web.ports.setdefault(self.path, []).append(self.client_address[1])
        route = web.routes.get(self.path)
        if route is None:
            route = ok(b"not found", status=404, content_type="text/plain")
        try:
            route(self)
        except OSError:
            self.close_connection = True

    def write(self, data: bytes) -> None:
        """Write body bytes and count them."""
        self.wfile.write(data)
        with self.server.web.lock:
            self.server.web.sent[self.path] += len(data)

    def dripping(self) -> Iterator[None]:
        """Yield every DRIP seconds until the client hangs up, the site stops, or GIVE_UP."""
        ends = time.monotonic() + GIVE_UP
        while time.monotonic() < ends and not self.server.web.stopping.wait(DRIP):
            yield


def ok(
    body: bytes, status: int = 200, content_type: str = HTML, headers: dict[str, str] | None = None
) -> Route:
    def route(h: Handler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.write(body)

    return route


def drip_body(content_type: str = HTML) -> Route:
    """Headers at once, then the body one byte at a time, never finishing."""

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", "1000000")
        h.end_headers()
        for _ in h.dripping():
            h.write(b"x")
        h.close_connection = True

    return route


def drip_headers(h: Handler) -> None:
    """A status line, then one header one byte at a time: the headers never end."""
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: ")
    for _ in h.dripping():
        h.wfile.write(b"a")
    h.close_connection = True


def chunked(pieces: Iterable[bytes], content_type: str = "text/plain") -> Route:
    """Stream pieces with Transfer-Encoding: chunked (no Content-Length to refuse up front)."""

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        for piece in pieces:
            h.wfile.write(f"{len(piece):x}\r\n".encode())
            h.write(piece)
            h.wfile.write(b"\r\n")
        h.wfile.write(b"0\r\n\r\n")

    return route


# --- helpers ------------------------------------------------------------------------------------


def run(*args: str, env: dict[str, str] | None = None) -> tuple[Result, float]:
    started = time.monotonic()
    result = runner.invoke(app, list(args), env=env)
    return result, time.monotonic() - started


def one_error(result: Result) -> str:
    """Exit 2 with exactly one error line and no traceback: that line."""
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output and not lines[0].startswith("error: unexpected ")
    return lines[0]


def gzipped(pieces: Iterable[bytes], level: int = 1) -> bytes:
    """One gzip member of the concatenated pieces, compressed as they come."""
    packer = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return b"".join([*(packer.compress(p) for p in pieces), packer.flush()])


def zeros(mib: int) -> Iterator[bytes]:
    block = bytes(MIB)
    return (block for _ in range(mib))


PEAK = """
import json, resource, sys
import briefing.cli, briefing.acquire.fetch, briefing.acquire.importer, httpx
from typer.testing import CliRunner
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = __import__("time").monotonic()
result = CliRunner().invoke(briefing.cli.app, sys.argv[1:])
seconds = __import__("time").monotonic() - started
grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"exit": result.exit_code, "stderr": result.stderr, "grew_kib": grew,
                  "seconds": seconds}))
"""


def import_measured(*args: str) -> dict[str, Any]:
    """`briefing import ARGS` in a fresh interpreter: exit code, stderr, seconds, and how much
    its peak resident memory grew (KiB, Linux ru_maxrss) over the state after imports."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PEAK, "import", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    outcome: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return outcome


# --- 1. an overall deadline ---------------------------------------------------------------------


DRIPS: dict[str, tuple[dict[str, Route], str, str]] = {
    # name: (routes, URL path imported, what the error names)
    "body": ({"/slow.html": drip_body()}, "/slow.html", "/slow.html"),
    "pdf-body": (
        {"/paper.pdf": drip_body("application/pdf")},
        "/paper.pdf",
        "/paper.pdf",
    ),
    "headers": ({"/slow.html": drip_headers}, "/slow.html", "/slow.html"),
    "robots-txt": (
        {"/robots.txt": drip_body("text/plain"), "/page.html": ok(SUMMIT)},
        "/page.html",
        "/robots.txt",
    ),
}


@pytest.mark.parametrize("name", sorted(DRIPS))
def test_a_dripping_download_fails_at_the_deadline(tmp_path: Path, name: str) -> None:
    routes, path, named = DRIPS[name]
    deadline = fetch.DEADLINE_FACTOR * TIMEOUT
    env = {"BRIEFING_FETCH_TIMEOUT": str(TIMEOUT), "BRIEFING_FETCH_RETRIES": "0"}
    with Web(routes) as web:
        result, seconds = run("import", web.url(path), "--corpus", str(tmp_path / "c"), env=env)
    line = one_error(result)
    for needle in (
        web.url(path),
        named,
        f"download not finished within {deadline:g} s",
        "BRIEFING_FETCH_TIMEOUT",
    ):
        assert needle in line, line
    assert deadline * 0.9 <= seconds < deadline + 3, seconds
    assert not list(tmp_path.glob("c/*.txt"))
    if name == "robots-txt":
        assert web.hits["/page.html"] == 0  # no page before its robots.txt is known
    if name == "headers":
        # The page reused robots.txt's kept-alive connection: the watchdog cuts that one too.
        assert web.ports["/slow.html"] == web.ports["/robots.txt"]


def test_a_dripping_download_is_retried_like_a_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "MAX_WAIT", 0.01)  # no real backoff waits
    deadline = fetch.DEADLINE_FACTOR * TIMEOUT
    env = {"BRIEFING_FETCH_TIMEOUT": str(TIMEOUT), "BRIEFING_FETCH_RETRIES": "1"}
    with Web({"/slow.html": drip_body()}) as web:
        result, seconds = run(
            "import", web.url("/slow.html"), "--corpus", str(tmp_path / "c"), env=env
        )
    line = one_error(result)
    assert f"download not finished within {deadline:g} s" in line and "after 1 retries" in line
    assert web.hits["/slow.html"] == 2
    assert seconds < 2 * deadline + 3, seconds


def test_a_slow_but_steady_download_within_the_deadline_succeeds(tmp_path: Path) -> None:
    """The deadline is not a read timeout: a page arriving in pieces, in time, is imported."""

    def steady(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        h.send_header("Content-Length", str(len(SUMMIT)))
        h.end_headers()
        step = len(SUMMIT) // 5 + 1
        for start in range(0, len(SUMMIT), step):
            h.write(SUMMIT[start : start + step])
            time.sleep(0.1)

    env = {"BRIEFING_FETCH_TIMEOUT": str(TIMEOUT), "BRIEFING_FETCH_RETRIES": "0"}
    with Web({"/steady.html": steady}) as web:
        result, _ = run("import", web.url("/steady.html"), "--corpus", str(tmp_path), env=env)
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.txt"))) == 1


# --- 2. the size cap holds on the decoded stream ------------------------------------------------


@pytest.fixture(scope="module")
def bomb_inner() -> bytes:
    """512 MiB of zeros, gzipped once (about 2 MB)."""
    return gzipped(zeros(512))


BOMBS: dict[str, Callable[[bytes], bytes]] = {
    # Content-Encoding: how the once-gzipped zeros are wrapped again (last coding applied last)
    "gzip, gzip": lambda inner: gzipped([inner], level=9),
    "gzip, deflate": lambda inner: zlib.compress(inner, 9),
}


@pytest.mark.parametrize("encoding", sorted(BOMBS))
def test_a_layered_compression_bomb_stops_at_the_cap_in_little_memory(
    tmp_path: Path, bomb_inner: bytes, encoding: str
) -> None:
    body = BOMBS[encoding](bomb_inner)
    assert len(body) < 64 * 1024  # a small download...
    route = ok(body, headers={"Content-Encoding": encoding})
    with Web({"/bomb.html": route}) as web:
        outcome = import_measured(web.url("/bomb.html"), "--corpus", str(tmp_path / "c"))
    assert outcome["exit"] == 2, outcome
    for needle in ("/bomb.html", "over the 20 MB import limit", "went past it"):
        assert needle in outcome["stderr"], outcome["stderr"]
    assert outcome["grew_kib"] < MEMORY_BOUND_KIB, outcome  # ...that must not become 512 MiB
    assert outcome["seconds"] < 5, outcome


CODED = {
    "identity": lambda b: b,
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "deflate": zlib.compress,
    "deflate-raw": lambda b: zlib.compress(b)[2:-4],  # no zlib header, as some servers send
    "deflate, gzip": lambda b: gzip.compress(zlib.compress(b)),
    "gzip, gzip": lambda b: gzip.compress(gzip.compress(b)),
}


@pytest.mark.parametrize("name", sorted(CODED))
def test_compressed_bodies_still_decode(name: str) -> None:
    """The incremental decoder gives back exactly what was encoded, in any supported chain."""
    original = SUMMIT * 40  # about 600 KB: many decode steps
    encoding = "deflate" if name == "deflate-raw" else name
    with (
        Web({"/page.html": ok(CODED[name](original), headers={"Content-Encoding": encoding})}) as w,
        fetch.Fetcher() as fetcher,
    ):
        got = fetcher.get(w.url("/page.html"))
    assert got.body == original


def test_a_body_that_is_not_gzip_is_named(tmp_path: Path) -> None:
    route = ok(b"this is not gzip at all", headers={"Content-Encoding": "gzip"})
    with Web({"/bad.html": route}) as web:
        result, _ = run("import", web.url("/bad.html"), "--corpus", str(tmp_path))
    line = one_error(result)
    assert "/bad.html" in line and "cannot be decompressed" in line


# --- 3. robots.txt is read to 500 KiB -----------------------------------------------------------

ROBOTS_HEAD = b"User-agent: *\nDisallow: /private/\n"


def test_a_huge_robots_txt_is_read_only_to_500_kib(tmp_path: Path) -> None:
    """128 MiB of robots.txt: the first rules count, a rule after 500 KiB does not, and the
    client hangs up long before the server has sent it all."""
    padding = (b"# " + b"x" * 1021 + b"\n") * 1024  # 1 MiB of comment lines

    def robots() -> Iterator[bytes]:
        yield ROBOTS_HEAD
        yield padding
        yield b"Disallow: /late/\n"  # past 500 KiB: not read
        for _ in range(127):
            yield padding

    routes = {
        "/robots.txt": chunked(robots()),
        "/late/page.html": ok(SUMMIT),
        "/private/page.html": ok(SUMMIT),
    }
    with Web(routes) as web:
        result, seconds = run(
            "import",
            web.url("/private/page.html"),
            web.url("/late/page.html"),
            "--corpus",
            str(tmp_path),
        )
    assert result.exit_code == 0, result.output  # one source was imported
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "/private/page.html" in warnings[0], result.stderr
    assert "robots.txt" in warnings[0]
    assert web.hits["/private/page.html"] == 0 and web.hits["/late/page.html"] == 1
    assert web.hits["/robots.txt"] == 1
    assert web.sent["/robots.txt"] < 32 * MIB, web.sent  # not all 128 MiB
    assert seconds < 10


def test_a_gzipped_robots_txt_expanding_to_400_mb_is_read_only_to_500_kib(
    tmp_path: Path,
) -> None:
    body = gzipped([ROBOTS_HEAD, *(b"#" * MIB for _ in range(400))])
    assert len(body) < 4 * MIB
    routes = {
        "/robots.txt": ok(body, content_type="text/plain", headers={"Content-Encoding": "gzip"}),
        "/private/page.html": ok(SUMMIT),
    }
    with Web(routes) as web:
        outcome = import_measured(web.url("/private/page.html"), "--corpus", str(tmp_path))
    assert outcome["exit"] == 2, outcome
    assert "disallowed by" in outcome["stderr"] and "robots.txt" in outcome["stderr"], outcome
    assert web.hits["/private/page.html"] == 0
    assert outcome["grew_kib"] < MEMORY_BOUND_KIB, outcome
    assert outcome["seconds"] < 5, outcome


def test_robots_txt_behind_a_redirect_is_obeyed(tmp_path: Path) -> None:
    routes = {
        "/robots.txt": ok(b"moved", status=301, headers={"Location": "/rules/robots.txt"}),
        "/rules/robots.txt": ok(ROBOTS_HEAD, content_type="text/plain"),
        "/private/page.html": ok(SUMMIT),
    }
    with Web(routes) as web:
        result, _ = run("import", web.url("/private/page.html"), "--corpus", str(tmp_path))
    line = one_error(result)
    assert "disallowed by" in line, line
    assert web.hits["/rules/robots.txt"] == 1 and web.hits["/private/page.html"] == 0


def test_a_robots_txt_redirect_loop_fails_cleanly(tmp_path: Path) -> None:
    routes = {
        "/robots.txt": ok(b"", status=302, headers={"Location": "/robots2.txt"}),
        "/robots2.txt": ok(b"", status=302, headers={"Location": "/robots.txt"}),
        "/page.html": ok(SUMMIT),
    }
    with Web(routes) as web:
        result, _ = run("import", web.url("/page.html"), "--corpus", str(tmp_path))
    line = one_error(result)
    assert "/page.html" in line and "redirects more than" in line, line
    assert web.hits["/page.html"] == 0
