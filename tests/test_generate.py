"""briefing generate, end to end, replaying a cassette recorded from the embedded llama.cpp server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from tests.conftest import EMBEDDED_MODEL, SEEDS

runner = CliRunner()


def generate_args(model_url: str, out: Path, *extra: str) -> list[str]:
    """The command line of the recorded run (map-reduce, one call at a time so the order is fixed)."""
    return [
        "generate",
        "--corpus",
        str(SEEDS),
        "--out",
        str(out),
        "--base-url",
        model_url,
        "--model",
        EMBEDDED_MODEL,
        "--strategy",
        "map-reduce",
        "--concurrency",
        "1",
        *extra,
    ]


def only_run(out: Path) -> Path:
    """The single run directory under out/."""
    runs = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(runs) == 1, runs
    return runs[0]


@pytest.mark.vcr
def test_generate_writes_a_verified_briefing(model_url: str, tmp_path: Path, vcr) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "outputs"
    result = runner.invoke(app, generate_args(model_url, out, "--json"))
    assert result.exit_code == 0, result.output
    briefing = json.loads(result.stdout)
    run = only_run(out)
    assert sorted(p.name for p in run.iterdir()) == [
        "briefing.html",
        "briefing.json",
        "briefing.md",
        "manifest.json",
        "verification.json",
    ]
    assert json.loads((run / "briefing.json").read_text()) == briefing

    # The contract: every published citation is exact against the raw file.
    claims = [c for s in briefing["sections"] for c in s["claims"]]
    for claim in claims:
        assert claim["citations"], claim
        for c in claim["citations"]:
            text = (SEEDS / c["doc"]).read_bytes().decode("utf-8")
            assert text[c["start"] : c["end"]] == c["quote"]
    # The bar for the embedded model: >= 5 judgments from >= 4 sources.
    assert len(claims) >= 5
    assert len({c["doc"] for cl in claims for c in cl["citations"]}) >= 4
    assert briefing["schema_version"] == 1 and briefing["model"] == EMBEDDED_MODEL

    manifest = json.loads((run / "manifest.json").read_text())
    assert {d["doc"] for d in manifest["inputs"]} == {p.name for p in SEEDS.iterdir()}
    assert set(manifest["templates"]) >= {"map.user.j2", "map.system.j2"}
    assert manifest["usage"]["calls"] >= 1 and manifest["usage"]["prompt_tokens"] > 0
    assert manifest["strategy"] == "map-reduce"

    md = (run / "briefing.md").read_text()
    assert "## Key judgments" in md and "[^1]:" in md

    verify = runner.invoke(app, ["verify", str(run / "briefing.json"), "--corpus", str(SEEDS)])
    assert verify.exit_code == 0, verify.output


@pytest.mark.vcr("test_generate_writes_a_verified_briefing.yaml")
def test_second_run_is_served_from_the_cache(model_url: str, tmp_path: Path, vcr) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "outputs"
    first = runner.invoke(app, generate_args(model_url, out, "--json"))
    assert first.exit_code == 0, first.output
    plays = vcr.play_count
    assert plays > 0
    second = runner.invoke(app, generate_args(model_url, out, "--json"))
    assert second.exit_code == 0, second.output
    assert vcr.play_count == plays, "the second run called the model despite the cache"
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    a.pop("generated_at"), b.pop("generated_at")
    assert a == b


@pytest.mark.vcr("test_generate_writes_a_verified_briefing.yaml")
def test_edited_prompt_is_not_replayed(model_url: str, tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    for p in (Path(__file__).parent.parent / "prompts").glob("*.j2"):
        (prompts / p.name).write_text(p.read_text())
    (prompts / "map.system.j2").write_text("You are a different analyst. Reply in JSON.")
    result = runner.invoke(
        app,
        generate_args(model_url, tmp_path / "out", "--no-cache"),
        env={"BRIEFING_PROMPTS": str(prompts)},
    )
    # The cassette has no answer for an edited prompt: the run fails, nothing is published.
    assert result.exit_code != 0
    assert not (tmp_path / "out").exists() or not any(
        p for p in (tmp_path / "out").iterdir() if p.name != "failed"
    )


def test_dry_run_calls_no_model(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "--corpus", str(SEEDS), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["calls"] >= 1 and plan["prompt_tokens"] > 100
    assert plan["estimated_cost_usd"] == 0.0
    assert len(plan["sources"]) >= 4
    user = plan["prompts"][0][1]["content"]
    assert "[S1]" in user and "<evidence-" in user


def test_no_evidence_is_exit_1_without_a_model_call(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["generate", "--corpus", str(SEEDS), "--topic", "zyzzyva quokka marmalade"]
    )
    assert result.exit_code == 1
    assert "no passage" in result.output
    assert not Path("outputs").exists() or not any(Path("outputs").iterdir())


@pytest.mark.slow
def test_generate_for_real_with_the_embedded_model(tmp_path: Path) -> None:
    """The README's main job, unrecorded: start llama.cpp, generate, verify."""
    out = tmp_path / "outputs"
    result = runner.invoke(app, ["generate", "--corpus", str(SEEDS), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    briefing = json.loads(result.stdout)
    claims = [c for s in briefing["sections"] for c in s["claims"]]
    assert claims
    run = only_run(out)
    verify = runner.invoke(app, ["verify", str(run / "briefing.json"), "--corpus", str(SEEDS)])
    assert verify.exit_code == 0, verify.output
