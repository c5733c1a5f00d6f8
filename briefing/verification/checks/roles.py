"""Who did what to whom: roles reversed, or another actor doing it."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.text.lexicons import section
from briefing.text.textnorm import stem
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import _multiword_aliases, actor_noun, aliases, irregular_verbs
from briefing.verification.names import (
    Name,
    _alias_group,
    leaders,
    names_at,
    speaks_for,
    speech_noun,
)
from briefing.verification.tokens import (
    _BE,
    _NUMBER_WORDS,
    _SAY,
    _TITLES,
    DETERMINERS,
    SPEECH_STEMS,
    Text,
    Tok,
    _is_boundary,
    plural_possessive,
)


@dataclass
class _Role:
    agent: str | None
    patient: str | None
    obj: str | None  # the first content word after the verb
    agent_near: bool


# Words a verb never follows directly: determiners, possessives and prepositions.
_NOT_BEFORE_A_VERB = frozenset(section("english.txt", "not_before_verb"))


# Words that count what follows ("12.5 per cent", "several years", "many members"): a noun.
_COUNTING = frozenset(section("english.txt", "counting_words"))

# Endings of plural nouns for people and things, never read as a verb ("Polish producers").
_NOUN_SHAPED = ("ers", "ors", "ists", "ians", "ments", "tions")


# Verbs of handing over, one verb here: who gives to whom, whichever of them is written.
_GIVING = frozenset(stem(w) for w in section("english.txt", "giving_verbs"))
_GIVE = "<give>"
_ASKING = frozenset(stem(w) for w in section("english.txt", "asking_verbs"))
_ASK = "<ask>"
# Each verb of handing over, and each of asking, is one verb here.
_VERB_GROUP = {**dict.fromkeys(_GIVING, _GIVE), **dict.fromkeys(_ASKING, _ASK)}


def _roles(text: Text, ev: Evidence) -> dict[str, list[_Role]]:
    """Per verb-like stem: the named actor before it and after it (passives turned around)."""
    toks = text.toks
    at = names_at(ev.names_in(text))
    out: dict[str, list[_Role]] = {}
    placed: list[tuple[int, str, _Role]] = []  # each verb's position, key and role
    for i, t in enumerate(toks):
        if not t.content or t.punct or i in at or t.low[:1].isdigit():
            continue
        if i > 0 and toks[i - 1].low in _NOT_BEFORE_A_VERB:
            continue  # "on high-tech exports", "a direct summit": a noun phrase, not a verb
        if i > 0 and (
            toks[i - 1].low[:1].isdigit()
            or (toks[i - 1].low in _NUMBER_WORDS or toks[i - 1].low in _COUNTING)
        ):
            continue  # "12.5 per cent", "three companies": what a figure counts
        if t.low.endswith(_NOUN_SHAPED) or t.low in _TITLES:
            continue  # "Polish producers", "has been president": a noun, not a verb
        if t.low.endswith("s") and plural_possessive(text, t.text):
            continue  # "the veterans' sons": an owner, never a verb
        if speech_noun(toks, i):
            continue  # "a London-based think tank"
        left, dl = _nearest(toks, at, i, -1)
        right, dr = _nearest(toks, at, i, +1)
        if right and i + dr + 1 < len(toks) and toks[i + dr + 1].text.endswith(("'s", "’s")):
            # "hands over the SDF's weapons": the name owns what is acted on; it is not it.
            # (A name's last token; a longer name's possessive is read the same way.)
            right = None
        if dl == 0 and i > 0 and toks[i - 1].text.endswith(("'s", "s'")):
            # "Putin's new goal": a possessor right before a word owns it, it does not act.
            left, dl = None, 99
        obj = next(
            (u.stem for u in toks[i + 1 : i + 4] if u.content and not u.punct and not u.cap),
            None,
        )
        before = [u.low for u in toks[max(0, i - 3) : i] if not u.low.endswith("ly")]
        # "was blocked", "is left frozen": an irregular past form is a participle too.
        participle = t.low.endswith(("ed", "en", "ced")) or t.low in irregular_verbs()
        passive = bool(set(before[-2:]) & _BE) and participle
        if passive and left and dl < 8 and toks[i - dl - 1].text.endswith(("'s", "’s")):
            left = None  # "the SDF's weapons are handed over": the owner, not what is handed
        agent, patient = (right, left) if passive else (left, right)
        key = _SAY if t.stem in SPEECH_STEMS else _VERB_GROUP.get(t.stem, t.stem)
        out.setdefault(key, []).append(_Role(agent, patient, obj, dl <= 3))
        placed.append((i, key, out[key][-1]))
    _elided(toks, at, placed, out)
    return out


_ELLIPSIS = frozenset(["so", "as", "neither", "nor"])


def _elided(
    toks: list[Tok],
    at: dict[int, Name],
    placed: list[tuple[int, str, _Role]],
    out: dict[str, list[_Role]],
) -> None:
    """Give the actor of an elided verb its clause's verbs: "Kalani has been supportive, and
    so is Tuvalu" has Tuvalu supportive too ("as does X", "neither has X")."""
    for k in range(len(toks) - 2):
        if toks[k].low not in _ELLIPSIS or toks[k + 1].low not in _BETWEEN | _BE:
            continue
        name = at.get(k + 2)
        if name is None:
            continue
        start = max((j for j in range(k) if toks[j].text in (".", ";", "?", "!")), default=-1)
        for i, key, role in placed:
            if start < i < k and role.agent and role.agent != name.key:
                out[key].append(_Role(name.key, role.patient, role.obj, True))


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
            # "The EU, for its part, wants": a short aside between commas is skipped.
            if step < 0 and t.text == ",":
                aside = next(
                    (k for k in range(j - 1, max(-1, j - 6), -1) if toks[k].text == ","), None
                )
                if aside is not None and dist == 0:
                    j, dist = aside - 1, dist + (j - aside) + 1
                    continue
                # "Washington, one of the main buyers of Peruvian gold, has pressed Lima": a
                # longer apposition, read when a name stands right before its opening comma.
                named = _apposed(toks, at, j) if dist <= 2 else None  # "…, has pressed"
                if named is not None:
                    return named, APPOSED_DISTANCE
            break
        j += step
        dist += 1
    return None, 99


