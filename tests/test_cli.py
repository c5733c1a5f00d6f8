"""The command line: verify's contract end to end, --json purity, layering, entry points."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from tests.conftest import ROOT, SEEDS

runner = CliRunner()
DOC = "002_cbd8029a80ab4a9f.txt"
TEXT = (SEEDS / DOC).read_bytes().decode("utf-8")
SENTENCE = "Putin has little choice but to appease Trump."


def citation(quote: str, start: int | None = None) -> dict[str, Any]:
    at = TEXT.find(quote) if start is None else start
    return {"doc": DOC, "start": at, "end": at + len(quote), "quote": quote}


def write_briefing(path: Path, claims: list[dict[str, Any]]) -> Path:
    """A briefing citing `seeds`, relative to the working directory (which gets a copy)."""
    if not Path("seeds").is_dir():
        shutil.copytree(SEEDS, "seeds")
    data = {
        "schema_version": 1,
        "topic": "t",
        "generated_at": "2026-11-21T07:00:00Z",
        "model": "hand",
        "corpus": {"root": "seeds", "documents": []},
        "sections": [{"heading": "Key judgments", "claims": claims}],
    }
    path.write_text(json.dumps(data))
    return path


def good_claim(cid: str = "K1") -> dict[str, Any]:
    assert TEXT.find(SENTENCE) > 0
    return {
        "id": cid,
        "text": "Putin has little choice but to appease Trump, the author argues.",
        "citations": [citation(SENTENCE)],
    }


def test_verify_ok_exit_0_and_json_report_shape(tmp_path: Path) -> None:
    path = write_briefing(tmp_path / "b.json", [good_claim()])
    result = runner.invoke(app, ["verify", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)  # exactly one JSON document on stdout
    assert report["ok"] is True
    (claim,) = report["claims"]
    assert (claim["id"], claim["ok"], claim["status"]) == ("K1", True, "supported")
    (cit,) = claim["citations"]
    assert cit["status"] == "exact" and cit["start"] == TEXT.find(SENTENCE)
    assert {"status", "start", "end", "support", "message"} <= set(cit)


def test_verify_failure_is_exit_1_with_one_line_per_failing_claim(tmp_path: Path) -> None:
    forged = dict(citation(SENTENCE), quote=SENTENCE.replace("little", "no"))
    claims = [
        good_claim(),
        {"id": "K2", "text": "Putin must appease Trump.", "citations": [forged]},
    ]
    path = write_briefing(tmp_path / "b.json", claims)
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    failing = [line for line in lines if "K2" in line]
    assert len(failing) == 1 and "not_found" in failing[0]
    assert not any("K1" in line for line in lines)
    assert "2 claims" in lines[-1] or "2 claims" in result.stdout


def test_strict_makes_relocated_fatal_and_fix_rewrites_offsets(tmp_path: Path) -> None:
    moved = citation(SENTENCE, start=TEXT.find(SENTENCE) + 7)
    path = write_briefing(tmp_path / "b.json", [dict(good_claim(), citations=[moved])])
    lenient = runner.invoke(app, ["verify", str(path), "--json"])
    assert lenient.exit_code == 0
    assert json.loads(lenient.stdout)["claims"][0]["citations"][0]["status"] == "relocated"
    strict = runner.invoke(app, ["verify", str(path), "--strict"])
    assert strict.exit_code == 1
    fixed = tmp_path / "fixed.json"
    result = runner.invoke(app, ["verify", str(path), "--fix", str(fixed)])
    assert result.exit_code == 0 and fixed.is_file()
    before, after = json.loads(path.read_text()), json.loads(fixed.read_text())
    cit = after["sections"][0]["claims"][0]["citations"][0]
    assert (cit["start"], cit["end"]) == (TEXT.find(SENTENCE), TEXT.find(SENTENCE) + len(SENTENCE))
    before["sections"][0]["claims"][0]["citations"][0].update(start=cit["start"], end=cit["end"])
    assert after == before  # nothing else changed
    again = runner.invoke(app, ["verify", str(fixed), "--strict"])
    assert again.exit_code == 0


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "not found"),
        ("{not json", "b.json"),
        ('{"schema_version": 1, "topic": "t"}', "sections"),
    ],
)
def test_verify_bad_input_is_exit_2_one_line(
    tmp_path: Path, content: str | None, needle: str
) -> None:
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content)
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "b.json" in errors[0]
    assert needle.lower() in result.output.lower()
    assert "Traceback" not in result.output


def test_verify_missing_corpus_is_exit_2(tmp_path: Path) -> None:
    path = write_briefing(tmp_path / "b.json", [good_claim()])
    result = runner.invoke(app, ["verify", str(path), "--corpus", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "nope" in result.output


def test_version_and_module_entry_point() -> None:
    assert runner.invoke(app, ["--version"]).stdout.startswith("briefing ")
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0
    for command in ("ingest", "search", "generate", "verify", "digest", "diff", "runs"):
        assert command in proc.stdout


def test_library_never_imports_the_cli_or_typer() -> None:
    code = (
        "import sys\n"
        "import briefing.generation.generate, briefing.generation.digest, briefing.outputs.diff\n"
        "import briefing.verification, briefing.outputs.render\n"
        "bad = [m for m in ('typer', 'briefing.cli') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_only_llm_imports_openai() -> None:
    importers = [
        p.relative_to(ROOT / "briefing").as_posix()
        for p in (ROOT / "briefing").rglob("*.py")
        if any(
            line.strip().startswith(("import openai", "from openai"))
            for line in p.read_text().splitlines()
        )
    ]
    assert importers == ["generation/llm.py"]


def _imports(path: Path) -> set[str]:
    """Top-level names of the modules a file imports (`briefing.x` counts as `x`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name.removeprefix("briefing.").split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            module = node.module.removeprefix("briefing")
            if module:
                names.add(module.lstrip(".").split(".")[0])
            else:  # from briefing import x, y
                names |= {a.name for a in node.names}
    return names


def test_only_the_store_imports_sqlite3_and_it_reads_no_files() -> None:
    importers = sorted(
        p.relative_to(ROOT / "briefing").as_posix()
        for p in (ROOT / "briefing").rglob("*.py")
        if "sqlite3" in _imports(p)
    )
    # pgindex and terms (for the ingest workers) run FTS5's tokenizer in an in-memory SQLite:
    # the archive's terms, and those the workers count, are SQLite's.
    assert importers == [
        "store/connection.py",
        "store/index.py",
        "store/lookup.py",
        "store/pgindex.py",
        "store/sqlite.py",
        "store/terms.py",
    ]
    assert not _imports(ROOT / "briefing" / "store" / "sqlite.py") & {"corpus", "text"}
    drivers = sorted(
        p.relative_to(ROOT / "briefing").as_posix()
        for p in (ROOT / "briefing").rglob("*.py")
        if "psycopg" in _imports(p) or "psycopg_pool" in _imports(p)
    )
    assert drivers and all(d.startswith("store/") for d in drivers)  # only the store runs SQL
    assert "store" not in _imports(ROOT / "briefing" / "generation" / "llm.py")


def _code_strings(path: Path) -> str:
    """Every identifier and string literal of a module except docstrings (what can steer behaviour)."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    parts = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            parts.append(node.value)
        elif isinstance(node, ast.Name):
            parts.append(node.id)
    return " ".join(parts).lower()


def test_nothing_in_code_or_prompts_is_specific_to_the_seed_topic() -> None:
    texts = {
        p.name: _code_strings(p) for p in (ROOT / "briefing").rglob("*.py") if p.name != "config.py"
    }
    texts |= {p.name: p.read_text().lower() for p in (ROOT / "briefing" / "prompts").glob("*.j2")}
    for name, text in texts.items():
        for word in ("kremlin", "putin", "trump", "ukraine", "russia"):
            assert word not in text, f"{name} mentions {word!r}"


# --- meaning checks: contradicted / unsupported with a reason ------------------------------

YEAR = "Putin’s imperialistic desires led him to invade Ukraine in 2014 and annex Crimea."


def test_verify_contradicted_claim_is_exit_1_with_its_reason(tmp_path: Path) -> None:
    claims = [
        good_claim(),
        {
            "id": "K2",
            "text": "Putin's imperialist ambitions drove him to invade Ukraine in 2016.",
            "citations": [citation(YEAR)],
        },
        {
            "id": "K3",
            "text": "Putin does not have to appease Trump.",
            "citations": [citation(SENTENCE)],
        },
    ]
    path = write_briefing(tmp_path / "b.json", claims)
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    (k2,) = [line for line in lines if line.startswith("K2")]
    assert k2.startswith("K2 contradicted: the claim says 2016, the cited text says 2014")
    assert DOC in k2
    (k3,) = [line for line in lines if line.startswith("K3")]
    assert k3.startswith("K3 contradicted: ") and "appease" in k3
    assert "1 supported, 2 contradicted" in lines[-1]

    report = json.loads(runner.invoke(app, ["verify", str(path), "--json"]).stdout)
    by_id = {c["id"]: c for c in report["claims"]}
    assert report["ok"] is False
    assert (by_id["K2"]["status"], by_id["K2"]["ok"]) == ("contradicted", False)
    assert by_id["K2"]["message"] == "the claim says 2016, the cited text says 2014"
    assert by_id["K2"]["check"] == "numbers"
    assert by_id["K2"]["citations"][0]["status"] == "exact"  # the quote itself is real
    assert report["counts"]["contradicted"] == 2


def test_verify_wrong_author_is_unsupported_with_the_document_named(tmp_path: Path) -> None:
    claim = {
        "id": "K1",
        "text": "According to Mark Galeotti, Putin has little choice but to appease Trump.",
        "citations": [citation(SENTENCE)],
    }
    path = write_briefing(tmp_path / "b.json", [claim])
    result = runner.invoke(app, ["verify", str(path), "--json"])
    assert result.exit_code == 1
    (cr,) = json.loads(result.stdout)["claims"]
    assert cr["status"] == "unsupported"
    assert "'Mark Galeotti' is neither in the cited text nor the author or outlet" in cr["message"]
    assert "David Kirichenko" in cr["message"]  # ingest's author of the cited document


def test_verify_attributed_verbatim_quote_of_the_author_is_supported(tmp_path: Path) -> None:
    quote = (
        "Above all, Putin craves a direct summit with the U.S., excluding Ukraine, to reinforce"
        " his narrative of Russia as a global superpower."
    )
    claim = {"id": "K1", "text": f'Kirichenko: "{quote}"', "citations": [citation(quote)]}
    path = write_briefing(tmp_path / "b.json", [claim])
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 0, result.stdout


def test_map_calls_flag_beats_the_environment_and_sets_the_call_count(tmp_path: Path) -> None:
    env = {"BRIEFING_HOME": str(tmp_path / "home"), "BRIEFING_MAP_CALLS": "9"}
    args = ["generate", "--corpus", str(SEEDS), "--dry-run", "--json", "--strategy", "map-reduce"]
    from_env = runner.invoke(app, args, env=env)
    assert from_env.exit_code == 0, from_env.output
    assert json.loads(from_env.stdout)["calls"] == 9
    from_flag = runner.invoke(app, [*args, "--map-calls", "4"], env=env)
    assert from_flag.exit_code == 0, from_flag.output
    assert json.loads(from_flag.stdout)["calls"] == 4


def test_quiet_and_debug_work_after_the_subcommand_too(tmp_path: Path) -> None:
    # Issue 31: --quiet and --debug worked only before the subcommand, though every command
    # is documented to take them.
    import os
    import subprocess
    import sys

    from briefing.cli import hoist_global_flags

    assert hoist_global_flags(["ingest", "seeds", "--quiet"]) == ["--quiet", "ingest", "seeds"]
    assert hoist_global_flags(["verify", "x.json", "--debug", "--", "--quiet"]) == [
        "--debug",
        "verify",
        "x.json",
        "--",
        "--quiet",
    ]
    env = {**os.environ, "BRIEFING_HOME": str(tmp_path / "home")}
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    quiet = subprocess.run(
        [sys.executable, "-m", "briefing", "ingest", str(seeds), "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert quiet.returncode == 0, quiet.stderr
    assert "ingesting" not in quiet.stderr
    debug = subprocess.run(
        [sys.executable, "-m", "briefing", "verify", str(tmp_path / "none.json"), "--debug"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert debug.returncode == 2 and "Traceback" in debug.stderr


@pytest.mark.parametrize("n", [0, 1, 3])
def test_verify_json_written_claim_by_claim_is_the_whole_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n: int
) -> None:
    # The report is streamed (a huge briefing's report is never one string in memory);
    # the bytes are those of dumping the whole report at once.
    from briefing.verification import load_briefing, verify_briefing

    monkeypatch.chdir(tmp_path)
    path = write_briefing(tmp_path / "b.json", [good_claim(f"K{i}") for i in range(n)])
    result = runner.invoke(app, ["verify", str(path), "--json"])
    assert result.exit_code == (0 if n else 1), result.output
    whole = verify_briefing(load_briefing(path), Path("seeds")).model_dump(mode="json")
    expected = json.dumps(whole, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert result.stdout == expected
