"""An interviewer's words are the interviewer's: a question's premise given to the one who
answers, or to a speaker none of the other cited texts voices, is misattributed."""

from __future__ import annotations

import re

from briefing.text.textnorm import SPEAKER
from briefing.verification.checks.names import _presented_as_speaker
from briefing.verification.checks.quantities import numbers_at
from briefing.verification.evidence import CitedText, Evidence, Verdict, voice_words
from briefing.verification.tokens import Text, analyze
from briefing.verification.voices import interviewer_label


def _turn_label(s: CitedText) -> str:
    """The label of the interview turn the cited span stands in ("Boerenkrant:"), or ''."""
    m = SPEAKER.match(s.text)
    if m:
        return m.group(0)
    lines = [line for line in s.context.splitlines() if line.strip()]
    m = SPEAKER.match(lines[-1]) if lines else None
    return m.group(0) if m else ""


INTERVIEWER_MIN = 3  # claim words only an interviewer's cited turn has, to call it theirs


def _said_stems(text: Text) -> set[str]:
    """Stems of what a text says, without its names or labels ("Pawlak:")."""
    return {t.stem for t in text.toks if t.content and not t.cap}


def check_interviewer(claim: Text, ev: Evidence) -> Verdict | None:
    """Words from an interviewer's turns given to someone the claim names as saying or holding
    them ("Van Dijk acknowledged that the federation dropped its call", where the interviewer
    put it to him): a question's premise is the interviewer's, not the answer's."""
    labels = [_turn_label(s) for s in ev.sources]
    asks = [
        bool(lab) and interviewer_label(lab, s.outlet)
        for lab, s in zip(labels, ev.sources, strict=True)
    ]
    if not any(asks):
        return None
    if not all(labels):
        # A text beside the interview (a wire's "Prado said") may carry the words, when it is
        # the named speaker's: its author, a speaker in it, or a name it quotes.
        return _beside_the_question(claim, ev, labels, asks)
    if not all(asks):
        # Answers cited beside the question: the claim is the interviewer's words when the
        # answers add nothing of it that the question does not have ("Half is an
        # exaggeration" cited with "… makes up half of all grain sold …").
        turns = [(_said_stems(analyze(s.text)), a) for s, a in zip(ev.sources, asks, strict=True)]
        asked = set().union(*(stems for stems, a in turns if a))
        answered = set().union(*(stems for stems, a in turns if not a))
        said = _said_stems(claim)
        # A figure only the question gives ("The Fund holds 2.1 trillion pesos. Why not use
        # that?") is the interviewer's, whatever the answer adds.
        figures = [_amounts(analyze(s.text)) for s in ev.sources]
        theirs = set().union(*(f for f, a in zip(figures, asks, strict=True) if a))
        answers = set().union(*(f for f, a in zip(figures, asks, strict=True) if not a))
        # (not when the claim names the interviewer: "It was the Cafetal interviewer who …")
        named = {t.low for t in claim.toks} & {
            w.lower()
            for lab, a in zip(labels, asks, strict=True)
            if a
            for w in re.findall(r"[^\W\d_]+", lab)
        }
        asked_only = set() if named else _amounts(claim) & (theirs - answers)
        if not asked_only and ((said & answered) - asked or len(said & asked) < INTERVIEWER_MIN):
            return None
        labels = [lab for lab, a in zip(labels, asks, strict=True) if a]
    for n in ev.names_in(claim):
        if all(ev.meta_pool.has(w) for w in n.words) or not _presented_as_speaker(claim, n):
            continue  # the outlet's own question, said to be its own
        return Verdict(
            "unsupported",
            f"the cited text is the interviewer's ('{labels[0].strip()}'), not what"
            f" '{' '.join(t.text for t in claim.toks[n.start : n.end])}' says",
            "attribution",
        )
    return None


def _beside_the_question(
    claim: Text, ev: Evidence, labels: list[str], asks: list[bool]
) -> Verdict | None:
    """An interviewer's question cited beside texts without turns (a column, a wire): the
    claim's speaker must be the voice of one of the others ("Kang told the Tribune that
    Washington asked for $10 billion" citing the Tribune's question and a columnist's line)."""
    voices: set[str] = set()
    for lab, a, s in zip(labels, asks, ev.sources, strict=True):
        if not a:
            voices |= voice_words(s, lab, s.text)
    question = next(lab for lab, a in zip(labels, asks, strict=True) if a)
    for n in ev.names_in(claim):
        if all(ev.meta_pool.has(w) for w in n.words) or not _presented_as_speaker(claim, n):
            continue  # the outlet itself
        if not any(w in voices for w in n.words):
            return Verdict(
                "unsupported",
                f"the cited text is the interviewer's ('{question.strip()}') or another"
                f" writer's, not what '{' '.join(t.text for t in claim.toks[n.start : n.end])}'"
                " says",
                "attribution",
            )
    return None


def _amounts(text: Text) -> set[float]:
    """The sums and shares a text gives (not its dates and counts)."""
    return {v for _, kind, v, _ in numbers_at(text) if kind in ("amount", "percent")}
