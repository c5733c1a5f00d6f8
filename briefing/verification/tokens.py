"""Tokens of a claim or a cited text, with the negation scopes the checks read."""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.text.lexicons import section
from briefing.text.textnorm import CONTENT_STOPWORDS, analysis_tokens, normalize, stem
from briefing.verification.lexicon import aliases, code_form, irregular_verbs, stance
from briefing.verification.negation_shapes import UNLIKELY_THAT, counterfactual, modal_after
from briefing.verification.stance_marks import mark_stances
from briefing.verification.token_types import Text, Tok


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _words_list(text: str) -> list[str]:
    return text.split()


# --- lexicons -----------------------------------------------------------------------------


_FRAME_WORDS = " ".join(section("english.txt", "frame"))
# Desire frames what is wanted, not what is: "Beijing wants the two sides to agree" does not
# say that they will.
_DESIRE_WORDS = "want wants wanted wish wishes wished desire desires seek seeks sought"
_DESIRE_STEMS = frozenset(stem(w) for w in _DESIRE_WORDS.split())
FRAME_STEMS: frozenset[str] = frozenset(stem(w) for w in _FRAME_WORDS.split()) | _DESIRE_STEMS
_REPORTED = frozenset(["according", "reportedly", "allegedly", "supposedly"])
_SPEECH_WORDS = " ".join(section("english.txt", "speech"))
SPEECH_STEMS: frozenset[str] = frozenset(stem(w) for w in _SPEECH_WORDS.split())
_SAY = "<say>"  # the role check treats every speech verb as one verb

_NEG_WORDS = frozenset(
    _words(
        "not no never cannot without nor neither none nobody nothing nowhere lack lacks lacked lacking unable unwilling"
        " hardly barely scarcely"
    )
)
# Words that negate what follows "to": "failed to expel" says it was not expelled, "unlikely
# to accept" that it will not accept, "an end to tariffs being used" that they are not.
_NEG_BEFORE_TO = frozenset(
    _words(
        "fail fails failed failing refuse refuses refused refusing decline declines declined declining"
        " unlikely reluctant end halt unwillingness reluctance refusal failure"
    )
)
_NEG_VERBS = _words("avoid avoids avoided avoiding refrain refrains refrained")
# Words after which "against" negates what follows: "protection against a sudden return".
_GUARDS = frozenset(["protect", "guard", "safeguard", "shield", "insur", "hedg"])
# Verbs whose "from" negates what follows: "keep Moscow from winning" says Moscow does not
# win; "prevent Russia from suffering a defeat" says it suffers none.
_FROM_NEGATORS = _words(
    "prevent prevents prevented preventing keep keeps kept keeping stop stops stopped stopping"
    " bar bars barred block blocks blocked deter deters deterred protect protects protected"
    " shield shields shielded spare spares spared save saves saved"
)
# "not only X but also Y" and friends do not negate X.
_NOT_NEGATING_NEXT = frozenset(section("english.txt", "not_negating_next"))
# Words a negation passes through to the verb after "to" ("not expected to open" says it
# will not open): the negation is raised over them in English.
_NEG_RAISING = frozenset(section("english.txt", "neg_raising"))
_SKIP_IN_SCOPE = _words("yet even always really necessarily still ever any way longer otherwise")

_TITLES = frozenset(section("english.txt", "titles"))
# Determiners and possessives before a noun phrase's first word (english.txt).
DETERMINERS = frozenset(section("english.txt", "determiners"))
_MONTHS = _words_list(
    "january february march april may june july august september october november december"
)
# Days are dates, never actors ("said on Monday" does not make Monday the speaker).
_WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
# Every English cardinal word from two to twenty and the tens ("one" is left out: it is
# mostly a pronoun, "one of the").
_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
COPULAS = frozenset(section("english.txt", "copulas"))
_BE = COPULAS | _words("get gets got gotten")
_CLAUSE_WORDS = _words("but while whereas although though because")
_BOUNDARY_PUNCT = frozenset(",;:.!?()[]—–")
_FIRST_PERSON = _words("i me my we our us")
_DEMONYM_ENDINGS = ("an", "ans", "ian", "ese", "ish", "ch", "i")
_COUNTRY_ENDINGS = ("stan", "iran", "japan", "sudan", "oman", "taiwan", "bhutan", "yemen", "haiti")

