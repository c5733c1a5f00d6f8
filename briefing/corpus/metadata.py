"""A capture's metadata: title, outlet, author and date from its header, byline or the seeds' layout."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from briefing.core.files import SUFFIXES as SUFFIXES  # re-exported: the corpus file types
from briefing.core.models import Span
from briefing.corpus.body import is_bio, is_boilerplate, is_dateline, is_end_marker, is_menu
from briefing.corpus.header import find_date, parse_header
from briefing.corpus.patterns import (
    ABOUT_NAME_RE,
    AUTHOR_KEY_RE,
    BIO_CASE_RE,
    BY_RE,
    BYLINE_RE,
    CHROME_WORDS_RE,
    INVISIBLE,
    LETTER_RE,
    MAX_HEAD_LINES,
    MAX_TAIL_LINES,
    MD_HEADING_RE,
    MONTH_ONLY_RE,
    MONTHS,
    NAME_PARTICLES,
    NAME_ROLE_RE,
    OUTLET_WORDS,
    PLAIN_HEADER_LINES,
    STRIPPED_LINE_RE,
)
from briefing.text.lexicons import words


def _clean_line(line: str) -> str:
    """A header line without Markdown heading marks or emphasis."""
    return MD_HEADING_RE.sub("", line.strip()).strip("*_ ").strip()


def _is_label(line: str) -> bool:
    """A tag or section label: one word, or all capitals."""
    words = line.split()
    return len(words) <= 1 or line.isupper()


def _is_header_noise(line: str) -> bool:
    """Dates, times, bylines, menus and chrome: never a title or an outlet."""
    return bool(
        is_dateline(line)
        or BYLINE_RE.match(line)
        or CHROME_WORDS_RE.match(line)
        or is_boilerplate(line)
        or is_end_marker(line)
        or is_menu(line)
        or not LETTER_RE.search(line)
    )


def _looks_like_outlet(line: str) -> bool:
    """A site name: 1-5 capitalised words, no sentence; one word only if it has a dot/inner cap."""
    words = line.split()
    if not 1 <= len(words) <= 5 or _is_header_noise(line) or line[-1:] in "!?:;,":
        return False
    if len(words) == 1:
        w = words[0].rstrip(".")
        # "Espreso.tv", "TechCrunch": a brand, unlike a section label such as "Other".
        return not w.isupper() and ("." in w or any(ch.isupper() for ch in w[1:]))
    return all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _brand(line: str) -> bool:
    """A masthead of one word that no dictionary has ("Boerenkrant", "Politico" is one):
    a section label above a headline is a common word ("World", "Opinion")."""
    word = line.strip()
    return (
        word.isalpha()
        and word[:1].isupper()
        and not word.isupper()
        and word.lower() not in words("common_words.txt")
    )


def _above_byline(head: list[str]) -> int | None:
    """The row of an outlet line in "outlet / headline / By …" at the top of the page: a line
    of two to five words, each capitalised or a short connector, no final punctuation, with a
    longer headline under it and the byline under that; None when the page is not so laid out."""
    by = next((i for i, line in enumerate(head[: PLAIN_HEADER_LINES + 1]) if BY_RE.match(line)), -1)
    if by != 2:
        return None
    outlet, headline = head[0].split(), head[1].split()
    connectors = all(w[:1].isupper() or (w.isalpha() and len(w) <= 3) for w in outlet)
    # One word is a brand or a section label ("World"): `_brand` decides that elsewhere.
    if not 2 <= len(outlet) <= 5 or not connectors or head[0][-1:] in ".!?:;,":
        return None
    return 0 if len(headline) > len(outlet) and not _is_header_noise(head[0]) else None


def _masthead(line: str) -> bool:
    """A short line of capitalised words with a publication's word ("Rio Grande Valley Ledger")."""
    words = line.split()
    return _looks_like_outlet(line) and bool({w.lower().strip(".,") for w in words} & OUTLET_WORDS)


def extract_metadata(text: str, body: list[Span]) -> dict[str, str]:
    """Title, outlet, author and ISO date: from front matter/header lines, else from the page."""
    meta, content_start = parse_header(text)
    result = {key: meta.get(key, "") for key in ("title", "outlet", "author", "date")}
    region_end = body[0].start if body else min(len(text), content_start + 2000)
    head = list(itertools.islice(_lines(text, content_start, region_end), MAX_HEAD_LINES))
    head = [_clean_line(line) for line in head]

    # Lines above a navigation menu are the masthead, not the headline.
    nav = [i for i, line in enumerate(head) if is_menu(line)]
    first_title_row = nav[-1] + 1 if nav else 0
    title_row = -1
    rows = [
        i
        for i in range(first_title_row, len(head))
        if len(head[i].split()) >= 3 and not _is_label(head[i]) and not _is_header_noise(head[i])
    ]
    # A masthead of three words or more ("Water Policy Monthly") above the headline is the
    # outlet, not the title: the title is the next line that could be one.
    while len(rows) > 1 and _masthead(head[rows[0]]):
        rows.pop(0)
    # The plain capture layout, read from its byline: "Campo y Mercado / Why a coffee price
    # fund is harder than it looks / By …": a short name line, then a longer headline, then
    # "By": the first is the outlet, whatever its words ("y", "for", "La").
    masthead = _above_byline(head)
    if masthead is not None and not result["outlet"] and masthead + 1 in rows:
        result["outlet"] = head[masthead]
        rows = [r for r in rows if r > masthead]
    if rows:
        title_row = rows[0]
    if not result["title"] and title_row >= 0:
        result["title"] = head[title_row]
    if not result["outlet"]:
        above = head[: title_row if title_row >= 0 else len(head)]
        result["outlet"] = next((line for line in above if _looks_like_outlet(line)), "")
        if not result["outlet"] and title_row == 1 and _brand(head[0]):
            result["outlet"] = head[0]
    if not result["date"]:
        first_body = text[body[0].start : min(body[0].end, body[0].start + 120)] if body else ""
        result["date"] = find_date("\n".join(head)) or find_date(first_body)
    if not result["author"]:
        result["author"] = _find_author(text, body, head)
    if title_row >= 0:
        # What the page's own markers did not give, the plain header under the title may.
        for key, value in _plain_header(head[title_row + 1 :]).items():
            result[key] = result[key] or value
    # A byte-order mark (or other zero-width character) is not part of a title or a name.
    return {key: value.translate(INVISIBLE).strip() for key, value in result.items()}


