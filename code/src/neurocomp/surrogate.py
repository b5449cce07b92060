"""Training spiking networks with surrogate gradients in TensorFlow (BPTT
through LIF).

Chapter *Spiking neural networks* (Part IV). A discrete-time LIF layer updates

    u[t] = β u[t−1] (1 − s[t−1]) + W·x[t],      s[t] = H(u[t] − 1),

with the decay β = exp(−Δt/τ_m), the Heaviside step H and a reset to zero after
a spike. H has zero derivative almost everywhere, so backpropagation through
time replaces it in the backward pass by the derivative of a fast sigmoid,
σ'(u) = 1 / (1 + k |u − 1|)² (SuperSpike, Zenke & Ganguli 2018; Neftci, Mostafa
& Zenke 2019); the forward pass keeps the exact spikes. TensorFlow is imported
only by this module (``setup_tensorflow`` must have run first in a chapter).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_int,
    check_positive,
)

__all__ = [
    "spike_surrogate",
    "LIFCell",
    "build_spiking_classifier",
    "poisson_encode",
]


def poisson_encode(
    X: Any,
    n_steps: int,
    *,
    max_prob: float = 0.5,
    seed: SeedLike = None,
    dtype: Any = np.float32,
) -> np.ndarray:
    """Rate coding: pixel value p in [0, 1] spikes with probability p ·
    max_prob per step.

    Parameters
    ----------
    X : array_like, shape (N, n_inputs)
        Intensities in [0, 1].
    n_steps : int
        Number of time steps.
    max_prob : float
        Spike probability per step of an intensity of 1, in (0, 1].
    seed : int, numpy.random.Generator or None
    dtype : numpy dtype
        Type of the result: ``numpy.uint8`` holds the same spikes in a quarter
        of the memory of float32, and a Keras model casts each batch to its
        input type.

    Returns
    -------
    numpy.ndarray, shape (N, n_steps, n_inputs), 0s and 1s of the given dtype
    """
    X = check_array(X, "X", ndim=2)
    if X.size == 0:
        raise ValueError(
            "X must hold at least one sample and one input; got shape "
            f"{X.shape}"
        )
    if X.min() < 0 or X.max() > 1:
        raise ValueError(
            f"X must lie in [0, 1]; got values in [{X.min()}, {X.max()}]"
        )
    n_steps = check_int(n_steps, "n_steps")
    max_prob = check_positive(max_prob, "max_prob")
    if max_prob > 1:
        raise ValueError(
            f"max_prob must lie in (0, 1]; got max_prob={max_prob}"
        )
    try:
        dtype = np.dtype(dtype)
    except TypeError as err:
        raise TypeError(
            f"dtype must be a numpy dtype such as numpy.uint8; got {dtype!r}"
        ) from err
    if dtype.kind not in "biuf":
        raise TypeError(f"dtype must be a numeric numpy dtype; got {dtype}")
    rng = as_generator(seed)
    u = rng.random((X.shape[0], n_steps, X.shape[1]), dtype=np.float32)
    return (u < X[:, None, :] * max_prob).astype(dtype)


def spike_surrogate(k: float = 10.0):
    """The spike non-linearity H(u − 1) with the fast-sigmoid surrogate
    derivative.

    Forward: s = 1 if u ≥ 1 else 0. Backward: ds/du := 1 / (1 + k |u − 1|)².

    Parameters
    ----------
    k : float
        Steepness k > 0 of the surrogate derivative.

    Returns
    -------
    callable
        A TensorFlow function of the membrane potential u.
    """
    k = check_positive(k, "k")
    import tensorflow as tf

    @tf.custom_gradient
    def spike(u):
        s = tf.cast(u >= 1.0, u.dtype)

        def grad(upstream):
            return upstream / (1.0 + k * tf.abs(u - 1.0)) ** 2

        return s, grad

    return spike


def _keras():
    import keras

    return keras


class LIFCell(_keras().layers.Layer):
    """A Keras RNN cell of n LIF neurons: state u, output the spikes s (see
    module text).

    Parameters
    ----------
    units : int
        Number of neurons.
    beta : float
        Membrane decay per step β = exp(−Δt/τ_m), in (0, 1).
    k : float
        Steepness of the surrogate derivative.
    """

    def __init__(
        self, units: int, beta: float = 0.9, k: float = 10.0, **kwargs: Any
    ):
        super().__init__(**kwargs)
        self.units = check_int(units, "units")
        self.beta = check_positive(beta, "beta")
        if self.beta >= 1:
            raise ValueError(f"beta must lie in (0, 1); got beta={beta}")
        self._spike = spike_surrogate(k)  # checks k
        self.k = float(k)
        self.state_size = [self.units, self.units]
        self.output_size = self.units

    def build(self, input_shape):
        self.W = self.add_weight(
            shape=(input_shape[-1], self.units),
            initializer="glorot_uniform",
            name="W",
        )

    def call(self, inputs, states):
        u_prev, s_prev = states
        # leak, reset to zero after a spike, then add the weighted input
        u = self.beta * u_prev * (1.0 - s_prev) + inputs @ self.W
        s = self._spike(u)
        return s, [u, s]


def build_spiking_classifier(
    n_inputs: int,
    n_hidden: int,
    n_classes: int,
    *,
    beta: float = 0.9,
    k: float = 10.0,
    seed: SeedLike = None,
):
    """A one-hidden-layer spiking classifier: LIF spikes, then a summing
    read-out.

    Input (N, T, n_inputs) spike trains feed n_hidden LIF neurons (LIFCell);
    the read-out adds up W_out·s[t] over the T steps, y = Σ_t W_out·s[t] / T,
    and returns the class logits y. Trained end to end by backpropagation
    through time with the surrogate derivative.

    Parameters
    ----------
    n_inputs, n_hidden, n_classes : int
        Numbers of input channels, hidden LIF neurons and classes (at least 2).
    beta, k : float
        Membrane decay per step and steepness of the surrogate derivative (see
        LIFCell).
    seed : int, numpy.random.Generator or None
        Seeds Keras' weight initialisation.

    Returns
    -------
    keras.Model
    """
    keras = _keras()
    n_inputs, n_hidden = (
        check_int(n_inputs, "n_inputs"),
        check_int(n_hidden, "n_hidden"),
    )
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    # checks beta and k before anything is built
    cell = LIFCell(n_hidden, beta, k)
    keras.utils.set_random_seed(int(as_generator(seed).integers(2**31 - 1)))
    x = keras.Input(shape=(None, n_inputs))
    spikes = keras.layers.RNN(cell, return_sequences=True)(x)
    currents = keras.layers.Dense(n_classes, use_bias=False)(spikes)
    logits = keras.layers.GlobalAveragePooling1D()(currents)
    return keras.Model(x, logits, name="spiking_classifier")
