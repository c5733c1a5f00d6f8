"""What a claim says a person is: an apposition after a name ("Teoma, a former Fijian police
commissioner, said …") must be what the documents say of that person.

A capable model that fills in a biography takes its words from nowhere or from another
person of the same piece ("a former factory manager" where the piece says that of the
columnist). What the documents say of a person is said in the sentences that name them and
the sentence after (where "he" or "she" goes on); an apposition most of whose words none of
those sentences holds describes someone the documents do not.
"""

from __future__ import annotations

from functools import lru_cache

from briefing.text.lexicons import section
from briefing.text.passages import sentence_bounds
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import actor_noun, derivations, group_of
from briefing.verification.tokens import Text, Tok, analyze

DESCRIPTION_WORDS = 6  # content words of an apposition, at most (longer is no description)
UNSAID_WORDS = 3  # its words no sentence naming the person holds: a description invented
_HEAD_ENDS = frozenset(section("english.txt", "apposition_head_ends"))
_CLOSES = frozenset([",", ".", ";", ":", "(", ")"])


@lru_cache(maxsize=256)
def _sentences(document: str) -> tuple[str, ...]:
    return tuple(document[a:b] for a, b in sentence_bounds(document, 0, len(document)))


def _said_of(word: str, ev: Evidence) -> tuple[set[str], set[str]]:
    """The stems and lower-case words of the sentences that name `word` in the cited
    documents, each with the sentence after it."""
    stems: set[str] = set()
    lows: set[str] = set()
    for s in ev.sources:
        sents = _sentences(s.document or s.context or s.text)
        for i, sent in enumerate(sents):
            if word not in sent.lower():
                continue
            for x in sents[i : i + 2]:
                toks = analyze(x).toks
                stems |= {t.stem for t in toks}
                lows |= {t.low for t in toks}
    return stems, lows


def _held(w: Tok, stems: set[str], lows: set[str]) -> bool:
    """Whether the documents' sentences about the person hold the word: itself, a form
    sharing its first five letters, a WordNet derivation ("critic" / "criticised"), or the
    same country ("Dutch" / "the Netherlands")."""
    if w.stem in stems or (len(w.stem) >= 5 and any(s[:5] == w.stem[:5] for s in stems)):
        return True
    if derivations().get(w.stem, frozenset()) & stems:
        return True
    group = group_of(w.text)
    return group is not None and any(group_of(x) == group for x in lows)


def _apposition(toks: list[Tok], start: int) -> tuple[list[Tok], Tok | None]:
    """The content words of "a/an …" from `start` to its closing comma or relative pronoun,
    and its head noun (the last word before "of", "at" …), or ([], None)."""
    if start >= len(toks) or toks[start].low not in ("a", "an"):
        return [], None
    words: list[Tok] = []
    head: Tok | None = None
    ended = False
    for t in toks[start + 1 :]:
        if t.text in _CLOSES or t.low in ("who", "which", "that", "and"):
            break
        if t.low in _HEAD_ENDS or (t.low.endswith("ed") and head is not None):
            ended = True  # "a request confirmed by …": the noun came before the participle
        if t.content and not t.low[:1].isdigit():
            words.append(t)
            if not ended:
                head = t
    return words, head


def check_description(claim: Text, ev: Evidence) -> Verdict | None:
    """A person's apposition in the claim that the documents do not say of that person."""
    toks = claim.toks
    for n in ev.names_in(claim):
        if n.key.startswith(("#", "~")) or n.adjectival or toks[n.start].text.isupper():
            continue  # a country, a people or an acronym: no person to describe
        if n.end + 1 >= len(toks) or toks[n.end].text != ",":
            continue
        words, head = _apposition(toks, n.end + 1)
        if head is None or len(words) > DESCRIPTION_WORDS or not actor_noun(head.low):
            continue  # "…, a deal his party favoured": what the clause is, not who the name is
        stems, lows = _said_of(n.words[-1], ev)
        if not stems:
            continue  # the documents never name the person: the names check decides
        unsaid = [w.text for w in words if not _held(w, stems, lows)]
        if len(unsaid) >= UNSAID_WORDS:
            return Verdict(
                "unsupported",
                f"the documents do not describe {' '.join(n.words).title()} as"
                f" '{' '.join(w.text for w in words)}'",
                "added",
                hard=False,
            )
    return None