# --- tokens -------------------------------------------------------------------------------


def _key(word: str) -> str:
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s'"):
        w = w[:-1]
    return w


def plural_possessive(text: Text, surface: str) -> bool:
    """Whether `text` writes `surface` as a plural possessive ("the unions' demand", "the
    Baltic States' budget"): the tokens drop that apostrophe, the raw text keeps it."""
    return re.search(rf"\b{re.escape(surface)}['’](?!\w)", text.raw) is not None


# What a pronoun's contraction leaves after its apostrophe ("we're", "they've", "I'll").
_CONTRACTED = frozenset(["re", "ve", "ll", "d", "m", "s"])


def _pronoun_contracted(low: str) -> bool:
    """Whether a token is a stop-word with its auxiliary contracted ("we're", "it's", "that'll"):
    a pronoun and a verb of being or having, no content word ("Senegal's" is a name's)."""
    base, apostrophe, tail = low.partition("'")
    return bool(apostrophe) and tail in _CONTRACTED and base in CONTENT_STOPWORDS


@lru_cache(maxsize=8192)
def analyze(raw: str) -> Text:
    """Tokenize `raw` (typography folded) and find its negation scopes."""
    norm = normalize(raw)
    toks: list[Tok] = []
    initial = True
    for s in analysis_tokens(norm):
        if s in _BOUNDARY_PUNCT or s == '"':
            toks.append(Tok(s, s, s, False, False, True, False))
            if s in '.!?:;"(':
                initial = True
            continue
        low = _key(s)
        if s.isupper() and 2 <= len(s) <= 3 and s.isalpha() and code_form(s) in aliases():
            low = code_form(s)  # "US" is keyed as "U.S." is, never as the word "us"
        st = low if not low.isalpha() else stem(irregular_verbs().get(low, low))
        if s == "May" and not initial:
            st = "may"  # the month ("in May"), never the modal's stem
        # "won" is a stop-word only as the piece of "won't", which is one token here.
        content = (
            (low not in CONTENT_STOPWORDS and len(low) > 1 and not _pronoun_contracted(low))
            or low[:1].isdigit()
            or low == "won"
        )
        toks.append(Tok(s, low, st, s[:1].isupper(), initial, False, content))
        initial = False
    mark_stances(toks)
    text = Text(raw=raw, toks=toks, lower=" ".join(t.low for t in toks))
    text.stems = {t.stem for t in toks if t.content}
    _find_negations(text)
    return text


def _is_boundary(t: Tok) -> bool:
    return (t.punct and t.text != '"') or t.low in _CLAUSE_WORDS or t.low in ("and", "or")


# Verbs before "short of" that say the subject lacks it ("ran short of cash").
_LACKING_VERBS = frozenset(section("english.txt", "lacking_verbs"))