APPOSITION_REACH = 14  # words between the commas of an apposition to a name
# The distance an apposition's name is read at: past `agent_near`, so it counts for roles
# reversed but never as "another actor doing it" (a long aside may hide a relative clause).
APPOSED_DISTANCE = 4


def _apposed(toks: list[Tok], at: dict[int, Name], comma: int) -> str | None:
    """The name an apposition ending at `comma` describes ("Washington, one of the main
    destinations for Peruvian gold,"), when no clause boundary other than its commas lies
    inside it; None otherwise."""
    for k in range(comma - 1, max(-1, comma - APPOSITION_REACH - 1), -1):
        if toks[k].text == ",":
            return at[k - 1].key if k - 1 in at else None
        if toks[k].punct or toks[k].low in ("who", "which", "that"):
            return None
    return None


def _noun_uses(text: Text) -> set[str]:
    """Stems `text` uses after a determiner or preposition ("blocking peace" may be a verb's
    object, "to peace" an infinitive, but "into peace" is a noun: such a word is no verb)."""
    return {
        t.stem for i, t in enumerate(text.toks) if i and text.toks[i - 1].low in _NOT_BEFORE_A_VERB
    }


def check_roles(claim: Text, ev: Evidence) -> Verdict | None:
    """Two actors' roles reversed around the same verb (hard), or another named actor doing
    what the cited text says someone else did (soft: without a part-of-speech tagger a
    noun can pass for a verb, so a word used after a determiner or preposition in either
    text, or shaped like a plural noun, is never read as one).
    """
    src = ev.cited
    src_roles = _roles(src, ev)
    nouns = _noun_uses(claim) | _noun_uses(src)
    led = frozenset().union(
        *(leaders(x) for s in ev.sources for x in (s.text, s.context, s.voices, *s.offices) if x)
    )
    cited_keys = {n.key for n in ev.names_in(src)}
    claim_keys = {n.key for n in ev.names_in(claim)}
    claim_words = {t.low for t in claim.toks}
    # A spokesperson acts for the body the cited text names before the role ("Commerce
    # Ministry spokesperson Zhou Lan"): a claim naming that body names the speaker.
    spokes = {
        n.key
        for n in ev.names_in(src)
        if (body := speaks_for(src, n.start)) and body <= claim_words
    }
    # A name's last word stands for it once named ("the European Parliament" ... "the
    # Parliament"): the short form is the same actor as the full one.
    short = {(n.key, n.words[-1]) for t in (claim, src) for n in ev.names_in(t) if len(n.words) > 1}
    # A two-word person's name whose family name comes first ("Chen Jiaqi" … "Chen said"),
    # when the texts use that first word alone.
    alone = {n.words[0] for t in (claim, src) for n in ev.names_in(t) if len(n.words) == 1}
    short |= {
        (n.key, n.words[0])
        for t in (claim, src)
        for n in ev.names_in(t)
        if len(n.words) == 2 and n.words[0] in alone
    }
    short |= _same_names(ev.names_in(claim), ev.names_in(src))
    for verb, croles in _roles(claim, ev).items():
        sroles = src_roles.get(verb)
        if not sroles or verb in nouns:
            continue
        shown = {_SAY: "say", _GIVE: "give", _ASK: "ask"}.get(verb, verb)
        for c in croles:
            a, p = c.agent, c.patient
            if a and p and a != p:
                same = any(
                    _same_actor(s.agent, a, led) and _same_actor(s.patient, p, led) for s in sroles
                )
                # "Chinese officials" act for China: a description by nationality is the
                # country, whichever side of the verb it stands.
                if not same and any(
                    _same_actor(s.agent, p, led) and _same_actor(s.patient, a, led) for s in sroles
                ):
                    return Verdict(
                        "contradicted",
                        f"roles reversed: in the cited text {_show(p)} is the one who"
                        f" {_verb(shown)} {_show(a)}, not the other way round",
                        "roles",
                    )
            if a and c.agent_near and verb in (_ASK, _GIVE) and not a.startswith("~"):
                # The claim's actor is only ever the one asked or given to there ("KTDA asked
                # the cooperative" where the cited text has "We have asked KTDA"); only these
                # verbs: without a tagger a noun passes for another verb ("Red Sea-routed").
                acted_on = any(_same_actor(s.patient, a, led) for s in sroles)
                acting = any(
                    _same_actor(s.agent, a, led) or (a, s.agent) in short or (s.agent, a) in short
                    for s in sroles
                )
                if acted_on and not acting:
                    return Verdict(
                        "contradicted",
                        f"roles reversed: in the cited text {_show(a)} is the one others"
                        f" {_verb(shown).rstrip('s')}, not the one who does",
                        "roles",
                    )
            if verb == _SAY:
                # Who says what is the attribution checks' (the sentence that carries the
                # words decides there); nearest names around a verb of speech in a synthesis
                # of several speakers are too often someone else's (a department, a firm).
                continue
            if a and c.agent_near and a in cited_keys and not a.startswith("~"):
                agents = [s for s in sroles if s.agent and s.agent_near]
                mine = [s for s in agents if s.agent == a or (a, s.agent) in short]
                others = [
                    s
                    for s in agents
                    if not _same_actor(s.agent, a, led)
                    and not (s.agent or "~").startswith("~")
                    and not _same_actor(s.agent, p)
                    and s.agent not in claim_keys
                    and s.agent not in spokes
                    and (a, s.agent) not in short
                    and (s.agent, a) not in short
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
                        hard=False,
                    )
    return None


