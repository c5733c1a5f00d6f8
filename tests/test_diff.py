"""`briefing diff`: claim-level comparison of two runs, its formats, run lookup and exit codes."""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefing import store
from briefing.cli import app
from briefing.core.errors import CorpusError
from briefing.core.models import (
    Briefing,
    Citation,
    Claim,
    ClaimReport,
    CorpusDoc,
    CorpusInfo,
    Section,
    UnverifiedClaim,
)
from briefing.outputs.diff import BriefingDiff, diff_briefings
from briefing.outputs.diff_review import diff_html, format_diff, unified_markdown
from briefing.outputs.run_refs import resolve_run

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DOC_WHAT = "002_cbd8029a80ab4a9f.txt"  # "What Putin wants from Trump"
DOC_PEACE = "004_a03813502d365a1c.txt"
DOC_ILLUSION = "001_8d5cd8e739546e10.txt"

STATURE = (
    "What Putin desires most is for Trump to help him reassert his stature on the global stage."
)
APPEASE = "Putin has little choice but to appease Trump."
WATCH = "Trump has long claimed that the war would have never started under his watch."
SANCTIONS = (
    "Putin is treading carefully to avoid provoking Trump, who has hinted at the possibility"
    " of increased sanctions against Russia."
)
SQUEEZE = (
    "The Kremlin wants Trump to squeeze Kyiv to peace on Russian conditions"
    ' by alleged "peace talks".'
)
LIVE = (
    "Putin wants to live as long as possible and die in the presidential chair of natural causes."
)

DIFF_KEYS = {
    "old",
    "new",
    "added",
    "removed",
    "reworded",
    "unchanged",
    "citations_changed",
    "status_changes",
    "sources_new",
    "sources_removed",
    "sources_changed",
    "identical",
}


def text_of(doc: str) -> str:
    """A seed file's text as the verifier decodes it."""
    return (SEEDS / doc).read_text(encoding="utf-8")


def sha(doc: str) -> str:
    """A seed file's sha256."""
    return hashlib.sha256((SEEDS / doc).read_bytes()).hexdigest()


def cite(doc: str, quote: str) -> Citation:
    """An exact citation of `quote`, with offsets taken from the seed file."""
    start = text_of(doc).index(quote)
    assert text_of(doc)[start : start + len(quote)] == quote
    return Citation(doc=doc, start=start, end=start + len(quote), quote=quote)


def claim(cid: str, text: str, *citations: Citation) -> Claim:
    """A claim with these citations."""
    return Claim(id=cid, text=text, citations=list(citations))


def corpus_doc(doc: str) -> CorpusDoc:
    """A corpus entry for a seed file."""
    return CorpusDoc(doc=doc, sha256=sha(doc), title=text_of(doc).strip().splitlines()[0])


def make_briefing(
    claims: list[Claim],
    docs: tuple[str, ...] = (DOC_WHAT, DOC_PEACE),
    unverified: list[UnverifiedClaim] | None = None,
    generated_at: str = "2026-11-20T07:00:00Z",
) -> Briefing:
    """A briefing with one "Key judgments" section."""
    return Briefing(
        topic="What does the Kremlin want from Trump?",
        generated_at=generated_at,
        model="smollm2-135m-instruct",
        corpus=CorpusInfo(root=str(SEEDS), documents=[corpus_doc(d) for d in docs]),
        sections=[Section(heading="Key judgments", claims=claims)],
        unverified=unverified or [],
    )


def base_claims() -> list[Claim]:
    """Three verified claims, each a faithful paraphrase of its cited seed sentence."""
    return [
        claim(
            "K1",
            "Putin most wants Trump to help him reassert his stature on the global stage.",
            cite(DOC_WHAT, STATURE),
        ),
        claim("K2", "Putin has little choice but to appease Trump.", cite(DOC_WHAT, APPEASE)),
        claim(
            "K3",
            "The Kremlin wants Trump to squeeze Kyiv into peace on Russian conditions.",
            cite(DOC_PEACE, SQUEEZE),
        ),
    ]


def unverified_entry(c: Claim, status: str = "unsupported") -> UnverifiedClaim:
    """An `unverified` list entry for a claim."""
    return UnverifiedClaim(
        claim=c,
        report=ClaimReport.model_validate({"id": c.id, "ok": False, "status": status}),
    )


