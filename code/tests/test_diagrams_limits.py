"""Tests of the schematic figures of the chapter Limits of deep learning."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyBboxPatch  # noqa: E402

from neurocomp.diagrams_limits import backprop_vs_feedback_alignment  # noqa: E402
from diagram_checks import count as _count  # noqa: E402


@pytest.mark.parametrize(("n_in", "n_hid", "n_out"), [(3, 4, 2), (2, 5, 3)])
def test_two_panels_with_the_given_layer_sizes(n_in, n_hid, n_out):
    fig = backprop_vs_feedback_alignment(n_in, n_hid, n_out)
    assert _count(fig, Circle) == 2 * (n_in + n_hid + n_out)
    assert _count(fig, FancyBboxPatch) == 4  # error and feedback box in each panel
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert r"\mathbf{B}" in texts and r"\mathbf{W}_2^{\top}" in texts
    assert fig.get_size_inches()[0] <= 6.4
    plt.close(fig)


@pytest.mark.parametrize("bad", [0, 7, 2.5, True, "3"])
def test_bad_layer_sizes_are_named(bad):
    with pytest.raises(ValueError, match="n_hidden must be an integer from 1 to 6"):
        backprop_vs_feedback_alignment(n_hidden=bad)
