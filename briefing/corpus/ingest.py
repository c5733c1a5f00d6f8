"""Read a corpus directory: files, UTF-8 text, sha256, metadata and the article body as spans.

The raw text is never rewritten: every span is a pair of Python ``str`` indices into the file's
bytes decoded as strict UTF-8, so ``text[span.start:span.end]`` is exactly what a citation quotes.

Body detection follows jusText (Pomikálek, 2011), adapted to plain-text page captures, which have
no markup and so no link density:

* Blocks are non-empty lines; adjacent lines that look hard-wrapped (similar lengths, breaks
  mid-sentence) form one paragraph. Front matter and leading ``Key: value`` lines are skipped.
* Context-free class per block, jusText's English thresholds: shorter than 70 characters is
  *short*; stop-word density under 0.30 is *bad*; 0.32 or more and longer than 200 characters
  is *good* (so are 120+ characters of two or more full sentences); otherwise *near-good*. A
  block without sentence punctuation is a headline (*short*) unless it has 15+ words of prose.
  Page furniture is *bad* outright: times, datelines, one-word labels, all-caps tags, bylines,
  menus, comment forms, copyright lines, disclaimers. Bare tokens (``client/title.list_title``),
  inline "Read also: …" links, ad slots and repeated short lines are *transparent*: the context
  pass looks through them.
* Short lines before the first prose are header (masthead, headline, dateline). Everything from
  an end-of-article heading on ("Read also", "More news", "More in …", "Related", "Tags",
  "Leave a Reply", "About the author", …) is ignored. A text cut off by an ellipsis right under
  a headline line is a sidebar teaser.
* jusText's context pass: short blocks between good ones become good, between bad ones bad;
  near-good blocks are good unless both neighbours are bad. A trailing author bio is dropped.
"""

from __future__ import annotations

from pathlib import Path

from briefing.core.errors import CorpusError
from briefing.core.files import SUFFIXES as SUFFIXES  # re-exported: the corpus file types
from briefing.core.models import Document
from briefing.corpus.body import detect_body
from briefing.corpus.listing import read_text
from briefing.corpus.metadata import extract_metadata

# --- documents ---------------------------------------------------------------------------------


def load_document(root: Path, path: Path) -> tuple[Document, str]:
    """Read one corpus file into a Document (identity, metadata, body spans) and its text."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        if path.is_absolute():
            raise CorpusError(
                f"'{path}' is not inside the corpus directory '{root}': move it there or pass "
                "the folder that contains it"
            ) from None
        rel, path = path, root / path
    if ".." in rel.parts:
        raise CorpusError(f"'{path}' leaves the corpus directory '{root}': pass a path inside it")
    text, sha256, size = read_text(path)
    body = detect_body(text)
    meta = extract_metadata(text, body)
    doc = Document(doc=rel.as_posix(), sha256=sha256, size=size, body=body, **meta)
    return doc, text
