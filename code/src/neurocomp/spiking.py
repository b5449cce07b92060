"""Spiking neuron models: leaky integrate-and-fire, Izhikevich, AdEx.

Chapter *Neurons* (Part I) introduces these models; the chapter *Spiking neural
networks* (Part IV) builds networks from them. The simulations use Brian2,
which is imported only when a simulation runs, so that ``import
neurocomp.spiking`` stays cheap and the NumPy function lif_rate works without
it.

Conventions. Every simulation builds its own explicit brian2.Network, takes a
``seed`` for Brian2's random numbers and returns a Trace (or an array of rates)
holding Brian2 quantities, never printing or plotting. Default parameters are
module constants with units, e.g. ``LIF_TAU_M`` (10 ms) or ``ADEX_C`` (281 pF);
a simulation accepts any of them as a keyword argument named in lower case
without the prefix (``tau_m=20 * b2.ms``). Code is generated for the
``"numpy"`` target (``neurocomp.brian.CODEGEN_TARGET``), which avoids
compilation for these small models. The Hodgkin-Huxley model is in
``neurocomp.hodgkin_huxley``; the Brian2 helpers shared by all these modules
are in ``neurocomp.brian``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .brian import (
    CODEGEN_TARGET,
    as_si,
    check_quantity,
    default_quantity,
    default_si,
)
from .brian import import_brian2, model_params, reject_quantity, seed_brian
from .utils import SeedLike, check_array, check_choice, check_seed

__all__ = [
    "CODEGEN_TARGET",
    "IZHIKEVICH_PATTERNS",
    "Trace",
    "lif_rate",
    "simulate_lif",
    "lif_fi_curve",
    "simulate_izhikevich",
    "simulate_adex",
]

#: Default parameters as (value, unit). ``neurocomp.spiking.<NAME>`` returns
#: them as Brian2 quantities (see ``__getattr__`` below), e.g. ``LIF_TAU_M ==
#: 10 * ms``.
_DEFAULTS: dict[str, tuple[float, str]] = {
    # leaky integrate-and-fire (chapter *Neurons*, the LIF membrane equation)
    "LIF_TAU_M": (10.0, "ms"),
    "LIF_R_M": (10.0, "Mohm"),
    "LIF_V_REST": (-65.0, "mV"),
    "LIF_V_TH": (-50.0, "mV"),
    "LIF_V_RESET": (-65.0, "mV"),
    "LIF_T_REF": (2.0, "ms"),
    "LIF_DT": (0.1, "ms"),
    # Izhikevich (2003) model: v in mV, t in ms
    "IZH_DT": (0.1, "ms"),
    # adaptive exponential integrate-and-fire (Brette & Gerstner 2005)
    "ADEX_C": (281.0, "pF"),
    "ADEX_G_L": (30.0, "nS"),
    "ADEX_E_L": (-70.6, "mV"),
    "ADEX_V_T": (-50.4, "mV"),
    "ADEX_DELTA_T": (2.0, "mV"),
    "ADEX_TAU_W": (144.0, "ms"),
    "ADEX_A": (4.0, "nS"),
    "ADEX_B": (0.0805, "nA"),
    "ADEX_V_RESET": (-70.6, "mV"),
    "ADEX_V_CUT": (-40.4, "mV"),
    "ADEX_DT": (0.1, "ms"),
}

#: Izhikevich (2003) parameters (a, b, c, d) of cortical and thalamic cell
#: classes; c and d are in mV, a and b dimensionless (v in mV, t in ms).
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
    """Expose the default parameters as Brian2 quantities (imports Brian2 on
    first use)."""
    if name in _DEFAULTS:
        return default_quantity(_DEFAULTS, name)
    raise AttributeError(
        f"module 'neurocomp.spiking' has no attribute {name!r}"
    )


@dataclass(frozen=True)
class Trace:
    """What a single-neuron simulation recorded (all entries are Brian2
    quantities).

    Attributes
    ----------
    t : Quantity, shape (n_steps,)
        Recording times.
    v : Quantity, shape (n_steps,)
        Membrane potential.
    spike_times : Quantity, shape (n_spikes,)
        Times at which the spike condition was met.
    variables : dict of str to Quantity
        Other recorded state variables (gating variables, adaptation current
        ...).
    """

    t: Any
    v: Any
    spike_times: Any
    variables: dict[str, Any] = field(default_factory=dict)


def _lif_rate_params(params: dict[str, Any]) -> list[np.ndarray]:
    """tau_m, r_m, v_rest, v_th, v_reset, t_ref of lif_rate: checked scalars in
    SI units."""
    names = ("tau_m", "r_m", "v_rest", "v_th", "v_reset", "t_ref")
    unknown = sorted(set(params) - set(names))
    if unknown:
        raise TypeError(
            f"unknown parameter(s) {unknown} for lif_rate; expected some of "
            f"{names}"
        )
    values = []
    for name in names:
        key = "LIF_" + name.upper()
        value = (
            as_si(params[name], name, _DEFAULTS[key][1])
            if name in params
            else np.asarray(default_si(_DEFAULTS, key))
        )
        if value.ndim:
            raise ValueError(
                f"{name} must be a scalar; got an array of shape {value.shape}"
            )
        if (name in ("tau_m", "r_m") and value <= 0) or (
            name == "t_ref" and value < 0
        ):
            want = "non-negative" if name == "t_ref" else "positive"
            raise ValueError(
                f"{name} must be {want}; got {name}={value} (SI units)"
            )
        values.append(value)
    if values[4] >= values[3]:
        raise ValueError(
            f"v_reset must lie below v_th; got v_reset={values[4]}, "
            f"v_th={values[3]}"
        )
    return values


def lif_rate(current: Any, **params: Any) -> np.ndarray | float:
    r"""Analytic firing rate of the leaky integrate-and-fire neuron (its f-I
    curve).

    With V_inf = V_rest + R_m I, a neuron reset to V_reset reaches the
    threshold θ after T = τ_m ln((V_inf − V_reset) / (V_inf − θ)), so

        f(I) = 1 / (t_ref + T)  if V_inf > θ,    f(I) = 0  otherwise

    (chapter *Neurons*, section *The f-I curve*). Pure NumPy: Brian2 is not
    needed.

    Parameters
    ----------
    current : float, array_like or Brian2 quantity
        Constant input current(s), in amperes if plain numbers.
    **params
        ``tau_m``, ``r_m``, ``v_rest``, ``v_th``, ``v_reset``, ``t_ref`` as
        scalar Brian2 quantities or plain numbers in SI units; defaults
        ``LIF_TAU_M`` ...

    Returns
    -------
    numpy.ndarray or float
        Firing rate(s) in Hz, with the shape of ``current``.
    """
    tau, r, v_rest, v_th, v_reset, t_ref = _lif_rate_params(params)
    v_inf = v_rest + r * as_si(current, "current", "nA")
    above = v_inf > v_th
    gap = np.where(above, v_inf - v_th, 1.0)
    period = t_ref + tau * np.log(np.where(above, v_inf - v_reset, 1.0) / gap)
    rate = np.where(above, 1.0 / period, 0.0)
    return rate if rate.ndim else float(rate)


def _time(value: Any, name: str, default: str | None = None):
    """A positive time: ``value`` or, if None, the default constant
    ``default``."""
    b2 = import_brian2(CODEGEN_TARGET)
    value = default_quantity(_DEFAULTS, default) if value is None else value
    return check_quantity(value, name, b2.ms, positive=True)


def _lif_namespace(params: dict[str, Any], sigma: Any) -> dict[str, Any]:
    """Checked parameters of the LIF model, defaults filled in, plus the noise
    ``sigma``."""
    b2 = import_brian2(CODEGEN_TARGET)
    ns = model_params(_DEFAULTS, "LIF", params, positive=("tau_m", "r_m"))
    if ns["t_ref"] < 0 * b2.ms or ns["v_reset"] >= ns["v_th"]:
        raise ValueError(
            f"need t_ref >= 0 and v_reset < v_th; got t_ref={ns['t_ref']}, "
            f"v_reset={ns['v_reset']}, v_th={ns['v_th']}"
        )
    ns["sigma"] = check_quantity(
        0 * b2.mV if sigma is None else sigma, "sigma", b2.mV
    )
    if ns["sigma"] < 0 * b2.mV:
        raise ValueError(f"sigma must be non-negative; got sigma={sigma!r}")
    return ns


def _lif_run(currents, duration, sigma, dt, seed, params, record: bool):
    """Simulate uncoupled LIF neurons, one per current; return spike (and
    state) monitors."""
    b2 = import_brian2(CODEGEN_TARGET)
    ns = _lif_namespace(params, sigma)
    duration, dt = _time(duration, "duration"), _time(dt, "dt", "LIF_DT")
    check_seed(seed)
    # the LIF membrane equation, with optional membrane noise; the state is
    # frozen while refractory
    noise = (
        " + sigma * sqrt(2 / tau_m) * xi" if ns["sigma"] > 0 * b2.mV else ""
    )
    eqs = f"""
