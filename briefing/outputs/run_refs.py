"""Finding the runs to compare: a run folder, a briefing.json, a run id, or the last two."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.core.errors import CorpusError
from briefing.core.protocols import RunLog

# --- finding runs -------------------------------------------------------------------


@dataclass(frozen=True)
class RunRef:
    """A resolved run: its briefing.json and, when known, its run id."""

    path: Path
    run_id: str | None


def locate_run(ref: str, runs: RunLog | None, out_dir: Path) -> RunRef:
    """Find a run by path (file or run folder), store run id, or folder name under `out_dir`."""
    given = Path(ref)
    if given.is_file():
        return RunRef(given, None)
    if (given / "briefing.json").is_file():
        return RunRef(given / "briefing.json", given.resolve().name)
    rows = runs.list_runs() if runs is not None else []
    row = next((r for r in rows if r["id"] == ref), None)
    if row is not None and (Path(row["out_dir"]) / "briefing.json").is_file():
        return RunRef(Path(row["out_dir"]) / "briefing.json", ref)
    folder = out_dir / ref
    if (folder / "briefing.json").is_file():
        return RunRef(folder / "briefing.json", ref)
    if row is not None:
        in_store = f"run id {ref} is in the store but {row['out_dir']} has no briefing.json"
    else:
        in_store = f"no run id {ref!r} among the {len(rows)} runs in the store"
    in_path = f"folder {given} has no briefing.json" if given.is_dir() else f"no file {given}"
    raise CorpusError(
        f"run {ref!r} not found: {in_store}; no {folder / 'briefing.json'}; {in_path}."
        " `briefing runs` lists run ids; or pass a run folder or a briefing.json path"
    )


def resolve_run(ref: str, runs: RunLog | None, out_dir: Path) -> Path:
    """The briefing.json of a run given as a run id, a run folder or a briefing.json path."""
    return locate_run(ref, runs, out_dir).path


def last_two_runs(runs: RunLog | None, out_dir: Path) -> tuple[RunRef, RunRef]:
    """The two latest runs of the store (by created_at), oldest first."""
    rows = runs.list_runs() if runs is not None else []
    if len(rows) < 2:
        raise CorpusError(
            f"--last needs two runs in the store, found {len(rows)}: run `briefing generate`"
            " again, or name the runs (briefing diff OLD NEW)"
        )
    rows = sorted(rows, key=lambda r: (r["created_at"], r["id"]))
    return locate_run(rows[-2]["id"], runs, out_dir), locate_run(rows[-1]["id"], runs, out_dir)
