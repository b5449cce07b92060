"""Tests of neurocomp.spiking and neurocomp.hodgkin_huxley: LIF rate, HH gating, Brian2 runs."""

import subprocess
import sys

import numpy as np
import pytest

from neurocomp import brian, hodgkin_huxley, spiking

b2 = pytest.importorskip("brian2")
ms, mV, nA = b2.ms, b2.mV, b2.nA
uA_cm2 = b2.uA / b2.cm2


# --- module conventions -------------------------------------------------------------


def test_import_does_not_load_brian2():
    code = "import sys, neurocomp.spiking as s; s.lif_rate(2e-9); print('brian2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_default_constants_carry_units_and_match_their_si_values():
    assert spiking.LIF_TAU_M == 10 * ms
    assert hodgkin_huxley.HH_G_NA == 120 * b2.mS / b2.cm2
    assert b2.have_same_dimensions(spiking.ADEX_B, nA)
    for module in (spiking, hodgkin_huxley):
        for name in module._DEFAULTS:
            si = brian.default_si(module._DEFAULTS, name)
            assert float(getattr(module, name)) == pytest.approx(si, rel=1e-12)
        with pytest.raises(AttributeError, match="NO_SUCH"):
            module.NO_SUCH_CONSTANT


# --- analytic LIF rate ----------------------------------------------------------------


def test_lif_rate_matches_hand_computed_values():
    # rheobase (v_th - v_rest) / r_m = 15 mV / 10 MOhm = 1.5 nA
    np.testing.assert_array_equal(spiking.lif_rate(np.array([0.0, 1.0, 1.5]) * nA), 0.0)
    # I = 2 nA: V_inf = -45 mV, T = 10 ms * ln(20 / 5), f = 1 / (2 ms + T)
    expected = 1.0 / (2e-3 + 10e-3 * np.log(4.0))
    assert spiking.lif_rate(2 * nA) == pytest.approx(expected, rel=1e-12)
    assert spiking.lif_rate(2e-9) == pytest.approx(expected, rel=1e-12)  # SI floats
    assert spiking.lif_rate(1e-3) == pytest.approx(1 / 2e-3, rel=1e-3)  # saturates at 1/t_ref


def test_lif_rate_is_monotone_and_linear_without_refractoriness():
    current = np.linspace(1.6, 40, 50) * nA
    rate = spiking.lif_rate(current)
    assert rate.shape == (50,) and np.all(np.diff(rate) > 0)
    # t_ref = 0: f -> R I / (tau (v_th - v_reset)) - 1/2 tau for large I
    big = spiking.lif_rate(1e-5, t_ref=0 * ms)
    assert big == pytest.approx(1e-5 * 1e7 / (10e-3 * 15e-3) - 50.0, rel=1e-4)


def test_lif_rate_uses_its_parameters():
    slow = spiking.lif_rate(2 * nA, tau_m=20 * ms)
    assert slow == pytest.approx(1.0 / (2e-3 + 20e-3 * np.log(4.0)), rel=1e-12)
    assert spiking.lif_rate(2 * nA, v_th=-40 * mV) == 0.0


def test_lif_rate_rejects_bad_input():
    with pytest.raises(TypeError, match="unknown parameter"):
        spiking.lif_rate(2 * nA, tau=10 * ms)
    with pytest.raises(ValueError, match="tau_m must be positive"):
        spiking.lif_rate(2 * nA, tau_m=-1 * ms)
    with pytest.raises(ValueError, match="v_reset must lie below v_th"):
        spiking.lif_rate(2 * nA, v_reset=-40 * mV)
    with pytest.raises(TypeError, match="current must be a Brian2 quantity"):
        spiking.lif_rate(2 * mV)
    with pytest.raises(ValueError, match="current must contain only finite"):
        spiking.lif_rate([np.nan, 1e-9])


# --- LIF simulations ------------------------------------------------------------------


