"""Compose: turn the model's findings into judgments an analyst can sign.

A finding is what one map call (or one judgment of a single prompt) proposed: the model's
sentence and the source sentences it cites. Composing decides, by code, what is published:

1. **Sentences that stand alone.** A cited sentence that is a question, a headline, a
   fragment or a list lead-in is dropped; one whose subject is an unresolved "This",
   "It", "The second point"... is joined with the sentence before it, or dropped.
2. **Faithful by construction.** The model's sentence is published only when the
   verifier's checks pass it against what it cites; otherwise the finding becomes an
   attributed quotation built from the cited sentence itself, so a weak model costs
   prose, not coverage.
3. **Attribution.** Every judgment names whose view it reports (author, else outlet,
   else the title): a source's claim is never stated in the briefing's own voice.
4. **Merged across sources.** Findings that make the same point in different,
   independent documents (near-duplicate captures count once) become one judgment
   citing all of them, worded by how many agree; where they contradict, it says so.
   Judgments are ordered by that support, then by relevance.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any, Literal

from pydantic import Field

from briefing import retrieve
from briefing.models import Document, Sentence, Span, Strict
from briefing.passages import split_sentences
from briefing.textnorm import CONTENT_STOPWORDS, content_stems_frozen, stem, word_tokens
from briefing.verification import stakes
from briefing.verification.names import OPENERS
from briefing.verification.tokens import SPEECH_STEMS, analyze, explicit_negation_reach

Form = Literal["paraphrase", "quote"]


class Finding(Strict):
    """A candidate judgment before composing: the model's sentence and the sentences it cites."""

    text: str
    sentences: list[Sentence]
    relevance: int = 5


class Judgment(Strict):
    """A composed judgment, ready to resolve into a claim and verify."""

    text: str
    sentences: list[Sentence] = Field(description="Every cited sentence, in citing order.")
    form: Form
    sources: int = Field(description="Independent documents that support it.")
    relevance: int
    disagree: bool = Field(default=False, description="The sources contradict each other.")
    agreement: str = Field(
        default="",
        description="How many sources make the point ('Two of five sources agree'): shown"
        " before the text, never part of what is verified against the sources.",
    )


# (claim text, cited sentences) -> None when the verifier passes it, else its reason.
Checker = Callable[[str, list[Sentence]], str | None]
# texts -> one vector per text (an array of shape (n, d)).
Embedder = Callable[[list[str]], Any]


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
_PRONOUN_FOLLOWERS = frozenset(
    [
        "is",
        "was",
        "are",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "should",
        "shall",
        "does",
        "did",
        "do",
        "means",
        "meant",
        "shows",
        "showed",
        "suggests",
        "suggested",
        "explains",
        "explained",
        "makes",
        "made",
        "gives",
        "gave",
        "leads",
        "led",
        "left",
        "allows",
        "allowed",
        "puts",
        "put",
        "raises",
        "raised",
        "comes",
        "came",
        "goes",
        "went",
        "seems",
        "seemed",
        "sounds",
        "appears",
        "appeared",
        "reflects",
        "reflected",
    ]
)
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


def unresolved_subject(text: str) -> bool:
    """The sentence's subject, or the phrase it opens with, points back at something unseen."""
    if _ANAPHORIC_OPENER.match(text.strip()):
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
    words = re.findall(r"\w+", t)
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
    return None


# "The second point is less visible but matters more: Beijing wants ...": a lead-in whose
# subject points back, then a colon and a sentence that says the point on its own.
_LEAD_IN = re.compile(r"^[^:]{0,160}?:\s+(?=[\"“‘']?[A-Z])")


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


def _antecedent_chain(s: Sentence, previous: dict[str, Sentence], max_joins: int) -> list[Sentence]:
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
    sentences: list[Sentence], previous: dict[str, Sentence], max_joins: int = 2
) -> list[Sentence]:
    """The cited sentences that can stand alone, each joined to what it refers back to."""
    out: list[Sentence] = []
    seen: set[str] = set()
    for s in sentences:
        if fragment_reason(s.text):
            continue
        chain = _antecedent_chain(without_lead_in(s), previous, max_joins)
        for c in chain:
            if c.id not in seen:
                seen.add(c.id)
                out.append(c)
    return sorted(out, key=lambda s: (s.doc, s.start))


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


def _lower_first(text: str) -> str:
    """Lower-case a sentence's first word when it is a function word or a common opener
    ("The" -> "the", "Several" -> "several"), never a name."""
    m = re.match(r"(\w+)(.*)", text, re.S)
    if (
        m
        and (m.group(1).lower() in CONTENT_STOPWORDS or m.group(1).lower() in OPENERS)
        and not m.group(1).isupper()
    ):
        return m.group(1).lower() + m.group(2)
    return text


