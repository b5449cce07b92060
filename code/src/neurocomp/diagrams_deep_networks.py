"""Schematic figures of the chapter on deep neural networks.

Dropout as the sampling of a thinned network, the place of batch normalisation
inside a layer (between the linear part and the activation), and one step of
momentum against one step of Nesterov's method, built only from the primitives
of ``neurocomp.diagrams``.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure

from .diagrams import BACKWARD, FORWARD, OTHER, Diagram
from .diagrams_neural_networks import _check_sizes

__all__ = ["dropout_diagram", "batchnorm_diagram", "nesterov_diagram"]


def _check_dropped(dropped: Any, sizes: tuple[int, ...]) -> list[set[int]]:
    """One set of dropped unit indices per hidden layer."""
    n_hidden = len(sizes) - 2
    if (
        not isinstance(dropped, Sequence)
        or isinstance(dropped, str)
        or len(dropped) != n_hidden
    ):
        raise ValueError(
            f"dropped must list the dropped units of each of the {n_hidden} "
            f"hidden layers; got dropped={dropped!r}"
        )
    out = []
    for layer, units in enumerate(dropped, start=1):
        units = set(units)
        bad = [
            u
            for u in units
            if isinstance(u, bool)
            or not isinstance(u, numbers.Integral)
            or not 0 <= u < sizes[layer]
        ]
        if bad or len(units) >= sizes[layer]:
            raise ValueError(
                f"dropped[{layer - 1}] must hold indices 0 to "
                f"{sizes[layer] - 1} of hidden "
                f"layer {layer} and keep at least one unit; got "
                f"{sorted(units, key=str)}"
            )
        out.append({int(u) for u in units})
    return out


def dropout_diagram(
    sizes: Sequence[int] = (3, 5, 5, 2),
    dropped: Sequence[Sequence[int]] = ((1, 3), (0, 2)),
) -> Figure:
    """The full network (left) and one thinned network sampled by dropout
    (right).

    In the thinned network the dropped hidden units (r_i = 0) are drawn dashed
    and crossed out, and every connection into or out of them is removed; the
    surviving units are scaled by 1/(1 - p) (inverted dropout).

    Parameters
    ----------
    sizes : sequence of int
        Units per layer (input, hidden layers, output), at least one hidden
        layer, 1 to 6 units each.
    dropped : sequence of sequences of int
        For each hidden layer, the indices (0 = top) of the dropped units; each
        hidden layer keeps at least one unit.

    Returns
    -------
    matplotlib.figure.Figure
        The drawing: 2 sum(sizes) circles, all sum n_(l-1) n_l arrows on the
        left and only the arrows between surviving units on the right.
    """
    sizes = _check_sizes(sizes)
    if len(sizes) < 3:
        raise ValueError(
            "sizes must include at least one hidden layer; got "
            f"sizes={sizes!r}"
        )
    drop = _check_dropped(dropped, sizes)
    L = len(sizes) - 1
    width, height = 6.4, 0.55 * max(sizes) + 1.0
    d = Diagram(width, height)
    yc = height / 2 + 0.15
    panel = 2.45
    for side, x_left in enumerate((0.3, 0.3 + panel + 0.85)):
        xs = [x_left + panel * layer / L for layer in range(L + 1)]
        cols, alive = [], []
        for layer, (x, n) in enumerate(zip(xs, sizes)):
            kind = (
                "input"
                if layer == 0
                else ("output" if layer == L else "hidden")
            )
            off = drop[layer - 1] if (side == 1 and 0 < layer < L) else set()
            units = []
            for i, u in enumerate(
                d.column(
                    x, n, kind=kind, spacing=0.55, y_center=yc, radius=0.17
                )
            ):
                if i in off:
                    # dashed outline: dropped
                    d.node(u.x, u.y, kind="bias", radius=0.17)
                    d.text(u.x, u.y, r"$\times$", size=12, color=BACKWARD)
                units.append(u)
            cols.append(units)
            alive.append([u for i, u in enumerate(units) if i not in off])
        for layer in range(1, L + 1):
            d.connect(
                alive[layer - 1],
                alive[layer],
                color=FORWARD if side else "#9A9A9A",
                width=0.6,
            )
        title = (
            "full network"
            if side == 0
            else r"one thinned network ($r_i = 0$: $\times$)"
        )
        d.text(x_left + panel / 2, 0.22, title, size=10)
    d.text(0.3 + panel + 0.42, yc, r"$\rightarrow$", size=16, color=OTHER)
    return d.finish()


def batchnorm_diagram(batch: int = 4, features: int = 5) -> Figure:
    """Where batch normalisation sits in a layer, and what it averages over.

    Top: one hidden layer as a pipeline, h^(l-1) -> linear part W (no bias) ->
    z -> batch normalisation (standardise with the batch's mean and variance,
    then scale by gamma and shift by beta) -> activation -> h^(l). Bottom: the
    mini-batch of pre-activations as an N x n grid (one row per sample); the
    statistics of feature j are taken over its column.

    Parameters
    ----------
    batch : int
        Rows of the drawn mini-batch (samples), 2 to 8.
    features : int
        Columns of the drawn mini-batch (units of the layer), 2 to 8.

    Returns
    -------
    matplotlib.figure.Figure
        The drawing: a grid of batch x features cells with one highlighted
        column, and five boxes for the stages of the layer.
    """
    for name, value in (("batch", batch), ("features", features)):
        if (
            isinstance(value, bool)
            or not isinstance(value, numbers.Integral)
            or not 2 <= value <= 8
        ):
            raise ValueError(
                f"{name} must be an integer from 2 to 8; got {name}={value!r}"
            )
    width, height = 6.4, 3.6
    d = Diagram(width, height)
    y = 2.8
    h_in = d.node(0.35, y, r"\mathbf{h}^{(l-1)}", kind="input", radius=0.3)
    lin = d.box(
        1.45,
        y,
        r"$\mathbf{W}^{\top}\mathbf{h}$" + "\n(no bias)",
        width=1.0,
        height=0.7,
        size=9,
    )
    bn = d.box(
        3.25,
        y,
        r"$\hat z_{ij} = \dfrac{z_{ij} - \mu_j}{\sqrt{\sigma_j^2 + \epsilon}}$"
        + "\n"
        + r"$\gamma_j \hat z_{ij} + \beta_j$",
        width=1.75,
        height=1.0,
        kind="focus",
        size=9,
    )
    act = d.box(4.7, y, r"$\varphi$", width=0.5, height=0.5)
    h_out = d.node(5.85, y, r"\mathbf{h}^{(l)}", kind="hidden", radius=0.3)
    d.arrow(h_in, lin, color=FORWARD)
    d.arrow(lin, bn, r"\mathbf{z}", color=FORWARD, label_offset=(0.0, 0.15))
    d.arrow(bn, act, color=FORWARD)
    d.arrow(act, h_out, color=FORWARD)
    d.text(3.25, y + 0.64, "batch normalisation", size=9)
    # the mini-batch of pre-activations, statistics per column
    cell = 0.3
    j = min(2, features - 1)
    gx, gy = 1.85 - features * cell / 2, 0.45
    g = d.grid(
        gx,
        gy,
        (batch, features),
        cell=cell,
        kind="hidden",
        highlight=[(i, j) for i in range(batch)],
    )
    d.text(
        gx - 0.12, gy + batch * cell / 2, r"$N$ samples", size=9, ha="right"
    )
    d.text(gx + features * cell / 2, gy - 0.18, r"$n_l$ features", size=9)
    top = g.center(0, j)
    d.text(top[0], gy + batch * cell + 0.14, r"$j$", size=9)
    d.arrow(
        (gx + features * cell + 0.1, gy + batch * cell / 2),
        (3.0, gy + batch * cell / 2),
        color=OTHER,
    )
    d.text(
        3.05,
        gy + batch * cell / 2 + 0.3,
        "training: $\\mu_j$, $\\sigma_j^2$ of column $j$",
        size=9,
        ha="left",
        color=OTHER,
    )
    d.text(
        3.05,
        gy + batch * cell / 2 - 0.05,
        "over the mini-batch",
        size=9,
        ha="left",
        color=OTHER,
    )
    d.text(
        3.05,
        gy + batch * cell / 2 - 0.45,
        "inference: running averages",
        size=9,
        ha="left",
        color=OTHER,
    )
    d.arrow((3.25, gy + batch * cell / 2 + 0.5), bn, color=OTHER, dashed=True)
    return d.finish()


def nesterov_diagram(
    momentum_step: tuple[float, float] = (1.6, 0.5),
    grad_here: tuple[float, float] = (0.5, -0.9),
    grad_ahead: tuple[float, float] = (-0.5, -0.7),
) -> Figure:
    """One step of momentum (left) and of Nesterov's method (right) as vectors.

    Both start at w_(t-1), add the damped velocity mu v_(t-1) and a gradient
    step; momentum takes the gradient step -eta grad L(w_(t-1)) computed at the
    current weights, Nesterov the step -eta grad L(w_(t-1) + mu v_(t-1))
    computed at the look-ahead point. The new velocity v_t is the sum.

    Parameters
    ----------
    momentum_step : (float, float)
        The damped velocity mu v_(t-1), in inches.
    grad_here, grad_ahead : (float, float)
        The gradient steps at the current weights and at the look-ahead point,
        in inches.

    Returns
    -------
    matplotlib.figure.Figure
        The drawing: two panels with three arrows each (and 4 points).
    """
    vecs = {}
    for name, v in (
        ("momentum_step", momentum_step),
        ("grad_here", grad_here),
        ("grad_ahead", grad_ahead),
    ):
        if (
            not isinstance(v, Sequence)
            or len(v) != 2
            or not all(
                isinstance(c, numbers.Real) and abs(c) <= 2.0 for c in v
            )
        ):
            raise ValueError(
                f"{name} must be a pair of numbers in [-2, 2] (inches); "
                f"got {name}={v!r}"
            )
        vecs[name] = (float(v[0]), float(v[1]))
    width, height = 6.4, 2.7
    d = Diagram(width, height)
    mv = vecs["momentum_step"]
    for x0, grad, title, where in (
        (
            0.45,
            vecs["grad_here"],
            "momentum",
            r"$-\eta\nabla\mathcal{L}(\mathbf{w}_{t-1})$",
        ),
        (
            3.65,
            vecs["grad_ahead"],
            "Nesterov",
            r"$-\eta\nabla\mathcal{L}(\mathbf{w}_{t-1} + "
            r"\mu\mathbf{v}_{t-1})$",
        ),
    ):
        y0 = 1.55
        start = (x0, y0)
        ahead = (x0 + mv[0], y0 + mv[1])
        end = (ahead[0] + grad[0], ahead[1] + grad[1])
        d.node(*start, kind="input", radius=0.06)
        d.text(x0 - 0.08, y0 + 0.22, r"$\mathbf{w}_{t-1}$", size=10)
        d.arrow(
            start,
            ahead,
            r"\mu\mathbf{v}_{t-1}",
            color=OTHER,
            width=1.6,
            label_offset=(-0.1, 0.2),
        )
        d.node(
            *ahead,
            kind="focus" if title == "Nesterov" else "hidden",
            radius=0.06,
        )
        if title == "momentum":
            # the gradient is computed at w_(t-1): draw it there (dashed), then
            # moved
            d.arrow(
                start,
                (x0 + grad[0], y0 + grad[1]),
                color=BACKWARD,
                width=1.0,
                dashed=True,
            )
        d.arrow(ahead, end, color=BACKWARD, width=1.6)
        d.arrow(
            start,
            end,
            r"\mathbf{v}_t",
            color=FORWARD,
            width=1.6,
            label_offset=(-0.05, -0.2),
        )
        d.node(*end, kind="output", radius=0.06)
        d.text(x0 + 1.1, 2.55, title, size=11)
        d.text(x0 + 1.1, 0.2, "gradient: " + where, size=8, color=BACKWARD)
    return d.finish()
