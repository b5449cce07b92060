"""Schematic figures of the chapter *Unsupervised Hebbian learning*.

Three pictures, drawn with the primitives of ``neurocomp.diagrams``:

- ``hebbian_neuron_diagram``: a linear neuron y = w·x whose synapses change
  with the presynaptic input x_j and the postsynaptic output y only (locality),
  with Hebb's rule or Oja's normalised rule;
- ``stdp_pairing_diagram``: a presynaptic and a postsynaptic spike train, the
  two orders of a spike pair and the sign of the weight change each produces;
- ``lateral_inhibition_diagram``: a layer with Hebbian feed-forward weights W
  and anti-Hebbian lateral weights M between the outputs.
"""

from __future__ import annotations

import numbers

from matplotlib.figure import Figure

from .diagrams import BACKWARD, EDGE, FORWARD, OTHER, Diagram, check_count

__all__ = [
    "hebbian_neuron_diagram",
    "stdp_pairing_diagram",
    "lateral_inhibition_diagram",
]


def hebbian_neuron_diagram(n_inputs: int = 3, *, oja: bool = True) -> Figure:
    """A linear neuron whose weights follow Hebb's rule, or Oja's rule if
    ``oja``.

    Parameters
    ----------
    n_inputs : int
        Number of inputs x_1, ..., x_d drawn (1 to 5).
    oja : bool
        Write Oja's rule Δw_j = η y (x_j − y w_j) instead of Hebb's Δw_j = η y
        x_j, and draw the decay −η y² w_j that keeps the norm of w at 1.

    Returns
    -------
    matplotlib.figure.Figure
        Circles: n_inputs + 1. Arrows: n_inputs synapses, 1 output, and 3 for
        the update: the presynaptic and the postsynaptic activity into the
        rule's box, and the change from the box to the synapses.
    """
    n_inputs = check_count(n_inputs, "n_inputs", 1, 5)
    if not isinstance(oja, bool):
        raise TypeError(f"oja must be True or False; got oja={oja!r}")
    d = Diagram(6.2, 3.5)
    yc = 1.3
    names = [f"x_{j + 1}" for j in range(n_inputs)]
    if n_inputs > 3:
        names[-1] = "x_d"
    xs = d.column(
        0.55,
        n_inputs,
        labels=names,
        kind="input",
        spacing=0.55,
        y_center=yc,
        radius=0.2,
    )
    y = d.node(3.6, yc, "y", kind="output", radius=0.28)
    for j, x in enumerate(xs):
        label = "w_d" if j == n_inputs - 1 and n_inputs > 3 else f"w_{j + 1}"
        d.arrow(
            x,
            y,
            label,
            color=FORWARD,
            width=1.1,
            label_offset=(-0.25, 0.08 + 0.25 * (x.y - yc)),
        )
    d.arrow(y, (4.45, yc), color=FORWARD)
    d.text(4.55, yc, r"$y = \mathbf{w}^\top\mathbf{x}$", ha="left")
    if oja:
        rule = "Oja: Hebbian growth\nplus the decay\n" + r"$-\eta\,y^2 w_j$"
        eq = r"$\Delta w_j = \eta\, y\,(x_j - y\, w_j)$"
    else:
        rule = "Hebb: grows\nwithout bound"
        eq = r"$\Delta w_j = \eta\, y\, x_j$"
    box = d.box(
        2.2, 2.85, eq, width=2.3, height=0.55, kind="loss" if oja else "op"
    )
    # locality: the change needs the presynaptic x_j and the postsynaptic y
    # only
    d.arrow(xs[0], box, color=FORWARD, dashed=True, curve=-0.25)
    d.text(0.75, 2.55, r"pre $x_j$", color=FORWARD, size=10)
    d.arrow(y, box, color=OTHER, dashed=True, curve=0.25)
    d.text(3.75, 2.5, r"post $y$", color=OTHER, size=10, ha="left")
    d.arrow(box, (2.1, yc + 0.25), color=BACKWARD, width=1.4)
    d.text(5.3, 2.85, rule, color=EDGE, size=10)
    d.text(
        2.2,
        0.18,
        r"local: each synapse uses only $x_j$, $y$ and its own $w_j$",
        color=EDGE,
        size=10,
    )
    return d.finish()


