"""Corpus sync: read the files, find their bodies, split and chunk them, hand the rows to the store.

Above the store (which only persists) and below the stages: every command that reads the
corpus calls `sync_corpus` once, then works from the store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefing.core.errors import BriefingError, CorpusError
from briefing.core.files import DEFAULT_MAX_FILE_MB, MB
from briefing.core.models import Document, IngestReport
from briefing.core.protocols import CorpusStore
from briefing.corpus import ingest, listing
from briefing.text import passages


def sync_corpus(
    store: CorpusStore,
    max_tokens: int,
    warn: Callable[[str], None] = lambda _msg: None,
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    indexing: Callable[[int, int], None] | None = None,
    max_file_bytes: int = int(DEFAULT_MAX_FILE_MB * MB),
) -> IngestReport:
    """Bring the store in line with its corpus: only files whose sha256 changed are re-read into it.

    `progress` counts files; `indexing` counts passages added to the search postings (a first
    ingest of 100k documents spends minutes there). Files over `max_file_bytes` are skipped.
    """
    root = store.root
    listed, refused = listing.list_corpus(root)
    files = [path for _, path in listed]
    known = store.document_hashes()
    report = IngestReport(root=str(root))
    for line in refused:
        report.skipped.append(line)
        warn(line)
    seen: set[str] = set()
    for i, (rel, path) in enumerate(listed):
        try:
            text, sha, size = ingest.read_text(path, max_file_bytes)
        except BriefingError as exc:
            report.skipped.append(str(exc))
            warn(str(exc))
            continue
        seen.add(rel)
        if known.get(rel) == sha:
            report.unchanged.append(rel)
        else:
            body = ingest.detect_body(text)
            meta = ingest.extract_metadata(text, body)
            document = Document(doc=rel, sha256=sha, size=size, body=body, **meta)
            sents, passes = passages.chunk_document(document, text, max_tokens)
            # The store says what it found under its write lock: a concurrent ingest that
            # stored this very version first makes it unchanged here, not added twice.
            status = store.replace_document(document, sents, passes)
            if status == "unchanged":
                report.unchanged.append(rel)
            else:
                (report.changed if status == "changed" else report.added).append(rel)
                report.sentences += len(sents)
                report.passages += len(passes)
        progress(i + 1, len(files))
    report.removed = sorted(set(known) - seen)
    if report.removed:
        store.remove_documents(report.removed)
    if not seen:
        raise_no_files(root, files, report)
    store.refresh_index(indexing)
    return report


def raise_no_files(root: Path, files: list[Path], report: IngestReport) -> None:
    """No readable file: a usage error naming the directory and what was skipped."""
    if not files:
        raise CorpusError(
            f"corpus directory {root} has no .txt or .md files: add articles to it"
            " or pass another folder (briefing ingest DIR / --corpus DIR)"
        )
    empty = sum(1 for line in report.skipped if "is empty or only white space" in line)
    if empty == len(report.skipped):
        raise CorpusError(
            f"corpus directory {root} has no text: its {empty} file(s) are empty or only white"
            " space; add articles to it or pass another folder (--corpus DIR)"
        )
    raise CorpusError(
        f"corpus directory {root} has no readable file ({len(report.skipped)} skipped, the"
        f" warnings above say why; the first: {report.skipped[0]})"
    )
