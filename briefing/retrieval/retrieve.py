"""Retrieval: BM25 (postings, or FTS5), spread across documents, packed into a token budget."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from briefing.core.models import Document, Passage, SearchHit
from briefing.core.protocols import CorpusStore
from briefing.text.lexicons import data_lines
from briefing.text.textnorm import CONTENT_STOPWORDS, stem, tokenize

# How much the passage's meaning (cosine to the query) counts against its BM25 score.
SEMANTIC_WEIGHT = 0.5
RERANK_MIN = 30  # candidates reranked by meaning at least (3k when k is larger)

# Each further passage from a document already chosen counts this much less,
# so a long article cannot fill the top k on its own (a simple MMR on source).
DOC_DECAY = 0.6


def query_terms(query: str) -> list[str]:
    """Content words of a free-text query, deduplicated, in order."""
    seen: dict[str, None] = {}
    for w in tokenize(query.lower()):
        if w not in CONTENT_STOPWORDS and (len(w) > 1 or w.isdigit()):
            seen.setdefault(w, None)
    return list(seen)


@lru_cache(maxsize=1)
def _expansions() -> dict[str, tuple[str, ...]]:
    """The packaged query-expansion lexicon: a question's verb -> the words writers use for it."""
    out: dict[str, tuple[str, ...]] = {}
    for line in data_lines("query_expansions.txt"):
        if ":" in line:
            head, rest = line.split(":", 1)
            out[head.strip().lower()] = tuple(rest.lower().split())
    return out


