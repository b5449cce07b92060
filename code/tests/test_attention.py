"""Tests of neurocomp.attention (NumPy) and neurocomp.attention_keras."""

import numpy as np
import pytest

from neurocomp.attention import (
    additive_attention,
    causal_mask,
    init_mha_weights,
    make_reversal_data,
    multi_head_attention,
    padding_mask,
    patchify,
    positional_encoding,
    scaled_dot_product_attention,
)


def test_attention_weights_are_a_softmax_of_scaled_scores():
    rng = np.random.default_rng(0)
    Q, K, V = rng.normal(size=(3, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    out, A = scaled_dot_product_attention(Q, K, V)
    S = Q @ K.T / 2.0
    expected = np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(A, expected, rtol=1e-12)
    np.testing.assert_allclose(out, expected @ V, rtol=1e-12)


def test_additive_attention_matches_loop():
    rng = np.random.default_rng(5)
    S, H = rng.normal(size=(3, 4)), rng.normal(size=(5, 2))
    W_s, W_h, w = rng.normal(size=(4, 6)), rng.normal(size=(2, 6)), rng.normal(size=6)
    C, alpha = additive_attention(S, H, W_s, W_h, w)
    for i in range(3):
        e = np.array([w @ np.tanh(W_s.T @ S[i] + W_h.T @ H[j]) for j in range(5)])
        a = np.exp(e) / np.exp(e).sum()
        np.testing.assert_allclose(alpha[i], a, rtol=1e-12)
        np.testing.assert_allclose(C[i], a @ H, rtol=1e-12)


def test_identical_keys_give_uniform_weights_and_mean_value():
    K = np.ones((4, 3))
    V = np.arange(8.0).reshape(4, 2)
    out, A = scaled_dot_product_attention(np.ones((2, 3)), K, V)
    np.testing.assert_allclose(A, 0.25)
    np.testing.assert_allclose(out, np.tile(V.mean(axis=0), (2, 1)))


def test_masked_keys_get_zero_weight():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(4, 3))
    _, A = scaled_dot_product_attention(X, X, X, mask=causal_mask(4))
    assert np.all(A[np.triu_indices(4, 1)] == 0)
    np.testing.assert_allclose(A.sum(axis=-1), 1.0)
    assert A[0, 0] == pytest.approx(1.0)


def test_padding_mask_hides_padding_keys():
    M = padding_mask([2, 3], 3)
    assert M.shape == (2, 3, 3)
    assert M[0, :, :2].all() and not M[0, :, 2].any() and M[1].all()


def test_positional_encoding_values_and_relative_shift():
    P = positional_encoding(50, 16)
    np.testing.assert_allclose(P[0, 0::2], 0.0)
    np.testing.assert_allclose(P[0, 1::2], 1.0)
    np.testing.assert_allclose(P[:, 0], np.sin(np.arange(50)))
    # P[t+k] is a fixed rotation of P[t] in every (sin, cos) pair
    omega = 10000 ** (np.arange(0, 16, 2) / 16)
    k, c, s = 3, np.cos(3 / omega), np.sin(3 / omega)
    np.testing.assert_allclose(P[k:, 0::2], P[:-k, 0::2] * c + P[:-k, 1::2] * s, atol=1e-12)


def test_multi_head_attention_matches_per_head_loop():
    rng = np.random.default_rng(2)
    w = init_mha_weights(6, 3, 2, value_dim=4, seed=0)
    X = rng.normal(size=(2, 5, 6))
    out, A = multi_head_attention(X, X, w)
    assert out.shape == (2, 5, 6) and A.shape == (2, 3, 5, 5)
    Wq, bq, Wk, bk, Wv, bv, Wo, bo = w
    expected = np.zeros_like(out) + bo
    for h in range(3):
        head, _ = scaled_dot_product_attention(X @ Wq[:, h] + bq[h], X @ Wk[:, h] + bk[h],
                                               X @ Wv[:, h] + bv[h])
        expected += head @ Wo[h]
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12)


def test_self_attention_is_permutation_equivariant():
    rng = np.random.default_rng(3)
    w = init_mha_weights(4, 2, 2, seed=1)
    X = rng.normal(size=(1, 6, 4))
    perm = rng.permutation(6)
    out, _ = multi_head_attention(X, X, w)
    out_perm, _ = multi_head_attention(X[:, perm], X[:, perm], w)
    np.testing.assert_allclose(out_perm, out[:, perm], atol=1e-12)


def test_init_mha_weights_shapes_and_seed():
    w = init_mha_weights(8, 2, 3, value_dim=5, seed=4)
    shapes = [a.shape for a in w]
    assert shapes == [(8, 2, 3), (2, 3), (8, 2, 3), (2, 3), (8, 2, 5), (2, 5), (2, 5, 8), (8,)]
    np.testing.assert_array_equal(w[0], init_mha_weights(8, 2, 3, value_dim=5, seed=4)[0])


def test_reversal_data_is_distinct_and_reversed():
    X, T = make_reversal_data(500, 3, 10, seed=0)
    assert len(np.unique(X, axis=0)) == 500
    np.testing.assert_array_equal(T, X[:, ::-1])


