"""Shared fixtures: isolated state per test, and model HTTP that is replayed, never live.

Model calls replay vcrpy cassettes from cassettes/ (pytest-recording). Replay is
the default (`--record-mode=none`): an unrecorded request fails the test. To
re-record against the embedded llama.cpp server: `bash dev.sh record`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CASSETTES = ROOT / "cassettes"
EMBEDDED_MODEL = "smollm2-135m-instruct"
# Nothing listens here: in replay vcrpy answers before any connection is made.
REPLAY_URL = "http://127.0.0.1:9/v1"

# Dropped from recorded requests altogether (a name alone tells vcrpy to remove
# the header): nothing key-shaped, not even a placeholder, reaches cassettes/.
SCRUBBED_REQUEST_HEADERS = [
    "authorization",
    "api-key",
    "x-api-key",
    "cookie",
    "openai-organization",
    "openai-project",
]
SCRUBBED_RESPONSE_HEADERS = {"set-cookie", "openai-organization", "openai-project", "x-request-id"}


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """vcrpy's filter_headers only touches requests: drop secrets from responses too."""
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SCRUBBED_RESPONSE_HEADERS:
            del headers[name]
    return response


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    """Match on the body: the body is the prompt, so an edited prompt fails until re-recorded."""
    return {
        "match_on": ["method", "path", "body"],
        "filter_headers": SCRUBBED_REQUEST_HEADERS,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
        "allow_playback_repeats": True,
    }


@pytest.fixture(scope="session")
def vcr_cassette_dir() -> str:
    """All cassettes live in the top-level cassettes/ folder."""
    return str(CASSETTES)


def recording(config: pytest.Config) -> bool:
    """True when pytest runs with a --record-mode that writes cassettes."""
    return config.getoption("--record-mode", default="none") not in ("none", None)


@pytest.fixture(scope="session")
def model_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The model endpoint for cassette tests: the real embedded server only while recording."""
    if not recording(request.config):
        yield REPLAY_URL
        return
    from briefing.generation import server

    home = Path(request.config.cache.mkdir("llama-logs")) if request.config.cache else ROOT
    with server.embedded_server(home) as url:
        yield url


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own state directory and working directory, and no stray settings."""
    from briefing.core.config import Settings, env_var

    # Every setting's variable (a new setting's too), so a developer's shell cannot leak in.
    for var in [*(env_var(name) for name in Settings.model_fields), "OPENAI_API_KEY"]:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)


@pytest.fixture(autouse=True)
def record_only_cassette_owners(request: pytest.FixtureRequest) -> None:
    """While recording, only the test that owns a cassette runs: a test replaying another
    test's cassette (e.g. to prove the cache or an edited prompt) would overwrite it."""
    if (
        recording(request.config)
        and request.node.get_closest_marker("vcr")
        and not request.node.get_closest_marker("records_cassette")
    ):
        pytest.skip("replays another test's cassette; not run while recording")


@pytest.fixture(autouse=True)
def no_unrecorded_model_calls(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pydantic-ai's ALLOW_MODEL_REQUESTS=False: outside cassette, slow and fault tests, no model at all."""
    allowed = {"vcr", "slow", "live_endpoint"}
    if any(request.node.get_closest_marker(m) for m in allowed):
        return
    from briefing.generation import llm, server

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("a model call was attempted in a test without a cassette")

    monkeypatch.setattr(llm, "make_client", refuse)
    monkeypatch.setattr(server, "embedded_server", refuse)


def model_cmd(command: str, url: str, out: Path, corpus: Path = SEEDS) -> list[str]:
    """The command line the model tests share: map-reduce with the embedded model's name at `url`."""
    return [
        command,
        "--corpus",
        str(corpus),
        "--out",
        str(out),
        "--base-url",
        url,
        "--model",
        EMBEDDED_MODEL,
        "--strategy",
        "map-reduce",
    ]


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


def pytest_configure(config: pytest.Config) -> None:
    """Register markers used here."""
    config.addinivalue_line("markers", "live_endpoint: talks to a test-local HTTP server")
    config.addinivalue_line(
        "markers", "records_cassette: owns its cassette; re-recorded by `bash dev.sh record`"
    )


# --- PostgreSQL: a real server for the team-archive backend ----------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """One real PostgreSQL server for the session (initdb in a temporary folder), stopped at the end."""
    from tests.pgserver import find_bin, running_server

    if find_bin() is None:
        if os.environ.get("REQUIRE_POSTGRES_TESTS"):
            pytest.fail(
                "PostgreSQL is required here (REQUIRE_POSTGRES_TESTS is set) but not installed"
            )
        pytest.skip(
            "PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql):"
            " the PostgreSQL backend tests are skipped; `apt-get install postgresql` (as .ci/run"
            " does) runs them"
        )
    with running_server() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: Any) -> Iterator[str]:
    """A fresh, empty database on the test server; its URL (with the admin's password)."""
    import uuid

    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_server.url(name)
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each backend in turn: "sqlite", or the URL of a fresh PostgreSQL database, which
    BRIEFING_DATABASE_URL then names (so CLI commands and subprocesses use it too)."""
    if request.param == "sqlite":
        return "sqlite"
    url: str = request.getfixturevalue("pg_url")
    monkeypatch.setenv("BRIEFING_DATABASE_URL", url)
    return url


@pytest.fixture
def open_state(backend: str, tmp_path: Path) -> Iterator[Any]:
    """A function opening the backend's store for a corpus folder (closed after the test)."""
    from briefing import store

    opened: list[Any] = []

    def open_(root: Path) -> Any:
        if backend == "sqlite":
            st: Any = store.Store.open(tmp_path / "db.sqlite", root)
        else:
            from briefing.store.postgres import PostgresStore

            st = PostgresStore.open(backend, root)
        opened.append(st)
        return st

    yield open_
    for st in opened:
        st.close()
