"""How the checks did on each blind set the first time they met it.

    python bench/bench_first_encounter.py [--from 12] [--json OUT]

Each blind set N was locked in the commit that added `tests/data/capable_setNa_locked.jsonl`;
the commit before it holds the checks as they stood when set N was written, never tuned on
it. This scores every set's 120 judgments (dev and locked parts) with that commit's
`briefing` package (a `git archive` of it in a temporary folder, the corpora read from this
tree), and prints per set the faithful judgments kept and the changed ones caught, then
which checks rejected the faithful ones and which categories of change were kept. Read
together, the rows say whether the rules of each session generalise to the next set's text:
the later rows are the later code on text it had never seen.

Needs a git checkout with history (not the installed wheel). The set the session is
scoring once, locked and unread, is the last row only when its scoring time has come:
pass --upto to stop before it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"

# Run inside the archived tree: that commit's package, this tree's corpora.
SCORER = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, ".")
from briefing.core.models import Citation, Claim
from briefing.verification import SourceCache, verify_claim
import briefing.verification.meaning as meaning
# Every check that objects, not only the one that decides: the outer call's findings (the
# disagreement reading calls findings again, between the sources, inside it).
_findings, _depth, _seen = meaning.findings, [0], []
def _recording(claim, sources):
    _depth[0] += 1
    try:
        found = _findings(claim, sources)
    finally:
        _depth[0] -= 1
    if _depth[0] == 0:
        _seen.extend(v.check for v in found)
    return found
meaning.findings = _recording
repo, out = Path(sys.argv[1]), {}
caches = {}
for f in sys.argv[3:]:
    for line in Path(f).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        it = json.loads(line)
        root = repo / ("seeds" if it["corpus"] == "seeds" else f"tests/fixtures/{it['corpus']}")
        cache = caches.setdefault(it["corpus"], SourceCache(root))
        cits = []
        for c in it["citations"]:
            start = (root / c["doc"]).read_text(encoding="utf-8").find(c["quote"])
            cits.append(Citation(doc=c["doc"], start=start, end=start + len(c["quote"]), quote=c["quote"]))
        _seen.clear()
        rep = verify_claim(Claim(id=it["id"], text=it["claim"], citations=cits), cache)
        out[it["id"]] = {"ok": rep.ok, "label": it["label"], "category": it["category"],
                         "check": rep.check or "coverage", "checks": sorted(set(_seen))}
Path(sys.argv[2]).write_text(json.dumps(out), encoding="utf-8")
"""


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.strip()


def lock_commit(n: int) -> str:
    """The commit that added set N's locked part."""
    found = _git(
        "log", "--diff-filter=A", "--format=%H", "--", f"tests/data/capable_set{n}a_locked.jsonl"
    ).split()
    if not found:
        raise SystemExit(f"no lock commit for set {n}: is this a git checkout with history?")
    return found[-1]


def score_set(n: int, work: Path) -> dict[str, dict]:
    """Set N's judgments scored by the package of the commit before its lock."""
    tree = work / f"tree{n}"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "archive", f"{lock_commit(n)}~1"], cwd=REPO, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    files = sorted(str(p) for p in DATA.glob(f"capable_set{n}[ab]_*.jsonl"))
    out = work / f"set{n}.json"
    subprocess.run(
        [sys.executable, "-c", SCORER, str(REPO), str(out), *files], cwd=tree, check=True
    )
    result: dict[str, dict] = json.loads(out.read_text(encoding="utf-8"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", type=int, default=12)
    parser.add_argument("--upto", type=int, default=0, help="last set (default: every locked set)")
    parser.add_argument("--json", type=Path, help="write every outcome here")
    args = parser.parse_args()
    last = args.upto or max(
        int(p.name.removeprefix("capable_set").split("a_")[0])
        for p in DATA.glob("capable_set*a_locked.jsonl")
    )
    rows, every = [], {}
    false_alarms: Counter[str] = Counter()
    kept_changes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.start, last + 1):
            outcomes = score_set(n, Path(tmp))
            every.update(outcomes)
            faithful = [v for v in outcomes.values() if v["label"] == "faithful"]
            changed = [v for v in outcomes.values() if v["label"] != "faithful"]
            kept = sum(v["ok"] for v in faithful)
            caught = sum(not v["ok"] for v in changed)
            false_alarms.update(v["check"] for v in faithful if not v["ok"])
            kept_changes.update(v["category"] for v in changed if v["ok"])
            rows.append((n, kept, len(faithful), caught, len(changed)))
    print("| set | code | faithful kept | changed caught |\n|---|---|---|---|")
    for n, kept, nf, caught, nc in rows:
        print(
            f"| {n} | before its lock | {kept}/{nf} ({kept / nf:.0%}) | {caught}/{nc} ({caught / nc:.0%}) |"
        )
    tk, tf = sum(r[1] for r in rows), sum(r[2] for r in rows)
    tc, tn = sum(r[3] for r in rows), sum(r[4] for r in rows)
    print(f"| all | | {tk}/{tf} ({tk / tf:.1%}) | {tc}/{tn} ({tc / tn:.1%}) |")
    print("\nchecks behind the false alarms:", dict(false_alarms.most_common()))
    print("categories of change kept:", dict(kept_changes.most_common()))
    # Each check alone: the faithful judgments it was the only one to reject, against the
    # changed ones it was the only one to catch (its precision on text it never saw).
    alone_false: Counter[str] = Counter()
    alone_caught: Counter[str] = Counter()
    for v in every.values():
        if not v["ok"] and len(v["checks"]) == 1:
            (alone_false if v["label"] == "faithful" else alone_caught)[v["checks"][0]] += 1
    print("\n| check | faithful rejected by it alone | changed caught by it alone |")
    print("|---|---|---|")
    for check in sorted(set(alone_false) | set(alone_caught), key=lambda c: -alone_false[c]):
        print(f"| {check} | {alone_false[check]} | {alone_caught[check]} |")
    if args.json:
        args.json.write_text(json.dumps(every, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
