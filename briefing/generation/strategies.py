"""How a run asks the model: map-reduce (a short call per passage) or single (one prompt).

Also the answer schemas, and the cleaning of what the model writes.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any, ClassVar, Literal

import jinja2
from pydantic import BaseModel, Field, create_model

from briefing.compose import Finding
from briefing.core.config import Settings
from briefing.core.models import (
    Document,
    SearchHit,
    Sentence,
    Span,
    Strict,
)
from briefing.generation import prompting, triage
from briefing.retrieval import embed
from briefing.text.passages import split_sentences

MAP_MAX_TOKENS = 100
SINGLE_MAX_TOKENS = 1200


class Call(Strict):
    """One model call: its messages and the labelled evidence they show."""

    messages: list[dict[str, str]]
    sources: list[prompting.PromptSource]
    score: float | None = Field(default=None, description="Triage's score (map calls).")

    @property
    def labels(self) -> list[str]:
        """The sentence labels shown ('S1', ...), the only ids the answer may cite."""
        return list(prompting.label_map(self.sources))


class Evidence(Strict):
    """What retrieval found: the passages, their sentences, and the documents they come from."""

    hits: list[SearchHit]
    sentences: dict[str, list[Sentence]] = Field(description="passage id -> its sentences.")
    documents: dict[str, Document]
    copies: dict[str, str] = Field(
        default_factory=dict, description="Documents that republish another -> the original."
    )
    canonical: dict[str, str] = Field(
        default_factory=dict, description="Document -> its independent source's key."
    )
    previous: dict[str, Sentence] = Field(
        default_factory=dict,
        description="Sentence id -> the sentence before it in its document (what it may refer to).",
    )

    def sources(self, hits: list[SearchHit]) -> list[prompting.PromptSource]:
        """These hits as labelled prompt sources."""
        return prompting.build_sources(hits, self.sentences, self.documents)


class Strategy(ABC):
    """How the model is asked: the prompts, the answer schema, and the findings read from answers.

    A new strategy is a subclass registered in STRATEGIES and named in `config.Settings.strategy`.
    """

    name: ClassVar[Literal["map-reduce", "single"]]
    max_tokens: ClassVar[int]  # completion tokens per call
    # Passages retrieved from one document, as a multiple of `per_doc`: the single prompt
    # shows what it retrieves; map-reduce chooses its calls (still `per_doc` a document)
    # from a wider pool.
    pool_spread: ClassVar[int] = 1

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @abstractmethod
    def calls(self, env: jinja2.Environment, evidence: Evidence) -> list[Call]:
        """Render every prompt for the retrieved evidence."""

    @abstractmethod
    def answer(self, call: Call) -> type[BaseModel]:
        """The answer model of one call (its ids constrained to the labels it shows)."""

    @abstractmethod
    def findings(self, value: Any, call: Call) -> list[Finding]:
        """The findings of one validated answer."""

    def _call(
        self,
        env: jinja2.Environment,
        system: str,
        template: str,
        sources: list[prompting.PromptSource],
        score: float | None = None,
        **extra: object,
    ) -> Call:
        """A call showing `sources` through a user template (topic, sources, fence and `extra`)."""
        user = prompting.render(
            env,
            template,
            topic=self.settings.topic,
            sources=sources,
            fence=prompting.fence_for(sources),
            **extra,
        )
        return Call(messages=_messages(system, user), sources=sources, score=score)


class MapReduce(Strategy):
    """One short prompt per passage (suits a small model); composing the findings is code (`compose`)."""

    name = "map-reduce"
    max_tokens = MAP_MAX_TOKENS
    # Triage scores sentences by code, so a wider pool costs ~no time and reaches what a
    # document's fifth-best passage says: on the seeds, Kirichenko's lead ("What Putin desires
    # most is for Trump to help him reassert his stature…"), ranked below four passages of
    # background from the same article (BENCHMARKS.md, "Seeds", session 8).
    pool_spread = 2

    def calls(self, env: jinja2.Environment, evidence: Evidence) -> list[Call]:
        """One call per sentence triage chose from the retrieved passages (best first)."""
        prompting.refuse_retired_fields(env, ("map.system.j2", "map.user.j2"))
        system = prompting.render(env, "map.system.j2")
        encoder = _encoder(self.settings)
        units = triage.select(
            self.settings.topic,
            {h.id: evidence.sentences.get(h.id, []) for h in evidence.hits},
            k=self.settings.map_calls,
            per_doc=self.settings.per_doc,
            embed=encoder.encode if encoder is not None else None,
            copies=evidence.copies,
            canonical=evidence.canonical,
            previous=evidence.previous,
        )
        hits = {h.id: h for h in evidence.hits}
        out = []
        for unit in units:
            # Labels restart at S1 in each map prompt: short ids suit a small model.
            sources = prompting.build_sources(
                [hits[unit.passage]], {unit.passage: unit.sentences}, evidence.documents
            )
            # `ids` (the labels shown) stays a template variable: templates may name them.
            ids = list(prompting.label_map(sources))
            out.append(self._call(env, system, "map.user.j2", sources, unit.score, ids=ids))
        return out

    def answer(self, call: Call) -> type[BaseModel]:
        """PassageFinding: the summary of what the call shows."""
        return map_answer()

    def findings(self, value: Any, call: Call) -> list[Finding]:
        """The call's one finding: the sentence triage chose (with its context), the model's summary.

        Triage chose the answer by code; a 135M model citing only the context sentence
        shown before it ("Farmers want three things.") would publish the lead-in and lose the
        answer. So the finding cites everything the call showed, and the model's summary is
        checked against all of it. Its relevance is triage's score on 0-10.
        """
        shown = [p.sentence for src in call.sources for p in src.sentences]
        relevance = 5 if call.score is None else max(0, min(10, round(10 * call.score)))
        text = clean_summary(value.summary)
        if any(_echoes(text, src.attribution) for src in call.sources):
            text = ""  # the source's header copied back ("The Review, Ana Ruiz, 2024-03-07…")
        return [Finding(text=text, sentences=shown, relevance=relevance)]


class Single(Strategy):
    """All the evidence in one prompt, asking for a list of judgments (for capable endpoints)."""

    name = "single"
    max_tokens = SINGLE_MAX_TOKENS

    def calls(self, env: jinja2.Environment, evidence: Evidence) -> list[Call]:
        """One call over every retrieved passage."""
        sources = evidence.sources(evidence.hits)
        system = prompting.render(env, "single.system.j2")
        max_claims = self.settings.max_claims
        return [self._call(env, system, "single.user.j2", sources, max_claims=max_claims)]

    def answer(self, call: Call) -> type[BaseModel]:
        """BriefingAnswer over every label shown."""
        return single_answer(call.labels, self.settings.max_claims)

    def findings(self, value: Any, call: Call) -> list[Finding]:
        """One finding per judgment, in the model's order."""
        labels = prompting.label_map(call.sources)
        n = len(value.judgments)
        return [
            Finding(
                text=" ".join(judgment.text.split()),
                sentences=[labels[s] for s in judgment.sentence_ids],
                # The model ordered them: keep that order through the reduce.
                relevance=max(0, 10 - (10 * j) // max(n, 1)),
            )
            for j, judgment in enumerate(value.judgments)
        ]


STRATEGIES: dict[str, type[Strategy]] = {MapReduce.name: MapReduce, Single.name: Single}


def make_strategy(settings: Settings) -> Strategy:
    """The strategy config chose (`Settings.chosen_strategy`)."""
    return STRATEGIES[settings.chosen_strategy](settings)


def _messages(system: str, user: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def map_answer() -> type[BaseModel]:
    """The map step's answer model: one summary sentence, nothing else.

    Triage chose the sentences and the finding cites all of them, so ids and a relevance
    score were tokens the 135M model spent for nothing (its relevance was 0 for every call):
    without them a seeds run generates 557 completion tokens instead of 973, and its model
    time falls from 46 s to 28 s (BENCHMARKS.md, "Time").
    """
    return create_model(
        "PassageFinding",
        __base__=Strict,
        summary=(
            str,
            # No `pattern` here: llama-cpp-python cannot turn one into a grammar and
            # silently drops the whole schema (measured), so clean_summary trims instead.
            Field(
                min_length=10, max_length=180, description="One sentence restating what they say."
            ),
        ),
    )


def single_answer(labels: list[str], max_claims: int) -> type[BaseModel]:
    """The single-prompt answer model: a list of judgments, each citing shown sentence ids."""
    ids = Literal[tuple(labels)]  # type: ignore[valid-type]
    judgment = create_model(
        "Judgment",
        __base__=Strict,
        text=(
            str,
            Field(min_length=10, max_length=400, description="One sentence: a key judgment."),
        ),
        sentence_ids=(
            list[ids],  # type: ignore[valid-type]
            Field(min_length=1, max_length=6, description="Ids of the supporting sentences."),
        ),
    )
    return create_model(
        "BriefingAnswer",
        __base__=Strict,
        judgments=(list[judgment], Field(min_length=1, max_length=max_claims)),
    )


_RUN_ON = re.compile(r"<\s*/?\s*evidence|\bSOURCE [A-Z]+:|\[S\d+\]|\n\s*\n")


_ENDINGS = ".!?\"'”’)…"


# A sentence label of the prompt echoed at the start ("S1: Ghana wants …", "S3 Nkansah: …",
# "S1."): the model's copy of the evidence's scaffolding, not its words.
_LABEL_ECHO = re.compile(r"^\s*\[?S\d+\]?(?:[:.)]|\s)\s*")


def _echoes(text: str, attribution: str) -> bool:
    """Whether a summary is nothing but (the start of) the attribution line it was shown."""
    words = text.rstrip("….").split()
    return bool(words) and bool(attribution) and attribution.split()[: len(words)] == words


def clean_summary(text: str) -> str:
    """Cut a small model's run-on copy of the prompt off a summary, and end it on a whole sentence."""
    text = _LABEL_ECHO.sub("", text, count=1)
    m = _RUN_ON.search(text)
    if m:
        text = text[: m.start()]
    text = " ".join(text.split())
    if text and text[-1] not in _ENDINGS:
        # The schema's maxLength stops generation mid-sentence: keep the whole
        # sentences, or mark the cut rather than pass a fragment off as complete.
        # The corpus's own splitter finds the last whole sentence ("U.S. investment" is one).
        # The last span is the cut-off one; those before it are whole.
        spans = split_sentences(text, Span(start=0, end=len(text)))
        last = spans[-2].end if len(spans) >= 2 else 0
        text = text[:last] if last >= 40 else text.rstrip(" ,;:-") + "…"
    return text


def _encoder(settings: Settings) -> embed.Encoder | None:
    """The sentence encoder, unless turned off or not installed (then BM25 and words only)."""
    return embed.get_encoder() if settings.embeddings != "off" and embed.available() else None
