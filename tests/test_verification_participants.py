"""Verification rules of session 25 (issue 28), each on invented text of its shape.

Every rule is tested both ways: the faithful restatement it must keep and the changed one it
must catch. No sentence of a labelled set is used.
"""

from __future__ import annotations

import pytest

from briefing.verification import CitedText
from briefing.verification.checks.agreement import says_they_agree
from briefing.verification.checks.recipients import tellings
from briefing.verification.meaning import contradicts
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
    assert (told.shown_teller, told.shown_told) == ("Anders Lind", "the owners")
    # Every verb of telling is one verb to the roles check: "informed" is "told".
    (informed,) = tellings(analyze("Anders Lind has informed the owners in private."))
    assert told.verb == informed.verb != tellings(analyze("Lind backs the owners."))[0].verb
    # A negated telling says nothing of who told whom.
    assert tellings(analyze("Lind has not told the owners anything.")) == []


_BACKS = _note(
    "Anders Lind, the fisheries minister, backs the boat owners' call for a review of the quota."
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Minister Anders Lind is backing the boat owners' call for a quota review.", True),
        # The owners made the ones who back the minister.
        ("The boat owners are backing Anders Lind in his call for a quota review.", False),
    ],
)
def test_who_backs_whom_reads_as_who_tells_whom(claim: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, _BACKS), ok, "roles")


def test_a_plural_possessive_is_no_verb() -> None:
    # "crews' sons" owns; it does not act (not "the Board, not Shetland, who 'crew…'").
    source = _note(
        "The Harbour Board shall grant berths to the sons of Shetland crews, whatever their age."
    )
    claim = "Moll says the Harbour Board should let crews' sons keep their berths."
    assert verdict_of(claim, source) == (True, "")


# --- words that are never names ---------------------------------------------------------


@pytest.mark.parametrize("opener", ["Several", "Some", "Many"])
def test_an_opener_before_a_verb_of_speech_is_no_speaker(opener: str) -> None:
    source = _note("The harbour board is pressing the ministry to reopen the northern berth.")
    claim = f"{opener} reports say the harbour board wants the ministry to reopen the berth."
    assert verdict_of(claim, source) == (True, "")


def test_an_institutions_short_name_is_its_group() -> None:
    # The Berlaymont is the European Commission's seat: "the Commission" is named.
    source = _note("The fleet's letter will be handed to the Berlaymont next week.")
    assert verdict_of("The fleet will hand its letter to the Commission next week.", source) == (
        True,
        "",
    )
    # Not a short name of anything the text names.
    assert_verdict(
        verdict_of(
            "The fleet will hand its letter to the Commission next week.",
            _note("The fleet's letter will be handed to the harbour board next week."),
        ),
        False,
        "names",
    )


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The board wants the ministry to publish a complete costing of the new berth.", True),
        ("The board wants the ministry to publish a costing of every berth in the port.", False),
    ],
)
def test_the_full_thing_is_said_whole(claim: str, ok: bool) -> None:
    source = _note("The board wants the ministry to publish the full cost of the new berth.")
    assert_verdict(verdict_of(claim, source), ok, "overreach")


# --- a first-person view given to a body named by common nouns --------------------------


_MY_VIEW = (
    "In my view the realistic cost is closer to 40 million euros a year, because the port"
    " already keeps its own berth data."
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Moll estimates the cost at closer to 40 million euros a year, because the port"
            " already keeps its own berth data.",
            True,
        ),
        (
            "The harbour association estimates the cost at closer to 40 million euros a year,"
            " because the port already keeps its own berth data.",
            False,
        ),
        (
            "The harbour association says the realistic cost is closer to 40 million euros a"
            " year, because the port already keeps its own berth data.",
            False,
        ),
    ],
)
def test_a_view_held_in_the_first_person_is_not_a_bodys(claim: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, _note(_MY_VIEW)), ok, "attribution")


