"""Text normalization and content words for the verifier.

`normalize` folds only typography that a copy-paste, a renderer or a model can
change without changing what a sentence says: Unicode compatibility forms
(NFKC), curly/straight quotes, dash variants, white space and zero-width
characters. It never folds case and never folds letters of one script into
another (a Cyrillic "Р" stays different from a Latin "P"): that is what keeps a
look-alike forgery from passing as a typographic variant.

`content_stems` is the vocabulary of the support measure: lowercased word
tokens minus English stop-words, reduced by a Porter (1980) stemmer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

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


# --- content words ----------------------------------------------------------

# Stop-words of content words (support, retrieval, diff similarity): a standard English list
# (NLTK's, plus modals and a few connectives); the
# contraction pieces (s, t, ll, ve, re, d, m) are what \w+ leaves of "it's" etc.
_CONTENT_STOPWORDS_TEXT = """
a about above after again against all also am an and any are aren as at be because been
before being below between both but by can cannot could couldn d did didn do does doesn doing
don down during each either else etc even ever every few for from further had hadn has hasn
have haven having he her here hers herself him himself his how however i if in into is isn it
its itself just ll m ma may me might more most must mustn my myself no nor not now o of off
on once only or other ought our ours ourselves out over own re s same shall shan she should
shouldn so some such t than that the their theirs them themselves then there these they this
those through thus to too under until up upon us ve very was wasn we were weren what when
where whether which while who whom whose why will with within without won would wouldn y yet
you your yours yourself yourselves
"""
CONTENT_STOPWORDS: frozenset[str] = frozenset(_CONTENT_STOPWORDS_TEXT.split())

_WORD = re.compile(r"\w+")


def content_stems(s: str) -> set[str]:
    """Stemmed, lowercased word tokens of `s` that are not stop-words."""
    return set(content_stems_frozen(s))


def word_tokens(s: str) -> list[str]:
    """The normalized, lowercased word tokens of `s`, in order (what the stems are made of)."""
    return _WORD.findall(normalize(s).lower())


@lru_cache(maxsize=65536)
def content_stems_frozen(s: str) -> frozenset[str]:
    """`content_stems`, cached and immutable, for the verifier's hot loop."""
    stems = set()
    for tok in word_tokens(s):
        if tok in CONTENT_STOPWORDS or (len(tok) == 1 and not tok.isdigit()):
            continue
        stems.add(stem(tok))
    return frozenset(stems)


def _is_cons(w: str, i: int) -> bool:
    """Porter's consonant test: y is a consonant at the start or after a vowel."""
    ch = w[i]
    if ch in "aeiou":
        return False
    if ch == "y":
        return i == 0 or not _is_cons(w, i - 1)
    return True


def _measure(w: str) -> int:
    """Porter's m: the number of vowel-consonant sequences in `w`."""
    m, prev_vowel = 0, False
    for i in range(len(w)):
        cons = _is_cons(w, i)
        if cons and prev_vowel:
            m += 1
        prev_vowel = not cons
    return m


def _has_vowel(w: str) -> bool:
    return any(not _is_cons(w, i) for i in range(len(w)))


def _double_cons(w: str) -> bool:
    return len(w) >= 2 and w[-1] == w[-2] and _is_cons(w, len(w) - 1)


def _cvc(w: str) -> bool:
    """Porter's *o: ends consonant-vowel-consonant, the last not w, x or y."""
    return (
        len(w) >= 3
        and _is_cons(w, len(w) - 3)
        and not _is_cons(w, len(w) - 2)
        and _is_cons(w, len(w) - 1)
        and w[-1] not in "wxy"
    )


_STEP2 = (
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("abli", "able"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
)
_STEP3 = (
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
)
_STEP4_TEXT = "ement ment ance ence able ible ant ent ism ate iti ous ive ize ion al er ic ou"
_STEP4 = tuple(_STEP4_TEXT.split())


def _replace_longest(w: str, rules: tuple[tuple[str, str], ...], min_m: int) -> str:
    """Apply the rule with the longest matching suffix, if its stem has m > min_m."""
    best = max((r for r in rules if w.endswith(r[0])), key=lambda r: len(r[0]), default=None)
    if best is None:
        return w
    base = w[: len(w) - len(best[0])]
    return base + best[1] if _measure(base) > min_m else w


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter (1980) stem of a lowercase English word; other tokens come back unchanged."""
    w = word
    # Porter is defined for English letters only; names in other scripts and
    # tokens with digits are already as specific as they get.
    if len(w) <= 2 or not (w.isascii() and w.isalpha()):
        return w
    # Step 1a: plurals.
    if w.endswith("sses") or w.endswith("ies"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    # Step 1b: -ed, -ing.
    if w.endswith("eed"):
        if _measure(w[:-3]) > 0:
            w = w[:-1]
    else:
        for suf in ("ed", "ing"):
            if w.endswith(suf) and _has_vowel(w[: -len(suf)]):
                w = w[: -len(suf)]
                if w.endswith(("at", "bl", "iz")):
                    w += "e"
                elif _double_cons(w) and w[-1] not in "lsz":
                    w = w[:-1]
                elif _measure(w) == 1 and _cvc(w):
                    w += "e"
                break
    # Step 1c: terminal y after a vowel-bearing stem.
    if w.endswith("y") and _has_vowel(w[:-1]):
        w = w[:-1] + "i"
    w = _replace_longest(w, _STEP2, 0)
    w = _replace_longest(w, _STEP3, 0)
    # Step 4: strip a final suffix from long stems (-ion only after s or t).
    suf4 = max((s for s in _STEP4 if w.endswith(s)), key=len, default="")
    if suf4:
        base = w[: len(w) - len(suf4)]
        if _measure(base) > 1 and (suf4 != "ion" or base.endswith(("s", "t"))):
            w = base
    # Step 5: a final e, and -ll.
    if w.endswith("e"):
        base = w[:-1]
        m = _measure(base)
        if m > 1 or (m == 1 and not _cvc(base)):
            w = base
    if w.endswith("ll") and _measure(w) > 1:
        w = w[:-1]
    return w
