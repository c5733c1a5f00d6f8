"""Names in a text: runs of capitalised words, titles, nationality words, alias groups."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from briefing.corpus.patterns import NAME_PARTICLES
from briefing.text.lexicons import section, words
from briefing.text.textnorm import CONTENT_STOPWORDS
from briefing.verification.lexicon import aliases
from briefing.verification.tokens import (
    _COUNTRY_ENDINGS,
    _DEMONYM_ENDINGS,
    _MONTHS,
    _TITLES,
    _WEEKDAYS,
    SPEECH_STEMS,
    Text,
    Tok,
    analyze,
)


@dataclass
class Name:
    """A run of capitalised tokens (with "of"/"the"/"for" inside) in a text."""

    start: int
    end: int  # exclusive
    words: list[str]  # lowercase keys of the significant tokens (no titles, no stop-words)
    titles: list[str]
    key: str  # what the role check compares: alias group, else the last significant word
    adjectival: bool  # a nationality word before a common noun ("French media")


def _alias_group(word: str) -> int | None:
    return aliases().get(word)


def _name_key(words: list[str]) -> str:
    joined = " ".join(words)
    for cand in (joined, words[-1], words[0]):
        g = _alias_group(cand)
        if g is not None:
            return f"#{g}"
    return words[-1]


def capitalised(text: Text) -> set[str]:
    """Words `text` capitalises in mid-sentence: evidence that they are names."""
    return {t.low for t in text.toks if t.cap and not t.initial and not t.punct}


def lowercase_stems(text: Text) -> set[str]:
    """Stems of the words `text` writes in lower case: evidence that they are common words."""
    return {t.stem for t in text.toks if not t.cap and not t.punct}


# Words that open English sentences and are not names (beyond the stop-words).
OPENERS = frozenset(section("english.txt", "openers"))
_COMMON_SUFFIXES = (
    "ing",
    "ed",
    "ly",
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ance",
    "ence",
    "ous",
    "ive",
    "ful",
    "less",
    "able",
    "ible",
    "ies",
    "ists",
    "ers",
    "ors",
    "ants",
    "ents",
    "ysts",
    "ists",
    "erts",
)


def _looks_like_a_name(t: Tok, common: set[str]) -> bool:
    """A sentence-initial word no text writes in lower case and that is not shaped like one."""
    return (
        t.low not in OPENERS
        and t.stem not in common
        and not t.low.endswith(_COMMON_SUFFIXES)
        and t.low.isalpha()
    )


DIVERGE = frozenset(section("english.txt", "divergence"))
# A state's own nouns: "the Danish state", "the Swedish government" name the country itself.
_STATE_NOUNS = frozenset(section("english.txt", "state_offices")) | {"state", "authorities"}


def _plural_of(toks: list[Tok], i: int) -> bool:
    """A sentence-initial plural followed by "of" ("Estimates of the group's strength",
    "Accounts of Ankara's aims") or whose clause says they part ways ("Sources differ on",
    "Reactions to the plan diverge"): a common noun framing what follows, not a name."""
    low = toks[i].low
    if len(low) <= 4 or not low.endswith("s") or low.endswith(("ss", "us", "is")):
        return False
    if i + 1 < len(toks) and toks[i + 1].low == "of":
        return True
    for t in toks[i + 1 : i + 9]:
        if t.punct and t.text in ".;:":
            break
        if t.low in DIVERGE and not t.cap:
            return True
    return False


def names(
    text: Text, known: frozenset[str] | set[str] = frozenset(), common: set[str] | None = None
) -> list[Name]:
    """Capitalised names; a sentence-initial word counts when it looks like a name.

    `known` holds words capitalised mid-sentence elsewhere (in the claim or the sources):
    "Argentina defeated Brazil" makes "Argentina" a name when a source says "... to Argentina".
    `common` holds stems written in lower case somewhere; when given, a sentence-initial word
    outside it that is not shaped like a common word ("Smith met ...") counts as a name.
    """
    toks, out, i = text.toks, [], 0
    while i < len(toks):
        t = toks[i]
        if not (t.cap and not t.punct) or not (
            _starts_name(toks, i, known)
            or (
                common is not None
                and t.initial
                and t.low not in CONTENT_STOPWORDS
                and _looks_like_a_name(t, common)
                and not _plural_of(toks, i)
                and not _ordinary_alone(toks, i)
            )
        ):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            u = toks[j]
            if u.cap and not u.punct:
                j += 1
                continue
            if (
                u.text == "."
                and toks[j - 1].low in _TITLES
                and j + 1 < len(toks)
                and toks[j + 1].cap
                and not toks[j + 1].punct
            ):
                j += 1  # "Rep. Ana Ortiz", "Gen. Hale": a title's abbreviation goes on
                continue
            # "Institute for the Study of War": connectors inside a capitalised run, and the
            # particles of a person's name ("Pieter van Dijk").
            k = j
            while (
                k < len(toks)
                and (
                    toks[k].low in ("of", "the", "for")
                    or toks[k].text in NAME_PARTICLES
                    # "the Department of Budget and Management", "the Ministry of Energy and
                    # Mines": an "and" inside a name of something "of" (not "and the …")
                    or (
                        toks[k].low == "and"
                        and any(u.low == "of" for u in toks[i:k])
                        and k + 1 < len(toks)
                        and toks[k + 1].cap
                    )
                )
            ):
                k += 1
            if k > j and k < len(toks) and toks[k].cap and not toks[k].punct:
                j = k
            else:
                break
        if i and toks[i - 1].initial and toks[i - 1].cap and not toks[i - 1].punct:
            # "New Delhi argues": a sentence's first word that opens a known name with the run
            rest = " ".join(u.low for u in toks[i:j] if not u.punct)
            if _alias_group(f"{toks[i - 1].low} {rest}") is not None:
                i -= 1
        run = toks[i:j]
        words = [
            u.low
            for u in run
            if not u.punct
            and u.low not in _TITLES
            and u.text not in NAME_PARTICLES
            and u.low not in CONTENT_STOPWORDS
            and u.low not in _MONTHS
            and u.low not in _WEEKDAYS
        ]
        full = [u.low for u in run if not u.punct and u.low not in _TITLES]
        if len(full) > len(words) and _alias_group(" ".join(full)) is not None:
            words = full  # "New Delhi", "New Zealand": a known name keeps its common word
        titles = [u.low for u in run if u.low in _TITLES]
        if words or titles:
            nxt = toks[j] if j < len(toks) else None
            adjectival = bool(
                words
                and nxt is not None
                and not nxt.punct
                and not nxt.cap
                and nxt.content
                and _is_demonym(words[-1])
            )
            # "the Slavization of Poland" is about Slavization: the key is the part before "of".
            cut = next((k for k, u in enumerate(run) if u.low in ("of", "for")), len(run))
            head = [w for w in words if w in {u.low for u in run[:cut]}] or words
            # Unless the whole name is a country's ("the Republic of Korea"): that is the key.
            whole = _alias_group(" ".join(words)) if words else None
            if whole is None and head and set(head) <= _STATE_NOUNS and cut < len(run):
                # "the Government of the Philippines" is the country, as "the Philippine
                # government" is.
                after = [w for w in words if w not in head]
                whole = _alias_group(" ".join(after)) if after else None
            key = f"#{whole}" if whole is not None else _name_key(head) if words else titles[-1]
            if adjectival and nxt is not None:
                # "~": a description, not a name; but "the Danish state", "the Swedish
                # government" name the country itself.
                group = _alias_group(words[-1])
                state = nxt.low in _STATE_NOUNS and group is not None
                key = f"#{group}" if state else "~" + words[-1] + " " + nxt.low
            out.append(Name(i, j, words, titles, key, adjectival))
        i = j
    return out


def _starts_name(toks: list[Tok], i: int, known: frozenset[str] | set[str]) -> bool:
    t = toks[i]
    if t.low in _MONTHS or t.low in _WEEKDAYS or t.text == "I":
        return False
    if not t.initial:
        return not (t.low in CONTENT_STOPWORDS and t.low != "us")
    # A capital at the start of a sentence is a name only with other evidence.
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if t.low in CONTENT_STOPWORDS:
        return False
    if t.low in known or t.low in aliases() or t.text.endswith(("'s", "s'")) or t.text.isupper():
        return True
    if nxt is None:
        return False
    if t.low in _TITLES:
        return nxt.cap and not nxt.punct  # "Governor Alice Wu ..."
    # "Smith says" names Smith; "Several reports say" opens with a word that is never a name.
    return nxt.text in (":", "(") or (nxt.stem in SPEECH_STEMS and t.low not in OPENERS)


def _ordinary_alone(toks: list[Tok], i: int) -> bool:
    """A word English knows only as an ordinary one ("Analysts", "Wary", "Prompt"), not
    followed by another capitalised word ("Delta Policy Centre" is a name all the same) other
    than a people's ("Permit Mexican officials …")."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if ordinary_word(toks[i].low) and nxt is not None and _is_demonym(nxt.low):
        return True  # "Permit Mexican consular officials …": a list item's verb, then a people
    return ordinary_word(toks[i].low) and not (nxt is not None and nxt.cap and not nxt.punct)


