"""Tests of neurocomp.geometry and neurocomp.clustering: distances and k-means."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from sklearn.cluster import KMeans as SkKMeans

from neurocomp.clustering import KMeans, initial_centers, kmeans_objective
from neurocomp.geometry import squared_distances


# ----------------------------------------------------------------- distances


def test_squared_distances_match_explicit_loop():
    rng = np.random.default_rng(1)
    X, C = rng.normal(size=(7, 3)), rng.normal(size=(4, 3))
    expected = np.array([[np.sum((x - c) ** 2) for c in C] for x in X])
    np.testing.assert_allclose(squared_distances(X, C), expected, rtol=1e-12, atol=1e-12)


def test_squared_distances_rejects_mismatched_features():
    with pytest.raises(ValueError, match="same number of features"):
        squared_distances(np.zeros((3, 2)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="finite"):
        squared_distances(np.array([[np.nan, 1.0]]))
    np.testing.assert_allclose(np.diag(squared_distances(np.eye(3))), 0.0)


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


def test_kmeans_finds_well_separated_blobs_like_sklearn(blobs):
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


def test_kmeans_is_deterministic_under_seed(blobs):
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


def test_kmeans_plus_plus_finds_separated_clusters():
    rng = np.random.default_rng(0)
    true = np.array([[0.0, 0.0], [5.0, 5.0], [0.0, 5.0]])
    X = np.repeat(true, 30, axis=0) + 0.3 * rng.normal(size=(90, 2))
    model = KMeans(3, init="k-means++", seed=0).fit(X)
    centres, assignment = model.centers_, model.labels_
    nearest = np.min(np.linalg.norm(centres[:, None, :] - true[None], axis=2), axis=0)
    assert np.all(nearest < 0.2), nearest  # every true centre has a found centre near it
    assert len(np.unique(assignment)) == 3
    again = KMeans(3, init="k-means++", seed=0).fit(X).centers_
    np.testing.assert_array_equal(centres, again)
    with pytest.raises(ValueError, match="at least 100 samples"):
        KMeans(100, init="k-means++").fit(X)


def test_kmeans_single_cluster_and_bad_init():
    X = np.arange(12.0).reshape(6, 2)
    model = KMeans(1, init="k-means++", seed=0).fit(X)
    centres, assignment = model.centers_, model.labels_
    np.testing.assert_allclose(centres[0], X.mean(axis=0))
    assert np.all(assignment == 0)
    with pytest.raises(ValueError, match="init must be one of"):
        KMeans(2, init="farthest")
    with pytest.raises(ValueError, match="2-D"):
        KMeans(2).fit(np.arange(5.0))


_X6 = np.arange(12.0).reshape(6, 2)
_FITTED = KMeans(2, seed=0).fit(_X6)

BAD_CLUSTERING_CALLS = [
    (lambda: squared_distances(np.zeros(3)), ValueError, "X must be 2-D"),
    (lambda: squared_distances(np.zeros((0, 2))), ValueError, "X needs at least 1 samples"),
    (lambda: kmeans_objective(_X6, np.zeros((2, 3)), np.zeros(6)), ValueError,
     "centers must have 2 features like the training data; got centers with 3"),
    (lambda: kmeans_objective(_X6, np.zeros((2, 2)), np.full(6, 0.5)), ValueError,
     "labels must hold non-negative integer class labels"),
    (lambda: kmeans_objective(_X6, np.zeros((2, 2)), np.full(6, np.nan)), ValueError,
     "labels must contain only finite values"),
    (lambda: kmeans_objective(_X6, np.zeros((2, 2)), -np.ones(6)), ValueError,
     "labels must hold non-negative class labels; found -1"),
    (lambda: kmeans_objective(_X6, np.zeros((2, 2)), np.full(6, 2)), ValueError,
     r"labels must lie in 0..1 \(one per row of centers\); found 2"),
    (lambda: kmeans_objective(np.zeros((0, 2)), np.zeros((2, 2)), []), ValueError,
     "X needs at least 1 samples; got 0"),
    (lambda: kmeans_objective(_X6, np.zeros((0, 2)), np.zeros(6)), ValueError,
     "centers needs at least 1 samples; got 0"),
    (lambda: initial_centers(_X6, 10, "random", np.random.default_rng(0)), ValueError,
     r"k must be at most the number of rows of X \(6\); got k=10"),
    (lambda: initial_centers(_X6, 0, "k-means++", np.random.default_rng(0)), ValueError,
     "k must be an integer >= 1; got k=0"),
    (lambda: initial_centers(_X6, 2.0, "random", np.random.default_rng(0)), TypeError,
     "k must be an integer"),
    (lambda: initial_centers(_X6, 2, "kmeans++", np.random.default_rng(0)), ValueError,
     r"init must be one of 'random', 'k-means\+\+'; got 'kmeans\+\+'"),
    (lambda: initial_centers(_X6, 2, "random", 1), TypeError,
     "rng must be a numpy.random.Generator; got 1"),
    (lambda: initial_centers(_X6[:, 0], 2, "random", np.random.default_rng(0)), ValueError,
     "X must be 2-D"),
    (lambda: initial_centers(_X6 * np.nan, 2, "random", np.random.default_rng(0)), ValueError,
     "X must contain only finite values"),
    (lambda: _FITTED.predict(np.zeros((2, 3))), ValueError,
     "X must have 2 features like the training data; got X with 3"),
    (lambda: KMeans(seed="a"), TypeError, "seed must be an int"),
    (lambda: KMeans(seed=-1), ValueError, "seed must be a non-negative integer"),
    (lambda: KMeans(init=None), ValueError, "init must be one of"),
    (lambda: KMeans().predict(_X6), RuntimeError,
     r"KMeans is not fitted yet: call fit\(X\) before using it"),
]


@pytest.mark.parametrize("call, error, message", BAD_CLUSTERING_CALLS)
def test_clustering_rejects_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_initial_centers_valid_input_unchanged():
    rng = np.random.default_rng(0)
    expected = _X6[np.random.default_rng(0).choice(6, size=2, replace=False)]
    np.testing.assert_array_equal(initial_centers(_X6, 2, "random", rng), expected)
    assert kmeans_objective(_X6, _X6[:2], [0.0, 1.0, 1.0, 1.0, 1.0, 1.0]) == pytest.approx(
        sum(((_X6[i] - _X6[1]) ** 2).sum() for i in range(1, 6))
    )
