"""Tests of neurocomp.brian: target selection, unit checks, parameters, seeding."""

import numpy as np
import pytest

from neurocomp import brian

b2 = pytest.importorskip("brian2")


def test_import_sets_the_target_and_rejects_unknown_ones():
    b2 = brian.import_brian2("cython")
    assert b2.prefs.codegen.target == "cython"
    flags = b2.prefs.codegen.cpp.extra_compile_args_gcc
    assert "-O1" in flags and "-O3" not in flags
    assert brian.import_brian2("cython").prefs.codegen.cpp.extra_compile_args_gcc == flags
    assert brian.import_brian2().prefs.codegen.target == "numpy"
    with pytest.raises(ValueError, match="target"):
        brian.import_brian2("cuda")


def test_units_and_si_factors_agree():
    for spec in ("ms", "mV", "uF/cm2", "nS", "Mohm"):
        assert float(1 * brian.unit(spec)) == pytest.approx(brian.si_factor(spec))


def test_check_quantity_names_the_argument():
    assert brian.check_quantity(3 * b2.ms, "tau", b2.ms, positive=True) == 3 * b2.ms
    with pytest.raises(TypeError, match="tau"):
        brian.check_quantity(3 * b2.mV, "tau", b2.ms)
    with pytest.raises(ValueError, match="tau must be positive"):
        brian.check_quantity(-3 * b2.ms, "tau", b2.ms, positive=True)
    with pytest.raises(ValueError, match="scalar"):
        brian.check_quantity(np.ones(2) * b2.ms, "tau", b2.ms)


def test_model_params_fills_defaults_and_rejects_unknown_names():
    defaults = {"M_TAU": (5.0, "ms"), "M_DT": (0.1, "ms")}
    assert brian.model_params(defaults, "M", {}) == {"tau": 5 * b2.ms}
    assert brian.model_params(defaults, "M", {"tau": 2 * b2.ms})["tau"] == 2 * b2.ms
    with pytest.raises(TypeError, match="unknown"):
        brian.model_params(defaults, "M", {"dt": 1 * b2.ms})


def test_seed_brian_is_reproducible():
    brian.seed_brian(b2, 7)
    a = np.random.get_state()[1][:3].copy()
    brian.seed_brian(b2, 7)
    np.testing.assert_array_equal(a, np.random.get_state()[1][:3])
    assert brian.cython_cache_dir().name


def test_default_tables_give_quantities_and_si_values():
    table = {"M_TAU": (5.0, "ms"), "M_C": (2.0, "uF/cm2")}
    assert brian.default_quantity(table, "M_TAU") == 5 * b2.ms
    c = brian.default_quantity(table, "M_C")
    assert b2.have_same_dimensions(c, b2.uF / b2.cm2)
    assert float(c / (b2.uF / b2.cm2)) == pytest.approx(2.0, rel=1e-12)
    # the SI value comes from brian's own table, not from Brian2's units
    assert brian.default_si(table, "M_C") == pytest.approx(float(2 * b2.uF / b2.cm2), rel=1e-12)


def test_messages_name_the_expected_unit_not_a_default_value():
    with pytest.raises(TypeError, match=r"g_na must be a Brian2 quantity in units of mS/cm\^2; "
                                        r"got 1\. \* namp"):
        brian.model_params({"HH_G_NA": (120.0, "mS/cm2")}, "HH", {"g_na": 1 * b2.nA})


BAD_BRIAN_CALLS = [
    (lambda: brian.unit("furlong"), ValueError, "spec must name a unit .* got spec='furlong'"),
    (lambda: brian.unit("ms/furlong"), ValueError, "spec must name a unit"),
    (lambda: brian.unit("exp"), ValueError, "spec must name a unit .* got spec='exp'"),
    (lambda: brian.unit(5), ValueError, "spec must name a unit .* got spec=5"),
    (lambda: brian.si_factor("furlong"), ValueError, "spec must name a unit"),
    (lambda: brian.si_factor(None), ValueError, "spec must name a unit .* got spec=None"),
    (lambda: brian.check_quantity(2.0, "duration", b2.ms), TypeError,
     r"duration must be a Brian2 quantity in units of ms; got 2\.0 \(a plain number has no "
     r"unit: write e\.g\. 2\.0 \* ms\)"),
    (lambda: brian.check_quantity(2 * b2.mV, "current", b2.nA), TypeError,
     r"current must be a Brian2 quantity in units of nA; got 2\. \* mvolt"),
    (lambda: brian.check_quantity(2 * b2.nA, "current", b2.uA / b2.cm2), TypeError,
     r"current must be a Brian2 quantity in units of uA/cm\^2"),
    (lambda: brian.check_quantity(2 * b2.mV, "tau", 20 * b2.ms), TypeError,
     "tau must be a Brian2 quantity in units of s; "),
    (lambda: brian.check_quantity("1 ms", "duration", b2.ms), TypeError,
     "duration must be a Brian2 quantity in units of ms; got '1 ms'"),
    (lambda: brian.check_quantity(True, "flag", 1), TypeError, "flag must be a Brian2 quantity"),
    (lambda: brian.check_quantity(np.nan * b2.ms, "dt", b2.ms), ValueError,
     "dt must be a finite scalar"),
    (lambda: brian.check_quantity(np.array([1.0, np.inf]) * b2.ms, "t", b2.ms, scalar=False),
     ValueError, "t must be finite"),
    (lambda: brian.check_quantity(0 * b2.ms, "dt", b2.ms, positive=True), ValueError,
     "dt must be positive"),
    (lambda: brian.reject_quantity(3 * b2.ms, "delta_t", "ms"), TypeError,
     "delta_t must be plain numbers in ms, not a Brian2 quantity"),
    (lambda: brian.as_si(3 * b2.mV, "v", "ms"), TypeError,
     "v must be a Brian2 quantity in units of ms"),
    (lambda: brian.as_si("x", "v", "mV"), TypeError, "v must be array-like"),
    (lambda: brian.as_si([0.0, np.nan], "v", "mV"), ValueError, "v must contain only finite"),
    (lambda: brian.model_params({"M_TAU": (5.0, "ms")}, "M", {"tau": -1 * b2.ms},
                                positive=("tau",)), ValueError, "tau must be positive"),
    (lambda: brian.model_params({"M_TAU": (5.0, "ms")}, "M", {"tau_x": 1 * b2.ms}), TypeError,
     r"unknown parameter\(s\) \['tau_x'\] for the M model"),
    (lambda: brian.seed_brian(b2, -1), ValueError, "seed must be a non-negative integer"),
    (lambda: brian.seed_brian(b2, 1.5), TypeError, "seed must be an int"),
    (lambda: brian.import_brian2(5), ValueError, "target must be one of 'numpy', 'cython'; got 5"),
]


@pytest.mark.parametrize("call, error, message", BAD_BRIAN_CALLS)
def test_brian_helpers_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_reject_quantity_lets_plain_and_dimensionless_values_through():
    brian.reject_quantity([1.0, 2.0], "t", "ms")
    brian.reject_quantity(np.ones(2) * b2.ms / b2.ms, "t", "ms")
    brian.reject_quantity(3.0, "t", "ms")
