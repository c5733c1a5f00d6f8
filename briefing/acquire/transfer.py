"""Bytes over HTTP for the fetcher: limits, capped decoding, redirects, retry waits, messages."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import httpx
from pydantic import Field

from briefing import __version__
from briefing.core.errors import FetchError, safe_url
from briefing.core.models import Strict

USER_AGENT = f"briefing/{__version__} (article import for analysts; honours robots.txt)"
ROBOTS_TOKEN = "briefing"  # the product token robots.txt rules name (RFC 9309 section 2.2.1)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 2.5: parse at least 500 KiB; we read no more (decoded)
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 2.3.1.2: follow at least five consecutive redirects
# A whole request (connect, headers, body) may take this many times fetch_timeout: 2 minutes at
# the default 30 s, enough for the 20 MB cap at about 170 KB/s, and bounded whatever the server
# does. Raising fetch_timeout raises both the per-read timeout and this deadline.
DEADLINE_FACTOR = 4
DECODE_STEP = 64 * 1024  # most bytes decoded at once from one compressed piece
MAX_WAIT = 30.0  # cap on Retry-After and Crawl-delay: a scheduled import must not hang for hours
MB = 1024 * 1024


class FetchOptions(Strict):
    """How politely and how patiently to download."""

    timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds for connect and each read; a whole request gets DEADLINE_FACTOR times it.",
    )
    retries: int = Field(default=3, ge=0, description="Retries on 429, 5xx, timeouts, drops.")
    backoff: float = Field(default=0.5, ge=0, description="First retry delay; doubles each time.")
    max_bytes: int = Field(default=20 * MB, gt=0, description="Largest body accepted.")
    max_redirects: int = Field(default=5, ge=0)
    user_agent: str = USER_AGENT


class Fetched(Strict):
    """One downloaded resource."""

    url: str = Field(description="The URL asked for.")
    final_url: str = Field(description="Where the last redirect led.")
    status: int
    content_type: str = ""
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    location: str = Field(default="", description="A redirect's Location header.")


class _Retry(Exception):
    """A response or failure worth another try."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class Deadline:
    """The wall-clock limit of one request; `expired` is set by the watchdog timer."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = threading.Event()

    @property
    def passed(self) -> bool:
        return self.expired.is_set() or time.monotonic() >= self.ends

    @property
    def reason(self) -> str:
        return (
            f"download not finished within {self.seconds:g} s"
            f" ({DEADLINE_FACTOR} times fetch_timeout)"
        )


def options_for(
    timeout: float, retries: int, max_mb: float, user_agent: str | None
) -> FetchOptions:
    """FetchOptions from the import settings."""
    return FetchOptions(
        timeout=timeout,
        retries=retries,
        max_bytes=int(max_mb * MB),
        user_agent=user_agent or USER_AGENT,
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"


def bad_location(url: str, why: str) -> FetchError:
    """The error for a redirect whose Location httpx cannot parse."""
    return FetchError(
        f"{safe_url(url)} redirected to a malformed or non-http(s) address ({why}): briefing"
        " downloads only http:// and https:// pages; open it in a browser, save the page and"
        " import the .html file"
    )


def redirect_target(current: str, location: str, asked: str) -> str:
    """Where a redirect leads, or a FetchError when its Location is not an http(s) address
    (`data:`, `javascript:`) or is malformed (an unclosed "[", spaces, control characters):
    the site's fault, reported once, never retried as a broken connection."""
    shown = " ".join(location.split())[:80]
    try:
        target = urljoin(current, location)
        parts = urlsplit(target)
        bad = any(ch.isspace() or ord(ch) < 32 for ch in target)
        if parts.scheme in ("http", "https") and parts.hostname and not bad:
            httpx.URL(target)  # what the next request will parse
            return target
        web = parts.scheme in ("http", "https")
        problem = "a malformed address" if web else "an address that is not http(s)"
    except (ValueError, httpx.InvalidURL):
        problem = "a malformed address"
    raise FetchError(
        f"{safe_url(asked)} redirected to {problem} ({shown!r}): briefing downloads only http://"
        " and https:// pages; open it in a browser, save the page and import the .html file"
    )


