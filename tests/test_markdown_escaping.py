"""briefing.md shows what a source says as text: no tag, link or markup a source wrote renders.

Rendered by a CommonMark renderer (markdown-it-py), strict and with the GitHub-style footnotes
and strikethrough briefing.md relies on; the HTML is then parsed and every tag, attribute and
link must be one briefing.md itself made.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from briefing.core.models import (
    Briefing,
    Citation,
    Claim,
    ClaimReport,
    CorpusDoc,
    CorpusInfo,
    DigestNote,
    Document,
    Section,
    UnverifiedClaim,
)
from briefing.outputs.render import _md_code, _md_escape, markdown
from briefing.text.textnorm import printable

# --- hostile payloads ---------------------------------------------------------------

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_LINK = "<a href=javascript:alert(2)>Reuters</a>"
MD_LINK = "[click me](javascript:alert(3))"
MD_IMAGE = "![pixel](http://evil.example/track.png)"
AUTOLINK = "<http://evil.example/>"
FOOTREF = "[^1] [^99]"
MARKUP = "*em* **strong** _u_ ~~gone~~ `code` | a | b |"
ENTITY = "&lt;script&gt;alert(4)&lt;/script&gt; &#60;b&#62; &amp;"
RAW_SCRIPT = "<script>alert(5)</script>"
# A file name whose backticks would close a one-backtick code span and let markup out.
BAD_NAME = f"report`{XSS_IMG}`` {MD_LINK}.txt"
EDGE_NAME = "`leading and trailing``"
PLAIN_NAME = "01_pacific_wire.txt"

OUTLET = XSS_LINK
AUTHOR = XSS_IMG
DATE = f"{MD_LINK} {AUTOLINK}"
TITLE = f"# Heading? {RAW_SCRIPT} {MD_IMAGE}"
QUOTE_1 = f"He said {XSS_IMG} and {MD_LINK} and {FOOTREF}, then {MARKUP}."
QUOTE_2 = f"- 1. > {ENTITY} {RAW_SCRIPT}"
QUOTE_3 = "Talks resumed on Monday."


def hostile_briefing() -> tuple[Briefing, dict[str, Document], dict[str, list[str]]]:
    """A briefing whose metadata, file names, quotes and claims carry payloads.

    Returns it with its documents and what our own structure is: the headings, the code spans
    and how many footnote references, emphases, strong and struck-out spans we wrote.
    """
    docs = {
        BAD_NAME: Document(
            doc=BAD_NAME, sha256="0", size=1, title=TITLE, outlet=OUTLET, author=AUTHOR, date=DATE
        ),
        # No outlet, author or date: the footnote starts with the title.
        EDGE_NAME: Document(doc=EDGE_NAME, sha256="1", size=1, title="- 2) > not a list"),
        PLAIN_NAME: Document(
            doc=PLAIN_NAME,
            sha256="2",
            size=1,
            title="Talks resume",
            outlet="Pacific Wire",
            author="Anna O'Neill",
            date="2025-03-04",
        ),
    }
    c1 = Citation(doc=BAD_NAME, start=0, end=10, quote=QUOTE_1)
    c2 = Citation(doc=EDGE_NAME, start=3, end=9, quote=QUOTE_2)
    c3 = Citation(doc=PLAIN_NAME, start=0, end=24, quote=QUOTE_3)
    claims = [
        Claim(
            id="K1",
            text=f"1. Reuters wrote “{XSS_IMG}” {MD_LINK} {FOOTREF}",
            citations=[c1, c2],
            agreement=f"Two of three sources {XSS_LINK}",
        ),
        Claim(id="K2", text=f"- {MARKUP} {ENTITY}", citations=[c3], carried_forward=True),
    ]
    heading = f"Key judgments {RAW_SCRIPT}"
    unverified_claim = Claim(id="U1", text=f"~~{XSS_IMG}~~ {MD_IMAGE}", citations=[c3])
    report = ClaimReport(id="U1", ok=False, status="unsupported", message=f"{XSS_LINK} differs")
    briefing = Briefing(
        topic=f"{RAW_SCRIPT} What does the Kremlin want? {MD_LINK}",
        generated_at="2026-01-01T00:00:00Z",
        model=f"model`{XSS_IMG}",
        corpus=CorpusInfo(
            root="corpus", documents=[CorpusDoc(doc=d.doc, sha256=d.sha256) for d in docs.values()]
        ),
        sections=[
            Section(heading=heading, claims=claims),
            Section(heading="Empty *section*", claims=[]),
        ],
        unverified=[UnverifiedClaim(claim=unverified_claim, report=report)],
        digest=DigestNote(
            since=f"the last digest {XSS_IMG}",
            new=[BAD_NAME, EDGE_NAME],
            merged={EDGE_NAME: BAD_NAME},
        ),
    )
    ours = {
        "h1": [briefing.topic],
        "h2": [heading, "Empty *section*", "Unverified", "Sources"],
        # model, 2 new, merged pair, 3 sources, 3 footnotes: each file name as written.
        "code": [
            briefing.model,
            BAD_NAME,
            EDGE_NAME,
            EDGE_NAME,
            BAD_NAME,
            *docs,
            BAD_NAME,
            EDGE_NAME,
            PLAIN_NAME,
        ],
    }
    return briefing, docs, ours


# --- rendering and inspecting the HTML ----------------------------------------------


def commonmark() -> MarkdownIt:
    """Strict CommonMark, raw HTML allowed (as the spec and most viewers do)."""
    return MarkdownIt("commonmark")


def github_like() -> MarkdownIt:
    """CommonMark plus the footnotes and strikethrough that briefing.md uses (as GitHub renders)."""
    plugins = pytest.importorskip("mdit_py_plugins.footnote")
    return MarkdownIt("commonmark").enable("strikethrough").use(plugins.footnote_plugin)


RENDERERS = {"commonmark": commonmark, "github-like": github_like}

# Every tag and attribute the renderers make for briefing.md's own structure.
ALLOWED_TAGS = {
    "h1",
    "h2",
    "p",
    "em",
    "strong",
    "code",
    "ol",
    "ul",
    "li",
    "s",
    "hr",
    "section",
    "sup",
    "a",
}
ALLOWED_ATTRS = {"class", "id", "href"}
FOOTNOTE_HREF = re.compile(r"#fn(ref)?[0-9]+(:[0-9]+)?")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Page(HTMLParser):
    """The tags, attributes and text of rendered HTML (character references decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}  # text of each h1/h2/code/... element
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)
            self.texts.setdefault(tag, []).append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:  # a stray end tag is reported by the tag checks, not here
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for tag in set(self.open):
            self.texts[tag][-1] += data

    def handle_comment(self, data: str) -> None:
        raise AssertionError(f"an HTML comment reached the page: {data!r}")


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def assert_only_our_markup(page: Page) -> None:
    for tag, attrs in page.tags:
        assert tag in ALLOWED_TAGS, f"<{tag} {attrs}> is not briefing.md's markup"
        assert set(attrs) <= ALLOWED_ATTRS, f"<{tag} {attrs}>"
        if "href" in attrs:
            assert tag == "a" and FOOTNOTE_HREF.fullmatch(attrs["href"] or ""), attrs
    assert all(tag != "a" or "href" in attrs for tag, attrs in page.tags)


