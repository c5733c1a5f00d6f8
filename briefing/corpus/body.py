"""Body detection: which blocks of a capture are the article (jusText-style classification)."""

from __future__ import annotations

import itertools
from collections import Counter

from briefing.core.files import SUFFIXES as SUFFIXES  # re-exported: the corpus file types
from briefing.core.models import Span
from briefing.corpus.header import parse_header
from briefing.corpus.patterns import (
    BAD,
    BIO_CASE_RE,
    BIO_RE,
    BOILERPLATE_PHRASE_RE,
    BOILERPLATE_START_RE,
    BULLET_FIRST,
    BULLET_RE,
    BYLINE_RE,
    CHROME_WORDS_RE,
    CLOSERS,
    DATE_PREFIXES,
    DATELINE_RE,
    END_MARKER_RE,
    GOOD,
    INLINE_FURNITURE_RE,
    LENGTH_HIGH,
    LENGTH_LOW,
    LETTER_RE,
    MAX_BIO_LENGTH,
    MD_HEADING_RE,
    MIN_LEDE_WORDS,
    MIN_PROMOTE_LENGTH,
    NAV_CHAR_RE,
    NAV_SEP_RE,
    NEARGOOD,
    PROSE_STOPWORDS,
    SENTENCE_BREAK_RE,
    SHORT,
    STOPWORDS_HIGH,
    STOPWORDS_LOW,
    STRIPPED_LINE_RE,
    TERMINAL,
    TRANSPARENT,
    WRAP_MAX,
    WRAP_MIN,
    WRAP_SPREAD,
)

# --- blocks ------------------------------------------------------------------------------------


class _Block:
    """One candidate paragraph: its stripped span and the features the classifier uses."""

    __slots__ = ("cut", "end", "length", "start", "stop_density", "terminal", "text", "words")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.start = start
        self.end = end
        # Classify the paragraph without list bullets or Markdown heading marks.
        first = text[0]
        if first in BULLET_FIRST or first.isdigit():
            text = BULLET_RE.sub("", text, count=1)
        elif first == "#":
            text = MD_HEADING_RE.sub("", text, count=1)
        self.text = text
        self.length = len(text)
        tail = text.rstrip(CLOSERS)
        self.terminal = bool(tail) and tail[-1] in TERMINAL
        self.cut = False  # forced bad: a header line, or after an end-of-article marker
        self.words = -1  # counted on demand: most short lines never need it
        self.stop_density = 0.0

    def count_words(self) -> None:
        """Words and stop-word density as jusText counts them: white-space tokens, lower-cased."""
        low = self.text.lower()
        if "’" in low:
            low = low.replace("’", "'")
        tokens = low.split()
        self.words = len(tokens)
        if tokens:
            self.stop_density = sum(map(PROSE_STOPWORDS.__contains__, tokens)) / len(tokens)

    def sentences(self) -> int:
        """Roughly how many sentences the block holds."""
        return len(SENTENCE_BREAK_RE.findall(self.text)) + 1 if self.terminal else 0

    def key(self) -> str:
        """Normalised text, to spot a headline that the page repeats."""
        return " ".join(self.text.casefold().split())


def is_dateline(line: str) -> bool:
    """A line of only dates, times and weekdays ("17:13", "23 December, 2024 Monday")."""
    # Cheap gate first: a dateline starts with a digit or a month/weekday/"updated" word.
    if not line or (not line[0].isdigit() and line[:3].lower() not in DATE_PREFIXES):
        return False
    return DATELINE_RE.fullmatch(line) is not None


def is_menu(line: str) -> bool:
    """A navigation line: several items separated by |, •, ·, », › or / ."""
    return NAV_CHAR_RE.search(line) is not None and len(NAV_SEP_RE.findall(line)) >= 2


def is_boilerplate(core: str) -> bool:
    """Comment forms, copyright lines and disclaimers."""
    return bool(BOILERPLATE_START_RE.match(core) or BOILERPLATE_PHRASE_RE.search(core.lower()))


def _content_start(text: str) -> int:
    """Offset after a leading front-matter block or `Key: value` header lines (0 if none)."""
    _, end = parse_header(text)
    return end


def _segment(text: str, offset: int) -> list[tuple[int, int]]:
    """Stripped spans of the blocks of text[offset:]: lines, or hard-wrapped paragraphs."""
    spans: list[tuple[int, int]] = []
    chunk: list[tuple[int, int]] = []
    prev_end = -1
    for m in STRIPPED_LINE_RE.finditer(text, offset):
        start, end = m.span(1)
        # Lines separated by a single newline form a chunk; a blank line ends it.
        if chunk and text.count("\n", prev_end, start) != 1:
            _add_chunk(text, chunk, spans)
            chunk = []
        chunk.append((start, end))
        prev_end = end
    if chunk:
        _add_chunk(text, chunk, spans)
    return spans


