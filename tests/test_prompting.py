"""Where prompt templates come from, and `briefing prompts export`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.core.errors import ConfigError
from briefing.generation import prompting
from tests.conftest import ROOT

runner = CliRunner()
SHIPPED = ROOT / "briefing" / "prompts"


def test_the_defaults_ship_inside_the_package() -> None:
    assert prompting.shipped_prompts().resolve() == SHIPPED
    assert not (ROOT / "prompts").exists()  # one source of truth: no second copy to drift
    folder, origin = prompting.prompts_source(None)
    assert folder.resolve() == SHIPPED and origin == "the defaults shipped with briefing"


def test_the_setting_beats_the_working_directory_which_beats_the_package(tmp_path: Path) -> None:
    prompting.export_prompts(Path.cwd() / "prompts")
    assert prompting.prompts_source(None) == (
        Path.cwd() / "prompts",
        "./prompts in the working directory",
    )
    mine = tmp_path / "mine"
    prompting.export_prompts(mine)
    assert prompting.prompts_source(mine)[0] == mine


def test_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "p"
    first = runner.invoke(app, ["prompts", "export", str(target)])
    assert first.exit_code == 0, first.output
    assert sorted(p.name for p in target.iterdir()) == sorted(p.name for p in SHIPPED.glob("*.j2"))
    assert "BRIEFING_PROMPTS" in first.stderr and "--prompts" in first.stderr
    (target / "map.system.j2").write_text("edited")
    again = runner.invoke(app, ["prompts", "export", str(target)])
    assert again.exit_code == 2 and "--force" in again.stderr
    assert (target / "map.system.j2").read_text() == "edited"  # untouched
    forced = runner.invoke(app, ["prompts", "export", str(target), "--force"])
    assert forced.exit_code == 0
    assert (target / "map.system.j2").read_bytes() == (SHIPPED / "map.system.j2").read_bytes()


def test_export_into_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(ConfigError, match="is not a folder"):
        prompting.export_prompts(tmp_path / "f")


def test_an_exported_and_edited_prompt_is_what_dry_run_sends(seeds_copy: Path) -> None:
    assert runner.invoke(app, ["prompts", "export", "prompts"]).exit_code == 0
    (Path("prompts") / "map.system.j2").write_text("You are a careful analyst. Reply in JSON.")
    plan = json.loads(
        runner.invoke(app, ["generate", "--dry-run", "--json", "--corpus", str(seeds_copy)]).stdout
    )
    assert plan["prompts"][0][0]["content"] == "You are a careful analyst. Reply in JSON."


def test_an_exported_template_asking_for_retired_fields_is_refused_before_any_call(
    seeds_copy: Path,
) -> None:
    # A map.user.j2 exported before map answers became a summary only still asks for
    # "sentence_ids" and "relevance"; an endpoint without constrained output would send them
    # and have every reply refused. One line names the file and the fix instead.
    assert runner.invoke(app, ["prompts", "export", "prompts"]).exit_code == 0
    template = Path("prompts") / "map.user.j2"
    template.write_text(
        template.read_text()
        + '\n- "sentence_ids": the ids ({{ ids | join(", ") }}) that best answer the topic.'
        + '\n- "relevance": from 0 (unrelated to the topic) to 10 (answers it directly).\n'
    )
    result = runner.invoke(app, ["generate", "--dry-run", "--corpus", str(seeds_copy)])
    assert result.exit_code == 2
    (line,) = [x for x in result.stderr.splitlines() if x.strip()]
    assert "map.user.j2" in line and "sentence_ids, relevance" in line
    assert "prompts export" in line and "Traceback" not in result.output
    # The shipped defaults, exported again, are accepted.
    assert runner.invoke(app, ["prompts", "export", "prompts", "--force"]).exit_code == 0
    ok = runner.invoke(app, ["generate", "--dry-run", "--corpus", str(seeds_copy)])
    assert ok.exit_code == 0, ok.output
