"""Spiking neuron models: Hodgkin-Huxley, leaky integrate-and-fire, Izhikevich, AdEx.

Chapter *Neurons* (Part I) introduces these models; the chapter *Spiking neural
networks* (Part IV) builds networks from them. The simulations use Brian2, which is
imported only when a simulation runs, so that ``import neurocomp.spiking`` stays cheap
and the NumPy functions (lif_rate, hh_gating) work without it.

Conventions. Every simulation builds its own explicit brian2.Network, takes a
``seed`` for Brian2's random numbers and returns a Trace (or an array of rates)
holding Brian2 quantities, never printing or plotting. Default parameters are module
constants with units, e.g. ``LIF_TAU_M`` (10 ms) or ``HH_G_NA`` (120 mS/cm2); a
simulation accepts any of them as a keyword argument named in lower case without the
prefix (``tau_m=20 * b2.ms``, ``g_na=...``). Code is generated for the ``"numpy"``
target (CODEGEN_TARGET), which avoids compilation for these small models.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .utils import SeedLike, as_generator, check_array, check_choice

__all__ = [
    "CODEGEN_TARGET", "IZHIKEVICH_PATTERNS", "Trace", "lif_rate", "simulate_lif",
    "lif_fi_curve", "hh_gating", "simulate_hodgkin_huxley", "simulate_izhikevich",
    "simulate_adex",
]

#: Brian2 code-generation target used by every simulation of this module.
CODEGEN_TARGET = "numpy"

#: Default parameters as (value, unit). ``neurocomp.spiking.<NAME>`` returns them as
#: Brian2 quantities (see ``__getattr__`` below), e.g. ``LIF_TAU_M == 10 * ms``.
_DEFAULTS: dict[str, tuple[float, str]] = {
    # leaky integrate-and-fire (chapter *Neurons*, the LIF membrane equation)
    "LIF_TAU_M": (10.0, "ms"), "LIF_R_M": (10.0, "Mohm"), "LIF_V_REST": (-65.0, "mV"),
    "LIF_V_TH": (-50.0, "mV"), "LIF_V_RESET": (-65.0, "mV"), "LIF_T_REF": (2.0, "ms"),
    "LIF_DT": (0.1, "ms"),
    # Hodgkin-Huxley squid axon (Hodgkin & Huxley 1952), rest shifted to -65 mV
    "HH_C_M": (1.0, "uF/cm2"), "HH_G_NA": (120.0, "mS/cm2"), "HH_G_K": (36.0, "mS/cm2"),
    "HH_G_L": (0.3, "mS/cm2"), "HH_E_NA": (50.0, "mV"), "HH_E_K": (-77.0, "mV"),
    "HH_E_L": (-54.387, "mV"), "HH_V_REST": (-65.0, "mV"), "HH_DT": (0.01, "ms"),
    # Izhikevich (2003) model: v in mV, t in ms
    "IZH_DT": (0.1, "ms"),
    # adaptive exponential integrate-and-fire (Brette & Gerstner 2005)
    "ADEX_C": (281.0, "pF"), "ADEX_G_L": (30.0, "nS"), "ADEX_E_L": (-70.6, "mV"),
    "ADEX_V_T": (-50.4, "mV"), "ADEX_DELTA_T": (2.0, "mV"), "ADEX_TAU_W": (144.0, "ms"),
    "ADEX_A": (4.0, "nS"), "ADEX_B": (0.0805, "nA"), "ADEX_V_RESET": (-70.6, "mV"),
    "ADEX_V_CUT": (-40.4, "mV"), "ADEX_DT": (0.1, "ms"),
}
_SI = {"ms": 1e-3, "mV": 1e-3, "Mohm": 1e6, "nA": 1e-9, "pF": 1e-12, "nS": 1e-9,
       "uF": 1e-6, "mS": 1e-3, "uA": 1e-6, "cm2": 1e-4}

#: Izhikevich (2003) parameters (a, b, c, d) of cortical and thalamic cell classes;
#: c and d are in mV, a and b dimensionless (v in mV, t in ms).
IZHIKEVICH_PATTERNS: dict[str, tuple[float, float, float, float]] = {
    "RS": (0.02, 0.2, -65.0, 8.0),  # regular spiking
    "IB": (0.02, 0.2, -55.0, 4.0),  # intrinsically bursting
    "CH": (0.02, 0.2, -50.0, 2.0),  # chattering (fast rhythmic bursting)
    "FS": (0.1, 0.2, -65.0, 2.0),  # fast spiking
    "LTS": (0.02, 0.25, -65.0, 2.0),  # low-threshold spiking
    "TC": (0.02, 0.25, -65.0, 0.05),  # thalamo-cortical
    "RZ": (0.1, 0.26, -65.0, 2.0),  # resonator
}


def __getattr__(name: str) -> Any:
    """Expose the default parameters as Brian2 quantities (imports Brian2 on first use)."""
    if name in _DEFAULTS:
        return _default(name)
    raise AttributeError(f"module 'neurocomp.spiking' has no attribute {name!r}")


@dataclass(frozen=True)
class Trace:
    """What a single-neuron simulation recorded (all entries are Brian2 quantities).

    Attributes
    ----------
    t : Quantity, shape (n_steps,)
        Recording times.
    v : Quantity, shape (n_steps,)
        Membrane potential.
    spike_times : Quantity, shape (n_spikes,)
        Times at which the spike condition was met.
    variables : dict of str to Quantity
        Other recorded state variables (gating variables, adaptation current ...).
    """

    t: Any
    v: Any
    spike_times: Any
    variables: dict[str, Any] = field(default_factory=dict)


def _brian2():
    """Import Brian2 and select the code-generation target."""
    import brian2 as b2

    b2.prefs.codegen.target = CODEGEN_TARGET
    return b2


def _unit(spec: str):
    b2 = _brian2()
    num, _, den = spec.partition("/")
    return getattr(b2, num) / (getattr(b2, den) if den else 1)


def _default(name: str):
    value, spec = _DEFAULTS[name]
    return value * _unit(spec)


def _default_si(name: str) -> float:
    value, spec = _DEFAULTS[name]
    num, _, den = spec.partition("/")
    return value * _SI[num] / (_SI[den] if den else 1.0)


def _quantity(value: Any, name: str, unit, *, positive: bool = False, scalar: bool = True):
    """Check that ``value`` is a finite Brian2 quantity with the dimensions of ``unit``."""
    b2 = _brian2()
    if isinstance(value, bool) or not isinstance(value, (b2.Quantity, numbers.Real)) \
            or not b2.have_same_dimensions(value, unit):
        raise TypeError(f"{name} must be a Brian2 quantity in units of {unit!r}; got {value!r}")
    arr = np.asarray(value, dtype=float)
    if (scalar and arr.ndim != 0) or not np.all(np.isfinite(arr)):
        want = "a finite scalar" if scalar else "finite"
        raise ValueError(f"{name} must be {want}; got {name}={value!r}")
    if positive and not np.all(arr > 0):
        raise ValueError(f"{name} must be positive; got {name}={value!r}")
    return value


def _params(prefix: str, overrides: dict[str, Any], positive: Iterable[str] = ()) -> dict:
    """Namespace of model ``prefix``: the defaults, replaced by checked ``overrides``."""
    keys = {k[len(prefix) + 1:].lower(): k for k in _DEFAULTS if k.startswith(prefix + "_")}
    keys.pop("dt")
    unknown = sorted(set(overrides) - set(keys))
    if unknown:
        raise TypeError(f"unknown parameter(s) {unknown} for the {prefix} model; "
                        f"expected some of {sorted(keys)}")
    pos = set(positive)
    return {p: _quantity(overrides[p], p, _default(k), positive=p in pos)
            if p in overrides else _default(k) for p, k in keys.items()}


def _seed_brian(b2, seed: SeedLike) -> None:
    """Seed Brian2's generator from ``seed`` (an int, a Generator or None)."""
    b2.seed(int(as_generator(seed).integers(2**31 - 1)))


