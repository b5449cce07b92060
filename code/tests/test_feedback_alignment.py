"""Tests of neurocomp.feedback_alignment: gradients, alignment, learning and bad input."""

import numpy as np
import pytest

from neurocomp.classification import one_hot
from neurocomp.feedback_alignment import TwoLayerNetwork, alignment_angle


def _blobs(n=300, d=6, k=3, seed=0):
    """Three well-separated Gaussian clusters: a problem any working learner solves."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(0.0, 3.0, size=(k, d))
    y = rng.integers(0, k, size=n)
    return centres[y] + rng.normal(size=(n, d)), y


def _loss(net, X, T):
    _, Y = net.forward(X)
    return -np.mean(np.sum(T * np.log(Y), axis=1))


def test_alignment_angle_known_values():
    A = np.array([[1.0, 0.0], [0.0, 0.0]])
    assert alignment_angle(A, A) == pytest.approx(0.0, abs=1e-6)
    assert alignment_angle(A, -A) == pytest.approx(180.0)
    assert alignment_angle(A, np.array([[0.0, 2.0], [0.0, 0.0]])) == pytest.approx(90.0)
    assert alignment_angle([1.0, 1.0], [1.0, 0.0]) == pytest.approx(45.0)


def test_alignment_angle_of_independent_random_matrices_is_near_90():
    rng = np.random.default_rng(1)
    assert abs(alignment_angle(rng.normal(size=(200, 10)), rng.normal(size=(200, 10))) - 90) < 5


def test_backprop_gradients_equal_finite_differences():
    X, y = _blobs(n=7, d=5)
    T = one_hot(y, 3)
    net = TwoLayerNetwork(n_hidden=4, rule="backprop", seed=0).initialize(5, 3)
    grads = net.gradients(X, T)
    h = 1e-6
    for name in ("W1", "b1", "W2", "b2"):
        P = getattr(net, name)
        numeric = np.zeros_like(P)
        for idx in np.ndindex(P.shape):
            old = P[idx]
            P[idx] = old + h
            up = _loss(net, X, T)
            P[idx] = old - h
            down = _loss(net, X, T)
            P[idx] = old
            numeric[idx] = (up - down) / (2 * h)
        np.testing.assert_allclose(grads[name], numeric, atol=1e-8, err_msg=name)


def test_feedback_rule_differs_only_in_the_hidden_error():
    X, y = _blobs(n=10, d=5)
    T = one_hot(y, 3)
    bp = TwoLayerNetwork(n_hidden=4, rule="backprop", seed=3).initialize(5, 3)
    fa = TwoLayerNetwork(n_hidden=4, rule="feedback", seed=3).initialize(5, 3)
    g_bp, g_fa = bp.gradients(X, T), fa.gradients(X, T)
    np.testing.assert_allclose(g_fa["W2"], g_bp["W2"])
    np.testing.assert_allclose(g_fa["b2"], g_bp["b2"])
    assert not np.allclose(g_fa["W1"], g_bp["W1"])
    # with B equal to W2 transposed, feedback alignment is backpropagation
    fa.B = fa.W2.T.copy()
    np.testing.assert_allclose(fa.gradients(X, T)["W1"], g_bp["W1"])


@pytest.mark.parametrize("rule", ["backprop", "feedback"])
def test_both_rules_learn_separable_clusters(rule):
    X, y = _blobs()
    net = TwoLayerNetwork(n_hidden=32, rule=rule, learning_rate=0.1, n_epochs=20,
                          batch_size=16, seed=0).fit(X, y)
    assert net.score(X, y) > 0.95
    assert net.history["loss"][-1] < net.history["loss"][0]


def test_feedback_alignment_aligns_forward_weights_with_feedback():
    X, y = _blobs(n=400, d=20, k=5, seed=2)
    fa = TwoLayerNetwork(n_hidden=64, rule="feedback", learning_rate=0.1, n_epochs=20,
                         batch_size=16, record_every=10, seed=1).fit(X, y)
    angles = np.array(fa.history["weight_angle"])
    assert abs(angles[0] - 90) < 15
    assert angles[-1] < angles[0] - 10
    assert angles[-1] == pytest.approx(alignment_angle(fa.W2.T, fa.B))


def test_same_seed_same_result_and_shapes():
    X, y = _blobs(n=50)
    a = TwoLayerNetwork(n_hidden=8, n_epochs=2, seed=5).fit(X, y)
    b = TwoLayerNetwork(n_hidden=8, n_epochs=2, seed=5).fit(X, y)
    np.testing.assert_array_equal(a.W1, b.W1)
    assert a.W1.shape == (8, 6) and a.W2.shape == (3, 8) and a.B.shape == (8, 3)
    assert a.predict_proba(X).shape == (50, 3)
    np.testing.assert_allclose(a.predict_proba(X).sum(1), 1.0)


def test_fit_on_float32_inputs_equals_fit_on_their_float64_copy():
    X, y = _blobs(n=60)
    X32 = X.astype(np.float32)  # fit converts batch by batch instead of copying X to float64
    a = TwoLayerNetwork(n_hidden=8, n_epochs=2, batch_size=16, seed=5).fit(X32, y)
    b = TwoLayerNetwork(n_hidden=8, n_epochs=2, batch_size=16, seed=5).fit(
        X32.astype(np.float64), y)
    for name in ("W1", "b1", "W2", "b2"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert a.history == b.history
    X_big = np.random.default_rng(0).normal(size=(2500, 6)).astype(np.float32)  # 3 chunks
    np.testing.assert_allclose(a.predict_proba(X_big), a.forward(X_big.astype(float))[1],
                               rtol=1e-12)
    with pytest.raises(TypeError, match="X must hold numbers; got an array of dtype <U1"):
        TwoLayerNetwork(n_hidden=4).fit(np.full((4, 2), "a"), [0, 1, 0, 1])


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="rule"):
        TwoLayerNetwork(rule="hebb")
    with pytest.raises(ValueError, match="learning_rate"):
        TwoLayerNetwork(learning_rate=-1.0)
    with pytest.raises(TypeError, match="n_hidden"):
        TwoLayerNetwork(n_hidden=2.5)
    with pytest.raises(ValueError, match="batch_size"):
        TwoLayerNetwork(batch_size=0)
    with pytest.raises(RuntimeError, match="not fitted"):
        TwoLayerNetwork().predict(np.zeros((2, 3)))
    X, y = _blobs(n=20)
    net = TwoLayerNetwork(n_hidden=4, n_epochs=1, seed=0).fit(X, y)
    with pytest.raises(ValueError, match="columns"):
        net.predict(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="same number of samples"):
        net.fit(X, y[:-1])
    with pytest.raises(ValueError, match="T must have shape"):
        net.gradients(X, np.ones((20, 5)))
    with pytest.raises(ValueError, match="same shape"):
        alignment_angle(np.ones((2, 3)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="non-zero"):
        alignment_angle(np.zeros(3), np.ones(3))


# --- bad-input audit (issue 11): one call per error path ------------------------------------

_XF, _YF = _blobs(n=12, d=3)
_NET = TwoLayerNetwork(n_hidden=4, n_epochs=1, batch_size=4, seed=0).initialize(3, 3)

BAD_FEEDBACK_CALLS = [
    (lambda: TwoLayerNetwork(seed=-1), ValueError, "seed must be a non-negative integer"),
    (lambda: TwoLayerNetwork(seed="x"), TypeError, "seed must be an int"),
    (lambda: TwoLayerNetwork().hidden_error(np.ones((2, 3)), np.ones((2, 4))), RuntimeError,
     r"TwoLayerNetwork is not fitted yet: call fit\(X, y\)"),
    (lambda: _NET.hidden_error(np.ones((2, 2)), np.ones((2, 4))), ValueError,
     r"E must have shape \(N, 3\) and H shape \(N, 4\) with the same N; got \(2, 2\) and "
     r"\(2, 4\)"),
    (lambda: _NET.hidden_error(np.ones((2, 3)), np.ones((3, 4))), ValueError,
     r"E must have shape \(N, 3\) and H shape \(N, 4\)"),
    (lambda: _NET.hidden_error(np.full((2, 3), np.nan), np.ones((2, 4))), ValueError,
     "E must contain only finite values"),
    (lambda: _NET.hidden_error(np.ones(3), np.ones((1, 4))), ValueError, "E must be 2-D"),
    (lambda: _NET.gradients(_XF, _YF), ValueError, "T must be 2-D"),
    (lambda: _NET.gradients(_XF, np.eye(3)[_YF][:4]), ValueError,
     "X and T must have the same number of samples; got X with 12 rows and T with 4"),
    (lambda: _NET.score(_XF, _YF + 0.5), ValueError, "y must hold non-negative integer"),
    (lambda: _NET.score(_XF, _YF[:3]), ValueError,
     "X and y must have the same number of samples; got X with 12 rows and y with 3"),
    (lambda: _NET.forward(np.ones((0, 3))), ValueError, "X needs at least 1 samples; got 0"),
    (lambda: TwoLayerNetwork(n_hidden=4).fit(np.zeros((12, 0)), _YF), ValueError,
     r"X must have at least one feature \(column\); got shape \(12, 0\)"),
    (lambda: TwoLayerNetwork(n_hidden=4).fit(_XF, _YF - 1), ValueError,
     "y must hold non-negative class labels"),
]


@pytest.mark.parametrize("call, error, message", BAD_FEEDBACK_CALLS)
def test_feedback_alignment_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_hidden_error_accepts_lists_like_arrays():
    E, H = np.array([[0.1, -0.2, 0.1]]), np.array([[0.3, 0.0, -0.5, 0.9]])
    np.testing.assert_allclose(_NET.hidden_error(E.tolist(), H.tolist(), "backprop"),
                               (E @ _NET.W2) * (1.0 - H**2))


def test_frozen_rule_keeps_the_hidden_layer_and_trains_the_readout():
    X, y = _blobs(n=200, d=5)
    net = TwoLayerNetwork(n_hidden=8, rule="frozen", learning_rate=0.1, n_epochs=3,
                          batch_size=16, seed=4)
    W1_init = net.initialize(5, 3).W1.copy()
    net.fit(X, y)
    np.testing.assert_array_equal(net.W1, W1_init)  # same seed, same initial W1, never moved
    assert net.history["loss"][-1] < net.history["loss"][0]
    assert np.all(net.gradients(X[:4], one_hot(y[:4], 3))["W1"] == 0)
