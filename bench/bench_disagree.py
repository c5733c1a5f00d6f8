"""Score how merged judgments call two sources' sentences a disagreement.

    python bench/bench_disagree.py tests/data/disagree_dev.jsonl [--show N]
    python bench/bench_disagree.py tests/data/disagree_locked.jsonl   # once, at the end

Each line is a pair of sentences from two articles labelled agree / disagree / unrelated,
written by a helper that had read no code of briefing (BENCHMARKS.md, "Disagreement").
Compose labels a merged group "disagree" when `verification.contradicts` holds between two
members' sentences, either way round; that decision is what is scored here: false
"disagree" on agreeing pairs (the issue's complaint), disagreements found, and false ones on
unrelated pairs, per kind.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing.verification import contradicts
from briefing.verification.evidence import CitedText


def says_disagree(a: str, b: str) -> bool:
    """What compose decides for two members' sentences."""
    return contradicts(a, CitedText(text=b), figures=True) or contradicts(
        b, CitedText(text=a), figures=True
    )


def main() -> None:
    """Print per-label and per-kind counts as Markdown."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--show", type=int, default=0, help="print up to N wrong items")
    args = ap.parse_args()
    items = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines()]
    said: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    wrong = []
    for it in items:
        d = says_disagree(it["a"], it["b"])
        key = (it["label"], it["kind"])
        total[key] += 1
        said[key] += d
        if d != (it["label"] == "disagree"):
            wrong.append((it["id"], it["label"], it["kind"], it["a"], it["b"]))
    labels = sorted({k[0] for k in total})
    print(f"{args.path.name}: {len(items)} pairs\n")
    print("| label | pairs | said 'disagree' |")
    print("|---|---|---|")
    for lab in labels:
        n = sum(v for k, v in total.items() if k[0] == lab)
        s = sum(v for k, v in said.items() if k[0] == lab)
        print(f"| {lab} | {n} | {s} ({s / n:.0%}) |")
    print("\n| label | kind | pairs | said 'disagree' |")
    print("|---|---|---|---|")
    for key in sorted(total):
        print(f"| {key[0]} | {key[1]} | {total[key]} | {said[key]} |")
    for w in wrong[: args.show]:
        print(f"\n{w[0]} {w[1]}/{w[2]}\n  A: {w[3]}\n  B: {w[4]}")


if __name__ == "__main__":
    main()
