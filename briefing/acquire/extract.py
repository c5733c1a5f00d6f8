"""Article text and metadata out of what analysts collect: saved web pages, PDFs, RSS/Atom feeds.

* HTML: trafilatura (main text without navigation, "read also" lists and comments; title,
  site name, author and date from meta tags, JSON-LD and the page).
* PDF: pypdf, page by page; running headers and footers (lines repeated at the top or bottom of
  most pages, page numbers) are removed, hard-wrapped lines are joined into paragraphs and
  end-of-line hyphenation is undone. Where each page starts in the body is kept so a citation
  can name its page.
* Feeds: feedparser, entries with their link, title, author, date and a digest of what the feed
  says about them (to skip unchanged entries without fetching them).

Everything here is pure: bytes in, models out; downloading is `fetch`, writing is `importer`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field

from briefing.core.errors import ExtractError
from briefing.core.models import Strict
from briefing.text.textnorm import tokenize

Kind = Literal["html", "pdf", "feed"]
MIN_ARTICLE_WORDS = 30  # fewer words than this is a front page, a login wall or a JS shell
EDGE_LINES = 2  # running headers/footers are looked for in this many lines at each page edge

_PAGE_NUMBER_RE = re.compile(
    r"(?:page\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE
)
_TERMINAL = tuple(".!?:;…\"'”’»)")
_BULLET_RE = re.compile(r"^(?:[•·▪◦●►‣*\-–—]|\d{1,3}[.)])\s+")
_APP_TITLE_RE = re.compile(r"^(?:microsoft (?:word|powerpoint) - |untitled\b)", re.IGNORECASE)


class Extracted(Strict):
    """The article of one source, ready to be written as a capture."""

    kind: Literal["html", "pdf"]
    title: str = ""
    outlet: str = ""
    author: str = ""
    date: str = Field(default="", description="ISO YYYY-MM-DD when the source gives one.")
    body: str = Field(description="Paragraphs separated by blank lines.")
    page_starts: list[int] = Field(
        default_factory=list, description="PDF: offset into body where page n+1 begins."
    )


class FeedEntry(Strict):
    """One item of a feed."""

    link: str
    title: str = ""
    author: str = ""
    date: str = ""
    digest: str = Field(description="sha256 of what the feed says about the entry.")


class Feed(Strict):
    """A parsed RSS/Atom feed."""

    title: str = ""
    entries: list[FeedEntry] = Field(default_factory=list)


# --- sniffing ----------------------------------------------------------------------------------


def sniff(data: bytes, content_type: str = "", name: str = "") -> Kind | None:
    """What a body is, from its first bytes, its Content-Type and its file name (None: unknown)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    ctype = content_type.split(";")[0].strip().lower()
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if head.startswith(b"%pdf-") or ctype == "application/pdf" or suffix == "pdf":
        return "pdf"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if "rss" in ctype or "atom" in ctype or ctype in ("text/xml", "application/xml"):
        return "feed"
    if suffix in ("rss", "atom", "xml"):
        return "feed"
    if "html" in ctype or suffix in ("html", "htm", "xhtml"):
        return "html"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return None


# --- HTML --------------------------------------------------------------------------------------


_SCRIPT = re.compile(
    rb"(<(script|style)\b(?![^>]*ld\+json)[^>]*>).*?(</\2\s*>)", re.IGNORECASE | re.DOTALL
)


def _without_scripts(data: bytes) -> bytes:
    """The page with its scripts and styles emptied (JSON-LD kept, for the metadata): no article
    text is in them, and lxml drops a whole page whose inline script tops 10 MB."""
    return _SCRIPT.sub(rb"\1\3", data)