def test_a_body_the_speakers_document_names_may_hold_its_view() -> None:
    # An interview with the association's chair: "the association" is the speaker's own.
    source = CitedText(
        _MY_VIEW,
        context="Ana Ruiz chairs the harbour association. " + _MY_VIEW,
        doc="interview.txt",
        author="Ines Moll",
        outlet="Harbour Review",
    )
    claim = (
        "The harbour association says the realistic cost is closer to 40 million euros a year,"
        " because the port already keeps its own berth data."
    )
    assert verdict_of(claim, source) == (True, "")


# --- a "will" in a question nobody answered ---------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The port authority would not say what the board will decide or whether berths"
            " might reopen in June.",
            True,
        ),
        # The same "will" asserted: certainty the text does not have.
        (
            "The port authority declined to comment on the agenda, but the berths will reopen"
            " in June.",
            False,
        ),
    ],
)
def test_a_will_in_an_unanswered_question_asserts_nothing(claim: str, ok: bool) -> None:
    source = _note(
        "A spokesman for the port authority declined to comment on the board's agenda or on"
        " whether the berths could reopen in June."
    )
    assert_verdict(verdict_of(claim, source), ok, "certainty")


# --- overreach: "only" opening a subject, a first ranked among "any" --------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll thinks a narrow legal case has a better chance than a broad political one.", True),
        ("Moll concludes that only narrow legal cases can win at the tribunal.", False),
        # "only if" limits: it claims less, not more.
        ("Moll thinks a case can win only if it stays narrow and legal.", True),
    ],
)
def test_only_opening_a_subject_is_exclusive(claim: str, ok: bool) -> None:
    source = _note(
        "A narrow, legal case is more likely to win at the tribunal than a broad political"
        " one, and it can win if it stays narrow and legal."
    )
    assert_verdict(verdict_of(claim, source), ok, "overreach")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll says it is the first time the guild has written to both ministries at once.", True),
        ("Moll says it is the first letter any fishing guild has sent to both ministries.", False),
        # "interest" is no superlative: nothing ranked.
        ("Moll says the guild wants interest paid on any late refund by both ministries.", True),
    ],
)
def test_a_first_ranked_among_any_widens_the_class(claim: str, ok: bool) -> None:
    source = _note(
        "It is the first time the guild has written to both ministries at once, and it wants"
        " interest paid on late refunds."
    )
    assert_verdict(verdict_of(claim, source), ok, "overreach")


# --- a demand judged unrealistic denies no report ---------------------------------------


_LISTS = _note(
    "The back-pay demand, which the guild still lists, would sink any deal.", doc="note.txt"
)
_CLAIM_BOTH = "Moll and Lind both regard the guild's back-pay demand as a liability."


def test_a_demand_judged_unrealistic_is_no_denial() -> None:
    column = CitedText(
        "The guild's call for back pay is, in my view, unrealistic, and it hands the ministry"
        " an easy reason to say no to everything.",
        doc="column.txt",
        author="Ola Lind",
        outlet="Fjord Post",
    )
    assert verdict_of(_CLAIM_BOTH, _LISTS, column) == (True, "")


def test_a_claim_about_a_demand_called_wrong_is_a_denial() -> None:
    column = CitedText(
        "The claim that the guild still lists the back-pay demand is, in my view, wrong.",
        doc="column.txt",
        author="Ola Lind",
        outlet="Fjord Post",
    )
    assert_verdict(verdict_of(_CLAIM_BOTH, _LISTS, column), False, "merged")


# --- what a claim says a person is ------------------------------------------------------


_PROFILE = (
    "Ola Lind, who chairs the Fjord Guild, spoke after the vote. He called the quota a trap."
    " Columnist Berit Vik, a former ferry captain from Bodø, disagreed."
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Ola Lind, the Fjord Guild's chair, called the quota a trap.", True),
        ("Ola Lind, a guild chair, called the quota a trap.", True),
        # Another person's biography given to him.
        ("Ola Lind, a former ferry captain from Bodø, called the quota a trap.", False),
        # An apposition that says what a clause is, not who the name is.
        ("The quota is a trap, a point Ola Lind made after the vote.", True),
    ],
)
def test_a_persons_apposition_is_what_the_documents_say_of_them(claim: str, ok: bool) -> None:
    source = CitedText(
        "He called the quota a trap.",
        context=_PROFILE,
        document=_PROFILE,
        doc="wire.txt",
        author="Ines Moll",
        outlet="Harbour Review",
    )
    assert_verdict(verdict_of(claim, source), ok, "added")


