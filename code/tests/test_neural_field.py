"""Tests of neurocomp.neural_field: kernel, Amari's width condition, the simulation."""

import numpy as np
import pytest

from neurocomp.neural_field import (
    FieldRun,
    MexicanHat,
    active_length,
    amari_widths,
    field_grid,
    simulate,
)

KERNEL = MexicanHat()
H = -0.3


def test_integrated_kernel_matches_quadrature_and_is_odd():
    y = np.linspace(0.0, 5.0, 200_001)
    w = KERNEL(y)
    cumulative = np.concatenate([[0.0], np.cumsum((w[1:] + w[:-1]) / 2 * np.diff(y))])
    np.testing.assert_allclose(KERNEL.integral(y[::20_000]), cumulative[::20_000], atol=1e-9)
    np.testing.assert_allclose(KERNEL.integral(-2.0), -KERNEL.integral(2.0))
    assert KERNEL(0.0) == pytest.approx(1.0 - 0.4)


def test_amari_widths_solve_the_width_condition():
    roots = amari_widths(KERNEL, H)
    assert roots.shape == (2,) and roots[0] < roots[1]
    np.testing.assert_allclose(KERNEL.integral(roots) + H, 0.0, atol=1e-12)
    assert KERNEL(roots[1]) < 0 < KERNEL(roots[0])  # the wide bump is the stable one
    assert amari_widths(KERNEL, -2.0).size == 0  # too negative a resting level: no bump


def test_grid_and_active_length():
    x = field_grid(10.0, 100)
    assert x[0] == -5.0 and x[1] - x[0] == pytest.approx(0.1)
    assert active_length(1.0 - np.abs(x), 0.1) == pytest.approx(2.0, abs=1e-12)  # tent
    assert active_length(-np.ones(100), 0.1) == 0.0
    assert active_length(np.ones(100), 0.1) == pytest.approx(10.0)


def test_fft_convolution_equals_direct_sum():
    n, length = 64, 16.0
    x = field_grid(length, n)
    dx = length / n
    u0 = np.where(np.abs(x) < 1.5, 0.5, -0.5) + 0.1 * np.sin(x)
    run = simulate(KERNEL, h=H, stimulus=np.zeros(n), t_stim=0.0, duration=0.1,
                   length=length, n_points=n, dt=0.1, u0=u0)
    dist = np.abs(x[:, None] - x[None, :])
    dist = np.minimum(dist, length - dist)  # distances on the ring
    direct = KERNEL(dist) @ (u0 > 0) * dx
    expected = u0 + 0.1 * (-u0 + direct + H)
    np.testing.assert_allclose(run.u[-1], expected, atol=1e-12)


def test_bump_persists_with_the_predicted_width_and_narrow_input_decays():
    x = field_grid(40.0, 800)
    wide = simulate(KERNEL, h=H, stimulus=1.0 * (np.abs(x) < 0.5), t_stim=5.0,
                    duration=40.0, record_every=20)
    assert isinstance(wide, FieldRun) and wide.u.shape == (41, 800)
    assert wide.widths()[-1] == pytest.approx(amari_widths(KERNEL, H)[1], abs=0.05)
    narrow = simulate(KERNEL, h=H, stimulus=1.0 * (np.abs(x) < 0.2), t_stim=5.0,
                      duration=40.0, record_every=20)
    assert narrow.widths()[-1] == 0.0


def test_no_input_keeps_the_resting_level():
    run = simulate(KERNEL, h=H, stimulus=np.zeros(100), t_stim=1.0, duration=2.0, n_points=100)
    np.testing.assert_allclose(run.u, H)


def test_neural_field_errors():
    with pytest.raises(ValueError, match="Mexican hat"):
        MexicanHat(sigma_inh=0.5)
    with pytest.raises(ValueError, match="sigma_exc"):
        MexicanHat(sigma_exc=-1.0)
    with pytest.raises(TypeError, match="kernel"):
        amari_widths(lambda x: x, H)
    with pytest.raises(TypeError, match="kernel"):
        simulate("hat", h=H, stimulus=np.zeros(800), t_stim=1.0, duration=2.0)
    with pytest.raises(ValueError, match="stimulus must have n_points=800"):
        simulate(KERNEL, h=H, stimulus=np.zeros(10), t_stim=1.0, duration=2.0)
    with pytest.raises(ValueError, match="dt must be smaller than tau"):
        simulate(KERNEL, h=H, stimulus=np.zeros(800), t_stim=1.0, duration=2.0, dt=1.0)
    with pytest.raises(ValueError, match="duration"):
        simulate(KERNEL, h=H, stimulus=np.zeros(800), t_stim=1.0, duration=0.0)
    with pytest.raises(ValueError, match="n_points"):
        field_grid(10.0, 2)
    with pytest.raises(ValueError, match="h must be 0-D"):
        amari_widths(KERNEL, [0.1, 0.2])
    with pytest.raises(ValueError, match="u must be 1-D"):
        active_length(np.ones((2, 2)), 0.1)


