"""A small STDP-trained convolutional spiking network, after Kheradpisheh et
al. (2018).

Plain NumPy (and scipy.ndimage for the filters), no Brian2: with one spike per
input and non-leaky integrate-and-fire neurons, a neuron's potential at time
step t is simply the sum of the weights of the inputs that have fired up to t,
so the whole layer is a convolution of cumulative spike maps, evaluated for
every time step at once.

The pipeline:

1. ``dog_encode``: on-centre and off-centre difference-of-Gaussians filters,
   and a latency code that turns every filter output x in (0, 1] into one spike
   at step floor(T (1 - x)); outputs at or below a threshold never fire.
2. ``first_spikes``: a convolutional layer of non-leaky integrate-and-fire
   neurons, each firing at most once (the first time its potential reaches the
   threshold), with an optional first-spike winner-take-all across the feature
   maps at each position.
3. ``train_stdp``: the simplified STDP of the paper on the shared kernel of
   each winner, dw = a_plus w (1 - w) for the inputs that fired no later than
   the winner and dw = a_minus w (1 - w) for the others, with the competition
   of the paper: the earliest neuron wins, each map learns at most once per
   image, and a winner stops all maps from learning in its neighbourhood.
4. ``pooled_features``: spike-time features, max-pooled over a coarse spatial
   grid, for a linear classifier.
"""

from __future__ import annotations

import contextlib
from typing import Any

import numpy as np
from scipy import ndimage

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_int,
    check_positive,
)

__all__ = [
    "dog_encode",
    "init_kernels",
    "first_spikes",
    "train_stdp",
    "pooled_features",
    "convergence",
]


def _one_blas_thread() -> contextlib.AbstractContextManager:
    """Run the many small matrix products on one BLAS thread.

    Products of shape (windows, 50) x (50, maps) are too small to gain from
    threads; on a busy machine, extra threads make them several times slower.
    """
    try:
        from threadpoolctl import threadpool_limits
    # threadpoolctl comes with scikit-learn; without it, keep the default
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _check_times(times: Any, name: str = "times") -> np.ndarray:
    arr = check_array(times, name, ndim=4, dtype=None)
    if arr.dtype.kind not in "iu":
        raise TypeError(
            f"{name} must hold integer spike steps (from dog_encode); got "
            "dtype "
            f"{arr.dtype}"
        )
    if arr.size and arr.min() < 0:
        raise ValueError(
            f"{name} must hold non-negative spike steps; found {arr.min()}"
        )
    return arr


def _check_kernels(kernels: Any, n_channels: int | None = None) -> np.ndarray:
    w = check_array(kernels, "kernels", ndim=4)
    if w.shape[2] != w.shape[3] or w.shape[2] < 1:
        raise ValueError(
            "kernels must have shape (n_maps, n_channels, k, k); got "
            f"{w.shape}"
        )
    if n_channels is not None and w.shape[1] != n_channels:
        raise ValueError(
            f"kernels must have {n_channels} input channels like the spike "
            "times; "
            f"got kernels of shape {w.shape}"
        )
    return w


def dog_encode(
    images: Any,
    n_steps: int = 16,
    *,
    sigma_center: float = 1.0,
    sigma_surround: float = 2.0,
    threshold: float = 0.1,
) -> np.ndarray:
    """On- and off-centre difference-of-Gaussians filtering followed by a
    latency code.

    Each image is filtered with G(sigma_center) - G(sigma_surround); the
    positive part is the on-centre channel (a bright spot on a dark surround),
    the negative part the off-centre channel. Both are divided by the image's
    largest response, so that the strongest contrast is x = 1, and every output
    x > threshold fires one spike at step floor(n_steps (1 - x)) (clipped to
    n_steps - 1), the latency code t = T (1 - x). Outputs x <= threshold, in
    particular zero contrast, never fire.

    Parameters
    ----------
    images : array_like, shape (n_images, height, width)
        Grey-level images (any non-negative scale, e.g. 0-255).
    n_steps : int
        Number of time steps T of the code.
    sigma_center, sigma_surround : float
        Standard deviations (pixels) of the two Gaussians; sigma_center <
        sigma_surround.
    threshold : float
        Relative contrast in [0, 1) at or below which an output stays silent.

    Returns
    -------
    numpy.ndarray of int, shape (n_images, 2, height, width)
        Spike step of every input (channel 0: on-centre, 1: off-centre); the
        value n_steps means "never fires".
    """
    x = check_array(images, "images", ndim=3, min_samples=1)
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    sigma_center = check_positive(sigma_center, "sigma_center")
    sigma_surround = check_positive(sigma_surround, "sigma_surround")
    if sigma_surround <= sigma_center:
        raise ValueError(
            f"sigma_surround must be larger than sigma_center; got "
            f"sigma_center={sigma_center}, sigma_surround={sigma_surround}"
        )
    threshold = check_positive(threshold, "threshold", allow_zero=True)
    if threshold >= 1:
        raise ValueError(
            f"threshold must be in [0, 1); got threshold={threshold}"
        )
    blur = ndimage.gaussian_filter(
        x, (0, sigma_center, sigma_center), mode="constant"
    ) - ndimage.gaussian_filter(
        x, (0, sigma_surround, sigma_surround), mode="constant"
    )
    dog = np.stack([np.maximum(blur, 0.0), np.maximum(-blur, 0.0)], axis=1)
    peak = dog.reshape(len(x), -1).max(axis=1)
    dog /= np.where(peak > 0, peak, 1.0)[:, None, None, None]
    steps = np.minimum(np.floor(n_steps * (1.0 - dog)), n_steps - 1).astype(
        np.int64
    )
    return np.where(dog > threshold, steps, n_steps)