def test_simulated_fi_curve_agrees_with_the_formula_within_one_time_step():
    currents = np.array([0.5, 1.2, 1.5, 1.8, 2.5, 3.5, 5.0]) * nA
    for dt in (0.1 * ms, 0.02 * ms):
        simulated = np.asarray(spiking.lif_fi_curve(currents, 500 * ms, dt=dt))
        theory = spiking.lif_rate(currents)
        np.testing.assert_array_equal(simulated[:3], 0.0)  # at or below rheobase
        period_error = np.abs(1 / simulated[3:] - 1 / theory[3:])
        assert np.all(period_error <= float(dt) * 1.0001), (dt, period_error)


def test_simulate_lif_trace():
    trace = spiking.simulate_lif(2 * nA, 50 * ms, dt=0.05 * ms)
    first = 10e-3 * np.log(4.0)  # time to threshold from rest (= reset)
    assert trace.v.shape == trace.t.shape == (1000,)
    assert abs(float(trace.spike_times[0]) - first) <= 0.05e-3
    assert np.max(trace.v) <= spiking.LIF_V_TH and np.min(trace.v) >= spiking.LIF_V_REST
    assert len(trace.spike_times) == 3


def test_noise_is_seeded_and_lets_the_neuron_fire_below_rheobase():
    currents = np.array([1.2, 1.4]) * nA
    a = spiking.lif_fi_curve(currents, 1000 * ms, sigma=3 * mV, seed=3)
    b = spiking.lif_fi_curve(currents, 1000 * ms, sigma=3 * mV, seed=3)
    c = spiking.lif_fi_curve(currents, 1000 * ms, sigma=3 * mV, seed=4)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert np.all(a > 0 * b2.Hz) and a[1] > a[0]
    counted = spiking.lif_fi_curve(currents, 1000 * ms, sigma=3 * mV, seed=3, estimator="count")
    assert np.all(np.abs(counted - a) < 0.5 * a)  # two estimates of the same rates
    t1 = spiking.simulate_lif(1.4 * nA, 100 * ms, sigma=3 * mV, seed=np.random.default_rng(0))
    t2 = spiking.simulate_lif(1.4 * nA, 100 * ms, sigma=3 * mV, seed=np.random.default_rng(0))
    np.testing.assert_array_equal(t1.v, t2.v)


def test_lif_simulations_reject_bad_input():
    with pytest.raises(TypeError, match="current must be a Brian2 quantity"):
        spiking.simulate_lif(2.0, 10 * ms)
    with pytest.raises(ValueError, match="duration must be positive"):
        spiking.simulate_lif(2 * nA, -10 * ms)
    with pytest.raises(TypeError, match="dt must be a Brian2 quantity"):
        spiking.simulate_lif(2 * nA, 10 * ms, dt=0.1 * mV)
    with pytest.raises(TypeError, match="unknown parameter"):
        spiking.simulate_lif(2 * nA, 10 * ms, theta=-50 * mV)
    with pytest.raises(ValueError, match="sigma must be non-negative"):
        spiking.simulate_lif(2 * nA, 10 * ms, sigma=-1 * mV)
    with pytest.raises(ValueError, match="v_reset < v_th"):
        spiking.simulate_lif(2 * nA, 10 * ms, v_reset=-40 * mV)
    with pytest.raises(ValueError, match="currents must be a non-empty 1-D"):
        spiking.lif_fi_curve(np.ones((2, 2)) * nA, 10 * ms)
    with pytest.raises(ValueError, match="estimator must be one of"):
        spiking.lif_fi_curve([1.0, 2.0] * nA, 10 * ms, estimator="mean")
    with pytest.raises(TypeError, match="seed must be"):
        spiking.simulate_lif(2 * nA, 10 * ms, seed=1.5)


# --- Hodgkin-Huxley ---------------------------------------------------------------------


