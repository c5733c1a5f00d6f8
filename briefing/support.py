"""Meaning-level support: does the cited text say what the claim says?

The verifier proves that a quote is real and that the claim shares its content words
(`verify.py`). Shared words are not shared meaning: "the board did not approve the plan"
shares every word of "the board approved the plan". This module reads a claim next to the text it cites
and the cited documents' metadata, and returns `supported`, `unsupported` or
`contradicted` with a reason an analyst can read. It is pure (no I/O, no model),
deterministic, and a few hundred microseconds a claim.

Each check is a small function over two tokenized texts; the first to object decides:

* numbers: years, amounts, percentages, months and number words in the claim must be
  in the cited text (a different one of the same kind contradicts);
* negation: a negated predicate on one side only (not, never, n't, no, without, fail to,
  refuse to, avoid, un-/non- words ...), judged on the head word the negation governs,
  so a claim that keeps the source's own negation in other words passes;
* antonyms: a word of intent, stance or change whose opposite (package lexicon
  `data/antonyms.txt`) the cited text uses about the same thing;
* names: capitalised names, titles and nationality words bound to a name must be in the
  cited text, its surrounding sentences, or the document's author, outlet or title;
* attribution: "according to X", "X writes/says/argues ...", "X (Outlet): \"...\"" needs X
  to be the author or outlet, or a speaker the cited text names;
* roles: the same two actors around the same verb with their roles reversed contradicts;
  another named actor doing what the cited text says someone else did is unsupported;
* hedges: a proposition the source only reports as someone's claim, hope, belief or fear,
  stated as fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

from briefing.textnorm import CONTENT_STOPWORDS, normalize, stem

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


@dataclass(frozen=True)
class Verdict:
    """A support decision: the label, the reason shown to the analyst, and the check that decided."""

    label: Label
    reason: str = ""
    check: str = ""

    @property
    def ok(self) -> bool:
        """Whether the claim is carried by what it cites."""
        return self.label == "supported"


SUPPORTED = Verdict("supported")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _words_list(text: str) -> list[str]:
    return text.split()


# --- lexicons -----------------------------------------------------------------------------


def _data_lines(name: str) -> list[str]:
    text = resources.files("briefing").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def antonyms() -> dict[str, frozenset[str]]:
    """Stem -> stems of its opposites, from the packaged lexicon (read once)."""
    out: dict[str, set[str]] = {}
    for line in _data_lines("antonyms.txt"):
        left, _, right = line.partition("|")
        a = {stem(w) for w in left.lower().split()}
        b = {stem(w) for w in right.lower().split()}
        for x in a:
            out.setdefault(x, set()).update(b - a)
        for y in b:
            out.setdefault(y, set()).update(a - b)
    return {k: frozenset(v) for k, v in out.items() if v}


@lru_cache(maxsize=1)
def aliases() -> dict[str, int]:
    """Lowercase name -> alias group id (country, demonym, capital, seat of government)."""
    out: dict[str, int] = {}
    for i, line in enumerate(_data_lines("aliases.txt")):
        for name in line.split(","):
            out.setdefault(name.strip(), i)
    return out


@lru_cache(maxsize=1)
def _multiword_aliases() -> tuple[tuple[str, int], ...]:
    return tuple((n, g) for n, g in aliases().items() if " " in n)


# Reporting and attitude words: a proposition after them is someone's claim, not a fact.
_FRAME_WORDS = (
    "claim allege pretend convince persuade hope fear worry worried believe belief think "
    "thought suppose assume imagine insist say said tell told state warn argue assert contend "
    "suggest speculate predict report rumour rumor remark note feel felt hint accuse deny "
    "according convinced hoped hopes feared reckon"
)
# Desire frames what is wanted, not what is: "Beijing wants the two sides to agree" does not
# say that they will.
_DESIRE_WORDS = "want wants wanted wish wishes wished desire desires seek seeks sought"
_DESIRE_STEMS = frozenset(stem(w) for w in _DESIRE_WORDS.split())
FRAME_STEMS: frozenset[str] = frozenset(stem(w) for w in _FRAME_WORDS.split()) | _DESIRE_STEMS
_REPORTED = frozenset(["according", "reportedly", "allegedly", "supposedly"])
_SPEECH_WORDS = (
    "say said says tell told state states stated write writes wrote written argue argues argued "
    "claim claims claimed note notes noted warn warns warned respond responds responded remark "
    "remarks remarked report reports reported insist insists insisted predict predicts explain "
    "explains explained add adds added contend contends believe believes think thinks suggest "
    "suggests assert asserts maintain maintains conclude concludes put thought"
)
SPEECH_STEMS: frozenset[str] = frozenset(stem(w) for w in _SPEECH_WORDS.split())
_SAY = "<say>"  # the role check treats every speech verb as one verb

_NEG_WORDS = frozenset(
    _words(
        "not no never cannot without nor neither none nobody nothing nowhere lack lacks lacked lacking unable unwilling"
    )
)
# Verbs that negate the verb after "to": "failed to expel" says it was not expelled.
_NEG_BEFORE_TO = frozenset(
    _words(
        "fail fails failed failing refuse refuses refused refusing decline declines declined declining"
    )
)
_NEG_VERBS = _words("avoid avoids avoided avoiding refrain refrains refrained")
# "not only X but also Y" and friends do not negate X.
_NOT_NEGATING_NEXT = _words("only just merely least less doubt matter")
_SKIP_IN_SCOPE = _words("yet even always really necessarily still ever any way longer")

_TITLES = _words(
    "president vice prime minister secretary chancellor governor mayor senator sen rep "
    "representative ambassador general gen admiral colonel col commander chief director "
    "professor prof dr mr mrs ms sir king queen prince princess pope judge justice speaker "
    "chairman chairwoman chair ceo spokesperson spokesman spokeswoman foreign defense defence "
    "interior finance deputy former presidential state mister emperor"
)
_MONTHS = _words_list(
    "january february march april may june july august september october november december"
)
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
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_BE = _words("is are was were be been being am get gets got gotten")
_CLAUSE_WORDS = _words("but while whereas although though because")
_BOUNDARY_PUNCT = frozenset(",;:.!?()[]—–")
_FIRST_PERSON = _words("i me my we our us")
_DEMONYM_ENDINGS = ("an", "ans", "ian", "ese", "ish", "ch", "i")
_COUNTRY_ENDINGS = ("stan", "iran", "japan", "sudan", "oman", "taiwan", "bhutan", "yemen", "haiti")

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:'[^\W\d_]+)*|[,;:.!?()\[\]—–\"]"
)


# --- tokens -------------------------------------------------------------------------------


@dataclass
class Tok:
    """One token: its surface, a lowercase key without possessive, and its stem."""

    text: str
    low: str
    stem: str
    cap: bool  # starts with a capital letter
    initial: bool  # first word of a sentence, a quote or a clause after a colon
    punct: bool
    content: bool


@dataclass
class Text:
    """A tokenized text with the facts the checks need, computed once."""

    raw: str
    toks: list[Tok]
    lower: str
    negated: set[int] = field(default_factory=set)
    cues: list[tuple[int, int]] = field(default_factory=list)  # (cue index, head index)
    stems: set[str] = field(default_factory=set)

    def plain_stems(self) -> set[str]:
        """Stems of content tokens outside every negation scope."""
        return {t.stem for i, t in enumerate(self.toks) if t.content and i not in self.negated}

    def negated_stems(self) -> set[str]:
        """Stems of content tokens inside a negation scope."""
        return {self.toks[i].stem for i in self.negated}


def _key(word: str) -> str:
    w = word.lower()
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s'"):
        w = w[:-1]
    return w


@lru_cache(maxsize=8192)
def analyze(raw: str) -> Text:
    """Tokenize `raw` (typography folded) and find its negation scopes."""
    norm = normalize(raw)
    toks: list[Tok] = []
    initial = True
    for m in _TOKEN.finditer(norm):
        s = m.group()
        if s in _BOUNDARY_PUNCT or s == '"':
            toks.append(Tok(s, s, s, False, False, True, False))
            if s in '.!?:;"(':
                initial = True
            continue
        low = _key(s)
        if s.isupper() and len(s) > 1 and s.isalpha():
            low = {"US": "u.s.", "UK": "uk", "EU": "eu", "UN": "un"}.get(s, low)
        st = low if not low.isalpha() else stem(low)
        # "won" is a stop-word only as the piece of "won't", which is one token here.
        content = (
            (low not in CONTENT_STOPWORDS and len(low) > 1) or low[:1].isdigit() or low == "won"
        )
        toks.append(Tok(s, low, st, s[:1].isupper(), initial, False, content))
        initial = False
    text = Text(raw=raw, toks=toks, lower=" ".join(t.low for t in toks))
    text.stems = {t.stem for t in toks if t.content}
    _find_negations(text)
    return text


def _is_boundary(t: Tok) -> bool:
    return (t.punct and t.text != '"') or t.low in _CLAUSE_WORDS or t.low in ("and", "or")


def _is_cue(toks: list[Tok], i: int) -> bool:
    t = toks[i]
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if t.low in _NEG_WORDS or t.low.endswith("n't"):
        # A capitalised "No" mid-sentence is a name ("Mister No"); "not only" does not negate.
        return not (t.cap and not t.initial and t.low == "no") and nxt not in _NOT_NEGATING_NEXT
    if t.low in _NEG_BEFORE_TO:
        return nxt == "to"
    if t.low in _NEG_VERBS:
        return True
    prev = toks[i - 1].low if i > 0 else ""
    # "rather than B", "instead of B", "prefers A to B": B is what is not the case.
    if (t.low, prev) in (("than", "rather"), ("of", "instead")):
        return True
    if t.low == "to" and any(u.low.startswith("prefer") for u in toks[max(0, i - 6) : i]):
        return True
    # "have yet to demonstrate" = not demonstrated.
    return t.low == "yet" and nxt == "to" and prev in ("have", "has", "had")


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
    for i, t in enumerate(toks):
        if t.punct or not _is_cue(toks, i):
            continue
        head = _scope(text, i)
        if head is not None:
            text.cues.append((i, head))


def _scope(text: Text, i: int) -> int | None:
    """Mark up to three content words after the cue at `i`; return the first (the head)."""
    toks, head, n, adverb = text.toks, None, 0, None
    for j in range(i + 1, min(len(toks), i + 8)):
        t = toks[j]
        if _is_boundary(t):
            break
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
    return head if head is not None else adverb


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
_OPENERS = _words(
    "according above across after against almost along already also although amid among "
    "another around behind beyond citing despite during earlier each either elsewhere even "
    "every everyone everything finally first following given hence hoping however indeed "
    "instead last later like many meanwhile moreover most much nearly never next none "
    "nonetheless nor now often once one overall perhaps rather roughly second several since "
    "so some sometimes soon speaking still such third though thus today together two unlike "
    "whether writing yet high low new old big small large major minor local national "
    "foreign global recent early late long short full top key main other same different "
    "various certain whole entire latest former future past public private official senior "
    "junior general special social political economic military"
)
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
)


def _looks_like_a_name(t: Tok, common: set[str]) -> bool:
    """A sentence-initial word no text writes in lower case and that is not shaped like one."""
    return (
        t.low not in _OPENERS
        and t.stem not in common
        and not t.low.endswith(_COMMON_SUFFIXES)
        and t.low.isalpha()
    )


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
            # "Institute for the Study of War": connectors inside a capitalised run.
            k = j
            while k < len(toks) and toks[k].low in ("of", "the", "for"):
                k += 1
            if k > j and k < len(toks) and toks[k].cap and not toks[k].punct:
                j = k
            else:
                break
        run = toks[i:j]
        words = [
            u.low
            for u in run
            if u.low not in _TITLES and u.low not in CONTENT_STOPWORDS and u.low not in _MONTHS
        ]
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
            key = _name_key(head) if words else titles[-1]
            if adjectival and nxt is not None:
                key = "~" + words[-1] + " " + nxt.low  # "~": a description, not a name
            out.append(Name(i, j, words, titles, key, adjectival))
        i = j
    return out


def _starts_name(toks: list[Tok], i: int, known: frozenset[str] | set[str]) -> bool:
    t = toks[i]
    if t.low in _MONTHS or t.text == "I":
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
    return nxt.text in (":", "(") or nxt.stem in SPEECH_STEMS


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


@dataclass
class _Pool:
    """Every word a name in the claim may be found among, with alias groups."""

    words: set[str]
    groups: set[int]
    lower: str

    def has(self, word: str) -> bool:
        if word in self.words:
            return True
        g = _alias_group(word)
        if g is not None and g in self.groups:
            return True
        return any(_word_variants_match(word, w) for w in self.words if w[:2] == word[:2])


def _pool(texts: Iterable[str]) -> _Pool:
    words: set[str] = set()
    lowers = []
    for raw in texts:
        if not raw:
            continue
        t = analyze(raw)
        words.update(tok.low for tok in t.toks if not tok.punct)
        lowers.append(t.lower)
    lower = " \n ".join(lowers)
    groups = {g for w in words if (g := _alias_group(w)) is not None}
    padded = f" {lower} "
    groups.update(g for n, g in _multiword_aliases() if f" {n} " in padded)
    return _Pool(words, groups, lower)


# --- the checks ---------------------------------------------------------------------------


@dataclass
class Evidence:
    """What a claim is checked against: its located citations, merged."""

    cited: Text
    sources: list[CitedText]
    pool: _Pool  # cited text, context, title, author, outlet
    cited_pool: _Pool  # the cited text alone
    meta_pool: _Pool  # author and outlet only
    known: set[str] = field(default_factory=set)  # words capitalised mid-sentence anywhere
    common: set[str] = field(default_factory=set)  # stems written in lower case anywhere

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
    for raw in every + meta:
        if raw:
            known |= capitalised(analyze(raw))
            common |= lowercase_stems(analyze(raw))
    return Evidence(
        cited=cited,
        sources=list(sources),
        pool=_pool(every + meta),
        cited_pool=_pool(s.text for s in sources),
        meta_pool=_pool(meta),
        known=known,
        common=common,
    )


def _numbers(text: Text) -> list[tuple[str, str, float]]:
    """(surface, kind, value) of every number, year, percentage and month in `text`."""
    out: list[tuple[str, str, float]] = []
    toks = text.toks
    for i, t in enumerate(toks):
        if t.punct:
            continue
        nxt = toks[i + 1].low if i + 1 < len(toks) else ""
        if t.low[:1].isdigit():
            s = t.low.rstrip("%")
            try:
                value = float(s.replace(",", "")) if "," in s else float(s)
            except ValueError:
                continue
            if t.low.endswith("%") or nxt in ("percent", "per"):
                out.append((t.text, "percent", value))
                continue
            if nxt in _SCALE:
                out.append((f"{t.text} {nxt}", "amount", value * _SCALE[nxt]))
                continue
            kind = "year" if s.isdigit() and len(s) == 4 and 1000 <= value <= 2100 else "number"
            out.append((t.text, kind, value))
        elif t.low in _NUMBER_WORDS:
            out.append((t.text, "number", float(_NUMBER_WORDS[t.low])))
        elif t.low == "half":
            out.append((t.text, "percent", 50.0))
        elif t.low in ("quarter", "third") and i > 0 and toks[i - 1].low in ("a", "one"):
            out.append((f"a {t.low}", "percent", 25.0 if t.low == "quarter" else 33.0))
        elif t.low in _MONTHS and t.cap and (t.low != "may" or not t.initial):
            out.append((t.text, "month", float(_MONTHS.index(t.low))))
    return out


def check_numbers(claim: Text, ev: Evidence) -> Verdict | None:
    """Every number, year, percentage, amount and month of the claim must be in the cited text."""
    src = _numbers(ev.cited)
    values = {v for _, _, v in src} | {v / 100 for _, k, v in src if k == "percent"}
    for surface, kind, value in _numbers(claim):
        if value in values or (
            kind == "percent" and any(abs(value - v) <= 0.5 or value / 100 == v for v in values)
        ):
            continue
        # A year cited by its number also matches a count ("2,014" never happens; "2014" does).
        same = [s for s, k, _ in src if k == kind or {k, kind} <= {"number", "amount"}]
        if same:
            return Verdict(
                "contradicted",
                f"the claim says {surface}, the cited text says {same[0]}",
                "numbers",
            )
        return Verdict("unsupported", f"the claim's {surface} is not in the cited text", "numbers")
    return None


def _phrase(text: Text, cue: int, head: int) -> str:
    toks = text.toks
    if cue == head:
        return toks[cue].text
    return " ".join(t.text for t in toks[cue : head + 1] if not t.punct)


def _un_flip(a: Text, b: Text) -> tuple[str, str] | None:
    """An un-/non- word of `a` whose base word `b` uses without it ("unaware" / "aware")."""
    b_plain = b.plain_stems()
    for t in a.toks:
        base = _un_base(t.low)
        if not base or t.low in _NOT_UN or t.stem in b.stems:
            continue
        if stem(base.lstrip("-")) in b_plain:
            return t.text, base.lstrip("-")
    return None


def check_negation(claim: Text, ev: Evidence) -> Verdict | None:
    """A negation on one side only, judged on the word it governs (present on both sides)."""
    src = ev.cited
    src_plain, src_neg = src.plain_stems(), src.negated_stems()
    claim_plain, claim_neg = claim.plain_stems(), claim.negated_stems()
    for cue, head in claim.cues:
        h = claim.toks[head].stem
        if h in src_plain and h not in src_neg:
            return Verdict(
                "contradicted",
                f"the claim says '{_phrase(claim, cue, head)}', the cited text does not negate"
                f" '{claim.toks[head].text}'",
                "negation",
            )
    for cue, head in src.cues:
        h = src.toks[head].stem
        if h in claim_plain and h not in claim_neg:
            return Verdict(
                "contradicted",
                f"the cited text says '{_phrase(src, cue, head)}', the claim drops the negation",
                "negation",
            )
    flip = _un_flip(claim, src)
    if flip:
        return Verdict(
            "contradicted",
            f"the claim says '{flip[0]}', the cited text says '{flip[1]}'",
            "negation",
        )
    flip = _un_flip(src, claim)
    if flip:
        return Verdict(
            "contradicted",
            f"the claim says '{flip[1]}', the cited text says '{flip[0]}'",
            "negation",
        )
    return None


def _neighbours(text: Text, i: int, width: int = 6) -> set[str]:
    toks = text.toks
    return {
        toks[j].stem
        for j in range(max(0, i - width), min(len(toks), i + width + 1))
        if j != i and toks[j].content
    }


def check_antonyms(claim: Text, ev: Evidence) -> Verdict | None:
    """A claim word whose opposite the cited text uses about the same thing."""
    src, lex = ev.cited, antonyms()
    src_plain = src.plain_stems()
    for i, t in enumerate(claim.toks):
        if not t.content or i in claim.negated or t.stem in src.stems:
            continue
        opposites = lex.get(t.stem)
        if not opposites:
            continue
        near = _neighbours(claim, i)
        for j, u in enumerate(src.toks):
            if (
                u.stem in opposites
                and u.stem in src_plain
                and u.stem not in claim.stems
                and j not in src.negated
                and near & _neighbours(src, j)
            ):
                return Verdict(
                    "contradicted",
                    f"the claim says '{t.text}', the cited text says '{u.text}'",
                    "antonyms",
                )
    return None


def _bound_nationality(ev: Evidence, name_word: str) -> str:
    """The nationality word the cited text puts right before `name_word`'s name, if any."""
    src = ev.cited
    for n in names(src, ev.known, ev.common):
        if name_word in n.words:
            for w in src.toks[n.start : n.end]:
                if _is_demonym(w.low) and w.low != name_word:
                    return w.text
    return ""


