"""The judgments of a run: findings composed, merged, attributed and ordered by support."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from briefing.compose.attribution import attributed, count_words, quoted, source_name
from briefing.compose.findings import (
    Checker,
    ComposeContext,
    Composition,
    Embedder,
    Finding,
    Form,
    Judgment,
    PointWriter,
    Rejected,
    _Candidate,
)
from briefing.compose.merge import (
    _denials_apart,
    _disagreements,
    _distinct,
    _facts_apart,
    _figures_apart,
    _holders_apart,
    _merge_gate,
    group,
    merge_threshold,
    similarity_matrix,
    with_pairs,
)
from briefing.compose.points import (
    POINTLESS,
    clause_heads,
    own_voice,
    point_sentence,
    points_back,
    pruned,
    shared_words,
)
from briefing.compose.prose import _earlier_candidates, _prepare, interviewer_line
from briefing.compose.standalone import unresolved_subject
from briefing.core.models import Document, Sentence
from briefing.retrieval import retrieve
from briefing.verification import lacking


def compose(findings: list[Finding], context: ComposeContext) -> Composition:
    """Findings -> standalone, attributed, merged judgments, ordered by independent support.

    A new finding that makes the same point as one of `context.earlier` joins it; the
    indices of those it joined are in the result's `absorbed`, and on their own they are not
    returned. Nothing passed in is changed.
    """
    documents, check, canonical = context.documents, context.check, context.canonical
    topic, embed, contradicts = context.topic, context.embed, context.contradicts
    common, topic_words, answers = context.common, context.topic_words, context.answers
    rejected: list[Rejected] = []
    # An interview's questions are the interviewer's, not a view of any source.
    questions = [all(interviewer_line(s, documents) for s in f.sentences) for f in findings]
    if any(questions):
        asked = [f for f, q in zip(findings, questions, strict=True) if q]
        findings = [f for f, q in zip(findings, questions, strict=True) if not q]
        rejected += [
            Rejected(
                text=f.text,
                sentences=f.sentences,
                reason="it cites only the interviewer's lines, not what anyone answered",
            )
            for f in asked
            if f.text
        ]
    if context.rebutted is not None:
        findings = _unrebutted(findings, context.rebutted, rejected)
    cands = _prepare(
        findings,
        documents,
        context.previous,
        check,
        canonical,
        rejected,
        context.speakers,
        context.prose_gates,
    )
    if not cands:
        return Composition(judgments=[], rejected=rejected)
    cands += _earlier_candidates(list(context.earlier), canonical, len(findings))
    texts = [" ".join(s.text for s in c.sentences) for c in cands]
    threshold = merge_threshold(embed) if context.threshold is None else context.threshold
    raw = similarity_matrix(texts, embed, ignore=topic_words, topic=topic)
    sim = _merge_gate(raw, texts, embed, common | topic_words, threshold, topic)
    # A finding that states the subject's aim ("Beijing wants", "China urged") answers the
    # question; one that does not is usually context, or the other side's wish.
    aims = [answers(t) for t in texts] if answers is not None else None
    if aims is not None:
        apart = _facts_apart(texts, aims, retrieve.intent_stems(topic))
        apart |= _denials_apart(texts, aims, common | topic_words)
        if context.others is not None:
            apart |= _holders_apart(aims, [context.others(t) for t in texts])
        sim = with_pairs(sim, apart, -1.0)
    sim = with_pairs(sim, _figures_apart(texts), -1.0)
    if contradicts is not None:
        links = _disagreements(
            cands, texts, raw, sim, threshold, common | topic_words, contradicts, aims
        )
        sim = with_pairs(sim, links, threshold)
    keep = _distinct(cands, sim)
    if len(keep) < len(cands):
        cands = [cands[i] for i in keep]
        texts = [texts[i] for i in keep]
        sim = [[sim[i][j] for j in keep] for i in keep]
        aims = [aims[i] for i in keep] if aims is not None else None
    clusters = [
        m for m in group(cands, sim, threshold, aims) if any(cands[i].earlier < 0 for i in m)
    ]
    # A point needs its own check (each source alone makes it) or a writer for one.
    lead = (
        _lead_writer(context.point, context.check_point or check, topic_words | POINTLESS)
        if context.point is not None or context.check_point is not None
        else None
    )
    absorbed = sorted({cands[i].earlier for m in clusters for i in m} - {-1})
    total = len({canonical.get(d, d) for d in documents}) or 1
    judgments: list[Judgment] = []
    for members in clusters:
        # A new source first: in a digest, what the reader has not seen yet leads.
        ms = sorted(
            (cands[i] for i in members), key=lambda c: (c.earlier >= 0, -c.relevance, c.order)
        )
        judgments.append(_judgment(ms, documents, total, check, contradicts, lead))
    # Within the same support, the judgments that answer the question come first: by
    # meaning when embeddings are there (a 135M model's relevance scores are noise), else
    # by the model's relevance.
    topical = _topicality(topic, texts, embed) or [c.relevance / 10 for c in cands]
    answered = [1.0 if a else 0.0 for a in aims] if aims is not None else [0.0] * len(texts)
    rank = {
        id(j): (
            max(answered[i] for i in m),
            max(topical[i] for i in m),
            -min(cands[i].order for i in m),
        )
        for j, m in zip(judgments, clusters, strict=True)
    }
    owners = {
        id(j): frozenset(cands[i].canonical for i in m)
        for j, m in zip(judgments, clusters, strict=True)
    }
    judgments.sort(key=lambda j: (-j.sources, *(-x for x in rank[id(j)])))
    # Spread within a tier: the same support, among the judgments that answer the question
    # (background is never promoted for its source's sake: it keeps its order by meaning).
    judgments = spread(
        judgments,
        lambda j: owners[id(j)],
        lambda j: (j.sources, 1) if rank[id(j)][0] else (j.sources, 0, id(j)),
    )
    limit = context.limit
    return Composition(
        judgments=judgments[:limit] if limit is not None else judgments,
        rejected=rejected,
        absorbed=absorbed,
    )


def spread(
    judgments: list[Judgment],
    owners: Callable[[Judgment], frozenset[str]],
    tier: Callable[[Judgment], object] = lambda j: j.sources,
) -> list[Judgment]:
    """Within a tier (equal support), a source already heard from waits its turn.

    Ordered by support and relevance alone, one article that states its aims in many
    sentences fills the briefing; the reader is better served by each source's best point
    first, then the second ones (a round robin within each support level, order kept).
    """
    out: list[Judgment] = []
    heard: dict[str, int] = {}
    pool = list(judgments)
    while pool:
        level = [n for n, j in enumerate(pool) if tier(j) == tier(pool[0])]
        best = min(
            level, key=lambda n: (max((heard.get(o, 0) for o in owners(pool[n])), default=0), n)
        )
        pick = pool.pop(best)
        out.append(pick)
        for o in owners(pick):
            heard[o] = heard.get(o, 0) + 1
    return out


def _topicality(topic: str, texts: list[str], embed: Embedder | None) -> list[float] | None:
    """Cosine of each text to the question, or None without embeddings or a topic."""
    if embed is None or not topic:
        return None
    import numpy as np

    vecs = np.asarray(embed([topic, *texts]), dtype=np.float64)
    return [float(x) for x in vecs[1:] @ vecs[0]]


def _judgment(
    members: list[_Candidate],
    documents: Mapping[str, Document],
    total: int,
    check: Checker,
    contradicts: Callable[[Sentence, Sentence], bool] | None,
    lead: Callable[[list[_Candidate], str], str] | None = None,
) -> Judgment:
    """One judgment from a group of candidates (one per independent source)."""
    k = len(members)
    sentences = [s for c in members for s in c.sentences]
    names = [
        source_name(documents.get(c.doc), c.doc) + (f", quoting {c.speaker}" if c.speaker else "")
        for c in members
    ]

    def judgment(
        text: str, form: Form, agreement: str = "", disagree: bool = False, point: str = ""
    ) -> Judgment:
        return Judgment(
            text=text,
            sentences=sentences,
            form=form,
            sources=k,
            relevance=max(c.relevance for c in members),
            agreement=f"{count_words(k, total)} {agreement}" if agreement else "",
            disagree=disagree,
            point=point,
        )

    if k == 1:
        c = members[0]
        if c.summary:
            return judgment(attributed(c.summary, names[0]), "paraphrase")
        return judgment(quoted(c.sentences, names[0], c.speaker), "quote")
    evidence = " ".join(
        quoted(c.sentences, who, c.speaker) for c, who in zip(members, names, strict=True)
    )
    joint = members[0].joint
    if joint and all(c.order == members[0].order and c.joint == joint for c in members):
        # The model wrote one sentence for all of them and it passed against all of them
        # together: their differences are already weighed in it.
        text = attributed(joint, ", ".join(names[:-1]) + " and " + names[-1])
        if check(text, sentences) is None:
            return judgment(text, "paraphrase", "agree")
    if contradicts is not None and any(
        contradicts(a, b)
        for i, x in enumerate(members)
        for y in members[i + 1 :]
        for a in x.sentences
        for b in y.sentences
    ):
        return judgment(evidence, "quote", "address this point and disagree", disagree=True)
    # One source's wording is not what the others said: the point is a sentence written for
    # the group and passed against all of it (issue 29), else the judgment states the
    # agreement and lets each source speak for itself.
    who = ", ".join(names[:-1]) + " and " + names[-1]
    point = lead(members, who) if lead is not None else ""
    return judgment(evidence, "quote", "make the same point", point=point)


def _unrebutted(
    findings: list[Finding], rebutted: Callable[[Sentence], str], rejected: list[Rejected]
) -> list[Finding]:
    """The findings whose cited text the source does not go on to reject: a view a writer
    reports only to say it "misreads" the matter is not the writer's, nor the briefing's."""
    kept = []
    for f in findings:
        answers = [rebutted(s) for s in f.sentences]
        # Unless the finding cites the rebuttal too: then it is quoted whole.
        if all(answers) and not any(a in {s.text for s in f.sentences} for a in answers):
            if f.text:
                rejected.append(
                    Rejected(
                        text=f.text,
                        sentences=f.sentences,
                        reason=f"the source reports it to reject it ('{answers[0][:60]}')",
                    )
                )
            continue
        kept.append(f)
    return kept


def _lead_writer(
    write: PointWriter | None, check: Checker, ignore: frozenset[str]
) -> Callable[[list[_Candidate], str], str]:
    """A merged group -> its point, attributed to `who`, or '' when no candidate passes
    (without `write`, only the members' own sentences are candidates)."""

    def lead(members: list[_Candidate], who: str) -> str:
        groups = [c.sentences for c in members]
        sentences = [s for g in groups for s in g]
        texts = [" ".join(s.text for s in g) for g in groups]

        def passing(candidates: list[str]) -> str:
            # Each candidate whole, then its openings: two sources that make one point often
            # share a sentence's first clause, not its tail.
            for candidate in candidates:
                for head in clause_heads(candidate):
                    if (
                        not own_voice(head)
                        or not point_sentence(head)
                        or unresolved_subject(head)
                        or points_back(head)
                    ):
                        continue  # someone's quoted words, or not a sentence on its own
                    # Then without the details a member lacks ("the mountain border
                    # crossings" where another source says "the border crossings").
                    for point in (head, pruned(head, lacking(head, texts))):
                        text = attributed(point, who, " ".join(texts)) if point else ""
                        if text and check(text, sentences) is None:
                            return text
            return ""

        # A member's own sentence (its map summary, already verified against that member,
        # or a sentence it cites) that every other member makes as well is the group's
        # point with no call at all.
        found = passing([c.summary for c in members if c.summary])
        if found:
            return found
        found = passing([s.text for s in sentences])
        if found:
            return found
        if write is None:
            return ""
        words = shared_words([" ".join(s.text for s in g) for g in groups], ignore)
        return passing(write(words, groups)) if words else ""

    return lead
