"""Adversarial examples: the fast gradient sign method (FGSM) on a Keras
classifier.

FGSM (Goodfellow, Shlens and Szegedy, 2015) moves every input component by ε in
the direction that increases the loss, x_adv = x + ε·sign(∇ₓ L(x, t)). A small
MLP classifier for flattened images is built here as well. TensorFlow is
imported inside the functions, after the chapter has called setup_tensorflow.

Chapter *Limits of deep learning* (Part IV).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_int,
    check_positive,
)

__all__ = ["build_mlp_classifier", "fgsm"]


def build_mlp_classifier(
    n_inputs: int = 784,
    n_hidden: int = 256,
    n_classes: int = 10,
    learning_rate: float = 1e-3,
    seed: SeedLike = None,
) -> Any:
    """A compiled one-hidden-layer classifier: y = softmax(W2·relu(W1·x + b1) +
    b2).

    Functional API, Adam optimiser, sparse categorical cross-entropy (integer
    labels), accuracy as metric. Keras stores the weights as kernels of shape
    (inputs, units), the transposes of W1 and W2. Chapter *Limits of deep
    learning*.

    Parameters
    ----------
    n_inputs, n_hidden, n_classes : int
        Layer sizes D, H and K.
    learning_rate : float
        Adam step size.
    seed : int, numpy.random.Generator or None
        Seed of the Glorot-uniform initialisers (a Generator is used to draw
        one).

    Returns
    -------
    keras.Model
    """
    n_inputs = check_int(n_inputs, "n_inputs")
    n_hidden = check_int(n_hidden, "n_hidden")
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    learning_rate = check_positive(learning_rate, "learning_rate")
    seeds = as_generator(seed).integers(0, 2**31 - 1, size=2)
    import keras

    init = [keras.initializers.GlorotUniform(seed=int(s)) for s in seeds]
    x = keras.Input(shape=(n_inputs,), name="pixels")
    h = keras.layers.Dense(
        n_hidden, activation="relu", kernel_initializer=init[0], name="hidden"
    )(x)
    y = keras.layers.Dense(
        n_classes,
        activation="softmax",
        kernel_initializer=init[1],
        name="output",
    )(h)
    model = keras.Model(x, y, name="mlp_classifier")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def _model_size(model: Any, attribute: str) -> int | None:
    """Last entry of a Keras model's input_shape or output_shape, if it has a
    fixed one."""
    try:
        size = getattr(model, attribute)[-1]
    except (AttributeError, TypeError, IndexError, ValueError):
        return None
    return size if isinstance(size, int) else None


def _check_fgsm(model: Any, x: Any, y: Any, eps: Any, clip: Any) -> tuple:
    """Check the arguments of fgsm; return x as float32, y, eps and clip."""
    if not callable(model):
        raise TypeError(
            f"model must be a keras.Model; got {type(model).__name__}"
        )
    x = check_array(x, "x", ndim=2, dtype=np.float32, min_samples=1)
    n_inputs, n_classes = (
        _model_size(model, "input_shape"),
        _model_size(model, "output_shape"),
    )
    if n_inputs is not None and x.shape[1] != n_inputs:
        raise ValueError(
            f"x must have {n_inputs} columns, the model's inputs; got "
            f"{x.shape[1]}"
        )
    y = check_array(y, "y", ndim=1, dtype=None)
    if y.dtype.kind not in "iu" or y.shape[0] != x.shape[0]:
        raise ValueError(
            f"y must hold {x.shape[0]} integer labels, one per row of x; got "
            f"{y.shape[0]} "
            f"values of dtype {y.dtype}"
        )
    if np.any(y < 0) or (n_classes is not None and np.any(y >= n_classes)):
        k = (
            ""
            if n_classes is None
            else f" with K = {n_classes}, the model's outputs"
        )
        raise ValueError(
            f"y must hold class labels 0, ..., K-1{k}; got values from "
            f"{y.min()} "
            f"to {y.max()}"
        )
    eps = check_positive(eps, "eps", allow_zero=True)
    if clip is not None:
        bad = not isinstance(clip, (tuple, list)) or len(clip) != 2
        if bad or not all(
            isinstance(c, numbers.Real) and not isinstance(c, bool)
            for c in clip
        ):
            raise TypeError(
                "clip must be None or a pair of numbers (low, high); got "
                f"{clip!r}"
            )
        if not clip[0] < clip[1]:
            raise ValueError(
                "clip must be None or a pair (low, high) with low < high; "
                "got "
                f"{clip!r}"
            )
    return x, y, eps, clip


def fgsm(
    model: Any,
    x: Any,
    y: Any,
    eps: float,
    clip: tuple[float, float] | None = (0.0, 1.0),
) -> np.ndarray:
    """Fast gradient sign method: x_adv = clip(x + ε·sign(∇ₓ L(x, t))).

    L is the cross-entropy of the model's predicted probabilities for the true
    labels t; its gradient with respect to the input is computed by automatic
    differentiation (tf.GradientTape). Chapter *Limits of deep learning*.

    Parameters
    ----------
    model : keras.Model
        A classifier that outputs class probabilities, shape (N, K).
    x : array_like, shape (N, D)
        Clean inputs.
    y : array_like of int, shape (N,)
        True labels in 0, ..., K-1.
    eps : float
        Size ε ≥ 0 of the perturbation of every component (max-norm).
    clip : (float, float) or None
        Range of valid inputs; the adversarial input is clipped to it (None: no
        clipping).

    Returns
    -------
    numpy.ndarray, shape (N, D)
        The adversarial inputs, float32.
    """
    import keras
    import tensorflow as tf

    x, y, eps, clip = _check_fgsm(model, x, y, eps, clip)
    x_tf = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(x_tf)
        loss = keras.losses.sparse_categorical_crossentropy(
            y, model(x_tf, training=False)
        )
    gradient = tape.gradient(loss, x_tf).numpy()
    x_adv = x + np.float32(eps) * np.sign(gradient)
    return x_adv if clip is None else np.clip(x_adv, *clip).astype(np.float32)
