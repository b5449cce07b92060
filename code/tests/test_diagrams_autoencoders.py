"""Tests of the schematic figures of the chapter Autoencoders."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402

from neurocomp.diagrams_autoencoders import (  # noqa: E402
    autoencoder_diagram,
    stacked_autoencoder_diagram,
    vae_diagram,
)
from diagram_checks import count as _count  # noqa: E402


@pytest.mark.parametrize(("n_input", "hidden", "n_code"), [(6, (4,), 2), (5, (), 3), (8, (6, 4), 2)])
def test_autoencoder_draws_every_unit_and_dense_connection(n_input, hidden, n_code):
    fig = autoencoder_diagram(n_input, hidden, n_code)
    sizes = [n_input, *hidden, n_code, *reversed(hidden), n_input]
    assert _count(fig, Circle) == sum(sizes)
    assert _count(fig, FancyArrowPatch) == sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    w, h = fig.get_size_inches()
    assert w <= 6.4
    plt.close(fig)


def test_vae_has_its_boxes_and_the_noise_unit():
    fig = vae_diagram()
    assert _count(fig, Circle) == 1  # epsilon, drawn outside the network
    # x, encoder, mu, log var, z, decoder, y and the two loss terms
    assert _count(fig, FancyBboxPatch) == 9
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "\\varepsilon" in texts and "KL" in texts
    assert fig.get_size_inches()[0] <= 6.4
    plt.close(fig)


@pytest.mark.parametrize("sizes", [(6, 4, 3), (5, 4, 3, 2)])
def test_stacked_autoencoder_draws_one_panel_per_stage(sizes):
    fig = stacked_autoencoder_diagram(sizes)
    n_stages = len(sizes) - 1
    # stage s draws the layers 0..s, its code (s + 1) and the reconstruction of layer s
    expected = sum(sum(sizes[: s + 2]) + sizes[s] for s in range(n_stages)) + sum(sizes)
    assert _count(fig, Circle) == expected
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert [f"stage {s + 1}" for s in range(n_stages)] == [t for t in labels if t.startswith("stage")]
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: autoencoder_diagram(4, (3,), 4), "n_code must be smaller than n_input"),
        (lambda: autoencoder_diagram(9, (3,), 2), "n_input must be at most 8"),
        (lambda: autoencoder_diagram(6, (4, 3, 2), 1), "at most two layers"),
        (lambda: autoencoder_diagram(6, (9,), 2), "hidden must hold sizes of at most 8"),
        (lambda: autoencoder_diagram(0, (), 1), "n_input"),
        (lambda: stacked_autoencoder_diagram((6, 4)), "two or three code layers"),
        (lambda: stacked_autoencoder_diagram((6, 8, 3)), "at most 7"),
    ],
)
def test_bad_arguments_are_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()
    plt.close("all")


def test_layer_sizes_must_be_a_sequence():
    with pytest.raises(TypeError, match="hidden must be a sequence"):
        autoencoder_diagram(6, "4", 2)
    plt.close("all")
