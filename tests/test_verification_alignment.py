"""Verification rules of session 23 (issue 28), each on invented text of its shape.

Every rule is tested both ways: the faithful restatement it must keep and the changed one it
must catch. No sentence of a labelled set is used.
"""

from __future__ import annotations

import pytest

from briefing.verification import CitedText
from tests.support_cases import assert_verdict, verdict_of

# --- a negated word the citations also assert: the claim is read against the closer use ----


def _wire(text: str, doc: str = "wire.txt") -> CitedText:
    return CitedText(text, doc=doc, author="Ines Moll", outlet="Harbour Wire")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        # The claim restates the sentence that asserts "oblige"; the other cited sentence
        # denies it of someone else.
        (
            "Millers fear the new quota will oblige them to close two mills before the harvest.",
            True,
        ),
        # The claim puts the denied clause's own words with the un-negated verb: a dropped "not".
        ("The ministry says it can oblige buyers to pay the quota.", False),
    ],
)
def test_a_denied_word_the_citations_also_assert_is_read_against_the_closer_use(
    claim: str, ok: bool
) -> None:
    asserted = _wire(
        "Millers fear that the new quota will oblige them to close two mills before the harvest."
    )
    denied = _wire(
        '"Buyers are not paying the quota, and we cannot oblige them to," said a ministry official.',
        doc="radio.txt",
    )
    assert_verdict(verdict_of(claim, asserted, denied), ok, "negation")


def test_a_word_denied_in_the_one_clause_that_matches_the_claim_is_still_dropped() -> None:
    # Both uses are in the citations, but the claim's objects are the denied clause's.
    cited = _wire(
        "The port will extend the quay this spring, but it will not extend the night shifts."
    )
    assert_verdict(verdict_of("The port will extend the night shifts.", cited), False, "negation")
    assert_verdict(verdict_of("The port will extend the quay this spring.", cited), True, "")


# --- the document's date vouches for a year only where the cited text gives none in its place


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The levy would apply to imported feed from March 2031, the ministry said.", False),
        # The year of the piece's date, where the cited text says only "on Monday".
        ("The ministry announced the levy in April 2031.", True),
    ],
)
def test_a_year_changed_to_the_documents_own_is_still_a_changed_year(claim: str, ok: bool) -> None:
    cited = CitedText(
        "On Monday the ministry announced a levy that would apply to imported feed from March"
        " 2032, officials said.",
        doc="feed.txt",
        context="FARM WIRE, April 14, 2031",
        date="2031-04-14",
    )
    assert_verdict(verdict_of(claim, cited), ok, "numbers")


# --- a negation that bounds a figure further on in its clause ("no … less than 40") --------


def _rules(text: str) -> CitedText:
    return CitedText(text, doc="rules.txt", author="Lena Ruiz", outlet="Dock Union")


@pytest.mark.parametrize(
    ("claim", "ok", "check"),
    [
        ("The union wants a minimum of 40 euros a shift for dockers.", True, ""),
        ("The union wants dockers paid at least 40 euros a shift.", True, ""),
        # The bound turned round is a changed figure.
        ("The union wants dockers paid less than 40 euros a shift.", False, "numbers"),
    ],
)
def test_a_negation_far_from_its_comparative_still_makes_the_figure_a_floor(
    claim: str, ok: bool, check: str
) -> None:
    cited = _rules("A shift should never pay a docker less than 40 euros.")
    assert_verdict(verdict_of(claim, cited), ok, check)


def test_a_negated_subject_and_its_comparative_say_every_one_gets_at_least_that() -> None:
    cited = _rules("No docker shall be paid less than 40 euros a shift.")
    assert_verdict(
        verdict_of("The union wants every docker paid at least 40 euros a shift.", cited), True, ""
    )
    assert_verdict(
        verdict_of("The union wants every docker paid at most 40 euros a shift.", cited),
        False,
        "numbers",
    )


