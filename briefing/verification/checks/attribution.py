"""An attributed claim names the author, the outlet, or a speaker of the cited text."""

from __future__ import annotations

import re

from briefing.text.lexicons import section
from briefing.text.textnorm import CONTENT_STOPWORDS, normalize, stem
from briefing.verification.checks.officials import state_speaks
from briefing.verification.evidence import Evidence, Verdict, defined_acronyms, initialisms
from briefing.verification.lexicon import actor_noun, stance
from briefing.verification.names import (
    APPOSITION_REACH,
    OPENERS,
    _alias_group,
    speaks,
    speaks_for,
)
from briefing.verification.tokens import (
    _MONTHS,
    _TITLES,
    _WEEKDAYS,
    SPEECH_STEMS,
    Text,
    Tok,
    _words,
    analyze,
)

_ATTR_VERBS = (
    r"writes|wrote|argues|argued|says|said|claims|claimed|believes|believed|notes|noted|warns|"
    r"warned|contends|thinks|suggests|reports|reported|states|stated|told|tells|insists|"
    r"predicts|predict|explains|maintains|asserts|adds|added|concludes|put it|puts it|argue|say|"
    r"has said|have said|had said|has argued|has warned|has written|has claimed|has noted"
)
_NAME_RE = r"((?:[A-Z][\w'.-]*)(?:\s+(?:(?:of|the|for)\s+)*[A-Z][\w'.-]*)*)"
_ATTRIBUTIONS = (
    re.compile(rf"\b(?i:according to)\s+(?:the\s+)?{_NAME_RE}"),
    re.compile(rf"^{_NAME_RE}(?:\s*\(([^)]*)\))?\s*:\s*\""),
    re.compile(rf"\b(?:(?i:as)\s+)?{_NAME_RE}\s+(?:{_ATTR_VERBS})\b"),
    re.compile(rf"\b(?i:in)\s+{_NAME_RE}'s view\b"),
)


def _speakers(src: Text, ev: Evidence, strict: bool = False) -> set[str]:
    """Lowercase words of the names the cited text presents as speakers (`names.speaks`),
    and of the body each speaks for ("Commerce Ministry spokesperson Zhou Lan" speaks for the
    Commerce Ministry: a claim that the ministry said it names the speaker)."""
    out: set[str] = set()
    for n in ev.names_in(src):
        if speaks(src, n, strict):
            out.update(n.words)
            out.update(speaks_for(src, n.start))
    return out


_PRONOUNS = _words("he she they it")


def _generic_speakers(src: Text) -> set[str]:
    """Lowercase speakers next to a verb of speech ("…, analysts say," / "said economists"):
    "Analysts say X" restates who holds the view wherever the sentence puts them."""
    toks = src.toks
    out: set[str] = set()
    for i, t in enumerate(toks):
        if t.stem not in SPEECH_STEMS:
            continue
        for j in (i - 1, i + 1, _before_place(toks, i)):
            if 0 <= j < len(toks):
                u = toks[j]
                if (
                    u.text.isalpha()
                    and (not u.cap or (u.initial and actor_noun(u.low)))
                    and u.low not in _PRONOUNS
                    and u.low not in CONTENT_STOPWORDS
                    and u.stem not in SPEECH_STEMS
                ):
                    out.add(u.low)
    return out


def _before_place(toks: list[Tok], i: int) -> int:
    """The word before "in/at/from <Name>" right before the verb at `i` ("Officials in
    Jakarta said": officials), or -1."""
    j = i - 1
    while j > 0 and toks[j].cap and not toks[j].punct:
        j -= 1
    if j < i - 1 and j > 0 and toks[j].low in ("in", "at", "from"):
        return j - 1
    return -1


def _pronoun_speaks(src: Text) -> bool:
    """Whether the cited text has "he said", "she believes" ...: a speaker named elsewhere."""
    toks = src.toks
    quoted = False  # inside quotation marks: the speaker's own words ("what it puts in the
    # showroom"), not the writer's report of who speaks
    for i, t in enumerate(toks):
        if t.text == '"':
            quoted = not quoted
        elif not quoted and t.stem in SPEECH_STEMS and i > 0 and toks[i - 1].low in _PRONOUNS:
            return True
    return False


_QUOTED_SPAN = re.compile(r'"([^"]{8,})"')


def _verbatim_quotes(norm: str, ev: Evidence) -> list[tuple[int, int]]:
    """Spans of `norm` inside quotation marks whose text is exactly in the cited text."""
    cited = " ".join(" ".join(normalize(s.text).split()) for s in ev.sources)
    out = []
    for m in _QUOTED_SPAN.finditer(norm):
        inner = " ".join(m.group(1).split())
        if inner and inner in cited:
            out.append((m.start(1), m.end(1)))
    return out


def _another_speaker(
    in_cited: set[str], words: list[str], claim: Text, groups: set[int | None]
) -> str:
    """A speaker the cited text names when the claim gives its words to someone else.

    "Galeotti argues X" citing "Peskov said X" hands Peskov's words to the author, unless
    the claim names Peskov too ("Galeotti notes that Peskov said X").
    """
    if not in_cited or any(w in in_cited or _alias_group(w) in groups for w in words):
        return ""
    claimed = {t.low for t in claim.toks}
    claimed_groups = {_alias_group(w) for w in claimed} - {None}
    said = {w for w in in_cited if w not in claimed and _alias_group(w) not in claimed_groups}
    if said != in_cited:
        return ""
    return sorted(said)[0]