dv/dt = (v_rest - v + r_m * I_inj) / tau_m{noise} : volt (unless refractory)
I_inj : amp
"""
    # threshold, reset and refractory period: the reset rule of chapter
    # *Neurons*
    group = b2.NeuronGroup(
        len(currents),
        eqs,
        threshold="v > v_th",
        reset="v = v_reset",
        refractory=ns["t_ref"],
        method="euler" if noise else "exact",
        dt=dt,
    )
    group.v, group.I_inj = ns["v_rest"], currents
    spikes = b2.SpikeMonitor(group)
    state = b2.StateMonitor(group, "v", record=0, dt=dt) if record else None
    net = b2.Network(group, spikes, *([state] if record else []))
    seed_brian(b2, seed)
    net.run(duration, namespace=ns)
    return spikes, state, duration


def simulate_lif(
    current: Any,
    duration: Any,
    *,
    sigma: Any = None,
    dt: Any = None,
    seed: SeedLike = None,
    **params: Any,
) -> Trace:
    r"""Simulate one leaky integrate-and-fire neuron driven by a constant
    current.

        τ_m dV/dt = −(V − V_rest) + R_m I + σ √(2 τ_m) ξ(t),

    where ξ(t) is white noise, with a spike and a reset to V_reset when V > θ,
    then t_ref of clamping (chapter *Neurons*, section *The leaky
    integrate-and-fire neuron*).

    Parameters
    ----------
    current : Brian2 quantity (current)
        Constant input current I.
    duration : Brian2 quantity (time)
        Simulated time; the neuron starts at rest.
    sigma : Brian2 quantity (voltage), optional
        Standard deviation of the membrane-potential noise without threshold
        (default 0).
    dt : Brian2 quantity (time), optional
        Time step (default ``LIF_DT`` = 0.1 ms); integration is exact without
        noise.
    seed : int, numpy.random.Generator or None
        Seeds Brian2's noise.
    **params
        ``tau_m``, ``r_m``, ``v_rest``, ``v_th``, ``v_reset``, ``t_ref``
        (Brian2 quantities; defaults ``LIF_TAU_M`` ...).

    Returns
    -------
    Trace
        ``t``, ``v`` and ``spike_times`` of the neuron.
    """
    b2 = import_brian2(CODEGEN_TARGET)
    current = check_quantity(current, "current", b2.nA)
    spikes, state, _ = _lif_run(
        np.ones(1) * current, duration, sigma, dt, seed, params, record=True
    )
    return Trace(state.t[:], state.v[0], spikes.t[:])


def lif_fi_curve(
    currents: Any,
    duration: Any,
    *,
    estimator: str = "isi",
    sigma: Any = None,
    dt: Any = None,
    seed: SeedLike = None,
    **params: Any,
):
    r"""Measure the firing rate of LIF neurons for each of several constant
    currents.

    All neurons are simulated in parallel, one per current, starting at rest.
    With ``estimator="isi"`` the rate of a neuron with n ≥ 2 spikes is its
    inverse mean inter-spike interval (n − 1) / (t_n − t_1), which ignores the
    transient before the first spike and, without noise, matches lif_rate up to
    the time step (chapter *Neurons*, the analytic f-I curve); with fewer
    spikes it is n / ``duration``. ``estimator="count"`` always uses n /
    ``duration``, which varies less for the irregular spike trains of a noisy
    neuron.

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
    b2 = import_brian2(CODEGEN_TARGET)
    check_choice(estimator, "estimator", ("isi", "count"))
    currents = check_quantity(currents, "currents", b2.nA, scalar=False)
    if np.ndim(currents) != 1 or len(currents) == 0:
        raise ValueError(
            f"currents must be a non-empty 1-D quantity; got {currents!r}"
        )
    spikes, _, duration = _lif_run(
        currents, duration, sigma, dt, seed, params, record=False
    )
    trains = spikes.spike_trains()
    rates = np.zeros(len(currents))
    for i in range(len(currents)):
        t = np.asarray(trains[i])
        isi = estimator == "isi" and t.size >= 2
        rates[i] = (
            (t.size - 1) / (t[-1] - t[0]) if isi else t.size / float(duration)
        )
    return rates * b2.Hz


