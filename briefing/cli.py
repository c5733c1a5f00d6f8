"""The command line: the only module that prints or exits."""

from __future__ import annotations

import errno
import functools
import inspect
import json
import os
import signal
import sys
import time
import traceback
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape as rich_escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from briefing import __version__, dburl
from briefing.config import Settings, load_settings
from briefing.errors import BriefingError, ConfigError, CorpusError, redact
from briefing.textnorm import printable

if TYPE_CHECKING:
    from briefing.models import Briefing, IngestReport, VerificationReport
    from briefing.protocols import CommandStore, Judge

# Options every command takes, wherever they are written: `briefing digest --quiet` is
# `briefing --quiet digest` (click reads a group's options only before the subcommand).
_GLOBAL_FLAGS = ("--quiet", "-q", "--debug")


def hoist_global_flags(argv: list[str]) -> list[str]:
    """The arguments with --quiet/-q/--debug moved before the subcommand, after `--` never."""
    end = argv.index("--") if "--" in argv else len(argv)
    flags = [a for a in argv[:end] if a in _GLOBAL_FLAGS]
    rest = [a for a in argv[:end] if a not in _GLOBAL_FLAGS]
    return [*dict.fromkeys(flags), *rest, *argv[end:]]


class _App(typer.Typer):
    """The command line, reading --quiet and --debug after the subcommand too."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run with sys.argv (or `args=`) with the global flags hoisted."""
        if not args:
            kwargs["args"] = hoist_global_flags(list(kwargs.get("args") or sys.argv[1:]))
        return super().__call__(*args, **kwargs)


