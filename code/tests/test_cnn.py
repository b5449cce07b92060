"""Tests of neurocomp.cnn against SciPy, brute-force loops and finite differences."""

import itertools

import numpy as np
import pytest
from scipy import signal

from neurocomp.cnn import (
    conv2d,
    conv2d_backward,
    conv_output_size,
    max_pool2d,
    max_pool2d_backward,
    receptive_field,
    same_padding,
)

CONFIGS = [  # (H, W, C, F, K_h, K_w, stride, padding, dilation)
    (7, 7, 1, 1, 3, 3, 1, "valid", 1),
    (8, 9, 2, 3, 3, 2, 2, "valid", 1),
    (9, 8, 3, 2, 3, 3, 1, "same", 2),
    (10, 10, 2, 2, 3, 3, 3, "same", 1),
    (6, 7, 2, 4, 2, 3, (2, 1), 1, (1, 2)),
    (9, 9, 1, 2, 3, 3, 2, 2, 2),
]


def _padding_pairs(padding, shape, kernel, stride, dilation):
    if padding == "valid":
        return [(0, 0), (0, 0)]
    if padding == "same":
        return [same_padding(shape[a], kernel[a], stride[a], dilation[a]) for a in range(2)]
    return [(padding, padding)] * 2


def _pair(v):
    return v if isinstance(v, tuple) else (v, v)


def brute_force_conv(x, W, b, stride, padding, dilation):
    """Cross-correlation by six nested loops straight from its definition."""
    stride, dilation = _pair(stride), _pair(dilation)
    pads = _padding_pairs(padding, x.shape[1:3], W.shape[:2], stride, dilation)
    xp = np.pad(x, [(0, 0), *pads, (0, 0)])
    kh, kw, C, F = W.shape
    oh = (xp.shape[1] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (xp.shape[2] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    z = np.zeros((x.shape[0], oh, ow, F))
    for n, i, j, f in itertools.product(range(x.shape[0]), range(oh), range(ow), range(F)):
        total = b[f]
        for u, v in itertools.product(range(kh), range(kw)):
            p, q = stride[0] * i + dilation[0] * u, stride[1] * j + dilation[1] * v
            total += xp[n, p, q, :] @ W[u, v, :, f]
        z[n, i, j, f] = total
    return z


def _random_case(config, seed=0):
    H, Wd, C, F, kh, kw, stride, padding, dilation = config
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2, H, Wd, C))
    W = rng.normal(size=(kh, kw, C, F))
    b = rng.normal(size=F)
    return x, W, b, dict(stride=stride, padding=padding, dilation=dilation)


def test_conv2d_single_channel_equals_scipy_correlate2d():
    rng = np.random.default_rng(1)
    image, kernel = rng.normal(size=(12, 10)), rng.normal(size=(4, 3))
    z = conv2d(image[None, :, :, None], kernel[:, :, None, None])
    np.testing.assert_allclose(z[0, :, :, 0], signal.correlate2d(image, kernel, mode="valid"),
                               atol=1e-12)


def test_conv2d_full_padding_equals_scipy_full_correlation():
    rng = np.random.default_rng(2)
    image, kernel = rng.normal(size=(6, 6)), rng.normal(size=(3, 3))
    z = conv2d(image[None, :, :, None], kernel[:, :, None, None], padding=2)
    np.testing.assert_allclose(z[0, :, :, 0], signal.correlate2d(image, kernel, mode="full"),
                               atol=1e-12)


@pytest.mark.parametrize("config", CONFIGS)
def test_conv2d_equals_brute_force(config):
    x, W, b, kw = _random_case(config)
    np.testing.assert_allclose(conv2d(x, W, b, **kw), brute_force_conv(x, W, b, **kw),
                               atol=1e-10)


