"""Verification rules of session 24 (issue 28), each on invented text of its shape.

Every rule is tested both ways: the faithful restatement it must keep and the changed one it
must catch. No sentence of a labelled set is used.
"""

from __future__ import annotations

import pytest

from briefing.verification import CitedText
from briefing.verification.meaning import contradicts
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


# --- a demand "no longer on the table" is one given up, as "dropped" ------------------------


@pytest.mark.parametrize(
    ("claim", "cited", "ok", "check"),
    [
        # Given up in other words: kept.
        (
            "Moll says the port has dropped its plan for a night levy.",
            "The plan for a night levy is no longer on the table.",
            True,
            "",
        ),
        (
            "Moll says the plan for a night levy is no longer on the table.",
            "The port has dropped its plan for a night levy.",
            True,
            "",
        ),
        # Still held, said to be given up; and the other way round.
        (
            "Moll says the plan for a night levy is no longer on the table.",
            "I would not call it dropped. The plan for a night levy is still on the table.",
            False,
            "antonyms",
        ),
        (
            "Moll says the plan for a night levy is not on the table.",
            "The plan for a night levy is on the table at every meeting.",
            False,
            "antonyms",
        ),
        (
            "Moll says the plan for a night levy is still on the table.",
            "The plan for a night levy is no longer on the table.",
            False,
            "antonyms",
        ),
    ],
)
def test_a_demand_no_longer_on_the_table_is_given_up(
    claim: str, cited: str, ok: bool, check: str
) -> None:
    assert_verdict(verdict_of(claim, _note(cited)), ok, check)


# --- "set according to the Rhine's level": a measure, not a source --------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        # By what measure the fee is set: nobody is said to say anything.
        ("The port wants a mooring fee, set according to the Rhine's level each week.", True),
        # Who says it: the Rhine Commission is no voice of the cited text.
        ("According to the Rhine Commission, the port wants a weekly mooring fee.", False),
        ("The port wants a weekly mooring fee, according to Rhine Commission officials.", False),
    ],
)
def test_according_to_after_a_verb_and_before_a_possessive_is_a_measure(
    claim: str, ok: bool
) -> None:
    source = _note(
        "The port says barge owners shall pay a mooring fee, set each week by the harbour"
        " master according to the level of the Rhine, which the Rhine Commission publishes."
    )
    assert_verdict(verdict_of(claim, source), ok, "attribution")


# --- "will not promise" for "cannot promise": a refusal, no certainty added ------------------


@pytest.mark.parametrize(
    ("claim", "ok", "check"),
    [
        (
            "Moll says the port aims for 45 barges a day by spring, provided the river is high,"
            " but she will not promise more than that.",
            True,
            "",
        ),
        # A "will" about what the text only hopes for is still an added certainty.
        (
            "Moll says the port will reach 45 barges a day by spring, but she will not promise"
            " more than that.",
            False,
            "certainty",
        ),
    ],
)
def test_a_negated_will_the_text_denies_as_well_is_a_refusal(
    claim: str, ok: bool, check: str
) -> None:
    source = _note(
        "We handle 40 barges a day now and we aim to reach 45 by spring if the river is high."
        " I cannot promise more than that."
    )
    assert_verdict(verdict_of(claim, source), ok, check)


# --- the cited text's own "will" vouches only for what it says will happen -------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        # The "will" the text itself has: the cost.
        (
            "Moll says the new lock, officially estimated at 900 million euros, will cost that.",
            True,
        ),
        ("Moll says the new lock will cost 900 million euros and could supply more water.", True),
        # The water is only what the lock "could" supply.
        (
            "Moll says the new lock, officially estimated at 900 million euros, will provide"
            " enough water for ten more barges a day.",
            False,
        ),
    ],
)
def test_a_cited_will_vouches_for_its_own_predicate_only(claim: str, ok: bool) -> None:
    source = _note(
        "The centrepiece is a new lock, which officials estimate will cost 900 million euros"
        " and could supply enough water for roughly ten more barges a day."
    )
    assert_verdict(verdict_of(claim, source), ok, "certainty")


# --- "No ship, tanker or barge, shall receive …": the aside does not end the denial ---------


_CHARTER = "No ship, tanker or barge, shall receive a priority berth beyond the charter's terms."


