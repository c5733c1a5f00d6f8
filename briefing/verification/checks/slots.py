"""Who a relation is with, for or to: the same anchor word, another participant in its slot.

A capable model that misreads a sentence rarely invents a participant; it moves one the
sources name into another slot: "support for trawler owners" where the cited text has
"support for coastal vessels" (and trawler owners elsewhere), "a deficit with the United
States" where it has "a deficit with India", "presented its terms to the minister" where the
minister presented them to the committee. The shape is general: a word both texts use, the
same preposition after it, and in that slot a participant the cited text names, but not
there. A participant the sources never name is the added-content check's; two fillers that
share a word, a name or an alias group are the same participant.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.text.lexicons import section
from briefing.text.textnorm import stem
from briefing.verification.checks.roles import _same_actor, _same_names
from briefing.verification.evidence import Evidence, Verdict, defined_acronyms, initialisms
from briefing.verification.lexicon import actor_noun, group_of
from briefing.verification.names import Name, names_at
from briefing.verification.tokens import AUXILIARIES, DETERMINERS, SPEECH_STEMS, Text, Tok

# Prepositions that open a participant's slot: for whom, to whom, from whom, with whom,
# against whom, by whom. Not "of", "in" or "on": they open places, times and topics.
SLOT_PREPS: frozenset[str] = frozenset(section("english.txt", "slot_preps"))
# Words that end a participant's noun phrase: relative pronouns and other prepositions.
_PHRASE_ENDS: frozenset[str] = frozenset(section("english.txt", "phrase_ends")) | SLOT_PREPS
_SEATS = frozenset(["in", "at"])  # "the office in Yongsan", "the ministry at Whitehall"
ANCHOR_REACH = 3  # content words before the preposition that may anchor it
FILLER_WORDS = 3  # content words of a participant, at most


@dataclass(frozen=True)
class _Slot:
    anchors: tuple[tuple[str, str], ...]  # (stem, as written), nearest the preposition first
    prep: str
    filler: frozenset[str]  # role keys of names and their words' stems, other words' stems
    who: frozenset[str]  # role keys of names, stems of other words
    shown: str  # the filler as written
    denied: bool = False  # inside a negation: "shall not pass the cost back to suppliers"

    def anchored(self, other: _Slot) -> str:
        """The anchor word both slots share (as this one writes it), or ''."""
        theirs = {s for s, _ in other.anchors}
        return next((w for s, w in self.anchors if s in theirs), "")


def _slots(
    text: Text, names: list[Name], *, seats: bool = False, preps: frozenset[str] = SLOT_PREPS
) -> list[_Slot]:
    """Every participant's slot after a preposition, with the anchor words before it (up to
    ANCHOR_REACH).

    Not a verb's direct object: without a tagger "want the government to …" and "want
    TikTok's venture left as …" look alike, and reading objects cost more faithful
    judgments than it caught changed ones (BENCHMARKS.md, issue 28).
    """
    toks = text.toks
    at = names_at(names)
    at_keys = {n.key for n in names if not n.adjectival}
    out = []
    for i, t in enumerate(toks):
        if t.punct or t.low not in preps:
            continue
        # "unwilling to negotiate with Ukraine": a slot denied, not filled; it is compared
        # only with another denied one ("shall not pass the cost back to suppliers").
        denied = any(k in text.negated for k in range(max(0, i - ANCHOR_REACH), i + 1))
        anchors: list[tuple[str, str]] = []
        for u in reversed(toks[max(0, i - ANCHOR_REACH) : i]):
            if u.punct:
                break
            if u.content and not u.cap and not u.low[:1].isdigit():
                anchors.append((u.stem, u.text))
        slot = _filler(toks, i + 1, at, at_keys, seats) if anchors else None
        if slot is not None:
            out.append(_Slot(tuple(anchors), t.low, *slot, denied=denied))
    return out


def _filler(
    toks: list[Tok], j: int, at: dict[int, Name], at_keys: set[str], seats: bool = False
) -> tuple[frozenset[str], frozenset[str], str] | None:
    """The participant a slot opening at `j` holds (its keys, as written), or None when the
    phrase there names no person or organised group.

    The phrase skips determiners and ends at a phrase end, a figure, punctuation or after
    FILLER_WORDS words; names count by their role key, other words by stem. Only people and
    organised groups are participants: a name ("India") or a noun for them ("owners", "the
    committee") heads the phrase; "a deal", "payments" or "talks" are what a paraphrase
    renames freely.
    """
    first = j
    while j < len(toks) and toks[j].low in DETERMINERS:
        j += 1
    filler: set[str] = set()
    who: set[str] = set()  # the names' keys and the other words' stems
    actor = False  # whether the phrase's last word or name (its head) names a participant
    words = 0
    while j < len(toks) and words < FILLER_WORDS:
        u = toks[j]
        if u.punct or u.low in _PHRASE_ENDS or u.low[:1].isdigit():
            break
        if j in at:
            key = at[j].key
            who.add(key)
            # Its words too: "the ministry" is the Ministry of Finance once named.
            filler |= {key, *(stem(w) for w in at[j].words)}
            actor = key[:1] in "~#" or key in at_keys
            j = at[j].end
            words += 1
            continue
        if u.content:
            filler.add(u.stem)
            who.add(u.stem)
            actor = actor_noun(u.low)
            words += 1
        j += 1
    if not filler or not actor:
        return None
    shown = " ".join(u.text for u in toks[first:j])
    if seats and j + 1 < len(toks) and toks[j].low in _SEATS and j + 1 in at:
        # A cited "presidential office in Yongsan": the place names the body too ("from
        # Yongsan"); not the claim's, whose place would then match any slot's place.
        filler |= {at[j + 1].key, *(stem(w) for w in at[j + 1].words)}
    return frozenset(filler), frozenset(who), shown


def _same(a: frozenset[str], b: frozenset[str], pairs: set[tuple[str, str]]) -> bool:
    """Two fillers name the same participant: a shared word, names of one actor, or an
    acronym and the name it abbreviates (`pairs`); not when each is of another country
    ("the Danish treasury" / "the Greenland Treasury": a shared noun, two owners)."""
    countries_a = {x for x in a if x.startswith("#")}
    countries_b = {y for y in b if y.startswith("#")}
    if countries_a and countries_b and not countries_a & countries_b:
        return False
    return bool(a & b) or any(_same_actor(x, y) or (x, y) in pairs for x in a for y in b)


def _abbreviations(slot: _Slot) -> set[str]:
    """What the slot's participant is abbreviated to: "bgmea" of "the Bangladesh Garment
    Manufacturers and Exporters Association" (a name split in two keys, country and body)."""
    return initialisms(slot.shown.lower().split())


def _defined_as(mine: _Slot, theirs: _Slot, defined: dict[str, set[str]]) -> bool:
    """Whether one filler is a short form the texts define for the other's name ("the DOTr"
    / "the Department of Transportation (DOTr)")."""
    a, b = set(mine.shown.lower().split()), set(theirs.shown.lower().split())

    def shortens(short: set[str], full: set[str]) -> bool:
        return any((defined.get(w, set()) - {"the", "of"}) & full for w in short)

    return shortens(a, b) or shortens(b, a)


def check_slots(claim: Text, ev: Evidence) -> Verdict | None:
    """A participant the cited text names, put in a slot the cited text gives someone else
    (soft: without a parser a phrase boundary can be misread)."""
    src = ev.cited
    theirs = _slots(src, ev.names_in(src), seats=True)
    if not theirs:
        return None
    named = {t.stem for t in src.toks} | ev.context_stems
    named |= {n.key for n in ev.names_in(src)}
    pairs = _same_names(ev.names_in(claim), ev.names_in(src))
    defined = defined_acronyms(x for s in ev.sources for x in (s.text, s.context))
    for mine in _slots(claim, ev.names_in(claim)):
        same_slot = [
            s
            for s in theirs
            if s.prep == mine.prep and s.denied == mine.denied and mine.anchored(s)
        ]
        if not same_slot or any(
            _same(mine.filler, s.filler, pairs)
            or mine.filler & _abbreviations(s)
            or _defined_as(mine, s, defined)
            for s in same_slot
        ):
            continue
        if not mine.who <= named:
            continue  # a participant the sources never name: the added-content check's
        other = same_slot[0]
        return Verdict(
            "unsupported",
            f"the cited text has '{mine.anchored(other)} {other.prep} {other.shown}', not"
            f" '{mine.prep} {mine.shown}'",
            "slots",
            hard=False,
        )
    return None


PLACE_WORDS = 4  # words after "in" that name where
_CAPITAL = frozenset(["capital", "capitals"])


@dataclass(frozen=True)
class _Place:
    anchors: frozenset[str]  # stems of the content words right before "in"
    groups: frozenset[str]  # the country groups the place names, other proper words as written
    shown: str
    denied: bool


def _place_key(t: Tok, name: Name | None) -> str:
    """A place word's key: its name's country group ("New Delhi", "Indian" -> India's), or
    the proper word as written ("African")."""
    if name is not None and name.key.startswith("#"):
        return name.key
    word = name.key[1:].split()[0] if name is not None and name.key.startswith("~") else t.text
    group = group_of(word)
    return f"#{group}" if group is not None else t.low


def _places(text: Text, names: list[Name]) -> list[_Place]:
    """Every "in" followed by a country, bloc or people ("in EU member states", "in African
    partner countries"), with the words before it it says where of."""
    toks, at, out = text.toks, names_at(names), []
    for i, t in enumerate(toks):
        if t.low != "in" or i == 0:
            continue
        end = i + 1
        while end < min(len(toks), i + 1 + PLACE_WORDS):
            u = toks[end]
            if u.punct or u.low in _PHRASE_ENDS or u.low[:1].isdigit():
                break
            end += 1
        # A country or bloc by its alias group; another proper word ("African") as itself.
        # and the word itself ("the European Parliament" and "the Parliament" are one place).
        caps = [k for k in range(i + 1, end) if toks[k].cap]
        groups = {_place_key(toks[k], at.get(k)) for k in caps} | {toks[k].low for k in caps}
        if any(toks[k].low in _CAPITAL for k in range(i + 1, end)):
            continue  # "in the Kazakh capital": a city named by its country
        anchors = []
        for u in reversed(toks[max(0, i - ANCHOR_REACH) : i]):
            if u.punct:
                break
            if u.content and not u.cap:
                anchors.append(u.stem)
        if groups and anchors:
            denied = any(k in text.negated for k in range(max(0, i - ANCHOR_REACH), i + 1))
            shown = " ".join(u.text for u in toks[i + 1 : end])
            out.append(_Place(frozenset(anchors), frozenset(groups), shown, denied))
    return out


def check_places(claim: Text, ev: Evidence) -> Verdict | None:
    """Where something is done, moved: the same word and "in", and a country or bloc there
    that the cited text does not put there ("production in EU member states" where it has
    "production in African partner countries"). Only places that name a country, bloc or
    people: "in" opens times and topics too, and a paraphrase renames those freely."""
    theirs = _places(ev.cited, ev.names_in(ev.cited))
    if not theirs:
        return None
    for mine in _places(claim, ev.names_in(claim)):
        same = [s for s in theirs if s.denied == mine.denied and s.anchors & mine.anchors]
        if not same or any(s.groups & mine.groups for s in same):
            continue
        other = same[0]
        return Verdict(
            "unsupported",
            f"the cited text has 'in {other.shown}', not 'in {mine.shown}'",
            "slots",
            hard=False,
        )
    return None


# "They" as the subject of a verb whose subject in the cited text is a group the claim never
# names, where the claim names another group before it: "farmers want X as they prepare Y"
# where "ministers prepared Y". Only "they" after a plural actor of the claim: "he" and "she"
# stand for one of a group the cited text names ("he lived" / "the couple lived").
_THEY = "they"
# A first-person subject is the speaker, whom a claim's reported speech calls "they".
_SPEAKERS = frozenset(["i", "we", "you", "who", "which", "that", "they", "he", "she", "it"])


def _word_before_verb(text: Text, k: int) -> Tok | None:
    """The word right before verb `k`, past auxiliaries ("ministers have prepared")."""
    m = k - 1
    while m >= 0 and text.toks[m].low in AUXILIARIES:
        m -= 1
    return text.toks[m] if m >= 0 else None


def check_pronoun_subject(claim: Text, ev: Evidence) -> Verdict | None:
    """A verb the claim gives "they" after naming a group ("farmers want a guarantee as they
    prepare …") whose subject in the cited text is a group the claim never names ("as
    ministers prepared …"): the pronoun makes the claim's own actor do it."""
    mine = {t.stem for t in claim.toks}
    src = ev.cited
    toks = claim.toks
    for i, t in enumerate(toks[:-1]):
        if t.low != _THEY or not any(
            u.content and u.low.endswith("s") and (u.cap or actor_noun(u.low)) for u in toks[:i]
        ):
            continue  # no group named before it: "they" may be anyone the claim leaves out
        j = i + 1
        while j < len(toks) and toks[j].low in AUXILIARIES:
            j += 1
        verb = toks[j] if j < len(toks) else None
        if verb is None or not verb.content or verb.cap or verb.low.endswith("ly"):
            continue
        if verb.stem in SPEECH_STEMS:
            continue  # who said what is the attribution checks'
        found = [
            (_word_before_verb(src, k), u) for k, u in enumerate(src.toks) if u.stem == verb.stem
        ]
        if len(found) != 1:
            continue
        subject, theirs = found[0]
        if (
            subject is None
            or subject.low in _SPEAKERS
            or subject.stem in mine
            or not (subject.cap or actor_noun(subject.low))
        ):
            continue
        return Verdict(
            "unsupported",
            f"the claim has '{t.text} {verb.text}'; in the cited text '{subject.text}"
            f" {theirs.text}'",
            "roles",
            hard=False,
        )
    return None
