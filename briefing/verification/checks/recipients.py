"""Who tells whom: the one told made the teller ("the councils told Lamont" where the cited
text has "Lamont has told the councils", "the alliance told officials" where it has
"Officials told us").

A verb of telling names the one told right after it, so teller and told can be read
without a parser, for any participant: a name, a common noun ("several councillors"), or
the speaker's own "me" and "us". A claim whose one told is the cited text's teller of the
same verb, while the claim's teller is not, has the two the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.text.lexicons import section
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import group_of, irregular_verbs
from briefing.verification.tokens import (
    _BE,
    _FIRST_PERSON,
    AUXILIARIES,
    DETERMINERS,
    FINITE,
    SPEECH_STEMS,
    Text,
    Tok,
    _is_boundary,
    analyze,
    plural_possessive,
)

_ASKING = frozenset(section("english.txt", "asking_verbs"))
_TELLS = frozenset(section("english.txt", "telling_verbs"))
_TELLING = _TELLS | frozenset(section("english.txt", "backing_verbs")) | _ASKING
_ASK = "<ask>"  # "asked the minister for", "requested a meeting with": one verb
_TELL = "<tell>"  # "told the ministry", "informed the buyers", "briefed": one direction
_PRONOUNS = frozenset(section("english.txt", "other_pronouns"))
_SELF = "<self>"  # the speaker or writer
_SOMEONE = "<pronoun>"  # a pronoun of someone named elsewhere
APPOSITION_REACH = 15  # words back over an apposition ("X, an Italian member of …, has")
PHRASE_WORDS = 3  # content words of a teller or of the one told
# What ends the one told: the clause or a circumstance after it ("told officials in private").
_AFTER_TOLD = frozenset(section("english.txt", "after_told"))


@dataclass(frozen=True)
class _Telling:
    verb: str  # the verb's stem ("tell" for "told")
    written: str  # the verb as written ("told")
    teller: frozenset[str]  # keys of the teller's words, or {_SELF} / {_SOMEONE}
    told: frozenset[str]
    shown_teller: str
    shown_told: str
    rest: frozenset[str] = frozenset()  # keys of the clause after the verb ("… with the minister")


def _key(t: Tok) -> str:
    if t.low in _FIRST_PERSON:
        return _SELF
    if t.low in _PRONOUNS:
        return _SOMEONE
    group = group_of(t.text) if t.cap else None
    return f"#{group}" if group is not None else t.stem


def _phrase(text: Text, idx: list[int]) -> tuple[frozenset[str], str]:
    """The keys and the surface of the participant at token indexes `idx` (in text order)."""
    words = [text.toks[k] for k in idx]
    keys = frozenset(_key(t) for t in words if t.content or t.low in _FIRST_PERSON | _PRONOUNS)
    shown = (t.text + ("'" if plural_possessive(text, t.text) else "") for t in words)
    return keys, " ".join(shown)


def _before(toks: list[Tok], i: int) -> list[int]:
    """The participant right before position `i`: auxiliaries, adverbs in -ly and an
    apposition between commas ("Lamont, the transport secretary, has told") skipped."""
    j = i - 1
    while j >= 0 and (toks[j].low in AUXILIARIES or toks[j].low.endswith("ly")):
        j -= 1
    if j >= 0 and toks[j].text == ",":
        opening = next(
            (k for k in range(j - 1, max(-1, j - APPOSITION_REACH), -1) if toks[k].text == ","),
            None,
        )
        if opening is None:
            return []
        j = opening - 1
    out: list[int] = []
    content = 0
    while j >= 0 and content < PHRASE_WORDS:
        t = toks[j]
        if _is_boundary(t) or t.stem in SPEECH_STEMS or t.low in FINITE or t.low == "that":
            break
        if t.low in _FIRST_PERSON or t.low in _PRONOUNS:
            out.insert(0, j)
            break
        if not t.content and t.low not in DETERMINERS:
            break
        if t.content:
            content += 1
        out.insert(0, j)
        j -= 1
    return out


def _after(toks: list[Tok], i: int) -> list[int]:
    """The participant right after position `i`, up to a clause or a circumstance."""
    out: list[int] = []
    j, content = i + 1, 0
    while j < len(toks) and content < PHRASE_WORDS:
        t = toks[j]
        if _is_boundary(t) or t.low in _AFTER_TOLD or t.low.endswith("ly"):
            break
        if t.low in _FIRST_PERSON or t.low in _PRONOUNS:
            return [j]
        if t.content:
            content += 1
            out.append(j)
        elif t.low in DETERMINERS:
            out.append(j)
        else:
            break
        j += 1
    return out


def subject_keys(toks: list[Tok], i: int) -> frozenset[str]:
    """The keys of the participant right before the verb at `i` (its subject), or none: past
    a negation ("did not respond") and an infinitive's verb ("aims to put")."""
    j = i
    while (j > 0 and toks[j - 1].low in ("not", "never")) or (
        j > 0 and toks[j - 1].low.endswith("n't")
    ):
        j -= 1
    if j > 1 and toks[j - 1].low == "to" and toks[j - 2].content:
        j -= 2
    idx = _before(toks, j)
    return frozenset(_key(toks[k]) for k in idx if toks[k].content or toks[k].low in _PRONOUNS)


