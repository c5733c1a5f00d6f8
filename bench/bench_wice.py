"""Benchmark the verifier on WiCE: real Wikipedia claims against the web pages they cite.

    python bench/bench_wice.py --wice /path/to/wice --split dev [--limit N] [--json [FILE]]
        [--show-misses N]

Data (not in this repository; the script only reads it from `--wice`): WiCE, Kamoi, Goyal,
Rodriguez and Durrett, "WiCE: Real-World Entailment for Claims in Wikipedia" (EMNLP 2023),
https://github.com/ryokamoi/wice, files `data/entailment_retrieval/claim/{dev,test}.jsonl`.
Licence: the annotations (labels, supporting sentences) are ODC-BY 1.0; the claims are
Wikipedia sentences under CC BY-SA; the evidence sentences are web pages archived by Common
Crawl (Common Crawl terms of use). Get it with `git clone https://github.com/ryokamoi/wice`
and pass the clone, a bare git directory of it (read with `git show HEAD:...`), a folder
holding `dev.jsonl`/`test.jsonl`, or one `.jsonl` file. Tune on dev; test is for held-out
scoring.

Each record has `claim`, `evidence` (the cited page as a list of sentences), `label`
(supported / partially_supported / not_supported) and `supporting_sentences` (groups of
evidence indices, each group one valid set of supporting sentences). For each record the
evidence sentences are written, joined by single spaces, as one corpus file in a temporary
folder (WiCE keeps no paragraph breaks; on one line the meaning checks read up to 600
characters before a cited sentence as its paragraph, as they would in a page capture; one
sentence a line would leave them no context, and sends a line such as
"2000200120022003200420052006200720082009Full Archive" through ingest's dateline regex,
which backtracks exponentially on long digit runs), and a one-claim `Briefing` is built
whose claim is the WiCE claim, citing as exact spans:

* supported and partially_supported: the sentences of the first supporting group;
* not_supported (its first group is empty; later groups, when some annotator found a
  partial support, are ignored): the two evidence sentences sharing the most
  distinct words with the claim (lowercased word tokens minus stop-words; ties go to the
  earlier sentence), in page order. This mimics a model citing the closest sentences of a
  page that does not carry the claim.

Records with no evidence sentences, claims over 60 words, and records whose group is empty
or points past the evidence are skipped and counted. `verify_briefing` runs with its
defaults (lexical support, then the meaning checks; no judge). A supported item is kept when
its claim is ok; a partially_supported or not_supported item is caught when it is not. The
script prints the kept rate, the caught rate, balanced accuracy (their mean), a table per
label, and per rejecting check (`ClaimReport.check`, or the lexical/citation reason when the
meaning checks were not reached) how many supported items it rejected (false alarms) and
how many other items it caught. `--show-misses N` prints N false alarms and N misses with
the claim, the cited text and the message.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing.core.models import (
    Briefing,
    Citation,
    Claim,
    ClaimReport,
    CorpusDoc,
    CorpusInfo,
    Section,
)
from briefing.text.textnorm import CONTENT_STOPWORDS, word_tokens

try:  # the verifier's package since the split of verify.py; the module before it
    from briefing.verification import verify_briefing
except ImportError:
    from briefing.verify import verify_briefing  # type: ignore[no-redef]

SPLIT_PATH = "data/entailment_retrieval/claim/{split}.jsonl"
LABELS = ("supported", "partially_supported", "not_supported")
MAX_CLAIM_WORDS = 60
NOT_SUPPORTED_CITES = 2
SEP = " "


@dataclass
class Item:
    """One WiCE record turned into a corpus file and a cited claim."""

    id: str
    label: str
    claim: str
    text: str
    spans: list[tuple[int, int]]
    cited: list[int]


@dataclass
class Outcome:
    """The verifier's verdict on one item."""

    item: Item
    ok: bool
    status: str
    check: str
    message: str
    support: float
    citation_statuses: list[str] = field(default_factory=list)


# --- data -----------------------------------------------------------------------------------


def is_git_dir(path: Path) -> bool:
    """Whether `path` is a git directory (bare, as `fetch` gives) rather than a work tree."""
    return path.is_dir() and (path / "HEAD").is_file() and (path / "objects").is_dir()


