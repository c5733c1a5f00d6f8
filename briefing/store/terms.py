"""FTS5's terms outside FTS5: the postings' tokenizer, and the terms ingest workers count.

The BM25 postings (`index.py`, `pgindex.py`) must hold exactly the terms FTS5 indexes, so words
are resolved to terms by FTS5's own tokenizer (a contentless temp table), memoised per process.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Sequence

from briefing.core.models import PassageTerms

# Must equal the `tokenize=` of passages_fts (store.MIGRATIONS; tests/test_index.py checks it).
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

# Candidate token runs: word characters plus combining marks and private-use characters,
# which unicode61 keeps inside a token. FTS5 itself splits each run (on `_`, for example)
# and stems it, so the terms are exactly the ones in its index.
_RUN = re.compile(
    r"[\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\ue000-\uf8ff]+"
)
_MEMO: dict[str, tuple[str, ...]] = {}
_MEMO_MAX = 2_000_000


def _fts_terms(conn: sqlite3.Connection, words: Iterable[str]) -> None:
    """Resolve unknown words to FTS5 terms with FTS5's own tokenizer (a temp table), memoised."""
    todo = [w for w in set(words) if w not in _MEMO]
    if not todo:
        return
    if len(_MEMO) + len(todo) > _MEMO_MAX:
        _MEMO.clear()  # a bound, not an LRU: refilling costs one batch per corpus
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.bm25_tok USING fts5("
        f"text, content='', tokenize='{FTS_TOKENIZE}')"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.bm25_tok_v USING fts5vocab(temp, bm25_tok, instance)"
    )
    # Small batches: FTS5's insert cost grows faster than linearly with the pending rows.
    for i in range(0, len(todo), 500):
        chunk = todo[i : i + 500]
        # 'delete-all' empties a contentless table at once; DELETE re-tokenized every row.
        conn.execute("INSERT INTO temp.bm25_tok (bm25_tok) VALUES ('delete-all')")
        conn.executemany(
            "INSERT INTO temp.bm25_tok (rowid, text) VALUES (?, ?)", enumerate(chunk, 1)
        )
        found: dict[int, list[tuple[int, str]]] = {}
        for doc, offset, term in conn.execute("SELECT doc, offset, term FROM temp.bm25_tok_v"):
            found.setdefault(doc, []).append((offset, term))
        for n, word in enumerate(chunk, 1):
            _MEMO[word] = tuple(t for _, t in sorted(found.get(n, [])))
    conn.execute("INSERT INTO temp.bm25_tok (bm25_tok) VALUES ('delete-all')")


def terms_of(conn: sqlite3.Connection, text: str) -> list[str]:
    """The FTS5 terms of a text, in order."""
    runs = _RUN.findall(text)
    _fts_terms(conn, runs)
    return [t for w in runs for t in _MEMO[w]]


def _count_terms(
    conn: sqlite3.Connection, texts: Sequence[str]
) -> tuple[list[dict[str, int]], list[int]]:
    """Per text: term -> frequency, and its length in tokens (FTS5's docsize)."""
    runs = [Counter(_RUN.findall(t)) for t in texts]
    _fts_terms(conn, (w for c in runs for w in c))
    counts, lengths = [], []
    for c in runs:
        tf: dict[str, int] = {}
        n = 0
        for word, k in c.items():
            for t in _MEMO[word]:
                tf[t] = tf.get(t, 0) + k
                n += k
        counts.append(tf)
        lengths.append(n)
    return counts, lengths


# The ingest workers' own tokenizer: an in-memory SQLite, one per process (threads queue).
_TOKENIZER: sqlite3.Connection | None = None
_TOKENIZER_LOCK = threading.Lock()
_U32 = "<u4"  # the postings' blob layout (index._U32)


def passage_terms(texts: Sequence[str]) -> PassageTerms:
    """Per text, its FTS5 terms with their frequencies and its length, for the postings.

    What an ingest worker counts while it parses a document, so the writer builds the postings
    from arrays instead of tokenizing every passage again (`Pending`, `index._add`).
    """
    return documents_terms([texts])[0]


def documents_terms(docs: Sequence[Sequence[str]]) -> list[PassageTerms]:
    """`passage_terms` for each document's passage texts, counted together."""
    with _TOKENIZER_LOCK:
        return _documents_terms(docs)


# Word -> ids of its terms in _NAMES, kept across calls: a worker resolves a word once.
_WORD_IDS: dict[str, tuple[int, ...]] = {}
_ONE: dict[str, int] = {}  # the same for the words of exactly one term (nearly all)
_NAMES: list[str] = []
_NAME_IDS: dict[str, int] = {}
# _RUN on ASCII text, where its class is exactly these characters (Unicode's \w on ASCII is
# letters, digits and _; the other ranges are not ASCII), and findall runs half again faster.
_ASCII_RUN = re.compile(r"[A-Za-z0-9_]+")


