"""A condition dropped: what the cited text says holds only if something else does ("If
Santiago bans renewals but gives farmers nowhere to go, it will not protect the fjords"),
stated by the claim as holding outright ("Santiago will not protect the fjords")."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import stance
from briefing.verification.tokens import SPEECH_STEMS, Text, Tok, analyze

_OPENERS = frozenset(["if", "unless"])
_LEADS = frozenset(section("english.txt", "coordinators"))  # "But if …", "And unless …"
# Words a claim keeps a condition with, in any form ("only if", "provided", "unless", "as
# long as", "on condition that", "would", "could").
_KEEPS = frozenset(section("english.txt", "condition_kept"))
HELD = 0.5  # share of the claim's content words the conditional's consequence must hold
MIN_HELD = 3  # and at least this many of them


def _stems(toks: list[Tok]) -> set[str]:
    return {
        t.stem
        for t in toks
        if t.content and not t.cap and not t.low[:1].isdigit() and t.stem not in SPEECH_STEMS
    }


def _conditionals(text: Text) -> list[tuple[set[str], set[str], str]]:
    """(the condition's stems, the consequence's stems, the condition as written) of each
    sentence that makes something hold only under a condition it opens with: "If C, Y",
    "Unless C, Y" (a later "if" or "unless" may be any phrase's, so only an opening one
    counts)."""
    toks, out = text.toks, []
    start = 0
    for end in [i for i, t in enumerate(toks) if t.text in (".", "?", "!")] + [len(toks)]:
        sentence = toks[start:end]
        # "If C, Y" or "But if C, Y": a later "if" or "unless" may be an item's or a phrase's
        # ("… and the power to trigger a review if levels fall"), not the whole sentence's.
        k = 1 if sentence[:1] and sentence[0].low in _LEADS else 0
        if k < len(sentence) and sentence[k].low in _OPENERS:
            comma = next((m for m in range(k + 1, len(sentence)) if sentence[m].text == ","), None)
            if comma is not None:
                condition, consequence = sentence[k + 1 : comma], sentence[comma + 1 :]
                shown = " ".join(u.text for u in condition)
                out.append((_stems(condition), _stems(consequence), shown))
        start = end + 1
    return out


def check_condition_dropped(claim: Text, ev: Evidence) -> Verdict | None:
    """A consequence the cited text states only under a condition, stated without it."""
    if any(t.low in _KEEPS or t.stem in stance("possible") for t in claim.toks):
        return None
    mine = _stems(claim.toks)
    if len(mine) < MIN_HELD:
        return None
    for s in ev.sources:
        for condition, consequence, shown in _conditionals(analyze(s.text)):
            held = mine & consequence
            if len(held) < MIN_HELD or len(held) < HELD * len(mine):
                continue
            if mine & (condition - consequence):
                continue  # the claim says something of the condition too
            return Verdict(
                "unsupported",
                f"the cited text says this only if {shown}; the claim states it outright",
                "certainty",
                hard=False,
            )
    return None
