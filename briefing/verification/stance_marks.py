"""Words of a stand in other words, given the stem the lexicon reads them by.

"Changed its view" and "dropped the demand" are "abandon"; "still on the table" is
"maintain"; "stepped up" is "increase"; "argued against" is "oppose"; "would like" is "want".
"""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.text.textnorm import stem
from briefing.verification.lexicon import irregular_verbs, stance
from briefing.verification.token_types import Tok

_ABANDON = stem("abandon")
_MAINTAIN = stem("maintain")
_IN_FORCE = frozenset(section("stance.txt", "in_force"))
_MORE_PAIRS = frozenset(section("stance.txt", "more_pairs"))
_LESS_PAIRS = frozenset(section("stance.txt", "less_pairs"))
_INCREASE = stem("increase")
_DECREASE = stem("decrease")
_AGAINST_VERBS = frozenset(section("stance.txt", "against_verbs"))
_OPPOSE = stem("oppose")
_SUPPORT = stem("support")
_FOR_VERBS = frozenset(section("stance.txt", "for_verbs"))
_FOR_REACH = 3  # "argued inside government for": words from the verb to its "for"
_ABANDON_PAIRS = frozenset(section("stance.txt", "abandon_pairs"))
_WANT = stem("want")
_WOULD = frozenset(["would", "'d", "’d", "wouldn't", "would've"])
_STAND_REACH = 3  # "changed its view", "reversed its earlier position"


def mark_stances(toks: list[Tok]) -> None:
    """Give words of a stand in other words the stem the lexicon reads them by.

    A stand given up ("changed its view", "reversed its position", "backed down", "gave up",
    "dropped the demand") is "abandon", so a negation of one is checked against the other
    ("has not changed its view" / "dropped"); one kept ("still stands", "is still on the
    table", "remains alive") is "maintain", its opposite (data/antonyms.txt); "stepped up" and
    "scaled back" are "increase" and "decrease"; "argued against" is "oppose"; "would (not)
    like" is "(not) want"."""
    for i, t in enumerate(toks[:-1]):
        two = f"{t.low}_{toks[i + 1].low}"
        if two in _MORE_PAIRS or two in _LESS_PAIRS:
            # "stepped up" is "increased", "scaled back" "decreased"; the particle says nothing
            verb = _INCREASE if two in _MORE_PAIRS else _DECREASE
            toks[i] = Tok(t.text, t.low, verb, t.cap, t.initial, t.punct, True)
            nxt = toks[i + 1]
            toks[i + 1] = Tok(nxt.text, nxt.low, nxt.stem, nxt.cap, nxt.initial, nxt.punct, False)
            continue
        pair = two in _ABANDON_PAIRS
        after = [u.stem for u in toks[i + 1 : i + 1 + _STAND_REACH] if u.content]
        stand = (t.stem in stance("changed_stand") and bool(set(after) & stance("stand"))) or (
            t.stem in stance("abandon") and bool(set(after) & stance("demands"))
        )
        if pair or stand:
            toks[i] = Tok(t.text, t.low, _ABANDON, t.cap, t.initial, t.punct, t.content)
        elif t.low in _WOULD and (like := _like_after(toks, i)):
            # "would (not) like" is "(not) want": "do not want X" restated as "would like X"
            # drops the negation, and "would like" keeps "wants" ("like" is another verb).
            nxt = toks[like]
            toks[like] = Tok(nxt.text, nxt.low, _WANT, nxt.cap, nxt.initial, nxt.punct, True)
        elif t.low in ("still", "remains", "remain") and (k := _in_force(toks, i + 1)):
            # "the demand still stands", "is still on the table", "remains alive": a stand kept
            nxt = toks[k]
            shown = _shown(toks, i, k)  # "still on the table", as the findings quote it
            toks[k] = Tok(shown, nxt.low, _MAINTAIN, nxt.cap, nxt.initial, nxt.punct, True)
        elif (
            t.low in _COPULAS
            and (k := _in_force(toks, past := _past_negator(toks, i + 1)))
            and _demand_before(toks, i)
        ):
            # "the demand for the rifles is on the table at every meeting": a demand in force;
            # "is no longer on the table", "is not on the table": one given up, as "dropped"
            # (its negator says nothing more: it is no cue).
            nxt = toks[k]
            verb = _ABANDON if past > i + 1 else _MAINTAIN
            shown = _shown(toks, i + 1, k)
            toks[k] = Tok(shown, nxt.low, verb, nxt.cap, nxt.initial, nxt.punct, True)
            for j in range(i + 1, past):
                u = toks[j]
                toks[j] = Tok(u.text, "", "", u.cap, u.initial, u.punct, False)
        elif t.stem in stance("demands") and (k := _stands_after(toks, i)):
            # 'the demand "stands, with a condition attached"', "the call holds": a stand kept
            nxt = toks[k]
            toks[k] = Tok(nxt.text, nxt.low, _MAINTAIN, nxt.cap, nxt.initial, nxt.punct, True)
        elif t.low in _INSIST and _demands_after(toks, i):
            # "should insist that the lines commit to bookings": a demand, not a report
            toks[i] = Tok(t.text, t.low, _WANT, t.cap, t.initial, t.punct, True)
        elif t.low in _COME and _out_against(toks, i):
            # "has come out against the mine": opposes it
            toks[i] = Tok(t.text, t.low, _OPPOSE, t.cap, t.initial, t.punct, True)
        elif t.low in _AGAINST_VERBS and toks[i + 1].low == "against":
            # "argued against the plan", "voted against it": opposes it
            toks[i] = Tok(t.text, t.low, _OPPOSE, t.cap, t.initial, t.punct, t.content)
        elif t.low in _FOR_VERBS and _for_after(toks, i):
            # "argued for inviting escorts", "spoke for it": supports it
            toks[i] = Tok(t.text, t.low, _SUPPORT, t.cap, t.initial, t.punct, t.content)


