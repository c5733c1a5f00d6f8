"""Merging: how often the second corpus's gold same-aim sentence pairs merge, and different-aim ones.

    python bench/bench_merge.py

    python bench/bench_merge.py --corpus corpus3   # the held-out corpus

Reads tests/fixtures/corpus2_reading.md (the gold aims, each with its verbatim sentences),
embeds every sentence with briefing.embed, and prints, for several similarity variants and
thresholds, the share of sentence pairs from different, non-duplicate documents that would
be merged: same-aim pairs (wanted) and different-aim pairs (false merges). The seeds are not
used, so the thresholds in briefing/compose.py are not tuned on them.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing import compose
from briefing.compose import merge
from briefing.core.models import Span
from briefing.generation import triage
from briefing.retrieval import embed
from briefing.text.passages import split_sentences
from briefing.text.textnorm import content_stems, stem

TOPIC = "What does China want from the European Union on trade?"
# Captures a reading calls a near-duplicate of another: not a second source.
_DUPLICATE = re.compile(r"\*\*(\d\d) is a republication of (\d\d)\*\*")


def topic_of(name: str = "corpus2") -> str:
    """The question a gold reading (tests/fixtures/NAME_reading.md) is about."""
    text = (REPO / "tests" / "fixtures" / f"{name}_reading.md").read_text(encoding="utf-8")
    m = re.search(r"^Question: \*\*(.+?)\*\*", text, re.M)
    return m.group(1) if m else TOPIC


def gold_sentences(name: str = "corpus2") -> list[tuple[str, str, str]]:
    """(aim, document number, sentence) for every quoted gold sentence of a reading."""
    text = (REPO / "tests" / "fixtures" / f"{name}_reading.md").read_text(encoding="utf-8")
    duplicates = {m.group(1) for m in _DUPLICATE.finditer(text)}
    items = []
    for section in re.split(r"\n### ", text)[1:]:
        m = re.match(r"(A\d+)", section)
        if not m:
            continue
        doc = None
        for line in section.splitlines():
            d = re.match(r"- `([\w-]+/)?(\d\d)_", line)
            if d:
                # A digest article (corpus2_new/...) is not in the corpus measured here.
                doc = None if d.group(1) else d.group(2)
            if line.startswith("> ") and doc and doc not in duplicates:
                items.append((m.group(1), doc, line[2:]))
    return items


def unit(x: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1."""
    return x / np.linalg.norm(x, axis=1, keepdims=True)  # type: ignore[no-any-return]


def main() -> None:
    """Print the merge rates."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="corpus2", help="a tests/fixtures corpus with a reading")
    name = ap.parse_args().corpus
    items = gold_sentences(name)
    topic = topic_of(name)
    enc = embed.get_encoder()
    vecs = enc.encode([s for _, _, s in items]).astype(float)
    q = enc.encode([topic])[0].astype(float)
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
    texts = [text for _, _, text in items]
    # Common words are counted over the whole corpus, as generate counts them over all it
    # retrieved (the gold sentences alone are all answers: their shared words look common).
    corpus = []
    for path in sorted((REPO / "tests" / "fixtures" / name).glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        corpus += [
            raw[sp.start : sp.end] for sp in split_sentences(raw, Span(start=0, end=len(raw)))
        ]
    common = compose.common_stems(corpus)
    u = variants["question's direction out"]
    s = (u @ u.T).tolist()
    for words, ignore in (
        ("the question's content words", frozenset(content_stems(topic))),
        ("the question's words, verb expansions and aliases", triage.question_words(topic)),
    ):
        for lo in (0.3, 0.35, 0.4, 0.5):
            # compose's own rule: below MERGE_SURE a shared word that is not common is needed.
            gated = merge._require_shared_words(s, texts, lo, common | ignore, topic)
            m = np.array([gated[i][j] >= lo for i, j in pairs])
            rule = (
                f">= {compose.MERGE_SURE}, or >= {lo} and {compose.SHARED_WORDS} shared words"
                f" (not {words})"
            )
            print(
                f"| question's direction out | {rule} | {m[same].mean():.0%} |"
                f" {m[~same].mean():.1%} |"
            )

    # Tried and not kept (BENCHMARKS.md, "Merging"): the higher of the sentences' and their
    # aims' similarity, an aim being the words after the first word of intent.
    intent = triage.intent_stems(topic)

    def aim(text: str) -> str:
        words = text.split()
        for k, w in enumerate(words):
            if stem(w.lower().strip(".,:;'’\"“”")) in intent and len(words) - k > 3:
                return " ".join(words[k + 1 :])
        return text

    a = enc.encode([aim(t) for t in texts]).astype(float)
    a = unit(a - np.outer(a @ q, q))
    both = np.maximum(u @ u.T, a @ a.T).tolist()
    ignore = triage.question_words(topic)
    for lo in (0.35, 0.4):
        gated = merge._require_shared_words(both, texts, lo, common | ignore, topic)
        m = np.array([gated[i][j] >= lo for i, j in pairs])
        print(
            f"| sentence or its aim, question's direction out (not kept) | >= {compose.MERGE_SURE},"
            f" or >= {lo} and {compose.SHARED_WORDS} shared words | {m[same].mean():.0%} |"
            f" {m[~same].mean():.1%} |"
        )


if __name__ == "__main__":
    main()
