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
