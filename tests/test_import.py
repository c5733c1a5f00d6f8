"""`briefing import`: saved pages, PDFs, feeds and URL lists become captures that ingest reads.

Everything is offline: pages, feeds and PDFs are served by tests/siteserver.py on 127.0.0.1,
PDFs are written in the test with fpdf2, and the one briefing that is generated comes from the
scripted model server (tests/faultserver.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import Result
from fpdf import FPDF
from typer.testing import CliRunner

from briefing import store
from briefing.acquire import captures as capture_files
from briefing.acquire import extract, fetch, importer
from briefing.cli import app
from briefing.core.errors import ExtractError
from briefing.core.models import Briefing
from briefing.corpus.ingest import load_document
from briefing.outputs import render
from tests.conftest import model_cmd
from tests.faultserver import FaultServer, closed_port
from tests.siteserver import Page, Site

pytestmark = pytest.mark.live_endpoint

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SUMMIT = (FIXTURES / "kremlin-summit.html").read_text(encoding="utf-8")
SANCTIONS = (FIXTURES / "sanctions-analysis.html").read_text(encoding="utf-8")
FRONT_PAGE = (FIXTURES / "front-page.html").read_text(encoding="utf-8")
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"

SUMMIT_SENTENCE = (
    "Ukrainian officials reject that sequence. A senior adviser in Kyiv said that any meeting"
    " which discusses Ukraine without Ukraine at the table would reward the aggressor and"
    " encourage the next war."
)
# Boilerplate of the fixture pages that must never reach a capture.
BOILERPLATE = [
    "We use cookies",
    "Subscribe for 1 euro",
    "Drone strike halts work at a refinery",  # "Read also" list
    "Rouble slides to a three-month low",
    "Nobody should believe a single word",  # comments
    "A summit without Ukraine present",
    "Your email address will not be published",
    "All rights reserved",
    "Share this article",
    "Photo: Northern Ledger archive",
    "Most read",  # sidebar of the second page
    "What a ceasefire line could look like",
    "Get our weekly briefing",
    "Panel: Europe after the election",
    "Back to top",
    "Log in",
]

# A three-page working paper: a running header, "Page N of 3" footers, words hyphenated at
# line ends, and a sentence that runs on from page 2 to page 3.
PAPER_PAGES = [
    [
        "The Price of a Summit",
        "Russian diplomacy in the spring of 2025 followed a simple rule: talk",
        "about a meeting of the presidents as often as possible, and about the",
        "terms of a ceasefire as rarely as possible. The rule served a purpose.",
        "Moscow expected that a summit would weaken the sanctions coali-",
        "tion long before any agreement was signed, because European govern-",
        "ments would not want to be seen blocking a deal that Washington",
        "favoured.",
    ],
    [
        "Officials in Brussels understood the risk. They argued that the re-",
        "serves frozen in Belgium should stay frozen until Russia pays for the",
        "damage it caused, and that no summit should change that position.",
        "The argument has not been tested yet. If the presidents meet, the",
        "first sign of its strength will be the next renewal of the sanctions",
    ],
    [
        "package, which needs the agreement of every single member state.",
        "A single veto would end the coalition that has held for three years.",
    ],
]


def write_pdf(pages: list[list[str]] = PAPER_PAGES, password: str | None = None) -> bytes:
    """A PDF made with fpdf2: one text line per cell, a running header and page footers."""

    class Paper(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, "Eastern Policy Forum | Working Paper 7", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Paper()
    pdf.set_title("The Price of a Summit")
    pdf.set_author("Daniel Okafor")
    pdf.set_creation_date(datetime(2025, 3, 20, 9, 0, tzinfo=UTC))
    for lines in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    return bytes(pdf.output())


def rss(site: Site, *paths: str) -> str:
    items = "".join(
        f"<item><title>Item {i}</title><link>{site.url(p)}</link><guid>{site.url(p)}</guid>"
        f"<pubDate>Tue, 11 Feb 2025 08:30:00 GMT</pubDate><description>Summary {i}</description>"
        "</item>"
        for i, p in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Northern Ledger</title><link>{site.url('/')}</link>"
        f"<description>News</description>{items}</channel></rss>"
    )


def atom(site: Site, *paths: str) -> str:
    entries = "".join(
        f'<entry><title>Paper {i}</title><link href="{site.url(p)}"/><id>urn:paper:{i}</id>'
        "<updated>2025-03-20T09:00:00Z</updated><author><name>Daniel Okafor</name></author>"
        "</entry>"
        for i, p in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Eastern Policy Forum papers</title><id>urn:epf</id>"
        f"<updated>2025-03-20T09:00:00Z</updated>{entries}</feed>"
    )


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        s.routes.update(
            {
                "/robots.txt": Page(
                    "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
                ),
                "/world/kremlin-summit.html": Page(SUMMIT),
                "/commentary/sanctions-relief": Page(SANCTIONS),
                "/papers/price-of-a-summit.pdf": Page(write_pdf(), content_type="application/pdf"),
                "/private/memo.html": Page(SANCTIONS),
            }
        )
        s.routes["/feed.rss"] = Page(
            rss(s, "/world/kremlin-summit.html", "/commentary/sanctions-relief"), content_type=RSS
        )
        s.routes["/atom.xml"] = Page(
            atom(s, "/papers/price-of-a-summit.pdf", "/world/kremlin-summit.html"),
            content_type=ATOM,
        )
        yield s


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries without the real backoff waits."""
    monkeypatch.setattr(fetch, "MAX_WAIT", 0.01)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def captures(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.txt")) if corpus.exists() else []


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def warning_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning:")]


def no_leftovers(corpus: Path) -> None:
    """No temporary file anywhere: not in the corpus, not under the state directory."""
    home = Path(os.environ["BRIEFING_HOME"])
    for root in (corpus, home):
        if root.exists():
            assert not [p for p in root.rglob("*") if ".tmp-" in p.name]


def body_text(corpus: Path, capture: Path) -> tuple[str, str]:
    """(body as ingest finds it, the whole file) of a capture."""
    doc, text = load_document(corpus, capture)
    return "\n".join(text[s.start : s.end] for s in doc.body), text


# --- saved pages and PDFs ----------------------------------------------------------------------


def test_a_folder_of_saved_pages_and_a_pdf_imports_ingests_and_verifies(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "kremlin-summit.html").write_text(SUMMIT, encoding="utf-8")
    (saved / "sanctions-analysis.html").write_text(SANCTIONS, encoding="utf-8")
    (saved / "price-of-a-summit.pdf").write_bytes(write_pdf())
    corpus = tmp_path / "corpus"

    result = run("import", str(saved), "--corpus", str(corpus), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)  # one JSON document; progress went to stderr
    assert sorted(i["status"] for i in report["items"]) == ["added"] * 3
    assert report["failed"] == []
    files = captures(corpus)
    assert len(files) == 3
    for f in files:
        assert re.fullmatch(r"[a-z0-9\-]+_[0-9a-f]{12}\.txt", f.name), f.name

    docs = {load_document(corpus, f)[0].title: load_document(corpus, f)[0] for f in files}
    summit = docs["Why the Kremlin wants a summit before any ceasefire"]
    assert (summit.outlet, summit.author, summit.date) == (
        "Northern Ledger",
        "Marta Kowalczyk",
        "2025-02-11",
    )
    sanctions = docs["Sanctions relief is Moscow's real prize"]
    assert (sanctions.outlet, sanctions.author, sanctions.date) == (
        "Eastern Policy Forum",
        "Daniel Okafor",
        "2025-03-04",
    )
    paper = docs["The Price of a Summit"]
    assert (paper.author, paper.date) == ("Daniel Okafor", "2025-03-20")

    for f in files:
        _, text = body_text(corpus, f)
        header_end = text.index("\n---\n", 3) + 5
        doc = load_document(corpus, f)[0]
        # The header is metadata, never evidence.
        assert all(s.start >= header_end for s in doc.body)
        for needle in BOILERPLATE:
            assert needle not in text, (f.name, needle)
        # The original is kept, and its sha256 is the one the header names.
        header = importer.read_header(f)
        original = Path(header["original"])
        assert original.is_file()
        assert header["original_sha256"] in original.name
        assert hashlib.sha256(original.read_bytes()).hexdigest() == header["original_sha256"]
        assert header["file"].startswith(str(saved.resolve()))
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", header["retrieved_at"])
    summit_body, _ = body_text(corpus, next(f for f in files if f.name.startswith("kremlin")))
    assert SUMMIT_SENTENCE in summit_body
    assert "Moscow has spent the past month signalling" in summit_body
    assert "Analysts in Warsaw note that the offer costs Russia little." in summit_body

    ingest = run("ingest", str(corpus), "--json")
    assert ingest.exit_code == 0, ingest.output
    assert len(json.loads(ingest.stdout)["added"]) == 3

    # A hand-built briefing citing a capture sentence verifies.
    capture = next(f for f in files if f.name.startswith("kremlin"))
    text = capture.read_bytes().decode("utf-8")
    start = text.index(SUMMIT_SENTENCE)
    briefing = {
        "schema_version": 1,
        "topic": "What does the Kremlin want from Trump?",
        "generated_at": "2025-02-12T07:00:00Z",
        "model": "hand",
        "corpus": {"root": str(corpus), "documents": [{"doc": capture.name, "sha256": "x"}]},
        "sections": [
            {
                "heading": "Key judgments",
                "claims": [
                    {
                        "id": "K1",
                        "text": (
                            "An adviser in Kyiv said a meeting that discusses Ukraine"
                            " without Ukraine would reward the aggressor."
                        ),
                        "citations": [
                            {
                                "doc": capture.name,
                                "start": start,
                                "end": start + len(SUMMIT_SENTENCE),
                                "quote": SUMMIT_SENTENCE,
                            }
                        ],
                    }
                ],
            }
        ],
    }
    path = tmp_path / "briefing.json"
    path.write_text(json.dumps(briefing), encoding="utf-8")
    verified = run("verify", str(path), "--corpus", str(corpus), "--json")
    assert verified.exit_code == 0, verified.output
    assert json.loads(verified.stdout)["claims"][0]["citations"][0]["status"] == "exact"

    # The Sources list of a briefing names title, outlet, author and date of a capture.
    db = store.Store.open(Path(os.environ["BRIEFING_HOME"]) / "briefing.db", corpus)
    documents = {d.doc: d for d in db.documents()}
    md = render.markdown(Briefing.model_validate(briefing), documents)
    assert (
        f"- `{capture.name}`: x" not in md
        and "(Northern Ledger, Marta Kowalczyk, 2025-02-11)" in md
    )


def test_pdf_pages_headers_footers_and_hyphenation(tmp_path: Path) -> None:
    data = write_pdf()
    extracted = extract.extract_pdf(data, "paper.pdf")
    body = extracted.body
    assert "Eastern Policy Forum | Working Paper 7" not in body  # running header
    assert not re.search(r"Page \d of", body)  # footers
    assert "the sanctions coalition long before any agreement" in body  # coali-/tion
    assert "European governments would not" in body
    assert "the reserves frozen in Belgium" in body
    # The sentence that runs over the page break is one sentence again.
    assert "the next renewal of the sanctions package, which needs the agreement" in body
    assert len(extracted.page_starts) == 3

    corpus = tmp_path / "corpus"
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(data)
    assert run("import", str(pdf), "--corpus", str(corpus)).exit_code == 0
    (capture,) = captures(corpus)
    text = capture.read_bytes().decode("utf-8")
    header = importer.read_header(capture)
    assert header["pages"] == "3"
    # Page offsets index the capture itself, as citations do.
    assert capture_files.page_of(text, text.index("Russian diplomacy in the spring")) == 1
    assert capture_files.page_of(text, text.index("Officials in Brussels")) == 2
    assert capture_files.page_of(text, text.index("package, which needs")) == 3
    assert capture_files.page_of(text, text.index("sanctions package")) == 2


def test_running_lines_on_most_pages_are_removed_and_page_numbers_alone() -> None:
    pages = [
        ["Report title", "First page text that is long enough to be prose.", "1"],
        ["ACME Institute 2025", "Second page text with more prose in it.", "- 2 -"],
        ["ACME Institute 2025", "Third page text, and the last one.", "Page 3 of 3"],
    ]
    kept = extract.strip_running_lines(pages)
    assert kept == [
        ["Report title", "First page text that is long enough to be prose."],
        ["Second page text with more prose in it."],
        ["Third page text, and the last one."],
    ]


# --- feeds ------------------------------------------------------------------------------------


def test_rss_and_atom_feeds_import_once_then_nothing_new(site: Site, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    first = run("import", site.url("/feed.rss"), site.url("/atom.xml"), "--corpus", str(corpus))
    assert first.exit_code == 0, first.output
    files = captures(corpus)
    assert len(files) == 3  # the page both feeds list is captured once
    titles = {load_document(corpus, f)[0].title for f in files}
    assert titles == {
        "Why the Kremlin wants a summit before any ceasefire",
        "Sanctions relief is Moscow's real prize",
        "The Price of a Summit",
    }
    assert "3 new, 0 changed, 1 unchanged" in first.stdout
    # A polite client: it says who it is, and asked for robots.txt once.
    assert all(r.headers["user-agent"].startswith("briefing/") for r in site.requests)
    assert site.hits("/robots.txt") == 1
    before = {f.name: f.read_bytes() for f in files}
    page_hits = site.hits("/world/kremlin-summit.html")

    second = run("import", site.url("/feed.rss"), site.url("/atom.xml"), "--corpus", str(corpus))
    assert second.exit_code == 0, second.output
    assert second.stdout.startswith("nothing new"), second.stdout
    assert {f.name: f.read_bytes() for f in captures(corpus)} == before
    # Unchanged entries are not even downloaded again: only the feeds are.
    assert site.hits("/world/kremlin-summit.html") == page_hits
    as_json = run("import", site.url("/feed.rss"), "--corpus", str(corpus), "--json")
    assert {i["status"] for i in json.loads(as_json.stdout)["items"]} == {"unchanged"}
    no_leftovers(corpus)


def test_a_changed_page_is_a_changed_document(site: Site, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    url = site.url("/world/kremlin-summit.html")
    assert run("import", url, "--corpus", str(corpus)).exit_code == 0
    (capture,) = captures(corpus)
    old = capture.read_bytes()
    assert run("ingest", str(corpus)).exit_code == 0

    # The same page fetched again with a new timestamp in its markup only: nothing new.
    site.routes["/world/kremlin-summit.html"] = Page(
        SUMMIT.replace("</body>", "<!-- 12:01 --></body>")
    )
    again = run("import", url, "--corpus", str(corpus))
    assert again.stdout.startswith("nothing new") and capture.read_bytes() == old

    site.routes["/world/kremlin-summit.html"] = Page(
        SUMMIT.replace("costs Russia little", "costs Russia almost nothing")
    )
    changed = run("import", url, "--corpus", str(corpus), "--json")
    assert changed.exit_code == 0, changed.output
    (item,) = json.loads(changed.stdout)["items"]
    assert (item["status"], item["capture"]) == ("changed", capture.name)
    assert captures(corpus) == [capture]
    assert "costs Russia almost nothing" in capture.read_text(encoding="utf-8")
    # The previous version stays traceable under the state directory.
    versions = Path(os.environ["BRIEFING_HOME"]) / "imports" / "versions"
    assert [p.read_bytes() for p in versions.iterdir()] == [old]
    ingest = run("ingest", str(corpus), "--json")
    assert json.loads(ingest.stdout)["changed"] == [capture.name]


def test_url_list_with_comments_and_relative_files(site: Site, tmp_path: Path) -> None:
    (tmp_path / "saved.html").write_text(SANCTIONS, encoding="utf-8")
    urls = tmp_path / "links.txt"
    urls.write_text(
        f"# collected this morning\n{site.url('/world/kremlin-summit.html')}\n\n"
        f"{site.url('/papers/price-of-a-summit.pdf')}\nsaved.html\n",
        encoding="utf-8",
    )
    corpus = tmp_path / "corpus"
    result = run("import", str(urls), "--corpus", str(corpus), "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    assert sorted(i["kind"] for i in items) == ["html", "html", "pdf"]
    assert len(captures(corpus)) == 3


def test_a_url_list_never_reads_a_file_outside_its_own_folder(tmp_path: Path) -> None:
    # Issue 31: "../outside/secret.html" and an absolute path were imported and their
    # originals copied into BRIEFING_HOME; a list names URLs or files next to it.
    lists = tmp_path / "lists"
    lists.mkdir()
    (tmp_path / "outside").mkdir()
    secret = tmp_path / "outside" / "secret.html"
    secret.write_text(SANCTIONS, encoding="utf-8")
    (lists / "saved.html").write_text(SANCTIONS, encoding="utf-8")
    (lists / "links.txt").write_text(
        f"../outside/secret.html\n{secret}\nsaved.html\n", encoding="utf-8"
    )
    corpus = tmp_path / "corpus"
    result = run("import", str(lists / "links.txt"), "--corpus", str(corpus))
    assert result.exit_code == 0, result.output  # the file next to the list worked
    warnings = warning_lines(result)
    assert len(warnings) == 2
    assert all("not a file in the list's own folder" in w for w in warnings)
    assert any("links.txt:1" in w for w in warnings) and any("links.txt:2" in w for w in warnings)
    assert len(captures(corpus)) == 1
    originals = Path(os.environ["BRIEFING_HOME"]) / "imports" / "originals"
    assert len(list(originals.iterdir())) == 1


def test_robots_txt_is_obeyed(site: Site, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    result = run(
        "import",
        site.url("/private/memo.html"),
        site.url("/commentary/sanctions-relief"),
        "--corpus",
        str(corpus),
    )
    assert result.exit_code == 0, result.output  # one source worked
    (warning,) = warning_lines(result)
    assert "/private/memo.html" in warning and "robots.txt" in warning
    assert site.hits("/private/memo.html") == 0
    assert len(captures(corpus)) == 1


def test_a_transient_failure_is_retried(site: Site, tmp_path: Path, fast: None) -> None:
    site.script(
        "/world/kremlin-summit.html",
        Page(status=503),
        Page(status=429, headers={"Retry-After": "1"}),
    )
    corpus = tmp_path / "corpus"
    result = run("import", site.url("/world/kremlin-summit.html"), "--corpus", str(corpus))
    assert result.exit_code == 0, result.output
    assert site.hits("/world/kremlin-summit.html") == 3
    assert len(captures(corpus)) == 1


# --- bad input --------------------------------------------------------------------------------


BAD_URLS = {
    # name: (path, page, env, what the one error line must say)
    "http-404": ("/gone.html", None, {}, ["/gone.html", "HTTP 404", "check the link"]),
    "http-503-every-retry": (
        "/down.html",
        Page(status=503),
        {"BRIEFING_FETCH_RETRIES": "1"},
        ["/down.html", "HTTP 503", "try again later"],
    ),
    "redirect-loop": (
        "/loop-a",
        Page(status=302, headers={"Location": "/loop-b"}),
        {},
        ["/loop-a", "redirects in a loop", "/loop-b", "save the page"],
    ),
    "50-mb-declared": (
        "/huge.pdf",
        Page(declare=50 * 1024 * 1024, content_type="application/pdf"),
        {},
        ["/huge.pdf", "over the 20 MB import limit", "it is 50 MB", "BRIEFING_MAX_DOWNLOAD_MB"],
    ),
    "endless-stream": (
        "/stream.html",
        Page(endless=True),
        {"BRIEFING_MAX_DOWNLOAD_MB": "2"},
        ["/stream.html", "over the 2 MB import limit", "went past it"],
    ),
    "feed-not-xml": (
        "/broken.rss",
        Page('{"items": ["this is JSON, not a feed"]}', content_type=RSS),
        {},
        ["/broken.rss", "is not an RSS/Atom feed", "check the feed URL"],
    ),
    "no-article-text": (
        "/front",
        Page(FRONT_PAGE),
        {},
        ["/front", "has no article text", "save it", "import the .html"],
    ),
    "timeout": (
        "/slow.html",
        Page(SUMMIT, delay=3),
        {"BRIEFING_FETCH_TIMEOUT": "0.3", "BRIEFING_FETCH_RETRIES": "0"},
        ["/slow.html", "no answer within 0.3 s", "BRIEFING_FETCH_TIMEOUT"],
    ),
    "http-403": (
        "/members.html",
        Page("<html><body>Members only</body></html>", status=403),
        {},
        ["/members.html", "HTTP 403", "refused access", "save the page"],
    ),
    "robots-txt-503": (
        "/world/kremlin-summit.html",
        None,
        {},
        ["/world/kremlin-summit.html: ", "/robots.txt answered HTTP 503", "try again later"],
    ),
    "not-an-article-type": (
        "/data.json",
        Page('{"a": 1}', content_type="application/json"),
        {},
        ["/data.json", "application/json", "not a web page, PDF or feed"],
    ),
}


def assert_clean_failure(result: Result, corpus: Path, *needles: str) -> None:
    """Exit 2, one error line naming the source and the fix, no traceback, no capture left."""
    assert result.exit_code == 2, result.output
    lines = error_lines(result)
    assert len(lines) == 1, result.stderr
    assert not warning_lines(result), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert "Traceback" not in result.output and not lines[0].startswith("error: unexpected ")
    assert captures(corpus) == []
    no_leftovers(corpus)


@pytest.mark.parametrize("name", sorted(BAD_URLS))
def test_a_bad_url_fails_cleanly(site: Site, tmp_path: Path, fast: None, name: str) -> None:
    path, page, env, needles = BAD_URLS[name]
    if page is not None:
        site.routes[path] = page
    if name == "redirect-loop":
        site.routes["/loop-b"] = Page(status=301, headers={"Location": site.url("/loop-a")})
    if name == "robots-txt-503":
        site.routes["/robots.txt"] = Page(status=503, content_type="text/plain")
    corpus = tmp_path / "corpus"
    result = run("import", site.url(path), "--corpus", str(corpus), env=env)
    assert_clean_failure(result, corpus, *needles)
    if name == "robots-txt-503":
        assert site.hits(path) == 0  # RFC 9309: an unreachable robots.txt means "not now"


def test_connection_refused_names_the_url(tmp_path: Path, fast: None) -> None:
    corpus = tmp_path / "corpus"
    url = f"http://127.0.0.1:{closed_port()}/a.html"
    result = run("import", url, "--corpus", str(corpus), env={"BRIEFING_FETCH_RETRIES": "1"})
    assert_clean_failure(result, corpus, url, "cannot connect to read", "check the URL")


BAD_FILES = {
    "encrypted-pdf": (
        "secret.pdf",
        lambda: write_pdf(password="s3cret"),
        ["secret.pdf", "encrypted PDF", "qpdf --decrypt"],
    ),
    "truncated-pdf": (
        "cut.pdf",
        lambda: write_pdf()[:900],
        ["cut.pdf", "is not a readable PDF", "re-download it"],
    ),
    "pdf-without-text": (
        "scan.pdf",
        lambda: write_pdf(pages=[[]]),
        ["scan.pdf", "no text layer", "OCR"],
    ),
    "page-without-article": (
        "front.html",
        lambda: FRONT_PAGE.encode(),
        ["front.html", "has no article text"],
    ),
    "unsupported-file": ("notes.docx", lambda: b"PK\x03\x04", ["notes.docx", "cannot import"]),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_fails_cleanly(tmp_path: Path, name: str) -> None:
    filename, make, needles = BAD_FILES[name]
    source = tmp_path / filename
    source.write_bytes(make())  # type: ignore[operator]
    corpus = tmp_path / "corpus"
    result = run("import", str(source), "--corpus", str(corpus))
    assert_clean_failure(result, corpus, *needles)


def test_a_missing_source_names_itself(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    result = run("import", str(tmp_path / "nope.html"), "--corpus", str(corpus))
    assert_clean_failure(result, corpus, "nope.html", "no such file or folder")


def test_some_bad_sources_warn_and_the_rest_is_imported(site: Site, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    bad = tmp_path / "secret.pdf"
    bad.write_bytes(write_pdf(password="x"))
    result = run(
        "import",
        str(bad),
        site.url("/gone.html"),
        site.url("/world/kremlin-summit.html"),
        "--corpus",
        str(corpus),
    )
    assert result.exit_code == 0, result.output
    assert not error_lines(result)
    warnings = warning_lines(result)
    assert len(warnings) == 2
    assert "secret.pdf" in warnings[0] and "/gone.html" in warnings[1]
    assert len(captures(corpus)) == 1


def test_every_source_failing_exits_2_after_one_warning_each(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    result = run(
        "import", str(tmp_path / "a.html"), str(tmp_path / "b.pdf"), "--corpus", str(corpus)
    )
    assert result.exit_code == 2
    assert len(warning_lines(result)) == 2
    (line,) = error_lines(result)
    assert "nothing could be imported from the 2 sources" in line


def test_an_interrupted_write_leaves_no_capture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "page.html"
    saved.write_text(SUMMIT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    real_replace = os.replace

    def interrupted(src: str | Path, dst: str | Path) -> None:
        if Path(dst).parent == corpus:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(importer.os, "replace", interrupted)
    result = run("import", str(saved), "--corpus", str(corpus))
    assert result.exit_code == 130
    assert captures(corpus) == []
    no_leftovers(corpus)
    monkeypatch.setattr(importer.os, "replace", real_replace)
    again = run("import", str(saved), "--corpus", str(corpus))
    assert again.exit_code == 0 and len(captures(corpus)) == 1


def test_a_non_http_url_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    result = run("import", "ftp://example.org/report.pdf", "--corpus", str(corpus))
    assert_clean_failure(result, corpus, "ftp://example.org/report.pdf", "http(s)")


def test_sniff() -> None:
    assert extract.sniff(b"%PDF-1.7 ...") == "pdf"
    assert extract.sniff(b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert extract.sniff(b"<!DOCTYPE html><html>") == "html"
    assert extract.sniff(b"whatever", "text/html; charset=utf-8") == "html"
    assert extract.sniff(b"{}", "application/json") is None
    with pytest.raises(ExtractError, match="not an RSS/Atom feed"):
        extract.parse_feed(b"plain words", "x.rss")


def test_capture_names_are_stable_ascii_and_keyed_by_source() -> None:
    a = importer.capture_name("https://example.org/a", "Überblick: Kyiv/Moscow\\2025")
    assert a == importer.capture_name("https://example.org/a", "Überblick: Kyiv/Moscow\\2025")
    assert re.fullmatch(r"[a-z0-9\-]+_[0-9a-f]{12}\.txt", a)
    assert a != importer.capture_name("https://example.org/b", "Überblick: Kyiv/Moscow\\2025")
    assert importer.canonical_url("HTTPS://Example.org:443/a?utm_source=x&id=2#top") == (
        "https://example.org/a?id=2"
    )


# --- digest --import ----------------------------------------------------------------------------


def test_digest_import_collects_then_briefs_with_sources(site: Site, tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{site.url('/feed.rss')}\n{site.url('/atom.xml')}\n", encoding="utf-8")
    env = {"BRIEFING_MAX_RETRIES": "1", "BRIEFING_TIMEOUT": "5", "BRIEFING_PASSAGES": "3"}
    with FaultServer() as model:
        args = [*model_cmd("digest", model.url, out, corpus), "--import", str(feeds), "--json"]
        first = run(*args, env=env)
        assert first.exit_code == 0, first.output
        result = json.loads(first.stdout)
        assert result["status"] == "written"
        assert len(result["new_docs"]) == 3
        run_dir = Path(result["out_dir"])
        md = (run_dir / "briefing.md").read_text(encoding="utf-8")
        assert "Why the Kremlin wants a summit before any ceasefire" in md
        assert "(Northern Ledger, Marta Kowalczyk, 2025-02-11)" in md
        assert "(Eastern Policy Forum, Daniel Okafor, 2025-03-04)" in md
        verified = run("verify", str(run_dir / "briefing.json"), "--corpus", str(corpus))
        assert verified.exit_code == 0, verified.output

        second = run(*args, env=env)
        assert second.exit_code == 0, second.output
        assert json.loads(second.stdout)["status"] == "nothing-new"
        assert "import: nothing new" in second.stderr


def test_config_feeds_are_imported_by_digest(site: Site, tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    Path("briefing.toml").write_text(f'feeds = ["{site.url("/feed.rss")}"]\n', encoding="utf-8")
    site.routes["/feed.rss"] = Page(
        rss(site, "/commentary/sanctions-relief", "/private/memo.html"), content_type=RSS
    )
    with FaultServer() as model:
        result = run(
            *model_cmd("digest", model.url, out, corpus), "--json", env={"BRIEFING_PASSAGES": "3"}
        )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new_docs"] == [c.name for c in captures(corpus)]
    assert len(captures(corpus)) == 1
    # The entry robots.txt forbids is one warning; the digest goes on.
    (warning,) = warning_lines(result)
    assert "/private/memo.html" in warning and "robots.txt" in warning


def test_a_page_with_an_inline_script_over_10_mb_keeps_its_article() -> None:
    # Issue 31: lxml drops a page whose text node tops 10 MB, so a huge inline script lost
    # the article ("has no article text") with advice that would not help.
    from briefing.acquire.extract import extract_html

    article = "".join(
        f"<p>The council met on Monday and agreed a budget for the harbour, item {i},"
        " after long talks with the unions.</p>"
        for i in range(40)
    )
    page = (
        "<html><head><title>Harbour budget agreed</title><script>var x='"
        + "a" * 11_000_000
        + "';</script></head><body><article>"
        + article
        + "</article></body></html>"
    ).encode()
    extracted = extract_html(page, "page.html")
    assert extracted.title == "Harbour budget agreed"
    assert "agreed a budget for the harbour" in extracted.body


@pytest.mark.parametrize(
    "location", ["data:text/html,<p>hi</p>", "http://[::1", "http://exa mple.com/x"]
)
def test_a_redirect_to_data_or_a_malformed_address_is_one_line_never_retried(
    site: Site, tmp_path: Path, location: str
) -> None:
    # Issue 31: a redirect to data: was "unexpected InvalidURL"; a malformed Location was
    # reported as a broken connection and retried.
    site.script("/moved.html", Page(status=302, headers={"Location": location}))
    corpus = tmp_path / "corpus"
    result = run("import", site.url("/moved.html"), "--corpus", str(corpus))
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert "redirected to a malformed" in line and "unexpected" not in line
    assert site.hits("/moved.html") == 1
