"""Text normalization and content words for the verifier.

`normalize` folds only typography that a copy-paste, a renderer or a model can
change without changing what a sentence says: Unicode compatibility forms
(NFKC), curly/straight quotes, dash variants, white space and zero-width
characters. It never folds case and never folds letters of one script into
another (a Cyrillic "Р" stays different from a Latin "P"): that is what keeps a
look-alike forgery from passing as a typographic variant.

`tokenize` is what every stage calls a word (`WORD`, with named variants that keep
apostrophes, hyphens or periods inside one); `analysis_tokens` is the meaning
checks' own tokenizer (numbers, acronyms, punctuation).

`content_stems` is the vocabulary of the support measure: lowercased word
tokens minus English stop-words, reduced by a Porter (1980) stemmer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

import snowballstemmer

from briefing.text.lexicons import data_lines, words

# Latin capitals for a regex character class: ASCII, Latin-1's, and Latin Extended-A's and -B's
# from the Unicode database ("Ž", "Ł", "Ș"): names and datelines of other languages.
LATIN_CAPITALS = "A-ZÀ-Þ" + "".join(ch for ch in map(chr, range(0x100, 0x250)) if ch.isupper())

# --- display ----------------------------------------------------------------

# C0/C1 controls (terminal escape sequences, backspace, bell, carriage return) and the
# bidi embedding/override/isolate controls (U+202A-E, U+2066-9) that reorder what a
# reader sees: shown as U+FFFD wherever source or model text is displayed (briefing.md,
# the terminal). briefing.json keeps the exact text: quotes must match the files.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to show in a terminal or Markdown: controls and bidi overrides made visible."""
    return _UNPRINTABLE.sub("\ufffd", text)


# The same set for HTML, minus the line-structure controls (tab, LF, CR): the page shows
# sources with their lines, and a CR is written as a character reference there.
_UNPRINTABLE_HTML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable_html(text: str) -> str:
    """Text safe to show in HTML: controls and bidi overrides as U+FFFD, same length."""
    return _UNPRINTABLE_HTML.sub("\ufffd", text)


# --- normalization ----------------------------------------------------------

# Quote-like characters. Primes and U+02BC are included because they stand in
# for apostrophes in real text (U+02BC is the standard Ukrainian apostrophe).
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u2035\u02bc\u00b4\u0060"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036\u301d\u301e\u301f"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
# Characters that render as nothing; deleting them changes no visible text.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Exactly the characters for which str.isspace() is true (checked by a test);
# listed rather than computed so import stays instant.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

_TABLE: dict[int, str | None] = {}
_TABLE.update({ord(c): "'" for c in _SINGLE_QUOTES})
_TABLE.update({ord(c): '"' for c in _DOUBLE_QUOTES})
_TABLE.update({ord(c): "-" for c in _DASHES})
_TABLE.update({ord(c): " " for c in WHITESPACE})
_TABLE.update({ord(c): None for c in ZERO_WIDTH})

_SPACE_RUN = re.compile(" {2,}")

# Starters (combining class 0) that canonical composition can still merge
# into the preceding character: Hangul vowel/trailing jamo and the few
# NFC_Quick_Check=Maybe starters of Indic and Myanmar/Balinese scripts.
_COMPOSES_BACKWARD = frozenset(
    [chr(c) for c in range(0x1161, 0x1176)]
    + [chr(c) for c in range(0x11A8, 0x11C3)]
    + [chr(c) for c in (0x09BE, 0x09D7, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0C56)]
    + [chr(c) for c in (0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D57, 0x0DCF, 0x0DDF, 0x102E, 0x1B35)]
)


def normalize(s: str) -> str:
    """Fold typography (NFKC, quotes, dashes, white space, zero-width) and strip."""
    t = s.translate(_TABLE)
    if not t.isascii():
        # Folding before NFKC keeps ″ a double quote (NFKC would make it ′′);
        # folding after catches dashes and spaces that NFKC itself produces.
        t = unicodedata.normalize("NFKC", t).translate(_TABLE)
    return _SPACE_RUN.sub(" ", t).strip(" ")


def normalize_with_map(s: str) -> tuple[str, list[int]]:
    """Normalize `s`; also return, for each normalized char, the raw index it came from."""
    norm, starts, _ends = normalize_with_spans(s)
    return norm, starts


