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

import datetime as dt
import hashlib
import itertools
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from briefing.core import files
from briefing.core.errors import CorpusError
from briefing.core.files import SUFFIXES as SUFFIXES  # re-exported: the corpus file types
from briefing.core.models import Document, Span

# --- body detection thresholds (jusText's English defaults, see module docstring) -----------

LENGTH_LOW = 70  # below this a block is "short": decided by its neighbours
LENGTH_HIGH = 200  # a block longer than this with enough stop words is "good" on its own
STOPWORDS_LOW = 0.30  # stop-word density below this means keyword soup (menus, tags, titles)
STOPWORDS_HIGH = 0.32  # at or above this, prose
MIN_LEDE_WORDS = 15  # an unpunctuated block needs this many words to count as prose (a lede)
MIN_PROMOTE_LENGTH = 120  # several full sentences this long are prose even under LENGTH_HIGH
MAX_BIO_LENGTH = 300  # author bios are one or two sentences
MAX_HEAD_LINES = 60  # metadata is looked for in this many lines above the body
MAX_TAIL_LINES = 40  # ... and an author in this many non-body lines inside and after it

# Wrapped-paragraph detection: lines of a hard-wrapped paragraph are similar in length.
WRAP_MIN, WRAP_MAX, WRAP_SPREAD = 40, 120, 45

# About 190 common English function words (jusText's stop-list idea, trimmed to the frequent
# ones): their density tells running prose from headlines, menus and tag lists.
PROSE_STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all almost also although always am among an and another
    any are around as at be because been before being below between both but by can cannot
    could did do does doing done down during each either else enough even ever every few for
    from further had has have having he her here hers herself him himself his how however i if
    in into is it its itself just least less like many may me might more most much must my
    myself neither never no nor not now of off often on once one only or other others our ours
    ourselves out over own per perhaps quite rather same she should since so some still such
    than that the their theirs them themselves then there therefore these they this those though
    through thus to too under unless until up upon us very was we well were what whatever when
    where whether which while who whom whose why will with within without would yet you your
    yours yourself it's don't won't can't isn't aren't doesn't didn't wasn't that's there's
    he's she's i'm they're we're you're let's who's what's
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# Block classes. TRANSPARENT blocks (bare tokens such as "client/title.list_title", "-", "***")
# carry no signal either way, so the context pass looks through them.
BAD, SHORT, NEARGOOD, GOOD, TRANSPARENT = "bad", "short", "neargood", "good", "transparent"

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri"
    "|sat|sun"
)

