"""More verification rules of issue 28, each on invented text of its shape (no set's sentence).

As in test_verification_rules.py, every rule is tested both ways: the faithful restatement it
must keep and the changed one it must catch.
"""

from __future__ import annotations

import pytest

from briefing.verification import CitedText
from briefing.verification.names import names
from briefing.verification.tokens import analyze
from tests.support_cases import assert_verdict, verdict_of

_verdict = verdict_of


# --- names: particles, the full name written in the piece, an institute in apposition -------


def test_a_name_particle_continues_a_persons_name() -> None:
    text = analyze("Yesterday Ana de la Cruz met Karel van Vliet in Ghent.")
    found = [n.words for n in names(text)]
    assert ["ana", "cruz"] in found and ["karel", "vliet"] in found
    # Lower-case words that are no particles still end a name.
    text = analyze("Yesterday Ana met farmers in Ghent.")
    assert ["ana", "met"] not in [n.words for n in names(text)]


def test_a_first_name_the_piece_writes_in_full_with_the_surname_the_citation_has() -> None:
    piece = (
        "Miller's Weekly\nFarmers and the canal\n\nJoost van Borg, who chairs the growers'"
        " league, spoke to us.\n\nMiller's Weekly: What do you want?\n\nVan Borg: We want a"
        " fair price for water."
    )
    answer = CitedText(
        "We want a fair price for water.",
        doc="qa.txt",
        context="Miller's Weekly: What do you want?\n\nVan Borg: We want a fair price for water.",
        title="Van Borg on the canal",
        document=piece,
    )
    assert _verdict("League chair Joost van Borg wants a fair price for water.", answer)[0]
    # A first name the piece never writes with that surname is another person.
    ok, check = _verdict("League chair Pieter van Borg wants a fair price for water.", answer)
    assert not ok and check == "names"


def test_an_institute_in_apposition_to_the_author_is_vouched_for_by_the_byline() -> None:
    byline = "Canal Notes\nBy Lotte Brink, fellow, Delta Centre for Water Law\n\n"
    cited = CitedText(
        "In my view the levy is fair and would cost the treasury little.",
        doc="note.txt",
        author="Lotte Brink",
        voices=byline + " . In my view the levy is fair.",
        document=byline + "In my view the levy is fair and would cost the treasury little.",
    )
    for claim in (
        "Brink, of the Delta Centre for Water Law, considers the levy fair.",
        "Brink, a fellow at the Delta Centre for Water Law, considers the levy fair.",
    ):
        assert _verdict(claim, cited)[0], claim
    # An institute the byline does not have is not hers.
    ok, check = _verdict(
        "Brink, of the Rhine Centre for Water Law, considers the levy fair.", cited
    )
    assert not ok and check == "names"
    # The byline vouches for where she works, not for the institute inside what she says.
    ok, check = _verdict("Brink says the Delta Centre for Water Law should pay the levy.", cited)
    assert not ok and check == "names"


# --- an indirect question asserts neither way ---------------------------------------------


def test_what_a_whether_clause_asks_about_is_not_asserted() -> None:
    cited = CitedText(
        "The ministry's figure includes road repairs that the unions do not count as training."
    )
    assert _verdict("The dispute comes down to whether road repairs count as training.", cited)[0]
    # Asserted outright, the negation is dropped.
    ok, check = _verdict("The unions count road repairs as training.", cited)
    assert not ok and check == "negation"


# --- "the deadline" for the date the cited text already gives ------------------------------


def test_the_deadline_named_again_is_no_added_time() -> None:
    cited = CitedText("If the council will not move the date, it must pay the tenants who leave.")
    assert _verdict(
        "If the council will not move the deadline, it must pay departing tenants.", cited
    )[0]
    # A deadline the cited text has no date for is added.
    plain = CitedText("The council must pay the tenants who leave.")
    ok, check = _verdict("The council must pay departing tenants before the deadline.", plain)
    assert not ok and check == "time"
    # So is a period of its own.
    ok, check = _verdict("The council must pay departing tenants within months.", plain)
    assert not ok and check == "time"


# --- certainty: an adverb whose adjective the cited text has -------------------------------


def test_an_adverb_restating_the_cited_adjective_adds_no_certainty() -> None:
    cited = CitedText("The mayors want a clear promise that the depot will stay open.")
    assert _verdict(
        "The mayors want the region to promise clearly that the depot stays open.", cited
    )[0]
    # Where the cited text has no such adjective, the adverb adds certainty.
    hedged = CitedText("The mayors hope the depot may stay open.")
    ok, check = _verdict("The mayors say the depot will clearly stay open.", hedged)
    assert not ok and check == "certainty"
    # "a certain" is no certainty of the text's.
    some = CitedText("A certain number of depots may stay open.")
    ok, check = _verdict("Depots will certainly stay open.", some)
    assert not ok and check == "certainty"


