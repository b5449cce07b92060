"""Tests of the Siegert formula and the Brunel network's self-consistent rate."""

import numpy as np
import pytest

from neurocomp import meanfield as mf


def test_siegert_tends_to_the_deterministic_lif_rate_for_weak_noise():
    mu = 0.025  # 25 mV, above the 20 mV threshold
    deterministic = 1 / (0.002 + 0.020 * np.log((mu - 0.010) / (mu - 0.020)))
    assert mf.siegert_rate(mu, 1e-5) == pytest.approx(deterministic, rel=1e-3)


def test_siegert_rate_grows_with_noise_below_threshold():
    rates = [mf.siegert_rate(0.015, s) for s in (1e-3, 2e-3, 4e-3)]
    assert rates[0] < rates[1] < rates[2]
    assert mf.siegert_rate(-0.5, 1e-3) == 0.0  # far below threshold


def test_brunel_rate_is_self_consistent():
    for g, ratio in [(8.0, 2.0), (5.0, 1.5), (3.0, 2.0)]:
        nu = mf.brunel_rate(g, ratio)
        mu, sigma = mf.brunel_input(nu, g, ratio)
        assert mf.siegert_rate(mu, sigma) == pytest.approx(nu, rel=1e-6)


def test_brunel_input_at_threshold_drive():
    mu, sigma = mf.brunel_input(0.0, 5.0, 1.0)
    assert mu == pytest.approx(0.020)  # nu_ext = nu_thr brings the mean to threshold
    assert sigma == pytest.approx(np.sqrt(0.020 * 0.2e-3))  # sqrt(theta J) = 2 mV


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: mf.siegert_rate(0.01, 0.0), ValueError, "sigma"),
        (lambda: mf.siegert_rate("a", 0.01), TypeError, "mu must be a finite real"),
        (lambda: mf.siegert_rate(0.01, 0.01, v_reset=0.03), ValueError, "v_reset must lie below"),
        (lambda: mf.brunel_rate(5.0, 0.0), ValueError, "nu_ratio"),
        (lambda: mf.brunel_rate(5.0, 1.0, tau_m=0.01), TypeError, "unknown constants"),
        (lambda: mf.brunel_input(-1.0, 5.0, 1.0), ValueError, "nu"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
