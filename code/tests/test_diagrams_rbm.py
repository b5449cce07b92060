"""Tests of the schematic figures of the chapter Restricted Boltzmann machines."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402

from neurocomp.diagrams_rbm import dbn_diagram, gibbs_chain_diagram, rbm_diagram  # noqa: E402


def _patches(fig, kind):
    return [p for p in fig.axes[0].patches if isinstance(p, kind)]


@pytest.mark.parametrize(("n_v", "n_h"), [(5, 3), (2, 4), (8, 8)])
def test_rbm_is_complete_bipartite_and_undirected(n_v, n_h):
    fig = rbm_diagram(n_v, n_h)
    assert len(_patches(fig, Circle)) == n_v + n_h
    edges = _patches(fig, FancyArrowPatch)
    assert len(edges) == n_v * n_h
    assert all(e.get_arrowstyle().__class__.__name__ == "Curve" for e in edges)  # no heads
    assert fig.get_size_inches()[0] <= 6.4
    plt.close(fig)


@pytest.mark.parametrize("k", [1, 2, 4])
def test_gibbs_chain_has_k_steps(k):
    fig = gibbs_chain_diagram(k)
    assert len(_patches(fig, FancyBboxPatch)) == 2 * (k + 1)
    assert len(_patches(fig, FancyArrowPatch)) == 2 * k + 1
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert f"v}}^{{({k})}}" in texts and f"k={k}" in texts
    plt.close(fig)


def test_dbn_top_pair_undirected_lower_pairs_directed():
    sizes = (5, 4, 4, 3)
    fig = dbn_diagram(sizes)
    assert len(_patches(fig, Circle)) == sum(sizes)
    lines = _patches(fig, FancyArrowPatch)
    n_edges = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    assert len(lines) == n_edges + 1  # every connection and the one direction arrow
    plt.close(fig)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: rbm_diagram(9, 3), "n_visible must be at most 8"),
        (lambda: rbm_diagram(3, 0), "n_hidden"),
        (lambda: gibbs_chain_diagram(5), "k must be at most 4"),
        (lambda: gibbs_chain_diagram(0), "k"),
        (lambda: dbn_diagram((5, 4)), "3 to 5 layers"),
        (lambda: dbn_diagram((5, 9, 3)), "at most 7 units"),
    ],
)
def test_bad_arguments_are_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()
    plt.close("all")


def test_dbn_sizes_must_be_a_sequence():
    with pytest.raises(TypeError, match="layer_sizes must be a sequence"):
        dbn_diagram(5)
