"""Linear regression and its regularised variants, from scratch in NumPy.

Chapters *Linear regression* and *Regularisation* (Part II). Every model
predicts

    y = wᵀx + b

with weights ``w`` of shape ``(n_features,)`` (``(n_features, n_outputs)`` for
several targets where supported) and bias ``b``; they differ in how ``w`` and
``b`` are found:

* LinearRegression -- least squares by the normal equations;
* LMSRegressor -- the online delta rule (least mean squares, Widrow-Hoff);
* Ridge -- L2 penalty, closed form;
* Lasso and ElasticNet -- L1 (and L2) penalty, coordinate descent.
"""

from __future__ import annotations

import math
from itertools import combinations_with_replacement
from typing import Any

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_features,
    check_fitted,
    check_int,
    check_positive,
    check_seed,
    check_X_y,
)

__all__ = [
    "LinearRegression",
    "LMSRegressor",
    "Ridge",
    "Lasso",
    "ElasticNet",
    "coordinate_descent",
    "polynomial_features",
]


def polynomial_features(X: Any, degree: int) -> np.ndarray:
    """All monomials of the inputs of degree 1 to ``degree`` (no constant
    column).

    A single input x becomes (x, x², ..., x^p); several inputs give
    every product x_i1 x_i2 ... x_ik with k ≤ p. A linear
    model on these features is a polynomial of degree p in the inputs but still
    linear in its weights (chapter *Linear regression*).

    Parameters
    ----------
    X : array_like, shape (n_samples,) or (n_samples, n_features)
    degree : int
        The degree p ≥ 1.

    Returns
    -------
    numpy.ndarray, shape (n_samples, n_monomials)
        Columns ordered by degree, then lexicographically.
    """
    X = check_array(X, "X", ndim=(1, 2), min_samples=1)
    X = X[:, None] if X.ndim == 1 else X
    if X.shape[1] == 0:
        raise ValueError(
            f"X must have at least one feature (column); got shape {X.shape}"
        )
    degree = check_int(degree, "degree", minimum=1)
    columns = [
        np.prod(X[:, list(idx)], axis=1)
        for k in range(1, degree + 1)
        for idx in combinations_with_replacement(range(X.shape[1]), k)
    ]
    return np.column_stack(columns)