@pytest.mark.parametrize(
    ("column", "ok"),
    [
        # The column denies the same predicate: the two agree.
        (
            "No priority berth for any tanker, no discount for any flag, and a fair price for fuel.",
            True,
        ),
        # The column grants what the charter denies: a disagreement merged into agreement.
        ("Every tanker shall receive a priority berth, and every flag a discount.", False),
    ],
)
def test_a_negated_subject_denies_its_predicate_past_an_aside(column: str, ok: bool) -> None:
    other = CitedText(column, doc="column.txt", author="Rui Vaz", outlet="Dock Ledger")
    claim = "Both the charter and Vaz's column reject any priority berth for tankers."
    charter = _note(_CHARTER, doc="charter.txt")
    assert_verdict(verdict_of(claim, charter, other), ok, "" if ok else "merged")


@pytest.mark.parametrize(
    ("claim", "ok", "check"),
    [
        ("Moll says the charter rules out a priority berth for any tanker.", True, ""),
        ("Moll says tankers shall receive a priority berth under the charter.", False, "negation"),
    ],
)
def test_the_predicate_of_a_negated_subject_is_denied(claim: str, ok: bool, check: str) -> None:
    assert_verdict(verdict_of(claim, _note(_CHARTER)), ok, check)


# --- "pays tourists whose sailings are cancelled": the people paid, nothing given after -----


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The union wants a fund, paid for by the port, that pays island residents whose"
            " ferries are cancelled.",
            True,
        ),
        # Paid to people the cited text never names.
        (
            "The union wants a fund, paid for by the port, that pays tourists and other visitors"
            " whose ferries are cancelled.",
            False,
        ),
    ],
)
def test_the_people_a_transfer_pays_are_its_receivers(claim: str, ok: bool) -> None:
    source = _note(
        "The union wants a compensation fund for island residents and businesses, paid for by"
        " the port, for ferries cancelled for reasons other than weather."
    )
    assert_verdict(verdict_of(claim, source), ok, "beneficiary")


# --- a line's severity: "firmer" against "gentler" -------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll says the barge owners deserve a firmer warning than the city does.", True),
        ("Moll says the barge owners deserve a gentler warning than the city does.", False),
        ("Moll says the barge owners deserve a milder warning than the city does.", False),
    ],
)
def test_a_firmer_line_is_not_a_gentler_one(claim: str, ok: bool) -> None:
    source = _note("The city needs a warning. The barge owners deserve a firmer warning still.")
    assert_verdict(verdict_of(claim, source), ok, "antonyms")


def test_a_firm_is_a_company_not_a_line() -> None:
    source = _note("Regulators want lower penalties for the firm that runs the barges.")
    claim = "Moll says regulators want milder penalties for the company that runs the barges."
    assert verdict_of(claim, source)[1] != "antonyms"


# --- a word of accomplishment used as a noun, or a participle describing a noun --------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        # What is sought is named: "the economic gains", "an order forcing the ferries".
        ("The council is seeking a bigger share of the economic gains from the new port.", True),
        (
            "The council's suit asks for damages and a court order forcing the ferry company to"
            " publish its timetable.",
            True,
        ),
        # Sought, restated as won.
        (
            "The council has secured a bigger share of the economic benefits from the new port.",
            False,
        ),
    ],
)
def test_an_accomplishment_word_naming_what_is_sought_is_no_accomplishment(
    claim: str, ok: bool
) -> None:
    source = _note(
        "The council said it wants a larger share of the economic benefits of the new port."
        " Its suit seeks damages and a court order requiring the ferry company to publish its"
        " timetable."
    )
    assert_verdict(verdict_of(claim, source), ok, "hedges")


# --- "one of the biggest" restated as "the biggest" -----------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll says Antwerp is one of Europe's biggest barge ports.", True),
        ("Moll says Antwerp ranks among the biggest barge ports in Europe.", True),
        ("Moll says Antwerp is Europe's biggest barge port.", False),
        ("Moll says Antwerp is the most crowded barge port in Europe.", False),
    ],
)
def test_one_of_the_biggest_is_not_the_biggest(claim: str, ok: bool) -> None:
    source = _note(
        "Antwerp is one of Europe's biggest barge ports and one of the most crowded, with about"
        " 300 barges a day."
    )
    assert_verdict(verdict_of(claim, source), ok, "overreach")


# --- whom a demand is put to: two parties swapped -------------------------------------------

_DEMANDS = (
    "The island council is pressing Oslo for 900 million crowns to build a ferry pier at"
    " Hamnvik and is seeking long-term fuel guarantees from Stockholm."
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The council wants Oslo to fund the Hamnvik pier and is looking to Stockholm for fuel"
            " guarantees.",
            True,
        ),
        # The same two demands, each put to the other party.
        (
            "The council wants Stockholm to fund the Hamnvik pier and is looking to Oslo for fuel"
            " guarantees.",
            False,
        ),
    ],
)
def test_a_demand_put_to_the_other_party_is_roles_swapped(claim: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, _note(_DEMANDS)), ok, "roles")