def normalize_with_spans(s: str) -> tuple[str, list[int], list[int]]:
    """Normalize `s`; return it with each normalized char's raw `[start, end)` span."""
    # Step 1: per-character folding; every kept char remembers its raw index.
    chars: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(s):
        r = _TABLE.get(ord(ch), ch)
        if r is not None:
            chars.append(r)
            idx.append(i)
    folded = "".join(chars)

    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    if folded.isascii():
        out, starts, ends = chars, idx, [i + 1 for i in idx]
    else:
        _nfkc_mapped(folded, idx, out, starts, ends)

    # Step 3: collapse white-space runs and strip, keeping the first space of a run.
    norm: list[str] = []
    n_starts: list[int] = []
    n_ends: list[int] = []
    for ch, st, en in zip(out, starts, ends, strict=True):
        if ch == " " and (not norm or norm[-1] == " "):
            continue
        norm.append(ch)
        n_starts.append(st)
        n_ends.append(en)
    if norm and norm[-1] == " ":
        norm.pop()
        n_starts.pop()
        n_ends.pop()
    return "".join(norm), n_starts, n_ends


def _segments(folded: str, ascii_only: bool) -> list[int]:
    """Start indices of segments that NFKC can normalize independently."""
    bounds = [0]
    for k in range(1, len(folded)):
        ch = folded[k]
        # Nothing composes with or reorders across an ASCII character.
        if ch < "\x80" or (
            not ascii_only and unicodedata.combining(ch) == 0 and ch not in _COMPOSES_BACKWARD
        ):
            bounds.append(k)
    return bounds


def _nfkc_mapped(
    folded: str, idx: list[int], out: list[str], starts: list[int], ends: list[int]
) -> None:
    """Step 2: NFKC segment by segment, mapping every output char to its raw span."""
    whole = unicodedata.normalize("NFKC", folded)
    for ascii_only in (False, True, None):
        bounds = [0] if ascii_only is None else _segments(folded, ascii_only)
        bounds.append(len(folded))
        pieces = [unicodedata.normalize("NFKC", folded[a:b]) for a, b in pairwise(bounds)]
        # The segmentation must reproduce whole-string NFKC, so that this map
        # and normalize() always agree; otherwise fall back to coarser segments.
        if "".join(pieces) == whole:
            break
    for (a, b), piece in zip(pairwise(bounds), pieces, strict=True):
        seg = folded[a:b]
        if piece == seg:
            for k in range(a, b):
                out.append(seg[k - a])
                starts.append(idx[k])
                ends.append(idx[k] + 1)
            continue
        # A changed segment maps as a whole: any match touching it covers it all.
        st, en = idx[a], idx[b - 1] + 1
        for ch in piece:
            r = _TABLE.get(ord(ch), ch)
            if r is not None:
                out.append(r)
                starts.append(st)
                ends.append(en)


# --- words ------------------------------------------------------------------

# What a word is, in one place for every stage: a run of word characters (letters, digits,
# underscore). A caller that must keep more inside one word says which characters, with one
# of the named sets below; none lowercases or normalizes, so each caller does that where its
# reading needs it (`word_tokens` normalizes and lowercases the text before splitting it).
WORD = re.compile(r"\w+")
# Apostrophes and hyphens inside a word: "won't", "Beijing's" and "anti-subsidy" stay whole
# where a check compares a claim with its source word for word (prose's splice check).
INNER = "'’-"
# ... and periods: "U.S." and "Mr." stay whole, and a word ending in "." shows where its
# sentence ends ("Brussels."), which triage reads to know whose aim a word of intent states.
DOTTED = "'’.-"
# Punctuation that closes a clause, as tokens of their own (prose's splice check).
CLAUSE_PUNCT = ",;:"
# An interview's turn label, "Zhao: We want ...": the words after it are the speaker's, not
# the writer's.
SPEAKER = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}:\s")
# A line that is a list item: a bullet, or a number or letter with a stop or bracket ("1.",
# "(b)").
# A wire report's dateline run into its first sentence: "KITWE, Zambia, April 3 (SAW) - ",
# "GENEVA (Reuters) — ": a city in capitals, optional place names and date, an optional agency
# in brackets, then a dash.
WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z'.-]{2,}(?: [A-Z][A-Z'.-]+)*"
    r"(?P<place>(?:, [A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*)*)"
    r"(?P<date>(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?)"
    r"(?P<agency>(?: \([^()]{1,40}\))?)"
    r" ?[-–—]{1,2} "
)


def without_dateline(text: str) -> str:
    """The sentence without a wire dateline before it ("KITWE, Zambia, April 3 (SAW) - …")."""
    m = WIRE_DATELINE.match(text)
    # A city alone before a dash is no dateline ("NATO - Russia talks"): a place, a date or
    # an agency must follow it.
    if not m or not (m["place"] or m["date"] or m["agency"]):
        return text
    if not text[m.end() : m.end() + 1].isupper():
        return text  # what follows a dateline opens a sentence
    return text[m.end() :]


LIST_ITEM = re.compile(r"^\s*(?:[-•*–·▪]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")


