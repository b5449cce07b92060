"""Unsupervised Hebbian learning rules for rate neurons (chapter *Unsupervised
Hebbian learning*).

Every rule is a function that presents the rows of a data matrix ``X`` of shape
``(n_samples, n_features)`` one at a time, in a fresh random order each epoch,
updates the weights after every sample and returns the whole weight trajectory,
so that a chapter can plot how the weights move and check where they end.
``record_every`` keeps only every k-th state to save memory. The
spike-timing-dependent rule lives in ``neurocomp.plasticity``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_int,
    check_positive,
)

__all__ = [
    "hebb",
    "covariance_rule",
    "oja",
    "sanger",
    "BCMResult",
    "bcm",
    "competitive_learning",
    "anti_hebbian_decorrelation",
    "IPResult",
    "intrinsic_plasticity",
    "hebbian_associator",
    "selectivity",
]


def _data(X, name: str = "X") -> np.ndarray:
    X = check_array(X, name, ndim=2, min_samples=1)
    if X.shape[1] == 0:
        raise ValueError(
            f"{name} must have at least one feature (column); got shape "
            f"{X.shape}"
        )
    return X


def _initial(
    value,
    shape: tuple[int, ...],
    name: str,
    rng: np.random.Generator,
    scale: float,
) -> np.ndarray:
    """The caller's initial weights, checked, or small random ones."""
    if value is None:
        return scale * rng.normal(size=shape)
    value = check_array(value, name)
    if value.shape != shape:
        raise ValueError(
            f"{name} must have shape {shape}; got shape {value.shape}"
        )
    return value.copy()