@pytest.fixture
def old() -> Briefing:
    """The earlier run."""
    return make_briefing(base_claims())


# --- diff_briefings -----------------------------------------------------------------


def test_identical(old: Briefing) -> None:
    new = make_briefing(base_claims(), generated_at="2026-11-21T07:00:00Z")
    d = diff_briefings(old, new)
    assert d.identical
    assert d.unchanged == 3
    assert not (d.added or d.removed or d.reworded or d.citations_changed or d.status_changes)
    assert d.model_dump(mode="json")["identical"] is True


def test_whitespace_only_change_is_the_same_claim(old: Briefing) -> None:
    claims = base_claims()
    claims[1] = claim(
        "X9", "  Putin has little\nchoice  but to appease Trump. ", *claims[1].citations
    )
    d = diff_briefings(old, make_briefing(claims))
    assert d.identical and d.unchanged == 3


def test_added_claim_and_new_source(old: Briefing) -> None:
    claims = [*base_claims(), claim("K4", LIVE, cite(DOC_ILLUSION, LIVE))]
    new = make_briefing(claims, docs=(DOC_WHAT, DOC_PEACE, DOC_ILLUSION))
    d = diff_briefings(old, new)
    assert [c.text for c in d.added] == [LIVE]
    assert [s.doc for s in d.sources_new] == [DOC_ILLUSION]
    assert not (d.removed or d.reworded or d.sources_removed or d.sources_changed)
    assert d.unchanged == 3
    assert not d.identical


def test_removed_claim(old: Briefing) -> None:
    claims = base_claims()
    del claims[1]
    d = diff_briefings(old, make_briefing(claims))
    assert [c.id for c in d.removed] == ["K2"]
    assert not (d.added or d.reworded)
    assert d.unchanged == 2


def test_reworded_claim_same_citation(old: Briefing) -> None:
    claims = base_claims()
    # Hardly a shared word: only the shared citation makes it the same claim.
    claims[0] = claim(
        "K1", "Above all the Russian leader craves prestige abroad.", cite(DOC_WHAT, STATURE)
    )
    d = diff_briefings(old, make_briefing(claims))
    assert len(d.reworded) == 1
    r = d.reworded[0]
    assert r.old.text.startswith("Putin most wants")
    assert r.new.text.startswith("Above all")
    assert 0 <= r.similarity < 0.5
    assert not d.added and not d.removed
    assert d.unchanged == 2 and not d.citations_changed


def test_reworded_by_similarity_without_shared_citation(old: Briefing) -> None:
    claims = base_claims()
    claims[1] = claim(
        "K2", "Putin has little choice but to appease Trump now.", cite(DOC_WHAT, SANCTIONS)
    )
    d = diff_briefings(old, make_briefing(claims))
    assert len(d.reworded) == 1 and d.reworded[0].similarity >= 0.5
    # The same claim, re-cited: the citation change is reported too.
    [change] = d.citations_changed
    assert [c.quote for c in change.citations_added] == [SANCTIONS]
    assert [c.quote for c in change.citations_lost] == [APPEASE]


def test_unrelated_claim_is_added_and_removed_not_reworded(old: Briefing) -> None:
    claims = base_claims()
    claims[1] = claim("K2", WATCH, cite(DOC_WHAT, WATCH))
    d = diff_briefings(old, make_briefing(claims))
    assert [c.text for c in d.added] == [WATCH]
    assert [c.text for c in d.removed] == [APPEASE]
    assert not d.reworded


def test_matching_is_one_to_one(old: Briefing) -> None:
    claims = base_claims()
    twin = claim("K4", "Putin has no choice but to appease Trump.", cite(DOC_WHAT, APPEASE))
    claims.insert(2, twin)
    d = diff_briefings(old, make_briefing(claims))
    assert d.unchanged == 3  # the exact text wins K2
    assert [c.id for c in d.added] == ["K4"]
    assert not d.reworded and not d.removed


def test_citation_added_to_matched_claim(old: Briefing) -> None:
    claims = base_claims()
    claims[1].citations.append(cite(DOC_WHAT, SANCTIONS))
    d = diff_briefings(old, make_briefing(claims))
    assert d.unchanged == 3
    [change] = d.citations_changed
    assert change.old_id == change.new_id == "K2"
    assert [(c.doc, c.quote) for c in change.citations_added] == [(DOC_WHAT, SANCTIONS)]
    assert change.citations_lost == []
    assert not d.identical


