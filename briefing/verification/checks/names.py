"""Names, titles and nationality words of the claim must be in what it cites."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.verification.evidence import Evidence, Verdict, _pool
from briefing.verification.lexicon import (
    abbreviations,
    actor_noun,
    aliases,
    country_region,
    demonyms,
    stance,
)
from briefing.verification.names import (
    Name,
    _alias_group,
    _is_demonym,
    common_plural,
    leaders,
)
from briefing.verification.tokens import (
    _TITLES,
    SPEECH_STEMS,
    Text,
    analyze,
    plural_possessive,
)


def _bound_nationality(ev: Evidence, name_word: str) -> str:
    """The nationality word the cited text puts right before `name_word`'s name, if any."""
    src = ev.cited
    for n in ev.names_in(src):
        if name_word in n.words:
            for w in src.toks[n.start : n.end]:
                if _is_demonym(w.low) and w.low != name_word:
                    return w.text
    return ""


def _acronym_of(surface: str, ev: Evidence) -> bool:
    """An all-capitals word ("EV", "EVs", "AEPI") whose words the cited text spells out."""
    word = surface.removesuffix("s") if surface[:-1].isupper() else surface
    if not (word.isupper() and word.isalpha() and 2 <= len(word) <= 6):
        return False
    low = word.lower()
    if low in ev.pool.initials or low in ev.voice_pool.initials:
        return True
    # A common noun's abbreviation ("EVs" where the text says "electric cars") names no one.
    first = abbreviations().get(low)
    if first is not None and ev.pool.has(first):
        return True
    # A one-word name's own abbreviation, its capitals read from inside it ("VW" for
    # "Volkswagen"): the first letter opens the name, the others follow in order.
    return any(
        len(w) >= 2 * len(low) + 2 and w[0] == low[0] and _in_order(low[1:], w[1:])
        for w in ev.pool.cap_words
    )


def _in_order(letters: str, word: str) -> bool:
    rest = iter(word)
    return all(ch in rest for ch in letters)


_ROLE_ENDINGS = (
    "ist",
    "ists",
    "yst",
    "ysts",
    "er",
    "ers",
    "or",
    "ors",
    "ian",
    "ians",
    "ant",
    "ent",
    "ary",
)  # "Analyst Elin Brekke"


def _role_noun(claim: Text, n: Name, w: str, ev: Evidence) -> bool:
    """ "Columnist Gregory Hale": a role noun opening a sentence before a name the cited text
    or its metadata has is a description, like a title, not a name of its own."""
    first = claim.toks[n.start]
    rest = [x for x in n.words if x != w]
    return (
        first.low == w
        and first.initial
        and w.endswith(_ROLE_ENDINGS)
        and _alias_group(w) is None  # "Russian President X" is a nationality, not a role
        and not _is_demonym(w)
        and bool(rest)
        and all(ev.pool.has(x) or ev.voice_pool.has(x) for x in rest)
    )


def _bare(text: str) -> str:
    return text.replace("'", "").replace("’", "")


def _in_document(claim: Text, n: Name, w: str, ev: Evidence) -> bool:
    """A name the cited document writes in full, of which the claim has more than the cited
    text: "Gitugi Hills Tea Factory" where the cited sentence says "Gitugi Hills" (another of
    its words is in the cited text), or "Lindenhof economist Felix Brandauer" where the piece
    is the Lindenhof Institute's and Brandauer is in what is cited (the name describes a
    person the citation vouches for). A name the piece only mentions elsewhere, standing on
    its own, is still not what the citation says."""
    surface = " ".join(t.text for t in claim.toks[n.start : n.end]).removesuffix("'s")
    surface = _bare(surface.removesuffix("’s"))
    # Compared without apostrophes: tokens drop a plural's ("Coastal Fishers' Union").
    if not any(surface in _bare(s.document) for s in ev.sources if s.document):
        return False
    rest = [x for x in n.words if x != w]
    if rest and any(ev.cited_pool.has(x) for x in rest):
        return True
    if rest and any(ev.pool.has(x) for x in rest) and _person(claim, n):
        return True  # "Pieter van Dijk" where the interview's title and label say "Van Dijk"
    # A describer right before a role noun and a person the citation vouches for.
    toks = claim.toks
    k = n.end
    if (
        k < len(toks)
        and not toks[k].cap
        and toks[k].low.endswith("s")
        and actor_noun(toks[k].low)
        and toks[k].stem in {t.stem for t in ev.cited.toks}
    ):
        return True  # "the Forum ministers" where the cited text has "the ministers"
    if k < len(toks) and not toks[k].cap and toks[k].low.endswith(_ROLE_ENDINGS):
        person = [t.low for t in toks[k + 1 : k + 4] if t.cap and not t.punct]
        return bool(person) and all(ev.pool.has(x) or ev.voice_pool.has(x) for x in person)
    return False


