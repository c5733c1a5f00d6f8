"""Words the cited text gives to someone it does not name, given by the claim to a name."""

from __future__ import annotations

from briefing.verification.checks.attribution import _PRONOUNS
from briefing.verification.checks.misattributed import _subject_before, _unnamed
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.names import _alias_group
from briefing.verification.tokens import SPEECH_STEMS, Text, analyze


def check_unnamed_speaker(claim: Text, ev: Evidence) -> Verdict | None:
    """Words every cited sentence gives to an unnamed speaker ("A senior official, speaking on
    condition of anonymity, said …"), given by the claim to a named person: the writer kept
    the speaker's name back, so the claim cannot know it."""
    toks = claim.toks
    for v, t in enumerate(toks):
        if t.stem not in SPEECH_STEMS or t.cap or (v and toks[v - 1].low in _PRONOUNS):
            continue
        who = _subject_before(claim, ev, v)
        if not who or _alias_group(" ".join(who)) is not None or ev.meta_pool.has(who[-1]):
            continue  # no one named, a country (its official speaks for it), or the author
        texts = [analyze(s.text) for s in ev.sources]
        if any(who[-1] in x.lower.split() for x in texts) or not all(map(_unnamed, texts)):
            continue
        return Verdict(
            "unsupported",
            f"the cited text gives these words to someone it does not name, not"
            f" '{' '.join(who).title()}'",
            "attribution",
        )
    return None
