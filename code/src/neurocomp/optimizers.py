"""Stateful gradient-based optimisers and learning-rate schedules (NumPy only).

Chapter *Deep neural networks*. Every optimiser follows one interface: create
it with its hyper-parameters, then call ``step(params, grads)`` once per
mini-batch, where ``params`` is a dict (or list) of NumPy float arrays and
``grads`` holds the gradients of the loss with the same keys (or order) and
shapes. The arrays in ``params`` are updated in place; the optimiser keeps its
own state (velocities, running averages) for each parameter between calls.

The learning rate is a positive number or a schedule: a function of the number
of steps already taken, t = 0, 1, 2, ..., such as those returned by
``exponential_decay``, ``step_decay`` and ``cosine_decay`` below.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from .utils import check_int, check_positive

Params = dict[Any, np.ndarray] | list[np.ndarray]
Schedule = Callable[[int], float]

__all__ = [
    "Optimizer",
    "SGD",
    "Momentum",
    "Nesterov",
    "RMSprop",
    "Adam",
    "exponential_decay",
    "step_decay",
    "cosine_decay",
]


def _check_fraction(value: Any, name: str) -> float:
    """A real number in [0, 1): momentum coefficients and decay rates of
    averages."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a real number in [0, 1); got {value!r}"
        )
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1); got {name}={value!r}")
    return float(value)


def _items(tree: Any, name: str) -> list[tuple[Any, Any]]:
    """(key, value) pairs of a dict, or (index, value) pairs of a list or
    tuple."""
    if isinstance(tree, dict):
        return list(tree.items())
    if isinstance(tree, list | tuple):
        return list(enumerate(tree))
    raise TypeError(
        f"{name} must be a dict or a list of arrays; got {type(tree).__name__}"
    )


def _pairs(
    params: Any, grads: Any
) -> list[tuple[Any, np.ndarray, np.ndarray]]:
    """Check that params and grads match and return (key, parameter, gradient)
    triples."""
    p_items, g_items = _items(params, "params"), _items(grads, "grads")
    if isinstance(params, dict) != isinstance(grads, dict):
        raise TypeError("params and grads must both be dicts or both be lists")
    if [k for k, _ in p_items] != [k for k, _ in g_items]:
        raise ValueError(
            "grads must have the same keys as params; got "
            f"{[k for k, _ in g_items]} "
            f"for params {[k for k, _ in p_items]}"
        )
    triples = []
    for (key, w), (_, g) in zip(p_items, g_items):
        if not isinstance(w, np.ndarray) or w.dtype.kind != "f":
            raise TypeError(
                f"params[{key!r}] must be a NumPy array of floats (it is "
                "updated in place); "
                f"got {type(w).__name__}"
                + (f" of dtype {w.dtype}" if hasattr(w, "dtype") else "")
            )
        if not np.all(np.isfinite(w)):
            raise ValueError(
                f"params[{key!r}] contains NaN or infinite values"
            )
        try:
            g = np.asarray(g, dtype=float)
        except (TypeError, ValueError) as err:
            raise TypeError(
                f"grads[{key!r}] must be an array of numbers"
            ) from err
        if g.shape != w.shape:
            raise ValueError(
                f"grads[{key!r}] must have the shape of params[{key!r}], "
                f"{w.shape}; got {g.shape}"
            )
        if not np.all(np.isfinite(g)):
            raise ValueError(f"grads[{key!r}] contains NaN or infinite values")
        triples.append((key, w, g))
    return triples