# --- where something is done, moved -----------------------------------------------------


def _placed(text: str, around: str) -> CitedText:
    return CitedText(
        text,
        context=f"{around} {text}",
        doc="note.txt",
        author="Ines Moll",
        outlet="Harbour Review",
    )


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The guild wants a quarter of the fund spent on shipbuilding in African ports.", True),
        ("The guild wants a quarter of the fund spent on shipbuilding in EU member states.", False),
        ("The guild wants a quarter of the fund spent on shipbuilding in Norway.", False),
    ],
)
def test_a_place_moved_to_another_country(claim: str, ok: bool) -> None:
    source = _placed(
        "The guild wants a quarter of the fund to go to shipbuilding in African partner ports.",
        "The guild, based in Norway, sells to the EU.",
    )
    assert_verdict(verdict_of(claim, source), ok, "slots")


@pytest.mark.parametrize(
    ("claim", "cited", "around"),
    [
        (
            "Members in the European Parliament remain opposed to the harbour deal.",
            "Members in the Parliament remain opposed to the harbour deal.",
            "The European Parliament votes in May.",
        ),
        (
            "The guild's office in the Kazakh capital did not answer questions.",
            "The guild's office in Astana did not answer questions.",
            "The guild trades with Kazakhstan.",
        ),
    ],
)
def test_one_place_by_another_name_is_kept(claim: str, cited: str, around: str) -> None:
    assert verdict_of(claim, _placed(cited, around)) == (True, "")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The dockers' union has asked Ola Lind for a meeting on the quota.", True),
        # The minister made the one who asks, the union the one asked.
        ("Ola Lind has asked the dockers' union for a meeting on the quota.", False),
    ],
)
def test_who_asks_whom_for_a_meeting(claim: str, ok: bool) -> None:
    source = _note(
        "The dockers' union has requested a meeting on the quota with the harbour minister,"
        " Ola Lind."
    )
    assert_verdict(verdict_of(claim, source), ok, "roles")


# --- an act added to what someone said ---------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Lind said a discount for the northern yards would sink the levy in its first year.",
            True,
        ),
        # A second act, its words from around the cited sentence, not from it.
        (
            "Lind said a discount for the northern yards would sink the levy in its first year"
            " and urged the ministry to reject the request at its next meeting.",
            False,
        ),
        # What was said goes on: "and added".
        (
            "Lind said a discount for the northern yards would sink the levy and added that it"
            " would do so in its first year.",
            True,
        ),
    ],
)
def test_an_act_added_to_what_was_said(claim: str, ok: bool) -> None:
    cited = "Ola Lind said a discount for the northern yards would sink the levy in its first year."
    source = CitedText(
        cited,
        context="The ministry will meet the yards next week to discuss their request. " + cited,
        doc="wire.txt",
        author="Ines Moll",
        outlet="Harbour Review",
    )
    assert_verdict(verdict_of(claim, source), ok, "added")


# --- claims that say the sources agree, in other words ----------------------------------


@pytest.mark.parametrize(
    ("claim", "agree"),
    [
        ("About 300 berths are idle, a figure borne out by both the port and the union.", True),
        ("The count was confirmed by both the wire and the ministry.", True),
        ("The guild is consistently described as opposing the levy.", True),
        ("Lind is described across reports as backing the levy.", True),
        ("The levy is unpopular across Europe and in the north.", False),
        # "by both" after a participle that says nothing of sources.
        ("The guild was founded by both brothers in 1990.", False),
    ],
)
def test_agreement_said_in_other_words(claim: str, agree: bool) -> None:
    assert says_they_agree(analyze(claim)) is agree


def test_one_side_of_a_disagreement_described_as_every_sources() -> None:
    wire = CitedText("Ola Lind backs the guild's call for a review of the levy.", doc="wire.txt")
    column = CitedText(
        "Ola Lind has privately opposed the guild's call for a review of the levy.",
        doc="column.txt",
    )
    claim = "Ola Lind is described across reports as backing the guild's call for a review."
    assert_verdict(verdict_of(claim, wire, column), False, "merged")


