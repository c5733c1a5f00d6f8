"""The generate pipeline: ingest, retrieve, prompt, model, resolve, verify, render, write."""

from __future__ import annotations

import contextlib
import queue
import re
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

import jinja2
from pydantic import BaseModel, ConfigDict, Field, create_model

from briefing import compose
from briefing.compose import Finding, Judgment
from briefing.core.config import Settings
from briefing.core.errors import ModelOutputError, NoEvidenceError
from briefing.core.models import (
    Briefing,
    Citation,
    Claim,
    CorpusDoc,
    CorpusInfo,
    DigestNote,
    Document,
    IngestReport,
    SearchHit,
    Section,
    Sentence,
    Span,
    Strict,
    UnverifiedClaim,
    VerificationReport,
)
from briefing.core.protocols import Judge, Progress, StateStore
from briefing.corpus.dedupe import near_duplicates
from briefing.corpus.sync import sync_corpus
from briefing.generation import llm, prompting, server, triage
from briefing.generation.judge import ModelJudge, model_judge
from briefing.outputs import render
from briefing.retrieval import embed, retrieve
from briefing.text import passages
from briefing.text.passages import split_sentences
from briefing.verification import SourceCache, assess, verify_briefing, verify_claim

CARRIED_HEADING = "Still standing (carried forward)"

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
        return [Finding(text=clean_summary(value.summary), sentences=shown, relevance=relevance)]


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