def _si(value: Any, name: str, spec: str) -> np.ndarray:
    """A float (array) in SI units from a Brian2 quantity or plain numbers (read as SI)."""
    if hasattr(value, "dim"):  # a Brian2 quantity, so Brian2 is loaded already
        _quantity(value, name, _unit(spec), scalar=False)
    return check_array(value, name)


def lif_rate(current: Any, **params: Any) -> np.ndarray | float:
    r"""Analytic firing rate of the leaky integrate-and-fire neuron (its f-I curve).

    With V_inf = V_rest + R_m I, a neuron reset to V_reset reaches the threshold θ
    after T = τ_m ln((V_inf − V_reset) / (V_inf − θ)), so

        f(I) = 1 / (t_ref + T)  if V_inf > θ,    f(I) = 0  otherwise

    (chapter *Neurons*, section *The f-I curve*). Pure NumPy: Brian2 is not needed.

    Parameters
    ----------
    current : float, array_like or Brian2 quantity
        Constant input current(s), in amperes if plain numbers.
    **params
        ``tau_m``, ``r_m``, ``v_rest``, ``v_th``, ``v_reset``, ``t_ref`` as Brian2
        quantities or plain numbers in SI units; defaults ``LIF_TAU_M`` ...

    Returns
    -------
    numpy.ndarray or float
        Firing rate(s) in Hz, with the shape of ``current``.
    """
    names = ("tau_m", "r_m", "v_rest", "v_th", "v_reset", "t_ref")
    unknown = sorted(set(params) - set(names))
    if unknown:
        raise TypeError(f"unknown parameter(s) {unknown} for lif_rate; expected some of {names}")
    keys = ["LIF_" + p.upper() for p in names]
    tau, r, v_rest, v_th, v_reset, t_ref = (
        _si(params[p], p, _DEFAULTS[k][1]) if p in params else np.asarray(_default_si(k))
        for p, k in zip(names, keys))
    for value, name in ((tau, "tau_m"), (r, "r_m"), (t_ref, "t_ref")):
        if np.any(value < 0) or (name != "t_ref" and np.any(value == 0)):
            raise ValueError(f"{name} must be positive; got {name}={value}")
    if np.any(v_reset >= v_th):
        raise ValueError(f"v_reset must lie below v_th; got v_reset={v_reset}, v_th={v_th}")
    v_inf = v_rest + r * _si(current, "current", "nA")
    above = v_inf > v_th
    gap = np.where(above, v_inf - v_th, 1.0)
    period = t_ref + tau * np.log(np.where(above, v_inf - v_reset, 1.0) / gap)
    rate = np.where(above, 1.0 / period, 0.0)
    return rate if rate.ndim else float(rate)