def _same_names(claim_names: list[Name], src_names: list[Name]) -> set[tuple[str, str]]:
    """Pairs of role keys that name one actor: an acronym and the name it abbreviates ("the
    SDF" and "the Syrian Democratic Forces"), and the last word of an institution's full name
    in the alias lexicon ("the Commission" of "the European Commission") and the group the
    claim names by it ("Brussels")."""
    both = [*claim_names, *src_names]
    out: set[tuple[str, str]] = set()
    for a in both:
        if len(a.words) != 1:
            continue
        for b in both:
            words = [w for w in b.words if w not in _CONNECTORS]
            if len(words) > 1 and "".join(w[0] for w in words) == a.words[0]:
                out |= {(a.key, b.key), (b.key, a.key)}
    claimed = {n.key for n in claim_names if n.key.startswith("#")}
    for a in src_names:
        if len(a.words) != 1:
            continue
        for full, group in _multiword_aliases().items():
            if full.split()[-1] == a.words[0] and f"#{group}" in claimed:
                out |= {(a.key, f"#{group}"), (f"#{group}", a.key)}
    return out


_CONNECTORS = frozenset(["of", "the", "for", "and", "on", "in", "de", "&"])


def _same_actor(
    x: str | None, y: str | None, leaders: frozenset[tuple[str, str]] = frozenset()
) -> bool:
    """Two role keys name the same actor: equal, a description by a nationality word
    ("Ukrainian officials") and the country, capital or people it names ("Kyiv"), or a
    country and the leader the documents name as its president ("Putin" and "the Kremlin")."""
    if x is None or y is None:
        return x == y
    if x == y or (x, y) in leaders or (y, x) in leaders:
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
    return {"say": "says it", "give": "gives it to", "ask": "asks"}.get(stem_, f"'{stem_}…'")