# --- "no X shall be Y without Z": two negations of one clause make a requirement --------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The union wants landlords to hold a fair hearing before evicting any tenant.", True),
        # One of the two negations dropped: the requirement turned into its opposite.
        ("The union wants tenants evicted without a fair hearing.", False),
    ],
)
def test_no_one_done_without_something_is_a_requirement_of_it(claim: str, ok: bool) -> None:
    cited = _rules("No tenant shall be evicted without a fair hearing.")
    assert_verdict(verdict_of(claim, cited), ok, "negation")


# --- "not the same as" is "different from": a negated word restated by its opposite -------


@pytest.mark.parametrize(
    ("claim", "cited", "ok", "check"),
    [
        (
            "Ruiz says a grant is different from a loan.",
            "A grant is not the same as a loan.",
            True,
            "",
        ),
        (
            "Ruiz says a grant is not the same as a loan.",
            "A grant is different from a loan.",
            True,
            "",
        ),
        # The negation dropped, or the opposite asserted where the text asserts sameness.
        (
            "Ruiz says a grant is the same as a loan.",
            "A grant is not the same as a loan.",
            False,
            "negation",
        ),
        (
            "Ruiz says a grant is different from a loan.",
            "A grant is the same as a loan.",
            False,
            "antonyms",
        ),
    ],
)
def test_not_the_same_is_restated_as_different(
    claim: str, cited: str, ok: bool, check: str
) -> None:
    source = CitedText(cited, doc="grants.txt", author="Lena Ruiz", outlet="Dock Union")
    assert_verdict(verdict_of(claim, source), ok, check)


# --- a country's people by WordNet's noun for them ("the Swedes"), not only its adjective --


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The Swedes want the ferry levy halved before the summer.", True),
        ("The Poles want the ferry levy halved before the summer.", True),
        # Another country's people is another actor.
        ("The Finns want the ferry levy halved before the summer.", False),
    ],
)
def test_a_countrys_people_named_by_their_noun_are_that_country(claim: str, ok: bool) -> None:
    cited = _wire(
        "The Swedish and Polish governments want the ferry levy halved before the summer.",
        doc="ferry.txt",
    )
    assert_verdict(verdict_of(claim, cited), ok, "names")


# --- seats of power from institutions.txt: national and sub-national -------------------------


@pytest.mark.parametrize(
    ("claim", "cited", "ok"),
    [
        (
            "Christiansborg wants the ferry levy halved.",
            "The Danish government wants the ferry levy halved.",
            True,
        ),
        (
            "Holyrood wants the ferry levy halved.",
            "The Scottish Government wants the ferry levy halved.",
            True,
        ),
        (
            "Alausa wants the ferry levy halved.",
            "The Lagos State Government wants the ferry levy halved.",
            True,
        ),
        # Another government's seat is another actor.
        (
            "Rosenbad wants the ferry levy halved.",
            "The Danish government wants the ferry levy halved.",
            False,
        ),
    ],
)
def test_a_seat_of_power_stands_for_its_government(claim: str, cited: str, ok: bool) -> None:
    source = _wire(cited, doc="ferry.txt")
    assert_verdict(verdict_of(claim, source), ok, "names")


# --- a "will" in a clause that describes a noun after a comma is the claim's own ------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Ruiz expects the port to offer a rebate, which may be enough to end the strike.", True),
        ("Ruiz expects the port to offer a rebate, which will be enough to end the strike.", False),
        (
            "Ruiz expects the port to offer a rebate, a concession she says will be enough to end"
            " the strike.",
            False,
        ),
    ],
)
def test_a_frame_before_a_comma_does_not_reach_the_will_of_an_aside(claim: str, ok: bool) -> None:
    note = CitedText(
        "I expect the port may offer a rebate. That may be enough to end the strike.",
        doc="note.txt",
        author="Lena Ruiz",
        outlet="Dock Notes",
    )
    assert_verdict(verdict_of(claim, note), ok, "certainty")


# --- an interview's bare answer to a question ("March 11.") gives a figure for what was asked


