"""Building blocks of deep networks in NumPy: weight initialisation, batch
normalisation and inverted dropout.

Chapter *Deep neural networks*. Mini-batches are arrays of shape
``(n_samples, n_features)``; a dense layer computes Z = X·W + b with a weight
matrix W of shape ``(fan_in, fan_out)``, the layout of a Keras ``Dense`` kernel
(transpose it for the column-vector convention z = Wᵀ·x + b).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_positive,
)

INIT_SCHEMES = ("naive", "glorot", "he")
INIT_DISTRIBUTIONS = ("normal", "uniform")

__all__ = ["INIT_SCHEMES", "init_std", "init_weights", "BatchNorm", "dropout"]


def init_std(
    fan_in: int, fan_out: int, scheme: str = "he", *, std: float = 0.01
) -> float:
    """Standard deviation of the initial weights of a layer with the given
    fan-in and fan-out.

    naive:   σ = std (a fixed value, whatever the layer size)
    glorot:  σ = sqrt(2 / (fan_in + fan_out))   (Glorot and Bengio 2010)
    he:      σ = sqrt(2 / fan_in)               (He et al. 2015)

    Glorot's choice keeps the variance of activations (forward) and of
    gradients (backward) roughly constant across layers of units that are
    linear around zero, such as tanh; He's choice does the same for ReLU units,
    which zero half of their inputs and so need twice the variance.

    Parameters
    ----------
    fan_in, fan_out : int
        Number of inputs and outputs of the layer.
    scheme : {"naive", "glorot", "he"}
        The rule.
    std : float
        The standard deviation of the naive rule (ignored by the others).

    Returns
    -------
    float
    """
    fan_in = check_int(fan_in, "fan_in")
    fan_out = check_int(fan_out, "fan_out")
    check_choice(scheme, "scheme", INIT_SCHEMES)
    std = check_positive(std, "std")
    if scheme == "glorot":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    if scheme == "he":
        return float(np.sqrt(2.0 / fan_in))
    return std


def init_weights(
    fan_in: int,
    fan_out: int,
    scheme: str = "he",
    *,
    std: float = 0.01,
    distribution: str = "normal",
    seed: SeedLike = None,
) -> np.ndarray:
    """Draw a weight matrix of shape (fan_in, fan_out) with zero mean and the
    variance of ``init_std``.

    The normal version draws W_ij ~ N(0, σ²). The uniform version draws
    W_ij ~ U(-a, a) with a = sqrt(3)·σ, which has the same variance σ² (the
    variance of U(-a, a) is a²/3); for the Glorot rule this is a = sqrt(6 /
    (fan_in + fan_out)).

    Parameters
    ----------
    fan_in, fan_out : int
        Number of inputs and outputs of the layer.
    scheme : {"naive", "glorot", "he"}
        The variance rule (see ``init_std``).
    std : float
        Standard deviation of the naive rule.
    distribution : {"normal", "uniform"}
        Shape of the distribution.
    seed : int, numpy.random.Generator or None
        Source of randomness.

    Returns
    -------
    numpy.ndarray, shape (fan_in, fan_out)
    """
    sigma = init_std(fan_in, fan_out, scheme, std=std)
    check_choice(distribution, "distribution", INIT_DISTRIBUTIONS)
    rng = as_generator(seed)
    if distribution == "normal":
        return rng.normal(0.0, sigma, size=(fan_in, fan_out))
    limit = np.sqrt(3.0) * sigma
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


class BatchNorm:
    """Batch normalisation of a dense layer's outputs (Ioffe and Szegedy 2015),
    forward pass.

    Training mode normalises each feature j with the mean and (biased) variance
    of the current mini-batch of N samples, then scales and shifts it:

    μ_j = (1/N)·Σ_i x_ij,   σ²_j = (1/N)·Σ_i (x_ij - μ_j)²,
    x̂_ij = (x_ij - μ_j) / sqrt(σ²_j + ε),   y_ij = γ_j·x̂_ij + β_j,

    and updates running averages of the statistics,
    μ_run <- m·μ_run + (1 - m)·μ,   σ²_run <- m·σ²_run + (1 - m)·σ².
    Inference mode uses μ_run and σ²_run instead of the batch statistics, so
    that the output for one sample does not depend on the other samples of the
    batch. The defaults of m and ε are those of
    keras.layers.BatchNormalization.

    Parameters
    ----------
    n_features : int
        Number of features (columns) of the inputs.
    momentum : float
        m in [0, 1), the weight of the old value in the running averages.
    epsilon : float
        ε > 0, added to the variance for numerical safety.

    Attributes
    ----------
    gamma, beta : numpy.ndarray, shape (n_features,)
        Learned scale (initially 1) and shift (initially 0).
    running_mean, running_var : numpy.ndarray, shape (n_features,)
        Running statistics for inference (initially 0 and 1).
    """

    def __init__(
        self, n_features: int, *, momentum: float = 0.99, epsilon: float = 1e-3
    ) -> None:
        self.n_features = check_int(n_features, "n_features")
        if isinstance(momentum, bool) or not isinstance(
            momentum, numbers.Real
        ):
            raise TypeError(
                f"momentum must be a real number in [0, 1); got {momentum!r}"
            )
        if not 0 <= momentum < 1:
            raise ValueError(
                f"momentum must be in [0, 1); got momentum={momentum!r}"
            )
        self.momentum = float(momentum)
        self.epsilon = check_positive(epsilon, "epsilon")
        self.gamma = np.ones(self.n_features)
        self.beta = np.zeros(self.n_features)
        self.running_mean = np.zeros(self.n_features)
        self.running_var = np.ones(self.n_features)

    def forward(self, X: Any, training: bool = True) -> np.ndarray:
        """Normalise a mini-batch X of shape (n_samples, n_features); see the
        class docstring."""
        X = check_array(X, "X", ndim=2, min_samples=1)
        if X.shape[1] != self.n_features:
            raise ValueError(
                f"X must have {self.n_features} columns; got shape {X.shape}"
            )
        if not isinstance(training, bool | np.bool_):
            raise TypeError(
                f"training must be True or False; got {training!r}"
            )
        if training:
            if X.shape[0] < 2:
                raise ValueError(
                    "training mode needs a batch of at least 2 samples; got "
                    f"{X.shape[0]}"
                )
            mean, var = X.mean(axis=0), X.var(axis=0)
            m = self.momentum
            self.running_mean = m * self.running_mean + (1 - m) * mean
            self.running_var = m * self.running_var + (1 - m) * var
        else:
            mean, var = self.running_mean, self.running_var
        X_hat = (X - mean) / np.sqrt(var + self.epsilon)
        return self.gamma * X_hat + self.beta


def dropout(
    X: Any,
    rate: float,
    *,
    training: bool = True,
    seed: SeedLike = None,
    return_mask: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Inverted dropout (Srivastava et al. 2014): zero each unit with
    probability p.

    y = x · r / (1 - p) with independent r ~ Bernoulli(1 - p) in training
    mode, and y = x at inference. Dividing by the keep probability 1 - p during
    training makes the expected output equal to the input, E[y] = x, so the
    network needs no rescaling at test time.

    Parameters
    ----------
    X : array_like
        Activations of any shape.
    rate : float
        Drop probability p in [0, 1).
    training : bool
        Apply dropout (True) or return X unchanged (False).
    seed : int, numpy.random.Generator or None
        Source of randomness.
    return_mask : bool
        Also return the boolean mask r of kept units (the backward pass
        multiplies the incoming gradient by r / (1 - p)).

    Returns
    -------
    numpy.ndarray, or (numpy.ndarray, numpy.ndarray) when return_mask is True
    """
    X = check_array(X, "X")
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real):
        raise TypeError(f"rate must be a real number in [0, 1); got {rate!r}")
    if not 0 <= rate < 1:
        raise ValueError(f"rate must be in [0, 1); got rate={rate!r}")
    training = check_bool(training, "training")
    return_mask = check_bool(return_mask, "return_mask")
    rng = as_generator(seed)
    if not training:
        mask = np.ones(X.shape, dtype=bool)
        return (X.copy(), mask) if return_mask else X.copy()
    keep = 1.0 - rate
    mask = rng.random(X.shape) < keep
    Y = X * mask / keep
    return (Y, mask) if return_mask else Y
