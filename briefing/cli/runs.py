"""Commands over runs: generate, verify, runs and diff."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from briefing.core.config import Settings
from briefing.core.errors import CorpusError

if TYPE_CHECKING:
    from briefing.core.models import Briefing, VerificationReport
    from briefing.core.protocols import Judge

from briefing.cli.main import (
    app,
    emit_json,
    fail,
    guarded,
    has_state,
    open_store,
    out,
    progress,
    settings_from,
)
from briefing.cli.options import (
    BaseUrlOpt,
    CorpusOpt,
    DatabaseUrlOpt,
    JsonOpt,
    JudgeOpt,
    ModelOpt,
    SupportThresholdOpt,
    with_model_options,
)


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
    from briefing.generation import generate as gen
    from briefing.outputs import render

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
    from briefing import verification as ver
    from briefing.outputs import render

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
    from briefing.generation.server import EMBEDDED_MODEL

    embedded = not settings.base_url or settings.model == EMBEDDED_MODEL
    if not settings.judge_on(embedded=embedded):
        return run()
    from briefing.generation.generate import open_endpoint
    from briefing.generation.judge import model_judge

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
    from briefing import verification as ver
    from briefing.outputs import diff as dif
    from briefing.outputs import diff_review as review
    from briefing.outputs import run_refs as refs

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
        runs = open_store(settings) if last or has_state(settings) else None
        if last:
            old_ref, new_ref = refs.last_two_runs(runs, settings.out)
            old_label = old_ref.run_id or str(old_ref.path)
            new_label = new_ref.run_id or str(new_ref.path)
        else:
            assert old is not None and new is not None
            old_ref = refs.locate_run(old, runs, settings.out)
            new_ref = refs.locate_run(new, runs, settings.out)
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
            old_md, new_md = review.run_markdowns(old_b, new_b, old_ref.path, new_ref.path)
            sys.stdout.write(review.unified_markdown(old_md, new_md, old_label, new_label))
        elif fmt == "html":
            sys.stdout.write(review.diff_html(d, old_b, new_b))
        else:
            for line in review.format_diff(d):
                out.print(line, markup=True, emoji=False)
        raise typer.Exit(0 if d.identical else 1)
