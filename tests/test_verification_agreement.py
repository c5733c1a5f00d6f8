"""A claim that says its sources agree ("according to both", "both report") is held to each of
them: where one says the opposite, or the two cited texts say opposite things, the claim has
merged a disagreement (issue 28). Invented text, tested both ways."""

from __future__ import annotations

import pytest

from briefing.verification import CitedText
from briefing.verification.checks.antonyms import check_antonyms
from briefing.verification.evidence import make_evidence
from briefing.verification.meaning import assess, contradicts
from briefing.verification.tokens import analyze
from tests.support_cases import verdict_of


def _cited(text: str, doc: str) -> CitedText:
    return CitedText(text, doc=doc, context=text)


def test_according_to_both_is_held_to_each_source() -> None:
    wire = _cited("Governor Ana Ruiz supports armed escorts for the river convoys.", "wire.txt")
    column = _cited(
        "Governor Ana Ruiz supports armed escorts for the convoys, I am told.", "col.txt"
    )
    claim = "Governor Ana Ruiz supports armed escorts for the convoys, according to both sources."
    assert verdict_of(claim, wire, column)[0]
    against = _cited("Governor Ana Ruiz has opposed armed escorts for the convoys.", "col.txt")
    ok, check = verdict_of(claim, wire, against)
    assert not ok and check == "merged"
    # Without the claim of agreement, one source's view stated is not a merge.
    assert verdict_of("Governor Ana Ruiz supports armed escorts for the convoys.", wire)[0]


def test_sources_that_say_opposite_things_do_not_agree() -> None:
    wire = _cited("Minister Ana Ruiz backed Lima's call for a binding deal on Tuesday.", "wire.txt")
    column = _cited(
        "Minister Ana Ruiz has said she opposes a binding deal and prefers a loose arrangement.",
        "col.txt",
    )
    claim = "Minister Ana Ruiz has sided with Lima on a binding deal, as both reports confirm."
    ok, check = verdict_of(claim, wire, column)
    assert not ok and check == "merged"
    # A claim that keeps the two sides apart is the disagreement as it is.
    kept = (
        "Minister Ana Ruiz backed Lima's call for a binding deal on Tuesday, though she has also"
        " said she opposes one and prefers a loose arrangement."
    )
    assert verdict_of(kept, wire, column)[0]


def test_one_figure_from_two_named_sources_is_held_to_each() -> None:
    """ "according to A and B" and "the figure given both in A and in B" say two sources agree:
    one of them giving another figure for the same thing is a merged disagreement."""
    wire = _cited(
        "Port chief Luis Reyes said he wants a dredging budget of 80 million dollars.", "w.txt"
    )
    plan = _cited("Mayor Ona Diaz said the dredging budget is 95 million dollars.", "plan.txt")
    same = _cited("Mayor Ona Diaz said the dredging budget is 80 million dollars.", "plan.txt")
    for claim in (
        "The port seeks 80 million dollars for dredging, according to Reyes and Diaz.",
        "The port wants 80 million dollars for dredging, the figure given both by Reyes and by"
        " Mayor Diaz.",
    ):
        ok, check = verdict_of(claim, wire, plan)
        assert not ok and check == "merged", claim
        assert verdict_of(claim, wire, same)[0], claim
    # A figure the claim itself gives as well is no other reading: "from 80 to 95 million"
    # where one source has only the new budget.
    old = _cited("Port chief Luis Reyes said the budget was 80 million dollars last year.", "w.txt")
    rise = (
        "The dredging budget rises from 80 million dollars to 95 million dollars, according to"
        " Reyes and Diaz."
    )
    assert verdict_of(rise, old, plan)[0]


def test_a_figure_that_counts_something_else_is_no_disagreement() -> None:
    """Two figures are one quantity only when they count the same thing: "a five-year
    window" and "two senior aides" are not two readings of one number."""
    wire = _cited(
        "Two senior aides said the ministry would reject a window beyond one cycle.", "w.txt"
    )
    ledger = _cited(
        "Officials said the ministry would reject a window longer than five years.", "l.txt"
    )
    claim = (
        "The ministry will reject a window longer than a single five-year cycle, according to"
        " senior aides and officials."
    )
    assert verdict_of(claim, wire, ledger)[0]
    other = _cited(
        "Officials said the ministry would reject a window longer than eight years.", "l.txt"
    )
    ok, check = verdict_of(claim, wire, other)
    assert not ok and check in ("merged", "numbers")


