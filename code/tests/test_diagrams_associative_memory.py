"""Tests of the schematic figures of the chapter Associative memory."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch  # noqa: E402

from neurocomp.diagrams_associative_memory import (  # noqa: E402
    energy_landscape,
    hopfield_network,
    mexican_hat_field,
)
from diagram_checks import count as _count  # noqa: E402


@pytest.mark.parametrize("n", [2, 4, 7])
def test_hopfield_network_draws_units_and_one_line_per_pair(n):
    fig = hopfield_network(n, bias=True)
    assert _count(fig, Circle) == n
    assert _count(fig, FancyArrowPatch) == n * (n - 1) // 2 + n  # pairs + bias inputs
    plt.close(fig)
    fig = hopfield_network(n, bias=False)
    assert _count(fig, FancyArrowPatch) == n * (n - 1) // 2
    plt.close(fig)


def test_hopfield_network_bad_arguments():
    with pytest.raises(ValueError, match="n_units must be an integer from 2 to 8"):
        hopfield_network(1)
    with pytest.raises(TypeError, match="bias must be True or False"):
        hopfield_network(3, bias="yes")


def test_energy_landscape_draws_one_marker_per_valley_and_a_ball():
    minima = [(1.0, 0.8, r"\xi^1"), (3.0, 0.4, "m"), (5.0, 1.0, r"\xi^2")]
    fig = energy_landscape(minima, ball_at=2.0)
    assert _count(fig, Circle) == len(minima) + 1
    assert len(fig.axes[0].collections) == len(minima)  # one shaded basin per valley
    plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"minima": []}, "1 to 4"), ({"minima": [(0.1, 0.5, "a")]}, "each minimum"),
     ({"minima": [(3.0, 0.5, "a"), (2.0, 0.5, "b")]}, "increasing order"),
     ({"ball_at": 9.0}, "ball_at must be a number")],
)
def test_energy_landscape_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        energy_landscape(**kwargs)


def test_mexican_hat_field_draws_units_and_one_connection_per_other_unit():
    fig = mexican_hat_field(9, active=[3, 4, 5], source=4, reach=1)
    assert _count(fig, Circle) == 9
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == 8
    assert sum(a.get_linestyle() == "-" for a in arrows) == 2  # the two excitatory ones
    plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"n_units": 3}, "n_units must be"), ({"active": [2, 4]}, "consecutive"),
     ({"source": 20}, "source must be"), ({"reach": 0}, "reach must be")],
)
def test_mexican_hat_field_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        mexican_hat_field(**kwargs)