_ORGANISATION_HEADS = frozenset(section("english.txt", "organisation_heads"))


def _initials_of_cited(word: str, ev: Evidence) -> bool:
    """Whether `word` is the initials of a name the cited text gives ("KTZ" for "Kazakhstan
    Temir Zholy"): the speaker it names, abbreviated."""
    short = word.lower().removesuffix(".")  # "the DOTr." ending the claim
    if short in defined_acronyms(x for s in ev.sources for x in (s.text, s.context)):
        return True  # "the Department of Transportation (DOTr)": an acronym the text defines
    return len(word) >= 2 and any(
        word in initialisms(n.words) for n in ev.names_in(ev.cited) if len(n.words) >= 2
    )


def _vouched(w: str, ev: Evidence, speakers: set[str], groups: set[int | None]) -> bool:
    """Whether a word of an attribution's speaker is an author, outlet, voice or speaker."""
    return (
        ev.meta_pool.has(w)
        or w in speakers
        or _alias_group(w) in groups
        or ev.voice_pool.has(w)
        or w in ev.pool.initials
        or w in ev.voice_pool.initials
        or _initials_of_cited(w, ev)
    )


def _described(
    words: list[str], ev: Evidence, speakers: set[str], groups: set[int | None]
) -> set[str]:
    """The words before a vouched-for person's name that the cited text's apposition to
    them gives ("Former Lalmonirhat MP Shahidul Alam" for "Shahidul Alam, a former member of
    parliament for Lalmonirhat"): its capitalised words, or the initials of its words."""
    person = words[-2:]
    if len(words) < 3 or not all(_vouched(w, ev, speakers, groups) for w in person):
        return set()
    stated, shown_as = _stated_affiliation(ev.cited, ev, person)
    if not shown_as:
        return set()
    lows = [w for w in analyze(shown_as).toks if not w.punct]
    initials = initialisms([t.low for t in lows])
    return {w for w in words[:-2] if w in stated or w.replace(".", "") in initials}


def _affiliated(who: Text) -> tuple[list[str], set[str]]:
    """A speaker phrase split at "of"/"at"/"from" ("David Kirichenko of the Henry Jackson
    Society"): the person's name words and the words of where they work, or ([], set())."""
    toks = who.toks
    k = next((i for i, t in enumerate(toks) if t.low in ("of", "at", "from")), None)
    if k is None or k == 0 or not all(t.cap for t in toks[:k]):
        return [], set()
    person = [t.low for t in toks[:k] if not t.punct and t.low not in _TITLES]
    return person, {t.low for t in toks[k + 1 :] if not t.punct}


def _stated_affiliation(src: Text, ev: Evidence, person: list[str]) -> tuple[set[str], str]:
    """The capitalised words of the apposition the cited text gives a person, and the
    apposition as written ("Léa Fontaine, president of the Circle of Young Farmers (CJA),
    said" -> {circle, young, farmers, cja}), or (set(), "") when it gives none."""
    toks = src.toks
    for n in ev.names_in(src):
        if not person or n.words[-1] != person[-1]:
            continue
        if n.end >= len(toks) or toks[n.end].text != ",":
            continue
        out: set[str] = set()
        k = n.end + 1
        while k < min(len(toks), n.end + APPOSITION_REACH) and toks[k].text not in (
            ",",
            ".",
            ";",
            ":",
        ):
            t = toks[k]
            if t.cap and not t.punct and t.low not in _TITLES and t.low not in CONTENT_STOPWORDS:
                out.add(t.low)
            k += 1
        return out, " ".join(t.text for t in toks[n.end + 1 : k])
    return set(), ""


def _by_measure(norm: str, m: re.Match[str]) -> bool:
    """Whether "according to" says by what measure something is done, not who says it: inside
    a clause, right after a word (a verb: "set according to", "paid according to"; not after a
    comma or at the start), and before a name that only qualifies a common noun ("the Rhine's
    level")."""
    before = norm[: m.start()].split()
    word = before[-1] if before else ""
    if not word.isalpha() or not word.islower():
        return False
    after = norm[m.end(1) :].split()
    return m.group(1).endswith(("'s", "’s")) and bool(after) and after[0][:1].islower()


_BASED = re.compile(r"([A-Z][\w'’]*)-based\b")  # "the Lisbon-based council": Lisbon


