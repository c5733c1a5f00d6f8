"""Verification rules of issue 28 found on the thirteenth blind set's dev part, each on invented
text of its shape (no set's sentence), tested both ways: the faithful restatement it must keep
and the changed one it must catch.
"""

from __future__ import annotations

from briefing.verification import CitedText
from tests.support_cases import verdict_of

_verdict = verdict_of


def _cited(text: str, doc: str = "a.txt", context: str = "") -> CitedText:
    return CitedText(text, doc=doc, context=context or text)


# --- paraphrase: WordNet's synonyms, a kept aim beside one given up ------------------------


def test_a_verb_the_cited_text_has_in_a_wordnet_synonym_adds_nothing() -> None:
    cited = _cited("The growers want the quotas to remain unchanged for ten years.")
    assert _verdict("The growers want the quotas to stay fixed for a decade.", cited)[0]
    # New words that are no synonym of anything cited are still added content.
    ok, check = _verdict(
        "The growers want the quotas to stay fixed for a decade and exporters compensated"
        " generously.",
        cited,
    )
    assert not ok and check == "added"


def test_an_aim_in_other_words_adds_nothing() -> None:
    cited = _cited("The guild seeks a swift settlement of the pay dispute.")
    assert _verdict("The guild is aiming for a quick resolution of the pay dispute.", cited)[0]
    ok, check = _verdict(
        "The guild is aiming for a quick resolution of the pay dispute through a national"
        " strike ballot.",
        cited,
    )
    assert not ok and check == "added"


def test_a_noun_after_a_determiner_is_no_verb_synonym() -> None:
    # WordNet's verb "crop" is "work" the land; "their crops" is no verb.
    cited = _cited("Growers keep working near the river despite the floods.")
    ok, check = _verdict("Growers shelter their crops underneath netting near the river.", cited)
    assert not ok and check == "added"


def test_an_aim_kept_beside_one_given_up_is_no_opposite() -> None:
    cited = _cited(
        "The guild has dropped its call for a full ban on imported steel, but it still wants"
        " the ministry to cap duty-free imports of wire."
    )
    assert _verdict(
        "The guild is seeking to have the ministry cap duty-free imports of wire.", cited
    )[0]
    ok, check = _verdict("The guild is seeking a full ban on imported steel.", cited)
    assert not ok and check == "antonyms"


# --- reporting and aims ---------------------------------------------------------------------


def test_maintains_keeps_who_said_it() -> None:
    said = _cited(
        "He said the canal had caused no harm to any farm.",
        context="Harbour chief Lena Moss spoke on Monday. He said the canal had caused no harm"
        " to any farm.",
    )
    assert _verdict("Lena Moss maintains that the canal has harmed no farm.", said)[0]
    ok, check = _verdict("The canal has harmed no farm at all.", said)
    assert not ok and check == "hedges"


def test_a_gerund_named_as_the_aim_is_no_accomplishment() -> None:
    cited = _cited(
        "The council said growers want the regulator to restore the old tariff on fruit."
    )
    assert _verdict(
        "Getting the regulator to restore the old tariff on fruit is the growers' main ask.", cited
    )[0]
    ok, check = _verdict("The growers got the regulator to restore the old tariff on fruit.", cited)
    assert not ok and check == "hedges"


# --- whose words ----------------------------------------------------------------------------


def test_a_capital_of_two_words_speaks_for_its_country() -> None:
    cited = _cited(
        "Argentina's Foreign Ministry said in a brief statement that it had not received the"
        " proposal."
    )
    assert _verdict("Buenos Aires says it never received the proposal.", cited)[0]
    ok, check = _verdict("Santiago says it never received the proposal.", cited)
    assert not ok and check == "attribution"


def test_a_question_cited_beside_its_answer_is_still_the_interviewers() -> None:
    context = (
        "Field Weekly: Imported maize now makes up half of all feed sold in the region. Is that"
        " why you are protesting?\n\nNowak: Half is an exaggeration."
    )
    question = CitedText(
        "Field Weekly: Imported maize now makes up half of all feed sold in the region.",
        doc="qa.txt",
        outlet="Field Weekly",
        context=context,
    )
    answer = CitedText(
        "Nowak: Half is an exaggeration.", doc="qa.txt", outlet="Field Weekly", context=context
    )
    ok, check = _verdict(
        "Nowak says imported maize now makes up half of all feed sold in the region.",
        question,
        answer,
    )
    assert not ok and check == "attribution"
    # The answer's own word in the claim: it reports what Nowak said of the premise.
    assert _verdict(
        "Nowak calls it an exaggeration that imported maize makes up half of all feed sold in"
        " the region.",
        question,
        answer,
    )[0]


