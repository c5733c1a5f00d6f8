"""Scheduled digests: brief only on what is new since the last digest, carry forward what still stands."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import Field

from briefing.core import dburl
from briefing.core.config import Settings
from briefing.core.errors import BriefingError, ConfigError, LockedError, NoEvidenceError, safe_url
from briefing.core.files import flock_within
from briefing.core.models import Claim, DigestNote, Strict
from briefing.core.protocols import DigestLocking, RunLog, StateStore
from briefing.corpus.dedupe import near_duplicates
from briefing.generation import generate
from briefing.outputs import render
from briefing.verification import load_briefing

DONE_STATUSES = ("ok", "no-evidence")


class DigestResult(Strict):
    """What a digest did: nothing new, no evidence in what is new, or a written run."""

    status: str = Field(description="'nothing-new', 'no-evidence' or 'written'.")
    message: str
    new_docs: list[str] = Field(default_factory=list)
    merged: dict[str, str] = Field(default_factory=dict, description="duplicate -> kept copy")
    out_dir: str = ""
    verified: int = 0
    carried: int = 0


@contextlib.contextmanager
def digest_lock(home: Path, wait: float = 0.0) -> Iterator[None]:
    """One digest at a time: an flock the kernel releases if we die, so it never goes stale."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "digest.lock"
    fh = open(path, "a+")  # noqa: SIM115 - held for the whole block
    try:
        if not flock_within(fh, wait):
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            raise LockedError(
                f"another digest is running ({holder}, lock {path}): wait for it to"
                " finish, or pass --wait SECONDS to queue behind it"
            )
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {render.utc_now()}")
        fh.flush()
        yield
    finally:
        fh.close()  # closing releases the lock


def last_digest(runs: RunLog, key: str) -> dict[str, Any] | None:
    """The latest digest that finished of the corpus stored under `key`."""
    rows = [
        r
        for r in runs.list_runs(kind="digest")
        if r["root"] == key and r["status"] in DONE_STATUSES
    ]
    return rows[-1] if rows else None


def carried_claims(
    previous: dict[str, Any] | None, warn: Callable[[str], None] = lambda _m: None
) -> list[Claim]:
    """The verified judgments of the previous digest, marked as carried forward.

    A scheduled digest must keep running when its predecessor's folder was deleted or its
    briefing.json edited by hand: it says so, carries nothing, and briefs on what is new.
    """
    if not previous or not previous["out_dir"]:
        return []
    path = Path(previous["out_dir"]) / "briefing.json"
    if not path.is_file():
        warn(f"the previous digest's {path} is gone (deleted by hand?): nothing carried forward")
        return []
    try:
        earlier = load_briefing(path)
    except BriefingError as exc:
        warn(f"the previous digest is unreadable ({exc}): nothing carried forward")
        return []
    return [
        c.model_copy(update={"id": f"C{n}", "carried_forward": True})
        for n, c in enumerate(earlier.all_claims(), start=1)
    ]


def digest_dir(out: Path, now: datetime) -> Path:
    """outputs/digests/<date>/, or <date>-<n> when several run the same day."""
    base = out / "digests" / now.strftime("%Y-%m-%d")
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def run_digest(
    store: StateStore,
    settings: Settings,
    progress: generate.Progress,
    wait: float = 0.0,
    collect: Callable[[], None] | None = None,
) -> DigestResult:
    """Ingest, find what is new since the last digest, and brief on it alone.

    `collect` (the import of `--import`/`feeds`) runs first, under the same lock.
    """
    root = store.root
    # A team archive's lock is the server's, so digests on other machines queue on it too.
    lock = (
        store.digest_lock(wait)
        if isinstance(store, DigestLocking)
        else digest_lock(settings.home, wait)
    )
    with lock:
        if collect is not None:
            collect()
        ingested = generate.ingest(store, settings, progress)  # the run's one sync
        documents = store.documents()
        previous = last_digest(store, store.key)
        before: dict[str, str] = previous["documents"] if previous else {}
        new = [d for d in documents if before.get(d.doc) != d.sha256]
        since = previous["created_at"] if previous else "the first digest"
        if not new:
            return DigestResult(status="nothing-new", message=f"nothing new since {since}")
        old = [d for d in documents if before.get(d.doc) == d.sha256]
        merged = near_duplicates(root, new, old, settings.max_file_bytes)
        fresh = [d.doc for d in new if d.doc not in merged]
        for dup, kept in merged.items():
            progress(f"{dup} repeats {kept}: counted once")
        state = {d.doc: d.sha256 for d in documents}
        carried = carried_claims(previous, warn=progress)
        try:
            result = generate.run_generate(
                store,
                settings,
                progress,
                kind="digest",
                ingested=ingested,
                only_docs=fresh,
                carried=carried,
                target=digest_dir(settings.out, datetime.now(UTC)),
                digest=DigestNote(since=since, new=fresh, merged=merged),
            )
        except NoEvidenceError:
            # Nothing new is about the topic: remember we looked, publish nothing.
            store.record_run(
                {
                    "id": f"digest-{render.utc_now()}",
                    "kind": "digest",
                    "created_at": render.utc_now(),
                    "status": "no-evidence",
                    "topic": settings.topic,
                    "model": "",
                    "out_dir": previous["out_dir"] if previous else "",
                    "verified": 0,
                    "dropped": 0,
                    "cost": 0.0,
                    "documents": state,
                },
            )
            return DigestResult(
                status="no-evidence",
                new_docs=fresh,
                merged=merged,
                message=f"{len(fresh)} new documents since {since}, none about the topic",
            )
        new_claims = len(result.briefing.sections[0].claims) if result.briefing.sections else 0
        still = sum(len(s.claims) for s in result.briefing.sections[1:])
        return DigestResult(
            status="written",
            new_docs=fresh,
            merged=merged,
            out_dir=str(result.out_dir),
            verified=new_claims,
            carried=still,
            message=(
                f"{len(fresh)} new documents since {since}: {new_claims} new judgments,"
                f" {still} carried forward; written to {result.out_dir}"
            ),
        )


