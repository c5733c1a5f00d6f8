"""Benchmark ingest, re-ingest, index size and retrieval at several corpus sizes.

    python bench/bench_ingest_search.py --sizes 1000 10000 100000 --seed 1 --work /tmp/briefing-bench

For each N the synthetic corpus of bench/corpus.py is generated under --work (reused when it
is already there), then every measurement runs in a fresh Python subprocess so that its peak
memory (getrusage ru_maxrss) is its own:

* ingest: `sync.sync_corpus` into an empty database (documents/s, MB/s, peak RSS);
* re-ingest: the same call again on the unchanged corpus (files read and hashed, nothing
  re-chunked);
* index size: the database file and its WAL while the ingesting connection is still open,
  and the database file alone after the last connection closed (SQLite checkpoints the WAL
  into it and deletes it);
* retrieval: 200 queries of 2-4 content words (bench/corpus.py make_queries, the same at
  every N) through `retrieve.search(k=10)` (BM25 from the postings of briefing/index.py +
  per-document diversity re-rank), through the ranking alone (`Store.rank(limit=10)`)
  and through the raw FTS5 order (`Store.match(limit=10)`), and, over the SAME passages
  read back with `Store.iter_passages`, through bm25s and rank_bm25: index build time, query
  latency, and how many of their top 10 are in briefing's top 10.

Tokenization for the two libraries: lower-case, `\\w+`, then the Porter (1980) stemmer of
briefing.textnorm, the algorithm FTS5's `porter` tokenizer implements. rank_bm25 has no
stemmer and bm25s has one only through PyStemmer (not installed), so both get these
pre-stemmed tokens. Nothing is removed from the indexed text (FTS5 indexes every token); the
query side uses `retrieve.query_terms` (briefing's stop-words out) then the same stemmer.
BM25 parameters are FTS5's: k1=1.2, b=0.75; bm25s uses method="robertson", whose idf
log((N-n+0.5)/(n+0.5)) is FTS5's; rank_bm25 uses BM25Okapi (same idf, epsilon floor).

rank_bm25 scores every passage in Python for each query term; above --full-rank-bm25 passages it
runs only the first --rank-bm25-sample queries (reported).

Results: Markdown tables on stdout and everything as JSON in WORK/results-ingest-search.json.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import re
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import corpus as gen
import sysload

_WORD = re.compile(r"\w+")


# --- helpers ---------------------------------------------------------------------------------


def maxrss_mb() -> float:
    """Peak resident set size of this process in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def ms(stats: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(pct(stats, 50) * 1000, 3),
        "p95_ms": round(pct(stats, 95) * 1000, 3),
        "mean_ms": round(statistics.fmean(stats) * 1000, 3),
        "n": len(stats),
    }


def file_size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


def setup_briefing(home: Path) -> None:
    from briefing.text import passages

    passages.set_tiktoken_cache(home)


# --- workers (each runs in its own process) --------------------------------------------------


def worker_ingest(corpus_dir: Path, db: Path, home: Path) -> dict[str, Any]:
    """One sync_corpus call; report time, counts, sizes, peak RSS."""
    setup_briefing(home)
    from briefing import store
    from briefing.corpus import sync
    from briefing.store import index

    # Time the postings update inside sync_corpus (the rest is reading, chunking and FTS5).
    postings_s = [0.0]
    refresh = index.refresh

    def timed_refresh(*a: Any, **k: Any) -> bool:
        t = time.perf_counter()
        try:
            return refresh(*a, **k)
        finally:
            postings_s[0] += time.perf_counter() - t

    index.refresh = timed_refresh  # type: ignore[assignment]
    load0 = loadavg()
    t0 = time.perf_counter()
    st = store.Store.open(db, corpus_dir)
    conn = st.conn
    report = sync.sync_corpus(st, 120)
    seconds = time.perf_counter() - t0
    postings_bytes = sum(
        r[0] for r in conn.execute("SELECT pgsize FROM dbstat WHERE name = 'bm25_postings'")
    )
    wal = Path(str(db) + "-wal")
    open_sizes = {"db_bytes": file_size(db), "wal_bytes": file_size(wal)}
    conn.close()
    n_bytes = sum(r["size"] for r in store.connect(db).execute("SELECT size FROM documents"))
    return {
        "seconds": round(seconds, 3),
        "postings_s": round(postings_s[0], 3),
        "postings_bytes": postings_bytes,
        "added": len(report.added),
        "unchanged": len(report.unchanged),
        "skipped": len(report.skipped),
        "sentences": report.sentences,
        "passages": report.passages,
        "corpus_bytes": n_bytes,
        "open": open_sizes,
        "closed_db_bytes": file_size(db),
        "maxrss_mb": round(maxrss_mb(), 1),
        "loadavg": [load0, loadavg()],
    }


