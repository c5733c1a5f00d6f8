"""Verification rules of session 27 (issue 28): the same thing said in another form, and
a change said in a form the checks did not read.

Each rule is tested on invented text of its shape, both ways where it has two: the faithful
restatement it must keep and the changed one it must catch. No sentence of a labelled set
is used.
"""

from __future__ import annotations

import pytest

from briefing.verification import CitedText
from briefing.verification.checks.slots import _same
from briefing.verification.lexicon import party_key
from briefing.verification.meaning import contradicts, findings
from tests.support_cases import assert_verdict, verdict_of, voice, wire_whole

# --- who acts, past a long apposition to a name --------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Oslo has pressed Reykjavík to cut the power price for the smelter.", True),
        ("Reykjavík has pressed Oslo to cut the power price for the smelter.", False),
    ],
)
def test_an_apposition_between_actor_and_verb(claim: str, ok: bool) -> None:
    source = wire_whole(
        "Oslo, the seat of the smelter's owner and of its two largest creditors, has pressed"
        " Reykjavík to cut the power price for the smelter."
    )
    assert_verdict(verdict_of(claim, source), ok, "roles")


# --- every English number word ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The permit can take a year and a half to be approved, Hale reports.", True),
        ("The permit can take sixteen months to be approved, Hale reports.", False),
    ],
)
def test_teen_number_words_are_figures(claim: str, ok: bool) -> None:
    source = wire_whole("The permit can take eighteen months to be approved.")
    assert_verdict(verdict_of(claim, source), ok, "numbers")


# --- "ever" under a denial restates "never" ---------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok", "check"),
    [
        ("Moraes denies ever saying the mill should close.", True, ""),
        ("Moraes says the mill should always close on Sundays.", False, "overreach"),
    ],
)
def test_denies_ever_saying_is_never_said(claim: str, ok: bool, check: str) -> None:
    source = voice("I never said the mill should close. I said it should cut its hours.")
    found = verdict_of(claim, source)
    assert found[0] is ok
    if not ok:
        assert found[1] in (check, "negation")


# --- a verb negated of one thing and asserted of another ------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moraes says she never said the mill should close.", True),
        ("Moraes says she never said the mill should cut its hours.", False),
    ],
)
def test_a_negated_verb_of_what_the_source_asserts_with_it(claim: str, ok: bool) -> None:
    source = voice("I never said the mill should close. I said it should cut its hours.")
    assert_verdict(verdict_of(claim, source), ok, "negation")


def test_a_question_or_a_negated_sentence_asserts_nothing_with_the_verb() -> None:
    question = voice(
        "Will the cooperative sign a supply contract with Andina this year? Not before the"
        " prices are published. We will not sign a contract whose prices can change."
    )
    claim = "Moraes says the cooperative will not sign a supply contract with Andina yet."
    assert verdict_of(claim, question)[0] is True


# --- "cannot say whether" leaves a question open ----------------------------------------------


@pytest.mark.parametrize(
    ("source", "ok"),
    [
        ("I think the minister understands. Whether the money follows is another question.", True),
        ("I think the minister understands, and the money will follow in June.", False),
    ],
)
def test_cannot_say_whether_is_an_open_question(source: str, ok: bool) -> None:
    claim = "Moraes believes the minister understands but cannot say whether the money will follow."
    assert_verdict(verdict_of(claim, voice(source)), ok, "negation")


# --- an un- word restating another verb's negation ---------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The list wants owners who leave their plots unworked to lease them to tenants.", True),
        ("The union says the casual pickers on the estates were unpaid in March.", False),
    ],
)
def test_an_un_word_for_a_negated_verb_of_the_same_thing(claim: str, ok: bool) -> None:
    source = wire_whole(
        "3. Oblige owners who do not farm their plots to lease them to the tenants working"
        " on them. The casual pickers on the estates were paid in full in March, but the"
        " bonuses were not paid, the union said."
    )
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- a time set aside by contrast gives no time -------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The skipper says the price of diesel, not the deadline, is the real problem.", True),
        (
            "The skipper says the price of diesel is the real problem and must be cut within months.",
            False,
        ),
    ],
)
def test_a_time_word_set_aside_by_not(claim: str, ok: bool) -> None:
    source = wire_whole("The real problem is the price of diesel, the skipper said.")
    assert_verdict(verdict_of(claim, source), ok, "time")


