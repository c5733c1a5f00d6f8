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
from rich.markup import escape

from briefing.core.errors import CorpusError
from briefing.core.files import read_capped
from briefing.core.models import Briefing, Citation, Claim, CorpusDoc, Strict, UnverifiedClaim
from briefing.core.protocols import RunLog
from briefing.outputs import htmlrender
from briefing.text.textnorm import content_stems
from briefing.verification import MAX_BRIEFING_BYTES

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
class _Item:
    """One claim of a run with where it sits: a section's verified claim or an unverified entry."""

    claim: Claim
    status: RunStatus
    section: str
    reason: str = ""


def _pool(b: Briefing) -> list[_Item]:
    """Every claim of a briefing in reading order: sections first, then the unverified list."""
    items = [_Item(c, "verified", s.heading) for s in b.sections for c in s.claims]
    items += [_Item(u.claim, "unverified", "Unverified", _reason(u)) for u in b.unverified]
    return items


def _reason(u: UnverifiedClaim) -> str:
    """Why an unverified entry failed, as briefing.md words it: its status and reason.

    Without a reason (a report from before reasons were written), the citation statuses.
    """
    if u.report.message:
        return f"{u.report.status}: {u.report.message}"
    statuses = sorted({c.status for c in u.report.citations})
    return f"{u.report.status}: {', '.join(statuses)}" if statuses else u.report.status


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


def _match(old: list[_Item], new: list[_Item]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one pairs `(old index, new index, jaccard)`, best candidates first."""
    candidates: list[tuple[tuple[Any, ...], int, int, float]] = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            same_key = a.claim.key is not None and a.claim.key == b.claim.key
            exact = same_key or fold(a.claim.text) == fold(b.claim.text)
            sim = 1.0 if exact else jaccard(a.claim.text, b.claim.text)
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


def _citation_change(a: Claim, b: Claim) -> CitationChange | None:
    """The citations `b` gained and lost relative to `a`, or None when they are the same."""
    old_keys = {_cite_key(c) for c in a.citations}
    new_keys = {_cite_key(c) for c in b.citations}
    added = [c for c in b.citations if _cite_key(c) not in old_keys]
    lost = [c for c in a.citations if _cite_key(c) not in new_keys]
    if not added and not lost:
        return None
    return CitationChange(
        old_id=a.id, new_id=b.id, text=b.text, citations_added=added, citations_lost=lost
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
        if fold(a.claim.text) == fold(b.claim.text):
            d.unchanged += 1
        else:
            d.reworded.append(Reworded(old=a.claim, new=b.claim, similarity=round(sim, 2)))
        change = _citation_change(a.claim, b.claim)
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


# --- human review (rich markup) ---------------------------------------------------


def _cites(citations: list[Citation]) -> str:
    """`doc start–end; doc start–end` for a claim's citations."""
    return "; ".join(f"{c.doc} {c.start}–{c.end}" for c in citations) or "no citation"


def _side(info: RunInfo) -> str:
    """One run's header line, escaped for rich."""
    name = info.id or info.path or "-"
    return escape(f"{name}  {info.generated_at}  {info.model}")


def _segments_markup(segments: list[Segment]) -> str:
    styles = {"del": "bold red strike", "ins": "bold green underline"}
    parts = []
    for kind, text in segments:
        style = styles.get(kind)
        parts.append(f"[{style}]{escape(text)}[/]" if style else escape(text))
    return "".join(parts)


def summary(d: BriefingDiff) -> str:
    """One line counting every kind of difference (plain text)."""
    if d.identical:
        return f"no differences: {d.unchanged} claims unchanged"
    counts = [
        (len(d.added), "added", "added"),
        (len(d.removed), "removed", "removed"),
        (len(d.reworded), "reworded", "reworded"),
        (d.unchanged, "unchanged", "unchanged"),
        (len(d.citations_changed), "with changed citations", "with changed citations"),
        (len(d.status_changes), "status change", "status changes"),
        (len(d.unverified_added), "new unverified", "new unverified"),
        (len(d.unverified_removed), "unverified gone", "unverified gone"),
        (len(d.sources_new), "new source", "new sources"),
        (len(d.sources_removed), "source removed", "sources removed"),
        (len(d.sources_changed), "source changed", "sources changed"),
    ]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n or one == "unchanged"]
    if d.old.topic != d.new.topic:
        parts.insert(0, "topic changed")
    return ", ".join(parts)


