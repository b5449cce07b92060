"""Keras parts of the chapter "Object detection": a tiny single-shot grid
detector and its loss.

TensorFlow is imported inside the functions, so that importing this module
stays cheap; call neurocomp.utils.setup_tensorflow first to silence and seed
TensorFlow. The target layout is the one of neurocomp.detection.encode_grid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .utils import check_int, check_positive

if TYPE_CHECKING:
    import keras


def build_grid_detector(
    image_size: int = 56,
    n_classes: int = 10,
    filters: Sequence[int] = (16, 32, 64),
) -> keras.Model:
    """A YOLO-like single-shot detector: a small CNN whose output is a grid of
    predictions.

    Each entry of filters adds [3×3 conv → batch norm → ReLU → 2×2 max pool],
    so the image_size × image_size input shrinks to a grid of image_size /
    2^len(filters) cells. A 3×3 convolution then mixes the neighbourhood of
    each cell, and a 1×1 convolution predicts 5 + n_classes raw numbers per
    cell: objectness, u, v, √w, √h and class logits (no activation; the loss
    and decode_grid apply sigmoid and softmax).

    Returns
    -------
    keras.Model
        Maps images (batch, image_size, image_size, 1) to (batch, grid, grid, 5
        + n_classes).
    """
    import keras

    image_size, n_classes = (
        check_int(image_size, "image_size"),
        check_int(n_classes, "n_classes"),
    )
    if (
        isinstance(filters, (str, bytes))
        or not isinstance(filters, Sequence)
        or not filters
    ):
        raise ValueError(
            f"filters must be a non-empty sequence of ints; got {filters!r}"
        )
    filters = [check_int(f, f"filters[{i}]") for i, f in enumerate(filters)]
    if image_size % 2 ** len(filters):
        raise ValueError(
            f"image_size must be divisible by 2**len(filters) = "
            f"{2 ** len(filters)}; got image_size={image_size}"
        )
    layers = keras.layers
    inputs = keras.Input(shape=(image_size, image_size, 1), name="canvas")
    h = inputs
    for i, f in enumerate(filters, start=1):
        h = layers.Conv2D(
            f, 3, padding="same", use_bias=False, name=f"conv{i}"
        )(h)
        h = layers.BatchNormalization(name=f"bn{i}")(h)
        h = layers.ReLU(name=f"relu{i}")(h)
        h = layers.MaxPooling2D(2, name=f"pool{i}")(h)
    h = layers.Conv2D(
        filters[-1], 3, padding="same", activation="relu", name="context"
    )(h)
    outputs = layers.Conv2D(5 + n_classes, 1, name="grid")(h)
    return keras.Model(inputs, outputs, name="grid_detector")


def grid_detection_loss(
    lambda_coord: float = 5.0, lambda_noobj: float = 0.5
) -> Callable:
    """The loss of the grid detector, in the spirit of YOLO's sum of squared
    errors.

    Per image, summed over the cells (o = 1 where a cell holds an object):
    L = Σ w · BCE(o, σ(objectness)) with w = 1 for o = 1 and lambda_noobj for o
    = 0,
      + lambda_coord · Σ o · ||σ(box logits) - (u, v, √w, √h)||²
      + Σ o · cross-entropy(one-hot class, softmax(class logits)),
    averaged over the batch.

    Returns
    -------
    callable
        loss(y_true, y_pred) for model.compile.
    """
    import tensorflow as tf

    lambda_coord = check_positive(lambda_coord, "lambda_coord")
    lambda_noobj = check_positive(lambda_noobj, "lambda_noobj")

    def loss(y_true, y_pred):
        obj = y_true[..., 0]
        bce = tf.nn.sigmoid_cross_entropy_with_logits(
            labels=obj, logits=y_pred[..., 0]
        )
        objectness = (obj + lambda_noobj * (1.0 - obj)) * bce
        box = tf.reduce_sum(
            (tf.sigmoid(y_pred[..., 1:5]) - y_true[..., 1:5]) ** 2, axis=-1
        )
        cls = tf.nn.softmax_cross_entropy_with_logits(
            labels=y_true[..., 5:], logits=y_pred[..., 5:]
        )
        per_cell = objectness + obj * (lambda_coord * box + cls)
        return tf.reduce_mean(tf.reduce_sum(per_cell, axis=[1, 2]))

    return loss