def stdp_pairing_diagram(delta_t: float = 10.0) -> Figure:
    """The two orders of a pre/post spike pair and the sign of the weight
    change.

    Parameters
    ----------
    delta_t : float
        The time between the two spikes in milliseconds (greater than 0, at
        most 40); the left panel draws t_post − t_pre = +delta_t, the right one
        −delta_t.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels, each with a presynaptic and a postsynaptic time axis (4
        arrows), one spike per axis (4 spike bars drawn as head-less arrows)
        and the interval Δt (2 double arrows, drawn as 4 arrows).
    """
    if (
        isinstance(delta_t, bool)
        or not isinstance(delta_t, numbers.Real)
        or not 0 < delta_t <= 40
    ):
        raise ValueError(
            f"delta_t must be a number of milliseconds in (0, 40]; got "
            f"delta_t={delta_t!r}"
        )
    d = Diagram(6.2, 2.9)
    scale = 0.035  # inches per millisecond
    for x0, sign in ((0.75, 1), (3.85, -1)):
        t_pre = x0 + 0.55 + (0 if sign > 0 else delta_t * scale)
        t_post = t_pre + sign * delta_t * scale
        for row, (yy, name, t) in enumerate(
            ((2.05, "pre", t_pre), (1.15, "post", t_post))
        ):
            d.text(x0 - 0.12, yy, name, ha="right")
            d.arrow((x0, yy), (x0 + 2.15, yy), color=EDGE, width=0.9)
            d.arrow(
                (t, yy - 0.02),
                (t, yy + 0.4),
                color=FORWARD if row == 0 else OTHER,
                head=False,
                width=2.2,
            )
            d.text(x0 + 2.2, yy - 0.15, "$t$", color=EDGE, size=10)
        lo, hi = min(t_pre, t_post), max(t_pre, t_post)
        mid = 0.82
        for t in (
            t_pre,
            t_post,
        ):  # guides from the spikes down to the interval
            d.arrow(
                (t, 2.03),
                (t, mid - 0.05),
                color="#999999",
                head=False,
                width=0.6,
                dashed=True,
            )
        d.arrow(((lo + hi) / 2, mid), (lo, mid), color=EDGE, width=0.9)
        d.arrow(((lo + hi) / 2, mid), (hi, mid), color=EDGE, width=0.9)
        d.text((lo + hi) / 2, mid - 0.2, r"$|\Delta t|$", size=10)
        if sign > 0:
            d.text(x0 + 1.0, 2.72, r"pre before post, $\Delta t > 0$", size=10)
            d.text(
                x0 + 1.0,
                0.3,
                r"LTP: $\Delta w = A_+ e^{-\Delta t/\tau_+}$",
                color=FORWARD,
                size=10,
            )
        else:
            d.text(x0 + 1.0, 2.72, r"post before pre, $\Delta t < 0$", size=10)
            d.text(
                x0 + 1.0,
                0.3,
                r"LTD: $\Delta w = -A_- e^{\Delta t/\tau_-}$",
                color=BACKWARD,
                size=10,
            )
    return d.finish()


def lateral_inhibition_diagram(
    n_inputs: int = 4, n_outputs: int = 3
) -> Figure:
    """A Hebbian layer with anti-Hebbian lateral connections between its
    outputs.

    Parameters
    ----------
    n_inputs : int
        Number of inputs drawn (1 to 6).
    n_outputs : int
        Number of output units drawn (2 to 4).

    Returns
    -------
    matplotlib.figure.Figure
        Circles: n_inputs + n_outputs. Arrows: n_inputs·n_outputs feed-forward
        weights and n_outputs·(n_outputs − 1) lateral weights (one each way
        between two outputs).
    """
    n_inputs = check_count(n_inputs, "n_inputs", 1, 6)
    n_outputs = check_count(n_outputs, "n_outputs", 2, 4)
    d = Diagram(5.6, 3.1)
    yc = 1.45
    names = [f"x_{j + 1}" for j in range(n_inputs)]
    xs = d.column(
        0.6,
        n_inputs,
        labels=names,
        kind="input",
        spacing=0.5,
        y_center=yc,
        radius=0.19,
    )
    ys = d.column(
        3.0,
        n_outputs,
        labels=[f"y_{i + 1}" for i in range(n_outputs)],
        kind="output",
        spacing=0.85,
        y_center=yc,
    )
    d.connect(xs, ys, color=FORWARD, width=0.8)
    for i, a in enumerate(ys):
        for j, b in enumerate(ys):
            if i != j:
                # both directions bow to the right of the column (away from W)
                d.arrow(
                    a,
                    b,
                    color=BACKWARD,
                    curve=-0.5 if i < j else 0.9,
                    width=1.0,
                    dashed=True,
                )
    d.text(1.75, 2.95, r"Hebbian $\mathbf{W}$ (feed-forward)", color=FORWARD)
    d.text(
        4.6,
        2.4,
        "anti-Hebbian\n" + r"$M_{ij} \leq 0$ (lateral)",
        color=BACKWARD,
    )
    d.text(
        4.6, 0.8, "inhibition\ndecorrelates\nthe outputs", color=EDGE, size=10
    )
    return d.finish()