_SPEAKER_AFTER = ("'s view", "'s reading")
VIEW_VERBS = frozenset(section("english.txt", "view_verbs"))


def _presented_as_speaker(claim: Text, n: Name) -> bool:
    """Whether the claim presents this name as the one who says or holds the view: a
    reporting verb right after it (or after its apposition), "according to" before it, or
    "in X's view/reading"."""
    toks = claim.toks
    holds = SPEECH_STEMS | stance("reporting") | stance("intent")
    before = toks[max(0, n.start - 2) : n.start]
    if [t.low for t in before[-1:]] == ["in"] or (
        n.end < len(toks) and toks[n.end - 1].text.endswith("'s")
    ):
        return True  # "in Zhao's view", "Zhao's request"
    if (
        len(before) == 2
        and before[1].low == "by"
        and (before[0].stem in holds or before[0].low in ("made", "voiced", "raised", "expressed"))
    ):
        return True  # "a point made by Zhao", not "led by spokesperson Zhou"
    for t in reversed(toks[: n.start]):
        if t.text in (".", ";", ":"):
            break
        if t.low == "according":
            return True  # "according to the Ledger, officials and Wen Jiahui"
    if n.end < len(toks) and toks[n.end].text == ":":
        return True  # "Vladimir Fesenko: “…”", a quotation attributed to its speaker
    opening = toks[max(0, n.start - 4) : n.start]
    if (
        n.end < len(toks)
        and toks[n.end].text == ","
        and any(t.low == "for" and t.initial for t in opening)
        and all(not t.cap or t.initial or _is_demonym(t.low) for t in opening)
    ):
        return True  # "For Irish farm leader Aoife Brennan, …": the view is hers
    if n.end < len(toks) and toks[n.end].text == "," and not toks[n.start].initial:
        return False  # "the delegation, led by Zhou Lan, pressed for": the verb is the head's
    for t in toks[n.end : n.end + 6]:
        if t.text in (".", ";", ":"):
            break
        if (
            t.stem in holds
            or t.low in VIEW_VERBS
            or t.low in ("denies", "denied", "rejects", "rejected")
        ):
            return True  # "Zhao Ming says", "Zhao Ming wants", "Zhao, China's envoy, denies"
    return False


def _affiliation(claim: Text, n: Name, ev: Evidence) -> set[str]:
    """ "Agora Institute's Marta Kowalska": the words before a possessive inside a name, when
    the person after it is an author or voice of the cited documents, are where that person
    works, which the documents' headers and bylines vouch for as they vouch for the person."""
    toks = claim.toks[n.start : n.end]
    k = next((i for i, t in enumerate(toks[:-1]) if t.text.endswith(("'s", "’s"))), None)
    if k is None:
        # "Ingvar Magnússon of the Reykjavík Institute": one run of capitals, the person
        # before "of", "at" or "from", where the person works after it.
        at = next((i for i, t in enumerate(toks) if i and t.low in _AFFILIATED), 0)
        person = [t.low for t in toks[:at] if t.cap]
        if len(person) >= 2 and all(ev.pool.has(w) or ev.voice_pool.has(w) for w in person):
            return {t.low for t in toks[at + 1 :] if t.cap}
        return set()
    person = [t.low for t in toks[k + 1 :]]
    if not person or not all(ev.pool.has(w) or ev.voice_pool.has(w) for w in person):
        return set()
    return {t.low.removesuffix("'s") for t in toks[: k + 1]}


