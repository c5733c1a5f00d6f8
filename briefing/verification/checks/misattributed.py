"""Words given to the wrong holder: the sentence that carries a claim's reported words says
who said them ("Maas said the deal sacrifices farmers" where Marchand said it), and a view
held in the first person is its writer's or speaker's, never a body the claim names."""

from __future__ import annotations

import re

from briefing.text.lexicons import section
from briefing.text.textnorm import SPEAKER, stem
from briefing.verification.checks.agreement import says_they_agree
from briefing.verification.checks.attribution import _PRONOUNS, _pronoun_speaks
from briefing.verification.checks.interviewer import _turn_label
from briefing.verification.checks.names import VIEW_VERBS
from briefing.verification.checks.officials import state_speaks
from briefing.verification.evidence import Evidence, Verdict
from briefing.verification.lexicon import actor_noun, stance
from briefing.verification.names import (
    Name,
    _alias_group,
    after_apposition,
)
from briefing.verification.tokens import (
    _TITLES,
    FRAME_STEMS,
    SPEECH_STEMS,
    Text,
    analyze,
)

MISATTRIBUTED_MIN = 4  # content words the claim's reported words share with the sentence
MISATTRIBUTED_LEAD = 2  # ... and how many more than any other cited sentence
FIRST_PERSON_MIN = 3  # words the claim's view shares with a first-person sentence


def _subject_before(claim: Text, ev: Evidence, v: int) -> list[str]:
    """The words of the name that speaks at the verb `v`: right before it, or opening the
    clause before appositions between commas ("Hendrik Maas, president of the union, the
    main farm group, said"; "Liu Wenbo, who led the delegation in Geneva, said")."""
    toks = claim.toks
    ends = {v}
    if v and toks[v - 1].text == ",":
        for j in range(v - 2, max(-1, v - 25), -1):
            if toks[j].text in (".", ";", ":"):
                break
            if toks[j].text == ",":
                ends.add(j)
    for n in ev.names_in(claim):
        # Titles before the name open the clause with it ("Council chairman Hendra Wiratama").
        k = n.start
        while k and not toks[k - 1].punct and (toks[k - 1].low in _TITLES or toks[k - 1].cap):
            k -= 1
        opens = k == 0 or toks[k - 1].punct or toks[k - 1].low in ("and", "but")
        if n.end in ends and (n.end == v or opens):
            return n.words
        # "Greenlandic officials told …": a nationality and the people it describes.
        if (
            (n.adjectival or len(n.words) == 1)
            and opens
            and n.end + 1 == v
            and not toks[n.end].cap
            and toks[n.end].low.endswith("s")
            and actor_noun(toks[n.end].low)
        ):
            return [*n.words, toks[n.end].low]
    return []


def _common_subject_before(claim: Text, v: int) -> list[str]:
    """The words of a body named by common nouns that opens the clause right before the verb
    `v` ("The exporters' association says", "the ministry argues"): a determiner, then up to
    COMMON_SUBJECT_WORDS words in lower case, the last an actor's noun."""
    toks = claim.toks
    j = v - 1
    words: list[str] = []
    while j >= 0 and len(words) < COMMON_SUBJECT_WORDS and toks[j].content and not toks[j].cap:
        words.insert(0, toks[j].low)
        j -= 1
    if not words or j < 0 or toks[j].low not in ("the", "its", "their"):
        return []
    if j and not (toks[j - 1].punct or toks[j - 1].low in ("and", "but", "that")):
        return []
    head = words[-1]
    if stem(head) in stance("meta") or head.endswith(_ONE_PERSON):
        return []  # "the analyst", "the columnist": the writer, however the claim calls them
    return words if actor_noun(head) else []


COMMON_SUBJECT_WORDS = 3
# Endings of a noun for one person by trade ("economist", "historian", "researcher", "editor").
_ONE_PERSON = ("ist", "ian", "er", "or")


# The singular first person: a sentence with one outside quotation marks is its writer's or
# speaker's. Not tokens' first person, whose "we" and "our" speak for an organisation.
_FIRST_PERSON = frozenset(["i", "me", "my", "mine", "myself"])


def _in_first_person(src: Text) -> bool:
    """Whether the sentence speaks as "I" outside quotation marks ("That strikes me as
    optimistic"): its view is its writer's, or its interview's speaker's."""
    toks = src.toks
    if any(u.stem in SPEECH_STEMS and k and toks[k - 1].low != "i" for k, u in enumerate(toks)):
        return False  # "He told me that …": someone else's words, reported to the writer
    quoted = False
    for u in toks:
        if u.text == '"':
            quoted = not quoted
        elif not quoted and u.low in _FIRST_PERSON:
            return True
    return False


