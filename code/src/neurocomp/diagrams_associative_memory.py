"""Schematic figures of the chapter *Associative memory*.

One function per figure, built from the primitives of ``neurocomp.diagrams``;
the energy landscape and the bump draw their curves with a private helper.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from .diagrams import (
    BACKWARD,
    EDGE,
    FILLS,
    FORWARD,
    OTHER,
    Diagram,
    check_count,
)

__all__ = ["hopfield_network", "energy_landscape", "mexican_hat_field"]


def _curve(d: Diagram, x: np.ndarray, y: np.ndarray, **kwargs: object) -> None:
    """A line through the points (x, y), in the diagram's inch coordinates."""
    d.ax.plot(
        x,
        y,
        color=kwargs.pop("color", EDGE),
        lw=kwargs.pop("lw", 1.6),
        zorder=2,
        **kwargs,
    )


def hopfield_network(n_units: int = 5, *, bias: bool = True) -> Figure:
    """A Hopfield network: N binary units, every pair joined by one symmetric
    weight.

    The units s_1 ... s_N sit on a circle; each of the N(N-1)/2 lines stands
    for the pair of equal weights w_ij = w_ji, and no unit connects to itself
    (w_ii = 0). With ``bias`` an external input b_i enters every unit as a
    short arrow.

    Parameters
    ----------
    n_units : int
        Number of units N, from 2 to 8.
    bias : bool
        Draw the bias (external input) arrows.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, 4.4 x 3.2 inches.
    """
    n = check_count(n_units, "n_units", 2, 8)
    if not isinstance(bias, bool):
        raise TypeError(f"bias must be True or False; got bias={bias!r}")
    d = Diagram(4.4, 3.2)
    cx, cy, r = 1.75, 1.5, 0.98
    angles = np.pi / 2 + 2 * np.pi * np.arange(n) / n
    units = [
        d.node(
            cx + r * np.cos(a), cy + r * np.sin(a), f"s_{i + 1}", radius=0.24
        )
        for i, a in enumerate(angles)
    ]
    for i in range(n):
        for j in range(i + 1, n):
            labelled = (i, j) == (0, 1)
            d.arrow(
                units[i],
                units[j],
                r"w_{12}=w_{21}" if labelled else "",
                head=False,
                color=FORWARD,
                width=1.5 if labelled else 0.9,
                size=9,
                label_offset=(-0.45, 0.05),
            )
    if bias:
        for i, a in enumerate(angles):
            start = (cx + (r + 0.5) * np.cos(a), cy + (r + 0.5) * np.sin(a))
            d.arrow(
                start,
                units[i],
                r"b_1" if i == 0 else "",
                color=OTHER,
                width=1.1,
                size=9,
                label_offset=(0.2, 0.0),
            )
    d.text(3.45, 2.2, "symmetric:\n" + r"$w_{ij} = w_{ji}$", size=9)
    d.text(3.45, 1.4, "no self-loops:\n" + r"$w_{ii} = 0$", size=9)
    d.text(3.45, 0.6, r"$s_i \in \{-1, +1\}$", size=9)
    return d.finish()


def energy_landscape(
    minima: Sequence[tuple[float, float, str]] = (
        (1.2, 0.9, r"\boldsymbol{\xi}^1"),
        (2.9, 0.55, r"\mathrm{mixture}"),
        (4.6, 1.0, r"\boldsymbol{\xi}^2"),
    ),
    *,
    ball_at: float = 1.9,
) -> Figure:
    """An energy landscape over the states, with attractors in its valleys.

    A smooth curve E(s) over a one-dimensional stand-in for the 2^N states,
    with one valley per entry of ``minima`` (position in inches, depth from 0
    to 1.2, label) and a ball that rolls from ``ball_at`` into the nearest
    valley. Valleys are shaded as basins of attraction.

    Parameters
    ----------
    minima : sequence of (x, depth, label)
        One to four valleys, x between 0.5 and 5.5 inches in increasing order,
        depth in (0, 1.2]; labels in mathtext without dollar signs.
    ball_at : float
        Position of the ball (a state) on the x axis, between 0.3 and 5.7.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, 6.0 x 2.6 inches.
    """
    if not isinstance(minima, Sequence) or not 1 <= len(minima) <= 4:
        raise ValueError(
            f"minima must be a sequence of 1 to 4 (x, depth, label) triples; "
            f"got minima={minima!r}"
        )
    xs, depths = [], []
    for m in minima:
        if len(m) != 3 or not 0.5 <= m[0] <= 5.5 or not 0 < m[1] <= 1.2:
            raise ValueError(
                f"each minimum must be (x in [0.5, 5.5], depth in (0, 1.2], "
                f"label); got {m!r}"
            )
        xs.append(float(m[0]))
        depths.append(float(m[1]))
    if np.any(np.diff(xs) <= 0):
        raise ValueError(
            f"the minima must be in increasing order of x; got x={xs}"
        )
    if (
        isinstance(ball_at, bool)
        or not isinstance(ball_at, numbers.Real)
        or not 0.3 <= ball_at <= 5.7
    ):
        raise ValueError(
            f"ball_at must be a number in [0.3, 5.7]; got ball_at={ball_at!r}"
        )
    d = Diagram(6.0, 2.6)
    base = 2.0
    grid = np.linspace(0.2, 5.8, 400)

    def energy(x: np.ndarray) -> np.ndarray:
        return base - sum(
            dep * np.exp(-(((x - c) / 0.45) ** 2))
            for c, dep in zip(xs, depths)
        )

    e = energy(grid)
    _curve(d, grid, e, color=EDGE, lw=1.8)
    # basins: between the maxima of E that separate neighbouring valleys
    edges = (
        [0.2]
        + [
            grid[(grid > a) & (grid < b)][
                np.argmax(e[(grid > a) & (grid < b)])
            ]
            for a, b in zip(xs[:-1], xs[1:])
        ]
        + [5.8]
    )
    for k, (c, dep, label) in enumerate(minima):
        lo, hi = edges[k], edges[k + 1]
        inside = (grid >= lo) & (grid <= hi)
        d.ax.fill_between(
            grid[inside],
            e[inside],
            base + 0.15,
            color=FILLS["input" if "xi" in label else "loss"],
            zorder=1,
            lw=0,
        )
        d.node(
            c,
            base - dep,
            kind="output" if "xi" in label else "loss",
            radius=0.07,
        )
        d.text(c, base - dep - 0.25, label, math=True, size=10)
    ball_y = float(energy(np.array([ball_at]))[0])
    d.node(ball_at, ball_y + 0.12, kind="focus", radius=0.11)
    target = xs[int(np.argmin(np.abs(np.array(xs) - ball_at)))]
    d.arrow(
        (ball_at + 0.1 * np.sign(target - ball_at), ball_y + 0.35),
        (target - 0.15 * np.sign(target - ball_at), base - 0.5),
        color=BACKWARD,
        curve=-0.3 * np.sign(target - ball_at),
        width=1.4,
    )
    d.text(0.15, 2.3, r"energy $E(\mathbf{s})$", size=10, ha="left")
    d.arrow((0.2, 0.15), (5.85, 0.15), color=EDGE, width=1.0)
    d.text(
        3.0,
        0.0,
        r"state $\mathbf{s}$ (a line standing for the $2^N$ states)",
        size=9,
        va="bottom",
    )
    return d.finish()