# --- the length of a document's numbered list -----------------------------------------------


_LIST = (
    "Growers issue six demands\n\nThe council published its demands on Monday.\n\n"
    "1. A floor price.\n2. A fund.\n3. A registry.\n4. Water rights.\n5. Roads.\n"
    "6. A seat at the table.\n\nThe council said a strike would start on May 9 if the"
    " government did not respond."
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The council's six-point list comes with a strike threat from May 9.", True),
        ("The council's five-point list comes with a strike threat from May 9.", False),
        ("The council threatens a strike from May 9 for the next six years.", False),
    ],
)
def test_an_n_point_list_counts_the_numbered_items(claim: str, ok: bool) -> None:
    source = wire_whole(
        "The council said a strike would start on May 9 if the government did not respond.",
        document=_LIST,
    )
    assert_verdict(verdict_of(claim, source), ok, "numbers")


# --- who gains: the same verb, another party ----------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Hale argues that scrapping the quotas would mostly benefit big foreign buyers.", True),
        ("Hale argues that scrapping the quotas would mostly benefit the family growers.", False),
    ],
)
def test_the_same_benefit_given_to_another_party(claim: str, ok: bool) -> None:
    # The growers are named around the citation, not in it: no party the text never names.
    source = CitedText(
        "Scrapping the quotas would mostly benefit large foreign buyers, who could stock up"
        " cheaply in a glut.",
        doc="wire.txt",
        author="Tom Hale",
        outlet="Andes Wire",
        context="The family growers of the valley sell through the cooperative.",
    )
    assert_verdict(verdict_of(claim, source), ok, "beneficiary")


def test_a_participle_describing_is_no_benefit() -> None:
    source = wire_whole("Hale said buyouts should be compulsory near protected sites.")
    claim = "Hale argues that buyouts should be made mandatory near protected nature areas."
    assert verdict_of(claim, source)[0] is True


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The plan offers credit to small growers for drip irrigation.", True),
        ("The plan offers credit to exporters for drip irrigation.", False),
    ],
)
def test_a_receiver_ends_at_the_next_preposition(claim: str, ok: bool) -> None:
    source = wire_whole("The plan offers credit to small growers for drip irrigation and storage.")
    assert_verdict(verdict_of(claim, source), ok, "beneficiary")


# --- one order reversed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Hale warns that licensed boats would lose their buyers before the pirates do.", True),
        (
            "Hale warns that licensed boats would lose their buyers only after the pirates had.",
            False,
        ),
    ],
)
def test_before_and_after_the_same_party(claim: str, ok: bool) -> None:
    source = wire_whole(
        "If the rules tighten, licensed boats are likely to lose their buyers before the pirates do."
    )
    assert_verdict(verdict_of(claim, source), ok, "antonyms")


# --- a denial widened to "any" ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "source", "ok"),
    [
        (
            "Hale notes that Washington has not yet put tariffs on any Canadian farm product.",
            "Washington has not yet put tariffs on Canadian maple syrup.",
            False,
        ),
        (
            "Hale notes that the ministry has not sent any reply to the growers.",
            "The ministry has not sent a reply to the growers.",
            True,
        ),
        (
            "Hale says the government will not sign any deal that raises the debt.",
            "The government would not sign any agreement that raises the debt.",
            True,
        ),
    ],
)
def test_a_denial_widened_to_any(claim: str, source: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, wire_whole(source)), ok, "overreach")


# --- one word shared, two countries: two participants ----------------------------------------


def test_a_shared_word_with_another_country_is_another_participant() -> None:
    spain, morocco, madrid = party_key("spain"), party_key("morocco"), party_key("madrid")
    # "cut Morocco off" / "cut Madrid off": the verb shared, the countries two.
    assert not _same(frozenset({"cut", morocco, "off"}), frozenset({"cut", madrid, "off"}), set())
    assert _same(frozenset({"cut", spain, "off"}), frozenset({"cut", madrid, "off"}), set())
    assert _same(frozenset({"treasuri"}), frozenset({"treasuri", "nation"}), set())


