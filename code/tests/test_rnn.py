"""Tests of neurocomp.rnn (BPTT, LSTM/GRU steps, temperature sampling) and neurocomp.word2vec."""

import math

import numpy as np
import pytest

from neurocomp.optim import numerical_gradient
from neurocomp.rnn import (
    gru_forward,
    gru_step,
    init_rnn,
    lstm_forward,
    lstm_step,
    rnn_forward,
    rnn_gradients,
    sample_with_temperature,
)
from neurocomp.word2vec import (
    build_vocabulary,
    nearest_neighbours,
    sgns_gradients,
    skipgram_pairs,
    tokenize_words,
    train_skipgram,
)


def _sig(a):
    return 1.0 / (1.0 + math.exp(-a))


def test_init_rnn_shapes_gain_and_determinism():
    p = init_rnn(3, 6, 2, gain=0.7, seed=1)
    assert {k: v.shape for k, v in p.items()} == {
        "W_x": (3, 6), "W_h": (6, 6), "b": (6,), "W_out": (6, 2), "b_out": (2,)}
    np.testing.assert_allclose(np.linalg.svd(p["W_h"], compute_uv=False), 0.7, rtol=1e-12)
    np.testing.assert_array_equal(p["W_x"], init_rnn(3, 6, 2, gain=0.7, seed=1)["W_x"])


def test_rnn_forward_matches_a_scalar_loop():
    p = init_rnn(1, 1, 1, seed=0)
    p["b"][:] = 0.3
    x, h0 = np.array([0.5, -1.0, 2.0]), 0.2
    H, Y = rnn_forward(p, x[None, :, None], h0=np.array([[h0]]))
    h = h0
    for t, xt in enumerate(x):
        h = math.tanh(xt * p["W_x"][0, 0] + h * p["W_h"][0, 0] + 0.3)
        assert H[0, t + 1, 0] == pytest.approx(h, rel=1e-12)
        assert Y[0, t, 0] == pytest.approx(h * p["W_out"][0, 0], rel=1e-12)


def test_bptt_matches_finite_differences_with_initial_state():
    rng = np.random.default_rng(3)
    X, T, h0 = rng.normal(size=(2, 7, 3)), rng.normal(size=(2, 7, 2)), rng.normal(size=(2, 4))
    p = init_rnn(3, 4, 2, gain=1.1, seed=2)
    p["b"] = rng.normal(size=4)
    _, grads = rnn_gradients(p, X, T, h0=h0)
    for name in p:
        numeric = numerical_gradient(
            lambda w, name=name: rnn_gradients(dict(p, **{name: w}), X, T, h0=h0)[0], p[name])
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-6, atol=1e-9)


def test_lstm_step_matches_scalar_formula_and_peepholes():
    x, h, c = np.array([[0.4]]), np.array([[-0.3]]), np.array([[0.8]])
    K, U, b = np.array([[0.1, 0.2, 0.3, 0.4]]), np.array([[0.5, -0.6, 0.7, -0.8]]), \
        np.array([0.05, 1.0, -0.1, 0.2])
    a = [0.4 * K[0, j] - 0.3 * U[0, j] + b[j] for j in range(4)]
    c_new = _sig(a[1]) * 0.8 + _sig(a[0]) * math.tanh(a[2])
    h_new = _sig(a[3]) * math.tanh(c_new)
    h1, c1 = lstm_step(x, h, c, K, U, b)
    assert (h1[0, 0], c1[0, 0]) == pytest.approx((h_new, c_new), rel=1e-12)
    zero = (np.zeros(1),) * 3
    np.testing.assert_array_equal(lstm_step(x, h, c, K, U, b, peepholes=zero)[0], h1)
    p = (np.array([0.5]), np.array([-0.5]), np.array([1.0]))
    c_p = _sig(a[1] - 0.4) * 0.8 + _sig(a[0] + 0.4) * math.tanh(a[2])
    h_p = _sig(a[3] + c_p) * math.tanh(c_p)
    assert lstm_step(x, h, c, K, U, b, peepholes=p)[0][0, 0] == pytest.approx(h_p, rel=1e-12)


