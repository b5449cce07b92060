"""Tests of neurocomp.plasticity: the STDP window in NumPy and the Brian2 pair protocol."""

import subprocess
import sys

import numpy as np
import pytest

from neurocomp import plasticity

b2 = pytest.importorskip("brian2")
ms = b2.ms


def test_import_does_not_load_brian2():
    code = ("import sys, neurocomp.plasticity as p; p.stdp_window([1.0]); "
            "print('brian2' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_constants():
    assert plasticity.STDP_TAU_PLUS == 20 * ms and plasticity.STDP_DT == 0.1 * ms
    assert plasticity.STDP_A_MINUS > plasticity.STDP_A_PLUS > 0
    with pytest.raises(AttributeError, match="NO_SUCH"):
        plasticity.NO_SUCH


def test_window_formula():
    dw = plasticity.stdp_window([-20.0, 0.0, 10.0], a_plus=0.01, a_minus=0.02,
                                tau_plus=10.0, tau_minus=20.0)
    np.testing.assert_allclose(dw, [-0.02 * np.exp(-1), 0.0, 0.01 * np.exp(-1)])


def test_pair_protocol_reproduces_the_window():
    delta_t = np.array([-40.0, -7.5, -0.5, 0.5, 3.0, 25.0])
    params = dict(a_plus=0.02, a_minus=0.01, tau_plus=10 * ms, tau_minus=30 * ms)
    result = plasticity.stdp_pair_protocol(delta_t * ms, seed=0, **params)
    expected = plasticity.stdp_window(delta_t, a_plus=0.02, a_minus=0.01, tau_plus=10.0,
                                      tau_minus=30.0)
    np.testing.assert_allclose(result.dw, expected, rtol=1e-9, atol=1e-15)
    assert result.traces is None


def test_repeated_pairs_add_when_traces_decay_between_them():
    delta_t = np.array([-10.0, 10.0]) * ms
    one = plasticity.stdp_pair_protocol(delta_t, seed=0)
    three = plasticity.stdp_pair_protocol(delta_t, n_pairs=3, period=300 * ms, seed=0)
    np.testing.assert_allclose(three.dw, 3 * one.dw, rtol=1e-6)


def test_recorded_traces_agree_with_event_driven_run():
    delta_t = np.array([5.0, -5.0]) * ms
    fast = plasticity.stdp_pair_protocol(delta_t, seed=0)
    rec = plasticity.stdp_pair_protocol(delta_t, record=True, seed=0)
    np.testing.assert_allclose(rec.dw, fast.dw, rtol=1e-6)
    tr = rec.traces
    assert tr["apre"].shape == (2, len(tr["t"])) and tr["w"].shape == tr["apre"].shape
    assert tr["apre"].max() == pytest.approx(plasticity.STDP_A_PLUS, rel=1e-6)
    np.testing.assert_allclose(tr["w"][:, -1] - 0.5, fast.dw, rtol=1e-6)


def test_weights_are_clipped():
    # a huge potentiation from w0 = 0.9 stops at w_max = 1
    res = plasticity.stdp_pair_protocol(np.array([1.0]) * ms, w0=0.9, a_plus=0.5, seed=0)
    assert res.dw[0] == pytest.approx(0.1)


def test_stdp_synapses_in_a_user_network():
    pre = b2.SpikeGeneratorGroup(2, [0, 1], [1, 2] * ms)
    post = b2.SpikeGeneratorGroup(2, [0, 1], [3, 1] * ms)
    syn = plasticity.stdp_synapses(pre, post, w0=0.2)
    b2.Network(pre, post, syn).run(5 * ms, namespace={})
    expected = 0.2 + plasticity.stdp_window([2.0, -1.0])
    np.testing.assert_allclose(np.asarray(syn.w), expected, rtol=1e-9)


def test_bad_input():
    with pytest.raises(TypeError, match="delta_t must be a Brian2 quantity"):
        plasticity.stdp_pair_protocol(np.array([1.0, 2.0]) * b2.mV)
    with pytest.raises(ValueError, match="delta_t must be a non-empty 1-D"):
        plasticity.stdp_pair_protocol(5 * ms)
    with pytest.raises(TypeError, match="unknown parameter"):
        plasticity.stdp_pair_protocol([1.0] * ms, tau=5 * ms)
    with pytest.raises(ValueError, match="tau_plus must be positive"):
        plasticity.stdp_pair_protocol([1.0] * ms, tau_plus=-5 * ms)
    with pytest.raises(ValueError, match="a_plus must be a finite non-negative"):
        plasticity.stdp_pair_protocol([1.0] * ms, a_plus=-0.1)
    with pytest.raises(ValueError, match="n_pairs must be an integer >= 1"):
        plasticity.stdp_pair_protocol([1.0] * ms, n_pairs=0)
    with pytest.raises(ValueError, match="period must exceed"):
        plasticity.stdp_pair_protocol([1.0] * ms, n_pairs=2, period=0.05 * ms)
    with pytest.raises(ValueError, match="w0 must lie in"):
        plasticity.stdp_pair_protocol([1.0] * ms, w0=2.0)
    with pytest.raises(ValueError, match="tau_plus must be a finite positive"):
        plasticity.stdp_window([1.0], tau_plus=0.0)
    with pytest.raises(ValueError, match="delta_t must contain only finite"):
        plasticity.stdp_window([np.nan])


def test_coarser_time_step_is_used_everywhere():
    res = plasticity.stdp_pair_protocol([4.0, -4.0] * ms, dt=1 * ms, record=True, seed=0)
    np.testing.assert_allclose(np.diff(res.traces["t"] / ms), 1.0)
    np.testing.assert_allclose(res.dw, plasticity.stdp_window([4.0, -4.0]), rtol=1e-6)


def test_stdp_poisson_neuron_keeps_weights_bounded_and_is_seeded():
    a = plasticity.stdp_poisson_neuron(50, 300 * b2.ms, g_max=0.2, a_plus=0.05, seed=1)
    b = plasticity.stdp_poisson_neuron(50, 300 * b2.ms, g_max=0.2, a_plus=0.05, seed=1)
    w0, w, rate = a
    assert w0.shape == w.shape == (50,) and np.all((w >= 0) & (w <= 1))
    assert rate > 0 and not np.allclose(w, w0)
    np.testing.assert_array_equal(w, b[1])


def test_stdp_poisson_neuron_rejects_bad_input():
    with pytest.raises(ValueError, match="n_inputs"):
        plasticity.stdp_poisson_neuron(0, 1 * b2.ms)
    with pytest.raises(TypeError, match="rate"):
        plasticity.stdp_poisson_neuron(5, 1 * b2.ms, rate=3 * b2.ms)
    with pytest.raises(ValueError, match="g_max"):
        plasticity.stdp_poisson_neuron(5, 1 * b2.ms, g_max=-1.0)


# --- bad input: every error names the argument, before any Brian2 object is built --------


_SOURCE = b2.SpikeGeneratorGroup(1, [0], [1] * ms)  # built once, outside the refusal
_TARGET = b2.SpikeGeneratorGroup(1, [0], [2] * ms)


def _synapses(**kwargs):
    return plasticity.stdp_synapses(kwargs.pop("source", _SOURCE), kwargs.pop("target", _TARGET),
                                    **kwargs)


BAD_PLASTICITY_CALLS = [
    (lambda: plasticity.stdp_window(np.ones(2) * ms), TypeError,
     r"delta_t must be plain numbers in ms \(e.g. delta_t / ms\), not a Brian2 quantity"),
    (lambda: plasticity.stdp_window([1.0], tau_plus=20 * ms), TypeError,
     "tau_plus must be plain numbers in ms"),
    (lambda: plasticity.stdp_window([1.0], tau_minus=-1.0), ValueError,
     "tau_minus must be a finite positive number"),
    (lambda: plasticity.stdp_window([1.0], a_minus=np.nan), ValueError,
     "a_minus must be a finite non-negative number"),
    (lambda: plasticity.stdp_window("a"), TypeError, "delta_t must be array-like"),
    (lambda: _synapses(source="a"), TypeError,
     "source must be a Brian2 group that emits spikes .*; got 'a'"),
    (lambda: _synapses(target=np.zeros(2)), TypeError, "target must be a Brian2 group"),
    (lambda: _synapses(event_driven="yes"), TypeError,
     "event_driven must be True or False; got 'yes'"),
    (lambda: _synapses(effect=5), TypeError, "effect must be a string of Brian2 statements"),
    (lambda: _synapses(constants=[1]), TypeError, r"constants must be a dict .*; got \[1\]"),
    (lambda: _synapses(connect=5), TypeError, "connect must be a condition string, True or None"),
    (lambda: _synapses(dt=0.1), TypeError,
     r"dt must be a Brian2 quantity in units of ms; got 0.1 \(a plain number"),
    (lambda: _synapses(w0=1.5), ValueError, r"w0 must lie in \[0, w_max=1.0\]; got w0=1.5"),
    (lambda: _synapses(w0=0.5, w_max=0.0), ValueError, "w_max must be a finite positive"),
    (lambda: _synapses(tau_minus=20.0), TypeError,
     "tau_minus must be a Brian2 quantity in units of ms"),
    (lambda: _synapses(tau=20 * ms), TypeError, r"unknown parameter\(s\) \['tau'\]"),
    (lambda: plasticity.stdp_pair_protocol([10.0]), TypeError,
     "delta_t must be a Brian2 quantity in units of ms"),
    (lambda: plasticity.stdp_pair_protocol(np.array([[1.0]]) * ms), ValueError,
     "delta_t must be a non-empty 1-D"),
    (lambda: plasticity.stdp_pair_protocol([10.0] * ms, record="yes"), TypeError,
     "record must be True or False; got 'yes'"),
    (lambda: plasticity.stdp_pair_protocol([10.0] * ms, seed=1.5), TypeError,
     "seed must be an int"),
    (lambda: plasticity.stdp_pair_protocol([10.0] * ms, w0=-1.0), ValueError,
     "w0 must be a finite non-negative number; got w0=-1.0"),
    (lambda: plasticity.stdp_pair_protocol([10.0] * ms, w0=2.0), ValueError, "w0 must lie in"),
    (lambda: plasticity.stdp_pair_protocol([10.0] * ms, period=100.0), TypeError,
     "period must be a Brian2 quantity in units of ms"),
    (lambda: plasticity.stdp_pair_protocol([10.0] * ms, dt=0.1), TypeError,
     "dt must be a Brian2 quantity in units of ms"),
    (lambda: plasticity.stdp_pair_protocol([10.0] * ms, n_pairs=2.0), TypeError,
     "n_pairs must be an integer"),
    (lambda: plasticity.stdp_poisson_neuron(10, 1.0), TypeError,
     r"duration must be a Brian2 quantity in units of ms; got 1.0 \(a plain number"),
    (lambda: plasticity.stdp_poisson_neuron(10), TypeError,
     "duration must be a Brian2 quantity in units of ms; got None"),
    (lambda: plasticity.stdp_poisson_neuron(10, 1 * ms, rate=10.0), TypeError,
     "rate must be a Brian2 quantity in units of Hz"),
    (lambda: plasticity.stdp_poisson_neuron(10, 1 * ms, rate=-1 * b2.Hz), ValueError,
     "rate must be positive"),
    (lambda: plasticity.stdp_poisson_neuron(10, 1 * ms, ratio=-1.0), ValueError,
     "ratio must be a finite positive number"),
    (lambda: plasticity.stdp_poisson_neuron(10, 1 * ms, a_plus=np.nan), ValueError,
     "a_plus must be a finite positive number"),
    (lambda: plasticity.stdp_poisson_neuron(10, 1 * ms, seed=1.5), TypeError,
     "seed must be an int"),
]


@pytest.mark.parametrize("call, error, message", BAD_PLASTICITY_CALLS)
def test_plasticity_rejects_bad_input(call, error, message, unbuilt):
    with pytest.raises(error, match=message):
        call()
