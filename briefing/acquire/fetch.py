"""HTTP for `briefing import`: timeouts, retries with backoff, a size cap, robots.txt, a redirect cap.

One `Fetcher` per import run owns the httpx client, the robots.txt cache and the per-host
crawl delays; stages receive it, nothing here is created at import time. Redirects are followed
by hand so a loop is named as a loop and every hop is checked against robots.txt.

Every request (page, PDF, feed, robots.txt) is bounded three ways: fetch_timeout per connect and
per read, an overall deadline of DEADLINE_FACTOR x fetch_timeout for the whole request (a server
dripping a byte at a time never hits a read timeout), and a byte cap on the *decoded* body,
checked as it is decoded (max_download_mb for pages, MAX_ROBOTS_BYTES for robots.txt), so a few
KB of layered gzip cannot expand to gigabytes first.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import weakref
import zlib
from collections.abc import Iterator
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

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


class _Deadline:
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


class Fetcher:
    """An HTTP client for imports: use as a context manager, call `get`.

    Not for concurrent use: one request at a time (the deadline's watchdog relies on it).
    """

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.options.timeout),
            headers={"User-Agent": self.options.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        # Every socket this client opened (httpcore's trace hook), for the deadline's watchdog.
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._running: _Deadline | None = None
        self._extensions = {"trace": self._trace}

    @property
    def deadline(self) -> float:
        """Seconds one request may take in all: DEADLINE_FACTOR x the per-read timeout."""
        return DEADLINE_FACTOR * self.options.timeout

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def get(self, url: str, headers: dict[str, str] | None = None) -> Fetched:
        """GET url: redirects followed (capped, loops named), robots.txt obeyed, body size-capped.

        A 304 (when `headers` carry If-None-Match / If-Modified-Since) comes back with an empty
        body; any other status outside 2xx raises FetchError with the fix.
        """
        _check_scheme(url, url)
        seen = [url]
        current = url
        while True:
            self._allowed(current, url)
            fetched = self._get_once(current, url, headers or {})
            if fetched.status not in REDIRECT_STATUSES:
                break
            target = _redirect_target(current, fetched.location, url)
            if target in seen:
                chain = " -> ".join(safe_url(u) for u in [*seen[seen.index(target) :], target])
                raise FetchError(
                    f"{safe_url(url)} redirects in a loop ({chain}): the site is misconfigured;"
                    " open it in a browser, save the page and import the .html file"
                )
            if len(seen) > self.options.max_redirects:
                raise FetchError(
                    f"{safe_url(url)} redirected more than {self.options.max_redirects} times"
                    f" (last to {safe_url(target)}): import the final URL directly"
                )
            _check_scheme(target, url)
            seen.append(target)
            current = target
        fetched.url = url
        if fetched.status == 304 or 200 <= fetched.status < 300:
            return fetched
        raise FetchError(_status_message(url, fetched.status))

    # --- one request, with retries ------------------------------------------------------

    def _get_once(self, url: str, asked: str, headers: dict[str, str]) -> Fetched:
        """One URL (no redirect following), retried with exponential backoff."""
        attempts = self.options.retries + 1
        last = ""
        for attempt in range(attempts):
            self._pace(url)
            try:
                return self._request(url, headers, final=attempt == attempts - 1)
            except _Retry as retry:
                last = retry.reason
                if attempt == attempts - 1:
                    break
                delay = retry.wait if retry.wait is not None else self.options.backoff * 2**attempt
                time.sleep(min(delay, MAX_WAIT))
        raise FetchError(
            f"{safe_url(asked)}: {last} after {self.options.retries} retries: {_fix(last)}"
        )

    def _request(self, url: str, headers: dict[str, str], final: bool) -> Fetched:
        """Send one GET and read the body up to the size cap, within the overall deadline."""
        with self._watch() as deadline:
            try:
                return self._exchange(url, headers, final, deadline)
            except httpx.InvalidURL as exc:
                # httpx parses a redirect's Location even when it does not follow it: a
                # `data:` or malformed one is the site's fault, once, not a broken connection.
                raise _bad_location(url, str(exc)) from exc
            except httpx.HTTPError as exc:
                if deadline.expired.is_set():  # the watchdog cut the connection
                    raise _Retry(deadline.reason) from exc
                if isinstance(exc, httpx.RemoteProtocolError) and "location" in str(exc).lower():
                    raise _bad_location(url, str(exc)) from exc
                raise self._failure(url, exc) from exc

    def _exchange(
        self, url: str, headers: dict[str, str], final: bool, deadline: _Deadline
    ) -> Fetched:
        cap = self.options.max_bytes
        with self.client.stream("GET", url, headers=headers, extensions=self._extensions) as resp:
            status = resp.status_code
            if status in REDIRECT_STATUSES:
                location = resp.headers.get("location", "")
                if not location:
                    raise FetchError(
                        f"{safe_url(url)} answered HTTP {status} without a Location header:"
                        " the site is misconfigured; import the article's final URL"
                    )
                return Fetched(url=url, final_url=url, status=status, location=location)
            if status in RETRY_STATUSES and not final:
                raise _Retry(f"HTTP {status}", _retry_after(resp.headers.get("retry-after")))
            if status in RETRY_STATUSES:
                return Fetched(url=url, final_url=url, status=status)
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise FetchError(_too_big(url, cap, f"it is {int(declared) / MB:.0f} MB"))
            body, over = _read_capped(resp, cap, deadline)
            if over:
                raise FetchError(_too_big(url, cap, "the download went past it"))
            return Fetched(
                url=url,
                final_url=url,
                status=status,
                content_type=resp.headers.get("content-type", ""),
                body=body,
                etag=resp.headers.get("etag", ""),
                last_modified=resp.headers.get("last-modified", ""),
            )

    def _failure(self, url: str, exc: httpx.HTTPError) -> Exception:
        """What an httpx error of one request means: a retry, or (undecodable body) a failure."""
        if isinstance(exc, httpx.TimeoutException):
            return _Retry(f"no answer within {self.options.timeout:g} s")
        if isinstance(exc, httpx.RemoteProtocolError):
            return _Retry("the connection broke mid-reply")
        if isinstance(exc, httpx.ConnectError):
            return _Retry(f"cannot connect ({_reason(exc)})")
        if isinstance(exc, httpx.DecodingError):
            return FetchError(
                f"{safe_url(url)} sent a body that cannot be decompressed ({_reason(exc)}):"
                " save the page in a browser and import the file"
            )
        return _Retry(f"{type(exc).__name__} ({_reason(exc)})")

    # --- the overall deadline -----------------------------------------------------------

    @contextlib.contextmanager
    def _watch(self) -> Iterator[_Deadline]:
        """Run one request under its overall deadline.

        fetch_timeout bounds connect and each read, so a server that drips a byte at a time
        (headers or body) never times out. When the deadline passes, a timer shuts down the
        sockets of this client: the blocked read returns at once and the request fails, which
        the caller reports as the deadline. One request runs at a time, so the only busy socket
        is this request's; idle pooled connections shut down too are simply reopened. Reading
        loops also check the deadline between reads (`_read_capped`).
        """
        deadline = _Deadline(self.deadline)

        def expire() -> None:
            with self._lock:
                deadline.expired.set()
                sockets = list(self._sockets)
            for sock in sockets:
                _shut(sock)

        timer = threading.Timer(deadline.seconds, expire)
        timer.daemon = True
        with self._lock:
            self._running = deadline
        timer.start()
        try:
            yield deadline
        finally:
            timer.cancel()
            timer.join()  # a firing timer finishes before the next request starts
            with self._lock:
                self._running = None

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's `trace` hook: note each socket as it connects (and after TLS)."""
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.add(sock)
            late = self._running is not None and self._running.expired.is_set()
        if late:  # connected after the timer fired: cut this one too
            _shut(sock)

    # --- politeness ---------------------------------------------------------------------

    def _pace(self, url: str) -> None:
        """Wait out the site's Crawl-delay since our last request to it."""
        host = _origin(url)
        rules = self._robots.get(host)
        delay = rules.crawl_delay(ROBOTS_TOKEN) if rules is not None else None
        last = self._last_request.get(host)
        if delay and last is not None:
            wait = float(delay) - (time.monotonic() - last)
            if wait > 0:
                time.sleep(min(wait, MAX_WAIT))
        self._last_request[host] = time.monotonic()

    def _allowed(self, url: str, asked: str) -> None:
        """Raise FetchError when robots.txt of url's site disallows it for briefing."""
        rules = self._robots_for(url, asked)
        if not rules.can_fetch(ROBOTS_TOKEN, url):
            raise FetchError(
                f"{safe_url(url)} is disallowed by {_origin(url)}/robots.txt for {ROBOTS_TOKEN}:"
                " not fetched; ask the site, or save the page in a browser and import the file"
                + (f" (asked for {safe_url(asked)})" if asked != url else "")
            )

    def _robots_for(self, url: str, asked: str) -> RobotFileParser:
        """The parsed robots.txt of url's origin, fetched once per run (RFC 9309 semantics)."""
        origin = _origin(url)
        if origin in self._robots:
            return self._robots[origin]
        where = f"{origin}/robots.txt"
        rules = RobotFileParser(where)
        for attempt in range(self.options.retries + 1):
            try:
                status, body = self._robots_file(where, asked)
                break
            except (httpx.HTTPError, _Retry) as exc:
                if attempt == self.options.retries:
                    if isinstance(exc, _Retry):  # the deadline
                        what, fix = f"{exc.reason} reading {where}", _fix(exc.reason)
                    else:
                        verb = "cannot connect" if isinstance(exc, httpx.ConnectError) else "failed"
                        what = f"{verb} to read {where} ({_reason(exc)})"
                        fix = "check the URL and the network, or try again later"
                    raise FetchError(
                        f"{safe_url(asked)}: {what} after {self.options.retries} retries:"
                        f" briefing fetches nothing from a site whose robots.txt is unreachable;"
                        f" {fix}"
                    ) from exc
                time.sleep(min(self.options.backoff * 2**attempt, MAX_WAIT))
        if status >= 500 or status == 429:
            # RFC 9309 2.3.1.4: an unreachable robots.txt means "assume complete disallow".
            raise FetchError(
                f"{safe_url(asked)}: {where} answered HTTP {status}: briefing fetches nothing from"
                " a site whose robots.txt is unreachable; try again later"
            )
        if 200 <= status < 300:
            rules.parse(body.decode("utf-8", "replace").splitlines())
        else:
            rules.parse([])  # 4xx: no robots.txt, everything is allowed (RFC 9309 2.3.1.3)
        self._robots[origin] = rules
        return rules

    def _robots_file(self, where: str, asked: str) -> tuple[int, bytes]:
        """robots.txt's final status and its first MAX_ROBOTS_BYTES, decoded.

        Redirects are followed by hand (at most ROBOTS_MAX_REDIRECTS): httpx would read each
        redirect's body whole. Each hop is one request under the overall deadline.
        """
        current = where
        for _hop in range(ROBOTS_MAX_REDIRECTS + 1):
            with self._watch() as deadline:
                try:
                    with self.client.stream("GET", current, extensions=self._extensions) as resp:
                        status = resp.status_code
                        location = resp.headers.get("location", "")
                        # Read (capped) whatever the status, so the connection can be reused.
                        body, _cut = _read_capped(resp, MAX_ROBOTS_BYTES, deadline)
                except httpx.HTTPError as exc:
                    if deadline.expired.is_set():
                        raise _Retry(deadline.reason) from exc
                    raise
            if status not in REDIRECT_STATUSES or not location:
                return status, body
            # A robots.txt that redirects to data:, or to a malformed address, is unreachable.
            target = _redirect_target(current, location, asked)
            current = target
        raise FetchError(
            f"{safe_url(asked)}: {where} redirects more than {ROBOTS_MAX_REDIRECTS} times:"
            " briefing fetches nothing from a site whose robots.txt is unreachable; save the"
            " page in a browser and import the file"
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


def _bad_location(url: str, why: str) -> FetchError:
    """The error for a redirect whose Location httpx cannot parse."""
    return FetchError(
        f"{safe_url(url)} redirected to a malformed or non-http(s) address ({why}): briefing"
        " downloads only http:// and https:// pages; open it in a browser, save the page and"
        " import the .html file"
    )


def _redirect_target(current: str, location: str, asked: str) -> str:
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


def _check_scheme(url: str, asked: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        via = f" (redirected from {safe_url(asked)})" if asked != url else ""
        raise FetchError(
            f"{safe_url(url)}{via} is not an http(s) URL: briefing downloads only http:// and"
            " https:// links; save anything else to a file and import that"
        )


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds form only; dates fall back to backoff)."""
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _read_capped(resp: httpx.Response, cap: int, deadline: _Deadline) -> tuple[bytes, bool]:
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


def _too_big(url: str, cap: int, what: str) -> str:
    return (
        f"{safe_url(url)} is over the {cap / MB:g} MB import limit ({what}): not imported; raise"
        " max_download_mb (BRIEFING_MAX_DOWNLOAD_MB) or save the file and import it from disk"
    )


def _status_message(url: str, status: int) -> str:
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
