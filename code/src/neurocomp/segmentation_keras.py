"""Keras builder of the U-Net of the chapter "Segmentation networks".

TensorFlow is imported inside the function, so that importing this module stays
cheap; call neurocomp.utils.setup_tensorflow first to silence and seed
TensorFlow.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .utils import check_bool, check_int

if TYPE_CHECKING:
    import keras


def _double_conv(h, filters: int, name: str):
    """Two [3 × 3 convolution → batch norm → ReLU] blocks at one resolution."""
    import keras

    layers = keras.layers
    for k in (1, 2):
        h = layers.Conv2D(
            filters, 3, padding="same", use_bias=False, name=f"{name}_conv{k}"
        )(h)
        h = layers.BatchNormalization(name=f"{name}_bn{k}")(h)
        h = layers.ReLU(name=f"{name}_relu{k}")(h)
    return h


def build_unet(
    input_shape: Sequence[int] = (48, 48, 1),
    n_classes: int = 4,
    filters: Sequence[int] = (8, 16, 32),
    skip: bool = True,
) -> keras.Model:
    """A small U-Net: an encoder, a decoder and skip connections between them.

    Encoder level l: double convolution with filters[l] maps, then 2 × 2 max
    pooling. Bottom: double convolution with filters[-1] maps. Decoder level l:
    a 2 × 2 transposed convolution with stride 2 doubles the resolution, the
    encoder's maps of the same level are concatenated (skip=True), then a
    double convolution. A 1 × 1 convolution with a softmax gives the class
    probabilities of every pixel, y_ik = exp(z_ik) / sum_j exp(z_ij). All
    convolutions use "same" padding, so the output has the input's height and
    width (unlike the original U-Net, which crops).

    Parameters
    ----------
    input_shape : (height, width, channels)
        Height and width must be divisible by 2^(len(filters) - 1).
    n_classes : int
    filters : sequence of int
        Maps per level, from the top of the encoder to the bottom.
    skip : bool
        Without the skip connections the network is a plain encoder-decoder.

    Returns
    -------
    keras.Model
        Maps images (N, H, W, C) to probabilities (N, H, W, n_classes).
    """
    import keras

    if (
        isinstance(input_shape, (str, bytes))
        or not isinstance(input_shape, Sequence)
        or len(input_shape) != 3
    ):
        raise ValueError(
            "input_shape must be (height, width, channels); got "
            f"{input_shape!r}"
        )
    input_shape = tuple(
        check_int(n, f"input_shape[{i}]") for i, n in enumerate(input_shape)
    )
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    if (
        isinstance(filters, (str, bytes))
        or not isinstance(filters, Sequence)
        or len(filters) < 2
    ):
        raise ValueError(
            f"filters must be a sequence of at least two ints; got {filters!r}"
        )
    filters = [check_int(f, f"filters[{i}]") for i, f in enumerate(filters)]
    factor = 2 ** (len(filters) - 1)
    if input_shape[0] % factor or input_shape[1] % factor:
        raise ValueError(
            f"input height and width must be divisible by {factor} for "
            f"{len(filters)} levels; got input_shape={input_shape}"
        )
    skip = check_bool(skip, "skip")
    layers = keras.layers
    inputs = keras.Input(shape=input_shape, name="image")
    h, skips = inputs, []
    for level, f in enumerate(filters[:-1]):
        h = _double_conv(h, f, f"down{level}")
        skips.append(h)
        h = layers.MaxPooling2D(2, name=f"pool{level}")(h)
    h = _double_conv(h, filters[-1], "bottom")
    for level in reversed(range(len(filters) - 1)):
        h = layers.Conv2DTranspose(
            filters[level], 2, strides=2, name=f"up{level}"
        )(h)
        if skip:
            h = layers.Concatenate(name=f"skip{level}")([skips[level], h])
        h = _double_conv(h, filters[level], f"dec{level}")
    outputs = layers.Conv2D(
        n_classes, 1, activation="softmax", name="classes"
    )(h)
    return keras.Model(
        inputs, outputs, name="unet" if skip else "encoder_decoder"
    )
