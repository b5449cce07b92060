"""Tests of neurocomp.autoencoder: NumPy helpers against independent oracles, Keras builders."""

import numpy as np
import pytest

from neurocomp.autoencoder import (
    cluster_accuracy,
    corrupt,
    gaussian_kl,
    gaussian_log_density,
    pca_basis,
    principal_angles,
)
from neurocomp.utils import setup_tensorflow

keras = setup_tensorflow(0)

import tensorflow as tf  # noqa: E402

from neurocomp.autoencoder import (  # noqa: E402
    build_autoencoder,
    build_vae_decoder,
    build_vae_encoder,
    encoder_of,
    negative_elbo,
)


# ----------------------------------------------------------------------------- corrupt

def test_masking_noise_zeroes_the_expected_fraction_and_keeps_the_rest():
    X = np.full((200, 50), 0.7)
    Y = corrupt(X, 0.3, kind="mask", seed=1)
    assert set(np.unique(Y)) <= {0.0, 0.7}
    assert abs(np.mean(Y == 0) - 0.3) < 0.02
    np.testing.assert_array_equal(Y, corrupt(X, 0.3, kind="mask", seed=1))


def test_masking_keeps_float32_inputs_in_float32_with_the_same_values():
    X = np.random.default_rng(4).random((30, 8))
    Y32 = corrupt(X.astype(np.float32), 0.4, kind="mask", seed=5)
    assert Y32.dtype == np.float32
    Y64 = corrupt(X.astype(np.float32).astype(np.float64), 0.4, kind="mask", seed=5)
    assert Y64.dtype == np.float64
    np.testing.assert_array_equal(Y32, Y64.astype(np.float32))
    assert corrupt(X.astype(np.float32), 0.1, kind="gaussian", seed=5).dtype == np.float64


@pytest.mark.parametrize("kind", ["mask", "gaussian"])
def test_corrupt_rejects_inputs_outside_the_unit_interval(kind):
    # Values outside [0, 1] used to be clipped silently (gaussian) or passed through (mask).
    for X in (np.array([[0.2, 1.5]]), np.array([[-0.1, 0.5]]), np.full((2, 2), 255.0)):
        with pytest.raises(ValueError, match=r"X must hold values in \[0, 1\]"):
            corrupt(X, 0.1, kind=kind, seed=0)
    corrupt(np.array([[0.0, 1.0]]), 0.1, kind=kind, seed=0)  # the bounds themselves are fine


def test_gaussian_noise_is_clipped_to_the_unit_interval():
    X = np.random.default_rng(0).random((100, 20))
    Y = corrupt(X, 0.5, kind="gaussian", seed=2)
    assert Y.min() >= 0 and Y.max() <= 1 and not np.allclose(X, Y)
    np.testing.assert_array_equal(corrupt(X, 0.0, kind="gaussian", seed=3), X)


def test_corrupt_rejects_bad_arguments():
    with pytest.raises(ValueError, match="level must be a probability"):
        corrupt(np.zeros((2, 2)), 1.0)
    with pytest.raises(ValueError, match="level must be a finite non-negative"):
        corrupt(np.zeros((2, 2)), -0.1)
    with pytest.raises(ValueError, match="kind must be one of"):
        corrupt(np.zeros((2, 2)), 0.1, kind="salt")
    with pytest.raises(ValueError, match="X must be 2-D"):
        corrupt(np.zeros(3), 0.1)


# ------------------------------------------------------------------- PCA and subspaces

def test_pca_basis_matches_the_eigenvectors_of_the_covariance():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 5)) @ np.diag([5.0, 3.0, 2.0, 1.0, 0.5]) + 4.0
    mean, V = pca_basis(X, 2)
    np.testing.assert_allclose(mean, X.mean(axis=0))
    evals, evecs = np.linalg.eigh(np.cov(X.T))
    top = evecs[:, ::-1][:, :2]
    np.testing.assert_allclose(np.abs(V.T @ top), np.eye(2), atol=1e-8)
    np.testing.assert_allclose(V.T @ V, np.eye(2), atol=1e-12)


def test_principal_angles_of_known_subspaces():
    e = np.eye(3)
    np.testing.assert_allclose(principal_angles(e[:, :2], e[:, :2] @ [[2, 1], [0, 3]]), 0, atol=1e-7)
    theta = 0.3
    B = np.array([[1, 0], [0, np.cos(theta)], [0, np.sin(theta)]])
    np.testing.assert_allclose(principal_angles(e[:, :2], B), [0, theta], atol=1e-12)
    np.testing.assert_allclose(principal_angles(e[:, :1], e[:, 1:]), [np.pi / 2])
    from scipy.linalg import subspace_angles  # an independent implementation
    rng = np.random.default_rng(1)
    A, C = rng.standard_normal((10, 3)), rng.standard_normal((10, 3))
    np.testing.assert_allclose(principal_angles(A, C), np.sort(subspace_angles(A, C)), atol=1e-10)


