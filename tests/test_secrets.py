"""API keys are used, and never written: not to outputs, manifests, logs, the database,
error messages, --debug tracebacks or cassettes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from typer.testing import CliRunner

from briefing.cli import app
from briefing.core.errors import redact, safe_url
from tests.conftest import CASSETTES, model_cmd
from tests.faultserver import FaultServer, error

runner = CliRunner()

KEY = "sk-test-SECRET0123456789abcdef"
FAST = {"BRIEFING_MAX_RETRIES": "1", "BRIEFING_TIMEOUT": "5", "BRIEFING_PASSAGES": "2"}


def generate(url: str, out: Path, *extra: str, env: dict[str, str] | None = None) -> Result:
    args = [
        *model_cmd("generate", url, out),
        "--no-cache",
        *extra,
    ]
    return runner.invoke(app, args, env={**FAST, **(env or {})})


def leaks(root: Path, result: Result, secret: str = KEY, allow: tuple[Path, ...] = ()) -> list[str]:
    """Every file under root (database and WAL included) and the CLI output holding the secret."""
    needles = [secret.encode(), secret[3:].encode()]  # with and without the sk- prefix
    found = [
        str(p)
        for p in root.rglob("*")
        if p.is_file() and p not in allow and any(n in p.read_bytes() for n in needles)
    ]
    if secret in result.output or secret[3:] in result.output:
        found.append("<cli output>")
    return found


def write_config(path: Path, mode: int) -> Path:
    path.write_text(f'api_key = "{KEY}"\n', encoding="utf-8")
    os.chmod(path, mode)
    return path


@pytest.mark.live_endpoint
@pytest.mark.parametrize("via", ["flag", "OPENAI_API_KEY", "BRIEFING_API_KEY", "briefing.toml"])
def test_the_key_is_sent_and_never_written(tmp_path: Path, via: str) -> None:
    out = tmp_path / "out"
    extra: list[str] = []
    env: dict[str, str] = {}
    allow: tuple[Path, ...] = ()
    if via == "flag":
        extra = ["--api-key", KEY]
    elif via == "briefing.toml":
        allow = (write_config(Path.cwd() / "briefing.toml", 0o600),)
    else:
        env = {via: KEY}
    with FaultServer() as server:
        result = generate(server.url, out, *extra, "--json", env=env)
        sent = {r.headers.get("authorization") for r in server.chat_requests}
    assert result.exit_code == 0, result.output
    assert sent == {f"Bearer {KEY}"}  # proof the key was used
    (run,) = [p for p in out.iterdir() if p.is_dir()]
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["parameters"]["api_key"] == "set"
    assert leaks(tmp_path, result, allow=allow) == []


@pytest.mark.live_endpoint
@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_a_refused_key_is_named_not_shown(tmp_path: Path, debug: bool) -> None:
    """OpenAI's 401 quotes the key it refused; neither the line nor a --debug traceback may."""
    out = tmp_path / "out"
    refused = error(401, f"Incorrect API key provided: {KEY}. Find your key at ...")
    with FaultServer(default=refused) as server:
        args = ["--debug"] if debug else []
        result = runner.invoke(
            app,
            [*args, *generate_args(server.url, out)],
            env={**FAST, "OPENAI_API_KEY": KEY},
        )
        assert server.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert result.exit_code == 2, result.output
    line = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(line) == 1 and "OPENAI_API_KEY" in line[0] and "401" in line[0]
    if debug:
        assert "Traceback" in result.stderr
    assert leaks(tmp_path, result) == []


def generate_args(url: str, out: Path) -> list[str]:
    return [
        *model_cmd("generate", url, out),
        "--no-cache",
    ]


@pytest.mark.live_endpoint
def test_a_server_echoing_the_key_in_an_error_is_redacted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    echoing = error(503, f"upstream rejected Authorization: Bearer {KEY}")
    with FaultServer(default=echoing) as server:
        result = generate(server.url, out, "--api-key", KEY)
    assert result.exit_code == 2
    assert "HTTP 503" in result.stderr and "BRIEFING_BASE_URL" in result.stderr
    assert leaks(tmp_path, result) == []


@pytest.mark.live_endpoint
def test_credentials_in_the_base_url_stay_out_of_manifests_and_errors(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with FaultServer() as server:
        url = server.url + f"?api-key={KEY}"
        result = generate(url, out)
        assert result.exit_code == 0, result.output
        (run,) = [p for p in out.iterdir() if p.is_dir()]
        params = json.loads((run / "manifest.json").read_text())["parameters"]
        assert params["base_url"].endswith("?api-key=***")
    with FaultServer(default=error(500, "boom")) as bad:
        failed = generate(f"http://user:{KEY}@127.0.0.1:{bad.port}/v1", tmp_path / "out2")
    assert failed.exit_code == 2 and "***@127.0.0.1" in failed.stderr
    assert leaks(tmp_path, result) == [] and leaks(tmp_path, failed) == []


def test_world_readable_config_with_a_key_warns_through_the_cli() -> None:
    cfg = write_config(Path.cwd() / "briefing.toml", 0o644)
    result = runner.invoke(app, ["runs"])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "chmod 600" in result.stderr
    assert str(cfg) in result.stderr and KEY not in result.output
    os.chmod(cfg, 0o600)
    quiet = runner.invoke(app, ["runs"])
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr


def test_redaction_helpers() -> None:
    assert redact(f"key {KEY} here", KEY) == "key *** here"
    assert redact(f"key {KEY} here") == "key sk-*** here"
    assert redact("Authorization: Bearer abc.def-ghi_jkl") == "Authorization: Bearer ***"
    assert redact("sk-proj-abcdefghijklmnop") == "sk-***"
    assert redact(f"text {KEY}", KEY, shapes=False) == "text ***"
    assert redact("Bearer certificates matter", shapes=False) == "Bearer certificates matter"
    assert safe_url(f"https://u:{KEY}@api.example.com/v1?key={KEY}&x=1") == (
        "https://***@api.example.com/v1?key=***&x=***"
    )
    assert safe_url("http://127.0.0.1:8080/v1") == "http://127.0.0.1:8080/v1"


KEY_SHAPED = re.compile(r"sk-[A-Za-z0-9_-]{12,}")
BEARER = re.compile(r"Bearer [A-Za-z0-9_.-]{12,}")
AUTH_LINE = re.compile(r"(?i)authorization['\"]?\s*:\s*(\S.*)$")


def test_cassettes_hold_no_key() -> None:
    files = sorted(CASSETTES.glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not KEY_SHAPED.search(text), path
        assert not BEARER.search(text), path
        for line in text.splitlines():
            m = AUTH_LINE.search(line)  # an inline value (a header written on one line)
            assert not m or m.group(1).strip("'\" []") == "REDACTED", (path, line)
        for interaction in yaml.safe_load(text)["interactions"]:
            for side in ("request", "response"):
                headers = {k.lower(): v for k, v in interaction[side].get("headers", {}).items()}
                for name in ("authorization", "api-key", "x-api-key", "cookie", "set-cookie"):
                    assert headers.get(name, ["REDACTED"]) == ["REDACTED"], (path, side, name)
