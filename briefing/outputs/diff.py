"""Compare two runs claim by claim: what an analyst reviews each morning (`briefing diff`).

Matching, decided here:

* Both runs' claims are compared as one pool: the verified claims of every section and the
  entries of the top-level `unverified` list. Text is compared after folding white space.
* Equal `key` (the content hash `generate` gives a claim: same text, same citations) is the
  same claim, and so is equal text. Otherwise two claims are candidates for "reworded" when they
  share a citation (same document, overlapping spans) or their content-stem Jaccard similarity
  (`textnorm.content_stems`) is at least 0.5. Two unverified entries only match on equal text:
  a reworded failure is reported as one failure gone and another new.
* Pairs are chosen greedily, one-to-one: equal key first, then equal text, then by score (the Jaccard
  similarity, plus 0.5 when the claims share a citation), then pairs of the same status
  (verified with verified), then the pair closest in position, then document order.
* A verified pair with equal text is `unchanged`, else `reworded` (reported `similarity` is the
  Jaccard, rounded to 2 decimals); both may have `citations_changed` (by doc, start, end).
  A verified claim paired with an unverified entry is a `status_change`. Unpaired verified
  claims are `added`/`removed`, unpaired unverified entries `unverified_added`/`_removed`.
* Sources are compared by `doc` in `corpus.documents`: new, removed, or changed sha256.

The runs are `identical` when none of those lists has an entry. Nothing here prints.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PrivateAttr, computed_field

from briefing.core.models import Briefing, Citation, Claim, CorpusDoc, Strict, UnverifiedClaim
from briefing.text.textnorm import content_stems

REWORD_JACCARD = 0.5
CITATION_BONUS = 0.5
RunStatus = Literal["verified", "unverified"]
Segment = tuple[str, str]  # (kind, text); kind is "same", "del" or "ins"


# --- the diff model -------------------------------------------------------------


class RunInfo(Strict):
    """Which run one side of the diff is."""

    id: str | None = None
    path: str | None = None
    topic: str
    generated_at: str
    model: str


class Reworded(Strict):
    """A verified claim whose text changed."""

    old: Claim
    new: Claim
    similarity: float


class CitationChange(Strict):
    """Citations gained or lost by a claim present in both runs."""

    old_id: str
    new_id: str
    text: str
    citations_added: list[Citation] = Field(default_factory=list)
    citations_lost: list[Citation] = Field(default_factory=list)


class StatusChange(Strict):
    """A claim verified in one run and in the `unverified` list of the other."""

    old: Claim
    new: Claim
    old_status: RunStatus
    new_status: RunStatus
    reason: str = Field(
        description="Why the unverified side failed, as briefing.md says it, e.g. 'contradicted:"
        " the claim says 2019, the cited text says 2021'."
    )
    similarity: float


class UnverifiedEntry(Strict):
    """An entry of one run's `unverified` list with no counterpart in the other run."""

    claim: Claim
    reason: str


class SourceChange(Strict):
    """A source present in both runs whose content (sha256) changed."""

    doc: str
    title: str
    old_sha256: str
    new_sha256: str


