"""Who a participle's "by" names: "financed by the companies and governed by the State"
with the two swapped."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import irregular_verbs
from briefing.verification.tokens import DETERMINERS, Text, Tok

AGENT_REACH = 8  # words after "by" that name who does it
ADVERB_REACH = 2  # adverbs between a participle and its "by" ("governed jointly by")
# What ends the agent after "by": punctuation and the words that open another phrase.
_AGENT_END = frozenset(
    [
        *(",", ";", ":", ".", "(", ")"),
        *section("english.txt", "phrase_ends"),
        *section("english.txt", "slot_preps"),
    ]
)


def _participle(t: Tok) -> bool:
    return t.low.endswith(("ed", "en")) or t.low in irregular_verbs()


def by_agents(text: Text) -> dict[str, set[str]]:
    """Participle (its stem) -> the content stems of who its "by" names ("financed by the
    companies": {compani}); the agent ends at punctuation, another phrase or participle."""
    toks = text.toks
    out: dict[str, set[str]] = {}
    for i, t in enumerate(toks):
        if not _participle(t):
            continue
        k = i + 1
        while k < len(toks) and k <= i + ADVERB_REACH and toks[k].low.endswith("ly"):
            k += 1
        if k >= len(toks) or toks[k].low != "by":
            continue
        agents: set[str] = set()
        for u in toks[k + 1 : k + 1 + AGENT_REACH]:
            if u.text in _AGENT_END or u.low in _AGENT_END or (_participle(u) and agents):
                break
            if u.content and u.low not in DETERMINERS and u.low != "and":
                agents.add(u.stem)
        if agents:
            out.setdefault(t.stem, set()).update(agents)
    return out


def check_by_agents(claim: Text, ev: Evidence) -> Verdict | None:
    """The claim's "by" for a participle names who the cited text gives another participle's
    "by" to, not this one's ("financed by the State and governed by the communities and the
    companies" where the text has it governed by the communities and the State, financed by
    the companies)."""
    theirs = by_agents(ev.cited)
    if len(theirs) < 2:
        return None
    for participle, mine in by_agents(claim).items():
        cited = theirs.get(participle)
        if not cited:
            continue
        elsewhere = set().union(*(a for p, a in theirs.items() if p != participle)) - cited
        moved = (mine - cited) & elsewhere
        if moved:
            word = next(t.text for t in claim.toks if t.stem == participle)
            return Verdict(
                "contradicted",
                f"roles reversed: the cited text has it {word} by"
                f" {_written(cited, ev.cited)}, not by {_written(moved, claim)}",
                "roles",
            )
    return None


def _written(stems: set[str], text: Text) -> str:
    """Stems as the text writes them ("companies", not "compani")."""
    return ", ".join(sorted({t.low for t in text.toks if t.stem in stems}))
