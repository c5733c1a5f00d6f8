"""Whose terms: the stakes reader, and how merging uses it."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.compose import merge
from briefing.verification import stakes

KREMLIN = "What does the Kremlin want from Trump?"
FIXTURES = Path(__file__).parent / "fixtures"


def test_owners_are_parties_the_lexicon_knows_or_names_the_question_uses() -> None:
    russia = stakes.owner("Russia", KREMLIN)
    assert russia is not None
    assert stakes.owner("Kremlin", KREMLIN) == stakes.owner("Russian", KREMLIN) == russia
    assert stakes.owner("Trump", KREMLIN) == "name:trump"
    # A leader the question does not name may speak for his country or not: no owner.
    assert stakes.owner("Putin", KREMLIN) is None


def test_phrases_of_whose_terms_are_read_and_look_alikes_are_not() -> None:
    russia = stakes.owner("Russia", KREMLIN)
    for text in (
        "The Kremlin wants Trump to squeeze Kyiv to peace on Russian conditions.",
        "Putin hopes to push for terms favorable to Russia.",
        "Trump will agree to all of Russia's terms.",
        "They expect a settlement in Moscow's favour.",
    ):
        assert stakes.stakes(text, KREMLIN) == {russia}, text
    assert stakes.stakes("Peace under Trump's terms is what Putin fears.", KREMLIN) == {
        "name:trump"
    }
    for text in (
        "European carmakers want to compete on equal terms.",
        "In terms of volume, exports doubled.",
        "The landscape is shifting in Russia's favour.",  # a situation, not a deal
        "Moscow wants a settlement on its own terms.",  # whose: a pronoun
        "A visa deal favourable to Indian professionals.",  # "Indian" qualifies a noun
        "Putin's terms have not changed.",
    ):
        assert stakes.stakes(text, KREMLIN) == frozenset(), text


def test_different_owners_never_make_one_point_and_the_same_owner_stands_for_shared_words() -> None:
    texts = [
        "Putin likely sees Trump's eagerness for a deal as a chance to push for terms favorable to Russia.",
        "Peace under Trump's terms risks being seen in Russia as an imposed victory.",
        "Trump won't go anywhere and will agree to all of Russia's terms.",
    ]
    sim = [[1.0, 0.7, 0.45], [0.7, 1.0, 0.4], [0.45, 0.4, 1.0]]
    gated = merge._require_shared_words(sim, texts, 0.35, frozenset(), KREMLIN)
    # Above MERGE_SURE, and still two points: whose terms differ.
    assert gated[0][1] == gated[1][0] == -1.0
    # No uncommon word in common but the owner of the terms: one point.
    assert gated[0][2] == 0.45
    # Without the question (no stakes read from names it uses), 0 and 1 would pass on cosine.
    plain = merge._require_shared_words(sim, texts, 0.35, frozenset(), "")
    assert plain[0][1] == 0.7


def test_the_labelled_sentences_are_read_as_labelled() -> None:
    # The development set (the held-out one is scored by bench/bench_stakes.py, not here).
    cases = [json.loads(x) for x in (FIXTURES / "stakes_dev.jsonl").read_text().splitlines() if x]
    exact = 0
    for case in cases:
        want = {stakes.owner(o, case["question"]) for o in case["owners"]}
        got = stakes.stakes(case["sentence"], case["question"])
        assert got <= want, case["id"]  # never an owner the reader did not name
        exact += got == want
    assert exact >= len(cases) - 2
