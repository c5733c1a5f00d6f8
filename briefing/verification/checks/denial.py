"""Denials: a cited sentence that denies what the claim asserts, and a disagreement merged
into agreement."""

from __future__ import annotations

from typing import NamedTuple

from briefing.text.lexicons import section
from briefing.text.textnorm import stem
from briefing.verification.checks.agreed_figures import clip, figure_apart, month_apart
from briefing.verification.checks.agreement import _TALLIES, says_they_agree
from briefing.verification.checks.antonyms import check_antonyms
from briefing.verification.checks.conditions import asked, condition_zone, in_condition
from briefing.verification.checks.denying import denying_verb, reported_ellipsis
from briefing.verification.checks.negated_objects import sets_aside
from briefing.verification.checks.polarity import (
    _CLAUSE_END,
    _scope_stems,
    _unmatched_negation,
)
from briefing.verification.checks.quantities import numbers_at
from briefing.verification.evidence import Evidence, Verdict, list_item, make_evidence
from briefing.verification.lexicon import actor_noun, aliases, kin, stance
from briefing.verification.names import DIVERGE
from briefing.verification.tokens import (
    _BE,
    _NOT_NEGATING_NEXT,
    DETERMINERS,
    FRAME_STEMS,
    SPEECH_STEMS,
    Text,
    Tok,
    analyze,
    figure_bound,
    no_duty,
)


class _Denied(NamedTuple):
    """One clause after an explicit not/no/never/n't."""

    stems: set[str]  # its content stems, names left out
    predicate: set[str]  # the stems of its first two content words: what is denied
    figures: set[str]  # the figures it holds ("never asked for 10 percent": "10")
    conditional: bool  # the negation stands in a condition ("if no reply is received")
    # What an "unless" after it asks for ("will not endorse it unless Santiago guarantees
    # binding limits"): the condition, which the denial does not deny.
    condition: frozenset[str] = frozenset()


def _denied_clauses(text: Text) -> list[_Denied]:
    """For each clause after an explicit not/no/never/n't: what it denies (not what a question
    in it asks about: "not over whether proof is needed" denies no need)."""
    toks, out = text.toks, []
    questioned = asked(text)
    for i, t in enumerate(toks):
        nxt = toks[i + 1].low if i + 1 < len(toks) else ""
        if not (t.low in ("not", "no", "never", "nor") or t.low.endswith("n't")):
            continue
        if nxt in _NOT_NEGATING_NEXT or i in text.cancelled:
            continue
        if no_duty(toks, i) or figure_bound(toks, i):
            continue  # "should not have to wait" says they wait; "no more than 40" bounds
        stems: set[str] = set()
        first: list[str] = []
        figures: set[str] = set()
        condition: frozenset[str] = frozenset()
        for k, u in enumerate(toks[i + 1 :], start=i + 1):
            if u.text in _CLAUSE_END or u.low in ("but", "while", "whereas", "although"):
                break
            if u.low == "unless":
                # "will not endorse the deal unless Santiago guarantees limits": a condition
                condition = _clause_stems(toks, k + 1)
                break
            if toks[k - 1].low == "and" and (
                u.stem in stance("intent")
                or u.stem in SPEECH_STEMS
                or u.low == "that"
                or t.low == "no"  # "would do no harm and real good": "no" denies one noun
            ):
                # "are not seeking to stop it and hope the government will", "had not received
                # the paper and that it would …": a new verb or a new reported clause
                break
            if k in questioned:
                continue
            if u.low[:1].isdigit():
                figures.add(u.low)
            elif u.content:
                if len(first) < 2:
                    first.append(u.stem)
                if not u.cap:
                    stems.add(u.stem)
        out.append(_Denied(stems, set(first), figures, in_condition(toks, i), condition))
    return out


def _clause_stems(toks: list[Tok], start: int) -> frozenset[str]:
    """Content stems from `start` to the end of the clause, names left out."""
    out = set()
    for u in toks[start:]:
        if u.text in _CLAUSE_END or u.low in ("but", "while", "whereas", "although"):
            break
        if u.content and not u.cap:
            out.add(u.stem)
    return frozenset(out)