def _numerical_gradient(f, a, eps=1e-6):
    grad = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + eps
        up = f()
        a[idx] = old - eps
        down = f()
        a[idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


@pytest.mark.parametrize("config", CONFIGS)
def test_conv2d_backward_equals_finite_differences(config):
    x, W, b, kw = _random_case(config, seed=3)
    g = np.random.default_rng(4).normal(size=conv2d(x, W, b, **kw).shape)

    def loss():  # L = sum of g · z, so that dL/dz = g
        return np.sum(g * conv2d(x, W, b, **kw))

    dx, dW, db = conv2d_backward(g, x, W, **kw)
    np.testing.assert_allclose(dx, _numerical_gradient(loss, x), atol=1e-6)
    np.testing.assert_allclose(dW, _numerical_gradient(loss, W), atol=1e-6)
    np.testing.assert_allclose(db, _numerical_gradient(loss, b), atol=1e-6)


def test_input_gradient_is_a_full_convolution_with_the_kernel():
    # stride 1, no padding: dL/dx = delta convolved (kernel flipped) with W, "full" mode
    rng = np.random.default_rng(5)
    x, kernel = rng.normal(size=(1, 9, 8, 1)), rng.normal(size=(3, 4))
    delta = rng.normal(size=(1, 7, 5, 1))
    dx, _, _ = conv2d_backward(delta, x, kernel[:, :, None, None])
    np.testing.assert_allclose(dx[0, :, :, 0],
                               signal.convolve2d(delta[0, :, :, 0], kernel, mode="full"),
                               atol=1e-12)


def test_conv2d_is_translation_equivariant():
    rng = np.random.default_rng(6)
    x, W = rng.normal(size=(1, 10, 10, 2)), rng.normal(size=(3, 3, 2, 2))
    shifted = np.roll(x, (2, 1), axis=(1, 2))
    z, z_shifted = conv2d(x, W), conv2d(shifted, W)
    np.testing.assert_allclose(z_shifted[:, 2:, 1:], z[:, :-2, :-1], atol=1e-12)


@pytest.mark.parametrize("n,k,s,p,d", [(n, k, s, p, d) for n in (1, 5, 8, 13)
                                       for k in (1, 2, 3, 5) for s in (1, 2, 3)
                                       for p in (0, 1, 2) for d in (1, 2)])
def test_conv_output_size_counts_window_positions(n, k, s, p, d):
    span = d * (k - 1) + 1
    positions = [i for i in range(0, n + 2 * p, s) if i + span <= n + 2 * p]
    if not positions:
        with pytest.raises(ValueError, match="kernel spans"):
            conv_output_size(n, k, s, p, d)
    else:
        assert conv_output_size(n, k, s, p, d) == len(positions)


GRID = list(itertools.product((1, 6, 7, 28), (1, 2, 3, 4), (1, 2, 3), (1, 2)))


@pytest.mark.parametrize("n,k,s,d", GRID)
def test_same_padding_gives_ceil_n_over_s(n, k, s, d):
    before, after = same_padding(n, k, s, d)
    assert after - before in (0, 1)
    assert conv_output_size(n, k, s, "same", d) == -(-n // s)
    assert conv_output_size(n + before + after, k, s, 0, d) == -(-n // s)


def brute_force_pool(x, size, stride):
    n, h, w, c = x.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    out, dx_route = np.zeros((n, oh, ow, c)), []
    for a, i, j, ch in itertools.product(range(n), range(oh), range(ow), range(c)):
        window = x[a, stride * i:stride * i + size, stride * j:stride * j + size, ch]
        out[a, i, j, ch] = window.max()
        u, v = np.unravel_index(window.argmax(), window.shape)
        dx_route.append(((a, i, j, ch), (a, stride * i + u, stride * j + v, ch)))
    return out, dx_route


@pytest.mark.parametrize("shape,size,stride", [((2, 8, 8, 3), 2, None), ((1, 9, 7, 2), 2, 2),
                                               ((2, 9, 9, 1), 3, 2), ((1, 7, 8, 2), 3, 1)])
def test_max_pool_forward_and_backward_route_to_the_argmax(shape, size, stride):
    rng = np.random.default_rng(7)
    x = rng.normal(size=shape)
    out, routes = brute_force_pool(x, size, stride or size)
    np.testing.assert_array_equal(max_pool2d(x, size, stride), out)
    delta = rng.normal(size=out.shape)
    expected = np.zeros_like(x)
    for out_idx, in_idx in routes:
        expected[in_idx] += delta[out_idx]
    dx = max_pool2d_backward(delta, x, size, stride)
    np.testing.assert_allclose(dx, expected, atol=1e-12)
    loss = lambda: np.sum(delta * max_pool2d(x, size, stride))  # noqa: E731
    np.testing.assert_allclose(dx, _numerical_gradient(loss, x), atol=1e-6)


def test_max_pool_ties_go_to_the_first_element():
    x = np.ones((1, 2, 2, 1))
    dx = max_pool2d_backward(np.ones((1, 1, 1, 1)), x)
    np.testing.assert_array_equal(dx[0, :, :, 0], [[1, 0], [0, 0]])


def test_receptive_field_known_values():
    assert receptive_field([3, 3, 3])[-1] == (7, 1)
    assert receptive_field([3, 3, 3, 3], dilations=[1, 2, 4, 8])[-1] == (31, 1)
    assert receptive_field([3, 2, 3, 2], strides=[1, 2, 1, 2]) == [(1, 1), (3, 1), (4, 2),
                                                                   (8, 2), (10, 4)]


@pytest.mark.parametrize("kernels,strides,dilations", [([3, 3, 3], [1, 1, 1], [1, 1, 1]),
                                                       ([3, 3, 3], [2, 2, 1], [1, 1, 1]),
                                                       ([3, 3, 3], [1, 1, 1], [1, 2, 4]),
                                                       ([5, 2, 3], [1, 2, 1], [1, 1, 2])])
def test_receptive_field_equals_support_of_input_gradient(kernels, strides, dilations):
    # positive kernels: every input pixel inside the receptive field gets a positive gradient
    size = 64
    shapes, x = [], np.ones((1, size, size, 1))
    for k, s, d in zip(kernels, strides, dilations):
        shapes.append(x)
        x = conv2d(x, np.ones((k, k, 1, 1)), stride=s, dilation=d)
    delta = np.zeros_like(x)
    delta[0, x.shape[1] // 2, x.shape[2] // 2, 0] = 1.0
    for inp, k, s, d in zip(reversed(shapes), kernels[::-1], strides[::-1], dilations[::-1]):
        delta = conv2d_backward(delta, inp, np.ones((k, k, 1, 1)), stride=s, dilation=d)[0]
    rows = np.flatnonzero(delta[0, :, :, 0].sum(axis=1) > 0)
    assert rows[-1] - rows[0] + 1 == receptive_field(kernels, strides, dilations)[-1][0]


def test_bad_input_raises_clear_errors():
    x, W = np.zeros((1, 5, 5, 2)), np.zeros((3, 3, 2, 4))
    with pytest.raises(ValueError, match="x must be 4-D"):
        conv2d(np.zeros((5, 5, 2)), W)
    with pytest.raises(ValueError, match="C = 2 input channels"):
        conv2d(x, np.zeros((3, 3, 1, 4)))
    with pytest.raises(ValueError, match="b must have shape"):
        conv2d(x, W, np.zeros(3))
    with pytest.raises(ValueError, match="padding must be"):
        conv2d(x, W, padding="full")
    with pytest.raises(ValueError, match="padding must be"):
        conv2d(x, W, padding=-1)
    with pytest.raises(ValueError, match="stride must be an integer >= 1"):
        conv2d(x, W, stride=0)
    with pytest.raises(TypeError, match="dilation must be an integer"):
        conv2d(x, W, dilation=1.5)
    with pytest.raises(ValueError, match="pair of ints"):
        conv2d(x, W, stride=(1, 2, 3))
    with pytest.raises(ValueError, match="the kernel of W spans 7 pixels along the height"):
        conv2d(x, W, dilation=3)
    with pytest.raises(ValueError, match="delta must have the shape"):
        conv2d_backward(np.zeros((1, 4, 4, 4)), x, W)
    with pytest.raises(ValueError, match="only finite values"):
        conv2d(np.full((1, 5, 5, 2), np.nan), W)
    with pytest.raises(ValueError, match="delta must have the shape"):
        max_pool2d_backward(np.zeros((1, 3, 3, 2)), x)
    with pytest.raises(ValueError, match="size must be an integer >= 1"):
        max_pool2d(x, size=0)
    with pytest.raises(ValueError, match=r"the pooling window \(size\) spans 6"):
        max_pool2d(x, size=6)
    with pytest.raises(TypeError, match="kernels must be a sequence"):
        receptive_field(3)
    with pytest.raises(ValueError, match="same length"):
        receptive_field([3, 3], strides=[1])
    with pytest.raises(ValueError, match=r"kernels\[0\] must be an integer >= 1"):
        receptive_field([0])
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        conv_output_size(0, 3)


# --- bad-input audit (issue 11): one call per error path ------------------------------------

_X, _W = np.zeros((1, 5, 5, 2)), np.zeros((3, 3, 2, 4))

BAD_CNN_CALLS = [
    (lambda: conv2d(np.zeros((0, 5, 5, 2)), _W), ValueError,
     r"x must have shape \(N, H, W, C\) with every axis >= 1; got \(0, 5, 5, 2\)"),
    (lambda: conv2d(np.zeros((1, 0, 5, 2)), _W), ValueError,
     r"x must have shape \(N, H, W, C\) with every axis >= 1; got \(1, 0, 5, 2\)"),
    (lambda: conv2d(np.zeros((1, 5, 5, 0)), np.zeros((3, 3, 0, 4))), ValueError,
     r"x must have shape \(N, H, W, C\) with every axis >= 1"),
    (lambda: conv2d(_X, np.zeros((0, 3, 2, 4))), ValueError,
     r"W must have shape \(K_h, K_w, C, F\) with every axis >= 1; got \(0, 3, 2, 4\)"),
    (lambda: conv2d(_X, np.zeros((3, 3, 2, 0))), ValueError,
     r"W must have shape \(K_h, K_w, C, F\) with every axis >= 1"),
    (lambda: conv2d(_X, np.zeros((3, 7, 2, 4))), ValueError,
     "the kernel of W spans 7 pixels along the width but x has only 5 there"),
    (lambda: conv2d_backward(np.zeros((1, 3, 3, 4)), _X, np.zeros((3, 3, 2, 0))), ValueError,
     "W must have shape"),
    (lambda: max_pool2d(np.zeros((0, 4, 4, 1))), ValueError,
     r"x must have shape \(N, H, W, C\) with every axis >= 1; got \(0, 4, 4, 1\)"),
    (lambda: max_pool2d_backward(np.zeros((1, 2, 2, 0)), np.zeros((1, 4, 4, 0))), ValueError,
     r"x must have shape \(N, H, W, C\)"),
    (lambda: max_pool2d(_X, size=(2, 6)), ValueError,
     r"the pooling window \(size\) spans 6 pixels along the width"),
    (lambda: receptive_field([3, 3], strides=2), TypeError,
     "strides must be a sequence of ints; got 2"),
    (lambda: receptive_field([3, 3], dilations="ab"), TypeError,
     "dilations must be a sequence of ints; got 'ab'"),
    (lambda: receptive_field([3, 3], strides=[1, 0]), ValueError,
     r"strides\[1\] must be an integer >= 1; got strides\[1\]=0"),
    (lambda: receptive_field([3, 2.0]), TypeError, r"kernels\[1\] must be an integer; got 2.0"),
    (lambda: receptive_field([3, 3], dilations=[1]), ValueError,
     r"dilations must have the same length as kernels \(2\); got 1"),
    (lambda: conv_output_size(5, 3, padding=True), ValueError, "padding must be"),
    (lambda: same_padding(5, 3.0), TypeError, "kernel must be an integer; got 3.0"),
]


@pytest.mark.parametrize("call, error, message", BAD_CNN_CALLS)
def test_cnn_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
