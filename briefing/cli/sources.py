"""Commands over the corpus: ingest, import and search."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from briefing.core import dburl
from briefing.core.config import Settings
from briefing.core.errors import ConfigError

if TYPE_CHECKING:
    from briefing.core.protocols import CommandStore

from briefing.cli.main import (
    _escape,
    _scrub,
    app,
    emit_json,
    err,
    fail,
    guarded,
    has_state,
    open_store,
    out,
    progress,
    settings_from,
    sync,
)
from briefing.cli.options import CorpusArg, CorpusOpt, DatabaseUrlOpt, JsonOpt


@app.command()
def ingest(
    corpus: CorpusArg = None, json_out: JsonOpt = False, database_url: DatabaseUrlOpt = None
) -> None:
    """Read a folder of articles into the store (only changed files are re-read)."""
    with guarded():
        settings = settings_from(corpus=corpus, database_url=database_url)
        report = sync(open_store(settings), settings, bars=True)
        if json_out:
            emit_json(report.model_dump(mode="json"))
            return
        out.print(
            f"{settings.corpus}: {len(report.added)} added, {len(report.changed)} changed, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
            f"{len(report.skipped)} skipped; {report.passages} passages from new or changed files"
        )


@app.command("import")
def import_(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Saved .html/.htm/.pdf files or folders, http(s) URLs of pages, PDFs or RSS/Atom"
            " feeds, or .txt files listing URLs.",
            show_default=False,
        ),
    ],
    corpus: CorpusOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Turn saved pages, PDFs, feeds and URL lists into text captures in the corpus folder."""
    with guarded():
        settings = settings_from(corpus=corpus)
        report = _run_import(settings, sources, final=True)
        if json_out:
            emit_json(report.model_dump(mode="json"))
        else:
            out.print(report.summary(), markup=False)
        if report.count("added") or report.count("changed"):
            progress("`briefing ingest` or `briefing digest` reads the new captures")
        if report.nothing_imported:
            fail(
                report.failed[0].message
                if len(report.failed) == 1
                else f"nothing could be imported from the {len(report.failed)} sources above:"
                " fix them and run again"
            )


def _run_import(settings: Settings, sources: list[str], final: bool = False) -> Any:
    """Run an import with progress on stderr; each failed source is one warning line.

    With `final` (the import command), a lone failure is left to the error line that follows.
    """
    from briefing.acquire import importer, transfer

    report = importer.import_sources(
        sources,
        settings.corpus,
        settings.home,
        transfer.options_for(
            settings.fetch_timeout,
            settings.fetch_retries,
            settings.max_download_mb,
            settings.user_agent,
        ),
        progress=progress,
    )
    # When every source failed and there is only one, the error line says it (no repeat).
    if not (final and report.nothing_imported and len(report.failed) == 1):
        for f in report.failed:
            err.print(f"[yellow]warning:[/yellow] {_escape(_scrub(f.message))}", markup=True)
    return report


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("--k", min=1, max=1000, help="How many passages.")] = 10,
    corpus: Annotated[
        Path | None,
        typer.Option("--corpus", help="Search this folder only (default: everything ingested)."),
    ] = None,
    json_out: JsonOpt = False,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Ranked body passages for a query, spread across documents, from what was ingested."""
    from briefing.retrieval import retrieve

    with guarded():
        if any("\ud800" <= ch <= "\udfff" for ch in query):
            raise ConfigError("the search query is not UTF-8 text: pass it as UTF-8")
        settings = settings_from(corpus=corpus, database_url=database_url)
        if "corpus" in settings.model_fields_set:
            # A folder named by --corpus, BRIEFING_CORPUS or briefing.toml: synced, then searched.
            store = open_store(settings)
            sync(store, settings)
            stores = [store]
        else:
            stores = _ingested_stores(settings)
        found: list[tuple[float, int, CommandStore, Any]] = []
        for n, store in enumerate(stores):
            found += [(h.score, n, store, h) for h in retrieve.search(store, query, k=k)]
        # Scores of different corpora come from their own BM25 statistics; close enough to
        # merge, and each hit says which corpus it is from.
        found.sort(key=lambda t: (-t[0], t[1]))
        hits = [(store, h) for _, _, store, h in found[:k]]
        if json_out:
            emit_json(
                [{**h.model_dump(mode="json"), "corpus": str(store.root)} for store, h in hits]
            )
            return
        if not hits:
            err.print(f"no passage matches {query!r}")
            raise typer.Exit(1)
        for i, (store, h) in enumerate(hits, 1):
            where = _shown_path(store.root / h.doc)
            out.print(
                f"[bold]{i}. {_escape(where)}[/bold] \\[{h.start}:{h.end}] score {h.score:.2f}",
                markup=True,
            )
            out.print(f"   {_escape(' '.join(h.text.split())[:300])}", markup=True)


def _ingested_stores(settings: Settings) -> list[CommandStore]:
    """Every corpus in the state database, each synced with its folder (if it still exists)."""
    # Not opened when missing: a search must not create an empty state database.
    base = open_store(settings) if has_state(settings) else None
    roots = base.corpora() if base is not None else []
    if base is None or not roots:
        fail(
            f"nothing has been ingested into {_state_name(settings)} yet: run `briefing ingest DIR`"
            " first, or pass --corpus DIR"
        )
    stores = []
    for root in roots:
        store = base.for_corpus(root)
        if root.is_dir():
            sync(store, settings)
        else:
            progress(
                f"{_shown_path(root)} was ingested but is gone: searching what was stored"
                " (its hits cannot be opened)"
            )
        stores.append(store)
    return stores


def _state_name(settings: Settings) -> str:
    """Where the state lives, as messages name it (an archive's password masked)."""
    if settings.database_url:
        return f"the archive {dburl.mask(settings.database_url)} from this machine"
    return str(settings.home)


def _shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
