"""Packaged word lists the checks read (briefing/data/), loaded once."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

from briefing.text.lexicons import data_lines, section
from briefing.text.textnorm import CONTENT_STOPWORDS, stem


@lru_cache(maxsize=1)
def _actor_words() -> frozenset[str]:
    return frozenset(w for line in data_lines("actor_nouns_wordnet.txt") for w in line.split())


def actor_noun(low: str) -> bool:
    """Whether a lower-case word (or its plural) is a noun for people or an organised group
    ("owners", "committee"), from WordNet's noun.person and noun.group
    (`data/actor_nouns_wordnet.txt`). As written, not by stem: the stem of "compromiser" is
    the verb's."""
    words = _actor_words()
    if low in words:
        return True
    if low.endswith("ies"):
        return low[:-3] + "y" in words
    if low.endswith("es") and low[:-2] in words:
        return True
    return low.endswith("s") and not low.endswith("ss") and low[:-1] in words


@lru_cache(maxsize=1)
def wordnet_antonyms() -> dict[str, frozenset[str]]:
    """Word -> its opposites as written, from WordNet's adjectives and adverbs (read once).

    Matched by the word itself, not its stem: "wrong" is the opposite of the adjective
    "right", not of the noun "rights" that shares its stem."""
    out: dict[str, set[str]] = {}
    for line in data_lines("antonyms_wordnet.txt"):
        left, _, right = line.partition("|")
        a, b = set(left.lower().split()), set(right.lower().split())
        for x in a:
            out.setdefault(x, set()).update(b - a)
        for y in b:
            out.setdefault(y, set()).update(a - b)
    return {k: frozenset(v) for k, v in out.items() if v}


@lru_cache(maxsize=1)
def derivations() -> dict[str, frozenset[str]]:
    """Stem -> the stems of its other forms WordNet records ("flatter" -> "flatteri"), read once."""
    pairs = (line.partition("|") for line in data_lines("derivations_wordnet.txt"))
    return _both_ways((left.strip().lower(), right.strip().lower()) for left, _, right in pairs)


@lru_cache(maxsize=1)
def verb_synonyms() -> dict[str, frozenset[str]]:
    """Stem -> stems of the verbs WordNet puts in one of its first senses ("mention" ->
    "refer", "cite", …), both ways, read once."""
    lines = (line.partition(":") for line in data_lines("synonyms_wordnet.txt"))
    return _both_ways((verb.strip(), other) for verb, _, rest in lines for other in rest.split())


@lru_cache(maxsize=1)
def modifier_synonyms() -> dict[str, frozenset[str]]:
    """Stem -> stems of the adjectives and adverbs WordNet puts in one of its first senses
    or "similar to" them ("lucrative" -> "profitable", "roughly" -> "about"), both ways."""
    return _content_synonyms("modifiers_wordnet.txt")


@lru_cache(maxsize=1)
def noun_synonyms() -> dict[str, frozenset[str]]:
    """Stem -> stems of the nouns WordNet puts in its first sense ("role" -> "part",
    "bargain" -> "deal"), both ways, read once."""
    return _content_synonyms("nouns_wordnet.txt")


def _content_synonyms(name: str) -> dict[str, frozenset[str]]:
    """A WordNet synonym list ("word: synonym …") read both ways, stop-words left out: a
    stop-word is no synonym worth having ("along" / "on" would hold every "on")."""
    lines = (line.partition(":") for line in data_lines(name))
    return _both_ways(
        (word.strip(), other)
        for word, _, rest in lines
        for other in rest.split()
        if other not in CONTENT_STOPWORDS and word.strip() not in CONTENT_STOPWORDS
    )