def test_subspace_functions_reject_bad_arguments():
    with pytest.raises(ValueError, match="k must be at most"):
        pca_basis(np.zeros((3, 2)), 3)
    with pytest.raises(TypeError, match="k must be an integer"):
        pca_basis(np.zeros((3, 2)), 1.5)
    with pytest.raises(ValueError, match="same number of rows"):
        principal_angles(np.ones((3, 1)), np.ones((4, 1)))
    with pytest.raises(ValueError, match="B must have linearly independent columns"):
        principal_angles(np.eye(3)[:, :1], np.ones((3, 2)))


# ------------------------------------------------------------------- Gaussian densities

def test_gaussian_kl_against_scipy_entropy_and_special_cases():
    assert gaussian_kl(np.zeros(4), np.zeros(4)) == 0.0
    from scipy.integrate import quad
    from scipy.stats import norm
    mu, s = 0.7, 0.4
    q, p = norm(mu, s), norm(0, 1)
    numeric, _ = quad(lambda z: q.pdf(z) * (q.logpdf(z) - p.logpdf(z)), -10, 10)
    np.testing.assert_allclose(gaussian_kl([mu], [np.log(s**2)]), numeric, rtol=1e-8)
    rows = gaussian_kl(np.array([[mu], [0.0]]), np.array([[np.log(s**2)], [0.0]]))
    np.testing.assert_allclose(rows, [numeric, 0.0], atol=1e-8)


def test_gaussian_log_density_against_scipy():
    from scipy.stats import multivariate_normal
    rng = np.random.default_rng(2)
    z, mu, var = rng.standard_normal((5, 3)), rng.standard_normal(3), rng.random(3) + 0.1
    expected = multivariate_normal(mu, np.diag(var)).logpdf(z)
    np.testing.assert_allclose(gaussian_log_density(z, mu, np.log(var)), expected)
    np.testing.assert_allclose(gaussian_log_density(z[0]), multivariate_normal(np.zeros(3)).logpdf(z[0]))


def test_gaussian_functions_reject_bad_arguments():
    with pytest.raises(ValueError, match="same shape"):
        gaussian_kl(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="finite"):
        gaussian_kl([np.nan], [0.0])
    with pytest.raises(ValueError, match="must broadcast"):
        gaussian_log_density(np.zeros((2, 3)), np.zeros(4))
    with pytest.raises(ValueError, match="z must be 1-D or 2-D"):
        gaussian_log_density(np.zeros((2, 2, 2)))


# ------------------------------------------------------------------- cluster accuracy

def test_cluster_accuracy_is_invariant_to_relabelling_and_finds_the_best_map():
    t = np.array([0, 0, 1, 1, 2, 2])
    assert cluster_accuracy(t, np.array([5, 5, 3, 3, 9, 9])) == 1.0
    assert cluster_accuracy(t, np.array([1, 1, 1, 0, 2, 2])) == pytest.approx(5 / 6)
    assert cluster_accuracy(t, np.zeros(6)) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="equal length"):
        cluster_accuracy(t, t[:3])


# ------------------------------------------------------------------- Keras builders

def test_autoencoder_shapes_names_and_linear_case():
    ae = build_autoencoder(20, hidden=(8, 6), code_dim=3)
    assert ae.output.shape == (None, 20)
    assert [layer.name for layer in ae.layers[1:]] == ["enc1", "enc2", "code", "dec1", "dec2",
                                                       "reconstruction"]
    assert encoder_of(ae).output.shape == (None, 3)
    lin = build_autoencoder(10, hidden=(), code_dim=2, activation="linear",
                            output_activation="linear")
    x = np.random.default_rng(0).standard_normal((4, 10)).astype("float32")
    W1, b1 = (v.numpy() for v in lin.get_layer("code").weights)
    W2, b2 = (v.numpy() for v in lin.get_layer("reconstruction").weights)
    np.testing.assert_allclose(lin.predict(x, verbose=0), (x @ W1 + b1) @ W2 + b2, rtol=1e-5, atol=1e-6)


def test_negative_elbo_kl_term_matches_the_numpy_closed_form():
    enc, dec = build_vae_encoder(12, hidden=(5,), latent_dim=2), build_vae_decoder(2, (5,), 12)
    x = (np.random.default_rng(1).random((3, 12)) > 0.5).astype("float32")
    rec, kl = negative_elbo(enc, dec, tf.constant(x), tf.random.Generator.from_seed(0))
    mu, log_var = (a.numpy() for a in enc(x))
    np.testing.assert_allclose(kl.numpy(), gaussian_kl(mu, log_var), rtol=1e-5)
    assert rec.shape == (3,) and np.all(rec.numpy() > 0)