def attributed(summary: str, who: str) -> str:
    """'According to WHO, summary' for a model's sentence, unless it already names every source
    ("Denysenko argues that ..." needs no "According to Vadym Denysenko")."""
    sources = [w.strip() for w in re.split(r",\s*|\s+and\s+", who) if w.strip()]
    surnames = [s.split()[-1] for s in sources if s[:1].isupper() and not s.startswith("“")]
    if (
        surnames
        and len(surnames) == len(sources)
        and all(re.search(rf"\b{re.escape(n)}\b", summary) for n in surnames)
    ):
        return summary.strip()
    return f"According to {who}, {_lower_first(summary.strip())}"


def quoted(sentences: list[Sentence], who: str) -> str:
    """'WHO: “exact sentences”' built from the source text itself."""
    parts: list[str] = []
    for i, s in enumerate(sentences):
        # Sentences not next to each other in the source (an enumeration's lead and its
        # third item) are quoted with an ellipsis for what lies between them.
        if i and (s.doc != sentences[i - 1].doc or s.start - sentences[i - 1].end > GAP):
            parts.append("…")
        parts.append(" ".join(s.text.split()))
    return f"{who}: “{' '.join(parts)}”"


GAP = 6  # characters between two sentences next to each other (spaces, CRLF paragraph breaks)


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count_words(k: int, n: int) -> str:
    """'Three of five sources' (digits past nine)."""
    kw = _NUMBER_WORDS[k] if k < len(_NUMBER_WORDS) else str(k)
    nw = _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)
    return f"{kw.capitalize()} of {nw} sources"


# --- one finding, one form -----------------------------------------------------


class _Candidate(Strict):
    """A finding after standalone and faithfulness checks."""

    doc: str
    canonical: str
    sentences: list[Sentence]
    summary: str = Field(description="The model's sentence, if the verifier passed it; else ''.")
    relevance: int
    order: int = Field(description="Index of the finding it came from.")
    joint: str = Field(
        default="",
        description="The model's sentence for a finding citing several sources, if it passed"
        " against all of them (a capable model's synthesis); else ''.",
    )
    speaker: str = Field(
        default="", description="Who says the sentences, if the source quotes them."
    )
    earlier: int = Field(
        default=-1,
        description="Index of the earlier judgment (a digest's carried one) it stands for; -1"
        " for a finding of this run.",
    )


def first_sentence(text: str) -> str:
    """The model's first sentence: what follows is its own commentary more often than not."""
    text = " ".join(text.split())
    # The corpus's own splitter, so "U.S." and "Mr." do not end a sentence here either.
    spans = split_sentences(text, Span(start=0, end=len(text)))
    return text[spans[0].start : spans[0].end] if spans else text


_QUOTES = re.compile(r"[\"“”«»]")
# An interview's answer, "Zhao: We want ...": the words are the speaker's, not the writer's.
SPEAKER = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}:\s")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")


def names_covered(text: str, sentences: list[Sentence]) -> bool:
    """Every name in a model sentence is in the sentences it cites (prose only).

    The verifier also accepts a name from the document's title or paragraph; prose is held
    to the cited sentences, since a small model puts the wrong actor in ("the Kremlin wants
    to end the war" where the source says Trump does) with names from elsewhere in the page.
    """
    words = set(re.findall(r"\w+", " ".join(s.text for s in sentences).lower()))
    prefixes = {w[:5] for w in words if len(w) >= 5}
    for m in _CAPITALISED.finditer(text):
        w = re.sub(r"['’]s$", "", m.group(0).lower())
        if len(w) < 2 or w in CONTENT_STOPWORDS or w in words:
            continue
        if len(w) >= 5 and w[:5] in prefixes:
            continue  # "Russia"/"Russian", "Ukraine"/"Ukrainian"
        return False
    return True


def attributes(text: str) -> bool:
    """Whether a sentence carries its own attribution ("X says", "according to X"), read with
    the verifier's own speech verbs."""
    return any(t.stem in SPEECH_STEMS or t.low == "according" for t in analyze(text).toks)


class Rejected(Strict):
    """A model sentence that was not published as prose, and why (it was quoted instead)."""

    text: str
    sentences: list[Sentence]
    reason: str