def test_one_party_named_in_fewer_words_is_the_same_party() -> None:
    source = _note("The union is urging the European Commission to halt the quota swap.")
    claim = "The union wants the Commission to halt the quota swap."
    assert verdict_of(claim, source) == (True, "")


# --- "should insist that X commit": a demand, not a report -----------------------------------


@pytest.mark.parametrize(
    ("other", "disagree"),
    [
        # A demand kept (the bare verb after "insist that") against one given up.
        (
            "The port should insist, as its pilots did in May, that barges book berths a year ahead.",
            True,
        ),
        ("The port should insist on barges booking berths a year ahead.", True),
        # A report of what is so ("insisted that … was"): no demand, so nothing given up.
        ("The port insisted that barges were booking berths a year ahead.", False),
    ],
)
def test_insisting_that_someone_do_something_is_a_demand(other: str, disagree: bool) -> None:
    dropped = "The port has dropped an earlier demand that barges book berths a year ahead."
    assert contradicts(dropped, CitedText(other, doc="b.txt")) is disagree


# --- a word of certainty that describes a noun or a destination ------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll says the port is after assured long-term demand for its barges.", True),
        ("Moll wants the discounted tariff kept for grain bound for Baltic ports.", True),
        # The claim's own certainty.
        ("Moll says the port is assured of long-term demand for its barges.", False),
    ],
)
def test_a_certainty_adjective_before_its_noun_describes_it(claim: str, ok: bool) -> None:
    source = _note(
        "What the port wants is guaranteed long-term demand for its barges, and the"
        " discounted tariff kept for grain crossing to the Baltic ports."
    )
    assert_verdict(verdict_of(claim, source), ok, "certainty")


# --- "the analyst, the columnist and the minister all present …": "all" counts the list -------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The analyst, the columnist and the minister all describe the new pier as a spare.", True),
        # "all" of a group the cited text speaks for only in part.
        ("Moll says the ministers all describe the new pier as a spare.", False),
    ],
)
def test_all_after_a_list_of_voices_counts_the_list(claim: str, ok: bool) -> None:
    source = _note("One minister describes the new pier as a spare, not a replacement.")
    assert_verdict(verdict_of(claim, source), ok, "overreach")


# --- "that year" after a year the claim gives: the time named again --------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Moll said the berth leases will not all lapse in 2027, with only the first expiring"
            " that year and others running into the 2030s.",
            True,
        ),
        # A year the claim has not given: a time the cited text does not give.
        (
            "Moll said the berth leases will not all lapse, with only the first expiring that"
            " year and others running into the 2030s.",
            False,
        ),
    ],
)
def test_that_year_after_a_year_the_claim_gives_refers_back(claim: str, ok: bool) -> None:
    source = _note(
        "The leases do not all expire in 2027. The first ones expire then; others run into the"
        " 2030s."
    )
    assert_verdict(verdict_of(claim, source), ok, "time")


# --- "not expected to open": the negation is raised over "expected" --------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The Hamnvik pier, which runs 272 metres to the channel, is not expected to start"
            " operating before 2027.",
            True,
        ),
        # The verb after "to" asserted where the text denies it.
        ("The Hamnvik pier is expected to start operating before 2027.", False),
    ],
)
def test_a_negation_before_expected_denies_the_verb_after_it(claim: str, ok: bool) -> None:
    wire = _note(
        "The port will sign an agreement with Oslo on May 20 covering the Hamnvik pier, a"
        " 272-metre pier to the channel that is due to open in 2027.",
        doc="wire.txt",
    )
    note = CitedText(
        "The agreement with Oslo is expected to be signed in late May, but the pier itself will"
        " not start operating before 2027, and the problem is happening now.",
        doc="analysis.txt",
        author="Rui Vaz",
    )
    assert_verdict(verdict_of(claim, wire, note), ok, "negation")


# --- a speaker named by the initials of the name the cited text gives ------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("NHR says the new line could carry up to 20 million tonnes a year.", True),
        # Initials of no name the text gives: someone else.
        ("NSB says the new line could carry up to 20 million tonnes a year.", False),
    ],
)
def test_a_speaker_by_the_initials_of_its_name(claim: str, ok: bool) -> None:
    source = _note(
        "The state railway, Norsk Havne Rail, says the line could move up to 20 million tonnes"
        " of freight a year."
    )
    assert_verdict(verdict_of(claim, source), ok, "attribution")


