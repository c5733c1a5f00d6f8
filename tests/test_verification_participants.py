"""Verification rules of session 25 (issue 28), each on invented text of its shape.

Every rule is tested both ways: the faithful restatement it must keep and the changed one it
must catch. No sentence of a labelled set is used.
"""

from __future__ import annotations

import pytest

from briefing.verification import CitedText
from briefing.verification.checks.recipients import tellings
from briefing.verification.tokens import analyze
from tests.support_cases import assert_verdict, verdict_of


def _note(text: str, doc: str = "note.txt") -> CitedText:
    return CitedText(text, doc=doc, author="Ines Moll", outlet="Harbour Review")


# --- who tells whom ---------------------------------------------------------------------


_TOLD_ME = _note("Two harbour masters have told me privately that they would accept a later start.")
_TOLD_THEM = _note(
    "Anders Lind, the fisheries minister, has assured the boat owners that the quota will hold."
)
_TOLD_US = _note("Inspectors told us at the hearing that the berth could close again next year.")


@pytest.mark.parametrize(
    ("claim", "source", "ok"),
    [
        (
            "Moll says two harbour masters privately told her they would accept a later start.",
            _TOLD_ME,
            True,
        ),
        # The writer made the teller, the harbour masters the ones told.
        (
            "Moll says she has privately told two harbour masters that they should accept a"
            " later start.",
            _TOLD_ME,
            False,
        ),
        (
            "Minister Anders Lind has assured the boat owners that the quota will hold.",
            _TOLD_THEM,
            True,
        ),
        # A passive with its agent: the same way round.
        (
            "The boat owners were assured by Anders Lind that the quota will hold.",
            _TOLD_THEM,
            True,
        ),
        # Both named: the owners made the ones who assure the minister.
        (
            "The boat owners have assured Anders Lind that the quota will hold.",
            _TOLD_THEM,
            False,
        ),
        # The speaker's "us": the inspectors are the ones who told, not the ones told.
        (
            "Moll says the owners told inspectors at the hearing that the berth could close.",
            _TOLD_US,
            False,
        ),
        (
            "Moll says inspectors told the owners at the hearing that the berth could close.",
            _TOLD_US,
            True,
        ),
    ],
)
def test_the_one_told_is_not_the_teller(claim: str, source: CitedText, ok: bool) -> None:
    assert_verdict(verdict_of(claim, source), ok, "roles")


def test_a_telling_is_read_with_its_teller_and_the_one_told() -> None:
    (told,) = tellings(analyze("Anders Lind, the minister, has told the owners in private."))
    assert (told.verb, told.shown_teller, told.shown_told) == ("tell", "Anders Lind", "the owners")
    # A negated telling says nothing of who told whom.
    assert tellings(analyze("Lind has not told the owners anything.")) == []
