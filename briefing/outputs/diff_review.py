"""Showing a diff: rich lines for the terminal, a unified diff of briefing.md, the HTML review."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape

from briefing.core.errors import CorpusError
from briefing.core.files import read_capped
from briefing.core.models import Briefing, Citation
from briefing.outputs import htmlrender
from briefing.outputs.diff import (
    BriefingDiff,
    CitationChange,
    Item,
    RunInfo,
    RunStatus,
    Segment,
    _pool,
    _reason,
    citation_change,
    fold,
    jaccard,
    shown,
    word_diff,
)
from briefing.verification import MAX_BRIEFING_BYTES

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
        f"[green]+ {escape(fold(shown(c)))}[/green]  [dim]{escape(_cites(c.citations))}[/dim]"
        for c in d.added
    ]
    removed = [
        f"[red]- {escape(fold(shown(c)))}[/red]  [dim]{escape(_cites(c.citations))}[/dim]"
        for c in d.removed
    ]
    reworded = []
    for r in d.reworded:
        left, right = word_diff(shown(r.old), shown(r.new))
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
            f"[{color}]! {s.old_status} → {s.new_status}[/{color}]  {escape(fold(shown(s.old)))}  "
            f"[dim]({escape(s.reason)})[/dim]"
        )
        if fold(shown(s.old)) != fold(shown(s.new)):
            body.append(f"    [dim]now:[/dim] {escape(fold(shown(s.new)))}")
    for u in d.unverified_added:
        body.append(
            f"[red]? new unverified[/red]  {escape(fold(shown(u.claim)))}  "
            f"[dim]({escape(u.reason)})[/dim]"
        )
    for u in d.unverified_removed:
        body.append(f"[dim]? no longer unverified[/dim]  {escape(fold(shown(u.claim)))}")
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
            lines.append(f"- {fold(shown(c))} [{_cites(c.citations)}]")
        lines.append("")
    if b.unverified:
        lines += ["## Unverified", ""]
        for u in b.unverified:
            lines.append(f"- ~~{fold(shown(u.claim))}~~ ({_reason(u)})")
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


def _cell(item: Item, segments: list[Segment] | None = None) -> _Cell:
    text = fold(shown(item.claim))
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
        elif fold(shown(a.claim)) != fold(shown(b.claim)):
            row.kind = "reworded"
        if fold(shown(a.claim)) != fold(shown(b.claim)):
            left, right = word_diff(shown(a.claim), shown(b.claim))
            row.old, row.new = _cell(a, left), _cell(b, right)
            row.similarity = round(jaccard(shown(a.claim), shown(b.claim)), 2)
        if a.status == b.status == "verified":
            change = citation_change(a.claim, b.claim)
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
