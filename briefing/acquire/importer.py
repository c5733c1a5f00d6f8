"""`briefing import`: saved pages, PDFs, feeds and URL lists become text captures in the corpus.

A capture is a `.txt` in the corpus folder: a front-matter header that `ingest` already reads
(title, outlet, author, date; the other keys it ignores) above the article's paragraphs. It is
the source of record: briefings cite it and the verifier reads it, so the contracts are as
before. What was collected is kept under the state directory, content-addressed
(`BRIEFING_HOME/imports/originals/<sha256>.<ext>`), and the header names it and its sha256.

Idempotence: a capture's file name comes from its source (the canonical URL, or the file's
absolute path), and its header carries a hash of what was extracted. Importing an unchanged
source writes nothing; a changed one overwrites its capture (so `ingest` and `digest` see that
document as changed) after the previous version is kept under `imports/versions/`. Feed entries
are remembered by URL and by a hash of what the feed says about them in
`BRIEFING_HOME/imports/state.json`, so an unchanged entry is not even downloaded again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field

from briefing.acquire.captures import (
    canonical_url,
    capture_name,
    content_hash,
    read_header,
    render_capture,
    url_hint,
)
from briefing.acquire.extract import (
    Extracted,
    FeedEntry,
    extract_html,
    extract_pdf,
    parse_feed,
    sniff,
)
from briefing.acquire.fetch import Fetcher
from briefing.acquire.import_state import (
    SourceState,
    import_lock,
    load_state,
    save_state,
    utc_now,
    write_atomic,
)
from briefing.acquire.transfer import FetchOptions
from briefing.core.errors import BriefingError, CorpusError, ExtractError, safe_url
from briefing.core.files import MB, read_capped
from briefing.core.models import Strict
from briefing.core.protocols import Progress

PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".pdf"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
LIST_SUFFIXES = frozenset({".txt"})
MAX_ENTRY_DIGESTS = 8


def _silent(message: str, done: int | None = None, total: int | None = None) -> None:
    """Progress that goes nowhere."""


class ImportedItem(Strict):
    """One capture an import wrote, or found already up to date."""

    source: str = Field(description="The URL or file the capture was made from.")
    capture: str = Field(description="The capture's path relative to the corpus root.")
    status: Literal["added", "changed", "unchanged"]
    kind: Literal["html", "pdf"] | None = None
    title: str = ""
    feed: str = Field(default="", description="The feed that listed it, if any.")


class ImportFailure(Strict):
    """A source that could not be imported, and why (with the fix)."""

    source: str
    message: str


class ImportReport(Strict):
    """What an import did."""

    corpus: str
    items: list[ImportedItem] = Field(default_factory=list)
    failed: list[ImportFailure] = Field(default_factory=list)

    def count(self, status: str) -> int:
        """How many items have this status."""
        return sum(1 for i in self.items if i.status == status)

    @property
    def nothing_imported(self) -> bool:
        """Every source failed: nothing was imported nor found up to date."""
        return not self.items and bool(self.failed)

    def summary(self) -> str:
        """One line for the terminal."""
        added, changed, same = self.count("added"), self.count("changed"), self.count("unchanged")
        failed = f", {len(self.failed)} failed" if self.failed else ""
        if not added and not changed:
            if not self.items:
                return f"nothing imported into {self.corpus}{failed}"
            return f"nothing new: {same} already imported and unchanged in {self.corpus}{failed}"
        return f"{self.corpus}: {added} new, {changed} changed, {same} unchanged{failed}"


# --- entry point -------------------------------------------------------------------------------


def import_sources(
    sources: list[str],
    corpus: Path,
    home: Path,
    options: FetchOptions | None = None,
    progress: Progress = _silent,
    fetcher: Fetcher | None = None,
) -> ImportReport:
    """Turn each source (file, folder, URL, feed, URL list) into captures under corpus."""
    try:
        corpus.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusError(
            f"cannot create the corpus folder {corpus} ({exc.strerror}): pass a writable --corpus"
        ) from exc
    if not corpus.is_dir():
        raise CorpusError(f"corpus path '{corpus}' is not a directory: pass a folder as --corpus")
    report = ImportReport(corpus=str(corpus))
    with import_lock(home), contextlib.ExitStack() as stack:
        run = _Run(corpus, home, report, progress, options or FetchOptions(), fetcher, stack)
        for source in sources:
            for kind, target in run.expand(source):
                if kind == "error":
                    run.fail(source, target)
                    continue
                run.guard(target, functools.partial(run.one, kind, target))
    return report


class _Run:
    """The state of one import run: corpus, state file, report, and a lazily opened fetcher."""

    def __init__(
        self,
        corpus: Path,
        home: Path,
        report: ImportReport,
        progress: Progress,
        options: FetchOptions,
        fetcher: Fetcher | None,
        stack: contextlib.ExitStack,
    ) -> None:
        self.corpus = corpus
        self.root_key = os.path.realpath(corpus)
        self.home = home
        self.report = report
        self.progress = progress
        self.options = options
        self._fetcher = fetcher
        self._stack = stack
        self.state_path = home / "imports" / "state.json"
        self.state = load_state(self.state_path)
        self.sources = self.state.corpora.setdefault(self.root_key, {})

    @property
    def fetcher(self) -> Fetcher:
        """The HTTP client, opened on first use (a folder of saved pages needs none)."""
        if self._fetcher is None:
            self._fetcher = self._stack.enter_context(Fetcher(self.options))
        return self._fetcher

    def fail(self, source: str, message: str) -> None:
        """Record a source that could not be imported."""
        self.report.failed.append(ImportFailure(source=source, message=message))

    def guard(self, source: str, work: Callable[[], None]) -> None:
        """Run one source's import; its BriefingError is a failure of that source only."""
        try:
            work()
        except BriefingError as exc:
            self.fail(source, str(exc))

    # --- sources --------------------------------------------------------------------------

    def expand(self, source: str) -> Iterator[tuple[str, str]]:
        """(kind, target) pairs: ('url', URL), ('file', path), ('error', message)."""
        if re.match(r"^[a-z][a-z0-9+.\-]*://", source, re.IGNORECASE):
            if source.lower().startswith(("http://", "https://")):
                yield "url", source
            else:
                yield (
                    "error",
                    (
                        f"{safe_url(source)} is not an http(s) URL: briefing downloads only http://"
                        " and https:// links; save anything else to a file and import that"
                    ),
                )
            return
        path = Path(source)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in PAGE_SUFFIXES | FEED_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                yield (
                    "error",
                    (
                        f"{path} holds no .html, .htm, .pdf or feed files: save pages as HTML (or"
                        " download the PDFs) into it, or pass the files themselves"
                    ),
                )
            for p in found:
                yield "file", str(p)
            return
        if not path.exists():
            yield (
                "error",
                (
                    f"{source}: no such file or folder, and not an http(s) URL: check the path, or"
                    " give the full URL with http:// or https://"
                ),
            )
            return
        suffix = path.suffix.lower()
        if suffix in LIST_SUFFIXES:
            yield from self._url_list(path)
        elif suffix in PAGE_SUFFIXES | FEED_SUFFIXES:
            yield "file", str(path)
        else:
            yield (
                "error",
                (
                    f"cannot import {path}: briefing imports .html/.htm/.pdf files, RSS/Atom feeds"
                    " (.xml/.rss/.atom), folders of them, http(s) URLs and .txt lists of URLs"
                ),
            )

    def _url_list(self, path: Path) -> Iterator[tuple[str, str]]:
        """The sources a .txt list names, one a line (# comments; paths relative to the list)."""
        try:
            text = self._read_local(path).decode("utf-8")
        except BriefingError as exc:
            yield "error", str(exc)
            return
        except (OSError, UnicodeDecodeError) as exc:
            yield "error", f"cannot read the URL list {path} ({exc}): save it as UTF-8 text"
            return
        for n, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if "://" in line:
                yield from self.expand(line)
                continue
            target = path.parent / line
            folder = path.parent.resolve()
            if Path(line).is_absolute() or target.resolve().parent != folder:
                # A list names URLs or files next to it: a path that leaves its folder
                # ("../other/secret.html", "/home/me/notes.html") is never read.
                yield (
                    "error",
                    f"{path}:{n}: {line!r} is not a file in the list's own folder: a URL list"
                    " names http(s) URLs or files next to it; move the file there",
                )
                continue
            if target.suffix.lower() in LIST_SUFFIXES:
                yield "error", f"{path}:{n}: a URL list cannot name another list ({line})"
                continue
            if not target.exists():
                yield (
                    "error",
                    (
                        f"{path}:{n}: {line!r} is neither an http(s) URL nor a file next to the list:"
                        " fix the line"
                    ),
                )
                continue
            yield from self.expand(str(target))

    def one(self, kind: str, target: str) -> None:
        """Import one URL or one file."""
        if kind == "url":
            self.progress(f"fetching {safe_url(target)}")
            self.url(target)
        else:
            self.progress(f"reading {target}")
            self.file(Path(target))

    def url(self, url: str, entry: FeedEntry | None = None, feed: str = "") -> None:
        """Fetch a page, PDF or feed and capture it (a feed: each new or changed entry)."""
        key = canonical_url(url)
        previous = self.sources.get(key)
        if (
            entry is not None
            and previous is not None
            and entry.digest in previous.entry_digests
            and (self.corpus / previous.capture).is_file()
        ):
            # The feed says nothing new about this entry: do not download it again.
            self._item(url, previous.capture, "unchanged", feed=feed)
            return
        fetched = self.fetcher.get(url)
        kind = sniff(fetched.body, fetched.content_type, urlsplit(fetched.final_url).path)
        if kind == "feed":
            if entry is not None:
                raise ExtractError(
                    f"feed entry {safe_url(url)} is itself a feed: briefing imports the pages a"
                    " feed links to, not feeds of feeds; list that feed separately"
                )
            self.feed(fetched.body, safe_url(url), url)
            return
        if kind is None:
            ctype = fetched.content_type.split(";")[0] or "no Content-Type"
            raise ExtractError(
                f"{safe_url(url)} sent {ctype}, which is not a web page, PDF or feed: import the"
                " article's own page, or download the file and import it"
            )
        extracted = _extract(kind, fetched.body, safe_url(url), fetched.final_url)
        if entry is not None:
            extracted = _with_entry(extracted, entry)
        self.capture(
            key,
            url_hint(url),
            extracted,
            fetched.body,
            kind,
            origin={"url": url, "feed": feed},
            entry_digest=entry.digest if entry else "",
            label=url,
            feed=feed,
        )

    def _read_local(self, path: Path) -> bytes:
        """A saved page, PDF, feed or URL list, capped like a download (max_download_mb)."""
        cap = self.options.max_bytes
        return read_capped(
            path,
            cap,
            f"not imported; raise max_download_mb (BRIEFING_MAX_DOWNLOAD_MB, now {cap / MB:g})",
        )

    def file(self, path: Path) -> None:
        """Capture a saved page or PDF, or import the entries of a saved feed."""
        try:
            data = self._read_local(path)
        except OSError as exc:
            raise CorpusError(
                f"cannot read '{path}': {exc.strerror or type(exc).__name__}: check that it"
                " exists and is readable"
            ) from exc
        kind = sniff(data, "", path.name)
        if kind == "feed":
            self.feed(data, str(path), "")
            return
        if kind is None:
            raise ExtractError(f"{path} is not HTML, PDF or a feed: save the page again as HTML")
        resolved = path.resolve()
        extracted = _extract(kind, data, str(path), None)
        self.capture(
            resolved.as_uri(),
            path.stem,
            extracted,
            data,
            kind,
            origin={"file": str(resolved)},
            label=str(path),
        )

    def feed(self, data: bytes, label: str, url: str) -> None:
        """Import each entry of a feed that is new or changed since the last import."""
        parsed = parse_feed(data, label)
        entries = parsed.entries
        self.progress(f"{label}: {len(entries)} entries")
        for i, entry in enumerate(entries, 1):
            self.guard(entry.link, functools.partial(self.url, entry.link, entry, url or label))
            self.progress(f"importing {label}", i, len(entries))

    # --- writing --------------------------------------------------------------------------

    def capture(
        self,
        key: str,
        hint: str,
        extracted: Extracted,
        original: bytes,
        kind: str,
        *,
        origin: dict[str, str],
        label: str,
        entry_digest: str = "",
        feed: str = "",
    ) -> None:
        """Write (or find up to date) the capture of one source, its original, and the state."""
        content = content_hash(extracted)
        original_sha = hashlib.sha256(original).hexdigest()
        name = capture_name(key, hint)
        path = self.corpus / name
        now = utc_now()
        header = read_header(path) if path.is_file() else {}
        if header.get("content_sha256") == content:
            self._remember(key, name, original_sha, content, entry_digest, now)
            self._item(label, name, "unchanged", extracted, feed)
            return
        twin = self._same_content(key, content)
        if twin is not None:
            # The same article under another URL or path (a re-saved or moved file): one capture.
            self._remember(key, twin, original_sha, content, entry_digest, now)
            self._item(label, twin, "unchanged", extracted, feed)
            return
        status: Literal["added", "changed"] = "changed" if path.is_file() else "added"
        ext = ".pdf" if kind == "pdf" else ".html"
        kept = self.home / "imports" / "originals" / f"{original_sha}{ext}"
        if not kept.is_file():
            write_atomic(kept, original)
        if status == "changed":
            # Briefings that cited the previous version can still be traced to it.
            old = path.read_bytes()
            versions = self.home / "imports" / "versions"
            write_atomic(versions / f"{hashlib.sha256(old).hexdigest()}.txt", old)
        text = render_capture(
            extracted,
            origin=origin,
            retrieved_at=now,
            original=os.path.abspath(kept),
            original_sha256=original_sha,
            content_sha256=content,
        )
        write_atomic(path, text.encode("utf-8"))
        self._remember(key, name, original_sha, content, entry_digest, now)
        self._item(label, name, status, extracted, feed)
        self.progress(f"{status} {name}: {extracted.title or label}")

    def _same_content(self, key: str, content: str) -> str | None:
        for other, known in self.sources.items():
            if (
                other != key
                and known.content_sha256 == content
                and (self.corpus / known.capture).is_file()
                and read_header(self.corpus / known.capture).get("content_sha256") == content
            ):
                return known.capture
        return None

    def _remember(
        self, key: str, capture: str, sha: str, content: str, entry_digest: str, now: str
    ) -> None:
        digests = self.sources[key].entry_digests if key in self.sources else []
        if entry_digest and entry_digest not in digests:
            # Several feeds may list one page; keep what each said, the most recent few.
            digests = [*digests, entry_digest][-MAX_ENTRY_DIGESTS:]
        self.sources[key] = SourceState(
            capture=capture,
            sha256=sha,
            content_sha256=content,
            entry_digests=digests,
            retrieved_at=now,
        )
        save_state(self.state_path, self.state)

    def _item(
        self,
        source: str,
        capture: str,
        status: Literal["added", "changed", "unchanged"],
        extracted: Extracted | None = None,
        feed: str = "",
    ) -> None:
        self.report.items.append(
            ImportedItem(
                source=safe_url(source) if "://" in source else source,
                capture=capture,
                status=status,
                kind=extracted.kind if extracted else None,
                title=extracted.title if extracted else "",
                feed=safe_url(feed) if "://" in feed else feed,
            )
        )


def _extract(kind: str, data: bytes, label: str, url: str | None) -> Extracted:
    if kind == "pdf":
        return extract_pdf(data, label, url)
    return extract_html(data, label, url)


def _with_entry(extracted: Extracted, entry: FeedEntry) -> Extracted:
    """Fill metadata the page lacks from what the feed said about it."""
    return extracted.model_copy(
        update={
            "title": extracted.title or entry.title,
            "author": extracted.author or entry.author,
            "date": extracted.date or entry.date,
        }
    )
