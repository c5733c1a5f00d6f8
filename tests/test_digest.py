"""Scheduled digests: only what is new, no model call when nothing is, one digest at a time."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.core.config import load_settings
from briefing.core.errors import LockedError
from briefing.corpus import sync
from briefing.generation import digest
from briefing.outputs import render
from tests.conftest import model_cmd

runner = CliRunner()

NEW_ARTICLE = """World Desk Daily
ANALYSIS

Kremlin seeks sanctions relief and a summit before any ceasefire

12 March, 2025 Wednesday
09:15

By Anna Kowalska

Moscow wants Washington to lift sanctions on Russian banks before it agrees to any ceasefire in Ukraine, according to diplomats familiar with the talks.
Russian negotiators have told their American counterparts that a summit between Vladimir Putin and Donald Trump must come first, and that European governments should have no seat at the table.
The Kremlin also wants the United States to recognise its control over occupied Ukrainian territory, a demand that Kyiv and its European allies reject outright.
Analysts in Moscow say Putin believes time is on his side and that Trump is impatient for a deal he can present as a victory at home.
For now, the Kremlin is offering only a partial truce on energy infrastructure while it presses for the return of Russian assets frozen in Western banks.

Read also
Oil prices rise after OPEC meeting
14:02
Local elections postponed in three regions
More news
"""


def digest_args(model_url: str, corpus: Path, out: Path) -> list[str]:
    """The recorded digest command line."""
    return [
        *model_cmd("digest", model_url, out, corpus),
        "--concurrency",
        "1",
        "--json",
    ]


def claims_of(run_dir: Path) -> list[dict]:  # type: ignore[type-arg]
    data = json.loads((run_dir / "briefing.json").read_text())
    return [c for s in data["sections"] for c in s["claims"]]


@pytest.mark.vcr
@pytest.mark.records_cassette
def test_digest_cycle(model_url: str, seeds_copy: Path, tmp_path: Path, vcr) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "outputs"
    first = runner.invoke(app, digest_args(model_url, seeds_copy, out))
    assert first.exit_code == 0, first.output
    r1 = json.loads(first.stdout)
    assert r1["status"] == "written" and len(r1["new_docs"]) == 5
    d1 = Path(r1["out_dir"])
    assert d1.parent == out / "digests" and claims_of(d1)

    (seeds_copy / "005_new_article.txt").write_text(NEW_ARTICLE)
    second = runner.invoke(app, digest_args(model_url, seeds_copy, out))
    assert second.exit_code == 0, second.output
    r2 = json.loads(second.stdout)
    assert r2["new_docs"] == ["005_new_article.txt"]
    d2 = Path(r2["out_dir"])
    assert d2 != d1 and d2.parent == out / "digests"
    data = json.loads((d2 / "briefing.json").read_text())
    new_section, carried = data["sections"][0], data["sections"][1]
    # Only the new article's material is new; earlier judgments are carried forward, marked.
    assert new_section["claims"]
    assert {c["doc"] for cl in new_section["claims"] for c in cl["citations"]} == {
        "005_new_article.txt"
    }
    assert carried["claims"] and all(c["carried_forward"] for c in carried["claims"])
    assert {c["text"] for c in carried["claims"]} <= {c["text"] for c in claims_of(d1)}
    for cl in new_section["claims"] + carried["claims"]:
        for c in cl["citations"]:
            text = (seeds_copy / c["doc"]).read_bytes().decode("utf-8")
            assert text[c["start"] : c["end"]] == c["quote"]

    # Nothing new: one line, exit 0, no model call, no empty run.
    plays = vcr.play_count
    third = runner.invoke(app, [*digest_args(model_url, seeds_copy, out)[:-1]])
    assert third.exit_code == 0, third.output
    assert third.stdout.startswith("nothing new since ")
    assert vcr.play_count == plays
    assert sorted(p.name for p in (out / "digests").iterdir()) == sorted([d1.name, d2.name])

    # The review names exactly the added claims and the new source.
    review = runner.invoke(app, ["diff", str(d1), str(d2), "--json"])
    assert review.exit_code == 1, review.output
    d = json.loads(review.stdout)
    assert sorted(c["text"] for c in d["added"]) == sorted(c["text"] for c in new_section["claims"])
    assert [s["doc"] for s in d["sources_new"]] == ["005_new_article.txt"]
    assert d["removed"] == [] and d["reworded"] == []

    runs = runner.invoke(app, ["runs", "--json"])
    kinds = [r["kind"] for r in json.loads(runs.stdout)]
    assert kinds == ["digest", "digest"]


@pytest.mark.vcr("test_digest_cycle.yaml")
def test_crashed_digest_leaves_nothing_and_is_redone(
    model_url: str, seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "outputs"
    real = render.write_atomic_dir

    def interrupted(final: Path, files: dict[str, str], **_kw: object) -> Path:
        raise KeyboardInterrupt  # Ctrl-C while the run is being written

    monkeypatch.setattr(render, "write_atomic_dir", interrupted)
    crashed = runner.invoke(app, digest_args(model_url, seeds_copy, out))
    assert crashed.exit_code == 130
    assert not (out / "digests").exists() or not any((out / "digests").iterdir())
    monkeypatch.setattr(render, "write_atomic_dir", real)
    again = runner.invoke(app, digest_args(model_url, seeds_copy, out))
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["status"] == "written"  # the crashed run did not count


@contextlib.contextmanager
def digest_lock(backend: str, home: Path, corpus: Path, wait: float = 0.0) -> Iterator[None]:
    """The lock `briefing digest` takes on this backend: an flock, or the archive's advisory lock."""
    if backend == "sqlite":
        with digest.digest_lock(home, wait):
            yield
        return
    from briefing.store.postgres import PostgresStore

    st = PostgresStore.open(backend, corpus)
    try:
        with st.digest_lock(wait):
            yield
    finally:
        st.close()


