"""Gradient-based optimisation from scratch (chapter *Optimisation*, Part II).

* Quadratic -- the test problem of the chapter, with its analytic minimum.
* gradient_descent -- batch gradient descent with optional (heavy-ball)
  momentum.
* minibatch_sgd -- batch, mini-batch and stochastic gradient descent for data
  sets ``(X, y)``.
* soft_threshold and proximal_gradient_descent -- L1 penalties.
* numerical_gradient -- central finite differences, to check gradients.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_choice,
    check_int,
    check_positive,
)

__all__ = [
    "Quadratic",
    "gradient_descent",
    "minibatch_sgd",
    "soft_threshold",
    "proximal_gradient_descent",
    "numerical_gradient",
]

Gradient = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Quadratic:
    """The quadratic f(w) = ½ wᵀAw − cᵀw.

    With a symmetric positive definite ``A`` it has the unique minimum
    w* = A⁻¹c, its gradient Aw − c is Lipschitz with constant
    L = λ_max(A), the largest eigenvalue of A, and gradient descent converges
    exactly when the learning rate is below 2/L (chapter *Optimisation*).

    Parameters
    ----------
    A : array_like, shape (d, d)
        Symmetric positive definite Hessian.
    c : array_like, shape (d,)
        Linear term.
    """

    A: np.ndarray
    c: np.ndarray

    def __post_init__(self) -> None:
        A = check_array(self.A, "A", ndim=2)
        c = check_array(self.c, "c", ndim=1, min_samples=1)
        if A.shape != (c.size, c.size):
            raise ValueError(
                f"A must have shape {(c.size, c.size)} to match c; got "
                f"{A.shape}"
            )
        if not np.allclose(A, A.T):
            raise ValueError("A must be symmetric; got a matrix with A != A.T")
        if np.linalg.eigvalsh(A)[0] <= 0:
            raise ValueError(
                "A must be positive definite; its smallest eigenvalue is <= 0"
            )
        object.__setattr__(self, "A", A)
        object.__setattr__(self, "c", c)

    def _point(self, w: Any) -> np.ndarray:
        """Check that ``w`` is a point (or a grid of points) of shape ``(...,
        d)``."""
        w = check_array(w, "w")
        if w.ndim == 0 or w.shape[-1] != self.c.size:
            raise ValueError(
                f"w must have shape ({self.c.size},) or (..., {self.c.size}) "
                "to match A; "
                f"got shape {w.shape}"
            )
        return w

    def __call__(self, w: Any) -> np.ndarray:
        """Value f(w); ``w`` may be a grid of shape ``(..., d)``."""
        w = self._point(w)
        return 0.5 * np.einsum("...i,ij,...j->...", w, self.A, w) - w @ self.c

    def grad(self, w: Any) -> np.ndarray:
        """Gradient ∇f(w) = Aw − c."""
        return self._point(w) @ self.A.T - self.c

    @property
    def minimum(self) -> np.ndarray:
        """The analytic minimiser w* = A⁻¹c."""
        return np.linalg.solve(self.A, self.c)

    @property
    def lipschitz(self) -> float:
        """L = λ_max(A), the Lipschitz constant of the gradient."""
        return float(np.linalg.eigvalsh(self.A)[-1])


def _check_start(
    w0: Any,
    learning_rate: Any,
    n_iter: Any,
    momentum: Any,
    n_name: str = "n_iter",
) -> np.ndarray:
    """Validate the arguments shared by the descent functions; return ``w0`` as
    floats.

    ``n_name`` is the caller's name of the step count (``n_iter`` or
    ``n_epochs``).
    """
    w0 = check_array(w0, "w0", ndim=1, min_samples=1)
    check_positive(learning_rate, "learning_rate")
    check_int(n_iter, n_name, minimum=0)
    check_positive(momentum, "momentum", allow_zero=True)
    if momentum >= 1:
        raise ValueError(
            f"momentum must be in [0, 1); got momentum={momentum!r}"
        )
    return w0.copy()


def _gradient_at(
    grad: Callable[..., Any], w: np.ndarray, *args: Any
) -> np.ndarray:
    """Call ``grad`` and check that it returns an array shaped like ``w``."""
    g = np.asarray(grad(w, *args), dtype=float)
    if g.shape != w.shape:
        raise ValueError(
            f"grad must return an array of shape {w.shape}; got shape "
            f"{g.shape}"
        )
    return g


def gradient_descent(
    grad: Gradient,
    w0: Any,
    learning_rate: float,
    n_iter: int,
    momentum: float = 0.0,
) -> np.ndarray:
    """Minimise a function by (batch) gradient descent, optionally with
    momentum.

    Without momentum (``momentum=0``) every step follows the negative gradient,

        w_(t+1) = w_t − η ∇f(w_t);

    with momentum μ a velocity accumulates past steps (heavy ball):
    v_(t+1) = μ v_t − η ∇f(w_t), w_(t+1) = w_t + v_(t+1) (chapter
    *Optimisation*).

    Parameters
    ----------
    grad : callable
        ``grad(w)`` returns ∇f(w), an array of the shape of ``w``.
    w0 : array_like, shape (d,)
        Starting point.
    learning_rate : float
        Step size η > 0.
    n_iter : int
        Number of steps.
    momentum : float
        Momentum μ in [0, 1).

    Returns
    -------
    numpy.ndarray, shape (n_iter + 1, d)
        The path w_0, ..., w_n.
    """
    if not callable(grad):
        raise TypeError(f"grad must be callable as grad(w); got {grad!r}")
    w = _check_start(w0, learning_rate, n_iter, momentum)
    velocity = np.zeros_like(w)
    path = [w.copy()]
    for _ in range(n_iter):
        velocity = momentum * velocity - learning_rate * _gradient_at(grad, w)
        w = w + velocity
        path.append(w.copy())
    return np.asarray(path)


def minibatch_sgd(
    grad: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    X: Any,
    y: Any,
    w0: Any,
    learning_rate: float,
    n_epochs: int,
    batch_size: int | None = None,
    momentum: float = 0.0,
    seed: SeedLike = None,
    record: str = "epoch",
) -> np.ndarray:
    """Batch, mini-batch or stochastic gradient descent on a data set.

    The loss is a mean over samples, L(w) = (1/N) Σ_i ℓ_i(w). Each epoch
    shuffles the samples and cuts them into batches B; every batch makes one
    step with the gradient of its own mean loss, w ← w − (η/|B|) Σ_{i in B}
    ∇ℓ_i(w) (plus momentum as in gradient_descent). ``batch_size=None`` uses
    all N samples (batch gradient descent) and ``batch_size=1`` is stochastic
    gradient descent (chapter *Optimisation*).

    Parameters
    ----------
    grad : callable
        ``grad(w, X_batch, y_batch)`` returns the gradient of the batch's mean
        loss.
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,) or (n_samples, n_outputs)
    w0 : array_like, shape (d,)
        Starting parameters (flattened).
    learning_rate : float
        Step size η > 0.
    n_epochs : int
        Passes through the data.
    batch_size : int or None
        Samples per step (``None``: all of them).
    momentum : float
        Momentum μ in [0, 1).
    seed : int, numpy.random.Generator or None
        Seed of the shuffling.
    record : {"epoch", "step"}
        Return the parameters after every epoch or after every step.

    Returns
    -------
    numpy.ndarray, shape (n_records + 1, d)
        The parameters at the start and after every epoch (or step).
    """
    if not callable(grad):
        raise TypeError(
            f"grad must be callable as grad(w, X, y); got {grad!r}"
        )
    X = check_array(X, "X", ndim=2, min_samples=1)
    y = check_array(y, "y", ndim=(1, 2))
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y must have the same number of samples; got {len(X)} and "
            f"{len(y)}"
        )
    w = _check_start(w0, learning_rate, n_epochs, momentum, n_name="n_epochs")
    n = X.shape[0]
    batch_size = (
        n if batch_size is None else check_int(batch_size, "batch_size")
    )
    check_choice(record, "record", ("epoch", "step"))
    rng, velocity, path = as_generator(seed), np.zeros_like(w), [w.copy()]
    for _ in range(n_epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            g = _gradient_at(grad, w, X[batch], y[batch])
            velocity = momentum * velocity - learning_rate * g
            w = w + velocity
            if record == "step":
                path.append(w.copy())
        if record == "epoch":
            path.append(w.copy())
    return np.asarray(path)


def soft_threshold(z: Any, threshold: float) -> np.ndarray:
    """Soft-thresholding S_τ(z) = sign(z) max(|z| − τ, 0).

    It solves min_w ½ (w − z)² + τ|w| in closed form and sets
    every z with |z| ≤ τ to exactly zero, which is why L1 penalties give sparse
    solutions (chapters *Optimisation* and *Regularisation*).

    Parameters
    ----------
    z : array_like
    threshold : float
        The threshold τ ≥ 0.

    Returns
    -------
    numpy.ndarray
    """
    z = check_array(z, "z")
    tau = check_positive(threshold, "threshold", allow_zero=True)
    return np.sign(z) * np.maximum(np.abs(z) - tau, 0.0)


def proximal_gradient_descent(
    grad: Gradient, w0: Any, learning_rate: float, n_iter: int, l1: float
) -> np.ndarray:
    """Minimise f(w) + λ ‖w‖₁ by proximal gradient descent.

    A gradient step on the smooth part is followed by soft-thresholding, the
    proximal operator of the L1 penalty (ISTA):

        w_(t+1) = S_ηλ(w_t − η ∇f(w_t)).

    For η ≤ 1/L it converges to the minimum and reaches exact zeros
    (chapter *Optimisation*).

    Parameters
    ----------
    grad : callable
        Gradient of the smooth part f.
    w0 : array_like, shape (d,)
    learning_rate : float
        Step size η > 0.
    n_iter : int
    l1 : float
        Penalty strength λ ≥ 0.

    Returns
    -------
    numpy.ndarray, shape (n_iter + 1, d)
        The path.
    """
    if not callable(grad):
        raise TypeError(f"grad must be callable as grad(w); got {grad!r}")
    w = _check_start(w0, learning_rate, n_iter, 0.0)
    lam = check_positive(l1, "l1", allow_zero=True)
    path = [w.copy()]
    for _ in range(n_iter):
        w = soft_threshold(
            w - learning_rate * _gradient_at(grad, w), learning_rate * lam
        )
        path.append(w.copy())
    return np.asarray(path)


def numerical_gradient(
    f: Callable[[np.ndarray], float], w: Any, eps: float = 1e-6
) -> np.ndarray:
    """Central finite-difference gradient (f(w + ε e_i) − f(w − ε e_i)) / (2ε).

    Here e_i is the i-th unit vector. The truncation error is O(ε²); use
    float64 and ε ≈ 1e-6 to check an analytic gradient (chapters *Math basics*
    and *Optimisation*).

    Parameters
    ----------
    f : callable
        Scalar function of an array of the shape of ``w``.
    w : array_like, any shape (a vector of weights, a weight matrix, ...)
    eps : float
        Step ε > 0.

    Returns
    -------
    numpy.ndarray, same shape as ``w``
    """
    if not callable(f):
        raise TypeError(f"f must be callable as f(w); got {f!r}")
    w = check_array(w, "w")
    if w.ndim == 0 or w.size == 0:
        raise ValueError(
            "w must be a non-empty array with at least one dimension; got "
            f"{w!r}"
        )
    eps = check_positive(eps, "eps")
    g = np.empty_like(w)
    for index in np.ndindex(w.shape):
        step = np.zeros_like(w)
        step[index] = eps
        g[index] = (_scalar(f, w + step) - _scalar(f, w - step)) / (2 * eps)
    return g


def _scalar(f: Callable[[np.ndarray], float], w: np.ndarray) -> float:
    """f(w) as a float; a TypeError naming ``f`` when it is not a single
    number."""
    value = np.asarray(f(w))
    if value.size != 1 or value.dtype.kind not in "biuf":
        raise TypeError(
            "f must return a single real number; got an array of shape "
            f"{value.shape} "
            f"and dtype {value.dtype}"
        )
    return float(value.reshape(()))
