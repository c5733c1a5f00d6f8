"""What a negation is said of: the word it is compared on, the thing a negated verb governs
(which the other text may assert with the same verb), and a question it leaves open."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.verification.checks.conditions import asked, contrasted
from briefing.verification.checks.spans import (
    clause_span,
    clause_stems,
    objects_after,
    sentence_span,
)
from briefing.verification.lexicon import antonyms, party_key, stance
from briefing.verification.tokens import _NEG_WORDS, SPEECH_STEMS, Text

_SAID = "<say>"


_GIVEN_UP = "<abandon>"


def _key(stem_: str) -> str:
    """What a negation is compared on: every reporting verb is one ("declined to say" /
    "signalled"), so is every verb of giving up a stand ("has not dropped" / "abandoned"),
    other words their stem."""
    if stem_ in SPEECH_STEMS or stem_ in stance("reporting"):
        return _SAID
    return _GIVEN_UP if stem_ in stance("abandon") else stem_


def _keys(stems: set[str]) -> set[str]:
    return {_key(s) for s in stems}


_OPINION_VERBS = frozenset(section("english.txt", "opinion_verbs"))


def next_to_negation(text: Text, i: int) -> bool:
    """Whether an explicit "not"/"never" stands right before or after word `i` ("not likely
    to", "probably not"): the word is denied even where the negation's scope passes on to the
    verb after it, so its opposite ("unlikely") says the same."""
    toks = text.toks
    before = i > 0 and (toks[i - 1].low in ("not", "never") or toks[i - 1].low.endswith("n't"))
    return before or (i + 1 < len(toks) and toks[i + 1].low in ("not", "never"))


_GOVERNED_REACH = 12  # words of what an opinion verb governs


def raised_denial(negating: Text, head: int, other: Text) -> bool:
    """Whether a negated verb of opinion ("I do not think the council will approve it") is
    restated by `other` with the denial in what the verb governs: the same opinion of the
    opposite ("expects the council to reject it") or of the negation ("thinks it will not
    approve it"). What such a negation denies is the thing expected, not the expecting."""
    toks = negating.toks
    if toks[head].low not in _OPINION_VERBS:
        return False
    governed: set[str] = set()
    for u in toks[head + 1 : head + 1 + _GOVERNED_REACH]:
        if u.punct and u.text != '"':
            break  # "that" and "will" stay: "does not think that the council will approve it"
        if u.content and not u.cap:
            governed.add(u.stem)
    opposite = set().union(*(antonyms().get(s, frozenset()) for s in governed))
    said = {u.stem for i, u in enumerate(other.toks) if u.content and i not in other.negated}
    return bool(governed & other.negated_stems()) or bool(opposite & said)


OBJECT_WORDS = 2  # words of what is negated that the other text asserts with the same verb


_KNOWING = frozenset(["know", "tell"])  # with "say": "cannot say whether", "does not know if"


def open_question(negating: Text, head: int, other: Text) -> bool:
    """Whether a negated verb of saying or knowing before "whether"/"if" ("cannot say whether
    the money will follow") leaves open what `other` also leaves open: an indirect question
    of its own sharing a word with this one ("whether the money follows is another
    question"). Such a negation denies nothing; it says the matter is undecided."""
    toks = negating.toks
    tok = toks[head]
    if not (_key(tok.stem) == _SAID or tok.stem in _KNOWING):
        return False
    if head + 1 >= len(toks) or toks[head + 1].low not in ("whether", "if"):
        return False
    _, hi = clause_span(negating, head + 1)
    mine = {u.stem for u in toks[head + 2 : hi + 1] if u.content}
    theirs = {other.toks[k].stem for k in asked(other) if other.toks[k].content}
    return bool(mine & theirs)


def object_asserted(negating: Text, head: int, other: Text, h: str) -> bool:
    """Whether what the negated verb governs is what `other` asserts with the same verb, while
    `other` negates that verb of something else: "says she never said the mill should cut
    its hours" against "I never said the mill should close. I said it should cut its hours"."""
    mine = set(objects_after(negating, head))
    denied: set[str] = set()
    asserted: set[str] = set()
    cues = {c for c, _ in other.cues}
    undecided = asked(other)  # "asked whether they would sign" asserts no signing
    for i, t in enumerate(other.toks):
        if _key(t.stem) != h or i in undecided:
            continue
        # Asserted only in a sentence with no negation ("I do not think the federation
        # opposes a fund", "Acexcafé opposes a price floor; we do not" assert no opposing).
        lo, hi = sentence_span(other, i)
        if hi + 1 < len(other.toks) and other.toks[hi + 1].text == "?":
            continue  # a question asserts nothing either way
        negated_here = (
            i in other.negated
            or any(lo <= k <= hi for k in cues)
            or any(u.low in _NEG_WORDS or u.low.endswith("n't") for u in other.toks[lo : hi + 1])
        )
        (denied if negated_here else asserted).update(objects_after(other, i))
    return len((mine - denied) & asserted) >= OBJECT_WORDS and bool(denied)


EXCLUSION_REACH = 3  # words from "outside", "beyond" to what is left out


def left_out(text: Text, stem_: str) -> bool:
    """Whether `text` puts something outside the word ("outside the federation")."""
    toks = text.toks
    return any(
        t.stem == stem_
        and any(u.stem in stance("exclusion") for u in toks[max(0, i - EXCLUSION_REACH) : i])
        for i, t in enumerate(toks)
    )


def asserted_elsewhere(negating: Text, head: int, other: Text, h: str) -> bool:
    """Whether the cited text also asserts the negated word, un-negated, in a clause closer
    to the claim's than the negated one: "the deadline will force them to stop selling" and
    "we cannot force them to" cited together carry a claim that the deadline will force them.
    Each use of the word in the claim is read against the cited use it shares most words with.
    """
    if _key(negating.toks[head].stem) != h:
        return False
    pos = [
        i
        for i, t in enumerate(negating.toks)
        if i != head
        and t.content
        and i not in negating.negated
        and t.stem == negating.toks[head].stem
    ]
    if not pos:
        return False

    def ctx(text: Text, i: int) -> set[str]:
        return _keys(clause_stems(text, i)) - {h}

    neg = ctx(negating, head)
    # What the other text itself denies or sets aside ("rather than wait for the government
    # to keep its side") is not what it asserts with the word.
    denied_there = _keys({other.toks[k].stem for k in other.negated})
    for j, t in enumerate(other.toks):
        if _key(t.stem) != h or j in other.negated:
            continue
        mine = ctx(other, j) - denied_there
        best = max(len(mine & ctx(negating, i)) for i in pos)
        if best > len(mine & neg):
            return True
    return False


def sets_aside(text: Text, cue: int) -> bool:
    """Whether a cue sets an alternative aside ("rather than", "instead of", "in place of",
    "prefer … to"), not negates ("stopped short of promising")."""
    t = text.toks[cue]
    return (
        t.low in ("than", "to")
        or (t.low == "of" and cue > 0 and text.toks[cue - 1].low in ("instead", "place", "lieu"))
        or contrasted(text, cue)
    )


def set_aside_denied(text: Text, cue: int, against: Text) -> bool:
    """Whether what `text` sets aside after `cue` ("rather than Kyiv") is among what `against`
    negates ("unwilling to negotiate directly with Ukraine"), a country by any of its names."""
    mine = {k for k in text.negated if k > cue}
    keys = {party_key(text.toks[k].low) for k in mine} | {text.toks[k].stem for k in mine}
    # What `against` itself sets aside is no denial of it ("has not asked for a cheque
    # instead of its land": the land is not what is denied).
    denied = _denied(against)
    theirs = {party_key(against.toks[k].low) for k in denied}
    theirs |= {against.toks[k].stem for k in denied}
    return bool(keys & theirs)


_ASIDE_REACH = 4  # words of what "instead of", "rather than" set aside


def _denied(text: Text) -> set[int]:
    """The negated words of `text` but what it sets aside ("instead of its land")."""
    aside = [c for c, _ in text.cues if sets_aside(text, c)]
    return {k for k in text.negated if not any(c < k <= c + _ASIDE_REACH for c in aside)}


def denied_stems(text: Text) -> set[str]:
    """The stems of what `text` negates, not of what it only sets aside: "has asked for a
    cheque instead of its land" denies nothing of the asking."""
    return {text.toks[k].stem for k in _denied(text)}
