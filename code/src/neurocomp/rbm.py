"""Restricted Boltzmann machines, contrastive divergence and deep belief
networks.

Chapter *Restricted Boltzmann machines* (Part III). Plain NumPy.

An RBM has binary visible units v (n_visible) and binary hidden units h
(n_hidden), weights W of shape (n_visible, n_hidden), a visible bias b and a
hidden bias c, and the energy

    E(v, h) = −b·v − c·h − v·W·h,    p(v, h) = e^(−E(v, h)) / Z.

The exact functions at the end (log_partition, log_likelihood,
visible_distribution, exact_gradients) enumerate all states of one layer: use
them only on RBMs with at most about twenty units in the smaller layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .classification import sigmoid
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_bool,
    check_fitted,
    check_int,
    check_positive,
    check_seed,
)

__all__ = [
    "RBM",
    "DeepBeliefNet",
    "binary_states",
    "log_partition",
    "log_likelihood",
    "visible_distribution",
    "exact_gradients",
    "empirical_distribution",
    "total_variation",
]

MAX_ENUMERATED = 24  # 2**24 states is the most we are willing to enumerate


def _softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x) without overflow."""
    return np.logaddexp(0.0, x)


def _logsumexp(x: np.ndarray) -> float:
    m = np.max(x)
    return float(m + np.log(np.sum(np.exp(x - m))))


def _check_binary(X: Any, name: str, n_units: int | None = None) -> np.ndarray:
    """A 2-D float array with values in [0, 1] (and n_units columns, if
    given)."""
    X = check_array(X, name, ndim=2, min_samples=1)
    if X.shape[1] == 0:
        raise ValueError(
            f"{name} must have at least one column (unit); got shape {X.shape}"
        )
    if np.any(X < 0) or np.any(X > 1):
        raise ValueError(
            f"{name} must hold values in [0, 1] (binary units); "
            f"got values from {X.min():.3g} to {X.max():.3g}"
        )
    if n_units is not None and X.shape[1] != n_units:
        raise ValueError(
            f"{name} must have {n_units} columns; got shape {X.shape}"
        )
    return X


def binary_states(n: int) -> np.ndarray:
    """All 2^n binary vectors of length n, row i holding the binary digits of
    i.

    The most significant bit comes first, so ``binary_states(3)[5]`` is ``[1,
    0, 1]``. Returns a float array of shape (2^n, n).
    """
    n = check_int(n, "n")
    if n > MAX_ENUMERATED:
        raise ValueError(
            f"n must be at most {MAX_ENUMERATED} to enumerate 2^n states; got "
            f"n={n}"
        )
    codes = np.arange(2**n)[:, None]
    return ((codes >> np.arange(n - 1, -1, -1)) & 1).astype(float)