def tokenize(text: str, cache: dict[str, str]) -> list[str]:
    """Lower-case \\w+ tokens, Porter-stemmed (briefing.textnorm.stem, memoised)."""
    from briefing.text.textnorm import stem

    out = []
    for w in _WORD.findall(text.lower()):
        s = cache.get(w)
        if s is None:
            s = cache[w] = stem(w)
        out.append(s)
    return out


def overlap(a: list[str], b: list[str]) -> float | None:
    """|a ∩ b| / |b| (b is the reference top 10); None when b is empty."""
    return len(set(a) & set(b)) / len(b) if b else None


def worker_search(
    corpus_dir: Path, db: Path, home: Path, n_queries: int, seed: int, rb_sample: int, rb_full: int
) -> dict[str, Any]:
    """briefing search vs bm25s vs rank_bm25 over the same passages."""
    setup_briefing(home)
    import numpy as np

    from briefing import store
    from briefing.retrieval import retrieve
    from briefing.store import index

    load0 = loadavg()
    queries = gen.make_queries(n_queries, seed)
    st = store.Store.open(db, corpus_dir)
    conn = st.conn
    out: dict[str, Any] = {}

    # First query in a fresh process: the cost a one-shot `briefing search` pays.
    t = time.perf_counter()
    retrieve.search(st, queries[0], k=10)
    out["briefing_first_query_ms"] = round((time.perf_counter() - t) * 1000, 2)

    # briefing: search(k=10), and the raw FTS5 BM25 order.
    for q in queries[:10]:  # warm-up (page cache, statement cache), not timed
        retrieve.search(st, q, k=10)
    assert not index.stale(conn, st.key), "postings missing: re-ingest"
    # Two passes over the queries. The first reads passage rows and postings from disk as
    # the OS left them (this VM's DAMON reclaim keeps little in the page cache); the second
    # is the steady state. bm25s gets two passes too; its index is in RAM either way.
    for pass_no in (1, 2):
        b_times, raw_times, post_times, b_top, raw_top, post_top = [], [], [], [], [], []
        for q in queries:
            t = time.perf_counter()
            hits = retrieve.search(st, q, k=10)
            b_times.append(time.perf_counter() - t)
            b_top.append([h.id for h in hits])
            t = time.perf_counter()
            raw = st.match(retrieve.fts_query(q), limit=10)
            raw_times.append(time.perf_counter() - t)
            raw_top.append([p.id for p, _ in raw])
            t = time.perf_counter()
            ranked = st.rank(retrieve.query_terms(q), limit=10)
            post_times.append(time.perf_counter() - t)
            post_top.append([p.id for p, _ in ranked])
        if pass_no == 1:
            out["briefing_search_first_pass"] = ms(b_times)
    out["briefing_search"] = ms(b_times)
    out["briefing_raw_fts"] = ms(raw_times)
    out["briefing_postings"] = ms(post_times)
    out["postings_overlap_vs_raw_fts"] = mean_overlap(post_top, raw_top)
    out["queries_with_hits"] = sum(1 for x in b_top if x)

    # The same passages, read back from the store.
    t = time.perf_counter()
    passages = list(st.iter_passages())
    ids = [p.id for p in passages]
    texts = [p.text for p in passages]
    del passages
    out["passages"] = len(ids)
    out["iter_passages_s"] = round(time.perf_counter() - t, 3)
    cache: dict[str, str] = {}
    t = time.perf_counter()
    tokens = [tokenize(x, cache) for x in texts]
    del texts
    out["tokenize_s"] = round(time.perf_counter() - t, 3)
    q_tokens = [[tokenize(w, cache)[0] for w in retrieve.query_terms(q)] for q in queries]
    rss_before_libs = maxrss_mb()

    # bm25s
    import bm25s

    t = time.perf_counter()
    bm = bm25s.BM25(k1=1.2, b=0.75, method="robertson")
    bm.index(tokens, show_progress=False)
    out["bm25s_build_s"] = round(time.perf_counter() - t, 3)
    vocab = bm.vocab_dict
    r_times, s_times, s_top, r_top = [], [], [], []
    for qt in q_tokens[:10]:
        bm.retrieve([qt or [""]], k=10, show_progress=False, n_threads=1)
    for pass_no in (1, 2):
        r_times, r_top = [], []
        for q in queries:
            t = time.perf_counter()
            toks = [tokenize(w, cache)[0] for w in retrieve.query_terms(q)]
            known = [w for w in toks if w in vocab]
            if known:
                docs, scores = bm.retrieve([known], k=10, show_progress=False, n_threads=1)
                found = [ids[i] for i, s in zip(docs[0], scores[0], strict=True) if s > 0]
            else:
                found = []
            r_times.append(time.perf_counter() - t)
            r_top.append(found)
        if pass_no == 1:
            out["bm25s_retrieve_first_pass"] = ms(r_times)
    for q in queries:
        t = time.perf_counter()
        toks = [tokenize(w, cache)[0] for w in retrieve.query_terms(q)]
        known = [w for w in toks if w in vocab]
        if known:
            sc = bm.get_scores(known)
            top = np.argpartition(-sc, 10)[:10]
            top = top[np.argsort(-sc[top])]
            found = [ids[i] for i in top if sc[i] > 0]
        else:
            found = []
        s_times.append(time.perf_counter() - t)
        s_top.append(found)
    out["bm25s_retrieve"] = ms(r_times)
    out["bm25s_get_scores"] = ms(s_times)
    out["bm25s_overlap_vs_search"] = mean_overlap(r_top, b_top)
    out["bm25s_overlap_vs_raw_fts"] = mean_overlap(r_top, raw_top)
    out["bm25s_get_scores_overlap_vs_raw_fts"] = mean_overlap(s_top, raw_top)
    del bm
    gc.collect()

    # rank_bm25
    from rank_bm25 import BM25Okapi

    t = time.perf_counter()
    okapi = BM25Okapi(tokens, k1=1.2, b=0.75)
    out["rank_bm25_build_s"] = round(time.perf_counter() - t, 3)
    del tokens
    n_rb = n_queries if len(ids) <= rb_full else min(rb_sample, n_queries)
    rb_times, rb_top = [], []
    for q in queries[:n_rb]:
        t = time.perf_counter()
        toks = [tokenize(w, cache)[0] for w in retrieve.query_terms(q)]
        sc = okapi.get_scores(toks)
        top = np.argpartition(-sc, 10)[:10]
        top = top[np.argsort(-sc[top])]
        rb_times.append(time.perf_counter() - t)
        rb_top.append([ids[i] for i in top if sc[i] > 0])
    out["rank_bm25"] = ms(rb_times)
    out["rank_bm25_queries"] = n_rb
    out["rank_bm25_overlap_vs_search"] = mean_overlap(rb_top, b_top[:n_rb])
    out["rank_bm25_overlap_vs_raw_fts"] = mean_overlap(rb_top, raw_top[:n_rb])
    # briefing on the same sample, for a like-for-like speed-up
    out["briefing_search_on_rank_bm25_sample"] = ms(b_times[:n_rb])
    out["rss_mb_before_libs"] = round(rss_before_libs, 1)
    out["maxrss_mb"] = round(maxrss_mb(), 1)
    out["loadavg"] = [load0, loadavg()]
    return out