def test_a_wrong_practice_judges_a_thing_not_a_report() -> None:
    ministry = CitedText(
        '"The ministry should correct its wrong practice and lift the levy on ferries," a'
        " guild spokesman said.",
        doc="wire.txt",
    )
    interview = CitedText("The levy on ferries should be lifted.", doc="interview.txt")
    claim = "Lifting the levy on ferries is a demand voiced by both the guild and its chair."
    assert verdict_of(claim, ministry, interview) == (True, "")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll finds the guild's demands more modest than the ministry's reaction implies.", True),
        (
            "Moll finds the guild's demands more ambitious than the ministry's reaction implies.",
            False,
        ),
    ],
)
def test_ambitious_is_the_opposite_of_modest(claim: str, ok: bool) -> None:
    source = _note("The guild's demands are more modest than the ministry's reaction implies.")
    assert_verdict(verdict_of(claim, source), ok, "antonyms")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll suspects the ministry will offer the guild a five-year transition.", True),
        ("Moll thinks the ministry will probably offer the guild a five-year transition.", True),
        # The guess made a statement of hers.
        ("Moll says the ministry will offer the guild a five-year transition.", False),
    ],
)
def test_a_guess_stated_as_said(claim: str, ok: bool) -> None:
    source = _note("I suspect the ministry will offer the guild a five-year transition.")
    assert_verdict(verdict_of(claim, source), ok, "certainty")


_LINERS = (
    "Ola Lind of the Nordic Liner Council said the levy would hurt the world's shipping lines."
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Ola Lind of the Nordic Liner Council said the levy would hurt shipping lines.", True),
        # Each word is in the text, even capitalised ("World Bank", the title's "Shipping");
        # the body is not.
        ("Ola Lind of the World Shipping Council said the levy would hurt shipping lines.", False),
    ],
)
def test_a_body_renamed_from_words_the_text_has(claim: str, ok: bool) -> None:
    source = CitedText(
        _LINERS,
        context="The World Bank has not commented. " + _LINERS,
        document="The World Bank has not commented. " + _LINERS,
        title="Shipping Lines Fear the Levy",
        doc="wire.txt",
        author="Ines Moll",
        outlet="Harbour Review",
    )
    assert_verdict(verdict_of(claim, source), ok, "names")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Lind says the levy cut is parked but is still the guild's policy.", True),
        ("Lind concedes the levy cut is no longer guild policy, having been parked.", False),
    ],
)
def test_no_longer_against_still(claim: str, ok: bool) -> None:
    source = CitedText(
        "We have given up nothing. The levy cut is parked for now, but it is still our policy,"
        " Lind said.",
        doc="wire.txt",
        author="Ines Moll",
        outlet="Harbour Review",
    )
    assert_verdict(verdict_of(claim, source), ok, "antonyms")


# --- a share said as a fraction, a date's year changed ----------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The guild wants a quarter of the levy's revenue spent on new berths.", True),
        ("The guild wants no less than a fifth of the levy's revenue spent on new berths.", False),
        ("The guild wants one in four euros of the levy's revenue spent on new berths.", True),
        # "a fifth" counting a thing is an ordinal, no share.
        ("The guild, in its fifth letter, wants 25 per cent of the revenue spent on berths.", True),
    ],
)
def test_a_share_said_as_a_fraction(claim: str, ok: bool) -> None:
    source = _note(
        "In its fifth letter the guild wants no less than 25 per cent of the levy's revenue"
        " spent on new berths."
    )
    assert_verdict(verdict_of(claim, source), ok, "numbers")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The charter wants the new terms to apply from April 1, 2026.", True),
        # The document's own year (2025) does not vouch for a date the text gives otherwise.
        ("The charter wants the new terms to apply from April 1, 2025.", False),
    ],
)
def test_a_dates_year_changed_to_the_documents_own(claim: str, ok: bool) -> None:
    source = CitedText(
        "1. The new terms shall apply with effect from 1 April 2026.",
        doc="charter.txt",
        author="Ines Moll",
        outlet="Harbour Review",
        date="2025-04-01",
    )
    assert_verdict(verdict_of(claim, source), ok, "numbers")