class Plan(Strict):
    """Everything decided before any model call: evidence, prompts, their hashes."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    topic: str
    strategy: Strategy
    documents: list[Document] = Field(description="The documents evidence was retrieved from.")
    corpus: dict[str, str] = Field(description="Every document of the corpus: doc -> sha256.")
    calls: list[Call]
    sources: list[prompting.PromptSource]
    canonical: dict[str, str] = Field(
        description="Evidence document -> its independent source's key."
    )
    evidence: list[Sentence] = Field(
        description="Every sentence of the retrieved passages (the calls show a chosen few)."
    )
    previous: dict[str, Sentence] = Field(
        default_factory=dict,
        description="Sentence id -> the sentence before it in its document (what it may refer to).",
    )
    template_hashes: dict[str, str]
    prompt_tokens: int

    @property
    def prompts(self) -> list[list[dict[str, str]]]:
        """The messages of every call, as the manifest and --dry-run show them."""
        return [c.messages for c in self.calls]


class RunResult(Strict):
    """What a finished generate run produced."""

    run_id: str
    out_dir: Path
    briefing: Briefing
    report: VerificationReport
    manifest: dict[str, Any]


@contextlib.contextmanager
def open_endpoint(settings: Settings, progress: Progress) -> Iterator[llm.Endpoint]:
    """The configured endpoint, or the embedded llama.cpp server for the length of the block."""
    common = {
        "timeout": settings.timeout,
        "max_retries": settings.max_retries,
        "prices": settings.prices,
        "api_key": settings.api_key.get_secret_value() if settings.api_key else "",
    }
    if settings.base_url:
        yield llm.Endpoint(base_url=settings.base_url, model=settings.model or "default", **common)
        return
    progress("starting the embedded model (SmolLM2-135M-Instruct on llama.cpp)")
    with server.embedded_server(settings.home / "logs", threads=settings.threads) as url:
        yield llm.Endpoint(base_url=url, model=server.EMBEDDED_MODEL, embedded=True, **common)


def _open_judge(
    store: StateStore, settings: Settings, endpoint: llm.Endpoint, progress: Progress
) -> ModelJudge | None:
    """The model judge on `endpoint` when the judge setting turns it on there, else None."""
    # The embedded model, started by briefing or served by name, judges at chance.
    if not settings.judge_on(embedded=endpoint.embedded or endpoint.model == server.EMBEDDED_MODEL):
        return None
    progress(f"judging doubtful claims with {endpoint.model} (--judge {settings.judge})")
    return model_judge(endpoint, settings.prompts, store.replies, use_cache=not settings.no_cache)


def plan_run(store: StateStore, settings: Settings, only_docs: list[str] | None = None) -> Plan:
    """Retrieve evidence (optionally from some documents only) and render every prompt; no model call."""
    root = store.root
    encoder = _encoder(settings)
    strategy = make_strategy(settings)

    def retrieve_evidence(
        exclude: frozenset[str] = frozenset(),
    ) -> tuple[list[SearchHit], dict[str, Document]]:
        return retrieve.search_documents(
            store,
            settings.topic,
            k=settings.passages,
            per_doc=settings.per_doc * strategy.pool_spread,
            token_budget=settings.prompt_tokens,
            docs=only_docs,
            encode=encoder.encode if encoder is not None else None,
            exclude=exclude,
        )

    hits, documents = retrieve_evidence()
    # One source per story: a wire copy republished elsewhere counts, and is cited, once.
    copies = near_duplicates(
        root, [documents[d] for d in sorted(documents)], [], settings.max_file_bytes
    )
    if copies:
        # A copy's passages repeat its original's: their places go to other passages (on the
        # second corpus, the republished wire took four of them and one merge was lost).
        hits, documents = retrieve_evidence(frozenset(copies))
        copies = {c: o for c, o in copies.items() if c in documents}
    if not hits:
        scope = f"the {len(only_docs)} new documents of" if only_docs is not None else "the corpus"
        raise NoEvidenceError(
            f"no passage of {scope} {root} matches the topic {settings.topic!r}:"
            " check the topic's wording or add documents about it"
        )
    # Only the documents evidence came from are loaded and listed (retrieval fetched them
    # once for both): at 100k documents, loading, listing and re-hashing all of them was
    # the first thing to break (BENCHMARKS.md). The run row still records every hash.
    by_passage = store.passage_sentences([h.id for h in hits])
    by_passage = _with_continuations(store, by_passage)
    directory = prompting.prompts_dir(settings.prompts)
    env = prompting.environment(directory)
    canonical = independent_sources(documents, copies)
    # What a retrieved sentence refers back to may be in a passage that was not retrieved.
    previous = store.preceding(
        [s.id for sents in by_passage.values() for s in sents], compose.LIST_REACH
    )
    evidence = Evidence(
        hits=hits,
        sentences=by_passage,
        documents=documents,
        copies=copies,
        canonical=canonical,
        previous=previous,
    )
    calls = strategy.calls(env, evidence)
    tokens = sum(passages.count_tokens(m["content"]) for c in calls for m in c.messages)
    return Plan(
        topic=settings.topic,
        strategy=strategy,
        documents=[documents[d] for d in sorted(documents)],
        corpus=store.document_hashes(),
        calls=calls,
        sources=[s for c in calls for s in c.sources],
        canonical=canonical,
        evidence=[s for h in hits for s in by_passage.get(h.id, [])],
        previous=previous,
        template_hashes=prompting.template_hashes(directory),
        prompt_tokens=tokens,
    )


def _with_continuations(
    store: StateStore, by_passage: dict[str, list[Sentence]]
) -> dict[str, list[Sentence]]:
    """Each passage with the sentence after it when that one continues it ("Such talks would…").

    A passage ends at a token budget, not where its point does: what its last sentence
    wanted is often spelled out in the next one, which refers back to it.
    """
    last = {sents[-1].id: pid for pid, sents in by_passage.items() if sents}
    seen = {s.id for sents in by_passage.values() for s in sents}
    out = {pid: list(sents) for pid, sents in by_passage.items()}
    for sid, nxt in store.following(list(last)).items():
        if nxt.id not in seen and compose.unresolved_subject(nxt.text):
            out[last[sid]].append(nxt)
            seen.add(nxt.id)
    return out


def independent_sources(documents: dict[str, Document], copies: dict[str, str]) -> dict[str, str]:
    """Document -> the key of its independent source: one per story and per author.

    A wire copy republished elsewhere (near-duplicate bodies) or two columns by the same
    writer do not corroborate each other.
    """

    def key(d: Document) -> str:
        return f"author:{d.author.lower()}" if d.author else d.doc

    return {doc: key(documents[copies.get(doc, doc)]) for doc in documents}


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


class ModelRun(Strict):
    """The model step's outcome: findings, usage, the model served, and failed calls kept for review."""

    findings: list[Finding]
    usage: llm.Usage
    served: str
    failures: list[dict[str, Any]] = Field(default_factory=list)


