"""Verification rules of session 26 (issue 28): what a negation or a denying verb reaches.

Each rule is tested on invented text of its shape, both ways where it has two: the faithful
restatement it must keep and the changed one it must catch. No sentence of a labelled set
is used.
"""

from __future__ import annotations

import pytest

from briefing.verification import CitedText, support_score
from briefing.verification.checks.denial import _denied_clauses
from briefing.verification.meaning import contradicts
from briefing.verification.tokens import analyze
from tests.support_cases import assert_verdict, verdict_of, voice, wire

# --- a pronoun with its auxiliary contracted is no content word ---------------------------


def test_a_contracted_pronoun_is_no_content_word() -> None:
    toks = analyze("We're sure they've left, and it's late; Senegal's boats stayed.").toks
    content = {t.low for t in toks if t.content}
    assert not content & {"we're", "they've", "it's"}
    assert "senegal's" in content or "senegal" in content


# --- a verb's "to" opens its complement, not an ending of the verb ------------------------

_NOT_TRYING = voice("We're not trying to stop the canal closing in winter.")
_NOT_WANTING = voice("The growers do not want to end the inquiry into the canal.")


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

_NOT_ASKING = voice('"We are not asking for the levy to be scrapped forever," Moraes said.')


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
    source = voice(
        "She said the growers are not seeking to close the mill and hope the council will"
        " reply before the June deadline."
    )
    ok, _ = verdict_of(
        "The growers would like the council to reply before the June deadline.", source
    )
    assert ok


# --- a passive denying verb denies its subject, past an aside -----------------------------


def test_a_passive_removal_restates_a_no_longer() -> None:
    source = voice(
        "The final text no longer includes a demand for a port levy on cruise ships.",
        doc="wire.txt",
    )
    ok, _ = verdict_of(
        "The wire reports that the demand for a port levy on cruise ships, present in earlier"
        " versions, was struck out of the final text.",
        source,
    )
    assert ok


# --- "not only" adds; it sets nothing aside --------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "source", "ok"),
    [
        (
            "Moraes wants each name and owner published.",
            "We want to know who owns the mills, not only their names.",
            True,
        ),
        (
            "Moraes says the fund should offer loans.",
            "The fund should offer grants, not loans.",
            False,
        ),
    ],
)
def test_not_only_sets_nothing_aside(claim: str, source: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, voice(source)), ok, "antonyms")


# --- "all" after a list that ends on one thing counts the list -------------------------------

_CHARTER = CitedText(
    "Growers must hold a seat on the board that sets the water allocations.",
    doc="charter.txt",
    author="Priya Das",
    outlet="Farm Weekly",
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moraes and the growers' own charter all make a seat on the board a demand.", True),
        # A plural before "all": all of those, which the cited text does not say.
        ("Growers in the valley all hold a seat on the board.", False),
    ],
)
def test_all_after_a_list_ending_on_one_thing(claim: str, ok: bool) -> None:
    wire = voice("We are asking for a seat on the board, not a favour.")
    assert_verdict(verdict_of(claim, wire, _CHARTER), ok, "overreach")


# --- a negated "a single" or "any" says it of each one ---------------------------------------


def test_not_a_single_is_every() -> None:
    source = voice("Closing the port would not remove a single foreign trawler from the coast.")
    ok, _ = verdict_of(
        "Moraes argues that closing the port would leave every foreign trawler on the coast.",
        source,
    )
    assert ok


# --- the claim's own "other than" sets aside what a cited "not" does -------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Vega blames smelters and cartels other than the licensed miners for the damage.", True),
        ("Vega blames the licensed miners for the damage to the river.", False),
    ],
)
def test_other_than_keeps_a_cited_not(claim: str, ok: bool) -> None:
    source = wire(
        "The damage to the river is the work of cartels and smelters, not of a few licensed"
        " miners, Vega said.",
        "wire.txt",
    )
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- a "that" clause a word of intent asks for, through a noun ------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moraes is seeking assurance that the money reaches the towns that lose water.", True),
        ("Moraes says the money now reaches the towns that lose water.", False),
    ],
)
def test_a_wish_through_a_noun_and_that(claim: str, ok: bool) -> None:
    source = voice("We want a guarantee that the money follows the water back into the towns.")
    assert_verdict(verdict_of(claim, source), ok, "hedges")