def check_names(claim: Text, ev: Evidence) -> Verdict | None:
    """Names, titles and nationality words of the claim must be in the cited text or metadata."""
    for n in names(claim, ev.known, ev.common):
        for w in n.titles:
            if w not in ev.pool.words and w not in ("former", "mr", "mrs", "ms", "dr"):
                person = n.words[-1].title() if n.words else ""
                return Verdict(
                    "unsupported",
                    f"the cited text does not call {person or 'anyone'} '{w.title()}'",
                    "names",
                )
        for w in n.words:
            if ev.pool.has(w):
                continue
            surface = next(
                (t.text for t in claim.toks[n.start : n.end] if t.low == w), w
            ).removesuffix("'s")
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


# "according to X", "X writes/says ...", "X (Outlet): "..."", ", X writes."
_ATTR_VERBS = (
    r"writes|wrote|argues|argued|says|said|claims|claimed|believes|believed|notes|noted|warns|"
    r"warned|contends|thinks|suggests|reports|reported|states|stated|told|tells|insists|"
    r"predicts|predict|explains|maintains|asserts|adds|added|concludes|put it|puts it|argue|say"
)
_NAME_RE = r"((?:[A-Z][\w'.-]*)(?:\s+(?:(?:of|the|for)\s+)*[A-Z][\w'.-]*)*)"
_ATTRIBUTIONS = (
    re.compile(rf"\b(?i:according to)\s+(?:the\s+)?{_NAME_RE}"),
    re.compile(rf"^{_NAME_RE}(?:\s*\(([^)]*)\))?\s*:\s*\""),
    re.compile(rf"\b(?:(?i:as)\s+)?{_NAME_RE}\s+(?:{_ATTR_VERBS})\b"),
    re.compile(rf"\b(?i:in)\s+{_NAME_RE}'s view\b"),
)