def schedule_snippets(cron: str, settings: Settings, executable: Path) -> list[str]:
    """A crontab line and a systemd service+timer pair, with absolute paths of this installation.

    Every path and value is quoted for what reads it: POSIX sh (and cron's `%`) for the crontab
    line, systemd.syntax(7) for the units. The digest gets the state directory, corpus, output
    folder, endpoint and model of these settings; never the API key.
    """
    fields = cron.split()
    if len(fields) != 5:
        raise ConfigError(f"--cron {cron!r} is not a 5-field cron expression: use e.g. '0 7 * * *'")
    exe = _briefing_executable(executable)
    workdir = Path.cwd().resolve()
    home = settings.home.resolve()
    log = home / "digest.log"
    args = [
        "--quiet",
        "digest",
        "--corpus",
        str(settings.corpus.resolve()),
        "--out",
        str(settings.out.resolve()),
    ]
    env = {"BRIEFING_HOME": str(home)}
    notes: list[str] = []
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    if settings.base_url:
        if safe_url(settings.base_url) == settings.base_url and not (
            key and key in settings.base_url
        ):
            env["BRIEFING_BASE_URL"] = settings.base_url
        else:
            notes.append(
                "# base_url holds a password or query values: not written here; set it in"
                " briefing.toml (chmod 600) in the working directory"
            )
    if settings.model:
        env["BRIEFING_MODEL"] = settings.model
    if settings.database_url:
        # The team archive: the URL goes in only without a password (~/.pgpass holds that).
        if not dburl.password_of(settings.database_url):
            env["BRIEFING_DATABASE_URL"] = settings.database_url
        else:
            notes.append(
                "# database_url holds a password: not written here; keep the password in"
                " ~/.pgpass and set database_url without it in briefing.toml"
            )
    if settings.machine:
        env["BRIEFING_MACHINE"] = settings.machine
    if key:
        notes.append(
            "# The API key is not written here: cron and systemd do not see your shell's"
            " variables, so keep it in briefing.toml (chmod 600) in the working directory"
        )
    for value in [str(exe), str(workdir), str(log), *args, *env.values()]:
        _check_schedulable(value)
    if str(workdir).endswith(("\\", " ", "\t")):
        raise ConfigError(
            f"cannot schedule from {workdir!r}: systemd's WorkingDirectory= cannot end with a"
            " space or backslash; run `briefing schedule` from another folder"
        )
    cron_env = " ".join(f"{name}={_cron_word(value)}" for name, value in env.items())
    cron_cmd = " ".join(_cron_word(w) for w in [str(exe), *args])
    minute, hour, dom, month, dow = fields
    on_calendar = _on_calendar(minute, hour, dom, month, dow)
    return [
        "# crontab -e  (cron mails any output; a non-zero exit means the digest failed)",
        *notes,
        f"{cron} cd {_cron_word(str(workdir))} && {cron_env} {cron_cmd}"
        f" >> {_cron_word(str(log))} 2>&1",
        "",
        "# ~/.config/systemd/user/briefing-digest.service",
        "[Unit]",
        "Description=briefing digest of newly collected articles",
        "",
        "[Service]",
        "Type=oneshot",
        # A path setting: taken as written up to the line's end (no quotes), specifiers expanded.
        f"WorkingDirectory={_systemd_specifiers(str(workdir))}",
        *(f"Environment={_systemd_word(f'{name}={value}')}" for name, value in env.items()),
        *_systemd_exec(str(exe), args),
        "",
        "# ~/.config/systemd/user/briefing-digest.timer",
        "[Unit]",
        "Description=Run the briefing digest on schedule",
        "",
        "[Timer]",
        f"OnCalendar={on_calendar}",
        "Persistent=true",
        "",
        "[Install]",
        "WantedBy=timers.target",
        "",
        "# then: systemctl --user daemon-reload && systemctl --user enable --now briefing-digest.timer",
    ]