def prose_problem(
    text: str,
    sentences: list[Sentence],
    check: Checker,
    speaker: str = "",
    prose_gates: bool = True,
) -> str | None:
    """Why a model sentence may not be published as prose for these sentences, or None.

    `speaker` is who says the cited sentences when the source quotes them (an interview's
    answer that runs on past its "Name:" label). `prose_gates` holds the sentence to the
    gates made for the 135M model's map summaries (names only from the cited sentences, at
    most two new content words, no spliced tail); without them the verifier decides.
    """
    if not text:
        return "the model wrote no sentence"
    fragment = fragment_reason(text)
    if fragment:
        return f"not a sentence that stands alone ({fragment})"
    if unresolved_subject(text):
        return "its subject refers back to something the reader has not seen"
    if not prose_gates:
        if (
            speaker or any(_QUOTES.search(s.text) or SPEAKER.match(s.text) for s in sentences)
        ) and (not attributes(text)):
            return "it restates words the source quotes from someone else"
        return check(text, sentences)
    if not names_covered(text, sentences):
        return "it names someone or something the cited sentences do not"
    if speaker or any(_QUOTES.search(s.text) or SPEAKER.match(s.text) for s in sentences):
        # The source quotes a speaker: "According to AUTHOR, …" would hand the speaker's
        # view to the author, so the sentence is quoted with its own "said X" instead.
        return "it restates words the source quotes from someone else"
    added = sorted(
        content_stems_frozen(text) - content_stems_frozen(" ".join(s.text for s in sentences))
    )
    if len(added) > PROSE_NEW_WORDS:
        # A 135M model's rewording is where it invents ("has decided to make a statement"):
        # its prose may shorten the source, not add to it.
        return f"it adds words the cited text does not have ({', '.join(added[:5])})"
    tail = spliced_tail(text, " ".join(s.text for s in sentences))
    if tail:
        return f"it ends on words taken from past a clause it leaves out ('{tail}')"
    return check(text, sentences)


_TOKEN = re.compile(r"[\w'’-]+|[,;:]")
# A clause boundary in what a paraphrase skips: past it, the source says something else.
_CLAUSE_BREAK = frozenset(
    [",", ";", ":", "or", "but", "and", "unless", "while", "whereas", "although", "though"]
)
SPLICE_TAIL = 3  # words: a tail this short, from far away, is a graft, not a summary
SPLICE_GAP = 5  # source words skipped before it


def _tiles(claim: list[str], source: list[str]) -> list[tuple[int, int, int]]:
    """Greedy tiling of the claim's tokens by the source's: (claim start, length, source start)."""
    out = []
    i = 0
    while i < len(claim):
        length, at = 0, -1
        for j in range(len(source)):
            k = 0
            while i + k < len(claim) and j + k < len(source) and claim[i + k] == source[j + k]:
                k += 1
            if k > length:
                length, at = k, j
        out.append((i, max(length, 1), at))
        i += max(length, 1)
    return out


def spliced_tail(text: str, source: str) -> str | None:
    """The claim's last few words if they were grafted on from past a clause it skipped, or None.

    "China has asked the EU to exempt Chinese steel … from the bloc's carbon border levy at
    home" is the source's opening with "at home" taken from the alternative it dropped ("or at
    least to count the carbon price that Chinese producers already pay at home"): every word
    is the source's, the meaning is not.
    """
    claim, src = (
        [t.lower() for t in _TOKEN.findall(text)],
        [t.lower() for t in _TOKEN.findall(source)],
    )
    if len(claim) > 60 or len(src) > 200:
        return None  # quadratic tiling; a paraphrase is short
    words = [t for t in _tiles(claim, src) if not (t[1] == 1 and claim[t[0]] in ",;:")]
    if len(words) < 2:
        return None
    (_, plen, pat), (last, llen, lat) = words[-2], words[-1]
    if pat < 0 or lat < 0 or last + llen != len(claim) or llen > SPLICE_TAIL:
        return None
    skipped = src[pat + plen : lat]
    if len(skipped) >= SPLICE_GAP and _CLAUSE_BREAK & set(skipped):
        return " ".join(claim[last:])
    return None


def _paraphrase_ok(text: str) -> bool:
    """A model sentence is publishable prose only if it is itself a whole, self-standing one."""
    return fragment_reason(text) is None and not unresolved_subject(text)