# --- tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_hostile_metadata_names_and_quotes_render_as_text(renderer: str) -> None:
    briefing, docs, ours = hostile_briefing()
    md = markdown(briefing, docs)
    page = parse(RENDERERS[renderer]().render(md))
    assert_only_our_markup(page)

    # Our structure, exactly: headings, code spans (each file name as written), emphasis.
    assert page.texts["h1"] == ours["h1"]
    assert page.texts["h2"] == ours["h2"]
    assert page.texts["code"] == ours["code"]
    assert page.texts["strong"] == [f"Two of three sources {XSS_LINK}:"]
    assert page.texts["em"] == [
        f"Generated 2026-01-01T00:00:00Z by {briefing.model} from 3 sources; 2 verified judgments.",
        "(carried forward)",
        "No judgment could be verified against the sources.",
        "These statements failed verification; they are not part of the briefing.",
    ]
    # 2 claims, 1 unverified, 3 sources (+ 3 footnotes when they render as a list).
    lists = [t for t, _ in page.tags if t in ("ol", "ul")]
    items = sum(1 for t, _ in page.tags if t == "li")
    if renderer == "github-like":
        assert page.texts["s"] == [f"~~{XSS_IMG}~~ {MD_IMAGE}"]
        refs = [a["href"] for t, a in page.tags if t == "a" and "id" in a]
        assert refs == ["#fn1", "#fn2", "#fn3"]  # the three citations, no injected one
        assert lists == ["ol", "ul", "ul", "ol"] and items == 2 + 1 + 3 + 3
    else:
        assert "a" not in {t for t, _ in page.tags}  # plain CommonMark: no link at all
        assert lists == ["ol", "ul", "ul"] and items == 2 + 1 + 3

    # Every payload is shown as the text it is.
    text = "".join(page.text)
    for payload in (XSS_IMG, XSS_LINK, MD_LINK, MD_IMAGE, AUTOLINK, RAW_SCRIPT, MARKUP, ENTITY):
        assert payload in text, payload
    for quote in (QUOTE_1, QUOTE_2, QUOTE_3):
        assert f"“{quote}”" in text
    assert f"({OUTLET}, {AUTHOR}, {DATE})" in text
    assert "- 2) > not a list" in text  # a footnote that starts like a list is text