def _asserted(text: Text) -> set[str]:
    """Content stems of `text` that no negation of its own reaches (to the clause's end)."""
    reached: set[str] = set().union(*(d.stems for d in _denied_clauses(text)))
    for cue, _head in text.cues:
        reached |= _scope_stems(text, cue)
        for u in text.toks[cue + 1 :]:  # "without joint-venture or technology-transfer terms"
            if u.text in _CLAUSE_END or u.low in ("but", "while", "whereas", "although"):
                break
            if u.content:
                reached.add(u.stem)
    # What an indirect question asks about ("whether relief counts") is not asserted either.
    reached |= {text.toks[i].stem for i in asked(text)}
    reached |= {text.toks[i].stem for i in text.negated}  # "No ship, …, shall receive a berth"
    return {t.stem for t in text.toks if t.content and not t.cap} - reached


def _agents_only(text: Text) -> set[str]:
    """Stems `text` has only as nouns of the one who acts ("negotiator Bekele": "negoti")."""
    agents = {t.stem for t in text.toks if _agent_noun(t)}
    return agents - {t.stem for t in text.toks if t.content and not _agent_noun(t)}


def _agent_noun(t: Tok) -> bool:
    """Whether a word names someone by what they do ("negotiator", "exporters") where its
    stem is a verb's too ("negoti"): the person, not the act."""
    return actor_noun(t.low) and t.low.endswith(("or", "ors", "er", "ers"))


_UNCHANGED = frozenset(section("english.txt", "unchanged_words"))


_RELUCTANT = frozenset(section("english.txt", "reluctance"))


def _denial_zones(text: Text, content: frozenset[str] = frozenset()) -> set[str]:
    """Content stems of every clause of `text` that holds a negation of its own (a cue, or a
    verb that denies: "doubts", "waive"), whichever side of the cue they stand on ("the ban
    is not the cause"). A denying verb among `content` (what a cited denial denies: "not
    asking for the buybacks to be scrapped") is that content, not a denial of it."""
    toks, out = text.toks, set()
    cues = {c for c, _ in text.cues} | {
        i
        for i, t in enumerate(toks)
        if t.low in ("not", "no", "never", "nor", "nothing", "none", "nobody", "neither")
        or t.low.endswith("n't")
        or (denying_verb(toks, i) and t.stem not in content)
        # "called the demand unrealistic", "contrary to reports that it was dropped"
        or t.stem in stance("falsehood")
        or t.low == "contrary"  # not every word of disputing: "threatens a formal dispute"
        or t.low in _UNCHANGED  # "leaving the grant terms untouched": no change to them
        or t.low in _RELUCTANT  # "may be wary of being seen to abandon it": no wish to
    }
    for c in cues:
        lo = c
        # A denying verb governs what follows it ("called on them to reject the deal" keeps
        # no denial of the call); a negation, its whole clause ("the ban is not the cause").
        # A passive denying verb ("the call was struck out") denies its subject, before it.
        passive = c > 0 and toks[c - 1].low in _BE and denying_verb(toks, c)
        while (  # (not for "rather than months": it denies the months, not the clause)
            not sets_aside(text, c)
            and lo > 0
            and not _zone_end(toks[lo - 1])
            and (toks[c].stem in stance("cessation") or passive or not denying_verb(toks, c))
        ):
            lo -= 1  # what ends is the clause's ("wants the probe ended"), before it too
            if passive and lo > 1 and toks[lo - 1].text == ",":
                # Past an aside to the subject: "the call, present in earlier drafts, was
                # struck out".
                opening = next(
                    (k for k in range(lo - 2, 0, -1) if toks[k].text == "," or _zone_end(toks[k])),
                    None,
                )
                if opening is not None and toks[opening].text == ",":
                    lo = opening
        hi = c
        while hi + 1 < len(toks) and not _zone_end(toks[hi + 1]):
            hi += 1
        out |= {u.stem for u in toks[lo : hi + 1] if u.content and not u.cap}
    return out


def _wished(text: Text) -> set[str]:
    """Content stems a word of intent governs, to the clause's end ("call for the government
    to press for the ban to be lifted"): what the text wants, not what it says is so."""
    toks, out = text.toks, set()
    for i, t in enumerate(toks):
        if t.stem not in stance("intent"):
            continue
        for u in toks[i + 1 :]:
            if _zone_end(u):
                break
            if u.content:
                out.add(u.stem)
    return out


def _zone_end(t: Tok) -> bool:
    return t.text in _CLAUSE_END or t.low in ("but", "while", "whereas", "although", "though")


