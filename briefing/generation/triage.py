"""Triage: choose, by code, the retrieved sentences that answer the question; a model call each.

A 135M model asked to pick "the sentences that best answer the topic" out of a passage picks
the first ones (measured: BENCHMARKS.md, "Briefing quality"), so the answers a passage holds
further down never reach the briefing. Triage scores every sentence of the retrieved passages
for how directly it answers the question and spends the model calls on the best ones, each
shown with just what it needs to stand alone (the sentence before it, when its subject points
back). A passage with three answers gets three calls; one with only background gets none.

The score is general, not about one topic:

* **meaning**: the sentence's cosine to the question (MiniLM), else its share of the question's
  content words;
* **intent**: it uses the question's verb or a word writers use for it ("wants": "demands",
  "urged", "hopes", from the packaged query-expansion lexicon);
* **actor**: it names the question's subject, or an alias of it ("China": "Beijing",
  "Chinese"), and best of all just before a word of intent ("Beijing also wants ...").

Sentences that can never be a judgment (questions, headlines, fragments) are not chosen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise
from typing import Any

from pydantic import Field

from briefing import compose
from briefing.compose import fragment_reason, standalone, unresolved_subject
from briefing.core.models import Sentence, Strict
from briefing.retrieval import retrieve
from briefing.retrieval.retrieve import intent_stems
from briefing.text.textnorm import (
    CONTENT_STOPWORDS,
    DOTTED,
    content_stems,
    stem,
    strip_possessive,
    tokenize,
)
from briefing.verification.lexicon import aliases, group_of

Embedder = Callable[[list[str]], Any]

# Weights of the signals over the cosine (which lies in about 0..0.7 for on-topic sentences).
INTENT_WEIGHT = 0.2
ACTOR_WEIGHT = 0.1
ACTOR_INTENT_WEIGHT = 0.15
# How far (in words) the subject may stand before the word of intent: "Officials in Beijing
# hope", "China on Monday urged".
ACTOR_WINDOW = 6
# A sentence that announces the aims ("what Beijing hopes to get") restates the question.
ANNOUNCE_PENALTY = 0.3
# A sentence that needs the one before it to stand alone is a little less of an answer.
JOIN_PENALTY = 0.05
# Two sentences this close are one text twice (a wire copy republished): only one is chosen.
COPY_SIMILARITY = 0.92
COPY_PENALTY = 0.02
# Each further call from a document already chosen counts this much less (cf. retrieve.DOC_DECAY).
DOC_STEP = 0.2
# A sentence another independent source makes too is worth this much more.
CORROBORATED_BONUS = 0.15


def _words(text: str) -> list[str]:
    # Periods stay in a word: "U.S." is one, and "Brussels." ends its sentence (_ENDS_SENTENCE).
    return tokenize(text, DOTTED)


# Prepositions that end a noun of intent's owner ("the aims of Brazil *at* the WTO").
_PREPOSITIONS = frozenset(
    [
        "at",
        "in",
        "from",
        "on",
        "for",
        "toward",
        "towards",
        "with",
        "over",
        "about",
        "to",
        "regarding",
    ]
)
_QUESTION_WORDS = frozenset(
    ["what", "which", "who", "whom", "whose", "why", "how", "when", "where", "does", "do", "did"]
)


class Unit(Strict):
    """One model call's evidence: an answering sentence and what it needs to stand alone."""

    passage: str = Field(description="Id of the retrieved passage it comes from.")
    sentences: list[Sentence] = Field(description="In document order; the answer is the last.")
    score: float


class Actors(Strict):
    """Who the question is about: its subject (whose aims) and its target (from whom)."""

    groups: frozenset[int] = Field(description="Alias groups the subject names.")
    names: frozenset[str] = Field(description="The subject's other proper names, stemmed.")
    target_groups: frozenset[int] = frozenset()
    target_names: frozenset[str] = frozenset()