def _speakers(src: Text, known: set[str], common: set[str]) -> set[str]:
    """Lowercase words of the names the cited text presents as speakers."""
    out: set[str] = set()
    toks = src.toks
    for n in names(src, known, common):
        before = toks[max(0, n.start - 3) : n.start]
        after = toks[n.end : n.end + 3]
        if (
            any(t.stem in SPEECH_STEMS or t.low in ("according", "as") for t in before)
            or any(t.stem in SPEECH_STEMS for t in after[:3] if not t.punct)
            or (after and after[0].text == ":")
        ):
            out.update(n.words)
    return out


_PRONOUNS = _words("he she they")


def _pronoun_speaks(src: Text) -> bool:
    """Whether the cited text has "he said", "she believes" ...: a speaker named elsewhere."""
    toks = src.toks
    return any(
        t.stem in SPEECH_STEMS and i > 0 and toks[i - 1].low in _PRONOUNS
        for i, t in enumerate(toks)
    )


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


def check_attribution(claim: Text, ev: Evidence) -> Verdict | None:
    """An attributed claim names the author, the outlet, or a speaker of the cited text."""
    norm = normalize(claim.raw)
    speakers: set[str] | None = None
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
            words = [w for w in words if w[:1].isalpha()]
            if not words or not who.toks[0].cap:
                continue
            if speakers is None:
                context = analyze(" ".join(s.context for s in ev.sources))
                speakers = _speakers(ev.cited, ev.known, ev.common) | _speakers(
                    context, ev.known, ev.common
                )
                if _pronoun_speaks(ev.cited):
                    speakers |= {w for n in names(context, ev.known, ev.common) for w in n.words}
            if all(ev.meta_pool.has(w) or w in speakers for w in words):
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


