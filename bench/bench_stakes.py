"""Whose terms: the stakes reader against its labelled sentences (dev and held out).

command: python bench/bench_stakes.py [--set dev|heldout|both]

Each case is a sentence, the question it answers and the owners of the terms (or favour) a
deal would be on, as a reader names them ("Russia", "Trump"); the reader is scored on the
exact set of owners, and on the owners it names (precision) and misses (recall).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from briefing.verification import stakes

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SETS = {"dev": "stakes_dev.jsonl", "heldout": "stakes_heldout.jsonl"}


def _expected(case: dict[str, object]) -> frozenset[str]:
    question = str(case["question"])
    out = set()
    for name in case["owners"]:  # type: ignore[attr-defined]
        key = stakes.owner(str(name), question)
        out.add(key if key is not None else f"unknown:{name}")
    return frozenset(out)


def score(name: str) -> dict[str, object]:
    """Exact-set accuracy, precision and recall of the owners over one labelled set."""
    path = FIXTURES / SETS[name]
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    exact = tp = fp = fn = 0
    wrong = []
    for case in cases:
        want = _expected(case)
        got = stakes.stakes(case["sentence"], case["question"])
        exact += got == want
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        if got != want:
            wrong.append((case["id"], sorted(got), sorted(want), case["sentence"][:90]))
    return {
        "set": name,
        "cases": len(cases),
        "positives": sum(1 for c in cases if c["owners"]),
        "exact": exact,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        "wrong": wrong,
    }


def main() -> None:
    """Print the scores of the chosen set(s)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["dev", "heldout", "both"], default="both")
    args = parser.parse_args()
    names = ["dev", "heldout"] if args.set == "both" else [args.set]
    for name in names:
        if not (FIXTURES / SETS[name]).exists():
            print(f"{name}: {SETS[name]} missing")
            continue
        r = score(name)
        print(
            f"{r['set']}: {r['exact']}/{r['cases']} exact ({r['positives']} with an owner), "
            f"precision {r['precision']}, recall {r['recall']}"
        )
        for row in r["wrong"]:  # type: ignore[attr-defined]
            print("  wrong:", *row)


if __name__ == "__main__":
    main()
