"""Keras recurrent models: a character-level language model, its sampler, a
sequence encoder.

Chapter *Recurrent neural networks* (Part III). Import it after
``neurocomp.utils.setup_tensorflow`` so that TensorFlow starts quietly and
seeded.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
import numpy as np

from .rnn import gru_step, lstm_step, sample_with_temperature
from .utils import SeedLike, as_generator, check_array, check_choice, check_int

__all__ = ["CELLS", "build_char_model", "build_many_to_one", "generate_text"]

#: Recurrent layers the builders accept, by name.
CELLS = {
    "rnn": keras.layers.SimpleRNN,
    "lstm": keras.layers.LSTM,
    "gru": keras.layers.GRU,
}


def build_char_model(
    vocab_size: int,
    *,
    units: int = 128,
    embed_dim: int = 32,
    cell: str = "gru",
) -> keras.Model:
    """Character-level language model: Embedding → recurrent layer → Dense
    logits.

    The input is a batch of integer sequences of any length; the output has
    shape (N, T, vocab_size): at every step the logits of the next character,
    from which p(next | past) = softmax(logits). Train with
    SparseCategoricalCrossentropy(from_logits=True) on targets that are the
    inputs shifted by one (a many-to-many architecture).
    """
    vocab_size = check_int(vocab_size, "vocab_size", minimum=2)
    units = check_int(units, "units")
    embed_dim = check_int(embed_dim, "embed_dim")
    check_choice(cell, "cell", tuple(CELLS))
    inputs = keras.Input(shape=(None,), dtype="int32", name="characters")
    e = keras.layers.Embedding(vocab_size, embed_dim, name="embedding")(inputs)
    h = CELLS[cell](units, return_sequences=True, name=cell)(e)
    logits = keras.layers.Dense(vocab_size, name="logits")(h)
    return keras.Model(inputs, logits, name=f"char_{cell}")


def build_many_to_one(
    n_features: int,
    *,
    units: int = 32,
    cell: str = "lstm",
    n_outputs: int = 1,
    steps: int | None = None,
) -> keras.Model:
    """Many-to-one network: a recurrent layer reads the sequence, Dense maps
    h_T to outputs.

    Input shape (N, steps, n_features) (``steps=None``: any length); output (N,
    n_outputs).
    """
    n_features = check_int(n_features, "n_features")
    units = check_int(units, "units")
    n_outputs = check_int(n_outputs, "n_outputs")
    if steps is not None:
        steps = check_int(steps, "steps")
    check_choice(cell, "cell", tuple(CELLS))
    inputs = keras.Input(shape=(steps, n_features), name="sequence")
    h_last = CELLS[cell](units, name=cell)(inputs)
    outputs = keras.layers.Dense(n_outputs, name="output")(h_last)
    return keras.Model(inputs, outputs, name=f"many_to_one_{cell}")


def generate_text(
    model: keras.Model,
    prompt: Sequence[int],
    n_chars: int,
    *,
    temperature: float = 1.0,
    seed: SeedLike = None,
) -> list[int]:
    """Extend ``prompt`` (character indices) by ``n_chars`` characters sampled
    from ``model``.

    ``model`` is a network of ``build_char_model``. Its trained weights are run
    in NumPy one character at a time (``gru_step`` or ``lstm_step``), carrying
    the state along, so that each new character costs one step instead of a
    pass over the whole past; the next character is drawn from the softmax of
    the logits divided by ``temperature``. Returns the generated indices
    (without the prompt).
    """
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"model must be a keras.Model; got {type(model).__name__}"
        )
    prompt = check_array(prompt, "prompt", ndim=1, dtype=None, min_samples=1)
    n_chars = check_int(n_chars, "n_chars")
    names = [layer.name for layer in model.layers]
    cell = next((name for name in ("gru", "lstm") if name in names), None)
    if cell is None or "embedding" not in names or "logits" not in names:
        raise ValueError(
            "model must come from build_char_model with cell 'gru' or "
            "'lstm'; "
            f"it has the layers {names}"
        )
    table = model.get_layer("embedding").get_weights()[0]
    if (
        prompt.dtype.kind not in "iu"
        or prompt.min() < 0
        or prompt.max() >= len(table)
    ):
        raise ValueError(
            f"prompt must hold character indices in [0, {len(table)}); got "
            f"{prompt[:5].tolist()} of dtype {prompt.dtype}"
        )
    prompt = prompt.astype(np.int64)
    weights = model.get_layer(cell).get_weights()
    W_out, b_out = model.get_layer("logits").get_weights()
    rng = as_generator(seed)
    h = np.zeros((1, weights[1].shape[0]))
    c = np.zeros_like(h)
    tokens = list(prompt)
    for i in range(len(prompt) + n_chars - 1):
        x = table[tokens[i]][None, :]
        if cell == "gru":
            h = gru_step(
                x, h, *weights, reset_after=model.get_layer(cell).reset_after
            )
        else:
            h, c = lstm_step(x, h, c, *weights)
        if i >= len(prompt) - 1:  # past the prompt: sample the next character
            logits = (h @ W_out + b_out)[0]
            tokens.append(sample_with_temperature(logits, temperature, rng))
    return tokens[len(prompt) :]
