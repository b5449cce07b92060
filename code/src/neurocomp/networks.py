"""Networks of spiking neurons with Brian2: synapses, the Brunel network,
population measures.

Chapter *Spiking neural networks* (Part IV). Three parts:

* synaptic transmission: the analytic postsynaptic potential (PSP) of a leaky
  membrane driven by an exponential or an alpha-shaped synaptic current
  (psp_exponential, psp_alpha) and its Brian2 simulation (simulate_psp);
* the sparsely connected excitatory-inhibitory network of Brunel (2000), whose
  regimes depend on the relative inhibition g and the external drive ν_ext /
  ν_thr (brunel_network);
* measures of population activity: population rate, coefficient of variation of
  the inter-spike intervals, and the synchrony measure χ (population_rate,
  isi_cv, synchrony_chi). These are NumPy functions.

The Brunel network is simulated with the compiled ``"cython"`` target; its
extensions are cached on disk by Brian2 (neurocomp.brian.cython_cache_dir) and
reused by later runs. Default parameters are module constants with units
(``BRUNEL_TAU`` = 20 ms ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .brian import (
    CODEGEN_TARGET,
    COMPILED_TARGET,
    check_quantity,
    default_quantity,
)
from .brian import (
    import_brian2,
    model_params,
    reject_quantity,
    seed_brian,
    unit,
)
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_choice,
    check_int,
    check_positive,
)

__all__ = [
    "psp_exponential",
    "psp_alpha",
    "simulate_psp",
    "BrunelResult",
    "brunel_network",
    "population_rate",
    "isi_cv",
    "synchrony_chi",
]

#: Default parameters (value, unit). The Brunel (2000) model neuron and
#: synapse; the network itself is scaled down from N = 12,500 (see
#: brunel_network).
_DEFAULTS: dict[str, tuple[float, str]] = {
    "BRUNEL_TAU": (20.0, "ms"),
    "BRUNEL_THETA": (20.0, "mV"),
    "BRUNEL_V_RESET": (10.0, "mV"),
    "BRUNEL_T_REF": (2.0, "ms"),
    "BRUNEL_DELAY": (1.5, "ms"),
    "BRUNEL_J": (0.2, "mV"),
    "BRUNEL_DT": (0.1, "ms"),
    # a PSP experiment: membrane and synaptic time constants
    "PSP_TAU_M": (10.0, "ms"),
    "PSP_TAU_S": (5.0, "ms"),
    "PSP_DT": (0.01, "ms"),
}


def __getattr__(name: str) -> Any:
    """Expose the default parameters as Brian2 quantities (imports Brian2 on
    first use)."""
    if name in _DEFAULTS:
        return default_quantity(_DEFAULTS, name)
    raise AttributeError(
        f"module 'neurocomp.networks' has no attribute {name!r}"
    )


def _time(value: Any, name: str, default: Any):
    """A positive Brian2 time: ``value``, or ``default`` if value is None."""
    return check_quantity(
        default if value is None else value, name, unit("ms"), positive=True
    )


# --- synaptic transmission
# ---------------------------------------------------------------


def _psp_args(
    t: Any, tau_m: float, tau_s: float, w: float
) -> tuple[np.ndarray, float]:
    for name, value in (("t", t), ("tau_m", tau_m), ("tau_s", tau_s)):
        reject_quantity(value, name, f"one time unit (e.g. {name} / ms)")
    t = check_array(t, "t")
    check_positive(tau_m, "tau_m")
    check_positive(tau_s, "tau_s")
    if np.isclose(tau_m, tau_s):
        raise ValueError(
            f"tau_s must differ from tau_m; got tau_m={tau_m}, tau_s={tau_s}"
        )
    reject_quantity(w, "w", "the unit of V (e.g. w / mV)")
    return t, float(check_array(w, "w", ndim=0))


def psp_exponential(
    t: Any, *, tau_m: float, tau_s: float, w: float = 1.0
) -> np.ndarray:
    """PSP of a leaky membrane driven by an exponential synaptic current
    (NumPy).

    A presynaptic spike at t = 0 makes the synaptic drive jump by w and decay,
    x(t) = w exp(−t/τ_s); the membrane obeys τ_m dV/dt = −V + x. Then

        V(t) = w τ_s / (τ_s − τ_m) · (exp(−t/τ_s) − exp(−t/τ_m))  for t ≥ 0,

    and 0 before the spike. V and w share one unit (e.g. mV), t and the τ
    another (ms).

    Parameters
    ----------
    t : array_like
        Times after the spike.
    tau_m, tau_s : float
        Membrane and synaptic time constants (positive, different).
    w : float
        Jump of the synaptic drive (the synaptic weight, in voltage units).

    Returns
    -------
    numpy.ndarray
        V(t), with the shape of ``t``.
    """
    t, w = _psp_args(t, tau_m, tau_s, w)
    s = np.clip(t, 0.0, None)
    v = w * tau_s / (tau_s - tau_m) * (np.exp(-s / tau_s) - np.exp(-s / tau_m))
    return np.where(t >= 0, v, 0.0)


def psp_alpha(
    t: Any, *, tau_m: float, tau_s: float, w: float = 1.0
) -> np.ndarray:
    """PSP of a leaky membrane driven by an alpha-shaped synaptic current
    (NumPy).

    The drive x(t) = w (t/τ_s) exp(−t/τ_s) rises and decays with τ_s; with
    k = 1/τ_s − 1/τ_m the membrane τ_m dV/dt = −V + x gives

        V(t) = w / (τ_m τ_s k²) · exp(−t/τ_m) · (1 − (1 + k t) exp(−k t))

    for t ≥ 0.

    Parameters and returns as in psp_exponential.
    """
    t, w = _psp_args(t, tau_m, tau_s, w)
    s = np.clip(t, 0.0, None)
    k = 1.0 / tau_s - 1.0 / tau_m
    v = (
        w
        / (tau_m * tau_s * k**2)
        * np.exp(-s / tau_m)
        * (1.0 - (1.0 + k * s) * np.exp(-k * s))
    )
    return np.where(t >= 0, v, 0.0)


_PSP_MODELS = {
    # exponential synapse: the drive x jumps at a spike and decays with tau_s
    "exponential": ("dx/dt = -x / tau_s : volt", "x_post += w"),
    # alpha synapse: y jumps and feeds x, so x(t) = w (t/tau_s) exp(-t/tau_s)
    "alpha": (
        "dx/dt = (y - x) / tau_s : volt\n dy/dt = -y / tau_s : volt",
        "y += w",
    ),
}


def simulate_psp(
    kind: str = "exponential",
    *,
    w: Any = None,
    tau_m: Any = None,
    tau_s: Any = None,
    duration: Any = None,
    dt: Any = None,
):
    """Simulate the PSP of one presynaptic spike at t = 0 in Brian2.

    The membrane τ_m dV/dt = −V + x (V relative to rest) receives the synaptic
    drive x of an ``"exponential"`` or ``"alpha"`` synapse (see
    psp_exponential, psp_alpha).

    Parameters
    ----------
    kind : {"exponential", "alpha"}
        Synapse model.
    w : Brian2 quantity (voltage), optional
        Synaptic weight (default 1 mV).
    tau_m, tau_s : Brian2 quantity (time), optional
        Time constants (defaults ``PSP_TAU_M`` = 10 ms, ``PSP_TAU_S`` = 5 ms).
    duration, dt : Brian2 quantity (time), optional
        Simulated time (default 100 ms) and time step (default ``PSP_DT``).

    Returns
    -------
    t, v : Brian2 quantities, shape (n_steps,)
        Time since the synaptic drive jumped (Brian2 applies the spike after
        the state update of the first step, so t starts at −dt) and the
        membrane potential.
    """
    b2 = import_brian2(CODEGEN_TARGET)
    check_choice(kind, "kind", tuple(_PSP_MODELS))
    ns = {
        "w": check_quantity(1 * b2.mV if w is None else w, "w", b2.mV),
        "tau_m": _time(
            tau_m, "tau_m", default_quantity(_DEFAULTS, "PSP_TAU_M")
        ),
        "tau_s": _time(
            tau_s, "tau_s", default_quantity(_DEFAULTS, "PSP_TAU_S")
        ),
    }
    duration = _time(duration, "duration", 100 * b2.ms)
    dt = _time(dt, "dt", default_quantity(_DEFAULTS, "PSP_DT"))
    drive, on_pre = _PSP_MODELS[kind]
    post = b2.NeuronGroup(
        1, f"dv/dt = (x - v) / tau_m : volt\n{drive}", method="exact", dt=dt
    )
    pre = b2.SpikeGeneratorGroup(1, [0], [0] * b2.ms, dt=dt)
    syn = b2.Synapses(pre, post, on_pre=on_pre, dt=dt)
    syn.connect()
    state = b2.StateMonitor(post, "v", record=0, dt=dt)
    b2.Network(pre, post, syn, state).run(duration, namespace=ns)
    # the jump of the drive takes effect after the first step's update: time it
    # from there
    return state.t[:] - dt, state.v[0]


# --- the Brunel network
# ------------------------------------------------------------------


@dataclass(frozen=True)
class BrunelResult:
    """What a run of brunel_network recorded (times in seconds, potentials in
    volts).

    Attributes
    ----------
    spike_i, spike_t : numpy.ndarray, shape (n_spikes,)
        Index and time of every spike (excitatory neurons first, then
        inhibitory).
    n_e, n_i : int
        Numbers of excitatory and inhibitory neurons.
    duration : float
        Simulated time.
    v : numpy.ndarray, shape (n_record, n_samples)
        Membrane potentials of the first ``n_record`` neurons, sampled every
        ``v_dt``.
    v_dt : float
        Sampling interval of ``v``.
    n_code_objects : int
        Number of code objects Brian2 generated (each one compiled extension).
    """

    spike_i: np.ndarray
    spike_t: np.ndarray
    n_e: int
    n_i: int
    duration: float
    v: np.ndarray
    v_dt: float
    n_code_objects: int = 0


def _brunel_connectivity(
    n_e: int, n_i: int, c_e: int, c_i: int, rng: np.random.Generator
):
    """Presynaptic and postsynaptic indices: every neuron gets c_e E and c_i I
    inputs."""
    n = n_e + n_i
    pre_e = rng.integers(0, n_e, size=(n, c_e))
    pre_i = rng.integers(n_e, n, size=(n, c_i))
    pre = np.concatenate([pre_e, pre_i], axis=1).ravel()
    post = np.repeat(np.arange(n), c_e + c_i)
    return pre, post


def brunel_network(
    g: float,
    nu_ratio: float,
    duration: Any,
    *,
    n_e: int = 4000,
    epsilon: float = 0.1,
    n_record: int = 200,
    seed: SeedLike = None,
    **params: Any,
) -> BrunelResult:
    """Simulate the sparse excitatory-inhibitory network of Brunel (2000),
    model A.

    n_e excitatory and n_e/4 inhibitory LIF neurons, τ dV/dt = −V (V relative
    to rest), spike and reset to V_r when V > θ, refractory for t_ref. Each
    neuron receives C_E = ε n_e excitatory inputs of weight J, C_I = C_E/4
    inhibitory inputs of weight −g J, delivered after a delay D, and C_E
    external Poisson inputs of weight J at the rate ν_ext = ν_ratio · ν_thr,
    where ν_thr = θ / (J C_E τ) is the external rate that brings the mean
    potential to threshold. Initial potentials are uniform in [0, θ]. Brunel's
    network has n_e = 10,000 and J = 0.1 mV; the default here is n_e = 4,000
    with J = 0.2 mV.

    Parameters
    ----------
    g : float
        Relative strength of inhibition (g > 0).
    nu_ratio : float
        External drive ν_ext / ν_thr (> 0).
    duration : Brian2 quantity (time)
        Simulated time.
    n_e : int
        Number of excitatory neurons (n_e/4 inhibitory ones are added; n_e
        divisible by 4).
    epsilon : float
        Connection probability ε in (0, 1].
    n_record : int
        Record the membrane potential of this many neurons (every 0.5 ms); a
        number larger than the network records every neuron.
    seed : int, numpy.random.Generator or None
        Seeds the connectivity, the initial potentials and Brian2's Poisson
        inputs.
    **params
        ``tau``, ``theta``, ``v_reset``, ``t_ref``, ``delay``, ``j`` (Brian2
        quantities; defaults ``BRUNEL_TAU`` ...).

    Returns
    -------
    BrunelResult
    """
    b2 = import_brian2(COMPILED_TARGET)
    ns = _brunel_namespace(params)
    g, nu_ratio = check_positive(g, "g"), check_positive(nu_ratio, "nu_ratio")
    n_e = check_int(n_e, "n_e", minimum=4)
    if n_e % 4:
        raise ValueError(f"n_e must be divisible by 4; got n_e={n_e}")
    epsilon = check_positive(epsilon, "epsilon")
    if epsilon > 1:
        raise ValueError(f"epsilon must lie in (0, 1]; got epsilon={epsilon}")
    duration = _time(duration, "duration", None)
    n_i, c_e = n_e // 4, max(1, round(epsilon * n_e))
    n_record = min(check_int(n_record, "n_record", minimum=1), n_e + n_i)
    rng = as_generator(seed)
    nu_ext = nu_ratio * ns["theta"] / (ns["j"] * c_e * ns["tau"])
    dt = default_quantity(_DEFAULTS, "BRUNEL_DT")
    neurons = b2.NeuronGroup(
        n_e + n_i,
        "dv/dt = -v / tau : volt (unless refractory)",
        threshold="v > theta",
        reset="v = v_reset",
        refractory=ns["t_ref"],
        method="exact",
        dt=dt,
        namespace=ns,
    )
    neurons.v = rng.uniform(0, 1, n_e + n_i) * ns["theta"]
    synapses = b2.Synapses(
        neurons,
        neurons,
        "w : volt",
        on_pre="v_post += w",
        delay=ns["delay"],
        dt=dt,
    )
    pre, post = _brunel_connectivity(n_e, n_i, c_e, max(1, c_e // 4), rng)
    synapses.connect(i=pre, j=post)
    synapses.w = np.where(pre < n_e, 1.0, -g) * ns["j"]
    external = b2.PoissonInput(
        neurons, "v", N=c_e, rate=nu_ext, weight=ns["j"]
    )
    spikes = b2.SpikeMonitor(neurons)
    state = b2.StateMonitor(
        neurons, "v", record=np.arange(n_record), dt=0.5 * b2.ms
    )
    net = b2.Network(neurons, synapses, external, spikes, state)
    seed_brian(b2, rng)
    net.run(duration)
    n_code = sum(
        getattr(obj, "codeobj", None) is not None for obj in net.sorted_objects
    )
    return BrunelResult(
        np.asarray(spikes.i[:]),
        np.asarray(spikes.t[:]),
        n_e,
        n_i,
        float(duration),
        np.asarray(state.v),
        0.5e-3,
        n_code,
    )


def _brunel_namespace(params: dict[str, Any]) -> dict[str, Any]:
    """Checked neuron and synapse parameters of the Brunel model, defaults
    filled in."""
    ns = model_params(
        _DEFAULTS, "BRUNEL", params, positive=("tau", "theta", "delay", "j")
    )
    if ns["v_reset"] >= ns["theta"]:
        raise ValueError(
            f"v_reset must lie below theta; got v_reset={ns['v_reset']}"
        )
    return ns


# --- measures of population activity (NumPy)
# ---------------------------------------------


def _spikes(
    spike_i: Any, spike_t: Any, n: int
) -> tuple[np.ndarray, np.ndarray, int]:
    i = check_array(spike_i, "spike_i", ndim=1)
    t = check_array(spike_t, "spike_t", ndim=1)
    if i.shape != t.shape:
        raise ValueError(
            f"spike_i and spike_t must have the same length; got {i.size}, "
            f"{t.size}"
        )
    n = check_int(n, "n")
    if i.size and (i.min() < 0 or i.max() >= n or np.any(i != np.round(i))):
        bad = i[(i < 0) | (i >= n) | (i != np.round(i))]
        raise ValueError(
            f"spike_i must hold integer neuron indices in [0, n={n}); "
            f"found {bad[:5].tolist()}"
        )
    return i.astype(int), t, n


def population_rate(
    spike_t: Any, n: int, duration: float, bin_size: float
) -> np.ndarray:
    """Population rate A(t) = (number of spikes in a bin) / (n · bin size), in
    Hz.

    Parameters
    ----------
    spike_t : array_like
        Spike times of the population, in seconds.
    n : int
        Number of neurons.
    duration, bin_size : float
        Length of the recording and of a bin, in seconds.

    Returns
    -------
    numpy.ndarray, shape (floor(duration / bin_size),)
    """
    t = check_array(spike_t, "spike_t", ndim=1)
    n = check_int(n, "n")
    duration = check_positive(duration, "duration")
    bin_size = check_positive(bin_size, "bin_size")
    n_bins = int(np.floor(duration / bin_size + 1e-9))
    if n_bins < 1:
        raise ValueError(
            f"bin_size must not exceed duration; got {bin_size} > {duration}"
        )
    if t.size and (t.min() < 0 or t.max() > duration):
        raise ValueError(
            f"spike_t must lie in [0, duration={duration}] (seconds); found "
            f"times from {t.min()} to {t.max()}"
        )
    counts, _ = np.histogram(t, bins=n_bins, range=(0.0, n_bins * bin_size))
    return counts / (n * bin_size)


def isi_cv(
    spike_i: Any, spike_t: Any, n: int, *, min_spikes: int = 5
) -> np.ndarray:
    """Coefficient of variation CV = std(ISI) / mean(ISI) of each neuron's
    intervals.

    A Poisson process has CV = 1, a clock CV = 0. Neurons with fewer than
    ``min_spikes`` spikes are left out.

    Parameters
    ----------
    spike_i, spike_t : array_like, shape (n_spikes,)
        Neuron index and time of each spike.
    n : int
        Number of neurons (indices lie in [0, n)).
    min_spikes : int
        Minimal number of spikes of a neuron to be counted (at least 3).

    Returns
    -------
    numpy.ndarray
        One CV per neuron with enough spikes.
    """
    i, t, n = _spikes(spike_i, spike_t, n)
    min_spikes = check_int(min_spikes, "min_spikes", minimum=3)
    order = np.lexsort((t, i))
    i, t = i[order], t[order]
    isi, same = (
        np.diff(t),
        np.diff(i) == 0,
    )  # intervals within one neuron's train
    owner = i[1:][same]
    counts = np.bincount(owner, minlength=n)
    mean = np.bincount(owner, isi[same], minlength=n) / np.maximum(counts, 1)
    sq = np.bincount(owner, isi[same] ** 2, minlength=n) / np.maximum(
        counts, 1
    )
    keep = counts >= min_spikes - 1
    return np.sqrt(np.maximum(sq[keep] - mean[keep] ** 2, 0.0)) / mean[keep]


def synchrony_chi(v: Any) -> float:
    """Synchrony measure χ of Golomb & Rinzel: how much of the neurons'
    variance is shared.

        χ² = Var_t( (1/n) Σ_i V_i(t) ) / ( (1/n) Σ_i Var_t(V_i(t)) )

    χ is 1 if all neurons follow one trace and of order 1/√n if they are
    independent.

    Parameters
    ----------
    v : array_like, shape (n_neurons, n_samples)
        Signals (membrane potentials) of the neurons.

    Returns
    -------
    float
    """
    v = check_array(v, "v", ndim=2)
    if v.shape[0] < 2 or v.shape[1] < 2:
        raise ValueError(
            f"v needs at least 2 neurons and 2 samples; got shape {v.shape}"
        )
    individual = np.mean(np.var(v, axis=1))
    if individual == 0:
        raise ValueError("v must vary in time for at least one neuron")
    return float(np.sqrt(np.var(v.mean(axis=0)) / individual))
