"""Semantic segmentation in NumPy: upsampling layers, losses, metrics and a
scene generator.

Chapter "Segmentation networks". Images are stored channels-last, as in the
chapter "Convolutional neural networks": a batch has shape (N, H, W, C), a
kernel W has shape (K_h, K_w, C, F), and a label map holds one class index per
pixel, shape (N, H, W).

- The transposed convolution is the adjoint of a convolution: if z = conv(x) =
  M·x for a matrix M, then conv_transpose(y) = Mᵀ·y. It is computed by the
  input gradient of neurocomp.cnn.conv2d_backward, which is exactly this
  product.
- Max unpooling (SegNet) puts every pooled value back where the maximum came
  from; nearest-neighbour and "bed of nails" upsampling are the fixed operators
  it refines.
- The soft Dice loss and the mean intersection over union (IoU) compare
  predicted and true label maps class by class.
- make_scenes draws random discs, squares and triangles on a noisy background,
  with their class and instance maps, because no segmentation data set can be
  downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .cnn import PadSpec, _pair, conv2d_backward, conv_output_size
from .metrics import confusion_matrix
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_int,
    check_positive,
)

CLASS_NAMES = ("background", "disc", "square", "triangle")


def conv_transpose_output_size(
    n: int, kernel: int, stride: int = 1, padding: str | int = "valid"
) -> int:
    """Output size of a transposed convolution along one axis, as Keras chooses
    it.

    The transposed convolution must return an input size N of the convolution
    it transposes, i.e. one with conv_output_size(N) = n. Several N qualify
    when the stride s > 1; the one returned is
        "valid":  N = (n - 1)·s + K + max(s - K, 0)
        "same":   N = n·s
        int p:    N = (n - 1)·s + K - 2p
    """
    n, kernel, stride = (
        check_int(n, "n"),
        check_int(kernel, "kernel"),
        check_int(stride, "stride"),
    )
    if padding == "valid":
        return (n - 1) * stride + kernel + max(stride - kernel, 0)
    if padding == "same":
        return n * stride
    p = (
        check_int(padding, "padding", minimum=0)
        if not isinstance(padding, str)
        else -1
    )
    if p < 0:
        raise ValueError(
            f"padding must be 'valid', 'same' or an int >= 0; got {padding!r}"
        )
    size = (n - 1) * stride + kernel - 2 * p
    if size < 1:
        raise ValueError(
            f"padding={p} removes the whole output (n={n}, kernel={kernel}, "
            f"stride={stride})"
        )
    return size


def conv_transpose2d(
    y: Any,
    W: Any,
    b: Any = None,
    *,
    stride: int | tuple[int, int] = 1,
    padding: PadSpec = "valid",
    output_size: tuple[int, int] | None = None,
) -> np.ndarray:
    """Transposed convolution: the adjoint of conv2d with the same kernel.

    x[n, p, q, c] = b[c] + sum over i, j, u, v, f with s·i + u = p
                    and s·j + v = q of W[u, v, c, f] · y[n, i, j, f]

    (before the padding is removed).

    Each input pixel y[n, i, j, :] stamps a copy of the kernel, weighted by its
    F values, onto the output at (s·i, s·j); overlapping stamps add up.

    Parameters
    ----------
    y : array, shape (N, h, w, F)
    W : array, shape (K_h, K_w, C, F)
        The kernel of the convolution from C to F channels that is transposed
        (Keras' Conv2DTranspose stores its kernel in this layout).
    b : array, shape (C,), optional
    stride : int or pair of int
    padding : "valid", "same" or int
        The padding of the convolution that is transposed.
    output_size : pair of int, optional
        (H, W) of the result; by default conv_transpose_output_size along each
        axis.

    Returns
    -------
    x : array, shape (N, H, W, C)
    """
    y = _check_batch(y, "y")
    W = check_array(W, "W", ndim=4)
    if W.shape[3] != y.shape[3] or 0 in W.shape:
        raise ValueError(
            f"W must have shape (K_h, K_w, C, F) with F = {y.shape[3]} "
            "channels "
            f"of y and every axis >= 1; got W of shape {W.shape}"
        )
    strides = _pair(stride, "stride")
    if output_size is None:
        output_size = tuple(
            conv_transpose_output_size(
                y.shape[1 + a], W.shape[a], strides[a], padding
            )
            for a in range(2)
        )
    size = _pair(output_size, "output_size")
    for a in range(2):
        try:
            fits = (
                conv_output_size(size[a], W.shape[a], strides[a], padding)
                == y.shape[1 + a]
            )
        # the kernel does not fit into an input of this size
        except ValueError:
            fits = False
        if not fits:
            raise ValueError(
                f"output_size={size} is not an input size of a convolution "
                f"that gives y's size {y.shape[1:3]}"
            )
    shape = (y.shape[0], *size, W.shape[2])
    x, _, _ = conv2d_backward(
        y, np.zeros(shape), W, stride=stride, padding=padding
    )
    if b is not None:
        b = check_array(b, "b", ndim=1)
        if b.shape != (W.shape[2],):
            raise ValueError(
                f"b must have shape ({W.shape[2]},); got shape {b.shape}"
            )
        x = x + b
    return x


def _check_batch(x: Any, name: str) -> np.ndarray:
    """A non-empty batch of maps of shape (N, H, W, C)."""
    x = check_array(x, name, ndim=4)
    if 0 in x.shape:
        raise ValueError(
            f"{name} must be a non-empty batch (N, H, W, C); got shape "
            f"{x.shape}"
        )
    return x


def _blocks(x: np.ndarray, k: int) -> np.ndarray:
    """Cut a batch into k × k blocks: shape (N, h, w, C, k·k), taps in
    row-major order."""
    n, height, width, c = x.shape
    h, w = height // k, width // k
    blocks = x[:, : h * k, : w * k].reshape(n, h, k, w, k, c)
    return blocks.transpose(0, 1, 3, 5, 2, 4).reshape(n, h, w, c, k * k)


def max_pool_with_indices(
    x: Any, size: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Max pooling over non-overlapping size × size windows that remembers the
    winners.

    a[n, i, j, c] = max over u, v of x[n, k·i + u, k·j + v, c], and index[n, i,
    j, c] is the position k·u + v of that maximum inside its window (the first
    one if several are equal). SegNet's encoder keeps these indices for its
    decoder.

    Returns
    -------
    a : array, shape (N, H // size, W // size, C)
    index : int array, same shape
    """
    x = _check_batch(x, "x")
    size = check_int(size, "size")
    if x.shape[1] < size or x.shape[2] < size:
        raise ValueError(
            f"x of shape {x.shape} is smaller than the window size={size}"
        )
    blocks = _blocks(x, size)
    return blocks.max(axis=-1), blocks.argmax(axis=-1)


def max_unpool2d(a: Any, index: Any, size: int = 2) -> np.ndarray:
    """Max unpooling: put each value back where its window's maximum was, zeros
    elsewhere.

    x[n, k·i + u, k·j + v, c] = a[n, i, j, c] if index[n, i, j, c] = k·u + v,
    else 0.

    Returns
    -------
    x : array, shape (N, h·size, w·size, C)
    """
    a = _check_batch(a, "a")
    size = check_int(size, "size")
    index = check_array(index, "index", ndim=4, dtype=None)
    if index.shape != a.shape or index.dtype.kind not in "iu":
        raise ValueError(
            f"index must be an int array of shape {a.shape}; got "
            f"{index.dtype} of shape {index.shape}"
        )
    if index.size and (index.min() < 0 or index.max() >= size * size):
        raise ValueError(
            f"index must lie in [0, {size * size - 1}] for size={size}"
        )
    n, h, w, c = a.shape
    taps = np.where(
        index[..., None] == np.arange(size * size), a[..., None], 0.0
    )
    taps = taps.reshape(n, h, w, c, size, size).transpose(0, 1, 4, 2, 5, 3)
    return taps.reshape(n, h * size, w * size, c)


def upsample_nearest(a: Any, size: int = 2) -> np.ndarray:
    """Nearest-neighbour upsampling: every value is copied into a size × size
    block.

    x[n, k·i + u, k·j + v, c] = a[n, i, j, c] for 0 <= u, v < k (k = size).

    Returns
    -------
    x : array, shape (N, h·size, w·size, C)
    """
    a = _check_batch(a, "a")
    size = check_int(size, "size")
    return np.repeat(np.repeat(a, size, axis=1), size, axis=2)


def upsample_bed_of_nails(a: Any, size: int = 2) -> np.ndarray:
    """ "Bed of nails" upsampling: every value goes to the top-left corner of
    its size × size block, zeros elsewhere (max unpooling with every index
    equal to 0).

    Returns
    -------
    x : array, shape (N, h·size, w·size, C)
    """
    a = _check_batch(a, "a")
    size = check_int(size, "size")
    n, h, w, c = a.shape
    x = np.zeros((n, h * size, w * size, c))
    x[:, ::size, ::size, :] = a
    return x


def one_hot(labels: Any, n_classes: int) -> np.ndarray:
    """Encode a label map as one indicator channel per class: t[..., k] =
    [label = k].

    Returns
    -------
    t : array, shape labels.shape + (n_classes,)
    """
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    labels = _check_labels(labels, "labels", n_classes)
    return (labels[..., None] == np.arange(n_classes)).astype(float)


def _check_labels(labels: Any, name: str, n_classes: int) -> np.ndarray:
    labels = check_array(labels, name, dtype=None)
    if labels.dtype.kind not in "iu":
        raise TypeError(
            f"{name} must hold integer class indices; got dtype {labels.dtype}"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"{name} must lie in [0, {n_classes - 1}] for "
            f"n_classes={n_classes}; "
            f"got values in [{labels.min()}, {labels.max()}]"
        )
    return labels


def _check_maps(T: Any, Y: Any) -> tuple[np.ndarray, np.ndarray]:
    T = check_array(T, "T", ndim=(2, 3, 4))
    Y = check_array(Y, "Y", ndim=(2, 3, 4))
    if T.shape != Y.shape:
        raise ValueError(
            f"T and Y must have the same shape; got {T.shape} and {Y.shape}"
        )
    if T.size == 0:
        raise ValueError(
            "T and Y must hold at least one pixel and one class; got shape "
            f"{T.shape}"
        )
    if T.min() < 0 or T.max() > 1:
        raise ValueError(
            "T must hold one-hot (or soft) targets in [0, 1]; got values "
            "from "
            f"{T.min()} to {T.max()}"
        )
    return T, Y


def dice_loss(T: Any, Y: Any, smooth: float = 1.0) -> float:
    """Soft Dice loss averaged over the K classes (last axis).

    D_k = (2·sum_i y_ik·t_ik + ε) / (sum_i y_ik + sum_i t_ik + ε) and L = 1 -
    (1/K)·sum_k D_k, with the sums over all pixels i of the batch and ε =
    smooth.

    Parameters
    ----------
    T : array, shape (..., K)
        One-hot targets.
    Y : array, shape (..., K)
        Predicted class probabilities.
    smooth : float
        The constant ε > 0 that keeps D_k defined for a class absent from both
        maps.
    """
    T, Y = _check_maps(T, Y)
    smooth = check_positive(smooth, "smooth")
    axes = tuple(range(T.ndim - 1))
    dice = (2 * (T * Y).sum(axes) + smooth) / (
        T.sum(axes) + Y.sum(axes) + smooth
    )
    return float(1 - dice.mean())


def dice_loss_gradient(T: Any, Y: Any, smooth: float = 1.0) -> np.ndarray:
    """Gradient of dice_loss with respect to the predictions Y.

    dL/dy_ik = -(1/K)·[2·t_ik·S_k - (2·I_k + ε)] / S_k², where
    I_k = sum_i y_ik·t_ik and S_k = sum_i y_ik + sum_i t_ik + ε.
    """
    T, Y = _check_maps(T, Y)
    smooth = check_positive(smooth, "smooth")
    axes = tuple(range(T.ndim - 1))
    overlap, total = (T * Y).sum(axes), T.sum(axes) + Y.sum(axes) + smooth
    return -(2 * T * total - (2 * overlap + smooth)) / (total**2 * T.shape[-1])


def iou_per_class(labels: Any, predictions: Any, n_classes: int) -> np.ndarray:
    """Intersection over union of each class: IoU_k = TP_k / (TP_k + FP_k +
    FN_k).

    TP_k counts pixels of class k predicted as k, FP_k other pixels predicted
    as k and FN_k pixels of class k predicted as something else; a class that
    appears in neither map gets NaN.

    Returns
    -------
    iou : array, shape (n_classes,)
    """
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    labels = _check_labels(labels, "labels", n_classes)
    predictions = _check_labels(predictions, "predictions", n_classes)
    if labels.shape != predictions.shape or labels.size == 0:
        raise ValueError(
            "labels and predictions must have the same shape and at least "
            "one pixel; got "
            f"{labels.shape} and {predictions.shape}"
        )
    C = confusion_matrix(
        labels.ravel(), predictions.ravel(), labels=np.arange(n_classes)
    )
    tp = np.diag(C).astype(float)
    union = C.sum(axis=0) + C.sum(axis=1) - tp  # TP + FP + FN
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, tp / union, np.nan)


