"""A merged judgment led by its point: verified with the quotations, shown above them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from briefing.cli import app
from briefing.compose.points import clause_heads, own_voice, points_back, pruned
from briefing.core.models import (
    Briefing,
    Citation,
    Claim,
    CorpusDoc,
    CorpusInfo,
    Section,
)
from briefing.generation.prompting import shipped_prompts
from briefing.outputs import render
from briefing.outputs.diff import diff_briefings
from briefing.outputs.diff_review import format_diff
from briefing.outputs.htmlrender import briefing_html
from briefing.text.textnorm import content_stems_frozen
from briefing.verification import SourceCache, thin_sources, verify_briefing, verify_claim
from tests.conftest import model_cmd
from tests.faultserver import FaultServer, Reply, Request, Responder, map_answer, ok

# Invented sources of the shape the seeds have: two outlets making one point in other words.
A = (
    "Harbour Wire\n\nLima wants Quito to reopen the border crossings for lorries before the harvest."
    " Officials met on Monday.\n"
)
B = (
    "The Andean Ledger\n\nAbove all, Peru needs Ecuador to reopen border crossings to lorries,"
    " an envoy said. The talks resume in May.\n"
)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    return tmp_path


def _cite(text: str, doc: str, quote: str) -> Citation:
    start = text.index(quote)
    return Citation(doc=doc, start=start, end=start + len(quote), quote=quote)


QA = "Lima wants Quito to reopen the border crossings for lorries before the harvest."
QB = "Above all, Peru needs Ecuador to reopen border crossings to lorries, an envoy said."
QUOTES = f"Harbour Wire: “{QA}” The Andean Ledger: “{QB}”"
POINT = "According to Harbour Wire and The Andean Ledger, Peru wants Ecuador to reopen border crossings for lorries."


def _claim(point: str | None) -> Claim:
    return Claim(
        id="K1",
        text=QUOTES,
        citations=[_cite(A, "a.txt", QA), _cite(B, "b.txt", QB)],
        form="quote",
        independent_sources=2,
        agreement="Two of two sources make the same point",
        point=point,
    )


def _briefing(*claims: Claim) -> Briefing:
    return Briefing(
        topic="What does Peru want from Ecuador?",
        generated_at="2026-12-06T00:00:00Z",
        model="test",
        corpus=CorpusInfo(
            root=".",
            documents=[CorpusDoc(doc="a.txt", sha256="0"), CorpusDoc(doc="b.txt", sha256="0")],
        ),
        sections=[Section(heading="Key judgments", claims=list(claims))],
    )


def test_a_point_is_verified_with_its_quotations_and_a_changed_one_fails_the_claim(
    corpus: Path,
) -> None:
    sources = SourceCache(corpus, 10**7)
    assert verify_claim(_claim(POINT), sources).ok
    # A changed point never reaches a briefing under true quotations.
    changed = POINT.replace("Peru wants", "Peru does not want")
    report = verify_claim(_claim(changed), sources)
    assert not report.ok and report.message.startswith("its point:")
    # A point only one source says (the harvest) is not the group's point.
    one = (
        "According to Harbour Wire and The Andean Ledger, Lima wants Quito to reopen the"
        " crossings before the harvest begins."
    )
    report = verify_claim(_claim(one), sources)
    assert not report.ok and "b.txt alone holds less than 50%" in report.message


def test_who_says_it_is_not_what_each_source_must_hold(corpus: Path) -> None:
    sources = SourceCache(corpus, 10**7)
    # "an envoy said" in one source, nothing said in the other: "says" is attribution, and
    # each source still holds what is said.
    says = (
        "According to Harbour Wire and The Andean Ledger, Peru says Ecuador should reopen"
        " border crossings for lorries."
    )
    report = verify_claim(_claim(says), sources)
    assert report.ok
    assert thin_sources(says, report.citations, 0.9) == []
    # A content word only one source has still counts against the other.
    harvest = says.replace("for lorries.", "for lorries before the harvest.")
    assert thin_sources(harvest, verify_claim(_claim(harvest), sources).citations, 0.9) == ["b.txt"]


def test_the_quoting_of_an_attribution_lead_is_not_the_point(corpus: Path) -> None:
    sources = SourceCache(corpus, 10**7)
    quoting = (
        "According to Harbour Wire and The Andean Ledger, quoting an envoy, Peru says Ecuador"
        " should reopen border crossings for lorries."
    )
    report = verify_claim(_claim(quoting), sources)
    assert report.ok
    assert thin_sources(quoting, report.citations, 0.9) == []


def test_a_source_that_lacks_a_whole_phrase_of_the_point_does_not_make_it(corpus: Path) -> None:
    sources = SourceCache(corpus, 10**7)
    lead = "According to Harbour Wire and The Andean Ledger, "
    # Most of the words are in each source, but one says nothing of the second demand: a run
    # of three content words it lacks ("weigh", "cargo", "fees") is a part it does not make.
    added = (
        lead + "Peru wants Ecuador to reopen border crossings for lorries and to weigh cargo fees."
    )
    report = verify_claim(_claim(added), sources)
    assert thin_sources(added, report.citations, 0.5) == ["a.txt", "b.txt"]
    # Names are the names check's (aliases: "Lima" for Peru), and a verb of intent said with
    # another one ("wants" / "hopes") is the same aim.
    report = verify_claim(_claim(POINT), sources)
    assert thin_sources(POINT, report.citations, 0.5) == []
    needs = POINT.replace("Peru wants Ecuador to reopen", "Peru hopes Ecuador will reopen")
    assert thin_sources(needs, verify_claim(_claim(needs), sources).citations, 0.5) == []


def test_a_briefing_json_point_is_optional_and_round_trips(corpus: Path) -> None:
    plain = _claim(None)
    assert "point" not in plain.model_dump(mode="json", exclude_none=False) or plain.point is None
    led = _briefing(_claim(POINT))
    again = Briefing.model_validate_json(led.model_dump_json())
    assert again.sections[0].claims[0].point == POINT
    assert verify_briefing(again, corpus).ok


def test_markdown_and_html_show_the_point_above_its_quotations(corpus: Path) -> None:
    b = _briefing(_claim(POINT))
    md = render.markdown(b, {})
    lines = md.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    assert lines[first].startswith("1. **Two of two sources make the same point:** According to")
    assert "Peru wants Ecuador to reopen" in lines[first]
    assert lines[first + 1].startswith("   Harbour Wire: “Lima wants")
    report = verify_briefing(b, corpus)
    page = briefing_html(b, report, {}, corpus)
    assert page.index('class="claim-point"') < page.index("Harbour Wire: “Lima wants")
    assert "Peru wants Ecuador to reopen border crossings for lorries." in page


def test_diff_shows_a_point_that_appeared_or_changed() -> None:
    old = _briefing(_claim(None))
    new = _briefing(_claim(POINT))
    d = diff_briefings(old, new)
    assert len(d.reworded) == 1 and d.unchanged == 0
    text = "\n".join(format_diff(d))
    assert "Peru wants Ecuador" in text
    assert diff_briefings(new, new).unchanged == 1


SHIPPED_PROMPTS = shipped_prompts()

# --- end to end, against a local TEST DOUBLE (hand-written replies; not a recording, and it
# says nothing about any model) --------------------------------------------------------------

# Each source's sentence holds something the other lacks that the sentence cannot do without
# ("and buses", "without delay"), so neither sentence, nor its first clause, is what both
# say: the point needs the call.
PERU = {
    "a.txt": "Harbour Wire\nBy Ana Ruiz\n\nLima wants Quito to reopen the border crossings"
    " for lorries and buses, officials said on Monday. Trade across the border fell by a third"
    " this year. The talks resume in May.\n",
    "b.txt": "The Andean Ledger\nBy Tomas Vega\n\nAbove all, Peru wants Ecuador to reopen"
    " border crossings to lorries without delay, an envoy said. Fishing rights are a second"
    " dispute. Farmers on both sides are waiting.\n",
}
# Each source's sentence holds a detail the other lacks that it can do without: an adjective
# ("narrow") and a manner adverb ("swiftly").
PERU_DETAILS = {
    "a.txt": PERU["a.txt"]
    .replace("the border crossings", "the narrow border crossings")
    .replace(" and buses", ""),
    "b.txt": PERU["b.txt"].replace("to reopen", "to swiftly reopen").replace(" without delay", ""),
}
# The first clause of one source's sentence is what the other says too.
PERU_SAME = {
    **PERU,
    "a.txt": "Harbour Wire\nBy Ana Ruiz\n\nLima wants Quito to reopen the border crossings for"
    " lorries, which have waited at the frontier since March, officials said on Monday. Trade"
    " across the border fell by a third this year. The talks resume in May.\n",
    "b.txt": PERU["b.txt"].replace(" without delay", ""),
}


def _double(point: str) -> Responder:
    """Map prompts: the sentence itself (as the echo double does); point prompts: `point`."""

    def answer(request: Request) -> Reply:
        if "Key words:" in request.user_prompt:
            return ok({"point": point})
        return ok(map_answer(request))

    return answer


def _generate(
    tmp_path: Path, files: dict[str, str], reply: str, point_templates: bool | None = None
) -> tuple[Result, list[Request], dict[str, Any]]:
    """`generate` over `files` against the test double (`reply` to point requests): the result,
    the point requests it got, and briefing.json. With `point_templates` set, from an exported
    prompts folder with or without the point templates."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    extra: list[str] = []
    if point_templates is not None:
        prompts = tmp_path / "prompts"
        shutil.copytree(SHIPPED_PROMPTS, prompts)
        if not point_templates:
            for old in prompts.glob("point.*.j2"):
                old.unlink()
        extra = ["--prompts", str(prompts)]
    env = {"BRIEFING_HOME": str(tmp_path / "home"), "BRIEFING_MAX_RETRIES": "0"}
    with FaultServer(default=_double(reply)) as server:
        result = CliRunner().invoke(
            app,
            [
                *model_cmd("generate", server.url, tmp_path / "out", corpus),
                "--topic",
                "What does Peru want from Ecuador?",
                *extra,
            ],
            env=env,
        )
        asked = [r for r in server.chat_requests if "Key words:" in r.user_prompt]
    assert result.exit_code == 0, result.output
    briefing = json.loads(next((tmp_path / "out").glob("*/briefing.json")).read_text())
    return result, asked, briefing