# --- polarity: synonyms of a lexicon word, "would like" -----------------------------------


def test_a_verb_whose_synonyms_the_lexicon_opposes_merges_a_disagreement() -> None:
    wire = _cited("Minister Ivo Brandt said the cabinet supports a licence scheme for imports.")
    column = _cited(
        "Minister Ivo Brandt is right to oppose a licence scheme for imports.", doc="b.txt"
    )
    claim = "Minister Ivo Brandt backs a licence scheme for imports, as the wire and the column both report."
    ok, _ = _verdict(claim, wire, column)
    assert not ok
    assert _verdict("Minister Ivo Brandt backs a licence scheme for imports.", wire)[0]
    # "pushed back" is no "backs".
    assert _verdict(
        "Minister Ivo Brandt pushed back on critics of a licence scheme for imports.",
        _cited("Minister Ivo Brandt rebuffed critics of a licence scheme for imports."),
    )[0]


def test_would_like_is_want_for_a_negation() -> None:
    cited = _cited(
        "The union leaders I have spoken to do not want Moldova kept out of the customs union."
    )
    ok, check = _verdict(
        "The union leaders she has spoken to would like Moldova kept out of the customs union.",
        cited,
    )
    assert not ok and check == "negation"
    assert _verdict(
        "The union leaders she has spoken to would not like Moldova kept out of the customs union.",
        cited,
    )[0]


# --- overreach: a percentage made all -------------------------------------------------------


def test_a_share_given_as_a_percentage_is_not_all() -> None:
    sentence = (
        "The island draws about 85 percent of its drinking water from the aquifer and may take"
        " 20 million cubic metres a year."
    )
    # A universal elsewhere in the paragraph ("total capacity") says nothing of the water drawn.
    cited = _cited(
        sentence,
        context="The reservoir holds 30 million cubic metres of water out of a total capacity of"
        " 40 million. " + sentence,
    )
    ok, check = _verdict(
        "The island draws all of its drinking water from the aquifer and may take 20 million"
        " cubic metres a year.",
        cited,
    )
    assert not ok and check == "overreach"
    assert _verdict(
        "The island draws most of its drinking water from the aquifer and may take 20 million"
        " cubic metres a year.",
        cited,
    )[0]


# --- names: a country's possessive is its demonym -------------------------------------------


def test_a_countrys_possessive_binds_a_thing_as_its_demonym_does() -> None:
    cited = _cited(
        "On May 3 the Chilean delegation left the last session in Lima without signing the text."
    )
    ok, check = _verdict("On May 3 Peru's delegation left the last session in Lima.", cited)
    assert not ok and check == "names"
    assert _verdict("On May 3 Chile's delegation left the last session in Lima.", cited)[0]


# --- who receives a transfer ------------------------------------------------------------------


def test_a_transfer_given_to_another_receiver_changes_who_gains() -> None:
    cited = _cited(
        "The ministry had offered 900 million pesos in compensation to growers who sold rice"
        " below cost."
    )
    ok, check = _verdict(
        "The ministry had offered 900 million pesos in compensation to rice millers who sold"
        " below cost.",
        cited,
    )
    assert not ok and check == "beneficiary"
    assert _verdict(
        "The ministry had offered 900 million pesos to compensate growers who sold rice below"
        " cost.",
        cited,
    )[0]


# --- an acronym of a name that holds a code ------------------------------------------------


def test_an_acronym_takes_every_letter_of_a_code_inside_the_name() -> None:
    cited = _cited("The brief was also sent to the US Trade Representative on Friday.")
    assert _verdict("The brief was also sent to the USTR on Friday.", cited)[0]
    ok, check = _verdict("The brief was also sent to the USDA on Friday.", cited)
    assert not ok and check == "names"


# --- a body's own past act, reported by its spokesperson -------------------------------------


