"""What composing works on and decides: findings in, judgments out."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field

from briefing.core.models import Document, Sentence, Strict

Form = Literal["paraphrase", "quote"]


class Finding(Strict):
    """A candidate judgment before composing: the model's sentence and the sentences it cites."""

    text: str
    sentences: list[Sentence]
    relevance: int = 5


class Judgment(Strict):
    """A composed judgment, ready to resolve into a claim and verify."""

    text: str
    sentences: list[Sentence] = Field(description="Every cited sentence, in citing order.")
    form: Form
    sources: int = Field(description="Independent documents that support it.")
    relevance: int
    disagree: bool = Field(default=False, description="The sources contradict each other.")
    agreement: str = Field(
        default="",
        description="How many sources make the point ('Two of five sources agree'): shown"
        " before the text, never part of what is verified against the sources.",
    )
    point: str = Field(
        default="",
        description="A merged judgment's common point, attributed, passed against all its"
        " citations together (each contributing); shown above the quotations in `text`.",
    )


# (claim text, cited sentences) -> None when the verifier passes it, else its reason.
Checker = Callable[[str, list[Sentence]], str | None]
# texts -> one vector per text (an array of shape (n, d)).
Embedder = Callable[[list[str]], Any]
# (the words a group's members share, each member's sentences) -> candidate point sentences,
# best first: the model's answers (generation asks; compose only checks what comes back).
PointWriter = Callable[[list[str], list[list[Sentence]]], list[str]]


class _Candidate(Strict):
    """A finding after standalone and faithfulness checks."""

    doc: str
    canonical: str
    sentences: list[Sentence]
    summary: str = Field(description="The model's sentence, if the verifier passed it; else ''.")
    relevance: int
    order: int = Field(description="Index of the finding it came from.")
    joint: str = Field(
        default="",
        description="The model's sentence for a finding citing several sources, if it passed"
        " against all of them (a capable model's synthesis); else ''.",
    )
    speaker: str = Field(
        default="", description="Who says the sentences, if the source quotes them."
    )
    earlier: int = Field(
        default=-1,
        description="Index of the earlier judgment (a digest's carried one) it stands for; -1"
        " for a finding of this run.",
    )


class Rejected(Strict):
    """A model sentence that was not published as prose, and why (it was quoted instead)."""

    text: str
    sentences: list[Sentence]
    reason: str


@dataclass(frozen=True)
class ComposeContext:
    """Everything composing reads besides the findings (a frozen dataclass: it holds callables).

    `check` is the verifier's prose check; `embed` the sentence encoder (None: lexical
    similarity only); `contradicts` tells two cited sentences that deny each other; `answers`
    says whether a text states the question's aim, `others` whether it states another party's
    instead (the target's: "European carmakers fear..." for "What does Beijing fear?").
    `earlier` are judgments already published (a digest's carried ones, as the sentences they
    cite) that a new finding may join. `point` writes candidate sentences for what a merged
    group's members have in common (a model call); `check_point` is the verifier's check for
    them, every citation contributing (None: `check`). With either, a merged group may be led
    by a member's own sentence, or its first clause, that every member makes. `rebutted`
    gives the sentence right after a cited one when it rejects it ("In my view that misreads
    …"), else ''.
    """

    documents: Mapping[str, Document]
    check: Checker
    previous: Mapping[str, Sentence] = field(default_factory=dict)
    canonical: Mapping[str, str] = field(default_factory=dict)
    embed: Embedder | None = None
    contradicts: Callable[[Sentence, Sentence], bool] | None = None
    topic: str = ""
    topic_words: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()
    answers: Callable[[str], bool] | None = None
    others: Callable[[str], bool] | None = None
    threshold: float | None = None
    limit: int | None = None
    speakers: Mapping[str, str] = field(default_factory=dict)
    earlier: Sequence[Finding] = ()
    prose_gates: bool = True
    point: PointWriter | None = None
    check_point: Checker | None = None
    rebutted: Callable[[Sentence], str] | None = None


class Composition(Strict):
    """What composing decided: the judgments, the model sentences it quoted instead, and the
    earlier judgments new findings joined."""

    judgments: list[Judgment]
    rejected: list[Rejected] = Field(default_factory=list)
    absorbed: list[int] = Field(
        default_factory=list, description="Indices into the context's `earlier` that were joined."
    )
