"""The library API (`briefing.generate`, `briefing.verify`, `briefing.search`): no printing, errors raised."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import briefing
from briefing.core.errors import BriefingError, CorpusError
from tests.capable_double import CapableDouble
from tests.conftest import ROOT, SEEDS
from tests.faultserver import FaultServer

DOC = "002_cbd8029a80ab4a9f.txt"
SENTENCE = "Putin has little choice but to appease Trump."


def _briefing(path: Path, text: str, quote: str) -> Path:
    source = (SEEDS / DOC).read_text(encoding="utf-8")
    at = source.index(quote)
    data = {
        "schema_version": 1,
        "topic": "t",
        "generated_at": "2026-11-21T07:00:00Z",
        "model": "hand",
        "corpus": {"root": "seeds", "documents": []},
        "sections": [
            {
                "heading": "Key judgments",
                "claims": [
                    {
                        "id": "K1",
                        "text": text,
                        "citations": [
                            {"doc": DOC, "start": at, "end": at + len(quote), "quote": quote}
                        ],
                    }
                ],
            }
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_verify_returns_the_report(tmp_path: Path) -> None:
    good = _briefing(
        tmp_path / "good.json", "Putin has little choice but to appease Trump.", SENTENCE
    )
    assert briefing.verify(good, corpus=SEEDS).ok
    changed = _briefing(tmp_path / "bad.json", "Putin does not have to appease Trump.", SENTENCE)
    report = briefing.verify(changed, corpus=SEEDS)
    assert not report.ok and report.claims[0].status == "contradicted"


def test_verify_raises_the_one_line_error_instead_of_exiting(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="briefing file not found"):
        briefing.verify(tmp_path / "missing.json", corpus=SEEDS)


def test_search_ingests_and_ranks_without_printing(
    seeds_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hits = briefing.search("sanctions relief", corpus=seeds_copy, k=3)
    assert 0 < len(hits) <= 3
    assert all(h.doc.endswith(".txt") and h.score > 0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert capsys.readouterr() == ("", "")  # a library prints nothing


def test_a_bad_setting_is_an_exception_naming_it(seeds_copy: Path) -> None:
    with pytest.raises(BriefingError, match="passages"):
        briefing.search("sanctions", corpus=seeds_copy, passages=0)


@pytest.mark.live_endpoint
def test_generate_writes_a_run_against_a_test_double(tmp_path: Path) -> None:
    # The endpoint is the capable-style TEST DOUBLE (hand-written replies, not a recording).
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    double = CapableDouble.load("seeds")
    with FaultServer(default=double, model="capable-double") as server:
        result = briefing.generate(
            corpus,
            "What does the Kremlin want from Trump?",
            out=tmp_path / "out",
            base_url=server.url,
            model="capable-double",
            strategy="single",
            judge="off",
            max_claims=12,  # the double's eight faithful and four changed judgments
            no_cache=True,
        )
    assert (result.out_dir / "briefing.json").is_file()
    published = [c for s in result.briefing.sections for c in s.claims]
    assert published and all(
        r.ok for r in result.report.claims if r.id in {c.id for c in published}
    )
    again = briefing.verify(result.out_dir / "briefing.json", corpus=corpus)
    assert again.ok


def test_import_briefing_loads_no_stage() -> None:
    code = (
        "import sys, briefing\n"
        "print(','.join(m for m in sys.modules if m.startswith('briefing.')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