def test_a_bodys_own_past_act_reported_by_its_spokesperson_may_be_stated() -> None:
    own = _cited(
        "The Chilean government has offered a credit line of 300 million pesos to small"
        " mills, the ministry said."
    )
    assert _verdict("Santiago has offered a 300 million peso credit line to small mills.", own)[0]
    sent = _cited("Peruvian officials said on Monday they had sent a new letter to the tribunal.")
    assert _verdict("Lima has sent the tribunal a new letter.", sent)[0]
    # A forecast, or a charge about someone else, stays what someone said.
    forecast = _cited(
        "The Chilean government will offer a credit line of 300 million pesos to small"
        " mills, the ministry said."
    )
    ok, check = _verdict(
        "Santiago will offer a 300 million peso credit line to small mills.", forecast
    )
    assert not ok and check == "hedges"
    denial = _cited("The port company said it had not broken any rules on the dredging contract.")
    ok, check = _verdict("The port company has broken no rules on the dredging contract.", denial)
    assert not ok and check == "hedges"
    charge = _cited("Officials said on Monday the rebels had shelled the northern dam twice.")
    ok, check = _verdict("The rebels shelled the northern dam twice.", charge)
    assert not ok and check == "hedges"


def test_a_universal_the_cited_text_has_as_a_verb_is_no_overreach() -> None:
    cited = _cited("The port authority said the dredging of the north channel had been completed.")
    assert _verdict(
        "The port authority has declared the dredging of the north channel complete.", cited
    )[0]
    ok, check = _verdict(
        "The port authority has declared the dredging of every channel complete.", cited
    )
    assert not ok and check == "overreach"


def test_a_universal_capitalised_inside_a_name_is_the_names() -> None:
    item = "Keep the ban on imports of seed potatoes for an indefinite period."
    cited = CitedText(
        item,
        doc="list.txt",
        context=item,
        author="Lena Berg",
        outlet="Farm Post",
        voices="The All-Island Growers Council on Monday sent a list of six demands.",
    )
    assert _verdict(f"Lena Berg, quoting All-Island Growers Council: “{item}”", cited)[0]
    ok, check = _verdict(
        "The council wants all imports of seed potatoes banned for an indefinite period.", cited
    )
    assert not ok and check == "overreach"


def test_an_adverb_that_sizes_a_figure_is_no_manner() -> None:
    # WordNet's "rough" is the opposite of a gem's "cut": "roughly 1,500" sizes a figure.
    from briefing.verification.meaning import contradicts

    assert not contradicts(
        "The union has dropped its demand to cut the levy to 4 percent.",
        CitedText(text="The guild funds roughly 1,500 extension agents through the levy."),
    )


# --- spelling: a British spelling is its American form (breame's pairs) ----------------------


def test_a_british_spelling_is_the_same_word_in_american_spelling() -> None:
    cited = _cited("The ministry favours the defence programme and a new harbour centre.")
    assert _verdict("The ministry favors the defense program and a new harbor center.", cited)[0]
    # The same words, so a negation of them is read as one: "does not favor" denies it.
    ok, check = _verdict("The ministry does not favor the defense program.", cited)
    assert not ok and check == "negation"


# --- a capital speaks for its government where the cited text has an office of it speak -----


def _piece(text: str, document: str) -> CitedText:
    return CitedText(text, doc="b.txt", context=text, author="Ana Reis", document=document)


def test_a_capital_says_what_its_ministry_said() -> None:
    about = "Portugal's fishing fleet is idle. "
    cited = "A spokeswoman for the Ministry of the Sea said the government could not fund the plan."
    assert _verdict("Lisbon says it cannot fund the plan.", _piece(cited, about + cited))[0]
    named = "Sea Minister Rui Matos said the government could not fund the plan."
    assert _verdict("Lisbon says it cannot fund the plan.", _piece(named, about + named))[0]
    reported = "Matos told reporters that the ministry could not fund the plan."
    assert _verdict("Lisbon says it cannot fund the plan.", _piece(reported, about + reported))[0]


def test_a_capital_of_two_words_says_what_its_officials_argue() -> None:
    about = "India's oil imports from Russia fell. "
    cited = "Indian officials argue that the cut should be enough to lift the penalty."
    claim = "New Delhi argues that the cut should be enough to lift the penalty."
    assert _verdict(claim, _piece(cited, about + cited))[0]
    union = "Union officials argue that the cut should be enough to lift the penalty."
    ok, check = _verdict(claim, _piece(union, about + union))
    assert not ok and check == "attribution"