def mean_overlap(tops: list[list[str]], refs: list[list[str]]) -> float | None:
    vals = [o for a, b in zip(tops, refs, strict=False) if (o := overlap(a, b)) is not None]
    return round(statistics.fmean(vals), 3) if vals else None


# --- orchestration ---------------------------------------------------------------------------


def run_worker(args: list[str]) -> dict[str, Any]:
    """Run this script as a worker in a fresh interpreter on a quiet machine; return its JSON.

    The worker's result carries "cpu": the CPU-seconds other processes used meanwhile.
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    quiet = sysload.wait_quiet(label=args[0], max_wait=300)
    with sysload.CpuWatch() as cpu:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"worker failed: {shlex.join(cmd)}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    return {**res, "quiet": quiet, "cpu": cpu.summary()}


def ensure_corpus(work: Path, n: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The corpus of n documents (generated now unless already there)."""
    out = work / f"corpus-{n}-seed{seed}"
    meta_path = out / "corpus.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("n") == n and meta.get("seed") == seed:
            return out, {**meta, "generated_s": None}
    t = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "corpus.py"),
            str(out),
            "--n",
            str(n),
            "--seed",
            str(seed),
        ],
        check=True,
    )
    meta = json.loads(meta_path.read_text())
    return out, {**meta, "generated_s": round(time.perf_counter() - t, 1)}


