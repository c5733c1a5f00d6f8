"""Search on the PostgreSQL archive beside SQLite and bm25s, on the same corpus (issue 30).

    python bench/bench_pg_search.py --sizes 10000 100000 --seed 1 --work /tmp/briefing-pgbench \\
        --pg-dir /tmp/briefing-pgbench/pg

For each N: the synthetic corpus of bench/corpus.py (as bench_ingest_search.py writes it), a
SQLite state ingested from it (`sync_corpus`, kept in WORK/db-N and reused), and the same
state moved to a PostgreSQL database `briefing_bench_N` with `briefing store copy` (timed,
reused on later runs). Then, in one fresh process, the 200 queries of
`corpus.make_queries(200, seed)`:

* `Store.rank(query_terms(q), limit=10)` on both backends: the BM25 top 10. The two lists are
  compared passage by passage (ids in order, and scores); every query whose lists differ is
  listed with why (a tie at the 10th score broken by another rowid, or a real difference);
* `retrieve.search(store, q, k=10)` on both (BM25 top 100, diversity re-rank, metadata):
  what `briefing search` does;
* bm25s `retrieve([q], k=10)` over the same passages (tokens as in bench_ingest_search.py).

Two passes over the queries after 10 warm-up queries; the tables give the second (steady
state) and the first pass's p50. `--database-url postgresql://admin@host/postgres` uses an
existing server instead of --pg-dir (a database per N is created there).

Results: Markdown on stdout, JSON in WORK/results-pg-search-SIZES.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import bench_ingest_search as bis
import corpus as gen
import pglocal
import sysload

from briefing.core import dburl

LIMIT = 10


# --- building the two states ---------------------------------------------------------------


def ensure_sqlite(work: Path, n: int, corpus_dir: Path) -> dict[str, Any]:
    """The SQLite state of corpus N (ingested now unless a finished one is there)."""
    db_dir = work / f"db-{n}"
    db_dir.mkdir(parents=True, exist_ok=True)
    db, done = db_dir / "briefing.db", db_dir / "ingested.json"
    if done.exists() and db.exists():
        return {**json.loads(done.read_text()), "reused": True}
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    print(f"[N={n:,}] SQLite ingest ...", file=sys.stderr, flush=True)
    res = bis.run_worker(["_ingest", str(corpus_dir), str(db), str(work / "home")])
    done.write_text(json.dumps(res))
    return {**res, "reused": False}


def ensure_postgres(work: Path, n: int, admin_url: str, corpus_dir: Path) -> dict[str, Any]:
    """The PostgreSQL copy of state N (`briefing store copy` now unless a finished one is there)."""
    name = f"briefing_bench_{n}"
    done = work / f"db-{n}" / "copied-to-postgres.json"
    if done.exists():
        meta = json.loads(done.read_text())
        if meta.get("server") == dburl.mask(admin_url):
            return {**meta, "url": pglocal.database_url(admin_url, name), "reused": True}
    url = pglocal.database_url(admin_url, name, fresh=True)
    db = work / f"db-{n}" / "briefing.db"
    cmd = [sys.executable, "-m", "briefing", "store", "copy", f"sqlite:///{db}", url, "--json",
           "--quiet"]  # fmt: skip
    env = {**os.environ, "BRIEFING_HOME": str(work / "home"), "PYTHONPATH": str(REPO)}
    env.pop("BRIEFING_DATABASE_URL", None)
    print(f"[N={n:,}] briefing store copy to {name} ...", file=sys.stderr, flush=True)
    with sysload.CpuWatch() as cpu:
        proc = subprocess.run(cmd, env=env, cwd=corpus_dir, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"store copy failed: {proc.stderr.strip()}")
    report = json.loads(proc.stdout)
    meta = {
        "server": dburl.mask(admin_url),
        "seconds": round(cpu.wall, 1),
        "cpu": cpu.summary(),  # "others" includes the PostgreSQL server's backends
        "report": report,
        "command": "briefing store copy sqlite:///WORK/db-N/briefing.db postgresql://…/" + name,
    }
    done.write_text(json.dumps(meta))
    return {**meta, "url": url, "reused": False}


# --- the search worker (a fresh process) ---------------------------------------------------


def compare(a: list[tuple[str, float, int]], b: list[tuple[str, float, int]]) -> dict[str, Any]:
    """How two top-k lists of (passage id, score, rowid) differ; {} when they are the same."""
    if [x[0] for x in a] == [x[0] for x in b]:
        diff = max((abs(x[1] - y[1]) for x, y in zip(a, b, strict=True)), default=0.0)
        return {} if diff <= 1e-9 else {"kind": "same ids, other scores", "max_diff": diff}
    sa, sb = {x[0]: x[1] for x in a}, {x[0]: x[1] for x in b}
    kth = min((x[1] for x in a), default=0.0)
    only = sorted(set(sa) ^ set(sb))
    # A difference is a tie if every passage in one list only has the k-th score on both sides.
    ties = all(abs(sa.get(i, sb.get(i, 0.0)) - kth) <= 1e-9 for i in only)
    kind = "tie at the k-th score" if ties and only else "order" if not only else "different"
    return {"kind": kind, "only_sqlite": [i for i in sa if i not in sb],
            "only_postgres": [i for i in sb if i not in sa], "kth_score": kth}  # fmt: skip


def worker_search(
    corpus_dir: Path, db: Path, url: str, home: Path, n_queries: int, seed: int, bm25s: bool
) -> dict[str, Any]:
    """The 200 queries through both backends' ranking and search, and through bm25s."""
    bis.setup_briefing(home)
    from briefing.retrieval import retrieve
    from briefing.store import Store
    from briefing.store.postgres import PostgresStore

    queries = gen.make_queries(n_queries, seed)
    words = [retrieve.query_terms(q) for q in queries]
    sq = Store.open(db, corpus_dir)
    pg = PostgresStore.open(url, corpus_dir)
    out: dict[str, Any] = {"loadavg": [bis.loadavg()]}

    t = time.perf_counter()
    retrieve.search(pg, queries[0], k=LIMIT)
    out["postgres_first_query_ms"] = round((time.perf_counter() - t) * 1000, 2)
    for q, w in zip(queries[:10], words[:10], strict=True):  # warm-up, not timed
        for st in (sq, pg):
            st.rank(w, LIMIT)
            retrieve.search(st, q, k=LIMIT)

    timings: dict[str, list[float]] = {}
    tops: dict[str, list[list[tuple[str, float]]]] = {}
    first_pass: dict[str, Any] = {}
    for pass_no in (1, 2):
        timings = {
            k: [] for k in ("sqlite_rank", "postgres_rank", "sqlite_search", "postgres_search")
        }
        tops = {k: [] for k in timings}
        for q, w in zip(queries, words, strict=True):
            for name, st in (("sqlite", sq), ("postgres", pg)):
                t = time.perf_counter()
                ranked = st.rank(w, LIMIT)
                timings[f"{name}_rank"].append(time.perf_counter() - t)
                tops[f"{name}_rank"].append([(p.id, s) for p, s in ranked])
                t = time.perf_counter()
                hits = retrieve.search(st, q, k=LIMIT)
                timings[f"{name}_search"].append(time.perf_counter() - t)
                tops[f"{name}_search"].append([(h.id, h.score) for h in hits])
        if pass_no == 1:
            first_pass = {k: bis.ms(v) for k, v in timings.items()}
    out["timings"] = {k: bis.ms(v) for k, v in timings.items()}
    out["first_pass"] = first_pass

    # Top 10 compared: ids in order and scores.
    rank_diffs, search_diffs = [], []
    for i, q in enumerate(queries):
        a = [(pid, s, 0) for pid, s in tops["sqlite_rank"][i]]
        b = [(pid, s, 0) for pid, s in tops["postgres_rank"][i]]
        d = compare(a, b)
        if d:
            rank_diffs.append({"query": q, "i": i, **d})
        if [h[0] for h in tops["sqlite_search"][i]] != [h[0] for h in tops["postgres_search"][i]]:
            search_diffs.append({"query": q, "i": i})
    out["rank_same"] = n_queries - len(rank_diffs)
    out["rank_diffs"] = rank_diffs
    out["search_same"] = n_queries - len(search_diffs)
    out["search_diffs"] = search_diffs
    out["max_score_diff"] = max(
        (
            abs(x[1] - y[1])
            for ta, tb in zip(tops["sqlite_rank"], tops["postgres_rank"], strict=True)
            for x, y in zip(ta, tb, strict=False)
            if x[0] == y[0]
        ),
        default=0.0,
    )
    # Deeper: the top 100 retrieve.search ranks from, on both backends.
    deep_same = 0
    for w in words:
        if [p.id for p, _ in sq.rank(w, 100)] == [p.id for p, _ in pg.rank(w, 100)]:
            deep_same += 1
    out["rank100_same"] = deep_same
    out["queries_with_hits"] = sum(1 for x in tops["sqlite_rank"] if x)
    if bm25s:
        extra = bm25s_search(sq, words, tops["sqlite_rank"], tops["postgres_rank"])
        out["timings"].update(extra.pop("timings"))
        out["first_pass"].update(extra.pop("first_pass"))
        out.update(extra)
    out["maxrss_mb"] = round(bis.maxrss_mb(), 1)
    out["loadavg"].append(bis.loadavg())
    sq.close()
    pg.close()
    return out