# Words between an actor and its verb: auxiliaries, modals and short adverbs.
_BETWEEN = frozenset(section("english.txt", "auxiliaries"))


_Actor = frozenset[str]  # an actor's keys: a name's role key, "~" + a noun's stem, a nation


def _agents(
    text: Text, ev: Evidence
) -> tuple[dict[str, list[_Actor]], dict[str, list[tuple[_Actor, _Actor]]]]:
    """Per verb-like stem, the actors right before it: a name, or a noun for people or an
    organised group ("several packers told me"), with the nationality or name before that
    noun ("U.S. officials"); and per stem, (actor, the actor right after the verb) pairs.
    Passives are left out (their subject does not act)."""
    toks = text.toks
    at = names_at(ev.names_in(text))
    out: dict[str, list[_Actor]] = {}
    objects: dict[str, list[tuple[_Actor, _Actor]]] = {}
    for i, t in enumerate(toks):
        if not t.content or t.punct or t.cap or i in at or t.low[:1].isdigit() or not i:
            continue
        relative = toks[i - 1].low in _RELATIVES and bool(_antecedent(toks, i - 1, at))
        if (toks[i - 1].low in _NOT_BEFORE_A_VERB and not relative) or t.low.endswith(_NOUN_SHAPED):
            continue
        j = i - 1
        while (
            j >= 0 and not toks[j].punct and (toks[j].low in _BETWEEN or toks[j].low.endswith("ly"))
        ):
            j -= 1
        if j > 0 and toks[j].text == ")":
            # "The Federation of German Vehicle Manufacturers (VDFH) estimates": the name
            # before its abbreviation acts.
            opening = next((k for k in range(j - 1, max(-1, j - 6), -1) if toks[k].text == "("), 0)
            inner = {at[k].key for k in range(opening + 1, j) if k in at}
            j = opening - 1
        else:
            inner = set()
        if j < 0 or toks[j].punct:
            continue
        if toks[j].low in _RELATIVES and j > 0 and i == j + 1:
            # "a government that lobbies the industry": the noun before "that" acts.
            keys = _antecedent(toks, j, at)
            if keys:
                key = _SAY if t.stem in SPEECH_STEMS else t.stem
                out.setdefault(key, []).append(keys)
                obj = _object_actor(toks, i + 1, at)
                if obj:
                    objects.setdefault(key, []).append((keys, obj))
            continue
        between = {u.low for u in toks[j + 1 : i] if not u.punct}
        if between & _BE and (t.low.endswith(("ed", "en")) or t.low in irregular_verbs()):
            continue  # "was told": its subject is told, not telling
        if j in at:
            if at[j].adjectival:
                continue
            keys = frozenset({at[j].key} | inner)
        else:
            keys = _noun_actor(toks, j, at)
            if not keys:
                continue
        key = _SAY if t.stem in SPEECH_STEMS else t.stem
        out.setdefault(key, []).append(keys)
        obj = _object_actor(toks, i + 1, at)
        # "a government that the industry lobbies": the noun before "that" is acted on.
        start = j - 1
        while start >= 0 and toks[start].low in DETERMINERS - _RELATIVES:
            start -= 1
        if not obj and start > 0 and toks[start].low in _RELATIVES:
            obj = _antecedent(toks, start, at)
        if obj:
            objects.setdefault(key, []).append((keys, obj))
    return out, objects


_RELATIVES = frozenset(["that", "which", "who", "whom"])


