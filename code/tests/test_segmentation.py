"""Tests of neurocomp.segmentation (NumPy) and neurocomp.segmentation_keras."""

import numpy as np
import pytest

from neurocomp.cnn import conv2d, conv_output_size, max_pool2d, max_pool2d_backward
from neurocomp.segmentation import (
    CLASS_NAMES,
    conv_transpose2d,
    conv_transpose_output_size,
    dice_loss,
    dice_loss_gradient,
    iou_per_class,
    make_scenes,
    max_pool_with_indices,
    max_unpool2d,
    mean_iou,
    one_hot,
    upsample_bed_of_nails,
    upsample_nearest,
)

SETTINGS = [(1, "valid"), (2, "valid"), (3, "valid"), (2, "same"), (3, "same"), (2, 1)]


@pytest.mark.parametrize("stride,padding", SETTINGS)
def test_transposed_convolution_is_the_adjoint(stride, padding):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 9, 8, 3))
    W = rng.normal(size=(3, 2, 3, 4))
    z = conv2d(x, W, stride=stride, padding=padding)
    y = rng.normal(size=z.shape)
    xt = conv_transpose2d(y, W, stride=stride, padding=padding, output_size=x.shape[1:3])
    assert xt.shape == x.shape
    np.testing.assert_allclose(np.sum(z * y), np.sum(x * xt), rtol=1e-10)


def test_transposed_convolution_matches_explicit_matrix():
    rng = np.random.default_rng(1)
    W = rng.normal(size=(3, 3, 1, 1))
    n_in = 5
    # the matrix of the convolution, one column per input pixel
    basis = np.eye(n_in * n_in).reshape(-1, n_in, n_in, 1)
    C = conv2d(basis, W, stride=2, padding=1).reshape(n_in * n_in, -1).T
    y = rng.normal(size=(1, 3, 3, 1))
    xt = conv_transpose2d(y, W, stride=2, padding=1, output_size=(5, 5))
    np.testing.assert_allclose(xt.ravel(), C.T @ y.ravel(), atol=1e-12)


def test_transposed_convolution_single_pixel_stamps_the_kernel():
    W = np.arange(9.0).reshape(3, 3, 1, 1)
    y = np.zeros((1, 2, 2, 1))
    y[0, 1, 0, 0] = 2.0
    x = conv_transpose2d(y, W, stride=2)
    assert x.shape == (1, 5, 5, 1)
    np.testing.assert_array_equal(x[0, 2:5, 0:3, 0], 2 * W[:, :, 0, 0])
    assert np.count_nonzero(x) == 8  # the stamp holds one zero weight


@pytest.mark.parametrize("n,kernel,stride,padding", [
    (4, 3, 1, "valid"), (4, 3, 2, "valid"), (4, 2, 3, "valid"), (5, 4, 2, "same"),
    (3, 5, 3, "same"), (4, 3, 2, 1), (6, 5, 1, 2)])
def test_transposed_output_size_inverts_the_convolution(n, kernel, stride, padding):
    size = conv_transpose_output_size(n, kernel, stride, padding)
    assert conv_output_size(size, kernel, stride, padding) == n


def test_transposed_output_size_values():
    assert conv_transpose_output_size(4, 3, 2, "valid") == 9
    assert conv_transpose_output_size(4, 2, 3, "valid") == 12
    assert conv_transpose_output_size(4, 3, 2, "same") == 8
    assert conv_transpose_output_size(4, 3, 2, 1) == 7


