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
from collections.abc import Iterator
from types import TracebackType
from typing import Any
from urllib.robotparser import RobotFileParser

import httpx

from briefing.acquire.transfer import (
    DEADLINE_FACTOR,
    MAX_ROBOTS_BYTES,
    MAX_WAIT,
    MB,
    REDIRECT_STATUSES,
    RETRY_STATUSES,
    ROBOTS_MAX_REDIRECTS,
    ROBOTS_TOKEN,
    Deadline,
    Fetched,
    FetchOptions,
    _fix,
    _origin,
    _read_capped,
    _reason,
    _Retry,
    _shut,
    bad_location,
    check_scheme,
    redirect_target,
    retry_after,
    status_message,
    too_big,
)
from briefing.core.errors import FetchError, safe_url


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
        self._running: Deadline | None = None
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
        check_scheme(url, url)
        seen = [url]
        current = url
        while True:
            self._allowed(current, url)
            fetched = self._get_once(current, url, headers or {})
            if fetched.status not in REDIRECT_STATUSES:
                break
            target = redirect_target(current, fetched.location, url)
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
            check_scheme(target, url)
            seen.append(target)
            current = target
        fetched.url = url
        if fetched.status == 304 or 200 <= fetched.status < 300:
            return fetched
        raise FetchError(status_message(url, fetched.status))

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
                raise bad_location(url, str(exc)) from exc
            except httpx.HTTPError as exc:
                if deadline.expired.is_set():  # the watchdog cut the connection
                    raise _Retry(deadline.reason) from exc
                if isinstance(exc, httpx.RemoteProtocolError) and "location" in str(exc).lower():
                    raise bad_location(url, str(exc)) from exc
                raise self._failure(url, exc) from exc

    def _exchange(
        self, url: str, headers: dict[str, str], final: bool, deadline: Deadline
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
                raise _Retry(f"HTTP {status}", retry_after(resp.headers.get("retry-after")))
            if status in RETRY_STATUSES:
                return Fetched(url=url, final_url=url, status=status)
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise FetchError(too_big(url, cap, f"it is {int(declared) / MB:.0f} MB"))
            body, over = _read_capped(resp, cap, deadline)
            if over:
                raise FetchError(too_big(url, cap, "the download went past it"))
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
    def _watch(self) -> Iterator[Deadline]:
        """Run one request under its overall deadline.

        fetch_timeout bounds connect and each read, so a server that drips a byte at a time
        (headers or body) never times out. When the deadline passes, a timer shuts down the
        sockets of this client: the blocked read returns at once and the request fails, which
        the caller reports as the deadline. One request runs at a time, so the only busy socket
        is this request's; idle pooled connections shut down too are simply reopened. Reading
        loops also check the deadline between reads (`_read_capped`).
        """
        deadline = Deadline(self.deadline)

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
            target = redirect_target(current, location, asked)
            current = target
        raise FetchError(
            f"{safe_url(asked)}: {where} redirects more than {ROBOTS_MAX_REDIRECTS} times:"
            " briefing fetches nothing from a site whose robots.txt is unreachable; save the"
            " page in a browser and import the file"
        )
