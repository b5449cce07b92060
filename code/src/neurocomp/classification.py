"""Linear classifiers trained by gradient descent: logistic and softmax
regression.

LogisticRegression belongs to chapter *Maximum likelihood and logistic
regression*, SoftmaxRegression, softmax and one_hot to *Multi-class
classification* (Part II). Plain NumPy; scikit-learn is only the tests' oracle.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_features,
    check_fitted,
    check_int,
    check_labels,
    check_positive,
    check_seed,
    check_X_y,
)

__all__ = [
    "sigmoid",
    "softmax",
    "one_hot",
    "LogisticRegression",
    "SoftmaxRegression",
]


def _as_logits(z: Any, name: str = "z") -> np.ndarray:
    """Float array of ``z``; infinities are allowed, but not None, text or
    other objects.

    numpy turns None into NaN when asked for a float array, so the element
    types are checked before the conversion.
    """
    raw = np.asarray(z) if not isinstance(z, np.ndarray) else z
    if raw.dtype.kind not in "biuf":
        shown = "None" if z is None else f"an array of dtype {raw.dtype}"
        raise TypeError(
            f"{name} must be array-like with real numeric entries; got {shown}"
        )
    return check_array(raw, name, finite=False)


def sigmoid(z: Any) -> np.ndarray:
    """Logistic function σ(z) = 1 / (1 + e^(−z)), without overflow.

    Evaluated as exp(−log(1 + e^(−z))) with numpy.logaddexp, so
    ``sigmoid(-1000)`` is ``0.0`` and ``sigmoid(1000)`` is ``1.0`` without
    overflow (chapter *Maximum likelihood and logistic regression*). ``z``:
    array_like logits; returns an array of the same shape with values in [0,
    1].
    """
    z = _as_logits(z, "z")
    return np.exp(-np.logaddexp(0.0, -z))


def softmax(Z: Any, axis: int = -1) -> np.ndarray:
    """Softmax p_k = e^(z_k) / Σ_j e^(z_j) along ``axis``, without overflow.

    The maximum along ``axis`` is subtracted before exponentiating; this leaves
    the result unchanged (softmax is invariant to adding a constant to all
    logits) and keeps every exponent ≤ 0 (chapter *Multi-class
    classification*).

    ``Z``: logits, e.g. of shape ``(n_samples, n_classes)``; ``axis``: the axis
    over which the returned probabilities (same shape as ``Z``) sum to one.
    """
    Z = check_array(Z, "Z", ndim=(1, 2, 3))
    axis = check_int(axis, "axis", minimum=-Z.ndim)
    if axis >= Z.ndim or Z.shape[axis] == 0:
        raise ValueError(
            f"axis must name a non-empty axis of Z (shape {Z.shape}); got "
            f"axis={axis}"
        )
    shifted = Z - Z.max(axis=axis, keepdims=True)
    E = np.exp(shifted)
    return E / E.sum(axis=axis, keepdims=True)


def _log_softmax(Z: np.ndarray) -> np.ndarray:
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def one_hot(y: Any, n_classes: int | None = None) -> np.ndarray:
    """One-hot encode integer labels: t_ik = 1 if y_i = k, else 0.

    Parameters
    ----------
    y : array_like of int, shape (n_samples,)
        Class labels in ``0, ..., n_classes - 1``.
    n_classes : int, optional
        Number of classes K (default: ``max(y) + 1``).

    Returns
    -------
    numpy.ndarray, shape (n_samples, n_classes)
        Float matrix with exactly one 1 per row (chapter *Multi-class
        classification*).
    """
    y = check_labels(y)
    if n_classes is None:
        n_classes = int(y.max()) + 1
    n_classes = check_int(n_classes, "n_classes", minimum=1)
    if y.max() >= n_classes:
        raise ValueError(
            f"y holds the label {y.max()}, which needs n_classes > {y.max()}; "
            f"got n_classes={n_classes}"
        )
    T = np.zeros((y.shape[0], n_classes))
    T[np.arange(y.shape[0]), y] = 1.0
    return T


def _batches(
    n: int, batch_size: int | None, rng: np.random.Generator
) -> list[np.ndarray]:
    if batch_size is None or batch_size >= n:
        return [np.arange(n)]
    order = rng.permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


class _GradientDescentClassifier:
    """Shared (mini-)batch gradient descent of logistic and softmax
    regression."""

    def __init__(
        self,
        learning_rate: float = 0.1,
        max_epochs: int = 1000,
        l2: float = 0.0,
        batch_size: int | None = None,
        tol: float = 1e-6,
        seed: SeedLike = None,
    ) -> None:
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.max_epochs = check_int(max_epochs, "max_epochs")
        self.l2 = check_positive(l2, "l2", allow_zero=True)
        self.batch_size = (
            None if batch_size is None else check_int(batch_size, "batch_size")
        )
        self.tol = check_positive(tol, "tol", allow_zero=True)
        self.seed = check_seed(seed)

    def _params(self, w: Any, b: Any) -> tuple[np.ndarray, Any]:
        if w is None and b is None:
            check_fitted(self, self._weight_name)
            w, b = getattr(self, self._weight_name), self.b
        elif w is None or b is None:
            given = self._weight_name if b is None else "b"
            raise ValueError(
                f"give both {self._weight_name} and b, or neither; got only "
                f"{given}"
            )
        return check_array(w, self._weight_name), check_array(b, "b")

    def _descend(
        self, X: np.ndarray, T: np.ndarray, w: np.ndarray, b: Any
    ) -> None:
        """Minimise the loss from ``(w, b)``; stop when the gradient norm <
        tol."""
        rng = as_generator(self.seed)
        grad = self._gradient
        self.loss_history_, self.converged_ = [self._loss(X, T, w, b)], False
        for _ in range(self.max_epochs):
            # full gradient: stopping test (and the batch step)
            gw, gb = grad(X, T, w, b)
            if np.sqrt(np.sum(gw**2) + np.sum(gb**2)) < self.tol:
                self.converged_ = True
                break
            for idx in _batches(X.shape[0], self.batch_size, rng):
                # mini-batch SGD: gradient of the batch
                if self.batch_size is not None:
                    gw, gb = grad(X[idx], T[idx], w, b)
                w, b = w - self.learning_rate * gw, b - self.learning_rate * gb
            self.loss_history_.append(self._loss(X, T, w, b))
        self.n_epochs_ = len(self.loss_history_) - 1
        setattr(self, self._weight_name, w)
        self.b = b


class LogisticRegression(_GradientDescentClassifier):
    """Binary logistic regression P(t=1 | x) = σ(wᵀx + b).

    Fitted by gradient descent on the mean cross-entropy (negative
    log-likelihood) with an optional L2 penalty that does not touch the bias,

        L(w, b) = −(1/N) Σ_i [t_i log y_i + (1 − t_i) log(1 − y_i)] + (λ/2)
        ‖w‖²,

    whose gradient is (1/N) Σ_i (y_i − t_i) x_i + λw with respect to w
    and (1/N) Σ_i (y_i − t_i) with respect to b (chapter *Maximum likelihood
    and logistic regression*).

    Parameters
    ----------
    learning_rate : float
        Step size η.
    max_epochs : int
        Maximum number of passes through the data.
    l2 : float
        Penalty λ ≥ 0 (0: plain maximum likelihood).
    batch_size : int or None
        ``None``: full-batch gradient descent; an int: mini-batch SGD.
    tol : float
        Stop when the norm of the full gradient is below ``tol``.
    seed : int, numpy.random.Generator or None
        Seed of the mini-batch shuffling.

    Attributes
    ----------
    w : numpy.ndarray, shape (n_features,)
    b : float
    loss_history_ : list of float
        The loss L before training and after every epoch.
    converged_ : bool
    """

    _weight_name = "w"
    w: np.ndarray | None = None

    def fit(self, X: Any, y: Any) -> LogisticRegression:
        """Train on ``X`` (n_samples, n_features) and labels ``y`` in {0,
        1}."""
        X, t = self._check_binary(X, y)
        self._descend(X, t, np.zeros(X.shape[1]), 0.0)
        self.b = float(self.b)
        return self

    @staticmethod
    def _check_binary(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        X, t = check_X_y(X, y)
        bad = np.setdiff1d(np.unique(t), [0.0, 1.0])
        if bad.size:
            raise ValueError(
                "y must contain only the labels 0 and 1; found "
                f"{bad[:5].tolist()}. "
                "Convert -1/+1 labels with t = (y + 1) / 2."
            )
        return X, t

    def _loss(
        self, X: np.ndarray, t: np.ndarray, w: np.ndarray, b: Any
    ) -> float:
        z = X @ w + b
        # -[t log s(z) + (1-t) log(1 - s(z))] = log(1 + e^z) - t z, computed
        # stably
        data = np.mean(np.logaddexp(0.0, z) - t * z)
        return float(data + 0.5 * self.l2 * (w @ w))

    def _gradient(self, X: np.ndarray, t: np.ndarray, w: np.ndarray, b: Any):
        delta = (sigmoid(X @ w + b) - t) / X.shape[0]
        return X.T @ delta + self.l2 * w, float(delta.sum())

    def _checked(self, X: Any, y: Any, w: Any, b: Any):
        X, t = self._check_binary(X, y)
        w, b = self._params(w, b)
        if w.shape != (X.shape[1],) or b.ndim != 0:
            raise ValueError(
                f"w must have shape {(X.shape[1],)} and b must be a scalar; "
                "got "
                f"{w.shape} and {b.shape}"
            )
        return X, t, w, float(b)

    def loss(self, X: Any, y: Any, w: Any = None, b: Any = None) -> float:
        """Mean cross-entropy plus penalty at ``(w, b)`` (default: the fitted
        values)."""
        return self._loss(*self._checked(X, y, w, b))

    def gradient(
        self, X: Any, y: Any, w: Any = None, b: Any = None
    ) -> tuple[np.ndarray, float]:
        """Analytic gradient (∂L/∂w, ∂L/∂b) at ``(w, b)``."""
        return self._gradient(*self._checked(X, y, w, b))

    def predict_proba(self, X: Any) -> np.ndarray:
        """Return P(t=1 | x) for every row of ``X``."""
        check_fitted(self, "w")
        X = check_features(X, self.w.shape[0])
        return sigmoid(X @ self.w + self.b)

    def predict(self, X: Any) -> np.ndarray:
        """Return the labels 0/1 (threshold 0.5 on the probability)."""
        return (self.predict_proba(X) >= 0.5).astype(int)


class SoftmaxRegression(_GradientDescentClassifier):
    """Multi-class logistic (softmax) regression p = softmax(Wx + b).

    Fitted by gradient descent on the mean cross-entropy with one-hot targets
    t_i and an optional L2 penalty on W,

        L(W, b) = −(1/N) Σ_i Σ_k t_ik log p_ik + (λ/2) ‖W‖_F²,
        ∂L/∂z_i = (1/N) (p_i − t_i),

    (chapter *Multi-class classification*). Parameters as in
    LogisticRegression, plus ``n_classes`` (default: ``max(y) + 1``).

    Attributes
    ----------
    W : numpy.ndarray, shape (n_classes, n_features)
    b : numpy.ndarray, shape (n_classes,)
    loss_history_ : list of float
    converged_ : bool
    """

    _weight_name = "W"
    W: np.ndarray | None = None

    def __init__(
        self,
        learning_rate: float = 0.1,
        max_epochs: int = 1000,
        l2: float = 0.0,
        batch_size: int | None = None,
        tol: float = 1e-6,
        seed: SeedLike = None,
        n_classes: int | None = None,
    ) -> None:
        super().__init__(learning_rate, max_epochs, l2, batch_size, tol, seed)
        self.n_classes = (
            None
            if n_classes is None
            else check_int(n_classes, "n_classes", minimum=2)
        )

    def _targets(self, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        X, _ = check_X_y(X, y)
        return X, one_hot(y, self.n_classes)

    def fit(self, X: Any, y: Any) -> SoftmaxRegression:
        """Train on ``X`` (n_samples, n_features) and integer labels ``y`` in
        0..K-1."""
        X, T = self._targets(X, y)
        self.n_classes_ = T.shape[1]
        self._descend(
            X, T, np.zeros((T.shape[1], X.shape[1])), np.zeros(T.shape[1])
        )
        return self

    def _loss(
        self, X: np.ndarray, T: np.ndarray, W: np.ndarray, b: np.ndarray
    ) -> float:
        logp = _log_softmax(X @ W.T + b)
        return float(
            -np.sum(T * logp) / X.shape[0] + 0.5 * self.l2 * np.sum(W**2)
        )

    def _gradient(
        self, X: np.ndarray, T: np.ndarray, W: np.ndarray, b: np.ndarray
    ):
        delta = (softmax(X @ W.T + b) - T) / X.shape[0]
        return delta.T @ X + self.l2 * W, delta.sum(axis=0)

    def _checked(self, X: Any, y: Any, W: Any, b: Any):
        X, T = self._targets(X, y)
        W, b = self._params(W, b)
        if W.shape != (T.shape[1], X.shape[1]) or b.shape != (T.shape[1],):
            raise ValueError(
                f"W must have shape {(T.shape[1], X.shape[1])} and b "
                f"{(T.shape[1],)}; "
                f"got {W.shape} and {b.shape}"
            )
        return X, T, W, b

    def loss(self, X: Any, y: Any, W: Any = None, b: Any = None) -> float:
        """Mean cross-entropy plus penalty at ``(W, b)`` (default: the fitted
        values)."""
        return self._loss(*self._checked(X, y, W, b))

    def gradient(self, X: Any, y: Any, W: Any = None, b: Any = None):
        """Analytic gradient (∂L/∂W, ∂L/∂b) at ``(W, b)``."""
        return self._gradient(*self._checked(X, y, W, b))

    def predict_proba(self, X: Any) -> np.ndarray:
        """Return the class probabilities, shape (n_samples, n_classes)."""
        check_fitted(self, "W")
        X = check_features(X, self.W.shape[1])
        return softmax(X @ self.W.T + self.b)

    def predict(self, X: Any) -> np.ndarray:
        """Return the most probable class of every row of ``X``."""
        return np.argmax(self.predict_proba(X), axis=1)
