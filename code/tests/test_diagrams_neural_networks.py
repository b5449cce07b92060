"""Tests of the schematic figures of the chapter on artificial neural networks."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402

from neurocomp.diagrams_neural_networks import backprop_graph, mlp_diagram  # noqa: E402
from diagram_checks import count as _count, labels  # noqa: E402


def _texts(fig):
    return " ".join(labels(fig))


@pytest.mark.parametrize("sizes", [(3, 4, 4, 2), (2, 3, 1), (4, 2)])
def test_mlp_diagram_draws_every_unit_and_connection(sizes):
    fig = mlp_diagram(sizes)
    n_conn = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    # one circle per unit plus the highlighted unit drawn again on top
    assert _count(fig, Circle) == sum(sizes) + 1
    assert _count(fig, FancyArrowPatch) == n_conn + 2  # connections, forward and backward arrow
    for layer in range(1, len(sizes)):
        assert rf"\mathbf{{W}}^{{({layer})}}" in _texts(fig)
    assert fig.get_figwidth() <= 6.4
    plt.close(fig)


@pytest.mark.parametrize("n_layers", [1, 2, 3])
def test_backprop_graph_has_one_module_per_layer(n_layers):
    fig = backprop_graph(n_layers)
    assert _count(fig, Circle) == 2 * n_layers + 2  # x, z and h per layer, t
    texts = _texts(fig)
    for layer in range(1, n_layers + 1):
        assert rf"\boldsymbol{{\delta}}^{{({layer})}}" in texts
    # boxes: per layer linear, activation, parameters, delta, parameter gradient; the loss,
    # the seed 1, and dl/dh between layers
    assert _count(fig, FancyBboxPatch) == 5 * n_layers + 2 + (n_layers - 1)
    assert fig.get_figwidth() <= 6.4
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: mlp_diagram((3,)), "at least two layer sizes"),
        (lambda: mlp_diagram((3, 0, 2)), "integers from 1 to 6"),
        (lambda: mlp_diagram("32"), "sequence of at least two"),
        (lambda: backprop_graph(0), "n_layers must be an integer from 1 to 3"),
        (lambda: backprop_graph(2.0), "n_layers must be an integer"),
    ],
)
def test_bad_arguments_raise_named_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
    plt.close("all")