def call_model(
    store: StateStore,
    settings: Settings,
    plan: Plan,
    endpoint: llm.Endpoint,
    progress: Progress,
) -> ModelRun:
    """Run the plan's prompts (the map step concurrently, bounded) and collect findings."""
    client = llm.make_client(endpoint)
    lock = threading.Lock()
    done = 0
    run = ModelRun(findings=[], usage=llm.Usage(), served=endpoint.model)

    strategy = plan.strategy

    def one(i: int) -> tuple[int, llm.Result[BaseModel] | ModelOutputError]:
        nonlocal done
        call = plan.calls[i]
        outcome: llm.Result[BaseModel] | ModelOutputError
        try:
            outcome = llm.complete_json(
                client,
                endpoint,
                call.messages,
                strategy.answer(call),
                store.replies,
                lock=lock,
                max_tokens=strategy.max_tokens,
                use_cache=not settings.no_cache,
            )
        except ModelOutputError as exc:
            outcome = exc
        with lock:
            done += 1
            progress(f"model calls ({strategy.name})", done, len(plan.calls))
        return i, outcome

    workers = max(1, min(settings.concurrency, len(plan.calls)))
    try:
        outcomes = run_parallel(one, len(plan.calls), workers)
    finally:
        # Calls still in flight after an error or Ctrl-C are abandoned, not awaited;
        # closing the client makes them fail fast instead of finishing in the background.
        with contextlib.suppress(Exception):
            client.close()
    for i, outcome in outcomes:
        if isinstance(outcome, ModelOutputError):
            # One unusable map reply costs one passage, not the run; it is kept
            # in the run's model-failures.json, never dropped silently.
            run.failures.append({"call": i + 1, "error": str(outcome), "raw": outcome.raw})
            continue
        run.usage.add(outcome.usage)
        run.served = outcome.model or run.served
        run.findings += strategy.findings(outcome.value, plan.calls[i])
    if len(run.failures) == len(plan.calls):
        raw = "\n\n=== next call ===\n\n".join(f["raw"] for f in run.failures)
        raise ModelOutputError(run.failures[0]["error"], raw=raw)
    return run


R = TypeVar("R")


def run_parallel(fn: Callable[[int], R], n: int, workers: int) -> list[R]:
    """fn(0) ... fn(n-1) on at most `workers` threads; results in order.

    The first exception (an unreachable endpoint, a locked database) stops the rest: no
    further call starts and calls in flight are not awaited. Ctrl-C and SIGTERM reach the
    main thread while it waits here, and end the run at once for the same reason. The
    threads are daemons, so an abandoned call cannot keep the process alive.
    """
    if n == 0:
        return []
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for i in range(n):
        todo.put(i)
    done: queue.SimpleQueue[tuple[int, bool, Any]] = queue.SimpleQueue()
    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            try:
                i = todo.get_nowait()
            except queue.Empty:
                return
            try:
                done.put((i, True, fn(i)))
            except BaseException as exc:
                done.put((i, False, exc))
                return

    for k in range(max(1, min(workers, n))):
        threading.Thread(target=worker, name=f"briefing-model-{k + 1}", daemon=True).start()
    results: dict[int, R] = {}
    try:
        while len(results) < n:
            try:
                i, ok, value = done.get(timeout=0.25)
            except queue.Empty:
                continue
            if not ok:
                raise value
            results[i] = value
    finally:
        stop.set()
    return [results[i] for i in range(n)]


_RUN_ON = re.compile(r"<\s*/?\s*evidence|\bSOURCE [A-Z]+:|\[S\d+\]|\n\s*\n")