def bench_size(work: Path, n: int, seed: int, args: argparse.Namespace) -> dict[str, Any]:
    corpus_dir, meta = ensure_corpus(work, n, seed)
    db_dir = work / f"db-{n}"
    db_dir.mkdir(parents=True, exist_ok=True)
    db = db_dir / "briefing.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    home = work / "home"
    common = [str(corpus_dir), str(db), str(home)]
    print(f"[N={n:,}] ingest ...", file=sys.stderr, flush=True)
    ingest = run_worker(["_ingest", *common])
    print(f"[N={n:,}] re-ingest ...", file=sys.stderr, flush=True)
    reingest = run_worker(["_ingest", *common])
    result: dict[str, Any] = {"n": n, "corpus": meta, "ingest": ingest, "reingest": reingest}
    if not args.no_search:
        print(f"[N={n:,}] search ...", file=sys.stderr, flush=True)
        result["search"] = run_worker(
            [
                "_search",
                *common,
                "--queries",
                str(args.queries),
                "--seed",
                str(seed),
                "--rank-bm25-sample",
                str(args.rank_bm25_sample),
                "--full-rank-bm25",
                str(args.full_rank_bm25),
            ]
        )
    return result


def fmt_mb(b: float) -> str:
    return f"{b / 1e6:,.1f}"