_LINE_RE = re.compile(r"[^\n]+")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))
# A non-blank line; group 1 is the line without surrounding white space (as str.strip() would).
_STRIPPED_LINE_RE = re.compile(r"[^\S\n]*([^\s](?:[^\n]*[^\s])?)")
_LETTER_RE = re.compile(r"[^\W\d_]")
_BULLET_FIRST = frozenset("•·▪◦●►‣*+-–—")
_BULLET_RE = re.compile(r"^(?:[•·▪◦●►‣*+\-–—]|\d{1,3}[.)])\s+")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
_CLOSERS = "\"'”’»)]*_"
_TERMINAL = ".!?…:;"
_SENTENCE_BREAK_RE = re.compile(r"[.!?…][\"'”’»)\]]*\s+[\"“‘(]?[A-Z0-9]")
_TIME_RE = r"\d{1,2}[:.]\d{2}(?::\d{2})?"
_DATE_PREFIXES = frozenset(
    [w[:3] for w in _MONTHS] + [w[:3] for w in _WEEKDAY_ALT.split("|")] + ["upd", "pub", "pos"]
)
# A run of digits is one token (`(?!\d)`): without it, `\d+` inside the repeated group can
# split "20002001…" every possible way before failing, exponential in the run's length (a
# 24-digit line took 20 s).
_DATELINE_RE = re.compile(
    rf"(?:{_TIME_RE}|\d+(?!\d)(?:st|nd|rd|th)?|{_MONTH_ALT}|{_WEEKDAY_ALT}|a\.m\.|p\.m\.|am|pm|"
    r"gmt|utc|est|edt|cet|cest|eet|eest|msk|bst|updated|published|posted|last|modified|on|at"
    r"|[\s,./\-–|:])+",
    re.IGNORECASE,
)
_NAV_SEP_RE = re.compile(r"[|•·»›]|\s[/>]\s")
_NAV_CHAR_RE = re.compile(r"[|•·»›/>]")
_BYLINE_RE = re.compile(r"^(?:by|written by|posted by|words by|story by)\s+\S", re.IGNORECASE)
# Headings after which nothing is the article any more (sidebars, comments, tag clouds).
_END_MARKER_RE = re.compile(
    r"(?:read (?:also|more)|also read|see also|(?:more|latest|other|top) (?:news|stories|"
    r"articles|headlines|videos)|more (?:in|from)\b.{0,40}|related(?: articles| stories| news"
    r"| posts| content| coverage| topics| reading)?|topics|tags|you (?:may|might) also like|"
    r"recommended(?: for you| stories| articles| reading)?|most (?:read|popular|viewed|shared)|"
    r"popular (?:now|stories|posts)|trending(?: now)?|leave a (?:reply|comment)|comments?|"
    r"\d+ (?:comments?|responses?|replies|thoughts on\b.*)|share (?:this|on)\b.{0,30}|"
    r"about the authors?\b.*)\s*[:.]?",
    re.IGNORECASE,
)
# Boilerplate that is never article text, whatever its neighbours: phrases anywhere (searched in
# the lower-cased block) and openings (matched at its start).
_BOILERPLATE_PHRASE_RE = re.compile(
    r"your email address will not be published|required fields are marked|all rights reserved"
    r"|skip to (?:main )?content|back to top|save my name, email|notify me of (?:new|follow-up)"
)
_BOILERPLATE_START_RE = re.compile(
    r"©|copyright\b"
    r"|the (?:editors?|editorial (?:staff|board|team)) (?:do|does) ?(?:not|n't|n’t) "
    r"(?:always |necessarily )?share|the (?:views|opinions) expressed",
    re.IGNORECASE,
)
# Furniture placed inside an article (a link to another story, an ad slot): not body, but not a
# sign that the article has ended either, so the context pass looks through it.
_INLINE_FURNITURE_RE = re.compile(
    r"(?:(?:read (?:also|more)|also read|see also|related|more on this)\s*:\s*\S.*"
    r"|advertisement|sponsored(?: content)?|(?:story|article) continues below.*"
    r"|continue reading.*)",
    re.IGNORECASE,
)
_CHROME_WORDS_RE = re.compile(
    r"^(?:sign (?:up|in)|log ?in|log out|subscribe\b.*|menu|search|"
    r"home|print|email|share|follow us\b.*|post comment|comment|name|website|cookies?\b.*|"
    r"accept|close|next|previous|prev|newsletter\b.*)\s*[*:.]?$",
    re.IGNORECASE,
)
_HONORIFIC = r"(?i:(?:professor|prof\.|dr\.?|mr\.?|mrs\.?|ms\.?|sir|dame)\s+)?"
_CAP = "A-ZÀ-ÞА-ЯЁІЇЄҐ"  # capitals, Latin and Cyrillic
# A personal name: two to four capitalised words, allowing particles ("Jane van der Berg").
_NAME = (
    rf"[{_CAP}][\w'’.\-]*"
    rf"(?:\s+(?:(?:de|da|del|der|den|van|von|la|le|al|bin|ibn)\s+)*[{_CAP}][\w'’.\-]*){{1,3}}"
)
_ROLE = (
    r"(?:author|fellow|professor|journalist|editor|correspondent|columnist|analyst|researcher|"
    r"director|writer|reporter|contributor|scientist|lecturer|founder|scholar|expert|chair|"
    r"head|historian|economist|commentator|blogger|student|member|associate|specialist)"
)
_BIO_RE = re.compile(
    rf"^{_HONORIFIC}({_NAME})\s+(?:is|was|has been|serves as)\s+(?:an?|the)\s+"
    rf"(?:[\w'’\-]+\s+){{0,5}}?{_ROLE}s?\b",
    re.IGNORECASE,
)
_BIO_CASE_RE = re.compile(rf"^{_HONORIFIC}({_NAME})\s+(?:is|was|has been|serves as)\s")
_BY_RE = re.compile(rf"^(?i:by|written by|posted by|words by|story by)[:\s]+{_HONORIFIC}({_NAME})")
_AUTHOR_KEY_RE = re.compile(rf"^(?i:authors?|written by|byline)\s*[:.\-–]\s*{_HONORIFIC}({_NAME})")
# A think tank's or a columnist's byline: "Anna Sörensen, Senior Fellow, China Programme".
_NAME_ROLE_RE = re.compile(
    rf"^{_HONORIFIC}({_NAME}),\s+(?:(?i:senior|chief|deputy|associate|assistant|visiting|"
    r"non-resident|managing|contributing|executive)\s+)?(?i:fellow|correspondent|editor|"
    r"professor|director|analyst|reporter|researcher|columnist|economist|lecturer|writer|"
    r"head|adviser|advisor|strategist)\b"
)
_ABOUT_NAME_RE = re.compile(rf"^(?i:about the authors?)\s*[:.\-–]?\s*{_HONORIFIC}({_NAME})")
_FRONT_KEY_RE = re.compile(r"^\s*([A-Za-z][\w \-]{0,30}?)\s*:\s*(.*?)\s*$")
_HEADER_KEYS = {
    "title": "title", "headline": "title",
    "author": "author", "authors": "author", "by": "author", "byline": "author",
    "outlet": "outlet", "source": "outlet", "publisher": "outlet", "site": "outlet",
    "site_name": "outlet", "publication": "outlet", "site name": "outlet",
    "date": "date", "published": "date", "published_at": "date", "pubdate": "date",
    "publish_date": "date", "date published": "date", "updated": "",
    "url": "", "link": "", "tags": "", "section": "", "category": "", "categories": "",
    "lang": "", "language": "",
}  # fmt: skip
_URL_HOST_RE = re.compile(r"^[a-z][a-z0-9+.\-]*://(?:www\.)?([^/:?#\s]+)", re.IGNORECASE)

