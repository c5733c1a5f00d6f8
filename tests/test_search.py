"""`briefing search` over what was ingested: every corpus, each hit naming it; nothing ingested is one error.

Each test runs on both backends (`backend`: SQLite, and a PostgreSQL archive)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from briefing.cli import app
from tests.conftest import ROOT, SEEDS

runner = CliRunner()
CORPUS2 = ROOT / "tests" / "fixtures" / "corpus2"


def one_error(result: Any) -> str:
    lines = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(lines) == 1, result.output
    return lines[0]


def test_nothing_ingested_is_one_line_saying_to_ingest_first(backend: str) -> None:
    result = runner.invoke(app, ["search", "Kremlin"])
    assert result.exit_code == 2
    line = one_error(result)
    where = os.environ["BRIEFING_HOME"] if backend == "sqlite" else "the archive postgresql://"
    assert "run `briefing ingest DIR` first" in line and where in line
    assert not Path(os.environ["BRIEFING_HOME"], "briefing.db").exists()  # nothing created


def test_search_without_corpus_covers_every_ingested_corpus(tmp_path: Path, backend: str) -> None:
    seeds, trade = tmp_path / "seeds", tmp_path / "trade"
    shutil.copytree(SEEDS, seeds)
    shutil.copytree(CORPUS2, trade)
    for folder in (seeds, trade):
        assert runner.invoke(app, ["ingest", str(folder)]).exit_code == 0
    result = runner.invoke(app, ["search", "Kremlin Beijing tariffs Trump", "--k", "20", "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert {h["corpus"] for h in hits} == {str(seeds.resolve()), str(trade.resolve())}
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    for h in hits:  # each hit names a file that holds its text
        assert (Path(h["corpus"]) / h["doc"]).read_text(encoding="utf-8")[
            h["start"] : h["end"]
        ] == h["text"]
    # The text listing names each hit's file, corpus folder included.
    text = runner.invoke(app, ["search", "Kremlin Beijing tariffs Trump", "--k", "20"])
    assert str(seeds) in text.stdout and str(trade) in text.stdout

    only = runner.invoke(app, ["search", "Kremlin tariffs", "--corpus", str(trade), "--json"])
    assert {h["corpus"] for h in json.loads(only.stdout)} == {str(trade.resolve())}


def test_a_changed_corpus_is_synced_and_a_deleted_one_still_searched_with_a_warning(
    tmp_path: Path, backend: str
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    assert runner.invoke(app, ["ingest", str(seeds)]).exit_code == 0
    (seeds / "zz_new.txt").write_text(
        "Zanzibar negotiators met on Monday.\n\nThe Zanzibar talks ended without a deal, officials said.\n"
    )
    hits = json.loads(runner.invoke(app, ["search", "Zanzibar", "--json"]).stdout)
    assert [h["doc"] for h in hits] == ["zz_new.txt"]  # brought up to date before searching
    shutil.rmtree(seeds)
    gone = runner.invoke(app, ["search", "Zanzibar", "--json"])
    assert gone.exit_code == 0 and "is gone" in gone.stderr
    assert [h["doc"] for h in json.loads(gone.stdout)] == ["zz_new.txt"]
