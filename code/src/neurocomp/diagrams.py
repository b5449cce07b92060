"""Schematic figures: the pictures a lecturer draws on the board, drawn by
code.

Every architecture or mechanism diagram of the book (an MLP, a convolution on a
grid, an LSTM cell, a Hopfield network, ...) is a short function built from the
few primitives of this module, so that all of them share one visual style: the
book's colour-blind-safe palette, one font size, units as circles, operations
as rounded boxes, forward signals in blue and errors in orange.

A ``Diagram`` is a matplotlib figure whose data coordinates are inches, origin
at the bottom left, so that a unit of radius 0.2 is 0.2 inch wide whatever the
figure's size:

    d = Diagram(width=5.0, height=2.4)
    x = d.column(0.6, 3, labels=["x_1", "x_2", "x_3"], kind="input")
    y = d.node(3.0, 1.2, "y", kind="output")
    d.connect(x, [y])
    fig = d.finish()

Labels are matplotlib mathtext without the dollar signs when ``math=True`` (the
default for units), so "x_1" is drawn as x with subscript 1 and "\\mathbf{W}"
as a bold W. The schematics of each chapter live in a module
``diagrams_<chapter>``; this module only provides the primitives.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import (
    Circle,
    FancyArrowPatch,
    FancyBboxPatch,
    Rectangle,
)

from .plotting import COLORS

__all__ = [
    "Diagram",
    "Node",
    "Grid",
    "FILLS",
    "EDGE",
    "FORWARD",
    "BACKWARD",
    "OTHER",
    "FONT_SIZE",
    "check_count",
]

#: Fill colours by kind of element: light tints of the book's palette.
FILLS = {
    "input": "#CFE3F2",  # light blue
    "hidden": "#F2F2F2",  # light grey
    "output": "#CDEBDD",  # light green
    "bias": "#FFFFFF",  # white (drawn with a dashed border)
    # light orange: an operation (sum, product, non-linearity)
    "op": "#FBE8C8",
    "loss": "#F6D2C0",  # light vermillion: a loss or error signal
    # light purple: a state that persists (cell state, reservoir)
    "memory": "#E8D9EC",
    "focus": "#F0E442",  # yellow: the element the text walks through
    "plain": "#FFFFFF",
}
#: Colour of outlines and of plain arrows.
EDGE = "#333333"
#: Forward signals (activations), backward signals (errors, gradients), other
#: paths.
FORWARD, BACKWARD, OTHER = COLORS[0], COLORS[1], COLORS[2]
#: Font size of labels, in points: readable at phone width for figures up to
#: 6.4 inches.
FONT_SIZE = 11


def _check_positive(value: Any, name: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not value > 0
    ):
        raise ValueError(
            f"{name} must be a positive number; got {name}={value!r}"
        )
    return float(value)


def check_count(value: Any, name: str, low: int, high: int) -> int:
    """Check a count argument of a schematic (units, steps, inputs) and
    return it.

    A schematic has room for a few elements only, so its counts are bounded:
    ``value`` must be an integer from ``low`` to ``high`` (not a bool).
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or not low <= value <= high
    ):
        raise ValueError(
            f"{name} must be an integer from {low} to {high}; got "
            f"{name}={value!r}"
        )
    return int(value)


def _check_kind(kind: Any, name: str = "kind") -> str:
    if kind not in FILLS:
        raise ValueError(
            f"{name} must be one of {sorted(FILLS)}; got {name}={kind!r}"
        )
    return kind


def _tex(label: str, math: bool) -> str:
    if not label:
        return ""
    return f"${label}$" if math else label