def bm25s_search(
    sq: Any, words: list[list[str]], sqlite_top: list[Any], postgres_top: list[Any]
) -> dict[str, Any]:
    """bm25s over the same passages (read from SQLite), tokenized as bench_ingest_search.py does."""
    out: dict[str, Any] = {"timings": {}, "first_pass": {}}

    passages = list(sq.iter_passages())
    ids = [p.id for p in passages]
    cache: dict[str, str] = {}
    tokens = [bis.tokenize(p.text, cache) for p in passages]
    del passages
    import bm25s

    t = time.perf_counter()
    bm = bm25s.BM25(k1=1.2, b=0.75, method="robertson")
    bm.index(tokens, show_progress=False)
    out["bm25s_build_s"] = round(time.perf_counter() - t, 2)
    del tokens
    vocab = bm.vocab_dict
    q_tokens = [[bis.tokenize(x, cache)[0] for x in w] for w in words]
    for qt in q_tokens[:10]:
        bm.retrieve(
            [[x for x in qt if x in vocab] or [""]], k=LIMIT, show_progress=False, n_threads=1
        )
    bm_top: list[list[str]] = []
    for pass_no in (1, 2):
        b_times, bm_top = [], []
        for w in words:
            t = time.perf_counter()
            known = [x for x in (bis.tokenize(y, cache)[0] for y in w) if x in vocab]
            found: list[str] = []
            if known:
                docs, scores = bm.retrieve([known], k=LIMIT, show_progress=False, n_threads=1)
                found = [ids[j] for j, s in zip(docs[0], scores[0], strict=True) if s > 0]
            b_times.append(time.perf_counter() - t)
            bm_top.append(found)
        if pass_no == 1:
            out["first_pass"]["bm25s_retrieve"] = bis.ms(b_times)
    out["timings"]["bm25s_retrieve"] = bis.ms(b_times)
    out["bm25s_overlap_vs_sqlite_rank"] = bis.mean_overlap(
        bm_top, [[x[0] for x in t] for t in sqlite_top]
    )
    out["bm25s_overlap_vs_postgres_rank"] = bis.mean_overlap(
        bm_top, [[x[0] for x in t] for t in postgres_top]
    )
    return out


