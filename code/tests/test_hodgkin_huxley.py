"""Bad input to neurocomp.hodgkin_huxley (its model tests are in test_spiking.py)."""

import numpy as np
import pytest

from neurocomp import hodgkin_huxley

b2 = pytest.importorskip("brian2")
ms, mV, nA = b2.ms, b2.mV, b2.nA
uA_cm2 = b2.uA / b2.cm2


def _hh(**kwargs):
    args = {"current": 10 * uA_cm2, "duration": 5 * ms, **kwargs}
    return hodgkin_huxley.simulate_hodgkin_huxley(args.pop("current"), args.pop("duration"),
                                                  **args)


BAD_HH_CALLS = [
    (lambda: hodgkin_huxley.hh_gating(np.ones(3) * -0.065, v_rest=[-0.065, -0.06]), ValueError,
     r"v_rest must be a scalar; got an array of shape \(2,\)"),
    (lambda: hodgkin_huxley.hh_gating(-65 * mV, v_rest=-65 * ms), TypeError,
     "v_rest must be a Brian2 quantity in units of mV"),
    (lambda: hodgkin_huxley.hh_gating("a"), TypeError, "v must be array-like"),
    (lambda: hodgkin_huxley.hh_gating([np.nan]), ValueError, "v must contain only finite"),
    (lambda: _hh(current=10 * nA), TypeError,
     r"current must be a Brian2 quantity in units of uA/cm\^2; got 10. \* namp"),
    (lambda: _hh(current=10.0), TypeError,
     r"current must be a Brian2 quantity in units of uA/cm\^2; got 10.0 \(a plain number"),
    (lambda: _hh(current=np.nan * uA_cm2), ValueError, "current must be a finite scalar"),
    (lambda: _hh(duration=5.0), TypeError,
     r"duration must be a Brian2 quantity in units of ms; got 5.0 \(a plain number has no unit"),
    (lambda: _hh(duration=-5 * ms), ValueError, "duration must be positive"),
    (lambda: _hh(dt=0.01), TypeError, "dt must be a Brian2 quantity in units of ms"),
    (lambda: _hh(t_on=1.0), TypeError, "t_on must be a Brian2 quantity in units of ms"),
    (lambda: _hh(t_off=2 * mV), TypeError, "t_off must be a Brian2 quantity in units of ms"),
    (lambda: _hh(t_on=3 * ms, t_off=2 * ms), ValueError,
     "t_off must come after t_on; got t_on=3. ms, t_off=2. ms"),
    (lambda: _hh(g_na=1 * nA), TypeError,
     r"g_na must be a Brian2 quantity in units of mS/cm\^2; got 1. \* namp"),
    (lambda: _hh(e_k=-77.0), TypeError, "e_k must be a Brian2 quantity in units of mV"),
    (lambda: _hh(c_m=-1 * b2.uF / b2.cm2), ValueError, "c_m must be positive"),
    (lambda: _hh(g_nat=1 * b2.mS / b2.cm2), TypeError,
     r"unknown parameter\(s\) \['g_nat'\] for the HH model"),
    (lambda: _hh(seed=1.5), TypeError, "seed must be an int"),
]


@pytest.mark.parametrize("call, error, message", BAD_HH_CALLS)
def test_hodgkin_huxley_rejects_bad_input(call, error, message, unbuilt):
    with pytest.raises(error, match=message):
        call()
