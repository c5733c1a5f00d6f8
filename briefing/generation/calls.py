"""Model calls: one call with its re-ask and cache, and a cancellable pool running many."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from briefing.compose import Finding
from briefing.core.config import Settings
from briefing.core.errors import ModelOutputError
from briefing.core.models import (
    Strict,
)
from briefing.core.protocols import Progress, StateStore
from briefing.generation import llm
from briefing.generation.plan import Plan


class ModelRun(Strict):
    """The model step's outcome: findings, usage, the model served, and failed calls kept for review."""

    findings: list[Finding]
    usage: llm.Usage
    served: str
    failures: list[dict[str, Any]] = Field(default_factory=list)


def call_model(
    store: StateStore,
    settings: Settings,
    plan: Plan,
    endpoint: llm.Endpoint,
    progress: Progress,
) -> ModelRun:
    """Run the plan's prompts (the map step concurrently, bounded) and collect findings."""
    client = llm.make_client(endpoint)
    lock = threading.Lock()
    done = 0
    run = ModelRun(findings=[], usage=llm.Usage(), served=endpoint.model)

    strategy = plan.strategy

    def one(i: int) -> tuple[int, llm.Result[BaseModel] | ModelOutputError]:
        nonlocal done
        call = plan.calls[i]
        outcome: llm.Result[BaseModel] | ModelOutputError
        try:
            outcome = llm.complete_json(
                client,
                endpoint,
                call.messages,
                strategy.answer(call),
                store.replies,
                lock=lock,
                max_tokens=strategy.max_tokens,
                use_cache=not settings.no_cache,
            )
        except ModelOutputError as exc:
            outcome = exc
        with lock:
            done += 1
            progress(f"model calls ({strategy.name})", done, len(plan.calls))
        return i, outcome

    workers = max(1, min(settings.concurrency, len(plan.calls)))
    try:
        outcomes = run_parallel(one, len(plan.calls), workers)
    finally:
        # Calls still in flight after an error or Ctrl-C are abandoned, not awaited;
        # closing the client makes them fail fast instead of finishing in the background.
        with contextlib.suppress(Exception):
            client.close()
    for i, outcome in outcomes:
        if isinstance(outcome, ModelOutputError):
            # One unusable map reply costs one passage, not the run; it is kept
            # in the run's model-failures.json, never dropped silently.
            run.failures.append({"call": i + 1, "error": str(outcome), "raw": outcome.raw})
            continue
        run.usage.add(outcome.usage)
        run.served = outcome.model or run.served
        run.findings += strategy.findings(outcome.value, plan.calls[i])
    if len(run.failures) == len(plan.calls):
        raw = "\n\n=== next call ===\n\n".join(f["raw"] for f in run.failures)
        raise ModelOutputError(run.failures[0]["error"], raw=raw)
    return run


R = TypeVar("R")


def run_parallel(fn: Callable[[int], R], n: int, workers: int) -> list[R]:
    """fn(0) ... fn(n-1) on at most `workers` threads; results in order.

    The first exception (an unreachable endpoint, a locked database) stops the rest: no
    further call starts and calls in flight are not awaited. Ctrl-C and SIGTERM reach the
    main thread while it waits here, and end the run at once for the same reason. The
    threads are daemons, so an abandoned call cannot keep the process alive.
    """
    if n == 0:
        return []
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for i in range(n):
        todo.put(i)
    done: queue.SimpleQueue[tuple[int, bool, Any]] = queue.SimpleQueue()
    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            try:
                i = todo.get_nowait()
            except queue.Empty:
                return
            try:
                done.put((i, True, fn(i)))
            except BaseException as exc:
                done.put((i, False, exc))
                return

    for k in range(max(1, min(workers, n))):
        threading.Thread(target=worker, name=f"briefing-model-{k + 1}", daemon=True).start()
    results: dict[int, R] = {}
    try:
        while len(results) < n:
            try:
                i, ok, value = done.get(timeout=0.25)
            except queue.Empty:
                continue
            if not ok:
                raise value
            results[i] = value
    finally:
        stop.set()
    return [results[i] for i in range(n)]