# --- bad input: every public function names the argument ---------------------------

_S = np.zeros(40)


def _sim(**kwargs):
    args = dict(kernel=KERNEL, h=H, stimulus=_S, t_stim=1.0, duration=1.0, length=10.0,
                n_points=40)
    return simulate(**{**args, **kwargs})


BAD_NEURAL_FIELD_CALLS = [
    (lambda: MexicanHat(a_exc="1"), TypeError, "a_exc must be a real number"),
    (lambda: MexicanHat(sigma_inh=np.nan), ValueError, "sigma_inh must be a finite positive"),
    (lambda: KERNEL(np.nan), ValueError, "x must contain only finite"),
    (lambda: KERNEL.integral("a"), TypeError, "x must be array-like"),
    (lambda: field_grid(0.0, 10), ValueError, "length must be a finite positive number"),
    (lambda: field_grid(1.0, 10.0), TypeError, "n_points must be an integer"),
    (lambda: amari_widths(KERNEL, np.nan), ValueError, "h must contain only finite"),
    (lambda: amari_widths(KERNEL, [-0.1, -0.2]), ValueError, "h must be 0-D"),
    (lambda: amari_widths(KERNEL, H, a_max=-1.0), ValueError, "a_max must be a finite positive"),
    (lambda: amari_widths(KERNEL, True), TypeError, "h must be a real number; got True"),
    (lambda: _sim(h=np.bool_(False)), TypeError, "h must be a real number"),
    (lambda: active_length([], 0.1), ValueError, "u needs at least 1 samples; got 0"),
    (lambda: active_length(np.ones(4), 0.0), ValueError, "dx must be a finite positive"),
    (lambda: active_length([np.nan, 1.0], 0.1), ValueError, "u must contain only finite"),
    (lambda: _sim(kernel="hat"), TypeError, "kernel must be a MexicanHat; got str"),
    (lambda: _sim(h=np.inf), ValueError, "h must contain only finite"),
    (lambda: _sim(stimulus=np.zeros((40, 1))), ValueError, "stimulus must be 1-D"),
    (lambda: _sim(stimulus=np.full(40, np.nan)), ValueError, "stimulus must contain only finite"),
    (lambda: _sim(u0=np.zeros(39)), ValueError,
     r"u0 must have n_points=40 entries; got shape \(39,\)"),
    (lambda: _sim(u0=np.full(40, np.inf)), ValueError, "u0 must contain only finite"),
    (lambda: _sim(t_stim=-1.0), ValueError, "t_stim must be a finite non-negative number"),
    (lambda: _sim(duration="1"), TypeError, "duration must be a real number"),
    (lambda: _sim(duration=0.01), ValueError,
     "duration must be at least dt=0.05; got duration=0.01"),
    (lambda: _sim(dt=2.0), ValueError,
     "dt must be smaller than tau for a stable Euler step; got dt=2.0, tau=1.0"),
    (lambda: _sim(tau=0.0), ValueError, "tau must be a finite positive number"),
    (lambda: _sim(length=-1.0), ValueError, "length must be a finite positive number"),
    (lambda: _sim(n_points=0), ValueError, "n_points must be an integer >= 4"),
    (lambda: _sim(record_every=0), ValueError, "record_every must be an integer >= 1"),
    (lambda: _sim(record_every=21), ValueError,
     "record_every must be at most the number of steps, 20; got record_every=21"),
]


@pytest.mark.parametrize("call, error, message", BAD_NEURAL_FIELD_CALLS)
def test_neural_field_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_shortest_run_has_one_step_and_last_record():
    run = _sim(duration=0.05, record_every=1)
    np.testing.assert_allclose(run.t, [0.0, 0.05])
    assert _sim(record_every=20).u.shape == (2, 40)
