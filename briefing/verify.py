"""Verify a briefing: re-read the sources and prove every citation (the trust core).

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
* Support. Content words = lowercased `\\w+` tokens minus English stop-words,
  Porter-stemmed (`briefing.textnorm`). A citation's support is the share of
  the claim's content stems found in the source text the verifier located (the
  file's text at the final span, never the model's quote): 1 for the same stem,
  0.5 partial credit when one stem is a prefix (>= 4 letters) of the other
  ("russia"/"russian", "ukrain"/"ukrainian"), which Porter does not conflate.
  Claim support is the same share over the union of its located citations.
  Both are rounded to 2 decimals, and the rounded value is the one compared.
* Threshold 0.2 (`support_threshold`), plus a floor of two shared stems (all
  of them, for a claim with fewer): at least a fifth of the claim's content
  words, and at least two, must appear in what it cites. Faithful paraphrases
  of a seed sentence score 0.4-1.0 (measured on six); a verbatim but unrelated
  sentence (the "Small plane crashes in Philadelphia" sidebar behind a claim
  about sanctions) scores 0. The floor exists because one shared word is
  usually a name ("Putin", "Trump") that nearly every sentence of this corpus
  contains, so a 5-word claim would reach 0.2 on it alone (a "Trump recognizes
  Tiger Woods" sidebar behind a claim that Trump threatened sanctions). A
  higher threshold would start rejecting honest paraphrases of long sentences.
  This is a lexical guard against unrelated citations, not an entailment
  check: it cannot tell a claim from its negation. In addition, a citation
  whose located text shares nothing with the claim (support 0) makes the claim
  `unsupported` even if other citations carry it, as the verification contract requires.
* Meaning. A claim that passes the lexical support is then read against its
  located citations (the file's text at the final span, with its paragraph
  before it as context for names) and the cited documents' metadata from
  ingest (author, outlet, title) by `briefing.support`: numbers, negation,
  antonyms, names, attribution, roles and hedges. A claim it rejects is
  `unsupported` or `contradicted`, its `message` is the check's reason and
  `check` names the check.
* Judge. With a `judge` (`briefing.judge`, `--judge model`), a claim every
  deterministic check passed is also put to it with its located texts; a "no"
  makes it `unsupported` (`message` "judge: <reason>", `check` "judge"). The
  judge is never asked about a rejected claim, so it can reject but never
  rescue; its answer is `ClaimReport.judge`. This module only calls it.
* Zero claims. A briefing without claims is not ok (`ok` false, extra
  `message`): it proves nothing, and a generator that dropped every claim
  must not pass. Claims in the top-level `unverified` list are not verified.
* counts holds "claims" and "citations" totals and the number of claims per
  claim status and citations per citation status (every status, zeros too).
* changed_sources lists every document of `briefing.corpus.documents` whose
  current sha256 differs from the recorded one, or that can no longer be read.

Report fields beyond the contract's (declared on the report models, written only
when set): CitationReport.match ("exact" or "normalized", for relocated
citations: how the quote was found); ClaimReport.support and
ClaimReport.message, ClaimReport.check and ClaimReport.judge; VerificationReport.strict,
VerificationReport.support_threshold and, for zero claims,
VerificationReport.message.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

from pydantic import ValidationError

from briefing import support as meaning_checks
from briefing.errors import ConfigError, CorpusError
from briefing.files import DEFAULT_MAX_FILE_MB as _DEFAULT_MAX_FILE_MB
from briefing.files import (
    MAX_BRIEFING_MB,
    MB,
    corpus_name_problem,
    read_capped,
    read_corpus_file,
)
from briefing.models import (
    FATAL_STATUSES,
    Briefing,
    Citation,
    CitationReport,
    CitationStatus,
    Claim,
    ClaimReport,
    ClaimStatus,
    JudgeReport,
    VerificationReport,
)
from briefing.protocols import Judge
from briefing.textnorm import content_stems_frozen, normalize, normalize_with_spans

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

_PARTIAL_CREDIT = 0.5
_MIN_SHARED = 2.0
_MIN_PREFIX = 4
_MAX_SCHEMA_ERRORS = 10


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

    def metadata(self) -> dict[str, str]:
        """Title, outlet and author as ingest extracts them, computed once."""
        if self._meta is None:
            from briefing.ingest import detect_body, extract_metadata

            self._meta = extract_metadata(self.text, detect_body(self.text))
        return self._meta

    def cited_text(self, start: int, end: int) -> meaning_checks.CitedText:
        """The located span for the meaning checks, with its paragraph so far as context."""
        text = self.text
        # Names may come from the sentences before the span (a "he" the claim resolves).
        ctx_start = max(text.rfind("\n", 0, start) + 1, start - 600)
        ctx_end = next((e for s, e in self.sentences() if s <= end <= e), end)
        meta = self.metadata()
        return meaning_checks.CitedText(
            text=text[start:end],
            context=text[ctx_start:ctx_end],
            doc=self.doc,
            author=meta.get("author", ""),
            outlet=meta.get("outlet", ""),
            title=meta.get("title", ""),
        )

    def normalized(self) -> tuple[str, list[int], list[int]]:
        """The normalized text and each normalized char's raw span, computed once."""
        if self._norm is None:
            self._norm = normalize_with_spans(self.text)
        return self._norm

    def sentences(self) -> list[tuple[int, int]]:
        """Raw `(start, end)` of every sentence (split at line ends and . ! ? …)."""
        if self._sentences is None:
            self._sentences = []
            for line in re.finditer(r"[^\n]+", self.text):
                pos = line.start()
                for sep in _SENTENCE_END.finditer(line.group()):
                    self._add_sentence(pos, line.start() + sep.start() + len(sep.group().rstrip()))
                    pos = line.start() + sep.end()
                self._add_sentence(pos, line.end())
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


