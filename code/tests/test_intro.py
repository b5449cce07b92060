"""Tests of neurocomp.intro: nearest neighbours and the epsilon-greedy bandit."""

from __future__ import annotations


import numpy as np
import pytest
from sklearn.neighbors import KNeighborsClassifier

from neurocomp.intro import NearestNeighborClassifier, epsilon_greedy_bandit


# ----------------------------------------------------------- nearest neighbour


@pytest.mark.parametrize("k", [1, 3, 5])
def test_knn_equals_sklearn(k):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(80, 2))
    t = (X[:, 0] * X[:, 1] > 0).astype(int) + (X[:, 0] > 1).astype(int)
    X_new = rng.normal(size=(50, 2))
    ours = NearestNeighborClassifier(k=k).fit(X, t).predict(X_new)
    ref = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X, t).predict(X_new)
    np.testing.assert_array_equal(ours, ref)


def test_1nn_reproduces_training_labels(blobs):
    X, labels, _ = blobs(3)
    model = NearestNeighborClassifier(k=1).fit(X, labels)
    np.testing.assert_array_equal(model.predict(X), labels)


def test_knn_tie_goes_to_smallest_label():
    X = np.array([[0.0], [1.0]])
    model = NearestNeighborClassifier(k=2).fit(X, [1, 0])
    assert model.predict([[0.4]])[0] == 0


def test_knn_errors():
    with pytest.raises(ValueError, match="k must be an integer >= 1"):
        NearestNeighborClassifier(k=0)
    with pytest.raises(TypeError, match="k must be an integer"):
        NearestNeighborClassifier(k=1.5)
    with pytest.raises(RuntimeError, match="not fitted"):
        NearestNeighborClassifier().predict([[0.0]])
    with pytest.raises(ValueError, match="k must not exceed"):
        NearestNeighborClassifier(k=5).fit(np.zeros((3, 1)), [0, 1, 0])
    with pytest.raises(ValueError, match="non-negative integer class labels"):
        NearestNeighborClassifier().fit(np.zeros((2, 1)), [0.5, 1])
    with pytest.raises(ValueError, match="same number of samples"):
        NearestNeighborClassifier().fit(np.zeros((3, 1)), [0, 1])
    with pytest.raises(ValueError, match="X must be 2-D"):
        NearestNeighborClassifier().fit(np.zeros(3), [0, 1, 0])


# -------------------------------------------------------------------- bandit


def test_bandit_estimates_are_sample_averages():
    res = epsilon_greedy_bandit([0.0, 1.0, -0.5], n_steps=500, epsilon=0.2, seed=0)
    for a in range(3):
        got = res.rewards[res.actions == a]
        assert res.counts[a] == got.size
        assert res.Q[-1, a] == pytest.approx(got.mean() if got.size else 0.0, abs=1e-12)
    assert res.Q.shape == (501, 3)
    np.testing.assert_array_equal(res.Q[0], 0.0)


def test_bandit_converges_to_true_means():
    means = np.array([0.2, -0.8, 1.5, 0.4])
    res = epsilon_greedy_bandit(means, n_steps=20_000, epsilon=0.2, reward_std=1.0, seed=1)
    tolerance = 4.0 / np.sqrt(res.counts)
    assert np.all(np.abs(res.Q[-1] - means) < tolerance)
    assert np.mean(res.actions[-5000:] == 2) > 0.8


def test_bandit_epsilon_one_explores_uniformly():
    res = epsilon_greedy_bandit(np.zeros(4), n_steps=8000, epsilon=1.0, seed=2)
    np.testing.assert_allclose(res.counts / 8000, 0.25, atol=0.03)


def test_bandit_greedy_never_switches_after_a_positive_reward():
    # with all means far above zero, the first pulled arm keeps the only positive estimate
    res = epsilon_greedy_bandit([10.0, 10.0, 10.0], n_steps=50, epsilon=0.0, seed=3)
    assert np.unique(res.actions).size == 1


def test_bandit_is_deterministic_under_seed():
    a = epsilon_greedy_bandit([0.0, 1.0], n_steps=200, seed=7)
    b = epsilon_greedy_bandit([0.0, 1.0], n_steps=200, seed=7)
    np.testing.assert_array_equal(a.actions, b.actions)
    np.testing.assert_array_equal(a.Q, b.Q)


def test_bandit_errors():
    with pytest.raises(ValueError, match=r"epsilon must lie in \[0, 1\]"):
        epsilon_greedy_bandit([0.0, 1.0], epsilon=1.5)
    with pytest.raises(ValueError, match="epsilon must be a finite non-negative"):
        epsilon_greedy_bandit([0.0, 1.0], epsilon=-0.1)
    with pytest.raises(ValueError, match="reward_std must be a finite positive"):
        epsilon_greedy_bandit([0.0, 1.0], reward_std=0.0)
    with pytest.raises(ValueError, match="n_steps must be an integer >= 1"):
        epsilon_greedy_bandit([0.0, 1.0], n_steps=0)
    with pytest.raises(ValueError, match="means must be 1-D"):
        epsilon_greedy_bandit([[0.0, 1.0]])
    with pytest.raises(ValueError, match="means needs at least 1 samples"):
        epsilon_greedy_bandit([])
    with pytest.raises(TypeError, match="means must be array-like"):
        epsilon_greedy_bandit(["a", "b"])


_X4 = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_KNN = NearestNeighborClassifier(k=1).fit(_X4, [0, 0, 1, 1])

BAD_INTRO_CALLS = [
    (lambda: NearestNeighborClassifier().fit(_X4, [0, 1]), ValueError,
     "X and t must have the same number of samples; got X with 4 rows and t with 2"),
    (lambda: NearestNeighborClassifier().fit(_X4, [[0, 1, 0, 1]]), ValueError, "t must be 1-D"),
    (lambda: NearestNeighborClassifier().fit(_X4, [0, 1, np.nan, 1]), ValueError,
     "t must contain only finite values"),
    (lambda: NearestNeighborClassifier().fit(_X4, [0, -1, 0, 1]), ValueError,
     "t must hold non-negative class labels; found -1"),
    (lambda: NearestNeighborClassifier().fit(_X4, ["a", "b", "a", "b"]), TypeError,
     "t must be array-like with numeric entries"),
    (lambda: _KNN.predict(np.zeros((1, 3))), ValueError,
     "X must have 2 features like the training data; got X with 3"),
    (lambda: _KNN.predict([0.0, 1.0]), ValueError, "X must be 2-D"),
    (lambda: NearestNeighborClassifier(k=True), TypeError, "k must be an integer"),
    (lambda: epsilon_greedy_bandit([1.0, np.nan]), ValueError, "means must contain only finite"),
    (lambda: epsilon_greedy_bandit([1.0], n_steps=10.0), TypeError, "n_steps must be an integer"),
    (lambda: epsilon_greedy_bandit([1.0], epsilon="0.1"), TypeError,
     "epsilon must be a real number"),
    (lambda: epsilon_greedy_bandit([1.0], seed=-3), ValueError, "seed must be a non-negative"),
]


@pytest.mark.parametrize("call, error, message", BAD_INTRO_CALLS)
def test_intro_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