def test_a_capital_does_not_say_what_others_said() -> None:
    about = "Portugal's fishing fleet is idle. "
    union = "Union leader Rui Matos said the fleet could not survive the plan."
    ok, check = _verdict(
        "Lisbon says the fleet cannot survive the plan.", _piece(union, about + union)
    )
    assert not ok and check == "attribution"
    # Another country's ministry, or a ministry the speaker addressed, is not Lisbon's voice.
    spain = "Spain's fisheries minister said the government could not fund the plan."
    ok, check = _verdict("Lisbon says it cannot fund the plan.", _piece(spain, about + spain))
    assert not ok and check in ("attribution", "names")
    told = "Union leader Rui Matos told the ministry that the fleet could not survive the plan."
    ok, check = _verdict(
        "Lisbon says the fleet cannot survive the plan.", _piece(told, about + told)
    )
    assert not ok and check == "attribution"


# --- "non-" negates the word it is joined to ---------------------------------------------------


def test_non_hyphenated_is_a_negation() -> None:
    cited = _cited("The council said the accord was non-binding and the levy not negotiable.")
    assert _verdict("The council says the accord is not binding.", cited)[0]
    assert _verdict("The council says the levy is non-negotiable.", cited)[0]
    ok, check = _verdict("The council says the accord is binding.", cited)
    assert not ok and check == "negation"


# --- an elided verb: "and so is X", "as does X" ------------------------------------------------


def test_the_actor_of_an_elided_verb_does_what_the_clause_says() -> None:
    cited = _cited(
        "Governor Ruiz has been supportive, yes, and so is Mayor Tavares, with conditions."
    )
    assert _verdict("Mayor Tavares supports the plan with conditions.", cited)[0]
    assert _verdict(
        "Mayor Tavares backs the plan.",
        _cited("Governor Ruiz backs the plan, as does Mayor Tavares."),
    )[0]
    # Without the ellipsis the verb is still the other actor's.
    other = _cited("Governor Ruiz backs the plan, which Mayor Tavares drafted.")
    ok, check = _verdict("Mayor Tavares backs the plan.", other)
    assert not ok and check == "roles"


# --- "all" after a list of the sources that say it ---------------------------------------------


def test_all_after_a_list_of_names_counts_the_names() -> None:
    cited = [
        CitedText("Mayor Ruiz said the growers want a date for the reopening.", doc="a.txt"),
        CitedText("Growers want a date for the reopening, Tavares said.", doc="b.txt"),
    ]
    assert _verdict(
        "Growers want a date for the reopening, as Ruiz and Tavares all report.", *cited
    )[0]
    ok, check = _verdict("All growers want a date for the reopening, Ruiz and Tavares say.", *cited)
    assert not ok and check == "overreach"
    places = _cited("Growers in Lima and Cusco want a date for the reopening.")
    ok, check = _verdict("Growers in Lima and Cusco all want a date for the reopening.", places)
    assert not ok and check == "overreach"


# --- a subject that points back: "that figure is too high" ---------------------------------------


def test_an_opposite_said_of_a_figure_named_in_the_sentence_before() -> None:
    cited = _cited(
        "The guild puts the yearly shortfall at 2 million euros. I think that figure is too high."
    )
    assert _verdict(
        "The author thinks the guild's shortfall estimate of 2 million euros is too high.", cited
    )[0]
    ok, check = _verdict(
        "The author thinks the guild's shortfall estimate of 2 million euros is too low.", cited
    )
    assert not ok and check == "antonyms"


# --- "I don't agree." rejects the view just reported -------------------------------------------


def test_a_bare_refusal_to_agree_is_not_agreement() -> None:
    cited = _cited(
        "Some say the levy is a tax on farmers by another name. I see why, but I don't agree."
    )
    ok, check = _verdict(
        "The minister agrees that the levy is a tax on farmers by another name.", cited
    )
    assert not ok and check == "negation"
    # Disputing a view states it as the view it is, not as a fact.
    assert _verdict(
        "The minister disputes that the levy is a tax on farmers by another name.", cited
    )[0]


# --- a word of a stand's side used as a noun is what is demanded, not the stand ----------------


def test_the_demand_for_an_end_still_stands_is_not_dropped() -> None:
    cited = _cited("She said the demand for an end to new coal permits still stands.")
    ok, check = _verdict(
        "She said the coalition has dropped its demand for an end to new coal permits.", cited
    )
    assert not ok and check == "antonyms"
    assert _verdict("She said the coalition still wants an end to new coal permits.", cited)[0]


