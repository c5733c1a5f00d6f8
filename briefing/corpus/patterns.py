"""What body detection and the metadata reader look for.

jusText's thresholds, and the line patterns (datelines, bylines, bios, boilerplate, dates).
"""

from __future__ import annotations

import re

from briefing.core.files import SUFFIXES as SUFFIXES  # re-exported: the corpus file types
from briefing.text.lexicons import section, words
from briefing.text.textnorm import LATIN_CAPITALS

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
PROSE_STOPWORDS: frozenset[str] = words("prose_stopwords.txt")

# Block classes. TRANSPARENT blocks (bare tokens such as "client/title.list_title", "-", "***")
# carry no signal either way, so the context pass looks through them.
BAD, SHORT, NEARGOOD, GOOD, TRANSPARENT = "bad", "short", "neargood", "good", "transparent"

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri"
    "|sat|sun"
)

LINE_RE = re.compile(r"[^\n]+")
INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))
# A non-blank line; group 1 is the line without surrounding white space (as str.strip() would).
STRIPPED_LINE_RE = re.compile(r"[^\S\n]*([^\s](?:[^\n]*[^\s])?)")
LETTER_RE = re.compile(r"[^\W\d_]")
BULLET_FIRST = frozenset("•·▪◦●►‣*+-–—")
BULLET_RE = re.compile(r"^(?:[•·▪◦●►‣*+\-–—]|\d{1,3}[.)])\s+")
MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
CLOSERS = "\"'”’»)]*_"
TERMINAL = ".!?…:;"
SENTENCE_BREAK_RE = re.compile(r"[.!?…][\"'”’»)\]]*\s+[\"“‘(]?[A-Z0-9]")
_TIME_RE = r"\d{1,2}[:.]\d{2}(?::\d{2})?"
DATE_PREFIXES = frozenset(
    [w[:3] for w in MONTHS] + [w[:3] for w in _WEEKDAY_ALT.split("|")] + ["upd", "pub", "pos"]
)
# A run of digits is one token (`(?!\d)`): without it, `\d+` inside the repeated group can
# split "20002001…" every possible way before failing, exponential in the run's length (a
# 24-digit line took 20 s).
DATELINE_RE = re.compile(
    rf"(?:{_TIME_RE}|\d+(?!\d)(?:st|nd|rd|th)?|{_MONTH_ALT}|{_WEEKDAY_ALT}|a\.m\.|p\.m\.|am|pm|"
    r"gmt|utc|est|edt|cet|cest|eet|eest|msk|bst|updated|published|posted|last|modified|on|at"
    r"|[\s,./\-–|:])+",
    re.IGNORECASE,
)
NAV_SEP_RE = re.compile(r"[|•·»›]|\s[/>]\s")
NAV_CHAR_RE = re.compile(r"[|•·»›/>]")
BYLINE_RE = re.compile(r"^(?:by|written by|posted by|words by|story by)\s+\S", re.IGNORECASE)
# Headings after which nothing is the article any more (sidebars, comments, tag clouds).
END_MARKER_RE = re.compile(
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
BOILERPLATE_PHRASE_RE = re.compile(
    r"your email address will not be published|required fields are marked|all rights reserved"
    r"|skip to (?:main )?content|back to top|save my name, email|notify me of (?:new|follow-up)"
)
BOILERPLATE_START_RE = re.compile(
    r"©|copyright\b"
    r"|the (?:editors?|editorial (?:staff|board|team)) (?:do|does) ?(?:not|n't|n’t) "
    r"(?:always |necessarily )?share|the (?:views|opinions) expressed",
    re.IGNORECASE,
)
# Furniture placed inside an article (a link to another story, an ad slot): not body, but not a
# sign that the article has ended either, so the context pass looks through it.
INLINE_FURNITURE_RE = re.compile(
    r"(?:(?:read (?:also|more)|also read|see also|related|more on this)\s*:\s*\S.*"
    r"|advertisement|sponsored(?: content)?|(?:story|article) continues below.*"
    r"|continue reading.*)",
    re.IGNORECASE,
)
CHROME_WORDS_RE = re.compile(
    r"^(?:sign (?:up|in)|log ?in|log out|subscribe\b.*|menu|search|"
    r"home|print|email|share|follow us\b.*|post comment|comment|name|website|cookies?\b.*|"
    r"accept|close|next|previous|prev|newsletter\b.*)\s*[*:.]?$",
    re.IGNORECASE,
)
HONORIFIC = r"(?i:(?:professor|prof\.|dr\.?|mr\.?|mrs\.?|ms\.?|sir|dame)\s+)?"
_CAP = LATIN_CAPITALS + "А-ЯЁІЇЄҐ"  # capitals, Latin ("Žemaitytė", "Łukasz") and Cyrillic
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
BIO_RE = re.compile(
    rf"^{HONORIFIC}({_NAME})\s+(?:is|was|has been|serves as)\s+(?:an?|the)\s+"
    rf"(?:[\w'’\-]+\s+){{0,5}}?{_ROLE}s?\b",
    re.IGNORECASE,
)
BIO_CASE_RE = re.compile(rf"^{HONORIFIC}({_NAME})\s+(?:is|was|has been|serves as)\s")
BY_RE = re.compile(rf"^(?i:by|written by|posted by|words by|story by)[:\s]+{HONORIFIC}({_NAME})")
AUTHOR_KEY_RE = re.compile(rf"^(?i:authors?|written by|byline)\s*[:.\-–]\s*{HONORIFIC}({_NAME})")
# A think tank's or a columnist's byline: "Anna Sörensen, Senior Fellow, China Programme".
NAME_ROLE_RE = re.compile(
    rf"^{HONORIFIC}({_NAME}),\s+(?:(?i:senior|chief|deputy|associate|assistant|visiting|"
    r"non-resident|managing|contributing|executive)\s+)?(?i:fellow|correspondent|editor|"
    r"professor|director|analyst|reporter|researcher|columnist|economist|lecturer|writer|"
    r"head|adviser|advisor|strategist)\b"
)
ABOUT_NAME_RE = re.compile(rf"^(?i:about the authors?)\s*[:.\-–]?\s*{HONORIFIC}({_NAME})")
FRONT_KEY_RE = re.compile(r"^\s*([A-Za-z][\w \-]{0,30}?)\s*:\s*(.*?)\s*$")
HEADER_KEYS = {
    "title": "title", "headline": "title",
    "author": "author", "authors": "author", "by": "author", "byline": "author",
    "outlet": "outlet", "source": "outlet", "publisher": "outlet", "site": "outlet",
    "site_name": "outlet", "publication": "outlet", "site name": "outlet",
    "date": "date", "published": "date", "published_at": "date", "pubdate": "date",
    "publish_date": "date", "date published": "date", "updated": "",
    "url": "", "link": "", "tags": "", "section": "", "category": "", "categories": "",
    "lang": "", "language": "",
}  # fmt: skip
URL_HOST_RE = re.compile(r"^[a-z][a-z0-9+.\-]*://(?:www\.)?([^/:?#\s]+)", re.IGNORECASE)

DATE_PATTERNS: list[tuple[re.Pattern[str], tuple[str, str, str]]] = [
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

# The plain header under a title (title / outlet / date / author lines): how many lines it
# may run to, a line that is a month alone ("2018-07", "July 2018"), the words that make a
# short capitalised line a publication, and the particles a person's name may hold.
PLAIN_HEADER_LINES = 4
MONTH_ONLY_RE = re.compile(
    rf"(?P<iso>\d{{4}}-(?:0[1-9]|1[0-2]))|(?P<month>{_MONTH_ALT})\.?\s+(?P<year>\d{{4}})", re.I
)
OUTLET_WORDS: frozenset[str] = frozenset(section("english.txt", "outlet_words"))
NAME_PARTICLES: frozenset[str] = frozenset(section("english.txt", "name_particles"))