def ordinary_word(low: str) -> bool:
    """Whether English knows a lower-case word only as an ordinary word, never as a name
    (WordNet 3.0, `common_words.txt`): the word itself or, for a plural, its singular
    ("analysts", "policies"). Not "torres" for the unit "torr": a plural in -es only after
    a hissing sound ("taxes", "speeches")."""
    common = words("common_words.txt")
    if low in common:
        return True
    if low.endswith("ies") and low[:-3] + "y" in common:
        return True
    if low.endswith(("ches", "shes", "sses", "xes", "zes")) and low[:-2] in common:
        return True
    return low.endswith("s") and not low.endswith("ss") and low[:-1] in common


def common_plural(n: Name, text: Text) -> bool:
    """A name that is one sentence-initial plural English knows only as an ordinary word
    ("Analysts say", "Reactions:"): a class of people or things, not someone's name. (It
    still acts in a sentence: "Officials said" has a speaker.)"""
    t = text.toks[n.start]
    return n.end - n.start == 1 and t.initial and t.low.endswith("s") and ordinary_word(t.low)


def _is_demonym(word: str) -> bool:
    g = _alias_group(word)
    if g is not None:
        # Country names that end like demonyms: Iran, Japan, Pakistan, Sudan ...
        return word.endswith(_DEMONYM_ENDINGS) and not word.endswith(_COUNTRY_ENDINGS)
    return word.endswith(("ian", "ese", "ish")) or word in ("french", "dutch", "greek", "swiss")


