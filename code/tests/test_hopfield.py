"""Tests of neurocomp.hopfield: Hebbian storage, dynamics, energy, modern and hetero memories."""

import itertools

import numpy as np
import pytest

from neurocomp.hopfield import (
    HeteroAssociativeMemory,
    HopfieldNetwork,
    ModernHopfield,
    bipolar,
    hebbian_weights,
    overlap,
    softmax,
)


def _patterns(P, N, seed=0):
    return np.random.default_rng(seed).choice([-1.0, 1.0], size=(P, N))


def _flip(x, fraction, seed=1):
    rng = np.random.default_rng(seed)
    return np.where(rng.random(x.shape) < fraction, -x, x)


# --- Hebbian storage and overlaps -----------------------------------------------------


def test_hebbian_weights_equal_the_sum_of_outer_products():
    xi = _patterns(4, 12)
    W_loop = np.zeros((12, 12))
    for p in xi:
        W_loop += np.outer(p, p) / 12
    np.fill_diagonal(W_loop, 0.0)
    W = hebbian_weights(xi)
    np.testing.assert_allclose(W, W_loop, atol=1e-15)
    np.testing.assert_array_equal(W, W.T)
    net = HopfieldNetwork().fit(xi)
    np.testing.assert_allclose(net.C / 12, net.W, atol=1e-15)


def test_overlap_of_a_pattern_with_itself_and_its_reverse():
    xi = _patterns(3, 50)
    m = overlap(xi, xi)
    np.testing.assert_allclose(np.diag(m), 1.0)
    np.testing.assert_allclose(overlap(xi, -xi[0]), -m[0])
    with pytest.raises(ValueError, match="units in the last axis"):
        overlap(xi, np.ones(49))


# --- energy and dynamics ------------------------------------------------------------


def test_energy_matches_double_sum():
    xi = _patterns(3, 8)
    net = HopfieldNetwork().fit(xi)
    s = _patterns(1, 8, seed=5)[0]
    e = -0.5 * sum(net.W[i, j] * s[i] * s[j] for i in range(8) for j in range(8))
    assert net.energy(s) == pytest.approx(e, abs=1e-14)
    assert net.energy(np.stack([s, -s])).shape == (2,)
    assert net.energy(-s) == pytest.approx(e, abs=1e-14)  # reversed states: same energy


def test_async_energy_never_increases_update_by_update():
    xi = _patterns(12, 60)
    net = HopfieldNetwork().fit(xi)
    cues = _patterns(20, 60, seed=3)
    run = net.run(cues, record="update", seed=0)
    assert run.states.shape[1:] == (20, 60) and run.energies.shape == (len(run.states), 20)
    assert np.max(np.diff(run.energies, axis=0)) <= 1e-12
    assert run.converged


def test_async_fixed_points_are_single_flip_local_minima_brute_force():
    xi = _patterns(2, 10, seed=4)
    net = HopfieldNetwork().fit(xi)
    all_states = np.array(list(itertools.product([-1.0, 1.0], repeat=10)))
    finals = net.run(all_states, seed=0).final
    e_final = net.energy(finals)
    for i in range(10):  # no single flip lowers the energy of a final state
        flipped = finals.copy()
        flipped[:, i] *= -1
        assert np.all(net.energy(flipped) >= e_final - 1e-12)


def test_low_load_recall_from_noisy_cue():
    xi = _patterns(5, 200)
    net = HopfieldNetwork().fit(xi)
    run = net.run(_flip(xi, 0.2), seed=0)
    np.testing.assert_array_equal(run.final, xi)
    assert run.converged and run.n_sweeps <= 5
    assert run.final.shape == xi.shape


def test_batch_run_equals_single_runs_and_is_deterministic():
    xi = _patterns(8, 80)
    net = HopfieldNetwork().fit(xi)
    cues = _flip(xi[:3], 0.3)
    batch = net.run(cues, seed=7).final
    for k in range(3):
        np.testing.assert_array_equal(net.run(cues[k], seed=7).final, batch[k])
    np.testing.assert_array_equal(net.run(cues, seed=7).final, batch)


def test_synchronous_two_cycle_and_converged_flag():
    net = HopfieldNetwork().fit(np.array([[1.0, -1.0]]))
    run = net.run(np.array([1.0, 1.0]), mode="sync", max_sweeps=6)
    assert not run.converged and run.n_sweeps == 6
    np.testing.assert_array_equal(run.states[1::2], -1.0)  # (1,1) -> (-1,-1) -> (1,1) ...
    np.testing.assert_array_equal(run.states[::2], 1.0)
    asynchronous = net.run(np.array([1.0, 1.0]), seed=0)
    assert asynchronous.converged
    assert abs(asynchronous.final @ np.array([1.0, -1.0])) == 2  # a pattern or its reverse


