"""Sentences that stand alone: fragments dropped, unresolved subjects joined with what they point back at."""

from __future__ import annotations

import re
from collections.abc import Mapping

from briefing.core.models import Sentence
from briefing.text.lexicons import section
from briefing.text.textnorm import CONTENT_STOPWORDS, LATIN_CAPITALS, tokenize

# --- sentences that stand alone ----------------------------------------------

# A subject that points back at something the reader has not seen: personal and
# demonstrative pronouns, and "the second point / the latter"-style ordinals.
_PRONOUN_SUBJECT = re.compile(r"^[\"'“‘(]*(?:it|they|he|she|such|them|its|their|his|her)\b", re.I)
_DEMONSTRATIVE = re.compile(r"^[\"'“‘(]*(this|these|that|those)\b\s*(\S+)?", re.I)
_ORDINAL_SUBJECT = re.compile(
    r"^[\"'“‘(]*(?:the\s+)?(?:first|second|third|fourth|fifth|next|last|latter|former|other|"
    r"same|final)\s+(?:point|reason|factor|thing|aspect|step|option|issue|one|problem|"
    r"question|goal|idea|demand|ask|aim|priority|request|condition|concern)\b",
    re.I,
)
# "It seems", "It is clear that", "It's possible that": a dummy subject, not a reference.
_EXPLETIVE_IT = re.compile(
    r"^[\"'“‘(]*it(?:\s+(?:seems|appears|remains|is|was|would be|will be)|’s|'s)\s+"
    r"(?:to\s+\w+\s+that|that|clear|likely|unlikely|possible|impossible|necessary|important|"
    r"crucial|worth|true|hard|difficult|easy|notable|telling|no\s+secret|not\s+necessary)\b",
    re.I,
)
# After "this"/"that" these words show a pronoun ("This is..."), not a determiner
# ("This drawn-out war...", which names its own subject).
_PRONOUN_FOLLOWERS = frozenset(section("english.txt", "pronoun_followers"))
_TERMINAL = re.compile(r"[.!…]+[\"'”’)\]»]*$")
_MIN_WORDS = 6


# "Obviously, they...", "In fact, it...": a leading adverb or connective hides the subject.
# "And in particular, he ...", "But he ...": a sentence that opens with a conjunction
# continues the one before it, so the subject after it is the one to check.
_LEADING_ADVERB = re.compile(
    r"^[\"'“‘(]*(?:(?:and|but|so|yet)\s+)?"
    r"(?:(?:\w+|in fact|of course|at the same time|in turn|in particular|above all),\s+)?"
    # "Third, and most remarkably, they ..."
    r"(?:(?:and|but)\s+(?:\w+\s+){0,2}\w+,\s+)?",
    re.I,
)


# "To this end, the Russian leader has been carefully flattering Trump": the subject is
# named, but what the sentence is for (to what end?) is in the sentence before it.
_ANAPHORIC_OPENER = re.compile(
    r"^[\"'“‘(]*(?:(?:and|but|so|yet)\s+)?"
    r"(?:to|for|in|because\s+of|against|given|with|despite|after|as\s+a\s+result\s+of|"
    r"on\s+top\s+of|at|by)\s+(?:this|that|these|those|such)\b(?:\s+[\w-]+){0,3},\s",
    re.I,
)


# "The alliance wants exactly that, and it should get it.": "exactly that" with no noun
# after it stands for what came before. (Not any "this." that ends a sentence: "there are
# opportunities for this" is joined to what it points at already, through its citation.)
_POINTER_OBJECT = re.compile(
    r"\b(?:exactly|precisely|just)\s+(?:that|this)\b(?=\s*[,.;:!]|\s+(?:and|but)\b)", re.I
)


def unresolved_subject(text: str) -> bool:
    """The sentence's subject, or the phrase it opens with, points back at something unseen;
    or its object is a bare "that" or "this" ("wants exactly that")."""
    if _ANAPHORIC_OPENER.match(text.strip()) or _POINTER_OBJECT.search(text.strip()):
        return True
    t = _LEADING_ADVERB.sub("", text.strip(), count=1)
    if _EXPLETIVE_IT.match(t):
        return False
    if _PRONOUN_SUBJECT.match(t) or _ORDINAL_SUBJECT.match(t):
        return True
    m = _DEMONSTRATIVE.match(t)
    if m:
        follower = (m.group(2) or "").lower().strip(",.;:!?\"'”’")
        if (
            m.group(1).lower() in ("this", "that")
            and follower.endswith("s")
            and not (follower.endswith("ss"))
        ):
            return True  # "This matters", "That means": a verb, so "this" is the subject
        return (
            follower == ""
            or follower in _PRONOUN_FOLLOWERS
            or not follower.replace("-", "").isalpha()
        )
    return False


