"""Keras builder of the tiny transformer of the chapter "Attention and
transformers".

TensorFlow is imported inside the functions, so that importing this module
stays cheap; call neurocomp.utils.setup_tensorflow first to silence and seed
TensorFlow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .attention import positional_encoding
from .utils import check_array, check_bool, check_int

if TYPE_CHECKING:
    import keras


def transformer_block(
    h: Any, index: int, n_heads: int, d_ff: int, causal: bool = False
) -> Any:
    """One post-norm transformer encoder block applied to the Keras tensor h
    (N, n, d_model).

    h ← LayerNorm(h + MultiHeadAttention(h, h)), then h ← LayerNorm(h + FFN(h))
    with the position-wise feed-forward network FFN(h) = ReLU(h·W_1 + b_1)·W_2
    + b_2. The attention layer is named attention<index> and also returns its
    weights, so that attention_maps can read them out.
    """
    import keras

    layers = keras.layers
    index, n_heads = check_int(index, "index"), check_int(n_heads, "n_heads")
    d_ff, causal = check_int(d_ff, "d_ff"), check_bool(causal, "causal")
    d_model = h.shape[-1]
    if d_model % n_heads:
        raise ValueError(f"n_heads={n_heads} must divide d_model={d_model}")
    attention = layers.MultiHeadAttention(
        n_heads, key_dim=d_model // n_heads, name=f"attention{index}"
    )
    a, _ = attention(
        h, h, use_causal_mask=causal, return_attention_scores=True
    )
    h = layers.LayerNormalization(name=f"norm{index}a")(layers.Add()([h, a]))
    f = layers.Dense(d_ff, activation="relu", name=f"ffn{index}a")(h)
    f = layers.Dense(d_model, name=f"ffn{index}b")(f)
    return layers.LayerNormalization(name=f"norm{index}b")(
        layers.Add()([h, f])
    )


def build_tiny_transformer(
    length: int,
    n_symbols: int,
    d_model: int = 32,
    n_heads: int = 2,
    d_ff: int = 64,
    n_blocks: int = 1,
    positional: bool = True,
    causal: bool = False,
) -> keras.Model:
    """A transformer encoder that maps a symbol sequence to one symbol per
    position.

    Symbols are embedded (d_model numbers each), the sinusoidal positional
    encoding is added (unless positional is False), n_blocks transformer blocks
    follow, and a dense softmax layer gives the probabilities of the n_symbols
    output symbols at every position.

    Returns
    -------
    keras.Model
        Maps integer sequences (N, length) to probabilities (N, length,
        n_symbols).
    """
    import keras

    length, n_symbols = (
        check_int(length, "length"),
        check_int(n_symbols, "n_symbols", minimum=2),
    )
    d_model, n_blocks = (
        check_int(d_model, "d_model", minimum=2),
        check_int(n_blocks, "n_blocks"),
    )
    # n_heads, d_ff, causal: transformer_block
    positional = check_bool(positional, "positional")
    inputs = keras.Input(shape=(length,), dtype="int32", name="symbols")
    h = keras.layers.Embedding(n_symbols, d_model, name="embedding")(inputs)
    if positional:
        P = positional_encoding(length, d_model).astype("float32")
        h = keras.layers.Lambda(lambda x: x + P, name="positional")(h)
    for index in range(1, n_blocks + 1):
        h = transformer_block(h, index, n_heads, d_ff, causal)
    outputs = keras.layers.Dense(
        n_symbols, activation="softmax", name="output"
    )(h)
    return keras.Model(inputs, outputs, name="tiny_transformer")


def _check_symbols(X: Any, model: keras.Model) -> np.ndarray:
    """Integer symbol sequences (N, length) that fit the model's input and
    embedding."""
    X = check_array(X, "X", ndim=2, dtype=None, min_samples=1)
    if X.dtype.kind not in "iu" and not (
        X.dtype.kind == "f" and np.all(X == np.round(X))
    ):
        raise ValueError(f"X must hold integer symbols; got dtype {X.dtype}")
    length = model.inputs[0].shape[1]
    n_symbols = next(
        (
            layer.input_dim
            for layer in model.layers
            if layer.name == "embedding"
        ),
        None,
    )
    if length is not None and X.shape[1] != length:
        raise ValueError(
            f"X must have {length} symbols per row (the model's length); got "
            f"shape {X.shape}"
        )
    if X.min() < 0 or (n_symbols is not None and X.max() >= n_symbols):
        raise ValueError(
            f"X must hold symbols in [0, {n_symbols}); got values in "
            f"[{X.min()}, {X.max()}]"
        )
    return X


def attention_maps(model: keras.Model, X: Any) -> list[np.ndarray]:
    """Attention weights (N, heads, n, n) of every attention<i> layer of model
    for inputs X."""
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(
            f"model must be a keras.Model; got {type(model).__name__}"
        )
    names = [
        layer.name
        for layer in model.layers
        if layer.name.startswith("attention")
    ]
    if not names:
        raise ValueError(
            f"model {model.name!r} has no layer named attention<i>"
        )
    X = _check_symbols(X, model)
    probe = keras.Model(
        model.inputs, [model.get_layer(name).output[1] for name in names]
    )
    maps = probe.predict(X, verbose=0)
    return [
        np.asarray(m) for m in (maps if isinstance(maps, list) else [maps])
    ]
