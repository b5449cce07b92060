"""Tests of neurocomp.gan: densities, the optimal discriminator, JSD, mode coverage, the
Keras builders, the losses, the training steps and the gradient penalty."""

import numpy as np
import pytest
from scipy import stats

from neurocomp.utils import setup_tensorflow

keras = setup_tensorflow(0)
import tensorflow as tf  # noqa: E402

from neurocomp.gan import (  # noqa: E402
    game_value,
    js_divergence,
    mixture_pdf,
    mode_coverage,
    optimal_discriminator,
    sample_mixture,
    mmd2,
)
from neurocomp.gan_keras import (  # noqa: E402
    build_conditional_discriminator,
    build_conditional_generator,
    build_dense_discriminator,
    build_dense_generator,
    discriminator_loss,
    generate,
    generator_loss,
    gradient_penalty,
    make_discriminator_step,
    make_gan_train_step,
)

MEANS, STDS, WEIGHTS = np.array([-2.0, 1.0]), np.array([0.5, 0.8]), np.array([0.3, 0.7])
GRID = np.linspace(-12, 12, 24001)


# ------------------------------------------------------------------ NumPy half
def test_mixture_pdf_matches_scipy_and_integrates_to_one():
    x = np.linspace(-5, 5, 101)
    expected = 0.3 * stats.norm.pdf(x, -2, 0.5) + 0.7 * stats.norm.pdf(x, 1, 0.8)
    np.testing.assert_allclose(mixture_pdf(x, MEANS, STDS, WEIGHTS), expected, rtol=1e-12)
    assert np.trapezoid(mixture_pdf(GRID, MEANS, STDS, WEIGHTS), GRID) == pytest.approx(1, abs=1e-9)
    assert mixture_pdf(0.0, [0.0], [1.0]) == pytest.approx(1 / np.sqrt(2 * np.pi))


def test_sample_mixture_moments_and_determinism():
    s = sample_mixture(200_000, MEANS, STDS, WEIGHTS, seed=1)
    mean = WEIGHTS @ MEANS
    var = WEIGHTS @ (STDS**2 + MEANS**2) - mean**2
    assert s.mean() == pytest.approx(mean, abs=0.01)
    assert s.var() == pytest.approx(var, rel=0.01)
    np.testing.assert_array_equal(s[:10], sample_mixture(200_000, MEANS, STDS, WEIGHTS, seed=1)[:10])


def test_optimal_discriminator():
    np.testing.assert_allclose(optimal_discriminator([1.0, 0.0, 2.0, 0.0], [1.0, 3.0, 0.0, 0.0]),
                               [0.5, 0.0, 1.0, 0.5])


def test_game_value_at_optimum_is_minus_log4_plus_2jsd():
    p = mixture_pdf(GRID, MEANS, STDS, WEIGHTS)
    q = mixture_pdf(GRID, [0.0], [2.0])
    v = game_value(optimal_discriminator(p, q), p, q, GRID)
    assert v == pytest.approx(-np.log(4) + 2 * js_divergence(p, q, GRID), abs=1e-7)
    # any other discriminator does worse
    assert game_value(np.full_like(GRID, 0.5), p, q, GRID) == pytest.approx(-np.log(4), abs=1e-8)
    assert game_value(np.full_like(GRID, 0.5), p, q, GRID) < v


def test_js_divergence_limits_and_scipy():
    p = mixture_pdf(GRID, [0.0], [1.0])
    assert js_divergence(p, p, GRID) == pytest.approx(0, abs=1e-12)
    far = mixture_pdf(GRID, [10.0], [0.3])
    assert js_divergence(mixture_pdf(GRID, [-10.0], [0.3]), far, GRID) == pytest.approx(np.log(2), abs=1e-9)
    q = mixture_pdf(GRID, [1.0], [1.5])
    # scipy's jensenshannon returns the square root of the divergence of normalised vectors
    ref = stats.entropy(p, 0.5 * (p + q)) / 2 + stats.entropy(q, 0.5 * (p + q)) / 2
    assert js_divergence(p, q, GRID) == pytest.approx(ref, rel=1e-6)


