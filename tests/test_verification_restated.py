"""Verification rules of session 28 (issue 28): the same thing said in another form, and a
change said in a form the checks did not read.

Each rule is tested on invented text of its shape, both ways where it has two: the faithful
restatement it must keep and the changed one it must catch. No sentence of a labelled set
is used.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core.models import Citation, Claim
from briefing.verification import CitedText, SourceCache, verify_claim
from briefing.verification.checks.antonyms import check_antonyms
from briefing.verification.checks.definite_roles import check_definite_roles
from briefing.verification.evidence import make_evidence
from briefing.verification.meaning import contradicts
from briefing.verification.tokens import analyze
from tests.support_cases import assert_verdict, verdict_of, wire, wire_whole

# --- a negation in a past counterfactual supposes the opposite of what happened -------------


@pytest.mark.parametrize(
    ("claim", "source", "ok"),
    [
        (
            "The mill owners raised their prices twice last year.",
            "The mill owners' plea of poverty would carry more weight if they had not raised"
            " their prices twice last year.",
            True,
        ),
        (
            "The port authority dredged the channel in March.",
            "Had the port authority not dredged the channel in March, the ferries could not"
            " have sailed.",
            True,
        ),
        (
            "The mill owners raised their prices twice last year.",
            "The mill owners had not raised their prices last year, the trade body said.",
            False,
        ),
        (
            "The mill owners raised their prices twice last year.",
            "The mill owners, who had not raised their prices twice last year, would not comment.",
            False,
        ),
    ],
)
def test_a_counterfactual_negation_supposes_what_happened(
    claim: str, source: str, ok: bool
) -> None:
    assert_verdict(verdict_of(claim, wire_whole(source)), ok, "negation")


# --- a negated verb of opinion denies what it governs ----------------------------------------


_OPINION = (
    "I do not believe the mayor will accept the new bus depot outright, because the budget is"
    " tight. What he may accept is a smaller depot."
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Quispe believes the mayor will refuse the new bus depot outright, though he may accept"
            " a smaller depot.",
            True,
        ),
        (
            "Quispe believes the mayor will not accept the new bus depot outright, though he may"
            " accept a smaller depot.",
            True,
        ),
        (
            "Quispe believes the mayor will accept the new bus depot outright, though he may accept"
            " a smaller depot.",
            False,
        ),
        (
            "Quispe believes the mayor will back the new bus depot outright, though he may accept"
            " a smaller depot.",
            False,
        ),
    ],
)
def test_a_negated_opinion_verb_denies_what_it_governs(claim: str, ok: bool) -> None:
    source = CitedText(
        _OPINION,
        doc="column.txt",
        author="Ana Quispe",
        outlet="Altiplano Review",
        document=_OPINION,
    )
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- "would not otherwise find": the negation's head is the verb, not the adverb --------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Ilgaz says his platform serves only licensed boats and brings them cargo they would"
            " otherwise miss.",
            True,
        ),
        (
            "Ilgaz says his platform serves only licensed boats and brings them cargo they would"
            " otherwise find.",
            False,
        ),
    ],
)
def test_otherwise_is_not_what_a_negation_denies(claim: str, ok: bool) -> None:
    source = wire_whole(
        '"We serve only licensed boats, and we bring them cargo they would not otherwise find,"'
        " Ilgaz said."
    )
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- "probably not", "not likely to" restate "unlikely to" ------------------------------------

_LIKELY = "The ministry's draft is likely to require a permit, but it is unlikely to set a fee cap."


@pytest.mark.parametrize(
    ("claim", "ok", "check"),
    [
        ("Hale expects the draft to require a permit but probably not to set a fee cap.", True, ""),
        ("The draft is likely to require a permit but is not likely to set a fee cap.", True, ""),
        (
            "Hale expects the draft to require a permit and probably to set a fee cap.",
            False,
            "negation",
        ),
    ],
)
def test_a_likelihood_word_next_to_not_is_its_opposite(claim: str, ok: bool, check: str) -> None:
    assert_verdict(verdict_of(claim, wire_whole(_LIKELY)), ok, check)


# --- the author's note ("X is a senior fellow at the Y Institute (YI).") is metadata -----------

_ANALYSIS = (
    "Harbour Economic Review\nPorts will not pay for themselves\nBy Jane Roe\nMarch 6, 2025\n\n"
    "The port authority's plan would raise berth fees by a third over two years. None of the"
    " shipping lines we interviewed said they would move their routes elsewhere. The authority"
    " has not published its own estimate of the cost.\n\n"
    "Jane Roe is a senior fellow at the Coastal Institute for Trade Policy (CITP).\n"
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "According to CITP fellow Jane Roe, none of the shipping lines her team interviewed"
            " said they would move their routes.",
            True,
        ),
        (
            "According to IMO fellow Jane Roe, none of the shipping lines her team interviewed"
            " said they would move their routes.",
            False,
        ),
    ],
)
def test_the_authors_note_names_her_institute(tmp_path: Path, claim: str, ok: bool) -> None:
    (tmp_path / "analysis.txt").write_text(_ANALYSIS, encoding="utf-8")
    quote = "None of the shipping lines we interviewed said they would move their routes elsewhere."
    start = _ANALYSIS.index(quote)
    cite = Citation(doc="analysis.txt", start=start, end=start + len(quote), quote=quote)
    report = verify_claim(Claim(id="c", text=claim, citations=[cite]), SourceCache(tmp_path))
    assert report.ok is ok
    if not ok:
        assert report.check in ("names", "attribution")


# --- an approximate round share, and the size of a change "from A to B" -----------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Nearly two in five households owe money to moneylenders, Hale reports.", True),
        ("About 40 percent of households owe money to moneylenders, Hale reports.", True),
        ("Nearly three in five households owe money to moneylenders, Hale reports.", False),
        ("About 43 percent of households owe money to moneylenders, Hale reports.", False),
    ],
)
def test_an_approximate_round_share(claim: str, ok: bool) -> None:
    source = wire_whole("About 38 percent of households owe money to moneylenders.")
    assert_verdict(verdict_of(claim, source), ok, "numbers")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Hale reports that the plan would add about 23 billion pesos a year to the scheme.", True),
        (
            "Hale reports that the plan would add about 25 billion pesos a year to the scheme.",
            False,
        ),
    ],
)
def test_the_size_of_a_change_from_a_to_b(claim: str, ok: bool) -> None:
    source = wire_whole(
        "The plan would raise the scheme's annual cost from about 48 billion pesos to roughly"
        " 71 billion pesos."
    )
    assert_verdict(verdict_of(claim, source), ok, "numbers")


# --- "not enough to protect": the negation passes to what would follow ------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Hale reports that a court ruling cannot protect herders unless someone is willing to"
            " act on it.",
            True,
        ),
        ("Hale reports that a court ruling protects herders.", False),
    ],
)
def test_not_enough_to_denies_what_it_would_do(claim: str, ok: bool) -> None:
    source = wire_whole(
        "A court ruling is not enough to protect herders if nobody is willing to act on it."
    )
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- what a claim sets aside ("instead of its land") is no negation of its verb ---------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Hale reports that the cooperative has not requested money in place of its land.", True),
        ("Hale reports that the cooperative has asked for a cheque instead of its land.", False),
        (
            "Hale reports that the cooperative has asked for a cash settlement in place of its land.",
            False,
        ),
    ],
)
def test_what_a_claim_sets_aside_does_not_negate_its_verb(claim: str, ok: bool) -> None:
    source = wire_whole(
        "In any case, the cooperative has not asked for a cheque instead of its land."
    )
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- a "would" reported by an attribution that closes its sentence -----------------------------


@pytest.mark.parametrize(
    ("claim", "source", "ok"),
    [
        (
            "Hale said platforms will instead have to publish their fees to drivers.",
            "Platforms would instead have to publish their fees to drivers, Hale said.",
            True,
        ),
        (
            "Hale said platforms will certainly have to publish their fees to drivers.",
            "Platforms would instead have to publish their fees to drivers, Hale said.",
            False,
        ),
        (
            "Hale said platforms will instead have to publish their fees to drivers.",
            "Platforms would instead have to publish their fees to drivers if the law passed.",
            False,
        ),
    ],
)
def test_a_would_reported_by_a_closing_attribution(claim: str, source: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, wire_whole(source)), ok, "certainty")


# --- a season the claim adds where the cited text gives a time of another kind ----------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Hale reports that the students, who marched in May 2023, say they will march again"
            " this winter if the talks fail.",
            True,
        ),
        (
            "Hale reports that the students, who marched in May 2023, say they will march again"
            " this spring if the talks fail.",
            False,
        ),
    ],
)
def test_a_season_the_cited_text_does_not_give(claim: str, ok: bool) -> None:
    source = wire_whole(
        "The students, who marched for 300 days from May 2023, said they would march again this"
        " winter if the talks failed."
    )
    assert_verdict(verdict_of(claim, source), ok, "time")


# --- what is needed or ought to be, stated as won ----------------------------------------------


@pytest.mark.parametrize(
    ("claim", "source", "ok"),
    [
        (
            "Hale reports that the union wants a pay rise of at least 8 percent and a cap on"
            " overtime.",
            "The union said members needed a pay rise of at least 8 percent, and that overtime"
            " should be capped by the board.",
            True,
        ),
        (
            "Hale reports that the union has won a pay rise of at least 8 percent and a cap on"
            " overtime.",
            "The union said members needed a pay rise of at least 8 percent, and that overtime"
            " should be capped by the board.",
            False,
        ),
        (
            "Hale reports that the veterans gained the right to settle in the capital, where"
            " their parents need care.",
            "Since 2009 the veterans have been able to settle in the capital, where their"
            " parents now need care.",
            True,
        ),
    ],
)
def test_a_need_stated_as_won(claim: str, source: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, wire_whole(source)), ok, "hedges")


# --- a move turned round: "from A to B" restated as "from B to A" ------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Hale reports a plan to move money away from coal plants and into wind farms.", True),
        ("Hale reports a plan to shift money from wind farms to coal plants.", False),
        ("Hale reports a plan to move money away from wind farms and into coal plants.", False),
    ],
)
def test_a_move_turned_round(claim: str, ok: bool) -> None:
    source = wire_whole(
        "The plan would shift money from coal plants to wind farms over five years."
    )
    assert_verdict(verdict_of(claim, source), ok, "roles")


# --- who tells whom, with another verb of telling ----------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Hale says the importers had informed the ministry that records would be required.", True),
        (
            "Hale says the ministry had informed the importers that records would be required.",
            False,
        ),
        (
            "Hale says the ministry had notified the importers that records would be required.",
            False,
        ),
    ],
)
def test_who_tells_whom_with_another_verb_of_telling(claim: str, ok: bool) -> None:
    source = wire_whole(
        "The importers had told the ministry that records would be required, Hale said."
    )
    assert_verdict(verdict_of(claim, source), ok, "roles")


# --- "did not respond to a request for comment" answered by another cited sentence ------------


@pytest.mark.parametrize(
    ("claim", "second", "ok"),
    [
        (
            "A spokesman for the port authority had said the week before that it would defend"
            " the ferry service.",
            "A spokesman said last week that the port authority would defend the ferry service.",
            True,
        ),
        (
            "The port authority has promised to defend the ferry service.",
            "The port authority has stopped short of promising to defend the ferry service.",
            False,
        ),
    ],
)
def test_a_plain_verb_of_speech_denied_in_one_citation_said_in_another(
    claim: str, second: str, ok: bool
) -> None:
    first = "The port authority did not immediately respond to a request for comment."
    document = f"{first} {second}"
    sources = [wire(first, document=document), wire(second, document=document)]
    assert_verdict(verdict_of(claim, *sources), ok, "negation")


# --- a speaker named with its acronym in parentheses, and where it is based -------------------

_COUNCIL = (
    "The Coastal Shippers Council (CSC), a Lisbon-based trade group, said in a statement that its"
    ' members supported "reasonable cost-sharing arrangements".'
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "According to the Coastal Shippers Council, its members support reasonable"
            " cost-sharing.",
            True,
        ),
        (
            "According to the Lisbon-based Coastal Shippers Council, its members support reasonable"
            " cost-sharing.",
            True,
        ),
        (
            "According to the Madrid-based Coastal Shippers Council, its members support reasonable"
            " cost-sharing.",
            False,
        ),
        (
            "According to the Coastal Hauliers Council, its members support reasonable"
            " cost-sharing.",
            False,
        ),
    ],
)
def test_a_speaker_with_its_acronym_and_its_base(claim: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, wire_whole(_COUNCIL)), ok, "attribution")


# --- "resistance to X" restates "no X" ----------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Hale reports that the union's resistance to new depots lasts until a fare rise is"
            " working.",
            True,
        ),
        (
            "Hale reports that the union wants a fare rise this spring and new depots before it is"
            " working.",
            False,
        ),
    ],
)
def test_resistance_to_something_restates_no_such_thing(claim: str, ok: bool) -> None:
    source = wire_whole(
        "A real fare rise this spring, and no new depots until the fare rise is working."
    )
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- "nearly all" against a cited share below nine in ten --------------------------------------


@pytest.mark.parametrize(
    ("claim", "source", "ok"),
    [
        (
            "Hale reports that most households farm fewer than 20 hectares.",
            "Roughly 80 percent of households farm fewer than 20 hectares.",
            True,
        ),
        (
            "Hale reports that nearly all households farm fewer than 20 hectares.",
            "Roughly 95 percent of households farm fewer than 20 hectares.",
            True,
        ),
        (
            "Hale reports that nearly all households farm fewer than 20 hectares.",
            "Roughly 80 percent of households farm fewer than 20 hectares.",
            False,
        ),
    ],
)
def test_nearly_all_is_more_than_most(claim: str, source: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, wire_whole(source)), ok, "overreach")


# --- a stop for a time is a stop: "pause the processing of new licences" / "a halt to them" ----


@pytest.mark.parametrize(
    ("sentence", "disagree"),
    [
        (
            "The council called on the government to pause the processing of new licences in"
            " grazing areas until the law is in force.",
            False,
        ),
        ("The council called on the government to suspend new licences in grazing areas.", False),
        (
            "The council called on the government to keep issuing new licences in grazing areas.",
            True,
        ),
    ],
)
def test_a_pause_is_a_halt_between_two_sources(sentence: str, disagree: bool) -> None:
    other = wire(
        "The herders' association has called for a halt to new licences in grazing areas until"
        " the dispute is settled."
    )
    assert contradicts(sentence, other, figures=True) is disagree


# --- two definite parties swapped round one verb ---------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Hale reports that the council would have to compensate the farmers for lost grazing.",
            True,
        ),
        (
            "Hale reports that the farmers would have to compensate the council for lost grazing.",
            False,
        ),
    ],
)
def test_two_definite_parties_swapped_round_one_verb(claim: str, ok: bool) -> None:
    source = wire_whole(
        "Closing the road is unlikely, not least because the council would have to compensate"
        " the farmers for lost grazing."
    )
    assert_verdict(verdict_of(claim, source), ok, "roles")


def test_a_verb_said_both_ways_round_is_no_swap() -> None:
    # The definite-roles reading alone (the named-actor roles check reads this pair as well).
    source = wire_whole(
        "The council pays the farmers for grazing rights, and in dry years the farmers pay the"
        " council for water."
    )
    claim = analyze("Hale reports that the farmers pay the council for water.")
    assert check_definite_roles(claim, make_evidence([source])) is None


# --- parties said to agree on a month one of them gives otherwise ------------------------------


@pytest.mark.parametrize(
    ("claim", "second", "ok"),
    [
        (
            "The wire and the analyst both say the final ruling on the levy is due in August.",
            "The analyst wrote that the final ruling on the levy is due in August.",
            True,
        ),
        (
            "The wire and the analyst both say the final ruling on the levy is due in August.",
            "The analyst expects the final ruling on the levy to slip to October.",
            False,
        ),
    ],
)
def test_parties_agreeing_on_a_month_one_gives_otherwise(claim: str, second: str, ok: bool) -> None:
    first = wire("The final ruling on the levy is due in August, the wire reported.", doc="a.txt")
    other = wire(second, doc="b.txt")
    assert_verdict(verdict_of(claim, first, other), ok, "merged")


# --- "X's line is that …" keeps whose view it is ------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The ministry's line is that no private boat will be allowed to carry paying"
            " passengers through an app anywhere in the country.",
            True,
        ),
        (
            "No private boat will be allowed to carry paying passengers through an app anywhere"
            " in the country.",
            False,
        ),
    ],
)
def test_a_stated_line_keeps_whose_view_it_is(claim: str, ok: bool) -> None:
    source = wire_whole(
        '"No private boat will carry paying passengers through an app in this country, and that'
        ' is our line," the transport minister said.'
    )
    assert_verdict(verdict_of(claim, source), ok, "hedges")


# --- a "would" that goes on with the report of the sentence before it -------------------------

_REPORTED = (
    "On debt, the minister said the bank would suspend repayments for three years."
    " Interest would keep accruing, but the state would pay the first year's interest."
)


@pytest.mark.parametrize(
    ("before", "ok"),
    [
        ("On debt, the minister said the bank would suspend repayments for three years.", True),
        ("On debt, analysts have floated a three-year pause on repayments.", False),
    ],
)
def test_a_would_going_on_with_the_report_before_it(before: str, ok: bool) -> None:
    cited = "Interest would keep accruing, but the state would pay the first year's interest."
    source = CitedText(
        cited,
        context=f"{before} {cited}",
        doc="wire.txt",
        author="Tom Hale",
        outlet="Andes Wire",
        document=f"{before} {cited}",
    )
    claim = "Interest will keep accruing, although the state will pay the first year's interest."
    assert_verdict(verdict_of(claim, source), ok, "certainty")


# --- "…, not promises": a noun set aside is no verb of report denied --------------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "A minimum price of 30 shillings a kilo is the growers' headline demand, voiced by"
            " Chebet to the wire, endorsed by the columnist and written into the alliance's list.",
            True,
        ),
        ("Chebet promised the growers 30 shillings a kilo, paid every month.", False),
    ],
)
def test_a_noun_set_aside_is_no_report_denied(claim: str, ok: bool) -> None:
    sources = [
        wire(
            '"We want 30 shillings for every kilo, paid every month, not promises," said Chebet,'
            " chairman of the growers alliance.",
            doc="a.txt",
        ),
        wire("The growers alliance wants a minimum price of 30 shillings a kilo.", doc="b.txt"),
        wire("A minimum price of 30 shillings per kilo, to be reviewed every year.", doc="c.txt"),
    ]
    assert_verdict(verdict_of(claim, *sources), ok, "negation")


# --- what a claim sets aside with "rather than" keeps no cited denial of the clause before it ---

_NOT_ASKING = (
    "Ruiz said the association is not asking the ministry to drop its own levy on imported"
    ' tractors, but wants the government to open direct talks with Lima "within weeks, not'
    ' months."'
)


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Ruiz said the association wants the government to open direct talks with Lima within"
            " weeks rather than months.",
            True,
        ),
        (
            "Ruiz said the association wants the ministry to drop its levy on imported tractors and"
            " to open direct talks with Lima within weeks rather than months.",
            False,
        ),
    ],
)
def test_rather_than_keeps_no_denial_of_the_clause_before_it(claim: str, ok: bool) -> None:
    assert_verdict(verdict_of(claim, wire_whole(_NOT_ASKING)), ok, "negation")


# --- "not against X; against Y": the clause after a semicolon is not what the first is about ----


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "Hale reports that the council is not against the goal of the limits but against a"
            " cliff edge.",
            True,
        ),
        ("Hale reports that the council is against the goal of the limits.", False),
        (
            "Hale reports that the council objects both to the goal of the limits and to the"
            " cliff-edge way they are introduced.",
            False,
        ),
    ],
)
def test_a_semicolon_sets_the_next_clause_against_a_negated_one(claim: str, ok: bool) -> None:
    source = wire_whole("We are not against the goal; we are against a cliff edge.")
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- shares in words: "nearly two thirds", "by half" for "halve", a third less ----------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Nearly two-thirds of the members surveyed hold more unsold grain, Hale reports.", True),
        ("Around two-thirds of the members surveyed hold more unsold grain, Hale reports.", False),
        (
            "Nearly three-quarters of the members surveyed hold more unsold grain, Hale reports.",
            False,
        ),
    ],
)
def test_nearly_a_share_in_words_stands_just_over_the_figure(claim: str, ok: bool) -> None:
    source = wire_whole("In the survey, 62 per cent of members said they held more unsold grain.")
    assert_verdict(verdict_of(claim, source), ok, "numbers")


def test_around_three_quarters_is_not_seventy_percent() -> None:
    source = wire_whole("Roughly 70 percent of the boats inspected were over their quota.")
    claim = "Around three-quarters of the boats inspected were over their quota, Hale reports."
    assert_verdict(verdict_of(claim, source), False, "numbers")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("The council wants the port to cut its fees for freighters by half, Hale reports.", True),
        (
            "The council wants the port to cut its fees for freighters by a third, Hale reports.",
            False,
        ),
    ],
)
def test_halve_is_by_half(claim: str, ok: bool) -> None:
    source = wire_whole("The council wants the port to halve its fees for freighters.")
    assert_verdict(verdict_of(claim, source), ok, "numbers")


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        (
            "The 300 million pesos pledged for the laboratory is about a third less than the 450"
            " million pesos it would cost, Hale reports.",
            True,
        ),
        (
            "The 300 million pesos pledged for the laboratory is about a tenth less than the 450"
            " million pesos it would cost, Hale reports.",
            False,
        ),
    ],
)
def test_a_share_one_cited_figure_is_of_another(claim: str, ok: bool) -> None:
    sources = [
        wire("The minister pledged 300 million pesos for the laboratory.", doc="a.txt"),
        wire("Equipping the laboratory would cost about 450 million pesos.", doc="b.txt"),
    ]
    assert_verdict(verdict_of(claim, *sources), ok, "numbers")


def test_two_thirds_is_one_share_not_a_count_of_two() -> None:
    from briefing.verification.checks.quantities import numbers_at

    found = numbers_at(analyze("Two thirds of the members own two farms."))
    assert [(s, k) for s, k, _v, _i in found] == [("Two thirds", "percent"), ("two", "number")]


# --- "improbable that it will", "unlikely that it will" restate "unlikely to" ---------------------


@pytest.mark.parametrize(
    ("claim", "ok"),
    [
        ("Hale considers it improbable that the bloc will grant a blanket delay.", True),
        ("Hale considers it likely that the bloc will grant a blanket delay.", False),
    ],
)
def test_improbable_that_it_will_restates_unlikely_to(claim: str, ok: bool) -> None:
    source = wire_whole("We think the bloc is unlikely to grant a blanket delay.")
    assert_verdict(verdict_of(claim, source), ok, "negation")


# --- "falls short of" is too little, not a fall -------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "flipped"),
    [
        (
            "The government has raised the interest-free advance limit to 250,000 pesos from"
            " 100,000 pesos, though that falls short of the 350,000 pesos the growers requested.",
            False,
        ),
        (
            "The government says the interest-free advance limit will fall to 250,000 pesos from"
            " 100,000 pesos.",
            True,
        ),
    ],
)
def test_falls_short_is_no_fall(claim: str, flipped: bool) -> None:
    # The antonyms reading alone ("fell short of a majority" is a negation's to read).
    sources = [
        wire(
            "The minister said the interest-free portion of the advance scheme would rise to"
            " 250,000 pesos from 100,000 pesos.",
            doc="a.txt",
        ),
        wire(
            "The minister raised the interest-free portion of the advance scheme to 250,000"
            " pesos, and we had asked for 350,000 pesos.",
            doc="b.txt",
        ),
    ]
    found = check_antonyms(analyze(claim), make_evidence(sources))
    assert (found is not None) is flipped