def _prepare(
    findings: list[Finding],
    documents: dict[str, Document],
    previous: dict[str, Sentence],
    check: Checker,
    canonical: dict[str, str],
    rejected: list[Rejected] | None = None,
    speakers: dict[str, str] | None = None,
    prose_gates: bool = True,
) -> list[_Candidate]:
    out: list[_Candidate] = []
    used: set[str] = set()
    for order, f in enumerate(findings):
        sentences = standalone(f.sentences, previous)
        if not sentences:
            continue
        # One document per finding: a map call sees one passage, and a single-prompt
        # judgment citing several documents is split so each source is attributed.
        by_doc = _by_doc(sentences)
        joint = ""
        if len(by_doc) > 1:
            whole = first_sentence(f.text)
            # Checked against what all its sources say together (ALCE's recall), never one
            # source at a time: a synthesis takes a name from one and a figure from another.
            if (
                _paraphrase_ok(whole)
                and (not prose_gates or names_covered(whole, sentences))
                and check(whole, sentences) is None
            ):
                joint = whole
        for doc, sents in by_doc.items():
            ids = frozenset(s.id for s in sents)
            summary = first_sentence(f.text)
            if ids <= used and not joint:
                # Two findings citing the same sentences say the same thing: the second is
                # not published again, but a model sentence that fails is still shown.
                if summary and rejected is not None and not prose_gates:
                    reason = prose_problem(summary, sents, check, "", prose_gates)
                    if reason is not None:
                        rejected.append(Rejected(text=summary, sentences=sents, reason=reason))
                continue
            used |= ids
            keep = ""
            # Checked bare, before the attribution is added: "According to X" must not
            # lend the sentence words (a title's, an outlet's) or a hedge it does not have.
            speaker = next((speakers[x.id] for x in sents if speakers and x.id in speakers), "")
            reason = prose_problem(summary, sents, check, speaker, prose_gates)
            if reason is None:
                keep = summary
            elif summary and rejected is not None and not joint:
                # (A synthesis that passed against all its sources is not rejected because
                # one source alone does not carry it: it is published whole, below.)
                # Never dropped silently: the analyst sees what the model wrote and why not.
                rejected.append(Rejected(text=summary, sentences=sents, reason=reason))
            out.append(
                _Candidate(
                    doc=doc,
                    canonical=canonical.get(doc, doc),
                    sentences=sents,
                    summary=keep,
                    relevance=f.relevance,
                    order=order,
                    joint=joint,
                    speaker=speaker,
                )
            )
    return out


def _by_doc(sentences: list[Sentence]) -> dict[str, list[Sentence]]:
    """Sentences grouped by their document, in citing order."""
    out: dict[str, list[Sentence]] = {}
    for s in sentences:
        out.setdefault(s.doc, []).append(s)
    return out


def _earlier_candidates(
    earlier: list[Finding], canonical: dict[str, str], start: int
) -> list[_Candidate]:
    """Candidates for judgments already published: their cited sentences, one per document.

    They were checked when first published (standalone, attributed), so they come as they
    are; quoted when merged (their wording was one source's, or already a merge).
    """
    out: list[_Candidate] = []
    for n, f in enumerate(earlier):
        for doc, sents in _by_doc(f.sentences).items():
            out.append(
                _Candidate(
                    doc=doc,
                    canonical=canonical.get(doc, doc),
                    sentences=sents,
                    summary="",
                    relevance=f.relevance,
                    order=start + n,
                    earlier=n,
                )
            )
    return out


# --- grouping across sources ---------------------------------------------------


def _lexical_vectors(texts: list[str], ignore: frozenset[str]) -> list[dict[str, float]]:
    """IDF-weighted, unit-length bags of content stems (the fallback without embeddings)."""
    bags = [content_stems_frozen(t) - ignore for t in texts]
    df: dict[str, int] = {}
    for b in bags:
        for w in b:
            df[w] = df.get(w, 0) + 1
    n = len(bags)
    vecs = []
    for b in bags:
        v = {w: math.log(1 + n / df[w]) for w in b}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    return vecs


def similarity_matrix(
    texts: list[str],
    embed: Embedder | None,
    ignore: frozenset[str] = frozenset(),
    topic: str = "",
) -> list[list[float]]:
    """Pairwise similarity of texts, with what they all share (the topic) taken out."""
    n = len(texts)
    if n == 0:
        return []
    if embed is not None:
        import numpy as np  # only with embeddings: numpy's import costs more than small runs

        vecs = np.asarray(embed([topic, *texts] if topic else texts), dtype=np.float64)
        if topic:
            # Every finding is about the question, so raw cosines are all high; taking the
            # question's direction out leaves what each one says about it (measured on the
            # second corpus's gold aims: BENCHMARKS.md, "Merging").
            q = vecs[0] / (np.linalg.norm(vecs[0]) or 1.0)
            vecs = vecs[1:] - np.outer(vecs[1:] @ q, q)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        unit = vecs / np.where(norms == 0, 1.0, norms)
        return (unit @ unit.T).tolist()
    lex = _lexical_vectors(texts, ignore)
    return [[sum(x * b.get(w, 0.0) for w, x in a.items()) for b in lex] for a in lex]


def _same_word(w: str) -> str:
    """A stem as the merge rule compares it: Porter's "-y" stem with its derivatives'."""
    # Porter leaves "flattery" as "flatteri" and "flattering" as "flatter" (so "strategi" /
    # "strateg", "economi" / "econom"): one word to a reader.
    return w[:-1] if len(w) >= 6 and w.endswith("i") else w


