"""Tests of neurocomp.optimizers: update rules, state, schedules and argument checks."""

import math

import numpy as np
import pytest

from neurocomp.optimizers import (
    SGD,
    Adam,
    Momentum,
    Nesterov,
    Optimizer,
    RMSprop,
    cosine_decay,
    exponential_decay,
    step_decay,
)

A = np.diag([1.0, 10.0])  # f(w) = w·A·w / 2, minimum at 0


def grad(w):
    return A @ w


def run(opt, w0=(1.0, 1.0), n=200):
    p = {"w": np.array(w0, dtype=float)}
    for _ in range(n):
        opt.step(p, {"w": grad(p["w"])})
    return p["w"]


def test_sgd_first_step_and_in_place_update():
    w = np.array([1.0, -2.0])
    params = {"w": w}
    out = SGD(0.1).step(params, {"w": np.array([0.5, 0.5])})
    assert out is params and params["w"] is w  # updated in place
    np.testing.assert_allclose(w, [0.95, -2.05])


def test_lists_and_dicts_are_both_accepted():
    params = [np.zeros(3), np.ones((2, 2))]
    SGD(1.0).step(params, [np.ones(3), np.ones((2, 2))])
    np.testing.assert_allclose(params[0], -1.0)
    np.testing.assert_allclose(params[1], 0.0)


@pytest.mark.parametrize(
    "opt", [SGD(0.1), Momentum(0.05, 0.8), Nesterov(0.05, 0.8), RMSprop(0.01), Adam(0.05)]
)
def test_every_optimiser_reaches_the_minimum_of_a_quadratic(opt):
    w = run(opt, n=1000)
    np.testing.assert_allclose(w, 0.0, atol=2e-2)


def test_momentum_zero_is_plain_gradient_descent():
    np.testing.assert_allclose(run(Momentum(0.05, 0.0), n=30), run(SGD(0.05), n=30))


def test_momentum_two_steps_by_hand():
    p = {"w": np.array([1.0])}
    opt = Momentum(0.1, 0.5)
    opt.step(p, {"w": np.array([2.0])})  # v = -0.2, w = 0.8
    opt.step(p, {"w": np.array([1.0])})  # v = -0.1 - 0.1 = -0.2, w = 0.6
    np.testing.assert_allclose(p["w"], [0.6])
    np.testing.assert_allclose(opt.state["w"]["v"], [-0.2])


def test_nesterov_equals_the_classical_look_ahead_form():
    eta, mu = 0.05, 0.9
    w, v = np.array([1.0, 1.0]), np.zeros(2)  # classical form: gradient at w + mu v
    p = {"w": w.copy()}
    opt = Nesterov(eta, mu)
    for _ in range(25):
        v = mu * v - eta * grad(w + mu * v)
        w = w + v
        opt.step(p, {"w": grad(p["w"])})
        np.testing.assert_allclose(p["w"], w + mu * v, rtol=1e-12, atol=1e-15)


def test_rmsprop_first_step():
    g = np.array([3.0, -0.01])
    p = {"w": np.zeros(2)}
    RMSprop(0.1, rho=0.9, epsilon=1e-7).step(p, {"w": g})
    np.testing.assert_allclose(p["w"], -0.1 * g / np.sqrt(0.1 * g**2 + 1e-7))


def test_adam_first_step_has_size_learning_rate_whatever_the_gradient_scale():
    p = {"w": np.zeros(3)}
    Adam(0.01, epsilon=1e-12).step(p, {"w": np.array([1e-3, -5.0, 200.0])})
    np.testing.assert_allclose(p["w"], [-0.01, 0.01, -0.01], rtol=1e-6)


def test_adam_against_a_direct_transcription_of_the_paper():
    rng = np.random.default_rng(0)
    grads = rng.normal(size=(50, 4))
    b1, b2, eps, eta = 0.8, 0.99, 1e-8, 0.02
    w, m, v = np.ones(4), np.zeros(4), np.zeros(4)
    p, opt = [np.ones(4)], Adam(eta, b1, b2, eps)
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w = w - eta * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        opt.step(p, [g])
    np.testing.assert_allclose(p[0], w, rtol=1e-12)
    assert opt.iterations == 50


def test_float32_parameters_stay_float32():
    p = {"w": np.ones(2, dtype=np.float32)}
    Adam().step(p, {"w": np.ones(2)})
    assert p["w"].dtype == np.float32


def test_schedule_is_evaluated_at_the_number_of_previous_steps():
    seen = []

    def schedule(t):
        seen.append(t)
        return 0.1

    p = {"w": np.zeros(1)}
    opt = SGD(schedule)
    for _ in range(3):
        opt.step(p, {"w": np.ones(1)})
    assert seen == [0, 1, 2]
    np.testing.assert_allclose(p["w"], [-0.3])


def test_schedules_values():
    exp = exponential_decay(0.1, 0.5, 10)
    assert exp(0) == pytest.approx(0.1) and exp(10) == pytest.approx(0.05)
    assert exp(5) == pytest.approx(0.1 * 0.5**0.5)
    step = step_decay(1.0, 0.1, 100)
    assert [step(t) for t in (0, 99, 100, 250)] == pytest.approx([1.0, 1.0, 0.1, 0.01])
    cos = cosine_decay(0.2, 100, alpha=0.1)
    assert cos(0) == pytest.approx(0.2)
    assert cos(50) == pytest.approx(0.2 * (0.1 + 0.9 * 0.5))
    assert cos(100) == pytest.approx(0.02) and cos(500) == pytest.approx(0.02)
    assert cosine_decay(1.0, 4)(1) == pytest.approx(0.5 * (1 + math.cos(math.pi / 4)))


