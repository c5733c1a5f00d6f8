"""A merged judgment's point: the words its members share, and a sentence that states them."""

from __future__ import annotations

import re

from briefing.compose.merge import _same_word
from briefing.compose.prose import _QUOTES, PERSONAL, SPEAKER
from briefing.compose.standalone import fragment_reason
from briefing.text.lexicons import section
from briefing.text.textnorm import INNER, content_stems_frozen, stem, tokenize
from briefing.verification.lexicon import stance
from briefing.verification.tokens import DETERMINERS, SPEECH_STEMS
from briefing.verification.wordclass import ADJECTIVES

# At most this many shared words go into the request: a short list keeps a small model on
# the point instead of listing everything the members mention.
MAX_WORDS = 6

# Words two sources share without sharing a point: the verbs that say who spoke (not "state"
# or "claim", which are also nouns a point is made of) and counting words.
POINTLESS: frozenset[str] = frozenset(stem(w) for w in section("english.txt", "pointless"))


def shared_words(texts: list[str], ignore: frozenset[str], limit: int = MAX_WORDS) -> list[str]:
    """The words (as the first member writes them) that at least two members hold, by stem.

    With more than three members a word must be in half of them. Words of the question
    (`ignore`: its parties, its verb and that verb's expansions) are left out: the sentence
    supplies those itself. Most widely held first, then in order of first use.
    """
    need = max(2, (len(texts) + 1) // 2)
    held: dict[str, int] = {}
    first: dict[str, tuple[int, str]] = {}
    position = 0
    for t in texts:
        seen: set[str] = set()
        # Words as written (a name keeps its capital); their stems as the verifier makes them.
        for tok in tokenize(t, keep=INNER):
            if not tok.strip(INNER).isalpha():
                continue  # figures and stray marks are no words of a point
            position += 1
            stems = content_stems_frozen(tok)
            if len(stems) != 1:
                continue
            s = next(iter(stems))
            if s in ignore:
                continue
            key = _same_word(s)
            if key not in seen:
                seen.add(key)
                held[key] = held.get(key, 0) + 1
            first.setdefault(key, (position, tok))
    keys = [k for k, n in held.items() if n >= need]
    keys.sort(key=lambda k: (-held[k], first[k][0]))
    return [first[k][1] for k in keys[:limit]]


# A clause boundary a sentence may be cut at: a comma or semicolon before more words, a dash
# between spaces, or "and to" joining a second infinitive ("… to stop X and to use Y").
_BOUNDARY = re.compile(r"(,)\s+|;\s+|\s+[—–-]\s+|\s+(?=and\s+to\s)")
LIMITS: frozenset[str] = frozenset(section("english.txt", "limits"))
DROPPABLE: frozenset[str] = frozenset(section("english.txt", "droppable"))
DROPPABLE_PAIRS: frozenset[str] = frozenset(section("english.txt", "droppable_pairs"))
SUBORDINATE: frozenset[str] = frozenset(section("english.txt", "subordinate"))
PARTICIPLE_LINKS: frozenset[str] = frozenset(section("english.txt", "participle_links"))
SPEECH_REACH = 6  # words: "…, two of the officials said", "…, said Joseph Langat, …"


def _droppable(tail: str) -> bool:
    """Whether what follows a comma opens a clause the sentence can do without."""
    words = [w.lower() for w in tokenize(tail)]
    if not words:
        return False
    if words[0] in DROPPABLE or "_".join(words[:2]) in DROPPABLE_PAIRS:
        return True
    if words[0].endswith("ing") and len(words[0]) > 4:
        return True  # a participle: ", leaving …", ", paving the way …"
    return any(stem(w) in SPEECH_STEMS for w in words[:SPEECH_REACH])


def _leaning(head: str) -> bool:
    """Whether an opening is a clause that leans on what follows it ("Asked whether this meant
    …", "Although the talks stalled"): cut there, it says nothing on its own."""
    words = [w.lower() for w in tokenize(head)[:2]]
    if not words:
        return False
    if words[0] in SUBORDINATE:
        return True
    participle = words[0].endswith(("ed", "ing")) and len(words[0]) > 4
    return participle and len(words) > 1 and words[1] in PARTICIPLE_LINKS


def clause_heads(text: str) -> list[str]:
    """The sentence, then its openings that end at a clause boundary, longest first, each
    ended as a sentence of its own.

    Two sources rarely say the same whole sentence; they often say its first clause ("X wants
    Y to do Z, which …"). A comma is a boundary only before a clause the sentence can do
    without (not inside a list), and an opening is never taken when what it drops holds a
    condition or a limit ("if", "unless", "before …"): stated without it, it claims more.
    """
    t = " ".join(text.split())
    out = [t]
    for m in reversed(list(_BOUNDARY.finditer(t))):
        dropped = {w.lower() for w in tokenize(t[m.start() :])}
        if dropped & LIMITS:
            break  # every shorter opening drops the limit as well
        if m.group(1) and not _droppable(t[m.end() :]):
            continue
        head = t[: m.start()].rstrip(" ,;:—–-")
        if head and not _leaning(head):
            out.append(head + ".")
    return out


# Words after which "that" is a determiner pointing back ("want that cut", "for that
# plan"), not a conjunction ("demand that ministers resign", "said that …").
_BEFORE_POINTING_THAT = frozenset(section("english.txt", "before_pointing_that"))


def points_back(head: str) -> bool:
    """Whether a sentence names something by pointing back to what the reader has not seen
    ("the drivers want that cut to 15 per cent", "these demands", "such a fund"): as a
    group's point, it does not stand on its own."""
    words = tokenize(head, keep=INNER)
    for i, w in enumerate(words[:-1]):
        low, nxt = w.lower(), words[i + 1]
        if low == "such" and nxt.lower() in ("a", "an"):
            return True  # "such a fund"
        if not (nxt[:1].islower() and content_stems_frozen(nxt)):
            continue
        if low in ("this", "these", "those", "such"):
            return True
        if low == "that" and i and words[i - 1].lower() in _BEFORE_POINTING_THAT:
            return True
    return False


def point_sentence(head: str) -> bool:
    """Whether a clause head can state a group's point on its own: a sentence by
    `fragment_reason`, or a short one that opens with a name and says at least
    MIN_POINT_WORDS things of it ("Egypt wants a binding agreement."): what two sources share
    is often a sentence's first clause, shorter than a judgment's floor."""
    reason = fragment_reason(head)
    if reason is None:
        return True
    words = tokenize(head, keep=INNER)
    said = [w for w in words[1:] if w[:1].islower() and content_stems_frozen(w) - stance("intent")]
    return (
        reason == "a fragment"
        and bool(words)
        and words[0][:1].isupper()
        and bool(content_stems_frozen(words[0].lower()))
        and head.rstrip().endswith(".")
        and len(said) >= MIN_POINT_WORDS
    )


def own_voice(text: str) -> bool:
    """Whether a sentence can be the briefing's own: no quotation marks, no speaker's label,
    no "we" or "you"."""
    if _QUOTES.search(text) or SPEAKER.match(text):  # "Zhao: We hope …" is Zhao's
        return False
    return not any(w.lower() in PERSONAL for w in tokenize(text))


KEPT_MODIFIERS: frozenset[str] = frozenset(section("english.txt", "kept_modifiers"))
KEPT_ADVERBS: frozenset[str] = frozenset(section("english.txt", "kept_adverbs"))
_AUXILIARIES: frozenset[str] = frozenset(section("english.txt", "auxiliaries"))
# Words after an adjective that are no noun: verbs of speech, auxiliaries and modals.
_NOT_NOUNS: frozenset[str] = frozenset(section("english.txt", "speech")) | _AUXILIARIES
_PLAIN = re.compile(r"[a-z]+(?:-[a-z]+)*")
_POSSESSIVE = ("'s", "’s", "s'", "s’")
MIN_POINT_WORDS = 2  # content words a pruned point keeps, besides names and verbs of intent


def pruned(text: str, lacking: frozenset[str]) -> str:
    """The sentence without the details some member lacks, where dropping one states less, not
    something else: an adjective between a determiner and its noun ("reopen the narrow border
    crossings" -> "reopen the border crossings") and a manner adverb ("has been carefully
    flattering"); never a word that counts, limits, hedges or negates (`kept_modifiers`,
    `kept_adverbs`), a noun, a name, or a word with punctuation on it. '' when nothing is
    dropped or too little is left to be a point.
    """
    parts = text.split()
    kept: list[str] = []
    dropped = False
    for i, w in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        before = kept[-1] if kept else ""
        if (
            _PLAIN.fullmatch(w)
            and content_stems_frozen(w) & lacking
            and (_modifier(w, before, nxt) or _adverb(w, before, nxt))
        ):
            dropped = True
            if kept and kept[-1].lower() in ("a", "an"):
                # "a reduced electricity tariff" without "reduced": "an electricity tariff"
                article = "an" if nxt[:1].lower() in "aeiou" else "a"
                kept[-1] = article.capitalize() if kept[-1][0].isupper() else article
            continue
        kept.append(w)
    if not dropped:
        return ""
    out = " ".join(kept)
    left = [
        w
        for w in tokenize(out, keep=INNER)
        if w[:1].islower() and content_stems_frozen(w) - stance("intent")
    ]
    return out if len(left) >= MIN_POINT_WORDS else ""


def _modifier(word: str, before: str, after: str) -> bool:
    """An adjective (WordNet's, or a hyphenated compound: "high-tech") between a determiner or
    possessive and the noun it modifies: "the narrow border crossings", "its own rules"."""
    if word in KEPT_MODIFIERS or not (word in ADJECTIVES or "-" in word):
        return False
    noun = after.rstrip(".,;:")
    if not _PLAIN.fullmatch(noun) or noun in DETERMINERS or noun in _NOT_NOUNS:
        return False  # "the new elected", "the poor said": no noun after it
    if noun.endswith("ed") or not content_stems_frozen(noun):
        return False
    return before.lower() in DETERMINERS or before.endswith(_POSSESSIVE)


def _adverb(word: str, before: str, after: str) -> bool:
    """A manner adverb after an auxiliary or before a participle ("has been carefully
    flattering", "firmly rejected")."""
    if not word.endswith("ly") or len(word) <= 4 or word in KEPT_ADVERBS:
        return False
    return before.lower() in _AUXILIARIES or after.endswith(("ing", "ed", "en"))
