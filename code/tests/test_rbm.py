"""Tests of neurocomp.rbm: energy, free energy, conditionals, exact quantities, CD, DBN."""

import numpy as np
import pytest

from neurocomp.optim import numerical_gradient
from neurocomp.rbm import (
    RBM,
    DeepBeliefNet,
    binary_states,
    empirical_distribution,
    exact_gradients,
    log_likelihood,
    log_partition,
    total_variation,
    visible_distribution,
)


def _random_rbm(n_visible=5, n_hidden=3, scale=1.0, seed=0):
    rng = np.random.default_rng(seed)
    rbm = RBM(n_hidden, seed=seed)
    rbm.W = rng.normal(0, scale, (n_visible, n_hidden))
    rbm.b = rng.normal(0, scale, n_visible)
    rbm.c = rng.normal(0, scale, n_hidden)
    return rbm


def _joint(rbm):
    """Brute-force p(v, h) on the grid binary_states(n_v) x binary_states(n_h)."""
    V, H = binary_states(rbm.W.shape[0]), binary_states(rbm.W.shape[1])
    E = -(V @ rbm.b)[:, None] - (H @ rbm.c)[None, :] - V @ rbm.W @ H.T
    P = np.exp(-E)
    return P / P.sum(), np.log(np.exp(-E).sum()), E


def _data(n=40, n_visible=5, seed=1):
    return (np.random.default_rng(seed).random((n, n_visible)) < 0.4).astype(float)


# --- enumeration helpers ---------------------------------------------------------------


def test_binary_states_enumerate_binary_digits():
    S = binary_states(3)
    assert S.shape == (8, 3)
    np.testing.assert_array_equal(S[5], [1, 0, 1])
    assert len({tuple(s) for s in S}) == 8


def test_empirical_distribution_counts_states():
    V = np.array([[0, 0], [1, 1], [1, 1], [0, 1]], float)
    np.testing.assert_allclose(empirical_distribution(V), [0.25, 0.25, 0, 0.5])


def test_total_variation_of_disjoint_and_equal_distributions():
    assert total_variation([1, 0], [0, 1]) == pytest.approx(1.0)
    assert total_variation([0.3, 0.7], [0.3, 0.7]) == pytest.approx(0.0)


# --- energy, free energy, conditionals -------------------------------------------------


def test_energy_matches_the_double_sum():
    rbm = _random_rbm()
    v, h = np.array([[1, 0, 1, 1, 0.0]]), np.array([[0, 1, 1.0]])
    loop = -sum(rbm.b[i] * v[0, i] for i in range(5)) - sum(rbm.c[j] * h[0, j] for j in range(3))
    loop -= sum(v[0, i] * rbm.W[i, j] * h[0, j] for i in range(5) for j in range(3))
    assert rbm.energy(v, h)[0] == pytest.approx(loop)


def test_free_energy_equals_brute_force_marginal():
    rbm = _random_rbm()
    _, _, E = _joint(rbm)
    F = -np.log(np.exp(-E).sum(axis=1))
    np.testing.assert_allclose(rbm.free_energy(binary_states(5)), F, rtol=1e-12)


def test_log_partition_by_either_layer_equals_brute_force():
    for n_visible, n_hidden in [(5, 3), (3, 5)]:
        rbm = _random_rbm(n_visible, n_hidden)
        _, logZ, _ = _joint(rbm)
        assert log_partition(rbm) == pytest.approx(logZ, rel=1e-12)


def test_conditionals_factorise():
    rbm = _random_rbm()
    P, _, _ = _joint(rbm)
    V, H = binary_states(5), binary_states(3)
    p_h_given_v = P / P.sum(axis=1, keepdims=True)
    q = rbm.hidden_probs(V)
    product = np.prod(np.where(H[None] == 1, q[:, None], 1 - q[:, None]), axis=2)
    np.testing.assert_allclose(p_h_given_v, product, rtol=1e-10)
    p_v_given_h = (P / P.sum(axis=0, keepdims=True)).T
    r = rbm.visible_probs(H)
    product = np.prod(np.where(V[None] == 1, r[:, None], 1 - r[:, None]), axis=2)
    np.testing.assert_allclose(p_v_given_h, product, rtol=1e-10)


def test_visible_distribution_is_the_marginal():
    rbm = _random_rbm()
    P, _, _ = _joint(rbm)
    np.testing.assert_allclose(visible_distribution(rbm), P.sum(axis=1), rtol=1e-10)


# --- gradients and training ------------------------------------------------------------


