"""Saved HTML vs plain-text captures: how clean is the article body each path yields?

    python bench/bench_import.py              # Markdown tables on stdout
    python bench/bench_import.py --keep DIR   # also write the pages and captures to DIR

Three seeds (000, 002, 003: an opinion column with a headline river, a news page with "More
in ..." lists, a blog with a comment form) are rebuilt as the HTML pages they were captured
from: masthead and navigation, headline and dateline, the article's paragraphs in <article>,
the seed's own sidebar lists as <aside> links, plus a cookie banner, a comment thread and a
footer. The ground truth is by construction: the seed lines chosen as body (listed below, by
hand) are the body; the headline and the author bio are neither; every other line is
boilerplate. Then, on the same content:

* **txt ingest** (today): the page as a browser's "save as text" gives it (block elements on
  their own lines), read by `ingest.detect_body`;
* **import**: the HTML through `briefing import`'s extraction (trafilatura), written as a
  capture and read by `ingest.detect_body`, i.e. exactly what becomes evidence;
* **trafilatura alone**: its text before ingest looks at it.

Reported per page and in total: the share of body sentences kept (whole sentence present in
the extracted body), the share of boilerplate lines let through (a line of four words or more
found in the body, or a shorter line that is a whole body line), and the metadata found.
"""

from __future__ import annotations

import argparse
import html
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing.acquire import extract, importer
from briefing.core.models import Span
from briefing.corpus import ingest
from briefing.text.passages import split_sentences

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@dataclass
class Seed:
    """Which lines (1-based) of a seed are what, and the page's metadata."""

    name: str
    title: int
    body: list[int]
    neutral: list[int]  # neither body nor boilerplate: the author bio, repeated headlines
    outlet: str
    author: str
    date: str
    masthead: int  # lines before the headline that are the masthead/section label


SEED_PAGES = [
    Seed(
        "000_e7022d255b5320db.txt",
        title=4,
        body=[9, 13, 15, 17, 19, 21, 23],
        neutral=[27],
        outlet="Espreso. Global",
        author="Vadym Denysenko",
        date="2024-12-23",
        masthead=2,
    ),
    Seed(
        "002_cbd8029a80ab4a9f.txt",
        title=1,
        body=list(range(2, 15)),
        neutral=[15],
        outlet="The Hill",
        author="David Kirichenko",
        date="2025-02-01",
        masthead=0,
    ),
    Seed(
        "003_9d950e5d5b89fb94.txt",
        title=1,
        body=[7, 9, 11, 13, 15, 17, 19, 21, 23, 24, 26, 28],
        neutral=[3, 5, 30],
        outlet="The Spectator",
        author="Mark Galeotti",
        date="2025-03-03",
        masthead=0,
    ),
]

NAV = ["Home", "World", "Politics", "Economy", "Opinion", "Video", "Newsletters"]
COOKIE = "We use cookies to give you the best experience on our site. Accept all cookies"
COMMENTS = [
    "Nobody in Europe should be surprised by any of this, it was obvious from the start.",
    "Great analysis, but the author forgets how much the sanctions have already cost Moscow.",
    "Reply to this comment to join the discussion with other readers.",
]
FOOTER = [
    "About us",
    "Contact the newsroom",
    "Privacy policy and cookie settings",
    "Terms of use",
    "© 2025 All rights reserved. Reproduction only with a link to the source.",
]


