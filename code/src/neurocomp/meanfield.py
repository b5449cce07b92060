"""Mean-field theory of LIF neurons and of the Brunel network (NumPy and
SciPy).

Chapter *Spiking neural networks* (Part IV). A LIF neuron (τ dV/dt = −V +
input, V from rest, threshold θ, reset V_r, refractory period t_ref) driven by
white noise of mean μ and standard deviation σ fires at the rate given by the
Siegert formula (Siegert 1951; Brunel 2000)

    1/ν = t_ref + τ √π ∫ from (V_r − μ)/σ to (θ − μ)/σ of exp(u²) (1 + erf u)
    du.

In the sparse excitatory-inhibitory network of Brunel (2000) each neuron sees,
when the network fires at ν,

    μ = C_E J τ [ν_ext + ν (1 − g/4)],    σ² = J² C_E τ [ν_ext + ν (1 + g²/4)],

so the rate of the asynchronous state solves the self-consistency ν = φ(μ(ν),
σ(ν)). All quantities are plain floats in SI units (volt, second, hertz).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from scipy import integrate, optimize, special

from .utils import check_positive

__all__ = ["siegert_rate", "brunel_input", "brunel_rate", "BRUNEL_CONSTANTS"]

#: The neuron and network constants of the book's Brunel network (SI units).
BRUNEL_CONSTANTS = {
    "tau": 0.020,
    "theta": 0.020,
    "v_reset": 0.010,
    "t_ref": 0.002,
    "c_e": 400,
    "j": 0.2e-3,
}


def _real(value: Any, name: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not np.isfinite(value)
    ):
        raise TypeError(
            f"{name} must be a finite real number; got {name}={value!r}"
        )
    return float(value)


def siegert_rate(
    mu: float,
    sigma: float,
    *,
    tau: float = 0.020,
    theta: float = 0.020,
    v_reset: float = 0.010,
    t_ref: float = 0.002,
) -> float:
    """Stationary firing rate (Hz) of a LIF neuron with white-noise input
    (Siegert formula).

    Parameters
    ----------
    mu : float
        Mean input μ, as a potential relative to rest (V).
    sigma : float
        Standard deviation σ of the input (V), > 0.
    tau, theta, v_reset, t_ref : float
        Membrane time constant (s), threshold (V), reset (V, below theta),
        refractory period (s, may be 0).

    Returns
    -------
    float
        The rate ν in Hz.
    """
    mu = _real(mu, "mu")
    sigma = check_positive(sigma, "sigma")
    tau, theta = check_positive(tau, "tau"), _real(theta, "theta")
    v_reset = _real(v_reset, "v_reset")
    t_ref = check_positive(t_ref, "t_ref", allow_zero=True)
    if v_reset >= theta:
        raise ValueError(
            f"v_reset must lie below theta; got v_reset={v_reset}, "
            f"theta={theta}"
        )
    lower, upper = (v_reset - mu) / sigma, (theta - mu) / sigma
    # exp(u²) overflows the integral: the rate is zero to double precision
    if upper > 12:
        return 0.0
    # exp(u²)(1 + erf u) = erfcx(−u), finite for large negative u
    mean_time = integrate.quad(
        lambda u: special.erfcx(-u), lower, upper, limit=200
    )[0]
    return 1.0 / (t_ref + tau * np.sqrt(np.pi) * mean_time)


def brunel_input(
    nu: float,
    g: float,
    nu_ratio: float,
    *,
    c_e: int = 400,
    j: float = 0.2e-3,
    tau: float = 0.020,
    theta: float = 0.020,
) -> tuple[float, float]:
    """Mean μ and standard deviation σ (V) of a neuron's input in the Brunel
    network.

    ``nu`` is the network rate (Hz), ``g`` the relative inhibition and
    ``nu_ratio`` the external drive ν_ext/ν_thr with ν_thr = θ/(C_E J τ).
    """
    nu = check_positive(nu, "nu", allow_zero=True)
    g = check_positive(g, "g", allow_zero=True)
    nu_ratio = check_positive(nu_ratio, "nu_ratio", allow_zero=True)
    c_e, j = check_positive(c_e, "c_e"), check_positive(j, "j")
    tau = check_positive(tau, "tau")
    nu_ext = nu_ratio * _real(theta, "theta") / (c_e * j * tau)
    mu = c_e * j * tau * (nu_ext + nu * (1 - g / 4))
    sigma = j * np.sqrt(c_e * tau * (nu_ext + nu * (1 + g**2 / 4)))
    return mu, sigma


def brunel_rate(g: float, nu_ratio: float, **constants: float) -> float:
    """Self-consistent rate (Hz) of the asynchronous state of the Brunel
    network.

    Solves ν = φ(μ(ν), σ(ν)) with φ the Siegert formula and μ, σ from
    brunel_input. Where several rates are self-consistent (excitation-dominated
    networks), the largest is returned. ``constants`` overrides
    BRUNEL_CONSTANTS (tau, theta, v_reset, t_ref, c_e, j).
    """
    unknown = set(constants) - set(BRUNEL_CONSTANTS)
    if unknown:
        raise TypeError(
            f"unknown constants {sorted(unknown)}; expected some of "
            f"{sorted(BRUNEL_CONSTANTS)}"
        )
    k = {**BRUNEL_CONSTANTS, **constants}
    g, nu_ratio = (
        check_positive(g, "g", allow_zero=True),
        check_positive(nu_ratio, "nu_ratio"),
    )
    inputs = {name: k[name] for name in ("c_e", "j", "tau", "theta")}
    neuron = {name: k[name] for name in ("tau", "theta", "v_reset", "t_ref")}

    def excess(nu: float) -> float:
        mu, sigma = brunel_input(nu, g, nu_ratio, **inputs)
        return siegert_rate(mu, sigma, **neuron) - nu

    nu_max = 1.0 / k["t_ref"] if k["t_ref"] > 0 else 1e4
    grid = np.concatenate(
        [[0.0], np.geomspace(1e-3, nu_max * (1 - 1e-9), 120)]
    )
    values = np.array([excess(nu) for nu in grid])
    roots = [
        optimize.brentq(excess, a, b, xtol=1e-9)
        for a, b, fa, fb in zip(grid[:-1], grid[1:], values[:-1], values[1:])
        if fa * fb < 0
    ]
    if not roots:  # excess > 0 everywhere below the maximal rate: saturated
        return nu_max
    return float(max(roots))
