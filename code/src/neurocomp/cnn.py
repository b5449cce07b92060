"""Convolution and pooling layers in NumPy, with their gradients.

Chapter "Convolutional neural networks". Images are stored channels-last, as in
Keras: a batch ``x`` has shape ``(N, H, W, C)`` and a kernel ``W`` has shape
``(K_h, K_w, C, F)`` for ``C`` input and ``F`` output channels. Like every
deep-learning library, the layers compute a cross-correlation (the kernel is
not flipped):

    z[n, i, j, f] = b[f] + sum over u, v, c of W[u, v, c, f] · x̃[n, s·i + d·u,
    s·j + d·v, c]

where x̃ is the zero-padded input, s the stride and d the dilation. The
functions also give the output size of a layer and the receptive field of a
stack of layers.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .utils import check_array, check_int

PadSpec = str | int | tuple[int, int]


def _pair(value: Any, name: str, minimum: int = 1) -> tuple[int, int]:
    """Turn an int or a pair of ints into a checked pair (height, width)."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(
                f"{name} must be an int or a pair of ints; got {value!r}"
            )
        return check_int(value[0], name, minimum=minimum), check_int(
            value[1], name, minimum=minimum
        )
    value = check_int(value, name, minimum=minimum)
    return value, value


def same_padding(
    n: int, kernel: int, stride: int = 1, dilation: int = 1
) -> tuple[int, int]:
    """Zeros added (before, after) along one axis by ``padding="same"``.

    "same" padding makes the output size ceil(n / stride); when the total
    padding p = (ceil(n / stride) - 1)·stride + dilation·(kernel - 1) + 1 - n
    is odd, the extra zero goes after the input (the convention of TensorFlow
    and Keras).
    """
    n, kernel = check_int(n, "n"), check_int(kernel, "kernel")
    stride, dilation = (
        check_int(stride, "stride"),
        check_int(dilation, "dilation"),
    )
    total = max(
        (-(-n // stride) - 1) * stride + dilation * (kernel - 1) + 1 - n, 0
    )
    return total // 2, total - total // 2


def _padding_amounts(
    padding: Any, n: int, kernel: int, stride: int, dilation: int
) -> tuple[int, int]:
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise ValueError(
                "padding must be 'valid', 'same' or an int >= 0; got "
                f"{padding!r}"
            )
        return (
            (0, 0)
            if padding == "valid"
            else same_padding(n, kernel, stride, dilation)
        )
    if (
        not isinstance(padding, numbers.Integral)
        or isinstance(padding, bool)
        or padding < 0
    ):
        raise ValueError(
            f"padding must be 'valid', 'same' or an int >= 0; got {padding!r}"
        )
    return int(padding), int(padding)


def conv_output_size(
    n: int,
    kernel: int,
    stride: int = 1,
    padding: str | int = 0,
    dilation: int = 1,
) -> int:
    """Size of a convolution or pooling output along one axis.

    O = floor((n + p_before + p_after - d·(K - 1) - 1) / s) + 1, with the
    padding given as an int p (p zeros on each side), "valid" (no padding) or
    "same" (O = ceil(n / s)).

    Raises
    ------
    ValueError
        If the dilated kernel, d·(K - 1) + 1 wide, is larger than the padded
        input.
    """
    n, kernel = check_int(n, "n"), check_int(kernel, "kernel")
    stride, dilation = (
        check_int(stride, "stride"),
        check_int(dilation, "dilation"),
    )
    before, after = _padding_amounts(padding, n, kernel, stride, dilation)
    span = dilation * (kernel - 1) + 1
    if n + before + after < span:
        raise ValueError(
            f"the kernel spans {span} pixels (kernel={kernel}, "
            f"dilation={dilation}) but the "
            f"padded input has only {n + before + after} (n={n}, "
            f"padding={padding!r})"
        )
    return (n + before + after - span) // stride + 1


@dataclass(frozen=True)
class _Geometry:
    """Padding, stride, dilation and output size of a layer along both axes."""

    pad: tuple[tuple[int, int], tuple[int, int]]
    stride: tuple[int, int]
    dilation: tuple[int, int]
    out: tuple[int, int]

    def window(self, u: int, v: int) -> tuple[slice, slice]:
        """Rows and columns of the padded input met by kernel tap (u, v) at all
        positions."""
        (sh, sw), (dh, dw), (oh, ow) = self.stride, self.dilation, self.out
        return (
            slice(dh * u, dh * u + sh * (oh - 1) + 1, sh),
            slice(dw * v, dw * v + sw * (ow - 1) + 1, sw),
        )


def _geometry(
    shape: tuple[int, ...],
    kernel: tuple[int, int],
    stride: Any,
    padding: Any,
    dilation: Any,
    what: str = "the kernel of W",
) -> _Geometry:
    stride, dilation = _pair(stride, "stride"), _pair(dilation, "dilation")
    pad, out = [], []
    for axis in range(2):
        args = (shape[1 + axis], kernel[axis], stride[axis], dilation[axis])
        pad.append(_padding_amounts(padding, *args))
        span, padded = args[3] * (args[1] - 1) + 1, args[0] + sum(pad[-1])
        if padded < span:
            raise ValueError(
                f"{what} spans {span} pixels along the "
                f"{('height', 'width')[axis]} "
                f"but x has only {padded} there (with padding={padding!r})"
            )
        out.append(conv_output_size(padded, args[1], args[2], 0, args[3]))
    return _Geometry(tuple(pad), stride, dilation, tuple(out))


def _check_4d(value: Any, name: str, axes: str) -> np.ndarray:
    """A finite 4-D array with no empty axis; ``axes`` names them for the
    message."""
    arr = check_array(value, name, ndim=4)
    if 0 in arr.shape:
        raise ValueError(
            f"{name} must have shape {axes} with every axis >= 1; got "
            f"{arr.shape}"
        )
    return arr


def _check_conv(x: Any, W: Any) -> tuple[np.ndarray, np.ndarray]:
    x = _check_4d(x, "x", "(N, H, W, C)")
    W = _check_4d(W, "W", "(K_h, K_w, C, F)")
    if W.shape[2] != x.shape[3]:
        raise ValueError(
            f"W must have shape (K_h, K_w, C, F) with C = {x.shape[3]} input "
            "channels of x; "
            f"got W of shape {W.shape}"
        )
    return x, W


def conv2d(
    x: Any,
    W: Any,
    b: Any = None,
    *,
    stride: int | tuple[int, int] = 1,
    padding: PadSpec = "valid",
    dilation: int | tuple[int, int] = 1,
) -> np.ndarray:
    """Two-dimensional convolution layer (cross-correlation) of a batch of
    images.

    z[n, i, j, f] = b[f] + sum over u, v, c of W[u, v, c, f] · x̃[n, s·i + d·u,
    s·j + d·v, c]

    Parameters
    ----------
    x : array, shape (N, H, W, C)
    W : array, shape (K_h, K_w, C, F)
    b : array, shape (F,), optional
    stride, dilation : int or pair of int
    padding : "valid", "same" or int
        "same" pads like Keras; an int p adds p zeros on every side.

    Returns
    -------
    z : array, shape (N, O_h, O_w, F)
    """
    x, W = _check_conv(x, W)
    b = np.zeros(W.shape[3]) if b is None else check_array(b, "b", ndim=1)
    if b.shape != (W.shape[3],):
        raise ValueError(
            f"b must have shape ({W.shape[3]},); got shape {b.shape}"
        )
    geo = _geometry(x.shape, W.shape[:2], stride, padding, dilation)
    x_pad = np.pad(x, ((0, 0), *geo.pad, (0, 0)))
    z = np.zeros((x.shape[0], *geo.out, W.shape[3]))
    for u in range(W.shape[0]):
        for v in range(W.shape[1]):
            rows, cols = geo.window(u, v)
            # one kernel tap at all positions
            z += x_pad[:, rows, cols, :] @ W[u, v]
    return z + b


def conv2d_backward(
    delta: Any,
    x: Any,
    W: Any,
    *,
    stride: int | tuple[int, int] = 1,
    padding: PadSpec = "valid",
    dilation: int | tuple[int, int] = 1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of a loss through conv2d, given delta = dL/dz.

    dL/dW[u, v, c, f] = sum over n, i, j of delta[n, i, j, f] · x̃[n, s·i +
    d·u, s·j + d·v, c] dL/dx̃[n, s·i + d·u, s·j + d·v, c] collects delta[n, i,
    j, f] · W[u, v, c, f] dL/db[f] = sum over n, i, j of delta[n, i, j, f]

    Returns
    -------
    dx : array, shape (N, H, W, C)
    dW : array, shape (K_h, K_w, C, F)
    db : array, shape (F,)
    """
    x, W = _check_conv(x, W)
    geo = _geometry(x.shape, W.shape[:2], stride, padding, dilation)
    delta = check_array(delta, "delta", ndim=4)
    if delta.shape != (x.shape[0], *geo.out, W.shape[3]):
        raise ValueError(
            "delta must have the shape of the layer's output "
            f"{(x.shape[0], *geo.out, W.shape[3])}; "
            f"got {delta.shape}"
        )
    x_pad = np.pad(x, ((0, 0), *geo.pad, (0, 0)))
    dx_pad = np.zeros_like(x_pad)
    dW = np.zeros_like(W)
    for u in range(W.shape[0]):
        for v in range(W.shape[1]):
            rows, cols = geo.window(u, v)
            dW[u, v] = np.tensordot(
                x_pad[:, rows, cols, :], delta, axes=([0, 1, 2], [0, 1, 2])
            )
            # send each error back through tap (u, v)
            dx_pad[:, rows, cols, :] += delta @ W[u, v].T
    (top, _), (left, _) = geo.pad
    # drop the padding
    dx = dx_pad[:, top : top + x.shape[1], left : left + x.shape[2], :]
    return dx, dW, delta.sum(axis=(0, 1, 2))


def _pool_windows(
    x: np.ndarray, size: Any, stride: Any
) -> tuple[np.ndarray, _Geometry, tuple[int, int]]:
    """Stack the inputs under each tap of the window: shape (taps, N, O_h, O_w,
    C)."""
    size = _pair(size, "size")
    geo = _geometry(
        x.shape,
        size,
        size if stride is None else stride,
        "valid",
        1,
        "the pooling window (size)",
    )
    taps = [geo.window(u, v) for u in range(size[0]) for v in range(size[1])]
    return np.stack([x[:, rows, cols, :] for rows, cols in taps]), geo, size


def max_pool2d(
    x: Any,
    size: int | tuple[int, int] = 2,
    stride: int | tuple[int, int] | None = None,
) -> np.ndarray:
    """Max pooling of each channel over size × size windows (no padding).

    a[n, i, j, c] = max over u, v of x[n, s·i + u, s·j + v, c]; the stride s
    defaults to the window size (non-overlapping windows).

    Parameters
    ----------
    x : array, shape (N, H, W, C)
    size : int or pair of int
        Height and width of the pooling window.
    stride : int, pair of int or None
        Step between windows (None: the window size).

    Returns
    -------
    a : array, shape (N, O_h, O_w, C)
    """
    windows, _, _ = _pool_windows(
        _check_4d(x, "x", "(N, H, W, C)"), size, stride
    )
    return windows.max(axis=0)


def max_pool2d_backward(
    delta: Any,
    x: Any,
    size: int | tuple[int, int] = 2,
    stride: int | tuple[int, int] | None = None,
) -> np.ndarray:
    """Gradient of a loss through max_pool2d, given delta = dL/da.

    Each window passes its error delta[n, i, j, c] to the input that was its
    maximum (the first one in row-major order if several are equal) and zero to
    the others; where windows overlap, the contributions add up.

    Returns
    -------
    dx : array, shape (N, H, W, C), the shape of x
    """
    x = _check_4d(x, "x", "(N, H, W, C)")
    windows, geo, size = _pool_windows(x, size, stride)
    delta = check_array(delta, "delta", ndim=4)
    if delta.shape != windows.shape[1:]:
        raise ValueError(
            "delta must have the shape of the pooled output "
            f"{windows.shape[1:]}; "
            f"got {delta.shape}"
        )
    # which tap of each window holds the maximum
    winner = windows.argmax(axis=0)
    dx = np.zeros_like(x)
    for k in range(size[0] * size[1]):
        rows, cols = geo.window(*divmod(k, size[1]))
        dx[:, rows, cols, :] += np.where(winner == k, delta, 0.0)
    return dx


def _int_list(values: Any, name: str, n: int | None = None) -> list[int]:
    """Checked list of ints >= 1; None gives n ones; n, if given, is the
    required length."""
    if values is None and n is not None:
        return [1] * n
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a sequence of ints; got {values!r}")
    if n is not None and len(values) != n:
        raise ValueError(
            f"{name} must have the same length as kernels ({n}); got "
            f"{len(values)}"
        )
    return [check_int(v, f"{name}[{i}]") for i, v in enumerate(values)]


def receptive_field(
    kernels: Sequence[int],
    strides: Sequence[int] | None = None,
    dilations: Sequence[int] | None = None,
) -> list[tuple[int, int]]:
    """Receptive field size and jump after each layer of a stack of
    convolutions/poolings.

    r_l = r_(l-1) + d_l·(K_l - 1)·j_(l-1) and j_l = j_(l-1)·s_l, starting from
    r_0 = j_0 = 1: r_l is the width of the input region that one unit of layer
    l sees, j_l the distance in input pixels between neighbouring units of
    layer l.

    Returns
    -------
    list of (r_l, j_l) for l = 0, ..., L (the input first).
    """
    kernels = _int_list(kernels, "kernels")
    strides = _int_list(strides, "strides", len(kernels))
    dilations = _int_list(dilations, "dilations", len(kernels))
    r, j = 1, 1
    out = [(r, j)]
    for k, s, d in zip(kernels, strides, dilations):
        r, j = r + d * (k - 1) * j, j * s
        out.append((r, j))
    return out
