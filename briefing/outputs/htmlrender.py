"""The self-contained HTML page: key judgments, each citation shown highlighted in its source.

Everything from the sources and the model is escaped: templates autoescape, and the highlighted
fragments are built here from `markupsafe.escape`d pieces joined with literal `<mark>` tags.
The page loads nothing: CSS and JS are inline, allowed by a Content-Security-Policy that names
them by hash, so even a script that slipped through escaping would not run.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from briefing.core.errors import CorpusError
from briefing.core.files import DEFAULT_MAX_FILE_MB, MB, read_corpus_file
from briefing.core.models import (
    FATAL_STATUSES,
    Briefing,
    Citation,
    CitationReport,
    Claim,
    ClaimReport,
    Document,
    Span,
    VerificationReport,
)
from briefing.text.textnorm import printable_html

CONTEXT_CHARS = 300  # context shown either side of a quote when its paragraph is long or unknown
MAX_SIDE = 600  # a containing paragraph longer than this on one side is trimmed to CONTEXT_CHARS

STATUS_LABELS = {
    "exact": "exact",
    "normalized": "normalized",
    "relocated": "relocated",
    "not_found": "not found",
    "missing_doc": "missing document",
    "invalid": "invalid",
    "unchecked": "not checked",
}
BADGE_TITLES = {
    "verified": "Every citation matches its source exactly.",
    "normalized": "Every citation matches its source after folding typography "
    "(quotes, dashes, white space).",
    "relocated": "A quote was found in its source, but not at the cited offsets.",
    "unverified": "This statement failed verification.",
}


@dataclass
class CiteView:
    """One citation as the page shows it: marker, status and the passage in context."""

    cid: str
    number: int
    doc: str
    status: str
    status_label: str
    message: str
    support: float | None
    quote: str
    cited_start: int
    cited_end: int
    start: int
    end: int
    located: bool
    context: Markup
    aria_label: str
    title: str
    source_line: str
    source_href: str = ""


@dataclass
class ClaimView:
    """One claim with its badge and its citations."""

    anchor: str
    id: str
    text: str
    badge: str
    badge_title: str
    status: str
    message: str = ""  # why the verifier rejected the claim (meaning checks), if it did
    agreement: str = ""  # "Two of five sources make the same point", shown before the text
    point: str = ""  # a merged judgment's verified common point, shown above its quotations
    form: str = ""  # "quote" (the cited sentences, attributed) or "paraphrase" (the model's)
    cites: list[CiteView] = field(default_factory=list)


@dataclass
class SectionView:
    """A heading and its numbered claims."""

    heading: str
    claims: list[ClaimView]


@dataclass
class SourceRef:
    """A claim that cites inside a highlighted range of the source view."""

    anchor: str
    id: str
    verified: bool


@dataclass
class SourceView:
    """A source document: metadata and its body with every cited range highlighted."""

    anchor: str
    doc: str
    title: str
    source_line: str
    cited: bool
    citations: int
    blocks: list[Markup] = field(default_factory=list)
    error: str = ""


@dataclass
class _Loaded:
    """A source file's text, or why it could not be read."""

    text: str | None
    error: str = ""