_AFFILIATED = frozenset(["of", "at", "from"])
ROLE_REACH = 4  # lower-case words of a role between a person and "at": ", a researcher at the"


def _apposed(claim: Text, n: Name, ev: Evidence) -> set[str]:
    """ "Kuipers, of the Rhine Institute for Rural Policy,": a name after "of", "at" or "from"
    in an apposition to a person the documents vouch for is where that person works, which
    their bylines vouch for as they vouch for the person."""
    toks = claim.toks
    k = n.start - 1 if n.start and toks[n.start - 1].low == "the" else n.start
    if not (k and toks[k - 1].low in _AFFILIATED):
        return set()
    j = k - 1
    while j and not toks[j - 1].cap and not toks[j - 1].punct and k - 1 - j < ROLE_REACH:
        j -= 1
    if j and toks[j - 1].text == ",":
        end = j - 1  # "Kuipers, of the Rhine Institute": an apposition after the person
    elif j == k - 1:
        end = j  # "Ingvar Magnússon of the Reykjavík Institute suspects": right after
    else:
        return set()
    for m in ev.names_in(claim):
        if m.end == end and all(ev.pool.has(w) or ev.voice_pool.has(w) for w in m.words):
            return set(n.words)
    return set()


def _person(claim: Text, n: Name) -> bool:
    """Whether a name reads as a person's: two or three capitalised words, none an institution's."""
    toks = [t for t in claim.toks[n.start : n.end] if t.cap]
    return 2 <= len(toks) <= 3 and not any(_alias_group(t.low) is not None for t in toks)


def _led(ev: Evidence) -> set[int]:
    """The countries whose office holder the cited text names ("Putin", where the document
    calls him "Russian President Vladimir Putin"): a claim may name the country for him."""
    out: set[int] = set()
    for s in ev.sources:
        for x in (s.text, s.context, s.voices, *s.offices):
            for person, group in leaders(x) if x else ():
                if ev.cited_pool.has(person):
                    out.add(int(group[1:]))
    return out


def _titled_elsewhere(ev: Evidence, title: str, surname: str) -> bool:
    """Whether a sentence of a cited document gives this person this title of office."""
    for src in ev.sources:
        for sentence in src.offices:
            words = {t.low for t in analyze(sentence).toks}
            if title in words and surname in words:
                return True
    return False


def _people(n: Name) -> bool:
    """Whether a name is a people in the plural ("Filipinos", "Kenyans"): a description of
    who is meant, as a nationality before a noun is."""
    word = n.words[0] if len(n.words) == 1 else ""
    return word.endswith("s") and word[:-1] in demonyms()


def _in_documents(ev: Evidence, group: int) -> bool:
    """Whether a cited document names the country or people of an alias group anywhere."""
    return any(group in _pool([s.document]).groups for s in ev.sources if s.document)


_GOVERNMENT_KINDS = frozenset(["federal", "national", "central", "the", "two", "both"])
STATE_OFFICES: frozenset[str] = frozenset(section("english.txt", "state_offices"))


def _government(text: Text) -> bool:
    """Whether a text names a government only by its kind: "the federal government", "the
    ministry"."""
    toks = text.toks
    return any(
        (t.low in STATE_OFFICES or t.low.removesuffix("s") in STATE_OFFICES)
        and i
        and toks[i - 1].low in _GOVERNMENT_KINDS
        for i, t in enumerate(toks)
    )