def build_page(seed: Seed) -> tuple[str, list[str], list[str], list[str]]:
    """(HTML page, body lines, neutral lines, extra boilerplate lines added around the seed)."""
    lines = (SEEDS / seed.name).read_text(encoding="utf-8").split("\n")
    line = {i + 1: text.strip() for i, text in enumerate(lines)}
    e = html.escape
    body = [line[i].lstrip("• ") for i in seed.body]
    neutral = [line[i] for i in seed.neutral] + [line[seed.title]]
    first_body, last_body = min(seed.body), max(seed.body)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{e(line[seed.title])} | {e(seed.outlet)}</title>",
        f"<meta property='og:site_name' content='{e(seed.outlet)}'>",
        f"<meta property='og:title' content='{e(line[seed.title])}'>",
        f"<meta name='author' content='{e(seed.author)}'>",
        f"<meta property='article:published_time' content='{seed.date}T08:00:00Z'>",
        "</head><body>",
        f"<div class='cookie-banner'><p>{e(COOKIE)}</p></div>",
        "<header class='site-header'>",
    ]
    parts += [f"<div class='masthead'>{e(line[i])}</div>" for i in range(1, seed.masthead + 1)]
    parts.append(
        "<nav><ul>"
        + "".join(f"<li><a href='/{n.lower()}'>{n}</a></li>" for n in NAV)
        + "</ul></nav>"
    )
    parts.append("</header><main><article>")
    parts.append(f"<h1>{e(line[seed.title])}</h1>")
    # Lines between the headline and the body (datelines, template leftovers) stay where they
    # were, as page furniture inside the article header.
    for i in range(seed.title + 1, first_body):
        if line[i] and i not in seed.neutral:
            parts.append(f"<div class='meta'>{e(line[i])}</div>")
        elif line[i]:
            parts.append(f"<h2 class='standfirst'>{e(line[i])}</h2>")
    parts.append("<div class='article-body'>")
    in_list = False
    for i in range(first_body, last_body + 1):
        text = line[i]
        if not text:
            continue
        is_bullet = text.startswith("•")
        if is_bullet and not in_list:
            parts.append("<ul>")
            in_list = True
        if not is_bullet and in_list:
            parts.append("</ul>")
            in_list = False
        if is_bullet:
            parts.append(f"<li>{e(text.lstrip('• '))}</li>")
        elif i in seed.body:
            parts.append(f"<p>{e(text)}</p>")
        else:
            parts.append(f"<div class='inline-furniture'>{e(text)}</div>")
    if in_list:
        parts.append("</ul>")
    parts.append("</div>")
    # Everything after the body: the bio, tags, "Read also"/"More in" lists, comment forms.
    parts.append("<aside class='after-article'>")
    for i in range(last_body + 1, len(lines) + 1):
        text = line.get(i, "")
        if not text:
            continue
        if i in seed.neutral:
            parts.append(f"<p class='author-bio'>{e(text)}</p>")
        elif re.fullmatch(r"\d{1,2}:\d{2}", text):
            parts.append(f"<span class='time'>{e(text)}</span>")
        elif len(text) > 120:
            parts.append(f"<p class='teaser'>{e(text)}</p>")
        else:
            parts.append(f"<div class='item'><a href='/story/{i}'>{e(text)}</a></div>")
    parts.append("</aside></article>")
    parts.append("<section class='comments'><h3>Comments</h3>")
    parts += [f"<div class='comment'><p>{e(c)}</p></div>" for c in COMMENTS]
    parts.append("</section></main><footer><ul>")
    parts += [f"<li><a href='/f'>{e(f)}</a></li>" for f in FOOTER]
    parts.append("</ul></footer></body></html>")
    return "\n".join(parts), body, neutral, [COOKIE, *NAV, *COMMENTS, "Comments", *FOOTER]


_BLOCK = re.compile(
    r"</?(?:p|div|li|ul|ol|h[1-6]|header|footer|nav|section|aside|article|main|span|title|figure"
    r"|figcaption|form|time|button|input|textarea)\b[^>]*>",
    re.IGNORECASE,
)


def save_as_text(page: str) -> str:
    """The page as a browser's "save as text" renders it: one block element per line."""
    body = re.split(r"<body[^>]*>", page, maxsplit=1)[1]
    body = re.sub(r"<script.*?</script>", "", body, flags=re.DOTALL | re.IGNORECASE)
    text = _BLOCK.sub("\n", body)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line) + "\n"


FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "import"
# The import tests' own pages: (file, start and end of the article body's markup, metadata).
FIXTURE_PAGES = [
    (
        "kremlin-summit.html",
        '<div class="story-body">',
        '<div class="share">',
        {
            "title": "Why the Kremlin wants a summit before any ceasefire",
            "outlet": "Northern Ledger",
            "author": "Marta Kowalczyk",
            "date": "2025-02-11",
        },
    ),
    (
        "sanctions-analysis.html",
        '<div class="entry-content">',
        '<div class="author-box">',
        {
            "title": "Sanctions relief is Moscow's real prize",
            "outlet": "Eastern Policy Forum",
            "author": "Daniel Okafor",
            "date": "2025-03-04",
        },
    ),
]


def fixture_page(name: str, start: str, end: str) -> tuple[str, list[str], list[str]]:
    """(HTML, body paragraphs, neutral lines) of a test fixture: body = the plain <p> of its body."""
    page = (FIXTURES / name).read_text(encoding="utf-8")
    inner = page[page.index(start) : page.index(end)]
    inner = re.sub(r"<div class=\"newsletter-box\">.*?</div>", "", inner, flags=re.DOTALL)
    body = [html.unescape(p) for p in re.findall(r"<p>([^<]+)</p>", inner)]
    title = re.search(r"<h1[^>]*>([^<]+)</h1>", page)
    headings = re.findall(r"<h2>([^<]+)</h2>", inner)  # subheadings: neither body nor boilerplate
    bio = re.findall(r'<div class="author-box"><p>([^<]+)</p>', page)
    neutral = [html.unescape(x) for x in [title.group(1) if title else "", *headings, *bio] if x]
    return page, body, neutral


def norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def sentences(lines: list[str]) -> list[str]:
    """Ground-truth body sentences, split as briefing's passages are."""
    out = []
    for text in lines:
        out += [text[s.start : s.end] for s in split_sentences(text, Span(start=0, end=len(text)))]
    return out


