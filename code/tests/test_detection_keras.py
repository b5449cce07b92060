"""Bad input to neurocomp.detection_keras fails before any layer is built."""

import numpy as np
import pytest

from neurocomp.utils import setup_tensorflow

keras = setup_tensorflow(0)

from neurocomp.detection_keras import build_grid_detector, grid_detection_loss  # noqa: E402

BAD_DETECTION_KERAS_CALLS = [
    (lambda: build_grid_detector(0), ValueError, "image_size must be an integer >= 1"),
    (lambda: build_grid_detector(True), TypeError, "image_size must be an integer; got True"),
    (lambda: build_grid_detector(56, 0), ValueError, "n_classes must be an integer >= 1"),
    (lambda: build_grid_detector(56, 10, "ab"), ValueError, "filters must be a non-empty sequence"),
    (lambda: build_grid_detector(56, 10, 8), ValueError, "filters must be a non-empty sequence"),
    (lambda: build_grid_detector(56, 10, (8, 0)), ValueError,
     r"filters\[1\] must be an integer >= 1; got filters\[1\]=0"),
    (lambda: build_grid_detector(50, 10, (8, 8)), ValueError,
     r"image_size must be divisible by 2\*\*len\(filters\) = 4; got image_size=50"),
    (lambda: grid_detection_loss(-1), ValueError, "lambda_coord must be a finite positive"),
    (lambda: grid_detection_loss(5, np.nan), ValueError, "lambda_noobj must be a finite positive"),
    (lambda: grid_detection_loss(5, "a"), TypeError, "lambda_noobj must be a real number"),
]


@pytest.mark.parametrize("call, error, message", BAD_DETECTION_KERAS_CALLS)
def test_detection_keras_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
