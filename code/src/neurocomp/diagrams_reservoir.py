"""Schematic figures of the chapter *Reservoir computing*.

Two pictures, drawn with the primitives of ``neurocomp.diagrams``:

- ``esn_diagram``: an echo-state network, inputs u(n) -> fixed random reservoir
  x(n) -> trained linear readout y(n), optionally with the output fed back as
  the next input (the free run, u(n + 1) = y(n));
- ``force_diagram``: FORCE learning, a chaotic rate network J whose output z =
  w·r is fed back through fixed weights w_f, while recursive least squares
  changes w from the error e = z − f.

Fixed weights are drawn in grey, the trained readout in blue (a forward
signal), the error and the weight update in orange, the feedback loop in green.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .diagrams import (
    BACKWARD,
    EDGE,
    FORWARD,
    OTHER,
    Diagram,
    Node,
    check_count,
)

__all__ = [
    "esn_diagram",
    "force_diagram",
    "reservoir_positions",
    "recurrent_pairs",
]

_FIXED = "#888888"


def reservoir_positions(
    n_units: int, center: tuple[float, float], radius: float
) -> list[tuple[float, float]]:
    """Positions of ``n_units`` reservoir units on a ring (first unit on top,
    clockwise)."""
    n_units = check_count(n_units, "n_units", 3, 12)
    angles = np.pi / 2 - 2 * np.pi * np.arange(n_units) / n_units
    return [
        (center[0] + radius * np.cos(a), center[1] + radius * np.sin(a))
        for a in angles
    ]


def recurrent_pairs(n_units: int) -> list[tuple[int, int]]:
    """The recurrent connections drawn in a reservoir: i -> i + 1 and i -> i +
    3 (mod N).

    A fixed, sparse-looking pattern: every unit sends two connections, one to
    its neighbour on the ring and one across it (the second is dropped when N <
    5, where it would duplicate or reverse the first).
    """
    n_units = check_count(n_units, "n_units", 3, 12)
    pairs = [(i, (i + 1) % n_units) for i in range(n_units)]
    if n_units >= 5:
        pairs += [(i, (i + 3) % n_units) for i in range(n_units)]
    return pairs


def _reservoir(
    d: Diagram,
    n_units: int,
    center: tuple[float, float],
    radius: float,
    label: str,
) -> list[Node]:
    """The units on a ring, their recurrent arrows, and a frame labelled
    below."""
    units = [
        d.node(x, y, kind="memory", radius=0.17)
        for x, y in reservoir_positions(n_units, center, radius)
    ]
    for i, j in recurrent_pairs(n_units):
        d.arrow(units[i], units[j], color=_FIXED, width=0.8, curve=0.15)
    pad = 0.35
    d.frame(
        center[0] - radius - pad,
        center[1] - radius - pad,
        center[0] + radius + pad,
        center[1] + radius + pad,
        label,
        label_pos="bottom",
    )
    return units


def esn_diagram(
    n_inputs: int = 2,
    n_units: int = 8,
    n_outputs: int = 1,
    *,
    feedback: bool = False,
) -> Figure:
    """An echo-state network: input, fixed random reservoir, trained linear
    readout.

    Parameters
    ----------
    n_inputs : int
        Number of input units u_1, ..., u_K drawn (1 to 4).
    n_units : int
        Number of reservoir units drawn (3 to 12).
    n_outputs : int
        Number of output units y_1, ... drawn (1 to 3).
    feedback : bool
        Draw the free run: the output fed back as the next input, u(n + 1) =
        y(n). Needs as many outputs as inputs.

    Returns
    -------
    matplotlib.figure.Figure
        Circles: n_inputs + n_units + n_outputs. Arrows: n_inputs·n_units
        (W_in), the recurrent pairs of ``recurrent_pairs`` (W),
        n_units·n_outputs (W_out), and n_outputs more if ``feedback``.
    """
    n_inputs = check_count(n_inputs, "n_inputs", 1, 4)
    n_units = check_count(n_units, "n_units", 3, 12)
    n_outputs = check_count(n_outputs, "n_outputs", 1, 3)
    if not isinstance(feedback, bool):
        raise TypeError(
            f"feedback must be True or False; got feedback={feedback!r}"
        )
    if feedback and n_outputs != n_inputs:
        raise ValueError(
            f"feedback needs n_outputs == n_inputs; got n_inputs={n_inputs}, "
            f"n_outputs={n_outputs}"
        )
    d = Diagram(6.2, 4.25 if feedback else 3.6)
    yc = 1.95
    names = ["u_1", "u_2", "u_3", "u_4"] if n_inputs > 1 else ["u"]
    inputs = d.column(
        0.6,
        n_inputs,
        labels=names[:n_inputs],
        kind="input",
        spacing=0.6,
        y_center=yc,
    )
    units = _reservoir(
        d,
        n_units,
        (3.05, yc),
        1.0,
        r"reservoir $\mathbf{x}(n)$: $\mathbf{W}$ fixed, $\rho(\mathbf{W})$ "
        r"set",
    )
    outs = ["y_1", "y_2", "y_3"] if n_outputs > 1 else ["y"]
    outputs = d.column(
        5.55,
        n_outputs,
        labels=outs[:n_outputs],
        kind="output",
        spacing=0.6,
        y_center=yc,
    )
    d.connect(inputs, units, color=_FIXED, width=0.5)
    d.connect(units, outputs, color=FORWARD, width=1.0)
    d.text(0.75, 0.55, r"$\mathbf{W}_\mathrm{in}$ fixed", color=EDGE)
    d.text(5.4, 0.55, r"$\mathbf{W}_\mathrm{out}$ trained", color=FORWARD)
    if feedback:
        for o, i in zip(outputs, inputs):
            d.arrow(o, i, color=OTHER, curve=0.72, dashed=True, width=1.3)
        d.text(3.05, 4.0, r"free run: $u(n+1) = y(n)$", color=OTHER)
    return d.finish()


def force_diagram(n_units: int = 8) -> Figure:
    """FORCE learning: a chaotic network, its readout, the feedback loop and
    the RLS update.

    Parameters
    ----------
    n_units : int
        Number of network units drawn (3 to 12).

    Returns
    -------
    matplotlib.figure.Figure
        Circles: n_units + 1 (the output z). Boxes: the target f(t), the
        comparison e = z − f and the RLS update. Arrows: the recurrent pairs of
        ``recurrent_pairs`` (J), n_units (readout w), 1 feedback (w_f), 3 for
        the error path.
    """
    n_units = check_count(n_units, "n_units", 3, 12)
    d = Diagram(6.2, 3.7)
    yc = 1.95
    units = _reservoir(
        d,
        n_units,
        (1.55, yc),
        1.0,
        r"chaotic network $\mathbf{J}$, rates $\mathbf{r}$",
    )
    z = d.node(4.05, yc, "z", kind="output", radius=0.25)
    d.connect(units, [z], color=FORWARD, width=1.0)
    d.text(3.35, yc + 0.42, r"$\mathbf{w}$", color=FORWARD)
    # feedback: the output re-enters every unit through fixed weights w_f
    d.arrow(z, (2.0, yc + 1.42), color=OTHER, curve=0.35, width=1.4)
    d.text(3.95, 3.2, r"feedback $\mathbf{w}_f\, z$", color=OTHER, ha="left")
    # the error path: target, comparison, RLS update of w
    target = d.box(
        5.55, 0.55, r"target $f(t)$", width=1.15, height=0.45, kind="plain"
    )
    diff = d.box(5.55, yc, r"$e = z - f$", width=1.15, height=0.5, kind="loss")
    rls = d.box(
        3.35,
        0.55,
        "RLS:\n" + r"$\Delta\mathbf{w} = -c\,e\,\mathbf{g}$",
        width=1.6,
        height=0.72,
        kind="op",
    )
    d.arrow(z, diff, color=FORWARD)
    d.arrow(target, diff, color=EDGE)
    d.arrow(diff, rls, color=BACKWARD, curve=-0.25)
    d.arrow(rls, (3.35, yc - 0.05), color=BACKWARD, dashed=True)
    return d.finish()
