"""briefing generate, end to end, replaying a cassette recorded from the embedded llama.cpp server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.compose import Judgment
from briefing.core.models import Citation, Claim, Sentence
from briefing.generation import carry, plan, strategies
from briefing.generation import claims as run_claims
from briefing.generation import generate as gen
from briefing.verification import SourceCache
from tests.conftest import EMBEDDED_MODEL, SEEDS, model_cmd

runner = CliRunner()


def generate_args(model_url: str, out: Path, *extra: str) -> list[str]:
    """The command line of the recorded run (map-reduce, one call at a time so the order is fixed)."""
    return [
        *model_cmd("generate", model_url, out),
        "--concurrency",
        "1",
        *extra,
    ]


def only_run(out: Path) -> Path:
    """The single run directory under out/."""
    runs = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(runs) == 1, runs
    return runs[0]


@pytest.mark.vcr
@pytest.mark.records_cassette
def test_generate_writes_a_verified_briefing(model_url: str, tmp_path: Path, vcr) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "outputs"
    result = runner.invoke(app, generate_args(model_url, out, "--json"))
    assert result.exit_code == 0, result.output
    briefing = json.loads(result.stdout)
    run = only_run(out)
    assert sorted(p.name for p in run.iterdir()) == [
        "briefing.html",
        "briefing.json",
        "briefing.md",
        "manifest.json",
        "verification.json",
    ]
    assert json.loads((run / "briefing.json").read_text()) == briefing

    # The contract: every published citation is exact against the raw file.
    claims = [c for s in briefing["sections"] for c in s["claims"]]
    for claim in claims:
        assert claim["citations"], claim
        for c in claim["citations"]:
            text = (SEEDS / c["doc"]).read_bytes().decode("utf-8")
            assert text[c["start"] : c["end"]] == c["quote"]
    # The bar for the embedded model: >= 5 judgments from >= 4 sources. Since the
    # meaning checks (issue 13), the recorded reply's judgments that misstate their source
    # are not published (read one by one: a Ukrainian president called Russian, a 'Russia-US
    # relationship' the source never mentions, two propositions the source only reports as
    # someone's claim stated as fact). The model still writes >= 5 cited judgments from >= 4
    # sources; >= 4 of them survive verification.
    meaning_rejected = [
        u["claim"]
        for u in briefing["unverified"]
        if u["report"].get("check") and u["report"]["message"]
    ]
    written = claims + meaning_rejected
    assert len(written) >= 5
    assert len({c["doc"] for cl in written for c in cl["citations"]}) >= 4
    assert len(claims) >= 4
    assert briefing["schema_version"] == 1 and briefing["model"] == EMBEDDED_MODEL

    manifest = json.loads((run / "manifest.json").read_text())
    assert {d["doc"] for d in manifest["inputs"]} == {p.name for p in SEEDS.iterdir()}
    assert set(manifest["templates"]) >= {"map.user.j2", "map.system.j2"}
    assert manifest["usage"]["calls"] >= 1 and manifest["usage"]["prompt_tokens"] > 0
    assert manifest["strategy"] == "map-reduce"
    stages = manifest["timings_s"]
    assert {"ingest", "retrieve_and_prompt", "model", "verify", "render", "total"} <= set(stages)
    assert stages["total"] >= stages["model"] >= 0

    md = (run / "briefing.md").read_text()
    assert "## Key judgments" in md and "[^1]:" in md

    verify = runner.invoke(app, ["verify", str(run / "briefing.json"), "--corpus", str(SEEDS)])
    assert verify.exit_code == 0, verify.output


def replayed_claims(model_url: str, tmp_path: Path) -> list[dict]:  # type: ignore[type-arg]
    """The published judgments of the recorded seeds run (replayed from its cassette)."""
    result = runner.invoke(app, generate_args(model_url, tmp_path / "out", "--json"))
    assert result.exit_code == 0, result.output
    return [c for s in json.loads(result.stdout)["sections"] for c in s["claims"]]


@pytest.mark.vcr("test_generate_writes_a_verified_briefing.yaml")
def test_the_seeds_deal_on_russias_terms_is_one_judgment_and_a_told_forecast_is_not_anyones(  # type: ignore[no-untyped-def]
    model_url: str, tmp_path: Path, vcr
) -> None:
    claims = replayed_claims(model_url, tmp_path)

    def citing(words: str) -> list[dict]:  # type: ignore[type-arg]
        return [c for c in claims if any(words in x["quote"] for x in c["citations"])]

    # "on Russian conditions" and "terms favorable to Russia" share no uncommon word: they are
    # one point through whose terms they are (briefing/verification/stakes.py), in three sources.
    (deal,) = citing("on Russian conditions")
    assert citing("push for terms favorable to Russia") == [deal]
    assert deal["independent_sources"] >= 3 and deal["agreement"]
    # "Trump won't go anywhere…" is what Putin's circle tells him: never quoted without the
    # sentence that says so.
    for claim in citing("go anywhere"):
        assert any("reassures him" in x["quote"] for x in claim["citations"]), claim
    # Kirichenko's summit is quoted with the sentence that continues it, not without.
    (summit,) = citing("craves a direct summit")
    assert citing("Such talks would end his isolation") == [summit]
    # "peace under Trump's terms" is the other side's: never merged with Russia's terms.
    assert not [c for c in citing("under Trump’s terms") if c in citing("favorable to Russia")]


@pytest.mark.vcr("test_generate_writes_a_verified_briefing.yaml")
def test_the_seeds_briefing_has_three_judgments_that_several_sources_support(  # type: ignore[no-untyped-def]
    model_url: str, tmp_path: Path, vcr
) -> None:
    # The bar: >= 7 judgments, >= 3 of them supported by two or more independent
    # sources, each worded by its count and citing every source it counts.
    claims = replayed_claims(model_url, tmp_path)
    assert len(claims) >= 7
    merged = [c for c in claims if c["independent_sources"] >= 2]
    assert len(merged) >= 3, [c["text"] for c in claims]
    for claim in merged:
        assert claim["agreement"]
        assert len({x["doc"] for x in claim["citations"]}) >= claim["independent_sources"]
    # Ordered by support: no single-source judgment before a merged one.
    support = [c["independent_sources"] for c in claims]
    assert support == sorted(support, reverse=True)
    # Galeotti's "flattery" and Kirichenko's "carefully flattering Trump" (which opens "To this
    # end," and so comes with the sentence it answers) are one point from two sources.
    (flattery,) = [
        c for c in claims if any("carefully flattering" in x["quote"] for x in c["citations"])
    ]
    assert any("flattery" in x["quote"] for x in flattery["citations"])
    assert any("What Putin desires most" in x["quote"] for x in flattery["citations"])
    assert flattery["independent_sources"] >= 2


def test_map_reduce_chooses_its_calls_from_a_wider_pool_than_it_spends(tmp_path: Path) -> None:
    # Triage scores sentences by code, so map-reduce reads twice per_doc passages of each
    # document and still spends at most per_doc calls on one; the single prompt shows all it
    # retrieves, so it retrieves per_doc.
    from collections import Counter

    from briefing import store
    from briefing.core.config import load_settings
    from briefing.corpus import sync

    plans = {}
    for strategy in ("map-reduce", "single"):
        home = tmp_path / strategy
        settings, _ = load_settings(
            {"corpus": SEEDS, "home": home, "per_doc": 2, "strategy": strategy},
            env={},
            cwd=tmp_path,
        )
        st = store.Store.open(home / "briefing.db", SEEDS)
        sync.sync_corpus(st, settings.passage_tokens)
        plans[strategy] = gen.plan_run(st, settings)
    wide, narrow = plans["map-reduce"], plans["single"]
    assert {s.id for s in narrow.evidence} < {s.id for s in wide.evidence}
    calls = Counter(s.doc for c in wide.calls for s in c.sources)
    assert calls and max(calls.values()) <= 2


@pytest.mark.vcr("test_generate_writes_a_verified_briefing.yaml")
def test_second_run_is_served_from_the_cache(model_url: str, tmp_path: Path, vcr) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "outputs"
    first = runner.invoke(app, generate_args(model_url, out, "--json"))
    assert first.exit_code == 0, first.output
    plays = vcr.play_count
    assert plays > 0
    second = runner.invoke(app, generate_args(model_url, out, "--json"))
    assert second.exit_code == 0, second.output
    assert vcr.play_count == plays, "the second run called the model despite the cache"
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    a.pop("generated_at"), b.pop("generated_at")
    assert a == b


@pytest.mark.vcr("test_generate_writes_a_verified_briefing.yaml")
def test_edited_prompt_is_not_replayed(model_url: str, tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    for p in (Path(__file__).parent.parent / "briefing" / "prompts").glob("*.j2"):
        (prompts / p.name).write_text(p.read_text())
    (prompts / "map.system.j2").write_text("You are a different analyst. Reply in JSON.")
    result = runner.invoke(
        app,
        generate_args(model_url, tmp_path / "out", "--no-cache"),
        env={"BRIEFING_PROMPTS": str(prompts)},
    )
    # The cassette has no answer for an edited prompt: the run fails, nothing is published.
    assert result.exit_code != 0
    assert not (tmp_path / "out").exists() or not any(
        p for p in (tmp_path / "out").iterdir() if p.name != "failed"
    )


def test_dry_run_calls_no_model(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "--corpus", str(SEEDS), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["calls"] >= 1 and plan["prompt_tokens"] > 100
    assert plan["estimated_cost_usd"] == 0.0
    assert len(plan["sources"]) >= 4
    user = plan["prompts"][0][1]["content"]
    assert "[S1]" in user and "<evidence-" in user


def test_no_evidence_is_exit_1_without_a_model_call(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["generate", "--corpus", str(SEEDS), "--topic", "zyzzyva quokka marmalade"]
    )
    assert result.exit_code == 1
    assert "no passage" in result.output
    assert not Path("outputs").exists() or not any(Path("outputs").iterdir())


@pytest.mark.slow
def test_generate_for_real_with_the_embedded_model(tmp_path: Path) -> None:
    """The README's main job, unrecorded: start llama.cpp, generate, verify."""
    out = tmp_path / "outputs"
    result = runner.invoke(app, ["generate", "--corpus", str(SEEDS), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    briefing = json.loads(result.stdout)
    claims = [c for s in briefing["sections"] for c in s["claims"]]
    assert claims
    run = only_run(out)
    verify = runner.invoke(app, ["verify", str(run / "briefing.json"), "--corpus", str(SEEDS)])
    assert verify.exit_code == 0, verify.output


# --- the stages between model and verifier ------------------------------------


def sent(doc: str, start: int, text: str = "Some sentence.") -> Sentence:
    return Sentence(id=f"s-{doc}-{start}", doc=doc, start=start, end=start + len(text), text=text)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Putin wants a summit.", "Putin wants a summit."),
        (
            "Moscow seeks relief from sanctions on its banks. The talks began in a hotel near",
            "Moscow seeks relief from sanctions on its banks.",
        ),
        ("The shift in ideology following", "The shift in ideology following…"),
        ("He wants talks.\n<evidence-abc>\nSOURCE A: x", "He wants talks."),
        ("He wants talks. [S2] The next", "He wants talks."),
        ("  spaced\n  out  text.  ", "spaced out text."),
        # The prompt's sentence label echoed at the start is scaffolding, not a word of it.
        ("S1: Lima wants a deal on the debt.", "Lima wants a deal on the debt."),
        ("S3 Ruiz: We want a deal before April.", "Ruiz: We want a deal before April."),
        ("S1.", ""),
        ("Seoul wants talks on the levy.", "Seoul wants talks on the levy."),
    ],
)
def test_clean_summary(raw: str, clean: str) -> None:
    assert strategies.clean_summary(raw) == clean