_IZH_EQS = """
dv/dt = (0.04 / mV * v**2 + 5 * v + 140 * mV - u + I) / ms : volt
I = amplitude * mV * int(t >= t_on) : volt
du/dt = a * (b * v - u) / ms : volt
a : 1
b : 1
c : volt
d : volt
amplitude : 1
"""


def _izhikevich_table(
    patterns: Any, current: Any
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Names, (a, b, c, d) rows and step amplitudes of the neurons to
    simulate."""
    if not isinstance(patterns, Mapping):
        if isinstance(patterns, str) or not isinstance(patterns, Iterable):
            raise TypeError(
                "patterns must be a list of names or a mapping; got "
                f"{patterns!r}"
            )
        names = [
            check_choice(p, "patterns", tuple(IZHIKEVICH_PATTERNS))
            for p in patterns
        ]
        if len(set(names)) < len(names):
            raise ValueError(f"patterns must not repeat a name; got {names}")
        patterns = {p: IZHIKEVICH_PATTERNS[p] for p in names}
    if not patterns:
        raise ValueError("patterns must name at least one pattern; got none")
    table = check_array([patterns[k] for k in patterns], "patterns", ndim=2)
    if table.shape[1] != 4:
        raise ValueError(
            f"patterns must give four numbers (a, b, c, d) each; "
            f"got {dict(patterns)!r}"
        )
    reject_quantity(current, "current", "the model's units (mV/ms)")
    amp = check_array(current, "current", ndim=(0, 1))
    if amp.ndim == 1 and amp.shape != (len(table),):
        raise ValueError(
            f"current must be a number or have one entry per pattern "
            f"({len(table)}); got {amp.shape[0]} entries"
        )
    return list(patterns), table, np.broadcast_to(amp, len(table)).copy()


def simulate_izhikevich(
    patterns: Iterable[str] | Mapping[str, tuple],
    current: Any,
    duration: Any,
    *,
    t_on: Any = None,
    dt: Any = None,
    seed: SeedLike = None,
) -> dict[str, Trace]:
    r"""Simulate Izhikevich neurons, one per firing pattern, under a current
    step.

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
    b2 = import_brian2(CODEGEN_TARGET)
    names, table, amp = _izhikevich_table(patterns, current)
    duration, dt = _time(duration, "duration"), _time(dt, "dt", "IZH_DT")
    check_seed(seed)
    ns = {
        "t_on": 0 * b2.ms
        if t_on is None
        else check_quantity(t_on, "t_on", b2.ms)
    }
    group = b2.NeuronGroup(
        len(table),
        _IZH_EQS,
        threshold="v >= 30*mV",
        reset="v = c; u += d",
        method="euler",
        dt=dt,
    )
    group.a, group.b, group.amplitude = table[:, 0], table[:, 1], amp
    group.c, group.d = table[:, 2] * b2.mV, table[:, 3] * b2.mV
    group.v = -65 * b2.mV
    group.u = "b * v"
    state, spikes = (
        b2.StateMonitor(group, ["v", "u"], record=True, dt=dt),
        b2.SpikeMonitor(group),
    )
    seed_brian(b2, seed)
    b2.Network(group, state, spikes).run(duration, namespace=ns)
    trains = spikes.spike_trains()
    return {
        name: Trace(state.t[:], state.v[i], trains[i], {"u": state.u[i]})
        for i, name in enumerate(names)
    }


_ADEX_EQS = """
dv/dt = (g_l * (e_l - v) + I_exp - w + I_inj) / c : volt
I_exp = g_l * delta_t * exp((v - v_t) / delta_t) : amp
dw/dt = (a * (v - e_l) - w) / tau_w : amp
I_inj = current * int(t >= t_on) : amp
"""


def simulate_adex(
    current: Any,
    duration: Any,
    *,
    t_on: Any = None,
    dt: Any = None,
    seed: SeedLike = None,
    **params: Any,
) -> Trace:
    r"""Simulate the adaptive exponential integrate-and-fire neuron under a
    current step.

        C dV/dt = −g_L (V − E_L) + g_L Δ_T exp((V − V_T)/Δ_T) − w + I,
        τ_w dw/dt = a (V − E_L) − w

    with V ← V_reset and w ← w + b when V > V_cut (Brette & Gerstner 2005;
    chapter *Neurons*, section *The adaptive exponential integrate-and-fire
    model*), integrated by forward Euler from V = E_L, w = 0.

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
        ``t``, ``v``, ``spike_times`` and ``variables["w"]`` (the adaptation
        current).
    """
    b2 = import_brian2(CODEGEN_TARGET)
    ns = model_params(
        _DEFAULTS, "ADEX", params, positive=("c", "g_l", "delta_t", "tau_w")
    )
    duration, dt = _time(duration, "duration"), _time(dt, "dt", "ADEX_DT")
    ns["current"] = check_quantity(current, "current", b2.nA)
    ns["t_on"] = (
        0 * b2.ms if t_on is None else check_quantity(t_on, "t_on", b2.ms)
    )
    if ns["v_reset"] >= ns["v_cut"]:
        raise ValueError(
            f"v_reset must lie below v_cut; got v_reset={ns['v_reset']}, "
            f"v_cut={ns['v_cut']}"
        )
    check_seed(seed)
    group = b2.NeuronGroup(
        1,
        _ADEX_EQS,
        threshold="v > v_cut",
        reset="v = v_reset; w += b",
        method="euler",
        dt=dt,
    )
    group.v = ns["e_l"]
    state, spikes = (
        b2.StateMonitor(group, ["v", "w"], record=0, dt=dt),
        b2.SpikeMonitor(group),
    )
    seed_brian(b2, seed)
    b2.Network(group, state, spikes).run(duration, namespace=ns)
    return Trace(state.t[:], state.v[0], spikes.t[:], {"w": state.w[0]})