# --- readings from set 25 (after its score) ----------------------------------------------


@pytest.mark.parametrize(
    ("claim", "cited", "ok", "check"),
    [
        # A lack said with "short of" is the cited "lack".
        (
            "Moll argues that if the port really is short of pilots, the ministry should pay.",
            "Port officials say they lack pilots; if so, the ministry should pay.",
            True,
            "negation",
        ),
        (
            "Moll argues that the port has enough pilots, so the ministry need not pay.",
            "Port officials say they lack pilots; if so, the ministry should pay.",
            False,
            "negation",
        ),
        # Terms left untouched: the cited "no change to the terms".
        (
            "Moll expects faster reviews, with the ferry terms left untouched.",
            "Moll expects faster reviews but no change to the ferry terms.",
            True,
            "negation",
        ),
        # A frequency in other words.
        (
            "The berth permit must be renewed every year.",
            "The berth permit is renewed annually.",
            True,
            "time",
        ),
        (
            "The berth permit must be renewed every month.",
            "The berth permit is renewed annually.",
            False,
            "time",
        ),
    ],
)
def test_readings_in_other_words(claim: str, cited: str, ok: bool, check: str) -> None:
    assert_verdict(verdict_of(claim, _note(cited)), ok, check)


def test_a_word_after_several_is_no_verb() -> None:
    # "several years" is a noun phrase: no "Sweden, not Norway, who 'year…'"; and the
    # guild's aim is not the analyst's first-person view of it.
    listed = _note(
        "2. Permits for the guild's yards in coastal Norway should be granted for at least three"
        " years rather than renewed annually.",
        doc="list.txt",
    )
    note = _note(
        "That is why I read the Sweden Shipping Council's request for multi-year permits as its"
        " most important ask."
    )
    claim = (
        "The guild wants permits for its yards in coastal Norway to last several years instead"
        " of being renewed annually, a request Moll regards as its most important."
    )
    assert verdict_of(claim, listed, note) == (True, "")


def test_an_aim_not_reached_is_no_accomplishment() -> None:
    source = _note(
        "We have asked the ministry to limit the rule. I am hopeful, but nothing is settled."
    )
    claim = (
        "Moll says the guild asked the ministry to limit the rule and hopes for a deal, though"
        " none has been secured."
    )
    found = verdict_of(claim, source)
    assert found[1] != "hedges", found


def test_a_function_word_is_no_alternative_set_aside() -> None:
    wire = CitedText("1. The ministry should decide every permit within 90 days.", doc="list.txt")
    chair = CitedText(
        "We hope the ministry will decide within 90 days, and permits should run for several"
        " years instead of one.",
        doc="interview.txt",
    )
    claim = (
        "A 90-day deadline for decisions on permits is sought both in the guild's list and by"
        " its chair."
    )
    assert verdict_of(claim, wire, chair) == (True, "")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moll says the ministry has been helpful.", True),
        ("Moll says the ministry has been unhelpful.", False),
        ("Moll calls the guild's demands excessive.", False),
    ],
)
def test_helpful_and_reasonable_have_opposites(claim: str, ok: bool) -> None:
    source = _note("The ministry has been supportive. The guild's demands are reasonable.")
    assert_verdict(verdict_of(claim, source), ok, "antonyms")


def test_a_wish_denied_does_not_deny_what_it_is_about() -> None:
    # "would not seek changes to the bar" denies a wish: a text calling the bar reasonable
    # agrees with it, no disagreement.
    council = CitedText(
        "The guild said it would not seek changes to the ten-year bar on expanding its yards"
        " abroad.",
        doc="wire.txt",
    )
    column = "The ten-year bar on expanding the guild's yards abroad is reasonable."
    assert not contradicts(column, council)
    # Asserting the wish it denies is still a contradiction.
    assert_verdict(
        verdict_of(
            "The guild is seeking changes to the ten-year bar on expanding its yards.", council
        ),
        False,
        "negation",
    )


