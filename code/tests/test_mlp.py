"""Tests of neurocomp.activations and neurocomp.mlp: activations, losses, backpropagation, SGD and the MLP learner."""

import numpy as np
import pytest
from sklearn.metrics import log_loss

from neurocomp.activations import ACTIVATIONS
from neurocomp.mlp import (
    LOSSES,
    MLP,
    init_params,
    numerical_gradients,
    relative_error,
    sgd_step,
)

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_T = np.array([0, 1, 1, 0])


def random_problem(loss, n_out, n=12, n_in=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_in))
    if loss == "cross_entropy":
        T = np.eye(n_out)[rng.integers(0, n_out, n)]
    elif loss == "binary_cross_entropy":
        T = rng.integers(0, 2, size=(n, n_out)).astype(float)
    else:
        T = rng.normal(size=(n, n_out))
    return X, T


def network(sizes, activation, loss, seed=0):
    net = MLP(sizes, activation=activation, loss=loss, seed=seed).initialize()
    rng = np.random.default_rng(seed + 100)
    for p in net.params:  # non-zero biases, so that their gradients are generic
        p["b"] += 0.2 * rng.normal(size=p["b"].shape)
    return net


# --- activations and losses ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivatives_match_central_differences(name):
    g, g_prime = ACTIVATIONS[name]
    z = np.linspace(-5, 5, 1001)
    z = z[np.abs(z) > 1e-3]  # away from the kink of the ReLU
    numeric = (g(z + 1e-6) - g(z - 1e-6)) / 2e-6
    np.testing.assert_allclose(g_prime(z), numeric, atol=1e-8)