def format_diff(d: BriefingDiff) -> list[str]:
    """The human review as rich-markup lines; all source and model text is escaped."""
    lines = [f"[bold]OLD[/bold]  {_side(d.old)}", f"[bold]NEW[/bold]  {_side(d.new)}"]
    if d.old.topic != d.new.topic:
        lines.append(
            f"[yellow]topic changed:[/yellow] {escape(d.old.topic)} → {escape(d.new.topic)}"
        )
    lines.append("")
    for block in (
        _claim_lines(d),
        _citation_lines(d.citations_changed),
        _status_lines(d),
        _source_lines(d),
    ):
        lines += block
    lines.append(f"[bold]{escape(summary(d))}[/bold]")
    return lines


def _block(title: str, body: list[str]) -> list[str]:
    """A titled block followed by a blank line, or nothing when `body` is empty."""
    return [f"[bold]{title}[/bold]", *body, ""] if body else []


def _claim_lines(d: BriefingDiff) -> list[str]:
    """Added, removed and reworded claims."""
    added = [
        f"[green]+ {escape(fold(c.text))}[/green]  [dim]{escape(_cites(c.citations))}[/dim]"
        for c in d.added
    ]
    removed = [
        f"[red]- {escape(fold(c.text))}[/red]  [dim]{escape(_cites(c.citations))}[/dim]"
        for c in d.removed
    ]
    reworded = []
    for r in d.reworded:
        left, right = word_diff(r.old.text, r.new.text)
        reworded.append(f"[yellow]~[/yellow] {_segments_markup(left)}")
        reworded.append(
            f"  [yellow]→[/yellow] {_segments_markup(right)}  "
            f"[dim]similarity {r.similarity:.2f}[/dim]"
        )
    return _block("Added", added) + _block("Removed", removed) + _block("Reworded", reworded)


def _citation_lines(changes: list[CitationChange]) -> list[str]:
    """Citations gained (+) and lost (-) by claims present in both runs."""
    body = []
    for ch in changes:
        body.append(f"  {escape(fold(ch.text))}")
        body += [f"    [green]+ {escape(_cites([c]))}[/green]" for c in ch.citations_added]
        body += [f"    [red]- {escape(_cites([c]))}[/red]" for c in ch.citations_lost]
    return _block("Citations", body)


def _status_lines(d: BriefingDiff) -> list[str]:
    """Claims that became (un)verified, and unverified entries that came or went."""
    body = []
    for s in d.status_changes:
        color = "red" if s.new_status == "unverified" else "green"
        body.append(
            f"[{color}]! {s.old_status} → {s.new_status}[/{color}]  {escape(fold(s.old.text))}  "
            f"[dim]({escape(s.reason)})[/dim]"
        )
        if fold(s.old.text) != fold(s.new.text):
            body.append(f"    [dim]now:[/dim] {escape(fold(s.new.text))}")
    for u in d.unverified_added:
        body.append(
            f"[red]? new unverified[/red]  {escape(fold(u.claim.text))}  "
            f"[dim]({escape(u.reason)})[/dim]"
        )
    for u in d.unverified_removed:
        body.append(f"[dim]? no longer unverified[/dim]  {escape(fold(u.claim.text))}")
    return _block("Verification status", body)


def _source_lines(d: BriefingDiff) -> list[str]:
    """New, removed and changed sources."""
    body = [f"[green]+ {escape(doc.doc)}[/green]  {escape(doc.title)}" for doc in d.sources_new]
    body += [f"[red]- {escape(doc.doc)}[/red]  {escape(doc.title)}" for doc in d.sources_removed]
    body += [
        f"[yellow]* {escape(ch.doc)}[/yellow]  {escape(ch.title)}  "
        f"[dim]content changed: sha256 {ch.old_sha256[:12]} → {ch.new_sha256[:12]}[/dim]"
        for ch in d.sources_changed
    ]
    return _block("Sources", body)


