"""The multi-layer perceptron from scratch: losses, backpropagation and SGD.

Chapter *Artificial neural networks* (Part III). Plain NumPy, float64
throughout.

Parameter layout, shared with the chapter *Deep neural networks*: a network
with layer sizes n_0, n_1, ..., n_L holds a list with one dictionary per layer
l = 1, ..., L,

    {"W": array of shape (n_{l-1}, n_l), "b": array of shape (n_l,)},

and every gradient comes back in exactly the same layout, so that an optimiser
can loop over zip(params, grads) and over the keys "W" and "b".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .activations import ACTIVATIONS, identity
from .classification import one_hot, sigmoid, softmax
from .optim import numerical_gradient
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_choice,
    check_fitted,
    check_int,
    check_positive,
)

__all__ = [
    "LOSSES",
    "MLP",
    "Loss",
    "init_params",
    "numerical_gradients",
    "relative_error",
    "sgd_step",
]

Params = list[dict[str, np.ndarray]]

# --- losses ------------------------------------------------------------------


def _squared_error(Z: np.ndarray, T: np.ndarray) -> float:
    return float(0.5 * np.sum((Z - T) ** 2) / Z.shape[0])


def _binary_cross_entropy(Z: np.ndarray, T: np.ndarray) -> float:
    # -t log σ(z) - (1 - t) log(1 - σ(z)) = log(1 + e^z) - t z, without
    # overflow
    return float(np.sum(np.logaddexp(0.0, Z) - T * Z) / Z.shape[0])


def _cross_entropy(Z: np.ndarray, T: np.ndarray) -> float:
    # -sum_k t_k log softmax(z)_k = logsumexp(z) - sum_k t_k z_k when sum_k t_k
    # = 1
    m = Z.max(axis=1, keepdims=True)
    log_sum_exp = m[:, 0] + np.log(np.exp(Z - m).sum(axis=1))
    return float(np.mean(log_sum_exp - np.sum(T * Z, axis=1)))


@dataclass(frozen=True)
class Loss:
    """A loss paired with the output activation that makes its error signal
    simple.

    Each loss is a function of the output layer's net inputs Z (shape (N, n_L))
    and the targets T (same shape), averaged over the N samples. With its
    matching output activation y = output(z) the error signal of the output
    layer is

        δ = ∂L/∂Z = (Y - T) / N.

    Attributes
    ----------
    name : str
    output : callable
        Output activation: identity, logistic sigmoid or softmax over each row.
    function : callable
        function(Z, T) -> float, the mean loss over the samples, for arrays
        that the caller has checked; value(Z, T) checks them first.
    """

    name: str
    output: Callable[[np.ndarray], np.ndarray]
    function: Callable[[np.ndarray, np.ndarray], float]

    def value(self, Z: Any, T: Any) -> float:
        """Mean loss over the samples, for net inputs Z and targets T of shape
        (N, n_L)."""
        return self.function(*_check_net_inputs(Z, T))

    def delta(self, Z: Any, T: Any) -> np.ndarray:
        """Error signal of the output layer, δ = ∂L/∂Z = (output(Z) - T) /
        N."""
        Z, T = _check_net_inputs(Z, T)
        return (self.output(Z) - T) / Z.shape[0]


def _check_net_inputs(Z: Any, T: Any) -> tuple[np.ndarray, np.ndarray]:
    """Net inputs Z (N, n_L) of the output layer, which may overflow, and
    targets T alike."""
    Z = check_array(Z, "Z", ndim=2, finite=False, min_samples=1)
    if np.isnan(Z).any():
        raise ValueError(
            f"Z must not contain NaN; found {int(np.isnan(Z).sum())}"
        )
    T = check_array(T, "T", ndim=2)
    if T.shape != Z.shape:
        raise ValueError(
            f"T must have the shape of Z, {Z.shape} = (samples, n_L); got "
            f"{T.shape}"
        )
    return Z, T


#: Losses by name: squared error with a linear output, binary cross-entropy
#: with logistic outputs, and cross-entropy with a softmax output.
LOSSES: dict[str, Loss] = {
    "squared_error": Loss("squared_error", identity, _squared_error),
    "binary_cross_entropy": Loss(
        "binary_cross_entropy", sigmoid, _binary_cross_entropy
    ),
    "cross_entropy": Loss(
        "cross_entropy", lambda Z: softmax(Z, axis=1), _cross_entropy
    ),
}

# --- parameters, optimiser, gradient check -----------------------------------


def _check_sizes(sizes: Any) -> tuple[int, ...]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(
            "sizes must be a sequence of layer sizes (n_0, ..., n_L); got "
            f"{sizes!r}"
        )
    if len(sizes) < 2:
        raise ValueError(
            f"sizes needs at least an input and an output size; got {sizes!r}"
        )
    return tuple(check_int(n, f"sizes[{i}]") for i, n in enumerate(sizes))


def init_params(
    sizes: Sequence[int], init: str = "glorot", seed: SeedLike = None
) -> Params:
    """Random weights and zero biases for a network with layer sizes n_0, ...,
    n_L.

    "glorot": W_ij ~ Uniform(-a, a) with a = sqrt(6 / (n_in + n_out)), for tanh
    and sigmoid units; "he": W_ij ~ Normal(0, 2 / n_in), for ReLU units. The
    chapter *Deep neural networks* explains both.

    Returns
    -------
    list of dict
        [{"W": (n_0, n_1) array, "b": (n_1,) array}, ..., {"W": (n_{L-1}, n_L),
        "b": (n_L,)}]
    """
    sizes = _check_sizes(sizes)
    init = check_choice(init, "init", ("glorot", "he"))
    rng = as_generator(seed)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        if init == "glorot":
            a = np.sqrt(6.0 / (n_in + n_out))
            W = rng.uniform(-a, a, size=(n_in, n_out))
        else:
            W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        params.append({"W": W, "b": np.zeros(n_out)})
    return params


def _check_like(params: Any, grads: Any) -> None:
    if (
        not isinstance(params, list)
        or not isinstance(grads, list)
        or len(params) != len(grads)
    ):
        raise TypeError(
            "params and grads must be lists of equal length of {'W': ..., "
            "'b': ...}"
        )
    for layer, (p, g) in enumerate(zip(params, grads)):
        if not isinstance(p, dict) or not isinstance(g, dict):
            raise TypeError(
                f"params[{layer}] and grads[{layer}] must be dicts "
                f"{{'W': ..., "
                f"'b': ...}}; got {type(p).__name__} and {type(g).__name__}"
            )
        for name, value in p.items():
            got = getattr(g.get(name), "shape", None)
            if got != getattr(value, "shape", None):
                raise ValueError(
                    f"grads[{layer}][{name!r}] has shape {got}, expected "
                    f"{value.shape} like params[{layer}][{name!r}]"
                )
            if not np.all(np.isfinite(g[name])):
                raise ValueError(
                    f"grads[{layer}][{name!r}] contains NaN or infinite values"
                )


def sgd_step(params: Params, grads: Params, learning_rate: float) -> None:
    """One step of gradient descent, θ ← θ - η ∂L/∂θ, on every tensor, in
    place."""
    _check_like(params, grads)
    eta = check_positive(learning_rate, "learning_rate")
    for p, g in zip(params, grads):
        for name in p:
            p[name] -= eta * g[name]


def relative_error(a: Any, b: Any) -> float:
    """Relative difference ||a - b|| / (||a|| + ||b||) of two arrays (0 if both
    are 0)."""
    a, b = check_array(a, "a"), check_array(b, "b")
    if a.shape != b.shape or a.size == 0:
        raise ValueError(
            "a and b must be non-empty arrays of the same shape; got "
            f"{a.shape} "
            f"and {b.shape}"
        )
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0.0 else float(np.linalg.norm(a - b) / scale)


def numerical_gradients(
    model: MLP, X: Any, T: Any, eps: float = 1e-6
) -> Params:
    """Central finite differences (L(θ + ε) - L(θ - ε)) / 2ε of model.loss(X,
    T).

    Every entry of every tensor is perturbed in turn (2 forward passes each),
    so use it on small networks only; the result has the layout of
    model.params.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be an MLP; got {type(model).__name__}")
    check_fitted(model, "params")
    X, T = model._check_data(X, T)
    grads = []
    for p in model.params:
        g = {}
        for name, value in p.items():

            def loss_at(w: np.ndarray, p: dict = p, name: str = name) -> float:
                saved, p[name] = p[name], w
                try:
                    return model.loss(X, T)
                finally:
                    p[name] = saved

            g[name] = numerical_gradient(loss_at, value, eps)
        grads.append(g)
    return grads


