"""Benchmark `verify_briefing` on a synthetic briefing of N citations over the seeds.

    python bench/bench_verify.py            # 1,000 citations
    python bench/bench_verify.py --n 10000

The mix is 40% exact, 20% normalized, 20% relocated, 20% not_found, four
citations per claim. Each of the repeats starts with cold caches (as a fresh
`briefing verify` process would); the best of them is reported as a Markdown
table row.
"""

from __future__ import annotations

import argparse
import random
import re
import shlex
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing import verification as verify
from briefing.core.models import Briefing, Citation, Claim, CorpusInfo, Section
from briefing.text import textnorm
from briefing.verification import overlap

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed_sentences(root: Path) -> list[tuple[str, str, int]]:
    """(doc, sentence, start) for every seed sentence of 40-300 characters."""
    out = []
    for path in sorted(root.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        for m in re.finditer(r"[^\n.!?]{40,300}[.!?]", text):
            sentence = m.group().strip()
            out.append((path.name, sentence, text.index(sentence, m.start())))
    return out


def make_citation(kind: str, doc: str, sentence: str, start: int, rng: random.Random) -> Citation:
    """A citation of `sentence` that verifies as `kind`."""
    end = start + len(sentence)
    if kind == "exact":
        return Citation(doc=doc, start=start, end=end, quote=sentence)
    if kind == "normalized":
        quote = sentence.replace(" ", "  ", 1) + "\u200b"
        quote = quote.replace("\u2019", "'").replace("\u2014", "-")
        return Citation(doc=doc, start=start, end=end, quote=quote)
    if kind == "relocated":
        shift = rng.randint(1, 200)
        return Citation(doc=doc, start=start + shift, end=end + shift, quote=sentence)
    words = sentence.split(" ")
    i = rng.randrange(len(words))
    words[i] = words[i][::-1] + "x"  # one changed word
    return Citation(doc=doc, start=start, end=end, quote=" ".join(words))


def build_briefing(n: int, seed: int = 7) -> Briefing:
    """A briefing with `n` citations (4 per claim) in the benchmark's mix."""
    rng = random.Random(seed)
    sentences = seed_sentences(SEEDS)
    kinds = ["exact", "exact", "normalized", "relocated", "not_found"]
    claims = []
    citations: list[Citation] = []
    for k in range(n):
        doc, sentence, start = rng.choice(sentences)
        citations.append(make_citation(kinds[k % len(kinds)], doc, sentence, start, rng))
        if len(citations) == 4 or k == n - 1:
            claims.append(Claim(id=f"K{len(claims) + 1}", text=sentence, citations=citations))
            citations = []
    return Briefing(
        topic="bench",
        generated_at="2026-01-01T00:00:00Z",
        model="bench",
        corpus=CorpusInfo(root=str(SEEDS)),
        sections=[Section(heading="Bench", claims=claims)],
    )


def clear_caches() -> None:
    """Forget every memo, so each run costs what a fresh process pays."""
    textnorm.content_stems_frozen.cache_clear()
    textnorm.stem.cache_clear()
    overlap._prefixes.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of citations")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best is reported")
    args = parser.parse_args()

    briefing = build_briefing(args.n)
    times = []
    report = None
    for _ in range(args.repeat):
        clear_caches()
        t0 = time.perf_counter()
        report = verify.verify_briefing(briefing, SEEDS)
        times.append(time.perf_counter() - t0)
    assert report is not None
    best = min(times)
    mix = ", ".join(
        f"{report.counts[s]} {s}" for s in verify.CITATION_STATUSES if report.counts.get(s)
    )
    print(f"command: python {shlex.join(sys.argv)}")
    print("| citations | mix | best of 5 (ms) | citations/s |")
    print("|---:|---|---:|---:|")
    print(f"| {args.n:,} | {mix} | {best * 1000:.1f} | {args.n / best:,.0f} |")


if __name__ == "__main__":
    main()
