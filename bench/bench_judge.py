"""Benchmark the optional model judge (`--judge model`) with the embedded model on the labelled sets.

    flock /tmp/model.lock python bench/bench_judge.py [--json /tmp/bench_judge.json]

Starts the embedded llama.cpp server (SmolLM2-135M-Instruct) and puts every case of
`tests/data/support_dev.jsonl` and `support_heldout.jsonl` (224 claim/citation pairs) to the
judge, one request each, with no reply cache. Prints per category how often the judge alone
is right (a "no" on a meaning-changing claim, a "yes" on a faithful one), its false-alarm
rate on faithful pairs, how often it says yes at all, and what it adds to the deterministic
checks: the cases they pass that the judge rejects, split into right (changed) and false
alarms (faithful). Run it under the model lock: one process at a time may run the model.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing.generation import (
    llm,
    prompting,
    server,
)
from briefing.generation.judge import ModelJudge
from tests.support_cases import FAITHFUL, Case, judge, load


def pct(n: int, d: int) -> str:
    """'n/d (p%)'."""
    return f"{n}/{d} ({100 * n / d:.1f}%)" if d else "0/0"


def table(rows: list[dict[str, object]]) -> None:
    """Per-category Markdown table of the judge alone and with the deterministic checks."""
    by_cat: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in rows:
        by_cat[str(r["category"])].append(r)
    print(
        "| category | kind | cases | judge says yes | judge alone right | checks right | checks + judge right |"
    )
    print("|---|---|---|---|---|---|---|")
    for cat in sorted(by_cat, key=lambda c: (c in FAITHFUL, c)):
        rs = by_cat[cat]
        faithful = cat in FAITHFUL
        kind = "faithful (kept?)" if faithful else "changed (rejected?)"
        yes = sum(r["judge"] == "yes" for r in rs)
        alone = sum((r["judge"] != "no") == faithful for r in rs)
        checks = sum(bool(r["checks_ok"]) == faithful for r in rs)
        both = sum((bool(r["checks_ok"]) and r["judge"] != "no") == faithful for r in rs)
        n = len(rs)
        print(f"| {cat} | {kind} | {n} | {yes}/{n} | {alone}/{n} | {checks}/{n} | {both}/{n} |")


def summary(rows: list[dict[str, object]]) -> dict[str, int]:
    """The headline numbers of one set (or all)."""
    changed = [r for r in rows if r["category"] not in FAITHFUL]
    faithful = [r for r in rows if r["category"] in FAITHFUL]
    passed = [r for r in rows if r["checks_ok"]]
    added = [r for r in passed if r["judge"] == "no"]
    return {
        "cases": len(rows),
        "judge_accuracy": sum((r["judge"] != "no") == (r["category"] in FAITHFUL) for r in rows),
        "judge_rejects_changed": sum(r["judge"] == "no" for r in changed),
        "changed": len(changed),
        "judge_false_alarms": sum(r["judge"] == "no" for r in faithful),
        "faithful": len(faithful),
        "judge_yes": sum(r["judge"] == "yes" for r in rows),
        "judge_errors": sum(r["judge"] == "error" for r in rows),
        "checks_passed": len(passed),
        "added_rejections": len(added),
        "added_right": sum(r["category"] not in FAITHFUL for r in added),
        "added_false_alarms": sum(r["category"] in FAITHFUL for r in added),
        "checks_missed_changed": sum(r["category"] not in FAITHFUL for r in passed),
    }


def print_summary(s: dict[str, int]) -> None:
    """The headline numbers as prose lines."""
    print(
        f"\njudge alone: accuracy {pct(s['judge_accuracy'], s['cases'])};"
        f" meaning-changing rejected {pct(s['judge_rejects_changed'], s['changed'])};"
        f" false alarms (faithful rejected) {pct(s['judge_false_alarms'], s['faithful'])};"
        f" says yes {pct(s['judge_yes'], s['cases'])}; errors {s['judge_errors']}"
    )
    print(
        f"over the deterministic checks: they pass {s['checks_passed']} cases"
        f" ({s['checks_missed_changed']} of them meaning-changing); the judge rejects"
        f" {s['added_rejections']} of those: {s['added_right']} right,"
        f" {s['added_false_alarms']} false alarms"
    )


def run_set(name: str, judge_fn: ModelJudge) -> list[dict[str, object]]:
    """Every case of one set, judged by the checks and by the model."""
    cases: list[Case] = load(name)
    rows = []
    for i, case in enumerate(cases, 1):
        answer = judge_fn(case.claim, [case.cited])
        rows.append(
            {
                "set": name,
                "id": case.id,
                "category": case.category,
                "checks_ok": judge(case).ok,
                "judge": answer.verdict,
                "reason": answer.reason,
            }
        )
        if i % 20 == 0:
            print(f"{name}: {i}/{len(cases)}", file=sys.stderr)
    return rows


def main() -> None:
    """Both sets through the embedded model's judge; tables, then the raw answers as JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, default=Path("/tmp/bench_judge.json"))
    args = ap.parse_args()
    env = prompting.environment(prompting.prompts_dir())
    with (
        tempfile.TemporaryDirectory(prefix="bench-judge-") as logs,
        server.embedded_server(Path(logs)) as url,
    ):
        endpoint = llm.Endpoint(base_url=url, model=server.EMBEDDED_MODEL, embedded=True)
        model = ModelJudge(endpoint, env, cache=None)
        rows = {name: run_set(name, model) for name in ("dev", "heldout")}
        model.close()
    print(f"## Model judge ({server.EMBEDDED_MODEL}, embedded): accuracy on the labelled sets")
    for name, rs in rows.items():
        print(f"\n### {name} ({len(rs)} cases)\n")
        table(rs)
        print_summary(summary(rs))
    every = rows["dev"] + rows["heldout"]
    print(f"\n### both sets ({len(every)} cases)")
    print_summary(summary(every))
    reasons: dict[str, int] = defaultdict(int)
    for r in every:
        reasons[f"{r['judge']}: {r['reason']}"] += 1
    print(
        "\nmost common answers: "
        + "; ".join(f"{k!r} x{v}" for k, v in sorted(reasons.items(), key=lambda kv: -kv[1])[:5])
    )
    args.json.write_text(json.dumps({"rows": every, "usage": model.usage.model_dump()}, indent=1))
    print(f"\nraw answers: {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