# --- a view the claim gives another holder in a later clause is not the first subject's -----


def _sides() -> tuple[CitedText, CitedText]:
    wire = _note(
        'Opposition deputy Lena Dahl said the port was trading one landlord for another. "We'
        ' are running from one owner into the arms of the next," she said.',
        doc="wire.txt",
    )
    interview = CitedText(
        "Berg: I understand the worry. But a port with two owners is stronger than a port with"
        " one.",
        doc="interview.txt",
        author="Rui Vaz",
        outlet="Dock Ledger",
    )
    return wire, interview


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Deputy Lena Dahl accuses the port of trading one landlord for another, a charge Berg"
            " says he understands, though he argues a port with two owners is stronger.",
            True,
        ),
        # Berg's first-person view given to Dahl.
        (
            "Deputy Lena Dahl argues that a port with two owners is stronger than a port with one.",
            False,
        ),
    ],
)
def test_a_later_holder_s_view_is_not_the_first_subject_s(claim: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, *_sides()), ok, "attribution")


# --- a country by another name WordNet gives it ("Uzbek", "Burma") ---------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll wants the new line kept under majority Uzbek control.", True),
        # Another country's control.
        ("Moll wants the new line kept under majority Kazakh control.", False),
    ],
)
def test_a_country_by_another_name_wordnet_gives_it(claim: str, ok: bool) -> None:
    source = _note("Moll says Uzbekistan must keep majority control of the new line.")
    assert verdict_of(claim, source)[0] is ok


# --- attitude and appetite for risk: "sympathetic" / "hostile", "cautious" / "bolder" --------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll says the council has been broadly supportive of the port.", True),
        ("Moll says the council has been broadly hostile to the port.", False),
        ("Moll notes that lenders have grown warier of the port since 2022.", True),
        ("Moll notes that lenders have grown bolder with the port since 2022.", False),
    ],
)
def test_attitude_and_risk_opposites(claim: str, ok: bool) -> None:
    source = _note(
        "The council has been broadly sympathetic to the port. Lenders have become more cautious"
        " about the port since 2022."
    )
    assert_verdict(verdict_of(claim, source), ok, "antonyms")


# --- "I do not think X will be reversed": the negation is raised to the clause's verb --------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll doubts the ban on new berths will be reversed.", True),
        ("Moll thinks the ban on new berths will not be reversed.", True),
        ("Moll expects the ban on new berths to be reversed.", False),
    ],
)
def test_a_negation_before_think_denies_the_clause(claim: str, ok: bool) -> None:
    source = _note("Finally, I do not think the ban on new berths will be reversed.")
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- "helps no one except X": the exception is a participant's slot -------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll argues that another delay would help nobody except the lawyers.", True),
        # The exception moved to another party the text names.
        ("Moll argues that another delay would help nobody except the ferry companies.", False),
    ],
)
def test_the_party_excepted_is_a_slot(claim: str, ok: bool) -> None:
    source = _note(
        "The vote should not be postponed again. Delay helps no one except lawyers, and the"
        " ferry companies know it."
    )
    assert_verdict(verdict_of(claim, source), ok, "slots")


# --- "four agencies" where the cited text lists four ----------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll wants one permit office instead of dealing separately with four agencies.", True),
        # A count the list does not make.
        ("Moll wants one permit office instead of dealing separately with five agencies.", False),
    ],
)
def test_a_count_of_what_the_cited_text_lists(claim: str, ok: bool) -> None:
    source = _note(
        "We want one office for permits, because today a barge owner deals with the port, the"
        " customs office, the coast guard and the environment service separately."
    )
    assert_verdict(verdict_of(claim, source), ok, "numbers")


# --- a question's premise of three words given to the one who answers -----------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Berg says the basin is not full.", True),
        # The interviewer's premise, which the answer denies, given to the one who answers.
        ("Berg acknowledges that Ethiopia has now filled the basin completely.", False),
    ],
)
def test_an_interviewer_premise_is_not_the_answer(claim: str, ok: bool) -> None:
    question = CitedText(
        "Ledger: Ethiopia has now filled the basin completely. Is there anything left to do?",
        doc="interview.txt",
        author="Rui Vaz",
        outlet="Dock Ledger",
    )
    answer = CitedText(
        "Berg: It is not full.", doc="interview.txt", author="Rui Vaz", outlet="Dock Ledger"
    )
    assert_verdict(verdict_of(claim, question, answer), ok, "attribution")