def mexican_hat_field(
    n_units: int = 13,
    *,
    active: Sequence[int] = (4, 5, 6, 7, 8),
    source: int = 6,
    reach: int = 2,
) -> Figure:
    """A neural field: units on a line, Mexican-hat connections and a bump of
    activity.

    Row of ``n_units`` units; the ``source`` unit excites its neighbours up to
    ``reach`` positions away (blue arrows, +) and inhibits those further away
    (orange arrows, −). The ``active`` units (u > 0) are filled and carry a
    bump of activity drawn above them.

    Parameters
    ----------
    n_units : int
        Units drawn, from 5 to 17.
    active : sequence of int
        Indices of the active units (the bump); consecutive, within the row.
    source : int
        Index of the unit whose outgoing connections are drawn.
    reach : int
        Excitatory range in units (at least 1, less than the distance to the
        row's ends).

    Returns
    -------
    matplotlib.figure.Figure
        The figure, 6.4 x 2.6 inches.
    """
    n = check_count(n_units, "n_units", 5, 17)
    source = check_count(source, "source", 0, n - 1)
    reach = check_count(reach, "reach", 1, n - 1)
    active = [check_count(a, "active", 0, n - 1) for a in active]
    if not active or np.any(np.diff(active) != 1):
        raise ValueError(
            f"active must list consecutive unit indices; got active={active!r}"
        )
    d = Diagram(6.4, 2.6)
    step = 5.6 / (n - 1)
    x = 0.4 + step * np.arange(n)
    y0 = 1.0
    units = [
        d.node(
            float(xi),
            y0,
            kind="focus" if i in active else "hidden",
            radius=min(0.17, 0.4 * step),
        )
        for i, xi in enumerate(x)
    ]
    for j in range(n):
        dist = abs(j - source)
        if dist == 0:
            continue
        excit = dist <= reach
        side = 1.0 if j > source else -1.0
        d.arrow(
            units[source],
            units[j],
            color=FORWARD if excit else BACKWARD,
            curve=(-0.7 if excit else 0.45) * side,
            width=1.2 if excit else 0.7,
            dashed=not excit,
        )
    d.text(float(x[source]), y0 + 0.55, r"$w > 0$", size=9, color=FORWARD)
    d.text(
        float(x[source]),
        0.12,
        r"$w < 0$ (inhibition) far away",
        size=9,
        color=BACKWARD,
    )
    # the bump: a smooth activity profile above the active units
    lo, hi = x[active[0]] - 0.5 * step, x[active[-1]] + 0.5 * step
    grid = np.linspace(lo - step, hi + step, 200)
    centre, half = (lo + hi) / 2, (hi - lo) / 2
    profile = (
        2.0 + 0.4 * np.exp(-(((grid - centre) / (half * 0.9)) ** 4)) - 0.12
    )
    _curve(d, grid, profile, color=OTHER, lw=2.0)
    d.text(
        centre, 2.5, r"bump: $u(x) > 0$ on $[x_1, x_2]$", size=9, color=OTHER
    )
    d.text(float(x[0]), y0 + 0.35, r"$x$", size=10)
    return d.finish()
