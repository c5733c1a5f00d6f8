"""Claim statuses: every citation located, the claim carried by what they say together.

Decisions documented here:

* Recall and precision (ALCE). A claim is judged on the union of its located citations
  (and their documents' author, outlet and title): a synthesis may take a name from one
  source and a figure from another. A citation that adds nothing the others do not carry
  is a finding on that citation (`contributes: false` and a message), not on the claim.
* Hard and soft findings. The meaning checks (`meaning.findings`) report every objection.
  A hard one (a changed number, name, date, negation, antonym, role or attribution, an aim
  restated as achieved, an added time) rejects. A soft one (a hedge the claim drops,
  certainty a modal did not have, another actor around a verb) is a doubt: with a judge,
  only the judge's "no" rejects it; without one, it rejects. `decided_by` says which.
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
* Judge. With a `judge` (`briefing.judge`; `--judge auto` turns it on for any endpoint
  but the embedded model), a claim without hard findings is put to it with its located
  texts: a "no" makes it `unsupported` (`message` "judge: <reason>", `check` "judge"); a
  "yes" settles soft doubts. It is never asked about a hard finding, so it can never
  rescue one; its answer is `ClaimReport.judge`. This module only calls it.
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

from collections.abc import Sequence
from pathlib import Path

from briefing.core.errors import ConfigError, CorpusError
from briefing.core.models import (
    FATAL_STATUSES,
    Briefing,
    CitationReport,
    Claim,
    ClaimReport,
    ClaimStatus,
    Finding,
    JudgeReport,
    VerificationReport,
)
from briefing.core.protocols import Judge, Progress
from briefing.text.textnorm import (
    CLAUSE_PUNCT,
    INNER,
    capitalised,
    content_stems_frozen,
    tokenize,
)
from briefing.verification import meaning as meaning_checks
from briefing.verification.citations import (
    CITATION_STATUSES,
    CLAIM_STATUSES,
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_SUPPORT_THRESHOLD,
    LOCATED_STATUSES,
    SourceCache,
    verify_citation,
)
from briefing.verification.lexicon import stance, with_forms
from briefing.verification.overlap import _credit, _prefixes, _support
from briefing.verification.tokens import SPEECH_STEMS

# One shared content word is usually a protagonist's name: at least two are needed.
_MIN_SHARED = 2.0


def _contributions(
    claim_stems: frozenset[str], reports: list[CitationReport]
) -> list[CitationReport]:
    """The located citations that add nothing to the claim (ALCE's citation precision).

    A citation contributes when it holds some content word of the claim that no other
    citation of it holds, or carries the claim's shared words alone as well as the others do
    together. One that holds none of the claim's words contributes nothing.
    """
    located = [r for r in reports if r.status in LOCATED_STATUSES]
    if len(located) < 2:
        return []
    stems = {id(r): content_stems_frozen(r.source_text) for r in located}
    idle = []
    for r in located:
        mine = stems[id(r)] & claim_stems
        others: set[str] = set()
        for o in located:
            if o is not r:
                others |= stems[id(o)]
        if not mine or (not (mine - others) and len(mine) < len(claim_stems & others)):
            idle.append(r)
    # Two citations that say the same thing both contribute (a second source is
    # corroboration); only when every word a citation shares is carried elsewhere and it
    # carries less than the rest is it idle.
    return idle if len(idle) < len(located) else []


# A merged judgment's point is what each of its sources says (ALCE's precision: a citation
# is relevant when it alone supports the statement); on words, each source must hold at least
# this share of the point's content words. Two sources that make one point in their own words
# share most of a short sentence stating it; one that shares a name and a verb does not.
POINT_SOURCE_SUPPORT = 0.5
_NAME = capitalised()


# ... and lack no run of this many consecutive content words of it: a source that says the
# point in other words misses a word here and there ("ease" for "relax"); one that misses a
# whole phrase ("… and use the regulation sparingly") does not say that part at all.
POINT_MISSING_RUN = 3
_RUN_BREAKS = frozenset(".;:()")


def thin_sources(
    point: str, reports: list[CitationReport], share: float = POINT_SOURCE_SUPPORT
) -> list[str]:
    """The cited documents whose located citations, taken together, hold less than `share`
    of the point's content words other than names, or lack a run of POINT_MISSING_RUN of them
    (none: each source makes the point)."""
    # Names are checked against the union like any claim's (and the attribution lead names
    # the sources themselves); what each source must hold is the rest: what is said of them.
    # Who says it ("Ankara says it wants …" / "Ankara wants …") is attribution, not the point.
    # In order, per word: its stems and whether it is a name ('.' ends a clause, and a run).
    order = _point_words(point)
    stems = _point_stems(order)
    if not stems:
        return []
    by_doc: dict[str, frozenset[str]] = {}
    for r in reports:
        if r.status in LOCATED_STATUSES:
            by_doc[r.doc] = by_doc.get(r.doc, frozenset()) | _held(r.source_text)
    thin = []
    intent = stance("intent")
    for doc, held in by_doc.items():
        if held & intent:
            # An aim said with another verb of intent ("wants" / "called on") is the same aim.
            held = held | (stems & intent)
        prefixes = _prefixes(held)
        # A source's own words, no synonyms: each source must say the point, and a merged
        # group's bar was set on that measure (tests/test_points.py).
        if _support(stems, held, prefixes, synonyms=False) < share or _missing_run(
            order, held, prefixes
        ):
            thin.append(doc)
    return thin


def lacking(point: str, texts: Sequence[str]) -> frozenset[str]:
    """The stems of the point's content words other than names that one of `texts` does not
    hold whole (a shared prefix is half a word), read as `thin_sources` reads a source."""
    stems = _point_stems(_point_words(point))
    return frozenset(s for text in texts for s in stems - _held(text))


_Word = tuple[frozenset[str], bool] | str  # a word's stems and whether it is a name, or "."
# Who says it is not the point: verbs of speech (and the lead's "quoting X", skipped whole).
_LEAD_STEMS = SPEECH_STEMS


def _point_words(point: str) -> list[_Word]:
    """A point's words in order: their stems (who says it left out) and whether each is a
    name; '.' where a clause ends (and a run of missing words with it)."""
    order: list[_Word] = []
    quoting = False
    for w in tokenize(point, keep=INNER, punct=CLAUSE_PUNCT):
        if w.lower() == "quoting":
            quoting = True  # ", quoting Zhao," in the lead: who says it, to the next comma
        elif quoting:
            quoting = w != ","
        elif w in _RUN_BREAKS:
            order.append(".")
        else:
            name = bool(_NAME.fullmatch(w))
            order.append((content_stems_frozen(w.lower() if name else w) - _LEAD_STEMS, name))
    return order


def _point_stems(order: list[_Word]) -> frozenset[str]:
    """What each source must hold of a point: its stems other than names'."""
    return frozenset(s for o in order if not isinstance(o, str) and not o[1] for s in o[0])


def _held(text: str) -> frozenset[str]:
    """A source's stems in every form of them (WordNet's derivations)."""
    return with_forms(content_stems_frozen(text))


def _missing_run(order: list[_Word], held: frozenset[str], prefixes: frozenset[str]) -> bool:
    """Whether POINT_MISSING_RUN consecutive content words of `order` are all missing from
    `held` (a shared prefix counts as held); names are skipped."""
    run = 0
    for word in order:
        if isinstance(word, str):
            run = 0
            continue
        stems, name = word
        if not stems or stems <= stance("intent"):
            # An aim said with another verb of intent ("wants" / "hopes") is the same aim.
            continue
        if name:
            # Names are checked against the union (and aliases: "Lima" for Peru) by the
            # names check; the attribution lead's are the sources' own.
            continue
        run = 0 if _credit(stems, held, prefixes) > 0 else run + 1
        if run >= POINT_MISSING_RUN:
            return True
    return False


def verify_claim(
    claim: Claim,
    sources: SourceCache,
    *,
    strict: bool = False,
    support_threshold: float = DEFAULT_SUPPORT_THRESHOLD,
    meaning: bool = True,
    judge: Judge | None = None,
) -> ClaimReport:
    """Verify one claim: every citation located, and what they say together carries the claim."""
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
    # Recall: the claim is judged on the union of what its citations say.
    shared = _credit(claim_stems, frozenset(union), frozenset(union_prefixes))
    support = round(shared / len(claim_stems), 2) if claim_stems else 0.0
    # One shared word is usually the protagonist's name, which nearly every
    # sentence of the corpus contains: it is not evidence of support.
    needed = min(_MIN_SHARED, float(len(claim_stems)))

    status: ClaimStatus
    failed = [f"[{i}] {r.status}" for i, r in enumerate(reports, 1) if r.status in fatal]
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
    else:
        status, message = "supported", ""
    if status == "supported":
        # Precision: a citation that adds nothing is a finding on that citation, not the claim.
        for r in _contributions(claim_stems, reports):
            r.contributes = False
            note = "adds nothing to the claim that its other citations do not carry"
            r.message = f"{r.message}; {note}" if r.message else note
    extra: dict[str, object] = {}
    found: list[Finding] = []
    if status == "supported" and meaning:
        # The words are shared; now check that the cited texts together say what the claim says.
        verdicts = meaning_checks.findings(claim.text, _located(claim, reports, sources))
        found = [Finding(check=v.check, reason=v.reason, hard=v.hard) for v in verdicts]
        hard = [v for v in verdicts if v.hard]
        if hard or (verdicts and judge is None):
            first = (hard or verdicts)[0]
            status, message = first.label, first.reason
            extra["check"] = first.check
    if found:
        extra["findings"] = found
    extra["decided_by"] = "checks"
    judged: dict[str, JudgeReport] = {}
    if judge is not None and status == "supported" and reports:
        # Asked on soft doubts (only its "no" rejects) and on claims the checks pass
        # (where it can reject, never rescue); never on a hard finding.
        answer = judge(claim.text, [r.source_text for r in reports if r.status in LOCATED_STATUSES])
        judged["judge"] = answer
        soft = [f for f in found if not f.hard]
        if answer.verdict == "no":
            status, message = "unsupported", f"judge: {answer.reason or 'no reason given'}"
            extra["check"] = "judge"
            extra["decided_by"] = "judge"
        elif answer.verdict == "yes" and soft:
            extra["decided_by"] = "judge"
        elif soft:
            # No usable answer: the soft doubt rejects, as it does without a judge.
            status, message = "unsupported", soft[0].reason
            extra["check"] = soft[0].check
    if claim.point and status == "supported":
        # A merged judgment's point is a statement of the briefing like any other: it must
        # pass against the quotations' citations together, each of them contributing.
        lead = verify_claim(
            claim.model_copy(update={"text": claim.point, "point": None}),
            sources,
            strict=strict,
            support_threshold=support_threshold,
            meaning=meaning,
            judge=judge,
        )
        thin = thin_sources(claim.point, lead.citations) if lead.ok else []
        if not lead.ok or thin:
            status = "contradicted" if lead.status == "contradicted" else "unsupported"
            why = lead.message or lead.status
            if thin:
                why = (
                    f"{thin[0]} alone holds less than {POINT_SOURCE_SUPPORT:.0%} of its content"
                    f" words, or lacks {POINT_MISSING_RUN} in a row: not a point all its sources"
                    " make"
                )
            message = f"its point: {why}"
            if lead.check:
                extra["check"] = lead.check
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


_PROGRESS_EVERY = 1000


def verify_briefing(
    briefing: Briefing,
    corpus_root: Path,
    *,
    strict: bool = False,
    support_threshold: float = DEFAULT_SUPPORT_THRESHOLD,
    meaning: bool = True,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    judge: Judge | None = None,
    progress: Progress | None = None,
) -> VerificationReport:
    """Verify every claim of `briefing` against the files under `corpus_root`.

    `meaning=False` skips the meaning checks (`briefing.verification.meaning`): lexical support only.
    `judge` is asked about every claim that passed them (see "Judge" above). `progress` hears
    how far along a long verification is (a judged one, or one of thousands of claims).
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
    # A claim's report depends only on its text and citations: a briefing that repeats a
    # claim (a digest's carried-forward judgments, or a file padded to hang the checks) is
    # verified once per distinct claim, and the repeats share that report's citations.
    distinct: dict[tuple[object, ...], ClaimReport] = {}
    claims = []
    todo = briefing.all_claims()
    # A judge is a model call per claim; without one, only thousands of claims take long.
    every = 1 if judge is not None else _PROGRESS_EVERY
    loud = judge is not None or len(todo) >= _PROGRESS_EVERY
    for done, c in enumerate(todo, 1):
        key = (c.text, *((x.doc, x.start, x.end, x.quote) for x in c.citations))
        first = distinct.get(key)
        if first is None:
            first = distinct[key] = verify_claim(
                c,
                sources,
                strict=strict,
                support_threshold=support_threshold,
                meaning=meaning,
                judge=judge,
            )
            claims.append(first)
        else:
            claims.append(first.model_copy(update={"id": c.id}))
        if progress is not None and loud and (done % every == 0 or done == len(todo)):
            progress("verifying claims", done, len(todo))
    if changed:
        changed_set = set(changed)
        for cr in distinct.values():
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
