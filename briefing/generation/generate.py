"""The generate pipeline: ingest, retrieve, prompt, model, resolve, verify, render, write."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefing.core.config import Settings
from briefing.core.errors import ModelOutputError
from briefing.core.models import (
    Briefing,
    Claim,
    DigestNote,
    IngestReport,
    Strict,
    VerificationReport,
)
from briefing.core.protocols import Progress, StateStore
from briefing.corpus.sync import sync_corpus
from briefing.generation import llm, points, server
from briefing.generation.calls import call_model
from briefing.generation.carry import recount, unrepeated
from briefing.generation.claims import assemble, compose_claims
from briefing.generation.judge import ModelJudge, model_judge
from briefing.generation.plan import plan_run
from briefing.outputs import render


class RunResult(Strict):
    """What a finished generate run produced."""

    run_id: str
    out_dir: Path
    briefing: Briefing
    report: VerificationReport
    manifest: dict[str, Any]


@contextlib.contextmanager
def open_endpoint(settings: Settings, progress: Progress) -> Iterator[llm.Endpoint]:
    """The configured endpoint, or the embedded llama.cpp server for the length of the block."""
    common = {
        "timeout": settings.timeout,
        "max_retries": settings.max_retries,
        "prices": settings.prices,
        "api_key": settings.api_key.get_secret_value() if settings.api_key else "",
    }
    if settings.base_url:
        yield llm.Endpoint(base_url=settings.base_url, model=settings.model or "default", **common)
        return
    progress("starting the embedded model (SmolLM2-135M-Instruct on llama.cpp)")
    with server.embedded_server(settings.home / "logs", threads=settings.threads) as url:
        yield llm.Endpoint(base_url=url, model=server.EMBEDDED_MODEL, embedded=True, **common)


def _open_judge(
    store: StateStore, settings: Settings, endpoint: llm.Endpoint, progress: Progress
) -> ModelJudge | None:
    """The model judge on `endpoint` when the judge setting turns it on there, else None."""
    # The embedded model, started by briefing or served by name, judges at chance.
    if not settings.judge_on(embedded=endpoint.embedded or endpoint.model == server.EMBEDDED_MODEL):
        return None
    progress(f"judging doubtful claims with {endpoint.model} (--judge {settings.judge})")
    return model_judge(endpoint, settings.prompts, store.replies, use_cache=not settings.no_cache)


class Ingested(Strict):
    """A command's one corpus sync: what it changed and how long it took."""

    report: IngestReport
    seconds: float


def ingest(store: StateStore, settings: Settings, progress: Progress) -> Ingested:
    """Sync the store with the corpus (once per command), reporting progress."""
    t0 = time.monotonic()
    progress(f"ingesting {store.root}")
    report = sync_corpus(
        store,
        settings.passage_tokens,
        warn=progress,
        progress=lambda done, total: progress("ingesting", done, total),
        indexing=lambda done, total: progress("building the search index", done, total),
        max_file_bytes=settings.max_file_bytes,
        workers=settings.ingest_workers,
    )
    return Ingested(report=report, seconds=time.monotonic() - t0)


