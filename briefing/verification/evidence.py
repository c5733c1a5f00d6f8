"""What a claim is checked against: its located citations together, and the verdict type."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from briefing.text.textnorm import LIST_ITEM
from briefing.verification.lexicon import _multiword_aliases, institution_heads
from briefing.verification.names import (
    Name,
    _alias_group,
    _word_variants_match,
    capitalised,
    lowercase_stems,
    names,
)
from briefing.verification.tokens import Text, analyze

Label = Literal["supported", "unsupported", "contradicted"]


@dataclass(frozen=True)
class CitedText:
    """One located citation: its text, the sentences around it, and its document's metadata."""

    text: str
    context: str = ""
    doc: str = ""
    author: str = ""
    outlet: str = ""
    title: str = ""
    voices: str = ""  # the document's lead and the names its body presents as speaking
    counts: tuple[str, ...] = ()  # the document's sentences that count something ("four groups")
    date: str = ""  # the document's date (ISO, from ingest's metadata)
    # The document's sentences that name someone with a title of office ("Russian President
    # Vladimir Putin"): who acts for which country, wherever in the piece it is said.
    offices: tuple[str, ...] = ()
    # Stems the whole document writes in lower case: a sentence-initial "Sources" or
    # "Reactions" is a common word when the piece writes it so anywhere.
    lowercase: frozenset[str] = frozenset()
    document: str = ""  # the whole document (the full form of a name the citation shortens)


@dataclass(frozen=True)
class Verdict:
    """A support decision: the label, the reason shown to the analyst, and the check that decided."""

    label: Label
    reason: str = ""
    check: str = ""
    # Hard: a changed number, name, date, negation, antonym, role or attribution, which no
    # reading rescues. Soft: a doubt the rules cannot settle, which a model judge may settle.
    hard: bool = True
    # The stem of the word the finding is about (a negated head, an antonym), when one is.
    about: str = ""

    @property
    def ok(self) -> bool:
        """Whether the claim is carried by what it cites."""
        return self.label == "supported"


SUPPORTED = Verdict("supported")


@dataclass
class _Pool:
    """Every word a name in the claim may be found among, with alias groups."""

    words: set[str]
    groups: set[int]
    lower: str
    initials: set[str] = field(default_factory=set)  # "ev" for "electric vehicles", "aepi"
    cap_words: set[str] = field(default_factory=set)  # capitalised words mid-sentence: names
    # Whether an institution's short name ("the Commission") counts where the text names its
    # group: for what a text says, not for who speaks (a speaker is named as the text names it).
    institutions: bool = True

    def has(self, word: str) -> bool:
        if word in self.words:
            return True
        g = _alias_group(word)
        if g is not None and g in self.groups:
            return True
        if self.institutions and institution_heads().get(word, frozenset()) & self.groups:
            return True  # "the Commission" where the text names the Berlaymont or the EU
        return any(_word_variants_match(word, w) for w in self.words if w[:2] == word[:2])


def _pool(texts: Iterable[str], institutions: bool = True) -> _Pool:
    words: set[str] = set()
    lowers = []
    initials: set[str] = set()
    cap_words: set[str] = set()
    groups: set[int] = set()
    for raw in texts:
        if not raw:
            continue
        part = _text_pool(raw)
        words |= part.words
        groups |= part.groups
        initials |= part.initials
        cap_words |= part.cap_words
        lowers.append(part.lower)
    return _Pool(words, groups, " \n ".join(lowers), initials, cap_words, institutions)


@lru_cache(maxsize=4096)
def _text_pool(raw: str) -> _Pool:
    """One text's words, alias groups and initialisms, computed once per text (the same
    document's metadata and voices are read for every claim that cites it)."""
    t = analyze(raw)
    lows = [tok.low for tok in t.toks]
    words = {tok.low for tok in t.toks if not tok.punct}
    groups = {g for w in words if (g := _alias_group(w)) is not None}
    multi = _multiword_aliases()
    plain = [w for w in lows]
    for n in (2, 3, 4):
        for i in range(len(plain) - n + 1):
            g = multi.get(" ".join(plain[i : i + n]))
            if g is not None:
                groups.add(g)
    # Capitalised words in names: mid-sentence, or opening a sentence with another after them
    # ("Global Liner Council said …").
    toks = t.toks
    caps = {
        tok.low
        for i, tok in enumerate(toks)
        if tok.cap
        and tok.low.isalpha()
        and (not tok.initial or (i + 1 < len(toks) and toks[i + 1].cap))
    }
    return _Pool(words, groups, t.lower, initialisms(lows), caps)


_ACRONYM_SKIP = frozenset(["of", "the", "for", "and", "on", "in", "de", "&"])


_LETTERS = re.compile(r"[^\W\d_]+")


def voice_words(s: CitedText, *more: str) -> set[str]:
    """The lowercase words of a cited document's author, outlet and voices (and of `more`):
    whom a claim may name as its holder."""
    return set(_LETTERS.findall(" ".join([s.author, s.outlet, s.voices, *more]).lower()))


# "the Department of Transportation (DOTr)": a name, then the short form it is given.
_DEFINED = re.compile(
    r"((?:[A-Z][\w'’.-]*\s+(?:(?:of|for|and|on|the|de|del|des|la|le)\s+)*)+)"
    r"\(\s*([A-Za-z][A-Za-z.&-]{1,9})\s*\)"
)


