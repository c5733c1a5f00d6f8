"""The unattended commands: digest, and the schedule that runs it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from briefing.cli.main import app, emit_json, guarded, open_store, out, progress, settings_from
from briefing.cli.options import (
    BaseUrlOpt,
    CorpusOpt,
    JsonOpt,
    ModelOpt,
    OutOpt,
    with_model_options,
)
from briefing.cli.sources import _run_import
from briefing.core.config import Settings


@app.command()
@with_model_options
def digest(
    resolve_settings: Callable[[], Settings],
    wait: Annotated[
        float, typer.Option("--wait", min=0, help="Seconds to wait for another digest to finish.")
    ] = 0.0,
    import_file: Annotated[
        Path | None,
        typer.Option(
            "--import", help="A .txt list of feeds/URLs to import first (adds to config feeds)."
        ),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Brief on documents new since the last digest, carrying forward judgments that still stand."""
    from briefing.generation import digest as dig
    from briefing.outputs import render

    with guarded():
        settings = resolve_settings()
        sources = [*settings.feeds, *([str(import_file)] if import_file else [])]

        def collect() -> None:
            # Inside the digest lock: one scheduled line collects, then briefs on what is new.
            report = _run_import(settings, sources)
            progress(f"import: {report.summary()}")

        render.check_writable(settings.out)  # before any import or model call is spent
        result = dig.run_digest(
            open_store(settings),
            settings,
            progress,
            wait=wait,
            collect=collect if sources else None,
        )
        if json_out:
            emit_json(result.model_dump(mode="json"))
        else:
            out.print(result.message, markup=False)
        for dup, kept in sorted(result.merged.items()):
            progress(f"merged near-duplicate {dup} into {kept}")
        if result.status == "written" and result.verified == 0 and result.carried == 0:
            raise typer.Exit(1)


@app.command()
def schedule(
    cron: Annotated[
        str, typer.Option("--cron", help="When to run, as a cron expression.")
    ] = "0 7 * * *",
    corpus: CorpusOpt = None,
    out_dir: OutOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
) -> None:
    """Print a crontab line and a systemd service + timer that run `briefing digest`.

    They carry the state directory, corpus, output folder, endpoint and model resolved here
    (flags, BRIEFING_* variables, briefing.toml), quoted for sh and systemd; never the API key.
    """
    from briefing.generation import digest as dig

    with guarded():
        settings = settings_from(corpus=corpus, out=out_dir, model=model, base_url=base_url)
        for line in dig.schedule_snippets(cron, settings, Path(sys.argv[0])):
            out.print(line, markup=False)