def init_kernels(
    n_maps: int,
    n_channels: int = 2,
    kernel_size: int = 5,
    *,
    mean: float = 0.8,
    std: float = 0.05,
    seed: SeedLike = None,
) -> np.ndarray:
    """Initial convolution kernels: weights drawn around ``mean``, clipped to
    [0.01, 0.99].

    Parameters
    ----------
    n_maps, n_channels, kernel_size : int
        Number of feature maps, of input channels, and the kernel's side
        length.
    mean, std : float
        Mean and standard deviation of the normal distribution of the initial
        weights.
    seed : int, numpy.random.Generator or None
        Source of randomness.

    Returns
    -------
    numpy.ndarray, shape (n_maps, n_channels, kernel_size, kernel_size)
    """
    n_maps = check_int(n_maps, "n_maps")
    n_channels = check_int(n_channels, "n_channels")
    kernel_size = check_int(kernel_size, "kernel_size")
    mean = check_positive(mean, "mean")
    if mean >= 1:
        raise ValueError(f"mean must be in (0, 1); got mean={mean}")
    std = check_positive(std, "std", allow_zero=True)
    rng = as_generator(seed)
    w = rng.normal(
        mean, std, size=(n_maps, n_channels, kernel_size, kernel_size)
    )
    return np.clip(w, 0.01, 0.99)


def _patch_times(times: np.ndarray, k: int) -> np.ndarray:
    """Spike steps of every k x k patch: shape (n_images, n_positions, channels
    * k * k)."""
    small = times.astype(np.uint8) if times.max(initial=0) < 256 else times
    win = np.lib.stride_tricks.sliding_window_view(small, (k, k), axis=(2, 3))
    n, c, ho, wo = win.shape[:4]
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(n, ho * wo, c * k * k)