def test_transposed_convolution_bias_and_errors():
    y = np.ones((1, 2, 2, 2))
    W = np.zeros((2, 2, 3, 2))
    x = conv_transpose2d(y, W, np.array([1.0, 2.0, 3.0]), stride=2)
    np.testing.assert_array_equal(x[0, 0, 0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="W must have shape"):
        conv_transpose2d(y, np.zeros((2, 2, 3, 5)))
    with pytest.raises(ValueError, match="output_size"):
        conv_transpose2d(y, W, stride=2, output_size=(9, 4))
    with pytest.raises(ValueError, match="b must have shape"):
        conv_transpose2d(y, W, np.zeros(2))
    with pytest.raises(ValueError, match="y must be 4-D"):
        conv_transpose2d(np.ones((2, 2, 2)), W)
    with pytest.raises(ValueError, match="padding"):
        conv_transpose_output_size(3, 3, 1, "full")
    with pytest.raises(ValueError, match="padding=5 removes"):
        conv_transpose_output_size(2, 3, 1, 5)
    with pytest.raises(TypeError, match="stride must be an integer"):
        conv_transpose_output_size(2, 3, 1.5)


def test_unpooling_routes_like_the_max_pool_gradient():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(3, 8, 6, 2))
    a, index = max_pool_with_indices(x, 2)
    np.testing.assert_array_equal(a, max_pool2d(x, 2))
    np.testing.assert_array_equal(max_unpool2d(a, index, 2), max_pool2d_backward(a, x, 2))
    a3, index3 = max_pool_with_indices(x[:, :6], 3)
    np.testing.assert_array_equal(max_unpool2d(a3, index3, 3),
                                  max_pool2d_backward(a3, x[:, :6], 3))


def test_unpooling_errors():
    a = np.ones((1, 2, 2, 1))
    with pytest.raises(ValueError, match="index must be an int array"):
        max_unpool2d(a, np.zeros((1, 2, 2, 1)))
    with pytest.raises(ValueError, match="index must lie"):
        max_unpool2d(a, np.full((1, 2, 2, 1), 4))
    with pytest.raises(ValueError, match="smaller than the window"):
        max_pool_with_indices(np.ones((1, 1, 4, 1)), 2)
    with pytest.raises(TypeError, match="size must be an integer"):
        max_pool_with_indices(np.ones((1, 4, 4, 1)), 2.0)


def test_one_hot():
    t = one_hot(np.array([[0, 2], [1, 2]]), 3)
    assert t.shape == (2, 2, 3)
    np.testing.assert_array_equal(t.sum(-1), 1)
    np.testing.assert_array_equal(t.argmax(-1), [[0, 2], [1, 2]])
    with pytest.raises(ValueError, match="labels must lie"):
        one_hot(np.array([0, 3]), 3)
    with pytest.raises(TypeError, match="integer class indices"):
        one_hot(np.array([0.0, 1.0]), 3)
    with pytest.raises(ValueError, match="n_classes must be an integer >= 2"):
        one_hot(np.array([0]), 1)


def test_dice_loss_values_and_gradient():
    rng = np.random.default_rng(3)
    T = one_hot(rng.integers(0, 3, size=(2, 4, 4)), 3)
    assert dice_loss(T, T, smooth=1e-9) == pytest.approx(0.0, abs=1e-9)
    assert dice_loss(T, 1 - T, smooth=1e-9) == pytest.approx(1.0, abs=1e-9)
    Y = rng.dirichlet(np.ones(3), size=(2, 4, 4))
    grad = dice_loss_gradient(T, Y)
    numeric = np.zeros_like(Y)
    h = 1e-6
    for index in np.ndindex(Y.shape):
        step = np.zeros_like(Y)
        step[index] = h
        numeric[index] = (dice_loss(T, Y + step) - dice_loss(T, Y - step)) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
    with pytest.raises(ValueError, match="same shape"):
        dice_loss(T, Y[:1])
    with pytest.raises(ValueError, match="smooth must be a finite positive"):
        dice_loss(T, Y, smooth=0.0)


def test_iou_hand_example_and_dice_relation():
    t = np.array([[0, 0, 1, 1], [0, 2, 2, 1]])
    y = np.array([[0, 1, 1, 1], [0, 2, 0, 1]])
    # class 0: TP 2, FP 1, FN 1; class 1: TP 3, FP 1, FN 0; class 2: TP 1, FP 0, FN 1
    np.testing.assert_allclose(iou_per_class(t, y, 3), [2 / 4, 3 / 4, 1 / 2])
    assert mean_iou(t, y, 3) == pytest.approx((0.5 + 0.75 + 0.5) / 3)
    iou = iou_per_class(t, y, 4)
    assert np.isnan(iou[3]) and mean_iou(t, y, 4) == pytest.approx(mean_iou(t, y, 3))
    hard_dice = 1 - dice_loss(one_hot(t, 3), one_hot(y, 3), smooth=1e-12) * 3
    J = iou_per_class(t, y, 3)
    assert hard_dice == pytest.approx(1 - 3 + np.sum(2 * J / (1 + J)))
    with pytest.raises(ValueError, match="same shape"):
        mean_iou(t, y[:1], 3)
    with pytest.raises(ValueError, match="predictions must lie"):
        mean_iou(t, y + 5, 3)