_ENDINGS = ".!?\"'”’)…"


def clean_summary(text: str) -> str:
    """Cut a small model's run-on copy of the prompt off a summary, and end it on a whole sentence."""
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


class Composed(Strict):
    """What composing a run's findings gives: claims to verify, and what was not published."""

    claims: list[Claim]
    rejected: list[UnverifiedClaim] = Field(
        description="Model sentences not published as prose (their findings were quoted)."
    )
    absorbed: list[str] = Field(
        default_factory=list,
        description="Ids of carried judgments a new finding joined: they now stand inside it.",
    )
    sources: int = Field(
        default=0, description="Independent sources the agreement wording counts ('of seven')."
    )


def _with_voice(document: Document, sources: SourceCache) -> Document:
    """The document with the analyst its opening presents as its voice, when it has no author
    (issue 29: "the political scientist Vladimir Fesenko warns" makes the piece his view)."""
    if document.author:
        return document
    src = sources.get(document.doc)
    voice = "" if isinstance(src, str) else src.metadata().get("voice", "")
    return document.model_copy(update={"voice": voice}) if voice else document


def compose_claims(
    settings: Settings,
    root: Path,
    plan: Plan,
    findings: list[Finding],
    carried: list[Claim] | None = None,
    carried_documents: list[Document] | None = None,
    judge: Judge | None = None,
) -> Composed:
    """Findings to published-to-be claims: standalone, faithful or quoted, attributed, merged.

    Also returns the model sentences that were not published as prose, each with its
    reason, for the briefing's Unverified list (their findings were quoted instead).
    `carried` (a digest's earlier judgments, whose documents are `carried_documents`) may be
    joined by a new finding that makes the same point: the merged judgment cites both, counts
    both sources, and the carried one's id is in `absorbed`.
    """
    sources = SourceCache(root, settings.max_file_bytes)

    # The 135M model's map summaries are held to prose gates made for it (most of their
    # words in what they cite, no aim the source does not state); a capable model's
    # single-prompt judgments are decided by the verifier alone (issue 28).
    prose_gates = settings.chosen_strategy == "map-reduce"

    def check(text: str, sentences: list[Sentence]) -> str | None:
        # The verifier itself decides whether the model's sentence may be published.
        report = verify_claim(
            Claim(id="draft", text=text, citations=_citations(sentences)),
            sources,
            support_threshold=settings.support_threshold,
            judge=judge,
        )
        if not report.ok:
            return report.message or report.status
        if not prose_gates:
            return None
        if report.support < compose.PROSE_SUPPORT:
            return f"only {report.support:.2f} of its content words are in the cited text"
        return triage.unstated_aim(settings.topic, text, [s.text for s in sentences])

    def contradicts(a: Sentence, b: Sentence) -> bool:
        src = sources.get(b.doc)
        if isinstance(src, str):
            return False
        verdict = assess(a.text, [src.cited_text(b.start, b.end)])
        # Only a flipped polarity is a disagreement; a missing name or number between two
        # different articles is not.
        return verdict.label == "contradicted" and verdict.check in ("negation", "antonyms")

    documents = {d.doc: _with_voice(d, sources) for d in plan.documents}
    # One source per story and per author: a wire copy republished elsewhere (near-duplicate
    # bodies) or two columns by the same writer do not corroborate each other.
    canonical = plan.canonical
    joinable = _joinable(carried or [], set(documents), sources)
    if joinable:
        earlier_docs = {d.doc: d for d in carried_documents or [] if d.doc not in documents}
        canonical = {**independent_sources(earlier_docs, {}), **canonical}
        documents = {**earlier_docs, **documents}
        # A digest retrieves from its few new files only: over so little, every word of a
        # point is "common" and nothing could join. Words are counted over the bodies of
        # every document the merge may cite instead.
        common = compose.common_stems(_body_sentences(list(documents.values()), sources))
    else:
        common = _common_stems(plan)
    encoder = _encoder(settings)
    rejected: list[compose.Rejected] = []
    absorbed: list[int] = []
    speakers = _speakers(
        [s for f in findings for s in f.sentences], {d.doc: d for d in plan.documents}, sources
    )
    judgments = compose.compose(
        findings,
        documents,
        check=check,
        previous=plan.previous,
        canonical=canonical,
        embed=encoder.encode if encoder is not None else None,
        contradicts=contradicts,
        topic=settings.topic,
        topic_words=triage.question_words(settings.topic),
        common=common,
        answers=lambda text: triage.states_aim(settings.topic, text),
        rejected=rejected,
        speakers=speakers,
        earlier=[_as_finding(c) for c in joinable],
        absorbed=absorbed,
        prose_gates=prose_gates,
    )
    return Composed(
        claims=resolve(judgments),
        rejected=[_unpublished(n, r, sources, settings) for n, r in enumerate(rejected, 1)],
        absorbed=[joinable[n].id for n in absorbed],
        # Counted over new and carried documents alike only when the carried ones took part.
        sources=len({canonical.get(d, d) for d in documents}) if joinable else 0,
    )


