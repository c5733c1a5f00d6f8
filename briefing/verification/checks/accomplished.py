"""An aim restated as achieved ("seeks a summit" / "has secured a summit"), and a forecast
restated as done: what the cited text only wants or expects, the claim says has happened."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.verification.checks.hedges import _PERFECT, _intent
from briefing.verification.evidence import Evidence, Verdict, list_item
from briefing.verification.lexicon import stance
from briefing.verification.tokens import COPULAS, Text, analyze
from briefing.verification.wordclass import describes_noun, noun_use

# "is", "was" … (tokens.COPULAS), and "remains": what links a gerund to the aim it is.
_COPULAS = COPULAS | {"remains", "remain", "remained"}
AIM_REACH = 4  # words from a copula to the noun of aim it names ("is the growers' main ask")


THAT_REACH = 8  # words back from a verb to the "that" of a wish's clause
WISH_NOUN_REACH = 3  # words back from that "that" to the word of intent ("seek assurance")


def _wished_that(text: Text, i: int) -> bool:
    """Whether token `i` stands in a "that" clause a word of intent asks for, through a noun
    ("seeking assurance that the money reaches them", "wants a guarantee that it will")."""
    toks = text.toks
    for k in range(i - 1, max(-1, i - 1 - THAT_REACH), -1):
        if toks[k].punct:
            return False
        if toks[k].low == "that":
            ask = toks[max(0, k - 1 - WISH_NOUN_REACH) : k]
            return any(u.stem in stance("intent") for u in ask)
    return False


def _wished(text: Text, i: int) -> bool:
    """Whether token `i` is the object of a wish ("wants to secure", "aims to win"), or
    the gerund a clause names as an aim ("Getting the duties back is the central ask")."""
    before = text.toks[max(0, i - 3) : i]
    if any(u.low == "to" or u.stem in stance("intent") for u in before):
        return True
    toks = text.toks
    if _wished_that(text, i):
        return True
    if not toks[i].low.endswith("ing"):
        return False
    for k in range(i + 1, len(toks)):
        if toks[k].punct and toks[k].text != "-":
            return False
        if toks[k].low in _COPULAS:
            aim = toks[k + 1 : k + 1 + AIM_REACH]
            return any(u.stem in stance("intent") for u in aim if not u.punct)
    return False


def _intent_complements(src: Text) -> set[str]:
    """Stems that stand, in the cited text, only as what someone wants ("a goal - to conclude")."""
    out: set[str] = set()
    for i in _intent(src):
        for u in src.toks[i + 1 : i + 8]:
            if u.text in (".", ";", "!", "?"):
                break
            if u.content:
                out.add(u.stem)
    return out


def check_accomplished(claim: Text, ev: Evidence) -> Verdict | None:
    """An aim restated as achieved: "seeks a summit" is not "has secured a summit".

    Either a word of accomplishment the cited text does not use, where it states an aim or
    is an item of a list of what someone asks for, or a verb the cited text has only as
    someone's aim put in the perfect ("a new goal - to conclude a bargain" -> "has concluded
    a bargain").
    """
    src = ev.cited
    forecast = _forecast_done(claim, src)
    if forecast:
        return Verdict(
            "unsupported",
            f"the claim says '{forecast[0]}', the cited text only forecasts it ('{forecast[1]}')",
            "hedges",
        )
    aims = _intent(src) | _needs(src)
    listed = not aims and _list_items(ev)
    if not aims and not listed:
        return None
    done = stance("accomplished")
    wanted = _intent_complements(src)
    aim = "asks for" if listed else next(src.toks[i].text for i in sorted(aims))
    for i, t in enumerate(claim.toks):
        if not t.content or _wished(claim, i) or t.stem in stance("intent"):
            continue  # "has demanded" is still a demand
        if listed and t.low.endswith("ing"):
            continue  # "the asks, lifting X and securing Y": an action named, not done
        if _conditional(claim, i) or _timed(claim, i):
            continue  # "would accept the deal if reciprocity were secured": not achieved
        if noun_use(claim, i) or describes_noun(claim, i):
            continue  # "a share of the economic gains", "a court order forcing them": named
        if i in claim.negated:
            continue  # "although none has been reached": the claim says it is not done
        perfect = i > 0 and (
            claim.toks[i - 1].low in _PERFECT
            or (
                i > 1 and claim.toks[i - 2].low in _PERFECT and claim.toks[i - 1].low.endswith("ly")
            )
        )
        if (
            t.stem in done
            and (_intent(src) or listed or _after(claim, i) & _needed(src))
            and t.stem not in src.stems
            and not _achieved_in(src, claim, i)
            and not _reaches_a_place(claim, i)
        ) or (
            perfect
            and t.low.endswith(("ed", "en"))
            and t.stem in wanted
            and not _perfect_in(src, t.stem)
        ):
            return Verdict(
                "unsupported",
                f"the claim says '{t.text}', the cited text only says what someone '{aim}'",
                "hedges",
            )
    return None


_AUXILIARIES = frozenset(section("english.txt", "auxiliaries"))
_OUGHT = frozenset(["should", "must", "ought"])


def _needs(text: Text) -> set[int]:
    """What the cited text says is needed or ought to be ("drivers needed a rise", "rents
    should be capped"): an aim, as a want is, whatever has since been won."""
    return {i for i, t in enumerate(text.toks) if t.stem == "need" or t.low in _OUGHT}


def _needed(text: Text) -> set[str]:
    """The content stems of what the text says is needed or ought to be, to its clause's end
    ("needed a fare increase of 30 percent": fare, increase, percent)."""
    out: set[str] = set()
    for i in _needs(text):
        for u in text.toks[i + 1 : i + 1 + NEEDED_REACH]:
            if u.text in (".", ";", ",", "!", "?"):
                break
            if u.content:
                out.add(u.stem)
    return out


NEEDED_REACH = 10  # words of what is needed


def _list_items(ev: Evidence) -> bool:
    """Whether a cited text is an item of a numbered or bulleted list without a verb of its
    own ("5. Permission for factories to sell …"): a list of what someone asks for."""
    return any(
        list_item(s) and not any(t.low in _AUXILIARIES for t in analyze(s.text).toks)
        for s in ev.sources
    )


def _after(text: Text, i: int, n: int = 5) -> set[str]:
    return {u.stem for u in text.toks[i + 1 : i + 1 + 2 * n] if u.content}


def _achieved_in(src: Text, claim: Text, i: int) -> bool:
    """Whether the cited text itself says something was achieved about what the claim's word
    of accomplishment governs ("had secured a commitment to review the scheme" for "has
    obtained a ministry commitment to review the scheme")."""
    mine = _after(claim, i)
    return any(
        u.stem in stance("accomplished")
        and (u.low.endswith("ed") or u.low in ("won", "got", "gotten"))  # said done, not hoped
        and not _wished(src, k)
        and _after(src, k) & mine
        for k, u in enumerate(src.toks)
    )


# "until", "before", "once", "if" ...: what follows is a time or a condition.
_LIMITS = frozenset(section("english.txt", "limits"))
_TIMED_REACH = 3  # words between the subordinator and the verb: "until the crew reaches"


def _timed(text: Text, i: int) -> bool:
    """Whether token `i` is the verb of a clause of time or condition ("keep his wages until
    he reaches home", "before it wins approval"): it says when, not that anything was won."""
    return any(u.low in _LIMITS for u in text.toks[max(0, i - _TIMED_REACH) : i])


def _reaches_a_place(text: Text, i: int) -> bool:
    """ "catches reach Norway only weekly": reaching a named place is getting there, not
    achieving an aim ("reached a deal")."""
    toks = text.toks
    return (
        toks[i].stem == "reach"
        and i + 1 < len(toks)
        and toks[i + 1].cap
        and not toks[i + 1].punct
        and not toks[i + 1].text.endswith(("'s", "’s"))
    )


def _perfect_in(text: Text, stem_: str) -> bool:
    """Whether the text itself has this verb in the perfect ("unions have vowed to fight")."""
    toks = text.toks
    return any(
        t.stem == stem_ and i and (toks[i - 1].low in _PERFECT or toks[i - 1].low.endswith("'ve"))
        for i, t in enumerate(toks)
    )


_FUTURE = frozenset(["will", "would", "'ll", "likely", "expected", "set", "going"])


def _forecast_done(claim: Text, src: Text) -> tuple[str, str] | None:
    """ "Beijing has formally asked" where the cited text says "it will ask": a verb the cited
    text has only in a forecast, put in the perfect. (The claim's words, the cited words)."""
    toks = claim.toks
    for i, t in enumerate(toks):
        if not t.content or not t.low.endswith(("ed", "en")):
            continue
        back = [u.low for u in toks[max(0, i - 4) : i]]
        if not any(w in _PERFECT for w in back[-2:]):
            continue
        if any(w in _FUTURE or w in ("could", "might", "may", "should") for w in back):
            continue  # "would never have started": the claim's own hedge
        uses = [j for j, u in enumerate(src.toks) if u.stem == t.stem]
        if not uses:
            continue
        said = []
        for j in uses:
            before = [u.low for u in src.toks[max(0, j - 3) : j]]
            if not any(w in _FUTURE for w in before):
                break
            said.append(" ".join(u.text for u in src.toks[max(0, j - 2) : j + 1]))
        else:
            return " ".join(u.text for u in toks[max(0, i - 2) : i + 1]), said[0]
    return None


def _conditional(text: Text, i: int) -> bool:
    """Whether token `i` sits in an "if" or "unless" clause: a hypothesis, nothing done."""
    toks = text.toks
    for j in range(i - 1, max(-1, i - 12), -1):
        if toks[j].text in (".", ";", "!", "?", ":"):
            return False
        if toks[j].low in ("if", "unless"):
            return True
    return False


# How far back a frame may govern: "wants Washington to commit, ideally in writing, that
# disputes will be settled" puts 12 words between "wants" and "will".
