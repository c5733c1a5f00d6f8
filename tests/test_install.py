"""The wheel works anywhere: built, installed into a fresh virtual environment, run from an empty folder.

Marked `install` (about a minute: pip resolves the dependencies from PyPI or its cache). It does
not start the embedded model; `briefing generate` with the model is the slow tests' job.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import __version__
from briefing.cli import app
from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.install

DOC = "002_cbd8029a80ab4a9f.txt"
SENTENCE = "Putin has little choice but to appease Trump."


def run(
    args: list[str], cwd: Path, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run a command, failing the test with its output if it cannot start or times out."""
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with briefing installed from a wheel built from a copy of the package."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    src.mkdir()
    # Built from a copy, so the build's own files (build/, *.egg-info) never land in the
    # checkout, and nothing outside the package can leak into the wheel.
    shutil.copytree(
        ROOT / "briefing", src / "briefing", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    built = run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-w", str(base / "dist")],
        base,
        env,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (base / "dist").glob("briefing-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for folder, pattern in (("prompts", "*.j2"), ("templates", "*.j2"), ("data", "*.txt")):
        for p in (ROOT / "briefing" / folder).glob(pattern):
            assert f"briefing/{folder}/{p.name}" in names, f"{p.name} is not in the wheel"
    venv = base / "venv"
    made = run([sys.executable, "-m", "venv", str(venv)], base, env)
    assert made.returncode == 0, made.stderr
    pip = run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--progress-bar", "off", str(wheel)],
        base,
        env,
        timeout=900,
    )
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    return venv


def test_the_wheel_runs_from_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    empty, home, corpus = tmp_path / "empty", tmp_path / "state", tmp_path / "articles"
    empty.mkdir()
    shutil.copytree(SEEDS, corpus)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {"BRIEFING_HOME": str(home), "PATH": f"{installed / 'bin'}{os.pathsep}{env['PATH']}"}
    briefing = str(installed / "bin" / "briefing")

    where = run(
        [str(installed / "bin" / "python"), "-c", "import briefing; print(briefing.__file__)"],
        empty,
        env,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed), where.stdout  # not the checkout

    version = run([briefing, "--version"], empty, env)
    assert version.stdout.strip() == f"briefing {__version__}"

    nothing = run([briefing, "search", "Kremlin"], empty, env)
    assert nothing.returncode == 2 and "run `briefing ingest DIR` first" in nothing.stderr

    ingest = run([briefing, "ingest", str(corpus)], empty, env)
    assert ingest.returncode == 0, ingest.stderr
    search = run([briefing, "search", "what the Kremlin wants from Trump", "--json"], empty, env)
    assert search.returncode == 0, search.stderr
    hits = json.loads(search.stdout)
    assert hits and {h["corpus"] for h in hits} == {str(corpus.resolve())}
    for h in hits:
        assert (corpus / h["doc"]).read_text(encoding="utf-8")[h["start"] : h["end"]] == h["text"]

    # The shipped prompts render exactly what the source tree's do (cassettes match on them).
    # The wheel's venv has no embedding model, so the source tree runs without it too.
    dry = run([briefing, "generate", "--dry-run", "--json", "--corpus", str(corpus)], empty, env)
    assert dry.returncode == 0, dry.stderr
    here = CliRunner().invoke(
        app,
        ["generate", "--dry-run", "--json", "--corpus", str(corpus)],
        env={"BRIEFING_EMBEDDINGS": "off"},
    )
    assert here.exit_code == 0, here.output
    assert json.loads(dry.stdout)["prompts"] == json.loads(here.stdout)["prompts"]

    text = (corpus / DOC).read_text(encoding="utf-8")
    at = text.find(SENTENCE)
    claim = {
        "id": "K1",
        "text": "Putin has little choice but to appease Trump, the author argues.",
        "citations": [{"doc": DOC, "start": at, "end": at + len(SENTENCE), "quote": SENTENCE}],
    }
    briefing_json = empty / "briefing.json"
    briefing_json.write_text(
        json.dumps(
            {
                "schema_version": 1,
                "topic": "t",
                "generated_at": "2026-11-21T07:00:00Z",
                "model": "hand",
                "corpus": {"root": str(corpus), "documents": []},
                "sections": [{"heading": "Key judgments", "claims": [claim]}],
            }
        )
    )
    # An absolute corpus.root is not trusted from the file (issue 15): name it explicitly.
    verify = run(
        [briefing, "verify", "briefing.json", "--corpus", str(corpus), "--json"], empty, env
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert json.loads(verify.stdout)["claims"][0]["citations"][0]["status"] == "exact"

    export = run([briefing, "prompts", "export", "prompts"], empty, env)
    assert export.returncode == 0, export.stderr
    for p in (ROOT / "briefing" / "prompts").glob("*.j2"):
        assert (empty / "prompts" / p.name).read_bytes() == p.read_bytes()
    found = json.loads(run([briefing, "doctor", "--json"], empty, env).stdout)
    assert found["prompts"]["path"] == str(empty / "prompts")
    assert found["state"]["home"] == str(home)
    # Nothing but what was asked for was written to the working directory.
    assert sorted(p.name for p in empty.iterdir()) == ["briefing.json", "prompts"]
