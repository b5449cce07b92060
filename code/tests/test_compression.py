"""Tests of neurocomp.compression: quantisation, pruning and the distillation loss."""

import numpy as np
import pytest

from neurocomp.compression import distill, distillation_loss, prune, quantize, soft_targets


def test_quantize_levels_and_error_bound():
    w = np.random.default_rng(0).normal(size=(20, 30))
    for bits in (2, 4, 8):
        q = quantize(w, bits)
        step = np.abs(w).max() / (2 ** (bits - 1) - 1)
        assert len(np.unique(q)) <= 2 ** bits - 1
        assert np.max(np.abs(q - w)) <= step / 2 + 1e-12
    b = quantize(w, 1)
    np.testing.assert_allclose(np.abs(b), np.abs(w).mean())
    assert np.all(np.sign(b) == np.where(w >= 0, 1, -1))


def test_prune_removes_the_smallest_weights():
    w = np.array([[0.5, -0.1, 2.0], [-3.0, 0.05, 1.0]])
    np.testing.assert_array_equal(prune(w, 0.5), [[0.0, 0.0, 2.0], [-3.0, 0.0, 1.0]])
    assert np.count_nonzero(prune(w, 0.0)) == 6


def test_distillation_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    z, v, y = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), np.array([0, 2, 1, 2])
    loss, grad = distillation_loss(z, v, y, temperature=3.0, alpha=0.7)
    num = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        dz = np.zeros_like(z)
        dz[idx] = 1e-6
        num[idx] = (distillation_loss(z + dz, v, y, 3.0, 0.7)[0]
                    - distillation_loss(z - dz, v, y, 3.0, 0.7)[0]) / 2e-6
    np.testing.assert_allclose(grad, num, rtol=1e-5, atol=1e-8)
    assert loss > 0


def test_soft_targets_soften_with_temperature():
    z = np.array([[4.0, 1.0, 0.0]])
    assert soft_targets(z, 10.0).max() < soft_targets(z, 1.0).max()
    np.testing.assert_allclose(soft_targets(z, 2.0).sum(), 1.0)


def test_distill_learns_and_is_reproducible():
    rng = np.random.default_rng(2)
    centres = rng.normal(0, 3, (3, 5))
    y = rng.integers(0, 3, 200)
    X = centres[y] + rng.normal(size=(200, 5))
    a = distill(X, y, None, n_hidden=8, n_epochs=10, learning_rate=0.1, seed=0)
    b = distill(X, y, None, n_hidden=8, n_epochs=10, learning_rate=0.1, seed=0)
    np.testing.assert_array_equal(a.W1, b.W1)
    assert a.score(X, y) > 0.9
    teacher = 5.0 * np.eye(3)[y]
    s = distill(X, y, teacher, n_hidden=8, n_epochs=10, learning_rate=0.1, seed=0)
    assert s.score(X, y) > 0.9


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [(lambda: quantize([1.0, 2.0], 0), ValueError, "bits"),
     (lambda: quantize([1.0, 2.0], 17), ValueError, "bits must be an integer from 1 to 16"),
     (lambda: quantize([0.0, 0.0], 4), ValueError, "all zero"),
     (lambda: prune([1.0, 2.0], 1.0), ValueError, r"fraction must be a number in \[0, 1\)"),
     (lambda: soft_targets([[1.0]], 0.0), ValueError, "temperature"),
     (lambda: distillation_loss([[1.0, 2.0]], [[1.0]], [0], 2.0, 0.5), ValueError,
      "teacher_logits must have the shape"),
     (lambda: distillation_loss([[1.0, 2.0]], [[1.0, 0.0]], [0], 2.0, 1.5), ValueError,
      "alpha must be a number in"),
     (lambda: distill(np.ones((3, 2)), [0, 1], None), ValueError, "y must have one label")],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
