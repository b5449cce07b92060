"""Echo-state networks: a fixed random recurrent reservoir with a trained
linear readout.

Chapter *Reservoir computing* (Part IV). A reservoir of ``N`` leaky tanh (or
linear) units is driven by an input sequence u(1), u(2), ...; its weights
``W_in`` and ``W`` are drawn once at random and never trained. Only the readout
``W_out``, a linear map from the concatenation [1; u(n); x(n)] to the output,
is learned, by ridge regression.

The module also measures what a reservoir remembers (``memory_capacity``) and
how it reacts to a small perturbation (``lyapunov_exponent``). FORCE learning
of a chaotic rate network lives in ``neurocomp.force``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .linear import Ridge
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_bool,
    check_choice,
    check_fitted,
    check_int,
    check_positive,
)

__all__ = [
    "spectral_radius",
    "reservoir_matrix",
    "EchoStateNetwork",
    "nrmse",
    "memory_capacity",
    "lyapunov_exponent",
]


def spectral_radius(W: Any) -> float:
    """Largest absolute value of the eigenvalues of a square matrix ``W``."""
    W = check_array(W, "W", ndim=2, min_samples=1)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be a square matrix; got shape {W.shape}")
    return float(np.max(np.abs(np.linalg.eigvals(W))))


def reservoir_matrix(
    n_units: int,
    radius: float,
    *,
    density: float = 0.1,
    orthogonal: bool = False,
    seed: SeedLike = None,
) -> np.ndarray:
    """Random recurrent weight matrix rescaled to a given spectral radius.

    Either a sparse matrix whose non-zero entries (a fraction ``density`` of
    them) are standard normal, or ``radius`` times a random orthogonal matrix
    (all eigenvalues then lie on the circle of that radius). A sparse pattern
    whose matrix has no non-zero eigenvalue (possible for small n_units) is
    drawn again, so every seed gives a matrix. Chapter *Reservoir computing*.

    Parameters
    ----------
    n_units : int
        Number of reservoir units N.
    radius : float
        Spectral radius ρ(W) of the result (ρ = 0 gives a zero matrix).
    density : float in (0, 1]
        Fraction of non-zero weights (ignored when ``orthogonal``).
    orthogonal : bool
        Draw W = ρ·Q with Q orthogonal (QR decomposition of a Gaussian matrix).
    seed : int, numpy.random.Generator or None

    Returns
    -------
    numpy.ndarray of shape (n_units, n_units)
    """
    n_units = check_int(n_units, "n_units")
    radius = check_positive(radius, "radius", allow_zero=True)
    density = _check_density(density)
    orthogonal = check_bool(orthogonal, "orthogonal")
    return _draw_reservoir(
        n_units, radius, density, orthogonal, as_generator(seed)
    )


def _check_density(density: Any) -> float:
    density = check_positive(density, "density")
    if density > 1:
        raise ValueError(f"density must lie in (0, 1]; got density={density}")
    return density


_MAX_DRAWS = 200  # attempts at a sparse W that is not nilpotent


def _draw_reservoir(
    n_units: int,
    radius: float,
    density: float,
    orthogonal: bool,
    rng: np.random.Generator,
) -> np.ndarray:
    """reservoir_matrix for arguments that are already checked."""
    if orthogonal:
        Q, R = np.linalg.qr(rng.standard_normal((n_units, n_units)))
        return radius * Q * np.sign(np.diag(R))  # sign fix: Q uniform on O(N)
    # A sparse random matrix can be nilpotent (its non-zero pattern has no
    # cycle), and then no rescaling reaches the radius: small reservoirs at the
    # default density draw one about once in seven. Draw the pattern again
    # until it has a non-zero eigenvalue (a seed still gives one matrix); the
    # tolerance treats round-off eigenvalues as zero.
    for _ in range(_MAX_DRAWS):
        W = rng.standard_normal((n_units, n_units)) * (
            rng.random((n_units, n_units)) < density
        )
        current = spectral_radius(W)
        if current > 1e-6 * max(float(np.abs(W).max()), 1e-300):
            return W * (radius / current)
    raise ValueError(
        f"density={density} is too small for n_units={n_units}: {_MAX_DRAWS} "
        "draws "
        "of W had no non-zero eigenvalue; use a larger density"
    )


def nrmse(t: Any, y: Any) -> float:
    """Normalised root-mean-square error sqrt(mean((y − t)²) / var(t)).

    0 is a perfect prediction; 1 is as good as predicting the mean of ``t``.
    """
    t = check_array(t, "t", min_samples=2)
    y = check_array(y, "y")
    if t.shape != y.shape:
        raise ValueError(
            f"t and y must have the same shape; got {t.shape} and {y.shape}"
        )
    if np.var(t) == 0:
        raise ValueError(
            f"t must not be constant (its variance is the denominator); "
            f"got all values equal to {t.flat[0]}"
        )
    return float(np.sqrt(np.mean((y - t) ** 2) / np.var(t)))


class EchoStateNetwork:
    """Echo-state network with leaky units and a ridge-regression readout.

    The state x(n) of the N reservoir units follows the leaky update

        x̃(n) = f(W_in·u(n) + W·x(n−1) + b),
        x(n) = (1 − a)·x(n−1) + a·x̃(n),

    with f = tanh (or the identity), leak rate a, and the output is
    y(n) = W_out·[1; u(n); x(n)]. Only W_out is trained (chapter *Reservoir
    computing*).

    The network is stateful: ``run``, ``predict`` and ``generate`` start from
    the current state ``x`` and leave it at the last state they reached, so
    that a prediction can continue where the training data ended. ``fit`` and
    ``reset`` start again from x = 0.

    Parameters
    ----------
    n_units : int
        Reservoir size N.
    n_inputs : int
        Dimension of u(n).
    spectral_radius : float
        Spectral radius ρ of W.
    leak_rate : float in (0, 1]
        a = 1 gives the plain (non-leaky) update.
    input_scaling : float
        Entries of W_in are uniform on [−input_scaling, input_scaling].
    bias_scaling : float
        Entries of b are uniform on [−bias_scaling, bias_scaling].
    density : float in (0, 1]
        Fraction of non-zero entries of W.
    orthogonal : bool
        Use W = ρ·Q with a random orthogonal Q instead of a sparse random
        matrix.
    activation : {"tanh", "linear"}
    ridge : float
        Penalty λ ≥ 0 of the readout's ridge regression.
    washout : int
        Number of initial time steps left out of the readout's training.
    seed : int, numpy.random.Generator or None

    Attributes
    ----------
    W_in : numpy.ndarray, shape (n_units, n_inputs)
    W : numpy.ndarray, shape (n_units, n_units)
    b : numpy.ndarray, shape (n_units,)
    W_out : numpy.ndarray, shape (n_outputs, 1 + n_inputs + n_units), after fit
    x : numpy.ndarray, shape (n_units,)
        The current reservoir state.
    """

    def __init__(
        self,
        n_units: int = 300,
        *,
        n_inputs: int = 1,
        spectral_radius: float = 0.9,
        leak_rate: float = 1.0,
        input_scaling: float = 1.0,
        bias_scaling: float = 0.0,
        density: float = 0.1,
        orthogonal: bool = False,
        activation: str = "tanh",
        ridge: float = 1e-8,
        washout: int = 100,
        seed: SeedLike = None,
    ):
        self._check_params(
            n_units,
            n_inputs,
            spectral_radius,
            leak_rate,
            input_scaling,
            bias_scaling,
            density,
            orthogonal,
            activation,
            ridge,
            washout,
        )
        self.seed = seed
        rng = as_generator(seed)
        self.W = _draw_reservoir(
            self.n_units,
            self.spectral_radius,
            self.density,
            self.orthogonal,
            rng,
        )
        self.W_in = (
            rng.uniform(-1, 1, (self.n_units, self.n_inputs))
            * self.input_scaling
        )
        self.b = rng.uniform(-1, 1, self.n_units) * self.bias_scaling
        self.W_out: np.ndarray | None = None
        # one-dimensional targets give one-dimensional outputs
        self._squeeze = True
        self.x = np.zeros(self.n_units)

    def _check_params(
        self,
        n_units,
        n_inputs,
        spectral_radius,
        leak_rate,
        input_scaling,
        bias_scaling,
        density,
        orthogonal,
        activation,
        ridge,
        washout,
    ) -> None:
        """Check the constructor's arguments and store them."""
        self.n_units = check_int(n_units, "n_units")
        self.n_inputs = check_int(n_inputs, "n_inputs")
        self.spectral_radius = check_positive(
            spectral_radius, "spectral_radius", allow_zero=True
        )
        self.leak_rate = check_positive(leak_rate, "leak_rate")
        if self.leak_rate > 1:
            raise ValueError(
                f"leak_rate must lie in (0, 1]; got leak_rate={leak_rate}"
            )
        self.input_scaling = check_positive(
            input_scaling, "input_scaling", allow_zero=True
        )
        self.bias_scaling = check_positive(
            bias_scaling, "bias_scaling", allow_zero=True
        )
        self.density = _check_density(density)
        self.orthogonal = check_bool(orthogonal, "orthogonal")
        self.activation = check_choice(
            activation, "activation", ("tanh", "linear")
        )
        self.ridge = check_positive(ridge, "ridge", allow_zero=True)
        self.washout = check_int(washout, "washout", minimum=0)

    def reset(self) -> None:
        """Set the reservoir state back to x = 0."""
        self.x = np.zeros(self.n_units)

    def step(self, x: np.ndarray, u: np.ndarray) -> np.ndarray:
        """One leaky update: x(n) from x(n−1) and the input u(n)."""
        x, u = self._check_step(x, u)
        pre = self.W_in @ u + self.W @ x + self.b
        x_tilde = np.tanh(pre) if self.activation == "tanh" else pre
        return (1.0 - self.leak_rate) * x + self.leak_rate * x_tilde

    def _check_step(self, x: Any, u: Any) -> tuple[np.ndarray, np.ndarray]:
        """Quick shape checks for step, which run calls at every time step (no
        NaN test: a linear reservoir with ρ > 1 may overflow, and
        lyapunov_exponent still follows it)."""
        checked = []
        for name, value, size in (
            ("x", x, self.n_units),
            ("u", u, self.n_inputs),
        ):
            arr = (
                value
                if isinstance(value, np.ndarray)
                else check_array(value, name)
            )
            if arr.shape != (size,) or arr.dtype.kind not in "fiu":
                raise ValueError(
                    f"{name} must be a numeric array of shape ({size},); "
                    f"got shape {arr.shape} and dtype {arr.dtype}"
                )
            checked.append(arr)
        return checked[0], checked[1]

    def _inputs(self, U: Any, name: str = "U") -> np.ndarray:
        U = check_array(U, name, ndim=(1, 2), min_samples=1)
        U = U.reshape(len(U), -1)
        if U.shape[1] != self.n_inputs:
            raise ValueError(
                f"{name} must have {self.n_inputs} input column(s); got shape "
                f"{U.shape}"
            )
        return U

    def run(self, U: Any, x0: Any = None) -> np.ndarray:
        """Drive the reservoir with the inputs U and return all states.

        Parameters
        ----------
        U : array_like, shape (n_steps, n_inputs) or (n_steps,)
        x0 : array_like, shape (n_units,), optional
            Initial state x(0); default: the current state ``self.x``.

        Returns
        -------
        numpy.ndarray, shape (n_steps, n_units)
            Row n holds x(n + 1), the state after input U[n].
        """
        U = self._inputs(U)
        if x0 is not None:
            x0 = check_array(x0, "x0", ndim=1)
            if x0.shape != (self.n_units,):
                raise ValueError(
                    f"x0 must have shape ({self.n_units},); got {x0.shape}"
                )
            self.x = x0.copy()
        states = np.empty((len(U), self.n_units))
        for n, u in enumerate(U):
            self.x = self.step(self.x, u)
            states[n] = self.x
        return states

    def _features(self, U: np.ndarray, X: np.ndarray) -> np.ndarray:
        """Readout input [1; u(n); x(n)] as rows."""
        return np.column_stack([np.ones(len(U)), U, X])

    def fit(self, U: Any, T: Any) -> EchoStateNetwork:
        """Run the reservoir from x = 0 on U and fit W_out to the targets T by
        ridge.

        The first ``washout`` steps, which still depend on the arbitrary
        initial state, are left out of the regression.
        """
        U = self._inputs(U)
        T = check_array(T, "T", ndim=(1, 2))
        if T.ndim == 2 and T.shape[1] == 0:
            raise ValueError(
                f"T must have at least one column; got shape {T.shape}"
            )
        if len(T) != len(U):
            raise ValueError(
                f"U and T must have the same length; got {len(U)} and {len(T)}"
            )
        if len(U) <= self.washout + 1:
            raise ValueError(
                f"U needs more than washout + 1 = {self.washout + 1} steps; "
                f"got {len(U)}"
            )
        X = self.run(U, x0=np.zeros(self.n_units))
        keep = slice(self.washout, None)
        readout = Ridge(self.ridge).fit(np.column_stack([U, X])[keep], T[keep])
        # (n_features, n_outputs)
        w = readout.w.reshape(readout.w.shape[0], -1)
        self.W_out = np.column_stack([np.atleast_1d(readout.b), w.T])
        self._squeeze = T.ndim == 1
        return self

    def _readout(self, Phi: np.ndarray) -> np.ndarray:
        Y = Phi @ self.W_out.T
        return Y[:, 0] if self._squeeze else Y

    def predict(self, U: Any) -> np.ndarray:
        """Outputs y(n) = W_out·[1; u(n); x(n)], continuing from the current
        state."""
        check_fitted(self, "W_out")
        U = self._inputs(U)
        return self._readout(self._features(U, self.run(U)))

    def generate(self, n_steps: int, u0: Any) -> np.ndarray:
        """Run freely, feeding each output back as the next input.

        Needs a readout trained to predict the next input (so n_outputs =
        n_inputs). The first input is ``u0``; then u(n + 1) = y(n). Returns the
        n_steps outputs.
        """
        check_fitted(self, "W_out")
        n_steps = check_int(n_steps, "n_steps")
        if self.W_out.shape[0] != self.n_inputs:
            raise ValueError(
                f"generate needs as many outputs as inputs ({self.n_inputs}); "
                "the "
                f"readout has {self.W_out.shape[0]}"
            )
        u = check_array(u0, "u0", ndim=(0, 1)).reshape(-1)
        if u.shape != (self.n_inputs,):
            raise ValueError(
                f"u0 must hold n_inputs={self.n_inputs} value(s); got shape "
                f"{np.shape(u0)}"
            )
        outputs = np.empty((n_steps, self.n_inputs))
        for n in range(n_steps):
            self.x = self.step(self.x, u)
            u = self.W_out @ np.concatenate([[1.0], u, self.x])
            outputs[n] = u
        return outputs[:, 0] if self._squeeze else outputs