def _is_cue(toks: list[Tok], i: int) -> bool:
    t = toks[i]
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if t.low == "little" and i > 0 and toks[i - 1].stem in stance("little_after"):
        return True  # "offering little on minerals" is "not offering much"
    if t.low == "free" and nxt == "of":
        return True  # "a pledge free of inspection clauses": without them
    if t.low in _NEG_WORDS or t.low.endswith("n't"):
        if no_duty(toks, i):
            return False  # "should not have to wait": no duty to wait, which says they do
        if figure_bound(toks, i):
            return False
        # A capitalised "No" mid-sentence is a name ("Mister No"); "not only" does not negate.
        return not (t.cap and not t.initial and t.low == "no") and nxt not in _NOT_NEGATING_NEXT
    if t.low == "non" and nxt[:1].isalpha():
        return True  # "non-binding" (two tokens here) is "not binding"
    if t.low in _NEG_BEFORE_TO and nxt == "to":
        return True
    if t.low in UNLIKELY_THAT:
        return nxt == "that" and modal_after(toks, i + 1) is not None
    if t.low in _NEG_VERBS:
        return True
    if t.low == "from" and nxt.endswith("ing"):
        # Only a verb: "protect farmers from cheap imports" does not deny the imports.
        verb = next(
            (k for k in range(i - 1, max(-1, i - 6), -1) if toks[k].low in _FROM_NEGATORS), -1
        )
        # "did not stop them from gaining" is gaining: a negated negator negates nothing.
        return verb >= 0 and not any(
            u.low in _NEG_WORDS or u.low.endswith("n't") for u in toks[max(0, verb - 3) : verb]
        )
    prev = toks[i - 1].low if i > 0 else ""
    # "rather than B", "instead of B", "in place of B", "fleets other than B": B is what is
    # not the case.
    if (t.low, prev) in (
        ("than", "rather"),
        ("than", "other"),
        ("of", "instead"),
        ("of", "place"),
        ("of", "lieu"),
    ):
        return True
    # "would rather talk to Washington than negotiate with Kyiv": B follows "than".
    if t.low == "than" and any(u.low == "rather" for u in toks[max(0, i - 8) : i]):
        return True
    # "prefer talks to sanctions": sanctions are not preferred; "prefer to leave" is an
    # infinitive, what is preferred.
    if (
        t.low == "to"
        and not prev.startswith("prefer")
        and any(u.low.startswith("prefer") for u in toks[max(0, i - 6) : i - 1])
    ):
        return True
    # "stopped short of promising a veto", "fell short of a majority": neither happened.
    if (
        t.low == "of"
        and prev == "short"
        and i >= 2
        and toks[i - 2].stem in ("stop", "fall", "fell")
    ):
        return True
    # "is short of staff", "ran short of cash", "go short of water": they lack it.
    if (
        t.low == "of"
        and prev == "short"
        and i >= 2
        and (toks[i - 2].low in COPULAS or toks[i - 2].low in _LACKING_VERBS)
    ):
        return True
    # "protection against either side raising tariffs": that neither side raises them.
    if t.low == "against" and prev and stem(prev) in _GUARDS:
        return True
    # "far from clear", "far from over": not clear, not over.
    if t.low == "from" and prev == "far" and not nxt.endswith("ing"):
        return True
    # "have yet to demonstrate" = not demonstrated.
    return t.low == "yet" and nxt == "to" and prev in ("have", "has", "had")


EXCEED_VERBS: frozenset[str] = frozenset(section("english.txt", "exceed_verbs"))
EXCEED_REACH = 3  # words from the verb to its figure: "exceed about 5 percent"


def figure_bound(toks: list[Tok], i: int) -> bool:
    """ "no more than 5,000", "not fewer than ten": the negator at `i` bounds a figure
    (`checks.numbers.bound` reads which way), it denies nothing."""
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    after = toks[i + 2].low if i + 2 < len(toks) else ""
    if nxt in EXCEED_VERBS:
        # "shall not exceed 5 percent", "never topped 40,000": an upper bound on the figure.
        return any(u.low[:1].isdigit() for u in toks[i + 2 : i + 2 + EXCEED_REACH])
    if nxt in _COMPARATIVES and after == "than":
        return True
    # Further on in its clause, before a figure: "no trip shall pay the driver less than
    # 2,500 naira", "should never pay a worker less than 40 euros" (at least that much).
    for k in range(i + 2, len(toks) - 2):
        if _is_boundary(toks[k]):
            return False
        if toks[k].low in _COMPARATIVES and toks[k + 1].low == "than":
            return any(u.low[:1].isdigit() or u.low in _NUMBER_WORDS for u in toks[k + 2 : k + 4])
    return False


