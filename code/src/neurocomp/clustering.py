"""k-means clustering: Lloyd's algorithm and its objective.

Chapter *Introduction to machine learning* uses KMeans as its example of
unsupervised learning; chapter *Learning theory* places the centres of an RBF
network with it.
"""

from __future__ import annotations

import numpy as np

from .geometry import squared_distances
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_choice,
    check_features,
    check_fitted,
    check_int,
    check_labels,
    check_seed,
)

__all__ = ["KMeans", "initial_centers", "kmeans_objective"]


def kmeans_objective(X, centers, labels) -> float:
    r"""The k-means objective (within-cluster sum of squares).

        J = Σ_i ‖x_i − μ_(c_i)‖²   (sum over the N samples),

    where c_i is the cluster of sample i and μ_j the centre of cluster j.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    centers : ndarray of shape (n_clusters, n_features)
    labels : ndarray of shape (n_samples,)
        Index of the cluster of every sample.
    """
    X = check_array(X, "X", ndim=2, min_samples=1)
    centers = check_features(
        check_array(centers, "centers", ndim=2, min_samples=1),
        X.shape[1],
        "centers",
    )
    labels = check_labels(labels, "labels")
    if labels.shape[0] != X.shape[0]:
        raise ValueError(
            f"labels must have one entry per sample; got {labels.shape[0]} "
            f"for {X.shape[0]}"
        )
    if labels.max() >= centers.shape[0]:
        raise ValueError(
            f"labels must lie in 0..{centers.shape[0] - 1} (one per row of "
            "centers); "
            f"found {labels.max()}"
        )
    return float(((X - centers[labels]) ** 2).sum())


def initial_centers(
    X: np.ndarray, k: int, init: str, rng: np.random.Generator
) -> np.ndarray:
    """``k`` distinct rows of ``X``: drawn uniformly, or by k-means++
    seeding."""
    X = check_array(X, "X", ndim=2, min_samples=1)
    k = check_int(k, "k")
    if k > X.shape[0]:
        raise ValueError(
            f"k must be at most the number of rows of X ({X.shape[0]}); got "
            f"k={k}"
        )
    check_choice(init, "init", ("random", "k-means++"))
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator; got {rng!r}")
    if init == "random":
        return X[rng.choice(X.shape[0], size=k, replace=False)].copy()
    chosen = [int(rng.integers(X.shape[0]))]
    for _ in range(k - 1):
        d2 = squared_distances(X, X[chosen]).min(axis=1)
        # all points coincide: uniform choice
        p = d2 / d2.sum() if d2.sum() > 0 else None
        chosen.append(int(rng.choice(X.shape[0], p=p)))
    return X[chosen].copy()


class KMeans:
    r"""k-means clustering by Lloyd's algorithm.

    Alternates the assignment step c_i = argmin_j ‖x_i − μ_j‖² and the update
    step μ_j = (1/|C_j|) Σ_{i in C_j} x_i; neither step can increase the
    objective kmeans_objective. The centres start at ``n_clusters`` distinct
    training points, drawn at random (``init="random"``) or by k-means++
    seeding (``init="k-means++"``: each new centre is drawn with probability
    proportional to its squared distance from the nearest centre so far; Arthur
    and Vassilvitskii, 2007). A cluster that loses all its points keeps its
    centre. Chapters: *Introduction to machine learning* (unsupervised
    learning), *Learning theory* (the centres of an RBF network).

    Parameters
    ----------
    n_clusters : int
        Number of clusters K.
    max_iter : int
        Maximum number of assignment/update rounds.
    init : {"random", "k-means++"}
        How the initial centres are chosen.
    seed : int, numpy.random.Generator or None
        Seed of the initialisation.

    Attributes
    ----------
    centers_ : ndarray of shape (n_clusters, n_features)
        The centres μ_j.
    labels_ : ndarray of shape (n_samples,)
        The cluster of every training sample.
    objective_ : ndarray of shape (n_iter_ + 1,)
        The objective after the initial assignment and after every update step;
        when the assignments stop changing, the last entry is the objective of
        ``centers_`` and ``labels_``.
    n_iter_ : int
        Number of rounds until the assignments stopped changing (or
        ``max_iter``).
    """

    def __init__(
        self,
        n_clusters: int = 3,
        max_iter: int = 100,
        init: str = "random",
        seed: SeedLike = None,
    ) -> None:
        self.n_clusters = check_int(n_clusters, "n_clusters", minimum=1)
        self.max_iter = check_int(max_iter, "max_iter", minimum=1)
        self.init = check_choice(init, "init", ("random", "k-means++"))
        self.seed = check_seed(seed)
        self.centers_: np.ndarray | None = None

    def fit(self, X) -> KMeans:
        """Cluster the rows of ``X`` (shape ``(n_samples, n_features)``)."""
        X = check_array(X, "X", ndim=2, min_samples=self.n_clusters)
        centers = initial_centers(
            X, self.n_clusters, self.init, as_generator(self.seed)
        )
        labels = squared_distances(X, centers).argmin(axis=1)
        objective = [kmeans_objective(X, centers, labels)]
        self.n_iter_ = self.max_iter
        for it in range(1, self.max_iter + 1):
            for j in range(self.n_clusters):
                if np.any(labels == j):
                    centers[j] = X[labels == j].mean(axis=0)
            objective.append(kmeans_objective(X, centers, labels))
            new_labels = squared_distances(X, centers).argmin(axis=1)
            if np.array_equal(new_labels, labels):
                self.n_iter_ = it
                break
            labels = new_labels
        self.centers_, self.labels_ = centers, labels
        self.objective_ = np.asarray(objective)
        return self

    def predict(self, X) -> np.ndarray:
        """Return the index of the nearest centre for every row of ``X``."""
        check_fitted(self, "centers_")
        X = check_features(X, self.centers_.shape[1])
        return squared_distances(X, self.centers_).argmin(axis=1)