class _LinearModel:
    """Shared ``predict`` of the linear models: y = wᵀx + b."""

    w: np.ndarray | None = None
    b: float | np.ndarray | None = None
    multi_output = True

    def _check_fit_data(self, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        X, y = check_X_y(X, y, y_ndim=(1, 2) if self.multi_output else 1)
        if y.ndim == 2 and y.shape[1] == 0:
            raise ValueError(
                f"y must have at least one target column; got shape {y.shape}"
            )
        return X, y

    def predict(self, X: Any) -> np.ndarray:
        """Predictions y = wᵀx + b for every row of ``X``."""
        check_fitted(self, "w")
        X = check_features(X, self.w.shape[0])
        return X @ self.w + self.b


def _center(
    X: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any]:
    """Centre inputs and targets, so that the bias drops out of a penalised
    fit."""
    x_mean, y_mean = X.mean(axis=0), y.mean(axis=0)
    return X - x_mean, y - y_mean, x_mean, y_mean


#: Largest condition number of AᵀA for which the normal equations are solved
#: directly (beyond it, about ten of double precision's sixteen digits would be
#: lost).
MAX_GRAM_CONDITION = 1e10


def least_squares(A: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Minimiser of ‖t − A w‖², the one of smallest norm if there are several.

    Solves the normal equations AᵀA w = Aᵀt when AᵀA is well conditioned;
    otherwise (collinear or nearly collinear columns) uses the singular value
    decomposition of A (numpy.linalg.lstsq), which returns the minimum-norm
    solution A⁺t. Shapes: ``A`` (n, d), ``t`` (n,) or (n, k).
    """
    A, t = check_X_y(A, t, y_ndim=(1, 2), names=("A", "t"))
    gram = A.T @ A
    if np.linalg.cond(gram) <= MAX_GRAM_CONDITION:
        return np.linalg.solve(gram, A.T @ t)
    return np.linalg.lstsq(A, t, rcond=None)[0]


class LinearRegression(_LinearModel):
    """Least-squares linear regression solved by the normal equations.

    With the augmented design matrix X_tilde = [X, 1] (a column of ones
    appended) and parameters w_tilde = (w, b), the minimiser of ‖t − X_tilde
    w_tilde‖² solves the normal equations X_tildeᵀ X_tilde w_tilde = X_tildeᵀ t
    (chapter *Linear regression*). When X_tildeᵀ X_tilde is singular or nearly
    so, the minimum-norm solution (pseudo-inverse) is returned (see
    least_squares).

    Attributes
    ----------
    w : numpy.ndarray, shape (n_features,) or (n_features, n_outputs)
    b : float or numpy.ndarray, shape (n_outputs,)
    """

    def fit(self, X: Any, y: Any) -> LinearRegression:
        """Solve the normal equations for the data ``X`` and targets ``y``."""
        X, y = self._check_fit_data(X, y)
        X_tilde = np.column_stack([X, np.ones(len(X))])
        w_tilde = least_squares(X_tilde, y)
        self.w, self.b = w_tilde[:-1], w_tilde[-1]
        return self


class LMSRegressor(_LinearModel):
    """Linear regression learned online by the delta rule (least mean squares).

    Every sample, visited in a random order each epoch, moves the parameters
    against the gradient of its own squared error ½ (t_i − y_i)²:

        w ← w + η (t_i − y_i) x_i,    b ← b + η (t_i − y_i)

    (Widrow and Hoff, 1960; chapter *Linear regression*).

    Parameters
    ----------
    learning_rate : float
        Step size η > 0.
    n_epochs : int
        Passes through the data.
    seed : int, numpy.random.Generator or None
        Seed of the sample order (and nothing else: the weights start at zero).

    Attributes
    ----------
    w : numpy.ndarray, shape (n_features,)
    b : float
    loss_history : numpy.ndarray, shape (n_epochs + 1,)
        Mean squared error on the training data at the start and after every
        epoch.
    """

    multi_output = False

    def __init__(
        self,
        learning_rate: float = 0.01,
        n_epochs: int = 100,
        seed: SeedLike = None,
    ):
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.n_epochs = check_int(n_epochs, "n_epochs")
        self.seed = check_seed(seed)
        self.loss_history: np.ndarray | None = None

    def fit(self, X: Any, y: Any) -> LMSRegressor:
        """Apply the delta rule sample by sample for ``n_epochs`` epochs."""
        X, t = self._check_fit_data(X, y)
        rng = as_generator(self.seed)
        w, b, eta = np.zeros(X.shape[1]), 0.0, self.learning_rate
        losses = [np.mean((t - X @ w - b) ** 2)]
        for _ in range(self.n_epochs):
            for i in rng.permutation(len(X)):
                delta = t[i] - (X[i] @ w + b)  # the error of this one sample
                w += eta * delta * X[i]
                b += eta * delta
            losses.append(np.mean((t - X @ w - b) ** 2))
            if not np.isfinite(losses[-1]):
                raise FloatingPointError(
                    f"the delta rule diverged (training MSE {losses[-1]}): "
                    "lower "
                    f"learning_rate={eta}"
                )
        self.w, self.b, self.loss_history = w, float(b), np.asarray(losses)
        return self


class Ridge(_LinearModel):
    """Ridge regression (L2 penalty) in closed form.

    Minimises ½ ‖t − Xw − b‖² + (λ/2) ‖w‖² (the bias is not penalised). On
    centred data X_c, t_c the solution is

        w = (X_cᵀX_c + λI)⁻¹ X_cᵀt_c,    b = mean(t) − mean(x)ᵀw

    (Hoerl and Kennard, 1970; chapter *Regularisation*).

    Parameters
    ----------
    lam : float
        Penalty λ ≥ 0 (``0`` is ordinary least squares).

    Attributes
    ----------
    w : numpy.ndarray, shape (n_features,) or (n_features, n_outputs)
    b : float or numpy.ndarray, shape (n_outputs,)
    """

    def __init__(self, lam: float = 1.0):
        self.lam = check_positive(lam, "lam", allow_zero=True)

    def fit(self, X: Any, y: Any) -> Ridge:
        """Solve the penalised normal equations on centred data."""
        X, y = self._check_fit_data(X, y)
        Xc, tc, x_mean, t_mean = _center(X, y)
        # the penalty as extra rows: ‖tc − Xc w‖² + λ‖w‖² = ‖[tc; 0] − [Xc; √λ
        # I] w‖²
        design = np.vstack([Xc, np.sqrt(self.lam) * np.eye(X.shape[1])])
        targets = np.concatenate([tc, np.zeros((X.shape[1],) + tc.shape[1:])])
        self.w = least_squares(design, targets)
        self.b = t_mean - x_mean @ self.w
        return self


def _shrink(rho: float, tau: float) -> float:
    """Soft-thresholding S_τ(ρ) of one number.

    The scalar form of neurocomp.optim.soft_threshold without its argument
    checks, which would dominate the cost of the inner loop of
    coordinate_descent.
    """
    return math.copysign(max(abs(rho) - tau, 0.0), rho)


def _check_penalty(lam: Any, l1_ratio: Any, max_iter: Any, tol: Any):
    """Validate the hyper-parameters of coordinate_descent and ElasticNet."""
    lam = check_positive(lam, "lam", allow_zero=True)
    l1_ratio = check_positive(l1_ratio, "l1_ratio", allow_zero=True)
    if l1_ratio > 1:
        raise ValueError(
            f"l1_ratio must be in [0, 1]; got l1_ratio={l1_ratio!r}"
        )
    return (
        lam,
        l1_ratio,
        check_int(max_iter, "max_iter"),
        check_positive(tol, "tol"),
    )


def coordinate_descent(
    X: np.ndarray,
    t: np.ndarray,
    lam: float,
    l1_ratio: float = 1.0,
    max_iter: int = 1000,
    tol: float = 1e-8,
) -> tuple[np.ndarray, int]:
    """Cyclic coordinate descent for the elastic net on centred data.

    Minimises ½ ‖t − Xw‖² + λα ‖w‖₁ + (λ(1 − α)/2) ‖w‖² one weight at a
    time. With the partial residual correlation
    ρ_j = x_jᵀ(t − Xw) + ‖x_j‖² w_j, where x_j is column j of X,
    the exact minimiser over w_j is

        w_j = S_λα(ρ_j) / (‖x_j‖² + λ(1 − α)),

    where S is soft-thresholding, neurocomp.optim.soft_threshold
    (chapter *Regularisation*). Sweeps stop when no weight moves more than
    ``tol``.

    Shapes: ``X`` (n_samples, n_features), ``t`` (n_samples,). Hyper-parameters
    as in ElasticNet: λ ≥ 0, α in [0, 1], ``max_iter`` ≥ 1, ``tol`` > 0.

    Returns
    -------
    w : numpy.ndarray, shape (n_features,)
    n_sweeps : int
        Number of sweeps used.
    """
    X, t = check_X_y(X, t, names=("X", "t"))
    lam, l1_ratio, max_iter, tol = _check_penalty(lam, l1_ratio, max_iter, tol)
    w = np.zeros(X.shape[1])
    residual = t.astype(float).copy()  # t - X w with w = 0
    sq_norms = np.sum(X**2, axis=0)
    denominators = sq_norms + lam * (1.0 - l1_ratio)
    for sweep in range(1, max_iter + 1):
        largest_step = 0.0
        for j in range(X.shape[1]):
            # a constant column carries no information
            if denominators[j] == 0.0:
                continue
            rho = float(X[:, j] @ residual) + sq_norms[j] * w[j]
            w_new = _shrink(rho, lam * l1_ratio) / denominators[j]
            residual -= X[:, j] * (w_new - w[j])
            largest_step = max(largest_step, abs(w_new - w[j]))
            w[j] = w_new
        if largest_step <= tol:
            return w, sweep
    return w, max_iter


class ElasticNet(_LinearModel):
    """Elastic net: L1 plus L2 penalty, fitted by coordinate_descent.

    Minimises ½ ‖t − Xw − b‖² + λ (α ‖w‖₁ + ((1 − α)/2) ‖w‖²) (Zou and Hastie,
    2005; chapter *Regularisation*). ``l1_ratio`` = α = 1 is the LASSO,
    α = 0 ridge regression.

    Parameters
    ----------
    lam : float
        Overall penalty λ ≥ 0.
    l1_ratio : float
        The mixing weight α in [0, 1].
    max_iter : int
        Maximal number of sweeps.
    tol : float
        Stop when no weight changes by more than ``tol`` in a sweep.

    Attributes
    ----------
    w : numpy.ndarray, shape (n_features,)
    b : float
    n_iter : int
        Sweeps used by the last fit.
    """

    multi_output = False

    def __init__(
        self,
        lam: float = 1.0,
        l1_ratio: float = 0.5,
        max_iter: int = 1000,
        tol: float = 1e-8,
    ):
        self.lam, self.l1_ratio, self.max_iter, self.tol = _check_penalty(
            lam, l1_ratio, max_iter, tol
        )
        self.n_iter: int | None = None

    def fit(self, X: Any, y: Any) -> ElasticNet:
        """Run coordinate descent on centred data; the bias restores the
        means."""
        X, y = self._check_fit_data(X, y)
        Xc, tc, x_mean, t_mean = _center(X, y)
        self.w, self.n_iter = coordinate_descent(
            Xc, tc, self.lam, self.l1_ratio, self.max_iter, self.tol
        )
        self.b = float(t_mean - x_mean @ self.w)
        return self


class Lasso(ElasticNet):
    """The LASSO: ½ ‖t − Xw − b‖² + λ ‖w‖₁.

    An ElasticNet with ``l1_ratio=1`` (Tibshirani, 1996; chapter
    *Regularisation*). Coordinate descent with soft-thresholding sets weights
    to exactly zero once |ρ_j| ≤ λ.

    Parameters
    ----------
    lam : float
        Penalty λ ≥ 0.
    max_iter : int
    tol : float
    """

    def __init__(
        self, lam: float = 1.0, max_iter: int = 1000, tol: float = 1e-8
    ):
        super().__init__(lam=lam, l1_ratio=1.0, max_iter=max_iter, tol=tol)
