"""What a negation is read against besides its own sentence: the plain word of an un- word
("unaware" / "aware"), and a word one cited document asserts while another negates it."""

from __future__ import annotations

from briefing.text.lexicons import section
from briefing.text.textnorm import stem
from briefing.verification.checks.negated_objects import _SAID, _key
from briefing.verification.evidence import Evidence
from briefing.verification.tokens import _NOT_UN, Text, Tok, _un_base, analyze


def un_flip(a: Text, b: Text) -> tuple[str, str] | None:
    """An un-/non- word of `a` whose base word `b` uses without it ("unaware" / "aware")."""
    b_plain, a_plain = b.plain_stems(), a.plain_stems()
    for i, t in enumerate(a.toks):
        base = _un_base(t.low)
        if not base or t.low in _NOT_UN or t.stem in b.stems:
            continue
        if stem(base.lstrip("-")) in a_plain:
            continue  # "unpaid leave … wages paid in full": `a` says the plain word too
        if stem(base.lstrip("-")) in b_plain and not _negated_in_other_words(a, i, b):
            return t.text, base.lstrip("-")
    return None


UN_CONTEXT = 4  # words either side of an un- word that say what it is said of


def _negated_in_other_words(a: Text, i: int, b: Text) -> bool:
    """Whether `b` negates another verb of what the un- word at `i` is said of: "leave their
    concessions unworked" / "holders that do not mine their concessions" (the plain word
    "working" of `b` being said of something else)."""
    around = {u.stem for u in a.toks[max(0, i - UN_CONTEXT) : i + UN_CONTEXT + 1] if u.content}
    around.discard(a.toks[i].stem)
    return any(
        b.toks[k].content and b.toks[k].stem in around for k in b.negated if not b.toks[k].cap
    )


# Verbs that say only that someone spoke or answered, not what act the words were.
_PLAIN_SPEECH = frozenset(stem(w) for w in section("english.txt", "plain_speech"))


def asserted_by_another(ev: Evidence, word: Tok, claim: Text) -> bool:
    """Whether one cited text uses `word` only un-negated while another negates it, and
    the claim names no one there that only the negating documents name ("the Ardmhor had
    completed its trials" where one piece says the Cuan Siar had, another that the Ardmhor
    has yet to): a name is no predicate to split this way."""
    if word.cap:
        return False
    # Each citation on its own, two of one document too ("did not respond to a request for
    # comment" / "a spokesman said last week"); a plain verb of saying or answering is any
    # verb of speech (not "stopped short of promising" / "said it was working on it").
    negating: set[int] = set()
    asserting: set[int] = set()
    named: dict[int, set[str]] = {}
    plain = word.stem in _PLAIN_SPEECH
    for n, s in enumerate(ev.sources):
        text = analyze(s.text)
        named[n] = {t.low for t in text.toks if t.cap and not t.initial}
        for i, t in enumerate(text.toks):
            if t.stem == word.stem or (plain and _key(t.stem) == _SAID):
                (negating if i in text.negated else asserting).add(n)
    only = asserting - negating
    if not negating or not only:
        return False
    mine = {t.low for t in claim.toks if t.cap and not t.initial}
    theirs = set().union(*(named[d] for d in negating)) - set().union(*(named[d] for d in only))
    return not mine & theirs
