"""Grouping findings across sources: the same point merged, facts and denials kept apart, disagreement linked."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from itertools import pairwise

from briefing.compose.findings import Embedder, _Candidate
from briefing.compose.tuning import (
    MERGE_EMBEDDED,
    MERGE_LEXICAL,
    MERGE_SURE,
    SAME_SENTENCE,
    SHARED_WORDS,
)
from briefing.core.models import Sentence
from briefing.text.textnorm import (
    CONTENT_STOPWORDS,
    capitalised,
    content_stems_frozen,
    stem,
    word_tokens,
)
from briefing.verification import stakes
from briefing.verification.tokens import SCALE, explicit_negation_reach

# Index pairs of a similarity matrix that a rule keeps apart or links (the helpers below
# decide them; compose applies them with `with_pairs`, so no helper changes the matrix).
Pairs = set[tuple[int, int]]

# --- grouping across sources ---------------------------------------------------


def _lexical_vectors(texts: list[str], ignore: frozenset[str]) -> list[dict[str, float]]:
    """IDF-weighted, unit-length bags of content stems (the fallback without embeddings)."""
    bags = [content_stems_frozen(t) - ignore for t in texts]
    df: dict[str, int] = {}
    for b in bags:
        for w in b:
            df[w] = df.get(w, 0) + 1
    n = len(bags)
    vecs = []
    for b in bags:
        v = {w: math.log(1 + n / df[w]) for w in b}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    return vecs


def similarity_matrix(
    texts: list[str],
    embed: Embedder | None,
    ignore: frozenset[str] = frozenset(),
    topic: str = "",
) -> list[list[float]]:
    """Pairwise similarity of texts, with what they all share (the topic) taken out."""
    n = len(texts)
    if n == 0:
        return []
    if embed is not None:
        import numpy as np  # only with embeddings: numpy's import costs more than small runs

        vecs = np.asarray(embed([topic, *texts] if topic else texts), dtype=np.float64)
        if topic:
            # Every finding is about the question, so raw cosines are all high; taking the
            # question's direction out leaves what each one says about it (measured on the
            # second corpus's gold aims: BENCHMARKS.md, "Merging").
            q = vecs[0] / (np.linalg.norm(vecs[0]) or 1.0)
            vecs = vecs[1:] - np.outer(vecs[1:] @ q, q)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        unit = vecs / np.where(norms == 0, 1.0, norms)
        return (unit @ unit.T).tolist()
    lex = _lexical_vectors(texts, ignore)
    return [[sum(x * b.get(w, 0.0) for w, x in a.items()) for b in lex] for a in lex]


def _same_word(w: str) -> str:
    """A stem as the merge rule compares it: Porter's "-y" stem with its derivatives'."""
    # Porter leaves "flattery" as "flatteri" and "flattering" as "flatter" (so "strategi" /
    # "strateg", "economi" / "econom"): one word to a reader.
    return w[:-1] if len(w) >= 6 and w.endswith("i") else w


def point_words(texts: list[str], common: frozenset[str]) -> list[frozenset[str]]:
    """Each text's content stems that can mark a point: not common, not names.

    A common word that makes a term with an uncommon one next to it ("export" in "export
    controls") is a point word as part of that term ("export_control").
    """
    # By prefix as well: "Europe" shares nothing with a question about the "European Union".
    prefixes = {w[:5] for w in common if len(w) >= 5}
    out = []
    for t in texts:
        # Names do not count: two sentences about the same person make different points as
        # often as the same one (Zelensky's resignation; Zelensky's remark on Putin).
        plain = capitalised().sub(" ", t)
        own = {w for w in content_stems_frozen(plain) - common if w[:5] not in prefixes}
        words = {_same_word(w) for w in own}
        # How common a word is depends on how much was retrieved: "export" is in 9% of the
        # second corpus's pool of 105 sentences and 11% of a pool of 123, and the two export-
        # control judgments must not part over that (BENCHMARKS.md, "Merging").
        for a, b in pairwise(word_tokens(plain)):
            if a in CONTENT_STOPWORDS or b in CONTENT_STOPWORDS or len(a) < 3 or len(b) < 3:
                continue
            x, y = stem(a), stem(b)
            if (x in common) != (y in common) and (y if x in common else x) in own:
                words.add(f"{_same_word(x)}_{_same_word(y)}")
        out.append(frozenset(words))
    return out


def _require_shared_words(
    sim: list[list[float]],
    texts: list[str],
    threshold: float,
    common: frozenset[str],
    topic: str = "",
) -> list[list[float]]:
    """Below MERGE_SURE, two findings merge only if they also share words that are not common.

    Articles on one question are close in meaning throughout; a point two sources share
    usually shows in words they share too ("export controls", "anti-subsidy investigations"):
    SHARED_WORDS of them, not names and not common.
    """
    # On whose terms a deal would be is a point of its own, worded many ways ("terms favorable
    # to Russia", "on Russian conditions", "all of Russia's terms"): the same owner stands for
    # the shared words, and different owners are different points (briefing/stakes.py).
    owned = [stakes.stakes(t, topic) for t in texts]
    stems = point_words(texts, common)
    out = [row[:] for row in sim]
    for i in range(len(texts)):
        for j in range(len(texts)):
            if i == j:
                continue
            if stakes.conflict(owned[i], owned[j]):
                out[i][j] = -1.0
                continue
            if not threshold <= sim[i][j] < MERGE_SURE or owned[i] & owned[j]:
                continue
            if len(stems[i] & stems[j]) < SHARED_WORDS:
                out[i][j] = -1.0
    return out


def group(
    candidates: list[_Candidate],
    sim: list[list[float]],
    threshold: float,
    answers: list[bool] | None = None,
) -> list[list[int]]:
    """Complete-linkage grouping of candidates from different sources above a similarity.

    Two candidates from the same (canonical) document are never merged into one point:
    a source agreeing with itself is not corroboration. With `answers` (which candidates
    state the subject's aim), a group needs one that does.
    """
    # A finding that cites several sources (a single-prompt judgment) starts as one group:
    # the model said they make one point, and the checks below hold it to that.
    by_finding: dict[int, list[int]] = {}
    for i, c in enumerate(candidates):
        by_finding.setdefault(c.order, []).append(i)
    clusters: list[list[int]] = []
    for members in by_finding.values():
        if len({candidates[i].canonical for i in members}) == len(members):
            clusters.append(members)
        else:
            clusters.extend([i] for i in members)

    def link(a: list[int], b: list[int]) -> float:
        if {candidates[i].canonical for i in a} & {candidates[j].canonical for j in b}:
            return -1.0
        if any(candidates[i].joint for i in a + b):
            # A synthesis the verifier passed is one judgment as the model grouped it: what
            # joins it would not be what its sentence was checked against.
            return -1.0
        if all(candidates[i].earlier >= 0 for i in a + b):
            # Two earlier judgments were published apart; only a new finding may join them.
            return -1.0
        if answers is not None and not any(answers[i] for i in a + b):
            # Two reports of the same background, or of the other side's demands, agree on
            # nothing the question asks; merged, they would lead the briefing on their count
            # ("US negotiators have drawn up a list of conditions…" + "The United States and
            # China agreed … to keep their trade truce in place…").
            return -1.0
        # Complete linkage: every pair must be close, so a chain of near neighbours
        # (A like B, B like C) cannot make A and C "the same point".
        return min(sim[i][j] for i in a for j in b)

    while True:
        best, pair = threshold, None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                s = link(clusters[x], clusters[y])
                if s >= best:
                    best, pair = s, (x, y)
        if pair is None:
            return clusters
        x, y = pair
        clusters[x] = sorted(clusters[x] + clusters[y])
        del clusters[y]


def common_stems(texts: list[str], share: float = 0.1) -> frozenset[str]:
    """Content stems in at least `share` of the texts: words that mark no point."""
    df: dict[str, int] = {}
    for text in texts:
        for w in content_stems_frozen(text):
            df[w] = df.get(w, 0) + 1
    return frozenset(w for w, n in df.items() if n >= share * max(1, len(texts)))


# Two findings that share SHARED_WORDS point words and contradict each other (one negates or
# reverses what the other says) address the same point even when their embeddings are this
# far apart: "Farm unions want any compensation … paid from fresh money" and "Farmers in
# Ireland do not want to be paid to disappear" (cosine 0.26 with the question taken out).
DISAGREE_MIN = 0.2


def _disagreements(
    cands: list[_Candidate],
    texts: list[str],
    raw: list[list[float]],
    sim: list[list[float]],
    threshold: float,
    common: frozenset[str],
    contradicts: Callable[[Sentence, Sentence], bool],
    aims: list[bool] | None = None,
) -> Pairs:
    """Pairs of sources that disagree on one point: they may group (compose then says so).

    `raw` is the similarity before the shared-word rule, `sim` after it; a pair already at
    `threshold` needs no link. With `aims` (each text states the subject's aim), a text that
    does and one that does not are not sources disagreeing: "farmers want governments to vote
    the agreement down" and "the Commission wants member states to approve" are two parties,
    not two readings.
    """
    words = point_words(texts, common)
    links: Pairs = set()
    for i in range(len(cands)):
        for j in range(i + 1, len(cands)):
            if cands[i].canonical == cands[j].canonical or sim[i][j] >= threshold:
                continue
            if aims is not None and aims[i] != aims[j]:
                continue
            if raw[i][j] < DISAGREE_MIN or len(words[i] & words[j]) < SHARED_WORDS:
                continue
            if any(contradicts(a, b) for a in cands[i].sentences for b in cands[j].sentences):
                links.add((i, j))
    return links


# A figure with no word of intent or obligation around it reports what is ("investment rose to
# about €10 billion"); "the quota has to be cut well below 99,000 tonnes" is a demand.
_FIGURE = re.compile(r"\d")
_OBLIGATION = re.compile(
    r"\b(?:must|should|ought|needs?|needed|require[sd]?|ha(?:s|ve|d) to)\b", re.I
)


def reports_figures(text: str, intent: frozenset[str]) -> bool:
    """The sentence reports a figure and wants nothing: a fact, not anyone's aim."""
    if not _FIGURE.search(text) or _OBLIGATION.search(text):
        return False
    return not (content_stems_frozen(text) & intent)


def _facts_apart(texts: list[str], aims: list[bool], intent: frozenset[str]) -> Pairs:
    """The pairs to keep apart: a finding that states the subject's aim and a reported figure.

    "Beijing also wants legal certainty for Chinese investors…" and "Chinese direct investment
    in the EU rose to about €10 billion…, driven by battery and car plants" share three uncommon
    words; one is a wish, the other a statistic: never "the same point".
    """
    facts = [reports_figures(t, intent) for t in texts]
    return {(i, j) for i in range(len(texts)) for j in range(len(texts)) if aims[i] and facts[j]}


# A quantity: a figure, an optional scale, then what it counts ("250,000 acre-feet",
# "1.75 million acre-feet", "20 percent"). A bare four-digit number is a year, not a quantity.
_QUANTITY = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(thousand|million|billion|trillion)?\s*(%|percent\b|per cent\b|[A-Za-z][\w-]*)"
)


def quantities(text: str) -> dict[str, set[float]]:
    """What a sentence counts, by unit: {"acre-feet": {250000.0}}; years and dates left out."""
    out: dict[str, set[float]] = {}
    for m in _QUANTITY.finditer(text):
        digits, scale, unit = m.group(1), m.group(2), m.group(3).lower()
        if not scale and re.fullmatch(r"(1[89]|20)\d\d", digits):
            continue  # "in 2025": a year
        if unit in ("per cent", "percent"):
            unit = "%"
        if unit != "%" and (unit in CONTENT_STOPWORDS or not unit.isascii()):
            continue  # "24, 2025", "10 of them": no unit counted
        value = float(digits.replace(",", "")) * SCALE.get(scale or "", 1.0)
        out.setdefault(stem(unit) if unit != "%" else unit, set()).add(value)
    return out


def _figures_apart(texts: list[str]) -> Pairs:
    """The pairs to keep apart: two findings that count the same thing with no figure in
    common ("farmers want 250,000 acre-feet every year" / "the treaty requires an average of
    350,000 acre-feet a year"): other propositions, never "the same point"."""
    counted = [quantities(t) for t in texts]
    pairs: Pairs = set()
    for i, a in enumerate(counted):
        for j, b in enumerate(counted):
            if i < j and any(a[u].isdisjoint(b[u]) for u in a.keys() & b.keys()):
                pairs |= {(i, j), (j, i)}
    return pairs


def _holders_apart(aims: list[bool], others: list[bool]) -> Pairs:
    """The pairs to keep apart: a finding stating the subject's aim and one stating another
    party's. "China fears a trade war with Europe" and "European carmakers fear a trade war
    with China" share every word but whose fear it is."""
    return {
        (i, j)
        for i, own in enumerate(aims)
        for j, theirs in enumerate(others)
        if own and theirs and not aims[j]
    }


def _distinct(cands: list[_Candidate], sim: list[list[float]]) -> list[int]:
    """Indices of the candidates to keep: one of each finding said twice by one source.

    A finding whose sentences another one quotes too, with more (a sentence, and the same
    sentence with the one that continues it: "…a direct summit…. Such talks would end his
    isolation…"), is dropped: the fuller one says the whole point. The same sentence from two
    captures of one story (a wire copy republished) is one finding: the first is kept.
    """
    ids = [frozenset(s.id for s in c.sentences) for c in cands]
    new = [j for j, c in enumerate(cands) if c.earlier < 0]
    keep: list[int] = []
    for i, c in enumerate(cands):
        if c.earlier >= 0 or c.joint:
            # An earlier judgment stays whole; so does a synthesis the verifier passed against
            # all its sources together: each of its sentences carries part of it.
            keep.append(i)
        elif any(ids[i] < ids[j] for j in new):
            continue
        elif not any(
            cands[j].earlier < 0
            and cands[j].canonical == c.canonical
            and sim[i][j] >= SAME_SENTENCE
            for j in keep
        ):
            keep.append(i)
    return keep


NEGATION_REACH = 6  # words an explicit negation reaches in its clause


def _denials_apart(texts: list[str], aims: list[bool], common: frozenset[str]) -> Pairs:
    """The pairs to keep apart: a stated aim and a text that denies its point words.

    "Above all, China wants … the most advanced AI processors" and "Beijing knows it will not
    get the most advanced processors, and I doubt its negotiators will spend capital asking
    for them" share their words, not their point.
    """
    words = point_words(texts, common)
    denied = [{_same_word(w) for w in explicit_negation_reach(t, NEGATION_REACH)} for t in texts]
    return {
        (i, j)
        for i in range(len(texts))
        for j in range(len(texts))
        if aims[i] and not aims[j] and words[i] & words[j] & denied[j] - denied[i]
    }


def with_pairs(sim: list[list[float]], pairs: Pairs, value: float) -> list[list[float]]:
    """A copy of `sim` with each pair (both ways round) set to `value`."""
    out = [row[:] for row in sim]
    for i, j in pairs:
        out[i][j] = out[j][i] = value
    return out


def merge_threshold(embed: Embedder | None) -> float:
    """The similarity at which two findings of different sources may make the same point."""
    return MERGE_EMBEDDED if embed is not None else MERGE_LEXICAL


def merge_similarity(
    texts: list[str],
    embed: Embedder | None,
    topic: str,
    topic_words: frozenset[str],
    common: frozenset[str],
    threshold: float | None = None,
) -> list[list[float]]:
    """Pairwise similarity as merging reads it: pairs the shared-word rule refuses are -1.

    Triage uses the same matrix to find sentences another source corroborates.
    """
    raw = similarity_matrix(texts, embed, ignore=topic_words, topic=topic)
    return _merge_gate(raw, texts, embed, common | topic_words, threshold, topic)


def _merge_gate(
    raw: list[list[float]],
    texts: list[str],
    embed: Embedder | None,
    common: frozenset[str],
    threshold: float | None,
    topic: str = "",
) -> list[list[float]]:
    """The shared-word rule over a similarity matrix (embeddings only; a copy)."""
    if embed is None:
        return [row[:] for row in raw]
    limit = merge_threshold(embed) if threshold is None else threshold
    return _require_shared_words(raw, texts, limit, common, topic)