def _clause_after(toks: list[Tok], i: int) -> list[Tok]:
    """The words after position `i` to the end of its clause."""
    out = []
    for u in toks[i + 1 :]:
        if u.text in (".", ";", ":") or u.low in ("but", "while", "whereas"):
            break
        out.append(u)
    return out


def tellings(text: Text) -> list[_Telling]:
    """Every verb of telling in `text` with its teller and the one told, passives turned."""
    toks, out = text.toks, []
    for i, t in enumerate(toks):
        if t.low not in _TELLING or i in text.negated:
            continue
        prev = next(
            (toks[k].low for k in range(i - 1, -1, -1) if not toks[k].low.endswith("ly")), ""
        )
        participle = t.low.endswith(("ed", "en")) or t.low in irregular_verbs()
        if prev in _BE and participle:  # "the councils were told by Lamont"
            told = _before(toks, i - 1 if toks[i - 1].low == prev else i)
            by = next((k for k in range(i + 1, min(len(toks), i + 4)) if toks[k].low == "by"), None)
            teller = _after(toks, by) if by is not None else []
        else:
            teller, told = _before(toks, i), _after(toks, i)
        if not teller or not told:
            continue
        tk, ts = _phrase(text, teller)
        ok, os_ = _phrase(text, told)
        if tk and ok:
            verb = _ASK if t.low in _ASKING else _TELL if t.low in _TELLS else t.stem
            rest = frozenset(_key(u) for u in _clause_after(toks, i) if u.content)
            out.append(_Telling(verb, t.text, tk, ok, ts, os_, rest))
    return out


def check_told(claim: Text, ev: Evidence) -> Verdict | None:
    """The one the claim says was told is the one who tells in the cited text (hard)."""
    mine = [c for c in tellings(claim) if not c.told & {_SELF, _SOMEONE}]
    if not mine:
        return None
    theirs = [s for src in ev.sources for s in tellings(analyze(src.text))]
    for c in mine:
        same = [s for s in theirs if s.verb == c.verb]
        if any(s.teller & c.teller and s.told & c.told for s in same):
            continue  # the cited text has it this way round somewhere
        for s in same:
            if (
                s.teller & c.told
                and not s.teller & c.teller
                and (s.told & c.teller or s.told & {_SELF, _SOMEONE} or s.rest & c.teller)
            ):
                return Verdict(
                    "contradicted",
                    f"roles reversed: in the cited text {s.shown_teller} {s.written}"
                    f" {s.shown_told}, not the other way round",
                    "roles",
                )
    return None
