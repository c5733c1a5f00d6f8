"""Meaning-level support: does the cited text say what the claim says?

The verifier proves that a quote is real and that the claim shares its content words
(`verify.py`). Shared words are not shared meaning: "the board did not approve the plan"
shares every word of "the board approved the plan". This module reads a claim next to the text it cites
and the cited documents' metadata, and returns `supported`, `unsupported` or
`contradicted` with a reason an analyst can read. It is pure (no I/O, no model),
deterministic, and a few hundred microseconds a claim.

Each check is a small function over two tokenized texts; the first to object decides:

* numbers: years, amounts, percentages, months and number words in the claim must be
  in the cited text (a different one of the same kind contradicts);
* negation: a negated predicate on one side only (not, never, n't, no, without, fail to,
  refuse to, avoid, un-/non- words ...), judged on the head word the negation governs,
  so a claim that keeps the source's own negation in other words passes;
* antonyms: a word of intent, stance or change whose opposite (package lexicon
  `data/antonyms.txt`) the cited text uses about the same thing;
* names: capitalised names, titles and nationality words bound to a name must be in the
  cited text, its surrounding sentences, or the document's author, outlet or title;
* attribution: "according to X", "X writes/says/argues ...", "X (Outlet): \"...\"" needs X
  to be the author or outlet, or a speaker the cited text names;
* roles: the same two actors around the same verb with their roles reversed contradicts;
  another named actor doing what the cited text says someone else did is unsupported;
* hedges: a proposition the source only reports as someone's claim, hope, belief or fear,
  stated as fact;
* misattributed: words the cited sentence gives to one person, given to another;
* office holder: an office ("Vice Minister of Commerce") given to another person than the
  one the cited documents give it to;
* slots: a participant the cited text names, put after the same word and preposition
  where the cited text has someone else ("support for trawler owners" / "for coastal vessels");
* merged: parties said to agree where the cited text has one dispute the point, or where
  two cited documents say opposite things of it;
* victim: another people at the receiving end of the same verb;
* told: the one a claim says was told is the cited text's teller of the same verb;
* description: an apposition after a person's name that no sentence naming them holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from briefing.text.lexicons import section
from briefing.text.textnorm import LIST_ITEM, stem
from briefing.verification.checks.accomplished import check_accomplished
from briefing.verification.checks.additions import check_added, check_time
from briefing.verification.checks.addressees import check_addressees
from briefing.verification.checks.agents import check_by_agents
from briefing.verification.checks.agreement import says_they_agree
from briefing.verification.checks.antonyms import check_alternative, check_antonyms, check_still
from briefing.verification.checks.attribution import check_attribution
from briefing.verification.checks.beneficiary import (
    check_beneficiary,
    check_benefit_object,
    check_excluded,
    check_purpose,
    check_recipient,
    check_unnamed_gainer,
)
from briefing.verification.checks.certainty import check_certainty
from briefing.verification.checks.conditional import check_condition_dropped
from briefing.verification.checks.conditions import asked
from briefing.verification.checks.definite_roles import check_definite_roles
from briefing.verification.checks.denial import (
    check_denied,
    check_doubted,
    check_merged,
)
from briefing.verification.checks.descriptions import check_description
from briefing.verification.checks.direction import check_direction
from briefing.verification.checks.exchange import check_exchange
from briefing.verification.checks.figures_apart import figures_apart
from briefing.verification.checks.hedges import check_hedges
from briefing.verification.checks.interviewer import check_interviewer
from briefing.verification.checks.misattributed import check_misattributed
from briefing.verification.checks.names import check_names, check_nationality, check_victim
from briefing.verification.checks.numbers import check_numbers
from briefing.verification.checks.officials import check_office_holder
from briefing.verification.checks.overreach import check_overreach
from briefing.verification.checks.polarity import check_negation
from briefing.verification.checks.recipients import check_told
from briefing.verification.checks.roles import check_crossed, check_roles
from briefing.verification.checks.slots import check_places, check_pronoun_subject, check_slots
from briefing.verification.checks.unnamed import check_unnamed_speaker
from briefing.verification.evidence import SUPPORTED, CitedText, Verdict, list_item, make_evidence
from briefing.verification.lexicon import antonyms, stance
from briefing.verification.names import capitalised, lowercase_stems
from briefing.verification.tokens import FINITE, SPEECH_STEMS, analyze

CHECKS = (
    check_numbers,
    check_time,
    check_negation,
    check_denied,
    check_doubted,
    check_excluded,
    check_antonyms,
    check_alternative,
    check_still,
    check_beneficiary,
    check_benefit_object,
    check_recipient,
    check_unnamed_gainer,
    check_purpose,
    check_merged,
    check_attribution,  # before names: its reason says who the author and outlet are
    check_misattributed,
    check_interviewer,
    check_unnamed_speaker,
    check_names,
    check_office_holder,
    check_nationality,
    check_victim,
    check_roles,
    check_crossed,
    check_direction,
    check_definite_roles,
    check_told,
    check_addressees,
    check_by_agents,
    check_slots,
    check_places,
    check_pronoun_subject,
    check_accomplished,
    check_certainty,
    check_condition_dropped,
    check_overreach,
    check_hedges,
    check_exchange,
    check_added,
    check_description,
)


def findings(claim: str, sources: Sequence[CitedText]) -> list[Verdict]:
    """Every objection of the checks to `claim` read against all its citations together."""
    if not sources:
        return [Verdict("unsupported", "the claim has no located citation", "citations")]
    c = analyze(claim)
    ev = make_evidence(sources)
    ev.known |= capitalised(c)
    ev.common |= lowercase_stems(c)
    found = [v for check in CHECKS if (v := check(c, ev)) is not None]
    apart = None if found else _sources_apart(claim, sources)
    return [apart] if apart is not None else found


def assess(claim: str, sources: Sequence[CitedText]) -> Verdict:
    """Whether the cited texts carry `claim`: a hard finding decides first, then a soft one."""
    found = findings(claim, sources)
    hard = [v for v in found if v.hard]
    return (hard or found or [SUPPORTED])[0]


def _sources_apart(claim: str, sources: Sequence[CitedText]) -> Verdict | None:
    """Sources a claim says agree ("according to both", "both report") whose cited texts say
    opposite things of the same proposition, read as the disagreement labels of merged
    judgments read them (`contradicts`): the claim takes one side and cites both."""
    by_doc: dict[str, list[CitedText]] = {}
    for s in sources:
        by_doc.setdefault(s.doc, []).append(s)
    if len(by_doc) < 2 or not says_they_agree(analyze(claim)):
        return None
    texts = [
        (doc, CitedText(" ".join(_as_read(s) for s in group), doc=doc, context=group[0].context))
        for doc, group in by_doc.items()
    ]
    for n, (doc, a) in enumerate(texts):
        for other, b in texts[n + 1 :]:
            if contradicts(a.text, b) or contradicts(b.text, a):
                return Verdict(
                    "unsupported",
                    f"the claim has its sources agree; {doc} and {other} say opposite things",
                    "merged",
                    hard=False,
                )
    return None


_ASIDE_OPENERS = frozenset(section("english.txt", "subordinate")) | {"which", "who", "that"}


def _as_read(s: CitedText) -> str:
    """A cited text as the comparison of sources reads it: an item of a numbered or bulleted
    list with no verb of its own ("4. A 10% equity stake for workers") is what the list's
    issuer asks for, so it reads as wanted ("They want a 10% equity stake for workers"),
    whatever an aside after it adds ("…, as the unions have demanded since 2023")."""
    if not list_item(s):
        return s.text
    item = LIST_ITEM.sub("", s.text).strip()
    for tok in analyze(item).toks:
        if tok.low in _ASIDE_OPENERS:
            break  # "…, as the unions have demanded since 2023": an aside's verb
        if tok.low in FINITE:
            return s.text  # a sentence of its own ("No vessel … shall receive …")
    return f"They want {item[:1].lower()}{item[1:]}" if item else s.text


# The checks whose finding, between two sources, is a disagreement: a flipped polarity. A
# name or number one article has and another lacks is two articles, not two readings.
DISAGREEING_CHECKS = frozenset(["negation", "antonyms"])


def contradicts(text: str, other: CitedText, *, figures: bool = False) -> bool:
    """Whether `text` and `other` say opposite things about the same proposition (with
    `figures`, also whether they give one thing two figures: two sources' sentences, where a
    claim citing both need not state the figure they differ on).

    Every finding counts, not only the first: two articles that differ in a figure and flip a
    direction ("cut tariffs to 10%" / "raising tariffs to 50%") still disagree. Between two
    articles a flip counts only about the proposition itself: a negated verb of speech
    ("declined to say whether") reports what someone would not say, and a text that uses
    both directions ("tariff cuts ... if imports rise") is flipped by neither.
    """
    if _flipped(text, other):
        return True
    if figures and figures_apart(analyze(text), analyze(other.text)):
        return True  # "an assembly on April 9" / "an assembly … on April 11"
    # "The state should take a stake" demands it, as "they want the state to take a stake"
    # does: against "dropped its demand that the state take a stake" it is the other side.
    theirs = [replace(other, text=t) for t in _demands_of(other.text)]
    return any(_flipped(t, other) for t in _demands_of(text)) or any(
        _flipped(text, o) for o in theirs
    )


_OUGHT = re.compile(r"^(?P<subj>.+?)\s+(?:should|must)\s+(?!not\b|never\b)(?P<rest>.+)$")


def _demands_of(text: str) -> list[str]:
    """Each clause of `text` that says what someone should or must do ("the state should take
    a minority stake"), read as the demand it states ("They want the state to take a minority
    stake"). Not a question's or condition's inverted "Should the owners proceed"."""
    out = []
    for clause in re.split(r"[.;:,]\s+", text):
        m = _OUGHT.match(clause.strip())
        if m and not clause.strip().startswith(("Should", "Must")):
            out.append(f"They want {m['subj']} to {m['rest'].rstrip('.')}.")
    return out


def _flipped(text: str, other: CitedText) -> bool:
    """The findings of `contradicts` for one reading of the two texts."""
    both = _both_directions(text) or _both_directions(other.text)
    return any(
        v.label == "contradicted"
        and v.check in DISAGREEING_CHECKS
        and v.about not in SPEECH_STEMS
        # A reporting word flips only against itself: "not more promises" is no denial of
        # another text's "announced" (the negation check reads them as one verb of report).
        and not (v.about in stance("reporting") and not _in_both(v.about, text, other.text))
        and not (v.check == "negation" and not _same_object(v.about, text, other.text))
        and not (v.check == "antonyms" and both)
        and not (v.check == "antonyms" and _located_apart(v.about, text, other.text))
        and not (_circumstance(v.about, text) or _circumstance(v.about, other.text))
        for v in findings(text, [other])
    )


# Words that say where something is ("concessions inside protected areas", "a site outside
# them"): opposite only when said of the same thing.
_LOCATING = frozenset(stem(w) for w in section("english.txt", "locating"))


def _located_apart(about: str, a: str, b: str) -> bool:
    """Whether an opposite of place is said of different things in the two texts: the word
    before "inside" in one ("concessions") is not the word before "outside" in the other ("a
    site of equivalent capacity"). A relocation's new site outside a park does not deny that
    the old concessions are inside it."""
    if about not in _LOCATING:
        return False

    def located(text: str) -> set[str]:
        toks = analyze(text).toks
        return {toks[i - 1].stem for i, t in enumerate(toks) if i and t.stem in _LOCATING}

    mine, theirs = located(a), located(b)
    return bool(mine) and bool(theirs) and not mine & theirs


OBJECT_REACH = 6  # content words after a negated word that say what it is about


def _same_object(stem_: str, a: str, b: str) -> bool:
    """Whether the two texts use the word about the same thing: some word (not a name) that
    follows it in one follows it in the other. "do not want Ukraine kept out of the Union" and
    "we want Ukraine's membership talks to include a transition" want different things."""

    def objects(text: str) -> set[str]:
        toks = analyze(text).toks
        out: set[str] = set()
        for i, t in enumerate(toks):
            if t.stem == stem_:
                out |= {
                    u.stem for u in toks[i + 1 : i + 1 + OBJECT_REACH] if u.content and not u.cap
                }
        return out

    mine, theirs = objects(a), objects(b)
    return not mine or not theirs or bool(mine & theirs)


def _in_both(stem_: str, a: str, b: str) -> bool:
    return stem_ in analyze(a).stems and stem_ in analyze(b).stems


# Prepositions that open a circumstance: "fines for failing to sell", "the cost of selling".
_CIRCUMSTANCE_PREPS = frozenset(section("english.txt", "circumstance_preps"))


def _circumstance(about: str, text: str) -> bool:
    """Whether every use of the stem `about` in `text` sits in a gerund after a preposition.

    "They fear fines for failing to sell enough" asserts a fear of fines, not that anyone
    failed to sell; "the cost of selling cars" asserts nothing about selling either. A flip
    there is not two sources saying opposite things (between two sources only: a claim is
    still checked word by word against its citation).
    """
    analysed = analyze(text).toks
    toks = [t.low for t in analysed]
    stems = [t.stem for t in analysed]
    uses = [i for i, s in enumerate(stems) if s == about]
    if not uses:
        return False

    def embedded(i: int) -> bool:
        # "of selling" / "for failing to sell" / "for not selling"
        j = i - 1
        if j >= 0 and toks[j] == "to" and j >= 1 and toks[j - 1].endswith("ing"):
            j -= 2
        elif toks[i].endswith("ing"):
            pass
        else:
            return False
        while j >= 0 and toks[j] in ("not", "never"):
            j -= 1
        return j >= 0 and toks[j] in _CIRCUMSTANCE_PREPS

    return all(embedded(i) for i in uses)


def _both_directions(text: str) -> bool:
    """Whether a text holds a word and one of its opposites (the directions of the antonym
    lexicon written for briefing, not WordNet's adjectives: "crude" beside "refiners")."""
    read = analyze(text)
    questioned = asked(read)  # what a question asks about is not said either way
    stems = {t.stem for i, t in enumerate(read.toks) if t.content and i not in questioned}
    table = antonyms()
    return any(table.get(s, frozenset()) & stems for s in stems)
