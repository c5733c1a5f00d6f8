"""Two processes at once: two generates write two complete, distinct runs; two digests
serialize on the lock (the second refuses, or queues with --wait). On both backends: the
subprocesses inherit BRIEFING_DATABASE_URL from the `backend` fixture."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing import store
from briefing.cli import app
from tests.conftest import ROOT, model_cmd
from tests.faultserver import FaultServer, Reply, Request, echo

pytestmark = pytest.mark.live_endpoint

runner = CliRunner()


def briefing(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        **(env or {}),
        "PYTHONPATH": str(ROOT),
        "BRIEFING_MAX_RETRIES": "1",
        "BRIEFING_PASSAGES": "3",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def slow_echo(request: Request) -> Reply:
    """A valid reply after a short pause, so that two runs overlap."""
    reply = echo(request)
    reply.delay = 0.3
    return reply


def test_two_generates_at_once_write_two_runs(tmp_path: Path, backend: str) -> None:
    out = tmp_path / "out"
    with FaultServer(default=slow_echo) as server:
        args = [
            *model_cmd("generate", server.url, out),
            "--json",
        ]
        procs = [briefing(*args, "--concurrency", "2") for _ in range(2)]
        results = [p.communicate(timeout=120) for p in procs]
    for p, (stdout, stderr) in zip(procs, results, strict=True):
        assert p.returncode == 0, stderr
        json.loads(stdout)
    runs = sorted(p for p in out.iterdir() if p.is_dir())
    # Same inputs in the same second give the same run id: the second run moves to <id>-2.
    assert len(runs) == 2 and not [p for p in out.iterdir() if ".tmp-" in p.name]
    for run in runs:
        assert {"briefing.json", "briefing.md", "briefing.html", "manifest.json"} <= {
            f.name for f in run.iterdir()
        }
    rows = json.loads(runner.invoke(app, ["runs", "--json"]).stdout)
    assert sorted(r["id"] for r in rows) == [r.name for r in runs]
    if backend == "sqlite":
        assert store.check(Path(os.environ["BRIEFING_HOME"]) / "briefing.db") == []


def test_two_digests_serialize(seeds_copy: Path, tmp_path: Path, backend: str) -> None:
    out = tmp_path / "out"

    def slower_echo(request: Request) -> Reply:
        reply = echo(request)
        reply.delay = 1.0
        return reply

    with FaultServer(default=slower_echo) as server:
        args = [
            *model_cmd("digest", server.url, out, seeds_copy),
            "--json",
        ]
        first = briefing(*args)
        assert server.wait_for_requests(1, timeout=60)  # the first holds the lock now
        refused = briefing(*args)
        _, refused_err = refused.communicate(timeout=60)
        queued = briefing(*args, "--wait", "120")
        first_out, first_err = first.communicate(timeout=120)
        queued_out, queued_err = queued.communicate(timeout=120)
    assert first.returncode == 0, first_err
    assert json.loads(first_out)["status"] == "written"
    assert refused.returncode == 2
    assert "another digest is running" in refused_err and "--wait" in refused_err
    assert queued.returncode == 0, queued_err
    assert json.loads(queued_out)["status"] == "nothing-new"  # it ran after the first


def test_four_processes_on_one_archive(pg_url: str, seeds_copy: Path, tmp_path: Path) -> None:
    """Ingest, digest and two generates (a stub model) against one PostgreSQL archive at once:
    every document stored once, every run recorded once, the counts add up."""
    import psycopg

    extra = tmp_path / "incoming"
    extra.mkdir()
    for i, f in enumerate(sorted(seeds_copy.iterdir())):  # a second folder, ingested meanwhile
        (extra / f"copy{i}.txt").write_text(f.read_text() + f"\nCopy {i}.\n")
    out = tmp_path / "out"
    env = {"BRIEFING_DATABASE_URL": pg_url}
    with FaultServer(default=slow_echo) as server:
        procs = [
            briefing("ingest", str(extra), "--json", env=env),
            briefing(*model_cmd("digest", server.url, out, seeds_copy), "--json", env=env),
            *(
                briefing(*model_cmd("generate", server.url, out, seeds_copy), "--json", env=env)
                for _ in range(2)
            ),
        ]
        results = [p.communicate(timeout=240) for p in procs]
    for p, (_, stderr) in zip(procs, results, strict=True):
        assert p.returncode == 0, stderr
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute(
            "SELECT c.path, c.documents, c.passages, (SELECT count(*) FROM documents d"
            " WHERE d.corpus = c.id), (SELECT count(*) FROM passages p WHERE p.corpus = c.id)"
            " FROM corpora c ORDER BY c.path"
        ).fetchall()
        runs = conn.execute(
            "SELECT kind, count(*) FROM runs GROUP BY kind ORDER BY kind"
        ).fetchall()
    assert sorted((Path(r[0]).name, r[1], r[3]) for r in rows) == sorted(
        [(extra.name, 5, 5), (seeds_copy.name, 5, 5)]
    )
    assert all(r[2] == r[4] for r in rows)  # the BM25 counts match the passages stored
    assert runs == [("digest", 1), ("generate", 2)]
