"""Tests of neurocomp.rnn_keras: builders, parameter counts, and the NumPy sampler."""

import numpy as np
import pytest

from neurocomp.utils import setup_tensorflow

keras = setup_tensorflow(0)

from neurocomp.rnn_keras import build_char_model, build_many_to_one, generate_text  # noqa: E402


def test_char_model_shapes_and_parameter_count():
    model = build_char_model(10, units=6, embed_dim=4, cell="gru")
    assert model(np.zeros((2, 7), dtype="int32")).shape == (2, 7, 10)
    # embedding, GRU with reset_after (two biases), dense
    assert model.count_params() == 10 * 4 + 3 * (4 * 6 + 6 * 6) + 2 * 3 * 6 + 6 * 10 + 10


def test_many_to_one_shapes_and_parameter_count():
    model = build_many_to_one(3, units=5, cell="lstm", n_outputs=2, steps=9)
    assert model.output.shape == (None, 2)
    assert model.count_params() == 4 * (3 * 5 + 5 * 5 + 5) + 5 * 2 + 2


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_cold_sampling_follows_the_keras_arg_max(cell):
    keras.utils.set_random_seed(1)
    model = build_char_model(7, units=5, embed_dim=3, cell=cell)
    prompt = [1, 4, 2]
    generated = generate_text(model, prompt, 6, temperature=1e-4, seed=0)
    tokens = list(prompt)
    for token in generated:
        logits = model(np.array([tokens], dtype="int32")).numpy()[0, -1]
        assert token == int(np.argmax(logits))
        tokens.append(token)


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="cell must be one of"):
        build_char_model(10, cell="transformer")
    with pytest.raises(ValueError, match="vocab_size must be an integer >= 2"):
        build_char_model(1)
    with pytest.raises(TypeError, match="units must be an integer"):
        build_many_to_one(3, units=2.0)
    rnn_model = build_char_model(5, units=3, cell="rnn")
    with pytest.raises(ValueError, match="model must come from build_char_model"):
        generate_text(rnn_model, [1], 3)
    with pytest.raises(ValueError, match="n_chars must be an integer >= 1"):
        generate_text(build_char_model(5, units=3), [1], 0)


def _char_model(cell="gru"):
    return build_char_model(5, units=4, embed_dim=3, cell=cell)


BAD_RNN_KERAS_CALLS = [
    (lambda: build_char_model(1), ValueError, "vocab_size must be an integer >= 2"),
    (lambda: build_char_model(5, cell="LSTM"), ValueError,
     "cell must be one of 'rnn', 'lstm', 'gru'; got 'LSTM'"),
    (lambda: build_many_to_one(2, steps=0), ValueError, "steps must be an integer >= 1"),
    (lambda: build_many_to_one(2, n_outputs=1.0), TypeError, "n_outputs must be an integer"),
    (lambda: generate_text(None, [1], 2), TypeError, "model must be a keras.Model; got NoneType"),
    (lambda: generate_text(_char_model("rnn"), [1], 2), ValueError,
     "model must come from build_char_model with cell 'gru' or 'lstm'"),
    (lambda: generate_text(_char_model(), [1.5], 2), ValueError,
     r"prompt must hold character indices in \[0, 5\); got \[1.5\] of dtype float64"),
    (lambda: generate_text(_char_model(), [7], 2), ValueError,
     r"prompt must hold character indices in \[0, 5\); got \[7\]"),
    (lambda: generate_text(_char_model(), [-1], 2), ValueError,
     r"prompt must hold character indices in \[0, 5\); got \[-1\]"),
    (lambda: generate_text(_char_model(), [], 2), ValueError, "prompt needs at least 1 samples"),
    (lambda: generate_text(_char_model(), [1], 0), ValueError, "n_chars must be an integer >= 1"),
    (lambda: generate_text(_char_model(), [1], 2, temperature=0), ValueError,
     "temperature must be a finite positive"),
]


@pytest.mark.parametrize("call, error, message", BAD_RNN_KERAS_CALLS)
def test_rnn_keras_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
