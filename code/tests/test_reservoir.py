"""Tests of neurocomp.reservoir (chapter Reservoir computing)."""

import numpy as np
import pytest

from neurocomp.datasets import mackey_glass
from neurocomp.reservoir import (
    EchoStateNetwork,
    lyapunov_exponent,
    memory_capacity,
    nrmse,
    reservoir_matrix,
    spectral_radius,
)


def test_reservoir_matrix_has_the_requested_spectral_radius_and_density():
    W = reservoir_matrix(200, 0.8, density=0.1, seed=0)
    assert np.max(np.abs(np.linalg.eigvals(W))) == pytest.approx(0.8, rel=1e-10)
    assert 0.08 < np.mean(W != 0) < 0.12
    np.testing.assert_array_equal(W, reservoir_matrix(200, 0.8, density=0.1, seed=0))


def test_orthogonal_reservoir_is_a_scaled_rotation():
    W = reservoir_matrix(30, 0.9, orthogonal=True, seed=1)
    np.testing.assert_allclose(W.T @ W, 0.81 * np.eye(30), atol=1e-12)
    np.testing.assert_allclose(np.abs(np.linalg.eigvals(W)), 0.9, rtol=1e-10)


def test_spectral_radius_of_a_known_matrix():
    assert spectral_radius([[0.0, 2.0], [-2.0, 0.0]]) == pytest.approx(2.0)  # eigenvalues ±2i


def test_one_step_follows_the_leaky_update():
    esn = EchoStateNetwork(20, leak_rate=0.3, bias_scaling=0.5, seed=2)
    x, u = np.linspace(-0.5, 0.5, 20), np.array([0.7])
    by_hand = 0.7 * x + 0.3 * np.tanh(esn.W_in[:, 0] * 0.7 + esn.W @ x + esn.b)
    np.testing.assert_allclose(esn.step(x, u), by_hand, rtol=1e-14)


def test_linear_reservoir_state_is_a_sum_of_powers_of_W():
    # x(n) = sum_j W^j w_in u(n - j) for the linear reservoir with leak rate 1
    esn = EchoStateNetwork(10, spectral_radius=0.7, activation="linear", seed=3)
    u = np.random.default_rng(0).uniform(-1, 1, 15)
    X = esn.run(u, x0=np.zeros(10))
    w = esn.W_in[:, 0]
    expected = sum(np.linalg.matrix_power(esn.W, j) @ w * u[14 - j] for j in range(15))
    np.testing.assert_allclose(X[-1], expected, rtol=1e-12, atol=1e-14)


def test_fit_is_least_squares_on_bias_input_and_states():
    rng = np.random.default_rng(4)
    U = rng.uniform(-1, 1, (300, 2))
    esn = EchoStateNetwork(30, n_inputs=2, ridge=0.0, washout=20, seed=5)
    T = np.column_stack([np.sin(3 * U[:, 0]), U[:, 1] ** 2])
    esn.fit(U, T)
    X = esn.run(U, x0=np.zeros(30))
    Phi = np.column_stack([np.ones(300), U, X])[20:]
    W_lstsq = np.linalg.lstsq(Phi, T[20:], rcond=None)[0].T
    np.testing.assert_allclose(esn.W_out, W_lstsq, rtol=1e-6, atol=1e-8)
    assert esn.W_out.shape == (2, 1 + 2 + 30)


def test_readout_reproduces_a_linear_function_of_the_states_exactly():
    esn = EchoStateNetwork(25, ridge=0.0, washout=10, seed=6)
    u = np.random.default_rng(7).uniform(-1, 1, 200)
    X = esn.run(u, x0=np.zeros(25))
    v = np.random.default_rng(8).normal(size=25)
    t = X @ v + 0.5 * u - 2.0
    esn.fit(u, t)
    esn.reset()
    np.testing.assert_allclose(esn.predict(u), t, atol=1e-8)


def test_predict_continues_from_the_state_where_fit_ended():
    u = np.random.default_rng(9).uniform(-1, 1, 400)
    esn = EchoStateNetwork(40, washout=10, seed=10).fit(u[:300], np.roll(u, -1)[:300])
    y_continued = esn.predict(u[300:])
    esn.reset()
    y_all = esn.predict(u)
    np.testing.assert_allclose(y_continued, y_all[300:], rtol=1e-12)


def test_generate_continues_a_sine_wave():
    # a sine obeys u(n+1) = 2 cos(w) u(n) - u(n-1): a linear reservoir can learn it exactly
    n = np.arange(700)
    u = np.sin(0.2 * n)
    esn = EchoStateNetwork(20, spectral_radius=0.8, activation="linear", ridge=1e-12,
                           washout=50, seed=11)
    esn.fit(u[:499], u[1:500])
    generated = esn.generate(200, u[499])
    np.testing.assert_allclose(generated, u[500:700], atol=1e-4)


