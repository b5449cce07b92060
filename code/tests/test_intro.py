"""Tests of neurocomp.intro: nearest neighbours, k-means and the epsilon-greedy bandit."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from sklearn.cluster import KMeans as SkKMeans
from sklearn.neighbors import KNeighborsClassifier

from neurocomp.intro import (
    KMeans,
    NearestNeighborClassifier,
    epsilon_greedy_bandit,
    kmeans_objective,
    squared_distances,
)


def blobs(seed: int = 0, n: int = 60, spread: float = 0.3):
    rng = np.random.default_rng(seed)
    centers = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    labels = np.repeat(np.arange(3), n)
    X = centers[labels] + spread * rng.standard_normal((3 * n, 2))
    return X, labels, centers


# ----------------------------------------------------------------- distances


def test_squared_distances_match_explicit_loop():
    rng = np.random.default_rng(1)
    X, C = rng.normal(size=(7, 3)), rng.normal(size=(4, 3))
    expected = np.array([[np.sum((x - c) ** 2) for c in C] for x in X])
    np.testing.assert_allclose(squared_distances(X, C), expected, rtol=1e-12, atol=1e-12)


def test_squared_distances_rejects_mismatched_features():
    with pytest.raises(ValueError, match="same number of features"):
        squared_distances(np.zeros((3, 2)), np.zeros((2, 3)))


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


def test_1nn_reproduces_training_labels():
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


# ------------------------------------------------------------------- k-means


def test_kmeans_objective_exact():
    X = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 1.0]])
    centers = np.array([[1.0, 0.0], [10.0, 0.0]])
    assert kmeans_objective(X, centers, [0, 0, 1]) == pytest.approx(1.0 + 1.0 + 1.0)


def test_kmeans_objective_errors():
    X = np.zeros((3, 2))
    with pytest.raises(ValueError, match="one entry per sample"):
        kmeans_objective(X, np.zeros((2, 2)), [0, 1])
    with pytest.raises(ValueError, match="labels must lie in 0..1"):
        kmeans_objective(X, np.zeros((2, 2)), [0, 1, 2])


@pytest.mark.parametrize("seed", range(5))
def test_kmeans_objective_never_increases(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(200, 2))  # no cluster structure: many rounds
    model = KMeans(n_clusters=6, seed=seed).fit(X)
    assert np.all(np.diff(model.objective_) <= 1e-9)
    assert model.objective_[-1] == pytest.approx(
        kmeans_objective(X, model.centers_, model.labels_)
    )


def test_kmeans_finds_well_separated_blobs_like_sklearn():
    X, labels, centers = blobs(4)
    model = KMeans(n_clusters=3, seed=0).fit(X)
    ref = SkKMeans(n_clusters=3, n_init=10, random_state=0).fit(X)
    # same partition up to a renaming of the clusters
    best = max(
        np.mean(np.array(perm)[model.labels_] == labels)
        for perm in itertools.permutations(range(3))
    )
    assert best == 1.0
    assert model.objective_[-1] == pytest.approx(ref.inertia_, rel=1e-10)
    order = np.lexsort(model.centers_.T)
    ref_order = np.lexsort(ref.cluster_centers_.T)
    np.testing.assert_allclose(
        model.centers_[order], ref.cluster_centers_[ref_order], rtol=1e-10, atol=1e-10
    )


def test_kmeans_fixed_point_is_centroid_of_its_clusters():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(100, 3))
    model = KMeans(n_clusters=4, seed=1).fit(X)
    assert model.n_iter_ < model.max_iter
    for j in range(4):
        np.testing.assert_allclose(model.centers_[j], X[model.labels_ == j].mean(axis=0))
    np.testing.assert_array_equal(model.predict(X), model.labels_)


def test_kmeans_is_deterministic_under_seed():
    X, _, _ = blobs(6, spread=1.5)
    a = KMeans(n_clusters=3, seed=11).fit(X)
    b = KMeans(n_clusters=3, seed=11).fit(X)
    np.testing.assert_array_equal(a.centers_, b.centers_)
    np.testing.assert_array_equal(a.objective_, b.objective_)


def test_kmeans_errors():
    with pytest.raises(ValueError, match="n_clusters must be an integer >= 1"):
        KMeans(n_clusters=0)
    with pytest.raises(TypeError, match="max_iter must be an integer"):
        KMeans(max_iter="10")
    with pytest.raises(ValueError, match="at least 3 samples"):
        KMeans(n_clusters=3).fit(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="finite"):
        KMeans(n_clusters=1).fit(np.array([[np.nan, 0.0]]))
    with pytest.raises(RuntimeError, match="not fitted"):
        KMeans().predict(np.zeros((1, 2)))
    with pytest.raises(TypeError, match="seed must be an int"):
        KMeans(seed=0.5).fit(np.zeros((4, 2)))


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
