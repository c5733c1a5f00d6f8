"""Four processes on one PostgreSQL archive for ten minutes, then count what was written (issue 30).

    python bench/bench_pg_soak.py --minutes 10 --work /tmp/briefing-pgsoak \\
        --pg-dir /tmp/briefing-pgbench/pg

Four loops run side by side, each starting one `briefing` process after another, all against
one fresh database (`briefing_soak`) on the server:

* ingest: a changing folder (`incoming/`): each round adds articles, edits one and, every
  third round, deletes one, then runs `briefing ingest incoming`;
* digest: adds an article to `desk/` (a copy of the seeds), then `briefing digest`;
* generate x2: `briefing generate` on `desk/`, each syncing the folder the digest is adding to.

The model is tests/faultserver.py's stub (a valid map answer built from each prompt, after a
short delay), so the runs exercise the store and not a model. Every process has its own
BRIEFING_HOME, as analysts on separate machines would.

Afterwards, from the database itself: each folder's documents are exactly its files (same
sha256, none missing, none extra); every passage's order is 0..n-1 within its document; the
corpus counters equal the rows; the BM25 postings hold every live passage once with its
length (tombstones aside) and nothing else; every run a process reported is recorded once and
no other; `briefing doctor` is clean; and the archive, copied to SQLite with `briefing store
copy`, ranks 100 queries the same as a fresh SQLite index of the copy.

Results: Markdown on stdout, JSON in WORK/results-pg-soak.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import corpus as gen
import pglocal
import sysload

from tests.faultserver import FaultServer, Reply, Request, echo

MODEL = "smollm2-135m-instruct"
SEEDS = REPO / "seeds"


def slow_echo(request: Request) -> Reply:
    """A valid map answer after a pause, so that the processes overlap as real runs would."""
    reply = echo(request)
    reply.delay = 0.2
    return reply


class Loop(threading.Thread):
    """One role: run `briefing` commands one after another until the deadline."""

    def __init__(self, role: str, work: Path, env: dict[str, str], deadline: float) -> None:
        super().__init__(name=role, daemon=True)
        self.role, self.work, self.deadline = role, work, deadline
        self.env = {**env, "BRIEFING_HOME": str(work / f"home-{role}")}
        self.runs: list[dict[str, Any]] = []
        self.error: BaseException | None = None

    def prepare(self, i: int) -> list[str]:
        """Change the folder for round i; the command to run."""
        raise NotImplementedError

    def after(self, i: int, record: dict[str, Any]) -> None:
        """Note what round i wrote (called when the command ended)."""

    def run(self) -> None:
        try:
            i = 0
            while time.monotonic() < self.deadline:
                cmd = self.prepare(i)
                t = time.monotonic()
                proc = subprocess.run(
                    [sys.executable, "-m", "briefing", *cmd],
                    env=self.env,
                    cwd=self.work,
                    capture_output=True,
                    text=True,
                    timeout=600,
                    check=False,
                )
                record = {
                    "round": i,
                    "rc": proc.returncode,
                    "seconds": round(time.monotonic() - t, 2),
                    "stdout": proc.stdout,
                    "stderr": proc.stderr[-2000:],
                }
                self.after(i, record)
                record.pop("stdout")
                self.runs.append(record)
                i += 1
        except BaseException as exc:  # reported by the main thread
            self.error = exc


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def sha_of(folder: Path) -> dict[str, str]:
    """relative path -> sha256 of every .txt file under folder (what ingest stores)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.txt"))
    }