class RBM:
    """Bernoulli-Bernoulli restricted Boltzmann machine trained by CD-k or
    PCD-k.

    Energy E(v, h) = −b·v − c·h − v·W·h; factorised conditionals
    p(h_j = 1 | v) = σ(c_j + Σ_i v_i W_ij) and p(v_i = 1 | h) = σ(b_i + Σ_j
    W_ij h_j); free energy F(v) = −b·v − Σ_j log(1 + e^(c_j + v·W_:j)) (chapter
    *Restricted Boltzmann machines*).

    Parameters
    ----------
    n_hidden : int
        Number of hidden units.
    learning_rate : float
        Step size η of gradient ascent on the log-likelihood.
    n_epochs : int
        Passes over the data made by ``fit``.
    batch_size : int
        Examples per update (also the number of persistent chains of PCD).
    k : int
        Gibbs steps per update (CD-k or PCD-k).
    persistent : bool
        False: contrastive divergence, chains restart at the data. True:
        persistent contrastive divergence, chains continue from the previous
        update.
    weight_decay : float
        L2 penalty λ on W (the update adds −η λ W).
    seed : int, numpy.random.Generator or None

    Attributes
    ----------
    W : numpy.ndarray, shape (n_visible, n_hidden)
    b : numpy.ndarray, shape (n_visible,)   visible bias
    c : numpy.ndarray, shape (n_hidden,)    hidden bias
    """

    W: np.ndarray | None = None

    def __init__(
        self,
        n_hidden: int = 64,
        *,
        learning_rate: float = 0.05,
        n_epochs: int = 10,
        batch_size: int = 20,
        k: int = 1,
        persistent: bool = False,
        weight_decay: float = 0.0,
        seed: SeedLike = None,
    ) -> None:
        self.n_hidden = check_int(n_hidden, "n_hidden")
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.n_epochs = check_int(n_epochs, "n_epochs")
        self.batch_size = check_int(batch_size, "batch_size")
        self.k = check_int(k, "k")
        self.persistent = check_bool(persistent, "persistent")
        self.weight_decay = check_positive(
            weight_decay, "weight_decay", allow_zero=True
        )
        self.seed = seed
        self._rng = as_generator(seed)
        self.chains_: np.ndarray | None = None

    def init_params(self, X: Any) -> RBM:
        """Small random weights, zero hidden bias, visible bias log(p/(1−p)) of
        the data."""
        X = _check_binary(X, "X")
        self.W = self._rng.normal(0.0, 0.01, size=(X.shape[1], self.n_hidden))
        p = np.clip(X.mean(axis=0), 1e-3, 1 - 1e-3)
        self.b = np.log(p / (1 - p))
        self.c = np.zeros(self.n_hidden)
        self.chains_ = None
        return self

    def _visible(self, V: Any, name: str = "V") -> np.ndarray:
        check_fitted(self, "W")
        return _check_binary(V, name, self.W.shape[0])

    def _hidden(self, H: Any, name: str = "H") -> np.ndarray:
        check_fitted(self, "W")
        return _check_binary(H, name, self.W.shape[1])

    def energy(self, V: Any, H: Any) -> np.ndarray:
        """E(v, h) = −b·v − c·h − v·W·h for each row pair; shape
        (n_samples,)."""
        V, H = self._visible(V), self._hidden(H)
        if V.shape[0] != H.shape[0]:
            raise ValueError(
                f"V and H must have the same number of rows; got {V.shape[0]} "
                f"and {H.shape[0]}"
            )
        return -V @ self.b - H @ self.c - np.sum((V @ self.W) * H, axis=1)

    def free_energy(self, V: Any) -> np.ndarray:
        """F(v) = −b·v − Σ_j softplus(c_j + v·W_:j), so that p(v) = e^(−F(v)) /
        Z."""
        V = self._visible(V)
        return -V @ self.b - _softplus(self.c + V @ self.W).sum(axis=1)

    def hidden_probs(self, V: Any) -> np.ndarray:
        """p(h_j = 1 | v) = σ(c_j + v·W_:j); shape (n_samples, n_hidden)."""
        return sigmoid(self._visible(V) @ self.W + self.c)

    def visible_probs(self, H: Any) -> np.ndarray:
        """p(v_i = 1 | h) = σ(b_i + W_i:·h); shape (n_samples, n_visible)."""
        return sigmoid(self._hidden(H) @ self.W.T + self.b)

    def gibbs_step(self, V: Any, seed: SeedLike = None) -> np.ndarray:
        """One step of block Gibbs sampling v → h ~ p(h | v) → v' ~ p(v |
        h)."""
        rng = self._rng if seed is None else as_generator(seed)
        P_h = self.hidden_probs(V)
        H = (rng.random(P_h.shape) < P_h).astype(float)
        P_v = self.visible_probs(H)
        return (rng.random(P_v.shape) < P_v).astype(float)

    def sample(
        self, V0: Any, n_steps: int, seed: SeedLike = None
    ) -> np.ndarray:
        """Run one Gibbs chain per row of V0 for n_steps steps; return the last
        states."""
        n_steps = check_int(n_steps, "n_steps", minimum=0)
        rng = self._rng if seed is None else as_generator(seed)
        V = self._visible(V0, "V0")
        for _ in range(n_steps):
            V = self.gibbs_step(V, rng)
        return V

    def gradients(
        self, V_data: Any, V_model: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Positive minus negative phase: ⟨v p(h|v)ᵀ⟩_data − ⟨v p(h|v)ᵀ⟩_model.

        Each average is over the rows of its argument; returns (dW, db, dc),
        the estimated gradient of the mean log-likelihood.
        """
        V_data, V_model = (
            self._visible(V_data, "V_data"),
            self._visible(V_model, "V_model"),
        )
        P_data, P_model = self.hidden_probs(V_data), self.hidden_probs(V_model)
        dW = V_data.T @ P_data / len(V_data) - V_model.T @ P_model / len(
            V_model
        )
        db = V_data.mean(axis=0) - V_model.mean(axis=0)
        dc = P_data.mean(axis=0) - P_model.mean(axis=0)
        return dW, db, dc

    def update(self, V_batch: Any) -> RBM:
        """One CD-k or PCD-k step of gradient ascent on a mini-batch."""
        V_batch = self._visible(V_batch, "V_batch")
        if not self.persistent:
            start = V_batch  # contrastive divergence: chains start at the data
        else:
            # persistent chains start at random training examples
            if self.chains_ is None:
                self.chains_ = V_batch[
                    self._rng.integers(len(V_batch), size=self.batch_size)
                ]
            start = self.chains_
        V_model = self.sample(start, self.k, self._rng)
        if self.persistent:
            self.chains_ = V_model
        dW, db, dc = self.gradients(V_batch, V_model)
        self.W += self.learning_rate * (dW - self.weight_decay * self.W)
        self.b += self.learning_rate * db
        self.c += self.learning_rate * dc
        return self

    def partial_fit(self, X: Any) -> RBM:
        """One epoch: shuffle X and update on each mini-batch (initialises if
        needed)."""
        X = _check_binary(X, "X")
        if self.W is None:
            self.init_params(X)
        X = self._visible(X, "X")
        order = self._rng.permutation(len(X))
        for start in range(0, len(X), self.batch_size):
            self.update(X[order[start : start + self.batch_size]])
        return self

    def fit(self, X: Any) -> RBM:
        """Initialise the parameters and train for n_epochs epochs."""
        self._rng = as_generator(self.seed)
        self.init_params(X)
        for _ in range(self.n_epochs):
            self.partial_fit(X)
        return self

    def reconstruct(self, V: Any) -> np.ndarray:
        """Mean-field reconstruction p(v | h = p(h | v)): one deterministic
        up-down pass."""
        return sigmoid(self.hidden_probs(V) @ self.W.T + self.b)


class DeepBeliefNet:
    """A stack of RBMs trained greedily, one layer at a time (chapter
    *Restricted Boltzmann machines*).

    Layer l is an RBM trained on the hidden probabilities p(h | v) that layer l
    − 1 produces for the training data; layer 1 is trained on the data itself.

    Parameters
    ----------
    layer_sizes : sequence of int
        Hidden units of each layer, bottom to top.
    seed : int, numpy.random.Generator or None
    **rbm_options
        Passed to every RBM (learning_rate, n_epochs, batch_size, k,
        persistent, ...).

    Attributes
    ----------
    rbms_ : list of RBM, bottom to top
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        *,
        seed: SeedLike = None,
        **rbm_options: Any,
    ) -> None:
        if isinstance(layer_sizes, (str, bytes)) or not isinstance(
            layer_sizes, Sequence
        ):
            raise TypeError(
                f"layer_sizes must be a sequence of int; got {layer_sizes!r}"
            )
        if len(layer_sizes) == 0:
            raise ValueError(
                "layer_sizes must hold at least one layer size; got an empty "
                "sequence"
            )
        self.layer_sizes = tuple(
            check_int(n, f"layer_sizes[{i}]")
            for i, n in enumerate(layer_sizes)
        )
        self.seed = check_seed(seed)
        if "n_hidden" in rbm_options:
            raise TypeError(
                "rbm_options must not contain n_hidden: layer_sizes gives the "
                "hidden units of each layer"
            )
        self.rbm_options = rbm_options
        RBM(1, **rbm_options)  # fail now, not after training, on a bad option
        self.rbms_: list[RBM] | None = None

    def fit(self, X: Any) -> DeepBeliefNet:
        """Greedy layer-wise pre-training: train each RBM on the layer below's
        features."""
        data = _check_binary(X, "X")
        rng = as_generator(self.seed)
        self.rbms_ = []
        for n_hidden in self.layer_sizes:
            rbm = RBM(n_hidden, seed=rng, **self.rbm_options).fit(data)
            self.rbms_.append(rbm)
            data = rbm.hidden_probs(data)
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Features of the top layer: p(h | v) propagated upwards through every
        RBM."""
        check_fitted(self, "rbms_")
        data = self.rbms_[0]._visible(X, "X")
        for rbm in self.rbms_:
            # p(h | v) of each layer, as in hidden_probs
            data = sigmoid(rbm.c + data @ rbm.W)
        return data

    def generate(
        self, n_samples: int, n_steps: int, seed: SeedLike = None
    ) -> np.ndarray:
        """Gibbs sampling in the top RBM, then one top-down pass p(v | h) per
        lower layer."""
        check_fitted(self, "rbms_")
        n_samples = check_int(n_samples, "n_samples")
        rng = as_generator(seed)
        top = self.rbms_[-1]
        V = (rng.random((n_samples, top.W.shape[0])) < 0.5).astype(float)
        V = top.sample(V, n_steps, rng)
        for rbm in reversed(self.rbms_[:-1]):
            P = rbm.visible_probs(V)
            V = (rng.random(P.shape) < P).astype(float)
        return P if len(self.rbms_) > 1 else V


# --- exact quantities of small RBMs, by enumeration
# ----------------------------------


def log_partition(rbm: RBM) -> float:
    """log Z, summing the free energy over all states of the smaller layer.

    Over the visible states: log Z = log Σ_v e^(−F(v)). Over the hidden states
    the visible units sum out instead: log Z = log Σ_h exp(c·h + Σ_i
    softplus(b_i + W_i:·h)).
    """
    _check_rbm(rbm)
    n_visible, n_hidden = rbm.W.shape
    if n_visible <= n_hidden:
        return _logsumexp(-rbm.free_energy(binary_states(n_visible)))
    H = binary_states(n_hidden)
    return _logsumexp(H @ rbm.c + _softplus(rbm.b + H @ rbm.W.T).sum(axis=1))


def _check_rbm(rbm: Any) -> None:
    if not isinstance(rbm, RBM):
        raise TypeError(f"rbm must be an RBM; got {type(rbm).__name__}")
    check_fitted(rbm, "W")


def log_likelihood(rbm: RBM, X: Any) -> float:
    """Exact mean log-likelihood (1/N) Σ_n log p(x_n) = −mean F(x_n) − log Z,
    in nats."""
    _check_rbm(rbm)
    return float(-rbm.free_energy(X).mean() - log_partition(rbm))


def visible_distribution(rbm: RBM) -> np.ndarray:
    """Exact p(v) for every row of binary_states(n_visible); shape
    (2^n_visible,)."""
    _check_rbm(rbm)
    minus_F = -rbm.free_energy(binary_states(rbm.W.shape[0]))
    return np.exp(minus_F - _logsumexp(minus_F))


def exact_gradients(
    rbm: RBM, X: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradient of the mean log-likelihood with the model average computed
    exactly.

    Same as RBM.gradients, but the negative phase is Σ_v p(v) v p(h|v)ᵀ over
    all 2^n visible states instead of an average over samples.
    """
    _check_rbm(rbm)
    X = rbm._visible(X, "X")
    V = binary_states(rbm.W.shape[0])
    p = visible_distribution(rbm)
    P_data, P_model = rbm.hidden_probs(X), rbm.hidden_probs(V)
    dW = X.T @ P_data / len(X) - (V * p[:, None]).T @ P_model
    return dW, X.mean(axis=0) - p @ V, P_data.mean(axis=0) - p @ P_model


