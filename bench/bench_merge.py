"""Merging: how often the second corpus's gold same-aim sentence pairs merge, and different-aim ones.

    python bench/bench_merge.py

Reads tests/fixtures/corpus2_reading.md (the gold aims, each with its verbatim sentences),
embeds every sentence with briefing.embed, and prints, for several similarity variants and
thresholds, the share of sentence pairs from different, non-duplicate documents that would
be merged: same-aim pairs (wanted) and different-aim pairs (false merges). The seeds are not
used, so the thresholds in briefing/compose.py are not tuned on them.
"""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing import compose, embed, triage  # noqa: E402
from briefing.textnorm import content_stems  # noqa: E402

TOPIC = "What does China want from the European Union on trade?"
DUPLICATE = "02"  # 02 republishes 01: not a second source


def gold_sentences() -> list[tuple[str, str, str]]:
    """(aim, document number, sentence) for every quoted gold sentence."""
    text = (REPO / "tests" / "fixtures" / "corpus2_reading.md").read_text(encoding="utf-8")
    items = []
    for section in re.split(r"\n### ", text)[1:]:
        m = re.match(r"(A\d+)", section)
        if not m:
            continue
        doc = None
        for line in section.splitlines():
            d = re.match(r"- `(\d\d)_", line)
            if d:
                doc = d.group(1)
            if line.startswith("> ") and doc and doc != DUPLICATE:
                items.append((m.group(1), doc, line[2:]))
    return items


def unit(x: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1."""
    return x / np.linalg.norm(x, axis=1, keepdims=True)  # type: ignore[no-any-return]


def main() -> None:
    """Print the merge rates."""
    items = gold_sentences()
    enc = embed.get_encoder()
    vecs = enc.encode([s for _, _, s in items]).astype(float)
    q = enc.encode([TOPIC])[0].astype(float)
    q = q / np.linalg.norm(q)
    variants = {
        "raw cosine": unit(vecs),
        "centred on the mean": unit(vecs - vecs.mean(axis=0)),
        "question's direction out": unit(vecs - np.outer(vecs @ q, q)),
    }
    pairs = [
        (i, j)
        for i, j in itertools.combinations(range(len(items)), 2)
        if items[i][1] != items[j][1]
    ]
    same = np.array([items[i][0] == items[j][0] for i, j in pairs])
    print(f"{len(items)} gold sentences, {len(pairs)} pairs ({same.sum()} same-aim)")
    print("| similarity | rule | same-aim merged | different-aim merged |")
    print("|---|---|---|---|")
    for name, u in variants.items():
        s = u @ u.T
        sims = np.array([s[i, j] for i, j in pairs])
        for t in (0.3, 0.4, 0.45, 0.5, 0.6):
            m = sims >= t
            print(f"| {name} | >= {t} | {m[same].mean():.0%} | {m[~same].mean():.1%} |")
    df: dict[str, int] = {}
    for _, _, text in items:
        for w in content_stems(text):
            df[w] = df.get(w, 0) + 1
    common = frozenset(w for w, n in df.items() if n >= 0.2 * len(items))
    u = variants["question's direction out"]
    s = (u @ u.T).tolist()
    texts = [text for _, _, text in items]
    for words, ignore in (
        ("the question's content words", frozenset(content_stems(TOPIC))),
        ("the question's words, verb expansions and aliases", triage.question_words(TOPIC)),
    ):
        for lo in (0.4, compose.MERGE_ONE_WORD):
            # compose's own rule: below MERGE_SURE a shared word that is not common is needed.
            gated = compose._require_shared_words(s, texts, lo, common | ignore)
            m = np.array([gated[i][j] >= lo for i, j in pairs])
            rule = (
                f">= {compose.MERGE_SURE}, or >= {compose.MERGE_ONE_WORD} and one shared"
                f" word, or >= {lo} and two (not {words})"
            )
            print(
                f"| question's direction out | {rule} | {m[same].mean():.0%} |"
                f" {m[~same].mean():.1%} |"
            )

if __name__ == "__main__":
    main()