@dataclass
class _Range:
    """A merged highlighted range of the source view."""

    start: int
    end: int
    refs: list[SourceRef] = field(default_factory=list)
    cids: list[str] = field(default_factory=list)
    anchor: str = ""


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja environment of the HTML templates: autoescaping, strict about undefined names."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("briefing", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def briefing_html(
    briefing: Briefing,
    report: VerificationReport,
    documents: dict[str, Document],
    root: Path,
    *,
    max_file_bytes: int | None = None,
) -> str:
    """One self-contained HTML page of the briefing, every citation shown in its source."""
    limit = max_file_bytes or int(DEFAULT_MAX_FILE_MB * MB)
    env = environment()
    reports = {c.id: c for c in report.claims}
    texts: dict[str, _Loaded] = {}
    ids = _Ids()
    doc_anchor: dict[str, str] = {}

    def load(doc: str) -> _Loaded:
        if doc not in texts:
            texts[doc] = _load(root, doc, limit)
        return texts[doc]

    def anchor_of(doc: str) -> str:
        if doc not in doc_anchor:
            doc_anchor[doc] = ids.take("src-" + _slug(doc))
        return doc_anchor[doc]

    for d in briefing.corpus.documents:
        anchor_of(d.doc)
    titles = {d.doc: d.title for d in briefing.corpus.documents}
    numbers = itertools.count(1)

    def claim_view(claim: Claim, rep: ClaimReport | None) -> ClaimView:
        anchor = ids.take("claim-" + _slug(claim.id))
        badge = _badge(rep)
        view = ClaimView(
            anchor=anchor,
            id=claim.id,
            text=claim.text,
            agreement=claim.agreement or "",
            point=claim.point or "",
            form=claim.form or "",
            badge=badge,
            badge_title=BADGE_TITLES[badge],
            status=rep.status if rep is not None else "unchecked",
            message=rep.message
            if rep is not None and rep.status in ("unsupported", "contradicted")
            else "",
        )
        for k, cit in enumerate(claim.citations):
            crep = rep.citations[k] if rep is not None and k < len(rep.citations) else None
            cid = ids.take(_slug(claim.id) + "-" + str(k + 1), prefix="cite-")
            doc = documents.get(cit.doc)
            view.cites.append(
                _cite_view(
                    cid, next(numbers), cit, crep, doc, titles.get(cit.doc, ""), load(cit.doc)
                )
            )
        return view

    sections = [
        SectionView(s.heading, [claim_view(c, reports.get(c.id)) for c in s.claims])
        for s in briefing.sections
    ]
    unverified = [
        claim_view(u.claim, reports.get(u.claim.id) or u.report) for u in briefing.unverified
    ]

    # The source view: every located citation, merged into non-overlapping ranges per document.
    per_doc: dict[str, list[tuple[CiteView, SourceRef]]] = {}
    for claims, verified in ((c for s in sections for c in s.claims), True), (unverified, False):
        for cv in claims:
            ref = SourceRef(cv.anchor, cv.id, verified)
            for cite in cv.cites:
                if cite.located:
                    per_doc.setdefault(cite.doc, []).append((cite, ref))
    order = [d.doc for d in briefing.corpus.documents]
    order += sorted(d for d in per_doc if d not in order)
    sources = []
    for doc in order:
        meta = documents.get(doc)
        cites = per_doc.get(doc, [])
        view = SourceView(
            anchor=anchor_of(doc),
            doc=doc,
            title=(meta.title if meta else "") or titles.get(doc, "") or doc,
            source_line=_source_line(meta),
            cited=bool(cites),
            citations=len(cites),
        )
        if cites:
            loaded = load(doc)
            if loaded.text is None:
                view.error = loaded.error
            else:
                ranges = _merge(cites, view.anchor, ids)
                body = meta.body if meta else []
                view.blocks = _source_blocks(loaded.text, body, ranges, doc)
                for r in ranges:
                    for cite, _ in cites:
                        if r.start <= cite.start and cite.end <= r.end:
                            cite.source_href = "#" + r.anchor
        sources.append(view)

    css = env.get_template("briefing.css.j2").render()
    js = env.get_template("briefing.js.j2").render()
    verified_count = sum(len(s.claims) for s in briefing.sections)
    return env.get_template("briefing.html.j2").render(
        briefing=briefing,
        sections=sections,
        unverified=unverified,
        sources=sources,
        cited_sources=[s for s in sources if s.cited],
        source_count=len(briefing.corpus.documents),
        verified_count=verified_count,
        changed_sources=report.changed_sources,
        verified_note=_verified_note(sections),
        css=Markup(css),
        js=Markup(js),
        csp=f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(js)}; "
        "base-uri 'none'; form-action 'none'",
    )