def empirical_distribution(V: Any) -> np.ndarray:
    """Relative frequency of each binary state (indexed as in binary_states)
    among the rows."""
    V = check_array(V, "V", ndim=2, min_samples=1)
    if not np.all((V == 0) | (V == 1)):
        bad = V[(V != 0) & (V != 1)]
        raise ValueError(
            "V must hold binary states (0 or 1 only); found "
            f"{bad[:5].tolist()}"
        )
    if not 1 <= V.shape[1] <= MAX_ENUMERATED:
        raise ValueError(
            f"V must have 1 to {MAX_ENUMERATED} columns; got {V.shape[1]}"
        )
    codes = V.astype(np.int64) @ (1 << np.arange(V.shape[1] - 1, -1, -1))
    return np.bincount(codes, minlength=2 ** V.shape[1]) / len(V)


def total_variation(p: Any, q: Any) -> float:
    """Total-variation distance ½ Σ_x |p(x) − q(x)| between two
    distributions."""
    p, q = (
        check_array(p, "p", ndim=1, min_samples=1),
        check_array(q, "q", ndim=1, min_samples=1),
    )
    if p.shape != q.shape:
        raise ValueError(
            f"p and q must have the same shape; got {p.shape} and {q.shape}"
        )
    for name, d in (("p", p), ("q", q)):
        if np.any(d < 0) or not np.isclose(d.sum(), 1.0):
            raise ValueError(
                f"{name} must be a probability vector (non-negative, sum 1); "
                f"got sum {d.sum():.6g}, min {d.min():.3g}"
            )
    return float(0.5 * np.abs(p - q).sum())
