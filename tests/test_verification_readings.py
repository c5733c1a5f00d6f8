"""One thing in two wordings (issue 28): "all" over a list of the cited sources' own voices,
"the two sides" for "both sides", a body named by the place the cited text seats it in. Each is
kept, and the changed form beside it is still caught. Invented text."""

from __future__ import annotations

from briefing.verification import CitedText
from briefing.verification.checks.overreach import _over_cited_voices
from briefing.verification.evidence import make_evidence
from briefing.verification.tokens import analyze
from tests.support_cases import verdict_of


def _by(text: str, doc: str, author: str = "") -> CitedText:
    return CitedText(text, doc=doc, context=text, author=author)


def test_all_after_the_cited_sources_voices_counts_those_sources() -> None:
    note = _by("First, the league wants a longer contract.", "note.txt", "Ana Ruiz")
    talk = _by("We want a contract of at least five years.", "talk.txt", "Luis Tapia")
    terms = _by("The contract shall run for no fewer than five years.", "terms.txt", "Eva Holm")
    claim = "Ruiz, Tapia and the league's written terms all say the league wants a longer contract."
    assert verdict_of(claim, note, talk, terms)[0]
    # Places are no voices: "all" there counts everyone in them.
    wire = _by("Some growers in Lima and Cusco want a longer contract.", "wire.txt", "Ana Ruiz")
    ok, check = verdict_of("Growers in Lima and Cusco all want a longer contract.", wire)
    assert not ok and check == "overreach"
    # A sentence-initial "The" is no voice, though outlets' names have it too.
    one = CitedText("Growers in Lima want a longer contract.", doc="a.txt", outlet="The Wire")
    two = CitedText("Growers in Cusco want one too.", doc="b.txt", outlet="The Ledger")
    claim = analyze("The growers of Lima and Cusco all want a longer contract.")
    at = next(i for i, t in enumerate(claim.toks) if t.low == "all")
    assert not _over_cited_voices(claim, at, make_evidence([one, two]))
    listed = analyze("Ruiz, Tapia and the league's written terms all say it.")
    at = next(i for i, t in enumerate(listed.toks) if t.low == "all")
    assert _over_cited_voices(listed, at, make_evidence([note, talk, terms]))


def test_the_two_sides_are_both_sides() -> None:
    talk = _by("We have narrowed our differences, and both sides want to conclude.", "t.txt")
    assert verdict_of("The negotiator says the two sides want to conclude.", talk)[0]
    ok, check = verdict_of("The negotiator says the three sides want to conclude.", talk)
    assert not ok and check == "numbers"


def test_a_body_named_by_the_place_the_cited_text_seats_it_in() -> None:
    column = _by(
        "What the negotiators need from the presidential office in Valmora is political cover"
        " to walk away; the unions have given them little.",
        "col.txt",
        "Ana Ruiz",
    )
    claim = "Ruiz argues that the negotiators need political cover from Valmora to walk away."
    assert verdict_of(claim, column)[0]
    # Another participant in that slot is still another one.
    claim = "Ruiz argues that the negotiators need political cover from the unions to walk away."
    ok, check = verdict_of(claim, column)
    assert not ok and check == "slots"


def test_a_question_cited_beside_another_writer_is_not_the_interviewees() -> None:
    text = (
        "Harbour Times: The ministry has asked for 40 new berths, twice what the port has now."
        " Is that the number on the table?"
    )
    question = CitedText(
        text, doc="qa.txt", context=text, outlet="Harbour Times", voices="Harbour Times, Mira Sol"
    )
    column = _by("The figures reported from the ministry range from 20 to 40 new berths.", "c.txt")
    claim = "Sol told the Harbour Times that the ministry has asked for 40 new berths."
    ok, check = verdict_of(claim, question, column)
    assert not ok and check == "attribution"
    # Beside a text in which she says it, the words may be hers.
    quoted = _by("Mira Sol has said the ministry asked for 40 new berths, twice today's.", "c.txt")
    assert verdict_of(claim, question, quoted)[1] != "attribution"


