"""Triage: how many of the second corpus's gold answer sentences reach a model call.

    python bench/bench_triage.py [--corpus corpus3] [--passages 16 24 32] [--calls 16]

Ingests tests/fixtures/corpus2 into a temporary BRIEFING_HOME, plans the run the way
`briefing generate` does (no model call) and counts, against the gold reading
(tests/fixtures/corpus2_reading.md: 9 aims, each with its verbatim sentences):

* in the retrieved passages: the gold sentences and aims retrieval reaches at all;
* triage: those in the sentences triage chose, one model call each;
* first two: those in the first two sentences of each retrieved passage (what the 135M
  model cited, more often than not, before triage: BENCHMARKS.md, "Briefing quality").

The seeds have no sentence-level gold, so they are read by hand instead (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_merge import gold_sentences, topic_of

from briefing import store
from briefing.core.config import load_settings
from briefing.generation import generate, strategies
from briefing.retrieval import retrieve
from briefing.text import passages
from briefing.text.textnorm import normalize

FIXTURES = REPO / "tests" / "fixtures"


def _key(text: str) -> str:
    return " ".join(normalize(text).split())


def measure(name: str, n_passages: int, calls: int, home: Path) -> dict[str, tuple[int, int]]:
    """(gold sentences found, aims found) for the retrieved passages, triage, and first two."""
    topic = topic_of(name)
    settings, _ = load_settings(
        {"corpus": FIXTURES / name, "topic": topic, "passages": n_passages, "map_calls": calls,
         "strategy": "map-reduce"},
        env={"BRIEFING_HOME": str(home)}, cwd=REPO,
    )  # fmt: skip
    passages.set_tiktoken_cache(settings.home)
    st = store.Store.open(settings.db_path, settings.corpus)
    generate.ingest(st, settings, lambda *_a, **_k: None)
    plan = generate.plan_run(st, settings)
    # The pool triage chooses from: map-reduce reads `pool_spread` times per_doc a document.
    hits, _ = retrieve.search_documents(
        st, topic, k=n_passages, per_doc=settings.per_doc * strategies.MapReduce.pool_spread,
        token_budget=settings.prompt_tokens,
        encode=strategies._encoder(settings).encode,  # type: ignore[union-attr]
    )  # fmt: skip
    by_passage = st.passage_sentences([h.id for h in hits])
    retrieved = {_key(s.text) for ss in by_passage.values() for s in ss}
    first_two = {_key(s.text) for ss in by_passage.values() for s in ss[:2]}
    # The answer of a unit is its last sentence; the one before it is only context.
    chosen = {_key(src.sentences[-1].sentence.text) for src in plan.sources}
    gold = gold_sentences(name)
    out = {}
    for name, pool in (("retrieved", retrieved), ("triage", chosen), ("first two", first_two)):
        # Contained, not equal: an interview's sentence carries its speaker ("Zhao: We ..."),
        # and triage may quote only the clause after a lead-in's colon.
        found = [
            (aim, s) for aim, _doc, s in gold if any(_key(s) in p or p in _key(s) for p in pool)
        ]
        out[name] = (len(found), len({aim for aim, _ in found}))
    out["gold"] = (len(gold), len({aim for aim, _, _ in gold}))
    return out


def main() -> None:
    """Print one table row per passage count, and the old pipeline's row."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--passages", type=int, nargs="+", default=[16, 24, 32])
    ap.add_argument("--calls", type=int, default=16)
    ap.add_argument("--corpus", default="corpus2", help="a tests/fixtures corpus with a reading")
    args = ap.parse_args()
    os.environ.setdefault("BRIEFING_EMBEDDINGS", "auto")
    print(f"{args.corpus}: {topic_of(args.corpus)!r}; map calls: {args.calls}")
    print("| passages | gold sentences (aims) retrieved | chosen by triage |")
    print("|---:|---|---|")
    before = None
    for n in args.passages:
        with tempfile.TemporaryDirectory(prefix="briefing-bench-triage-") as home:
            r = measure(args.corpus, n, args.calls, Path(home))
        total, aims = r["gold"]
        if n == args.calls:
            before = r["first two"]
        cells = [f"{r[k][0]}/{total} ({r[k][1]}/{aims})" for k in ("retrieved", "triage")]
        print(f"| {n} | " + " | ".join(cells) + " |")
    if before is not None:
        # The old pipeline: one call per passage, the model citing (mostly) its first two.
        print(
            f"\nbefore triage ({args.calls} passages, a call each, its first two sentences):"
            f" {before[0]}/{total} ({before[1]}/{aims})"
        )


if __name__ == "__main__":
    main()
