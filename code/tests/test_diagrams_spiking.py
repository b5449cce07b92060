"""Tests of the schematic figures of the chapter on spiking networks."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch  # noqa: E402

from neurocomp import diagrams_spiking as ds  # noqa: E402


def _circles(fig):
    return sum(isinstance(p, Circle) for p in fig.axes[0].patches)


@pytest.mark.parametrize("n_hidden", [2, 4, 6])
def test_ann_to_snn_draws_both_networks(n_hidden):
    fig = ds.ann_to_snn(n_hidden)
    assert _circles(fig) == 2 * (3 + n_hidden)
    arrows = sum(isinstance(p, FancyArrowPatch) for p in fig.axes[0].patches)
    assert arrows == 2 * 3 * n_hidden + 2  # two dense layers and the two stage arrows
    plt.close(fig)


def test_circuit_and_populations_draw():
    for fig in (ds.lif_circuit(), ds.brunel_populations()):
        assert fig.axes[0].patches
        plt.close(fig)


def test_surrogate_panel_shows_the_formula():
    fig = ds.surrogate_derivative(k=4.0)
    line = fig.axes[1].lines[1]
    u, y = line.get_data()
    np.testing.assert_allclose(y, 1 / (1 + 4.0 * np.abs(u - 1)) ** 2)
    assert y.max() == pytest.approx(1.0, abs=1e-3)
    plt.close(fig)


def test_bad_arguments():
    with pytest.raises(ValueError, match="n_hidden must be at most 6"):
        ds.ann_to_snn(7)
    with pytest.raises(ValueError, match="n_hidden"):
        ds.ann_to_snn(1)
    with pytest.raises(ValueError, match="k must be a finite positive number"):
        ds.surrogate_derivative(k=0)


@pytest.mark.parametrize("n_maps", [2, 4, 6])
def test_stdp_pipeline_draws_one_grid_per_map(n_maps):
    from matplotlib.patches import Rectangle

    fig = ds.stdp_conv_pipeline(n_maps)
    cells = sum(isinstance(p, Rectangle) and not isinstance(p, FancyArrowPatch)
                for p in fig.axes[0].patches)
    assert cells == 6 * 6 + n_maps * 4 * 4  # the image and n_maps feature maps
    arrows = sum(isinstance(p, FancyArrowPatch) for p in fig.axes[0].patches)
    assert arrows == 7  # five between the six stages, the STDP loop and the output
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "STDP" in texts and "max pooling" in texts
    plt.close(fig)


def test_stdp_pipeline_bad_arguments():
    with pytest.raises(ValueError, match="n_maps must be at most 6"):
        ds.stdp_conv_pipeline(7)
    with pytest.raises(ValueError, match="n_maps"):
        ds.stdp_conv_pipeline(1)
    with pytest.raises(TypeError, match="n_maps"):
        ds.stdp_conv_pipeline(2.5)