_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*\s+")


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


@lru_cache(maxsize=16384)
def _prefixes(stems: frozenset[str]) -> frozenset[str]:
    """Every proper prefix (>= _MIN_PREFIX letters) of every stem, for partial credit."""
    return frozenset(s[:k] for s in stems for k in range(_MIN_PREFIX, len(s)))


def _credit(claim: frozenset[str], stems: frozenset[str], prefixes: frozenset[str]) -> float:
    """Claim stems found in `stems`: 1 each, 0.5 for a prefix relation."""
    credit = 0.0
    for s in claim:
        if s in stems:
            credit += 1.0
        elif s in prefixes or any(s[:k] in stems for k in range(_MIN_PREFIX, len(s))):
            credit += _PARTIAL_CREDIT
    return credit


def _support(claim: frozenset[str], stems: frozenset[str], prefixes: frozenset[str]) -> float:
    """Share of the claim's stems found in `stems` (see `_credit`)."""
    return _credit(claim, stems, prefixes) / len(claim) if claim else 0.0


def support_score(claim_text: str, source_text: str) -> float:
    """Support of `claim_text` by `source_text`, as reported per citation (2 decimals)."""
    stems = content_stems_frozen(source_text)
    return round(_support(content_stems_frozen(claim_text), stems, _prefixes(stems)), 2)


# --- claims and briefings ---------------------------------------------------


def verify_claim(
    claim: Claim,
    sources: SourceCache,
    *,
    strict: bool = False,
    support_threshold: float = DEFAULT_SUPPORT_THRESHOLD,
    meaning: bool = True,
    judge: Judge | None = None,
) -> ClaimReport:
    """Verify one claim's citations and its support; usable on claims built in memory."""
    reports = [verify_citation(c, sources) for c in claim.citations]
    fatal = (FATAL_STATUSES | {"relocated"}) if strict else FATAL_STATUSES
    claim_stems = content_stems_frozen(claim.text)
    union: set[str] = set()
    union_prefixes: set[str] = set()
    for r in reports:
        if r.status in LOCATED_STATUSES:
            stems = content_stems_frozen(r.source_text)
            prefixes = _prefixes(stems)
            r.support = round(_support(claim_stems, stems, prefixes), 2)
            union |= stems
            union_prefixes |= prefixes
    shared = _credit(claim_stems, frozenset(union), frozenset(union_prefixes))
    support = round(shared / len(claim_stems), 2) if claim_stems else 0.0
    # One shared word is usually the protagonist's name, which nearly every
    # sentence of the corpus contains: it is not evidence of support.
    needed = min(_MIN_SHARED, float(len(claim_stems)))

    status: ClaimStatus
    failed = [f"[{i}] {r.status}" for i, r in enumerate(reports, 1) if r.status in fatal]
    unrelated = [str(i) for i, r in enumerate(reports, 1) if r.support == 0.0]
    if not reports:
        status, message = "uncited", "claim has no citations"
    elif failed:
        status, message = (
            "unverified",
            f"{len(failed)} of {len(reports)} citations failed: {', '.join(failed)}",
        )
    elif not claim_stems:
        status, message = "unsupported", "claim has no content words to support"
    elif support < support_threshold:
        status = "unsupported"
        message = (
            f"cited text holds {support:.2f} of the claim's content words"
            f" (threshold {support_threshold:.2f})"
        )
    elif shared < needed:
        status = "unsupported"
        message = f"cited text shares only {shared:g} of the {needed:g} content words needed"
    elif unrelated:
        status = "unsupported"
        message = f"citation {', '.join(unrelated)} shares no content words with the claim"
    else:
        status, message = "supported", ""
    extra: dict[str, str] = {}
    if status == "supported" and meaning:
        # The words are shared; now check that the cited text says what the claim says.
        verdict = meaning_checks.assess(claim.text, _located(claim, reports, sources))
        if not verdict.ok:
            status, message = verdict.label, verdict.reason
            extra["check"] = verdict.check
    judged: dict[str, JudgeReport] = {}
    if status == "supported" and judge is not None:
        # Asked only here, after every deterministic check passed: it can reject, never rescue.
        answer = judge(claim.text, [r.source_text for r in reports if r.status in LOCATED_STATUSES])
        judged["judge"] = answer
        if answer.verdict == "no":
            status, message = "unsupported", f"judge: {answer.reason or 'no reason given'}"
            extra["check"] = "judge"
    return ClaimReport(
        id=claim.id,
        ok=status == "supported",
        status=status,
        citations=reports,
        support=support,
        message=message,
        **extra,
        **judged,
    )


