"""Bad input to neurocomp.attention_keras fails with a message naming the argument."""

import numpy as np
import pytest

from neurocomp.utils import setup_tensorflow

keras = setup_tensorflow(0)

from neurocomp.attention_keras import (  # noqa: E402
    attention_maps,
    build_tiny_transformer,
    transformer_block,
)


def _transformer():
    return build_tiny_transformer(4, 5, d_model=8, n_heads=2, d_ff=8)


BAD_ATTENTION_KERAS_CALLS = [
    (lambda: build_tiny_transformer(0, 5), ValueError, "length must be an integer >= 1"),
    (lambda: build_tiny_transformer(4, 1), ValueError, "n_symbols must be an integer >= 2"),
    (lambda: build_tiny_transformer(4, 5, d_model=8, n_heads=3), ValueError,
     "n_heads=3 must divide d_model=8"),
    (lambda: build_tiny_transformer(4, 5, n_heads=0), ValueError, "n_heads must be an integer >= 1"),
    (lambda: build_tiny_transformer(4, 5, positional=1), TypeError,
     "positional must be True or False; got 1"),
    (lambda: build_tiny_transformer(4, 5, d_model=8, n_heads=2, causal="yes"), TypeError,
     "causal must be True or False; got 'yes'"),
    (lambda: transformer_block(keras.Input((4, 8)), 1, 0, 8), ValueError,
     "n_heads must be an integer >= 1; got n_heads=0"),
    (lambda: transformer_block(keras.Input((4, 8)), 1, 2, 0), ValueError,
     "d_ff must be an integer >= 1; got d_ff=0"),
    (lambda: transformer_block(keras.Input((4, 8)), "a", 2, 8), TypeError,
     "index must be an integer"),
    (lambda: attention_maps(None, np.zeros((1, 4), int)), TypeError,
     "model must be a keras.Model; got NoneType"),
    (lambda: attention_maps(_transformer(), np.zeros((1, 4, 1), int)), ValueError, "X must be 2-D"),
    (lambda: attention_maps(_transformer(), np.full((1, 4), 0.5)), ValueError,
     "X must hold integer symbols; got dtype float64"),
    (lambda: attention_maps(_transformer(), np.full((1, 4), 9)), ValueError,
     r"X must hold symbols in \[0, 5\); got values in \[9, 9\]"),
    (lambda: attention_maps(_transformer(), np.full((1, 4), -1)), ValueError,
     r"X must hold symbols in \[0, 5\)"),
    (lambda: attention_maps(_transformer(), np.zeros((1, 3), int)), ValueError,
     r"X must have 4 symbols per row \(the model's length\); got shape \(1, 3\)"),
    (lambda: attention_maps(_transformer(), np.zeros((0, 4), int)), ValueError,
     "X needs at least 1 samples"),
]


@pytest.mark.parametrize("call, error, message", BAD_ATTENTION_KERAS_CALLS)
def test_attention_keras_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
