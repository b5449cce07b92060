"""Tests of neurocomp.hebbian: exact single steps, convergence to known answers, errors."""

import numpy as np
import pytest

from neurocomp import hebbian


def _gaussian(n=2000, seed=0, mean=(0.0, 0.0)):
    rng = np.random.default_rng(seed)
    C = np.array([[3.0, 1.0], [1.0, 1.0]])
    return rng.multivariate_normal(mean, C, size=n)


def _leading(M):
    values, vectors = np.linalg.eigh(M)
    return values[::-1], vectors[:, ::-1].T


# --- single steps against the formulas ----------------------------------------------


def test_single_steps_match_the_rules():
    x, w0 = np.array([[1.0, 2.0]]), np.array([0.5, -0.25])
    y = w0 @ x[0]  # = 0
    np.testing.assert_allclose(hebbian.hebb(x, eta=0.1, w0=w0)[-1], w0 + 0.1 * y * x[0])
    w0 = np.array([0.5, 0.25])
    y = w0 @ x[0]  # = 1
    np.testing.assert_allclose(hebbian.hebb(x, eta=0.1, w0=w0)[-1], w0 + 0.1 * x[0])
    np.testing.assert_allclose(hebbian.oja(x, eta=0.1, w0=w0)[-1],
                               w0 + 0.1 * y * (x[0] - y * w0))
    # with one sample the mean is x itself: the covariance rule does nothing
    np.testing.assert_allclose(hebbian.covariance_rule(x, eta=0.1, w0=w0)[-1], w0)


def test_sanger_step_and_first_row_is_oja():
    rng = np.random.default_rng(1)
    x, W0 = rng.normal(size=(1, 4)), rng.normal(size=(3, 4))
    y = W0 @ x[0]
    expected = W0.copy()
    for i in range(3):
        expected[i] += 0.05 * y[i] * (x[0] - y[: i + 1] @ W0[: i + 1])
    np.testing.assert_allclose(hebbian.sanger(x, 3, eta=0.05, W0=W0)[-1], expected)
    np.testing.assert_allclose(hebbian.sanger(x, 3, eta=0.05, W0=W0)[-1, 0],
                               hebbian.oja(x, eta=0.05, w0=W0[0])[-1])


def test_bcm_step_and_threshold_update():
    x, w0 = np.array([[1.0, 0.5]]), np.array([1.0, 2.0])
    out = hebbian.bcm(x, eta=0.1, tau_theta=4.0, w0=w0, theta0=1.0)
    y = 2.0  # w0·x
    np.testing.assert_allclose(out.w[-1], w0 + 0.1 * x[0] * y * (y - 1.0))
    assert out.theta[-1] == pytest.approx(1.0 + (y**2 - 1.0) / 4.0)
    silent = hebbian.bcm(-x, eta=0.1, w0=w0, theta0=1.0)  # rectified output 0: no change
    np.testing.assert_allclose(silent.w[-1], w0)


def test_competitive_moves_only_the_winner_without_leak():
    W0 = np.array([[0.0, 0.0], [10.0, 10.0]])
    x = np.array([[1.0, 2.0]])
    W = hebbian.competitive_learning(x, 2, eta=0.5, W0=W0)[-1]
    np.testing.assert_allclose(W, [[0.5, 1.0], [10.0, 10.0]])
    leaky = hebbian.competitive_learning(x, 2, eta=0.5, eta_loser=0.1, W0=W0)[-1]
    np.testing.assert_allclose(leaky[1], W0[1] + 0.1 * (x[0] - W0[1]))


def test_intrinsic_plasticity_step():
    a, b, x, mu, eta = 2.0, -1.0, 0.3, 0.2, 0.01
    y = 1 / (1 + np.exp(-(a * x + b)))
    db = eta * (1 - (2 + 1 / mu) * y + y**2 / mu)
    out = hebbian.intrinsic_plasticity([x], mu=mu, eta=eta, a0=a, b0=b)
    assert out.b[-1] == pytest.approx(b + db)
    assert out.a[-1] == pytest.approx(a + eta / a + x * db)


def test_associator_is_the_outer_product_sum_and_recalls_orthonormal_keys():
    X = np.eye(4)[:3]  # orthonormal keys
    T = np.array([[1.0, -1.0], [2.0, 0.0], [0.0, 3.0]])
    W = hebbian.hebbian_associator(X, T)
    np.testing.assert_allclose(W, sum(np.outer(t, x) for t, x in zip(T, X)) / 3)
    np.testing.assert_allclose(X @ W.T * 3, T)  # perfect recall up to 1/N