def _labels(ev: Evidence) -> set[str]:
    """The lower-cased words of the speaker labels ("Sandoval:", "Castillo-Bautista:") that open
    lines of the cited paragraphs: who an interview's "I" is."""
    out: set[str] = set()
    for s in ev.sources:
        for line in s.context.splitlines():
            m = SPEAKER.match(line)
            if m:
                out |= {w.lower() for w in re.findall(r"[^\W\d_]+", m.group(0))}
    return out


def check_misattributed(claim: Text, ev: Evidence) -> Verdict | None:
    """Words the cited text gives to one speaker, given by the claim to another it names
    elsewhere ("Hendrik Maas said the deal sacrifices farmers" where Sylvie Marchand said it
    and Maas said something else): the sentence that carries the reported words decides. A
    view the sentence holds in the first person ("strikes me as optimistic") is its writer's
    or speaker's, whatever verb of view or speech the claim gives another ("the ministry
    considers it optimistic")."""
    toks = claim.toks
    for v, t in enumerate(toks):
        if t.cap or (v and toks[v - 1].low in _PRONOUNS):
            continue
        speech = t.stem in SPEECH_STEMS
        if not speech and t.low not in VIEW_VERBS and t.stem not in FRAME_STEMS:
            continue
        who = _subject_before(claim, ev, v)
        common = False
        if not who and (speech or t.low in VIEW_VERBS):
            # "The exporters' association says …": a body named by common nouns is a holder
            # too, checked only against a view held in the first person; only with a verb of
            # saying or of a view ("the council wants X" states its aim, which an analyst's "I
            # read the request as its most important ask" does not hold).
            who, common = _common_subject_before(claim, v), True
        if not who:
            continue
        said: set[str] = set()
        for u in toks[v + 1 :]:
            if u.text in (".", ";"):
                break
            if u.content and not u.cap:
                said.add(u.stem)
        scored = sorted(
            ((len(said & analyze(s.text).stems), s.text) for s in ev.sources), reverse=True
        )
        # A first-person sentence that carries the view (FIRST_PERSON_MIN of its words):
        # its holder is the writer or speaker, never another the claim names.
        # ("Marta Kask of the Tallinn Institute regards …": the author's own name, whatever
        # affiliation follows it.)
        authors = {w for src_ in ev.sources for w in analyze(src_.author).lower.split()}
        mine = not (ev.meta_pool.has(who[-1]) or who[-1] in _labels(ev) or authors & set(who))
        if common:
            # The body may be the speaker's own ("the company" of an interview with its head):
            # only a body the document's voices and the sentences around never name.
            around = " ".join(x for src_ in ev.sources for x in (src_.context, src_.voices))
            mine = mine and who[-1] not in analyze(around).lower.split()
        # What this subject holds: to the next clause with a subject of its own (", and
        # cooperative leader Grace Chepkoech would rather …").
        held: set[str] = set()
        for k in range(v + 1, len(toks)):
            u = toks[k]
            if u.text in (".", ";") or (
                u.text == "," and k + 1 < len(toks) and toks[k + 1].low in ("and", "while", "but")
            ):
                break
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if u.cap and nxt is not None and (nxt.stem in SPEECH_STEMS or nxt.low in VIEW_VERBS):
                break  # "…, a charge Temirkhanov says he understands": another holder's view
            if u.content and not u.cap:
                held.add(u.stem)
        for text in (s.text for s in ev.sources):
            src = analyze(text)
            if len(held & src.stems) < FIRST_PERSON_MIN or not mine:
                continue
            if who[-1] in src.lower.split():
                continue
            if _in_first_person(src) and _plain_speaker(src, ev) is None:
                return Verdict(
                    "unsupported",
                    f"the cited text holds this view in the first person (its writer or"
                    f" speaker), not '{' '.join(who).title()}'",
                    "attribution",
                )
        if not speech or common:
            continue
        best, text = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0
        if best < MISATTRIBUTED_MIN or best - runner_up < MISATTRIBUTED_LEAD:
            continue
        src = analyze(text)
        if who[-1] in src.lower.split():
            continue  # the claim's speaker (by surname) is in the sentence too
        other = _plain_speaker(src, ev)
        if other is not None and all(ev.meta_pool.has(w) for w in who):
            # The author or outlet "says" what the sentence has someone else say: the
            # writer reports it, the view is the speaker's ("the Observer says cheaper meal
            # could help", where a buyer said it).
            return Verdict(
                "unsupported",
                f"the cited text gives these words to '{' '.join(other.words).title()}',"
                f" not to its author or outlet '{' '.join(who).title()}'",
                "attribution",
            )
        if state_speaks(who, ev):
            continue  # "Oslo insists" for "Fisheries Minister Marit Halvorsen said"
        if other is None:
            if _unnamed(src) and not ev.meta_pool.has(who[-1]):
                # The words the claim gives to a named person are, in the sentence that
                # carries them, someone's the writer does not name ("two people familiar
                # with the letter said").
                return Verdict(
                    "unsupported",
                    f"the cited text gives these words to someone it does not name, not"
                    f" '{' '.join(who).title()}'",
                    "attribution",
                )
            # (Not where the claim gives the words to several parties at once: "both the
            # ministry and analyst X put the cost at …" is the merged check's.)
            writer = "" if says_they_agree(claim) else _another_writer(text, who, ev)
            if writer and not {w.lower() for w in writer.split()} & {u.low for u in toks}:
                # (and not where the claim names that writer too: "…, Kirichenko argues, …,
                # and Galeotti describes …" gives each piece to its own writer)
                # A columnist's own sentence given to the writer of another cited piece
                # ("Mwale argues a 10% rise is defensible" where Banda's column says so).
                return Verdict(
                    "unsupported",
                    f"the cited sentence that carries these words is in {writer}'s piece,"
                    f" not in one by '{' '.join(who).title()}'",
                    "attribution",
                )
            continue
        if any(w in other.words for w in who) or "".join(w[0] for w in other.words) in who:
            continue
        if _alias_group(" ".join(who)) in {_alias_group(w) for w in other.words} - {None}:
            continue  # "Addis Ababa says" for "Ethiopia's Foreign Ministry said"
        return Verdict(
            "unsupported",
            f"the cited text gives these words to '{' '.join(other.words).title()}', not"
            f" '{' '.join(who).title()}'",
            "attribution",
        )
    return None


