"""Tests of neurocomp.conversion: activations, data-based normalisation, spiking read-out."""

import numpy as np
import pytest

from neurocomp import conversion

b2 = pytest.importorskip("brian2")
ms = b2.ms


def _params(seed=0, sizes=(6, 5, 3)):
    rng = np.random.default_rng(seed)
    return [{"W": rng.normal(size=(a, b)), "b": rng.normal(size=b) * 0.1}
            for a, b in zip(sizes, sizes[1:])]


def test_relu_activations_match_hand_computation():
    params = _params()
    X = np.random.default_rng(1).uniform(size=(4, 6))
    h, z = conversion.relu_activations(params, X)
    np.testing.assert_allclose(h, np.maximum(X @ params[0]["W"] + params[0]["b"], 0))
    np.testing.assert_allclose(z, h @ params[1]["W"] + params[1]["b"])


def test_normalisation_keeps_predictions_and_bounds_activations():
    params = _params()
    X = np.random.default_rng(2).uniform(size=(200, 6))
    scaled = conversion.normalise_weights(params, X, percentile=100)
    before, after = conversion.relu_activations(params, X), conversion.relu_activations(scaled, X)
    np.testing.assert_array_equal(before[-1].argmax(1), after[-1].argmax(1))
    for a in after:
        assert a.max() == pytest.approx(1.0)
    # the rescaling is by a positive factor per layer
    ratio = after[0][before[0] > 0] / before[0][before[0] > 0]
    np.testing.assert_allclose(ratio, ratio[0])


def test_spiking_readout_converges_to_the_relu_network():
    params = _params()
    X = np.random.default_rng(3).uniform(size=(20, 6))
    scaled = conversion.normalise_weights(params, X, percentile=100)
    readout = conversion.simulate_converted(scaled, X, np.array([20, 400]) * ms, seed=0)
    assert readout.shape == (2, 20, 3)
    exact = conversion.relu_activations(scaled, X)[-1]
    err = [np.max(np.abs(r - exact)) for r in readout]
    assert err[1] < err[0] and err[1] < 0.02


def test_conversion_rejects_bad_input():
    params = _params()
    with pytest.raises(TypeError, match="params"):
        conversion.relu_activations([np.ones((2, 2))], np.ones((1, 2)))
    with pytest.raises(ValueError, match="X"):
        conversion.relu_activations(params, np.ones((2, 5)))
    with pytest.raises(ValueError, match="params"):
        conversion.relu_activations([params[0], params[0]], np.ones((1, 6)))
    with pytest.raises(ValueError, match="percentile"):
        conversion.normalise_weights(params, np.ones((2, 6)), percentile=101)
    with pytest.raises(ValueError, match="checkpoints"):
        conversion.simulate_converted(params, np.ones((2, 6)), np.array([5, 2]) * ms)
    with pytest.raises(TypeError, match="checkpoints"):
        conversion.simulate_converted(params, np.ones((2, 6)), np.array([5.0, 10.0]))