# --- convergence to known answers -----------------------------------------------------


def test_oja_converges_to_first_principal_component_and_hebb_diverges():
    X = _gaussian()
    X -= X.mean(axis=0)
    _, U = _leading(X.T @ X / len(X))
    w = hebbian.oja(X, eta=0.002, n_epochs=2, seed=0)[-1]
    assert abs(w @ U[0]) / np.linalg.norm(w) > 0.999
    assert np.linalg.norm(w) == pytest.approx(1.0, abs=0.02)
    W_hebb = hebbian.hebb(X, eta=0.002, n_epochs=1, seed=0)
    assert np.linalg.norm(W_hebb[-1]) > 1e3 * np.linalg.norm(W_hebb[0])
    assert abs(W_hebb[-1] @ U[0]) / np.linalg.norm(W_hebb[-1]) > 0.999


def test_covariance_rule_follows_covariance_not_correlation():
    X = _gaussian(mean=(3.0, -3.0))
    Xc = X - X.mean(axis=0)
    _, U_cov = _leading(Xc.T @ Xc / len(X))
    _, U_corr = _leading(X.T @ X / len(X))
    assert abs(U_cov[0] @ U_corr[0]) < 0.9  # the two answers differ for this data
    w = hebbian.covariance_rule(X, eta=0.002, n_epochs=2, seed=0)[-1]
    assert abs(w @ U_cov[0]) / np.linalg.norm(w) > 0.999


def test_sanger_recovers_ordered_orthonormal_components():
    rng = np.random.default_rng(3)
    Q, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    X = rng.normal(size=(3000, 5)) * np.sqrt([5.0, 3.0, 1.5, 0.5, 0.2]) @ Q.T
    X -= X.mean(axis=0)
    _, U = _leading(X.T @ X / len(X))
    W = hebbian.sanger(X, 3, eta=0.003, n_epochs=3, seed=0)[-1]
    for eta in (0.0005, 0.0001):
        W = hebbian.sanger(X, 3, eta=eta, n_epochs=2, W0=W, seed=0)[-1]
    cos = np.abs(np.sum(W * U[:3], axis=1)) / np.linalg.norm(W, axis=1)
    assert cos.min() > 0.999
    np.testing.assert_allclose(W @ W.T, np.eye(3), atol=0.02)


def test_bcm_becomes_selective():
    rng = np.random.default_rng(0)
    patterns = np.eye(4) + 0.2
    X = patterns[rng.integers(4, size=20_000)]
    out = hebbian.bcm(X, eta=0.002, tau_theta=20, w0=np.full(4, 0.05), record_every=10, seed=0)
    late = np.maximum(out.w[-500:] @ patterns.T, 0).mean(axis=0)
    assert hebbian.selectivity(late) > 0.95 * 0.75
    assert late.max() == pytest.approx(4.0, rel=0.1)  # fixed point y = K


def test_competitive_learning_finds_cluster_means():
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]])
    labels = np.repeat(np.arange(3), 300)
    X = centres[labels] + 0.3 * rng.normal(size=(900, 2))
    W0 = X[[0, 300, 600]]  # one start in each cluster
    W = hebbian.competitive_learning(X, 3, eta=0.01, n_epochs=3, W0=W0, seed=0)[-1]
    means = np.array([X[labels == c].mean(axis=0) for c in range(3)])
    np.testing.assert_allclose(W, means, atol=0.1)


def test_anti_hebbian_decorrelates():
    rng = np.random.default_rng(0)
    X = rng.multivariate_normal([0, 0], [[1.0, 0.9], [0.9, 1.0]], size=2000)
    M = hebbian.anti_hebbian_decorrelation(X, eta=0.005, n_epochs=3, seed=0)[-1]
    Y = np.linalg.solve(np.eye(2) - M, X.T).T
    assert M[0, 1] < 0 and M[0, 0] == 0
    assert abs(np.corrcoef(Y.T)[0, 1]) < 0.05


