"""Generate a synthetic corpus of article page-captures for the benchmarks.

    python bench/corpus.py OUT_DIR --n 10000 --seed 1

Each document is a plain-text page capture: masthead, navigation line, section label,
headline, dateline and time, byline, 4-12 body paragraphs of generated prose, an inline
"Read also:" link or an ad slot now and then, then the page's tail: "Read also" and
"More news" headline lists with timestamps, tags, a comment form and a copyright line.

Vocabulary: the content words of seeds/ (with their usual capitalisation) plus synthetic
words built from syllables and English suffixes (so the Porter stemmer has work to do),
drawn with Zipf-Mandelbrot frequencies (weight 1/(rank+10)). Prose mixes those content words with English
function words (~48% of tokens, like real prose: briefing's body detector needs a stop-word
density above 0.32 to call a block prose). Each document has five topic words it keeps
returning to. About 5% of documents are near-duplicates: a copy of an earlier document with
a few body words changed.

Everything is deterministic from --seed: document i is drawn from its own generator seeded
with (seed, i), so any document can be regenerated alone. Files are spread over folders of
1,000 (d000/000000.txt ...). A corpus.json next to them records what was generated (its
suffix keeps it out of the corpus).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import re
import sys
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PER_FOLDER = 1000
NEAR_DUP_RATE = 0.05
SYNTHETIC_WORDS = 40_000
ZIPF_S = 1.0
ZIPF_Q = 10.0  # Zipf-Mandelbrot offset: 1/(rank+q)^s flattens the very top, as in real text

# English function words with rough relative frequencies (the, of, and ... dominate prose).
FUNCTION_WORDS: list[tuple[str, int]] = [
    ("the", 60), ("of", 30), ("and", 28), ("to", 26), ("a", 22), ("in", 20), ("that", 11),
    ("is", 10), ("for", 9), ("on", 7), ("with", 7), ("as", 7), ("was", 6), ("by", 5),
    ("it", 6), ("at", 5), ("from", 5), ("his", 4), ("be", 4), ("has", 4), ("have", 4),
    ("not", 4), ("are", 4), ("but", 4), ("this", 4), ("which", 3), ("will", 3), ("would", 3),
    ("their", 3), ("they", 3), ("an", 3), ("its", 3), ("had", 2), ("been", 2), ("more", 2),
    ("after", 2), ("than", 2), ("into", 2), ("about", 2), ("over", 2), ("also", 2), ("were", 2),
    ("who", 2), ("could", 2), ("can", 2), ("other", 1), ("such", 1), ("most", 1), ("while", 1),
    ("between", 1), ("against", 1), ("because", 1), ("through", 1), ("under", 1), ("some", 1),
    ("any", 1), ("only", 1), ("even", 1), ("now", 1), ("still", 1), ("both", 1), ("those", 1),
]  # fmt: skip
FUNCTION_SET = frozenset(w for w, _ in FUNCTION_WORDS)

ONSETS = ["b", "br", "c", "cr", "d", "dr", "f", "g", "gr", "h", "k", "l", "m", "n", "p", "pr",
          "r", "s", "st", "t", "tr", "v", "z", "ch", "sh", "th", "pl", "bl"]  # fmt: skip
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
CODAS = ["", "", "", "n", "r", "l", "s", "t", "m", "nd", "rt", "st", "ck"]
SUFFIXES = ["", "", "", "", "s", "ed", "ing", "ation", "ment", "ness", "ity", "ive", "al",
            "er", "ers", "ism", "ist", "ful", "ize", "ized"]  # fmt: skip

FIRST_NAMES = ["Anna", "Oleh", "Maria", "Dmytro", "Olena", "John", "Sarah", "Ivan", "Yulia",
               "Taras", "Emma", "Viktor", "Iryna", "Mark", "Natalia", "Pavlo", "Laura", "Serhii",
               "Kateryna", "Andrii", "Helen", "Mykola", "Sofia", "Roman"]  # fmt: skip
SURNAMES = ["Kovalenko", "Bondar", "Shevchenko", "Miller", "Tkachenko", "Melnyk", "Harper",
            "Kravets", "Lysenko", "Novak", "Petrenko", "Rudenko", "Savchenko", "Walker",
            "Hrytsenko", "Marchenko", "Ostapenko", "Fisher", "Zaitseva", "Boyko"]  # fmt: skip
OUTLETS = ["The Northern Ledger", "Kyiv Evening Post", "Espreso. Global", "Dnipro Herald",
           "The Policy Review", "Eastern Wire", "Meridian Daily", "The Continental"]  # fmt: skip
SECTIONS = ["POLITICS", "OPINION", "WORLD", "ECONOMY", "ANALYSIS", "Other", "War", "Society"]
NAV = ["Home | World | Politics | Economy | Opinion | Culture | Sport",
       "News / Ukraine / World / Business / Opinion / Video",
       "Menu • Latest • Politics • War • Analytics • Blogs"]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
COMMENT_FORM = [
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Comment *",
    "Name *",
    "Email *",
    "Website",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Post Comment",
]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


class Vocabulary:
    """Content words by Zipf rank, with cumulative weights for sampling."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        weights = [1.0 / ((r + ZIPF_Q) ** ZIPF_S) for r in range(1, len(words) + 1)]
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random, k: int, lo: int = 0, hi: int | None = None) -> list[str]:
        """k words with Zipf weights, restricted to ranks [lo, hi)."""
        hi = len(self.words) if hi is None else hi
        base = self.cum[lo - 1] if lo > 0 else 0.0
        span = self.cum[hi - 1] - base
        cum, words = self.cum, self.words
        out = []
        for _ in range(k):
            i = bisect.bisect_left(cum, base + rng.random() * span, lo, hi - 1)
            out.append(words[i])
        return out


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Seed content words (by seed frequency) merged with synthetic words, as a Zipf ranking."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        for m in _WORD.finditer(path.read_text(encoding="utf-8")):
            raw = m.group().replace("’", "'")
            low = raw.lower()
            if len(low) < 3 or low in FUNCTION_SET or "'" in low or raw.isupper():
                continue
            counts[low] += 1
            forms.setdefault(low, Counter())[raw] += 1
    # Keep a word's capitalisation only when the seeds nearly always capitalise it (names).
    seed_words = []
    for low, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        form, n = forms[low].most_common(1)[0]
        seed_words.append(form if form[0].isupper() and n >= 0.9 * counts[low] else low)
    rng = random.Random("briefing-bench-vocabulary")
    synthetic: dict[str, None] = {}
    known = set(counts) | FUNCTION_SET
    while len(synthetic) < SYNTHETIC_WORDS:
        n = rng.choice([1, 1, 2, 2, 2, 2, 3])
        stem = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(n)
        )
        word = stem + rng.choice(SUFFIXES)
        if 3 <= len(word) <= 13 and word not in known:
            synthetic.setdefault(word, None)
    synth = list(synthetic)
    # The 300 most frequent seed words lead; below them seed and synthetic words alternate,
    # so synthetic words also take mid ranks; the long tail is synthetic.
    head, rest = seed_words[:300], seed_words[300:]
    merged = list(head)
    si = 0
    for w in rest:
        merged.append(w)
        merged.append(synth[si])
        si += 1
    merged.extend(synth[si:])
    return Vocabulary(merged)