def mean_iou(labels: Any, predictions: Any, n_classes: int) -> float:
    """Mean intersection over union: (1/K')·sum_k IoU_k over the K' classes
    present."""
    return float(np.nanmean(iou_per_class(labels, predictions, n_classes)))


@dataclass(frozen=True)
class Scenes:
    """A batch of synthetic scenes.

    images : array, shape (N, H, W, 1)
        grey values
    labels : int array, shape (N, H, W)
        class of each pixel (index into CLASS_NAMES)
    instances : int array, shape (N, H, W)
        0 for background, 1, 2, ... for each object
    """

    images: np.ndarray
    labels: np.ndarray
    instances: np.ndarray


def _shape_mask(
    dy: np.ndarray, dx: np.ndarray, sides: int, area: float, angle: float
) -> np.ndarray:
    """Pixels inside a disc (sides = 0) or a regular polygon of the given area
    and angle.

    A regular n-gon with apothem r has area n·r²·tan(π/n); a point is inside
    when its projection on every outward normal is at most r. The disc is the
    limit n → ∞.
    """
    if sides == 0:
        return dy**2 + dx**2 <= area / np.pi
    apothem = np.sqrt(area / (sides * np.tan(np.pi / sides)))
    normals = angle + 2 * np.pi * np.arange(sides) / sides
    reach = (
        np.cos(normals)[:, None, None] * dx
        + np.sin(normals)[:, None, None] * dy
    )
    return reach.max(axis=0) <= apothem


