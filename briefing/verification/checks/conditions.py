"""Conditions: what an "if" or "unless" clause states is a condition, asserted by no one."""

from __future__ import annotations

from briefing.verification.tokens import Text, Tok

# What ends a clause, for these zones and for the negation checks' scopes.
CLAUSE_END = frozenset([".", ";", ":", "!", "?", "(", ")", "—", "–", ","])


def in_condition(toks: list[Tok], i: int) -> bool:
    """Whether the negation at `i` stands in an "if" clause ("… if no reply is received")."""
    for u in reversed(toks[:i]):
        if u.text in CLAUSE_END or u.low in ("but", "while", "whereas", "although"):
            return False
        if u.low in ("if", "unless"):
            return True
    return False


def unless_zone(text: Text) -> set[int]:
    """The tokens of an "unless" clause, to its end: a condition stated as a negation."""
    out: set[int] = set()
    inside = False
    for i, t in enumerate(text.toks):
        if t.low == "unless":
            inside = True
        elif t.text in CLAUSE_END:
            inside = False
        elif inside:
            out.add(i)
    return out