# --- who backs whose call, past a long apposition -----------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Ana Ruiz has backed the union's call for an audit.", True),
        ("The union has backed Ana Ruiz's call for an audit.", False),
    ],
)
def test_who_backs_whose_call(claim: str, ok: bool) -> None:
    source = wire(
        "Ana Ruiz, a Spanish member of the European Parliament's fisheries committee, has"
        " backed the union's call for an audit, her office said.",
        "wire.txt",
    )
    assert_verdict(verdict_of(claim, source), ok, "roles")


# --- a part counted whole ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The ministry lists 90 foreign vessels, many of them flying the Liberian flag.", True),
        ("The ministry lists 90 foreign vessels, all of them flying the Liberian flag.", False),
    ],
)
def test_many_of_them_is_not_all_of_them(claim: str, ok: bool) -> None:
    source = wire(
        "The ministry's list of every licensed vessel was published in May. It names 90"
        " foreign vessels, many of them flying the Liberian flag.",
        "wire.txt",
    )
    assert_verdict(verdict_of(claim, source), ok, "overreach")


# --- capitals for "the two governments" of a piece that names their countries --------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moraes wants Lisbon and Madrid to talk about the sardine quota first.", True),
        # A capital of a country the piece never names is no metonym of it.
        ("Moraes wants Lisbon and Rabat to talk about the sardine quota first.", False),
    ],
)
def test_capitals_for_the_two_governments(claim: str, ok: bool) -> None:
    said = "We hope the two governments will talk about the sardine quota before anything else."
    source = CitedText(
        said,
        doc="interview.txt",
        author="Lena Moraes",
        outlet="Valley Courier",
        document=f"Portugal and Spain share the sardine stock off Galicia. {said}",
    )
    assert_verdict(verdict_of(claim, source), ok, "names")


# --- "pointing to" reports, as "noting" does --------------------------------------------------


_ON_TRACK = wire(
    "Minister Ana Lopes said the plan remained on track.",
    "wire.txt",
)
_FUND = wire(
    "She said a $5 million fund would open to farmers from July 1.",
    "wire.txt",
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Lopes is holding firm on the plan while pointing to a $5 million fund that opens to"
            " farmers on July 1.",
            True,
        ),
        ("Lopes is holding firm on the plan, and a $5 million fund opens on July 1.", False),
    ],
)
def test_pointing_to_reports(claim: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, _ON_TRACK, _FUND), ok, "hedges")


# --- a word of not wanting restates a cited "does not want to" --------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moraes says the ministry may be wary of being seen to abandon its partner.", True),
        ("Moraes says the ministry wants to be seen walking away from its partner.", False),
    ],
)
def test_wary_restates_not_wanting(claim: str, ok: bool) -> None:
    source = voice("The ministry may not want to be seen walking away from its partner.")
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- a noun of WordNet's first sense is no new content ----------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moraes notes that the quota plays only a minor role in the overall picture.", True),
        (
            "Moraes notes that the quota is a small part of the picture, unlike the smuggling"
            " networks run from abroad.",
            False,
        ),
    ],
)
def test_a_first_sense_noun_is_a_paraphrase(claim: str, ok: bool) -> None:
    source = voice("The quota itself is a small part of this picture.")
    assert_verdict(verdict_of(claim, source), ok, "added")


# --- coverage counts a word of WordNet's first sense as the cited word -----------------------


def test_coverage_counts_first_sense_synonyms() -> None:
    # "altered" for "changed" (a verb), "bargain" for "deal" (a noun): the whole claim held.
    assert support_score("The council altered the bargain.", "The council changed the deal.") == 1.0
    # Words of another meaning are not held ("kept", "levy").
    assert support_score("The council altered the bargain.", "The council kept the levy.") < 0.5


# --- "no X … unless Y" is the requirement "no X … without Y" states ---------------------------