def test_raw_markdown_has_no_live_html_and_stays_readable() -> None:
    briefing, docs, _ = hostile_briefing()
    md = markdown(briefing, docs)
    # Outside code spans (whose text is literal by definition) no < is left at all.
    prose = md
    for name in [briefing.model, *docs]:
        prose = prose.replace(_md_code(name), "")
    assert "<" not in prose
    # Ordinary prose is left as it is: no escaped periods, apostrophes, quotes or ampersands.
    assert "(Pacific Wire, Anna O'Neill, 2025-03-04)" in md
    assert "“Talks resumed on Monday.”" in md
    plain = 'The U.S. said it\'s 5.5% higher (AT&T, Q&A); "talks" end 12 March.'
    assert _md_escape(plain) == plain
    # A file name's backticks lengthen the fence instead of closing it.
    assert _md_code("a`b``c.txt") == "```a`b``c.txt```"
    assert _md_code("`x`") == "`` `x` ``"
    assert _md_code(PLAIN_NAME) == f"`{PLAIN_NAME}`"


def rendered_item(md_line: str, renderer: MarkdownIt) -> Page:
    page = parse(renderer.render(md_line))
    assert_only_our_markup(page)
    return page


# Any text, controls and odd Unicode included (not lone surrogates, which UTF-8 cannot carry).
ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\\`*_[]()!<>&#;|~^:-+=.) 0123456789\"'\n\tabcxyzhttp/")),
        st.characters(exclude_categories=["Cs"]),
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(text=ANY_TEXT)
def test_any_text_renders_as_exactly_itself(text: str) -> None:
    """Whatever a source says, its escaped form renders to the same words and no markup."""
    expected = printable(" ".join(text.split()))
    if not expected:
        return
    for make in RENDERERS.values():
        page = rendered_item(f"1. {_md_escape(text)}\n\n[^1]: {_md_escape(text)}\n", make())
        tags = [t for t, _ in page.tags]
        assert {t for t in tags} <= {"ol", "li", "p", "section", "hr", "sup", "a"}, tags
        assert page.texts["li"][0].strip("\n") == expected
        assert expected in "".join(page.text)


@settings(max_examples=400, deadline=None)
@given(name=ANY_TEXT)
def test_any_file_name_is_one_code_span_of_itself(name: str) -> None:
    expected = printable(name.replace("\n", "\ufffd")) or "\ufffd"
    for make in RENDERERS.values():
        page = rendered_item(f"- {_md_code(name)}: title", make())
        assert [t for t, _ in page.tags] == ["ul", "li", "code"]
        assert page.texts["code"] == [expected]