# --- "argued against" opposes; "still on the table" keeps a stand -----------------------------


def test_arguing_against_a_plan_is_opposing_it() -> None:
    cited = _cited("Governor Ruiz has argued against the policing plan in closed sessions.")
    ok, check = _verdict("Governor Ruiz supports the policing plan.", cited)
    assert not ok and check == "antonyms"
    assert _verdict("Governor Ruiz opposes the policing plan.", cited)[0]


def test_a_proposal_still_on_the_table_was_not_dropped() -> None:
    cited = _cited("He said the union's proposal for joint inspections is still on the table.")
    ok, check = _verdict("He said the union has dropped its proposal for joint inspections.", cited)
    assert not ok and check == "antonyms"
    assert _verdict("He said the union still wants joint inspections.", cited)[0]


def test_a_stand_never_given_up_is_a_stand_kept() -> None:
    cited = _cited('Gaona said the union had "never withdrawn" the idea of joint inspection teams.')
    assert _verdict("Gaona says the idea of joint inspection teams remains alive.", cited)[0]
    ok, _ = _verdict(
        "Gaona says the union has withdrawn the idea of joint inspection teams.", cited
    )
    assert not ok


# --- the receiver of a transfer with two objects: "pay growers a top-up" ----------------------


def test_the_receiver_of_a_transfer_with_two_objects() -> None:
    cited = _cited("The fund would pay small growers a top-up whenever prices fall below cost.")
    assert _verdict(
        "The fund would pay small growers a top-up when prices drop below cost.", cited
    )[0]
    ok, check = _verdict(
        "The fund would pay the federation's cooperatives a top-up when prices drop below cost.",
        cited,
    )
    assert not ok and check == "beneficiary"
    # A passive's receiver is its subject: nothing to compare after the verb.
    given = _cited("Young islanders were given a choice of jobs abroad under the scheme.")
    assert _verdict("Under the scheme young islanders were given a choice of jobs abroad.", given)[
        0
    ]


# --- "nothing" for "very little" -----------------------------------------------------------------


def test_nothing_is_more_than_very_little() -> None:
    cited = _cited("The mediators have met for three years and achieved very little.")
    ok, check = _verdict("The mediators have met for three years and achieved nothing.", cited)
    assert not ok and check == "overreach"
    assert _verdict("The mediators have achieved little in three years of meetings.", cited)[0]
    # "a little" and "a few" are some, not small.
    some = _cited("The mediators have met for three years and achieved a little.")
    ok, check = _verdict("The mediators have met for three years and achieved nothing.", some)
    assert check != "overreach"


# --- a figure rounded, a year said relative to the piece's date ----------------------------------


def test_a_rounded_figure_is_the_figure() -> None:
    cited = _cited("The union wants starting pay raised to about 63,997 pesos a month.")
    assert _verdict("The union wants starting pay raised to roughly 64,000 pesos a month.", cited)[
        0
    ]
    ok, check = _verdict(
        "The union wants starting pay raised to roughly 70,000 pesos a month.", cited
    )
    assert not ok and check == "numbers"


def test_next_year_is_the_year_after_the_piece() -> None:
    cited = CitedText(
        'The minister wants the deal signed "by March next year".', doc="a.txt", date="2026-05-04"
    )
    assert _verdict("The minister wants the deal signed by March 2027.", cited)[0]
    ok, check = _verdict("The minister wants the deal signed by March 2028.", cited)
    assert not ok and check == "numbers"


# --- a figure inside a name; a "will" said under the cited text's condition ----------------------


def test_a_figure_inside_a_name_the_piece_uses_is_the_name() -> None:
    doc = "Will Canberra host COP31? We hope Australia will use the COP to cut emissions."
    cited = CitedText(
        "We hope Australia will use the COP to cut emissions.", doc="a.txt", document=doc
    )
    assert _verdict(
        "The minister hopes Australia will use the COP31 presidency to cut emissions.", cited
    )[0]
    ok, check = _verdict(
        "The minister hopes Australia will use the COP32 presidency to cut emissions.", cited
    )
    assert not ok and check == "numbers"


def test_will_under_the_same_condition_is_still_more_certain_than_could() -> None:
    cited = _cited(
        "If Canberra approves another major gas field before November, that could change our"
        " position on the bid."
    )
    ok, check = _verdict(
        "The minister says the island will drop its support for the bid if Canberra approves"
        " another major gas field before November.",
        cited,
    )
    assert not ok and check == "certainty"