def test_map_answer_is_one_bounded_summary_and_nothing_else() -> None:
    model = strategies.map_answer()
    schema = model.model_json_schema()
    assert set(schema["properties"]) == {"summary"} and schema["additionalProperties"] is False
    ok = model.model_validate({"summary": "A long enough summary."})
    assert ok.summary == "A long enough summary."  # type: ignore[attr-defined]
    for bad in (
        {"summary": "short"},
        {"summary": "x" * 181},
        {"summary": "A long enough summary.", "sentence_ids": ["S1"]},
        {},
    ):
        with pytest.raises(ValueError):
            model.model_validate(bad)


def test_resolve_takes_offsets_from_the_store_not_the_model() -> None:
    text = (SEEDS / "002_cbd8029a80ab4a9f.txt").read_bytes().decode("utf-8")
    quote = "Putin has little choice but to appease Trump."
    s = sent("002_cbd8029a80ab4a9f.txt", text.find(quote), quote)
    judgment = Judgment(
        text="He must appease Trump.", sentences=[s], form="paraphrase", sources=1, relevance=5
    )
    (claim,) = run_claims.resolve([judgment])
    (c,) = claim.citations
    assert text[c.start : c.end] == c.quote == quote
    assert claim.id == "K1"
    assert claim.form == "paraphrase" and claim.independent_sources == 1


