"""Issue 15, hardening round two: a briefing.json cannot read outside its corpus, size caps on
every input, one rule for corpus file names, and the remaining bad inputs (items 1-11)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefing import store
from briefing.cli import app
from briefing.core.config import load_settings
from briefing.core.errors import ConfigError, CorpusError, StoreError
from briefing.store import connection

runner = CliRunner()


def error_line(result: Any) -> str:
    """The one error line of a failed command (exit 2 unless said otherwise)."""
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines, result.output
    return lines[-1]


# --- store: the migration race, read-only and missing state directories (items 4, 7) --------


def test_wal_switch_is_retried_while_another_process_creates_the_database() -> None:
    # SQLite answers this PRAGMA with "database is locked" at once (no busy handler) while
    # another process is creating the same new database; that made 1 in ~100 concurrent
    # first opens fail (tests/test_store.py::test_two_processes_opening_a_new_database_at_once).
    class Flaky:
        calls = 0

        def execute(self, sql: str) -> None:
            Flaky.calls += 1
            if Flaky.calls < 3:
                raise sqlite3.OperationalError("database is locked")

    connection._set_wal(Flaky(), 5.0)  # type: ignore[arg-type]
    assert Flaky.calls == 3


def test_wal_switch_gives_up_after_the_timeout() -> None:
    class Locked:
        def execute(self, sql: str) -> None:
            raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError):
        connection._set_wal(Locked(), 0.05)  # type: ignore[arg-type]


def _healthy_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    store.connect(home / "briefing.db").close()
    return home


def test_a_read_only_state_directory_is_named_not_called_corrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _healthy_home(tmp_path)
    (home / "briefing.db-wal").mkdir()  # sqlite cannot open its log: a real failure
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == home else real_access(p, m))
    with pytest.raises(StoreError, match="read-only") as exc:
        store.connect(home / "briefing.db")
    assert "doctor --rebuild" not in str(exc.value)
    assert "BRIEFING_HOME" in str(exc.value)

    rebuilt = runner.invoke(app, ["doctor", "--rebuild"])
    assert rebuilt.exit_code == 2
    assert "read-only" in error_line(rebuilt) and "unexpected" not in rebuilt.output
    assert (home / "briefing.db").is_file()  # nothing was moved aside


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_state_directory_for_real(tmp_path: Path) -> None:
    home = _healthy_home(tmp_path)
    home.chmod(0o555)
    try:
        result = runner.invoke(app, ["runs"])
        assert result.exit_code == 2
        assert "read-only" in error_line(result)
        doctor = runner.invoke(app, ["doctor"])
        assert doctor.exit_code == 1 and "database ok" in doctor.output
        rebuilt = runner.invoke(app, ["doctor", "--rebuild"])
        assert rebuilt.exit_code == 2 and "read-only" in error_line(rebuilt)
    finally:
        home.chmod(0o755)


def test_doctor_with_a_missing_state_directory_is_not_ok(tmp_path: Path) -> None:
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "does not exist" in error_line(result) and "ok" not in result.output.split()


def test_doctor_with_a_file_as_state_directory_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home-file"
    home.write_text("not a folder")
    monkeypatch.setenv("BRIEFING_HOME", str(home))
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 2
    assert "is a file, not a directory" in error_line(result)


# --- settings (item 10) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "toml", "expected"),
    [
        ({"BRIEFING_PROMPTS": "/nonexistent"}, "", "prompts folder /nonexistent does not exist"),
        ({}, "per_doc = true\n", "not true/false"),
        ({"BRIEFING_TIMEOUT": "inf"}, "", "finite"),
        ({"BRIEFING_DB_TIMEOUT": "nan"}, "", "BRIEFING_DB_TIMEOUT"),
        ({"BRIEFING_TIMOUT": "5"}, "", "did you mean BRIEFING_TIMEOUT?"),
        ({}, '[briefing.prices]\n"m" = [0.5, inf]\n', "finite"),
    ],
)
def test_bad_settings_are_refused(
    tmp_path: Path, env: dict[str, str], toml: str, expected: str
) -> None:
    if toml:
        (tmp_path / "briefing.toml").write_text(toml)
    with pytest.raises(ConfigError) as exc:
        load_settings(env=env, cwd=tmp_path)
    assert expected in str(exc.value)


def test_a_bad_price_names_briefing_toml_not_a_flag(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").write_text('[briefing.prices]\n"my-model" = [0.5, "x"]\n')
    with pytest.raises(ConfigError) as exc:
        load_settings(env={}, cwd=tmp_path)
    assert "fix prices in" in str(exc.value) and str(exc.value).endswith("briefing.toml")
    assert "--" not in str(exc.value)


def test_an_endless_briefing_toml_is_cut_off(tmp_path: Path) -> None:
    (tmp_path / "briefing.toml").symlink_to("/dev/zero")
    with pytest.raises(ConfigError, match="limit"):
        load_settings(env={}, cwd=tmp_path)


# --- a briefing.json cannot make briefing read outside the corpus (item 1) ---------------------

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SECRET = "root:x:0:0:the secret first line of a file outside the corpus\n"


def briefing_file(path: Path, root: str, doc: str, quote: str, start: int = 0) -> Path:
    """A hand-made briefing.json with one claim citing `doc` under `root`."""
    data = {
        "schema_version": 1,
        "topic": "t",
        "generated_at": "2026-11-21T07:00:00Z",
        "model": "hand",
        "corpus": {"root": root, "documents": [{"doc": doc, "sha256": "0" * 64}]},
        "sections": [
            {
                "heading": "Key judgments",
                "claims": [
                    {
                        "id": "K1",
                        "text": "The secret first line names root.",
                        "citations": [
                            {"doc": doc, "start": start, "end": start + len(quote), "quote": quote}
                        ],
                    }
                ],
            }
        ],
    }
    path.write_text(json.dumps(data))
    return path


@pytest.fixture
def secret_dir(tmp_path: Path) -> Path:
    """A folder outside the working directory holding a 'password file'."""
    outside = tmp_path / "etc"
    outside.mkdir()
    (outside / "passwd.txt").write_text(SECRET)
    (outside / "passwd").write_text(SECRET)
    return outside


@pytest.mark.parametrize("doc", ["passwd", "passwd.txt"])
def test_an_absolute_corpus_root_is_refused_without_corpus_flag(
    tmp_path: Path, secret_dir: Path, doc: str
) -> None:
    path = briefing_file(tmp_path / "b.json", str(secret_dir), doc, SECRET[:20])
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 2
    assert "--corpus DIR" in error_line(result) and "absolute" in error_line(result)
    assert "secret" not in result.output


@pytest.mark.parametrize("root", ["../etc", "link", "sub/../../etc"])
def test_a_relative_root_leaving_the_working_directory_is_refused(
    tmp_path: Path, secret_dir: Path, root: str
) -> None:
    Path("link").symlink_to(secret_dir)  # a symlink inside the cwd counts where it leads
    Path("sub").mkdir()
    path = briefing_file(Path("b.json"), root, "passwd.txt", "root:x:0:0:the wrong")
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 2
    assert "leads out of the working directory" in error_line(result)
    assert "--corpus DIR" in error_line(result)
    assert "secret" not in result.output


def test_a_relative_root_inside_the_working_directory_is_used(tmp_path: Path) -> None:
    Path("corpus").mkdir()
    (Path("corpus") / "a.txt").write_text("The secret first line names root and more.\n")
    path = briefing_file(Path("b.json"), "corpus", "a.txt", "The secret first line names root")
    result = runner.invoke(app, ["verify", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["claims"][0]["citations"][0]["status"] == "exact"


@pytest.mark.parametrize("doc", ["../etc/passwd.txt", "leak.txt", "leakdir/passwd.txt"])
def test_no_nearest_text_from_a_file_outside_the_corpus(
    tmp_path: Path, secret_dir: Path, doc: str
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("An article.\n")
    (corpus / "leak.txt").symlink_to(secret_dir / "passwd.txt")
    (corpus / "leakdir").symlink_to(secret_dir)
    path = briefing_file(tmp_path / "b.json", "corpus", doc, "root:x:0:0:the wrong quote")
    for args in ([], ["--json"]):
        result = runner.invoke(app, ["verify", str(path), "--corpus", str(corpus), *args])
        assert result.exit_code == 1
        assert "secret" not in result.output
        assert "missing_doc" in result.output


def test_only_regular_corpus_files_are_opened(tmp_path: Path) -> None:
    from briefing.verification import SourceCache

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.mkfifo(corpus / "fifo.txt")  # opening it would hang until a writer comes
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "notes.json").write_text("{}")
    (corpus / ".hidden.txt").write_text("hidden text")
    sources = SourceCache(corpus)
    assert "not a regular file" in str(sources.get("fifo.txt"))
    assert "outside the corpus" in str(sources.get("zero.txt"))
    assert "only .txt and .md" in str(sources.get("notes.json"))
    assert "hidden" in str(sources.get(".hidden.txt"))


def test_the_html_page_reads_by_the_same_rule(tmp_path: Path, secret_dir: Path) -> None:
    from briefing.outputs import htmlrender

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "leak.txt").symlink_to(secret_dir / "passwd.txt")
    os.mkfifo(corpus / "fifo.txt")
    (corpus / "big.txt").write_text("x" * 2000)
    for doc, reason in (
        ("leak.txt", "outside the corpus"),
        ("fifo.txt", "not a regular file"),
        ("../etc/passwd.txt", "'..'"),
        ("big.txt", "limit"),
    ):
        loaded = htmlrender._load(corpus, doc, 1000)
        assert loaded.text is None and reason in loaded.error


def test_corpus_files_over_max_file_mb_are_skipped_and_not_verified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    small = "The Kremlin wants a summit with Trump soon, officials in Moscow said today.\n"
    (corpus / "small.txt").write_text(small)
    (corpus / "big.txt").write_text(small * 40)  # about 3 KB
    monkeypatch.setenv("BRIEFING_MAX_FILE_MB", "0.002")
    result = runner.invoke(app, ["ingest", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["added"] == ["small.txt"]
    assert any("big.txt" in s and "BRIEFING_MAX_FILE_MB" in s for s in report["skipped"])
    path = briefing_file(tmp_path / "b.json", "corpus", "big.txt", small.strip())
    verified = runner.invoke(app, ["verify", str(path), "--corpus", str(corpus), "--json"])
    cit = json.loads(verified.stdout)["claims"][0]["citations"][0]
    assert cit["status"] == "missing_doc" and "limit" in cit["message"]


# --- size caps on everything else briefing reads (item 5) --------------------------------------


def test_verify_of_an_endless_stream_stops_at_the_limit() -> None:
    result = runner.invoke(app, ["verify", "/dev/zero"])
    assert result.exit_code == 2
    assert "/dev/zero" in error_line(result) and "MB limit" in error_line(result)


@pytest.mark.parametrize("told", [0, 10, 99, 100])
def test_a_file_read_to_its_size_is_read_whole_even_if_it_grew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: int
) -> None:
    from briefing.core import files

    path = tmp_path / "a.txt"
    path.write_bytes(bytes(range(100)))
    real = os.fstat

    def smaller(fd: int) -> Any:  # the size when fstat ran; the file grew since
        info = real(fd)
        return os.stat_result((info.st_mode, *info[1:6], told, *info[7:]))

    monkeypatch.setattr(files.os, "fstat", smaller)
    assert files.read_capped(path, 100, "fix") == bytes(range(100))
    assert files.read_capped(path, 1000, "fix") == bytes(range(100))
    with pytest.raises(CorpusError, match="limit: fix"):
        files.read_capped(path, 99, "fix")


def test_an_oversized_briefing_json_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.verification import briefing_file

    monkeypatch.setattr(briefing_file, "MAX_BRIEFING_BYTES", 100)
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"padding": "x" * 200}))
    with pytest.raises(CorpusError, match="MB limit"):
        briefing_file.load_briefing(path)


def test_an_imported_local_file_over_the_download_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>" + "word " * 1000 + "</p></body></html>")
    monkeypatch.setenv("BRIEFING_MAX_DOWNLOAD_MB", "0.001")
    result = runner.invoke(app, ["import", str(page), "--corpus", str(tmp_path / "corpus")])
    assert result.exit_code == 2
    assert "MB limit" in error_line(result) and "BRIEFING_MAX_DOWNLOAD_MB" in error_line(result)
    listing = tmp_path / "links.txt"
    listing.write_text("https://example.org/a\n" * 100)
    result = runner.invoke(app, ["import", str(listing), "--corpus", str(tmp_path / "corpus")])
    assert result.exit_code == 2 and "MB limit" in error_line(result)


# --- one rule for file names; undecodable names (items 2, 3) -----------------------------------

ARTICLE = (
    "Moscow, 12 March\n\nThe Kremlin wants a summit with Trump that leaves Ukraine out, officials"
    " in Moscow said on Tuesday after a long meeting about the talks and the sanctions.\n"
)


def test_an_undecodable_name_is_skipped_with_a_warning_and_the_rest_is_ingested(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(ARTICLE)
    (corpus / "zlast.txt").write_text(ARTICLE.replace("Tuesday", "Friday"))
    bad = os.path.join(os.fsencode(corpus), b"badbytes-\xff.txt")
    with open(bad, "wb") as fh:
        fh.write(ARTICLE.encode())
    result = runner.invoke(app, ["ingest", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "unexpected" not in result.output
    warning = next(line for line in result.output.splitlines() if "badbytes" in line)
    assert "badbytes-\\xff.txt" in warning and "UTF-8" in warning
    assert "2 added" in result.output and "1 skipped" in result.output
    search = runner.invoke(app, ["search", "Kremlin summit", "--corpus", str(corpus), "--json"])
    assert search.exit_code == 0, search.output
    assert {h["doc"] for h in json.loads(search.stdout)} == {"good.txt", "zlast.txt"}


@pytest.mark.parametrize(
    "name", ["x:report.txt", "\\lead.txt", "tab\there.txt", "ok name.txt", "é.md"]
)
def test_ingest_and_verify_accept_the_same_names(tmp_path: Path, name: str) -> None:
    from briefing.verification import SourceCache

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_text(ARTICLE)
    (corpus / "other.txt").write_text(ARTICLE)
    result = runner.invoke(app, ["ingest", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    ingested = name in json.loads(result.stdout)["added"]
    verifiable = not isinstance(SourceCache(corpus).get(name), str)
    assert ingested == verifiable
    assert ingested == (name in ("ok name.txt", "é.md"))


# --- diff, --fix, terminal text (items 6, 8, 9) ------------------------------------------------


def test_diff_of_runs_differing_only_in_topic_is_a_difference(tmp_path: Path) -> None:
    Path("corpus").mkdir()
    old = briefing_file(tmp_path / "old.json", "corpus", "a.txt", "The secret")
    data = json.loads(old.read_text())
    data["topic"] = "another question"
    new = tmp_path / "new.json"
    new.write_text(json.dumps(data))
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 1
    assert "no differences" not in result.output and "topic changed" in result.output
    as_json = runner.invoke(app, ["diff", str(old), str(new), "--json"])
    assert json.loads(as_json.stdout)["identical"] is False


def unwritable_dir(tmp_path: Path) -> Path:
    """A folder this process cannot create files in (sysfs for root, a 0555 folder otherwise)."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o555)
        return folder
    if not os.path.isdir("/sys") or _writable("/sys"):
        pytest.skip("no read-only folder available")
    return Path("/sys")