def _first_crossing(
    patches: np.ndarray, w_flat: np.ndarray, n_steps: int, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """First step at which each neuron reaches threshold (n_steps if never),
    and its potential.

    The potential at step t is the summed weight of the inputs of the neuron's
    window that have fired up to t. It never decreases (the weights are
    non-negative), so the first step at threshold is the number of steps spent
    below it. Returns two arrays of shape (n_images, n_positions, n_maps).
    """
    n, p, d = patches.shape
    n_maps = w_flat.shape[0]
    flat = patches.reshape(n * p, d)
    # windows in which some input fires
    active = np.flatnonzero(flat.min(axis=1) < n_steps)
    sub = flat[active]
    w_t = np.ascontiguousarray(w_flat.T, dtype=np.float32)
    below = np.zeros((len(active), n_maps), dtype=np.int32)
    v_fire = np.zeros((len(active), n_maps), dtype=np.float32)
    for t in range(n_steps):
        v = (sub <= t).astype(np.float32) @ w_t
        low = v < threshold
        # below threshold at every earlier step, not now
        crossing = ~low & (below == t)
        v_fire[crossing] = v[crossing]
        below += low
    t_fire = np.full((n * p, n_maps), n_steps, dtype=np.int32)
    v_all = np.zeros((n * p, n_maps), dtype=np.float32)
    t_fire[active], v_all[active] = below, v_fire
    return t_fire.reshape(n, p, n_maps), v_all.reshape(n, p, n_maps)


def first_spikes(
    times: Any,
    kernels: Any,
    threshold: float,
    n_steps: int,
    *,
    winner_take_all: bool = True,
) -> np.ndarray:
    """First-spike times of a convolutional layer of non-leaky
    integrate-and-fire neurons.

    The neuron of map f at position (i, j) sums the weights of the inputs in
    its k x k window (all channels) that have fired so far and fires once, at
    the first step its potential reaches ``threshold``. With
    ``winner_take_all``, at each position only the map that fires first (ties:
    the larger potential) keeps its spike.

    Parameters
    ----------
    times : array_like of int, shape (n_images, n_channels, height, width)
        Input spike steps from ``dog_encode`` (n_steps = never).
    kernels : array_like, shape (n_maps, n_channels, k, k)
        Shared weights of the feature maps.
    threshold : float
        Firing threshold (in units of a weight).
    n_steps : int
        Number of time steps, as in ``dog_encode``.
    winner_take_all : bool
        Apply the first-spike lateral inhibition across maps.

    Returns
    -------
    numpy.ndarray of int16, shape (n_images, n_maps, height - k + 1, width - k
    + 1)
        Spike step of every neuron; n_steps means "no spike".
    """
    times = _check_times(times)
    w = _check_kernels(kernels, times.shape[1])
    threshold = check_positive(threshold, "threshold")
    n_steps = check_int(n_steps, "n_steps")
    if n_steps >= 2**15:
        raise ValueError(f"n_steps must be below 32768; got n_steps={n_steps}")
    if not isinstance(winner_take_all, (bool, np.bool_)):
        raise TypeError(
            f"winner_take_all must be True or False; got {winner_take_all!r}"
        )
    k = w.shape[2]
    if k > min(times.shape[2:]):
        raise ValueError(
            f"kernels of size {k} do not fit images of size {times.shape[2:]}"
        )
    ho, wo = times.shape[2] - k + 1, times.shape[3] - k + 1
    w_flat = w.reshape(len(w), -1)
    out = []
    with _one_blas_thread():
        for start in range(0, len(times), 128):  # chunks keep the memory small
            patches = _patch_times(times[start : start + 128], k)
            t_fire, v_fire = _first_crossing(
                patches, w_flat, n_steps, threshold
            )
            if winner_take_all:
                # rank by time, then by potential: the winner has the smallest
                # t - v / (1 + max v)
                score = t_fire - v_fire / (1.0 + np.abs(v_fire).max())
                winner = score.argmin(axis=2)
                keep = np.arange(len(w))[None, None, :] == winner[..., None]
                t_fire = np.where(keep, t_fire, n_steps)
            out.append(
                t_fire.transpose(0, 2, 1)
                .reshape(-1, len(w), ho, wo)
                .astype(np.int16)
            )
    return np.concatenate(out)


def train_stdp(
    times: Any,
    kernels: Any,
    threshold: float,
    n_steps: int,
    *,
    a_plus: float = 0.05,
    a_minus: float = -0.0375,
    radius: int = 2,
    max_winners: int | None = None,
    n_epochs: int = 1,
    seed: SeedLike = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Unsupervised STDP training of the kernels, one image at a time.

    For each image the potentials of all neurons are computed with the current
    kernels. The earliest neuron to reach threshold (ties: the larger
    potential) is the winner; its map's kernel is updated with dw = a_plus w (1
    - w) on the inputs of its window that fired no later than it, and dw =
    a_minus w (1 - w) on the others (inputs that never fired included). The
    winner's map learns no more on this image, and no map learns at positions
    within ``radius`` of the winner. The next earliest neuron that is still
    allowed to learn wins next, until none is left or ``max_winners`` maps have
    learned.

    Parameters
    ----------
    times : array_like of int, shape (n_images, n_channels, height, width)
        Input spike steps from ``dog_encode``.
    kernels : array_like, shape (n_maps, n_channels, k, k)
        Initial kernels, weights in [0, 1] (e.g. from ``init_kernels``); not
        modified.
    threshold : float
        Firing threshold of the neurons.
    n_steps : int
        Number of time steps of the code.
    a_plus, a_minus : float
        Learning rates of potentiation (> 0) and depression (< 0).
    radius : int
        Half-width, in positions, of the neighbourhood in which a winner blocks
        learning.
    max_winners : int or None
        Largest number of maps that learn on one image (default: all maps).
    n_epochs : int
        Passes over the images.
    seed : int, numpy.random.Generator or None
        Order in which the images are presented in each epoch.

    Returns
    -------
    kernels : numpy.ndarray, shape (n_maps, n_channels, k, k)
        Learned kernels.
    history : numpy.ndarray, shape (n_images * n_epochs + 1,)
        The convergence measure mean w (1 - w) of the kernels before training
        and after every image.
    """
    times = _check_times(times)
    w = _check_kernels(kernels, times.shape[1]).copy()
    if w.min() < 0 or w.max() > 1:
        raise ValueError(
            f"kernels must have weights in [0, 1]; got range "
            f"[{w.min():.3g}, {w.max():.3g}]"
        )
    threshold = check_positive(threshold, "threshold")
    n_steps = check_int(n_steps, "n_steps")
    a_plus = check_positive(a_plus, "a_plus")
    if (
        isinstance(a_minus, bool)
        or not isinstance(a_minus, (int, float))
        or not a_minus < 0
    ):
        raise ValueError(
            f"a_minus must be a negative number; got a_minus={a_minus!r}"
        )
    radius = check_int(radius, "radius", minimum=0)
    n_maps, k = len(w), w.shape[2]
    max_winners = (
        n_maps
        if max_winners is None
        else check_int(max_winners, "max_winners")
    )
    n_epochs = check_int(n_epochs, "n_epochs")
    rng = as_generator(seed)
    n_rows, n_cols = times.shape[2] - k + 1, times.shape[3] - k + 1
    # position of each window
    rows, cols = np.divmod(np.arange(n_rows * n_cols), n_cols)
    w_flat = w.reshape(n_maps, -1)  # a view: updates change w
    history = [convergence(w)]
    with _one_blas_thread():
        for _ in range(n_epochs):
            for idx in rng.permutation(len(times)):
                # (positions, inputs)
                patches = _patch_times(times[idx : idx + 1], k)[0]
                t_fire, v_fire = _first_crossing(
                    patches[None], w_flat, n_steps, threshold
                )
                t_fire, v_fire = t_fire[0], v_fire[0]  # (positions, maps)
                # earliest first, ties broken by the larger potential; silent
                # neurons never win
                # (positions, maps)
                score = t_fire - v_fire / (1.0 + np.abs(v_fire).max())
                score = np.where(t_fire < n_steps, score, np.inf)
                for _winner in range(max_winners):
                    flat = int(np.argmin(score))
                    pos, f = divmod(flat, n_maps)
                    if not np.isfinite(score[pos, f]):
                        break
                    pre_first = patches[pos] <= t_fire[pos, f]
                    soft = w_flat[f] * (1.0 - w_flat[f])
                    w_flat[f] += np.where(pre_first, a_plus, a_minus) * soft
                    np.clip(w_flat[f], 0.0, 1.0, out=w_flat[f])
                    score[:, f] = np.inf  # this map is done for this image
                    near = (np.abs(rows - rows[pos]) <= radius) & (
                        np.abs(cols - cols[pos]) <= radius
                    )
                    # lateral inhibition of learning around the winner
                    score[near, :] = np.inf
                history.append(convergence(w))
    return w, np.asarray(history)


def pooled_features(
    spike_times: Any, n_steps: int, grid: int = 3
) -> np.ndarray:
    """Spike-time features max-pooled over a grid x grid partition of each
    feature map.

    Every neuron contributes (n_steps - t) / n_steps for a spike at step t
    (early spikes count most, no spike counts 0); the feature of a map in a
    region is the largest value in it, so an image becomes n_maps * grid * grid
    numbers.

    Parameters
    ----------
    spike_times : array_like of int, shape (n_images, n_maps, height, width)
        Output of ``first_spikes``.
    n_steps : int
        Number of time steps of the code.
    grid : int
        Number of pooling regions per side (1: global max pooling).

    Returns
    -------
    numpy.ndarray, shape (n_images, n_maps * grid * grid)
    """
    t = _check_times(spike_times, "spike_times")
    n_steps = check_int(n_steps, "n_steps")
    grid = check_int(grid, "grid")
    if grid > min(t.shape[2:]):
        raise ValueError(
            f"grid must be at most the map size {min(t.shape[2:])}; got "
            f"grid={grid}"
        )
    edges_r = np.linspace(0, t.shape[2], grid + 1).round().astype(int)
    edges_c = np.linspace(0, t.shape[3], grid + 1).round().astype(int)
    earliest = [
        # the largest value is the earliest
        t[:, :, r0:r1, c0:c1].min(axis=(2, 3))
        for r0, r1 in zip(edges_r[:-1], edges_r[1:])
        for c0, c1 in zip(edges_c[:-1], edges_c[1:])
    ]
    earliest = np.stack(earliest, axis=2).reshape(len(t), -1).astype(np.int64)
    return np.clip(n_steps - earliest, 0, None) / n_steps


def convergence(kernels: Any) -> float:
    """Mean of w (1 - w) over all weights: 0.25 at w = 0.5, 0 when every weight
    is 0 or 1.

    Parameters
    ----------
    kernels : array_like
        Weights in [0, 1].

    Returns
    -------
    float
    """
    w = check_array(kernels, "kernels")
    if w.size == 0:
        raise ValueError("kernels must not be empty")
    return float(np.mean(w * (1.0 - w)))
