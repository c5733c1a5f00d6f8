"""Whose views a document reports: its lead and the names its body presents as speaking."""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing.text.lexicons import section
from briefing.text.textnorm import LATIN_CAPITALS
from briefing.verification.lexicon import group_of, stance
from briefing.verification.names import capitalised, lowercase_stems, names, speaks
from briefing.verification.tokens import _BE, SPEECH_STEMS, Tok, analyze

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


def author_note(text: str, author: str) -> str:
    """The paragraphs that say who the author is ("Jane Roe is a senior fellow at the Harbour
    Institute (HI)."): the author's affiliation is attribution metadata, as a byline's is."""
    if not author.strip():
        return ""
    paras = (p.strip() for p in text.split("\n"))
    return " . ".join(
        p
        for p in paras
        if len(p) <= AUTHOR_NOTE_CHARS and re.match(re.escape(author.strip()) + r",? (is|was) ", p)
    )


AUTHOR_NOTE_CHARS = 400  # a note on the author, not a paragraph that opens with the name


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


# A list or block an article introduces as someone's own words: "China's demands, reproduced
# verbatim:", "The statement issued by the foreign ministry reads:".
_STATEMENT_NOUNS = frozenset(section("english.txt", "statement_nouns"))
_OWNER_AFTER = frozenset(["by", "from", "of"])
_POSSESSIVE = re.compile(r"['’]s?$")


def block_voice(lead: str, before: str = "") -> str:
    """Whose words a block introduced by `lead` holds, or '' (the lead ends with a colon).

    "China's political demands to the EU, reproduced verbatim:" introduces China's words: a
    sentence of the list is China's demand, not the outlet's. The owner is a name possessing
    the statement noun ("China's demands") or following it after by/from/of ("the statement
    by the Chinese foreign ministry"). A lead that names no one ("The full list, reproduced
    verbatim:") refers back: the owner is the name that opens a sentence of the paragraph
    `before` it with a statement noun ("The Protest Committee … delivered a list of demands").
    """
    if not lead.rstrip().endswith(":"):
        return ""
    text = analyze(lead)
    toks = text.toks
    nouns = [i for i, t in enumerate(toks) if t.low in _STATEMENT_NOUNS]
    if not nouns:
        return ""
    if not names(text, capitalised(text), lowercase_stems(text)) and toks[0].low == "the":
        return _named_before(before)
    for n in names(text, capitalised(text), lowercase_stems(text)):
        surface = " ".join(t.text for t in toks[n.start : n.end])
        owner = _POSSESSIVE.sub("", surface)
        possessive = re.search(re.escape(owner) + r"['’]s?(?!\w)", lead) is not None
        follows = any(
            0 < n.start - i <= 4 and any(t.low in _OWNER_AFTER for t in toks[i + 1 : n.start])
            for i in nouns
        )
        if possessive or follows:
            return owner
    return ""


def _named_before(paragraph: str) -> str:
    """The name opening a sentence of `paragraph` that has a statement noun, or '' (the
    sentence nearest the lead first; a dateline opening it, "NEIVA - ", is skipped)."""
    for sentence in reversed(re.split(r"(?<=[.!?])\s+", paragraph.strip())):
        sentence = _DATELINE_LEAD.sub("", sentence)
        text = analyze(sentence)
        if not text.toks:
            continue
        if not any(t.low in _STATEMENT_NOUNS for t in text.toks):
            continue
        toks = text.toks
        for n in names(text, capitalised(text), lowercase_stems(text)):
            # The sentence's subject: "Oxfam …", "The All-Poland Protest Committee, …", or a
            # body of a named one: "The defence and security committee of the Baltic Assembly".
            first = 1 if toks[0].low == "the" else 0
            lead_in = toks[first : n.start]
            if not n.adjectival and _body_of(lead_in):
                owner = " ".join(t.text for t in toks[: n.end] if not t.punct)
                return owner[:1].lower() + owner[1:] if toks[0].low == "the" else owner
            if n.adjectival or not all(t.cap or t.text == "-" for t in lead_in):
                break
            end = n.end
            if _POSSESSIVE.search(toks[end - 1].text):
                # "Greenland's government …": the name owns the body that speaks, which is
                # the owner ("Greenland's government"), not the name alone.
                end = _possessed_body(toks, end)
                if end == n.end:
                    break
            words = [re.escape(t.text) for t in toks[first:end] if not t.punct]
            # As written: "All-Poland", "Workers' Alliance" (the tokens drop a plural's
            # apostrophe).
            m = re.search(r"['’]?[\s-]+".join(words), sentence)
            return m.group(0) if m else " ".join(t.text for t in toks[first:end])
    return ""


def _possessed_body(toks: list[Tok], end: int) -> int:
    """The end of the body a possessive name owns ("Greenland's government", "Chile's
    mining ministry": up to POSSESSED_REACH lower-case words ending on a body), or `end`."""
    for k in range(end, min(len(toks), end + POSSESSED_REACH)):
        t = toks[k]
        if t.cap or t.punct:
            break
        if t.low in _BODIES or t.low.rstrip("s") in _BODIES:
            return k + 1
    return end


POSSESSED_REACH = 3  # lower-case words from a possessive name to the body it owns
_BODIES = frozenset(section("english.txt", "reporting_bodies"))
BODY_REACH = 6  # words of a body's own name before "of the": "defence and security committee"