def point_words(texts: list[str], common: frozenset[str]) -> list[frozenset[str]]:
    """Each text's content stems that can mark a point: not common, not names.

    A common word that makes a term with an uncommon one next to it ("export" in "export
    controls") is a point word as part of that term ("export_control").
    """
    # By prefix as well: "Europe" shares nothing with a question about the "European Union".
    prefixes = {w[:5] for w in common if len(w) >= 5}
    out = []
    for t in texts:
        # Names do not count: two sentences about the same person make different points as
        # often as the same one (Zelensky's resignation; Zelensky's remark on Putin).
        plain = _CAPITALISED.sub(" ", t)
        own = {w for w in content_stems_frozen(plain) - common if w[:5] not in prefixes}
        words = {_same_word(w) for w in own}
        # How common a word is depends on how much was retrieved: "export" is in 9% of the
        # second corpus's pool of 105 sentences and 11% of a pool of 123, and the two export-
        # control judgments must not part over that (BENCHMARKS.md, "Merging").
        for a, b in pairwise(word_tokens(plain)):
            if a in CONTENT_STOPWORDS or b in CONTENT_STOPWORDS or len(a) < 3 or len(b) < 3:
                continue
            x, y = stem(a), stem(b)
            if (x in common) != (y in common) and (y if x in common else x) in own:
                words.add(f"{_same_word(x)}_{_same_word(y)}")
        out.append(frozenset(words))
    return out


def _require_shared_words(
    sim: list[list[float]],
    texts: list[str],
    threshold: float,
    common: frozenset[str],
    topic: str = "",
) -> list[list[float]]:
    """Below MERGE_SURE, two findings merge only if they also share words that are not common.

    Articles on one question are close in meaning throughout; a point two sources share
    usually shows in words they share too ("export controls", "anti-subsidy investigations"):
    SHARED_WORDS of them, not names and not common.
    """
    # On whose terms a deal would be is a point of its own, worded many ways ("terms favorable
    # to Russia", "on Russian conditions", "all of Russia's terms"): the same owner stands for
    # the shared words, and different owners are different points (briefing/stakes.py).
    owned = [stakes.stakes(t, topic) for t in texts]
    stems = point_words(texts, common)
    out = [row[:] for row in sim]
    for i in range(len(texts)):
        for j in range(len(texts)):
            if i == j:
                continue
            if stakes.conflict(owned[i], owned[j]):
                out[i][j] = -1.0
                continue
            if not threshold <= sim[i][j] < MERGE_SURE or owned[i] & owned[j]:
                continue
            if len(stems[i] & stems[j]) < SHARED_WORDS:
                out[i][j] = -1.0
    return out


def group(
    candidates: list[_Candidate],
    sim: list[list[float]],
    threshold: float,
    answers: list[bool] | None = None,
) -> list[list[int]]:
    """Complete-linkage grouping of candidates from different sources above a similarity.

    Two candidates from the same (canonical) document are never merged into one point:
    a source agreeing with itself is not corroboration. With `answers` (which candidates
    state the subject's aim), a group needs one that does.
    """
    # A finding that cites several sources (a single-prompt judgment) starts as one group:
    # the model said they make one point, and the checks below hold it to that.
    by_finding: dict[int, list[int]] = {}
    for i, c in enumerate(candidates):
        by_finding.setdefault(c.order, []).append(i)
    clusters: list[list[int]] = []
    for members in by_finding.values():
        if len({candidates[i].canonical for i in members}) == len(members):
            clusters.append(members)
        else:
            clusters.extend([i] for i in members)

    def link(a: list[int], b: list[int]) -> float:
        if {candidates[i].canonical for i in a} & {candidates[j].canonical for j in b}:
            return -1.0
        if any(candidates[i].joint for i in a + b):
            # A synthesis the verifier passed is one judgment as the model grouped it: what
            # joins it would not be what its sentence was checked against.
            return -1.0
        if all(candidates[i].earlier >= 0 for i in a + b):
            # Two earlier judgments were published apart; only a new finding may join them.
            return -1.0
        if answers is not None and not any(answers[i] for i in a + b):
            # Two reports of the same background, or of the other side's demands, agree on
            # nothing the question asks; merged, they would lead the briefing on their count
            # ("US negotiators have drawn up a list of conditions…" + "The United States and
            # China agreed … to keep their trade truce in place…").
            return -1.0
        # Complete linkage: every pair must be close, so a chain of near neighbours
        # (A like B, B like C) cannot make A and C "the same point".
        return min(sim[i][j] for i in a for j in b)

    while True:
        best, pair = threshold, None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                s = link(clusters[x], clusters[y])
                if s >= best:
                    best, pair = s, (x, y)
        if pair is None:
            return clusters
        x, y = pair
        clusters[x] = sorted(clusters[x] + clusters[y])
        del clusters[y]


def common_stems(texts: list[str], share: float = 0.1) -> frozenset[str]:
    """Content stems in at least `share` of the texts: words that mark no point."""
    df: dict[str, int] = {}
    for text in texts:
        for w in content_stems_frozen(text):
            df[w] = df.get(w, 0) + 1
    return frozenset(w for w, n in df.items() if n >= share * max(1, len(texts)))


