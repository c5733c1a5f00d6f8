"""What a run will read: the question's passages, their documents, near-duplicate copies and continuations."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from briefing import compose
from briefing.core.config import Settings
from briefing.core.errors import NoEvidenceError
from briefing.core.models import (
    Document,
    SearchHit,
    Sentence,
    Strict,
)
from briefing.core.protocols import StateStore
from briefing.corpus.dedupe import near_duplicates
from briefing.generation import prompting
from briefing.generation.strategies import Call, Evidence, Strategy, _encoder, make_strategy
from briefing.retrieval import retrieve
from briefing.text import passages


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