def test_mackey_glass_one_step_prediction_is_accurate():
    s = mackey_glass(2200) - 1.0
    esn = EchoStateNetwork(200, spectral_radius=1.0, leak_rate=0.5, bias_scaling=0.2,
                           ridge=1e-7, seed=12)
    esn.fit(s[:1500], s[1:1501])
    y = esn.predict(s[1500:-1])
    assert nrmse(s[1501:], y) < 1e-3


def test_echo_state_property_washes_out_the_initial_state():
    u = np.random.default_rng(13).uniform(-1, 1, 400)
    esn = EchoStateNetwork(100, spectral_radius=0.5, seed=14)
    xa = esn.run(u, x0=np.ones(100))
    xb = esn.run(u, x0=-np.ones(100))
    assert np.linalg.norm(xa[-1] - xb[-1]) < 1e-12


def test_large_spectral_radius_with_small_input_keeps_initial_states_apart():
    u = np.random.default_rng(15).uniform(-1, 1, 400)
    esn = EchoStateNetwork(100, spectral_radius=2.0, input_scaling=0.1, seed=16)
    rng = np.random.default_rng(17)
    xa = esn.run(u, x0=rng.uniform(-1, 1, 100))
    xb = esn.run(u, x0=rng.uniform(-1, 1, 100))
    assert np.linalg.norm(xa[-1] - xb[-1]) > 1.0


def test_memory_capacity_of_a_linear_orthogonal_reservoir_is_close_to_n():
    esn = EchoStateNetwork(20, spectral_radius=0.9, orthogonal=True, activation="linear",
                           ridge=0.0, washout=100, seed=18)
    total, per_delay = memory_capacity(esn, 80, n_train=6000, n_test=6000, seed=19)
    assert 0.97 * 20 < total < 1.01 * 20
    assert per_delay.shape == (81,)
    assert np.all((per_delay >= 0) & (per_delay <= 1 + 1e-12))
    assert per_delay[-10:].sum() < 0.05  # the far past is forgotten: 0.9^160 is tiny


def test_memory_capacity_of_a_tanh_reservoir_is_below_n():
    esn = EchoStateNetwork(20, spectral_radius=0.9, input_scaling=0.5, washout=100, seed=20)
    total, per_delay = memory_capacity(esn, 60, n_train=4000, n_test=4000, seed=21)
    assert 0 < total < 20
    assert np.all((per_delay >= 0) & (per_delay <= 1))


def test_lyapunov_exponent_of_a_linear_orthogonal_reservoir_is_log_rho():
    esn = EchoStateNetwork(15, spectral_radius=0.7, orthogonal=True, activation="linear",
                           seed=22)
    u = np.random.default_rng(23).uniform(-1, 1, 300)
    assert lyapunov_exponent(esn, u, n_discard=10, seed=0) == pytest.approx(np.log(0.7))


def test_lyapunov_exponent_at_the_silent_state_is_log_spectral_radius():
    # without input and bias the state stays 0, where tanh has slope 1
    esn = EchoStateNetwork(50, spectral_radius=0.8, seed=24)
    lam = lyapunov_exponent(esn, np.zeros(3000), n_discard=1000, seed=1)
    assert lam == pytest.approx(np.log(0.8), abs=0.01)