class Optimizer:
    """Base class: keeps the step counter, the learning rate and per-parameter
    state.

    Subclasses list the names of their state arrays in ``slots`` and implement
    ``_update(w, g, state, eta)``, which changes the parameter array ``w`` in
    place given its gradient ``g``, its state dict and the current learning
    rate ``eta``.

    Parameters
    ----------
    learning_rate : float or callable
        A positive step size η, or a schedule t -> η_t evaluated at the number
        of steps already taken.

    Attributes
    ----------
    iterations : int
        Number of calls of ``step`` so far (t after the step).
    state : dict
        For each parameter key, a dict of arrays named as in ``slots``.
    """

    slots: tuple[str, ...] = ()

    def __init__(self, learning_rate: float | Schedule = 0.01) -> None:
        if not callable(learning_rate):
            learning_rate = check_positive(learning_rate, "learning_rate")
        self.learning_rate = learning_rate
        self.iterations = 0
        self.state: dict[Any, dict[str, np.ndarray]] = {}

    def current_learning_rate(self) -> float:
        """The learning rate the next step will use."""
        if not callable(self.learning_rate):
            return self.learning_rate
        name = f"learning_rate({self.iterations})"
        eta = self.learning_rate(self.iterations)
        try:
            eta = float(eta)
        except (TypeError, ValueError) as err:
            raise TypeError(
                f"the schedule must return a number; got {name}={eta!r}"
            ) from err
        return check_positive(eta, name, allow_zero=True)

    def _slots_for(self, key: Any, w: np.ndarray) -> dict[str, np.ndarray]:
        if key not in self.state:  # first step: all state arrays start at zero
            self.state[key] = {
                name: np.zeros_like(w, dtype=float) for name in self.slots
            }
        state = self.state[key]
        for arr in state.values():
            if arr.shape != w.shape:
                raise ValueError(
                    f"params[{key!r}] changed shape from {arr.shape} to "
                    f"{w.shape} between steps"
                )
        return state

    def step(self, params: Params, grads: Params) -> Params:
        """Update every array of ``params`` in place with its gradient; return
        ``params``."""
        triples = _pairs(params, grads)
        eta = self.current_learning_rate()
        self.iterations += 1
        for key, w, g in triples:
            self._update(w, g, self._slots_for(key, w), eta)
        return params

    def _update(
        self,
        w: np.ndarray,
        g: np.ndarray,
        s: dict[str, np.ndarray],
        eta: float,
    ) -> None:
        raise NotImplementedError(
            f"{type(self).__name__} has no update rule: use a subclass such "
            "as SGD or Adam"
        )


class SGD(Optimizer):
    """Plain (stochastic) gradient descent: w <- w - η·g.

    Parameters
    ----------
    learning_rate : float or callable
        Step size η or a schedule t -> η_t.
    """

    def _update(self, w, g, s, eta):
        w -= eta * g


class Momentum(Optimizer):
    """Heavy-ball momentum (Polyak 1964).

    v <- μ·v - η·g,   w <- w + v.

    The velocity v is an exponentially weighted sum of past steps, so
    consistent gradient directions add up to steps of up to η/(1 - μ) while
    oscillating ones cancel.

    Parameters
    ----------
    learning_rate : float or callable
        Step size η or a schedule t -> η_t.
    momentum : float
        Coefficient μ in [0, 1); μ = 0 is plain gradient descent.
    """

    slots = ("v",)

    def __init__(
        self, learning_rate: float | Schedule = 0.01, momentum: float = 0.9
    ) -> None:
        super().__init__(learning_rate)
        self.momentum = _check_fraction(momentum, "momentum")

    def _update(self, w, g, s, eta):
        s["v"] = self.momentum * s["v"] - eta * g
        w += s["v"]


class Nesterov(Momentum):
    """Nesterov's accelerated gradient (Nesterov 1983), in the form used for
    deep learning.

    The classical method evaluates the gradient at the look-ahead point w +
    μ·v. Storing that look-ahead point as the parameter, the update becomes

    v <- μ·v - η·g,   w <- w + μ·v - η·g,

    where g is the gradient at the stored parameter (Sutskever et al. 2013);
    this is also the form of Keras' SGD with nesterov=True.

    Parameters
    ----------
    learning_rate : float or callable
        Step size η or a schedule t -> η_t.
    momentum : float
        Coefficient μ in [0, 1).
    """

    def _update(self, w, g, s, eta):
        s["v"] = self.momentum * s["v"] - eta * g
        w += self.momentum * s["v"] - eta * g


class RMSprop(Optimizer):
    """RMSprop (Tieleman and Hinton 2012): divide by a running root mean
    square.

    s <- ρ·s + (1 - ρ)·g²,   w <- w - η·g / sqrt(s + ε),

    with element-wise square, root and division. Each parameter gets its own
    step size, of order η whatever the scale of its gradient. ε sits inside the
    root as in Keras.

    Parameters
    ----------
    learning_rate : float or callable
        Step size η or a schedule t -> η_t.
    rho : float
        Decay ρ in [0, 1) of the running average of squared gradients.
    epsilon : float
        Small positive constant ε that avoids a division by zero.
    """

    slots = ("s",)

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        rho: float = 0.9,
        epsilon: float = 1e-7,
    ) -> None:
        super().__init__(learning_rate)
        self.rho = _check_fraction(rho, "rho")
        self.epsilon = check_positive(epsilon, "epsilon")

    def _update(self, w, g, s, eta):
        s["s"] = self.rho * s["s"] + (1 - self.rho) * g**2
        w -= eta * g / np.sqrt(s["s"] + self.epsilon)