def _antecedent(toks: list[Tok], k: int, at: dict[int, Name]) -> _Actor:
    """The actor a relative pronoun at `k` refers to: the name or noun for people right
    before it ("the industry that", "Mexico, which")."""
    j = k - 1
    if j >= 0 and toks[j].text == ",":
        j -= 1
    if j < 0:
        return frozenset()
    for name in at.values():
        if name.start <= j < name.end and not name.adjectival:
            return frozenset({name.key})
    return _noun_actor(toks, j, at)


def _noun_actor(toks: list[Tok], j: int, at: dict[int, Name]) -> _Actor:
    """The actor a lower-case noun for people or a group at `j` names, with a name or
    nationality before it ("U.S. officials" act for the United States), or empty."""
    if toks[j].cap or not actor_noun(toks[j].low):
        return frozenset()
    keys = {"~" + toks[j].stem}
    if j - 1 in at:
        keys.add(at[j - 1].key)
    return frozenset(keys)


def _object_actor(toks: list[Tok], j: int, at: dict[int, Name]) -> _Actor:
    """The actor right after a verb ("ask the British government", "ask the buyers"):
    determiners and a nationality skipped; empty when the words there name none."""
    while j < len(toks) and (toks[j].low in DETERMINERS or (j in at and at[j].adjectival)):
        j = at[j].end if j in at else j + 1
    if j >= len(toks) or toks[j].punct:
        return frozenset()
    if j in at:
        return frozenset({at[j].key})
    if (
        j + 1 < len(toks)
        and not toks[j].cap
        and not actor_noun(toks[j].low)
        and not toks[j + 1].cap
        and actor_noun(toks[j + 1].low)
    ):
        j += 1  # "the tea board": a noun before the head
    return _noun_actor(toks, j, at)


def _one_actor(a: _Actor, b: _Actor, led: frozenset[tuple[str, str]]) -> bool:
    return bool(a & b) or any(_same_actor(x, y, led) for x in a for y in b)


def check_crossed(claim: Text, ev: Evidence) -> Verdict | None:
    """Two actors each given the other's verb: the claim has A doing V and B doing W where
    the cited text has B doing V and A doing W ("the Commission estimates …, a figure the
    VDFH has called exaggerated" for the reverse). Read with nouns for people and groups as
    actors ("factories told her … if packers could guarantee"), not only names."""
    mine, my_pairs = _agents(claim, ev)
    theirs, their_pairs = _agents(ev.cited, ev)
    led = frozenset().union(*(leaders(s.text) for s in ev.sources if s.text))
    # One verb, its actor and the actor it acts on swapped ("the government can ask the
    # buyers" where the buyers can ask the government).
    for verb, pairs in my_pairs.items():
        for a, o in pairs:
            for b, p in their_pairs.get(verb, []):
                if _one_actor(a, p, led) and _one_actor(o, b, led) and not _one_actor(a, b, led):
                    return Verdict(
                        "contradicted",
                        f"roles reversed: in the cited text {_shown(b, ev.cited)} is the one"
                        f" who {_verb(verb)} {_shown(p, ev.cited)}, not the other way round",
                        "roles",
                    )
    if len(mine) < 2:
        return None
    verbs = [v for v in mine if v in theirs and len(mine[v]) == 1 and len(theirs[v]) == 1]
    for x, v in enumerate(verbs):
        for w in verbs[x + 1 :]:
            a, b = mine[v][0], mine[w][0]
            sa, sb = theirs[v][0], theirs[w][0]
            if _one_actor(a, b, led) or _one_actor(a, sa, led) or _one_actor(b, sb, led):
                continue
            if _one_actor(a, sb, led) and _one_actor(b, sa, led):
                return Verdict(
                    "contradicted",
                    f"roles reversed: in the cited text {_shown(sa, ev.cited)} is the one who"
                    f" {_verb(v)} and {_shown(sb, ev.cited)} the one who {_verb(w)}",
                    "roles",
                )
    return None


def _shown(keys: _Actor, text: Text) -> str:
    """An actor as the analyst reads it: a noun as `text` writes it ("the industry"), not its
    stem; a name by its alias or key."""
    key = sorted(keys, key=lambda k: (not k.startswith("~"), k))[0]
    if not key.startswith("~"):
        return _show(key)
    word = next((t.low for t in text.toks if t.stem == key[1:]), key[1:])
    return f"the {word}"
