"""Whose views a document reports: its lead and the names its body presents as speaking."""

from __future__ import annotations

from collections.abc import Iterable

from briefing.verification.lexicon import group_of
from briefing.verification.names import capitalised, lowercase_stems, names, speaks
from briefing.verification.tokens import SPEECH_STEMS, analyze

LEAD_CHARS = 600  # the lead: where an article introduces whose analysis it reports


def document_voices(paragraphs: Iterable[str]) -> str:
    """The lead and the speakers' names of a document body, as one string of names.

    An opinion page or interview reports one person's view (its first sentence says so:
    "the political scientist Vladimir Fesenko warns"); a report quotes several ("X said"),
    and says who they are ("Russian President Vladimir Putin").
    """
    paras = [p for p in paragraphs if p.strip()]
    lead = ""
    for p in paras:
        if len(lead) >= LEAD_CHARS:
            break
        lead += " " + p
    found: list[str] = [lead.strip()]
    for p in paras:
        text = analyze(p)
        known, common = capitalised(text), lowercase_stems(text)
        toks = text.toks
        for n in names(text, known, common):
            if speaks(text, n, strict=True) or (
                # Who someone is: "Russian President Vladimir Putin" says whom he acts for.
                n.titles and any(group_of(w) is not None for w in n.words[:-1])
            ):
                found.append(" ".join(t.text for t in toks[n.start : n.end]))
    return " . ".join(found)


# Nouns that present a person as the analyst a piece reports ("the political scientist X
# warns", "economist X argues"): their endings, as in `checks.names`.
_ANALYST_ENDINGS = ("ist", "yst", "ian", "or", "er", "ert")


def lead_voice(paragraphs: Iterable[str]) -> str:
    """The analyst a document's opening sentence presents ("…, the political scientist Vladimir
    Fesenko warns."), or ''. A piece built on one analyst's view is that analyst's view."""
    first = next((p for p in paragraphs if p.strip()), "")
    sentence = first.split(". ")[0]
    text = analyze(sentence)
    toks = text.toks
    for n in names(text, capitalised(text), lowercase_stems(text)):
        if len(n.words) < 2:
            continue  # a full name, not "Putin"
        before = [t for t in toks[max(0, n.start - 3) : n.start] if not t.punct]
        after = [t for t in toks[n.end : n.end + 2] if not t.punct]
        role = any(t.low.endswith(_ANALYST_ENDINGS) and not t.cap for t in before)
        speaks = any(t.stem in SPEECH_STEMS for t in after)
        if role and speaks:
            return " ".join(t.text for t in toks[n.start : n.end] if not t.punct)
    return ""