def test_a_party_cited_for_a_dropped_demand_that_says_it_stands() -> None:
    """ "X dropped the demand, as both A and B confirm" where B says it is still on the table:
    B is cited for the very point, so its opposite word counts even near other words."""
    wire = _cited(
        "Okoro said the guild had dropped its demand for a national tariff on imported rice.",
        "wire.txt",
    )
    talk = _cited("Bello: That is wrong. The tariff request is still on the table.", "talk.txt")
    claim = (
        "The guild has dropped its demand for a national rice tariff, as both Okoro and the"
        " former chair Bello confirm."
    )
    ok, check = verdict_of(claim, wire, talk)
    assert not ok and check == "merged"
    agree = _cited("Bello: Yes, the guild gave up that demand in March.", "talk.txt")
    assert verdict_of(claim, wire, agree)[0]
    # A claim that holds both ways itself ("contrary to reports it was dropped") is not one
    # side of the two: the opposite word anywhere in a source does not flip it.
    both = analyze(
        "Contrary to reports that it was dropped, the guild's tariff request still stands."
    )
    # (a source about other words: the ordinary check, near the same words, is not at play)
    dropped = make_evidence([_cited("Officials said the package was dropped in March.", "w.txt")])
    assert check_antonyms(both, dropped, anywhere=True) is None
    assert (
        check_antonyms(analyze("The guild's tariff request still stands."), dropped, anywhere=True)
        is not None
    )


def test_the_word_that_says_who_agrees_is_not_the_point_agreed() -> None:
    """ "ministers say they agree with it" is the agreement itself: a cited "refusing" about
    something else in the other source is not its opposite."""
    note = _cited(
        "I expect the council to grant the guild's request, because refusing would be costly.",
        "note.txt",
    )
    column = _cited("The ministers say they agree.", "col.txt")
    claim = (
        "The analyst expects the council to grant the guild's request, while the ministers say"
        " they agree with it."
    )
    assert verdict_of(claim, note, column)[0]


def test_a_noun_is_not_the_opposite_of_a_verbs_synonym() -> None:
    """ "the contracts at the base" (a noun, after "the") is no opposite of "the economic
    benefits" (whose WordNet verb synonym "gain" has "contract" as an opposite): two sources
    asking for both do not disagree. The verb itself still flips."""
    wants = "The island wants a larger share of the economic benefits from the air base."
    other = _cited("The island should secure a fair share of the contracts at the air base.", "b")
    assert not contradicts(wants, other)
    shrank = _cited("Exporters' sales contracted under the trade pact last year.", "b.txt")
    ok, check = verdict_of("Exporters benefited from the trade pact last year.", shrank)
    assert not ok and check == "antonyms"


def test_a_party_that_denies_the_figure_does_not_agree_on_it() -> None:
    wire = _cited(
        "She said the port had presented data showing that it covers about 40 percent of the"
        " non-dredging cost of the harbour.",
        "w.txt",
    )
    text = (
        "By my own calculation, the port's direct payments cover roughly a third of the"
        " non-dredging cost of running the harbour, not the 40 percent figure the harbour board"
        " likes to cite."
    )
    note = CitedText(text, doc="n.txt", context=text, author="Eva Holm")
    claim = (
        "The port covers about 40 percent of the non-dredging cost of the harbour, according to"
        " both the harbour board and Holm's own calculation."
    )
    ok, check = verdict_of(claim, wire, note)
    assert not ok and check == "merged"
    # A party that gives the figure itself agrees.
    text = "By my own calculation, the port covers about 40 percent of the non-dredging cost."
    same = CitedText(text, doc="n.txt", context=text, author="Eva Holm")
    assert verdict_of(claim, wire, same)[0]


def test_two_as_clauses_claim_agreement_and_a_party_that_calls_it_false_breaks_it() -> None:
    wire = _cited(
        "The league has dropped its demand to tie the fee to inflation, two officials said.",
        "wire.txt",
    )
    talk = _cited(
        "That is not accurate. The link to inflation remains part of our proposal.", "talk.txt"
    )
    claim = (
        "The league has given up its demand to tie the fee to inflation, as the wire reported"
        " and as the chair's remarks confirm."
    )
    ok, check = verdict_of(claim, wire, talk)
    assert not ok and check == "merged"
    # A claim that reports the dispute itself keeps it.
    note = _cited(
        "I do not accept reports that the league has dropped its demand to tie the fee to"
        " inflation; its deputy chair told me the demand stands.",
        "note.txt",
    )
    claim = (
        "Contrary to reports that it was dropped, the league's demand to tie the fee to"
        " inflation still stands, according to both the chair and the deputy chair."
    )
    assert verdict_of(claim, note, talk)[0]


