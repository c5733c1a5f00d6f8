"""Captures: the text file an import writes, its header, its name and the canonical URL."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefing import __version__
from briefing.acquire.extract import (
    Extracted,
)

_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref_src)$", re.IGNORECASE)
_HEADER_LINE_RE = re.compile(r"^([A-Za-z][\w\-]*)\s*:\s?(.*)$")
# --- captures ----------------------------------------------------------------------------------


def content_hash(extracted: Extracted) -> str:
    """sha256 of what a capture says (metadata and body), not of when it was retrieved."""
    data = extracted.model_dump(mode="json")
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


def render_capture(
    extracted: Extracted,
    *,
    origin: dict[str, str],
    retrieved_at: str,
    original: str,
    original_sha256: str,
    content_sha256: str,
) -> str:
    """The capture's text: front matter `ingest` reads, then the body paragraphs.

    For a PDF, `page_starts` lists `page=offset` pairs, offsets into this file's text (as
    citations count them), so the page of a citation is the last page starting at or before it.
    """
    fields = [
        ("title", extracted.title),
        ("outlet", extracted.outlet),
        ("author", extracted.author),
        ("date", extracted.date),
        *((k, v) for k, v in origin.items() if v),
        ("retrieved_at", retrieved_at),
        ("original", original),
        ("original_sha256", original_sha256),
        ("content_sha256", content_sha256),
        ("imported_by", f"briefing {__version__}"),
    ]
    if extracted.kind == "pdf":
        fields.append(("pages", str(len(extracted.page_starts))))
    offset = 0
    # The header's own length moves the offsets it lists: recompute until it stops changing.
    for _ in range(5):
        lines = ["---", *(f"{k}: {_header_value(v)}" for k, v in fields)]
        if extracted.kind == "pdf":
            starts = " ".join(f"{n}={offset + s}" for n, s in enumerate(extracted.page_starts, 1))
            lines.append(f"page_starts: {starts}")
        head = "\n".join([*lines, "---", "", ""])
        if len(head) == offset:
            break
        offset = len(head)
    return head + extracted.body + "\n"


def _header_value(value: str) -> str:
    """One line, never the header's closing `---`."""
    value = " ".join(value.split())
    return "" if value in ("---", "...") else value


def read_header(path: Path) -> dict[str, str]:
    """The front-matter fields of a capture ({} when it has none or cannot be read)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64 * 1024).decode("utf-8", "replace")
    except OSError:
        return {}
    lines = head.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}
    fields: dict[str, str] = {}
    for line in lines[1:]:
        if line.strip() in ("---", "..."):
            return fields
        m = _HEADER_LINE_RE.match(line)
        if m:
            fields.setdefault(m.group(1).lower(), m.group(2).strip())
    return {}


def page_of(text: str, offset: int) -> int | None:
    """The PDF page (1-based) that a character offset of a capture falls on, if it has pages."""
    m = re.search(r"^page_starts: (.*)$", text[: text.find("\n---", 3) + 1], re.MULTILINE)
    if not m:
        return None
    page = None
    for pair in m.group(1).split():
        n, _, start = pair.partition("=")
        if int(start) <= offset:
            page = int(n)
    return page


def capture_name(key: str, hint: str) -> str:
    """A stable capture file name: an ASCII slug of the source, then a hash of its key."""
    slug = unicodedata.normalize("NFKD", hint).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")[:60].strip("-") or "capture"
    return f"{slug}_{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}.txt"


def canonical_url(url: str) -> str:
    """A URL as the key of its capture: host lower-cased, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if port in (None, default) else f"{host}:{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        ]
    )
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def url_hint(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = re.sub(r"\.(?:s?html?|php|aspx?|pdf)$", "", parts.path.rstrip("/"), flags=re.I)
    tail = "-".join(path.split("/")[-2:])
    return f"{host}-{tail}" if tail else host
