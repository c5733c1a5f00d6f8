"""From the model's answers to claims: composed, resolved to citations, and the briefing assembled."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import Field

from briefing import compose
from briefing.compose import Finding, Judgment, PointWriter
from briefing.core.config import Settings
from briefing.core.models import (
    Briefing,
    Citation,
    Claim,
    CorpusDoc,
    CorpusInfo,
    Document,
    Section,
    Sentence,
    Strict,
    UnverifiedClaim,
    VerificationReport,
)
from briefing.core.protocols import Judge
from briefing.generation import triage
from briefing.generation.carry import _as_finding, _body_sentences, _joinable
from briefing.generation.plan import Plan, independent_sources
from briefing.generation.strategies import _encoder
from briefing.text import passages
from briefing.text.textnorm import LIST_ITEM
from briefing.verification import SourceCache, thin_sources, verify_briefing, verify_claim
from briefing.verification import contradicts as verification_contradicts
from briefing.verification.voices import block_voice, continued_quote, rebuts

CARRIED_HEADING = "Still standing (carried forward)"


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
    point: PointWriter | None = None,
) -> Composed:
    """Findings to published-to-be claims: standalone, faithful or quoted, attributed, merged.

    Also returns the model sentences that were not published as prose, each with its
    reason, for the briefing's Unverified list (their findings were quoted instead).
    `carried` (a digest's earlier judgments, whose documents are `carried_documents`) may be
    joined by a new finding that makes the same point: the merged judgment cites both, counts
    both sources, and the carried one's id is in `absorbed`. `point` writes candidate
    sentences for what a merged group has in common (`generation.points`).
    """
    sources = SourceCache(root, settings.max_file_bytes)

    # The 135M model's map summaries are held to prose gates made for it (most of their
    # words in what they cite, no aim the source does not state); a capable model's
    # single-prompt judgments are decided by the verifier alone (issue 28).
    prose_gates = settings.chosen_strategy == "map-reduce"

    def check(text: str, sentences: list[Sentence], every: bool = False) -> str | None:
        # The verifier itself decides whether the model's sentence may be published.
        report = verify_claim(
            Claim(id="draft", text=text, citations=_citations(sentences)),
            sources,
            support_threshold=settings.support_threshold,
            judge=judge,
        )
        if not report.ok:
            return report.message or report.status
        # A group's point is what each of its sources says, not one member's sentence; the
        # 135M model's (prose gates) must be made of words every source holds (one at most by
        # prefix only): its points
        # that passed at half were often another point in the sources' words (BENCHMARKS.md,
        # "Merged judgments led by their point").
        thin = thin_sources(text, report.citations, 0.9 if prose_gates else 0.5) if every else []
        if thin:
            return f"{thin[0]} alone does not make this point"
        if not prose_gates:
            return None
        # A point has met a stricter bar than this one (90% of its words in each source);
        # its share of the union counts the attribution lead's names, which no source holds.
        if report.support < compose.PROSE_SUPPORT and not every:
            return f"only {report.support:.2f} of its content words are in the cited text"
        return triage.unstated_aim(settings.topic, text, [s.text for s in sentences])

    def contradicts(a: Sentence, b: Sentence) -> bool:
        src = sources.get(b.doc)
        if isinstance(src, str):
            return False
        return verification_contradicts(a.text, src.cited_text(b.start, b.end), figures=True)

    def rebutted(s: Sentence) -> str:
        # The sentence right after, on the same line: "In my view that misreads …".
        src = sources.get(s.doc)
        if isinstance(src, str):
            return ""
        following = next(((a, b) for a, b in src.sentences() if a >= s.end), None)
        if following is None or "\n" in src.text[s.end : following[0]]:
            return ""
        text = src.text[following[0] : following[1]]
        return text if rebuts(text) else ""

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
    speakers = _speakers(
        [s for f in findings for s in f.sentences], {d.doc: d for d in plan.documents}, sources
    )
    context = compose.ComposeContext(
        documents=documents,
        check=check,
        previous=plan.previous,
        canonical=canonical,
        embed=encoder.encode if encoder is not None else None,
        contradicts=contradicts,
        rebutted=rebutted,
        topic=settings.topic,
        topic_words=triage.question_words(settings.topic),
        common=common,
        answers=lambda text: triage.states_aim(settings.topic, text),
        others=lambda text: triage.states_others_aim(settings.topic, text),
        speakers=speakers,
        earlier=[_as_finding(c) for c in joinable],
        prose_gates=prose_gates,
        point=point,
        check_point=lambda text, sentences: check(text, sentences, every=True),
    )
    decided = compose.compose(findings, context)
    judgments, rejected, absorbed = decided.judgments, decided.rejected, decided.absorbed
    return Composed(
        claims=resolve(judgments),
        rejected=[_unpublished(n, r, sources, settings) for n, r in enumerate(rejected, 1)],
        absorbed=[joinable[n].id for n in absorbed],
        # Counted over new and carried documents alike only when the carried ones took part.
        sources=len({canonical.get(d, d) for d in documents}) if joinable else 0,
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
        if isinstance(src, str):
            continue
        m = compose.SPEAKER.match(s.text)
        if m:
            # "Nkansah: We want a deal in principle": the label names who says the sentence
            # (an interviewer's own line is no one's view: compose drops it).
            if not compose.interviewer_line(s, documents):
                who = _answerer(s.text[: m.end()].rstrip(": \t"), src.text, documents.get(s.doc))
                if who:
                    out[s.id] = who
            continue
        d = documents.get(s.doc)
        block = next((b for b in d.body if b.start <= s.start < b.end), None) if d else None
        start = block.start if block else src.text.rfind("\n", 0, s.start) + 1
        paragraph = src.text[start : s.start]
        m = compose.SPEAKER.match(paragraph)
        if m:
            who = _answerer(paragraph[: m.end()].rstrip(": \t"), src.text, d)
            if who:
                out[s.id] = who
            continue
        owner = _list_owner(src.text, s.start) or continued_quote(paragraph, s.text)
        if owner:
            out[s.id] = owner
    return out


# The person an interview's opening paragraph introduces: "Vo Thanh Long is chief executive
# of …", "Kanya Phromma, 47, grows jasmine rice …".
_INTRODUCED = re.compile(r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3})(?: is |, )")


def _answerer(label: str, text: str, document: Document | None) -> str:
    """Who an interview label names: the label itself, or for a letter ("A:") the person the
    piece's first paragraph introduces ('' when it names no one: "quoting A" names no one)."""
    if len(label) > 1:
        return label
    if document is None or not document.body:
        return ""
    first = document.body[0]
    m = _INTRODUCED.match(text[first.start : first.end].strip())
    return m.group(1) if m else ""


def _list_owner(text: str, at: int) -> str:
    """Whose words a sentence of a list is, when the list's lead line says so, else ''.

    "China's demands, reproduced verbatim:" followed by "1. The EU should ease its export
    controls ...": the item is China's demand, not the outlet's. Only an unbroken run of
    items up to the lead counts.
    """
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    lines = text[:line_start].splitlines()
    if not LIST_ITEM.match(text[line_start : line_end if line_end >= 0 else len(text)]):
        return ""
    for k in range(len(lines) - 1, max(-1, len(lines) - 1 - compose.LIST_REACH * 3), -1):
        line = lines[k]
        if not line.strip() or LIST_ITEM.match(line):
            continue
        # The lead is the line's last sentence ("… described the list as the minimum. The
        # full list, reproduced verbatim:"); what comes before it, in that line and the
        # paragraph above, is where a lead that refers back finds its owner.
        *earlier, lead = re.split(r"(?<=[.!?\"”])\s+(?=[A-Z])", line.strip())
        above = next((x for x in reversed(lines[:k]) if x.strip()), "")
        return block_voice(lead, " ".join([above, *earlier]))
    return ""


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
        if j.point:
            extra["point"] = j.point
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
