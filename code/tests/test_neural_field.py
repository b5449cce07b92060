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
