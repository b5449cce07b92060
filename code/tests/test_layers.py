"""Tests of neurocomp.layers: weight initialisation, batch normalisation, inverted dropout."""

import numpy as np
import pytest

from neurocomp.layers import BatchNorm, dropout, init_std, init_weights


def test_init_std_formulas():
    assert init_std(300, 100, "glorot") == pytest.approx(np.sqrt(2 / 400))
    assert init_std(300, 100, "he") == pytest.approx(np.sqrt(2 / 300))
    assert init_std(300, 100, "naive", std=0.5) == 0.5


@pytest.mark.parametrize("distribution", ["normal", "uniform"])
@pytest.mark.parametrize("scheme", ["glorot", "he"])
def test_init_weights_shape_mean_and_variance(scheme, distribution):
    W = init_weights(400, 600, scheme, distribution=distribution, seed=0)
    assert W.shape == (400, 600)
    sigma = init_std(400, 600, scheme)
    assert abs(W.mean()) < 5 * sigma / np.sqrt(W.size)
    assert W.var() == pytest.approx(sigma**2, rel=0.01)
    if distribution == "uniform":
        assert np.abs(W).max() <= np.sqrt(3) * sigma


def test_init_weights_is_reproducible():
    np.testing.assert_array_equal(init_weights(5, 3, seed=7), init_weights(5, 3, seed=7))
    assert not np.array_equal(init_weights(5, 3, seed=7), init_weights(5, 3, seed=8))


def test_he_keeps_relu_activations_at_constant_scale():
    rng = np.random.default_rng(1)
    h = rng.normal(size=(500, 300))
    second_moments = []
    for _ in range(10):
        z = h @ init_weights(300, 300, "he", seed=rng)
        second_moments.append(np.mean(z**2))
        h = np.maximum(z, 0.0)
    assert max(second_moments) / min(second_moments) < 1.5


def test_init_rejects_bad_arguments():
    with pytest.raises(ValueError, match="scheme"):
        init_weights(3, 3, "xavier")
    with pytest.raises(ValueError, match="distribution"):
        init_weights(3, 3, distribution="cauchy")
    with pytest.raises(ValueError, match="fan_in"):
        init_std(0, 3)
    with pytest.raises(TypeError, match="fan_out"):
        init_std(3, 2.5)
    with pytest.raises(ValueError, match="std"):
        init_weights(3, 3, "naive", std=-1.0)


def test_batchnorm_training_mode_standardises_each_feature():
    rng = np.random.default_rng(2)
    X = rng.normal(loc=[5.0, -3.0, 0.0], scale=[10.0, 0.1, 2.0], size=(64, 3))
    bn = BatchNorm(3, epsilon=1e-12)
    Y = bn.forward(X, training=True)
    np.testing.assert_allclose(Y.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Y.std(axis=0), 1.0, rtol=1e-9)
    # the same numbers from scipy-style standardisation with the population std
    np.testing.assert_allclose(Y, (X - X.mean(0)) / X.std(0), rtol=1e-8)


def test_batchnorm_scale_shift_and_running_statistics():
    rng = np.random.default_rng(3)
    X1, X2 = rng.normal(2.0, 3.0, size=(2, 50, 4))
    bn = BatchNorm(4, momentum=0.9, epsilon=1e-3)
    bn.gamma = np.array([1.0, 2.0, 0.5, -1.0])
    bn.beta = np.array([0.0, 1.0, -1.0, 3.0])
    Y = bn.forward(X1, training=True)
    np.testing.assert_allclose(Y.mean(0), bn.beta, atol=1e-12)
    np.testing.assert_allclose(Y.var(0), bn.gamma**2 * X1.var(0) / (X1.var(0) + 1e-3))
    bn.forward(X2, training=True)
    mean = 0.9 * (0.9 * 0.0 + 0.1 * X1.mean(0)) + 0.1 * X2.mean(0)
    var = 0.9 * (0.9 * 1.0 + 0.1 * X1.var(0)) + 0.1 * X2.var(0)
    np.testing.assert_allclose(bn.running_mean, mean)
    np.testing.assert_allclose(bn.running_var, var)
    # inference: running statistics, and one sample does not depend on the others
    Y_inf = bn.forward(X1[:1], training=False)
    np.testing.assert_allclose(Y_inf, bn.gamma * (X1[:1] - mean) / np.sqrt(var + 1e-3) + bn.beta)
    np.testing.assert_allclose(bn.running_mean, mean)  # inference leaves the statistics alone


