"""Parties a claim says agree on a figure, where one of them gives another: "the wire and
the union agree the strike begins on June 9" where the union's answer is "June 16"."""

from __future__ import annotations

from briefing.text.passages import sentence_bounds
from briefing.verification.checks.agreement import says_they_agree
from briefing.verification.checks.figures import named_figure
from briefing.verification.checks.numbers import bound
from briefing.verification.checks.quantities import numbers_at
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.tokens import Text, analyze, figure_bound


def clip(text: str, n: int = 80) -> str:
    """A cited sentence shortened to `n` characters at a word, for a finding's message."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


_FIGURE_KINDS = ("percent", "amount", "number")
FIGURE_REACH = 4  # content words either side of a figure: what it counts


def figure_apart(claim: Text, ev: Evidence) -> Verdict | None:
    """Parties said to agree on a figure one of them gives otherwise: "Meridian and the
    Monitor agree the proposal asks a 40% cut" where the Monitor's cited sentence has a 37%
    haircut on the same principal (a figure of the same kind, about the same words)."""
    if not says_they_agree(claim):
        return None  # "reservoirs on both sides of the border": "both" agrees on nothing
    figures = [(f, k, v, i) for f, k, v, i in numbers_at(claim) if k in _FIGURE_KINDS]
    # A party's figure the claim itself gives is no other reading: "from 7.5% to 8.5%" where
    # one source has only the 8.5%.
    own = {v for _, _, v, _ in figures}
    for surface, kind, value, i in figures:
        around = _around(claim, i)
        limit = bound(claim, i)
        for s in ev.sources:
            text = analyze(s.text)
            theirs = [(f, v, j) for f, k, v, j in numbers_at(text) if k == kind]
            same = [j for _, v, j in theirs if _within(v, value, limit)]
            if same and all(_figure_denied(text, j) for j in same):
                # "roughly a third, not the 40 percent figure the ministry cites"
                return Verdict(
                    "unsupported",
                    f"the claim has the parties agree on {surface};"
                    f" {s.doc or 'a cited text'} denies it: '{clip(s.text)}'",
                    "merged",
                    hard=False,
                )
            if same and all(named_figure(text, j) for j in same):
                # "slightly higher than the $1.62 figure being quoted by the growers": a
                # figure the source names as someone's, beside one of its own
                same = []
            if not theirs or same:
                continue
            theirs = [(f, v, j) for f, v, j in theirs if v not in own]
            counts = _counted(claim, i, surface)
            for f, _v, j in theirs:
                if _day(text, j) != _day(claim, i):
                    continue  # "June 16" is a date; "three" in "a three-day strike" is not
                other = _counted(text, j, f)
                if counts and other and not counts & other:
                    continue  # "a five-year cycle" / "two congressional aides": other things
                if (_around(text, j) or _asked(s.context)) & around:
                    return _gives_otherwise(surface, s.doc, f)
    return None


def _gives_otherwise(surface: str, doc: str, theirs: str) -> Verdict:
    """The finding: parties said to agree on `surface`, one of whom gives `theirs`."""
    return Verdict(
        "unsupported",
        f"the claim has the parties agree on {surface}; {doc or 'a cited text'} gives {theirs}",
        "merged",
        hard=False,
    )


def month_apart(claim: Text, ev: Evidence) -> Verdict | None:
    """Parties said to agree on a month ("agree that the ruling should come in August") where
    one of them gives that thing another month and never the claim's ("I do not expect the
    final results before October"): the month, read as `figure_apart` reads a figure."""
    if not says_they_agree(claim):
        return None
    months = [
        (f, v, i)
        for f, k, v, i in numbers_at(claim)
        if k == "month" and not _day(claim, i) and not _next_is_day(claim, i)
    ]
    for surface, value, i in months:
        around = _around(claim, i)
        for s in ev.sources:
            text = analyze(s.text)
            theirs = [(f, v, j) for f, k, v, j in numbers_at(text) if k == "month"]
            if not theirs or any(v == value for _, v, _ in theirs):
                continue
            for f, _v, j in theirs:
                if _around(text, j) & around:
                    return _gives_otherwise(surface, s.doc, f)
    return None


def _next_is_day(text: Text, i: int) -> bool:
    """Whether a day follows the month at `i` ("April 1"): a date, which `figure_apart` reads."""
    toks = text.toks
    return i + 1 < len(toks) and toks[i + 1].low.isdigit()


def _day(text: Text, i: int) -> bool:
    """Whether the figure at `i` is the day of a date ("June 16", "16 June")."""
    months = {k for _f, kind, _v, k in numbers_at(text) if kind == "month"}
    return i - 1 in months or i + 1 in months


def _asked(context: str) -> set[str]:
    """The content stems of the question an answer's bare figure replies to ("When does the
    strike start?" before "June 16."): the last question in the cited text's context."""
    # The corpus's own sentence splitter ("U.S." ends no sentence), as the citations use.
    spans = sentence_bounds(context, 0, len(context))
    questions = [context[a:b] for a, b in spans if context[a:b].rstrip().endswith("?")]
    if not questions:
        return set()
    return {u.stem for u in analyze(questions[-1]).toks if u.content and not u.cap}


FIGURE_DENIAL_REACH = 3  # words back from a figure to a "not" that denies it ("not the 40")


def _figure_denied(text: Text, j: int) -> bool:
    """Whether the figure at token `j` is denied: "not the 40 percent figure", "never 40"."""
    for k in range(j - 1, max(-1, j - 1 - FIGURE_DENIAL_REACH), -1):
        u = text.toks[k]
        if u.punct:
            return False
        if u.low in ("not", "never") and not figure_bound(text.toks, k):
            return True
    return False


COUNTED_REACH = 2  # content words right after a figure that say what it counts


def _counted(text: Text, i: int, surface: str) -> set[str]:
    """The content words right after a figure, in its clause: what it counts ("five-year
    cycle", "two congressional aides", "1 billion euros")."""
    out: set[str] = set()
    for u in text.toks[i + len(surface.split()) :]:
        if u.text in (",", ";", ".", ":", "?", "!") or len(out) == COUNTED_REACH:
            break
        if u.content:
            out.add(u.stem)
    return out


def _within(theirs: float, mine: float, bound: str) -> bool:
    """Whether a party's figure fits the claim's figure, read as the bound it is."""
    if abs(theirs - mine) < 1e-9:
        return True
    return (bound == "min" and theirs > mine) or (bound == "max" and theirs < mine)


def _around(text: Text, i: int) -> set[str]:
    """Up to FIGURE_REACH content words either side of a figure, in its sentence: what it
    counts ("people directly employed by the lifts at more than 18,000")."""
    toks, out = text.toks, set()
    for step in (-1, 1):
        j, found = i + step, 0
        while 0 <= j < len(toks) and found < FIGURE_REACH and toks[j].text not in (".", "?", "!"):
            u = toks[j]
            if u.content and not u.low[:1].isdigit() and not u.cap:
                out.add(u.stem)
                found += 1
            j += step
    return out