def test_gru_step_scalar_formula_and_both_reset_forms():
    x, h = np.array([[0.7]]), np.array([[0.2]])
    K, U = np.array([[0.3, -0.4, 0.9]]), np.array([[0.6, 0.5, -1.2]])
    b_in = np.array([0.1, 0.2, -0.3])
    z = _sig(0.7 * 0.3 + 0.2 * 0.6 + 0.1)
    r = _sig(-0.7 * 0.4 + 0.2 * 0.5 + 0.2)
    cand = math.tanh(0.7 * 0.9 - 0.3 + r * 0.2 * -1.2)
    expected = z * 0.2 + (1 - z) * cand
    before = gru_step(x, h, K, U, b_in, reset_after=False)
    after = gru_step(x, h, K, U, np.stack([b_in, np.zeros(3)]), reset_after=True)
    assert before[0, 0] == pytest.approx(expected, rel=1e-12)
    assert after[0, 0] == pytest.approx(expected, rel=1e-12)  # equal for one unit


def test_closed_update_gate_keeps_the_state_and_forward_shapes():
    rng = np.random.default_rng(0)
    h = rng.normal(size=(2, 3))
    bias = np.zeros((2, 9))
    bias[0, :3] = 50.0                                     # z = 1: keep the old state
    out = gru_step(rng.normal(size=(2, 4)), h, rng.normal(size=(4, 9)),
                   rng.normal(size=(3, 9)), bias)
    np.testing.assert_allclose(out, h, atol=1e-12)
    X = rng.normal(size=(2, 5, 4))
    assert lstm_forward(X, np.zeros((4, 12)), np.zeros((3, 12)), np.zeros(12)).shape == (2, 5, 3)
    assert gru_forward(X, np.zeros((4, 9)), np.zeros((3, 9)), np.zeros((2, 9))).shape == (2, 5, 3)


def test_sampling_with_temperature():
    logits = np.array([1.0, 2.0, 0.5])
    rng = np.random.default_rng(0)
    assert all(sample_with_temperature(logits, 1e-3, rng) == 1 for _ in range(20))
    draws = np.array([sample_with_temperature(logits, 2.0, rng) for _ in range(4000)])
    p = np.exp(logits / 2.0) / np.exp(logits / 2.0).sum()
    np.testing.assert_allclose(np.bincount(draws, minlength=3) / 4000, p, atol=0.03)
    assert sample_with_temperature(logits, 1.0, seed=5) == sample_with_temperature(
        logits, 1.0, seed=5)


def test_vocabulary_and_pairs():
    words = tokenize_words("The cat, the DOG; o'er the cat.")
    assert words == ["the", "cat", "the", "dog", "o'er", "the", "cat"]
    vocab, counts, ids = build_vocabulary(words, min_count=2)
    assert vocab == ["the", "cat"] and counts.tolist() == [3, 2]
    assert ids.tolist() == [0, 1, 0, 0, 1]
    c, o = skipgram_pairs(np.array([5, 6, 7]), window=2)
    assert sorted(zip(c.tolist(), o.tolist())) == sorted(
        [(5, 6), (6, 5), (6, 7), (7, 6), (5, 7), (7, 5)])


