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


# Invented text of the seeds' shapes, on another question: whose terms a quota deal would be.
OSLO = "What does Oslo want from Lindqvist?"


def test_phrases_of_whose_terms_are_read_and_look_alikes_are_not() -> None:
    norway = stakes.owner("Norway", OSLO)
    assert norway is not None
    for text in (
        "Oslo wants Lindqvist to press Stockholm toward a quota deal on Norwegian conditions.",
        "Norway hopes to push for terms favourable to Oslo.",
        "Lindqvist will accept all of Norway's terms.",
        "They expect an accord in Oslo's favour.",
    ):
        assert stakes.stakes(text, OSLO) == {norway}, text
    assert stakes.stakes("A quota deal under Lindqvist's terms is what Oslo fears.", OSLO) == {
        "name:lindqvist"
    }
    for text in (
        "Swedish trawlers want to fish on equal terms.",
        "In terms of tonnage, landings doubled.",
        "The mood is shifting in Norway's favour.",  # a situation, not a deal
        "Oslo wants an accord on its own terms.",  # whose: a pronoun
        "A visa deal favourable to Norwegian engineers.",  # "Norwegian" qualifies a noun
        "Solberg's terms have not changed.",  # a name the question does not use
    ):
        assert stakes.stakes(text, OSLO) == frozenset(), text


def test_different_owners_never_make_one_point_and_the_same_owner_stands_for_shared_words() -> None:
    texts = [
        "Oslo likely sees Lindqvist's hurry for a deal as a chance to push for terms favourable to Norway.",
        "A quota deal under Lindqvist's terms risks being seen in Norway as an imposed defeat.",
        "Lindqvist won't hold out and will accept all of Norway's terms.",
    ]
    sim = [[1.0, 0.7, 0.45], [0.7, 1.0, 0.4], [0.45, 0.4, 1.0]]
    gated = merge._require_shared_words(sim, texts, 0.35, frozenset(), OSLO)
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
