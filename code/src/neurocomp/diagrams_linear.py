"""Schematic figure of the chapter on linear classification: the perceptron as
a network.

Rosenblatt's perceptron drawn the way the chapter uses it: a layer of input
units and a bias unit, fully connected with weights w_i and b to one threshold
unit that outputs y = sign(w·x + b) in {−1, +1}; the target t is compared with
the output, and on a mistake the error travels back (orange) to change the
weights by η t x. Built only from the primitives of ``neurocomp.diagrams``.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from .diagrams import BACKWARD, FORWARD, Diagram
from .diagrams_neurons import _check_inputs, input_labels

__all__ = ["perceptron_network"]


def perceptron_network(n_inputs: int = 3, *, learning: bool = True) -> Figure:
    """The perceptron as a two-layer network, with its learning rule.

    The input layer holds x_1, ..., x_d and a bias unit fixed at 1; every input
    unit is connected to the output unit, whose threshold sign(z) gives y. With
    ``learning`` the target t enters a comparison box, and an orange arrow
    carries the update w ← w + η t x, b ← b + η t back to the connections when
    t z ≤ 0.

    Parameters
    ----------
    n_inputs : int
        Number of input units drawn, 1 to 6 (with three or more the last is
        labelled x_d).
    learning : bool
        Draw the target, the mistake test and the update path.

    Returns
    -------
    matplotlib.figure.Figure
        The drawing: n_inputs + 3 circles (inputs, bias unit, threshold unit,
        and the output y or the target t) and n_inputs + 1 connection arrows,
        plus one arrow to y, or the 5 arrows of the learning loop when
        ``learning``.
    """
    n = _check_inputs(n_inputs)
    if not isinstance(learning, bool):
        raise TypeError(
            f"learning must be True or False; got learning={learning!r}"
        )
    height = max(3.0, 0.7 * n + 1.9)
    d = Diagram(6.2 if learning else 4.2, height)
    yc = height / 2 + 0.15
    xs = d.column(
        0.5,
        n,
        labels=input_labels(n),
        kind="input",
        spacing=0.7,
        y_center=yc + 0.35,
    )
    bias = d.node(0.5, xs[-1].y - 0.7, "1", kind="bias")
    units = [*xs, bias]
    if n >= 3:
        d.text(0.5, (xs[-2].y + xs[-1].y) / 2, r"\vdots", math=True)
    out = d.node(
        2.75, yc, r"\mathrm{sgn}", kind="output", radius=0.36, size=10
    )
    names = [f"w_{i + 1}" for i in range(n)] + ["b"]
    if n >= 3:
        names[-2] = "w_d"
    for unit, w in zip(units, names):
        t = 0.4
        lx, ly = unit.x + t * (out.x - unit.x), unit.y + t * (out.y - unit.y)
        d.arrow(unit, out, color=FORWARD, width=1.0)
        d.text(lx, ly + 0.16, w, math=True, size=10, color=FORWARD)
    d.text(
        2.75,
        yc - 0.6,
        r"z = \mathbf{w}^\top\mathbf{x} + b",
        math=True,
        size=10,
    )
    d.frame(
        0.15,
        units[-1].y - 0.35,
        0.85,
        units[0].y + 0.35,
        "input layer",
        label_pos="bottom",
    )
    if not learning:
        y_out = d.node(3.85, yc, "y", kind="output")
        d.arrow(out, y_out, color=FORWARD)
        return d.finish()
    check = d.box(
        4.6, yc, r"$t\,z \leq 0$?", width=1.15, height=0.55, kind="loss"
    )
    d.arrow(out, check, "y", color=FORWARD, label_offset=(0.0, 0.17))
    target = d.node(4.6, min(yc + 1.1, height - 0.3), "t", kind="plain")
    d.arrow(target, check)
    update = (4.6, max(yc - 1.2, 0.62))
    d.arrow(check, update, color=BACKWARD, head=False)
    d.text(
        4.72,
        (yc - 0.28 + update[1]) / 2,
        "if yes",
        size=9,
        color=BACKWARD,
        ha="left",
    )
    d.arrow(update, (2.05, update[1]), color=BACKWARD, dashed=True, head=False)
    d.arrow((2.05, update[1]), (2.05, yc - 0.5), color=BACKWARD, dashed=True)
    d.text(
        3.0,
        update[1] - 0.3,
        r"$\mathbf{w} \leftarrow \mathbf{w} + \eta\, t\, \mathbf{x},\ \ b "
        r"\leftarrow b + \eta\, t$",
        size=10,
        color=BACKWARD,
    )
    return d.finish()
