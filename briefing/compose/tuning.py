"""Composing's thresholds, in one place (each measured in BENCHMARKS.md)."""

from __future__ import annotations

# A model's sentence is published as prose only when at least this share of its content
# words is in what it cites (the verifier alone asks 0.2, enough for honest paraphrase of a
# long sentence); below it the finding is quoted instead. A 135M model's summary that
# strays from its sentences is where its errors come from.
PROSE_SUPPORT = 0.5
# ... and adds at most this many content words of its own (a linking verb, a pronoun's name).
PROSE_NEW_WORDS = 2

# MiniLM cosine with the question taken out (or IDF-weighted lexical cosine) at which two findings of
# different sources are taken to make the same point (BENCHMARKS.md, "Merging").
MERGE_EMBEDDED = 0.35  # with SHARED_WORDS uncommon words in common
MERGE_SURE = 0.6  # with none
# One shared word is not enough: "terms" in "terms favorable to Russia" and "peace under
# Trump's terms ... which Putin fears" (cosine 0.58) are opposite points (BENCHMARKS.md).
SHARED_WORDS = 2
SAME_SENTENCE = 0.9  # a copy, not a second finding  # at or above it, no shared word is needed
MERGE_LEXICAL = 0.3
