"""Schematic figure of the chapter on neurons: the artificial neuron.

The picture a lecturer draws when the rate neuron becomes the unit of neural
networks: inputs x_1, ..., x_d, one weight w_i on each connection, a bias b,
the sum that forms the net input z = w·x + b and the activation function that
turns it into the output y = φ(z). Built only from the primitives of
``neurocomp.diagrams``.
"""

from __future__ import annotations

import numbers
from typing import Any

from matplotlib.figure import Figure

from .diagrams import FORWARD, Diagram

__all__ = ["artificial_neuron", "input_labels"]


def _check_inputs(n_inputs: Any, name: str = "n_inputs") -> int:
    if (
        isinstance(n_inputs, bool)
        or not isinstance(n_inputs, numbers.Integral)
        or not 1 <= n_inputs <= 6
    ):
        raise ValueError(
            f"{name} must be an integer from 1 to 6 (inputs drawn); "
            f"got {name}={n_inputs!r}"
        )
    return int(n_inputs)


def input_labels(n_inputs: int, symbol: str = "x") -> list[str]:
    """Mathtext labels of n drawn inputs: x_1, x_2, ... and x_d for the last of
    three or more.

    With three or more inputs the last one stands for all the rest (the figure
    draws a vertical ellipsis above it), so a drawing of any size shows a
    neuron with d inputs.
    """
    n = _check_inputs(n_inputs)
    if not isinstance(symbol, str) or not symbol:
        raise TypeError(
            f"symbol must be a non-empty string; got symbol={symbol!r}"
        )
    labels = [f"{symbol}_{i + 1}" for i in range(n)]
    if n >= 3:
        labels[-1] = f"{symbol}_d"
    return labels


def artificial_neuron(n_inputs: int = 3, *, biology: bool = True) -> Figure:
    """The artificial neuron y = φ(w·x + b) as a lecturer draws it.

    Input units x_1, ..., x_d send their values along connections with weights
    w_i to a sum node Σ, which also receives the bias b; the sum is the net
    input z, and an activation box φ turns it into the output y. With
    ``biology`` a grey line under each stage names its biological counterpart
    (synapses, soma, f–I curve, axon).

    Parameters
    ----------
    n_inputs : int
        Number of input units drawn, 1 to 6 (with three or more the last is
        labelled x_d).
    biology : bool
        Write the biological counterparts under the stages.

    Returns
    -------
    matplotlib.figure.Figure
        The drawing: n_inputs + 3 circles (inputs, the sum node, the bias unit,
        the output) and n_inputs + 3 arrows.
    """
    n = _check_inputs(n_inputs)
    if not isinstance(biology, bool):
        raise TypeError(
            f"biology must be True or False; got biology={biology!r}"
        )
    spacing = 0.75
    half = spacing * (n - 1) / 2  # half the height of the input column
    bottom = 0.75 if biology else 0.15  # room for the biology labels
    yc = max(bottom + 0.7, bottom + half + 0.25)
    height = max(yc + 1.35, yc + half + 0.3)
    d = Diagram(6.2, height)
    xs = d.column(
        0.45,
        n,
        labels=input_labels(n),
        kind="input",
        spacing=spacing,
        y_center=yc,
    )
    if n >= 3:
        d.text(0.45, (xs[-2].y + xs[-1].y) / 2, r"\vdots", math=True)
    total = d.node(2.75, yc, r"\Sigma", kind="op", radius=0.3)
    weights = [f"w_{i + 1}" for i in range(n)]
    if n >= 3:
        weights[-1] = "w_d"
    for unit, w in zip(xs, weights):
        # the weight label sits on the first third of each connection, clear of
        # the others
        t = 0.36
        lx, ly = (
            unit.x + t * (total.x - unit.x),
            unit.y + t * (total.y - unit.y),
        )
        d.arrow(unit, total, color=FORWARD, width=1.0)
        d.text(lx, ly + 0.16, w, math=True, size=10, color=FORWARD)
    bias = d.node(
        2.75, min(yc + 1.05, height - 0.28), "1", kind="bias", radius=0.2
    )
    d.arrow(bias, total, "b", color=FORWARD, label_offset=(0.18, 0.0))
    act = d.box(4.25, yc, r"\varphi", width=0.7, height=0.55, math=True)
    d.arrow(total, act, "z", color=FORWARD, label_offset=(0.0, 0.17))
    out = d.node(5.65, yc, "y", kind="output")
    d.arrow(act, out, color=FORWARD)
    d.text(
        2.75,
        yc - 0.55,
        r"z = \mathbf{w}^\top\mathbf{x} + b",
        math=True,
        size=10,
    )
    d.text(4.25, yc - 0.55, r"y = \varphi(z)", math=True, size=10)
    if biology:
        for x, s in (
            (0.45, "presynaptic\nrates"),
            (1.6, "synapses"),
            (2.75, "soma"),
            (4.25, "f–I curve"),
            (5.65, "output\nrate"),
        ):
            d.text(x, 0.32, s, size=9, color="#666666")
    return d.finish()
