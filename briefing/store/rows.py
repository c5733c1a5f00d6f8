"""Rows as both backends store them: the run table's columns, and rows read back as models."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from briefing.core.models import Document, Passage, Sentence, Span

RUN_COLUMNS = (
    "id",
    "kind",
    "created_at",
    "status",
    "topic",
    "model",
    "root",
    "out_dir",
    "verified",
    "dropped",
    "cost",
    "documents",
)
# The order the readers below take their values in (a backend selects them so).
DOCUMENT_COLUMNS = ("doc", "sha256", "size", "title", "outlet", "author", "date", "body")
SENTENCE_COLUMNS = ("id", "doc", "start", "end", "text")
PASSAGE_COLUMNS = ("id", "doc", "start", "end", "text", "tokens", "sentence_ids")


def ids_json(ids: list[str]) -> str:
    """`json.dumps(ids)`, faster for plain ids: a first ingest writes 100,000 passages' lists."""
    raw = "".join(ids)
    # Content ids are ASCII letters, digits and dashes: nothing json.dumps would escape.
    # (Checked on the ids alone: the joined list always holds quotes, which sent every
    # passage of more than one sentence to json.dumps.)
    if ids and raw.isascii() and raw.isprintable() and '"' not in raw and "\\" not in raw:
        return '["' + '", "'.join(ids) + '"]'
    return json.dumps(ids)


def document_of(r: Sequence[Any]) -> Document:
    """A stored document row (DOCUMENT_COLUMNS order; body as JSON spans) as a Document."""
    return Document(
        doc=r[0],
        sha256=r[1],
        size=r[2],
        title=r[3],
        outlet=r[4],
        author=r[5],
        date=r[6],
        body=[Span(start=a, end=b) for a, b in json.loads(r[7])],
    )


def sentence_of(r: Sequence[Any]) -> Sentence:
    """A stored sentence row (SENTENCE_COLUMNS order) as a Sentence."""
    return Sentence(id=r[0], doc=r[1], start=r[2], end=r[3], text=r[4])


def passage_of(r: Sequence[Any]) -> Passage:
    """A stored passage row (PASSAGE_COLUMNS order; sentence ids as JSON) as a Passage."""
    return Passage(
        id=r[0],
        doc=r[1],
        start=r[2],
        end=r[3],
        text=r[4],
        tokens=r[5],
        sentence_ids=json.loads(r[6]),
    )