def memory_capacity(
    esn: EchoStateNetwork,
    max_delay: int,
    *,
    n_train: int = 5000,
    n_test: int = 2000,
    seed: SeedLike = None,
) -> tuple[float, np.ndarray]:
    """Short-term memory capacity of a reservoir (Jaeger 2002).

    Drives the reservoir with i.i.d. inputs u(n) uniform on [−1, 1], trains for
    every delay k = 0, ..., max_delay a linear readout y_k(n) = w_k·[1; x(n)]
    to recall u(n − k), and measures on held-out steps the squared correlation

        MC_k = cov(y_k(n), u(n − k))² / (var(y_k) · var(u)).

    The total MC = Σ_k MC_k is at most N for any reservoir (chapter *Reservoir
    computing*).

    Parameters
    ----------
    esn : EchoStateNetwork
        A one-input reservoir; its ``ridge`` penalty is used and its state is
        reset.
    max_delay : int
        Largest delay k.
    n_train, n_test : int
        Time steps used to fit and to evaluate the readouts.
    seed : int, numpy.random.Generator or None
        Seed of the input sequence.

    Returns
    -------
    total : float
    per_delay : numpy.ndarray, shape (max_delay + 1,)
        MC_k for k = 0, ..., max_delay.
    """
    if not isinstance(esn, EchoStateNetwork):
        raise TypeError(
            f"esn must be an EchoStateNetwork; got {type(esn).__name__}"
        )
    if esn.n_inputs != 1:
        raise ValueError(
            f"esn must have one input; got n_inputs={esn.n_inputs}"
        )
    if esn.input_scaling == 0:
        raise ValueError(
            "esn must receive its input: a reservoir with input_scaling=0 "
            "remembers nothing and every MC_k would be 0/0"
        )
    max_delay = check_int(max_delay, "max_delay", minimum=0)
    n_train = check_int(n_train, "n_train", minimum=2)
    n_test = check_int(n_test, "n_test", minimum=2)
    start = esn.washout + max_delay
    u = as_generator(seed).uniform(-1, 1, start + n_train + n_test)
    X = esn.run(u, x0=np.zeros(esn.n_units))[start:]
    # column k holds u(n - k) for the states kept
    delayed = np.column_stack(
        [u[start - k : len(u) - k] for k in range(max_delay + 1)]
    )
    readout = Ridge(esn.ridge).fit(X[:n_train], delayed[:n_train])
    Y, D = readout.predict(X[n_train:]), delayed[n_train:]
    Yc, Dc = Y - Y.mean(axis=0), D - D.mean(axis=0)
    per_delay = np.sum(Yc * Dc, axis=0) ** 2 / (
        np.sum(Yc**2, axis=0) * np.sum(Dc**2, axis=0)
    )
    return float(per_delay.sum()), per_delay