def test_no_unless_is_no_without() -> None:
    source = voice(
        "No catch data may be shared with foreign buyers without the skipper's consent.",
        doc="list.txt",
    )
    ok, _ = verdict_of(
        "The list says no catch data may go to foreign buyers unless the skipper agrees.", source
    )
    assert ok


# --- a verb of prohibition denies what it governs -------------------------------------------


def test_a_prohibition_denies_what_it_governs() -> None:
    # (A cited prohibition is read as keeping a claim's negation; a claim that drops it, "can
    # be renewed", is not caught from the verb alone: the cited side's cues are negators.)
    source = voice("The new rules bar the renewal of permits inside the reserve.", doc="rules.txt")
    ok, _ = verdict_of("Under the new rules, permits inside the reserve cannot be renewed.", source)
    assert ok


# --- a denied clause ends at "and that"; a noun of the one who acts asserts no act ------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The ministry's reply to the paper and negotiator Bekele both call the position"
            " colonial.",
            True,
        ),
        ("The ministry said it would negotiate on the basis of colonial treaties.", False),
    ],
)
def test_and_that_ends_a_denial_and_a_negotiator_is_no_negotiation(claim: str, ok: bool) -> None:
    bekele = wire(
        "Negotiator Yilma Bekele said the position was a colonial one.",
        "talks.txt",
    )
    source = wire(
        "The ministry said it had not received the paper and that it would not negotiate on"
        " the basis of colonial treaties.",
        "wire.txt",
    )
    assert_verdict(verdict_of(claim, bekele, source), ok, "negation")


# --- "will not X unless Y" denies X, not the condition Y -----------------------------------


def test_a_conditional_refusal_denies_no_condition() -> None:
    (clause,) = _denied_clauses(
        analyze(
            "The villages will not endorse the deal unless the state guarantees binding limits"
            " on water use."
        )
    )
    assert {"endors", "deal"} <= clause.stems
    assert not clause.stems & {"guarante", "bind", "limit", "water"}
    assert {"guarante", "bind", "limit", "water"} <= clause.condition


# --- a demand that "stands" is kept; a question's words are not said ---------------------------


@pytest.mark.parametrize(
    "source",
    [
        'Asked about the port levy, the spokesman said the demand "stands, with a condition'
        ' attached."',
        "Asked whether the union had dropped its demand for a port levy, the spokesman said the"
        " demand still stands.",
    ],
)
def test_a_demand_that_stands_is_not_dropped(source: str) -> None:
    claim = "The spokesman says the union has dropped its demand for a port levy."
    assert_verdict(verdict_of(claim, voice(source, doc="wire.txt")), False, "antonyms")
    kept = "The spokesman says the union's demand for a port levy still stands."
    assert verdict_of(kept, voice(source, doc="wire.txt"))[0]


def test_sources_that_disagree_on_a_dropped_demand_are_not_merged() -> None:
    dropped = wire(
        "Diallo said the union had dropped its demand for a port levy.",
        "wire.txt",
    )
    stands = CitedText(
        "Asked whether the union had abandoned its call for a port levy, spokesman Sy said the"
        ' demand "stands."',
        doc="list.txt",
        author="Ana Diop",
        outlet="Port Weekly",
    )
    ok, _ = verdict_of(
        "Both Diallo and Sy confirm that the union has abandoned its call for a port levy.",
        dropped,
        stands,
    )
    assert not ok


# --- a payment under a deal is its price ------------------------------------------------------


@pytest.mark.parametrize(
    ("second", "ok"),
    [
        ("Under it, the fleet owners paid the town about 2 million euros a year.", True),
        ("The town also received about 2 million euros a year from the region.", False),
    ],
)
def test_a_payment_is_a_trade(second: str, ok: bool) -> None:
    source = wire(
        f"The agreement let 40 foreign boats fish in the bay. {second}",
        "wire.txt",
    )
    claim = "The agreement gave 40 foreign boats access to the bay in return for about 2 million euros a year."
    assert_verdict(verdict_of(claim, source), ok, "added")