_AGREEMENT = re.compile(r"^\w+ of \w+ sources (.+)$")


def _cites(claim: Claim) -> frozenset[tuple[str, str]]:
    """What a claim cites: its documents and quotes, whitespace folded (offsets may move)."""
    return frozenset((c.doc, " ".join(c.quote.split())) for c in claim.citations)


def unrepeated(carried: list[Claim], claims: list[Claim]) -> list[Claim]:
    """The carried judgments that no new judgment, nor an earlier carried one, repeats."""
    seen = {_cites(c) for c in claims}
    keys = {c.key for c in claims if c.key}
    out = []
    for c in carried:
        if _cites(c) in seen or (c.key and c.key in keys):
            continue
        seen.add(_cites(c))
        if c.key:
            keys.add(c.key)
        out.append(c)
    return out


def recount(claim: Claim, sources: int) -> Claim:
    """A carried judgment's agreement worded against today's sources ("Two of eight…")."""
    m = _AGREEMENT.match(claim.agreement or "")
    if not m or not claim.independent_sources or sources < claim.independent_sources:
        return claim
    words = f"{compose.count_words(claim.independent_sources, sources)} {m.group(1)}"
    return claim.model_copy(update={"agreement": words})


def _joinable(carried: list[Claim], new: set[str], sources: SourceCache) -> list[Claim]:
    """The carried judgments a new finding may join: every citation still exact, none in a new file.

    A judgment citing a changed file is verified again on its own; merging it would let its
    failure take the new finding down with it.
    """

    def exact(c: Citation) -> bool:
        src = sources.get(c.doc)
        return not isinstance(src, str) and src.text[c.start : c.end] == c.quote

    return [
        cl
        for cl in carried
        if cl.citations and all(c.doc not in new and exact(c) for c in cl.citations)
    ]


def _body_sentences(documents: list[Document], sources: SourceCache) -> list[str]:
    """Every body sentence of these documents, as the corpus splits them."""
    out: list[str] = []
    for d in documents:
        src = sources.get(d.doc)
        if isinstance(src, str):
            continue
        out += [src.text[x.start : x.end] for b in d.body for x in split_sentences(src.text, b)]
    return out


def _as_finding(claim: Claim) -> Finding:
    """A published judgment as the sentences it cites (ids of its own: it is not in this run's store)."""
    return Finding(
        text=claim.text,
        sentences=[
            Sentence(id=f"{claim.id}.{n}", doc=c.doc, start=c.start, end=c.end, text=c.quote)
            for n, c in enumerate(claim.citations)
        ],
        relevance=claim.relevance if claim.relevance is not None else 5,
    )