def test_exact_gradients_match_finite_differences():
    rbm, X = _random_rbm(scale=0.5), _data()

    def ll_of(W):
        saved, rbm.W = rbm.W, W
        value = log_likelihood(rbm, X)
        rbm.W = saved
        return value

    dW, db, dc = exact_gradients(rbm, X)
    np.testing.assert_allclose(dW, numerical_gradient(ll_of, rbm.W), atol=1e-7)
    b0 = rbm.b.copy()

    def ll_of_b(b):
        rbm.b = b
        return log_likelihood(rbm, X)

    np.testing.assert_allclose(db, numerical_gradient(ll_of_b, b0), atol=1e-7)
    rbm.b = b0


def test_sampled_gradients_with_model_samples_approach_exact_gradients():
    rbm, X = _random_rbm(scale=0.5), _data()
    p = visible_distribution(rbm)
    rng = np.random.default_rng(3)
    V_model = binary_states(5)[rng.choice(32, size=200_000, p=p)]
    for sampled, exact in zip(rbm.gradients(X, V_model), exact_gradients(rbm, X)):
        np.testing.assert_allclose(sampled, exact, atol=0.01)


@pytest.mark.parametrize("options", [{"k": 1}, {"k": 3, "persistent": True}])
def test_training_raises_the_exact_log_likelihood(options):
    X = np.repeat(np.array([[1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1.0]]), 30, axis=0)
    rbm = RBM(3, learning_rate=0.1, n_epochs=1, batch_size=10, seed=0, **options).fit(X)
    before = log_likelihood(rbm, X)
    for _ in range(30):
        rbm.partial_fit(X)
    assert log_likelihood(rbm, X) > before + 1.0


def test_same_seed_same_parameters():
    X = _data()
    a = RBM(4, n_epochs=2, seed=5).fit(X)
    b = RBM(4, n_epochs=2, seed=5).fit(X)
    np.testing.assert_array_equal(a.W, b.W)


def test_gibbs_chains_reach_the_model_distribution():
    rbm = _random_rbm(4, 2, scale=1.0)
    V = rbm.sample(np.zeros((20_000, 4)), 50, seed=0)
    assert total_variation(empirical_distribution(V), visible_distribution(rbm)) < 0.03


def test_reconstruction_shapes_and_range():
    rbm = _random_rbm()
    R = rbm.reconstruct(_data())
    assert R.shape == (40, 5) and np.all((R >= 0) & (R <= 1))


def test_deep_belief_net_stacks_layers():
    X = _data(60, 8)
    dbn = DeepBeliefNet([5, 3], n_epochs=2, batch_size=10, seed=0).fit(X)
    assert [r.W.shape for r in dbn.rbms_] == [(8, 5), (5, 3)]
    np.testing.assert_allclose(
        dbn.transform(X), dbn.rbms_[1].hidden_probs(dbn.rbms_[0].hidden_probs(X)))
    G = dbn.generate(7, 3, seed=1)
    assert G.shape == (7, 8) and np.all((G >= 0) & (G <= 1))


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_hidden": 0}, ValueError, "n_hidden"),
        ({"n_hidden": 2.5}, TypeError, "n_hidden"),
        ({"learning_rate": -1.0}, ValueError, "learning_rate"),
        ({"k": 0}, ValueError, "k"),
        ({"batch_size": "10"}, TypeError, "batch_size"),
        ({"persistent": 1}, TypeError, "persistent"),
        ({"weight_decay": -0.1}, ValueError, "weight_decay"),
        ({"seed": -3}, ValueError, "seed"),
    ],
)
def test_bad_hyperparameters(kwargs, error, match):
    options = {"n_hidden": 3, **kwargs}
    with pytest.raises(error, match=match):
        RBM(**options)


def test_bad_data():
    rbm = RBM(3, seed=0)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        rbm.fit(np.array([[0, 2.0]]))
    with pytest.raises(ValueError, match="X must be 2-D"):
        rbm.fit(np.ones(4))
    with pytest.raises(RuntimeError, match="not fitted"):
        rbm.free_energy(np.ones((1, 4)))
    rbm.fit(_data())
    with pytest.raises(ValueError, match="5 columns"):
        rbm.hidden_probs(np.ones((2, 4)))
    with pytest.raises(ValueError, match="3 columns"):
        rbm.visible_probs(np.ones((2, 4)))
    with pytest.raises(ValueError, match="same number of rows"):
        rbm.energy(np.ones((2, 5)), np.ones((1, 3)))
    with pytest.raises(ValueError, match="n_steps"):
        rbm.sample(np.ones((2, 5)), -1)


def test_bad_enumeration_and_distribution_input():
    with pytest.raises(ValueError, match="n must be at most"):
        binary_states(40)
    with pytest.raises(ValueError, match="binary"):
        empirical_distribution(np.array([[0.5, 1.0]]))
    with pytest.raises(ValueError, match="same shape"):
        total_variation([0.5, 0.5], [1.0])
    with pytest.raises(ValueError, match="probability vector"):
        total_variation([0.5, 0.6], [0.5, 0.5])
    with pytest.raises(RuntimeError, match="not fitted"):
        log_partition(RBM(2))


