"""Classic convolutional architectures as layer lists, with their sizes and
costs.

Chapter "Convolutional neural networks". A network is a list of layer
descriptions (``Conv``, ``Pool``, ``BatchNorm``, ``Dense``, ...). Two composite
layers describe the branching architectures: ``Concat`` feeds its input to
every branch and stacks their outputs along the channels (Inception modules,
DenseNet), ``Add`` sums the branch outputs (residual blocks). An empty branch
is the identity. From the list, ``summarize`` derives every layer's output
shape, parameter count, multiply-accumulates (MACs) per image and the network's
depth, using only the formulas of the chapter:

    conv:  P = (K·K·C / g + 1)·F,   MACs = O_h·O_w·K·K·(C / g)·F
    dense: P = (n_in + 1)·n_out,    MACs = n_in·n_out
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .cnn import conv_output_size
from .utils import check_bool, check_choice, check_int

Shape = tuple[int, ...]


def _check_padding(padding: object) -> None:
    """Padding of a layer description: "valid", "same" or a number of zeros p
    >= 0."""
    if isinstance(padding, str):
        check_choice(padding, "padding", ("valid", "same"))
    else:
        check_int(padding, "padding", minimum=0)


def _check_branches(branches: object, kind: str) -> None:
    """Branches of Concat or Add: a non-empty tuple of layer tuples (() is the
    identity)."""
    if not isinstance(branches, (tuple, list)) or not branches:
        raise TypeError(
            f"{kind} branches must be a non-empty tuple of layer tuples; "
            f"got {branches!r}"
        )
    for i, branch in enumerate(branches):
        if not isinstance(branch, (tuple, list)):
            raise TypeError(
                f"{kind} branches[{i}] must be a tuple of layers (() for the "
                f"identity); got {branch!r}"
            )


@dataclass(frozen=True)
class Conv:
    """Convolution: ``filters`` kernels of size kernel × kernel; ``groups``
    splits the channels."""

    filters: int
    kernel: int
    stride: int = 1
    padding: str | int = "valid"
    dilation: int = 1
    groups: int = 1
    bias: bool = True

    def __post_init__(self) -> None:
        for name in ("filters", "kernel", "stride", "dilation", "groups"):
            check_int(getattr(self, name), name)
        _check_padding(self.padding)
        check_bool(self.bias, "bias")


@dataclass(frozen=True)
class Pool:
    """Max or average pooling over size × size windows; no parameters."""

    size: int
    stride: int | None = None
    padding: str | int = "valid"
    mode: str = "max"

    def __post_init__(self) -> None:
        check_int(self.size, "size")
        if self.stride is not None:
            check_int(self.stride, "stride")
        _check_padding(self.padding)
        check_choice(self.mode, "mode", ("max", "avg"))


@dataclass(frozen=True)
class BatchNorm:
    """Batch normalisation: 4 numbers per channel (scale, shift, running mean
    and variance)."""


@dataclass(frozen=True)
class Flatten:
    """Flatten an (H, W, C) map into a vector of H·W·C numbers."""


@dataclass(frozen=True)
class GlobalAvgPool:
    """Average each channel over all positions: (H, W, C) -> (C,)."""


@dataclass(frozen=True)
class Dense:
    """Fully connected layer with ``units`` outputs."""

    units: int
    bias: bool = True

    def __post_init__(self) -> None:
        check_int(self.units, "units")
        check_bool(self.bias, "bias")


@dataclass(frozen=True)
class Concat:
    """Branches applied to the same input, outputs stacked along the
    channels."""

    branches: tuple[tuple, ...]

    def __post_init__(self) -> None:
        _check_branches(self.branches, "Concat")


@dataclass(frozen=True)
class Add:
    """Branches applied to the same input, outputs added (a residual
    connection)."""

    branches: tuple[tuple, ...]

    def __post_init__(self) -> None:
        _check_branches(self.branches, "Add")


@dataclass(frozen=True)
class Cost:
    """Output shape, parameters, multiply-accumulates per image and depth of a
    (sub)network."""

    shape: Shape
    params: int
    macs: int
    depth: int


_LAYER_TYPES = (
    Conv,
    Pool,
    BatchNorm,
    Flatten,
    GlobalAvgPool,
    Dense,
    Concat,
    Add,
)


def _spatial(shape: Shape, layer: object) -> Shape:
    if len(shape) != 3:
        raise ValueError(
            f"{type(layer).__name__} needs an (H, W, C) input; got shape "
            f"{shape}"
        )
    return shape


def _conv_cost(layer: Conv, shape: Shape) -> Cost:
    h, w, c = _spatial(shape, layer)
    if c % layer.groups or layer.filters % layer.groups:
        raise ValueError(
            f"groups={layer.groups} must divide the {c} input channels and "
            "the "
            f"{layer.filters} filters"
        )
    args = (layer.kernel, layer.stride, layer.padding, layer.dilation)
    oh, ow = conv_output_size(h, *args), conv_output_size(w, *args)
    weights = layer.kernel**2 * (c // layer.groups) * layer.filters
    params = weights + (layer.filters if layer.bias else 0)
    return Cost((oh, ow, layer.filters), params, oh * ow * weights, 1)


def _branches_cost(layer: Concat | Add, shape: Shape) -> Cost:
    costs = [_cost(list(branch), shape) for branch in layer.branches]
    shapes = [cost.shape for cost in costs]
    if isinstance(layer, Add):
        if len(set(shapes)) != 1:
            raise ValueError(
                f"Add needs branches with equal output shapes; got {shapes}"
            )
        out = shapes[0]
    else:
        if len({s[:-1] for s in shapes}) != 1:
            raise ValueError(
                f"Concat needs branches with equal spatial sizes; got {shapes}"
            )
        out = (*shapes[0][:-1], sum(s[-1] for s in shapes))
    return Cost(
        out,
        sum(c.params for c in costs),
        sum(c.macs for c in costs),
        max(c.depth for c in costs),
    )


def _layer_cost(layer: object, shape: Shape) -> Cost:
    """Cost of one layer applied to an input of the given shape."""
    if isinstance(layer, Conv):
        return _conv_cost(layer, shape)
    if isinstance(layer, Pool):
        h, w, c = _spatial(shape, layer)
        args = (layer.size, layer.stride or layer.size, layer.padding)
        return Cost(
            (conv_output_size(h, *args), conv_output_size(w, *args), c),
            0,
            0,
            0,
        )
    if isinstance(layer, BatchNorm):
        return Cost(shape, 4 * shape[-1], 0, 0)
    if isinstance(layer, Flatten):
        return Cost(
            (_spatial(shape, layer)[0] * shape[1] * shape[2],), 0, 0, 0
        )
    if isinstance(layer, GlobalAvgPool):
        return Cost((_spatial(shape, layer)[2],), 0, 0, 0)
    if isinstance(layer, Dense):
        if len(shape) != 1:
            raise ValueError(
                "Dense needs a flat input (add Flatten first); got shape "
                f"{shape}"
            )
        params = (shape[0] + layer.bias) * layer.units
        return Cost((layer.units,), params, shape[0] * layer.units, 1)
    if isinstance(layer, (Concat, Add)):
        return _branches_cost(layer, shape)
    raise TypeError(
        f"unknown layer {layer!r}: expected Conv, Pool, BatchNorm, Flatten, "
        f"GlobalAvgPool, Dense, Concat or Add"
    )


def _cost(layers: Sequence[object], shape: Shape) -> Cost:
    params = macs = depth = 0
    for layer in layers:
        cost = _layer_cost(layer, shape)
        shape, params, macs = (
            cost.shape,
            params + cost.params,
            macs + cost.macs,
        )
        depth += cost.depth
    return Cost(shape, params, macs, depth)


def _check_layers(layers: Sequence[object]) -> None:
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence):
        raise TypeError(
            f"layers must be a list of layer descriptions; got {layers!r}"
        )


def _check_network(
    layers: Sequence[object], input_shape: Sequence[int]
) -> Shape:
    _check_layers(layers)
    if isinstance(input_shape, (str, bytes)) or not isinstance(
        input_shape, Sequence
    ):
        raise TypeError(
            "input_shape must be a tuple such as (28, 28, 1); got "
            f"{input_shape!r}"
        )
    if len(input_shape) not in (1, 3):
        raise ValueError(
            "input_shape must be (H, W, C) or (n_features,); got "
            f"{input_shape!r}"
        )
    return tuple(
        check_int(n, f"input_shape[{i}]") for i, n in enumerate(input_shape)
    )


def summarize(
    layers: Sequence[object], input_shape: Sequence[int]
) -> list[Cost]:
    """Output shape, parameters, MACs per image and depth of every layer of a
    network.

    The depth of a layer is the number of weight layers (Conv, Dense) on the
    longest path through it: 1 for Conv and Dense, the deepest branch for
    Concat and Add, 0 otherwise.
    """
    shape = _check_network(layers, input_shape)
    rows = []
    for layer in layers:
        rows.append(_layer_cost(layer, shape))
        shape = rows[-1].shape
    return rows


def network_cost(layers: Sequence[object], input_shape: Sequence[int]) -> Cost:
    """Output shape, total parameters, MACs per image and depth of a
    network."""
    return _cost(layers, _check_network(layers, input_shape))


def count_params(layers: Sequence[object], input_shape: Sequence[int]) -> int:
    """Number of parameters of a network, as Keras' count_params() reports
    it."""
    return network_cost(layers, input_shape).params


def sequential_geometry(
    layers: Sequence[object],
) -> tuple[list[int], list[int], list[int]]:
    """Kernels, strides and dilations of the Conv and Pool layers of a
    branch-free network."""
    _check_layers(layers)
    kernels, strides, dilations = [], [], []
    for layer in layers:
        if not isinstance(layer, _LAYER_TYPES):
            raise TypeError(
                f"layers holds {layer!r}, which is not a layer description"
            )
        if isinstance(layer, (Concat, Add)):
            raise ValueError(
                "sequential_geometry needs a network without branches"
            )
        if isinstance(layer, Conv):
            kernels.append(layer.kernel), strides.append(layer.stride)
            dilations.append(layer.dilation)
        elif isinstance(layer, Pool):
            (
                kernels.append(layer.size),
                strides.append(layer.stride or layer.size),
            )
            dilations.append(1)
    return kernels, strides, dilations


@dataclass(frozen=True)
class Architecture:
    """A named network: its layer list, input shape, year and the paper that
    introduced it."""

    name: str
    year: int | None
    layers: tuple
    input_shape: Shape
    reference: str


def lenet5() -> Architecture:
    """LeNet-5 on 28 × 28 digits, with a fully connected C3 and a dense output
    layer.

    The 1998 network read 32 × 32 images; "same" padding in C1 gives the same
    shapes.
    """
    layers = (
        Conv(6, 5, padding="same"),
        Pool(2, mode="avg"),
        Conv(16, 5),
        Pool(2, mode="avg"),
        Conv(120, 5),
        Flatten(),
        Dense(84),
        Dense(10),
    )
    return Architecture("LeNet-5", 1998, layers, (28, 28, 1), "lecun1998")


def mnist_cnn() -> Architecture:
    """The small CNN the chapter trains on MNIST: two [conv, max pool, batch
    norm] stages."""
    layers = (
        Conv(16, 5, bias=False),
        Pool(2),
        BatchNorm(),
        Conv(32, 5, bias=False),
        Pool(2),
        BatchNorm(),
        Flatten(),
        Dense(10),
    )
    return Architecture("MNIST CNN", None, layers, (28, 28, 1), "")


def alexnet() -> Architecture:
    """AlexNet with its two-GPU grouping of conv2, conv4 and conv5 (groups=2).

    The input must be 227 × 227 for the published map sizes (55, 27, 13, 6).
    """
    layers = (
        Conv(96, 11, stride=4),
        Pool(3, 2),
        Conv(256, 5, padding=2, groups=2),
        Pool(3, 2),
        Conv(384, 3, padding=1),
        Conv(384, 3, padding=1, groups=2),
        Conv(256, 3, padding=1, groups=2),
        Pool(3, 2),
        Flatten(),
        Dense(4096),
        Dense(4096),
        Dense(1000),
    )
    return Architecture(
        "AlexNet", 2012, layers, (227, 227, 3), "krizhevsky2012"
    )


def vgg16(include_top: bool = True) -> Architecture:
    """VGG-16 (configuration D): 13 3 × 3 convolutions in five blocks, three
    dense layers."""
    include_top = check_bool(include_top, "include_top")
    layers: list = []
    for filters, repeats in ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)):
        layers += [
            Conv(filters, 3, padding="same") for _ in range(repeats)
        ] + [Pool(2)]
    if include_top:
        layers += [Flatten(), Dense(4096), Dense(4096), Dense(1000)]
    return Architecture(
        "VGG-16", 2015, tuple(layers), (224, 224, 3), "simonyan2015"
    )


def inception(
    n1: int, r3: int, n3: int, r5: int, n5: int, pool_proj: int
) -> Concat:
    """Inception module: 1×1, 1×1→3×3, 1×1→5×5 and 3×3 max-pool→1×1 branches
    side by side."""
    for name, value in zip(
        ("n1", "r3", "n3", "r5", "n5", "pool_proj"),
        (n1, r3, n3, r5, n5, pool_proj),
    ):
        check_int(value, name)
    return Concat(
        (
            (Conv(n1, 1),),
            (Conv(r3, 1), Conv(n3, 3, padding="same")),
            (Conv(r5, 1), Conv(n5, 5, padding="same")),
            (Pool(3, 1, padding="same"), Conv(pool_proj, 1)),
        )
    )


def googlenet() -> Architecture:
    """GoogLeNet (Inception v1) without its two auxiliary classifiers."""
    down = Pool(3, 2, padding="same")
    layers = (
        Conv(64, 7, stride=2, padding="same"),
        down,
        Conv(64, 1),
        Conv(192, 3, padding="same"),
        down,
        inception(64, 96, 128, 16, 32, 32),
        inception(128, 128, 192, 32, 96, 64),
        down,
        inception(192, 96, 208, 16, 48, 64),
        inception(160, 112, 224, 24, 64, 64),
        inception(128, 128, 256, 24, 64, 64),
        inception(112, 144, 288, 32, 64, 64),
        inception(256, 160, 320, 32, 128, 128),
        down,
        inception(256, 160, 320, 32, 128, 128),
        inception(384, 192, 384, 48, 128, 128),
        GlobalAvgPool(),
        Dense(1000),
    )
    return Architecture(
        "GoogLeNet", 2015, layers, (224, 224, 3), "szegedy2015"
    )


def bottleneck(filters: int, stride: int = 1, project: bool = False) -> Add:
    """Residual bottleneck block: 1×1, 3×3, 1×1 convolutions plus a shortcut.

    The shortcut is the identity, or a strided 1×1 convolution ("projection")
    where the shape changes. Convolutions keep their biases, as in
    keras.applications.
    """
    filters, stride = (
        check_int(filters, "filters"),
        check_int(stride, "stride"),
    )
    project = check_bool(project, "project")
    main = (
        Conv(filters, 1, stride=stride),
        BatchNorm(),
        Conv(filters, 3, padding="same"),
        BatchNorm(),
        Conv(4 * filters, 1),
        BatchNorm(),
    )
    shortcut = (
        (Conv(4 * filters, 1, stride=stride), BatchNorm()) if project else ()
    )
    return Add((main, shortcut))


def resnet50() -> Architecture:
    """ResNet-50: a 7×7 stem, 16 bottleneck blocks in four stages, global
    pooling."""
    layers: list = [
        Conv(64, 7, stride=2, padding=3),
        BatchNorm(),
        Pool(3, 2, padding=1),
    ]
    for filters, blocks, stride in (
        (64, 3, 1),
        (128, 4, 2),
        (256, 6, 2),
        (512, 3, 2),
    ):
        layers.append(bottleneck(filters, stride, project=True))
        layers += [bottleneck(filters) for _ in range(blocks - 1)]
    layers += [GlobalAvgPool(), Dense(1000)]
    return Architecture(
        "ResNet-50", 2016, tuple(layers), (224, 224, 3), "he2016"
    )


def densenet121(growth: int = 32) -> Architecture:
    """DenseNet-121: four dense blocks (6, 12, 24, 16 layers) joined by
    transition layers.

    Each layer adds ``growth`` channels and is concatenated with its input (an
    empty branch of Concat); a transition halves the channels and the
    resolution.
    """
    growth = check_int(growth, "growth")
    layers: list = [
        Conv(64, 7, stride=2, padding=3, bias=False),
        BatchNorm(),
        Pool(3, 2, padding=1),
    ]
    channels = 64
    for block, n_layers in enumerate((6, 12, 24, 16)):
        new = (
            BatchNorm(),
            Conv(4 * growth, 1, bias=False),
            BatchNorm(),
            Conv(growth, 3, padding="same", bias=False),
        )
        layers += [Concat(((), new)) for _ in range(n_layers)]
        channels += n_layers * growth
        if block < 3:
            channels //= 2
            layers += [
                BatchNorm(),
                Conv(channels, 1, bias=False),
                Pool(2, mode="avg"),
            ]
    layers += [BatchNorm(), GlobalAvgPool(), Dense(1000)]
    return Architecture(
        "DenseNet-121", 2017, tuple(layers), (224, 224, 3), "huang2017"
    )


def classic_architectures() -> list[Architecture]:
    """The architectures of the chapter's table, in historical order."""
    return [
        lenet5(),
        alexnet(),
        vgg16(),
        googlenet(),
        resnet50(),
        densenet121(),
    ]