def check_attribution(claim: Text, ev: Evidence) -> Verdict | None:
    """An attributed claim names the author, the outlet, or a speaker of the cited text."""
    norm = normalize(claim.raw)
    speakers: set[str] | None = None
    in_cited: set[str] = set()
    groups: set[int | None] = set()
    verbatim = _verbatim_quotes(norm, ev)
    for rx in _ATTRIBUTIONS:
        for m in rx.finditer(norm):
            if any(a <= m.start(1) < b for a, b in verbatim):
                continue  # "X says" inside a verbatim quotation is the source's own sentence
            who = analyze(m.group(1))
            words = [
                t.low
                for t in who.toks
                if not t.punct and t.low not in _TITLES and t.low not in CONTENT_STOPWORDS
            ]
            words = [
                w for w in words if w[:1].isalpha() and w not in _WEEKDAYS and w not in _MONTHS
            ]
            if not words or not who.toks[0].cap:
                continue  # "on Friday said": a day says nothing
            if all(w in OPENERS for w in words):
                continue  # "Several reports say": a word that opens sentences, no one's name
            if rx is _ATTRIBUTIONS[0] and _by_measure(norm, m):
                continue  # "a surcharge set according to the Rhine's level": a measure
            # "Columnist Gregory Hale": a role noun capitalised at the start is not a name.
            words = [w for w in words if stem(w) not in ev.common] or words
            # "the Lisbon-based Coastal Shippers Council": where it is based describes it, and
            # the place is checked as a name of its own (the cited text must have it).
            based = {p.lower() for p in _BASED.findall(m.group(1)) if ev.pool.has(p.lower())}
            if based:
                words = [w for w in words if w not in based | {"based"}] or words
            if all(stem(w) in stance("meta") for w in words):
                continue  # "Analysts say": the sources themselves, no one else
            if (
                len(words) == 1
                and words[0].endswith("s")
                and actor_noun(words[0])
                and ev.cited_pool.has(words[0])
            ):
                # "Officials said …" opening the claim where the cited "Officials, speaking on
                # condition of anonymity, said": the people the text has, not a name.
                continue
            if len(words) > 1 and _alias_group(" ".join(words)) is not None:
                # "Addis Ababa says": a name of several words that is one alias (a capital
                # for its country) is one speaker, looked up whole.
                words = [" ".join(words)]
            elif len(words) > 1 and who.toks[0].low == words[0] and m.start(1) == 0:
                words = words[1:]
            whole = " ".join(t.low for t in who.toks if not t.punct)
            if state_speaks(words, ev) or state_speaks([whole], ev):
                continue  # "Warsaw says" where the ministry speaks: the state's own voice
            if speakers is None:
                context = analyze(" ".join(s.context for s in ev.sources))
                in_cited = _speakers(ev.cited, ev, strict=True)
                speakers = (
                    _speakers(ev.cited, ev) | _speakers(context, ev) | _generic_speakers(ev.cited)
                )
                if _pronoun_speaks(ev.cited):
                    speakers |= {w for n in ev.names_in(context) for w in n.words}
                groups = {_alias_group(w) for w in speakers} - {None}
            # Unless the claim names a cited document's own author or outlet: in a synthesis
            # one source may quote an official while another is the analyst's own text.
            other = (
                ""
                if all(ev.meta_pool.has(w) or _initials_of_cited(w, ev) for w in words)
                else (_another_speaker(in_cited, words, claim, groups))
            )
            if other:
                return Verdict(
                    "unsupported",
                    f"the cited text presents '{other.title()}' as saying this, not '{m.group(1)}'",
                    "attribution",
                )
            # "David Kirichenko of the Henry Jackson Society argues": where a vouched-for
            # person works needs only to be in what is cited (the piece's bio line).
            person, affiliation = _affiliated(who)
            works = bool(person) and all(_vouched(x, ev, speakers, groups) for x in person)
            stated, shown_as = _stated_affiliation(ev.cited, ev, person) if works else (set(), "")
            named = {w for w in affiliation if w[:1].isalpha() and w not in CONTENT_STOPWORDS}
            heads = (named & _ORGANISATION_HEADS, stated & _ORGANISATION_HEADS)
            if (
                stated
                and named
                and (not named & stated or (all(heads) and not heads[0] & heads[1]))
            ):
                # "Léa Fontaine of the FNPA" where the cited text makes her "president of the
                # Circle of Young Farmers (CJA)": another organisation, a changed name.
                return Verdict(
                    "unsupported",
                    f"the cited text has {' '.join(person).title()} as '{shown_as}'",
                    "names",
                )
            described = _described(words, ev, speakers, groups)
            if all(
                _vouched(w, ev, speakers, groups)
                or (works and w in affiliation and ev.pool.has(w))
                or w in described
                for w in words
            ):
                outlet = m.group(2) if rx.groups >= 2 and m.lastindex == 2 else None
                if outlet:
                    out_words = [t.low for t in analyze(outlet).toks if t.content]
                    if not all(ev.meta_pool.has(w) for w in out_words):
                        return Verdict(
                            "unsupported",
                            f"'{outlet}' is not the outlet of {ev.docs}",
                            "attribution",
                        )
                continue
            shown = m.group(1)
            if all(ev.cited_pool.has(w) for w in words):
                return Verdict(
                    "unsupported",
                    f"the cited text does not present '{shown}' as saying this",
                    "attribution",
                )
            return Verdict(
                "unsupported",
                f"'{shown}' is neither in the cited text nor the author or outlet of {ev.docs}"
                + ev.meta_note(),
                "attribution",
            )
    return None