def defined_acronyms(texts: Iterable[str]) -> dict[str, set[str]]:
    """Short forms the texts define in parentheses after a name, lowercased, with the name's
    lowercase words ("dotr" -> {"department", "of", "transportation"}): an acronym whose
    letters need not be the name's initials."""
    out: dict[str, set[str]] = {}
    for text in texts:
        for m in _DEFINED.finditer(text):
            out.setdefault(m.group(2).lower(), set()).update(m.group(1).lower().split())
    return out


def initialisms(words: list[str], longest: int = 6) -> set[str]:
    """First letters of every run of 2 to `longest` words ("electric vehicles" -> "ev"),
    connectors skipped ("Institute for the Study of War" -> "isw"): what an acronym stands for.
    """
    out: set[str] = set()
    for i in range(len(words)):
        letters = ""
        for w in words[i : i + longest + 3]:
            if not w[:1].isalpha():
                break
            if w in _ACRONYM_SKIP:
                continue
            # A code inside a name gives all its letters: "US Trade Representative" (keyed
            # "u.s.") is "USTR", "UN Security Council" is "UNSC".
            code = w.replace(".", "")
            letters += code if w.endswith(".") and len(w) == 2 * len(code) else w[0]
            if len(letters) >= 2:
                out.add(letters)
            if len(letters) >= longest:
                break
    return out


# --- the checks ---------------------------------------------------------------------------


@dataclass
class Evidence:
    """What a claim is checked against: its located citations, merged."""

    cited: Text
    sources: list[CitedText]
    pool: _Pool  # cited text, context, title, author, outlet
    cited_pool: _Pool  # the cited text alone
    meta_pool: _Pool  # author and outlet only
    voice_pool: _Pool  # author, outlet, title and the documents' voices (lead, speakers)
    known: set[str] = field(default_factory=set)  # words capitalised mid-sentence anywhere
    common: set[str] = field(default_factory=set)  # stems written in lower case anywhere
    context_stems: set[str] = field(default_factory=set)  # every stem around and above the spans
    counts: list[str] = field(default_factory=list)  # the documents' counting sentences
    dates: set[float] = field(default_factory=set)  # year and month (0-11) of their dates

    _names: dict[int, list[Name]] = field(default_factory=dict)

    def names_in(self, text: Text) -> list[Name]:
        """`names(text, known, common)`, computed once per text while these are the evidence
        (each check reads the claim's and the cited text's names)."""
        found = self._names.get(id(text))
        if found is None:
            found = self._names[id(text)] = names(text, self.known, self.common)
        return found

    def meta_note(self) -> str:
        """ " (doc: author, outlet)" for the reasons that name the cited documents."""
        meta = "; ".join(
            dict.fromkeys(
                f"{s.doc}: {s.author or 'no author'}, {s.outlet or 'no outlet'}"
                for s in self.sources
                if s.doc
            )
        )
        return f" ({meta})" if meta else ""

    @property
    def docs(self) -> str:
        return (
            ", ".join(dict.fromkeys(s.doc for s in self.sources if s.doc)) or "the cited document"
        )


def make_evidence(sources: Sequence[CitedText]) -> Evidence:
    """Merge the located citations of one claim into what the checks read."""
    cited = analyze("\n".join(s.text for s in sources))
    every = [s.text for s in sources] + [s.context for s in sources] + [s.title for s in sources]
    meta = [s.author for s in sources] + [s.outlet for s in sources]
    known: set[str] = set()
    common: set[str] = set()
    around: set[str] = set()
    for raw in every + meta:
        if raw:
            known |= capitalised(analyze(raw))
            common |= lowercase_stems(analyze(raw))
    for s in sources:
        common |= s.lowercase
    for raw in every:
        if raw:
            around |= {t.stem for t in analyze(raw).toks}
    return Evidence(
        cited=cited,
        sources=list(sources),
        pool=_pool(every + meta),
        cited_pool=_pool(s.text for s in sources),
        meta_pool=_pool(meta, institutions=False),
        voice_pool=_pool(
            meta + [s.title for s in sources] + [s.voices for s in sources], institutions=False
        ),
        known=known,
        common=common,
        context_stems=around,
        counts=[c for s in sources for c in s.counts],
        dates=_date_parts(s.date for s in sources),
    )


def _date_parts(dates: Iterable[str]) -> set[float]:
    """Year and month (counted from 0, as the numbers check counts months) of ISO dates."""
    out: set[float] = set()
    for d in dates:
        parts = d[:10].split("-")
        if len(parts) >= 1 and parts[0].isdigit():
            out.add(float(parts[0]))
        if len(parts) >= 2 and parts[1].isdigit():
            out.add(float(int(parts[1]) - 1))
    return out


def list_item(s: CitedText) -> bool:
    """Whether the cited text stands on a numbered or bulleted line of its document ("4. A
    10% equity stake for workers"): an item of a list, which its context shows."""
    line = next((x for x in s.context.splitlines() if s.text.strip()[:40] in x), s.text)
    return LIST_ITEM.match(line) is not None