# --- orchestration -------------------------------------------------------------------------


def run_search(
    corpus_dir: Path, db: Path, url: str, home: Path, args: argparse.Namespace
) -> dict[str, Any]:
    """The search worker in a fresh interpreter, on a quiet machine."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "_search", str(corpus_dir), str(db), url,
           str(home), "--queries", str(args.queries), "--seed", str(args.seed),
           *(["--no-bm25s"] if args.no_bm25s else [])]  # fmt: skip
    quiet = sysload.wait_quiet(label="search", max_wait=300)
    with sysload.CpuWatch() as cpu:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit("search worker failed")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    return {**res, "quiet": quiet, "cpu": cpu.summary()}


def report(results: list[dict[str, Any]], command: str, version: str) -> str:
    """The Markdown tables."""
    lines = [f"command: `{command}`", f"PostgreSQL {version}", ""]
    lines += [
        "| documents | passages | `briefing store copy` s | engine | p50 ms | p95 ms | mean ms "
        "| first pass p50 ms | top 10 same as SQLite |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        s, c = r["search"], r["postgres"]
        rows = [
            ("SQLite `Store.rank` (top 10)", "sqlite_rank", "—"),
            ("PostgreSQL `PostgresStore.rank` (top 10)", "postgres_rank",
             f"{s['rank_same']}/{len(s['rank_diffs']) + s['rank_same']} (top 100: {s['rank100_same']})"),
            ("SQLite `retrieve.search` (k=10)", "sqlite_search", "—"),
            ("PostgreSQL `retrieve.search` (k=10)", "postgres_search",
             f"{s['search_same']}/{len(s['search_diffs']) + s['search_same']}"),
            ("bm25s `retrieve([q], k=10)`", "bm25s_retrieve",
             f"overlap {s.get('bm25s_overlap_vs_sqlite_rank')}"),
        ]  # fmt: skip
        for label, key, same in rows:
            if key not in s["timings"]:
                continue  # --no-bm25s
            t, f = s["timings"][key], s["first_pass"][key]
            lines.append(
                f"| {r['n']:,} | {r['sqlite']['passages']:,} | {c['seconds']:.0f} | {label} | {t['p50_ms']:.2f} "
                f"| {t['p95_ms']:.2f} | {t['mean_ms']:.2f} | {f['p50_ms']:.2f} | {same} |"
            )
    for r in results:
        s = r["search"]
        lines += [
            "",
            f"N={r['n']:,}: max score difference on shared passages {s['max_score_diff']:.3g};"
            f" PostgreSQL first query in a fresh process {s['postgres_first_query_ms']:.1f} ms;"
            f" others' CPU-s during the search run {s['cpu']['others_cpu_s']:.1f} of"
            f" {s['cpu']['wall_s']:.0f} s (the PostgreSQL server's included); load"
            f" {s['loadavg']}",
        ]
        for d in s["rank_diffs"]:
            lines.append(
                f"- query {d['i']} {d['query']!r}: {d['kind']}"
                f" (only SQLite {d.get('only_sqlite')}, only PostgreSQL {d.get('only_postgres')})"
            )
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_search":
        p = argparse.ArgumentParser()
        p.add_argument("kind")
        for name in ("corpus", "db", "url", "home"):
            p.add_argument(name)
        p.add_argument("--queries", type=int, default=200)
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--no-bm25s", action="store_true")
        a = p.parse_args()
        res = worker_search(
            Path(a.corpus), Path(a.db), a.url, Path(a.home), a.queries, a.seed, not a.no_bm25s
        )
        print(json.dumps(res))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-pgbench"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-bm25s", action="store_true", help="time briefing's backends only")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--pg-dir", type=Path, help="start (and keep) a local server here")
    where.add_argument("--database-url", help="an existing server's admin URL")
    args = parser.parse_args()
    if REPO in args.work.resolve().parents or args.work.resolve() == REPO:
        raise SystemExit("--work must be outside the repository (e.g. under /tmp)")
    args.work.mkdir(parents=True, exist_ok=True)
    admin = args.database_url or pglocal.start(args.pg_dir)
    command = "python " + shlex.join(sys.argv)
    results = []
    for n in args.sizes:
        corpus_dir, meta = bis.ensure_corpus(args.work, n, args.seed)
        sqlite = ensure_sqlite(args.work, n, corpus_dir)
        postgres = ensure_postgres(args.work, n, admin, corpus_dir)
        print(f"[N={n:,}] search ...", file=sys.stderr, flush=True)
        search = run_search(corpus_dir, args.work / f"db-{n}" / "briefing.db", postgres["url"],
                            args.work / "home", args)  # fmt: skip
        postgres.pop("url")
        results.append({"n": n, "corpus": meta, "sqlite": sqlite, "postgres": postgres,
                        "search": search})  # fmt: skip
        (args.work / f"results-pg-search-{'-'.join(map(str, args.sizes))}.json").write_text(
            json.dumps({"command": command, "results": results}, indent=2) + "\n"
        )
    print(report(results, command, pglocal.server_version(admin)))


if __name__ == "__main__":
    main()
