"""Compose: standalone sentences, faithful forms, attribution, merging across sources."""

from __future__ import annotations

import itertools

import pytest

from briefing import compose
from briefing.compose import Finding, merge
from briefing.compose.prose import names_covered
from briefing.core.models import Document, Sentence


def _s(doc: str, n: int, text: str) -> Sentence:
    return Sentence(id=f"{doc}-{n}", doc=doc, start=n * 1000, end=n * 1000 + len(text), text=text)


DOCS = {
    "a.txt": Document(doc="a.txt", sha256="a", size=1, author="Ann Author", outlet="The Daily"),
    "b.txt": Document(doc="b.txt", sha256="b", size=1, outlet="Wire Service"),
    "c.txt": Document(doc="c.txt", sha256="c", size=1, title="A page with only a title"),
    "d.txt": Document(doc="d.txt", sha256="d", size=1),
}


def accept(_text: str, _sentences: list[Sentence]) -> str | None:
    return None


def reject(_text: str, _sentences: list[Sentence]) -> str | None:
    return "contradicted: the claim says 2019, the cited text says 2021"


def test_questions_headlines_fragments_and_lead_ins_cannot_stand_alone() -> None:
    assert compose.fragment_reason("Would Oslo agree to share the cod quota?") == "a question"
    assert compose.fragment_reason("What Oslo wants from Stockholm") is not None
    assert compose.fragment_reason("Yet, it still fears Stockholm.") == "a fragment"
    assert compose.fragment_reason("The talks collapsed for two reasons:") is not None
    assert (
        compose.fragment_reason("The shift in Norway's national fishing policy following…")
        is not None
    )
    assert (
        compose.fragment_reason("Oslo wants a direct quota deal with the Swedish government.")
        is None
    )


def test_a_list_of_topics_is_no_statement() -> None:
    # What an interview was about, with the verb that introduced it left behind.
    topics = (
        "the new harbour levy, the skippers' complaints and why the co-ops care about the quota."
    )
    assert compose.fragment_reason(topics) == "a list of topics, not a statement"
    # A list with a verb of its own says something.
    said = "The skippers want a levy cut, a fund and a seat, and how they get them is open."
    assert compose.fragment_reason(said) is None


def test_a_writers_self_introduction_is_no_judgment() -> None:
    intro = (
        "I am a research fellow at the Nordic Fisheries Institute in Tromsø, and I have spent"
        " the spring talking to skippers in Hammerfest and Vardø."
    )
    assert compose.fragment_reason(intro) is not None
    # Credentials beside a view are the view's.
    view = "I am a skipper of the old school, and I think the quota should stay where it is."
    assert compose.fragment_reason(view) is None


def test_unresolved_subjects_are_detected_but_determiners_and_dummy_it_are_not() -> None:
    for text in (
        "This is central to grasping how Oslo might bargain.",
        "It would end the quarrel and settle the quota for good.",
        "These have not changed since the spring.",
        "The third point to weigh is the change in policy.",
        "They warn that closing the grounds would ruin the northern fleet.",
        # An object that points back: "exactly that".
        "The skippers' union wants exactly that, and it should get it.",
        "Ministers want precisely this.",
    ):
        assert compose.unresolved_subject(text), text
    for text in (
        "This drawn-out dispute has drained Norway's patience.",
        "The union wants exactly that the quota be restored.",
        "The ministry rejected that claim on Tuesday.",
        "It seems to me that she is fooling herself about the cod stocks.",
        "It is necessary to understand Oslo's goals.",
        "The minister wants to stay in office as long as possible.",
    ):
        assert not compose.unresolved_subject(text), text


def test_an_anaphoric_sentence_is_joined_with_the_one_before_or_dropped() -> None:
    first = _s("a.txt", 1, "Oslo wants a quota deal with Sweden that leaves Denmark out.")
    second = _s("a.txt", 2, "This would end its isolation within the fisheries council.")
    assert compose.standalone([second], {second.id: first}) == [first, second]
    assert compose.standalone([second], {}) == []
    question = _s("a.txt", 3, "Which course carries less risk for the fleet?")
    assert compose.standalone([question], {}) == []


def test_a_forecast_right_after_someone_is_reassured_is_quoted_with_that_sentence() -> None:
    told = _s("a.txt", 1, "The chancellor's aides keep reassuring him that nothing can go wrong.")
    forecast = _s("a.txt", 2, "Brussels will back down before the summer and accept every demand.")
    # Alone, the forecast reads as the writer's; it is what the advisers tell him.
    assert compose.standalone([forecast], {forecast.id: told}) == [told, forecast]
    for before, text in (
        # No one is being told anything: the writer's own forecast stands alone.
        ("Prices rose for a third month in March.", "Brussels will back down before the summer."),
        # It has its own frame: whose forecast it is, it says itself.
        ("The envoy told them the talks were over.", "I think the ministers will meet again."),
        # Not a forecast.
        ("Aides promised voters a quick deal.", "The first round of talks ended without a text."),
    ):
        assert not compose.continues_reported_speech(before, text), text


def test_a_failing_paraphrase_becomes_an_attributed_quote_not_a_loss() -> None:
    s = _s("a.txt", 1, "Above all, Oslo covets a direct quota deal with Sweden, excluding Denmark.")
    f = Finding(text="Oslo wants a quota deal in 2019.", sentences=[s], relevance=8)
    [j] = compose.compose([f], compose.ComposeContext(documents=DOCS, check=reject)).judgments
    assert j.form == "quote"
    assert j.text == f"Ann Author: “{s.text}”"
    assert j.sentences == [s]
    [k] = compose.compose([f], compose.ComposeContext(documents=DOCS, check=accept)).judgments
    assert k.form == "paraphrase"
    assert k.text == "According to Ann Author, Oslo wants a quota deal in 2019."


def test_a_cut_or_anaphoric_model_sentence_is_never_published_as_prose() -> None:
    s = _s("a.txt", 1, "The minister wants to stay in office as long as possible.")
    for summary in (
        "The third point to weigh is the change following…",
        "This is good for him.",
    ):
        [j] = compose.compose(
            [Finding(text=summary, sentences=[s])],
            compose.ComposeContext(documents=DOCS, check=accept),
        ).judgments
        assert j.form == "quote", summary


def test_attribution_falls_back_from_author_to_outlet_to_title() -> None:
    assert compose.source_name(DOCS["a.txt"], "a.txt") == "Ann Author"
    assert compose.source_name(DOCS["b.txt"], "b.txt") == "Wire Service"
    assert compose.source_name(DOCS["c.txt"], "c.txt") == "“A page with only a title”"
    assert compose.source_name(DOCS["d.txt"], "d.txt") == "d.txt"
    assert (
        compose.attributed("The Kremlin wants a deal.", "X")
        == "According to X, the Kremlin wants a deal."
    )
    assert compose.attributed("Putin wants a deal.", "X") == "According to X, Putin wants a deal."
    # A common noun opening the sentence is lower-cased where the cited text writes it so; a
    # name the cited text never writes in lower case keeps its capital.
    cited = "Dockers had asked for 9 percent. The dockers' first demand was never met."
    assert (
        compose.attributed("Dockers had asked for 9 percent.", "X and Y", cited)
        == "According to X and Y, dockers had asked for 9 percent."
    )
    assert (
        compose.attributed("Rotterdam had asked for 9 percent.", "X", "Rotterdam had asked.")
        == "According to X, Rotterdam had asked for 9 percent."
    )