CONDITION_SAID = 2  # words of an "unless" condition a claim that restates it holds
DENIED_WORDS = 2  # a claim's words that a cited denial holds before it asserts what is denied
DENIED_ALONE = 4  # as many shared words carry a denial even where its verb is worded otherwise


def check_denied(claim: Text, ev: Evidence) -> Verdict | None:
    """A cited sentence denies what the claim asserts ("China is not asking for the most advanced
    AI processors" behind "Beijing is after the most advanced AI processors"): a claim that
    merges a denial with an assertion into agreement, or drops a denial said in other words.
    """
    if reported_ellipsis(claim):
        return None  # "…, a METI official says it has not": the claim reports the denial
    asserted = _asserted(claim)
    near = kin()
    wishes = stance("intent")
    toks = claim.toks
    if any(
        t.low == "after" and i and toks[i - 1].low in ("is", "are", "was", "were", "'s")
        for i, t in enumerate(toks)
    ):
        asserted = asserted | {"want"}  # "Beijing is after X" is "Beijing wants X"
    # The claim's own denial of the same thing, in other words, keeps the cited one ("is not
    # seeking the abolition of the goal" for "does not want the goal scrapped").
    wished = _wished(claim)
    figures = {t.low for t in toks if t.low[:1].isdigit()}
    agents = _agents_only(claim)
    conditional = any(t.low in ("if", "unless") for t in toks) or bool(condition_zone(claim))
    for s in ev.sources:
        cited = analyze(s.text)
        their_agents = _agents_only(cited)
        for denied, predicate, theirs, conditioned, condition in _denied_clauses(cited):
            if len(condition & asserted) >= CONDITION_SAID:
                continue  # the claim restates the condition ("as the price of endorsing it")
            if theirs and figures and not theirs & figures:
                continue  # "never asked for 10 percent" is not "seeking 5 percent" denied
            if conditioned and conditional:
                # "a dispute if no credible reply comes" is "a dispute unless a reply comes":
                # a condition each states, which neither asserts.
                continue

            # A word the lexicon lists beside another counts as it ("isn't ready for talks"
            # denies "eager for talks"); so does any word of intent for another ("is not
            # asking for X" denies "wants X").
            def said(w: str) -> bool:
                return (
                    w in asserted
                    or bool(near.get(w, frozenset()) & asserted)
                    or (w in wishes and bool(asserted & wishes))
                )

            shared = {w for w in denied if said(w)}
            # A noun of the one who acts ("negotiator Bekele") asserts no act the cited text
            # denies ("would not negotiate"); the same noun on both sides is the same word.
            shared -= agents - their_agents
            saying = predicate & (SPEECH_STEMS | stance("reporting") | stance("mention"))
            if saying and not saying & asserted:
                continue  # "the list does not repeat the call for X": an omission, not X denied
            if _GIVEN_UP in predicate and asserted & (wishes | {_KEPT}):
                continue  # "never withdrawn the idea" keeps what "the idea remains alive" says
            if predicate & _AGREEING:
                # "does not share the view of some traders that …": what is denied is siding
                # with them ("like some traders, sees …"), not that they hold the view.
                if not _sides_with(claim, denied):
                    continue
                shared |= predicate & _AGREEING
            if not denied & wishes and not any(near.get(w, frozenset()) & wishes for w in denied):
                # A denied fact ("has shown no sign of lifting its ban") does not deny a wish
                # ("press for the ban to be lifted"): what the claim only wants is not asserted.
                shared -= wished
            kept = _denial_zones(claim, frozenset(denied))
            if any(
                w in kept
                or bool(near.get(w, frozenset()) & kept)
                or (w in wishes and bool(kept & wishes))
                for w in shared | (predicate & denied)
            ):
                continue
            if predicate & wishes and not any(said(w) for w in predicate):
                # "would not seek changes to the ten-year bar" denies a wish, not the bar: a
                # claim that the bar is reasonable shares its words and asserts no such wish.
                continue
            # What is denied is the predicate ("not stretched to … spare parts"): sharing only
            # its objects ("spare parts go against the truce") is no contradiction.
            if len(shared) >= DENIED_WORDS and (
                any(said(w) for w in predicate)
                or bool(predicate & _AGREEING & shared)
                or len(shared) >= DENIED_ALONE
            ):
                return Verdict(
                    "contradicted",
                    f"{s.doc or 'a cited text'} denies what the claim asserts"
                    f" ({', '.join(sorted(shared))}): '{clip(s.text)}'",
                    "negation",
                )
    return None


