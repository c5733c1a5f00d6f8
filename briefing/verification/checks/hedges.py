"""A proposition the source only reports, hopes or fears, stated as fact."""

from __future__ import annotations

import re

from briefing.text.lexicons import section
from briefing.text.textnorm import normalize
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import party_key, stance
from briefing.verification.tokens import (
    _DESIRE_STEMS,
    _FIRST_PERSON,
    _REPORTED,
    COPULAS,
    DETERMINERS,
    FRAME_STEMS,
    SPEECH_STEMS,
    Text,
    Tok,
)

# Words that open a contrasting clause: a frame before one does not govern what follows it.
_CONTRAST = frozenset(["but", "while", "whereas", "although", "though", "yet"])


# Words after which a verb of speech is a noun ("member states", "the state", "a report").
_BEFORE_A_NOUN = frozenset(
    ["the", "a", "an", "member", "its", "their", "his", "her", "our", "other", "each", "every"]
)


def _frames(src: Text) -> list[tuple[int, int, int]]:
    """(cue, complement start, complement end) of reported propositions in the cited text."""
    toks, out = src.toks, []
    n = len(toks)
    for i, t in enumerate(toks):
        if (
            t.punct
            or t.stem not in FRAME_STEMS
            or t.low == "according"
            or (t.cap and not t.initial)
        ):
            continue
        if t.initial and i + 1 < n and toks[i + 1].low == "that":
            continue  # "Note that ...": an imperative, the author's own voice
        if (
            i
            and toks[i - 1].low in _BEFORE_A_NOUN
            and not (i + 1 < n and toks[i + 1].low == "that")
        ):
            # "member states", "the state development bank": a noun, not "states" (but "the
            # belief that X" frames X as a noun does).
            continue
        before = {u.low for u in toks[max(0, i - 3) : i]}
        if before & _FIRST_PERSON or (i + 1 < n and toks[i + 1].punct):
            # "it seems to me that" is the author's own voice; "Speaking of fears," is a noun.
            continue
        start = i + 1
        for k in range(i + 1, min(n, i + 5)):
            if toks[k].low in ("that", "for", "to"):
                start = k + 1
                break
            if toks[k].punct and toks[k].text != '"':
                break
        end = start
        while end < n and toks[end].text not in (".", ";", "!", "?") and not _own_clause(toks, end):
            end += 1
        out.append((i, start, end))
    # ", the analyst warns." at the end of a sentence frames what comes before it.
    for i, t in enumerate(toks):
        if t.stem in SPEECH_STEMS and i + 1 <= n and (i + 1 == n or toks[i + 1].text == "."):
            comma = next((k for k in range(i - 1, max(-1, i - 8), -1) if toks[k].text == ","), -1)
            if comma > 0:
                start = max(
                    (k + 1 for k in range(comma) if toks[k].text in (".", ";", "!", "?")),
                    default=0,
                )
                out.append((i, start, comma))
    return out


def _own_clause(toks: list[Tok], k: int) -> bool:
    """Whether a comma at `k` opens the speaker's own clause after a report ("Baldursdóttir
    says she is open to a solution, and I believe her, but we need a decision"): a
    conjunction and then "I" or "we"."""
    return (
        toks[k].text == ","
        and k + 2 < len(toks)
        and toks[k + 1].low in ("and", "but", "yet")
        and toks[k + 2].low in ("i", "we")
    )


def _relative_clauses(src: Text) -> set[int]:
    """Token indices of ", who/which ... ," asides: the writer's own words, not the speaker's.

    "Li Hui, who has visited Kyiv this month, urged ..., officials said": the officials said
    what Li urged; that he visited Kyiv the writer states.
    """
    toks, out = src.toks, set()
    for i, t in enumerate(toks[:-1]):
        if t.text == "," and toks[i + 1].low in ("who", "which", "whose", "where"):
            j = i + 2
            while j < len(toks) and toks[j].text not in (".", ";", "!", "?"):
                nxt = toks[j + 1] if j + 1 < len(toks) else None
                # A comma inside the aside's own list ("Oslo, Riga and Vilnius") goes on.
                if toks[j].text == "," and not (nxt and (nxt.cap or nxt.low in ("and", "or"))):
                    break
                out.add(j)
                j += 1
    return out


