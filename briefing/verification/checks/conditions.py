"""Conditions and questions: what an "if" or "unless" clause states, or a "whether" asks, is
asserted by no one; where a "without" phrase ends; a "not" that sets an alternative aside
("A, not B, who …")."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.verification.tokens import FINITE, Text, Tok

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
    return _zone_after(text, _UNLESS)


def condition_zone(text: Text) -> set[int]:
    """The tokens of what a condition requires, to its clause's end: "conditional on the
    owners committing", "provided that", "on condition that", "only if", "as long as"."""
    return (
        _zone_after(text, frozenset(["on"]), after="conditional")
        | _zone_after(text, frozenset(["that"]), after="provided")
        | _zone_after(text, frozenset(["that"]), after="condition")
        | _zone_after(text, frozenset(["if"]), after="only")
        | _zone_after(text, frozenset(["long"]), after="as")
    )


def _zone_after(text: Text, openers: frozenset[str], after: str = "") -> set[int]:
    """The tokens after any of `openers` (each right after the word `after`, when given) to the
    end of its clause."""
    out: set[int] = set()
    inside = False
    for i, t in enumerate(text.toks):
        if t.low in openers and (not after or (i and text.toks[i - 1].low == after)):
            inside = True
        elif t.text in CLAUSE_END:
            inside = False
        elif inside:
            out.add(i)
    return out


_UNLESS = frozenset(["unless"])


def closed_without(toks: list[Tok], k: int, i: int) -> bool:
    """Whether `k` is a "without" whose phrase a finite verb closes before word `i`
    ("a consultation ending without agreement would halt it": "halt" is not negated)."""
    return toks[k].low == "without" and finite_between(toks, k, i)


def finite_between(toks: list[Tok], k: int, i: int) -> bool:
    """Whether a finite verb (a modal, a form of "be" or "have") stands between `k` and `i`."""
    return any(u.low in FINITE for u in toks[k + 1 : i])


_MODALS = frozenset(section("english.txt", "modals"))


def modal_between(toks: list[Tok], k: int, i: int) -> bool:
    """Whether a modal ("would", "could") stands between `k` and `i`: the start of a verb
    phrase of its own."""
    return any(u.low in _MODALS for u in toks[k + 1 : i])


_QUESTIONS = frozenset(["whether"])
_SUPPOSING = frozenset(["though", "if"])  # after "as": "as though", "as if"


def asked(text: Text) -> set[int]:
    """The tokens of an indirect question ("whether disaster relief counts"), or of a
    counterfactual ("as though the fishers were vandals", "as if"), to its clause's end: what
    it asks about or supposes is neither said nor denied."""
    return _zone_after(text, _QUESTIONS) | _zone_after(text, _SUPPOSING, after="as")


CONTRAST_REACH = 5  # words of the noun phrase in "A, not B, who …"


def contrasted(text: Text, cue: int) -> bool:
    """ "It is Carvalho, not the federation, who singles out …", "Mwale's own proposal, not a
    union demand": a "not" after a comma before a noun phrase that ends the sentence or is
    closed by a comma or "who"/"that" sets B aside against A; it denies no verb."""
    toks = text.toks
    if toks[cue].low != "not" or not cue or toks[cue - 1].text != ",":
        return False
    for u in toks[cue + 1 : cue + 2 + CONTRAST_REACH]:
        if u.text in (",", ".", ";") or u.low in ("who", "that", "which"):
            return True
        if u.punct or u.low in FINITE or u.low.endswith(("ing", "ed")):
            return False  # "…, not wanting to", "…, not signed": a verb, denied
        if u.cap and not u.initial:
            return False  # "the union, not analyst Ruiz, …": a person set aside stays checked
    return False