def check_names(claim: Text, ev: Evidence) -> Verdict | None:
    """Names, titles and nationality words of the claim must be in the cited text or metadata."""
    # "Analysts say": a class of people opening the claim names no one the citations must.
    found = [n for n in ev.names_in(claim) if not common_plural(n, claim)]
    claimed = {
        g
        for n in found
        for w in [" ".join(n.words), *n.words]
        if (g := _alias_group(w)) is not None
    }
    for n in found:
        for w in n.titles:
            if w in ev.pool.words or w in ("former", "mr", "mrs", "ms", "dr"):
                continue
            if n.words and _titled_elsewhere(ev, w, n.words[-1]):
                continue  # "State Rep. Marisol Treviño, a Democrat, said …" earlier in the piece
            person = n.words[-1].title() if n.words else ""
            return Verdict(
                "unsupported",
                f"the cited text does not call {person or 'anyone'} '{w.title()}'",
                "names",
            )
        # A country, capital or institution must be in the cited text itself (or the
        # documents' metadata), or named around it while the cited text names no other
        # country the claim leaves out: "Germany introduced" where the cited sentence says
        # the Netherlands did, with Germany in the sentence before, is a swap.
        countries = ev.cited_pool.groups | ev.meta_pool.groups | _led(ev)
        whole = _alias_group(" ".join(n.words))
        if whole is not None and whole in countries:
            continue  # "United States" where the cited text says "U.S." or "America"
        if whole is not None and whole in ev.pool.groups and not (countries - claimed):
            continue  # named around the cited text, and the cited text names no other
        if whole is not None and (n.adjectival or _people(n)) and _in_documents(ev, whole):
            # A nationality that describes an actor ("German engine plants", "British
            # buyers") where the piece is about that country: a description, not a country
            # doing what the cited text has another one do.
            continue
        if (
            whole is not None
            and not (ev.cited_pool.groups - claimed)
            and _government(ev.cited)
            and _in_documents(ev, whole)
        ):
            continue  # "Vienna" for "the federal government" in a piece about Austria
        if whole is not None and not _presented_as_speaker(claim, n):
            return Verdict(
                "unsupported",
                f"the cited text does not name '{' '.join(t.text for t in claim.toks[n.start : n.end])}'",
                "names",
            )
        # The documents' voices (their lead, speakers, bylines) vouch for a name only where the
        # claim presents it as holding the view ("Fesenko argues", "according to Zhou"): a
        # name the claim puts into the content must be in what it cites, or a swap of two
        # people or countries of the same document would pass ("led by spokesperson Zhou Lan").
        speaker = _presented_as_speaker(claim, n)
        affiliation = _affiliation(claim, n, ev) | _apposed(claim, n, ev)
        body = len(n.words) > 1 and n.words[-1] in _BODIES
        if body and (changed := _body_renamed(claim, n, ev)):
            return Verdict(
                "unsupported",
                f"the documents do not name '{changed}'",
                "names",
            )
        for w in n.words:
            if body and w != n.words[-1] and _only_lower(w, ev):
                pass  # "the World Shipping Council" where the text has "the world's shipping lines"
            elif ev.pool.has(w) or ((speaker or w in affiliation) and ev.voice_pool.has(w)):
                continue
            surface = next(
                (t.text for t in claim.toks[n.start : n.end] if t.low == w), w
            ).removesuffix("'s")
            if _acronym_of(surface, ev):
                continue
            if _role_noun(claim, n, w, ev):
                continue
            if _in_document(claim, n, w, ev):
                continue
            if _is_demonym(w) and len(n.words) > 1:
                bound = _bound_nationality(ev, n.words[-1])
                if bound:
                    return Verdict(
                        "contradicted",
                        f"the claim calls {n.words[-1].title()} '{surface}',"
                        f" the cited text '{bound}'",
                        "names",
                    )
            return Verdict(
                "unsupported",
                f"'{surface}' is neither in the cited text nor the author or outlet of {ev.docs}"
                + ev.meta_note(),
                "names",
            )
    return None


_BODIES = frozenset(section("english.txt", "reporting_bodies"))


