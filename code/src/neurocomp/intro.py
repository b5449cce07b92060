"""Three tiny learners, one for each kind of machine learning.

Chapter *Introduction to machine learning* (``book/introduction/machine-learning.md``)
uses them to show the three settings side by side:

* NearestNeighborClassifier -- supervised learning: predict the label of a
  new point from the labels of its closest training points.
* KMeans -- unsupervised learning: Lloyd's algorithm for the k-means
  objective, which records the objective after every step.
* epsilon_greedy_bandit -- reinforcement learning: an agent that learns the
  value of each arm of a multi-armed bandit from the rewards it receives.

Everything here is plain NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_fitted,
    check_int,
    check_positive,
    check_X_y,
)


def squared_distances(X: np.ndarray, C: np.ndarray) -> np.ndarray:
    r"""Squared Euclidean distances between the rows of ``X`` and the rows of ``C``.

        D_ij = ‖x_i − c_j‖² = ‖x_i‖² − 2 x_iᵀc_j + ‖c_j‖²

    Parameters
    ----------
    X : ndarray of shape (n, d)
    C : ndarray of shape (m, d)

    Returns
    -------
    ndarray of shape (n, m)
        Non-negative distances (round-off below zero is clipped).
    """
    X = check_array(X, "X", ndim=2)
    C = check_array(C, "C", ndim=2)
    if X.shape[1] != C.shape[1]:
        raise ValueError(
            f"X and C must have the same number of features; got {X.shape[1]} and {C.shape[1]}"
        )
    D = (X**2).sum(axis=1)[:, None] - 2.0 * X @ C.T + (C**2).sum(axis=1)[None, :]
    return np.maximum(D, 0.0)


class NearestNeighborClassifier:
    r"""The k-nearest-neighbour classifier.

    The prediction for x is the most frequent label among the
    k training points N_k(x) closest to it in Euclidean distance,

        y(x) = argmax_c Σ_{i in N_k(x)} [t_i = c],

    with ties between labels broken in favour of the smallest label. Chapter:
    *Introduction to machine learning* (supervised learning).

    Parameters
    ----------
    k : int
        Number of neighbours that vote (at least 1).

    Attributes
    ----------
    X_ : ndarray of shape (n_samples, n_features)
        The stored training inputs.
    t_ : ndarray of shape (n_samples,)
        The stored training labels, non-negative integers.
    """

    def __init__(self, k: int = 1) -> None:
        self.k = check_int(k, "k", minimum=1)
        self.X_: np.ndarray | None = None
        self.t_: np.ndarray | None = None

    def fit(self, X, t) -> NearestNeighborClassifier:
        """Store the training set; ``t`` holds non-negative integer labels."""
        X, t = check_X_y(X, t)
        if np.any(t < 0) or np.any(t != np.round(t)):
            raise ValueError("t must hold non-negative integer class labels; got other values")
        if self.k > X.shape[0]:
            raise ValueError(
                f"k must not exceed the number of training samples; got k={self.k} "
                f"with {X.shape[0]} samples"
            )
        self.X_, self.t_ = X, t.astype(int)
        return self

    def predict(self, X) -> np.ndarray:
        """Return the predicted label of every row of ``X``, shape ``(n,)``."""
        check_fitted(self, "X_")
        X = check_array(X, "X", ndim=2)
        D = squared_distances(X, self.X_)
        nearest = np.argsort(D, axis=1, kind="stable")[:, : self.k]
        votes = self.t_[nearest]
        n_classes = int(self.t_.max()) + 1
        counts = np.zeros((X.shape[0], n_classes), dtype=int)
        np.add.at(counts, (np.arange(X.shape[0])[:, None], votes), 1)
        return counts.argmax(axis=1)


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
    X = check_array(X, "X", ndim=2)
    centers = check_array(centers, "centers", ndim=2)
    labels = check_array(labels, "labels", ndim=1, dtype=int)
    if labels.shape[0] != X.shape[0]:
        raise ValueError(
            f"labels must have one entry per sample; got {labels.shape[0]} for {X.shape[0]}"
        )
    if np.any(labels < 0) or np.any(labels >= centers.shape[0]):
        raise ValueError(f"labels must lie in 0..{centers.shape[0] - 1}; got other values")
    return float(((X - centers[labels]) ** 2).sum())


class KMeans:
    r"""k-means clustering by Lloyd's algorithm.

    Alternates the assignment step c_i = argmin_j ‖x_i − μ_j‖² and the update step
    μ_j = (1/|C_j|) Σ_{i in C_j} x_i; neither step can increase the
    objective kmeans_objective. The centres start at ``n_clusters`` distinct
    training points drawn at random. A cluster that loses all its points keeps its
    centre. Chapter: *Introduction to machine learning* (unsupervised learning).

    Parameters
    ----------
    n_clusters : int
        Number of clusters K.
    max_iter : int
        Maximum number of assignment/update rounds.
    seed : int, numpy.random.Generator or None
        Seed of the initialisation.

    Attributes
    ----------
    centers_ : ndarray of shape (n_clusters, n_features)
        The centres μ_j.
    labels_ : ndarray of shape (n_samples,)
        The cluster of every training sample.
    objective_ : ndarray of shape (n_iter_ + 1,)
        The objective after the initial assignment and after every update step; when
        the assignments stop changing, the last entry is the objective of
        ``centers_`` and ``labels_``.
    n_iter_ : int
        Number of rounds until the assignments stopped changing (or ``max_iter``).
    """

    def __init__(self, n_clusters: int = 3, max_iter: int = 100, seed: SeedLike = None) -> None:
        self.n_clusters = check_int(n_clusters, "n_clusters", minimum=1)
        self.max_iter = check_int(max_iter, "max_iter", minimum=1)
        self.seed = seed
        self.centers_: np.ndarray | None = None

    def fit(self, X) -> KMeans:
        """Cluster the rows of ``X`` (shape ``(n_samples, n_features)``)."""
        X = check_array(X, "X", ndim=2, min_samples=self.n_clusters)
        rng = as_generator(self.seed)
        centers = X[rng.choice(X.shape[0], size=self.n_clusters, replace=False)].copy()
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
        X = check_array(X, "X", ndim=2)
        return squared_distances(X, self.centers_).argmin(axis=1)


@dataclass
class BanditResult:
    """What an epsilon-greedy agent did on a multi-armed bandit.

    Attributes
    ----------
    Q : ndarray of shape (n_steps + 1, n_arms)
        Estimated action values before the first step (zeros) and after every step.
    actions : ndarray of shape (n_steps,)
        The arm pulled at every step.
    rewards : ndarray of shape (n_steps,)
        The reward received at every step.
    counts : ndarray of shape (n_arms,)
        How often each arm was pulled.
    """

    Q: np.ndarray
    actions: np.ndarray
    rewards: np.ndarray
    counts: np.ndarray


def epsilon_greedy_bandit(
    means,
    n_steps: int = 1000,
    epsilon: float = 0.1,
    reward_std: float = 1.0,
    seed: SeedLike = None,
) -> BanditResult:
    r"""Let an epsilon-greedy agent play a Gaussian multi-armed bandit.

    Arm a pays a reward drawn from the normal distribution N(q*(a), σ²). With
    probability ε the agent pulls a random arm, otherwise an arm with
    the largest estimate (ties broken at random). After receiving reward R for
    arm a it updates the sample average incrementally,

        Q(a) ← Q(a) + (R − Q(a)) / N(a).

    Chapter: *Introduction to machine learning* (reinforcement learning).

    Parameters
    ----------
    means : array_like of shape (n_arms,)
        The true action values q*(a).
    n_steps : int
        Number of pulls.
    epsilon : float
        Exploration probability ε in [0, 1].
    reward_std : float
        Standard deviation σ of the rewards (positive).
    seed : int, numpy.random.Generator or None
        Seed of the agent's choices and of the rewards.

    Returns
    -------
    BanditResult
    """
    means = check_array(means, "means", ndim=1, min_samples=1)
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    epsilon = check_positive(epsilon, "epsilon", allow_zero=True)
    if epsilon > 1:
        raise ValueError(f"epsilon must lie in [0, 1]; got epsilon={epsilon!r}")
    reward_std = check_positive(reward_std, "reward_std")
    rng = as_generator(seed)
    n_arms = means.shape[0]
    explore = rng.random(n_steps) < epsilon
    random_arm = rng.integers(n_arms, size=n_steps)
    noise = reward_std * rng.standard_normal(n_steps)
    Q = np.zeros((n_steps + 1, n_arms))
    counts = np.zeros(n_arms, dtype=int)
    actions = np.empty(n_steps, dtype=int)
    for step in range(n_steps):
        q = Q[step]
        if explore[step]:
            a = random_arm[step]
        else:
            best = np.flatnonzero(q == q.max())
            a = best[0] if best.size == 1 else rng.choice(best)
        counts[a] += 1
        Q[step + 1] = q
        Q[step + 1, a] += (means[a] + noise[step] - q[a]) / counts[a]
        actions[step] = a
    rewards = means[actions] + noise
    return BanditResult(Q=Q, actions=actions, rewards=rewards, counts=counts)
