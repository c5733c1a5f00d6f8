"""Packaged word lists (`briefing/data/*.txt`): the one loader every stage reads them with.

Each file opens with comment lines saying what it is, where it came from and its licence
(`tests/test_layout.py` checks); `#` starts a comment anywhere on a line.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """The non-blank lines of a packaged word list, comments removed, read once."""
    text = resources.files("briefing").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)


@cache
def words(name: str) -> frozenset[str]:
    """Every word of a packaged word list (words separated by spaces or lines)."""
    return frozenset(w for line in data_lines(name) for w in line.split())


@cache
def section(name: str, key: str) -> tuple[str, ...]:
    """The words of one section (`key: word word ...`, over one or more lines) of a word list."""
    out: list[str] = []
    for line in data_lines(name):
        head, sep, rest = line.partition(":")
        if sep and head.strip() == key:
            out += rest.split()
    if not out:
        raise KeyError(f"data/{name} has no section {key!r}")
    return tuple(out)