def _word_variants_match(a: str, b: str) -> bool:
    """Poland/Polish-style pairs by prefix: Canada/Canadian, Zelensky/Zelenskyy, West/Western."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 4:
        return False
    for base in (short, short[:-1]):
        if long_.startswith(base) and long_[len(base) :] in (
            "n",
            "an",
            "ans",
            "ian",
            "ians",
            "ns",
            "s",
            "es",
            "ese",
            "ish",
            "i",
            "is",
            "y",
            "ern",
            "erns",
            "ic",
        ):
            return True
    return False


_SPEECH_NOUNS = frozenset(tuple(w.split("-")) for w in section("english.txt", "speech_nouns"))


def speech_noun(toks: list[Tok], i: int) -> bool:
    """Whether the speech word at `i` opens a noun ("think tank", "talk show")."""
    return i + 1 < len(toks) and (toks[i].low, toks[i + 1].low) in _SPEECH_NOUNS


def speaks(text: Text, n: Name, strict: bool = False) -> bool:
    """Whether `text` presents the name as a speaker: a speech verb just before or after it
    ("said Wang", "Wang said"), "according to" before it, or an interview's "Wang:" label.
    Not `strict`, a bare "as" before it counts too ("as Biden put it"); strict, it does not
    ("as weak as Biden")."""
    toks = text.toks
    lead = ("according",) if strict else ("according", "as")
    before = range(max(0, n.start - 3), n.start)
    end = n.end
    if end + 2 < len(toks) and toks[end].text == "(" and toks[end + 2].text == ")":
        end += 3  # "The Coastal Shippers Council (CSC), a trade group, said": its acronym
    after = range(end, min(len(toks), end + 3))
    # A place inside an apposition ("Rosa Ibarra, director at a feed group in Sonora, said")
    # is where the speaker works, not who speaks.
    placed = n.start > 0 and toks[n.start - 1].low in _PLACE_PREPS
    return (
        any(
            (toks[i].stem in SPEECH_STEMS and not speech_noun(toks, i)) or toks[i].low in lead
            for i in before
        )
        or (
            not placed
            and any(
                toks[i].stem in SPEECH_STEMS and not toks[i].punct and not speech_noun(toks, i)
                for i in after
            )
        )
        or bool(after and toks[end].text == ":")
        or _speaks_after_apposition(toks, end)
    )


_PLACE_PREPS = frozenset(["in", "near"])
APPOSITION_REACH = 14  # words of ", purchasing director at a feed group in Sonora," after a name


def after_apposition(toks: list[Tok], end: int) -> int:
    """The index of the word after the apposition that follows a name ending at `end`
    ("Rosa Ibarra, purchasing director at a feed group, said": said), or -1 when no
    apposition closes within APPOSITION_REACH words of the sentence."""
    if end >= len(toks) or toks[end].text != ",":
        return -1
    for k in range(end + 1, min(len(toks), end + APPOSITION_REACH)):
        if toks[k].text in (".", ";", ":", '"'):
            return -1
        if toks[k].text == ",":
            return k + 1 if k + 1 < len(toks) else -1
    return -1


def _speaks_after_apposition(toks: list[Tok], end: int) -> bool:
    """A verb of speech right after the apposition that follows the name."""
    k = after_apposition(toks, end)
    return k >= 0 and toks[k].stem in SPEECH_STEMS and not speech_noun(toks, k)


def names_at(names: list[Name]) -> dict[int, Name]:
    """Each token index inside a name, with the name."""
    return {k: n for n in names for k in range(n.start, n.end)}


def speaks_for(src: Text, start: int) -> set[str]:
    """The capitalised words before a speaker's role noun ("Commerce Ministry spokesperson")."""
    toks = src.toks
    k = start - 1
    if k < 0 or toks[k].low not in _TITLES:
        return set()
    while k >= 0 and toks[k].low in _TITLES and not toks[k].cap:
        k -= 1
    found: set[str] = set()
    while k >= 0 and toks[k].cap and not toks[k].punct and len(found) < 4:
        found.add(toks[k].low)
        k -= 1
    return found


def _longest_group(words: list[str]) -> int | None:
    """The alias group of the longest run of `words` that names one ("new south wales", not
    its "wales")."""
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            group = _alias_group(" ".join(words[start : start + size]))
            if group is not None:
                return group
    return None


@lru_cache(maxsize=1024)
def leaders(raw: str) -> frozenset[tuple[str, str]]:
    """(person key, "#group") for each "Russian President Vladimir Putin" of a text: a person
    the text itself names with a nationality and a title of office acts for that country."""
    text = analyze(raw)
    out = set()
    for n in names(text, capitalised(text), lowercase_stems(text)):
        if not n.titles or len(n.words) < 2:
            continue
        group = _longest_group(n.words[:-1])
        if group is not None and _alias_group(n.words[-1]) is None:
            out.add((n.words[-1], f"#{group}"))
    return frozenset(out)