# --- opposites: sides of a mark, an adverb's adjective, the alternative set aside ----------


def test_above_for_below_a_mark_is_a_flip() -> None:
    cited = CitedText("Bookings for the spring came in far below the 900 the resort had hoped for.")
    ok, check = _verdict(
        "Bookings for the spring came in well above the 900 the resort had hoped for.", cited
    )
    assert not ok and check == "antonyms"
    assert _verdict(
        "Bookings for the spring came in well below the 900 the resort had hoped for.", cited
    )[0]


def test_an_adverb_opposite_to_the_cited_adjective_is_a_flip() -> None:
    cited = CitedText("The port is where the council can most easily give ground on fees.")
    ok, check = _verdict(
        "The port is where the council will find it hardest to give ground.", cited
    )
    assert not ok and check == "antonyms"
    assert _verdict("The port is where the council will find it easiest to give ground.", cited)[0]
    # "hardly" is not "hard": no opposite of "easily".
    assert _verdict("The council can easily give ground on port fees, hardly a surprise.", cited)[0]


def test_the_alternative_the_text_sets_aside_said_in_its_place_is_a_flip() -> None:
    cited = CitedText("The towns want the aid paid as grants rather than loans.")
    ok, check = _verdict("The towns want the aid paid mostly as loans.", cited)
    assert not ok and check == "antonyms"
    for claim in (
        "The towns want the aid paid as grants.",
        "The towns want grants, not loans.",
        "The towns want the aid paid as grants and no loans.",
    ):
        assert _verdict(claim, cited)[0], claim
    # A figure before "rather than" sets no word aside.
    years = CitedText("Compliance is averaged over 2030 to 2034 rather than year by year.")
    assert _verdict("Compliance is averaged over the years from 2030 to 2034.", years)[0]


# --- an interviewer's words given to the one interviewed -----------------------------------


def test_the_interviewers_premise_is_not_the_interviewees_words() -> None:
    question = CitedText(
        "Harbour Weekly: Your union has dropped its call for a later deadline. Why?",
        doc="qa.txt",
        outlet="Harbour Weekly",
        context="Harbour Weekly: Your union has dropped its call for a later deadline. Why?",
    )
    ok, check = _verdict(
        "Mira Holt acknowledged that the union has dropped its call for a later deadline.", question
    )
    assert not ok and check == "attribution"
    # The answer's words are hers.
    answer = CitedText(
        "Holt: We have dropped our call for a later deadline.",
        doc="qa.txt",
        outlet="Harbour Weekly",
        context="Holt: We have dropped our call for a later deadline.",
    )
    assert _verdict("Holt says the union has dropped its call for a later deadline.", answer)[0]


# --- parties said to agree where one source says the opposite word -------------------------


def test_parties_said_to_agree_where_one_says_the_opposite_merge_a_disagreement() -> None:
    analyst = CitedText(
        "The guild has quietly abandoned its demand for a later start.", doc="a.txt", author="Lind"
    )
    chair = CitedText(
        "Our members still want a later start, and that demand stands.",
        doc="b.txt",
        author="Okafor",
    )
    claim = "Both Lind and Okafor say the guild has abandoned its demand for a later start."
    ok, check = _verdict(claim, analyst, chair)
    assert not ok and check == "merged"
    agree = CitedText(
        "Yes, we have abandoned our demand for a later start.", doc="b.txt", author="Okafor"
    )
    assert _verdict(claim, analyst, agree)[0]


def test_at_least_bounds_a_figure_and_is_no_opposite_of_most() -> None:
    cited = CitedText("The towns want more than $2 million, with most of it paid as grants.")
    assert _verdict("The towns want at least $2 million, paid mainly as grants.", cited)[0]
    # The superlatives themselves are still opposites.
    flipped = CitedText("The towns were the most affected by the storm.")
    ok, check = _verdict("The towns were the least affected by the storm.", flipped)
    assert not ok and check == "antonyms"


# --- "the only": an exclusive the cited text does not state --------------------------------


