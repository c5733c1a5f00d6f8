"""A capture's header: front matter or leading `Key: value` lines, and the dates in them."""

from __future__ import annotations

import datetime as dt
import re

from briefing.core.files import SUFFIXES as SUFFIXES  # re-exported: the corpus file types
from briefing.corpus.patterns import (
    DATE_PATTERNS,
    FRONT_KEY_RE,
    HEADER_KEYS,
    HONORIFIC,
    LINE_RE,
    MONTHS,
    URL_HOST_RE,
)


def parse_header(text: str) -> tuple[dict[str, str], int]:
    """Metadata from front matter (`---` … `---`) or leading `Key: value` lines, and its end."""
    meta: dict[str, str] = {}
    pos = 1 if text.startswith("\ufeff") else 0
    first = LINE_RE.match(text, pos)
    if first and first.group().strip() == "---":
        pos = first.end()
        for m in LINE_RE.finditer(text, pos):
            line = m.group().strip()
            if line in ("---", "..."):
                return meta, m.end()
            kv = FRONT_KEY_RE.match(line)
            if kv:
                _set_header(meta, kv.group(1), kv.group(2))
            if m.start() - pos > 20_000:
                break  # not front matter after all: a rule line above ordinary text
        return {}, 0
    # Leading header lines: only known keys, so a first sentence with a colon is not eaten.
    end = 0
    for m in LINE_RE.finditer(text, pos):
        line = m.group().strip()
        if not line:
            continue
        kv = FRONT_KEY_RE.match(line)
        if not kv or kv.group(1).strip().lower() not in HEADER_KEYS or len(line) > 300:
            break
        _set_header(meta, kv.group(1), kv.group(2))
        end = m.end()
    return meta, end


def _set_header(meta: dict[str, str], key: str, value: str) -> None:
    """Store one header value under its canonical name (first one wins)."""
    name = HEADER_KEYS.get(key.strip().lower())
    value = value.strip().strip("\"'").strip()
    if not name or not value or name in meta:
        return
    if name == "date":
        value = find_date(value) or ""
    elif name == "outlet":
        host = URL_HOST_RE.match(value)
        if host:
            value = host.group(1)
    elif name == "author":
        value = re.sub(rf"^{HONORIFIC}", "", value, flags=re.IGNORECASE)
    if value:
        meta[name] = value


def find_date(s: str) -> str:
    """The earliest date in s as ISO YYYY-MM-DD, or ''."""
    best: tuple[int, str] | None = None
    for pattern, order in DATE_PATTERNS:
        for m in pattern.finditer(s):
            if best is not None and m.start() >= best[0]:
                break
            parts = dict(zip(order, m.groups(), strict=True))
            month = MONTHS[parts["M"].lower()] if "M" in parts else int(parts["m"])
            try:
                day = dt.date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
            best = (m.start(), day.isoformat())
            break
    return best[1] if best else ""
