"""The HTML page: every citation marker resolves to its highlighted span, nothing is fetched,
source text is escaped, and (in headless Chromium) the page runs its own script and no other."""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.core.models import (
    Briefing,
    Citation,
    CitationReport,
    Claim,
    ClaimReport,
    CorpusDoc,
    CorpusInfo,
    Document,
    Section,
    Span,
    UnverifiedClaim,
    VerificationReport,
)
from briefing.outputs.htmlrender import briefing_html
from briefing.text.textnorm import normalize

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CHROMIUM = "/usr/bin/chromium"
EVIL = "evil/injected.txt"
EVIL_TEXT = (
    "Injected page <script>alert(1)</script>\n"
    "By <b>Mallory</b>\n\n"
    "A harmless opening paragraph about talks between Moscow and Washington.\n\n"
    "<script>window.__pwned=1;document.body.setAttribute('data-pwned','1')</script>"
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> "
    "The Kremlin wants sanctions relief before any ceasefire is signed.\n"
)

META = {  # doc: (title, outlet, author, date), as the pages give them
    "000_e7022d255b5320db.txt": (
        "Putin wants to prove he is not afraid of Trump",
        "Espreso. Global",
        "Vadym Denysenko",
        "2024-12-23",
    ),
    "001_8d5cd8e739546e10.txt": (
        "The illusion of quick negotiations",
        "Espreso. Global",
        "Vadym Denysenko",
        "2024-11-17",
    ),
    "002_cbd8029a80ab4a9f.txt": ("What Putin wants from Trump", "", "David Kirichenko", ""),
    "003_9d950e5d5b89fb94.txt": (
        "The Putin-Trump Dynamic: Opportunities and Risks for Russia",
        "",
        "Professor Mark Galeotti",
        "",
    ),
    "004_a03813502d365a1c.txt": (
        'Peace from Putin: that the Kremlin\'s head hopes to "squeeze" from Trump',
        "",
        "",
        "",
    ),
    EVIL: (
        "Injected page <script>alert(1)</script>",
        "Evil <Outlet>",
        "<b>Mallory</b>",
        "2025-01-01",
    ),
}


# --- building a briefing by hand from the real seeds ---------------------------------------


@dataclass
class Case:
    """A corpus on disk and a briefing over it, with the truth the page must show."""

    root: Path
    briefing: Briefing
    report: VerificationReport
    documents: dict[str, Document]
    texts: dict[str, str]
    # citation id (as the page names it) -> (doc, start, end, quote, status)
    expected: dict[str, tuple[str, int, int, str, str]] = field(default_factory=dict)


def text_of(root: Path, doc: str) -> str:
    return (root / doc).read_bytes().decode("utf-8")