class Adam(Optimizer):
    """Adam (Kingma and Ba 2015), Algorithm 1 of the paper.

    m <- β1·m + (1 - β1)·g,        v <- β2·v + (1 - β2)·g²,
    m̂ = m / (1 - β1^t),           v̂ = v / (1 - β2^t),
    w <- w - η·m̂ / (sqrt(v̂) + ε),

    where t = 1, 2, ... counts the steps. The bias corrections undo the pull of
    the zero initial values of m and v towards zero during the first steps.

    Parameters
    ----------
    learning_rate : float or callable
        Step size η or a schedule t -> η_t.
    beta_1, beta_2 : float
        Decay rates in [0, 1) of the first and second moment estimates.
    epsilon : float
        Small positive constant ε added to sqrt(v̂).
    """

    slots = ("m", "v")

    def __init__(
        self,
        learning_rate: float | Schedule = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-8,
    ) -> None:
        super().__init__(learning_rate)
        self.beta_1 = _check_fraction(beta_1, "beta_1")
        self.beta_2 = _check_fraction(beta_2, "beta_2")
        self.epsilon = check_positive(epsilon, "epsilon")

    def _update(self, w, g, s, eta):
        t = self.iterations  # already counts the current step
        s["m"] = self.beta_1 * s["m"] + (1 - self.beta_1) * g
        s["v"] = self.beta_2 * s["v"] + (1 - self.beta_2) * g**2
        m_hat = s["m"] / (1 - self.beta_1**t)
        v_hat = s["v"] / (1 - self.beta_2**t)
        w -= eta * m_hat / (np.sqrt(v_hat) + self.epsilon)


def _check_step(t: Any) -> int:
    return check_int(t, "t", minimum=0)


def exponential_decay(
    initial: float, decay_rate: float, decay_steps: int
) -> Schedule:
    """Smooth exponential decay: η_t = η_0 · r^(t / T).

    Parameters
    ----------
    initial : float
        η_0, the learning rate at t = 0.
    decay_rate : float
        r in (0, 1]: the factor by which η shrinks every T steps.
    decay_steps : int
        T, the number of steps over which η is multiplied by r.

    Returns
    -------
    callable
        t -> η_t for t = 0, 1, 2, ...
    """
    initial = check_positive(initial, "initial")
    decay_rate = check_positive(decay_rate, "decay_rate")
    if decay_rate > 1:
        raise ValueError(
            f"decay_rate must be in (0, 1]; got decay_rate={decay_rate}"
        )
    decay_steps = check_int(decay_steps, "decay_steps")

    def schedule(t: int) -> float:
        return initial * decay_rate ** (_check_step(t) / decay_steps)

    return schedule


def step_decay(initial: float, drop: float, every: int) -> Schedule:
    """Piecewise-constant decay: η_t = η_0 · d^floor(t / T).

    Parameters
    ----------
    initial : float
        η_0.
    drop : float
        d in (0, 1]: the factor applied every T steps (0.1 is a common choice).
    every : int
        T, the number of steps between two drops.

    Returns
    -------
    callable
        t -> η_t for t = 0, 1, 2, ...
    """
    initial = check_positive(initial, "initial")
    drop = check_positive(drop, "drop")
    if drop > 1:
        raise ValueError(f"drop must be in (0, 1]; got drop={drop}")
    every = check_int(every, "every")

    def schedule(t: int) -> float:
        return initial * drop ** (_check_step(t) // every)

    return schedule


def cosine_decay(
    initial: float, decay_steps: int, alpha: float = 0.0
) -> Schedule:
    """Cosine annealing (Loshchilov and Hutter 2017, without restarts).

    η_t = η_0 · (α + (1 - α) · (1 + cos(π · min(t, T) / T)) / 2),

    which falls from η_0 at t = 0 to α·η_0 at t = T and stays there.

    Parameters
    ----------
    initial : float
        η_0.
    decay_steps : int
        T, the length of the decay in steps.
    alpha : float
        Final learning rate as a fraction of η_0, in [0, 1).

    Returns
    -------
    callable
        t -> η_t for t = 0, 1, 2, ...
    """
    initial = check_positive(initial, "initial")
    decay_steps = check_int(decay_steps, "decay_steps")
    alpha = _check_fraction(alpha, "alpha")

    def schedule(t: int) -> float:
        progress = min(_check_step(t), decay_steps) / decay_steps
        return initial * (
            alpha + (1 - alpha) * 0.5 * (1 + math.cos(math.pi * progress))
        )

    return schedule