def test_a_bare_answer_gives_its_figure_for_what_the_question_asked() -> None:
    wire = _wire("Dock workers will begin a two-day strike on March 4 unless the port raises pay.")
    answer = CitedText(
        "March 11. We moved it by a week.",
        doc="qa.txt",
        author="Tom Berg",
        outlet="Dock Weekly",
        context="Weekly: When does the strike start?\n\nRuiz: March 11. We moved it by a week.",
    )
    merged = "The wire and the Weekly agree that the two-day strike begins on March 4."
    assert_verdict(verdict_of(merged, wire, answer), False, "merged")
    both = "The wire says the two-day strike begins on March 4; the Weekly says March 11."
    assert_verdict(verdict_of(both, wire, answer), True, "")


# --- a government's seat speaks through its officials: "said … Commissioner X" --------------


@pytest.mark.parametrize(
    ("claim", "cited", "ok", "check"),
    [
        (
            "Alausa insists it is not out to punish anyone.",
            '"The state is not trying to punish anybody," said Lagos State Transport'
            " Commissioner Olumide Bakare.",
            True,
            "",
        ),
        (
            "Alausa says it will reply to the union after consulting lawmakers.",
            "The Lagos State Ministry of Transport said Commissioner Bakare would reply to the"
            " union after consulting lawmakers.",
            True,
            "",
        ),
        # The seat's words given to someone who is no official of it.
        (
            "Alausa insists it is not out to punish anyone.",
            '"Lagos State is not trying to punish anybody," said Olumide Bakare, the union leader.',
            False,
            "attribution",
        ),
    ],
)
def test_a_seat_of_power_speaks_through_its_officials(
    claim: str, cited: str, ok: bool, check: str
) -> None:
    source = CitedText(
        cited, doc="w.txt", author="Ines Moll", outlet="Harbour Wire", document=cited
    )
    assert_verdict(verdict_of(claim, source), ok, check)


# --- what a figure counts is no verb; a negated "say whether" withholds an answer ------------


def test_a_word_after_a_figure_is_what_it_counts_not_a_verb() -> None:
    wire = _wire("Kestrel Resources holds 12.5 per cent of the Breivik terminal.")
    claim = "Moll says the Breivik terminal stake of 12.5 per cent belongs to Kestrel Resources."
    assert_verdict(verdict_of(claim, wire), True, "")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll puts the fund's holding at 12.5 per cent.", True),
        # The question the text leaves open, said to be answered: a dropped negation.
        ("Moll says the council has said it would force a sale.", False),
    ],
)
def test_not_saying_whether_withholds_an_answer_and_denies_nothing_else(
    claim: str, ok: bool
) -> None:
    cited = _wire(
        "The fund holds 12.5 per cent of the quay, and the council has not said whether it"
        " would force a sale."
    )
    assert_verdict(verdict_of(claim, cited), ok, "negation")


# --- "a win for X": a noun of gain names who gains, as a verb of benefit's object does -------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Ruiz thinks a rebate would be a modest win for the union.", True),
        # The gain moved to another party the cited text names.
        ("Ruiz thinks a rebate would be a modest win for the port authority.", False),
    ],
)
def test_a_win_for_someone_names_who_gains(claim: str, ok: bool) -> None:
    note = CitedText(
        "The port authority has signalled flexibility. A rebate would be a modest win for the"
        " union.",
        doc="note.txt",
        author="Lena Ruiz",
        outlet="Dock Notes",
    )
    assert_verdict(verdict_of(claim, note), ok, "beneficiary")


# --- a time named again: "that day" after a date, "the June 30 deadline" for a cited date ----


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "After the May 4 storm closed the quay, the union wants repairs to the cranes damaged that day.",
            True,
        ),
        ("The union wants the cranes repaired before the May 30 deadline.", True),
        # A time the cited text does not give at all.
        ("The union wants the cranes repaired within days.", False),
    ],
)
def test_a_time_named_again_is_no_added_time(claim: str, ok: bool) -> None:
    wire = _wire(
        "A storm closed the quay on May 4 and damaged two cranes. The union wants the cranes"
        " repaired, and the tender closes on May 30."
    )
    assert_verdict(verdict_of(claim, wire), ok, "time")