def test_patchify_order():
    img = np.arange(16.0).reshape(1, 4, 4, 1)
    P = patchify(img, 2)
    assert P.shape == (1, 4, 4)
    np.testing.assert_array_equal(P[0, 0], [0, 1, 4, 5])
    np.testing.assert_array_equal(P[0, 3], [10, 11, 14, 15])


@pytest.mark.parametrize(
    "call, err, text",
    [
        (lambda: scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 1))),
         ValueError, "d_k"),
        (lambda: scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((3, 1))),
         ValueError, "one row per key"),
        (lambda: scaled_dot_product_attention(np.ones(3), np.ones((2, 3)), np.ones((2, 1))),
         ValueError, "Q must be"),
        (lambda: scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 1)),
                                              mask=np.ones((2, 2))), TypeError, "boolean"),
        (lambda: scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 1)),
                                              mask=np.ones((3, 3), bool)), ValueError, "broadcast"),
        (lambda: causal_mask(0), ValueError, "n must be"),
        (lambda: additive_attention(np.ones((2, 3)), np.ones((4, 2)), np.ones((3, 5)),
                                    np.ones((2, 4)), np.ones(5)), ValueError, "W_h"),
        (lambda: additive_attention(np.ones(3), np.ones((4, 2)), np.ones((3, 5)),
                                    np.ones((2, 5)), np.ones(5)), ValueError, "S must be"),
        (lambda: padding_mask([0, 2], 3), ValueError, "lengths"),
        (lambda: padding_mask([1.5], 3), ValueError, "lengths"),
        (lambda: positional_encoding(5, 7), ValueError, "even"),
        (lambda: positional_encoding(5, 8, base=-1.0), ValueError, "base"),
        (lambda: init_mha_weights(8, 0, 2), ValueError, "n_heads"),
        (lambda: multi_head_attention(np.ones((1, 2, 4)), np.ones((1, 2, 4)), [1, 2]),
         TypeError, "8 arrays"),
        (lambda: multi_head_attention(np.ones((1, 2, 5)), np.ones((1, 2, 5)),
                                      init_mha_weights(4, 1, 2, seed=0)), ValueError, "width"),
        (lambda: multi_head_attention(np.ones((2, 4)), np.ones((1, 2, 4)),
                                      init_mha_weights(4, 1, 2, seed=0)), ValueError, "query"),
        (lambda: make_reversal_data(100, 2, 10), ValueError, "too large"),
        (lambda: make_reversal_data(10, 0), ValueError, "length"),
        (lambda: patchify(np.ones((1, 5, 4, 1)), 2), ValueError, "divide"),
        (lambda: patchify(np.ones((5, 4)), 2), ValueError, "images"),
        (lambda: patchify(np.ones((1, 4, 4, 1)), 2.0), TypeError, "patch"),
    ],
)
def test_bad_input_is_rejected(call, err, text):
    with pytest.raises(err, match=text):
        call()


def test_keras_transformer_shapes_maps_and_errors():
    pytest.importorskip("tensorflow")
    from neurocomp.utils import setup_tensorflow

    keras = setup_tensorflow(0)
    from neurocomp.attention_keras import attention_maps, build_tiny_transformer

    model = build_tiny_transformer(5, 7, d_model=8, n_heads=2, d_ff=16, n_blocks=2, causal=True)
    X = np.random.default_rng(0).integers(0, 7, size=(3, 5))
    probs = model.predict(X, verbose=0)
    assert probs.shape == (3, 5, 7)
    np.testing.assert_allclose(probs.sum(axis=-1), 1.0, rtol=1e-5)
    maps = attention_maps(model, X)
    assert len(maps) == 2 and maps[0].shape == (3, 2, 5, 5)
    assert np.all(maps[1][..., np.triu_indices(5, 1)[0], np.triu_indices(5, 1)[1]] < 1e-6)
    with pytest.raises(ValueError, match="must divide"):
        build_tiny_transformer(5, 7, d_model=6, n_heads=4)
    with pytest.raises(ValueError, match="n_symbols"):
        build_tiny_transformer(5, 1)
    plain = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="no layer named"):
        attention_maps(plain, np.ones((1, 3)))


_Q2 = np.zeros((2, 3))
_W8 = init_mha_weights(4, 2, 2, seed=0)
_Q3 = np.zeros((1, 3, 4))