@dataclass
class _Role:
    agent: str | None
    patient: str | None
    obj: str | None  # the first content word after the verb
    agent_near: bool


def _roles(text: Text, known: set[str], common: set[str]) -> dict[str, list[_Role]]:
    """Per verb-like stem: the named actor before it and after it (passives turned around)."""
    toks = text.toks
    ns = names(text, known, common)
    at: dict[int, Name] = {}
    for n in ns:
        for k in range(n.start, n.end):
            at[k] = n
    out: dict[str, list[_Role]] = {}
    for i, t in enumerate(toks):
        if not t.content or t.punct or i in at or t.low[:1].isdigit():
            continue
        left, dl = _nearest(toks, at, i, -1)
        right, _ = _nearest(toks, at, i, +1)
        obj = next(
            (u.stem for u in toks[i + 1 : i + 4] if u.content and not u.punct and not u.cap),
            None,
        )
        before = [u.low for u in toks[max(0, i - 3) : i] if not u.low.endswith("ly")]
        passive = bool(set(before[-2:]) & _BE) and t.low.endswith(("ed", "en", "ced"))
        agent, patient = (right, left) if passive else (left, right)
        key = _SAY if t.stem in SPEECH_STEMS else t.stem
        out.setdefault(key, []).append(_Role(agent, patient, obj, dl <= 3))
    return out