def body_spans(text: str, cited: list[tuple[int, int]]) -> list[Span]:
    """Stand-in for ingest's body detection: long lines, plus every line holding a citation."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b - a >= 120 or any(a <= s < b for s, _ in cited):
            spans.append(Span(start=a, end=b))
    return spans


def find(text: str, quote: str) -> tuple[int, int]:
    start = text.find(quote)
    assert start >= 0, quote
    return start, start + len(quote)


def build_case(root: Path) -> Case:
    """Seeds plus an injected page; claims exact, normalized, relocated, nested, unverified."""
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, root / p.name)
    (root / EVIL).parent.mkdir(parents=True, exist_ok=True)
    (root / EVIL).write_bytes(EVIL_TEXT.encode("utf-8"))
    texts = {doc: text_of(root, doc) for doc in META}
    cited: dict[str, list[tuple[int, int]]] = {doc: [] for doc in META}
    expected: dict[str, tuple[str, int, int, str, str]] = {}

    def cite(
        cid: str, doc: str, quote: str, status: str = "exact", source_quote: str | None = None
    ) -> tuple[Citation, CitationReport]:
        start, end = find(texts[doc], source_quote or quote)
        cited[doc].append((start, end))
        expected[cid] = (doc, start, end, quote, status)
        given_start, given_end = (start + 40, end + 40) if status == "relocated" else (start, end)
        message = {
            "normalized": "quote matches after normalizing typography",
            "relocated": f"quote found at {start}:{end}",
        }.get(status, "")
        return (
            Citation(doc=doc, start=given_start, end=given_end, quote=quote),
            CitationReport(
                status=status,
                start=start,
                end=end,
                support=0.5,
                message=message,
                doc=doc,
                cited_start=given_start,
                cited_end=given_end,
                source_text=texts[doc][start:end],
            ),
        )

    def claim(
        cid: str, text: str, *cites: tuple[Citation, CitationReport]
    ) -> tuple[Claim, ClaimReport]:
        return (
            Claim(id=cid, text=text, citations=[c for c, _ in cites]),
            ClaimReport(id=cid, ok=True, status="supported", citations=[r for _, r in cites]),
        )

    d0, d1, d2, d3, d4 = sorted(p.name for p in SEEDS.glob("*.txt"))
    k1 = claim(
        "K1",
        "Putin wants Trump to restore his standing on the world stage.",
        cite(
            "K1-1",
            d2,
            "What Putin desires most is for Trump to help him reassert his stature "
            "on the global stage.",
        ),
        cite(
            "K1-2",
            d3,
            "The Kremlin welcomed Donald Trump’s overtures to reopen dialogue with "
            "Russia, hoping for peace negotiations.",
        ),
    )
    # Straight apostrophe where the source has a curly one: normalized.
    k2 = claim(
        "K2",
        "Putin flatters Trump by echoing the claim that the 2020 election was stolen.",
        cite(
            "K2-1",
            d2,
            "I can't help but agree with [Trump] that if his victory had not been stolen in 2020",
            status="normalized",
            source_quote="I can’t help but agree with [Trump] that if his victory had not been "
            "stolen in 2020",
        ),
    )
    k3 = claim(
        "K3",
        "The Kremlin's core aim is still to end Ukraine's independence.",
        cite(
            "K3-1",
            d4,
            "The main goal of Putin for which he began the war against Ukraine is to "
            "destroy the independence of our country",
            status="relocated",
        ),
    )
    # Nested inside K1-1, and overlapping its end: the source view must merge them.
    k4 = claim(
        "K4",
        "A summit with Trump would help Putin reassert his stature.",
        cite("K4-1", d2, "reassert his stature on the global stage"),
        cite(
            "K4-2",
            d2,
            "global stage.\nTo this end, the Russian leader has been carefully flattering Trump",
        ),
    )
    k5 = claim(
        "K5",
        "Moscow wants sanctions relief before a ceasefire.",
        cite("K5-1", EVIL, "The Kremlin wants sanctions relief before any ceasefire is signed."),
    )
    k6 = claim(
        "K6",
        "Putin answers Ukrainian strikes personally now, unlike a year ago.",
        cite(
            "K6-1",
            d0,
            "Note that in recent days,\xa0Putin has been regularly responding to such "
            "attacks, whereas a year ago, when the same Kazan was targeted, he remained silent.",
        ),
    )
    k7 = claim(
        "K7",
        "Putin believes a long war is safer for him than peace.",
        cite(
            "K7-1",
            d1,
            "There’s no simple answer, but given current conditions, continuing the "
            "war seems safer for him.",
        ),
    )
    # Unverified: a quote that is not in its document, and an exact quote that does not
    # support its claim.
    bad_cite = Citation(doc=d1, start=100, end=140, quote="Putin plans to annex Alaska by 2026.")
    bad_rep = CitationReport(
        status="not_found",
        start=100,
        end=140,
        message="quote not in 001_8d5cd8e739546e10.txt",
        doc=d1,
        cited_start=100,
        cited_end=140,
    )
    u1 = (
        Claim(id="U1", text="Putin plans to annex <script>Alaska</script>.", citations=[bad_cite]),
        ClaimReport(id="U1", ok=False, status="unverified", citations=[bad_rep]),
    )
    off_topic, off_rep = cite("U2-1", d3, "The Kremlin welcomed Donald Trump’s overtures")
    off_rep.support = 0.0
    off_rep.message = "the cited text shares no content with the claim"
    u2 = (
        Claim(
            id="U2", text="Russian airlines will resume flights to Miami.", citations=[off_topic]
        ),
        ClaimReport(id="U2", ok=False, status="unsupported", citations=[off_rep]),
    )

    documents = {}
    for doc, (title, outlet, author, date) in META.items():
        text = texts[doc]
        documents[doc] = Document(
            doc=doc,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            size=len(text.encode()),
            title=title,
            outlet=outlet,
            author=author,
            date=date,
            body=body_spans(text, cited[doc]),
        )
    sections = [
        Section(heading="Key judgments", claims=[k1[0], k2[0], k3[0], k4[0], k5[0]]),
        Section(heading="Outlook", claims=[k6[0], k7[0]]),
    ]
    reports = [k1[1], k2[1], k3[1], k4[1], k5[1], k6[1], k7[1], u1[1], u2[1]]
    briefing = Briefing(
        topic="What does the Kremlin want from Trump?",
        generated_at="2026-11-21T07:00:00Z",
        model="smollm2-135m-instruct",
        corpus=CorpusInfo(
            root=str(root),
            documents=[
                CorpusDoc(doc=d, sha256=documents[d].sha256, title=documents[d].title) for d in META
            ],
        ),
        sections=sections,
        unverified=[UnverifiedClaim(claim=u[0], report=u[1]) for u in (u1, u2)],
    )
    report = VerificationReport(ok=False, claims=reports)
    return Case(root, briefing, report, documents, texts, expected)


@pytest.fixture
def case(tmp_path: Path) -> Case:
    root = tmp_path / "corpus"
    root.mkdir()
    return build_case(root)


def render(case: Case) -> str:
    return briefing_html(case.briefing, case.report, case.documents, case.root)


# --- a small DOM model from html.parser -------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> list[Node]:
        out = [self]
        for c in self.children:
            if isinstance(c, Node):
                out += c.iter()
        return out

    def ancestors(self) -> list[Node]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class Tree(HTMLParser):
    """Parses into Nodes; fails on an end tag that does not close the innermost open element."""

    def __init__(self, html: str, strict: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.strict = strict
        self.root = Node("#document", {}, None)
        self.cur = self.root
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.cur.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.cur))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.strict:
            assert self.cur.tag == tag, f"</{tag}> closes <{self.cur.tag}>"
        while self.cur.tag != tag and self.cur.parent is not None:
            self.cur = self.cur.parent
        if self.cur.parent is not None:
            self.cur = self.cur.parent

    def handle_data(self, data: str) -> None:
        self.cur.children.append(data)

    def all(self) -> list[Node]:
        return self.root.iter()

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.all() if n.attrs.get("id") == ident]
        assert len(found) == 1, (ident, len(found))
        return found[0]


def check_markers(tree: Tree, case: Case, *, dom: bool = False) -> None:
    """Every marker resolves to exactly one mark holding the cited text of the source."""
    nodes = tree.all()
    markers = [n for n in nodes if n.tag == "a" and "cite" in n.classes()]
    marks = {}
    for n in nodes:
        if n.tag == "mark" and "data-citation-id" in n.attrs:
            assert n.attrs["data-citation-id"] not in marks, "duplicate mark"
            marks[n.attrs["data-citation-id"]] = n
    located = [m for m in markers if "cite-missing" not in m.classes()]
    assert {m.attrs["data-citation-id"] for m in located} == set(case.expected)
    for marker in located:
        cid = marker.attrs["data-citation-id"]
        doc, start, end, quote, status = case.expected[cid]
        mark = marks[cid]
        assert marker.attrs["href"] == "#cite-" + cid
        assert marker.attrs["aria-label"]
        assert cid in {a.attrs.get("data-citation-id") for a in tree.by_id("cite-" + cid).iter()}
        assert (
            mark.attrs["data-doc"],
            int(mark.attrs["data-start"]),
            int(mark.attrs["data-end"]),
        ) == (
            doc,
            start,
            end,
        )
        source = case.texts[doc]
        assert mark.text() == source[start:end]
        if status == "normalized":
            assert mark.text() != quote and normalize(mark.text()) == normalize(quote)
        else:
            assert mark.text() == quote
        # the passage around the mark is source text too
        passage = mark.parent
        assert passage is not None and passage.tag == "blockquote"
        around = passage.text().strip("…")
        assert re.sub(r"\s+", " ", around) in re.sub(r"\s+", " ", source)
    # Unlocated markers are only for failed claims, and explain why.
    for marker in markers:
        if "cite-missing" in marker.classes():
            assert any(a.attrs.get("id") == "unverified" for a in marker.ancestors())
    if not dom:
        assert len(markers) == len(case.expected) + 1


# --- tests -------------------------------------------------------------------------------------


def test_every_marker_resolves_to_its_mark(case: Case) -> None:
    check_markers(Tree(render(case)), case)


def test_badges_follow_citation_statuses(case: Case) -> None:
    tree = Tree(render(case))
    want = {
        "K1": "verified",
        "K2": "normalized",
        "K3": "relocated",
        "K4": "verified",
        "K5": "verified",
        "K6": "verified",
        "K7": "verified",
        "U1": "unverified",
        "U2": "unverified",
    }
    for cid, badge in want.items():
        li = tree.by_id("claim-" + cid)
        badges = [n for n in li.iter() if "badge" in n.classes()]
        assert len(badges) == 1 and badges[0].text().strip() == badge
        assert "badge-" + badge in badges[0].classes()


def test_header_and_numbered_judgments(case: Case) -> None:
    html = render(case)
    tree = Tree(html)
    h1 = [n for n in tree.all() if n.tag == "h1"]
    assert h1[0].text() == case.briefing.topic
    facts = {
        dt.text(): dt.parent.children[-1].text()  # type: ignore[union-attr]
        for dt in tree.all()
        if dt.tag == "dt"
    }
    assert facts["Generated"] == "2026-11-21T07:00:00Z"
    assert facts["Model"] == "smollm2-135m-instruct"
    assert facts["Sources"] == "6"
    assert facts["Verified judgments"] == "7 (1 normalized, 1 relocated)"
    headings = [n.text() for n in tree.all() if n.tag == "h2" and "section" in n.parent.classes()]  # type: ignore[union-attr]
    assert headings == ["Key judgments", "Outlook"]
    lists = [n for n in tree.all() if n.tag == "ol" and "claims" in n.classes()]
    ids = [[li.attrs["id"] for li in ol.children if isinstance(li, Node)] for ol in lists]
    assert ids == [
        ["claim-K1", "claim-K2", "claim-K3", "claim-K4", "claim-K5"],
        ["claim-K6", "claim-K7"],
        ["claim-U1", "claim-U2"],
    ]
    # Claim text from the model is text, never markup.
    assert "<script>Alaska" not in html and "annex &lt;script&gt;Alaska&lt;/script&gt;." in html


def test_unverified_are_collapsed_with_reasons(case: Case) -> None:
    tree = Tree(render(case))
    details = tree.by_id("unverified")
    assert details.tag == "details" and "open" not in details.attrs
    summary = details.children[[isinstance(c, Node) for c in details.children].index(True)]
    assert isinstance(summary, Node) and summary.tag == "summary"
    assert "Unverified" in summary.text()
    text = " ".join(details.text().split())
    assert "not found" in text and "quote not in 001_8d5cd8e739546e10.txt" in text
    assert "unsupported" in text and "shares no content with the claim" in text
    assert "Putin plans to annex <script>Alaska</script>." in text  # shown as text


def test_no_remote_references(case: Case) -> None:
    html = render(case)
    tree = Tree(html)
    for node in tree.all():
        for name, value in node.attrs.items():
            if name in ("href", "src", "srcset", "action", "data", "poster", "formaction"):
                assert name == "href" and value.startswith("#"), (node.tag, name, value)
        assert node.tag not in ("link", "iframe", "object", "embed", "img", "base")
    for node in tree.all():
        if node.tag in ("style", "script"):
            body = node.text()
            assert not re.search(r"https?:|url\(|@import|//[a-z]", body), node.tag
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)


def test_csp_allows_exactly_the_inline_style_and_script(case: Case) -> None:
    tree = Tree(render(case))
    csp = next(
        n.attrs["content"]
        for n in tree.all()
        if n.attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        (node,) = [n for n in tree.all() if n.tag == tag]
        digest = base64.b64encode(hashlib.sha256(node.text().encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp


def test_source_view_highlights_every_cited_span(case: Case) -> None:
    tree = Tree(render(case))
    src_marks = [n for n in tree.all() if n.tag == "mark" and "src" in n.classes()]
    assert src_marks
    # no highlight nests in another, and the ranges of one document are disjoint
    for m in src_marks:
        assert not any(a.tag == "mark" for a in m.ancestors())
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for m in src_marks:
        by_doc.setdefault(m.attrs["data-doc"], []).append(
            (int(m.attrs["data-start"]), int(m.attrs["data-end"]))
        )
    for ranges in by_doc.values():
        ranges.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ranges))
    claim_of = {cid: cid.rsplit("-", 1)[0] for cid in case.expected}
    for cid, (doc, start, end, _quote, _status) in case.expected.items():
        hits = [
            m
            for m in src_marks
            if m.attrs["data-doc"] == doc
            and int(m.attrs["data-start"]) <= start
            and end <= int(m.attrs["data-end"])
        ]
        assert len(hits) == 1, cid
        mark = hits[0]
        a, b = int(mark.attrs["data-start"]), int(mark.attrs["data-end"])
        assert mark.text() == case.texts[doc][a:b]
        assert cid in mark.attrs["data-citations"].split()
        # the highlight links back to the claim, and the claim's passage links to the highlight
        sup = mark.parent.children[mark.parent.children.index(mark) + 1]  # type: ignore[union-attr]
        assert isinstance(sup, Node) and "backrefs" in sup.classes()
        assert "#claim-" + claim_of[cid] in {n.attrs.get("href") for n in sup.iter()}
        ctx = tree.by_id("cite-" + cid)
        assert "#" + mark.attrs["id"] in {n.attrs.get("href") for n in ctx.iter()}
    # K1-1 contains K4-1 and overlaps K4-2: one merged highlight linking to both claims
    d2 = case.expected["K1-1"][0]
    merged = [
        m for m in src_marks if m.attrs["data-doc"] == d2 and "K4-2" in m.attrs["data-citations"]
    ]
    assert set(merged[0].attrs["data-citations"].split()) >= {"K1-1", "K4-1", "K4-2"}
    assert merged[0].attrs["data-claims"].split()[:2] == ["K1", "K4"]


def test_script_in_a_source_is_escaped(case: Case) -> None:
    html = render(case)
    assert html.count("<script") == 1  # our own, at the end of the body
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned=1;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html
    assert "<b>Mallory</b>" not in html and "&lt;b&gt;Mallory&lt;/b&gt;" in html
    assert "Evil &lt;Outlet&gt;" in html
    # the injected tag is shown in the citation's context as text
    tree = Tree(html)
    ctx = tree.by_id("cite-K5-1")
    assert "<script>window.__pwned=1;" in ctx.text()


def test_deterministic(case: Case) -> None:
    assert render(case) == render(case)


def test_print_stylesheet_and_no_js_reading(case: Case) -> None:
    html = render(case)
    assert "@media print" in html
    tree = Tree(html)
    root = next(n for n in tree.all() if n.tag == "html")
    assert root.attrs["data-js"] == "off"
    # Without JS every passage is in the page right under its judgment (only JS hides them).
    for cid in case.expected:
        ctx = tree.by_id("cite-" + cid)
        assert not any("hidden" in a.attrs for a in [ctx, *ctx.ancestors()])
        assert any(a.tag == "li" and "claim" in a.classes() for a in ctx.ancestors())
    toggle = tree.by_id("toggle-passages")
    assert toggle.tag == "button" and "hidden" in toggle.attrs  # JS shows it


def test_missing_source_file_does_not_break_the_page(case: Case) -> None:
    (case.root / case.expected["K7-1"][0]).unlink()
    tree = Tree(render(case))
    li = tree.by_id("claim-K7")
    marker = next(n for n in li.iter() if n.tag == "a" and "cite" in n.classes())
    assert "cite-missing" in marker.classes()
    assert "not in the corpus folder" in " ".join(li.text().split())


def mini_page(root: Path, text: str, quotes: list[str], body: list[Span] | None) -> Tree:
    """One document, one claim per quote (all exact), rendered and parsed."""
    (root / "note.txt").write_bytes(text.encode())
    claims, reports = [], []
    for n, quote in enumerate(quotes, start=1):
        start, end = find(text, quote)
        claims.append(
            Claim(
                id=f"K{n}",
                text="A claim.",
                citations=[Citation(doc="note.txt", start=start, end=end, quote=quote)],
            )
        )
        reports.append(
            ClaimReport(
                id=f"K{n}",
                ok=True,
                status="supported",
                citations=[CitationReport(status="exact", start=start, end=end)],
            )
        )
    doc = Document(doc="note.txt", sha256="0", size=len(text), body=body or [])
    briefing = Briefing(
        topic="t",
        generated_at="2026-01-01T00:00:00Z",
        model="m",
        corpus=CorpusInfo(root="corpus", documents=[CorpusDoc(doc="note.txt", sha256="0")]),
        sections=[Section(heading="Key judgments", claims=claims)],
    )
    report = VerificationReport(ok=True, claims=reports)
    return Tree(briefing_html(briefing, report, {"note.txt": doc}, root))


def test_carriage_returns_survive_html_parsing(tmp_path: Path) -> None:
    text = "Headline\r\n\r\nFirst line of the body,\r\nsecond line of the body.\r\n"
    tree = mini_page(tmp_path, text, ["body,\r\nsecond"], [Span(start=10, end=57)])
    marks = [n for n in tree.all() if n.tag == "mark"]
    assert [m.text() for m in marks if m.attrs.get("data-citation-id")] == ["body,\r\nsecond"]
    assert [m.text() for m in marks if "src" in m.classes()] == ["body,\r\nsecond"]


def test_citation_outside_the_body_is_shown_and_flagged(tmp_path: Path) -> None:
    text = "Plane crash in Kazakhstan\n\nThe body paragraph says Moscow wants talks.\n"
    body_start, body_end = find(text, "The body paragraph says Moscow wants talks.")
    tree = mini_page(
        tmp_path,
        text,
        ["Plane crash in Kazakhstan", "Moscow wants talks"],
        [Span(start=body_start, end=body_end)],
    )
    src = [n for n in tree.all() if n.tag == "mark" and "src" in n.classes()]
    assert [m.text() for m in src] == ["Plane crash in Kazakhstan", "Moscow wants talks"]
    outside = [n for n in tree.all() if "outside-text" in n.classes()]
    assert len(outside) == 1 and "Plane crash" in outside[0].text()


def test_without_detected_body_every_line_is_shown(tmp_path: Path) -> None:
    text = "Short note\nMoscow wants talks.\nAnother line.\n"
    tree = mini_page(tmp_path, text, ["Moscow wants talks."], None)
    (article,) = [n for n in tree.all() if n.tag == "article"]
    paragraphs = [
        n.text() for n in article.iter() if n.tag == "p" and "source-meta" not in n.classes()
    ]
    assert [" ".join(p.split()) for p in paragraphs] == [
        "Short note",
        "Moscow wants talks.K1",
        "Another line.",
    ]


# --- in a real browser -------------------------------------------------------------------------


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)


@pytest.mark.browser
def test_in_headless_chromium(case: Case, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it")
    page = tmp_path / "briefing.html"
    page.write_text(render(case), encoding="utf-8")
    url = page.as_uri()

    dumped = chromium("--dump-dom", url, profile=tmp_path / "profile-dom")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    tree = Tree(dumped.stdout, strict=False)
    html = next(n for n in tree.all() if n.tag == "html")
    body = next(n for n in tree.all() if n.tag == "body")
    assert html.attrs.get("data-js") == "ready", "the page's own script did not run"
    assert "data-pwned" not in body.attrs, "a script from a source ran"
    assert not any(n.tag == "img" for n in tree.all())
    check_markers(tree, case, dom=True)
    assert "<script>window.__pwned=1;" in tree.by_id("cite-K5-1").text()
    toggle = tree.by_id("toggle-passages")
    assert "hidden" not in toggle.attrs

    # Opening a passage by its address pins its popover; screenshot that.
    shot = tmp_path / "briefing.png"
    done = chromium(
        f"--screenshot={shot}",
        "--window-size=1280,1600",
        url + "#cite-K1-1",
        profile=tmp_path / "profile-shot",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 10_000


def test_a_rejected_claim_shows_the_verifiers_reason(tmp_path: Path) -> None:
    from briefing.outputs.render import markdown

    text = "The plant opened in 2021 after a long delay.\n"
    (tmp_path / "note.txt").write_text(text)
    quote = text.strip()
    claim = Claim(
        id="K1",
        text="The plant opened in 2019.",
        citations=[Citation(doc="note.txt", start=0, end=len(quote), quote=quote)],
    )
    reason = "the claim says 2019, the cited text says 2021"
    rep = ClaimReport(
        id="K1",
        ok=False,
        status="contradicted",
        citations=[CitationReport(status="exact", start=0, end=len(quote))],
        message=reason,
        check="numbers",
    )
    briefing = Briefing(
        topic="t",
        generated_at="2026-01-01T00:00:00Z",
        model="m",
        corpus=CorpusInfo(root="corpus", documents=[CorpusDoc(doc="note.txt", sha256="0")]),
        sections=[Section(heading="Key judgments", claims=[])],
        unverified=[UnverifiedClaim(claim=claim, report=rep)],
    )
    doc = Document(doc="note.txt", sha256="0", size=len(text))
    md = markdown(briefing, {"note.txt": doc})
    assert f"~~The plant opened in 2019.~~ (contradicted: {reason})" in md
    page = briefing_html(
        briefing, VerificationReport(ok=False, claims=[rep]), {"note.txt": doc}, tmp_path
    )
    assert reason in page and "status-contradicted" in page
