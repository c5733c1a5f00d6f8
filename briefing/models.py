"""Pydantic models for everything that crosses a stage boundary."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Base for internal models: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    """Base for contract models read from files: the contract allows extra fields."""

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

    id: str
    text: str
    citations: list[Citation] = Field(default_factory=list)


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


class ClaimReport(Open):
    """The verifier's verdict on one claim."""

    id: str
    ok: bool
    status: ClaimStatus
    citations: list[CitationReport] = Field(default_factory=list)


class VerificationReport(Open):
    """The full `briefing verify --json` report."""

    ok: bool
    claims: list[ClaimReport] = Field(default_factory=list)
    changed_sources: list[str] = Field(
        default_factory=list,
        description="Docs whose sha256 differs from the briefing's corpus list.",
    )
    counts: dict[str, int] = Field(default_factory=dict)


class UnverifiedClaim(Open):
    """A claim that failed verification, kept for review with its failing report."""

    claim: Claim
    report: ClaimReport


class Briefing(Open):
    """The briefing.json contract, schema_version 1."""

    schema_version: Literal[1] = 1
    topic: str
    generated_at: str
    model: str
    corpus: CorpusInfo
    sections: list[Section]
    unverified: list[UnverifiedClaim] = Field(default_factory=list)

    def all_claims(self) -> list[Claim]:
        """Every claim of every section, in order."""
        return [c for s in self.sections for c in s.claims]
