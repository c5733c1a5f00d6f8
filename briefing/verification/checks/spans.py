"""Where a token's clause and sentence begin and end, and the content words they hold."""

from __future__ import annotations

from briefing.verification.tokens import Text, _is_boundary


def clause_span(text: Text, i: int) -> tuple[int, int]:
    """First and last token of the clause around token `i` (commas and clause words bound it)."""
    toks = text.toks
    lo = i
    while lo > 0 and not _is_boundary(toks[lo - 1]):
        lo -= 1
    hi = i
    while hi + 1 < len(toks) and not _is_boundary(toks[hi + 1]):
        hi += 1
    return lo, hi


def sentence_span(text: Text, i: int) -> tuple[int, int]:
    """First and last token of the sentence around token `i`."""
    toks = text.toks
    lo = i
    while lo > 0 and toks[lo - 1].text not in (".", "?", "!"):
        lo -= 1
    hi = i
    while hi + 1 < len(toks) and toks[hi + 1].text not in (".", "?", "!"):
        hi += 1
    return lo, hi


def objects_after(text: Text, i: int) -> list[str]:
    """The first three content stems after token `i`, in its sentence."""
    out: list[str] = []
    for u in text.toks[i + 1 : i + 10]:
        if u.text in (".", ";", "?", "!"):
            break
        if u.content:
            out.append(u.stem)
        if len(out) == 3:
            break
    return out


def sentence_stems(text: Text, i: int) -> set[str]:
    """Content stems of the sentence around token `i`."""
    lo, hi = sentence_span(text, i)
    return {u.stem for u in text.toks[lo : hi + 1] if u.content}


def clause_stems(text: Text, i: int) -> set[str]:
    """Content stems of the clause around token `i`."""
    lo, hi = clause_span(text, i)
    return {u.stem for u in text.toks[lo : hi + 1] if u.content}
