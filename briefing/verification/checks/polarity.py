"""Negation and antonyms: a predicate flipped between the claim and the cited text."""

from __future__ import annotations

from briefing.textnorm import stem
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import antonyms, stance
from briefing.verification.tokens import (
    _NEG_WORDS,
    _NOT_UN,
    SPEECH_STEMS,
    Text,
    _is_boundary,
    _un_base,
)


def _phrase(text: Text, cue: int, head: int) -> str:
    toks = text.toks
    if cue == head:
        return toks[cue].text
    return " ".join(t.text for t in toks[cue : head + 1] if not t.punct)


def _un_flip(a: Text, b: Text) -> tuple[str, str] | None:
    """An un-/non- word of `a` whose base word `b` uses without it ("unaware" / "aware")."""
    b_plain = b.plain_stems()
    for t in a.toks:
        base = _un_base(t.low)
        if not base or t.low in _NOT_UN or t.stem in b.stems:
            continue
        if stem(base.lstrip("-")) in b_plain:
            return t.text, base.lstrip("-")
    return None


_SAID = "<say>"


def _key(stem_: str) -> str:
    """What a negation is compared on: every reporting verb is one ("declined to say" /
    "signalled"), other words their stem."""
    return _SAID if stem_ in SPEECH_STEMS or stem_ in stance("reporting") else stem_


def _keys(stems: set[str]) -> set[str]:
    return {_key(s) for s in stems}


def _scope_stems(text: Text, cue: int) -> set[str]:
    """Stems of the words one negation cue governs (its marked scope)."""
    out = set()
    for j in range(cue + 1, min(len(text.toks), cue + 9)):
        if j in text.negated:
            out.add(text.toks[j].stem)
        elif _is_boundary(text.toks[j]):
            break
    return out


def _clause_negated(text: Text, stem_: str) -> bool:
    """Whether some clause of `text` holding `stem_` also holds a negation cue."""
    toks = text.toks
    cues = {c for c, _ in text.cues}
    for i, t in enumerate(toks):
        if _key(t.stem) != stem_:
            continue
        lo = i
        while lo > 0 and not _is_boundary(toks[lo - 1]):
            lo -= 1
        hi = i
        while hi + 1 < len(toks) and not _is_boundary(toks[hi + 1]):
            hi += 1
        if any(lo <= c <= hi for c in cues) or any(
            u.low in _NEG_WORDS or u.low.endswith("n't") for u in toks[lo : hi + 1]
        ):
            return True  # "abandon, not merely postpone": a negator, if not a cue, is there
    return False


def check_negation(claim: Text, ev: Evidence) -> Verdict | None:
    """A negation on one side only, judged on the word it governs (present on both sides).

    A negation restated in other words keeps its meaning: "has not offered any easing" is
    "has offered no easing" (another word of the same scope is negated), and "unwilling to
    negotiate with Kyiv, seeks talks with America" is "would rather talk to Washington than
    negotiate with Kyiv" (the clause that holds the word is negated on the other side too).
    """
    src = ev.cited
    src_plain, src_neg = _keys(src.plain_stems()), _keys(src.negated_stems())
    claim_plain, claim_neg = _keys(claim.plain_stems()), _keys(claim.negated_stems())
    for cue, head in claim.cues:
        h = _key(claim.toks[head].stem)
        scope = _keys(_scope_stems(claim, cue))
        if claim.toks[head].cap and not claim.toks[head].initial:
            continue  # "a war that is not Europe's": a name is not a predicate to negate
        if (
            h in src_plain
            and h not in src_neg
            and not (scope & src_neg)
            and not _clause_negated(src, h)
        ):
            return Verdict(
                "contradicted",
                f"the claim says '{_phrase(claim, cue, head)}', the cited text does not negate"
                f" '{claim.toks[head].text}'",
                "negation",
            )
    for cue, head in src.cues:
        h = _key(src.toks[head].stem)
        scope = _keys(_scope_stems(src, cue))
        if (
            h in claim_plain
            and h not in claim_neg
            and not (scope & claim_neg)
            and not _clause_negated(claim, h)
        ):
            return Verdict(
                "contradicted",
                f"the cited text says '{_phrase(src, cue, head)}', the claim drops the negation",
                "negation",
            )
    flip = _un_flip(claim, src)
    if flip:
        return Verdict(
            "contradicted",
            f"the claim says '{flip[0]}', the cited text says '{flip[1]}'",
            "negation",
        )
    flip = _un_flip(src, claim)
    if flip:
        return Verdict(
            "contradicted",
            f"the claim says '{flip[1]}', the cited text says '{flip[0]}'",
            "negation",
        )
    return None


def _neighbours(text: Text, i: int, width: int = 6) -> set[str]:
    toks = text.toks
    return {
        toks[j].stem
        for j in range(max(0, i - width), min(len(toks), i + width + 1))
        if j != i and toks[j].content
    }


def check_antonyms(claim: Text, ev: Evidence) -> Verdict | None:
    """A claim word whose opposite the cited text uses about the same thing."""
    src, lex = ev.cited, antonyms()
    src_plain = src.plain_stems()
    for i, t in enumerate(claim.toks):
        if not t.content or i in claim.negated or t.stem in src.stems:
            continue
        opposites = lex.get(t.stem)
        if not opposites:
            continue
        near = _neighbours(claim, i)
        for j, u in enumerate(src.toks):
            if (
                u.stem in opposites
                and u.stem in src_plain
                and u.stem not in claim.stems
                and j not in src.negated
                and near & _neighbours(src, j)
            ):
                return Verdict(
                    "contradicted",
                    f"the claim says '{t.text}', the cited text says '{u.text}'",
                    "antonyms",
                )
    return None
