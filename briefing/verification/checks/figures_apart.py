"""Two sources that give one thing different figures: "a special general assembly on April 9"
/ "adopted at a special general assembly … on April 11", "about 60 per cent of exports" /
"closer to 70 per cent of exports". Read between two cited sentences (a merged judgment's
members), never between a claim and its citations: there the numbers check decides."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.verification.checks.numbers import bound
from briefing.verification.checks.quantities import numbers_at
from briefing.verification.checks.spans import sentence_span
from briefing.verification.tokens import _MONTHS, _NUMBER_WORDS, SCALE, Text

ANCHOR_REACH = 6  # tokens either side of a figure that say what it is of
SAME_WITHIN = 0.02  # figures this close are one figure rounded ("133 million" / "about 133")
_FIGURE_WORDS = frozenset(_NUMBER_WORDS) | frozenset(SCALE) | frozenset(_MONTHS)
_KINDS = ("percent", "amount", "number")


@dataclass(frozen=True)
class _Figure:
    kind: str  # "date", "percent", "amount", "number"
    value: float
    unit: str  # the stem right after the figure ("pound", "export"), "" for a date
    anchors: frozenset[str]  # content stems around it, in its sentence
    shown: str
    bounded: bool = False  # "more than 25", "30 or more": a range, not a figure


def _anchors(text: Text, i: int, skip: set[int]) -> frozenset[str]:
    lo, hi = sentence_span(text, i)
    window = range(max(lo, i - ANCHOR_REACH), min(hi, i + ANCHOR_REACH) + 1)
    return frozenset(
        text.toks[k].stem
        for k in window
        if k not in skip
        and text.toks[k].content
        and not text.toks[k].low[:1].isdigit()
        and text.toks[k].low not in _FIGURE_WORDS
    )


def _figures(text: Text) -> list[_Figure]:
    """The dates (month and day) and the counted figures of `text`."""
    toks = text.toks
    found = numbers_at(text)
    out: list[_Figure] = []
    for n, (surface, kind, value, i) in enumerate(found):
        if kind == "month" and n + 1 < len(found):
            day_surface, day_kind, day, j = found[n + 1]
            if day_kind == "number" and j == i + 1 and 1 <= day <= 31:
                out.append(
                    _Figure(
                        "date",
                        value * 100 + day,
                        "",
                        _anchors(text, i, {i, j}),
                        f"{surface} {day_surface}",
                    )
                )
            continue
        if kind not in _KINDS or (n and found[n - 1][1] == "month" and found[n - 1][3] == i - 1):
            continue  # the day of a date, read with its month
        unit = next(
            (u.stem for u in toks[i + 1 : i + 4] if u.content and u.low not in _FIGURE_WORDS),
            "",
        )
        out.append(
            _Figure(kind, value, unit, _anchors(text, i, {i}), surface, bool(bound(text, i)))
        )
    return out


def figures_apart(a: Text, b: Text) -> tuple[str, str] | None:
    """Two figures of one kind, about the same thing, that differ: (a's, b's) as written.

    The same thing: a date with a content word in common around it; a count, share or sum
    with the same word after it ("pounds", "per cent") and another in common around it.
    """
    theirs, ours = _figures(b), _figures(a)
    # A figure either text also gives is no disagreement: "about 60 per cent now, 80 by
    # 2030" against "at least 80 per cent" differ only in what one of them adds.
    in_b = {(f.kind, f.value) for f in theirs}
    in_a = {(f.kind, f.value) for f in ours}
    for mine in ours:
        for other in theirs:
            if mine.kind != other.kind or mine.bounded or other.bounded:
                continue
            if (mine.kind, mine.value) in in_b or (other.kind, other.value) in in_a:
                continue
            if mine.value == other.value or (
                mine.kind != "date"
                and abs(mine.value - other.value) <= SAME_WITHIN * max(mine.value, other.value)
            ):
                continue
            shared = mine.anchors & other.anchors
            if mine.kind == "date" and shared:
                return mine.shown, other.shown
            same_unit = mine.kind != "date" and mine.unit and mine.unit == other.unit
            if same_unit and shared - {mine.unit}:
                return mine.shown, other.shown
    return None