app = _App(
    name="briefing",
    help="Turn a folder of source documents into a short cited briefing, and prove every citation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class _Console(Console):
    """A console that prints text as it is: no control characters or bidi overrides reach the
    terminal, and neither markup nor emoji codes are interpreted unless a call asks for markup
    (and escapes what it interpolates); emoji codes never are, so `:x:` in a quote stays `:x:`."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs["emoji"] = False
        super().print(*(printable(o) if isinstance(o, str) else o for o in objects), **kwargs)


err = _Console(stderr=True, highlight=False, soft_wrap=True, emoji=False, markup=False)
out = _Console(highlight=False, soft_wrap=True, emoji=False, markup=False)


class _State:
    debug = False
    quiet = False
    signal: int | None = None  # the signal that interrupted the command, if any
    secrets: tuple[str, ...] = ()  # values never to print (the API key in use)
    opened: tuple[Any, ...] = ()  # team-archive stores to close when the command ends (their pools)


STATE = _State()


def _version(value: bool) -> None:
    if value:
        out.print(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Turn a folder of source documents into a short cited briefing, and prove every citation."""
    STATE.debug = debug
    STATE.quiet = quiet


class _Bars:
    """Counted work as rich progress bars on a terminal, as sparse lines in a log."""

    def __init__(self) -> None:
        self.bar: Progress | None = None
        self.tasks: dict[str, TaskID] = {}
        self.last_line: dict[str, float] = {}

    def update(self, label: str, done: int, total: int) -> None:
        """Advance the bar (or print a line at most every 2 s, and at the end)."""
        if err.is_terminal:
            if self.bar is None:
                self.bar = Progress(
                    TextColumn("[dim]·[/dim] {task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=err,
                    transient=True,
                )
                self.bar.start()
            if label not in self.tasks:
                self.tasks[label] = self.bar.add_task(_escape(label), total=total)
            self.bar.update(self.tasks[label], completed=done, total=total)
            if done >= total:
                self.bar.remove_task(self.tasks.pop(label))
                if not self.tasks:
                    self.stop()
                err.print(f"[dim]·[/dim] {_escape(label)}: {done}/{total}", markup=True)
            return
        now = time.monotonic()
        if done >= total or now - self.last_line.get(label, 0.0) >= 2.0:
            self.last_line[label] = now
            err.print(f"· {label}: {done}/{total}", markup=False, highlight=False)

    def stop(self) -> None:
        """Take the bars off the screen."""
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
            self.tasks.clear()


BARS = _Bars()


def progress(message: str, done: int | None = None, total: int | None = None) -> None:
    """Progress on stderr (never stdout, which --json owns): a line, or a bar for counted work."""
    if STATE.quiet:
        return
    message = _scrub(message)
    if done is not None and total:
        BARS.update(message, done, total)
        return
    err.print(f"[dim]·[/dim] {_escape(message)}", markup=True, highlight=False)


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr, then exit with code."""
    err.print(f"[bold red]error:[/bold red] {_escape(_scrub(message))}", markup=True)
    raise typer.Exit(code)


def _escape(text: str) -> str:
    """Text to interpolate into a markup line, shown as written."""
    return rich_escape(text)


def _scrub(text: str) -> str:
    """An error line as printed: one line, no API key (the configured one, or anything key-shaped)."""
    secrets = [*STATE.secrets]
    secrets += [os.environ.get(v, "") for v in ("OPENAI_API_KEY", "BRIEFING_API_KEY")]
    line = " ".join(text.split("\n")[0].split()) if text else ""
    return redact(line, *secrets)


# Exit codes for interrupts, as a shell reports them: 128 + the signal number.
# SIGINT (Ctrl-C) -> 130, SIGTERM (kill, systemd stop, a scheduler's timeout) -> 143.
def _on_sigterm(signum: int, frame: Any) -> None:
    # Turn SIGTERM into the same unwinding as Ctrl-C, so temp files, locks and
    # the embedded server are cleaned up by the code that owns them.
    STATE.signal = signum
    raise KeyboardInterrupt


def _on_sigint(signum: int, frame: Any) -> None:
    STATE.signal = signum
    raise KeyboardInterrupt


def _print_traceback() -> None:
    """--debug: the traceback on stderr, with the API key (and anything key-shaped) masked.

    A server's error message (inside the chained exceptions) may quote the key it refused.
    """
    secrets = [*STATE.secrets]
    secrets += [os.environ.get(v, "") for v in ("OPENAI_API_KEY", "BRIEFING_API_KEY")]
    sys.stderr.write(printable(redact(traceback.format_exc(), *secrets)))


# What the machine said, and what to do: a full disk or a read-only folder is the user's to
# fix, never a bug to report. Writes go through a temporary file and a rename, so nothing
# half-written is left behind.
_OS_FAULTS = {
    errno.ENOSPC: "no space left on the device: free some space and run the command again",
    errno.EDQUOT: "the disk quota is used up: free some space and run the command again",
    errno.EROFS: (
        "the file system is read-only: point --corpus, --out or BRIEFING_HOME at a writable folder"
    ),
    errno.EACCES: "permission denied: fix the folder's permissions or choose another folder",
    errno.EPERM: "operation not permitted: fix the folder's permissions or choose another folder",
}


def _os_fault(exc: OSError) -> str | None:
    """One line for a full disk, a read-only or forbidden folder, naming the path; else None."""
    fix = _OS_FAULTS.get(exc.errno or 0)
    if fix is None:
        return None
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{fix}"


@contextmanager
def guarded() -> Iterator[None]:
    """Turn briefing's errors into one stderr line and the contract's exit code."""
    STATE.signal = None
    previous = {
        signal.SIGTERM: signal.signal(signal.SIGTERM, _on_sigterm),
        signal.SIGINT: signal.signal(signal.SIGINT, _on_sigint),
    }
    try:
        try:
            yield
        finally:
            BARS.stop()  # a live bar would swallow the error line below
            opened, STATE.opened = STATE.opened, ()
            for archive in opened:
                archive.close()  # a pool's connections and thread end with the command
    except BriefingError as exc:
        if STATE.debug:
            _print_traceback()
        fail(str(exc) if str(exc) else type(exc).__name__, exc.exit_code)
    except KeyboardInterrupt:
        signum = STATE.signal or signal.SIGINT
        err.print(
            f"interrupted ({signal.Signals(signum).name}): stopped cleanly; no run, capture or"
            " file was left half-written, and documents already ingested stay in the store;"
            " run the command again to finish the work"
        )
        raise typer.Exit(128 + signum) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except OSError as exc:
        if STATE.debug:
            _print_traceback()
        known = _os_fault(exc)
        if known is None:
            fail(
                f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback and"
                " report it)",
                2,
            )
        else:
            fail(known, 2)
    except Exception as exc:
        if STATE.debug:
            _print_traceback()
        fail(
            f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback and report it)",
            2,
        )
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def settings_from(**flags: Any) -> Settings:
    """Resolve settings with these flags on top, printing config warnings."""
    settings, warnings = load_settings(flags)
    if settings.api_key:
        STATE.secrets = (settings.api_key.get_secret_value(),)
    if settings.database_url and dburl.password_of(settings.database_url):
        # A password in the URL is masked in every line printed, as the API key is.
        STATE.secrets = (*STATE.secrets, dburl.password_of(settings.database_url))
    for w in warnings:
        err.print(f"[yellow]warning:[/yellow] {_escape(w)}", markup=True)
    return settings


def open_store(settings: Settings) -> CommandStore:
    """The state for these settings (SQLite under home, or the PostgreSQL archive), seen from their corpus."""
    from briefing import passages
    from briefing.store import Store

    # The one place the tokenizer learns its offline cache: every command that chunks or
    # counts tokens opens the store first.
    passages.set_tiktoken_cache(settings.home)
    if settings.database_url:
        from briefing.pgstore import PostgresStore

        archive = PostgresStore.open(
            settings.database_url,
            settings.corpus,
            timeout=settings.db_timeout,
            machine=settings.machine,
        )
        STATE.opened = (*STATE.opened, archive)
        return archive
    return Store.open(settings.db_path, settings.corpus, timeout=settings.db_timeout)


def _has_state(settings: Settings) -> bool:
    """Whether there is a state to read: the archive is configured, or the SQLite file exists."""
    return bool(settings.database_url) or settings.db_path.is_file()


def sync(store: CommandStore, settings: Settings, bars: bool = False) -> IngestReport:
    """The command's one corpus sync (with progress bars for `ingest`)."""
    from briefing.sync import sync_corpus

    if not bars:
        return sync_corpus(
            store, settings.passage_tokens, warn=progress, max_file_bytes=settings.max_file_bytes
        )
    return sync_corpus(
        store,
        settings.passage_tokens,
        warn=lambda m: err.print(f"warning: {m}", markup=False),
        progress=lambda done, total: progress("ingesting", done, total),
        indexing=lambda done, total: progress("building the search index", done, total),
        max_file_bytes=settings.max_file_bytes,
    )


def emit_json(data: Any) -> None:
    """Exactly one JSON document on stdout."""
    # Written as it is encoded: a report of a huge briefing is never one string in memory.
    encoder = json.JSONEncoder(indent=2, sort_keys=True, ensure_ascii=False)
    batch: list[str] = []
    for chunk in encoder.iterencode(data):
        batch.append(chunk)
        if len(batch) >= 8192:
            sys.stdout.write("".join(batch))
            batch.clear()
    sys.stdout.write("".join(batch) + "\n")


CorpusArg = Annotated[
    Path | None, typer.Argument(help="Folder of .txt/.md articles (default: seeds).")
]
CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Folder of .txt/.md articles.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
TopicOpt = Annotated[str | None, typer.Option("--topic", help="The question to brief on.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Where runs are written.")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="Model name at the endpoint.")]
BaseUrlOpt = Annotated[
    str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint (default: embedded).")
]
StrategyOpt = Annotated[str | None, typer.Option("--strategy", help="auto, map-reduce or single.")]
ConcurrencyOpt = Annotated[int | None, typer.Option("--concurrency", help="Parallel model calls.")]
ApiKeyOpt = Annotated[
    str | None,
    typer.Option("--api-key", help="API key (prefer OPENAI_API_KEY).", show_default=False),
]
UnverifiedOpt = Annotated[
    str | None, typer.Option("--unverified", help="keep (under an Unverified heading) or drop.")
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Ignore cached model replies.")]
DatabaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="postgresql://user@host/db: a team archive on PostgreSQL (default: SQLite under"
        " BRIEFING_HOME). Prefer BRIEFING_DATABASE_URL and ~/.pgpass for the password.",
        show_default=False,
    ),
]
_TUNING = "Tuning (also BRIEFING_* variables and briefing.toml)"