def _body_renamed(claim: Text, n: Name, ev: Evidence) -> str:
    """An organisation's name of several capitalised words ending in a body ("the World
    Shipping Council") that the documents never write as one: each word may be in them ("the
    world's shipping lines", "the Council"), the organisation is not. "" when they name it
    (or when the name is one word and a body: "the Council")."""
    toks = claim.toks
    run: list[str] = []
    for t in reversed(toks[n.start : n.end]):
        if not t.cap or t.punct or t.text.endswith(("'s", "’s")) or _alias_group(t.low):
            break  # "China's Commerce Ministry": the body is what follows its country
        run.insert(0, t.low)
    if len(run) < 3 or run[-1] not in _BODIES:
        return ""
    phrase = " ".join(run)
    texts = [ev.pool.lower, *(analyze(s.document).lower for s in ev.sources if s.document)]
    if any(phrase in x for x in texts):
        return ""
    return " ".join(t.text for t in toks[n.end - len(run) : n.end])


def _only_lower(w: str, ev: Evidence) -> bool:
    """Whether a word of an organisation's name is in the evidence only as an ordinary word,
    never capitalised in a name or an alias ("World" of "the World Shipping Council" where
    the text says "the world's shipping lines"): it does not vouch for the name. (The body's
    own noun is not asked: "the union" names the union the piece names in full.)"""
    return (
        w not in ev.pool.cap_words
        and w not in ev.voice_pool.cap_words
        and _alias_group(w) is None
        and ev.pool.has(w)
    )


def _bound(text: Text, ev: Evidence) -> list[tuple[str, str, str]]:
    """(owner, noun stem, surface) of each nationality word bound to a thing ("Chinese brandy")."""
    out = []
    toks = text.toks
    for n in ev.names_in(text):
        if n.end >= len(toks):
            continue
        joined = " ".join(n.words)
        group = _alias_group(joined)
        if group is None and len(n.words) == 1:
            group = _alias_group(n.words[0])
        noun = toks[n.end]
        # A country's possessive binds a thing as its demonym does: "Egypt's delegation" is
        # the "Egyptian delegation", not the "Ethiopian delegation".
        owned = (
            group is not None
            and country_region(group) is not None
            and toks[n.end - 1].text.endswith(("'s", "’s"))
            and noun.content
            and not noun.cap
            and not noun.punct
        )
        # A plural possessive ("the Baltic States' defense budget") binds a thing to a group
        # of its own, which no country's demonym is: "German defence budget" is another's.
        surface = " ".join(t.text for t in toks[n.start : n.end])
        plural_owner = (
            group is None
            and len(n.words) > 1
            and noun.content
            and not noun.cap
            and not noun.punct
            and plural_possessive(text, surface)
        )
        if not (n.adjectival or owned or plural_owner):
            continue
        owner = f"#{group}" if group is not None else joined
        surface = " ".join(t.text for t in toks[n.start : n.end + 1])
        out.append((owner, noun.stem, surface))
    return out


def _region(owner: str) -> str | None:
    """A country owner's region names, or None for a region, bloc or people ("European")."""
    return country_region(int(owner[1:])) if owner.startswith("#") else None


def _compatible(a: str, b: str) -> bool:
    """Two owners that may be one: equal, a country inside a region the other names ("Irish"
    farmers are "European" farmers), or two regions (whose overlap no data here settles)."""
    if a == b:
        return True
    ra, rb = _region(a), _region(b)
    if ra is not None and rb is not None:
        return False  # two different countries
    if ra is None and rb is None:
        return True
    region, other = (ra, b) if ra is not None else (rb or "", a)
    words = _show_owner(other)
    return bool(words) and (words in region or words.rstrip("n") in region or words[:-2] in region)


def _show_owner(owner: str) -> str:
    """An owner as words: a group's first names ("european union" for the EU), else itself."""
    if owner.startswith("#"):
        names_ = [n for n, g in aliases().items() if g == int(owner[1:])]
        # The bloc is named by its continent's word as writers use it: "european".
        return next((n for n in names_ if n.endswith(("an", "ean"))), names_[0] if names_ else "")
    return owner