def _both_ways(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Stem -> the stems it is linked to, each pair of words linked both ways (itself never)."""
    out: dict[str, set[str]] = {}
    for x, y in pairs:
        a, b = stem(x), stem(y)
        if a != b:
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


def with_forms(stems: frozenset[str]) -> frozenset[str]:
    """The stems and every other form of them (`derivations`): what a text holds in any form."""
    forms = derivations()
    return stems.union(*(forms.get(s, ()) for s in stems))


@lru_cache(maxsize=1)
def antonyms() -> dict[str, frozenset[str]]:
    """Stem -> stems of its opposites, from the packaged lexicon (read once)."""
    out: dict[str, set[str]] = {}
    for line in data_lines("antonyms.txt"):
        left, _, right = line.partition("|")
        a = {stem(w) for w in left.lower().split()}
        b = {stem(w) for w in right.lower().split()}
        for x in a:
            out.setdefault(x, set()).update(b - a)
        for y in b:
            out.setdefault(y, set()).update(a - b)
    return {k: frozenset(v) for k, v in out.items() if v}


@lru_cache(maxsize=1)
def kin() -> dict[str, frozenset[str]]:
    """Stem -> stems on the same side of an opposition in `antonyms.txt` ("ready" ~ "eager"):
    words an opposition lists together mean nearly the same thing."""
    out: dict[str, set[str]] = {}
    for line in data_lines("antonyms.txt"):
        for side in line.partition("|")[::2]:
            words = {stem(w) for w in side.lower().split()}
            for w in words:
                out.setdefault(w, set()).update(words)
    return {k: frozenset(v) for k, v in out.items()}


def code_form(code: str) -> str:
    """How an all-capitals code ("US", "USA") is keyed: dotted, so it never meets a word ("can")."""
    return "".join(f"{c}." for c in code.lower())


def _country_names(entry: dict[str, object]) -> list[str]:
    """A countryinfo entry's names: common name, alternative spellings, capital, demonym."""
    names: list[str] = []
    common = str(entry.get("name") or "")
    names.append(common)
    for alt in entry.get("altSpellings") or []:  # type: ignore[attr-defined]
        alt = str(alt)
        # ISO codes are all capitals; keyed dotted, as the tokenizer keys "US" and "U.S.".
        names.append(code_form(alt) if alt.isupper() and len(alt) <= 3 else alt)
    capital = str(entry.get("capital") or "")
    if capital:
        names.append(capital)
        # "Washington D.C." is written "Washington" as often as not.
        names.append(capital.split(" D.C.")[0].split(",")[0])
    demonym = str(entry.get("demonym") or "")
    if demonym:
        names.append(demonym)
        if demonym.endswith(("an", "i", "o")):
            names.append(demonym + "s")  # "Russians", "Pakistanis", "Filipinos"
    return [n.strip().lower() for n in names if n.strip()]


@lru_cache(maxsize=1)
def aliases() -> dict[str, int]:
    """Lowercase name -> alias group id: a country's names, codes, capital and demonym
    (countryinfo's data), its people's nouns and other names (WordNet's) and the seats of
    power and institutions of `data/institutions.txt`.
    """
    from countryinfo import CountryInfo

    out: dict[str, int] = {}
    groups: dict[str, int] = {}
    countries = CountryInfo.all()
    # A name two entries share ("American": the United States and American Samoa) goes to
    # the more populous: the one a news text means far more often.
    order = sorted(countries, key=lambda k: (-int(countries[k].get("population") or 0), k))
    for i, key in enumerate(order):
        entry = countries[key]
        for name in _country_names(dict(entry)):
            out.setdefault(name, i)
        groups[str(entry.get("name") or key).lower()] = i
        groups.setdefault(key.replace("_", " "), i)
    next_id = len(countries)
    _COUNTRY_REGIONS.clear()
    for i, key in enumerate(order):
        entry = countries[key]
        _COUNTRY_REGIONS[i] = " / ".join(
            str(entry.get(k) or "").lower() for k in ("region", "subregion", "intermediateregion")
        )
    # A country's people in WordNet's nouns ("Dane", "Poles"), beside countryinfo's adjective,
    # and the other names WordNet gives a country ("Kazakh", "Burma", "Holland"), where no
    # other country has the word ("China" for Taiwan stays China's).
    for listed in ("peoples_wordnet.txt", "countries_wordnet.txt"):
        for line in data_lines(listed):
            place, _, names = line.partition(":")
            group = out.get(place.strip())
            if group is not None:
                for name in names.split():
                    out.setdefault(name, group)
    for line in data_lines("institutions.txt"):
        head, _, rest = line.partition(":")
        head = head.strip()
        if head not in groups:
            groups[head] = next_id
            out.setdefault(head, next_id)
            next_id += 1
        for name in rest.split(","):
            if name.strip():
                # The lexicon wins over a code or capital another country happens to share.
                out[name.strip()] = groups[head]
    return out


@lru_cache(maxsize=1)
def institution_heads() -> dict[str, frozenset[int]]:
    """The last word of an institution's name of several words -> its alias groups ("commission"
    of "european commission"): once a text names the institution's group, "the Commission"
    is that institution. Only `institutions.txt`'s names (not countries': "Africa" of "South
    Africa" is a continent), and never a word that is a name of its own."""
    table = aliases()
    out: dict[str, set[int]] = {}
    for line in data_lines("institutions.txt"):
        rest = line.partition(":")[2]
        for name in rest.split(","):
            words = name.strip().split()
            if len(words) > 1 and words[-1] not in table:
                out.setdefault(words[-1], set()).add(table[name.strip()])
    return {w: frozenset(g) for w, g in out.items()}


@lru_cache(maxsize=1)
def capitals() -> frozenset[str]:
    """Lowercase capital cities (countryinfo's data): the places a wire's dateline names."""
    from countryinfo import CountryInfo

    out = set()
    for entry in CountryInfo.all().values():
        capital = str(entry.get("capital") or "").lower()
        if capital:
            out.add(capital.split(" d.c.")[0].split(",")[0].strip())
    return frozenset(out)


@lru_cache(maxsize=1)
def demonyms() -> frozenset[str]:
    """Lowercase demonyms (countryinfo's data): "filipino", "kenyan", "chilean"."""
    from countryinfo import CountryInfo

    return frozenset(
        str(entry.get("demonym") or "").lower().strip()
        for entry in CountryInfo.all().values()
        if entry.get("demonym")
    )


# Country group -> its region names from countryinfo ("europe / northern europe / ").
_COUNTRY_REGIONS: dict[int, str] = {}


def country_region(group: int) -> str | None:
    """The region names of a country's group ("europe / northern europe"), None if not a country."""
    aliases()
    return _COUNTRY_REGIONS.get(group)


def party_key(word: str) -> str:
    """One key for a country's names, capital and demonym ("#12"); any other word as itself."""
    g = group_of(word)
    return f"#{g}" if g is not None else word


def group_of(surface: str) -> int | None:
    """The alias group of a name as written ("US", "U.S.", "Kremlin's", "Moscow"), or None."""
    table = aliases()
    word = surface.strip().removesuffix("'s").removesuffix("’s")
    if word.isupper() and word.isalpha() and 2 <= len(word) <= 3:
        g = table.get(code_form(word))
        if g is not None:
            return g
    low = word.lower().strip("'’")
    for cand in (low, low.rstrip("."), low + "." if low.count(".") else low):
        if cand in table:
            return table[cand]
    return None


@lru_cache(maxsize=1)
def _multiword_aliases() -> dict[str, int]:
    """The names of more than one word ("united states", "white house"), with their groups."""
    return {n: g for n, g in aliases().items() if " " in n}


_read_section = section  # stance()'s parameter is named "section" too


@cache
def stance(section: str) -> frozenset[str]:
    """Porter stems of one section of `data/stance.txt` (intent, accomplished, certain, ...),
    over every line that opens with its name."""
    return frozenset(stem(w.lower()) for w in _read_section("stance.txt", section))


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Common-noun abbreviation -> the first word of what it stands for ("ev" -> "electric"),
    from `data/abbreviations.txt`."""
    out: dict[str, str] = {}
    for line in data_lines("abbreviations.txt"):
        short, _, long = line.partition(":")
        if long.split():
            out[short.strip()] = long.split()[0]
    return out


@lru_cache(maxsize=1)
def irregular_verbs() -> dict[str, str]:
    """Irregular past form -> base form ("said" -> "say"), from `data/irregular_verbs.txt`."""
    out: dict[str, str] = {}
    for line in data_lines("irregular_verbs.txt"):
        forms, _, base = line.partition(":")
        for form in forms.split():
            out[form.strip()] = base.strip()
    return out


# Adverbs whose adjective means something else ("hardly" is not "hard", "nearly" not "near").
_DRIFTED = frozenset(section("english.txt", "kept_adverbs")) | frozenset(
    ["shortly", "lately", "fairly", "highly", "pretty", "only", "early"]
)


def adjective_of(adverb: str) -> str:
    """The adjective of a manner adverb, as WordNet writes it ("easily" -> "easy", "clearly"
    -> "clear"), or '' (not an -ly adverb, or one whose adjective means something else)."""
    if not adverb.endswith("ly") or adverb in _DRIFTED or len(adverb) < 5:
        return ""
    return adverb[:-3] + "y" if adverb.endswith("ily") else adverb[:-2]