class _Function:
    def __init__(self) -> None:
        self.words = [w for w, _ in FUNCTION_WORDS]
        self.cum = list(itertools.accumulate(n for _, n in FUNCTION_WORDS))

    def draw(self, rng: random.Random) -> str:
        return self.words[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]


FUNCTION = _Function()


def _cap(w: str) -> str:
    return w[:1].upper() + w[1:]


def sentence(rng: random.Random, vocab: Vocabulary, topic: list[str]) -> str:
    """One sentence: 8-30 tokens, ~48% function words, topic words now and then."""
    n = rng.randint(8, 30)
    content = iter(vocab.draw(rng, n))
    words = []
    for _ in range(n):
        if rng.random() < 0.48:
            words.append(FUNCTION.draw(rng))
        elif rng.random() < 0.12:
            words.append(rng.choice(topic))
        else:
            words.append(next(content))
    if rng.random() < 0.15:
        words.insert(
            rng.randrange(1, len(words)), str(rng.choice([2014, 2022, 2024, 2025, 40, 17, 300]))
        )
    if rng.random() < 0.25:
        i = rng.randrange(2, len(words) - 1)
        words[i] += ","
    text = " ".join(words)
    text = _cap(text)
    if rng.random() < 0.08:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        return f"“{text},” said {name}."
    return text + rng.choice(".........?!")


def headline(rng: random.Random, vocab: Vocabulary, topic: list[str]) -> str:
    words = vocab.draw(rng, rng.randint(3, 6), 0, 5000)
    words.insert(rng.randrange(len(words)), rng.choice(topic))
    mid = rng.randrange(1, len(words))
    words.insert(mid, FUNCTION.draw(rng))
    return " ".join(_cap(w) if w not in FUNCTION_SET else w for w in words)


