"""FORCE learning: taming a chaotic rate network with recursive least squares.

Chapter *Reservoir computing* (Part IV), after Sussillo and Abbott (2009). A
network of N rate units with random coupling of gain g,

    τ·dx/dt = −x + J·r + w_f·z,   r = tanh(x),   z = w·r,

is chaotic for g > 1 when the feedback w_f·z is absent (Sompolinsky, Crisanti
and Sommers 1988). FORCE learning adjusts only the readout w, by recursive
least squares (RLS), so quickly that the output z stays close to a target f(t)
from the first updates on; the fed-back z then entrains the network, and after
learning is switched off the network keeps producing f(t) on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_int,
    check_positive,
)

__all__ = [
    "random_coupling",
    "simulate_rate_network",
    "rls_update",
    "ForceResult",
    "force_learning",
]


def random_coupling(
    n_neurons: int, g: float, *, p: float = 0.1, seed: SeedLike = None
) -> np.ndarray:
    """Sparse random coupling matrix J of gain g.

    Each entry is non-zero with probability p and then normal with variance
    g²/(p·N), so that the eigenvalues of J fill a disc of radius about g (the
    circular law) and every unit receives input of variance g² times the mean
    squared rate.

    Parameters
    ----------
    n_neurons : int
        Number N of units (≥ 2).
    g : float
        Gain (≥ 0); the network without feedback is chaotic for g > 1.
    p : float in (0, 1]
        Connection probability.
    seed : int, numpy.random.Generator or None

    Returns
    -------
    numpy.ndarray of shape (n_neurons, n_neurons)
    """
    n_neurons, g, p = _check_coupling(n_neurons, g, p)
    return _draw_coupling(n_neurons, g, p, as_generator(seed))


def _check_coupling(
    n_neurons: Any, g: Any, p: Any
) -> tuple[int, float, float]:
    n_neurons = check_int(n_neurons, "n_neurons", minimum=2)
    g = check_positive(g, "g", allow_zero=True)
    p = check_positive(p, "p")
    if p > 1:
        raise ValueError(f"p must lie in (0, 1]; got p={p}")
    return n_neurons, g, p


def _draw_coupling(
    n_neurons: int, g: float, p: float, rng: np.random.Generator
) -> np.ndarray:
    """random_coupling for arguments that are already checked."""
    mask = rng.random((n_neurons, n_neurons)) < p
    return mask * rng.normal(
        0.0, g / np.sqrt(p * n_neurons), (n_neurons, n_neurons)
    )


def simulate_rate_network(
    J: Any, x0: Any, n_steps: int, *, dt: float = 1.0, tau: float = 10.0
) -> np.ndarray:
    """Euler integration of τ·dx/dt = −x + J·tanh(x) without input or feedback.

    Parameters
    ----------
    J : array_like, shape (N, N)
    x0 : array_like, shape (N,)
        Initial state.
    n_steps : int
    dt, tau : float
        Time step and time constant (same unit, e.g. ms).

    Returns
    -------
    numpy.ndarray, shape (n_steps, N)
        The rates r = tanh(x) after each step.
    """
    J = check_array(J, "J", ndim=2)
    x = check_array(x0, "x0", ndim=1, min_samples=1).copy()
    if J.shape != (len(x), len(x)):
        raise ValueError(
            f"J must have shape ({len(x)}, {len(x)}) to match x0; got "
            f"{J.shape}"
        )
    n_steps = check_int(n_steps, "n_steps")
    step = _euler_step(dt, tau)
    rates = np.empty((n_steps, len(x)))
    for n in range(n_steps):
        x += step * (-x + J @ np.tanh(x))
        rates[n] = np.tanh(x)
    return rates


def _euler_step(dt: Any, tau: Any) -> float:
    """dt/tau for an Euler step, checking 0 < dt < tau."""
    dt, tau = check_positive(dt, "dt"), check_positive(tau, "tau")
    if dt >= tau:
        raise ValueError(
            "dt must be smaller than tau for a stable Euler step; got "
            f"dt={dt}, tau={tau}"
        )
    return dt / tau


def _check_rls(P: Any, w: Any, r: Any, error: Any) -> tuple[np.ndarray, float]:
    """Check the arguments of rls_update; return r as an array and error as a
    float."""
    for name, arr, ndim in (("P", P, 2), ("w", w, 1)):
        if not isinstance(arr, np.ndarray) or arr.dtype.kind != "f":
            got = (
                f"an array of dtype {arr.dtype}"
                if isinstance(arr, np.ndarray)
                else (f"a {type(arr).__name__}")
            )
            raise TypeError(
                f"{name} must be a NumPy float array (it is updated in "
                "place); "
                f"got {got}"
            )
        check_array(arr, name, ndim=ndim, dtype=None)
    n = w.shape[0]
    if P.shape != (n, n):
        raise ValueError(
            f"P must have shape ({n}, {n}) to match w; got {P.shape}"
        )
    r = check_array(r, "r", ndim=1)
    if r.shape != (n,):
        raise ValueError(f"r must have shape ({n},) to match w; got {r.shape}")
    return r, float(check_array(error, "error", ndim=0))


def rls_update(
    P: np.ndarray, w: np.ndarray, r: np.ndarray, error: float
) -> None:
    """One recursive-least-squares step, in place.

    With the gain vector g = P·r and c = 1 / (1 + r·g):  P ← P − c·g·gᵀ  and
    w ← w − c·error·g (chapter Reservoir computing),
    where error = w·r − f is the output error before the update. P is the
    inverse of the regularised correlation matrix of the rates seen so far. P
    (N, N) and w (N,) must be NumPy float arrays, since they are changed in
    place.
    """
    r, error = _check_rls(P, w, r, error)
    g = P @ r
    c = 1.0 / (1.0 + r @ g)
    P -= np.outer(c * g, g)
    w -= c * error * g


@dataclass(frozen=True)
class ForceResult:
    """What a FORCE simulation recorded.

    Attributes
    ----------
    t : numpy.ndarray, shape (n_steps,)
        Times (the unit of dt, e.g. ms).
    z : numpy.ndarray, shape (n_steps,)
        Network output z = w·r.
    target : numpy.ndarray, shape (n_steps,)
        The target f(t).
    n_train : int
        Learning was on for the first n_train steps and off afterwards.
    dw_norm : numpy.ndarray, shape (n_steps,)
        Size |Δw| of the readout change at each step (0 without an update).
    rates : numpy.ndarray, shape (n_steps, n_record)
        Rates of the first n_record units.
    w : numpy.ndarray, shape (n_neurons,)
        Readout weights at the end.
    """

    t: np.ndarray
    z: np.ndarray
    target: np.ndarray
    n_train: int
    dw_norm: np.ndarray
    rates: np.ndarray
    w: np.ndarray


def force_learning(
    target: Any,
    n_train: int,
    *,
    n_neurons: int = 500,
    g: float = 1.5,
    p: float = 0.1,
    tau: float = 10.0,
    dt: float = 1.0,
    alpha: float = 1.0,
    update_every: int = 2,
    n_record: int = 5,
    seed: SeedLike = None,
) -> ForceResult:
    """Train the readout of a chaotic rate network by FORCE (RLS) and let it
    run on.

    The network τ·dx/dt = −x + J·r + w_f·z with r = tanh(x) and z = w·r is
    integrated by Euler steps of size dt. During the first ``n_train`` steps
    the readout w is updated by RLS every ``update_every`` steps, starting from
    w = 0 and P = I/α; after that w is frozen and the network runs on its own.

    Parameters
    ----------
    target : array_like, shape (n_steps,)
        Target f at every step; its length sets the duration.
    n_train : int
        Steps with learning switched on (at most len(target)).
    n_neurons, g, p : int, float, float
        Size, gain and connection probability of J.
    tau, dt : float
        Time constant and time step (same unit).
    alpha : float
        Regulariser of RLS: the initial P is I/α.
    update_every : int
        Steps between two RLS updates.
    n_record : int
        Number of units whose rates are recorded.
    seed : int, numpy.random.Generator or None
        Seed of J, of the feedback weights w_f (uniform on [−1, 1]) and of
        x(0).

    Returns
    -------
    ForceResult
    """
    f = check_array(target, "target", ndim=1, min_samples=1)
    n_train = check_int(n_train, "n_train", minimum=0)
    if n_train > len(f):
        raise ValueError(
            f"n_train must be at most len(target)={len(f)}; got {n_train}"
        )
    update_every = check_int(update_every, "update_every")
    n_neurons, g, p = _check_coupling(n_neurons, g, p)
    n_record = check_int(n_record, "n_record", minimum=0)
    if n_record > n_neurons:
        raise ValueError(
            f"n_record must be at most n_neurons={n_neurons}; got {n_record}"
        )
    step, alpha = _euler_step(dt, tau), check_positive(alpha, "alpha")
    rng = as_generator(seed)
    J = _draw_coupling(n_neurons, g, p, rng)
    w_f = rng.uniform(-1.0, 1.0, n_neurons)
    x = 0.5 * rng.standard_normal(n_neurons)
    w, P = np.zeros(n_neurons), np.eye(n_neurons) / alpha
    z_all, dw_norm = np.empty(len(f)), np.zeros(len(f))
    rates = np.empty((len(f), n_record))
    for n in range(len(f)):
        r = np.tanh(x)
        z = w @ r
        if n < n_train and n % update_every == 0:
            w_old = w.copy()
            rls_update(P, w, r, z - f[n])
            dw_norm[n] = np.linalg.norm(w - w_old)
        z_all[n], rates[n] = z, r[: rates.shape[1]]
        x += step * (-x + J @ r + w_f * z)
    return ForceResult(
        t=np.arange(1, len(f) + 1) * dt,
        z=z_all,
        target=f,
        n_train=n_train,
        dw_norm=dw_norm,
        rates=rates,
        w=w,
    )