@pytest.mark.vcr
@pytest.mark.records_cassette
def test_single_strategy_publishes_only_verified_claims(model_url: str, tmp_path: Path) -> None:
    """One prompt for capable endpoints; recorded from the 135M model, whose claims are weak."""
    out = tmp_path / "outputs"
    args = generate_args(model_url, out, "--json")
    args[args.index("map-reduce")] = "single"
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    run = only_run(out)
    briefing = json.loads((run / "briefing.json").read_text())
    report = json.loads((run / "verification.json").read_text())
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["strategy"] == "single" and manifest["usage"]["calls"] >= 1
    ok_ids = {c["id"] for c in report["claims"] if c["ok"]}
    published = [c for s in briefing["sections"] for c in s["claims"]]
    assert {c["id"] for c in published} <= ok_ids
    assert {u["claim"]["id"] for u in briefing["unverified"]}.isdisjoint(ok_ids)
    # Unverified also lists model sentences compose did not publish as prose (ids M1...):
    # their findings were quoted instead, so they are not claims of the report.
    rejected_claims = [u for u in briefing["unverified"] if not u["claim"]["id"].startswith("M")]
    assert len(published) + len(rejected_claims) == len(report["claims"])
    for claim in published:
        for c in claim["citations"]:
            text = (SEEDS / c["doc"]).read_bytes().decode("utf-8")
            assert text[c["start"] : c["end"]] == c["quote"]


