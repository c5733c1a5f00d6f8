"""Everything but the model at corpus scale: one `run_generate` per corpus size, model stubbed.

    python bench/bench_pipeline.py --sizes 1000 10000 100000 --work /tmp/briefing-bench

Reuses the corpora and databases bench_ingest_search.py left under --work (WORK/corpus-N-seed1,
WORK/db-N/briefing.db; run that first). For each N, a fresh Python process runs
`generate.run_generate` with BRIEFING_HOME=WORK/db-N (so ingest is the unchanged re-ingest)
against a fake OpenAI-compatible server on 127.0.0.1 that answers at once (bench_generate's
FakeChat with no delay), map-reduce, --no-cache. Reported: the manifest's stage timings, the
run's wall time, the size of what it wrote, peak RSS, and the time spent in a few functions
whose cost grows with the corpus rather than with the evidence (wrapped with timers, not
changed): store.Store.documents, verification.changed_sources, htmlrender.briefing_html.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import sysload

WRAPPED = [
    ("briefing.store", "Store.documents"),
    ("briefing.verification.claims", "changed_sources"),
    ("briefing.outputs.htmlrender", "briefing_html"),
]


def worker(corpus_dir: Path, home: Path) -> dict[str, Any]:
    import importlib

    import bench_generate as bg

    from briefing import store
    from briefing.core.config import load_settings
    from briefing.generation import generate as gen
    from briefing.text import passages

    spent: dict[str, float] = {}
    for module, name in WRAPPED:
        owner: Any = importlib.import_module(module)
        *path, name = name.split(".")  # a method: patch it on its class
        for part in path:
            owner = getattr(owner, part)
        real = getattr(owner, name)

        def timed(*a: Any, _real: Any = real, _key: str = f"{module}.{name}", **k: Any) -> Any:
            t = time.perf_counter()
            try:
                return _real(*a, **k)
            finally:
                spent[_key] = spent.get(_key, 0.0) + time.perf_counter() - t

        functools.update_wrapper(timed, real)
        setattr(owner, name, timed)
        # generate.py and render.py imported some of these by module, so patching the
        # module (or class) attribute is enough: they never hold a bound name.
    bg.FakeChat.delay = 0.0
    out = Path(tempfile.mkdtemp(prefix="briefing-bench-pipeline-", dir="/tmp"))
    with bg.fake_server() as url:
        settings, _ = load_settings(
            {"corpus": corpus_dir, "out": out, "base_url": url, "model": bg.MODEL,
             "strategy": "map-reduce", "no_cache": True},
            env={"BRIEFING_HOME": str(home)}, cwd=out,
        )  # fmt: skip
        passages.set_tiktoken_cache(settings.home)
        conn = store.Store.open(settings.db_path, settings.corpus)
        t = time.perf_counter()
        result = gen.run_generate(conn, settings, lambda *_a, **_k: None)
        wall = time.perf_counter() - t
    tm = dict(result.manifest["timings_s"])
    stages = ("ingest", "retrieve_and_prompt", "model_start", "model", "verify")
    tm.setdefault("render", round(wall - sum(tm.get(k, 0.0) for k in stages), 3))
    files = {p.name: p.stat().st_size for p in result.out_dir.iterdir()}
    return {
        "wall_s": round(wall, 3),
        "timings_s": tm,
        "calls": result.manifest["usage"]["calls"],
        "verified": result.manifest["claims"]["verified"],
        "files_bytes": files,
        "documents_listed": len(result.briefing.corpus.documents),
        "spent_s": {k: round(v, 3) for k, v in spent.items()},
        "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "out": str(out),
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_worker":
        print(json.dumps(worker(Path(sys.argv[2]), Path(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefing-bench"))
    args = parser.parse_args()
    command = "python " + shlex.join(sys.argv)
    rows = []
    for n in args.sizes:
        corpus_dir = args.work / f"corpus-{n}-seed{args.seed}"
        home = args.work / f"db-{n}"
        if not (home / "briefing.db").exists():
            raise SystemExit(
                f"{home}/briefing.db is missing: run bench/bench_ingest_search.py first"
            )
        print(f"[N={n:,}] run_generate ...", file=sys.stderr, flush=True)
        quiet = sysload.wait_quiet(label="pipeline", max_wait=300)
        cmd = [sys.executable, str(Path(__file__).resolve()), "_worker", str(corpus_dir), str(home)]
        with sysload.CpuWatch() as cpu:
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr[-3000:])
            raise SystemExit(f"worker failed: {shlex.join(cmd)}")
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        subprocess.run(["rm", "-rf", res.pop("out")], check=False)
        rows.append({"n": n, **res, "quiet": quiet, "cpu": cpu.summary()})
    (args.work / "results-pipeline.json").write_text(
        json.dumps({"command": command, "rows": rows}, indent=2) + "\n"
    )
    lines = [
        f"command: `{command}`",
        "",
        "| documents | ingest (unchanged) s | retrieve_and_prompt s | model (stub) s | verify s | render s "
        "| run_generate wall s | of which get_documents s | changed_sources s | briefing_html s "
        "| documents listed in briefing.json | briefing.json MB | briefing.html MB | peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        t, sp, f = r["timings_s"], r["spent_s"], r["files_bytes"]
        lines.append(
            f"| {r['n']:,} | {t['ingest']:.2f} | {t['retrieve_and_prompt']:.3f} | {t['model']:.2f} | "
            f"{t['verify']:.2f} | {t['render']:.2f} | {r['wall_s']:.2f} | "
            f"{sp.get('briefing.store.Store.documents', 0):.2f} | "
            f"{sp.get('briefing.verification.claims.changed_sources', 0):.2f} | "
            f"{sp.get('briefing.outputs.htmlrender.briefing_html', 0):.2f} | {r['documents_listed']:,} | "
            f"{f.get('briefing.json', 0) / 1e6:.2f} | {f.get('briefing.html', 0) / 1e6:.2f} | {r['maxrss_mb']:.0f} |"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
