"""Tests of neurocomp.competition: weight bounds and inhibition."""

import numpy as np
import pytest

from neurocomp.competition import (
    bounded_hebbian,
    divisive_normalization,
    inhibitory_plasticity,
    k_winners_take_all,
)


def _inputs(seed=0, n=500, d=10):
    rng = np.random.default_rng(seed)
    loading = np.linspace(0, 1, d)
    common = rng.exponential(1.0, n)
    return np.maximum(1 + loading * (common[:, None] - 1) + 0.3 * rng.normal(size=(n, d)), 0)


def test_bounded_hebbian_respects_bounds_and_is_deterministic():
    X = _inputs()
    for bounds in ("hard", "soft"):
        W = bounded_hebbian(X, eta=0.1, bounds=bounds, n_epochs=3, seed=1)
        assert W.shape == (4, 10)
        assert np.all(W >= 0) and np.all(W <= 1)
        np.testing.assert_array_equal(W, bounded_hebbian(X, eta=0.1, bounds=bounds,
                                                         n_epochs=3, seed=1))


def test_soft_bounds_conserve_nothing_hard_bounds_conserve_the_sum_inside():
    # one pattern, weights far from the bounds: the hard-bounded drive sums to zero
    X = np.array([[1.0, 2.0, 3.0]])
    W = bounded_hebbian(X, eta=0.01, bounds="hard", w0=[0.5, 0.5, 0.5])
    np.testing.assert_allclose(W[-1].sum(), 1.5, rtol=1e-12)
    y = 0.5 * 6 / 3
    np.testing.assert_allclose(W[-1], 0.5 + 0.01 * y * (X[0] - 2.0), rtol=1e-12)


def test_k_winners_and_divisive_normalization():
    np.testing.assert_array_equal(k_winners_take_all([0.1, 0.5, 0.3], 1), [0, 0.5, 0])
    np.testing.assert_array_equal(k_winners_take_all([1.0, 1.0, 0.0], 1), [1.0, 0, 0])
    r = divisive_normalization([3.0, 1.0, 0.0, 1.0], sigma=1.0)
    np.testing.assert_allclose(r, [0.5, 1 / 6, 0, 1 / 6])
    r2 = divisive_normalization([[1.0, 1.0]], sigma=0.0, exponent=2.0, gain=2.0)
    np.testing.assert_allclose(r2, [[1.0, 1.0]])


def test_inhibitory_plasticity_sets_the_rate_independently_of_drive():
    rng = np.random.default_rng(3)
    w_exc = np.array([1.0, 2.0, 1.5])
    rates = []
    for scale in (1.0, 3.0):
        S = rng.exponential(1.0, (20_000, 3))
        res = inhibitory_plasticity(S, scale * w_exc, rho0=1.0, eta=2e-3)
        assert np.all(res.w_inh >= 0) and res.w_inh.shape == (201, 3)
        rates.append(res.y[-5000:].mean())
    np.testing.assert_allclose(rates[0], rates[1], rtol=0.05)
    assert 0.7 < rates[0] < 1.0


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: bounded_hebbian([[1.0, -1.0]]), "non-negative rates"),
        (lambda: bounded_hebbian([[1.0, 1.0]], bounds="medium"), "bounds must be one of"),
        (lambda: bounded_hebbian([[1.0, 1.0]], w0=[2.0, 0.0]), "w0 must have shape"),
        (lambda: bounded_hebbian([[1.0, 1.0]], eta=0), "eta must be a finite positive"),
        (lambda: k_winners_take_all([1.0, 2.0], 3), "k must be at most"),
        (lambda: k_winners_take_all([1.0, 2.0], 0), "k"),
        (lambda: divisive_normalization([-1.0]), "non-negative drives"),
        (lambda: divisive_normalization([0.0], sigma=0.0), "divides by zero"),
        (lambda: inhibitory_plasticity([[1.0, 1.0]], [1.0]), "w_exc must have shape"),
        (lambda: inhibitory_plasticity([[1.0]], [1.0], w_inh0=[-1.0]), "w_inh0 must have"),
        (lambda: inhibitory_plasticity([[-1.0]], [1.0]), "non-negative rates"),
    ],
)
def test_bad_arguments_are_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
