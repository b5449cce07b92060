"""Model compression: quantisation, magnitude pruning and knowledge
distillation.

Three ways of making a trained network cheaper at inference time:

- ``quantize`` rounds every weight of a matrix to one of 2^(bits-1) - 1 levels
  on each side of zero (uniform, symmetric, one scale per matrix); ``bits=1``
  keeps only the sign and one common magnitude, as in binary networks.
- ``prune`` sets the given fraction of the weights with the smallest magnitude
  to zero.
- ``distillation_loss`` is the loss of Hinton, Vinyals and Dean (2015):
  cross-entropy with the teacher's probabilities softened by a temperature T,
  weighted by T², plus cross-entropy with the true labels. ``distill`` trains a
  small tanh network on it.

Chapter *Limits of deep learning* (Part IV). Plain NumPy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .classification import one_hot, softmax
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_int,
    check_labels,
    check_positive,
)

__all__ = [
    "quantize",
    "prune",
    "soft_targets",
    "distillation_loss",
    "distill",
    "SmallMLP",
]


def quantize(weights: Any, bits: int) -> np.ndarray:
    """Uniform symmetric quantisation of a weight array, returned in floating
    point.

    For ``bits`` ≥ 2 the weights are rounded to multiples of s = max|w| /
    (2^(bits-1) - 1), so that they need ``bits`` bits each (plus one scale s
    per array). For ``bits=1`` the result is sign(w) times the mean magnitude
    of w (a binary network).

    Parameters
    ----------
    weights : array_like
        The weights, of any shape; not all zero.
    bits : int
        Bits per weight, 1 to 16.

    Returns
    -------
    ndarray
        The quantised weights, same shape, float64.
    """
    w = check_array(weights, "weights", dtype=float)
    bits = check_int(bits, "bits")
    if bits > 16:
        raise ValueError(
            f"bits must be an integer from 1 to 16; got bits={bits}"
        )
    top = np.max(np.abs(w))
    if top == 0:
        raise ValueError(
            "weights must not be all zero: there is no scale to quantise to"
        )
    if bits == 1:
        return np.where(w >= 0, 1.0, -1.0) * np.mean(np.abs(w))
    scale = top / (2 ** (bits - 1) - 1)
    return np.round(w / scale) * scale


def prune(weights: Any, fraction: float) -> np.ndarray:
    """Magnitude pruning: set the ``fraction`` of weights with the smallest |w|
    to zero.

    Parameters
    ----------
    weights : array_like
        The weights, of any shape.
    fraction : float
        Fraction of the entries to remove, in [0, 1).

    Returns
    -------
    ndarray
        A copy with round(fraction * size) entries set to zero (ties broken by
        position).
    """
    w = check_array(weights, "weights", dtype=float).copy()
    if (
        isinstance(fraction, bool)
        or not isinstance(fraction, (int, float, np.floating))
        or not 0 <= fraction < 1
    ):
        raise ValueError(
            f"fraction must be a number in [0, 1); got fraction={fraction!r}"
        )
    k = int(round(fraction * w.size))
    if k:
        flat = w.reshape(-1)
        flat[np.argsort(np.abs(flat), kind="stable")[:k]] = 0.0
    return w


def soft_targets(logits: Any, temperature: float) -> np.ndarray:
    """Softmax of logits / T, one row per sample: T > 1 softens the
    distribution."""
    z = check_array(logits, "logits", ndim=2, dtype=float)
    temperature = check_positive(temperature, "temperature")
    return softmax(z / temperature)


def distillation_loss(
    student_logits: Any,
    teacher_logits: Any,
    y: Any,
    temperature: float,
    alpha: float,
) -> tuple[float, np.ndarray]:
    """Knowledge-distillation loss and its gradient with respect to the
    student's logits.

    L = α T² CE(softmax(v/T), softmax(z/T)) + (1 - α) CE(t, softmax(z)),
    averaged over the batch, with student logits z, teacher logits v, one-hot
    labels t and temperature T. Its gradient is ∂L/∂z = [α T (softmax(z/T) -
    softmax(v/T)) + (1 - α)(softmax(z) - t)] / N; the factor T² keeps the soft
    term's gradient of the same size for every T.

    Parameters
    ----------
    student_logits, teacher_logits : array_like, shape (N, K)
    y : array_like of int, shape (N,)
        True labels in 0, ..., K-1.
    temperature : float
        T > 0.
    alpha : float
        Weight of the soft term, in [0, 1].

    Returns
    -------
    loss : float
    grad : ndarray, shape (N, K)
    """
    z = check_array(student_logits, "student_logits", ndim=2, dtype=float)
    v = check_array(teacher_logits, "teacher_logits", ndim=2, dtype=float)
    if v.shape != z.shape:
        raise ValueError(
            f"teacher_logits must have the shape of student_logits {z.shape}; "
            f"got {v.shape}"
        )
    y = check_labels(y)
    if y.shape != (z.shape[0],) or y.max() >= z.shape[1]:
        raise ValueError(
            f"y must hold {z.shape[0]} labels in 0, ..., {z.shape[1] - 1}"
        )
    T = check_positive(temperature, "temperature")
    if (
        isinstance(alpha, bool)
        or not isinstance(alpha, (int, float, np.floating))
        or not 0 <= alpha <= 1
    ):
        raise ValueError(
            f"alpha must be a number in [0, 1]; got alpha={alpha!r}"
        )
    t = one_hot(y, z.shape[1])
    p_teacher, p_soft, p_hard = softmax(v / T), softmax(z / T), softmax(z)
    n = z.shape[0]
    soft = -np.sum(p_teacher * np.log(p_soft + 1e-300)) / n
    hard = -np.sum(t * np.log(p_hard + 1e-300)) / n
    loss = alpha * T**2 * soft + (1 - alpha) * hard
    grad = (alpha * T * (p_soft - p_teacher) + (1 - alpha) * (p_hard - t)) / n
    return float(loss), grad


class SmallMLP:
    """A tanh network with one hidden layer: logits = W2·tanh(W1·x + b1) +
    b2."""

    def __init__(
        self, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
    ) -> None:
        self.W1, self.b1, self.W2, self.b2 = W1, b1, W2, b2

    def logits(self, X: Any) -> np.ndarray:
        """Output scores before the softmax, one row per sample."""
        X = check_array(X, "X", ndim=2, dtype=float)
        if X.shape[1] != self.W1.shape[1]:
            raise ValueError(
                f"X must have {self.W1.shape[1]} columns; got {X.shape[1]}"
            )
        return np.tanh(X @ self.W1.T + self.b1) @ self.W2.T + self.b2

    def score(self, X: Any, y: Any) -> float:
        """Accuracy on inputs X and labels y."""
        return float(
            np.mean(np.argmax(self.logits(X), axis=1) == check_labels(y))
        )


def distill(
    X: Any,
    y: Any,
    teacher_logits: Any | None,
    *,
    n_hidden: int = 30,
    temperature: float = 4.0,
    alpha: float = 0.9,
    learning_rate: float = 0.5,
    n_epochs: int = 20,
    batch_size: int = 32,
    seed: SeedLike = None,
) -> SmallMLP:
    """Train a small tanh network on ``distillation_loss`` (or on the labels
    alone).

    With ``teacher_logits=None`` the student learns from the hard labels only
    (α = 0), the baseline that distillation is compared with. Mini-batch
    gradient descent; the same seed gives the same initial weights and order of
    samples with and without a teacher.

    Parameters
    ----------
    X : array_like, shape (N, D)
    y : array_like of int, shape (N,)
    teacher_logits : array_like, shape (N, K), or None
    n_hidden, temperature, alpha, learning_rate, n_epochs, batch_size
        Size of the student, the loss's T and α, and the optimisation.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    SmallMLP
        The trained student.
    """
    X = check_array(X, "X", ndim=2, dtype=float)
    y = check_labels(y)
    if y.shape != (X.shape[0],):
        raise ValueError(
            f"y must have one label per row of X ({X.shape[0]}); got {y.shape}"
        )
    K = int(y.max()) + 1
    if teacher_logits is None:
        V, alpha = np.zeros((X.shape[0], K)), 0.0
    else:
        V = check_array(teacher_logits, "teacher_logits", ndim=2, dtype=float)
        if V.shape[0] != X.shape[0]:
            raise ValueError(
                "teacher_logits must have one row per row of X "
                f"({X.shape[0]}); "
                f"got {V.shape[0]}"
            )
        K = V.shape[1]
    H = check_int(n_hidden, "n_hidden")
    lr = check_positive(learning_rate, "learning_rate")
    n_epochs, batch_size = (
        check_int(n_epochs, "n_epochs"),
        check_int(batch_size, "batch_size"),
    )
    rng = as_generator(seed)
    D = X.shape[1]
    net = SmallMLP(
        rng.normal(0, 1 / np.sqrt(D), (H, D)),
        np.zeros(H),
        rng.normal(0, 1 / np.sqrt(H), (K, H)),
        np.zeros(K),
    )
    for _ in range(n_epochs):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], batch_size):
            b = order[start : start + batch_size]
            Hb = np.tanh(X[b] @ net.W1.T + net.b1)
            Z = Hb @ net.W2.T + net.b2
            _, G = distillation_loss(Z, V[b], y[b], temperature, alpha)
            delta = (G @ net.W2) * (1 - Hb**2)
            net.W2 -= lr * G.T @ Hb
            net.b2 -= lr * G.sum(0)
            net.W1 -= lr * delta.T @ X[b]
            net.b1 -= lr * delta.sum(0)
    return net