# What follows a verb of disputing and is the disputed proposition: "denies that …", "doubts
# whether …", "rejects the idea that …" (at most this many words between verb and "that").
_PROPOSITION = frozenset(["that", "whether", "if"])
DOUBT_REACH = 3
DOUBTED_SHARE = 0.6  # of the disputed proposition's words a cited clause asserts un-negated


def check_doubted(claim: Text, ev: Evidence) -> Verdict | None:
    """The claim disputes a proposition ("X doubts that the levy is workable", "X denies that
    the crews were ever at risk") that the cited text asserts with no negation, doubt or word
    of falsehood anywhere: the claim's speaker is made to deny what the source says is so."""
    cited_words = {t.stem for t in ev.cited.toks} | {t.low for t in ev.cited.toks}
    if cited_words & (stance("dispute") | stance("denial") | stance("falsehood")):
        return None  # the cited text disputes something itself: the claim may report that
    cited = ev.cited.toks
    if any(
        u.stem in stance("belief_doubted")
        and any(w.stem in stance("belief") for w in cited[k + 1 : k + 3])
        for k, u in enumerate(cited)
    ):
        return None  # "I am less persuaded that …": a belief held with doubt
    if any(cited[head].stem in _REBUTTING for _cue, head in ev.cited.cues):
        return None  # "Some say P. I don't agree.": the cited text rebuts P itself
    toks = claim.toks
    for i, t in enumerate(toks):
        if t.stem not in stance("dispute") or t.punct:
            continue
        start = next(
            (
                k + 1
                for k in range(i + 1, min(len(toks), i + 2 + DOUBT_REACH))
                if toks[k].low in _PROPOSITION
            ),
            None,
        )
        if start is None or any(_new_verb(u) for u in toks[i + 1 : start - 1]):
            # "denies them access", "disputes the figure": no proposition; "rejected it,
            # warning that …": the proposition is the warning's
            continue
        clause: list[Tok] = []
        for u in toks[start:]:
            if _zone_end(u):
                break
            clause.append(u)
        if any(
            k in claim.negated or k in claim.cancelled for k in range(start, start + len(clause))
        ):
            continue  # "denies that the crews were not paid": a double negation, read elsewhere
        said = {u.stem for u in clause if u.content and not u.cap and u.stem not in FRAME_STEMS}
        if len(said) < 2:
            continue
        for s in ev.sources:
            text = analyze(s.text)
            plain = {u.stem for u in text.toks if u.content} - _denial_zones(text)
            plain -= {text.toks[k].stem for k in asked(text)}
            shared = said & plain
            if len(shared) >= max(2, DOUBTED_SHARE * len(said)):
                return Verdict(
                    "contradicted",
                    f"the claim says '{t.text}' of what {s.doc or 'the cited text'} asserts"
                    f" ({', '.join(sorted(shared))}): '{clip(s.text)}'",
                    "negation",
                )
    return None


# Verbs of holding a view whose negation rebuts one ("I don't agree", "nobody believes it").
_REBUTTING = frozenset(stem(w) for w in section("english.txt", "rebuttal_verbs"))


def _new_verb(t: Tok) -> bool:
    """A token that ends a verb's reach to its "that": punctuation or another verb."""
    return t.punct or t.stem in SPEECH_STEMS or t.stem in FRAME_STEMS or t.low.endswith("ing")


# Verbs of siding with a view: denied ("do not share the view of X that …"), the speaker
# disowns what follows.
_AGREEING = frozenset(["share", "agre", "endors", "concur"])


def _sides_with(claim: Text, denied: set[str]) -> bool:
    """Whether the claim has its speaker side with a party the denied clause names: "like
    some traders", "as some traders do", or a verb of agreeing of its own."""
    toks = claim.toks
    for i, t in enumerate(toks):
        if t.stem in _AGREEING and not t.punct:
            return True
        if t.low == "like" and any(u.stem in denied for u in toks[i + 1 : i + 4] if u.content):
            return True
    return False