def run_generate(
    store: StateStore,
    settings: Settings,
    progress: Progress,
    *,
    kind: str = "generate",
    ingested: Ingested | None = None,
    only_docs: list[str] | None = None,
    carried: list[Claim] | None = None,
    target: Path | None = None,
    digest: DigestNote | None = None,
) -> RunResult:
    """The whole job; the run directory appears only once every file is written.

    A digest passes the sync it already did (`ingested`), `only_docs` (retrieve from new
    documents only), `carried` (earlier judgments to re-verify), `target` (its dated
    folder) and `digest` (what was new and what it merged).
    """
    root = store.root
    if ingested is None:
        ingested = ingest(store, settings, progress)
    t0 = time.monotonic() - ingested.seconds
    timings: dict[str, float] = {"ingest": ingested.seconds}

    t = time.monotonic()
    plan = plan_run(store, settings, only_docs)
    timings["retrieve_and_prompt"] = time.monotonic() - t

    t = time.monotonic()
    with open_endpoint(settings, progress) as endpoint:
        timings["model_start"] = time.monotonic() - t
        t = time.monotonic()
        progress(f"asking {endpoint.model} ({len(plan.calls)} calls, {plan.strategy.name})")
        try:
            model_run = call_model(store, settings, plan, endpoint, progress)
        except ModelOutputError as exc:
            # Nothing is published, but the reply is kept for the analyst to read.
            saved = render.save_failure(settings.out, exc.raw, settings, plan.template_hashes)
            raise ModelOutputError(
                f"{exc} (raw reply saved in {saved}): run again, or use a more capable model"
                " (--model / --base-url)",
                raw=exc.raw,
            ) from exc
        timings["model"] = time.monotonic() - t

        t = time.monotonic()
        findings, usage, served = model_run.findings, model_run.usage, model_run.served
        listed = plan.documents
        carried_docs = {c.doc for cl in carried or [] for c in cl.citations} - {
            d.doc for d in listed
        }
        earlier = store.documents(only=sorted(carried_docs)) if carried_docs else []
        # Opened before composing: with a capable endpoint the judge settles the checks'
        # soft doubts about its sentences, and verifies the briefing while it is still open.
        judge = _open_judge(store, settings, endpoint, progress)
        # Map-reduce findings come one source at a time: a merged group's common point is
        # asked for separately (a single prompt's own sentence already states it).
        client = llm.make_client(endpoint)
        point = (
            points.point_writer(
                client,
                endpoint,
                settings,
                store.replies,
                {d.doc: d for d in plan.documents},
                progress,
                usage,
            )
            if plan.strategy.name == "map-reduce"
            else None
        )
        try:
            composed = compose_claims(
                settings, root, plan, findings, carried, earlier, judge, point=point
            )
        finally:
            client.close()
        claims, rejected = composed.claims, composed.rejected
        if composed.absorbed:
            # A carried judgment a new source now supports stands inside the new judgment.
            ids = ", ".join(composed.absorbed)
            progress(f"a new source makes the same point as {ids}: merged into a new judgment")
            carried = [c for c in carried or [] if c.id not in composed.absorbed]
        if carried:
            # A document that changed only by appended text is "new", and today's finding may
            # cite what a carried judgment cites: one judgment, never two (nor a carried one
            # twice), matched by what they cite and by their key.
            carried = unrepeated(carried, claims)
        if carried and composed.sources:
            # One briefing, one count: a carried "Two of seven" beside a new "Two of eight".
            carried = [recount(c, composed.sources) for c in carried]
        generated_at = render.utc_now()
        if earlier:
            listed = sorted(listed + earlier, key=lambda d: d.doc)
        try:
            briefing, report = assemble(
                settings,
                root,
                listed,
                claims,
                served,
                generated_at,
                carried=carried,
                judge=judge,
                rejected=rejected,
            )
        finally:
            if judge is not None:
                judge.close()
                usage.add(judge.usage)
    if digest is not None:
        # A digest's briefing says what was new and what it merged.
        briefing = briefing.model_copy(update={"digest": digest})
    timings["verify"] = time.monotonic() - t

    t = time.monotonic()
    manifest = render.manifest(
        kind=kind,
        settings=settings,
        inputs=plan.corpus,
        template_hashes=plan.template_hashes,
        prompts=plan.prompts,
        model=served,
        strategy=plan.strategy.name,
        usage=usage,
        timings=timings,
        briefing=briefing,
        report=report,
        ingest=ingested.report,
        extra={
            "model_failures": len(model_run.failures),
            **({"digest": digest.model_dump(mode="json")} if digest is not None else {}),
        },
    )
    run_id = render.run_id(generated_at, manifest)
    verified = sum(len(s.claims) for s in briefing.sections)

    def record(final: Path) -> None:
        # Runs inside the publishing step: the folder and its row appear together or not at all.
        store.record_run(
            {
                "id": final.name if kind == "generate" else f"{kind}-{final.name}",
                "kind": kind,
                "created_at": generated_at,
                "status": "ok" if verified else "failed",
                "topic": settings.topic,
                "model": served,
                "out_dir": str(final.resolve()),
                "verified": verified,
                "dropped": len(report.claims) - verified,
                "cost": usage.cost_usd,
                "documents": plan.corpus,
            },
        )

    final = render.write_run(
        settings.out,
        run_id,
        briefing,
        report,
        manifest,
        documents=listed,
        root=root,
        max_file_bytes=settings.max_file_bytes,
        failures=model_run.failures,
        target=target,
        on_publish=record,
    )
    timings["render"] = time.monotonic() - t
    timings["total"] = time.monotonic() - t0
    return RunResult(
        run_id=final.name, out_dir=final, briefing=briefing, report=report, manifest=manifest
    )


def dry_run(store: StateStore, settings: Settings, progress: Progress) -> dict[str, Any]:
    """Render the prompts and estimate tokens and cost; call no model."""
    sync_corpus(
        store,
        settings.passage_tokens,
        warn=progress,
        max_file_bytes=settings.max_file_bytes,
        workers=settings.ingest_workers,
    )
    plan = plan_run(store, settings)
    model = settings.model or server.EMBEDDED_MODEL
    completion = plan.strategy.max_tokens * len(plan.calls)
    endpoint = llm.Endpoint(
        base_url=settings.base_url or "embedded", model=model, prices=settings.prices
    )
    return {
        "strategy": plan.strategy.name,
        "model": model,
        "calls": len(plan.calls),
        "prompt_tokens": plan.prompt_tokens,
        "max_completion_tokens": completion,
        "estimated_cost_usd": llm.cost_of(endpoint, plan.prompt_tokens, completion),
        "sources": sorted({s.doc for s in plan.sources}),
        "prompts": plan.prompts,
    }
