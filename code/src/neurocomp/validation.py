"""Model validation: hold-out splits, k-fold cross-validation and error
measures.

Chapter *Regularisation* (Part II) explains why the error on the training data
is a biased estimate of the error on new data and how a hold-out set or k-fold
cross-validation give an honest one. The functions work with any learner that
follows the book's convention (``fit(X, y) -> self`` and ``predict(X)``), and
the classification chapters reuse train_test_split and kfold_indices.
"""

from __future__ import annotations

import copy
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from .utils import SeedLike, as_generator, check_array, check_bool, check_int

__all__ = [
    "train_test_split",
    "kfold_indices",
    "cross_validate",
    "mean_squared_error",
]


def _check_samples(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Check that ``X`` and ``y`` are arrays with the same number of samples.

    The dtypes are kept (class labels may be integers or strings), and ``X``
    may have any number of dimensions >= 1 (images are fine): splitting only
    indexes axis 0.
    """
    X = check_array(X, "X", dtype=None, min_samples=1)
    y = check_array(y, "y", dtype=None, min_samples=1)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(
            "X and y must have at least one dimension (the samples)"
        )
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            "X and y must have the same number of samples; got X with "
            f"{X.shape[0]} "
            f"rows and y with {y.shape[0]}"
        )
    return X, y


def _n_test(test_size: Any, n_samples: int) -> int:
    """Turn ``test_size`` (a fraction or a count) into a number of test
    samples."""
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real):
        raise TypeError(
            f"test_size must be a float in (0, 1) or an int; got {test_size!r}"
        )
    if isinstance(test_size, numbers.Integral):
        n_test = int(test_size)
    elif 0.0 < test_size < 1.0:
        n_test = int(np.ceil(test_size * n_samples))
    else:
        raise ValueError(
            "test_size must be a fraction in (0, 1); got "
            f"test_size={test_size!r}"
        )
    if not 1 <= n_test <= n_samples - 1:
        raise ValueError(
            "test_size must leave at least one training and one test sample; "
            "got "
            f"test_size={test_size!r} for {n_samples} samples"
        )
    return n_test


def train_test_split(
    X: Any, y: Any, test_size: float | int = 0.25, seed: SeedLike = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split a data set at random into a training and a hold-out (test) part.

    A random permutation π of the indices 0, ..., N-1 is drawn;
    the first N_test permuted samples form the test set and the rest the
    training set, so that both are unbiased samples of the data (chapter
    *Regularisation*).

    Parameters
    ----------
    X : array_like, shape (n_samples, ...)
        Inputs; any number of dimensions, split along the first axis.
    y : array_like, shape (n_samples, ...)
        Targets or labels (their dtype is kept).
    test_size : float or int
        Fraction of the samples in ``(0, 1)`` (rounded up) or their number.
    seed : int, numpy.random.Generator or None
        Seed of the permutation; the same seed gives the same split.

    Returns
    -------
    X_train, X_test, y_train, y_test : numpy.ndarray
    """
    X, y = _check_samples(X, y)
    n_test = _n_test(test_size, X.shape[0])
    perm = as_generator(seed).permutation(X.shape[0])
    test, train = perm[:n_test], perm[n_test:]
    return X[train], X[test], y[train], y[test]


def kfold_indices(
    n_samples: int, k: int = 5, seed: SeedLike = None, *, shuffle: bool = True
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Index pairs ``(train, test)`` of k-fold cross-validation.

    The (shuffled) indices are cut into ``k`` folds whose sizes differ by at
    most one; fold j is the test set of split j and the other ``k - 1`` folds
    its training set. Every sample is tested exactly once (chapter
    *Regularisation*).

    Parameters
    ----------
    n_samples : int
        Number of samples N.
    k : int
        Number of folds, ``2 <= k <= n_samples``.
    seed : int, numpy.random.Generator or None
        Seed of the shuffle.
    shuffle : bool
        Shuffle the indices before cutting them (``False``: contiguous folds).

    Returns
    -------
    list of (numpy.ndarray, numpy.ndarray)
        ``k`` pairs of integer index arrays (training indices sorted).
    """
    n_samples = check_int(n_samples, "n_samples", minimum=2)
    k = check_int(k, "k", minimum=2)
    if k > n_samples:
        raise ValueError(f"k must be at most n_samples={n_samples}; got k={k}")
    shuffle = check_bool(shuffle, "shuffle")
    order = (
        as_generator(seed).permutation(n_samples)
        if shuffle
        else np.arange(n_samples)
    )
    folds = np.array_split(order, k)
    splits = []
    for j, test in enumerate(folds):
        train = np.sort(
            np.concatenate([f for i, f in enumerate(folds) if i != j])
        )
        splits.append((train, test))
    return splits


def mean_squared_error(y_true: Any, y_pred: Any) -> float:
    """Mean squared error (1/N) Σ_i (t_i − y_i)².

    Parameters
    ----------
    y_true, y_pred : array_like of the same shape
        Targets t_i and predictions y_i (chapter *Linear regression*).

    Returns
    -------
    float
    """
    y_true = check_array(y_true, "y_true", min_samples=1)
    y_pred = check_array(y_pred, "y_pred", min_samples=1)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape; got {y_true.shape} "
            "and "
            f"{y_pred.shape}"
        )
    return float(np.mean((y_true - y_pred) ** 2))


def cross_validate(
    model: Any,
    X: Any,
    y: Any,
    k: int = 5,
    seed: SeedLike = None,
    metric: Callable[[np.ndarray, np.ndarray], float] = mean_squared_error,
) -> np.ndarray:
    """Score a learner by k-fold cross-validation.

    For every split of kfold_indices, a fresh copy of ``model``
    (copy.deepcopy, so the caller's object is never fitted) is trained on the
    ``k - 1`` training folds and scored on the held-out fold:
    E_j = metric(t of fold j, y of fold j). The
    cross-validation estimate is the mean of the returned scores.

    Parameters
    ----------
    model : object
        A learner with ``fit(X, y)`` and ``predict(X)``.
    X, y : array_like
        Data, split along the first axis.
    k : int
        Number of folds.
    seed : int, numpy.random.Generator or None
        Seed of the fold assignment.
    metric : callable
        ``metric(y_true, y_pred) -> float``; mean squared error by default.

    Returns
    -------
    numpy.ndarray, shape (k,)
        The score of every fold.
    """
    if not (
        callable(getattr(model, "fit", None))
        and callable(getattr(model, "predict", None))
    ):
        raise TypeError(
            "model must have fit(X, y) and predict(X) methods; got "
            f"{type(model).__name__}"
        )
    if not callable(metric):
        raise TypeError(
            "metric must be callable as metric(y_true, y_pred); got "
            f"{metric!r}"
        )
    X, y = _check_samples(X, y)
    k = check_int(k, "k", minimum=2)
    if k > X.shape[0]:
        raise ValueError(
            f"k must be at most the number of samples in X ({X.shape[0]}); "
            f"got k={k}"
        )
    scores = []
    for train, test in kfold_indices(X.shape[0], k, seed):
        fitted = copy.deepcopy(model)
        fitted.fit(X[train], y[train])
        scores.append(float(metric(y[test], fitted.predict(X[test]))))
    return np.asarray(scores)