def test_a_wire_dateline_is_no_part_of_an_attributed_sentence_or_a_quote() -> None:
    lead = (
        "PORTO, Portugal, May 2 (IPA) - Growers on Thursday demanded a higher grubbing-up payment."
    )
    assert (
        compose.attributed(lead, "Ana Ruiz", lead + " The growers' league said so.")
        == "According to Ana Ruiz, growers on Thursday demanded a higher grubbing-up payment."
    )
    quote = compose.quoted([_s("w.txt", 1, lead)], "Ana Ruiz")
    assert quote == "Ana Ruiz: “Growers on Thursday demanded a higher grubbing-up payment.”"
    # A capital city alone in capitals before a dash is one ("TALLINN - …").
    bare = "TALLINN - The committee adopted a resolution on Thursday."
    assert compose.quoted([_s("w.txt", 2, bare)], "Mart Kuusk") == (
        "Mart Kuusk: “The committee adopted a resolution on Thursday.”"
    )
    # A name in capitals before a dash is no dateline.
    assert compose.attributed("NATO - Russia talks resumed.", "X").endswith(
        "NATO - Russia talks resumed."
    )


def test_findings_of_independent_sources_on_one_point_merge_and_are_counted() -> None:
    a = _s("a.txt", 1, "China wants the European Union to scrap its tariffs on electric vehicles.")
    b = _s("b.txt", 1, "Beijing urged Brussels to scrap the tariffs on Chinese electric vehicles.")
    c = _s(
        "c.txt", 1, "Farmers in the north expect a poor harvest after the long drought this summer."
    )
    findings = [
        Finding(text="x", sentences=[c], relevance=9),
        Finding(text="x", sentences=[a], relevance=5),
        Finding(text="x", sentences=[b], relevance=4),
    ]
    js = compose.compose(findings, compose.ComposeContext(documents=DOCS, check=reject)).judgments
    assert [j.sources for j in js] == [2, 1]  # support first, then relevance
    merged = js[0]
    assert merged.form == "quote"
    assert {s.doc for s in merged.sentences} == {"a.txt", "b.txt"}
    assert merged.agreement == "Two of four sources make the same point"
    assert "Ann Author: “" in merged.text and "Wire Service: “" in merged.text


def test_a_new_finding_joins_the_earlier_judgment_it_corroborates_new_source_first() -> None:
    old = _s(
        "a.txt", 1, "China wants the European Union to scrap its tariffs on electric vehicles."
    )
    new = _s(
        "b.txt", 1, "Beijing urged Brussels to scrap the tariffs on Chinese electric vehicles."
    )
    other = _s(
        "c.txt", 1, "Farmers in the north expect a poor harvest after the long drought this summer."
    )
    decided = compose.compose(
        [Finding(text="x", sentences=[new]), Finding(text="x", sentences=[other])],
        compose.ComposeContext(
            documents=DOCS,
            check=reject,
            earlier=[
                Finding(text="Ann Author: “…”", sentences=[other]),
                Finding(text="K", sentences=[old]),
            ],
        ),
    )
    js, absorbed = decided.judgments, decided.absorbed
    # The earlier judgment now stands inside the new one; the earlier one citing c.txt,
    # the new finding's own source, is no second source for it and stays apart.
    assert absorbed == [1]
    assert [j.sources for j in js] == [2, 1]
    assert [s.doc for s in js[0].sentences] == ["b.txt", "a.txt"]
    assert js[0].agreement == "Two of four sources make the same point"


def test_earlier_judgments_never_merge_with_each_other_nor_return_alone() -> None:
    a = _s("a.txt", 1, "China wants the European Union to scrap its tariffs on electric vehicles.")
    b = _s("b.txt", 1, "Beijing urged Brussels to scrap the tariffs on Chinese electric vehicles.")
    c = _s(
        "c.txt", 1, "Farmers in the north expect a poor harvest after the long drought this summer."
    )
    earlier = [Finding(text="x", sentences=[a]), Finding(text="x", sentences=[b])]
    decided = compose.compose(
        [Finding(text="x", sentences=[c])],
        compose.ComposeContext(documents=DOCS, check=reject, earlier=earlier),
    )
    js, absorbed = decided.judgments, decided.absorbed
    assert [[s.doc for s in j.sentences] for j in js] == [["c.txt"]]
    assert absorbed == []
    # A new finding of the earlier judgment's own source (same author) is no corroboration.
    decided = compose.compose(
        [Finding(text="x", sentences=[b])],
        compose.ComposeContext(
            documents=DOCS,
            check=reject,
            canonical={"b.txt": "a.txt"},
            earlier=[Finding(text="x", sentences=[a])],
        ),
    )
    js, absorbed = decided.judgments, decided.absorbed
    assert [j.sources for j in js] == [1] and absorbed == []


def test_near_duplicate_captures_count_once() -> None:
    a = _s("a.txt", 1, "China wants the European Union to scrap its tariffs on electric vehicles.")
    b = _s("b.txt", 1, "China wants the European Union to scrap its tariffs on electric vehicles.")
    findings = [Finding(text="x", sentences=[a]), Finding(text="x", sentences=[b])]
    js = compose.compose(
        findings, compose.ComposeContext(documents=DOCS, check=reject, canonical={"b.txt": "a.txt"})
    ).judgments
    # The copy's sentence is the same finding: one judgment, one source, the original cited.
    assert [j.sources for j in js] == [1]
    assert [s.doc for s in js[0].sentences] == ["a.txt"]


def test_a_sentence_and_the_same_with_its_continuation_is_one_finding_the_fuller_one() -> None:
    import numpy as np

    summit = _s("a.txt", 1, "Above all, Oslo covets a direct summit with the Swedish government.")
    such = _s("a.txt", 2, "Such talks would end its isolation and validate its quota claim.")
    other = _s("b.txt", 1, "Stockholm wants the landing fees on its boats cut before any talks.")

    def embed(texts: list[str]) -> object:
        # One direction for everything about the summit, another for the rest: the two
        # findings of a.txt are near-copies (cosine 1), b.txt's is apart (cosine 0).
        return np.array([[1.0, 0.0] if "summit" in t else [0.0, 1.0] for t in texts])

    findings = [
        Finding(text="x", sentences=[summit]),
        Finding(text="x", sentences=[other]),
        Finding(text="x", sentences=[summit, such]),
    ]
    previous = {such.id: summit}
    js = compose.compose(
        findings,
        compose.ComposeContext(documents=DOCS, check=reject, embed=embed, previous=previous),
    ).judgments
    cited = sorted([s.id for s in j.sentences] for j in js)
    # Not the summit twice, and not the shorter one: the one that says the whole point.
    assert cited == [[summit.id, such.id], [other.id]]