def _add_chunk(text: str, chunk: list[tuple[int, int]], spans: list[tuple[int, int]]) -> None:
    """Append a chunk of adjacent lines as one wrapped paragraph or as one block per line."""
    if len(chunk) > 1 and _is_wrapped(text, chunk):
        spans.append((chunk[0][0], chunk[-1][1]))
    else:
        spans.extend(chunk)


def _is_wrapped(text: str, chunk: list[tuple[int, int]]) -> bool:
    """Whether consecutive lines are one hard-wrapped paragraph (as in Markdown or e-mail)."""
    lengths = [e - s for s, e in chunk[:-1]]
    shortest, longest = min(lengths), max(lengths)
    if shortest < WRAP_MIN or longest > WRAP_MAX or longest - shortest > WRAP_SPREAD:
        return False
    soft = 0
    for (s1, e1), (s2, _) in itertools.pairwise(chunk):
        nxt = text[s2]
        if BULLET_RE.match(text, s2) or nxt == "#" or text[s1] == "#":
            return False
        last_word = text[max(s1, e1 - 20) : e1].rsplit(None, 1)[-1].lower()
        # A wrap falls mid-sentence: the next line goes on in lower case, or the line stops
        # on a comma or a function word. Lists of headlines do neither.
        if nxt.islower() or text[e1 - 1] in ",-–—" or last_word in PROSE_STOPWORDS:
            soft += 1
    return soft * 2 >= len(chunk) - 1


def _context_free(block: _Block) -> str:
    """jusText's context-free class of one block, plus hard rules for page furniture."""
    core = block.text
    length = block.length
    if length < 120 and not LETTER_RE.search(core):
        # Times and dates delimit headline lists, so they are bad; bare rules carry nothing.
        return BAD if any(ch.isdigit() for ch in core) else TRANSPARENT
    if length < 300 and INLINE_FURNITURE_RE.fullmatch(core):
        return TRANSPARENT
    if length < 120:
        if " " not in core:
            # One token: a label ("OPINION", "Other", "Source") or a template/URL leftover.
            if not block.terminal:
                return BAD if core.isalpha() else TRANSPARENT
            return SHORT if core[:1].isupper() else BAD
        if is_dateline(core) or BYLINE_RE.match(core) or CHROME_WORDS_RE.match(core):
            return BAD
        if core.isupper() and len(core.split()) <= 4:
            return BAD  # an all-caps tag such as "BREAKING NEWS"
        if is_menu(core):
            return BAD  # a menu: "Home | World | Politics"
    if length < 300 and is_boilerplate(core):
        return BAD
    if length < LENGTH_LOW:
        return SHORT
    block.count_words()
    if block.stop_density < STOPWORDS_LOW:
        return BAD
    if not block.terminal:
        # A headline or teaser title, unless it reads like prose (a lede without a full stop).
        if block.words >= MIN_LEDE_WORDS and block.stop_density >= STOPWORDS_HIGH:
            return NEARGOOD
        return SHORT if length < LENGTH_HIGH else BAD
    if block.stop_density >= STOPWORDS_HIGH and (
        length > LENGTH_HIGH
        # Plain text has no link density to tell prose from link lists; several full sentences
        # with function words is the next best signal.
        or (length >= MIN_PROMOTE_LENGTH and block.sentences() >= 2)
    ):
        return GOOD
    return NEARGOOD


def _is_teaser(block: _Block, prev: _Block | None) -> bool:
    """A sidebar teaser: text cut off with an ellipsis right after a short headline line."""
    if prev is None or prev.length >= LENGTH_HIGH:
        return False
    if prev.terminal and not prev.text.rstrip(CLOSERS).endswith("?"):
        return False  # a headline may ask a question, but does not end with a full stop
    tail = block.text[-60:]
    cut = max(tail.rfind("..."), tail.rfind("…"))
    if cut < 0:
        return False
    rest = tail[cut:].lstrip(".…").strip(CLOSERS + " ")
    # "... The Hill - 30m -" or nothing at all after the ellipsis: truncated, not a sentence.
    return not rest or (len(rest.split()) <= 8 and rest[-1:] not in ".!?")


def _neighbours(classes: list[str], skip: frozenset[str]) -> tuple[list[str], list[str]]:
    """Per block, the class of the nearest block before/after that is not in skip (edges: bad)."""
    n = len(classes)
    prev = [BAD] * n
    nxt = [BAD] * n
    last = BAD
    for i in range(n):
        prev[i] = last
        if classes[i] not in skip:
            last = classes[i]
    last = BAD
    for i in range(n - 1, -1, -1):
        nxt[i] = last
        if classes[i] not in skip:
            last = classes[i]
    return prev, nxt