def _intent(text: Text) -> set[int]:
    """Token indices of words of intent, wish or effort ("seeks", "aims", "would rather",
    "would like", "is after")."""
    words = stance("intent")
    toks = text.toks
    return {
        i
        for i, t in enumerate(toks)
        if not t.punct
        and (
            t.stem in words
            or (t.low in ("rather", "like", "love") and i and toks[i - 1].low in ("would", "'d"))
            # "the guarantee Egypt is after": what it seeks (a noun or "the" follows a time's
            # "after", as in "is after the vote"; an aim's "after" ends its clause)
            or (
                t.low == "after"
                and i
                and toks[i - 1].low in COPULAS
                and (i + 1 == len(toks) or toks[i + 1].punct or toks[i + 1].low in _AFTER_AIM)
            )
        )
    }


# What may follow an aim's "after" ("what they are after is predictability", "is after
# without forcing"): a verb or a conjunction, not the noun of a time.
_AFTER_AIM = COPULAS | frozenset(["without", "and", "but", "in", "from"])


APPOSITIVE_REACH = 16  # words of ", general manager of X," between a speaker and "said"


def _speaker_named(src: Text, cue: int) -> set[str]:
    """The capitalised words right before a reporting word ("Renard said"), or before the
    appositive that separates them ("Luis Garza, general manager of X, said"): who reports
    it. A country's demonym counts as the country ("a senior Mexican official said")."""
    toks = src.toks
    end = cue
    # Only a verb of speech has its speaker before an appositive; "the Kremlin, and the
    # dictator himself, convinces Trump that …" is someone persuading, not reporting.
    if cue and toks[cue - 1].text == "," and toks[cue].stem in SPEECH_STEMS:
        opening = next(
            (
                k
                for k in range(cue - 2, max(-1, cue - 2 - APPOSITIVE_REACH), -1)
                if toks[k].text in (",", ".", ";", ":")
            ),
            -1,
        )
        if opening >= 0 and toks[opening].text == ",":
            end = opening
    out: set[str] = set()
    for u in reversed(toks[max(0, end - 4) : end]):
        if u.punct:
            break
        if u.cap and u.content:
            out.add(party_key(u.low))
    return out


def _subject_names(claim: Text) -> set[str]:
    """The name-like words that open the claim (its subject): "Renard dismissed ..." """
    out: set[str] = set()
    for u in claim.toks[:4]:
        if u.punct or (not u.cap and u.content):
            break
        if u.cap and u.content:
            out.add(party_key(u.low))
    return out


def _priority(text: Text) -> bool:
    """ "What matters most to Chinese planners is X": a party's priority is what it wants."""
    toks = text.toks
    return any(
        t.low in ("matters", "mattered") and any(u.low == "to" for u in toks[i + 1 : i + 3])
        for i, t in enumerate(toks)
    )


WISHED_REPORT_REACH = 4  # words from a wish to the verb of speech it asks for ("want them to tell")


def _wished_report(src: Text, cue: int) -> bool:
    """Whether the frame word at `cue` is what someone wants done ("want them to tell"), not a
    report made: a wish word shortly before it, with "to" right before the cue."""
    toks = src.toks
    if cue == 0 or toks[cue - 1].low != "to":
        return False
    for u in reversed(toks[max(0, cue - WISHED_REPORT_REACH - 1) : cue - 1]):
        if u.punct:
            return False
        if u.stem in _DESIRE_STEMS or u.stem in stance("intent"):
            return True
    return False


_LINE_NOUNS = frozenset(section("english.txt", "line_nouns"))


def _stated_line(text: Text) -> bool:
    """Whether `text` gives what follows as someone's line ("Ankara's line is that no private
    car will …", "the ministry's position is that"): a possessive, a noun of stated view, then
    "is that", an attribution as "Ankara says" is."""
    return any(m.group(1).lower() in _LINE_NOUNS for m in _LINE.finditer(normalize(text.raw)))


_LINE = re.compile(r"(?:'s|s')\s+(\w+)\s+(?:is|was|remains)\s+that\b")


def _points_to(text: Text) -> bool:
    """Whether someone "points to" something in `text` ("while pointing to a fund that opens
    in July"): a verb of citing, as "notes" is; not "a point to make"."""
    toks = text.toks
    return any(
        t.stem == "point"
        and i + 1 < len(toks)
        and toks[i + 1].low == "to"
        and not (i and toks[i - 1].low in DETERMINERS)
        for i, t in enumerate(toks)
    )


