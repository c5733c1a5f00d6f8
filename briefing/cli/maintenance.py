"""Keeping briefing healthy: the prompts export and doctor."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from briefing.cli.main import (
    STATE,
    app,
    emit_json,
    fail,
    guarded,
    open_store,
    out,
    progress,
    settings_from,
    sync,
)
from briefing.cli.options import CorpusOpt, DatabaseUrlOpt, JsonOpt
from briefing.core import dburl
from briefing.core.config import Settings

prompts_app = typer.Typer(
    name="prompts",
    help="The prompt templates: copy the shipped defaults out for editing.",
    no_args_is_help=True,
)
app.add_typer(prompts_app)


@prompts_app.command("export")
def prompts_export(
    directory: Annotated[
        Path, typer.Argument(help="Folder to write the templates into (created if needed).")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite templates already in the folder.")
    ] = False,
) -> None:
    """Copy the default prompt templates into DIR; `./prompts` or BRIEFING_PROMPTS then uses them."""
    from briefing.generation import prompting

    with guarded():
        written = prompting.export_prompts(directory, force=force)
        for path in written:
            out.print(str(path), markup=False)
        hint = (
            "briefing reads ./prompts in the working directory"
            if directory.resolve() == (Path.cwd() / "prompts").resolve()
            else f"pass --prompts {directory.resolve()} or set BRIEFING_PROMPTS to use them"
        )
        progress(f"{len(written)} templates written to {directory}: edit them; {hint}")


store_app = typer.Typer(
    name="store",
    help="The state itself: copy it between SQLite and a PostgreSQL team archive.",
    no_args_is_help=True,
)
app.add_typer(store_app)


@store_app.command("copy")
def store_copy(
    source: Annotated[
        str, typer.Argument(help="sqlite:///path/briefing.db or postgresql://user@host/db.")
    ],
    target: Annotated[
        str, typer.Argument(help="sqlite:///path/briefing.db or postgresql://user@host/db.")
    ],
    json_out: JsonOpt = False,
) -> None:
    """Copy documents, passages, runs and cached replies from SOURCE to TARGET, without re-ingesting."""
    from briefing.store import copy as storecopy

    with guarded():
        settings = settings_from()
        # Both URLs may carry a password: masked in every line, the error line included.
        passwords = [dburl.password_of(url) for url in (source, target)]
        STATE.secrets = (*STATE.secrets, *(p for p in passwords if p))
        names = (_state_label(source), _state_label(target))
        if names[0] == names[1]:
            fail(f"{names[0]} is both the source and the target: name two different states")
        src = storecopy.open_url(
            source, timeout=settings.db_timeout, machine=settings.machine, create=False
        )
        dst = storecopy.open_url(
            target, timeout=settings.db_timeout, machine=settings.machine, create=True
        )
        try:
            report = storecopy.copy_state(src, dst, names, progress)
        finally:
            src.close()
            dst.close()
        if json_out:
            emit_json(report.model_dump(mode="json"))
        else:
            out.print(report.summary(), markup=False)


def _state_label(url: str) -> str:
    """A state as messages name it: a PostgreSQL URL masked, a SQLite file as its resolved path."""
    path = dburl.sqlite_path(url)
    return str(path.resolve()) if path is not None else dburl.mask(url)


@app.command()
def doctor(
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Move the database aside and rebuild it from the corpus."),
    ] = False,
    corpus: CorpusOpt = None,
    json_out: JsonOpt = False,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Check the installation, the model, the prompts and the state database (--rebuild recreates it)."""
    from briefing import store
    from briefing.cli import doctor as doc

    with guarded():
        settings = settings_from(corpus=corpus, database_url=database_url)
        if settings.database_url:
            _doctor_archive(settings, rebuild, json_out)
            return
        home = settings.home
        home_existed = home.exists()  # the report may create its hash cache there
        if home.exists() and not home.is_dir():
            fail(
                f"BRIEFING_HOME {home} is a file, not a directory: point BRIEFING_HOME at a"
                " directory (briefing creates it on first use)"
            )
        if rebuild:
            moved = store.set_aside(settings.db_path)
            if moved:
                progress(f"old database kept as {moved}")
            report = sync(open_store(settings), settings)
            out.print(
                f"rebuilt {settings.db_path}: {len(report.added)} documents, {report.passages} passages"
            )
            return
        if (
            settings.db_path.is_file()
            and store.is_read_only(settings.db_path)
            and not store.check(settings.db_path)
        ):
            # Healthy, but every command that ingests or records a run will fail on it.
            out.print(f"{settings.db_path}: database ok", markup=False)
            fail(store.read_only_message(settings.db_path), 1)
        if not STATE.quiet and not json_out:
            progress("checking (the model file's sha256 is computed once, then cached)")
        found = doc.report(settings)
        _show_report(found, json_out)
        if not settings.db_path.is_file():
            where = "does not exist" if not home_existed else f"holds no {settings.db_path.name}"
            fail(
                f"the state directory {home} {where}: nothing has been ingested with it yet;"
                " run `briefing ingest`, or set BRIEFING_HOME to the state directory you meant",
                1,
            )
        if found["state"]["database_problems"]:
            fail(f"{settings.db_path} has problems: run `briefing doctor --rebuild`", 1)
        if found["problems"]:
            fail(f"{len(found['problems'])} problem(s) above: each line says the fix", 1)