def test_intrinsic_plasticity_reaches_target_mean():
    x = np.random.default_rng(0).normal(size=3000)
    out = hebbian.intrinsic_plasticity(x, mu=0.15, eta=0.005, n_epochs=4, seed=0)
    y = 1 / (1 + np.exp(-(out.a[-1] * x + out.b[-1])))
    assert y.mean() == pytest.approx(0.15, rel=0.08)


def test_selectivity_values():
    assert hebbian.selectivity([1.0, 1.0, 1.0]) == pytest.approx(0.0)
    assert hebbian.selectivity([0.0, 0.0, 0.0, 2.0]) == pytest.approx(0.75)


# --- conventions: determinism, recording, shapes --------------------------------------


def test_same_seed_same_trajectory_and_record_every():
    X = _gaussian(n=100)
    a = hebbian.oja(X, eta=0.01, n_epochs=3, seed=5)
    b = hebbian.oja(X, eta=0.01, n_epochs=3, seed=5)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (301, 2)
    sparse = hebbian.oja(X, eta=0.01, n_epochs=3, record_every=50, seed=5)
    assert sparse.shape == (7, 2)
    np.testing.assert_array_equal(sparse[-1], a[-1])
    assert hebbian.sanger(X, 2, record_every=100, seed=0).shape == (2, 2, 2)
    assert hebbian.competitive_learning(X, 3, seed=0).shape == (101, 3, 2)
    assert hebbian.anti_hebbian_decorrelation(X, seed=0).shape == (101, 2, 2)
    res = hebbian.bcm(X, n_epochs=2, seed=0)
    assert res.w.shape == (201, 2) and res.theta.shape == (201,)


# --- error paths -------------------------------------------------------------------------


@pytest.mark.parametrize("rule", [hebbian.hebb, hebbian.covariance_rule, hebbian.oja])
def test_single_neuron_rules_reject_bad_input(rule):
    X = _gaussian(n=10)
    with pytest.raises(ValueError, match="X must be 2-D"):
        rule(X[:, 0])
    with pytest.raises(ValueError, match="eta must be a finite positive"):
        rule(X, eta=-0.1)
    with pytest.raises(TypeError, match="eta must be a real number"):
        rule(X, eta="big")
    with pytest.raises(ValueError, match="n_epochs must be an integer >= 1"):
        rule(X, n_epochs=0)
    with pytest.raises(TypeError, match="record_every must be an integer"):
        rule(X, record_every=2.5)
    with pytest.raises(ValueError, match=r"w0 must have shape \(2,\)"):
        rule(X, w0=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="X must contain only finite"):
        rule(np.array([[np.nan, 1.0]]))
    with pytest.raises(TypeError, match="seed must be"):
        rule(X, seed=1.5)


def test_other_rules_reject_bad_input():
    X = _gaussian(n=10)
    with pytest.raises(ValueError, match="n_components must be at most n_features=2"):
        hebbian.sanger(X, 3)
    with pytest.raises(ValueError, match=r"W0 must have shape \(1, 2\)"):
        hebbian.sanger(X, 1, W0=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="tau_theta must be at least 1"):
        hebbian.bcm(X, tau_theta=0.5)
    with pytest.raises(ValueError, match="theta0 must be a finite non-negative"):
        hebbian.bcm(X, theta0=-1.0)
    with pytest.raises(ValueError, match="need 0 <= eta_loser < eta <= 1"):
        hebbian.competitive_learning(X, 2, eta=1.5)
    with pytest.raises(ValueError, match="need 0 <= eta_loser < eta <= 1"):
        hebbian.competitive_learning(X, 2, eta=0.1, eta_loser=0.2)
    with pytest.raises(ValueError, match="n_units must be at most n_samples=10"):
        hebbian.competitive_learning(X, 11)
    with pytest.raises(TypeError, match="n_units must be an integer"):
        hebbian.competitive_learning(X, "two")
    with pytest.raises(ValueError, match=r"M0 must have shape \(2, 2\)"):
        hebbian.anti_hebbian_decorrelation(X, M0=np.zeros(3))
    with pytest.raises(ValueError, match="mu must lie in \\(0, 1\\)"):
        hebbian.intrinsic_plasticity(X[:, 0], mu=1.5)
    with pytest.raises(ValueError, match="a0 must be a finite positive"):
        hebbian.intrinsic_plasticity(X[:, 0], a0=0.0)
    with pytest.raises(ValueError, match="x must be 1-D"):
        hebbian.intrinsic_plasticity(X)
    with pytest.raises(ValueError, match="X and T must have the same number of rows"):
        hebbian.hebbian_associator(X, np.zeros((9, 2)))
    with pytest.raises(ValueError, match="T must be 2-D"):
        hebbian.hebbian_associator(X, np.zeros(10))
    with pytest.raises(ValueError, match="responses must be non-negative"):
        hebbian.selectivity([0.0, -1.0])
    with pytest.raises(ValueError, match="responses must be non-negative"):
        hebbian.selectivity([0.0, 0.0])