def test_who_hands_what_to_whom_is_one_verb_whichever_is_written() -> None:
    terms = _by(
        "The United States shall provide the Kingdom of Norway with an annual report on the use"
        " of Norwegian funds.",
        "terms.txt",
    )
    claim = (
        "The terms require Oslo to give Washington an annual report on the use of Norwegian funds."
    )
    ok, check = verdict_of(claim, terms)
    assert not ok and check == "roles"
    claim = (
        "The terms require Washington to give Oslo an annual report on the use of Norwegian funds."
    )
    assert verdict_of(claim, terms)[0]


def test_a_purpose_serves_whom_the_cited_text_says_it_serves() -> None:
    talk = _by(
        "We want a contract of at least five years, so that the dockers and the crane crews"
        " know what to expect.",
        "talk.txt",
        "Luis Tapia",
    )
    claim = (
        "Tapia wants a contract of at least five years so that the port's finance office can"
        " plan its budget."
    )
    ok, check = verdict_of(claim, talk)
    assert not ok and check == "beneficiary"
    claim = "Tapia wants a contract of at least five years so that the dockers know what to expect."
    assert verdict_of(claim, talk)[0]


def test_the_one_asked_is_not_the_one_who_asks() -> None:
    talk = _by(
        "We have asked the Port Authority to open the night gate, and it agreed in May to a trial.",
        "talk.txt",
        "Rosa Lind",
    )
    claim = "Lind says the Port Authority asked her cooperative to open the night gate."
    ok, check = verdict_of(claim, talk)
    assert not ok and check == "roles"
    claim = "Lind says her cooperative asked the Port Authority to open the night gate."
    assert verdict_of(claim, talk)[0]


def test_an_owner_is_not_what_is_handed_over() -> None:
    cited = _by(
        "Second, Vilnius may accept a smaller garrison, provided the Guard's heavy weapons are"
        " handed over.",
        "note.txt",
    )
    claim = (
        "Vilnius may accept a smaller garrison as long as the Guard hands over its heavy weapons."
    )
    assert verdict_of(claim, cited)[1] != "roles"


def test_a_writers_own_sentence_given_to_the_writer_of_another_cited_piece() -> None:
    note = _by(
        "I expect a settlement closer to 9 percent, probably not before July.", "n.txt", "Ana Ruiz"
    )
    column = _by(
        "A rise of around 10 percent would be defensible; 15 percent is an opening bid, not a plan.",
        "c.txt",
        "Luis Tapia",
    )
    claim = (
        "Ruiz argues that a rise of about 10 percent would be defensible and that 15 percent is"
        " only an opening bid, not a plan."
    )
    ok, check = verdict_of(claim, note, column)
    assert not ok and check == "attribution"
    claim = claim.replace("Ruiz argues", "Tapia argues")
    assert verdict_of(claim, note, column)[0]
    # A claim that names the other writer too gives each piece to its own writer.
    claim = (
        "Ruiz argues a settlement will come closer to 9 percent, while Tapia calls a rise of"
        " about 10 percent defensible."
    )
    assert verdict_of(claim, note, column)[1] != "attribution"


def test_a_detail_of_provenance_hung_on_with_a_comma_must_be_in_the_cited_sentences() -> None:
    text = "Last week the minister announced 40 million in support for small ferry operators."
    around = text + " The ministry keeps an emergency transport reserve for such cases."
    wire = CitedText(text, doc="w.txt", context=around)
    claim = (
        "The minister has announced 40 million in support, drawn from the ministry's emergency"
        " transport reserve, for small ferry operators."
    )
    ok, check = verdict_of(claim, wire)
    assert not ok and check == "added"
    # Who voiced it is an attribution, not a detail: the attribution checks read it.
    claim = "Support of 40 million for small ferry operators, announced by the minister, is due."
    assert verdict_of(claim, wire)[1] != "added"