@pytest.mark.live_endpoint
@pytest.mark.parametrize(
    ("reply", "led"),
    [
        ("Peru wants Ecuador to reopen border crossings for lorries.", True),
        # One changed word: the sources want the crossings reopened, not closed.
        ("Peru wants Ecuador to keep border crossings closed to lorries.", False),
    ],
)
def test_generate_leads_a_merged_judgment_with_a_point_only_when_it_passes(
    tmp_path: Path, reply: str, led: bool
) -> None:
    _, asked, briefing = _generate(tmp_path, PERU, reply)
    merged = [c for c in briefing["sections"][0]["claims"] if c.get("independent_sources") == 2]
    assert len(merged) == 1 and len(asked) == 1
    # A capable endpoint is shown the sentences themselves, not only their shared words.
    assert "[S1]" in asked[0].user_prompt and "reopen" in asked[0].user_prompt
    claim = merged[0]
    if led:
        point = claim["point"]
        assert point.endswith(", " + reply) and point.startswith("According to ")
        assert "Ana Ruiz" in point and "Tomas Vega" in point
        md = next((tmp_path / "out").glob("*/briefing.md")).read_text()
        assert "Peru wants Ecuador to reopen border crossings for lorries." in md
    else:
        assert "point" not in claim
        assert "Ana Ruiz: “" in claim["text"] and "Tomas Vega: “" in claim["text"]