def test_a_finding_another_quotes_with_more_is_dropped_however_far_apart_they_embed() -> None:
    import numpy as np

    lead = _s("a.txt", 1, "Beijing wants a truce that tilts its way.")
    more = _s("a.txt", 2, "Its negotiators want the concessions to flow in one direction.")

    def embed(texts: list[str]) -> object:
        # The two texts embed far apart (cosine 0): not near-copies by meaning.
        return np.array([[1.0, 0.0] if "concessions" in t else [0.0, 1.0] for t in texts])

    findings = [Finding(text="x", sentences=[lead]), Finding(text="x", sentences=[lead, more])]
    js = compose.compose(
        findings,
        compose.ComposeContext(documents=DOCS, check=reject, embed=embed, previous={more.id: lead}),
    ).judgments
    # The lead is quoted once, with what it continues into.
    assert [[s.id for s in j.sentences] for j in js] == [[lead.id, more.id]]


def test_two_findings_that_state_no_aim_are_never_merged_into_an_agreement() -> None:
    import numpy as np

    a = _s("a.txt", 1, "The two sides agreed to keep the truce in place for another month.")
    b = _s("b.txt", 1, "Negotiators from both sides have drawn up lists of conditions.")
    c = _s("c.txt", 1, "Beijing wants the remaining tariffs removed.")

    def embed(texts: list[str]) -> object:
        return np.array([[1.0, 0.0] if "Beijing" not in t else [0.0, 1.0] for t in texts])

    findings = [Finding(text="x", sentences=[s]) for s in (a, b, c)]
    js = compose.compose(
        findings,
        compose.ComposeContext(
            documents=DOCS, check=reject, embed=embed, answers=lambda t: "wants" in t
        ),
    ).judgments
    # a and b embed as one (cosine 1) but neither answers the question: two judgments.
    assert sorted(j.sources for j in js) == [1, 1, 1]
    # Without the answers, the same two would be "two sources make the same point".
    js = compose.compose(
        findings, compose.ComposeContext(documents=DOCS, check=reject, embed=embed)
    ).judgments
    assert sorted(j.sources for j in js) == [1, 2]


def test_an_aim_and_a_text_that_denies_it_are_not_one_point() -> None:
    import numpy as np

    aim = _s(
        "a.txt", 1, "China wants the most advanced AI processors and the machines that make them."
    )
    denial = _s("b.txt", 1, "Beijing knows it will not get the most advanced processors this year.")
    # Verbs that negate are not read: "refuse to follow" can be the same wish as "stay out".
    refuse = _s(
        "c.txt", 1, "Officials expect Europe to refuse to buy the most advanced processors."
    )

    def embed(texts: list[str]) -> object:
        return np.array([[1.0, 0.0] for _ in texts])  # all one meaning: only the rule parts them

    def answers(t: str) -> bool:
        return "wants" in t

    def support(other: Sentence) -> list[int]:
        findings = [Finding(text="x", sentences=[aim]), Finding(text="x", sentences=[other])]
        js = compose.compose(
            findings,
            compose.ComposeContext(documents=DOCS, check=reject, embed=embed, answers=answers),
        ).judgments
        return sorted(j.sources for j in js)

    assert support(denial) == [1, 1]
    assert support(refuse) == [2]


def test_sources_that_contradict_each_other_are_reported_as_disagreeing() -> None:
    a = _s("a.txt", 1, "China has offered to cut its tariffs on European pork this year.")
    b = _s("b.txt", 1, "China has not offered to cut its tariffs on European pork this year.")
    findings = [Finding(text="x", sentences=[a]), Finding(text="x", sentences=[b])]
    js = compose.compose(
        findings,
        compose.ComposeContext(
            documents=DOCS,
            check=reject,
            contradicts=lambda x, y: ("not" in x.text) != ("not" in y.text),
        ),
    ).judgments
    [j] = js
    assert j.disagree and j.sources == 2
    assert j.agreement.endswith("disagree")


def test_a_merged_judgment_lets_each_source_speak_for_itself() -> None:
    a = _s("a.txt", 1, "China wants the European Union to scrap its tariffs on electric vehicles.")
    b = _s("b.txt", 1, "Beijing urged Brussels to scrap the tariffs on Chinese electric vehicles.")
    findings = [
        Finding(text="China wants the EU tariffs on electric cars scrapped.", sentences=[a]),
        Finding(text="Beijing wants the electric vehicle tariffs scrapped.", sentences=[b]),
    ]
    [j] = compose.compose(
        findings, compose.ComposeContext(documents=DOCS, check=accept, threshold=0.1)
    ).judgments
    # One source's wording is not what the other said: no model sentence leads the group.
    assert j.form == "quote" and j.sources == 2
    assert "electric cars" not in j.text and "According to" not in j.text
    assert f"Ann Author: “{a.text}”" in j.text and f"Wire Service: “{b.text}”" in j.text


def test_findings_citing_sentences_already_used_are_dropped_and_relevance_orders_ties() -> None:
    a = _s("a.txt", 1, "Oslo wants a quota deal with Sweden that leaves Denmark out.")
    b = _s("b.txt", 1, "Farmers in the north expect a poor harvest after the long drought.")
    findings = [
        Finding(text="x", sentences=[b], relevance=3),
        Finding(text="x", sentences=[a], relevance=9),
        Finding(text="y", sentences=[a], relevance=9),
    ]
    js = compose.compose(findings, compose.ComposeContext(documents=DOCS, check=reject)).judgments
    assert [j.sentences for j in js] == [[a], [b]]


def test_a_single_prompt_judgment_citing_two_sources_keeps_its_sentence_when_both_carry_it() -> (
    None
):
    a = _s("a.txt", 1, "China wants the European Union to scrap its tariffs on electric vehicles.")
    b = _s("b.txt", 1, "Beijing urged Brussels to scrap the tariffs on Chinese electric vehicles.")
    f = Finding(text="China wants the tariffs on electric vehicles scrapped.", sentences=[a, b])
    [j] = compose.compose(
        [f], compose.ComposeContext(documents=DOCS, check=accept, threshold=0.99)
    ).judgments
    assert j.form == "paraphrase" and j.sources == 2
    assert j.agreement == "Two of four sources agree"
    assert j.text == (
        "According to Ann Author and Wire Service, China wants the tariffs on electric"
        " vehicles scrapped."
    )
    [q] = compose.compose(
        [f], compose.ComposeContext(documents=DOCS, check=reject, threshold=0.99)
    ).judgments
    assert q.form == "quote" and q.sources == 2


