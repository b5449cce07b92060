"""Tests of neurocomp.perceptron and neurocomp.classification (logistic and softmax regression)."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogistic

from neurocomp.classification import (
    LogisticRegression,
    SoftmaxRegression,
    one_hot,
    sigmoid,
    softmax,
)
from neurocomp.perceptron import Perceptron


def separable(n=60, gap=0.3, seed=0):
    """Two classes on either side of the line x1 + 2 x2 = 0.5, with a margin."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(4 * n, 2))
    s = (X @ [1.0, 2.0] - 0.5) / np.sqrt(5.0)
    keep = np.abs(s) > gap
    return X[keep][:n], np.where(s[keep][:n] > 0, 1, -1)


def noisy_binary(n=200, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    logits = X @ [1.5, -1.0, 0.5] + 0.3
    t = (rng.uniform(size=n) < 1 / (1 + np.exp(-logits))).astype(float)
    return X, t


def three_classes(n=240, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    means = np.array([[0.0, 0.0], [2.0, 0.5], [0.5, 2.0]])
    return means[y] + rng.normal(size=(n, 2)), y


def numerical(f, x, eps=1e-6):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = eps
        g[idx] = (f(x + e) - f(x - e)) / (2 * eps)
    return g


# --- sigmoid, softmax, one_hot ---------------------------------------------------------


def test_sigmoid_values_and_stability():
    np.testing.assert_allclose(sigmoid([0.0, np.log(3.0)]), [0.5, 0.75])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = sigmoid([-1000.0, 1000.0])
    np.testing.assert_array_equal(out, [0.0, 1.0])
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(sigmoid(z) + sigmoid(-z), 1.0, rtol=1e-15)
    np.testing.assert_allclose(sigmoid(-30.0), np.exp(-30.0) / (1 + np.exp(-30.0)), rtol=1e-12)


def test_softmax_sums_to_one_and_is_shift_invariant():
    Z = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -1000.0]])
    P = softmax(Z)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    np.testing.assert_allclose(P[0], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())
    np.testing.assert_allclose(P[1], [0.5, 0.5, 0.0])
    np.testing.assert_allclose(softmax(Z[0] + 7.0), P[0])
    np.testing.assert_allclose(softmax(Z.T, axis=0), P.T)