def test_ties_keep_the_state():
    net = HopfieldNetwork().fit(np.array([[1.0, 1.0, 1.0]]))
    s = np.array([-1.0, 1.0, -1.0])  # fields h_1 = h_3 = 0, h_2 < 0
    np.testing.assert_array_equal(net.step_sync(s), [-1.0, -1.0, -1.0])
    np.testing.assert_array_equal(net.sweep_async(s, np.array([0, 2]))[0], s)


def test_hopfield_errors():
    with pytest.raises(ValueError, match="only -1 and \\+1"):
        HopfieldNetwork().fit([[1.0, 0.0]])
    with pytest.raises(ValueError, match="2-D"):
        hebbian_weights([1.0, -1.0])
    with pytest.raises(ValueError, match="empty"):
        bipolar(np.zeros((0, 3)))
    with pytest.raises(RuntimeError, match="not fitted"):
        HopfieldNetwork().run(np.ones(3))
    net = HopfieldNetwork().fit(_patterns(2, 6))
    with pytest.raises(ValueError, match="6 units"):
        net.run(np.ones(5))
    with pytest.raises(ValueError, match="mode"):
        net.run(np.ones(6), mode="parallel")
    with pytest.raises(ValueError, match="record"):
        net.run(np.ones(6), record="step")
    with pytest.raises(ValueError, match="needs mode='async'"):
        net.run(np.ones(6), mode="sync", record="update")
    with pytest.raises(ValueError, match="max_sweeps"):
        net.run(np.ones(6), max_sweeps=0)
    with pytest.raises(TypeError, match="seed"):
        net.run(np.ones(6), seed="a")
    with pytest.raises(ValueError, match="order must hold integer unit indices"):
        net.sweep_async(np.ones(6), np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="from 0 to 5"):
        net.sweep_async(np.ones(6), np.array([0, 6]))
    with pytest.raises(ValueError, match="order must be 1-D"):
        net.sweep_async(np.ones(6), np.zeros((2, 2), dtype=int))


# --- modern Hopfield network -----------------------------------------------------------


def test_softmax_is_stable_and_normalised():
    z = np.array([[1000.0, 1000.0, -1000.0], [0.0, np.log(3.0), 0.0]])
    p = softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[0], [0.5, 0.5, 0.0])
    np.testing.assert_allclose(p[1], [0.2, 0.6, 0.2])


def test_modern_update_equals_explicit_sum_and_attention():
    rng = np.random.default_rng(0)
    X, V = rng.normal(size=(7, 5)), rng.normal(size=(7, 3))
    xi = rng.normal(size=5)
    mh = ModernHopfield(beta=0.7).fit(X, V)
    weights = np.array([np.exp(0.7 * X[m] @ xi) for m in range(7)])
    expected = sum(w * V[m] for m, w in enumerate(weights)) / weights.sum()
    np.testing.assert_allclose(mh.update(xi), expected, rtol=1e-12)
    Q = rng.normal(size=(4, 5))
    np.testing.assert_allclose(mh.update(Q)[2], mh.update(Q[2]), rtol=1e-12)


def test_modern_energy_decreases_and_large_beta_retrieves_nearest():
    xi = _patterns(400, 40)  # ten times as many patterns as units
    mh = ModernHopfield(beta=1.0).fit(xi)
    cues = _flip(xi[:50], 0.1)
    new = mh.update(cues)
    assert np.all(mh.energy(new) <= mh.energy(cues) + 1e-12)
    np.testing.assert_array_equal(np.sign(new), xi[:50])
    rng = np.random.default_rng(2)
    states = rng.normal(size=(30, 40))
    soft = ModernHopfield(beta=0.05).fit(xi)
    assert np.all(soft.energy(soft.update(states)) <= soft.energy(states) + 1e-12)