def _speakers(
    sentences: list[Sentence], documents: dict[str, Document], sources: SourceCache
) -> dict[str, str]:
    """Sentence id -> the speaker, for sentences of an interview answer after its "Name:" label.

    "Brennan: We oppose the deal. Farmers in Ireland do not want ...": the second sentence is
    Brennan's too, though only the first carries her name.
    """
    out: dict[str, str] = {}
    for s in sentences:
        src = sources.get(s.doc)
        if isinstance(src, str) or compose.SPEAKER.match(s.text):
            continue
        d = documents.get(s.doc)
        block = next((b for b in d.body if b.start <= s.start < b.end), None) if d else None
        start = block.start if block else src.text.rfind("\n", 0, s.start) + 1
        paragraph = src.text[start : s.start]
        m = compose.SPEAKER.match(paragraph)
        if m:
            out[s.id] = paragraph[: m.end()].rstrip(": \t")
    return out


def _unpublished(
    n: int, r: compose.Rejected, sources: SourceCache, settings: Settings
) -> UnverifiedClaim:
    """A model sentence kept for review: the verifier's report, or compose's stricter reason."""
    claim = Claim(id=f"M{n}", text=r.text, citations=_citations(r.sentences), form="paraphrase")
    report = verify_claim(claim, sources, support_threshold=settings.support_threshold)
    if report.ok:
        # The verifier alone would pass it; prose is held to more (compose.prose_problem).
        report = report.model_copy(
            update={"ok": False, "status": "unsupported", "message": r.reason}
        )
    report = report.model_copy(
        update={"message": f"{report.message}; its sentences are quoted instead"}
    )
    return UnverifiedClaim(claim=claim, report=report)


def _encoder(settings: Settings) -> embed.Encoder | None:
    """The sentence encoder, unless turned off or not installed (then BM25 and words only)."""
    return embed.get_encoder() if settings.embeddings != "off" and embed.available() else None


def _common_stems(plan: Plan) -> frozenset[str]:
    """Content stems frequent in the evidence: words that mark no point."""
    # Over everything retrieved, not only what the calls show: those are all answers, so
    # the words of one point ("export") would look common among them.
    return compose.common_stems([s.text for s in plan.evidence])


def _citations(sentences: list[Sentence]) -> list[Citation]:
    return [Citation(doc=s.doc, start=s.start, end=s.end, quote=s.text) for s in sentences]


def resolve(judgments: list[Judgment]) -> list[Claim]:
    """Sentence ids to citations {doc, start, end, quote} from the store; the model never writes offsets."""
    claims = []
    for n, j in enumerate(judgments, start=1):
        citations = _citations(j.sentences)
        extra: dict[str, Any] = {"disagree": True} if j.disagree else {}
        if j.agreement:
            extra["agreement"] = j.agreement
        claims.append(
            Claim(
                id=f"K{n}",
                text=j.text,
                citations=citations,
                key=passages.content_id(
                    "k", j.text, *(f"{c.doc}:{c.start}:{c.end}" for c in citations)
                ),
                relevance=j.relevance,
                form=j.form,
                independent_sources=j.sources,
                **extra,
            )
        )
    return claims


def assemble(
    settings: Settings,
    root: Path,
    documents: list[Document],
    claims: list[Claim],
    model: str,
    generated_at: str,
    heading: str = "Key judgments",
    carried: list[Claim] | None = None,
    judge: Judge | None = None,
    rejected: list[UnverifiedClaim] | None = None,
) -> tuple[Briefing, VerificationReport]:
    """Verify the claims and build the briefing: failing claims never reach `sections`.

    `carried` are earlier judgments a digest carries forward; they are verified
    again against today's files and kept under their own heading only if they still stand.
    `judge` (`--judge model`) is asked about every claim the deterministic checks pass.
    """
    groups = [(heading, claims)]
    if carried:
        groups.append((CARRIED_HEADING, carried))
    draft = Briefing(
        topic=settings.topic,
        generated_at=generated_at,
        model=model,
        corpus=CorpusInfo(
            root=_display_root(root),
            documents=[CorpusDoc(doc=d.doc, sha256=d.sha256, title=d.title) for d in documents],
        ),
        sections=[Section(heading=h, claims=cs) for h, cs in groups],
    )
    report = verify_briefing(
        draft,
        root,
        support_threshold=settings.support_threshold,
        max_file_bytes=settings.max_file_bytes,
        judge=judge,
    )
    by_id = {r.id: r for r in report.claims}
    sections, failed = [], []
    for h, cs in groups:
        ok = [c for c in cs if by_id[c.id].ok]
        failed += [c for c in cs if not by_id[c.id].ok]
        sections.append(
            Section(heading=h, claims=ok[: settings.max_claims] if h == heading else ok)
        )
    briefing = draft.model_copy(
        update={
            "sections": sections,
            "unverified": [UnverifiedClaim(claim=c, report=by_id[c.id]) for c in failed]
            + (rejected or [])
            if settings.unverified == "keep"
            else [],
        }
    )
    return briefing, report