class Ingest(Loop):
    """A scheduled import: new articles, an edited one, now and then a deleted one."""

    def __init__(self, *a: Any, start: int) -> None:
        super().__init__(*a)
        self.folder = self.work / "incoming"
        self.next = start
        self.expected: dict[str, str] = {}
        self.totals = {"added": 0, "changed": 0, "removed": 0, "passages": 0}

    def prepare(self, i: int) -> list[str]:
        rng = random.Random(f"ingest:{i}")
        for _ in range(3):
            write(self.folder / f"n{self.next:06d}.txt", gen.article(7, self.next))
            self.next += 1
        files = sorted(self.folder.glob("*.txt"))
        edited = rng.choice(files)
        edited.write_text(edited.read_text() + f"\nUpdate {i}: the figures were revised.\n")
        if i % 3 == 2:
            rng.choice([f for f in files if f != edited]).unlink()
        self.snapshot = sha_of(self.folder)
        return ["ingest", str(self.folder), "--json", "--quiet"]

    def after(self, i: int, record: dict[str, Any]) -> None:
        if record["rc"] == 0:
            self.expected = self.snapshot
            rep = json.loads(record["stdout"])
            for key in ("added", "changed", "removed"):
                self.totals[key] += len(rep.get(key, []))
            self.totals["passages"] += int(rep.get("passages", 0))


def desk_article(i: int) -> str:
    """A new article for the desk: synthetic text around sentences of a seed article."""
    seeds = sorted(SEEDS.glob("*.txt"))
    seed_text = seeds[i % len(seeds)].read_text().split("\n")
    lines = [line for line in seed_text if len(line) > 80]
    rng = random.Random(f"desk:{i}")
    picked = rng.sample(lines, min(3, len(lines)))
    return gen.article(11, i) + "\n" + "\n\n".join(picked) + f"\n\nDesk note {i}.\n"


class Digest(Loop):
    """The daily digest, run again and again: one new article before each."""

    def __init__(self, *a: Any, model: list[str]) -> None:
        super().__init__(*a)
        self.model = model
        self.statuses: list[str] = []

    def prepare(self, i: int) -> list[str]:
        write(self.work / "desk" / f"new{i:05d}.txt", desk_article(i))
        return ["digest", *self.model, "--json", "--quiet", "--wait", "120"]

    def after(self, i: int, record: dict[str, Any]) -> None:
        if record["stdout"].strip():
            self.statuses.append(json.loads(record["stdout"])["status"])


class Generate(Loop):
    """An analyst's `briefing generate` on the desk folder."""

    def __init__(self, *a: Any, model: list[str]) -> None:
        super().__init__(*a)
        self.model = model

    def prepare(self, i: int) -> list[str]:
        return ["generate", *self.model, "--json", "--quiet"]


# --- checks --------------------------------------------------------------------------------


