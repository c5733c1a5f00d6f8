"""Benchmark the meaning-level support checks: accuracy on the labelled sets, and speed.

    python bench/bench_support.py

Prints, for the dev and the held-out set separately, the share of cases judged right per
category (a meaning-changing claim rejected, a faithful one kept), the false-alarm rate
(faithful claims rejected) and exact-label accuracy; then the time `verify_briefing` takes
in-process for a 10-claim and a 10,000-claim briefing over the seeds (claims restating
their cited sentence, so every claim reaches the meaning checks), caches cleared first.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_verify import seed_sentences

from briefing import verification as verify
from briefing.core.models import Briefing, Citation, Claim, CorpusInfo, Section
from briefing.text import textnorm
from briefing.verification import overlap, tokens
from tests.support_cases import FAITHFUL, judge, load

SEEDS = REPO / "seeds"


def accuracy(name: str) -> None:
    """One Markdown table: per category, cases, right, exact label; then the summary."""
    cases = load(name)
    right: dict[str, list[bool]] = defaultdict(list)
    exact: dict[str, list[bool]] = defaultdict(list)
    for case in cases:
        verdict = judge(case)
        right[case.category].append(verdict.ok == case.faithful)
        exact[case.category].append(verdict.label == case.label)
    print(f"\n### {name} ({len(cases)} cases)\n")
    print("| category | kind | cases | judged right | exact label |")
    print("|---|---|---|---|---|")
    for cat in sorted(right, key=lambda c: (c in FAITHFUL, c)):
        kind = "faithful (kept?)" if cat in FAITHFUL else "changed (rejected?)"
        r, e = right[cat], exact[cat]
        print(f"| {cat} | {kind} | {len(r)} | {sum(r)}/{len(r)} | {sum(e)}/{len(e)} |")
    changed = [ok for c, v in right.items() if c not in FAITHFUL for ok in v]
    faithful = [ok for c, v in right.items() if c in FAITHFUL for ok in v]
    labels = [ok for v in exact.values() for ok in v]
    print(
        f"\nmeaning-changing rejected: {sum(changed)}/{len(changed)}"
        f" ({100 * sum(changed) / len(changed):.1f}%); false alarms (faithful rejected):"
        f" {len(faithful) - sum(faithful)}/{len(faithful)}"
        f" ({100 * (len(faithful) - sum(faithful)) / len(faithful):.1f}%);"
        f" exact label: {100 * sum(labels) / len(labels):.1f}%"
    )


def briefing_of(n: int) -> Briefing:
    """N claims, each restating (minus its first word) a seed sentence it cites exactly."""
    sentences = seed_sentences(SEEDS)
    claims = []
    for i in range(n):
        doc, sentence, start = sentences[i % len(sentences)]
        text = sentence.split(" ", 1)[-1]
        cit = Citation(doc=doc, start=start, end=start + len(sentence), quote=sentence)
        claims.append(Claim(id=f"K{i + 1}", text=text, citations=[cit]))
    return Briefing(
        topic="t",
        generated_at="2026-01-01T00:00:00Z",
        model="bench",
        corpus=CorpusInfo(root=str(SEEDS)),
        sections=[Section(heading="Key judgments", claims=claims)],
    )


def clear_caches() -> None:
    """Every cache a fresh `briefing verify` process would start without."""
    tokens.analyze.cache_clear()
    textnorm.content_stems_frozen.cache_clear()
    textnorm.stem.cache_clear()
    overlap._prefixes.cache_clear()


def timing(n: int, repeats: int) -> None:
    """Best and median wall time of `verify_briefing` on an n-claim briefing, cold caches."""
    b = briefing_of(n)
    times, meaning = [], []
    for _ in range(repeats):
        clear_caches()
        t0 = time.perf_counter()
        report = verify.verify_briefing(b, SEEDS)
        times.append(time.perf_counter() - t0)
        clear_caches()
        t0 = time.perf_counter()
        report_off = verify.verify_briefing(b, SEEDS, meaning=False)
        meaning.append(times[-1] - (time.perf_counter() - t0))
    rejected = sum(not c.ok for c in report.claims)
    off = sum(not c.ok for c in report_off.claims)
    print(
        f"| {n:,} claims | best {min(times) * 1e3:,.1f} ms | median"
        f" {statistics.median(times) * 1e3:,.1f} ms | meaning checks ~"
        f"{statistics.median(meaning) * 1e3:,.1f} ms | not ok: {rejected} ({off} without them) |"
    )


def main() -> None:
    """Accuracy on both sets, then timing."""
    print("## Meaning checks: accuracy")
    accuracy("dev")
    accuracy("heldout")
    print("\n## Meaning checks: verify_briefing in-process (cold caches)\n")
    print("| briefing | time | | of which meaning checks | |")
    print("|---|---|---|---|---|")
    timing(10, 20)
    timing(10_000, 3)


if __name__ == "__main__":
    main()
