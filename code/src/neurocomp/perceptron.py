"""Rosenblatt's perceptron, for the chapter *Linear classification* (Part II).

Plain NumPy; scikit-learn is only the tests' oracle. Targets are -1 and +1.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
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

__all__ = ["Perceptron"]


class Perceptron:
    """Rosenblatt's perceptron y = sign(wᵀx + b).

    Online mode visits the samples one at a time and corrects every mistake
    (t_i (wᵀx_i + b) ≤ 0) with

        w ← w + η t_i x_i,    b ← b + η t_i,

    starting from w = 0, b = 0. Batch mode sums the corrections of all
    misclassified samples of an epoch into one step. Training stops after an
    epoch without mistakes. Chapter *Linear classification*; Novikoff's theorem
    bounds the number of online mistakes by (R/γ)².

    Parameters
    ----------
    learning_rate : float
        Step size η > 0 (from zero weights it only rescales the solution).
    max_epochs : int
        Maximum number of passes through the data.
    mode : {"online", "batch"}
        One update per mistake, or one summed update per epoch.
    shuffle : bool
        Visit the samples in a new random order every epoch (online mode).
    seed : int, numpy.random.Generator or None
        Seed of the shuffling.

    Attributes
    ----------
    w : numpy.ndarray, shape (n_features,)
        Weight vector w.
    b : float
        Bias b.
    n_mistakes_ : int
        Total number of mistakes (updates in online mode) during training.
    mistakes_ : list of int
        Mistakes in every epoch.
    weights_ : list of (numpy.ndarray, float)
        (w, b) after every epoch.
    margin_ : float
        Geometric margin min_i t_i (wᵀx_i + b) / ‖w‖
        on the training data (negative when some sample is misclassified).
    converged_ : bool
        Whether an epoch without mistakes was reached.
    """

    def __init__(
        self,
        learning_rate: float = 1.0,
        max_epochs: int = 100,
        mode: str = "online",
        shuffle: bool = True,
        seed: SeedLike = None,
    ) -> None:
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.max_epochs = check_int(max_epochs, "max_epochs")
        self.mode = check_choice(mode, "mode", ("online", "batch"))
        self.shuffle = check_bool(shuffle, "shuffle")
        self.seed = check_seed(seed)
        self.w: np.ndarray | None = None
        self.b = 0.0

    def _online_epoch(
        self, X: np.ndarray, t: np.ndarray, order: np.ndarray
    ) -> int:
        """One pass through the samples in ``order``, correcting each mistake
        at once."""
        mistakes = 0
        for i in order:
            if t[i] * (X[i] @ self.w + self.b) <= 0.0:
                self.w += self.learning_rate * t[i] * X[i]
                self.b += self.learning_rate * t[i]
                mistakes += 1
        return mistakes

    def _batch_epoch(self, X: np.ndarray, t: np.ndarray) -> int:
        """One summed update with the corrections of all currently
        misclassified samples."""
        wrong = t * (X @ self.w + self.b) <= 0.0
        self.w += self.learning_rate * (t[wrong] @ X[wrong])
        self.b += self.learning_rate * float(t[wrong].sum())
        return int(wrong.sum())

    def fit(self, X: Any, y: Any) -> Perceptron:
        """Train on inputs ``X`` (n_samples, n_features) and labels ``y`` in
        {-1, +1}."""
        X, _ = check_X_y(X, y)
        t = check_pm1(y)
        rng = as_generator(self.seed)
        self.w, self.b = np.zeros(X.shape[1]), 0.0
        self.mistakes_, self.weights_, self.converged_ = [], [], False
        for _ in range(self.max_epochs):
            if self.mode == "batch":
                mistakes = self._batch_epoch(X, t)
            else:
                order = (
                    rng.permutation(len(t))
                    if self.shuffle
                    else np.arange(len(t))
                )
                mistakes = self._online_epoch(X, t, order)
            self.mistakes_.append(mistakes)
            self.weights_.append((self.w.copy(), self.b))
            if mistakes == 0:
                self.converged_ = True
                break
        self.n_mistakes_ = int(sum(self.mistakes_))
        self.margin_ = self.margin(X, t)
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Return wᵀx + b for every row of ``X``."""
        check_fitted(self, "w")
        X = check_features(X, self.w.shape[0])
        return X @ self.w + self.b

    def predict(self, X: Any) -> np.ndarray:
        """Return labels in {-1, +1} (a point on the boundary gets +1)."""
        return np.where(self.decision_function(X) >= 0.0, 1, -1)

    def margin(self, X: Any, y: Any) -> float:
        """Geometric margin min_i t_i (wᵀx_i + b) / ‖w‖."""
        check_fitted(self, "w")
        X, _ = check_X_y(X, y)
        t = check_pm1(y)
        norm = np.linalg.norm(self.w)
        if norm == 0.0:
            return 0.0
        return float(np.min(t * self.decision_function(X)) / norm)