def test_a_sentence_quoting_a_speaker_is_quoted_not_paraphrased_in_the_authors_voice() -> None:
    s = _s(
        "a.txt",
        1,
        '"The EU should remove the duties as soon as possible," said Wang Lei, a spokesman.',
    )
    f = Finding(text="The EU should remove the duties as soon as possible.", sentences=[s])
    [j] = compose.compose([f], compose.ComposeContext(documents=DOCS, check=accept)).judgments
    # "According to Ann Author, the EU should…" would make the spokesman's view the author's.
    assert j.form == "quote" and "said Wang Lei" in j.text


def test_a_lead_in_pointing_back_is_cut_at_its_colon_with_exact_offsets() -> None:
    s = _s(
        "a.txt",
        3,
        "The second point matters more to planners: Oslo wants the strait reopened to boats.",
    )
    out = compose.without_lead_in(s)
    assert out.text == "Oslo wants the strait reopened to boats."
    assert out.start == s.start + s.text.index("Oslo") and out.end == s.end
    # A lead-in that does not point back, or a rest that cannot stand alone, is left whole.
    plain = _s("a.txt", 4, "Oslo has one demand above all: the strait must be reopened to boats.")
    assert compose.without_lead_in(plain) == plain


def test_a_sentence_opening_with_a_conjunction_is_checked_past_it() -> None:
    assert compose.unresolved_subject("And in particular, he wants to reopen the strait.")
    assert compose.unresolved_subject("But it was never reopened after the storm.")
    assert not compose.unresolved_subject("But the ministry wants the strait reopened.")


def test_an_interview_answer_is_never_restated_as_the_interviewers_prose() -> None:
    answer = [_s("a.txt", 5, "Lund: We want the strait reopened to Norwegian boats by May.")]
    reason = compose.prose_problem(
        "The strait should be reopened to Norwegian boats by May.", answer, lambda *_: None
    )
    assert reason and "quotes" in reason


def test_prose_may_shorten_its_source_but_not_add_to_it() -> None:
    cited = [
        _s(
            "a.txt",
            6,
            "Farm unions want any compensation to be paid from fresh money, according to a letter.",
        )
    ]
    ok = compose.prose_problem(
        "Farm unions want compensation paid from fresh money.", cited, lambda *_: None
    )
    assert ok is None
    invented = compose.prose_problem(
        "The union has decided to make a statement, which will be paid from fresh money.",
        cited,
        lambda *_: None,
    )
    assert invented and "adds words" in invented


def test_an_interview_answer_past_its_label_is_quoted_as_the_speakers() -> None:
    label = _s("a.txt", 7, "Lund: We oppose the plan.")
    rest = _s("a.txt", 8, "Boats from the north should not lose their share of the strait.")
    finding = Finding(text="Boats from the north should keep their share.", sentences=[rest])
    (j,) = compose.compose(
        [finding],
        compose.ComposeContext(
            documents=DOCS,
            check=lambda *_: None,
            previous={rest.id: label},
            speakers={rest.id: "Lund"},
        ),
    ).judgments
    assert j.form == "quote" and j.text.startswith("Ann Author, quoting Lund: “")


def test_one_source_with_many_points_waits_its_turn() -> None:
    def j(text: str) -> compose.Judgment:
        return compose.Judgment(text=text, sentences=[], form="quote", sources=1, relevance=5)

    order = [j("a1"), j("a2"), j("a3"), j("b1"), j("c1")]
    owner = {"a": frozenset(["a"]), "b": frozenset(["b"]), "c": frozenset(["c"])}
    out = compose.spread(order, lambda x: owner[x.text[0]])
    assert [x.text for x in out] == ["a1", "b1", "c1", "a2", "a3"]
    # Support still comes first: a two-source judgment leads whatever its sources.
    two = compose.Judgment(text="b2", sentences=[], form="quote", sources=2, relevance=1)
    out = compose.spread([two, *order], lambda x: owner[x.text[0]])
    assert out[0] is two


def test_two_sources_that_contradict_each_other_on_a_point_are_shown_together() -> None:
    import numpy as np

    a = _s("a.txt", 9, "Fishing crews want every lost quota tonne compensated from fresh money.")
    b = _s("b.txt", 9, "Fishing crews in the north do not want any lost quota tonne compensated.")
    vectors = {
        "Topic?": [1.0, 0.0, 0.0],
        a.text: [0.0, 1.0, 0.0],
        b.text: [0.0, 0.3, 0.954],  # cosine 0.3: below the merge threshold on its own
    }

    def embed(texts: list[str]) -> np.ndarray:
        return np.array([vectors[t] for t in texts])

    findings = [Finding(text="", sentences=[a]), Finding(text="", sentences=[b])]

    def compose_with(contradicts):  # type: ignore[no-untyped-def]
        return compose.compose(
            findings,
            compose.ComposeContext(
                documents=DOCS,
                check=lambda *_: None,
                embed=embed,
                topic="Topic?",
                contradicts=contradicts,
            ),
        ).judgments

    (both,) = compose_with(lambda x, y: True)
    assert both.disagree and both.sources == 2 and "disagree" in both.agreement
    # Without a contradiction they are two judgments: too far apart to be one point.
    assert len(compose_with(lambda x, y: False)) == 2
    # One states the crews' aim, the other another party's: two parties, not two readings.
    apart = compose.compose(
        findings,
        compose.ComposeContext(
            documents=DOCS,
            check=lambda *_: None,
            embed=embed,
            topic="Topic?",
            contradicts=lambda x, y: True,
            answers=lambda t: "north" not in t,
        ),
    ).judgments
    assert len(apart) == 2 and not any(j.disagree for j in apart)


def test_an_enumerations_item_is_quoted_with_its_lead_and_an_ellipsis() -> None:
    texts = [
        "Fishing crews want three things from the ministry this year.",
        "First, they want the northern strait reopened to small boats.",
        "Second, they want quotas set for five years rather than one.",
        "Third, and above all, they want the patrol data published every month.",
    ]
    sents, start = [], 0
    for i, t in enumerate(texts):
        sents.append(Sentence(id=f"e{i}", doc="a.txt", start=start, end=start + len(t), text=t))
        start += len(t) + 1
    previous = {b.id: a for a, b in itertools.pairwise(sents)}
    chain = compose.standalone([sents[3]], previous)
    assert [s.id for s in chain] == ["e0", "e3"]
    assert "this year. … Third, and above all" in compose.quoted(chain, "Ann Author")
    # Not an enumeration: three sentences back through "they" is too far to be sure.
    plain = [
        s.model_copy(update={"text": "They " + s.text.split(", they ")[-1]}) for s in sents[1:]
    ]
    previous = {b.id: a for a, b in itertools.pairwise([sents[0], *plain])}
    assert compose.standalone([plain[2]], previous) == []


