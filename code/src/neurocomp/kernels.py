"""Feature spaces and kernels: kernel functions, the kernel perceptron and RBF
networks.

Chapter *Learning theory* (Part II) shows how a linear method becomes
non-linear when it works in a feature space φ(x): explicitly, with the Gaussian
units of an RBFNetwork, or implicitly, through a kernel K(x, x') = φ(x)ᵀφ(x')
as in the KernelPerceptron.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from .clustering import KMeans
from .geometry import squared_distances
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_bool,
    check_choice,
    check_features,
    check_fitted,
    check_int,
    check_pm1,
    check_positive,
    check_seed,
    check_X_y,
)

__all__ = [
    "linear_kernel",
    "polynomial_kernel",
    "rbf_kernel",
    "KernelPerceptron",
    "RBFNetwork",
]


def _pair(X: Any, Y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = check_array(X, "X", ndim=2, min_samples=1)
    Y = X if Y is None else check_array(Y, "Y", ndim=2, min_samples=1)
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"X and Y must have the same number of features; got {X.shape[1]} "
            f"and {Y.shape[1]}"
        )
    return X, Y


def linear_kernel(X: Any, Y: Any = None) -> np.ndarray:
    """Gram matrix of the linear kernel K(x, y) = xᵀy.

    Parameters
    ----------
    X : array_like, shape (n, d)
    Y : array_like, shape (m, d), optional
        Default: ``X``.

    Returns
    -------
    numpy.ndarray, shape (n, m)
    """
    X, Y = _pair(X, Y)
    return X @ Y.T


def polynomial_kernel(
    X: Any,
    Y: Any = None,
    degree: int = 3,
    gamma: float = 1.0,
    coef0: float = 1.0,
) -> np.ndarray:
    """Polynomial kernel K(x, y) = (γ xᵀy + c)^p.

    It is the inner product of the feature vectors that hold all monomials of
    the inputs up to degree p (suitably weighted), without ever forming them
    (chapter *Learning theory*).

    Parameters
    ----------
    X, Y : array_like, shapes (n, d) and (m, d)
    degree : int
        Degree p ≥ 1.
    gamma : float
        Scale γ > 0 of the inner product.
    coef0 : float
        Offset c ≥ 0.

    Returns
    -------
    numpy.ndarray, shape (n, m)
    """
    degree = check_int(degree, "degree")
    gamma = check_positive(gamma, "gamma")
    coef0 = check_positive(coef0, "coef0", allow_zero=True)
    X, Y = _pair(X, Y)
    return (gamma * X @ Y.T + coef0) ** degree


def rbf_kernel(X: Any, Y: Any = None, gamma: float = 1.0) -> np.ndarray:
    """Gaussian (RBF) kernel K(x, y) = exp(−γ ‖x − y‖²).

    Parameters
    ----------
    X, Y : array_like, shapes (n, d) and (m, d)
    gamma : float
        Inverse width γ = 1/(2σ²) > 0.

    Returns
    -------
    numpy.ndarray, shape (n, m)
        Values in (0, 1], 1 on identical points.
    """
    gamma = check_positive(gamma, "gamma")
    return np.exp(-gamma * squared_distances(X, Y))


KERNELS: dict[str, Callable[..., np.ndarray]] = {
    "linear": linear_kernel,
    "polynomial": polynomial_kernel,
    "rbf": rbf_kernel,
}


class KernelPerceptron:
    """Perceptron in the feature space of a kernel (dual form).

    The weight vector is never formed: it is w = Σ_i α_i t_i φ(x_i), where α_i
    counts the mistakes made on sample i, so that

        f(x) = Σ_i α_i t_i K(x_i, x) + b,    y = sign f(x),

    and a mistake on sample i does α_i ← α_i + 1,
    b ← b + t_i (chapter *Learning theory*).

    Parameters
    ----------
    kernel : {"linear", "polynomial", "rbf"} or callable
        The kernel; a callable is called as ``kernel(X, Y)`` and returns the
        Gram matrix.
    max_epochs : int
        Maximum number of passes through the data.
    shuffle : bool
        New random order of the samples in every epoch.
    seed : int, numpy.random.Generator or None
        Seed of the shuffling.
    **kernel_params
        Passed to the kernel, e.g. ``gamma=2.0`` or ``degree=2``.

    Attributes
    ----------
    alpha : numpy.ndarray of int, shape (n_samples,)
        Mistake counts α_i (non-zero ones mark the "support" samples).
    b : float
    n_mistakes_ : int
    converged_ : bool
    """

    def __init__(
        self,
        kernel: str | Callable[..., np.ndarray] = "rbf",
        max_epochs: int = 100,
        shuffle: bool = True,
        seed: SeedLike = None,
        **kernel_params: Any,
    ) -> None:
        if not callable(kernel) and not (
            isinstance(kernel, str) and kernel in KERNELS
        ):
            raise ValueError(
                f"kernel must be one of {', '.join(map(repr, KERNELS))} or a "
                "callable; "
                f"got {kernel!r}"
            )
        # an unknown keyword fails here, not in fit
        if isinstance(kernel, str):
            allowed = list(inspect.signature(KERNELS[kernel]).parameters)[2:]
            unknown = sorted(set(kernel_params) - set(allowed))
            if unknown:
                raise TypeError(
                    f"kernel_params {unknown} are not parameters of the "
                    f"{kernel!r} kernel; "
                    f"it takes {allowed or 'none'}"
                )
        self.kernel = kernel
        self.kernel_params = kernel_params
        self.max_epochs = check_int(max_epochs, "max_epochs")
        self.shuffle = check_bool(shuffle, "shuffle")
        self.seed = check_seed(seed)
        self.alpha: np.ndarray | None = None

    def gram(self, X: Any, Y: Any = None) -> np.ndarray:
        """Gram matrix K(x_i, y_j) of the chosen kernel."""
        func = (
            KERNELS[self.kernel]
            if isinstance(self.kernel, str)
            else self.kernel
        )
        K = check_array(
            func(X, X if Y is None else Y, **self.kernel_params),
            "kernel(X, Y)",
        )
        shape = (len(X), len(X if Y is None else Y))
        if K.shape != shape:
            raise ValueError(
                f"kernel(X, Y) must return a Gram matrix of shape {shape}; "
                f"got shape {K.shape}"
            )
        return K

    def fit(self, X: Any, y: Any) -> KernelPerceptron:
        """Train on ``X`` (n_samples, n_features) and labels ``y`` in {-1,
        +1}."""
        X, _ = check_X_y(X, y)
        t = check_pm1(y)
        K = self.gram(X)
        rng = as_generator(self.seed)
        alpha, b = np.zeros(len(t), dtype=int), 0.0
        self.mistakes_, self.converged_ = [], False
        for _ in range(self.max_epochs):
            mistakes = 0
            for i in (
                rng.permutation(len(t)) if self.shuffle else range(len(t))
            ):
                if t[i] * ((alpha * t) @ K[:, i] + b) <= 0.0:
                    alpha[i] += 1
                    b += t[i]
                    mistakes += 1
            self.mistakes_.append(mistakes)
            if mistakes == 0:
                self.converged_ = True
                break
        self.X_train, self.t_train, self.alpha, self.b = X, t, alpha, float(b)
        self.n_mistakes_ = int(alpha.sum())
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Return f(x) = Σ_i α_i t_i K(x_i, x) + b."""
        check_fitted(self, "alpha")
        X = check_features(X, self.X_train.shape[1])
        return (self.alpha * self.t_train) @ self.gram(
            self.X_train, X
        ) + self.b

    def predict(self, X: Any) -> np.ndarray:
        """Return labels in {-1, +1}."""
        return np.where(self.decision_function(X) >= 0.0, 1, -1)


