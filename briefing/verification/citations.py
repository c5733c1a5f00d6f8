"""Citations: re-read the sources and locate every quote (the trust core).

Each citation gets one status (README.md, "Verification"), checked in this order:
path safety / missing_doc -> invalid -> exact -> normalized at the span ->
relocated (exact search, then normalized search) -> not_found. A path that
ingest would not read (`briefing.files`: absolute, `..`, a backslash or colon,
hidden, not .txt/.md, not a regular file, over `max_file_mb`) or that resolves
(symlinks included) outside the corpus root is `missing_doc` and is never opened. Search is confined to the cited
document; a relocated quote takes the occurrence nearest the cited start.

Decisions documented here:

* Spans. An empty quote (also whitespace- or zero-width-only) is always
  `invalid`. A structurally malformed span (a negative offset, start > end or
  start == end) is `invalid`: no edit of a source can produce one, only a
  broken producer. A well-formed span that ends past the end of the text is
  treated like any wrong offset: it typically means the source was shortened
  since the briefing was made, so if the quote is still in the document it is
  `relocated` (the quote is real, the offsets are stale); if it is not, the
  citation is `invalid` (the span cannot be checked and the quote is absent).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal, get_args

from briefing.core.errors import CorpusError
from briefing.core.files import DEFAULT_MAX_FILE_MB as _DEFAULT_MAX_FILE_MB
from briefing.core.files import (
    MAX_BRIEFING_MB,
    MB,
    corpus_name_problem,
    read_corpus_file,
)
from briefing.core.models import (
    Citation,
    CitationReport,
    CitationStatus,
    ClaimStatus,
    Span,
)
from briefing.text.lexicons import section
from briefing.text.passages import split_sentences
from briefing.text.textnorm import content_stems_frozen, normalize, normalize_with_spans
from briefing.verification.evidence import CitedText
from briefing.verification.names import lowercase_stems
from briefing.verification.tokens import analyze
from briefing.verification.voices import author_note, document_voices, lead_voice

DEFAULT_SUPPORT_THRESHOLD = 0.2
DEFAULT_MAX_FILE_BYTES = int(_DEFAULT_MAX_FILE_MB * MB)
MAX_BRIEFING_BYTES = int(MAX_BRIEFING_MB * MB)
LOCATED_STATUSES: frozenset[str] = frozenset({"exact", "normalized", "relocated"})
CITATION_STATUSES: tuple[str, ...] = get_args(CitationStatus)
CLAIM_STATUSES: tuple[str, ...] = (
    "supported",
    "unsupported",
    "contradicted",
    "uncited",
    "unverified",
)
assert set(CLAIM_STATUSES) == set(get_args(ClaimStatus))


# --- sources ----------------------------------------------------------------


@dataclass
class _Source:
    """One decoded document, with its normalized form and sentence index built on demand."""

    doc: str
    text: str
    sha256: str
    _norm: tuple[str, list[int], list[int]] | None = None
    _sentences: list[tuple[int, int]] | None = None
    _index: dict[str, list[int]] = field(default_factory=dict)

    _meta: dict[str, str] | None = None
    _counts: tuple[str, ...] | None = None
    _offices: tuple[str, ...] | None = None
    _lowercase: frozenset[str] | None = None

    def metadata(self) -> dict[str, str]:
        """Title, outlet and author as ingest extracts them, computed once.

        Also `voices`: whose views the article reports, as the attribution metadata of the
        document: its lead (the first paragraphs, where "the political scientist X warns"
        and "Zhao Ming, China's envoy, ..." introduce them) and every name the body presents
        as speaking ("X said", "X argues", an interview's "X:" label).
        """
        if self._meta is None:
            from briefing.corpus.body import detect_body
            from briefing.corpus.metadata import extract_metadata

            body = detect_body(self.text)
            self._meta = extract_metadata(self.text, body)
            # The header above the body (title, outlet, byline: "By X and Y") names whose
            # work it is as well: ingest's metadata keeps only the first author.
            header = self.text[: body[0].start][-1500:] if body else ""
            self._meta["voices"] = " . ".join(
                [
                    header,
                    document_voices(self.text[s.start : s.end] for s in body),
                    author_note(self.text, self._meta.get("author", "")),
                ]
            )
            self._meta["voice"] = lead_voice(self.text[s.start : s.end] for s in body)
        return self._meta

    def cited_text(self, start: int, end: int) -> CitedText:
        """The located span for the meaning checks, with its paragraph so far as context."""
        text = self.text
        # Names may come from the sentences before the span (a "he" the claim resolves).
        ctx_start = max(text.rfind("\n", 0, start) + 1, start - 600)
        if len(text[ctx_start:start].strip()) <= 40:
            # The span opens its paragraph, or follows only a label ("Zhao:"): the
            # paragraph before it (an interview's question) is its context.
            back = len(text[:ctx_start].rstrip())  # past the blank lines between paragraphs
            ctx_start = max(text.rfind("\n", 0, back) + 1, start - 600)
        ctx_end = next((e for s, e in self.sentences() if s <= end <= e), end)
        meta = self.metadata()
        return CitedText(
            text=text[start:end],
            context=text[ctx_start:ctx_end],
            doc=self.doc,
            author=meta.get("author", ""),
            outlet=meta.get("outlet", ""),
            title=meta.get("title", ""),
            voices=meta.get("voices", ""),
            counts=self.counts(),
            date=meta.get("date", ""),
            offices=self.offices(),
            lowercase=self.lowercase(),
            document=text,
        )

    def lowercase(self) -> frozenset[str]:
        """Stems the document writes in lower case somewhere (computed once)."""
        if self._lowercase is None:
            self._lowercase = frozenset(lowercase_stems(analyze(self.text)))
        return self._lowercase

    def offices(self) -> tuple[str, ...]:
        """The sentences of the document that give a capitalised name a title of office."""
        if self._offices is None:
            self._offices = tuple(
                self.text[s:e] for s, e in self.sentences() if _OFFICE.search(self.text[s:e])
            )
        return self._offices

    def counts(self) -> tuple[str, ...]:
        """The sentences of the document that count something in words ("four groups")."""
        if self._counts is None:
            self._counts = tuple(
                self.text[s:e] for s, e in self.sentences() if _COUNT_WORD.search(self.text[s:e])
            )
        return self._counts

    def normalized(self) -> tuple[str, list[int], list[int]]:
        """The normalized text and each normalized char's raw span, computed once."""
        if self._norm is None:
            self._norm = normalize_with_spans(self.text)
        return self._norm

    def sentences(self) -> list[tuple[int, int]]:
        """Raw `(start, end)` of every sentence: each line split by the corpus's own sentence
        splitter, so "State Rep. Ana Ortiz" and "U.S. negotiators" end no sentence here either."""
        if self._sentences is None:
            self._sentences = []
            for line in re.finditer(r"[^\n]+", self.text):
                for span in split_sentences(self.text, Span(start=line.start(), end=line.end())):
                    self._add_sentence(span.start, span.end)
        return self._sentences

    def _add_sentence(self, start: int, end: int) -> None:
        assert self._sentences is not None
        chunk = self.text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        if end <= start:
            return
        sid = len(self._sentences)
        self._sentences.append((start, end))
        for s in content_stems_frozen(self.text[start:end]):
            self._index.setdefault(s, []).append(sid)

    def nearest(self, quote: str, cited_start: int) -> tuple[int, int] | None:
        """The sentence sharing most content stems with `quote`; ties go to the nearest."""
        sentences = self.sentences()
        scores: Counter[int] = Counter()
        for s in content_stems_frozen(quote):
            scores.update(self._index.get(s, ()))
        if not scores:
            return None
        best = max(scores, key=lambda sid: (scores[sid], -abs(sentences[sid][0] - cited_start)))
        return sentences[best]


# A capitalised title of office followed by a capitalised name ("President Vladimir Putin",
# "Foreign Minister Hakan Fidan"): the titles are the packaged list's (data/english.txt).
_OFFICE = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            (re.escape(t.capitalize()) for t in section("english.txt", "titles")),
            key=len,
            reverse=True,
        )
    )
    + r")\s+[A-Z][\w'’-]+"
)
_COUNT_WORD = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", re.IGNORECASE
)