def test_a_stated_aim_and_a_reported_figure_are_never_the_same_point() -> None:
    aim = _s(
        "a.txt", 1, "Beijing wants legal certainty for Chinese battery and car plants in Europe."
    )
    fact = _s(
        "b.txt", 1, "Chinese investment in battery and car plants in Europe rose to €10 billion."
    )
    findings = [Finding(text="x", sentences=[aim]), Finding(text="x", sentences=[fact])]
    topic = "What does China want from the European Union?"
    merged = compose.compose(
        findings, compose.ComposeContext(documents=DOCS, check=reject, threshold=0.1, topic=topic)
    ).judgments
    assert [j.sources for j in merged] == [2]  # the words alone would merge them
    apart = compose.compose(
        findings,
        compose.ComposeContext(
            documents=DOCS,
            check=reject,
            threshold=0.1,
            topic=topic,
            answers=lambda t: t.startswith("Beijing wants"),
        ),
    ).judgments
    assert sorted(j.sources for j in apart) == [1, 1]


def test_a_figure_with_an_obligation_or_a_wish_is_not_a_mere_fact() -> None:
    intent = frozenset(["want", "demand"])
    assert compose.reports_figures("Imports rose to 99,000 tonnes in 2025.", intent)
    assert not compose.reports_figures("The quota has to be cut below 99,000 tonnes.", intent)
    assert not compose.reports_figures("They want the quota cut below 99,000 tonnes.", intent)
    assert not compose.reports_figures("Imports rose sharply last year.", intent)


def test_a_paraphrase_ending_on_words_grafted_from_a_skipped_clause_is_quoted_instead() -> None:
    source = (
        "China has asked the European Union to exempt Chinese steel, aluminium and cement from"
        " the bloc's carbon border levy, or at least to count the carbon price that Chinese"
        " producers already pay at home, according to a position paper."
    )
    graft = (
        "China has asked the European Union to exempt Chinese steel, aluminium and cement from"
        " the bloc's carbon border levy at home."
    )
    assert compose.spliced_tail(graft, source) == "at home"
    # Shortening is not grafting: a cut tail, a dropped middle clause, one's own last word.
    for honest in (
        "China has asked the European Union to exempt Chinese steel from the bloc's levy.",
        "China has asked the European Union to count the carbon price that Chinese producers"
        " already pay at home.",
        "China has asked the European Union to exempt its steel from the carbon border levy.",
    ):
        assert compose.spliced_tail(honest, source) is None, honest
    s = _s("d.txt", 1, source)
    [j] = compose.compose(
        [Finding(text=graft, sentences=[s])], compose.ComposeContext(documents=DOCS, check=accept)
    ).judgments
    assert j.form == "quote" and "at home, according to" in j.text


def test_a_sentence_opening_with_a_phrase_that_points_back_is_not_standalone() -> None:
    for text in (
        "To this end, the Norwegian minister has been patiently courting Lindqvist.",
        "Given these concerns, Oslo wants a larger quota.",
        "For this purpose, the ministry has hired two mediators.",
        "And because of that decision, the talks were moved to May.",
    ):
        assert compose.unresolved_subject(text), text
    for text in (
        "At the same time, the Norwegian minister wants a deal.",
        "In that case the talks would fail, officials said.",
        "To the surprise of many, Oslo signed the deal.",
    ):
        assert not compose.unresolved_subject(text), text


def test_point_words_match_a_words_derivatives() -> None:
    # Porter leaves a "-y" noun one letter longer than its derivatives ("strategi" /
    # "strateg", "economi" / "econom"): one word to a reader, one point word here.
    strategy, strategic = compose.point_words(
        [
            "Lindqvist cites the strategy, the economy and flattery.",
            "She has been economic, strategic and flattering.",
        ],
        frozenset(),
    )
    assert {"strateg", "econom", "flatter"} <= strategy & strategic


@pytest.mark.parametrize(
    ("common_words", "texts", "question", "term"),
    [
        (
            ("china", "want", "export", "trade"),
            [
                "China wants the bloc to drop its export controls on chip tools.",
                "Beijing pressed Brussels to ease export controls, an official said.",
                "Beijing pressed Brussels to ease the price controls, an official said.",
            ],
            "What does China want from the EU on trade?",
            ("export", "control"),
        ),
        (
            ("norway", "want", "landing", "fish"),
            [
                "Oslo wants Stockholm to drop its landing fees on cod boats.",
                "Norway pressed Sweden to cut landing fees, an official said.",
                "Norway pressed Sweden to cut the harbour fees, an official said.",
            ],
            "What does Norway want from Sweden on fish?",
            ("land", "fee"),
        ),
    ],
)
def test_point_words_keep_terms_a_common_word_is_part_of(
    common_words: tuple[str, ...], texts: list[str], question: str, term: tuple[str, str]
) -> None:
    from briefing.text.textnorm import stem

    common = frozenset(stem(w) for w in common_words)
    first, second = term
    words = compose.point_words(texts, common)
    # "export" is common, so alone it marks nothing; "export controls" is a term.
    assert first not in words[0] and {second, f"{first}_{second}"} <= words[0] & words[1]
    assert words[0] & words[2] == {second}
    # Between the merge thresholds two shared point words are needed: the term gives the
    # second for the two export-control findings, and one word ("controls") is still refused.
    sim = [[1.0, 0.45, 0.45], [0.45, 1.0, 0.45], [0.45, 0.45, 1.0]]
    out = merge._require_shared_words(sim, texts, compose.MERGE_EMBEDDED, common, question)
    assert out[0][1] == 0.45 and out[0][2] == -1.0
    # The same shape on another question: "landing" is common, "landing fees" a term.
    common = frozenset(stem(w) for w in ("norway", "want", "landing", "fish"))
    texts = [
        "Oslo wants Stockholm to drop its landing fees on cod boats.",
        "Norway pressed Sweden to cut landing fees, an official said.",
        "Norway pressed Sweden to cut the harbour fees, an official said.",
    ]
    words = compose.point_words(texts, common)
    assert "land" not in words[0] and {"fee", "land_fee"} <= words[0] & words[1]
    assert words[0] & words[2] == {"fee"}
    out = merge._require_shared_words(
        sim, texts, compose.MERGE_EMBEDDED, common, "What does Norway want from Sweden on fish?"
    )
    assert out[0][1] == 0.45 and out[0][2] == -1.0


def test_a_piece_without_an_author_that_opens_on_an_analyst_is_attributed_to_them() -> None:
    from briefing.core.models import Document

    doc = Document(doc="a.txt", sha256="0" * 64, size=1, title="A headline", voice="Ana Ribeiro")
    assert compose.source_name(doc, "a.txt") == "Ana Ribeiro"
    with_outlet = doc.model_copy(update={"outlet": "The Ledger"})
    assert compose.source_name(with_outlet, "a.txt") == "Ana Ribeiro (The Ledger)"
    authored = doc.model_copy(update={"author": "Jo Kim"})
    assert compose.source_name(authored, "a.txt") == "Jo Kim"
    assert compose.source_name(doc.model_copy(update={"voice": ""}), "a.txt") == "“A headline”"