def _located(
    claim: Claim, reports: list[CitationReport], sources: SourceCache
) -> list[meaning_checks.CitedText]:
    """The claim's located citations as the meaning checks read them."""
    out = []
    for r in reports:
        src = sources.get(r.doc)
        if r.status in LOCATED_STATUSES and not isinstance(src, str):
            out.append(src.cited_text(r.start, r.end))
    return out


def changed_sources(briefing: Briefing, sources: SourceCache) -> list[str]:
    """Listed documents whose current sha256 differs from the briefing's (or that are gone)."""
    changed = set()
    for d in briefing.corpus.documents:
        src = sources.get(d.doc)
        if isinstance(src, str) or src.sha256 != d.sha256.strip().lower():
            changed.add(d.doc)
    return sorted(changed)


def verify_briefing(
    briefing: Briefing,
    corpus_root: Path,
    *,
    strict: bool = False,
    support_threshold: float = DEFAULT_SUPPORT_THRESHOLD,
    meaning: bool = True,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    judge: Judge | None = None,
) -> VerificationReport:
    """Verify every claim of `briefing` against the files under `corpus_root`.

    `meaning=False` skips the meaning checks (`briefing.support`): lexical support only.
    `judge` is asked about every claim that passed them (see "Judge" above).
    """
    root = Path(corpus_root)
    if not root.is_dir():
        what = "is not a directory" if root.exists() else "does not exist"
        raise CorpusError(
            f"corpus directory {root} {what}: pass --corpus DIR (the folder the briefing cites)"
        )
    if not 0.0 <= support_threshold <= 1.0:
        raise ConfigError(
            f"support threshold {support_threshold} is out of range: use a value from 0 to 1"
        )
    sources = SourceCache(root, max_file_bytes)
    changed = changed_sources(briefing, sources)
    claims = [
        verify_claim(
            c,
            sources,
            strict=strict,
            support_threshold=support_threshold,
            meaning=meaning,
            judge=judge,
        )
        for c in briefing.all_claims()
    ]
    if changed:
        changed_set = set(changed)
        for cr in claims:
            for r in cr.citations:
                if r.doc in changed_set and r.status != "exact":
                    r.message += "; source changed since the briefing was made"

    counts = {"claims": len(claims), **dict.fromkeys(CLAIM_STATUSES, 0)}
    counts["citations"] = sum(len(cr.citations) for cr in claims)
    counts.update(dict.fromkeys(CITATION_STATUSES, 0))
    for cr in claims:
        counts[cr.status] += 1
        for r in cr.citations:
            counts[r.status] += 1
    empty = {"message": "the briefing has no claims; a briefing without claims is not ok"}
    return VerificationReport(
        ok=bool(claims) and all(cr.ok for cr in claims),
        claims=claims,
        changed_sources=changed,
        counts=counts,
        strict=strict,
        support_threshold=support_threshold,
        **(empty if not claims else {}),
    )


def fix_briefing(briefing: Briefing, report: VerificationReport) -> Briefing:
    """A copy with relocated offsets and normalized quotes rewritten to the exact source text."""
    fixed = briefing.model_copy(deep=True)
    claims = fixed.all_claims()
    if len(claims) != len(report.claims):
        raise ValueError(f"report has {len(report.claims)} claims, briefing has {len(claims)}")
    for claim, cr in zip(claims, report.claims, strict=True):
        if claim.id != cr.id or len(claim.citations) != len(cr.citations):
            raise ValueError(f"report claim {cr.id!r} does not match briefing claim {claim.id!r}")
        for cit, rep in zip(claim.citations, cr.citations, strict=True):
            if rep.status not in ("relocated", "normalized"):
                continue
            if (rep.doc, rep.cited_start, rep.cited_end) != (cit.doc, cit.start, cit.end):
                raise ValueError(f"report of claim {cr.id!r} was made for another citation")
            # source_text is the raw text at report start:end, so the fix is exact.
            cit.start, cit.end, cit.quote = rep.start, rep.end, rep.source_text
    return fixed


