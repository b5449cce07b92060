"""Conversion of a trained ReLU network into a rate-coded spiking network
(Brian2).

Chapter *Spiking neural networks* (Part IV), section on deep spiking networks.
A ReLU unit with activation a = max(0, W·x + b) is replaced by a non-leaky
integrate-and-fire neuron that integrates the same input as a current, τ dV/dt
= W·s + b, fires when V ≥ 1 and is reset by subtraction (V ← V − 1). Its firing
rate approximates a/τ as long as a stays below 1, so each layer's weights are
first rescaled with the largest activation that layer reaches on training data
(data-based normalisation, Diehl et al. 2015; Rueckauer et al. 2017):

    W_l ← W_l λ_{l−1} / λ_l,    b_l ← b_l / λ_l,

with λ_l a high percentile of the activations of layer l and λ_0 = 1. The
normalisation is NumPy; simulate_converted runs the spiking network in Brian2
with all test images at once, each image an independent copy of the network.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .brian import CODEGEN_TARGET, check_quantity, import_brian2, seed_brian
from .utils import SeedLike, check_array, check_positive, check_seed

__all__ = ["relu_activations", "normalise_weights", "simulate_converted"]

Params = list[dict[str, np.ndarray]]


def _check_params(params: Any) -> Params:
    """params as a list of float arrays W (n_{l-1}, n_l) and b (n_l,) that fit
    together."""
    if not isinstance(params, (list, tuple)) or not params:
        got = (
            f"an empty {type(params).__name__}"
            if isinstance(params, (list, tuple))
            else f"a {type(params).__name__}"
        )
        raise TypeError(
            "params must be a non-empty list of {'W': array, 'b': array} "
            "dicts; "
            f"got {got}"
        )
    out = []
    for layer, p in enumerate(params):
        if not isinstance(p, dict) or not {"W", "b"} <= set(p):
            raise TypeError(
                f"params[{layer}] must be a dict with keys 'W' and 'b'; got "
                f"{type(p).__name__} "
                f"{sorted(p) if isinstance(p, dict) else ''}"
            )
        W = check_array(p["W"], f"params[{layer}]['W']", ndim=2)
        b = check_array(p["b"], f"params[{layer}]['b']", ndim=1)
        if min(W.shape) == 0 or b.shape[0] != W.shape[1]:
            raise ValueError(
                f"params[{layer}]: W must be non-empty and b must have one "
                "entry "
                f"per column of W; got W {W.shape}, b {b.shape}"
            )
        if out and out[-1]["W"].shape[1] != W.shape[0]:
            raise ValueError(
                f"params[{layer}]['W'] must have {out[-1]['W'].shape[1]} rows "
                f"(the width of layer {layer - 1}); got shape {W.shape}"
            )
        out.append({"W": W, "b": b})
    return out


def _check_inputs(params: Params, X: Any) -> np.ndarray:
    """X as a non-empty float array with one column per input of the first
    layer."""
    X = check_array(X, "X", ndim=2, min_samples=1)
    if X.shape[1] != params[0]["W"].shape[0]:
        raise ValueError(
            f"X must have {params[0]['W'].shape[0]} columns; got {X.shape[1]}"
        )
    return X


def _forward(params: Params, H: np.ndarray) -> list[np.ndarray]:
    """Activations of every layer for checked params and inputs H."""
    out = []
    for layer, p in enumerate(params):
        Z = H @ p["W"] + p["b"]
        H = Z if layer == len(params) - 1 else np.maximum(Z, 0.0)
        out.append(H)
    return out


def relu_activations(params: Any, X: Any) -> list[np.ndarray]:
    """Activations a_l = max(0, a_{l−1} W_l + b_l) of every layer, the last one
    linear.

    Parameters
    ----------
    params : list of dict
        [{"W": (n_{l−1}, n_l), "b": (n_l,)}, ...], e.g.
        ``neurocomp.mlp.MLP.params``.
    X : array_like, shape (N, n_0)
        Inputs.

    Returns
    -------
    list of numpy.ndarray
        One (N, n_l) array per layer.
    """
    params = _check_params(params)
    return _forward(params, _check_inputs(params, X))


def normalise_weights(params: Any, X: Any, percentile: float = 99.9) -> Params:
    """Data-based weight normalisation: W_l λ_{l−1} / λ_l and b_l / λ_l.

    λ_l is the ``percentile`` of the positive activations of layer l on the
    inputs X (Rueckauer et al. 2017; the maximum, percentile = 100, is Diehl et
    al. 2015). After it, the activations of the rescaled network lie (almost
    all) in [0, 1].

    Parameters
    ----------
    params : list of dict
        Weights and biases of a ReLU network.
    X : array_like, shape (N, n_0)
        Training inputs used to measure the activations.
    percentile : float
        In (0, 100].

    Returns
    -------
    list of dict
        The rescaled parameters (new arrays).
    """
    percentile = check_positive(percentile, "percentile")
    if percentile > 100:
        raise ValueError(
            f"percentile must lie in (0, 100]; got percentile={percentile}"
        )
    params = _check_params(params)
    acts = _forward(params, _check_inputs(params, X))
    previous, out = 1.0, []
    for p, a in zip(params, acts):
        positive = a[a > 0]
        lam = (
            float(np.percentile(positive, percentile))
            if positive.size
            else 1.0
        )
        out.append({"W": p["W"] * previous / lam, "b": p["b"] / lam})
        previous = lam
    return out


def _layer(b2, n_copies: int, n: int, tau, dt):
    """n_copies × n non-leaky integrate-and-fire neurons with reset by
    subtraction."""
    group = b2.NeuronGroup(
        n_copies * n,
        "dv/dt = bias / tau : 1\n bias : 1",
        threshold="v >= 1",
        reset="v -= 1",
        method="euler",
        dt=dt,
        namespace={"tau": tau},
    )
    return group


def _block_synapses(b2, pre, post, W: np.ndarray, n_copies: int, dt):
    """Synapses W within each copy (block-diagonal over the copies)."""
    n_in, n_out = W.shape
    syn = b2.Synapses(pre, post, "w : 1", on_pre="v_post += w", dt=dt)
    copy, i, j = np.meshgrid(
        np.arange(n_copies), np.arange(n_in), np.arange(n_out), indexing="ij"
    )
    syn.connect(i=(copy * n_in + i).ravel(), j=(copy * n_out + j).ravel())
    syn.w = np.broadcast_to(W, (n_copies, n_in, n_out)).ravel()
    return syn


def simulate_converted(
    params: Any,
    X: Any,
    checkpoints: Any,
    *,
    tau: Any = None,
    dt: Any = None,
    seed: SeedLike = None,
) -> np.ndarray:
    """Run the converted spiking network on every row of X and read out its
    outputs.

    The first layer receives the constant current τ⁻¹ (x W_1 + b_1) (no input
    spikes); deeper layers receive the spikes of the layer below through W_l
    and the bias b_l as a current. The output neurons integrate the same way;
    with reset by subtraction, (number of output spikes + V) at time T equals
    their integrated input, which is the read-out (its argmax is the predicted
    class).

    Parameters
    ----------
    params : list of dict
        Normalised weights and biases (see normalise_weights).
    X : array_like, shape (N, n_0)
        Inputs, one independent copy of the network each.
    checkpoints : Brian2 quantity (time), shape (n_checkpoints,)
        Increasing times at which the read-out is taken.
    tau : Brian2 quantity (time), optional
        Time constant: an activation a gives a rate a/τ (default 1 ms).
    dt : Brian2 quantity (time), optional
        Time step (default 1 ms).
    seed : int, numpy.random.Generator or None
        Seeds Brian2 (the network is deterministic).

    Returns
    -------
    numpy.ndarray, shape (n_checkpoints, N, n_outputs)
        Read-out at each checkpoint, divided by the elapsed time in units of τ.
    """
    b2 = import_brian2(CODEGEN_TARGET)
    params = _check_params(params)
    # the first layer's input current
    H0 = _forward(params[:1], _check_inputs(params, X))[0]
    tau = check_quantity(
        1 * b2.ms if tau is None else tau, "tau", b2.ms, positive=True
    )
    dt = check_quantity(
        1 * b2.ms if dt is None else dt, "dt", b2.ms, positive=True
    )
    times = check_quantity(checkpoints, "checkpoints", b2.ms, scalar=False)
    if (
        np.ndim(times) != 1
        or len(times) == 0
        or np.any(np.diff(np.asarray(times)) <= 0)
        or np.asarray(times)[0] <= 0
    ):
        raise ValueError(
            "checkpoints must be positive increasing times; got "
            f"{checkpoints!r}"
        )
    check_seed(seed)
    n = H0.shape[0]
    groups = [_layer(b2, n, p["W"].shape[1], tau, dt) for p in params]
    groups[0].bias = H0.ravel()
    for group, p in zip(groups[1:], params[1:]):
        group.bias = np.tile(p["b"], n)
    synapses = [
        _block_synapses(b2, pre, post, p["W"], n, dt)
        for pre, post, p in zip(groups, groups[1:], params[1:])
    ]
    out, spikes = groups[-1], b2.SpikeMonitor(groups[-1], record=False)
    net = b2.Network(*groups, *synapses, spikes)
    seed_brian(b2, seed)
    readouts, elapsed = [], 0 * b2.ms
    for t in times:
        net.run(t - elapsed)
        elapsed = t
        total = np.asarray(spikes.count[:]) + np.asarray(out.v[:])
        readouts.append(total.reshape(n, -1) / float(t / tau))
    return np.stack(readouts)
