"""A scripted web site on 127.0.0.1 for the import tests: pages, feeds, PDFs and their faults.

Routes map a path to a `Page`; a test may queue one-off answers for a path first
(`site.script("/flaky", Page(status=503), ...)`), which are served in order before the route.
A page can redirect, stall, stream without end, or declare a huge Content-Length. Every request
is recorded (method, path, headers), so tests can assert what the importer fetched and how it
identified itself.

Stdlib only, in the style of tests/faultserver.py: `ThreadingHTTPServer` in a daemon thread.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HTML = "text/html; charset=utf-8"


@dataclass
class Page:
    """One answer. `endless`: stream chunks without Content-Length until the client hangs up.
    `declare`: send this Content-Length (and stream zeros) whatever the body is.
    `delay`: seconds before answering."""

    body: bytes | str = b""
    status: int = 200
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    endless: bool = False
    declare: int | None = None
    delay: float = 0.0

    def payload(self) -> bytes:
        """The body as bytes."""
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass
class Seen:
    """One request as the site saw it."""

    method: str
    path: str
    headers: dict[str, str]


class Site:
    """A local web site; use as a context manager."""

    def __init__(self, routes: dict[str, Page] | None = None) -> None:
        self.routes: dict[str, Page] = dict(routes or {})
        self.queues: dict[str, deque[Page]] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None

    def url(self, path: str = "/") -> str:
        """The absolute URL of a path on this site."""
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{path}"

    def script(self, path: str, *pages: Page) -> None:
        """Queue one-off answers for path, served before its route."""
        with self.lock:
            self.queues.setdefault(path, deque()).extend(pages)

    def hits(self, path: str) -> int:
        """How many requests asked for path."""
        with self.lock:
            return sum(1 for r in self.requests if r.path == path)

    def _answer(self, path: str) -> Page:
        with self.lock:
            queue = self.queues.get(path)
            if queue:
                return queue.popleft()
        if path in self.routes:
            return self.routes[path]
        if path == "/robots.txt":
            return Page(status=404, body="no robots.txt", content_type="text/plain")
        return Page(status=404, body="<html><body>Not found</body></html>")

    def start(self) -> Site:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with site.lock:
                    site.requests.append(
                        Seen("GET", self.path, {k.lower(): v for k, v in self.headers.items()})
                    )
                page = site._answer(self.path)
                if page.delay and site.stopping.wait(page.delay):
                    return
                with contextlib.suppress(OSError):
                    self._send(page)

            def _send(self, page: Page) -> None:
                data = page.payload()
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                for k, v in page.headers.items():
                    self.send_header(k, v)
                if page.endless:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    chunk = b"<p>" + b"x" * 65_530 + b"</p>"
                    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
                    deadline = time.monotonic() + 20
                    while not site.stopping.is_set() and time.monotonic() < deadline:
                        self.wfile.write(frame)
                    self.close_connection = True
                    return
                if page.declare is not None:
                    self.send_header("Content-Length", str(page.declare))
                    self.end_headers()
                    sent, block = 0, b"\0" * 65_536
                    while sent < page.declare and not site.stopping.is_set():
                        self.wfile.write(block)
                        sent += len(block)
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hung up on purpose is part of the test

        self._httpd = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> Site:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
