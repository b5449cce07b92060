"""Tests of neurocomp.kernels: kernel functions, k-means, kernel perceptron, RBF network."""

import numpy as np
import pytest
from sklearn.metrics import pairwise

from neurocomp.kernels import (
    KernelPerceptron,
    RBFNetwork,
    linear_kernel,
    polynomial_kernel,
    rbf_kernel,
)

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_T = np.array([-1, 1, 1, -1])


def test_kernels_match_sklearn():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(7, 3)), rng.normal(size=(5, 3))
    np.testing.assert_allclose(linear_kernel(X, Y), pairwise.linear_kernel(X, Y))
    np.testing.assert_allclose(
        polynomial_kernel(X, Y, degree=2, gamma=0.5, coef0=1.0),
        pairwise.polynomial_kernel(X, Y, degree=2, gamma=0.5, coef0=1.0),
    )
    np.testing.assert_allclose(rbf_kernel(X, Y, gamma=0.7), pairwise.rbf_kernel(X, Y, gamma=0.7))
    np.testing.assert_allclose(np.diag(rbf_kernel(X)), 1.0)


def test_polynomial_kernel_is_inner_product_of_features():
    # (x.y + 1)^2 in 2-D = phi(x).phi(y) with phi = (1, sqrt2 x1, sqrt2 x2, x1^2, x2^2, sqrt2 x1 x2)
    def phi(x):
        s = np.sqrt(2.0)
        return np.array([1.0, s * x[0], s * x[1], x[0] ** 2, x[1] ** 2, s * x[0] * x[1]])

    rng = np.random.default_rng(1)
    X = rng.normal(size=(6, 2))
    F = np.array([phi(x) for x in X])
    np.testing.assert_allclose(polynomial_kernel(X, degree=2), F @ F.T)


def test_kernel_errors():
    with pytest.raises(ValueError, match="same number of features"):
        linear_kernel(np.ones((2, 2)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="gamma"):
        rbf_kernel(np.ones((2, 2)), gamma=-1.0)
    with pytest.raises(TypeError, match="degree"):
        polynomial_kernel(np.ones((2, 2)), degree=1.5)
    with pytest.raises(ValueError, match="2-D"):
        linear_kernel(np.ones(3))


@pytest.mark.parametrize(
    "kernel, params", [("rbf", {"gamma": 1.0}), ("polynomial", {"degree": 2})]
)
def test_kernel_perceptron_solves_xor(kernel, params):
    model = KernelPerceptron(kernel, seed=0, **params).fit(XOR_X, XOR_T)
    assert model.converged_
    np.testing.assert_array_equal(model.predict(XOR_X), XOR_T)
    assert model.n_mistakes_ == model.alpha.sum() > 0


def test_linear_kernel_perceptron_equals_primal_perceptron():
    from neurocomp.perceptron import Perceptron

    rng = np.random.default_rng(4)
    X = rng.normal(size=(40, 2))
    t = np.where(X @ [1.0, -1.0] + 0.2 > 0, 1, -1)
    dual = KernelPerceptron("linear", shuffle=False).fit(X, t)
    primal = Perceptron(shuffle=False).fit(X, t)
    np.testing.assert_allclose((dual.alpha * t) @ X, primal.w)
    assert dual.b == primal.b and dual.n_mistakes_ == primal.n_mistakes_


def test_linear_kernel_perceptron_fails_on_xor_and_callable_kernel():
    assert not KernelPerceptron("linear", max_epochs=20, seed=0).fit(XOR_X, XOR_T).converged_
    model = KernelPerceptron(lambda A, B: (A @ B.T + 1.0) ** 2, seed=0).fit(XOR_X, XOR_T)
    np.testing.assert_array_equal(model.predict(XOR_X), XOR_T)


def test_kernel_perceptron_errors():
    with pytest.raises(ValueError, match="kernel must be one of"):
        KernelPerceptron("sigmoid")
    with pytest.raises(ValueError, match="-1 and \\+1"):
        KernelPerceptron().fit(XOR_X, [0, 1, 1, 0])
    with pytest.raises(RuntimeError, match="not fitted"):
        KernelPerceptron().predict(XOR_X)
    with pytest.raises(ValueError, match="features"):
        KernelPerceptron(seed=0).fit(XOR_X, XOR_T).predict(np.ones((1, 3)))


def test_rbf_network_interpolates_with_one_centre_per_sample():
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(-3, 3, 12))[:, None]
    y = np.sin(x[:, 0])
    model = RBFNetwork(n_centres=12, width=0.8, centres="random", seed=0).fit(x, y)
    np.testing.assert_allclose(model.predict(x), y, atol=1e-6)
    np.testing.assert_allclose(np.sort(model.C[:, 0]), x[:, 0])


