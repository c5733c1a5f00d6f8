"""Two definite parties swapped round one verb: "the state would have to compensate the
owners" restated as "the owners would have to compensate the state". The roles check reads
named actors; this reads the plainest shape with common nouns, "the X [aux] VERB the Y",
where both texts name both parties with "the" right beside the same verb."""

from __future__ import annotations

from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.tokens import AUXILIARIES, Text

_BETWEEN = AUXILIARIES | frozenset(["to", "not", "never", "also", "still"])
CHAIN_WORDS = 4  # auxiliaries, "to" and adverbs between a subject and its verb


def _party_before(text: Text, i: int) -> int:
    """Where the noun of "the X" right before the verb at `i` stands (past auxiliaries and
    adverbs), or -1."""
    toks = text.toks
    j = i - 1
    while (
        j > 0 and i - j <= CHAIN_WORDS and (toks[j].low in _BETWEEN or toks[j].low.endswith("ly"))
    ):
        j -= 1
    if j > 0 and toks[j].content and not toks[j].cap and toks[j - 1].low == "the":
        return j
    return -1


def _party_after(text: Text, i: int) -> str:
    """The noun of "the X" right after the verb at `i`."""
    toks = text.toks
    if (
        i + 2 < len(toks)
        and toks[i + 1].low == "the"
        and toks[i + 2].content
        and not toks[i + 2].cap
        and (i + 3 >= len(toks) or not toks[i + 3].content)  # "the owners", not "the owners' fund"
    ):
        return toks[i + 2].stem
    return ""


def _acts(text: Text) -> list[tuple[str, str, str, int, int]]:
    """(subject, verb stem, object, the verb's index, the subject's) of each "the X … VERB
    the Y" in `text`."""
    out = []
    for i, t in enumerate(text.toks):
        if not t.content or t.cap or i in text.negated:
            continue
        at, obj = _party_before(text, i), _party_after(text, i)
        subject = text.toks[at].stem if at >= 0 else ""
        if subject and obj and subject != obj:
            out.append((subject, t.stem, obj, i, at))
    return out


def check_definite_roles(claim: Text, ev: Evidence) -> Verdict | None:
    """The claim's "the X VERB the Y" where the cited text has "the Y VERB the X" and nowhere
    "the X VERB the Y"."""
    said = {(s, v, o) for s, v, o, _, _ in _acts(ev.cited)}
    for subject, verb, obj, i, at in _acts(claim):
        if (subject, verb, obj) in said:
            continue
        if (obj, verb, subject) in said:
            toks = claim.toks
            return Verdict(
                "contradicted",
                f"roles reversed: in the cited text the {toks[i + 2].text} '{toks[i].text}'"
                f" the {toks[at].text}, not the other way round",
                "roles",
            )
    return None