class RBFNetwork:
    """Radial-basis-function network with Gaussian hidden units and a linear
    readout.

        φ_j(x) = exp(−‖x − c_j‖² / (2σ²)),
        y = W_outᵀ [φ_1(x), ..., φ_M(x), 1]ᵀ.

    The centres c_j are found without the targets (k-means or a random
    subset of the samples); only the readout W_out is learned from them,
    by (ridge-regularised) least squares,
    W_out = (ΦᵀΦ + λI)⁻¹ ΦᵀY
    (chapter *Learning theory*).

    Parameters
    ----------
    n_centres : int
        Number M of hidden units.
    width : float or None
        Width σ; ``None`` takes d_max / √(2M) with
        d_max the largest distance between two centres.
    centres : {"kmeans", "random"}
        How the centres are chosen.
    l2 : float
        Ridge penalty λ ≥ 0 on the weights (not on the bias).
    seed : int, numpy.random.Generator or None
        Seed of the centre selection.

    Attributes
    ----------
    C : numpy.ndarray, shape (n_centres, n_features)
        Centres.
    sigma : float
        Width used.
    W_out : numpy.ndarray, shape (n_centres + 1,) or (n_centres + 1, n_outputs)
        Readout weights, bias last.
    """

    def __init__(
        self,
        n_centres: int = 10,
        width: float | None = None,
        centres: str = "kmeans",
        l2: float = 0.0,
        seed: SeedLike = None,
    ) -> None:
        self.n_centres = check_int(n_centres, "n_centres")
        self.width = None if width is None else check_positive(width, "width")
        self.centres = check_choice(centres, "centres", ("kmeans", "random"))
        self.l2 = check_positive(l2, "l2", allow_zero=True)
        self.seed = check_seed(seed)
        self.W_out: np.ndarray | None = None

    def features(self, X: Any) -> np.ndarray:
        """Design matrix Φ with a last column of ones, shape (n, M + 1)."""
        check_fitted(self, "C")
        X = check_features(X, self.C.shape[1])
        Phi = rbf_kernel(X, self.C, gamma=1.0 / (2.0 * self.sigma**2))
        return np.hstack([Phi, np.ones((Phi.shape[0], 1))])

    def fit(self, X: Any, y: Any) -> RBFNetwork:
        """Place the centres on ``X`` and fit the readout to ``y`` (1-D or 2-D
        targets)."""
        X, Y = check_X_y(X, y, y_ndim=(1, 2))
        if self.n_centres > X.shape[0]:
            raise ValueError(
                "n_centres must be at most the number of samples "
                f"{X.shape[0]}; "
                f"got {self.n_centres}"
            )
        rng = as_generator(self.seed)
        if self.centres == "kmeans":
            self.C = (
                KMeans(self.n_centres, init="k-means++", seed=rng)
                .fit(X)
                .centers_
            )
        else:
            self.C = X[
                rng.choice(X.shape[0], self.n_centres, replace=False)
            ].copy()
        d_max = np.sqrt(squared_distances(self.C).max())
        self.sigma = self.width or (
            d_max / np.sqrt(2 * self.n_centres) if d_max > 0 else 1.0
        )
        Phi = self.features(X)
        # ridge as least squares on rows sqrt(l2) * I appended to Phi
        if self.l2 > 0.0:
            ridge = np.sqrt(self.l2) * np.eye(Phi.shape[1])[:-1]
            Phi = np.vstack([Phi, ridge])
            Y = np.concatenate([Y, np.zeros((ridge.shape[0],) + Y.shape[1:])])
        self.W_out = np.linalg.lstsq(Phi, Y, rcond=None)[0]
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Return the network outputs Φ W_out."""
        check_fitted(self, "W_out")
        return self.features(X) @ self.W_out