# --- Australian states by their parliaments' streets; an office holder's state ---------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The Victorian government has signalled it will not stand in the way.", True),
        ("The Queensland government has signalled it will not stand in the way.", False),
    ],
)
def test_a_state_by_its_parliaments_street(claim: str, ok: bool) -> None:
    source = voice("Spring Street has signalled it will not stand in the way.", doc="note.txt")
    assert_verdict(verdict_of(claim, source), ok, "names")


def test_an_office_holder_acts_for_the_longest_place_named() -> None:
    source = voice(
        "A spokesperson for New South Wales Water Minister Fiona Ashcroft declined to comment"
        " on the pause.",
        doc="wire.txt",
    )
    ok, _ = verdict_of("Macquarie Street declined to comment on the pause.", source)
    assert ok


# --- opposites joined as one span, "raised with", a wish that frames a refusal ---------------


def test_opposites_joined_as_one_span_flip_nothing() -> None:
    source = voice("The mills employ about 9,000 people directly and indirectly.", doc="wire.txt")
    ok, _ = verdict_of("The mills support about 9,000 direct and indirect jobs.", source)
    assert ok


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The new list leaves out the earlier call for a lower port levy.", True),
        ("The new list restates the earlier call for a higher port levy.", False),
    ],
)
def test_raised_with_someone_is_brought_up(claim: str, ok: bool) -> None:
    source = voice(
        "The list does not repeat the earlier request for a reduction in the port levy, which"
        " officials had raised with the harbour board in May.",
        doc="list.txt",
    )
    assert verdict_of(claim, source)[0] is ok


def test_a_wish_that_frames_a_refusal_is_no_opposite_of_it() -> None:
    source = voice("The town should refuse any deal that doubles its water bill.", doc="note.txt")
    ok, _ = verdict_of(
        "Moraes wants the town to reject any deal that doubles its water bill.", source
    )
    assert ok


# --- one document negates a word another asserts: the claim may state what that one says ----


def test_a_word_one_document_asserts_and_another_negates() -> None:
    asserting = wire("The council must designate new areas for farms outside the parks.", "a.txt")
    negating = wire(
        "A relocation plan is meaningless if the council does not designate new areas.", "b.txt"
    )
    ok, _ = verdict_of(
        "A relocation plan is only useful if the council designates new areas outside the parks.",
        asserting,
        negating,
    )
    assert ok


def test_a_name_only_the_negating_document_gives_keeps_the_negation() -> None:
    asserting = wire("The operator said the Cuan Siar had completed its trials in March.", "a.txt")
    negating = wire("The Ardmhor has yet to complete its sea trials at Uig.", "b.txt")
    found = verdict_of("The Ardmhor had completed its sea trials at Uig.", asserting, negating)
    assert_verdict(found, False, "negation")


# --- "is after" as a word of aim ---------------------


def test_is_after_is_an_aim() -> None:
    source = wire(
        "A binding annex could give the town the guarantee it seeks without forcing the port to"
        " accept limits on new berths.",
        "note.txt",
    )
    ok, _ = verdict_of(
        "Hale suggests that a binding annex could deliver the guarantee the town is after"
        " without forcing the port to accept limits on new berths.",
        source,
    )
    assert ok


# --- "two of the conditions", citing the two; "the figure" the piece gave before ------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moraes defends two of the port's conditions, the ten-day notice and the fee.", True),
        ("Moraes defends three of the port's conditions, the ten-day notice and the fee.", False),
    ],
)
def test_a_partitive_count_of_the_cited_items(claim: str, ok: bool) -> None:
    notice = voice("The ten-day notice is reasonable.", doc="note.txt")
    fee = voice("The fee strikes me as fair.", doc="note.txt")
    assert verdict_of(claim, notice, fee)[0] is ok


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("A ministry spokesperson would not comment on the 2.5 billion peso request.", True),
        ("A ministry spokesperson would not comment on the 3.5 billion peso request.", False),
    ],
)
def test_the_figure_the_piece_gave_before(claim: str, ok: bool) -> None:
    said = "A ministry spokesperson declined to comment on the figure."
    document = f"The growers asked for 2.5 billion pesos in March.\n\nTalks resumed. {said}"
    source = CitedText(
        said, doc="wire.txt", author="Tom Hale", outlet="Andes Wire", document=document
    )
    assert verdict_of(claim, source)[0] is ok