def test_compose_changes_nothing_it_is_given_and_returns_what_it_decided() -> None:
    # The context is frozen and the findings come back untouched: what composing decided
    # (judgments, model sentences quoted instead, earlier judgments joined) is its result.
    old = _s(
        "a.txt", 1, "China wants the European Union to scrap its tariffs on electric vehicles."
    )
    new = _s(
        "b.txt", 1, "Beijing urged Brussels to scrap the tariffs on Chinese electric vehicles."
    )
    other = _s(
        "c.txt", 1, "Farmers in the north expect a poor harvest after the long drought this summer."
    )
    findings = [
        Finding(text="Beijing wants the tariffs gone.", sentences=[new]),
        Finding(text="x", sentences=[other]),
    ]
    before = [f.model_copy(deep=True) for f in findings]
    earlier = (Finding(text="y", sentences=[other]), Finding(text="K", sentences=[old]))
    context = compose.ComposeContext(documents=DOCS, check=reject, earlier=earlier)
    decided = compose.compose(findings, context)
    assert findings == before and context.earlier == earlier
    assert [r.text for r in decided.rejected] == ["Beijing wants the tariffs gone.", "x"]
    assert decided.absorbed == [1]
    with pytest.raises(AttributeError):
        context.topic = "changed"  # type: ignore[misc]


def test_an_opener_pointing_back_needs_what_it_points_at_whatever_its_preposition() -> None:
    # The shape, not one sentence: a prepositional opener on a demonstrative ("To that end,",
    # "Despite these warnings,", "Because of this policy,") leans on the sentence before.
    for text in (
        "To that end, the ministry opened talks with the port authority.",
        "Despite these warnings, the council approved the budget on Friday.",
        "Because of this policy, exporters moved their plants abroad.",
        "And with those votes secured, the coalition pressed ahead with the reform.",
    ):
        assert compose.unresolved_subject(text), text
    for text in (
        "To the surprise of many, the council approved the budget on Friday.",
        "Despite heavy rain, the harvest came in on time.",
        "Because of rising costs, exporters moved their plants abroad.",
    ):
        assert not compose.unresolved_subject(text), text


def _two_sources_on_one_point() -> list[Finding]:
    a = _s("a.txt", 1, "Lima wants Quito to reopen the border crossings for lorries.")
    b = _s("b.txt", 1, "Above all, Peru needs Ecuador to reopen border crossings to lorries.")
    return [
        Finding(text="Lima wants the crossings reopened.", sentences=[a]),
        Finding(text="Peru wants Ecuador to reopen crossings.", sentences=[b]),
    ]


def _writer(*replies: str) -> tuple[compose.PointWriter, list[tuple[list[str], int]]]:
    """A point writer that answers `replies` and records each request (words, members)."""
    asked: list[tuple[list[str], int]] = []

    def write(words: list[str], groups: list[list[Sentence]]) -> list[str]:
        asked.append((words, len(groups)))
        return list(replies)

    return write, asked


def test_a_merged_judgment_is_led_by_a_point_the_checks_pass_against_all_its_sources() -> None:
    reply = "Peru wants Ecuador to reopen border crossings for lorries."
    write, asked = _writer(reply)
    checked: list[tuple[str, int]] = []

    def check_point(text: str, sentences: list[Sentence]) -> str | None:
        checked.append((text, len(sentences)))
        # The members' own sentences are tried first; here only the written one passes.
        return None if text.endswith(reply) else "one source alone does not make this point"

    [j] = compose.compose(
        _two_sources_on_one_point(),
        compose.ComposeContext(
            documents=DOCS,
            check=reject,
            threshold=0.1,
            point=write,
            check_point=check_point,
            topic_words=frozenset({"peru", "want", "ecuador"}),
        ),
    ).judgments
    # The call sees the words both sources hold (not the question's own), once per group.
    [(words, groups)] = asked
    assert groups == 2 and {"reopen", "border", "crossings", "lorries"} <= set(words)
    assert not {"Peru", "wants", "Ecuador"} & set(words)
    # Each is checked against every cited sentence together, attributed to both sources:
    # first the members' own sentences, then the written one.
    who = "According to Ann Author and Wire Service, "
    assert checked == [
        (who + "Lima wants Quito to reopen the border crossings for lorries.", 2),
        (who + "above all, Peru needs Ecuador to reopen border crossings to lorries.", 2),
        (who + "Peru wants Ecuador to reopen border crossings for lorries.", 2),
    ]
    assert j.point == checked[-1][0]
    # The quotations stay: the point leads them, it does not replace them.
    assert j.form == "quote" and "Ann Author: “" in j.text and "Wire Service: “" in j.text


def test_a_point_the_checks_reject_leaves_the_group_as_its_quotations() -> None:
    write, _ = _writer("Peru has reopened the border to lorries.")
    [j] = compose.compose(
        _two_sources_on_one_point(),
        compose.ComposeContext(
            documents=DOCS, check=accept, threshold=0.1, point=write, check_point=reject
        ),
    ).judgments
    assert j.point == "" and j.sources == 2 and j.form == "quote"


def test_no_point_is_asked_for_a_single_source_or_a_disagreement() -> None:
    write, asked = _writer("anything")
    a = _s("a.txt", 1, "Oslo wants Stockholm to lower its fishing quotas.")
    compose.compose(
        [Finding(text="Oslo wants lower quotas.", sentences=[a])],
        compose.ComposeContext(documents=DOCS, check=reject, point=write, check_point=accept),
    )
    b = _s("b.txt", 1, "Oslo does not want Stockholm to lower its fishing quotas.")
    [j] = compose.compose(
        [
            Finding(text="Oslo wants lower quotas.", sentences=[a]),
            Finding(text="Oslo wants no lower quotas.", sentences=[b]),
        ],
        compose.ComposeContext(
            documents=DOCS,
            check=reject,
            threshold=0.1,
            point=write,
            check_point=accept,
            contradicts=lambda x, y: ("not" in x.text) != ("not" in y.text),
        ),
    ).judgments
    assert j.disagree and j.point == "" and asked == []


def test_shared_words_are_those_half_the_members_hold_by_stem_most_held_first() -> None:
    texts = [
        "The union fears plant closures and the loss of jobs in Saxony.",
        "Workers fear closures of plants, and job losses.",
        "Closing plants would cost jobs, the economist said.",
    ]
    words = compose.shared_words(texts, frozenset({"fear"}))
    # Held by all three first (plant, job), by two next; the question's verb never.
    assert words[:2] == ["plant", "jobs"] or set(words[:2]) == {"plant", "jobs"}
    assert "closures" in words and "fears" not in words and "union" not in words
    # "flattery" and "flattering" are one word to a reader.
    assert compose.shared_words(["Praise and flattery.", "Endless flattering."], frozenset()) == [
        "flattery"
    ]