def _another_writer(text: str, who: list[str], ev: Evidence) -> str:
    """The author of the cited piece whose sentence `text` is, when it is not `who` but `who`
    writes another of the cited pieces; '' otherwise (an interview's turn, a piece whose lead
    or speakers include `who`)."""
    carrier = next((s for s in ev.sources if s.text == text), None)
    if carrier is None or not carrier.author or _turn_label(carrier):
        return ""
    mine = who[-1]
    if mine in carrier.author.lower().split() or mine in carrier.voices.lower():
        return ""
    writes = any(
        s.author and mine in s.author.lower().split() for s in ev.sources if s is not carrier
    )
    return carrier.author if writes else ""


def _unnamed(src: Text) -> bool:
    """Whether the sentence's speaker is someone indefinite: "A senior official, speaking on
    condition of anonymity, said" (an article, then up to an appositive, then the verb)."""
    toks = src.toks
    v = next(
        (
            i
            for i, t in enumerate(toks)
            if t.stem in SPEECH_STEMS and not t.cap and not (i and toks[i - 1].low in _UNSAID)
        ),
        -1,
    )
    if v <= 0:
        return False
    end = v
    if toks[v - 1].text == ",":
        end = next((j for j in range(v - 2, -1, -1) if toks[j].text == ","), v)
    start = max((j + 1 for j in range(end) if toks[j].text in (".", ";", ":", ",")), default=0)
    subject = toks[start:end]
    return (
        bool(subject)
        and (subject[0].low in ("a", "an") or subject[0].low in _SOME_PEOPLE)
        and not any(u.cap and not u.initial and _alias_group(u.low) is None for u in subject)
    )


# Counts that open an unnamed group of speakers: "two people familiar with the talks said".
_SOME_PEOPLE = frozenset(section("english.txt", "some_people"))
# "must be able to say", "should tell": speech that is not reported.
_UNSAID = frozenset(section("english.txt", "modals")) | {"to"}


def _plain_speaker(src: Text, ev: Evidence) -> Name | None:
    """The one person a sentence plainly quotes ("said Sylvie Marchand", "Zhou Lan told"), or
    None: no such person, several, or a pronoun that speaks ("he said") for someone else."""
    toks, plain = src.toks, stance("plain_report")
    if _pronoun_speaks(src):
        return None
    found = []
    for n in ev.names_in(src):
        if len(n.words) < 2 or _alias_group(" ".join(n.words)) is not None:
            continue
        before = toks[n.start - 1].stem if n.start else ""
        after = toks[n.end].stem if n.end < len(toks) else ""
        if after == "," and (k := after_apposition(toks, n.end)) >= 0:
            after = toks[k].stem  # "Chen Jiaqi, purchasing director at a feed group, said"
        if before in plain or after in plain:
            found.append(n)
    return found[0] if len(found) == 1 else None
