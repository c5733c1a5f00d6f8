"""Before/after numbers for the performance changes made to briefing's core, and one not made.

    python bench/bench_changes.py --work /tmp/briefing-bench

Needs the corpora and databases of bench_ingest_search.py under --work. Each "before" is the
old code, kept here verbatim, run side by side with the current code on the same data:

1. passages: the word before a sentence-ending period was found by a regex search from the
   start of the document (quadratic in its length); now from a 64-character window.
2. store.match_passages: FTS5 BM25 joined to `passages` (to test the corpus root) before
   ORDER BY rank LIMIT; now ranked inside FTS5 alone, then the top rows fetched by rowid.
3. ingest.find_files / store.sync_corpus: pathlib objects, a realpath() per file and
   relative_to() twice per file; now plain strings, realpath only for symlinks.
4. Not adopted: exact MaxScore-style pruning of the FTS5 query (prototype, see below).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shlex
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import corpus as gen
import sysload

from briefing import store
from briefing.core.models import Document
from briefing.corpus import (
    ingest,
    listing,
    sync,
)
from briefing.retrieval import retrieve
from briefing.text import passages


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def row(name: str, ts: list[float]) -> str:
    return (
        f"| {name} | {pct(ts, 50) * 1000:.2f} | {pct(ts, 95) * 1000:.2f} | "
        f"{statistics.fmean(ts) * 1000:.2f} |"
    )


# --- 1. sentence splitting ---------------------------------------------------------------------

_OLD_WORD_BEFORE = re.compile(r"([\w.]+)$")


def old_word_before(text: str, end: int) -> str:
    m = _OLD_WORD_BEFORE.search(text, 0, end)
    return m.group(1) if m else ""


def bench_chunking(corpus_dir: Path) -> list[str]:
    docs = []
    for path in listing.find_files(corpus_dir):
        text, sha, size = ingest.read_text(path)
        body = ingest.detect_body(text)
        meta = ingest.extract_metadata(text, body)
        docs.append((Document(doc=path.name, sha256=sha, size=size, body=body, **meta), text))
    new = passages._word_before
    out = [
        f"chunk_document over the {len(docs):,} documents of {corpus_dir.name} (best of 3):",
        "",
        "| code | seconds |",
        "|---|---:|",
    ]
    results: dict[str, Any] = {}
    for name, fn in [("before: regex search from the start of the text", old_word_before),
                     ("after: 64-character window", new)]:  # fmt: skip
        passages._word_before = fn
        best = math.inf
        for _ in range(3):
            t = time.perf_counter()
            results[name] = [passages.chunk_document(d, text, 120) for d, text in docs]
            best = min(best, time.perf_counter() - t)
        out.append(f"| {name} | {best:.2f} |")
    passages._word_before = new
    same = all(a == b for a, b in zip(*results.values(), strict=True))
    out += ["", f"identical sentences and passages: {same}"]
    return out


# --- 2. the FTS5 query -------------------------------------------------------------------------

OLD_MATCH = (
    "SELECT p.*, bm25(passages_fts) AS rank FROM passages_fts"
    " JOIN passages p ON p.rowid = passages_fts.rowid"
    " WHERE passages_fts MATCH ? AND p.root = ? ORDER BY rank LIMIT ?"
)
BARE = (
    "SELECT rowid, bm25(passages_fts) AS score FROM passages_fts"
    " WHERE passages_fts MATCH ? ORDER BY score LIMIT ?"
)
ITERATE = "SELECT count(rowid) FROM passages_fts WHERE passages_fts MATCH ?"


def bench_query(db: Path, root: Path, limit: int = 100) -> list[str]:
    st = store.Store.open(db, root)
    conn, key = st.conn, st.key
    exprs = [retrieve.fts_query(q) for q in gen.make_queries(200, 1)]
    times: dict[str, list[float]] = {"before": [], "after": [], "bare": [], "iterate": []}
    diffs = 0
    for expr in exprs:  # interleaved, so that any background load hits all alike
        t = time.perf_counter()
        old = conn.execute(OLD_MATCH, (expr, key, limit)).fetchall()
        times["before"].append(time.perf_counter() - t)
        t = time.perf_counter()
        new = st.match(expr, limit)
        times["after"].append(time.perf_counter() - t)
        t = time.perf_counter()
        conn.execute(BARE, (expr, limit)).fetchall()
        times["bare"].append(time.perf_counter() - t)
        t = time.perf_counter()
        conn.execute(ITERATE, (expr,)).fetchall()
        times["iterate"].append(time.perf_counter() - t)
        if sorted(round(-r["rank"], 9) for r in old) != sorted(round(s, 9) for _, s in new):
            diffs += 1
    n = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    return [
        f"{n:,} passages, 200 queries, limit {limit} (what `retrieve.search(k=10)` asks for):",
        "",
        "| query | p50 ms | p95 ms | mean ms |",
        "|---|---:|---:|---:|",
        row("before: FTS5 JOIN passages, root filter, ORDER BY rank LIMIT", times["before"]),
        row("after: `store.match_passages` (rank in FTS5, then fetch by rowid)", times["after"]),
        row("floor: the bare FTS5 `bm25()` ORDER BY LIMIT, no row fetched", times["bare"]),
        row("only iterating the matching rowids (no bm25)", times["iterate"]),
        "",
        f"queries whose scores differ between before and after: {diffs}",
    ]


# --- 3. listing the corpus ---------------------------------------------------------------------


def old_find_files(root: Path) -> list[Path]:
    real_root = os.path.realpath(root)
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        base = Path(dirpath)
        for name in filenames:
            if name.startswith(".") or Path(name).suffix.lower() not in ingest.SUFFIXES:
                continue
            path = base / name
            if not path.is_file() or not listing._inside(os.path.realpath(path), real_root):
                continue
            found.append((path.relative_to(root).as_posix(), path))
    found.sort(key=lambda item: item[0])
    return [path for _, path in found]


def old_unchanged_pass(st: Any, root: Path) -> int:
    """The old sync_corpus loop for an unchanged corpus: list, relative_to, read, hash, compare."""
    known = st.document_hashes()
    same = 0
    for path in old_find_files(root):
        rel = path.relative_to(root).as_posix()
        _text, sha, _size = ingest.read_text(path)
        same += known.get(rel) == sha
    return same


def bench_listing(db: Path, root: Path) -> list[str]:
    st = store.Store.open(db, root)
    res: dict[str, float] = {}
    for label, fn in [
        ("find_files before", lambda: old_find_files(root)),
        ("find_files after", lambda: listing.find_files(root)),
        ("unchanged re-ingest before", lambda: old_unchanged_pass(st, root)),
        (
            "unchanged re-ingest after (`sync.sync_corpus`)",
            lambda: sync.sync_corpus(st, 120),
        ),
    ]:
        best = math.inf
        for _ in range(2):
            t = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t)
        res[label] = best
    same = [str(p) for p in old_find_files(root)] == [str(p) for p in listing.find_files(root)]
    return [
        f"{root.name} (best of 2, files in the page cache):",
        "",
        "| step | seconds |",
        "|---|---:|",
        *[f"| {k} | {v:.2f} |" for k, v in res.items()],
        "",
        f"same file list: {same}",
    ]


# --- 4. MaxScore pruning (prototype, not adopted) ----------------------------------------------

K1 = 1.2
PRUNED = (
    "SELECT rowid, bm25(passages_fts) AS score FROM passages_fts WHERE passages_fts MATCH ?"
    " AND +rowid IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?)"
    " ORDER BY score LIMIT ?"
)


def maxscore(conn: Any, terms: list[str], limit: int) -> list[Any]:
    """Exact top `limit` by FTS5 bm25, scoring only rows that contain a rarer term when a
    lower bound on the limit-th score exceeds what the common terms alone can add
    (idf x (k1 + 1) each, with N bounded by max(rowid))."""
    expr = " OR ".join(terms)
    if len(terms) < 2:
        return conn.execute(BARE, (expr, limit)).fetchall()
    n_max = conn.execute("SELECT max(rowid) FROM passages").fetchone()[0] or 0
    hits = {t: conn.execute(ITERATE, (t,)).fetchone()[0] for t in terms}
    order = sorted(terms, key=lambda t: hits[t])

    def bound(t: str) -> float:
        idf = math.log((n_max - hits[t] + 0.5) / (hits[t] + 0.5))
        return (idf if idf > 0 else 1e-6) * (K1 + 1)

    seed, covered = [], 0
    for t in order[:-1]:
        seed.append(t)
        covered += hits[t]
        if covered >= limit:
            break
    rows = conn.execute(PRUNED, (expr, " OR ".join(seed), limit)).fetchall()
    if len(rows) < limit:
        return conn.execute(BARE, (expr, limit)).fetchall()
    theta = -rows[-1][1]
    common, total = [], 0.0
    for t in reversed(order):
        if t in seed or total + bound(t) > theta:
            break
        common.append(t)
        total += bound(t)
    rest = [t for t in order if t not in common]
    if not common:
        return conn.execute(BARE, (expr, limit)).fetchall()
    if set(rest) == set(seed):
        return rows
    return conn.execute(PRUNED, (expr, " OR ".join(rest), limit)).fetchall()


def bench_maxscore(db: Path, limit: int) -> list[str]:
    conn = store.connect(db)
    full_t, pruned_t, diffs = [], [], 0
    for q in gen.make_queries(200, 1):
        terms = [f'"{t}"' for t in retrieve.query_terms(q)]
        t = time.perf_counter()
        a = conn.execute(BARE, (" OR ".join(terms), limit)).fetchall()
        full_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        b = maxscore(conn, terms, limit)
        pruned_t.append(time.perf_counter() - t)
        diffs += [round(s, 9) for _, s in a] != [round(s, 9) for _, s in b]
    n = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    return [
        f"{n:,} passages, limit {limit}:",
        "",
        "| query | p50 ms | p95 ms | mean ms |",
        "|---|---:|---:|---:|",
        row("FTS5 bm25 ORDER BY LIMIT (as now)", full_t),
        row("MaxScore prototype", pruned_t),
        "",
        f"queries whose top-{limit} scores differ: {diffs}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-bench"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    passages.set_tiktoken_cache(args.work / "home")
    print(f"command: `python {shlex.join(sys.argv)}`")

    def corpus_of(n: int) -> tuple[Path, Path]:
        return args.work / f"corpus-{n}-seed{args.seed}", args.work / f"db-{n}" / "briefing.db"

    sections = [
        ("1. Sentence splitting", lambda: bench_chunking(corpus_of(1000)[0])),
        ("2. FTS5 query, 10k documents", lambda: bench_query(corpus_of(10000)[1], corpus_of(10000)[0])),
        ("2. FTS5 query, 100k documents", lambda: bench_query(corpus_of(100000)[1], corpus_of(100000)[0])),
        ("3. Listing the corpus, 10k documents", lambda: bench_listing(corpus_of(10000)[1], corpus_of(10000)[0])),
        ("3. Listing the corpus, 100k documents",
         lambda: bench_listing(corpus_of(100000)[1], corpus_of(100000)[0])),
        ("4. MaxScore prototype (not adopted), 10k documents", lambda: bench_maxscore(corpus_of(10000)[1], 100)),
        ("4. MaxScore prototype (not adopted), 100k documents", lambda: bench_maxscore(corpus_of(100000)[1], 100)),
    ]  # fmt: skip
    for title, fn in sections:
        quiet = sysload.wait_quiet(label=title, max_wait=300)
        with sysload.CpuWatch() as cpu:
            lines = fn()
        c = cpu.summary()
        print(f"\n### {title}\n")
        print("\n".join(lines))
        print(
            f"\n(waited {quiet['waited_s']:.0f} s for a quiet machine; other processes used "
            f"{c['others_cpu_s']:.1f} CPU-s during the {c['wall_s']:.0f} s measurement)"
        )


if __name__ == "__main__":
    main()
