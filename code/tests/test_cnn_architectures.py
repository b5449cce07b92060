"""Tests of neurocomp.cnn_architectures: layer arithmetic, published and Keras counts."""

import pytest

from neurocomp.cnn import receptive_field
from neurocomp.cnn_architectures import (
    Add,
    BatchNorm,
    Concat,
    Conv,
    Dense,
    Flatten,
    GlobalAvgPool,
    Pool,
    alexnet,
    bottleneck,
    classic_architectures,
    count_params,
    densenet121,
    googlenet,
    inception,
    lenet5,
    mnist_cnn,
    network_cost,
    resnet50,
    sequential_geometry,
    summarize,
    vgg16,
)

# count_params() of keras.applications.<Model>(weights=None), Keras 3.15
KERAS_COUNTS = {"VGG-16": 138_357_544, "ResNet-50": 25_636_712, "DenseNet-121": 8_062_504}


def test_single_layer_formulas():
    assert count_params([Conv(8, 3)], (10, 10, 4)) == (3 * 3 * 4 + 1) * 8
    assert count_params([Conv(8, 3, groups=2, bias=False)], (10, 10, 4)) == 3 * 3 * 2 * 8
    assert count_params([Flatten(), Dense(5)], (2, 3, 4)) == (24 + 1) * 5
    assert count_params([BatchNorm()], (5, 5, 7)) == 28
    cost = network_cost([Conv(8, 3, stride=2, padding=1)], (10, 10, 4))
    assert cost.shape == (5, 5, 8) and cost.macs == 5 * 5 * 3 * 3 * 4 * 8 and cost.depth == 1


def test_branches_concatenate_or_add():
    block = Concat(((), (Conv(6, 3, padding="same"),), (Pool(3, 1, padding="same"),)))
    cost = network_cost([block], (8, 8, 4))
    assert cost.shape == (8, 8, 4 + 6 + 4) and cost.params == (9 * 4 + 1) * 6
    residual = Add(((Conv(4, 3, padding=1), Conv(4, 3, padding=1)), ()))
    cost = network_cost([residual], (8, 8, 4))
    assert cost.shape == (8, 8, 4) and cost.depth == 2


@pytest.mark.parametrize("arch", classic_architectures(), ids=lambda a: a.name)
def test_depth_is_the_number_in_the_name_and_output_has_1000_or_10_classes(arch):
    cost = network_cost(arch.layers, arch.input_shape)
    expected = {"LeNet-5": 5, "AlexNet": 8, "VGG-16": 16, "GoogLeNet": 22, "ResNet-50": 50,
                "DenseNet-121": 121}[arch.name]
    assert cost.depth == expected
    assert cost.shape == ((10,) if arch.name == "LeNet-5" else (1000,))


@pytest.mark.parametrize("builder", [vgg16, resnet50, densenet121])
def test_counts_equal_keras_applications(builder):
    arch = builder()
    assert count_params(arch.layers, arch.input_shape) == KERAS_COUNTS[arch.name]


def test_vgg16_conv_base_and_published_counts():
    base = vgg16(include_top=False)
    assert count_params(base.layers, base.input_shape) == 14_714_688  # Keras, include_top=False
    full = vgg16()
    assert round(count_params(full.layers, full.input_shape) / 1e6) == 138  # Simonyan 2015
    net = alexnet()
    assert abs(count_params(net.layers, net.input_shape) / 60e6 - 1) < 0.02  # "60 million"
    rows = summarize(net.layers, net.input_shape)
    assert [r.shape[0] for r in rows[:8]] == [55, 27, 27, 13, 13, 13, 13, 6]


def test_lenet5_layers_have_the_published_parameter_counts():
    arch = lenet5()
    params = [row.params for row in summarize(arch.layers, arch.input_shape)]
    # C1, C5 and F6 are identical to LeCun et al. (1998); C3 is fully connected here
    assert params[0] == 156 and params[4] == 48_120 and params[6] == 10_164
    assert params[2] == (25 * 6 + 1) * 16


def test_mnist_cnn_and_googlenet_shapes():
    arch = mnist_cnn()
    assert [r.shape for r in summarize(arch.layers, arch.input_shape)][:6] == [
        (24, 24, 16), (12, 12, 16), (12, 12, 16), (8, 8, 32), (4, 4, 32), (4, 4, 32)]
    net = googlenet()
    channels = [r.shape[-1] for r in summarize(net.layers, net.input_shape) if len(r.shape) == 3]
    assert channels[-3:] == [832, 832, 1024]


def test_receptive_field_of_vgg16_conv_layers():
    kernels, strides, dilations = sequential_geometry(vgg16(include_top=False).layers)
    fields = receptive_field(kernels, strides, dilations)
    assert len(kernels) == 18 and fields[-2] == (196, 16) and fields[-1] == (212, 32)
    with pytest.raises(ValueError, match="without branches"):
        sequential_geometry(resnet50().layers)