_COPULAS = frozenset(section("english.txt", "copulas"))


def _shown(toks: list[Tok], start: int, end: int) -> str:
    """The words from `start` to `end` as written: a phrase read as one word."""
    return " ".join(u.text for u in toks[start : end + 1])


def _past_negator(toks: list[Tok], i: int) -> int:
    """The index after a negator at `i` ("not", "never", "no longer"), or `i`."""
    if i < len(toks) and toks[i].low in ("not", "never"):
        return i + 1
    if i + 1 < len(toks) and toks[i].low == "no" and toks[i + 1].low == "longer":
        return i + 2
    return i


def _in_force(toks: list[Tok], i: int) -> int:
    """The index of the last word of a stand's "still in force" phrase starting at `i`
    ("stands", "on the table"), or 0."""
    for n in (3, 2, 1):
        words = [u.low for u in toks[i : i + n]]
        if len(words) == n and "_".join(words) in _IN_FORCE:
            return i + n - 1
    return 0


def _stands_after(toks: list[Tok], i: int) -> int:
    """The index of a one-word "in force" verb right after the demand at `i` ("the demand
    stands", past a quotation mark), or 0."""
    k = i + 2 if i + 2 < len(toks) and toks[i + 1].text in ('"', "'") else i + 1
    if k < len(toks) and toks[k].low.endswith("s") and _in_force(toks, k) == k:
        return k
    return 0


_DEMAND_REACH = 8  # words between a demand and the "is on the table" said of it


def _demand_before(toks: list[Tok], i: int) -> bool:
    """Whether a word for a demand stands in the clause before `i` ("the demand for X is")."""
    for u in reversed(toks[max(0, i - _DEMAND_REACH) : i]):
        if u.punct and u.text not in ('"', "'"):
            return False
        if u.stem in stance("demands"):
            return True
    return False


def _for_after(toks: list[Tok], i: int) -> bool:
    """Whether "for" follows the verb at `i` within a few words, no punctuation between."""
    for u in toks[i + 1 : i + 1 + _FOR_REACH]:
        if u.punct:
            return False
        if u.low == "for":
            return True
    return False


def _like_after(toks: list[Tok], i: int) -> int:
    """The index of "like" right after "would" at `i` (or after "would not"), else 0."""
    k = i + 2 if i + 2 < len(toks) and toks[i + 1].low == "not" else i + 1
    return k if toks[k].low == "like" else 0


_INSIST = frozenset(section("stance.txt", "insist_forms"))
# Words that make a "that" clause a report of what is so ("insisted that talks were going
# well"), not a demand with its verb in the bare form ("insist that the lines commit").
_FINITE = frozenset(section("english.txt", "finite_reports"))
INSIST_REACH = 10  # words of the clause after "insist that" read for its verb
ASIDE_WORDS = 10  # words of an aside between commas after "insist"


def _demands_after(toks: list[Tok], i: int) -> bool:
    """Whether "insist" at `i` demands ("insist on X", "insist that X commit", "should insist,
    as its negotiators did, that …") rather than reports ("insisted that X was …")."""
    j = i + 1
    if j < len(toks) and toks[j].text == ",":
        close = next(
            (k for k in range(j + 1, min(len(toks), j + ASIDE_WORDS)) if toks[k].text == ","),
            None,
        )
        j = close + 1 if close is not None else j
    if j >= len(toks) or toks[j].low not in ("on", "that"):
        return False
    if toks[j].low == "on":
        return True
    for u in toks[j + 1 : j + 1 + INSIST_REACH]:
        if u.text in (".", ";", "?", "!"):
            break  # an aside between commas ("TEPCO, not the state, is") is read through
        if u.low in _FINITE or u.low in irregular_verbs() or (u.low.endswith("ed") and not u.cap):
            return False
    return True


_COME = frozenset(section("stance.txt", "come_forms"))


def _out_against(toks: list[Tok], i: int) -> bool:
    """Whether "come" at `i` is "come out against" ("has come out against the mine")."""
    return i + 2 < len(toks) and toks[i + 1].low == "out" and toks[i + 2].low == "against"