_COMPARATIVES = frozenset(["more", "less", "fewer", "greater", "higher", "lower"])


def no_duty(toks: list[Tok], i: int) -> bool:
    """ "should not have to wait", "shouldn't need to": what ought not be asked of someone,
    which says it is (not "does not have to appease": no obligation, a negation)."""
    t = toks[i]
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    should = t.low == "shouldn't" or (i > 0 and toks[i - 1].low in ("should", "ought"))
    return (
        should and nxt in ("have", "has", "need") and i + 2 < len(toks) and toks[i + 2].low == "to"
    )


def explicit_negation_reach(raw: str, reach: int) -> frozenset[str]:
    """Stems of the content words an explicit not/never/no/nor/n't reaches, up to `reach`
    words on and never past a clause boundary ("will not get the most advanced processors").

    Negating verbs ("refuse to", "refrain from") are left out: they often word the same wish
    as a positive verb ("stay out of"), where the full negation scopes would part them.
    """
    text = analyze(raw)
    toks = text.toks
    out: set[str] = set()
    for i, _head in text.cues:
        t = toks[i]
        if not (t.low in _NEG_WORDS or t.low.endswith("n't")):
            continue
        for u in toks[i + 1 : i + 1 + reach]:
            if _is_boundary(u):
                break
            if u.content:
                out.add(u.stem)
    return frozenset(out)


def _find_negations(text: Text) -> None:
    toks = text.toks
    cues = [i for i, t in enumerate(toks) if not t.punct and _is_cue(toks, i)]
    text.cancelled = _double_negations(toks, cues) | {i for i in cues if counterfactual(toks, i)}
    for i in cues:
        if i in text.cancelled:
            continue
        head = _scope(text, i)
        if head is not None:
            text.cues.append((i, head))


def explicit_negator(t: Tok) -> bool:
    """not, no, never, without and the like, or a word ending in n't."""
    return t.low in _NEG_WORDS or t.low.endswith("n't")


AUXILIARIES = _words(
    "would will could can should may might must shall is are was were has have had does do did"
)


_SUBORDINATORS = frozenset(["if", "when", "once"])  # "because" is a clause word already


def _double_negations(toks: list[Tok], cues: list[int]) -> set[int]:
    """Pairs of explicit negators in one clause that cancel: "cannot get it without a deal"
    says it needs the deal, "there is no reason fishers should not be involved" that they
    should be. Not "neither … nor" (both denied), and not across a verb of speech: "did not
    say the plan would not go ahead" does not say it will."""
    out: set[int] = set()
    for k, i in enumerate(cues):
        if i in out or not explicit_negator(toks[i]) or toks[i].low in ("neither", "nor"):
            continue
        for j in cues[k + 1 :]:
            between = toks[i + 1 : j]
            if any(_is_boundary(u) for u in between) or any(
                u.stem in SPEECH_STEMS or u.stem in stance("reporting") for u in between
            ):
                break
            if _new_verb(toks[i], between[:-1]):
                break  # "that it was not kept would cost nothing": a new verb, a new clause
            if any(u.low in _SUBORDINATORS for u in between):
                break  # "not enough to protect us if nobody acts": the condition's own
            if toks[i].low == "without" and any(u.low in FINITE for u in between):
                break  # "a strike ending without a deal would not stop it": the verb's own
            if explicit_negator(toks[j]) and toks[j].low not in ("nor", "neither", "or"):
                out |= {i, j}
            break  # only the next negator pairs with this one
    for i in cues:
        if i in out or toks[i].low not in _SUBJECT_NEGATORS:
            continue
        # "no farm data passed to foreign parties unless the farmer agrees" is the requirement
        # "no farm data may be shared without the farmer's consent" states: the same pair.
        for u in toks[i + 1 : i + 1 + UNLESS_REACH]:
            if u.low == "unless":
                out.add(i)
                break
            if u.punct or u.stem in SPEECH_STEMS or explicit_negator(u):
                break
    return out