_GIVEN_UP = stem("abandon")  # what tokens make of every verb of giving a stand up
_KEPT = stem("maintain")  # and of a stand kept ("still stands", "remains alive")
DISPUTE_REACH = 5  # words from a party's name to the word that disputes


def check_merged(claim: Text, ev: Evidence) -> Verdict | None:
    """A disagreement merged into agreement: "the VDFH and the Commission both reckon €9
    billion" where the cited text says the Commission "called [the figure] exaggerated"."""
    if not any(
        t.low in stance("agreeing") or t.stem in stance("agreeing") for t in claim.toks
    ) and not says_they_agree(claim):
        return None
    if any(t.low in DIVERGE or t.low == "whereas" for t in claim.toks):
        return None  # "Views diverge: …, whereas …": the claim keeps the disagreement
    if any(t.stem in stance("dispute") for t in claim.toks):
        return None  # the claim keeps the dispute
    mine = {n.key for n in ev.names_in(claim)}
    for s in ev.sources:
        text = analyze(s.text)
        toks = text.toks
        for n in ev.names_in(text):
            if n.key not in mine:
                continue
            for u in toks[n.end : n.end + DISPUTE_REACH]:
                if u.text in (".", ";"):
                    break
                if u.stem in stance("dispute"):
                    return Verdict(
                        "unsupported",
                        f"the claim has the parties agree; in the cited text"
                        f" {' '.join(n.words).title()} '{u.text}' it",
                        "merged",
                        hard=False,
                    )
    return (
        figure_apart(claim, ev)
        or month_apart(claim, ev)
        or _figure_disputed(claim, ev)
        or _polarity_apart(claim, ev)
        or _listed_still(claim, ev)
    )


LISTED_WORDS = 2  # words of the given-up demand a list item holds to be that demand


def _listed_still(claim: Text, ev: Evidence) -> Verdict | None:
    """Parties said to agree that a demand was given up, one of them a list of demands that
    still states it ("have dropped their call for an interim review, as both the note and the
    published demands show", the demands' item 6 being that review)."""
    toks = claim.toks
    # A verb of giving up with what it gives up after it ("dropped their call"), not an
    # adjective ("abandoned military sites").
    at = next(
        (
            i
            for i, t in enumerate(toks)
            if t.stem == _GIVEN_UP and any(u.low in DETERMINERS for u in toks[i + 1 : i + 3])
        ),
        None,
    )
    if at is None or not says_they_agree(claim):
        return None
    demand: set[str] = set()
    for u in toks[at + 1 :]:
        if _zone_end(u):
            break
        if u.content and not u.cap:
            demand.add(u.stem)
    for s in ev.sources:
        if not list_item(s):
            continue
        item = analyze(s.text)
        if any(denying_verb(item.toks, k) for k in range(len(item.toks))):
            continue  # an item that itself gives something up or denies it
        # Words it states, not ones it negates ("… chosen by the unions rather than by the
        # government": the government is not what it asks for).
        shared = demand & {
            u.stem for k, u in enumerate(item.toks) if u.content and k not in item.negated
        }
        if len(shared) >= LISTED_WORDS:
            return Verdict(
                "unsupported",
                f"the claim has the parties agree it was given up; {s.doc or 'a cited list'}"
                f" still lists it: '{clip(s.text)}'",
                "merged",
                hard=False,
            )
    return None


def _dispute_noun(toks: list[Tok], i: int) -> bool:
    """Whether the word of disputing at `i` is a noun a determiner opens, with only words for
    things between ("to settle the forest-zone disputes that block …"), not a verb after its
    subject ("the ministry disputes the figure": a body acts)."""
    for k in range(i - 1, max(-1, i - 4), -1):
        u = toks[k]
        if u.low in DETERMINERS:
            return k < i - 1  # "the disputes" alone may be either; a modifier makes it a noun
        if not u.content or u.cap or (k == i - 1 and actor_noun(u.low)):
            return False  # "the ministry disputes": a body right before it is its subject
    return False


