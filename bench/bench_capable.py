"""Score the verifier on capable-style judgments it was never developed on.

    python bench/bench_capable.py tests/data/capable_dev.jsonl [--json OUT] [--show N]
    python bench/bench_capable.py tests/data/capable_locked.jsonl   # once, at the end

Each line of the labelled set is one judgment a capable model might write: one sentence, 1-4
citations (a document of one of the four corpora and an exact sentence of it), a label
(`faithful` or `changed`) and a category (how it was paraphrased, or what was changed). The
set was written by a helper that had read neither the checks nor the older labelled sets,
from the articles alone (BENCHMARKS.md, "Capable-style judgments").

Each judgment is verified as `briefing verify` would verify it (deterministic checks only, no
judge): the quotes become exact spans of their files, and the claim is `ok` or not. Reported:
per category, how many faithful judgments were kept and how many changed ones were caught;
kept rate, caught rate and their mean (balanced accuracy); which check fired on the faithful
ones it rejected (false alarms, each an analyst's cost).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing.core.models import Citation, Claim
from briefing.verification import SourceCache, verify_claim

ROOTS = {
    "seeds": REPO / "seeds",
    **{f"corpus{n}": REPO / "tests" / "fixtures" / f"corpus{n}" for n in range(2, 69)},
}
# Changes that must never be kept (issue 28): a changed number, name, date or negation.
HARD = ("number", "name", "date", "negation")


def hard(category: str) -> bool:
    """Whether a category is a hard change: the early sets name them "number", "name",
    "date", the later ones "changed_number", "changed_name", "changed_date"."""
    return category.removeprefix("changed_") in HARD


def load(path: Path) -> list[dict]:
    """The labelled judgments of one JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def claim_of(item: dict) -> Claim:
    """The item as a briefing claim whose quotes are exact spans of their files."""
    root = ROOTS[item["corpus"]]
    citations = []
    for c in item["citations"]:
        text = (root / c["doc"]).read_text(encoding="utf-8")
        start = text.find(c["quote"])
        if start < 0:
            raise SystemExit(f"{item['id']}: quote not in {c['doc']}: {c['quote'][:60]}")
        citations.append(
            Citation(doc=c["doc"], start=start, end=start + len(c["quote"]), quote=c["quote"])
        )
    return Claim(id=item["id"], text=item["claim"], citations=citations)


def score(items: list[dict]) -> dict:
    """Verify every item; per-category and overall kept/caught counts, and each outcome."""
    caches = {name: SourceCache(root) for name, root in ROOTS.items()}
    outcomes = []
    for item in items:
        report = verify_claim(claim_of(item), caches[item["corpus"]])
        outcomes.append(
            {
                "id": item["id"],
                "label": item["label"],
                "category": item["category"],
                "claim": item["claim"],
                "ok": report.ok,
                "status": report.status,
                "check": report.check or "",
                "message": report.message,
            }
        )
    return summary(outcomes)


def summary(outcomes: list[dict]) -> dict:
    """Per-category and overall kept/caught counts of verified items, and each outcome."""
    per: dict[str, list[bool]] = defaultdict(list)
    for o in outcomes:
        right = o["ok"] if o["label"] == "faithful" else not o["ok"]
        per[f"{o['label']}/{o['category']}"].append(right)
    faithful = [o for o in outcomes if o["label"] == "faithful"]
    changed = [o for o in outcomes if o["label"] == "changed"]
    kept = sum(o["ok"] for o in faithful)
    caught = sum(not o["ok"] for o in changed)
    hard_kept = [o["id"] for o in changed if hard(o["category"]) and o["ok"]]
    return {
        "items": len(outcomes),
        "faithful": len(faithful),
        "kept": kept,
        "changed": len(changed),
        "caught": caught,
        "kept_rate": kept / len(faithful) if faithful else 0.0,
        "caught_rate": caught / len(changed) if changed else 0.0,
        "balanced": ((kept / len(faithful)) + (caught / len(changed))) / 2
        if faithful and changed
        else 0.0,
        "hard_kept": hard_kept,
        "per_category": {k: [sum(v), len(v)] for k, v in sorted(per.items())},
        "false_alarm_checks": dict(Counter(o["check"] for o in faithful if not o["ok"])),
        "outcomes": outcomes,
    }


def main() -> None:
    """Print the tables for one labelled file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--json", type=Path, help="write the raw outcomes here")
    ap.add_argument("--show", type=int, default=0, help="print N false alarms and N misses")
    args = ap.parse_args()
    s = score(load(args.path))
    print(f"### {args.path.name} ({s['items']} judgments)\n")
    print("| label / category | judged right |")
    print("|---|---|")
    for k, (right, n) in s["per_category"].items():
        print(f"| {k} | {right}/{n} |")
    print(
        f"\nfaithful kept: {s['kept']}/{s['faithful']} ({100 * s['kept_rate']:.1f}%);"
        f" changed caught: {s['caught']}/{s['changed']} ({100 * s['caught_rate']:.1f}%);"
        f" balanced accuracy {s['balanced']:.3f}"
    )
    print(f"hard changes (number, name, date, negation) kept: {s['hard_kept'] or 'none'}")
    print(f"checks behind the false alarms: {s['false_alarm_checks']}")
    if args.show:
        alarms = [o for o in s["outcomes"] if o["label"] == "faithful" and not o["ok"]]
        misses = [o for o in s["outcomes"] if o["label"] == "changed" and o["ok"]]
        for title, rows in (("false alarms", alarms), ("misses", misses)):
            print(f"\n#### {title}\n")
            for o in rows[: args.show]:
                print(
                    f"- {o['id']} [{o['category']}] {o['claim']}\n  -> {o['check']}: {o['message']}"
                )
    if args.json:
        args.json.write_text(json.dumps(s, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