def _lexicon_hits(words: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The query words the expansion lexicon knows ("wants" as "want"), with their expansions."""
    table = _expansions()
    hits = []
    for w in words:
        for key in (w, w.rstrip("s"), w[:-2] if w.endswith("ed") else w):
            if key in table:
                hits.append((w, table[key]))
                break
    return hits


def expand_terms(words: list[str]) -> list[str]:
    """Query words plus the lexicon's expansions of the question's verbs ("want" -> "seeks", ...)."""
    return list(dict.fromkeys([*words, *(x for _, extra in _lexicon_hits(words) for x in extra)]))


def intent_terms(query: str) -> list[str]:
    """The question's verbs that the lexicon knows ("want"), with their expansions."""
    return list(
        dict.fromkeys(x for w, extra in _lexicon_hits(query_terms(query)) for x in (w, *extra))
    )


@lru_cache(maxsize=64)
def intent_stems(query: str) -> frozenset[str]:
    """Stems of the question's verb of intent and the words writers use for it."""
    return frozenset(stem(w) for w in intent_terms(query))


def rerank(
    candidates: list[tuple[Passage, float]],
    query: str,
    encode: Callable[[list[str]], Any],
    weight: float = SEMANTIC_WEIGHT,
) -> list[tuple[Passage, float]]:
    """Hybrid order: BM25 scaled to the best candidate, blended with the passage's cosine to the query.

    BM25 alone misses passages that answer in other words ("craves a summit" for "want"),
    and scores near zero any word nearly every passage holds (the protagonist's name).
    """
    if not candidates:
        return candidates
    vecs = encode([query] + [p.text for p, _ in candidates])
    cos = vecs[1:] @ vecs[0]
    best = max(s for _, s in candidates) or 1.0
    scored = [
        (p, (1 - weight) * (s / best) + weight * max(0.0, float(c)))
        for (p, s), c in zip(candidates, cos, strict=True)
    ]
    return sorted(scored, key=lambda x: -x[1])  # stable: ties keep BM25 order


def fts_query(query: str) -> str:
    """An FTS5 MATCH expression: the query's content words, OR-ed, each quoted."""
    terms = query_terms(query)
    return " OR ".join(f'"{t}"' for t in terms)


def search(
    store: CorpusStore,
    query: str,
    k: int = 10,
    per_doc: int | None = None,
    token_budget: int | None = None,
    docs: list[str] | None = None,
) -> list[SearchHit]:
    """The k best passages for query, diversified across documents and within a token budget."""
    return search_documents(store, query, k, per_doc, token_budget, docs)[0]


def search_documents(
    store: CorpusStore,
    query: str,
    k: int = 10,
    per_doc: int | None = None,
    token_budget: int | None = None,
    docs: list[str] | None = None,
    encode: Callable[[list[str]], Any] | None = None,
    exclude: frozenset[str] = frozenset(),
) -> tuple[list[SearchHit], dict[str, Document]]:
    """`search`, with the documents the hits came from (fetched once, for the caller too).

    With `encode` (sentence embeddings), the query is expanded and the candidates reranked
    by meaning as well as by words (`rerank`); without it, plain BM25. Passages of the
    documents in `exclude` (republished copies) are passed over.
    """
    words = query_terms(query)
    if not words or docs == []:
        return [], {}
    if encode is not None:
        words = expand_terms(words)
    candidates = store.rank(words, limit=max(50, k * 10), docs=docs)
    if exclude:
        candidates = [(p, score) for p, score in candidates if p.doc not in exclude]
    if encode is not None:
        # Only the best BM25 candidates are embedded: each costs ~25 ms on 2 cores, and
        # past 3k the ones left are rarely the answer (BENCHMARKS.md, "Briefing quality").
        candidates = rerank(candidates[: max(RERANK_MIN, 3 * k)], query, encode)
    if token_budget is not None:
        # A passage that alone exceeds the budget (a 1 MB one-line "sentence") can never
        # be packed: drop it before ranking so it does not take a slot from one that fits.
        candidates = [(p, score) for p, score in candidates if p.tokens <= token_budget]
    chosen = diversify(candidates, k, per_doc)
    if token_budget is not None:
        chosen = pack(chosen, token_budget)
    meta = {d.doc: d for d in store.documents(only=[p.doc for p, _ in chosen])}
    hits = []
    for passage, score in chosen:
        d = meta.get(passage.doc)
        hits.append(
            SearchHit(
                id=passage.id,
                doc=passage.doc,
                start=passage.start,
                end=passage.end,
                text=passage.text,
                score=round(score, 4),
                title=d.title if d else "",
                outlet=d.outlet if d else "",
                author=d.author if d else "",
                date=d.date if d else "",
            )
        )
    return hits, meta


def diversify(
    candidates: list[tuple[Passage, float]], k: int, per_doc: int | None = None
) -> list[tuple[Passage, float]]:
    """Greedy selection that discounts documents already chosen and caps each document.

    Each pick takes the candidate with the best score * DOC_DECAY**(passages already taken
    from its document), earliest on ties. Only the picked document's value changes, so a heap
    of each document's best remaining candidate gives the same picks in O(n log n).
    """
    by_doc: dict[str, list[int]] = {}
    for i, (p, _) in enumerate(candidates):
        by_doc.setdefault(p.doc, []).append(i)
    for idx in by_doc.values():
        idx.sort(key=lambda i: (-candidates[i][1], i))  # best first within a document
    heap = [(-candidates[idx[0]][1], idx[0], doc) for doc, idx in by_doc.items()]
    heapq.heapify(heap)
    taken: dict[str, int] = {}
    out: list[tuple[Passage, float]] = []
    while heap and len(out) < k:
        _, i, doc = heapq.heappop(heap)
        n = taken.get(doc, 0)
        if per_doc is not None and n >= per_doc:
            continue
        out.append(candidates[i])
        taken[doc] = n + 1
        rest = by_doc[doc]
        rest.pop(0)
        if rest:
            j = rest[0]
            heapq.heappush(heap, (-candidates[j][1] * DOC_DECAY ** (n + 1), j, doc))
    return out


def pack(chosen: list[tuple[Passage, float]], budget: int) -> list[tuple[Passage, float]]:
    """Keep passages in rank order while their tokens fit the budget."""
    out, used = [], 0
    for p, score in chosen:
        if used + p.tokens > budget:
            continue
        out.append((p, score))
        used += p.tokens
    return out