def _writable(folder: str) -> bool:
    try:
        Path(folder, ".briefing-probe").touch()
    except OSError:
        return False
    Path(folder, ".briefing-probe").unlink()
    return True


def test_verify_fix_into_a_read_only_folder_names_the_fix_path(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Intro. The secret first line names root here.\n")
    path = briefing_file(tmp_path / "b.json", "corpus", "a.txt", "The secret first line")
    target = unwritable_dir(tmp_path) / "fixed.json"
    result = runner.invoke(
        app, ["verify", str(path), "--corpus", str(corpus), "--fix", str(target)]
    )
    assert result.exit_code == 2
    line = error_line(result)
    assert f"cannot write {target}" in line and ".tmp-" not in line
    assert "unexpected" not in line


def test_terminal_output_keeps_emoji_codes_and_markup_in_source_text(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (
        "Header line.\n\nThe Kremlin said :thumbs_up: and [bold red]no[/bold red] to the"
        " summit with Trump :x: on Tuesday, officials in Moscow told reporters.\n"
    )
    (corpus / "a.txt").write_text(text)
    quote = text[text.index("The Kremlin") : text.index(" on Tuesday")]
    path = briefing_file(tmp_path / "b.json", "corpus", "a.txt", quote, start=1)  # relocated
    result = runner.invoke(app, ["verify", str(path), "--corpus", str(corpus)])
    assert ":thumbs_up:" in result.stdout and ":x:" in result.stdout
    assert "[bold red]no[/bold red]" in result.stdout
    assert "\U0001f44d" not in result.stdout and "\u274c" not in result.stdout
    search = runner.invoke(app, ["search", "Kremlin summit", "--corpus", str(corpus)])
    assert search.exit_code == 0, search.output
    assert ":thumbs_up:" in search.stdout and "[bold red]no[/bold red]" in search.stdout


# --- smaller faults (item 11) ------------------------------------------------------------------


def test_a_cp1252_apostrophe_gets_the_cp1252_hint(tmp_path: Path) -> None:
    from briefing.corpus.ingest import read_text

    cp = tmp_path / "cp.txt"
    cp.write_bytes(b"It\x92s the Kremlin\x92s plan.")
    with pytest.raises(CorpusError) as exc:
        read_text(cp)
    assert "iconv -f CP1252" in str(exc.value)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(CorpusError) as exc:
        read_text(latin)
    assert "iconv -f LATIN1" in str(exc.value)


def test_a_folder_of_empty_files_is_not_told_to_convert_to_utf8(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.md"):
        (corpus / name).write_text("  \n")
    result = runner.invoke(app, ["ingest", str(corpus)])
    assert result.exit_code == 2
    assert "empty" in error_line(result) and "UTF-8" not in error_line(result)


def test_a_second_ingest_racing_the_first_counts_nothing_as_added(tmp_path: Path) -> None:
    from briefing.corpus import sync

    first = store.Store.open(tmp_path / "db.sqlite", SEEDS)
    second = store.Store.open(tmp_path / "db.sqlite", SEEDS)
    stale = second.document_hashes()  # read before the first ingest committed
    assert sync.sync_corpus(first, 120).added
    second.document_hashes = lambda: stale  # type: ignore[method-assign]
    report = sync.sync_corpus(second, 120)
    assert report.added == [] and report.changed == [] and len(report.unchanged) == 5


def test_the_interrupt_line_says_what_was_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.cli import sources as cli

    def interrupted(*_a: Any, **_k: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "sync", interrupted)
    result = runner.invoke(app, ["ingest", str(SEEDS)])
    assert result.exit_code == 130
    assert "no partial output was left" not in result.output
    assert "documents already ingested stay in the store" in result.output


def test_a_read_only_out_fails_before_any_model_call(tmp_path: Path) -> None:
    out = unwritable_dir(tmp_path) / "runs"
    result = runner.invoke(
        app,
        [
            "generate",
            "--corpus",
            str(SEEDS),
            "--out",
            str(out),
            "--base-url",
            "http://127.0.0.1:9/v1",
        ],
    )
    assert result.exit_code == 2
    line = error_line(result)
    assert "writable --out" in line and "unexpected" not in line  # no model call was attempted


def test_symlinks_leaving_the_corpus_are_listed_as_skipped(
    tmp_path: Path, secret_dir: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    (corpus / "leak.txt").symlink_to(secret_dir / "passwd.txt")
    result = runner.invoke(app, ["ingest", str(corpus), "--json"])
    report = json.loads(result.stdout)
    assert report["added"] == ["a.txt"]
    assert any("leak.txt" in s and "outside the corpus" in s for s in report["skipped"])


def test_a_utf8_bom_is_not_part_of_the_title() -> None:
    from briefing.corpus.ingest import detect_body, extract_metadata

    text = "\ufeffKremlin wants a summit with Trump\n\n" + ARTICLE * 3
    meta = extract_metadata(text, detect_body(text))
    assert meta["title"] == "Kremlin wants a summit with Trump"


def test_a_briefing_with_a_claim_id_twice_is_refused_with_one_line(tmp_path: Path) -> None:
    # Issue 31: duplicate claim ids were accepted; a report keyed by id would mix them up.
    claim = {
        "id": "K1",
        "text": "Exports rose.",
        "citations": [{"doc": "a.txt", "start": 0, "end": 13, "quote": "Exports rose."}],
    }
    briefing = {
        "schema_version": 1,
        "topic": "t",
        "generated_at": "2026-01-01T00:00:00Z",
        "model": "m",
        "corpus": {"root": str(tmp_path), "documents": []},
        "sections": [{"heading": "Key judgments", "claims": [claim, dict(claim)]}],
    }
    (tmp_path / "a.txt").write_text("Exports rose.", encoding="utf-8")
    path = tmp_path / "b.json"
    path.write_text(json.dumps(briefing), encoding="utf-8")
    result = runner.invoke(app, ["verify", str(path), "--corpus", str(tmp_path)])
    assert result.exit_code == 2
    line = error_line(result)
    assert "'K1' appears twice" in line and str(path) in line


def test_a_folder_link_and_a_run_folder_inside_the_corpus_are_skipped_with_a_line(
    tmp_path: Path,
) -> None:
    # Issue 31: a folder symlink loop was skipped without a word, and --out inside the corpus
    # made the next ingest read the run's briefing.md as a source.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    run_dir = corpus / "outputs" / "20260101T000000Z-1"
    run_dir.mkdir(parents=True)
    (run_dir / "briefing.md").write_text("# A briefing\n\n" + ARTICLE)
    (run_dir / "briefing.json").write_text("{}")
    (run_dir / "manifest.json").write_text("{}")
    result = runner.invoke(app, ["ingest", str(corpus), "--json"])
    report = json.loads(result.stdout)
    assert report["added"] == ["a.txt"]
    assert any("loop" in s and "symlinked folder" in s for s in report["skipped"])
    assert any("20260101T000000Z-1" in s and "run folder" in s for s in report["skipped"])


def test_text_that_is_not_utf8_on_the_command_line_is_one_line() -> None:
    # Issue 31: a lone \xff in --topic (a surrogate once decoded) gave "unexpected TypeError".
    result = runner.invoke(
        app, ["generate", "--corpus", str(SEEDS), "--dry-run", "--topic", "What \udcff wants"]
    )
    assert result.exit_code == 2
    line = error_line(result)
    assert "not UTF-8" in line and "--topic" in line
    search = runner.invoke(app, ["search", "tariffs \udcff", "--corpus", str(SEEDS)])
    assert search.exit_code == 2 and "not UTF-8" in error_line(search)


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_json_nested_thousands_deep_is_one_line(tmp_path: Path, opening: str) -> None:
    # Issue 31: verify and diff reported "unexpected RecursionError".
    path = tmp_path / "deep.json"
    closing = "]" if opening == "[" else "}"
    path.write_text(opening * 3000 + ("1" if opening != "[" else "") + closing * 3000)
    for args in (["verify", str(path), "--corpus", str(SEEDS)], ["diff", str(path), str(path)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        line = error_line(result)
        assert "nested too deeply" in line and "deep.json" in line


def test_a_corpus_folder_whose_name_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    # Issue 31: ingest and search failed with "unexpected UnicodeEncodeError".
    name = os.fsdecode(b"corp\xff")
    corpus = tmp_path / name
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    for args in (["ingest", str(corpus)], ["search", "tariffs", "--corpus", str(corpus)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "not UTF-8" in error_line(result)


@pytest.mark.parametrize(
    ("code", "words"),
    [(28, "no space left"), (30, "read-only"), (13, "permission denied")],
)
def test_a_full_disk_or_a_read_only_folder_is_one_line_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    # Issue 31: "[Errno 28]" and "[Errno 30]" were shown as "unexpected … report it".
    import errno as errno_

    from briefing.corpus import listing

    def broken(*_a: Any, **_k: Any) -> Any:
        raise OSError(code, os.strerror(code), str(tmp_path / "corpus" / "a.txt"))

    assert code in (errno_.ENOSPC, errno_.EROFS, errno_.EACCES)
    monkeypatch.setattr(listing, "list_corpus", broken)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE)
    result = runner.invoke(app, ["ingest", str(corpus)])
    assert result.exit_code == 2
    line = error_line(result)
    assert words in line and "a.txt" in line and "unexpected" not in line