class SourceCache:
    """Reads each cited document at most once per verification, and only if ingest would read it."""

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
        self.root = Path(root)
        self._root = self.root.resolve()
        self.max_bytes = max_bytes
        self._docs: dict[str, _Source | str] = {}

    def get(self, doc: str) -> _Source | str:
        """The document, or a one-phrase reason it is missing (never opened when unsafe)."""
        if doc not in self._docs:
            self._docs[doc] = self._load(doc)
        return self._docs[doc]

    def _load(self, doc: str) -> _Source | str:
        # One rule with ingest (`briefing.files`): the name, the resolved path inside the
        # root, a regular .txt/.md file, the size cap; nothing is opened before the checks.
        try:
            data = read_corpus_file(self._root, doc, self.max_bytes)
        except CorpusError as exc:
            return str(exc)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return f"{doc!r} is not valid UTF-8 (byte {exc.start})"
        return _Source(doc=doc, text=text, sha256=hashlib.sha256(data).hexdigest())


def unsafe_path_reason(doc: str) -> str | None:
    """Why `doc` may not be opened as a corpus-relative path, or None when it may."""
    return corpus_name_problem(doc)


# --- citations --------------------------------------------------------------


def verify_citation(citation: Citation, sources: SourceCache) -> CitationReport:
    """Decide one citation's status; `support` is filled in by `verify_claim`."""
    cs, ce = citation.start, citation.end
    src = sources.get(citation.doc)

    def report(
        status: CitationStatus,
        start: int,
        end: int,
        message: str,
        source: str = "",
        match: Literal["exact", "normalized"] | None = None,
    ) -> CitationReport:
        return CitationReport(
            status=status,
            start=start,
            end=end,
            message=message,
            doc=citation.doc,
            cited_start=cs,
            cited_end=ce,
            source_text=source,
            **({"match": match} if match else {}),
        )

    if isinstance(src, str):
        return report("missing_doc", cs, ce, src)
    quote, text = citation.quote, src.text
    nq = normalize(quote)
    if not nq:
        return report("invalid", cs, ce, "empty quote")
    if cs < 0 or ce < 0:
        return report("invalid", cs, ce, f"negative offset in span {cs}-{ce}")
    if cs >= ce:
        return report("invalid", cs, ce, f"empty or reversed span {cs}-{ce}")

    in_range = ce <= len(text)
    if in_range:
        span = text[cs:ce]
        if span == quote:
            return report("exact", cs, ce, "", span)
        if normalize(span) == nq:
            return report("normalized", cs, ce, _typography_message(quote, span), span)

    found = _locate(src, quote, nq, cs)
    if found is not None:
        start, end, how = found
        msg = f"quote found at {start}-{end}, not at {cs}-{ce}"
        if how == "normalized":
            msg += " (after normalization)"
        return report("relocated", start, end, msg, text[start:end], match=how)
    if not in_range:
        return report(
            "invalid",
            cs,
            ce,
            f"span {cs}-{ce} ends past the end of the text ({len(text)} chars)"
            " and the quote is not in the document",
        )
    near = src.nearest(quote, cs)
    nearest_text = text[near[0] : near[1]] if near else ""
    return report(
        "not_found", cs, ce, _difference_message(quote, nearest_text, citation.doc), nearest_text
    )