def check_hedges(claim: Text, ev: Evidence) -> Verdict | None:
    """A proposition the source only reports (claims, hopes, believes...) stated as fact."""
    if '"' in normalize(claim.raw):
        return None  # the claim quotes
    intent = stance("intent")
    # What the claim keeps: an attribution ("X says", "X believes") keeps a report or a
    # belief; an aim ("X seeks", "X is trying to") keeps a wish, and only a wish.
    reports = (
        any(
            (t.stem in FRAME_STEMS or t.stem in stance("reporting"))  # "promised", "pledged"
            and t.stem not in _DESIRE_STEMS | intent
            and t.low not in _REPORTED
            and not (t.cap and not t.initial)
            for t in claim.toks
        )
        or _points_to(claim)
        or _stated_line(claim)
    )
    aims = (
        bool(_intent(claim)) or any(t.stem in _DESIRE_STEMS for t in claim.toks) or _priority(claim)
    )
    # "according to a source" keeps a report's attribution, not a wish's: "X wants them to
    # agree" is not "they will agree, according to a source".
    reported = any(t.low in _REPORTED for t in claim.toks)
    src = ev.cited
    asides = _relative_clauses(src)
    subject = _subject_names(claim)
    for cue, start, end in _frames(src):
        # "we want them to tell consumers how much …": a report someone wants made is a wish.
        wish = src.toks[cue].stem in _DESIRE_STEMS | intent or _wished_report(src, cue)
        if reported and not wish:
            continue
        if (aims and wish) or (reports and not wish):
            continue  # "seeks" -> "is trying to", "claims" -> "says": the frame is kept
        if (
            aims
            and src.toks[cue].stem in stance("plain_report")
            and any(u.stem in _DESIRE_STEMS | intent for u in src.toks[start:end])
        ):
            continue  # "he said the union wanted X" -> "the union wants X": a stated aim
        if not wish and _self_report(src, cue, start, end):
            continue  # "the government has offered X, the ministry said": its own act
        if not wish and _speaker_named(src, cue) & subject:
            # "Renard dismissed X" for "Renard said X": the claim keeps who said it. A wish
            # is not kept by naming who wishes it ("Chinese officials want X" is not
            # "Beijing has made X a condition").
            continue
        inside = {
            t.stem
            for k, t in enumerate(src.toks[start:end], start)
            if t.content and k not in asides
        }
        outside = {
            t.stem
            for k, t in enumerate(src.toks)
            if t.content and (not (start <= k < end) or k in asides)
        }
        # Names are what the proposition is about, not what it says: "Holt visited Oslo"
        # from "Holt, who has visited Oslo, urged ..., officials said" says the writer's aside.
        names = {u.stem for u in claim.toks if u.cap and not u.initial} | {
            u.stem for u in claim.toks[:1] if u.cap
        }
        only = (claim.stems & inside) - outside - names
        # The claim's own content beyond the frame's setting (who convinces whom): when
        # half of it lies only inside the reported proposition, the claim asserts that.
        own = claim.stems - outside
        if len(only) >= 2 and (len(only) * 3 >= len(claim.stems) or len(only) * 2 >= len(own)):
            return Verdict(
                "unsupported",
                f"the cited text only reports this as what someone "
                f"{src.toks[cue].text} ('{_context(src, cue)}'); the claim states it as fact",
                "hedges",
                hard=False,
            )
    return None


_PERFECT = frozenset(["has", "have", "had"])
_SELVES = frozenset(["they", "we", "it"])
# Bodies that report their own acts through a spokesperson ("the ministry said").
_BODIES = frozenset(section("english.txt", "reporting_bodies"))
_HEDGED = frozenset(section("english.txt", "modals"))
SUBJECT_REACH = 4  # words into a reported clause where its subject may stand ("on Monday they")