def test_a_carried_judgments_agreement_is_worded_against_todays_sources() -> None:
    cite = Citation(doc="a.txt", start=0, end=4, quote="text")
    two = Claim(
        id="C1",
        text="x",
        citations=[cite],
        independent_sources=2,
        agreement="Two of seven sources make the same point",
    )
    assert gen.recount(two, 8).agreement == "Two of eight sources make the same point"
    # Nothing to recount: one source, no agreement, or a count that cannot be right.
    one = two.model_copy(update={"independent_sources": 1, "agreement": None})
    assert gen.recount(one, 8) == one
    assert gen.recount(two, 1) == two


def test_a_passage_gets_the_next_sentence_when_that_one_continues_it() -> None:
    def s(n: int, text: str) -> Sentence:
        return Sentence(id=f"s{n}", doc="a.txt", start=n * 100, end=n * 100 + len(text), text=text)

    one = [s(1, "Putin wants a summit with the U.S. that excludes Ukraine.")]
    two = [s(3, "Trump met Putin in Alaska in August.")]
    after = {
        "s1": s(2, "Such talks would end his isolation."),
        "s3": s(4, "The two leaders spoke for three hours."),
    }

    class Following:
        def following(self, ids: list[str]) -> dict[str, Sentence]:
            return {i: after[i] for i in ids if i in after}

    out = plan._with_continuations(Following(), {"p1": one, "p2": two})  # type: ignore[arg-type]
    # "Such talks…" refers back and comes along; a sentence that stands alone does not.
    assert [x.id for x in out["p1"]] == ["s1", "s2"]
    assert [x.id for x in out["p2"]] == ["s3"]


