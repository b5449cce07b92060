"""Attention in NumPy: scaled dot-product and multi-head attention, masks,
positional encoding.

Chapter "Attention and transformers". The multi-head attention uses the weight
layout of keras.layers.MultiHeadAttention, so that a Keras layer's weights can
be checked against the NumPy formulas (and the other way round). No TensorFlow
is imported here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .classification import softmax
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_int,
    check_positive,
)

#: The score given to a masked (query, key) pair: exp of it is 0 in float32 and
#: float64, and a row whose keys are all masked gets uniform weights instead of
#: NaN (as in Keras).
MASKED_SCORE = -1e9


def _check_mask(mask: Any, shape: tuple[int, ...]) -> np.ndarray:
    mask = np.asarray(mask)
    if mask.dtype != bool:
        raise TypeError(
            "mask must be a boolean array (True = may attend); got dtype "
            f"{mask.dtype}"
        )
    try:
        fits = np.broadcast_shapes(mask.shape, shape) == tuple(shape)
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(
            f"mask of shape {mask.shape} does not broadcast to the scores' "
            f"shape {shape}"
        )
    return mask


def _check_qkv(
    Q: Any, K: Any, V: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Queries, keys and values with matching d_k, one value per key, at least
    one key."""
    Q, K, V = (
        check_array(M, name, ndim=(2, 3, 4))
        for M, name in ((Q, "Q"), (K, "K"), (V, "V"))
    )
    if Q.shape[-1] != K.shape[-1] or Q.shape[-1] == 0:
        raise ValueError(
            f"Q and K need the same last dimension d_k >= 1; got {Q.shape} "
            "and "
            f"{K.shape}"
        )
    if K.shape[-2] != V.shape[-2] or K.shape[-2] == 0:
        raise ValueError(
            f"K and V need one row per key (at least one); got {K.shape} and "
            f"{V.shape}"
        )
    try:
        np.broadcast_shapes(Q.shape[:-2], K.shape[:-2], V.shape[:-2])
    except ValueError as err:
        raise ValueError(
            "the leading (batch, head) axes of Q, K and V must broadcast; "
            "got "
            f"{Q.shape}, {K.shape} and {V.shape}"
        ) from err
    return Q, K, V