@lru_cache(maxsize=16)
def _word_pattern(keep: str, punct: str) -> re.Pattern[str]:
    if not keep and not punct:
        return WORD
    pattern = rf"[\w{re.escape(keep)}]+"
    return re.compile(pattern + rf"|[{re.escape(punct)}]" if punct else pattern)


def tokenize(text: str, keep: str = "", punct: str = "") -> list[str]:
    """The words of `text`, in order and as written.

    `keep`: characters a word may hold besides word characters (`INNER`, `DOTTED`); `punct`:
    characters that are tokens of their own (`CLAUSE_PUNCT`).
    """
    return _word_pattern(keep, punct).findall(text)


# --- names, before any lexicon -------------------------------------------------

# A capitalised word is the first sign of a name, and the only one without a lexicon (a
# sentence's first word is capitalised too: a caller that cares tells them apart). It holds
# what an `INNER` word holds ("O'Brien", "Saint-Denis", "Beijing's") unless its caller keeps
# less. Names with their titles, demonyms and alias groups are the verifier's
# (verification/names.py); this is what the stages read from raw text.


@lru_cache(maxsize=8)
def capitalised(keep: str = INNER) -> re.Pattern[str]:
    """The pattern of a capitalised word (`keep`: what it may hold besides word characters)."""
    return re.compile(rf"\b[A-Z][\w{re.escape(keep)}]*")


def capitalised_words(text: str, keep: str = INNER) -> list[str]:
    """The capitalised words of `text`, in order: its names, and words that open a sentence."""
    return capitalised(keep).findall(text)


_POSSESSIVE = re.compile(r"['’]s$")


def strip_possessive(word: str) -> str:
    """`word` without a final 's ("Norway's aims" names Norway)."""
    return _POSSESSIVE.sub("", word)


# The meaning checks' tokens are a variant of their own: they compare numbers, names and
# negations, so a number keeps its separators and per cent ("1,200.5%"), an acronym its
# periods ("U.S."), a word its inner apostrophes ("won't", "Russia's") but never digits or
# underscores, and every clause boundary and quote mark is a token (negation scopes end there).
ANALYSIS_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:'[^\W\d_]+)*|[,;:.!?()\[\]—–\"]"
)


def analysis_tokens(text: str) -> list[str]:
    """The tokens the meaning checks read, in order: words, numbers, acronyms and punctuation."""
    return ANALYSIS_TOKEN.findall(text)


# --- content words ----------------------------------------------------------

# Stop-words of content words (support, retrieval, diff similarity): a standard English list
# (NLTK's, plus modals and a few connectives); the
# contraction pieces (s, t, ll, ve, re, d, m) are what \w+ leaves of "it's" etc.

CONTENT_STOPWORDS: frozenset[str] = words("content_stopwords.txt")


def content_stems(s: str) -> set[str]:
    """Stemmed, lowercased word tokens of `s` that are not stop-words."""
    return set(content_stems_frozen(s))


def word_tokens(s: str) -> list[str]:
    """The normalized, lowercased word tokens of `s`, in order (what the stems are made of)."""
    return WORD.findall(normalize(s).lower())


@lru_cache(maxsize=65536)
def content_stems_frozen(s: str) -> frozenset[str]:
    """`content_stems`, cached and immutable, for the verifier's hot loop."""
    stems = set()
    for tok in word_tokens(s):
        if tok in CONTENT_STOPWORDS or (len(tok) == 1 and not tok.isdigit()):
            continue
        stems.add(stem(tok))
    return frozenset(stems)


# The Porter (1980) algorithm from snowballstemmer (BSD, the Snowball project's own Python
# port): the algorithm FTS5's `porter` tokenizer implements, so the verifier's stems and the
# search index's terms agree.
_PORTER = snowballstemmer.stemmer("porter")


# A British spelling is stemmed as its American form ("defence" as "defense", "organise" as
# "organize"): a claim and its source written on two sides of the Atlantic say the same
# words, and the WordNet files hold American spellings only. Search is untouched: its terms
# are FTS5's own.
AMERICAN: dict[str, str] = {
    b.strip(): a.strip()
    for b, _, a in (line.partition("|") for line in data_lines("spellings_breame.txt"))
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter (1980) stem of a lowercase English word (a British spelling as its American
    form); other tokens come back unchanged."""
    # Porter is defined for English letters only; names in other scripts and tokens with
    # digits are already as specific as they get. Words of one or two letters stay whole
    # ("us", "is"), as they always have here.
    if len(word) <= 2 or not (word.isascii() and word.isalpha()):
        return word
    return str(_PORTER.stemWord(AMERICAN.get(word, word)))
