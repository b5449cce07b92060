"""Tests of neurocomp.force (FORCE learning, chapter Reservoir computing)."""

import numpy as np
import pytest

from neurocomp.force import (
    ForceResult,
    force_learning,
    random_coupling,
    rls_update,
    simulate_rate_network,
)


def test_random_coupling_has_the_circular_law_radius():
    J = random_coupling(400, 1.5, p=0.1, seed=0)
    assert np.max(np.abs(np.linalg.eigvals(J))) == pytest.approx(1.5, rel=0.1)
    assert 0.09 < np.mean(J != 0) < 0.11
    np.testing.assert_array_equal(J, random_coupling(400, 1.5, p=0.1, seed=0))


def test_rls_equals_batch_ridge_regression():
    # after M updates from w = 0, P = I/alpha: w = (alpha I + R^T R)^-1 R^T f
    rng = np.random.default_rng(1)
    R, f, alpha = rng.normal(size=(200, 12)), rng.normal(size=200), 0.5
    P, w = np.eye(12) / alpha, np.zeros(12)
    for r, target in zip(R, f):
        rls_update(P, w, r, w @ r - target)
    A = alpha * np.eye(12) + R.T @ R
    np.testing.assert_allclose(w, np.linalg.solve(A, R.T @ f), rtol=1e-9)
    np.testing.assert_allclose(P, np.linalg.inv(A), rtol=1e-9, atol=1e-12)


def test_weak_coupling_decays_and_strong_coupling_stays_active():
    x0 = np.random.default_rng(2).normal(size=300)
    quiet = simulate_rate_network(random_coupling(300, 0.5, seed=3), x0, 1000)
    active = simulate_rate_network(random_coupling(300, 1.5, seed=3), x0, 1000)
    assert np.max(np.abs(quiet[-1])) < 1e-6
    assert np.std(active[-200:]) > 0.2


def test_force_learns_a_sine_that_persists_after_learning_stops():
    period, n_train, n_test = 200, 3000, 600
    t = np.arange(n_train + n_test)
    target = np.sin(2 * np.pi * t / period)
    res = force_learning(target, n_train, n_neurons=200, seed=4)
    assert isinstance(res, ForceResult)
    error = np.sqrt(np.mean((res.z[n_train:] - target[n_train:]) ** 2) / np.var(target))
    assert error < 0.1
    assert np.all(res.dw_norm[n_train:] == 0) and np.any(res.dw_norm[:n_train] > 0)
    assert res.rates.shape == (n_train + n_test, 5)


def test_force_without_learning_keeps_a_zero_readout():
    res = force_learning(np.zeros(50), 0, n_neurons=20, seed=5)
    assert np.all(res.w == 0) and np.all(res.z == 0)


def test_force_is_deterministic_under_a_seed():
    target = np.sin(np.arange(300) / 20)
    a = force_learning(target, 200, n_neurons=50, seed=6)
    b = force_learning(target, 200, n_neurons=50, seed=6)
    np.testing.assert_array_equal(a.z, b.z)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_train": 11}, "n_train"),
        ({"n_train": -1}, "n_train"),
        ({"g": -1.0}, "g"),
        ({"p": 0.0}, "p"),
        ({"p": 1.5}, "p"),
        ({"tau": 0.0}, "tau"),
        ({"dt": -1.0}, "dt"),
        ({"alpha": 0.0}, "alpha"),
        ({"update_every": 0}, "update_every"),
        ({"n_neurons": 1}, "n_neurons"),
        ({"target": np.ones((3, 3))}, "target"),
    ],
)
def test_bad_arguments_are_rejected(kwargs, message):
    args = {"target": np.zeros(10), "n_train": 5, **kwargs}
    with pytest.raises((ValueError, TypeError), match=message):
        force_learning(**args)


def test_simulate_rate_network_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="J"):
        simulate_rate_network(np.zeros((3, 3)), np.zeros(4), 10)
    with pytest.raises(ValueError, match="n_steps"):
        simulate_rate_network(np.zeros((3, 3)), np.zeros(3), 0)


# --- bad input: every public function names the argument ---------------------------

_J = random_coupling(5, 1.5, seed=0)


def _force(**kwargs):
    args = {"target": np.sin(np.arange(20) / 3.0), "n_train": 10, "n_neurons": 10, "seed": 0}
    return force_learning(**{**args, **kwargs})


