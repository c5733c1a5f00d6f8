"""Parsing in worker processes: the same rows, reports and progress as parsing in-process.

Tests taking `open_state` run on both backends: SQLite and a PostgreSQL archive."""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
from array import array
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from briefing.core.errors import CorpusError
from briefing.core.models import PassageTerms
from briefing.corpus import parse, sync
from briefing.store import index, terms
from tests.conftest import SEEDS


def make_corpus(root: Path, copies: int) -> Path:
    """Seed copies (each one distinct), in two folders, with a binary and an empty file."""
    for i in range(copies):
        folder = root / ("a" if i % 2 else "b")
        folder.mkdir(parents=True, exist_ok=True)
        for src in sorted(SEEDS.glob("*.txt")):
            text = src.read_text(encoding="utf-8") + f"\nCopy {i}. A closing sentence.\n"
            (folder / f"{src.stem}_{i:03d}.txt").write_text(text, encoding="utf-8")
    (root / "a" / "binary.txt").write_bytes(b"\x00\x01garbage")
    (root / "b" / "empty.md").write_text("  \n")
    return root


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make any amount of text go to the pool, in small chunks and small write batches;
    the list records each time a pool was started."""
    started: list[int] = []
    real = parse._pooled

    def spy(*args: Any, **kwargs: Any) -> Any:
        started.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parse, "_pooled", spy)
    monkeypatch.setattr(parse, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parse, "CHUNK_BYTES", 20_000)  # two or three files a chunk
    monkeypatch.setattr(sync, "BATCH_FILES", 7)
    return started


def rows(st: Any) -> dict[str, Any]:
    """Every document, sentence and passage row of a corpus, in document order; and the
    passages in the order they were inserted (their rowids, what ranking ties break by)."""
    if hasattr(st, "iter_passages_by_rowid"):
        inserted = [p.id for _, p in st.iter_passages_by_rowid()]
    else:
        query = "SELECT id FROM passages WHERE root = ? ORDER BY rowid"
        inserted = [r[0] for r in st.conn.execute(query, (st.key,))]
    return {
        "documents": [d.model_dump() for d in st.documents()],
        "sentences": [s.model_dump() for s in st.iter_sentences()],
        "passages": [p.model_dump() for p in st.iter_passages()],
        "inserted": inserted,
    }


def edit(root: Path) -> None:
    """A change, a deletion, an addition and a newly unreadable file."""
    changed = root / "a" / "000_e7022d255b5320db_001.txt"
    changed.write_text(changed.read_text() + "\nAn added paragraph, which is new here.\n")
    (root / "b" / "001_8d5cd8e739546e10_000.txt").unlink()
    shutil.copy(SEEDS / "002_cbd8029a80ab4a9f.txt", root / "b" / "new.txt")
    (root / "a" / "003_9d950e5d5b89fb94_003.txt").write_bytes(b"\x00binary now")


def ranked(st: Any) -> list[list[tuple[str, float]]]:
    """The top passages (id, score) for a few queries: what the search postings answer."""
    queries = [["sanctions"], ["trade", "tariffs"], ["minister", "said", "copy"], ["china"]]
    return [[(p.id, round(score, 9)) for p, score in st.rank(q, 10)] for q in queries]


def test_a_parallel_ingest_stores_what_a_serial_one_does(
    tmp_path: Path, open_state: Any, pooled: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Postings for any corpus: the parallel ones are built from the terms workers counted.
    monkeypatch.setattr(index, "MIN_PASSAGES", 1)
    serial_root = make_corpus(tmp_path / "serial", 12)
    parallel_root = tmp_path / "parallel"
    shutil.copytree(serial_root, parallel_root)
    serial, parallel = open_state(serial_root), open_state(parallel_root)
    # Skipped: the binary and the empty file, then also a file that became binary (removed).
    for step, skipped, removed in (("first ingest", 2, 0), ("re-ingest after edits", 3, 2)):
        a = sync.sync_corpus(serial, 120, workers=1)
        assert pooled == [], step
        b = sync.sync_corpus(parallel, 120, workers=2)
        assert pooled == [1], step
        pooled.clear()
        # The same report, but for the folder named in the skipped files' lines.
        a_json = a.model_dump_json(exclude={"root"}).replace(str(serial_root), "ROOT")
        assert a_json == b.model_dump_json(exclude={"root"}).replace(str(parallel_root), "ROOT")
        assert (len(a.skipped), len(a.removed)) == (skipped, removed), step
        assert a.added and a.passages, step
        assert rows(serial) == rows(parallel), step
        assert ranked(serial) == ranked(parallel), step
        assert all(ranked(parallel)), step
        if not removed:
            edit(serial_root)
            edit(parallel_root)


def test_progress_counts_every_file_once_in_order(tmp_path: Path, pooled: list[int]) -> None:
    from briefing import store

    root = make_corpus(tmp_path / "corpus", 6)
    st = store.Store.open(tmp_path / "db.sqlite", root)
    calls: list[tuple[int, int]] = []
    sync.sync_corpus(st, 120, progress=lambda done, total: calls.append((done, total)), workers=2)
    assert pooled == [1]
    total = 6 * 5 + 2
    assert calls == [(i, total) for i in range(1, total + 1)]


def test_a_few_files_are_parsed_without_starting_processes(
    seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing import store

    started: list[int] = []
    monkeypatch.setattr(parse, "_pooled", lambda *a, **k: started.append(1))
    st = store.Store.open(seeds_copy.parent / "db.sqlite", seeds_copy)
    report = sync.sync_corpus(st, 120, workers=8)
    assert len(report.added) == 5 and report.passages
    assert started == [] and multiprocessing.active_children() == []


def test_a_dead_worker_is_a_one_line_error_with_the_fix() -> None:
    future: Future[list[parse.Parsed]] = Future()
    future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
    with pytest.raises(CorpusError) as err:
        list(parse._results(parse._Chunk([("a.txt", True)], future)))
    message = str(err.value)
    assert "\n" not in message
    assert "worker process died" in message and "BRIEFING_INGEST_WORKERS=1" in message


def counted(pt: PassageTerms) -> list[tuple[dict[str, int], int]]:
    """Per passage, term -> frequency and its length, however the arrays number the terms."""
    ids = array("I", pt.terms)
    tfs = array("I", pt.tfs)
    out, at = [], 0
    for n, length in zip(pt.pairs, pt.lengths, strict=True):
        out.append(({pt.vocab[ids[k]]: tfs[k] for k in range(at, at + n)}, length))
        at += n
    return out


def test_parse_in_order_keeps_the_order_and_the_items_without_a_job(pooled: list[int]) -> None:
    texts = [(SEEDS / name).read_text() for name in sorted(p.name for p in SEEDS.glob("*.txt"))]
    items: list[tuple[int, parse.Job | None]] = []
    for i in range(40):
        text = texts[i % len(texts)] + f"\nNumber {i}.\n"
        job = parse.Job(f"{i:02d}.txt", "", text, f"sha{i}", len(text)) if i % 3 else None
        items.append((i, job))
    out = list(parse.parse_in_order(items, 120, 10**6, workers=2))
    assert pooled == [1]
    assert [key for key, _ in out] == list(range(40))
    for (key, job), (_, parsed) in zip(items, out, strict=True):
        if job is None:
            assert parsed is None
        else:
            assert not isinstance(parsed, str) and parsed is not None
            # Workers also count the passages' terms for the search postings.
            alone = parse.parse(job, 120, 10**6)
            assert parsed == alone._replace(terms=parsed.terms), key
            expected = terms.passage_terms([p.text for p in alone.passages])
            assert parsed.terms is not None and counted(parsed.terms) == counted(expected), key


def test_a_small_ingest_does_not_import_the_process_machinery(tmp_path: Path) -> None:
    # What the seeds' `briefing generate` pays: multiprocessing's modules only with a pool.
    code = (
        "import sys\nfrom pathlib import Path\nfrom briefing import store\n"
        "from briefing.corpus import sync\n"
        f"st = store.Store.open(Path({str(tmp_path / 'db')!r}), Path({str(SEEDS)!r}))\n"
        "assert sync.sync_corpus(st, 120, workers=2).added\n"
        "print(sorted(m for m in sys.modules if m.startswith('multiprocessing')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_progress_of_an_unchanged_re_ingest_moves_as_files_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing import store
    from briefing.corpus import ingest

    root = make_corpus(tmp_path / "corpus", 4)
    st = store.Store.open(tmp_path / "db.sqlite", root)
    sync.sync_corpus(st, 120, workers=2)
    events: list[str] = []
    real_read = ingest.read_text

    def read(*args: Any, **kwargs: Any) -> Any:
        events.append("read")
        return real_read(*args, **kwargs)

    monkeypatch.setattr(ingest, "read_text", read)
    report = sync.sync_corpus(st, 120, progress=lambda *_: events.append("progress"), workers=2)
    assert len(report.unchanged) == 20
    # Each file's progress comes right after it is read, not all of them at the end.
    assert events[:4] == ["read", "progress", "read", "progress"]
