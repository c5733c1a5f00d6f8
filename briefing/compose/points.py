"""A merged judgment's point: the words its members share, and a sentence that states them."""

from __future__ import annotations

from briefing.compose.merge import _same_word
from briefing.text.lexicons import section
from briefing.text.textnorm import INNER, content_stems_frozen, stem, tokenize

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
