"""Which use of a word a sentence makes: a noun ("the economic gains") or a participle that
describes a noun ("a court order forcing the companies"), not a verb of the clause."""

from __future__ import annotations

from briefing.text.lexicons import section, words
from briefing.verification.tokens import DETERMINERS, Text

_AUXILIARIES = frozenset(section("english.txt", "auxiliaries"))
ADJECTIVES = words("adjectives_wordnet.txt")
PHRASE_REACH = 3  # words back from a participle to the determiner of the noun it describes


def noun_use(text: Text, i: int) -> bool:
    """Whether word `i` is a noun after a determiner, a possessive or an adjective ("the
    gains", "its gains", "the economic gains"), not a verb ("it gains")."""
    toks = text.toks
    k = i - 1
    while k >= 0 and toks[k].low in ADJECTIVES and toks[k].low not in DETERMINERS:
        k -= 1  # "the economic gains": back over the adjectives to what opens the phrase
    return k >= 0 and (toks[k].low in DETERMINERS or toks[k].text.endswith(("'s", "’s")))


def describes_noun(text: Text, i: int) -> bool:
    """Whether the participle at `i` ("forcing") follows a noun phrase it describes ("a court
    order forcing the companies to stop"): a determiner a few words back, only nouns between."""
    toks = text.toks
    if not toks[i].low.endswith("ing") or i == 0 or not toks[i - 1].content:
        return False
    for k in range(i - 1, max(-1, i - 1 - PHRASE_REACH), -1):
        u = toks[k]
        if u.low in DETERMINERS:
            return k < i - 1
        if u.punct or u.low in _AUXILIARIES or u.low.endswith(("ed", "ing")) or not u.content:
            return False
    return False