def _revise(classes: list[str]) -> list[str]:
    """jusText's context-sensitive pass: short, then near-good blocks judged by neighbours."""
    out = list(classes)
    prev_a, next_a = _neighbours(classes, frozenset({SHORT, NEARGOOD, TRANSPARENT}))
    prev_b, next_b = _neighbours(classes, frozenset({SHORT, TRANSPARENT}))
    for i, c in enumerate(classes):
        if c != SHORT:
            continue
        p, n = prev_a[i], next_a[i]
        if p == GOOD and n == GOOD:
            out[i] = GOOD
        elif p == BAD and n == BAD:
            out[i] = BAD
        elif (p == BAD and prev_b[i] == NEARGOOD) or (n == BAD and next_b[i] == NEARGOOD):
            out[i] = GOOD
        else:
            out[i] = BAD
    prev_c, next_c = _neighbours(out, frozenset({NEARGOOD, TRANSPARENT}))
    for i, c in enumerate(out):
        if c == NEARGOOD:
            out[i] = BAD if prev_c[i] == BAD and next_c[i] == BAD else GOOD
    return out


def detect_body(text: str) -> list[Span]:
    """The article body as stripped spans of the raw text, one per paragraph, in order.

    jusText-style: each block gets a context-free class, page furniture (times, dates, tags,
    menus, bylines, comment forms, teasers, repeated headlines) is bad outright, everything after
    an end-of-article heading ("Read also", "More in …", "Related", "Leave a Reply", "About the
    author") is bad, then short/near-good blocks are revised from their neighbours and a
    trailing author bio is dropped. Fallback: if that leaves no body in a non-empty text (a
    plain note whose paragraphs are all short), near-good blocks count as good and the context
    pass runs again; if still nothing, the longest paragraphs are returned.
    """
    spans = _segment(text, _content_start(text))
    if not spans:
        return []
    # Context-free pass, in order, stopping at the end of the article: nothing after an
    # end-of-article heading can be body, so it is not even looked at.
    blocks: list[_Block] = []
    classes: list[str] = []
    header_keys: set[str] = set()
    started = False
    for start, end in spans:
        block = _Block(text[start:end], start, end)
        c = _context_free(block)
        if not started:
            if c in (GOOD, NEARGOOD):
                started = True
            elif c == SHORT:
                # Masthead, headline, dateline: short lines before the first prose are header.
                block.cut = True
                header_keys.add(block.key())
                c = BAD
        if started and block.length < 300 and is_end_marker(block.text):
            break
        blocks.append(block)
        classes.append(c)

    # Short blocks seen twice are titles listed twice (a sidebar), or the headline repeated;
    # a text cut off by an ellipsis right under a headline is a teaser.
    keys = [b.key() if c == SHORT else "" for b, c in zip(blocks, classes, strict=True)]
    counts = Counter(keys)
    for i, c in enumerate(classes):
        if c == SHORT and (keys[i] in header_keys or counts[keys[i]] > 1):
            # Repeated furniture says nothing about where the article is: look through it.
            classes[i] = TRANSPARENT
        elif c in (GOOD, NEARGOOD, SHORT) and _is_teaser(blocks[i], blocks[i - 1] if i else None):
            classes[i] = BAD

    # Blocks after the end marker are bad, which is also what _revise assumes past the edge.
    final = _revise(classes)
    _drop_trailing_bio(blocks, final)
    body = [Span(start=b.start, end=b.end) for b, c in zip(blocks, final, strict=True) if c == GOOD]
    if body:
        return body
    return _fallback(text, spans, blocks, classes)


def is_end_marker(core: str) -> bool:
    """Whether a block is a heading that ends the article (sidebar, tags, comments, bio)."""
    return END_MARKER_RE.fullmatch(core) is not None


def _drop_trailing_bio(blocks: list[_Block], classes: list[str]) -> None:
    """Mark one or two author-bio paragraphs at the end of the body as not body."""
    dropped = 0
    for i in range(len(blocks) - 1, -1, -1):
        if classes[i] != GOOD:
            continue
        if dropped < 2 and blocks[i].length <= MAX_BIO_LENGTH and is_bio(blocks[i].text):
            classes[i] = BAD
            dropped += 1
            continue
        break


def is_bio(core: str) -> bool:
    """Whether a paragraph is an author bio ("Jane Doe is a fellow at …")."""
    return bool(BIO_CASE_RE.match(core) and BIO_RE.match(core))


def _fallback(
    text: str, spans: list[tuple[int, int]], blocks: list[_Block], classes: list[str]
) -> list[Span]:
    """Body for texts the strict pass rejects entirely: near-good as good, else longest blocks."""
    relaxed = [GOOD if c == NEARGOOD else c for c in classes]
    final = _revise(relaxed)
    body = [Span(start=b.start, end=b.end) for b, c in zip(blocks, final, strict=True) if c == GOOD]
    if body:
        return body
    # Prefer blocks that are neither header nor furniture; with none, any block at all.
    candidates = [
        (b.start, b.end, b.length)
        for b, c in zip(blocks, classes, strict=True)
        if c != TRANSPARENT and not b.cut
    ] or [(s, e, e - s) for s, e in spans]
    longest = max(length for _, _, length in candidates)
    # "Longest": every paragraph at least half as long as the longest one, in document order.
    return [Span(start=s, end=e) for s, e, length in candidates if length * 2 >= longest]
