"""Tests of neurocomp.optim: gradient descent, SGD, proximal steps, finite differences."""

import numpy as np
import pytest

from neurocomp.optim import (
    Quadratic,
    gradient_descent,
    minibatch_sgd,
    numerical_gradient,
    proximal_gradient_descent,
    soft_threshold,
)

A = np.array([[3.0, 1.0], [1.0, 2.0]])
C = np.array([1.0, -2.0])


@pytest.fixture
def quad():
    return Quadratic(A, C)


def test_quadratic_minimum_and_lipschitz(quad):
    np.testing.assert_allclose(quad.minimum, np.linalg.solve(A, C))
    np.testing.assert_allclose(quad.grad(quad.minimum), 0.0, atol=1e-14)
    assert quad.lipschitz == pytest.approx(max(np.linalg.eigvalsh(A)))
    grid = np.stack(np.meshgrid([0.0, 1.0], [2.0, -1.0]), axis=-1)
    vals = quad(grid)
    assert vals.shape == (2, 2)
    w = grid[1, 0]
    assert vals[1, 0] == pytest.approx(0.5 * w @ A @ w - C @ w)


def test_quadratic_gradient_matches_finite_differences(quad):
    w = np.array([0.3, -1.7])
    np.testing.assert_allclose(quad.grad(w), numerical_gradient(quad, w), rtol=1e-8, atol=1e-9)


def test_quadratic_rejects_bad_matrices():
    with pytest.raises(ValueError, match="symmetric"):
        Quadratic([[1.0, 2.0], [0.0, 1.0]], [0.0, 0.0])
    with pytest.raises(ValueError, match="positive definite"):
        Quadratic([[1.0, 0.0], [0.0, -1.0]], [0.0, 0.0])
    with pytest.raises(ValueError, match="shape"):
        Quadratic(np.eye(3), [0.0, 0.0])


def test_gradient_descent_converges_to_analytic_minimum(quad):
    path = gradient_descent(quad.grad, [4.0, 4.0], learning_rate=1.0 / quad.lipschitz, n_iter=200)
    assert path.shape == (201, 2)
    np.testing.assert_allclose(path[-1], quad.minimum, atol=1e-10)


def test_gradient_descent_exact_first_step(quad):
    w0 = np.array([1.0, 2.0])
    path = gradient_descent(quad.grad, w0, 0.1, 1)
    np.testing.assert_allclose(path[1], w0 - 0.1 * (A @ w0 - C))


def test_gradient_descent_diverges_above_two_over_L(quad):
    eta = 1.05 * 2.0 / quad.lipschitz
    path = gradient_descent(quad.grad, [4.0, 4.0], eta, 200)
    err = np.linalg.norm(path - quad.minimum, axis=1)
    assert err[-1] > 10 * err[0]
    eta = 0.95 * 2.0 / quad.lipschitz
    path = gradient_descent(quad.grad, [4.0, 4.0], eta, 400)
    np.testing.assert_allclose(path[-1], quad.minimum, atol=1e-6)


def test_momentum_converges_and_matches_hand_steps(quad):
    path = gradient_descent(quad.grad, [4.0, 4.0], 0.1, 600, momentum=0.9)
    np.testing.assert_allclose(path[-1], quad.minimum, atol=1e-8)
    w0 = np.array([1.0, 1.0])
    v1 = -0.1 * quad.grad(w0)
    w1 = w0 + v1
    w2 = w1 + 0.5 * v1 - 0.1 * quad.grad(w1)
    np.testing.assert_allclose(gradient_descent(quad.grad, w0, 0.1, 2, momentum=0.5)[2], w2)


def test_gradient_descent_rejects_bad_input(quad):
    with pytest.raises(ValueError, match="learning_rate"):
        gradient_descent(quad.grad, [0.0, 0.0], 0.0, 10)
    with pytest.raises(ValueError, match="learning_rate"):
        gradient_descent(quad.grad, [0.0, 0.0], -0.1, 10)
    with pytest.raises(TypeError, match="learning_rate"):
        gradient_descent(quad.grad, [0.0, 0.0], "big", 10)
    with pytest.raises(ValueError, match="momentum"):
        gradient_descent(quad.grad, [0.0, 0.0], 0.1, 10, momentum=1.0)
    with pytest.raises(TypeError, match="n_iter"):
        gradient_descent(quad.grad, [0.0, 0.0], 0.1, 2.5)
    with pytest.raises(TypeError, match="grad"):
        gradient_descent("grad", [0.0, 0.0], 0.1, 10)
    with pytest.raises(ValueError, match="grad must return"):
        gradient_descent(lambda w: np.zeros(3), [0.0, 0.0], 0.1, 10)
    with pytest.raises(ValueError, match="w0"):
        gradient_descent(quad.grad, [[0.0, 0.0]], 0.1, 10)


