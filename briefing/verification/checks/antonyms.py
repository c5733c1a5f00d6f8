"""Antonyms: a word of the claim whose opposite the cited text uses about the same thing."""

from __future__ import annotations

from itertools import pairwise

from briefing.text.lexicons import section
from briefing.text.textnorm import stem
from briefing.verification.checks.conditions import asked
from briefing.verification.checks.negated_objects import next_to_negation
from briefing.verification.checks.opposites_aside import (
    brought_up,
    coordinated_opposite,
    framing_intent,
)
from briefing.verification.checks.spans import sentence_stems
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import (
    adjective_of,
    antonyms,
    irregular_verbs,
    kin,
    stance,
    verb_synonyms,
    wordnet_antonyms,
)
from briefing.verification.stance_marks import _ABANDON, _MAINTAIN
from briefing.verification.tokens import (
    _BE,
    _NUMBER_WORDS,
    COPULAS,
    DETERMINERS,
    Text,
    Tok,
)

_ANAPHORS = frozenset(["that", "this", "it", "these", "those"])
_SENTENCE_ENDS = frozenset([".", "?", "!"])


def _neighbours(text: Text, i: int, width: int = 6) -> set[str]:
    """The content stems around token `i`; with a word that points back ("that figure is too
    high", "it is too low"), also those of the sentence before, which says what it is."""
    toks = text.toks
    lo, hi = max(0, i - width), min(len(toks), i + width + 1)
    near = {toks[j].stem for j in range(lo, hi) if j != i and toks[j].content}
    start = max((j for j in range(i) if toks[j].text in _SENTENCE_ENDS), default=-1)
    if start > 0 and any(
        _points_back(toks, j) for j in range(max(i - ANAPHOR_REACH, start + 1), i)
    ):
        before = max((j for j in range(start) if toks[j].text in _SENTENCE_ENDS), default=-1)
        near |= {u.stem for u in toks[before + 1 : start] if u.content}
    return near | _subject(text, i)


_DEGREE = frozenset(section("english.txt", "degree_words"))
_CLAUSE_OPENERS = frozenset(section("english.txt", "coordinators")) | {"that", "which", "who"}
SUBJECT_REACH = 10  # words back from a copula to the start of its subject


def _subject(text: Text, i: int) -> set[str]:
    """For an adjective said of a subject through a copula ("the official cost estimate for
    the reservoir is too optimistic"), the content stems of that subject: what the adjective
    is about, however far its head noun is from it."""
    toks = text.toks
    k = i - 1
    while k >= 0 and toks[k].low in _DEGREE:
        k -= 1
    if k <= 0 or toks[k].low not in COPULAS:
        return set()
    out: set[str] = set()
    for j in range(k - 1, max(-1, k - 1 - SUBJECT_REACH), -1):
        u = toks[j]
        if u.punct or u.low in _CLAUSE_OPENERS:
            break
        if u.content:
            out.add(u.stem)
    return out


def _plain(text: Text) -> bool:
    """Whether a text asserts with no negation, dispute or concession of its own: where a
    report is denied ("despite reports that it had been abandoned"), a stand is not read
    across the whole sentence."""
    return not text.cues and not any(
        t.stem in stance("dispute") or t.stem in stance("falsehood") or t.low == "despite"
        for t in text.toks
    )


STAND_WIDTH = 12  # words either side of a stand given up or kept that say what it is about
ANAPHOR_REACH = 4  # words from a subject that points back to the word said of it


def _points_back(toks: list[Tok], j: int) -> bool:
    """Whether token `j` is a subject that points back: "it is", "that figure is", "these
    numbers are" (not the "that" of "said that a ban …")."""
    if toks[j].low not in _ANAPHORS:
        return False
    nxt = toks[j + 1 : j + 3]
    if toks[j].low in ("it", "this") and nxt and nxt[0].low in _BE:
        return True
    return len(nxt) == 2 and nxt[0].content and not nxt[0].cap and nxt[1].low in _BE


# Comparatives are stop-words, so the lexicon (content words) never sees them: "matters
# less to Beijing than it did" restated as "matters more".
_COMPARATIVES = {
    "more": frozenset(["less", "fewer"]),
    "less": frozenset(["more"]),
    "fewer": frozenset(["more"]),
    "most": frozenset(["least"]),
    "least": frozenset(["most"]),
    # Sides of a mark, stop-words as well: "well above the 3,000 hoped for" / "far below".
    "above": frozenset(["below"]),
    "below": frozenset(["above"]),
}


