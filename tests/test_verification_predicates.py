"""Verification rules of session 24 (issue 28), each on invented text of its shape.

Every rule is tested both ways: the faithful restatement it must keep and the changed one it
must catch. No sentence of a labelled set is used.
"""

from __future__ import annotations

import pytest

from briefing.verification import CitedText
from tests.support_cases import assert_verdict, verdict_of


def _note(text: str, doc: str = "note.txt") -> CitedText:
    return CitedText(text, doc=doc, author="Ines Moll", outlet="Harbour Review")


# --- an adjective said through a copula is about the copula's whole subject ----------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Moll thinks the official forecast of cargo for the new Sur terminal is optimistic.",
            True,
        ),
        # The opposite adjective, its subject's head noun far from it in both texts.
        (
            "Moll thinks the official forecast of cargo for the new Sur terminal is far too"
            " pessimistic.",
            False,
        ),
    ],
)
def test_an_adjective_is_read_against_its_subject_through_the_copula(claim: str, ok: bool) -> None:
    source = _note(
        "The Sur terminal is the obvious project, but I think the official forecast of cargo"
        " is optimistic."
    )
    assert_verdict(verdict_of(claim, source), ok, "antonyms")
