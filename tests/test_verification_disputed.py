"""A claim that has someone dispute what the cited text asserts ("X doubts that P", "X denies
that P" where the source says P) reverses the source: a changed negation (issue 28). Invented
text, tested both ways."""

from __future__ import annotations

from briefing.verification import CitedText
from tests.support_cases import verdict_of


def _by(text: str, author: str = "Nkem Okafor") -> CitedText:
    return CitedText(text, doc="note.txt", context=text, author=author)


def test_a_doubt_of_what_the_source_asserts_is_a_changed_negation() -> None:
    note = _by("I think the harbour levy is a workable idea, and its cost is small.")
    ok, check = verdict_of("Okafor doubts that the harbour levy is a workable idea.", note)
    assert not ok and check == "negation"
    # The same view restated is kept.
    assert verdict_of("Okafor thinks the harbour levy is a workable idea.", note)[0]


def test_a_denial_of_what_the_source_concedes_is_a_changed_negation() -> None:
    column = _by(
        "I will grant the operators this much. Their ferry crews were at risk, and no ministry"
        " should pretend otherwise.",
        author="Eva Lindqvist",
    )
    ok, check = verdict_of("Lindqvist denies that the ferry crews were ever at risk.", column)
    assert not ok and check == "negation"


def test_a_doubt_the_source_words_itself_is_kept() -> None:
    claim = "Okafor doubts that the harbour levy is workable."
    # A negation of the clause, a word of falsehood, a belief held with doubt.
    assert verdict_of(claim, _by("I am not convinced the harbour levy is workable."))[0]
    assert verdict_of(claim, _by("I am less persuaded that the harbour levy is workable."))[0]
    assert verdict_of(
        "Okafor rejects the idea that the harbour levy is unfair.",
        _by("Those who call the harbour levy unfair are simply wrong."),
    )[0]


def test_a_verb_of_disputing_with_no_proposition_is_not_read_as_one() -> None:
    # "denied the crews access": an object, not a proposition the source asserts.
    cited = _by("The port authority barred the ferry crews from the harbour on Monday.")
    claim = "The port authority denied the ferry crews access to the harbour."
    assert verdict_of(claim, cited)[1] != "negation"
    # "rejected it, warning that …": the proposition is the warning's, not the rejection's.
    notice = _by(
        "When the council proposed the levy, the operators turned it down and warned that the"
        " ferry crews would lose their bonuses."
    )
    claim = (
        "When the council proposed the levy, the operators rejected it, warning that the ferry"
        " crews would lose their bonuses."
    )
    assert verdict_of(claim, notice)[0]
