"""Generative adversarial networks in one dimension, for the chapter
"Generative adversarial networks".

NumPy helpers for examples whose densities are known: a Gaussian mixture
(density and samples), the optimal discriminator D* = p_data / (p_data + p_g),
the value of the game V(D, G), the Jensen-Shannon divergence, the maximum mean
discrepancy of two samples, and a measure of how many modes of a mixture a set
of generated samples covers. The Keras models and training steps are in
gan_keras.
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


def _mixture(
    means: Any, stds: Any, weights: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    means = check_array(means, "means", ndim=1, min_samples=1)
    stds = check_array(stds, "stds", ndim=1)
    if stds.shape != means.shape or np.any(stds <= 0):
        raise ValueError(
            f"stds must hold {len(means)} positive numbers (one per mean); "
            f"got {stds}"
        )
    if weights is None:
        weights = np.full(len(means), 1.0 / len(means))
    weights = check_array(weights, "weights", ndim=1)
    if (
        weights.shape != means.shape
        or np.any(weights < 0)
        or not np.isclose(weights.sum(), 1.0)
    ):
        raise ValueError(
            f"weights must hold {len(means)} non-negative numbers summing to "
            f"1; got {weights}"
        )
    return means, stds, weights


def mixture_pdf(
    x: Any, means: Any, stds: Any, weights: Any = None
) -> np.ndarray:
    """Density of a one-dimensional Gaussian mixture.

    p(x) = Σ_k π_k · exp(-(x - μ_k)² / (2 σ_k²)) / (√(2π) σ_k)

    Parameters
    ----------
    x : array_like, scalar or shape (n,)
        Where to evaluate the density.
    means, stds : array_like, shape (K,)
        Centres μ_k and standard deviations σ_k > 0 of the K components.
    weights : array_like, shape (K,), optional
        Mixing weights π_k (non-negative, summing to 1); equal weights by
        default.

    Returns
    -------
    numpy.ndarray
        p(x), with the shape of x.
    """
    x = check_array(x, "x", ndim=(0, 1))
    means, stds, weights = _mixture(means, stds, weights)
    z = (x[..., None] - means) / stds
    return np.sum(
        weights * np.exp(-0.5 * z**2) / (np.sqrt(2 * np.pi) * stds), axis=-1
    )


def sample_mixture(
    n: int, means: Any, stds: Any, weights: Any = None, seed: SeedLike = None
) -> np.ndarray:
    """Draw n samples of a Gaussian mixture: a component k with probability
    π_k, then x ~ N(μ_k, σ_k²). Returns an array of shape (n,)."""
    n = check_int(n, "n")
    means, stds, weights = _mixture(means, stds, weights)
    rng = as_generator(seed)
    k = rng.choice(len(means), size=n, p=weights)
    return rng.normal(means[k], stds[k])


def _densities(
    p_data: Any, p_g: Any, names: tuple[str, str] = ("p_data", "p_g")
) -> tuple[np.ndarray, np.ndarray]:
    a, b = names
    p_data = check_array(p_data, a, ndim=(0, 1))
    p_g = check_array(p_g, b, ndim=(0, 1))
    if p_data.shape != p_g.shape:
        raise ValueError(
            f"{a} and {b} must have the same shape; got {p_data.shape} and "
            f"{p_g.shape}"
        )
    for name, d in ((a, p_data), (b, p_g)):
        if np.any(d < 0):
            raise ValueError(
                f"{name} must be a density (non-negative values); got minimum "
                f"{d.min()}"
            )
    return p_data, p_g


def optimal_discriminator(p_data: Any, p_g: Any) -> np.ndarray:
    """The discriminator that maximises the value of the game for a fixed
    generator.

    D*(x) = p_data(x) / (p_data(x) + p_g(x)), evaluated pointwise. Where both
    densities vanish every value is optimal; 1/2 is returned there.
    """
    p_data, p_g = _densities(p_data, p_g)
    total = p_data + p_g
    return np.divide(
        p_data, total, out=np.full_like(total, 0.5), where=total > 0
    )


def _grid(x: Any, n: int) -> np.ndarray:
    x = check_array(x, "x", ndim=1, min_samples=2)
    if x.shape[0] != n or np.any(np.diff(x) <= 0):
        raise ValueError(
            f"x must be an increasing grid of {n} points (one per density "
            "value)"
        )
    return x


def _xlogy(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """p · log q with the convention 0 · log 0 = 0."""
    return np.where(p > 0, p * np.log(np.where(p > 0, q, 1.0)), 0.0)


def game_value(d: Any, p_data: Any, p_g: Any, x: Any) -> float:
    """Value of the GAN game for a discriminator given on a grid.

    V(D, G) = ∫ [p_data(x) · log D(x) + p_g(x) · log(1 - D(x))] dx,
    integrated with the trapezoidal rule on the increasing grid x.

    Parameters
    ----------
    d : array_like, shape (n,)
        Discriminator outputs D(x) on the grid, in [0, 1].
    p_data, p_g : array_like, shape (n,)
        The two densities on the grid.
    x : array_like, shape (n,)
        The grid.
    """
    p_data, p_g = _densities(p_data, p_g)
    d = check_array(d, "d", ndim=1)
    if d.shape != p_data.shape or np.any(d < 0) or np.any(d > 1):
        got = f" with values from {d.min()} to {d.max()}" if d.size else ""
        raise ValueError(
            f"d must hold {p_data.size} probabilities in [0, 1], one per grid "
            "point; "
            f"got shape {d.shape}{got}"
        )
    x = _grid(x, d.size)
    integrand = _xlogy(p_data, d) + _xlogy(p_g, 1.0 - d)
    return float(np.trapezoid(integrand, x))


def js_divergence(p: Any, q: Any, x: Any) -> float:
    """Jensen-Shannon divergence of two densities given on a grid, in nats.

    JSD(p ‖ q) = ½ KL(p ‖ m) + ½ KL(q ‖ m) with the mixture m = (p + q) / 2;
    0 ≤ JSD ≤ log 2. Trapezoidal rule on the increasing grid x.
    """
    p, q = _densities(p, q, ("p", "q"))
    x = _grid(x, p.size)
    m = 0.5 * (p + q)
    integrand = 0.5 * (_xlogy(p, p) - _xlogy(p, m)) + 0.5 * (
        _xlogy(q, q) - _xlogy(q, m)
    )
    return float(np.trapezoid(integrand, x))


def _samples_2d(x: Any, name: str) -> np.ndarray:
    x = check_array(x, name, ndim=(1, 2), min_samples=2)
    return x[:, None] if x.ndim == 1 else x


def mmd2(x: Any, y: Any, bandwidth: float = 1.0) -> float:
    """Unbiased estimate of the squared maximum mean discrepancy of two
    samples.

    MMD² = E k(x, x') + E k(y, y') - 2 E k(x, y) with the Gaussian kernel
    k(a, b) = exp(-‖a - b‖² / (2 h²)), h = bandwidth; the two within-sample
    means leave out the pairs of a point with itself, so the estimate is
    unbiased and can be slightly negative when the two distributions are equal.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
    y : array_like, shape (m,) or (m, d)
    bandwidth : float
    """
    x, y = _samples_2d(x, "x"), _samples_2d(y, "y")
    if x.shape[1] != y.shape[1]:
        raise ValueError(
            f"x and y must have the same dimension; got {x.shape[1]} and "
            f"{y.shape[1]}"
        )
    h = check_positive(bandwidth, "bandwidth")

    def gram(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        sq = (a**2).sum(1)[:, None] + (b**2).sum(1)[None, :] - 2 * a @ b.T
        return np.exp(-np.maximum(sq, 0.0) / (2 * h * h))

    n, m = len(x), len(y)
    kxx, kyy = gram(x, x), gram(y, y)
    within_x = (kxx.sum() - np.trace(kxx)) / (n * (n - 1))
    within_y = (kyy.sum() - np.trace(kyy)) / (m * (m - 1))
    return float(within_x + within_y - 2 * gram(x, y).mean())


@dataclass(frozen=True)
class ModeCoverage:
    """How generated samples distribute over the modes of a mixture.

    Attributes
    ----------
    fractions : numpy.ndarray, shape (K,)
        Fraction of the samples that lie within `width` standard deviations of
        each mode.
    off_mode : float
        Fraction of the samples near no mode ("low-quality" samples).
    n_covered : int
        Number of modes that received at least `min_fraction` of the samples.
    """

    fractions: np.ndarray
    off_mode: float
    n_covered: int


def mode_coverage(
    samples: Any,
    means: Any,
    stds: Any,
    *,
    width: float = 3.0,
    min_fraction: float = 0.05,
) -> ModeCoverage:
    """Count the modes of a 1-D Gaussian mixture that generated samples cover.

    A sample belongs to the mode k that minimises |x - μ_k| / σ_k if that
    distance is at most width; a mode is covered when at least min_fraction of
    all samples belong to it.
    """
    samples = check_array(samples, "samples", ndim=1, min_samples=1)
    means, stds, _ = _mixture(means, stds, None)
    width = check_positive(width, "width")
    min_fraction = check_positive(min_fraction, "min_fraction")
    if min_fraction > 1:
        raise ValueError(
            f"min_fraction must be in (0, 1]; got min_fraction={min_fraction}"
        )
    distance = np.abs(samples[:, None] - means) / stds
    nearest = np.argmin(distance, axis=1)
    inside = distance[np.arange(len(samples)), nearest] <= width
    fractions = np.bincount(nearest[inside], minlength=len(means)) / len(
        samples
    )
    return ModeCoverage(
        fractions,
        float(1.0 - inside.mean()),
        int(np.sum(fractions >= min_fraction)),
    )