# Two findings that share SHARED_WORDS point words and contradict each other (one negates or
# reverses what the other says) address the same point even when their embeddings are this
# far apart: "Farm unions want any compensation … paid from fresh money" and "Farmers in
# Ireland do not want to be paid to disappear" (cosine 0.26 with the question taken out).
DISAGREE_MIN = 0.2


def _link_disagreements(
    cands: list[_Candidate],
    texts: list[str],
    raw: list[list[float]],
    sim: list[list[float]],
    threshold: float,
    common: frozenset[str],
    contradicts: Callable[[Sentence, Sentence], bool],
    aims: list[bool] | None = None,
) -> None:
    """Let two sources that disagree on one point group together (compose then says so).

    `raw` is the similarity before the shared-word rule, `sim` after it (changed in place).
    With `aims` (each text states the subject's aim), a text that does and one that does not
    are not sources disagreeing: "farmers want governments to vote the agreement down" and
    "the Commission wants member states to approve" are two parties, not two readings.
    """
    words = point_words(texts, common)
    for i in range(len(cands)):
        for j in range(i + 1, len(cands)):
            if cands[i].canonical == cands[j].canonical or sim[i][j] >= threshold:
                continue
            if aims is not None and aims[i] != aims[j]:
                continue
            if raw[i][j] < DISAGREE_MIN or len(words[i] & words[j]) < SHARED_WORDS:
                continue
            if any(contradicts(a, b) for a in cands[i].sentences for b in cands[j].sentences):
                sim[i][j] = sim[j][i] = threshold


# A figure with no word of intent or obligation around it reports what is ("investment rose to
# about €10 billion"); "the quota has to be cut well below 99,000 tonnes" is a demand.
_FIGURE = re.compile(r"\d")
_OBLIGATION = re.compile(
    r"\b(?:must|should|ought|needs?|needed|require[sd]?|ha(?:s|ve|d) to)\b", re.I
)


def reports_figures(text: str, intent: frozenset[str]) -> bool:
    """The sentence reports a figure and wants nothing: a fact, not anyone's aim."""
    if not _FIGURE.search(text) or _OBLIGATION.search(text):
        return False
    return not (content_stems_frozen(text) & intent)


def _keep_facts_apart(
    texts: list[str], sim: list[list[float]], aims: list[bool], intent: frozenset[str]
) -> None:
    """A finding that states the subject's aim never makes "the same point" as a reported figure.

    "Beijing also wants legal certainty for Chinese investors…" and "Chinese direct investment
    in the EU rose to about €10 billion…, driven by battery and car plants" share three uncommon
    words; one is a wish, the other a statistic (changed in place).
    """
    facts = [reports_figures(t, intent) for t in texts]
    for i in range(len(texts)):
        for j in range(len(texts)):
            if aims[i] and facts[j]:
                sim[i][j] = sim[j][i] = -1.0


def _distinct(cands: list[_Candidate], sim: list[list[float]]) -> list[int]:
    """Indices of the candidates to keep: one of each finding said twice by one source.

    A finding whose sentences another one quotes too, with more (a sentence, and the same
    sentence with the one that continues it: "…a direct summit…. Such talks would end his
    isolation…"), is dropped: the fuller one says the whole point. The same sentence from two
    captures of one story (a wire copy republished) is one finding: the first is kept.
    """
    ids = [frozenset(s.id for s in c.sentences) for c in cands]
    new = [j for j, c in enumerate(cands) if c.earlier < 0]
    keep: list[int] = []
    for i, c in enumerate(cands):
        if c.earlier >= 0 or c.joint:
            # An earlier judgment stays whole; so does a synthesis the verifier passed against
            # all its sources together: each of its sentences carries part of it.
            keep.append(i)
        elif any(ids[i] < ids[j] for j in new):
            continue
        elif not any(
            cands[j].earlier < 0
            and cands[j].canonical == c.canonical
            and sim[i][j] >= SAME_SENTENCE
            for j in keep
        ):
            keep.append(i)
    return keep


NEGATION_REACH = 6  # words an explicit negation reaches in its clause


def _keep_denials_apart(
    texts: list[str], sim: list[list[float]], aims: list[bool], common: frozenset[str]
) -> None:
    """A stated aim never makes "the same point" with a text that denies its point words.

    "Above all, China wants … the most advanced AI processors" and "Beijing knows it will not
    get the most advanced processors, and I doubt its negotiators will spend capital asking
    for them" share their words, not their point (changed in place).
    """
    words = point_words(texts, common)
    denied = [{_same_word(w) for w in explicit_negation_reach(t, NEGATION_REACH)} for t in texts]
    for i in range(len(texts)):
        for j in range(len(texts)):
            if aims[i] and not aims[j] and words[i] & words[j] & denied[j] - denied[i]:
                sim[i][j] = sim[j][i] = -1.0


def merge_threshold(embed: Embedder | None) -> float:
    """The similarity at which two findings of different sources may make the same point."""
    return MERGE_EMBEDDED if embed is not None else MERGE_LEXICAL