def _documents_terms(docs: Sequence[Sequence[str]]) -> list[PassageTerms]:
    import numpy as np

    global _TOKENIZER
    texts = [t for d in docs for t in d]
    runs = [(_ASCII_RUN if t.isascii() else _RUN).findall(t) for t in texts]
    tokens = itertools.chain.from_iterable
    # Set operations and map() keep the per-token work in C, and a worker's chunk of documents
    # is counted at once: one document at a time, the fixed costs (FTS5's tokenizer for the
    # new words, a dozen numpy calls) made this function 40% slower (BENCHMARKS.md, issue 30).
    # New words sorted, not in first-seen order: a walk over every token for the few a
    # document adds cost a worker 5% (term ids are this process's own; postings go by name).
    new = sorted(set(tokens(runs)).difference(_WORD_IDS))
    if new:
        if len(_WORD_IDS) + len(new) > _MEMO_MAX:
            _WORD_IDS.clear()  # a bound, as _MEMO's
            _ONE.clear()
            new = sorted(set(tokens(runs)))
        if _TOKENIZER is None:
            _TOKENIZER = sqlite3.connect(":memory:", check_same_thread=False)
        _fts_terms(_TOKENIZER, new)
        for w in new:
            ids = _WORD_IDS[w] = tuple(_name_id(t) for t in _MEMO[w])
            if len(ids) == 1:
                _ONE[w] = ids[0]
    lengths = list(map(len, runs))
    try:
        flat = np.fromiter(map(_ONE.__getitem__, tokens(runs)), np.int64, sum(lengths))
    except KeyError:  # a word of no term or of several ("foo_bar"): each passage's term ids
        streams = [list(tokens(map(_WORD_IDS.__getitem__, rs))) for rs in runs]
        lengths = [len(x) for x in streams]
        flat = np.fromiter(tokens(streams), np.int64, sum(lengths))
    # Keys (passage, term) and (document, term) as one integer each: term ids are < width.
    width = max(len(_NAMES), 1)
    passage_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    pair, tf = np.unique(passage_of * width + flat, return_counts=True)  # by passage, term
    term, passage = pair % width, pair // width
    per_doc = [len(d) for d in docs]
    doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), per_doc)[passage]
    # Each document's distinct terms, by id (sorted and deduplicated here: np.unique's hash
    # table cost twice as much for these sizes).
    vocab = np.sort(doc_of * width + term)
    vocab = vocab[np.flatnonzero(np.diff(vocab, prepend=-1))]
    # A pair's term as an index into its document's vocabulary, as the writer reads it.
    first = np.searchsorted(vocab, np.arange(len(docs) + 1, dtype=np.int64) * width)
    local = (np.searchsorted(vocab, doc_of * width + term) - first[doc_of]).astype(_U32)
    names = list(map(_NAMES.__getitem__, (vocab % width).tolist()))
    starts = first.tolist()
    pairs = np.bincount(passage, minlength=len(texts)).tolist()
    tfs = tf.astype(_U32)
    out = []
    at = p_at = 0  # the document's first passage, and its first pair
    for k, n in enumerate(per_doc):
        p_end = p_at + sum(pairs[at : at + n])
        out.append(
            PassageTerms(
                tuple(names[starts[k] : starts[k + 1]]),
                local[p_at:p_end].tobytes(),
                tfs[p_at:p_end].tobytes(),
                pairs[at : at + n],
                lengths[at : at + n],
            )
        )
        at, p_at = at + n, p_end
    return out


def _name_id(term: str) -> int:
    """A term's id in _NAMES, added if new."""
    i = _NAME_IDS.get(term)
    if i is None:
        i = _NAME_IDS[term] = len(_NAMES)
        _NAMES.append(term)
    return i


class Pending:
    """Terms the parser counted for passages just stored, by rowid, until the postings are built.

    Used only for a rowid whose passage still has the id it was stored with (an id is a hash
    of the document, offset and text: the same id, the same terms); any other is tokenized.
    """

    def __init__(self) -> None:
        self.docs: dict[int, tuple[list[str], PassageTerms]] = {}  # first rowid -> ids, terms
        self.first: dict[int, int] = {}  # rowid -> the first rowid of its document

    def add(self, first_rowid: int, ids: list[str], terms: PassageTerms) -> None:
        """Remember a document's passage terms, stored under consecutive rowids from first_rowid."""
        self.docs[first_rowid] = (ids, terms)
        for rowid in range(first_rowid, first_rowid + len(ids)):
            self.first[rowid] = first_rowid

    def clear(self) -> None:
        """Forget everything (the postings were built, or the transaction failed)."""
        self.docs.clear()
        self.first.clear()