def test_make_scenes_is_reproducible_and_consistent():
    a = make_scenes(6, size=32, seed=4)
    b = make_scenes(6, size=32, seed=4)
    np.testing.assert_array_equal(a.images, b.images)
    assert a.images.shape == (6, 32, 32, 1) and a.labels.shape == (6, 32, 32)
    assert set(np.unique(a.labels)) <= set(range(len(CLASS_NAMES)))
    np.testing.assert_array_equal(a.labels == 0, a.instances == 0)
    assert a.instances.max() <= 4
    clean = make_scenes(3, size=32, noise=0.0, seed=5)
    assert np.all(clean.images[clean.labels > 0, 0] >= 0.5)
    assert np.all(clean.images[clean.labels == 0, 0] < 0.5)


def test_make_scenes_errors():
    with pytest.raises(ValueError, match="size must be an integer >= 16"):
        make_scenes(2, size=8)
    with pytest.raises(ValueError, match="noise must be a finite non-negative"):
        make_scenes(2, noise=-1.0)
    with pytest.raises(TypeError, match="seed must be"):
        make_scenes(2, seed="x")
    with pytest.raises(TypeError, match="n must be an integer"):
        make_scenes(2.5)


def test_build_unet_shapes_and_errors():
    pytest.importorskip("tensorflow")
    from neurocomp.segmentation_keras import build_unet

    model = build_unet((16, 24, 1), n_classes=3, filters=(4, 8, 8))
    out = model(np.zeros((2, 16, 24, 1), dtype="float32"))
    assert tuple(out.shape) == (2, 16, 24, 3)
    np.testing.assert_allclose(np.asarray(out).sum(-1), 1.0, rtol=1e-5)
    plain = build_unet((16, 16, 1), n_classes=3, filters=(4, 8), skip=False)
    assert plain.count_params() < build_unet((16, 16, 1), 3, (4, 8)).count_params()
    with pytest.raises(ValueError, match="divisible by 4"):
        build_unet((18, 16, 1), filters=(4, 8, 8))
    with pytest.raises(ValueError, match="input_shape"):
        build_unet((16, 16))
    with pytest.raises(ValueError, match="filters"):
        build_unet(filters=(8,))
    with pytest.raises(TypeError, match="skip"):
        build_unet(skip=1)


_Y4 = np.zeros((1, 3, 3, 2))
_W4 = np.zeros((2, 2, 1, 2))
_POOLED, _INDEX = max_pool_with_indices(np.arange(16.0).reshape(1, 4, 4, 1))

