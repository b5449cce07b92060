"""Three tiny learners, one for each kind of machine learning.

Chapter *Introduction to machine learning*
(``book/introduction/machine-learning.md``)
uses them to show the three settings side by side:

* NearestNeighborClassifier -- supervised learning: predict the label of a
  new point from the labels of its closest training points.
* KMeans (in neurocomp.clustering) -- unsupervised learning: Lloyd's algorithm
  for the k-means objective, which records the objective after every step.
* epsilon_greedy_bandit -- reinforcement learning: an agent that learns the
  value of each arm of a multi-armed bandit from the rewards it receives.

Everything here is plain NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .geometry import squared_distances
from .utils import (
    SeedLike,
    as_generator,
    check_array,
    check_features,
    check_fitted,
    check_int,
    check_labels,
    check_positive,
    check_X_y,
)


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
        X, _ = check_X_y(X, t, names=("X", "t"))
        t = check_labels(t, "t")
        if self.k > X.shape[0]:
            raise ValueError(
                "k must not exceed the number of training samples; got "
                f"k={self.k} "
                f"with {X.shape[0]} samples"
            )
        self.X_, self.t_ = X, t
        return self

    def predict(self, X) -> np.ndarray:
        """Return the predicted label of every row of ``X``, shape ``(n,)``."""
        check_fitted(self, "X_")
        X = check_features(X, self.X_.shape[1])
        D = squared_distances(X, self.X_)
        nearest = np.argsort(D, axis=1, kind="stable")[:, : self.k]
        votes = self.t_[nearest]
        n_classes = int(self.t_.max()) + 1
        counts = np.zeros((X.shape[0], n_classes), dtype=int)
        np.add.at(counts, (np.arange(X.shape[0])[:, None], votes), 1)
        return counts.argmax(axis=1)


@dataclass
class BanditResult:
    """What an epsilon-greedy agent did on a multi-armed bandit.

    Attributes
    ----------
    Q : ndarray of shape (n_steps + 1, n_arms)
        Estimated action values before the first step (zeros) and after every
        step.
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
        raise ValueError(
            f"epsilon must lie in [0, 1]; got epsilon={epsilon!r}"
        )
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