@pytest.mark.live_endpoint
def test_a_prompts_folder_exported_before_the_point_templates_skips_the_call_and_says_so(
    tmp_path: Path,
) -> None:
    result, asked, briefing = _generate(
        tmp_path, PERU, "Peru wants Ecuador to reopen border crossings.", point_templates=False
    )
    assert asked == []
    assert "led by a point only when one of its own sentences makes it" in result.output
    assert not any("point" in c for s in briefing["sections"] for c in s["claims"])


@pytest.mark.live_endpoint
@pytest.mark.parametrize("templates", [True, False])
def test_a_first_clause_every_source_makes_leads_without_a_call(
    tmp_path: Path, templates: bool
) -> None:
    # The double's point is wrong: it must never be asked.
    _, asked, briefing = _generate(
        tmp_path, PERU_SAME, "Peru wants Ecuador to close its ports.", point_templates=templates
    )
    assert asked == []
    (claim,) = [c for c in briefing["sections"][0]["claims"] if c.get("independent_sources") == 2]
    # Either source's sentence up to its clause boundary: the other says the same; Ana Ruiz's
    # clause about the wait (Tomas Vega's does not say it) and who said it are left out.
    point = claim["point"]
    assert point.startswith("According to ") and "Ana Ruiz" in point and "Tomas Vega" in point
    assert point.endswith(
        (
            ", Lima wants Quito to reopen the border crossings for lorries.",
            ", above all, Peru wants Ecuador to reopen border crossings to lorries.",
        )
    )