# --- unified diff of briefing.md --------------------------------------------------


def unified_markdown(old_md: str, new_md: str, old_label: str, new_label: str) -> str:
    """A unified diff of two Markdown texts (empty when they are equal)."""
    lines = difflib.unified_diff(
        old_md.splitlines(), new_md.splitlines(), fromfile=old_label, tofile=new_label, lineterm=""
    )
    text = "\n".join(lines)
    return text + "\n" if text else ""


def minimal_markdown(b: Briefing) -> str:
    """A plain Markdown rendering of a briefing's claims, citations inline (stable under diff)."""
    lines = [f"# {fold(b.topic)}", ""]
    for section in b.sections:
        lines += [f"## {fold(section.heading)}", ""]
        for c in section.claims:
            lines.append(f"- {fold(c.text)} [{_cites(c.citations)}]")
        lines.append("")
    if b.unverified:
        lines += ["## Unverified", ""]
        for u in b.unverified:
            lines.append(f"- ~~{fold(u.claim.text)}~~ ({_reason(u)})")
        lines.append("")
    lines += ["## Sources", ""]
    for doc in b.corpus.documents:
        title = f": {fold(doc.title)}" if doc.title else ""
        lines.append(f"- `{doc.doc}`{title} (sha256 {doc.sha256[:12]})")
    return "\n".join(lines) + "\n"


def run_markdowns(old: Briefing, new: Briefing, old_path: Path, new_path: Path) -> tuple[str, str]:
    """Both runs' briefing.md when both have one beside their briefing.json, else minimal ones.

    Mixing a generated briefing.md with a minimal rendering would show every line as changed.
    """
    old_md, new_md = old_path.parent / "briefing.md", new_path.parent / "briefing.md"
    if old_md.is_file() and new_md.is_file():
        return _read_text(old_md), _read_text(new_md)
    return minimal_markdown(old), minimal_markdown(new)


def _read_text(path: Path) -> str:
    try:
        return read_capped(path, MAX_BRIEFING_BYTES, "regenerate the run").decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read ({exc}); regenerate the run") from None


# --- HTML review ------------------------------------------------------------------


@dataclass
class _Cell:
    """One side of a row of the side-by-side view."""

    text: str
    segments: list[Segment]
    section: str
    status: RunStatus
    reason: str
    citations: list[Citation]


@dataclass
class _Row:
    """A row of the side-by-side view: `kind` is added, removed, reworded, status or unchanged."""

    kind: str
    old: _Cell | None
    new: _Cell | None
    similarity: float | None = None
    citations_added: list[Citation] | None = None
    citations_lost: list[Citation] | None = None


def _cell(item: _Item, segments: list[Segment] | None = None) -> _Cell:
    text = fold(item.claim.text)
    return _Cell(
        text=text,
        segments=segments if segments is not None else [("same", text)],
        section=item.section,
        status=item.status,
        reason=item.reason,
        citations=list(item.claim.citations),
    )


