"""Recurrent networks in NumPy: a simple RNN with BPTT, LSTM and GRU steps.

Chapter *Recurrent neural networks* (Part III). States are row vectors, as in
the matrix form of backpropagation and in Keras: a batch of sequences is an
array of shape (N, T, d) (N sequences, T time steps, d inputs), and a layer
computes x_t·W_x + h_(t−1)·W_h. The LSTM and GRU steps take the arrays of a
Keras layer unchanged (``layer.get_weights()``), so that the chapter can
compare them with ``keras.layers.LSTM`` and ``keras.layers.GRU``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .classification import sigmoid, softmax
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_bool,
    check_int,
    check_positive,
)

__all__ = [
    "gru_forward",
    "gru_step",
    "init_rnn",
    "lstm_forward",
    "lstm_step",
    "rnn_forward",
    "rnn_gradients",
    "sample_with_temperature",
]

RNNParams = dict[str, np.ndarray]
_RNN_KEYS = ("W_x", "W_h", "b", "W_out", "b_out")

# --- the simple (Elman) recurrent network and backpropagation through time
# ---------------


def init_rnn(
    n_inputs: int,
    n_hidden: int,
    n_outputs: int,
    *,
    gain: float = 0.9,
    seed: SeedLike = None,
) -> RNNParams:
    """Initial parameters of a simple RNN.

    W_x (n_inputs, n_hidden) and W_out (n_hidden, n_outputs) are Gaussian with
    variance 1/fan_in; W_h (n_hidden, n_hidden) is a random orthogonal matrix
    times ``gain``, so that all its singular values equal ``gain``; the biases
    b and b_out are zero.
    """
    d, n, k = (
        check_int(v, name)
        for v, name in (
            (n_inputs, "n_inputs"),
            (n_hidden, "n_hidden"),
            (n_outputs, "n_outputs"),
        )
    )
    gain = check_positive(gain, "gain")
    rng = as_generator(seed)
    Q, R = np.linalg.qr(rng.normal(size=(n, n)))
    # makes Q uniformly distributed over orthogonal matrices
    Q *= np.sign(np.diag(R))
    return {
        "W_x": rng.normal(0.0, 1.0 / np.sqrt(d), size=(d, n)),
        "W_h": gain * Q,
        "b": np.zeros(n),
        "W_out": rng.normal(0.0, 1.0 / np.sqrt(n), size=(n, k)),
        "b_out": np.zeros(k),
    }


def _check_rnn(
    params: Any, X: Any, h0: Any
) -> tuple[RNNParams, np.ndarray, np.ndarray]:
    if not isinstance(params, dict) or set(params) != set(_RNN_KEYS):
        raise TypeError(
            f"params must be a dict with the keys {_RNN_KEYS}; got "
            f"{params!r:.80}"
        )
    p = {
        key: check_array(
            params[key], f"params[{key!r}]", ndim=2 if key[0] == "W" else 1
        )
        for key in _RNN_KEYS
    }
    X = _check_sequences(X)
    d, n = p["W_x"].shape
    k = p["W_out"].shape[1]
    want = {"W_h": (n, n), "b": (n,), "W_out": (n, k), "b_out": (k,)}
    for key, shape in want.items():
        if p[key].shape != shape:
            raise ValueError(
                f"params[{key!r}] must have shape {shape} to match "
                "params['W_x'] "
                f"{p['W_x'].shape} and params['W_out'] {p['W_out'].shape}; "
                "got "
                f"{p[key].shape}"
            )
    if X.shape[2] != d:
        raise ValueError(
            f"X has {X.shape[2]} features per step but params['W_x'] has "
            "shape "
            f"{p['W_x'].shape}, params['W_h'] {p['W_h'].shape}"
        )
    h0 = (
        np.zeros((X.shape[0], n))
        if h0 is None
        else check_array(h0, "h0", ndim=2)
    )
    if h0.shape != (X.shape[0], n):
        raise ValueError(
            f"h0 must have shape {(X.shape[0], n)}; got {h0.shape}"
        )
    return p, X, h0


def _check_sequences(X: Any) -> np.ndarray:
    """A batch of sequences (N, T, d) with at least one sequence and one time
    step."""
    X = check_array(X, "X", ndim=3, min_samples=1)
    if X.shape[1] == 0 or X.shape[2] == 0:
        raise ValueError(
            "X must have at least one time step and one feature; got shape "
            f"{X.shape}"
        )
    return X


def rnn_forward(
    params: RNNParams, X: Any, h0: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    """Run a simple RNN over a batch of sequences.

    h_t = tanh(x_t·W_x + h_(t−1)·W_h + b),   y_t = h_t·W_out + b_out.

    Parameters
    ----------
    params : dict with W_x (d, n), W_h (n, n), b (n,), W_out (n, k), b_out (k,)
    X : array of shape (N, T, d)
    h0 : array of shape (N, n), optional (default zeros)

    Returns
    -------
    H : array of shape (N, T + 1, n), the states h_0, h_1, ..., h_T
    Y : array of shape (N, T, k), the outputs y_1, ..., y_T
    """
    p, X, h0 = _check_rnn(params, X, h0)
    H = np.empty((X.shape[0], X.shape[1] + 1, h0.shape[1]))
    H[:, 0] = h0
    for t in range(X.shape[1]):
        H[:, t + 1] = np.tanh(X[:, t] @ p["W_x"] + H[:, t] @ p["W_h"] + p["b"])
    return H, H[:, 1:] @ p["W_out"] + p["b_out"]


def rnn_gradients(
    params: RNNParams, X: Any, targets: Any, h0: Any = None
) -> tuple[float, RNNParams]:
    """Loss and gradients of a simple RNN by backpropagation through time
    (BPTT).

    Loss L = 1/(2N) Σ_n Σ_t ‖y_t − t_t‖². Going backwards in time, the error of
    the state collects the output error and the error sent back from step t +
    1,

        ∂L/∂h_t = e_t·W_outᵀ + δ_(t+1)·W_hᵀ,   δ_t = (1 − h_t²) ⊙ ∂L/∂h_t,

    and every weight gradient is a sum over time, e.g. ∂L/∂W_h = Σ_t
    h_(t−1)ᵀ·δ_t. ``targets`` (the t_t) has the shape (N, T, k) of the outputs;
    returns (L, grads) with grads shaped like ``params``.
    """
    p, X, h0 = _check_rnn(params, X, h0)
    H, Y = rnn_forward(p, X, h0)
    T = check_array(targets, "targets", ndim=3)
    if T.shape != Y.shape:
        raise ValueError(
            f"targets must have the shape of the outputs, {Y.shape}; "
            f"got {T.shape}"
        )
    N = X.shape[0]
    E = (Y - T) / N  # ∂L/∂y_t for every step
    grads = {key: np.zeros_like(p[key]) for key in _RNN_KEYS}
    grads["W_out"] = np.einsum("nti,ntk->ik", H[:, 1:], E)
    grads["b_out"] = E.sum(axis=(0, 1))
    delta = np.zeros_like(h0)  # δ_(t+1), zero after the last step
    for t in reversed(range(X.shape[1])):
        dh = E[:, t] @ p["W_out"].T + delta @ p["W_h"].T
        # through tanh: tanh'(z) = 1 − h²
        delta = (1.0 - H[:, t + 1] ** 2) * dh
        grads["W_x"] += X[:, t].T @ delta
        grads["W_h"] += H[:, t].T @ delta
        grads["b"] += delta.sum(axis=0)
    loss = 0.5 * np.sum((Y - T) ** 2) / N
    return float(loss), grads


# --- LSTM and GRU steps in the weight layout of Keras
# --------------------------------------


def _check_cell(
    x: Any, h: Any, kernel: Any, recurrent_kernel: Any, n_gates: int
):
    x = check_array(x, "x", ndim=2)
    h = check_array(h, "h", ndim=2)
    kernel = check_array(kernel, "kernel", ndim=2)
    recurrent_kernel = check_array(
        recurrent_kernel, "recurrent_kernel", ndim=2
    )
    if h.shape[0] != x.shape[0]:
        raise ValueError(
            f"x and h must have one row per sequence; got {x.shape[0]} and "
            f"{h.shape[0]} rows"
        )
    m = h.shape[1]
    if kernel.shape != (x.shape[1], n_gates * m) or recurrent_kernel.shape != (
        m,
        n_gates * m,
    ):
        raise ValueError(
            f"with x of shape {x.shape} and h of shape {h.shape}, kernel must "
            "have shape "
            f"{(x.shape[1], n_gates * m)} and recurrent_kernel "
            f"{(m, n_gates * m)}; got "
            f"{kernel.shape} and {recurrent_kernel.shape}"
        )
    return x, h, kernel, recurrent_kernel


def lstm_step(
    x: Any,
    h: Any,
    c: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    peepholes: tuple[Any, Any, Any] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """One step of an LSTM layer with m units, in Keras' layout and gate order
    i, f, g, o.

    [a_i, a_f, a_g, a_o] = x·kernel + h·recurrent_kernel + bias, then
    i = σ(a_i), f = σ(a_f), g = tanh(a_g), c' = f ⊙ c + i ⊙ g, o = σ(a_o),
    h' = o ⊙ tanh(c'). With ``peepholes = (p_i, p_f, p_o)`` (vectors of
    length m) the gates also see the cell: a_i += p_i ⊙ c, a_f += p_f ⊙ c, a_o
    += p_o ⊙ c'.

    Shapes: x (N, d), h and c (N, m), kernel (d, 4m), recurrent_kernel (m, 4m),
    bias (4m,). Returns the new (h, c).
    """
    x, h, kernel, recurrent_kernel = _check_cell(
        x, h, kernel, recurrent_kernel, 4
    )
    c = check_array(c, "c", ndim=2)
    bias = check_array(bias, "bias", ndim=1)
    m = h.shape[1]
    for name, value, shape in (("c", c, h.shape), ("bias", bias, (4 * m,))):
        if value.shape != shape:
            raise ValueError(
                f"{name} must have shape {shape}; got {value.shape}"
            )
    a_i, a_f, a_g, a_o = np.split(
        x @ kernel + h @ recurrent_kernel + bias, 4, axis=1
    )
    if peepholes is not None:
        p_i, p_f, p_o = _check_peepholes(peepholes, m)
        a_i, a_f = a_i + p_i * c, a_f + p_f * c
    c_new = sigmoid(a_f) * c + sigmoid(a_i) * np.tanh(a_g)
    if peepholes is not None:
        a_o = a_o + p_o * c_new
    return sigmoid(a_o) * np.tanh(c_new), c_new


def _check_peepholes(peepholes: Any, m: int) -> list[np.ndarray]:
    if not isinstance(peepholes, (tuple, list)) or len(peepholes) != 3:
        raise TypeError(
            f"peepholes must be a tuple (p_i, p_f, p_o) of 3 vectors; got "
            f"{type(peepholes).__name__} {peepholes!r:.60}"
        )
    checked = [
        check_array(p, f"peepholes[{i}]", ndim=1)
        for i, p in enumerate(peepholes)
    ]
    for i, p in enumerate(checked):
        if p.shape != (m,):
            raise ValueError(
                f"peepholes[{i}] must have shape ({m},), one weight per unit; "
                f"got {p.shape}"
            )
    return checked


def gru_step(
    x: Any,
    h: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    reset_after: bool = True,
) -> np.ndarray:
    """One step of a GRU layer with m units, in Keras' layout and gate order u,
    r, candidate.

    The update gate u (Keras and most papers call it z) and the reset gate r
    are u = σ(x·K_u + h·U_u + b_u), r = σ(x·K_r + h·U_r + b_r) and, with
    ``reset_after=True`` (Keras' default; bias of shape (2, 3m): input and
    recurrent biases) ĥ = tanh(x·K_h + b_h + r ⊙ (h·U_h + b'_h)); with
    ``reset_after=False`` (bias (3m,), the form of Cho et al. 2014) ĥ =
    tanh(x·K_h + (r ⊙ h)·U_h + b_h). The new state is h' = u ⊙ h + (1 − u) ⊙ ĥ.
    Shapes: x (N, d), h (N, m), kernel (d, 3m), recurrent_kernel (m, 3m).
    Returns h'.
    """
    x, h, kernel, recurrent_kernel = _check_cell(
        x, h, kernel, recurrent_kernel, 3
    )
    bias = check_array(bias, "bias", ndim=(1, 2))
    reset_after = check_bool(reset_after, "reset_after")
    m = h.shape[1]
    want = (2, 3 * m) if reset_after else (3 * m,)
    if bias.shape != want:
        raise ValueError(
            f"with reset_after={reset_after} bias must have shape {want}; "
            f"got {bias.shape}"
        )
    b_in, b_rec = (
        (bias[0], bias[1]) if reset_after else (bias, np.zeros(3 * m))
    )
    x_u, x_r, x_h = np.split(x @ kernel + b_in, 3, axis=1)
    U_u, U_r, U_h = np.split(recurrent_kernel, 3, axis=1)
    b_u, b_r, b_h = np.split(b_rec, 3)
    u = sigmoid(x_u + h @ U_u + b_u)
    r = sigmoid(x_r + h @ U_r + b_r)
    if reset_after:
        candidate = np.tanh(x_h + r * (h @ U_h + b_h))
    else:
        candidate = np.tanh(x_h + (r * h) @ U_h)
    return u * h + (1.0 - u) * candidate


def _check_forward(
    X: Any, kernel: Any, recurrent_kernel: Any, n_gates: int
) -> tuple[np.ndarray, int]:
    """Check X (N, T, d) against the kernels of a layer; return X and the
    number of units."""
    X = _check_sequences(X)
    kernel = check_array(kernel, "kernel", ndim=2)
    recurrent_kernel = check_array(
        recurrent_kernel, "recurrent_kernel", ndim=2
    )
    m = recurrent_kernel.shape[0]
    if kernel.shape != (X.shape[2], n_gates * m) or recurrent_kernel.shape != (
        m,
        n_gates * m,
    ):
        raise ValueError(
            f"with X of shape {X.shape} and recurrent_kernel of shape "
            f"{recurrent_kernel.shape}, kernel must have shape "
            f"{(X.shape[2], n_gates * m)} and recurrent_kernel "
            f"{(m, n_gates * m)}; "
            f"got {kernel.shape} and {recurrent_kernel.shape}"
        )
    return X, m


def lstm_forward(
    X: Any, kernel: Any, recurrent_kernel: Any, bias: Any
) -> np.ndarray:
    """Run ``lstm_step`` over X of shape (N, T, d) from zero states; returns
    (N, T, m)."""
    X, m = _check_forward(X, kernel, recurrent_kernel, 4)
    h = c = np.zeros((X.shape[0], m))
    states = []
    for t in range(X.shape[1]):
        h, c = lstm_step(X[:, t], h, c, kernel, recurrent_kernel, bias)
        states.append(h)
    return np.stack(states, axis=1)


def gru_forward(
    X: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any,
    reset_after: bool = True,
) -> np.ndarray:
    """Run ``gru_step`` over X of shape (N, T, d) from a zero state; returns
    (N, T, m)."""
    X, m = _check_forward(X, kernel, recurrent_kernel, 3)
    h = np.zeros((X.shape[0], m))
    states = []
    for t in range(X.shape[1]):
        h = gru_step(X[:, t], h, kernel, recurrent_kernel, bias, reset_after)
        states.append(h)
    return np.stack(states, axis=1)


def sample_with_temperature(
    logits: Any, temperature: float, seed: SeedLike = None
) -> int:
    """Draw a class index from p_k ∝ exp(z_k / τ), the softmax of the logits at
    temperature τ.

    τ → 0 approaches the arg-max, τ = 1 samples the model's own distribution, τ
    > 1 flattens it towards the uniform distribution.
    """
    logits = check_array(logits, "logits", ndim=1, min_samples=1)
    temperature = check_positive(temperature, "temperature")
    p = softmax(logits / temperature)
    return int(as_generator(seed).choice(len(p), p=p))