class BriefingDiff(Strict):
    """The claim-level difference between two briefings (the `briefing diff --json` document)."""

    old: RunInfo
    new: RunInfo
    added: list[Claim] = Field(default_factory=list)
    removed: list[Claim] = Field(default_factory=list)
    reworded: list[Reworded] = Field(default_factory=list)
    unchanged: int = 0
    citations_changed: list[CitationChange] = Field(default_factory=list)
    status_changes: list[StatusChange] = Field(default_factory=list)
    unverified_added: list[UnverifiedEntry] = Field(default_factory=list)
    unverified_removed: list[UnverifiedEntry] = Field(default_factory=list)
    sources_new: list[CorpusDoc] = Field(default_factory=list)
    sources_removed: list[CorpusDoc] = Field(default_factory=list)
    sources_changed: list[SourceChange] = Field(default_factory=list)
    # Pairing of claim positions (old, new) in `_pool` order, for the side-by-side view.
    _pairs: list[tuple[int, int]] = PrivateAttr(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def identical(self) -> bool:
        """True when the two runs have no difference this diff reports."""
        return not (
            self.old.topic != self.new.topic  # a briefing on another question is another run
            or self.added
            or self.removed
            or self.reworded
            or self.citations_changed
            or self.status_changes
            or self.unverified_added
            or self.unverified_removed
            or self.sources_new
            or self.sources_removed
            or self.sources_changed
        )


# --- matching ---------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One claim of a run with where it sits: a section's verified claim or an unverified entry."""

    claim: Claim
    status: RunStatus
    section: str
    reason: str = ""


def _pool(b: Briefing) -> list[Item]:
    """Every claim of a briefing in reading order: sections first, then the unverified list."""
    items = [Item(c, "verified", s.heading) for s in b.sections for c in s.claims]
    items += [Item(u.claim, "unverified", "Unverified", _reason(u)) for u in b.unverified]
    return items


def _reason(u: UnverifiedClaim) -> str:
    """Why an unverified entry failed, as briefing.md words it: its status and reason.

    Without a reason (a report from before reasons were written), the citation statuses.
    """
    if u.report.message:
        return f"{u.report.status}: {u.report.message}"
    statuses = sorted({c.status for c in u.report.citations})
    return f"{u.report.status}: {', '.join(statuses)}" if statuses else u.report.status


def shown(claim: Claim) -> str:
    """What a reader sees of a claim: a merged judgment's point, then its quotations."""
    return f"{claim.point} {claim.text}" if claim.point else claim.text


def fold(text: str) -> str:
    """Text with every run of white space folded to one space, trimmed."""
    return " ".join(text.split())


def jaccard(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' content stems (0 when both have none)."""
    sa, sb = content_stems(a), content_stems(b)
    union = sa | sb
    return len(sa & sb) / len(union) if union else 0.0


def shares_citation(a: Claim, b: Claim) -> bool:
    """True when some citation of `a` and one of `b` cite overlapping spans of the same doc."""
    return any(
        ca.doc == cb.doc and ca.start < cb.end and cb.start < ca.end
        for ca in a.citations
        for cb in b.citations
    )


def _match(old: list[Item], new: list[Item]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one pairs `(old index, new index, jaccard)`, best candidates first."""
    candidates: list[tuple[tuple[Any, ...], int, int, float]] = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            same_key = a.claim.key is not None and a.claim.key == b.claim.key
            exact = same_key or fold(shown(a.claim)) == fold(shown(b.claim))
            sim = 1.0 if exact else jaccard(shown(a.claim), shown(b.claim))
            shared = False
            if not exact:
                if a.status == b.status == "unverified":
                    continue
                shared = shares_citation(a.claim, b.claim)
                if not shared and sim < REWORD_JACCARD:
                    continue
            score = sim + (CITATION_BONUS if shared else 0.0)
            key = (not same_key, not exact, -score, a.status != b.status, abs(i - j), i, j)
            candidates.append((key, i, j, sim))
    candidates.sort(key=lambda c: c[0])
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _key, i, j, sim in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j, sim))
    return sorted(pairs, key=lambda p: (p[1], p[0]))


def _cite_key(c: Citation) -> tuple[str, int, int]:
    return (c.doc, c.start, c.end)


def citation_change(a: Claim, b: Claim) -> CitationChange | None:
    """The citations `b` gained and lost relative to `a`, or None when they are the same."""
    old_keys = {_cite_key(c) for c in a.citations}
    new_keys = {_cite_key(c) for c in b.citations}
    added = [c for c in b.citations if _cite_key(c) not in old_keys]
    lost = [c for c in a.citations if _cite_key(c) not in new_keys]
    if not added and not lost:
        return None
    return CitationChange(
        old_id=a.id, new_id=b.id, text=shown(b), citations_added=added, citations_lost=lost
    )


def run_info(b: Briefing, run_id: str | None = None, path: Path | str | None = None) -> RunInfo:
    """The header of one side of a diff."""
    return RunInfo(
        id=run_id,
        path=str(path) if path is not None else None,
        topic=b.topic,
        generated_at=b.generated_at,
        model=b.model,
    )


def diff_briefings(
    old: Briefing,
    new: Briefing,
    *,
    old_info: RunInfo | None = None,
    new_info: RunInfo | None = None,
) -> BriefingDiff:
    """Compare two briefings claim by claim (see the module docstring for the rules)."""
    old_items, new_items = _pool(old), _pool(new)
    d = BriefingDiff(old=old_info or run_info(old), new=new_info or run_info(new))
    pairs = _match(old_items, new_items)
    d._pairs = [(i, j) for i, j, _ in pairs]
    paired_old = {i for i, _, _ in pairs}
    paired_new = {j for _, j, _ in pairs}
    for i, j, sim in pairs:
        a, b = old_items[i], new_items[j]
        if a.status != b.status:
            d.status_changes.append(
                StatusChange(
                    old=a.claim,
                    new=b.claim,
                    old_status=a.status,
                    new_status=b.status,
                    reason=a.reason or b.reason,
                    similarity=round(sim, 2),
                )
            )
            continue
        if a.status == "unverified":
            continue  # a failure that is still failing, word for word
        if fold(shown(a.claim)) == fold(shown(b.claim)):
            d.unchanged += 1
        else:
            d.reworded.append(Reworded(old=a.claim, new=b.claim, similarity=round(sim, 2)))
        change = citation_change(a.claim, b.claim)
        if change is not None:
            d.citations_changed.append(change)
    for i, a in enumerate(old_items):
        if i not in paired_old:
            if a.status == "verified":
                d.removed.append(a.claim)
            else:
                d.unverified_removed.append(UnverifiedEntry(claim=a.claim, reason=a.reason))
    for j, b in enumerate(new_items):
        if j not in paired_new:
            if b.status == "verified":
                d.added.append(b.claim)
            else:
                d.unverified_added.append(UnverifiedEntry(claim=b.claim, reason=b.reason))
    old_docs = {doc.doc: doc for doc in old.corpus.documents}
    new_docs = {doc.doc: doc for doc in new.corpus.documents}
    d.sources_new = [doc for doc in new.corpus.documents if doc.doc not in old_docs]
    d.sources_removed = [doc for doc in old.corpus.documents if doc.doc not in new_docs]
    d.sources_changed = [
        SourceChange(
            doc=doc.doc,
            title=doc.title or old_docs[doc.doc].title,
            old_sha256=old_docs[doc.doc].sha256,
            new_sha256=doc.sha256,
        )
        for doc in new.corpus.documents
        if doc.doc in old_docs and old_docs[doc.doc].sha256 != doc.sha256
    ]
    return d


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Word-level segments of `old` (same/del) and `new` (same/ins), white space folded."""
    a = re.findall(r"\w+|[^\w\s]+|\s+", fold(old))
    b = re.findall(r"\w+|[^\w\s]+|\s+", fold(new))
    left: list[Segment] = []
    right: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(("same", "".join(a[i1:i2])))
            right.append(("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            right.append(("ins", "".join(b[j1:j2])))
    return left, right