def _time(value: Any, name: str, default: str | None = None):
    """A positive time: ``value`` or, if None, the default constant ``default``."""
    b2 = _brian2()
    return _quantity(_default(default) if value is None else value, name, b2.ms, positive=True)


def _lif_namespace(params: dict[str, Any], sigma: Any) -> dict[str, Any]:
    """Checked parameters of the LIF model, defaults filled in, plus the noise ``sigma``."""
    b2 = _brian2()
    ns = _params("LIF", params, positive=("tau_m", "r_m"))
    if ns["t_ref"] < 0 * b2.ms or ns["v_reset"] >= ns["v_th"]:
        raise ValueError(f"need t_ref >= 0 and v_reset < v_th; got t_ref={ns['t_ref']}, "
                         f"v_reset={ns['v_reset']}, v_th={ns['v_th']}")
    ns["sigma"] = _quantity(0 * b2.mV if sigma is None else sigma, "sigma", b2.mV)
    if ns["sigma"] < 0 * b2.mV:
        raise ValueError(f"sigma must be non-negative; got sigma={sigma!r}")
    return ns


def _lif_run(currents, duration, sigma, dt, seed, params, record: bool):
    """Simulate uncoupled LIF neurons, one per current; return spike (and state) monitors."""
    b2 = _brian2()
    ns = _lif_namespace(params, sigma)
    duration, dt = _time(duration, "duration"), _time(dt, "dt", "LIF_DT")
    # the LIF membrane equation, with optional membrane noise; the state is frozen while refractory
    noise = " + sigma * sqrt(2 / tau_m) * xi" if ns["sigma"] > 0 * b2.mV else ""
    eqs = f"""dv/dt = (v_rest - v + r_m * I_inj) / tau_m{noise} : volt (unless refractory)
              I_inj : amp"""
    # threshold, reset and refractory period: the reset rule of chapter *Neurons*
    group = b2.NeuronGroup(len(currents), eqs, threshold="v > v_th", reset="v = v_reset",
                           refractory=ns["t_ref"], method="euler" if noise else "exact", dt=dt)
    group.v, group.I_inj = ns["v_rest"], currents
    spikes = b2.SpikeMonitor(group)
    state = b2.StateMonitor(group, "v", record=0, dt=dt) if record else None
    net = b2.Network(group, spikes, *([state] if record else []))
    _seed_brian(b2, seed)
    net.run(duration, namespace=ns)
    return spikes, state, duration