SAME_THING = 2  # neighbours a flipped word shares with the cited one when the claim uses both


def check_antonyms(claim: Text, ev: Evidence, *, anywhere: bool = False) -> Verdict | None:
    """A claim word whose opposite the cited text uses about the same thing (the lexicon's
    opposites by stem, WordNet's by the word as written).

    `anywhere`: a lexicon opposite anywhere in a cited text that lacks the claim's word
    counts, near the same words or not, for a text cited as saying the claim's very point
    (one party of "as both A and B confirm": "dropped" where B has "still on the table").
    """
    src, lex, wn = ev.cited, antonyms(), wordnet_antonyms()
    flipped = _comparative_flipped(claim, src)
    if flipped:
        return Verdict(
            "contradicted",
            f"the claim says '{flipped[0]}', the cited text says '{flipped[1]}'",
            "antonyms",
            about=flipped[2],
        )
    about = _said_of_other(claim, src, lex)
    if about:
        return Verdict(
            "contradicted",
            f"the claim says '{about[0]}', the cited text says '{about[1]}'",
            "antonyms",
            about=about[2],
        )
    particle = _particle_flipped(claim, src) or _order_flipped(claim, src)
    if particle:
        return Verdict(
            "contradicted",
            f"the claim says '{particle[0]}', the cited text says '{particle[1]}'",
            "antonyms",
            about=particle[2],
        )
    # What a question asks about ("asked whether the collective had abandoned it") is not
    # said, so it neither keeps nor flips a word.
    questioned = asked(src)
    src_words = {
        _word(u) for j, u in enumerate(src.toks) if j not in src.negated and j not in questioned
    }
    # Where the claim uses each word: its own use of the cited opposite keeps the cited word,
    # unless that use is about something else ("have fallen …, but would increase them"
    # shares no neighbour with "have increased this year").
    claim_at: dict[str, list[set[str]]] = {}
    for k, u in enumerate(claim.toks):
        claim_at.setdefault(_word(u), []).append(_neighbours(claim, k))
    for i, t in enumerate(claim.toks):
        w = _word(t)
        if (not t.content and w not in _COMPARATIVES) or i in claim.negated or w in src_words:
            continue
        if next_to_negation(claim, i):
            continue  # "probably not", "not likely": the opposite of "unlikely" denied
        if _named_right(claim, i):
            continue  # "the right to refuse" names a right: nobody refuses anything
        if _bound_word(claim, i):
            continue  # "at least A$1 billion" bounds a figure; it is no superlative
        if _time_word(claim, i):
            continue  # "last year", "first week": when, not an order against another
        listed = _COMPARATIVES.get(w) or lex.get(t.stem)
        opposites = listed or _synonyms_opposites(claim, i)
        written = wn.get(t.low) or wn.get(adjective_of(t.low), frozenset())
        if t.stem != stem(irregular_verbs().get(t.low, t.low)):
            # A word the stance marks read as another ("would like" is "want"): not its form's
            # opposites ("like" / "different").
            written = frozenset()
        if not opposites and not written:
            continue
        if coordinated_opposite(claim, i, frozenset(opposites) | written):
            continue  # "direct and indirect jobs": both, no stand on either
        if framing_intent(claim, i):
            continue  # "wants Seoul to reject the deal": the act it frames is the stand
        near = _neighbours(claim, i)
        stands = {_ABANDON, _MAINTAIN}
        for j, u in enumerate(src.toks):
            if not (
                (_word(u) in opposites or u.low in written or adjective_of(u.low) in written)
                and _word(u) in src_words
                and not _bound_word(src, j)
                and not _time_word(src, j)
                and j not in src.negated
                and j not in questioned
                and not brought_up(src, j)
                and not framing_intent(src, j)
                and not coordinated_opposite(src, j, frozenset([t.stem, t.low, w]))
            ):
                continue
            if not listed and j and src.toks[j - 1].low in DETERMINERS and not written:
                # A verb's opposite through its synonyms is a verb: "the contracts at the
                # base" is no "contracting" against "the economic benefits".
                continue
            theirs = _neighbours(src, j)
            shared = near & theirs
            if not shared and {t.stem, u.stem} == stands and _plain(claim) and _plain(src):
                # A stand given up against one kept ("dropped its demand that China return the
                # rifles" / "the demand for the rifles is on the table"): about the whole
                # demand, not the words beside the verb.
                shared = _neighbours(claim, i, STAND_WIDTH) & _neighbours(src, j, STAND_WIDTH)
            uses = claim_at.get(_word(u), [])
            listed_here = lex.get(t.stem, frozenset())
            if (
                anywhere
                and not uses
                and _word(u) in listed_here
                and t.stem not in src.stems  # not even denied there: "I do not accept … dropped"
                # nor both ways in the claim: "contrary to reports it was dropped, it stands"
                and not listed_here & claim.stems
                # nor the word that says who agrees ("ministers say they agree"): not the point
                and not {t.low, t.stem} & stance("agreeing")
            ):
                return Verdict(
                    "contradicted",
                    f"the claim says '{t.text}', the cited text says '{u.text}'",
                    "antonyms",
                    about=t.stem,
                )
            if shared and _said_alike(t, near, src, len(shared)):
                continue
            if shared and (
                not uses or (len(shared) >= SAME_THING and not any(mine & theirs for mine in uses))
            ):
                return Verdict(
                    "contradicted",
                    f"the claim says '{t.text}', the cited text says '{u.text}'",
                    "antonyms",
                    about=t.stem,
                )
    return None