def _tuning(flag: str, help_text: str) -> Any:
    """A tuning flag: listed under its own --help panel, like every setting it mirrors."""
    return typer.Option(flag, help=help_text, rich_help_panel=_TUNING)


PromptsOpt = Annotated[
    Path | None,
    _tuning("--prompts", "Folder of prompt templates (default: ./prompts, else the shipped ones)."),
]
PassagesOpt = Annotated[
    int | None, _tuning("--passages", "Passages retrieved: the pool triage chooses calls from.")
]
PerDocOpt = Annotated[
    int | None,
    _tuning(
        "--per-doc",
        "At most this many map calls from one document (map-reduce reads twice as many passages).",
    ),
]
MapCallsOpt = Annotated[
    int | None, _tuning("--map-calls", "map-reduce: model calls, one per sentence triage chose.")
]
PromptTokensOpt = Annotated[
    int | None, _tuning("--prompt-tokens", "Evidence budget of one prompt, in tokens.")
]
MaxClaimsOpt = Annotated[int | None, _tuning("--max-claims", "Most judgments in the briefing.")]
SupportThresholdOpt = Annotated[
    float | None,
    _tuning("--support-threshold", "Least support (0-1) for a citation to carry its claim."),
]
TimeoutOpt = Annotated[float | None, _tuning("--timeout", "Seconds per model request.")]
MaxRetriesOpt = Annotated[int | None, _tuning("--max-retries", "Retries on 429, 5xx and timeouts.")]
ThreadsOpt = Annotated[int | None, _tuning("--threads", "llama.cpp threads (default: all cores).")]
JudgeOpt = Annotated[
    str | None,
    typer.Option(
        "--judge",
        help="auto (default: on for any endpoint but the embedded model), off, or model:"
        " ask the model about the checks' soft doubts (only its no rejects) and whether each"
        " claim they pass is entailed by its cited text (it can only reject).",
    ),
]

