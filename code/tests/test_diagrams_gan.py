"""Tests of the schematic figures of the GAN chapter."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch  # noqa: E402

from neurocomp.diagrams import BACKWARD, FORWARD, OTHER  # noqa: E402
from neurocomp.diagrams_gan import gan_diagram  # noqa: E402


def _arrows(fig, color):
    return [p for p in fig.axes[0].patches
            if isinstance(p, FancyArrowPatch) and to_hex(p.get_edgecolor()) == color.lower()]


@pytest.mark.parametrize("conditional", [False, True])
def test_gan_diagram_draws_both_players_and_both_loss_flows(conditional):
    fig = gan_diagram(conditional)
    circles = [p for p in fig.axes[0].patches if isinstance(p, Circle)]
    assert len(circles) == (2 if conditional else 1)  # z, and c when conditional
    assert len(_arrows(fig, FORWARD)) == 6  # z→G→G(z)→D, x→D, D→both losses
    assert len(_arrows(fig, BACKWARD)) == 3  # L_D→D; L_G→D→G
    assert len(_arrows(fig, OTHER)) == (5 if conditional else 0)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert ("mathbf{c}" in texts) == conditional
    plt.close(fig)


def test_gan_diagram_rejects_a_non_boolean():
    with pytest.raises(TypeError, match="conditional must be True or False"):
        gan_diagram("yes")
