"""Two shapes of negation the tokens read beside their cues: a negation in a past
counterfactual ("if they had not raised prices"), which supposes what happened, and a word of
low likelihood before a "that" clause ("improbable that the EU will grant it"), which denies
the clause's verb."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.verification.token_types import Tok

# Words of low likelihood before a "that" clause: "improbable that the EU will grant it".
UNLIKELY_THAT = frozenset(section("english.txt", "unlikely_that"))
THAT_MODAL_REACH = 8  # words from "that" to the clause's modal ("that the bloc will grant")


def modal_after(toks: list[Tok], i: int) -> int | None:
    """The index of the first "will"/"would" within THAT_MODAL_REACH words after `i`, not past
    a clause boundary."""
    for k in range(i + 1, min(len(toks), i + 1 + THAT_MODAL_REACH)):
        if toks[k].low in ("will", "would"):
            return k
        if toks[k].punct:
            return None
    return None


def counterfactual(toks: list[Tok], i: int) -> bool:
    """A negation in a past counterfactual condition ("would be more credible if the firms had
    not raised prices", "had the ministry not cut it, …"): it supposes the opposite of what
    happened, so what it negates is what the writer says took place."""
    t = toks[i]
    had = t.low == "hadn't" or (t.low == "not" and i > 0 and toks[i - 1].low == "had")
    # "Had the ministry not …": "had" opens the clause and its subject stands before "not"
    # (not "the firm, which had not paid, …").
    inverted = t.low == "not" and any(
        toks[k].low == "had" and (k == 0 or toks[k - 1].text in (",", ";", "—"))
        for k in range(max(0, i - 4), i - 1)
    )
    if not (had or inverted):
        return False
    start = next((k + 1 for k in range(i - 1, -1, -1) if toks[k].text in _SENTENCE_END), 0)
    end = next((k for k in range(i, len(toks)) if toks[k].text in _SENTENCE_END), len(toks))
    opened = inverted or any(u.low == "if" for u in toks[start:i])
    return opened and any(u.low in ("would", "could", "might") for u in toks[start:end])


_SENTENCE_END = frozenset([".", "!", "?", ";"])
