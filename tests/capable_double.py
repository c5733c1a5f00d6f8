"""A TEST DOUBLE of a capable model for `--strategy single`: hand-written replies, served locally.

Not a recording: no model wrote these replies and nothing here claims anything about any
model. The replies in `tests/fixtures/capable_double/*.json` were written by hand (by a
helper that had not read the checks) in the style a capable model answers the single
prompt: one-sentence judgments that synthesize the cited sentences of one to four sources,
eight faithful and four with one meaning change each (labelled).

Each judgment names its evidence by the exact text of the cited sentences; the double finds
their `[Sn]` labels in the prompt it receives, so the replies keep working when retrieval
numbers the evidence differently. A judgment whose sentences are not all in the prompt is
left out of the reply (and `served` says which were).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.faultserver import Reply, Request, ok, shown_sentences

FIXTURES = Path(__file__).parent / "fixtures" / "capable_double"


@dataclass
class Written:
    """One hand-written judgment: its text, the sentences it cites, and its label."""

    text: str
    quotes: list[str]
    label: str
    note: str = ""


@dataclass
class CapableDouble:
    """Answers the single prompt with the hand-written judgments of one corpus."""

    judgments: list[Written]
    served: list[Written] = field(default_factory=list)
    judge: str = "yes"  # what it answers when asked as the judge (never a model's opinion)

    @classmethod
    def load(cls, name: str) -> CapableDouble:
        """The replies written for one corpus (`seeds`, `corpus2`)."""
        data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        return cls(
            [
                Written(j["text"], list(j["quotes"]), j["label"], j.get("note", ""))
                for j in data["judgments"]
            ]
        )

    def answer(self, prompt: str) -> dict[str, Any]:
        """The single-strategy answer for this prompt, ids found by the cited sentences' text."""
        by_text = {" ".join(t.split()): label for label, t in shown_sentences(prompt).items()}
        out = []
        self.served = []
        for j in self.judgments:
            ids = [by_text.get(" ".join(q.split())) for q in j.quotes]
            if all(ids):
                out.append({"text": j.text, "sentence_ids": ids})
                self.served.append(j)
        return {"judgments": out}

    judged: int = 0

    def __call__(self, request: Request) -> Reply:
        """The double as a FaultServer responder; a judge request gets the fixed `judge` answer."""
        body = request.body if isinstance(request.body, dict) else {}
        system = " ".join(
            str(m.get("content", "")) for m in body.get("messages", []) if m.get("role") == "system"
        )
        if "You check a briefing against its sources" in system:
            self.judged += 1
            return ok({"entails": self.judge, "reason": "a test double's fixed answer"})
        return ok(self.answer(request.user_prompt))