def test_a_members_own_verified_sentence_that_every_member_makes_is_the_point_unasked() -> None:
    write, asked = _writer()

    def only_the_shared_one(text: str, sentences: list[Sentence]) -> str | None:
        return None if "reopen border crossings" in text else "not every source says it"

    findings = _two_sources_on_one_point()
    findings[0] = Finding(
        text="Lima wants the crossings reopened.", sentences=findings[0].sentences
    )
    findings[1] = Finding(
        text="Peru wants Ecuador to reopen border crossings.", sentences=findings[1].sentences
    )
    [j] = compose.compose(
        findings,
        compose.ComposeContext(
            documents=DOCS,
            check=accept,
            threshold=0.1,
            point=write,
            check_point=only_the_shared_one,
        ),
    ).judgments
    assert (
        j.point
        == "According to Ann Author and Wire Service, Peru wants Ecuador to reopen border crossings."
    )
    assert asked == []


def test_the_merge_rules_return_the_pairs_they_part_and_change_no_matrix() -> None:
    from briefing.text.textnorm import stem

    texts = ["Oslo wants a larger cod quota next year.", "Cod landings rose to 90,000 tonnes."]
    apart = merge._facts_apart(texts, [True, False], frozenset({stem("want")}))
    assert apart == {(0, 1)}  # a stated aim and a reported figure
    assert merge._holders_apart([True, False], [False, True]) == {(0, 1)}
    sim = [[1.0, 0.8], [0.8, 1.0]]
    assert merge.with_pairs(sim, apart, -1.0) == [[1.0, -1.0], [-1.0, 1.0]]
    assert sim == [[1.0, 0.8], [0.8, 1.0]]


def test_quantities_read_what_a_sentence_counts_and_leave_years_and_dates_out() -> None:
    assert merge.quantities("Farmers want 250,000 acre-feet of water every year.") == {
        "acre-feet": {250000.0}
    }
    assert merge.quantities("Over five years that is 1.75 million acre-feet.") == {
        "acre-feet": {1750000.0}
    }
    assert merge.quantities("Tariffs rose by 20 percent, then 5%.") == {"%": {20.0, 5.0}}
    assert merge.quantities("The cycle ended on October 24, 2025, in 2025.") == {}


@pytest.mark.parametrize(
    ("a", "b", "merged"),
    [
        # The same thing counted with no figure in common: other propositions.
        (
            "Growers want Peru to release at least 40,000 cubic metres of water every day.",
            "Under the accord, Peru must release an average of 60,000 cubic metres of water a day.",
            False,
        ),
        # The same figure: the same point.
        (
            "Growers want Peru to release at least 40,000 cubic metres of water every day.",
            "Farm groups are pressing Peru to release 40,000 cubic metres of water each day.",
            True,
        ),
    ],
)
def test_findings_counting_the_same_thing_differently_are_not_one_point(
    a: str, b: str, merged: bool
) -> None:
    findings = [
        Finding(text="", sentences=[_s("a.txt", 1, a)]),
        Finding(text="", sentences=[_s("b.txt", 1, b)]),
    ]
    judgments = compose.compose(
        findings, compose.ComposeContext(documents=DOCS, check=reject, threshold=0.1)
    ).judgments
    assert sorted(j.sources for j in judgments) == ([2] if merged else [1, 1])


def test_an_interviews_questions_are_no_finding_of_any_source() -> None:
    docs = {
        "i.txt": Document(
            doc="i.txt", sha256="i", size=1, author="Lee Park", outlet="Harbour Weekly"
        )
    }
    question = _s(
        "i.txt", 1, "Harbour Weekly: There are reports that Lima wants a toll on lorries."
    )
    asked = _s("i.txt", 2, "Q: Is Lima asking Quito for a toll on lorries at the crossings?")
    answer = _s("i.txt", 3, "Ruiz: Lima wants Quito to charge a toll on lorries at the crossings.")
    composed = compose.compose(
        [
            Finding(text="Lima wants a toll on lorries.", sentences=[question]),
            Finding(text="", sentences=[asked]),
            Finding(text="", sentences=[answer]),
        ],
        compose.ComposeContext(documents=docs, check=reject, threshold=0.99),
    )
    assert [j.sentences for j in composed.judgments] == [[answer]]
    assert [r.reason for r in composed.rejected] == [
        "it cites only the interviewer's lines, not what anyone answered"
    ]


def test_an_interviewer_labelled_with_the_outlets_initials_asks_no_finding() -> None:
    docs = {
        "i.txt": Document(
            doc="i.txt", sha256="i", size=1, author="Lee Park", outlet="Andean Freight Review"
        )
    }
    question = _s("i.txt", 1, "AFR: Lima wants a toll on lorries by the end of 2027.")
    answer = _s("i.txt", 2, "AFP: Lima wants Quito to charge a toll on lorries.")
    assert compose.interviewer_line(question, docs)
    # Other capitals are someone else's label (a news agency quoted in the piece).
    assert not compose.interviewer_line(answer, docs)


@pytest.mark.parametrize(
    ("label", "interviewer"),
    [
        ("Andean", True),
        ("Andean Freight", True),
        ("Review", True),  # its last word: "Post:" for the Altiplano Post
        ("Freight", False),
        ("Ruiz", False),
    ],
)
def test_an_interviewer_labelled_with_the_outlets_first_or_last_words_asks_no_finding(
    label: str, interviewer: bool
) -> None:
    docs = {
        "i.txt": Document(
            doc="i.txt", sha256="i", size=1, author="Lee Park", outlet="The Andean Freight Review"
        )
    }
    line = _s("i.txt", 1, f"{label}: Lima wants a toll on lorries by the end of 2027.")
    assert compose.interviewer_line(line, docs) is interviewer


def test_an_answers_own_label_names_its_speaker_once() -> None:
    answer = _s("i.txt", 3, "Ruiz: Lima wants Quito to charge a toll on lorries.")
    assert compose.quoted([answer], "Lee Park, quoting Ruiz", "Ruiz") == (
        "Lee Park, quoting Ruiz: “Lima wants Quito to charge a toll on lorries.”"
    )
    assert compose.quoted([answer], "Lee Park") == (
        "Lee Park: “Ruiz: Lima wants Quito to charge a toll on lorries.”"
    )


@pytest.mark.parametrize(
    ("source", "said"),
    [
        (
            "According to port officials, the ferry carries about 900 lorries a week.",
            "Port officials say the ferry carries about 900 lorries a week.",
        ),
        (
            "The ferry carries about 900 lorries a week, according to Ana Ruiz.",
            "Ruiz says the ferry carries about 900 lorries a week.",
        ),
    ],
)
def test_a_fact_the_source_attributes_to_someone_is_not_restated_as_the_authors(
    source: str, said: str
) -> None:
    cited = [_s("a.txt", 9, source)]
    restated = "The ferry carries about 900 lorries a week."
    reason = compose.prose_problem(restated, cited, lambda *_: None)
    assert reason and "attributes to" in reason
    # Said with its attribution, or attributed to a document, it may be prose.
    assert compose.prose_problem(said, cited, lambda *_: None) is None
    letter = [_s("a.txt", 9, "The ferry carries about 900 lorries a week, according to a letter.")]
    assert compose.prose_problem(restated, letter, lambda *_: None) is None


