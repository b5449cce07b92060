"""Tests of the schematic figures of the CNN chapter."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle  # noqa: E402

from neurocomp import diagrams_cnn as dc  # noqa: E402
from neurocomp.cnn import conv_output_size, receptive_field  # noqa: E402
from diagram_checks import count as _count, labels as _texts  # noqa: E402


@pytest.mark.parametrize("config", [(5, 3, 1, 2, 1), (7, 3, 0, 1, 2), (6, 2, 0, 2, 1)])
def test_convolution_draws_input_kernel_and_output_of_the_formula(config):
    n, k, p, s, d = config
    fig = dc.convolution_diagram([config])
    o = conv_output_size(n, k, s, p, d)   # the package's formula, written independently
    texts = _texts(fig)
    assert f"output $O={o}$" in texts
    # the padded input, the kernel and the output: one square per cell at least
    assert _count(fig, Rectangle) >= (n + 2 * p) ** 2 + k * k + o * o
    assert _count(fig, FancyArrowPatch) == 2
    plt.close(fig)


def test_max_pooling_keeps_the_maximum_of_each_window():
    values = np.arange(16.0).reshape(4, 4)[::-1]
    fig = dc.max_pooling_diagram(values, k=2, stride=2)
    expected = values.reshape(2, 2, 2, 2).max(axis=(1, 3))
    np.testing.assert_array_equal(fig.pooled, expected)
    plt.close(fig)


def test_lenet5_draws_one_label_per_layer():
    fig = dc.lenet5_diagram()
    texts = _texts(fig)
    for name in ("input", "C1", "S2", "C3", "S4", "C5", "F6", "output"):
        assert name in texts
    assert fig.n_layers == 8 and _count(fig, FancyArrowPatch) == 7
    plt.close(fig)


def test_blocks_draw():
    fig = dc.residual_block_diagram()
    assert _count(fig, Circle) == 3 and _count(fig, FancyArrowPatch) == 6
    plt.close(fig)
    fig = dc.inception_diagram()
    texts = _texts(fig)
    assert texts.count("1×1 conv") == 4 and "5×5 conv" in texts and "3×3 max pool" in texts
    assert _count(fig, FancyArrowPatch) == 4 + 3 + 4
    plt.close(fig)


@pytest.mark.parametrize(("kernels", "strides", "dilations", "causal"), [
    ((3, 3, 3), None, None, False), ((3, 3, 3), (1, 2, 1), None, False),
    ((2, 2, 2, 2), None, (1, 2, 4, 8), True), ((3, 3), None, (1, 2), False)])
def test_receptive_field_highlights_r_inputs(kernels, strides, dilations, causal):
    fig = dc.receptive_field_diagram(kernels, strides, dilations, causal=causal)
    r = receptive_field(list(kernels), strides, dilations)[-1][0]
    assert fig.field == r
    assert _count(fig, Circle) > r
    plt.close(fig)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: dc.convolution_diagram([]), "configs must be a non-empty"),
    (lambda: dc.convolution_diagram([(5, 3, 1)]), r"each config must be \(N, K, P, s, d\)"),
    (lambda: dc.convolution_diagram([(2, 5, 0, 1, 1)]), "does not fit"),
    (lambda: dc.convolution_diagram([(5, 3, -1, 1, 1)]), "P must be an integer >= 0"),
    (lambda: dc.max_pooling_diagram(np.zeros(4)), "values must be a 2-D array"),
    (lambda: dc.max_pooling_diagram(k=3, stride=2), "stride must be >= k"),
    (lambda: dc.lenet5_diagram([("input", 1, 32)]), "at least two layers"),
    (lambda: dc.receptive_field_diagram(()), "at least one layer"),
    (lambda: dc.receptive_field_diagram((3, 3), strides=(1,)), "one entry per layer"),
    (lambda: dc.receptive_field_diagram((3, 0)), "kernel must be an integer >= 1"),
])
def test_bad_arguments_get_named_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
    plt.close("all")


@pytest.mark.parametrize("n_layers", [1, 3, 4])
def test_dense_block_draws_every_concatenation(n_layers):
    fig = dc.dense_block_diagram(n_layers)
    assert _count(fig, Circle) == n_layers + 1
    assert _count(fig, FancyArrowPatch) == 2 * n_layers + n_layers * (n_layers - 1) // 2
    plt.close(fig)
    with pytest.raises(ValueError, match="n_layers must be"):
        dc.dense_block_diagram(5)
