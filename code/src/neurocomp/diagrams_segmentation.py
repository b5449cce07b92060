"""Schematic figures of the chapter "Segmentation networks".

- transposed_convolution_diagram: a small input y, a kernel and the output of
  the transposed convolution, every input value stamping a scaled copy of the
  kernel onto the output at stride s, overlapping stamps adding up. The output
  values are computed by neurocomp.segmentation.conv_transpose2d, so the
  picture cannot disagree with the code.
- unet_diagram: the U-Net of the chapter (encoder, bottom, decoder, skip
  connections) with the feature-map sizes of each level.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .diagrams import BACKWARD, EDGE, FORWARD, OTHER, Diagram
from .segmentation import conv_transpose2d

__all__ = ["transposed_convolution_diagram", "unet_diagram"]


def _small_int_grid(values: Any, name: str, max_side: int) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 2 or min(array.shape) < 1 or max(array.shape) > max_side:
        raise ValueError(
            f"{name} must be a 2-D array with sides from 1 to {max_side}; "
            f"got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers; got {array}")
    return array


def transposed_convolution_diagram(
    y: Any = ((1, 2), (3, 1)),
    kernel: Any = ((1, 1, 0), (1, 2, 1), (0, 1, 1)),
    stride: int = 2,
) -> Figure:
    """Draw a transposed convolution x = Cᵀy on a small grid (no padding, one
    channel).

    Input value y[i, j] stamps the kernel, scaled by y[i, j], onto the output
    at rows s·i ... s·i + K_h - 1 and columns s·j ... s·j + K_w - 1; the stamp
    of y[0, 0] is highlighted, and the output cells reached by more than one
    stamp are marked.

    Parameters
    ----------
    y : 2-D array, sides 1 to 3
        The input map.
    kernel : 2-D array, sides 1 to 4
    stride : int, 1 to 3

    Returns
    -------
    matplotlib.figure.Figure
    """
    y = _small_int_grid(y, "y", 3)
    kernel = _small_int_grid(kernel, "kernel", 4)
    if (
        isinstance(stride, bool)
        or not isinstance(stride, numbers.Integral)
        or not 1 <= stride <= 3
    ):
        raise ValueError(
            f"stride must be an integer from 1 to 3; got stride={stride!r}"
        )
    out = conv_transpose2d(
        y[None, :, :, None], kernel[:, :, None, None], stride=stride
    )[0, :, :, 0]
    stamps = conv_transpose2d(
        np.ones((1, *y.shape, 1)),
        np.ones((*kernel.shape, 1, 1)),
        stride=stride,
    )[0, :, :, 0]
    kh, kw = kernel.shape
    cell = 0.36 if max(out.shape) <= 7 else 0.28
    height = max(out.shape[0] * cell + 1.0, 2.4)
    base = 0.5
    x_y = 0.25
    x_k = x_y + y.shape[1] * cell + 0.75
    x_o = x_k + kw * cell + 0.95
    width = x_o + out.shape[1] * cell + 0.25
    d = Diagram(width, height)
    gy = d.grid(
        x_y,
        base + (out.shape[0] - y.shape[0]) * cell / 2,
        values=y,
        cell=cell,
        highlight=[(0, 0)],
        fmt="{:g}",
    )
    gk = d.grid(
        x_k,
        base + (out.shape[0] - kh) * cell / 2,
        values=kernel,
        cell=cell,
        kind="op",
        fmt="{:g}",
    )
    overlap = [(i, j) for i, j in np.ndindex(out.shape) if stamps[i, j] > 1]
    first = [(i, j) for i in range(kh) for j in range(kw)]
    go = d.grid(
        x_o,
        base,
        values=out,
        cell=cell,
        kind="output",
        fmt="{:g}",
        highlight=first,
        highlight_kind="focus",
    )
    for (
        i,
        j,
    ) in overlap:  # a thick outline on the cells that sum several stamps
        cx, cy = go.center(i, j)
        d.ax.add_patch(
            Rectangle(
                (cx - cell / 2, cy - cell / 2),
                cell,
                cell,
                facecolor="none",
                edgecolor=BACKWARD,
                linewidth=2.0,
                zorder=3,
            )
        )
    top = base + out.shape[0] * cell
    d.text(
        gy.x + y.shape[1] * cell / 2,
        top + 0.25,
        r"input $\mathbf{y}$",
        size=10,
    )
    d.text(gk.x + kw * cell / 2, top + 0.25, r"kernel $\mathbf{W}$", size=10)
    d.text(
        go.x + out.shape[1] * cell / 2,
        top + 0.25,
        rf"output $\mathbf{{M}}^\top\mathbf{{y}}$ (stride $s={stride}$)",
        size=10,
    )
    mid = base + out.shape[0] * cell / 2
    d.text((gy.x + y.shape[1] * cell + gk.x) / 2, mid, r"$\otimes$", size=14)
    d.arrow((gk.x + kw * cell + 0.1, mid), (go.x - 0.1, mid), color=FORWARD)
    d.text(
        width / 2,
        base - 0.25,
        "yellow: the stamp of $y_{0,0}$;  orange outline: stamps overlap and "
        "add up",
        size=9,
        color=EDGE,
    )
    return d.finish()


def unet_diagram(
    filters: Sequence[int] = (8, 16, 32), size: int = 48, n_classes: int = 4
) -> Figure:
    """Draw the chapter's U-Net: len(filters) levels, pooling down, transposed
    convolutions up, and a skip connection (concatenation) at every level but
    the bottom.

    Parameters
    ----------
    filters : sequence of int, length 2 to 4
        Feature maps per level, from the top of the encoder to the bottom.
    size : int
        Height and width of the input, divisible by 2^(len(filters) - 1).
    n_classes : int
        Number of output maps (classes).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if (
        isinstance(filters, (str, bytes))
        or not isinstance(filters, Sequence)
        or not 2 <= len(filters) <= 4
        or not all(isinstance(f, numbers.Integral) and f > 0 for f in filters)
    ):
        raise ValueError(
            "filters must be 2 to 4 positive integers; got "
            f"filters={filters!r}"
        )
    levels = len(filters)
    for value, name in ((size, "size"), (n_classes, "n_classes")):
        if (
            isinstance(value, bool)
            or not isinstance(value, numbers.Integral)
            or value < 1
        ):
            raise ValueError(
                f"{name} must be a positive integer; got {name}={value!r}"
            )
    if size % 2 ** (levels - 1):
        raise ValueError(
            f"size must be divisible by {2 ** (levels - 1)} for {levels} "
            "levels; "
            f"got size={size}"
        )
    step_y, box_w, box_h = 0.78, 1.15, 0.46
    height = 0.45 + levels * step_y + 0.55
    d = Diagram(6.4, height)
    y_of = [height - 0.75 - level * step_y for level in range(levels)]
    x_in, x_out = 0.42, 5.98
    x_enc = [1.65 + 0.6 * level for level in range(levels)]
    x_dec = [4.75 - 0.6 * level for level in range(levels)]
    image = d.box(
        x_in,
        y_of[0],
        f"image\n{size}×{size}×1",
        width=0.72,
        height=0.5,
        kind="input",
        size=8,
    )
    enc, dec = [], []
    for level, f in enumerate(filters):
        n = size // 2**level
        label = f"{n}×{n}×{f}"
        kind = "memory" if level == levels - 1 else "hidden"
        if level == levels - 1:
            enc.append(
                d.box(
                    (x_enc[level] + x_dec[level]) / 2,
                    y_of[level],
                    "bottom\n" + label,
                    width=box_w + 0.2,
                    height=box_h + 0.06,
                    kind=kind,
                    size=8,
                )
            )
            dec.append(enc[-1])
        else:
            enc.append(
                d.box(
                    x_enc[level],
                    y_of[level],
                    "2 conv\n" + label,
                    width=box_w,
                    height=box_h,
                    kind=kind,
                    size=8,
                )
            )
            dec.append(
                d.box(
                    x_dec[level],
                    y_of[level],
                    "concat, 2 conv\n" + label,
                    width=box_w + 0.15,
                    height=box_h,
                    kind=kind,
                    size=8,
                )
            )
    out = d.box(
        x_out,
        y_of[0],
        f"softmax\n{size}×{size}×{n_classes}",
        width=0.72,
        height=0.5,
        kind="output",
        size=8,
    )
    d.arrow(image, enc[0], color=FORWARD)
    d.arrow(
        dec[0],
        out,
        "1×1",
        color=FORWARD,
        math=False,
        size=8,
        label_offset=(0.0, 0.2),
    )
    for level in range(levels - 1):
        d.arrow(
            enc[level],
            enc[level + 1],
            "max pool",
            color=FORWARD,
            math=False,
            size=8,
            label_offset=(-0.4, 0.0),
        )
        d.arrow(
            dec[level + 1],
            dec[level],
            "up-conv",
            color=FORWARD,
            math=False,
            size=8,
            label_offset=(0.36, 0.0),
        )
        d.arrow(
            enc[level],
            dec[level],
            "skip: copy, concatenate" if level == 0 else "skip",
            color=OTHER,
            math=False,
            size=8,
            dashed=True,
        )
    d.text(
        0.1,
        0.18,
        "encoder: context grows, resolution falls",
        size=8,
        ha="left",
        color=EDGE,
    )
    d.text(
        6.3,
        0.18,
        "decoder: resolution restored",
        size=8,
        ha="right",
        color=EDGE,
    )
    return d.finish()