def test_claim_moved_to_unverified_is_a_status_change(old: Briefing) -> None:
    claims = base_claims()
    moved = claims.pop(1)
    d = diff_briefings(old, make_briefing(claims, unverified=[unverified_entry(moved)]))
    [change] = d.status_changes
    assert (change.old_status, change.new_status) == ("verified", "unverified")
    assert change.new.text == APPEASE and change.reason == "unsupported"
    # The reason briefing.md gives, not the bare status, when the report has one.
    entry = unverified_entry(moved)
    entry.report.message = "the claim says 2019, the cited text says 2021"
    [why] = diff_briefings(old, make_briefing(claims, unverified=[entry])).status_changes
    assert why.reason == "unsupported: the claim says 2019, the cited text says 2021"
    assert not d.removed and not d.added
    # and back again
    back = diff_briefings(make_briefing(claims, unverified=[unverified_entry(moved)]), old)
    assert [(s.old_status, s.new_status) for s in back.status_changes] == [
        ("unverified", "verified")
    ]
    assert not back.added


def test_unverified_entries_that_come_and_go() -> None:
    failing = claim("U1", "Trump recognizes Tiger Woods.", cite(DOC_WHAT, WATCH))
    old = make_briefing(base_claims())
    new = make_briefing(base_claims(), unverified=[unverified_entry(failing, "unsupported")])
    d = diff_briefings(old, new)
    assert [u.claim.id for u in d.unverified_added] == ["U1"]
    assert not d.added and not d.identical
    same = diff_briefings(new, new.model_copy(deep=True))
    assert same.identical


def test_sources_removed_and_changed(old: Briefing) -> None:
    new = make_briefing(base_claims(), docs=(DOC_WHAT,))
    new.corpus.documents[0].sha256 = "0" * 64
    d = diff_briefings(old, new)
    assert [s.doc for s in d.sources_removed] == [DOC_PEACE]
    [changed] = d.sources_changed
    assert changed.doc == DOC_WHAT and changed.new_sha256 == "0" * 64
    assert changed.old_sha256 == sha(DOC_WHAT)


def test_json_dump_is_stable_and_complete(old: Briefing) -> None:
    claims = [*base_claims(), claim("K4", LIVE, cite(DOC_ILLUSION, LIVE))]
    d = diff_briefings(old, make_briefing(claims, docs=(DOC_WHAT, DOC_PEACE, DOC_ILLUSION)))
    data = d.model_dump(mode="json")
    assert set(data) >= DIFF_KEYS
    assert data["added"][0]["citations"][0]["doc"] == DOC_ILLUSION
    assert BriefingDiff.model_fields.keys() >= DIFF_KEYS - {"identical"}


def test_format_diff_escapes_markup(old: Briefing) -> None:
    claims = [
        *base_claims(),
        claim("K4", "[bold]not markup[/bold] " + LIVE, cite(DOC_ILLUSION, LIVE)),
    ]
    lines = format_diff(diff_briefings(old, make_briefing(claims)))
    added = next(line for line in lines if "not markup" in line)
    assert added.startswith("[green]+ ")
    assert r"\[bold]not markup\[/bold]" in added
    assert "1 added" in lines[-1]


def test_unified_markdown() -> None:
    text = unified_markdown("a\nb\n", "a\nc\n", "OLD", "NEW")
    assert text.splitlines()[:2] == ["--- OLD", "+++ NEW"]
    assert "-b" in text.splitlines() and "+c" in text.splitlines()
    assert unified_markdown("same\n", "same\n", "OLD", "NEW") == ""