# --- two sources, one thing, two figures: a disagreement -------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        (
            "The growers' list was adopted at a special assembly in Saint-Tite on May 11.",
            "The growers voted at a special assembly on May 9 to seek the fund.",
            True,
        ),
        (
            "The United States buys about 60 per cent of the valley's exports.",
            "Closer to 70 per cent of the valley's exports go to the United States, in my view.",
            True,
        ),
        (
            "The council wants a fund of 500 million pesos for the cooperatives.",
            "Its list asks for a 300 million pesos fund for the cooperatives.",
            True,
        ),
        (
            "About 60 per cent of the aid now comes as grants; ministers want 80 per cent.",
            "Second, a grant share for the aid of at least 80 per cent.",
            False,
        ),
        (
            "Nurses said they care for 30 or more patients on night shifts.",
            "Several nurses said they had cared for more than 25 patients on night shifts.",
            False,
        ),
        (
            "The federation, which speaks for 13,300 growers, met on May 9.",
            "The fund would cover storage costs for the growers.",
            False,
        ),
    ],
)
def test_two_sources_give_one_thing_two_figures(a: str, b: str, apart: bool) -> None:
    found = contradicts(a, CitedText(b), figures=True) or contradicts(b, CitedText(a), figures=True)
    assert found is apart
    # A claim citing both need not state the figure they differ on: no disagreement there.
    assert not (contradicts(a, CitedText(b)) or contradicts(b, CitedText(a))) or not apart


# --- what "rather than" sets aside is not the word chosen over it ------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Moraes says her members do not want to go back and want the ministry to pay.", True),
        (
            "Moraes says her members want to go back rather than wait for the ministry to pay.",
            False,
        ),
    ],
)
def test_rather_than_after_a_word_does_not_negate_it(claim: str, ok: bool) -> None:
    source = voice(
        "No. My members do not want to go back. What we want is for the ministry to pay."
    )
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- a date's day against the days the cited text gives that month ------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The list was adopted in Taroudant on May 16 and sent to the six buyers.", True),
        ("The list was adopted in Taroudant on May 6 and sent to the buyers.", False),
        ("The list, adopted in May 2025, went to the six buyers.", True),
    ],
)
def test_a_dates_day_is_compared_with_that_months_days(claim: str, ok: bool) -> None:
    source = wire_whole(
        "The list was adopted at the assembly in Taroudant on May 16, 2025 and sent to the six"
        " largest buyers."
    )
    assert_verdict(verdict_of(claim, source), ok, "numbers")


# --- "May" mid-sentence is the month ---------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Rabat has said it will receive a delegation from the growers in May.", True),
        ("Rabat will certainly receive a delegation from the growers this spring.", False),
    ],
)
def test_may_mid_sentence_is_the_month(claim: str, ok: bool) -> None:
    source = wire_whole(
        "The ministry in Rabat said it would receive a delegation from the growers in May."
    )
    found = verdict_of(claim, source)
    assert found[0] is ok


def test_a_hedge_is_read_with_its_condition() -> None:
    source = wire_whole(
        "Ghanaian officials said they may raise the matter directly with the Elysee at"
        " presidential level if the quays remain closed into May."
    )
    # The words around the "will" differ from those around the "may"; the condition is one.
    claim = "Ghana will take the levy quarrel to the Elysee at presidential level if the quays are still closed in May."
    assert "certainty" in [v.check for v in findings(claim, [source])]


# --- an acronym the text defines in parentheses -------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("A new bus costs about 2.8 million pesos according to the DOTr.", True),
        ("A new bus costs about 2.8 million pesos according to the LTFRB.", False),
    ],
)
def test_an_acronym_defined_in_parentheses(claim: str, ok: bool) -> None:
    source = wire_whole(
        "A new bus that meets the standards costs about 2.8 million pesos, according to the"
        " Department of Transportation (DOTr). The Land Transportation Franchising and"
        " Regulatory Board has not commented."
    )
    found = verdict_of(claim, source)
    assert found[0] is ok


