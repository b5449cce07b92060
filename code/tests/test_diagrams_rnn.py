"""Tests of the schematic figures of the RNN chapter (headless)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402

from neurocomp.diagrams_rnn import (  # noqa: E402
    gru_cell, lstm_cell, unrolled_rnn, word2vec_architectures,
)
from diagram_checks import count as _count, labels as _texts  # noqa: E402


@pytest.mark.parametrize("steps", [1, 3, 4])
def test_unrolled_rnn_draws_three_units_per_step_and_the_initial_state(steps):
    fig = unrolled_rnn(steps)
    assert _count(fig, Circle) == 3 * steps + 1
    # forward: x->h, h->y, h_(t-1)->h_t per step; backward: e_t per step, delta between steps
    assert _count(fig, FancyArrowPatch) == 3 * steps + steps + (steps - 1)
    plt.close(fig)
    fig = unrolled_rnn(steps, backward=False)
    assert _count(fig, FancyArrowPatch) == 3 * steps
    assert fig.get_size_inches()[0] <= 6.4 + 1e-9
    plt.close(fig)


def test_unrolled_rnn_rejects_bad_arguments():
    with pytest.raises(ValueError, match="steps"):
        unrolled_rnn(0)
    with pytest.raises(ValueError, match="steps"):
        unrolled_rnn(5)
    with pytest.raises(ValueError, match="steps"):
        unrolled_rnn(2.5)
    with pytest.raises(TypeError, match="backward"):
        unrolled_rnn(3, backward="yes")


def test_lstm_cell_has_four_gate_layers_and_the_gate_labels():
    fig = lstm_cell()
    texts = _texts(fig)
    assert sum(t in (r"$\sigma$", "tanh") for t in texts) == 5   # 4 gate layers + tanh(c)
    for gate in ("i", "f", "g", "o"):
        assert rf"$\mathbf{{{gate}}}_t$" in texts
    assert r"$\mathbf{c}_{t-1}$" in texts and r"$\mathbf{c}_t$" in texts
    assert _count(fig, Circle) == 4                                # ×, +, ×, ×
    assert fig.get_size_inches()[0] <= 6.4
    plt.close(fig)


def test_gru_cell_has_two_gates_and_a_candidate():
    fig = gru_cell()
    texts = _texts(fig)
    assert texts.count(r"$\sigma$") == 2 and texts.count("tanh") == 1
    assert r"$\mathbf{u}_t$" in texts and r"$\mathbf{r}_t$" in texts
    assert r"$\mathbf{z}_t$" not in texts                          # z_t is the RNN net input
    plt.close(fig)


@pytest.mark.parametrize("window", [1, 2, 3])
def test_word2vec_draws_the_context_words_of_both_models(window):
    fig = word2vec_architectures(window)
    texts = _texts(fig)
    assert texts.count(r"$w_t$") == 2
    assert sum(t.startswith("$w_{t") for t in texts) == 2 * 2 * window
    # 2 centre words, 2 projections, 2 * 2 * window context boxes (and 2 frames)
    assert _count(fig, FancyBboxPatch) == 4 + 4 * window + 2
    plt.close(fig)


def test_word2vec_rejects_a_bad_window():
    with pytest.raises(ValueError, match="window"):
        word2vec_architectures(0)


@pytest.mark.parametrize("steps", [1, 2, 4])
def test_bidirectional_rnn_has_two_states_per_step(steps):
    from neurocomp.diagrams_rnn import bidirectional_rnn

    fig = bidirectional_rnn(steps)
    assert _count(fig, Circle) == 4 * steps            # x, forward h, backward h, y
    # 4 per step, plus one forward and one backward link between neighbouring steps
    assert _count(fig, FancyArrowPatch) == 4 * steps + 2 * (steps - 1)
    assert fig.get_size_inches()[0] <= 6.4
    plt.close(fig)
    with pytest.raises(ValueError, match="steps"):
        bidirectional_rnn(5)


@pytest.mark.parametrize("n_source, n_target", [(1, 1), (3, 2), (2, 3)])
def test_seq2seq_draws_the_source_and_the_target_with_start_and_end(n_source, n_target):
    from neurocomp.diagrams_rnn import seq2seq_rnn

    fig = seq2seq_rnn(n_source, n_target)
    assert _count(fig, Circle) == 2 * n_source + 3 * n_target
    texts = _texts(fig)
    assert "<s>" in texts and "</s>" in texts
    plt.close(fig)
    with pytest.raises(ValueError, match="n_target"):
        seq2seq_rnn(2, 0)