@pytest.mark.live_endpoint
def test_a_member_sentence_without_the_details_the_other_lacks_leads_without_a_call(
    tmp_path: Path,
) -> None:
    # The double's point is wrong: it must never be asked.
    _, asked, briefing = _generate(tmp_path, PERU_DETAILS, "Peru wants Ecuador to close its ports.")
    assert asked == []
    (claim,) = [c for c in briefing["sections"][0]["claims"] if c.get("independent_sources") == 2]
    point = claim["point"]
    assert point.startswith("According to ") and "Ana Ruiz" in point and "Tomas Vega" in point
    # "narrow" and "swiftly" are one source's details: the point is what both say.
    assert "narrow" not in point and "swiftly" not in point
    assert "reopen" in point and "border crossings" in point and "lorries" in point


@pytest.mark.live_endpoint
def test_a_detail_that_limits_what_it_modifies_is_never_left_out(tmp_path: Path) -> None:
    # "temporary" crossings are not the crossings: the member sentence is no point without
    # it, so the group needs the call (whose wrong answer leaves the quotations).
    files = {
        "a.txt": PERU_DETAILS["a.txt"].replace("narrow", "temporary"),
        "b.txt": PERU["b.txt"],  # "without delay": a detail the point cannot leave out
    }
    _, asked, briefing = _generate(tmp_path, files, "Peru wants Ecuador to close its ports.")
    assert len(asked) == 1
    (claim,) = [c for c in briefing["sections"][0]["claims"] if c.get("independent_sources") == 2]
    assert "point" not in claim


# --- the openings a member's sentence offers as a point (invented sentences) ----------------


def test_clause_heads_cut_at_relative_participle_and_reporting_tails() -> None:
    heads = clause_heads(
        "Oslo wants Stockholm to share the rail tunnel costs, which rose sharply last year,"
        " leaving both budgets short, two ministers said."
    )
    assert heads == [
        "Oslo wants Stockholm to share the rail tunnel costs, which rose sharply last year,"
        " leaving both budgets short, two ministers said.",
        "Oslo wants Stockholm to share the rail tunnel costs, which rose sharply last year,"
        " leaving both budgets short.",
        "Oslo wants Stockholm to share the rail tunnel costs, which rose sharply last year.",
        "Oslo wants Stockholm to share the rail tunnel costs.",
    ]