@pytest.mark.parametrize(
    ("said", "ok"),
    [
        # A noun: the disputes are what the permits wait on, no figure disputed.
        (
            "We want every permit within two years, and the boundary disputes that block a third settled.",
            True,
        ),
        # A verb after its subject: the ministry disputes the figure both are said to give.
        ("We want every permit within two years, but the ministry disputes that figure.", False),
    ],
)
def test_a_dispute_noun_disputes_no_figure(said: str, ok: bool) -> None:
    listed = CitedText("1. The state must issue every permit within two years.", doc="list.txt")
    chair = CitedText(said, doc="interview.txt")
    claim = (
        "A two-year deadline for permits is a demand across the sources: the list and the chair."
    )
    assert verdict_of(claim, listed, chair)[0] is ok


# --- readings from set 26 (after its score) ----------------------------------------------


@pytest.mark.parametrize(
    ("claim", "cited", "check"),
    [
        # Another party's silence is no negation of this party's words.
        (
            "The guild aims to put its terms before the transport board in May.",
            "The transport ministry did not respond to a request for comment, and the guild said"
            " it hopes to present its terms to the transport board in May.",
            "negation",
        ),
        # "last year" says when; it is no opposite of "first".
        (
            "The levy now applies from June, a year later than first planned.",
            "The levy applies from June; the board postponed the start by a year last year.",
            "antonyms",
        ),
        # "to complete" is a verb, no universal.
        (
            "Moll says the guild wants the board to complete the long-promised registration.",
            "Moll says the guild wants the board to finish the registration it promised years ago.",
            "overreach",
        ),
        # A cause set aside with "rather than because of" keeps the cited "not of".
        (
            "Moll argues the trade shrank because of the sanctions rather than because of the"
            " new line.",
            "Moll argues the decline is the result of the sanctions, not of the new line.",
            "negation",
        ),
    ],
)
def test_set_26_readings_kept(claim: str, cited: str, check: str) -> None:
    found = verdict_of(claim, _note(cited))
    assert found[1] != check, found


def test_the_author_named_with_an_affiliation_holds_her_first_person_view() -> None:
    view = "In my view, the 40 million figure is a bargaining position, not an estimate."
    source = CitedText(
        view,
        context=f"Ines Moll is a fellow at the Harbour Institute. {view}",
        doc="note.txt",
        author="Ines Moll",
        outlet="Harbour Review",
    )
    claim = (
        "Ines Moll of the Harbour Institute regards the 40 million figure as a bargaining position."
    )
    assert_verdict(verdict_of(claim, source), True, "attribution")
    # Someone else named with the same view is still not its holder.
    other = (
        "Ola Lind of the Harbour Institute regards the 40 million figure as a bargaining position."
    )
    assert verdict_of(other, source)[0] is False


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Lind says the fishers want Oslo to finish the licensing and Brussels to stop"
            " treating a small boat like a trawler fleet.",
            True,
        ),
        # The two parties of a coordinated demand swapped.
        (
            "Lind says the fishers want Brussels to finish the licensing and Oslo to stop"
            " treating a small boat like a trawler fleet.",
            False,
        ),
    ],
)
def test_a_coordinated_demand_keeps_its_party(claim: str, ok: bool) -> None:
    source = _note(
        '"They are asking Oslo to finish the licensing it promised, and Brussels to stop'
        ' treating a small boat like a trawler fleet," said Ola Lind.'
    )
    assert_verdict(verdict_of(claim, source), ok, "roles")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Moll warns that the berth decision, currently expected in June, may slip past the"
            " summer if the survey is late.",
            True,
        ),
        # An aside's "expected" frames no "will" after it: the hedge is dropped.
        (
            "Moll warns that the berth decision, currently expected in June, will slip past the"
            " summer if the survey is late.",
            False,
        ),
    ],
)
def test_a_frame_inside_an_aside_frames_no_will(claim: str, ok: bool) -> None:
    source = _note(
        "The berth decision, expected in June, may slip past the summer if the survey is late."
    )
    assert_verdict(verdict_of(claim, source), ok, "certainty")
