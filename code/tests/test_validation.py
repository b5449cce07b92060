"""Tests of neurocomp.validation: splits, k-fold indices, cross-validation, MSE."""

import numpy as np
import pytest

from neurocomp.validation import (
    cross_validate,
    kfold_indices,
    mean_squared_error,
    train_test_split,
)


class MeanModel:
    """A learner that predicts the mean of its training targets."""

    def __init__(self):
        self.mean_ = None

    def fit(self, X, y):
        self.mean_ = float(np.mean(y))
        return self

    def predict(self, X):
        return np.full(len(X), self.mean_)


def test_split_partitions_the_data():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, seed=0)
    assert X_te.shape == (5, 2) and X_tr.shape == (15, 2)
    assert sorted(np.concatenate([y_tr, y_te]).tolist()) == list(range(20))
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)  # rows stay paired
    np.testing.assert_array_equal(X_te[:, 0], 2 * y_te)
    assert y_tr.dtype == y.dtype  # labels keep their dtype


def test_split_is_deterministic_and_accepts_counts():
    X, y = np.random.default_rng(1).normal(size=(30, 3)), np.arange(30)
    a = train_test_split(X, y, 0.3, seed=5)
    b = train_test_split(X, y, 0.3, seed=5)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    c = train_test_split(X, y, 0.3, seed=6)
    assert not np.array_equal(a[3], c[3])
    assert train_test_split(X, y, test_size=7, seed=0)[1].shape == (7, 3)


def test_split_accepts_images_and_string_labels():
    X = np.zeros((10, 4, 4))
    y = np.array(list("abcdefghij"))
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, 0.2, seed=0)
    assert X_tr.shape == (8, 4, 4) and y_te.dtype.kind == "U"


def test_split_rejects_bad_input():
    X, y = np.zeros((10, 2)), np.zeros(10)
    with pytest.raises(ValueError, match="same number of samples"):
        train_test_split(X, np.zeros(9))
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(X, y, test_size=1.5)
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(X, y, test_size=0.0)
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(X, y, test_size=10)
    with pytest.raises(TypeError, match="test_size"):
        train_test_split(X, y, test_size="half")
    with pytest.raises(ValueError, match="finite"):
        train_test_split(np.full((10, 2), np.nan), y)
    with pytest.raises(TypeError, match="seed"):
        train_test_split(X, y, seed=1.5)


@pytest.mark.parametrize("n, k", [(10, 2), (10, 3), (11, 5), (7, 7)])
def test_kfold_covers_every_sample_once(n, k):
    splits = kfold_indices(n, k, seed=0)
    assert len(splits) == k
    tests = np.concatenate([test for _, test in splits])
    assert sorted(tests.tolist()) == list(range(n))
    sizes = [len(test) for _, test in splits]
    assert max(sizes) - min(sizes) <= 1
    for train, test in splits:
        assert len(np.intersect1d(train, test)) == 0
        assert len(train) + len(test) == n


def test_kfold_deterministic_and_unshuffled():
    a = kfold_indices(12, 4, seed=3)
    b = kfold_indices(12, 4, seed=3)
    for (tr1, te1), (tr2, te2) in zip(a, b):
        np.testing.assert_array_equal(tr1, tr2)
        np.testing.assert_array_equal(te1, te2)
    plain = kfold_indices(6, 3, shuffle=False)
    np.testing.assert_array_equal(plain[0][1], [0, 1])
    np.testing.assert_array_equal(plain[2][0], [0, 1, 2, 3])


def test_kfold_rejects_bad_input():
    with pytest.raises(ValueError, match="k must be at most"):
        kfold_indices(3, 4)
    with pytest.raises(ValueError, match="k must be"):
        kfold_indices(10, 1)
    with pytest.raises(TypeError, match="n_samples"):
        kfold_indices(10.0, 2)
    with pytest.raises(TypeError, match="k must be an integer"):
        kfold_indices(10, 2.5)


def test_mean_squared_error_exact():
    assert mean_squared_error([1.0, 2.0, 3.0], [1.0, 0.0, 6.0]) == pytest.approx(13 / 3)
    with pytest.raises(ValueError, match="same shape"):
        mean_squared_error([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="finite"):
        mean_squared_error([np.inf], [1.0])


def test_cross_validate_matches_a_hand_computation():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    model = MeanModel()
    scores = cross_validate(model, X, y, k=4, seed=1)
    expected = [
        np.mean((y[test] - y[train].mean()) ** 2) for train, test in kfold_indices(20, 4, 1)
    ]
    np.testing.assert_allclose(scores, expected)
    assert model.mean_ is None  # the caller's model is not fitted
    mae = cross_validate(model, X, y, k=4, seed=1, metric=lambda t, p: np.mean(np.abs(t - p)))
    assert mae.shape == (4,)


def test_cross_validate_rejects_bad_input():
    X, y = np.zeros((10, 2)), np.zeros(10)
    with pytest.raises(TypeError, match="fit"):
        cross_validate(object(), X, y)
    with pytest.raises(TypeError, match="metric"):
        cross_validate(MeanModel(), X, y, metric="mse")
    with pytest.raises(ValueError, match="k must be at most"):
        cross_validate(MeanModel(), X, y, k=11)


_XV = np.arange(12.0).reshape(6, 2)
_YV = np.arange(6.0)

BAD_VALIDATION_CALLS = [
    (lambda: cross_validate(MeanModel(), _XV[:1], _YV[:1]), ValueError,
     r"k must be at most the number of samples in X \(1\); got k=5"),
    (lambda: cross_validate(MeanModel(), _XV, _YV, k=10), ValueError,
     r"k must be at most the number of samples in X \(6\); got k=10"),
    (lambda: cross_validate(MeanModel(), _XV, _YV, k=1), ValueError,
     "k must be an integer >= 2; got k=1"),
    (lambda: cross_validate(MeanModel(), _XV, _YV, k=2.0), TypeError, "k must be an integer"),
    (lambda: kfold_indices(6, 2, shuffle="no"), TypeError,
     "shuffle must be True or False; got 'no'"),
    (lambda: kfold_indices(6, 2, shuffle=None), TypeError, "shuffle must be True or False"),
]


@pytest.mark.parametrize("call, error, message", BAD_VALIDATION_CALLS)
def test_validation_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