# --- modifiers in other words (WordNet's adjectives and adverbs), approximators ----------------


def test_a_modifier_in_a_wordnet_synonym_adds_nothing() -> None:
    cited = _cited(
        "Carmakers fear the rules will force them to stop selling profitable petrol models."
    )
    assert _verdict(
        "Carmakers fear the rules will oblige them to phase out lucrative petrol models.", cited
    )[0]
    ok, check = _verdict(
        "Carmakers fear the rules will force them to stop selling petrol models to rural"
        " dealers abroad.",
        cited,
    )
    assert not ok and check == "added"


def test_an_approximator_in_other_words_adds_nothing() -> None:
    cited = _cited("The reservoir now holds about 64 billion cubic metres of water.")
    assert _verdict("The reservoir's current volume is around 64 billion cubic metres.", cited)[0]


def test_a_list_items_verb_before_a_people_is_no_name() -> None:
    cited = _cited("Permit Mexican consular officials to attend dealer inspections as observers.")
    assert _verdict(
        "The list asks that Mexican consular officials be allowed to attend dealer inspections.",
        cited,
    )[0]
    ok, check = _verdict(
        "The list asks that Chilean consular officials be allowed to attend dealer inspections.",
        cited,
    )
    assert not ok and check == "names"


def test_a_plural_possessive_owner_is_not_another_countrys_demonym() -> None:
    cited = _cited(
        "A Swedish defence budget of at least 3 percent of GDP, in line with the target the"
        " Nordic States have set for themselves."
    )
    ok, check = _verdict(
        "The Nordic States have set a target of 3 percent of GDP, in line with the Nordic"
        " States' defence budget.",
        cited,
    )
    assert not ok and check == "names"
    assert _verdict(
        "The Nordic States want a Swedish defence budget of at least 3 percent of GDP.", cited
    )[0]


def test_a_sum_only_the_question_gives_is_the_interviewers() -> None:
    context = (
        "Field Weekly: The reserve fund holds 4.5 billion zlotys. Why not simply use that?\n\n"
        "Nowak: I don't know where that number comes from. The liquid part is closer to 900"
        " million, and most of it is committed to the price guarantee."
    )
    question = CitedText(
        "Field Weekly: The reserve fund holds 4.5 billion zlotys. Why not simply use that?",
        doc="qa.txt",
        outlet="Field Weekly",
        context=context,
    )
    answer = CitedText(
        "Nowak: I don't know where that number comes from. The liquid part is closer to 900"
        " million, and most of it is committed to the price guarantee.",
        doc="qa.txt",
        outlet="Field Weekly",
        context=context,
    )
    ok, check = _verdict(
        "Nowak says the reserve fund holds 4.5 billion zlotys, most of it committed to the"
        " price guarantee.",
        question,
        answer,
    )
    assert not ok and check == "attribution"
    # Said to be the interviewer's, the sum is where the cited text has it.
    assert _verdict(
        "The Field Weekly interviewer put the reserve fund at 4.5 billion zlotys; Nowak said the"
        " liquid part is closer to 900 million.",
        question,
        answer,
    )[0]


# --- an office given to another person --------------------------------------------------------


def test_an_office_is_held_by_whom_the_cited_text_gives_it() -> None:
    text = (
        "The talks are led on the Chilean side by Deputy Minister of Mining Laura Vidal."
        " Ministry spokesperson Pablo Rojas said the talks would start in May."
    )
    cited = _cited(text)
    assert _verdict(
        "Deputy Minister of Mining Laura Vidal leads the Chilean side of the talks.", cited
    )[0]
    ok, check = _verdict(
        "Deputy Minister of Mining Pablo Rojas leads the Chilean side of the talks.", cited
    )
    assert not ok and check == "names"


# --- two-word verbs of more and of less -------------------------------------------------------


def test_scaled_back_is_the_opposite_of_stepped_up() -> None:
    cited = _cited("Skippers said the coast guard had stepped up boardings this spring.")
    ok, check = _verdict(
        "Skippers say the coast guard has scaled back boardings this spring.", cited
    )
    assert not ok and check == "antonyms"
    assert _verdict("Skippers say the coast guard has increased boardings this spring.", cited)[0]


# --- a demand in a list restated as won -------------------------------------------------------


