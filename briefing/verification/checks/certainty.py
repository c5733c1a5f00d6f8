"""Certainty a claim adds: "would" or "may" restated as "will certainly", likely as decided."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.text.passages import sentence_bounds
from briefing.text.textnorm import stem
from briefing.verification.checks.conditions import in_condition
from briefing.verification.checks.hedges import (
    _CONTRAST,
    _around,
    _framed,
    _modal,
)
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import adjective_of, irregular_verbs, stance, verb_synonyms
from briefing.verification.negation_shapes import UNLIKELY_THAT
from briefing.verification.tokens import (
    _BE,
    FRAME_STEMS,
    SPEECH_STEMS,
    Text,
    Tok,
    analyze,
    explicit_negator,
)
from briefing.verification.wordclass import ADJECTIVES

CERTAIN_WORDS = frozenset(section("stance.txt", "certain"))
# Modal verbs: one opens a verb phrase of its own ("will cost … and could supply …").
_MODALS = frozenset(section("english.txt", "modals"))


def _hedged_will(text: Text, i: int, possible: frozenset[str]) -> bool:
    """Whether the "will" at `i` has a word of possibility right before or after it."""
    near = [text.toks[k] for k in (i - 1, i + 1) if 0 <= k < len(text.toks)]
    return any(u.stem in possible and u.low not in ("if", "should") for u in near)


def check_certainty(claim: Text, ev: Evidence) -> Verdict | None:
    """Certainty the source does not have: "would" or "may" restated as "will certainly"."""
    src = ev.cited
    words = {t.stem for t in src.toks} | ev.context_stems
    for i, t in enumerate(claim.toks):
        # The words as listed: "assured" adds certainty, "assurances" (a noun) does not;
        # an adverb whose adjective the text has restates it ("a clear commitment").
        if t.low not in CERTAIN_WORDS or t.stem in words or _adjective_held(t, src):
            continue
        if t.low in ("sure", "certain") and i > 0 and claim.toks[i - 1].stem in ("make", "for"):
            continue  # "make sure", "for certain" ...
        if _attributive(claim, i):
            continue  # "assured long-term demand", "oil bound for Baltic ports": what it is
        return Verdict(
            "unsupported",
            f"the claim says '{t.text}'; the cited text is not that certain",
            "certainty",
        )
    decided = _decided_for_likely(claim, src, words)
    if decided:
        return Verdict(
            "unsupported",
            f"the claim says '{decided[0]}', the cited text only says it is '{decided[1]}'",
            "certainty",
            hard=False,
        )
    raised = _possible_made_likely(claim, src)
    if raised:
        return Verdict(
            "unsupported",
            f"the claim says '{raised[0]}', the cited text only says it is '{raised[1]}'",
            "certainty",
            hard=False,
        )
    guessed = _guess_stated(claim, src)
    if guessed:
        return Verdict(
            "unsupported",
            f"the cited text only guesses this ('I {guessed}'); the claim states it",
            "certainty",
            hard=False,
        )
    possible = stance("possible")
    will = ("will", "won't", "'ll")
    # The cited text's own "will", each with the words around it: a "will" the claim shares
    # with it is the text's, a "will" about what the text hedges is the claim's.
    # A "will" with a hedge beside it ("will probably accept", "probably will") is no sure one.
    sure = [
        (_around(src, i), _predicate(src, i))
        for i, t in enumerate(src.toks)
        if t.low in will and _modal(src, i) and not _hedged_will(src, i, possible)
    ]
    # "On debt, the minister said the bank would suspend payments. Interest would continue to
    # accrue, …": a "would" that goes on with the report just before it is reported too.
    going_on = all(_report_goes_on(c.context, c.text) for c in ev.sources)
    hedges = [
        # With the condition it is said under, as the claim's "will" is read with its own:
        # "may raise it … if the moorings remain closed" hedges "will take it … if closed".
        (t.text, _around(src, i) | _condition(src, i))
        for i, t in enumerate(src.toks)
        if (
            t.stem in possible
            and not _reported_future(src, i)
            and not (going_on and t.low == "would" and not in_condition(src.toks, i))
        )
        or _expected_to(src, i)
    ]
    for i, t in enumerate(claim.toks):
        if not (t.low in will and _modal(claim, i)):
            continue
        # A "will" inside a hope or aim ("hope to agree a framework that will replace …")
        # is the hoper's; it is the claim's own only where the cited text hedges the same
        # words inside the same frame ("… a framework that could replace …").
        if in_condition(claim.toks, i):
            continue  # "if the owner will not accept the terms": the condition's, no forecast
        framed = _framed(claim, i, speech=False)
        if framed and not _describes(claim, i):
            continue  # "hopes the plant will reopen": the hope's own "will"
        if _refusal_said(claim, i, src):
            continue  # "will not promise more" for "I cannot promise more": a refusal
        if _open_question(claim, i):
            continue  # "would not say what the committee will discuss": nothing asserted
        # The hedge about what the claim's "will" is about: "declined to say whether
        # hybrids could be sold" hedges no claim that fuels will be examined.
        # Who says it is not what it is about; the condition it is said under is ("… will
        # withdraw its support if Canberra approves another gas field").
        mine = (_around(claim, i) | _condition(claim, i)) - SPEECH_STEMS
        said = _predicate(claim, i)
        if any(
            len(near & mine) >= SAME_WILL and (not said or said & theirs or _alike(said, theirs))
            for near, theirs in sure
        ):
            continue  # the cited text's own "will" about the same thing, said of the same act
        # Its hedge before it, or right after it ("will probably accept").
        kept = {u.low for u in claim.toks[max(0, i - KEPT_HEDGE_REACH) : i + 2]}
        if kept & UNLIKELY_THAT:
            kept |= UNLIKELY_THAT  # "improbable that it will" keeps a cited "unlikely to"
        if _condition(claim, i):
            kept.add("if")  # "… will withdraw if Canberra approves …" keeps the condition
        need = FRAMED_WILL if framed else 1
        # Inside a frame, "would" is the frame's own tense ("doubts they will" / "doubts
        # they would"), and "if" or "should" no hedge of the "will".
        skip = _FRAME_TENSE if framed else frozenset()
        hedge = next(
            (
                h
                for h, near in hedges
                if len(near & mine) >= need and h.lower() not in kept and h.lower() not in skip
            ),
            "",
        )
        if hedge:
            return Verdict(
                "unsupported",
                f"the claim says '{t.text}', the cited text says '{hedge}'",
                "certainty",
                hard=False,
            )
    return None


_GUESSING = frozenset(stem(w) for w in section("english.txt", "guessing_verbs"))
GUESS_SHARED = 3  # content words the claim shares with what the writer guesses


def _guess_stated(claim: Text, src: Text) -> str:
    """The verb of an "I suspect …" whose clause the claim restates (GUESS_SHARED of its words)
    with no hedge, frame or guess of its own ("Ulloa says the government will offer five
    years" for "I suspect the government will offer five years"), or ""."""
    mine = {u.stem for u in claim.toks if u.content}
    if any(
        s in FRAME_STEMS - SPEECH_STEMS or s in stance("possible") or s in _GUESSING for s in mine
    ):
        return ""
    toks = src.toks
    for i, t in enumerate(toks[:-1]):
        if t.low != "i" or toks[i + 1].stem not in _GUESSING:
            continue
        guessed = set()
        for u in toks[i + 2 :]:
            if u.text in (".", ";", "?", "!"):
                break
            if u.content:
                guessed.add(u.stem)
        if len(guessed & mine) >= GUESS_SHARED:
            return toks[i + 1].text
    return ""


_QUESTION_WORDS = frozenset(section("english.txt", "question_words"))
QUESTION_REACH = 8  # words from a question word to the "will" its clause holds


def _open_question(text: Text, i: int) -> bool:
    """Whether the "will" at `i` sits in a question someone would not answer: a question word
    after a denied verb of report ("would not say what the board will decide", "declined to
    comment on whether it will"). Such a "will" asserts nothing, so it adds no certainty."""
    toks = text.toks
    for k in range(i - 1, max(-1, i - QUESTION_REACH), -1):
        if toks[k].punct:
            return False
        if toks[k].low not in _QUESTION_WORDS:
            continue
        v = k - 1
        while v >= 0 and toks[v].low in ("on", "about", "as", "to"):
            v -= 1
        reporting = stance("reporting") | SPEECH_STEMS
        return v >= 0 and v in text.negated and toks[v].stem in reporting
    return False


PREDICATE_REACH = 4  # content words after a "will" that say what will happen


def _predicate(text: Text, i: int) -> set[str]:
    """The content stems of what a "will" says will happen ("will cost $1.6 billion"), to the
    end of its clause or another modal ("… and could supply water" is the other modal's)."""
    out: set[str] = set()
    for u in text.toks[i + 1 :]:
        if (u.punct and u.text not in ('"', "'")) or u.low in _MODALS or u.low in _CONTRAST:
            break
        if u.content and not u.low[:1].isdigit():
            out.add(u.stem)
            if len(out) == PREDICATE_REACH:
                break
    return out


def _alike(mine: set[str], theirs: set[str]) -> bool:
    """Whether two predicates share a verb by WordNet's synonyms ("provide" / "supply")."""
    return any(verb_synonyms().get(s, frozenset()) & theirs for s in mine)


# The words of certainty that are adjectives, and so may describe a noun instead.
_CERTAIN_ADJECTIVES = frozenset(w for w in CERTAIN_WORDS if w in ADJECTIVES or w.endswith("ed"))


def _attributive(claim: Text, i: int) -> bool:
    """Whether a word of certainty describes a noun ("an assured market", "guaranteed
    demand") or a destination ("bound for the Baltic"), not the claim's own certainty ("will
    certainly", "is assured of", "bound to fail")."""
    toks = claim.toks
    if i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    if toks[i].low == "bound":
        return nxt.low == "for"
    if toks[i].low not in _CERTAIN_ADJECTIVES:
        return False
    return nxt.content and not nxt.cap and nxt.low not in ("to", "of", "that")


def _refusal_said(claim: Text, i: int, src: Text) -> bool:
    """Whether the claim's "will" is negated ("will not promise", "won't say") and the cited
    text denies the same verb ("cannot promise"): what someone will not do, as the text has
    it, is no certainty the claim adds (whether the verb is denied is the negation check's)."""
    toks = claim.toks
    k = i + 1 if toks[i].low.endswith("n't") else i + 2
    if k - 1 >= len(toks) or (k == i + 2 and toks[i + 1].low not in ("not", "never")):
        return False
    verb = next((u for u in toks[k : k + 2] if u.content), None)
    # Denied outright ("cannot promise", "will not promise"), not judged unlikely.
    return verb is not None and any(
        src.toks[head].stem == verb.stem and explicit_negator(src.toks[cue])
        for cue, head in src.cues
    )


def _describes(text: Text, i: int) -> bool:
    """Whether the "will" at `i` is in a clause that describes a noun ("a framework that will
    replace …", "the assumption that deterrence will fail"), not the complement of the hope
    itself ("hopes the plant will reopen")."""
    toks = text.toks
    for k in range(i - 1, max(0, i - DESCRIBE_REACH) - 1, -1):
        if toks[k].punct:
            return False
        if toks[k].low in ("that", "which") and k:
            before = toks[k - 1]
            return before.content and not before.punct and before.stem not in FRAME_STEMS
    return False


def _adjective_held(t: Tok, src: Text) -> bool:
    """ "commit clearly" where the cited text has "a clear commitment" ("a certain" is no
    certainty)."""
    base = adjective_of(t.low)
    return bool(base) and any(
        u.low == base and not (base == "certain" and k and src.toks[k - 1].low in ("a", "an"))
        for k, u in enumerate(src.toks)
    )


def _condition(text: Text, i: int) -> set[str]:
    """The content stems of an "if" clause in the clause of token `i` (to the sentence's
    ends or a contrast: "but", "while"): the condition its "will" is said under."""
    toks = text.toks
    ends = _CONTRAST | {".", "?", "!"}
    start = max((k for k in range(i) if toks[k].low in ends), default=-1) + 1
    end = next((k for k in range(i, len(toks)) if toks[k].low in ends), len(toks))
    out: set[str] = set()
    inside = False
    for u in toks[start:end]:
        if u.low == "if":
            inside = True
        elif inside and u.text in (",", ";"):
            inside = False
        elif inside and u.content:
            out.add(u.stem)
    return out


SAME_WILL = 2  # words a claim's "will" shares with one of the cited text's: the same "will"
FRAMED_WILL = 3  # words a framed "will" shares with a cited hedge: the same hedged clause
DESCRIBE_REACH = 4  # words back from a "will" to the "that" of the clause it describes with
_FRAME_TENSE = frozenset(["would", "should", "if", "unless"])
KEPT_HEDGE_REACH = 10  # words before a claim's "will" where it keeps the hedge ("if …, it will")

# Likelihood: what a source calls likely or unlikely is not yet decided.
_LIKELIHOOD = frozenset(["likely", "unlikely", "probably", "probable", "improbable"])


def _decided_for_likely(claim: Text, src: Text, words: set[str]) -> tuple[str, str] | None:
    """ "Has ruled out a suspension" where the cited text says a suspension is "unlikely": a
    likelihood restated as a decision (a verb of deciding the cited text does not use, about
    what its likelihood is about). (claim's verb, cited word), or None."""
    likely = [(t.text, _around(src, i)) for i, t in enumerate(src.toks) if t.low in _LIKELIHOOD]
    if not likely:
        return None
    for i, t in enumerate(claim.toks):
        ruled_out = t.stem == "rule" and i + 1 < len(claim.toks) and claim.toks[i + 1].low == "out"
        if not (ruled_out or t.stem in stance("decision")) or t.stem in words:
            continue
        mine = _around(claim, i) - SPEECH_STEMS
        word = next((w for w, near in likely if near & mine), "")
        if word:
            return (f"{t.text} out" if ruled_out else t.text), word
    return None


# Words that make a thing likely, above a possibility; a possibility only; a text's forecast.
_PROBABLE = frozenset(section("stance.txt", "probable"))
_POSSIBLE_ONLY = frozenset(section("stance.txt", "possible_only"))
_FORECAST = frozenset(section("stance.txt", "forecast"))


def _possible_made_likely(claim: Text, src: Text) -> tuple[str, str] | None:
    """ "Rojas Vega expects a deal by the end of the year" where her text says "a deal is
    possible by the end of the year if …": a possibility restated as a likelihood, about the
    same words. (The claim's word, the cited one), or None."""
    if any(u.low in _PROBABLE or u.low in _FORECAST for u in src.toks):
        return None  # the cited text rates a likelihood or forecasts itself
    maybe = [
        (u.text, _around(src, j, LIKELY_REACH))
        for j, u in enumerate(src.toks)
        if u.low in _POSSIBLE_ONLY
        # "may prefer to leave it frozen": a possible wish, not a possible outcome
        and not any(w.stem in stance("intent") for w in src.toks[j + 1 : j + 3])
    ]
    if not maybe:
        return None
    for i, t in enumerate(claim.toks):
        if t.low not in _PROBABLE:
            continue
        mine = _around(claim, i, LIKELY_REACH) - SPEECH_STEMS
        word = next((w for w, near in maybe if len(near & mine) >= SAME_WILL), "")
        if word:
            return t.text, word
    return None


LIKELY_REACH = 9  # words either side: "expects a deal to be reached by the end of the year"
REPORT_REACH = 30  # words back from a "would" to the past verb of speech that reports it


def _report_goes_on(context: str, cited: str) -> bool:
    """Whether a cited sentence goes on with the report of the sentence right before it in
    its paragraph: that sentence reports a "would" after a past verb of speech ("the minister
    said the bank would suspend payments"), and the cited one opens with no speaker of its own.
    """
    before = context[: context.rfind(cited[:40])] if cited[:40] in context else context
    bounds = sentence_bounds(before, 0, len(before.rstrip()))
    if not bounds:
        return False
    last = analyze(before[bounds[-1][0] : bounds[-1][1]])
    return any(u.low == "would" and _reported_future(last, k) for k, u in enumerate(last.toks))


def _reported_future(text: Text, i: int) -> bool:
    """ "Ricci said the review would look at fuels": a "would" after a past verb of speech is
    the speaker's "will" in reported speech (the tenses shift back), no hedge."""
    toks = text.toks
    if toks[i].low != "would":
        return False
    # Back to the sentence's start: "the ministry said it remained committed to the talks
    # and would treat all creditors equally" reports both verbs.
    for j in range(i - 1, max(-1, i - REPORT_REACH), -1):
        u = toks[j]
        if u.text in (".", ";", "!", "?", ":") or u.low in ("if", "unless"):
            return False
        past = u.low.endswith("ed") or u.low in irregular_verbs()
        if past and (u.stem in SPEECH_STEMS or u.stem in stance("reporting")):
            return True
        if u.low in ("clear", "plain") and "made" in (t.low for t in toks[max(0, j - 2) : j]):
            return True  # "the ministry made (it) clear it would not reopen the ruling"
    return _said_after(toks, i)


TAG_WORDS = 6  # words of a trailing attribution: ", the transport minister said."


def _said_after(toks: list[Tok], i: int) -> bool:
    """ "Platforms would have to publish their fees, he said.": an attribution that closes the
    sentence after a comma reports the "would" before it as well."""
    end = next((k for k in range(i, len(toks)) if toks[k].text in (".", "!", "?", ";")), len(toks))
    comma = next((k for k in range(end - 1, i, -1) if toks[k].text == ","), None)
    if comma is None or end - comma - 1 > TAG_WORDS:
        return False
    return any(
        (u.low.endswith("ed") or u.low in irregular_verbs())
        and (u.stem in SPEECH_STEMS or u.stem in stance("reporting"))
        for u in toks[comma + 1 : end]
    )


def _expected_to(text: Text, i: int) -> bool:
    """ "The minister is expected to attend": a forecast, which "will attend" makes certain."""
    toks = text.toks
    return (
        toks[i].stem == "expect"
        and i > 0
        and toks[i - 1].low in _BE
        and i + 1 < len(toks)
        and toks[i + 1].low == "to"
    )