BAD_FORCE_CALLS = [
    (lambda: random_coupling(5, 1.0, p=np.nan), ValueError, "p must be a finite positive"),
    (lambda: random_coupling(5, 1.0, p=2.0), ValueError, r"p must lie in \(0, 1\]; got p=2.0"),
    (lambda: random_coupling(5.0, 1.0), TypeError, "n_neurons must be an integer"),
    (lambda: random_coupling(5, 1.0, seed=-2), ValueError, "seed must be a non-negative"),
    (lambda: simulate_rate_network(np.zeros((0, 0)), np.zeros(0), 3), ValueError,
     "x0 needs at least 1 samples; got 0"),
    (lambda: simulate_rate_network(_J, np.full(5, np.nan), 3), ValueError,
     "x0 must contain only finite"),
    (lambda: simulate_rate_network(_J[:, :4], np.zeros(5), 3), ValueError,
     r"J must have shape \(5, 5\) to match x0; got \(5, 4\)"),
    (lambda: simulate_rate_network(_J, np.zeros(5), 3, dt=30.0), ValueError,
     "dt must be smaller than tau for a stable Euler step; got dt=30.0, tau=10.0"),
    (lambda: simulate_rate_network(_J, np.zeros(5), 3, tau=np.nan), ValueError,
     "tau must be a finite positive"),
    (lambda: rls_update(np.eye(3).tolist(), np.zeros(3), np.ones(3), 0.5), TypeError,
     r"P must be a NumPy float array \(it is updated in place\); got a list"),
    (lambda: rls_update(np.eye(3), np.zeros(3, dtype=int), np.ones(3), 0.5), TypeError,
     "w must be a NumPy float array .* got an array of dtype int64"),
    (lambda: rls_update(np.eye(4), np.zeros(3), np.ones(3), 0.5), ValueError,
     r"P must have shape \(3, 3\) to match w; got \(4, 4\)"),
    (lambda: rls_update(np.eye(3), np.zeros(3), np.ones(2), 0.5), ValueError,
     r"r must have shape \(3,\) to match w; got \(2,\)"),
    (lambda: rls_update(np.eye(3), np.zeros(3), np.ones(3), np.nan), ValueError,
     "error must contain only finite"),
    (lambda: rls_update(np.eye(3), np.zeros(3), np.ones(3), [1.0, 2.0]), ValueError,
     "error must be 0-D"),
    (lambda: rls_update(np.eye(3), np.zeros(3), np.full(3, np.inf), 0.5), ValueError,
     "r must contain only finite"),
    (lambda: rls_update(np.full((3, 3), np.nan), np.zeros(3), np.ones(3), 0.5), ValueError,
     "P must contain only finite"),
    (lambda: _force(target=[]), ValueError, "target needs at least 1 samples"),
    (lambda: _force(target=[np.nan] * 3, n_train=1), ValueError, "target must contain only"),
    (lambda: _force(n_train=30), ValueError, r"n_train must be at most len\(target\)=20"),
    (lambda: _force(n_train=2.0), TypeError, "n_train must be an integer"),
    (lambda: _force(n_neurons="5"), TypeError, "n_neurons must be an integer"),
    (lambda: _force(g=-1.0), ValueError, "g must be a finite non-negative number"),
    (lambda: _force(dt=20.0), ValueError,
     "dt must be smaller than tau for a stable Euler step; got dt=20.0, tau=10.0"),
    (lambda: _force(alpha=np.inf), ValueError, "alpha must be a finite positive"),
    (lambda: _force(n_record=-1), ValueError, "n_record must be an integer >= 0"),
    (lambda: _force(n_record=11), ValueError, "n_record must be at most n_neurons=10; got 11"),
    (lambda: _force(seed=1.5), TypeError, "seed must be an int"),
]


@pytest.mark.parametrize("call, error, message", BAD_FORCE_CALLS)
def test_force_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_rls_update_changes_the_callers_arrays():
    P, w, r = np.eye(3), np.zeros(3), np.array([1.0, 0.0, 0.0])
    rls_update(P, w, r, -2.0)  # k = r, c = 1/2: P_00 = 1/2 and w_0 = 1
    np.testing.assert_allclose(np.diag(P), [0.5, 1.0, 1.0])
    np.testing.assert_allclose(w, [1.0, 0.0, 0.0])