# --- the network -------------------------------------------------------------


class MLP:
    """Multi-layer perceptron trained by backpropagation and (mini-batch) SGD.

    Layer l = 1, ..., L computes Z_l = H_{l-1} W_l + b_l and H_l = g(Z_l) from
    H_0 = X, with the same activation g in every hidden layer; the output layer
    applies the output activation of the loss (Chapter *Artificial neural
    networks*).

    Parameters
    ----------
    sizes : sequence of int
        Layer sizes (n_0, n_1, ..., n_L): inputs, hidden layers, outputs.
    activation : {"tanh", "sigmoid", "relu", "identity"}
        Activation g of the hidden units.
    loss : {"cross_entropy", "binary_cross_entropy", "squared_error"}
        Loss, with its output activation softmax, sigmoid or identity.
    learning_rate : float
        Step size η of SGD.
    n_epochs : int
        Passes through the training set made by fit.
    batch_size : int or None
        Samples per SGD step; None uses the whole training set (gradient
        descent).
    init : {"glorot", "he"}
        Weight initialisation (biases start at zero).
    seed : int, numpy.random.Generator or None
        Seed of the initial weights and of the shuffling.

    Attributes
    ----------
    params : list of dict
        [{"W": (n_{l-1}, n_l) array, "b": (n_l,) array} for l = 1, ..., L].
    loss_history_ : list of float
        Training loss before training and after every epoch.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "tanh",
        loss: str = "cross_entropy",
        learning_rate: float = 0.1,
        n_epochs: int = 100,
        batch_size: int | None = None,
        init: str = "glorot",
        seed: SeedLike = None,
    ) -> None:
        self.sizes = _check_sizes(sizes)
        self.activation = check_choice(
            activation, "activation", tuple(ACTIVATIONS)
        )
        self.loss_name = check_choice(loss, "loss", tuple(LOSSES))
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.n_epochs = check_int(n_epochs, "n_epochs")
        self.batch_size = (
            None if batch_size is None else check_int(batch_size, "batch_size")
        )
        self.init = check_choice(init, "init", ("glorot", "he"))
        self.seed = seed
        self.params: Params | None = None
        self.loss_history_: list[float] = []
        self._rng = as_generator(seed)

    def initialize(self) -> MLP:
        """Draw fresh weights with the model's seed and clear the loss
        history."""
        self._rng = as_generator(self.seed)
        self.params = init_params(self.sizes, self.init, self._rng)
        self.loss_history_ = []
        return self

    def forward(
        self, X: Any
    ) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """Forward pass: the output net inputs Z_L and the cache [(H_{l-1},
        Z_l) per layer]."""
        check_fitted(self, "params")
        g, _ = ACTIVATIONS[self.activation]
        H = self._check_X(X)
        cache = []
        for p in self.params[:-1]:  # hidden layers
            Z = H @ p["W"] + p["b"]
            cache.append((H, Z))
            H = g(Z)
        Z = H @ self.params[-1]["W"] + self.params[-1]["b"]  # output layer
        cache.append((H, Z))
        return Z, cache

    def backward(
        self, cache: list[tuple[np.ndarray, np.ndarray]], T: Any
    ) -> Params:
        """Backward pass: ∂L/∂W and ∂L/∂b of every layer, in the layout of
        params."""
        _, g_prime = ACTIVATIONS[self.activation]
        T = self._check_T_shape(T, self._check_cache(cache))
        # δ_L = (Y - T) / N
        delta = LOSSES[self.loss_name].delta(cache[-1][1], T)
        grads: Params = [{} for _ in self.params]
        for layer in range(len(self.params) - 1, -1, -1):
            H_prev = cache[layer][0]
            grads[layer] = {"W": H_prev.T @ delta, "b": delta.sum(axis=0)}
            # error signal one layer down: g'(Z) times the back-sent error
            if layer > 0:
                delta = g_prime(cache[layer - 1][1]) * (
                    delta @ self.params[layer]["W"].T
                )
        return grads

    def gradients(self, X: Any, T: Any) -> Params:
        """Gradients of the mean loss on (X, T): a forward and a backward
        pass."""
        X, T = self._check_data(X, T)
        return self.backward(self.forward(X)[1], T)

    def loss(self, X: Any, T: Any) -> float:
        """Mean loss on inputs X (N, n_0) and target matrix T (N, n_L)."""
        X, T = self._check_data(X, T)
        return LOSSES[self.loss_name].value(self.forward(X)[0], T)

    def predict_output(self, X: Any) -> np.ndarray:
        """Network outputs Y = output(Z_L), shape (N, n_L): values,
        probabilities."""
        return LOSSES[self.loss_name].output(self.forward(X)[0])

    def predict(self, X: Any) -> np.ndarray:
        """Class labels (cross-entropy), 0/1 labels (binary) or values (squared
        error)."""
        Y = self.predict_output(X)
        if self.loss_name == "cross_entropy":
            return Y.argmax(axis=1)
        if self.loss_name == "binary_cross_entropy":
            Y = (Y > 0.5).astype(int)
        return Y[:, 0] if Y.shape[1] == 1 else Y

    def fit(self, X: Any, y: Any) -> MLP:
        """Initialise the weights, then train for n_epochs epochs of SGD."""
        X, T = self._check_X_y(X, y)
        self.initialize()
        self.loss_history_.append(self.loss(X, T))
        return self.partial_fit(X, T, self.n_epochs)

    def partial_fit(self, X: Any, y: Any, n_epochs: int = 1) -> MLP:
        """Continue training for n_epochs epochs (initialising the weights if
        needed)."""
        n_epochs = check_int(n_epochs, "n_epochs")
        X, T = self._check_X_y(X, y)
        if self.params is None:
            self.initialize()
            self.loss_history_.append(self.loss(X, T))
        n = X.shape[0]
        batch = n if self.batch_size is None else min(self.batch_size, n)
        for _ in range(n_epochs):
            order = self._rng.permutation(n) if batch < n else np.arange(n)
            for start in range(0, n, batch):
                idx = order[start : start + batch]
                grads = self.backward(self.forward(X[idx])[1], T[idx])
                sgd_step(self.params, grads, self.learning_rate)
            self.loss_history_.append(
                LOSSES[self.loss_name].value(self.forward(X)[0], T)
            )
        return self

    # --- argument checks
    # -----------------------------------------------------------------

    def _check_X(self, X: Any) -> np.ndarray:
        X = check_array(X, "X", ndim=2, min_samples=1)
        if X.shape[1] != self.sizes[0]:
            raise ValueError(
                f"X must have n_0 = {self.sizes[0]} columns; got {X.shape[1]}"
            )
        return X

    def _check_cache(self, cache: Any) -> int:
        """Check the cache of forward (one pair (H, Z) per layer); return the
        batch size."""
        check_fitted(self, "params")
        n_layers = len(self.params)
        if (
            not isinstance(cache, list)
            or len(cache) != n_layers
            or not all(
                isinstance(c, tuple)
                and len(c) == 2
                and isinstance(c[1], np.ndarray)
                for c in cache
            )
        ):
            raise TypeError(
                f"cache must be the list of {n_layers} pairs (H_(l-1), Z_l) "
                "that "
                f"forward returns; got {type(cache).__name__}"
            )
        return cache[-1][1].shape[0]

    def _check_T_shape(
        self, T: Any, n_samples: int, name: str = "T"
    ) -> np.ndarray:
        T = check_array(T, name, ndim=2)
        if T.shape != (n_samples, self.sizes[-1]):
            raise ValueError(
                f"{name} must have shape ({n_samples}, {self.sizes[-1]}) = "
                f"(samples, n_L); got {T.shape}"
            )
        return T

    def _check_T(self, T: Any, n_samples: int, name: str = "T") -> np.ndarray:
        T = self._check_T_shape(T, n_samples, name)
        if self.loss_name != "squared_error" and (
            T.min() < 0.0 or T.max() > 1.0
        ):
            raise ValueError(
                f"{name} must hold targets in [0, 1] for the {self.loss_name} "
                f"loss; got values from {T.min()} to {T.max()}"
            )
        if self.loss_name == "cross_entropy" and not np.allclose(
            T.sum(axis=1), 1.0
        ):
            raise ValueError(
                f"{name} must have rows that sum to 1 (one-hot or "
                "probabilities) "
                "for the cross_entropy loss"
            )
        return T

    def _check_data(self, X: Any, T: Any) -> tuple[np.ndarray, np.ndarray]:
        X = self._check_X(X)
        return X, self._check_T(T, X.shape[0])

    def _check_X_y(self, X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
        """Inputs X and the target matrix T made from the labels or values y of
        fit."""
        X = self._check_X(X)
        return X, self._check_T(self._targets(y, X.shape[0]), X.shape[0], "y")

    def _targets(self, y: Any, n_samples: int) -> np.ndarray:
        """Turn labels (cross-entropy), 0/1 labels or values of shape (N,) into
        T (N, n_L)."""
        y = check_array(y, "y", ndim=(1, 2))
        if y.shape[0] != n_samples:
            raise ValueError(
                f"X and y must have the same number of samples; got X with "
                f"{n_samples} rows and y with {y.shape[0]}"
            )
        if y.ndim == 2:
            return y
        if self.loss_name == "cross_entropy":
            if y.max() >= self.sizes[-1]:
                raise ValueError(
                    f"y holds the label {y.max():g}, but the network has n_L "
                    "= "
                    f"{self.sizes[-1]} outputs for the labels 0, ..., "
                    f"{self.sizes[-1] - 1}"
                )
            return one_hot(y, self.sizes[-1])
        if self.sizes[-1] != 1:
            raise ValueError(
                f"y of shape {y.shape} needs n_L = 1 output; the network has "
                f"n_L = {self.sizes[-1]} (pass a 2-D target matrix instead)"
            )
        return y[:, None]
