"""Stakes: on whose terms, in whose favour a sentence says something would be.

Two answers can share every word but the owner: "a deal on terms favorable to Russia" and
"peace under Trump's terms, which Putin fears" (MiniLM cosine 0.58 with the question taken
out, higher than any pair that makes one point). Neither an embedding nor a bag of words sees
whose terms they are; a short phrase does ("X's terms", "on X conditions", "favourable to
X", "in X's favour"). compose reads these stakes when it merges: two sentences that name
different owners make different points, and two that name the same one share that much of
their point even when the rest is worded differently ("on Russian conditions").

Owners are the parties the alias lexicon knows (a country, its demonym, capital, seat of
government: "Russian", "the Kremlin" and "Russia" are one) and the names the question itself
uses ("Trump" in "What does the Kremlin want from Trump?"). A phrase whose owner is neither
(a person the question does not name, "its own terms") says nothing here: a leader's terms
and his country's are the same point as often as not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.text.textnorm import CONTENT_STOPWORDS, capitalised_words, stem
from briefing.verification.lexicon import group_of

_OWNER = r"(?:the\s+)?(?P<o>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?)"
_POSSESSIVE = r"(?:'s|’s|'|’)"
_TERMS = r"(?:terms|conditions)"
# What can be on someone's terms: a deal and its kin (not "the landscape is shifting in
# Russia's favour", a situation rather than a settlement).
_DEAL = (
    r"(?:deal|peace|settlement|agreement|accord|ceasefire|truce|terms|conditions|outcome|"
    r"solution|compromise|treaty|bargain)"
)
_PATTERNS = tuple(
    re.compile(p)
    for p in (
        # "Russia's terms", "the Kremlin's own conditions"
        rf"{_OWNER}{_POSSESSIVE}\s+(?:own\s+)?{_TERMS}\b",
        # "on Russian conditions", "on Chinese terms" (a demonym; checked against the lexicon)
        rf"\b(?P<o>[A-Z][\w-]*)\s+{_TERMS}\b",
        # "terms favorable to Russia", "a peace deal favourable for Beijing", "terms
        # acceptable to Germany"
        rf"\b{_DEAL}\s+(?:\w+\s+){{0,2}}?(?:favou?rable|advantageous|acceptable)\s+"
        rf"(?:to|for)\s+{_OWNER}",
        # "a peace in Russia's favour", "a settlement in favour of Moscow"
        rf"\b{_DEAL}\s+(?:\w+\s+){{0,2}}?in\s+{_OWNER}{_POSSESSIVE}\s+favou?r\b",
        rf"\b{_DEAL}\s+(?:\w+\s+){{0,2}}?in\s+favou?r\s+of\s+{_OWNER}",
        # "terms set by Moscow", "conditions dictated by the Kremlin"
        rf"\b{_TERMS}\s+(?:set|dictated|imposed|laid\s+down)\s+by\s+{_OWNER}",
    )
)


# After "favourable to X": "X" is the owner when a function word follows it ("…to Moscow that",
# "…to Russia would"), not when a content word does: then X qualifies a noun ("favourable to
# Indian professionals").
_FUNCTION = CONTENT_STOPWORDS | frozenset(["rather", "unless", "whereas"])
_NEXT_WORD = re.compile(r"\s+([a-z][\w-]*)")


@lru_cache(maxsize=64)
def _question_names(topic: str) -> frozenset[str]:
    # Only hyphens inside: a possessive ends the name ("Trump's" is Trump, as `owner` reads
    # it); a lone capital ("I", "A") is no name.
    words = capitalised_words(topic, keep="-")
    return frozenset(stem(w.lower()) for w in words if len(w) > 1)


def owner(name: str, topic: str) -> str | None:
    """The party a name stands for: an alias group, or a name the question uses; else None."""
    low = name.lower().strip(".’'")
    for candidate in (name, *name.split()):
        g = group_of(candidate)
        if g is not None:
            return f"party:{g}"
    last = stem(low.split()[-1])
    return f"name:{last}" if last in _question_names(topic) else None


def stakes(text: str, topic: str) -> frozenset[str]:
    """The owners of the terms, conditions or favour a sentence speaks of ("party:2")."""
    found: set[str] = set()
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            # Only a name that ends the phrase may qualify a noun after it ("…to Indian
            # professionals"); in "Russian conditions" the noun is the phrase's own.
            after = _NEXT_WORD.match(text, m.end()) if m.end("o") == m.end() else None
            if after and after.group(1) not in _FUNCTION:
                continue
            owner_key = owner(m.group("o"), topic)
            if owner_key is not None:
                found.add(owner_key)
    return frozenset(found)


def conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both sentences say whose terms, and no owner is the same: two different points."""
    return bool(a) and bool(b) and not (a & b)
