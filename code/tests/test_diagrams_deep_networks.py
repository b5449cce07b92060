"""Tests of the schematic figures of the chapter on deep neural networks."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle  # noqa: E402

from neurocomp.diagrams_deep_networks import (  # noqa: E402
    batchnorm_diagram,
    dropout_diagram,
    nesterov_diagram,
)
from diagram_checks import count as _count, labels  # noqa: E402


def _texts(fig):
    return " ".join(labels(fig))


def test_dropout_diagram_removes_the_connections_of_dropped_units():
    sizes, dropped = (3, 5, 5, 2), ((1, 3), (0, 2))
    fig = dropout_diagram(sizes, dropped)
    full = 3 * 5 + 5 * 5 + 5 * 2
    thinned = 3 * 3 + 3 * 3 + 3 * 2
    assert _count(fig, FancyArrowPatch) == full + thinned
    assert _count(fig, Circle) == 2 * sum(sizes) + 4  # dropped units get a dashed outline
    assert sum(t.get_text() == r"$\times$" for t in fig.axes[0].texts) == 4
    plt.close(fig)


def test_batchnorm_diagram_grid_is_batch_by_features():
    fig = batchnorm_diagram(batch=3, features=6)
    assert _count(fig, Rectangle) == 18
    assert _count(fig, FancyBboxPatch) == 3  # linear part, batch norm, activation
    plt.close(fig)


def test_nesterov_diagram_draws_two_steps():
    fig = nesterov_diagram()
    # per panel: mu v, gradient step, v_t; momentum also draws where its gradient is taken
    assert _count(fig, FancyArrowPatch) == 7
    assert _count(fig, Circle) == 6
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: dropout_diagram((3, 2)), "at least one hidden layer"),
        (lambda: dropout_diagram((3, 4, 2), ((0,), (1,))), "each of the 1 hidden layers"),
        (lambda: dropout_diagram((3, 4, 2), ((0, 1, 2, 3),)), "keep at least one unit"),
        (lambda: dropout_diagram((3, 4, 2), ((7,),)), "indices 0 to 3"),
        (lambda: nesterov_diagram(momentum_step=(1.0,)), "momentum_step must be a pair"),
        (lambda: nesterov_diagram(grad_ahead=(5.0, 0.0)), "grad_ahead must be a pair"),
        (lambda: batchnorm_diagram(batch=1), "batch must be an integer from 2 to 8"),
        (lambda: batchnorm_diagram(features=True), "features must be an integer"),
    ],
)
def test_bad_arguments_raise_named_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
    plt.close("all")