def extract_html(data: bytes, source: str, url: str | None = None) -> Extracted:
    """Main text and metadata of a web page, without navigation, sidebars and comments."""
    import trafilatura
    from trafilatura.settings import Document

    with _quiet_loggers("trafilatura", "htmldate", "courlan"):
        doc = trafilatura.bare_extraction(
            _without_scripts(data),
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,  # a table flattened to text is not quotable prose
            favor_precision=True,  # a missed sentence costs less than a sidebar cited as fact
            deduplicate=False,
            # Only dates the page states (meta tags, <time>, JSON-LD), not guesses from its text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    if not isinstance(doc, Document):
        doc = None  # nothing found (it would be a dict only with as_dict=True)
    text = (doc.text or "") if doc is not None else ""
    title = _one_line(doc.title or "") if doc is not None else ""
    paragraphs = [_one_line(p) for p in text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the headline is the capture's title, not its body
    if _words(paragraphs) < MIN_ARTICLE_WORDS:
        raise ExtractError(
            f"{source} has no article text (a front page, a login wall, or a page built by"
            " JavaScript?): open the article itself in a browser, save it (Save Page As, complete)"
            " and import the .html file"
        )
    assert doc is not None
    outlet = _one_line(doc.sitename or "") or _host(url or doc.url or "")
    return Extracted(
        kind="html",
        title=title,
        outlet=outlet,
        author=_one_line(doc.author or ""),
        date=(doc.date or "")[:10],
        body="\n\n".join(paragraphs),
    )


# --- PDF ---------------------------------------------------------------------------------------


def extract_pdf(data: bytes, source: str, url: str | None = None) -> Extracted:
    """Text of a PDF, page by page: running headers/footers removed, lines joined, hyphens undone."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    with _quiet_loggers("pypdf"):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                # Many PDFs are encrypted only against editing, with an empty user password.
                opened = False
                with contextlib.suppress(FileNotDecryptedError, NotImplementedError):
                    opened = bool(reader.decrypt(""))
                if not opened:
                    raise ExtractError(
                        f"{source} is an encrypted PDF that needs a password: decrypt it (e.g."
                        " `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`) and import the copy"
                    )
            pages = [page.extract_text() or "" for page in reader.pages]
            meta = reader.metadata
        except DependencyError as exc:
            raise ExtractError(
                f"{source} is encrypted with AES, which pypdf reads only with the `cryptography`"
                f" package ({exc}): pip install cryptography, or decrypt it with qpdf first"
            ) from exc
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
            # pypdf signals a damaged file with all of these; none is worth a traceback.
            raise ExtractError(
                f"{source} is not a readable PDF ({type(exc).__name__}: {_first_line(exc)}):"
                " re-download it, or print it to a new PDF and import that"
            ) from exc
    lines_per_page = strip_running_lines([_page_lines(p) for p in pages])
    body, starts = join_pages(lines_per_page)
    if len(tokenize(body)) < MIN_ARTICLE_WORDS:
        raise ExtractError(
            f"{source} has no text layer (a scanned PDF?): run it through OCR (e.g. `ocrmypdf"
            " in.pdf out.pdf`) and import the result"
        )
    title = _one_line(str(meta.title or "")) if meta else ""
    if not title or _APP_TITLE_RE.match(title) or title.lower().endswith((".doc", ".docx", ".pdf")):
        first = next((line for page in lines_per_page for line in page if line), "")
        title = first if len(first) <= 200 else ""
    date = ""
    if meta:
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            created = meta.creation_date
            date = created.date().isoformat() if created else ""
    return Extracted(
        kind="pdf",
        title=title,
        outlet=_host(url or ""),
        author=_one_line(str(meta.author or "")) if meta else "",
        date=date,
        body=body,
        page_starts=starts,
    )


def _page_lines(text: str) -> list[str]:
    """A page's lines, stripped; blank lines kept as '' (they mark paragraph breaks)."""
    return [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]


def _edge_key(line: str) -> str:
    """A header/footer line with its numbers folded, so "Page 3" and "Page 4" are one line."""
    return re.sub(r"\d+", "#", line.casefold())


def _is_page_number(line: str) -> bool:
    return bool(line) and _PAGE_NUMBER_RE.fullmatch(line) is not None


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and lines repeated at the top or bottom of most pages."""
    edges: Counter[str] = Counter()
    for lines in pages:
        content = [line for line in lines if line]
        keys = {_edge_key(line) for line in content[:EDGE_LINES] + content[-EDGE_LINES:]}
        edges.update(keys)
    # A running line is on at least half the pages (and on two at least): a title page and
    # chapter openings often lack it.
    needed = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in edges.items() if n >= needed}
    out: list[list[str]] = []
    for lines in pages:
        kept = list(lines)
        for from_top in (True, False):
            checked = 0
            while kept and checked < EDGE_LINES + 1:
                i = 0 if from_top else len(kept) - 1
                line = kept[i]
                if not line:
                    kept.pop(i)
                    continue
                if _is_page_number(line) or _edge_key(line) in running:
                    kept.pop(i)
                    checked += 1
                    continue
                break
        out.append(kept)
    return out


def _typical_width(lines: list[str]) -> int:
    """The length of a full line of this page's running text (80th percentile)."""
    lengths = sorted(len(line) for line in lines if len(line) >= 20)
    return lengths[int(len(lengths) * 0.8)] if lengths else 0


def _paragraphs(lines: list[str]) -> Iterator[str]:
    """Hard-wrapped lines joined into paragraphs (a blank, or a short line ending a sentence, ends one)."""
    width = _typical_width(lines)
    current = ""
    for i, line in enumerate(lines):
        if not line:
            if current:
                yield current
            current = ""
            continue
        current = _join(current, line) if current else line
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        short = width and len(line) < 0.75 * width
        if (short and line.endswith(_TERMINAL)) or (nxt and _BULLET_RE.match(nxt)):
            yield current
            current = ""
    if current:
        yield current


def _join(left: str, right: str) -> str:
    """Join two wrapped lines, undoing a hyphen that only split a word at the line end."""
    if (
        left.endswith("-")
        and len(left) > 1
        and left[-2].isalpha()
        and right[:1].islower()
        and not left.endswith("--")
    ):
        return left[:-1] + right
    return f"{left} {right}"


def join_pages(pages: list[list[str]]) -> tuple[str, list[int]]:
    """One body of paragraphs from per-page lines, and the offset where each page begins.

    A paragraph that runs on over a page break (no sentence end, next page starts in lower case)
    is joined, so the page boundary may fall inside a paragraph: the offset is still exact.
    """
    body = ""
    starts: list[int] = []
    for lines in pages:
        paras = list(_paragraphs(lines))
        if not paras:
            starts.append(len(body))
            continue
        first, rest = paras[0], paras[1:]
        last_start = body.rfind("\n\n") + 2 if "\n\n" in body else 0
        last = body[last_start:]
        if body and not last.endswith(_TERMINAL) and first[:1].islower():
            body = body[:last_start] + _join(last, first)
            starts.append(len(body) - len(first))
        else:
            if body:
                body += "\n\n"
            starts.append(len(body))
            body += first
        for p in rest:
            body += "\n\n" + p
    return body, starts


# --- feeds -------------------------------------------------------------------------------------


def parse_feed(data: bytes, source: str) -> Feed:
    """Entries of an RSS or Atom feed; ExtractError when it is not one."""
    import feedparser

    # Bytes, never a URL string: feedparser would download a string that looks like a URL itself.
    parsed = feedparser.parse(data)
    version = parsed.get("version", "")
    if not version and not parsed.entries:
        reason = _first_line(parsed.get("bozo_exception", "")) or "no RSS or Atom elements"
        raise ExtractError(
            f"{source} is not an RSS/Atom feed ({reason}): check the feed URL (the site's page"
            " usually links it as RSS or Atom), or import the page URL itself"
        )
    feed = parsed.get("feed", {})
    entries: list[FeedEntry] = []
    for e in parsed.entries:
        # dict.get, not FeedParserDict.get: its "updated" falls back to "published", with a
        # DeprecationWarning on every entry.
        link = str(dict.get(e, "link") or "").strip()
        if not link:
            continue
        said = "\n".join(
            str(dict.get(e, k) or "") for k in ("id", "title", "updated", "published", "summary")
        )
        entries.append(
            FeedEntry(
                link=link,
                title=_one_line(str(dict.get(e, "title") or "")),
                author=_one_line(str(dict.get(e, "author") or "")),
                date=_feed_date(e),
                digest=hashlib.sha256(said.encode("utf-8")).hexdigest(),
            )
        )
    return Feed(title=_one_line(str(feed.get("title") or "")), entries=entries)


def _feed_date(entry: object) -> str:
    """An entry's published (else updated) date as YYYY-MM-DD."""
    for key in ("published_parsed", "updated_parsed"):
        value = dict.get(entry, key) if isinstance(entry, dict) else None
        if value:
            return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    return ""


# --- helpers -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _quiet_loggers(*names: str) -> Iterator[None]:
    """Silence a library's warnings: logging's last-resort handler would print them on stderr."""
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _first_line(value: object) -> str:
    text = str(value)
    return text.splitlines()[0] if text else ""


def _words(paragraphs: list[str]) -> int:
    return sum(len(tokenize(p)) for p in paragraphs)


def _host(url: str) -> str:
    host = urlsplit(url).hostname or "" if url else ""
    return host.removeprefix("www.")
