"""Whose view it is: a source's name, and a sentence or quotation attributed to it."""

from __future__ import annotations

import re

from briefing.core.models import Document, Sentence
from briefing.text.textnorm import CONTENT_STOPWORDS, without_dateline
from briefing.verification.lexicon import capitals
from briefing.verification.names import OPENERS, ordinary_word

# --- attribution ---------------------------------------------------------------


def source_name(document: Document | None, doc: str) -> str:
    """Whose words these are: the author, else the analyst the piece opens by presenting as
    its voice (with the outlet), else the outlet, else the title, else the file."""
    if document is None:
        return doc
    if document.author:
        return document.author
    if document.voice:
        return f"{document.voice} ({document.outlet})" if document.outlet else document.voice
    if document.outlet:
        return document.outlet
    if document.title:
        return f"“{document.title}”"
    return doc


def _lower_first(text: str, seen: str = "") -> str:
    """Lower-case a sentence's first word when it is a function word or a common opener
    ("The" -> "the", "Several" -> "several"), a word English writes only in lower case
    ("Taxi"), or a word `seen` (the cited text) writes in lower case ("Unions had demanded"
    where it has "the unions' demand"), never a name."""
    m = re.match(r"(\w+)(.*)", text, re.S)
    if not m or m.group(1).isupper():
        return text
    low = m.group(1).lower()
    if (
        low in CONTENT_STOPWORDS
        or low in OPENERS
        or ordinary_word(low)  # "Taxi drivers": a word English never capitalises
        or (low != m.group(1) and re.search(rf"\b{re.escape(low)}\b", seen) is not None)
    ):
        return low + m.group(2)
    return text


_BARE_DATELINE = re.compile(r"^([A-Z][A-Z .'-]{3,}?) [-–—]{1,2} (?=[A-Z])")


def _dateline_free(text: str) -> str:
    """The sentence without a wire dateline: a city, place, date or agency before a dash
    (`without_dateline`), or a capital city alone in capitals ("TALLINN - The committee …");
    another word in capitals before a dash ("NATO - Russia talks") stays."""
    text = without_dateline(text)
    m = _BARE_DATELINE.match(text)
    if m and m.group(1).lower() in capitals():
        return text[m.end() :]
    return text


def attributed(summary: str, who: str, seen: str = "") -> str:
    """'According to WHO, summary' for a model's sentence, unless it already names every source
    ("Denysenko argues that ..." needs no "According to Vadym Denysenko"); `seen`, the cited
    text, tells a common noun opening the summary from a name."""
    # "According to X, KITWE, Zambia, April 3 (SAW) - …": the wire's dateline is no part of it.
    summary = _dateline_free(summary.strip())
    sources = [w.strip() for w in re.split(r",\s*|\s+and\s+", who) if w.strip()]
    surnames = [s.split()[-1] for s in sources if s[:1].isupper() and not s.startswith("“")]
    if (
        surnames
        and len(surnames) == len(sources)
        and all(re.search(rf"\b{re.escape(n)}\b", summary) for n in surnames)
    ):
        return summary.strip()
    return f"According to {who}, {_lower_first(summary.strip(), seen)}"


def quoted(sentences: list[Sentence], who: str, speaker: str = "") -> str:
    """'WHO: “exact sentences”' built from the source text itself (without the `speaker`'s
    own "Name:" label, which WHO already gives)."""
    parts: list[str] = []
    for i, s in enumerate(sentences):
        # Sentences not next to each other in the source (an enumeration's lead and its
        # third item) are quoted with an ellipsis for what lies between them.
        if i and (s.doc != sentences[i - 1].doc or s.start - sentences[i - 1].end > GAP):
            parts.append("…")
        text = _dateline_free(" ".join(s.text.split()))
        if speaker and text.startswith(speaker + ":"):
            text = text[len(speaker) + 1 :].lstrip()
        parts.append(text)
    return f"{who}: “{' '.join(parts)}”"


GAP = 6  # characters between two sentences next to each other (spaces, CRLF paragraph breaks)


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count_words(k: int, n: int) -> str:
    """'Three of five sources' (digits past nine)."""
    kw = _NUMBER_WORDS[k] if k < len(_NUMBER_WORDS) else str(k)
    nw = _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)
    return f"{kw.capitalize()} of {nw} sources"
