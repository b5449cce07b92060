"""Spike-timing-dependent plasticity (STDP) with Brian2 (chapter *Unsupervised
Hebbian learning*).

A pair-based STDP synapse keeps two traces: a presynaptic trace apre that jumps
by A+ at every presynaptic spike and a postsynaptic trace apost that jumps by
A− at every postsynaptic spike, both decaying exponentially. A postsynaptic
spike potentiates the weight by the current apre, a presynaptic spike depresses
it by the current apost. For one pair of spikes with Δt = t_post − t_pre this
gives the exponential STDP window

    Δw = A+ exp(−Δt/τ+)  if Δt > 0,      Δw = −A− exp(Δt/τ−)  if Δt < 0.

Conventions as in ``neurocomp.spiking`` (helpers from ``neurocomp.brian``):
Brian2 is imported only when a simulation runs, each simulation builds an
explicit ``brian2.Network``, takes a ``seed`` and uses the ``"numpy"``
code-generation target. Default time constants are module constants with units
(``STDP_TAU_PLUS`` = 20 ms); amplitudes and weights are dimensionless, in units
of the maximal weight ``STDP_W_MAX``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .brian import (
    CODEGEN_TARGET,
    COMPILED_TARGET,
    check_quantity,
    import_brian2,
)
from .brian import reject_quantity, seed_brian
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_bool,
    check_int,
    check_positive,
)
from .utils import check_seed

__all__ = [
    "STDP_A_PLUS",
    "STDP_A_MINUS",
    "STDP_W_MAX",
    "stdp_window",
    "stdp_synapses",
    "PairProtocolResult",
    "stdp_pair_protocol",
    "stdp_poisson_neuron",
]

#: Amplitudes of potentiation and depression (dimensionless, A− slightly larger
#: than A+ so that uncorrelated firing depresses on balance, as in Song, Miller
#: & Abbott 2000).
STDP_A_PLUS = 0.01
STDP_A_MINUS = 0.0105
#: Maximal weight; weights are clipped to [0, STDP_W_MAX].
STDP_W_MAX = 1.0
#: Time constants (ms) of the traces and the simulation time step, returned
#: with units.
_TIMES = {"STDP_TAU_PLUS": 20.0, "STDP_TAU_MINUS": 20.0, "STDP_DT": 0.1}


def __getattr__(name: str) -> Any:
    """``STDP_TAU_PLUS``, ``STDP_TAU_MINUS``, ``STDP_DT`` as Brian2
    quantities."""
    if name in _TIMES:
        return _TIMES[name] * import_brian2(CODEGEN_TARGET).ms
    raise AttributeError(
        f"module 'neurocomp.plasticity' has no attribute {name!r}"
    )


def stdp_window(
    delta_t,
    *,
    a_plus: float = STDP_A_PLUS,
    a_minus: float = STDP_A_MINUS,
    tau_plus: float = 20.0,
    tau_minus: float = 20.0,
) -> np.ndarray:
    """The exponential STDP window Δw(Δt) of one spike pair, in NumPy (no
    Brian2).

    Δw = A+ exp(−Δt/τ+) for Δt > 0 (pre before post), −A− exp(Δt/τ−) for Δt <
    0, and 0 at Δt = 0.

    Parameters
    ----------
    delta_t : array_like
        Spike-time differences t_post − t_pre, in ms.
    a_plus, a_minus : float
        Amplitudes A+ ≥ 0 and A− ≥ 0.
    tau_plus, tau_minus : float
        Time constants τ+ > 0 and τ− > 0, in ms.

    Returns
    -------
    numpy.ndarray
        Weight changes, with the shape of ``delta_t``.
    """
    for name, value in (
        ("delta_t", delta_t),
        ("tau_plus", tau_plus),
        ("tau_minus", tau_minus),
    ):
        reject_quantity(value, name, f"ms (e.g. {name} / ms)")
    lag = check_array(delta_t, "delta_t")
    a_plus = check_positive(a_plus, "a_plus", allow_zero=True)
    a_minus = check_positive(a_minus, "a_minus", allow_zero=True)
    tau_plus = check_positive(tau_plus, "tau_plus")
    tau_minus = check_positive(tau_minus, "tau_minus")
    ltp = a_plus * np.exp(-np.abs(lag) / tau_plus)
    ltd = -a_minus * np.exp(-np.abs(lag) / tau_minus)
    return np.where(lag > 0, ltp, np.where(lag < 0, ltd, 0.0))


def _stdp_namespace(params: dict[str, Any]) -> dict[str, Any]:
    """Checked parameters of the STDP synapse, with the defaults filled in."""
    b2 = import_brian2(CODEGEN_TARGET)
    names = ("a_plus", "a_minus", "tau_plus", "tau_minus", "w_max")
    unknown = sorted(set(params) - set(names))
    if unknown:
        raise TypeError(
            f"unknown parameter(s) {unknown} for the STDP synapse; "
            f"expected some of {list(names)}"
        )
    ns = {
        "a_plus": STDP_A_PLUS,
        "a_minus": STDP_A_MINUS,
        "w_max": STDP_W_MAX,
        "tau_plus": _TIMES["STDP_TAU_PLUS"] * b2.ms,
        "tau_minus": _TIMES["STDP_TAU_MINUS"] * b2.ms,
    }
    for name in ("a_plus", "a_minus"):
        ns[name] = check_positive(
            params.get(name, ns[name]), name, allow_zero=True
        )
    ns["w_max"] = check_positive(params.get("w_max", ns["w_max"]), "w_max")
    for name in ("tau_plus", "tau_minus"):
        ns[name] = check_quantity(
            params.get(name, ns[name]), name, b2.ms, positive=True
        )
    return ns


def _check_w0(w0: Any, w_max: float) -> float:
    """The initial weight, a number in [0, w_max]."""
    w0 = check_positive(w0, "w0", allow_zero=True)
    if w0 > w_max:
        raise ValueError(f"w0 must lie in [0, w_max={w_max}]; got w0={w0!r}")
    return w0


def _check_synapse_args(
    b2, source, target, connect, effect, constants
) -> None:
    """Types of the arguments of stdp_synapses that Brian2 would reject only
    deep inside."""
    for name, group in (("source", source), ("target", target)):
        if not isinstance(group, b2.SpikeSource):
            raise TypeError(
                f"{name} must be a Brian2 group that emits spikes (e.g. a "
                f"NeuronGroup); got {group!r}"
            )
    if not (connect is None or connect is True or isinstance(connect, str)):
        raise TypeError(
            "connect must be a condition string, True or None; got "
            f"{connect!r}"
        )
    if not isinstance(effect, str):
        raise TypeError(
            f"effect must be a string of Brian2 statements; got {effect!r}"
        )
    if constants is not None and not isinstance(constants, dict):
        raise TypeError(
            f"constants must be a dict of names to values; got {constants!r}"
        )


def stdp_synapses(
    source,
    target,
    *,
    w0: float = 0.5,
    connect: str | None = "i == j",
    event_driven: bool = True,
    dt=None,
    effect: str = "",
    constants: dict[str, Any] | None = None,
    **params: Any,
):
    """Pair-based STDP synapses with exponential traces from ``source`` to
    ``target``.

    Parameters
    ----------
    source, target : Brian2 groups
        Presynaptic and postsynaptic neurons (any groups that emit spikes).
    w0 : float
        Initial weight, in [0, w_max].
    connect : str, True or None
        Connection condition passed to ``Synapses.connect`` (default
        one-to-one); True connects all to all, None leaves the synapses
        unconnected.
    event_driven : bool
        Update the traces only at spikes (fast) or at every time step (needed
        to record them with a ``StateMonitor``); both give the same weights.
    dt : Brian2 quantity (time), optional
        Time step of the synapses (default: Brian2's default clock).
    effect : str
        Statement run at each presynaptic spike that acts on the target, e.g.
        ``"g_e_post += w * g_max"`` (default: none, the weight only learns).
    constants : dict, optional
        Further names used in ``effect`` (e.g. ``{"g_max": ...}``).
    **params
        ``a_plus``, ``a_minus``, ``w_max`` (floats) and ``tau_plus``,
        ``tau_minus`` (Brian2 times); defaults ``STDP_A_PLUS`` ...

    Returns
    -------
    brian2.Synapses
        With the variables ``w``, ``apre``, ``apost`` and its parameters in its
        namespace.
    """
    b2 = import_brian2(CODEGEN_TARGET)
    ns = _stdp_namespace(params)
    _check_synapse_args(b2, source, target, connect, effect, constants)
    event_driven = check_bool(event_driven, "event_driven")
    w0 = _check_w0(w0, ns["w_max"])
    kind = "event-driven" if event_driven else "clock-driven"
    # the weight and two traces that decay exponentially between spikes
    model = f"""w : 1
                dapre/dt = -apre / tau_plus : 1 ({kind})
                dapost/dt = -apost / tau_minus : 1 ({kind})"""
    # presynaptic spike: bump the presynaptic trace, depress by the
    # postsynaptic one
    on_pre = f"""{effect}
                apre += a_plus
                w = clip(w - apost, 0, w_max)"""
    # postsynaptic spike: bump the postsynaptic trace, potentiate by the
    # presynaptic one
    on_post = """apost += a_minus
                 w = clip(w + apre, 0, w_max)"""
    clock = (
        {}
        if dt is None
        else {"dt": check_quantity(dt, "dt", b2.ms, positive=True)}
    )
    synapses = b2.Synapses(
        source,
        target,
        model,
        on_pre=on_pre,
        on_post=on_post,
        namespace={**ns, **(constants or {})},
        method="exact",
        **clock,
    )
    if connect is not None:
        synapses.connect(connect)
        synapses.w = w0
    return synapses


@dataclass(frozen=True)
class PairProtocolResult:
    """What the pair protocol measured.

    Attributes
    ----------
    delta_t : Quantity, shape (n_pairs_of_neurons,)
        Requested t_post − t_pre, one per synapse.
    dw : numpy.ndarray, shape (n_pairs_of_neurons,)
        Total weight change of each synapse.
    traces : dict of str to array, or None
        With ``record=True``: ``t`` (Quantity) and ``apre``, ``apost``, ``w``
        of every synapse, shape (n_synapses, n_steps).
    """

    delta_t: Any
    dw: np.ndarray
    traces: dict[str, Any] | None = None


def _pair_times(delta_t, n_pairs: int, period, margin):
    """Spike indices and times of the pre- and postsynaptic generators."""
    b2 = import_brian2(CODEGEN_TARGET)
    n = len(delta_t)
    onsets = margin + np.arange(n_pairs) * period  # time of each pairing
    idx = np.tile(np.arange(n), n_pairs)
    t_pre = np.repeat(onsets / b2.ms, n) * b2.ms
    t_post = t_pre + np.tile(np.asarray(delta_t / b2.ms), n_pairs) * b2.ms
    return idx, t_pre, t_post


def stdp_pair_protocol(
    delta_t,
    *,
    n_pairs: int = 1,
    period=None,
    w0: float = 0.5,
    dt=None,
    record: bool = False,
    seed: SeedLike = None,
    **params: Any,
) -> PairProtocolResult:
    """Measure the STDP window: pair a pre- and a postsynaptic spike at each
    Δt.

    One synapse per Δt, all in one network: presynaptic neuron i fires at the
    start of each pairing and postsynaptic neuron i fires Δt_i later (earlier
    if Δt_i < 0). The spikes are imposed by two ``SpikeGeneratorGroup``s and
    times are rounded to ``dt``.

    Parameters
    ----------
    delta_t : Brian2 quantity (time), shape (n,)
        Spike-time differences t_post − t_pre.
    n_pairs : int
        Pairings per synapse.
    period : Brian2 quantity (time), optional
        Time between pairings (default: 10 τ and at least 2 max|Δt|, so the
        traces decay between pairings).
    w0 : float
        Initial weight of every synapse.
    dt : Brian2 quantity (time), optional
        Time step (default ``STDP_DT`` = 0.1 ms).
    record : bool
        Record the traces and weights at every step (clock-driven traces,
        slower).
    seed : int, numpy.random.Generator or None
        Seeds Brian2 (the protocol itself is deterministic).
    **params
        Parameters of the synapse, as for ``stdp_synapses``.

    Returns
    -------
    PairProtocolResult
    """
    b2 = import_brian2(CODEGEN_TARGET)
    delta_t = check_quantity(delta_t, "delta_t", b2.ms, scalar=False)
    if np.ndim(delta_t) != 1 or len(delta_t) == 0:
        raise ValueError(
            f"delta_t must be a non-empty 1-D time quantity; got {delta_t!r}"
        )
    n_pairs = check_int(n_pairs, "n_pairs")
    record = check_bool(record, "record")
    check_seed(seed)
    ns = _stdp_namespace(params)
    _check_w0(w0, ns["w_max"])  # before the spike generators are built
    dt = check_quantity(
        _TIMES["STDP_DT"] * b2.ms if dt is None else dt,
        "dt",
        b2.ms,
        positive=True,
    )
    span = np.max(np.abs(delta_t))
    if period is None:
        period = max(10 * max(ns["tau_plus"], ns["tau_minus"]), 2 * span + dt)
    period = check_quantity(period, "period", b2.ms, positive=True)
    if period <= dt:
        raise ValueError(
            f"period must exceed the time step dt={dt}; got period={period}"
        )
    n = len(delta_t)
    idx, t_pre, t_post = _pair_times(
        delta_t, n_pairs, period, margin=span + 1 * b2.ms
    )
    pre = b2.SpikeGeneratorGroup(n, idx, t_pre, dt=dt)
    post = b2.SpikeGeneratorGroup(n, idx, t_post, dt=dt)
    synapses = stdp_synapses(
        pre, post, w0=w0, event_driven=not record, dt=dt, **params
    )
    monitor = (
        b2.StateMonitor(synapses, ["apre", "apost", "w"], record=True, dt=dt)
        if record
        else None
    )
    net = b2.Network(pre, post, synapses, *([monitor] if record else []))
    seed_brian(b2, seed)
    net.run(np.max(t_post / b2.ms) * b2.ms + 2 * dt, namespace={})
    traces = (
        None
        if monitor is None
        else {
            "t": monitor.t[:],
            **{
                k: np.asarray(getattr(monitor, k))
                for k in ("apre", "apost", "w")
            },
        }
    )
    return PairProtocolResult(delta_t, np.asarray(synapses.w) - w0, traces)


#: The conductance-based LIF neuron of Song, Miller & Abbott (2000); g_e is the
#: excitatory conductance in units of the leak conductance.
_SONG = {
    "tau_m": (20.0, "ms"),
    "v_rest": (-70.0, "mV"),
    "e_ex": (0.0, "mV"),
    "v_th": (-54.0, "mV"),
    "v_reset": (-60.0, "mV"),
    "tau_e": (5.0, "ms"),
}


def stdp_poisson_neuron(
    n_inputs: int = 1000,
    duration=None,
    *,
    rate=None,
    g_max: float = 0.015,
    a_plus: float = 0.005,
    ratio: float = 1.05,
    seed: SeedLike = None,
):
    """One conductance-based LIF neuron driven through STDP synapses by Poisson
    inputs.

        τ_m dV/dt = V_rest − V + g_e (E_ex − V),    τ_e dg_e/dt = −g_e,

    each input spike adds w · g_max to g_e, and the weights w in [0, 1] follow
    pair-based STDP with A− = ratio · A+ (Song, Miller & Abbott 2000). Initial
    weights are uniform in [0, 1]. Simulated with the compiled ``"cython"``
    target.

    Parameters
    ----------
    n_inputs : int
        Number of excitatory Poisson inputs.
    duration : Brian2 quantity (time)
        Simulated time.
    rate : Brian2 quantity (frequency), optional
        Rate of every input (default 10 Hz).
    g_max : float
        Peak conductance of a synapse, in units of the leak conductance.
    a_plus, ratio : float
        Potentiation amplitude A+ and ratio A− / A+.
    seed : int, numpy.random.Generator or None
        Seeds the initial weights and Brian2's Poisson inputs.

    Returns
    -------
    w0, w : numpy.ndarray, shape (n_inputs,)
        Weights before and after.
    post_rate : float
        Mean firing rate of the neuron during the run, in Hz.
    """
    b2 = import_brian2(CODEGEN_TARGET)
    n_inputs = check_int(n_inputs, "n_inputs")
    duration = check_quantity(duration, "duration", b2.ms, positive=True)
    rate = check_quantity(
        10 * b2.Hz if rate is None else rate, "rate", b2.Hz, positive=True
    )
    g_max, a_plus = (
        check_positive(g_max, "g_max"),
        check_positive(a_plus, "a_plus"),
    )
    ratio = check_positive(ratio, "ratio")
    rng = as_generator(seed)
    ns = {k: v * getattr(b2, u) for k, (v, u) in _SONG.items()}
    neuron = b2.NeuronGroup(
        1,
        """dv/dt = (v_rest - v + g_e * (e_ex - v)) / tau_m : volt
                                  dg_e/dt = -g_e / tau_e : 1""",
        threshold="v > v_th",
        reset="v = v_reset",
        method="euler",
        namespace=ns,
    )
    neuron.v = ns["v_rest"]
    inputs = b2.PoissonGroup(n_inputs, rate)
    synapses = stdp_synapses(
        inputs,
        neuron,
        connect=True,
        effect="g_e_post += w * g_max",
        constants={"g_max": g_max},
        a_plus=a_plus,
        a_minus=ratio * a_plus,
    )
    w0 = rng.uniform(0, 1, n_inputs)
    synapses.w = w0
    spikes = b2.SpikeMonitor(neuron)
    net = b2.Network(neuron, inputs, synapses, spikes)
    seed_brian(b2, rng)
    import_brian2(COMPILED_TARGET)
    net.run(duration)
    return w0, np.asarray(synapses.w), spikes.num_spikes / float(duration)
