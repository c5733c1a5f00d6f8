"""What a claim ranks and singles out: "one of the largest" made "the largest", a first
ranked among "any" of a class, "the only" or "only X can" where the cited text says no such
thing (the overreach check reads these)."""

from __future__ import annotations

from itertools import pairwise

from briefing.text.lexicons import section
from briefing.verification.checks.spans import sentence_stems
from briefing.verification.evidence import Evidence
from briefing.verification.lexicon import wordnet_antonyms
from briefing.verification.tokens import AUXILIARIES, Text, analyze, plural_possessive
from briefing.verification.wordclass import ADJECTIVES

RANK_REACH = 4  # words from "one of" / "among" to the superlative it ranks by


def _ranked(text: Text) -> list[tuple[str, bool, str]]:
    """Each superlative ("biggest"; "most important" as "most" and its adjective's stem) and
    whether it is said of one among several ("one of Africa's biggest", "among the most"),
    with its words as written."""
    toks, wn, out = text.toks, wordnet_antonyms(), []
    for i, t in enumerate(toks):
        if t.low in ("most", "least") and i + 1 < len(toks) and toks[i + 1].content:
            key, shown = f"{t.low} {toks[i + 1].stem}", f"{t.text} {toks[i + 1].text}"
        elif t.low.endswith("est") and t.low in wn and t.low[:-3] + "er" in wn:
            key, shown = t.low, t.text  # "biggest" beside "bigger"; not "honest", "interest"
        else:
            continue
        before = [u.low for u in toks[max(0, i - RANK_REACH) : i]]
        among = "among" in before or any(a == "one" and b == "of" for a, b in pairwise(before))
        out.append((key, among, shown))
    return out


def _one_of_dropped(claim: Text, src: Text) -> str:
    """ "Lagos is Africa's biggest market" where the cited text says "one of Africa's biggest
    markets": a superlative the text says only of one among several, said of one alone."""
    theirs = {(key, among) for key, among, _ in _ranked(src)}
    for key, among, shown in _ranked(claim):
        if not among and (key, True) in theirs and (key, False) not in theirs:
            return shown
    return ""


_EXCLUSIVE = frozenset(["only", "sole", "solely", "exclusively"])
_OWNERS = frozenset(["the", "its", "their", "his", "her", "our"])
# How a text says a thing is the only one without "only".
# Words after "only" that open an amount it limits ("only a small share", "only some").
_AMOUNT_OPENERS = frozenset(section("english.txt", "amount_openers"))
_SAID_ALONE = _EXCLUSIVE | frozenset(["alone", "lone", "single", "unique", "uniquely", "except"])


def _exclusive(claim: Text, ev: Evidence) -> str:
    """ "the only thing farmers ask for" where the cited text calls it "the core demand": an
    exclusive the cited text (and its sentences around) does not state. "only 10 percent" and
    "only if" limit, and claim less: not these."""
    toks = claim.toks
    for i, t in enumerate(toks):
        # "the only", "its only", "Nuuk's only", "the unions' only": an owner before it.
        owned = t.low == "only" and i > 0 and (_owner(claim, i - 1) or _only_subject(claim, i))
        if (owned or t.low in ("sole", "solely", "exclusively")) and not _said_alone(
            ev, {u.stem for u in toks if u.content}
        ):
            return " ".join(u.text for u in toks[max(0, i - 1) : i + 3] if not u.punct)
    return ""


ALONE_SHARED = 1  # claim words a sentence that says "only" or "except" shares with the claim


def superlative(low: str) -> bool:
    """Whether a word is an adjective's superlative WordNet knows ("largest", "biggest",
    "earliest"), not a noun in -est ("interest", "request", "harvest")."""
    if not low.endswith("est") or len(low) < 5:
        return False
    base = low[:-3]
    bases = {base, base + "e", base[:-1] + "y" if base.endswith("i") else base}
    if len(base) > 2 and base[-1] == base[-2]:
        bases.add(base[:-1])  # "biggest"
    return bool(bases & ADJECTIVES)


WIDENED_REACH = 4  # words from a first or a superlative to the "any" that widens what it ranks
_FIRSTS = frozenset(section("english.txt", "firsts"))


def _class_widened(claim: Text, src: Text) -> str:
    """ "the first document any veterans' group has sent" where the cited text says "the first
    time the group has": a first or a superlative ranked among "any" of a class, which the
    cited text does not rank it among ("any", "ever")."""
    if {"any", "ever", "anyone", "anybody"} & {u.low for u in src.toks}:
        return ""
    toks = claim.toks
    for i, t in enumerate(toks):
        if t.low not in ("any", "anyone", "anybody"):
            continue
        for k in range(i - 1, max(-1, i - WIDENED_REACH - 1), -1):
            u = toks[k]
            if u.punct:
                break
            if u.low in _FIRSTS or superlative(u.low):
                return " ".join(x.text for x in toks[k : i + 2] if not x.punct)
    return ""


SUBJECT_REACH = 4  # words from "only" to the verb of the subject it opens


def _only_subject(text: Text, i: int) -> bool:
    """Whether "only" at `i` opens a clause's subject ("that only narrow arguments can
    succeed"): after "that" or a clause's start, before a noun phrase and its verb. Not an
    amount ("only 10 percent", "only a few"), nor a condition or a time ("only if", "only
    after"), which limit and claim less."""
    toks = text.toks
    before = toks[i - 1].low
    if not (before == "that" or toks[i - 1].punct):
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None or not nxt.content or nxt.low in _AMOUNT_OPENERS or nxt.low[:1].isdigit():
        return False
    if nxt.low in _SUBORDINATE or nxt.low in _OWNERS:
        return False
    return any(u.low in AUXILIARIES for u in toks[i + 2 : i + 2 + SUBJECT_REACH])


_SUBORDINATE = frozenset(section("english.txt", "subordinate"))


def _said_alone(ev: Evidence, near: set[str]) -> bool:
    """Whether the cited text or the sentences around it say a thing is the only one, in a
    sentence that shares a word with the claim (`near`: its content stems) ("a single number" in a
    sentence about the press coverage says nothing of what a party wants alone)."""
    for x in [ev.cited, *(analyze(s.context) for s in ev.sources if s.context)]:
        words = [u.low for u in x.toks]
        for k, (a, b) in enumerate(zip(words, [*words[1:], ""], strict=True)):
            if a not in _SAID_ALONE and (a, b) != ("no", "other"):
                continue
            # "the single greatest threat" ranks it first; it does not say it is the only one.
            # "only a small share", "only 10 percent" limit an amount: no one thing alone.
            if a == "single" and (b.endswith("est") or b == "most"):
                continue
            if a == "only" and (b in _AMOUNT_OPENERS or b[:1].isdigit()):
                continue
            if len(sentence_stems(x, k) & near) >= ALONE_SHARED:
                return True  # "all … voted in favour except one", "no other member"
    return False


def _owner(text: Text, j: int) -> bool:
    """Whether token `j` owns what follows: a possessive determiner or a possessive name or
    noun ("Nuuk's", "the unions'")."""
    t = text.toks[j]
    if t.low in _OWNERS or t.text.endswith(("'s", "’s")):
        return True
    return t.low.endswith("s") and plural_possessive(text, t.text)
