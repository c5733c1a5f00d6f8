"""Numbers, years, percentages, amounts and months of the claim must be in the cited text."""

from __future__ import annotations

import re
from itertools import pairwise

from briefing.text.lexicons import section
from briefing.verification.checks.figure_names import named, referred_back, relative_years
from briefing.verification.checks.quantities import (
    _counted_duration,
    _numbers,
    _same_duration,
    durations,
    numbers_at,
)
from briefing.verification.checks.spans import clause_span
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import antonyms, group_of, stance
from briefing.verification.tokens import (
    _MONTHS,
    _NUMBER_WORDS,
    EXCEED_VERBS,
    SCALE,
    Text,
    Tok,
    _is_boundary,
    analyze,
)

_ORDINALS = {w: n for n, w in enumerate(section("english.txt", "ordinals"), start=2)}


_PARTIES = frozenset(["side", "countri", "govern", "capit", "parti", "neighbor"])


def _counted(claim: Text, word: str, ev: Evidence) -> bool:
    """A count the documents make elsewhere, or one the claim makes of its own list.

    "Beijing's four groups of asks" citing the first group: the document says "Beijing's asks
    fall into four groups" in another sentence. "counts four demands: A, B, C and D" counts
    what it lists itself. A different count of the same thing is still caught.
    """
    toks = claim.toks
    at = next(i for i, t in enumerate(toks) if t.text == word)
    value = _NUMBER_WORDS.get(word.lower())
    if value is not None and any(_ORDINALS.get(t.low) == value for t in ev.cited.toks):
        return True  # "the most far-reaching of the eight" where the text says "the eighth point"
    nouns = {t.stem for t in toks[at + 1 : at + 5] if t.content and not t.punct}
    for sentence in ev.counts:
        s = analyze(sentence)
        if any(t.low == word.lower() for t in s.toks) and nouns & {t.stem for t in s.toks}:
            return True
    # "The two sides remain apart: A wants X, whereas B says Y": the two sides of the claim's
    # own contrast, not a figure of the source.
    if (
        word.lower() == "two"
        and at + 1 < len(toks)
        and toks[at + 1].stem in ("side", "camp")
        and any(t.low in ("whereas", "while", "but") for t in toks[at + 2 :])
    ):
        return True
    if word.lower() == "two" and at and toks[at - 1].low == "number":
        return True  # "the KZPZ's number two": a rank, no count
    # "the two sides", "the two governments" where the claim names both parties itself.
    if word.lower() == "two" and at + 1 < len(toks) and toks[at + 1].stem in _PARTIES:
        parties = {g for t in toks if t.cap and (g := group_of(t.low)) is not None}
        if len(parties) >= 2:
            return True
    # A list the cited text gives of that many ("deals with A, B, the Navy and D" for "four
    # agencies"): the claim counts what it is told.
    if value is not None and value in _list_lengths(ev.cited):
        return True
    if (
        value is not None
        and at + 1 < len(toks)
        and toks[at + 1].stem in _ITEMS
        and any(value == numbered_items(s.document) for s in ev.sources)
    ):
        return True  # "the eight-point list" of a document that numbers its items 1 to 8
    # Its own list: after a colon, items separated by commas and a last "and"/"or".
    colon = next((i for i in range(at + 1, len(toks)) if toks[i].text == ":"), None)
    if colon is None:
        return False
    rest = toks[colon + 1 :]
    items = 1 + sum(1 for t in rest if t.text in (",", ";"))
    last_and = any(t.low in ("and", "or") for t in rest) and not any(
        t.text == "," and rest[i + 1].low in ("and", "or") for i, t in enumerate(rest[:-1])
    )
    return items + (1 if last_and else 0) == _NUMBER_WORDS.get(word.lower(), -1)


ITEM_WORDS = 5  # tokens of one item of a list ("the environmental assessment service")


def _list_lengths(text: Text) -> set[int]:
    """How many items each list of three or more has: short items separated by commas, the
    last after "and" or "or" ("Subpesca, Sernapesca, the Navy and the assessment service": 4)."""
    toks, out = text.toks, set()
    for i, t in enumerate(toks):
        if t.low not in ("and", "or") or i == 0:
            continue
        if not any(u.punct for u in toks[i + 1 : i + 2 + ITEM_WORDS]):
            continue  # the last item runs on: a clause, not an item
        k = i - 2 if toks[i - 1].text == "," else i - 1
        segments, size = 0, 0
        while k >= 0:
            u = toks[k]
            if u.text == ",":
                segments, size = segments + 1, 0
            elif u.punct:
                break
            else:
                size += 1
                if size > ITEM_WORDS:
                    break  # the first item, with the words that lead into the list
            k -= 1
        if segments:
            out.add(segments + 2)
    return out


