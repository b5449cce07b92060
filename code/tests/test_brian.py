"""Tests of neurocomp.brian: target selection, unit checks, parameters, seeding."""

import numpy as np
import pytest

from neurocomp import brian

b2 = pytest.importorskip("brian2")


def test_import_sets_the_target_and_rejects_unknown_ones():
    assert brian.import_brian2("cython").prefs.codegen.target == "cython"
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
