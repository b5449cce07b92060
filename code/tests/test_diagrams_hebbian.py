"""Tests of the schematic figures of the chapter Unsupervised Hebbian learning."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch  # noqa: E402

from neurocomp.diagrams_hebbian import (  # noqa: E402
    hebbian_neuron_diagram,
    lateral_inhibition_diagram,
    stdp_pairing_diagram,
)
from diagram_checks import count as _count, labels  # noqa: E402


def _texts(fig):
    return " ".join(labels(fig))


@pytest.mark.parametrize(("d", "oja"), [(1, True), (3, True), (5, False)])
def test_hebbian_neuron_draws_inputs_output_and_update(d, oja):
    fig = hebbian_neuron_diagram(d, oja=oja)
    assert _count(fig, Circle) == d + 1
    assert _count(fig, FancyArrowPatch) == d + 1 + 3
    assert ("Oja" in _texts(fig)) == oja
    assert fig.get_size_inches()[0] <= 6.4
    plt.close(fig)


def test_stdp_pairing_draws_two_pairs():
    fig = stdp_pairing_diagram(15.0)
    assert _count(fig, FancyArrowPatch) == 16
    text = _texts(fig)
    assert "LTP" in text and "LTD" in text
    plt.close(fig)


@pytest.mark.parametrize(("n_in", "n_out"), [(4, 3), (2, 2), (6, 4)])
def test_lateral_inhibition_counts(n_in, n_out):
    fig = lateral_inhibition_diagram(n_in, n_out)
    assert _count(fig, Circle) == n_in + n_out
    assert _count(fig, FancyArrowPatch) == n_in * n_out + n_out * (n_out - 1)
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: hebbian_neuron_diagram(0), "n_inputs must be an integer from 1 to 5"),
        (lambda: hebbian_neuron_diagram(2, oja=1), "oja must be True or False"),
        (lambda: stdp_pairing_diagram(0), r"delta_t must be a number of milliseconds"),
        (lambda: stdp_pairing_diagram(-5.0), r"delta_t must be a number of milliseconds"),
        (lambda: stdp_pairing_diagram("10"), r"delta_t must be a number of milliseconds"),
        (lambda: lateral_inhibition_diagram(3, 1), "n_outputs must be an integer from 2 to 4"),
        (lambda: lateral_inhibition_diagram(7, 2), "n_inputs must be an integer from 1 to 6"),
    ],
)
def test_bad_arguments_are_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
    plt.close("all")