def test_modern_errors():
    with pytest.raises(ValueError, match="beta"):
        ModernHopfield(beta=0.0)
    with pytest.raises(TypeError, match="beta"):
        ModernHopfield(beta="x")
    with pytest.raises(RuntimeError, match="not fitted"):
        ModernHopfield().update(np.ones(3))
    with pytest.raises(ValueError, match="one row per pattern"):
        ModernHopfield().fit(np.ones((3, 4)), np.ones((2, 4)))
    mh = ModernHopfield().fit(np.ones((3, 4)))
    with pytest.raises(ValueError, match="4 entries"):
        mh.update(np.ones(5))
    with pytest.raises(ValueError, match="finite"):
        mh.update(np.array([1.0, np.nan, 0.0, 0.0]))


# --- hetero-associative memory -----------------------------------------------------------


def test_hebbian_association_is_exact_for_orthogonal_keys():
    keys = np.array([[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1]], dtype=float)
    values = np.array([[1.0, 2.0], [-3.0, 0.5], [0.0, 1.0]])
    memory = HeteroAssociativeMemory("hebb").fit(keys, values)
    np.testing.assert_allclose(memory.predict(keys), values, atol=1e-12)


def test_pseudo_inverse_association_is_exact_and_equals_lstsq():
    rng = np.random.default_rng(0)
    keys, values = rng.normal(size=(6, 10)), rng.normal(size=(6, 3))
    memory = HeteroAssociativeMemory("pinv").fit(keys, values)
    np.testing.assert_allclose(memory.predict(keys), values, atol=1e-10)
    W_lstsq = np.linalg.lstsq(keys, values, rcond=None)[0].T
    np.testing.assert_allclose(memory.W, W_lstsq, atol=1e-10)
    hebb = HeteroAssociativeMemory("hebb").fit(keys, values)
    assert np.max(np.abs(hebb.predict(keys) - values)) > 0.1  # crosstalk


def test_binary_output_and_hetero_errors():
    keys, values = _patterns(5, 100), _patterns(5, 20, seed=9)
    memory = HeteroAssociativeMemory(binary=True).fit(keys, values)
    np.testing.assert_array_equal(memory.predict(_flip(keys, 0.1)), values)
    with pytest.raises(ValueError, match="rule"):
        HeteroAssociativeMemory("oja")
    with pytest.raises(TypeError, match="binary"):
        HeteroAssociativeMemory(binary=1)
    with pytest.raises(ValueError, match="same number of pairs"):
        HeteroAssociativeMemory().fit(keys, values[:3])
    with pytest.raises(RuntimeError, match="not fitted"):
        HeteroAssociativeMemory().predict(keys)
    with pytest.raises(ValueError, match="100 columns"):
        memory.predict(np.ones((2, 99)))


# --- bad input: every public function names the argument ---------------------------

_XI = np.array([[1.0, -1.0, 1.0, -1.0], [1.0, 1.0, -1.0, -1.0]])
_NET = HopfieldNetwork().fit(_XI)
_MODERN = ModernHopfield(2.0).fit(_XI)
_HETERO = HeteroAssociativeMemory().fit(_XI, _XI[:, :2])