OFFICE_REACH = 3  # title words between a country's possessive and the person holding the office


def _offices(text: Text, ev: Evidence) -> dict[str, tuple[int, str]]:
    """Surname -> (alias group, surface) of each person a country's possessive gives an
    office: "Vanuatu's foreign minister, Ralph Iaruel" / "Fiji's Foreign Minister Ralph Iaruel"."""
    toks, out = text.toks, {}
    found = ev.names_in(text)
    starts = {n.start: n for n in found}
    for n in found:
        if not n.words or not toks[n.start].text.endswith(("'s", "’s")):
            continue
        group = _alias_group(n.words[0])
        if group is None:
            continue
        if n.titles and len(n.words) >= 3:  # "Fiji's Foreign Minister Ralph Iaruel": one name
            out[n.words[-1]] = (group, " ".join(t.text for t in toks[n.start : n.end]))
            continue
        k = n.end
        while k < len(toks) and k - n.end < OFFICE_REACH and not (toks[k].cap or toks[k].punct):
            k += 1
        if k == n.end or toks[k - 1].low not in _TITLES:
            continue  # "Norway's fisheries minister": the office ends with its title
        if k < len(toks) and toks[k].text == ",":
            k += 1
        person = starts.get(k)
        if person is not None and len(person.words) >= 2:
            surface = " ".join(t.text for t in toks[n.start : person.end]).replace(" ,", ",")
            out[person.words[-1]] = (group, surface)
    return out


def check_nationality(claim: Text, ev: Evidence) -> Verdict | None:
    """A thing given another nationality: "Chinese brandy" where the cited text says "European
    brandy" (whose goods, shops or firms they are is who gains or loses); a person given
    another country's office ("Fiji's foreign minister" for Vanuatu's)."""
    cited_offices = _offices(ev.cited, ev)
    for surname, (group, surface) in _offices(claim, ev).items():
        office = cited_offices.get(surname)
        if office is not None and office[0] != group:
            return Verdict(
                "contradicted", f"the claim says '{surface}', the cited text '{office[1]}'", "names"
            )
    theirs = _bound(ev.cited, ev)
    for owner, noun, surface in _bound(claim, ev):
        same = [o for o, n, _ in theirs if n == noun]
        if same and not any(_compatible(owner, o) for o in same):
            other = next(s for o, n, s in theirs if n == noun)
            return Verdict(
                "contradicted", f"the claim says '{surface}', the cited text '{other}'", "names"
            )
    return None


def _objects(text: Text, ev: Evidence) -> list[tuple[str, str, str]]:
    """(verb stem, owner, surface) for each verb followed within two words by a people named
    by a nationality word ("punish European consumers", "protect French farmers")."""
    toks, out = text.toks, []
    for n in ev.names_in(text):
        if not n.adjectival or n.end >= len(toks):
            continue
        group = _alias_group(" ".join(n.words))
        if group is None and len(n.words) == 1:
            group = _alias_group(n.words[0])
        owner = f"#{group}" if group is not None else " ".join(n.words)
        for k in range(max(0, n.start - 3), n.start):
            t = toks[k]
            if (
                t.content
                and not t.cap
                and not t.punct
                and not any(u.punct for u in toks[k : n.start])
            ):
                surface = " ".join(u.text for u in toks[k : n.end + 1])
                out.append((t.stem, owner, surface))
    return out


def check_victim(claim: Text, ev: Evidence) -> Verdict | None:
    """Another people at the receiving end of the same verb: "the duties punish Chinese
    carmakers" where the cited text says they "punish European consumers"."""
    theirs = _objects(ev.cited, ev)
    for verb, owner, surface in _objects(claim, ev):
        same = [(o, s) for v, o, s in theirs if v == verb]
        if same and not any(_compatible(owner, o) for o, _ in same):
            return Verdict(
                "contradicted",
                f"the claim says '{surface}', the cited text '{same[0][1]}'",
                "beneficiary",
            )
    return None
