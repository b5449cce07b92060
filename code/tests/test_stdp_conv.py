"""Tests of the STDP-trained convolutional spiking layer (neurocomp.stdp_conv)."""

import numpy as np
import pytest
from scipy import ndimage

from neurocomp import stdp_conv as sc


def _brute_first_spikes(times, kernels, threshold, n_steps):
    """Reference: loop over images, maps, positions and steps."""
    n, c, h, w = times.shape
    f, _, k, _ = kernels.shape
    out = np.full((n, f, h - k + 1, w - k + 1), n_steps)
    for a in range(n):
        for m in range(f):
            for i in range(h - k + 1):
                for j in range(w - k + 1):
                    window = times[a, :, i:i + k, j:j + k]
                    for t in range(n_steps):
                        if kernels[m][window <= t].sum() >= threshold:
                            out[a, m, i, j] = t
                            break
    return out


def test_dog_encode_latency_code():
    img = np.zeros((2, 15, 15))
    img[0, 7, 7] = 255.0  # one bright dot; the second image is blank
    times = sc.dog_encode(img, 10, threshold=0.0)
    assert times.shape == (2, 2, 15, 15) and times.dtype.kind == "i"
    assert np.all(times[1] == 10)  # zero contrast never fires
    assert times[0, 0, 7, 7] == 0  # the strongest contrast fires first
    # independent computation of the code t = floor(T (1 - x)) from the filter outputs
    dog = ndimage.gaussian_filter(img[0], 1.0, mode="constant") - ndimage.gaussian_filter(
        img[0], 2.0, mode="constant")
    x = np.stack([np.maximum(dog, 0), np.maximum(-dog, 0)]) / np.abs(dog).max()
    expected = np.where(x > 0, np.minimum(np.floor(10 * (1 - x)), 9), 10)
    np.testing.assert_array_equal(times[0], expected)
    assert np.all(times[0, 1][x[1] > 0] > 0)  # the off-centre surround fires later


def test_dog_encode_threshold_silences_weak_contrast():
    rng = np.random.default_rng(0)
    img = rng.uniform(0, 255, size=(3, 12, 12))
    loose = sc.dog_encode(img, 8, threshold=0.0)
    strict = sc.dog_encode(img, 8, threshold=0.5)
    assert np.sum(strict < 8) < np.sum(loose < 8)
    both = strict < 8
    np.testing.assert_array_equal(strict[both], loose[both])


def test_first_spikes_match_brute_force():
    rng = np.random.default_rng(1)
    times = rng.integers(0, 7, size=(3, 2, 7, 6))  # 6 = never
    kernels = rng.uniform(0, 1, size=(4, 2, 3, 3))
    fast = sc.first_spikes(times, kernels, 4.0, 6, winner_take_all=False)
    np.testing.assert_array_equal(fast, _brute_first_spikes(times, kernels, 4.0, 6))


def test_winner_take_all_keeps_the_earliest_map():
    rng = np.random.default_rng(2)
    times = rng.integers(0, 9, size=(2, 2, 8, 8))
    kernels = rng.uniform(0, 1, size=(5, 2, 3, 3))
    free = sc.first_spikes(times, kernels, 3.0, 8, winner_take_all=False)
    wta = sc.first_spikes(times, kernels, 3.0, 8)
    assert np.all((wta < 8).sum(axis=1) <= 1)  # at most one map per position
    fired = (free < 8).any(axis=1)
    np.testing.assert_array_equal((wta < 8).any(axis=1), fired)
    np.testing.assert_array_equal(wta.min(axis=1)[fired], free.min(axis=1)[fired])


def test_one_stdp_update_by_hand():
    # one 1x3x3 image = one window, one map: the neuron fires when the third input arrives
    times = np.array([[[[0, 1, 2], [3, 4, 5], [6, 9, 9]]]])  # 9 = never (n_steps = 9)
    w0 = np.full((1, 1, 3, 3), 0.8)
    w1, hist = sc.train_stdp(times, w0, threshold=2.3, n_steps=9, a_plus=0.1, a_minus=-0.05,
                             seed=0)
    # potentials 0.8, 1.6, 2.4 at steps 0, 1, 2: the neuron fires at step 2
    expected = np.where(times <= 2, 0.8 + 0.1 * 0.16, 0.8 - 0.05 * 0.16)
    np.testing.assert_allclose(w1, expected)
    np.testing.assert_allclose(w0, 0.8)  # the input is not modified
    np.testing.assert_allclose(hist, [0.16, np.mean(expected * (1 - expected))])


