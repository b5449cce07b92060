"""Tests of neurocomp.networks: PSP formulas and simulation, Brunel network, measures."""

import subprocess
import sys

import numpy as np
import pytest

from neurocomp import networks

b2 = pytest.importorskip("brian2")
ms, mV = b2.ms, b2.mV


def test_import_does_not_load_brian2():
    code = ("import sys, neurocomp.networks as n; n.psp_exponential([1.0], tau_m=10, tau_s=5); "
            "print('brian2' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _convolve(drive, t, tau_m):
    """Euler-free reference: V = (1/tau_m) * integral exp(-(t-s)/tau_m) x(s) ds by trapezoids."""
    v = np.zeros_like(t)
    for k in range(1, t.size):
        s = t[: k + 1]
        v[k] = np.trapezoid(np.exp(-(t[k] - s) / tau_m) * drive(s), s) / tau_m
    return v


@pytest.mark.parametrize("formula, drive", [
    (networks.psp_exponential, lambda s: 2.0 * np.exp(-s / 5.0)),
    (networks.psp_alpha, lambda s: 2.0 * s / 5.0 * np.exp(-s / 5.0)),
])
def test_psp_formulas_match_numerical_convolution(formula, drive):
    t = np.linspace(0, 60, 3001)
    expected = _convolve(drive, t, 10.0)
    np.testing.assert_allclose(formula(t, tau_m=10.0, tau_s=5.0, w=2.0), expected, atol=1e-4)
    assert formula(np.array([-1.0]), tau_m=10.0, tau_s=5.0)[0] == 0.0


def test_psp_peak_time_of_exponential_synapse():
    t = np.linspace(0, 50, 500001)
    v = networks.psp_exponential(t, tau_m=10.0, tau_s=5.0)
    assert t[np.argmax(v)] == pytest.approx(10 * 5 / (5 - 10) * np.log(5 / 10), abs=1e-3)


def test_psp_rejects_bad_input():
    with pytest.raises(ValueError, match="tau_s"):
        networks.psp_exponential([1.0], tau_m=5.0, tau_s=5.0)
    with pytest.raises(ValueError, match="tau_m"):
        networks.psp_alpha([1.0], tau_m=-1.0, tau_s=5.0)


@pytest.mark.parametrize("kind", ["exponential", "alpha"])
def test_simulated_psp_matches_formula(kind):
    t, v = networks.simulate_psp(kind, w=0.5 * mV, duration=40 * ms, dt=0.05 * ms)
    formula = networks.psp_exponential if kind == "exponential" else networks.psp_alpha
    expected = formula(np.asarray(t / ms), tau_m=10.0, tau_s=5.0, w=0.5)
    np.testing.assert_allclose(np.asarray(v / mV), expected, atol=2e-3 * expected.max())


def test_simulate_psp_rejects_bad_input():
    with pytest.raises(ValueError, match="kind"):
        networks.simulate_psp("gaussian")
    with pytest.raises(TypeError, match="w"):
        networks.simulate_psp(w=1.0 * ms)
    with pytest.raises(ValueError, match="tau_m"):
        networks.simulate_psp(tau_m=-1 * ms)


def test_default_constants_carry_units():
    assert networks.BRUNEL_TAU == 20 * ms and networks.BRUNEL_J == 0.2 * mV
    with pytest.raises(AttributeError, match="NO_SUCH"):
        networks.NO_SUCH_CONSTANT


def test_small_brunel_network_runs_and_is_seeded():
    a = networks.brunel_network(5.0, 2.0, 60 * ms, n_e=400, n_record=10, seed=3)
    b = networks.brunel_network(5.0, 2.0, 60 * ms, n_e=400, n_record=10, seed=3)
    assert a.n_e == 400 and a.n_i == 100 and a.spike_t.size > 100
    np.testing.assert_array_equal(a.spike_i, b.spike_i)
    assert a.v.shape == (10, 120) and np.all(a.spike_i < 500)
    assert np.all(np.isfinite(a.v)) and np.all(np.diff(a.spike_t) >= 0)


def test_brunel_rejects_bad_input():
    with pytest.raises(ValueError, match="g"):
        networks.brunel_network(-1.0, 2.0, 10 * ms)
    with pytest.raises(ValueError, match="n_e"):
        networks.brunel_network(5.0, 2.0, 10 * ms, n_e=401)
    with pytest.raises(ValueError, match="epsilon"):
        networks.brunel_network(5.0, 2.0, 10 * ms, epsilon=1.5)
    with pytest.raises(TypeError, match="duration"):
        networks.brunel_network(5.0, 2.0, 10.0)
    with pytest.raises(TypeError, match="unknown"):
        networks.brunel_network(5.0, 2.0, 10 * ms, tau_x=1 * ms)
    with pytest.raises(ValueError, match="v_reset"):
        networks.brunel_network(5.0, 2.0, 10 * ms, v_reset=30 * mV)


def test_population_rate_counts_spikes_per_neuron_and_second():
    rate = networks.population_rate([0.001, 0.002, 0.015], n=2, duration=0.02, bin_size=0.01)
    np.testing.assert_allclose(rate, [100.0, 50.0])
    with pytest.raises(ValueError, match="bin_size"):
        networks.population_rate([0.1], n=1, duration=0.1, bin_size=1.0)


def test_isi_cv_of_clock_and_poisson_trains():
    rng = np.random.default_rng(0)
    poisson = np.cumsum(rng.exponential(0.01, 20000))
    clock = np.arange(1, 50) * 0.02
    i = np.concatenate([np.zeros(clock.size), np.ones(poisson.size), [2, 2]])
    t = np.concatenate([clock, poisson, [0.1, 0.2]])
    cv = networks.isi_cv(i, t, n=3)
    assert cv.shape == (2,)  # neuron 2 has too few spikes
    assert cv[0] == pytest.approx(0.0, abs=1e-6) and cv[1] == pytest.approx(1.0, abs=0.03)


def test_isi_cv_rejects_bad_input():
    with pytest.raises(ValueError, match="same length"):
        networks.isi_cv([0, 1], [0.1], n=2)
    with pytest.raises(ValueError, match="spike_i"):
        networks.isi_cv([0, 5], [0.1, 0.2], n=2)
    with pytest.raises(ValueError, match="min_spikes"):
        networks.isi_cv([0], [0.1], n=1, min_spikes=2)


def test_synchrony_chi_limits():
    rng = np.random.default_rng(1)
    shared = np.sin(np.linspace(0, 20, 1000))
    assert networks.synchrony_chi(np.tile(shared, (5, 1))) == pytest.approx(1.0)
    independent = rng.normal(size=(400, 2000))
    assert networks.synchrony_chi(independent) == pytest.approx(1 / 20, rel=0.2)
    with pytest.raises(ValueError, match="v"):
        networks.synchrony_chi(np.ones((1, 10)))
    with pytest.raises(ValueError, match="vary"):
        networks.synchrony_chi(np.ones((3, 10)))


# --- bad input: every error names the argument, before any Brian2 object is built --------


_BRUNEL = {"g": 5.0, "nu_ratio": 2.0, "duration": 10 * ms, "n_e": 8}


def _brunel(**kwargs):
    args = {**_BRUNEL, **kwargs}
    return networks.brunel_network(args.pop("g"), args.pop("nu_ratio"), args.pop("duration"),
                                   **args)


BAD_NETWORK_CALLS = [
    (lambda: networks.psp_exponential([1.0], tau_m=10.0, tau_s=5.0, w=np.nan), ValueError,
     "w must contain only finite values"),
    (lambda: networks.psp_alpha([1.0], tau_m=10.0, tau_s=5.0, w="a"), TypeError,
     "w must be array-like"),
    (lambda: networks.psp_alpha([1.0], tau_m=10.0, tau_s=5.0, w=[1.0, 2.0]), ValueError,
     "w must be 0-D"),
    (lambda: networks.psp_exponential([1.0], tau_m=10.0, tau_s=5.0, w=1 * mV), TypeError,
     r"w must be plain numbers in the unit of V \(e.g. w / mV\), not a Brian2 quantity"),
    (lambda: networks.psp_exponential(np.ones(2) * ms, tau_m=10.0, tau_s=5.0), TypeError,
     r"t must be plain numbers in one time unit \(e.g. t / ms\), not a Brian2 quantity"),
    (lambda: networks.psp_alpha([1.0], tau_m=10 * ms, tau_s=5.0), TypeError,
     "tau_m must be plain numbers in one time unit"),
    (lambda: networks.psp_exponential([np.nan], tau_m=10.0, tau_s=5.0), ValueError,
     "t must contain only finite"),
    (lambda: networks.psp_exponential([1.0], tau_m=-10.0, tau_s=5.0), ValueError,
     "tau_m must be a finite positive number"),
    (lambda: networks.psp_alpha([1.0], tau_m=5.0, tau_s=5.0), ValueError,
     "tau_s must differ from tau_m"),
    (lambda: networks.simulate_psp("gauss"), ValueError,
     "kind must be one of 'exponential', 'alpha'; got 'gauss'"),
    (lambda: networks.simulate_psp(w=1 * b2.nA), TypeError,
     "w must be a Brian2 quantity in units of mV; got 1. \\* namp"),
    (lambda: networks.simulate_psp(w=1.0), TypeError, "w must be a Brian2 quantity in units of mV"),
    (lambda: networks.simulate_psp(duration=10.0), TypeError,
     r"duration must be a Brian2 quantity in units of ms; got 10.0 \(a plain number"),
    (lambda: networks.simulate_psp(tau_s=5 * mV), TypeError,
     "tau_s must be a Brian2 quantity in units of ms"),
    (lambda: networks.simulate_psp(dt=0 * ms), ValueError, "dt must be positive"),
    (lambda: _brunel(duration=10.0), TypeError,
     "duration must be a Brian2 quantity in units of ms; got 10.0"),
    (lambda: _brunel(duration=10 * mV), TypeError, "duration must be a Brian2 quantity"),
    (lambda: _brunel(g="5"), TypeError, "g must be a real number"),
    (lambda: _brunel(g=-1.0), ValueError, "g must be a finite positive number"),
    (lambda: _brunel(nu_ratio=np.nan), ValueError, "nu_ratio must be a finite positive number"),
    (lambda: _brunel(n_e=10), ValueError, "n_e must be divisible by 4; got n_e=10"),
    (lambda: _brunel(n_e=8.0), TypeError, "n_e must be an integer"),
    (lambda: _brunel(epsilon=1.5), ValueError, r"epsilon must lie in \(0, 1\]"),
    (lambda: _brunel(n_record=0), ValueError, "n_record must be an integer >= 1"),
    (lambda: _brunel(seed=-3), ValueError, "seed must be a non-negative integer"),
    (lambda: _brunel(tau=20.0), TypeError,
     r"tau must be a Brian2 quantity in units of ms; got 20.0 \(a plain number"),
    (lambda: _brunel(j=0.2 * b2.nA), TypeError, "j must be a Brian2 quantity in units of mV"),
    (lambda: _brunel(delay=0 * ms), ValueError, "delay must be positive"),
    (lambda: _brunel(v_reset=30 * mV), ValueError, "v_reset must lie below theta"),
    (lambda: _brunel(weight=1 * mV), TypeError,
     r"unknown parameter\(s\) \['weight'\] for the BRUNEL model"),
    (lambda: networks.population_rate([5.0, 0.1], 10, 1.0, 0.1), ValueError,
     r"spike_t must lie in \[0, duration=1.0\] \(seconds\); found times from 0.1 to 5.0"),
    (lambda: networks.population_rate([-0.1], 10, 1.0, 0.1), ValueError, "spike_t must lie in"),
    (lambda: networks.population_rate(np.ones((2, 2)), 10, 1.0, 0.1), ValueError,
     "spike_t must be 1-D"),
    (lambda: networks.population_rate([0.1], 0, 1.0, 0.1), ValueError, "n must be an integer >= 1"),
    (lambda: networks.population_rate([0.1], 10, 1.0, 0.0), ValueError,
     "bin_size must be a finite positive number"),
    (lambda: networks.population_rate([0.1], 10, np.inf, 0.1), ValueError,
     "duration must be a finite positive number"),
    (lambda: networks.isi_cv([0, 5], [0.1, 0.2], 2), ValueError,
     r"spike_i must hold integer neuron indices in \[0, n=2\); found \[5.0\]"),
    (lambda: networks.isi_cv([0, 0.5], [0.1, 0.2], 2), ValueError,
     r"spike_i must hold integer neuron indices .* found \[0.5\]"),
    (lambda: networks.isi_cv([0, 1], [0.1, np.nan], 2), ValueError, "spike_t must contain only"),
    (lambda: networks.isi_cv([0, 1], [0.1, 0.2], 2, min_spikes=2), ValueError,
     "min_spikes must be an integer >= 3"),
    (lambda: networks.synchrony_chi(np.ones(4)), ValueError, "v must be 2-D"),
    (lambda: networks.synchrony_chi(np.ones((1, 4))), ValueError,
     r"v needs at least 2 neurons and 2 samples; got shape \(1, 4\)"),
    (lambda: networks.synchrony_chi([[0.0, np.inf], [1.0, 2.0]]), ValueError,
     "v must contain only finite"),
]


@pytest.mark.parametrize("call, error, message", BAD_NETWORK_CALLS)
def test_networks_reject_bad_input(call, error, message, unbuilt):
    with pytest.raises(error, match=message):
        call()