def test_only_carried_judgments_that_still_verify_and_cite_no_new_file_may_be_joined(
    tmp_path: Path,
) -> None:
    (tmp_path / "old.txt").write_text("Beijing wants the tariffs scrapped. It said so twice.\n")
    (tmp_path / "new.txt").write_text("China repeated its call to scrap the tariffs.\n")

    def claim(cid: str, doc: str, quote: str) -> Claim:
        text = (tmp_path / doc).read_text()
        start = max(text.find(quote), 0)
        cite = Citation(doc=doc, start=start, end=start + len(quote), quote=quote)
        return Claim(id=cid, text=quote, citations=[cite])

    still = claim("C1", "old.txt", "Beijing wants the tariffs scrapped.")
    edited = claim("C2", "old.txt", "Beijing wants the tariffs scrapped.").model_copy(
        update={
            "citations": [
                Citation(doc="old.txt", start=0, end=35, quote="Beijing wants the tariffs cut now.")
            ]
        }
    )
    in_new = claim("C3", "new.txt", "China repeated its call to scrap the tariffs.")
    gone = Claim(id="C4", text="x", citations=[Citation(doc="gone.txt", start=0, end=1, quote="x")])
    joinable = carry._joinable([still, edited, in_new, gone], {"new.txt"}, SourceCache(tmp_path))
    assert [c.id for c in joinable] == ["C1"]


def test_a_list_the_article_introduces_as_someones_words_is_theirs() -> None:
    # Invented: an outlet reproduces a government's paper as a numbered list.
    text = (
        "The Ledger\n\nThe ministry published its paper on Monday.\n\n"
        "Valdoria's demands to the alliance, reproduced verbatim:\n"
        "1. The alliance should lift its limits on grain exports.\n"
        "2. The alliance should reopen the northern crossings.\n\n"
        "Officials in the capital said the list was final.\n"
    )
    item = text.index("The alliance should reopen")
    assert run_claims._list_owner(text, item) == "Valdoria"
    # The writer's own sentence after the list is not the list's.
    assert run_claims._list_owner(text, text.index("Officials in")) == ""
    # A list whose lead names no one's words is the writer's.
    plain = "What analysts expect:\n- Prices will rise in the spring.\n"
    assert run_claims._list_owner(plain, plain.index("Prices")) == ""


_ITEMS = "\n\n1. Keep the milk quota for five more years.\n\n2. Pay farms that cut their herds.\n"


@pytest.mark.parametrize(
    ("above", "owner"),
    [
        # The lead names no one; the paragraph before says who issued the list.
        (
            "The North-Vale Dairy Council, which speaks for 4,000 farms, on Monday sent a list of"
            " six demands to the ministry. Talks resume next week.\n\n"
            "The full list, reproduced verbatim:",
            "North-Vale Dairy Council",
        ),
        # The lead as the last sentence of a longer line, the owner behind a dateline above it.
        (
            "HARBOURTON - The North-Vale Dairy Council on Monday published the demands it will put"
            " to the ministry.\n\nThe council, which says it speaks for 4,000 farms, called the"
            ' list "the minimum". The full list, reproduced verbatim:',
            "North-Vale Dairy Council",
        ),
        # A body of a named one, in lower case, is the owner as written.
        (
            "RIVERTON - The budget and audit committee of the Northern Assembly on Monday adopted"
            " a resolution setting out what it expects of the ministry.\n\n"
            'Its chair called it "a to-do list". The full list, reproduced verbatim:',
            "the budget and audit committee of the Northern Assembly",
        ),
        # A plural possessive inside the name keeps its apostrophe as written.
        (
            "The Northern Dock Workers' Union on Monday published a list of five demands.\n\n"
            "The full list, reproduced verbatim:",
            "Northern Dock Workers' Union",
        ),
        # A possessive name owns the body that issued the list: the body is the owner.
        (
            "Valdoria's farm ministry on Monday published five conditions for the talks. The"
            ' paper was approved on June 3.\n\nThe minister called them "the terms". The full'
            " list, reproduced verbatim:",
            "Valdoria's farm ministry",
        ),
        # A paragraph whose sentences open with no name gives no owner: the list stays the
        # writer's.
        (
            "Farmers on Monday sent a list of six demands to the ministry. Talks resume next"
            " week.\n\nThe full list, reproduced verbatim:",
            "",
        ),
    ],
)
def test_a_lead_that_refers_back_takes_the_owner_from_the_paragraph_before(
    above: str, owner: str
) -> None:
    text = f"The Ledger\n\n{above}{_ITEMS}"
    assert run_claims._list_owner(text, text.index("Pay farms")) == owner


