"""Tests of neurocomp.surrogate: Poisson coding, surrogate derivative, LIF cell, training."""

import numpy as np
import pytest

from neurocomp.utils import setup_tensorflow

keras = setup_tensorflow(0)
tf = pytest.importorskip("tensorflow")

from neurocomp import surrogate  # noqa: E402


def test_poisson_encode_uint8_holds_the_same_spikes():
    X = np.random.default_rng(3).random((7, 5))
    S8 = surrogate.poisson_encode(X, 6, seed=2, dtype=np.uint8)
    assert S8.dtype == np.uint8
    np.testing.assert_array_equal(S8, surrogate.poisson_encode(X, 6, seed=2))
    with pytest.raises(TypeError, match="dtype must be a numeric numpy dtype; got <U1"):
        surrogate.poisson_encode(X, 6, dtype="U1")
    with pytest.raises(TypeError, match="dtype must be a numpy dtype"):
        surrogate.poisson_encode(X, 6, dtype="spikes")


def test_poisson_encode_rates_and_seed():
    X = np.array([[0.0, 0.5, 1.0]])
    S = surrogate.poisson_encode(np.repeat(X, 2000, axis=0), 10, max_prob=0.4, seed=0)
    np.testing.assert_allclose(S.mean(axis=(0, 1)), [0.0, 0.2, 0.4], atol=0.01)
    np.testing.assert_array_equal(S, surrogate.poisson_encode(np.repeat(X, 2000, axis=0), 10,
                                                              max_prob=0.4, seed=0))
    with pytest.raises(ValueError, match="X"):
        surrogate.poisson_encode(np.array([[2.0]]), 5)
    with pytest.raises(ValueError, match="max_prob"):
        surrogate.poisson_encode(X, 5, max_prob=1.5)


def test_spike_has_exact_forward_and_surrogate_backward():
    spike = surrogate.spike_surrogate(k=2.0)
    u = tf.constant([0.5, 1.0, 1.5])
    with tf.GradientTape() as tape:
        tape.watch(u)
        s = spike(u)
    np.testing.assert_array_equal(s.numpy(), [0.0, 1.0, 1.0])
    np.testing.assert_allclose(tape.gradient(s, u).numpy(), [1 / 4, 1.0, 1 / 4], rtol=1e-6)
    with pytest.raises(ValueError, match="k must"):
        surrogate.spike_surrogate(k=-1.0)


def test_lif_cell_integrates_fires_and_resets():
    cell = surrogate.LIFCell(1, beta=0.5)
    cell.build((None, 1))
    cell.W.assign([[0.6]])
    states = [tf.zeros((1, 1)), tf.zeros((1, 1))]
    spikes, us = [], []
    for _ in range(4):
        s, states = cell(tf.ones((1, 1)), states)
        spikes.append(float(s[0, 0]))
        us.append(float(states[0][0, 0]))
    # u: 0.6, 0.9, 1.05 (spike), then reset: 0.6
    np.testing.assert_allclose(us, [0.6, 0.9, 1.05, 0.6], rtol=1e-6)
    assert spikes == [0.0, 0.0, 1.0, 0.0]
    with pytest.raises(ValueError, match="beta"):
        surrogate.LIFCell(3, beta=1.0)


def test_spiking_classifier_learns_a_rate_task():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    X = np.where(y[:, None] == 1, [0.9, 0.1], [0.1, 0.9]) * np.ones((400, 2))
    S = surrogate.poisson_encode(np.repeat(X, 5, axis=1), 15, seed=1)
    model = surrogate.build_spiking_classifier(10, 16, 2, seed=0)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(S, y, epochs=5, batch_size=50, verbose=0)
    assert model.evaluate(S, y, verbose=0)[1] > 0.9
    with pytest.raises(ValueError, match="n_classes"):
        surrogate.build_spiking_classifier(10, 16, 1)


# --- bad input: every error names the argument, before any Keras model is built ----------


def _refuse(*args, **kwargs):
    raise RuntimeError("a Keras model was built before the arguments were checked")


@pytest.fixture
def unbuilt(monkeypatch):
    """Building a Keras input or model fails: checks must come first."""
    for name in ("Input", "Model"):
        monkeypatch.setattr(keras, name, _refuse)


_X = np.full((2, 3), 0.5)

BAD_SURROGATE_CALLS = [
    (lambda: surrogate.poisson_encode(np.ones((0, 3)), 4), ValueError,
     r"X must hold at least one sample and one input; got shape \(0, 3\)"),
    (lambda: surrogate.poisson_encode(np.ones((2, 0)), 4), ValueError,
     r"X must hold at least one sample and one input; got shape \(2, 0\)"),
    (lambda: surrogate.poisson_encode(np.ones(3), 4), ValueError, "X must be 2-D"),
    (lambda: surrogate.poisson_encode(_X * np.nan, 4), ValueError, "X must contain only finite"),
    (lambda: surrogate.poisson_encode(_X - 1, 4), ValueError, r"X must lie in \[0, 1\]"),
    (lambda: surrogate.poisson_encode(_X, 0), ValueError, "n_steps must be an integer >= 1"),
    (lambda: surrogate.poisson_encode(_X, 4.0), TypeError, "n_steps must be an integer"),
    (lambda: surrogate.poisson_encode(_X, 4, max_prob=1.5), ValueError,
     r"max_prob must lie in \(0, 1\]; got max_prob=1.5"),
    (lambda: surrogate.poisson_encode(_X, 4, max_prob=0.0), ValueError,
     "max_prob must be a finite positive number"),
    (lambda: surrogate.poisson_encode(_X, 4, seed=-1), ValueError,
     "seed must be a non-negative integer"),
    (lambda: surrogate.spike_surrogate(-1.0), ValueError, "k must be a finite positive number"),
    (lambda: surrogate.spike_surrogate("a"), TypeError, "k must be a real number"),
    (lambda: surrogate.LIFCell(0), ValueError, "units must be an integer >= 1; got units=0"),
    (lambda: surrogate.LIFCell(2.5), TypeError, "units must be an integer"),
    (lambda: surrogate.LIFCell(3, beta=np.nan), ValueError, "beta must be a finite positive"),
    (lambda: surrogate.LIFCell(3, k=0.0), ValueError, "k must be a finite positive"),
    (lambda: surrogate.build_spiking_classifier(0, 3, 2), ValueError,
     "n_inputs must be an integer >= 1"),
    (lambda: surrogate.build_spiking_classifier(2, -3, 2), ValueError,
     "n_hidden must be an integer >= 1"),
    (lambda: surrogate.build_spiking_classifier(2, 3, 2.0), TypeError,
     "n_classes must be an integer"),
    (lambda: surrogate.build_spiking_classifier(2, 3, 2, beta=1.5), ValueError,
     r"beta must lie in \(0, 1\); got beta=1.5"),
    (lambda: surrogate.build_spiking_classifier(2, 3, 2, k=-1.0), ValueError,
     "k must be a finite positive number"),
    (lambda: surrogate.build_spiking_classifier(2, 3, 2, seed="x"), TypeError,
     "seed must be an int"),
]


@pytest.mark.parametrize("call, error, message", BAD_SURROGATE_CALLS)
def test_surrogate_rejects_bad_input(call, error, message, unbuilt):
    with pytest.raises(error, match=message):
        call()