def test_the_only_one_where_the_text_names_the_main_one_overreaches() -> None:
    cited = CitedText("For the growers, water rights have become the central demand.")
    for claim in (
        "Water rights are now the only thing the growers ask for.",
        "The growers' sole demand is water rights.",
        # "only" after a possessive owner, as after "the" or "their": "the growers' only".
        "Water rights are now the growers' only demand.",
    ):
        ok, check = _verdict(claim, cited)
        assert not ok and check == "overreach", claim
    # The text's own exclusive, and "only" that limits, are kept.
    alone = CitedText("For the growers, water rights are now the only demand that matters.")
    assert _verdict("Water rights are the growers' only demand that matters.", alone)[0]
    assert _verdict("The growers' demand is water rights, central if only for now.", cited)[0]


def test_an_only_that_limits_an_amount_says_no_one_thing_alone() -> None:
    # "only a small share … mostly to X" limits how much; "exclusively to X" is more.
    cited = CitedText(
        "Local hauliers say they get only a small share of the port's contracts, which mostly"
        " go to two foreign firms."
    )
    ok, check = _verdict(
        "Local hauliers say the port's contracts go exclusively to two foreign firms.", cited
    )
    assert not ok and check == "overreach"
    # An exclusive the text says of something else ("a single figure" in a sentence about the
    # coverage) does not make the claim's.
    coverage = CitedText(
        "Most reports have fixated on a single figure, which I think is a mistake. What the"
        " hauliers really want is a say over the port's contracts."
    )
    claim = "A say over the port's contracts is the only thing the hauliers want."
    ok, check = _verdict(claim, coverage)
    assert not ok and check == "overreach"
    # "only one" says one thing alone: the text's own exclusive.
    alone = CitedText("Local hauliers say only one firm gets the port's contracts.")
    assert _verdict("Local hauliers say the port's contracts go solely to one firm.", alone)[0]


def test_a_full_name_of_three_words_the_piece_writes_with_the_label_the_citation_has() -> None:
    piece = (
        "Radio Sur\nThe figure is not the point\n\nAna Lucía Ferrer leads the ministry's legal"
        " team.\n\nRadio Sur: How did you arrive at the sum?\n\nFerrer: We would accept less."
    )
    answer = CitedText(
        "We would accept less.",
        doc="qa.txt",
        context="Radio Sur: How did you arrive at the sum?\n\nFerrer: We would accept less.",
        document=piece,
    )
    assert _verdict(
        "The ministry's lawyer, Ana Lucía Ferrer, has signalled it would accept less.", answer
    )[0]
    ok, check = _verdict(
        "The ministry's lawyer, Ana María Ferrer, has signalled it would accept less.", answer
    )
    assert not ok and check == "names"


# --- a person given another country's office ----------------------------------------------


def test_a_person_given_another_countrys_office_is_a_changed_name() -> None:
    # Iceland is named around the cited sentence: the swap is of the office, not a new name.
    said = "Norway's fisheries minister, Ola Brekke, said the quota would not change."
    cited = CitedText(said, context="Ministers of Iceland and Norway met in Tromsø. " + said)
    for claim in (
        "Iceland's fisheries minister, Ola Brekke, said the quota would not change.",
        "Iceland's Fisheries Minister Ola Brekke said the quota would not change.",
    ):
        ok, check = _verdict(claim, cited)
        assert not ok and check == "names", claim
    for claim in (
        "Norway's Fisheries Minister Ola Brekke said the quota would not change.",
        "Oslo's fisheries minister, Ola Brekke, said the quota would not change.",
    ):
        assert _verdict(claim, cited)[0], claim


# --- a pronoun that makes the claim's own actor do what someone else did --------------------


def test_a_pronoun_subject_for_an_actor_the_claim_never_names_is_a_role_change() -> None:
    cited = CitedText(
        "Growers want a floor price, their union said, as buyers prepared new contracts."
    )
    ok, check = _verdict("Growers want a floor price as they prepare new contracts.", cited)
    assert not ok and check == "roles"
    # The same actor, a pronoun in the cited text, or the speaker's "we": kept.
    for claim, text in (
        (
            "Growers want a floor price as buyers prepare new contracts.",
            cited.text,
        ),
        (
            "Growers want a floor price as they prepare new contracts.",
            "Growers want a floor price, and they prepared new contracts.",
        ),
        (
            "The union says growers want a floor price and that they prepared new contracts.",
            "We want a floor price, and we prepared new contracts, the union said.",
        ),
    ):
        assert _verdict(claim, CitedText(text))[0], claim