_ITEMS = frozenset(["point", "item"])  # "an eight-point list", "a ten-item agenda"
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s", re.M)


def numbered_items(document: str) -> int:
    """How many items the document's numbered list has ("1. …" to "8. …" on lines of their
    own, counted without a gap), or 0."""
    seen = {int(m.group(1)) for m in _NUMBERED.finditer(document)}
    n = 0
    while n + 1 in seen:
        n += 1
    return n if n >= 2 else 0


def _counts_sources(claim: Text, surface: str, value: float, ev: Evidence) -> bool:
    """ "Two analysts suggest ..." citing two documents: a count of the cited sources (or
    analysts, experts, commentators) that the citations themselves make."""
    toks = claim.toks
    at = next((i for i, t in enumerate(toks) if t.text == surface), None)
    if at is None or at + 1 >= len(toks):
        return False
    if toks[at + 1].low == "of" and value == len(ev.sources) > 1:
        return True  # "defends two of the grant conditions", citing the two it defends
    if [t.low for t in toks[at + 1 : at + 3]] == ["of", "the"]:
        at += 2  # "Three of the sources agree"
    if at + 1 >= len(toks) or toks[at + 1].stem not in stance("meta"):
        return False
    return value == len({s.doc for s in ev.sources})


def _deadline(claim: Text, surface: str) -> bool:
    """Whether a month or year is a deadline ("by the end of March"): then it is a change of
    its own, never the document's date."""
    toks = claim.toks
    for i, t in enumerate(toks):
        if t.text == surface.split()[0]:
            before = [u.stem for u in toks[max(0, i - 4) : i]]
            if any(w in stance("deadline") for w in before):
                return True
    return False


def _slot_taken(claim: Text, at: int, kind: str, value: float, cited: Text) -> bool:
    """Whether the cited text gives another year (or month) after the word that leads the
    claim's ("from January 2026" where it says "from January 2027"): the date is then the
    cited one changed, not the document's own date standing in for "on Tuesday"."""
    if at == 0:
        return False
    lead = claim.toks[at - 1].low
    month = _month_before(claim, at) if kind == "year" else ""
    return any(
        k == kind
        and v != value
        and i > 0
        and (cited.toks[i - 1].low == lead or (month and _month_before(cited, i) == month))
        for _s, k, v, i in numbers_at(cited)
    )


DATE_REACH = 3  # tokens from a month to the year of its date ("April 1, 2025", "1 April 2026")


def _month_before(text: Text, at: int) -> str:
    """The month of the date whose year stands at `at` ("April" of "April 1, 2025"), or ""."""
    for t in text.toks[max(0, at - DATE_REACH) : at]:
        if t.low in _MONTHS and t.cap:
            return t.low
    return ""