def test_sgns_gradients_match_finite_differences():
    rng = np.random.default_rng(1)
    V, U = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    c, o = np.array([0, 2, 2, 5]), np.array([1, 1, 3, 0])
    neg = rng.integers(0, 6, size=(4, 3))
    loss, dV, dU = sgns_gradients(V, U, c, o, neg)
    s = np.einsum("d,d->", U[1], V[0])
    assert loss > 0 and np.isfinite(s)
    np.testing.assert_allclose(dV, numerical_gradient(
        lambda W: sgns_gradients(W, U, c, o, neg)[0], V), rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(dU, numerical_gradient(
        lambda W: sgns_gradients(V, W, c, o, neg)[0], U), rtol=1e-6, atol=1e-10)


def test_skipgram_groups_words_that_share_contexts():
    rng = np.random.default_rng(0)
    # two "topics": words 0-3 only ever appear next to each other, and words 4-7 likewise
    ids = np.concatenate([rng.integers(0, 4, 40) if k % 2 else rng.integers(4, 8, 40)
                          for k in range(100)])
    counts = np.bincount(ids, minlength=8)
    # learning_rate=0.05 diverged here (the vectors grew to 1e80), hidden by the old loss
    # that saturated at 27.6 per term: with 8 words, each occurs ~30 times in a batch of 256.
    E, history = train_skipgram(ids, counts, dim=8, n_epochs=4, learning_rate=0.01,
                                subsample=1.0, seed=0)
    assert history[-1] < history[0] < 6 * math.log(2)
    neighbours, sims = nearest_neighbours(E, 0, k=3)
    assert set(neighbours.tolist()) <= {1, 2, 3} and np.all(np.diff(sims) <= 0)
    E2, _ = train_skipgram(ids, counts, dim=8, n_epochs=4, learning_rate=0.01,
                           subsample=1.0, seed=0)
    np.testing.assert_array_equal(E, E2)


def test_bad_input_raises_clear_errors():
    p = init_rnn(2, 3, 1, seed=0)
    with pytest.raises(ValueError, match="n_hidden must be an integer >= 1"):
        init_rnn(2, 0, 1)
    with pytest.raises(ValueError, match="gain must be a finite positive"):
        init_rnn(2, 3, 1, gain=-1.0)
    with pytest.raises(TypeError, match="params must be a dict"):
        rnn_forward({"W_x": p["W_x"]}, np.zeros((1, 4, 2)))
    with pytest.raises(ValueError, match="X must be 3-D"):
        rnn_forward(p, np.zeros((4, 2)))
    with pytest.raises(ValueError, match="X has 5 features"):
        rnn_forward(p, np.zeros((1, 4, 5)))
    with pytest.raises(ValueError, match="h0 must have shape"):
        rnn_forward(p, np.zeros((1, 4, 2)), h0=np.zeros((2, 3)))
    with pytest.raises(ValueError, match="targets must have the shape"):
        rnn_gradients(p, np.zeros((1, 4, 2)), np.zeros((1, 3, 1)))
    with pytest.raises(ValueError, match="kernel must have shape"):
        lstm_step(np.zeros((1, 2)), np.zeros((1, 3)), np.zeros((1, 3)), np.zeros((2, 9)),
                  np.zeros((3, 12)), np.zeros(12))
    with pytest.raises(ValueError, match="c must have shape"):
        lstm_step(np.zeros((1, 2)), np.zeros((1, 3)), np.zeros((1, 2)), np.zeros((2, 12)),
                  np.zeros((3, 12)), np.zeros(12))
    with pytest.raises(ValueError, match="with reset_after=True bias must have shape"):
        gru_step(np.zeros((1, 2)), np.zeros((1, 3)), np.zeros((2, 9)), np.zeros((3, 9)),
                 np.zeros(9))
    with pytest.raises(ValueError, match="temperature must be a finite positive"):
        sample_with_temperature([0.0, 1.0], 0.0)
    with pytest.raises(ValueError, match="logits must be 1-D"):
        sample_with_temperature([[0.0, 1.0]], 1.0)
    with pytest.raises(TypeError, match="text must be a str"):
        tokenize_words(3)
    with pytest.raises(TypeError, match="words must be a list of str"):
        build_vocabulary("a b c")
    with pytest.raises(ValueError, match="no word occurs min_count=9"):
        build_vocabulary(["a", "b"], min_count=9)
    with pytest.raises(ValueError, match="window must be an integer >= 1"):
        skipgram_pairs([1, 2, 3], window=0)
    with pytest.raises(ValueError, match="V and U must have the same shape"):
        sgns_gradients(np.zeros((3, 2)), np.zeros((4, 2)), [0], [1], np.zeros((1, 1), int))
    with pytest.raises(ValueError, match=r"ids must lie in \[0, 2\)"):
        train_skipgram([0, 1, 2], [3, 3])
    with pytest.raises(TypeError, match="dim must be an integer"):
        train_skipgram([0, 1, 1], [1, 2], dim=2.5)
    with pytest.raises(ValueError, match="query must be < 3"):
        nearest_neighbours(np.eye(3), 3, k=1)


_P = init_rnn(2, 3, 1, seed=0)
_XS = np.zeros((2, 4, 2))
_x, _h = np.zeros((2, 2)), np.zeros((2, 3))
_K4, _R4, _B4 = np.zeros((2, 12)), np.zeros((3, 12)), np.zeros(12)
_K3, _R3, _B3 = np.zeros((2, 9)), np.zeros((3, 9)), np.zeros((2, 9))
_V3 = np.zeros((3, 2))

BAD_RNN_CALLS = [
    (lambda: rnn_forward({**_P, "b": np.zeros(5)}, _XS), ValueError,
     r"params\['b'\] must have shape \(3,\)"),
    (lambda: rnn_forward({**_P, "b_out": np.zeros(5)}, _XS), ValueError,
     r"params\['b_out'\] must have shape \(1,\)"),
    (lambda: rnn_forward({**_P, "W_x": np.zeros(3)}, _XS), ValueError,
     r"params\['W_x'\] must be 2-D"),
    (lambda: rnn_forward({**_P, "W_out": np.zeros(3)}, _XS), ValueError,
     r"params\['W_out'\] must be 2-D"),
    (lambda: rnn_forward({**_P, "b": _P["b"] * np.nan}, _XS), ValueError,
     r"params\['b'\] must contain only finite"),
    (lambda: rnn_forward(_P, np.zeros((2, 0, 2))), ValueError,
     r"X must have at least one time step and one feature; got shape \(2, 0, 2\)"),
    (lambda: rnn_gradients(_P, _XS, np.full((2, 4, 1), np.nan)), ValueError,
     "targets must contain only finite"),
    (lambda: lstm_step(np.zeros((3, 2)), _h, _h, _K4, _R4, _B4), ValueError,
     "x and h must have one row per sequence; got 3 and 2 rows"),
    (lambda: lstm_step(_x, _h, _h, _K4, _R4, _B4, peepholes=(np.zeros(2),) * 3), ValueError,
     r"peepholes\[0\] must have shape \(3,\), one weight per unit; got \(2,\)"),
    (lambda: lstm_step(_x, _h, _h, _K4, _R4, _B4, peepholes=(np.zeros(3),) * 2), TypeError,
     r"peepholes must be a tuple \(p_i, p_f, p_o\) of 3 vectors"),
    (lambda: lstm_step(_x, _h, _h, _K4, _R4, _B3), ValueError, "bias must be 1-D"),
    (lambda: lstm_forward(_XS, _K4, _R4, np.zeros(9)), ValueError,
     r"^bias must have shape \(12,\); got \(9,\)$"),
    (lambda: gru_step(np.zeros((3, 2)), _h, _K3, _R3, _B3), ValueError,
     "x and h must have one row per sequence"),
    (lambda: gru_step(_x, _h, _K3, _R3, _B3, reset_after=1), TypeError,
     "reset_after must be True or False; got 1"),
    (lambda: gru_forward(_XS, _K3, _R3, _B3, reset_after=None), TypeError,
     "reset_after must be True or False"),
    (lambda: lstm_forward(np.zeros((2, 0, 2)), _K4, _R4, _B4), ValueError,
     "X must have at least one time step"),
    (lambda: gru_forward(np.zeros((2, 0, 2)), _K3, _R3, _B3), ValueError,
     "X must have at least one time step"),
    (lambda: lstm_forward(_XS, _K4, "ab", _B4), TypeError, "recurrent_kernel must be array-like"),
    (lambda: lstm_forward(np.zeros((2, 4, 3)), _K4, _R4, _B4), ValueError,
     r"with X of shape \(2, 4, 3\) and recurrent_kernel of shape \(3, 12\), kernel must have "
     r"shape \(3, 12\)"),
    (lambda: gru_forward(_XS, _K3, np.zeros((3, 6)), _B3), ValueError,
     r"recurrent_kernel \(3, 9\); got \(2, 9\) and \(3, 6\)"),
    (lambda: skipgram_pairs([1.5, 2.2], 1), ValueError,
     r"ids must hold integer word indices; got \[1.5, 2.2\]"),
    (lambda: skipgram_pairs([-1, 2], 1), ValueError, "ids must be >= 0; got values in"),
    (lambda: sgns_gradients(_V3, _V3, [5], [1], [[2]]), ValueError,
     r"centres must lie in \[0, 3\); got values in \[5, 5\]"),
    (lambda: sgns_gradients(_V3, _V3, [0], [1], [[7]]), ValueError,
     r"negatives must lie in \[0, 3\)"),
    (lambda: sgns_gradients(_V3, _V3, [0, 1], [1], [[2]]), ValueError,
     "centres, contexts and negatives must have B, B and"),
    (lambda: sgns_gradients(_V3, _V3, [0], [1], [2]), ValueError, "negatives must be 2-D"),
    (lambda: sgns_gradients(_V3, _V3, [0.5], [1], [[2]]), ValueError,
     "centres must hold integer word indices"),
    (lambda: sgns_gradients(_V3, _V3, [], [], np.zeros((0, 1), int)), ValueError,
     "centres needs at least 1 samples"),
    (lambda: train_skipgram([0, 1, 0], [-1, 2]), ValueError,
     "counts must be positive word counts; got minimum -1.0"),
    (lambda: train_skipgram([0, 1, 0], [0, 2]), ValueError, "counts must be positive"),
    (lambda: train_skipgram([0, 1], []), ValueError, "counts needs at least 1 samples"),
    (lambda: train_skipgram([0.5, 1, 0], [1, 2]), ValueError,
     "ids must hold integer word indices"),
    (lambda: train_skipgram([0, 1], [1, 2], window=0), ValueError,
     "window must be an integer >= 1; got window=0"),
    (lambda: train_skipgram([0, 1, 0, 1], [1000, 1000], n_epochs=1, subsample=1e-9, seed=0),
     ValueError, r"subsample=1e-09 kept 0 of 4 words in epoch 0"),
    (lambda: nearest_neighbours(np.zeros((3, 0)), 0, 1), ValueError,
     r"E must have at least one column; got shape \(3, 0\)"),
]


@pytest.mark.parametrize("call, error, message", BAD_RNN_CALLS)
def test_rnn_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_sgns_loss_is_exact_for_large_scores():
    # One pair with score s = u_o·v_c and one noise word with score −s: the exact loss is
    # log(1 + e^(−s)) + log(1 + e^(−s)). The old log(p + 1e-12) form saturated at about
    # 27.6 per term when the scores were large and of the wrong sign.
    V = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    for s in (-40.0, -5.0, 0.0, 3.0, 60.0):
        U = np.array([[0.0, 0.0], [s, 0.0], [-s, 0.0]])
        loss, dV, _ = sgns_gradients(V, U, np.array([0]), np.array([1]), np.array([[2]]))
        expected = 2.0 * math.log1p(math.exp(-s)) if s < 30 else 2.0 * math.exp(-s)
        if s < -30:
            expected = -2.0 * s  # log(1 + e^40) = 40 to double precision
        assert loss == pytest.approx(expected, rel=1e-12, abs=1e-300)
        assert np.all(np.isfinite(dV))
    assert sgns_gradients(V, np.array([[0.0, 0], [-40.0, 0], [40.0, 0]]),
                          np.array([0]), np.array([1]), np.array([[2]]))[0] == pytest.approx(80.0)
