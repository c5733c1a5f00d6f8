"""A scripted OpenAI-compatible server on 127.0.0.1 for fault-injection tests.

It serves `POST /v1/chat/completions` and `GET /v1/models`. Each test queues the
replies it wants (`server.script(...)`); once the queue is empty the `default`
reply answers (by default a valid map-step answer built from the prompt itself,
so the run verifies). Every request is recorded (path, headers, parsed body), so
tests can assert what the client sent, e.g. the Authorization header.

Stdlib only: `http.server.ThreadingHTTPServer` in a daemon thread.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "smollm2-135m-instruct"


@dataclass
class Request:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    at: float

    @property
    def user_prompt(self) -> str:
        """The first user message of a chat request, the evidence prompt ('' for other requests).

        A re-ask repeats it, then adds the rejected reply and the validation error.
        """
        if not isinstance(self.body, dict):
            return ""
        users = [m for m in self.body.get("messages", []) if m.get("role") == "user"]
        return str(users[0]["content"]) if users else ""


@dataclass
class Reply:
    """One scripted response.

    `delay`: seconds to wait before answering (a read timeout when longer than the
    client's). `truncate`: send only this many bytes of the body, with the full
    Content-Length, then close. `drop`: close the connection without any response.
    """

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    truncate: int | None = None
    drop: bool = False
    content_type: str = "application/json"

    def payload(self) -> bytes:
        """The body as bytes (dicts and lists are JSON-encoded)."""
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        if self.body is None:
            return b""
        return json.dumps(self.body).encode("utf-8")


Responder = Callable[[Request], Reply]


def completion(
    content: str | None, refusal: str | None = None, model: str = MODEL, finish: str = "stop"
) -> dict[str, Any]:
    """An OpenAI chat.completion envelope with usage."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def ok(content: str | dict[str, Any], **kw: Any) -> Reply:
    """A 200 chat completion whose message content is `content` (dicts become JSON text)."""
    text = content if isinstance(content, str) else json.dumps(content)
    return Reply(body=completion(text), **kw)


def error(status: int, message: str, **kw: Any) -> Reply:
    """An OpenAI-style error body with this status."""
    return Reply(status=status, body={"error": {"message": message, "type": "fault"}}, **kw)


_LABEL = re.compile(r"^\[(S\d+)\] (.*)$", re.MULTILINE)


def shown_sentences(prompt: str) -> dict[str, str]:
    """Label -> sentence text, as rendered in a prompt's evidence block."""
    return {m.group(1): m.group(2) for m in _LABEL.finditer(prompt)}


def map_answer(request: Request, label: str = "S1", **extra: Any) -> dict[str, Any]:
    """A valid map-step answer: its summary the sentence `label` itself (so it verifies)."""
    text = shown_sentences(request.user_prompt).get(label, "")
    # Within the schema's maxLength (180), cut at a word.
    summary = " ".join(text.split())[:170].rsplit(" ", 1)[0] if len(text) > 170 else text
    if len(summary) < 10:
        summary = (summary + " according to the source").strip()
    return {"summary": summary, **extra}


def echo(request: Request) -> Reply:
    """The default reply: a valid map answer built from the request's own evidence."""
    return ok(map_answer(request))


class FaultServer:
    """A scripted chat-completions server; use as a context manager."""

    def __init__(self, default: Responder | Reply = echo, model: str = MODEL) -> None:
        self.default = default
        self.model = model
        self.queue: deque[Reply | Responder] = deque()
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.first_request = threading.Event()
        self.stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- scripting ---------------------------------------------------------

    def script(self, *replies: Reply | Responder) -> FaultServer:
        """Queue replies for the next chat requests, in order."""
        with self.lock:
            self.queue.extend(replies)
        return self

    @property
    def chat_requests(self) -> list[Request]:
        """The chat-completion requests received so far."""
        with self.lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def wait_for_requests(self, n: int = 1, timeout: float = 30.0) -> bool:
        """Block until at least n chat requests have arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.chat_requests) >= n:
                return True
            time.sleep(0.02)
        return False

    # --- lifecycle ---------------------------------------------------------

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base URL to pass as --base-url."""
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FaultServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet

            def do_GET(self) -> None:
                server._record(self, None)
                if self.path.rstrip("/").endswith("/models"):
                    body = {"object": "list", "data": [{"id": server.model, "object": "model"}]}
                    self._send(Reply(body=body))
                else:
                    self._send(error(404, f"no route {self.path}"))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body: Any = json.loads(raw) if raw else None
                except json.JSONDecodeError:
                    body = raw.decode("utf-8", "replace")
                request = server._record(self, body)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(error(404, f"no route {self.path}"))
                    return
                self._send(server._next(request))

            def _send(self, reply: Reply) -> None:
                if reply.delay and server.stopping.wait(reply.delay):
                    return
                if reply.drop:
                    self.close_connection = True
                    with _quiet():
                        self.connection.shutdown(socket.SHUT_RDWR)
                    return
                data = reply.payload()
                with _quiet():
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    if reply.truncate is not None:
                        self.send_header("Connection", "close")
                    self.end_headers()
                    if reply.truncate is not None:
                        self.wfile.write(data[: reply.truncate])
                        self.wfile.flush()
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that timed out and hung up is part of the test

        self._httpd = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- internals -----------------------------------------------------------

    def _record(self, handler: BaseHTTPRequestHandler, body: Any) -> Request:
        request = Request(
            method=handler.command,
            path=handler.path,
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=body,
            at=time.monotonic(),
        )
        with self.lock:
            self.requests.append(request)
        if request.path.endswith("/chat/completions"):
            self.first_request.set()
        return request

    def _next(self, request: Request) -> Reply:
        with self.lock:
            item = self.queue.popleft() if self.queue else self.default
        return item(request) if callable(item) else item


class _quiet:
    """Suppress the errors of writing to a client that already hung up."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        return exc_type is not None and issubclass(exc_type, OSError)


def closed_port() -> int:
    """A port on 127.0.0.1 that nobody listens on (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(default: Responder | Reply = echo) -> Iterator[FaultServer]:
    """A started fault server, stopped afterwards."""
    with FaultServer(default) as server:
        yield server