def test_hh_gating_values_and_removable_singularities():
    gates = hodgkin_huxley.hh_gating(-65 * mV)
    expected = {"m": 0.0529, "h": 0.5961, "n": 0.3177}  # classical resting values
    for x, value in expected.items():
        assert gates[x][0] == pytest.approx(value, abs=1e-4)
    # alpha_m and alpha_n are 0/0 at u = 25 mV and u = 10 mV: continuous there
    for u in (10.0, 25.0):
        v = (-65.0 + u + np.array([-1e-7, 0.0, 1e-7])) * 1e-3
        for x_inf, tau in hodgkin_huxley.hh_gating(v).values():
            assert np.all(np.isfinite(x_inf)) and np.ptp(x_inf) < 1e-7 and np.all(tau > 0)
    with pytest.raises(TypeError, match="v must be a Brian2 quantity"):
        hodgkin_huxley.hh_gating(-65 * nA)


def test_hh_rests_fires_all_or_none_and_repetitively():
    rest = hodgkin_huxley.simulate_hodgkin_huxley(0 * uA_cm2, 20 * ms)
    assert np.ptp(np.asarray(rest.v)) < 0.05e-3 and len(rest.spike_times) == 0
    sub = hodgkin_huxley.simulate_hodgkin_huxley(3 * uA_cm2, 20 * ms, t_on=2 * ms, t_off=3 * ms)
    supra = hodgkin_huxley.simulate_hodgkin_huxley(20 * uA_cm2, 20 * ms, t_on=2 * ms, t_off=3 * ms)
    assert len(sub.spike_times) == 0 and np.max(sub.v) < -55 * mV
    assert len(supra.spike_times) == 1 and 20 * mV < np.max(supra.v) < hodgkin_huxley.HH_E_NA
    assert set(supra.variables) == {"m", "h", "n"}
    assert np.max(supra.variables["m"]) > 0.9  # sodium activation opens during the spike
    tonic = hodgkin_huxley.simulate_hodgkin_huxley(10 * uA_cm2, 60 * ms, dt=0.025 * ms)
    assert len(tonic.spike_times) >= 4


def test_hh_rejects_bad_input():
    with pytest.raises(TypeError, match="current must be a Brian2 quantity"):
        hodgkin_huxley.simulate_hodgkin_huxley(10 * nA, 10 * ms)
    with pytest.raises(ValueError, match="c_m must be positive"):
        hodgkin_huxley.simulate_hodgkin_huxley(10 * uA_cm2, 10 * ms, c_m=0 * b2.uF / b2.cm2)


# --- Izhikevich ---------------------------------------------------------------------


def _isi_ms(trace):
    return np.diff(np.asarray(trace.spike_times) * 1e3)


