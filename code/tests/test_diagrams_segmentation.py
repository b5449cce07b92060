"""Tests of the schematic figures of the segmentation chapter."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle  # noqa: E402

from neurocomp.diagrams_segmentation import transposed_convolution_diagram, unet_diagram  # noqa: E402


def _patches(fig, kind):
    return [p for p in fig.axes[0].patches if isinstance(p, kind)]


def test_transposed_convolution_draws_input_kernel_and_stamped_output():
    y, kernel = np.array([[1.0, 2.0], [3.0, 1.0]]), np.arange(9.0).reshape(3, 3)
    fig = transposed_convolution_diagram(y, kernel, stride=2)
    cells = [p for p in _patches(fig, Rectangle) if p.get_facecolor()[3] > 0]
    assert len(cells) == 4 + 9 + 25  # 2x2 input, 3x3 kernel, 5x5 output
    outlined = [p for p in _patches(fig, Rectangle) if p.get_facecolor()[3] == 0]
    assert len(outlined) == 9  # with K = 3 and s = 2, row 2 and column 2 get two stamps
    texts = [t.get_text() for t in fig.axes[0].texts]
    # the output's centre pixel sums the four stamps: y00·w22 + y01·w20 + y10·w02 + y11·w00
    assert str(int(1 * 8 + 2 * 6 + 3 * 2 + 1 * 0)) in texts
    plt.close(fig)


def test_transposed_convolution_with_stride_equal_to_kernel_has_no_overlap():
    fig = transposed_convolution_diagram(np.ones((2, 2)), np.ones((2, 2)), stride=2)
    assert not [p for p in _patches(fig, Rectangle) if p.get_facecolor()[3] == 0]
    plt.close(fig)


@pytest.mark.parametrize("filters", [(8, 16), (8, 16, 32), (4, 8, 16, 32)])
def test_unet_draws_one_box_per_stage_and_one_skip_per_level(filters):
    levels = len(filters)
    fig = unet_diagram(filters, size=48, n_classes=4)
    boxes = _patches(fig, FancyBboxPatch)
    assert len(boxes) == 2 * (levels - 1) + 1 + 2  # encoder, decoder, bottom, image, output
    dashed = [a for a in _patches(fig, FancyArrowPatch) if a.get_linestyle() == "--"]
    assert len(dashed) == levels - 1
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert f"{48 // 2 ** (levels - 1)}×{48 // 2 ** (levels - 1)}×{filters[-1]}" in texts
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: transposed_convolution_diagram(np.ones((4, 4))), "y must be a 2-D array"),
        (lambda: transposed_convolution_diagram(kernel=np.ones(3)), "kernel must be a 2-D array"),
        (lambda: transposed_convolution_diagram(stride=0), "stride must be an integer"),
        (lambda: transposed_convolution_diagram([[np.nan]]), "finite"),
        (lambda: unet_diagram((8,)), "filters must be 2 to 4"),
        (lambda: unet_diagram((8, 16), size=47), "divisible by 2"),
        (lambda: unet_diagram(n_classes=0), "n_classes must be a positive integer"),
    ],
)
def test_bad_arguments_get_named_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
    plt.close("all")
