"""The verifier is the trust core: a fabricated or altered quote must never pass."""

from __future__ import annotations

import builtins
import hashlib
import io
import json
import os
import pathlib
import shutil
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefing.core.errors import ConfigError, CorpusError
from briefing.core.models import (
    Briefing,
    Citation,
    Claim,
    CorpusDoc,
    CorpusInfo,
    JudgeReport,
    Section,
    VerificationReport,
)
from briefing.text.textnorm import (
    CONTENT_STOPWORDS,
    WHITESPACE,
    content_stems,
    normalize,
    normalize_with_map,
    normalize_with_spans,
    stem,
)
from briefing.verification import (
    SourceCache,
    fix_briefing,
    format_report,
    load_briefing,
    support_score,
    verify_briefing,
    verify_citation,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
D0 = "000_e7022d255b5320db.txt"
D1 = "001_8d5cd8e739546e10.txt"
D2 = "002_cbd8029a80ab4a9f.txt"
D3 = "003_9d950e5d5b89fb94.txt"
D4 = "004_a03813502d365a1c.txt"
DOCS = (D0, D1, D2, D3, D4)
TEXT = {d: (SEEDS / d).read_bytes().decode("utf-8") for d in DOCS}

SECRET = "The launch codes are kept in the blue binder on the third shelf."


def at(doc: str, needle: str, occurrence: int = 0) -> int:
    """Start offset of the n-th occurrence of `needle` in a seed (fails loudly if absent)."""
    i = -1
    for _ in range(occurrence + 1):
        i = TEXT[doc].find(needle, i + 1)
        assert i != -1, f"{needle!r} not in {doc}"
    return i


# Real sentences of the seeds.
S_APPEASE = "Putin has little choice but to appease Trump."
S_ECONOMY = (
    "With Russia’s economy teetering on the brink of economic ruin and rampant inflation, Putin"
    " is treading carefully to avoid provoking Trump, who has hinted at the possibility of"
    " increased sanctions against Russia."
)
S_SMART = "Putin also referred to Trump as “smart” and “pragmatic” in the middle of an exchange"
S_DASH = (
    "The notion of a potential peace agreement—and the limited sanctions relief that might"
    " accompany it—has led many Russians to speculate"
)
S_EN_DASH = "U.S. Presidential change – opportunity for Ukraine"
S_NBSP = "Note that in recent days,\xa0Putin has been regularly responding to such attacks"
S_ASCII = "And yet there is no reason to believe that Putin's intentions have changed dramatically."
S_PEACE = "Putin thought a quick war would elevate him to global prominence as a third superpower"
S_PLANE = "Small plane crashes in Philadelphia"
S_TABLOID = "A popular Russian tabloid remarked, “Russia cannot conceal its malicious pleasure,”"


@dataclass(frozen=True)
class Case:
    """One adversarial citation and the verdict it must get."""

    id: str
    doc: str
    quote: str
    start: int
    end: int
    status: str
    real_start: int | None = None  # where a relocated quote really is
    real_end: int | None = None


def exact(doc: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    i = at(doc, needle, occurrence)
    return i, i + len(needle)


def _cases() -> list[Case]:
    a0, a1 = exact(D2, S_APPEASE)
    e0, e1 = exact(D2, S_ECONOMY)
    m0, m1 = exact(D2, S_SMART)
    d0, d1 = exact(D3, S_DASH)
    n0, n1 = exact(D0, S_NBSP)
    x0, x1 = exact(D4, S_ASCII)
    t0, t1 = exact(D3, S_TABLOID)
    p2 = at(D2, S_PLANE, 1)  # the sidebar headline occurs three times
    end2 = len(TEXT[D2])
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in "Putin")
    return [
        Case("exact", D2, S_APPEASE, a0, a1, "exact"),
        Case("curly-apostrophe-as-straight", D2, S_ECONOMY.replace("’", "'"), e0, e1, "normalized"),
        Case(
            "curly-quotes-as-straight",
            D2,
            S_SMART.replace("“", '"').replace("”", '"'),
            m0,
            m1,
            "normalized",
        ),
        Case("straight-apostrophe-as-curly", D4, S_ASCII.replace("'", "’"), x0, x1, "normalized"),
        Case(
            "guillemets-for-quotes",
            D2,
            S_SMART.replace("“", "«").replace("”", "»"),
            m0,
            m1,
            "normalized",
        ),
        Case("em-dash-as-hyphen", D3, S_DASH.replace("—", "-"), d0, d1, "normalized"),
        Case("em-dash-as-minus-sign", D3, S_DASH.replace("—", "\u2212"), d0, d1, "normalized"),
        Case(
            "en-dash-as-hyphen",
            D0,
            S_EN_DASH.replace("–", "-"),
            *exact(D0, S_EN_DASH),
            "normalized",
        ),
        Case("nbsp-as-space", D0, S_NBSP.replace("\xa0", " "), n0, n1, "normalized"),
        Case("double-spaces", D2, S_APPEASE.replace(" ", "  "), a0, a1, "normalized"),
        Case("newline-inside", D2, S_APPEASE.replace(" to ", "\nto "), a0, a1, "normalized"),
        Case("nbsp-in-quote", D2, S_APPEASE.replace(" ", "\xa0"), a0, a1, "normalized"),
        Case("surrounding-whitespace", D2, f"  {S_APPEASE}\n", a0, a1, "normalized"),
        Case(
            "zero-width-space",
            D2,
            S_APPEASE.replace("little", "lit\u200btle"),
            a0,
            a1,
            "normalized",
        ),
        Case(
            "soft-hyphen", D2, S_APPEASE.replace("appease", "ap\u00adpease"), a0, a1, "normalized"
        ),
        Case("byte-order-mark", D2, "\ufeff" + S_APPEASE, a0, a1, "normalized"),
        Case("fullwidth-letters", D2, S_APPEASE.replace("Putin", fullwidth), a0, a1, "normalized"),
        Case("wrong-offsets", D2, S_APPEASE, a0 + 100, a1 + 100, "relocated", a0, a1),
        Case(
            "wrong-offsets-and-typography",
            D2,
            S_ECONOMY.replace("’", "'"),
            0,
            50,
            "relocated",
            e0,
            e1,
        ),
        Case(
            "wrong-offsets-nbsp-source", D0, S_NBSP.replace("\xa0", " "), 0, 40, "relocated", n0, n1
        ),
        Case(
            "repeated-quote-nearest",
            D2,
            S_PLANE,
            p2 + 7,
            p2 + 7 + len(S_PLANE),
            "relocated",
            p2,
            p2 + len(S_PLANE),
        ),
        Case("span-past-end-quote-real", D2, S_APPEASE, end2 - 5, end2 + 40, "relocated", a0, a1),
        Case("one-word-changed", D2, S_APPEASE.replace("appease", "please"), a0, a1, "not_found"),
        Case("one-word-dropped", D2, S_APPEASE.replace("little ", ""), a0, a1, "not_found"),
        Case(
            "negation-inserted",
            D2,
            S_APPEASE.replace("has little", "has no little"),
            a0,
            a1,
            "not_found",
        ),
        Case("appended-phrase", D2, S_APPEASE[:-1] + " and Europe.", a0, a1, "not_found"),
        Case("case-changed", D2, S_APPEASE.lower(), a0, a1, "not_found"),
        Case(
            "fabricated",
            D2,
            "Putin has agreed to withdraw all troops from Ukraine by March.",
            a0,
            a1,
            "not_found",
        ),
        Case("quote-from-another-doc", D2, S_TABLOID, t0, t1, "not_found"),
        Case("cyrillic-er", D2, S_APPEASE.replace("Putin", "\u0420utin"), a0, a1, "not_found"),
        Case("cyrillic-a", D2, S_APPEASE.replace("appease", "\u0430ppease"), a0, a1, "not_found"),
        Case("greek-omicron", D2, S_APPEASE.replace("choice", "ch\u03bfice"), a0, a1, "not_found"),
        Case("nonexistent-doc", "999_nope.txt", S_APPEASE, a0, a1, "missing_doc"),
        Case("traversal", "../secret.txt", SECRET, 0, len(SECRET), "missing_doc"),
        Case("traversal-inside", "sub/../../secret.txt", SECRET, 0, len(SECRET), "missing_doc"),
        Case("traversal-backslash", "..\\secret.txt", SECRET, 0, len(SECRET), "missing_doc"),
        Case("absolute", "{SECRET_ABS}", SECRET, 0, len(SECRET), "missing_doc"),
        Case("symlink-out", "link.txt", SECRET, 0, len(SECRET), "missing_doc"),
        Case("symlinked-dir-out", "outdir/secret.txt", SECRET, 0, len(SECRET), "missing_doc"),
        Case("empty-doc-path", "", S_APPEASE, a0, a1, "missing_doc"),
        Case("empty-quote", D2, "", a0, a0, "invalid"),
        Case("whitespace-quote", D2, " \n\xa0", a0, a0 + 3, "invalid"),
        Case("zero-width-quote", D2, "\u200b\u200b", a0, a0 + 2, "invalid"),
        Case("negative-start", D2, S_APPEASE, -5, a1, "invalid"),
        Case("start-after-end", D2, S_APPEASE, a1, a0, "invalid"),
        Case("start-equals-end", D2, S_APPEASE, a0, a0, "invalid"),
        Case("span-past-end-quote-fake", D2, "Putin surrendered.", end2 - 5, end2 + 40, "invalid"),
    ]


CASES = _cases()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, plus a secret outside the corpus that symlinks inside point to."""
    base = tmp_path_factory.mktemp("verify")
    root = base / "corpus"
    shutil.copytree(SEEDS, root)
    (base / "secret.txt").write_text(SECRET, encoding="utf-8")
    (base / "outdir").mkdir()
    (base / "outdir" / "secret.txt").write_text(SECRET, encoding="utf-8")
    (root / "sub").mkdir()
    (root / "link.txt").symlink_to(base / "secret.txt")
    (root / "outdir").symlink_to(base / "outdir", target_is_directory=True)
    (root / "inner-link.txt").symlink_to(root / D2)
    return root


def briefing_of(*claims: Claim, documents: list[CorpusDoc] | None = None) -> Briefing:
    return Briefing(
        topic="What does the Kremlin want from Trump?",
        generated_at="2026-11-21T07:00:00Z",
        model="test",
        corpus=CorpusInfo(root="seeds", documents=documents or []),
        sections=[Section(heading="Key judgments", claims=list(claims))],
    )


def claim_citing(case: Case, corpus: Path) -> Claim:
    doc = case.doc.replace("{SECRET_ABS}", str(corpus.parent / "secret.txt"))
    cit = Citation(doc=doc, start=case.start, end=case.end, quote=case.quote)
    # The claim restates the quote so that support never decides these cases.
    return Claim(id="C1", text=S_APPEASE if not case.quote.strip() else case.quote, citations=[cit])


class OpenSpy:
    """Records every path opened through pathlib, io, builtins or os."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[Path] = []
        for owner, name in (
            (pathlib.Path, "read_bytes"),
            (pathlib.Path, "read_text"),
            (pathlib.Path, "open"),
            (io, "open"),
            (builtins, "open"),
            (os, "open"),
        ):
            monkeypatch.setattr(owner, name, self._wrap(getattr(owner, name)))

    def _wrap(self, fn: Any) -> Any:
        def spy(target: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(target, str | os.PathLike):
                self.paths.append(Path(os.fspath(target)))
            return fn(target, *args, **kwargs)

        return spy

    def opened(self, path: Path) -> bool:
        real = os.path.realpath(path)
        return any(os.path.realpath(p) == real for p in self.paths)


# --- the table ----------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_citation_table(case: Case, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = OpenSpy(monkeypatch)
    report = verify_briefing(briefing_of(claim_citing(case, corpus)), corpus)
    rep = report.claims[0].citations[0]
    assert rep.status == case.status, rep.message
    assert (rep.cited_start, rep.cited_end) == (case.start, case.end)
    assert not spy.opened(corpus.parent / "secret.txt")
    assert not spy.opened(corpus.parent / "outdir" / "secret.txt")
    if case.status in ("exact", "normalized", "relocated"):
        text = TEXT[case.doc]
        # The report's span is always real source text, and it is the quote up to typography.
        assert rep.source_text == text[rep.start : rep.end]
        assert normalize(rep.source_text) == normalize(case.quote)
        assert report.claims[0].ok
        assert rep.support > 0
    else:
        assert not report.claims[0].ok
        assert report.claims[0].status == "unverified"
        assert rep.message
        assert not report.ok
    if case.status == "exact":
        assert rep.message == ""
        assert (rep.start, rep.end) == (case.start, case.end)
    if case.status == "normalized":
        assert (rep.start, rep.end) == (case.start, case.end)
        assert "typography" in rep.message
    if case.status == "relocated":
        assert (rep.start, rep.end) == (case.real_start, case.real_end)
        assert f"{case.real_start}-{case.real_end}" in rep.message
        assert rep.match == ("exact" if case.quote in TEXT[case.doc] else "normalized")
    if case.status == "not_found":
        assert rep.support == 0.0
        assert (rep.start, rep.end) == (case.start, case.end)


def test_secret_would_verify_if_it_were_opened(corpus: Path) -> None:
    # The traversal cases are meaningful: the outside file does hold the quote.
    outside = corpus.parent
    cit = Citation(doc="secret.txt", start=0, end=len(SECRET), quote=SECRET)
    claim = Claim(id="S", text=SECRET, citations=[cit])
    assert verify_briefing(briefing_of(claim), outside).claims[0].citations[0].status == "exact"


def test_symlink_inside_corpus_to_corpus_file_is_followed(corpus: Path) -> None:
    a0, a1 = exact(D2, S_APPEASE)
    cit = Citation(doc="inner-link.txt", start=a0, end=a1, quote=S_APPEASE)
    report = verify_briefing(briefing_of(Claim(id="L", text=S_APPEASE, citations=[cit])), corpus)
    assert report.claims[0].citations[0].status == "exact"


def test_unsafe_paths_are_refused_before_touching_the_filesystem(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_resolve = pathlib.Path.resolve

    def resolve(self: Path, *args: Any, **kwargs: Any) -> Path:
        calls.append(str(self))
        return real_resolve(self, *args, **kwargs)

    sources = SourceCache(corpus)
    monkeypatch.setattr(pathlib.Path, "resolve", resolve)
    for doc in ("../secret.txt", str(corpus.parent / "secret.txt"), "a/../../secret.txt"):
        rep = verify_citation(Citation(doc=doc, start=0, end=5, quote="The l"), sources)
        assert rep.status == "missing_doc"
    assert calls == []


def test_missing_doc_messages_say_why(corpus: Path) -> None:
    sources = SourceCache(corpus)

    def msg(doc: str) -> str:
        return verify_citation(Citation(doc=doc, start=0, end=3, quote="abc"), sources).message

    assert "absolute" in msg("/etc/passwd")
    assert "'..'" in msg("../secret.txt")
    assert "outside the corpus" in msg("link.txt")
    assert "not in the corpus" in msg("999.txt")
    assert "not in the corpus" in msg("sub")  # a directory is not a document


def test_non_utf8_document_is_missing(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    rep = verify_citation(
        Citation(doc="latin1.txt", start=0, end=3, quote="caf"), SourceCache(tmp_path)
    )
    assert rep.status == "missing_doc"
    assert "UTF-8" in rep.message


def test_offsets_are_python_str_indices_not_bytes(tmp_path: Path) -> None:
    text = "Ça coûte “cher” — très cher.\nPutin’s plan."
    (tmp_path / "u.txt").write_bytes(text.encode("utf-8"))
    i = text.index("Putin’s")
    cit = Citation(doc="u.txt", start=i, end=i + 7, quote="Putin’s")
    assert verify_citation(cit, SourceCache(tmp_path)).status == "exact"


def test_crlf_source_keeps_offsets_and_normalizes_line_breaks(tmp_path: Path) -> None:
    text = "First line of text.\r\nSecond line of text."
    (tmp_path / "crlf.txt").write_bytes(text.encode("utf-8"))
    src = SourceCache(tmp_path)
    assert (
        verify_citation(Citation(doc="crlf.txt", start=0, end=len(text), quote=text), src).status
        == "exact"
    )
    rep = verify_citation(Citation(doc="crlf.txt", start=5, end=9, quote="text. Second line"), src)
    assert rep.status == "relocated"
    assert text[rep.start : rep.end] == "text.\r\nSecond line"


def test_relocated_normalized_span_covers_whole_raw_characters(tmp_path: Path) -> None:
    # Decomposed é, an ellipsis and a ligature: each normalizes to more or fewer chars.
    text = "Intro. He ordered a cafe\u0301\u00a0au lait\u2026 then left the \ufb01eld.\n"
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    src = SourceCache(tmp_path)
    for quote, raw in (
        ("ordered a café", "ordered a cafe\u0301"),
        ("café au lait...", "cafe\u0301\u00a0au lait\u2026"),
        ("the field", "the \ufb01eld"),
    ):
        rep = verify_citation(Citation(doc="d.txt", start=0, end=5, quote=quote), src)
        assert rep.status == "relocated"
        assert rep.match == "normalized"
        assert text[rep.start : rep.end] == raw == rep.source_text


def test_error_messages_name_the_difference(corpus: Path) -> None:
    sources = SourceCache(corpus)
    a0, a1 = exact(D2, S_APPEASE)

    def msg(quote: str) -> str:
        return verify_citation(Citation(doc=D2, start=a0, end=a1, quote=quote), sources).message

    assert "'please' vs 'appease'" in msg(S_APPEASE.replace("appease", "please"))
    assert "and Europe" in msg(S_APPEASE[:-1] + " and Europe.")
    cyr = msg(S_APPEASE.replace("Putin", "\u0420utin"))
    assert "CYRILLIC" in cyr
    assert "LATIN" in cyr
    typo = msg(S_APPEASE.replace(" ", "\xa0"))
    assert "U+00A0" in typo


def test_not_found_shows_the_nearest_sentence(corpus: Path) -> None:
    a0, a1 = exact(D2, S_APPEASE)
    cit = Citation(doc=D2, start=a0 + 3, end=a1 + 3, quote=S_APPEASE.replace("appease", "please"))
    rep = verify_citation(cit, SourceCache(corpus))
    assert rep.status == "not_found"
    assert rep.source_text == S_APPEASE


# --- claims -----------------------------------------------------------------

SANCTIONS_CLAIM = (
    "Trump has threatened Russia with tougher sanctions if the Kremlin refuses a deal."
)


def cite(doc: str, needle: str, occurrence: int = 0, quote: str | None = None) -> Citation:
    s, e = exact(doc, needle, occurrence)
    return Citation(doc=doc, start=s, end=e, quote=needle if quote is None else quote)


def test_uncited_claim(corpus: Path) -> None:
    report = verify_briefing(briefing_of(Claim(id="U", text=SANCTIONS_CLAIM)), corpus)
    cr = report.claims[0]
    assert (cr.status, cr.ok, report.ok) == ("uncited", False, False)


def test_verbatim_but_unrelated_quote_is_unsupported(corpus: Path) -> None:
    claim = Claim(id="P", text=SANCTIONS_CLAIM, citations=[cite(D2, S_PLANE)])
    report = verify_briefing(briefing_of(claim), corpus)
    cr = report.claims[0]
    assert cr.citations[0].status == "exact"  # the quote is real ...
    assert cr.citations[0].support < 0.2  # ... but says nothing about sanctions
    assert (cr.status, cr.ok, report.ok) == ("unsupported", False, False)


def test_sidebar_sharing_only_a_name_is_unsupported(corpus: Path) -> None:
    sidebar = "Trump recognizes Tiger Woods, Harriet Tubman for Black History Month"
    claim = Claim(
        id="T", text="Trump threatened Russia with sanctions.", citations=[cite(D2, sidebar)]
    )
    cr = verify_briefing(briefing_of(claim), corpus).claims[0]
    assert cr.citations[0].support >= 0.2  # "trump" alone is a quarter of the claim ...
    assert cr.status == "unsupported"  # ... but one shared name is not support
    assert "content words needed" in cr.message


def test_unrelated_citation_padding_a_good_one_is_a_finding_on_that_citation(
    corpus: Path,
) -> None:
    # ALCE's precision: the claim is judged on what its citations carry together; a
    # citation that adds nothing is reported on the citation, not held against the claim.
    good = cite(D2, S_ECONOMY)
    claim = Claim(id="P", text=SANCTIONS_CLAIM, citations=[good, cite(D2, S_PLANE)])
    cr = verify_briefing(briefing_of(claim), corpus).claims[0]
    assert cr.citations[0].support >= 0.2
    assert cr.citations[1].support == 0.0
    assert cr.status == "supported"
    assert cr.citations[1].contributes is False
    assert "adds nothing" in cr.citations[1].message
    assert cr.citations[0].contributes is None
    dumped = cr.model_dump()
    assert "contributes" not in dumped["citations"][0]
    assert dumped["citations"][1]["contributes"] is False


def test_the_only_citation_unrelated_is_still_unsupported(corpus: Path) -> None:
    claim = Claim(id="P", text=SANCTIONS_CLAIM, citations=[cite(D2, S_PLANE)])
    cr = verify_briefing(briefing_of(claim), corpus).claims[0]
    assert cr.status == "unsupported"


def test_well_supported_claim(corpus: Path) -> None:
    text = (
        "Facing economic ruin and inflation, Putin avoids provoking Trump,"
        " who hinted at more sanctions."
    )
    claim = Claim(id="K1", text=text, citations=[cite(D2, S_ECONOMY)])
    report = verify_briefing(briefing_of(claim), corpus)
    cr = report.claims[0]
    assert (cr.status, cr.ok, report.ok) == ("supported", True, True)
    assert cr.citations[0].support >= 0.5
    assert cr.support == cr.citations[0].support


def test_claim_support_uses_the_union_of_citations(corpus: Path) -> None:
    text = "Putin has little choice but to appease Trump, whom he calls smart and pragmatic."
    one = verify_briefing(
        briefing_of(Claim(id="A", text=text, citations=[cite(D2, S_APPEASE)])), corpus
    )
    both = verify_briefing(
        briefing_of(Claim(id="A", text=text, citations=[cite(D2, S_APPEASE), cite(D2, S_SMART)])),
        corpus,
    )
    s_one = one.claims[0].support
    s_both = both.claims[0].support
    assert s_both > s_one
    assert s_both > max(c.support for c in both.claims[0].citations)


def test_support_is_measured_on_the_source_not_the_quote(corpus: Path) -> None:
    # A normalized quote scores the same as the exact one: support reads the file.
    s, e = exact(D2, S_ECONOMY)
    normalized = Citation(doc=D2, start=s, end=e, quote=S_ECONOMY.replace("’", "'"))
    claim = Claim(id="N", text=SANCTIONS_CLAIM, citations=[normalized])
    rep = verify_briefing(briefing_of(claim), corpus).claims[0].citations[0]
    assert rep.status == "normalized"
    assert rep.support == support_score(SANCTIONS_CLAIM, S_ECONOMY)


def test_support_threshold_is_a_parameter(corpus: Path) -> None:
    claim = Claim(id="T", text=SANCTIONS_CLAIM, citations=[cite(D2, S_ECONOMY)])
    assert verify_briefing(briefing_of(claim), corpus).ok
    assert not verify_briefing(briefing_of(claim), corpus, support_threshold=0.99).ok
    with pytest.raises(ConfigError):
        verify_briefing(briefing_of(claim), corpus, support_threshold=1.5)


def test_claim_without_content_words_is_unsupported(corpus: Path) -> None:
    claim = Claim(id="E", text="It is what it is.", citations=[cite(D2, S_APPEASE)])
    assert verify_briefing(briefing_of(claim), corpus).claims[0].status == "unsupported"


def test_relocated_is_fatal_only_with_strict(corpus: Path) -> None:
    a0, a1 = exact(D2, S_APPEASE)
    cit = Citation(doc=D2, start=a0 + 10, end=a1 + 10, quote=S_APPEASE)
    b = briefing_of(Claim(id="R", text=S_APPEASE, citations=[cit]))
    lax = verify_briefing(b, corpus)
    strict = verify_briefing(b, corpus, strict=True)
    assert lax.ok and lax.claims[0].status == "supported"
    assert strict.claims[0].citations[0].status == "relocated"
    assert (strict.claims[0].status, strict.claims[0].ok, strict.ok) == ("unverified", False, False)


# --- the report ---------------------------------------------------------------


def mixed_briefing() -> Briefing:
    a0, a1 = exact(D2, S_APPEASE)
    return briefing_of(
        Claim(id="K1", text=S_APPEASE, citations=[cite(D2, S_APPEASE)]),
        Claim(
            id="K2",
            text=S_ECONOMY,
            citations=[cite(D2, S_ECONOMY, quote=S_ECONOMY.replace("’", "'"))],
        ),
        Claim(
            id="K3",
            text=S_APPEASE,
            citations=[Citation(doc=D2, start=a0 + 9, end=a1 + 9, quote=S_APPEASE)],
        ),
        Claim(
            id="K4",
            text=S_APPEASE,
            citations=[cite(D2, S_APPEASE, quote=S_APPEASE.replace("Putin", "\u0420utin"))],
        ),
        Claim(id="K5", text=SANCTIONS_CLAIM, citations=[cite(D2, S_PLANE)]),
        Claim(id="K6", text=SANCTIONS_CLAIM),
    )


def test_ok_is_true_only_when_every_claim_is_ok(corpus: Path) -> None:
    good = briefing_of(
        Claim(id="K1", text=S_APPEASE, citations=[cite(D2, S_APPEASE)]),
        Claim(id="K2", text=S_PEACE, citations=[cite(D1, S_PEACE)]),
    )
    assert verify_briefing(good, corpus).ok
    bad = briefing_of(
        *good.sections[0].claims,
        Claim(id="K3", text=SANCTIONS_CLAIM, citations=[cite(D2, S_PLANE)]),
    )
    report = verify_briefing(bad, corpus)
    assert not report.ok
    assert [c.ok for c in report.claims] == [True, True, False]


def test_zero_claims_is_not_ok(corpus: Path) -> None:
    report = verify_briefing(briefing_of(), corpus)
    assert not report.ok
    assert report.counts["claims"] == 0
    assert "no claims" in report.message
    assert "0 claims" in format_report(report)[-1]


def test_counts(corpus: Path) -> None:
    report = verify_briefing(mixed_briefing(), corpus)
    c = report.counts
    assert (c["claims"], c["supported"], c["unsupported"], c["uncited"], c["unverified"]) == (
        6,
        3,
        1,
        1,
        1,
    )
    assert (c["citations"], c["exact"], c["normalized"], c["relocated"], c["not_found"]) == (
        5,
        2,
        1,
        1,
        1,
    )
    assert c["missing_doc"] == c["invalid"] == 0
    assert [cr.status for cr in report.claims] == [
        "supported",
        "supported",
        "supported",
        "unverified",
        "unsupported",
        "uncited",
    ]


def test_report_roundtrips_through_json(corpus: Path) -> None:
    report = verify_briefing(mixed_briefing(), corpus)
    data = json.loads(report.model_dump_json())
    assert set(data) >= {"ok", "claims", "changed_sources", "counts"}
    rep = data["claims"][2]["citations"][0]
    assert {
        "status",
        "start",
        "end",
        "support",
        "message",
        "doc",
        "cited_start",
        "cited_end",
    } <= set(rep)
    assert VerificationReport.model_validate(data) == report


def test_changed_sources(corpus: Path, tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(SEEDS, root)
    sha = {d: hashlib.sha256((SEEDS / d).read_bytes()).hexdigest() for d in DOCS}
    docs = [
        CorpusDoc(doc=D2, sha256=sha[D2]),
        CorpusDoc(doc=D3, sha256=sha[D3].upper()),  # hex case does not matter
        CorpusDoc(doc=D1, sha256=sha[D1]),
        CorpusDoc(doc="gone.txt", sha256=sha[D0]),
    ]
    # D1 is edited after the briefing was made: a line inserted at the top.
    (root / D1).write_text("Editor's note: updated.\n" + TEXT[D1], encoding="utf-8")
    claim = Claim(id="K", text=S_PEACE, citations=[cite(D1, S_PEACE)])
    report = verify_briefing(briefing_of(claim, documents=docs), root)
    assert report.changed_sources == sorted([D1, "gone.txt"])
    rep = report.claims[0].citations[0]
    assert rep.status == "relocated"
    assert "source changed" in rep.message
    assert any(
        "changed since the briefing was made" in line and D1 in line
        for line in format_report(report)
    )
    unchanged = verify_briefing(briefing_of(claim, documents=docs[:2]), corpus)
    assert unchanged.changed_sources == []


def test_format_report(corpus: Path) -> None:
    lines = format_report(verify_briefing(mixed_briefing(), corpus))
    assert lines[-1] == (
        "6 claims: 3 supported, 1 unsupported, 1 uncited, 1 unverified;"
        " 5 citations: 2 exact, 1 normalized, 1 relocated, 1 not_found"
    )
    body = "\n".join(lines[:-1])
    assert all("\n" not in line for line in lines)
    assert "K4 unverified: [1] not_found" in body
    assert f'nearest: "{S_APPEASE}"' in body
    assert "K5 unsupported" in body and S_PLANE in body
    assert "K6 uncited" in body
    assert "K3 supported: [1] relocated" in body
    assert "K2 supported: [1] normalized" in body
    assert "K1" not in body  # exact and supported: nothing to say
    long_line = next(line for line in lines if line.startswith("K2"))
    assert "…" in long_line and len(long_line) < 300


# --- fix_briefing ---------------------------------------------------------------


def test_fix_briefing_makes_reverify_exact_and_changes_nothing_else(corpus: Path) -> None:
    b = mixed_briefing()
    e0, e1 = exact(D2, S_ECONOMY)
    # A relocated quote that also needs normalizing, and a citation with an extra field.
    b.sections[0].claims[1].citations.append(
        Citation(doc=D2, start=0, end=10, quote=S_ECONOMY.replace("’", "'"), note="keep me")
    )
    b.sections[0].claims[3].citations.append(
        Citation(doc="../secret.txt", start=0, end=3, quote="The")
    )
    before = b.model_dump()
    report = verify_briefing(b, corpus)
    fixed = fix_briefing(b, report)
    assert b.model_dump() == before  # the input is not modified

    again = verify_briefing(fixed, corpus)
    for old, new in zip(report.claims, again.claims, strict=True):
        for r_old, r_new in zip(old.citations, new.citations, strict=True):
            if r_old.status in ("exact", "normalized", "relocated"):
                assert r_new.status == "exact"
            else:
                assert r_new.status == r_old.status
    c2 = fixed.sections[0].claims[1].citations
    assert (c2[1].start, c2[1].end, c2[1].quote) == (e0, e1, S_ECONOMY)
    # A field another producer added rides through the fix untouched.
    unknown = {k: v for k, v in c2[1].model_dump().items() if k not in Citation.model_fields}
    assert unknown == {"note": "keep me"}

    # Everything but the rewritten start/end/quote is identical.
    after = fixed.model_dump()
    changed = []
    for si, section in enumerate(before["sections"]):
        for ci, claim in enumerate(section["claims"]):
            for ki, cit in enumerate(claim["citations"]):
                new = after["sections"][si]["claims"][ci]["citations"][ki]
                changed += [(claim["id"], ki, k) for k in cit if cit[k] != new[k]]
                assert set(cit) == set(new)
            claim.pop("citations")
            after["sections"][si]["claims"][ci].pop("citations")
    assert after == before
    assert sorted(changed) == [
        ("K2", 0, "quote"),
        ("K2", 1, "end"),
        ("K2", 1, "quote"),
        ("K2", 1, "start"),
        ("K3", 0, "end"),
        ("K3", 0, "start"),
    ]


def test_fix_briefing_rejects_a_report_of_another_briefing(corpus: Path) -> None:
    report = verify_briefing(mixed_briefing(), corpus)
    other = briefing_of(Claim(id="X", text="x"))
    with pytest.raises(ValueError):
        fix_briefing(other, report)


# --- load_briefing --------------------------------------------------------------


def write(tmp_path: Path, content: str | bytes, name: str = "briefing.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(CorpusError) as info:
        load_briefing(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert path.name in msg
    return msg


def test_load_briefing_roundtrip(tmp_path: Path) -> None:
    b = mixed_briefing()
    path = write(tmp_path, b.model_dump_json(indent=2))
    assert load_briefing(path) == b


def test_load_briefing_missing_file(tmp_path: Path) -> None:
    msg = load_error(tmp_path / "nope.json")
    assert "not found" in msg


def test_load_briefing_directory(tmp_path: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    assert "directory" in load_error(tmp_path / "dir.json")


def test_load_briefing_malformed_json_gives_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "topic": "x",\n  "model": oops\n}')
    msg = load_error(path)
    assert f"{path}:3:12" in msg
    assert "malformed JSON" in msg


def test_load_briefing_not_utf8(tmp_path: Path) -> None:
    assert "UTF-8" in load_error(write(tmp_path, b'{"topic": "caf\xe9"}'))


def test_load_briefing_wrong_schema_lists_paths(tmp_path: Path) -> None:
    data = json.loads(mixed_briefing().model_dump_json())
    del data["sections"][0]["claims"][1]["citations"][0]["start"]
    data["sections"][0]["claims"][2]["citations"][0]["end"] = "12"  # a string is not an offset
    del data["model"]
    msg = load_error(write(tmp_path, json.dumps(data)))
    assert "sections.0.claims.1.citations.0.start: Field required" in msg
    assert "sections.0.claims.2.citations.0.end: Input should be a valid integer" in msg
    assert "model: Field required" in msg
    assert msg.count(";") >= 3


def test_load_briefing_json_that_is_not_an_object(tmp_path: Path) -> None:
    assert "not a briefing" in load_error(write(tmp_path, "[1, 2, 3]"))


def test_verify_briefing_requires_a_corpus_directory(tmp_path: Path) -> None:
    with pytest.raises(CorpusError) as info:
        verify_briefing(mixed_briefing(), tmp_path / "missing")
    assert "--corpus DIR" in str(info.value)
    assert "missing" in str(info.value)
    (tmp_path / "file").write_text("x")
    with pytest.raises(CorpusError):
        verify_briefing(mixed_briefing(), tmp_path / "file")


# --- text normalization and stemming -------------------------------------------------


def test_whitespace_table_is_exactly_unicode_whitespace() -> None:
    assert set(WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def test_normalize_folds_typography_but_not_letters() -> None:
    assert normalize("\u201cit\u2019s\u201d \u2014 ok\u2026") == '"it\'s" - ok...'
    assert normalize(" a\u00a0\u2003 b\u200b\u00adc \n") == "a bc"
    assert normalize("\uff30utin") == "Putin"
    assert normalize("\u2033x\u2033") == '"x"'  # not the two primes NFKC would make
    for lookalike in ("\u0420utin", "\u0420", "ch\u03bfice", "\u0430ppease", "\u0399"):
        assert normalize(lookalike) == lookalike
    assert normalize("Putin") != normalize("putin")


def test_normalize_with_map_points_at_raw_characters() -> None:
    raw = "  Ｐｕｔｉｎ\u00a0\u00a0said\u200b “no” — e\u0301\ufb01ne… "
    norm, starts = normalize_with_map(raw)
    assert norm == normalize(raw) == 'Putin said "no" - éfine...'
    assert len(starts) == len(norm)
    assert (norm[0], starts[0]) == ("P", 2)
    assert raw[starts[norm.index("s")]] == "s"
    assert raw[starts[norm.index("-")]] == "—"
    _, s2, e2 = normalize_with_spans(raw)
    i = norm.index("é")
    assert raw[s2[i] : e2[i]] == "e\u0301"  # a composed char covers both raw chars


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_normalize_is_idempotent_and_consistent_with_the_map(s: str) -> None:
    norm, starts, ends = normalize_with_spans(s)
    assert norm == normalize(s)
    assert normalize(norm) == norm
    assert len(starts) == len(ends) == len(norm)
    assert all(0 <= a < b <= len(s) for a, b in zip(starts, ends, strict=True))
    assert starts == sorted(starts)


def test_porter_stemmer_reference_words() -> None:
    expected = {
        "caresses": "caress",
        "ponies": "poni",
        "agreed": "agre",
        "hopping": "hop",
        "filing": "file",
        "happy": "happi",
        "relational": "relat",
        "generalizations": "gener",
        "negotiations": "negoti",
        "sanctions": "sanction",
        "electrical": "electr",
        "adjustment": "adjust",
        "controll": "control",
    }
    assert {w: stem(w) for w in expected} == expected
    assert stem("путин") == "путин"  # other scripts are left alone
    assert stem("2022") == "2022"


def test_content_stems() -> None:
    stems = content_stems("The Kremlin's negotiations and sanctions in 2022, it's said.")
    assert stems == {"kremlin", "negoti", "sanction", "2022", "said"}
    assert not stems & CONTENT_STOPWORDS
    assert content_stems("Ｓanctions") == {"sanction"}


def test_support_partial_credit_for_prefix_stems() -> None:
    assert support_score("Russian sanctions", "sanctions against Russia") == 0.75
    assert support_score("Small plane crashes", SANCTIONS_CLAIM) == 0.0


# --- properties -------------------------------------------------------------------


@st.composite
def seed_spans(draw: st.DrawFn) -> tuple[str, int, int]:
    doc = draw(st.sampled_from(DOCS))
    n = len(TEXT[doc])
    start = draw(st.integers(0, n - 2))
    end = draw(st.integers(start + 1, min(n, start + 300)))
    return doc, start, end


@pytest.fixture(scope="module")
def seed_sources() -> SourceCache:
    return SourceCache(SEEDS)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(span=seed_spans())
def test_property_real_spans_are_exact(
    span: tuple[str, int, int], seed_sources: SourceCache
) -> None:
    doc, start, end = span
    quote = TEXT[doc][start:end]
    assume(normalize(quote))
    rep = verify_citation(Citation(doc=doc, start=start, end=end, quote=quote), seed_sources)
    assert rep.status == "exact"
    assert (rep.start, rep.end) == (start, end)


LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(span=seed_spans(), pos=st.integers(0, 299), letter=st.sampled_from(LETTERS))
def test_property_one_changed_letter_never_passes_as_exact_or_normalized(
    span: tuple[str, int, int], pos: int, letter: str, seed_sources: SourceCache
) -> None:
    doc, start, end = span
    quote = TEXT[doc][start:end]
    i = pos % len(quote)
    # A different ASCII letter is never normalization-equivalent to the original
    # character (no case folding, no script folding; NFKC maps no letter to another).
    assume(quote[i] != letter)
    assume(unicodedata.normalize("NFKC", quote[i]) != letter)
    forged = quote[:i] + letter + quote[i + 1 :]
    rep = verify_citation(Citation(doc=doc, start=start, end=end, quote=forged), seed_sources)
    assert rep.status not in ("exact", "normalized")
    if rep.status == "relocated":
        # Only possible when the forged text genuinely occurs elsewhere in the document.
        assert normalize(TEXT[doc][rep.start : rep.end]) == normalize(forged)
        assert (rep.start, rep.end) != (start, end)


# --- speed ------------------------------------------------------------------------


def test_thousand_citations_verify_quickly(corpus: Path) -> None:
    claims = []
    for k in range(250):
        a0, a1 = exact(D2, S_APPEASE)
        claims.append(
            Claim(
                id=f"K{k}",
                text=S_APPEASE,
                citations=[
                    cite(D2, S_APPEASE),
                    cite(D2, S_ECONOMY, quote=S_ECONOMY.replace("’", "'")),
                    Citation(doc=D2, start=a0 + k, end=a1 + k, quote=S_APPEASE),
                    cite(D2, S_APPEASE, quote=S_APPEASE.replace("appease", f"please{k}")),
                ],
            )
        )
    b = briefing_of(*claims)
    t0 = time.perf_counter()
    report = verify_briefing(b, corpus)
    elapsed = time.perf_counter() - t0
    assert report.counts["citations"] == 1000
    assert elapsed < 2.0, f"1,000 citations took {elapsed:.2f}s"


SUMMIT = "Above all, Putin craves a direct summit with the U.S., excluding Ukraine,"


@pytest.mark.parametrize(
    "text",
    [
        # The verification contract's own example (DESIGN.md, README "briefing.json").
        "Putin wants a direct summit with Washington that leaves Kyiv out.",
        "Putin wants a direct summit with the United States that excludes Ukraine.",
    ],
)
def test_the_contracts_example_is_supported_exact_normalized_and_relocated(
    corpus: Path, text: str
) -> None:
    # Issue 28's regression: these were unsupported ("intent restated as intent", "United").
    exact_cit = cite(D2, SUMMIT)
    normalized = cite(D2, SUMMIT, quote=SUMMIT.replace("Putin craves", "Putin\u00a0craves"))
    relocated = exact_cit.model_copy(update={"start": 0, "end": len(SUMMIT)})
    for c, status in ((exact_cit, "exact"), (normalized, "normalized"), (relocated, "relocated")):
        report = verify_briefing(briefing_of(Claim(id="K1", text=text, citations=[c])), corpus)
        cr = report.claims[0]
        assert cr.citations[0].status == status, (status, cr.citations[0])
        assert cr.ok and cr.status == "supported", (status, cr.message)


# --- a briefing that repeats its claims ---------------------------------------------


def test_a_repeated_claim_is_verified_once_and_reported_under_each_id(corpus: Path) -> None:
    # A 50 MB briefing.json of repeated claims took minutes: each distinct claim (text and
    # citations) is now checked once, and every repeat gets that verdict under its own id.
    asked: list[str] = []

    def judge(claim: str, cited: list[str]) -> JudgeReport:
        asked.append(claim)
        return JudgeReport(verdict="yes", reason="")

    same = [
        Claim(id=f"R{i}", text=SANCTIONS_CLAIM, citations=[cite(D2, S_ECONOMY)]) for i in range(3)
    ]
    other_span = Claim(id="O", text=SANCTIONS_CLAIM, citations=[cite(D2, S_PLANE)])
    report = verify_briefing(briefing_of(*same, other_span), corpus, judge=judge)
    assert [cr.id for cr in report.claims] == ["R0", "R1", "R2", "O"]
    assert len(asked) == 1  # three repeats asked once; the other span never reached the judge
    assert {cr.status for cr in report.claims[:3]} == {"supported"}
    assert report.claims[3].status == "unsupported"  # same text, other citation: own verdict
    assert report.counts["claims"] == 4 and report.counts["supported"] == 3


def test_a_repeated_claim_citing_a_changed_source_is_noted_once(
    corpus: Path, tmp_path: Path
) -> None:
    # The repeats share one report's citations: the changed-source note must not pile up.
    root = tmp_path / "c"
    shutil.copytree(corpus, root, symlinks=True)
    doc = CorpusDoc(doc=D2, sha256="0" * 64, title="t")
    s, e = exact(D2, S_ECONOMY)
    moved = Citation(doc=D2, start=s + 1, end=e + 1, quote=S_ECONOMY)
    claims = [Claim(id=f"R{i}", text=S_ECONOMY, citations=[moved]) for i in range(3)]
    report = verify_briefing(briefing_of(*claims, documents=[doc]), root)
    messages = [cr.citations[0].message for cr in report.claims]
    assert all(m.count("source changed since the briefing was made") == 1 for m in messages)


def test_a_long_verification_reports_progress_and_a_short_one_does_not(corpus: Path) -> None:
    heard: list[tuple[int | None, int | None]] = []

    def progress(message: str, done: int | None = None, total: int | None = None) -> None:
        heard.append((done, total))

    claim = Claim(id="C", text=SANCTIONS_CLAIM, citations=[cite(D2, S_ECONOMY)])
    verify_briefing(briefing_of(claim), corpus, progress=progress)
    assert heard == []  # ten claims check in milliseconds: nothing to report
    many = [claim.model_copy(update={"id": f"C{i}"}) for i in range(2500)]
    verify_briefing(briefing_of(*many), corpus, progress=progress)
    assert heard == [(1000, 2500), (2000, 2500), (2500, 2500)]