def test_clause_heads_cut_before_a_second_infinitive_and_at_a_dash() -> None:
    assert clause_heads(
        "Chile wants Bolivia to stop diverting the river and to pay for the dam — a demand it"
        " has made for years."
    )[1:] == [
        "Chile wants Bolivia to stop diverting the river and to pay for the dam.",
        "Chile wants Bolivia to stop diverting the river.",
    ]


def test_clause_heads_never_cut_inside_a_list() -> None:
    heads = clause_heads(
        "Dairy groups want Canada to admit cheese, butter, yoghurt and cream from Vermont,"
        " Maine and Ohio under the same rules as its own, in particular on hormones."
    )
    assert heads[1:] == [
        "Dairy groups want Canada to admit cheese, butter, yoghurt and cream from Vermont,"
        " Maine and Ohio under the same rules as its own."
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Asked whether this meant the union had dropped its wage demand, a spokesman, Ivo"
        " Marić, said the union still wanted the raise.",
        "Although the talks stalled in March, a negotiator said, Zagreb still wants the deal.",
        "Speaking to reporters in Split, the minister said the port would reopen.",
    ],
)
def test_clause_heads_never_offer_an_opening_that_leans_on_its_main_clause(
    sentence: str,
) -> None:
    heads = clause_heads(sentence)
    # The whole sentence only: what comes before its first comma is not a sentence.
    assert heads == [sentence]


def test_clause_heads_still_cut_a_sentence_that_opens_with_a_name_in_ed() -> None:
    # "United" ends in -ed but opens a name, not a participle.
    heads = clause_heads("United Steel wants Norway to cut its tariffs, which rose last year.")
    assert heads[1:] == ["United Steel wants Norway to cut its tariffs."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Kenya will lift the export ban, but only if Uganda cuts its tariffs.",
        "Kenya will lift the export ban, officials said, unless Uganda raises its tariffs.",
        "Kenya wants the duties lifted before it signs the new quota deal, an aide said.",
    ],
)
def test_clause_heads_never_drop_a_condition_or_limit(sentence: str) -> None:
    for head in clause_heads(sentence):
        # Every opening still holds the condition, or is the whole sentence.
        assert any(w in head for w in ("only if", "unless", "before it signs")), head


@pytest.mark.parametrize(
    ("sentence", "own"),
    [
        ("Lisbon wants Madrid to share the grid upgrade.", True),
        ("Lisbon wants our grid upgraded first.", False),
        ("We want Madrid to share the grid upgrade.", False),
        ("Lisbon wants Madrid to “share the burden”.", False),
        ("You cannot ask Lisbon to pay for it alone.", False),
        ("Reuters: Lisbon wants Madrid to share the grid upgrade.", False),
    ],
)
def test_own_voice_refuses_quoted_and_first_or_second_person_words(
    sentence: str, own: bool
) -> None:
    assert own_voice(sentence) is own


# --- a member's sentence without the details another member lacks (invented sentences) -------


@pytest.mark.parametrize(
    ("sentence", "lacking", "expected"),
    [
        # An adjective between a determiner or possessive and its noun.
        (
            "Oslo wants Stockholm to share the annual tunnel costs.",
            "annual",
            "Oslo wants Stockholm to share the tunnel costs.",
        ),
        (
            "Hanoi wants Seoul's strict quotas raised.",
            "strict",
            "Hanoi wants Seoul's quotas raised.",
        ),
        (
            "Oslo wants Stockholm to share the long-term tunnel costs.",
            "long-term",
            "Oslo wants Stockholm to share the tunnel costs.",
        ),
        # A manner adverb after an auxiliary or before a participle.
        (
            "The minister has been quietly courting the unions.",
            "quietly",
            "The minister has been courting the unions.",
        ),
        ("Dublin firmly rejected the levy.", "firmly", "Dublin rejected the levy."),
        # The article agrees with the word now after it.
        (
            "Madrid wants a strict annual quota on imports.",
            "strict",
            "Madrid wants an annual quota on imports.",
        ),
        ("Madrid wants an unusual tariff quota.", "unusual", "Madrid wants a tariff quota."),
    ],
)
def test_pruned_leaves_out_a_detail_whose_sentence_then_says_less(
    sentence: str, lacking: str, expected: str
) -> None:
    assert pruned(sentence, content_stems_frozen(lacking)) == expected


