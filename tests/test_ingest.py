"""Tests of briefing.ingest: files, decoding, body detection and metadata."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.errors import CorpusError
from briefing.core.models import Span
from briefing.corpus import body as body_detection
from briefing.corpus import listing
from briefing.corpus.ingest import detect_body, extract_metadata, load_document, read_text
from briefing.corpus.listing import find_files

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"

S000 = "000_e7022d255b5320db.txt"
S001 = "001_8d5cd8e739546e10.txt"
S002 = "002_cbd8029a80ab4a9f.txt"
S003 = "003_9d950e5d5b89fb94.txt"
S004 = "004_a03813502d365a1c.txt"
ALL_SEEDS = [S000, S001, S002, S003, S004]


def _text(path: Path) -> str:
    """A file decoded the way the verifier decodes it."""
    return path.read_bytes().decode("utf-8")


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) where needle occurs; a needle ending in "$" must end its line."""
    if needle.endswith("$"):
        pattern = re.compile("^" + re.escape(needle[:-1]) + "[ \t]*$", re.MULTILINE)
    else:
        pattern = re.compile(re.escape(needle))
    found = [m.span() for m in pattern.finditer(text)]
    assert found, f"test data error: {needle!r} is not in the text"
    return found


def _in_body(body: list[Span], start: int, end: int) -> bool:
    """Whether [start, end) lies wholly inside one body span."""
    return any(s.start <= start and end <= s.end for s in body)