def _nearest(toks: list[Tok], at: dict[int, Name], i: int, step: int) -> tuple[str | None, int]:
    j, dist = i + step, 0
    while 0 <= j < len(toks) and dist < 8:
        t = toks[j]
        if j in at:
            return at[j].key, dist
        if _is_boundary(t) and t.low not in ("and", "or"):
            # "Biden, who pledged ...": the relative clause belongs to the name before it.
            if step < 0 and t.text == "," and j + 1 < i and toks[j + 1].low in ("who", "which"):
                j += step
                dist += 1
                continue
            break
        j += step
        dist += 1
    return None, 99


def check_roles(claim: Text, ev: Evidence) -> Verdict | None:
    """Two actors' roles reversed around the same verb, or another actor doing it."""
    src = ev.cited
    src_roles = _roles(src, ev.known, ev.common)
    cited_keys = {n.key for n in names(src, ev.known, ev.common)}
    claim_keys = {n.key for n in names(claim, ev.known, ev.common)}
    for verb, croles in _roles(claim, ev.known, ev.common).items():
        sroles = src_roles.get(verb)
        if not sroles:
            continue
        shown = "say" if verb == _SAY else verb
        for c in croles:
            a, p = c.agent, c.patient
            if a and p and a != p:
                same = any(s.agent == a and s.patient == p for s in sroles)
                if not same and any(s.agent == p and s.patient == a for s in sroles):
                    return Verdict(
                        "contradicted",
                        f"roles reversed: in the cited text {_show(p)} is the one who"
                        f" {_verb(shown)} {_show(a)}, not the other way round",
                        "roles",
                    )
            if a and c.agent_near and a in cited_keys:
                agents = [s for s in sroles if s.agent and s.agent_near]
                mine = [s for s in agents if s.agent == a]
                others = [
                    s
                    for s in agents
                    if not _same_actor(s.agent, a)
                    and not _same_actor(s.agent, p)
                    and s.agent not in claim_keys
                ]
                if others and (
                    not mine
                    or (
                        c.obj
                        and all(s.obj != c.obj for s in mine)
                        and any(s.obj == c.obj for s in others)
                    )
                ):
                    return Verdict(
                        "unsupported",
                        f"in the cited text it is {_show(others[0].agent)}, not {_show(a)},"
                        f" who {_verb(shown)}",
                        "roles",
                    )
            if (
                p
                and not p.startswith("~")
                and p in cited_keys
                and not (a and not any(s.agent == a for s in sroles))
            ):
                # Descriptions ("pro-Russian puppet regime") are too loose to compare.
                pats = [s.patient for s in sroles if s.patient and not s.patient.startswith("~")]
                if pats and p not in pats and a not in pats and pats[0] not in claim_keys:
                    return Verdict(
                        "unsupported",
                        f"in the cited text '{shown}' concerns {_show(pats[0])}, not {_show(p)}",
                        "roles",
                    )
    return None