def make_scenes(
    n: int,
    size: int = 48,
    max_shapes: int = 4,
    noise: float = 0.1,
    max_angle: float = 20.0,
    seed: SeedLike = None,
) -> Scenes:
    """Draw n grey images of discs, squares and triangles on a noisy, shaded
    background.

    Each image holds 1 to max_shapes objects with a random class, centre, area
    and brightness. Squares stand on a side and triangles on their base, turned
    by a random angle of at most max_angle degrees. All classes have the same
    distribution of areas, so that only their shape tells them apart. Later
    objects occlude earlier ones. The background is a random linear ramp, and
    Gaussian noise of standard deviation noise is added everywhere.

    Returns
    -------
    Scenes
        images (n, size, size, 1), labels and instances (n, size, size).
    """
    n, size = check_int(n, "n"), check_int(size, "size", minimum=16)
    max_shapes = check_int(max_shapes, "max_shapes")
    noise = check_positive(noise, "noise", allow_zero=True)
    max_angle = np.deg2rad(
        check_positive(max_angle, "max_angle", allow_zero=True)
    )
    rng = as_generator(seed)
    rows, cols = np.mgrid[0:size, 0:size].astype(float)
    images = np.empty((n, size, size))
    labels = np.zeros((n, size, size), dtype=np.int64)
    instances = np.zeros((n, size, size), dtype=np.int64)
    for m in range(n):
        slope = rng.uniform(-0.3, 0.3, size=2) / size
        images[m] = (
            0.2 + slope[0] * (rows - size / 2) + slope[1] * (cols - size / 2)
        )
        for obj in range(1, rng.integers(1, max_shapes + 1) + 1):
            cls = int(rng.integers(1, len(CLASS_NAMES)))
            cy, cx = rng.uniform(0.15 * size, 0.85 * size, size=2)
            area = rng.uniform(0.03, 0.08) * size**2
            angle = (0, 0, 0, np.pi / 2)[cls] + rng.uniform(
                -max_angle, max_angle
            )
            inside = _shape_mask(
                rows - cy, cols - cx, (0, 0, 4, 3)[cls], area, angle
            )
            images[m][inside] = rng.uniform(0.5, 1.0)
            labels[m][inside], instances[m][inside] = cls, obj
    images += noise * rng.normal(size=images.shape)
    return Scenes(images[..., None], labels, instances)