def check_numbers(claim: Text, ev: Evidence) -> Verdict | None:
    """Every number, year, percentage, amount and month of the claim must be in the cited text."""
    src = _numbers(ev.cited)
    if any(t.stem == "halv" for t in ev.cited.toks):
        src = [*src, ("halve", "percent", 50.0)]  # "to halve the fees": by half, by 50 percent
    values = {v for _, _, v in src} | {v / 100 for _, k, v in src if k == "percent"}
    # "more than a decade" is "more than ten years": a unit that is a count.
    units = {n for t in ev.cited.toks if (n := _UNIT_COUNTS.get(t.low)) is not None}

    for a, b, _days in durations(claim):
        span = claim.toks[a : b + 1]
        # A "half" duration with no figure of its own ("a year and a half"): the numbers
        # below would not see it.
        figureless = not any(t.low[:1].isdigit() or t.low in _NUMBER_WORDS for t in span)
        halved = figureless and any(t.low == "half" for t in span)
        # "about a month" where the cited text counts "six weeks": a figure in other words.
        elsewhere = figureless and _counted_duration(ev.cited, span[-1].low)
        if (halved or elsewhere) and not _same_duration(claim, a, ev.cited):
            words = " ".join(t.text for t in span)
            return Verdict(
                "unsupported", f"the claim's {words} is not in the cited text", "numbers"
            )
    for surface, kind, value, at in numbers_at(claim):
        if _same_duration(claim, at, ev.cited):
            continue  # "18 months" for "a year and a half"
        if kind == "number" and value in units and value not in values:
            continue  # "ten years" for "a decade"
        if (
            kind in ("year", "month")
            and value in ev.dates
            and not _deadline(claim, surface)
            and not _slot_taken(claim, at, kind, value, ev.cited)
        ):
            # The documents' dates are their attribution metadata: "in March 2026" of an
            # article dated 2026-03-07 that says "on Tuesday".
            continue
        other_day = _other_day(claim, at, value, ev.cited)
        if other_day:
            # "April 6" where the cited text dates it "April 16" (and has "six buyers"): a
            # date's day is compared with the days the cited text gives that month.
            return Verdict(
                "contradicted",
                f"the claim says {claim.toks[at - 1].text} {surface}, the cited text says"
                f" {other_day}",
                "numbers",
            )
        if value in values or (
            kind == "percent" and any(abs(value - v) <= 0.5 or value / 100 == v for v in values)
        ):
            moved = _direction_flipped(claim, at, value, ev.cited)
            if moved:
                return Verdict(
                    "contradicted",
                    f"the claim says '{moved[0]}' of {surface}, the cited text '{moved[1]}'",
                    "antonyms",  # a direction flipped, found through the figure it moves
                )
            flipped = _bound_flipped(claim, value, ev.cited)
            if flipped:
                return Verdict(
                    "contradicted",
                    f"the claim says {flipped[0]} {surface}, the cited text {flipped[1]} {surface}",
                    "numbers",
                )
            other = _bound_elsewhere(claim, surface, kind, value, ev)
            if other:
                return Verdict(
                    "contradicted",
                    f"the claim says {surface} where the cited text says {other}; its"
                    f" {surface} is about something else",
                    "numbers",
                )
            continue
        if named(claim.raw, surface, ev):
            continue  # "COP31", "G20", "F-35": a figure inside a name the piece uses
        if kind == "percent" and _approximated(claim, at, value, src):
            continue  # "nearly two in five" for "about 38 percent"
        if kind == "percent" and not surface[:1].isdigit() and _a_ratio(value, src):
            continue  # "a third less than 450 million" for "300 million" and "450 million"
        if kind in ("number", "amount") and value in _changes(ev.cited):
            continue  # "would add about 23 billion" for "from about 48 billion to roughly 71"
        if kind == "year" and value in relative_years(ev):
            continue  # "by March 2027" of a piece dated 2026 that says "by March next year"
        if kind in ("number", "amount") and _rounded(claim, at, value, ev.cited):
            continue  # "roughly 64,000" for "about 63,997"
        if kind == "number" and value <= 12 and surface.isalpha() and _counted(claim, surface, ev):
            continue
        if kind == "number" and _counts_sources(claim, surface, value, ev):
            continue
        if kind == "number" and value == 2 and _both(claim, at, ev.cited):
            continue  # "the two sides" for "both sides"
        # A year cited by its number also matches a count ("2,014" never happens; "2014" does).
        same = [s for s, k, _ in src if k == kind or {k, kind} <= {"number", "amount"}]
        if kind == "ordinal" and value in values:
            continue
        if same:
            return Verdict(
                "contradicted",
                f"the claim says {surface}, the cited text says {same[0]}",
                "numbers",
            )
        if referred_back(surface, ev):
            continue  # "denied that any such promise was made", the promise "of 1999" just before
        return Verdict("unsupported", f"the claim's {surface} is not in the cited text", "numbers")
    return None


_LAST_DAY = 31


def _other_day(claim: Text, at: int, value: float, cited: Text) -> str:
    """The cited date of the same month with another day, when the claim's figure at `at` is
    the day of a date ("April 6") and the cited text gives that month only other days."""
    if not at or claim.toks[at - 1].low not in _MONTHS or not 1 <= value <= _LAST_DAY:
        return ""  # "July 2024" is a month's year, not its day
    month = claim.toks[at - 1].low
    days = [
        (cited.toks[k].text, cited.toks[k + 1].text)
        for k in range(len(cited.toks) - 1)
        if cited.toks[k].low == month
        and cited.toks[k + 1].low.isdigit()
        and 1 <= int(cited.toks[k + 1].low) <= _LAST_DAY
    ]
    if not days or any(float(d) == value for _, d in days):
        return ""
    return " ".join(days[0])


