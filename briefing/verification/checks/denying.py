"""Words that deny or end what they govern ("rejects", "ruled out", "the probe ended"), and a
negation whose verb is left out ("says it has not"): read by the negation and denial checks."""

from __future__ import annotations

from briefing.verification.lexicon import stance
from briefing.verification.tokens import AUXILIARIES, SPEECH_STEMS, Text, Tok, _is_boundary

_AWAY = frozenset(["off", "out", "away", "from"])
_PERIODS = frozenset(["year", "month", "week", "quarter", "day", "term", "season", "decade"])


def _time_end(toks: list[Tok], i: int) -> bool:
    """Whether an "end" at `i` names a time: "year-end", "the end of the year" (not "an end
    to the probe", which ends it)."""
    if toks[i].low not in ("end", "ends"):
        return False
    prev = toks[i - 1].low if i else ""
    prev2 = toks[i - 2].low if i > 1 else ""
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if prev in _PERIODS or (prev == "-" and prev2 in _PERIODS):
        return True
    return prev == "the" and nxt == "of"


def denying_verb(toks: list[Tok], i: int) -> bool:
    """Whether token `i` denies or ends what it governs ("rejects", "ended", "excludes", "rules
    out"), is "spared" ("spared the requirements": none applies), or is "keep" with "off",
    "out", "away" or "from" close after it ("controls kept off mature chips")."""
    t = toks[i]
    if t.stem in stance("cessation") and _time_end(toks, i):
        return False  # "before year-end", "by the end of the year": a time, nothing ends
    if t.stem in stance("denial") or t.stem in stance("cessation") or t.low == "spared":
        return True
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if (t.stem, nxt) in (
        ("rule", "out"),
        ("turn", "down"),
        ("leav", "out"),
        ("left", "out"),
        ("strike", "out"),
    ):
        # "has ruled out any instrument", "turned down the offer", "leaves out", "the call was
        # struck out of the draft"
        return True
    return t.stem == "keep" and any(u.low in _AWAY for u in toks[i + 1 : i + 6])


def reported_ellipsis(text: Text) -> bool:
    """A negation whose verb is left out, said by someone ("a METI official says it has
    not"): the text denies what it just reported another source asserting, in words that
    cannot be placed; it keeps a negation rather than dropping one."""
    toks = text.toks
    for i, t in enumerate(toks):
        if not (t.low == "not" or t.low.endswith("n't")):
            continue
        if t.low == "not" and not (i and toks[i - 1].low in AUXILIARIES):
            continue
        k = i + 1
        if k < len(toks) and toks[k].low in ("be", "been") and t.low == "not":
            k += 1  # "says it has not been": the participle is left out
        if k < len(toks) and not _is_boundary(toks[k]):
            continue  # "has not made it": the verb is there
        lo = i
        while lo > 0 and not (toks[lo - 1].punct and toks[lo - 1].text != '"'):
            lo -= 1
        if any(u.stem in SPEECH_STEMS or u.stem in stance("reporting") for u in toks[lo:i]):
            return True
    return False


_LINKS = frozenset(["to", "be", "is", "are", "was", "were", "been", "being", "get", "got"])


def ended(toks: list[Tok], i: int) -> bool:
    """Whether a verb right after token `i`'s phrase (past "to", "be" and the like) ends it: "the
    probe ended", "the probe to stop", "the levy is scrapped" (not "asked the EU to stop
    trading": there "stop" governs "trading", not what comes before it)."""
    if toks[i].stem in stance("intent") or (i and toks[i - 1].low in AUXILIARIES):
        # A verb's "to" opens its complement ("are trying to stop the river", "wants to end
        # the probe"): what is stopped is the object, not the trying or the wanting.
        return False
    # Past the rest of its noun phrase ("the anti-dumping probe") and the links; a word of
    # another kind ("the", "for") starts another phrase.
    for u in toks[i + 1 : i + 6]:
        if u.stem in stance("cessation"):
            return True
        if not (u.content or u.low in _LINKS or u.text in ("-", "‑")):
            return False
    return False
