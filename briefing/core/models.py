"""Pydantic models for everything that crosses a stage boundary."""

from __future__ import annotations

from typing import Any, ClassVar, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer


class Strict(BaseModel):
    """Base for internal models: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class _Optional(BaseModel):
    """Optional fields (`OPTIONAL`) are written only when set, so outputs keep their shape."""

    # A field most instances lack (a claim's `carried_forward`, a report's zero-claims
    # `message`) is declared with a default but left out of the dump unless it was set:
    # briefing.json and the reports look exactly as when these fields were undeclared.
    OPTIONAL: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _drop_unset_optional(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if self.OPTIONAL and isinstance(data, dict):
            for name in self.OPTIONAL - self.model_fields_set:
                data.pop(name, None)
        return data


class StrictOut(Strict, _Optional):
    """An internal model with optional fields written only when set."""


class Open(_Optional):
    """Base for the briefing.json contract models, which foreign tools also write.

    Every field briefing writes or reads is declared. The contract allows extra fields, so
    unknown ones from another producer are kept as they are (and written back by
    `verify --fix`), but briefing's code never reads them.
    """

    model_config = ConfigDict(extra="allow")


# --- ingest / passages -----------------------------------------------------


class Span(Strict):
    """A half-open character span `[start, end)` into a document's decoded text."""

    start: int
    end: int


class Document(Strict):
    """One source file: identity, metadata and where its body lies in the raw text."""

    doc: str = Field(description="Path relative to the corpus root, with forward slashes.")
    sha256: str
    size: int = Field(description="Size in bytes of the file as read.")
    title: str = ""
    outlet: str = ""
    author: str = ""
    date: str = Field(default="", description="ISO date (YYYY-MM-DD) when the page gives one.")
    body: list[Span] = Field(default_factory=list, description="Body blocks, in order.")
    voice: str = Field(
        default="",
        description="The analyst the opening sentence presents as the piece's voice (\"the"
        ' political scientist X warns"), set by generate for attribution; not stored.',
    )

    def attribution(self, sep: str = ", ") -> str:
        """'Outlet, author, date' with whichever the page gave ('' when it gave none)."""
        return sep.join(p for p in (self.outlet, self.author, self.date) if p)


class Sentence(Strict):
    """One sentence of a body, located by offsets into the raw text."""

    id: str
    doc: str
    start: int
    end: int
    text: str