BAD_SEGMENTATION_CALLS = [
    (lambda: conv_transpose_output_size(3, 3, padding="full"), ValueError,
     "padding must be 'valid', 'same' or an int >= 0; got 'full'"),
    (lambda: conv_transpose_output_size(3, 0), ValueError, "kernel must be an integer >= 1"),
    (lambda: conv_transpose2d(np.zeros((0, 3, 3, 2)), _W4), ValueError,
     r"y must be a non-empty batch \(N, H, W, C\); got shape \(0, 3, 3, 2\)"),
    (lambda: conv_transpose2d(np.zeros((1, 0, 3, 2)), _W4), ValueError,
     r"y must be a non-empty batch .*got shape \(1, 0, 3, 2\)"),
    (lambda: conv_transpose2d(_Y4 * np.nan, _W4), ValueError, "y must contain only finite"),
    (lambda: conv_transpose2d(_Y4, _W4, b=[np.nan]), ValueError, "b must contain only finite"),
    (lambda: conv_transpose2d(_Y4, _W4, stride=(1, 2, 3)), ValueError,
     "stride must be an int or a pair of ints"),
    (lambda: conv_transpose2d(_Y4, _W4, output_size=(0, 0)), ValueError,
     "output_size must be an integer >= 1"),
    (lambda: conv_transpose2d(_Y4, _W4, output_size=(1, 1)), ValueError,
     r"output_size=\(1, 1\) is not an input size of a convolution that gives y's size"),
    (lambda: conv_transpose2d(_Y4, np.zeros((0, 2, 1, 2))), ValueError,
     r"W must have shape \(K_h, K_w, C, F\) with F = 2 channels of y and every axis >= 1"),
    (lambda: conv_transpose2d(_Y4, np.zeros((2, 2, 0, 2))), ValueError,
     r"every axis >= 1; got W of shape \(2, 2, 0, 2\)"),
    (lambda: max_pool_with_indices(np.zeros((0, 4, 4, 1))), ValueError,
     "x must be a non-empty batch"),
    (lambda: max_pool_with_indices(np.zeros((1, 4, 4, 1)), 0), ValueError,
     "size must be an integer >= 1"),
    (lambda: max_unpool2d(np.zeros((0, 2, 2, 1)), np.zeros((0, 2, 2, 1), int)), ValueError,
     "a must be a non-empty batch"),
    (lambda: max_unpool2d(_POOLED * np.nan, _INDEX), ValueError, "a must contain only finite"),
    (lambda: max_unpool2d(_POOLED, _INDEX[:, :1]), ValueError, "index must be an int array of shape"),
    (lambda: one_hot([np.nan], 2), ValueError, "labels must contain only finite"),
    (lambda: one_hot(["a"], 2), TypeError, "labels must hold integer class indices"),
    (lambda: dice_loss(np.zeros((0, 2)), np.zeros((0, 2))), ValueError,
     r"T and Y must hold at least one pixel and one class; got shape \(0, 2\)"),
    (lambda: dice_loss(np.zeros((2, 0)), np.zeros((2, 0))), ValueError,
     "T and Y must hold at least one pixel and one class"),
    (lambda: dice_loss_gradient(np.zeros((2, 0)), np.zeros((2, 0))), ValueError,
     "T and Y must hold at least one pixel"),
    (lambda: dice_loss(np.full((2, 2), 5.0), np.zeros((2, 2))), ValueError,
     r"T must hold one-hot \(or soft\) targets in \[0, 1\]; got values from 5.0 to 5.0"),
    (lambda: dice_loss(np.zeros(2), np.zeros(2)), ValueError, "T must be 2-D or 3-D or 4-D"),
    (lambda: mean_iou(np.zeros(0, int), np.zeros(0, int), 2), ValueError,
     "labels and predictions must have the same shape and at least one pixel"),
    (lambda: iou_per_class([0, 1], [0], 2), ValueError,
     "labels and predictions must have the same shape"),
    (lambda: make_scenes(1, max_shapes=0), ValueError, "max_shapes must be an integer >= 1"),
    (lambda: make_scenes(1, max_angle=np.nan), ValueError, "max_angle must be a finite"),
]


@pytest.mark.parametrize("call, error, message", BAD_SEGMENTATION_CALLS)
def test_segmentation_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_nearest_and_bed_of_nails_upsampling():
    a = np.arange(8.0).reshape(1, 2, 2, 2)
    nearest, nails = upsample_nearest(a, 3), upsample_bed_of_nails(a, 3)
    assert nearest.shape == nails.shape == (1, 6, 6, 2)
    # nearest: every pixel of block (i, j) holds a[i, j]; averaging the blocks recovers a
    np.testing.assert_array_equal(nearest.reshape(1, 2, 3, 2, 3, 2).mean(axis=(2, 4)), a)
    # bed of nails = max unpooling with every index 0 = the adjoint of keeping the corner
    index = np.zeros(a.shape, dtype=int)
    np.testing.assert_array_equal(nails, max_unpool2d(a, index, 3))
    np.testing.assert_array_equal(nails[:, ::3, ::3, :], a)
    assert np.count_nonzero(nails) == np.count_nonzero(a)
    with pytest.raises(ValueError, match="size"):
        upsample_nearest(a, 0)
    with pytest.raises(ValueError, match="non-empty batch"):
        upsample_bed_of_nails(np.zeros((1, 0, 2, 1)))