def test_schedules_reject_bad_arguments():
    with pytest.raises(ValueError, match="decay_rate"):
        exponential_decay(0.1, 1.5, 10)
    with pytest.raises(ValueError, match="drop"):
        step_decay(0.1, 2.0, 10)
    with pytest.raises(ValueError, match="every"):
        step_decay(0.1, 0.5, 0)
    with pytest.raises(ValueError, match="alpha"):
        cosine_decay(0.1, 10, alpha=1.0)
    with pytest.raises(ValueError, match="initial"):
        cosine_decay(-0.1, 10)
    with pytest.raises(ValueError, match="t must be"):
        cosine_decay(0.1, 10)(-1)
    with pytest.raises(TypeError, match="t must be"):
        exponential_decay(0.1, 0.5, 10)(1.5)


def test_optimisers_reject_bad_hyper_parameters():
    with pytest.raises(ValueError, match="learning_rate"):
        SGD(-0.1)
    with pytest.raises(TypeError, match="learning_rate"):
        SGD("fast")
    with pytest.raises(ValueError, match="momentum"):
        Momentum(0.1, momentum=1.0)
    with pytest.raises(TypeError, match="momentum"):
        Nesterov(0.1, momentum=None)
    with pytest.raises(ValueError, match="rho"):
        RMSprop(rho=-0.1)
    with pytest.raises(ValueError, match="beta_2"):
        Adam(beta_2=1.0)
    with pytest.raises(ValueError, match="epsilon"):
        Adam(epsilon=0.0)


def test_schedule_returning_a_negative_rate_is_rejected():
    opt = SGD(lambda t: -1.0)
    with pytest.raises(ValueError, match=r"learning_rate\(0\)"):
        opt.step([np.zeros(1)], [np.ones(1)])


def test_step_rejects_bad_params_and_grads():
    opt = Adam()
    with pytest.raises(TypeError, match="params must be a dict or a list"):
        opt.step(np.zeros(2), np.zeros(2))
    with pytest.raises(TypeError, match="both be dicts"):
        opt.step({"w": np.zeros(2)}, [np.zeros(2)])
    with pytest.raises(ValueError, match="same keys"):
        opt.step({"w": np.zeros(2)}, {"b": np.zeros(2)})
    with pytest.raises(ValueError, match="same keys"):
        opt.step([np.zeros(2)], [np.zeros(2), np.zeros(1)])
    with pytest.raises(TypeError, match="array of floats"):
        opt.step({"w": np.zeros(2, dtype=int)}, {"w": np.zeros(2)})
    with pytest.raises(TypeError, match="array of floats"):
        opt.step({"w": [0.0, 1.0]}, {"w": np.zeros(2)})
    with pytest.raises(ValueError, match="shape"):
        opt.step({"w": np.zeros(2)}, {"w": np.zeros(3)})
    with pytest.raises(ValueError, match="NaN"):
        opt.step({"w": np.zeros(2)}, {"w": np.array([np.nan, 0.0])})
    with pytest.raises(TypeError, match="grads"):
        opt.step({"w": np.zeros(2)}, {"w": ["a", "b"]})


def test_parameter_changing_shape_between_steps_is_rejected():
    opt = Momentum(0.1)
    opt.step({"w": np.zeros(2)}, {"w": np.ones(2)})
    with pytest.raises(ValueError, match="changed shape"):
        opt.step({"w": np.zeros(3)}, {"w": np.ones(3)})


# --- bad-input audit (issue 11): one call per error path ------------------------------------

def _one_step(optimizer, w=0.0, g=0.0):
    return optimizer.step([np.array([w])], [np.array([g])])


BAD_OPTIMIZERS_CALLS = [
    (lambda: _one_step(SGD(lambda t: "fast")), TypeError,
     r"the schedule must return a number; got learning_rate\(0\)='fast'"),
    (lambda: _one_step(SGD(lambda t: None)), TypeError,
     r"the schedule must return a number; got learning_rate\(0\)=None"),
    (lambda: _one_step(SGD(0.1), w=np.nan), ValueError,
     r"params\[0\] contains NaN or infinite values"),
    (lambda: _one_step(Adam(), w=np.inf), ValueError, r"params\[0\] contains NaN or infinite"),
    (lambda: _one_step(Optimizer(0.1)), NotImplementedError,
     "Optimizer has no update rule: use a subclass such as SGD or Adam"),
    (lambda: _one_step(SGD(0.1), g=np.inf), ValueError, r"grads\[0\] contains NaN"),
    (lambda: SGD(True), TypeError, "learning_rate must be a real number; got True"),
    (lambda: Momentum(momentum=None), TypeError, "momentum must be a real number"),
    (lambda: RMSprop(epsilon=np.nan), ValueError, "epsilon must be a finite positive"),
    (lambda: Adam(beta_1=np.nan), ValueError, r"beta_1 must be in \[0, 1\); got beta_1=nan"),
    (lambda: cosine_decay(0.1, 10, np.nan), ValueError, r"alpha must be in \[0, 1\)"),
    (lambda: step_decay(0.1, 0.5, 1.0), TypeError, "every must be an integer; got 1.0"),
    (lambda: exponential_decay(np.nan, 0.5, 10), ValueError,
     "initial must be a finite positive number; got initial=nan"),
]


@pytest.mark.parametrize("call, error, message", BAD_OPTIMIZERS_CALLS)
def test_optimizers_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_schedule_may_return_numpy_scalars_and_zero():
    w = np.array([1.0])
    SGD(lambda t: np.float32(0.5)).step([w], [np.array([2.0])])
    assert w[0] == 0.0
    SGD(lambda t: 0.0).step([w], [np.array([2.0])])  # eta = 0 (end of a cosine decay)
    assert w[0] == 0.0
