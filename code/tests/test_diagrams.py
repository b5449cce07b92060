"""Tests of the drawing primitives behind the book's schematic figures."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle  # noqa: E402

from neurocomp.diagrams import Diagram, Node, check_count  # noqa: E402
from diagram_checks import count as _count  # noqa: E402


def test_column_draws_one_circle_per_unit_and_connect_one_arrow_per_pair():
    d = Diagram(4.0, 3.0)
    a = d.column(0.5, 3, labels=["x_1", "x_2", "x_3"], kind="input")
    b = d.column(2.5, 4)
    n = d.connect(a, b)
    fig = d.finish()
    assert _count(fig, Circle) == 7
    assert n == 12 and _count(fig, FancyArrowPatch) == 12
    ys = [u.y for u in a]
    assert ys == sorted(ys, reverse=True)  # first unit on top
    assert np.mean(ys) == pytest.approx(1.5)
    plt.close(fig)


def test_grid_cells_and_centres():
    d = Diagram(3.0, 2.0)
    g = d.grid(0.0, 0.0, values=np.arange(6).reshape(2, 3), cell=0.5, highlight=[(0, 0)])
    fig = d.finish()
    assert _count(fig, Rectangle) == 6
    assert g.center(0, 0) == pytest.approx((0.25, 0.75))  # row 0 is the top row
    assert g.center(1, 2) == pytest.approx((1.25, 0.25))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["0", "1", "2", "3", "4", "5"]
    plt.close(fig)


def test_arrows_attach_to_the_outline():
    circle = Node(0.0, 0.0, radius=0.5)
    assert circle.border((2.0, 0.0)) == pytest.approx((0.5, 0.0))
    box = Node(0.0, 0.0, width=2.0, height=1.0)
    assert box.border((0.0, 3.0)) == pytest.approx((0.0, 0.5))
    assert box.border((4.0, 1.0)) == pytest.approx((1.0, 0.25))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda d: d.node(0, 0, kind="neuron"), "kind must be one of"),
        (lambda d: d.node(0, 0, radius=-1), "radius must be a positive number"),
        (lambda d: d.column(0, 0), "n must be a positive integer"),
        (lambda d: d.column(0, 2, labels=["a"]), "one entry per unit"),
        (lambda d: d.grid(0, 0), r"shape must be \(rows, cols\)"),
        (lambda d: d.grid(0, 0, values=[1, 2]), "values must be a 2-D array"),
        (lambda d: d.frame(1, 1, 0, 2), "x0 < x1"),
        (lambda d: d.connect([], []), "at least one source"),
    ],
)
def test_bad_arguments_get_named_errors(call, match):
    d = Diagram(2.0, 2.0)
    with pytest.raises(ValueError, match=match):
        call(d)
    plt.close(d.finish())


def test_bad_sizes_and_arrow_ends():
    with pytest.raises(ValueError, match="width must be a positive number"):
        Diagram(width=0)
    d = Diagram(2.0, 2.0)
    with pytest.raises(TypeError, match="an arrow end must be a Node"):
        d.arrow("x", (1.0, 1.0))
    plt.close(d.finish())


def test_check_count_accepts_integers_in_range_and_names_bad_ones():
    assert check_count(np.int64(3), "n_units", 3, 12) == 3
    for bad in (2, 13, 3.0, True, "4"):
        with pytest.raises(ValueError, match=r"n_units must be an integer from 3 to 12; got n_units="):
            check_count(bad, "n_units", 3, 12)