BAD_HOPFIELD_CALLS = [
    (lambda: bipolar("ab"), TypeError, "patterns must be array-like"),
    (lambda: hebbian_weights([1.0, -1.0]), ValueError, "patterns must be 2-D"),
    (lambda: hebbian_weights(np.ones((2, 0))), ValueError, "patterns must not be empty"),
    (lambda: hebbian_weights([[np.nan, 1.0]]), ValueError, "patterns must contain only finite"),
    (lambda: hebbian_weights([[0.0, 1.0]]), ValueError,
     r"patterns must contain only -1 and \+1; found values \[0.0\]"),
    (lambda: overlap(np.ones((2, 0)), np.ones(0)), ValueError,
     r"patterns must have at least one column; got shape \(2, 0\)"),
    (lambda: overlap(np.ones((0, 4)), np.ones(4)), ValueError, "patterns needs at least 1"),
    (lambda: overlap(_XI, 1.0), ValueError, "states must have 4 units in the last axis"),
    (lambda: overlap(_XI, [np.inf] * 4), ValueError, "states must contain only finite"),
    (lambda: HopfieldNetwork().fit(np.ones((1, 2, 2))), ValueError, "patterns must be 2-D"),
    (lambda: HopfieldNetwork().fit([[1.0, 0.5]]), ValueError,
     r"patterns must contain only -1 and \+1"),
    (lambda: _NET.energy([1.0, 1.0]), ValueError,
     r"states must have 4 units in the last axis; got shape \(2,\)"),
    (lambda: _NET.energy([1.0, 0.0, 1.0, 0.0]), ValueError, "states must contain only -1"),
    (lambda: _NET.step_sync(np.ones((1, 1, 4))), ValueError, "states must be 1-D or 2-D"),
    (lambda: _NET.sweep_async(np.ones(4), [0, 1], "update"), TypeError,
     "record must be a list or None; got str"),
    (lambda: _NET.sweep_async(np.ones(4), [0.0, 1.0]), ValueError,
     "order must hold integer unit indices from 0 to 3"),
    (lambda: _NET.sweep_async(np.zeros(4), [0]), ValueError, "states must contain only -1"),
    (lambda: _NET.run([1.0, 1.0]), ValueError, "cue must have 4 units in the last axis"),
    (lambda: _NET.run(np.ones((0, 4))), ValueError, "cue must not be empty"),
    (lambda: _NET.run(np.ones(4), mode=None), ValueError,
     "mode must be one of 'async', 'sync'; got None"),
    (lambda: _NET.run(np.ones(4), record="all"), ValueError, "record must be one of"),
    (lambda: _NET.run(np.ones(4), max_sweeps=2.0), TypeError, "max_sweeps must be an integer"),
    (lambda: _NET.run(np.ones(4), seed=-1), ValueError, "seed must be a non-negative integer"),
    (lambda: softmax([]), ValueError,
     r"z must be a non-empty array with at least one axis; got shape \(0,\)"),
    (lambda: softmax(1.0), ValueError, "z must be a non-empty array with at least one axis"),
    (lambda: softmax([1.0, 2.0], axis=3), ValueError,
     r"axis must lie in \[-1, 0\] for z of shape \(2,\); got axis=3"),
    (lambda: softmax([1.0, 2.0], axis="a"), TypeError, "axis must be an integer; got 'a'"),
    (lambda: softmax([np.nan, 1.0]), ValueError, "z must contain only finite"),
    (lambda: ModernHopfield(np.nan), ValueError, "beta must be a finite positive"),
    (lambda: ModernHopfield().fit(np.zeros((1, 0))), ValueError,
     r"patterns must have at least one column; got shape \(1, 0\)"),
    (lambda: ModernHopfield().fit(_XI, np.zeros((2, 0))), ValueError,
     "values must have at least one column"),
    (lambda: ModernHopfield().fit(_XI, np.zeros(2)), ValueError, "values must be 2-D"),
    (lambda: ModernHopfield().separation([1.0, 1.0]), RuntimeError,
     r"ModernHopfield is not fitted yet: call fit\(patterns\)"),
    (lambda: _MODERN.update(np.ones((0, 4))), ValueError, "states needs at least 1 samples"),
    (lambda: _MODERN.update(np.ones((1, 1, 4))), ValueError, "states must be 1-D or 2-D"),
    (lambda: _MODERN.energy([np.nan] * 4), ValueError, "states must contain only finite"),
    (lambda: HeteroAssociativeMemory("ols"), ValueError, "rule must be one of 'hebb', 'pinv'"),
    (lambda: HeteroAssociativeMemory(binary=1), TypeError, "binary must be True or False"),
    (lambda: HeteroAssociativeMemory().fit(np.zeros((2, 0)), np.ones((2, 1))), ValueError,
     r"X must have at least one column; got shape \(2, 0\)"),
    (lambda: HeteroAssociativeMemory().fit(_XI, np.zeros((2, 0))), ValueError,
     "Y must have at least one column"),
    (lambda: HeteroAssociativeMemory(binary=True).fit(_XI, [[0.5], [1.0]]), ValueError,
     r"Y must contain only -1 and \+1; found values \[0.5\]"),
    (lambda: HeteroAssociativeMemory().fit(_XI, np.zeros((3, 1))), ValueError,
     "X and Y must hold the same number of pairs; got 2 and 3"),
    (lambda: _HETERO.predict(np.ones((1, 3))), ValueError, "X must have 4 columns"),
    (lambda: _HETERO.predict(np.full((1, 4), np.nan)), ValueError, "X must contain only finite"),
]


@pytest.mark.parametrize("call, error, message", BAD_HOPFIELD_CALLS)
def test_hopfield_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_fit_weights_are_the_hebbian_weights_and_np_bool_is_accepted():
    xi = _patterns(7, 30, seed=4)
    net = HopfieldNetwork().fit(xi)
    np.testing.assert_array_equal(net.W, hebbian_weights(xi))
    assert HeteroAssociativeMemory(binary=np.bool_(True)).binary is True
