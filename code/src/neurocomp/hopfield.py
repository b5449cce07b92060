"""Associative memories: the Hopfield network, its modern (dense) version,
hetero-association.

Chapter *Associative memory* (Part IV). Patterns are rows of an array of shape
(P, N): P patterns of N units. Binary units take the values -1 and +1.

- HopfieldNetwork stores binary patterns with the Hebbian rule
  W = (1/N) Σ_μ ξ^μ ξ^μᵀ (zero diagonal) and recalls them by asynchronous or
  synchronous updates s_i ← sgn(h_i), h = W·s, which lower the energy E = -½
  sᵀ·W·s.
- ModernHopfield is the continuous modern Hopfield network (dense associative
  memory) whose update ξ ← Vᵀ·softmax(β·X·ξ) is the attention of transformers.
- HeteroAssociativeMemory is the linear associator that maps keys to values
  with the Hebbian outer-product rule or the pseudo-inverse.

All classes are NumPy only; they never print or plot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_bool,
    check_choice,
    check_fitted,
)
from .utils import check_int, check_positive

__all__ = [
    "bipolar",
    "hebbian_weights",
    "overlap",
    "HopfieldRun",
    "HopfieldNetwork",
    "softmax",
    "ModernHopfield",
    "HeteroAssociativeMemory",
]


def bipolar(
    values: np.ndarray, name: str = "patterns", *, ndim: int | tuple = 2
) -> np.ndarray:
    """Check that an array holds only -1 and +1 and return it as floats."""
    arr = check_array(values, name, ndim=ndim)
    if arr.size == 0:
        raise ValueError(
            f"{name} must not be empty; got an array of shape {arr.shape}"
        )
    if not np.all(np.abs(arr) == 1.0):
        bad = np.unique(arr[np.abs(arr) != 1.0])[:5]
        raise ValueError(
            f"{name} must contain only -1 and +1; found values {bad.tolist()}"
        )
    return arr


def _matrix(values: np.ndarray, name: str) -> np.ndarray:
    """Check a 2-D array of finite numbers with at least one row and one
    column."""
    arr = check_array(values, name, ndim=2, min_samples=1)
    if arr.shape[1] == 0:
        raise ValueError(
            f"{name} must have at least one column; got shape {arr.shape}"
        )
    return arr


def hebbian_weights(patterns: np.ndarray) -> np.ndarray:
    """Hebbian weights W = (1/N) Σ_μ ξ^μ ξ^μᵀ with zero diagonal.

    Chapter Associative memory, Hebbian storage.

    Parameters
    ----------
    patterns : array of shape (P, N)
        The stored patterns ξ^μ as rows, entries -1 or +1.

    Returns
    -------
    W : array of shape (N, N)
        Symmetric weight matrix with w_ii = 0.
    """
    xi = bipolar(patterns)
    n_units = xi.shape[1]
    W = xi.T @ xi / n_units  # sum over patterns of the outer products
    np.fill_diagonal(W, 0.0)  # no self-connections
    return W


def overlap(patterns: np.ndarray, states: np.ndarray) -> np.ndarray:
    """Overlaps m^μ = (1/N) ξ^μ·s of states with patterns.

    Parameters
    ----------
    patterns : array of shape (P, N)
    states : array of shape (N,) or (..., N)

    Returns
    -------
    array of shape (P,) or (..., P), values in [-1, 1] for binary states.
    """
    xi = _matrix(patterns, "patterns")
    s = check_array(states, "states")
    if s.ndim == 0 or s.shape[-1] != xi.shape[1]:
        raise ValueError(
            f"states must have {xi.shape[1]} units in the last axis like "
            "patterns; "
            f"got shape {s.shape}"
        )
    return s @ xi.T / xi.shape[1]


@dataclass(frozen=True)
class HopfieldRun:
    """Trajectory of a Hopfield network.

    Attributes
    ----------
    states : array of shape (n_records, *cue.shape)
        The state at the start and after every recorded step (a sweep, a
        synchronous step or, with record="update", a single unit's update).
    energies : array of shape (n_records, *cue.shape[:-1])
        Energy E = -½ sᵀ·W·s of every recorded state.
    n_sweeps : int
        Number of sweeps (asynchronous) or steps (synchronous) performed.
    converged : bool
        True when the last sweep changed no unit (a fixed point was reached).
    """

    states: np.ndarray
    energies: np.ndarray
    n_sweeps: int
    converged: bool

    @property
    def final(self) -> np.ndarray:
        """The last state."""
        return self.states[-1]


class HopfieldNetwork:
    """Binary Hopfield network with Hebbian storage (Hopfield 1982); chapter
    Associative memory.

    Units s_i ∈ {-1, +1}; local field h = W·s; update s_i ← sgn(h_i), where a
    unit with h_i = 0 keeps its state; energy E = -½ sᵀ·W·s.

    Attributes
    ----------
    W : array of shape (N, N) or None
        Hebbian weights W = C / N, set by fit.
    C : array of shape (N, N) or None
        Integer Hebbian counts C = Σ_μ ξ^μ ξ^μᵀ with zero diagonal. The
        dynamics use C·s = N·h, whose entries are integers, so that the test
        h_i = 0 is exact.
    """

    def __init__(self) -> None:
        self.W: np.ndarray | None = None
        self.C: np.ndarray | None = None

    def fit(self, patterns: np.ndarray) -> HopfieldNetwork:
        """Store patterns of shape (P, N), entries -1 or +1, with the Hebbian
        rule."""
        xi = bipolar(patterns)
        self.C = xi.T @ xi
        np.fill_diagonal(self.C, 0.0)
        # the same numbers as hebbian_weights(patterns)
        self.W = self.C / xi.shape[1]
        return self

    def _states(
        self, states: np.ndarray, name: str = "states", ndim=(1, 2)
    ) -> np.ndarray:
        check_fitted(self, "W")
        s = bipolar(states, name, ndim=ndim)
        if s.shape[-1] != self.W.shape[0]:
            raise ValueError(
                f"{name} must have {self.W.shape[0]} units in the last axis; "
                f"got shape {s.shape}"
            )
        return s

    def energy(self, states: np.ndarray) -> np.ndarray:
        """Energy E = -½ sᵀ·W·s of a state (N,) or of every state in an array
        (..., N)."""
        s = self._states(states, ndim=(1, 2, 3))
        return -0.5 * np.sum((s @ self.W) * s, axis=-1)

    def step_sync(self, states: np.ndarray) -> np.ndarray:
        """One synchronous step: every unit at once, s ← sgn(W·s)."""
        s = self._states(states)
        g = s @ self.C  # N times the local fields (C is symmetric)
        return np.where(g > 0, 1.0, np.where(g < 0, -1.0, s))

    def sweep_async(
        self, states: np.ndarray, order: np.ndarray, record: list | None = None
    ) -> tuple[np.ndarray, int]:
        """Update the units one at a time in the given order; return (states,
        n_flips).

        Unit i flips exactly when its field opposes its state, s_i·h_i < 0.
        Works on one state (N,) or on a batch (B, N) that shares the order.
        When record is a list, the state after every single update is appended
        to it.
        """
        if record is not None and not isinstance(record, list):
            raise TypeError(
                f"record must be a list or None; got {type(record).__name__}"
            )
        shape = np.shape(states)
        s = np.atleast_2d(self._states(states)).copy()  # (B, N)
        order = _unit_order(order, s.shape[1])
        g = s @ self.C  # N times the local fields of all units
        n_flips = 0
        for i in order:
            # field opposes the state
            flipped = np.flatnonzero(s[:, i] * g[:, i] < 0)
            if flipped.size:
                ds = -2.0 * s[flipped, i]
                s[flipped, i] += ds
                # every field h_j changes by w_ji·ds
                g[flipped] += ds[:, None] * self.C[i]
                n_flips += flipped.size
            if record is not None:
                record.append(s.reshape(shape).copy())
        return s.reshape(shape), n_flips

    def run(
        self,
        cue: np.ndarray,
        *,
        mode: str = "async",
        max_sweeps: int = 100,
        record: str = "sweep",
        seed: SeedLike = None,
    ) -> HopfieldRun:
        """Let the network evolve from cue until a fixed point or max_sweeps.

        Parameters
        ----------
        cue : array of shape (N,) or (B, N)
            Initial state(s), entries -1 or +1. A batch evolves in parallel.
        mode : {"async", "sync"}
            Asynchronous: one unit at a time, a new random order every sweep.
            Synchronous: all units at once (may end in a 2-cycle).
        max_sweeps : int
            Maximum number of sweeps (asynchronous) or steps (synchronous).
        record : {"sweep", "update"}
            Record the state after every sweep, or after every single unit
            update (asynchronous mode only).
        seed : int, Generator or None
            Random update order.
        """
        s = self._states(cue, "cue")
        check_choice(mode, "mode", ("async", "sync"))
        check_choice(record, "record", ("sweep", "update"))
        max_sweeps = check_int(max_sweeps, "max_sweeps")
        if mode == "sync" and record == "update":
            raise ValueError(
                "record='update' needs mode='async'; got mode='sync'"
            )
        rng = as_generator(seed)
        trajectory, converged, sweep = [s.copy()], False, 0
        while sweep < max_sweeps and not converged:
            sweep += 1
            if mode == "sync":
                new = self.step_sync(s)
                converged = bool(np.array_equal(new, s))
                s = new
                trajectory.append(s.copy())
            else:
                fine = [] if record == "update" else None
                s, n_flips = self.sweep_async(
                    s, rng.permutation(s.shape[-1]), fine
                )
                converged = n_flips == 0
                trajectory.extend(fine if fine is not None else [s.copy()])
        states = np.array(trajectory)
        return HopfieldRun(states, self.energy(states), sweep, converged)


def _unit_order(order: np.ndarray, n_units: int) -> np.ndarray:
    """Check that order is a 1-D array of unit indices 0, ..., n_units - 1."""
    order = check_array(order, "order", ndim=1, dtype=None)
    if order.size and (
        order.dtype.kind not in "iu"
        or order.min() < 0
        or order.max() >= n_units
    ):
        raise ValueError(
            f"order must hold integer unit indices from 0 to {n_units - 1}; "
            f"got {order[:5].tolist()} of dtype {order.dtype}"
        )
    return order


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax exp(z_k) / Σ_j exp(z_j) along axis, computed without
    overflow."""
    z = check_array(z, "z")
    if z.ndim == 0 or z.size == 0:
        raise ValueError(
            "z must be a non-empty array with at least one axis; got shape "
            f"{z.shape}"
        )
    axis = check_int(axis, "axis", minimum=-z.ndim)
    if axis >= z.ndim:
        raise ValueError(
            f"axis must lie in [{-z.ndim}, {z.ndim - 1}] for z of shape "
            f"{z.shape}; got axis={axis}"
        )
    # shift: same result, no overflow
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


class ModernHopfield:
    """Continuous modern Hopfield network (Ramsauer et al. 2021); chapter
    Associative memory.

    Stored patterns are the rows of X (P, N) and, for hetero-association,
    values V (P, M) (default V = X). A state ξ (N,) is updated by ξ ←
    Vᵀ·softmax(β·X·ξ); for a batch of states as rows, Ξ ← softmax(β·Ξ·Xᵀ)·V,
    the attention of transformers with queries Ξ, keys X and values V. The
    auto-associative energy is E(ξ) = -(1/β) log Σ_μ exp(β x_μᵀξ) + ½ ξᵀξ.

    Parameters
    ----------
    beta : float
        Inverse temperature β > 0: large β retrieves single patterns, small β
        averages.
    """

    def __init__(self, beta: float = 1.0) -> None:
        self.beta = check_positive(beta, "beta")
        self.X: np.ndarray | None = None
        self.V: np.ndarray | None = None

    def fit(
        self, patterns: np.ndarray, values: np.ndarray | None = None
    ) -> ModernHopfield:
        """Store keys patterns (P, N) and optional values (P, M)."""
        self.X = _matrix(patterns, "patterns")
        if values is None:
            self.V = self.X
        else:
            self.V = _matrix(values, "values")
            if self.V.shape[0] != self.X.shape[0]:
                raise ValueError(
                    "values must have one row per pattern "
                    f"({self.X.shape[0]}); "
                    f"got shape {self.V.shape}"
                )
        return self

    def _states(self, states: np.ndarray) -> np.ndarray:
        check_fitted(self, "X")
        s = check_array(states, "states", ndim=(1, 2), min_samples=1)
        if s.shape[-1] != self.X.shape[1]:
            raise ValueError(
                f"states must have {self.X.shape[1]} entries in the last "
                f"axis; got shape {s.shape}"
            )
        return s

    def separation(self, states: np.ndarray) -> np.ndarray:
        """Attention weights p = softmax(β·X·ξ) over the stored patterns, shape
        (..., P)."""
        return softmax(self.beta * self._states(states) @ self.X.T)

    def update(self, states: np.ndarray) -> np.ndarray:
        """One update ξ ← Vᵀ·softmax(β·X·ξ) of a state (N,) or of each row of
        (B, N)."""
        return self.separation(states) @ self.V

    def energy(self, states: np.ndarray) -> np.ndarray:
        """Energy E = -(1/β) lse(β·X·ξ) + ½ ξᵀξ of a state or of each row of a
        batch."""
        s = self._states(states)
        z = self.beta * s @ self.X.T
        z_max = np.max(z, axis=-1)
        lse = z_max + np.log(np.sum(np.exp(z - z_max[..., None]), axis=-1))
        return -lse / self.beta + 0.5 * np.sum(s * s, axis=-1)


class HeteroAssociativeMemory:
    """Linear associator y = W·x recalling values from keys; chapter
    Associative memory.

    Parameters
    ----------
    rule : {"hebb", "pinv"}
        "hebb": W = (1/n) Σ_μ y^μ x^μᵀ with n the key dimension (the
        outer-product rule). "pinv": W = Yᵀ·(Xᵀ)⁺, the least-squares solution
        of W·x^μ ≈ y^μ, exact for linearly independent keys.
    binary : bool
        Threshold the output, y = sgn(W·x), for bipolar values.

    Attributes
    ----------
    W : array of shape (m, n)
    """

    def __init__(self, rule: str = "hebb", *, binary: bool = False) -> None:
        self.rule = check_choice(rule, "rule", ("hebb", "pinv"))
        self.binary = check_bool(binary, "binary")
        self.W: np.ndarray | None = None

    def fit(self, X: np.ndarray, Y: np.ndarray) -> HeteroAssociativeMemory:
        """Store P pairs: keys X (P, n) and values Y (P, m), Y bipolar when
        binary."""
        X = _matrix(X, "X")
        Y = bipolar(Y, "Y") if self.binary else _matrix(Y, "Y")
        if Y.shape[0] != X.shape[0]:
            raise ValueError(
                "X and Y must hold the same number of pairs; got "
                f"{X.shape[0]} and {Y.shape[0]}"
            )
        if self.rule == "hebb":
            self.W = Y.T @ X / X.shape[1]
        else:
            self.W = Y.T @ np.linalg.pinv(X.T)
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Recall the values of keys X (P, n): rows W·x, thresholded if
        binary."""
        check_fitted(self, "W")
        X = check_array(X, "X", ndim=2)
        if X.shape[1] != self.W.shape[1]:
            raise ValueError(
                f"X must have {self.W.shape[1]} columns; got shape {X.shape}"
            )
        Y = X @ self.W.T
        return np.where(Y >= 0, 1.0, -1.0) if self.binary else Y