def test_a_list_items_demand_is_not_won() -> None:
    context = (
        "The union's list, reproduced in full:\n1. A price floor for green leaf.\n"
        "2. Two seats for elected growers on the board of the tea fund."
    )
    item = CitedText(
        "Two seats for elected growers on the board of the tea fund.", doc="l.txt", context=context
    )
    ok, check = _verdict("Growers have secured two seats on the board of the tea fund.", item)
    assert not ok and check == "hedges"
    assert _verdict("The union wants two seats for elected growers on the tea fund's board.", item)[
        0
    ]
    # Naming the action as an ask is no claim it was done.
    assert _verdict(
        "One of the union's demands is securing two seats for elected growers on the board of"
        " the tea fund.",
        item,
    )[0]


# --- a "will" inside a hope where the cited text hedges it ------------------------------------


def test_a_hoped_for_will_is_not_the_cited_could() -> None:
    cited = _cited(
        "Officials hope to finalise a regional security framework that could replace some"
        " bilateral arrangements."
    )
    ok, check = _verdict(
        "Officials hope to finalise a regional security framework that will replace some"
        " bilateral arrangements.",
        cited,
    )
    assert not ok and check == "certainty"
    # Inside a doubt or a wish, "would" is the frame's tense, no hedge of it.
    doubt = _cited("Elena Ruiz doubts negotiators would accept a ten-year schedule.")
    assert _verdict("Elena Ruiz doubts negotiators will accept a ten-year schedule.", doubt)[0]


def test_a_frame_inside_a_relative_clause_does_not_frame_the_will() -> None:
    """ "the summit, which diplomats now expect in May, will be a breakthrough": the
    expectation is about the date; the "will" is the claim's own, and the text says "could"."""
    cited = _cited("The summit, now expected in May, could be a breakthrough for the talks.")
    ok, check = _verdict(
        "The summit, which diplomats now expect in May, will be a breakthrough for the talks.",
        cited,
    )
    assert not ok and check == "certainty"
    # A frame outside the relative clause still frames it: the hope's own "will".
    hoped = _cited("Diplomats hope the summit, which opens in May, could be a breakthrough.")
    assert _verdict(
        "Diplomats hope the summit, which opens in May, will be a breakthrough.", hoped
    )[0]


def test_a_figure_moved_the_other_way_is_an_antonym() -> None:
    """The verb of change is bound to its figure: "rose about 4 percent" where the cited text
    says that figure "fell", even when the text uses "rose" for another figure."""
    cited = _cited(
        "Freight rates on the route fell by about 4 percent last year, while fuel costs rose by"
        " more than 30 percent."
    )
    for claim in (
        "Freight rates on the route rose about 4 percent last year.",
        "Freight rates on the route saw a 4 percent rise last year.",
    ):
        ok, check = _verdict(claim, cited)
        assert not ok and check == "antonyms", claim
    assert _verdict("Freight rates on the route dropped roughly 4 percent last year.", cited)[0]
    assert _verdict("Fuel costs went up by more than 30 percent last year.", cited)[0]


def test_made_clear_reports_a_will_as_would() -> None:
    """ "the council made clear it would not reopen the tender": reported speech shifts the
    tense back; "will" restates the council's own word, not a hedge dropped."""
    cited = _cited("The council made clear it would not reopen the tender this year.")
    assert _verdict("The council has said the tender will not be reopened this year.", cited)[0]
    hedged = _cited("The council hoped it would not have to reopen the tender this year.")
    ok, check = _verdict("The council will not reopen the tender this year.", hedged)
    assert not ok and check in ("certainty", "hedges")


def test_a_count_of_the_cited_sources_with_of_the() -> None:
    cited = [
        CitedText("Dock workers had demanded a rise of 12 percent.", doc="a.txt"),
        CitedText("The dockers' original demand was a rise of 12 percent.", doc="b.txt"),
        CitedText("The union's first call was for a 12 percent rise.", doc="c.txt"),
    ]
    assert _verdict("Three of the sources agree the dockers first asked for 12 percent.", *cited)[0]
    ok, check = _verdict(
        "Four of the sources agree the dockers first asked for 12 percent.", *cited
    )
    assert not ok and check == "numbers"


