"""`generate --strategy single` against a TEST DOUBLE serving hand-written capable-style replies.

The double (`tests/capable_double.py`) is not a recording and says nothing about any model:
it serves judgments written by hand in the style of a capable model, each labelled faithful
or changed. What is tested is how briefing treats such answers: faithful syntheses are
published as prose (merged ones with their agreement count), changed ones are not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from tests.capable_double import CapableDouble, Written
from tests.conftest import ROOT, SEEDS
from tests.faultserver import FaultServer

pytestmark = pytest.mark.live_endpoint
runner = CliRunner()
CORPORA = {
    "seeds": (SEEDS, "What does the Kremlin want from Trump?"),
    "corpus2": (
        ROOT / "tests" / "fixtures" / "corpus2",
        "What does China want from the European Union on trade?",
    ),
}


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def run_single(name: str, tmp_path: Path, judge: str = "off") -> tuple[CapableDouble, dict]:  # type: ignore[type-arg]
    """generate --strategy single on a corpus with the double as the endpoint."""
    corpus, topic = CORPORA[name]
    double = CapableDouble.load(name)
    with FaultServer(default=double, model="capable-double") as server:
        result = runner.invoke(
            app,
            [
                "generate",
                "--corpus",
                str(corpus),
                "--topic",
                topic,
                "--out",
                str(tmp_path / "out"),
                "--base-url",
                server.url,
                "--model",
                "capable-double",
                "--strategy",
                "single",
                "--judge",
                judge,
                "--max-claims",
                "12",  # eight faithful and four changed judgments in one reply
                "--no-cache",
                "--json",
            ],
            env={"BRIEFING_HOME": str(tmp_path / "home")},
        )
    assert result.exit_code == 0, result.output
    (run,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    return double, json.loads((run / "briefing.json").read_text(encoding="utf-8"))


def published_as_prose(j: Written, briefing: dict) -> dict | None:  # type: ignore[type-arg]
    """The published claim that carries this judgment's sentence as prose, if any."""
    body = _norm(j.text)
    for section in briefing["sections"]:
        for claim in section["claims"]:
            if claim.get("form") == "paraphrase" and body in _norm(claim["text"]):
                return claim
    return None


@pytest.fixture(params=sorted(CORPORA))
def corpus_run(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[CapableDouble, dict]]:  # type: ignore[type-arg]
    yield run_single(request.param, tmp_path)


def test_faithful_capable_judgments_are_published_as_prose(
    corpus_run: tuple[CapableDouble, dict],  # type: ignore[type-arg]
) -> None:
    double, briefing = corpus_run
    faithful = [j for j in double.judgments if j.label == "faithful"]
    assert len(faithful) == 8
    served = [j for j in double.served if j.label == "faithful"]
    kept = [j for j in served if published_as_prose(j, briefing)]
    assert len(kept) >= 7, [j.text for j in served if j not in kept]


def test_a_synthesis_of_several_sources_is_one_judgment_with_its_count(
    corpus_run: tuple[CapableDouble, dict],  # type: ignore[type-arg]
) -> None:
    double, briefing = corpus_run
    merged = 0
    for j in double.served:
        claim = published_as_prose(j, briefing)
        if claim is None or len(j.quotes) < 2:
            continue
        docs = {c["doc"] for c in claim["citations"]}
        if len(docs) >= 2:
            merged += 1
            assert claim["independent_sources"] >= 2, claim
            assert re.match(r"^(Two|Three|Four|Five) of \w+ sources agree$", claim["agreement"])
    assert merged >= 1


def test_changed_capable_judgments_are_never_published_as_prose(
    corpus_run: tuple[CapableDouble, dict],  # type: ignore[type-arg]
) -> None:
    double, briefing = corpus_run
    changed = [j for j in double.served if j.label == "changed"]
    assert changed
    slipped = [j.text for j in changed if published_as_prose(j, briefing)]
    assert not slipped, slipped
    # Never dropped silently: what the model wrote is shown under Unverified with a reason.
    unverified = " ".join(_norm(u["claim"]["text"]) for u in briefing.get("unverified", []))
    assert all(_norm(j.text) in unverified for j in changed)


def test_a_judge_that_says_yes_to_everything_never_rescues_a_hard_finding(tmp_path: Path) -> None:
    # `--judge auto` is on for this endpoint (not the embedded model). The double answers every
    # judge request "yes": faithful judgments are still published, and the changed ones, each
    # with a hard finding (a number, a negation, a role, added certainty), are never put to it.
    double, briefing = run_single("corpus2", tmp_path, judge="auto")
    assert double.judged > 0
    changed = [j for j in double.served if j.label == "changed"]
    assert changed and not [j.text for j in changed if published_as_prose(j, briefing)]
    faithful = [j for j in double.served if j.label == "faithful"]
    assert sum(1 for j in faithful if published_as_prose(j, briefing)) >= 7
