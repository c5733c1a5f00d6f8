"""Triage: which retrieved sentences get a model call (no model; lexical scoring)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from briefing.core.models import Sentence
from briefing.generation import triage
from briefing.verification.lexicon import group_of

TOPIC = "What does Norway want from Sweden on fishing?"


def sent(i: int, text: str, doc: str = "a.txt") -> Sentence:
    """A sentence at a made-up offset."""
    return Sentence(id=f"s{doc}{i}", doc=doc, start=i * 100, end=i * 100 + len(text), text=text)


def test_question_actors_split_the_subject_from_the_target() -> None:
    actors = triage.question_actors(TOPIC)
    assert actors.groups and actors.target_groups
    assert not actors.groups & actors.target_groups
    none = triage.question_actors("Why did the talks fail?")
    assert not none.groups and not none.target_groups


def test_the_subjects_aim_counts_and_the_targets_does_not() -> None:
    assert triage.states_aim(TOPIC, "Oslo wants Stockholm to reopen the northern fishing grounds.")
    assert triage.states_aim(TOPIC, "Norwegian officials hope the quota will be doubled next year.")
    # The target's own wish is not an answer to what the subject wants.
    assert not triage.states_aim(TOPIC, "Sweden, for its part, wants Norway to cut its quota.")
    # Announcing the aims is not stating them.
    assert not triage.states_aim(TOPIC, "Norway wants three things from the talks this spring.")
    assert not triage.states_aim(
        TOPIC, "The dispute is a symptom of what Norway wants from Sweden."
    )
    # ... but "What X wants is ..." states it.
    assert triage.states_aim(
        TOPIC, "What Norway really wants is for Sweden to lift the catch limits."
    )


def test_select_spends_calls_on_answers_not_background_or_questions() -> None:
    passages = {
        "p1": [
            sent(0, "The two countries have argued about fishing since the 1990s, officials said."),
            sent(1, "Norway wants Sweden to lift the limits on herring catches in the strait."),
            sent(2, "What does Norway want?"),
        ],
        "p2": [
            sent(3, "Weather in the strait was calm on Monday and the harbour was quiet.", "b.txt"),
            sent(
                4, "Oslo also hopes Stockholm will share data on cod stocks every month.", "b.txt"
            ),
        ],
    }
    units = triage.select(TOPIC, passages, k=2)
    answers = [u.sentences[-1].text for u in units]
    assert len(units) == 2
    assert any("herring" in a for a in answers) and any("cod stocks" in a for a in answers)
    assert all(not a.endswith("?") for a in answers)


def test_a_sentence_pointing_back_brings_the_one_before_it() -> None:
    passages = {
        "p1": [
            sent(0, "Norway has asked Sweden for a larger share of the mackerel quota."),
            sent(1, "It wants the share raised to forty percent by next summer, officials said."),
        ]
    }
    units = triage.select(TOPIC, passages, k=2)
    joined = [u for u in units if len(u.sentences) == 2]
    assert joined and joined[0].sentences[0].text.startswith("Norway has asked")


def test_what_a_passages_first_sentence_points_back_at_may_come_from_the_document() -> None:
    before = sent(0, "Norway has asked Sweden for a larger share of the mackerel quota.")
    first = sent(1, "It wants the share raised to forty percent by next summer, officials said.")
    passages = {"p2": [first]}  # the passage before it was not retrieved
    assert not [u for u in triage.select(TOPIC, passages, k=2) if first in u.sentences]
    units = triage.select(TOPIC, passages, k=2, previous={first.id: before})
    assert [u.sentences for u in units] == [[before, first]]


def test_calls_spread_over_documents_and_copies_lose_ties() -> None:
    many = {
        "p1": [
            sent(i, f"Norway wants Sweden to open fishing zone number {i} to its boats.")
            for i in range(6)
        ],
        "p2": [
            sent(9, "Norway wants Sweden to open fishing zone number 1 to its boats.", "copy.txt")
        ],
        "p3": [
            sent(8, "Oslo hopes Stockholm will agree to share its fishing patrol data.", "c.txt")
        ],
    }
    units = triage.select(TOPIC, many, k=4, per_doc=2, copies={"copy.txt": "a.txt"})
    docs = [u.sentences[-1].doc for u in units]
    assert docs.count("a.txt") <= 2
    assert "c.txt" in docs


def test_unstated_aim_catches_an_aim_the_source_does_not_state() -> None:
    cited = ["When talks begin to end the dispute, Norway demands concessions from Sweden."]
    assert triage.unstated_aim(TOPIC, "Norway wants to end the dispute.", cited)
    assert triage.unstated_aim(TOPIC, "Norway wants concessions from Sweden.", cited) is None
    # No word of intent in the claim: nothing to check.
    assert triage.unstated_aim(TOPIC, "Talks began on the dispute.", cited) is None


def test_another_countrys_aim_is_not_the_subjects() -> None:
    assert not triage.states_aim(TOPIC, "Denmark wants Sweden to close the strait in winter.")
    assert not triage.states_aim(TOPIC, "Copenhagen hopes the talks will fail this year.")
    # The nearest party named before the word of intent is the one who wants it.
    assert triage.states_aim(
        TOPIC, "Copenhagen disagrees, but Oslo wants the strait open all year."
    )


def test_the_subject_is_the_questions_head_noun() -> None:
    actors = triage.question_actors("What do Norwegian fishermen want from Sweden?")
    assert actors.names == frozenset(["fishermen"]) or "fishermen" in " ".join(actors.names)
    assert triage.states_aim(
        "What do Norwegian fishermen want from Sweden?",
        "Fishermen in the north want Sweden to share its patrol data.",
    )


def test_who_wants_it_is_read_in_the_same_sentence_and_carries_to_its_pronouns() -> None:
    # "it wants" continues the sentence's last party: still Sweden's wish.
    assert not triage.states_aim(
        TOPIC,
        "Sweden, by contrast, wants freedom of action: it wants to keep the right to close "
        "the grounds whenever it sees a risk.",
    )
    # A party at the end of the sentence before is not the one who wants in the next.
    assert triage.states_aim(
        TOPIC,
        "Strip away the slogans and Norway asks three things of Stockholm. First, it wants "
        "the quota doubled.",
    )
    # A quoted "We want…" is the speaker's, whom the attribution names.
    assert not triage.states_aim(
        TOPIC,
        '"We want a deal that works for our own fleet, on terms we can check," a Swedish '
        "minister told a fisheries conference in Gothenburg.",
    )
    assert triage.states_aim(
        TOPIC,
        '"We want the quota doubled," a Norwegian minister told reporters in Oslo on Monday.',
    )


def test_a_sentence_that_restates_the_question_ranks_below_an_answer() -> None:
    restates = sent(
        1, "Officials in Oslo spoke at length about what Norway wants from Sweden on fishing."
    )
    answer = sent(2, "Oslo hopes Stockholm will reopen the northern grounds.")
    assert triage.announces(restates.text, triage.intent_stems(TOPIC))
    assert not triage.announces(answer.text, triage.intent_stems(TOPIC))
    # It holds every word of the question, the answer few of them: still the answer first.
    low, high = triage.scores(TOPIC, [restates, answer])
    assert low < high
    (unit,) = triage.select(TOPIC, {"p1": [restates, answer]}, k=1)
    assert unit.sentences[-1] == answer


def test_a_sentence_shown_with_what_it_continues_takes_that_sentences_call() -> None:
    # "To this end, …" comes with the sentence it answers; the call for that sentence alone
    # would repeat it, so the fuller one replaces it and the document keeps a call to spare.
    first = sent(0, "Norway wants Sweden to lift the limits on herring catches in the strait.")
    then = sent(1, "To this end, Oslo wants Stockholm to open its cod grounds to Norwegian boats.")
    other = sent(2, "Oslo also hopes Stockholm will share data on mackerel stocks every month.")
    elsewhere = sent(
        5, "Norwegian officials hope the quota for salmon farms will be doubled.", "b.txt"
    )
    passages = {"p1": [first, then, other], "p2": [elsewhere]}
    units = triage.select(TOPIC, passages, k=4, per_doc=2)
    shown = [[s.id for s in u.sentences] for u in units]
    assert [first.id, then.id] in shown
    assert [first.id] not in shown
    assert [other.id] in shown and [elsewhere.id] in shown
    ids = [i for u in shown for i in u]
    assert len(ids) == len(set(ids)), shown


# --- questions of other shapes (invented text) ------------------------------------------------

SHAPES = {
    "What are Norway's aims in the Arctic?": (
        ["Oslo wants to keep the Arctic a region of low tension.",
         "Norwegian officials seek more fishing rights near Svalbard."],
        ["The Arctic Council seeks new observers.",
         "Moscow wants a larger military presence in the north."],
    ),
    "How does Russia see the West?": (
        ["Moscow views the West as a declining rival.",
         "Russian officials see Western sanctions as a siege."],
        ["Western capitals see Russia as a threat.", "Beijing sees the West as divided."],
    ),
    "What does Beijing fear?": (
        ["China fears a two-front trade war.", "Chinese leaders worry about capital flight."],
        ["Washington fears Chinese dominance in chips.", "European farmers fear cheap imports."],
    ),
    "What are the goals of Brazil at the WTO?": (
        ["Brasília seeks an end to farm subsidies.",
         "Brazilian negotiators want lower tariffs on ethanol."],
        ["The WTO aims to finish the round this year.", "India wants to protect its food stocks."],
    ),
}  # fmt: skip


@pytest.mark.parametrize("topic", sorted(SHAPES))
def test_questions_of_other_shapes_find_whose_view_a_sentence_states(topic: str) -> None:
    own, others = SHAPES[topic]
    for text in own:
        assert triage.states_aim(topic, text), text
        assert not triage.states_others_aim(topic, text), text
    for text in others:
        assert not triage.states_aim(topic, text), text
    # The target's view in the question's own words is another party's, not background.
    assert triage.states_others_aim(topic, others[0]), others[0]


@pytest.mark.parametrize(
    ("topic", "subject", "target"),
    [
        ("What are Norway's aims in the Arctic?", "norway", "arctic"),
        ("How does Russia see the West?", "russia", "west"),
        ("What are the goals of Brazil at the WTO?", "brazil", "wto"),
        ("What do European farmers want from the EU?", "farmer", None),
    ],
)
def test_the_subject_of_a_question_is_found_whatever_its_shape(
    topic: str, subject: str, target: str | None
) -> None:
    actors = triage.question_actors(topic)
    subject_group = group_of(subject)
    assert subject in actors.names or (
        subject_group is not None and subject_group in actors.groups
    ), actors
    if target is not None:
        target_group = group_of(target)
        assert target in actors.target_names or (
            target_group is not None and target_group in actors.target_groups
        ), actors


def test_merging_keeps_the_subjects_view_apart_from_the_targets_in_the_same_words() -> None:
    from briefing import compose
    from briefing.compose import Finding
    from briefing.core.models import Document, Sentence

    topic = "What does Beijing fear?"
    texts = {
        "a.txt": "China fears a trade war with Europe over electric vehicles.",
        "b.txt": "European carmakers fear a trade war with China over electric vehicles.",
    }
    docs = {d: Document(doc=d, sha256=d, size=1, author=d.upper()) for d in texts}
    findings = [
        Finding(text="x", sentences=[Sentence(id=f"{d}:1", doc=d, start=0, end=len(t), text=t)])
        for d, t in texts.items()
    ]
    context = compose.ComposeContext(
        documents=docs,
        check=lambda *_: "quoted",
        topic=topic,
        topic_words=triage.question_words(topic),
        answers=lambda t: triage.states_aim(topic, t),
        others=lambda t: triage.states_others_aim(topic, t),
    )
    judgments = compose.compose(findings, context).judgments
    assert [j.sources for j in judgments] == [1, 1]
    # Without telling whose view it is, the two read as one point: the rule is what holds them.
    merged = compose.compose(findings, replace(context, others=None)).judgments
    assert [j.sources for j in merged] == [2]