def _learn(
    X: np.ndarray,
    state: np.ndarray,
    step: Callable,
    n_epochs: int,
    record_every: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Apply ``state = step(state, x)`` to every row x of X, in a new random
    order each epoch; return the initial state and every ``record_every``-th
    state after it."""
    n_epochs = check_int(n_epochs, "n_epochs")
    record_every = check_int(record_every, "record_every")
    history = [state.copy()]
    t = 0
    for _ in range(n_epochs):
        for i in rng.permutation(len(X)):
            state = step(state, X[i])
            t += 1
            if t % record_every == 0:
                history.append(state.copy())
    return np.array(history)


def hebb(
    X,
    *,
    eta: float = 0.001,
    n_epochs: int = 1,
    w0=None,
    record_every: int = 1,
    seed: SeedLike = None,
) -> np.ndarray:
    """Plain Hebbian learning of one linear neuron: y = w·x, Δw = η y x.

    The weights grow without bound along the leading eigenvector of the input
    correlation matrix ⟨x xᵀ⟩ (chapter *Unsupervised Hebbian learning*, section
    on Hebb's rule).

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Input patterns.
    eta : float
        Learning rate η > 0.
    n_epochs : int
        Passes through the data.
    w0 : array_like, shape (n_features,), optional
        Initial weights (default: small random weights drawn with ``seed``).
    record_every : int
        Keep every k-th weight vector.
    seed : int, numpy.random.Generator or None
        Seeds the initial weights and the order of presentation.

    Returns
    -------
    numpy.ndarray, shape (n_records, n_features)
        The weight trajectory, starting with the initial weights.
    """
    X, eta, rng = _data(X), check_positive(eta, "eta"), as_generator(seed)
    w = _initial(w0, (X.shape[1],), "w0", rng, 0.1)

    def step(w, x):
        y = w @ x
        return w + eta * y * x

    return _learn(X, w, step, n_epochs, record_every, rng)


def covariance_rule(
    X,
    *,
    eta: float = 0.001,
    n_epochs: int = 1,
    w0=None,
    record_every: int = 1,
    seed: SeedLike = None,
) -> np.ndarray:
    """Covariance rule: Δw = η (y − ȳ)(x − x̄) with y = w·x and the averages
    x̄, ȳ = w·x̄.

    Synapses are depressed when pre- and postsynaptic activities lie on
    opposite sides of their averages; the weights still grow without bound, now
    along the leading eigenvector of the covariance matrix. Parameters and
    return value as for ``hebb``; x̄ is the mean of the rows of ``X``.
    """
    X, eta, rng = _data(X), check_positive(eta, "eta"), as_generator(seed)
    w = _initial(w0, (X.shape[1],), "w0", rng, 0.1)
    x_mean = X.mean(axis=0)

    def step(w, x):
        y, y_mean = w @ x, w @ x_mean
        return w + eta * (y - y_mean) * (x - x_mean)

    return _learn(X, w, step, n_epochs, record_every, rng)


def oja(
    X,
    *,
    eta: float = 0.001,
    n_epochs: int = 1,
    w0=None,
    record_every: int = 1,
    seed: SeedLike = None,
) -> np.ndarray:
    """Oja's rule: y = w·x, Δw = η y (x − y w).

    Hebbian growth plus a decay proportional to y²; for zero-mean inputs the
    weight vector converges to the unit-norm first principal component (chapter
    *Unsupervised Hebbian learning*, section on Oja's rule). Parameters and
    return value as for ``hebb``.
    """
    X, eta, rng = _data(X), check_positive(eta, "eta"), as_generator(seed)
    w = _initial(w0, (X.shape[1],), "w0", rng, 0.1)

    def step(w, x):
        y = w @ x
        return w + eta * y * (x - y * w)

    return _learn(X, w, step, n_epochs, record_every, rng)


def sanger(
    X,
    n_components: int,
    *,
    eta: float = 0.001,
    n_epochs: int = 1,
    W0=None,
    record_every: int = 1,
    seed: SeedLike = None,
) -> np.ndarray:
    """Sanger's generalised Hebbian algorithm: y = W x, ΔW = η (y xᵀ − LT(y yᵀ)
    W).

    LT keeps the lower triangle with the diagonal, so output i learns Oja's
    rule on the input minus what outputs 1 … i−1 already explain; for zero-mean
    inputs the rows of W converge to the first ``n_components`` principal
    components, in order.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Input patterns (centre them first).
    n_components : int
        Number of outputs k (rows of W).
    eta, n_epochs, record_every, seed
        As for ``hebb``.
    W0 : array_like, shape (n_components, n_features), optional
        Initial weights.

    Returns
    -------
    numpy.ndarray, shape (n_records, n_components, n_features)
    """
    X, eta, rng = _data(X), check_positive(eta, "eta"), as_generator(seed)
    k = check_int(n_components, "n_components")
    if k > X.shape[1]:
        raise ValueError(
            f"n_components must be at most n_features={X.shape[1]}; got {k}"
        )
    W = _initial(W0, (k, X.shape[1]), "W0", rng, 0.1 / np.sqrt(X.shape[1]))

    def step(W, x):
        y = W @ x
        return W + eta * (np.outer(y, x) - np.tril(np.outer(y, y)) @ W)

    return _learn(X, W, step, n_epochs, record_every, rng)


@dataclass(frozen=True)
class BCMResult:
    """Trajectory of a BCM neuron: weights ``w`` (n_records, n_features),
    threshold ``theta`` (n_records,)."""

    w: np.ndarray
    theta: np.ndarray


def bcm(
    X,
    *,
    eta: float = 0.005,
    tau_theta: float = 20.0,
    n_epochs: int = 1,
    w0=None,
    theta0: float = 0.0,
    record_every: int = 1,
    seed: SeedLike = None,
) -> BCMResult:
    """BCM rule with a sliding threshold: y = max(w·x, 0), Δw = η x y (y − θ),
    θ ← θ + (y² − θ)/τ_θ.

    The threshold tracks the running average of y²: a neuron that responds
    strongly to many inputs raises its threshold until only one input pattern
    potentiates, so the neuron becomes selective (chapter *Unsupervised Hebbian
    learning*, section on BCM).

    Parameters
    ----------
    X, eta, n_epochs, w0, record_every, seed
        As for ``hebb``.
    tau_theta : float
        Averaging time of the threshold, in presentations (≥ 1).
    theta0 : float
        Initial threshold (≥ 0).

    Returns
    -------
    BCMResult
    """
    X, eta, rng = _data(X), check_positive(eta, "eta"), as_generator(seed)
    tau = check_positive(tau_theta, "tau_theta")
    if tau < 1:
        raise ValueError(
            f"tau_theta must be at least 1 presentation; got tau_theta={tau}"
        )
    theta0 = check_positive(theta0, "theta0", allow_zero=True)
    w = _initial(w0, (X.shape[1],), "w0", rng, 0.1)

    def step(state, x):  # state = (w_1, ..., w_n, θ)
        w, theta = state[:-1], state[-1]
        y = max(w @ x, 0.0)
        return np.append(
            w + eta * x * y * (y - theta), theta + (y**2 - theta) / tau
        )

    history = _learn(
        X, np.append(w, theta0), step, n_epochs, record_every, rng
    )
    return BCMResult(history[:, :-1], history[:, -1])


def selectivity(responses) -> float:
    """Selectivity of a neuron, 1 − mean(y)/max(y), over its responses y ≥ 0 to
    a set of patterns: 0 when it responds equally to all, 1 − 1/n when only to
    one of n."""
    y = check_array(responses, "responses", ndim=1, min_samples=1)
    if np.any(y < 0) or y.max() <= 0:
        raise ValueError(
            f"responses must be non-negative and not all zero; got {y}"
        )
    return float(1.0 - y.mean() / y.max())


def competitive_learning(
    X,
    n_units: int,
    *,
    eta: float = 0.05,
    eta_loser: float = 0.0,
    n_epochs: int = 1,
    W0=None,
    record_every: int = 1,
    seed: SeedLike = None,
) -> np.ndarray:
    """Winner-take-all competitive learning: the unit whose prototype is
    nearest to x wins, and only the winner learns, Δw_win = η (x − w_win).

    Lateral inhibition is idealised as a hard winner-take-all; each prototype
    moves to the mean of the inputs it wins (chapter *Unsupervised Hebbian
    learning*).

    Parameters
    ----------
    X, eta, n_epochs, record_every, seed
        As for ``hebb``; η ≤ 1.
    eta_loser : float
        Learning rate of the units that lose (0 ≤ eta_loser < eta; default 0,
        pure winner-take-all).
    n_units : int
        Number of competing units (prototypes).
    W0 : array_like, shape (n_units, n_features), optional
        Initial prototypes (default: ``n_units`` distinct rows of X chosen with
        ``seed``).

    Returns
    -------
    numpy.ndarray, shape (n_records, n_units, n_features)
    """
    X, eta, rng = _data(X), check_positive(eta, "eta"), as_generator(seed)
    eta_loser = check_positive(eta_loser, "eta_loser", allow_zero=True)
    if not eta_loser < eta <= 1:
        raise ValueError(
            f"need 0 <= eta_loser < eta <= 1; got eta={eta}, "
            f"eta_loser={eta_loser}"
        )
    k = check_int(n_units, "n_units")
    if W0 is None:
        if k > len(X):
            raise ValueError(
                f"n_units must be at most n_samples={len(X)}; got {k}"
            )
        W0 = X[rng.choice(len(X), size=k, replace=False)]
    W = _initial(W0, (k, X.shape[1]), "W0", rng, 0.0)

    def step(W, x):
        winner = np.argmin(np.sum((W - x) ** 2, axis=1))
        rate = np.full((k, 1), eta_loser)
        rate[winner] = eta
        return W + rate * (x - W)

    return _learn(X, W, step, n_epochs, record_every, rng)


def anti_hebbian_decorrelation(
    X,
    *,
    eta: float = 0.001,
    n_epochs: int = 1,
    M0=None,
    record_every: int = 1,
    seed: SeedLike = None,
) -> np.ndarray:
    """Lateral anti-Hebbian learning: y = x + M y, i.e. y = (I − M)⁻¹ x, with
    ΔM_ij = −η y_i y_j for i ≠ j and M_ii = 0.

    The lateral weights become inhibitory between correlated outputs until the
    outputs are decorrelated, ⟨y_i y_j⟩ = 0 for i ≠ j (chapter *Unsupervised
    Hebbian learning*).

    Parameters
    ----------
    X, eta, n_epochs, record_every, seed
        As for ``hebb``.
    M0 : array_like, shape (n_features, n_features), optional
        Initial lateral weights (default 0); the diagonal is ignored.

    Returns
    -------
    numpy.ndarray, shape (n_records, n_features, n_features)
        The trajectory of the lateral weight matrix M.
    """
    X, eta, rng = _data(X), check_positive(eta, "eta"), as_generator(seed)
    n = X.shape[1]
    off_diagonal = 1.0 - np.eye(n)
    M = (
        _initial(
            np.zeros((n, n)) if M0 is None else M0, (n, n), "M0", rng, 0.0
        )
        * off_diagonal
    )
    if np.linalg.cond(np.eye(n) - M) > 1e12:
        raise ValueError(
            "M0 must leave I - M invertible, since y = (I - M)⁻¹ x; got a "
            "singular I - M"
        )

    def step(M, x):
        y = np.linalg.solve(np.eye(n) - M, x)
        return M - eta * np.outer(y, y) * off_diagonal

    return _learn(X, M, step, n_epochs, record_every, rng)


@dataclass(frozen=True)
class IPResult:
    """Trajectory of intrinsic plasticity: gain ``a`` and bias ``b``, each
    (n_records,)."""

    a: np.ndarray
    b: np.ndarray


def intrinsic_plasticity(
    x,
    *,
    mu: float = 0.2,
    eta: float = 0.001,
    n_epochs: int = 1,
    a0: float = 1.0,
    b0: float = 0.0,
    record_every: int = 1,
    seed: SeedLike = None,
) -> IPResult:
    """Triesch's intrinsic plasticity of a sigmoid neuron y = 1/(1 + exp(−(a x
    + b))):

    Δb = η (1 − (2 + 1/μ) y + y²/μ),   Δa = η/a + x Δb.

    Gradient descent on the Kullback-Leibler divergence between the
    distribution of y and an exponential distribution of mean μ: the neuron
    adapts its gain a and threshold −b/a until its output is sparse, with mean
    near μ (chapter *Unsupervised Hebbian learning*, section on homeostasis).

    Parameters
    ----------
    x : array_like, shape (n_samples,)
        Total synaptic input, one value per presentation.
    mu : float
        Target mean output, 0 < μ < 1.
    eta, n_epochs, record_every, seed
        As for ``hebb``.
    a0, b0 : float
        Initial gain (> 0) and bias.

    Returns
    -------
    IPResult
    """
    x = check_array(x, "x", ndim=1, min_samples=1)
    eta, mu = check_positive(eta, "eta"), check_positive(mu, "mu")
    if mu >= 1:
        raise ValueError(
            f"mu must lie in (0, 1), the range of the sigmoid; got mu={mu}"
        )
    if isinstance(b0, (bool, np.bool_)):
        raise TypeError(f"b0 must be a real number; got {b0!r}")
    state = np.array(
        [check_positive(a0, "a0"), float(check_array(b0, "b0", ndim=0))]
    )

    def step(state, x):  # state = (a, b)
        a, b = state
        y = 1.0 / (1.0 + np.exp(-(a * x[0] + b)))
        db = eta * (1.0 - (2.0 + 1.0 / mu) * y + y**2 / mu)
        return np.array([a + eta / a + x[0] * db, b + db])

    history = _learn(
        x[:, None], state, step, n_epochs, record_every, as_generator(seed)
    )
    return IPResult(history[:, 0], history[:, 1])


def hebbian_associator(X, T) -> np.ndarray:
    """Supervised Hebbian learning: clamp the outputs to the targets and store
    their correlation with the inputs, W = (1/N) Σ tᵢ xᵢᵀ.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Inputs.
    T : array_like, shape (n_samples, n_outputs)
        Targets (e.g. one-hot class codes).

    Returns
    -------
    numpy.ndarray, shape (n_outputs, n_features)
        The weight matrix W; the recalled output is y = W x.
    """
    X, T = _data(X), _data(T, "T")
    if len(T) != len(X):
        raise ValueError(
            f"X and T must have the same number of rows; got {len(X)} and "
            f"{len(T)}"
        )
    return T.T @ X / len(X)