def _names(words: list[str]) -> tuple[set[int], set[str]]:
    """Alias groups and other proper names (stemmed) among some of a question's words."""
    table = aliases()
    groups: set[int] = set()
    names: set[str] = set()
    lower = " ".join(w.lower() for w in words)
    for name, g in table.items():
        if " " in name and f" {name} " in f" {lower} ":
            groups.add(g)
    for w in words:
        w = strip_possessive(w)  # "Norway's aims" names Norway
        low = w.lower().strip(".'’")
        found = group_of(w)
        if found is not None:
            groups.add(found)
        elif w[:1].isupper() and low not in CONTENT_STOPWORDS and low not in _QUESTION_WORDS:
            names.add(stem(low))
    return groups, names


def _stems(tokens: list[str]) -> list[str]:
    return [stem(t.lower().strip(".'’")) for t in tokens]


@lru_cache(maxsize=64)
def question_actors(topic: str) -> Actors:
    """The question's subject, named before its verb ("What does *China* want from the EU?"),
    and its target, named after it; without a verb the lexicon knows, every name is the subject.
    """
    words = _words(topic)
    intents = intent_stems(topic)
    cut = next((i for i, w in enumerate(words) if stem(w.lower()) in intents), len(words))
    subject, rest = words[:cut] or words, words[cut + 1 :]
    if rest and rest[0].lower() == "of":
        # A noun of intent names its owner after it: "the goals of Brazil at the WTO", "the
        # fears of European farmers about Mercosur". The owner runs to the next preposition.
        tail = rest[1:]
        stop = next((i for i, w in enumerate(tail) if w.lower() in _PREPOSITIONS), len(tail))
        subject, rest = tail[:stop] or subject, tail[stop:]
    groups, names = _names(subject)
    if cut < len(words):
        # The subject is its head noun: in "What do European farmers want", the farmers (a
        # sentence about what "the European Commission wants" is not about them).
        head = [strip_possessive(w).lower() for w in subject]
        head = [w for w in head if w not in CONTENT_STOPWORDS and w not in _QUESTION_WORDS]
        if head and head[-1] not in aliases():
            names = {stem(head[-1])}
    target_groups, target_names = _names(rest)
    return Actors(
        groups=frozenset(groups),
        names=frozenset(names),
        target_groups=frozenset(target_groups - groups),
        target_names=frozenset(target_names - names),
    )


def question_words(topic: str) -> frozenset[str]:
    """Stems that mark no particular point in answers to this question.

    The question's own content words, its verb's expansions ("wants", "demands") and every
    alias of the parties it names ("China": "Chinese", "Beijing"): two answers sharing only
    these say nothing alike.
    """
    actors = question_actors(topic)
    groups = actors.groups | actors.target_groups
    alias_words = " ".join(n for n, g in aliases().items() if g in groups)
    return frozenset(
        content_stems(topic)
        | intent_stems(topic)
        | content_stems(alias_words)
        | actors.names
        | actors.target_names
    )


def _mentions(tokens: list[str], groups: frozenset[int], names: frozenset[str]) -> list[int]:
    """Word positions where a sentence names one of these (an alias, or a name's stem)."""
    table = aliases()
    out = []
    for i, tok in enumerate(tokens):
        low = strip_possessive(tok.lower().strip(".'’"))
        pair = f"{low} {tokens[i + 1].lower()}" if i + 1 < len(tokens) else ""
        # group_of reads a code as written ("US" is the United States, "us" is not).
        if group_of(tok) in groups or stem(low) in names or table.get(pair) in groups:
            out.append(i)
    return out


def signals(text: str, intent: frozenset[str], actors: Actors) -> tuple[bool, bool, bool]:
    """(the subject's aim is stated, the subject is named, it is named just before the aim).

    A word of intent whose nearest named party before it is the question's target, or
    another country the alias lexicon knows, is that party's aim, not the subject's ("The EU,
    for its part, wants China to ...").
    """
    uses, _theirs, named, near = _scan(text, intent, actors)
    return uses, named, near


