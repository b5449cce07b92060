"""Schematic figures of the chapter *Limits of deep learning*.

One function per figure, built from the primitives of ``neurocomp.diagrams``.
"""

from __future__ import annotations


from matplotlib.figure import Figure

from .diagrams import BACKWARD, FORWARD, OTHER, Diagram, check_count

__all__ = ["backprop_vs_feedback_alignment"]


def _panel(
    d: Diagram,
    x0: float,
    n_input: int,
    n_hidden: int,
    n_output: int,
    rule: str,
) -> None:
    """One two-layer network with its error pathway, drawn from x = x0."""
    yc = 1.8
    xs = d.column(
        x0 + 0.3,
        n_input,
        labels=[f"x_{i + 1}" for i in range(n_input)],
        kind="input",
        spacing=0.5,
        y_center=yc,
        radius=0.18,
    )
    hs = d.column(
        x0 + 1.25,
        n_hidden,
        labels=[f"h_{j + 1}" for j in range(n_hidden)],
        spacing=0.5,
        y_center=yc,
        radius=0.18,
    )
    ys = d.column(
        x0 + 2.2,
        n_output,
        labels=[f"y_{k + 1}" for k in range(n_output)],
        kind="output",
        spacing=0.5,
        y_center=yc,
        radius=0.18,
    )
    d.connect(xs, hs, color=FORWARD, width=0.6)
    d.connect(hs, ys, color=FORWARD, width=0.6)
    top = yc + 0.25 * (max(n_input, n_hidden, n_output) - 1) + 0.3
    d.text(x0 + 0.78, top, r"\mathbf{W}_1", math=True, color=FORWARD)
    d.text(x0 + 1.72, top, r"\mathbf{W}_2", math=True, color=FORWARD)
    err = d.box(
        x0 + 2.25,
        0.3,
        r"$\mathbf{e}=\mathbf{y}-\mathbf{t}$",
        width=1.0,
        height=0.36,
        kind="loss",
        size=9,
    )
    d.arrow(ys[-1], err, color=BACKWARD, width=1.0)
    if rule == "backprop":
        # the error climbs back through the transpose of the forward synapses
        # W2
        color = BACKWARD
        fb = d.box(
            x0 + 1.25,
            0.3,
            r"$\mathbf{W}_2^{\top}$",
            width=0.55,
            height=0.36,
            kind="op",
        )
        d.text(
            x0 + 0.45, 0.3, "copy of\nforward\nweights", size=8, color=BACKWARD
        )
        d.text(x0 + 1.25, top + 0.42, "backpropagation", size=10)
    else:
        color = OTHER
        fb = d.box(
            x0 + 1.25,
            0.3,
            r"$\mathbf{B}$",
            width=0.55,
            height=0.36,
            kind="memory",
        )
        d.text(x0 + 0.5, 0.3, "fixed,\nrandom", size=8, color=OTHER)
        d.text(x0 + 1.25, top + 0.42, "feedback alignment", size=10)
    d.arrow(err, fb, color=color, width=1.6)
    d.arrow(fb, hs[-1], color=color, width=1.6)
    d.text(
        x0 + 1.42,
        (0.48 + hs[-1].y - 0.18) / 2,
        r"\boldsymbol{\delta}",
        math=True,
        color=color,
        size=10,
        ha="left",
    )


def backprop_vs_feedback_alignment(
    n_input: int = 3, n_hidden: int = 4, n_output: int = 2
) -> Figure:
    """Where the output error travels: backpropagation versus feedback
    alignment.

    Two copies of the same two-layer network x → h → y (forward weights W1, W2
    in blue). Left, backpropagation: the error e = y - t reaches the hidden
    layer through W2ᵀ, the transpose of the forward synapses (orange). Right,
    feedback alignment: it reaches the hidden layer through a separate fixed
    random matrix B (green).

    Parameters
    ----------
    n_input, n_hidden, n_output : int
        Units drawn in each layer, from 1 to 6 (n_output at least 1).

    Returns
    -------
    matplotlib.figure.Figure
        The figure, 6.4 x 3.4 inches.
    """
    n_input = check_count(n_input, "n_input", 1, 6)
    n_hidden = check_count(n_hidden, "n_hidden", 1, 6)
    n_output = check_count(n_output, "n_output", 1, 6)
    d = Diagram(6.4, 3.4)
    _panel(d, 0.05, n_input, n_hidden, n_output, "backprop")
    _panel(d, 3.35, n_input, n_hidden, n_output, "feedback")
    return d.finish()
