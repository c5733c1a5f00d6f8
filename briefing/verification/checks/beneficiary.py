"""Who gains and who is left out: whose terms or favour, who a benefit goes to, and who a
measure excludes."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import actor_noun, aliases, noun_synonyms, party_key, stance
from briefing.verification.stakes import stakes
from briefing.verification.tokens import _BE, AUXILIARIES, DETERMINERS, Text, Tok


def check_beneficiary(claim: Text, ev: Evidence) -> Verdict | None:
    """Whose terms or favour: "on America's terms" where the cited text says "on Russian
    conditions" (`stakes`: the owners of terms, conditions or favour a sentence names)."""
    mine = stakes(claim.raw, "")
    theirs = stakes(" ".join(s.text for s in ev.sources), "")
    if mine and theirs and not (mine & theirs):
        return Verdict(
            "contradicted",
            f"the claim puts the terms with {_owner(mine)}, the cited text with {_owner(theirs)}",
            "beneficiary",
        )
    return None


def _benefited(text: Text) -> dict[str, set[str]]:
    """Verb of benefit or harm (its stem) -> the content stems of what follows it up to the
    next boundary ("would protect the companies' shareholders if …": {compani, sharehold})."""
    toks = text.toks
    out: dict[str, set[str]] = {}
    for i, t in enumerate(toks):
        gain = t.stem in stance("gain_nouns") and i + 1 < len(toks) and toks[i + 1].low == "for"
        if not (t.stem in stance("benefit") or gain) or i in text.negated:
            continue
        if t.low.endswith("ed") and not (i and toks[i - 1].low in _BE | AUXILIARIES):
            continue  # "near protected sites": a participle describing, not a benefit given
        got: set[str] = set()
        for u in toks[i + 1 + gain : i + 1 + gain + BENEFIT_REACH]:
            if u.punct or u.low in _BENEFIT_END:
                break
            if u.content:
                got.add(u.stem)
        if got:
            out.setdefault(t.stem, set()).update(got)
    return out


BENEFIT_REACH = 5  # words after a verb of benefit that name who gains
_BENEFIT_END = frozenset(["if", "when", "while", "but", "and", "by", "from", "against", "in", "on"])


def check_benefit_object(claim: Text, ev: Evidence) -> Verdict | None:
    """Who gains or loses: "would protect the treasury" where the cited text says the same
    verb "would protect the companies' shareholders" (and names the treasury elsewhere)."""
    theirs = _benefited(ev.cited)
    for verb, mine in _benefited(claim).items():
        cited = theirs.get(verb)
        if not cited or mine & cited:
            continue
        moved = mine & ev.cited.stems
        if moved:
            return Verdict(
                "unsupported",
                f"the claim has '{verb}…' go to {', '.join(sorted(moved))}; the cited text"
                f" to {', '.join(sorted(cited))}",
                "beneficiary",
                hard=False,
            )
        if not _same_party(mine, cited):
            # "would chiefly benefit the independent producers" where the cited text has
            # the same verb "benefit large American packers": someone else gains.
            return Verdict(
                "unsupported",
                f"the claim has '{verb}…' go to {', '.join(sorted(mine))}; the cited text"
                f" to {', '.join(sorted(cited))}",
                "beneficiary",
                hard=False,
            )
    return None


def _same_party(mine: set[str], theirs: set[str]) -> bool:
    """Whether two groups of words may name the same party: a word, a WordNet synonym or a
    country's other name in common."""
    synonyms = noun_synonyms()
    wide = set(theirs) | {party_key(w) for w in theirs}
    for w in theirs:
        wide |= synonyms.get(w, frozenset())
    return any(
        w in wide or party_key(w) in wide or synonyms.get(w, frozenset()) & wide for w in mine
    )


RECIPIENT_REACH = 6  # words from a transfer to the "to"/"for" that names who receives it
_RECIPIENT_END = frozenset(["who", "that", "which", "whose", "and", "but", "if", "when", "while"])
# Prepositions that end the receiver's noun phrase once it has begun ("for clean technology").
_AFTER_RECIPIENT = frozenset(["for", "with", "in", "on", "at", "by", "from", "under", "to"])


def _recipients(text: Text) -> dict[str, tuple[set[str], str]]:
    """Transfer word (its stem) -> the stems of who receives it and its words as written, when
    they are people or a group ("compensation to growers who sold": {grower}, "growers");
    "offered to help" names no one."""
    toks = text.toks
    out: dict[str, tuple[set[str], str]] = {}
    for i, t in enumerate(toks):
        if t.stem not in stance("transfer") or i in text.negated:
            continue
        k = next(
            (
                j
                for j in range(i + 1, min(len(toks), i + 1 + RECIPIENT_REACH))
                if toks[j].low in ("to", "for") or toks[j].punct
            ),
            None,
        )
        if k is None or toks[k].punct:
            indirect = _indirect_object(toks, i)
            if indirect:
                stems, shown = out.get(t.stem, (set(), ""))
                out[t.stem] = (
                    stems | {u.stem for u in indirect},
                    shown or " ".join(u.text for u in indirect),
                )
            continue
        got: list[Tok] = []
        for u in toks[k + 1 : k + 1 + RECIPIENT_REACH]:
            if u.punct or u.low in _RECIPIENT_END or (got and u.low in _AFTER_RECIPIENT):
                break  # "credit to registered miners for clean technology": the miners
            if u.content:
                got.append(u)
        if got and actor_noun(got[-1].low):
            stems, shown = out.get(t.stem, (set(), ""))
            out[t.stem] = stems | {u.stem for u in got}, shown or " ".join(u.text for u in got)
    return out