def _scan(text: str, intent: frozenset[str], actors: Actors) -> tuple[bool, bool, bool, bool]:
    """(the subject's aim is stated, another party's is, the subject is named, it is named
    just before its aim): what `signals` and `states_others_aim` read."""
    tokens = _words(text)
    stems = _stems(tokens)
    actor_at = set(_mentions(tokens, actors.groups, actors.names))
    # Another country or institution the alias lexicon knows ("Madrid wanted the deal
    # approved" in a question about farmers) is another party, like the target.
    others = frozenset(set(aliases().values()) - actors.groups)
    target_at = set(_mentions(tokens, others, actors.target_names)) - actor_at
    uses = near = other = False
    last: bool | None = None  # whether the last word of intent was another party's
    start = 0  # where the sentence holding token i begins (a unit may hold two)
    for i, s in enumerate(stems):
        if i > 0 and _ENDS_SENTENCE.search(tokens[i - 1]):
            start, last = i, None
        if s not in intent or _announces(tokens, i):
            continue
        # Who wants it is named in the same sentence: "…three things from Brussels. First,
        # they want…" is not Brussels' aim.
        before = [
            j for j in range(max(start, i - ACTOR_WINDOW), i) if j in actor_at or j in target_at
        ]
        if before:
            theirs = before[-1] in target_at
        elif last is not None:
            # "The US side … wants freedom of action: it wants to keep the right…": a word
            # of intent with no party before it continues the sentence's last one.
            theirs = last
        else:
            theirs = _first_person_theirs(
                text, tokens[max(0, i - ACTOR_WINDOW) : i], actors, others
            )
        last = theirs
        if theirs:
            other = True
            continue  # the target, or another party, wants it
        uses = True
        near = near or bool(before)
    return uses, other, bool(actor_at), near


_FIRST_PERSON = frozenset(["we", "i"])
# A token that ends a sentence: "Brussels." but not "U.S." or "Mr."
_ENDS_SENTENCE = re.compile(r"[a-z]{2,}[.!?]$")
_CLOSING_QUOTE = re.compile(r"[”\"]\s*,?\s*(?=[^”\"]*$)")


def _first_person_theirs(
    text: str, window: list[str], actors: Actors, others: frozenset[int]
) -> bool:
    """A quoted "We want…" is the speaker's: another party's (`others`, the target's names)
    when its attribution names one.

    '"We want a deal that works for American farmers…," Deputy US Trade Representative Karen
    Whitfield told…' states Washington's aim, whatever the question.
    """
    if not any(w.lower() in _FIRST_PERSON for w in window):
        return False
    m = _CLOSING_QUOTE.search(text)
    if m is None or m.start() == 0:
        return False
    tail = _words(text[m.end() :])
    own = _mentions(tail, actors.groups, actors.names)
    theirs = _mentions(tail, others, actors.target_names)
    return bool(theirs) and not own


_WH = frozenset(["what", "how", "why"])
_COUNTS = frozenset(["two", "three", "four", "five", "several", "many", "some", "few"])
_VAGUE = frozenset(
    ["things", "demands", "asks", "goals", "aims", "points", "priorities", "objectives"]
)


def _announces(tokens: list[str], i: int) -> bool:
    """The word of intent at i names the aims without stating them.

    "... the core of what Beijing wants from Europe", "Beijing wants three things": an
    article announcing its answer, not the answer. A sentence that opens "What X wants is
    ..." states it, so an opening "What" does not count.
    """
    low = [t.lower() for t in tokens]
    if any(low[j] in _WH and j > 0 for j in range(max(0, i - 3), i)):
        return True
    after = low[i + 1 : i + 3]
    return len(after) == 2 and after[0] in _COUNTS and after[1] in _VAGUE