def _lsq_problem(seed=0, n=200):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=n)
    return X, y


def _lsq_grad(w, Xb, yb):
    return Xb.T @ (Xb @ w - yb) / len(yb)


def test_full_batch_sgd_equals_gradient_descent():
    X, y = _lsq_problem()
    path = minibatch_sgd(_lsq_grad, X, y, np.zeros(3), 0.1, 20, seed=0)
    gd = gradient_descent(lambda w: _lsq_grad(w, X, y), np.zeros(3), 0.1, 20)
    np.testing.assert_allclose(path, gd, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("batch_size", [1, 16])
def test_minibatch_sgd_reaches_least_squares(batch_size):
    X, y = _lsq_problem()
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    path = minibatch_sgd(_lsq_grad, X, y, np.zeros(3), 0.01, 60, batch_size=batch_size, seed=1)
    np.testing.assert_allclose(path[-1], w_star, atol=0.02)


def test_minibatch_sgd_records_steps_and_is_deterministic():
    X, y = _lsq_problem(n=50)
    a = minibatch_sgd(_lsq_grad, X, y, np.zeros(3), 0.05, 3, batch_size=8, seed=7, record="step")
    b = minibatch_sgd(_lsq_grad, X, y, np.zeros(3), 0.05, 3, batch_size=8, seed=7, record="step")
    assert a.shape == (1 + 3 * 7, 3)
    np.testing.assert_array_equal(a, b)
    c = minibatch_sgd(_lsq_grad, X, y, np.zeros(3), 0.05, 3, batch_size=8, seed=8, record="step")
    assert not np.array_equal(a, c)


def test_minibatch_sgd_rejects_bad_input():
    X, y = _lsq_problem(n=20)
    with pytest.raises(ValueError, match="learning_rate"):
        minibatch_sgd(_lsq_grad, X, y, np.zeros(3), 0.0, 5)
    with pytest.raises(ValueError, match="batch_size"):
        minibatch_sgd(_lsq_grad, X, y, np.zeros(3), 0.1, 5, batch_size=0)
    with pytest.raises(ValueError, match="record"):
        minibatch_sgd(_lsq_grad, X, y, np.zeros(3), 0.1, 5, record="batch")
    with pytest.raises(ValueError, match="same number of samples"):
        minibatch_sgd(_lsq_grad, X, y[:5], np.zeros(3), 0.1, 5)
    with pytest.raises(TypeError, match="grad"):
        minibatch_sgd(None, X, y, np.zeros(3), 0.1, 5)


def test_soft_threshold_exact_values():
    out = soft_threshold([-3.0, -0.5, 0.0, 0.2, 2.5], 1.0)
    np.testing.assert_array_equal(out, [-2.0, 0.0, 0.0, 0.0, 1.5])
    np.testing.assert_array_equal(soft_threshold([1.5], 0.0), [1.5])
    with pytest.raises(ValueError, match="threshold"):
        soft_threshold([1.0], -1.0)


def test_soft_threshold_is_the_proximal_minimiser():
    z, tau = 0.7, 0.3
    grid = np.linspace(-2, 2, 400001)
    brute = grid[np.argmin(0.5 * (grid - z) ** 2 + tau * np.abs(grid))]
    assert float(soft_threshold(z, tau)) == pytest.approx(brute, abs=1e-5)


def test_proximal_gradient_descent_matches_closed_form_on_diagonal_quadratic():
    d = np.array([2.0, 1.0, 4.0])
    q = Quadratic(np.diag(d), np.array([3.0, 0.5, -6.0]))
    lam = 1.0
    exact = soft_threshold(q.c, lam) / d  # separable problem: one soft threshold per axis
    path = proximal_gradient_descent(q.grad, np.zeros(3), 1.0 / q.lipschitz, 300, l1=lam)
    np.testing.assert_allclose(path[-1], exact, atol=1e-12)
    assert path[-1][1] == 0.0  # an exact zero, not a small number


def test_proximal_gradient_descent_without_penalty_is_gradient_descent(quad):
    a = proximal_gradient_descent(quad.grad, [1.0, 1.0], 0.2, 30, l1=0.0)
    b = gradient_descent(quad.grad, [1.0, 1.0], 0.2, 30)
    np.testing.assert_allclose(a, b)
    with pytest.raises(ValueError, match="l1"):
        proximal_gradient_descent(quad.grad, [1.0, 1.0], 0.2, 30, l1=-1.0)


def test_numerical_gradient_rejects_bad_input():
    with pytest.raises(TypeError, match="f must be callable"):
        numerical_gradient(3.0, [1.0])
    with pytest.raises(ValueError, match="eps"):
        numerical_gradient(np.sum, [1.0], eps=0.0)
    np.testing.assert_allclose(numerical_gradient(lambda w: np.sum(w**3), [1.0, 2.0]), [3.0, 12.0])
    with pytest.raises(ValueError, match="non-empty array with at least one dimension"):
        numerical_gradient(np.sum, 1.0)
    with pytest.raises(ValueError, match="non-empty array"):
        numerical_gradient(np.sum, [])


def test_numerical_gradient_of_a_matrix():
    # d/dW of x^T W y is the outer product x y^T
    rng = np.random.default_rng(0)
    x, y, W = rng.normal(size=3), rng.normal(size=4), rng.normal(size=(3, 4))
    grad = numerical_gradient(lambda M: x @ M @ y, W)
    assert grad.shape == (3, 4)
    np.testing.assert_allclose(grad, np.outer(x, y), rtol=1e-8, atol=1e-10)


_Q = Quadratic(A, C)
_XO = np.arange(12.0).reshape(6, 2)
_YO = np.arange(6.0)


def _sgd(**kwargs):
    args = {"grad": lambda w, Xb, yb: w, "X": _XO, "y": _YO, "w0": [0.0], "learning_rate": 0.1,
            "n_epochs": 1, **kwargs}
    return minibatch_sgd(**args)


BAD_OPTIM_CALLS = [
    (lambda: _Q([1.0, 2.0, 3.0]), ValueError,
     r"w must have shape \(2,\) or \(\.\.\., 2\) to match A; got shape \(3,\)"),
    (lambda: _Q.grad([1.0, 2.0, 3.0]), ValueError, r"w must have shape \(2,\) .* got shape \(3,\)"),
    (lambda: _Q(1.0), ValueError, r"w must have shape .* got shape \(\)"),
    (lambda: _Q(np.zeros((4, 3))), ValueError, r"got shape \(4, 3\)"),
    (lambda: _Q.grad([np.nan, 1.0]), ValueError, "w must contain only finite values"),
    (lambda: _Q([np.inf, 1.0]), ValueError, "w must contain only finite values"),
    (lambda: _Q("ab"), TypeError, "w must be array-like with numeric entries"),
    (lambda: Quadratic(np.zeros((0, 0)), np.zeros(0)), ValueError, "c needs at least 1 samples"),
    (lambda: Quadratic(A, [np.nan, 1.0]), ValueError, "c must contain only finite values"),
    (lambda: _sgd(n_epochs=-1), ValueError, "n_epochs must be an integer >= 0; got n_epochs=-1"),
    (lambda: _sgd(n_epochs=1.5), TypeError, "n_epochs must be an integer"),
    (lambda: _sgd(y=_YO[:3]), ValueError, "X and y must have the same number of samples"),
    (lambda: _sgd(batch_size=0), ValueError, "batch_size must be an integer >= 1"),
    (lambda: _sgd(record="batch"), ValueError, "record must be one of 'epoch', 'step'"),
    (lambda: _sgd(seed=1.5), TypeError, "seed must be an int"),
    (lambda: numerical_gradient(lambda w: w, [1.0, 2.0]), TypeError,
     r"f must return a single real number; got an array of shape \(2,\)"),
    (lambda: numerical_gradient(lambda w: "x", [1.0]), TypeError,
     "f must return a single real number"),
    (lambda: proximal_gradient_descent(_Q.grad, [0.0, 0.0], 0.1, -1, 0.1), ValueError,
     "n_iter must be an integer >= 0"),
    (lambda: soft_threshold([1.0], np.nan), ValueError, "threshold must be a finite"),
]


@pytest.mark.parametrize("call, error, message", BAD_OPTIM_CALLS)
def test_optim_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_quadratic_accepts_points_and_grids():
    w = np.array([0.5, -1.0])
    assert _Q(w) == pytest.approx(0.5 * w @ A @ w - C @ w)
    grid = np.stack(np.meshgrid([0.0, 1.0], [2.0, 3.0, 4.0]), axis=-1)  # shape (3, 2, 2)
    assert _Q(grid).shape == (3, 2)
    np.testing.assert_allclose(_Q.grad([w, w]), [A @ w - C] * 2)
    assert numerical_gradient(lambda v: np.array([_Q(v)]), w) == pytest.approx(A @ w - C)
