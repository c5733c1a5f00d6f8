"""Benchmark a first ingest into SQLite or PostgreSQL, and fingerprint what it stored.

    python bench/bench_ingest.py --n 10000 --seed 1 --work /tmp/briefing-bench
    python bench/bench_ingest.py --n 10000 --postgres            # a throw-away local server
    python bench/bench_ingest.py --n 10000 --database-url postgresql://u@host/db
    python bench/bench_ingest.py --n 10000 --code /tmp/base      # another checkout's briefing

The corpus is bench/corpus.py's (generated under --work unless already there, as
bench_ingest_search.py does). Each ingest runs `sync.sync_corpus` (120-token passages) in a
fresh Python process into an empty store: a new SQLite file under --work, or a new database on
the server (--postgres starts one like the tests do: tests/pgserver.py, fsync off). --workers
sets the parsing processes (default: the code's own default, one per core); --code puts
another checkout's `briefing` package first on the path, to measure an older version on the
same machine and corpus.

After the ingest the worker reads every document, sentence and passage back through the store
(documents without their ingest time, sentences and passages in document order, and passage
ids in insertion order) and prints a sha256 of them: two runs that print the same fingerprint
stored the same rows, ids, offsets and text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import sysload


def fingerprint(st: Any) -> dict[str, Any]:
    """sha256 over every stored row of the corpus, and the row counts."""
    h = hashlib.sha256()
    counts = {"documents": 0, "sentences": 0, "passages": 0}
    for d in st.documents():
        h.update(repr(sorted(d.model_dump().items())).encode())
        counts["documents"] += 1
    for s in st.iter_sentences():
        h.update(repr((s.id, s.doc, s.start, s.end, s.text)).encode())
        counts["sentences"] += 1
    for p in st.iter_passages():
        h.update(repr((p.id, p.doc, p.start, p.end, p.text, p.tokens, p.sentence_ids)).encode())
        counts["passages"] += 1
    # Insertion order: what passage rowids follow, and ranking ties break by.
    if hasattr(st, "iter_passages_by_rowid"):
        order = [p.id for _, p in st.iter_passages_by_rowid()]
    else:
        sql = "SELECT id FROM passages WHERE root = ? ORDER BY rowid"
        order = [r[0] for r in st.conn.execute(sql, (st.key,))]
    h.update("\n".join(order).encode())
    return {"sha256": h.hexdigest(), **counts}


def worker(corpus: Path, target: str, home: Path, workers: int | None) -> dict[str, Any]:
    """One first ingest in this (fresh) process; timings, counts and the fingerprint."""
    import inspect

    from briefing.text import passages

    passages.set_tiktoken_cache(home)
    from briefing.corpus import sync

    if target.startswith("postgresql://"):
        from briefing.store.postgres import PostgresStore

        st: Any = PostgresStore.open(target, corpus)
    else:
        from briefing import store

        st = store.Store.open(Path(target), corpus)
    kwargs: dict[str, Any] = {}
    if workers is not None and "workers" in inspect.signature(sync.sync_corpus).parameters:
        kwargs["workers"] = workers
    ticks: list[float] = []
    t0 = time.perf_counter()
    report = sync.sync_corpus(
        st, 120, progress=lambda done, total: ticks.append(time.perf_counter()), **kwargs
    )
    seconds = time.perf_counter() - t0
    parsed_s = (ticks[-1] - t0) if ticks else seconds
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    n_bytes = sum(d.size for d in st.documents())
    out = {
        "code": str(Path(sync.__file__).resolve().parents[2]),
        "seconds": round(seconds, 2),
        "until_last_file_s": round(parsed_s, 2),
        "mb": round(n_bytes / 1e6, 2),
        "mb_per_s": round(n_bytes / 1e6 / seconds, 3),
        "added": len(report.added),
        "main_cpu_s": round(cpu.ru_utime + cpu.ru_stime, 1),
        "maxrss_mb": round(cpu.ru_maxrss / 1024, 1),
        "fingerprint": fingerprint(st),
    }
    st.close()
    return out


def ensure_corpus(work: Path, n: int, seed: int) -> Path:
    """The corpus of n documents (generated now unless already there)."""
    out = work / f"corpus-{n}-seed{seed}"
    meta = out / "corpus.json"
    if meta.exists() and json.loads(meta.read_text()).get("n") == n:
        return out
    cmd = [sys.executable, str(REPO / "bench" / "corpus.py"), str(out), "--n", str(n)]
    subprocess.run([*cmd, "--seed", str(seed)], check=True)
    return out


def run(args: argparse.Namespace, corpus: Path, target: str) -> dict[str, Any]:
    """The worker in a fresh interpreter on a quiet machine; its result and the machine load."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "_worker", str(corpus), target]
    cmd += [str(args.work / "home")]
    if args.workers is not None:
        cmd += ["--workers", str(args.workers)]
    env = dict(os.environ)
    if args.code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(args.code), env.get("PYTHONPATH", "")])
    quiet = sysload.wait_quiet(label="ingest", max_wait=300)
    load0 = os.getloadavg()[0]
    with sysload.CpuWatch() as cpu:
        # From --work, not the caller's folder: the pool's forkserver puts its working
        # folder first on sys.path, so from a checkout the workers imported that checkout's
        # briefing, not --code's, and died unpickling rows the old code did not know.
        proc = subprocess.run(
            cmd, capture_output=True, text=True, env=env, check=False, cwd=args.work
        )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"worker failed: {shlex.join(cmd)}")
    res: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    # The pool's workers are the forkserver's children, not ours: their CPU is not in our
    # rusage. The machine's busy CPU-seconds during the run count everything (others too,
    # which wait_quiet keeps low).
    summary = cpu.summary()
    machine = round(summary["own_cpu_s"] + summary["others_cpu_s"], 1)
    return {**res, "quiet": quiet, "machine_cpu_s": machine, "loadavg_before": round(load0, 2)}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_worker":
        p = argparse.ArgumentParser()
        p.add_argument("kind")
        p.add_argument("corpus", type=Path)
        p.add_argument("target")
        p.add_argument("home", type=Path)
        p.add_argument("--workers", type=int)
        a = p.parse_args()
        print(json.dumps(worker(a.corpus, a.target, a.home, a.workers)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-bench"))
    parser.add_argument("--workers", type=int, help="parsing processes (default: the code's)")
    parser.add_argument("--code", type=Path, help="a checkout whose briefing/ to measure")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="ingest into this (empty) PostgreSQL database")
    where.add_argument("--postgres", action="store_true", help="start a throw-away server")
    args = parser.parse_args()
    args.work = args.work.resolve()  # the ingest runs from there (see run)
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = ensure_corpus(args.work, args.n, args.seed)
    if args.database_url:
        result = run(args, corpus, args.database_url)
    elif args.postgres:
        sys.path.insert(0, str(REPO))
        import psycopg

        from tests.pgserver import running_server

        with running_server() as server:
            name = f"bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(server.url(), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            result = run(args, corpus, server.url(name))
    else:
        db = args.work / f"db-ingest-{args.n}" / "briefing.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        result = run(args, corpus, str(db))
    backend = "PostgreSQL" if args.database_url or args.postgres else "SQLite"
    print(json.dumps({"command": "python " + shlex.join(sys.argv), **result}, indent=2))
    print(
        f"| {backend} | {args.workers or 'default'} | {result['mb']:.1f} | {result['seconds']:.1f}"
        f" | {result['mb_per_s']:.2f} | {result['main_cpu_s']:.0f} | {result['machine_cpu_s']:.0f}"
        f" | {result['loadavg_before']:.2f} | {result['maxrss_mb']:.0f}"
        f" | `{result['fingerprint']['sha256'][:12]}` |"
    )


if __name__ == "__main__":
    main()
