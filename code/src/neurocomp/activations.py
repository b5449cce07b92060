"""Activation functions of neural networks and their derivatives, element-wise.

Chapter *Artificial neural networks* (Part III). Each function takes an array z
of pre-activations and returns g(z) or g'(z) with the same shape; ACTIVATIONS
maps a name to the pair (g, g').
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .classification import _as_logits, sigmoid

__all__ = [
    "ACTIVATIONS",
    "identity",
    "identity_derivative",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
]


def sigmoid_derivative(z: Any) -> np.ndarray:
    """Derivative of the logistic function, σ'(z) = σ(z) (1 - σ(z)), at most
    1/4."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: Any) -> np.ndarray:
    """Hyperbolic tangent, tanh(z) = (e^z - e^-z) / (e^z + e^-z), values in
    (-1, 1)."""
    return np.tanh(_as_logits(z, "z"))


def tanh_derivative(z: Any) -> np.ndarray:
    """Derivative of the hyperbolic tangent, tanh'(z) = 1 - tanh(z)², at most
    1."""
    return 1.0 - tanh(z) ** 2


def relu(z: Any) -> np.ndarray:
    """Rectified linear unit, ReLU(z) = max(0, z)."""
    return np.maximum(_as_logits(z, "z"), 0.0)


def relu_derivative(z: Any) -> np.ndarray:
    """Derivative of the ReLU: 1 where z > 0, else 0 (the value 0 is taken at
    the kink)."""
    return (_as_logits(z, "z") > 0.0).astype(float)


def identity(z: Any) -> np.ndarray:
    """Identity g(z) = z, the output activation of a regression network."""
    return _as_logits(z, "z").copy()


def identity_derivative(z: Any) -> np.ndarray:
    """Derivative of the identity: 1 everywhere."""
    return np.ones_like(_as_logits(z, "z"))


#: Activation functions by name: pairs (g, g') of element-wise functions.
ACTIVATIONS: dict[
    str, tuple[Callable[[Any], np.ndarray], Callable[[Any], np.ndarray]]
] = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "identity": (identity, identity_derivative),
}
