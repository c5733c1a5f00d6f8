"""A digest's carried-forward judgments: which may join today's findings, none repeated, agreement recounted."""

from __future__ import annotations

import re

from briefing import compose
from briefing.compose import Finding
from briefing.core.models import (
    Citation,
    Claim,
    Document,
    Sentence,
)
from briefing.text.passages import split_sentences
from briefing.verification import SourceCache

_AGREEMENT = re.compile(r"^\w+ of \w+ sources (.+)$")


def _cites(claim: Claim) -> frozenset[tuple[str, str]]:
    """What a claim cites: its documents and quotes, whitespace folded (offsets may move)."""
    return frozenset((c.doc, " ".join(c.quote.split())) for c in claim.citations)


def unrepeated(carried: list[Claim], claims: list[Claim]) -> list[Claim]:
    """The carried judgments that no new judgment, nor an earlier carried one, repeats."""
    seen = {_cites(c) for c in claims}
    keys = {c.key for c in claims if c.key}
    out = []
    for c in carried:
        if _cites(c) in seen or (c.key and c.key in keys):
            continue
        seen.add(_cites(c))
        if c.key:
            keys.add(c.key)
        out.append(c)
    return out


def recount(claim: Claim, sources: int) -> Claim:
    """A carried judgment's agreement worded against today's sources ("Two of eight…")."""
    m = _AGREEMENT.match(claim.agreement or "")
    if not m or not claim.independent_sources or sources < claim.independent_sources:
        return claim
    words = f"{compose.count_words(claim.independent_sources, sources)} {m.group(1)}"
    return claim.model_copy(update={"agreement": words})


def _joinable(carried: list[Claim], new: set[str], sources: SourceCache) -> list[Claim]:
    """The carried judgments a new finding may join: every citation still exact, none in a new file.

    A judgment citing a changed file is verified again on its own; merging it would let its
    failure take the new finding down with it.
    """

    def exact(c: Citation) -> bool:
        src = sources.get(c.doc)
        return not isinstance(src, str) and src.text[c.start : c.end] == c.quote

    return [
        cl
        for cl in carried
        if cl.citations and all(c.doc not in new and exact(c) for c in cl.citations)
    ]


def _body_sentences(documents: list[Document], sources: SourceCache) -> list[str]:
    """Every body sentence of these documents, as the corpus splits them."""
    out: list[str] = []
    for d in documents:
        src = sources.get(d.doc)
        if isinstance(src, str):
            continue
        out += [src.text[x.start : x.end] for b in d.body for x in split_sentences(src.text, b)]
    return out


def _as_finding(claim: Claim) -> Finding:
    """A published judgment as the sentences it cites (ids of its own: it is not in this run's store)."""
    return Finding(
        text=claim.text,
        sentences=[
            Sentence(id=f"{claim.id}.{n}", doc=c.doc, start=c.start, end=c.end, text=c.quote)
            for n, c in enumerate(claim.citations)
        ],
        relevance=claim.relevance if claim.relevance is not None else 5,
    )