@dataclass(frozen=True)
class Node:
    """A drawn element that arrows can attach to: a circle (``radius``) or a
    box."""

    x: float
    y: float
    radius: float = 0.0
    width: float = 0.0
    height: float = 0.0

    def border(self, towards: tuple[float, float]) -> tuple[float, float]:
        """The point of this element's outline on the straight line towards
        ``towards``."""
        dx, dy = towards[0] - self.x, towards[1] - self.y
        dist = float(np.hypot(dx, dy))
        if dist == 0:
            return self.x, self.y
        if self.radius:
            scale = self.radius / dist
        else:  # a box: the line leaves through the side it meets first
            sx = (self.width / 2) / abs(dx) if dx else np.inf
            sy = (self.height / 2) / abs(dy) if dy else np.inf
            scale = min(sx, sy)
        return self.x + scale * dx, self.y + scale * dy


@dataclass(frozen=True)
class Grid:
    """A grid of square cells drawn by ``Diagram.grid``: row 0 is the top
    row."""

    x: float
    y: float
    rows: int
    cols: int
    cell: float

    def center(self, i: int, j: int) -> tuple[float, float]:
        """Centre of cell (row i, column j)."""
        return self.x + (j + 0.5) * self.cell, self.y + (
            self.rows - i - 0.5
        ) * self.cell

    def node(self) -> Node:
        """The whole grid as a box that arrows can attach to."""
        w, h = self.cols * self.cell, self.rows * self.cell
        return Node(self.x + w / 2, self.y + h / 2, width=w, height=h)


def _point(p: Node | tuple[float, float]) -> tuple[float, float]:
    if isinstance(p, Node):
        return p.x, p.y
    if (
        isinstance(p, Sequence)
        and len(p) == 2
        and all(isinstance(v, numbers.Real) for v in p)
    ):
        return float(p[0]), float(p[1])
    raise TypeError(
        f"an arrow end must be a Node or an (x, y) pair; got {p!r}"
    )