def fragment_reason(text: str) -> str | None:
    """Why a sentence cannot be a judgment on its own (question, headline, fragment), or None."""
    t = " ".join(text.split())
    words = tokenize(t)
    if t.rstrip("\"'”’)]» ").endswith("?"):
        return "a question"
    if t.endswith(":") or t.endswith(";"):
        return "a lead-in to a list"
    if len(words) < _MIN_WORDS:
        return "a fragment"
    if not _TERMINAL.search(t):
        return "a headline or fragment (no final punctuation)"
    if t.endswith("…") or t.endswith("..."):
        return "cut off"
    if not any(
        w.isalpha() and w.islower() and (w not in CONTENT_STOPWORDS or w in _VERBS) for w in words
    ):
        return "a name or title without a predicate"  # "The Tea Growers Alliance (STGA)."
    m = _WHAT_LAST.search(t)
    if m and all(w.lower() in _POINTER_CLAUSE for w in tokenize(m.group("main"))):
        return "a pointer to what another sentence says"  # "It is worth saying what …"
    if words and words[-1] in _ELLIPTICAL_ENDS:  # as written: "by May." is a month
        return "an elliptical sentence (its verb is in another one)"  # "Bogotá must."
    m = _COUNTED_LAST.search(t)
    if m and m.group("count").lower() in _COUNTS and m.group("noun").lower() in _COUNTED:
        return "a lead-in to a list"  # "Egypt now wants three things."
    m = _TOPIC_LIST.match(t)
    if m and all(_TOPIC.match(part.strip()) for part in m["head"].split(",")):
        return "a list of topics, not a statement"  # "the bill, the demands and why …"
    if _SELF_INTRO.match(t) and not {w.lower() for w in words} & _VIEW_WORDS:
        return "a self-introduction (who the writer is, not a point)"
    return None


# "the government's aquaculture bill, the industry's demands and why salmon farmers care
# about …": what a piece is about, listed, with no verb before the "and why".
_TOPIC_LIST = re.compile(
    r"^(?P<head>(?:the|a|an|its|their|his|her)\b[^.;:]*,[^.;:]*?)\s+and\s+"
    r"(?:why|how|what|whether|when)\b",
    re.I,
)
# One listed topic: a determiner or possessive and at most three more words, none a verb of
# the short list ("the industry's demands", "its aquaculture bill").
_TOPIC = re.compile(
    r"^(?:the|a|an|its|their|his|her)\s+(?!(?:is|are|was|were|has|have|had|will|would)\b)"
    r"(?:[\w'’-]+\s+){0,2}[\w'’-]+$",
    re.I,
)

# "I am a senior fellow at the … Institute, and I have spent the month talking to …": the
# writer's credentials, with no view in the sentence (no verb of wanting, thinking or saying).
_SELF_INTRO = re.compile(
    rf"^[\"'“‘]*(?:I am|I'm|I’m)\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){{0,3}}(?:at|of|with|for)\s+"
    rf"(?:the\s+)?[{LATIN_CAPITALS}]"
)
_VIEW_WORDS = frozenset(
    [
        *section("english.txt", "frame"),
        *section("english.txt", "modals"),
        *section("english.txt", "speech"),
        "want",
        "wants",
        "conclusion",
    ]
)


# A sentence ending on a short free relative ("… what most farmers do not want."); its main
# clause, when it is only a pointer (data/english.txt, pointer_clause), says nothing itself.
_WHAT_LAST = re.compile(r"^(?P<main>[^,;:]*?)\bwhat\b(?:\s+[\w'’-]+){1,6}[.!]$")
_POINTER_CLAUSE = frozenset(section("english.txt", "pointer_clause"))
# A modal or "do" ending a sentence stands for a verb another sentence gives ("Bogotá must.").
_ELLIPTICAL_ENDS = frozenset(section("english.txt", "modals")) | {"do", "does", "did"}
# A sentence ending on a bare count of items: what they are follows in other sentences.
_COUNTED_LAST = re.compile(r"\b(?P<count>\w+)\s+(?:main\s+|key\s+|basic\s+)?(?P<noun>\w+)[.!]$")
_COUNTS = frozenset(
    [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
    ]
)
_COUNTED = frozenset(section("english.txt", "pointer_counts")) | frozenset(
    section("english.txt", "statement_nouns")
)


# Function words that are verbs: "Prices are high." has its predicate in "are".
_VERBS = frozenset(["is", "are", "was", "were", "be", "been", "has", "have", "had", "will",
                    "would", "can", "could", "may", "might", "must", "should", "do", "does", "did"])  # fmt: skip

# "The second point is less visible but matters more: Beijing wants ...": a lead-in whose
# subject points back, then a colon and a sentence that says the point on its own.
_LEAD_IN = re.compile(r"^[^:]{0,160}?:\s+(?=[\"“‘']?[A-Z])")


# A news dateline opening a story's first sentence: "THE HAGUE, March 11 (LPA) - ",
# "MEXICO CITY (MPW) - ", "SUVA, Aug. 5 (Reuters) — ", "WASHINGTON — ".
_UP = LATIN_CAPITALS
_DATELINE = re.compile(
    rf"^[{_UP}][{_UP}'.-]+(?: [{_UP}][{_UP}'.-]+)*"  # the place, in capitals ("BOGOTÁ")
    r"(?P<date>, [A-Z][a-z]{2,8}\.? \d{1,2})?"  # a date
    r"(?P<agency> \([A-Za-z][\w .&-]{0,30}\))?"  # the agency
    r" ?(?P<dash>[-–—]+) "
)