def simulate_lif(current: Any, duration: Any, *, sigma: Any = None, dt: Any = None,
                 seed: SeedLike = None, **params: Any) -> Trace:
    r"""Simulate one leaky integrate-and-fire neuron driven by a constant current.

        τ_m dV/dt = −(V − V_rest) + R_m I + σ √(2 τ_m) ξ(t),

    where ξ(t) is white noise, with a spike and a reset to V_reset when V > θ, then
    t_ref of clamping (chapter *Neurons*, section *The leaky integrate-and-fire
    neuron*).

    Parameters
    ----------
    current : Brian2 quantity (current)
        Constant input current I.
    duration : Brian2 quantity (time)
        Simulated time; the neuron starts at rest.
    sigma : Brian2 quantity (voltage), optional
        Standard deviation of the membrane-potential noise without threshold (default 0).
    dt : Brian2 quantity (time), optional
        Time step (default ``LIF_DT`` = 0.1 ms); integration is exact without noise.
    seed : int, numpy.random.Generator or None
        Seeds Brian2's noise.
    **params
        ``tau_m``, ``r_m``, ``v_rest``, ``v_th``, ``v_reset``, ``t_ref`` (Brian2
        quantities; defaults ``LIF_TAU_M`` ...).

    Returns
    -------
    Trace
        ``t``, ``v`` and ``spike_times`` of the neuron.
    """
    b2 = _brian2()
    spikes, state, _ = _lif_run(np.ones(1) * _quantity(current, "current", b2.nA), duration, sigma, dt,
                                seed, params, record=True)
    return Trace(state.t[:], state.v[0], spikes.t[:])


def lif_fi_curve(currents: Any, duration: Any, *, estimator: str = "isi", sigma: Any = None,
                 dt: Any = None, seed: SeedLike = None, **params: Any):
    r"""Measure the firing rate of LIF neurons for each of several constant currents.

    All neurons are simulated in parallel, one per current, starting at rest. With
    ``estimator="isi"`` the rate of a neuron with n ≥ 2 spikes is its inverse
    mean inter-spike interval (n − 1) / (t_n − t_1), which ignores the transient
    before the first spike and, without noise, matches lif_rate up to the time
    step (chapter *Neurons*, the analytic f-I curve); with fewer spikes it is
    n / ``duration``. ``estimator="count"`` always uses n / ``duration``,
    which varies less for the irregular spike trains of a noisy neuron.

    Parameters
    ----------
    currents : Brian2 quantity, shape (n_currents,)
        Input currents.
    duration : Brian2 quantity (time)
        Simulated time.
    estimator : {"isi", "count"}
        How a spike train is turned into a rate.
    sigma, dt, seed, **params
        As in simulate_lif.

    Returns
    -------
    Brian2 quantity, shape (n_currents,)
        Firing rates (Hz).
    """
    b2 = _brian2()
    check_choice(estimator, "estimator", ("isi", "count"))
    currents = _quantity(currents, "currents", b2.nA, scalar=False)
    if np.ndim(currents) != 1 or len(currents) == 0:
        raise ValueError(f"currents must be a non-empty 1-D quantity; got {currents!r}")
    spikes, _, duration = _lif_run(currents, duration, sigma, dt, seed, params, record=False)
    trains = spikes.spike_trains()
    rates = np.zeros(len(currents))
    for i in range(len(currents)):
        t = np.asarray(trains[i])
        isi = estimator == "isi" and t.size >= 2
        rates[i] = (t.size - 1) / (t[-1] - t[0]) if isi else t.size / float(duration)
    return rates * b2.Hz


