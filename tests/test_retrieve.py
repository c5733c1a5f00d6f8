"""Retrieval: query terms, BM25 over FTS5, diversity across documents, token packing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from briefing import store
from briefing.core.models import Passage
from briefing.corpus import sync
from briefing.retrieval import retrieve


def p(doc: str, i: int, tokens: int = 10) -> Passage:
    return Passage(
        id=f"{doc}-{i}", doc=doc, start=i, end=i + 1, text="x", tokens=tokens, sentence_ids=[]
    )


def test_query_terms_drop_stopwords_and_quote_for_fts() -> None:
    assert retrieve.query_terms("What does the Kremlin want from Trump?") == [
        "kremlin",
        "want",
        "trump",
    ]
    assert retrieve.fts_query('Putin "OR" NEAR(') == '"putin" OR "near"'
    assert retrieve.fts_query("the of and") == ""


def test_diversify_discounts_repeated_documents() -> None:
    cands = [
        (p("a", 1), 10.0),
        (p("a", 2), 9.5),
        (p("a", 3), 9.0),
        (p("b", 1), 7.0),
        (p("c", 1), 2.0),
    ]
    chosen = [x.id for x, _ in retrieve.diversify(cands, 3)]
    assert chosen == ["a-1", "b-1", "a-2"]
    capped = [x.id for x, _ in retrieve.diversify(cands, 5, per_doc=1)]
    assert capped == ["a-1", "b-1", "c-1"]


def test_pack_respects_the_budget_in_rank_order() -> None:
    cands = [(p("a", 1, 60), 3.0), (p("b", 1, 50), 2.0), (p("c", 1, 30), 1.0)]
    assert [x.id for x, _ in retrieve.pack(cands, 100)] == ["a-1", "c-1"]


def test_search_on_seeds_is_ranked_and_restricted(seeds_copy: Path, tmp_path: Path) -> None:
    conn = store.Store.open(tmp_path / "db.sqlite", seeds_copy)
    sync.sync_corpus(conn, 120)
    hits = retrieve.search(conn, "sanctions relief", k=5)
    assert hits and all("sanction" in h.text.lower() or "relief" in h.text.lower() for h in hits)
    only = retrieve.search(conn, "Kremlin Trump", k=10, docs=["003_9d950e5d5b89fb94.txt"])
    assert only and {h.doc for h in only} == {"003_9d950e5d5b89fb94.txt"}
    assert retrieve.search(conn, "Kremlin", docs=[]) == []
    assert retrieve.search(conn, "zyzzyva") == []


def test_an_oversized_passage_does_not_take_a_slot(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "huge.txt").write_text(
        "Sanctions relief " + " ".join("sanctions relief talks" for _ in range(3000)) + "\n"
    )
    conn = store.Store.open(tmp_path / "db.sqlite", seeds_copy)
    sync.sync_corpus(conn, 120)
    hits = retrieve.search(conn, "sanctions relief", k=3, token_budget=1000)
    assert hits and all(h.doc != "huge.txt" for h in hits)
    assert len(hits) == min(
        3,
        len(
            retrieve.search(
                conn,
                "sanctions relief",
                k=3,
                docs=[d.doc for d in conn.documents() if d.doc != "huge.txt"],
            )
        ),
    )


def diversify_reference(
    candidates: list[tuple[Passage, float]], k: int, per_doc: int | None = None
) -> list[tuple[Passage, float]]:
    """The selection rule written out plainly: rescan every candidate for each pick."""
    pool = list(candidates)
    taken: dict[str, int] = {}
    out: list[tuple[Passage, float]] = []
    while pool and len(out) < k:
        best_i, best_val = -1, float("-inf")
        for i, (q, score) in enumerate(pool):
            n = taken.get(q.doc, 0)
            if per_doc is not None and n >= per_doc:
                continue
            if score * retrieve.DOC_DECAY**n > best_val:
                best_i, best_val = i, score * retrieve.DOC_DECAY**n
        if best_i < 0:
            break
        q, score = pool.pop(best_i)
        taken[q.doc] = taken.get(q.doc, 0) + 1
        out.append((q, score))
    return out


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from([1.0, 2.0, 2.5, 3.0, 0.7, 4.2])),
        max_size=40,
    ),
    st.integers(1, 12),
    st.sampled_from([None, 1, 2, 3]),
)
def test_diversify_picks_what_the_plain_rule_picks(
    cands: list[tuple[int, float]], k: int, per_doc: int | None
) -> None:
    pool = [(p(f"d{d}", i), score) for i, (d, score) in enumerate(cands)]
    got = [x.id for x, _ in retrieve.diversify(pool, k, per_doc)]
    assert got == [x.id for x, _ in diversify_reference(pool, k, per_doc)]


def test_the_question_verb_expands_from_the_packaged_lexicon() -> None:
    from briefing.retrieval import retrieve as r

    words = r.query_terms("What does the Kremlin want from Trump?")
    expanded = r.expand_terms(words)
    assert expanded[: len(words)] == words  # the question's own words first, in order
    assert {"seeks", "desires", "goal", "urged"} <= set(expanded)
    assert "kremlin" in expanded and "seeks" not in words
    intent = r.intent_terms("What does China want from the EU?")
    assert intent[0] == "want" and "china" not in intent
    assert r.intent_terms("Where is the capital?") == []  # no verb the lexicon knows