def test_conditional_vae_sees_the_condition_in_both_networks():
    enc, dec = build_vae_encoder(12 + 3, hidden=(5,), latent_dim=2), build_vae_decoder(2 + 3, (5,), 12)
    x = (np.random.default_rng(1).random((4, 12)) > 0.5).astype("float32")
    t = np.eye(3, dtype="float32")[[0, 1, 2, 1]]
    rec, kl = negative_elbo(enc, dec, tf.constant(x), tf.random.Generator.from_seed(0), t)
    mu, log_var = (a.numpy() for a in enc(np.concatenate([x, t], axis=1)))
    np.testing.assert_allclose(kl.numpy(), gaussian_kl(mu, log_var), rtol=1e-5)
    assert rec.shape == (4,) and np.all(rec.numpy() > 0)
    with pytest.raises(ValueError, match=r"condition must have shape \(batch, C\)"):
        negative_elbo(enc, dec, tf.constant(x), tf.random.Generator.from_seed(0), t[:2])
    with pytest.raises(ValueError, match="2 latent variables and 3 condition inputs"):
        negative_elbo(enc, build_vae_decoder(2, (5,), 12), tf.constant(x),
                      tf.random.Generator.from_seed(0), t)


def test_builders_reject_bad_arguments():
    with pytest.raises(TypeError, match="hidden must be a sequence"):
        build_autoencoder(10, hidden=5)
    with pytest.raises(ValueError, match="code_dim must be an integer >= 1"):
        build_autoencoder(10, code_dim=0)
    with pytest.raises(ValueError, match="activation must be one of"):
        build_autoencoder(10, activation="swishy")
    with pytest.raises(ValueError, match="latent_dim must be an integer >= 1"):
        build_vae_encoder(10, latent_dim=0)
    with pytest.raises(TypeError, match="output_dim must be an integer"):
        build_vae_decoder(2, output_dim="784")
    with pytest.raises(TypeError, match="autoencoder must be a keras.Model"):
        encoder_of("model")
    with pytest.raises(ValueError, match="no layer named 'code'"):
        encoder_of(build_vae_decoder(2, (3,), 4))
    enc, dec = build_vae_encoder(4, (3,), 2), build_vae_decoder(2, (3,), 4)
    with pytest.raises(TypeError, match="noise must be a tf.random.Generator"):
        negative_elbo(enc, dec, tf.zeros((1, 4)), np.random.default_rng(0))


def _tiny_vae(latent_dim=2):
    return build_vae_encoder(6, (4,), 2), build_vae_decoder(latent_dim, (4,), 6)


_NOISE = tf.random.Generator.from_seed(0)
_X6 = np.zeros((2, 6), "float32")

BAD_AUTOENCODER_CALLS = [
    (lambda: corrupt(np.zeros((0, 2)), 0.1), ValueError, "X needs at least 1 samples"),
    (lambda: corrupt(np.zeros((2, 2)), 0.1, seed=-1), ValueError, "seed must be a non-negative"),
    (lambda: pca_basis(np.eye(3) * np.nan, 1), ValueError, "X must contain only finite"),
    (lambda: principal_angles(np.zeros((3, 0)), np.eye(3)), ValueError,
     r"A and B must have at least one row and one column; got \(3, 0\) and \(3, 3\)"),
    (lambda: principal_angles(np.zeros((0, 0)), np.zeros((0, 0))), ValueError,
     "A and B must have at least one row and one column"),
    (lambda: gaussian_kl([], []), ValueError,
     r"mu and log_var must have at least one dimension d; got shape \(0,\)"),
    (lambda: gaussian_log_density(np.zeros(0)), ValueError,
     r"z must have at least one component; got shape \(0,\)"),
    (lambda: gaussian_log_density(np.zeros(2), np.zeros((1, 1, 2))), ValueError,
     "mu must be 0-D or 1-D or 2-D"),
    (lambda: gaussian_log_density(np.zeros(2), 0.0, np.zeros((1, 1, 2))), ValueError,
     "log_var must be 0-D or 1-D or 2-D"),
    (lambda: cluster_accuracy([np.nan, 1], [0, 1]), ValueError, "t must contain only finite"),
    (lambda: build_autoencoder(hidden=(4, 0)), ValueError,
     r"hidden\[1\] must be an integer >= 1; got hidden\[1\]=0"),
    (lambda: build_vae_encoder(hidden=(-1,)), ValueError, r"hidden\[0\] must be an integer >= 1"),
    (lambda: build_vae_decoder(hidden="a"), TypeError, "hidden must be a sequence"),
    (lambda: negative_elbo(None, _tiny_vae()[1], _X6, _NOISE), TypeError,
     "encoder must be a keras.Model; got NoneType"),
    (lambda: negative_elbo(_tiny_vae()[0], None, _X6, _NOISE), TypeError,
     "decoder must be a keras.Model; got NoneType"),
    (lambda: negative_elbo(*_tiny_vae(), np.zeros((2, 5), "float32"), _NOISE), ValueError,
     r"x must be a batch of shape \(batch, 6\); got shape \(2, 5\)"),
    (lambda: negative_elbo(*_tiny_vae(3), _X6, _NOISE), ValueError,
     "decoder must map the encoder's 2 latent variables back to 6 pixels; got a decoder from 3"),
]


@pytest.mark.parametrize("call, error, message", BAD_AUTOENCODER_CALLS)
def test_autoencoder_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