_PARTICLES = frozenset(["down", "up", "off", "out", "away", "back", "on", "in"])


ABOUT_REACH = 3  # content words after a word of judgment that say what it is about


def _what_follows(text: Text, i: int) -> set[str]:
    """The content stems of the few words after token `i`, in its clause: what a word of
    judgment is said about ("right about the scale": {scale})."""
    out: set[str] = set()
    for u in text.toks[i + 1 :]:
        if u.punct or u.low in ("and", "but", "or") or len(out) == ABOUT_REACH:
            break
        if u.content:
            out.add(u.stem)
    return out


def _said_of_other(
    claim: Text, src: Text, lex: dict[str, frozenset[str]]
) -> tuple[str, str, str] | None:
    """A word both texts use, said in the claim of what the cited text gives its opposite:
    "right about the price and right about the scale" where the text has "right about the
    price and wrong about the scale"."""
    wn = wordnet_antonyms()
    for i, t in enumerate(claim.toks):
        opposites = lex.get(t.stem, frozenset()) | {stem(w) for w in wn.get(t.low, ())}
        if not t.content or not opposites or i in claim.negated or t.stem not in src.stems:
            continue
        if next_to_negation(claim, i):
            continue  # "is not likely to set a cap" / "unlikely to set a cap"
        if _named_right(claim, i) or _bound_word(claim, i):
            continue  # "the right to refuse" names a right; "at least" bounds a figure
        mine = _what_follows(claim, i)
        if not mine:
            continue
        same = [_what_follows(src, j) for j, u in enumerate(src.toks) if u.stem == t.stem]
        if any(mine & s for s in same):
            continue
        for j, u in enumerate(src.toks):
            if any(v.low in DETERMINERS for v in src.toks[max(0, j - 2) : j]):
                continue  # "its purchase contracts": a noun, no opposite of "rises"
            if u.stem in opposites and j not in src.negated and mine & _what_follows(src, j):
                shown = " ".join(v.text for v in claim.toks[i : i + 1 + ABOUT_REACH] if not v.punct)
                theirs = " ".join(v.text for v in src.toks[j : j + 1 + ABOUT_REACH] if not v.punct)
                return shown, theirs, t.stem
    return None


_OPPOSITE_PARTICLE: dict[str, str] = {
    x: y
    for pair in section("english.txt", "particle_opposites")
    for a, _, b in [pair.partition("-")]
    for x, y in ((a, b), (b, a))
}


_VERB_OPENERS = frozenset(["to", *section("english.txt", "modals")])