def _locate(
    src: _Source, quote: str, nq: str, cited_start: int
) -> tuple[int, int, Literal["exact", "normalized"]] | None:
    """The occurrence of the quote nearest `cited_start`: exact first, then normalized."""
    text = src.text
    best = -1
    i = text.find(quote)
    while i != -1:
        if best == -1 or abs(i - cited_start) < abs(best - cited_start):
            best = i
        if i >= cited_start:  # later occurrences are only farther away
            break
        i = text.find(quote, i + 1)
    if best != -1:
        return best, best + len(quote), "exact"

    norm, starts, ends = src.normalized()
    found: tuple[int, int] | None = None
    j = norm.find(nq)
    while j != -1:
        raw = (starts[j], ends[j + len(nq) - 1])
        if found is None or abs(raw[0] - cited_start) < abs(found[0] - cited_start):
            found = raw
        if raw[0] >= cited_start:
            break
        j = norm.find(nq, j + 1)
    return (found[0], found[1], "normalized") if found else None


def _show_char(s: str, i: int) -> str:
    """One character for a message, by code point when it is invisible or a space."""
    if i >= len(s):
        return "end of text"
    c = s[i]
    return f"U+{ord(c):04X}" if not c.isprintable() or c.isspace() else f"{c} (U+{ord(c):04X})"


def _typography_message(quote: str, span: str) -> str:
    """Where a normalized-equal quote first differs from the source."""
    i = next(
        (k for k, (a, b) in enumerate(zip(quote, span, strict=False)) if a != b),
        min(len(quote), len(span)),
    )
    diff = f"{_show_char(quote, i)} vs {_show_char(span, i)}"
    return f"quote differs from source only in typography: {diff}"


def _scripts(word: str) -> set[str]:
    """Unicode scripts (first word of the character name) of the letters in `word`."""
    return {unicodedata.name(c, "?").split(" ")[0] for c in word if c.isalpha()}


def _clip(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "\u2026"


def _difference_message(quote: str, nearest: str, doc: str) -> str:
    """One phrase on how a not-found quote differs from the most similar source sentence."""
    if not nearest:
        return f"quote not found in {doc}; no similar text there"
    a, b = normalize(quote).split(), normalize(nearest).split()
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.ratio() < 0.5:
        return f"quote not found in {doc}; the most similar sentence is shown"
    ops = [op for op in sm.get_opcodes() if op[0] != "equal"]
    # Source words before or after the quote are context, not a difference.
    while ops and ops[0][0] == "insert" and ops[0][1] == 0:
        ops.pop(0)
    while ops and ops[-1][0] == "insert" and ops[-1][1] == len(a):
        ops.pop()
    if not ops:
        return f"quote not found in {doc}"
    tag, i1, i2, j1, j2 = ops[0]
    qa, sb = " ".join(a[i1:i2]), " ".join(b[j1:j2])
    if tag == "delete":
        return f"quote adds text not in source: '{_clip(qa)}'"
    if tag == "insert":
        return f"quote omits source text: '{_clip(sb)}'"
    msg = f"quote differs from source: '{_clip(qa)}' vs '{_clip(sb)}'"
    mixed = sorted(s for s in _scripts(qa) if s != "?")
    if len(mixed) > 1:
        msg += f" (mixed scripts: {'+'.join(mixed)})"
    return msg


# --- support ----------------------------------------------------------------