def _trap(x: np.ndarray) -> np.ndarray:
    """x / (e^x − 1), continuous (= 1) at the removable singularity x = 0."""
    small = np.abs(x) < 1e-8
    safe = np.where(small, 1.0, x)
    return np.where(small, 1.0 - x / 2, safe / np.expm1(safe))


def _trap_function(b2):
    """_trap as a Brian2 function (Brian2's own ``exprel`` is slow on numpy)."""
    trap = b2.Function(_trap, arg_units=[1], return_unit=1)
    trap.implementations.add_numpy_implementation(_trap, discard_units=True)
    return trap


def hh_gating(v: Any, *, v_rest: Any = None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    r"""Steady states and time constants of the Hodgkin-Huxley gating variables.

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
        ``{"m": (m_inf, tau_m), "h": (h_inf, tau_h), "n": (n_inf, tau_n)}``; the time
        constants in seconds, all arrays with the shape of ``v``.
    """
    rest = _default_si("HH_V_REST") if v_rest is None else _si(v_rest, "v_rest", "mV")
    u = (_si(v, "v", "mV") - rest) * 1e3  # depolarisation in mV
    rates = {
        "m": (_trap((25.0 - u) / 10.0), 4.0 * np.exp(-u / 18.0)),
        "h": (0.07 * np.exp(-u / 20.0), 1.0 / (1.0 + np.exp((30.0 - u) / 10.0))),
        "n": (0.1 * _trap((10.0 - u) / 10.0), 0.125 * np.exp(-u / 80.0)),
    }
    return {x: (a / (a + b), 1e-3 / (a + b)) for x, (a, b) in rates.items()}


_HH_EQS = """
dv/dt = (I_inj - g_na * m**3 * h * (v - e_na) - g_k * n**4 * (v - e_k) - g_l * (v - e_l)) / c_m : volt
dm/dt = trap((25*mV - u) / (10*mV)) / ms * (1 - m) - 4 * exp(-u / (18*mV)) / ms * m : 1
dh/dt = 0.07 * exp(-u / (20*mV)) / ms * (1 - h) - h / (1 + exp((30*mV - u) / (10*mV))) / ms : 1
dn/dt = 0.1 * trap((10*mV - u) / (10*mV)) / ms * (1 - n) - 0.125 * exp(-u / (80*mV)) / ms * n : 1
u = v - v_rest : volt
I_inj = current * int(t >= t_on) * int(t < t_off) : amp / meter**2
"""


def simulate_hodgkin_huxley(current: Any, duration: Any, *, t_on: Any = None, t_off: Any = None,
                            dt: Any = None, seed: SeedLike = None, **params: Any) -> Trace:
    r"""Simulate a patch of Hodgkin-Huxley membrane under a current step.

        C_m dV/dt = I − g_Na m³ h (V − E_Na) − g_K n⁴ (V − E_K) − g_L (V − E_L)

    with the maximal conductances g_Na, g_K and the gates of hh_gating, starting from
    rest (gates at their steady states), integrated by exponential Euler (chapter
    *Neurons*, section *The Hodgkin-Huxley model*).
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
        ``c_m``, ``g_na``, ``g_k``, ``g_l``, ``e_na``, ``e_k``, ``e_l``, ``v_rest``
        (defaults ``HH_C_M`` ...).

    Returns
    -------
    Trace
        ``t``, ``v``, ``spike_times`` and ``variables`` with ``m``, ``h``, ``n``.
    """
    b2 = _brian2()
    ns = _params("HH", params, positive=("c_m",))
    ns["trap"] = _trap_function(b2)
    duration, dt = _time(duration, "duration"), _time(dt, "dt", "HH_DT")
    ns["current"] = _quantity(current, "current", b2.uA / b2.cm2)
    ns["t_on"] = 0 * b2.ms if t_on is None else _quantity(t_on, "t_on", b2.ms)
    ns["t_off"] = duration + dt if t_off is None else _quantity(t_off, "t_off", b2.ms)
    group = b2.NeuronGroup(1, _HH_EQS, threshold="v > 0*mV", refractory="v > 0*mV",
                           method="exponential_euler", dt=dt)
    gates = hh_gating(ns["v_rest"], v_rest=ns["v_rest"])
    group.v, group.m, group.h, group.n = ns["v_rest"], *(gates[x][0] for x in "mhn")
    state = b2.StateMonitor(group, ["v", "m", "h", "n"], record=0, dt=dt)
    spikes = b2.SpikeMonitor(group)
    _seed_brian(b2, seed)
    b2.Network(group, state, spikes).run(duration, namespace=ns)
    return Trace(state.t[:], state.v[0], spikes.t[:],
                 {x: np.asarray(getattr(state, x)[0]) for x in "mhn"})


_IZH_EQS = """
dv/dt = (0.04 / mV * v**2 + 5 * v + 140 * mV - u + amplitude * mV * int(t >= t_on)) / ms : volt
du/dt = a * (b * v - u) / ms : volt
a : 1
b : 1
c : volt
d : volt
amplitude : 1
"""


def _izhikevich_table(patterns: Any, current: Any) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Names, (a, b, c, d) rows and step amplitudes of the neurons to simulate."""
    if not isinstance(patterns, Mapping):
        if isinstance(patterns, str) or not isinstance(patterns, Iterable):
            raise TypeError(f"patterns must be a list of names or a mapping; got {patterns!r}")
        choices = tuple(IZHIKEVICH_PATTERNS)
        patterns = {check_choice(p, "patterns", choices): IZHIKEVICH_PATTERNS[p] for p in patterns}
    table = check_array([patterns[k] for k in patterns], "patterns", ndim=2)
    if table.shape[0] == 0 or table.shape[1] != 4:
        raise ValueError(f"patterns must give at least one (a, b, c, d); got {dict(patterns)!r}")
    amp = check_array(current, "current", ndim=(0, 1))
    if amp.ndim == 1 and amp.shape != (len(table),):
        raise ValueError(f"current must be a number or have one entry per pattern "
                         f"({len(table)}); got {amp.shape[0]} entries")
    return list(patterns), table, np.broadcast_to(amp, len(table)).copy()


def simulate_izhikevich(patterns: Iterable[str] | Mapping[str, tuple], current: Any,
                        duration: Any, *, t_on: Any = None, dt: Any = None,
                        seed: SeedLike = None) -> dict[str, Trace]:
    r"""Simulate Izhikevich neurons, one per firing pattern, under a current step.

        dv/dt = 0.04 v² + 5 v + 140 − u + I,    du/dt = a (b v − u),
        if v ≥ 30: v ← c, u ← u + d

    with v in mV and t in ms (Izhikevich 2003; chapter *Neurons*, section
    *The Izhikevich model*), integrated by forward Euler from v = −65,
    u = b v. The input is 0 before ``t_on`` and ``current`` afterwards.

    Parameters
    ----------
    patterns : list of str, or mapping of str to (a, b, c, d)
        Names from IZHIKEVICH_PATTERNS (``"RS"``, ``"FS"`` ...) or one's own
        parameters.
    current : float or array_like, shape (n_patterns,)
        Step amplitude I in the model's units (mV/ms), one for all or one each.
    duration : Brian2 quantity (time)
        Simulated time.
    t_on : Brian2 quantity (time), optional
        Onset of the step (default 0 ms).
    dt : Brian2 quantity (time), optional
        Time step (default ``IZH_DT`` = 0.1 ms).
    seed : int, numpy.random.Generator or None
        Seeds Brian2 (the model itself is deterministic).

    Returns
    -------
    dict of str to Trace
        One trace per pattern, with ``variables["u"]``.
    """
    b2 = _brian2()
    names, table, amp = _izhikevich_table(patterns, current)
    duration, dt = _time(duration, "duration"), _time(dt, "dt", "IZH_DT")
    ns = {"t_on": 0 * b2.ms if t_on is None else _quantity(t_on, "t_on", b2.ms)}
    group = b2.NeuronGroup(len(table), _IZH_EQS, threshold="v >= 30*mV",
                           reset="v = c; u += d", method="euler", dt=dt)
    group.a, group.b, group.amplitude = table[:, 0], table[:, 1], amp
    group.c, group.d = table[:, 2] * b2.mV, table[:, 3] * b2.mV
    group.v = -65 * b2.mV
    group.u = "b * v"
    state, spikes = b2.StateMonitor(group, ["v", "u"], record=True, dt=dt), b2.SpikeMonitor(group)
    _seed_brian(b2, seed)
    b2.Network(group, state, spikes).run(duration, namespace=ns)
    trains = spikes.spike_trains()
    return {name: Trace(state.t[:], state.v[i], trains[i], {"u": state.u[i]})
            for i, name in enumerate(names)}


_ADEX_EQS = """
dv/dt = (g_l * (e_l - v) + g_l * delta_t * exp((v - v_t) / delta_t) - w + I_inj) / c : volt
dw/dt = (a * (v - e_l) - w) / tau_w : amp
I_inj = current * int(t >= t_on) : amp
"""


def simulate_adex(current: Any, duration: Any, *, t_on: Any = None, dt: Any = None,
                  seed: SeedLike = None, **params: Any) -> Trace:
    r"""Simulate the adaptive exponential integrate-and-fire neuron under a current step.

        C dV/dt = −g_L (V − E_L) + g_L Δ_T exp((V − V_T)/Δ_T) − w + I,
        τ_w dw/dt = a (V − E_L) − w

    with V ← V_reset and w ← w + b when V > V_cut (Brette & Gerstner 2005; chapter
    *Neurons*, section *The adaptive exponential integrate-and-fire model*),
    integrated by forward Euler from V = E_L, w = 0.

    Parameters
    ----------
    current : Brian2 quantity (current)
        Amplitude of the step, on from ``t_on`` (default 0 ms) to the end.
    duration : Brian2 quantity (time)
        Simulated time.
    t_on : Brian2 quantity (time), optional
        Onset of the step.
    dt : Brian2 quantity (time), optional
        Time step (default ``ADEX_DT`` = 0.1 ms).
    seed : int, numpy.random.Generator or None
        Seeds Brian2 (the model itself is deterministic).
    **params
        ``c``, ``g_l``, ``e_l``, ``v_t``, ``delta_t``, ``tau_w``, ``a``, ``b``,
        ``v_reset``, ``v_cut`` (defaults ``ADEX_C`` ...).

    Returns
    -------
    Trace
        ``t``, ``v``, ``spike_times`` and ``variables["w"]`` (the adaptation current).
    """
    b2 = _brian2()
    ns = _params("ADEX", params, positive=("c", "g_l", "delta_t", "tau_w"))
    duration, dt = _time(duration, "duration"), _time(dt, "dt", "ADEX_DT")
    ns["current"] = _quantity(current, "current", b2.nA)
    ns["t_on"] = 0 * b2.ms if t_on is None else _quantity(t_on, "t_on", b2.ms)
    group = b2.NeuronGroup(1, _ADEX_EQS, threshold="v > v_cut", reset="v = v_reset; w += b",
                           method="euler", dt=dt)
    group.v = ns["e_l"]
    state, spikes = b2.StateMonitor(group, ["v", "w"], record=0, dt=dt), b2.SpikeMonitor(group)
    _seed_brian(b2, seed)
    b2.Network(group, state, spikes).run(duration, namespace=ns)
    return Trace(state.t[:], state.v[0], spikes.t[:], {"w": state.w[0]})