def _same_actor(x: str | None, y: str | None) -> bool:
    """Two role keys name the same actor: equal, or a description by a nationality word
    ("Ukrainian officials") and the country, capital or people it names ("Kyiv")."""
    if x is None or y is None:
        return x == y
    if x == y:
        return True
    for desc, other in ((x, y), (y, x)):
        if desc.startswith("~") and other.startswith("#"):
            g = _alias_group(desc[1:].split()[0])
            if g is not None and f"#{g}" == other:
                return True
    return False


def _show(key: str | None) -> str:
    if not key:
        return "someone"
    key = key.lstrip("~")
    if key.startswith("#"):
        group = int(key[1:])
        first = next(n for n, g in aliases().items() if g == group)
        return first.title() if len(first) > 3 else first.upper()
    return key.title()


def _verb(stem_: str) -> str:
    return {"say": "says it"}.get(stem_, f"'{stem_}…'")


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
        while end < n and toks[end].text not in (".", ";", "!", "?"):
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


def check_hedges(claim: Text, ev: Evidence) -> Verdict | None:
    """A proposition the source only reports (claims, hopes, believes...) stated as fact."""
    if '"' in normalize(claim.raw) or any(
        t.stem in FRAME_STEMS and t.low not in _REPORTED and not (t.cap and not t.initial)
        for t in claim.toks
    ):
        return None  # the claim keeps an attribution or quotes
    # "according to a source" keeps a report's attribution, not a wish's: "X wants them to
    # agree" is not "they will agree, according to a source".
    reported = any(t.low in _REPORTED for t in claim.toks)
    src = ev.cited
    for cue, start, end in _frames(src):
        if reported and src.toks[cue].stem not in _DESIRE_STEMS:
            continue
        inside = {t.stem for t in src.toks[start:end] if t.content}
        outside = {t.stem for k, t in enumerate(src.toks) if t.content and not (start <= k < end)}
        only = (claim.stems & inside) - outside
        # The claim's own content beyond the frame's setting (who convinces whom): when
        # half of it lies only inside the reported proposition, the claim asserts that.
        own = claim.stems - outside
        if len(only) >= 2 and (len(only) * 3 >= len(claim.stems) or len(only) * 2 >= len(own)):
            return Verdict(
                "unsupported",
                f"the cited text only reports this as what someone "
                f"{src.toks[cue].text} ('{_context(src, cue)}'); the claim states it as fact",
                "hedges",
            )
    return None


def _context(text: Text, i: int) -> str:
    toks = text.toks[max(0, i - 3) : i + 2]
    return " ".join(t.text for t in toks if not t.punct)


CHECKS = (
    check_numbers,
    check_negation,
    check_antonyms,
    check_attribution,  # before names: its reason says who the author and outlet are
    check_names,
    check_roles,
    check_hedges,
)


def assess(claim: str, sources: Sequence[CitedText]) -> Verdict:
    """Whether the cited texts carry `claim`: the first check that objects decides."""
    if not sources:
        return Verdict("unsupported", "the claim has no located citation", "citations")
    c = analyze(claim)
    ev = make_evidence(sources)
    ev.known |= capitalised(c)
    ev.common |= lowercase_stems(c)
    for check in CHECKS:
        verdict = check(c, ev)
        if verdict is not None:
            return verdict
    return SUPPORTED