def test_diff_html_escapes(old: Briefing) -> None:
    claims = base_claims()
    claims[0] = claim("K1", "<script>alert(1)</script> " + claims[0].text, *claims[0].citations)
    html = diff_html(diff_briefings(old, make_briefing(claims)), old, make_briefing(claims))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "http://" not in html and "https://" not in html
    # The inline stylesheet is the one the Content-Security-Policy allows, by hash.
    css = re.search(r"<style>(.*?)</style>", html, re.S)
    assert css is not None
    digest = base64.b64encode(hashlib.sha256(css.group(1).encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in html_lib.unescape(html)
    assert "script-src" not in html and "default-src 'none'" in html_lib.unescape(html)


def test_resolve_run(tmp_path: Path) -> None:
    run = tmp_path / "outputs" / "20261121T070000Z-abcdef"
    run.mkdir(parents=True)
    (run / "briefing.json").write_text("{}", encoding="utf-8")
    assert resolve_run(str(run), None, tmp_path / "outputs") == run / "briefing.json"
    assert resolve_run(str(run / "briefing.json"), None, tmp_path) == run / "briefing.json"
    assert resolve_run(run.name, None, tmp_path / "outputs") == run / "briefing.json"
    with pytest.raises(CorpusError) as exc:
        resolve_run("nope", None, tmp_path / "outputs")
    message = str(exc.value)
    assert "\n" not in message
    assert "'nope'" in message and "briefing runs" in message
    assert str(tmp_path / "outputs" / "nope") in message


# --- the command line ----------------------------------------------------------------


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated state directory and working directory."""
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BRIEFING_OUT", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_run(folder: Path, b: Briefing, markdown: str | None = None) -> Path:
    """A run folder with a briefing.json (and optionally a briefing.md)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "briefing.json").write_text(b.model_dump_json(indent=2), encoding="utf-8")
    if markdown is not None:
        (folder / "briefing.md").write_text(markdown, encoding="utf-8")
    return folder / "briefing.json"


def run_cli(*args: str) -> Any:
    """Invoke `briefing` in-process."""
    return CliRunner().invoke(app, list(args))


def changed_pair(env: Path) -> tuple[Path, Path]:
    """OLD and NEW briefing.json files: NEW adds a claim (with `<b>` in it) and a source."""
    old_b = make_briefing(base_claims())
    added = claim(
        "K4", "Putin wants to <b>live</b> long and die in office.", cite(DOC_ILLUSION, LIVE)
    )
    new_b = make_briefing(
        [*base_claims(), added],
        docs=(DOC_WHAT, DOC_PEACE, DOC_ILLUSION),
        generated_at="2026-11-21T07:00:00Z",
    )
    return write_run(env / "a", old_b), write_run(env / "b", new_b)


def test_cli_identical_exits_0(env: Path) -> None:
    a = write_run(env / "a", make_briefing(base_claims()))
    b = write_run(env / "b", make_briefing(base_claims(), generated_at="2026-11-21T07:00:00Z"))
    result = run_cli("diff", str(a), str(b))
    assert result.exit_code == 0, result.output
    assert "no differences" in result.stdout
    result = run_cli("diff", str(env / "a"), str(env / "b"), "--json")  # run folders
    assert result.exit_code == 0
    assert json.loads(result.stdout)["identical"] is True


def test_cli_changes_exit_1_with_review(env: Path) -> None:
    a, b = changed_pair(env)
    result = run_cli("diff", str(a), str(b))
    assert result.exit_code == 1, result.output
    assert "+ Putin wants to <b>live</b> long" in result.stdout
    assert f"+ {DOC_ILLUSION}" in result.stdout
    assert "1 added" in result.stdout.splitlines()[-1]


def test_cli_json(env: Path) -> None:
    a, b = changed_pair(env)
    result = run_cli("diff", str(a), str(b), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) >= DIFF_KEYS
    assert data["identical"] is False
    assert [c["id"] for c in data["added"]] == ["K4"]
    assert [s["doc"] for s in data["sources_new"]] == [DOC_ILLUSION]
    assert data["old"]["generated_at"] == "2026-11-20T07:00:00Z"
    assert data["new"]["model"] == "smollm2-135m-instruct"
    assert result.stdout == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    same = run_cli("diff", str(a), str(b), "--format", "json")
    assert same.stdout == result.stdout


def test_cli_unified(env: Path) -> None:
    a, b = changed_pair(env)
    result = run_cli("diff", str(a), str(b), "--format", "unified")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"--- {a}" and lines[1] == f"+++ {b}"
    assert any(line.startswith("+") and "<b>live</b> long" in line for line in lines)
    assert not any(line.startswith("-") and "appease" in line for line in lines)


def test_cli_unified_uses_briefing_md_beside_both(env: Path) -> None:
    a = write_run(env / "a", make_briefing(base_claims()), markdown="# T\n\n1. one\n")
    b = write_run(env / "b", make_briefing(base_claims()), markdown="# T\n\n1. one\n2. two\n")
    result = run_cli("diff", str(a), str(b), "--format", "unified")
    assert "+2. two" in result.stdout.splitlines()
    assert result.exit_code == 0  # the claims are the same; the exit code follows the claims


def test_cli_html(env: Path) -> None:
    a, b = changed_pair(env)
    result = run_cli("diff", str(a), str(b), "--format", "html")
    assert result.exit_code == 1
    html = result.stdout
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "Putin wants to &lt;b&gt;live&lt;/b&gt; long" in html
    assert "<b>live</b>" not in html
    assert "Content-Security-Policy" in html and "<script" not in html


def test_cli_unknown_run_exits_2_naming_it(env: Path) -> None:
    a, _ = changed_pair(env)
    result = run_cli("diff", str(a), "20990101T000000Z-nosuch")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "20990101T000000Z-nosuch" in lines[0] and "briefing runs" in lines[0]
    assert "Traceback" not in result.output


def test_cli_bad_input_exits_2(env: Path) -> None:
    a, b = changed_pair(env)
    broken = env / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    for args in (
        ("diff", str(a), str(broken)),
        ("diff", str(a), str(b), "--format", "xml"),
        ("diff", str(a), str(b), "--json", "--format", "html"),
        ("diff", str(a)),
        ("diff", "--last", str(a), str(b)),
        ("diff", "--last"),  # no runs in the store
    ):
        result = run_cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
        assert "Traceback" not in result.output


def record(st: store.Store, run_id: str, created_at: str, out_dir: Path) -> None:
    """A runs-table row as `briefing generate` writes it."""
    st.record_run(
        {
            "id": run_id,
            "kind": "generate",
            "created_at": created_at,
            "status": "ok",
            "topic": "What does the Kremlin want from Trump?",
            "model": "smollm2-135m-instruct",
            "root": str(SEEDS),
            "out_dir": str(out_dir),
            "verified": 3,
            "dropped": 0,
            "cost": 0.0,
            "documents": {},
        },
    )


def test_cli_run_ids_and_last(env: Path) -> None:
    conn = store.Store.open(env / "home" / "briefing.db", SEEDS)
    runs = env / "elsewhere"
    first = make_briefing(base_claims())
    second = make_briefing(base_claims()[:2], generated_at="2026-11-21T07:00:00Z")
    third = make_briefing(
        [*base_claims(), claim("K4", LIVE, cite(DOC_ILLUSION, LIVE))],
        docs=(DOC_WHAT, DOC_PEACE, DOC_ILLUSION),
        generated_at="2026-11-22T07:00:00Z",
    )
    write_run(runs / "r1", first)
    write_run(runs / "r2", second)
    write_run(runs / "r3", third)
    # Inserted out of order: --last goes by created_at, not by insertion.
    record(conn, "run-3", "2026-11-22T07:00:00Z", runs / "r3")
    record(conn, "run-1", "2026-11-20T07:00:00Z", runs / "r1")
    record(conn, "run-2", "2026-11-21T07:00:00Z", runs / "r2")
    conn.close()

    result = run_cli("diff", "run-1", "run-2", "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert (data["old"]["id"], data["new"]["id"]) == ("run-1", "run-2")
    assert [c["id"] for c in data["removed"]] == ["K3"]

    result = run_cli("diff", "--last", "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert (data["old"]["id"], data["new"]["id"]) == ("run-2", "run-3")
    assert sorted(c["id"] for c in data["added"]) == ["K3", "K4"]
    assert [s["doc"] for s in data["sources_new"]] == [DOC_ILLUSION]

    # A run id that is a folder under the outputs directory, not in the store.
    write_run(env / "outputs" / "20261123T070000Z-aaaaaa", third)
    result = run_cli("diff", "run-3", "20261123T070000Z-aaaaaa")
    assert result.exit_code == 0, result.output

    missing = run_cli("diff", "run-3", "run-9")
    assert missing.exit_code == 2
    assert "run-9" in missing.stderr and "3 runs in the store" in missing.stderr


def test_diff_html_side_by_side_rows(old: Briefing) -> None:
    claims = base_claims()
    del claims[1]
    claims[0] = claim(
        "K1", "Putin wants Trump to restore his global stature.", *claims[0].citations
    )
    new = make_briefing(claims)
    html = diff_html(diff_briefings(old, new), old, new)
    rows = re.findall(r'<tr class="([a-z-]+)">', html)
    assert rows == ["reworded", "removed", "unchanged"]  # the removed claim stays in its place
    assert "<del>" in html and "<ins>" in html
