"""Negation: a predicate negated on one side only, between the claim and the cited text."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.text.textnorm import stem
from briefing.verification.checks.conditions import (
    CLAUSE_END,
    asked,
    closed_without,
    condition_zone,
    contrasted,
    in_condition,
    modal_between,
    unless_zone,
)
from briefing.verification.checks.denying import denying_verb, ended, reported_ellipsis
from briefing.verification.checks.figures import figure, figure_corrected
from briefing.verification.checks.negated_objects import (
    _GIVEN_UP,
    _SAID,
    _key,
    _keys,
    asserted_elsewhere,
    denied_stems,
    left_out,
    object_asserted,
    open_question,
    raised_denial,
    set_aside_denied,
    sets_aside,
)
from briefing.verification.checks.negation_across import asserted_by_another, un_flip
from briefing.verification.checks.recipients import subject_keys
from briefing.verification.checks.spans import (
    clause_span,
    clause_stems,
    objects_after,
    sentence_span,
)
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import kin, stance, verb_synonyms, wordnet_antonyms
from briefing.verification.tokens import (
    _NEG_WORDS,
    DETERMINERS,
    FINITE,
    Text,
    Tok,
    _is_boundary,
)


def _phrase(text: Text, cue: int, head: int) -> str:
    toks = text.toks
    if cue == head:
        return toks[cue].text
    return " ".join(t.text for t in toks[cue : head + 1] if not t.punct)


_CLAUSE_END = CLAUSE_END


# Negators that open a clause's subject: their predicate may follow an aside.
_SUBJECT_CUES = frozenset(["no", "none", "nobody", "neither"])


def _scope_stems(text: Text, cue: int, start: int = -1) -> set[str]:
    """Stems of the words one negation cue governs (its marked scope), from `start` on."""
    out = set()
    first = cue + 1
    if (
        start > first
        and text.toks[cue].low in _SUBJECT_CUES
        and any(_is_boundary(u) for u in text.toks[first:start])
    ):
        first = start  # a predicate past an aside ("No ship, tanker or barge, shall receive")
    for j in range(first, min(len(text.toks), first + 8)):
        if j in text.negated and j >= start:
            out.add(text.toks[j].stem)
        elif _is_boundary(text.toks[j]) and not (text.toks[j].low in ("or", "nor") and out):
            break  # "no joint-venture or technology-transfer terms": both are in scope
    return out


def _clause_negated(
    text: Text, stem_: str, manner_after: bool = False, against: Text | None = None
) -> bool:
    """Whether some clause of `text` holding `stem_` also holds a negation cue (with
    `manner_after`, not a "without" after the word: "may accept a levy without much protest"
    denies the protest, not the acceptance)."""
    toks = text.toks
    cues = {c for c, _ in text.cues}
    for i, t in enumerate(toks):
        if _key(t.stem) != stem_:
            continue
        lo, hi = clause_span(text, i)
        if any(
            (lo <= k <= hi and k in cues) or u.low in _NEG_WORDS or u.low.endswith("n't")
            for k, u in enumerate(toks[lo : hi + 1], start=lo)
            if not closed_without(toks, k, i)
            and k not in text.cancelled
            and not (manner_after and u.low == "without" and k > i)
            # "want to go back rather than wait": what "rather than" sets aside after the
            # word is denied, not the word it is chosen over, unless the negation read
            # `against` is of what is set aside ("negotiate with Washington rather than Kyiv"
            # / "unwilling to negotiate directly with Ukraine")
            and not (
                against is not None
                and k > i
                and k in cues
                and sets_aside(text, k)
                and not set_aside_denied(text, k, against)
            )
        ):
            return True  # "abandon, not merely postpone": a negator, if not a cue, is there
        if any(
            denying_verb(toks, k)
            and not (toks[k].stem in stance("cessation") and modal_between(toks, k, i))
            for k in range(lo, i)
        ):
            # "waive fines in any year": what a denying verb governs, after it; a verb of
            # ending governs a thing, not the verb a modal opens after it ("a consultation
            # that ends without agreement would stop it"), as "doubts it will" does
            return True
        if ended(toks, i):
            return True  # "wants the probe ended": what ends is negated, on either side
    return False


_POINTERS = frozenset(["it", "them", "this", "these", "those", "they"])


def _shares_context(negating: Text, head: int, other: Text, key: str = "") -> bool:
    """Whether `other` uses the negated word among what the negating clause is about.

    "The figure comes from the record, not from this year's drought" denies nothing of a
    claim about "the last 40 years": a word two texts share in clauses with nothing else in
    common is the same word about different things. A negating clause of the word alone
    (nothing else to compare) is taken to be about the same thing.
    """
    h = negating.toks[head].stem
    key = key or _key(h)  # the word `other` uses for it (itself, or a synonym)
    lo, hi = clause_span(negating, head)
    around = {u.stem for u in negating.toks[lo : hi + 1] if u.content} - {h}
    pointing = any(u.low in _POINTERS for u in negating.toks[lo : hi + 1])
    # "…, not from this year.": what the clause sets aside is its sentence's; so is what a
    # pronoun in it points back to ("…, and I do not expect either side to reopen it"), and
    # the figure a clause of its own corrects ("about 40 percent …, not a third as …").
    corrected = negating.toks[lo].low in _NEG_WORDS and figure(negating.toks[head])
    if not around or pointing or corrected:
        lo, hi = sentence_span(negating, head)
        # Not past a semicolon: "We are not against the goal; we are against a cliff edge"
        # sets the second clause against the first, it is not what the first is about.
        semis = [k for k in range(lo, hi + 1) if negating.toks[k].text == ";"]
        lo = max([k + 1 for k in semis if k < head], default=lo)
        hi = min([k - 1 for k in semis if k > head], default=hi)
        around = {u.stem for u in negating.toks[lo : hi + 1] if u.content} - {h}
    if not around:
        return True
    return any(
        around & (clause_stems(other, i) - {h, t.stem})
        for i, t in enumerate(other.toks)
        if _key(t.stem) == key
        and i not in other.negated
        and (key == _key(h) or _same_object(negating, head, other, i))
    )


def _same_object(a: Text, i: int, b: Text, j: int) -> bool:
    """Whether a synonym at `j` in `b` is the verb at `i` in `a`: used as a verb (not "its
    demands") of something the same ("mention the lawsuit" / "refers to the lawsuit")."""
    if j and _noun_before(b.toks[j - 1]):
        return False
    return bool(set(objects_after(a, i)) & set(objects_after(b, j)))


def _noun_before(t: Tok) -> bool:
    """Whether a word right before another makes it a noun: a determiner or a possessive."""
    return t.low in DETERMINERS or t.text.endswith(("'s", "’s", "s'"))


def _with_coordinated_heads(text: Text, names_too: bool) -> list[tuple[int, int]]:
    """The negation cues of `text`, and for a claim's cue whose scope runs over "or", "nor" or
    "and" to a word of the head's form ("without arresting or warning any of them", "did not
    sign or ratify it"), that word as a head of its own: each is denied."""
    out = list(text.cues)
    if names_too:
        return out
    toks = text.toks
    for cue, head in text.cues:
        ending = next((e for e in ("ing", "ed") if toks[head].low.endswith(e)), None)
        if ending is None:
            continue
        for k in range(head + 1, min(len(toks), head + 5)):
            if toks[k].punct and toks[k].text != "-":
                break
            if toks[k - 1].low in ("or", "nor", "and") and toks[k].low.endswith(ending):
                out.append((cue, k))
    return out


def _unmatched_negation(negating: Text, other: Text, names_too: bool) -> tuple[int, int] | None:
    """(cue, head) of a negation in `negating` whose word `other` asserts un-negated, if any.

    Not when `other` negates another word of the same scope, or the clause that holds the
    word; a name is no predicate to negate unless `names_too`.
    """
    # A word asked about ("whether relief counts as finance") is asserted neither way.
    undecided = asked(other)
    plain = _keys(
        {
            t.stem
            for i, t in enumerate(other.toks)
            if t.content and i not in other.negated and i not in undecided
        }
    )
    negated = _keys(denied_stems(other))
    coordinated = _coordinated(other)
    # "a strike unless an offer comes", "conditional on the owners committing": what the
    # other text makes a condition of is what a cited "if … not" negates.
    unless = _keys({other.toks[i].stem for i in unless_zone(other) | condition_zone(other)})
    questioned = asked(negating)
    for cue, head in _with_coordinated_heads(negating, names_too):
        if head in questioned:
            continue  # "not over whether proof is needed": a question set aside, nothing denied
        tok = negating.toks[head]
        said_unless = {_key(tok.stem), tok.stem} | set(verb_synonyms().get(tok.stem, ()))
        if (in_condition(negating.toks, cue) or negating.toks[cue].low == "without") and (
            said_unless & unless
        ):
            # "a strike if no credible offer is made" / "a strike unless an offer comes";
            # "deductions without written consent" / "no deductions unless agreed in writing"
            continue
        if negating.toks[cue].low == "non" and left_out(other, tok.stem):
            continue  # "non-federation cooperatives" / "cooperatives outside the federation"
        if _opposite_said(negating, cue, other):
            continue  # "not the same as a loan" / "different from a loan"
        if not names_too and sets_aside(negating, cue):
            # A claim's "wants A rather than B" sets an aim against an alternative; that the
            # source reports B happening is no contradiction of it.
            continue
        if not names_too and tok.cap and not tok.initial:
            continue  # "a war that is not Europe's"
        if names_too and _rebuttal(negating, head) and _assents(negating, head, other):
            return cue, head  # "I don't agree." against "X agrees with the critics"
        if (
            names_too
            and contrasted(negating, cue)
            and _key(tok.stem) == _SAID
            and tok.stem not in {u.stem for u in other.toks}
        ):
            continue  # "paid every month, not promises": a noun set aside, no verb of report
        if names_too and raised_denial(negating, head, other):
            continue  # "do not think it will approve" / "expects it to reject"
        if names_too and _key(tok.stem) == _SAID and _rebuttal(negating, head):
            continue  # "I do not believe that.": a view denied, not a word withheld
        if not names_too and open_question(negating, head, other):
            continue  # "cannot say whether money will follow" / "whether it follows is open"
        if names_too and _key(tok.stem) == _SAID and _unanswered_elsewhere(negating, head, other):
            continue  # "has not said whether it would force a sale" / "puts the stake at …"
        # From the head on: "without arresting or warning": "warning"'s scope is its own.
        scope = _keys(_scope_stems(negating, cue, head))
        # The word itself, or (for a cited negation) a verb WordNet gives as its synonym:
        # "does not mention the lawsuit" / "refers to the lawsuit".
        h = _key(tok.stem)
        if h not in plain and names_too and h not in (_SAID, _GIVEN_UP):
            # Not a verb of speech: those are one word to this check already.
            # The claim's synonym that it asserts first ("would halt" rather than the "ending"
            # of "a consultation ending without agreement" for a cited "would not stop").
            synonyms = [
                s for s in sorted(verb_synonyms().get(h, ())) if s in plain and _key(s) == s
            ]
            h = next((s for s in synonyms if not _clause_negated(other, s)), h)
            h = h if h in plain or not synonyms else synonyms[0]
        if h not in plain and not names_too:
            # A word on the same side of the lexicon's opposition: "not prepared to discuss"
            # where the cited text is "ready to discuss".
            h = next((k for k in sorted(kin().get(h, ())) if k in plain and k != h), h)
        if (
            h not in plain
            and not names_too
            and tok.low.endswith(("ed", "en"))
            and not _particle_after(negating, head)
        ):
            # A past verb's WordNet synonym: "has not handed over the data" where the cited
            # text says "we've given it" (not a verb with a particle of its own; a present
            # form is too often a noun or another sense: "no longer a demand", "cannot settle").
            h = next((k for k in sorted(verb_synonyms().get(h, ())) if k in plain), h)
        if h not in plain and names_too and tok.stem in _LIGHT_VERBS:
            # "have not received a reply" denies replying: the noun after a light verb is
            # what is denied ("the chains have already replied" drops the negation).
            noun = next(
                (
                    k
                    for k in range(head + 1, min(len(negating.toks), head + 4))
                    if negating.toks[k].content and k in negating.negated
                ),
                None,
            )
            if noun is not None and _key(negating.toks[noun].stem) in plain:
                h = _key(negating.toks[noun].stem)
        if (
            h in plain
            and (
                (
                    h not in negated
                    and not (scope & negated)
                    and not _clause_negated(other, h, manner_after=True, against=negating)
                )
                or object_asserted(negating, head, other, h)
            )
            and not _alternative_kept(negating, cue, other, h)
            and h not in coordinated
            and not (names_too and _about_something_else(negating, cue, head, other))
            and not (names_too and not _shares_context(negating, head, other, h))
            and not (names_too and reported_ellipsis(other))
            and not (tok.cap and _same_phrase(negating, cue, other))
            and not (names_too and figure_corrected(negating, head, other))
            and not (names_too and asserted_elsewhere(negating, head, other, h))
            and not (
                h == _SAID
                and negating.toks[head].low in _ANSWERING
                and _other_speaker(negating, head, other)
            )
        ):
            return cue, head
    return None


_ANSWERING = frozenset(section("english.txt", "answering_verbs"))


def _other_speaker(negating: Text, head: int, other: Text) -> bool:
    """Whether the one who did not answer ("the ministry did not respond") is named, and
    every verb of speech in `other` has another, named subject ("the alliance said …"): a
    silence and someone else's words, no negation dropped."""
    theirs = subject_keys(negating.toks, head)
    if not theirs:
        return False
    mine = [subject_keys(other.toks, k) for k, t in enumerate(other.toks) if _key(t.stem) == _SAID]
    return bool(mine) and all(m and not (m & theirs) for m in mine)


_LIGHT_VERBS = frozenset(stem(w) for w in section("english.txt", "light_verbs"))
_PARTICLES_OFF = frozenset(section("english.txt", "verb_particles"))


_QUESTION_WORDS = frozenset(["whether", "if", "when", "how", "why", "what", "who", "which"])


def _unanswered_elsewhere(negating: Text, head: int, other: Text) -> bool:
    """Whether a negated verb of saying leaves a question open ("has not said whether it
    would force a sale") that the other text's saying is not about: no word of the question
    is in it. Such a text withholds an answer; it denies no one's saying something else."""
    toks = negating.toks
    if head + 1 >= len(toks) or toks[head + 1].low not in _QUESTION_WORDS:
        return False
    _lo, hi = clause_span(negating, head + 2) if head + 2 < len(toks) else (head + 1, head + 1)
    asked_about = {u.stem for u in toks[head + 2 : hi + 1] if u.content} - {toks[head].stem}
    return not (asked_about & other.stems)


def _opposite_said(negating: Text, cue: int, other: Text) -> bool:
    """Whether the word a negation opens on (past "the", "a", "be") has a WordNet opposite
    the other text uses: "is not the same as a loan" is "is different from a loan", though
    "same" is no content word for the negation to rest on."""
    toks = negating.toks
    k = cue + 1
    while k < len(toks) and toks[k].low in _OPENING:
        k += 1
    if k >= len(toks):
        return False
    opposites = wordnet_antonyms().get(toks[k].low, frozenset())
    return any(t.low in opposites for t in other.toks)


_OPENING = frozenset(["the", "a", "an", "be", "been", "quite", "exactly"])


def _particle_after(text: Text, i: int) -> bool:
    """Whether a particle that changes the verb follows it ("give up", "back down")."""
    return i + 1 < len(text.toks) and text.toks[i + 1].low in _PARTICLES_OFF


_REBUTTAL = frozenset(section("english.txt", "rebuttal_verbs"))


def _rebuttal(text: Text, head: int) -> bool:
    """Whether a negated verb of saying or believing has only a pointer for its object ("I do
    not believe that.", "I don't think so.") or none ("I don't agree."): it denies what
    someone else said."""
    toks = text.toks
    rest = toks[head + 1 : head + 3]
    if toks[head].low in _ASSENT and rest and rest[0].text in (".", "!", ";"):
        return True
    return (
        toks[head].low in _REBUTTAL
        and len(rest) == 2
        and rest[0].low in ("that", "so", "it", "this")
        and rest[1].text in (".", "!", ";")
    )


_ASSENT = frozenset(section("english.txt", "assent_verbs"))


def _assents(negating: Text, head: int, other: Text) -> bool:
    """Whether `other` has the speaker assent where `negating` rebuts with the same verb of
    assent ("I don't agree." / "agrees with the critics")."""
    stem_ = negating.toks[head].stem
    return negating.toks[head].low in _ASSENT and any(
        t.stem == stem_ and i not in other.negated for i, t in enumerate(other.toks)
    )


def _denied_denial(src: Text, claim: Text) -> tuple[str, str] | None:
    """ "We have never said that fighters cannot serve": a negated statement of a negation
    denies nothing about serving; a claim that negates it ("does not want fighters serving")
    turns a refusal to deny into a denial. (The phrase, the inner word) when it does."""
    toks = src.toks
    for cue, head in src.cues:
        if _key(toks[head].stem) != _SAID:
            continue
        for cue2, head2 in src.cues:
            if cue2 <= head or cue2 - head > 8:
                continue
            if any(t.text in _CLAUSE_END and t.text != "," for t in toks[head:cue2]):
                continue
            inner = toks[head2].stem
            for i, t in enumerate(claim.toks):
                if t.stem != inner:
                    continue
                lo, hi = clause_span(claim, i)
                span = claim.toks[lo : hi + 1]
                cues = [c for c, h in claim.cues if lo <= c <= hi]
                negated = bool(cues) or any(
                    u.low in _NEG_WORDS or u.low.endswith("n't") for u in span
                )
                # "has never said", "has not ruled out": the claim keeps the double negation.
                said_not = any(
                    _key(claim.toks[h].stem) == _SAID
                    or claim.toks[h].stem in stance("denial")
                    or (h + 1 < len(claim.toks) and claim.toks[h + 1].low == "out")
                    for c, h in claim.cues
                )
                if negated and not said_not and not any(u.stem in stance("denial") for u in span):
                    return _phrase(src, cue, head2), toks[head2].text
    return None


def _same_phrase(negating: Text, cue: int, other: Text) -> bool:
    """ "too weak to say no to Turkey" / "too weak to say no to it": a negation of a name kept
    with the same words, the name given as a pronoun."""
    if cue == 0:
        return False
    pair = (negating.toks[cue - 1].low, negating.toks[cue].low)
    toks = other.toks
    return any((toks[k - 1].low, toks[k].low) == pair for k in range(1, len(toks)))


def _coordinated(text: Text) -> set[str]:
    """Stems a "without" or "no" reaches across "and"/"or" ("without prior notice and
    consultation": neither is given)."""
    out: set[str] = set()
    for cue, _head in text.cues:
        if text.toks[cue].low not in ("without", "no", "nor", "neither"):
            continue
        for u in text.toks[cue + 1 : cue + 9]:
            if _is_boundary(u) and u.low not in ("and", "or"):
                break
            if u.low in FINITE:
                break  # "without agreement would stop it": a verb of its own, not in the phrase
            if u.content:
                out.add(_key(u.stem))
    return out


def _about_something_else(negating: Text, cue: int, head: int, other: Text) -> bool:
    """A negated verb whose objects the other text never mentions ("will not let a date
    destroy an industry" beside a claim that "Berlin wants Brussels to let hybrids stay on
    sale"): the same verb about other things is no dropped negation."""
    past_aside = negating.toks[cue].low in _SUBJECT_CUES and any(
        _is_boundary(u) for u in negating.toks[cue + 1 : head]
    )
    rest = _scope_stems(negating, cue, head if past_aside else -1) - {negating.toks[head].stem}
    if not rest or rest & other.stems:
        return False
    # Unless the negated clause points back with a pronoun ("I do not expect either side to
    # raise it"): what it is about is then named elsewhere, not absent.
    for u in negating.toks[cue + 1 : cue + 8]:  # the reach of a negation's scope
        if _is_boundary(u) and u.low not in ("and", "or"):
            break
        if u.low in ("it", "them", "this", "these", "those"):
            return False
    # And the other text's own use of the word is about something the negating text names
    # outside this negation ("let plug-in hybrids stay", with the hybrids in another cited
    # sentence): without that, "approved the spending plan" for "did not approve the budget"
    # is the negation dropped and the object paraphrased.
    h = negating.toks[head].stem
    outside = {
        u.stem for k, u in enumerate(negating.toks) if u.content and not (cue <= k <= cue + 8)
    }
    return any(
        set(objects_after(other, i)) & outside for i, t in enumerate(other.toks) if t.stem == h
    )


def _alternative_kept(negating: Text, cue: int, other: Text, h: str) -> bool:
    """ "calculated as an average rather than year by year": what "rather than", "instead of"
    or "prefer ... to" sets aside is denied only against what is chosen. A text whose clause
    with the set-aside word keeps the choice ("an average over five years") drops nothing."""
    toks = negating.toks
    if not sets_aside(negating, cue):
        return False
    lo = cue - 1
    while lo > 0 and not _is_boundary(toks[lo - 1]):
        lo -= 1
    # The choice is what stands right before the cue ("as an average over five years").
    before = [
        u.stem
        for u in toks[lo:cue]
        if u.content and u.low not in ("rather", "instead") and u.stem not in stance("intent")
    ]
    chosen = set(before[-3:]) - {h}
    return any(
        chosen & clause_stems(other, i) for i, t in enumerate(other.toks) if _key(t.stem) == h
    )


def check_negation(claim: Text, ev: Evidence) -> Verdict | None:
    """A negation on one side only, judged on the word it governs (present on both sides).

    A negation restated in other words keeps its meaning: "has not offered any easing" is
    "has offered no easing" (another word of the same scope is negated), and "unwilling to
    negotiate with Kyiv, seeks talks with America" is "would rather talk to Washington than
    negotiate with Kyiv" (the clause that holds the word is negated on the other side too).
    """
    src = ev.cited
    mine = _unmatched_negation(claim, src, names_too=False)
    if mine is not None:
        cue, head = mine
        return Verdict(
            "contradicted",
            f"the claim says '{_phrase(claim, cue, head)}', the cited text does not negate"
            f" '{claim.toks[head].text}'",
            "negation",
            about=claim.toks[head].stem,
        )
    theirs = _unmatched_negation(src, claim, names_too=True)
    if theirs is not None and asserted_by_another(ev, src.toks[theirs[1]], claim):
        # One cited document negates the word, another asserts it with no negation: the claim
        # states what that one says ("are asking taxpayers to subsidise the past" / "means not
        # asking taxpayers to underwrite the losses"); whether the two disagree is the
        # merged-judgment check's to say.
        theirs = None
    if theirs is not None:
        cue, head = theirs
        return Verdict(
            "contradicted",
            f"the cited text says '{_phrase(src, cue, head)}', the claim drops the negation",
            "negation",
            about=src.toks[head].stem,
        )
    double = _denied_denial(src, claim)
    if double is not None:
        return Verdict(
            "contradicted",
            f"the cited text says '{double[0]}': it denies no '{double[1]}', the claim does",
            "negation",
        )
    flip = un_flip(claim, src)
    if flip:
        return Verdict(
            "contradicted",
            f"the claim says '{flip[0]}', the cited text says '{flip[1]}'",
            "negation",
        )
    flip = un_flip(src, claim)
    if flip:
        return Verdict(
            "contradicted",
            f"the claim says '{flip[1]}', the cited text says '{flip[0]}'",
            "negation",
        )
    return None