_DATE_PATTERNS: list[tuple[re.Pattern[str], tuple[str, str, str]]] = [
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), ("y", "m", "d")),
    (
        re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_ALT})\.?,?\s+(\d{{4}})\b", re.I),
        ("d", "M", "y"),
    ),
    (
        re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I),
        ("M", "d", "y"),
    ),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), ("d", "m", "y")),
    (re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b"), ("y", "m", "d")),
]


# --- files -----------------------------------------------------------------------------------


def find_files(root: Path) -> list[Path]:
    """All .txt/.md files under root (recursive, no hidden entries), sorted by relative path."""
    return [path for _, path in find_corpus_files(root)]


def find_corpus_files(root: Path) -> list[tuple[str, Path]]:
    """`find_files` with each file's path relative to root (POSIX form), as the store keys it."""
    return list_corpus(root)[0]


def list_corpus(root: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """The corpus files as (relative POSIX path, path), and a 'skipped ...' line for each refused one.

    Refused: a name `files.corpus_name_problem` rejects (not UTF-8, a backslash or colon, a
    control character), and a symlink that leads out of the corpus. Hidden entries and other
    file types are not corpus files at all and are passed over silently.
    """
    if not root.exists():
        raise CorpusError(
            f"corpus directory '{root}' does not exist: pass an existing folder of .txt/.md files "
            "(briefing ingest DIR or --corpus DIR)"
        )
    if not root.is_dir():
        raise CorpusError(
            f"corpus path '{root}' is not a directory: pass a folder of .txt/.md files "
            "(briefing ingest DIR or --corpus DIR)"
        )
    real_root = os.path.realpath(root)
    top = os.fspath(root)
    prefix = top if top.endswith(os.sep) else top + os.sep
    found: list[tuple[str, Path]] = []
    skipped: list[str] = []
    # Symlinked folders are not followed: one inside the root is walked under its real name
    # anyway, one outside it would leak files the verifier must not read, and loops are avoided.
    # Plain strings and os.path below: pathlib's parsing and a realpath() per file took 3.5 s
    # of a 6.3 s unchanged re-ingest of 100,000 files (BENCHMARKS.md, bench/bench_changes.py).
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        kept_dirs = []
        for d in dirnames:
            if d.startswith("."):
                continue
            sub = os.path.join(dirpath, d)
            if os.path.islink(sub):
                skipped.append(
                    f"skipped '{files.escaped(sub)}': a symlinked folder, which ingest does not"
                    " follow; move or copy the folder into the corpus"
                )
                continue
            if os.path.isfile(os.path.join(sub, "manifest.json")) and os.path.isfile(
                os.path.join(sub, "briefing.json")
            ):
                # A run folder written with --out inside the corpus: its briefing.md is a
                # briefing, not a source, and must never be read back as evidence.
                skipped.append(
                    f"skipped '{files.escaped(sub)}': a briefing run folder, not a source;"
                    " write runs outside the corpus (--out)"
                )
                continue
            kept_dirs.append(d)
        dirnames[:] = kept_dirs
        rel_dir = "" if dirpath == top else dirpath[len(prefix) :].replace(os.sep, "/") + "/"
        base: Path | None = None
        for name in filenames:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in SUFFIXES:
                continue
            full = os.path.join(dirpath, name)
            if not os.path.isfile(full):
                continue
            # The verifier opens citations by the same rule, so a name refused here can never
            # be a passage that no citation of it could verify.
            problem = files.corpus_name_problem(rel_dir + name)
            if problem:
                skipped.append(f"skipped '{files.escaped(full)}': {problem}")
                continue
            # A symlinked file may point outside the corpus: only keep it if it stays inside.
            # Any other file's real path is its real folder's, which os.walk keeps inside root.
            if os.path.islink(full):
                real = os.path.realpath(full)
                if not _inside(real, real_root):
                    skipped.append(
                        f"skipped '{files.escaped(full)}': a symlink to '{files.escaped(real)}',"
                        " outside the corpus; copy the file into the corpus if it belongs there"
                    )
                    continue
            base = base or Path(dirpath)
            found.append((rel_dir + name, base / name))
    found.sort(key=lambda item: item[0])
    return found, skipped


def _inside(path: str, root: str) -> bool:
    """Whether the real path `path` is `root` or below it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def read_text(
    path: Path, max_bytes: int = int(files.DEFAULT_MAX_FILE_MB * files.MB)
) -> tuple[str, str, int]:
    """Read a file once: (text decoded as strict UTF-8, sha256 hex of the bytes, size in bytes)."""
    try:
        data = files.read_capped(path, max_bytes, files.max_file_fix(max_bytes))
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise CorpusError(
            f"cannot read '{path}': {reason}: check that it exists and is readable"
        ) from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CorpusError(
            f"'{path}' looks binary (NUL byte at byte {nul}): only UTF-8 text can be ingested; "
            "remove it from the corpus or convert it to .txt"
        )
    try:
        # Strict UTF-8, not utf-8-sig: offsets must index exactly what the verifier decodes.
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"'{path}' is not valid UTF-8 (byte {exc.start}: {exc.reason}): convert it, e.g. "
            f"iconv -f {_legacy_encoding(data)} -t utf-8 '{path}' > fixed.txt"
        ) from exc
    if not text or text.isspace():
        raise EmptyFileError(f"'{path}' is empty or only white space: add text or remove the file")
    return text, hashlib.sha256(data).hexdigest(), len(data)


class EmptyFileError(CorpusError):
    """A corpus file holds no text at all."""


def _legacy_encoding(data: bytes) -> str:
    """The iconv name of the 8-bit encoding a non-UTF-8 file most likely uses.

    Windows-1252 puts curly quotes, dashes and the euro sign in 0x80-0x9F, where Latin-1 has
    only control characters: a 0x92 apostrophe is CP1252, and iconv -f LATIN1 would turn it
    into an invisible control character.
    """
    if any(0x80 <= b <= 0x9F for b in data):
        try:
            data.decode("cp1252")
            return "CP1252"
        except UnicodeDecodeError:
            pass
    return "LATIN1"


# --- blocks ------------------------------------------------------------------------------------


class _Block:
    """One candidate paragraph: its stripped span and the features the classifier uses."""

    __slots__ = ("cut", "end", "length", "start", "stop_density", "terminal", "text", "words")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.start = start
        self.end = end
        # Classify the paragraph without list bullets or Markdown heading marks.
        first = text[0]
        if first in _BULLET_FIRST or first.isdigit():
            text = _BULLET_RE.sub("", text, count=1)
        elif first == "#":
            text = _MD_HEADING_RE.sub("", text, count=1)
        self.text = text
        self.length = len(text)
        tail = text.rstrip(_CLOSERS)
        self.terminal = bool(tail) and tail[-1] in _TERMINAL
        self.cut = False  # forced bad: a header line, or after an end-of-article marker
        self.words = -1  # counted on demand: most short lines never need it
        self.stop_density = 0.0

    def count_words(self) -> None:
        """Words and stop-word density as jusText counts them: white-space tokens, lower-cased."""
        low = self.text.lower()
        if "’" in low:
            low = low.replace("’", "'")
        tokens = low.split()
        self.words = len(tokens)
        if tokens:
            self.stop_density = sum(map(PROSE_STOPWORDS.__contains__, tokens)) / len(tokens)

    def sentences(self) -> int:
        """Roughly how many sentences the block holds."""
        return len(_SENTENCE_BREAK_RE.findall(self.text)) + 1 if self.terminal else 0

    def key(self) -> str:
        """Normalised text, to spot a headline that the page repeats."""
        return " ".join(self.text.casefold().split())


def _is_dateline(line: str) -> bool:
    """A line of only dates, times and weekdays ("17:13", "23 December, 2024 Monday")."""
    # Cheap gate first: a dateline starts with a digit or a month/weekday/"updated" word.
    if not line or (not line[0].isdigit() and line[:3].lower() not in _DATE_PREFIXES):
        return False
    return _DATELINE_RE.fullmatch(line) is not None


def _is_menu(line: str) -> bool:
    """A navigation line: several items separated by |, •, ·, », › or / ."""
    return _NAV_CHAR_RE.search(line) is not None and len(_NAV_SEP_RE.findall(line)) >= 2


def _is_boilerplate(core: str) -> bool:
    """Comment forms, copyright lines and disclaimers."""
    return bool(_BOILERPLATE_START_RE.match(core) or _BOILERPLATE_PHRASE_RE.search(core.lower()))


def _content_start(text: str) -> int:
    """Offset after a leading front-matter block or `Key: value` header lines (0 if none)."""
    _, end = _parse_header(text)
    return end


def _segment(text: str, offset: int) -> list[tuple[int, int]]:
    """Stripped spans of the blocks of text[offset:]: lines, or hard-wrapped paragraphs."""
    spans: list[tuple[int, int]] = []
    chunk: list[tuple[int, int]] = []
    prev_end = -1
    for m in _STRIPPED_LINE_RE.finditer(text, offset):
        start, end = m.span(1)
        # Lines separated by a single newline form a chunk; a blank line ends it.
        if chunk and text.count("\n", prev_end, start) != 1:
            _add_chunk(text, chunk, spans)
            chunk = []
        chunk.append((start, end))
        prev_end = end
    if chunk:
        _add_chunk(text, chunk, spans)
    return spans


def _add_chunk(text: str, chunk: list[tuple[int, int]], spans: list[tuple[int, int]]) -> None:
    """Append a chunk of adjacent lines as one wrapped paragraph or as one block per line."""
    if len(chunk) > 1 and _is_wrapped(text, chunk):
        spans.append((chunk[0][0], chunk[-1][1]))
    else:
        spans.extend(chunk)


def _is_wrapped(text: str, chunk: list[tuple[int, int]]) -> bool:
    """Whether consecutive lines are one hard-wrapped paragraph (as in Markdown or e-mail)."""
    lengths = [e - s for s, e in chunk[:-1]]
    shortest, longest = min(lengths), max(lengths)
    if shortest < WRAP_MIN or longest > WRAP_MAX or longest - shortest > WRAP_SPREAD:
        return False
    soft = 0
    for (s1, e1), (s2, _) in itertools.pairwise(chunk):
        nxt = text[s2]
        if _BULLET_RE.match(text, s2) or nxt == "#" or text[s1] == "#":
            return False
        last_word = text[max(s1, e1 - 20) : e1].rsplit(None, 1)[-1].lower()
        # A wrap falls mid-sentence: the next line goes on in lower case, or the line stops
        # on a comma or a function word. Lists of headlines do neither.
        if nxt.islower() or text[e1 - 1] in ",-–—" or last_word in PROSE_STOPWORDS:
            soft += 1
    return soft * 2 >= len(chunk) - 1


def _context_free(block: _Block) -> str:
    """jusText's context-free class of one block, plus hard rules for page furniture."""
    core = block.text
    length = block.length
    if length < 120 and not _LETTER_RE.search(core):
        # Times and dates delimit headline lists, so they are bad; bare rules carry nothing.
        return BAD if any(ch.isdigit() for ch in core) else TRANSPARENT
    if length < 300 and _INLINE_FURNITURE_RE.fullmatch(core):
        return TRANSPARENT
    if length < 120:
        if " " not in core:
            # One token: a label ("OPINION", "Other", "Source") or a template/URL leftover.
            if not block.terminal:
                return BAD if core.isalpha() else TRANSPARENT
            return SHORT if core[:1].isupper() else BAD
        if _is_dateline(core) or _BYLINE_RE.match(core) or _CHROME_WORDS_RE.match(core):
            return BAD
        if core.isupper() and len(core.split()) <= 4:
            return BAD  # an all-caps tag such as "BREAKING NEWS"
        if _is_menu(core):
            return BAD  # a menu: "Home | World | Politics"
    if length < 300 and _is_boilerplate(core):
        return BAD
    if length < LENGTH_LOW:
        return SHORT
    block.count_words()
    if block.stop_density < STOPWORDS_LOW:
        return BAD
    if not block.terminal:
        # A headline or teaser title, unless it reads like prose (a lede without a full stop).
        if block.words >= MIN_LEDE_WORDS and block.stop_density >= STOPWORDS_HIGH:
            return NEARGOOD
        return SHORT if length < LENGTH_HIGH else BAD
    if block.stop_density >= STOPWORDS_HIGH and (
        length > LENGTH_HIGH
        # Plain text has no link density to tell prose from link lists; several full sentences
        # with function words is the next best signal.
        or (length >= MIN_PROMOTE_LENGTH and block.sentences() >= 2)
    ):
        return GOOD
    return NEARGOOD


def _is_teaser(block: _Block, prev: _Block | None) -> bool:
    """A sidebar teaser: text cut off with an ellipsis right after a short headline line."""
    if prev is None or prev.length >= LENGTH_HIGH:
        return False
    if prev.terminal and not prev.text.rstrip(_CLOSERS).endswith("?"):
        return False  # a headline may ask a question, but does not end with a full stop
    tail = block.text[-60:]
    cut = max(tail.rfind("..."), tail.rfind("…"))
    if cut < 0:
        return False
    rest = tail[cut:].lstrip(".…").strip(_CLOSERS + " ")
    # "... The Hill - 30m -" or nothing at all after the ellipsis: truncated, not a sentence.
    return not rest or (len(rest.split()) <= 8 and rest[-1:] not in ".!?")


def _neighbours(classes: list[str], skip: frozenset[str]) -> tuple[list[str], list[str]]:
    """Per block, the class of the nearest block before/after that is not in skip (edges: bad)."""
    n = len(classes)
    prev = [BAD] * n
    nxt = [BAD] * n
    last = BAD
    for i in range(n):
        prev[i] = last
        if classes[i] not in skip:
            last = classes[i]
    last = BAD
    for i in range(n - 1, -1, -1):
        nxt[i] = last
        if classes[i] not in skip:
            last = classes[i]
    return prev, nxt


def _revise(classes: list[str]) -> list[str]:
    """jusText's context-sensitive pass: short, then near-good blocks judged by neighbours."""
    out = list(classes)
    prev_a, next_a = _neighbours(classes, frozenset({SHORT, NEARGOOD, TRANSPARENT}))
    prev_b, next_b = _neighbours(classes, frozenset({SHORT, TRANSPARENT}))
    for i, c in enumerate(classes):
        if c != SHORT:
            continue
        p, n = prev_a[i], next_a[i]
        if p == GOOD and n == GOOD:
            out[i] = GOOD
        elif p == BAD and n == BAD:
            out[i] = BAD
        elif (p == BAD and prev_b[i] == NEARGOOD) or (n == BAD and next_b[i] == NEARGOOD):
            out[i] = GOOD
        else:
            out[i] = BAD
    prev_c, next_c = _neighbours(out, frozenset({NEARGOOD, TRANSPARENT}))
    for i, c in enumerate(out):
        if c == NEARGOOD:
            out[i] = BAD if prev_c[i] == BAD and next_c[i] == BAD else GOOD
    return out


def detect_body(text: str) -> list[Span]:
    """The article body as stripped spans of the raw text, one per paragraph, in order.

    jusText-style: each block gets a context-free class, page furniture (times, dates, tags,
    menus, bylines, comment forms, teasers, repeated headlines) is bad outright, everything after
    an end-of-article heading ("Read also", "More in …", "Related", "Leave a Reply", "About the
    author") is bad, then short/near-good blocks are revised from their neighbours and a
    trailing author bio is dropped. Fallback: if that leaves no body in a non-empty text (a
    plain note whose paragraphs are all short), near-good blocks count as good and the context
    pass runs again; if still nothing, the longest paragraphs are returned.
    """
    spans = _segment(text, _content_start(text))
    if not spans:
        return []
    # Context-free pass, in order, stopping at the end of the article: nothing after an
    # end-of-article heading can be body, so it is not even looked at.
    blocks: list[_Block] = []
    classes: list[str] = []
    header_keys: set[str] = set()
    started = False
    for start, end in spans:
        block = _Block(text[start:end], start, end)
        c = _context_free(block)
        if not started:
            if c in (GOOD, NEARGOOD):
                started = True
            elif c == SHORT:
                # Masthead, headline, dateline: short lines before the first prose are header.
                block.cut = True
                header_keys.add(block.key())
                c = BAD
        if started and block.length < 300 and _is_end_marker(block.text):
            break
        blocks.append(block)
        classes.append(c)

    # Short blocks seen twice are titles listed twice (a sidebar), or the headline repeated;
    # a text cut off by an ellipsis right under a headline is a teaser.
    keys = [b.key() if c == SHORT else "" for b, c in zip(blocks, classes, strict=True)]
    counts = Counter(keys)
    for i, c in enumerate(classes):
        if c == SHORT and (keys[i] in header_keys or counts[keys[i]] > 1):
            # Repeated furniture says nothing about where the article is: look through it.
            classes[i] = TRANSPARENT
        elif c in (GOOD, NEARGOOD, SHORT) and _is_teaser(blocks[i], blocks[i - 1] if i else None):
            classes[i] = BAD

    # Blocks after the end marker are bad, which is also what _revise assumes past the edge.
    final = _revise(classes)
    _drop_trailing_bio(blocks, final)
    body = [Span(start=b.start, end=b.end) for b, c in zip(blocks, final, strict=True) if c == GOOD]
    if body:
        return body
    return _fallback(text, spans, blocks, classes)


def _is_end_marker(core: str) -> bool:
    """Whether a block is a heading that ends the article (sidebar, tags, comments, bio)."""
    return _END_MARKER_RE.fullmatch(core) is not None


def _drop_trailing_bio(blocks: list[_Block], classes: list[str]) -> None:
    """Mark one or two author-bio paragraphs at the end of the body as not body."""
    dropped = 0
    for i in range(len(blocks) - 1, -1, -1):
        if classes[i] != GOOD:
            continue
        if dropped < 2 and blocks[i].length <= MAX_BIO_LENGTH and _is_bio(blocks[i].text):
            classes[i] = BAD
            dropped += 1
            continue
        break


def _is_bio(core: str) -> bool:
    """Whether a paragraph is an author bio ("Jane Doe is a fellow at …")."""
    return bool(_BIO_CASE_RE.match(core) and _BIO_RE.match(core))


def _fallback(
    text: str, spans: list[tuple[int, int]], blocks: list[_Block], classes: list[str]
) -> list[Span]:
    """Body for texts the strict pass rejects entirely: near-good as good, else longest blocks."""
    relaxed = [GOOD if c == NEARGOOD else c for c in classes]
    final = _revise(relaxed)
    body = [Span(start=b.start, end=b.end) for b, c in zip(blocks, final, strict=True) if c == GOOD]
    if body:
        return body
    # Prefer blocks that are neither header nor furniture; with none, any block at all.
    candidates = [
        (b.start, b.end, b.length)
        for b, c in zip(blocks, classes, strict=True)
        if c != TRANSPARENT and not b.cut
    ] or [(s, e, e - s) for s, e in spans]
    longest = max(length for _, _, length in candidates)
    # "Longest": every paragraph at least half as long as the longest one, in document order.
    return [Span(start=s, end=e) for s, e, length in candidates if length * 2 >= longest]


# --- metadata ----------------------------------------------------------------------------------


def _parse_header(text: str) -> tuple[dict[str, str], int]:
    """Metadata from front matter (`---` … `---`) or leading `Key: value` lines, and its end."""
    meta: dict[str, str] = {}
    pos = 1 if text.startswith("\ufeff") else 0
    first = _LINE_RE.match(text, pos)
    if first and first.group().strip() == "---":
        pos = first.end()
        for m in _LINE_RE.finditer(text, pos):
            line = m.group().strip()
            if line in ("---", "..."):
                return meta, m.end()
            kv = _FRONT_KEY_RE.match(line)
            if kv:
                _set_header(meta, kv.group(1), kv.group(2))
            if m.start() - pos > 20_000:
                break  # not front matter after all: a rule line above ordinary text
        return {}, 0
    # Leading header lines: only known keys, so a first sentence with a colon is not eaten.
    end = 0
    for m in _LINE_RE.finditer(text, pos):
        line = m.group().strip()
        if not line:
            continue
        kv = _FRONT_KEY_RE.match(line)
        if not kv or kv.group(1).strip().lower() not in _HEADER_KEYS or len(line) > 300:
            break
        _set_header(meta, kv.group(1), kv.group(2))
        end = m.end()
    return meta, end


def _set_header(meta: dict[str, str], key: str, value: str) -> None:
    """Store one header value under its canonical name (first one wins)."""
    name = _HEADER_KEYS.get(key.strip().lower())
    value = value.strip().strip("\"'").strip()
    if not name or not value or name in meta:
        return
    if name == "date":
        value = _find_date(value) or ""
    elif name == "outlet":
        host = _URL_HOST_RE.match(value)
        if host:
            value = host.group(1)
    elif name == "author":
        value = re.sub(rf"^{_HONORIFIC}", "", value, flags=re.IGNORECASE)
    if value:
        meta[name] = value


def _find_date(s: str) -> str:
    """The earliest date in s as ISO YYYY-MM-DD, or ''."""
    best: tuple[int, str] | None = None
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(s):
            if best is not None and m.start() >= best[0]:
                break
            parts = dict(zip(order, m.groups(), strict=True))
            month = _MONTHS[parts["M"].lower()] if "M" in parts else int(parts["m"])
            try:
                day = dt.date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
            best = (m.start(), day.isoformat())
            break
    return best[1] if best else ""


def _clean_line(line: str) -> str:
    """A header line without Markdown heading marks or emphasis."""
    return _MD_HEADING_RE.sub("", line.strip()).strip("*_ ").strip()


def _is_label(line: str) -> bool:
    """A tag or section label: one word, or all capitals."""
    words = line.split()
    return len(words) <= 1 or line.isupper()


def _is_header_noise(line: str) -> bool:
    """Dates, times, bylines, menus and chrome: never a title or an outlet."""
    return bool(
        _is_dateline(line)
        or _BYLINE_RE.match(line)
        or _CHROME_WORDS_RE.match(line)
        or _is_boilerplate(line)
        or _is_end_marker(line)
        or _is_menu(line)
        or not _LETTER_RE.search(line)
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


def extract_metadata(text: str, body: list[Span]) -> dict[str, str]:
    """Title, outlet, author and ISO date: from front matter/header lines, else from the page."""
    meta, content_start = _parse_header(text)
    result = {key: meta.get(key, "") for key in ("title", "outlet", "author", "date")}
    region_end = body[0].start if body else min(len(text), content_start + 2000)
    head = list(itertools.islice(_lines(text, content_start, region_end), MAX_HEAD_LINES))
    head = [_clean_line(line) for line in head]

    # Lines above a navigation menu are the masthead, not the headline.
    nav = [i for i, line in enumerate(head) if _is_menu(line)]
    first_title_row = nav[-1] + 1 if nav else 0
    title_row = -1
    for i in range(first_title_row, len(head)):
        line = head[i]
        if len(line.split()) >= 3 and not _is_label(line) and not _is_header_noise(line):
            title_row = i
            break
    if not result["title"] and title_row >= 0:
        result["title"] = head[title_row]
    if not result["outlet"]:
        above = head[: title_row if title_row >= 0 else len(head)]
        result["outlet"] = next((line for line in above if _looks_like_outlet(line)), "")
    if not result["date"]:
        first_body = text[body[0].start : min(body[0].end, body[0].start + 120)] if body else ""
        result["date"] = _find_date("\n".join(head)) or _find_date(first_body)
    if not result["author"]:
        result["author"] = _find_author(text, body, head)
    # A byte-order mark (or other zero-width character) is not part of a title or a name.
    return {key: value.translate(_INVISIBLE).strip() for key, value in result.items()}


def _find_author(text: str, body: list[Span], head: list[str]) -> str:
    """An author name from bylines, "About the author", "Author:" or a bio, outside body first."""
    for line in head:
        m = _BY_RE.match(line) or _AUTHOR_KEY_RE.match(line) or _NAME_ROLE_RE.match(line)
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
        m = _ABOUT_NAME_RE.match(line) or _AUTHOR_KEY_RE.match(line) or _BY_RE.match(line)
        if m:
            return _strip_name(m.group(1))
    for line in after:
        if _is_end_marker(line):
            break
        m = _BIO_CASE_RE.match(line)
        if m and _is_bio(line):
            return _strip_name(m.group(1))
    for span in body[-3:][::-1]:
        para = text[span.start : span.end]
        m = _BIO_CASE_RE.match(para)
        if m and _is_bio(para):
            return _strip_name(m.group(1))
    return ""


def _lines(text: str, start: int, end: int) -> Iterator[str]:
    """The stripped non-empty lines of text[start:end], lazily."""
    for m in _STRIPPED_LINE_RE.finditer(text, start, end):
        yield m.group(1)


def _strip_name(name: str) -> str:
    """A captured name without trailing punctuation."""
    return name.strip().rstrip(".,;:’'")


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