# The options `generate` and `digest` share, defined once: name -> (annotation, default).
MODEL_OPTIONS: dict[str, tuple[Any, Any]] = {
    "topic": (TopicOpt, None),
    "corpus": (CorpusOpt, None),
    "out_dir": (OutOpt, None),
    "model": (ModelOpt, None),
    "base_url": (BaseUrlOpt, None),
    "api_key": (ApiKeyOpt, None),
    "strategy": (StrategyOpt, None),
    "concurrency": (ConcurrencyOpt, None),
    "unverified": (UnverifiedOpt, None),
    "no_cache": (NoCacheOpt, False),
    "prompts": (PromptsOpt, None),
    "passages": (PassagesOpt, None),
    "per_doc": (PerDocOpt, None),
    "map_calls": (MapCallsOpt, None),
    "prompt_tokens": (PromptTokensOpt, None),
    "max_claims": (MaxClaimsOpt, None),
    "support_threshold": (SupportThresholdOpt, None),
    "timeout": (TimeoutOpt, None),
    "max_retries": (MaxRetriesOpt, None),
    "threads": (ThreadsOpt, None),
    "judge": (JudgeOpt, None),
    "database_url": (DatabaseUrlOpt, None),
}


def with_model_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the shared model options (first in --help) in place of `resolve_settings`.

    The command is handed `resolve_settings()`, which turns those flags into Settings; it calls
    it inside `guarded()`, so a bad setting is one error line like any other.
    """
    hints = typing.get_type_hints(command, include_extras=True)  # the Annotated typer options
    own = [
        p.replace(annotation=hints[p.name])
        for p in inspect.signature(command).parameters.values()
        if p.name != "resolve_settings"
    ]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=ann, default=default)
        for name, (ann, default) in MODEL_OPTIONS.items()
    ]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        flags = {name: kwargs.pop(name) for name in MODEL_OPTIONS}

        # --out is the `out` setting; an absent --no-cache leaves the env/toml value alone.
        flags["out"] = flags.pop("out_dir")
        flags["no_cache"] = True if flags["no_cache"] else None

        def resolve() -> Settings:
            return settings_from(**flags)

        command(resolve_settings=resolve, **kwargs)

    params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]
    wrapper.__signature__ = inspect.Signature(shared + params)  # type: ignore[attr-defined]
    return wrapper


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
    from briefing import fetch, importer

    report = importer.import_sources(
        sources,
        settings.corpus,
        settings.home,
        fetch.options_for(
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
    from briefing import retrieve

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
    base = open_store(settings) if _has_state(settings) else None
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


@app.command()
@with_model_options
def generate(
    resolve_settings: Callable[[], Settings],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Render prompts, count tokens and cost; call no model."),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Write a verified, cited briefing to outputs/<run-id>/."""
    from briefing import generate as gen
    from briefing import render

    with guarded():
        resolved = resolve_settings()
        store = open_store(resolved)
        if dry_run:
            plan = gen.dry_run(store, resolved, progress)
            if json_out:
                emit_json(plan)
                return
            for i, messages in enumerate(plan["prompts"], 1):
                out.print(f"[bold]--- prompt {i}/{plan['calls']} ---[/bold]", markup=True)
                for m in messages:
                    out.print(f"[{m['role']}]\n{m['content']}\n", markup=False)
            out.print(
                f"{plan['calls']} calls to {plan['model']} ({plan['strategy']}): "
                f"{plan['prompt_tokens']} prompt tokens, at most {plan['max_completion_tokens']} "
                f"completion tokens, estimated cost ${plan['estimated_cost_usd']:.4f}"
            )
            return
        render.check_writable(resolved.out)  # before any model call is spent
        result = gen.run_generate(store, resolved, progress)
        verified = sum(len(s.claims) for s in result.briefing.sections)
        if json_out:
            emit_json(result.briefing.model_dump(mode="json"))
        else:
            out.print(f"{result.out_dir}/briefing.md")
        # Judgments past max_claims were verified too (a failed one is replaced from them):
        # they are not published, but they are not "not verified" either.
        failed = sum(1 for c in result.report.claims if not c.ok)
        spare = len(result.report.claims) - failed - verified
        summary = (
            f"{verified} verified judgments, {failed} not verified"
            + (f", {spare} more past max_claims" if spare > 0 else "")
            + f"; written to {result.out_dir}"
        )
        progress(summary)
        if verified == 0:
            fail(f"no judgment survived verification (see {result.out_dir}/briefing.md)", 1)