def _display_root(root: Path) -> str:
    """The corpus root as the user would write it: relative to the working directory when inside it."""
    try:
        return root.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(root.resolve())


class Ingested(Strict):
    """A command's one corpus sync: what it changed and how long it took."""

    report: IngestReport
    seconds: float


def ingest(store: StateStore, settings: Settings, progress: Progress) -> Ingested:
    """Sync the store with the corpus (once per command), reporting progress."""
    t0 = time.monotonic()
    progress(f"ingesting {store.root}")
    report = sync_corpus(
        store,
        settings.passage_tokens,
        warn=progress,
        progress=lambda done, total: progress("ingesting", done, total),
        indexing=lambda done, total: progress("building the search index", done, total),
        max_file_bytes=settings.max_file_bytes,
    )
    return Ingested(report=report, seconds=time.monotonic() - t0)


def run_generate(
    store: StateStore,
    settings: Settings,
    progress: Progress,
    *,
    kind: str = "generate",
    ingested: Ingested | None = None,
    only_docs: list[str] | None = None,
    carried: list[Claim] | None = None,
    target: Path | None = None,
    digest: DigestNote | None = None,
) -> RunResult:
    """The whole job; the run directory appears only once every file is written.

    A digest passes the sync it already did (`ingested`), `only_docs` (retrieve from new
    documents only), `carried` (earlier judgments to re-verify), `target` (its dated
    folder) and `digest` (what was new and what it merged).
    """
    root = store.root
    if ingested is None:
        ingested = ingest(store, settings, progress)
    t0 = time.monotonic() - ingested.seconds
    timings: dict[str, float] = {"ingest": ingested.seconds}

    t = time.monotonic()
    plan = plan_run(store, settings, only_docs)
    timings["retrieve_and_prompt"] = time.monotonic() - t

    t = time.monotonic()
    with open_endpoint(settings, progress) as endpoint:
        timings["model_start"] = time.monotonic() - t
        t = time.monotonic()
        progress(f"asking {endpoint.model} ({len(plan.calls)} calls, {plan.strategy.name})")
        try:
            model_run = call_model(store, settings, plan, endpoint, progress)
        except ModelOutputError as exc:
            # Nothing is published, but the reply is kept for the analyst to read.
            saved = render.save_failure(settings.out, exc.raw, settings, plan.template_hashes)
            raise ModelOutputError(
                f"{exc} (raw reply saved in {saved}): run again, or use a more capable model"
                " (--model / --base-url)",
                raw=exc.raw,
            ) from exc
        timings["model"] = time.monotonic() - t

        t = time.monotonic()
        findings, usage, served = model_run.findings, model_run.usage, model_run.served
        listed = plan.documents
        carried_docs = {c.doc for cl in carried or [] for c in cl.citations} - {
            d.doc for d in listed
        }
        earlier = store.documents(only=sorted(carried_docs)) if carried_docs else []
        # Opened before composing: with a capable endpoint the judge settles the checks'
        # soft doubts about its sentences, and verifies the briefing while it is still open.
        judge = _open_judge(store, settings, endpoint, progress)
        composed = compose_claims(settings, root, plan, findings, carried, earlier, judge)
        claims, rejected = composed.claims, composed.rejected
        if composed.absorbed:
            # A carried judgment a new source now supports stands inside the new judgment.
            ids = ", ".join(composed.absorbed)
            progress(f"a new source makes the same point as {ids}: merged into a new judgment")
            carried = [c for c in carried or [] if c.id not in composed.absorbed]
        if carried:
            # A document that changed only by appended text is "new", and today's finding may
            # cite what a carried judgment cites: one judgment, never two (nor a carried one
            # twice), matched by what they cite and by their key.
            carried = unrepeated(carried, claims)
        if carried and composed.sources:
            # One briefing, one count: a carried "Two of seven" beside a new "Two of eight".
            carried = [recount(c, composed.sources) for c in carried]
        generated_at = render.utc_now()
        if earlier:
            listed = sorted(listed + earlier, key=lambda d: d.doc)
        try:
            briefing, report = assemble(
                settings,
                root,
                listed,
                claims,
                served,
                generated_at,
                carried=carried,
                judge=judge,
                rejected=rejected,
            )
        finally:
            if judge is not None:
                judge.close()
                usage.add(judge.usage)
    if digest is not None:
        # A digest's briefing says what was new and what it merged.
        briefing = briefing.model_copy(update={"digest": digest})
    timings["verify"] = time.monotonic() - t

    t = time.monotonic()
    manifest = render.manifest(
        kind=kind,
        settings=settings,
        inputs=plan.corpus,
        template_hashes=plan.template_hashes,
        prompts=plan.prompts,
        model=served,
        strategy=plan.strategy.name,
        usage=usage,
        timings=timings,
        briefing=briefing,
        report=report,
        ingest=ingested.report,
        extra={
            "model_failures": len(model_run.failures),
            **({"digest": digest.model_dump(mode="json")} if digest is not None else {}),
        },
    )
    run_id = render.run_id(generated_at, manifest)
    verified = sum(len(s.claims) for s in briefing.sections)

    def record(final: Path) -> None:
        # Runs inside the publishing step: the folder and its row appear together or not at all.
        store.record_run(
            {
                "id": final.name if kind == "generate" else f"{kind}-{final.name}",
                "kind": kind,
                "created_at": generated_at,
                "status": "ok" if verified else "failed",
                "topic": settings.topic,
                "model": served,
                "out_dir": str(final.resolve()),
                "verified": verified,
                "dropped": len(report.claims) - verified,
                "cost": usage.cost_usd,
                "documents": plan.corpus,
            },
        )

    final = render.write_run(
        settings.out,
        run_id,
        briefing,
        report,
        manifest,
        documents=listed,
        root=root,
        max_file_bytes=settings.max_file_bytes,
        failures=model_run.failures,
        target=target,
        on_publish=record,
    )
    timings["render"] = time.monotonic() - t
    timings["total"] = time.monotonic() - t0
    return RunResult(
        run_id=final.name, out_dir=final, briefing=briefing, report=report, manifest=manifest
    )


def dry_run(store: StateStore, settings: Settings, progress: Progress) -> dict[str, Any]:
    """Render the prompts and estimate tokens and cost; call no model."""
    sync_corpus(
        store, settings.passage_tokens, warn=progress, max_file_bytes=settings.max_file_bytes
    )
    plan = plan_run(store, settings)
    model = settings.model or server.EMBEDDED_MODEL
    completion = plan.strategy.max_tokens * len(plan.calls)
    endpoint = llm.Endpoint(
        base_url=settings.base_url or "embedded", model=model, prices=settings.prices
    )
    return {
        "strategy": plan.strategy.name,
        "model": model,
        "calls": len(plan.calls),
        "prompt_tokens": plan.prompt_tokens,
        "max_completion_tokens": completion,
        "estimated_cost_usd": llm.cost_of(endpoint, plan.prompt_tokens, completion),
        "sources": sorted({s.doc for s in plan.sources}),
        "prompts": plan.prompts,
    }