def scaled_dot_product_attention(
    Q: Any, K: Any, V: Any, mask: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    """Scaled dot-product attention  softmax(Q·Kᵀ / √d_k) · V.

    Parameters
    ----------
    Q : array_like, shape (..., n_q, d_k)
        Queries, one per row; leading axes (batch, heads) are broadcast.
    K : array_like, shape (..., n_k, d_k)
        Keys.
    V : array_like, shape (..., n_k, d_v)
        Values, one per key.
    mask : bool array broadcastable to (..., n_q, n_k), optional
        True where query i may attend to key j; masked pairs get the weight 0.

    Returns
    -------
    output : ndarray, shape (..., n_q, d_v)
        Each row is a weighted mean of the rows of V.
    A : ndarray, shape (..., n_q, n_k)
        The attention weights; each row sums to one.
    """
    Q, K, V = _check_qkv(Q, K, V)
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        mask = _check_mask(mask, scores.shape)
        scores = np.where(mask, scores, MASKED_SCORE)
    A = softmax(scores.reshape(-1, scores.shape[-1])).reshape(scores.shape)
    return A @ V, A


def additive_attention(
    S: Any, H: Any, W_s: Any, W_h: Any, w: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Additive (Bahdanau) attention of decoder states S to encoder annotations
    H.

    Scores e_ij = wᵀ tanh(W_s·s_i + W_h·h_j), weights α_ij = softmax over j of
    e_ij, and contexts c_i = Σ_j α_ij h_j. With row vectors, W_s·s_i is the row
    S[i] @ W_s.

    Parameters
    ----------
    S : array_like, shape (n_q, d_s)
        Decoder states, one per output step.
    H : array_like, shape (n, d_h)
        Encoder annotations, one per input position.
    W_s : array_like, shape (d_s, d_a)
    W_h : array_like, shape (d_h, d_a)
    w : array_like, shape (d_a,)

    Returns
    -------
    C : ndarray, shape (n_q, d_h)
        The context vectors.
    alpha : ndarray, shape (n_q, n)
        The attention weights; each row sums to one.
    """
    S, H = (
        check_array(S, "S", ndim=2),
        check_array(H, "H", ndim=2, min_samples=1),
    )
    W_s, W_h = check_array(W_s, "W_s", ndim=2), check_array(W_h, "W_h", ndim=2)
    w = check_array(w, "w", ndim=1)
    if W_s.shape != (S.shape[1], w.size) or W_h.shape != (H.shape[1], w.size):
        raise ValueError(
            f"need W_s of shape {(S.shape[1], w.size)} and W_h of shape "
            f"{(H.shape[1], w.size)}; "
            f"got {W_s.shape} and {W_h.shape}"
        )
    # (n_q, n, d_a)
    hidden = np.tanh((S @ W_s)[:, None, :] + (H @ W_h)[None, :, :])
    alpha = softmax(hidden @ w)
    return alpha @ H, alpha


def causal_mask(n: int) -> np.ndarray:
    """Lower-triangular boolean mask (n, n): position t may attend to positions
    s ≤ t only."""
    n = check_int(n, "n")
    return np.tril(np.ones((n, n), dtype=bool))


def padding_mask(
    lengths: Any, n: int, n_queries: int | None = None
) -> np.ndarray:
    """Boolean mask (N, n_queries, n) that hides the padding keys of padded
    sequences.

    Sequence k has lengths[k] real tokens followed by padding up to n; every
    query (n_queries of them, default n as in self-attention) may attend to the
    real tokens j < lengths[k] only.
    """
    n = check_int(n, "n")
    n_queries = n if n_queries is None else check_int(n_queries, "n_queries")
    lengths = check_array(
        lengths, "lengths", ndim=1, dtype=None, min_samples=1
    )
    if (
        lengths.dtype.kind not in "iu"
        or lengths.min() < 1
        or lengths.max() > n
    ):
        raise ValueError(
            f"lengths must be integers in [1, {n}]; got {lengths[:5].tolist()}"
        )
    keys = np.arange(n)[None, :] < lengths[:, None]
    return np.repeat(keys[:, None, :], n_queries, axis=1)


def positional_encoding(
    n_positions: int, d_model: int, base: float = 10000.0
) -> np.ndarray:
    """Sinusoidal positional encoding (n_positions, d_model) of the original
    transformer.

    Column pair (2m, 2m+1) holds sin(p/ω_m) and cos(p/ω_m) of position p, with
    ω_m = base^(2m/d_model) for m = 0, ..., d_model/2 − 1. The pair's
    wavelength (the shift of p that turns it once round the circle) is 2π·ω_m;
    the ω_m grow geometrically from 1 to base^((d_model − 2)/d_model), just
    below base.
    """
    n_positions = check_int(n_positions, "n_positions")
    d_model = check_int(d_model, "d_model", minimum=2)
    if d_model % 2:
        raise ValueError(
            "d_model must be even (sine and cosine pairs); got "
            f"d_model={d_model}"
        )
    base = check_positive(base, "base")
    if base <= 1:
        raise ValueError(
            "base must be greater than 1 (the longest wavelength); got "
            f"base={base}"
        )
    t = np.arange(n_positions)[:, None]
    omega = base ** (np.arange(0, d_model, 2) / d_model)
    P = np.empty((n_positions, d_model))
    P[:, 0::2] = np.sin(t / omega)
    P[:, 1::2] = np.cos(t / omega)
    return P


def init_mha_weights(
    d_model: int,
    n_heads: int,
    key_dim: int,
    value_dim: int | None = None,
    seed: SeedLike = None,
) -> list[np.ndarray]:
    """Random weights of a multi-head attention layer in Keras' order and
    shapes.

    Returns [W_q (d_model, h, d_k), b_q (h, d_k), W_k (d_model, h, d_k), b_k
    (h, d_k), W_v (d_model, h, d_v), b_v (h, d_v), W_o (h, d_v, d_model), b_o
    (d_model,)], the list that keras.layers.MultiHeadAttention.set_weights
    takes. Kernels are Gaussian with variance 1/fan-in, biases small.
    """
    d_model, n_heads = (
        check_int(d_model, "d_model"),
        check_int(n_heads, "n_heads"),
    )
    key_dim = check_int(key_dim, "key_dim")
    value_dim = (
        key_dim if value_dim is None else check_int(value_dim, "value_dim")
    )
    rng = as_generator(seed)
    h, dk, dv = n_heads, key_dim, value_dim
    kernels = {
        "q": ((d_model, h, dk), d_model),
        "k": ((d_model, h, dk), d_model),
        "v": ((d_model, h, dv), d_model),
        "o": ((h, dv, d_model), h * dv),
    }
    weights = []
    for name, (shape, fan_in) in kernels.items():
        # one bias per output unit
        bias_shape = shape[-1:] if name == "o" else shape[1:]
        weights.append(rng.normal(0.0, 1 / np.sqrt(fan_in), size=shape))
        weights.append(rng.normal(0.0, 0.1, size=bias_shape))
    return weights


def multi_head_attention(
    query: Any, value: Any, weights: list, key: Any = None, mask: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    """Multi-head attention with the weights of init_mha_weights (Keras'
    layout).

    Head h projects the inputs to Q_h = X_q·W_q[:, h] + b_q[h], K_h =
    X_k·W_k[:, h] + b_k[h] and V_h = X_v·W_v[:, h] + b_v[h], attends with
    softmax(Q_h·K_hᵀ / √d_k)·V_h, and the output is Σ_h head_h·W_o[h] + b_o
    (the concatenated heads times one output matrix).

    Parameters
    ----------
    query : array_like, shape (N, n_q, d_model)
    value : array_like, shape (N, n_k, d_model)
        Also the keys unless key is given; query = value is self-attention.
    weights : list of 8 arrays
        As returned by init_mha_weights or keras
        MultiHeadAttention.get_weights().
    key : array_like, shape (N, n_k, d_model), optional
    mask : bool array (n_q, n_k) or (N, n_q, n_k), optional
        True where a query may attend to a key; the same for every head.

    Returns
    -------
    output : ndarray, shape (N, n_q, d_model)
    A : ndarray, shape (N, heads, n_q, n_k)
        Attention weights of every head.
    """
    query, value, key = _check_mha_inputs(query, value, key)
    Wq, bq, Wk, bk, Wv, bv, Wo, bo = _check_mha_weights(
        weights, query, key, value
    )
    Q = np.einsum("ntd,dhk->nhtk", query, Wq) + bq[:, None, :]
    K = np.einsum("nsd,dhk->nhsk", key, Wk) + bk[:, None, :]
    V = np.einsum("nsd,dhv->nhsv", value, Wv) + bv[:, None, :]
    if mask is not None:
        mask = _check_mask(
            mask, (query.shape[0], query.shape[1], key.shape[1])
        )
        # one mask for all heads
        mask = mask[:, None] if mask.ndim == 3 else mask
    heads, A = scaled_dot_product_attention(Q, K, V, mask)
    return np.einsum("nhtv,hvd->ntd", heads, Wo) + bo, A


def _check_mha_inputs(
    query: Any, value: Any, key: Any
) -> tuple[np.ndarray, ...]:
    """query (N, n_q, d_q), key (N, n_k, d_k), value (N, n_k, d_v): same N, n_k
    >= 1."""
    query = check_array(query, "query", ndim=3)
    value = check_array(value, "value", ndim=3)
    key = value if key is None else check_array(key, "key", ndim=3)
    if (
        not (query.shape[0] == key.shape[0] == value.shape[0])
        or key.shape[1] != value.shape[1]
        or key.shape[1] == 0
    ):
        raise ValueError(
            "query, key and value must have the same batch size N, key and "
            "value "
            f"the same number n_k >= 1 of positions; got query {query.shape}, "
            "key "
            f"{key.shape}, value {value.shape}"
        )
    return query, value, key


def _check_mha_weights(
    weights: Any, query: np.ndarray, key: np.ndarray, value: np.ndarray
) -> list[np.ndarray]:
    """The 8 arrays of init_mha_weights, with shapes that fit together and fit
    the inputs."""
    if not isinstance(weights, (list, tuple)) or len(weights) != 8:
        raise TypeError(
            "weights must be a list of 8 arrays in keras MultiHeadAttention "
            "order"
        )
    w = [
        check_array(a, f"weights[{i}]", ndim=(1, 2, 3))
        for i, a in enumerate(weights)
    ]
    if w[0].ndim != 3 or w[4].ndim != 3 or w[6].ndim != 3:
        raise ValueError(
            "weights[0], weights[4] and weights[6] must be 3-D kernels; got "
            "shapes "
            f"{[a.shape for a in w]}"
        )
    (_, h, dk), (_, _, dv), d_out = w[0].shape, w[4].shape, w[6].shape[2]
    d_q, d_k, d_v = query.shape[2], key.shape[2], value.shape[2]
    want = [
        (d_q, h, dk),
        (h, dk),
        (d_k, h, dk),
        (h, dk),
        (d_v, h, dv),
        (h, dv),
        (h, dv, d_out),
        (d_out,),
    ]
    for i, (a, shape) in enumerate(zip(w, want)):
        if a.shape != shape:
            raise ValueError(
                f"weights[{i}] must have shape {shape} for query, key and "
                "value of "
                f"widths {d_q}, {d_k} and {d_v}, {h} heads, key_dim {dk} and "
                f"value_dim {dv}; got {a.shape}"
            )
    return w


def make_reversal_data(
    n_samples: int, length: int = 8, n_symbols: int = 10, seed: SeedLike = None
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct random symbol sequences X (n_samples, length) and their
    reversals T.

    All rows of X differ, so that splitting them gives disjoint training and
    test sets.
    """
    n_samples, length = (
        check_int(n_samples, "n_samples"),
        check_int(length, "length"),
    )
    n_symbols = check_int(n_symbols, "n_symbols", minimum=2)
    if n_samples > 0.5 * float(n_symbols) ** length:
        raise ValueError(
            f"n_samples={n_samples} is too large for {n_symbols}^{length} "
            "possible sequences"
        )
    rng = as_generator(seed)
    X = np.empty((0, length), dtype=np.int64)
    while len(X) < n_samples:
        new = rng.integers(0, n_symbols, size=(n_samples, length))
        X = np.concatenate([X, new])
        _, first = np.unique(X, axis=0, return_index=True)
        X = X[np.sort(first)]
    X = X[:n_samples]
    return X, X[:, ::-1].copy()


def patchify(images: Any, patch: int) -> np.ndarray:
    """Cut images (N, H, W, C) into non-overlapping patch × patch squares, row
    by row.

    Returns (N, (H/patch)·(W/patch), patch·patch·C): the token sequence of a
    vision transformer, each patch flattened in (row, column, channel) order.
    """
    images = check_array(images, "images", ndim=4)
    if 0 in images.shape:
        raise ValueError(
            "images must be a non-empty batch (N, H, W, C); got shape "
            f"{images.shape}"
        )
    patch = check_int(patch, "patch")
    N, H, W, C = images.shape
    if H % patch or W % patch:
        raise ValueError(f"patch={patch} must divide the image size {H} × {W}")
    x = images.reshape(N, H // patch, patch, W // patch, patch, C)
    return x.transpose(0, 1, 3, 2, 4, 5).reshape(N, -1, patch * patch * C)


def beam_search(
    log_probs: Callable[[list[int]], Any],
    start: int,
    end: int,
    beam_width: int = 3,
    max_length: int = 20,
) -> tuple[list[int], float]:
    """Decode a sequence from an autoregressive model by beam search (greedy
    for width 1).

    ``log_probs(prefix)`` returns the log-probabilities of the next token (a
    vector over the vocabulary) given the tokens produced so far, ``prefix``
    starting with ``start``. At every step each of the ``beam_width`` best
    unfinished prefixes is extended by every token; the ``beam_width``
    extensions with the largest summed log-probability are kept. A prefix that
    ends with ``end`` is finished. Decoding stops when the best finished
    sequence scores at least as well as every unfinished one (adding tokens can
    only lower a sum of log-probabilities) or after ``max_length`` tokens.
    Returns the best finished sequence (without ``start``, with ``end``) and
    its log-probability.
    """
    if not callable(log_probs):
        raise TypeError(
            f"log_probs must be a callable prefix -> log-probabilities; got "
            f"{type(log_probs).__name__}"
        )
    start, end = (
        check_int(start, "start", minimum=0),
        check_int(end, "end", minimum=0),
    )
    beam_width = check_int(beam_width, "beam_width")
    max_length = check_int(max_length, "max_length")
    beams: list[tuple[float, list[int]]] = [(0.0, [start])]
    finished: list[tuple[float, list[int]]] = []
    for _ in range(max_length):
        candidates = []
        for score, prefix in beams:
            lp = np.asarray(log_probs(prefix), dtype=float)
            if lp.ndim != 1 or not np.all(lp <= 1e-9):
                raise ValueError(
                    "log_probs must return a vector of log-probabilities (<= "
                    "0); "
                    f"got shape {lp.shape}"
                )
            candidates += [
                (score + float(lp[k]), prefix + [k]) for k in range(lp.size)
            ]
        candidates.sort(key=lambda c: -c[0])
        beams = []
        for score, seq in candidates[:beam_width]:
            (finished if seq[-1] == end else beams).append((score, seq))
        best = max(finished, default=(-np.inf, []))[0]
        if not beams or best >= max(b[0] for b in beams):
            break
    if not finished:
        raise ValueError(
            f"no sequence reached the end token {end} within {max_length} "
            "steps"
        )
    score, seq = max(finished, key=lambda c: c[0])
    return seq[1:], score
