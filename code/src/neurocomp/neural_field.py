"""One-dimensional Amari neural field with a Mexican-hat kernel.

Chapter *Associative memory* (Part IV). The field u(x, t) on a ring of length L
obeys

    τ ∂u/∂t = -u + ∫ w(x - y) f(u(y, t)) dy + h + s(x, t),

with the step nonlinearity f(u) = 1 for u > 0 and 0 otherwise, a resting level
h < 0 and an external input s (Amari 1977). With a Mexican-hat kernel w (near
excitation, far inhibition) a localised bump of activity can persist after the
input is removed; its width a solves W(a) + h = 0 with the integrated kernel
W(x) = ∫_0^x w(y) dy, and the bump is stable where w(a) < 0.

NumPy only; simulate returns a FieldRun and never prints or plots.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .utils import check_array, check_int, check_positive

__all__ = [
    "MexicanHat",
    "field_grid",
    "amari_widths",
    "active_length",
    "FieldRun",
    "simulate",
]

_erf = np.vectorize(math.erf, otypes=[float])


@dataclass(frozen=True)
class MexicanHat:
    """Mexican-hat kernel w(x) = a_exc·exp(-x²/2σ_exc²) -
    a_inh·exp(-x²/2σ_inh²).

    A difference of Gaussians (chapter Associative memory, neural fields).

    Parameters
    ----------
    a_exc, sigma_exc : float
        Strength and range of the excitation (positive).
    a_inh, sigma_inh : float
        Strength and range of the inhibition (positive); a Mexican hat needs
        sigma_inh > sigma_exc and a_inh < a_exc.
    """

    a_exc: float = 1.0
    sigma_exc: float = 1.0
    a_inh: float = 0.4
    sigma_inh: float = 3.0

    def __post_init__(self) -> None:
        for name in ("a_exc", "sigma_exc", "a_inh", "sigma_inh"):
            check_positive(getattr(self, name), name)
        if not (self.sigma_inh > self.sigma_exc and self.a_inh < self.a_exc):
            raise ValueError(
                "a Mexican hat needs sigma_inh > sigma_exc and a_inh < a_exc; "
                "got "
                f"sigma_exc={self.sigma_exc}, sigma_inh={self.sigma_inh}, "
                f"a_exc={self.a_exc}, a_inh={self.a_inh}"
            )

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """The kernel w(x)."""
        x = check_array(x, "x")
        return self.a_exc * np.exp(
            -(x**2) / (2 * self.sigma_exc**2)
        ) - self.a_inh * np.exp(-(x**2) / (2 * self.sigma_inh**2))

    def integral(self, x: np.ndarray) -> np.ndarray:
        """W(x) = ∫_0^x w(y) dy = √(π/2)·[a_exc σ_exc erf(x/√2σ_exc) - a_inh
        σ_inh erf(x/√2σ_inh)]."""
        x = check_array(x, "x")
        c = math.sqrt(math.pi / 2)
        return c * (
            self.a_exc
            * self.sigma_exc
            * _erf(x / (math.sqrt(2) * self.sigma_exc))
            - self.a_inh
            * self.sigma_inh
            * _erf(x / (math.sqrt(2) * self.sigma_inh))
        )


def field_grid(length: float, n_points: int) -> np.ndarray:
    """Grid x_k = -L/2 + k·L/n, k = 0, ..., n-1, of a ring of length L."""
    length = check_positive(length, "length")
    n_points = check_int(n_points, "n_points", minimum=4)
    return -length / 2 + np.arange(n_points) * (length / n_points)


def amari_widths(
    kernel: MexicanHat, h: float, *, a_max: float | None = None
) -> np.ndarray:
    """Widths a > 0 of stationary bumps: the roots of W(a) + h = 0, in
    increasing order.

    The roots are bracketed on a fine grid of (0, a_max] and refined by
    bisection. Of two roots, the larger one (where W decreases, w(a) < 0) is
    the stable bump.

    Parameters
    ----------
    kernel : MexicanHat
    h : float
        Resting level of the field (negative for a bump to exist).
    a_max : float, optional
        Upper end of the search (default 10 sigma_inh).
    """
    if not isinstance(kernel, MexicanHat):
        raise TypeError(
            f"kernel must be a MexicanHat; got {type(kernel).__name__}"
        )
    h = _level(h)
    a_max = (
        10 * kernel.sigma_inh
        if a_max is None
        else check_positive(a_max, "a_max")
    )
    a = np.linspace(a_max / 4000, a_max, 4000)
    g = kernel.integral(a) + h
    roots = []
    for k in np.flatnonzero(np.sign(g[:-1]) != np.sign(g[1:])):
        lo, hi = a[k], a[k + 1]
        # bisection: halve the bracket until it is below rounding
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            same = np.sign(kernel.integral(mid) + h) == np.sign(g[k])
            lo, hi = (mid, hi) if same else (lo, mid)
        roots.append(0.5 * (lo + hi))
    return np.array(roots)


def active_length(u: np.ndarray, dx: float) -> float:
    """Length of the region u > 0 on a ring grid, with linearly interpolated
    edges."""
    u = check_array(u, "u", ndim=1, min_samples=1)
    dx = check_positive(dx, "dx")
    u_next = np.roll(u, -1)
    crossing = (u > 0) != (u_next > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        part = np.where(
            crossing, np.maximum(u, u_next) / np.abs(u - u_next), 0.0
        )
    inside = (u > 0) & (u_next > 0)
    return float(dx * (np.sum(inside) + np.sum(part)))


@dataclass(frozen=True)
class FieldRun:
    """Result of simulate.

    Attributes
    ----------
    x : array of shape (n_points,)
        Positions on the ring.
    t : array of shape (n_records,)
        Recorded times (in the units of τ's unit).
    u : array of shape (n_records, n_points)
        The field u(x, t) at the recorded times.
    """

    x: np.ndarray
    t: np.ndarray
    u: np.ndarray

    def widths(self) -> np.ndarray:
        """Length of the active region u > 0 at every recorded time."""
        dx = self.x[1] - self.x[0]
        return np.array([active_length(row, dx) for row in self.u])


def simulate(
    kernel: MexicanHat,
    *,
    h: float,
    stimulus: np.ndarray,
    t_stim: float,
    duration: float,
    length: float = 40.0,
    n_points: int = 800,
    tau: float = 1.0,
    dt: float = 0.05,
    u0: np.ndarray | None = None,
    record_every: int = 1,
) -> FieldRun:
    """Integrate τ du/dt = -u + ∫ w(x - y) f(u(y)) dy + h + s(x) with the Euler
    method.

    The field lives on field_grid(length, n_points), a ring; the convolution is
    circular and computed with the fast Fourier transform. Chapter Associative
    memory, neural fields.

    Parameters
    ----------
    kernel : MexicanHat
        The coupling w(x - y).
    h : float
        Resting level of the field.
    stimulus : array of shape (n_points,)
        External input s(x) on the grid, switched on for t < t_stim.
    t_stim : float
        Duration of the input (≥ 0).
    duration : float
        Simulated time; round(duration / dt) ≥ 1 Euler steps are taken.
    length, n_points : float, int
        Length L of the ring and number of grid points (≥ 4).
    tau, dt : float
        Time constant and time step (same unit, dt < tau).
    u0 : array of shape (n_points,), optional
        Initial field (default u = h everywhere).
    record_every : int
        Keep every record_every-th step (at most the number of steps).

    Returns
    -------
    FieldRun
    """
    x, s, u, h, n_steps = _setup(
        kernel,
        h,
        stimulus,
        t_stim,
        duration,
        length,
        n_points,
        tau,
        dt,
        u0,
        record_every,
    )
    dx = length / n_points
    ring = np.minimum(np.arange(n_points), n_points - np.arange(n_points)) * dx
    # kernel at the ring distances from x_0
    w_hat = np.fft.rfft(kernel(ring)) * dx
    times, fields = [0.0], [u.copy()]
    for step in range(1, n_steps + 1):
        rate = (u > 0).astype(float)  # f(u): the step function
        recurrent = np.fft.irfft(np.fft.rfft(rate) * w_hat, n=n_points)
        drive = recurrent + h + (s if (step - 1) * dt < t_stim else 0.0)
        u = u + dt / tau * (-u + drive)
        if step % record_every == 0:
            times.append(step * dt)
            fields.append(u.copy())
    return FieldRun(x, np.array(times), np.array(fields))


def _setup(
    kernel,
    h,
    stimulus,
    t_stim,
    duration,
    length,
    n_points,
    tau,
    dt,
    u0,
    record_every,
):
    """Check the arguments of simulate; return the grid, input, initial field,
    h, steps."""
    if not isinstance(kernel, MexicanHat):
        raise TypeError(
            f"kernel must be a MexicanHat; got {type(kernel).__name__}"
        )
    x = field_grid(length, n_points)
    h = _level(h)
    s = _on_grid(stimulus, "stimulus", n_points)
    u = (
        np.full(n_points, h)
        if u0 is None
        else _on_grid(u0, "u0", n_points).copy()
    )
    check_positive(t_stim, "t_stim", allow_zero=True)
    duration, tau, dt = (
        check_positive(v, k)
        for k, v in (("duration", duration), ("tau", tau), ("dt", dt))
    )
    if dt >= tau:
        raise ValueError(
            "dt must be smaller than tau for a stable Euler step; got "
            f"dt={dt}, tau={tau}"
        )
    if duration < dt:
        raise ValueError(
            f"duration must be at least dt={dt}; got duration={duration}"
        )
    n_steps = int(round(duration / dt))
    if check_int(record_every, "record_every") > n_steps:
        raise ValueError(
            f"record_every must be at most the number of steps, {n_steps}; "
            f"got record_every={record_every}"
        )
    return x, s, u, h, n_steps


def _level(h: float) -> float:
    """Check the resting level h, a finite real number (not a bool)."""
    if isinstance(h, (bool, np.bool_)):
        raise TypeError(f"h must be a real number; got {h!r}")
    return float(check_array(h, "h", ndim=0))


def _on_grid(values: np.ndarray, name: str, n_points: int) -> np.ndarray:
    arr = check_array(values, name, ndim=1)
    if arr.shape[0] != n_points:
        raise ValueError(
            f"{name} must have n_points={n_points} entries; got shape "
            f"{arr.shape}"
        )
    return arr
