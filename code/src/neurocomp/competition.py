"""Weight bounds and inhibition for Hebbian learning.

Chapter *Unsupervised Hebbian learning*: a Hebbian rule with hard or soft
weight bounds, the k-winners-take-all and divisive forms of inhibition, and the
inhibitory plasticity of Vogels et al. (2011) that sets a neuron's rate to a
target.
"""

from __future__ import annotations

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
    "bounded_hebbian",
    "k_winners_take_all",
    "divisive_normalization",
    "InhibitoryPlasticityResult",
    "inhibitory_plasticity",
]


def bounded_hebbian(
    X: Any,
    *,
    eta: float = 0.01,
    bounds: str = "hard",
    w_max: float = 1.0,
    n_epochs: int = 1,
    w0: Any = None,
    seed: SeedLike = None,
) -> np.ndarray:
    """Hebbian learning with a presynaptic threshold and hard or soft weight
    bounds.

    For each input x (rates, shape (d,)), with output y = w·x / d and the mean
    input x̄ = mean_j x_j as the threshold, the drive of synapse j is h_j = η y
    (x_j − x̄). It sums to zero over the synapses, so some grow only at the
    expense of others.

    - hard bounds: w_j ← clip(w_j + h_j, 0, w_max);
    - soft bounds: w_j ← w_j + (w_max − w_j) h_j where h_j > 0 and w_j + w_j
      h_j where h_j < 0 (potentiation slows near w_max, depression near 0).

    Parameters
    ----------
    X : array_like, shape (n_samples, d)
        Non-negative input rates, presented in a new random order each epoch.
    eta : float
        Learning rate η.
    bounds : {"hard", "soft"}
    w_max : float
        Upper bound of the weights (the lower bound is 0).
    n_epochs : int
    w0 : array_like, shape (d,), optional
        Initial weights in [0, w_max]; default w_max / 2 for all.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    numpy.ndarray, shape (n_epochs + 1, d)
        The weights before learning and after each epoch.
    """
    X = check_array(X, "X", ndim=2, min_samples=1)
    if np.any(X < 0):
        raise ValueError(
            "X must hold non-negative rates; got a negative entry"
        )
    eta = check_positive(eta, "eta")
    bounds = check_choice(bounds, "bounds", ("hard", "soft"))
    w_max = check_positive(w_max, "w_max")
    n_epochs = check_int(n_epochs, "n_epochs")
    d = X.shape[1]
    w = (
        np.full(d, w_max / 2)
        if w0 is None
        else check_array(w0, "w0", ndim=1).copy()
    )
    if w.shape != (d,) or np.any(w < 0) or np.any(w > w_max):
        raise ValueError(
            f"w0 must have shape ({d},) with entries in [0, w_max={w_max}]"
        )
    rng = as_generator(seed)
    history = [w.copy()]
    for _ in range(n_epochs):
        for x in X[rng.permutation(len(X))]:
            h = eta * (w @ x / d) * (x - x.mean())
            if bounds == "hard":
                w = np.clip(w + h, 0.0, w_max)
            else:
                w = w + np.where(h > 0, (w_max - w) * h, w * h)
        history.append(w.copy())
    return np.array(history)


def k_winners_take_all(y: Any, k: int) -> np.ndarray:
    """Keep the k largest entries of y and set the others to zero (ties: the
    first ones).

    An idealised strong lateral inhibition: only k units of a layer stay
    active.
    """
    y = check_array(y, "y", ndim=1, min_samples=1)
    k = check_int(k, "k")
    if k > len(y):
        raise ValueError(
            f"k must be at most the number of units {len(y)}; got k={k}"
        )
    winners = np.argsort(-y, kind="stable")[:k]
    out = np.zeros_like(y)
    out[winners] = y[winners]
    return out


def divisive_normalization(
    E: Any, *, sigma: float = 1.0, exponent: float = 1.0, gain: float = 1.0
) -> np.ndarray:
    """Divisive normalisation of non-negative drives E_i.

        r_i = γ E_iⁿ / (σⁿ + Σ_k E_kⁿ)

    Each unit's response is divided by the pooled activity of the population
    (the inhibition), so the responses keep their ratios while their sum
    saturates.
    """
    E = check_array(E, "E", ndim=(1, 2), min_samples=1)
    if np.any(E < 0):
        raise ValueError(
            "E must hold non-negative drives; got a negative entry"
        )
    sigma = check_positive(sigma, "sigma", allow_zero=True)
    exponent = check_positive(exponent, "exponent")
    gain = check_positive(gain, "gain")
    En = E**exponent
    pool = sigma**exponent + En.sum(axis=-1, keepdims=True)
    if np.any(pool == 0):
        raise ValueError("sigma = 0 with an all-zero drive E divides by zero")
    return gain * En / pool


@dataclass(frozen=True)
class InhibitoryPlasticityResult:
    """Inhibitory weights (one row per recorded step) and the output rate at
    every step."""

    w_inh: np.ndarray
    y: np.ndarray


def inhibitory_plasticity(
    S: Any,
    w_exc: Any,
    *,
    rho0: float = 1.0,
    eta: float = 1e-3,
    w_inh0: Any = None,
    record_every: int = 100,
) -> InhibitoryPlasticityResult:
    """Inhibitory plasticity with a target rate (Vogels et al. 2011, rate
    form).

    Input channel c carries the rate S[n, c] to the neuron through an
    excitatory weight w_exc[c] (fixed) and an inhibitory weight w_inh[c] >= 0
    (learned):

        y = [ Σ_c (w_exc[c] − w_inh[c]) S[n, c] ]_+ ,
        Δw_inh[c] = η S[n, c] (y − ρ₀),
        then w_inh ← max(w_inh, 0)  (Dale's law).

    Inhibition grows while the neuron fires above the target ρ₀ and shrinks
    below it.

    Parameters
    ----------
    S : array_like, shape (n_steps, n_channels)
        Non-negative input rates, presented in order.
    w_exc : array_like, shape (n_channels,)
        Fixed excitatory weights.
    rho0 : float
        Target rate ρ₀.
    eta : float
        Learning rate η.
    w_inh0 : array_like, shape (n_channels,), optional
        Initial inhibitory weights (default zero).
    record_every : int
        Record w_inh every this many steps.
    """
    S = check_array(S, "S", ndim=2, min_samples=1)
    if np.any(S < 0):
        raise ValueError(
            "S must hold non-negative rates; got a negative entry"
        )
    w_exc = check_array(w_exc, "w_exc", ndim=1)
    if w_exc.shape != (S.shape[1],):
        raise ValueError(
            f"w_exc must have shape ({S.shape[1]},); got {w_exc.shape}"
        )
    rho0 = check_positive(rho0, "rho0")
    eta = check_positive(eta, "eta")
    record_every = check_int(record_every, "record_every")
    w = (
        np.zeros(S.shape[1])
        if w_inh0 is None
        else check_array(w_inh0, "w_inh0", ndim=1).copy()
    )
    if w.shape != w_exc.shape or np.any(w < 0):
        raise ValueError(
            f"w_inh0 must have shape {w_exc.shape} with non-negative entries"
        )
    ys, record = np.empty(len(S)), [w.copy()]
    for n, s in enumerate(S):
        y = max(float((w_exc - w) @ s), 0.0)
        w = np.maximum(w + eta * s * (y - rho0), 0.0)
        ys[n] = y
        if (n + 1) % record_every == 0:
            record.append(w.copy())
    return InhibitoryPlasticityResult(np.array(record), ys)