def _verb_particles(text: Text) -> dict[str, list[tuple[int, str]]]:
    """Stem of a verb -> (index, particle) for each use followed by a particle ("moved up")."""
    out: dict[str, list[tuple[int, str]]] = {}
    toks = text.toks
    for k, u in enumerate(toks[:-1]):
        nxt = toks[k + 1].low
        after = toks[k + 2].low if k + 2 < len(toks) else ""
        # A verb as written ("moved", "phasing") or after "to" or a modal: "troops in the
        # north" is a noun and a place, "out of" a preposition.
        verbal = u.low.endswith(("ed", "ing")) or (k > 0 and toks[k - 1].low in _VERB_OPENERS)
        if (
            u.content
            and not u.cap
            and verbal
            and nxt in _OPPOSITE_PARTICLE
            and after != "of"
            and k not in text.negated
        ):
            out.setdefault(u.stem, []).append((k, nxt))
    return out


def _particle_flipped(claim: Text, src: Text) -> tuple[str, str, str] | None:
    """One verb with opposite particles ("moved up the list" / "moved down the list") where
    the cited text never uses the claim's particle with it."""
    theirs = _verb_particles(src)
    for verb, uses in _verb_particles(claim).items():
        cited = theirs.get(verb, [])
        said = {p for _, p in cited}
        for k, p in uses:
            other = _OPPOSITE_PARTICLE[p]
            if other in said and p not in said:
                j = next(j for j, q in cited if q == other)
                mine, yours = claim.toks[k].text, src.toks[j].text
                return f"{mine} {p}", f"{yours} {other}", verb
    return None


_ORDER = {"before": "after", "after": "before"}
ORDER_REACH = 3  # words from "before"/"after" to what the order is relative to


def _relative_to(text: Text, i: int) -> Tok | None:
    """The first content word after "before"/"after" at `i` ("before the gangs do": gangs)."""
    return next(
        (u for u in text.toks[i + 1 : i + 1 + ORDER_REACH] if u.content and not u.punct), None
    )


def _order_flipped(claim: Text, src: Text) -> tuple[str, str, str] | None:
    """One order reversed: "lose their buyers after the gangs" where the cited text says
    "before the gangs do" and never puts it the claim's way."""
    theirs: dict[str, set[str]] = {}
    for j, u in enumerate(src.toks):
        if u.low in _ORDER and (what := _relative_to(src, j)) is not None:
            theirs.setdefault(what.stem, set()).add(u.low)
    for i, t in enumerate(claim.toks):
        mine = _relative_to(claim, i) if t.low in _ORDER else None
        said = theirs.get(mine.stem, set()) if mine is not None else set()
        if mine is not None and _ORDER[t.low] in said and t.low not in said:
            return f"{t.low} … {mine.text}", f"{_ORDER[t.low]} … {mine.text}", t.low
    return None


def _synonyms_opposites(text: Text, i: int) -> frozenset[str]:
    """For a verb the lexicon has no line for, the opposites of its WordNet synonyms that
    have one ("backs" -> "supports", "endorses" -> "opposes"). Only a verb as written with an ending
    ("backs", "backed") and no particle after it: "pushed back" and "backed down" are others."""
    t = text.toks[i]
    if not t.low.endswith(("s", "ed", "ing")) or t.cap:
        return frozenset()
    if i + 1 < len(text.toks) and text.toks[i + 1].low in _PARTICLES:
        return frozenset()
    lex, alike = antonyms(), kin()
    # Two or more synonyms on one side of the lexicon ("backs": "supports", "endorses"), so
    # the sense is plain: a single one may be another sense ("turned" -> "grew").
    found = [s for s in verb_synonyms().get(t.stem, ()) if s in lex]
    if len(found) < 2 or not all(b in alike.get(a, ()) for a in found for b in found):
        return frozenset()
    return frozenset().union(*(lex[s] for s in found))


def _said_alike(t: Tok, near: set[str], src: Text, shared: int) -> bool:
    """Whether the cited text also says the claim's word, or a word on its side of an
    opposition ("wants" for "seeking"), about more of the same things than its opposite:
    "dropped its demand for X, but still wants Y" keeps "is seeking Y". Another word of its
    side after a determiner is a noun, what is demanded ("the demand for an end to X still
    stands"), not the stand."""
    alike = kin().get(t.stem, frozenset()) | {t.stem} | verb_synonyms().get(t.stem, frozenset())
    questioned = asked(src)  # "asked whether it had dropped the demand" says no dropping
    return any(
        u.stem in alike
        and j not in src.negated
        and j not in questioned
        and not (u.stem != t.stem and j and src.toks[j - 1].low in DETERMINERS)
        and len(near & _neighbours(src, j)) > shared
        for j, u in enumerate(src.toks)
    )