def _self_report(src: Text, cue: int, start: int, end: int) -> bool:
    """Whether a plainly reported clause is a body's own past act: its subject the speakers
    ("officials said they had sent a letter") or a body ("the government has offered a credit
    line, the ministry said"), its verb in the perfect or past, no modal. News states such
    acts as facts; a view, forecast or charge about someone else stays reported."""
    toks = src.toks
    if src.toks[cue].stem not in stance("plain_report"):
        return False
    span = toks[start:end]
    if any(u.low in _HEDGED for u in span) or any(k in src.negated for k in range(start, end)):
        return False  # a forecast, or a denial ("it had done nothing wrong"), stays reported
    for k, u in enumerate(span[:SUBJECT_REACH]):
        # "the government", "the Philippine government": one name may qualify the body.
        named = k + 2 < len(span) and span[k + 1].cap and span[k + 2].low in _BODIES
        body = u.low == "the" and (named or (k + 1 < len(span) and span[k + 1].low in _BODIES))
        if u.low in _SELVES or body:
            verb = span[k + 2 + named : k + 4 + named] if body else span[k + 1 : k + 3]
            return bool(verb) and (
                (verb[0].low in _PERFECT and len(verb) > 1 and verb[1].content)
                or verb[0].low.endswith("ed")
            )
    return False


FRAME_REACH = 16


def _framed(text: Text, i: int, speech: bool = True) -> bool:
    """Whether token `i` sits in a clause framed as a hope, belief or aim ("hope that X will");
    a contrast ("but", "while") starts a clause of its own. With `speech` false, a verb of
    speech is no frame: "officials said the sides will meet" asserts they will, as the
    officials put it."""
    toks = text.toks
    aside = _asides(toks, i)
    for j in range(i - 1, max(-1, i - FRAME_REACH), -1):
        if toks[j].text in (".", ";", "!", "?") or toks[j].low in _CONTRAST:
            return False
        if (
            toks[j].text == ","
            and j + 1 < i
            and toks[j + 1].low in _ASIDE_OPENERS
            and not any(u.text == "," for u in toks[j + 1 : i])
        ):
            # "expects a rebate, which will end the strike", "…, a concession that will end
            # it": the clause describes a noun; the frame before the comma does not reach it.
            return False
        if j in aside:
            continue  # ", which officials now expect on June 18,": the relative clause's own
        if not speech and toks[j].stem in SPEECH_STEMS:
            continue
        if toks[j].cap and j > 0:
            continue  # a word of a name frames nothing ("told the Meridian Press Wire that")
        if toks[j].stem in FRAME_STEMS or toks[j].stem in stance("intent"):
            return True
    return False


_ASIDE_OPENERS = frozenset(["which", "who", "a", "an"])


def _aside_opener(low: str) -> bool:
    """A word that opens an aside between commas: a relative pronoun (", which officials
    expect,"), an adverb or a participle (", currently expected in 2026,")."""
    return low in ("which", "who") or (len(low) > 4 and low.endswith(("ly", "ed")))


def _asides(toks: list[Tok], i: int) -> set[int]:
    """The tokens of asides set off by commas before token `i` (", which officials expect on
    June 18,", ", currently expected in 2026,"): what they frame is their own, not the
    sentence's verb."""
    out: set[int] = set()
    close = None
    for j in range(i - 1, max(-1, i - FRAME_REACH), -1):
        if toks[j].text == ",":
            if close is not None and j + 1 < close and _aside_opener(toks[j + 1].low):
                out |= set(range(j, close + 1))
            close = j
    return out


# What "will" follows or precedes when it is the noun ("political will", "the will to fight").
_BEFORE_NOUN_WILL = frozenset(
    [
        "the",
        "a",
        "his",
        "her",
        "its",
        "their",
        "our",
        "political",
        "good",
        "ill",
        "free",
        "own",
        "of",
    ]
)


def _modal(text: Text, i: int) -> bool:
    """Whether the "will" at `i` is the modal verb, not the noun."""
    toks = text.toks
    prev = toks[i - 1].low if i > 0 else ""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return prev not in _BEFORE_NOUN_WILL and not (nxt is None or nxt.punct or nxt.low == "to")


def _around(text: Text, i: int, width: int = 6) -> set[str]:
    """Content stems within `width` words of token `i`, in its sentence."""
    toks, out = text.toks, set()
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(toks) and abs(j - i) <= width and toks[j].text not in (".", "?", "!"):
            if toks[j].content:
                out.add(toks[j].stem)
            j += step
    return out


def _phrase(text: Text, i: int) -> str:
    toks = text.toks[max(0, i - 1) : i + 3]
    return " ".join(t.text for t in toks if not t.punct)


def _context(text: Text, i: int) -> str:
    toks = text.toks[max(0, i - 3) : i + 2]
    return " ".join(t.text for t in toks if not t.punct)