def report(results: list[dict[str, Any]], command: str) -> str:
    lines = [f"command: `{command}`", ""]
    lines += [
        "### Ingest (fresh process, empty database)",
        "",
        "| documents | MB | passages | ingest s | docs/s | MB/s | peak RSS MB "
        "| of which postings s | re-ingest s (unchanged) | re-ingest peak RSS MB "
        "| db+wal while open MB | db after close MB | of which postings MB "
        "| others' CPU-s during ingest |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        i, ri = r["ingest"], r["reingest"]
        mb = i["corpus_bytes"] / 1e6
        lines.append(
            f"| {r['n']:,} | {mb:,.1f} | {i['passages']:,} | {i['seconds']:.1f} | "
            f"{r['n'] / i['seconds']:,.0f} | {mb / i['seconds']:.2f} | {i['maxrss_mb']:.0f} | "
            f"{i['postings_s']:.1f} | {ri['seconds']:.2f} | {ri['maxrss_mb']:.0f} | "
            f"{fmt_mb(i['open']['db_bytes'] + i['open']['wal_bytes'])} | "
            f"{fmt_mb(i['closed_db_bytes'])} | {fmt_mb(i['postings_bytes'])} | "
            f"{i['cpu']['others_cpu_s']:.1f} |"
        )
    searched = [r for r in results if "search" in r]
    if searched:
        lines += [
            "",
            "### Retrieval (200 queries, k=10; one fresh process per N)",
            "",
            "| documents | passages | engine | index build s | p50 ms | p95 ms | mean ms "
            "| queries | top-10 overlap vs briefing search | vs raw FTS5 BM25 "
            "| first pass p50 ms | first pass p95 ms |",
            "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in searched:
            s = r["search"]
            n, p = f"{r['n']:,}", f"{s['passages']:,}"
            rows = [
                ("briefing `retrieve.search`", "(ingest)", s["briefing_search"], "—", "—"),
                ("briefing ranking alone (`rank_passages`, limit 10)", "(ingest)",
                 s["briefing_postings"], "—", s["postings_overlap_vs_raw_fts"]),
                ("briefing raw FTS5 (`match_passages`, limit 10)", "(ingest)", s["briefing_raw_fts"], "—", "—"),
                ("bm25s `retrieve([q], k=10)`", s["bm25s_build_s"], s["bm25s_retrieve"],
                 s["bm25s_overlap_vs_search"], s["bm25s_overlap_vs_raw_fts"]),
                ("bm25s `get_scores` + argpartition", "(same)", s["bm25s_get_scores"],
                 "—", s["bm25s_get_scores_overlap_vs_raw_fts"]),
                ("rank_bm25 `BM25Okapi.get_scores` + argpartition", s["rank_bm25_build_s"], s["rank_bm25"],
                 s["rank_bm25_overlap_vs_search"], s["rank_bm25_overlap_vs_raw_fts"]),
            ]  # fmt: skip
            first = {
                "briefing `retrieve.search`": s.get("briefing_search_first_pass"),
                "bm25s `retrieve([q], k=10)`": s.get("bm25s_retrieve_first_pass"),
            }
            for name, build, st, o1, o2 in rows:
                f1 = first.get(name)
                cold = f"{f1['p50_ms']:.2f} | {f1['p95_ms']:.2f}" if f1 else "— | —"
                lines.append(
                    f"| {n} | {p} | {name} | {build} | {st['p50_ms']:.2f} | {st['p95_ms']:.2f} | "
                    f"{st['mean_ms']:.2f} | {st['n']} | {o1} | {o2} | {cold} |"
                )
        lines += [
            "",
            "| documents | passages | briefing first query in a fresh process ms | "
            "briefing p50 on rank_bm25's queries ms | rank_bm25 p50 ms | speed-up vs rank_bm25 (p50) | "
            "speed-up vs bm25s retrieve (p50) | same, first passes | vs bm25s get_scores (p50) "
            "| search peak RSS MB (incl. both libraries) | others' CPU-s during the search run |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for r in searched:
            s = r["search"]
            b = s["briefing_search"]["p50_ms"]
            bs = s["briefing_search_on_rank_bm25_sample"]["p50_ms"]
            lines.append(
                f"| {r['n']:,} | {s['passages']:,} | {s['briefing_first_query_ms']:.1f} | {bs:.2f} | "
                f"{s['rank_bm25']['p50_ms']:.1f} | {s['rank_bm25']['p50_ms'] / bs:.1f}x | "
                f"{s['bm25s_retrieve']['p50_ms'] / b:.2f}x | "
                f"{s['bm25s_retrieve_first_pass']['p50_ms'] / s['briefing_search_first_pass']['p50_ms']:.2f}x | "
                f"{s['bm25s_get_scores']['p50_ms'] / b:.3f}x | "
                f"{s['maxrss_mb']:.0f} | {s['cpu']['others_cpu_s']:.1f} of {s['cpu']['wall_s']:.0f} s |"
            )
    if len(results) > 1:
        lines += ["", "### Growth per 10x documents", "",
                  "| from → to | ingest time | re-ingest time | db size | search p50 | search p95 "
                  "| raw FTS5 p50 | bm25s retrieve p50 | rank_bm25 p50 |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
        for a, b in itertools.pairwise(results):

            def ratio(f: Any, a: dict[str, Any] = a, b: dict[str, Any] = b) -> str:
                try:
                    return f"{f(b) / f(a):.1f}x"
                except (KeyError, ZeroDivisionError, TypeError):
                    return "—"

            lines.append(
                f"| {a['n']:,} → {b['n']:,} | {ratio(lambda r: r['ingest']['seconds'])} | "
                f"{ratio(lambda r: r['reingest']['seconds'])} | "
                f"{ratio(lambda r: r['ingest']['closed_db_bytes'])} | "
                f"{ratio(lambda r: r['search']['briefing_search']['p50_ms'])} | "
                f"{ratio(lambda r: r['search']['briefing_search']['p95_ms'])} | "
                f"{ratio(lambda r: r['search']['briefing_raw_fts']['p50_ms'])} | "
                f"{ratio(lambda r: r['search']['bm25s_retrieve']['p50_ms'])} | "
                f"{ratio(lambda r: r['search']['rank_bm25']['p50_ms'])} |"
            )
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("_ingest", "_search"):
        worker_main()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-bench"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rank-bm25-sample", type=int, default=20)
    parser.add_argument("--full-rank-bm25", type=int, default=50_000,
                        help="run every query through rank_bm25 up to this many passages")  # fmt: skip
    parser.add_argument("--no-search", action="store_true")
    args = parser.parse_args()
    if REPO in args.work.resolve().parents or args.work.resolve() == REPO:
        raise SystemExit("--work must be outside the repository (e.g. under /tmp)")
    args.work.mkdir(parents=True, exist_ok=True)
    command = "python " + shlex.join(sys.argv)
    t0 = time.perf_counter()
    results = []
    for n in args.sizes:
        results.append(bench_size(args.work, n, args.seed, args))
        (args.work / "results-ingest-search.json").write_text(
            json.dumps({"command": command, "results": results}, indent=2) + "\n"
        )
    print(report(results, command))
    print(f"\n(total bench time {time.perf_counter() - t0:.0f} s; machine: {os.cpu_count()} cores)")


def worker_main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("kind")
    p.add_argument("corpus", type=Path)
    p.add_argument("db", type=Path)
    p.add_argument("home", type=Path)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--rank-bm25-sample", type=int, default=20)
    p.add_argument("--full-rank-bm25", type=int, default=50_000)
    a = p.parse_args()
    if a.kind == "_ingest":
        res = worker_ingest(a.corpus, a.db, a.home)
    else:
        res = worker_search(
            a.corpus, a.db, a.home, a.queries, a.seed, a.rank_bm25_sample, a.full_rank_bm25
        )
    print(json.dumps(res))


if __name__ == "__main__":
    main()
