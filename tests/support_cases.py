"""The labelled claim/citation sets for the meaning checks, and how a case is judged.

Each line of `tests/data/support_*.jsonl` is one case: a claim, the cited sentence as the
verifier locates it (`cited`), the sentences before it (`context`), the cited document's
metadata (`doc`, `author`, `outlet`, `title`), a `category` and the expected `label`.
A case is judged as the verifier judges a claim: the lexical gate first (shared content
words, `verification.support_score`), then `verification.assess`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from briefing.verification import (
    DEFAULT_SUPPORT_THRESHOLD,
    CitedText,
    Verdict,
    assess,
    support_score,
)

DATA = Path(__file__).resolve().parent / "data"
FAITHFUL = frozenset(
    {"paraphrase", "low_overlap", "kept_negation", "correct_attribution", "quote", "kept_hedge"}
)
# Meaning-changing categories whose edit must never be kept.
HARD = frozenset({"number", "negation", "entity"})


@dataclass(frozen=True)
class Case:
    """One labelled claim/citation pair."""

    id: str
    category: str
    label: str
    claim: str
    cited: str
    context: str
    doc: str
    author: str
    outlet: str
    title: str

    @property
    def faithful(self) -> bool:
        """Whether the claim says what the cited text says."""
        return self.label == "supported"


def load(name: str) -> list[Case]:
    """The cases of `tests/data/support_<name>.jsonl`."""
    path = DATA / f"support_{name}.jsonl"
    return [Case(**json.loads(line)) for line in path.read_text("utf-8").splitlines() if line]


def judge(case: Case) -> Verdict:
    """The verifier's verdict on one case."""
    if support_score(case.claim, case.cited) < DEFAULT_SUPPORT_THRESHOLD:
        return Verdict("unsupported", "too few shared content words", "lexical")
    source = CitedText(case.cited, case.context, case.doc, case.author, case.outlet, case.title)
    return assess(case.claim, [source])


def verdict_of(claim: str, *cited: CitedText) -> tuple[bool, str]:
    """Whether the checks keep `claim` against its cited texts, and which check decided."""
    v = assess(claim, list(cited))
    return v.ok, v.check


def assert_verdict(found: tuple[bool, str], ok: bool, check: str) -> None:
    """A verdict (ok, check) is `ok`; when it is not, the finding is the named `check`."""
    ok_now, got = found
    assert ok_now is ok
    if not ok:
        assert got == check


def voice(text: str, doc: str = "interview.txt") -> CitedText:
    """A cited answer of an invented interview (author Lena Moraes, the Valley Courier)."""
    return CitedText(text, doc=doc, author="Lena Moraes", outlet="Valley Courier")


def wire(text: str, doc: str = "wire.txt", document: str = "") -> CitedText:
    """A cited sentence of an invented wire report (Tom Hale, Andes Wire); `document` is the
    whole piece when a test needs more of it than the citation."""
    return CitedText(text, doc=doc, author="Tom Hale", outlet="Andes Wire", document=document)


def wire_whole(text: str, document: str = "") -> CitedText:
    """A cited sentence of an invented wire report whose document is `document`, else the
    sentence alone (the whole piece as far as the checks can tell)."""
    return wire(text, document=document or text)