APPROXIMATE: frozenset[str] = frozenset(section("english.txt", "approximators"))
APPROXIMATE_POINTS = 2.5  # how far an approximate round share may stand from the exact one
ROUND_SHARE = 5  # a share that is a multiple of this is round ("about 40 percent")
FRACTION_POINTS = 5  # how far under a share in words "nearly" may stand ("nearly two thirds")
_JUST_UNDER = frozenset(["nearly", "almost"])


def _approximated(claim: Text, at: int, value: float, src: list[tuple[str, str, float]]) -> bool:
    """Whether an approximate round share ("nearly two in five", "about 40 percent") stands
    within APPROXIMATE_POINTS of a share the cited text gives ("38 percent")."""
    near = {u.low for u in claim.toks[max(0, at - 3) : at]}
    digits = claim.toks[at].low[:1].isdigit()
    if not near & APPROXIMATE or (value % ROUND_SHARE and digits):
        return False
    # "Nearly two thirds" for 62 percent: a share in words just under is coarser than one in
    # figures ("around three quarters" for 70 percent is another share).
    below = not digits and bool(near & _JUST_UNDER)
    return any(
        k == "percent"
        and (abs(value - v) <= APPROXIMATE_POINTS or (below and 0 <= value - v <= FRACTION_POINTS))
        for _, k, v in src
    )


def _a_ratio(value: float, src: list[tuple[str, str, float]]) -> bool:
    """Whether a share in words stands within FRACTION_POINTS of what one cited figure is of
    another of the same kind, or of what it falls short by ("a third less than 450 million"
    where the cited text gives 300 million and 450 million)."""
    figures = sorted(
        {(k, v) for _, k, v in src if k in ("amount", "number") and v > 0}, key=lambda x: x[1]
    )
    for n, (kind, small) in enumerate(figures):
        for other, big in figures[n + 1 :]:
            if other == kind and small < big:
                share = 100 * small / big
                if min(abs(value - share), abs(value - (100 - share))) <= FRACTION_POINTS:
                    return True
    return False


def _changes(text: Text) -> set[float]:
    """The size of each change the cited text gives as "from A to B" (both figures of one
    kind): a claim may state it ("would add 23 billion" for "from 48 billion to 71 billion").
    """
    found = numbers_at(text)
    out: set[float] = set()
    for (_s, kind, a, i), (_t, other, b, j) in pairwise(found):
        between = {u.low for u in text.toks[i + 1 : j]}
        opened = any(u.low == "from" for u in text.toks[max(0, i - 3) : i])
        if kind == other and opened and "to" in between and len(between) <= CHANGE_WORDS:
            out.add(abs(b - a))
    return out


CHANGE_WORDS = 6  # words between the two figures of "from A baht to B baht"
ROUNDING = 0.02  # how far a rounded figure may stand from the exact one


def _rounded(claim: Text, at: int, value: float, src: Text) -> bool:
    """Whether a figure the claim or the cited text gives as approximate ("roughly 64,000",
    "about 63,997") is the cited figure rounded: within ROUNDING of it, with the claim's
    figure the rounder of the two (it ends in more zeros)."""
    near = [u.low for u in claim.toks[max(0, at - 2) : at]]
    for _surface, kind, theirs, j in numbers_at(src):
        if kind not in ("number", "amount") or not theirs:
            continue
        hedged = bool(set(near) & APPROXIMATE) or any(
            u.low in APPROXIMATE for u in src.toks[max(0, j - 2) : j]
        )
        if not hedged or abs(value - theirs) > ROUNDING * abs(theirs):
            continue
        if _zeros(value) > _zeros(theirs):
            return True
    return False


def _zeros(value: float) -> int:
    """Trailing zeros of a whole figure (64,000 -> 3), the measure of how round it is."""
    n, k = round(value), 0
    while n and n % 10 == 0:
        n, k = n // 10, k + 1
    return k


# Singular nouns that are a count of years or things: "a decade" is ten years.
_UNIT_COUNTS = {"decade": 10.0, "century": 100.0, "dozen": 12.0, "fortnight": 14.0}

BOUND_WIDTH = 6  # content words either side of a number that say what it is about
BOUND_MARGIN = 3  # how many more of them another figure must share to be the one meant