# --- a description before a speaker's name, from the cited apposition to them ---------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Former Setubal MP Rui Matos said the plan was a fantasy.", True),
        # Another place, or another office, than the apposition gives.
        ("Former Porto MP Rui Matos said the plan was a fantasy.", False),
        ("Former Setubal MEP Rui Matos said the plan was a fantasy.", False),
    ],
)
def test_a_speakers_description_comes_from_the_cited_apposition(claim: str, ok: bool) -> None:
    cited = CitedText(
        'Rui Matos, a former member of parliament for Setubal, said the plan was "a fantasy".',
        doc="wire.txt",
        author="Ines Moll",
        outlet="Harbour Wire",
    )
    assert_verdict(verdict_of(claim, cited), ok, "attribution")


# --- "as though" / "as if" supposes: what it supposes is neither said nor denied -------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Ruiz argues that the port should stop writing rules as though the people who work"
            " the quay were vandals.",
            True,
        ),
        ("Ruiz argues that the people who work the quay are vandals.", False),
    ],
)
def test_a_counterfactual_asserts_nothing_of_what_it_supposes(claim: str, ok: bool) -> None:
    cited = _wire(
        "The people who work the quay are not vandals, and the port should stop writing rules"
        " for them, Ruiz said."
    )
    assert_verdict(verdict_of(claim, cited), ok, "negation")


# --- "free of X" is without X --------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Moll wants Manila to press Beijing for a written pledge free of notification or inspection clauses.",
            True,
        ),
        (
            "Moll wants Manila to press Beijing for a written pledge with notification and inspection clauses.",
            False,
        ),
    ],
)
def test_free_of_something_is_without_it(claim: str, ok: bool) -> None:
    cited = _wire(
        "Manila should press Beijing for a written commitment, with no notification clause and"
        " no inspection."
    )
    assert_verdict(verdict_of(claim, cited), ok, "negation")


# --- "the two sides" of the parties the claim names; "number two" is a rank -------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Moll says Oslo and Stockholm read the text differently, and the two sides meet in May.",
            True,
        ),
        ("Moll says the ferry line's number two, Ane Berg, leads the talks.", True),
        # A count of something else the cited text never counts.
        ("Moll says the two ferry lines read the text differently.", False),
    ],
)
def test_two_counts_the_parties_the_claim_names_or_ranks(claim: str, ok: bool) -> None:
    cited = _wire(
        "Oslo and Stockholm read the text differently; they meet again in May. Ane Berg, deputy"
        " head of the ferry line, leads the talks."
    )
    assert_verdict(verdict_of(claim, cited), ok, "numbers")


# --- "15 percent or less" is at most 15, as "no more than 15 percent" is ---------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The union wants the levy cut to no more than 15 percent.", True),
        ("The union wants the levy cut to at most 15 percent.", True),
        ("The union wants the levy cut to at least 15 percent.", False),
        ("The union wants the levy cut to 15 percent or more.", False),
    ],
)
def test_a_bound_after_its_figure_is_read_as_one_before_it(claim: str, ok: bool) -> None:
    cited = _wire("The union wants the levy cut to 15 percent or less.")
    assert_verdict(verdict_of(claim, cited), ok, "numbers")


def test_korea_alone_is_the_south_and_seoul_its_capital() -> None:
    cited = _wire(
        "We will sell to other markets: China, Korea and Japan are already buying.", doc="qa.txt"
    )
    assert_verdict(
        verdict_of("Moll says Beijing, Seoul and Tokyo are already buying.", cited), True, ""
    )
    assert_verdict(
        verdict_of("Moll says Beijing, Pyongyang and Tokyo are already buying.", cited),
        False,
        "names",
    )


# --- "the Swedish government" is Sweden as an actor ------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Oslo wants Stockholm to fund the port.", True),
        ("Oslo wants Berlin to fund the port.", False),
    ],
)
def test_a_nations_government_is_that_nation_as_an_actor(claim: str, ok: bool) -> None:
    cited = _wire("Oslo wants the Swedish state to fund the port and seeks guarantees from Berlin.")
    assert_verdict(verdict_of(claim, cited), ok, "roles")


