"""Overreach: a claim that says of all, or of most, what the cited text says of fewer."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.text.textnorm import stem
from briefing.verification.checks.hedges import _around, _phrase
from briefing.verification.checks.quantities import frequency_given
from briefing.verification.checks.ranked import _class_widened, _exclusive, _one_of_dropped
from briefing.verification.evidence import Evidence, Verdict, voice_words
from briefing.verification.lexicon import actor_noun, noun_synonyms, stance
from briefing.verification.tokens import (
    _NUMBER_WORDS,
    AUXILIARIES,
    DETERMINERS,
    SPEECH_STEMS,
    Text,
    Tok,
    _is_boundary,
    analyze,
)

# How much of a group a quantifier takes in, from "some" to "most" (universals are above).
_QUANTITY: dict[str, float] = {
    "some": 1,
    "several": 1,
    "few": 1,
    "handful": 1,
    "many": 2,
    "most": 3,
    "minority": 1,
    "majority": 3,
    "all": 4,
    "every": 4,
}


# What may stand between a quantifier and its noun phrase: "some of the", "some of my".
_BEFORE_NOUN = frozenset(
    ["of", "the", "my", "his", "her", "its", "our", "their", "your", "these", "those"]
)
# Whatever takes a share of a group, to tell a noun the claim quantifies from a bare one.
_SHARES = frozenset([*_QUANTITY, "few", "each", "both", "no", "none", "one", "any"])


_NEARLY = frozenset(["almost", "nearly", "virtually"])
NEARLY_ALL = 3.5  # the rank of "nearly all": above "most" (3), below "all" (4)
NEARLY_ALL_SHARE = 90  # the least percentage "nearly all" stands for ("80 percent" is "most")


def _quantified(text: Text) -> list[tuple[float, str, set[str]]]:
    """(rank, word, stems of the noun phrase after it) of each quantifier of `text`."""
    toks = text.toks
    out: list[tuple[float, str, set[str]]] = []
    for i, t in enumerate(toks):
        rank: float | None = _QUANTITY.get(t.low)
        prev = toks[i - 1].low if i else ""
        share = _percent_rank(toks, i)
        if share is not None:
            rank, prev = share[0], ""
            i, t = share[1], toks[share[1]]  # "97 percent of its water": its phrase follows
        if t.low == "number" and prev == "small":
            rank = 1  # "a small number of dealers"
        if rank is None or (prev in ("the", "at", "a", "above") and t.low != "few"):
            continue  # "the most advanced", "at most"; "a few" is a few
        if t.low == "few" and prev != "a":
            continue  # "few farmers" says that most do not: no stretch to compare
        if prev in ("not", "nor"):
            continue  # "not all" claims less
        if rank == 4 and prev in _NEARLY:
            rank = NEARLY_ALL  # "almost all": more than most, less than all
        words: list[Tok] = []
        for u in toks[i + 1 : i + 5]:
            if u.low in _BEFORE_NOUN and not words:
                continue  # "some of my members"
            if not words and u.low == "them" and toks[i + 1].low == "of":
                words.append(u)  # "many of them": the group the sentence has named
                break
            if u.punct or not u.content:
                break  # "most is for Trump": no noun phrase follows
            words.append(u)
        if words:
            # As written, with its "of" ("all of them"), when a pronoun is the group.
            between = ["of"] if words[0].low == "them" else []
            shown = " ".join([t.text, *between, *(u.text for u in words)])
            out.append((rank, shown, {u.stem for u in words}))
    return out


def _percent_rank(toks: list[Tok], i: int) -> tuple[float, int] | None:
    """A share given as a percentage of something ("about 97 percent of", "40% of", "12 per
    cent of"): its rank (below half "some", below all "most", a hundred "all") and the index
    of its last token; None when token `i` opens none."""
    low = toks[i].low
    words = [u.low for u in toks[i + 1 : i + 4]]
    if low.endswith("%"):
        low, end = low[:-1], i
    elif words[:1] in (["percent"], ["%"], ["pct"]):
        end = i + 1
    elif words[:2] == ["per", "cent"]:
        end = i + 2
    else:
        return None
    try:
        value = float(low.replace(",", ""))
    except ValueError:
        return None
    if end + 1 >= len(toks) or toks[end + 1].low != "of":
        return None
    return (
        1 if value < 50 else 3 if value < NEARLY_ALL_SHARE else NEARLY_ALL if value < 100 else 4
    ), end


def _stretched(claim: Text, src: Text) -> str:
    """ "Most employers" where the cited text says "some employers": the claim's quantifier
    takes in more of the same group than the cited one. The claim's phrase, or ''."""
    theirs = _quantified(src)
    for rank, word, phrase in _quantified(claim):
        # A cited "most" in words may be restated "almost all"; a cited figure is exact.
        same = [
            NEARLY_ALL if r == 3 and rank == NEARLY_ALL and w.split()[0].lower() in _QUANTITY else r
            for r, w, p in theirs
            if p & phrase
        ]
        if same and rank > max(same):
            return word
    return ""


def _share_dropped(claim: Text, src: Text) -> str:
    """ "His members have waited five months" where the cited text only says "some of my
    members have": a group the cited text always takes a share of ("some", "several", "a
    few"), which the claim takes whole. The claim's phrase, or ''."""
    nouns = {stem(shown.split()[-1].lower()) for rank, shown, _ in _quantified(src) if rank == 1}
    for noun in nouns:
        # Every use of the noun in the cited text takes a share of it.
        uses = [k for k, u in enumerate(src.toks) if u.stem == noun]
        if any(not _shared(src, k) for k in uses):
            continue
        # The claim takes the whole group: "his members", "the alliance's members", "any
        # member".
        for k, u in enumerate(claim.toks):
            # (what stands before the whole-taking word: "some of the members" is a share)
            if u.stem == noun and k and _whole(claim.toks[k - 1]) and not _shared(claim, k - 1):
                return f"{claim.toks[k - 1].text} {u.text}"
    return ""


_WHOLE = frozenset(["the", "his", "her", "its", "their", "our", "my"])
_WHOLE_OF = frozenset(section("english.txt", "whole_of"))  # "the full cost"
_BEFORE_A_VERB = frozenset(["to", *section("english.txt", "modals")])


_ANY = frozenset(["any", "all", "every"])
_TIME_SPANS = frozenset(["year", "season", "month", "week", "dai", "decad"])  # stems


def _whole(t: Tok) -> bool:
    """Whether a word before a noun takes the whole group: a determiner, a possessive, "any"."""
    return t.low in _WHOLE or t.low in _ANY or t.text.endswith(("'s", "’s"))


def _shared(text: Text, k: int) -> bool:
    """Whether a quantifier or a figure stands within the four words before token `k`."""
    for u in reversed(text.toks[max(0, k - 5) : k]):
        if u.punct and u.text not in ("-",):
            return False
        if u.low in _SHARES or u.low[:1].isdigit() or u.low in _NUMBER_WORDS:
            return True
        if u.low == "number" and text.toks[k - 1].low == "of":
            return True  # "a small number of dealers", "a number of mayors"
    return False


# "across the country", "across the board" (everywhere): a whole place or field.
_WHOLE_PLACES = frozenset(["country", "nation", "world", "region", "continent", "sector", "board"])


# Universals that take in a place, not everyone in it.
_PLACE_UNIVERSALS = frozenset(["nationwid", "countrywid", "worldwid"])


def _spanning(text: Text, i: int) -> str:
    """ "across Japan", "throughout the country", "across the board": the whole place taken
    in (its stem), as "nationwide" says; '' when token `i` opens none."""
    toks = text.toks
    if toks[i].low not in ("across", "throughout"):
        return ""
    k = i + 1
    if k < len(toks) and toks[k].low == "the":
        k += 1
    if k < len(toks) and ((toks[k].cap and not toks[k].punct) or toks[k].low in _WHOLE_PLACES):
        return toks[k].stem
    return ""


def _spans_too(text: Text, place: str) -> bool:
    """Whether a text takes in the same whole place ("across the board" in both)."""
    return any(_spanning(text, j) == place for j in range(len(text.toks)))


# Prepositions that place members in their body: "officials in the ministry", "staff at the
# agency", "members of the board".
_MEMBER_OF = frozenset(["in", "at", "of", "from", "within", "inside"])


def _members_of(text: Text) -> dict[str, tuple[str, str]]:
    """Body stem -> (member noun, member phrase) for each body the text names only through
    some of its members ("some officials in the ministry", "officials at the agency said"),
    never as an actor of its own ("the ministry has floated the idea")."""
    toks = text.toks
    found: dict[str, tuple[str, str]] = {}
    inside: set[int] = set()
    for k, u in enumerate(toks):
        if not (u.low.endswith("s") and actor_noun(u.low)) or k + 1 >= len(toks):
            continue  # a plural of people: "officials", "members", "diplomats"
        if toks[k + 1].low not in _MEMBER_OF:
            continue
        j = k + 2
        while j < len(toks) and toks[j].low in _WHOLE:
            j += 1
        if j >= len(toks) or toks[j].cap or not actor_noun(toks[j].low):
            continue  # a body ("the ministry", "the agency"), not a place ("in Damascus")
        start = k - 1 if k and toks[k - 1].low in _QUANTITY else k
        if toks[start].low == "all":
            continue  # "all officials in the ministry" is the ministry
        found[toks[j].stem] = (u.low, " ".join(t.text for t in toks[start : j + 1]))
        inside.add(j)
    direct = {u.stem for j, u in enumerate(toks) if u.stem in found and j not in inside}
    return {body: v for body, v in found.items() if body not in direct}


def _part_for_whole(claim: Text, src: Text) -> str:
    """ "Backed by the Mining Ministry" where the cited text says "so, privately, do some
    officials in the ministry": a body given what only some of its members say or do (the
    claim never names the members). The cited member phrase, or ''."""
    bodies = _members_of(src)
    words = {u.low for u in claim.toks}
    for u in claim.toks:
        member = bodies.get(u.stem)
        if member and member[0] not in words:
            return member[1]
    return ""


NEGATIVE_REACH = 6  # words either side of a negative quantifier that say what it is said of


_ABSOLUTE = frozenset(section("stance.txt", "absolute_negatives"))
_PARTIAL = frozenset(section("stance.txt", "partial_negatives"))


def _absolute(claim: Text, src: Text) -> tuple[str, str] | None:
    """ "Produced nothing at all" where the cited text says "produced very little": an
    absolute negative the cited text does not use, said of what it calls small ("a little"
    and "a few" are some, not small). (The claim's word, the cited one) or None."""
    if any(u.low in _ABSOLUTE for u in src.toks):
        return None
    for i, t in enumerate(claim.toks):
        if t.low not in _ABSOLUTE:
            continue
        mine = _around(claim, i, NEGATIVE_REACH)
        for j, u in enumerate(src.toks):
            if u.low not in _PARTIAL or (j and src.toks[j - 1].low == "a"):
                continue
            if mine & _around(src, j, NEGATIVE_REACH):
                return t.text, u.text
    return None


FREQUENCY_REACH = 3  # content words after "often" that say what often holds
_FREQUENCY = frozenset(section("stance.txt", "frequency"))


def _frequency_dropped(claim: Text, src: Text) -> str:
    """ "Where the boat is the only employer" for "where the boat is often the only employer":
    what the cited text says holds often, the claim says holds, with no word of how often.
    The cited word, or ''."""
    if any(t.low in _FREQUENCY for t in claim.toks):
        return ""
    for j, u in enumerate(src.toks):
        if u.low not in _FREQUENCY:
            continue
        what = [w.stem for w in src.toks[j + 1 : j + 8] if w.content][:FREQUENCY_REACH]
        if len(what) < FREQUENCY_REACH:
            continue
        stems = [t.stem for t in claim.toks if t.content]
        if any(stems[k : k + len(what)] == what for k in range(len(stems))):
            return u.text
    return ""


def _unsupported(reason: str) -> Verdict:
    """An overreach finding: soft, a doubt a model judge may settle."""
    return Verdict("unsupported", reason, "overreach", hard=False)


def check_overreach(claim: Text, ev: Evidence) -> Verdict | None:
    """A universal the cited text does not state: "all", "every", "unanimously", "always"; a
    quantifier stretched ("most" for "some", "nothing" for "little"); a body given what some
    of its members said."""
    often = _frequency_dropped(claim, ev.cited)
    if often:
        return _unsupported(f"the cited text says this holds '{often}'; the claim says it holds")
    absolute = _absolute(claim, ev.cited)
    if absolute:
        return _unsupported(f"the claim says '{absolute[0]}'; the cited text says '{absolute[1]}'")
    part = _part_for_whole(claim, ev.cited)
    if part:
        return _unsupported(f"the claim gives the whole body what the cited text says of '{part}'")
    stretched = _stretched(claim, ev.cited)
    if stretched:
        return _unsupported(f"the claim says '{stretched}'; the cited text says it of fewer")
    dropped = _share_dropped(claim, ev.cited)
    if dropped:
        return _unsupported(
            f"the claim says '{dropped}'; the cited text says it of only some of them"
        )
    # "commentators uniformly envision" where the cited text says "some commentators".
    fewer = [(r, p) for r, _, p in _quantified(ev.cited) if r < 4]
    for i, t in enumerate(claim.toks):
        if t.stem not in stance("universal") or not t.low.endswith("ly"):
            continue
        near = {u.stem for u in claim.toks[max(0, i - 4) : i + 4] if u.content}
        if any(p & near for _, p in fewer):
            return _unsupported(
                f"the claim says '{_phrase(claim, i)}'; the cited text says it of fewer"
            )
    widest = _denied_of_any(claim, ev.cited)
    if widest:
        return _unsupported(f"the claim says '{widest}'; the cited text denies it of less")
    ranked = _one_of_dropped(claim, ev.cited)
    if ranked:
        return _unsupported(f"the claim says '{ranked}'; the cited text says it is one of several")
    widened = _class_widened(claim, ev.cited)
    if widened:
        return _unsupported(f"the claim says '{widened}'; the cited text ranks it among fewer")
    exclusive = _exclusive(claim, ev)
    if exclusive:
        return _unsupported(
            f"the claim says '{exclusive}'; the cited text does not say it is the only one"
        )
    # A whole place ("across Japan", "across the board") the cited text does not span;
    # "each" in the source makes no place whole.
    words = {t.stem for t in ev.cited.toks} | ev.context_stems
    for i in range(len(claim.toks)):
        place = _spanning(claim, i)
        if place and not _spans_too(ev.cited, place):
            if place == "board" and words & stance("universal") - _PLACE_UNIVERSALS:
                continue  # "across the board" is "for everyone", no place
            return _of_all(claim, i)
    # "each" or "every member" is "all the members": a universal the cited text (or the
    # sentences around it) states of the same thing, read by the words around both.
    said_of_all = [
        _around(x, k, UNIVERSAL_REACH)
        for x in (ev.cited, *(analyze(s.context) for s in ev.sources if s.context))
        for k, u in enumerate(x.toks)
        if u.low == "each" or (u.stem in stance("universal") and not u.low.endswith("ed"))
    ]
    # "the full cost" says the whole of one thing: a claim's "complete costing", not "every".
    said_whole = [
        _around(ev.cited, k, UNIVERSAL_REACH)
        for k, u in enumerate(ev.cited.toks)
        if u.low in _WHOLE_OF
    ]
    # "No worker shall be paid less" says it of every worker: a "no" opening the subject of
    # a clause (its verb right after the noun) denies of each one the noun names.
    toks = ev.cited.toks
    said_of_all += [
        {toks[k + 1].stem}
        for k in range(len(toks) - 2)
        if toks[k].low == "no"
        and (k == 0 or _is_boundary(toks[k - 1]))
        and toks[k + 1].content
        and not toks[k + 1].cap
        and toks[k + 2].low in AUXILIARIES
    ]
    # "across the year", "throughout the season": the whole of it ("over the whole year").
    said_of_all += [
        _around(ev.cited, k, UNIVERSAL_REACH)
        for k, u in enumerate(ev.cited.toks[:-2])
        if u.low in ("across", "throughout")
        and ev.cited.toks[k + 1].low == "the"
        and ev.cited.toks[k + 2].stem in _TIME_SPANS
    ]
    # "would not remove a single trawler", "did not inspect any vessel": a negated "a single"
    # or "any" denies it of each one, so "would leave every trawler" restates it.
    said_of_all += [
        _around(ev.cited, k, UNIVERSAL_REACH)
        for k in range(len(toks))
        if _denied_of_each(ev.cited, k, NEGATION_REACH)
    ]
    for i, t in enumerate(claim.toks):
        if i > 0 and claim.toks[i - 1].low in (
            "not",
            "nor",
            "almost",
            "nearly",
            "at",
            "above",
            "less",
        ):
            nxt = claim.toks[i + 1].low if i + 1 < len(claim.toks) else ""
            if not (claim.toks[i - 1].low == "at" and nxt in _WHOLE | {"of"}):
                # "not every farm leader" claims less; "at all", "above all" are idioms
                # ("at all of China's ports" is no idiom)
                continue
        if t.low == "ever" and _ever_idiom(claim, i):
            continue  # "the largest ever", "ever since", "more than ever": no "at all times"
        if t.low == "ever" and _never_said(claim, i, ev.cited):
            continue  # "denies ever saying so" where the cited text says "I never said that"
        if i > 0 and claim.toks[i - 1].low in _BEFORE_A_VERB and t.low in _WHOLE_OF:
            continue  # "to complete the registration", "will total": a verb, no universal
        if frequency_given(claim, i, ev.cited):
            continue  # "renewed every year" where the cited text says "renewed annually"
        if t.stem in stance("universal") and (
            _over_named_list(claim, i) or _over_cited_voices(claim, i, ev)
        ):
            continue  # "as Castañeda, Ochoa and Tapia all report": all of those named
        if t.stem in stance("universal") and not (t.cap and not t.initial):
            # (A capital mid-sentence is a name's: "the All-Poland Protest Committee".)
            if any(u.stem == t.stem and u.low.endswith("ed") for u in ev.cited.toks):
                continue  # "declared complete" where the cited text says "was completed"
            mine = _around(claim, i, UNIVERSAL_REACH)
            wholes = said_whole if t.low in _WHOLE_OF else []
            if not any(mine & theirs for theirs in [*said_of_all, *wholes]):
                return _of_all(claim, i)
    return None


_EVER_BEFORE = frozenset(section("english.txt", "ever_before"))
_EVER_AFTER = frozenset(section("english.txt", "ever_after"))


def _ever_idiom(text: Text, i: int) -> bool:
    """Whether "ever" at `i` is an idiom, not "at any time": after a superlative (a few
    words back: "the largest dispute ever") or "than", "if", "whether" ("more than ever"),
    before "since" or a comparative ("ever since", "ever more")."""
    toks = text.toks
    before = toks[i - 1].low if i else ""
    after = toks[i + 1].low if i + 1 < len(toks) else ""
    superlative = any(u.low.endswith("est") or u.low == "most" for u in toks[max(0, i - 4) : i])
    return before in _EVER_BEFORE or superlative or after in _EVER_AFTER


def _denied_of_each(text: Text, k: int, reach: int) -> bool:
    """Whether token `k` is an "any" or "a single" a negation up to `reach` words before it
    denies ("did not inspect any vessel", "would not remove a single trawler")."""
    return text.toks[k].low in ("any", "single") and any(0 < k - c <= reach for c, _ in text.cues)


ANY_PHRASE = 4  # words of the noun phrase after a denied "any"


def _denied_of_any(claim: Text, cited: Text) -> str:
    """A denial widened to "any": "has not applied tariffs to any Canadian farm product"
    where the cited text denies the same verb of one thing only ("not applied them to maple
    syrup"). The noun after "any" must be among what the cited text denies; "received no
    reply" / "has not had any reply" is the same denial. The phrase, or ''."""
    if any(_denied_of_each(cited, k, NEGATION_REACH + 2) for k in range(len(cited.toks))):
        return ""  # the cited text denies it of any one itself ("would not sign any agreement")
    denied = cited.negated_stems()
    synonyms = noun_synonyms()
    for cue, head in claim.cues:
        if claim.toks[head].stem not in denied:
            continue
        for i in range(cue + 1, min(len(claim.toks), cue + NEGATION_REACH + 3)):
            if claim.toks[i].low != "any":
                continue
            phrase = []
            for u in claim.toks[i + 1 : i + 1 + ANY_PHRASE]:
                if u.punct or not u.content:
                    break
                phrase.append(u)
            if not phrase:
                continue
            noun = phrase[-1].stem
            if noun not in denied and not synonyms.get(noun, frozenset()) & denied:
                return " ".join(u.text for u in claim.toks[cue : i + 1 + len(phrase)])
    return ""


def _never_said(claim: Text, i: int, cited: Text) -> bool:
    """Whether the claim's "ever" at `i` restates a cited "never" (or "not … ever") about the
    same words: "at any time" under a denial is the cited "at no time"."""
    mine = _around(claim, i, UNIVERSAL_REACH)
    toks = cited.toks
    return any(
        mine & _around(cited, k, UNIVERSAL_REACH)
        for k, u in enumerate(toks)
        if u.low == "never"
        or (u.low == "ever" and any(0 < k - c <= NEGATION_REACH for c, _ in cited.cues))
    )


# "the only demand", "its sole aim", "solely": one thing said to be the whole of it.
NEGATION_REACH = 5  # words from a negation to the "a single" or "any" it denies
UNIVERSAL_REACH = 6  # words either side of a universal that say what it is said of
LIST_REACH = 6  # words back from a universal to the "and" of the names it counts
# Verbs of holding a view, after a list of the sources that hold it ("both expect").
_HOLDING = frozenset(
    stem(w) for w in (*section("english.txt", "view_verbs"), "expect", "see", "agree", "note")
)


def _over_named_list(claim: Text, i: int) -> bool:
    """Whether the universal at `i` follows a list joined by "and" that ends on a name or on
    one body or person, and comes before a verb of saying or of a view ("Ochoa and Tapia all
    report", "… and the coalition all insist"): it says each of those holds it, not that all
    of anything do."""
    toks = claim.toks
    if i == 0:
        return False
    prev = toks[i - 1]
    # The last item: a name, or one body or person ("… and the civil society coalition all
    # insist"): a singular that "all" cannot count, so it counts the list.
    singular = prev.content and prev.low.isalpha() and not prev.low.endswith("s") and not prev.cap
    if not ((prev.cap and not prev.initial) or singular):
        return False
    back = toks[max(0, i - LIST_REACH) : i - 1]
    if singular:
        # Whatever the verb ("the wire, Ndiaye and the group's list all make it a demand").
        return any(u.low == "and" for u in back)
    if i + 1 >= len(toks) or toks[i + 1].stem not in SPEECH_STEMS | _HOLDING | stance("reporting"):
        return False  # "farmers in Lima and Cusco all want": all the farmers there
    return any(
        u.low == "and" and k + 1 < len(back) and back[k + 1].cap for k, u in enumerate(back)
    ) or (i >= 2 and toks[i - 2].low == "and")


VOICES_REACH = 10  # words back from "all" over a list of the cited sources' voices


def _over_cited_voices(claim: Text, i: int, ev: Evidence) -> bool:
    """Whether the universal at `i` follows a list joined by "and" whose names are the voices
    of at least two of the cited documents (their authors, outlets or speakers): "Seo, Kang
    and the ministry's conditions all say" counts the cited sources, not all of anyone."""
    toks = claim.toks
    back = toks[max(0, i - VOICES_REACH) : i]
    if not any(u.low == "and" for u in back):
        return False
    # Names, not a capitalised "The" that an outlet's name also has.
    names = {u.low for u in back if u.cap and u.content and u.low not in DETERMINERS}
    docs = set()
    for s in ev.sources:
        if names & voice_words(s):
            docs.add(s.doc)
    return len(docs) >= 2


def _of_all(claim: Text, i: int) -> Verdict:
    return _unsupported(
        f"the claim says '{_phrase(claim, i)}'; the cited text does not say so of all"
    )