UNLESS_REACH = 12  # words from a negated subject ("no farm data …") to its "unless"


# Negators that open a clause's subject ("no worker shall be …", "nobody may …"): the
# clause's own verb follows them, so its auxiliaries open no new clause.
_SUBJECT_NEGATORS = frozenset(["no", "nobody", "none", "nothing", "neither"])


def _new_verb(first: Tok, between: list[Tok]) -> bool:
    """Whether an auxiliary between two negators opens another verb: any auxiliary after a
    "not", only a second group of them after a negated subject ("no worker shall be dismissed
    without notice" is one clause; "no one said it would be done without" is two)."""
    runs = 0
    previous = False
    for u in between:
        aux = u.low in AUXILIARIES
        if aux and not previous:
            runs += 1
        previous = aux
    return runs > (1 if first.low in _SUBJECT_NEGATORS else 0)


# A modal or a form of "be" or "have": a finite verb, which no "without" phrase holds.
FINITE = frozenset(section("english.txt", "modals")) | _words("is are was were has have had")


def _scope(text: Text, i: int) -> int | None:
    """Mark up to three content words after the cue at `i`; return the first (the head)."""
    toks, head, n, adverb = text.toks, None, 0, None
    start = i + 1
    if toks[i].low in UNLIKELY_THAT:
        # "improbable that the EU will grant a delay": what will not happen is the clause's
        # verb after its modal, not the subject before it.
        start = (modal_after(toks, i + 1) or i) + 1
    if start < len(toks) and toks[start].text == ",":
        # "I would not, however, bet on it": a short aside between commas after the cue.
        close = next(
            (k for k in range(start + 1, start + 5) if k < len(toks) and toks[k].text == ","), None
        )
        if close is not None and not any(u.punct for u in toks[start + 1 : close]):
            start = close + 1
    if toks[i].low in ("none", "neither") and start < len(toks) and toks[start].low == "of":
        # "none of the several hundred million dollars mentioned has been committed": what
        # is denied is the predicate after the group, not the group's first word.
        verb = _predicate_after(toks, start + 1)
        if verb is not None:
            start = verb
    if start + 1 < len(toks) and toks[start].low == "because" and toks[start + 1].low == "of":
        start += 2  # "rather than because of Rail Baltica": a cause denied, no new clause
    if (
        start + 2 < len(toks)
        and toks[start].low in _NEG_RAISING
        and toks[start + 1].low == "to"
        and toks[start + 2].content
    ):
        start += 2  # "is not expected to open before 2027": it will not open before then
    for j in range(start, min(len(toks), start + 7)):
        t = toks[j]
        if _is_boundary(t) and not (t.low in ("or", "nor") and head is not None):
            break  # "rather than postponed or suspended": neither is the case
        if head is not None and toks[i].low == "without" and t.low in FINITE:
            break  # "ending without agreement would halt it": the verb is not in the phrase
        if t.low == "same":
            text.negated.add(j)  # "not the same as": no content word, yet what is denied
        if not t.content or t.low in _SKIP_IN_SCOPE or t.low == "to":
            continue
        if head is None and (t.low[:1].isdigit() or t.low in _NUMBER_WORDS):
            continue  # "none of the three candidates": the numbers check reads numbers
        if head is None and t.low.endswith("ly") and len(t.low) > 4:
            # An adverb ("fully expel") is in scope but not the head, unless nothing
            # follows it ("not costly").
            text.negated.add(j)
            adverb = adverb if adverb is not None else j
            continue
        text.negated.add(j)
        if head is None:
            head = j
        n += 1
        if n == 3:
            break
    if head is not None and toks[i].low in _SUBJECT_NEGATORS:
        _predicate_past_aside(text, i, head)
    if head is not None and toks[head].low in _THINKING:
        _raised_to_clause(text, i, head)
    return head if head is not None else adverb