def _compared(text: Text) -> dict[str, tuple[int, str]]:
    """Stem of a word a comparative governs -> (index of the comparative, its word): "less
    winnable" -> {"winnabl": (k, "less")}."""
    out: dict[str, tuple[int, str]] = {}
    toks = text.toks
    for k, u in enumerate(toks[:-1]):
        if u.low in _COMPARATIVES and toks[k + 1].content and k not in text.negated:
            out[toks[k + 1].stem] = (k, u.low)
    return out


def _comparative_flipped(claim: Text, src: Text) -> tuple[str, str, str] | None:
    """ "More focused but less winnable" where the cited text says "more focused, and more
    winnable": the same word under opposite comparatives, whatever else each side compares.
    Also opposite comparative adjectives before "than" in clauses about the same thing ("the
    gap … is wider than it appears" / "the gap … is narrower than the exchanges suggest")."""
    wn = wordnet_antonyms()
    src_than = {u.low for k, u in enumerate(src.toks[:-1]) if src.toks[k + 1].low == "than"}
    claim_than = {u.low for k, u in enumerate(claim.toks[:-1]) if claim.toks[k + 1].low == "than"}
    for i, t in enumerate(claim.toks[:-1]):
        if claim.toks[i + 1].low != "than" or t.low not in wn or t.low in src_than:
            continue  # "fewer than X and more than Y" on both sides compares two things
        mine = sentence_stems(claim, i) - {t.stem}
        for j, u in enumerate(src.toks[:-1]):
            if u.low in claim_than or src.toks[j + 1].low != "than" or j in src.negated:
                continue
            if u.low in wn[t.low] and mine & (sentence_stems(src, j) - {u.stem}):
                return f"{t.text} than", f"{u.text} than", t.stem
    theirs = _compared(src)
    for stem_, (k, word) in _compared(claim).items():
        other = theirs.get(stem_)
        if other and other[1] in _COMPARATIVES[word]:
            nxt = claim.toks[k + 1].text
            return f"{word} {nxt}", f"{other[1]} {src.toks[other[0] + 1].text}", stem_
    return None


def _bound_word(text: Text, i: int) -> bool:
    """Whether token `i` is the "least" or "most" of a bound ("at least", "at most"), a
    comparative of a bound ("no more than 15", "15 or less"), or an adverb right before a
    figure ("roughly 1,500", "nearly half"): it sizes the figure and is no manner (WordNet's
    "rough" is the opposite of a gem's "cut")."""
    toks = text.toks
    if toks[i].low in ("least", "most") and i > 0 and toks[i - 1].low == "at":
        return True
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if toks[i].low in _BOUND_COMPARATIVES:
        # "no more than 15 percent", "15 percent or less": a bound the numbers check reads.
        after = toks[i + 2].low if i + 2 < len(toks) else ""
        if nxt == "than" and (after[:1].isdigit() or after in _NUMBER_WORDS):
            return True
        if i > 0 and toks[i - 1].low == "or":
            return True
    return toks[i].low.endswith("ly") and (nxt[:1].isdigit() or nxt in _NUMBER_WORDS)


_BOUND_COMPARATIVES = frozenset(["more", "less", "fewer", "greater", "higher", "lower"])


_RIGHTS = frozenset(["right", "rights", "freedom", "liberty"])


def _named_right(text: Text, i: int) -> bool:
    """Whether token `i` is the verb of a right ("the right to refuse", "freedom to strike"):
    it names the right, and says nothing of anyone doing it."""
    toks = text.toks
    return i >= 2 and toks[i - 1].low == "to" and toks[i - 2].low in _RIGHTS


def _word(t: Tok) -> str:
    """What the antonym check compares: a comparative itself, any other word its stem."""
    return t.low if t.low in _COMPARATIVES else t.stem


# "grants rather than loans", "grants instead of loans", "grants, not loans": the word after
# the marker is the alternative the text sets aside.
_ASIDE = (("rather", "than"), ("instead", "of"), (",", "not"))
_ADDING = frozenset(["only", "just", "merely", "simply", "solely"])
_REFUSING = frozenset(["against", "without", "no", "not", "oppos", "reject", "refus", "avoid"])