def _indirect_object(toks: list[Tok], i: int) -> list[Tok]:
    """The receiver of a transfer verb with two objects ("pay growers a top-up", "gives our
    young people a choice"): the words between the verb and the thing given when they end
    on a noun for people or a group; [] otherwise (and for a passive, "was given a say")."""
    if i and toks[i - 1].low in _BE:
        return []
    got: list[Tok] = []
    for u in toks[i + 1 : i + 1 + RECIPIENT_REACH]:
        if u.punct or u.low in _RECIPIENT_END:
            # "pays tourists whose sailings are cancelled", "pays growers and traders": the
            # people paid, with nothing given named after them (a plural noun for people:
            # "a fund set up, governed …" pays no "set").
            last = got[-1].low if got else ""
            plural = last.endswith("s") and not last.endswith("ss")
            return got if plural and actor_noun(last) else []
        if u.low in DETERMINERS and not got:
            continue  # "pay the federation's cooperatives a top-up": the receiver's own article
        if u.low in DETERMINERS or u.low[:1].isdigit():
            break
        if u.content:
            got.append(u)
    else:
        return []
    return got if got and actor_noun(got[-1].low) else []


def check_recipient(claim: Text, ev: Evidence) -> Verdict | None:
    """Another receiver of the same transfer: "compensation to grain traders" where the cited
    text gives it "to growers" (and who receives money is who gains)."""
    theirs = _recipients(ev.cited)
    for word, (mine, shown) in _recipients(claim).items():
        cited, theirs_shown = theirs.get(word, (set(), ""))
        if cited and not mine & cited:
            return Verdict(
                "unsupported",
                f"the claim has it go to '{shown}'; the cited text to '{theirs_shown}'",
                "beneficiary",
                hard=False,
            )
    return None


def check_unnamed_gainer(claim: Text, ev: Evidence) -> Verdict | None:
    """Who gains is a group the cited text never names ("would hurt above all the American
    soldiers", "compensation paid to packers and exporters"), where the cited text has no
    such verb to compare: a beneficiary added. Plural nouns for people only: WordNet's
    group nouns also hold "table" and "nature" ("put a new offer on the table")."""
    have = ev.context_stems | {t.stem for t in ev.cited.toks}
    prefixes = {s[:5] for s in have if len(s) >= 5}
    slots = [(verb, stems) for verb, stems in _benefited(claim).items()]
    slots += [(verb, stems) for verb, (stems, _) in _recipients(claim).items()]
    for verb, stems in slots:
        gainers = [
            t
            for t in claim.toks
            if t.stem in stems
            and not t.cap
            and t.low.endswith("s")
            and not t.low.endswith("ss")
            and actor_noun(t.low)
        ]
        if gainers and all(t.stem not in have and t.stem[:5] not in prefixes for t in gainers):
            return Verdict(
                "unsupported",
                f"the claim has '{verb}…' go to {', '.join(t.text for t in gainers)}, whom the"
                " cited text does not name",
                "beneficiary",
                hard=False,
            )
    return None


def _owner(owners: frozenset[str]) -> str:
    group = sorted(owners)[0].removeprefix("party:")
    names = [n for n, g in aliases().items() if str(g) == group]
    return names[0].title() if names else group


def check_excluded(claim: Text, ev: Evidence) -> Verdict | None:
    """A name the cited text leaves out ("farm groups outside France") that the claim takes in
    ("farm groups across Europe, France included")."""
    src = ev.cited
    left_out = set()
    for i, t in enumerate(src.toks[:-1]):
        nxt = src.toks[i + 1]
        if t.stem in stance("exclusion") and nxt.cap and not nxt.punct:
            left_out.add(party_key(nxt.low))
    if not left_out:
        return None
    toks = claim.toks
    for i, t in enumerate(toks):
        if not t.cap or t.punct or party_key(t.low) not in left_out:
            continue
        around = {u.stem for u in toks[max(0, i - 3) : i + 3]}
        if around & stance("inclusion") and not around & stance("exclusion"):
            return Verdict(
                "contradicted",
                f"the claim takes in {t.text}, which the cited text leaves out",
                "negation",
            )
    return None


PURPOSE_REACH = 8  # words after "so that" to the verb of the purpose's subject
_PURPOSE_VERB_BEFORE = frozenset(section("english.txt", "modals"))  # "so that X can …"


def _purposes(text: Text) -> list[tuple[set[str], str]]:
    """The subjects of a text's purpose clauses ("so that the workers on the bases know …":
    {worker, base}, as written), when a person or group heads them."""
    toks = text.toks
    out: list[tuple[set[str], str]] = []
    for i in range(len(toks) - 2):
        if (toks[i].low, toks[i + 1].low) != ("so", "that"):
            continue
        got: list[Tok] = []
        for u in toks[i + 2 : i + 2 + PURPOSE_REACH]:
            if u.punct or u.low in _PURPOSE_VERB_BEFORE or u.low in _BE:
                break
            if u.content:
                got.append(u)
        if got and any(actor_noun(u.low) or u.cap for u in got):
            keys = {u.stem for u in got} | {party_key(u.low) for u in got if u.cap}
            out.append((keys, " ".join(u.text for u in got)))
    return out


def check_purpose(claim: Text, ev: Evidence) -> Verdict | None:
    """Another party served by the same purpose: "so that the finance ministry can plan"
    where the cited text says "so that the workers on the bases know what to expect"."""
    theirs = _purposes(ev.cited)
    if not theirs:
        return None
    for mine, shown in _purposes(claim):
        if not any(mine & cited for cited, _ in theirs):
            return Verdict(
                "unsupported",
                f"the claim says it is so that {shown} …; the cited text, so that {theirs[0][1]} …",
                "beneficiary",
                hard=False,
            )
    return None
