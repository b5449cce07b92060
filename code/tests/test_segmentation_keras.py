"""Bad input to neurocomp.segmentation_keras fails before any layer is built."""

import numpy as np
import pytest

from neurocomp.utils import setup_tensorflow

keras = setup_tensorflow(0)

from neurocomp.segmentation_keras import build_unet  # noqa: E402

BAD_SEGMENTATION_KERAS_CALLS = [
    (lambda: build_unet((48, 48)), ValueError, r"input_shape must be \(height, width, channels\)"),
    (lambda: build_unet("abc"), ValueError, r"input_shape must be \(height, width, channels\)"),
    (lambda: build_unet((48, 48, 0)), ValueError,
     r"input_shape\[2\] must be an integer >= 1; got input_shape\[2\]=0"),
    (lambda: build_unet(n_classes=1), ValueError, "n_classes must be an integer >= 2"),
    (lambda: build_unet(filters=(8,)), ValueError, "filters must be a sequence of at least two"),
    (lambda: build_unet(filters=(8, 0)), ValueError, r"filters\[1\] must be an integer >= 1"),
    (lambda: build_unet((50, 50, 1)), ValueError,
     "input height and width must be divisible by 4 for 3 levels"),
    (lambda: build_unet(skip=1), TypeError, "skip must be True or False; got 1"),
]


@pytest.mark.parametrize("call, error, message", BAD_SEGMENTATION_KERAS_CALLS)
def test_segmentation_keras_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_unet_accepts_a_numpy_bool_for_skip():
    model = build_unet((8, 8, 1), n_classes=2, filters=(2, 2), skip=np.True_)
    assert model.name == "unet"
