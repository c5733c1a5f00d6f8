"""One finding, one form: the model's sentence when the checks pass it, else the cited sentence quoted."""

from __future__ import annotations

import re
from collections.abc import Mapping

from briefing.compose.findings import Checker, Finding, Rejected, _Candidate
from briefing.compose.standalone import fragment_reason, standalone, unresolved_subject
from briefing.compose.tuning import PROSE_NEW_WORDS
from briefing.core.models import Document, Sentence, Span
from briefing.text.lexicons import section
from briefing.text.passages import split_sentences
from briefing.text.textnorm import (
    CLAUSE_PUNCT,
    CONTENT_STOPWORDS,
    INNER,
    SPEAKER,
    capitalised_words,
    content_stems_frozen,
    strip_possessive,
    tokenize,
)
from briefing.verification.lexicon import actor_noun
from briefing.verification.tokens import SPEECH_STEMS, analyze
from briefing.verification.voices import interviewer_label

# --- one finding, one form -----------------------------------------------------


def first_sentence(text: str) -> str:
    """The model's first sentence: what follows is its own commentary more often than not."""
    text = " ".join(text.split())
    # The corpus's own splitter, so "U.S." and "Mr." do not end a sentence here either.
    spans = split_sentences(text, Span(start=0, end=len(text)))
    return text[spans[0].start : spans[0].end] if spans else text


_QUOTES = re.compile(r"[\"“”«»]")


def interviewer_line(s: Sentence, documents: Mapping[str, Document]) -> bool:
    """Whether a sentence is an interview's question: labelled with the outlet's own name
    ("Water Policy Monthly: There are reports that …") or as the interviewer's ("Q: …")."""
    m = SPEAKER.match(s.text)
    if m is None:
        return False
    d = documents.get(s.doc)
    return interviewer_label(s.text[: m.end()], d.outlet if d else "")


def names_covered(text: str, sentences: list[Sentence]) -> bool:
    """Every name in a model sentence is in the sentences it cites (prose only).

    The verifier also accepts a name from the document's title or paragraph; prose is held
    to the cited sentences, since a small model puts the wrong actor in ("the Kremlin wants
    to end the war" where the source says Trump does) with names from elsewhere in the page.
    """
    words = set(tokenize(" ".join(s.text for s in sentences).lower()))
    prefixes = {w[:5] for w in words if len(w) >= 5}
    for name in capitalised_words(text):
        w = strip_possessive(name.lower())
        if len(w) < 2 or w in CONTENT_STOPWORDS or w in words:
            continue
        if "-" in w and all(part in words for part in w.split("-") if part):
            continue  # "App-Based": the cited words, hyphen and all, split as tokens are
        if len(w) >= 5 and w[:5] in prefixes:
            continue  # "Russia"/"Russian", "Ukraine"/"Ukrainian"
        return False
    return True


def attributes(text: str) -> bool:
    """Whether a sentence carries its own attribution ("X says", "according to X"), read with
    the verifier's own speech verbs."""
    return any(t.stem in SPEECH_STEMS or t.low == "according" for t in analyze(text).toks)


_ACCORDING = re.compile(r"\baccording to ((?:[\w'’-]+ ){0,4}[\w'’-]+)", re.I)


def reported_by(sentences: list[Sentence]) -> str:
    """Who a cited sentence says it is "according to" when that is a person or a group
    ("Forum officials", "Ana Ruiz"), not a document ("a letter", "the report"); else ''."""
    for s in sentences:
        m = _ACCORDING.search(s.text)
        if m is None:
            continue
        words = m.group(1).split()
        if any(w[:1].isupper() or actor_noun(w.lower()) for w in words):
            return m.group(1)
    return ""


PERSONAL: frozenset[str] = frozenset(section("english.txt", "personal"))


def first_person(text: str) -> bool:
    """Whether a sentence speaks as "I", "we" or "you" outside quotation marks."""
    plain = re.sub(r"[\"“][^\"”]*[\"”]", " ", text)
    # An all-capitals word is a name ("US"), not "us".
    words = re.findall(r"[A-Za-z]+", plain)
    return any(w.lower() in PERSONAL and (w == "I" or not w.isupper()) for w in words)


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
    if first_person(text):
        # "According to X, …, and I think they are right": said as prose, the "I" reads as
        # the briefing's; quoted, it stays its writer's.
        return "it speaks in the first person"
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
    holder = reported_by(sentences)
    if holder and not attributes(text):
        # "According to Forum officials, Australia provides …": said as the author's, the
        # figure would be the author's; quoted, it keeps whose it is.
        return f"it restates what the source attributes to {holder}"
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
        [t.lower() for t in tokenize(text, INNER, CLAUSE_PUNCT)],
        [t.lower() for t in tokenize(source, INNER, CLAUSE_PUNCT)],
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
    documents: Mapping[str, Document],
    previous: Mapping[str, Sentence],
    check: Checker,
    canonical: Mapping[str, str],
    rejected: list[Rejected] | None = None,
    speakers: Mapping[str, str] | None = None,
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
    earlier: list[Finding], canonical: Mapping[str, str], start: int
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