def _context(text: Text, surface: str) -> list[set[str]]:
    """For each place `surface` stands in `text`: the content stems within BOUND_WIDTH
    words of it, in the same sentence."""
    toks, out = text.toks, []
    first = surface.split()[0]
    for i, t in enumerate(toks):
        if t.text != first:
            continue
        near: set[str] = set()
        for step in (-1, 1):
            j, n = i + step, 0
            while 0 <= j < len(toks) and n < BOUND_WIDTH and toks[j].text not in (".", "?", "!"):
                u = toks[j]
                if u.content and not u.low[:1].isdigit():
                    near.add(u.stem)
                j, n = j + step, n + (u.content and not u.low[:1].isdigit())
        out.append(near)
    return out


def _bound_elsewhere(claim: Text, surface: str, kind: str, value: float, ev: Evidence) -> str:
    """A figure the cited text gives for what the claim's figure is about, when the claim's
    own figure stands in the cited text about something else ("prices drop by 5%" and, in
    another sentence, "prices fall by more than 10%": a claim that the trigger is a fall of
    10% in beef, poultry and sugar prices took the wrong one). Only a clearly better match
    counts (BOUND_MARGIN more shared words): a synthesis may put a figure in new words."""
    if kind not in ("percent", "amount", "number"):
        return ""
    mine = _context(claim, surface)
    if not mine:
        return ""
    claimed = {v for _, _, v in _numbers(claim)}  # a figure the claim gives too is not lost
    same, best, best_surface = _matches(mine[0], kind, value, claimed, ev)
    if best >= same + BOUND_MARGIN:
        return best_surface
    return _bound_in_clause(claim, surface, kind, value, claimed, ev)


def _bound_in_clause(
    claim: Text, surface: str, kind: str, value: float, claimed: set[float], ev: Evidence
) -> str:
    """The same, read on the claim's clause alone when the figure has one of its own between
    commas ("…, the ministry counts only six pending, and …"): a cited figure whose words
    share CLAUSE_MARGIN of that clause's where the claim's own figure shares none of them."""
    at = next((i for i, t in enumerate(claim.toks) if t.text == surface.split()[0]), None)
    if at is None:
        return ""
    lo, hi = clause_span(claim, at)
    if not (lo and claim.toks[lo - 1].text == ","):
        return ""  # the sentence's first clause: the whole-sentence reading above decides
    clause = {u.stem for u in claim.toks[lo : hi + 1] if u.content and not u.low[:1].isdigit()}
    if len(clause) < CLAUSE_MARGIN:
        return ""
    same, best, best_surface = _matches(clause, kind, value, claimed, ev)
    return best_surface if same == 0 and best >= CLAUSE_MARGIN else ""


def _matches(
    words: set[str], kind: str, value: float, claimed: set[float], ev: Evidence
) -> tuple[int, int, str]:
    """How many of `words` the cited figure equal to `value` has around it, and the most any
    other cited figure of its kind (not one the claim gives too) has, with that figure."""
    same, best, best_surface = 0, 0, ""
    for source in ev.sources:
        text = analyze(source.text)
        for s, k, v in _numbers(text):
            if k != kind:
                continue
            score = max((len(words & c) for c in _context(text, s)), default=0)
            if v == value or (kind == "percent" and abs(v - value) <= 0.5):
                same = max(same, score)
            elif score > best and v not in claimed:
                best, best_surface = score, s
    return same, best, best_surface


CLAUSE_MARGIN = 2  # words of the figure's own clause another cited figure must share


# Words before a figure that make it a bound ("over 25", "at least 25", "no more than 25").
_AT_LEAST = frozenset(["over", "above", "least", "exceeding", "upwards", "beyond"])
_AT_MOST = frozenset(["under", "below", "most", "within"])


BOTH_REACH = 2  # words after "two" / "both" to the noun they count


def _both(claim: Text, at: int, src: Text) -> bool:
    """Whether the claim's "two" at `at` counts a noun the cited text says "both" of ("the two
    sides" / "both sides"): the same pair."""
    mine = {u.stem for u in claim.toks[at + 1 : at + 1 + BOTH_REACH] if u.content}
    return any(
        u.low == "both" and mine & {w.stem for w in src.toks[k + 1 : k + 1 + BOTH_REACH]}
        for k, u in enumerate(src.toks)
    )


