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


# --- bad input: every error names the argument, before any Brian2 object is built --------


_P = _params()
_X = np.ones((2, 6))
_T = np.array([1.0, 2.0]) * ms

BAD_CONVERSION_CALLS = [
    (lambda: conversion.relu_activations([], _X), TypeError,
     "params must be a non-empty list .*; got an empty list"),
    (lambda: conversion.relu_activations({"W": 1}, _X), TypeError,
     "params must be a non-empty list .*; got a dict"),
    (lambda: conversion.relu_activations([_P[0], {"W": _P[1]["W"]}], _X), TypeError,
     r"params\[1\] must be a dict with keys 'W' and 'b'; got dict \['W'\]"),
    (lambda: conversion.relu_activations([{"W": np.ones(6), "b": np.zeros(6)}], _X), ValueError,
     r"params\[0\]\['W'\] must be 2-D"),
    (lambda: conversion.relu_activations([{"W": np.ones((6, 3)), "b": np.zeros(2)}], _X),
     ValueError, r"params\[0\]: .*b must have one entry per column of W; got W \(6, 3\), b \(2,\)"),
    (lambda: conversion.relu_activations([{"W": np.ones((6, 0)), "b": np.zeros(0)}], _X),
     ValueError, r"params\[0\]: W must be non-empty"),
    (lambda: conversion.relu_activations([{"W": np.full((6, 3), np.nan), "b": np.zeros(3)}],
                                         _X),
     ValueError, r"params\[0\]\['W'\] must contain only finite"),
    (lambda: conversion.relu_activations([_P[0], _P[0]], _X), ValueError,
     r"params\[1\]\['W'\] must have 5 rows \(the width of layer 0\); got shape \(6, 5\)"),
    (lambda: conversion.relu_activations(_P, np.ones((2, 5))), ValueError,
     "X must have 6 columns; got 5"),
    (lambda: conversion.relu_activations(_P, np.ones(6)), ValueError, "X must be 2-D"),
    (lambda: conversion.relu_activations(_P, _X * np.nan), ValueError,
     "X must contain only finite"),
    (lambda: conversion.normalise_weights(_P, np.ones((0, 6))), ValueError,
     "X needs at least 1 samples; got 0"),
    (lambda: conversion.normalise_weights(_P, _X, percentile=0), ValueError,
     "percentile must be a finite positive number"),
    (lambda: conversion.normalise_weights(_P, _X, percentile=101), ValueError,
     r"percentile must lie in \(0, 100\]"),
    (lambda: conversion.simulate_converted(_P, _X, [1.0, 2.0]), TypeError,
     "checkpoints must be a Brian2 quantity in units of ms"),
    (lambda: conversion.simulate_converted(_P, _X, np.array([2.0, 1.0]) * ms), ValueError,
     "checkpoints must be positive increasing times"),
    (lambda: conversion.simulate_converted(_P, _X, np.array([0.0, 1.0]) * ms), ValueError,
     "checkpoints must be positive increasing times"),
    (lambda: conversion.simulate_converted(_P, _X, _T, tau=1.0), TypeError,
     r"tau must be a Brian2 quantity in units of ms; got 1.0 \(a plain number"),
    (lambda: conversion.simulate_converted(_P, _X, _T, dt=1 * b2.mV), TypeError,
     "dt must be a Brian2 quantity in units of ms"),
    (lambda: conversion.simulate_converted(_P, _X, _T, seed=-1), ValueError,
     "seed must be a non-negative integer"),
    (lambda: conversion.simulate_converted(_P, np.ones((0, 6)), _T), ValueError,
     "X needs at least 1 samples"),
]


@pytest.mark.parametrize("call, error, message", BAD_CONVERSION_CALLS)
def test_conversion_rejects_bad_input_before_building(call, error, message, unbuilt):
    with pytest.raises(error, match=message):
        call()