def score(extracted: str, body: list[str], boilerplate: list[str]) -> tuple[int, int, list[str]]:
    """(body sentences kept, boilerplate lines let through, the leaked lines)."""
    flat = norm(extracted)
    whole_lines = {norm(x) for x in extracted.split("\n") if x.strip()}
    kept = sum(1 for s in sentences(body) if norm(s) in flat)
    leaked = [
        b
        for b in boilerplate
        if (len(b.split()) >= 4 and norm(b) in flat) or norm(b) in whole_lines
    ]
    return kept, len(leaked), leaked


def detected_body(text: str) -> tuple[str, dict[str, str]]:
    """What ingest takes as body (blocks joined by newlines) and its metadata."""
    spans = ingest.detect_body(text)
    return "\n".join(text[s.start : s.end] for s in spans), ingest.extract_metadata(text, spans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="write the pages and captures here")
    args = parser.parse_args()
    rows = []
    totals = {k: [0, 0] for k in ("txt", "import", "trafilatura")}
    n_sentences = n_boiler = 0
    leaks: dict[str, list[str]] = {}
    meta_rows = []
    timings: list[float] = []
    cases: list[tuple[str, str, list[str], list[str], dict[str, str]]] = []
    for seed in SEED_PAGES:
        page, body, neutral, extra = build_page(seed)
        assert all(norm(x) in norm(save_as_text(page)) for x in extra)  # rendered as text too
        truth = {"title": seed_title(seed), "outlet": seed.outlet, "author": seed.author}
        truth["date"] = seed.date
        cases.append((seed.name, page, body, neutral, truth))
    for name, start, end, truth in FIXTURE_PAGES:
        page, body, neutral = fixture_page(name, start, end)
        cases.append((name, page, body, neutral, truth))
    for name, page, body, neutral, truth in cases:
        label = name[:3] if name[0].isdigit() else name.removesuffix(".html")
        as_text = save_as_text(page)
        excluded = {norm(x) for x in body + neutral}
        boilerplate = [
            line
            for line in as_text.split("\n")
            if line.strip()
            and norm(line) not in excluded
            and re.search(r"[^\W\d_]", line)
            and not any(norm(line) in norm(b) for b in body)  # a list item of the body
        ]
        got = extract.extract_html(page.encode("utf-8"), name)
        for _ in range(5):
            t0 = time.perf_counter()
            extract.extract_html(page.encode("utf-8"), name)
            timings.append(time.perf_counter() - t0)
        capture = importer.render_capture(
            got,
            origin={"file": name},
            retrieved_at="2025-01-01T00:00:00Z",
            original="-",
            original_sha256="-",
            content_sha256=importer.content_hash(got),
        )
        outputs = {
            "txt": detected_body(as_text),
            "import": detected_body(capture),
            "trafilatura": (got.body, {}),
        }
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            stem = label
            (args.keep / f"{stem}.html").write_text(page, encoding="utf-8")
            (args.keep / f"{stem}.saved.txt").write_text(as_text, encoding="utf-8")
            (args.keep / f"{stem}.capture.txt").write_text(capture, encoding="utf-8")
        n_sent = len(sentences(body))
        n_sentences += n_sent
        n_boiler += len(boilerplate)
        cells = [label, str(n_sent), str(len(boilerplate))]
        for key, (text, _meta) in outputs.items():
            kept, leaked, which = score(text, body, boilerplate)
            totals[key][0] += kept
            totals[key][1] += leaked
            leaks[f"{label} {key}"] = which
            cells.append(f"{kept / n_sent:.0%} / {leaked / len(boilerplate):.0%} ({leaked})")
        rows.append(cells)
        for key in ("txt", "import"):
            meta = outputs[key][1]
            right = [f for f in ("title", "outlet", "author", "date") if meta.get(f) == truth[f]]
            meta_rows.append(f"| {label} | {key} | {', '.join(right) or '-'} |")

    print(
        "| page | body sentences | boilerplate lines | txt ingest: kept / let through"
        " | import: kept / let through | trafilatura alone |"
    )
    print("|---|---|---|---|---|---|")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")
    summary = [
        f"{totals[k][0] / n_sentences:.1%} / {totals[k][1] / n_boiler:.1%} ({totals[k][1]})"
        for k in totals
    ]
    print(f"| all | {n_sentences} | {n_boiler} | " + " | ".join(summary) + " |")
    print()
    print("| page | path | metadata right (title, outlet, author, date) |")
    print("|---|---|---|")
    print("\n".join(meta_rows))
    print()
    print(
        f"trafilatura extraction (metadata included): {statistics.median(timings) * 1000:.1f} ms"
        f" per page, median of {len(timings)}"
    )
    for label, which in leaks.items():
        for line in which:
            print(f"leaked ({label}): {line[:100]}", file=sys.stderr)


def seed_title(seed: Seed) -> str:
    return (SEEDS / seed.name).read_text(encoding="utf-8").split("\n")[seed.title - 1].strip()


if __name__ == "__main__":
    main()