def _show_report(found: dict[str, Any], json_out: bool) -> None:
    """The doctor's report: one JSON document, or its lines and then each problem."""
    if json_out:
        emit_json(found)
        return
    for line in _doctor_lines(found):
        out.print(line, markup=False)
    for p in found["problems"]:
        out.print(f"problem: {p}", markup=False)


def _doctor_archive(settings: Settings, rebuild: bool, json_out: bool) -> None:
    """doctor with a team archive: the server (reachable, version, schema, counts) and the rest."""
    from briefing.cli import doctor as doc

    if rebuild:
        fail(
            "--rebuild recreates the SQLite state under BRIEFING_HOME, not a team archive: unset"
            " BRIEFING_DATABASE_URL to rebuild the local state; `briefing ingest` re-reads a"
            " changed corpus into the archive"
        )
    found = doc.report(settings)
    _show_report(found, json_out)
    archive = found["state"]["archive"]
    if archive["error"]:
        fail(archive["error"], 1)
    if found["problems"]:
        fail(f"{len(found['problems'])} problem(s) above: each line says the fix", 1)


def _archive_line(archive: dict[str, Any]) -> str:
    """The doctor's line for a PostgreSQL archive: version, schema and counts, or why not."""
    if not archive["reachable"]:
        return f"{archive['url']}: not usable (see the error below)"
    schema = archive["schema"][-1] if archive["schema"] else "empty"
    line = f"{archive['url']}: PostgreSQL {archive['version']}, schema {schema}"
    if archive["pending_migrations"]:
        return line + f" ({len(archive['pending_migrations'])} migrations to apply on first use)"
    c = archive["counts"]
    return line + (
        f"; {c.get('corpora', 0)} corpora, {c.get('documents', 0)} documents,"
        f" {c.get('passages', 0)} passages, {c.get('runs', 0)} runs,"
        f" {c.get('llm_cache', 0)} cached replies"
    )


def _doctor_lines(found: dict[str, Any]) -> list[str]:
    """The doctor's report as aligned lines."""
    state, prompts, model, emb = (
        found["state"],
        found["prompts"],
        found["model"],
        found["embedding_model"],
    )
    packages = ", ".join(f"{n} {v}" for n, v in found["packages"].items() if v)
    missing = ", ".join(n for n, v in found["packages"].items() if not v)
    archive = state.get("archive")
    if archive is not None:
        database = _archive_line(archive)
    elif state["database_problems"]:
        database = f"{state['database']}: {len(state['database_problems'])} problem(s)"
    elif state["database_exists"]:
        database = f"{state['database']}: ok"
    else:
        database = f"{state['database']}: not created yet (the first command creates it)"
    if model["path"]:
        gguf = f"{model['path']} ({model['size'] / 1e6:.0f} MB, sha256 {model['sha256']})"
    else:
        gguf = "not installed"
    server_extra = "installed" if model["server_extra"] else "not installed"
    llama = model["llama_cpp_python"] or "not installed"
    if emb["path"]:
        usable = "" if emb["usable"] else " (safetensors or tokenizers missing)"
        embedding = f"{emb['package']} {emb['version']} at {emb['path']}{usable}"
    else:
        embedding = f"{emb['package']} not installed (optional)"
    python = found["python"]
    return [
        f"briefing    {found['briefing']} (Python {python['version']}, {python['executable']})",
        f"packages    {packages}" + (f"; not installed: {missing}" if missing else ""),
        f"config      {found['config_file'] or 'no briefing.toml in the working directory'}",
        f"state       {state['home']} ({state['from']})",
        f"database    {database}",
        f"prompts     {prompts['path'] or 'not found'}"
        + (f" ({prompts['from']})" if prompts["from"] else ""),
        f"endpoint    {found['endpoint']}",
        f"llama.cpp   llama-cpp-python {llama}, server extra {server_extra}",
        f"model       {model['name']}: {gguf}",
        f"embeddings  {embedding}",
    ]
