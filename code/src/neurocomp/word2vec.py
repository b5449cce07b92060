"""Word embeddings in NumPy: skip-gram with negative sampling (word2vec).

Chapter *Recurrent neural networks* (Part III), section on word embeddings. A
text becomes a list of word ids; every word predicts the words around it, and
the rows of the learned matrix V are the embeddings of the words.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np

from .classification import sigmoid
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_int,
    check_positive,
)

__all__ = [
    "build_vocabulary",
    "nearest_neighbours",
    "sgns_gradients",
    "skipgram_pairs",
    "tokenize_words",
    "train_skipgram",
]


def tokenize_words(text: str) -> list[str]:
    """Lower-case words of a text (letters and inner apostrophes, e.g.
    "o'er")."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    return re.findall(r"[a-z]+(?:'[a-z]+)*", text.lower())


def build_vocabulary(
    words: list[str], min_count: int = 5
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Words seen at least ``min_count`` times, most frequent first.

    Returns (vocab, counts, ids): ``ids`` is the text as indices into ``vocab``
    with the rare words left out.
    """
    if not isinstance(words, list | tuple) or not all(
        isinstance(w, str) for w in words
    ):
        raise TypeError("words must be a list of str (see tokenize_words)")
    min_count = check_int(min_count, "min_count")
    frequent = [
        (w, c) for w, c in Counter(words).most_common() if c >= min_count
    ]
    if not frequent:
        raise ValueError(
            f"no word occurs min_count={min_count} times in {len(words)} words"
        )
    vocab = [w for w, _ in frequent]
    index = {w: i for i, w in enumerate(vocab)}
    ids = np.array([index[w] for w in words if w in index], dtype=np.int64)
    return vocab, np.array([c for _, c in frequent], dtype=np.int64), ids


def skipgram_pairs(ids: Any, window: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """All (centre, context) pairs with the context at most ``window``
    positions away."""
    ids = _check_ids(ids, "ids", ndim=1, min_samples=2)
    window = check_int(window, "window")
    centres, contexts = [], []
    for offset in range(1, window + 1):
        centres += [ids[:-offset], ids[offset:]]
        contexts += [ids[offset:], ids[:-offset]]
    return np.concatenate(centres), np.concatenate(contexts)


def _check_ids(
    ids: Any,
    name: str,
    ndim: int,
    min_samples: int = 0,
    n_words: int | None = None,
) -> np.ndarray:
    """Word indices: non-negative integers (below n_words, if given) as an
    int64 array."""
    ids = check_array(
        ids, name, ndim=ndim, dtype=None, min_samples=min_samples
    )
    if ids.size and (
        ids.dtype.kind not in "iuf"
        or (ids.dtype.kind == "f" and np.any(ids != np.round(ids)))
    ):
        raise ValueError(
            f"{name} must hold integer word indices; got "
            f"{ids.ravel()[:5].tolist()}"
        )
    upper = np.inf if n_words is None else n_words
    if ids.size and (ids.min() < 0 or ids.max() >= upper):
        interval = "be >= 0" if n_words is None else f"lie in [0, {n_words})"
        raise ValueError(
            f"{name} must {interval}; got values in [{ids.min()}, {ids.max()}]"
        )
    return ids.astype(np.int64)


def _check_pairs(
    V: np.ndarray, centres: Any, contexts: Any, negatives: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Index arrays of a skip-gram batch: B centres, B contexts and (B, K)
    negatives."""
    n = V.shape[0]
    centres = _check_ids(centres, "centres", 1, 1, n)
    contexts = _check_ids(contexts, "contexts", 1, 1, n)
    negatives = _check_ids(negatives, "negatives", 2, 1, n)
    if (
        contexts.shape != centres.shape
        or negatives.shape[0] != centres.shape[0]
    ):
        raise ValueError(
            "centres, contexts and negatives must have B, B and (B, K) "
            "entries; "
            f"got shapes {centres.shape}, {contexts.shape} and "
            f"{negatives.shape}"
        )
    return centres, contexts, negatives


def sgns_gradients(
    V: np.ndarray,
    U: np.ndarray,
    centres: np.ndarray,
    contexts: np.ndarray,
    negatives: np.ndarray,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Skip-gram negative-sampling loss of a batch and its gradients.

    For a centre word c, its context word o and K noise words n_1..n_K,

        ℓ = −log σ(u_o·v_c) − Σ_k log σ(−u_(n_k)·v_c),

    averaged over the B pairs of the batch; V holds the centre vectors v
    (rows), U the context vectors u. ``negatives`` has shape (B, K). Returns
    (loss, dL/dV, dL/dU).
    """
    V, U = check_array(V, "V", ndim=2), check_array(U, "U", ndim=2)
    if V.shape != U.shape:
        raise ValueError(
            f"V and U must have the same shape; got {V.shape} and {U.shape}"
        )
    centres, contexts, negatives = _check_pairs(
        V, centres, contexts, negatives
    )
    # (B, 1+K)
    words = np.concatenate([np.reshape(contexts, (-1, 1)), negatives], axis=1)
    labels = np.zeros(words.shape)
    labels[:, 0] = 1.0  # the true context is "1", the noise "0"
    v = V[centres]  # (B, dim)
    scores = np.einsum("bd,bkd->bk", v, U[words])
    p = sigmoid(scores)
    B = len(centres)
    # −log σ(s) for the true context and −log σ(−s) for the noise words,
    # computed as log(1 + exp(∓s)) with logaddexp so that large scores neither
    # overflow nor saturate.
    signs = 2.0 * labels - 1.0
    loss = np.sum(np.logaddexp(0.0, -signs * scores)) / B
    G = (p - labels) / B  # ∂ℓ/∂score
    dV, dU = np.zeros_like(V), np.zeros_like(U)
    np.add.at(dV, centres, np.einsum("bk,bkd->bd", G, U[words]))
    np.add.at(dU, words, G[:, :, None] * v[:, None, :])
    return float(loss), dV, dU


def train_skipgram(
    ids: Any,
    counts: Any,
    dim: int = 50,
    *,
    window: int = 2,
    n_negative: int = 5,
    n_epochs: int = 5,
    learning_rate: float = 0.025,
    batch_size: int = 256,
    subsample: float = 1e-3,
    seed: SeedLike = None,
) -> tuple[np.ndarray, list[float]]:
    """Word vectors by skip-gram with negative sampling (Mikolov et al. 2013),
    plain SGD.

    Every epoch drops frequent words with probability 1 − sqrt(subsample / f)
    (f: the word's relative frequency), forms the pairs of ``skipgram_pairs``
    and draws the noise words from the unigram distribution raised to the power
    3/4. The learning rate decays linearly to zero. Returns (V, mean loss of
    each epoch); V has shape (vocabulary size, dim) and is initialised small
    and random, U at zero.

    The gradients of a batch are summed per word, so a word that occurs m times
    in a batch moves by about m times the step of one pair: with a vocabulary
    of a few words and a large batch, use a small learning rate or a small
    batch, or the vectors diverge (watch the epoch losses).
    """
    counts = check_array(counts, "counts", ndim=1, min_samples=1)
    if counts.min() <= 0:
        raise ValueError(
            f"counts must be positive word counts; got minimum {counts.min()}"
        )
    ids = _check_ids(ids, "ids", 1, 2, len(counts))
    dim, window, n_negative, n_epochs, batch_size = (
        check_int(v, k)
        for v, k in (
            (dim, "dim"),
            (window, "window"),
            (n_negative, "n_negative"),
            (n_epochs, "n_epochs"),
            (batch_size, "batch_size"),
        )
    )
    learning_rate = check_positive(learning_rate, "learning_rate")
    subsample = check_positive(subsample, "subsample")
    rng = as_generator(seed)
    freq = counts / counts.sum()
    keep = np.minimum(1.0, np.sqrt(subsample / freq))
    noise = counts**0.75 / np.sum(counts**0.75)
    V = rng.uniform(-0.5, 0.5, size=(len(counts), dim)) / dim
    U = np.zeros_like(V)
    history = []
    for epoch in range(n_epochs):
        kept = ids[rng.random(len(ids)) < keep[ids]]
        if len(kept) < 2:
            raise ValueError(
                f"subsample={subsample} kept {len(kept)} of {len(ids)} words "
                "in "
                f"epoch {epoch}; use a larger subsample or a longer text"
            )
        centres, contexts = skipgram_pairs(kept, window)
        order = rng.permutation(len(centres))
        losses = []
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            negatives = rng.choice(
                len(counts), size=(len(batch), n_negative), p=noise
            )
            progress = (epoch + start / len(order)) / n_epochs
            eta = learning_rate * max(1.0 - progress, 1e-4) * len(batch)
            loss, dV, dU = sgns_gradients(
                V, U, centres[batch], contexts[batch], negatives
            )
            V -= eta * dV
            U -= eta * dU
            losses.append(loss)
        history.append(float(np.mean(losses)))
    return V, history


def nearest_neighbours(
    E: Any, query: int, k: int = 5
) -> tuple[np.ndarray, np.ndarray]:
    """The k rows of E most similar to row ``query`` by cosine similarity
    (itself excluded).

    Returns (indices, similarities), most similar first.
    """
    E = check_array(E, "E", ndim=2, min_samples=2)
    if E.shape[1] == 0:
        raise ValueError(
            f"E must have at least one column; got shape {E.shape}"
        )
    query = check_int(query, "query", minimum=0)
    k = check_int(k, "k")
    if query >= len(E) or k >= len(E):
        raise ValueError(
            f"query must be < {len(E)} and k < {len(E)}; got query={query}, "
            f"k={k}"
        )
    unit = E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-12)
    similarity = unit @ unit[query]
    similarity[query] = -np.inf
    best = np.argsort(-similarity)[:k]
    return best, similarity[best]