def _touches_body(body: list[Span], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any body span."""
    return any(s.start < end and start < s.end for s in body)


def assert_not_body(text: str, body: list[Span], *needles: str) -> None:
    """No occurrence of any needle overlaps the body."""
    for needle in needles:
        for start, end in _occurrences(text, needle):
            assert not _touches_body(body, start, end), f"{needle!r} was taken as body"


def assert_body(text: str, body: list[Span], *needles: str) -> None:
    """Every occurrence of every needle is inside one body span."""
    for needle in needles:
        for start, end in _occurrences(text, needle):
            assert _in_body(body, start, end), f"{needle!r} was not taken as body"


def assert_well_formed(text: str, body: list[Span]) -> None:
    """Spans are non-empty, ordered, disjoint, stripped, and cover whole lines."""
    assert body, "no body found"
    previous_end = 0
    for span in body:
        assert previous_end <= span.start < span.end <= len(text)
        chunk = text[span.start : span.end]
        assert chunk == chunk.strip()
        # A span starts at the start of a line and ends at the end of one.
        assert text[: span.start].rstrip(" \t\u00a0") == "" or text[: span.start].rstrip(
            " \t\u00a0"
        ).endswith("\n")
        after = text[span.end :].lstrip(" \t\u00a0\r")
        assert after == "" or after.startswith("\n")
        previous_end = span.end


# --- seeds: body -------------------------------------------------------------------------------

SEED_BOILERPLATE: dict[str, list[str]] = {
    S000: [
        "Espreso. Global$",
        "OPINION$",
        "Putin wants to prove he is not afraid of Trump$",
        "23 December, 2024 Monday$",
        "17:13$",
        "16:31$",
        "client/title.list_title",
        "Source$",
        "About the author. Vadym Denysenko, political scientist.",
        "The editors don't always share the opinions expressed by the blog authors.",
        "Tags:",
        "Read also:",
        "Exclusive$",
        "Trump calls on Russia to make deal to end Ukraine war, warns of sanctions and tariffs",
        "More news",
    ],
    S001: [
        "The illusion of quick negotiations$",
        "17 November, 2024 Sunday$",
        "14:23$",
        "client/title.list_title",
        "About the author: Vadym Denysenko, political scientist.",
        "Riots in Abkhazia: what does this mean for Ukraine?",
        "Updated$",
        "More news",
    ],
    S002: [
        "What Putin wants from Trump$",
        "David Kirichenko is an associate research fellow at the Henry Jackson Society",
        "Topics$",
        "More from The Hill$",
        "More in Politics$",
        "Small plane crashes in Philadelphia$",
        "A small plane crashed in Northeast Philadelphia with two people on board",
        "The Hill - 30m -",
        "Zelensky: Trump rhetoric 'exactly what Putin is afraid of'",
        "It would the first U.S.-Russian leader contact in nearly three years.",
    ],
    S003: [
        "The Putin-Trump Dynamic: Opportunities and Risks for Russia$",
        "The Putin-Trump Dynamic: A Double-Edged Sword for Russia$",
        "Professor Mark Galeotti is the author of",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Back To Top",
    ],
    S004: [
        "Other$",
        'Peace from Putin: that the Kremlin\'s head hopes to "squeeze" from Trump$',
    ],
}

SEED_BODY: dict[str, list[str]] = {
    S000: [
        "After the attack on Tatarstan, Putin personally commented on the drone strikes",
        "Note that in recent days,",
        "Putin fears Trump, but at the same time, through his inner circle",
        "The child is afraid but asks their parents",
    ],
    S001: [
        "In recent weeks, many have fallen into the trap",
        "The 2022 full-scale invasion happened for two reasons:",
        "• Putin thought a quick war would elevate him to global prominence",
        "• He believed annexing Ukraine, followed by Belarus and Kazakhstan",
        "Putin knows this perfectly well.",
    ],
    S002: [
        "With President Trump back in office, Vladimir Putin sees an opportunity",
        "Above all, Putin craves a direct summit with the U.S., excluding Ukraine",
        "pro-Russian puppet regime…”",
    ],
    S003: [
        "In Moscow, there is a palpable sense",
        "“Russia cannot conceal its malicious pleasure,”",
        "• The diplomatic isolation that the West attempted to impose on Russia",
        "they are enjoying their time in the unpredictable realm of Trumpworld.",
    ],
    S004: [
        "It is not necessary to believe on the word Putin",
        "Some observers believe that K. Dmitriev and S. Lavrov represent competing groups",
        "it is possible to strengthen the sanctions against the Russian Federation.",
    ],
}


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_seed_body_is_well_formed(name: str) -> None:
    text = _text(SEEDS / name)
    body = detect_body(text)
    assert_well_formed(text, body)


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_seed_boilerplate_is_not_body(name: str) -> None:
    text = _text(SEEDS / name)
    assert_not_body(text, detect_body(text), *SEED_BOILERPLATE[name])


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_seed_known_sentences_are_body(name: str) -> None:
    text = _text(SEEDS / name)
    assert_body(text, detect_body(text), *SEED_BODY[name])


def test_seed_000_body_stops_before_the_sidebar() -> None:
    text = _text(SEEDS / S000)
    body = detect_body(text)
    assert text[body[-1].start : body[-1].end].endswith('I’m not afraid of the dentist, am I?"')
    # Nothing after the disclaimer is body: the whole "Read also" list with its times and tags.
    assert body[-1].end < text.index("Source\n")


def test_seed_002_sidebar_contributes_nothing() -> None:
    text = _text(SEEDS / S002)
    body = detect_body(text)
    sidebar = text.index("\nTopics\n")
    assert all(span.end < sidebar for span in body)
    assert len(body) == 13  # the thirteen paragraphs of the article


def test_seed_004_body_is_every_paragraph_of_the_article() -> None:
    text = _text(SEEDS / S004)
    paragraphs = [p for p in text.split("\n\n") if len(p) > 200]
    body = [text[s.start : s.end] for s in detect_body(text)]
    assert body == [p.strip() for p in paragraphs]


# --- seeds: metadata ---------------------------------------------------------------------------

SEED_META = {
    S000: {
        "title": "Putin wants to prove he is not afraid of Trump",
        "outlet": "Espreso. Global",
        "author": "Vadym Denysenko",
        "date": "2024-12-23",
    },
    S001: {
        "title": "The illusion of quick negotiations",
        "outlet": "Espreso. Global",
        "author": "Vadym Denysenko",
        "date": "2024-11-17",
    },
    S002: {
        "title": "What Putin wants from Trump",
        "outlet": "",
        "author": "David Kirichenko",
        "date": "",
    },
    S003: {
        "title": "The Putin-Trump Dynamic: Opportunities and Risks for Russia",
        "outlet": "",
        "author": "Mark Galeotti",
        "date": "",
    },
    S004: {
        "title": 'Peace from Putin: that the Kremlin\'s head hopes to "squeeze" from Trump',
        "outlet": "",  # "Other" is a section label, not a site name
        "author": "",  # the political scientist quoted is not the author
        "date": "",
    },
}


@pytest.mark.parametrize("name", ALL_SEEDS)
def test_seed_metadata(name: str) -> None:
    text = _text(SEEDS / name)
    assert extract_metadata(text, detect_body(text)) == SEED_META[name]


def test_load_document_on_a_seed() -> None:
    doc, text = load_document(SEEDS, SEEDS / S003)
    data = (SEEDS / S003).read_bytes()
    assert doc.doc == S003
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.size == len(data)
    assert text == data.decode("utf-8")
    assert doc.body == detect_body(text)
    assert doc.title == SEED_META[S003]["title"]
    assert doc.author == "Mark Galeotti"


def test_load_document_accepts_a_path_relative_to_root(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(_text(SEEDS / S004), encoding="utf-8")
    doc, _ = load_document(tmp_path, Path("sub/a.txt"))
    assert doc.doc == "sub/a.txt"
    assert doc.body


def test_load_document_rejects_a_path_outside_root(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    outside = tmp_path / "x.txt"
    outside.write_text("A note.", encoding="utf-8")
    with pytest.raises(CorpusError, match="not inside the corpus"):
        load_document(tmp_path / "corpus", outside)
    with pytest.raises(CorpusError, match="leaves the corpus"):
        load_document(tmp_path / "corpus", Path("../x.txt"))


# --- own page captures -------------------------------------------------------------------------


def test_blog_post_with_front_matter_and_comment_form() -> None:
    text = _text(PAGES / "blog_post.md")
    body = detect_body(text)
    assert_well_formed(text, body)
    assert extract_metadata(text, body) == {
        "title": "Grain corridors after the ceasefire talks",
        "outlet": "Field Notes on Trade",
        "author": "Lena Hartmann",
        "date": "2025-02-14",
    }
    # A hard-wrapped paragraph is one span, across its line breaks.
    first = text[body[0].start : body[0].end]
    assert first.startswith("Shipping insurers have started")
    assert first.endswith("inside the agreed lane.")
    assert first.count("\n") == 3
    assert_body(text, body, "The agreement has no monitoring body")
    assert_not_body(
        text,
        body,
        'title: "Grain corridors',
        "# Grain corridors after the ceasefire talks",
        "*Posted in Analysis*",
        "Share this:",
        "Leave a Reply",
        "Your email address will not be published.",
        "Save my name, email, and website",
        "Post Comment",
        "Great piece, but I think the insurers",
    )


def test_news_page_with_menu_read_also_lists_and_footer() -> None:
    text = _text(PAGES / "news_page.txt")
    body = detect_body(text)
    assert_well_formed(text, body)
    assert extract_metadata(text, body) == {
        "title": "Flooding forces thousands from their homes in the river delta",
        "outlet": "The Daily Ledger",
        "author": "Maria Santos",
        "date": "2025-03-03",
    }
    assert [text[s.start : s.start + 20] for s in body] == [
        "Rescue crews evacuat",
        "The water rose faste",
        '"We took the childre',
        "The regional governm",
        "Officials have not r",
    ]
    assert_not_body(
        text,
        body,
        "Read also: Why the delta floods more often than it used to",
        "Drought warnings lifted across the north",
        "High winds brought down power lines",
        "Lawmakers passed the spending plan",
        "All rights reserved",
    )


def test_news_page_without_its_headings_still_drops_lists_and_teasers() -> None:
    # Without "Read also"/"More in World" the end of the article is not announced: the teaser
    # and neighbour rules alone must keep the sidebar out.
    text = _text(PAGES / "news_page.txt")
    text = re.sub(r"^(?:Read also|More in World|Advertisement)\n", "", text, flags=re.MULTILINE)
    body = detect_body(text)
    assert len(body) == 5
    assert_not_body(
        text,
        body,
        "Drought warnings lifted",
        "The delta needs a plan",
        "Storm cuts power to coastal towns",
        "High winds brought down power lines",
        "Lawmakers passed the spending plan",
    )


def test_page_with_bullets_in_the_body_and_header_lines() -> None:
    text = _text(PAGES / "bullets.txt")
    body = detect_body(text)
    assert_well_formed(text, body)
    assert extract_metadata(text, body) == {
        "title": "Five things to watch in the next sanctions package",
        "outlet": "example-policy.org",
        "author": "Olena Kovalenko",
        "date": "2024-11-17",
    }
    assert_body(
        text,
        body,
        "The package is built around three ideas:",
        "• Shipping services for oil sold above the price cap",
        "• Banks in third countries",
        "– Export controls will cover machine tools",
        "1. Travel bans on a further 40 officials",
        "2. An end to the last exemptions",
        "None of this will work without enforcement",
    )
    assert_not_body(
        text,
        body,
        "Source: https://",
        "Date: 17.11.2024",
        "Five things to watch in the next sanctions package",
        "Olena Kovalenko is a senior analyst",
        "Related",
        "Price cap explained",
        "Who owns the shadow fleet?",
    )


def test_plain_note_falls_back_to_its_paragraphs() -> None:
    text = _text(PAGES / "note.txt")
    body = detect_body(text)
    assert_well_formed(text, body)
    assert_body(
        text,
        body,
        "They expect the price cap to be lowered in January.",
        "Two buyers in Asia have asked for longer contracts.",
        "The desk thinks freight rates will fall if the corridor stays open.",
    )
    assert extract_metadata(text, body)["title"] == "Call with the trade desk"


# --- detect_body: small cases ------------------------------------------------------------------


def test_detect_body_of_blank_text_is_empty() -> None:
    assert detect_body("") == []
    assert detect_body(" \n\t\n") == []


def test_a_single_short_line_is_its_own_body() -> None:
    text = "  Buy milk on the way home.  \n"
    body = detect_body(text)
    assert [text[s.start : s.end] for s in body] == ["Buy milk on the way home."]


def test_near_good_paragraphs_alone_use_the_relaxed_fallback() -> None:
    # Two sentences of under 200 characters each: jusText's strict pass keeps neither.
    para1 = "The ministry said on Tuesday that the new rules would apply to all importers."
    para2 = "Officials expect that the change will be reviewed again at the end of the year."
    text = f"{para1}\n\n{para2}\n"
    body = detect_body(text)
    assert [text[s.start : s.end] for s in body] == [para1, para2]


def test_offsets_index_the_raw_text_with_crlf_and_non_ascii() -> None:
    para = (
        "Der Kreml hofft, dass Washington über die Köpfe der Europäer hinweg verhandelt, und er "
        "sagt das auch: Moskau will einen großen Handel, der die Sanktionen beendet und die "
        "Ukraine schwächt, während es selbst nichts aufgibt."
    )
    text = "\ufeffNews\r\n\r\n" + para + "\r\n\r\n© 2025 Example Media\r\n"
    body = detect_body(text)
    assert [text[s.start : s.end] for s in body] == [para]


def test_headline_repeated_inside_the_text_is_not_body() -> None:
    headline = "Sanctions talks stall over frozen assets"
    para = (
        "Negotiators from both sides left the meeting without an agreement on Monday, and "
        "diplomats said that the question of the frozen central bank assets was the main "
        "obstacle to any progress before the summit."
    )
    text = f"{headline}\n\n{para}\n\n{headline}\n\n{para.replace('Monday', 'Tuesday')}\n"
    body = detect_body(text)
    assert len(body) == 2
    assert_not_body(text, body, headline)


ARTICLE = "\n\n".join(
    [
        "Negotiators from both sides left the meeting without an agreement on Monday, and "
        "diplomats said that the question of the frozen central bank assets was the main "
        "obstacle to any progress before the summit.",
        "The European side wants the assets to pay for reconstruction. The other side says that "
        "any such step would be theft, and it has threatened to seize Western property in return "
        "if the plan goes ahead.",
        "A second round of talks is planned for next month, although neither delegation would "
        "say where it will be held or who will lead it.",
    ]
)
# A full prose paragraph that belongs to another story.
OTHER_STORY = (
    "Farmers in the south say that the drought has cut their harvest by a third this year, and "
    "they have asked the government for help with the cost of feed. The ministry has said that it "
    "will publish a plan before the winter."
)


@pytest.mark.parametrize("heading", ["Related", "More in Politics", "Read also:", "More news"])
def test_nothing_after_an_end_of_article_heading_is_body(heading: str) -> None:
    text = f"Talks stall\n\n{ARTICLE}\n\n{heading}\n\nDrought hits farms\n\n{OTHER_STORY}\n"
    body = detect_body(text)
    assert len(body) == 3
    assert_not_body(text, body, heading, OTHER_STORY)


def test_teaser_cut_off_under_a_headline_is_not_body() -> None:
    teaser = OTHER_STORY[:-40] + " ..."
    text = f"Talks stall\n\n{ARTICLE}\n\nDrought hits farms in the south\n{teaser}\n"
    body = detect_body(text)
    assert len(body) == 3
    assert_not_body(text, body, teaser)


def test_paragraph_ending_in_an_ellipsis_inside_the_article_stays_body() -> None:
    trailing = "And then, as everyone in the room expected, the talks simply stopped..."
    paragraphs = ARTICLE.split("\n\n")
    text = "\n\n".join([paragraphs[0], trailing, *paragraphs[1:]])
    assert_body(text, detect_body(text), trailing)


def test_repeated_short_line_between_paragraphs_is_not_body() -> None:
    # A short line between good paragraphs is body for jusText (a subheading); one that the page
    # repeats is furniture, and so is an inline link to another story.
    one, two, three = ARTICLE.split("\n\n")
    text = (
        f"{one}\n\nPhoto: Reuters / Pool\n\n{two}\n\nRead also: Why talks fail\n\n"
        f"Photo: Reuters / Pool\n\n{three}\n"
    )
    body = detect_body(text)
    assert [text[s.start : s.end] for s in body] == [one, two, three]


def test_headline_and_dateline_above_a_lede_are_not_body() -> None:
    lede = "Negotiators left the meeting without an agreement on frozen assets, diplomats said."
    text = f"Talks stall over frozen assets\n\n{lede}\n\n17:13\n\n{ARTICLE}\n"
    body = detect_body(text)
    assert_not_body(text, body, "Talks stall over frozen assets", "17:13")
    assert_body(text, body, *ARTICLE.split("\n\n"))


_PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\t",
        "\u00a0",
        "The talks stalled. ",
        "officials said that it would not be ",
        "Read also",
        "More in Politics",
        "17:13",
        "• ",
        "...",
        "By Jane Doe",
        "OPINION",
        "—",
        "é",
        "“quoted”",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40))
def test_detect_body_spans_are_always_well_formed(pieces: list[str]) -> None:
    text = "".join(pieces)
    body = detect_body(text)
    previous_end = 0
    for span in body:
        assert previous_end <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == text[span.start : span.end].strip()
        previous_end = span.end
    # Any text with something on a line finds some body (the fallback), unless it is all header.
    if text.strip() and not body_detection._content_start(text):
        assert body
    extract_metadata(text, body)  # never raises


def test_detect_body_is_fast_on_a_large_page() -> None:
    # About 1 MB of page text with no end-of-article heading, so every line is classified.
    page = _text(SEEDS / S002) + "\n\n" + _text(SEEDS / S000) + "\n"
    page = re.sub(
        r"^(?:Topics|More from The Hill|More in Politics|Tags:|Read also:|More news|About.*)$",
        "",
        page,
        flags=re.MULTILINE,
    )
    text = (page * (1_000_000 // len(page) + 1))[:1_000_000]
    detect_body(text[:50_000])  # warm up regex caches
    start = time.perf_counter()
    body = detect_body(text)
    elapsed = time.perf_counter() - start
    assert body
    # Generous bound for a shared CI machine; a quadratic pass would take minutes.
    assert elapsed < 1.0, f"detect_body took {elapsed:.2f}s on 1 MB"


# --- metadata: small cases ---------------------------------------------------------------------

PROSE = (
    "The government said that it would not change its position on the talks, and officials "
    "added that any agreement would have to be approved by parliament before it could take "
    "effect in the spring."
)


def _meta(text: str) -> dict[str, str]:
    return extract_metadata(text, detect_body(text))


@pytest.mark.parametrize(
    ("dateline", "iso"),
    [
        ("23 December, 2024 Monday", "2024-12-23"),
        ("November 17, 2024", "2024-11-17"),
        ("Nov. 7, 2024 at 9:15 am", "2024-11-07"),
        ("17 Nov 2024", "2024-11-17"),
        ("2024-11-17", "2024-11-17"),
        ("17.11.2024 14:23", "2024-11-17"),
        ("Published 2024/01/05", "2024-01-05"),
        ("31.02.2024", ""),  # not a real day
    ],
)
def test_date_formats(dateline: str, iso: str) -> None:
    text = f"Example News\nTalks resume after a long pause\n{dateline}\n\n{PROSE}\n"
    meta = _meta(text)
    assert meta["date"] == iso
    assert meta["title"] == "Talks resume after a long pause"
    assert meta["outlet"] == "Example News"


@pytest.mark.parametrize(
    ("page", "author"),
    [
        ("Talks resume after a long pause\nBy Jane Doe\n\n{prose}\n", "Jane Doe"),
        (
            "Talks resume after a long pause\nAuthor: Jane van der Berg\n\n{prose}\n",
            "Jane van der Berg",
        ),
        (
            "Talks resume after a long pause\n\n{prose}\n\nAbout the author. Jane Doe, political"
            " scientist.\n",
            "Jane Doe",
        ),
        (
            "Talks resume after a long pause\n\n{prose}\n\n{prose}\n\nDr. Jane Doe is the author of"
            " a book on sanctions.\n",
            "Jane Doe",
        ),
        ("Talks resume after a long pause\n\n{prose}\n", ""),
    ],
)
def test_author_patterns(page: str, author: str) -> None:
    assert _meta(page.format(prose=PROSE))["author"] == author


def test_leading_header_lines_win_over_page_heuristics() -> None:
    text = (
        "Title: The header title\nAuthor: Jane Doe\nOutlet: Example Weekly\nDate: 5 March 2025\n\n"
        f"Some Other Site\nA different headline on the page\nBy John Roe\n2 March 2025\n\n{PROSE}\n"
    )
    meta = _meta(text)
    assert meta == {
        "title": "The header title",
        "outlet": "Example Weekly",
        "author": "Jane Doe",
        "date": "2025-03-05",
    }
    assert_not_body(text, detect_body(text), "Title: The header title", "Author: Jane Doe")


def test_section_label_is_not_an_outlet_and_title_skips_labels() -> None:
    meta = _meta(f"Other\nOPINION\nWhy the talks failed again\n17:13\n\n{PROSE}\n")
    assert meta["outlet"] == ""
    assert meta["title"] == "Why the talks failed again"


def test_unknown_metadata_is_empty() -> None:
    assert _meta(PROSE) == {"title": "", "outlet": "", "author": "", "date": ""}


# --- files -------------------------------------------------------------------------------------


def _write(path: Path, text: str = "A line of text.\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_find_files_on_the_seeds() -> None:
    assert [p.name for p in find_files(SEEDS)] == ALL_SEEDS


def test_find_files_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for rel in ["b.txt", "a.md", "sub/c.txt", "sub/deeper/d.MD", "Z.txt", "notes.pdf", "x.txt~"]:
        _write(root / rel)
    _write(root / ".hidden.txt")
    _write(root / ".git" / "e.txt")
    _write(root / "sub" / ".cache" / "f.md")
    assert [p.relative_to(root).as_posix() for p in find_files(root)] == [
        "Z.txt",
        "a.md",
        "b.txt",
        "sub/c.txt",
        "sub/deeper/d.MD",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_find_files_does_not_follow_links_out_of_root(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _write(root / "in.txt")
    _write(tmp_path / "outside" / "secret.txt")
    (root / "link_dir").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "link_file.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (root / "loop").symlink_to(root, target_is_directory=True)
    assert [p.relative_to(root).as_posix() for p in find_files(root)] == ["in.txt"]


def test_find_files_missing_root(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(CorpusError) as info:
        find_files(missing)
    message = str(info.value)
    assert str(missing) in message and "does not exist" in message and "--corpus" in message
    assert "\n" not in message


def test_find_files_root_is_a_file(tmp_path: Path) -> None:
    path = tmp_path / "file.txt"
    _write(path)
    with pytest.raises(CorpusError, match="not a directory"):
        find_files(path)


def test_read_text_returns_text_hash_and_size(tmp_path: Path) -> None:
    data = "\ufeffCafé – “quoted”\n".encode()
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    text, sha256, size = read_text(path)
    # Strict UTF-8, not utf-8-sig: the BOM stays, so offsets match the verifier's decoding.
    assert text == data.decode("utf-8") and text[0] == "\ufeff"
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert size == len(data) != len(text)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"PK\x03\x04\x00\x00binary", ["binary", "NUL"]),
        (b"caf\xe9 au lait", ["UTF-8", "byte 3", "iconv"]),
        (b"", ["empty"]),
        (b" \n\t\r\n", ["empty"]),
    ],
)
def test_read_text_errors_name_the_file(tmp_path: Path, data: bytes, words: list[str]) -> None:
    path = tmp_path / "bad_file.txt"
    path.write_bytes(data)
    with pytest.raises(CorpusError) as info:
        read_text(path)
    message = str(info.value)
    assert "bad_file.txt" in message
    assert "\n" not in message
    for word in words:
        assert word in message


def test_read_text_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"gone\.txt"):
        read_text(tmp_path / "gone.txt")


def test_read_text_reads_a_large_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    data = b"The quick brown fox jumps over the lazy dog.\n" * (20 * 1024 * 1024 // 45)
    path.write_bytes(data)
    opened: list[str] = []

    def counting(real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(file: Any, *args: Any, **kwargs: Any) -> Any:
            opened.append(os.fspath(file) if isinstance(file, str | os.PathLike) else repr(file))
            return real(file, *args, **kwargs)

        return wrapper

    # Every way pathlib or the module could open the file goes through one of these.
    monkeypatch.setattr(builtins, "open", counting(builtins.open))
    monkeypatch.setattr(io, "open", counting(io.open))
    monkeypatch.setattr(listing.os, "open", counting(os.open))
    text, sha256, size = read_text(path)
    assert opened.count(str(path)) == 1
    assert size == len(data)
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert len(text) == len(data)


def test_a_long_run_of_digits_in_a_header_line_does_not_hang_body_detection() -> None:
    # "2000200120022003…Full Archive": the dateline pattern once split a digit run every
    # possible way before failing (exponential; 24 digits took 20 s, 40 never finished).
    import subprocess
    import sys

    code = (
        "from briefing.corpus.ingest import detect_body\n"
        "line = '2000200120022003200420052006200720082009' * 3 + 'Full Archive'\n"
        "text = line + '\\n\\n' + 'The council met on Monday and agreed a budget. ' * 20\n"
        "print(len(detect_body(text)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 1


# --- a plain header: title, outlet, date and author on the first lines, unlabelled ----------

BODY = (
    "Officials in the capital have spent the spring preparing for talks that neither side"
    " expects to be easy, and the first round ended without an agreed text on Friday.\n\n"
    "Negotiators said they would meet again after the summer, when the harvest figures are"
    " known and both governments have a clearer view of what each can concede.\n"
)


@pytest.mark.parametrize(
    ("header", "outlet", "date", "author"),
    [
        (["Harbour Talks Stall Again", "Northern Policy Review", "2019-04", "Maren Solberg"],
         "Northern Policy Review", "2019-04", "Maren Solberg"),
        (["Harbour Talks Stall Again", "Maren Solberg", "April 2019"], "", "2019-04", "Maren Solberg"),
        (["Harbour Talks Stall Again", "June 3, 2021", "The Coastal Times"], "The Coastal Times",
         "2021-06-03", ""),
        (["Harbour Talks Stall Again", "Kestrel Analytica", "2019-04", "Jan van der Berg"],
         "Kestrel Analytica", "2019-04", "Jan van der Berg"),
    ],
)  # fmt: skip
def test_a_plain_header_under_the_title_gives_outlet_date_and_author(
    tmp_path: Path, header: list[str], outlet: str, date: str, author: str
) -> None:
    (tmp_path / "a.txt").write_text("\n".join(header) + "\n\n" + BODY, encoding="utf-8")
    doc = load_document(tmp_path, tmp_path / "a.txt")[0]
    assert (doc.title, doc.outlet, doc.date, doc.author) == (header[0], outlet, date, author)


@pytest.mark.parametrize(
    ("masthead", "outlet"),
    [("Northern Policy Review", "Northern Policy Review"),
     ("Baltic Coast Newswire", "Baltic Coast Newswire"),
     ("The Harbour Monthly", "The Harbour Monthly"),
     # One word: a brand no dictionary has is the outlet; a section label is a common word.
     ("Kustkrant", "Kustkrant"), ("Harbourly", "Harbourly"), ("World", ""), ("Opinion", ""),
     ("BUSINESS", ""),
     # Whatever its words, the short line above the headline and the byline: a connector
     # ("y", "for", "de"), an article of another language, no publication's word.
     ("Puerto y Mercado", "Puerto y Mercado"), ("La Voz Costera", "La Voz Costera"),
     ("Vasa Centre for Coastal Studies", "Vasa Centre for Coastal Studies")],
)  # fmt: skip
def test_a_masthead_above_the_headline_is_the_outlet(
    tmp_path: Path, masthead: str, outlet: str
) -> None:
    lines = [
        masthead,
        "Harbour talks stall again as both sides blame the other",
        "By Maren Solberg",
    ]
    (tmp_path / "a.txt").write_text("\n".join(lines) + "\n\n" + BODY, encoding="utf-8")
    doc = load_document(tmp_path, tmp_path / "a.txt")[0]
    assert (doc.title, doc.outlet, doc.author) == (lines[1], outlet, "Maren Solberg")


def test_a_byline_reads_names_with_latin_extended_capitals(tmp_path: Path) -> None:
    lines = ["Baltic Coast Newswire", "Harbour talks stall again as both sides blame the other"]
    for name in ("Rūta Žemaitytė", "Łukasz Żak", "Ștefan Țurcanu"):
        text = "\n".join([*lines, f"By {name}"]) + "\n\n" + BODY
        (tmp_path / "a.txt").write_text(text, encoding="utf-8")
        assert load_document(tmp_path, tmp_path / "a.txt")[0].author == name


def test_a_three_word_headline_with_a_publication_word_alone_stays_the_title(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.txt").write_text("Harbour Review Stalls\n\n" + BODY, encoding="utf-8")
    doc = load_document(tmp_path, tmp_path / "a.txt")[0]
    assert doc.title == "Harbour Review Stalls"


def test_a_subtitle_under_the_title_is_not_read_as_a_header(tmp_path: Path) -> None:
    lines = ["Harbour Talks Stall Again", "Both sides blame the other as the spring round ends"]
    (tmp_path / "a.txt").write_text("\n".join(lines) + "\n\n" + BODY, encoding="utf-8")
    doc = load_document(tmp_path, tmp_path / "a.txt")[0]
    assert (doc.outlet, doc.author) == ("", "")