BAD_ATTENTION_CALLS = [
    (lambda: scaled_dot_product_attention(np.zeros((2, 2, 3)), np.zeros((3, 2, 3)),
                                          np.zeros((3, 2, 3))), ValueError,
     r"the leading \(batch, head\) axes of Q, K and V must broadcast"),
    (lambda: scaled_dot_product_attention(_Q2, np.zeros((0, 3)), np.zeros((0, 3))), ValueError,
     r"K and V need one row per key \(at least one\)"),
    (lambda: scaled_dot_product_attention(np.zeros((2, 0)), np.zeros((2, 0)), _Q2), ValueError,
     "Q and K need the same last dimension d_k >= 1"),
    (lambda: scaled_dot_product_attention(_Q2, _Q2, _Q2, np.ones((5, 2, 2), bool)), ValueError,
     r"mask of shape \(5, 2, 2\) does not broadcast to the scores' shape \(2, 2\)"),
    (lambda: scaled_dot_product_attention(_Q2, _Q2, _Q2, np.ones((2, 2), int)), TypeError,
     "mask must be a boolean array"),
    (lambda: additive_attention(_Q2, np.zeros((0, 3)), np.zeros((3, 2)), np.zeros((3, 2)),
                                np.zeros(2)), ValueError, "H needs at least 1 samples"),
    (lambda: padding_mask([1.5], 3), ValueError, r"lengths must be integers in \[1, 3\]"),
    (lambda: positional_encoding(3, 4, 1.0), ValueError,
     "base must be greater than 1 .*; got base=1.0"),
    (lambda: positional_encoding(3, 4, np.nan), ValueError, "base must be a finite positive"),
    (lambda: multi_head_attention(_Q3, np.zeros((1, 3, 5)), _W8, key=_Q3), ValueError,
     r"weights\[4\] must have shape \(5, 2, 2\) for query, key and value of widths 4, 4 and 5"),
    (lambda: multi_head_attention(_Q3, np.zeros((1, 2, 4)), _W8, key=_Q3), ValueError,
     "key and value the same number n_k >= 1 of positions"),
    (lambda: multi_head_attention(_Q3, np.zeros((2, 3, 4)), _W8), ValueError,
     "query, key and value must have the same batch size N"),
    (lambda: multi_head_attention(_Q3, _Q3, [_W8[0], _W8[1][:1], *_W8[2:]]), ValueError,
     r"weights\[1\] must have shape \(2, 2\)"),
    (lambda: multi_head_attention(_Q3, _Q3, [_W8[0] * np.nan, *_W8[1:]]), ValueError,
     r"weights\[0\] must contain only finite values"),
    (lambda: multi_head_attention(_Q3, _Q3, ["a", *_W8[1:]]), TypeError,
     r"weights\[0\] must be array-like"),
    (lambda: multi_head_attention(_Q3, _Q3, _W8[:7]), TypeError, "weights must be a list of 8"),
    (lambda: multi_head_attention(_Q3, _Q3, _W8, mask=np.ones((2, 2), bool)), ValueError,
     r"mask of shape \(2, 2\) does not broadcast"),
    (lambda: multi_head_attention(_Q3, _Q3, _W8, mask=np.ones((3, 3), int)), TypeError,
     "mask must be a boolean array"),
    (lambda: make_reversal_data(2, 3, 1), ValueError, "n_symbols must be an integer >= 2"),
    (lambda: patchify(np.zeros((0, 4, 4, 1)), 2), ValueError,
     r"images must be a non-empty batch \(N, H, W, C\); got shape \(0, 4, 4, 1\)"),
    (lambda: patchify(np.zeros((1, 5, 5, 1)), 2), ValueError, "patch=2 must divide"),
]


@pytest.mark.parametrize("call, error, message", BAD_ATTENTION_CALLS)
def test_attention_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def _markov_decoder():
    # tokens: 0 = start, 1 = a, 2 = b, 3 = end; next-token probabilities depend on the last
    table = np.array([[0.0, 0.55, 0.45, 0.0],    # after start: a is likelier than b
                      [0.0, 0.30, 0.30, 0.40],   # after a: the end is only 0.4 likely
                      [0.0, 0.05, 0.05, 0.90],   # after b: the end is 0.9 likely
                      [0.0, 0.0, 0.0, 1.0]])
    with np.errstate(divide="ignore"):
        log_table = np.log(table)
    return lambda prefix: log_table[prefix[-1]]


def test_beam_search_greedy_misses_what_a_wider_beam_finds():
    from neurocomp.attention import beam_search

    f = _markov_decoder()
    greedy, lp_greedy = beam_search(f, 0, 3, beam_width=1, max_length=6)
    beam, lp_beam = beam_search(f, 0, 3, beam_width=2, max_length=6)
    assert greedy == [1, 3] and np.isclose(lp_greedy, np.log(0.55 * 0.4))
    assert beam == [2, 3] and np.isclose(lp_beam, np.log(0.45 * 0.9))


def test_beam_search_rejects_bad_arguments():
    from neurocomp.attention import beam_search

    with pytest.raises(TypeError, match="log_probs"):
        beam_search([0.1], 0, 3)
    with pytest.raises(ValueError, match="beam_width"):
        beam_search(_markov_decoder(), 0, 3, beam_width=0)
    with pytest.raises(ValueError, match="end token"):
        beam_search(lambda prefix: np.log([0.5, 0.5, 1e-300, 1e-300][:3]), 0, 3, max_length=3)
    with pytest.raises(ValueError, match="log-probabilities"):
        beam_search(lambda prefix: np.array([1.0, 2.0]), 0, 1)