def bound(text: Text, i: int) -> str:
    """ "min" when the figure at token `i` is a lower bound ("over 25", "at least 25", "more
    than 25", "no fewer than 25"), "max" for an upper one ("under 25", "up to 25", "no more
    than 25"), else ""."""
    words = [u.low for u in text.toks[max(0, i - 4) : i] if not u.punct]
    if len(words) >= 2 and words[-1] == "than":
        comparative = words[-2]
        denied = (len(words) >= 3 and words[-3] in ("no", "not")) or _clause_denied(text, i)
        if comparative in ("more", "greater", "higher"):
            return "max" if denied else "min"
        if comparative in ("less", "fewer", "lower"):
            return "min" if denied else "max"
        return ""
    after = [u.low for u in text.toks[i + 1 : i + 5]]
    if "or" in after[:3]:
        # "15 percent or less", "40 euros or more": the bound after the figure (and its unit).
        k = after.index("or")
        nxt = after[k + 1] if k + 1 < len(after) else ""
        if nxt in ("less", "fewer", "lower", "below", "under"):
            return "max"
        if nxt in ("more", "higher", "above", "over"):
            return "min"
    last = words[-1] if words else ""
    if last in EXCEED_VERBS:
        # "shall not exceed 5 percent" is at most 5; "exceeded 5 percent" more than 5.
        return "max" if len(words) > 1 and words[-2] in ("not", "never", "no") else "min"
    if last in _AT_LEAST:
        return "min"
    if last in _AT_MOST or (last == "to" and len(words) > 1 and words[-2] == "up"):
        return "max"
    return ""


def _clause_denied(text: Text, i: int) -> bool:
    """Whether a negator earlier in the figure's clause governs its comparative: "no worker
    shall be paid less than 40 euros", "should never pay less than 40" are at least 40."""
    for u in reversed(text.toks[:i]):
        if _is_boundary(u):
            return False
        if u.low in ("no", "not", "never") or u.low.endswith("n't"):
            return True
    return False


def _bound_flipped(claim: Text, value: float, src: Text) -> tuple[str, str] | None:
    """The claim's bound and the cited text's when the same figure is bounded the other way
    round ("more than 5,000" where the cited text says "no more than 5,000")."""
    shown = {"min": "at least", "max": "at most"}
    mine = {bound(claim, i) for _, _, v, i in numbers_at(claim) if v == value} - {""}
    theirs = {bound(src, j) for _, _, v, j in numbers_at(src) if v == value} - {""}
    if len(mine) == 1 and len(theirs) == 1 and mine != theirs:
        return shown[next(iter(mine))], "says " + shown[next(iter(theirs))]
    return None


DIRECTION_REACH = 3  # words back from a figure to the verb of change that moves it
# Words between a verb of change and its figure: "fell by about 7 percent", "rose by more than".
_TO_FIGURE = frozenset(["by", "than", "more", "less", "over", "under", "some", "another"])
_FIGURE_UNITS = frozenset(["per", "cent", "percent", "percentage", "points", "point"])


def _direction(text: Text, at: int) -> Tok | None:
    """The word of change that moves the figure at token `at`: "fell by about 7 percent",
    "a 7 per cent fall" (a word with opposites in the antonym lexicon), or None."""
    toks, table = text.toks, antonyms()
    for j in range(at - 1, max(-1, at - 1 - DIRECTION_REACH), -1):
        u = toks[j]
        if u.low in _TO_FIGURE or u.low in APPROXIMATE:
            continue
        if u.content and u.stem in table:
            return u
        break
    if at and toks[at - 1].low in ("a", "an"):
        j = at + 1
        while j < len(toks) and (toks[j].low in _FIGURE_UNITS or toks[j].low in SCALE):
            j += 1
        if j < len(toks) and toks[j].content and toks[j].stem in table:
            return toks[j]  # "a 7 per cent fall"
    return None


def _direction_flipped(claim: Text, at: int, value: float, src: Text) -> tuple[str, str] | None:
    """The claim's figure moved one way where the cited text moves the same figure the other:
    "rose about 7 percent" / "fell by about 7 percent". (claim's word, cited word) or None."""
    mine = _direction(claim, at)
    if mine is None:
        return None
    opposite = antonyms().get(mine.stem, frozenset())
    theirs = [d for _, _, v, j in numbers_at(src) if v == value and (d := _direction(src, j))]
    if theirs and all(d.stem in opposite for d in theirs):
        return mine.text, theirs[0].text
    return None