# --- "has come out against": opposes it -------------------------------------------------------


@pytest.mark.parametrize(
    ("other", "disagree"),
    [
        ("The harbour master has come out against the new pier because of the noise.", True),
        ("The harbour master came out in support of the new pier last week.", False),
    ],
)
def test_coming_out_against_is_opposing(other: str, disagree: bool) -> None:
    backed = "The harbour master said he backed the new pier as long as it created jobs."
    assert contradicts(backed, CitedText(other, doc="b.txt")) is disagree


# --- a verbless item of a list of demands is what the list's issuer wants ---------------------


def _item(text: str) -> CitedText:
    return CitedText(
        text,
        doc="list.txt",
        author="Rui Vaz",
        outlet="Dock Ledger",
        context="The union's demands, reproduced verbatim:\n" + text,
    )


_STAKE_ITEM = "4. A 10% stake for dockers in each terminal, as the union has demanded since 2023."


@pytest.mark.parametrize(
    ("wire", "claim", "ok"),
    [
        # The list still carries the demand the wire says was dropped: they disagree.
        (
            "Moll said the union had dropped an earlier demand for dockers to hold a 10% stake"
            " in the terminals.",
            "Both the wire and the union's list say the demand for a 10% docker stake was dropped.",
            False,
        ),
        # Both carry it.
        (
            "Moll said the union still wants dockers to hold a 10% stake in the terminals.",
            "Both the wire and the union's list say the union wants a 10% stake for dockers.",
            True,
        ),
    ],
)
def test_a_list_item_of_demands_is_wanted(wire: str, claim: str, ok: bool) -> None:
    assert verdict_of(claim, _note(wire, doc="wire.txt"), _item(_STAKE_ITEM))[0] is ok


# --- an organisation's name is vouched for by its name, not by its words as ordinary words --


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Ines Moll of the Global Liner Council said the fee would turn the port into a cage.",
            True,
        ),
        # Another council, its words only ordinary words of the text.
        (
            "Ines Moll of the World Shipping Council said the fee would turn the port into a cage.",
            False,
        ),
    ],
)
def test_an_organisation_is_named_by_its_name(claim: str, ok: bool) -> None:
    source = _note(
        'Global Liner Council director Ines Moll said the fee "would turn a port into a cage".'
        " The world's shipping lines pay most of it."
    )
    assert_verdict(verdict_of(claim, source), ok, "names")


# --- "may accept a levy without much protest": the "without" denies the protest -------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Moll believes the barge owners may accept a fuel levy if the tide tables come early.",
            True,
        ),
        ("Moll believes the barge owners would not accept a fuel levy even then.", False),
    ],
)
def test_a_without_after_the_verb_does_not_deny_it(claim: str, ok: bool) -> None:
    source = _note(
        "If the port can promise the tide tables early, the barge owners may accept a fuel levy"
        " without much protest."
    )
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- "inside" and "outside" said of different things are no disagreement -------------------


@pytest.mark.parametrize(
    ("other", "disagree"),
    [
        # The new site is outside; the old berths are inside: two things, no disagreement.
        (
            "A decree allowing each berth to be swapped for a site of equal size outside the reserve.",
            False,
        ),
        # The same berths placed on both sides.
        ("The port says its berths are outside the reserve.", True),
    ],
)
def test_opposites_of_place_disagree_only_about_one_thing(other: str, disagree: bool) -> None:
    text = "The port says its berths are inside the reserve, some 40 of them."
    assert contradicts(text, CitedText(other, doc="b.txt")) is disagree


# --- a consequence the cited text states only under a condition -----------------------------

_CONDITIONAL = (
    "If Oslo bans new berths but gives the ferries nowhere else to go, it will not protect the"
    " fjords; it will simply move the conflict into the courts for another decade."
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Moll warns that if Oslo bans new berths and offers the ferries nowhere else, it will"
            " not protect the fjords but move the conflict into the courts.",
            True,
        ),
        # The condition dropped: stated as what Oslo will do.
        (
            "Moll says Oslo will not protect the fjords and will move the conflict into the courts.",
            False,
        ),
    ],
)
def test_a_condition_dropped_is_certainty_added(claim: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, _note(_CONDITIONAL)), ok, "certainty")


def test_an_if_inside_a_list_item_conditions_only_that_item() -> None:
    source = _note(
        "They want real-time data on water use and the power to stop the pumps if the lagoons"
        " keep falling."
    )
    assert verdict_of("Moll says they want real-time data on water use.", source) == (True, "")
