"""Near-duplicate captures: the same story republished by another outlet counts once."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.models import Document

# Two captures whose body word-shingles overlap this much are one story
# (wire copy republished by a second outlet, a page captured twice).
NEAR_DUPLICATE = 0.8
SHINGLE = 5


def shingles(text: str) -> set[int]:
    """Hashed word 5-grams of a text, case and punctuation folded."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE:
        return {hash(" ".join(words))} if words else set()
    return {hash(" ".join(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def body_text(root: Path, document: Document) -> str:
    """The body paragraphs of a stored document, read from its file."""
    text = (root / document.doc).read_bytes().decode("utf-8")
    return "\n".join(text[s.start : s.end] for s in document.body)


def near_duplicates(root: Path, new: list[Document], old: list[Document]) -> dict[str, str]:
    """New documents whose body repeats an older or earlier new one: duplicate -> kept copy."""
    seen: list[tuple[str, set[int]]] = [(d.doc, shingles(body_text(root, d))) for d in old]
    merged: dict[str, str] = {}
    for d in new:
        sh = shingles(body_text(root, d))
        for other, osh in seen:
            union = len(sh | osh)
            if union and len(sh & osh) / union >= NEAR_DUPLICATE:
                merged[d.doc] = other
                break
        else:
            seen.append((d.doc, sh))
    return merged
