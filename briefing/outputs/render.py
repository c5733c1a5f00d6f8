"""Render a run: briefing.json (the contract), briefing.md, briefing.html, manifest.json, written atomically."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefing import __version__
from briefing.core.config import Settings
from briefing.core.errors import CorpusError
from briefing.core.models import Briefing, Document, IngestReport, VerificationReport
from briefing.text.textnorm import printable


def utc_now() -> str:
    """Now, as the one timestamp field outputs carry (ISO 8601, seconds, Z)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dumps(data: Any) -> str:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8 kept readable."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def briefing_json(briefing: Briefing) -> str:
    """The briefing.json text."""
    return dumps(briefing.model_dump(mode="json"))


def run_id(generated_at: str, manifest: dict[str, Any]) -> str:
    """`20261121T070000Z-<hash>`: sortable by time, the suffix from the inputs and parameters."""
    stamp = generated_at.replace("-", "").replace(":", "")
    basis = dumps({k: manifest[k] for k in ("inputs", "templates", "model", "parameters")})
    return f"{stamp}-{hashlib.sha256(basis.encode()).hexdigest()[:6]}"


def manifest(
    *,
    kind: str,
    settings: Settings,
    inputs: dict[str, str],
    template_hashes: dict[str, str],
    prompts: list[list[dict[str, str]]],
    model: str,
    strategy: str,
    usage: Any,
    timings: dict[str, float],
    briefing: Briefing,
    report: VerificationReport,
    ingest: IngestReport | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything needed to reproduce or audit the run (never the API key)."""
    params = settings.public_dict()
    for path_key in ("home", "corpus", "out", "prompts"):
        params.pop(path_key, None)  # machine-specific; the inputs below identify the corpus
    rendered = "\x1e".join(json.dumps(m, sort_keys=True) for m in prompts)
    data: dict[str, Any] = {
        "briefing_version": __version__,
        "kind": kind,
        "generated_at": briefing.generated_at,
        "inputs": [{"doc": doc, "sha256": sha} for doc, sha in sorted(inputs.items())],
        "templates": template_hashes,
        "rendered_prompts_sha256": hashlib.sha256(rendered.encode()).hexdigest(),
        "model": model,
        "strategy": strategy,
        "parameters": params,
        "usage": usage.model_dump() if hasattr(usage, "model_dump") else usage,
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
        "claims": {
            "verified": sum(len(s.claims) for s in briefing.sections),
            "unverified": len(report.claims) - sum(1 for c in report.claims if c.ok),
            "counts": report.counts,
        },
    }
    if ingest is not None:
        data["ingest"] = {
            "added": len(ingest.added),
            "changed": len(ingest.changed),
            "unchanged": len(ingest.unchanged),
            "removed": len(ingest.removed),
            "skipped": ingest.skipped,
        }
    if extra:
        data.update(extra)
    return data


def _source_line(d: Document | None, doc: str) -> str:
    """Outlet, author, date of a source, whichever the page gave (as Markdown text)."""
    return _md_escape((d.attribution() or d.title or doc) if d else doc)


def markdown(briefing: Briefing, documents: dict[str, Document]) -> str:
    """briefing.md: key judgments with footnotes naming outlet, author, date and the quoted text."""
    lines = [f"# {_md_escape(briefing.topic)}", ""]
    verified = sum(len(s.claims) for s in briefing.sections)
    lines += [
        f"*Generated {_md_escape(briefing.generated_at)} by {_md_code(briefing.model)} from "
        f"{len(briefing.corpus.documents)} sources; {verified} verified judgments.*",
        "",
    ]
    digest = briefing.digest
    if digest is not None:
        new = ", ".join(_md_code(d) for d in digest.new) or "none"
        lines += [f"New or changed since {_md_escape(digest.since)}: {new}.", ""]
        for dup, kept in sorted(digest.merged.items()):
            lines += [
                f"Merged near-duplicate {_md_code(dup)} into {_md_code(kept)} (counted once).",
                "",
            ]
    notes: list[str] = []
    for section in briefing.sections:
        lines += [f"## {_md_escape(section.heading)}", ""]
        if not section.claims:
            lines += ["*No judgment could be verified against the sources.*", ""]
        for n, claim in enumerate(section.claims, start=1):
            marks = ""
            for c in claim.citations:
                notes.append(_footnote(len(notes) + 1, c, documents))
                marks += f"[^{len(notes)}]"
            carried = " *(carried forward)*" if claim.carried_forward else ""
            lead = f"**{_md_escape(claim.agreement)}:** " if claim.agreement else ""
            if claim.point:
                # The point first, in the briefing's words; its sources' own words below it.
                lines.append(f"{n}. {lead}{_md_escape(claim.point)}{carried}")
                lines.append(f"   {_md_escape(claim.text)}{marks}")
                continue
            lines.append(f"{n}. {lead}{_md_escape(claim.text)}{marks}{carried}")
        lines.append("")
    if briefing.unverified:
        lines += [
            "## Unverified",
            "",
            "*These statements failed verification; they are not part of the briefing.*",
            "",
        ]
        for u in briefing.unverified:
            reasons: list[str] = sorted({c.status for c in u.report.citations}) or [u.report.status]
            why = ", ".join(reasons)
            message = u.report.message
            if u.report.status in ("unsupported", "contradicted") and message:
                why = message  # the analyst reads what differs, not only "exact"
            lines.append(f"- ~~{_md_escape(u.claim.text)}~~ ({u.report.status}: {_md_escape(why)})")
        lines.append("")
    lines += ["## Sources", ""]
    for d in briefing.corpus.documents:
        doc = documents.get(d.doc)
        title = d.title or d.doc
        meta = doc.attribution() if doc else ""
        suffix = f" ({_md_escape(meta)})" if meta else ""
        lines.append(f"- {_md_code(d.doc)}: {_md_escape(title)}{suffix}")
    lines.append("")
    if notes:
        lines += [*notes, ""]
    return "\n".join(lines)


def _footnote(n: int, c: Any, documents: dict[str, Document]) -> str:
    d = documents.get(c.doc)
    return (
        f"[^{n}]: {_source_line(d, c.doc)}, {_md_code(c.doc)} [{c.start}:{c.end}]:"
        f" “{_md_escape(c.quote)}”"
    )


# Everything briefing.md shows from a source or a model (titles, outlet, author, date, file
# names, quotes, claim text) is text, never markup: a page's `<img onerror=...>` or
# `[x](javascript:...)` would otherwise become a live tag or link in any Markdown viewer.
# Backslash escapes (any ASCII punctuation, CommonMark 2.4) for what makes Markdown: code
# spans, emphasis, links/images/footnote references ([ ]), strikethrough, headings, tables.
_MD_SYNTAX = re.compile(r"([\\`*_\[\]~#|])")
# <, > and an & that would start a character reference become entities: they work in every
# Markdown dialect (the original Markdown.pl has no backslash escape for <). A bare & is left
# alone (every renderer shows it as &), so "AT&T" stays readable.
_MD_HTML = re.compile(r"[<>]|&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# Text that starts a list item or footnote could open a block there: a bullet (- +), an
# ordered-list marker (1. 2)), a setext/thematic line (= -). Only the first character needs
# its escape; # > < ` ~ * are escaped everywhere anyway.
_MD_BLOCK_START = re.compile(r"^(?:([-+=])|([0-9]{1,9})([.)]))")


def _md_escape(text: str) -> str:
    """Text from a source or the model as Markdown that renders exactly that text, on one line.

    No HTML tag, link, image, code span, emphasis or footnote reference can come out of it,
    and controls and bidi overrides are made visible (as in the terminal). Periods,
    apostrophes, quotes, parentheses and a bare & stay as they are.
    """
    text = printable(" ".join(text.split()))
    text = _MD_SYNTAX.sub(r"\\\1", text)
    text = _MD_HTML.sub(lambda m: _MD_ENTITIES[m.group(0)], text)
    return _MD_BLOCK_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text
    )


_BACKTICKS = re.compile(r"`+")


def _md_code(text: str) -> str:
    """A code span showing `text` as written (a file name, a model name), on one line.

    The fence is one backtick longer than the longest run of backticks inside (CommonMark
    6.1), so a backtick in a file name cannot close the span early; a space pads content
    that starts or ends with a backtick or a space (the renderer strips one from each side).
    """
    text = printable(text.replace("\n", "\ufffd")) or "\ufffd"
    fence = "`" * (max((len(r) for r in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.strip(" ") and (text[0] in "` " or text[-1] in "` ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def write_run(
    out: Path,
    run_id: str,
    briefing: Briefing,
    report: VerificationReport,
    manifest: dict[str, Any],
    *,
    documents: list[Document],
    root: Path,
    max_file_bytes: int | None = None,
    target: Path | None = None,
    failures: list[dict[str, Any]] | None = None,
    on_publish: Callable[[Path], None] | None = None,
) -> Path:
    """Write every file into a temporary directory, then rename it into place (all or nothing).

    `on_publish(final)` runs right after the rename (the run's row in the store): if it
    fails, the directory is taken back, so a run is published and recorded, or neither.
    """
    from briefing.outputs import htmlrender  # the heaviest renderer; only needed here

    started = time.monotonic()
    docs = {d.doc: d for d in documents}
    files = {
        "briefing.json": briefing_json(briefing),
        "briefing.md": markdown(briefing, docs),
        "briefing.html": htmlrender.briefing_html(
            briefing, report, docs, root, max_file_bytes=max_file_bytes
        ),
        "verification.json": dumps(report.model_dump(mode="json")),
    }
    # The manifest is written last so it can carry the render time and the total.
    timings = dict(manifest.get("timings_s", {}))
    timings["render"] = round(time.monotonic() - started, 3)
    timings["total"] = round(sum(v for k, v in timings.items() if k != "total"), 3)
    files["manifest.json"] = dumps({**manifest, "timings_s": timings})
    if failures:
        files["model-failures.json"] = dumps(failures)
    return write_atomic_dir(
        target or (out / run_id), files, unique=target is None, on_publish=on_publish
    )


def _unique(path: Path) -> Path:
    """The path, or path-2, path-3 ... if a run of the same second and inputs exists."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM for the few calls that publish a run, then deliver them.

    The rename and the store row must happen together: an interrupt between them would
    leave a run folder the history does not know. Only the main thread can set handlers;
    elsewhere this is a no-op.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def hold(signum: int, _frame: Any) -> None:
        pending.append(signum)

    previous = {s: signal.signal(s, hold) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if pending:
            signal.raise_signal(pending[0])  # now handled as usual (KeyboardInterrupt)


def write_atomic_dir(
    final: Path,
    files: dict[str, str],
    *,
    unique: bool = False,
    on_publish: Callable[[Path], None] | None = None,
) -> Path:
    """Create `final` with these files, or nothing at all: a crash leaves only a hidden temp dir.

    With `unique`, a name taken meanwhile (another process published the same run id in
    the same second) moves this run to `name-2`, `name-3` ...; returns the name used.
    """
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusError(
            f"cannot create output folder {final.parent} ({exc.strerror}): pass a writable --out"
        ) from exc
    base = final
    if unique:
        final = _unique(base)
    tmp = final.parent / f".{final.name}.tmp-{os.getpid()}-{threading.get_ident()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        for name, text in files.items():
            with open(tmp / name, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        with signals_deferred():
            while True:
                try:
                    # rename(2) onto an existing non-empty directory fails: never overwrites a run.
                    _rename_dir(tmp, final)
                    break
                except OSError as exc:
                    if not unique or exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                        raise
                    final = _unique(base)
            if on_publish is not None:
                try:
                    on_publish(final)
                except BaseException:
                    shutil.rmtree(final, ignore_errors=True)
                    raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_dir(final.parent)
    return final


def _rename_dir(src: Path, dst: Path) -> None:
    """Rename a directory, refusing to replace an existing one (even an empty one)."""
    if dst.exists():
        raise FileExistsError(errno.EEXIST, "exists", str(dst))
    os.rename(src, dst)


def _fsync_dir(path: Path) -> None:
    """Make a rename durable (best effort: not every filesystem allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic_file(path: Path, text: str) -> None:
    """Write one file via a temporary sibling and rename; a failure names `path`, never the temp."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise CorpusError(
            f"cannot write {path} ({exc.strerror or type(exc).__name__}): choose a path in a"
            " writable folder"
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def check_writable(folder: Path, flag: str = "--out") -> None:
    """Fail now, before any model call is spent, if runs cannot be written under `folder`."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".briefing-write-check-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise CorpusError(
            f"cannot write runs to {folder} ({exc.strerror or type(exc).__name__}): pass a"
            f" writable {flag} (or set BRIEFING_OUT / out in briefing.toml)"
        ) from exc


def save_failure(out: Path, raw: str, settings: Settings, templates: dict[str, str]) -> Path:
    """Keep a failed run's raw model reply and a manifest under outputs/failed/; nothing is published."""
    stamp = utc_now().replace("-", "").replace(":", "")
    return write_atomic_dir(
        out / "failed" / stamp,
        {
            "model-output.txt": raw,
            "manifest.json": dumps(
                {"status": "failed", "parameters": settings.public_dict(), "templates": templates}
            ),
        },
        unique=True,
    )