def test_mode_coverage():
    samples = np.concatenate([np.full(60, -2.0), np.full(30, 1.2), np.full(10, 5.0)])
    cov = mode_coverage(samples, MEANS, STDS, width=3.0, min_fraction=0.2)
    np.testing.assert_allclose(cov.fractions, [0.6, 0.3])
    assert cov.off_mode == pytest.approx(0.1)
    assert cov.n_covered == 2
    assert mode_coverage(np.full(10, -2.0), MEANS, STDS).n_covered == 1


@pytest.mark.parametrize("call, match", [
    (lambda: mixture_pdf(np.zeros((2, 2)), MEANS, STDS), "x must be"),
    (lambda: mixture_pdf(0.0, MEANS, [1.0]), "stds"),
    (lambda: mixture_pdf(0.0, MEANS, [1.0, -1.0]), "stds"),
    (lambda: mixture_pdf(0.0, MEANS, STDS, [0.5, 0.6]), "weights"),
    (lambda: mixture_pdf(0.0, [], []), "means"),
    (lambda: sample_mixture(0, MEANS, STDS), "n must be"),
    (lambda: optimal_discriminator([1.0, 2.0], [1.0]), "same shape"),
    (lambda: optimal_discriminator([-1.0], [1.0]), "non-negative"),
    (lambda: game_value([1.5, 0.5], [1.0, 1.0], [1.0, 1.0], [0.0, 1.0]), "d must"),
    (lambda: game_value([0.5, 0.5], [1.0, 1.0], [1.0, 1.0], [1.0, 0.0]), "increasing grid"),
    (lambda: js_divergence([1.0, 1.0], [1.0, 1.0], [0.0, 1.0, 2.0]), "x must"),
    (lambda: mode_coverage(np.zeros(5), MEANS, STDS, width=0), "width"),
    (lambda: mode_coverage(np.zeros(5), MEANS, STDS, min_fraction=2.0), "min_fraction"),
])
def test_numpy_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_numpy_type_errors():
    with pytest.raises(TypeError, match="n must be an integer"):
        sample_mixture(2.5, MEANS, STDS)
    with pytest.raises(TypeError, match="p_data"):
        optimal_discriminator("abc", [1.0])


# ------------------------------------------------------------------ Keras half
def test_builders_shapes():
    g, d = build_dense_generator(3, 2, (8,)), build_dense_discriminator(2, (8, 4))
    assert g(np.zeros((5, 3), "float32")).shape == (5, 2)
    assert d(np.zeros((5, 2), "float32")).shape == (5, 1)
    cg, cd = build_conditional_generator(8, 10, 4), build_conditional_discriminator(10, 4)
    z, c = tf.zeros((3, 8)), tf.eye(10)[:3]
    images = cg([z, c])
    assert images.shape == (3, 14, 14, 1)
    assert np.all(np.abs(images) <= 1)
    assert cd([images, c]).shape == (3, 1)


def test_builder_errors():
    with pytest.raises(ValueError, match="hidden"):
        build_dense_generator(hidden=())
    with pytest.raises(ValueError, match="latent_dim"):
        build_dense_generator(latent_dim=0)
    with pytest.raises(TypeError, match="input_dim"):
        build_dense_discriminator(input_dim=1.5)
    with pytest.raises(ValueError, match="n_classes"):
        build_conditional_generator(n_classes=1)
    with pytest.raises(ValueError, match="filters"):
        build_conditional_discriminator(filters=0)


def test_losses_match_formulas_and_gradients():
    a = tf.constant([[-3.0], [0.0], [2.0]])
    d = 1 / (1 + np.exp(-a.numpy()))
    assert float(discriminator_loss(a, a)) == pytest.approx(np.mean(-np.log(d)) + np.mean(-np.log(1 - d)), rel=1e-6)
    assert float(generator_loss(a, "minimax")) == pytest.approx(np.mean(np.log(1 - d)), rel=1e-6)
    assert float(generator_loss(a)) == pytest.approx(np.mean(-np.log(d)), rel=1e-6)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(a)
        mm, ns = generator_loss(a, "minimax"), generator_loss(a, "non-saturating")
    np.testing.assert_allclose(tape.gradient(mm, a).numpy(), -d / 3, rtol=1e-5)
    np.testing.assert_allclose(tape.gradient(ns, a).numpy(), -(1 - d) / 3, rtol=1e-5)
    with pytest.raises(ValueError, match="kind"):
        generator_loss(a, "wasserstein")