def test_a_sentence_in_the_first_person_is_quoted_not_prose() -> None:
    text = "The growers also want the old levy scrapped, and I think they are right to ask."
    cited = [_s("col.txt", 4, text)]
    # Said as prose ("According to X, …, and I think …"), the "I" would read as the briefing's.
    reason = compose.prose_problem(text, cited, lambda *_: None, prose_gates=False)
    assert reason == "it speaks in the first person"
    assert compose.prose_problem(text, cited, lambda *_: None) == "it speaks in the first person"
    # "US" is a name, not "us".
    plain = "The US wants the levy scrapped, the growers say."
    assert compose.prose_problem(plain, [_s("w.txt", 2, plain)], lambda *_: None, False) is None


def test_a_view_the_source_reports_only_to_reject_it_is_no_finding() -> None:
    setup = _s("a.txt", 1, "Most reports present the growers as wanting the canal closed.")
    rebuttal = "In my view that misreads what their league is asking for."
    own = _s("a.txt", 3, "The growers want a fair price for canal water.")
    after = {setup.id: rebuttal}
    composed = compose.compose(
        [
            Finding(text="Growers want the canal closed.", sentences=[setup]),
            Finding(text="", sentences=[own]),
        ],
        compose.ComposeContext(
            documents=DOCS, check=reject, threshold=0.99, rebutted=lambda s: after.get(s.id, "")
        ),
    )
    assert [j.sentences for j in composed.judgments] == [[own]]
    assert composed.rejected[0].reason.startswith("the source reports it to reject it")
    # Without a rebuttal after it, the same sentence is a finding.
    kept = compose.compose(
        [Finding(text="", sentences=[setup])],
        compose.ComposeContext(documents=DOCS, check=reject, rebutted=lambda s: ""),
    )
    assert [j.sentences for j in kept.judgments] == [[setup]]


@pytest.mark.parametrize(
    ("sentence", "rejects"),
    [
        ("In my view that misreads what their league is asking for.", True),
        ("This is a myth, whatever the ministry says.", True),
        ("But that misses the point.", True),
        ("That demand is wrong for the growers, the league says.", False),
        ("This year the ministry was wrong about the costs.", False),
        ("The growers want a fair price for canal water.", False),
        # A negated identity with a stand or "the case" rejects the view just reported.
        ("In my view that has not been the league's position for years.", True),
        ("That is not the case, whatever the ministry says.", True),
        ("That is not surprising after two dry summers.", False),
    ],
)
def test_a_sentence_that_rejects_the_one_before_it(sentence: str, rejects: bool) -> None:
    from briefing.verification.voices import rebuts

    assert rebuts(sentence) is rejects


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("THE HAGUE, March 11 (LPA) - Growers want a fair price for water.", "Growers want"),
        ("MEXICO CITY (MPW) - Growers want a fair price for water.", "Growers want"),
        ("WASHINGTON — Growers want a fair price for water.", "Growers want"),
        # A place with capitals outside ASCII.
        ("BOGOTÁ, March 14 (APA) - Growers want a fair price for water.", "Growers want"),
        ("ŁÓDŹ (PAP) - Growers want a fair price for water.", "Growers want"),
        # A hyphen between names, with no date or agency, is no dateline.
        ("EU - China talks on water prices resumed on Monday.", "EU - China"),
        ("Growers want a fair price for water.", "Growers want"),
    ],
)
def test_a_story_dateline_is_left_out_of_the_quoted_sentence(text: str, rest: str) -> None:
    s = _s("a.txt", 1, text)
    out = compose.standalone([s], {})[0]
    assert out.text.startswith(rest)
    # The quotation is still an exact span of the source.
    assert text[out.start - s.start : out.end - s.start] == out.text


def test_a_name_without_a_predicate_is_no_judgment_nor_a_point() -> None:
    from briefing.compose.points import clause_heads

    # Cut at the comma before "which", a sentence's opening is a name alone: no point.
    head = "The Smallholder Tea Growers Alliance (STGA)."
    assert head in clause_heads(
        "The Smallholder Tea Growers Alliance (STGA), which speaks for 60,000 growers, wants"
        " a floor price."
    )
    assert compose.fragment_reason(head) == "a name or title without a predicate"
    assert compose.fragment_reason("Putin Wants A Summit With Trump In Budapest.")
    assert compose.fragment_reason("Prices are high for the growers this season.") is None


def test_a_sentence_that_only_points_at_what_another_says_is_no_judgment() -> None:
    assert compose.fragment_reason("It is worth saying what most growers do not want.")
    assert compose.fragment_reason("This is what the growers want.")
    # A main clause with content of its own says something.
    assert (
        compose.fragment_reason("The ministry did not say what it would pay the growers.") is None
    )
    assert compose.fragment_reason("What the growers want is a floor price for their tea.") is None
    # A modal ending a sentence stands for a verb another sentence gives.
    assert compose.fragment_reason("My answer to that is simple: the ministry must.")
    assert compose.fragment_reason("The growers say the ministry must pay for the canal.") is None
    assert compose.fragment_reason("The growers want the canal reopened to boats by May.") is None
    # A bare count of items announces a list that other sentences give.
    assert (
        compose.fragment_reason("I think the league now wants three things.")
        == "a lead-in to a list"
    )
    assert compose.fragment_reason("The league wants three new canals dug by 2030.") is None


def test_a_hyphenated_name_is_covered_by_its_cited_parts() -> None:
    """ "App-Based" splits into "app" and "based" as the cited sentence's words do: a name the
    cited sentence has, not one the model brought in."""
    cited = [
        Sentence(
            id="w.txt:0",
            doc="w.txt",
            start=0,
            end=60,
            text="The Union of App-Based Drivers wants a cap of 15 per cent on commissions.",
        )
    ]
    assert names_covered("The Union of App-Based Drivers wants a 15% cap on commissions.", cited)
    assert not names_covered("The Union of Cab-Based Drivers wants a 15% cap.", cited)


def test_according_to_lowers_a_word_english_never_capitalises() -> None:
    """'According to X, Taxi drivers …' read as a name: a word WordNet has only in lower case
    opens the model's sentence, and a country's or month's name keeps its capital."""
    assert (
        compose.attributed("Taxi drivers are now demanding things.", "X")
        == "According to X, taxi drivers are now demanding things."
    )
    assert compose.attributed("Turkey wants talks.", "X") == "According to X, Turkey wants talks."
    assert (
        compose.attributed("March is the deadline.", "X")
        == "According to X, March is the deadline."
    )