class Passage(Strict):
    """Consecutive sentences of one document within a token budget."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    tokens: int
    sentence_ids: list[str]


# Ingest's rows travel as plain tuples, not as the models above: a first ingest of 10,000
# captures makes 310,000 sentences and 107,000 passages, and building (or unpickling from a
# worker process) that many pydantic objects cost the single writer more than its SQL
# (measured: 8 µs a Sentence, 25 µs a Passage, 12 s to pickle and unpickle them).


class SentenceRow(NamedTuple):
    """A sentence of a document as the store writes it (the document is the batch entry's)."""

    id: str
    start: int
    end: int
    text: str


class PassageRow(NamedTuple):
    """A passage of a document as the store writes it."""

    id: str
    start: int
    end: int
    text: str
    tokens: int
    sentence_ids: list[str]


class PassageTerms(NamedTuple):
    """A document's passages as the search postings count them: FTS5 terms and frequencies.

    Counted by the ingest workers while they parse, so the one writer does not tokenize the
    passages again to build the BM25 postings. Arrays are little-endian uint32 bytes.
    """

    vocab: tuple[str, ...]  # the document's distinct terms
    terms: bytes  # per passage in order, its distinct terms (indexes into vocab)
    tfs: bytes  # each of those terms' frequency in its passage
    pairs: list[int]  # per passage, how many terms it has in `terms`
    lengths: list[int]  # per passage, its length in tokens (FTS5's docsize)


class DocumentRows(NamedTuple):
    """One parsed document with its sentences and passages, in document order: one store write."""

    document: Document
    sentences: list[SentenceRow]
    passages: list[PassageRow]
    terms: PassageTerms | None = None  # the passages' terms, when the parser counted them

    @classmethod
    def of(
        cls, document: Document, sentences: list[Sentence], passages: list[Passage]
    ) -> DocumentRows:
        """The rows of a document given as models."""
        return cls(
            document,
            [SentenceRow(s.id, s.start, s.end, s.text) for s in sentences],
            [PassageRow(p.id, p.start, p.end, p.text, p.tokens, p.sentence_ids) for p in passages],
        )


class SearchHit(Strict):
    """A ranked passage returned by retrieval."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    score: float
    title: str = ""
    outlet: str = ""
    author: str = ""
    date: str = ""


class IngestReport(Strict):
    """What an ingest changed."""

    root: str
    added: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list, description="'path: reason' lines.")
    passages: int = 0
    sentences: int = 0


# --- briefing.json (schema_version 1) -------------------------------------


class Citation(Open):
    """A citation: an exact span of a source document and the text it quotes."""

    doc: str
    start: int
    end: int
    quote: str


class Claim(Open):
    """One statement of the briefing with the citations that support it."""

    OPTIONAL = frozenset(
        {
            "key",
            "relevance",
            "carried_forward",
            "form",
            "independent_sources",
            "agreement",
            "disagree",
            "point",
        }
    )

    id: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    form: Literal["paraphrase", "quote"] | None = Field(
        default=None,
        description="How it was written: the model's sentence, or the cited sentence quoted by code.",
    )
    independent_sources: int | None = Field(
        default=None,
        description="Documents that support it, near-duplicate captures counted once.",
    )
    agreement: str | None = Field(
        default=None,
        description="How many sources make the point ('Two of five sources agree'); shown"
        " before the text, not verified against the sources.",
    )
    disagree: bool = Field(
        default=False, description="Its sources address the same point and contradict each other."
    )
    point: str | None = Field(
        default=None,
        description="A merged judgment's common point, one attributed sentence verified against"
        " all its citations together (each one contributing); shown above the quotations.",
    )
    key: str | None = Field(
        default=None,
        description="Content hash of the text and citations: matches a claim across runs.",
    )
    relevance: int | None = Field(
        default=None,
        description="0-10: triage's score (map-reduce) or the model's order (single).",
    )
    carried_forward: bool = Field(
        default=False, description="A digest's judgment carried over from the previous digest."
    )


class Section(Open):
    """A headed group of claims."""

    heading: str
    claims: list[Claim] = Field(default_factory=list)


class CorpusDoc(Open):
    """A source document as listed in a briefing."""

    doc: str
    sha256: str
    title: str = ""


class CorpusInfo(Open):
    """The corpus a briefing was made from."""

    root: str
    documents: list[CorpusDoc] = Field(default_factory=list)


CitationStatus = Literal["exact", "normalized", "relocated", "not_found", "missing_doc", "invalid"]
ClaimStatus = Literal["supported", "unsupported", "contradicted", "uncited", "unverified"]
FATAL_STATUSES: frozenset[str] = frozenset({"not_found", "missing_doc", "invalid"})


class CitationReport(Open):
    """The verifier's verdict on one citation.

    `start`/`end` are where the quote really is (for `relocated`, the corrected
    offsets); `cited_start`/`cited_end` are what the briefing said.
    """

    OPTIONAL = frozenset({"match", "contributes"})

    status: CitationStatus
    start: int
    end: int
    support: float = 0.0
    message: str = ""
    doc: str = ""
    cited_start: int = 0
    cited_end: int = 0
    source_text: str = Field(
        default="", description="The source text at start:end, or the nearest match."
    )
    match: Literal["exact", "normalized"] | None = Field(
        default=None, description="For `relocated`: how the quote was found."
    )
    contributes: bool | None = Field(
        default=None,
        description="False when the citation adds nothing to the claim that the claim's other"
        " citations do not already carry (ALCE's citation precision); set only then.",
    )


JudgeVerdict = Literal["yes", "no", "error"]


class JudgeReport(Open):
    """The model judge's answer on one claim the deterministic checks passed (`--judge model`)."""

    verdict: JudgeVerdict = Field(
        description="yes: the cited text entails the claim; no: it does not (the claim is"
        " rejected); error: no usable answer (the claim keeps the deterministic verdict)."
    )
    reason: str = Field(default="", description="The judge's short reason, or the error.")


class Finding(Open):
    """One objection of a meaning check: hard (no reading rescues it) or soft (a doubt)."""

    check: str = Field(description="The check that objected (numbers, names, hedges, ...).")
    reason: str = Field(description="What differs, for an analyst.")
    hard: bool = Field(description="Hard findings reject; soft ones a judge may settle.")


class ClaimReport(Open):
    """The verifier's verdict on one claim."""

    OPTIONAL = frozenset({"support", "message", "check", "judge", "decided_by", "findings"})

    id: str
    ok: bool
    status: ClaimStatus
    citations: list[CitationReport] = Field(default_factory=list)
    support: float = Field(default=0.0, description="Support over the union of the citations.")
    message: str = Field(default="", description="Why the claim is not ok, for an analyst.")
    check: str = Field(default="", description="The meaning check that rejected the claim.")
    judge: JudgeReport | None = Field(
        default=None, description="The model judge's answer, when it was asked (`--judge model`)."
    )
    decided_by: Literal["checks", "judge"] | None = Field(
        default=None,
        description="What decided the status: the deterministic checks, or the model judge"
        " (asked on soft findings and on claims the checks pass).",
    )
    findings: list[Finding] = Field(
        default_factory=list, description="Every objection of the meaning checks, hard or soft."
    )


class VerificationReport(StrictOut):
    """The full `briefing verify --json` report."""

    OPTIONAL = frozenset({"strict", "support_threshold", "message"})

    ok: bool
    claims: list[ClaimReport] = Field(default_factory=list)
    changed_sources: list[str] = Field(
        default_factory=list,
        description="Docs whose sha256 differs from the briefing's corpus list.",
    )
    counts: dict[str, int] = Field(default_factory=dict)
    strict: bool = Field(default=False, description="Relocated citations were fatal.")
    support_threshold: float = Field(default=0.2, description="The support threshold applied.")
    message: str = Field(default="", description="Set when the briefing has no claims.")


class UnverifiedClaim(Open):
    """A claim that failed verification, kept for review with its failing report."""

    claim: Claim
    report: ClaimReport


class DigestNote(Open):
    """What a digest briefed on: new documents since when, and near-duplicates merged."""

    since: str = "the last digest"
    new: list[str] = Field(default_factory=list)
    merged: dict[str, str] = Field(default_factory=dict, description="duplicate -> kept copy")


class Briefing(Open):
    """The briefing.json contract, schema_version 1."""

    OPTIONAL = frozenset({"digest"})

    schema_version: Literal[1] = 1
    topic: str
    generated_at: str
    model: str
    corpus: CorpusInfo
    sections: list[Section]
    unverified: list[UnverifiedClaim] = Field(default_factory=list)
    digest: DigestNote | None = None

    def all_claims(self) -> list[Claim]:
        """Every claim of every section, in order."""
        return [c for s in self.sections for c in s.claims]