# --- input and output ---------------------------------------------------------


def load_briefing(path: Path) -> Briefing:
    """Read and validate a briefing.json; every failure is a one-line CorpusError."""
    path = Path(path)
    fix = "pass the briefing.json written by 'briefing generate'"
    try:
        # Capped: a briefing.json named by someone else may be an endless stream (/dev/zero).
        raw = read_capped(path, MAX_BRIEFING_BYTES, f"a briefing.json is never that large; {fix}")
    except FileNotFoundError:
        raise CorpusError(f"{path}: briefing file not found; {fix}") from None
    except IsADirectoryError:
        raise CorpusError(f"{path}: is a directory, not a briefing file; {fix}") from None
    except OSError as exc:
        raise CorpusError(
            f"{path}: cannot read ({exc.strerror or exc}); check its permissions"
        ) from None
    try:
        text = raw.decode("utf-8")
        json.loads(text)
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start}); {fix}") from None
    except json.JSONDecodeError as exc:
        raise CorpusError(
            f"{path}:{exc.lineno}:{exc.colno}: malformed JSON ({exc.msg});"
            " fix it or regenerate the briefing"
        ) from None
    try:
        # Strict: a citation offset must be a JSON integer, never a coerced string or float.
        return Briefing.model_validate_json(text, strict=True)
    except ValidationError as exc:
        errors = exc.errors()
        parts = [
            f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {' '.join(str(e['msg']).split())}"
            for e in errors[:_MAX_SCHEMA_ERRORS]
        ]
        if len(errors) > _MAX_SCHEMA_ERRORS:
            parts.append(f"and {len(errors) - _MAX_SCHEMA_ERRORS} more")
        raise CorpusError(
            f"{path}: not a briefing (schema_version 1): {'; '.join(parts)};"
            " fix it or regenerate the briefing"
        ) from None


def _excerpt(s: str, n: int = 100) -> str:
    """`s` on one line, cut to about `n` characters."""
    return _clip(s, n)


def format_report(report: VerificationReport) -> list[str]:
    """Human-readable lines: one per failing claim or non-exact citation, then a summary."""
    lines: list[str] = []
    threshold = report.support_threshold
    for cr in report.claims:
        check = cr.check
        if cr.status == "uncited":
            lines.append(f"{cr.id} uncited: the claim has no citations")
        elif cr.status in ("unsupported", "contradicted") and check and cr.citations:
            first = cr.citations[0]
            lines.append(
                f"{cr.id} {cr.status}: {cr.message}:"
                f' {first.doc}:{first.start}-{first.end} "{_excerpt(first.source_text)}"'
            )
        elif cr.status == "unsupported" and cr.citations:
            weakest = min(cr.citations, key=lambda r: r.support)
            # A report built without a claim-level support shows its weakest citation's.
            support = cr.support if "support" in cr.model_fields_set else weakest.support
            lines.append(
                f"{cr.id} unsupported (support {support:.2f}, threshold {threshold:.2f}):"
                f' {weakest.doc}:{weakest.start}-{weakest.end} "{_excerpt(weakest.source_text)}"'
            )
        for i, r in enumerate(cr.citations, 1):
            if r.status == "exact":
                continue
            where = f"{r.doc}:{r.cited_start}-{r.cited_end}"
            line = f"{cr.id} {cr.status}: [{i}] {r.status} {where}: {r.message}"
            if r.source_text:
                label = "nearest" if r.status == "not_found" else "source"
                line += f' | {label}: "{_excerpt(r.source_text)}"'
            lines.append(line)

    counts = report.counts
    n_claims = counts.get("claims", len(report.claims))
    n_cites = counts.get("citations", sum(len(cr.citations) for cr in report.claims))
    claim_part = ", ".join(f"{counts[s]} {s}" for s in CLAIM_STATUSES if counts.get(s))
    cite_part = ", ".join(f"{counts[s]} {s}" for s in CITATION_STATUSES if counts.get(s))
    if n_claims == 0:
        claim_part = "nothing to verify (a briefing without claims is not ok)"
    summary = f"{n_claims} claims: {claim_part}; {n_cites} citations"
    lines.append(summary + (f": {cite_part}" if cite_part else ""))
    if report.changed_sources:
        lines.append(
            "sources changed since the briefing was made: "
            + ", ".join(report.changed_sources)
            + " (offsets may have moved: review relocated citations or regenerate)"
        )
    return lines