def test_bad_deep_belief_net_arguments():
    with pytest.raises(TypeError, match="layer_sizes"):
        DeepBeliefNet(5)
    with pytest.raises(ValueError, match="at least one"):
        DeepBeliefNet([])
    with pytest.raises(ValueError, match="layer_sizes"):
        DeepBeliefNet([4, 0])
    with pytest.raises(ValueError, match="learning_rate"):
        DeepBeliefNet([4], learning_rate=0.0)
    with pytest.raises(RuntimeError, match="not fitted"):
        DeepBeliefNet([4]).transform(np.ones((1, 3)))


_XB = (np.arange(12).reshape(4, 3) % 2).astype(float)
_FITTED = RBM(2, n_epochs=1, seed=0).fit(_XB)
_DBN = DeepBeliefNet([2], n_epochs=1, seed=0).fit(_XB)

BAD_RBM_CALLS = [
    (lambda: RBM(2).fit(np.zeros((3, 0))), ValueError,
     r"X must have at least one column \(unit\); got shape \(3, 0\)"),
    (lambda: RBM(2).fit(np.zeros((0, 3))), ValueError, "X needs at least 1 samples"),
    (lambda: RBM(2).fit(_XB * np.nan), ValueError, "X must contain only finite values"),
    (lambda: RBM(2, persistent="yes"), TypeError, "persistent must be True or False"),
    (lambda: RBM(2).reconstruct(_XB), RuntimeError, "RBM is not fitted yet"),
    (lambda: RBM(2).hidden_probs(_XB), RuntimeError, "RBM is not fitted yet"),
    (lambda: RBM(2).visible_probs(np.ones((1, 2))), RuntimeError, "RBM is not fitted yet"),
    (lambda: _FITTED.reconstruct(np.zeros((2, 2))), ValueError, "V must have 3 columns"),
    (lambda: _FITTED.gradients(_XB, np.zeros((2, 2))), ValueError, "V_model must have 3 columns"),
    (lambda: _FITTED.update(np.zeros((2, 2))), ValueError, "V_batch must have 3 columns"),
    (lambda: _FITTED.sample(_XB, 1.0), TypeError, "n_steps must be an integer"),
    (lambda: _FITTED.gibbs_step(_XB, seed="a"), TypeError, "seed must be an int"),
    (lambda: DeepBeliefNet([2], seed="x"), TypeError, "seed must be an int"),
    (lambda: DeepBeliefNet([2, 0]), ValueError, r"layer_sizes\[1\] must be an integer >= 1"),
    (lambda: DeepBeliefNet([2], n_hidden=3), TypeError, "rbm_options must not contain n_hidden"),
    (lambda: DeepBeliefNet([2], foo=1), TypeError, "foo"),
    (lambda: _DBN.transform(np.zeros((2, 2))), ValueError, "X must have 3 columns"),
    (lambda: _DBN.transform(_XB * 2), ValueError, r"X must hold values in \[0, 1\]"),
    (lambda: _DBN.generate(0, 1), ValueError, "n_samples must be an integer >= 1"),
    (lambda: _DBN.generate(2, -1), ValueError, "n_steps must be an integer >= 0"),
    (lambda: DeepBeliefNet([2]).generate(2, 1), RuntimeError, "DeepBeliefNet is not fitted"),
    (lambda: binary_states(0), ValueError, "n must be an integer >= 1"),
    (lambda: log_partition("x"), TypeError, "rbm must be an RBM; got str"),
    (lambda: log_likelihood(None, _XB), TypeError, "rbm must be an RBM; got NoneType"),
    (lambda: visible_distribution(5), TypeError, "rbm must be an RBM; got int"),
    (lambda: exact_gradients(3, _XB), TypeError, "rbm must be an RBM; got int"),
    (lambda: exact_gradients(_FITTED, np.zeros((2, 2))), ValueError, "X must have 3 columns"),
    (lambda: log_likelihood(_FITTED, np.zeros((2, 2))), ValueError, "V must have 3 columns"),
    (lambda: empirical_distribution([[0.5, 1.0]]), ValueError,
     r"V must hold binary states \(0 or 1 only\); found \[0.5\]"),
    (lambda: empirical_distribution(np.zeros((2, 0))), ValueError,
     "V must have 1 to 24 columns; got 0"),
    (lambda: total_variation([], []), ValueError, "p needs at least 1 samples"),
    (lambda: total_variation([np.nan, 1.0], [1.0, 0.0]), ValueError, "p must contain only finite"),
]


@pytest.mark.parametrize("call, error, message", BAD_RBM_CALLS)
def test_rbm_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