def lyapunov_exponent(
    esn: EchoStateNetwork,
    U: Any,
    *,
    n_discard: int = 100,
    seed: SeedLike = None,
) -> float:
    """Largest Lyapunov exponent (per time step) of the reservoir driven by U.

    Follows a tangent vector v along the trajectory: with the Jacobian of the
    leaky update, J(n) = (1 − a)·I + a·diag(f'(pre(n)))·W, it iterates v ←
    J(n)·v, renormalises v at every step and averages log |J(n)·v|. A negative
    value means that nearby states converge (echo states); a positive one, that
    they diverge.

    Parameters
    ----------
    esn : EchoStateNetwork
    U : array_like, shape (n_steps, n_inputs) or (n_steps,)
    n_discard : int
        Initial steps run but not averaged (the state and v settle first).
    seed : int, numpy.random.Generator or None
        Seed of the initial direction v.
    """
    if not isinstance(esn, EchoStateNetwork):
        raise TypeError(
            f"esn must be an EchoStateNetwork; got {type(esn).__name__}"
        )
    U = esn._inputs(U)
    n_discard = check_int(n_discard, "n_discard", minimum=0)
    if len(U) <= n_discard:
        raise ValueError(
            f"U needs more than n_discard={n_discard} steps; got {len(U)}"
        )
    a = esn.leak_rate
    v = as_generator(seed).standard_normal(esn.n_units)
    v /= np.linalg.norm(v)
    x, log_growth = np.zeros(esn.n_units), []
    for u in U:
        pre = esn.W_in @ u + esn.W @ x + esn.b
        slope = 1.0 - np.tanh(pre) ** 2 if esn.activation == "tanh" else 1.0
        v = (1.0 - a) * v + a * slope * (esn.W @ v)
        x = esn.step(x, u)
        norm = np.linalg.norm(v)
        if (
            norm == 0
            # a perturbation vanishes in finitely many steps (e.g. W = 0, a =
            # 1)
        ):
            return -np.inf
        log_growth.append(np.log(norm))
        v /= norm
    return float(np.mean(log_growth[n_discard:]))