def _figure_disputed(claim: Text, ev: Evidence) -> Verdict | None:
    """Parties said to agree on a figure a cited sentence disputes: "both put the number at
    200,000" where one says "the estimate of 200,000 … is, in my view, too high"."""
    if not says_they_agree(claim):
        return None
    mine = {v for _, _, v, _ in numbers_at(claim)}
    for s in ev.sources:
        text = analyze(s.text)
        if not any(v in mine for _, _, v, _ in numbers_at(text)):
            continue
        toks = text.toks
        for i, t in enumerate(toks):
            too = t.low == "too" and i + 1 < len(toks) and toks[i + 1].content
            if too or (t.stem in stance("dispute") and not _dispute_noun(toks, i)):
                word = f"too {toks[i + 1].text}" if too else t.text
                return Verdict(
                    "unsupported",
                    f"the claim has the parties agree on a figure {s.doc or 'a cited text'}"
                    f" calls '{word}'",
                    "merged",
                    hard=False,
                )
    return None


def _polarity_apart(claim: Text, ev: Evidence) -> Verdict | None:
    """Parties said to agree where one party's own cited text says the opposite: "Prado and
    Tavares both call it a priority rather than a condition" where Tavares says "for us it
    is a condition". Read against each cited text alone, not the union (where the other
    party's "not a condition" hides the flip)."""
    if len(ev.sources) < 2 or not says_they_agree(claim):
        return None
    # What the claim sets aside ("a priority rather than a condition") is denied for every
    # party it names: one party asserting it plainly says otherwise.
    aside = {claim.toks[h].stem for c, h in claim.cues if sets_aside(claim, c)}
    # "Contrary to reports that it was dropped, …": the claim reports the denial itself.
    disputed = any(t.stem in stance("dispute") | stance("falsehood") for t in claim.toks)
    for s in ev.sources:
        if s.text.rstrip().endswith("?"):
            continue  # an interviewer's question ("Some say they dropped it. Is that right?")
        text = analyze(s.text)
        found = _unmatched_negation(claim, text, names_too=False) or _unmatched_negation(
            text, claim, names_too=True
        )
        # (Not when the party sets the same country aside by another of its names: "died in
        # Kolkata, not in Dhaka" beside "in West Bengal rather than in Bangladesh".)
        denied_places = {aliases().get(text.toks[i].low) for i in text.negated} - {None}
        asserted_aside = {
            w
            for w in aside & (text.plain_stems() - text.negated_stems())
            if aliases().get(w) is None or aliases().get(w) not in denied_places
        }
        if found is None and asserted_aside:
            found = (0, 0)
        if found is None and not disputed and _calls_false(text):
            found = (0, 0)  # "That is not accurate.": the party denies what the other reported
        if found is None and check_antonyms(claim, make_evidence([s]), anywhere=True) is not None:
            found = (0, 0)  # "both report he backed the deal" where one says he "opposes" it
        if found is not None:
            return Verdict(
                "unsupported",
                f"the claim has the parties agree; {s.doc or 'a cited text'} says otherwise"
                f" ('{clip(s.text, 60)}')",
                "merged",
                hard=False,
            )
    return None


def _demand_judged(text: Text, j: int) -> bool:
    """Whether the word of falsehood at `j` is said of a demand its sentence opens with ("The
    alliance's call for arrears … is, in my view, unrealistic"); not of a claim about one
    ("The claim that the guild still lists the demand is wrong")."""
    start = max((k + 1 for k in range(j) if text.toks[k].text in (".", ";", "?", "!")), default=0)
    first = next((u.stem for u in text.toks[start:j] if u.stem in stance("demands")), "")
    return bool(first) and first != "claim"


def _judges_a_thing(text: Text, j: int) -> bool:
    """Whether the word of falsehood at `j` stands before a noun that is no report ("its wrong
    practice", "a false economy"): it judges a thing, not what someone said ("wrong figures",
    "a false claim" still deny a report)."""
    nxt = text.toks[j + 1] if j + 1 < len(text.toks) else None
    if nxt is None or not nxt.content or nxt.cap:
        return False
    return nxt.stem not in stance("meta") | _TALLIES | {"claim"}


def _calls_false(text: Text) -> bool:
    """Whether a text calls something false: a word of falsehood ("wrong", "untrue") or a
    negated word of truth ("that is not accurate", "it isn't true"). Not a demand judged
    ("the call for arrears is unrealistic"): that weighs what a party asks, it denies no report."""
    if any(
        t.stem in stance("falsehood")
        and not _demand_judged(text, j)
        and not _judges_a_thing(text, j)
        for j, t in enumerate(text.toks)
    ):
        return True
    return any(text.toks[head].stem in stance("truth") for _cue, head in text.cues)