def _rows(d: BriefingDiff, old: Briefing, new: Briefing) -> list[_Row]:
    """Rows in NEW's order; a removed claim follows the row of the old claim before it."""
    old_items, new_items = _pool(old), _pool(new)
    by_new = {j: i for i, j in d._pairs}
    rows: list[_Row] = []
    row_of_old: dict[int, int] = {}
    for j, b in enumerate(new_items):
        i = by_new.get(j)
        if i is None:
            kind = "added" if b.status == "verified" else "added-unverified"
            rows.append(_Row(kind=kind, old=None, new=_cell(b)))
            continue
        a = old_items[i]
        row = _Row(kind="unchanged", old=_cell(a), new=_cell(b))
        if a.status != b.status:
            row.kind = "status"
        elif fold(a.claim.text) != fold(b.claim.text):
            row.kind = "reworded"
        if fold(a.claim.text) != fold(b.claim.text):
            left, right = word_diff(a.claim.text, b.claim.text)
            row.old, row.new = _cell(a, left), _cell(b, right)
            row.similarity = round(jaccard(a.claim.text, b.claim.text), 2)
        if a.status == b.status == "verified":
            change = _citation_change(a.claim, b.claim)
            if change is not None:
                row.citations_added = change.citations_added
                row.citations_lost = change.citations_lost
                if row.kind == "unchanged":
                    row.kind = "citations"
        row_of_old[i] = len(rows)
        rows.append(row)
    inserted: list[tuple[int, _Row]] = []
    anchor = -1
    for i, a in enumerate(old_items):
        if i in row_of_old:
            anchor = row_of_old[i]
            continue
        kind = "removed" if a.status == "verified" else "removed-unverified"
        inserted.append((anchor, _Row(kind=kind, old=_cell(a), new=None)))
    for offset, (at, row) in enumerate(inserted):
        rows.insert(at + 1 + offset, row)
    return rows


def diff_html(d: BriefingDiff, old: Briefing, new: Briefing) -> str:
    """A self-contained HTML review of the diff, the two runs side by side."""
    template = htmlrender.environment().get_template("diff.html.j2")
    css = "".join(template.blocks["css"](template.new_context({})))
    return template.render(
        d=d,
        rows=_rows(d, old, new),
        summary=summary(d),
        csp=f"default-src 'none'; style-src {htmlrender.csp_hash(css)}; base-uri 'none'; form-action 'none'",
    )


# --- finding runs -------------------------------------------------------------------


@dataclass(frozen=True)
class RunRef:
    """A resolved run: its briefing.json and, when known, its run id."""

    path: Path
    run_id: str | None


def locate_run(ref: str, runs: RunLog | None, out_dir: Path) -> RunRef:
    """Find a run by path (file or run folder), store run id, or folder name under `out_dir`."""
    given = Path(ref)
    if given.is_file():
        return RunRef(given, None)
    if (given / "briefing.json").is_file():
        return RunRef(given / "briefing.json", given.resolve().name)
    rows = runs.list_runs() if runs is not None else []
    row = next((r for r in rows if r["id"] == ref), None)
    if row is not None and (Path(row["out_dir"]) / "briefing.json").is_file():
        return RunRef(Path(row["out_dir"]) / "briefing.json", ref)
    folder = out_dir / ref
    if (folder / "briefing.json").is_file():
        return RunRef(folder / "briefing.json", ref)
    if row is not None:
        in_store = f"run id {ref} is in the store but {row['out_dir']} has no briefing.json"
    else:
        in_store = f"no run id {ref!r} among the {len(rows)} runs in the store"
    in_path = f"folder {given} has no briefing.json" if given.is_dir() else f"no file {given}"
    raise CorpusError(
        f"run {ref!r} not found: {in_store}; no {folder / 'briefing.json'}; {in_path}."
        " `briefing runs` lists run ids; or pass a run folder or a briefing.json path"
    )


def resolve_run(ref: str, runs: RunLog | None, out_dir: Path) -> Path:
    """The briefing.json of a run given as a run id, a run folder or a briefing.json path."""
    return locate_run(ref, runs, out_dir).path


def last_two_runs(runs: RunLog | None, out_dir: Path) -> tuple[RunRef, RunRef]:
    """The two latest runs of the store (by created_at), oldest first."""
    rows = runs.list_runs() if runs is not None else []
    if len(rows) < 2:
        raise CorpusError(
            f"--last needs two runs in the store, found {len(rows)}: run `briefing generate`"
            " again, or name the runs (briefing diff OLD NEW)"
        )
    rows = sorted(rows, key=lambda r: (r["created_at"], r["id"]))
    return locate_run(rows[-2]["id"], runs, out_dir), locate_run(rows[-1]["id"], runs, out_dir)
