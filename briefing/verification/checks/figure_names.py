"""Figures that name or point rather than count: a figure inside a name ("COP31"), the figure
of what a cited sentence points back to ("any such promise"), a year said relative to a
document's date ("next year")."""

from __future__ import annotations

import re
from itertools import pairwise

from briefing.verification.evidence import Evidence
from briefing.verification.tokens import analyze

_POINTERS = frozenset(["such", "this", "these", "those"])
# Nouns that stand for a figure given before ("the figure", "the sum").
_FIGURE_NOUNS = frozenset(["figure", "sum", "amount", "total", "estimate"])
_TIMES = frozenset(["year", "month", "week", "time", "dai", "spring", "summer", "autumn", "winter"])


def referred_back(surface: str, ev: Evidence) -> bool:
    """Whether a cited sentence points back ("any such promise", "this demand") to what its
    paragraph gave just before, with this figure: the figure of what it refers to."""
    for s in ev.sources:
        toks = analyze(s.text).toks
        pointing = any(
            t.low in _POINTERS
            and k + 1 < len(toks)
            and toks[k + 1].content
            and toks[k + 1].stem not in _TIMES  # "this year" points at no earlier sentence
            for k, t in enumerate(toks)
        )
        before = s.context.split(s.text)[0] if s.text and s.text in s.context else ""
        if pointing and _written_in(surface, before):
            return True
        # "declined to comment on the figure": the figure the piece gave before, anywhere.
        the_figure = any(
            t.low == "the" and k + 1 < len(toks) and toks[k + 1].low in _FIGURE_NOUNS
            for k, t in enumerate(toks)
        )
        earlier = s.document.split(s.text)[0] if s.text and s.text in s.document else ""
        if the_figure and _written_in(surface, earlier):
            return True
    return False


def _written_in(surface: str, text: str) -> bool:
    """Whether `text` writes the figure as a figure of its own ("1.4 billion", not the "4" of
    "1.4" or of "40")."""
    return re.search(rf"(?<![\w.,]){re.escape(surface)}(?![\w]|[.,]\d)", text) is not None


def named(raw: str, surface: str, ev: Evidence) -> bool:
    """Whether the claim writes the figure glued to letters ("COP31", "G20", "F-35") and a
    cited document writes that same name: a name, not a figure."""
    for m in re.finditer(rf"\b[A-Za-z]+-?{re.escape(surface)}\b", raw):
        name = m.group(0)
        if any(re.search(rf"\b{re.escape(name)}\b", s.document or s.context) for s in ev.sources):
            return True
    return False


_RELATIVE_YEARS = {"last": -1, "this": 0, "next": 1}


def relative_years(ev: Evidence) -> set[float]:
    """The years a cited text names relative to its document's date: "next year" in a piece
    dated 2026-05-04 is 2027."""
    out: set[float] = set()
    for s in ev.sources:
        if not s.date[:4].isdigit():
            continue
        words = analyze(s.text).toks
        for a, b in pairwise(words):
            if b.low == "year" and a.low in _RELATIVE_YEARS:
                out.add(float(int(s.date[:4]) + _RELATIVE_YEARS[a.low]))
    return out