def test_bad_networks_raise_clear_errors():
    with pytest.raises(ValueError, match="groups=3 must divide"):
        count_params([Conv(8, 3, groups=3)], (8, 8, 4))
    with pytest.raises(ValueError, match="add Flatten first"):
        count_params([Dense(3)], (4, 4, 2))
    with pytest.raises(ValueError, match="needs an \\(H, W, C\\) input"):
        count_params([Flatten(), Conv(2, 1)], (4, 4, 2))
    with pytest.raises(ValueError, match="equal output shapes"):
        count_params([Add(((Conv(3, 1),), ()))], (4, 4, 2))
    with pytest.raises(ValueError, match="equal spatial sizes"):
        count_params([Concat(((Conv(3, 3),), ()))], (4, 4, 2))
    with pytest.raises(TypeError, match="unknown layer"):
        count_params(["conv"], (4, 4, 2))
    with pytest.raises(TypeError, match="layers must be a list"):
        count_params(Conv(2, 1), (4, 4, 2))
    with pytest.raises(TypeError, match="input_shape must be a tuple"):
        count_params([Conv(2, 1)], 28)
    with pytest.raises(ValueError, match="kernel spans 5"):
        count_params([Conv(2, 5)], (4, 4, 2))
    with pytest.raises(ValueError, match="padding must be"):
        count_params([Pool(2, padding="full")], (4, 4, 2))
    assert count_params([GlobalAvgPool(), Dense(2)], (4, 4, 3)) == 8


# --- bad-input audit (issue 11): one call per error path ------------------------------------

BAD_ARCHITECTURE_CALLS = [
    (lambda: Conv(0, 3), ValueError, "filters must be an integer >= 1; got filters=0"),
    (lambda: Conv(-2, 3), ValueError, "filters must be an integer >= 1; got filters=-2"),
    (lambda: Conv(2.5, 3), TypeError, "filters must be an integer; got 2.5"),
    (lambda: Conv(2, 3, groups=0), ValueError, "groups must be an integer >= 1; got groups=0"),
    (lambda: Conv(2, 3, stride=0), ValueError, "stride must be an integer >= 1"),
    (lambda: Conv(2, 3, padding=-1), ValueError, "padding must be an integer >= 0"),
    (lambda: Conv(2, 3, padding="full"), ValueError, "padding must be one of 'valid', 'same'"),
    (lambda: Conv(2, 3, bias="no"), TypeError, "bias must be True or False; got 'no'"),
    (lambda: Pool(2, mode="median"), ValueError, "mode must be one of 'max', 'avg'; got 'median'"),
    (lambda: Pool(2, 0), ValueError, "stride must be an integer >= 1; got stride=0"),
    (lambda: Pool(0), ValueError, "size must be an integer >= 1; got size=0"),
    (lambda: Dense(0), ValueError, "units must be an integer >= 1; got units=0"),
    (lambda: Dense(2.5), TypeError, "units must be an integer; got 2.5"),
    (lambda: Dense(3, bias=2), TypeError, "bias must be True or False; got 2"),
    (lambda: Concat(Conv(2, 1)), TypeError, "Concat branches must be a non-empty tuple"),
    (lambda: Add(()), TypeError, r"Add branches must be a non-empty tuple .*; got \(\)"),
    (lambda: Concat((Conv(2, 1), ())), TypeError, r"Concat branches\[0\] must be a tuple"),
    (lambda: count_params([Dense(3)], ()), ValueError,
     r"input_shape must be \(H, W, C\) or \(n_features,\); got \(\)"),
    (lambda: count_params([Conv(2, 1)], (4, 4)), ValueError, r"input_shape must be \(H, W, C\)"),
    (lambda: summarize([Dense(3)], (0,)), ValueError,
     r"input_shape\[0\] must be an integer >= 1; got input_shape\[0\]=0"),
    (lambda: sequential_geometry("abc"), TypeError, "layers must be a list of layer descriptions"),
    (lambda: sequential_geometry([Conv(2, 3), "x"]), TypeError,
     "layers holds 'x', which is not a layer description"),
    (lambda: vgg16("no"), TypeError, "include_top must be True or False; got 'no'"),
    (lambda: inception(0, 1, 1, 1, 1, 1), ValueError, "n1 must be an integer >= 1; got n1=0"),
    (lambda: inception(1, 1, 1, 1, 1, 1.5), TypeError, "pool_proj must be an integer"),
    (lambda: bottleneck(0), ValueError, "filters must be an integer >= 1; got filters=0"),
    (lambda: bottleneck(4, 1, "yes"), TypeError, "project must be True or False"),
    (lambda: densenet121(-1), ValueError, "growth must be an integer >= 1; got growth=-1"),
]


@pytest.mark.parametrize("call, error, message", BAD_ARCHITECTURE_CALLS)
def test_architectures_reject_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
