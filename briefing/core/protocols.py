"""What the stages need from the state store, as Protocols: a second backend or a test double
implements these and slots in without touching the stages (`store.Store` is the SQLite one)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from briefing.core.models import Document, DocumentRows, JudgeReport, Passage, Sentence


class Progress(Protocol):
    """Where a stage reports: a message, and for counted work how far along it is."""

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        """Report progress (the CLI draws a bar on a terminal, lines in a log)."""


class Judge(Protocol):
    """A second opinion on a claim the deterministic checks passed (`briefing.judge`)."""

    def __call__(self, claim: str, cited: list[str]) -> JudgeReport:
        """Whether the cited texts entail `claim`: only a "no" changes the verdict."""


class ReplyCache(Protocol):
    """Model replies by request hash (what `llm.complete_json` is given)."""

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached reply, or None."""

    def put(self, key: str, response: dict[str, Any]) -> None:
        """Remember a reply."""


class CorpusStore(Protocol):
    """One corpus's documents, sentences and passages, and their ranking."""

    @property
    def root(self) -> Path:
        """The corpus directory."""

    @property
    def key(self) -> str:
        """The corpus's identity in the store (runs record it)."""

    def document_hashes(self) -> dict[str, str]:
        """doc -> sha256 of every stored document."""

    def replace_document(
        self, document: Document, sentences: list[Sentence], passages: list[Passage]
    ) -> Literal["added", "changed", "unchanged"]:
        """Store a document with its sentences and passages, replacing any earlier version.

        Says what it found: no version (added), another (changed), this one (unchanged: a
        concurrent ingest stored it first, and nothing is written).
        """

    def replace_documents(
        self, batch: Sequence[DocumentRows]
    ) -> list[Literal["added", "changed", "unchanged"]]:
        """`replace_document` for several documents in one transaction, in batch order."""

    def remove_documents(self, docs: list[str]) -> None:
        """Drop documents and everything derived from them."""

    def prepare_ingest(self, new_bytes: int) -> None:
        """Told before an ingest writes: about this many bytes of new files are coming."""

    def refresh_index(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Bring the search index up to date with the passages."""

    def documents(self, only: list[str] | None = None) -> list[Document]:
        """Stored documents (all, or those named in `only`), sorted by path."""

    def passage_sentences(self, passage_ids: list[str]) -> dict[str, list[Sentence]]:
        """passage id -> its sentences, in order."""

    def rank(
        self, words: list[str], limit: int, docs: list[str] | None = None
    ) -> list[tuple[Passage, float]]:
        """The best passages for OR-ed words with their BM25 score (optionally within docs)."""

    def preceding(self, ids: list[str], reach: int) -> dict[str, Sentence]:
        """Sentence id -> the sentence before it in its document, for these and `reach` back."""

    def following(self, ids: list[str]) -> dict[str, Sentence]:
        """Sentence id -> the sentence after it in its document."""


class RunLog(Protocol):
    """The history of runs."""

    def record_run(self, run: dict[str, Any]) -> None:
        """Insert or update one run row (`root` defaults to the store's corpus)."""

    def list_runs(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Run rows, oldest first."""


class StateStore(CorpusStore, RunLog, Protocol):
    """Everything a command needs: the corpus, the run history and the reply cache."""

    @property
    def replies(self) -> ReplyCache:
        """The model-reply cache."""


class CommandStore(StateStore, Protocol):
    """What the CLI needs besides: every corpus in the state, another corpus's view, closing.

    `store.Store` (SQLite) and `pgstore.PostgresStore` (a PostgreSQL team archive) are both one.
    """

    def corpora(self) -> list[Path]:
        """Corpus folders with documents in the state, the latest ingested first."""

    def for_corpus(self, root: Path) -> CommandStore:
        """The same state seen from another corpus folder."""

    def close(self) -> None:
        """Let go of the database connection(s)."""

    def iter_sentences(self) -> Iterator[Sentence]:
        """Every stored sentence of the corpus, in document order (`store copy` reads them)."""

    def iter_passages(self) -> Iterator[Passage]:
        """Every stored passage of the corpus, in document order."""

    def iter_replies(self) -> Iterator[tuple[str, dict[str, Any], float]]:
        """Every cached model reply: (request hash, response, when it was stored)."""


@runtime_checkable
class DigestLocking(Protocol):
    """A store that holds the digest lock itself (PostgreSQL: across machines, not a local flock)."""

    def digest_lock(self, wait: float = 0.0) -> AbstractContextManager[None]:
        """One digest of the store's corpus at a time; LockedError after `wait` seconds."""
