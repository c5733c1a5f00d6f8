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


def briefing(*args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
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