def check_archive(url: str, folders: dict[str, dict[str, str]], machine: str) -> dict[str, Any]:
    """Documents, passages, counters and postings of each folder's corpus against its files."""
    import numpy as np
    import psycopg

    problems: list[str] = []
    out: dict[str, Any] = {"corpora": {}}
    with psycopg.connect(url) as conn:
        for folder, files in folders.items():
            key = f"{machine}:{Path(folder).resolve()}"
            row = conn.execute(
                "SELECT id, documents, passages, tokens FROM corpora WHERE key = %s", (key,)
            ).fetchone()
            if row is None:
                problems.append(f"{folder}: no corpus row")
                continue
            cid, n_docs, n_pass, n_tokens = row
            stored = dict(
                conn.execute("SELECT doc, sha256 FROM documents WHERE corpus = %s", (cid,))
            )
            missing = sorted(set(files) - set(stored))
            extra = sorted(set(stored) - set(files))
            stale = sorted(d for d in files if d in stored and stored[d] != files[d])
            if missing or extra or stale:
                problems.append(
                    f"{folder}: missing {missing[:5]}, extra {extra[:5]}, stale {stale[:5]}"
                )
            actual = conn.execute(
                "SELECT count(*), coalesce(sum(terms), 0) FROM passages WHERE corpus = %s", (cid,)
            ).fetchone()
            assert actual is not None
            if (n_docs, n_pass, n_tokens) != (len(stored), actual[0], actual[1]):
                problems.append(
                    f"{folder}: counters say {n_docs} documents, {n_pass} passages, {n_tokens}"
                    f" tokens; rows: {len(stored)}, {actual[0]}, {actual[1]}"
                )
            bad_order = conn.execute(
                "SELECT doc FROM passages WHERE corpus = %s GROUP BY doc"
                " HAVING count(*) <> max(ord) + 1 OR count(DISTINCT ord) <> count(*)",
                (cid,),
            ).fetchall()
            if bad_order:
                problems.append(f"{folder}: passages out of order in {len(bad_order)} documents")
            orphans = conn.execute(
                "SELECT count(*) FROM passages p WHERE corpus = %s AND NOT EXISTS"
                " (SELECT 1 FROM documents d WHERE d.corpus = p.corpus AND d.doc = p.doc)",
                (cid,),
            ).fetchone()
            if orphans and orphans[0]:
                problems.append(f"{folder}: {orphans[0]} passages without their document")
            # The postings, decoded: each live passage once per term it has, with its length.
            live = {
                int(r): int(t)
                for r, t in conn.execute(
                    "SELECT rowid, terms FROM passages WHERE corpus = %s", (cid,)
                )
            }
            dead = {
                int(r[0])
                for r in conn.execute("SELECT rowid FROM bm25_deleted WHERE corpus = %s", (cid,))
            }
            seen_len: dict[int, int] = {}
            tf_sum: dict[int, int] = {}
            dup_postings = 0
            for rids, tfs, lens in conn.execute(
                "SELECT rowids, tfs, lens FROM bm25_postings WHERE corpus = %s", (cid,)
            ):
                r = np.frombuffer(rids, dtype="<u4")
                f = np.frombuffer(tfs, dtype="<u4")
                n = np.frombuffer(lens, dtype="<u4")
                dup_postings += len(r) - len(np.unique(r))
                for rid, tf, ln in zip(r.tolist(), f.tolist(), n.tolist(), strict=True):
                    if rid in dead:
                        continue
                    seen_len[rid] = ln
                    tf_sum[rid] = tf_sum.get(rid, 0) + tf
            if set(seen_len) != set(live):
                problems.append(
                    f"{folder}: postings know {len(set(seen_len) - set(live))} passages not"
                    f" stored and miss {len(set(live) - set(seen_len))} stored ones"
                )
            wrong = [
                r for r in live if r in seen_len and (seen_len[r], tf_sum[r]) != (live[r],) * 2
            ]
            if wrong or dup_postings:
                problems.append(
                    f"{folder}: {len(wrong)} passages with postings that disagree with their"
                    f" length, {dup_postings} duplicate postings"
                )
            segs = conn.execute(
                "SELECT count(*), coalesce(sum(passages), 0) FROM bm25_segments WHERE corpus = %s",
                (cid,),
            ).fetchone()
            assert segs is not None
            if int(segs[1]) - len(dead) != len(live):
                problems.append(
                    f"{folder}: segments count {segs[1]} passages with {len(dead)} tombstones,"
                    f" the store {len(live)}"
                )
            out["corpora"][folder] = {
                "documents": len(stored),
                "passages": len(live),
                "tokens": int(actual[1]),
                "segments": int(segs[0]),
                "tombstones": len(dead),
            }
        runs = conn.execute("SELECT kind, id, root, out_dir, status FROM runs").fetchall()
    out["runs"] = [list(r) for r in runs]
    out["problems"] = problems
    return out


def check_runs(
    runs: list[list[Any]], out_dir: Path, loops: list[Loop], digest: Digest
) -> dict[str, Any]:
    """Each run folder published has one row, and each row its folder; counts by kind."""
    problems = []
    by_kind: dict[str, list[list[Any]]] = {}
    for r in runs:
        by_kind.setdefault(r[0], []).append(r)
    generate_dirs = sorted(str(p.resolve()) for p in out_dir.iterdir() if p.is_dir()
                           and p.name != "digests")  # fmt: skip
    digest_dirs = sorted(str(p.resolve()) for p in (out_dir / "digests").glob("*") if p.is_dir())
    gen_rows = sorted(r[3] for r in by_kind.get("generate", []))
    dig_rows = sorted(r[3] for r in by_kind.get("digest", []) if r[4] != "no-evidence")
    if gen_rows != generate_dirs:
        problems.append(f"generate runs: {len(gen_rows)} rows, {len(generate_dirs)} folders")
    if dig_rows != digest_dirs:
        problems.append(f"digest runs: {len(dig_rows)} rows, {len(digest_dirs)} folders")
    completed_generates = sum(
        1 for loop in loops if isinstance(loop, Generate) for r in loop.runs if r["rc"] in (0, 1)
    )
    if completed_generates != len(gen_rows):
        problems.append(
            f"{completed_generates} generate processes finished, {len(gen_rows)} runs recorded"
        )
    recorded = sum(1 for s in digest.statuses if s in ("written", "no-evidence"))
    if recorded != len(by_kind.get("digest", [])):
        problems.append(
            f"{recorded} digests said they wrote a run, {len(by_kind.get('digest', []))} recorded"
        )
    ids = [(r[2], r[1]) for r in runs]
    if len(ids) != len(set(ids)):
        problems.append("a run id is recorded twice")
    return {
        "generate_runs": len(gen_rows),
        "digest_runs": len(by_kind.get("digest", [])),
        "digest_statuses": {s: digest.statuses.count(s) for s in sorted(set(digest.statuses))},
        "problems": problems,
    }