def test_activation_values():
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"][0]([0.0, np.log(3.0)]), [0.5, 0.75])
    np.testing.assert_array_equal(ACTIVATIONS["relu"][0]([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(ACTIVATIONS["relu"][1]([-2.0, 0.0, 3.0]), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(ACTIVATIONS["tanh"][1]([0.0]), [1.0])
    np.testing.assert_array_equal(ACTIVATIONS["identity"][1]([[1.0, -4.0]]), [[1.0, 1.0]])
    with np.errstate(over="raise"):
        assert np.all(np.isfinite(ACTIVATIONS["sigmoid"][0]([-1e4, 1e4])))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_rejects_non_numeric_input(name):
    with pytest.raises(TypeError, match="z must be array-like"):
        ACTIVATIONS[name][0](["a", "b"])


def test_losses_equal_scikit_learn_and_closed_forms():
    rng = np.random.default_rng(1)
    Z = 3 * rng.normal(size=(20, 4))
    labels = rng.integers(0, 4, 20)
    T = np.eye(4)[labels]
    probabilities = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(LOSSES["cross_entropy"].value(Z, T),
                               log_loss(labels, probabilities, labels=range(4)), rtol=1e-12)
    z, t = Z[:, 0], (labels % 2).astype(float)
    p = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(LOSSES["binary_cross_entropy"].value(z[:, None], t[:, None]),
                               log_loss(t, p), rtol=1e-12)
    np.testing.assert_allclose(LOSSES["squared_error"].value(Z, T),
                               0.5 * np.mean(np.sum((Z - T) ** 2, axis=1)))
    # huge logits stay finite
    assert np.isfinite(LOSSES["cross_entropy"].value(np.array([[1e4, -1e4]]), np.eye(2)[[1]]))
    assert np.isfinite(LOSSES["binary_cross_entropy"].value(np.array([[-1e4]]), np.ones((1, 1))))


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_delta_is_the_gradient_of_the_loss(name):
    rng = np.random.default_rng(2)
    Z = rng.normal(size=(7, 3))
    T = np.eye(3)[rng.integers(0, 3, 7)] if name != "squared_error" else rng.normal(size=(7, 3))
    loss = LOSSES[name]
    numeric = np.zeros_like(Z)
    for idx in np.ndindex(Z.shape):
        E = np.zeros_like(Z)
        E[idx] = 1e-6
        numeric[idx] = (loss.value(Z + E, T) - loss.value(Z - E, T)) / 2e-6
    np.testing.assert_allclose(loss.delta(Z, T), numeric, atol=1e-9)


# --- parameters, optimiser, helpers ---------------------------------------------------------


def test_init_params_shapes_scales_and_determinism():
    params = init_params([300, 200, 10], "glorot", seed=0)
    assert [(p["W"].shape, p["b"].shape) for p in params] == [((300, 200), (200,)),
                                                              ((200, 10), (10,))]
    assert all(np.all(p["b"] == 0) for p in params)
    a = np.sqrt(6 / 500)
    assert np.abs(params[0]["W"]).max() <= a
    np.testing.assert_allclose(params[0]["W"].std(), a / np.sqrt(3), rtol=0.02)
    he = init_params([400, 300], "he", seed=0)
    np.testing.assert_allclose(he[0]["W"].std(), np.sqrt(2 / 400), rtol=0.02)
    again = init_params([300, 200, 10], "glorot", seed=0)
    np.testing.assert_array_equal(params[1]["W"], again[1]["W"])


def test_init_params_rejects_bad_arguments():
    with pytest.raises(ValueError, match="init must be one of"):
        init_params([2, 3], "zeros")
    with pytest.raises(ValueError, match="at least an input and an output"):
        init_params([2])
    with pytest.raises(TypeError, match="sizes must be a sequence"):
        init_params(5)
    with pytest.raises(ValueError, match=r"sizes\[1\] must be an integer >= 1"):
        init_params([2, 0, 1])
    with pytest.raises(TypeError, match=r"sizes\[0\] must be an integer"):
        init_params([2.5, 1])


def test_sgd_step_updates_in_place_and_checks_shapes():
    params = [{"W": np.ones((2, 3)), "b": np.zeros(3)}]
    grads = [{"W": np.full((2, 3), 2.0), "b": np.ones(3)}]
    sgd_step(params, grads, 0.25)
    np.testing.assert_allclose(params[0]["W"], 0.5)
    np.testing.assert_allclose(params[0]["b"], -0.25)
    with pytest.raises(ValueError, match=r"grads\[0\]\['W'\] has shape \(3, 2\)"):
        sgd_step(params, [{"W": np.ones((3, 2)), "b": np.ones(3)}], 0.1)
    with pytest.raises(TypeError, match="lists of equal length"):
        sgd_step(params, [], 0.1)
    with pytest.raises(ValueError, match="learning_rate must be a finite positive"):
        sgd_step(params, grads, -1.0)


def test_relative_error():
    assert relative_error([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert relative_error([0.0], [0.0]) == 0.0
    np.testing.assert_allclose(relative_error([1.0, 0.0], [0.0, 1.0]), np.sqrt(2) / 2)
    with pytest.raises(ValueError, match="same shape"):
        relative_error([1.0, 2.0], [1.0])


# --- backpropagation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "activation, loss, n_out",
    [("tanh", "cross_entropy", 3), ("sigmoid", "binary_cross_entropy", 2),
     ("relu", "squared_error", 2), ("identity", "squared_error", 1)],
)
def test_backprop_equals_finite_differences(activation, loss, n_out):
    net = network((3, 5, 4, n_out), activation, loss)
    X, T = random_problem(loss, n_out)
    grads = net.gradients(X, T)
    numeric = numerical_gradients(net, X, T)
    for g, n in zip(grads, numeric):
        assert set(g) == {"W", "b"}
        for name in ("W", "b"):
            assert relative_error(g[name], n[name]) < 1e-7


def test_gradients_have_the_layout_of_params_and_leave_params_unchanged():
    net = network((4, 6, 3), "tanh", "cross_entropy")
    before = [{k: v.copy() for k, v in p.items()} for p in net.params]
    X, T = random_problem("cross_entropy", 3, n_in=4)
    grads = net.gradients(X, T)
    numerical_gradients(net, X, T)
    for p, g, b in zip(net.params, grads, before):
        assert p["W"].shape == g["W"].shape and p["b"].shape == g["b"].shape
        np.testing.assert_array_equal(p["W"], b["W"])


def test_single_sample_backprop_by_hand():
    """A 1-1-1 network with tanh: dL/dw1 = (y - t) w2 (1 - h^2) x."""
    net = MLP((1, 1, 1), activation="tanh", loss="squared_error").initialize()
    net.params = [{"W": np.array([[0.7]]), "b": np.array([0.1])},
                  {"W": np.array([[-1.2]]), "b": np.array([0.3])}]
    x, t = 0.5, 0.2
    h = np.tanh(0.7 * x + 0.1)
    y = -1.2 * h + 0.3
    grads = net.gradients([[x]], [[t]])
    np.testing.assert_allclose(grads[1]["W"], [[(y - t) * h]])
    np.testing.assert_allclose(grads[1]["b"], [y - t])
    np.testing.assert_allclose(grads[0]["W"], [[(y - t) * -1.2 * (1 - h**2) * x]])
    np.testing.assert_allclose(grads[0]["b"], [(y - t) * -1.2 * (1 - h**2)])


# --- training ------------------------------------------------------------------------------


def test_mlp_learns_xor_and_is_deterministic():
    net = MLP((2, 4, 1), loss="binary_cross_entropy", learning_rate=1.0, n_epochs=1000, seed=3)
    net.fit(XOR_X, XOR_T)
    np.testing.assert_array_equal(net.predict(XOR_X), XOR_T)
    assert len(net.loss_history_) == 1001
    assert net.loss_history_[-1] < 0.05 < np.log(2) - 0.1 < net.loss_history_[0]
    again = MLP((2, 4, 1), loss="binary_cross_entropy", learning_rate=1.0, n_epochs=1000,
                seed=3).fit(XOR_X, XOR_T)
    np.testing.assert_array_equal(net.params[0]["W"], again.params[0]["W"])


def test_minibatch_classifier_and_partial_fit():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(150, 2))
    y = (X[:, 0] ** 2 + X[:, 1] ** 2 > 1.2).astype(int)  # a disc: not linearly separable
    net = MLP((2, 12, 2), activation="relu", init="he", learning_rate=0.1, n_epochs=60,
              batch_size=16, seed=0).fit(X, y)
    assert np.mean(net.predict(X) == y) > 0.9
    np.testing.assert_allclose(net.predict_output(X).sum(axis=1), 1.0)
    net.partial_fit(X, y, n_epochs=5)
    assert len(net.loss_history_) == 61 + 5
    fresh = MLP((2, 3, 2), seed=0).partial_fit(X, y, n_epochs=2)  # initialises on first call
    assert len(fresh.loss_history_) == 3


def test_regression_output_shape_and_fit():
    x = np.linspace(-1, 1, 40)[:, None]
    t = np.sin(2 * x[:, 0])
    net = MLP((1, 8, 1), loss="squared_error", learning_rate=0.1, n_epochs=800,
              batch_size=8, seed=1).fit(x, t)
    assert net.predict(x).shape == (40,)
    assert np.sqrt(np.mean((net.predict(x) - t) ** 2)) < 0.1
    two = MLP((1, 4, 2), loss="squared_error", n_epochs=2, seed=0).fit(x, np.column_stack([t, t]))
    assert two.predict(x).shape == (40, 2)


# --- error paths -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"activation": "softplus"}, ValueError, "activation must be one of"),
        ({"loss": "hinge"}, ValueError, "loss must be one of"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be a finite positive"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate must be a real number"),
        ({"n_epochs": 0}, ValueError, "n_epochs must be an integer >= 1"),
        ({"batch_size": 2.5}, TypeError, "batch_size must be an integer"),
        ({"init": "zeros"}, ValueError, "init must be one of"),
        ({"seed": -1}, ValueError, "seed must be a non-negative integer"),
    ],
)
def test_mlp_rejects_bad_hyper_parameters(kwargs, error, message):
    with pytest.raises(error, match=message):
        MLP((2, 3, 1), **kwargs)


def test_mlp_rejects_bad_data():
    net = MLP((2, 3, 2), n_epochs=1, seed=0)
    with pytest.raises(RuntimeError, match="not fitted yet"):
        net.predict(XOR_X)
    with pytest.raises(ValueError, match="X must have n_0 = 2 columns; got 3"):
        net.fit(np.ones((4, 3)), XOR_T)
    with pytest.raises(ValueError, match="X and|T must have shape"):
        net.fit(XOR_X, np.eye(2)[[0, 1, 1]])
    with pytest.raises(ValueError, match="y holds the label 2"):
        net.fit(XOR_X, [0, 1, 2, 0])
    with pytest.raises(ValueError, match="X must contain only finite values"):
        net.fit([[0.0, np.nan]], [0])
    net.fit(XOR_X, XOR_T)
    with pytest.raises(ValueError, match="rows that sum to 1"):
        net.loss(XOR_X, np.full((4, 2), 0.2))
    with pytest.raises(ValueError, match=r"T must have shape \(4, 2\)"):
        net.gradients(XOR_X, np.ones((4, 3)) / 3)
    with pytest.raises(ValueError, match="X must be 2-D"):
        net.predict([0.0, 1.0])
    with pytest.raises(ValueError, match="n_epochs must be an integer >= 1"):
        net.partial_fit(XOR_X, XOR_T, n_epochs=0)
    binary = MLP((2, 3, 1), loss="binary_cross_entropy", n_epochs=1, seed=0)
    with pytest.raises(ValueError, match=r"targets in \[0, 1\]"):
        binary.fit(XOR_X, [0, 2, 1, 0])
    regression = MLP((2, 3, 2), loss="squared_error", n_epochs=1, seed=0)
    with pytest.raises(ValueError, match="needs n_L = 1 output"):
        regression.fit(XOR_X, [0.0, 1.0, 1.0, 0.0])
    with pytest.raises(TypeError, match="model must be an MLP"):
        numerical_gradients("net", XOR_X, XOR_T)


# --- bad-input audit (issue 11): one call per error path ------------------------------------

_NET = MLP((2, 3, 2), n_epochs=1, seed=0).initialize()
_T2 = np.eye(2)[XOR_T]


def _params(seed=0):
    return init_params((2, 3, 1), seed=seed)


BAD_MLP_CALLS = [
    (lambda: sgd_step(_params(), [1, 2], 0.1), TypeError,
     r"params\[0\] and grads\[0\] must be dicts .*; got dict and int"),
    (lambda: sgd_step([1, 2], _params(), 0.1), TypeError,
     r"params\[0\] and grads\[0\] must be dicts .*; got int and dict"),
    (lambda: sgd_step(_params(), [{"W": np.full((2, 3), np.nan), "b": np.zeros(3)},
                                  _params()[1]], 0.1), ValueError,
     r"grads\[0\]\['W'\] contains NaN or infinite values"),
    (lambda: relative_error([], []), ValueError,
     r"a and b must be non-empty arrays of the same shape; got \(0,\) and \(0,\)"),
    (lambda: numerical_gradients(MLP((2, 3, 2)), XOR_X, _T2), RuntimeError,
     r"MLP is not fitted yet: call fit\(X, y\)"),
    (lambda: _NET.backward("cache", _T2), TypeError,
     "cache must be the list of 2 pairs .* that forward returns; got str"),
    (lambda: _NET.backward([], _T2), TypeError, "cache must be the list of 2 pairs"),
    (lambda: MLP((2, 3, 2)).backward(_NET.forward(XOR_X)[1], _T2), RuntimeError,
     "MLP is not fitted yet"),
    (lambda: LOSSES["squared_error"].delta(np.ones((4, 2)), np.ones((3, 2))), ValueError,
     r"T must have the shape of Z, \(4, 2\) = \(samples, n_L\); got \(3, 2\)"),
    (lambda: LOSSES["cross_entropy"].value(np.ones((4, 2)), np.ones((4, 3))), ValueError,
     r"T must have the shape of Z, \(4, 2\)"),
    (lambda: LOSSES["cross_entropy"].value(np.ones(3), np.ones(3)), ValueError, "Z must be 2-D"),
    (lambda: LOSSES["squared_error"].value(np.full((2, 1), np.nan), np.ones((2, 1))),
     ValueError, "Z must not contain NaN; found 2"),
    (lambda: LOSSES["squared_error"].delta(np.ones((2, 1)), [[np.inf], [0.0]]), ValueError,
     "T must contain only finite values"),
    (lambda: _NET.forward(np.ones((0, 2))), ValueError, "X needs at least 1 samples; got 0"),
    (lambda: MLP((2, 3, 2), n_epochs=1).fit(XOR_X, [0, -1, 1, 0]), ValueError,
     "y must hold non-negative class labels"),
    (lambda: MLP((2, 3, 1), loss="squared_error").fit(XOR_X, [0.0, 1.0, np.inf, 0.0]),
     ValueError, "y must contain only finite values"),
    (lambda: _NET.partial_fit(XOR_X, XOR_T, n_epochs=1.0), TypeError,
     "n_epochs must be an integer; got 1.0"),
    (lambda: MLP((2, 3, 2), n_epochs=1).fit(XOR_X, [0, 1, 1]), ValueError,
     "X and y must have the same number of samples; got X with 4 rows and y with 3"),
    (lambda: MLP((2, 3, 1), loss="squared_error").fit(XOR_X, np.zeros((4, 2))), ValueError,
     r"y must have shape \(4, 1\) = \(samples, n_L\); got \(4, 2\)"),
    (lambda: MLP((2, 3, 2), n_epochs=1).fit(XOR_X, [0, 2, 1, 0]), ValueError,
     r"y holds the label 2, but the network has n_L = 2 outputs for the labels 0, \.\.\., 1"),
    (lambda: _NET.partial_fit(XOR_X, np.full((4, 2), 0.2)), ValueError,
     "y must have rows that sum to 1"),
    (lambda: init_params((2, 3), seed=-2), ValueError, "seed must be a non-negative integer"),
    (lambda: MLP((2, 3, 2), learning_rate=np.inf), ValueError,
     "learning_rate must be a finite positive number; got learning_rate=inf"),
    (lambda: MLP((2, 3, 2), batch_size=0), ValueError,
     "batch_size must be an integer >= 1; got batch_size=0"),
]


@pytest.mark.parametrize("call, error, message", BAD_MLP_CALLS)
def test_mlp_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_loss_value_and_delta_accept_lists_and_keep_results():
    Z, T = [[0.3, -1.2], [2.0, 0.1]], [[1.0, 0.0], [0.0, 1.0]]
    loss = LOSSES["cross_entropy"]
    np.testing.assert_allclose(loss.value(Z, T), loss.function(np.array(Z), np.array(T)))
    delta = loss.delta(Z, T)
    np.testing.assert_allclose(delta.sum(axis=1), 0.0, atol=1e-15)  # softmax rows sum to 1
    assert np.isinf(LOSSES["squared_error"].value([[np.inf]], [[0.0]]))  # overflow stays inf
