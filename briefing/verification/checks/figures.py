"""Figures in the negation and agreement checks: a word that states a figure, a denied figure
said with the figure that corrects it, a figure named as a figure ("the $1.62 figure")."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.text.textnorm import stem
from briefing.verification.tokens import _NUMBER_WORDS, Text, Tok

_FRACTIONS = frozenset(["half", "third", "quarter", "fifth", "tenth", "percent", "per"])


def figure(t: Tok) -> bool:
    """Whether a word states a figure: digits, a number word or a fraction."""
    return t.low[:1].isdigit() or t.low in _NUMBER_WORDS or t.low in _FRACTIONS


# A figure said as a multiple ("tripled", "halved"): a figure as "a third" is.
_MULTIPLES = frozenset(section("english.txt", "multiples"))


def figure_corrected(negating: Text, head: int, other: Text) -> bool:
    """A cited negation of a figure with the figure that corrects it ("not a third but about
    40 percent", "has not tripled; it has risen by about a third"), where the claim gives that
    other figure too: which figure is whose is the numbers check's, not a dropped "not"."""
    if not _figure_like(negating.toks[head]):
        return False
    denied = negating.toks[head].low
    theirs = {t.low for t in negating.toks if _figure_like(t)} - {denied}
    mine = {t.low for t in other.toks if _figure_like(t)}
    return bool(theirs & mine)


def _figure_like(t: Tok) -> bool:
    return figure(t) or t.low in _MULTIPLES


_FIGURE_NOUNS = frozenset(stem(w) for w in section("english.txt", "figure_nouns"))
FIGURE_NAME_REACH = 3  # words between a figure and the noun that names it as a figure


def named_figure(text: Text, j: int) -> bool:
    """Whether the figure at `j` is named as a figure ("the $1.62 figure", "the official
    figure of 1.6 million tonnes"): cited as a number in the debate, not asserted."""
    toks = text.toks
    lo, hi = max(0, j - FIGURE_NAME_REACH - 1), min(len(toks), j + FIGURE_NAME_REACH + 1)
    return any(u.stem in _FIGURE_NOUNS for u in toks[lo:hi])
