"""Tests of neurocomp.relevance: LRP for a dense ReLU network."""

import numpy as np
import pytest

from neurocomp.relevance import lrp_dense


def _net(seed=0, bias=True):
    rng = np.random.default_rng(seed)
    K1, K2 = rng.normal(size=(6, 5)), rng.normal(size=(5, 3))
    b1 = rng.normal(size=5) if bias else np.zeros(5)
    b2 = rng.normal(size=3) if bias else np.zeros(3)
    return [(K1, b1), (K2, b2)]


def test_lrp0_equals_gradient_times_input():
    layers = _net()
    x = np.random.default_rng(1).random((4, 6))
    c = np.array([0, 1, 2, 0])
    (K1, b1), (K2, _) = layers
    a = x @ K1 + b1
    grad = ((np.eye(3)[c] @ K2.T) * (a > 0)) @ K1.T
    np.testing.assert_allclose(lrp_dense(layers, x, c, eps=0.0), x * grad, atol=1e-12)


def test_relevance_is_conserved_without_biases():
    layers = _net(bias=False)
    x = np.random.default_rng(2).random((5, 6))
    c = np.zeros(5, dtype=int)
    (K1, _), (K2, _) = layers
    score = (np.maximum(x @ K1, 0) @ K2)[:, 0]
    np.testing.assert_allclose(lrp_dense(layers, x, c, eps=0.0).sum(1), score, atol=1e-10)


@pytest.mark.parametrize(
    ("args", "match"),
    [(([], np.ones((1, 6)), [0]), "layers must be a non-empty"),
     ((_net(), np.ones((1, 4)), [0]), r"layers\[0\] must have a kernel with 4 rows"),
     ((_net(), np.ones((2, 6)), [0, 3]), "target must hold 2 class indices"),
     ((_net(), np.ones((1, 6)), [0.5]), "target must hold")],
)
def test_bad_input_is_named(args, match):
    with pytest.raises(ValueError, match=match):
        lrp_dense(*args)


def test_negative_eps_is_rejected():
    with pytest.raises(ValueError, match="eps"):
        lrp_dense(_net(), np.ones((1, 6)), [0], eps=-1.0)