def _check_schedulable(value: str) -> None:
    """A crontab entry is one line, and a unit setting too: no line breaks or other controls."""
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ConfigError(
            f"cannot schedule {value!r}: it holds a line break or control character, which a"
            " crontab line or systemd unit cannot carry; rename it"
        )


def _cron_word(value: str) -> str:
    """One word for the crontab command, which cron hands to /bin/sh.

    shlex.quote makes it one literal sh word; cron itself turns an unescaped `%` into a line
    break (the rest becomes stdin) and `\\%` into `%`, so each `%` is written `\\%` outside
    the sh quotes, where no backslash of the value can precede it.
    """
    parts = value.split("%")
    return "\\%".join(shlex.quote(p) if p else "" for p in parts) or "''"


_SYSTEMD_PLAIN = re.compile(r"[A-Za-z0-9@+=:,./_-]+")


def _systemd_specifiers(value: str) -> str:
    """`%` is a specifier in unit files: `%%` is a literal percent sign."""
    return value.replace("%", "%%")


def _systemd_word(value: str, *, exec_arg: bool = False) -> str:
    """One word of an Environment= or ExecStart= line (systemd.syntax(7), systemd.service(5)).

    Quoted with double quotes when it holds anything but plain characters, with C escapes for
    backslash and double quote; `%` is doubled (specifiers) and, in an argument of an Exec
    line, `$` is too (systemd substitutes $VAR and ${VAR} there).
    """
    if exec_arg:
        value = value.replace("$", "$$")
    value = _systemd_specifiers(value)
    if _SYSTEMD_PLAIN.fullmatch(value.replace("%%", "").replace("$$", "") or "x"):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _systemd_exec(exe: str, args: list[str]) -> list[str]:
    """The ExecStart= line (with a comment when the executable needs a detour).

    systemd substitutes $VAR in the arguments, not in the executable's path, and refuses a
    path holding a quote or backslash ("Executable name contains special characters"): such
    a path is handed to /bin/sh as an argument, which runs it with the same arguments.
    """
    words = [_systemd_word(exe)]
    comment: list[str] = []
    if any(c in exe for c in "\"'\\"):
        comment = ["# systemd runs no program whose path holds a quote or backslash: sh starts it"]
        words = ["/bin/sh", "-c", _systemd_word('exec "$0" "$@"', exec_arg=True)]
        words.append(_systemd_word(exe, exec_arg=True))
    words += [_systemd_word(a, exec_arg=True) for a in args]
    return [*comment, "ExecStart=" + " ".join(words)]


def _briefing_executable(argv0: Path) -> Path:
    """The absolute path of the `briefing` script that is running (or the venv's)."""
    if argv0.name == "briefing" and argv0.exists():
        return argv0.resolve()
    found = shutil.which("briefing")
    if found:
        return Path(found).resolve()
    return Path(sys.executable).resolve().parent / "briefing"


def _on_calendar(minute: str, hour: str, dom: str, month: str, dow: str) -> str:
    """systemd OnCalendar for a simple cron expression (lists, ranges and * carry over)."""
    days = {
        "0": "Sun",
        "1": "Mon",
        "2": "Tue",
        "3": "Wed",
        "4": "Thu",
        "5": "Fri",
        "6": "Sat",
        "7": "Sun",
    }
    weekday = ""
    if dow != "*":
        parts = ["..".join(days.get(x, x) for x in d.split("-")) for d in dow.split(",")]
        weekday = ",".join(parts) + " "
    month = "*" if month == "*" else month.replace("-", "..")
    dom = "*" if dom == "*" else dom.replace("-", "..")
    hour = "*" if hour == "*" else hour.replace("-", "..")
    minute = "*" if minute == "*" else minute.replace("-", "..")
    return f"{weekday}*-{month}-{dom} {_pad(hour)}:{_pad(minute)}:00"


def _pad(value: str) -> str:
    return value.zfill(2) if value.isdigit() else value