class _Ids:
    """Unique, deterministic HTML ids."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, base: str, prefix: str = "") -> str:
        """`base`, or `base-2`, `base-3` ... while `prefix + base` is taken; no prefix returned."""
        candidate, n = base, 1
        while prefix + candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(prefix + candidate)
        return candidate


def _slug(text: str) -> str:
    """An id-safe rendering of a claim id or file name."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def csp_hash(text: str) -> str:
    """A CSP source expression allowing exactly this inline text."""
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def _load(root: Path, doc: str, limit: int) -> _Loaded:
    """The decoded text of a corpus file, by verify's rule (`briefing.files`): only a file
    ingest would read, inside the corpus root."""
    try:
        data = read_corpus_file(root.resolve(), doc, limit)
    except CorpusError as exc:
        return _Loaded(None, str(exc))
    try:
        return _Loaded(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _Loaded(None, f"{doc} is not valid UTF-8")


def _badge(rep: ClaimReport | None) -> str:
    """verified / normalized / relocated / unverified, from the claim's citation statuses."""
    if rep is None or not rep.ok or not rep.citations:
        return "unverified"
    statuses = {c.status for c in rep.citations}
    if statuses & FATAL_STATUSES:
        return "unverified"
    if "relocated" in statuses:
        return "relocated"
    if "normalized" in statuses:
        return "normalized"
    return "verified"


def _verified_note(sections: list[SectionView]) -> str:
    """How many verified judgments rest on normalized or relocated quotes, e.g. `1 relocated`."""
    badges = [c.badge for s in sections for c in s.claims]
    return ", ".join(f"{badges.count(b)} {b}" for b in ("normalized", "relocated") if b in badges)


def _source_line(meta: Document | None) -> str:
    """Outlet, author, date, whichever the page gave."""
    return meta.attribution(" · ") if meta else ""


def _cite_view(
    cid: str,
    number: int,
    cit: Citation,
    rep: CitationReport | None,
    meta: Document | None,
    corpus_title: str,
    loaded: _Loaded,
) -> CiteView:
    """A citation's marker data and, when its span can be found, the passage in context."""
    status = rep.status if rep is not None else "unchecked"
    title = (meta.title if meta else "") or corpus_title or cit.doc
    source_line = _source_line(meta)
    span = _locate(cit, rep, loaded.text)
    message = rep.message if rep is not None else "No verification report for this citation."
    if loaded.text is None:
        message = message or loaded.error
    context = Markup("")
    start, end = span if span else (cit.start, cit.end)
    if span is not None and loaded.text is not None:
        body = meta.body if meta else []
        context = _context_fragment(loaded.text, start, end, body, cid, cit.doc)
    who = (meta.outlet if meta and meta.outlet else "") or title
    when = f", {meta.date}" if meta and meta.date else ""
    return CiteView(
        cid=cid,
        number=number,
        doc=cit.doc,
        status=status,
        status_label=STATUS_LABELS.get(status, status),
        message=message,
        support=rep.support if rep is not None else None,
        quote=cit.quote,
        cited_start=cit.start,
        cited_end=cit.end,
        start=start,
        end=end,
        located=span is not None,
        context=context,
        aria_label=f"Citation {number}: {who}{when}. Show the quoted passage",
        title=title,
        source_line=source_line,
    )


def _locate(cit: Citation, rep: CitationReport | None, text: str | None) -> tuple[int, int] | None:
    """Where the quote really is: the report's offsets for a passing citation, else none."""
    if text is None:
        return None
    if rep is None:
        start, end = cit.start, cit.end
        ok = text[start:end] == cit.quote
    elif rep.status in FATAL_STATUSES:
        return None
    else:
        start, end = rep.start, rep.end
        ok = True
    if not ok or not 0 <= start < end <= len(text):
        return None
    return start, end


def _esc(text: str) -> Markup:
    """Escaped text; a carriage return as a character reference, which HTML parsing keeps."""
    return Markup(str(escape(printable_html(text))).replace("\r", "&#13;"))


def _finalize(value: object) -> object:
    """Every {{ value }} of the templates: plain text loses its controls and bidi overrides.

    A U+202E in a title or claim would otherwise reverse what the reader sees, so a quote
    could read differently from the verified text. Markup was built by _esc: already clean.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable_html(value)
    return value


def _context_window(text: str, start: int, end: int, body: list[Span]) -> tuple[int, int]:
    """The containing body paragraph(s), or about CONTEXT_CHARS either side, cut at word edges."""
    paras = [p for p in body if p.start < end and p.end > start]
    if paras:
        lo = min(start, *(p.start for p in paras))
        hi = max(end, *(p.end for p in paras))
    else:
        lo, hi = start - MAX_SIDE - 1, end + MAX_SIDE + 1
    if start - lo > MAX_SIDE:
        lo = max(0, start - CONTEXT_CHARS)
        if lo > 0 and not text[lo - 1].isspace():
            m = re.search(r"\s", text[lo:start])
            lo = lo + m.end() if m else start
    if hi - end > MAX_SIDE:
        hi = min(len(text), end + CONTEXT_CHARS)
        if hi < len(text) and not text[hi].isspace():
            cut = max(text.rfind(" ", end, hi), text.rfind("\n", end, hi))
            hi = cut if cut >= 0 else end
    return max(0, lo), min(len(text), hi)


def _context_fragment(
    text: str, start: int, end: int, body: list[Span], cid: str, doc: str
) -> Markup:
    """The passage around `text[start:end]`, the span itself in a `<mark>`."""
    lo, hi = _context_window(text, start, end, body)
    before, after = text[lo:start].lstrip(), text[end:hi].rstrip()
    lead = Markup("…") if lo > 0 and text[lo - 1] != "\n" and before else Markup("")
    tail = Markup("…") if hi < len(text) and text[hi] != "\n" and after else Markup("")
    mark = Markup(
        '<mark class="quote" data-citation-id="{}" data-doc="{}" data-start="{}" data-end="{}">'
    ).format(cid, doc, start, end)
    return (
        lead + _esc(before) + mark + _esc(text[start:end]) + Markup("</mark>") + _esc(after) + tail
    )


def _merge(cites: list[tuple[CiteView, SourceRef]], doc_anchor: str, ids: _Ids) -> list[_Range]:
    """Overlapping or nested cited spans of one document merged into disjoint ranges."""
    ranges: list[_Range] = []
    for cite, ref in sorted(cites, key=lambda cr: (cr[0].start, cr[0].end)):
        if ranges and cite.start < ranges[-1].end:
            cur = ranges[-1]
            cur.end = max(cur.end, cite.end)
        else:
            cur = _Range(cite.start, cite.end)
            ranges.append(cur)
        if all(r.anchor != ref.anchor for r in cur.refs):
            cur.refs.append(ref)
        cur.cids.append(cite.cid)
    for r in ranges:
        r.anchor = ids.take(f"{doc_anchor}-{r.start}")
        r.refs.sort(key=lambda ref: (not ref.verified, _natural(ref.id)))
    return ranges


def _natural(text: str) -> list[tuple[int, int | str]]:
    """Sort key putting K2 before K10."""
    return [(0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", text) if p]


def _source_blocks(text: str, body: list[Span], ranges: list[_Range], doc: str) -> list[Markup]:
    """The body paragraphs (plus any cited text outside them), each cited range in a `<mark>`."""
    spans = [(s.start, s.end) for s in body if 0 <= s.start < s.end <= len(text)]
    if not spans:  # no detected body: show every non-empty line
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    intervals = sorted([(a, b, True) for a, b in spans] + [(r.start, r.end, False) for r in ranges])
    blocks: list[list[int | bool]] = []
    for a, b, in_body in intervals:
        if blocks and a < int(blocks[-1][1]):
            blocks[-1][1] = max(int(blocks[-1][1]), b)
            blocks[-1][2] = bool(blocks[-1][2]) or in_body
        else:
            blocks.append([a, b, in_body])
    out = []
    for a, b, in_body in ((int(x[0]), int(x[1]), bool(x[2])) for x in blocks):
        pos, parts = a, []
        for r in ranges:
            if r.end <= a or r.start >= b:
                continue
            parts.append(_esc(text[pos : r.start]))
            parts.append(_source_mark(text, r, doc))
            pos = r.end
        parts.append(_esc(text[pos:b]))
        html = Markup("").join(parts)
        if not in_body:
            note = Markup('<span class="outside">Outside the article body</span>')
            html = note + Markup('<span class="outside-text">') + html + Markup("</span>")
        out.append(html)
    return out


def _source_mark(text: str, r: _Range, doc: str) -> Markup:
    """A highlighted range of the source view with links back to the claims citing it."""
    cls = "src" if any(ref.verified for ref in r.refs) else "src src-unverified"
    ids = " ".join(ref.id for ref in r.refs)
    mark = Markup(
        '<mark id="{}" class="{}" data-doc="{}" data-start="{}" data-end="{}" data-citations="{}"'
        ' data-claims="{}">'
    ).format(r.anchor, cls, doc, r.start, r.end, " ".join(r.cids), ids)
    links = Markup("").join(
        Markup('<a href="#{}" class="backref{}" aria-label="Cited by {}judgment {}">{}</a>').format(
            ref.anchor,
            "" if ref.verified else " backref-unverified",
            "" if ref.verified else "unverified ",
            ref.id,
            ref.id,
        )
        for ref in r.refs
    )
    return (
        mark
        + _esc(text[r.start : r.end])
        + Markup('</mark><sup class="backrefs">')
        + links
        + Markup("</sup>")
    )