def test_discriminator_step_learns_to_separate():
    d = build_dense_discriminator(1, (8,))
    step = make_discriminator_step(d, keras.optimizers.Adam(0.05))
    real, fake = np.full((64, 1), 2.0, "float32"), np.full((64, 1), -2.0, "float32")
    first = float(step(real, fake))
    for _ in range(50):
        last = float(step(real, fake))
    assert last < 0.1 < first


def test_gan_train_step_runs_and_updates_both_players():
    g, d = build_conditional_generator(4, 10, 2), build_conditional_discriminator(10, 2)
    before_g, before_d = [w.numpy().copy() for w in g.weights], [w.numpy().copy() for w in d.weights]
    step = make_gan_train_step(g, d, keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3), seed=0)
    real = np.zeros((8, 14, 14, 1), "float32")
    d_loss, g_loss = step(real, np.eye(10, dtype="float32")[:8])
    assert np.isfinite(float(d_loss)) and np.isfinite(float(g_loss))
    assert any(not np.allclose(a, b.numpy()) for a, b in zip(before_g, g.weights))
    assert any(not np.allclose(a, b.numpy()) for a, b in zip(before_d, d.weights))
    with pytest.raises(ValueError, match="loss"):
        make_gan_train_step(g, d, keras.optimizers.Adam(), keras.optimizers.Adam(), loss="hinge")
    with pytest.raises(TypeError, match="generator"):
        make_gan_train_step("g", d, keras.optimizers.Adam(), keras.optimizers.Adam())


def test_generate():
    g = build_conditional_generator(4, 10, 2)
    a = generate(g, 5, classes=[0, 1, 2, 3, 9], seed=3)
    assert a.shape == (5, 14, 14, 1)
    np.testing.assert_allclose(a, generate(g, 5, classes=[0, 1, 2, 3, 9], seed=3))
    with pytest.raises(ValueError, match="classes"):
        generate(g, 5, seed=3)
    with pytest.raises(ValueError, match="classes"):
        generate(g, 2, classes=[0, 10])
    with pytest.raises(ValueError, match="classes"):
        generate(build_dense_generator(), 2, classes=[0, 1])


def test_gradient_penalty_of_a_linear_critic():
    critic = build_dense_discriminator(3, (4,))
    x = keras.Input(shape=(3,))
    linear = keras.Model(x, keras.layers.Dense(1)(x))
    w = np.array([[0.3], [-1.2], [2.0]], "float32")
    linear.layers[-1].set_weights([w, np.zeros(1, "float32")])
    rng = np.random.default_rng(0)
    real, fake = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    gp = gradient_penalty(linear, real, fake, rng.uniform(size=6))
    assert float(gp) == pytest.approx((np.linalg.norm(w) - 1) ** 2, rel=1e-5)
    assert float(gradient_penalty(critic, real, fake, rng.uniform(size=6))) >= 0
    with pytest.raises(ValueError, match="epsilon"):
        gradient_penalty(linear, real, fake, np.ones(5))
    # a non-linear critic f(x) = ½‖x‖², whose gradient at x̂ is x̂ itself
    square = keras.Model(x, keras.layers.Lambda(
        lambda v: 0.5 * tf.reduce_sum(v ** 2, axis=1, keepdims=True))(x))
    eps = rng.uniform(size=6)
    x_hat = eps[:, None] * real + (1 - eps[:, None]) * fake
    expected = np.mean((np.linalg.norm(x_hat, axis=1) - 1) ** 2)
    assert float(gradient_penalty(square, real, fake, eps)) == pytest.approx(expected, rel=1e-5)
    with pytest.raises(ValueError, match="same shape"):
        gradient_penalty(linear, real, fake[:4], np.ones(6))


def _critic():
    return build_dense_discriminator(1, (4,))


_XG = np.linspace(-1.0, 1.0, 5)
_PG = np.full(5, 0.5)