# --- "Danish officials told X …" given a view the cited text holds in the first person -------


@pytest.mark.parametrize(
    ("claim", "cited", "ok"),
    [
        (
            "Danish officials told Moll they consider it unlikely that Berlin will offer a price"
            " floor this year.",
            "I think it is unlikely that Berlin will offer a price floor this year.",
            False,
        ),
        (
            "Danish officials consider it unlikely that Berlin will offer a price floor this year.",
            "Danish officials told me they consider it unlikely that Berlin will offer a price"
            " floor this year.",
            True,
        ),
    ],
)
def test_officials_are_not_given_the_writers_own_view(claim: str, cited: str, ok: bool) -> None:
    note = CitedText(
        cited,
        doc="note.txt",
        author="Ines Moll",
        outlet="Arctic Notes",
        document="Danish ports. " + cited,
    )
    assert_verdict(verdict_of(claim, note), ok, "attribution")


# --- a trade ("in return for X") the cited text does not make --------------------------------


@pytest.mark.parametrize(
    ("claim", "cited", "ok"),
    [
        (
            "Officials said the union had quietly dropped its pay demand in return for a larger"
            " pension contribution.",
            "Officials, speaking on condition of anonymity, said the union had quietly dropped"
            " its pay demand.",
            False,
        ),
        # A condition the text states is a trade restated.
        (
            "The union would drop its pay demand in return for a larger pension contribution.",
            "The union would drop its pay demand if the port paid a larger pension contribution.",
            True,
        ),
    ],
)
def test_a_trade_needs_a_cited_word_of_trade_or_condition(claim: str, cited: str, ok: bool) -> None:
    wire = _wire(cited)
    assert_verdict(verdict_of(claim, wire), ok, "added")


def test_a_plural_noun_for_people_opening_a_claim_is_no_named_speaker() -> None:
    wire = _wire(
        "Officials, speaking on condition of anonymity, said the union had dropped its pay demand."
    )
    assert_verdict(
        verdict_of("Officials said the union had dropped its pay demand.", wire), True, ""
    )
    # A named speaker the cited text does not have is still a wrong attribution.
    assert_verdict(
        verdict_of("Dockers' leader Rui Matos said the union had dropped its pay demand.", wire),
        False,
        "attribution",
    )


# --- "4.3 billion crowns a year" is a rate, not a time the claim adds ------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The grant, about 4.3 billion crowns a year, pays for half the budget.", True),
        ("Dockers paying 700 euros a week in rent feel every cut.", True),
        ("The grant of 4.3 billion crowns pays for half the budget within a year.", False),
    ],
)
def test_a_figure_a_year_is_a_rate_not_an_added_time(claim: str, ok: bool) -> None:
    wire = _wire(
        "The annual grant of 4.3 billion crowns pays for half the budget. Dockers who pay 700"
        " euros weekly in rent feel every cut."
    )
    assert_verdict(verdict_of(claim, wire), ok, "time")


# --- a figure in a clause of its own is read against that clause ----------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The union says 14 berths have been idle for a year, the port counts only nine"
            " pending, and analyst Ines Moll puts the number at 11.",
            True,
        ),
        # "six" is in the cited text, but it counts the union's members, not what the port counts.
        (
            "The union says 14 berths have been idle for a year, the port counts only six"
            " pending, and analyst Ines Moll puts the number at 11.",
            False,
        ),
    ],
)
def test_a_figure_in_its_own_clause_is_about_that_clause(claim: str, ok: bool) -> None:
    wire = _wire(
        "The dockers' union, which represents six unions, says 14 berths have been idle"
        " for more than a year. The port authority said nine requests were pending because of"
        " late paperwork. By my count, 11 berths are idle, Ines Moll wrote."
    )
    assert_verdict(verdict_of(claim, wire), ok, "numbers")
