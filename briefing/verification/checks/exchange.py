"""An exchange the cited text does not make: "dropped its demand in return for a larger
contribution" where the source reports the demand dropped and nothing traded for it."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.text.textnorm import stem
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.tokens import Text, Tok

# Phrases that make one thing the price of another ("in return for", "in exchange for").
_EXCHANGE_NOUNS = frozenset(stem(w) for w in section("english.txt", "exchange_nouns"))
# Words with which a cited text states a trade or a condition itself.
_CONDITIONS = frozenset(stem(w) for w in section("english.txt", "exchange_markers"))


def _exchange_at(text: Text) -> int | None:
    """Where a text says "in return for" / "in exchange for": the index of its noun."""
    toks = text.toks
    for i in range(1, len(toks) - 1):
        if toks[i - 1].low == "in" and toks[i].stem in _EXCHANGE_NOUNS and toks[i + 1].low == "for":
            return i
    return None


def _anonymity(toks: list[Tok], k: int) -> bool:
    """ "speaking on condition of anonymity": a wire's formula, no condition of a deal."""
    return [u.low for u in toks[k + 1 : k + 3]] == ["of", "anonymity"]


def check_exchange(claim: Text, ev: Evidence) -> Verdict | None:
    """A trade ("in return for X") the cited texts state with no word of trade or condition:
    the claim adds a deal; a condition in the source ("if", "unless", "provided") may be
    restated as one."""
    at = _exchange_at(claim)
    if at is None:
        return None
    toks = ev.cited.toks
    if any(
        (t.stem in _CONDITIONS or t.stem in _EXCHANGE_NOUNS) and not _anonymity(toks, k)
        for k, t in enumerate(toks)
    ):
        return None
    phrase = " ".join(t.text for t in claim.toks[at - 1 : at + 5])
    return Verdict(
        "unsupported",
        f"the claim makes it a trade ('{phrase}'); the cited text states no exchange",
        "added",
        hard=False,
    )
