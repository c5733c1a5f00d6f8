"""Negations worded otherwise on one side (issue 28): a bound ("shall not exceed"), an omission
("leaves out"), a dismissal ("called it unrealistic"), an elided participle ("says it has not
been"), an un- word beside its plain form. Each is the same meaning, not a dropped or added
negation; the changed forms are still caught. Invented text, tested both ways."""

from __future__ import annotations

from briefing.verification import CitedText
from tests.support_cases import verdict_of


def _cited(text: str, doc: str = "list.txt") -> CitedText:
    return CitedText(text, doc=doc, context=text)


def test_not_exceeding_a_figure_is_a_ceiling_at_it() -> None:
    rules = _cited("Yearly rises in the harbour fee shall not exceed 4 percent in any year.")
    assert verdict_of("The rules cap yearly rises in the harbour fee at 4 percent a year.", rules)[
        0
    ]
    ok, check = verdict_of(
        "The rules let yearly rises in the harbour fee exceed 4 percent in any year.", rules
    )
    assert not ok and check in ("numbers", "negation")


def test_leaving_out_is_not_naming() -> None:
    cited = _cited("The league's letter does not name a price for the water it wants.")
    claim = "The league's letter deliberately leaves out any price for the water it wants."
    assert verdict_of(claim, cited)[0]
    ok, check = verdict_of("The league's letter names a price for the water it wants.", cited)
    assert not ok and check == "negation"


def test_a_dismissal_reported_as_one_keeps_the_denial() -> None:
    wire = _cited(
        "Pia Holm, who speaks for the hauliers, said a higher toll rate would drive hauliers to"
        " rival ports.",
        doc="wire.txt",
    )
    paper = _cited(
        'Pia Holm, who speaks for the hauliers, said the second demand was "unrealistic" and that'
        ' hauliers would not accept a toll rate set "by press release."',
        doc="paper.txt",
    )
    claim = (
        "Pia Holm, who speaks for the hauliers, argues that a higher toll rate would push hauliers"
        " to rival ports, and she has called the league's toll-rate demand unrealistic."
    )
    assert verdict_of(claim, wire, paper)[0]


def test_an_elided_participle_after_a_reported_denial_keeps_it() -> None:
    wire = _cited("The league has dropped its call for a fishing ban, two officials said.", "w.txt")
    talk = _cited("We have not dropped it. The fishing ban is still on our list.", "talk.txt")
    claim = (
        "Accounts differ: the wire reported that the call for a fishing ban had been dropped,"
        " but the league's chair says it has not been."
    )
    assert verdict_of(claim, wire, talk)[0]


def test_an_un_word_beside_its_plain_form_offers_the_plain_one() -> None:
    history = _cited("In 2020 some 3,000 dockers were put on unpaid leave for two months.", "h.txt")
    terms = _cited("The dockers' wages shall be paid in full during any stoppage.", "t.txt")
    claim = "The terms demand that the dockers' wages be paid in full during any stoppage."
    assert verdict_of(claim, history, terms)[0]
    # Against the plain word alone, the un- word is still a flip.
    ok, check = verdict_of("The dockers' wages were left unpaid during the stoppage.", terms)
    assert not ok and check == "negation"


def test_persuading_someone_is_an_aim_reached() -> None:
    cited = _cited(
        "The growers' league is also asking the ministry to relax its water tariff, two officials"
        " said."
    )
    claim = "The growers' league has persuaded the ministry to lower its water tariff."
    ok, check = verdict_of(claim, cited)
    assert not ok and check == "hedges"
    claim = "The growers' league hopes to persuade the ministry to relax its water tariff."
    assert verdict_of(claim, cited)[0]


def test_one_verb_with_opposite_particles_is_an_antonym() -> None:
    cited = _cited("The union said the wage demand was moved down the list, not dropped.")
    ok, check = verdict_of("The union says the wage demand was moved up the list.", cited)
    assert not ok and check == "antonyms"
    assert verdict_of("The union says the wage demand was moved down the list.", cited)[0]
    # A noun before "in" and "out of" a place are no verb and particle.
    base = _cited("About 2,000 troops in the northern hills will stay, the ministry said.")
    claim = "The ministry has no plan to pull its 2,000 troops out of the northern hills."
    assert verdict_of(claim, base)[1] != "antonyms"


def test_a_tougher_line_is_the_opposite_of_a_softer_one() -> None:
    cited = _cited("The league's new list is softer than the one it published in March.")
    ok, check = verdict_of("The league's new list is tougher than its March list.", cited)
    assert not ok and check == "antonyms"


def test_a_hedge_beside_the_cited_will_is_not_dropped() -> None:
    text = "I think the ministry will probably accept a smaller quota for the first year."
    note = CitedText(text, doc="note.txt", context=text, author="Ana Ruiz")
    ok, check = verdict_of(
        "Ruiz says the ministry will accept a smaller quota for the first year.", note
    )
    assert not ok and check == "certainty"
    claim = "Ruiz thinks the ministry will probably accept a smaller quota for the first year."
    assert verdict_of(claim, note)[0]


def test_unlikely_is_not_will_not() -> None:
    note = _cited("Third, the accord is unlikely to reach a 15 percent cut in the fee.")
    ok, check = verdict_of("The accord will not reach a 15 percent cut in the fee.", note)
    assert not ok and check == "certainty"
    assert verdict_of("The accord is unlikely to reach a 15 percent cut in the fee.", note)[0]


def test_a_word_said_of_what_the_text_gives_its_opposite() -> None:
    note = _cited("In my view, the growers are right about the price and wrong about the quota.")
    claim = "Ruiz believes the growers are right about the price and right about the quota."
    ok, check = verdict_of(claim, note)
    assert not ok and check == "antonyms"
    claim = "Ruiz believes the growers are right about the price and wrong about the quota."
    assert verdict_of(claim, note)[1] != "antonyms"


def test_enthusiastic_is_the_opposite_of_sceptical() -> None:
    note = _cited("I am also sceptical of the escort idea that the capital has floated.")
    ok, check = verdict_of(
        "Ruiz is enthusiastic about the escort idea the capital has floated.", note
    )
    assert not ok and check == "antonyms"


def test_a_light_verb_negated_denies_its_noun() -> None:
    both = "We have already written to three ministries. We have not received a reply from any of them."
    wrote, none = (CitedText(text, doc="talk.txt", context=both) for text in both.split(". ", 1))
    claim = "The league says the three ministries it wrote to have already replied."
    ok, check = verdict_of(claim, wrote, none)
    assert not ok and check == "negation"
    claim = "The league says none of the three ministries it wrote to has replied."
    assert verdict_of(claim, wrote, none)[0]


def test_a_negated_word_whose_kin_the_text_asserts() -> None:
    talk = _cited("What we said is that we are ready to discuss how the quota is enforced.")
    claim = "The league says it is not prepared to discuss how the quota is enforced."
    ok, check = verdict_of(claim, talk)
    assert not ok and check == "negation"
    claim = "The league says it is prepared to discuss how the quota is enforced."
    assert verdict_of(claim, talk)[0]