@pytest.mark.parametrize(
    ("lead", "owner"),
    [
        ("Valdoria's demands to the alliance, reproduced verbatim:", "Valdoria"),
        ("The statement issued by the Northern Grain Council reads:", "Northern Grain Council"),
        ("The paper from Ostrava lists four points:", "Ostrava"),
        ("Here is what analysts expect:", ""),
        ("Valdoria lays out its demands to the alliance", ""),  # a headline, not a lead
    ],
)
def test_whose_words_a_lead_line_introduces(lead: str, owner: str) -> None:
    from briefing.verification.voices import block_voice

    assert block_voice(lead) == owner


def test_a_summary_that_only_copies_the_sources_header_is_no_summary() -> None:
    assert strategies._echoes(
        "The Harcourt Review, Serwaa Boateng, 2024-03-07…",
        "The Harcourt Review, Serwaa Boateng, 2024-03-07",
    )
    assert strategies._echoes(
        "The Harcourt Review,", "The Harcourt Review, Serwaa Boateng, 2024-03-07"
    )
    assert not strategies._echoes(
        "The Harcourt Review says Ghana wants a deal.",
        "The Harcourt Review, Serwaa Boateng, 2024-03-07",
    )


def test_a_quotation_that_goes_on_is_its_speakers() -> None:
    # Invented: the wire quotes the minister in two sentences; only the first names her.
    from briefing.verification.voices import continued_quote

    before = (
        'Residents met the minister on Tuesday. "Nobody will be left behind," Ana Lind told them. '
    )
    goes_on = '"The ministry speaks for every citizen, and this town comes first."'
    assert continued_quote(before, goes_on) == "Ana Lind"
    assert continued_quote('"We will not sign," said Ana Lind. ', goes_on) == "Ana Lind"
    # A sentence that names its own speaker, or follows no quotation, is not continued.
    assert continued_quote(before, '"The town comes first," the mayor said.') == ""
    assert continued_quote("The minister spoke on Tuesday. ", goes_on) == ""
    # Nor a sentence that is not a quotation.
    assert continued_quote(before, "The town comes first.") == ""


def test_an_answer_under_a_letter_label_is_the_interviewees() -> None:
    # Invented Q&A interview: "A:" names no one; the opening paragraph introduces who answers.
    from briefing.core.models import Document, Span
    from briefing.generation.claims import _answerer

    text = (
        "Harbour Review\nThe port chief on fees\nBy Lee Park\nMarch 3, 2025\n\n"
        "Ana Lind is chief executive of the Coastal Port Company, which runs three terminals.\n\n"
        "Q: Will fees rise?\n\nA: Only if the state cuts our grant.\n"
    )
    first = text.index("Ana Lind")
    doc = Document(
        doc="interview.txt",
        sha256="0" * 64,
        size=len(text),
        body=[Span(start=first, end=text.index("\n", first))],
    )
    assert _answerer("A", text, doc) == "Ana Lind"
    assert _answerer("Lind", text, doc) == "Lind"  # a name is its own answer
    opening = text.index("Q: Will")
    bare = doc.model_copy(update={"body": [Span(start=opening, end=opening + 17)]})
    assert _answerer("A", text, bare) == ""  # no one introduced: "quoting A" names no one
