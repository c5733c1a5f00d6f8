"""Reading, fixing and reporting a briefing.json."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from briefing.core.errors import CorpusError
from briefing.core.files import read_capped
from briefing.core.models import Briefing, VerificationReport
from briefing.verification.citations import (
    CITATION_STATUSES,
    CLAIM_STATUSES,
    MAX_BRIEFING_BYTES,
    _clip,
)

_MAX_SCHEMA_ERRORS = 10


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
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start}); {fix}") from None
    try:
        # Strict: a citation offset must be a JSON integer, never a coerced string or float.
        briefing = Briefing.model_validate_json(text, strict=True)
    except ValidationError as exc:
        errors = exc.errors()
        if any(e["type"] == "json_invalid" for e in errors):
            # Parsed a second time only when it failed: the standard parser names the line
            # and column, and a large briefing is not held twice in memory on the good path.
            _json_fault(path, text, fix)
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
    # A report is keyed by claim id (diff, --fix, the HTML page): two claims with one id
    # would make either's verdict read as the other's.
    seen: set[str] = set()
    for claim in briefing.all_claims():
        if claim.id in seen:
            raise CorpusError(
                f"{path}: claim id {claim.id!r} appears twice; give every claim its own id"
                " or regenerate the briefing"
            )
        seen.add(claim.id)
    return briefing


def _json_fault(path: Path, text: str, fix: str) -> None:
    """Raise the one-line error for text that is not JSON (returns if it is)."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(
            f"{path}:{exc.lineno}:{exc.colno}: malformed JSON ({exc.msg});"
            " fix it or regenerate the briefing"
        ) from None
    except RecursionError:
        # A briefing is a few levels deep; thousands of nested brackets are no briefing.
        raise CorpusError(f"{path}: JSON nested too deeply to be a briefing; {fix}") from None


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
