"""Schematic figures of the chapter on object detection.

Each function draws one figure with the primitives of ``neurocomp.diagrams``
and returns the matplotlib Figure (close it after gluing it): the R-CNN family
as pipelines, the anchors of a region proposal network at one position, and the
YOLO grid with the cells responsible for the objects of one image.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .diagrams import EDGE, FILLS, FORWARD, OTHER, Diagram
from .plotting import COLORS

__all__ = [
    "rcnn_pipeline_diagram",
    "anchors_diagram",
    "yolo_grid_diagram",
    "responsible_cells",
]


def rcnn_pipeline_diagram() -> Figure:
    """R-CNN, Fast R-CNN and Faster R-CNN as three pipelines, one per row.

    Stages that run once per region are dashed; the stage each paper replaced
    is the one that changes from one row to the next.
    """
    dia = Diagram(6.4, 4.5)
    rows = [
        (
            "R-CNN (2014)",
            [
                ("image", "input", False),
                ("selective\nsearch", "op", False),
                ("crop, warp\n2,000 regions", "op", True),
                ("CNN\nper region", "hidden", True),
                ("SVMs +\nbox regr.", "output", True),
            ],
        ),
        (
            "Fast R-CNN (2015)",
            [
                ("image", "input", False),
                ("CNN\nonce", "hidden", False),
                ("RoI\npooling", "op", True),
                ("dense\nlayers", "hidden", True),
                ("softmax +\nbox regr.", "output", True),
            ],
        ),
        (
            "Faster R-CNN (2015)",
            [
                ("image", "input", False),
                ("CNN\nonce", "hidden", False),
                ("RPN:\nanchors", "op", False),
                ("RoI\npooling", "op", True),
                ("softmax +\nbox regr.", "output", True),
            ],
        ),
    ]
    xs = [0.55, 1.8, 3.1, 4.4, 5.7]
    for r, (title, stages) in enumerate(rows):
        y = 3.65 - r * 1.35
        dia.text(0.05, y + 0.52, title, size=9, ha="left", color=FORWARD)
        boxes = []
        for x, (label, kind, per_region) in zip(xs, stages):
            boxes.append(
                dia.box(
                    x,
                    y,
                    label,
                    width=1.05 if x > 1 else 0.8,
                    height=0.62,
                    kind=kind,
                    size=8,
                    dashed=per_region,
                )
            )
        for a, b in zip(boxes, boxes[1:]):
            dia.arrow(a, b, color=FORWARD, width=1.0)
        if r == 1:  # Fast R-CNN: proposals still come from selective search
            dia.text(
                3.1,
                y - 0.5,
                "proposals: selective search",
                size=7,
                color=OTHER,
            )
        if r == 2:  # Faster R-CNN: the RPN shares the feature map
            dia.arrow(
                (1.8, y - 0.31),
                (4.4, y - 0.31),
                "shared feature map",
                color=OTHER,
                curve=0.25,
                math=False,
                size=7,
                label_offset=(0, -0.1),
            )
    return dia.finish()


def anchors_diagram(
    scales: Sequence[float] = (0.6, 1.0, 1.5),
    ratios: Sequence[float] = (0.5, 1.0, 2.0),
    grid: int = 6,
    position: tuple[int, int] = (2, 3),
) -> Figure:
    """The anchors of a region proposal network at one position of the feature
    map.

    Parameters
    ----------
    scales : sequence of float
        Side of the square anchor of each scale, in units of feature-map cells
        (times 1).
    ratios : sequence of float
        Aspect ratios height / width; an anchor of scale a and ratio q has
        width a/√q and height a√q, so all anchors of one scale have the same
        area.
    grid : int
        Size of the feature map drawn (grid × grid cells).
    position : (row, col)
        The position whose anchors are drawn.

    Returns
    -------
    matplotlib.figure.Figure
        Its attribute ``n_anchors`` is len(scales) × len(ratios).
    """
    scales = [float(a) for a in scales]
    ratios = [float(q) for q in ratios]
    if not scales or not ratios or min(scales) <= 0 or min(ratios) <= 0:
        raise ValueError(
            f"scales and ratios must be non-empty and positive; got "
            f"scales={scales}, ratios={ratios}"
        )
    if (
        isinstance(grid, bool)
        or not isinstance(grid, numbers.Integral)
        or grid < 1
    ):
        raise ValueError(f"grid must be a positive integer; got grid={grid!r}")
    if len(position) != 2 or not all(0 <= p < grid for p in position):
        raise ValueError(
            f"position must be (row, col) inside the {grid} x {grid} grid; "
            f"got {position!r}"
        )
    cell = 0.45
    dia = Diagram(6.2, grid * cell + 0.5)
    x0, y0 = 0.3, 0.25
    g = dia.grid(
        x0, y0, (grid, grid), cell=cell, kind="hidden", highlight=[position]
    )
    cx, cy = g.center(*position)
    unit = cell * 1.6  # inches per anchor unit
    n = 0
    for s_idx, a in enumerate(scales):
        for q in ratios:
            w, h = a / np.sqrt(q) * unit, a * np.sqrt(q) * unit
            dia.ax.add_patch(
                Rectangle(
                    (cx - w / 2, cy - h / 2),
                    w,
                    h,
                    fill=False,
                    edgecolor=COLORS[s_idx % len(COLORS)],
                    linewidth=1.4,
                    zorder=4,
                )
            )
            n += 1
    dia.ax.plot([cx], [cy], "o", color=EDGE, markersize=3, zorder=5)
    tx = x0 + grid * cell + 0.35
    dia.text(
        tx,
        y0 + grid * cell - 0.1,
        f"{n} anchors at one position",
        size=10,
        ha="left",
    )
    dia.text(
        tx,
        y0 + grid * cell - 0.45,
        f"{len(scales)} scales × {len(ratios)} aspect ratios",
        size=9,
        ha="left",
    )
    for s_idx, a in enumerate(scales):
        dia.text(
            tx,
            y0 + grid * cell - 0.85 - 0.3 * s_idx,
            f"scale {s_idx + 1}",
            size=9,
            ha="left",
            color=COLORS[s_idx % len(COLORS)],
        )
    dia.text(
        tx,
        0.7,
        "each anchor: objectness\n+ offsets $t_x, t_y, t_w, t_h$",
        size=9,
        ha="left",
    )
    dia.text(
        x0 + grid * cell / 2,
        0.1,
        "feature map (RPN slides a 3×3 window)",
        size=8,
    )
    dia.fig.n_anchors = n  # type: ignore[attr-defined]
    return dia.finish()


def responsible_cells(
    boxes: Any, image_size: float, grid: int
) -> list[tuple[int, int]]:
    """The YOLO cell (row, col) that contains the centre of each box (x1, y1,
    x2, y2)."""
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    if (
        isinstance(grid, bool)
        or not isinstance(grid, numbers.Integral)
        or grid < 1
    ):
        raise ValueError(f"grid must be a positive integer; got grid={grid!r}")
    if not image_size > 0:
        raise ValueError(
            f"image_size must be positive; got image_size={image_size!r}"
        )
    cell = image_size / grid
    cells = []
    for x1, y1, x2, y2 in boxes:
        col = min(int(((x1 + x2) / 2) // cell), grid - 1)
        row = min(int(((y1 + y2) / 2) // cell), grid - 1)
        cells.append((row, col))
    return cells


def yolo_grid_diagram(
    image: Any, boxes: Any, labels: Sequence[Any] | None = None, grid: int = 7
) -> Figure:
    """An image cut into a grid × grid YOLO grid, with its boxes and
    responsible cells.

    Parameters
    ----------
    image : array of shape (H, H)
        A square grey image (values in [0, 1]).
    boxes : array of shape (k, 4)
        The true boxes (x1, y1, x2, y2) in pixels.
    labels : sequence, optional
        One label per box, written at its corner.
    grid : int
        The number S of cells per side.

    Returns
    -------
    matplotlib.figure.Figure
        The cells that contain a box centre are filled; the figure's attribute
        ``responsible`` lists them as (row, col).
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 2 or image.shape[0] != image.shape[1]:
        raise ValueError(
            f"image must be a square 2-D array; got shape {image.shape}"
        )
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    if labels is not None and len(labels) != len(boxes):
        raise ValueError(
            f"labels must have one entry per box ({len(boxes)}); got "
            f"{len(labels)}"
        )
    size = image.shape[0]
    cells = responsible_cells(boxes, size, grid)
    side = 3.3
    dia = Diagram(6.2, side + 0.4)
    x0, y0 = 0.2, 0.2
    scale = side / size

    # pixels (y down) -> inches
    def to_xy(x: float, y: float) -> tuple[float, float]:
        return x0 + x * scale, y0 + side - y * scale

    dia.ax.imshow(
        image,
        cmap="gray_r",
        extent=(x0, x0 + side, y0, y0 + side),
        zorder=1,
        vmin=0,
        vmax=1,
    )
    cell = side / grid
    for row, col in set(cells):
        dia.ax.add_patch(
            Rectangle(
                (x0 + col * cell, y0 + side - (row + 1) * cell),
                cell,
                cell,
                facecolor=FILLS["focus"],
                alpha=0.45,
                edgecolor="none",
                zorder=2,
            )
        )
    for i in range(grid + 1):
        dia.ax.plot(
            [x0, x0 + side],
            [y0 + i * cell] * 2,
            color=EDGE,
            linewidth=0.6,
            zorder=3,
        )
        dia.ax.plot(
            [x0 + i * cell] * 2,
            [y0, y0 + side],
            color=EDGE,
            linewidth=0.6,
            zorder=3,
        )
    for k, (x1, y1, x2, y2) in enumerate(boxes):
        left, top = to_xy(x1, y1)
        right, bottom = to_xy(x2, y2)
        dia.ax.add_patch(
            Rectangle(
                (left, bottom),
                right - left,
                top - bottom,
                fill=False,
                edgecolor=COLORS[2],
                linewidth=1.6,
                linestyle="--",
                zorder=4,
            )
        )
        dia.ax.plot(
            *to_xy((x1 + x2) / 2, (y1 + y2) / 2),
            "o",
            color=COLORS[1],
            markersize=5,
            zorder=5,
        )
        if labels is not None:
            dia.text(
                left + 0.03,
                top + 0.1,
                str(labels[k]),
                size=9,
                color=COLORS[2],
                ha="left",
            )
    tx = x0 + side + 0.3
    dia.text(
        tx, side - 0.1, rf"$S \times S$ grid, $S = {grid}$", size=10, ha="left"
    )
    dia.text(
        tx,
        side - 0.55,
        "dashed: true boxes",
        size=9,
        ha="left",
        color=COLORS[2],
    )
    dia.text(
        tx, side - 0.9, "dot: box centre", size=9, ha="left", color=COLORS[1]
    )
    dia.text(tx, side - 1.25, "yellow: responsible cell", size=9, ha="left")
    dia.text(
        tx,
        side - 1.9,
        "each cell predicts\nobjectness, box and\nclass probabilities",
        size=9,
        ha="left",
    )
    dia.fig.responsible = cells  # type: ignore[attr-defined]
    return dia.finish()
