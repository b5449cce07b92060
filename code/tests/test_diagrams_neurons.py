"""Tests of the schematics of Parts I-II: the artificial neuron and the perceptron network."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch  # noqa: E402

from neurocomp.diagrams_linear import perceptron_network  # noqa: E402
from neurocomp.diagrams_neurons import artificial_neuron, input_labels  # noqa: E402
from diagram_checks import count as _count, labels as _texts  # noqa: E402


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_artificial_neuron_draws_its_inputs_weights_bias_and_output(n):
    fig = artificial_neuron(n)
    assert _count(fig, Circle) == n + 3          # inputs, sum node, bias unit, output
    assert _count(fig, FancyArrowPatch) == n + 3  # one per weight, bias, z and y
    texts = _texts(fig)
    assert "$w_1$" in texts and "$b$" in texts and "$z$" in texts and r"$\varphi$" in texts
    assert ("$w_d$" in texts) == (n >= 3) and ("$x_d$" in texts) == (n >= 3)
    assert fig.get_figwidth() <= 6.4
    plt.close(fig)


def test_artificial_neuron_biology_row_is_optional():
    with_bio, without = artificial_neuron(3), artificial_neuron(3, biology=False)
    assert "soma" in _texts(with_bio) and "soma" not in _texts(without)
    plt.close(with_bio)
    plt.close(without)


@pytest.mark.parametrize("n", [1, 2, 4, 6])
def test_perceptron_network_draws_one_connection_per_input_and_the_bias(n):
    fig = perceptron_network(n, learning=False)
    assert _count(fig, Circle) == n + 3           # inputs, bias unit, sgn unit, output y
    assert _count(fig, FancyArrowPatch) == n + 2  # n weights, the bias, sgn -> y
    plt.close(fig)
    fig = perceptron_network(n)
    assert _count(fig, Circle) == n + 3           # inputs, bias, sgn unit, target t
    assert _count(fig, FancyArrowPatch) == n + 1 + 5
    assert "$t$" in _texts(fig) and fig.get_figwidth() <= 6.4
    plt.close(fig)


def test_input_labels_name_the_last_input_x_d():
    assert input_labels(2) == ["x_1", "x_2"]
    assert input_labels(4, "u") == ["u_1", "u_2", "u_3", "u_d"]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: artificial_neuron(0), ValueError, "n_inputs must be an integer from 1 to 6"),
        (lambda: artificial_neuron(7), ValueError, "got n_inputs=7"),
        (lambda: artificial_neuron(2.5), ValueError, "n_inputs must be an integer"),
        (lambda: artificial_neuron(True), ValueError, "n_inputs must be an integer"),
        (lambda: artificial_neuron(3, biology="yes"), TypeError, "biology must be True or False"),
        (lambda: perceptron_network(-1), ValueError, "n_inputs must be an integer from 1 to 6"),
        (lambda: perceptron_network(2, learning=1), TypeError, "learning must be True or False"),
        (lambda: input_labels(3, ""), TypeError, "symbol must be a non-empty string"),
    ],
)
def test_bad_arguments_get_named_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
    plt.close("all")