def _plain_header(lines: list[str]) -> dict[str, str]:
    """Outlet, date and author from the short unlabelled lines right under a title.

    The common capture layout: "Trump Provides China an Opening in Europe / Carnegie Europe /
    2018-07 / Philippe Le Corre", then the body. A line that is a date (a day, or a month:
    "2018-07", "July 2018") is the date; a line of capitalised words is a name, read as the
    outlet when it has a publication's word ("Review", "Institute") and as the author when it
    has none; of two names without such words, the first is the outlet (the layout's order).
    It stops at the first line that is not such a short line.
    """
    found: dict[str, str] = {}
    names: list[str] = []
    for line in lines[:PLAIN_HEADER_LINES]:
        if _is_header_noise(line) and not is_dateline(line):
            break
        date = _whole_date(line)
        if date:
            found.setdefault("date", date)
            continue
        words = line.split()
        if not 1 <= len(words) <= 5 or line[-1:] in ".!?:;," or not _capitalised(words):
            break
        names.append(line)
    for line in names:
        if {w.lower().strip(".,") for w in line.split()} & OUTLET_WORDS:
            found.setdefault("outlet", line)
    people = [line for line in names if line not in found.values()]
    if len(people) >= 2 and "outlet" not in found:
        found["outlet"] = people.pop(0)
    if people and len(people[-1].split()) >= 2:
        found["author"] = people[-1]
    return found


def _whole_date(line: str) -> str:
    """The date a line is made of (a day as YYYY-MM-DD, a month as YYYY-MM), else ''."""
    day = find_date(line)
    if day and len(line) <= 32:
        return day
    m = MONTH_ONLY_RE.fullmatch(line.strip())
    if m is None:
        return ""
    if m.group("iso"):
        return m.group("iso")
    month = MONTHS[m.group("month").lower().rstrip(".")]
    return f"{m.group('year')}-{month:02d}"


def _capitalised(words: list[str]) -> bool:
    """Every word starts with a capital, bar a name's particles ("Le Corre", "van der Berg")."""
    return all(w[:1].isupper() or w.lower() in NAME_PARTICLES for w in words) and not any(
        ch.isdigit() for w in words for ch in w
    )


def _find_author(text: str, body: list[Span], head: list[str]) -> str:
    """An author name from bylines, "About the author", "Author:" or a bio, outside body first."""
    for line in head:
        m = BY_RE.match(line) or AUTHOR_KEY_RE.match(line) or NAME_ROLE_RE.match(line)
        if m:
            return _strip_name(m.group(1))
    if not body:
        return ""
    # Non-body lines inside the article (a byline under the lede) and just after it (the bio,
    # "About the author"); the sidebars further down belong to other stories.
    inside = itertools.chain.from_iterable(
        _lines(text, a.end, b.start) for a, b in itertools.pairwise(body)
    )
    after = list(itertools.islice(_lines(text, body[-1].end, len(text)), MAX_TAIL_LINES))
    for line in itertools.chain(itertools.islice(inside, MAX_TAIL_LINES), after):
        m = ABOUT_NAME_RE.match(line) or AUTHOR_KEY_RE.match(line) or BY_RE.match(line)
        if m:
            return _strip_name(m.group(1))
    for line in after:
        if is_end_marker(line):
            break
        m = BIO_CASE_RE.match(line)
        if m and is_bio(line):
            return _strip_name(m.group(1))
    for span in body[-3:][::-1]:
        para = text[span.start : span.end]
        m = BIO_CASE_RE.match(para)
        if m and is_bio(para):
            return _strip_name(m.group(1))
    return ""


def _lines(text: str, start: int, end: int) -> Iterator[str]:
    """The stripped non-empty lines of text[start:end], lazily."""
    for m in STRIPPED_LINE_RE.finditer(text, start, end):
        yield m.group(1)


def _strip_name(name: str) -> str:
    """A captured name without trailing punctuation."""
    return name.strip().rstrip(".,;:’'")
