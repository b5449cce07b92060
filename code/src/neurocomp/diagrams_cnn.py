"""Schematic figures of the chapter on convolutional neural networks.

Each function draws one figure with the primitives of ``neurocomp.diagrams``
and returns the matplotlib Figure (close it after gluing it). The symbols are
the chapter's: input size N, kernel size K, padding P, stride s, dilation d,
output size O, receptive field r.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .diagrams import EDGE, FILLS, FORWARD, OTHER, Diagram

__all__ = [
    "convolution_diagram",
    "max_pooling_diagram",
    "lenet5_diagram",
    "residual_block_diagram",
    "inception_diagram",
    "dense_block_diagram",
    "receptive_field_diagram",
]


def _check_int(value: Any, name: str, minimum: int) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or value < minimum
    ):
        raise ValueError(
            f"{name} must be an integer >= {minimum}; got {name}={value!r}"
        )
    return int(value)


def _output_size(
    n: int, k: int, stride: int, padding: int, dilation: int
) -> int:
    """The chapter's output-size formula O = floor((N + 2P - d(K - 1) - 1) / s)
    + 1."""
    span = dilation * (k - 1) + 1
    if n + 2 * padding < span:
        raise ValueError(
            f"the kernel (span {span}) does not fit into the padded input "
            f"(size {n + 2 * padding})"
        )
    return (n + 2 * padding - span) // stride + 1


def convolution_diagram(
    configs: Sequence[tuple[int, int, int, int, int]] = (
        (5, 3, 1, 2, 1),
        (7, 3, 0, 1, 2),
    ),
    position: tuple[int, int] = (1, 1),
    cell: float = 0.27,
) -> Figure:
    """One row per convolution: the padded input, the kernel and the output
    grid.

    Parameters
    ----------
    configs : sequence of (N, K, P, s, d)
        Input size, kernel size, padding on each side, stride and dilation of
        each row.
    position : (i, j)
        The output position whose kernel taps are highlighted on the input
        (clipped to the output grid of each row).
    cell : float
        Side of a grid cell in inches.

    Returns
    -------
    matplotlib.figure.Figure
        Padding cells are white, input cells blue, the taps of output (i, j)
        yellow.
    """
    if not isinstance(configs, Sequence) or len(configs) == 0:
        raise ValueError(
            "configs must be a non-empty sequence of (N, K, P, s, d); got "
            f"{configs!r}"
        )
    rows = []
    for c in configs:
        if not isinstance(c, Sequence) or len(c) != 5:
            raise ValueError(f"each config must be (N, K, P, s, d); got {c!r}")
        n, k = _check_int(c[0], "N", 1), _check_int(c[1], "K", 1)
        p, s, d = (
            _check_int(c[2], "P", 0),
            _check_int(c[3], "s", 1),
            _check_int(c[4], "d", 1),
        )
        rows.append((n, k, p, s, d, _output_size(n, k, s, p, d)))
    if len(position) != 2:
        raise ValueError(f"position must be (i, j); got {position!r}")
    tallest = [max(n + 2 * p, k) * cell for n, k, p, *_ in rows]
    height = sum(tallest) + 0.75 * len(rows) + 0.1
    dia = Diagram(6.3, height)
    top = height - 0.1
    for (n, k, p, s, d, o), h in zip(rows, tallest):
        y0 = top - 0.3 - h
        size = n + 2 * p
        pi, pj = min(position[0], o - 1), min(position[1], o - 1)
        taps = [
            (s * pi + d * u, s * pj + d * v)
            for u in range(k)
            for v in range(k)
        ]
        inp = dia.grid(
            0.3,
            y0 + h - size * cell,
            (size, size),
            cell=cell,
            kind="input",
            highlight=taps,
        )
        for i in range(size):  # padding cells are white
            for j in range(size):
                if (i < p or j < p or i >= p + n or j >= p + n) and (
                    i,
                    j,
                ) not in taps:
                    cx, cy = inp.center(i, j)
                    dia.ax.add_patch(
                        Rectangle(
                            (cx - cell / 2, cy - cell / 2),
                            cell,
                            cell,
                            facecolor=FILLS["plain"],
                            edgecolor=EDGE,
                            linewidth=0.8,
                            linestyle=":",
                            zorder=2.5,
                        )
                    )
        dia.text(
            0.3 + size * cell / 2,
            top - 0.15,
            rf"input $N={n}$, padding $P={p}$",
            size=9,
        )
        kx = 0.3 + size * cell + 1.0
        ker = dia.grid(
            kx,
            y0 + h / 2 - k * cell / 2,
            (k, k),
            cell=cell,
            kind="op",
            values=np.arange(1, k * k + 1).reshape(k, k),
            fmt="{:g}",
            size=7,
        )
        dia.text(
            kx + k * cell / 2,
            top - 0.15,
            rf"kernel $K={k}$, $s={s}$, $d={d}$",
            size=9,
        )
        dia.arrow(inp.node(), ker.node(), color=FORWARD)
        ox = kx + k * cell + 1.0
        out = dia.grid(
            ox,
            y0 + h / 2 - o * cell / 2,
            (o, o),
            cell=cell,
            kind="output",
            highlight=[(pi, pj)],
        )
        dia.arrow(ker.node(), out.node(), color=FORWARD)
        dia.text(ox + o * cell / 2, top - 0.15, rf"output $O={o}$", size=9)
        dia.text(
            ox + o * cell + 0.1,
            y0 + h / 2,
            rf"$z_{{{pi},{pj}}}$",
            size=10,
            ha="left",
        )
        top = y0 - 0.45
    return dia.finish()


def max_pooling_diagram(
    values: Any = None, k: int = 2, stride: int = 2, cell: float = 0.42
) -> Figure:
    """Max pooling of a small map: windows in alternating colours, their maxima
    in yellow.

    Parameters
    ----------
    values : array of shape (H, W), optional
        The input map; by default a fixed 4 x 4 example.
    k, stride : int
        Window size and stride. Windows must not overlap (stride >= k), so that
        each cell has one colour.
    """
    if values is None:
        values = np.array(
            [[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]],
            dtype=float,
        )
    values = np.asarray(values, dtype=float)
    if values.ndim != 2:
        raise ValueError(
            f"values must be a 2-D array; got shape {values.shape}"
        )
    k, stride = _check_int(k, "k", 1), _check_int(stride, "stride", 1)
    if stride < k:
        raise ValueError(
            "stride must be >= k (non-overlapping windows); got "
            f"stride={stride}, k={k}"
        )
    oh, ow = (
        (values.shape[0] - k) // stride + 1,
        (values.shape[1] - k) // stride + 1,
    )
    if oh < 1 or ow < 1:
        raise ValueError(
            f"the window k={k} does not fit into values of shape "
            f"{values.shape}"
        )
    pooled = np.zeros((oh, ow))
    maxima = []
    fills = ["input", "output", "memory", "loss"]
    h = values.shape[0] * cell
    dia = Diagram(min(6.3, (values.shape[1] + ow) * cell + 2.2), h + 0.6)
    g = dia.grid(
        0.2,
        0.2,
        values.shape,
        values=values,
        cell=cell,
        kind="hidden",
        size=10,
    )
    for i in range(oh):
        for j in range(ow):
            window = values[
                i * stride : i * stride + k, j * stride : j * stride + k
            ]
            pooled[i, j] = window.max()
            u, v = np.unravel_index(np.argmax(window), window.shape)
            maxima.append((i * stride + u, j * stride + v))
            fill = FILLS[fills[(i + j) % 2 + 2 * (i % 2)]]
            for u in range(k):
                for v in range(k):
                    cx, cy = g.center(i * stride + u, j * stride + v)
                    is_max = (i * stride + u, j * stride + v) == maxima[-1]
                    dia.ax.add_patch(
                        Rectangle(
                            (cx - cell / 2, cy - cell / 2),
                            cell,
                            cell,
                            zorder=2.5,
                            linewidth=0.8,
                            facecolor=FILLS["focus"] if is_max else fill,
                            edgecolor=EDGE,
                        )
                    )
    ox = 0.2 + values.shape[1] * cell + 1.4
    out = dia.grid(
        ox,
        0.2 + h / 2 - oh * cell / 2,
        (oh, ow),
        values=pooled,
        cell=cell,
        kind="focus",
        size=10,
    )
    dia.arrow(
        g.node(),
        out.node(),
        rf"max, $k={k}$, $s={stride}$",
        color=FORWARD,
        math=False,
        label_offset=(0, 0.2),
        size=9,
    )
    dia.text(
        0.2 + values.shape[1] * cell / 2,
        h + 0.4,
        r"$z$ (feature map)",
        size=10,
    )
    dia.text(
        ox + ow * cell / 2,
        0.2 + h / 2 + oh * cell / 2 + 0.2,
        r"$a$ (pooled)",
        size=10,
    )
    dia.fig.pooled = pooled  # type: ignore[attr-defined]  # for the tests
    return dia.finish()


def _stack(
    dia: Diagram, x: float, y: float, side: float, depth: int, kind: str
) -> float:
    """A stack of ``depth`` (at most 4 drawn) squares of side ``side``; returns
    its right edge."""
    shown = min(depth, 4)
    step = 0.06
    for m in range(shown):
        dia.ax.add_patch(
            Rectangle(
                (x + m * step, y - m * step),
                side,
                side,
                facecolor=FILLS[kind],
                edgecolor=EDGE,
                linewidth=0.8,
                zorder=2 + m * 0.01,
            )
        )
    return x + (shown - 1) * step + side


def lenet5_diagram(
    layers: Sequence[tuple[str, int, int]] | None = None,
) -> Figure:
    """LeNet-5 as a row of feature-map stacks and dense layers.

    Parameters
    ----------
    layers : sequence of (name, maps or units, map size)
        A map size of 0 marks a dense layer (drawn as a bar). By default the
        layers of LeCun et al. (1998): 32 x 32 input, C1 6@28, S2 6@14, C3
        16@10, S4 16@5, C5 120, F6 84, output 10.
    """
    if layers is None:
        layers = [
            ("input", 1, 32),
            ("C1", 6, 28),
            ("S2", 6, 14),
            ("C3", 16, 10),
            ("S4", 16, 5),
            ("C5", 120, 0),
            ("F6", 84, 0),
            ("output", 10, 0),
        ]
    if len(layers) < 2:
        raise ValueError(
            f"layers must list at least two layers; got {len(layers)}"
        )
    ops = [
        "conv\n5×5",
        "pool\n2×2",
        "conv\n5×5",
        "pool\n2×2",
        "conv\n5×5",
        "dense",
        "dense",
    ] + ["dense"] * max(0, len(layers) - 8)
    dia = Diagram(6.4, 2.2)
    scale = 0.026  # inches per pixel of a map
    x = 0.1
    base = 1.2
    prev = None
    for idx, (name, depth, size) in enumerate(layers):
        depth = _check_int(depth, f"depth of {name}", 1)
        size = _check_int(size, f"size of {name}", 0)
        kind = (
            "input"
            if idx == 0
            else ("output" if idx == len(layers) - 1 else "hidden")
        )
        if prev is not None:
            dia.arrow(
                (prev + 0.03, base), (x - 0.03, base), color=FORWARD, width=1.0
            )
            dia.text(
                (prev + x) / 2, base + 0.3, ops[idx - 1], size=7, color=FORWARD
            )
        if size:
            side = size * scale
            right = _stack(dia, x, base - side / 2, side, depth, kind)
            centre = (x + right) / 2
            label = f"{depth}@{size}×{size}"
        else:
            bar = 0.3 + 1.0 * depth / 120
            dia.ax.add_patch(
                Rectangle(
                    (x, base - bar / 2),
                    0.16,
                    bar,
                    facecolor=FILLS[kind],
                    edgecolor=EDGE,
                    linewidth=0.8,
                    zorder=2,
                )
            )
            right = x + 0.16
            centre = x + 0.08
            label = f"{depth}"
        dia.text(centre, 0.3, name, size=9)
        dia.text(centre, 0.1, label, size=8)
        prev = right
        x = right + 0.36
    dia.fig.n_layers = len(layers)  # type: ignore[attr-defined]
    return dia.finish()


def residual_block_diagram() -> Figure:
    """A residual block y = relu(F(x) + x): two weight layers and the identity
    shortcut."""
    dia = Diagram(6.2, 1.9)
    y = 0.8
    x_in = dia.node(0.35, y, r"\mathbf{x}", kind="input")
    c1 = dia.box(
        1.55, y, "3×3 conv\nBN, ReLU", width=1.25, height=0.62, kind="hidden"
    )
    c2 = dia.box(
        3.1, y, "3×3 conv\nBN", width=1.25, height=0.62, kind="hidden"
    )
    add = dia.node(4.35, y, "+", kind="op", radius=0.2, math=False)
    relu = dia.box(5.1, y, "ReLU", width=0.7, height=0.45, kind="op")
    out = dia.node(5.85, y, r"\mathbf{y}", kind="output")
    for a, b in [(x_in, c1), (c1, c2), (c2, add), (add, relu), (relu, out)]:
        dia.arrow(a, b, color=FORWARD)
    dia.frame(0.85, 0.4, 3.8, 1.2, r"residual branch $\mathbf{F}(\mathbf{x})$")
    dia.arrow(
        (0.35, y + 0.22),
        (4.35, y + 0.2),
        "identity: $\\mathbf{x}$",
        color=OTHER,
        curve=-0.35,
        math=False,
        label_offset=(0, 0.12),
    )
    return dia.finish()


def inception_diagram() -> Figure:
    """The Inception module of GoogLeNet: four parallel branches,
    concatenated."""
    dia = Diagram(6.2, 3.1)
    prev = dia.box(
        3.1, 2.8, "previous layer", width=1.8, height=0.4, kind="input"
    )
    cat = dia.box(
        3.1,
        0.3,
        "concatenate the channels",
        width=2.8,
        height=0.4,
        kind="output",
    )
    xs = [0.8, 2.35, 3.85, 5.4]
    first = ["1×1 conv", "1×1 conv", "1×1 conv", "3×3 max pool"]
    second = [None, "3×3 conv", "5×5 conv", "1×1 conv"]
    for x, a, b in zip(xs, first, second):
        top = dia.box(
            x,
            1.95,
            a,
            width=1.35,
            height=0.42,
            kind="hidden" if "conv" in a else "op",
        )
        dia.arrow(prev, top, color=FORWARD, width=1.0)
        last = top
        if b:
            last = dia.box(x, 1.15, b, width=1.35, height=0.42, kind="hidden")
            dia.arrow(top, last, color=FORWARD, width=1.0)
        dia.arrow(last, cat, color=FORWARD, width=1.0)
    return dia.finish()


def dense_block_diagram(n_layers: int = 3) -> Figure:
    """A DenseNet block: layer l receives the concatenation of x_0, ...,
    x_(l-1).

    Parameters
    ----------
    n_layers : int
        Number of layers H_1, ..., H_L of the block (1 to 4).

    Returns
    -------
    matplotlib.figure.Figure
        Blue arrows: each layer's own input and output; green arcs: the earlier
        feature maps that are concatenated to a layer's input, n_layers
        (n_layers - 1) / 2 of them.
    """
    n_layers = _check_int(n_layers, "n_layers", 1)
    if n_layers > 4:
        raise ValueError(
            "n_layers must be at most 4 to fit the figure; got "
            f"n_layers={n_layers}"
        )
    step = 6.0 / (2 * n_layers + 1)
    dia = Diagram(6.2, 2.3)
    y = 0.75
    maps, layers = [], []
    for layer in range(n_layers + 1):
        x = 0.1 + step * (2 * layer + 0.5)
        maps.append(
            dia.node(
                x,
                y,
                rf"\mathbf{{x}}_{layer}",
                kind="input" if layer == 0 else "hidden",
                radius=0.24,
            )
        )
        if layer < n_layers:
            layers.append(
                dia.box(
                    x + step,
                    y,
                    rf"$\mathbf{{H}}_{layer + 1}$",
                    width=0.55,
                    height=0.45,
                    kind="op",
                )
            )
    for layer, box in enumerate(layers):
        dia.arrow(maps[layer], box, color=FORWARD)
        dia.arrow(box, maps[layer + 1], color=FORWARD)
        for earlier in range(layer):  # concatenated earlier maps
            dia.arrow(
                (maps[earlier].x, y + 0.24),
                (box.x - 0.08, y + 0.23),
                color=OTHER,
                curve=-0.45,
                width=1.0,
            )
    dia.text(
        3.1,
        2.1,
        r"$\mathbf{x}_l = \mathbf{H}_l([\mathbf{x}_0, \dots, "
        r"\mathbf{x}_{l-1}])$",
        size=10,
    )
    return dia.finish()


def receptive_field_diagram(
    kernels: Sequence[int] = (3, 3, 3),
    strides: Sequence[int] | None = None,
    dilations: Sequence[int] | None = None,
    causal: bool = False,
    width: int | None = None,
) -> Figure:
    """A 1-D stack of convolutions: the units that one output unit depends on,
    layer by layer.

    Parameters
    ----------
    kernels, strides, dilations : sequences of int, one entry per layer
        Kernel size K_l, stride s_l and dilation d_l of each layer (default 1).
    causal : bool
        If True, a unit sees only the present and the past (the kernel ends at
        its own position), as in WaveNet; otherwise the kernel is centred.
    width : int, optional
        Number of input units drawn (default: just enough for the receptive
        field).

    Returns
    -------
    matplotlib.figure.Figure
        Units inside the receptive field of the top unit are yellow; the edges
        that carry its input are drawn in blue. The figure's attribute
        ``field`` holds the number of highlighted input units.
    """
    n_layers = len(kernels)
    if n_layers == 0:
        raise ValueError("kernels must list at least one layer")
    strides = [1] * n_layers if strides is None else list(strides)
    dilations = [1] * n_layers if dilations is None else list(dilations)
    if len(strides) != n_layers or len(dilations) != n_layers:
        raise ValueError(
            f"strides and dilations need one entry per layer ({n_layers}); "
            f"got {len(strides)} and {len(dilations)}"
        )
    ks = [_check_int(k, "kernel", 1) for k in kernels]
    ss = [_check_int(s, "stride", 1) for s in strides]
    ds = [_check_int(d, "dilation", 1) for d in dilations]
    # positions (in input pixels) of the units of each layer and the offsets of
    # their taps
    jumps = np.cumprod([1] + ss)
    field = 1
    for k, d, j in zip(ks, ds, jumps[:-1]):
        field += d * (k - 1) * int(j)
    n_in = field + 4 if width is None else _check_int(width, "width", field)
    top_pos = n_in - 3 if causal else n_in // 2
    # walk down from the top unit: the set of active positions at each layer
    active = [{top_pos}]
    for k, d, j in zip(reversed(ks), reversed(ds), reversed(jumps[:-1])):
        offsets = (
            [-(k - 1 - u) * d * int(j) for u in range(k)]
            if causal
            else [(u - (k - 1) // 2) * d * int(j) for u in range(k)]
        )
        active.append({p + o for p in active[-1] for o in offsets})
    active = active[::-1]  # active[0]: input layer
    dx = min(0.34, 5.6 / n_in)
    dy = 0.55
    dia = Diagram(6.3, dy * n_layers + 0.75)
    x0 = 0.5
    nodes = []
    for layer in range(n_layers + 1):
        step = int(jumps[layer])
        yy = 0.3 + layer * dy
        row = {}
        for p in range(0, n_in):
            if causal and p % step != (top_pos % step):
                continue
            if not causal and (p - top_pos) % step:
                continue
            kind = (
                "focus"
                if p in active[layer]
                else ("input" if layer == 0 else "hidden")
            )
            row[p] = dia.node(
                x0 + p * dx, yy, kind=kind, radius=min(0.09, dx * 0.35)
            )
        nodes.append(row)
        name = "input" if layer == 0 else f"layer {layer}"
        dia.text(0.05, yy, name, size=8, ha="left")
    for layer in range(1, n_layers + 1):
        k, d, j = ks[layer - 1], ds[layer - 1], int(jumps[layer - 1])
        offsets = (
            [-(k - 1 - u) * d * j for u in range(k)]
            if causal
            else [(u - (k - 1) // 2) * d * j for u in range(k)]
        )
        for p in active[layer]:
            for o in offsets:
                if p + o in nodes[layer - 1]:
                    dia.arrow(
                        nodes[layer - 1][p + o],
                        nodes[layer][p],
                        color=FORWARD,
                        width=0.8,
                        head=False,
                    )
    dia.text(
        6.25,
        0.3 + n_layers * dy + 0.25,
        rf"receptive field $r_{{{n_layers}}} = {field}$",
        size=9,
        ha="right",
    )
    dia.fig.field = len(active[0])  # type: ignore[attr-defined]
    return dia.finish()
