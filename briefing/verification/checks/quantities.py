"""Figures as a text writes them: numbers, years, percentages, amounts, shares said as
fractions ("a fifth", "one in five"), months and durations ("a year and a half"), each with
its place, for the checks that compare them."""

from __future__ import annotations

import re

from briefing.text.lexicons import section
from briefing.verification.tokens import _MONTHS, _NUMBER_WORDS, SCALE, Text, Tok


def _numbers(text: Text) -> list[tuple[str, str, float]]:
    """(surface, kind, value) of every number, year, percentage and month in `text`."""
    return [(surface, kind, value) for surface, kind, value, _ in numbers_at(text)]


_SCALE_SHORT = {"m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12, "trn": 1e12}
_SCALE_ALWAYS = frozenset(["bn", "tn", "trn"])
_MONEY = re.compile(r"[£$€¥]\s?(\d[\d.,]*)\s?(?:m|mn|bn|tn|trn)\b")


def numbers_at(text: Text) -> list[tuple[str, str, float, int]]:
    """`_numbers`, each with the index of its token."""
    out: list[tuple[str, str, float, int]] = []
    parts: set[int] = set()  # the figures of a share said "one in five"
    toks = text.toks
    money = set(_MONEY.findall(text.raw))  # the figures written after a currency sign
    for i, t in enumerate(toks):
        if t.punct:
            continue
        nxt = toks[i + 1].low if i + 1 < len(toks) else ""
        if t.low[:1].isdigit():
            s = t.low.rstrip("%")
            try:
                value = float(s.replace(",", "")) if "," in s else float(s)
            except ValueError:
                continue
            if t.low.endswith("%") or nxt in ("percent", "per"):
                out.append((t.text, "percent", value, i))
                continue
            if nxt in SCALE:
                out.append((f"{t.text} {nxt}", "amount", value * SCALE[nxt], i))
                continue
            if nxt in _SCALE_SHORT and (nxt in _SCALE_ALWAYS or t.text in money):
                # "£250m", "$4bn", "1.2bn euros": the short forms of million and billion ("m"
                # only after a currency sign: "a 30m drop" is metres)
                out.append((f"{t.text}{nxt}", "amount", value * _SCALE_SHORT[nxt], i))
                continue
            if _and_a(toks, i + 1) and i + 4 < len(toks) and toks[i + 4].low in SCALE:
                scale = SCALE[toks[i + 4].low]  # "1 and a half million"
                out.append((t.text, "amount", (value + 0.5) * scale, i))
                continue
            if nxt in ("st", "nd", "rd", "th"):
                out.append((t.text + nxt, "ordinal", value, i))  # "9th-grade" is no count
                continue
            kind = "year" if s.isdigit() and len(s) == 4 and 1000 <= value <= 2100 else "number"
            out.append((t.text, kind, value, i))
        elif t.low in _NUMBER_WORDS:
            if i >= 2 and toks[i - 2].low == "half" and toks[i - 1].low in ("a", "an"):
                continue  # "half a dozen" is one figure, 6
            if t.low == "fifty" and "fifty" in (nxt, toks[i - 1].low if i else ""):
                continue  # "split fifty-fifty": in equal shares, no count
            value = float(_NUMBER_WORDS[t.low])
            if _and_a(toks, i + 1) and i + 4 < len(toks) and toks[i + 4].low in SCALE:
                # "two and a half million"
                out.append((t.text, "amount", (value + 0.5) * SCALE[toks[i + 4].low], i))
            else:
                out.append((t.text, "number", value, i))
        elif t.low == "half":
            if _and_a(toks, i - 2) or nxt in _UNIT_DAYS:
                continue  # "a year and a half", "half a year": a duration (durations())
            if any(u.low[:1].isdigit() for u in toks[i + 1 : i + 4]):
                continue  # "half the 20% cut": a ratio of a figure the claim gives itself
            after = toks[i + 2].low if i + 2 < len(toks) and nxt in ("a", "an") else ""
            if after in SCALE:
                out.append((f"half a {after}", "amount", SCALE[after] / 2, i))  # half a million
            elif after in _UNIT_DAYS:
                continue
            elif after == "dozen":
                out.append(("half a dozen", "number", 6.0, i))
            else:
                out.append((t.text, "percent", 50.0, i))
        elif t.low == "in" and (share := _one_in(toks, i)) is not None:
            out.append((_shown_one_in(toks, i), "percent", share, i))  # "one in five": 20%
            parts |= {i - 1, i + 1}
        elif (
            t.low in _FRACTIONS
            and i > 0
            and toks[i - 1].low in ("a", "one")
            and not _ordinal_use(toks, i)
        ):  # "a fifth of the revenue", "by a quarter since", not "a fifth filling"
            out.append((f"a {t.low}", "percent", _FRACTIONS[t.low], i))  # "a fifth": 20%
        elif (
            t.low.endswith("s")
            and t.low[:-1] in _FRACTIONS
            and i > 0
            and toks[i - 1].low in _NUMBER_WORDS
        ):
            share = _NUMBER_WORDS[toks[i - 1].low] * _FRACTIONS[t.low[:-1]]
            out.append((f"{toks[i - 1].text} {t.text}", "percent", share, i))  # "two thirds"
            parts.add(i - 1)  # its "two" is the share's, no count of its own
        elif t.low in _MONTHS and t.cap and (t.low != "may" or not t.initial):
            out.append((t.text, "month", float(_MONTHS.index(t.low)), i))
    # The figures of "one in five" are the share's, not counts of their own.
    return [n for n in out if n[3] not in parts or n[1] == "percent"]


def _ordinal_use(toks: list[Tok], i: int) -> bool:
    """Whether "fifth" at `i` counts a thing ("a fifth filling", "a third term"): a noun
    follows it, not "of", a time word or the clause's end ("by a quarter since 1980")."""
    if i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    return nxt.content and not nxt.punct and nxt.low not in _AFTER_A_SHARE


# Words after a share that say what it is of, since when or how it moved: no counted noun.
_AFTER_A_SHARE = frozenset(section("english.txt", "after_a_share"))


def _one_in(toks: list[Tok], i: int) -> float | None:
    """The share in percent of "one in five", "two in three" around the "in" at `i`."""
    if not 0 < i < len(toks) - 1:
        return None
    before, after = toks[i - 1].low, toks[i + 1].low
    part = 1.0 if before == "one" else _NUMBER_WORDS.get(before)
    whole = _NUMBER_WORDS.get(after)
    return 100 * part / whole if part and whole else None


def _shown_one_in(toks: list[Tok], i: int) -> str:
    return f"{toks[i - 1].text} in {toks[i + 1].text}"


# A share said as a fraction, in percent: "a fifth" of the revenue is 20 per cent of it.
_FRACTIONS = {
    word: float(share)
    for word, _, share in (pair.partition("-") for pair in section("english.txt", "fractions"))
}


# Days in a unit of time, for durations said in other units ("a year and a half" is 18
# months).
_YEAR = 365.25
_UNIT_DAYS = {
    **dict.fromkeys(("day", "days"), 1.0),
    **dict.fromkeys(("week", "weeks"), 7.0),
    **dict.fromkeys(("fortnight", "fortnights"), 14.0),
    **dict.fromkeys(("month", "months"), _YEAR / 12),
    **dict.fromkeys(("year", "years"), _YEAR),
    **dict.fromkeys(("decade", "decades"), _YEAR * 10),
}
_SAME_DURATION = 0.1  # relative: "six weeks" is "a month and a half" (42 and 45 days)


def _and_a(toks: list[Tok], i: int) -> bool:
    """Whether toks[i:i+3] read "and a half"."""
    return [t.low for t in toks[i : i + 3]] == ["and", "a", "half"] if i >= 0 else False


def durations(text: Text) -> list[tuple[int, int, float]]:
    """(first, last token, days) of every duration: "18 months", "a year and a half", "two
    and a half years", "half a year"."""
    toks, out = text.toks, []
    for i, t in enumerate(toks):
        if t.low == "half" and i + 2 < len(toks) and toks[i + 1].low in ("a", "an"):
            unit = _UNIT_DAYS.get(toks[i + 2].low)
            if unit is not None:
                out.append((i, i + 2, unit / 2))
            continue
        count: float | None = None
        if t.low[:1].isdigit():
            try:
                count = float(t.low.replace(",", ""))
            except ValueError:
                continue
        elif t.low in _NUMBER_WORDS:
            count = float(_NUMBER_WORDS[t.low])
        elif t.low in ("a", "an", "one"):
            count = 1.0
        if count is None:
            continue
        j, half = i + 1, False
        if _and_a(toks, j):
            j, half = j + 3, True
        unit = _UNIT_DAYS.get(toks[j].low) if j < len(toks) else None
        if unit is None:
            continue
        end = j
        if _and_a(toks, j + 1):
            end, half = j + 3, True
        out.append((i, end, (count + (0.5 if half else 0.0)) * unit))
    return out


def _counted_duration(cited: Text, unit: str) -> bool:
    """Whether the cited text counts a duration with a figure ("six weeks", "18 months") and
    never uses `unit` ("month") itself: the claim's "a month" would be that figure."""
    if any(t.low == unit or t.low == unit + "s" for t in cited.toks):
        return False
    return any(
        cited.toks[a].low[:1].isdigit() or cited.toks[a].low in _NUMBER_WORDS
        for a, _, _ in durations(cited)
    )


def _same_duration(claim: Text, index: int, cited: Text) -> bool:
    """Whether the claim's token `index` is part of a duration the cited text gives in other
    units ("a year and a half" / "18 months")."""
    theirs = [d for _, _, d in durations(cited)]
    return any(
        a <= index <= b and any(abs(days - d) <= _SAME_DURATION * d for d in theirs)
        for a, b, days in durations(claim)
    )


_TIME_UNITS = frozenset(section("english.txt", "time_units"))
# Frequency words and their period: "annually" -> "year" (a cited "renewed annually" gives a
# claim's "renewed every year").
_PERIOD_OF = dict(pair.split("-") for pair in section("english.txt", "frequency_words"))


def frequency_given(claim: Text, i: int, src: Text) -> bool:
    """Whether the claim's "every year" at `i` is a frequency the cited text gives ("annually",
    "every year", "each year", "a year"), not all of a kind it does not."""
    if claim.toks[i].low not in ("every", "each") or i + 1 >= len(claim.toks):
        return False
    period = claim.toks[i + 1].low.removesuffix("s")
    if period not in _TIME_UNITS:
        return False
    toks = src.toks
    return any(
        _PERIOD_OF.get(u.low) == period
        or (
            u.low.removesuffix("s") == period
            and k > 0
            and toks[k - 1].low in ("every", "each", "a", "per")
        )
        for k, u in enumerate(toks)
    )