def _date(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randrange(12), rng.choice([2023, 2024, 2025])
    return f"{day} {MONTHS[month]}, {year} {rng.choice(WEEKDAYS)}"


def _clock(rng: random.Random) -> str:
    return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"


def article(seed: int, i: int) -> str:
    """The text of document i (a near-duplicate of an earlier one about 5% of the time)."""
    rng = random.Random(f"{seed}:{i}")
    if i > 0 and rng.random() < NEAR_DUP_RATE:
        return near_duplicate(rng, article(seed, rng.randrange(i)))
    vocab = vocabulary()
    topic = vocab.draw(rng, 5, 20, 8000)
    outlet = rng.choice(OUTLETS)
    lines = [outlet, rng.choice(NAV), rng.choice(SECTIONS), "", headline(rng, vocab, topic), ""]
    lines += [_date(rng), _clock(rng), ""]
    if rng.random() < 0.7:
        lines += [f"By {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}", ""]
    for p in range(rng.randint(4, 12)):
        para = " ".join(sentence(rng, vocab, topic) for _ in range(rng.randint(2, 6)))
        lines += [para, ""]
        if p and rng.random() < 0.08:
            lines += [f"Read also: {headline(rng, vocab, topic)}", ""]
        elif p and rng.random() < 0.05:
            lines += ["Advertisement", ""]
    tail = []
    if rng.random() < 0.8:
        tail += ["Read also:"] + [
            f"  • {headline(rng, vocab, topic)}" for _ in range(rng.randint(2, 5))
        ]
        tail += [""]
    if rng.random() < 0.8:
        tail += ["More news", ""]
        for _ in range(rng.randint(3, 8)):
            tail += [_clock(rng), headline(rng, vocab, vocab.draw(rng, 5, 20, 8000)), ""]
    tail += ["Tags: " + ", ".join(_cap(w) for w in rng.sample(topic, 3)), ""]
    if rng.random() < 0.6:
        tail += [*COMMENT_FORM, ""]
    tail += [f"© {rng.choice([2024, 2025])} {outlet}. All rights reserved."]
    return "\n".join(lines + tail) + "\n"


def near_duplicate(rng: random.Random, text: str) -> str:
    """The same page with 2-6 body words swapped for others."""
    vocab = vocabulary()
    lines = text.split("\n")
    body = [j for j, line in enumerate(lines) if len(line) > 200]
    for _ in range(rng.randint(2, 6)):
        j = rng.choice(body)
        words = lines[j].split(" ")
        k = rng.randrange(1, len(words))
        if words[k].isalpha():
            words[k] = vocab.draw(rng, 1, 20, 20000)[0]
        lines[j] = " ".join(words)
    return "\n".join(lines)


def doc_path(i: int) -> str:
    return f"d{i // PER_FOLDER:03d}/{i:06d}.txt"


def make_queries(n: int = 200, seed: int = 1) -> list[str]:
    """n queries of 2-4 content words (Zipf weights, ranks 10-3000), deterministic from seed.

    Words briefing drops from a query (its stop-words) are not drawn, so every query keeps
    2-4 search terms.
    """
    from briefing.retrieval.retrieve import query_terms

    rng = random.Random(f"queries:{seed}")
    vocab = vocabulary()
    out = []
    for _ in range(n):
        words: list[str] = []
        want = rng.randint(2, 4)
        while len(words) < want:
            w = vocab.draw(rng, 1, 10, 3000)[0].lower()
            if w not in words and query_terms(w) == [w]:
                words.append(w)
        out.append(" ".join(words))
    return out


def write_corpus(out: Path, n: int, seed: int, start: int = 0) -> dict[str, float]:
    """Write documents [start, n) under out; return what was written."""
    t0 = time.perf_counter()
    total = 0
    for i in range(start, n):
        path = out / doc_path(i)
        if i % PER_FOLDER == 0 or i == start:
            path.parent.mkdir(parents=True, exist_ok=True)
        data = article(seed, i).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return {"documents": n - start, "bytes": total, "seconds": time.perf_counter() - t0}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="output folder (created)")
    parser.add_argument("--n", type=int, default=1000, help="number of documents")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    stats = write_corpus(args.out, args.n, args.seed)
    meta = {"n": args.n, "seed": args.seed, "bytes": stats["bytes"],
            "vocabulary": len(vocabulary().words), "per_folder": PER_FOLDER}  # fmt: skip
    (args.out / "corpus.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(
        f"wrote {args.n:,} documents ({stats['bytes'] / 1e6:.1f} MB) to {args.out}"
        f" in {stats['seconds']:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