def test_only_one_digest_at_a_time(tmp_path: Path, seeds_copy: Path, backend: str) -> None:
    settings, _ = load_settings({"corpus": seeds_copy})
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with digest_lock(backend, settings.home, seeds_copy):
            holding.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    try:
        assert holding.wait(10)
        with (
            pytest.raises(LockedError, match="another digest is running"),
            digest_lock(backend, settings.home, seeds_copy),
        ):
            pass
        result = runner.invoke(app, ["digest", "--corpus", str(seeds_copy)])
        assert result.exit_code == 2
        assert "another digest is running" in result.output and "--wait" in result.output
    finally:
        release.set()
        t.join()
    # The lock is released with its holder: no stale lock blocks the next run.
    with digest_lock(backend, settings.home, seeds_copy):
        pass


def test_waiting_digest_gets_the_lock_when_the_first_finishes(tmp_path: Path, backend: str) -> None:
    home = tmp_path / "h"
    order: list[str] = []
    started = threading.Event()

    def first() -> None:
        with digest_lock(backend, home, tmp_path):
            started.set()
            order.append("first-in")
            threading.Event().wait(0.5)
            order.append("first-out")

    t = threading.Thread(target=first)
    t.start()
    started.wait(5)
    with digest_lock(backend, home, tmp_path, wait=10):
        order.append("second-in")
    t.join()
    assert order == ["first-in", "first-out", "second-in"]


def test_near_duplicates_count_once(seeds_copy: Path, tmp_path: Path, open_state: Any) -> None:
    original = seeds_copy / "004_a03813502d365a1c.txt"
    text = original.read_text()
    copy = text.replace("political scientist", "political analyst").replace("Other\n", "Wire\n")
    (seeds_copy / "zz_wire_copy.txt").write_text(copy)
    st = open_state(seeds_copy)
    sync.sync_corpus(st, 120)
    docs = st.documents()
    new = [d for d in docs if d.doc == "zz_wire_copy.txt"]
    old = [d for d in docs if d.doc != "zz_wire_copy.txt"]
    assert digest.near_duplicates(seeds_copy, new, old) == {"zz_wire_copy.txt": original.name}
    unrelated = [d for d in docs if d.doc == "000_e7022d255b5320db.txt"]
    assert (
        digest.near_duplicates(seeds_copy, unrelated, [d for d in old if d not in unrelated]) == {}
    )