def test_each_map_learns_at_most_once_and_inhibits_its_neighbourhood():
    rng = np.random.default_rng(3)
    times = rng.integers(0, 5, size=(1, 2, 10, 10))
    w0 = sc.init_kernels(3, seed=0)
    w1, _ = sc.train_stdp(times, w0, 5.0, 5, radius=10, seed=0)  # one winner covers everything
    assert np.sum(np.any(w1 != w0, axis=(1, 2, 3))) == 1
    w2, _ = sc.train_stdp(times, w0, 5.0, 5, radius=0, seed=0)
    assert np.sum(np.any(w2 != w0, axis=(1, 2, 3))) == 3  # distinct positions: all maps learn


def test_stdp_converges_towards_zero_and_one():
    rng = np.random.default_rng(4)
    img = np.zeros((60, 12, 12))
    for a in range(60):  # bars in two orientations at random places
        r = rng.integers(2, 10)
        if a % 2:
            img[a, r, 2:10] = 255
        else:
            img[a, 2:10, r] = 255
    times = sc.dog_encode(img, 8)
    w, hist = sc.train_stdp(times, sc.init_kernels(2, seed=1), 6.0, 8, n_epochs=3, seed=1)
    assert hist[-1] < 0.3 * hist[0]
    assert np.all((w >= 0) & (w <= 1))


def test_pooled_features():
    t = np.full((2, 3, 6, 6), 8)
    t[0, 1, 0, 0] = 2
    t[1, 2, 5, 5] = 0
    f = sc.pooled_features(t, 8, grid=2)
    assert f.shape == (2, 12)
    assert f[0, 1 * 4 + 0] == pytest.approx(6 / 8) and f[1, 2 * 4 + 3] == 1.0
    assert np.count_nonzero(f) == 2
    np.testing.assert_allclose(sc.pooled_features(t, 8, grid=1), f.reshape(2, 3, 4).max(axis=2))


def test_convergence_measure():
    assert sc.convergence(np.full((2, 2), 0.5)) == 0.25
    assert sc.convergence(np.array([0.0, 1.0])) == 0.0


def test_bad_arguments():
    good = np.zeros((1, 2, 6, 6), dtype=int)
    kern = np.full((2, 2, 3, 3), 0.5)
    with pytest.raises(ValueError, match="images must be 3-D"):
        sc.dog_encode(np.zeros((5, 5)))
    with pytest.raises(ValueError, match="sigma_surround must be larger"):
        sc.dog_encode(np.zeros((1, 5, 5)), sigma_center=2.0, sigma_surround=1.0)
    with pytest.raises(ValueError, match="threshold must be in"):
        sc.dog_encode(np.zeros((1, 5, 5)), threshold=1.0)
    with pytest.raises(ValueError, match="n_steps"):
        sc.dog_encode(np.zeros((1, 5, 5)), 0)
    with pytest.raises(TypeError, match="times must hold integer"):
        sc.first_spikes(good.astype(float), kern, 1.0, 4)
    with pytest.raises(ValueError, match="kernels must have 2 input channels"):
        sc.first_spikes(good, np.ones((2, 1, 3, 3)), 1.0, 4)
    with pytest.raises(ValueError, match="do not fit"):
        sc.first_spikes(good, np.ones((2, 2, 7, 7)), 1.0, 4)
    with pytest.raises(ValueError, match="threshold"):
        sc.first_spikes(good, kern, -1.0, 4)
    with pytest.raises(TypeError, match="winner_take_all"):
        sc.first_spikes(good, kern, 1.0, 4, winner_take_all=1)
    with pytest.raises(ValueError, match="a_minus must be a negative"):
        sc.train_stdp(good, kern, 1.0, 4, a_minus=0.1)
    with pytest.raises(ValueError, match=r"weights in \[0, 1\]"):
        sc.train_stdp(good, kern + 1, 1.0, 4)
    with pytest.raises(ValueError, match="mean must be in"):
        sc.init_kernels(2, mean=1.5)
    with pytest.raises(ValueError, match="grid must be at most"):
        sc.pooled_features(good, 4, grid=7)
    with pytest.raises(ValueError, match="spike_times must hold non-negative"):
        sc.pooled_features(good - 1, 4)
    with pytest.raises(ValueError, match="kernels must not be empty"):
        sc.convergence(np.zeros(0))