def test_a_demand_said_dropped_by_both_where_one_is_a_list_that_still_states_it() -> None:
    note = _cited(
        "Union leaders told me they have quietly dropped their call for a night-shift bonus.",
        "note.txt",
    )
    listing = CitedText(
        "4. Operators shall pay a night-shift bonus of 15 percent.",
        doc="list.txt",
        context="3. Operators shall publish rosters.\n\n4. Operators shall pay a night-shift bonus of"
        " 15 percent.",
    )
    claim = (
        "The unions have dropped their call for a night-shift bonus, as both the note and the"
        " published list show."
    )
    ok, check = verdict_of(claim, note, listing)
    assert not ok and check == "merged"
    # Said of the note alone, it is what the note says.
    claim = "The unions have dropped their call for a night-shift bonus, union leaders say."
    assert verdict_of(claim, note)[0]


# --- a demand given up against one "on the table" (session 22) --------------------------

_DROPPED = "I think the union has quietly dropped its demand that the ministry reinstate the sacked drivers."
_ON_TABLE = "The demand for the reinstatement of the drivers is on the table at every meeting."


def test_a_demand_dropped_and_one_on_the_table_disagree() -> None:
    assert contradicts(_DROPPED, CitedText(_ON_TABLE, doc="b.txt"))


@pytest.mark.parametrize(
    "other",
    [
        # Not dropped: both say the demand stands.
        "The union has not dropped its demand that the ministry reinstate the sacked drivers.",
        # A dropped demand reported only to be denied is no stand given up.
        "Despite reports that it had quietly dropped its demand that the ministry reinstate"
        " the sacked drivers, the union says nothing has changed.",
    ],
)
def test_a_stand_read_across_the_sentence_only_where_it_is_asserted(other: str) -> None:
    assert not contradicts(other, CitedText(_ON_TABLE, doc="b.txt"))


def test_an_offer_on_the_table_is_no_demand_kept() -> None:
    # "is on the table" marks a demand in force only where a demand is its subject.
    offer = "A new pay offer is on the table at every meeting with the drivers."
    assert not contradicts(_DROPPED, CitedText(offer, doc="b.txt"))


@pytest.mark.parametrize(
    ("one", "other", "disagree"),
    [
        (
            "The deputy minister has argued inside cabinet for opening the border crossings.",
            "The deputy minister has opposed proposals to open the border crossings.",
            True,
        ),
        (
            "The deputy minister argued for opening the border crossings.",
            "The deputy minister supports opening the border crossings.",
            False,
        ),
        (
            # "warned for" says no support: warning is not in the list of verbs that back
            "The deputy minister warned for weeks that opening the border crossings was risky.",
            "The deputy minister has opposed proposals to open the border crossings.",
            False,
        ),
    ],
)
def test_arguing_for_is_supporting(one: str, other: str, disagree: bool) -> None:
    assert contradicts(one, CitedText(other, doc="b.txt")) is disagree


@pytest.mark.parametrize(
    ("second", "ok"),
    [
        # Names the claim's figure as someone else's, and gives its own.
        (
            "By my count the herd is closer to 5,200 head, well above the 4,800 figure the"
            " ministry quotes.",
            False,
        ),
        ("The ministry's own census also puts the herd at 4,800 head.", True),
    ],
)
def test_a_figure_named_as_anothers_is_no_agreement_on_it(second: str, ok: bool) -> None:
    claim = "The ministry and the herders' union both put the herd at about 4,800 head."
    sources = [
        CitedText("The ministry says the herd stands at about 4,800 head.", doc="a.txt"),
        CitedText(second, doc="b.txt"),
    ]
    assert assess(claim, sources).ok is ok


@pytest.mark.parametrize(
    ("second", "ok"),
    [
        # The party sets the same country aside by its capital: agreement.
        (
            "The treaty died in Nairobi, not in Kampala, because Kenyan politicians feared that"
            " sharing the lake with Uganda would cost them votes.",
            True,
        ),
        # The party says the treaty died in Uganda: it says otherwise.
        ("The treaty died in Uganda, where parliament refused to ratify it.", False),
    ],
)
def test_a_place_set_aside_by_another_of_its_names_is_agreement(second: str, ok: bool) -> None:
    claim = "Both the wire and the column say the treaty was sunk in Kenya rather than in Uganda."
    sources = [
        CitedText("The treaty collapsed after Kenya's parliament voted it down.", doc="a.txt"),
        CitedText(second, doc="b.txt"),
    ]
    assert assess(claim, sources).ok is ok
