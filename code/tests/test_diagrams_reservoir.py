"""Tests of the schematic figures of the chapter Reservoir computing."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402

from neurocomp.diagrams_reservoir import (  # noqa: E402
    esn_diagram,
    force_diagram,
    recurrent_pairs,
    reservoir_positions,
)
from diagram_checks import count as _count  # noqa: E402


@pytest.mark.parametrize(("k", "n", "m", "feedback"), [(1, 8, 1, True), (2, 6, 1, False),
                                                       (3, 4, 2, False)])
def test_esn_draws_its_units_and_weights(k, n, m, feedback):
    fig = esn_diagram(k, n, m, feedback=feedback)
    assert _count(fig, Circle) == k + n + m
    arrows = k * n + len(recurrent_pairs(n)) + n * m + (m if feedback else 0)
    assert _count(fig, FancyArrowPatch) == arrows
    assert fig.get_size_inches()[0] <= 6.4
    plt.close(fig)


def test_force_draws_network_output_and_error_path():
    fig = force_diagram(7)
    assert _count(fig, Circle) == 8
    assert _count(fig, FancyArrowPatch) == len(recurrent_pairs(7)) + 7 + 1 + 4
    # a frame plus three boxes (target, error, RLS)
    assert _count(fig, FancyBboxPatch) == 4
    plt.close(fig)


def test_recurrent_pattern_and_ring():
    assert recurrent_pairs(3) == [(0, 1), (1, 2), (2, 0)]
    assert len(recurrent_pairs(8)) == 16
    assert all(i != j for i, j in recurrent_pairs(12))
    pos = reservoir_positions(4, (0.0, 0.0), 1.0)
    assert pos[0] == pytest.approx((0.0, 1.0))  # first unit on top
    assert pos[1] == pytest.approx((1.0, 0.0))  # then clockwise


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: esn_diagram(0), "n_inputs must be an integer from 1 to 4"),
        (lambda: esn_diagram(1, 2), "n_units must be an integer from 3 to 12"),
        (lambda: esn_diagram(1, 5, 4), "n_outputs must be an integer from 1 to 3"),
        (lambda: esn_diagram(2, 5, 1, feedback=True), "feedback needs n_outputs == n_inputs"),
        (lambda: esn_diagram(1, 5, 1, feedback="yes"), "feedback must be True or False"),
        (lambda: force_diagram(2.5), "n_units must be an integer"),
        (lambda: recurrent_pairs(True), "n_units must be an integer"),
    ],
)
def test_bad_arguments_are_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
    plt.close("all")