def states_aim(topic: str, text: str) -> bool:
    """The text states an aim of the question's subject (not its target's, not an announcement)."""
    return signals(text, intent_stems(topic), question_actors(topic))[0]


def states_others_aim(topic: str, text: str) -> bool:
    """The text states another party's aim (the target's, another country's) and not the subject's.

    "European carmakers fear a trade war with China" answers "What does Beijing fear?" in
    the question's own words, for the wrong party.
    """
    uses, theirs, _named, _near = _scan(text, intent_stems(topic), question_actors(topic))
    return theirs and not uses


# A claim's aim is stated in the source when the words after its word of intent ("wants to
# *end the war*") follow a word of intent there too, within this many words.
AIM_WINDOW = 8


def unstated_aim(topic: str, claim: str, cited: list[str]) -> str | None:
    """Why a claim's "X wants Y" is not what the cited text says X wants, or None.

    A small model turns "when negotiations begin to end the war, the Kremlin demands
    concessions" into "the Kremlin wants to end the war": every word is in the source, but
    the aim is not. Each aim the claim states (the content word after its word of intent)
    must follow a word of intent in the cited text as well.
    """
    intent = intent_stems(topic)
    if not intent:
        return None

    def aims(text: str) -> list[tuple[str, list[str]]]:
        toks = _stems(_words(text))
        return [
            (t, [w for w in toks[i + 1 : i + 1 + AIM_WINDOW] if w not in CONTENT_STOPWORDS])
            for i, t in enumerate(toks)
            if t in intent
        ]

    source = [set(after) for text in cited for _, after in aims(text)]
    for word, after in aims(claim):
        wanted = next((w for w in after if w not in intent), None)
        if wanted is not None and not any(wanted in objs for objs in source):
            return f"the cited text does not say that '{wanted}…' is what is wanted ('{word}…')"
    return None


def _lexical_meaning(topic: str, texts: list[str]) -> list[float]:
    """Share of the question's content stems (with its verb's expansions) in each text."""
    words = content_stems(" ".join(retrieve.expand_terms(retrieve.query_terms(topic))))
    asked = content_stems(topic) or words
    return [len(content_stems(t) & (asked | words)) / max(1, len(asked)) * 0.5 for t in texts]


def scores(topic: str, sentences: list[Sentence], embed: Embedder | None = None) -> list[float]:
    """How directly each sentence answers the question (higher is better; -1 cannot be chosen)."""
    if not sentences:
        return []
    texts = [" ".join(s.text.split()) for s in sentences]
    if embed is not None:
        vecs = embed([topic, *texts])
        meaning = [float(x) for x in vecs[1:] @ vecs[0]]
    else:
        meaning = _lexical_meaning(topic, texts)
    intent = intent_stems(topic)
    actors = question_actors(topic)
    out = []
    for text, m in zip(texts, meaning, strict=True):
        if fragment_reason(text):
            out.append(-1.0)
            continue
        uses, names_it, near = signals(text, intent, actors)
        score = m + INTENT_WEIGHT * uses + ACTOR_WEIGHT * names_it + ACTOR_INTENT_WEIGHT * near
        if not uses and announces(text, intent):
            # "He spoke to us about what Beijing hopes to get from Washington": the question
            # restated, close to it in meaning and no answer.
            score -= ANNOUNCE_PENALTY
        out.append(score - (JOIN_PENALTY if unresolved_subject(text) else 0.0))
    return out


def announces(text: str, intent: frozenset[str]) -> bool:
    """A word of intent in the text names the aims without stating them ("what X wants")."""
    tokens = _words(text)
    return any(s in intent and _announces(tokens, i) for i, s in enumerate(_stems(tokens)))