def _set_aside(src: Text) -> list[tuple[str, str, str]]:
    """(chosen stem, set-aside stem, the phrase) for each "A rather than B" of the text."""
    toks, out = src.toks, []
    for k in range(1, len(toks) - 2):
        if (toks[k].low, toks[k + 1].low) not in _ASIDE:
            continue
        if toks[k + 1].low == "not" and toks[k + 2].low in _ADDING:
            continue  # "who owns the boats, not only their names": both, none set aside
        chosen = toks[k - 1]
        j = next((j for j in range(k + 2, min(k + 5, len(toks))) if toks[j].content), None)
        if j is None:
            continue
        after = toks[j]
        if all(u.content and u.low.isalpha() and not u.cap for u in (chosen, after)):
            phrase = " ".join(u.text for u in toks[k - 1 : j + 1])
            out.append((chosen.stem, after.stem, phrase))
    return out


_TIME_UNITS = frozenset(section("english.txt", "time_units"))


def _time_word(text: Text, i: int) -> bool:
    """Whether "last", "first" or "next" at `i` says when ("last year", "the first week"):
    a time, not an order opposed to another ("a year later than first planned"), or "fall"
    is "fall short of" (too little, not a decline)."""
    nxt = text.toks[i + 1].low.removesuffix("s") if i + 1 < len(text.toks) else ""
    short = (
        nxt == "short" and stem(irregular_verbs().get(text.toks[i].low, text.toks[i].low)) == "fall"
    )
    return short or (text.toks[i].low in ("last", "first", "next") and nxt in _TIME_UNITS)


def check_alternative(claim: Text, ev: Evidence) -> Verdict | None:
    """The alternative the cited text sets aside, said by the claim in place of the one it
    chose ("delivered as loans" where the text wants "grants rather than loans")."""
    stems = {t.stem for t in claim.toks}
    toks = claim.toks
    if claim.cues or any((t.low, u.low) in _ASIDE for t, u in pairwise(toks)):
        return None  # the claim weighs alternatives or denies something itself
    for chosen, aside, phrase in _set_aside(ev.cited):
        if chosen in stems:
            continue
        for i, t in enumerate(toks):
            if t.stem != aside or not t.content:
                continue  # (a function word shares no alternative: "on" is not "one")
            if any(u.stem in _REFUSING or u.low in _REFUSING for u in toks[:i]):
                continue  # "rejects the idea that … wants a discount": set aside too
            return Verdict(
                "contradicted",
                f"the claim says '{t.text}', which the cited text sets aside ('{phrase}')",
                "antonyms",
                about=t.stem,
            )
    return None


STILL_REACH = 4  # content words after "still" or "no longer" that say what still holds


def _after_words(text: Text, i: int) -> set[str]:
    """Content stems after position `i`, up to STILL_REACH, to the clause's end."""
    out: set[str] = set()
    for u in text.toks[i + 1 :]:
        if u.punct or len(out) >= STILL_REACH:
            break
        if u.content and u.low not in ("longer", "still"):
            out.add(u.stem)
    return out


def _still_and_over(text: Text) -> tuple[list[set[str]], list[set[str]]]:
    """What a text says still holds ("is still our policy") and what no longer does ("is no
    longer union policy"), each as the words after it."""
    toks = text.toks
    still = [_after_words(text, i) for i, t in enumerate(toks) if t.low == "still"]
    over = [
        _after_words(text, i + 1)
        for i, t in enumerate(toks[:-1])
        if t.low == "no" and toks[i + 1].low == "longer"
    ]
    return still, over


def check_still(claim: Text, ev: Evidence) -> Verdict | None:
    """ "is no longer union policy" where the cited text says "it is still our policy" (or
    the other way round): a stand kept and one given up, said of the same thing (hard)."""
    c_still, c_over = _still_and_over(claim)
    if not c_still and not c_over:
        return None
    s_still, s_over = _still_and_over(ev.cited)
    for mine, theirs, said in ((c_over, s_still, "still"), (c_still, s_over, "no longer")):
        for m in mine:
            if any(m & t for t in theirs):
                shown = "no longer" if said == "still" else "still"
                return Verdict(
                    "contradicted",
                    f"the claim says '{shown}', the cited text says '{said}'",
                    "antonyms",
                    about="still",
                )
    return None