# --- more forms of one statement ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "source", "ok", "check"),
    [
        # "unless agreed in writing" restates "without written consent"
        (
            "The list asks that fees no longer be taken from wages unless the worker agrees in writing.",
            "4. An end to the deduction of fees from wages without the written consent of the worker.",
            True,
            "negation",
        ),
        (
            "The list asks that fees be taken from wages with the written consent of the worker.",
            "4. An end to the deduction of fees from wages without the written consent of the worker.",
            False,
            "negation",
        ),
        # "across the year" is "over the whole year"
        (
            "Hale says the pickers average 19 kilos a day over the whole year.",
            "The pickers average closer to 19 kilos a day across the year, Hale says.",
            True,
            "overreach",
        ),
        # "outside the federation" is "non-federation"
        (
            "Hale says a floor would push buyers toward non-federation cooperatives.",
            "A floor would push buyers toward cooperatives outside the federation, Hale says.",
            True,
            "negation",
        ),
        # "it is no surprise that they want X" says they want it
        (
            "Hale says the growers want the levy cut.",
            "It is no surprise that the growers want the levy cut, Hale says.",
            True,
            "negation",
        ),
    ],
)
def test_more_forms_of_one_statement(claim: str, source: str, ok: bool, check: str) -> None:
    assert_verdict(verdict_of(claim, wire_whole(source)), ok, check)


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        (
            "Hale believes the risks of the quota deal are real and often understated.",
            "I think the risks of the quota deal are real but often exaggerated, Hale writes.",
        ),
        (
            "Officials expect the strike to halt about 40 percent of routes, though the impact could be greater.",
            "Officials expect the strike to halt about 40 percent of routes, though the impact could be lower.",
        ),
    ],
)
def test_opposites_of_degree(claim: str, source: str) -> None:
    assert_verdict(verdict_of(claim, wire_whole(source)), False, "antonyms")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Hale argues that only the Palace can order the Ministry of Energy and Mines to pay.",
            True,
        ),
        (
            "Hale argues that only the Ministry of Energy and Mines can order the Palace to pay.",
            False,
        ),
    ],
)
def test_a_name_of_something_of_x_and_y_is_one_name(claim: str, ok: bool) -> None:
    source = wire_whole(
        "Only the Palace can order the Ministry of Energy and Mines to pay, Hale writes."
    )
    assert_verdict(verdict_of(claim, source), ok, "roles")


def test_rather_than_restates_a_refusal_of_what_it_sets_aside() -> None:
    source = wire_whole(
        "Portugal remains unwilling to negotiate directly with Spain and instead seeks talks"
        " with Morocco."
    )
    claim = "Portugal wants to negotiate with Rabat rather than Madrid, Hale writes."
    assert verdict_of(claim, source)[0] is True


# --- set 32's forms (read after its score) ------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "source", "ok", "check"),
    [
        # "£250m" is "£250 million"
        (
            "Hale says ministers have set aside £250m for the first year.",
            "Ministers have set aside £250 million for the first year, Hale says.",
            True,
            "numbers",
        ),
        (
            "Hale says ministers have set aside £205m for the first year.",
            "Ministers have set aside £250 million for the first year, Hale says.",
            False,
            "numbers",
        ),
        # "split fifty-fifty" is "shared equally"; "half the 20% cut" is a ratio the claim gives
        (
            "Hale says freight rises are to be split fifty-fifty between buyer and seller.",
            "Freight rises shall be shared equally between the buyer and the seller, Hale says.",
            True,
            "numbers",
        ),
        (
            "Hale wants cuts capped at 10%, half the 20% yearly cut officials set out.",
            "Hale wants cuts of no more than 10% a year. Officials said the payment would fall by 20% a year.",
            True,
            "numbers",
        ),
        # what a question after "not" asks about is not denied
        (
            "Hale accepts that proof of origin is needed but wants the chains to pay for it.",
            "The fight should be over who pays for the proof, not over whether proof is needed, Hale writes.",
            True,
            "negation",
        ),
        # "no harm and real good": "no" denies the harm only
        (
            "Hale grants that a few more trees on the banks would do real good.",
            "A few more trees on the banks would do no harm and real good, Hale concedes.",
            True,
            "negation",
        ),
    ],
)
def test_set_32_forms(claim: str, source: str, ok: bool, check: str) -> None:
    assert_verdict(verdict_of(claim, wire_whole(source)), ok, check)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Ana Ruiz of the Association of Independent Fruit Exporters warned that a higher"
            " floor would reward inefficient farms.",
            True,
        ),
        (
            "Ana Ruiz of the Fruit Exporters' Chamber warned that a higher floor would reward"
            " inefficient farms.",
            False,
        ),
    ],
)
def test_an_affiliation_with_another_head_is_another_body(claim: str, ok: bool) -> None:
    source = wire_whole(
        "Ana Ruiz, president of the Association of Independent Fruit Exporters, said a higher"
        " floor would reward inefficient farms. The Fruit Exporters' Chamber backed two points."
    )
    assert_verdict(verdict_of(claim, source), ok, "names")