def read_split(wice: Path, split: str) -> tuple[str, str]:
    """The split's JSONL text and a description of where it came from."""
    rel = SPLIT_PATH.format(split=split)
    if is_git_dir(wice):
        out = subprocess.run(
            ["git", f"--git-dir={wice}", "show", f"HEAD:{rel}"],
            capture_output=True,
            check=False,
        )
        if out.returncode != 0:
            sys.exit(f"{wice}: git show HEAD:{rel} failed: {out.stderr.decode().strip()}")
        rev = subprocess.run(
            ["git", f"--git-dir={wice}", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        return out.stdout.decode("utf-8"), f"{wice} (git {rev}):{rel}"
    if wice.is_file():
        return wice.read_text(encoding="utf-8"), str(wice)
    for cand in (wice / rel, wice / f"{split}.jsonl"):
        if cand.is_file():
            return cand.read_text(encoding="utf-8"), str(cand)
    sys.exit(f"{wice}: no {rel} or {split}.jsonl there (pass the WiCE clone or its git dir)")


def words(text: str) -> set[str]:
    """Distinct lowercased word tokens of `text` minus stop-words."""
    return {w for w in word_tokens(text) if w not in CONTENT_STOPWORDS}


def closest(claim: str, sentences: list[str], n: int) -> list[int]:
    """Indices of the `n` sentences sharing most words with `claim` (ties: earlier), in order."""
    cw = words(claim)
    pool = [i for i, s in enumerate(sentences) if s.strip()]
    ranked = sorted(pool, key=lambda i: (-len(cw & words(sentences[i])), i))
    return sorted(ranked[:n])


def build_item(rec: dict[str, Any], sep: str) -> Item | str:
    """The item for one record, or the reason it is skipped."""
    evidence: list[str] = rec.get("evidence") or []
    claim: str = rec["claim"]
    label: str = rec["label"]
    if label not in LABELS:
        return f"unknown label {label!r}"
    if not evidence:
        return "no evidence sentences"
    if len(claim.split()) > MAX_CLAIM_WORDS:
        return f"claim over {MAX_CLAIM_WORDS} words"
    spans: list[tuple[int, int]] = []
    pos = 0
    for s in evidence:
        spans.append((pos, pos + len(s)))
        pos += len(s) + len(sep)
    if label == "not_supported":
        cited = closest(claim, evidence, NOT_SUPPORTED_CITES)
    else:
        groups = rec.get("supporting_sentences") or [[]]
        cited = sorted(set(groups[0]))
        if not cited:
            return "empty first supporting group"
        if any(not 0 <= i < len(evidence) for i in cited):
            return "supporting index past the evidence"
    cited = [i for i in cited if evidence[i].strip()]
    if not cited:
        return "only blank sentences to cite"
    rid = re.sub(r"[^A-Za-z0-9_-]", "_", str(rec.get("meta", {}).get("id", ""))) or "item"
    return Item(rid, label, claim, sep.join(evidence), spans, cited)


def load_items(
    text: str, limit: int | None, sep: str
) -> tuple[list[Item], Counter[str], Counter[str]]:
    """Items of the split (its first `limit` records), skip reasons, and labels read."""
    items: list[Item] = []
    skipped: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    for n, line in enumerate(lines[:limit] if limit is not None else lines):
        rec = json.loads(line)
        labels[rec.get("label", "?")] += 1
        item = build_item(rec, sep)
        if isinstance(item, str):
            skipped[item] += 1
            continue
        seen[item.id] += 1
        if seen[item.id] > 1 or item.id == "item":
            item.id = f"{item.id}_{n}"
        items.append(item)
    return items, skipped, labels


# --- verification ---------------------------------------------------------------------------


def briefing_for(item: Item, corpus: Path) -> Briefing:
    """Write the item's corpus file and return the one-claim briefing citing it."""
    doc = f"{item.id}.txt"
    data = item.text.encode("utf-8")
    (corpus / doc).write_bytes(data)
    cits = [
        Citation(doc=doc, start=s, end=e, quote=item.text[s:e])
        for s, e in (item.spans[i] for i in item.cited)
    ]
    return Briefing(
        topic=item.claim,
        generated_at="2026-01-01T00:00:00Z",
        model="wice-bench",
        corpus=CorpusInfo(
            root=str(corpus),
            documents=[CorpusDoc(doc=doc, sha256=hashlib.sha256(data).hexdigest())],
        ),
        sections=[
            Section(
                heading="Key judgments", claims=[Claim(id="K1", text=item.claim, citations=cits)]
            )
        ],
    )


def reason(cr: ClaimReport) -> str:
    """The check that rejected the claim, or a name for the lexical/citation reason."""
    if cr.check:
        return cr.check
    m = cr.message
    if cr.status == "unverified":
        return "(citation failed)"
    if m.startswith("cited text holds"):
        return "(lexical: support < threshold)"
    if m.startswith("cited text shares only"):
        return "(lexical: two-word floor)"
    if m.startswith("citation") and "shares no content words" in m:
        return "(lexical: a citation shares nothing)"
    return f"({cr.status})"


def run(items: list[Item]) -> tuple[list[Outcome], float]:
    """Verify every item in its own corpus file; the outcomes and the seconds spent verifying."""
    outcomes: list[Outcome] = []
    spent = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-wice-") as tmp:
        corpus = Path(tmp)
        for n, item in enumerate(items, 1):
            b = briefing_for(item, corpus)
            t0 = time.perf_counter()
            report = verify_briefing(b, corpus)
            spent += time.perf_counter() - t0
            cr = report.claims[0]
            outcomes.append(
                Outcome(
                    item=item,
                    ok=cr.ok,
                    status=cr.status,
                    check="" if cr.ok else reason(cr),
                    message=cr.message,
                    support=cr.support,
                    citation_statuses=[c.status for c in cr.citations],
                )
            )
            (corpus / f"{item.id}.txt").unlink()
            if n % 100 == 0:
                print(f"{n}/{len(items)}", file=sys.stderr)
    return outcomes, spent


# --- report ---------------------------------------------------------------------------------


def pct(n: int, d: int) -> str:
    """'n/d (p%)'."""
    return f"{n}/{d} ({100 * n / d:.1f}%)" if d else "0/0"


def summarize(outcomes: list[Outcome]) -> dict[str, Any]:
    """Headline rates, per-label counts and per-check counts."""
    sup = [o for o in outcomes if o.item.label == "supported"]
    other = [o for o in outcomes if o.item.label != "supported"]
    kept = sum(o.ok for o in sup)
    caught = sum(not o.ok for o in other)
    kept_rate = kept / len(sup) if sup else 0.0
    caught_rate = caught / len(other) if other else 0.0
    per_label = {
        lab: {
            "items": sum(o.item.label == lab for o in outcomes),
            "ok": sum(o.ok for o in outcomes if o.item.label == lab),
        }
        for lab in LABELS
    }
    per_check: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        if not o.ok:
            per_check[o.check][o.item.label] += 1
    cit = Counter(s for o in outcomes for s in o.citation_statuses)
    return {
        "items": len(outcomes),
        "supported": len(sup),
        "kept": kept,
        "others": len(other),
        "caught": caught,
        "kept_rate": round(kept_rate, 4),
        "caught_rate": round(caught_rate, 4),
        "balanced_accuracy": round((kept_rate + caught_rate) / 2, 4),
        "per_label": per_label,
        "per_check": {k: dict(v) for k, v in per_check.items()},
        "citation_statuses": dict(cit),
        "cited_sentences_mean": round(sum(len(o.item.cited) for o in outcomes) / len(outcomes), 2)
        if outcomes
        else 0.0,
    }


def clip(s: str, n: int = 400) -> str:
    """`s` on one line, cut to about `n` characters."""
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def cited_text(item: Item) -> str:
    """The cited sentences, joined with ' | '."""
    return " | ".join(item.text[s:e] for s, e in (item.spans[i] for i in item.cited))


def print_examples(title: str, outcomes: list[Outcome]) -> None:
    """A numbered list of items with claim, cited text, verdict and message."""
    print(f"\n### {title} ({len(outcomes)} shown)\n")
    for n, o in enumerate(outcomes, 1):
        verdict = "ok" if o.ok else f"{o.status}, check {o.check}"
        print(f"{n}. `{o.item.id}` ({o.item.label}; verifier: {verdict}; support {o.support:.2f})")
        print(f"   - claim: {clip(o.item.claim)}")
        print(f"   - cited [{', '.join(map(str, o.item.cited))}]: {clip(cited_text(o.item))}")
        print(f"   - message: {clip(o.message) or '(none)'}")


def print_report(
    summary: dict[str, Any],
    meta: dict[str, Any],
    outcomes: list[Outcome],
    show: int,
) -> None:
    """The Markdown tables, then the examples."""
    s = summary
    print(f"command: python {meta['command']}")
    print(f"data: {meta['source']}")
    read = ", ".join(f"{v} {k}" for k, v in meta["labels_read"].items())
    skipped = ", ".join(f"{v} {k}" for k, v in meta["skipped"].items()) or "none"
    print(f"records read: {meta['records']} ({read}); skipped: {skipped}")
    print(
        "corpus files: evidence joined by spaces; cited sentences per claim:"
        f" {s['cited_sentences_mean']}; citation statuses: {s['citation_statuses']}"
    )
    print(
        f"verify_briefing (defaults): {meta['verify_seconds']:.1f} s for {s['items']} claims"
        f" ({1000 * meta['verify_seconds'] / max(1, s['items']):.1f} ms a claim)\n"
    )
    print(f"## WiCE {meta['split']}: claim-level verification\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| supported kept (claim ok) | {pct(s['kept'], s['supported'])} |")
    print(f"| partially/not supported caught (not ok) | {pct(s['caught'], s['others'])} |")
    print(f"| balanced accuracy | {100 * s['balanced_accuracy']:.1f}% |")
    print("\n| label | items | ok (kept) | not ok (rejected) |")
    print("|---|---:|---:|---:|")
    for lab, c in s["per_label"].items():
        print(f"| {lab} | {c['items']} | {pct(c['ok'], c['items'])} | {c['items'] - c['ok']} |")
    print(
        "\n| rejected by | supported (false alarms) | partially_supported caught"
        " | not_supported caught | all |"
    )
    print("|---|---:|---:|---:|---:|")
    checks = sorted(s["per_check"].items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    for name, c in checks:
        row = [c.get(lab, 0) for lab in LABELS]
        print(f"| {name} | {row[0]} | {row[1]} | {row[2]} | {sum(row)} |")
    if show:
        alarms = [o for o in outcomes if o.item.label == "supported" and not o.ok]
        misses = [o for o in outcomes if o.item.label != "supported" and o.ok]
        print_examples("False alarms: supported items rejected", alarms[:show])
        print_examples("Misses: partially/not supported items kept", misses[:show])


def main() -> None:
    """Load the split, verify each item, print the tables (or JSON)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wice", type=Path, required=True, help="WiCE clone, its git dir, or a folder")
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--limit", type=int, default=None, help="only the first N records")
    ap.add_argument(
        "--json",
        nargs="?",
        const="-",
        default=None,
        metavar="FILE",
        help="write the raw numbers and per-item verdicts as JSON to FILE (alone: stdout, no tables)",
    )
    ap.add_argument("--show-misses", type=int, default=0, metavar="N")
    args = ap.parse_args()

    text, source = read_split(args.wice.expanduser(), args.split)
    items, skipped, labels = load_items(text, args.limit, SEP)
    print(f"{len(items)} items to verify ({sum(skipped.values())} skipped)", file=sys.stderr)
    outcomes, spent = run(items)
    summary = summarize(outcomes)
    meta = {
        "command": shlex.join(sys.argv),
        "source": source,
        "split": args.split,
        "records": sum(labels.values()),
        "labels_read": dict(labels),
        "skipped": dict(skipped),
        "verify_seconds": round(spent, 3),
    }
    rows = [
        {
            "id": o.item.id,
            "label": o.item.label,
            "cited": o.item.cited,
            "ok": o.ok,
            "status": o.status,
            "check": o.check,
            "message": o.message,
            "support": o.support,
        }
        for o in outcomes
    ]
    raw = json.dumps({"meta": meta, "summary": summary, "items": rows}, indent=1)
    if args.json == "-":
        print(raw)
        return
    print_report(summary, meta, outcomes, args.show_misses)
    if args.json:
        Path(args.json).write_text(raw + "\n", encoding="utf-8")
        print(f"\nraw numbers: {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