def merge_similarity(
    texts: list[str],
    embed: Embedder | None,
    topic: str,
    topic_words: frozenset[str],
    common: frozenset[str],
    threshold: float | None = None,
) -> list[list[float]]:
    """Pairwise similarity as merging reads it: pairs the shared-word rule refuses are -1.

    Triage uses the same matrix to find sentences another source corroborates.
    """
    raw = similarity_matrix(texts, embed, ignore=topic_words, topic=topic)
    return _merge_gate(raw, texts, embed, common | topic_words, threshold, topic)


def _merge_gate(
    raw: list[list[float]],
    texts: list[str],
    embed: Embedder | None,
    common: frozenset[str],
    threshold: float | None,
    topic: str = "",
) -> list[list[float]]:
    """The shared-word rule over a similarity matrix (embeddings only; a copy)."""
    if embed is None:
        return [row[:] for row in raw]
    limit = merge_threshold(embed) if threshold is None else threshold
    return _require_shared_words(raw, texts, limit, common, topic)


# --- judgments -----------------------------------------------------------------

# A model's sentence is published as prose only when at least this share of its content
# words is in what it cites (the verifier alone asks 0.2, enough for honest paraphrase of a
# long sentence); below it the finding is quoted instead. A 135M model's summary that
# strays from its sentences is where its errors come from.
PROSE_SUPPORT = 0.5
# ... and adds at most this many content words of its own (a linking verb, a pronoun's name).
PROSE_NEW_WORDS = 2

# MiniLM cosine with the question taken out (or IDF-weighted lexical cosine) at which two findings of
# different sources are taken to make the same point (BENCHMARKS.md, "Merging").
MERGE_EMBEDDED = 0.35  # with SHARED_WORDS uncommon words in common
MERGE_SURE = 0.6  # with none
# One shared word is not enough: "terms" in "terms favorable to Russia" and "peace under
# Trump's terms ... which Putin fears" (cosine 0.58) are opposite points (BENCHMARKS.md).
SHARED_WORDS = 2
SAME_SENTENCE = 0.9  # a copy, not a second finding  # at or above it, no shared word is needed
MERGE_LEXICAL = 0.3


def compose(
    findings: list[Finding],
    documents: dict[str, Document],
    *,
    check: Checker,
    previous: dict[str, Sentence] | None = None,
    canonical: dict[str, str] | None = None,
    embed: Embedder | None = None,
    contradicts: Callable[[Sentence, Sentence], bool] | None = None,
    topic: str = "",
    topic_words: frozenset[str] = frozenset(),
    common: frozenset[str] = frozenset(),
    answers: Callable[[str], bool] | None = None,
    threshold: float | None = None,
    limit: int | None = None,
    rejected: list[Rejected] | None = None,
    speakers: dict[str, str] | None = None,
    earlier: list[Finding] | None = None,
    absorbed: list[int] | None = None,
    prose_gates: bool = True,
) -> list[Judgment]:
    """Findings -> standalone, attributed, merged judgments, ordered by independent support.

    `earlier` are judgments already published (a digest's carried ones, as the sentences
    they cite): a new finding that makes the same point joins them, and the indices of
    those it joined are appended to `absorbed`; on their own they are not returned.
    """
    previous = previous or {}
    canonical = canonical or {}
    cands = _prepare(
        findings, documents, previous, check, canonical, rejected, speakers, prose_gates
    )
    if not cands:
        return []
    cands += _earlier_candidates(earlier or [], canonical, len(findings))
    texts = [" ".join(s.text for s in c.sentences) for c in cands]
    if threshold is None:
        threshold = merge_threshold(embed)
    raw = similarity_matrix(texts, embed, ignore=topic_words, topic=topic)
    sim = _merge_gate(raw, texts, embed, common | topic_words, threshold, topic)
    # A finding that states the subject's aim ("Beijing wants", "China urged") answers the
    # question; one that does not is usually context, or the other side's wish.
    aims = [answers(t) for t in texts] if answers is not None else None
    if aims is not None:
        _keep_facts_apart(texts, sim, aims, retrieve.intent_stems(topic))
        _keep_denials_apart(texts, sim, aims, common | topic_words)
    if contradicts is not None:
        _link_disagreements(
            cands, texts, raw, sim, threshold, common | topic_words, contradicts, aims
        )
    keep = _distinct(cands, sim)
    if len(keep) < len(cands):
        cands = [cands[i] for i in keep]
        texts = [texts[i] for i in keep]
        sim = [[sim[i][j] for j in keep] for i in keep]
        aims = [aims[i] for i in keep] if aims is not None else None
    clusters = [
        m for m in group(cands, sim, threshold, aims) if any(cands[i].earlier < 0 for i in m)
    ]
    if absorbed is not None:
        absorbed.extend(sorted({cands[i].earlier for m in clusters for i in m} - {-1}))
    total = len({canonical.get(d, d) for d in documents}) or 1
    judgments: list[Judgment] = []
    for members in clusters:
        # A new source first: in a digest, what the reader has not seen yet leads.
        ms = sorted(
            (cands[i] for i in members), key=lambda c: (c.earlier >= 0, -c.relevance, c.order)
        )
        judgments.append(_judgment(ms, documents, total, check, contradicts))
    # Within the same support, the judgments that answer the question come first: by
    # meaning when embeddings are there (a 135M model's relevance scores are noise), else
    # by the model's relevance.
    topical = _topicality(topic, texts, embed) or [c.relevance / 10 for c in cands]
    answered = [1.0 if a else 0.0 for a in aims] if aims is not None else [0.0] * len(texts)
    rank = {
        id(j): (
            max(answered[i] for i in m),
            max(topical[i] for i in m),
            -min(cands[i].order for i in m),
        )
        for j, m in zip(judgments, clusters, strict=True)
    }
    owners = {
        id(j): frozenset(cands[i].canonical for i in m)
        for j, m in zip(judgments, clusters, strict=True)
    }
    judgments.sort(key=lambda j: (-j.sources, *(-x for x in rank[id(j)])))
    # Spread within a tier: the same support, among the judgments that answer the question
    # (background is never promoted for its source's sake: it keeps its order by meaning).
    judgments = spread(
        judgments,
        lambda j: owners[id(j)],
        lambda j: (j.sources, 1) if rank[id(j)][0] else (j.sources, 0, id(j)),
    )
    return judgments[:limit] if limit is not None else judgments