def test_nrmse_of_the_mean_is_one():
    t = np.sin(np.linspace(0, 10, 100))
    assert nrmse(t, np.full_like(t, t.mean())) == pytest.approx(1.0)
    assert nrmse(t, t) == 0.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_units": 0}, "n_units"),
        ({"leak_rate": 1.5}, "leak_rate"),
        ({"leak_rate": 0.0}, "leak_rate"),
        ({"spectral_radius": -1.0}, "radius"),
        ({"input_scaling": -0.1}, "input_scaling"),
        ({"density": 2.0}, "density"),
        ({"activation": "relu"}, "activation"),
        ({"ridge": -1.0}, "ridge"),
        ({"washout": -1}, "washout"),
        ({"washout": 2.5}, "washout"),
        ({"seed": "a"}, "seed"),
    ],
)
def test_bad_hyper_parameters_are_rejected(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        EchoStateNetwork(**{"n_units": 10, **kwargs})


def test_bad_data_is_rejected():
    esn = EchoStateNetwork(10, washout=5, seed=0)
    with pytest.raises(RuntimeError, match="not fitted"):
        esn.predict(np.zeros(5))
    with pytest.raises(ValueError, match="U"):
        esn.fit(np.zeros((20, 2)), np.zeros(20))  # two input columns, one expected
    with pytest.raises(ValueError, match="same length"):
        esn.fit(np.zeros(20), np.zeros(19))
    with pytest.raises(ValueError, match="washout"):
        esn.fit(np.zeros(5), np.zeros(5))
    with pytest.raises(ValueError, match="finite"):
        esn.fit(np.full(20, np.nan), np.zeros(20))
    with pytest.raises(ValueError, match="x0"):
        esn.run(np.zeros(5), x0=np.zeros(3))
    esn.fit(np.zeros(20), np.zeros((20, 2)))
    with pytest.raises(ValueError, match="outputs"):
        esn.generate(5, 0.0)
    with pytest.raises(ValueError, match="n_steps"):
        esn.generate(0, 0.0)
    with pytest.raises(ValueError, match="square"):
        spectral_radius(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="same shape"):
        nrmse(np.zeros(3), np.zeros(4))


def test_bad_arguments_of_the_measures_are_rejected():
    esn = EchoStateNetwork(10, seed=0)
    with pytest.raises(TypeError, match="esn"):
        memory_capacity("esn", 5)
    with pytest.raises(ValueError, match="max_delay"):
        memory_capacity(esn, -1)
    with pytest.raises(ValueError, match="one input"):
        memory_capacity(EchoStateNetwork(10, n_inputs=2, seed=0), 5)
    with pytest.raises(TypeError, match="esn"):
        lyapunov_exponent(None, np.zeros(10))
    with pytest.raises(ValueError, match="n_discard"):
        lyapunov_exponent(esn, np.zeros(10), n_discard=10)


def test_agrees_with_reservoirpy_on_the_same_weights():
    # an independent implementation: same W_in, W, b and leak rate, same ridge readout
    # on [u; x] with an unpenalised bias, same washout (reservoirpy is pinned in
    # requirements.txt as the oracle of these tests)
    from reservoirpy import ESN
    from reservoirpy.nodes import Reservoir, Ridge

    s = mackey_glass(1500) - 1.0
    U, T = s[:-1, None], s[1:, None]
    esn = EchoStateNetwork(100, spectral_radius=0.9, leak_rate=0.4, bias_scaling=0.3,
                           ridge=1e-6, washout=50, seed=25)
    esn.fit(U[:1000], T[:1000])
    y = esn.predict(U[1000:])
    reservoir = Reservoir(W=esn.W.copy(), Win=esn.W_in.copy(), bias=esn.b.copy(),
                          lr=esn.leak_rate)
    states = reservoir.run(U[:300])
    np.testing.assert_allclose(states, esn.run(U[:300], x0=np.zeros(100)), atol=1e-12)
    model = ESN(reservoir=Reservoir(W=esn.W.copy(), Win=esn.W_in.copy(), bias=esn.b.copy(),
                                    lr=esn.leak_rate),
                readout=Ridge(ridge=1e-6), input_to_readout=True)
    model.fit(U[:1000], T[:1000], warmup=50)
    np.testing.assert_allclose(model.run(U[1000:]), y, atol=1e-8)


# --- bad input: every public function names the argument ---------------------------

_ESN = EchoStateNetwork(20, washout=2, seed=0)
_ESN.fit(np.sin(np.arange(29) / 3.0), np.sin(np.arange(1, 30) / 3.0))


def _small(**kwargs):
    return EchoStateNetwork(5, **{"density": 1.0, "washout": 1, "seed": 0, **kwargs})


BAD_RESERVOIR_CALLS = [
    (lambda: spectral_radius(np.zeros((0, 0))), ValueError, "W needs at least 1 samples"),
    (lambda: spectral_radius(np.full((2, 2), np.nan)), ValueError, "W must contain only finite"),
    (lambda: reservoir_matrix(5, 1.0, orthogonal="no"), TypeError,
     "orthogonal must be True or False; got 'no'"),
    (lambda: reservoir_matrix(5, 1.0, density=2.0), ValueError,
     r"density must lie in \(0, 1\]; got density=2.0"),
    (lambda: reservoir_matrix(0, 1.0), ValueError, "n_units must be an integer >= 1"),
    (lambda: nrmse([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]), ValueError,
     "t must not be constant"),
    (lambda: nrmse([1.0], [1.0]), ValueError, "t needs at least 2 samples"),
    (lambda: nrmse([1.0, 2.0], [np.nan, 1.0]), ValueError, "y must contain only finite"),
    (lambda: _small(spectral_radius=-1.0), ValueError,
     "spectral_radius must be a finite non-negative number; got spectral_radius=-1.0"),
    (lambda: _small(spectral_radius="1"), TypeError, "spectral_radius must be a real number"),
    (lambda: _small(orthogonal="yes"), TypeError, "orthogonal must be True or False"),
    (lambda: _small(density=0.0), ValueError, "density must be a finite positive"),
    (lambda: _small(n_inputs=0), ValueError, "n_inputs must be an integer >= 1"),
    (lambda: _small(bias_scaling=np.inf), ValueError, "bias_scaling must be a finite"),
    (lambda: _ESN.step(np.zeros(3), np.zeros(1)), ValueError,
     r"x must be a numeric array of shape \(20,\); got shape \(3,\)"),
    (lambda: _ESN.step(np.zeros(20), 0.5), ValueError,
     r"u must be a numeric array of shape \(1,\); got shape \(\)"),
    (lambda: _ESN.step(np.zeros(20), ["a"]), TypeError, "u must be array-like"),
    (lambda: _ESN.run(np.zeros(0)), ValueError, "U needs at least 1 samples"),
    (lambda: _ESN.run(np.zeros((2, 1, 1))), ValueError, "U must be 1-D or 2-D"),
    (lambda: _ESN.run([0.0], x0=np.zeros((20, 1))), ValueError, "x0 must be 1-D"),
    (lambda: _ESN.run([0.0], x0=np.full(20, np.nan)), ValueError, "x0 must contain only finite"),
    (lambda: _small().fit(np.zeros(5), np.zeros((5, 0))), ValueError,
     r"T must have at least one column; got shape \(5, 0\)"),
    (lambda: _small().fit(np.zeros(5), np.zeros((5, 1, 1))), ValueError, "T must be 1-D or 2-D"),
    (lambda: _ESN.predict(np.zeros((2, 3))), ValueError, "U must have 1 input column"),
    (lambda: _ESN.generate(2.0, 0.1), TypeError, "n_steps must be an integer"),
    (lambda: _ESN.generate(2, [0.1, 0.2]), ValueError,
     r"u0 must hold n_inputs=1 value\(s\); got shape \(2,\)"),
    (lambda: _ESN.generate(2, [[0.1], [0.2]]), ValueError, "u0 must be 0-D or 1-D"),
    (lambda: _ESN.generate(2, np.nan), ValueError, "u0 must contain only finite"),
    (lambda: _small().generate(2, 0.1), RuntimeError, "not fitted yet"),
    (lambda: memory_capacity(_ESN, 2, n_test=0), ValueError, "n_test must be an integer >= 2"),
    (lambda: memory_capacity(_ESN, 2, n_train=1.5), TypeError, "n_train must be an integer"),
    (lambda: memory_capacity(_small(input_scaling=0.0), 2, n_train=50, n_test=20), ValueError,
     "esn must receive its input"),
    (lambda: memory_capacity(_ESN, 2, seed="x"), TypeError, "seed must be an int"),
    (lambda: lyapunov_exponent(_ESN, [np.nan] * 5, n_discard=0), ValueError,
     "U must contain only finite"),
    (lambda: lyapunov_exponent(_ESN, np.zeros(5), n_discard=1.0), TypeError,
     "n_discard must be an integer"),
]


@pytest.mark.parametrize("call, error, message", BAD_RESERVOIR_CALLS)
def test_reservoir_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_lyapunov_exponent_of_a_vanishing_perturbation_is_minus_infinity():
    # W = 0 and a = 1: J(n) = 0, so a perturbation vanishes after one step (log 0 = -inf)
    esn = EchoStateNetwork(5, spectral_radius=0.0, density=1.0, seed=0)
    assert lyapunov_exponent(esn, np.zeros(5), n_discard=0, seed=0) == -np.inf


def test_step_accepts_lists_like_arrays():
    x, u = np.linspace(-1, 1, 20), np.array([0.3])
    np.testing.assert_array_equal(_ESN.step(x.tolist(), u.tolist()), _ESN.step(x, u))


def test_small_reservoir_at_the_default_density_works_for_every_seed():
    # With 10 units and density 0.1 about one draw in seven is nilpotent (no non-zero
    # eigenvalue); those seeds used to raise "density=0.1 is too small".
    for seed in range(60):
        esn = EchoStateNetwork(10, seed=seed)
        assert spectral_radius(esn.W) == pytest.approx(esn.spectral_radius, rel=1e-9)
    np.testing.assert_array_equal(EchoStateNetwork(10, seed=6).W, EchoStateNetwork(10, seed=6).W)


def test_reservoir_matrix_names_a_density_that_can_never_work():
    with pytest.raises(ValueError, match="density=1e-05 is too small for n_units=20"):
        reservoir_matrix(20, 0.9, density=1e-5, seed=0)