class Diagram:
    """A schematic figure in inch coordinates, origin at the bottom left.

    Parameters
    ----------
    width, height : float
        Size of the figure in inches (the drawing area). Keep ``width`` at most
        6.4 so that labels stay readable on a phone.
    """

    def __init__(self, width: float = 6.4, height: float = 3.0) -> None:
        self.width = _check_positive(width, "width")
        self.height = _check_positive(height, "height")
        self.fig = plt.figure(figsize=(self.width, self.height))
        self.ax = self.fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, self.width)
        self.ax.set_ylim(0, self.height)
        self.ax.set_aspect("equal")
        self.ax.axis("off")
        self.ax.grid(False)
        self.nodes: list[Node] = []

    # ------------------------------------------------------------------
    # elements
    def node(
        self,
        x: float,
        y: float,
        label: str = "",
        *,
        kind: str = "hidden",
        radius: float = 0.22,
        math: bool = True,
        size: float = FONT_SIZE,
    ) -> Node:
        """A unit (neuron) as a circle centred at (x, y) with a label
        inside."""
        radius = _check_positive(radius, "radius")
        kind = _check_kind(kind)
        style = "--" if kind == "bias" else "-"
        self.ax.add_patch(
            Circle(
                (x, y),
                radius,
                facecolor=FILLS[kind],
                edgecolor=EDGE,
                linewidth=1.2,
                linestyle=style,
                zorder=3,
            )
        )
        if label:
            self.ax.text(
                x,
                y,
                _tex(label, math),
                ha="center",
                va="center",
                fontsize=size,
                zorder=4,
            )
        node = Node(float(x), float(y), radius=radius)
        self.nodes.append(node)
        return node

    def box(
        self,
        x: float,
        y: float,
        label: str = "",
        *,
        width: float = 1.2,
        height: float = 0.5,
        kind: str = "op",
        math: bool = False,
        size: float = FONT_SIZE,
        dashed: bool = False,
    ) -> Node:
        """An operation, a layer or a stage as a rounded box centred at (x,
        y)."""
        width = _check_positive(width, "width")
        height = _check_positive(height, "height")
        kind = _check_kind(kind)
        pad = min(0.06, width / 4, height / 4)
        self.ax.add_patch(
            FancyBboxPatch(
                (x - width / 2 + pad, y - height / 2 + pad),
                width - 2 * pad,
                height - 2 * pad,
                boxstyle=f"round,pad={pad}",
                facecolor=FILLS[kind],
                edgecolor=EDGE,
                linewidth=1.2,
                linestyle="--" if dashed else "-",
                zorder=3,
            )
        )
        if label:
            self.ax.text(
                x,
                y,
                _tex(label, math),
                ha="center",
                va="center",
                fontsize=size,
                zorder=4,
                linespacing=1.15,
            )
        node = Node(float(x), float(y), width=width, height=height)
        self.nodes.append(node)
        return node

    def column(
        self,
        x: float,
        n: int,
        *,
        labels: Sequence[str] | None = None,
        kind: str = "hidden",
        spacing: float = 0.6,
        y_center: float | None = None,
        radius: float = 0.22,
        math: bool = True,
    ) -> list[Node]:
        """A layer of ``n`` units stacked vertically at ``x``, first unit on
        top."""
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(
                "n must be a positive integer (the number of units); got "
                f"n={n!r}"
            )
        if labels is not None and len(labels) != n:
            raise ValueError(
                f"labels must have one entry per unit ({n}); got {len(labels)}"
            )
        spacing = _check_positive(spacing, "spacing")
        yc = self.height / 2 if y_center is None else y_center
        ys = yc + spacing * ((n - 1) / 2 - np.arange(n))
        return [
            self.node(
                x,
                float(y),
                labels[i] if labels else "",
                kind=kind,
                radius=radius,
                math=math,
            )
            for i, y in enumerate(ys)
        ]

    def grid(
        self,
        x: float,
        y: float,
        shape: tuple[int, int] | None = None,
        *,
        values: Any = None,
        cell: float = 0.3,
        kind: str = "input",
        highlight: Sequence[tuple[int, int]] = (),
        highlight_kind: str = "focus",
        fmt: str = "{:g}",
        size: float = FONT_SIZE - 2,
    ) -> Grid:
        """A grid of cells with lower-left corner (x, y): an image, a kernel, a
        feature map.

        Give ``shape`` (rows, cols) or ``values`` (a 2-D array written into the
        cells with ``fmt``; NaN leaves a cell empty). Cells listed in
        ``highlight`` get ``highlight_kind``'s fill.
        """
        if values is not None:
            values = np.asarray(values, dtype=float)
            if values.ndim != 2:
                raise ValueError(
                    f"values must be a 2-D array; got shape {values.shape}"
                )
            shape = values.shape
        if shape is None or len(shape) != 2 or min(shape) < 1:
            raise ValueError(
                "shape must be (rows, cols) with positive sizes; got "
                f"shape={shape!r}"
            )
        cell = _check_positive(cell, "cell")
        kind, highlight_kind = (
            _check_kind(kind),
            _check_kind(highlight_kind, "highlight_kind"),
        )
        rows, cols = int(shape[0]), int(shape[1])
        marked = {(int(i), int(j)) for i, j in highlight}
        g = Grid(float(x), float(y), rows, cols, cell)
        for i in range(rows):
            for j in range(cols):
                cx, cy = g.center(i, j)
                fill = FILLS[highlight_kind if (i, j) in marked else kind]
                self.ax.add_patch(
                    Rectangle(
                        (cx - cell / 2, cy - cell / 2),
                        cell,
                        cell,
                        facecolor=fill,
                        edgecolor=EDGE,
                        linewidth=0.8,
                        zorder=2,
                    )
                )
                if values is not None and np.isfinite(values[i, j]):
                    self.ax.text(
                        cx,
                        cy,
                        fmt.format(values[i, j]),
                        ha="center",
                        va="center",
                        fontsize=size,
                        zorder=4,
                    )
        return g

    def frame(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        label: str = "",
        *,
        color: str = EDGE,
        math: bool = False,
        label_pos: str = "top",
    ) -> None:
        """A dashed rounded frame around a group of elements, with an optional
        label."""
        if not (x1 > x0 and y1 > y0):
            raise ValueError(
                f"a frame needs x0 < x1 and y0 < y1; got ({x0}, {y0}, {x1}, "
                f"{y1})"
            )
        self.ax.add_patch(
            FancyBboxPatch(
                (x0, y0),
                x1 - x0,
                y1 - y0,
                boxstyle="round,pad=0.04",
                facecolor="none",
                edgecolor=color,
                linewidth=1.0,
                linestyle="--",
                zorder=1,
            )
        )
        if label:
            ty = y1 + 0.12 if label_pos == "top" else y0 - 0.12
            self.ax.text(
                (x0 + x1) / 2,
                ty,
                _tex(label, math),
                ha="center",
                va="bottom" if label_pos == "top" else "top",
                fontsize=FONT_SIZE - 1,
                color=color,
            )

    def text(
        self,
        x: float,
        y: float,
        s: str,
        *,
        math: bool = False,
        size: float = FONT_SIZE,
        color: str = "black",
        ha: str = "center",
        va: str = "center",
        **kwargs: Any,
    ) -> None:
        """A label at (x, y)."""
        self.ax.text(
            x,
            y,
            _tex(s, math),
            fontsize=size,
            color=color,
            ha=ha,
            va=va,
            zorder=5,
            **kwargs,
        )

    # --------------------------------------------------------------------
    # arrows
    def arrow(
        self,
        a: Node | tuple[float, float],
        b: Node | tuple[float, float],
        label: str = "",
        *,
        color: str = EDGE,
        curve: float = 0.0,
        width: float = 1.2,
        math: bool = True,
        head: bool = True,
        dashed: bool = False,
        label_offset: tuple[float, float] = (0.0, 0.12),
        size: float = FONT_SIZE - 1,
    ) -> None:
        """An arrow from ``a`` to ``b``; ends that are Nodes start and stop at
        their outline.

        ``curve`` bends the arrow (the arc's rad, positive bends to the left of
        a→b); ``label`` is written at the middle, shifted by ``label_offset``
        inches.
        """
        pa, pb = _point(a), _point(b)
        start = a.border(pb) if isinstance(a, Node) else pa
        end = b.border(pa) if isinstance(b, Node) else pb
        self.ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>,head_length=5,head_width=2.5" if head else "-",
                connectionstyle=f"arc3,rad={curve}",
                color=color,
                linewidth=width,
                linestyle="--" if dashed else "-",
                shrinkA=0,
                shrinkB=0,
                zorder=2,
                mutation_scale=1.6 * min(1.0, (width / 1.2) ** 0.5),
            )
        )  # thin arrows, small heads
        if label:
            # the middle of the drawn arc (a quadratic Bezier curve for arc3)
            dx, dy = end[0] - start[0], end[1] - start[1]
            mx = (start[0] + end[0]) / 2 + curve * dy / 2
            my = (start[1] + end[1]) / 2 - curve * dx / 2
            self.ax.text(
                mx + label_offset[0],
                my + label_offset[1],
                _tex(label, math),
                fontsize=size,
                color=color,
                ha="center",
                va="center",
                zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
            )

    def connect(
        self, sources: Sequence[Node], targets: Sequence[Node], **kwargs: Any
    ) -> int:
        """Arrows from every source to every target (a dense layer); returns
        their number."""
        if not sources or not targets:
            raise ValueError(
                "connect needs at least one source and one target node"
            )
        kwargs.setdefault("width", 0.8)
        for s in sources:
            for t in targets:
                self.arrow(s, t, **kwargs)
        return len(sources) * len(targets)

    def finish(self) -> Figure:
        """The finished figure (close it with plt.close after gluing it)."""
        return self.fig
