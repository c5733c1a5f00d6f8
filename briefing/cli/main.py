"""The command line's shell: the app, the consoles, progress, one-line errors and exit codes, settings and the store.

The cli package is the only place that prints or exits; the commands live in `sources`,
`runs`, `scheduled` and `maintenance`.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
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

from briefing import __version__
from briefing.core import dburl
from briefing.core.config import Settings, load_settings
from briefing.core.errors import BriefingError, redact
from briefing.text.textnorm import printable

if TYPE_CHECKING:
    from briefing.core.models import IngestReport
    from briefing.core.protocols import CommandStore

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
    from briefing.store.opening import open_state

    state = open_state(settings)
    if settings.database_url:
        STATE.opened = (*STATE.opened, state)  # its pool is closed when the command ends
    return state


def has_state(settings: Settings) -> bool:
    """Whether there is a state to read: the archive is configured, or the SQLite file exists."""
    return bool(settings.database_url) or settings.db_path.is_file()


def sync(store: CommandStore, settings: Settings, bars: bool = False) -> IngestReport:
    """The command's one corpus sync (with progress bars for `ingest`)."""
    from briefing.corpus.sync import sync_corpus

    if not bars:
        return sync_corpus(
            store,
            settings.passage_tokens,
            warn=progress,
            max_file_bytes=settings.max_file_bytes,
            workers=settings.ingest_workers,
        )
    return sync_corpus(
        store,
        settings.passage_tokens,
        warn=lambda m: err.print(f"warning: {m}", markup=False),
        progress=lambda done, total: progress("ingesting", done, total),
        indexing=lambda done, total: progress("building the search index", done, total),
        max_file_bytes=settings.max_file_bytes,
        workers=settings.ingest_workers,
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