def _body_of(lead_in: list[Tok]) -> bool:
    """Whether the words before a name are a body of it, in lower case: "defence and security
    committee of the" (a committee, council or board, then "of", then perhaps "the")."""
    words = [t.low for t in lead_in]
    if words[-1:] == ["the"]:
        words = words[:-1]
    return (
        2 <= len(words) <= BODY_REACH + 1
        and words[-1] == "of"
        and words[-2] in _BODIES
        and not any(t.cap or t.punct for t in lead_in)
    )


# A story's dateline: a place in capitals and a dash ("NEIVA - ", "TALLINN — ").
_DATELINE_LEAD = re.compile(rf"^[{LATIN_CAPITALS}][{LATIN_CAPITALS}' .-]*?\s+[-–—]\s+")

_INTERVIEWER = frozenset(section("english.txt", "interviewer"))


def interviewer_label(label: str, outlet: str) -> bool:
    """Whether an interview's line label ("Boerenkrant:", "Q:") is the interviewer's: the
    outlet's own name or its first words ("Moana" for Moana Weekly), its initials ("EMM" for
    the Eastern Mediterranean Monitor), or a word for the one who asks."""
    raw = " ".join(label.rstrip(": \t").split())
    if raw.lower() in _INTERVIEWER:
        return True
    if not outlet:
        return False
    words = [w for w in outlet.split() if w.lower() != "the"]
    initials = "".join(w[0] for w in words if w[:1].isupper())
    said = raw.lower().split()
    # The outlet's name, its first words ("Moana:" for Moana Weekly), its last word ("Post:"
    # for the Altiplano Post, "Herald:" for the Bayan Herald), or its initials.
    return bool(said) and (
        said == [w.lower() for w in words[: len(said)]]
        or (len(said) == 1 and len(words) > 1 and said[0] == words[-1].lower())
        or (raw.isupper() and len(raw) >= 2 and raw == initials)
    )


_REBUTTALS = frozenset(section("english.txt", "rebuttal_predicates"))
_POINTERS = frozenset(["that", "this", "such"])
REBUTTAL_REACH = 6  # words into the next sentence: "In my view, that misreads …"
POINTER_REACH = 4  # words from "that" to its predicate: "that is simply a myth"


def rebuts(sentence: str) -> bool:
    """Whether a sentence opens by rejecting what the one before it reported: "that" or "this"
    near its start with a predicate of rejection ("In my view that misreads …", "This is a
    myth")."""
    toks = analyze(sentence).toks
    for i, t in enumerate(toks[:REBUTTAL_REACH]):
        if t.low not in _POINTERS:
            continue
        after = toks[i + 1 : i + 1 + POINTER_REACH]
        first = after[0] if after else None
        if (
            first is not None
            and first.content
            and not first.cap
            and first.low not in _REBUTTALS
            and first.low not in _NOT
            and not first.low.endswith("s")
        ):
            continue  # "that demand is wrong" points at a noun, not back at the sentence
        if any(u.low in _REBUTTALS for u in after) or _denied_identity(toks, i + 1):
            return True
    return False


_NOT = frozenset(["not", "never", "isn't", "wasn't", "hasn't", "aren't", "weren't"])
_IS = (_BE - {"get", "gets", "got", "gotten"}) | {"has", "have", "had"}  # "that has not been"
_STANDS = frozenset(["case", "what", "true"])
DENIAL_REACH = 6  # words from the negation to what it denies ("not been Cairo's position")


def _denied_identity(toks: list[Tok], k: int) -> bool:
    """ "that has not been Cairo's position", "that is not the case", "that isn't what they
    want": after a pointer, a negated "is" of a stand ("position", "view") or "the case"."""
    j = k
    while j < len(toks) and toks[j].low in _IS:
        j += 1
    if j >= len(toks) or toks[j].low not in _NOT:
        return False
    rest = toks[j + 1 : j + 1 + DENIAL_REACH]
    return any(u.low in _STANDS or u.stem in stance("stand") for u in rest)


_SPEECH_VERBS = "|".join(section("english.txt", "speech"))
_NAME = r"((?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3})"
# '…," Amupolo told the meeting.' or '…," said Amupolo.': who spoke the quotation before.
_SAID_AFTER_QUOTE = re.compile(
    rf"[\"”]\s*(?:{_NAME}\s+(?:{_SPEECH_VERBS})\b|(?:{_SPEECH_VERBS})\s+{_NAME})"
)


def continued_quote(before: str, sentence: str) -> str:
    """Who speaks a sentence that is a quotation with no speaker of its own ('"Windhoek is
    negotiating on behalf of every Namibian."'), when the sentence before it in the paragraph
    ends a quotation of theirs ('"Nobody will be left behind," Amupolo told the meeting.'), or
    ''. The second sentence goes on with the same speaker's words, as an interview answer
    goes on after its label."""
    text = sentence.strip()
    if text[:1] not in ('"', "“") or _SAID_AFTER_QUOTE.search(text):
        return ""
    quoted = re.sub(r"[\"“][^\"”]*[\"”]", "", text)
    if any(t.stem in SPEECH_STEMS for t in analyze(quoted).toks):
        return ""  # the sentence names its speaker outside the quotation
    last = re.split(r"(?<=[.!?])\s+", before.strip())[-1] if before.strip() else ""
    m = _SAID_AFTER_QUOTE.search(last)
    if not m:
        return ""
    return (m.group(1) or m.group(2) or "").strip().rstrip(".,;")
