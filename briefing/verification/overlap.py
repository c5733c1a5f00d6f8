"""Lexical support: the share of a claim's content words its cited text holds."""

from __future__ import annotations

from functools import lru_cache

from briefing.text.textnorm import content_stems_frozen
from briefing.verification.lexicon import modifier_synonyms, noun_synonyms, verb_synonyms

_PARTIAL_CREDIT = 0.5
_MIN_PREFIX = 4


@lru_cache(maxsize=16384)
def _prefixes(stems: frozenset[str]) -> frozenset[str]:
    """Every proper prefix (>= _MIN_PREFIX letters) of every stem, for partial credit."""
    return frozenset(s[:k] for s in stems for k in range(_MIN_PREFIX, len(s)))


def _credit(
    claim: frozenset[str],
    stems: frozenset[str],
    prefixes: frozenset[str],
    synonyms: bool = True,
) -> float:
    """Claim stems found in `stems`: 1 each, 0.5 for a prefix relation, and (with `synonyms`)
    1 for a word of the same WordNet first sense ("honoured that bargain" for "kept our side
    of that deal")."""
    credit = 0.0
    for s in claim:
        if s in stems:
            credit += 1.0
        elif s in prefixes or any(s[:k] in stems for k in range(_MIN_PREFIX, len(s))):
            credit += _PARTIAL_CREDIT
        elif synonyms and _synonyms(s) & stems:
            credit += 1.0
    return credit


@lru_cache(maxsize=16384)
def _synonyms(s: str) -> frozenset[str]:
    """The stems WordNet's lists give as `s` in other words: verbs, modifiers and nouns."""
    return (
        verb_synonyms().get(s, frozenset())
        | modifier_synonyms().get(s, frozenset())
        | (noun_synonyms().get(s, frozenset()))
    )


def _support(
    claim: frozenset[str],
    stems: frozenset[str],
    prefixes: frozenset[str],
    synonyms: bool = True,
) -> float:
    """Share of the claim's stems found in `stems` (see `_credit`)."""
    return _credit(claim, stems, prefixes, synonyms) / len(claim) if claim else 0.0


def support_score(claim_text: str, source_text: str) -> float:
    """Support of `claim_text` by `source_text`, as reported per citation (2 decimals)."""
    stems = content_stems_frozen(source_text)
    return round(_support(content_stems_frozen(claim_text), stems, _prefixes(stems)), 2)


# --- claims and briefings ---------------------------------------------------