@app.command()
def verify(
    briefing_json: Annotated[Path, typer.Argument(help="A briefing.json to check.")],
    corpus: CorpusOpt = None,
    json_out: JsonOpt = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Relocated citations are fatal.")
    ] = False,
    fix: Annotated[
        Path | None,
        typer.Option("--fix", help="Write a corrected copy (offsets, normalized quotes) here."),
    ] = None,
    support_threshold: SupportThresholdOpt = None,
    judge: JudgeOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Check that every citation of a briefing maps back to its source text."""
    from briefing import render
    from briefing import verification as ver

    with guarded():
        briefing = ver.load_briefing(briefing_json)
        root = _verify_root(briefing_json, briefing.corpus.root, corpus)
        settings = settings_from(
            corpus=root,
            support_threshold=support_threshold,
            judge=judge,
            model=model,
            base_url=base_url,
            database_url=database_url,
        )
        report = _verify_judged(briefing, settings, strict)
        if fix is not None:
            fixed = ver.fix_briefing(briefing, report)
            # exclude_unset: the copy keeps the input's shape, changing only what was fixed.
            render.write_atomic_file(
                fix, render.dumps(fixed.model_dump(mode="json", exclude_unset=True))
            )
            progress(f"corrected copy written to {fix}")
        if json_out:
            emit_json(_report_json(report))
        else:
            for line in ver.format_report(report):
                out.print(line, markup=False)
        raise typer.Exit(0 if report.ok else 1)


class _Lazy(list[Any]):
    """A JSON array whose items are made as the encoder reaches them."""

    def __init__(self, items: list[Any], make: Any) -> None:
        super().__init__()
        self._items, self._make = items, make

    def __iter__(self) -> Any:
        return (self._make(i) for i in self._items)

    def __len__(self) -> int:
        return len(self._items)


def _report_json(report: VerificationReport) -> dict[str, Any]:
    """The report as JSON data whose claims are dumped one at a time as they are written.

    A report of a huge briefing dumped whole doubles its size in memory; claim by claim,
    the output is byte for byte the same.
    """
    data = report.model_dump(mode="json", exclude={"claims"})
    data["claims"] = _Lazy(report.claims, lambda cr: cr.model_dump(mode="json"))
    return data


def _verify_judged(briefing: Briefing, settings: Settings, strict: bool) -> VerificationReport:
    """verify_briefing, with the model judge on the configured or embedded endpoint if asked."""
    from briefing import verification as ver

    def run(judge: Judge | None = None) -> VerificationReport:
        return ver.verify_briefing(
            briefing,
            settings.corpus,
            strict=strict,
            support_threshold=settings.support_threshold,
            max_file_bytes=settings.max_file_bytes,
            judge=judge,
            progress=progress,
        )

    # `auto` judges with a configured endpoint; the embedded 135M model judges at chance.
    from briefing.server import EMBEDDED_MODEL

    embedded = not settings.base_url or settings.model == EMBEDDED_MODEL
    if not settings.judge_on(embedded=embedded):
        return run()
    from briefing.generate import open_endpoint
    from briefing.judge import model_judge

    store = open_store(settings)
    with open_endpoint(settings, progress) as endpoint:
        judge = model_judge(
            endpoint, settings.prompts, store.replies, use_cache=not settings.no_cache
        )
        try:
            report = run(judge)
        finally:
            judge.close()
    u = judge.usage
    progress(
        f"judge ({endpoint.model}): {u.calls} calls, {u.cached_calls} cached,"
        f" {u.prompt_tokens + u.completion_tokens} tokens, ${u.cost_usd:.4f}"
    )
    return report


def _verify_root(briefing_path: Path, declared: str, flag: Path | None) -> Path:
    """--corpus, else the briefing's relative corpus.root inside the working directory.

    A briefing.json may come from anyone: its own root is trusted only as far as the working
    directory (resolved, symlinks included). An absolute root, or one leading out of the
    working directory, could make verify read and quote any file on the machine, so it
    needs the user to name the corpus with --corpus.
    """
    if flag is not None:
        return flag
    fix = "pass --corpus DIR explicitly (the folder the briefing cites)"
    if Path(declared).is_absolute():
        raise CorpusError(
            f"{briefing_path}: its corpus.root {declared!r} is an absolute path, which briefing"
            f" does not trust from a file: {fix}"
        )
    cwd = Path.cwd().resolve()
    try:
        inside = (cwd / declared).resolve().is_relative_to(cwd)
    except (OSError, RuntimeError, ValueError):
        inside = False
    if not inside:
        raise CorpusError(
            f"{briefing_path}: its corpus.root {declared!r} leads out of the working directory"
            f" {cwd}: {fix}"
        )
    return Path(declared)


@app.command()
def runs(json_out: JsonOpt = False, database_url: DatabaseUrlOpt = None) -> None:
    """The run history: id, time, kind, topic, model, verified and dropped claims, cost."""
    with guarded():
        settings = settings_from(database_url=database_url)
        rows = open_store(settings).list_runs()
        for r in rows:
            # A folder deleted by hand stays in the history, marked, so diff can say why it fails.
            r["out_dir_exists"] = bool(r["out_dir"]) and Path(r["out_dir"]).is_dir()
        if json_out:
            emit_json(rows)
            return
        if not rows:
            out.print("no runs yet: try `briefing generate`")
            return
        for r in rows:
            gone = "" if r["out_dir_exists"] or not r["out_dir"] else "  (folder deleted)"
            out.print(
                f"{r['id']}  {r['created_at']}  {r['kind']:<8} {r['status']:<6} "
                f"{r['verified']:>3} verified {r['dropped']:>3} dropped  ${r['cost']:.4f}  "
                f"{r['model']}  {r['topic']}{gone}",
                markup=False,
            )
        missing = sum(1 for r in rows if r["out_dir"] and not r["out_dir_exists"])
        if missing:
            progress(
                f"{missing} run folder(s) above were deleted by hand: `briefing diff` cannot open"
                " them, and a digest carries nothing forward from one"
            )


@app.command()
def diff(
    old: Annotated[
        str | None, typer.Argument(help="Older run: run id, run folder or briefing.json.")
    ] = None,
    new: Annotated[
        str | None, typer.Argument(help="Newer run: run id, run folder or briefing.json.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    fmt: Annotated[
        str, typer.Option("--format", help="text (default), json, unified (briefing.md) or html.")
    ] = "text",
    last: Annotated[
        bool, typer.Option("--last", help="Compare the two latest runs in the store.")
    ] = False,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Claim-level review of what changed between two runs (exit 0 same, 1 changed, 2 bad input)."""
    from briefing import diff as dif
    from briefing import verification as ver

    with guarded():
        fmt = fmt.lower()
        if fmt not in ("text", "json", "unified", "html"):
            fail(f"unknown --format {fmt!r}: use text, json, unified or html")
        if json_out and fmt not in ("text", "json"):
            fail(f"--json and --format {fmt} disagree: pass one of them")
        fmt = "json" if json_out else fmt
        if last and (old or new):
            fail("--last compares the two latest runs: pass either --last or OLD NEW, not both")
        if not last and not (old and new):
            fail("name two runs (briefing diff OLD NEW) or pass --last; `briefing runs` lists ids")
        settings = settings_from(database_url=database_url)
        runs = open_store(settings) if last or _has_state(settings) else None
        if last:
            old_ref, new_ref = dif.last_two_runs(runs, settings.out)
            old_label = old_ref.run_id or str(old_ref.path)
            new_label = new_ref.run_id or str(new_ref.path)
        else:
            assert old is not None and new is not None
            old_ref = dif.locate_run(old, runs, settings.out)
            new_ref = dif.locate_run(new, runs, settings.out)
            old_label, new_label = old, new
        old_b, new_b = ver.load_briefing(old_ref.path), ver.load_briefing(new_ref.path)
        d = dif.diff_briefings(
            old_b,
            new_b,
            old_info=dif.run_info(old_b, old_ref.run_id, old_ref.path),
            new_info=dif.run_info(new_b, new_ref.run_id, new_ref.path),
        )
        if fmt == "json":
            emit_json(d.model_dump(mode="json"))
        elif fmt == "unified":
            old_md, new_md = dif.run_markdowns(old_b, new_b, old_ref.path, new_ref.path)
            sys.stdout.write(dif.unified_markdown(old_md, new_md, old_label, new_label))
        elif fmt == "html":
            sys.stdout.write(dif.diff_html(d, old_b, new_b))
        else:
            for line in dif.format_diff(d):
                out.print(line, markup=True, emoji=False)
        raise typer.Exit(0 if d.identical else 1)


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
    from briefing import digest as dig
    from briefing import render

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
    from briefing import digest as dig

    with guarded():
        settings = settings_from(corpus=corpus, out=out_dir, model=model, base_url=base_url)
        for line in dig.schedule_snippets(cron, settings, Path(sys.argv[0])):
            out.print(line, markup=False)


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
    from briefing import prompting

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
    from briefing import storecopy

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
    from briefing import doctor as doc
    from briefing import store

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
        if json_out:
            emit_json(found)
        else:
            for line in _doctor_lines(found):
                out.print(line, markup=False)
            for p in found["problems"]:
                out.print(f"problem: {p}", markup=False)
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


def _doctor_archive(settings: Settings, rebuild: bool, json_out: bool) -> None:
    """doctor with a team archive: the server (reachable, version, schema, counts) and the rest."""
    from briefing import doctor as doc

    if rebuild:
        fail(
            "--rebuild recreates the SQLite state under BRIEFING_HOME, not a team archive: unset"
            " BRIEFING_DATABASE_URL to rebuild the local state; `briefing ingest` re-reads a"
            " changed corpus into the archive"
        )
    found = doc.report(settings)
    if json_out:
        emit_json(found)
    else:
        for line in _doctor_lines(found):
            out.print(line, markup=False)
        for p in found["problems"]:
            out.print(f"problem: {p}", markup=False)
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
