"""Feedback alignment: learning in a two-layer network without weight
transport.

Backpropagation sends the output error e back to the hidden layer through the
transpose of the forward weights, δ = (W2ᵀ·e) ⊙ f'(a). Feedback alignment
(Lillicrap et al., 2016) sends it through a fixed random matrix B instead, δ =
(B·e) ⊙ f'(a). The forward weights then come to align with the feedback: the
angle between W2ᵀ and B falls below 90°.

Chapter *Limits of deep learning* (Part IV). Plain NumPy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .classification import one_hot, softmax
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_choice,
    check_fitted,
    check_int,
    check_labels,
    check_positive,
    check_seed,
    check_X_y,
)

__all__ = ["RULES", "alignment_angle", "TwoLayerNetwork"]

#: The ways of sending the output error back to the hidden layer; "frozen"
#: sends none, so that only the readout W2 learns (the control that shows what
#: the hidden layer adds).
RULES = ("backprop", "feedback", "frozen")


def alignment_angle(A: Any, B: Any) -> float:
    """Angle in degrees between two arrays of the same shape, read as long
    vectors.

    angle = arccos( Σ A_ij B_ij / (‖A‖ ‖B‖) ), the Frobenius inner product
    divided by the norms. 0° means parallel, 90° orthogonal (independent random
    matrices are close to 90°), 180° opposite. Chapter *Limits of deep
    learning*.

    Parameters
    ----------
    A, B : array_like
        Arrays of equal shape, neither of them all zero.

    Returns
    -------
    float
        The angle in degrees, in [0, 180].
    """
    A = check_array(A, "A", dtype=float)
    B = check_array(B, "B", dtype=float)
    if A.shape != B.shape:
        raise ValueError(
            f"A and B must have the same shape; got {A.shape} and {B.shape}"
        )
    norm = np.linalg.norm(A) * np.linalg.norm(B)
    if norm == 0:
        raise ValueError(
            "A and B must both be non-zero: the angle to a zero array is "
            "undefined"
        )
    cosine = np.clip(np.sum(A * B) / norm, -1.0, 1.0)
    return float(np.degrees(np.arccos(cosine)))


class TwoLayerNetwork:
    """A tanh network with one hidden layer, trained by backprop or feedback
    alignment.

    Forward pass for an input x (a row of X):

        a = W1·x + b1,   h = tanh(a),   y = softmax(W2·h + b2),

    trained by mini-batch gradient descent on the cross-entropy. The output
    error is e = y - t. Both rules update W2 with the true gradient e·hᵀ; they
    differ in the hidden error: δ = (W2ᵀ·e) ⊙ (1 - h²) for ``rule="backprop"``,
    δ = (B·e) ⊙ (1 - h²) for ``rule="feedback"``, with B a fixed random matrix,
    and δ = 0 for ``rule="frozen"`` (the hidden layer keeps its random initial
    weights; only the readout learns). Chapter *Limits of deep learning*.

    Parameters
    ----------
    n_hidden : int
        Number of hidden units H.
    rule : {"backprop", "feedback", "frozen"}
        How the output error reaches the hidden layer.
    learning_rate : float
        Step size η.
    n_epochs : int
        Passes through the training set.
    batch_size : int
        Samples per gradient step.
    record_every : int
        Record the alignment angles every this many steps.
    seed : int, numpy.random.Generator or None
        Initial weights, the feedback matrix and the order of the samples.

    Attributes
    ----------
    W1 : ndarray, shape (H, D)
    b1 : ndarray, shape (H,)
    W2 : ndarray, shape (K, H)
    b2 : ndarray, shape (K,)
    B : ndarray, shape (H, K)
        Fixed feedback matrix, drawn like W2ᵀ; unused by backprop.
    history : dict of lists
        ``step``, ``weight_angle`` (angle between W2ᵀ and B), ``signal_angle``
        (angle between the hidden errors the two rules would send) and ``loss``
        (batch cross-entropy), recorded every ``record_every`` steps.
    """

    def __init__(
        self,
        n_hidden: int = 256,
        rule: str = "feedback",
        learning_rate: float = 0.05,
        n_epochs: int = 5,
        batch_size: int = 32,
        record_every: int = 50,
        seed: SeedLike = None,
    ) -> None:
        self.n_hidden = check_int(n_hidden, "n_hidden")
        self.rule = check_choice(rule, "rule", RULES)
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.n_epochs = check_int(n_epochs, "n_epochs")
        self.batch_size = check_int(batch_size, "batch_size")
        self.record_every = check_int(record_every, "record_every")
        self.seed = check_seed(seed)
        self.W1 = self.b1 = self.W2 = self.b2 = self.B = None

    def initialize(self, n_inputs: int, n_classes: int) -> TwoLayerNetwork:
        """Draw W1, W2 and B from zero-mean Gaussians with variance 1/fan-in;
        zero biases."""
        n_inputs = check_int(n_inputs, "n_inputs")
        n_classes = check_int(n_classes, "n_classes", minimum=2)
        self._rng = as_generator(self.seed)
        H = self.n_hidden
        self.W1 = self._rng.normal(
            0.0, 1.0 / np.sqrt(n_inputs), size=(H, n_inputs)
        )
        self.b1 = np.zeros(H)
        self.W2 = self._rng.normal(0.0, 1.0 / np.sqrt(H), size=(n_classes, H))
        self.b2 = np.zeros(n_classes)
        self.B = self._rng.normal(0.0, 1.0 / np.sqrt(H), size=(H, n_classes))
        self.history = {
            "step": [],
            "weight_angle": [],
            "signal_angle": [],
            "loss": [],
        }
        return self

    def forward(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Hidden activities h = tanh(W1·x + b1) and output probabilities, one
        row per sample."""
        check_fitted(self, "W1")
        X = check_array(X, "X", ndim=2, min_samples=1)
        if X.shape[1] != self.W1.shape[1]:
            raise ValueError(
                f"X must have {self.W1.shape[1]} columns; got {X.shape[1]}"
            )
        H = np.tanh(X @ self.W1.T + self.b1)
        return H, softmax(H @ self.W2.T + self.b2)

    def hidden_error(
        self, E: np.ndarray, H: np.ndarray, rule: str | None = None
    ) -> np.ndarray:
        """Hidden error δ = (M·e) ⊙ (1 - h²), with M = W2ᵀ (backprop) or B
        (feedback).

        For ``rule="frozen"`` the hidden error is zero: no error reaches the
        hidden layer.
        """
        rule = self.rule if rule is None else check_choice(rule, "rule", RULES)
        E, H = self._check_errors(E, H)
        if rule == "frozen":
            return np.zeros_like(H)
        feedback = self.W2.T if rule == "backprop" else self.B
        return (E @ feedback.T) * (1.0 - H**2)

    def _check_errors(self, E: Any, H: Any) -> tuple[np.ndarray, np.ndarray]:
        """Output errors E of shape (N, K) and hidden activities H of shape (N,
        H)."""
        check_fitted(self, "W2")
        E, H = check_array(E, "E", ndim=2), check_array(H, "H", ndim=2)
        if E.shape[1] != self.W2.shape[0] or H.shape != (
            E.shape[0],
            self.W2.shape[1],
        ):
            raise ValueError(
                f"E must have shape (N, {self.W2.shape[0]}) and H shape "
                f"(N, {self.W2.shape[1]}) with the same N; got {E.shape} and "
                f"{H.shape}"
            )
        return E, H

    def gradients(self, X: Any, T: Any) -> dict[str, np.ndarray]:
        """Weight changes of one batch: the cross-entropy gradient, with δ set
        by the rule.

        ``X`` has shape (N, D), ``T`` holds one-hot targets of shape (N, K).
        Returns a dict with keys ``W1``, ``b1``, ``W2``, ``b2`` (batch means);
        for ``rule="backprop"`` they are the exact gradient of the mean
        cross-entropy.
        """
        X, T = check_X_y(X, T, y_ndim=2, names=("X", "T"))
        H, Y = self.forward(X)
        if T.shape != Y.shape:
            raise ValueError(
                f"T must have shape {Y.shape} (one-hot targets); got {T.shape}"
            )
        E = (Y - T) / X.shape[0]  # output error, averaged over the batch
        delta = self.hidden_error(E, H)
        return {
            "W1": delta.T @ X,
            "b1": delta.sum(0),
            "W2": E.T @ H,
            "b2": E.sum(0),
        }

    def fit(self, X: Any, y: Any) -> TwoLayerNetwork:
        """Train on inputs X of shape (N, D) and integer labels y in 0, ...,
        K-1.

        X is not copied to float64 as a whole (20,000 MNIST images in float32
        would take twice their memory): each batch is converted when its
        gradient is computed, which gives the same numbers.
        """
        X = check_array(X, "X", ndim=2, dtype=None, min_samples=1)
        if X.dtype.kind not in "biuf":
            raise TypeError(
                f"X must hold numbers; got an array of dtype {X.dtype}"
            )
        y = check_array(y, "y", ndim=1)
        if y.shape[0] != X.shape[0]:
            raise ValueError(
                f"X and y must have the same number of samples; got X with "
                f"{X.shape[0]} rows and y with {y.shape[0]}"
            )
        if X.shape[1] == 0:
            raise ValueError(
                "X must have at least one feature (column); got shape "
                f"{X.shape}"
            )
        T = one_hot(y, max(int(y.max()) + 1, 2))
        self.initialize(X.shape[1], T.shape[1])
        step = 0
        for _ in range(self.n_epochs):
            order = self._rng.permutation(X.shape[0])
            for start in range(0, X.shape[0], self.batch_size):
                batch = order[start : start + self.batch_size]
                if step % self.record_every == 0:
                    self._record(step, X[batch], T[batch])
                for name, grad in self.gradients(X[batch], T[batch]).items():
                    getattr(self, name)[...] -= self.learning_rate * grad
                step += 1
        self._record(step, X[batch], T[batch])
        return self

    def _record(self, step: int, X: np.ndarray, T: np.ndarray) -> None:
        H, Y = self.forward(X)
        E = Y - T
        signal_bp, signal_fa = (
            self.hidden_error(E, H, rule) for rule in ("backprop", "feedback")
        )
        self.history["step"].append(step)
        self.history["weight_angle"].append(alignment_angle(self.W2.T, self.B))
        self.history["signal_angle"].append(
            alignment_angle(signal_bp, signal_fa)
        )
        self.history["loss"].append(
            float(-np.mean(np.log(np.sum(Y * T, axis=1) + 1e-12)))
        )

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, shape (N, K).

        Computed 1,000 rows at a time, so that a large float32 X (10,000 MNIST
        test images) is never copied to float64 as a whole.
        """
        X = check_array(X, "X", ndim=2, dtype=None, min_samples=1)
        return np.concatenate(
            [self.forward(X[i : i + 1000])[1] for i in range(0, len(X), 1000)]
        )

    def predict(self, X: Any) -> np.ndarray:
        """Most probable class of every row of X."""
        return np.argmax(self.predict_proba(X), axis=1)

    def score(self, X: Any, y: Any) -> float:
        """Accuracy: the fraction of rows of X whose predicted class equals
        y."""
        y = check_labels(y)
        predicted = self.predict(X)
        if predicted.shape != y.shape:
            raise ValueError(
                f"X and y must have the same number of samples; got X with "
                f"{predicted.shape[0]} rows and y with {y.shape[0]}"
            )
        return float(np.mean(predicted == y))
