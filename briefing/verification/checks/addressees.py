"""Whom a demand is put to: "is pressing Copenhagen for the port money and seeking purchase
guarantees from Washington" restated with the two parties swapped.

Every question of the form "what does X want from Y and Z" invites this error: the claim
keeps each demand and each party but pairs them the other way. A demand is read in the
common shapes (a verb of pressing and its party, then "for" or "to"; a verb of seeking, what
is sought, then "from" and the party; "wants P to do T"); a claim's demand that the cited
text puts to another party it names, and never to the claim's, is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.text.lexicons import section
from briefing.verification.checks.roles import _same_actor
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.names import Name, names_at
from briefing.verification.tokens import (
    AUXILIARIES,
    DETERMINERS,
    SCALE,
    Text,
    Tok,
    _is_boundary,
    analyze,
)

_PRESSING = frozenset(section("english.txt", "pressing_verbs"))
_SEEKING = frozenset(section("english.txt", "seeking_verbs"))
_TO_PARTY = frozenset(["on", "to"])  # "calling on Brussels", "looking to Beijing"
THING_WORDS = 5  # content words of what is asked for
SEEK_REACH = 10  # words from a verb of seeking to the "from" that names whom it is sought from


@dataclass(frozen=True)
class _Ask:
    thing: frozenset[str]  # stems of what is asked for (no names)
    party: str  # role key of whom it is asked from
    words: frozenset[str]  # the party's significant words ("european", "commission")
    shown: str  # the party as written

    def same_party(self, other: _Ask | Name) -> bool:
        """Whether `other` names this party: one actor by key, or a word of the name shared
        ("the Commission" and "the European Commission")."""
        key = other.party if isinstance(other, _Ask) else other.key
        return _same_actor(self.party, key) or bool(self.words & frozenset(other.words))


def _thing(toks: list[Tok], j: int, at: dict[int, Name], stop: int | None = None) -> set[str]:
    """Up to THING_WORDS content stems from `j` (not names), to a boundary or `stop`."""
    out: set[str] = set()
    end = len(toks) if stop is None else stop
    while j < end and len(out) < THING_WORDS:
        u = toks[j]
        if u.low in ("and", "or"):
            nxt = toks[j + 1].low if j + 1 < len(toks) else ""
            if nxt in AUXILIARIES or nxt in _PRESSING or nxt in _SEEKING:
                break  # "… the pier and is looking to X for Y": the next demand
        elif _is_boundary(u) or u.low == "from":
            break
        if u.content and j not in at and not u.low[:1].isdigit() and u.low not in SCALE:
            out.add(u.stem)
        j += 1
    return out


def _asks(text: Text, names: list[Name]) -> list[_Ask]:
    """Every demand the text puts to a named party, in the common shapes, and the demands
    coordinated after one ("asking Jakarta to finish X, and Brussels to stop Y")."""
    toks, at = text.toks, names_at(names)
    out = _first_asks(text, names)
    for k in range(len(toks) - 2):
        if toks[k].low != "and" or not out:
            continue
        found = _party_then(toks, at, k + 1, ("to",))
        if found is not None and found.thing and _after_an_ask(toks, k):
            out.append(found)
    return out


ASK_REACH = 20  # words back from a coordinated "and P to …" to the verb of asking it goes on


def _after_an_ask(toks: list[Tok], k: int) -> bool:
    """Whether the "and" at `k` goes on with a demand of a verb of pressing or seeking in
    its sentence ("asking Jakarta to finish X, and Brussels to …")."""
    for u in reversed(toks[max(0, k - ASK_REACH) : k]):
        if u.text in (".", ";", ":"):
            return False
        if u.low in _PRESSING or u.low in _SEEKING:
            return True
    return False


def _first_asks(text: Text, names: list[Name]) -> list[_Ask]:
    """Every demand a verb of pressing or seeking puts to a named party, in the common shapes."""
    toks, at, out = text.toks, names_at(names), []
    for i, t in enumerate(toks):
        if i in at or t.cap:
            continue
        if t.low in _PRESSING:
            j = i + 1 if i + 1 < len(toks) and toks[i + 1].low in _TO_PARTY else i
            found = _party_then(toks, at, j + 1, ("for", "to"))  # "pressing P for T"
            if found is not None:
                out += [found] if found.thing else []
                continue
        if t.low in _SEEKING:
            j = i + 1
            while j < len(toks) and toks[j].low in DETERMINERS:
                j += 1
            found = _party_then(toks, at, j, ("to",))  # "wants Washington to fund the port"
            if found is not None:
                out += [found] if found.thing else []
                continue
            for k in range(i + 1, min(len(toks) - 1, i + 1 + SEEK_REACH)):
                if _is_boundary(toks[k]) and toks[k].low not in ("and", "or"):
                    break
                if toks[k].low == "from" and (name := at.get(k + 1)) is not None:
                    thing = _thing(toks, i + 1, at, stop=k)
                    if thing:
                        out.append(_ask(thing, name, toks))
                    break
    return out


def _party_then(
    toks: list[Tok], at: dict[int, Name], j: int, links: tuple[str, ...]
) -> _Ask | None:
    """The demand when a named party stands at `j` and one of `links` follows it ("Copenhagen
    for …", "Washington to …"); None when no party is there (its thing may be empty)."""
    name = at.get(j)
    if name is None or name.end >= len(toks) or toks[name.end].low not in links:
        return None
    return _ask(_thing(toks, name.end + 1, at), name, toks)


def _ask(thing: set[str], name: Name, toks: list[Tok]) -> _Ask:
    shown = " ".join(u.text for u in toks[name.start : name.end])
    return _Ask(frozenset(thing), name.key, frozenset(name.words), shown)


def check_addressees(claim: Text, ev: Evidence) -> Verdict | None:
    """A demand the claim puts to one party that the cited text puts only to another."""
    mine = _asks(claim, ev.names_in(claim))
    if not mine:
        return None
    theirs: list[_Ask] = []
    for s in ev.sources:
        cited = analyze(s.text)
        theirs += _asks(cited, ev.names_in(cited))
    named = ev.names_in(claim)
    for ask in mine:
        same = [a for a in theirs if a.thing & ask.thing]
        if not same or any(ask.same_party(a) for a in same):
            continue
        # A party moved from one demand to another: the claim's party is asked something in
        # the cited text too, and the claim names the party the text asks this of (not one
        # it may call by another name).
        if not any(ask.same_party(a) for a in theirs):
            continue
        other = next((a for a in same if any(a.same_party(n) for n in named)), None)
        if other is None:
            continue
        return Verdict(
            "contradicted",
            f"the claim asks {ask.shown} for what the cited text asks of {other.shown}",
            "roles",
        )
    return None
