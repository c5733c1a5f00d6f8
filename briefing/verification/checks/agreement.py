"""Claims of agreement: the words by which a claim says its sources agree ("both report",
"according to A and B", "as A reported and as B confirm"), which the merged check holds to
each party."""

from __future__ import annotations

from itertools import pairwise

from briefing.text.lexicons import section
from briefing.text.textnorm import stem
from briefing.verification.checks.names import VIEW_VERBS
from briefing.verification.lexicon import stance
from briefing.verification.tokens import FRAME_STEMS, SPEECH_STEMS, Text, Tok

_DOCUMENT_VERBS = frozenset(stem(w) for w in section("english.txt", "document_verbs"))
_TALLIES = frozenset(stem(w) for w in section("english.txt", "tally_nouns"))


def says_they_agree(claim: Text) -> bool:
    """ "agree", "concur", "alike", "the same tally", "according to both", "according to A
    and B", or "both" after a tally or before a verb of saying ("both report")."""
    toks = claim.toks
    for i, t in enumerate(toks):
        nxt = toks[i + 1].low if i + 1 < len(toks) else ""
        if (t.stem in ("agre", "concur") and nxt != "to") or t.low == "alike":
            return True  # not "will agree to a quota": consent, not two sources concurring
        if t.low == "same" and any(u.stem in _TALLIES for u in toks[i + 1 : i + 3]):
            return True  # "give the same tally", "the same figure"
        if t.low == "both" and i >= 2 and [u.low for u in toks[i - 2 : i]] == ["according", "to"]:
            return True  # "according to both the wire report and the column": two sources
        if t.low == "according" and nxt == "to" and _joined(_clause_after(toks, i + 1, BOTH_REACH)):
            return True  # "…, according to Jankauskas and BPS": one statement, two sources
        if t.low == "both" and any(_holds(u) for u in toks[max(0, i - HELD_BEFORE) : i]):
            return True  # "the figure given both in the wire report and in the list"
        if t.low == "both" and any(
            _holds(u) for u in _clause_after(toks, _and_after(toks, i), BOTH_REACH)
        ):
            # "both report", "both expect", "by both its own and Turkish estimates", "both
            # the energy ministry and analyst Karin Holm put"
            return True
        if _matching(toks, i) and any(
            u.stem in _TALLIES for u in _clause_after(toks, i, MATCH_REACH)
        ):
            # "broadly in line with the ministry's own tally", "matches official figures"
            return True
        if t.low == "both" and _by_after_participle(toks, i):
            return True  # "a figure borne out by both the data and the mapping"
        if t.low == "across" and _sources_after(toks, i):
            return True  # "described across reports as backing it": every source says so
        if t.low in _CONSTANT and i + 1 < len(toks) and _holds(toks[i + 1]):
            return True  # "is consistently described as", "uniformly reported"
    # "…, as the wire reported and as Kang's remarks confirm": two sources, one statement.
    reports = [
        i
        for i, t in enumerate(toks)
        if t.low == "as" and any(_holds(u) for u in _clause_after(toks, i, BOTH_REACH))
    ]
    return any(any(u.low == "and" for u in toks[a + 1 : b]) for a, b in pairwise(reports))


# The sources themselves, as a claim names them together ("across reports", "across sources").
_SOURCE_WORDS = frozenset(section("english.txt", "source_words"))
# Adverbs that say every source describes it so: "consistently described as".
_CONSTANT = frozenset(section("english.txt", "constant_adverbs"))


def _by_after_participle(toks: list[Tok], i: int) -> bool:
    """Whether "both" at `i` follows "by" after a participle of confirming ("confirmed by
    both", "borne out by both", "voiced by both"): two sources hold it."""
    if i < 2 or toks[i - 1].low != "by":
        return False
    k = i - 3 if toks[i - 2].low == "out" else i - 2
    return k >= 0 and toks[k].low in _CONFIRMING


_CONFIRMING = frozenset(section("english.txt", "confirming_participles"))


def _sources_after(toks: list[Tok], i: int) -> bool:
    """Whether the sources themselves follow "across" ("across reports", "across the
    sources"), not a place ("across Europe")."""
    for u in toks[i + 1 : i + 4]:
        if u.low in _SOURCE_WORDS:
            return True
        if u.low not in ("the", "all", "most"):
            return False
    return False


MATCH_REACH = 6  # words from "in line with" to the tally it matches


def _matching(toks: list[Tok], i: int) -> bool:
    """Whether token `i` opens a phrase of one figure matching another: "in line with",
    "consistent with", "matches", "mirrors", "tallies with"."""
    words = [u.low for u in toks[i : i + 3]]
    if words == ["in", "line", "with"] or words[:2] in (
        ["consistent", "with"],
        ["tallies", "with"],
    ):
        return True
    return toks[i].low in ("matches", "match", "matching", "mirrors", "echoes")


BOTH_REACH = 7  # words from "both" to the verb or tally that says what both hold
HELD_BEFORE = 2  # words from a verb or tally before "both" to it: "the figure given both in"


def _joined(phrase: list[Tok]) -> bool:
    """Whether a source phrase names two sources: "Jankauskas and BPS", "officials and the
    union" (not "both", which says_they_agree reads itself)."""
    words = [u.low for u in phrase]
    return "and" in words[1:-1] and "both" not in words


def _holds(t: Tok) -> bool:
    """A word that says what someone reports, holds or counts."""
    return (
        t.stem in SPEECH_STEMS
        or t.stem in stance("reporting")
        or t.stem in FRAME_STEMS
        or t.low in VIEW_VERBS
        or t.stem in _TALLIES
        or t.stem in _DOCUMENT_VERBS
    )


def _and_after(toks: list[Tok], i: int) -> int:
    """The "and" of "both A and B" after token `i` in its clause, or `i`: what both hold
    follows the second party."""
    for j in range(i + 1, min(len(toks), i + 1 + 2 * BOTH_REACH)):
        if toks[j].text in (",", ";", ".", ":"):
            break
        if toks[j].low == "and":
            return j
    return i


def _clause_after(toks: list[Tok], i: int, reach: int) -> list[Tok]:
    out = []
    for u in toks[i + 1 : i + 1 + reach]:
        if u.text in (",", ";", ".", ":"):
            break
        out.append(u)
    return out