def test_one_hot():
    T = one_hot([2, 0, 1, 2])
    np.testing.assert_array_equal(T, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert one_hot([0, 1], n_classes=4).shape == (2, 4)
    with pytest.raises(ValueError, match="n_classes"):
        one_hot([0, 3], n_classes=3)
    with pytest.raises(ValueError, match="integer class labels"):
        one_hot([0.5, 1.0])
    with pytest.raises(ValueError, match="non-negative"):
        one_hot([-1, 1])
    with pytest.raises(ValueError, match="1-D"):
        one_hot([[0, 1]])


# --- perceptron ------------------------------------------------------------------------


def test_perceptron_separates_and_respects_novikoff():
    X, t = separable()
    model = Perceptron(seed=1).fit(X, t)
    assert model.converged_
    np.testing.assert_array_equal(model.predict(X), t)
    assert model.margin_ > 0
    # Novikoff on augmented inputs (x, 1) with the generating separator u = (1, 2, -0.5)
    Xa = np.column_stack([X, np.ones(len(X))])
    u = np.array([1.0, 2.0, -0.5]) / np.linalg.norm([1.0, 2.0, -0.5])
    gamma = np.min(t * (Xa @ u))
    R = np.max(np.linalg.norm(Xa, axis=1))
    assert model.n_mistakes_ <= (R / gamma) ** 2
    assert model.n_mistakes_ == sum(model.mistakes_) and model.mistakes_[-1] == 0


def test_perceptron_update_rule_by_hand():
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    model = Perceptron(learning_rate=0.5, shuffle=False).fit(X, [1, -1])
    # first sample: 0 <= 0 is a mistake -> w = 0.5*(1,0), b = 0.5
    # second: 0.5 > 0 with t=-1 -> mistake -> w = (0.5,-0.5), b = 0
    np.testing.assert_allclose(model.w, [0.5, -0.5])
    assert model.b == 0.0 and model.mistakes_ == [2, 0]
    np.testing.assert_allclose(model.margin_, 0.5 / np.sqrt(0.5))


def test_perceptron_batch_mode_and_determinism():
    X, t = separable(seed=3)
    batch = Perceptron(mode="batch", max_epochs=500).fit(X, t)
    assert batch.converged_
    np.testing.assert_array_equal(batch.predict(X), t)
    a = Perceptron(seed=7).fit(X, t)
    b = Perceptron(seed=7).fit(X, t)
    np.testing.assert_array_equal(a.w, b.w)
    assert a.mistakes_ == b.mistakes_


def test_perceptron_does_not_converge_on_xor():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    model = Perceptron(max_epochs=50, seed=0).fit(X, [-1, 1, 1, -1])
    assert not model.converged_ and len(model.mistakes_) == 50
    assert model.margin_ <= 0


def test_perceptron_errors():
    X, t = separable()
    with pytest.raises(ValueError, match="-1 and \\+1"):
        Perceptron().fit(X, (t + 1) // 2 * 2)  # labels 0 and 2
    with pytest.raises(ValueError, match="-1 and \\+1"):
        Perceptron().fit(X, (t + 1) // 2)  # 0/1 labels are rejected with a hint
    with pytest.raises(ValueError, match="mode"):
        Perceptron(mode="minibatch")
    with pytest.raises(ValueError, match="learning_rate"):
        Perceptron(learning_rate=0.0)
    with pytest.raises(TypeError, match="max_epochs"):
        Perceptron(max_epochs=2.5)
    with pytest.raises(RuntimeError, match="not fitted"):
        Perceptron().predict(X)
    with pytest.raises(ValueError, match="same number of samples"):
        Perceptron().fit(X, t[:-1])
    with pytest.raises(ValueError, match="3 features|2 features"):
        Perceptron(seed=0).fit(X, t).predict(np.ones((2, 3)))


# --- logistic regression ---------------------------------------------------------------


def test_logistic_gradient_matches_finite_differences():
    X, t = noisy_binary()
    model = LogisticRegression(l2=0.1)
    w0, b0 = np.array([0.2, -0.4, 0.1]), 0.3
    gw, gb = model.gradient(X, t, w0, b0)
    np.testing.assert_allclose(gw, numerical(lambda w: model.loss(X, t, w, b0), w0), rtol=1e-7)
    np.testing.assert_allclose(gb, numerical(lambda b: model.loss(X, t, w0, b), b0), rtol=1e-7)


def test_logistic_loss_at_zero_is_log2():
    X, t = noisy_binary()
    assert LogisticRegression().loss(X, t, np.zeros(3), 0.0) == pytest.approx(np.log(2.0))


def test_logistic_matches_sklearn_without_penalty():
    X, t = noisy_binary()
    model = LogisticRegression(learning_rate=1.0, max_epochs=20000, tol=1e-10).fit(X, t)
    assert model.converged_
    sk = SkLogistic(penalty=None, tol=1e-12, max_iter=10000).fit(X, t)
    np.testing.assert_allclose(model.w, sk.coef_[0], atol=1e-6)
    np.testing.assert_allclose(model.b, sk.intercept_[0], atol=1e-6)
    np.testing.assert_allclose(model.predict_proba(X), sk.predict_proba(X)[:, 1], atol=1e-7)
    assert np.all(np.diff(model.loss_history_) <= 1e-12)  # GD never increases the loss here


def test_logistic_l2_matches_sklearn_C():
    X, t = noisy_binary()
    lam = 0.05  # mean loss + lam/2 |w|^2  <=>  C = 1 / (lam N) in scikit-learn
    model = LogisticRegression(learning_rate=1.0, l2=lam, max_epochs=20000, tol=1e-10).fit(X, t)
    sk = SkLogistic(C=1 / (lam * len(t)), tol=1e-12, max_iter=10000).fit(X, t)
    np.testing.assert_allclose(model.w, sk.coef_[0], atol=1e-6)
    np.testing.assert_allclose(model.b, sk.intercept_[0], atol=1e-6)


def test_logistic_minibatch_is_deterministic_and_learns():
    X, t = noisy_binary()
    a = LogisticRegression(learning_rate=0.2, max_epochs=30, batch_size=10, seed=3).fit(X, t)
    b = LogisticRegression(learning_rate=0.2, max_epochs=30, batch_size=10, seed=3).fit(X, t)
    np.testing.assert_array_equal(a.w, b.w)
    assert a.loss_history_[-1] < 0.8 * a.loss_history_[0]
    assert set(np.unique(a.predict(X))) <= {0, 1}


def test_logistic_errors():
    X, t = noisy_binary()
    with pytest.raises(ValueError, match="0 and 1"):
        LogisticRegression().fit(X, 2 * t - 1)
    with pytest.raises(ValueError, match="l2"):
        LogisticRegression(l2=-1.0)
    with pytest.raises(TypeError, match="batch_size"):
        LogisticRegression(batch_size=1.5)
    with pytest.raises(RuntimeError, match="not fitted"):
        LogisticRegression().loss(X, t)
    with pytest.raises(ValueError, match="both"):
        LogisticRegression().gradient(X, t, w=np.zeros(3))
    with pytest.raises(ValueError, match="shape"):
        LogisticRegression().loss(X, t, np.zeros(2), 0.0)
    with pytest.raises(ValueError, match="finite"):
        LogisticRegression().fit(np.where(X > 2, np.nan, X), t)
    with pytest.raises(ValueError, match="features"):
        LogisticRegression(max_epochs=2).fit(X, t).predict_proba(X[:, :2])


# --- softmax regression ----------------------------------------------------------------


def test_softmax_gradient_is_p_minus_t():
    X, y = three_classes()
    model = SoftmaxRegression(l2=0.0)
    W0 = np.random.default_rng(2).normal(size=(3, 2))
    b0 = np.array([0.1, -0.2, 0.3])
    gW, gb = model.gradient(X, y, W0, b0)
    np.testing.assert_allclose(gW, numerical(lambda W: model.loss(X, y, W, b0), W0), rtol=1e-6)
    np.testing.assert_allclose(gb, numerical(lambda b: model.loss(X, y, W0, b), b0), rtol=1e-6)
    P, T = softmax(X @ W0.T + b0), one_hot(y)
    np.testing.assert_allclose(gb, (P - T).mean(axis=0))


def test_softmax_matches_sklearn_multinomial():
    X, y = three_classes()
    model = SoftmaxRegression(learning_rate=1.0, max_epochs=20000, tol=1e-10).fit(X, y)
    assert model.converged_
    sk = SkLogistic(penalty=None, tol=1e-12, max_iter=10000).fit(X, y)
    # the softmax is unchanged by adding a vector to every class: compare centred weights
    np.testing.assert_allclose(model.W - model.W.mean(0), sk.coef_ - sk.coef_.mean(0), atol=1e-5)
    np.testing.assert_allclose(model.predict_proba(X), sk.predict_proba(X), atol=1e-6)
    np.testing.assert_array_equal(model.predict(X), sk.predict(X))


def test_softmax_with_two_classes_equals_logistic():
    X, t = noisy_binary()
    soft = SoftmaxRegression(learning_rate=1.0, max_epochs=20000, tol=1e-10).fit(X, t.astype(int))
    logi = LogisticRegression(learning_rate=1.0, max_epochs=20000, tol=1e-10).fit(X, t)
    np.testing.assert_allclose(soft.W[1] - soft.W[0], logi.w, atol=1e-5)
    np.testing.assert_allclose(soft.predict_proba(X)[:, 1], logi.predict_proba(X), atol=1e-6)


def test_softmax_n_classes_and_errors():
    X, y = three_classes()
    model = SoftmaxRegression(max_epochs=5, n_classes=4).fit(X, y)
    assert model.W.shape == (4, 2) and model.predict_proba(X).shape == (len(y), 4)
    with pytest.raises(ValueError, match="integer class labels"):
        SoftmaxRegression().fit(X, y + 0.5)
    with pytest.raises(ValueError, match="n_classes"):
        SoftmaxRegression(n_classes=2).fit(X, y)
    with pytest.raises(ValueError, match="n_classes"):
        SoftmaxRegression(n_classes=1)
    with pytest.raises(ValueError, match="shape"):
        SoftmaxRegression().loss(X, y, np.zeros((2, 2)), np.zeros(3))
    with pytest.raises(RuntimeError, match="not fitted"):
        SoftmaxRegression().predict(X)


def test_activation_errors():
    with pytest.raises(ValueError, match="Z must be 1-D or 2-D or 3-D"):
        softmax(np.zeros((2, 2, 2, 2)))
    with pytest.raises(TypeError, match="z must be array-like with real numeric entries"):
        sigmoid("abc")


_XC = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_T01 = np.array([0, 0, 1, 1])

BAD_CLASSIFICATION_CALLS = [
    (lambda: softmax(np.zeros((2, 3)), axis=2), ValueError,
     r"axis must name a non-empty axis of Z \(shape \(2, 3\)\); got axis=2"),
    (lambda: softmax(np.zeros((2, 3)), axis=-3), ValueError, "axis must be an integer >= -2"),
    (lambda: softmax(np.zeros((2, 3)), axis=1.0), TypeError, "axis must be an integer"),
    (lambda: softmax(np.zeros((2, 0))), ValueError,
     r"axis must name a non-empty axis of Z \(shape \(2, 0\)\); got axis=-1"),
    (lambda: Perceptron(shuffle="no"), TypeError, "shuffle must be True or False; got 'no'"),
    (lambda: Perceptron(seed="0"), TypeError, "seed must be an int"),
    (lambda: LogisticRegression(seed=-1), ValueError, "seed must be a non-negative integer"),
    (lambda: SoftmaxRegression(seed=0.5), TypeError, "seed must be an int"),
    (lambda: LogisticRegression().loss(_XC, _T01, w=np.zeros(2)), ValueError,
     "give both w and b, or neither; got only w"),
    (lambda: LogisticRegression().loss(_XC, _T01, b=0.0), ValueError,
     "give both w and b, or neither; got only b"),
    (lambda: SoftmaxRegression().gradient(_XC, _T01, W=np.zeros((2, 2))), ValueError,
     "give both W and b, or neither; got only W"),
    (lambda: one_hot([0, 1.5]), ValueError, "y must hold non-negative integer class labels"),
]


@pytest.mark.parametrize("call, error, message", BAD_CLASSIFICATION_CALLS)
def test_classification_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_softmax_axis_and_shuffle_accept_good_input():
    Z = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(softmax(Z, axis=0), softmax(Z.T, axis=np.int64(-1)).T)
    assert Perceptron(shuffle=np.bool_(False)).shuffle is False


@pytest.mark.parametrize("bad", [None, "1.0", [None, 1.0], {"z": 1}])
def test_sigmoid_and_activations_reject_non_numbers_by_name(bad):
    # np.asarray(None, dtype=float) is NaN, so None used to come back as NaN.
    from neurocomp.activations import relu, tanh, tanh_derivative
    for f in (sigmoid, tanh, tanh_derivative, relu):
        with pytest.raises(TypeError, match="z must be array-like with real numeric entries"):
            f(bad)


def test_sigmoid_still_accepts_infinities_ints_and_bools():
    np.testing.assert_array_equal(sigmoid([-np.inf, np.inf]), [0.0, 1.0])
    assert sigmoid(0) == 0.5 and sigmoid(True) == pytest.approx(1 / (1 + np.exp(-1)))
