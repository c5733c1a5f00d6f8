"""Verification rules of session 26 (issue 28): what a negation or a denying verb reaches.

Each rule is tested on invented text of its shape, both ways where it has two: the faithful
restatement it must keep and the changed one it must catch. No sentence of a labelled set
is used.
"""

from __future__ import annotations

import pytest

from briefing.verification import CitedText
from briefing.verification.tokens import analyze
from tests.support_cases import assert_verdict, verdict_of


def _voice(text: str, doc: str = "interview.txt") -> CitedText:
    return CitedText(text, doc=doc, author="Lena Moraes", outlet="Valley Courier")


# --- a pronoun with its auxiliary contracted is no content word ---------------------------


def test_a_contracted_pronoun_is_no_content_word() -> None:
    toks = analyze("We're sure they've left, and it's late; Senegal's boats stayed.").toks
    content = {t.low for t in toks if t.content}
    assert not content & {"we're", "they've", "it's"}
    assert "senegal's" in content or "senegal" in content


# --- a verb's "to" opens its complement, not an ending of the verb ------------------------

_NOT_TRYING = _voice("We're not trying to stop the canal closing in winter.")
_NOT_WANTING = _voice("The growers do not want to end the inquiry into the canal.")


@pytest.mark.parametrize(
    ("claim", "source", "ok"),
    [
        ("The growers are trying to stop the canal closing in winter.", _NOT_TRYING, False),
        ("The growers are not trying to stop the canal closing in winter.", _NOT_TRYING, True),
        ("The growers want to end the inquiry into the canal.", _NOT_WANTING, False),
        ("The growers do not want to end the inquiry into the canal.", _NOT_WANTING, True),
    ],
)
def test_a_denied_attempt_stays_denied(claim: str, source: CitedText, ok: bool) -> None:
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- a denied wish whose content is an ending ---------------------------------------------

_NOT_ASKING = _voice('"We are not asking for the levy to be scrapped forever," Moraes said.')


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        # "scrapped" is what the cited denial denies, not the claim's own denial of it.
        ("Moraes said the growers want the levy scrapped for good.", False),
        ("Moraes said the growers do not want the levy scrapped for good.", True),
    ],
)
def test_a_denied_wish_to_end_something(claim: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, _NOT_ASKING), ok, "negation")


# --- where a denied clause ends --------------------------------------------------------------


def test_a_new_verb_of_intent_after_and_ends_the_denied_clause() -> None:
    source = _voice(
        "She said the growers are not seeking to close the mill and hope the council will"
        " reply before the June deadline."
    )
    ok, _ = verdict_of(
        "The growers would like the council to reply before the June deadline.", source
    )
    assert ok


# --- a passive denying verb denies its subject, past an aside -----------------------------


def test_a_passive_removal_restates_a_no_longer() -> None:
    source = _voice(
        "The final text no longer includes a demand for a port levy on cruise ships.",
        doc="wire.txt",
    )
    ok, _ = verdict_of(
        "The wire reports that the demand for a port levy on cruise ships, present in earlier"
        " versions, was struck out of the final text.",
        source,
    )
    assert ok