def test_the_only_one_said_without_only_and_the_single_greatest() -> None:
    # Text written by others says it without "only": "all … except one", "no other".
    for text in (
        "All of the board members voted for the raise except one, Ana Ruiz.",
        "Ana Ruiz alone among the board members voted against the raise.",
    ):
        claim = "Ana Ruiz was the only board member who voted against the raise."
        assert _verdict(claim, CitedText(text))[0], text
    # "The single greatest threat" ranks it first; "the only threat" is more.
    ranked = CitedText("The Forum calls climate change the single greatest threat to the region.")
    ok, check = _verdict("The Forum calls climate change the only threat to the region.", ranked)
    assert not ok and check == "overreach"


def test_a_singular_pronoun_or_a_speech_verb_is_left_to_other_checks() -> None:
    # "He" may be one of the group the cited text names; "she said" is the attribution's.
    couple = CitedText("Ruiz married Lund in 1980. The couple lived in Oslo until 1990.")
    assert _verdict("Ruiz married Lund in 1980, and he lived in Oslo until 1990.", couple)[0]
    speech = CitedText("Shahnaz says the clinic needs nurses.")
    assert _verdict("Farmers and nurses met Shahnaz; they say the clinic needs nurses.", speech)[0]


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The council wants a monitoring fund governed by the growers and the state and"
            " financed by the companies.",
            True,
        ),
        (
            "The council wants a monitoring fund governed by the growers and the companies and"
            " financed by the state.",
            False,
        ),
    ],
)
def test_two_by_agents_swapped_are_roles_reversed(claim: str, ok: bool) -> None:
    cited = CitedText(
        "4. A monitoring fund shall be set up, governed jointly by the growers and the state,"
        " and financed by the companies."
    )
    assert_verdict(_verdict(claim, cited), ok, "roles")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The claim is cheap for Beijing to reject but lets the department show Filipinos"
            " that it is not passive.",
            True,
        ),
        (
            "The claim is cheap for Beijing to reject but lets the department show Malaysians"
            " that it is not passive.",
            False,
        ),
    ],
)
def test_a_people_in_the_plural_of_the_pieces_country_is_a_description(
    claim: str, ok: bool
) -> None:
    span = (
        "The compensation claim costs Beijing little to refuse, and lets the department show"
        " domestic audiences that it is not passive."
    )
    document = "What Manila wants from Beijing. The Philippines lost two boats. " + span
    cited = CitedText(span, doc="a.txt", document=document)
    assert _verdict(claim, cited)[0] is ok


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The minister corrects the premise that aid has tripled, saying it has risen by"
            " about a third.",
            True,
        ),
        ("The minister says aid has tripled.", False),
    ],
)
def test_a_figure_denied_with_the_figure_that_corrects_it(claim: str, ok: bool) -> None:
    cited = CitedText("Aid has not tripled, the minister said; it has risen by about a third.")
    assert _verdict(claim, cited)[0] is ok


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("On trade, the Council ministers endorsed the customs plan.", True),
        ("On trade, the Mercosur ministers endorsed the customs plan.", False),
    ],
)
def test_a_name_of_the_piece_describing_the_cited_actors(claim: str, ok: bool) -> None:
    span = "On trade, the ministers endorsed the customs plan."
    document = "Ministers of the Andean Trade Council met in Lima for two days. " + span
    assert _verdict(claim, CitedText(span, doc="a.txt", document=document))[0] is ok


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "A ministry spokesperson said ministers had ruled nothing in or out on compensation.",
            True,
        ),
        ("A ministry spokesperson said ministers had ruled in compensation for the boats.", False),
    ],
)
def test_nothing_is_not_anything(claim: str, ok: bool) -> None:
    cited = CitedText(
        'A ministry spokesperson said ministers "have not ruled anything in or out" on'
        " compensation for the boats."
    )
    assert _verdict(claim, cited)[0] is ok


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The union says it has not handed over the payroll records the inspectors asked for.",
            False,
        ),
        ("The union says it has handed over the payroll records the inspectors asked for.", True),
    ],
)
def test_a_claims_negated_past_verb_against_its_cited_synonym(claim: str, ok: bool) -> None:
    cited = CitedText(
        "The union said the inspectors asked for its payroll records and it has given them."
    )
    assert_verdict(_verdict(claim, cited), ok, "negation")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Ruiz says the ministry would not accept a longer review period before any sanction.",
            False,
        ),
        ("Ruiz says the ministry might accept a longer review period before any sanction.", True),
    ],
)
def test_agreeing_to_is_accepting(claim: str, ok: bool) -> None:
    cited = CitedText(
        "We may agree to a longer review period before any sanction, Ruiz said of the ministry."
    )
    assert _verdict(claim, cited)[0] is ok
