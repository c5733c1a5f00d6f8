"""Officials: a state said to speak by its capital or its name where the cited text has its
government speak, and an office given to another person than its holder."""

from __future__ import annotations

from briefing.verification.checks.names import STATE_OFFICES
from briefing.verification.evidence import Evidence, Verdict, _pool
from briefing.verification.lexicon import country_region
from briefing.verification.names import Name, _alias_group, _is_demonym
from briefing.verification.tokens import SPEECH_STEMS, Text, analyze

SPEAKER_REACH = 6  # tokens from an office to its verb: "the government spokesman, Jan Nowak, said"
OWNER_REACH = 3  # tokens from a country to its office: "Ukraine's agriculture minister"
_ADDRESSING = frozenset(["tell", "tells", "told", "telling"])  # "told the ministry": addressed
_ENDS = frozenset([".", ";", "?", "!", ":"])


def state_speaks(words: list[str], ev: Evidence) -> bool:
    """Whether a claim's speaker of one name ("Warsaw", "Norway") is a country whose government
    speaks in the cited text: an office in the speaker's place ("Fisheries Minister Marit
    Halvorsen said", "a spokesman for the Ministry of Agriculture said") or as the subject of
    what is reported ("said the government shared", "that the ministry is studying"), no other
    country's, and the country named in a cited document."""
    if len(words) != 1:
        return False
    group = _alias_group(words[0])
    if group is None:
        return False
    if not any(group in _pool([s.document]).groups for s in ev.sources if s.document):
        return False
    if any(_owned_by(ev.cited, i, group) for i in _speaking_offices(ev.cited)):
        return True
    return _officials_of(ev.cited, group)


_OFFICIALS = frozenset(["officials", "diplomats", "negotiators"])


def _officials_of(text: Text, group: int) -> bool:
    """Whether the country's own officials speak: "Indian officials argue …" for "New Delhi
    argues" (the country named right before them, a speech verb right after)."""
    toks = text.toks
    for i, t in enumerate(toks[1:], 1):
        if t.low not in _OFFICIALS or _alias_group(toks[i - 1].low) != group:
            continue
        ahead = toks[i + 1 : i + 1 + SPEAKER_REACH]
        reach = next((k for k, u in enumerate(ahead) if u.text in _ENDS), len(ahead))
        if any(u.stem in SPEECH_STEMS for u in ahead[:reach]):
            return True
    return False


def _speaking_offices(text: Text) -> list[int]:
    """Indices of the office words that speak or whose words are reported."""
    toks, out = text.toks, []
    for i, t in enumerate(toks):
        if t.low not in STATE_OFFICES:
            continue
        ahead = toks[i + 1 : i + 1 + SPEAKER_REACH]
        reach = next((k for k, u in enumerate(ahead) if u.text in _ENDS), len(ahead))
        if any(u.stem in SPEECH_STEMS for u in ahead[:reach]):
            out.append(i)
            continue
        # "…," said Lagos Transportation Commissioner Olumide Bakare: a title after the verb,
        # only capitalised words between (not "told the ministry": the one addressed).
        k = i - 1
        while k >= 0 and toks[k].cap and not toks[k].punct and i - k <= SPEAKER_REACH:
            k -= 1
        if t.cap and k >= 0 and toks[k].stem in SPEECH_STEMS and toks[k].low not in _ADDRESSING:
            out.append(i)
            continue
        before = [u.low for u in toks[max(0, i - 2) : i]]
        if len(before) == 2 and before[1] == "the":
            verb = toks[i - 2]
            if before[0] == "that" or (verb.stem in SPEECH_STEMS and verb.low not in _ADDRESSING):
                out.append(i)
    return out


def _owned_by(text: Text, i: int, group: int) -> bool:
    """Whether the office at `i` is not another country's ("Ukraine's agriculture minister")."""
    for t in text.toks[max(0, i - OWNER_REACH) : i]:
        owner = _alias_group(t.low)
        if owner is not None and country_region(owner) is not None and owner != group:
            return False
    return True


def _office(n: Name) -> tuple[tuple[str, ...], str] | None:
    """(the office, its holder) of a titled name of three words or more, the holder's name
    being its last two: "Vice Minister of Commerce Zhao Minghui" -> (("commerce", "minister",
    "vice"), "zhao minghui"); the country a title is of is left out ("Indian Commerce
    Minister …")."""
    words = [w for w in n.words if _alias_group(w) is None and not _is_demonym(w)]
    if not n.titles or len(words) < 3:
        return None
    return tuple(sorted({*n.titles, *words[:-2]})), " ".join(words[-2:])


def check_office_holder(claim: Text, ev: Evidence) -> Verdict | None:
    """An office given to another person than the one the cited documents give it to ("Vice
    Minister of Commerce Sun Lei" where they name Zhao Minghui so, and Sun Lei a
    spokesperson)."""
    mine = [(o, n) for n in ev.names_in(claim) if (o := _office(n)) is not None]
    if not mine:
        return None
    holders: dict[tuple[str, ...], set[str]] = {}
    texts = [ev.cited, *(analyze(x) for s in ev.sources for x in (s.context, *s.offices) if x)]
    for text in texts:
        for n in ev.names_in(text):
            found = _office(n)
            if found is not None:
                holders.setdefault(found[0], set()).add(found[1])
    for (office, holder), n in mine:
        theirs = holders.get(office, set())
        if theirs and holder not in theirs:
            return Verdict(
                "contradicted",
                f"the cited text gives the office of '{' '.join(t.text for t in claim.toks[n.start : n.end])}'"
                f" to {', '.join(sorted(w.title() for w in theirs))}",
                "names",
            )
    return None
