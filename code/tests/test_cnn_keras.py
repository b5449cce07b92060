"""Tests of neurocomp.cnn_keras: the Keras builders agree with the layer lists."""

import numpy as np
import pytest

from neurocomp.cnn_architectures import count_params, lenet5, mnist_cnn, summarize
from neurocomp.utils import setup_tensorflow

keras = setup_tensorflow(0)

from neurocomp.cnn_keras import build_lenet5, build_mnist_cnn  # noqa: E402


def test_lenet5_matches_its_layer_list():
    model, arch = build_lenet5(), lenet5()
    assert model.count_params() == count_params(arch.layers, arch.input_shape) == 61_706
    assert model.output.shape == (None, 10)
    keras_shapes = [tuple(model.get_layer(n).output.shape[1:]) for n in ("C1", "S2", "C3", "S4")]
    ours = [row.shape for row in summarize(arch.layers, arch.input_shape)[:4]]
    assert keras_shapes == ours


def test_mnist_cnn_matches_its_layer_list_and_names_its_layers():
    model, arch = build_mnist_cnn(), mnist_cnn()
    assert model.count_params() == count_params(arch.layers, arch.input_shape) == 18_522
    assert tuple(model.get_layer("relu2").output.shape[1:]) == (4, 4, 32)
    assert build_mnist_cnn(filters=(8,), kernel=3, n_classes=3).output.shape == (None, 3)


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="input_shape must be"):
        build_lenet5(input_shape=(28, 28))
    with pytest.raises(ValueError, match="n_classes must be an integer >= 2"):
        build_lenet5(n_classes=1)
    with pytest.raises(ValueError, match="filters must be a non-empty"):
        build_mnist_cnn(filters=())
    with pytest.raises(ValueError, match="dropout must be in"):
        build_mnist_cnn(dropout=1.0)
    with pytest.raises(TypeError, match="kernel must be an integer"):
        build_mnist_cnn(kernel=2.5)


BAD_CNN_KERAS_CALLS = [
    (lambda: build_lenet5((28, 28)), ValueError, r"input_shape must be \(height, width, channels\)"),
    (lambda: build_lenet5((28, 0, 1)), ValueError, r"input_shape\[1\] must be an integer >= 1"),
    (lambda: build_lenet5((8, 8, 1)), ValueError,
     r"input_shape must be at least 28 × 28 for LeNet-5; got \(8, 8, 1\)"),
    (lambda: build_lenet5(n_classes=1), ValueError, "n_classes must be an integer >= 2"),
    (lambda: build_mnist_cnn(()), ValueError, "filters must be a non-empty sequence"),
    (lambda: build_mnist_cnn((8, 0)), ValueError, r"filters\[1\] must be an integer >= 1"),
    (lambda: build_mnist_cnn(kernel=0), ValueError, "kernel must be an integer >= 1"),
    (lambda: build_mnist_cnn(dropout=1.0), ValueError, r"dropout must be in \[0, 1\)"),
    (lambda: build_mnist_cnn(dropout=np.nan), ValueError, "dropout must be a finite"),
    (lambda: build_mnist_cnn((8, 8, 8), input_shape=(16, 16, 1)), ValueError,
     r"input_shape=\(16, 16, 1\) is too small for 3 blocks of 5 × 5 convolution"),
]


@pytest.mark.parametrize("call, error, message", BAD_CNN_KERAS_CALLS)
def test_cnn_keras_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