def test_schedule_prints_cron_and_systemd_with_absolute_paths() -> None:
    result = runner.invoke(app, ["schedule", "--cron", "30 6 * * 1-5"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    cron = next(line for line in lines if line.startswith("30 6 * * 1-5 "))
    assert " digest --corpus /" in cron
    assert "OnCalendar=Mon..Fri *-*-* 06:30:00" in lines
    exec_start = next(line for line in lines if line.startswith("ExecStart="))
    assert exec_start.split("=", 1)[1].startswith("/")
    bad = runner.invoke(app, ["schedule", "--cron", "every morning"])
    assert bad.exit_code == 2 and "5-field cron" in bad.output


@pytest.mark.vcr("test_digest_cycle.yaml")
def test_digest_merges_a_wire_copy_and_says_so(
    model_url: str, seeds_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "outputs"
    assert runner.invoke(app, digest_args(model_url, seeds_copy, out)).exit_code == 0
    (seeds_copy / "005_new_article.txt").write_text(NEW_ARTICLE)
    copy = NEW_ARTICLE.replace("World Desk Daily", "Global Wire").replace("Wednesday", "Wed.")
    (seeds_copy / "006_wire_copy.txt").write_text(copy)
    result = runner.invoke(app, digest_args(model_url, seeds_copy, out))
    assert result.exit_code == 0, result.output
    r = json.loads(result.stdout)
    assert r["new_docs"] == ["005_new_article.txt"]
    assert r["merged"] == {"006_wire_copy.txt": "005_new_article.txt"}
    run = Path(r["out_dir"])
    md = (run / "briefing.md").read_text()
    assert "Merged near-duplicate `006_wire_copy.txt` into `005_new_article.txt`" in md
    assert json.loads((run / "briefing.json").read_text())["digest"]["merged"] == r["merged"]
    cited = {c["doc"] for cl in claims_of(run) for c in cl["citations"]}
    assert "006_wire_copy.txt" not in cited


@pytest.mark.vcr("test_digest_cycle.yaml")
def test_digest_takes_generates_review_flags(
    model_url: str, seeds_copy: Path, tmp_path: Path
) -> None:
    """A scheduled digest can drop rejected claims and skip the cache, as generate can."""
    out = tmp_path / "outputs"
    kept = runner.invoke(
        app,
        [*digest_args(model_url, seeds_copy, tmp_path / "kept")],
        env={"BRIEFING_HOME": str(tmp_path / "home-kept")},  # its own state: both are first
    )
    assert kept.exit_code == 0, kept.output
    kept_data = json.loads((Path(json.loads(kept.stdout)["out_dir"]) / "briefing.json").read_text())
    assert kept_data["unverified"], "the recorded digest has rejected model sentences to drop"
    args = [*digest_args(model_url, seeds_copy, out), "--unverified", "drop", "--no-cache"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    run = Path(json.loads(result.stdout)["out_dir"])
    data = json.loads((run / "briefing.json").read_text())
    report = json.loads((run / "verification.json").read_text())
    rejected = [c for c in report["claims"] if not c["ok"]]
    assert data["unverified"] == []
    published = {c["id"] for s in data["sections"] for c in s["claims"]}
    assert published.isdisjoint({c["id"] for c in rejected})

    bad = runner.invoke(app, [*digest_args(model_url, seeds_copy, out), "--unverified", "hide"])
    assert bad.exit_code == 2
    assert "unverified" in bad.output and "keep" in bad.output


@pytest.mark.live_endpoint
def test_repeated_digests_over_appended_text_never_repeat_a_judgment(
    seeds_copy: Path, tmp_path: Path
) -> None:
    # Issue 31: a document that changed only by appended text made each digest add another
    # copy of a judgment with the same citations (carried forward twice, and as a new one).
    from tests.faultserver import FaultServer

    out = tmp_path / "outputs"
    with FaultServer() as server:  # answers every map call with its first sentence
        runs = []
        for n in range(4):
            # One document changes by appended text each round; the others stay as they were.
            doc = sorted(seeds_copy.glob("*.txt"))[2]
            with doc.open("a", encoding="utf-8") as fh:
                fh.write(f"\n\nUpdated, round {n}.\n")
            result = runner.invoke(
                app,
                [*digest_args(server.url, seeds_copy, out), "--no-cache"],
                env={"BRIEFING_HOME": str(tmp_path / "home")},
            )
            assert result.exit_code == 0, result.output
            runs.append(Path(json.loads(result.stdout)["out_dir"]))
    for run in runs:
        cited = [
            frozenset((c["doc"], " ".join(c["quote"].split())) for c in claim["citations"])
            for claim in claims_of(run)
        ]
        assert len(cited) == len(set(cited)), run
    assert any(c.get("carried_forward") for c in claims_of(runs[-1]))


def test_unrepeated_drops_carried_judgments_a_new_one_or_an_earlier_one_repeats() -> None:
    from briefing.core.models import Citation, Claim
    from briefing.generation.generate import unrepeated

    def claim(id_: str, quote: str, key: str = "") -> Claim:
        cit = Citation(doc="a.txt", start=0, end=len(quote), quote=quote)
        return Claim(id=id_, text=quote, citations=[cit], **({"key": key} if key else {}))

    new = [claim("K1", "Exports  rose.")]
    carried = [
        claim("C1", "Exports rose."),
        claim("C2", "Imports fell."),
        claim("C3", "Imports fell."),
    ]
    assert [c.id for c in unrepeated(carried, new)] == ["C2"]
    keyed = [claim("C4", "Prices held.", key="k9")]
    assert unrepeated(keyed, [claim("K2", "Prices were steady.", key="k9")]) == []