def test_rbf_network_regression_classification_and_ridge():
    rng = np.random.default_rng(1)
    x = rng.uniform(-3, 3, (300, 1))
    y = np.sin(x[:, 0])
    model = RBFNetwork(n_centres=15, seed=0).fit(x, y)
    assert np.max(np.abs(model.predict(x) - y)) < 1e-3
    assert model.W_out.shape == (16,) and model.sigma > 0
    Y = np.column_stack([y, -y])
    assert RBFNetwork(n_centres=15, seed=0).fit(x, Y).predict(x).shape == (300, 2)
    small = RBFNetwork(n_centres=15, l2=10.0, seed=0).fit(x, y)
    assert np.linalg.norm(small.W_out[:-1]) < np.linalg.norm(model.W_out[:-1])
    a = RBFNetwork(n_centres=8, seed=3).fit(x, y)
    b = RBFNetwork(n_centres=8, seed=3).fit(x, y)
    np.testing.assert_array_equal(a.C, b.C)


def test_rbf_network_ridge_closed_form():
    rng = np.random.default_rng(2)
    x = rng.uniform(-2, 2, (50, 2))
    y = x[:, 0] * x[:, 1]
    model = RBFNetwork(n_centres=10, width=1.0, l2=0.5, seed=0).fit(x, y)
    Phi = model.features(x)
    P = 0.5 * np.eye(11)
    P[-1, -1] = 0.0
    np.testing.assert_allclose(model.W_out, np.linalg.solve(Phi.T @ Phi + P, Phi.T @ y), rtol=1e-8)


def test_rbf_network_errors():
    x = np.zeros((5, 1))
    with pytest.raises(ValueError, match="n_centres must be at most"):
        RBFNetwork(n_centres=10).fit(x, np.zeros(5))
    with pytest.raises(ValueError, match="centres"):
        RBFNetwork(centres="grid")
    with pytest.raises(ValueError, match="width"):
        RBFNetwork(width=0.0)
    with pytest.raises(RuntimeError, match="not fitted"):
        RBFNetwork().predict(x)
    with pytest.raises(ValueError, match="features"):
        RBFNetwork(n_centres=2, seed=0).fit(np.arange(10.0)[:, None], np.arange(10.0)).predict(
            np.ones((2, 2))
        )


_KP = KernelPerceptron(seed=0).fit(XOR_X, XOR_T)
_RBF = RBFNetwork(2, seed=0).fit(XOR_X, XOR_T)

BAD_KERNEL_CALLS = [
    (lambda: KernelPerceptron("linear", gamma=2.0), TypeError,
     r"kernel_params \['gamma'\] are not parameters of the 'linear' kernel; it takes none"),
    (lambda: KernelPerceptron("rbf", degree=2), TypeError,
     r"kernel_params \['degree'\] are not parameters of the 'rbf' kernel; it takes \['gamma'\]"),
    (lambda: KernelPerceptron(lambda A, B: np.zeros(3)).fit(XOR_X, XOR_T), ValueError,
     r"kernel\(X, Y\) must return a Gram matrix of shape \(4, 4\); got shape \(3,\)"),
    (lambda: KernelPerceptron(lambda A, B: np.full((4, 4), np.nan)).fit(XOR_X, XOR_T), ValueError,
     r"kernel\(X, Y\) must contain only finite values"),
    (lambda: KernelPerceptron(shuffle="no"), TypeError, "shuffle must be True or False"),
    (lambda: KernelPerceptron(seed="0"), TypeError, "seed must be an int"),
    (lambda: _KP.predict(np.zeros((1, 3))), ValueError,
     "X must have 2 features like the training data; got X with 3"),
    (lambda: _RBF.features(np.zeros((1, 3))), ValueError,
     "X must have 2 features like the training data; got X with 3"),
    (lambda: _RBF.predict(np.zeros((1, 3))), ValueError,
     "X must have 2 features like the training data; got X with 3"),
    (lambda: RBFNetwork(centres="kmeans++"), ValueError,
     "centres must be one of 'kmeans', 'random'; got 'kmeans"),
    (lambda: RBFNetwork(seed=-2), ValueError, "seed must be a non-negative integer"),
]


@pytest.mark.parametrize("call, error, message", BAD_KERNEL_CALLS)
def test_kernels_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_kernel_perceptron_accepts_its_kernel_params():
    model = KernelPerceptron("polynomial", degree=2, coef0=1.0, seed=0).fit(XOR_X, XOR_T)
    np.testing.assert_array_equal(model.predict(XOR_X), XOR_T)
    np.testing.assert_allclose(model.gram(XOR_X), polynomial_kernel(XOR_X, degree=2))