def test_batchnorm_rejects_bad_input():
    with pytest.raises(ValueError, match="n_features"):
        BatchNorm(0)
    with pytest.raises(ValueError, match="momentum"):
        BatchNorm(3, momentum=1.0)
    with pytest.raises(TypeError, match="momentum"):
        BatchNorm(3, momentum="high")
    with pytest.raises(ValueError, match="epsilon"):
        BatchNorm(3, epsilon=0)
    bn = BatchNorm(3)
    with pytest.raises(ValueError, match="3 columns"):
        bn.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="2-D"):
        bn.forward(np.zeros(3))
    with pytest.raises(ValueError, match="at least 2 samples"):
        bn.forward(np.zeros((1, 3)), training=True)
    with pytest.raises(TypeError, match="training"):
        bn.forward(np.zeros((4, 3)), training="yes")


def test_dropout_inference_is_identity_and_training_scales_kept_units():
    X = np.arange(1.0, 13.0).reshape(3, 4)
    np.testing.assert_array_equal(dropout(X, 0.5, training=False), X)
    Y, mask = dropout(X, 0.25, seed=0, return_mask=True)
    np.testing.assert_allclose(Y[mask], X[mask] / 0.75)
    np.testing.assert_array_equal(Y[~mask], 0.0)
    np.testing.assert_array_equal(dropout(X, 0.0, seed=0), X)


def test_dropout_keeps_the_right_fraction_and_the_mean():
    X = np.full((400, 500), 2.0)
    Y, mask = dropout(X, 0.3, seed=1, return_mask=True)
    assert mask.mean() == pytest.approx(0.7, abs=0.005)
    assert Y.mean() == pytest.approx(2.0, rel=0.01)


def test_dropout_is_reproducible_and_rejects_bad_rates():
    X = np.ones((5, 5))
    np.testing.assert_array_equal(dropout(X, 0.5, seed=3), dropout(X, 0.5, seed=3))
    with pytest.raises(ValueError, match="rate"):
        dropout(X, 1.0)
    with pytest.raises(ValueError, match="rate"):
        dropout(X, -0.1)
    with pytest.raises(TypeError, match="rate"):
        dropout(X, "half")
    with pytest.raises(TypeError, match="training"):
        dropout(X, 0.5, training=None)
    with pytest.raises(ValueError, match="finite"):
        dropout([np.nan], 0.5)


# --- bad-input audit (issue 11): one call per error path ------------------------------------

BAD_LAYERS_CALLS = [
    (lambda: dropout(np.ones(3), 0.5, return_mask="yes"), TypeError,
     "return_mask must be True or False; got 'yes'"),
    (lambda: dropout(np.ones(3), 0.5, return_mask=1), TypeError,
     "return_mask must be True or False; got 1"),
    (lambda: dropout(np.ones(3), 0.5, training=False, seed=-1), ValueError,
     "seed must be a non-negative integer; got seed=-1"),
    (lambda: dropout(np.ones(3), 0.5, training="no"), TypeError,
     "training must be True or False; got 'no'"),
    (lambda: dropout(np.ones(3), np.nan), ValueError, r"rate must be in \[0, 1\); got rate=nan"),
    (lambda: BatchNorm(3).forward(np.ones((0, 3)), training=False), ValueError,
     "X needs at least 1 samples; got 0"),
    (lambda: BatchNorm(3).forward(np.full((4, 3), np.inf)), ValueError,
     "X must contain only finite values"),
    (lambda: BatchNorm(2, momentum=np.nan), ValueError, r"momentum must be in \[0, 1\)"),
    (lambda: BatchNorm(2, epsilon=np.inf), ValueError, "epsilon must be a finite positive"),
    (lambda: init_std(2, 3, None), ValueError, "scheme must be one of"),
    (lambda: init_weights(2, 3, seed="x"), TypeError, "seed must be an int"),
]


@pytest.mark.parametrize("call, error, message", BAD_LAYERS_CALLS)
def test_layers_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_dropout_inference_keeps_the_seeds_stream():
    rng = np.random.default_rng(5)
    dropout(np.ones(4), 0.5, training=False, seed=rng)  # draws nothing
    np.testing.assert_array_equal(dropout(np.ones(4), 0.5, seed=rng),
                                  dropout(np.ones(4), 0.5, seed=5))
