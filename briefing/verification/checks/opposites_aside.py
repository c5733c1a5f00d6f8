"""Words an antonym check must not read as a stand on the thing: a pair of opposites joined
as one span ("direct and indirect jobs"), "raised with the board" (brought up, not
increased), and a word of intent that frames an act ("wants Seoul to reject the deal", "is
right to want that dropped"), whose act, not the wish, is the stand."""

from __future__ import annotations

from briefing.verification.checks.denying import denying_verb
from briefing.verification.lexicon import adjective_of, stance
from briefing.verification.tokens import Text

FRAME_REACH = 4  # words from a word of intent to the act it frames ("wants Seoul to reject")


def _form(text: Text, i: int) -> str:
    """A word as the opposition reads it, an adverb as its adjective ("directly": "direct")."""
    low = text.toks[i].low
    return adjective_of(low) or low


def coordinated_opposite(text: Text, i: int, opposites: frozenset[str]) -> bool:
    """Whether word `i` is joined by "and" or "or" to one of its opposites ("direct and
    indirect jobs", "up or down"): the span of both, no stand on either side."""
    toks = text.toks
    for k in (i - 2, i + 2):
        if 0 <= k < len(toks) and toks[(i + k) // 2].low in ("and", "or"):
            u = toks[k]
            if u.stem in opposites or u.low in opposites or _form(text, k) in opposites:
                return True
    return False


def brought_up(text: Text, i: int) -> bool:
    """Whether "raised" at `i` is said with "with" after it ("had raised with the Tea
    Board"): a matter brought up with someone, not a figure increased."""
    toks = text.toks
    return toks[i].stem == "rais" and i + 1 < len(toks) and toks[i + 1].low == "with"


def framing_intent(text: Text, i: int) -> bool:
    """Whether a word of intent at `i` frames an act after it ("wants Seoul to reject", "right
    to want that dropped"): what is wanted is the stand, and it may be a refusal."""
    toks = text.toks
    if toks[i].stem not in stance("intent"):
        return False
    for k in range(i + 1, min(len(toks), i + 1 + FRAME_REACH)):
        if toks[k].punct:
            return False
        if denying_verb(toks, k) or (toks[k - 1].low == "to" and toks[k].stem in stance("denial")):
            return True
    return False