@pytest.mark.parametrize(
    ("sentence", "lacking"),
    [
        # Words that change what the noun names, count or limit it: never dropped.
        ("Oslo wants Stockholm to fund the former rail tunnel.", "former"),
        ("Oslo wants Stockholm to fund the proposed tunnel costs.", "proposed"),
        ("Oslo wants Stockholm to open the temporary border posts.", "temporary"),
        ("The talks have barely moved the two sides.", "barely"),
        ("The ban was reportedly lifted for grain.", "reportedly"),
        # A noun (before another noun, or before a verb), the noun itself, a word with
        # punctuation on it, a name: never dropped.
        ("Oslo wants Stockholm to share the rail tunnel costs.", "rail"),
        ("Oslo wants the tunnel shared, an envoy said.", "envoy"),
        ("Oslo wants Stockholm to share the costs.", "costs"),
        ("Oslo wants Stockholm to share the tunnel, the costs and the risks.", "tunnel"),
        ("Oslo wants the Baltic states to share the costs.", "baltic"),
        # Nothing of the sentence is missing.
        ("Oslo wants Stockholm to share the costs.", "ferry"),
    ],
)
def test_pruned_keeps_what_changes_or_limits_the_point(sentence: str, lacking: str) -> None:
    assert pruned(sentence, content_stems_frozen(lacking)) == ""


def test_pruned_keeps_too_little_to_be_a_point_as_nothing() -> None:
    # Without "annual", one word besides the name and the verb of intent: no point.
    assert pruned("Oslo wants the annual costs.", content_stems_frozen("annual")) == ""


@pytest.mark.parametrize(
    ("head", "is_point"),
    [
        # A short clause that opens with a name and says two things of it states a point.
        ("Oslo wants a binding quota deal.", True),
        ("Oslo wants a binding agreement.", True),
        # A pronoun or a conjunction opens no point; one thing said is too little.
        ("Yet, it still fears Stockholm.", False),
        ("It wants a binding agreement.", False),
        ("Oslo wants talks.", False),
        # Not a sentence at all.
        ("What Oslo wants from Stockholm", False),
    ],
)
def test_a_short_clause_that_opens_with_a_name_can_state_a_point(head: str, is_point: bool) -> None:
    from briefing.compose.points import point_sentence

    assert point_sentence(head) is is_point


def test_an_aim_said_with_another_verb_of_intent_is_held_by_each_source() -> None:
    from briefing.core.models import CitationReport

    def report(doc: str, text: str) -> CitationReport:
        return CitationReport(status="exact", start=0, end=len(text), doc=doc, source_text=text)

    reports = [
        report("a.txt", "Oslo wants a binding quota deal, not more promises."),
        report("b.txt", "Oslo called on Stockholm on Friday to sign a binding quota deal."),
    ]
    # "called on" is the aim "wants" says: each source holds the point.
    assert thin_sources("Oslo wants a binding quota deal.", reports, 0.9) == []
    # A source with no word of intent does not hold the aim.
    facts = [reports[0], report("b.txt", "Oslo and Stockholm signed a binding quota deal.")]
    assert thin_sources("Oslo wants a binding quota deal.", facts, 0.9) == ["b.txt"]


@pytest.mark.parametrize(
    ("sentence", "back"),
    [
        ("The dockers want that cut to 15 per cent.", True),
        ("The union backs that plan.", True),
        ("These demands stand.", True),
        ("Such a fund would help.", True),
        # "that" as a conjunction, and a sentence that names what it is about.
        ("The union demands that ministers resign.", False),
        ("Officials said that farmers want relief.", False),
        ("Egypt wants a binding agreement.", False),
    ],
)
def test_a_point_that_points_back_to_what_the_reader_has_not_seen_is_none(
    sentence: str, back: bool
) -> None:
    assert points_back(sentence) is back