def check_scheme(url: str, asked: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        via = f" (redirected from {safe_url(asked)})" if asked != url else ""
        raise FetchError(
            f"{safe_url(url)}{via} is not an http(s) URL: briefing downloads only http:// and"
            " https:// links; save anything else to a file and import that"
        )


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds form only; dates fall back to backoff)."""
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _read_capped(resp: httpx.Response, cap: int, deadline: Deadline) -> tuple[bytes, bool]:
    """At most cap bytes of resp's body, decoded, and whether the body went past cap.

    The body is decoded here, a DECODE_STEP at a time, not by httpx: its decoders inflate each
    network chunk whole, so a few KB of `Content-Encoding: gzip, gzip` became gigabytes before
    any cap could be checked. Reading stops as soon as the decoded (or the encoded) total passes
    cap, or the deadline passes (raised as `_Retry`, a timeout).
    """
    received = 0

    def raw() -> Iterator[bytes]:
        nonlocal received
        for chunk in resp.iter_raw():
            if deadline.passed:
                raise _Retry(deadline.reason)
            received += len(chunk)
            yield chunk

    body = bytearray()
    for piece in _decoded(raw(), resp.headers.get("content-encoding", "")):
        if len(body) + len(piece) > cap or received > cap:
            body += piece[: max(cap - len(body), 0)]
            return bytes(body), True
        body += piece
    return bytes(body), False


def _decoded(chunks: Iterator[bytes], content_encoding: str) -> Iterator[bytes]:
    """The body under its Content-Encoding chain, lazily, in pieces of at most DECODE_STEP.

    The last coding applied is undone first. As httpx does: gzip (and x-gzip) and deflate are
    decoded, identity and unknown codings pass through.
    """
    for coding in reversed(content_encoding.lower().split(",")):
        coding = coding.strip()
        if coding in ("gzip", "x-gzip"):
            chunks = _inflate(chunks, zlib.MAX_WBITS | 16)
        elif coding == "deflate":
            chunks = _inflate(chunks, zlib.MAX_WBITS, raw_fallback=True)
    return chunks


def _inflate(chunks: Iterator[bytes], wbits: int, raw_fallback: bool = False) -> Iterator[bytes]:
    """zlib-decode chunks, yielding at most DECODE_STEP bytes per step (zlib's max_length).

    `raw_fallback` (deflate): a body without the zlib header is read as raw deflate, as httpx
    and browsers do. Bytes after the end of the compressed stream are ignored, as httpx does.
    """
    decoder = zlib.decompressobj(wbits)
    first = raw_fallback
    try:
        for chunk in chunks:
            data = chunk
            while data and not decoder.eof:
                try:
                    out = decoder.decompress(data, DECODE_STEP)
                except zlib.error:
                    if not first:
                        raise
                    decoder, first = zlib.decompressobj(-zlib.MAX_WBITS), False
                    continue
                first = False
                data = decoder.unconsumed_tail
                if out:
                    yield out
                while len(out) == DECODE_STEP and not data and not decoder.eof:
                    out = decoder.decompress(b"", DECODE_STEP)  # output zlib still holds
                    if out:
                        yield out
        rest = decoder.flush()
        if rest:
            yield rest
    except zlib.error as exc:
        raise httpx.DecodingError(str(exc)) from exc


def _shut(sock: socket.socket) -> None:
    """Shut a socket down so a read blocked on it (in another thread) returns at once.

    `socket.socket.shutdown` even for TLS sockets: SSLSocket.shutdown would also drop its
    SSL object under the reading thread.
    """
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _reason(exc: BaseException) -> str:
    said = str(exc).splitlines()[0] if str(exc) else ""
    return said or type(exc).__name__


def _fix(reason: str) -> str:
    if reason.startswith("no answer"):
        return "try again later, or raise fetch_timeout (BRIEFING_FETCH_TIMEOUT)"
    if reason.startswith("download not finished"):
        return (
            "the site sends too slowly; try again later, or raise fetch_timeout"
            " (BRIEFING_FETCH_TIMEOUT)"
        )
    if reason.startswith("cannot connect"):
        return "check the URL and the network"
    if reason == "HTTP 429":
        return "the site rate-limits us; import fewer pages at once or try again later"
    return "the site is failing; try again later, or raise fetch_retries (BRIEFING_FETCH_RETRIES)"


def too_big(url: str, cap: int, what: str) -> str:
    return (
        f"{safe_url(url)} is over the {cap / MB:g} MB import limit ({what}): not imported; raise"
        " max_download_mb (BRIEFING_MAX_DOWNLOAD_MB) or save the file and import it from disk"
    )


def status_message(url: str, status: int) -> str:
    """The message and fix for a final non-2xx status."""
    shown = safe_url(url)
    if status in (401, 403):
        return (
            f"{shown}: HTTP {status}, the site refused access: open it in a browser (logged in if"
            " needed), save the page and import the .html file"
        )
    if status in (404, 410):
        return f"{shown}: HTTP {status}, no such page: check the link (the article may have moved)"
    if status in RETRY_STATUSES:
        return f"{shown}: HTTP {status} on every retry: {_fix(f'HTTP {status}')}"
    return (
        f"{shown}: HTTP {status}: check the link, or save the page in a browser and import the file"
    )
