"""HTTP for `briefing import`: timeouts, retries with backoff, a size cap, robots.txt, a redirect cap.

One `Fetcher` per import run owns the httpx client, the robots.txt cache and the per-host
crawl delays; stages receive it, nothing here is created at import time. Redirects are followed
by hand so a loop is named as a loop and every hop is checked against robots.txt.
"""

from __future__ import annotations

import time
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx
from pydantic import Field

from briefing import __version__
from briefing.errors import FetchError, safe_url
from briefing.models import Strict

USER_AGENT = f"briefing/{__version__} (article import for analysts; honours robots.txt)"
ROBOTS_TOKEN = "briefing"  # the product token robots.txt rules name (RFC 9309 section 2.2.1)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309: crawlers must parse at least 500 KiB
MAX_WAIT = 30.0  # cap on Retry-After and Crawl-delay: a scheduled import must not hang for hours
MB = 1024 * 1024


class FetchOptions(Strict):
    """How politely and how patiently to download."""

    timeout: float = Field(default=30.0, gt=0, description="Seconds for connect and each read.")
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


class Fetcher:
    """An HTTP client for imports: use as a context manager, call `get`."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.options.timeout),
            headers={"User-Agent": self.options.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._last_request: dict[str, float] = {}

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
            target = urljoin(current, fetched.location)
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
        """Send one GET and read the body up to the size cap."""
        cap = self.options.max_bytes
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
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
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(_too_big(url, cap, "the download went past it"))
                    chunks.append(chunk)
                return Fetched(
                    url=url,
                    final_url=url,
                    status=status,
                    content_type=resp.headers.get("content-type", ""),
                    body=b"".join(chunks),
                    etag=resp.headers.get("etag", ""),
                    last_modified=resp.headers.get("last-modified", ""),
                )
        except httpx.TimeoutException as exc:
            raise _Retry(f"no answer within {self.options.timeout:g} s") from exc
        except httpx.RemoteProtocolError as exc:
            raise _Retry("the connection broke mid-reply") from exc
        except httpx.ConnectError as exc:
            raise _Retry(f"cannot connect ({_reason(exc)})") from exc
        except httpx.DecodingError as exc:
            raise FetchError(
                f"{safe_url(url)} sent a body that cannot be decompressed ({_reason(exc)}):"
                " save the page in a browser and import the file"
            ) from exc
        except httpx.HTTPError as exc:
            raise _Retry(f"{type(exc).__name__} ({_reason(exc)})") from exc

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
                resp = self.client.get(where, follow_redirects=True)
                break
            except httpx.HTTPError as exc:
                if attempt == self.options.retries:
                    what = "cannot connect" if isinstance(exc, httpx.ConnectError) else "failed"
                    raise FetchError(
                        f"{safe_url(asked)}: {what} to read {where} ({_reason(exc)}) after"
                        f" {self.options.retries} retries: briefing fetches nothing from a site"
                        " whose robots.txt is unreachable; check the URL and the network, or try"
                        " again later"
                    ) from exc
                time.sleep(min(self.options.backoff * 2**attempt, MAX_WAIT))
        status = resp.status_code
        if status >= 500 or status == 429:
            # RFC 9309 2.3.1.4: an unreachable robots.txt means "assume complete disallow".
            raise FetchError(
                f"{safe_url(asked)}: {where} answered HTTP {status}: briefing fetches nothing from"
                " a site whose robots.txt is unreachable; try again later"
            )
        if 200 <= status < 300:
            body = resp.content[:MAX_ROBOTS_BYTES]
            rules.parse(body.decode("utf-8", "replace").splitlines())
        else:
            rules.parse([])  # 4xx: no robots.txt, everything is allowed (RFC 9309 2.3.1.3)
        self._robots[origin] = rules
        return rules


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


def _reason(exc: BaseException) -> str:
    said = str(exc).splitlines()[0] if str(exc) else ""
    return said or type(exc).__name__


def _fix(reason: str) -> str:
    if reason.startswith("no answer"):
        return "try again later, or raise fetch_timeout (BRIEFING_FETCH_TIMEOUT)"
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