_THINKING = frozenset(section("english.txt", "thinking_verbs"))
RAISED_REACH = 10  # words from "do not think" to the verb of the clause it denies


def _raised_to_clause(text: Text, cue: int, head: int) -> None:
    """ "I do not think the ban will be reversed" denies the reversal: a negation before a
    verb of thinking is raised to its clause's verb, after the clause's auxiliary."""
    toks = text.toks
    for k in range(head + 1, min(len(toks) - 1, head + RAISED_REACH)):
        if toks[k].text in (".", ";", "?", "!"):
            return
        if toks[k].low in AUXILIARIES and toks[k].low not in _NEG_WORDS:
            j = next(
                (
                    m
                    for m in range(k + 1, min(len(toks), k + 4))
                    if toks[m].content and toks[m].low not in AUXILIARIES
                ),
                None,
            )
            if j is not None:
                text.negated.add(j)
                text.cues.append((cue, j))
            return


ASIDE_REACH = 8  # words of an aside between commas after a negated subject
PREDICATE_WORDS = 4  # content words of the predicate such a negation governs: verb and object


def _predicate_past_aside(text: Text, cue: int, head: int) -> None:
    """ "No vessel, civilian or military, shall receive priority": a subject negator denies
    the predicate; an aside between commas after the subject does not end its scope. Marks
    the predicate's first content words, after its auxiliaries."""
    toks = text.toks
    if cue and not toks[cue - 1].punct:
        return  # "has no ships, …": an object, not the clause's subject
    comma = next(
        (k for k in range(head + 1, min(len(toks), head + 3)) if toks[k].text == ","), None
    )
    if comma is None:
        return
    close = next(
        (k for k in range(comma + 1, min(len(toks), comma + ASIDE_REACH)) if toks[k].text == ","),
        None,
    )
    if close is None or close + 1 >= len(toks) or toks[close + 1].low not in AUXILIARIES:
        return
    if any(u.punct for u in toks[comma + 1 : close]):
        return
    # The aside says which subjects ("civilian or military"): denied with them.
    text.negated.update(j for j in range(comma + 1, close) if toks[j].content)
    marked = 0
    for j in range(close + 1, min(len(toks), close + 8)):
        u = toks[j]
        if _is_boundary(u) and u.low not in ("or", "nor"):
            break
        if u.content and u.low not in _SKIP_IN_SCOPE and u.low not in AUXILIARIES:
            text.negated.add(j)
            if not marked:
                # The predicate is a head of this negation too: "tankers shall receive a
                # berth" drops it, whatever the subject is called.
                text.cues.append((cue, j))
            marked += 1
            if marked == PREDICATE_WORDS:
                break


PARTITIVE_REACH = 10  # words from "none of" to the auxiliary of the predicate it denies


def _predicate_after(toks: list[Tok], start: int) -> int | None:
    """The first word after the auxiliaries that follow a partitive's group ("none of the X
    has been committed" -> "committed"), in its clause; None without an auxiliary."""
    for k in range(start, min(len(toks), start + PARTITIVE_REACH)):
        if _is_boundary(toks[k]):
            return None
        if toks[k].low in AUXILIARIES:
            while k < len(toks) and toks[k].low in AUXILIARIES:
                k += 1
            return k if k < len(toks) else None
    return None


# Words that begin with "un" without negating anything.
_NOT_UN = frozenset(
    _words("unlike unless until under understand understood union unite united unity")
)


def _un_base(low: str) -> str:
    for p in ("non-", "non", "un"):
        if low.startswith(p) and len(low) - len(p) >= 4 and low[len(p)].isalpha():
            return low[len(p) :]
    return ""


# --- names --------------------------------------------------------------------------------