BAD_GAN_CALLS = [
    (lambda: js_divergence(-_PG, _PG, _XG), ValueError,
     r"p must be a density \(non-negative values\); got minimum -0.5"),
    (lambda: js_divergence(_PG, _PG[:3], _XG), ValueError,
     r"p and q must have the same shape; got \(5,\) and \(3,\)"),
    (lambda: optimal_discriminator(_PG, -_PG), ValueError, "p_g must be a density"),
    (lambda: game_value(np.full(5, 2.0), _PG, _PG, _XG), ValueError,
     r"d must hold 5 probabilities in \[0, 1\], one per grid point; got shape \(5,\) with "
     "values from 2.0 to 2.0"),
    (lambda: game_value(np.full(5, 0.5), _PG, _PG, _XG[::-1]), ValueError,
     "x must be an increasing grid"),
    (lambda: mixture_pdf(_XG, [0, 1], [1]), ValueError, "stds must hold 2 positive numbers"),
    (lambda: mode_coverage([np.nan], [0], [1]), ValueError, "samples must contain only finite"),
    (lambda: build_dense_generator(hidden=(4, 0)), ValueError,
     r"hidden\[1\] must be an integer >= 1"),
    (lambda: make_discriminator_step(_critic(), None), TypeError,
     r"optimizer must be a Keras optimizer \(with apply_gradients\); got NoneType"),
    (lambda: make_gan_train_step(build_dense_generator(2, 1, (4,)), _critic(), None,
                                 keras.optimizers.SGD()), TypeError,
     "g_optimizer must be a Keras optimizer"),
    (lambda: make_gan_train_step(build_dense_generator(2, 1, (4,)), _critic(),
                                 keras.optimizers.SGD(), "adam"), TypeError,
     r"d_optimizer must be a Keras optimizer \(with apply_gradients\); got str"),
    (lambda: gradient_penalty(_critic(), np.zeros((2, 1)), np.zeros((2, 1)), np.full(2, 2.0)),
     ValueError, r"epsilon must lie in \[0, 1\]; got values from 2.0 to 2.0"),
    (lambda: gradient_penalty(_critic(), np.full((2, 1), np.nan), np.zeros((2, 1)), np.zeros(2)),
     ValueError, "real must contain only finite values"),
    (lambda: gradient_penalty(_critic(), np.zeros((2, 1)), np.full((2, 1), np.inf), np.zeros(2)),
     ValueError, "fake must contain only finite values"),
    (lambda: gradient_penalty(_critic(), "ab", np.zeros((2, 1)), np.zeros(2)), TypeError,
     "real must be a float array or tensor; got str"),
    (lambda: gradient_penalty(_critic(), np.zeros((2, 3)), np.zeros((2, 3)), np.zeros(2)),
     ValueError, r"real and fake must be batches of the critic's input shape \(1,\); got \(2, 3\)"),
]


@pytest.mark.parametrize("call, error, message", BAD_GAN_CALLS)
def test_gan_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_mmd2_matches_a_double_loop_and_separates_distributions():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(7, 2)), rng.normal(0.5, 1.0, size=(5, 2))

    def k(a, b):
        return np.exp(-np.sum((a - b) ** 2) / (2 * 0.7 ** 2))

    xx = sum(k(a, b) for i, a in enumerate(x) for j, b in enumerate(x) if i != j) / (7 * 6)
    yy = sum(k(a, b) for i, a in enumerate(y) for j, b in enumerate(y) if i != j) / (5 * 4)
    xy = sum(k(a, b) for a in x for b in y) / (7 * 5)
    assert mmd2(x, y, 0.7) == pytest.approx(xx + yy - 2 * xy, rel=1e-12)
    same = mmd2(rng.normal(size=2000), rng.normal(size=2000))
    shifted = mmd2(rng.normal(size=2000), rng.normal(1.0, 1.0, size=2000))
    assert abs(same) < 0.01 < shifted
    with pytest.raises(ValueError, match="same dimension"):
        mmd2(x, y[:, :1])
    with pytest.raises(ValueError, match="bandwidth"):
        mmd2(x, y, 0.0)