def without_dateline(s: Sentence) -> Sentence:
    """The sentence after its dateline ("THE HAGUE, March 11 (LPA) - Dutch dairy farmers want
    …"), with its own offsets: the place and agency are the page's furniture, not its claim."""
    m = _DATELINE.match(s.text)
    if m is None or (m.group("dash") == "-" and not (m.group("date") or m.group("agency"))):
        return s  # "EU - China talks": a hyphen alone joins names, it ends no dateline
    rest = s.text[m.end() :]
    if fragment_reason(rest) or unresolved_subject(rest):
        return s
    return Sentence(
        id=f"{s.id}@{m.end()}", doc=s.doc, start=s.start + m.end(), end=s.end, text=rest
    )


def without_lead_in(s: Sentence) -> Sentence:
    """The part after a lead-in's colon, when the lead-in points back and the rest stands alone.

    Joining such a sentence with the one before it resolves nothing (the sentence before is
    usually about the previous point); the clause after the colon is the point, and is quoted
    exactly, with its own offsets.
    """
    if not unresolved_subject(s.text):
        return s
    m = _LEAD_IN.match(s.text)
    if m is None:
        return s
    rest = s.text[m.end() :]
    if fragment_reason(rest) or unresolved_subject(rest):
        return s
    return Sentence(
        id=f"{s.id}@{m.end()}", doc=s.doc, start=s.start + m.end(), end=s.end, text=rest
    )


# An item of an enumeration: "First, they want…", "Third, and most remarkably, they…",
# "The fourth demand is…". Its "they" is the list's lead, several sentences back.
_LIST_ITEM = re.compile(
    r"^[\"'“‘(]*(?:(?:first|second|third|fourth|fifth|sixth|finally|lastly)\b|"
    r"the\s+(?:first|second|third|fourth|fifth|sixth|last|final)\b)",
    re.I,
)
LIST_REACH = 6  # how far back an enumeration's lead may be


# "…his circle reassures him not to be afraid. Trump won't go anywhere and will agree to all of
# Russia's terms." The second sentence is what the circle tells him, not the writer's own
# forecast: a prediction right after someone reassures, tells or convinces someone, with no
# frame of its own, is quoted with that sentence, so its voice stays the speaker's.
_PERSUADES = re.compile(
    r"\b(?:reassur|assur|convinc|persuad|promis|tell|told|warn)\w*\s+"
    r"(?:him|her|them|us|me|\w+ers|[A-Z][\w'’-]+)\b"
)
_PREDICTS = re.compile(r"\b(?:will|won[’']t|would|wouldn[’']t|is going to|are going to)\b", re.I)
_OWN_FRAME = re.compile(
    r"\b(?:I|we|say|says|said|think|thinks|believe|believes|according|argue|argues|writes)\b"
)


def continues_reported_speech(before: str, text: str) -> bool:
    """`text` is a prediction that reads as the content of what `before` says someone was told."""
    return bool(
        _PERSUADES.search(before) and _PREDICTS.search(text) and not _OWN_FRAME.search(text)
    )


def _antecedent_chain(
    s: Sentence, previous: Mapping[str, Sentence], max_joins: int
) -> list[Sentence]:
    """s with what it refers back to: the sentences before it, or an enumeration's lead.

    Up to `max_joins` sentences are joined as they are. Further back only through an
    enumeration: when s and every sentence between it and the lead are list items, the lead
    and s are quoted with an ellipsis between them ("Farmers want three things … Third, …
    they want the deforestation rules enforced").
    """
    back: list[Sentence] = []
    cur = s
    before = previous.get(s.id)
    if before is not None and continues_reported_speech(before.text, s.text):
        if fragment_reason(before.text):
            return []
        back.append(before)
        cur = before
    while unresolved_subject(cur.text) and len(back) < LIST_REACH:
        prev = previous.get(cur.id)
        if prev is None or fragment_reason(prev.text):
            return []
        back.append(prev)
        cur = prev
    if unresolved_subject(cur.text):
        return []
    if len(back) <= max_joins:
        return [*reversed(back), s]
    if all(_LIST_ITEM.match(x.text) for x in [s, *back[:-1]]):
        return [back[-1], s]
    return []


def standalone(
    sentences: list[Sentence], previous: Mapping[str, Sentence], max_joins: int = 2
) -> list[Sentence]:
    """The cited sentences that can stand alone, each joined to what it refers back to."""
    out: list[Sentence] = []
    seen: set[str] = set()
    for s in sentences:
        if fragment_reason(s.text):
            continue
        chain = _antecedent_chain(without_lead_in(without_dateline(s)), previous, max_joins)
        for c in chain:
            if c.id not in seen:
                seen.add(c.id)
                out.append(c)
    return sorted(out, key=lambda s: (s.doc, s.start))
