"""The Hodgkin-Huxley model of the squid giant axon, simulated with Brian2.

Chapter *Neurons* (Part I), section *The Hodgkin-Huxley model*. Conventions as
in ``neurocomp.spiking``: default parameters are module constants with units
(``HH_G_NA`` = 120 mS/cm2 ...), returned as Brian2 quantities on first use, and
a simulation accepts each of them as a keyword argument in lower case
(``g_na=...``). hh_gating is pure NumPy; Brian2 is imported only when a
simulation runs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .brian import (
    CODEGEN_TARGET,
    as_si,
    check_quantity,
    default_quantity,
    default_si,
)
from .brian import import_brian2, model_params, seed_brian
from .spiking import Trace
from .utils import SeedLike, check_seed

__all__ = ["hh_gating", "simulate_hodgkin_huxley"]

#: Default parameters as (value, unit): the squid axon (Hodgkin & Huxley 1952)
#: with the resting potential shifted to -65 mV.
_DEFAULTS: dict[str, tuple[float, str]] = {
    "HH_C_M": (1.0, "uF/cm2"),
    "HH_G_NA": (120.0, "mS/cm2"),
    "HH_G_K": (36.0, "mS/cm2"),
    "HH_G_L": (0.3, "mS/cm2"),
    "HH_E_NA": (50.0, "mV"),
    "HH_E_K": (-77.0, "mV"),
    "HH_E_L": (-54.387, "mV"),
    "HH_V_REST": (-65.0, "mV"),
    "HH_DT": (0.01, "ms"),
}


def __getattr__(name: str) -> Any:
    """Expose the default parameters as Brian2 quantities (imports Brian2 on
    first use)."""
    if name in _DEFAULTS:
        return default_quantity(_DEFAULTS, name)
    raise AttributeError(
        f"module 'neurocomp.hodgkin_huxley' has no attribute {name!r}"
    )


def _trap(x: np.ndarray) -> np.ndarray:
    """x / (e^x − 1), continuous (= 1) at the removable singularity x = 0."""
    small = np.abs(x) < 1e-8
    safe = np.where(small, 1.0, x)
    return np.where(small, 1.0 - x / 2, safe / np.expm1(safe))


def _trap_function(b2):
    """_trap as a Brian2 function (Brian2's own ``exprel`` is slow on
    numpy)."""
    trap = b2.Function(_trap, arg_units=[1], return_unit=1)
    trap.implementations.add_numpy_implementation(_trap, discard_units=True)
    return trap


def hh_gating(
    v: Any, *, v_rest: Any = None
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    r"""Steady states and time constants of the Hodgkin-Huxley gating
    variables.

    Each gate x in {m, h, n} obeys
    dx/dt = α_x(u) (1 − x) − β_x(u) x with u = V − V_rest
    in mV, so it relaxes to x_inf = α_x / (α_x + β_x) with time
    constant τ_x = 1 / (α_x + β_x). The rate functions (in 1/ms) are
    those of Hodgkin & Huxley (1952), e.g.
    α_m = 0.1 (25 − u) / (e^((25 − u)/10) − 1) (chapter *Neurons*, section
    *The Hodgkin-Huxley model*). Pure NumPy.

    Parameters
    ----------
    v : float, array_like or Brian2 quantity
        Membrane potential(s), in volts if plain numbers.
    v_rest : float or Brian2 quantity, optional
        Resting potential (default ``HH_V_REST`` = -65 mV).

    Returns
    -------
    dict
        ``{"m": (m_inf, tau_m), "h": (h_inf, tau_h), "n": (n_inf, tau_n)}``;
        the time constants in seconds, all arrays with the shape of ``v``.
    """
    rest = (
        default_si(_DEFAULTS, "HH_V_REST")
        if v_rest is None
        else as_si(v_rest, "v_rest", "mV")
    )
    if np.ndim(rest):
        raise ValueError(
            f"v_rest must be a scalar; got an array of shape {np.shape(rest)}"
        )
    u = (as_si(v, "v", "mV") - rest) * 1e3  # depolarisation in mV
    rates = {
        "m": (_trap((25.0 - u) / 10.0), 4.0 * np.exp(-u / 18.0)),
        "h": (
            0.07 * np.exp(-u / 20.0),
            1.0 / (1.0 + np.exp((30.0 - u) / 10.0)),
        ),
        "n": (0.1 * _trap((10.0 - u) / 10.0), 0.125 * np.exp(-u / 80.0)),
    }
    return {x: (a / (a + b), 1e-3 / (a + b)) for x, (a, b) in rates.items()}


_HH_EQS = """
dv/dt = (I_inj - I_na - I_k - I_l) / c_m : volt
I_na = g_na * m**3 * h * (v - e_na) : amp / meter**2
I_k = g_k * n**4 * (v - e_k) : amp / meter**2
I_l = g_l * (v - e_l) : amp / meter**2
dm/dt = alpha_m * (1 - m) - beta_m * m : 1
dh/dt = alpha_h * (1 - h) - beta_h * h : 1
dn/dt = alpha_n * (1 - n) - beta_n * n : 1
alpha_m = trap((25*mV - u) / (10*mV)) / ms : Hz
beta_m = 4 * exp(-u / (18*mV)) / ms : Hz
alpha_h = 0.07 * exp(-u / (20*mV)) / ms : Hz
beta_h = 1 / (1 + exp((30*mV - u) / (10*mV))) / ms : Hz
alpha_n = 0.1 * trap((10*mV - u) / (10*mV)) / ms : Hz
beta_n = 0.125 * exp(-u / (80*mV)) / ms : Hz
u = v - v_rest : volt
I_inj = current * int(t >= t_on) * int(t < t_off) : amp / meter**2
"""


def simulate_hodgkin_huxley(
    current: Any,
    duration: Any,
    *,
    t_on: Any = None,
    t_off: Any = None,
    dt: Any = None,
    seed: SeedLike = None,
    **params: Any,
) -> Trace:
    r"""Simulate a patch of Hodgkin-Huxley membrane under a current step.

        C_m dV/dt = I − g_Na m³ h (V − E_Na) − g_K n⁴ (V − E_K) − g_L (V − E_L)

    with the maximal conductances g_Na, g_K and the gates of hh_gating,
    starting from rest (gates at their steady states), integrated by
    exponential Euler (chapter *Neurons*, section *The Hodgkin-Huxley model*).
    A spike is counted when V crosses 0 mV upwards.

    Parameters
    ----------
    current : Brian2 quantity (current density, e.g. ``10 * uA / cm2``)
        Amplitude of the injected current step.
    duration : Brian2 quantity (time)
        Simulated time.
    t_on, t_off : Brian2 quantity (time), optional
        The step is on for ``t_on <= t < t_off`` (default: from 0 to the end).
    dt : Brian2 quantity (time), optional
        Time step (default ``HH_DT`` = 0.01 ms).
    seed : int, numpy.random.Generator or None
        Seeds Brian2 (the model itself is deterministic).
    **params
        ``c_m``, ``g_na``, ``g_k``, ``g_l``, ``e_na``, ``e_k``, ``e_l``,
        ``v_rest`` (defaults ``HH_C_M`` ...).

    Returns
    -------
    Trace
        ``t``, ``v``, ``spike_times`` and ``variables`` with ``m``, ``h``,
        ``n``.
    """
    b2 = import_brian2(CODEGEN_TARGET)
    ns = model_params(_DEFAULTS, "HH", params, positive=("c_m",))
    ns["trap"] = _trap_function(b2)
    duration = check_quantity(duration, "duration", b2.ms, positive=True)
    dt = check_quantity(
        default_quantity(_DEFAULTS, "HH_DT") if dt is None else dt,
        "dt",
        b2.ms,
        positive=True,
    )
    ns["current"] = check_quantity(current, "current", b2.uA / b2.cm2)
    ns["t_on"] = (
        0 * b2.ms if t_on is None else check_quantity(t_on, "t_on", b2.ms)
    )
    ns["t_off"] = (
        duration + dt
        if t_off is None
        else check_quantity(t_off, "t_off", b2.ms)
    )
    if ns["t_off"] <= ns["t_on"]:
        raise ValueError(
            f"t_off must come after t_on; got t_on={ns['t_on']}, "
            f"t_off={ns['t_off']}"
        )
    check_seed(seed)
    group = b2.NeuronGroup(
        1,
        _HH_EQS,
        threshold="v > 0*mV",
        refractory="v > 0*mV",
        method="exponential_euler",
        dt=dt,
    )
    gates = hh_gating(ns["v_rest"], v_rest=ns["v_rest"])
    group.v, group.m, group.h, group.n = (
        ns["v_rest"],
        *(gates[x][0] for x in "mhn"),
    )
    state = b2.StateMonitor(group, ["v", "m", "h", "n"], record=0, dt=dt)
    spikes = b2.SpikeMonitor(group)
    seed_brian(b2, seed)
    b2.Network(group, state, spikes).run(duration, namespace=ns)
    return Trace(
        state.t[:],
        state.v[0],
        spikes.t[:],
        {x: np.asarray(getattr(state, x)[0]) for x in "mhn"},
    )
