"""A move turned round: "shift money from gates to storage" restated as "from storage to
gates". What a move starts from and where it ends are its two roles; a claim that gives the
cited start as its end, and the cited end as its start, says the opposite move."""

from __future__ import annotations

from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.tokens import Text

# Words that open where a move ends ("from A to B", "away from A and into B", "out of A into B").
_TOWARDS = frozenset(["to", "into", "towards", "toward"])
_STOPS = frozenset([",", ";", ".", ":", "!", "?", "(", ")", "—", "–"])
PHRASE_WORDS = 5  # words of a start or an end ("from large sluice gates")
GAP_WORDS = 8  # words from a move's start to the word that opens its end


def _phrase(text: Text, start: int, stop: frozenset[str]) -> tuple[set[str], int]:
    """The content stems from `start` (figures left out) to a stop word, and where it ended."""
    toks = text.toks
    out: set[str] = set()
    k = start
    while k < len(toks) and k < start + PHRASE_WORDS:
        u = toks[k]
        if u.text in _STOPS or u.low in stop:
            break
        if u.content and not u.low[:1].isdigit():
            out.add(u.stem)
        k += 1
    return out, k


def _words(text: Text, start: int, end: int) -> str:
    return " ".join(u.text for u in text.toks[start:end])


def moves(text: Text) -> list[tuple[set[str], set[str], str]]:
    """Each "from A to B" of a text as (A's stems, B's stems, the words "from A to B")."""
    toks = text.toks
    found = []
    for i, t in enumerate(toks):
        opens = t.low == "from" or (t.low == "of" and i and toks[i - 1].low == "out")
        if not opens:
            continue
        start, k = _phrase(text, i + 1, _TOWARDS | {"and"})
        end_at = next(
            (j for j in range(k, min(len(toks), k + GAP_WORDS)) if toks[j].low in _TOWARDS),
            None,
        )
        if end_at is None or any(u.text in _STOPS for u in toks[k:end_at]):
            continue
        end, stop = _phrase(text, end_at + 1, frozenset(["and", "from"]))
        if start and end:
            found.append((start, end, _words(text, i, stop)))
    return found


def check_direction(claim: Text, ev: Evidence) -> Verdict | None:
    """A claim's "from A to B" where the cited text moves it from B to A (its start is the
    cited end, its end the cited start, and neither is the cited side it stands for)."""
    theirs = moves(ev.cited)
    for start, end, mine in moves(claim):
        for src_start, src_end, said in theirs:
            if start & src_end and end & src_start and not start & src_start and not end & src_end:
                return Verdict(
                    "contradicted",
                    f"the claim says '{mine}', the cited text '{said}': the move turned round",
                    "roles",
                )
    return None