def spread(
    judgments: list[Judgment],
    owners: Callable[[Judgment], frozenset[str]],
    tier: Callable[[Judgment], object] = lambda j: j.sources,
) -> list[Judgment]:
    """Within a tier (equal support), a source already heard from waits its turn.

    Ordered by support and relevance alone, one article that states its aims in many
    sentences fills the briefing; the reader is better served by each source's best point
    first, then the second ones (a round robin within each support level, order kept).
    """
    out: list[Judgment] = []
    heard: dict[str, int] = {}
    pool = list(judgments)
    while pool:
        level = [n for n, j in enumerate(pool) if tier(j) == tier(pool[0])]
        best = min(
            level, key=lambda n: (max((heard.get(o, 0) for o in owners(pool[n])), default=0), n)
        )
        pick = pool.pop(best)
        out.append(pick)
        for o in owners(pick):
            heard[o] = heard.get(o, 0) + 1
    return out


def _topicality(topic: str, texts: list[str], embed: Embedder | None) -> list[float] | None:
    """Cosine of each text to the question, or None without embeddings or a topic."""
    if embed is None or not topic:
        return None
    import numpy as np

    vecs = np.asarray(embed([topic, *texts]), dtype=np.float64)
    return [float(x) for x in vecs[1:] @ vecs[0]]


def _judgment(
    members: list[_Candidate],
    documents: dict[str, Document],
    total: int,
    check: Checker,
    contradicts: Callable[[Sentence, Sentence], bool] | None,
) -> Judgment:
    """One judgment from a group of candidates (one per independent source)."""
    k = len(members)
    sentences = [s for c in members for s in c.sentences]
    names = [
        source_name(documents.get(c.doc), c.doc) + (f", quoting {c.speaker}" if c.speaker else "")
        for c in members
    ]

    def judgment(text: str, form: Form, agreement: str = "", disagree: bool = False) -> Judgment:
        return Judgment(
            text=text,
            sentences=sentences,
            form=form,
            sources=k,
            relevance=max(c.relevance for c in members),
            agreement=f"{count_words(k, total)} {agreement}" if agreement else "",
            disagree=disagree,
        )

    if k == 1:
        c = members[0]
        if c.summary:
            return judgment(attributed(c.summary, names[0]), "paraphrase")
        return judgment(quoted(c.sentences, names[0]), "quote")
    evidence = " ".join(quoted(c.sentences, who) for c, who in zip(members, names, strict=True))
    joint = members[0].joint
    if joint and all(c.order == members[0].order and c.joint == joint for c in members):
        # The model wrote one sentence for all of them and it passed against all of them
        # together: their differences are already weighed in it.
        text = attributed(joint, ", ".join(names[:-1]) + " and " + names[-1])
        if check(text, sentences) is None:
            return judgment(text, "paraphrase", "agree")
    if contradicts is not None and any(
        contradicts(a, b)
        for i, x in enumerate(members)
        for y in members[i + 1 :]
        for a in x.sentences
        for b in y.sentences
    ):
        return judgment(evidence, "quote", "address this point and disagree", disagree=True)
    # No lead sentence of our own: one source's wording is not what the others said, so
    # the judgment states the agreement and lets each source speak for itself.
    return judgment(evidence, "quote", "make the same point")