# --- "X should do Y" states a demand: against "dropped its demand that X do Y" it disagrees ---


@pytest.mark.parametrize(
    ("other", "apart"),
    [
        ("If the mill closes, the region should buy a minority stake in it.", True),
        ("The union still demands that the region buy a minority stake in the mill.", False),
        # An inverted condition ("Should the mill close") demands nothing.
        ("Should the mill close, workers would lose a minority stake in it.", False),
    ],
)
def test_a_should_is_the_demand_a_dropped_one_denies(other: str, apart: bool) -> None:
    dropped = "The union has dropped its demand that the region buy a minority stake in the mill."
    found = contradicts(dropped, CitedText(other, doc="b.txt")) or contradicts(
        other, CitedText(dropped, doc="a.txt")
    )
    assert found is apart


# --- after the scores of sets 27 and 28 (not counted in them) --------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Lena Moraes of the Valley Institute for Water Studies expects a partial deal.", True),
        ("Lena Moraes of the Harbour Institute for Water Studies expects a partial deal.", False),
    ],
)
def test_a_person_of_the_institute_her_byline_names(claim: str, ok: bool) -> None:
    header = (
        "Valley Courier\nBy Lena Moraes, senior researcher, Valley Institute for Water Studies\n"
    )
    said = "In my view the likeliest outcome is a partial deal."
    source = CitedText(
        said,
        doc="note.txt",
        author="Lena Moraes",
        outlet="Valley Courier",
        voices=header,
        document=header + "\n" + said,
    )
    assert_verdict(verdict_of(claim, source), ok, "names")


def test_would_like_is_no_opposite_of_different() -> None:
    source = voice(
        "Ruiz has told us different things on different days. I hope he is an ally. I will"
        " believe it when I see his signature."
    )
    ok, _ = verdict_of(
        "Moraes would like Ruiz to be on the growers' side but will only trust that"
        " once he puts his signature to something.",
        source,
    )
    assert ok


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The Icelandic parliament should hold a full debate on the smelters.", True),
        ("The Danish parliament should hold a full debate on the smelters.", False),
    ],
)
def test_a_countrys_adjective_and_its_parliament(claim: str, ok: bool) -> None:
    source = voice("The Althing should hold a full debate on the smelters.", doc="list.txt")
    assert_verdict(verdict_of(claim, source), ok, "names")


def test_the_government_of_a_country_is_the_country() -> None:
    source = wire(
        "The unions will ask the Government of the Philippines to suspend deployments.", "w.txt"
    )
    ok, _ = verdict_of(
        "The unions will ask the Philippine government to suspend deployments.", source
    )
    assert ok


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Moraes makes the offer conditional on the owners committing to keep the mill open.",
            True,
        ),
        ("Moraes says the owners have committed to keeping the mill open.", False),
    ],
)
def test_conditional_on_is_a_cited_if_not(claim: str, ok: bool) -> None:
    source = voice(
        "It is conditional. If the owners do not commit to keeping the mill open, the offer is"
        " off the table."
    )
    assert verdict_of(claim, source)[0] is ok


def test_the_speakers_own_clause_after_a_report_is_not_reported() -> None:
    source = voice(
        "Moraes: A date. Ruiz says she is open to a solution, and I believe her, but we need a"
        " decision before the board meets in May."
    )
    ok, _ = verdict_of("Moraes is pressing for a decision before the board meets in May.", source)
    assert ok


def test_a_will_inside_an_if_is_the_conditions() -> None:
    said = "If Oslo will not sign up to that, the Icelanders should let it walk."
    source = CitedText(
        said,
        doc="column.txt",
        author="Lena Moraes",
        outlet="Valley Courier",
        context=f"The owners must accept the conditions or leave. {said}",
    )
    ok, _ = verdict_of(
        "Moraes argues that if the Norwegian owner will not accept those conditions, Iceland"
        " should let it walk away.",
        source,
    )
    assert ok
