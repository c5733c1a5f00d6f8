"""Write a briefing.json of about N MB whose claims restate seed sentences and cite them.

    python bench/make_big_briefing.py /tmp/big.json             # 50 MB, 183 distinct claims
    python bench/make_big_briefing.py /tmp/big.json --distinct  # every claim's text its own
    /usr/bin/time -v briefing verify /tmp/big.json --corpus seeds --json > /dev/null

The file issue 31 item 12 is about: how long and how much memory `briefing verify` takes on a
briefing far larger than any run writes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_verify import SEEDS, seed_sentences


def main() -> None:
    """Write the file and print its claim count and size."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--distinct", action="store_true", help='append " (note N)" to each claim')
    args = ap.parse_args()
    sentences = seed_sentences(SEEDS)
    claims, size, i = [], 0, 0
    while size < args.mb * 1_000_000:
        doc, sentence, start = sentences[i % len(sentences)]
        text = sentence.split(" ", 1)[-1] + (f" (note {i})" if args.distinct else "")
        cit = {"doc": doc, "start": start, "end": start + len(sentence), "quote": sentence}
        claim = {"id": f"K{i}", "text": text, "citations": [cit]}
        size += len(json.dumps(claim))
        claims.append(claim)
        i += 1
    briefing = {
        "schema_version": 1,
        "topic": "t",
        "generated_at": "2026-01-01T00:00:00Z",
        "model": "m",
        "corpus": {"root": str(SEEDS), "documents": []},
        "sections": [{"heading": "Key judgments", "claims": claims}],
    }
    args.out.write_text(json.dumps(briefing))
    print(len(claims), args.out.stat().st_size)


if __name__ == "__main__":
    main()