# --- bad input: every public function names the argument ---------------------------

_X = np.random.default_rng(0).normal(size=(10, 2))

BAD_HEBBIAN_CALLS = [
    *[(lambda rule=rule: rule(np.zeros((3, 0))), ValueError,
       r"X must have at least one feature \(column\); got shape \(3, 0\)")
      for rule in (hebbian.hebb, hebbian.covariance_rule, hebbian.oja, hebbian.bcm,
                   hebbian.anti_hebbian_decorrelation)],
    (lambda: hebbian.hebb(np.zeros((0, 2))), ValueError, "X needs at least 1 samples"),
    (lambda: hebbian.oja(_X, w0=[np.nan, 1.0]), ValueError, "w0 must contain only finite"),
    (lambda: hebbian.covariance_rule(_X, n_epochs=1.0), TypeError, "n_epochs must be an integer"),
    (lambda: hebbian.sanger(np.zeros((3, 0)), 1), ValueError, "X must have at least one feature"),
    (lambda: hebbian.sanger(_X, 1.0), TypeError, "n_components must be an integer"),
    (lambda: hebbian.sanger(_X, 1, W0=np.full((1, 2), np.nan)), ValueError,
     "W0 must contain only finite"),
    (lambda: hebbian.bcm(_X, theta0=np.nan), ValueError, "theta0 must be a finite non-negative"),
    (lambda: hebbian.bcm(_X, tau_theta="20"), TypeError, "tau_theta must be a real number"),
    (lambda: hebbian.selectivity([]), ValueError, "responses needs at least 1 samples"),
    (lambda: hebbian.selectivity([np.nan, 1.0]), ValueError, "responses must contain only finite"),
    (lambda: hebbian.competitive_learning(_X, 0), ValueError, "n_units must be an integer >= 1"),
    (lambda: hebbian.competitive_learning(_X, 2, W0=np.full((2, 2), np.nan)), ValueError,
     "W0 must contain only finite"),
    (lambda: hebbian.competitive_learning(_X, 2, eta_loser=-0.1), ValueError,
     "eta_loser must be a finite non-negative"),
    (lambda: hebbian.anti_hebbian_decorrelation(_X, M0=[[0.0, 1.0], [1.0, 0.0]]), ValueError,
     "M0 must leave I - M invertible"),
    (lambda: hebbian.anti_hebbian_decorrelation(_X, M0=np.full((2, 2), np.nan)), ValueError,
     "M0 must contain only finite"),
    (lambda: hebbian.intrinsic_plasticity([]), ValueError, "x needs at least 1 samples"),
    (lambda: hebbian.intrinsic_plasticity([1.0], mu=0.0), ValueError, "mu must be a finite"),
    (lambda: hebbian.intrinsic_plasticity([1.0], b0=np.nan), ValueError,
     "b0 must contain only finite"),
    (lambda: hebbian.intrinsic_plasticity([1.0], b0=[1.0, 2.0]), ValueError, "b0 must be 0-D"),
    (lambda: hebbian.intrinsic_plasticity([1.0], b0=True), TypeError,
     "b0 must be a real number; got True"),
    (lambda: hebbian.intrinsic_plasticity([1.0], record_every=0), ValueError,
     "record_every must be an integer >= 1"),
    (lambda: hebbian.hebbian_associator(np.zeros((3, 0)), np.zeros((3, 1))), ValueError,
     r"X must have at least one feature \(column\)"),
    (lambda: hebbian.hebbian_associator(_X, np.zeros((10, 0))), ValueError,
     r"T must have at least one feature \(column\); got shape \(10, 0\)"),
    (lambda: hebbian.hebbian_associator(_X, np.full((10, 1), np.nan)), ValueError,
     "T must contain only finite"),
]


@pytest.mark.parametrize("call, error, message", BAD_HEBBIAN_CALLS)
def test_hebbian_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