def test_izhikevich_patterns_have_their_signatures():
    res = spiking.simulate_izhikevich(["RS", "IB", "CH", "FS"], 10.0, 300 * ms, t_on=20 * ms)
    rs, ib, ch, fs = (_isi_ms(res[k]) for k in ("RS", "IB", "CH", "FS"))
    assert np.all(rs > 15) and rs[-1] > rs[0]  # tonic firing with adaptation
    assert np.all(ib[:2] < 10) and np.all(ib[3:] > 20)  # one initial burst, then single spikes
    steady = ch[len(ch) // 2:]
    assert np.any(steady < 10) and np.any(steady > 20)  # repeated bursts
    assert len(fs) > 3 * len(rs)  # fast spiking fires much faster
    assert np.all(res["RS"].t < 300 * ms) and res["RS"].v.shape == res["RS"].t.shape
    assert np.all(np.asarray(res["RS"].spike_times) > 0.02)  # silent before the step


def test_izhikevich_accepts_custom_parameters_and_currents():
    res = spiking.simulate_izhikevich({"mine": (0.02, 0.2, -65, 8), "RS": (0.02, 0.2, -65, 8)},
                                      [10.0, 10.0], 100 * ms)
    np.testing.assert_array_equal(res["mine"].spike_times, res["RS"].spike_times)
    quiet = spiking.simulate_izhikevich(["RS"], 0.0, 100 * ms)
    assert len(quiet["RS"].spike_times) == 0


def test_izhikevich_rejects_bad_input():
    with pytest.raises(ValueError, match="patterns must be one of"):
        spiking.simulate_izhikevich(["XX"], 10.0, 10 * ms)
    with pytest.raises(TypeError, match="patterns must be a list"):
        spiking.simulate_izhikevich("RS", 10.0, 10 * ms)
    with pytest.raises(ValueError, match=r"\(a, b, c, d\)"):
        spiking.simulate_izhikevich({"x": (0.02, 0.2, -65)}, 10.0, 10 * ms)
    with pytest.raises(ValueError, match="one entry per pattern"):
        spiking.simulate_izhikevich(["RS", "FS"], [1.0, 2.0, 3.0], 10 * ms)


# --- AdEx ---------------------------------------------------------------------------


def test_adex_adapts_and_stops_adapting_without_adaptation_current():
    adapting = spiking.simulate_adex(1 * nA, 400 * ms, seed=0)
    isi = _isi_ms(adapting)
    assert isi[-1] > 2 * isi[0] and np.all(np.diff(isi) > -1e-6)
    assert np.max(adapting.variables["w"]) > 0.1 * nA
    plain = spiking.simulate_adex(1 * nA, 400 * ms, a=0 * b2.nS, b=0 * nA)
    assert np.ptp(_isi_ms(plain)) < 0.11  # constant up to one time step
    with pytest.raises(ValueError, match="tau_w must be positive"):
        spiking.simulate_adex(1 * nA, 10 * ms, tau_w=0 * ms)


# --- bad input: every error names the argument, before any Brian2 object is built --------


BAD_SPIKING_CALLS = [
    (lambda: spiking.lif_rate(2 * nA, tau_m=[0.01, 0.02]), ValueError,
     r"tau_m must be a scalar; got an array of shape \(2,\)"),
    (lambda: spiking.lif_rate(2 * nA, t_ref=-1 * ms), ValueError,
     "t_ref must be non-negative; got t_ref=-0.001"),
    (lambda: spiking.lif_rate(2 * nA, r_m=0.0), ValueError, "r_m must be positive; got r_m=0.0"),
    (lambda: spiking.lif_rate(2 * nA, v_th=np.nan), ValueError, "v_th must contain only finite"),
    (lambda: spiking.lif_rate(2 * nA, tau_m=10 * mV), TypeError,
     "tau_m must be a Brian2 quantity in units of ms; got 10. \\* mvolt"),
    (lambda: spiking.lif_rate("a"), TypeError, "current must be array-like"),
    (lambda: spiking.simulate_lif(2 * nA, 10.0), TypeError,
     r"duration must be a Brian2 quantity in units of ms; got 10.0 \(a plain number"),
    (lambda: spiking.simulate_lif(2 * mV, 10 * ms), TypeError,
     "current must be a Brian2 quantity in units of nA; got 2. \\* mvolt"),
    (lambda: spiking.simulate_lif(np.ones(2) * nA, 10 * ms), ValueError,
     "current must be a finite scalar"),
    (lambda: spiking.simulate_lif(np.nan * nA, 10 * ms), ValueError,
     "current must be a finite scalar"),
    (lambda: spiking.simulate_lif(2 * nA, 0 * ms), ValueError, "duration must be positive"),
    (lambda: spiking.simulate_lif(2 * nA, 10 * ms, dt=0.1), TypeError,
     "dt must be a Brian2 quantity in units of ms"),
    (lambda: spiking.simulate_lif(2 * nA, 10 * ms, sigma=1.0), TypeError,
     "sigma must be a Brian2 quantity in units of mV"),
    (lambda: spiking.simulate_lif(2 * nA, 10 * ms, t_ref=1.0), TypeError,
     "t_ref must be a Brian2 quantity in units of ms"),
    (lambda: spiking.simulate_lif(2 * nA, 10 * ms, t_ref=-1 * ms), ValueError,
     "need t_ref >= 0"),
    (lambda: spiking.simulate_lif(2 * nA, 10 * ms, seed=-1), ValueError,
     "seed must be a non-negative integer"),
    (lambda: spiking.lif_fi_curve([1.0, 2.0], 10 * ms), TypeError,
     "currents must be a Brian2 quantity in units of nA"),
    (lambda: spiking.lif_fi_curve(np.array([]) * nA, 10 * ms), ValueError,
     "currents must be a non-empty 1-D"),
    (lambda: spiking.lif_fi_curve(np.array([np.nan]) * nA, 10 * ms), ValueError,
     "currents must be finite"),
    (lambda: spiking.lif_fi_curve(np.ones(2) * nA, 10 * mV), TypeError,
     "duration must be a Brian2 quantity in units of ms"),
    (lambda: spiking.lif_fi_curve(np.ones(2) * nA, 10 * ms, seed=1.5), TypeError,
     "seed must be an int"),
    (lambda: spiking.simulate_izhikevich([], 10.0, 10 * ms), ValueError,
     "patterns must name at least one pattern"),
    (lambda: spiking.simulate_izhikevich({}, 10.0, 10 * ms), ValueError,
     "patterns must name at least one pattern"),
    (lambda: spiking.simulate_izhikevich(["RS", "RS"], [1.0, 2.0], 10 * ms), ValueError,
     r"patterns must not repeat a name; got \['RS', 'RS'\]"),
    (lambda: spiking.simulate_izhikevich([3], 10.0, 10 * ms), ValueError,
     "patterns must be one of 'RS'"),
    (lambda: spiking.simulate_izhikevich({"x": (np.nan, 0.2, -65, 8)}, 10.0, 10 * ms),
     ValueError, "patterns must contain only finite"),
    (lambda: spiking.simulate_izhikevich(["RS"], 10 * nA, 10 * ms), TypeError,
     r"current must be plain numbers in the model's units \(mV/ms\), not a Brian2 quantity"),
    (lambda: spiking.simulate_izhikevich(["RS"], np.nan, 10 * ms), ValueError,
     "current must contain only finite"),
    (lambda: spiking.simulate_izhikevich(["RS"], np.ones((1, 1)), 10 * ms), ValueError,
     "current must be 0-D or 1-D"),
    (lambda: spiking.simulate_izhikevich(["RS"], 10.0, 10.0), TypeError,
     "duration must be a Brian2 quantity in units of ms"),
    (lambda: spiking.simulate_izhikevich(["RS"], 10.0, 10 * ms, t_on=5.0), TypeError,
     "t_on must be a Brian2 quantity in units of ms"),
    (lambda: spiking.simulate_izhikevich(["RS"], 10.0, 10 * ms, dt=-1 * ms), ValueError,
     "dt must be positive"),
    (lambda: spiking.simulate_izhikevich(["RS"], 10.0, 10 * ms, seed="a"), TypeError,
     "seed must be an int"),
    (lambda: spiking.simulate_adex(1 * mV, 10 * ms), TypeError,
     "current must be a Brian2 quantity in units of nA"),
    (lambda: spiking.simulate_adex(1 * nA, 10.0), TypeError,
     "duration must be a Brian2 quantity in units of ms"),
    (lambda: spiking.simulate_adex(1 * nA, 10 * ms, t_on=np.inf * ms), ValueError,
     "t_on must be a finite scalar"),
    (lambda: spiking.simulate_adex(1 * nA, 10 * ms, v_cut=-80 * mV), ValueError,
     "v_reset must lie below v_cut"),
    (lambda: spiking.simulate_adex(1 * nA, 10 * ms, a=1 * nA), TypeError,
     "a must be a Brian2 quantity in units of nS"),
    (lambda: spiking.simulate_adex(1 * nA, 10 * ms, seed=1.5), TypeError, "seed must be an int"),
]


@pytest.mark.parametrize("call, error, message", BAD_SPIKING_CALLS)
def test_spiking_rejects_bad_input(call, error, message, unbuilt):
    with pytest.raises(error, match=message):
        call()
