"""Keras builders of the convolutional networks of the chapter "Convolutional
neural networks".

TensorFlow is imported inside the functions, so that importing this module
stays cheap; call neurocomp.utils.setup_tensorflow first to silence and seed
TensorFlow.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .utils import check_int, check_positive

if TYPE_CHECKING:
    import keras


def _input_shape(input_shape: Sequence[int]) -> tuple[int, int, int]:
    if (
        isinstance(input_shape, (str, bytes))
        or not isinstance(input_shape, Sequence)
        or len(input_shape) != 3
    ):
        raise ValueError(
            "input_shape must be (height, width, channels); got "
            f"{input_shape!r}"
        )
    return tuple(
        check_int(n, f"input_shape[{i}]") for i, n in enumerate(input_shape)
    )


def build_lenet5(
    input_shape: Sequence[int] = (28, 28, 1), n_classes: int = 10
) -> keras.Model:
    """LeNet-5 in the layout of 1998: tanh units, average pooling,
    C1-S2-C3-S4-C5-F6-output.

    Simplified as usual: C3 connects to all six maps of S2, the subsampling
    layers have no trainable coefficients, and the output is a softmax layer
    instead of radial basis units. "same" padding in C1 turns 28 × 28 digits
    into the 28 × 28 maps of a 32 × 32 input.

    Returns
    -------
    keras.Model
        Maps images of shape input_shape to n_classes class probabilities.
    """
    import keras

    input_shape, n_classes = (
        _input_shape(input_shape),
        check_int(n_classes, "n_classes", minimum=2),
    )
    # C1 keeps the size; S2, C3, S4 and C5 take 28 down to 1
    if min(input_shape[:2]) < 28:
        raise ValueError(
            "input_shape must be at least 28 × 28 for LeNet-5; got "
            f"{input_shape}"
        )
    layers = keras.layers
    inputs = keras.Input(shape=input_shape, name="image")
    h = layers.Conv2D(6, 5, padding="same", activation="tanh", name="C1")(
        inputs
    )
    h = layers.AveragePooling2D(2, name="S2")(h)
    h = layers.Conv2D(16, 5, activation="tanh", name="C3")(h)
    h = layers.AveragePooling2D(2, name="S4")(h)
    h = layers.Conv2D(120, 5, activation="tanh", name="C5")(h)
    h = layers.Flatten(name="flatten")(h)
    h = layers.Dense(84, activation="tanh", name="F6")(h)
    outputs = layers.Dense(n_classes, activation="softmax", name="output")(h)
    return keras.Model(inputs, outputs, name="lenet5")


def build_mnist_cnn(
    filters: Sequence[int] = (16, 32),
    kernel: int = 5,
    dropout: float = 0.25,
    input_shape: Sequence[int] = (28, 28, 1),
    n_classes: int = 10,
) -> keras.Model:
    """A small CNN for digits: [conv → 2×2 max pool → batch norm → ReLU] per
    entry of filters, then dropout and a softmax layer.

    Pooling comes before the normalisation, which then works on a quarter of
    the values; since a maximum commutes with increasing functions, this is the
    same kind of function as conv → batch norm → ReLU → pool when the scales of
    the batch norm are positive (only its statistics are taken after pooling).
    The convolutions have no bias because the batch normalisation has a shift.
    Layers are named conv1, pool1, bn1, relu1, conv2, ... so that their feature
    maps can be read out.

    Returns
    -------
    keras.Model
        Maps images of shape input_shape to n_classes class probabilities.
    """
    import keras

    input_shape, n_classes = (
        _input_shape(input_shape),
        check_int(n_classes, "n_classes", minimum=2),
    )
    if (
        isinstance(filters, (str, bytes))
        or not isinstance(filters, Sequence)
        or not filters
    ):
        raise ValueError(
            f"filters must be a non-empty sequence of ints; got {filters!r}"
        )
    filters = [check_int(n, f"filters[{i}]") for i, n in enumerate(filters)]
    kernel = check_int(kernel, "kernel")
    side = min(input_shape[:2])
    for _ in filters:  # each block: a "valid" convolution, then 2 × 2 pooling
        side = (side - kernel + 1) // 2
    if side < 1:
        raise ValueError(
            f"input_shape={input_shape} is too small for {len(filters)} "
            "blocks of "
            f"{kernel} × {kernel} convolution and 2 × 2 pooling"
        )
    dropout = check_positive(dropout, "dropout", allow_zero=True)
    if dropout >= 1:
        raise ValueError(f"dropout must be in [0, 1); got dropout={dropout}")
    layers = keras.layers
    inputs = keras.Input(shape=input_shape, name="image")
    h = inputs
    for i, n_filters in enumerate(filters, start=1):
        h = layers.Conv2D(n_filters, kernel, use_bias=False, name=f"conv{i}")(
            h
        )
        h = layers.MaxPooling2D(2, name=f"pool{i}")(h)
        h = layers.BatchNormalization(name=f"bn{i}")(h)
        h = layers.ReLU(name=f"relu{i}")(h)
    h = layers.Flatten(name="flatten")(h)
    h = layers.Dropout(dropout, name="dropout")(h)
    outputs = layers.Dense(n_classes, activation="softmax", name="output")(h)
    return keras.Model(inputs, outputs, name="mnist_cnn")