def test_a_text_that_does_not_repeat_a_call_does_not_deny_it() -> None:
    """ "The list does not repeat the call for X" says what the list leaves out; X is still
    called for. A claim that the list repeats it is denied."""
    cited = _cited("The new list does not repeat the guild's original call for a 40-hour week.")
    assert _verdict("The guild's original call was for a 40-hour week.", cited)[0]
    ok, check = _verdict(
        "The new list repeats the guild's original call for a 40-hour week.", cited
    )
    assert not ok and check == "negation"


def test_an_acronym_fills_the_slot_of_the_name_it_abbreviates() -> None:
    """ "according to the KTGPA" where the cited text has "according to the Kenya Tea Growers
    and Packers Association (KTGPA)": the same participant, abbreviated, though a country opens
    the name and "and" splits it."""
    cited = [
        _cited("Two depots were looted, according to the Ministry of Interior."),
        _cited(
            "Growers lost 40 tonnes, according to the Kenya Tea Growers and Packers Association"
            " (KTGPA)."
        ),
    ]
    assert _verdict(
        "Two depots were looted by the ministry's count, and growers lost 40 tonnes, according"
        " to the KTGPA.",
        *cited,
    )[0]
    # Letters that abbreviate nobody the cited text names are no participant of it.
    ok, _check = _verdict(
        "Two depots were looted by the ministry's count, and growers lost 40 tonnes, according"
        " to the KGTPA.",
        *cited,
    )
    assert not ok


def test_a_reason_cited_for_someone_must_be_in_the_cited_sentence() -> None:
    """ "declined to comment, citing X": X is what the spokesperson gave as a reason, so the
    sentences around the cited one (where "talks" and "suppliers" may stand) do not carry it."""
    text = "A spokesperson for the shipping line Norsk Cargo declined to comment on the strike."
    context = f"Ministers said talks with suppliers would resume. {text}"
    cited = _cited(text, context=context)
    ok, check = _verdict(
        "Norsk Cargo declined to comment on the strike, citing ongoing talks with suppliers.",
        cited,
    )
    assert not ok and check == "added"
    assert _verdict("Norsk Cargo, a shipping line, declined to comment on the strike.", cited)[0]
    given = _cited(
        "Norsk Cargo declined to comment on the strike, pointing to ongoing talks with suppliers."
    )
    assert _verdict(
        "Norsk Cargo declined to comment on the strike, citing ongoing talks with suppliers.",
        given,
    )[0]


def test_none_of_a_group_denies_the_predicate_after_it() -> None:
    """ "none of the several million pesos pledged has been paid" denies the paying, as the
    cited "none of it has been paid" does; it denies nothing of the pledge the text asserts."""
    cited = _cited("Donors pledged several million pesos, but none of it has been paid.")
    assert _verdict(
        "Donors pledged several million pesos, though none of the several million pesos pledged"
        " has been paid.",
        cited,
    )[0]
    ok, _check = _verdict(
        "Donors pledged several million pesos, and all of it has been paid.", cited
    )
    assert not ok


def test_a_denied_slot_is_compared_with_a_denied_one() -> None:
    """ "shall not pass the cost back to growers": who the cost must not go back to is still
    a participant; the claim that has it go back to the importers swaps them."""
    cited = _cited(
        "Importers shall cover the levy and shall not pass that cost back to growers through"
        " lower prices."
    )
    assert _verdict(
        "Importers must cover the levy and must not pass that cost back to growers through"
        " lower prices.",
        cited,
    )[0]
    ok, check = _verdict(
        "Importers must cover the levy, and growers must not pass that cost back to the"
        " importers through lower prices.",
        cited,
    )
    assert not ok and check == "slots"
    # A slot denied on one side only is no swap: "unwilling to sell to importers" fills none.
    unwilling = _cited("The growers are unwilling to sell to importers at that price.")
    assert _verdict("The growers will not sell to importers at that price.", unwilling)[0]


def test_all_after_a_list_ending_in_one_body_counts_the_list() -> None:
    cited = [
        CitedText(
            "Island governments insist that trained police answer to their own commanders.",
            doc="a.txt",
        ),
        CitedText(
            "The coalition insists that trained police answer to their own commanders.", doc="b.txt"
        ),
    ]
    assert _verdict(
        "Island governments and the civil society coalition all insist that trained police"
        " answer to their own commanders.",
        *cited,
    )[0]
    ok, check = _verdict(
        "Island governments and the coalition insist that all police answer to their own"
        " commanders.",
        *cited,
    )
    assert not ok and check == "overreach"