def check_search(work: Path, url: str, env: dict[str, str], folder: Path) -> dict[str, Any]:
    """The archive copied to SQLite ranks like the archive itself (100 queries)."""
    db = work / "copy" / "briefing.db"
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "briefing", "store", "copy", url, f"sqlite:///{db}", "--quiet"],
        env=env, cwd=work, check=True, capture_output=True, text=True,
    )  # fmt: skip
    code = f"""
import json, sys
sys.path.insert(0, {str(REPO / "bench")!r})
import corpus as gen
from pathlib import Path
from briefing.retrieval import retrieve
from briefing.store import Store
from briefing.store.postgres import PostgresStore
folder = Path({str(folder)!r})
sq = Store.open(Path({str(db)!r}), folder)
sq.refresh_index()
pg = PostgresStore.open({url!r}, folder, machine="soak")
def groups(ranked):
    # Passages of equal score, as sets: the copy numbers rows in path order, the archive in
    # the order they were written, and ties break by that number. The last group may be cut.
    out = {{}}
    for p, s in ranked:
        out.setdefault(round(s, 9), set()).add(p.id)
    return out
same = 0
for q in gen.make_queries(100, 3):
    w = retrieve.query_terms(q)
    a, b = groups(sq.rank(w, 10)), groups(pg.rank(w, 10))
    last = min(a, default=None)
    same += sorted(a) == sorted(b) and all(a[s] == b[s] for s in a if s != last)
print(json.dumps({{"queries": 100, "same_top10": same}}))
"""
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True)  # fmt: skip
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def doctor(env: dict[str, str], work: Path) -> dict[str, Any]:
    """`briefing doctor --json` against the archive: its database problems and counts."""
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "doctor", "--json"],
        env=env, cwd=work, capture_output=True, text=True, check=False,
    )  # fmt: skip
    rep = json.loads(proc.stdout)
    return {
        "rc": proc.returncode,
        "database_problems": rep["state"]["database_problems"],
        "counts": rep["state"].get("archive", {}).get("counts"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-pgsoak"))
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--pg-dir", type=Path, help="start (and keep) a local server here")
    where.add_argument("--database-url", help="an existing server's admin URL")
    parser.add_argument("--initial", type=int, default=200, help="articles in incoming/ at first")
    args = parser.parse_args()
    if REPO in args.work.resolve().parents or args.work.resolve() == REPO:
        raise SystemExit("--work must be outside the repository (e.g. under /tmp)")
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    admin = args.database_url or pglocal.start(args.pg_dir)
    url = pglocal.database_url(admin, "briefing_soak", fresh=True)
    shutil.copytree(SEEDS, args.work / "desk")
    for i in range(args.initial):
        write(args.work / "incoming" / f"n{i:06d}.txt", gen.article(7, i))
    out = args.work / "out"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "BRIEFING_DATABASE_URL": url,
        "BRIEFING_MAX_RETRIES": "1",
        "BRIEFING_EMBEDDINGS": "off",  # the model-free path: the store is what is soaked
        "BRIEFING_MACHINE": "soak",
    }
    command = "python " + shlex.join(sys.argv)
    with FaultServer(default=slow_echo) as server:
        model = ["--corpus", str(args.work / "desk"), "--out", str(out), "--base-url",
                 server.url, "--model", MODEL, "--strategy", "map-reduce"]  # fmt: skip
        deadline = time.monotonic() + args.minutes * 60
        ingest = Ingest("ingest", args.work, env, deadline, start=args.initial)
        dig = Digest("digest", args.work, env, deadline, model=model)
        loops: list[Loop] = [
            ingest,
            dig,
            Generate("generate-a", args.work, env, deadline, model=model),
            Generate("generate-b", args.work, env, deadline, model=model),
        ]
        load0 = os.getloadavg()
        with sysload.CpuWatch() as cpu:
            for loop in loops:
                loop.start()
            for loop in loops:
                loop.join()
        model_requests = len(server.chat_requests)
    for loop in loops:
        if loop.error is not None:
            raise loop.error
    archive = check_archive(
        url,
        {str(args.work / "incoming"): ingest.expected, str(args.work / "desk"): sha_of(args.work / "desk")},
        "soak",
    )  # fmt: skip
    runs = check_runs(archive.pop("runs"), out, loops, dig)
    doc = doctor(env, args.work)
    search = check_search(args.work, url, env, args.work / "incoming")
    failures = [
        {"role": loop.role, **r} for loop in loops for r in loop.runs if r["rc"] not in (0, 1)
    ]
    result = {
        "command": command,
        "minutes": args.minutes,
        "postgres": pglocal.server_version(admin),
        "cpu": cpu.summary(),
        "loadavg": [list(load0), list(os.getloadavg())],
        "model_requests": model_requests,
        "processes": {
            loop.role: {
                "runs": len(loop.runs),
                "exit_codes": {
                    str(c): sum(1 for r in loop.runs if r["rc"] == c)
                    for c in sorted({r["rc"] for r in loop.runs})
                },
                "mean_s": round(sum(r["seconds"] for r in loop.runs) / max(len(loop.runs), 1), 2),
            }
            for loop in loops
        },
        "ingest_totals": ingest.totals,
        "archive": archive,
        "runs": runs,
        "doctor": doc,
        "search_after_soak": search,
        "failures": failures,
    }
    (args.work / "results-pg-soak.json").write_text(json.dumps(result, indent=2) + "\n")
    print(report(result))
    problems = archive["problems"] + runs["problems"] + doc["database_problems"]
    if failures or problems or search["same_top10"] != search["queries"]:
        raise SystemExit(1)


def report(r: dict[str, Any]) -> str:
    """The soak's Markdown summary."""
    lines = [f"command: `{r['command']}`", f"PostgreSQL {r['postgres']}, load {r['loadavg']}", ""]
    lines += ["| process | commands run | exit codes | mean s per command |", "|---|---:|---|---:|"]
    for role, p in r["processes"].items():
        lines.append(f"| {role} | {p['runs']} | {p['exit_codes']} | {p['mean_s']} |")
    lines += ["", "| corpus | documents | passages | tokens | segments | tombstones |",
              "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for folder, c in r["archive"]["corpora"].items():
        lines.append(
            f"| {Path(folder).name} | {c['documents']} | {c['passages']} | {c['tokens']} |"
            f" {c['segments']} | {c['tombstones']} |"
        )
    t = r["ingest_totals"]
    lines += [
        "",
        f"ingest reported {t['added']} added, {t['changed']} changed, {t['removed']} removed"
        f" ({t['passages']} passages written); runs recorded: {r['runs']['generate_runs']}"
        f" generate, {r['runs']['digest_runs']} digest ({r['runs']['digest_statuses']});"
        f" {r['model_requests']} model requests",
        f"problems: archive {r['archive']['problems'] or 'none'}, runs"
        f" {r['runs']['problems'] or 'none'}, doctor {r['doctor']['database_problems'] or 'none'}"
        f" (exit {r['doctor']['rc']}); failed commands: {len(r['failures'])}",
        f"after the soak, the archive and its SQLite copy rank alike on"
        f" {r['search_after_soak']['same_top10']}/{r['search_after_soak']['queries']} queries",
        f"CPU: {r['cpu']}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
