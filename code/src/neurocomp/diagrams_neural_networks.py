"""Schematic figures of the chapter on artificial neural networks.

Two pictures a lecturer draws on the board: a multi-layer perceptron with the
chapter's notation (layers l = 0, ..., L, weight matrices W^(l), net inputs z,
activities h and error signals delta), and backpropagation as a computational
graph, with the forward signals in blue and the backward signals (gradients) in
orange. Both are built only from the primitives of ``neurocomp.diagrams``.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure

from .diagrams import BACKWARD, FORWARD, Diagram

__all__ = ["mlp_diagram", "backprop_graph"]


def _check_sizes(
    sizes: Any, name: str = "sizes", max_units: int = 6
) -> tuple[int, ...]:
    if (
        not isinstance(sizes, Sequence)
        or isinstance(sizes, str)
        or len(sizes) < 2
    ):
        raise ValueError(
            f"{name} must be a sequence of at least two layer sizes; "
            f"got {name}={sizes!r}"
        )
    out = []
    for n in sizes:
        if (
            isinstance(n, bool)
            or not isinstance(n, numbers.Integral)
            or not 1 <= n <= max_units
        ):
            raise ValueError(
                f"{name} must hold integers from 1 to {max_units} (units per "
                f"drawn layer); got {name}={sizes!r}"
            )
        out.append(int(n))
    return tuple(out)


def mlp_diagram(sizes: Sequence[int] = (3, 4, 4, 2)) -> Figure:
    """An MLP with the notation of the chapter: layers, W^(l), z, h and the
    error signals.

    Layer 0 holds the inputs x_i, layers 1 to L - 1 are hidden and layer L
    holds the outputs y_k. One weight w_ij^(l) and the unit it feeds are
    highlighted; the forward pass runs from left to right (blue), the error
    signals delta^(l) travel back from right to left (orange), as in the
    chapter's equations for z^(l), h^(l) and delta^(l).

    Parameters
    ----------
    sizes : sequence of int
        Units per layer (n_0, ..., n_L), at least two layers, 1 to 6 units
        each.

    Returns
    -------
    matplotlib.figure.Figure
        The drawing: sum(sizes) circles and sum n_(l-1) n_l connection arrows,
        plus one arrow for the backward flow.
    """
    sizes = _check_sizes(sizes)
    L = len(sizes) - 1
    width = 6.4
    height = 0.6 * max(sizes) + 1.9
    d = Diagram(width, height)
    x0, x1 = 0.55, width - 0.6
    xs = [x0 + (x1 - x0) * layer / L for layer in range(L + 1)]
    yc = height / 2 + 0.2
    layers = []
    for layer, (x, n) in enumerate(zip(xs, sizes)):
        if layer == 0:
            labels, kind = [f"x_{i + 1}" for i in range(n)], "input"
        elif layer == L:
            labels, kind = [f"y_{k + 1}" for k in range(n)], "output"
        else:
            labels, kind = None, "hidden"
        layers.append(d.column(x, n, labels=labels, kind=kind, y_center=yc))
    # the highlighted weight: from the first unit of layer L-1 to the last unit
    # of layer L when there is a hidden layer, else from input 1 to output 1
    l_hi = L if L > 1 else 1
    src, dst = layers[l_hi - 1][0], layers[l_hi][-1]
    for layer in range(1, L + 1):
        for s in layers[layer - 1]:
            for t in layers[layer]:
                hi = layer == l_hi and s is src and t is dst
                d.arrow(
                    s,
                    t,
                    color=FORWARD if hi else "#9A9A9A",
                    width=2.0 if hi else 0.6,
                )
        top = max(u.y for u in layers[layer - 1] + layers[layer])
        d.text(
            (xs[layer - 1] + xs[layer]) / 2,
            top + 0.5,
            rf"\mathbf{{W}}^{{({layer})}}",
            math=True,
        )
    # the unit the highlighted weight feeds: its net input and activity
    d.node(dst.x, dst.y, "", kind="focus")
    d.text(
        dst.x + 0.28,
        dst.y - 0.05,
        rf"z^{{({l_hi})}}_j \to h^{{({l_hi})}}_j",
        math=True,
        ha="left",
        size=10,
    ) if l_hi < L else None
    mid = ((src.x + dst.x) / 2, (src.y + dst.y) / 2)
    d.text(
        mid[0],
        mid[1] + 0.2,
        rf"w^{{({l_hi})}}_{{ij}}",
        math=True,
        color=FORWARD,
        size=10,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
    )
    # layer captions below the columns
    bottom = min(u.y for col in layers for u in col) - 0.42
    for layer, (x, n) in enumerate(zip(xs, sizes)):
        name = (
            "input" if layer == 0 else ("output" if layer == L else "hidden")
        )
        vec = (
            r"\mathbf{x}"
            if layer == 0
            else (
                r"\mathbf{y}" if layer == L else rf"\mathbf{{h}}^{{({layer})}}"
            )
        )
        d.text(x, bottom, rf"$l={layer}$, {name}", size=9)
        d.text(x, bottom - 0.25, rf"${vec}$, $n_{layer}={n}$", size=9)
    # backward flow of the error signals
    yb = bottom - 0.62
    d.arrow((xs[-1], yb), (xs[0] + 0.6, yb), color=BACKWARD, width=1.6)
    d.text(
        (xs[0] + xs[-1]) / 2 + 0.3,
        yb - 0.2,
        rf"error signals $\boldsymbol{{\delta}}^{{({L})}} \to \dots \to "
        rf"\boldsymbol{{\delta}}^{{(1)}}$ (backward pass)",
        size=9,
        color=BACKWARD,
    )
    d.arrow(
        (xs[0] + 0.6, height - 0.18),
        (xs[-1], height - 0.18),
        color=FORWARD,
        width=1.6,
    )
    d.text(
        (xs[0] + xs[-1]) / 2 + 0.3,
        height - 0.36,
        r"activities $\mathbf{h}^{(0)} \to \dots \to \mathbf{h}^{(L)}$ "
        r"(forward pass)",
        size=9,
        color=FORWARD,
    )
    return d.finish()


def backprop_graph(n_layers: int = 2) -> Figure:
    """Backpropagation as a computational graph: each layer is a module with a
    Jacobian.

    The forward pass (blue, top) computes z^(l) = W^(l)T h^(l-1) + b^(l) and
    h^(l) = g(z^(l)) for l = 1, ..., L and ends in the loss; the backward pass
    (orange, below) carries dl/dh^(l) back, multiplying by g'(z^(l)) to get
    delta^(l) and by W^(l) to get dl/dh^(l-1); each W^(l) receives its gradient
    h^(l-1) delta^(l)T.

    Parameters
    ----------
    n_layers : int
        Number of weight layers L drawn, 1 to 3.

    Returns
    -------
    matplotlib.figure.Figure
        The drawing: 2 L + 2 variable circles (x, z and h of each layer, the
        loss), L parameter boxes, L linear and L activation boxes.
    """
    if (
        isinstance(n_layers, bool)
        or not isinstance(n_layers, numbers.Integral)
        or not 1 <= n_layers <= 3
    ):
        raise ValueError(
            "n_layers must be an integer from 1 to 3; got "
            f"n_layers={n_layers!r}"
        )
    L = int(n_layers)
    # forward row: x, then [linear, z, activation, h] per layer (the last h is
    # y), then loss
    n_el = 1 + 4 * L + 1
    width, height = 6.4, 3.7
    dx = (width - 0.6) / (n_el - 1)
    yf, yb, yg = 2.55, 1.45, 0.45
    d = Diagram(width, height)
    x = 0.3
    prev = d.node(x, yf, r"\mathbf{x}", kind="input", radius=0.2)
    layers = []
    for layer in range(1, L + 1):
        last = layer == L
        lin = d.box(
            x + dx,
            yf,
            r"$\mathbf{W}^{\top}\!\cdot + \mathbf{b}$",
            width=dx * 0.95,
            height=0.42,
            size=8,
        )
        z = d.node(x + 2 * dx, yf, rf"\mathbf{{z}}^{{({layer})}}", radius=0.2)
        act = d.box(
            x + 3 * dx,
            yf,
            "$f$" if last else "$g$",
            width=dx * 0.6,
            height=0.42,
        )
        h = d.node(
            x + 4 * dx,
            yf,
            r"\mathbf{y}" if last else rf"\mathbf{{h}}^{{({layer})}}",
            kind="output" if last else "hidden",
            radius=0.2,
        )
        W = d.box(
            x + dx,
            yf + 0.8,
            rf"$\mathbf{{W}}^{{({layer})}}, \mathbf{{b}}^{{({layer})}}$",
            width=max(dx * 1.4, 0.9),
            height=0.34,
            kind="plain",
            size=8,
        )
        for a, b in ((prev, lin), (lin, z), (z, act), (act, h)):
            d.arrow(a, b, color=FORWARD, width=1.3)
        d.arrow(W, lin, color=FORWARD, width=1.0)
        layers.append((prev, lin, z, act, h))
        prev = h
        x += 4 * dx
    loss = d.box(
        x + dx, yf, r"$\ell$", width=dx * 0.7, height=0.42, kind="loss"
    )
    d.arrow(prev, loss, color=FORWARD, width=1.3)
    t = d.node(x + dx, yf + 0.8, r"\mathbf{t}", kind="plain", radius=0.17)
    d.arrow(t, loss, color=FORWARD, width=1.0)
    # backward row: the gradient of the loss with respect to each variable,
    # right to left
    bw = min(2 * dx - 0.15, 1.1)
    start = d.box(
        loss.x, yb, r"$1$", width=0.4, height=0.42, kind="loss", size=9
    )
    prev_b = start
    for layer in range(L, 0, -1):
        h_in, lin, z, act, h = layers[layer - 1]
        delta = d.box(
            z.x,
            yb,
            rf"$\boldsymbol{{\delta}}^{{({layer})}}$",
            width=0.5,
            height=0.42,
            kind="loss",
            size=10,
        )
        if layer == L:
            d.arrow(
                prev_b,
                delta,
                r"\mathbf{y} - \mathbf{t}",
                color=BACKWARD,
                width=1.3,
                size=8,
                label_offset=(0.0, 0.2),
            )
        else:
            d.arrow(
                prev_b,
                delta,
                rf"\odot g'(\mathbf{{z}}^{{({layer})}})",
                color=BACKWARD,
                width=1.3,
                size=8,
                label_offset=(0.0, 0.2),
            )
        grad = d.box(
            z.x,
            yg,
            rf"$\mathbf{{h}}^{{({layer - 1})}}"
            rf"\boldsymbol{{\delta}}^{{({layer})\top}}$",
            width=bw,
            height=0.4,
            kind="plain",
            size=8,
        )
        d.arrow(delta, grad, color=BACKWARD, width=1.0, dashed=True)
        if layer > 1:
            dh = d.box(
                h_in.x,
                yb,
                rf"$\partial\ell/\partial\mathbf{{h}}^{{({layer - 1})}}$",
                width=min(bw, 1.0),
                height=0.42,
                kind="loss",
                size=8,
            )
            d.arrow(
                delta,
                dh,
                rf"\mathbf{{W}}^{{({layer})}}\cdot",
                color=BACKWARD,
                width=1.3,
                size=8,
                label_offset=(0.0, 0.2),
            )
            prev_b = dh
    d.text(2.25, height - 0.15, "forward: signals", size=9, color=FORWARD)
    d.text(
        0.05,
        yb + 0.45,
        "backward: gradients",
        size=9,
        color=BACKWARD,
        ha="left",
    )
    d.text(
        width - 0.05,
        yg,
        r"$\partial\ell/\partial\mathbf{W}^{(l)}$",
        size=9,
        color=BACKWARD,
        ha="right",
    )
    return d.finish()
