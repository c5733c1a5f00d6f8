"""Verification rules of session 28 (issue 28): the same thing said in another form, and a
change said in a form the checks did not read.

Each rule is tested on invented text of its shape, both ways where it has two: the faithful
restatement it must keep and the changed one it must catch. No sentence of a labelled set
is used.
"""

from __future__ import annotations

import pytest

from briefing.verification import CitedText
from tests.support_cases import assert_verdict, verdict_of, wire


def _wire(text: str, document: str = "") -> CitedText:
    return wire(text, document=document or text)


# --- a negation in a past counterfactual supposes the opposite of what happened -------------


@pytest.mark.parametrize(
    ("claim", "source", "ok"),
    [
        (
            "The mill owners raised their prices twice last year.",
            "The mill owners' plea of poverty would carry more weight if they had not raised"
            " their prices twice last year.",
            True,
        ),
        (
            "The port authority dredged the channel in March.",
            "Had the port authority not dredged the channel in March, the ferries could not"
            " have sailed.",
            True,
        ),
        (
            "The mill owners raised their prices twice last year.",
            "The mill owners had not raised their prices last year, the trade body said.",
            False,
        ),
        (
            "The mill owners raised their prices twice last year.",
            "The mill owners, who had not raised their prices twice last year, would not comment.",
            False,
        ),
    ],
)
def test_a_counterfactual_negation_supposes_what_happened(
    claim: str, source: str, ok: bool
) -> None:
    assert_verdict(verdict_of(claim, _wire(source)), ok, "negation")


# --- a negated verb of opinion denies what it governs ----------------------------------------


_OPINION = (
    "I do not believe the mayor will accept the new bus depot outright, because the budget is"
    " tight. What he may accept is a smaller depot."
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Quispe believes the mayor will refuse the new bus depot outright, though he may accept"
            " a smaller depot.",
            True,
        ),
        (
            "Quispe believes the mayor will not accept the new bus depot outright, though he may"
            " accept a smaller depot.",
            True,
        ),
        (
            "Quispe believes the mayor will accept the new bus depot outright, though he may accept"
            " a smaller depot.",
            False,
        ),
        (
            "Quispe believes the mayor will back the new bus depot outright, though he may accept"
            " a smaller depot.",
            False,
        ),
    ],
)
def test_a_negated_opinion_verb_denies_what_it_governs(claim: str, ok: bool) -> None:
    source = CitedText(
        _OPINION,
        doc="column.txt",
        author="Ana Quispe",
        outlet="Altiplano Review",
        document=_OPINION,
    )
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- "would not otherwise find": the negation's head is the verb, not the adverb --------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Ilgaz says his platform serves only licensed boats and brings them cargo they would"
            " otherwise miss.",
            True,
        ),
        (
            "Ilgaz says his platform serves only licensed boats and brings them cargo they would"
            " otherwise find.",
            False,
        ),
    ],
)
def test_otherwise_is_not_what_a_negation_denies(claim: str, ok: bool) -> None:
    source = _wire(
        '"We serve only licensed boats, and we bring them cargo they would not otherwise find,"'
        " Ilgaz said."
    )
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- "probably not", "not likely to" restate "unlikely to" ------------------------------------

_LIKELY = "The ministry's draft is likely to require a permit, but it is unlikely to set a fee cap."


@pytest.mark.parametrize(
    ("claim", "ok", "check"),
    [
        ("Hale expects the draft to require a permit but probably not to set a fee cap.", True, ""),
        ("The draft is likely to require a permit but is not likely to set a fee cap.", True, ""),
        (
            "Hale expects the draft to require a permit and probably to set a fee cap.",
            False,
            "negation",
        ),
    ],
)
def test_a_likelihood_word_next_to_not_is_its_opposite(claim: str, ok: bool, check: str) -> None:
    assert_verdict(verdict_of(claim, _wire(_LIKELY)), ok, check)