def select(
    topic: str,
    passages: dict[str, list[Sentence]],
    k: int,
    per_doc: int | None = None,
    embed: Embedder | None = None,
    copies: dict[str, str] | None = None,
    canonical: dict[str, str] | None = None,
    previous: dict[str, Sentence] | None = None,
) -> list[Unit]:
    """The k best-answering sentences of the retrieved passages, each as a unit for one call.

    Each further sentence from a document already chosen counts DOC_STEP less, and at most
    `per_doc` come from one, so the calls spread over the sources (corroboration needs more
    than one); a sentence the same as one already chosen (a republished copy) is skipped, and
    `copies` (a document that republishes another -> the original) count as their original
    for the spread and lose ties to it, so the original is cited. Best first.
    """
    flat = [(pid, s) for pid, sents in passages.items() for s in sents]
    # `previous` (the document's own order) reaches back past the passage's first sentence.
    previous = {
        **{b.id: a for sents in passages.values() for a, b in pairwise(sents)},
        **(previous or {}),
    }
    story = copies or {}
    if not flat or k <= 0:
        return []
    values = scores(topic, [s for _, s in flat], embed)
    # A republished copy's sentence loses a tie with the original's, so the original is cited.
    values = [
        v - COPY_PENALTY if s.doc in story and v >= 0 else v
        for v, (_, s) in zip(values, flat, strict=True)
    ]
    texts = [" ".join(s.text.split()) for _, s in flat]
    vecs = embed(texts) if embed is not None else None
    # A sentence another independent source also makes (by compose's own merge rule) is
    # worth more: the briefing leads with what several sources agree on.
    key = canonical or {}
    sim = compose.merge_similarity(
        texts, embed, topic, question_words(topic), compose.common_stems(texts)
    )
    limit = compose.merge_threshold(embed)
    for j, (_, s) in enumerate(flat):
        own = key.get(s.doc, s.doc)
        if values[j] >= 0 and any(
            sim[j][x] >= limit and values[x] >= 0 and key.get(o.doc, o.doc) != own
            for x, (_, o) in enumerate(flat)
        ):
            values[j] += CORROBORATED_BONUS
    left = [j for j in range(len(flat)) if values[j] >= 0]

    def _story(s: Sentence) -> str:
        return story.get(s.doc, s.doc)

    # What "It"/"This" points back at comes along, as compose will join it; a sentence
    # that cannot be made to stand alone is not worth a call.
    shown = {j: standalone([flat[j][1]], previous) for j in left}
    left = [j for j in left if shown[j]]
    chosen: list[int] = []
    per: dict[str, int] = {}
    units: list[Unit] = []

    def supersedes(x: int) -> int | None:
        """The chosen call whose every sentence x's call shows too (x would replace it)."""
        ids = {u.id for u in shown[x]}
        return next((n for n, u in enumerate(units) if {y.id for y in u.sentences} <= ids), None)

    def taken(x: int) -> int:
        """Calls already spent on x's document, not counting the one x would replace."""
        n = per.get(_story(flat[x][1]), 0)
        return n - 1 if n and supersedes(x) is not None else n

    while left and len(units) < k:
        # Greedy on the decayed value; n and the pool are small (16 of ~150), so a scan is fine.
        j = max(left, key=lambda x: (values[x] - DOC_STEP * taken(x), -x))
        left.remove(j)
        pid, s = flat[j]
        if per_doc is not None and taken(j) >= per_doc:
            continue
        if vecs is not None and any(float(vecs[j] @ vecs[c]) >= COPY_SIMILARITY for c in chosen):
            continue
        unit = Unit(passage=pid, sentences=shown[j], score=round(values[j], 4))
        chosen.append(j)
        # A sentence shown with what it continues makes the call for that sentence alone
        # redundant (compose keeps the fuller finding and drops the other): it takes that
        # call's place, and the call saved goes to another answer.
        within = supersedes(j)
        if within is not None:
            units[within] = unit
            continue
        per[_story(s)] = per.get(_story(s), 0) + 1
        units.append(unit)
    return units
