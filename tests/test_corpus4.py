"""The fourth corpus (what Beijing wants from Washington in the truce talks), held out in session 7.

Replayed from a cassette recorded from the embedded model. It holds the other side's demands
worded like the subject's (traps): the briefing must answer the question, not repeat them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.generation import triage
from tests.conftest import ROOT
from tests.test_corpus2 import generated

runner = CliRunner()
CORPUS4 = ROOT / "tests" / "fixtures" / "corpus4"
TOPIC = "What does Beijing want from Washington in the trade truce talks?"


@pytest.mark.vcr
@pytest.mark.records_cassette
def test_fourth_corpus_answers_beijings_aims_not_washingtons(
    model_url: str, tmp_path: Path
) -> None:
    run, claims = generated(model_url, tmp_path / "outputs", CORPUS4, TOPIC)
    quotes = [[c["quote"] for c in cl["citations"]] for cl in claims]
    # Washington's own wants are not answers: not published as Beijing's.
    assert not any("The US side, by contrast, wants" in q for qs in quotes for q in qs)
    # A merged judgment has a member that states Beijing's aim (two background sentences,
    # or two of Washington's, agree on nothing the question asks).
    for claim in claims:
        if claim["independent_sources"] > 1:
            assert any(triage.states_aim(TOPIC, c["quote"]) for c in claim["citations"]), claim
    # An analyst's "Beijing knows it will not get the most advanced processors" denies what a
    # columnist's "China wants … the most advanced AI processors" states: never "the same point".
    for claim in claims:
        if claim["independent_sources"] > 1:
            assert not any("will not get" in c["quote"] for c in claim["citations"]), claim
    # No sentence is quoted in two judgments.
    cited = [(c["doc"], c["start"]) for cl in claims for c in cl["citations"]]
    assert len(cited) == len(set(cited))
    # The tariffs (five documents make it) and the port fees reach the briefing.
    text = json.dumps(quotes)
    assert "tariffs" in text and "fees" in text
    verify = runner.invoke(app, ["verify", str(run / "briefing.json"), "--corpus", str(CORPUS4)])
    assert verify.exit_code == 0, verify.output
