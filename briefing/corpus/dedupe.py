"""Near-duplicate captures: the same story republished by another outlet counts once."""

from __future__ import annotations

from pathlib import Path

from briefing.core.errors import CorpusError
from briefing.core.files import DEFAULT_MAX_FILE_MB, MB, read_corpus_file
from briefing.core.models import Document
from briefing.text.textnorm import tokenize

DEFAULT_MAX_FILE_BYTES = int(DEFAULT_MAX_FILE_MB * MB)

# Two captures whose body word-shingles overlap this much are one story
# (wire copy republished by a second outlet, a page captured twice).
NEAR_DUPLICATE = 0.8
SHINGLE = 5


def shingles(text: str) -> set[int]:
    """Hashed word 5-grams of a text, case and punctuation folded."""
    words = tokenize(text.lower())
    if len(words) < SHINGLE:
        return {hash(" ".join(words))} if words else set()
    return {hash(" ".join(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def body_text(root: Path, document: Document, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> str:
    """The body paragraphs of a stored document, read from its file."""
    # By verify's rule: a stored name is one ingest listed, but the file may have changed since.
    try:
        data = read_corpus_file(root.resolve(), document.doc, max_file_bytes)
    except CorpusError:
        return ""
    text = data.decode("utf-8", "replace")
    return "\n".join(text[s.start : s.end] for s in document.body)


def near_duplicates(
    root: Path,
    new: list[Document],
    old: list[Document],
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> dict[str, str]:
    """New documents whose body repeats an older or earlier new one: duplicate -> kept copy."""
    seen = [(d.doc, shingles(body_text(root, d, max_file_bytes))) for d in old]
    merged: dict[str, str] = {}
    for d in new:
        sh = shingles(body_text(root, d, max_file_bytes))
        for other, osh in seen:
            union = len(sh | osh)
            if union and len(sh & osh) / union >= NEAR_DUPLICATE:
                merged[d.doc] = other
                break
        else:
            seen.append((d.doc, sh))
    return merged
